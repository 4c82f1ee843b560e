"""Work on sites: create and build them, retry, rebuild, restore, pause, unpublish, delete,
and receive their visitors' leads. Views and the API call these."""

from __future__ import annotations

import logging
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from code24.accounts.entitlements import EntitlementError
from code24.accounts.models import Account, User
from code24.ai.schemas import Brief
from code24.cloudflare.client import get_client
from code24.cloudflare.errors import CloudflarePermanentError
from sites import tasks
from sites.models import Build, Lead, Site, SiteVersion
from sites.pipeline import runner

log = logging.getLogger(__name__)


class SiteActionError(Exception):
    """A request about a site that cannot be carried out; the message says why."""


class SiteLimitError(SiteActionError):
    """The account's plan has no room for another site (the message says so)."""


# --- Creating and building ------------------------------------------------------------


# Subdomains of PLATFORM_DOMAIN that Code24 itself uses or may use (the fallback origin of
# custom hostnames is sites.<PLATFORM_DOMAIN>); a site named "Sites" becomes sites-2.
RESERVED_SLUGS = frozenset(
    {"www", "api", "app", "admin", "dashboard", "sites", "site", "mail", "smtp", "status"}
    | {"docs", "help", "support", "static", "cdn", "assets", "auth", "login", "blog", "code24"}
)


def _unique_slug(name: str) -> str:
    base = (slugify(name)[:40].strip("-") or "site").lower()
    slug, n = base, 1
    if slug in RESERVED_SLUGS:
        n, slug = 2, f"{base}-2"
    while Site.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def site_create(
    *, account: Account, brief: Brief, requested_by: User | None, via: str = "dashboard"
) -> Build:
    """A new site from a brief, and its first build (queued after commit)."""
    for _ in range(5):
        try:
            with transaction.atomic():
                # Lock the account so two requests at once can't both take the last slot.
                locked = Account.objects.select_for_update().get(pk=account.pk)
                try:
                    locked.entitlements.require_site_slot()
                except EntitlementError as exc:
                    raise SiteLimitError(str(exc)) from exc
                site = Site.objects.create(
                    account=account,
                    name=brief.name,
                    slug=_unique_slug(brief.name),
                    brief=brief.model_dump(mode="json"),
                )
                return _build_start(site, Build.Kind.INITIAL, requested_by, via)
        except IntegrityError:
            continue  # two sites took the same slug at once: pick again
    raise SiteActionError("We could not name the site. Please try again.")


def _build_start(site: Site, kind: str, requested_by: User | None, via: str) -> Build:
    build = Build.objects.create(site=site, kind=kind, requested_by=requested_by, requested_via=via)
    runner.steps_create(build)
    tasks.build_run.delay_on_commit(build.pk)
    return build


@transaction.atomic
def site_rebuild(*, site: Site, requested_by: User | None, via: str = "dashboard") -> Build:
    site = Site.objects.select_for_update().get(pk=site.pk)
    if site.builds.filter(status__in=[Build.Status.QUEUED, Build.Status.RUNNING]).exists():
        raise SiteActionError("A build of this site is already running. Wait for it to finish.")
    return _build_start(site, Build.Kind.REBUILD, requested_by, via)


def site_update_brief(*, site: Site, brief: Brief) -> Site:
    site.brief = brief.model_dump(mode="json")
    site.save(update_fields=["brief"])
    return site


def build_retry(*, build: Build) -> Build:
    """Resume a failed build at its failed step (only the site's latest build, and only
    when no other build of the site is running)."""
    with transaction.atomic():
        Site.objects.select_for_update().get(pk=build.site_id)
        others = Build.objects.filter(site_id=build.site_id).exclude(pk=build.pk)
        if others.filter(status__in=[Build.Status.QUEUED, Build.Status.RUNNING]).exists():
            raise SiteActionError("Another build of this site is running. Wait for it to finish.")
        if others.filter(created_at__gt=build.created_at).exists():
            raise SiteActionError(
                "A newer build of this site exists. Use Rebuild on the site's page instead."
            )
        if not runner.retry(build):
            raise SiteActionError("Only a failed build can be retried.")
        tasks.build_run.delay_on_commit(build.pk)
    build.refresh_from_db()
    return build


# --- Versions -------------------------------------------------------------------------


def site_restore(*, site: Site, version: SiteVersion) -> None:
    """Put an earlier version back live (in the background; the site page shows it)."""
    if version.site_id != site.pk:
        raise SiteActionError("That version belongs to another site.")
    if version.deployed_at is None:
        raise SiteActionError("That version was never published, so it can't be restored.")
    if site.current_version_id == version.pk:
        raise SiteActionError(f"Version {version.number} is already live.")
    tasks.version_publish.delay_on_commit(version.pk)


def version_publish_now(version_id: int) -> None:
    from sites.pipeline.deploy import publish
    from sites.pipeline.files import files_load

    version = SiteVersion.objects.select_related("site__account__subscription__plan").get(
        pk=version_id
    )
    site = version.site
    publish(site, version, files_load(version.manifest))
    if site.status != Site.Status.PAUSED:
        Site.objects.filter(pk=site.pk).update(status=Site.Status.LIVE)


# --- Pause, unpublish, delete ---------------------------------------------------------


def site_pause(*, site: Site) -> Site:
    """Stop optimization cycles; the site stays online."""
    if site.status != Site.Status.LIVE:
        raise SiteActionError("Only a live site can be paused.")
    Site.objects.filter(pk=site.pk).update(status=Site.Status.PAUSED)
    site.refresh_from_db()
    return site


def site_resume(*, site: Site) -> Site:
    if site.status != Site.Status.PAUSED:
        raise SiteActionError("Only a paused site can be resumed.")
    from sites.pipeline.deploy import route_write

    route_write(site)  # an unpublished site comes back online too
    Site.objects.filter(pk=site.pk).update(
        status=Site.Status.LIVE,
        published=True,
        next_optimization_at=timezone.now() + site.account.entitlements.optimization_interval,
    )
    site.refresh_from_db()
    return site


def site_unpublish(*, site: Site) -> Site:
    """Take the site offline (its address answers 404); its versions are kept."""
    if site.current_version_id is None:
        raise SiteActionError("This site has never been published.")
    if not site.published:
        raise SiteActionError("This site is already offline.")
    from sites.pipeline.deploy import route_delete

    route_delete(site)
    Site.objects.filter(pk=site.pk).update(status=Site.Status.PAUSED, published=False)
    site.refresh_from_db()
    return site


def site_delete(*, site: Site) -> None:
    """Delete the site and everything of it; its script and route go from Cloudflare."""
    script_name, hostname = site.script_name, site.hostname
    with transaction.atomic():
        site.delete()
        tasks.site_remove_from_cloudflare.delay_on_commit(script_name, hostname)


def cloudflare_remove(*, script_name: str, hostname: str) -> None:
    client = get_client()
    try:
        client.kv_delete(client.kv_namespace_id("routes"), hostname)
    except CloudflarePermanentError as exc:
        log.warning("route %s: %s", hostname, exc.message)
    client.script_delete(script_name)


# --- Leads ----------------------------------------------------------------------------


def lead_record(*, site: Site, fields: dict[str, Any], page: str = "") -> Lead:
    return Lead.objects.create(
        site=site,
        form="contact",
        name=str(fields.get("name", ""))[:200],
        email=str(fields.get("email", ""))[:254],
        phone=str(fields.get("phone", ""))[:40],
        message=str(fields.get("message", ""))[:5000],
        page=page[:300],
    )
