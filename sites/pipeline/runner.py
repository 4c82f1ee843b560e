"""Runs a build's steps in order, one at a time, resuming at the first unfinished step.

Each step is a module in this package with ``run(build, outputs) -> dict``: it reads the
outputs of earlier steps and returns its own, which is stored on its ``BuildStep`` row
when it succeeds. A step is claimed with a conditional UPDATE and a lease, so two
workers never run the same step at once, and a worker that died mid-step is replaced
once the lease has passed. Steps with side effects (develop, deploy) are idempotent:
running one again converges on the same files, the same script and the same route.
"""

from __future__ import annotations

import importlib
import logging
import time
from datetime import timedelta
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
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


def _claim(step: BuildStep) -> bool:
    """Take the step if it is waiting, or running under a lease that has passed."""
    now = timezone.now()
    claimable = Q(status=BuildStep.Status.PENDING) | Q(
        status=BuildStep.Status.RUNNING, started_at__lt=now - _lease()
    )
    taken = (
        BuildStep.objects.filter(claimable, pk=step.pk)
        .exclude(build__status=Build.Status.FAILED)
        .update(status=BuildStep.Status.RUNNING, started_at=now, attempts=F("attempts") + 1)
    )
    return taken == 1


def _outputs(build: Build) -> dict[str, Any]:
    return {
        step.name: step.output
        for step in build.steps.filter(status=BuildStep.Status.SUCCEEDED)
        if step.output is not None
    }


def run(build_id: int) -> float | None:
    """Run the build's remaining steps. Returns None when there is nothing more to do now,
    or the seconds after which to try again (a step asked for a retry, or another worker
    holds the current step)."""
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
            return settings.BUILD_STEP_LEASE_SECONDS  # someone else is on it
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
        output = step_module(step.name).run(build, _outputs(build))
    except StepRetry as exc:
        return _retry_later(step, str(exc), exc.retry_after)
    except CloudflareRetryableError as exc:
        log.warning("build %s step %s: %s", build.pk, step.name, exc)
        return _retry_later(step, exc.customer_message, exc.retry_after)
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
    BuildStep.objects.filter(pk=step.pk).update(
        status=BuildStep.Status.SUCCEEDED, output=output, error="", finished_at=timezone.now()
    )
    log.info(
        "build %s step %s done in %.0f ms", build.pk, step.name, (time.monotonic() - started) * 1000
    )
    return None


def _retry_later(step: BuildStep, message: str, retry_after: float | None) -> float | None:
    if step.attempts >= settings.BUILD_STEP_MAX_ATTEMPTS:
        _fail(
            step.build,
            step,
            f"{message} We tried {step.attempts} times; press Retry to try again.",
        )
        return None
    delay = retry_after or min(60.0, 2.0**step.attempts)
    BuildStep.objects.filter(pk=step.pk).update(
        status=BuildStep.Status.PENDING, error=f"Attempt {step.attempts} failed: {message}"
    )
    return delay


@transaction.atomic
def _fail(build: Build, step: BuildStep, message: str) -> None:
    now = timezone.now()
    BuildStep.objects.filter(pk=step.pk).update(
        status=BuildStep.Status.FAILED, error=message, finished_at=now
    )
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
        status=BuildStep.Status.PENDING, error="", attempts=0, finished_at=None
    )
    Build.objects.filter(pk=build.pk).update(status=Build.Status.QUEUED, error="", finished_at=None)
    return True
