"""The domain doctor: what is wrong with a custom domain's DNS, and the exact fix.

``diagnose(expect)`` looks at the hostname's DNS as resolvers see it (through
``domains.dns``) and returns a Diagnosis: whether the name points at Code24 yet, and a
list of findings, each one short sentence for the customer with the records to add or
delete at their DNS provider. It never raises on DNS trouble: a DNS server that doesn't
answer is a finding too (``dns-unreachable``).

The checks, in the order their findings are listed:

1. where the name points: ``points-here`` when its CNAME chain reaches the target (or its
   addresses are the target's, as when a provider flattens a CNAME at the apex); else the
   one fix that makes it point here (``nxdomain``, ``cname-missing``, ``cname-elsewhere``,
   ``address-conflict``, ``apex-needs-flattening``, ``proxied-elsewhere``), unless the
   domain's own nameservers already give the right answer and resolvers remember an old
   one (``not-propagated``: wait, for at most the old answer's TTL);
2. Cloudflare's ownership TXT (``ownership-txt-missing`` / ``-wrong``), only while
   Cloudflare hasn't verified the name and it doesn't point here (a CNAME to the target
   proves ownership by itself);
3. the certificate's validation TXT, when Cloudflare asked for one (``dcv-txt-missing``);
4. ``_acme-challenge`` records left from an earlier certificate (``acme-stale``);
5. CAA records that let none of Cloudflare's certificate authorities issue
   (``caa-forbids``).

Record names in ``add``/``delete`` are full names in punycode (``www.xn--bckerei-5wa.de``);
messages show names as people write them (``www.bäckerei.de``).

A known simplification: a name proxied by the customer's own Cloudflare account to our
target ("orange-to-orange") is reported as ``proxied-elsewhere``; "DNS only" is the
setup that always works.
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from domains import dns
from domains.hostnames import HostnameError, display, registrable_domain

PROBLEM = "problem"  # the customer must act
WAITING = "waiting"  # nothing to do but wait
OK = "ok"

# The certificate authorities Cloudflare issues custom hostnames' certificates from
# (Google Trust Services, Let's Encrypt, SSL.com), as CAA ``issue`` values.
CLOUDFLARE_CAS = ("pki.goog", "letsencrypt.org", "ssl.com")
CAA_TO_ADD = ('0 issue "pki.goog"', '0 issue "letsencrypt.org"')

# Cloudflare's proxy addresses, as published at https://www.cloudflare.com/ips-v4 and
# https://www.cloudflare.com/ips-v6 (also GET https://api.cloudflare.com/client/v4/ips);
# copied in 2025. The list rarely changes; update it from there when it does.
CLOUDFLARE_IPV4 = (
    "173.245.48.0/20",
    "103.21.244.0/22",
    "103.22.200.0/22",
    "103.31.4.0/22",
    "141.101.64.0/18",
    "108.162.192.0/18",
    "190.93.240.0/20",
    "188.114.96.0/20",
    "197.234.240.0/22",
    "198.41.128.0/17",
    "162.158.0.0/15",
    "104.16.0.0/13",
    "104.24.0.0/14",
    "172.64.0.0/13",
    "131.0.72.0/22",
)
CLOUDFLARE_IPV6 = (
    "2400:cb00::/32",
    "2606:4700::/32",
    "2803:f800::/32",
    "2405:b500::/32",
    "2405:8100::/32",
    "2a06:98c0::/29",
    "2c0f:f248::/32",
)
CLOUDFLARE_NETWORKS = tuple(ipaddress.ip_network(net) for net in CLOUDFLARE_IPV4 + CLOUDFLARE_IPV6)
# CNAME targets that are names in other Cloudflare accounts' zones (partial "CNAME setup"
# zones, Pages and Workers addresses).
CLOUDFLARE_NAME_SUFFIXES = ("cdn.cloudflare.net", "pages.dev", "workers.dev")


@dataclass(frozen=True)
class DnsRecord:
    """A record to add or delete, as the customer types it at their DNS provider."""

    type: str
    name: str
    value: str
    ttl: int | None = None


@dataclass(frozen=True)
class Finding:
    code: str  # stable id: "points-here", "cname-missing", ...
    severity: str  # PROBLEM, WAITING or OK
    message: str  # one short sentence, plain words
    add: tuple[DnsRecord, ...] = ()
    delete: tuple[DnsRecord, ...] = ()


@dataclass(frozen=True)
class Expectation:
    """What Code24 and Cloudflare expect of a hostname's DNS."""

    hostname: str  # normalised
    target: str  # the CNAME target (settings.CLOUDFLARE_FALLBACK_ORIGIN)
    ownership_name: str = ""  # _cf-custom-hostname.<host> TXT from Cloudflare
    ownership_value: str = ""
    dcv_txt_name: str = ""  # certificate validation TXT (ssl method txt), when given
    dcv_txt_value: str = ""
    ownership_verified: bool = False  # Cloudflare already says the hostname is active


