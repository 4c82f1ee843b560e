"""Optimization work that spans models: cycles (asked for now, or claimed when due) and
scans of any site. Views, the API and the tasks call these; the cycle itself runs in
`optimization.cycles`."""

from __future__ import annotations

import ipaddress
import logging
import random
import re
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from code24 import net, ratelimits
from code24.accounts.models import Account, Subscription, User
from optimization import fetchers
from optimization.models import OptimizationCycle, Scan
from sites.models import Site

log = logging.getLogger(__name__)

# --- Cycles ---------------------------------------------------------------------------

Cycle = OptimizationCycle
ACTIVE = (Cycle.Status.QUEUED, Cycle.Status.RUNNING)
# A queued cycle no worker has started for this long has lost its message (or the queue
# is that far behind): the dispatcher sends it again, at most once per this period.
QUEUED_LOST_AFTER = timedelta(minutes=5)


class CycleRefused(Exception):
    """A cycle cannot be run now; the message says why, for the customer."""


def cycle_create(*, site: Site, via: str) -> OptimizationCycle:
    """A queued cycle of `site` with the next number. Two made at once never share a
    number: the unique (site, number) constraint refuses the second, which takes the next."""
    for _ in range(5):
        try:
            with transaction.atomic():
                number = (site.cycles.aggregate(n=Max("number"))["n"] or 0) + 1
                return Cycle.objects.create(site=site, number=number, requested_via=via)
        except IntegrityError:
            continue  # another cycle took the number a moment ago
    raise RuntimeError(f"Could not number a new cycle of site {site.pk}.")


def cycle_request(
    *, site: Site, requested_by: User | None = None, via: str = "dashboard"
) -> OptimizationCycle:
    """ "Run a cycle now": a cycle of `site`, queued at once (after commit).

    Refused (``CycleRefused``, with a sentence) when the site is not live or a cycle of it
    is already queued or running. Allowed while improvements are paused: pausing means
    Code24 changes nothing *by itself* (the dispatcher skips the site), and a run the
    customer asks for is their own decision, so it goes ahead (and may publish a new
    version, guarded like any cycle)."""
    from optimization import tasks

    with transaction.atomic():
        site = Site.objects.select_for_update().get(pk=site.pk)
        if site.is_offline:
            raise CycleRefused("This site is offline. Put it back online first.")
        if not site.is_live:
            raise CycleRefused("This site is not live yet: a cycle starts once it is.")
        if site.cycles.filter(status__in=ACTIVE).exists():
            raise CycleRefused(
                "A cycle of this site is already queued or running. Wait for it to finish."
            )
        cycle = cycle_create(site=site, via=via)
        log.info("cycle %s of site %s asked for by %s (%s)", cycle.pk, site.pk, requested_by, via)
        tasks.cycle_run.delay_on_commit(cycle.pk)
    return cycle


def cycle_interval(site: Site) -> timedelta:
    """Time between two cycles of `site`: its plan's, unless OPTIMIZATION_INTERVAL_SECONDS
    says otherwise (short with the local Cloudflare, so a person sees cycles happen)."""
    if settings.OPTIMIZATION_INTERVAL_SECONDS > 0:
        return timedelta(seconds=settings.OPTIMIZATION_INTERVAL_SECONDS)
    return site.account.entitlements.optimization_interval


def next_cycle_at(site: Site, *, now: datetime | None = None) -> datetime:
    """When the next cycle of `site` is due: one interval from `now`, give or take
    OPTIMIZATION_JITTER of it, so sites built at the same time spread out."""
    interval = cycle_interval(site)
    spread = settings.OPTIMIZATION_JITTER
    factor = 1 + random.uniform(-spread, spread)  # noqa: S311 - jitter, not a secret
    return (now or timezone.now()) + interval * factor


