"""A small DNS server on loopback that stands in for a customer's DNS provider.

The run command starts one beside the local Cloudflare, so that a person trying Code24 on
one machine can add the records the dashboard shows (through the local Cloudflare's DNS
page or its ``/__local__/dns`` endpoints) and watch the domain go live; the local
Cloudflare's checks and the domain doctor ask it instead of the system resolver. The
tests start their own, one per broken configuration.

It answers authoritatively for whatever records it holds: A, AAAA, CNAME (followed
within its own records), TXT, CAA, NS and MX, with ``*.`` wildcards; a name it holds no
record at or under is NXDOMAIN, a known name without the asked type an empty answer.
Records are kept in memory and, when a ``path`` is given, in a JSON file there (so they
survive a restart). UDP and TCP, like any DNS server.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections import deque
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from dnslib import AAAA, CAA, CNAME, MX, NS, QTYPE, RCODE, RR, TXT, A, DNSLabel, DNSRecord
from dnslib.server import BaseResolver, DNSHandler, DNSLogger, DNSServer

log = logging.getLogger("code24.cloudflare.local.dns")

TYPES = ("A", "AAAA", "CNAME", "TXT", "CAA", "NS", "MX")
DEFAULT_TTL = 300
MAX_CNAME_CHAIN = 8
LABEL_RE = re.compile(r"^(?:\*|[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)$")


class RecordError(ValueError):
    """A record the server can't hold; the message says what to fix."""


@dataclass(frozen=True)
class Record:
    name: str  # lower case, no trailing dot; may start with "*."
    type: str  # one of TYPES
    value: str  # A/AAAA: the address; CNAME/NS: a name; TXT: the text;
    # CAA: 'flags tag "value"' (0 issue "pki.goog"); MX: "priority name"
    ttl: int = DEFAULT_TTL

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def record(name: str, type: str, value: str, ttl: int | None = None) -> Record:
    """A checked record (names lower-cased, without the trailing dot)."""
    name = str(name).strip().rstrip(".").lower()
    kind = str(type).strip().upper()
    value = str(value).strip()
    labels = name.split(".")
    if len(name) > 253 or not all(LABEL_RE.match(label) for label in labels) or "*" in labels[1:]:
        raise RecordError(
            f"{name!r} is not a DNS name: use letters, digits, hyphens and underscores, "
            "with dots between labels (a '*.' wildcard only at the start)."
        )
    if kind not in TYPES:
        raise RecordError(f"Record type {kind!r} is not supported; use one of {', '.join(TYPES)}.")
    if not value:
        raise RecordError("A record needs a value.")
    if kind in ("CNAME", "NS"):
        value = value.rstrip(".").lower()
    try:
        _rdata(kind, value)
    except (ValueError, IndexError) as exc:
        raise RecordError(f"{value!r} is not a valid {kind} value ({exc}).") from None
    number = DEFAULT_TTL if ttl is None else int(ttl)
    if not 0 <= number <= 86400 * 7:
        raise RecordError("TTL must be between 0 and 604800 seconds.")
    return Record(name=name, type=kind, value=value, ttl=number)


def _rdata(kind: str, value: str) -> Any:
    if kind == "A":
        return A(value)
    if kind == "AAAA":
        return AAAA(value)
    if kind == "CNAME":
        return CNAME(value + ".")
    if kind == "NS":
        return NS(value + ".")
    if kind == "TXT":
        data = value.encode()
        return TXT([data[i : i + 255] for i in range(0, len(data), 255)] or [b""])
    if kind == "MX":
        priority, _, host = value.partition(" ")
        return MX(host.strip().rstrip(".") + ".", int(priority))
    if kind == "CAA":
        flags, tag, quoted = value.split(" ", 2)
        return CAA(int(flags), tag, quoted.strip().strip('"'))
    raise ValueError(kind)


