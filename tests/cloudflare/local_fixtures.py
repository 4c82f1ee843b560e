"""Fixtures for the local Cloudflare's tests: a running local Cloudflare (free loopback port,
temporary state), a client pointed at it, a local DNS server and an HTTP token server."""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from code24.cloudflare.client import KV_PURPOSES, LOCAL_API_TOKEN, Client, RetryPolicy
from code24.cloudflare.local import LocalCloudflare
from code24.cloudflare.local.dns import LocalDNS
from code24.cloudflare.local.edge import fold

FAST_RETRY = RetryPolicy(attempts=4, base_delay=0.01, max_delay=0.5)


def wait_until(predicate: Callable[[], Any], timeout: float = 5.0, interval: float = 0.02) -> Any:
    """Poll until ``predicate()`` is truthy; return its value or fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"Condition not met within {timeout}s: {predicate}")
        time.sleep(interval)


class TokenServer:
    """An HTTP server on loopback that serves the bodies set in ``paths`` (200) or 404."""

    def __init__(self) -> None:
        self.paths: dict[str, str] = {}
        self.hits: list[tuple[str, str]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.hits.append((self.headers.get("Host", ""), self.path))
                body = outer.paths.get(self.path)
                payload = (body or "not found").encode()
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def dns_server() -> Iterator[LocalDNS]:
    """The DNS the local Cloudflare's checks ask: records set by the test, queries logged."""
    with LocalDNS() as server:
        yield server


@pytest.fixture
def token_server() -> Iterator[TokenServer]:
    server = TokenServer()
    yield server
    server.close()


@pytest.fixture
def deltas() -> list[dict[str, Any]]:
    """Every change the local Cloudflare handed to its edge hook, in order."""
    return []


@pytest.fixture
def snapshots(deltas: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The whole state the edge hook had after each change, in order."""
    return []


def _record(deltas: list[dict[str, Any]], snapshots: list[dict[str, Any]]) -> Any:
    def on_change(delta: dict[str, Any]) -> None:
        deltas.append(delta)
        snapshots.append(fold(copy.deepcopy(snapshots[-1]) if snapshots else {}, delta))

    return on_change


@pytest.fixture
def state_dir(tmp_path: Path) -> Path:
    return tmp_path / "cloudflare-state"


@pytest.fixture
def make_local_cloudflare(
    state_dir: Path,
    dns_server: LocalDNS,
    token_server: TokenServer,
    deltas: list[dict[str, Any]],
    snapshots: list[dict[str, Any]],
) -> Iterator[Callable[..., LocalCloudflare]]:
    """Start a local Cloudflare (options override the test defaults); stopped afterwards."""
    started: list[LocalCloudflare] = []

    def make(**options: Any) -> LocalCloudflare:
        defaults: dict[str, Any] = {
            "state_dir": state_dir,
            "port": 0,
            "resolver": dns_server.address,
            "http_check_port": token_server.port,
            "check_interval": 0.05,
            "control": True,
            "on_change": _record(deltas, snapshots),
            "localhost_hostnames": False,  # Cloudflare's own rules unless a test asks
        }
        defaults.update(options)
        server = LocalCloudflare.from_settings(**defaults).start()
        started.append(server)
        return server

    yield make
    for server in started:
        if server._threads:
            server.stop()


@pytest.fixture
def local_options() -> dict[str, Any]:
    """Options for ``local_cloudflare`` beyond the test defaults; a test changes them with
    ``@pytest.mark.parametrize("local_options", [{...}])``."""
    return {}


@pytest.fixture
def local_cloudflare(
    make_local_cloudflare: Callable[..., LocalCloudflare], local_options: dict[str, Any]
) -> LocalCloudflare:
    return make_local_cloudflare(**local_options)


@pytest.fixture
def sleeps() -> list[float]:
    """The waits the client's retry policy asked for (the waits are also really taken)."""
    return []


@pytest.fixture
def make_client(
    local_cloudflare: LocalCloudflare, sleeps: list[float]
) -> Iterator[Callable[..., Client]]:
    clients: list[Client] = []

    def record_sleep(seconds: float) -> None:
        sleeps.append(seconds)
        time.sleep(seconds)

    def make(**options: Any) -> Client:
        defaults: dict[str, Any] = {
            "base_url": local_cloudflare.url,
            "api_token": LOCAL_API_TOKEN,  # the token the local Cloudflare requires
            "retry": FAST_RETRY,
            "timeout": 5.0,
            "sleep": record_sleep,
        }
        defaults.update(options)
        client = Client.from_settings(**defaults)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def client(make_client: Callable[..., Client]) -> Client:
    return make_client()


@pytest.fixture
def ready(client: Client) -> Client:
    """A client whose local Cloudflare has the namespace, KV namespaces and fallback origin."""
    client.dispatch_namespace_create()
    for purpose in KV_PURPOSES:
        client.kv_namespace_create(client.kv_title(purpose))
    client.fallback_origin_update()
    return client
