"""DNS lookups for custom domains: the one module that talks to DNS (house rule 3).

Every lookup goes through a resolver made by ``resolver()``: the server at
``settings.DOMAINS_DNS_RESOLVER`` ("host:port"; the local DNS server in local runs and
tests) or, when that is empty, the system's. Nothing is cached, so a re-check sees the
records a customer just changed (as far as the resolver upstream lets it).

Each lookup returns a typed result that tells "no such name" (``nxdomain``) from "the
name exists but has no records of that type" (``nodata``) and from "we couldn't find
out" (``error``: a timeout, SERVFAIL, a refused query). Lookups never raise on DNS
trouble; ``resolver()`` raises ValueError only for a malformed address setting.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import dns.exception
import dns.message
import dns.nameserver
import dns.rdatatype
import dns.resolver
from django.conf import settings

log = logging.getLogger("code24.domains.dns")

Status = Literal["ok", "nxdomain", "nodata", "error"]
Resolver = dns.resolver.Resolver

# Where ``authoritative()`` sends its queries; the tests point it at a loopback port.
AUTHORITATIVE_PORT = 53


@dataclass(frozen=True)
class Lookup:
    """The answer to one question: ``records`` as text (addresses, names without the
    trailing dot, TXT strings joined), the answer's TTL in seconds (for ``nxdomain`` and
    ``nodata``, how long resolvers may remember that, when the server said), and for
    lookups that follow CNAMEs the names followed, in order."""

    name: str
    type: str
    status: Status
    records: tuple[str, ...] = ()
    ttl: int | None = None
    cnames: tuple[str, ...] = ()
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def failed(self) -> bool:
        return self.status == "error"


@dataclass(frozen=True)
class Caa:
    """One CAA record: ``0 issue "letsencrypt.org"``."""

    flags: int
    tag: str
    value: str

    def __str__(self) -> str:
        return f'{self.flags} {self.tag} "{self.value}"'


@dataclass(frozen=True)
class CaaLookup:
    """The CAA records that govern certificates for ``name`` (RFC 8659): those of the
    closest name, from ``name`` up to its top-level domain, that has any. ``holder`` is
    that name ("" when no name up the tree has CAA records: status ``nodata``)."""

    name: str
    status: Status
    holder: str = ""
    records: tuple[Caa, ...] = ()
    ttl: int | None = None
    error: str = ""

    @property
    def failed(self) -> bool:
        return self.status == "error"


def resolver(address: str | None = None, timeout: float | None = None) -> Resolver:
    """A resolver without a cache. ``address`` is "host:port" (or "host", port 53; IPv6 as
    "[::1]:53"; several separated by commas); None means settings.DOMAINS_DNS_RESOLVER,
    and empty the system's resolver. ``timeout`` (seconds) bounds each lookup; None means
    settings.DOMAINS_DNS_TIMEOUT_SECONDS."""
    if address is None:
        address = settings.DOMAINS_DNS_RESOLVER
    if timeout is None:
        timeout = float(settings.DOMAINS_DNS_TIMEOUT_SECONDS)
    if address:
        made = dns.resolver.Resolver(configure=False)
        made.nameservers = [
            dns.nameserver.Do53Nameserver(host, port) for host, port in _servers(address)
        ]
    else:
        try:
            made = dns.resolver.Resolver()
        except dns.resolver.NoResolverConfiguration:
            made = dns.resolver.Resolver(configure=False)
            made.nameservers = ["127.0.0.1"]
    made.cache = None
    made.timeout = timeout
    made.lifetime = timeout
    return made


# The lookups below take a ``resolver`` argument, which hides this function's name there.
_new_resolver = resolver


def cname(name: str, *, resolver: Resolver | None = None) -> Lookup:
    """The CNAME record at ``name`` itself (not followed): its target in ``records``."""
    return _lookup(name, "CNAME", resolver)


def a(name: str, *, resolver: Resolver | None = None) -> Lookup:
    """The IPv4 addresses a browser would reach for ``name``, following CNAMEs."""
    return _lookup(name, "A", resolver)


def aaaa(name: str, *, resolver: Resolver | None = None) -> Lookup:
    """The IPv6 addresses a browser would reach for ``name``, following CNAMEs."""
    return _lookup(name, "AAAA", resolver)


def txt(name: str, *, resolver: Resolver | None = None) -> Lookup:
    """The TXT records at ``name``, each record's strings joined into one text."""
    return _lookup(name, "TXT", resolver)


def ns(name: str, *, resolver: Resolver | None = None) -> Lookup:
    """The nameservers of the zone ``name`` (when it is one: else ``nodata``)."""
    return _lookup(name, "NS", resolver)


def caa(name: str, *, resolver: Resolver | None = None) -> CaaLookup:
    """The CAA records in force for ``name``: the RFC 8659 climb from ``name`` to its
    top-level domain, stopping at the first name with a CAA record set."""
    labels = name.split(".")
    for start in range(len(labels)):
        candidate = ".".join(labels[start:])
        answer, outcome = _ask(candidate, "CAA", resolver)
        if outcome.status == "error":
            return CaaLookup(name=name, status="error", error=outcome.error)
        if outcome.status == "ok" and answer is not None and answer.rrset is not None:
            records = tuple(
                Caa(
                    flags=int(item.flags),
                    tag=_text(item.tag).lower(),
                    value=_text(item.value),
                )
                for item in answer.rrset
            )
            return CaaLookup(
                name=name, status="ok", holder=candidate, records=records, ttl=outcome.ttl
            )
    return CaaLookup(name=name, status="nodata")


