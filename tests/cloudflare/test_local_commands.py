"""The management commands: cloudflare_setup (idempotent) and local_cloudflare (the
process the run command starts)."""

from __future__ import annotations

import io
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dns.message
import dns.query
import httpx
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from code24.cloudflare.client import KV_PURPOSES, LOCAL_API_TOKEN, Client
from code24.cloudflare.local import LocalCloudflare
from code24.cloudflare.local.dns import LocalDNS
from code24.cloudflare.management.commands.local_cloudflare import Command

DISPATCHER_JS = "export default { async fetch(request, env) { return new Response('dispatcher') } }"


@pytest.fixture
def dispatcher(tmp_path: Path) -> Path:
    path = tmp_path / "dispatcher.js"
    path.write_text(DISPATCHER_JS)
    return path


@pytest.fixture
def local_settings(settings: Any, local_cloudflare: LocalCloudflare) -> Any:
    settings.CLOUDFLARE_API_TOKEN = ""
    settings.CLOUDFLARE_BASE_URL = local_cloudflare.url
    for name in ("CLOUDFLARE_KV_ROUTES", "CLOUDFLARE_KV_METADATA", "CLOUDFLARE_KV_CACHE"):
        setattr(settings, name, "")
    return settings


def setup(dispatcher: Path) -> str:
    out = io.StringIO()
    call_command("cloudflare_setup", dispatcher=dispatcher, stdout=out)
    return out.getvalue()


def test_setup_creates_everything_and_uploads_the_dispatcher(
    local_settings: Any,
    local_cloudflare: LocalCloudflare,
    dispatcher: Path,
    snapshots: list[dict[str, Any]],
) -> None:
    output = setup(dispatcher)
    client = Client.from_settings(base_url=local_cloudflare.url)
    kv_ids = {purpose: client.kv_namespace_id(purpose) for purpose in KV_PURPOSES}
    for purpose, namespace_id in kv_ids.items():
        assert f"KV {purpose}: {namespace_id}" in output
    assert f"Dispatch namespace {settings.CLOUDFLARE_DISPATCH_NAMESPACE}: ready" in output
    assert f"Fallback origin {settings.CLOUDFLARE_FALLBACK_ORIGIN}: initializing" in output
    assert "found by their titles: no settings needed" in output
    dispatcher_view = snapshots[-1]["dispatcher"]
    assert dispatcher_view["name"] == settings.CLOUDFLARE_DISPATCHER_NAME
    main = dispatcher_view["main_module"]
    assert {module["name"]: module["text"] for module in dispatcher_view["modules"]}[main] == (
        DISPATCHER_JS
    )
    bindings = {binding["name"]: binding for binding in dispatcher_view["bindings"]}
    assert bindings["ROUTES"] == {
        "type": "kv_namespace",
        "name": "ROUTES",
        "namespace_id": kv_ids["routes"],
    }
    assert bindings["DISPATCHER"] == {
        "type": "dispatch_namespace",
        "name": "DISPATCHER",
        "namespace": settings.CLOUDFLARE_DISPATCH_NAMESPACE,
    }


def test_setup_uploads_the_real_dispatcher_by_default(
    local_settings: Any, snapshots: list[dict[str, Any]]
) -> None:
    out = io.StringIO()
    call_command("cloudflare_setup", stdout=out)
    assert "Dispatcher code24-dispatcher: uploaded" in out.getvalue()
    main = snapshots[-1]["dispatcher"]["main_module"]
    text = {m["name"]: m["text"] for m in snapshots[-1]["dispatcher"]["modules"]}[main]
    assert text == (settings.BASE_DIR / "code24/cloudflare/workers/dispatcher.js").read_text()


def test_setup_twice_changes_nothing(
    local_settings: Any, local_cloudflare: LocalCloudflare, dispatcher: Path
) -> None:
    first = setup(dispatcher)
    local_cloudflare.check()
    second = setup(dispatcher)
    client = Client.from_settings(base_url=local_cloudflare.url)
    assert len(list(client.kv_namespaces())) == 3
    assert [line for line in first.splitlines() if line.startswith("KV ")] == [
        line for line in second.splitlines() if line.startswith("KV ")
    ]
    # The fallback origin is left alone (not reset to initializing) when it is right.
    assert local_cloudflare.request_count("PUT", "/client/v4/zones/") == 1


def test_setup_for_a_real_account_prints_the_settings_to_set(
    settings: Any, make_local_cloudflare: Callable[..., LocalCloudflare], dispatcher: Path
) -> None:
    account = make_local_cloudflare(token="a-real-looking-token")  # stands in for Cloudflare
    settings.CLOUDFLARE_API_TOKEN = "a-real-looking-token"
    settings.CLOUDFLARE_BASE_URL = account.url
    settings.CLOUDFLARE_KV_ROUTES = ""
    settings.CLOUDFLARE_KV_METADATA = ""
    settings.CLOUDFLARE_KV_CACHE = ""
    output = setup(dispatcher)
    assert "Put these in the environment" in output
    for name in ("CLOUDFLARE_KV_ROUTES", "CLOUDFLARE_KV_METADATA", "CLOUDFLARE_KV_CACHE"):
        assert f"  {name}=" in output
    assert "a-real-looking-token" not in output


def test_setup_without_a_dispatcher_says_so(local_settings: Any, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="does not exist"):
        call_command("cloudflare_setup", dispatcher=tmp_path / "missing.js", stdout=io.StringIO())


