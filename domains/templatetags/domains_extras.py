"""The site page's Domains card (the site page belongs to the sites app, which does not
import domains; its template loads this tag)."""

from __future__ import annotations

from typing import Any

from django import template

from domains.models import CustomDomain

register = template.Library()


@register.inclusion_tag("domains/_site_summary.html", takes_context=True)
def domains_summary(context: dict[str, Any], site: Any) -> dict[str, Any]:
    account = site.account
    return {
        "site": site,
        "domains": list(CustomDomain.objects.connected().filter(site=site)),
        "per_site": account.entitlements.custom_domains_per_site,
        "can_manage": context.get("can_manage", False),
    }
