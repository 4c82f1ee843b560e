"""Optimization work that spans models: scans of any site (and, later, cycles)."""

from __future__ import annotations

import ipaddress
import re
import socket
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.db import transaction

from code24 import net, ratelimits
from code24.accounts.models import Account, User
from optimization.models import Scan

# --- Scans of any site ---

SCAN_URL_MAX_LENGTH = 2000  # Scan.url's column
# What the scan of an account may be asked for: the original design's optimizationType.
# "full" checks everything; a category puts its recommendations first.
OPTIMIZATION_TYPES = ("full", "performance", "accessibility", "best-practices", "seo", "security")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):(?!\d)")
# An IPv4 address in a form inet_aton reads (and so getaddrinfo): 2130706433, 0x7f.1, 0177.0.0.1
_NUMERIC_HOST = re.compile(r"^(0x[0-9a-f]*|[0-9]+)(\.(0x[0-9a-f]*|[0-9]+)){0,3}$")


class ScanRefused(Exception):
    """A URL we will not scan; the message says why and what to do, in a sentence."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ScanLimitReached(Exception):
    """The account asked for as many scans this hour as its plan includes."""

    def __init__(self, message: str, *, retry_after: float) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


def _numeric_address(host: str) -> net.IPAddress | None:
    """The address a host written as a number stands for, however it is spelled."""
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        pass
    if _NUMERIC_HOST.match(host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def scan_url_clean(url: str) -> str:
    """The URL to scan, checked at the edge, or ScanRefused with the reason.

    Only what can be told without asking DNS: http(s), a host, no user name or password,
    a port a web server may use, no address that is loopback, private or reserved however
    it is written. A name is resolved (and every redirect checked) when the scan fetches
    it, through code24/net.py.
    """
    text = url.strip()
    if not text:
        raise ScanRefused("Enter the address of the website to scan, e.g. https://example.com.")
    if len(text) > SCAN_URL_MAX_LENGTH:
        raise ScanRefused(
            f"The address is {len(text)} characters long; addresses of at most "
            f"{SCAN_URL_MAX_LENGTH} characters can be scanned."
        )
    if any(ord(ch) < 33 or ord(ch) == 127 for ch in text):
        raise ScanRefused("The address contains spaces or control characters; remove them.")
    scheme = _SCHEME.match(text)
    if "://" not in text and scheme is None:
        text = "https://" + text  # "mybakery.com" means the website at that name
        scheme = _SCHEME.match(text)
    shown = text if len(text) <= 100 else text[:100] + "…"
    name = (scheme[1] if scheme else "").lower()
    if name not in ("http", "https"):
        what = f"a {name}: address" if name else "not a web address"
        raise ScanRefused(
            f"{shown} is {what}; only websites (http:// or https:// addresses) can be scanned."
        )
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise ScanRefused(
            f"{shown} is not a valid web address (check the port after the colon)."
        ) from None
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise ScanRefused(
            "Addresses with a user name or password are not scanned; remove the part before the @."
        )
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise ScanRefused(f"{shown} has no host name; write it as https://example.com.")
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise ScanRefused(f"{shown} does not have a valid host name.") from None
    if port is not None and (port == 0 or port in net.BAD_PORTS):
        raise ScanRefused(
            f"{shown} names port {port}, which is not a port websites are served on; "
            "leave the port out or use the website's own."
        )
    address = _numeric_address(host)
    if net.is_localhost_name(host) or (address is not None and not net.is_public_address(address)):
        raise ScanRefused(
            f"{shown} points to a private or reserved network address; only public "
            "websites can be scanned."
        )
    return urlunsplit((name, parts.netloc, parts.path or "/", parts.query, ""))


def scan_limit_check(account: Account) -> None:
    """Count one scan against the account's hourly allowance; ScanLimitReached when over."""
    allowed = account.entitlements.scans_per_hour
    rate = ratelimits.Rate(limit=allowed, seconds=3600, words=f"{allowed} an hour")
    wait = ratelimits.hit("scans", str(account.pk), rate)
    if wait is not None:
        raise ScanLimitReached(
            f"Your {account.plan.name} plan includes {allowed} scans an hour and this "
            f"hour's are used up. Try again in {ratelimits.in_words(wait)}.",
            retry_after=wait,
        )


def scan_request(
    *,
    account: Account,
    url: str,
    options: dict[str, Any] | None = None,
    requested_by: User | None = None,
    via: str,
) -> Scan:
    """A queued scan of ``url`` for ``account``; the scan runs after the commit.

    Raises ScanRefused for a URL we will not scan, ScanLimitReached over the plan's
    hourly scans (a refused URL does not count)."""
    from optimization import tasks

    clean = scan_url_clean(url)
    scan_limit_check(account)
    with transaction.atomic():
        scan = Scan.objects.create(
            account=account,
            url=clean,
            options=options or {},
            requested_by=requested_by,
            requested_via=via,
        )
        tasks.scan_run.delay_on_commit(scan.pk)
    return scan
