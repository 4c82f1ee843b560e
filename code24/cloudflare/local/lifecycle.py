"""How the local Cloudflare moves custom hostnames and fallback origins along.

Every check (every few seconds, or at once when a hostname is edited) moves each object
at most one step, as Cloudflare does over minutes:

- fallback origin: initializing → pending_deployment → active;
- certificate (``ssl.status``): initializing → pending_validation (validation records
  appear) → pending_issuance once domain control is proven → pending_deployment →
  active (the validation records go away);
- hostname (``status``): pending → active once ownership is proven and the zone's
  fallback origin is active; until then ``verification_errors`` say what is missing;
- an active certificate carries its details, and is renewed from 30 days before it
  expires (``certificates.py``);
- active → moved when a hostname that pointed at us (a CNAME to the fallback origin or
  the zone) no longer does, and back to active when it does again. Active hostnames are
  looked at only every few checks (``WATCH_EVERY`` in ``server.py``), one CNAME lookup
  each, and only those once seen pointing at us.

Proof is really looked for, through the configured DNS resolver:

- ownership: the TXT record ``_cf-custom-hostname.<host>`` holds the hostname's
  ``ownership_verification.value``; or the host is a CNAME to the fallback origin or a
  name in the zone; or ``ownership_verification_http.http_url`` serves its ``http_body``;
- domain control for the certificate: method ``http``: the host is a CNAME to us, or the
  validation record's ``http_url`` serves its ``http_body``; method ``txt``: the TXT
  ``_acme-challenge.<host>`` holds the record's ``txt_value``; method ``email``: never
  locally (no mail is sent).

HTTP tokens are fetched from the address the resolver gives, on port 80 (as Cloudflare
does; ``http_check_port`` changes it for tests), pinned, without redirects, only from
loopback or public addresses, with a short timeout and a small size cap. The run command
leaves the port at 80: on one machine nothing serves a customer's own web server, and a
CNAME to the fallback origin proves both ownership and the certificate's domain control
without HTTP, as on Cloudflare, which then answers the HTTP tokens itself. The control
API's "DNS configured" mark stands in for all of these proofs (demos).
"""

from __future__ import annotations

import http.client
import ipaddress
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import dns.exception
import dns.resolver

from code24.cloudflare.local import certificates

log = logging.getLogger("code24.cloudflare.local")

HTTP_TIMEOUT = 2.0
HTTP_MAX_BYTES = 4096


def make_resolver(address: str | None, timeout: float = 2.0) -> dns.resolver.Resolver:
    """A resolver for "host:port" (or "host"), or the system's when ``address`` is empty."""
    if address:
        host, _, port = address.rpartition(":") if address.count(":") == 1 else (address, "", "")
        resolver = dns.resolver.Resolver(configure=False)
        resolver.nameservers = [host or address]
        resolver.port = int(port) if port else 53
    else:
        try:
            resolver = dns.resolver.Resolver()
        except dns.resolver.NoResolverConfiguration:
            resolver = dns.resolver.Resolver(configure=False)
            resolver.nameservers = ["127.0.0.1"]
    resolver.timeout = timeout
    resolver.lifetime = timeout
    resolver.cache = None
    return resolver


class Prober:
    """Looks for a hostname's proofs in DNS and over HTTP."""

    def __init__(self, resolver_address: str | None = None, *, http_port: int = 80) -> None:
        self.resolver = make_resolver(resolver_address)
        self.http_port = http_port

    def _answers(self, name: str, rdtype: str) -> list[Any]:
        try:
            return list(self.resolver.resolve(name, rdtype, search=False))
        except (dns.exception.DNSException, OSError, ValueError) as exc:
            log.debug("DNS %s %s: %s", rdtype, name, exc)
            return []

    def txt(self, name: str) -> list[str]:
        values = []
        for answer in self._answers(name, "TXT"):
            values.append(b"".join(answer.strings).decode("utf-8", errors="replace"))
        return values

    def caa_issuers(self, name: str) -> list[str] | None:
        """The CAA ``issue`` values that apply to ``name`` (RFC 8659: the closest name,
        climbing towards the root, that has CAA records); None when no name has any."""
        labels = name.rstrip(".").split(".")
        for start in range(len(labels) - 1):
            answers = self._answers(".".join(labels[start:]), "CAA")
            if answers:
                return [
                    answer.value.decode(errors="replace").split(";")[0].strip().lower()
                    for answer in answers
                    if answer.tag.decode(errors="replace").lower() == "issue"
                ]
        return None

    def cname(self, name: str) -> str | None:
        for answer in self._answers(name, "CNAME"):
            return str(answer.target).rstrip(".").lower()
        return None

    def addresses(self, name: str) -> list[str]:
        return [answer.address for answer in self._answers(name, "A")]

    def http_token(self, url: str, expected: str) -> bool:
        """True when ``url`` answers 200 with ``expected`` as its body."""
        parts = urlsplit(url)
        if parts.scheme != "http" or not parts.hostname or not expected:
            return False
        for address in self.addresses(parts.hostname):
            ip = ipaddress.ip_address(address)
            if not (ip.is_loopback or ip.is_global):
                log.info("Not fetching %s from %s: not a loopback or public address", url, ip)
                continue
            connection = http.client.HTTPConnection(
                address, parts.port or self.http_port, timeout=HTTP_TIMEOUT
            )
            try:
                connection.request(
                    "GET",
                    parts.path or "/",
                    headers={"Host": parts.netloc, "User-Agent": "Code24 local Cloudflare"},
                )
                response = connection.getresponse()
                body = response.read(HTTP_MAX_BYTES)
                if response.status == 200 and body.strip() == expected.encode():
                    return True
            except (OSError, http.client.HTTPException) as exc:
                log.debug("HTTP check %s via %s: %s", url, address, exc)
            finally:
                connection.close()
        return False