@dataclass(frozen=True)
class Diagnosis:
    findings: tuple[Finding, ...]
    points_here: bool  # DNS sends this hostname to Code24

    @property
    def problems(self) -> tuple[Finding, ...]:
        return tuple(item for item in self.findings if item.severity == PROBLEM)

    @property
    def waiting(self) -> tuple[Finding, ...]:
        return tuple(item for item in self.findings if item.severity == WAITING)

    @property
    def add(self) -> tuple[DnsRecord, ...]:
        """Every record to add, once each, in the order of the findings."""
        return tuple(dict.fromkeys(record for item in self.findings for record in item.add))

    @property
    def delete(self) -> tuple[DnsRecord, ...]:
        """Every record to delete, once each, in the order of the findings."""
        return tuple(dict.fromkeys(record for item in self.findings for record in item.delete))


def diagnose(
    expect: Expectation,
    *,
    resolver: dns.Resolver | None = None,
    authoritative: str | None = None,
) -> Diagnosis:
    """Check ``expect.hostname``'s DNS; ``resolver`` defaults to ``dns.resolver()``, and
    ``authoritative`` ("host:port") names the domain's own nameserver instead of finding it
    through NS (tests, local runs)."""
    look = _Look(expect, resolver if resolver is not None else dns.resolver(), authoritative)
    findings: list[Finding] = []
    for check in CHECKS:
        findings.extend(check(look))
        if look.failures:
            # The DNS servers aren't answering: say so instead of waiting out every lookup.
            findings.insert(0, _unreachable(look))
            break
    return Diagnosis(findings=tuple(findings), points_here=look.points_here)


# --- What DNS says ---------------------------------------------------------------------------


@dataclass
class _Look:
    """One diagnosis in progress: the expectation, the resolver, what the checks learned
    so far (whether the name points here, failed lookups)."""

    expect: Expectation
    resolver: dns.Resolver
    authoritative: str | None
    points_here: bool = False
    propagating: bool = False  # the provider has the fix; resolvers still have the old answer
    failures: list[dns.Lookup | dns.CaaLookup] = field(default_factory=list)
    _target_addresses: frozenset[str] | None = None

    @property
    def host(self) -> str:
        return self.expect.hostname

    @property
    def shown(self) -> str:
        return display(self.expect.hostname)

    @property
    def target(self) -> str:
        return self.expect.target.strip().rstrip(".").lower()

    @property
    def domain(self) -> str:
        try:
            return registrable_domain(self.host)
        except HostnameError:
            return self.host

    @property
    def apex(self) -> bool:
        return self.host == self.domain

    def ask(
        self, kind: Callable[..., dns.Lookup], name: str, *, via: dns.Resolver | None = None
    ) -> dns.Lookup:
        """One lookup (``dns.cname``, ``dns.a``, …) through the resolver, where a failure
        is remembered, or through ``via`` (the provider's nameservers), where it isn't."""
        found = kind(name, resolver=via or self.resolver)
        if found.failed and via is None:
            self.failures.append(found)
        return found

    def target_addresses(self) -> frozenset[str]:
        """The target's own addresses (what a flattened CNAME resolves to)."""
        if self._target_addresses is None:
            four = self.ask(dns.a, self.target)
            six = dns.aaaa(self.target, resolver=self.resolver)
            self._target_addresses = frozenset(four.records + six.records)
        return self._target_addresses


@dataclass(frozen=True)
class _Pointing:
    """Where a hostname points, seen through one resolver."""

    cname: dns.Lookup
    addresses: tuple[str, ...] = ()  # A and AAAA, CNAMEs followed
    chain: tuple[str, ...] = ()  # the CNAME targets followed
    address_ttl: int | None = None
    nxdomain: bool = False

    @property
    def direct(self) -> str | None:
        return self.cname.records[0] if self.cname.ok and self.cname.records else None

    @property
    def ttl(self) -> int | None:
        """How long resolvers may keep this answer: the CNAME's TTL, else the addresses'."""
        return self.cname.ttl if self.direct else (self.address_ttl or self.cname.ttl)


