"""A running local Cloudflare whose edge is real workerd, with Code24's client pointed at it,
and a local DNS server standing in for customers' DNS providers."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from code24.cloudflare.client import get_client
from code24.cloudflare.local import LocalCloudflare
from code24.cloudflare.local.dns import LocalDNS, platform_records
from code24.cloudflare.local.edge import Edge
from code24.cloudflare.management.commands.cloudflare_setup import run_setup

# A local Cloudflare fault's match for the site Worker's upload (PUT it, with a status or
# a delay): .../workers/dispatch/namespaces/<namespace>/scripts/<name>.
SCRIPT_UPLOAD = {"path": r"/workers/dispatch/namespaces/[^/]+/scripts/[^/]+$", "regex": True}


@pytest.fixture
def cloudflare(tmp_path: Path, settings: Any, edge: Edge) -> Iterator[LocalCloudflare]:
    """The local Cloudflare for one test: fresh state, the shared edge, set up like prod.

    ``cloudflare.dns`` is the test's own DNS server (a ``LocalDNS`` holding the platform's
    records, as the run command's does): the hostname checks and the domain doctor
    (``DOMAINS_DNS_RESOLVER``) ask it, and the test adds the customer's records, e.g.
    ``cloudflare.dns.add("www.bakery.localhost", "CNAME", "sites.code24.localhost")``.
    Custom hostnames under ``.localhost`` are accepted, and pending ones checked every
    0.2 s (``cloudflare.check()`` runs a check at once).
    """
    records = platform_records(
        platform_domain=settings.PLATFORM_DOMAIN,
        fallback_origin=settings.CLOUDFLARE_FALLBACK_ORIGIN,
    )
    dns = LocalDNS(records=records).start()
    settings.DOMAINS_DNS_RESOLVER = dns.address
    server = LocalCloudflare.from_settings(
        state_dir=tmp_path / "cloudflare",
        port=0,
        on_change=edge.apply,
        check_script=edge.check_script,
        dns=dns,
        resolver=dns.address,
        localhost_hostnames=True,
        check_interval=0.2,
    ).start()
    settings.CLOUDFLARE_API_TOKEN = ""
    settings.CLOUDFLARE_BASE_URL = server.url
    settings.CLOUDFLARE_RETRY_BASE_MS = 5
    settings.CLOUDFLARE_RETRY_MAX_MS = 50
    settings.MEDIA_ROOT = str(tmp_path / "media")
    run_setup(get_client(), out=lambda line: None)
    yield server
    server.stop()
    dns.stop()


def fetch(edge: Edge, host: str, path: str = "/") -> httpx.Response:
    """A visitor's request for `path` on `host`, through the edge."""
    return httpx.get(edge.url + path, headers={"Host": host}, timeout=10)


def fetch_until(
    edge: Edge,
    host: str,
    path: str = "/",
    *,
    until: Callable[[httpx.Response], bool],
    timeout: float = 10,
) -> httpx.Response:
    """The edge's first answer for `path` on `host` that `until` accepts, asked every 0.1 s,
    or its last one after `timeout` seconds: a change at Cloudflare reaches the edge
    shortly after the API answered, not necessarily at once (as at Cloudflare itself)."""
    deadline = time.monotonic() + timeout
    while True:
        response = fetch(edge, host, path)
        if until(response) or time.monotonic() > deadline:
            return response
        time.sleep(0.1)


def scripts_and_routes(server: LocalCloudflare) -> tuple[list[str], list[str]]:
    """What Cloudflare holds: the namespace's script names and the routes KV's keys."""
    client = get_client()
    routes = [key.name for key in client.kv_keys(client.kv_namespace_id("routes"))]
    return server.state.script_names(client.dispatch_namespace), routes
