"""Optimization work on the `optimization` queue. Tasks take ids and are safe to run twice."""

from __future__ import annotations

import logging

from celery import Task, shared_task
from django.conf import settings

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
