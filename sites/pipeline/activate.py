"""Activate: the site is live; its first optimization cycle is scheduled."""

from typing import Any

from django.utils import timezone

from sites.addresses import site_address
from sites.models import Build, Site


def run(build: Build, outputs: dict[str, Any]) -> dict[str, Any]:
    site = build.site
    interval = site.account.entitlements.optimization_interval
    next_cycle = site.next_optimization_at or timezone.now() + interval
    Site.objects.filter(pk=site.pk).update(status=Site.Status.LIVE, next_optimization_at=next_cycle)
    return {
        "url": site_address(site),
        "version": outputs["deploy"]["version"],
        "next_optimization_at": next_cycle.isoformat(),
    }