def _pointing(look: _Look, via: dns.Resolver | None = None) -> _Pointing | None:
    """The host's CNAME and addresses, through the resolver (or ``via``); None when the
    DNS servers didn't answer."""
    cname = look.ask(dns.cname, look.host, via=via)
    if cname.failed:
        return None
    if cname.ok and cname.records[0] == look.target:
        return _Pointing(cname=cname, chain=(look.target,))
    four = look.ask(dns.a, look.host, via=via)
    if four.failed:
        return None
    six = dns.aaaa(look.host, resolver=via or look.resolver)  # a broken AAAA answer: no IPv6
    ttls = [item.ttl for item in (four, six) if item.ok and item.ttl is not None]
    return _Pointing(
        cname=cname,
        addresses=four.records + six.records,
        chain=four.cnames or six.cnames,
        address_ttl=max(ttls) if ttls else None,
        nxdomain=cname.status == "nxdomain" and four.status == "nxdomain",
    )


def _reaches_target(look: _Look, seen: _Pointing) -> bool:
    if seen.direct == look.target or look.target in seen.chain:
        return True
    return bool(seen.addresses) and set(seen.addresses) <= look.target_addresses()


# --- The checks ---------------------------------------------------------------------------


def check_pointing(look: _Look) -> list[Finding]:
    """Does the name point at Code24, and if not, what makes it?"""
    now = _pointing(look)
    if now is None:
        return []
    if _reaches_target(look, now):
        look.points_here = True
        return [_points_here(look, now)]
    fix = _pointing_fix(look, now)
    if look.failures:
        return []
    provider = _provider_view(look)
    if provider is not None and _reaches_target(look, provider):
        look.propagating = True
        return [
            Finding(
                "not-propagated",
                WAITING,
                f"Your DNS provider already has the right record for {look.shown}, but DNS "
                f"servers elsewhere still remember the old answer for up to "
                f"{_duration(now.ttl)}; there is nothing to do but wait.",
            )
        ]
    return [fix]


def check_ownership(look: _Look) -> list[Finding]:
    """Cloudflare's ownership TXT, while the name doesn't prove ownership by pointing here."""
    expect = look.expect
    if expect.ownership_verified or look.points_here or look.propagating:
        return []
    if not (expect.ownership_name and expect.ownership_value):
        return []
    found = look.ask(dns.txt, expect.ownership_name)
    if found.failed or expect.ownership_value in found.records:
        return []
    ours = DnsRecord("TXT", expect.ownership_name, expect.ownership_value)
    if not found.records:
        return [
            Finding(
                "ownership-txt-missing",
                PROBLEM,
                f"Add the TXT record below so Cloudflare can confirm that {look.shown} is yours.",
                add=(ours,),
            )
        ]
    return [
        Finding(
            "ownership-txt-wrong",
            PROBLEM,
            f"The TXT record {expect.ownership_name} holds {_quoted(found.records)}, not the "
            "value Cloudflare asked for: replace it with the one below.",
            add=(ours,),
            delete=tuple(DnsRecord("TXT", expect.ownership_name, v) for v in found.records),
        )
    ]


def check_dcv_txt(look: _Look) -> list[Finding]:
    """The certificate's validation TXT, when Cloudflare validates by TXT."""
    expect = look.expect
    if not (expect.dcv_txt_name and expect.dcv_txt_value):
        return []
    found = look.ask(dns.txt, expect.dcv_txt_name)
    if found.failed or expect.dcv_txt_value in found.records:
        return []
    return [
        Finding(
            "dcv-txt-missing",
            PROBLEM,
            f"Add the TXT record below so the certificate for {look.shown} can be issued.",
            add=(DnsRecord("TXT", expect.dcv_txt_name, expect.dcv_txt_value),),
        )
    ]


