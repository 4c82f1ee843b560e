"""A site on Cloudflare: its Worker (one script per site, holding the version online, with
the site's files as its static assets) and its routes (one KV entry per hostname: the
site's own address, and each previous address answering a redirect to it). The deploy
step and the services both call these; this module calls only the Cloudflare client,
never the services.

Every write is idempotent (a PUT under the same name), so a retry converges.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.utils import timezone

from code24.cloudflare.client import AssetsConfig, Client, Module, get_client
from code24.cloudflare.errors import CloudflarePermanentError
from code24.cloudflare.workers_bundle import WorkerUpload, route_value, site_worker_upload
from sites import signals
from sites.addresses import forms_endpoint, forms_token
from sites.models import AddressRedirect, Site, SiteVersion

log = logging.getLogger(__name__)


def site_worker(site: Site, files: dict[str, bytes]) -> WorkerUpload:
    """The site's Worker with these files, wired to Code24's forms endpoint (as deployed,
    and as QA serves it before deploying)."""
    return site_worker_upload(
        files,
        site_id=site.pk,
        forms_endpoint=forms_endpoint(site),
        forms_token=forms_token(site),
        thank_you="/thanks",
    )


def publish(site: Site, version: SiteVersion, files: dict[str, bytes]) -> dict[str, Any]:
    """Put `version` live: upload its files (only those Cloudflare lacks), then its Worker
    with them, and point the site's hostnames at it."""
    client = get_client()
    tags = Client.site_script_tags(
        account_id=site.account_id, plan=site.account.plan.slug, extra=[f"site-{site.pk}"]
    )
    response = upload_worker(client, site.script_name, site_worker(site, files), tags=tags)
    route_write(site, client=client)
    response["route"] = site.hostname
    SiteVersion.objects.filter(pk=version.pk).update(
        cloudflare_response=response, deployed_at=timezone.now()
    )
    Site.objects.filter(pk=site.pk).update(current_version=version, status=Site.Status.LIVE)
    return response


def upload_worker(
    client: Client, script_name: str, upload: WorkerUpload, *, tags: list[str] | None = None
) -> dict[str, Any]:
    """Upload a version: its static assets (only those Cloudflare lacks), then its Worker
    with the completion token. Answers what Cloudflare said and how much went."""
    assets = client.assets_upload(script_name, upload.asset_files())
    script = client.script_upload(
        script_name,
        modules=[
            Module(name=m["name"], content=m["text"], content_type=m["content_type"])
            for m in upload.modules
        ],
        main_module=upload.main_module,
        bindings=upload.bindings,
        tags=tags or [],
        compatibility_date=upload.compatibility_date,
        assets=AssetsConfig(assets.completion_token, upload.assets_config),
    )
    return {
        "script": script.name,
        "etag": script.etag,
        "modified_on": script.modified_on.isoformat() if script.modified_on else None,
        "assets": {
            "files": assets.files,
            "uploaded_files": assets.uploaded_files,
            "uploaded_bytes": assets.uploaded_bytes,
        },
    }


def route_write(site: Site, *, client: Client | None = None) -> None:
    """Point the site's address at its script, and each previous address at its address.
    Once the site is at its own domain, its Code24 hostname redirects there too (the
    domains app writes the domain's own routes, on `signals.routes_written`)."""
    client = client or get_client()
    namespace = client.kv_namespace_id("routes")
    metadata = {"site_id": site.pk, "account_id": site.account_id}
    canonical = site.address_hostname
    own = (
        route_value(site_id=site.pk, redirect="host", canonical_host=canonical)
        if site.domain
        else route_value(script=site.script_name, site_id=site.pk)
    )
    client.kv_put(namespace, site.hostname, own, metadata=metadata)
    redirects = list(site.redirects.filter(expires_at__gt=timezone.now()))
    for redirect in redirects:
        client.kv_put(
            namespace,
            redirect.hostname,
            route_value(site_id=site.pk, redirect="host", canonical_host=canonical),
            metadata=metadata,
        )
    AddressRedirect.objects.filter(pk__in=[r.pk for r in redirects], routed_at=None).update(
        routed_at=timezone.now()
    )
    signals.routes_written.send(sender=Site, site=site, client=client)


def route_delete(site: Site, *, client: Client | None = None) -> None:
    """Take the site's addresses offline: its own, its previous ones and (through
    `signals.routes_deleted`) its domains' (the site keeps them all)."""
    client = client or get_client()
    namespace = client.kv_namespace_id("routes")
    client.kv_delete(namespace, site.hostname)
    for redirect in site.redirects.all():
        client.kv_delete(namespace, redirect.hostname)
    site.redirects.update(routed_at=None)
    signals.routes_deleted.send(sender=Site, site=site, client=client)


def route_remove(hostname: str, *, site_id: int, client: Client | None = None) -> None:
    """Delete the route of `hostname` if it still belongs to the site `site_id`; one that
    another site has taken since (or that is gone) is left alone."""
    client = client or get_client()
    namespace = client.kv_namespace_id("routes")
    raw = client.kv_get(namespace, hostname)
    if raw is None:
        return
    try:
        owner = json.loads(raw).get("site_id")
    except (ValueError, AttributeError):
        owner = None
    if owner != site_id:
        log.info("route %s now belongs to site %s: kept", hostname, owner)
        return
    try:
        client.kv_delete(namespace, hostname)
    except CloudflarePermanentError as exc:
        log.warning("route %s: %s", hostname, exc.message)


def site_remove(*, script_name: str, hostname: str, site_id: int) -> None:
    """After a site is deleted: its route (unless taken since) and its script."""
    client = get_client()
    route_remove(hostname, site_id=site_id, client=client)
    client.script_delete(script_name)