@dataclass(frozen=True)
class Dispatched:
    """One dispatcher tick: the cycles created (to enqueue), the sites claimed, and the
    cycles handed to a worker again (their message or their worker was lost)."""

    cycles: list[int]
    sites: int
    resent: list[int]


def cycles_dispatch_claim(*, limit: int, now: datetime | None = None) -> Dispatched:
    """Claim up to `limit` due sites: each gets its next time and one queued cycle (none
    if a cycle of it is still queued or running). Returns the ids to enqueue; the caller
    enqueues them after this commits.

    On PostgreSQL the due rows are locked with ``FOR UPDATE SKIP LOCKED`` (of the site
    rows only), so two dispatchers at once claim disjoint sites and never wait for each
    other. SQLite has no row locks: Code24 opens its transactions IMMEDIATE (settings), so
    the second dispatcher's transaction starts only once the first has committed, and then
    finds the first one's sites no longer due."""
    now = now or timezone.now()
    with transaction.atomic():
        sites = list(
            Site.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                status=Site.Status.LIVE, improvements_paused=False, next_optimization_at__lte=now
            )
            # A read-only account's sites (subscription ended or unpaid) are not improved.
            .exclude(account__subscription__status__in=Subscription.READ_ONLY)
            .select_related("account__subscription__plan")
            .order_by("next_optimization_at", "id")[:limit]
        )
        if not sites:
            return Dispatched(cycles=[], sites=0, resent=_lost_cycles(now))
        ids = [site.pk for site in sites]
        busy = set(
            Cycle.objects.filter(site_id__in=ids, status__in=ACTIVE).values_list(
                "site_id", flat=True
            )
        )
        for site in sites:
            site.next_optimization_at = next_cycle_at(site, now=now)
        Site.objects.bulk_update(sites, ["next_optimization_at"], batch_size=500)
        numbers = dict(
            Cycle.objects.filter(site_id__in=ids)
            .values("site_id")
            .annotate(n=Max("number"))
            .values_list("site_id", "n")
        )
        created = Cycle.objects.bulk_create(
            [
                Cycle(site_id=site.pk, number=(numbers.get(site.pk) or 0) + 1, created_at=now)
                for site in sites
                if site.pk not in busy
            ],
            batch_size=1000,
        )
    return Dispatched(cycles=[c.pk for c in created], sites=len(sites), resent=_lost_cycles(now))


def _lost_cycles(now: datetime) -> list[int]:
    """Cycles to hand to a worker again: running under a lease that lapsed a dispatch
    period ago (the worker died, or the message for its next try was lost), or queued
    for QUEUED_LOST_AFTER (marked with a lease so they are sent once per that period).
    The cycle task claims a cycle, so a copy that arrives late does nothing."""
    grace = timedelta(seconds=settings.OPTIMIZATION_DISPATCH_SECONDS)
    running = Q(status=Cycle.Status.RUNNING) & (
        Q(lease_until__lt=now - grace) | Q(lease_until__isnull=True)
    )
    queued = Q(status=Cycle.Status.QUEUED, created_at__lt=now - QUEUED_LOST_AFTER) & (
        Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    )
    lost = list(Cycle.objects.filter(running | queued).values_list("pk", flat=True)[:1000])
    if lost:
        Cycle.objects.filter(pk__in=lost, status=Cycle.Status.QUEUED).update(
            lease_until=now + QUEUED_LOST_AFTER
        )
    return lost


# --- Scans of any site ---

SCAN_URL_MAX_LENGTH = 2000  # what may be sent; Scan.url has room for the cleaned form
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
    clean = urlunsplit((name, parts.netloc, parts.path or "/", parts.query, ""))
    if fetchers.local_site_at(clean) is not None:
        return clean  # one of the sites this machine's local edge serves (see fetchers)
    if net.is_localhost_name(host) or (address is not None and not net.is_public_address(address)):
        raise ScanRefused(
            f"{shown} points to a private or reserved network address; only public "
            "websites can be scanned."
        )
    return clean


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
