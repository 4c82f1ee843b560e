"""Runs a build's steps in order, one at a time, resuming at the first unfinished step.

Each step is a module in this package with ``run(build, outputs) -> dict``: it reads the
outputs of earlier steps and returns its own, which is stored on its ``BuildStep`` row
when it succeeds. Steps with side effects (develop, deploy) are idempotent: running one
again converges on the same files, the same script and the same route.

- A step is claimed with a conditional UPDATE and a lease (``BUILD_STEP_LEASE_SECONDS``)
  that a heartbeat renews while the step works (for at most ``BUILD_STEP_MAX_SECONDS``),
  so two workers never run one step at once, and a worker that died loses the step within
  one lease; the sweep (``sites.tasks.builds_resume``) then hands it to another worker.
- A passing failure (Cloudflare busy or unreachable, ``StepRetry``) makes the step wait:
  it records why, since when and when it is tried next, and is tried again with
  exponential backoff and jitter for ``BUILD_RETRY_WINDOW_SECONDS``. Only a permanent
  error, or the window running out, fails the build (with a sentence and a Retry button).
"""

from __future__ import annotations

import importlib
import logging
import random
import threading
import time
from datetime import timedelta
from typing import Any, Protocol

from django.conf import settings
from django.db import connection, connections, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from code24.cloudflare.errors import CloudflarePermanentError, CloudflareRetryableError
from sites.models import Build, BuildStep, Site

log = logging.getLogger(__name__)

STEP_NAMES = (
    "market_research",
    "competitive_analysis",
    "brand",
    "design",
    "content",
    "develop",
    "qa",
    "deploy",
    "activate",
)
STEP_TITLES = {
    "market_research": "Market research",
    "competitive_analysis": "Competitive analysis",
    "brand": "Brand",
    "design": "Design",
    "content": "Content",
    "develop": "Develop",
    "qa": "Quality checks",
    "deploy": "Deploy",
    "activate": "Go live",
}


class StepFailed(Exception):
    """A permanent failure: the build stops with this sentence for the customer."""


class StepRetry(Exception):
    """A passing failure (Cloudflare busy, a timeout): the step is tried again later."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class StepModule(Protocol):
    def run(self, build: Build, outputs: dict[str, Any]) -> dict[str, Any]: ...


def step_module(name: str) -> StepModule:
    return importlib.import_module(f"sites.pipeline.{name}")


def steps_create(build: Build) -> None:
    BuildStep.objects.bulk_create(
        [BuildStep(build=build, name=name, order=i) for i, name in enumerate(STEP_NAMES)]
    )


def _lease() -> timedelta:
    return timedelta(seconds=settings.BUILD_STEP_LEASE_SECONDS)


# A retry message may arrive a little early (another machine's clock): within this much of
# its time, a waiting step counts as due.
EARLY = timedelta(seconds=1)


def _claim(step: BuildStep) -> bool:
    """Take the step if it is ready (waiting and due), or running under a lapsed lease."""
    now = timezone.now()
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now + EARLY)
    lapsed = Q(lease_until__lt=now) | Q(lease_until__isnull=True, started_at__lt=now - _lease())
    claimable = (Q(status=BuildStep.Status.PENDING) & due) | (
        Q(status=BuildStep.Status.RUNNING) & lapsed
    )
    taken = (
        BuildStep.objects.filter(claimable, pk=step.pk)
        .exclude(build__status=Build.Status.FAILED)
        .update(
            status=BuildStep.Status.RUNNING,
            started_at=now,
            lease_until=now + _lease(),
            next_attempt_at=None,
            attempts=F("attempts") + 1,
        )
    )
    return taken == 1


def _mine(step: BuildStep) -> QuerySet[BuildStep]:
    """The step's row while this claim still holds it (no other worker took it over)."""
    return BuildStep.objects.filter(
        pk=step.pk,
        status=BuildStep.Status.RUNNING,
        attempts=step.attempts,
        started_at=step.started_at,
    )


def _outputs(build: Build) -> dict[str, Any]:
    return {
        step.name: step.output
        for step in build.steps.filter(status=BuildStep.Status.SUCCEEDED)
        if step.output is not None
    }


