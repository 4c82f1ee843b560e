"""Build work on the `builds` queue. Tasks take ids and are safe to run twice."""

from __future__ import annotations

from celery import Task, shared_task
from django.utils import timezone

from code24.cloudflare.errors import CloudflareRetryableError
from sites.models import Build, BuildStep


@shared_task(name="sites.tasks.build_run", bind=True, max_retries=None)
def build_run(self: Task, build_id: int) -> None:
    """Run the build's remaining steps; come back later when a step asks to wait."""
    from sites.pipeline import runner

    wait = runner.run(build_id)
    if wait is not None:
        raise self.retry(countdown=wait)


@shared_task(name="sites.tasks.builds_resume")
def builds_resume() -> int:
    """Every few minutes: start again the builds whose worker died (their lease passed)."""
    from datetime import timedelta

    from django.conf import settings

    stale = timezone.now() - timedelta(seconds=settings.BUILD_STEP_LEASE_SECONDS)
    build_ids = set(
        BuildStep.objects.filter(
            status=BuildStep.Status.RUNNING,
            started_at__lt=stale,
            build__status=Build.Status.RUNNING,
        ).values_list("build_id", flat=True)
    )
    build_ids |= set(
        Build.objects.filter(status=Build.Status.QUEUED, created_at__lt=stale).values_list(
            "id", flat=True
        )
    )
    for build_id in build_ids:
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
