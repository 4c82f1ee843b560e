"""How domains follow what happens to sites and plans (connected in DomainsConfig.ready)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import pre_delete
from django.dispatch import receiver

from code24.accounts.signals import plan_change_notices, plan_changed
from sites.models import Site
from sites.signals import routes_deleted, routes_written


@receiver(routes_written, dispatch_uid="domains.routes_written")
def _routes_written(sender: Any, site: Site, client: Any, **kwargs: Any) -> None:
    from domains import services

    services.domain_routes_write(site, client)


@receiver(routes_deleted, dispatch_uid="domains.routes_deleted")
def _routes_deleted(sender: Any, site: Site, client: Any, **kwargs: Any) -> None:
    from domains import services

    services.domain_routes_delete(site, client)


@receiver(pre_delete, sender=Site, dispatch_uid="domains.site_deleted")
def _site_deleted(sender: Any, instance: Site, **kwargs: Any) -> None:
    """A deleted site (or account) takes its domains with it, at Cloudflare too."""
    from domains import services, tasks

    for held in services.site_domains_forget(site=instance):
        tasks.cloudflare_forget.delay_on_commit(
            held["cloudflare_id"], held["hostname"], held["site_id"]
        )


@receiver(plan_changed, dispatch_uid="domains.plan_changed")
def _plan_changed(sender: Any, account: Any, **kwargs: Any) -> None:
    from domains import services

    services.plan_apply(account=account)


@receiver(plan_change_notices, dispatch_uid="domains.plan_change_notices")
def _plan_change_notices(sender: Any, account: Any, plan: Any, **kwargs: Any) -> list[str]:
    from domains import services

    return services.plan_preview(
        account=account, allowed=plan.custom_domains_per_site, plan=plan.name
    )