def check_acme_stale(look: _Look) -> list[Finding]:
    """``_acme-challenge`` records left from an earlier certificate, elsewhere."""
    name = f"_acme-challenge.{look.host}"
    alias = look.ask(dns.cname, name)
    if alias.failed:
        return []
    if alias.ok and alias.records:
        return [
            Finding(
                "acme-stale",
                PROBLEM,
                f"{name} is a CNAME to {alias.records[0]}, left from an earlier certificate: "
                "delete it, as it can stop the new certificate from being issued.",
                delete=(DnsRecord("CNAME", name, alias.records[0]),),
            )
        ]
    found = look.ask(dns.txt, name)
    asked = look.expect.dcv_txt_value if look.expect.dcv_txt_name == name else ""
    stale = tuple(value for value in found.records if value != asked)
    if not stale:
        return []
    return [
        Finding(
            "acme-stale",
            PROBLEM,
            f"{name} still has {_records_word(stale, 'TXT record')} {_quoted(stale)} left from "
            f"an earlier certificate: delete {_it(stale)}, as {_it(stale, subject=True)} can "
            "confuse the new certificate's validation.",
            delete=tuple(DnsRecord("TXT", name, value) for value in stale),
        )
    ]


def check_caa(look: _Look) -> list[Finding]:
    """CAA records (on the name or the closest ancestor with any) that shut Cloudflare's
    certificate authorities out. ``issuewild`` only matters for wildcards: not ours."""
    found = dns.caa(look.host, resolver=look.resolver)
    if found.failed:
        look.failures.append(found)
        return []
    issuers = [
        item.value.split(";")[0].strip().lower() for item in found.records if item.tag == "issue"
    ]
    if not issuers or any(issuer in CLOUDFLARE_CAS for issuer in issuers):
        return []
    named = sorted({issuer for issuer in issuers if issuer})
    who = f"only {_and(named)}" if named else "no certificate authority"
    return [
        Finding(
            "caa-forbids",
            PROBLEM,
            f"The CAA records at {display(found.holder)} allow {who} to issue certificates, so "
            f"Cloudflare can't get one for {look.shown}: add the CAA records below beside them.",
            add=tuple(DnsRecord("CAA", found.holder, value) for value in CAA_TO_ADD),
        )
    ]


CHECKS: tuple[Callable[[_Look], list[Finding]], ...] = (
    check_pointing,
    check_ownership,
    check_dcv_txt,
    check_acme_stale,
    check_caa,
)


# --- Where the name points: the findings -----------------------------------------------------


def _points_here(look: _Look, now: _Pointing) -> Finding:
    if now.direct == look.target or look.target in now.chain:
        message = f"{look.shown} points at Code24."
    elif look.apex:
        message = f"{look.shown} points at Code24 (your DNS provider flattens it to our addresses)."
    else:
        message = (
            f"{look.shown} points at Code24's addresses; a CNAME to {look.target} instead "
            "would keep working if they ever change."
        )
    return Finding("points-here", OK, message)


def _pointing_fix(look: _Look, now: _Pointing) -> Finding:
    """The one change that makes the name point at Code24."""
    ours = DnsRecord("CNAME", look.host, look.target)
    if now.nxdomain and _domain_missing(look):
        return Finding(
            "nxdomain",
            PROBLEM,
            f"{display(look.domain)} doesn't exist in DNS: check that the domain is registered "
            "and uses your DNS provider's nameservers, then add the record below.",
            add=_apex_records(look) if look.apex else (ours,),
        )
    if now.direct:
        theirs = DnsRecord("CNAME", look.host, now.direct)
        if _in_cloudflare(now):
            return Finding(
                "proxied-elsewhere",
                PROBLEM,
                f"{look.shown} points at {now.direct}, which another Cloudflare account serves: "
                f"delete that CNAME and add one pointing at {look.target}.",
                add=(ours,),
                delete=(theirs,),
            )
        return Finding(
            "cname-elsewhere",
            PROBLEM,
            f"{look.shown} points at {now.direct}, not Code24: delete that CNAME record and add "
            f"one pointing at {look.target}.",
            add=(ours,),
            delete=(theirs,),
        )
    foreign = tuple(ip for ip in now.addresses if ip not in look.target_addresses())
    if _in_cloudflare(now, foreign):
        return Finding(
            "proxied-elsewhere",
            PROBLEM,
            f"{look.shown} is proxied by another Cloudflare account: there, set its record to "
            f"“DNS only” or delete it, then add a CNAME pointing at {look.target}.",
            add=_apex_records(look) if look.apex else (ours,),
        )
    old = tuple(_address_record(look.host, ip) for ip in foreign)
    if look.apex:
        if foreign:
            start = (
                f"{look.shown} points at {_and(foreign)}, not Code24, and as the top of your "
                f"domain it can't take a plain CNAME: delete {_records_word(foreign)} and add"
            )
        else:
            start = (
                f"{look.shown} is the top of your domain, where most DNS providers allow no "
                "plain CNAME: add"
            )
        return Finding(
            "apex-needs-flattening",
            PROBLEM,
            f"{start} {look.target} there as a flattened CNAME, ALIAS or ANAME record, or use "
            f"www.{look.shown} instead (a CNAME to {look.target}) and redirect {look.shown} to it.",
            add=_apex_records(look),
            delete=old,
        )
    if foreign:
        return Finding(
            "address-conflict",
            PROBLEM,
            f"{look.shown} still points at {_and(foreign)}, not Code24: delete "
            f"{_records_word(foreign)} and add a CNAME pointing at {look.target}.",
            add=(ours,),
            delete=old,
        )
    return Finding(
        "cname-missing",
        PROBLEM,
        f"{look.shown} doesn't point anywhere yet: add a CNAME record pointing it at "
        f"{look.target}.",
        add=(ours,),
    )


