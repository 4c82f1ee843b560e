"""Deploy: upload the site Worker, record the version, write the route.

Every action is idempotent: the script is PUT under the site's one name, the route is PUT
under the site's hostname, and the version is found again by its build. Running deploy
twice (a retry, or a worker that died half-way) converges on one script and one route.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from code24.cloudflare.client import Client, Module, get_client
from code24.cloudflare.workers_bundle import route_value, site_worker_upload
from sites.addresses import forms_endpoint, forms_token
from sites.models import Build, Site, SiteVersion
from sites.pipeline.common import brief_of, value
from sites.pipeline.files import files_load


def run(build: Build, outputs: dict[str, Any]) -> dict[str, Any]:
    site = build.site
    develop = outputs["develop"]
    version = _version_for(build, outputs)
    result = publish(site, version, files_load(develop["files"]))
    return {**result, "version": version.number, "version_id": version.pk}


def _version_for(build: Build, outputs: dict[str, Any]) -> SiteVersion:
    existing = SiteVersion.objects.filter(build=build).first()
    if existing:
        return existing
    spec = {
        "brief": brief_of(build).model_dump(mode="json"),
        **{name: value(outputs, name) for name in ("brand", "design", "content")},
    }
    develop = outputs["develop"]
    made_by = (
        f"{build.get_kind_display()} requested by {build.requested_by}"
        if build.requested_by
        else f"{build.get_kind_display()} ({build.requested_via})"
    )
    for _ in range(3):
        try:
            with transaction.atomic():
                number = (build.site.versions.aggregate(n=Max("number"))["n"] or 0) + 1
                return SiteVersion.objects.create(
                    site=build.site,
                    number=number,
                    build=build,
                    spec=spec,
                    manifest=develop["files"],
                    content_hash=develop["content_hash"],
                    script_name=build.site.script_name,
                    made_by=made_by[:100],
                )
        except IntegrityError:
            continue  # another version took the number: take the next one
    raise RuntimeError("Could not number the new version.")


def publish(site: Site, version: SiteVersion, files: dict[str, bytes]) -> dict[str, Any]:
    """Put `version` live: upload its Worker, point the site's hostname at it."""
    client = get_client()
    upload = site_worker_upload(
        files,
        site_id=site.pk,
        forms_endpoint=forms_endpoint(site),
        forms_token=forms_token(site),
        thank_you="/thanks",
    )
    script = client.script_upload(
        site.script_name,
        modules=[
            Module(name=m["name"], content=m["text"], content_type=m["content_type"])
            for m in upload.modules
        ],
        main_module=upload.main_module,
        bindings=upload.bindings,
        tags=Client.site_script_tags(
            account_id=site.account_id, plan=site.account.plan.slug, extra=[f"site-{site.pk}"]
        ),
        compatibility_date=upload.compatibility_date,
    )
    route_write(site, client=client)
    response = {
        "script": script.name,
        "etag": script.etag,
        "modified_on": script.modified_on.isoformat() if script.modified_on else None,
        "route": site.hostname,
    }
    SiteVersion.objects.filter(pk=version.pk).update(
        cloudflare_response=response, deployed_at=timezone.now()
    )
    Site.objects.filter(pk=site.pk).update(current_version=version, published=True)
    return response


def route_write(site: Site, *, client: Client | None = None) -> None:
    client = client or get_client()
    client.kv_put(
        client.kv_namespace_id("routes"),
        site.hostname,
        route_value(script=site.script_name, site_id=site.pk),
        metadata={"site_id": site.pk, "account_id": site.account_id},
    )


def route_delete(site: Site) -> None:
    client = get_client()
    client.kv_delete(client.kv_namespace_id("routes"), site.hostname)
