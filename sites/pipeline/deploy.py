"""Deploy: record the build's version and put it live (through `sites.hosting`).

Every action is idempotent: the script is PUT under the site's one name, the routes are
PUT under the site's hostnames, and the version is found again by its build. Running
deploy twice (a retry, or a worker that died half-way) converges on one script and one
route per hostname.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max

from sites import drafts, hosting
from sites.generator import GENERATOR_VERSION
from sites.models import Build, SiteVersion
from sites.pipeline.common import brief_of, value
from sites.pipeline.files import files_load


def run(build: Build, outputs: dict[str, Any]) -> dict[str, Any]:
    site = build.site
    develop = outputs["develop"]
    version = _version_for(build, outputs)
    result = hosting.publish(site, version, files_load(develop["files"]))
    if build.kind == Build.Kind.EDIT:
        drafts.edits_published(build)
    return {**result, "version": version.number, "version_id": version.pk}


def _version_for(build: Build, outputs: dict[str, Any]) -> SiteVersion:
    existing = SiteVersion.objects.filter(build=build).first()
    if existing:
        return existing
    develop = outputs["develop"]
    spec = {
        # What develop rendered (builds before it kept the spec took it from the steps).
        **(
            develop.get("spec")
            or {
                "brief": brief_of(build).model_dump(mode="json"),
                **{name: value(outputs, name) for name in ("brand", "design", "content")},
            }
        ),
        # The address the files name (develop rendered them for it).
        "hostname": develop.get("hostname") or build.site.hostname,
        # The footer's copyright year (develop rendered it; builds before it had none).
        "year": develop.get("year"),
    }
    changes = outputs.get("content", {}).get("changes") or []
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
                    generator_version=GENERATOR_VERSION,
                    changes=changes,
                )
        except IntegrityError:
            continue  # another version took the number: take the next one
    raise RuntimeError("Could not number the new version.")