def authoritative(
    name: str, *, within: str | None = None, resolver: Resolver | None = None
) -> Resolver | None:
    """A resolver that asks the nameservers of the zone holding ``name``: the closest zone
    with NS records, climbing from ``name`` up to ``within`` (its registrable domain;
    by default the name just below the top-level domain). None when none is found."""
    labels = name.split(".")
    last = len(labels) - (len(within.split(".")) if within else 2)
    for start in range(max(last, 0) + 1):
        zone = ".".join(labels[start:])
        found = ns(zone, resolver=resolver)
        if found.failed:
            return None
        if not found.ok or found.cnames:  # no zone here (an alias answers for its target)
            continue
        servers: list[str] = []
        for server in found.records:
            servers.extend(a(server, resolver=resolver).records)
        if not servers:
            for server in found.records:
                servers.extend(aaaa(server, resolver=resolver).records)
        if not servers:
            return None
        timeout = resolver.lifetime if resolver is not None else None
        return _resolver_at(servers, AUTHORITATIVE_PORT, timeout)
    return None


def _resolver_at(addresses: Iterable[str], port: int, timeout: float | None) -> Resolver:
    joined = ",".join(f"[{ip}]:{port}" if ":" in ip else f"{ip}:{port}" for ip in addresses)
    return _new_resolver(joined, timeout)


# --- How a question is asked ----------------------------------------------------------


def _lookup(name: str, rdtype: str, resolver: Resolver | None) -> Lookup:
    answer, outcome = _ask(name, rdtype, resolver)
    if answer is None or answer.rrset is None:
        return outcome
    records = tuple(_rdata_text(item) for item in answer.rrset)
    return Lookup(
        name=name,
        type=rdtype,
        status="ok",
        records=records,
        ttl=int(answer.rrset.ttl),
        cnames=outcome.cnames,
    )


def _ask(
    name: str, rdtype: str, resolver: Resolver | None
) -> tuple[dns.resolver.Answer | None, Lookup]:
    """The raw answer (when there is one) and what it means as a Lookup without records."""
    used = resolver if resolver is not None else _new_resolver()
    try:
        answer = used.resolve(name, rdtype, search=False, raise_on_no_answer=False)
    except dns.resolver.NXDOMAIN as exc:
        responses = list(exc.responses().values())
        response = responses[-1] if responses else None
        return None, Lookup(
            name=name,
            type=rdtype,
            status="nxdomain",
            ttl=_negative_ttl(response),
            cnames=_cnames(response),
        )
    except dns.resolver.NoNameservers as exc:
        return None, _failed(name, rdtype, f"the DNS servers refused or failed ({exc})")
    except dns.exception.Timeout:
        return None, _failed(name, rdtype, "the DNS servers didn't answer in time")
    except (dns.exception.DNSException, OSError, ValueError) as exc:
        return None, _failed(name, rdtype, f"{type(exc).__name__}: {exc}")
    cnames = _cnames(answer.response)
    if answer.rrset is None:
        return answer, Lookup(
            name=name,
            type=rdtype,
            status="nodata",
            ttl=_negative_ttl(answer.response),
            cnames=cnames,
        )
    return answer, Lookup(
        name=name, type=rdtype, status="ok", ttl=int(answer.rrset.ttl), cnames=cnames
    )


def _failed(name: str, rdtype: str, error: str) -> Lookup:
    log.info("DNS %s %s failed: %s", rdtype, name, error)
    return Lookup(name=name, type=rdtype, status="error", error=error)


def _cnames(response: dns.message.Message | None) -> tuple[str, ...]:
    """The CNAME targets in an answer, in the order they were followed."""
    if not isinstance(response, dns.message.QueryMessage):
        return ()
    try:
        chain = response.resolve_chaining()
    except dns.exception.DNSException:
        return ()
    return tuple(str(rrset[0].target).rstrip(".").lower() for rrset in chain.cnames)


def _negative_ttl(response: dns.message.Message | None) -> int | None:
    """How long a "no such name / no such record" answer may be remembered (RFC 2308:
    the SOA record's TTL or its minimum field, whichever is smaller), when given."""
    if response is None:
        return None
    for rrset in response.authority:
        if rrset.rdtype == dns.rdatatype.SOA and len(rrset):
            return int(min(rrset.ttl, rrset[0].minimum))
    return None


def _rdata_text(item: object) -> str:
    if hasattr(item, "strings"):  # TXT
        return b"".join(item.strings).decode("utf-8", errors="replace")
    if hasattr(item, "target"):  # CNAME, NS
        return str(item.target).rstrip(".").lower()
    if hasattr(item, "address"):  # A, AAAA
        return str(item.address)
    return str(item)


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", errors="replace") if isinstance(value, bytes) else str(value)


def _servers(address: str) -> list[tuple[str, int]]:
    """[(ip, port)] from "host:port, [v6]:port, host"; ValueError when not addresses."""
    servers = []
    for part in (item.strip() for item in address.split(",")):
        if not part:
            continue
        if part.startswith("["):
            host, _, rest = part[1:].partition("]")
            port = rest.removeprefix(":") or "53"
        elif part.count(":") == 1:
            host, _, port = part.partition(":")
        else:
            host, port = part, "53"
        try:
            ipaddress.ip_address(host)
            number = int(port)
        except ValueError:
            raise ValueError(
                f"DNS server {part!r} is not an IP address with an optional port "
                "(like 127.0.0.1:8753 or [::1]:53)."
            ) from None
        servers.append((host, number))
    if not servers:
        raise ValueError(f"No DNS server in {address!r}.")
    return servers