# The certificate authorities Cloudflare issues custom hostnames' certificates from, as
# CAA ``issue`` values (Google Trust Services, Let's Encrypt, SSL.com).
CERTIFICATE_AUTHORITIES = ("pki.goog", "letsencrypt.org", "ssl.com")


@dataclass(frozen=True)
class Proofs:
    ownership: bool
    dcv: bool
    routed: bool | None  # the host is a CNAME to the fallback origin or the zone (None: not
    # looked up in this check)
    caa_blocked: bool = False  # CAA forbids every authority Cloudflare issues from


def is_routed(target: str, *, fallback_origin: str, zone_name: str) -> bool:
    """Whether a CNAME target is the fallback origin or a name in the SaaS zone."""
    return bool(target) and (
        target == fallback_origin.lower()
        or (bool(zone_name) and (target == zone_name or target.endswith("." + zone_name)))
    )


def find_routing(
    record: dict[str, Any], prober: Prober, *, fallback_origin: str, zone_name: str
) -> Proofs:
    """Only whether the host still points at us (one CNAME lookup): the slow re-check."""
    if record.get("_local", {}).get("dns_configured"):
        return Proofs(ownership=False, dcv=False, routed=True)
    host = record["hostname"]
    target = prober.cname(host) or ""
    routed = is_routed(target, fallback_origin=fallback_origin, zone_name=zone_name)
    if not routed and not target and fallback_origin:
        # A flattened CNAME (an apex's ALIAS/ANAME): the host's addresses are the fallback
        # origin's, which Cloudflare sees as addresses its SaaS zone owns.
        theirs = set(prober.addresses(host))
        routed = bool(theirs) and theirs <= set(prober.addresses(fallback_origin))
    return Proofs(ownership=False, dcv=False, routed=routed)


def find_proofs(
    record: dict[str, Any], prober: Prober, *, fallback_origin: str, zone_name: str
) -> Proofs:
    if record.get("_local", {}).get("dns_configured"):
        return Proofs(ownership=True, dcv=True, routed=True)
    routed = bool(
        find_routing(record, prober, fallback_origin=fallback_origin, zone_name=zone_name).routed
    )
    ownership = routed
    verification = record.get("ownership_verification") or {}
    if not ownership and verification.get("value"):
        ownership = verification["value"] in prober.txt(verification["name"])
    http_proof = record.get("ownership_verification_http") or {}
    if not ownership and http_proof.get("http_url"):
        ownership = prober.http_token(http_proof["http_url"], http_proof.get("http_body", ""))
    ssl = record.get("ssl") or {}
    dcv = False
    for item in record.get("_local", {}).get("dcv", []):
        if ssl.get("method") == "http":
            dcv = routed or prober.http_token(item.get("http_url", ""), item.get("http_body", ""))
        elif ssl.get("method") == "txt":
            dcv = item.get("txt_value", "") in prober.txt(item.get("txt_name", ""))
        if dcv:
            break
    caa_blocked = False
    if dcv and ssl.get("status") == "pending_validation":
        issuers = prober.caa_issuers(record["hostname"])
        # CAA that forbids every authority Cloudflare uses: domain control is proven, but
        # no certificate can be issued (Cloudflare reports it as a validation error).
        caa_blocked = bool(issuers) and not set(issuers or ()) & set(CERTIFICATE_AUTHORITIES)
    return Proofs(
        ownership=ownership, dcv=dcv and not caa_blocked, routed=routed, caa_blocked=caa_blocked
    )


def dcv_records(hostname: str, method: str) -> list[dict[str, Any]]:
    """The certificate authority's validation records for ``method``."""
    token = uuid.uuid4().hex
    if method == "http":
        return [
            {
                "http_url": f"http://{hostname}/.well-known/pki-validation/ca3-{token}.txt",
                "http_body": f"ca3-{uuid.uuid4().hex}",
                "status": "pending",
            }
        ]
    if method == "txt":
        return [
            {
                "txt_name": f"_acme-challenge.{hostname}",
                "txt_value": token,
                "status": "pending",
            }
        ]
    return [
        {
            "emails": [f"{name}@{hostname}" for name in ("administrator", "webmaster")],
            "status": "pending",
        }
    ]


