"""Activate: the site is live at its address.

No improvement cycle is scheduled: automatic improvements do not run yet, and the site
page says so instead of naming a time that would not come.
"""

from typing import Any

from sites.addresses import site_address
from sites.models import Build, Site


def run(build: Build, outputs: dict[str, Any]) -> dict[str, Any]:
    site = build.site
    Site.objects.filter(pk=site.pk).update(status=Site.Status.LIVE)
    return {"url": site_address(site), "version": outputs["deploy"]["version"]}
