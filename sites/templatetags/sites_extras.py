"""Template helpers of the sites pages."""

from __future__ import annotations

from django import template

from sites.addresses import site_address
from sites.models import Site

register = template.Library()


@register.filter
def address(site: Site) -> str:
    """The site's public address: {{ site|address }}."""
    return site_address(site)
