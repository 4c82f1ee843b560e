"""Work on sites: create and build them, retry, rebuild, restore, change their address,
pause or resume improvements, take them offline and back, delete them, and receive their
visitors' leads. Views and the API call these; Cloudflare is reached through
`sites.hosting` (which never calls back here)."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from pydantic import ValidationError as PydanticValidationError

from code24.accounts.entitlements import EntitlementError
from code24.accounts.models import Account, User
from code24.ai.schemas import Brief
from sites import addresses, drafts, hosting, tasks
from sites.generator import GENERATOR_VERSION, render_spec
from sites.models import AddressRedirect, Build, Lead, Site, SiteAction, SiteVersion
from sites.pipeline import runner
from sites.pipeline.files import content_hash, files_load, files_save, photo_entries

log = logging.getLogger(__name__)


class SiteActionError(Exception):
    """A request about a site that cannot be carried out; the message says why."""


class SiteLimitError(SiteActionError):
    """The account's plan has no room for another site (the message says so)."""


class AddressError(SiteActionError):
    """The address asked for cannot be the site's (the message says why)."""


def _refuse(site: Site, action: SiteAction) -> None:
    refusal = site.refusal(action)
    if refusal:
        raise SiteActionError(refusal)


# --- Creating and building ------------------------------------------------------------


def site_create(
    *,
    account: Account,
    brief: Brief,
    requested_by: User | None,
    via: str = "dashboard",
    subdomain: str = "",
) -> Build:
    """A new site from a brief, and its first build (queued after commit). `subdomain` is
    the address the customer chose; empty means "suggest one from the name"."""
    chosen = addresses.subdomain_clean(subdomain) if subdomain else ""
    if chosen and (problem := addresses.subdomain_problem(chosen)):
        raise AddressError(problem)
    for _ in range(5):
        slug = chosen or addresses.subdomain_suggest(
            brief.name, business_type=brief.business_type, location=brief.location
        )
        try:
            with transaction.atomic():
                # Lock the account so two requests at once can't both take the last slot.
                locked = Account.objects.select_for_update().get(pk=account.pk)
                try:
                    locked.entitlements.require_site_slot()
                except EntitlementError as exc:
                    raise SiteLimitError(str(exc)) from exc
                if AddressRedirect.objects.filter(slug=slug).exists():
                    raise IntegrityError("the address is held by a redirect")
                site = Site.objects.create(
                    account=account,
                    name=brief.name,
                    slug=slug,
                    brief=brief.model_dump(mode="json"),
                )
                return _build_start(site, Build.Kind.INITIAL, requested_by, via)
        except IntegrityError:
            if chosen:  # another site took it a moment ago
                raise AddressError(addresses.taken_sentence(chosen)) from None
            continue  # two sites took the same suggestion at once: suggest again
    raise SiteActionError("We could not find a free address for the site. Please try again.")


def _writable(account: Account) -> None:
    try:
        account.entitlements.require_writable()
    except EntitlementError as exc:
        raise SiteActionError(str(exc)) from exc


def _build_start(site: Site, kind: str, requested_by: User | None, via: str) -> Build:
    _writable(site.account)
    build = Build.objects.create(site=site, kind=kind, requested_by=requested_by, requested_via=via)
    runner.steps_create(build)
    tasks.build_run.delay_on_commit(build.pk)
    return build


@transaction.atomic
def site_rebuild(*, site: Site, requested_by: User | None, via: str = "dashboard") -> Build:
    site = Site.objects.select_for_update().get(pk=site.pk)
    _refuse(site, "rebuild")
    if site.status == Site.Status.FAILED:
        Site.objects.filter(pk=site.pk).update(status=Site.Status.BUILDING)
    return _build_start(site, Build.Kind.REBUILD, requested_by, via)


def site_update_brief(*, site: Site, brief: Brief) -> Site:
    site.brief = brief.model_dump(mode="json")
    site.save(update_fields=["brief"])
    return site


