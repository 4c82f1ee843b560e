"""Develop: render the site's files from the brief, brand, design and content, and store them."""

from typing import Any

from django.utils import timezone

from code24.ai.schemas import Brand, Content, Design
from sites.addresses import FORM_ACTION, site_address
from sites.generator import render_site
from sites.models import Build
from sites.pipeline.common import brief_of, value
from sites.pipeline.files import content_hash, files_save


def run(build: Build, outputs: dict[str, Any]) -> dict[str, Any]:
    site = build.site
    # The footer's copyright year, kept in the spec: this year for a new build; a build made
    # from a version's spec (an optimization cycle) carries that spec's year on its content
    # step's output, so a stale year changes only when the customer approved it.
    carried = outputs.get("content", {}).get("year")
    year = carried if isinstance(carried, int) else timezone.localdate().year
    files = render_site(
        brief=brief_of(build),
        brand=Brand.model_validate(value(outputs, "brand")),
        design=Design.model_validate(value(outputs, "design")),
        content=Content.model_validate(value(outputs, "content")),
        site_url=site_address(site),
        form_action=FORM_ACTION,
        site_id=site.pk,
        year=year,
    )
    manifest = files_save(site.pk, files)
    return {
        "files": manifest,
        "content_hash": content_hash(manifest),
        "pages": sorted(path for path in manifest if path.endswith(".html")),
        "total_bytes": sum(entry["bytes"] for entry in manifest.values()),
        # The address the files name (canonical, sitemap): a domain that goes live while
        # the build runs gets a version of its own afterwards (domains.services).
        "hostname": site.address_hostname,
        "year": year,
    }