def run(build_id: int) -> float | None:
    """Run the build's remaining steps. Returns None when there is nothing more to do now,
    or the seconds after which to try again (a step is waiting out a passing failure)."""
    # A message from the sweep, if one was sent, has arrived.
    Build.objects.filter(pk=build_id, resumed_at__isnull=False).update(resumed_at=None)
    while True:
        build = Build.objects.select_related("site__account__subscription__plan").get(pk=build_id)
        if build.is_finished:
            return None
        step = build.steps.exclude(status=BuildStep.Status.SUCCEEDED).order_by("order").first()
        if step is None:
            _finish(build)
            return None
        if step.status == BuildStep.Status.FAILED:
            return None  # waits for the customer's Retry
        if not _claim(step):
            # Another worker holds the step, or its next try is not due: the holder (or the
            # message sent for the next try) carries the build on, and should that be lost,
            # the sweep (sites.tasks.builds_resume) hands the build to a worker again.
            return None
        step.refresh_from_db()
        _start(build)
        wait = _run_step(build, step)
        if wait is not None:
            return wait


def _start(build: Build) -> None:
    if build.status != Build.Status.RUNNING:
        Build.objects.filter(pk=build.pk).update(
            status=Build.Status.RUNNING, started_at=build.started_at or timezone.now()
        )
        site = build.site
        if site.status == Site.Status.FAILED:
            Site.objects.filter(pk=site.pk).update(status=Site.Status.BUILDING)


def _run_step(build: Build, step: BuildStep) -> float | None:
    started = time.monotonic()
    try:
        with Heartbeat(step):
            output = step_module(step.name).run(build, _outputs(build))
    except StepRetry as exc:
        log.warning("build %s step %s: %s", build.pk, step.name, exc)
        return _retry_later(build, step, str(exc), exc.retry_after)
    except CloudflareRetryableError as exc:
        log.warning("build %s step %s: %s", build.pk, step.name, exc)
        return _retry_later(build, step, exc.customer_message, exc.retry_after)
    except StepFailed as exc:
        _fail(build, step, str(exc))
        return None
    except CloudflarePermanentError as exc:
        log.warning("build %s step %s: %s", build.pk, step.name, exc.message)
        _fail(build, step, exc.customer_message)
        return None
    except Exception:
        log.exception("build %s step %s crashed", build.pk, step.name)
        _fail(
            build,
            step,
            f"Something went wrong in the {STEP_TITLES[step.name].lower()} step. "
            "We have been told; press Retry to try again.",
        )
        return None
    done = _mine(step).update(
        status=BuildStep.Status.SUCCEEDED,
        output=output,
        error="",
        finished_at=timezone.now(),
        lease_until=None,
        waiting_since=None,
        next_attempt_at=None,
    )
    if not done:
        log.warning("build %s step %s: another worker took it over", build.pk, step.name)
        return None
    log.info(
        "build %s step %s done in %.0f ms", build.pk, step.name, (time.monotonic() - started) * 1000
    )
    return None


class Heartbeat:
    """While a step works, renew its lease every third of the lease, from a thread.

    So a worker that dies loses the step within one lease, and a long step is never taken
    over while its worker is alive. The renewals stop BUILD_STEP_MAX_SECONDS after the
    claim: a hung step is taken over then. A claim made inside a transaction is not
    visible to any other worker (nothing could take it over), so there is nothing to renew.
    """

    def __init__(self, step: BuildStep) -> None:
        self.step = step
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Heartbeat:
        if not connection.in_atomic_block and self.step.started_at is not None:
            self._thread = threading.Thread(
                target=self._beat, name=f"heartbeat-step-{self.step.pk}", daemon=True
            )
            self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=settings.BUILD_STEP_LEASE_SECONDS)

    def _beat(self) -> None:
        assert self.step.started_at is not None
        last = self.step.started_at + timedelta(seconds=settings.BUILD_STEP_MAX_SECONDS)
        try:
            while not self._stop.wait(settings.BUILD_STEP_LEASE_SECONDS / 3):
                until = min(timezone.now() + _lease(), last)
                if not _mine(self.step).update(lease_until=until) or until >= last:
                    return  # taken over, or held as long as a step may be
        except Exception:
            log.exception("build step %s: the lease could not be renewed", self.step.pk)
        finally:
            connections.close_all()  # this thread's own connection