FALLBACK_STEPS = {"initializing": "pending_deployment", "pending_deployment": "active"}
SSL_STEPS = {"pending_issuance": "pending_deployment", "pending_deployment": "active"}
NOT_ROUTED = "custom hostname does not CNAME to this zone."


def advance_fallback(record: dict[str, Any], now: datetime) -> bool:
    following = FALLBACK_STEPS.get(record.get("status", ""))
    if following is None:
        return False
    record["status"] = following
    record["updated_at"] = certificates.iso(now)
    return True


def advance_hostname(
    record: dict[str, Any], proofs: Proofs, *, fallback: dict[str, Any] | None, now: datetime
) -> bool:
    """Move the hostname and its certificate one step; True when anything changed."""
    before = repr(record)
    _advance_certificate(record, proofs, now)
    _advance_status(record, proofs, fallback)
    return repr(record) != before


def _advance_certificate(record: dict[str, Any], proofs: Proofs, now: datetime) -> None:
    ssl = record.setdefault("ssl", {})
    local = record.setdefault("_local", {})
    status = ssl.get("status")
    if status == "initializing":
        ssl["status"] = "pending_validation"
        ssl["validation_records"] = [dict(item) for item in local.get("dcv", [])]
    elif status == "pending_validation":
        if proofs.dcv:
            ssl["status"] = "pending_issuance"
            ssl.pop("validation_errors", None)
            for item in ssl.get("validation_records", []):
                item["status"] = "active"
        elif ssl.get("method") == "email":
            ssl["validation_errors"] = [{"message": "Waiting for the validation email's link."}]
        elif proofs.caa_blocked:
            ssl["validation_errors"] = [
                {
                    "message": "caa_error: CAA records on the domain do not allow the "
                    "certificate authority to issue a certificate."
                }
            ]
        else:
            ssl["validation_errors"] = [
                {"message": "The certificate authority has not seen the validation record yet."}
            ]
    elif status in SSL_STEPS:
        ssl["status"] = SSL_STEPS[status]
        if ssl["status"] == "active":
            ssl.pop("validation_records", None)
            ssl.pop("validation_errors", None)
            certificates.issue(ssl, record["hostname"], now)
    elif certificates.renewal_due(record, now) and proofs.dcv:
        certificates.issue(ssl, record["hostname"], now)
        ssl["status"] = "active"
    elif certificates.has_expired(record, now):
        ssl["status"] = "expired"


def _advance_status(
    record: dict[str, Any], proofs: Proofs, fallback: dict[str, Any] | None
) -> None:
    local = record.setdefault("_local", {})
    status = record.get("status")
    if proofs.routed:
        local["routed"] = True  # from now on, pointing elsewhere moves it
    if status == "pending":
        if fallback is None:
            record["verification_errors"] = ["Zone does not have a fallback origin set."]
        elif fallback.get("status") != "active":
            record["verification_errors"] = [
                f"Fallback origin is in a status of {fallback.get('status')}."
            ]
        elif proofs.ownership:
            record["status"] = "active"
            record.pop("verification_errors", None)
        else:
            record["verification_errors"] = [
                NOT_ROUTED,
                "None of the A or AAAA records are owned by this account and the pre-generated "
                "ownership verification token was not found.",
            ]
    elif status == "moved" and proofs.routed:
        record["status"] = "active"
        record.pop("verification_errors", None)
    elif status == "active" and proofs.routed is False and local.get("routed"):
        record["status"] = "moved"
        record["verification_errors"] = [NOT_ROUTED]


def needs_check(record: dict[str, Any], now: datetime) -> bool:
    """Whether the checker has a step to take for this hostname (maybe without lookups)."""
    ssl_status = (record.get("ssl") or {}).get("status")
    return (
        record.get("status") == "pending"
        or ssl_status not in ("active", "expired")
        or certificates.renewal_due(record, now)
        or certificates.has_expired(record, now)
    )


def needs_proof(record: dict[str, Any], now: datetime) -> bool:
    """Whether the next step depends on DNS or HTTP proofs (else no lookups are made)."""
    ssl_status = (record.get("ssl") or {}).get("status")
    return (
        record.get("status") == "pending"
        or ssl_status in ("initializing", "pending_validation")
        or certificates.renewal_due(record, now)
    )


def is_watched(record: dict[str, Any]) -> bool:
    """Whether the slow re-check looks at this hostname: active or moved, once seen
    pointing at us (a hostname proven by TXT before its DNS moves over is left alone),
    and not marked "DNS configured"."""
    local = record.get("_local", {})
    return (
        record.get("status") in ("active", "moved")
        and bool(local.get("routed"))
        and not local.get("dns_configured")
    )


NO_PROOFS = Proofs(ownership=False, dcv=False, routed=None)
