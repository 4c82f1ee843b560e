"""What optimization does when the sites app says something happened."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from optimization.services import next_cycle_at
from sites.models import Build, Site
from sites.signals import site_activated


@receiver(site_activated, dispatch_uid="optimization.site_activated")
def _schedule_first_cycle(sender: object, site: Site, build: Build, **kwargs: Any) -> None:
    """A site that just went live gets its first cycle one interval from now; a site that
    has a time already (a rebuild, a cycle's own build) keeps it."""
    Site.objects.filter(pk=site.pk, next_optimization_at__isnull=True).update(
        next_optimization_at=next_cycle_at(site)
    )
