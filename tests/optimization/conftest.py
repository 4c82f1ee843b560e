"""Fixtures of the optimization tests.

Scans: a website served on loopback, and scans allowed to read it. The SSRF-safe fetcher
refuses loopback by design, and the tests have no internet. So a test that scans a page
end to end serves it on 127.0.0.1 and, for that test only, (1) answers the lookup of its
made-up name (``shop.test``) with 127.0.0.1 and (2) lets the scan task's fetcher reach
loopback. The edge check and everything after it run unchanged.

Cycles: live sites on the local Cloudflare (real Workers in workerd), served at addresses
the scanner can reach: the test edge's port."""

from __future__ import annotations

import ipaddress
import json
import socket
import threading
from collections.abc import Callable, Iterator
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.test import Client

from code24 import net
from code24.accounts.models import Account, Plan
from code24.ai.schemas import Brief
from code24.cloudflare.local import LocalCloudflare
from code24.cloudflare.local.edge import Edge
from optimization import tasks
from sites import services as site_services
from sites.models import Build, Site
from tests.factories import BRIEF, make_account, make_api_key, make_user
from tests.sites.site_fixtures import on_plan

GOOD_PAGE = b"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Harbour Bakery</title>
<meta name="description" content="Fresh bread every morning in Portsmouth.">
</head><body><main><h1>Harbour Bakery</h1><p>Fresh bread every morning.</p>
<a href="/about">About us</a></main></body></html>"""


class SiteServer:
    """A loopback HTTP server answering ``routes`` (path -> (status, headers, body))."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, dict[str, str], bytes]] = {
            "/": (200, {"Content-Type": "text/html; charset=utf-8"}, GOOD_PAGE),
        }
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                server.requests.append(self.path)
                status, headers, body = server.routes.get(
                    self.path.split("?")[0], (404, {"Content-Type": "text/plain"}, b"not here")
                )
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def site_server() -> Iterator[SiteServer]:
    server = SiteServer()
    yield server
    server.close()


@pytest.fixture
def loopback_site(site_server: SiteServer, monkeypatch: pytest.MonkeyPatch) -> str:
    """``http://shop.test:<port>``, served by ``site_server``, readable by scans in this test.

    Why: no test may reach the internet, and the strict policy (rightly) refuses the only
    server a test can run. The name passes the edge check as any public name would; the
    lookup answers 127.0.0.1; the task's fetcher allows loopback, nothing else changes."""
    real = socket.getaddrinfo

    def lookup(host: str, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host.endswith(".test"):
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(net.socket, "getaddrinfo", lookup)
    monkeypatch.setattr(
        tasks, "FETCH", partial(net.fetch, allow_address=lambda a: a.is_loopback, total_timeout=5)
    )
    return f"http://shop.test:{site_server.port}"


def loopback_only(address: net.IPAddress) -> bool:
    return address == ipaddress.ip_address("127.0.0.1")


@pytest.fixture
def pro(alice_account: Account) -> Account:
    return on_plan(alice_account, Plan.PROFESSIONAL)


@pytest.fixture
def api(pro: Account) -> Client:
    """A client sending an API key of Alice's (Professional) account."""
    _, raw = make_api_key(pro)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def post_json(client: Client, url: str, body: Any) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def at_the_edge(settings: Any, edge: Edge) -> None:
    """Sites' addresses are on the test's edge (the run command's is on 8788)."""
    settings.SITE_ADDRESS = "http://{host}:" + str(edge.port)


@pytest.fixture
def owner_account() -> Account:
    return make_account(
        make_user("rosa@example.com"), name="Padaria da Avó Rosa", plan=Plan.PROFESSIONAL
    )


@pytest.fixture
def build_live(
    cloudflare: LocalCloudflare,
    at_the_edge: None,
    owner_account: Account,
    django_capture_on_commit_callbacks: Any,
) -> Callable[..., Site]:
    """Build a site through the whole pipeline; it is live on the local edge."""

    def build(name: str = "Harbour Dental", account: Account | None = None) -> Site:
        with django_capture_on_commit_callbacks(execute=True):
            started = site_services.site_create(
                account=account or owner_account,
                brief=Brief.model_validate({**BRIEF, "name": name}),
                requested_by=None,
                via="test",
            )
        started.refresh_from_db()
        assert started.status == Build.Status.SUCCEEDED, started.error
        site = Site.objects.get(pk=started.site_id)
        assert site.is_live
        return site

    return build