def retry_delay(attempt: int, retry_after: float | None = None) -> float:
    """Seconds to wait after the ``attempt``-th failed try of a step.

    Exponential backoff with "equal jitter", as the Cloudflare client's own retries: the
    wait is drawn from [cap/2, cap], cap = BUILD_RETRY_BASE_SECONDS * 2^(attempt-1) up to
    BUILD_RETRY_MAX_SECONDS, so builds that failed together do not retry together. Never
    sooner than Cloudflare's retry-after.
    """
    base, most = settings.BUILD_RETRY_BASE_SECONDS, settings.BUILD_RETRY_MAX_SECONDS
    cap = min(most, base * 2 ** min(max(attempt, 1) - 1, 30))
    wait = random.uniform(cap / 2, cap)  # noqa: S311 - jitter, not a secret
    if retry_after is not None:
        wait = max(wait, retry_after + random.uniform(0, base))  # noqa: S311
    return wait


def _retry_later(
    build: Build, step: BuildStep, message: str, retry_after: float | None
) -> float | None:
    """A passing failure: the step waits and is tried again, until the window runs out."""
    now = timezone.now()
    since = step.waiting_since or now
    window = timedelta(seconds=settings.BUILD_RETRY_WINDOW_SECONDS)
    if now - since >= window:
        _fail(
            build,
            step,
            f"{message} We kept trying for {_in_words(window)} ({step.attempts} attempts) "
            "and have stopped; Retry carries on from this step.",
        )
        return None
    # The last try is at the window's end.
    wait = min(retry_delay(step.attempts, retry_after), (since + window - now).total_seconds())
    waiting = _mine(step).update(
        status=BuildStep.Status.PENDING,
        error=message,
        lease_until=None,
        waiting_since=since,
        next_attempt_at=now + timedelta(seconds=wait),
    )
    if not waiting:
        log.warning("build %s step %s: another worker took it over", build.pk, step.name)
        return None
    log.info("build %s step %s: trying again in %.1f s", build.pk, step.name, wait)
    return wait


def _in_words(span: timedelta) -> str:
    """6 hours, 90 minutes, 45 seconds."""
    seconds = round(span.total_seconds())
    count, unit = seconds, "second"
    if seconds >= 3600 and seconds % 3600 == 0:
        count, unit = seconds // 3600, "hour"
    elif seconds >= 60:
        count, unit = round(seconds / 60), "minute"
    return f"{count} {unit}{'' if count == 1 else 's'}"


@transaction.atomic
def _fail(build: Build, step: BuildStep, message: str) -> None:
    now = timezone.now()
    failed = _mine(step).update(
        status=BuildStep.Status.FAILED,
        error=message,
        finished_at=now,
        lease_until=None,
        next_attempt_at=None,
    )
    if not failed:
        log.warning("build %s step %s: another worker took it over", build.pk, step.name)
        return
    Build.objects.filter(pk=build.pk).update(
        status=Build.Status.FAILED, error=message, finished_at=now
    )
    site = build.site
    if site.current_version_id is None:
        Site.objects.filter(pk=site.pk).update(status=Site.Status.FAILED)


def _finish(build: Build) -> None:
    Build.objects.filter(pk=build.pk).update(
        status=Build.Status.SUCCEEDED, error="", finished_at=timezone.now()
    )


@transaction.atomic
def retry(build: Build) -> bool:
    """Put a failed build's failed step back in the queue. False if it had not failed."""
    build = Build.objects.select_for_update().get(pk=build.pk)
    if build.status != Build.Status.FAILED:
        return False
    build.steps.filter(status=BuildStep.Status.FAILED).update(
        status=BuildStep.Status.PENDING,
        error="",
        attempts=0,
        finished_at=None,
        waiting_since=None,
        next_attempt_at=None,
    )
    Build.objects.filter(pk=build.pk).update(status=Build.Status.QUEUED, error="", finished_at=None)
    return True
