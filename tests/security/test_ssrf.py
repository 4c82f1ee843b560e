"""SSRF: a URL a customer gives us (competitors' websites today, scanned sites later) is
fetched only through code24/net.py, which reaches public addresses only, however the
address is written, whatever DNS answers next, wherever a redirect points."""

from __future__ import annotations

import gzip
import ipaddress
import re
import socket
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from code24 import net
from code24.cloudflare.local import lifecycle
from code24.cloudflare.local.api import ApiError, check_hostname
from code24.net import FetchRefused, fetch, is_public_address
from sites.pipeline.competitors import analyse_competitor
from tests.core.test_net import PAGE, Server


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    running = Server()
    yield running
    running.close()


@pytest.fixture
def local(server: Server) -> Server:
    server.requests.clear()
    return server


def loopback_only(address: net.IPAddress) -> bool:
    return address == ipaddress.ip_address("127.0.0.1")


class Resolver:
    """getaddrinfo whose answers change from one call to the next (DNS rebinding)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, answers: list[str]) -> None:
        self.answers = answers
        self.asked: list[str] = []
        self.real = socket.getaddrinfo
        monkeypatch.setattr(net.socket, "getaddrinfo", self)

    def __call__(self, host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        try:
            ipaddress.ip_address(host)
        except ValueError:
            pass
        else:  # the connection to an address (pinned) is not a lookup
            return self.real(host, port, *args, **kwargs)
        self.asked.append(host)
        ip = self.answers[min(len(self.asked), len(self.answers)) - 1]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))]


# --- However the address is written ---------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://2130706433/",  # 127.0.0.1 as one decimal number
        "http://0x7f.1/",  # hexadecimal, short form
        "http://0x7f000001/",
        "http://0177.0.0.1/",  # octal
        "http://017700000001/",
        "http://127.1/",
        "http://0/",
        "http://localhost./",  # a trailing dot
        "http://LOCALHOST/",
        "http://\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54/",  # fullwidth "localhost"
        "http://[::1]/",
        "http://[::]/",
        "http://[::127.0.0.1]/",  # IPv4-compatible
        "http://[::ffff:7f00:1]/",  # IPv4-mapped, in hex
        "http://[0:0:0:0:0:ffff:127.0.0.1]/",
        "http://[fe80::1%25eth0]/",  # link-local with a zone
        "http://[fec0::1]/",  # site-local (deprecated, still routed inside some networks)
        "http://[64:ff9b::7f00:1]/",  # NAT64 of 127.0.0.1
        "http://[64:ff9b:1::a00:1]/",  # local-use NAT64
        "http://[2002:7f00:1::]/",  # 6to4 of 127.0.0.1
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/",  # the AWS metadata service over IPv6
        "http://100.100.100.200/",  # Alibaba's metadata service (shared address space)
        "http://127.0.0.1:80#@example.com/",
    ],
)
def test_loopback_private_and_metadata_addresses_are_refused_in_every_spelling(
    url: str, local: Server
) -> None:
    with pytest.raises(FetchRefused, match="private or reserved network address"):
        fetch(url, total_timeout=5)
    assert local.requests == []


@pytest.mark.parametrize(
    "url",
    [
        "http://evil@127.0.0.1/",
        "http://example.com@127.0.0.1/",
        "http://example.com\\@127.0.0.1/",
        "http://127.0.0.1%2f@example.com/",
        "http://user:pass@example.com/",
    ],
)
def test_user_info_tricks_are_refused_before_any_lookup(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    resolver = Resolver(monkeypatch, ["93.184.215.14"])
    with pytest.raises(FetchRefused, match="user name or password"):
        fetch(url)
    assert resolver.asked == []


@pytest.mark.parametrize(
    "address", ["fec0::1", "fec0:1::1", "feff::1", "64:ff9b:1::a00:1", "::ffff:0:7f00:1"]
)
def test_ipv6_forms_of_internal_networks_are_not_public(address: str) -> None:
    assert not is_public_address(ipaddress.ip_address(address))


# --- Whatever DNS answers next ----------------------------------------------------------


def test_a_name_is_resolved_once_and_the_connection_goes_to_that_address(
    local: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: the second answer would be private; it is never asked for."""
    resolver = Resolver(monkeypatch, ["127.0.0.1", "10.0.0.9"])

    result = fetch(f"http://rebind.test:{local.port}/page", allow_address=loopback_only)

    assert result.body == PAGE
    assert resolver.asked == ["rebind.test"]
    assert local.requests == [{"path": "/page", "host": f"rebind.test:{local.port}"}]


