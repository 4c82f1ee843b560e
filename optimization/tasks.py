"""Optimization work on the `optimization` queue. Tasks take ids and are safe to run twice."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from celery import Task, shared_task
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from code24 import net
from optimization.models import Scan

log = logging.getLogger(__name__)

# --- Cycles ---------------------------------------------------------------------------


def cycle_expiry() -> float:
    """A cycle message not taken within this long is dropped: the dispatcher sends the
    cycle again when it finds it still queued (services.QUEUED_LOST_AFTER), so nothing is
    lost, and a worker that catches up after an outage does not run stale messages."""
    return float(settings.OPTIMIZATION_CYCLE_LEASE_SECONDS)


@shared_task(name="optimization.tasks.cycle_run", bind=True, acks_late=True, max_retries=None)
def cycle_run(self: Task, cycle_id: int) -> None:
    """Run the cycle; come back when its waiting build's next try is due. A cycle that is
    finished, or held by another worker, is left alone (so a second message is harmless)."""
    from optimization import cycles

    wait = cycles.cycle_run(cycle_id)
    if wait is not None:
        raise self.retry(countdown=wait, expires=wait + cycle_expiry())


@shared_task(name="optimization.tasks.cycles_dispatch")
def cycles_dispatch() -> int:
    """Every OPTIMIZATION_DISPATCH_SECONDS: claim the sites whose next cycle is due (their
    next time moves on), create one cycle each, hand each to a worker; and hand back the
    cycles whose worker or message was lost."""
    from optimization.services import cycles_dispatch_claim

    tick = cycles_dispatch_claim(limit=settings.OPTIMIZATION_DISPATCH_BATCH)
    expires = cycle_expiry()
    for cycle_id in [*tick.cycles, *tick.resent]:
        cycle_run.apply_async((cycle_id,), expires=expires)
    if tick.sites or tick.resent:
        log.info(
            "cycles: %s sites due, %s cycles handed out, %s handed out again",
            tick.sites,
            len(tick.cycles),
            len(tick.resent),
        )
    return len(tick.cycles)


# --- Scans of any site ---

# The fetcher scans use: the SSRF-safe default. (A test that scans a page it serves on
# loopback replaces it, for that test only, with one that allows loopback.)
FETCH: Any = net.fetch
# A running scan whose worker died is taken over after this long (a scan's fetches are
# capped at 15 seconds each, so a live one finishes well within it).
SCAN_LEASE = timedelta(minutes=15)


@shared_task(name="optimization.tasks.scan_run")
def scan_run(scan_id: int) -> None:
    """Scan the URL of a queued scan and store its report on the row.

    Claims the scan (queued → running) with a conditional update, so a second delivery
    of the message does nothing; a finished scan is left alone. A URL that cannot be
    scanned gives a failed scan with the reason, never an exception.
    """
    from optimization import fetchers, scanner

    now = timezone.now()
    claimable = Q(status=Scan.Status.QUEUED) | Q(
        status=Scan.Status.RUNNING, started_at__lt=now - SCAN_LEASE
    )
    claimed = Scan.objects.filter(claimable, pk=scan_id).update(
        status=Scan.Status.RUNNING, started_at=now
    )
    if not claimed:
        return
    scan = Scan.objects.get(pk=scan_id)
    try:
        site = fetchers.local_site_at(scan.url) if FETCH is net.fetch else None
        report = scanner.scan(scan.url, fetch=fetchers.site_fetcher(site) if site else FETCH)
    except Exception:
        log.exception("scan %s of %s", scan.pk, scan.url)
        Scan.objects.filter(pk=scan.pk).update(
            status=Scan.Status.FAILED,
            error="The scan stopped because of a problem on our side. Try again in a moment.",
            finished_at=timezone.now(),
        )
        return
    fields = report.as_fields()
    focus = (scan.options or {}).get("optimization_type", "full")
    if focus != "full":  # the category asked for first, in the scanner's order otherwise
        fields["recommendations"] = sorted(
            fields["recommendations"], key=lambda r: r.get("category") != focus
        )
    status = Scan.Status.FAILED if report.error else Scan.Status.DONE
    Scan.objects.filter(pk=scan.pk).update(**fields, status=status, finished_at=timezone.now())
    log.info("scan %s of %s: %s", scan.pk, scan.url, status)
