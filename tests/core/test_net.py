"""The SSRF-safe fetcher: its address policy, pinning, redirects and caps.

The local test server is on loopback, which the strict policy refuses by design; tests
that need to reach it pass ``allow_address`` explicitly, and the strict policy is tested
on its own.
"""

from __future__ import annotations

import ipaddress
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from code24 import net
from code24.net import FetchFailed, FetchRefused, fetch, is_public_address

PAGE = b"<!doctype html><title>Hello</title><h1>Hello</h1>"


def loopback_only(address: net.IPAddress) -> bool:
    return address == ipaddress.ip_address("127.0.0.1")


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that stops reading (the caps) is expected here


class Server:
    """A loopback HTTP server with the routes the tests need; records what it was asked."""

    def __init__(self) -> None:
        self.requests: list[dict[str, str]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                server.requests.append({"path": self.path, "host": self.headers["Host"]})
                name = self.path.strip("/").split("?")[0].replace("-", "_")
                route = getattr(server, "route_" + name, None)
                if route is None:
                    self.answer(404, b"not here")
                else:
                    route(self)

            def answer(self, status: int, body: bytes, **headers: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", headers.pop("type", "text/html; charset=utf-8"))
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers.items():
                    self.send_header(name.replace("_", "-"), value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = QuietServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    # routes: /page, /r1 -> /r2 -> /page, /loop, /to-private, /big, /exact, /slow, /pdf

    def route_page(self, h: Any) -> None:
        h.answer(200, PAGE, X_Test="yes")

    def route_r1(self, h: Any) -> None:
        h.answer(302, b"", Location="/r2")

    def route_r2(self, h: Any) -> None:
        h.answer(301, b"", Location=f"http://127.0.0.1:{self.port}/page")

    def route_loop(self, h: Any) -> None:
        h.answer(302, b"", Location="/loop")

    def route_to_private(self, h: Any) -> None:
        h.answer(302, b"", Location="http://10.0.0.7/admin")

    def route_to_metadata(self, h: Any) -> None:
        h.answer(307, b"", Location="http://169.254.169.254/latest/meta-data/")

    def route_to_file(self, h: Any) -> None:
        h.answer(302, b"", Location="file:///etc/passwd")

    def route_big(self, h: Any) -> None:
        h.answer(200, b"x" * 3_000_000)

    def route_exact(self, h: Any) -> None:
        h.answer(200, b"y" * 1000)

    def route_pdf(self, h: Any) -> None:
        h.answer(200, b"%PDF-1.4", type="application/pdf")

    def route_slow(self, h: Any) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "100000")
        h.end_headers()
        try:
            for _ in range(200):  # bounded: 20 s at most, the test gives up after ~1 s
                h.wfile.write(b"<p>")
                h.wfile.flush()
                time.sleep(0.1)
        except OSError:
            pass

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    running = Server()
    yield running
    running.close()


@pytest.fixture
def local(server: Server) -> Server:
    server.requests.clear()
    return server


def fake_dns(monkeypatch: pytest.MonkeyPatch, tables: dict[str, list[str]]) -> list[str]:
    """Make getaddrinfo answer from ``table``; returns the names looked up, in order."""
    asked: list[str] = []

    def getaddrinfo(host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        try:  # the connection itself resolves the pinned IP literal: pass that through
            table = {host: [str(ipaddress.ip_address(host))], **tables}
        except ValueError:
            asked.append(host)
            table = tables
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (
                socket.AF_INET6 if ":" in ip else socket.AF_INET,
                socket.SOCK_STREAM,
                6,
                "",
                (ip, port, 0, 0) if ":" in ip else (ip, port),
            )
            for ip in table[host]
        ]

    monkeypatch.setattr(net.socket, "getaddrinfo", getaddrinfo)
    return asked


# --- the strict policy ----------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.8.9.10",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",  # noqa: S104 - an address to refuse, not to bind
        "224.0.1.1",
        "255.255.255.255",
        "240.0.0.1",
        "::1",
        "::",
        "fe80::1",
        "fd00::1",
        "ff0e::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
        "2002:a00:1::1",  # 6to4 of 10.0.0.1
    ],
)
def test_strict_policy_refuses_non_public_addresses(address: str) -> None:
    assert not is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "2606:4700::1111", "93.184.215.14"])
