"""Develop: the spec of the new version, its files rendered from it, and stored.

The spec: for a build the AI team wrote (first build, rebuild) the brief, brand, design
and content steps' values, with the customer's published edits laid over them (where the
writer now says something new at a place the customer set, that is proposed instead:
``sites.drafts.keep_edits``) and the site's photos; for a build made from a spec (the
customer's edits, an optimization cycle) the spec as it came.
"""

from typing import Any

from django.utils import timezone

from sites import drafts
from sites.addresses import FORM_ACTION, site_address
from sites.generator import render_spec
from sites.models import Build
from sites.pipeline.common import brief_of, value
from sites.pipeline.files import content_hash, files_save, photo_entries

FROM_A_SPEC = (Build.Kind.EDIT, Build.Kind.OPTIMIZATION)


def run(build: Build, outputs: dict[str, Any]) -> dict[str, Any]:
    site = build.site
    spec = spec_of(build, outputs)
    files = render_spec(spec, site_url=site_address(site), form_action=FORM_ACTION, site_id=site.pk)
    manifest = files_save(site.pk, files)
    manifest.update(photo_entries(spec))
    manifest = dict(sorted(manifest.items()))
    return {
        "files": manifest,
        "content_hash": content_hash(manifest),
        "pages": sorted(path for path in manifest if path.endswith(".html")),
        "total_bytes": sum(entry["bytes"] for entry in manifest.values()),
        # The address the files name (canonical, sitemap): a domain that goes live while
        # the build runs gets a version of its own afterwards (domains.services).
        "hostname": site.address_hostname,
        "year": spec["year"],
        "spec": spec,
    }


def spec_of(build: Build, outputs: dict[str, Any]) -> dict[str, Any]:
    site = build.site
    content_step = outputs.get("content", {})
    # The footer's copyright year, kept in the spec: this year for a new build; a build made
    # from a version's spec carries that spec's year, so a stale year changes only when the
    # customer approved it.
    carried = content_step.get("year")
    year = carried if isinstance(carried, int) else timezone.localdate().year
    brief = content_step.get("brief")
    spec: dict[str, Any] = {
        "brief": brief if isinstance(brief, dict) else brief_of(build).model_dump(mode="json"),
        **{name: value(outputs, name) for name in ("brand", "design", "content")},
        "year": year,
    }
    if build.kind in FROM_A_SPEC:
        spec["photos"] = list(content_step.get("photos") or [])
        return spec
    live = site.current_version.spec if site.current_version else {}
    spec["photos"] = list(live.get("photos") or [])
    return drafts.keep_edits(site, spec, by="The writer, in a rebuild")