def test_setup_reports_cloudflare_refusals(
    local_settings: Any, local_cloudflare: LocalCloudflare, dispatcher: Path
) -> None:
    local_cloudflare.faults.add(path="/client/v4/accounts/", status=403, code=10000, times=None)
    with pytest.raises(CommandError, match="Cloudflare refused"):
        setup(dispatcher)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_local_cloudflare_command_serves_sets_up_and_stops_on_sigterm(tmp_path: Path) -> None:
    port = free_port()
    dns_port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "code24.settings",
        "CLOUDFLARE_API_TOKEN": "",
        "CLOUDFLARE_BASE_URL": "",
        "LOCAL_CLOUDFLARE_PORT": str(port),
        "LOCAL_CLOUDFLARE_STATE_DIR": str(tmp_path / "state"),
        "LOCAL_CLOUDFLARE_CONTROL": "true",
        "LOCAL_DNS_PORT": str(dns_port),
        "LOCAL_CLOUDFLARE_DNS": "",  # the default: the local DNS server the command starts
    }
    process = subprocess.Popen(
        [sys.executable, "manage.py", "local_cloudflare", "--no-edge"],
        cwd=Path(settings.BASE_DIR),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None
    stdout = process.stdout

    def read() -> None:
        for line in stdout:
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    seen: list[str] = []
    try:
        deadline = time.monotonic() + 30
        while not any(line.startswith("Fallback origin") for line in seen):
            seen.append(lines.get(timeout=max(0.1, deadline - time.monotonic())))
        assert f"Local Cloudflare API: http://127.0.0.1:{port}/client/v4\n" in seen
        assert any(line.startswith("Control API:") for line in seen)
        assert f"Local DNS server: 127.0.0.1:{dns_port} (udp and tcp)\n" in seen
        assert f"Local DNS provider: http://127.0.0.1:{port}/__local__/dns\n" in seen
        query = dns.message.make_query(settings.CLOUDFLARE_FALLBACK_ORIGIN, "A")
        reply = dns.query.udp(query, "127.0.0.1", port=dns_port, timeout=2)
        assert [item.to_text() for rrset in reply.answer for item in rrset] == ["127.0.0.1"]
        records = httpx.get(f"http://127.0.0.1:{port}/__local__/dns/records").json()
        assert {(item["name"], item["type"]) for item in records} == {
            (settings.CLOUDFLARE_FALLBACK_ORIGIN, "A"),
            (f"*.{settings.PLATFORM_DOMAIN}", "A"),
        }
        namespace = (
            f"http://127.0.0.1:{port}/client/v4/accounts/{settings.CLOUDFLARE_ACCOUNT_ID}"
            f"/workers/dispatch/namespaces/{settings.CLOUDFLARE_DISPATCH_NAMESPACE}"
        )
        answer = httpx.get(namespace, headers={"Authorization": f"Bearer {LOCAL_API_TOKEN}"})
        assert answer.status_code == 200
        wrong = httpx.get(namespace, headers={"Authorization": "Bearer anything"})
        assert wrong.status_code == 401 and wrong.json()["errors"][0]["code"] == 10000
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)
    assert process.returncode == 0
    assert (tmp_path / "state" / "cloudflare.sqlite3").is_file()
    assert (tmp_path / "state" / "dns.json").is_file()


def test_the_dns_server_gets_the_platform_records_once_on_every_start(
    settings: Any, tmp_path: Path
) -> None:
    settings.LOCAL_DNS_PORT = 0
    command = Command(stdout=io.StringIO(), stderr=io.StringIO())
    for _ in range(2):
        server = command._start_dns(tmp_path)
        server.add("www.bakery.localhost", "CNAME", settings.CLOUDFLARE_FALLBACK_ORIGIN)
        server.stop()
    with LocalDNS(path=tmp_path / "dns.json") as reopened:
        assert sorted((item.name, item.type, item.value) for item in reopened.records.all()) == [
            (f"*.{settings.PLATFORM_DOMAIN}", "A", "127.0.0.1"),
            (settings.CLOUDFLARE_FALLBACK_ORIGIN, "A", "127.0.0.1"),
            ("www.bakery.localhost", "CNAME", settings.CLOUDFLARE_FALLBACK_ORIGIN),
        ]


def test_a_record_of_the_users_in_the_way_is_kept_and_said(settings: Any, tmp_path: Path) -> None:
    settings.LOCAL_DNS_PORT = 0
    with LocalDNS(path=tmp_path / "dns.json") as earlier:
        earlier.add(settings.CLOUDFLARE_FALLBACK_ORIGIN, "CNAME", "elsewhere.localhost")
    errors = io.StringIO()
    server = Command(stdout=io.StringIO(), stderr=errors)._start_dns(tmp_path)
    server.stop()
    assert f"keeps its own record for {settings.CLOUDFLARE_FALLBACK_ORIGIN}" in errors.getvalue()


def test_a_busy_dns_port_is_a_clear_error(
    settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(signal, "signal", lambda *args: None)  # keep pytest's handlers
    settings.CLOUDFLARE_API_TOKEN = ""
    with LocalDNS() as taken:
        settings.LOCAL_DNS_PORT = taken.port
        with pytest.raises(CommandError, match="Set LOCAL_DNS_PORT to a free port") as raised:
            call_command(
                "local_cloudflare",
                "--no-edge",
                "--port=0",
                f"--state-dir={tmp_path}",
                stdout=io.StringIO(),
            )
    assert f"127.0.0.1:{taken.port}" in str(raised.value)
