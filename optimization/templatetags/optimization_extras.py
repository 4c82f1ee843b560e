"""The site page's Optimization card (the site page belongs to the sites app, which does
not import optimization; its template loads this tag)."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

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


@register.simple_tag
def cycle_every(plan: Any) -> str:
    """How often this installation runs a site's cycles on `plan` ("every hour"): the
    plan's interval, unless OPTIMIZATION_INTERVAL_SECONDS sets another (the local run's 5
    minutes), in which case the words say so rather than promise the plan's."""
    seconds = settings.OPTIMIZATION_INTERVAL_SECONDS
    planned = every_words(int(plan.optimization_interval_hours) * 3600)
    if seconds > 0 and seconds != plan.optimization_interval_hours * 3600:
        setting = "this installation's setting"
        return f"{every_words(seconds)} ({setting}; the {plan.name} plan's is {planned})"
    return planned


def every_words(seconds: int) -> str:
    """3600 → "every hour", 86400 → "every day", 300 → "every 5 minutes"."""
    named = {3600: "every hour", 86400: "every day", 604800: "every week", 60: "every minute"}
    if seconds in named:
        return named[seconds]
    if seconds % 3600 == 0:
        return f"every {seconds // 3600} hours"
    if seconds % 60 == 0:
        return f"every {seconds // 60} minutes"
    return f"every {seconds} seconds"
