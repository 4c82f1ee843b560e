"""Shared fixtures for tests/domains: DNS servers on loopback, never the system resolver."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest

from code24.cloudflare.local.dns import LocalDNS


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