def _unreachable(look: _Look) -> Finding:
    return Finding(
        "dns-unreachable",
        WAITING,
        f"We couldn't reach the DNS servers for {look.shown}; we'll try again shortly.",
    )


def _provider_view(look: _Look) -> _Pointing | None:
    """The name as its own nameservers answer it (they may be ahead of resolvers)."""
    try:
        if look.authoritative:
            server: dns.Resolver | None = dns.resolver(
                look.authoritative, timeout=look.resolver.lifetime
            )
        else:
            server = dns.authoritative(look.host, within=look.domain, resolver=look.resolver)
    except ValueError:
        return None
    if server is None:
        return None
    return _pointing(look, via=server)


def _domain_missing(look: _Look) -> bool:
    """Whether the registrable domain itself has no DNS at all (not registered)."""
    if look.apex:
        return True
    return look.ask(dns.ns, look.domain).status == "nxdomain"


def _in_cloudflare(seen: _Pointing, foreign: Iterable[str] = ()) -> bool:
    """Whether the name leads into another Cloudflare account: a CNAME to a name in one,
    or ``foreign`` addresses (not our target's) that are Cloudflare's."""
    names = ((seen.direct,) if seen.direct else ()) + seen.chain
    if any(_under(name, suffix) for name in names for suffix in CLOUDFLARE_NAME_SUFFIXES):
        return True
    return any(_cloudflare_address(ip) for ip in foreign)


def _cloudflare_address(ip: str) -> bool:
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(address in network for network in CLOUDFLARE_NETWORKS)


def _apex_records(look: _Look) -> tuple[DnsRecord, ...]:
    """At the apex: the flattened CNAME (or ALIAS/ANAME), and www as a plain CNAME."""
    return (
        DnsRecord("CNAME", look.host, look.target),
        DnsRecord("CNAME", f"www.{look.host}", look.target),
    )


def _address_record(name: str, ip: str) -> DnsRecord:
    return DnsRecord("AAAA" if ":" in ip else "A", name, ip)


# --- Words ---------------------------------------------------------------------------------------


def _duration(seconds: int | None) -> str:
    """A TTL in words, rounded up: '5 minutes', '1 hour', '2 days'."""
    if seconds is None:
        return "a day"  # what resolvers commonly keep an answer for at most
    if seconds <= 60:
        return "a minute"
    if seconds < 3600:
        count, unit = math.ceil(seconds / 60), "minute"
    elif seconds < 86400:
        count, unit = math.ceil(seconds / 3600), "hour"
    else:
        count, unit = math.ceil(seconds / 86400), "day"
    return f"{count} {unit}{'' if count == 1 else 's'}"


def _under(name: str, suffix: str) -> bool:
    return name == suffix or name.endswith("." + suffix)


def _and(items: Iterable[str]) -> str:
    words = list(items)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _quoted(values: Iterable[str]) -> str:
    return _and(f"“{value}”" for value in values)


def _records_word(items: tuple[str, ...], kind: str = "") -> str:
    if kind:
        return f"a {kind}" if len(items) == 1 else f"{kind}s"
    return "that record" if len(items) == 1 else "those records"


def _it(items: tuple[str, ...], *, subject: bool = False) -> str:
    if len(items) == 1:
        return "it"
    return "they" if subject else "them"
