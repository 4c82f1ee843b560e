"""Shared fixtures for tests/domains: DNS servers on loopback (never the system resolver),
and a live Professional site on the local Cloudflare (real Workers in workerd) whose DNS
checks go to the test's own DNS server (`cloudflare.dns`)."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings as django_settings

from code24.accounts.models import Plan
from code24.ai.schemas import Brief
from code24.cloudflare.local import LocalCloudflare
from code24.cloudflare.local.dns import LocalDNS
from code24.cloudflare.local.edge import Edge
from domains import services
from domains.models import CustomDomain
from sites import services as site_services
from sites.models import Build, Site
from tests.factories import make_account
from tests.sites.test_pipeline import BRIEF


@pytest.fixture(scope="session")
def _dns_servers() -> Iterator[tuple[LocalDNS, LocalDNS]]:
    # Started once: stopping a LocalDNS waits out its serve loop's poll (about 1 s).
    with LocalDNS() as first, LocalDNS() as second:
        yield first, second


@pytest.fixture
def local_dns(_dns_servers: tuple[LocalDNS, LocalDNS]) -> LocalDNS:
    """A DNS server on loopback with no records; each test adds the configuration it
    serves (the customer's DNS as a resolver sees it)."""
    server = _dns_servers[0]
    server.records.clear()
    return server


@pytest.fixture
def provider_dns(_dns_servers: tuple[LocalDNS, LocalDNS]) -> LocalDNS:
    """A second empty DNS server: the customer's DNS provider itself (authoritative),
    for the cases where resolvers still remember an older answer than it gives."""
    server = _dns_servers[1]
    server.records.clear()
    return server


@pytest.fixture
def silent_dns() -> Iterator[str]:
    """ "127.0.0.1:<port>" of a UDP socket that never answers (a DNS server that's down)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    try:
        yield f"127.0.0.1:{sock.getsockname()[1]}"
    finally:
        sock.close()


@pytest.fixture(autouse=True)
def _no_system_resolver(settings: Any) -> None:
    """A lookup that forgets its resolver goes nowhere rather than to the system's."""
    settings.DOMAINS_DNS_RESOLVER = "127.0.0.1:9"
    settings.DOMAINS_DNS_TIMEOUT_SECONDS = 0.5


@pytest.fixture(scope="session")
def failing_dns() -> Iterator[str]:
    """ "127.0.0.1:<port>" of a DNS server that answers every question with SERVFAIL."""
    from dnslib import RCODE, DNSRecord
    from dnslib.server import BaseResolver, DNSHandler, DNSLogger, DNSServer

    class ServFail(BaseResolver):
        def resolve(self, request: DNSRecord, handler: DNSHandler) -> DNSRecord:
            reply = request.reply()
            reply.header.rcode = RCODE.SERVFAIL
            return reply

    quiet = DNSLogger(log="-request,-reply,-truncated,-data", prefix=False)
    server = DNSServer(ServFail(), address="127.0.0.1", port=0, logger=quiet)
    server.start_thread()
    try:
        yield f"127.0.0.1:{server.server.server_address[1]}"
    finally:
        server.server.shutdown()
        server.server.server_close()


@pytest.fixture
def live(cloudflare: LocalCloudflare, edge: Edge, django_capture_on_commit_callbacks: Any) -> Site:
    account = make_account(name="Padaria da Avó Rosa", plan=Plan.PROFESSIONAL)
    with django_capture_on_commit_callbacks(execute=True):
        build = site_services.site_create(
            account=account,
            brief=Brief.model_validate({**BRIEF, "name": "Padaria da Avó Rosa"}),
            requested_by=None,
            via="test",
        )
    build.refresh_from_db()
    assert build.status == Build.Status.SUCCEEDED, build.error
    site = build.site
    site.refresh_from_db()
    # The platform's own records, as the run command's DNS server holds them.
    dns_of(cloudflare).add(django_settings.CLOUDFLARE_FALLBACK_ORIGIN, "A", "127.0.0.1")
    return site


def dns_of(cloudflare: LocalCloudflare) -> LocalDNS:
    """The test's DNS server (the cloudflare fixture always has one)."""
    assert cloudflare.dns is not None
    return cloudflare.dns


def zone_exists(cloudflare: LocalCloudflare, domain: str) -> None:
    """The customer's domain is registered and has records (its mail policy, say)."""
    dns_of(cloudflare).add(domain, "TXT", "v=spf1 -all")


def point_at_code24(cloudflare: LocalCloudflare, hostname: str) -> None:
    """What the customer does at their DNS provider."""
    dns_of(cloudflare).add(hostname, "CNAME", django_settings.CLOUDFLARE_FALLBACK_ORIGIN)


@pytest.fixture
def settle(
    cloudflare: LocalCloudflare, django_capture_on_commit_callbacks: Any
) -> Callable[..., CustomDomain]:
    """Let Cloudflare's validation and Code24's checks run until the domain settles."""

    def run(domain: CustomDomain, rounds: int = 12) -> CustomDomain:
        for _ in range(rounds):
            cloudflare.check()
            with django_capture_on_commit_callbacks(execute=True):
                services.domain_check(domain_id=domain.pk)
            domain.refresh_from_db()
            if domain.is_live:
                break
        return domain

    return run