def test_strict_policy_allows_public_addresses(address: str) -> None:
    assert is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
        "http://2130706433/",  # 127.0.0.1 written as a number
        "http://localhost/",
    ],
)
def test_strict_fetch_refuses_local_and_private_hosts(url: str) -> None:
    with pytest.raises(FetchRefused, match="private or reserved network address"):
        fetch(url, total_timeout=5)


def test_strict_fetch_refuses_the_running_loopback_server(local: Server) -> None:
    with pytest.raises(FetchRefused):
        fetch(local.url + "/page")
    assert local.requests == []  # nothing was sent


def test_hostname_resolving_to_a_private_address_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake_dns(monkeypatch, {"intranet.example.com": ["192.168.0.10"]})
    with pytest.raises(FetchRefused) as caught:
        fetch("https://intranet.example.com/")
    assert "intranet.example.com points to 192.168.0.10" in str(caught.value)


def test_every_resolved_address_must_be_public(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_dns(monkeypatch, {"mixed.example.com": ["93.184.215.14", "10.0.0.5"]})
    with pytest.raises(FetchRefused, match=r"10\.0\.0\.5"):
        fetch("http://mixed.example.com/")


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("file:///etc/passwd", "a file: address"),
        ("ftp://example.com/x", "a ftp: address"),
        ("gopher://example.com/", "a gopher: address"),
        ("javascript:alert(1)", "a javascript: address"),
        ("data:text/html,<p>x</p>", "a data: address"),
        ("example.com", "not a full web address"),
        ("http:///nohost", "has no host name"),
        ("http://exa mple.com/", "spaces or control characters"),
        ("http://example.com:99999/", "not a valid web address"),
    ],
)
def test_other_schemes_and_malformed_urls_are_refused(url: str, words: str) -> None:
    with pytest.raises(FetchRefused) as caught:
        fetch(url)
    assert words in str(caught.value)


