"""Fault injection: make the local Cloudflare misbehave like the real one sometimes does.

A fault matches requests by method and path (a prefix of the request path, e.g.
``/client/v4/zones/``, or a regular expression) and fires for the next ``times``
matching requests (``None``: until cleared). What it does:

- ``delay``: wait that many seconds first (a slow answer; with a client timeout, a timeout);
- ``status``: answer with that status instead: 429 with ``retry-after`` (Cloudflare's rate
  limit), 500 with an API envelope, 502/503/504 with an HTML page like Cloudflare's edge,
  or any other status with ``code``/``message`` in the envelope;
- ``drop``: close the connection without an answer;
- ``after``: first carry the request out, then drop the answer or replace it with the
  status (the change happened, the caller never heard: the case idempotent creates are for);
  with ``delay``, the wait comes after the change and before the answer (the caller can
  be killed while the change is made and not yet known).
"""

from __future__ import annotations

import re
import threading
import uuid
from dataclasses import asdict, dataclass, field
from typing import Any

FAULT_FIELDS = (
    "path",
    "method",
    "regex",
    "status",
    "retry_after",
    "code",
    "message",
    "delay",
    "drop",
    "after",
    "times",
)


@dataclass
class Fault:
    path: str = "/"
    method: str = "*"
    regex: bool = False
    status: int | None = None
    retry_after: int | None = None
    code: int | None = None
    message: str | None = None
    delay: float = 0.0
    drop: bool = False
    after: bool = False
    times: int | None = 1
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    hits: int = 0

    def __post_init__(self) -> None:
        self.method = self.method.upper()
        if self.regex:
            re.compile(self.path)
        if self.status is not None and not 100 <= self.status <= 599:
            raise ValueError("status must be an HTTP status (100-599).")
        if self.times is not None and self.times < 1:
            raise ValueError("times must be at least 1, or null for 'until cleared'.")
        if self.delay < 0:
            raise ValueError("delay must not be negative.")
        if self.status is None and not self.drop and not self.delay:
            raise ValueError("A fault needs a status, drop or delay.")

    def matches(self, method: str, path: str) -> bool:
        if self.method not in ("*", method.upper()):
            return False
        if self.regex:
            return re.search(self.path, path) is not None
        return path.startswith(self.path)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class FaultInjector:
    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(self, **options: Any) -> Fault:
        unknown = set(options) - set(FAULT_FIELDS)
        if unknown:
            raise ValueError(f"Unknown fault fields: {', '.join(sorted(unknown))}.")
        fault = Fault(**options)
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def list(self) -> list[dict[str, Any]]:
        with self._lock:
            return [fault.as_dict() for fault in self._faults]

    def take(self, method: str, path: str) -> Fault | None:
        """The first fault matching this request, counted as fired once."""
        with self._lock:
            for fault in self._faults:
                if fault.matches(method, path):
                    fault.hits += 1
                    if fault.times is not None and fault.hits >= fault.times:
                        self._faults.remove(fault)
                    return fault
        return None
