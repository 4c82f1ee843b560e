"""Domain work on the `domains` queue. Tasks take ids and are safe to run twice."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from code24.cloudflare.errors import CloudflareRetryableError
from domains.models import CustomDomain

log = logging.getLogger(__name__)


@shared_task(name="domains.tasks.domain_check")
def domain_check(domain_id: int) -> None:
    """One check of a domain (or, for a removed one, its removal at Cloudflare)."""
    from domains import services

    services.domain_check(domain_id=domain_id)


def claim_due(limit: int) -> list[int]:
    """The due checks, claimed: each one's due time moves on by the lease, so a second
    sweep does not hand it out again, and a check whose worker died comes due again.
    On PostgreSQL, rows another sweep is claiming are skipped, never waited for. Removed
    domains come due too, until their removal at Cloudflare is done."""
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            CustomDomain.objects.select_for_update(skip_locked=True)
            .filter(next_check_at__lte=now)
            .order_by("next_check_at")
            .values_list("pk", flat=True)[:limit]
        )
        lease = now + timedelta(seconds=settings.DOMAINS_CHECK_LEASE_SECONDS)
        CustomDomain.objects.filter(pk__in=ids).update(next_check_at=lease)
    return ids


@shared_task(name="domains.tasks.domains_check_due")
def domains_check_due() -> int:
    """Every DOMAINS_SWEEP_SECONDS: hand each due domain check to a worker."""
    from domains.services import SWEEP_BATCH

    ids = claim_due(SWEEP_BATCH)
    for domain_id in ids:
        domain_check.delay(domain_id)
    if ids:
        log.info("domain checks handed out: %s", len(ids))
    return len(ids)


@shared_task(
    name="domains.tasks.cloudflare_forget",
    autoretry_for=(CloudflareRetryableError,),
    retry_backoff=10,
    retry_jitter=True,
    max_retries=10,
)
def cloudflare_forget(cloudflare_id: str, hostname: str, site_id: int) -> None:
    """After a site (or account) is deleted: its domain's custom hostname and route."""
    from domains import services

    services.cloudflare_forget(cloudflare_id=cloudflare_id, hostname=hostname, site_id=site_id)
