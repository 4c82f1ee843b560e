"""The site page's Optimization card (the site page belongs to the sites app, which does
not import optimization; its template loads this tag)."""

from __future__ import annotations

from typing import Any

from django import template

from optimization import summaries
from sites.models import Site

register = template.Library()


@register.inclusion_tag("optimization/_site_summary.html", takes_context=True)
def optimization_summary(context: dict[str, Any], site: Site) -> dict[str, Any]:
    annotated = summaries.sites_with_health(Site.objects.filter(pk=site.pk)).first()
    return {"site": site, "summary": summaries.site_health(annotated or site)}


@register.simple_tag
def sites_health(sites: Any) -> dict[int, summaries.SiteHealth]:
    """Every listed site's optimization summary, by id, in one query (the overview's
    Health column): ``{% sites_health sites as health %}``."""
    ids = [site.pk for site in sites]
    annotated = summaries.sites_with_health(Site.objects.filter(pk__in=ids))
    return {site.pk: summaries.site_health(site) for site in annotated}


@register.filter
def health_of(health: dict[int, summaries.SiteHealth], site: Site) -> summaries.SiteHealth | None:
    return health.get(site.pk)
