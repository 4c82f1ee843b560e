"""Rate limits for the API and the staff login, counted in the cache.

A rate such as "120/m" or "5/15m" allows that many hits in a window that starts with the
first hit and lasts the period; once it is used up, further hits are refused until the
window ends, and the refusal says how long that is (`Retry-After`). Counts live in
Django's cache (local memory by default; set CACHE_URL to share them between processes).

Neither django-ninja's throttles nor allauth's helpers fit here: ninja's run only after a
successful authentication (so wrong keys are never counted), keep per-request state on
objects shared by all threads, and read NINJA_NUM_PROXIES; allauth's public `consume()`
reads only ACCOUNT_RATE_LIMITS, skips GET requests and gives no retry time. The client's
address is allauth's, so TRUSTED_PROXY_COUNT applies here as it does to the logins.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import re
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*(s|m|h|d)\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_UNIT_WORDS = {"s": "second", "m": "minute", "h": "hour", "d": "day"}


@dataclass(frozen=True)
class Rate:
    limit: int
    seconds: int
    words: str  # "120 a minute", "5 in 15 minutes"

    @classmethod
    def parse(cls, text: str) -> Rate:
        """ "120/m", "5/15m", "10/30s", "1000/h", "50/d"."""
        match = _RATE.match(text)
        if not match:
            raise ValueError(
                f"{text!r} is not a rate: write hits/period, e.g. 120/m or 5/15m (s, m, h or d)."
            )
        limit, count, unit = int(match[1]), int(match[2] or 1), match[3]
        word = _UNIT_WORDS[unit]
        span = f"a {word}" if count == 1 else f"in {count} {word}s"
        return cls(limit=limit, seconds=count * _UNITS[unit], words=f"{limit} {span}")


def is_rate(text: str) -> bool:
    return bool(_RATE.match(text))


def client_address(request: HttpRequest) -> str:
    """The visitor's address, as allauth sees it (TRUSTED_PROXY_COUNT), with an IPv6
    address cut to its network (ALLAUTH_RATE_LIMIT_IPV6_PREFIX, /64 by default): one
    machine owns a whole /64, so counting single IPv6 addresses would count nothing.
    Requests without any address share one count."""
    from allauth import app_settings
    from allauth.account.adapter import get_adapter

    try:
        address = get_adapter(request).get_client_ip(request)
    except PermissionDenied:  # no address at all (a WSGI server that gives none)
        return "unknown"
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        prefix = app_settings.RATE_LIMIT_IPV6_PREFIX
        return str(ipaddress.IPv6Network(f"{parsed}/{prefix}", strict=False).network_address)
    return str(parsed)


def _key(scope: str, ident: str) -> str:
    return f"code24:rl:{scope}:{hashlib.sha256(ident.encode()).hexdigest()[:40]}"


def _window_start(key: str, rate: Rate, now: float, *, open_one: bool) -> float | None:
    start_key = f"{key}:start"
    start = cache.get(start_key)
    if start is not None and now < start + rate.seconds:
        return float(start)
    if not open_one:
        return None
    if start is None:
        cache.add(start_key, now, timeout=rate.seconds + 1)
        start = cache.get(start_key, now)
        if now < start + rate.seconds:
            return float(start)
    cache.set(start_key, now, timeout=rate.seconds + 1)  # the old window is over
    return now


def _count_key(key: str, start: float) -> str:
    return f"{key}:{start!r}"


def hit(scope: str, ident: str, rate: Rate) -> float | None:
    """Count one hit; None if it is within the rate, else the seconds until it is not."""
    now = time.time()
    key = _key(scope, ident)
    start = _window_start(key, rate, now, open_one=True)
    assert start is not None
    count_key = _count_key(key, start)
    cache.add(count_key, 0, timeout=rate.seconds + 1)
    try:
        count = cache.incr(count_key)
    except ValueError:  # the count expired between add and incr
        cache.add(count_key, 1, timeout=rate.seconds + 1)
        count = 1
    if count <= rate.limit:
        return None
    return _wait(start, rate, now)


def used_up(scope: str, ident: str, rate: Rate) -> float | None:
    """Without counting: None if another hit is allowed, else the seconds until it is."""
    now = time.time()
    key = _key(scope, ident)
    start = _window_start(key, rate, now, open_one=False)
    if start is None:
        return None
    if (cache.get(_count_key(key, start)) or 0) < rate.limit:
        return None
    return _wait(start, rate, now)


def clear(scope: str, ident: str) -> None:
    cache.delete(f"{_key(scope, ident)}:start")


def _wait(start: float, rate: Rate, now: float) -> float:
    return float(max(1, math.ceil(start + rate.seconds - now)))


def in_words(seconds: float) -> str:
    """ "42 seconds", "1 minute", "15 minutes"."""
    seconds = max(1, math.ceil(seconds))
    if seconds < 120:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minutes"