def build_retry(*, build: Build) -> Build:
    """Resume a failed build at its failed step (only the site's latest build, and only
    when no other build of the site is running)."""
    with transaction.atomic():
        site = Site.objects.select_for_update().get(pk=build.site_id)
        others = Build.objects.filter(site_id=build.site_id).exclude(pk=build.pk)
        if others.filter(status__in=[Build.Status.QUEUED, Build.Status.RUNNING]).exists():
            raise SiteActionError("Another build of this site is running. Wait for it to finish.")
        if others.filter(created_at__gt=build.created_at).exists():
            raise SiteActionError(
                "A newer build of this site exists. Use Rebuild on the site's page instead."
            )
        if site.is_offline:
            raise SiteActionError(
                "This site is offline. Put it back online first: the build would publish "
                "its new version at the site's address."
            )
        _writable(site.account)
        if not runner.retry(build):
            raise SiteActionError("Only a failed build can be retried.")
        if site.status == Site.Status.FAILED:
            Site.objects.filter(pk=site.pk).update(status=Site.Status.BUILDING)
        tasks.build_run.delay_on_commit(build.pk)
    build.refresh_from_db()
    return build


# --- Versions -------------------------------------------------------------------------


def _hostname_of(version: SiteVersion) -> str:
    """The hostname a version's files name as the site's address (canonical, sitemap);
    versions from before addresses could change were all made for the current one."""
    return str(version.spec.get("hostname") or version.site.hostname)