def test_international_host_names_are_looked_up_in_their_ascii_form(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked = fake_dns(monkeypatch, {"xn--mnchen-3ya.example": ["10.0.0.1"]})
    with pytest.raises(FetchRefused, match="private"):
        fetch("http://münchen.example/")
    assert asked == ["xn--mnchen-3ya.example"]


def test_credentials_in_the_url_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    asked = fake_dns(monkeypatch, {})
    with pytest.raises(FetchRefused, match="user name or password"):
        fetch("https://admin:secret@example.com/")
    assert asked == []


# --- fetching (loopback allowed explicitly) -------------------------------------------


def test_fetches_a_page(local: Server) -> None:
    result = fetch(local.url + "/page", allow_address=loopback_only)
    assert result.status == 200
    assert result.body == PAGE
    assert result.truncated is False
    assert result.content_type == "text/html"
    assert result.headers["x-test"] == "yes"
    assert result.text().startswith("<!doctype html>")
    assert result.final_url == local.url + "/page"


def test_connection_is_pinned_to_the_checked_address(
    local: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The name is resolved once, the checked IP is dialled, the Host header keeps the name."""
    asked = fake_dns(monkeypatch, {"shop.example.test": ["127.0.0.1"]})
    result = fetch(f"http://shop.example.test:{local.port}/page", allow_address=loopback_only)
    assert result.body == PAGE
    assert asked == ["shop.example.test"]
    assert local.requests == [{"path": "/page", "host": f"shop.example.test:{local.port}"}]


def test_https_sends_the_hostname_as_sni_and_verifies_the_certificate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=secure.example.test", "-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    seen: list[str | None] = []
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    def record_sni(sock: ssl.SSLObject, name: str | None, ctx: ssl.SSLContext) -> None:
        seen.append(name)

    context.sni_callback = record_sni
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def accept_one() -> None:
        conn, _ = listener.accept()
        try:
            with context.wrap_socket(conn, server_side=True):
                pass
        except (ssl.SSLError, OSError):
            pass  # the client rejects our self-signed certificate

    thread = threading.Thread(target=accept_one, daemon=True)
    thread.start()
    fake_dns(monkeypatch, {"secure.example.test": ["127.0.0.1"]})
    try:
        with pytest.raises(FetchFailed, match="security certificate"):
            fetch(f"https://secure.example.test:{port}/", allow_address=loopback_only)
    finally:
        thread.join(5)
        listener.close()
    assert seen == ["secure.example.test"]


def test_redirects_are_followed_and_recorded(local: Server) -> None:
    result = fetch(local.url + "/r1", allow_address=loopback_only)
    assert result.status == 200
    assert result.body == PAGE
    assert result.final_url == local.url + "/page"
    assert result.redirects == [local.url + "/r2", local.url + "/page"]


def test_redirect_to_a_private_address_is_refused(local: Server) -> None:
    with pytest.raises(FetchRefused) as caught:
        fetch(local.url + "/to-private", allow_address=loopback_only)
    assert "redirects to another address" in str(caught.value)
    assert "private or reserved" in str(caught.value)


def test_redirect_to_the_metadata_service_is_refused(local: Server) -> None:
    with pytest.raises(FetchRefused, match=r"169\.254\.169\.254"):
        fetch(local.url + "/to-metadata", allow_address=loopback_only)


def test_redirect_to_another_scheme_is_refused(local: Server) -> None:
    with pytest.raises(FetchRefused, match="file: address"):
        fetch(local.url + "/to-file", allow_address=loopback_only)


def test_redirect_loops_stop(local: Server) -> None:
    with pytest.raises(FetchFailed, match="more than 3 times"):
        fetch(local.url + "/loop", allow_address=loopback_only, max_redirects=3)
    assert len(local.requests) == 4


def test_body_is_capped(local: Server) -> None:
    started = time.monotonic()
    result = fetch(local.url + "/big", allow_address=loopback_only, max_bytes=10_000)
    assert len(result.body) == 10_000
    assert result.truncated is True
    assert time.monotonic() - started < 5


def test_body_exactly_at_the_cap_is_not_truncated(local: Server) -> None:
    result = fetch(local.url + "/exact", allow_address=loopback_only, max_bytes=1000)
    assert len(result.body) == 1000
    assert result.truncated is False


def test_total_time_is_capped(local: Server) -> None:
    started = time.monotonic()
    with pytest.raises(FetchFailed, match="longer than 1 seconds"):
        fetch(local.url + "/slow", allow_address=loopback_only, total_timeout=1)
    assert time.monotonic() - started < 3


def test_a_server_that_never_answers_is_timed_out() -> None:
    listener = socket.create_server(("127.0.0.1", 0))  # accepts (backlog), never answers
    try:
        started = time.monotonic()
        with pytest.raises(FetchFailed, match="longer than 1 seconds"):
            fetch(
                f"http://127.0.0.1:{listener.getsockname()[1]}/",
                allow_address=loopback_only,
                total_timeout=1,
            )
        assert time.monotonic() - started < 3
    finally:
        listener.close()


def test_content_type_allow_list(local: Server) -> None:
    with pytest.raises(FetchRefused, match="is a PDF document, not a web page"):
        fetch(local.url + "/pdf", allow_address=loopback_only, allowed_types={"text/html"})
    assert fetch(local.url + "/page", allow_address=loopback_only, allowed_types={"text/html"})


def test_error_statuses_are_results_not_exceptions(local: Server) -> None:
    result = fetch(local.url + "/missing", allow_address=loopback_only)
    assert result.status == 404


def test_unknown_host_fails_with_a_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_dns(monkeypatch, {})
    with pytest.raises(FetchFailed, match="could not be found; check the address for typos"):
        fetch("https://no-such-host.example.com/")


def test_closed_port_fails_with_a_sentence() -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    listener.close()
    with pytest.raises(FetchFailed, match="refused the connection"):
        fetch(f"http://127.0.0.1:{port}/", allow_address=loopback_only)
