"""Activate: the site is live at its address.

It then tells the apps built on sites (`signals.site_activated`): the optimization app
schedules the site's first improvement cycle (``Site.next_optimization_at``) from the
plan's interval, unless one is scheduled already (a rebuild, or a cycle's own build).
The time is computed there, not here: sites may not import optimization (architecture.md,
dependencies point one way), and the interval's rules live with the cycles.
"""

from typing import Any

from sites import signals
from sites.addresses import site_address
from sites.models import Build, Site


def run(build: Build, outputs: dict[str, Any]) -> dict[str, Any]:
    site = build.site
    Site.objects.filter(pk=site.pk).update(status=Site.Status.LIVE)
    site.status = Site.Status.LIVE
    signals.site_activated.send(sender=Site, site=site, build=build)
    return {"url": site_address(site), "version": outputs["deploy"]["version"]}