class Records:
    """The records, thread-safe, optionally saved to a JSON file."""

    def __init__(self, path: Path | None = None, records: list[Record] | None = None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._items: list[Record] = []
        if path is not None and path.exists():
            try:
                raw = json.loads(path.read_text())
                self._items = [record(**item) for item in raw.get("records", [])]
            except (ValueError, TypeError, RecordError) as exc:
                log.warning("Ignoring the unreadable DNS records in %s: %s", path, exc)
        for item in records or []:
            self.add(item)

    def all(self) -> list[Record]:
        with self._lock:
            return list(self._items)

    def add(self, item: Record) -> Record:
        """Add a record; the same name, type and value again replaces its TTL. A CNAME
        can't share its name with other records (RFC 1034), so adding one refuses."""
        with self._lock:
            same_name = [other for other in self._items if other.name == item.name]
            if item.type == "CNAME" and any(other.type != "CNAME" for other in same_name):
                raise RecordError(
                    f"{item.name} already has other records; a CNAME must be the only record "
                    "at its name. Delete them first."
                )
            if item.type != "CNAME" and any(other.type == "CNAME" for other in same_name):
                raise RecordError(
                    f"{item.name} is a CNAME; no other record can be at its name. "
                    "Delete the CNAME first."
                )
            if item.type == "CNAME":
                self._items = [other for other in self._items if other not in same_name]
            self._items = [
                other
                for other in self._items
                if (other.name, other.type, other.value) != (item.name, item.type, item.value)
            ]
            self._items.append(item)
            self._save()
        return item

    def delete(self, name: str, type: str | None = None, value: str | None = None) -> int:
        """Delete the records at `name` (of `type`, with `value`); how many went."""
        name = name.strip().rstrip(".").lower()
        kind = type.upper() if type else None
        with self._lock:
            keep = [
                item
                for item in self._items
                if not (
                    item.name == name
                    and (kind is None or item.type == kind)
                    and (
                        value is None
                        or item.value == value.strip().rstrip(".").lower()
                        or item.value == value.strip()
                    )
                )
            ]
            removed = len(self._items) - len(keep)
            self._items = keep
            if removed:
                self._save()
        return removed

    def clear(self) -> None:
        with self._lock:
            self._items = []
            self._save()

    def _save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"records": [item.as_dict() for item in self._items]}))
        temporary.replace(self.path)

    # --- Lookups ----------------------------------------------------------------------

    def at(self, name: str) -> list[Record]:
        """The records at `name`: its own, or else those of the closest ``*.`` wildcard."""
        items = self.all()
        own = [item for item in items if item.name == name]
        if own:
            return own
        labels = name.split(".")
        for start in range(1, len(labels)):
            wildcard = "*." + ".".join(labels[start:])
            matches = [item for item in items if item.name == wildcard]
            if matches:
                return [Record(name, item.type, item.value, item.ttl) for item in matches]
        return []

    def exists(self, name: str) -> bool:
        """Whether `name` holds records or has names below it (an empty non-terminal)."""
        return any(
            item.name == name or item.name.endswith("." + name) for item in self.all()
        ) or bool(self.at(name))


class _Resolver(BaseResolver):
    def __init__(self, records: Records, queries: deque[tuple[str, str]]) -> None:
        self.records = records
        self.queries = queries

    def resolve(self, request: DNSRecord, handler: DNSHandler) -> DNSRecord:
        reply = request.reply()
        reply.header.aa = 1
        question = request.q
        name = str(question.qname).rstrip(".").lower()
        wanted = QTYPE[question.qtype]
        self.queries.append((name, wanted))
        seen: set[str] = set()
        for _ in range(MAX_CNAME_CHAIN):
            here = self.records.at(name)
            matches = [item for item in here if wanted in ("ANY", item.type)]
            cname = next((item for item in here if item.type == "CNAME"), None)
            if matches:
                for item in matches:
                    reply.add_answer(_rr(item))
                return reply
            if cname is None or name in seen:
                break
            seen.add(name)
            reply.add_answer(_rr(cname))
            name = cname.value
        if not reply.rr and not self.records.exists(name):
            reply.header.rcode = RCODE.NXDOMAIN
        return reply


def _rr(item: Record) -> RR:
    return RR(
        DNSLabel(item.name + "."),
        getattr(QTYPE, item.type),
        rdata=_rdata(item.type, item.value),
        ttl=item.ttl,
    )


class LocalDNS:
    """The server: ``start()``, ``address`` ("127.0.0.1:<port>") for resolvers, ``stop()``.

    ``queries`` holds the last questions asked, ``(name, type)``, oldest first.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        path: Path | None = None,
        records: list[Record] | None = None,
    ) -> None:
        self.records = Records(path, records)
        self.queries: deque[tuple[str, str]] = deque(maxlen=1000)
        resolver = _Resolver(self.records, self.queries)
        quiet = DNSLogger(log="-request,-reply,-truncated,-data", prefix=False)
        self.host = host
        # UDP and TCP on the same port (resolvers retry over TCP when an answer is
        # truncated). With port 0 the free UDP port may be taken for TCP: try another.
        attempts = 20 if port == 0 else 1
        for attempt in range(attempts):
            self._udp = DNSServer(resolver, address=host, port=port, logger=quiet)
            self.port = int(self._udp.server.server_address[1])
            try:
                self._tcp = DNSServer(
                    resolver, address=host, port=self.port, tcp=True, logger=quiet
                )
                break
            except OSError:
                self._udp.server.server_close()
                if attempt == attempts - 1:
                    raise

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    def start(self) -> LocalDNS:
        for server in (self._udp, self._tcp):  # a short poll, so that stop() is quick
            server.thread = threading.Thread(
                target=server.server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"local-dns-{'tcp' if server is self._tcp else 'udp'}",
                daemon=True,
            )
            server.thread.start()
        log.info("Local DNS server on %s (udp and tcp)", self.address)
        return self

    def stop(self) -> None:
        for server in (self._udp, self._tcp):
            server.server.shutdown()
            server.server.server_close()

    def __enter__(self) -> LocalDNS:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # Shortcuts for tests and the control API.
    def add(self, name: str, type: str, value: str, ttl: int | None = None) -> Record:
        return self.records.add(record(name, type, value, ttl))

    def delete(self, name: str, type: str | None = None, value: str | None = None) -> int:
        return self.records.delete(name, type, value)


def platform_records(*, platform_domain: str, fallback_origin: str) -> list[Record]:
    """The platform's own records, which the run command's server always holds: the SaaS
    fallback origin and every ``<slug>.<PLATFORM_DOMAIN>`` at the loopback edge."""
    return [
        record(fallback_origin, "A", "127.0.0.1"),
        record(f"*.{platform_domain}", "A", "127.0.0.1"),
    ]