def _version_at_address(site: Site, source: SiteVersion, *, made_by: str) -> SiteVersion:
    """A new version of `site`: the files of `source` rendered again for the site's
    address now, from the spec `source` was made from (no AI involved)."""
    spec = source.spec
    try:
        files = render_spec(
            spec,
            site_url=addresses.site_address(site),
            form_action=addresses.FORM_ACTION,
            site_id=site.pk,
        )
    except (KeyError, TypeError, PydanticValidationError) as exc:
        raise SiteActionError(
            f"Version {source.number} can't be moved to the site's address. Rebuild the site "
            "instead: the new build is made for its address."
        ) from exc
    manifest = dict(sorted({**files_save(site.pk, files), **photo_entries(spec)}.items()))
    number = (site.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return SiteVersion.objects.create(
        site=site,
        number=number,
        build=None,
        spec={**spec, "hostname": site.address_hostname},
        manifest=manifest,
        content_hash=content_hash(manifest),
        script_name=site.script_name,
        made_by=made_by[:100],
        generator_version=GENERATOR_VERSION,
    )


@transaction.atomic
def site_restore(*, site: Site, version: SiteVersion) -> SiteVersion:
    """Put an earlier version back live (in the background; the site page shows it). A
    version made for a previous address comes back as a new version at the address now.
    Returns the version that goes live."""
    site = Site.objects.select_for_update().get(pk=site.pk)
    if version.site_id != site.pk:
        raise SiteActionError("That version belongs to another site.")
    _refuse(site, "restore")
    if version.deployed_at is None:
        raise SiteActionError("That version was never published, so it can't be restored.")
    if site.current_version_id == version.pk:
        raise SiteActionError(f"Version {version.number} is already live.")
    # What the customer set and the restored version does not say is theirs no longer: a
    # rebuild must not bring back what they chose to go back from.
    drafts.edits_restored(site=site, spec=version.spec)
    if _hostname_of(version) != site.address_hostname:
        version = _version_at_address(
            site,
            version,
            made_by=f"Version {version.number}, restored at {site.address_hostname}",
        )
    tasks.version_publish.delay_on_commit(version.pk)
    return version


def version_publish_now(version_id: int) -> None:
    """Publish a version (a restore, or an address change). A site taken offline since it
    was asked stays offline."""
    version = SiteVersion.objects.select_related("site__account__subscription__plan").get(
        pk=version_id
    )
    site = version.site
    if not site.is_live:
        log.info("site %s is %s: version %s not published", site.pk, site.status, version.pk)
        return
    hosting.publish(site, version, files_load(version.manifest))


def site_readdress(*, site: Site) -> SiteVersion | None:
    """After the site's address changed (its own domain went live or was removed): a new
    version of the live one, rendered for the address now, goes live (in the background).
    None when there is nothing to do: the site is not live, or is already there."""
    site = Site.objects.get(pk=site.pk)
    current = site.current_version
    if not site.is_live or current is None or _hostname_of(current) == site.address_hostname:
        return None
    version = _version_at_address(site, current, made_by=f"Now at {site.address_hostname}")
    tasks.version_publish.delay_on_commit(version.pk)
    return version


# --- The address ----------------------------------------------------------------------


def site_address_change(*, site: Site, subdomain: str) -> SiteVersion:
    """Move the site to `<subdomain>.<PLATFORM_DOMAIN>`: a new version rendered for the new
    address goes live there (in the background), and the old address answers a redirect
    to the new one for ADDRESS_REDIRECT_DAYS, during which nobody else can take it."""
    new = addresses.subdomain_clean(subdomain)
    try:
        with transaction.atomic():
            site = Site.objects.select_for_update().get(pk=site.pk)
            if new == site.slug:
                raise AddressError(f"{site.hostname} already is this site's address.")
            if problem := addresses.subdomain_problem(new, site=site):
                raise AddressError(problem)
            _refuse(site, "change_address")
            current = site.current_version
            assert current is not None  # a live site has one
            old = site.slug
            site.redirects.filter(slug=new).delete()  # taking back one of its own
            AddressRedirect.objects.create(
                site=site,
                slug=old,
                expires_at=timezone.now() + timedelta(days=settings.ADDRESS_REDIRECT_DAYS),
            )
            Site.objects.filter(pk=site.pk).update(slug=new)
            site.slug = new
            version = _version_at_address(site, current, made_by=f"Address changed to {new}")
            tasks.version_publish.delay_on_commit(version.pk)
            return version
    except IntegrityError:  # another site took it a moment ago
        raise AddressError(addresses.taken_sentence(new)) from None


def redirects_expire() -> int:
    """Give up the previous addresses whose time is over: their routes go from Cloudflare
    first (only while they still redirect to their site), then their rows, which frees
    the addresses. Returns how many were given up."""
    expired = AddressRedirect.objects.filter(expires_at__lte=timezone.now())
    count = 0
    for redirect in expired.iterator():
        hosting.route_remove(redirect.hostname, site_id=redirect.site_id)
        AddressRedirect.objects.filter(pk=redirect.pk).delete()
        count += 1
    return count


# --- Improvements, offline and online, delete -----------------------------------------


def _improvements_set(site: Site, *, paused: bool) -> Site:
    with transaction.atomic():
        site = Site.objects.select_for_update().get(pk=site.pk)
        _refuse(site, "pause" if paused else "resume")
        Site.objects.filter(pk=site.pk).update(improvements_paused=paused)
    site.refresh_from_db()
    return site


def site_pause(*, site: Site) -> Site:
    """Ask Code24 not to change the site by itself; the site stays online."""
    return _improvements_set(site, paused=True)


def site_resume(*, site: Site) -> Site:
    """Let Code24 improve the site by itself again, in its scheduled cycles."""
    return _improvements_set(site, paused=False)


def site_unpublish(*, site: Site) -> Site:
    """Take the site offline: its address (and previous ones) answer "not found"; its
    versions, messages and address are kept."""
    with transaction.atomic():
        site = Site.objects.select_for_update().get(pk=site.pk)
        _refuse(site, "take_offline")
        hosting.route_delete(site)
        Site.objects.filter(pk=site.pk).update(status=Site.Status.OFFLINE)
    site.refresh_from_db()
    return site


def site_put_online(*, site: Site) -> Site:
    """Put an offline site back online with the version it had."""
    with transaction.atomic():
        site = Site.objects.select_for_update().get(pk=site.pk)
        _refuse(site, "put_online")
        hosting.route_write(site)
        Site.objects.filter(pk=site.pk).update(status=Site.Status.LIVE)
    site.refresh_from_db()
    return site


def site_delete(*, site: Site) -> None:
    """Delete the site and everything of it; its script and routes go from Cloudflare."""
    script_name, hostname = site.script_name, site.hostname
    previous = list(site.redirects.values_list("slug", flat=True))
    with transaction.atomic():
        site_id = site.pk
        site.delete()
        tasks.site_remove_from_cloudflare.delay_on_commit(script_name, hostname)
        if previous:
            hostnames = [addresses.hostname_of(slug) for slug in previous]
            tasks.routes_remove.delay_on_commit(hostnames, site_id)


def cloudflare_remove(*, script_name: str, hostname: str) -> None:
    site_id = int(script_name.removeprefix("site-"))
    hosting.site_remove(script_name=script_name, hostname=hostname, site_id=site_id)


def routes_remove(*, hostnames: list[str], site_id: int) -> None:
    for hostname in hostnames:
        hosting.route_remove(hostname, site_id=site_id)


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
