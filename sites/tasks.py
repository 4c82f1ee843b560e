"""Build work on the `builds` queue. Tasks take ids and are safe to run twice."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import Task, shared_task
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from code24.cloudflare.errors import CloudflareRetryableError
from sites.models import Build, BuildStep

log = logging.getLogger(__name__)


@shared_task(name="sites.tasks.build_run", bind=True, max_retries=None)
def build_run(self: Task, build_id: int) -> None:
    """Run the build's remaining steps; come back when a waiting step's next try is due."""
    from sites.pipeline import runner

    wait = runner.run(build_id)
    if wait is not None:
        raise self.retry(countdown=wait)


# A build the sweep handed to a worker is not handed over again for this long unless a
# worker took it (its message may be waiting behind other builds in the queue).
RESEND_AFTER = timedelta(minutes=5)
# A queued build no worker has started for this long has lost its message.
QUEUED_LOST_AFTER = timedelta(minutes=5)


@shared_task(name="sites.tasks.builds_resume")
def builds_resume() -> int:
    """Every BUILD_SWEEP_SECONDS: hand back to a worker the builds whose message was lost.

    That is a build whose step's lease lapsed (its worker died), whose waiting step's next
    try is overdue (the retry message was lost), or that has been queued for long.
    """
    now = timezone.now()
    lease = timedelta(seconds=settings.BUILD_STEP_LEASE_SECONDS)
    lapsed = Q(status=BuildStep.Status.RUNNING) & (
        Q(lease_until__lt=now) | Q(lease_until__isnull=True, started_at__lt=now - lease)
    )
    overdue = Q(
        status=BuildStep.Status.PENDING,
        next_attempt_at__lt=now - timedelta(seconds=settings.BUILD_SWEEP_SECONDS),
    )
    not_just_resumed = Q(resumed_at__isnull=True) | Q(resumed_at__lt=now - RESEND_AFTER)
    build_ids = set(
        BuildStep.objects.filter(lapsed | overdue, build__status=Build.Status.RUNNING)
        .filter(Q(build__resumed_at__isnull=True) | Q(build__resumed_at__lt=now - RESEND_AFTER))
        .values_list("build_id", flat=True)
    )
    build_ids |= set(
        Build.objects.filter(not_just_resumed)
        .filter(status=Build.Status.QUEUED, created_at__lt=now - QUEUED_LOST_AFTER)
        .values_list("id", flat=True)
    )
    Build.objects.filter(pk__in=build_ids).update(resumed_at=now)
    for build_id in sorted(build_ids):
        log.info("build %s: handed to a worker again", build_id)
        build_run.delay(build_id)
    return len(build_ids)


@shared_task(
    name="sites.tasks.version_publish",
    autoretry_for=(CloudflareRetryableError,),
    retry_backoff=5,
    retry_jitter=True,
    max_retries=8,
)
def version_publish(version_id: int) -> None:
    """Put an earlier version back live (Restore this version)."""
    from sites import services

    services.version_publish_now(version_id)


@shared_task(
    name="sites.tasks.site_remove_from_cloudflare",
    autoretry_for=(CloudflareRetryableError,),
    retry_backoff=10,
    retry_jitter=True,
    max_retries=10,
)
def site_remove_from_cloudflare(script_name: str, hostname: str) -> None:
    """After a site is deleted: remove its script and route at Cloudflare."""
    from sites import services

    services.cloudflare_remove(script_name=script_name, hostname=hostname)


@shared_task(
    name="sites.tasks.routes_remove",
    autoretry_for=(CloudflareRetryableError,),
    retry_backoff=10,
    retry_jitter=True,
    max_retries=10,
)
def routes_remove(hostnames: list[str], site_id: int) -> None:
    """After a site is deleted: remove the redirect routes of its previous addresses."""
    from sites import services

    services.routes_remove(hostnames=hostnames, site_id=site_id)


@shared_task(
    name="sites.tasks.redirects_expire",
    autoretry_for=(CloudflareRetryableError,),
    retry_backoff=10,
    retry_jitter=True,
    max_retries=5,
)
def redirects_expire() -> int:
    """Every hour: give up the previous addresses whose redirect time is over."""
    from sites import services

    return services.redirects_expire()
