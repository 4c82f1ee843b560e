"""SSRF through "scan any site": POST /api/v1/optimize and the scan task refuse every
target inside, however it is written, and open no connection to it.

Each target is tried twice: through the API (refused at the edge with a sentence, no scan
row), and straight through the task on a row that skipped the edge (so the fetcher's own
checks are proven too: the scan fails with a sentence). A listener on 127.0.0.1 and ::1
proves nothing reached the targets that name its port, and every socket connect in the
process is recorded, so the targets that cannot name our port (10.x, metadata) are covered.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from functools import partial
from typing import Any

import pytest
from django.test import Client

from code24 import net
from code24.accounts.models import Account, Plan
from optimization import tasks
from optimization.models import Scan
from tests.factories import make_api_key
from tests.optimization.conftest import SiteServer, post_json
from tests.optimization.conftest import site_server as site_server  # a fixture
from tests.security.conftest import on_plan
from tests.security.test_ssrf import loopback_only


class Listener:
    """A listening TCP socket; ``accepted()`` says whether anything connected to it."""

    def __init__(self, family: int, host: str) -> None:
        self.sock = socket.socket(family, socket.SOCK_STREAM)
        self.sock.bind((host, 0))
        self.sock.listen(16)
        self.sock.setblocking(False)
        self.port = self.sock.getsockname()[1]

    def accepted(self) -> int:
        count = 0
        while True:
            try:
                conn, _ = self.sock.accept()
            except BlockingIOError:
                return count
            conn.close()
            count += 1

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def v4() -> Iterator[Listener]:
    listener = Listener(socket.AF_INET, "127.0.0.1")
    yield listener
    listener.close()


@pytest.fixture
def v6() -> Iterator[Listener]:
    try:
        listener = Listener(socket.AF_INET6, "::1")
    except OSError:
        pytest.skip("this machine has no IPv6 loopback")
    yield listener
    listener.close()


@pytest.fixture
def connects(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every address a socket of this process tries to connect to during the test."""
    tried: list[Any] = []
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def connect(self: socket.socket, address: Any) -> Any:
        tried.append(address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> Any:
        tried.append(address)
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    return tried


@pytest.fixture
def account(alice_account: Account) -> Account:
    return on_plan(alice_account, Plan.PROFESSIONAL)


@pytest.fixture
def api(account: Account) -> Client:
    _, raw = make_api_key(account)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


# {4}: the IPv4 listener's port, {6}: the IPv6 one's. The fetcher's sentence for each.
PRIVATE = "private or reserved network address"
SCHEME = "only http:// and https:// addresses"
TARGETS = [
    ("http://127.0.0.1:{4}/", PRIVATE),  # loopback
    ("http://127.1:{4}/", PRIVATE),  # loopback, short form
    ("http://[::1]:{6}/", PRIVATE),
    ("http://localhost:{4}/", PRIVATE),
    ("http://foo.localhost:{4}/", PRIVATE),  # RFC 6761: every *.localhost is loopback
    ("http://LOCALHOST.:{4}/", PRIVATE),
    ("http://10.0.0.1/", PRIVATE),  # private
    ("http://172.16.0.1/", PRIVATE),
    ("http://192.168.1.1:8080/", PRIVATE),
    ("http://169.254.10.1/", PRIVATE),  # link-local
    ("http://169.254.169.254/latest/meta-data/", PRIVATE),  # cloud metadata
    ("http://[fd00:ec2::254]/latest/meta-data/", PRIVATE),  # AWS metadata over IPv6
    ("http://100.100.100.200/", PRIVATE),  # Alibaba's metadata (shared address space)
    ("http://2130706433:{4}/", PRIVATE),  # 127.0.0.1 as one decimal number
    ("http://0x7f000001:{4}/", PRIVATE),  # hexadecimal
    ("http://0x7f.1:{4}/", PRIVATE),
    ("http://0177.0.0.1:{4}/", PRIVATE),  # octal
    ("http://[::ffff:127.0.0.1]:{4}/", PRIVATE),  # IPv4-mapped IPv6
    ("http://[::ffff:7f00:1]:{4}/", PRIVATE),
    ("http://0.0.0.0:{4}/", PRIVATE),  # "this host": Linux connects it to loopback
    ("http://[::]:{6}/", PRIVATE),
    ("http://[fe80::1%25lo]:{6}/", PRIVATE),  # link-local with a zone
    ("file:///etc/passwd", SCHEME),
    ("ftp://127.0.0.1:{4}/", SCHEME),
    ("gopher://127.0.0.1:{4}/_SLAVEOF", SCHEME),
    ("javascript:alert(document.domain)", SCHEME),
    ("data:text/html,<script>alert(1)</script>", SCHEME),
    ("dict://127.0.0.1:{4}/info", SCHEME),
    ("http://user:pass@127.0.0.1:{4}/", "user name or password"),
    ("http://shop.example:25/", "port 25"),  # SMTP: odd ports are refused before any lookup
    ("http://shop.example:22/", "port 22"),  # SSH
    ("http://127.0.0.1:6379/", PRIVATE),  # Redis on loopback
]


def _url(template: str, v4: Listener, v6: Listener) -> str:
    return template.replace("{4}", str(v4.port)).replace("{6}", str(v6.port))


@pytest.mark.parametrize(("template", "reason"), TARGETS)
def test_refused_targets_through_the_api_open_no_connection(
    template: str,
    reason: str,
    api: Client,
    v4: Listener,
    v6: Listener,
    connects: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    url = _url(template, v4, v6)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(api, "/api/v1/optimize", {"url": url})

    assert response.status_code == 422, response.content
    assert response.json()["error"]["message"].endswith(".")
    assert not Scan.objects.exists()
    assert connects == []
    assert v4.accepted() == 0 and v6.accepted() == 0


@pytest.mark.parametrize(("template", "reason"), TARGETS)
def test_refused_targets_in_the_task_fail_the_scan_and_open_no_connection(
    template: str, reason: str, account: Account, v4: Listener, v6: Listener, connects: list[Any]
) -> None:
    """A row that skipped the edge check: the scan's own fetcher refuses it."""
    scan = Scan.objects.create(account=account, url=_url(template, v4, v6))

    tasks.scan_run(scan.pk)  # never raises

    scan.refresh_from_db()
    assert scan.status == "failed"
    assert reason in scan.error
    assert scan.health is None
    assert connects == []
    assert v4.accepted() == 0 and v6.accepted() == 0


def test_a_name_that_resolves_to_a_private_address_is_refused(
    api: Client,
    v4: Listener,
    connects: list[Any],
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The edge cannot know what a name points to; the fetcher resolves it and refuses.

    The tests never ask a real resolver (tests/conftest.py), and net.fetch resolves through
    ``socket.getaddrinfo``, so this test answers the lookups itself: ``intranet.example``
    is 127.0.0.1 (where our listener waits), ``metadata.example`` 169.254.169.254."""
    answers = {"intranet.example": "127.0.0.1", "metadata.example": "169.254.169.254"}

    def lookup(host: str, port: Any, *args: Any, **kwargs: Any) -> Any:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answers[host], port))]

    monkeypatch.setattr(net.socket, "getaddrinfo", lookup)
    for name in answers:
        with django_capture_on_commit_callbacks(execute=True):
            response = post_json(api, "/api/v1/optimize", {"url": f"http://{name}:{v4.port}/"})
        assert response.status_code == 202  # a name passes the edge

        body = api.get(response.json()["result_url"]).json()
        assert body["status"] == "failed"
        assert f"{name} points to {answers[name]}" in body["error"]
        assert PRIVATE in body["error"]
    assert connects == []
    assert v4.accepted() == 0


@pytest.mark.parametrize(
    "location",
    [
        "http://10.0.0.1/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://0x0a000001/",  # 10.0.0.1 in hexadecimal
        "http://[::1]:{6}/",
        "http://127.0.0.2:{4}/",
        "file:///etc/passwd",
    ],
)
def test_a_redirect_to_a_private_address_is_refused(
    location: str,
    account: Account,
    site_server: SiteServer,
    v4: Listener,
    v6: Listener,
    connects: list[Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A public first hop is impossible offline, so this test makes one: ``public.test``
    resolves to our server on 127.0.0.1, and the task's fetcher counts exactly that one
    address as public (loopback_only). Every other address keeps the strict rule, so the
    redirect the server answers must be refused, and only the first hop is connected to."""

    real = socket.getaddrinfo

    def lookup(host: str, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "public.test":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
        if host[:1].isdigit() or ":" in host:  # an address, in any spelling: no DNS asked
            return real(host, port, *args, **kwargs)
        raise socket.gaierror(f"{host}: not in this test's DNS")

    monkeypatch.setattr(net.socket, "getaddrinfo", lookup)
    monkeypatch.setattr(tasks, "FETCH", partial(net.fetch, allow_address=loopback_only))
    target = _url(location, v4, v6)
    site_server.routes["/"] = (302, {"Location": target}, b"")
    scan = Scan.objects.create(account=account, url=f"http://public.test:{site_server.port}/")

    tasks.scan_run(scan.pk)

    scan.refresh_from_db()
    assert scan.status == "failed"
    assert "redirects to another address" in scan.error
    assert {address[1] for address in connects} == {site_server.port}  # the first hop only
    assert v4.accepted() == 0 and v6.accepted() == 0