def test_a_redirect_to_the_same_name_is_checked_again_and_a_rebound_answer_refused(
    local: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    resolver = Resolver(monkeypatch, ["127.0.0.1", "10.0.0.9"])

    with pytest.raises(FetchRefused, match=r"redirects to another address.*10\.0\.0\.9"):
        fetch(f"http://rebind.test:{local.port}/r1", allow_address=loopback_only)

    assert resolver.asked == ["rebind.test", "rebind.test"]
    assert [r["path"] for r in local.requests] == ["/r1"]


@pytest.mark.parametrize("route", ["/to-private", "/to-metadata", "/to-file"])
def test_redirects_to_private_addresses_or_files_are_refused(local: Server, route: str) -> None:
    with pytest.raises(FetchRefused, match="redirects to another address"):
        fetch(local.url + route, allow_address=loopback_only)
    assert [r["path"] for r in local.requests] == [route]


# --- Where customers' URLs are fetched ---------------------------------------------------


def test_a_competitor_url_pointing_inside_is_reported_not_fetched(local: Server) -> None:
    """The brief's competitor URLs use the strict policy (no test override)."""
    page = analyse_competitor(local.url + "/page")

    assert page.ok is False
    assert "private or reserved network address" in page.error
    assert local.requests == []


def test_a_competitor_page_compressed_twice_is_reported_not_decoded(local: Server) -> None:
    """A customer can list any server as a competitor; one that answers a tiny body with
    ``Content-Encoding: gzip, gzip`` (a bomb's shape) gets a sentence, not a worker's memory."""
    local.encoded["twice"] = (["gzip, gzip"], gzip.compress(gzip.compress(PAGE)))
    page = analyse_competitor(
        local.url + "/encoded?name=twice", fetch=partial(fetch, allow_address=loopback_only)
    )

    assert page.ok is False
    assert "compressed more than once (gzip, gzip)" in page.error


# Modules that open HTTP connections themselves, and why each is not an SSRF risk.
OUTBOUND = {
    "code24/net.py": "the SSRF-safe fetcher itself",
    "code24/cloudflare/client.py": "Cloudflare's API, at the configured base URL",
    "code24/ai/providers.py": "the configured AI endpoint (OPENAI_BASE_URL), set by the operator",
    "sites/pipeline/qa_serve.py": "the local Cloudflare edge, to check a built site",
    "code24/cloudflare/local/lifecycle.py": "the local Cloudflare's token check (see below)",
    "code24/views.py": "the health check of the local Cloudflare's API and edge (loopback)",
    "code24/billing/stripe_api.py": "Stripe's API (STRIPE_API_BASE), and the local Stripe's "
    "clock there",
    "code24/billing/local_stripe.py": "the local Stripe: it serves HTTP, and posts its "
    "webhooks to Code24's own SITE_URL",
}
CLIENTS = re.compile(
    r"^\s*(?:import|from)\s+(httpx|requests|urllib3|aiohttp|http\.client|urllib\.request)\b"
    r"|\burlopen\(|socket\.create_connection\(",
    re.MULTILINE,
)


def test_only_known_modules_open_http_connections() -> None:
    root = Path(settings.BASE_DIR)
    found = set()
    for folder in ("code24", "sites", "domains", "optimization"):
        for path in (root / folder).rglob("*.py"):
            if "migrations" in path.parts or "management" in path.parts:
                continue
            if CLIENTS.search(path.read_text()):
                found.add(path.relative_to(root).as_posix())
    local_server = {p for p in found if p.startswith("code24/cloudflare/local/")} - set(OUTBOUND)
    # The local Cloudflare's server modules serve HTTP; they do not fetch customers' URLs.
    assert found - local_server == set(OUTBOUND), found


# --- The local Cloudflare's HTTP token check -----------------------------------------


@pytest.mark.parametrize(
    "hostname",
    [
        "127.0.0.1",
        "[::1]",
        "2130706433",
        "shop.example.com:6379",
        "admin@shop.example.com",
        "shop.example.com/../x",
        "localhost",
        "intranet",
        "shop.localhost",
    ],
)
def test_the_local_cloudflare_takes_only_plain_public_hostnames(hostname: str) -> None:
    """The token URLs are built from the hostname on port 80 with a fixed path, so a
    customer picks neither the port, nor the path, nor an address."""
    with pytest.raises(ApiError):
        check_hostname(hostname)


def test_the_local_token_check_never_connects_to_private_addresses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    prober = lifecycle.Prober("127.0.0.1:1")
    monkeypatch.setattr(prober, "addresses", lambda name: ["10.0.0.5", "169.254.169.254"])
    dialled: list[str] = []
    monkeypatch.setattr(
        lifecycle.http.client,
        "HTTPConnection",
        lambda host, *args, **kwargs: dialled.append(host),
    )

    assert prober.http_token("http://shop.code24.dev/.well-known/x", "token") is False
    assert dialled == []
