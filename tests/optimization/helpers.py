"""A site Code24 built, as fixers see it: a live version with a spec, its rendered files
and a scan of them with the real audits."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

import optimization.scanner  # noqa: F401 - registers every audit
from optimization.fixers import files_crawl
from optimization.scanner.base import AUDITS, Crawl, Verdict
from sites.addresses import FORM_ACTION, site_address
from sites.generator import GENERATOR_VERSION, render_spec
from sites.models import Site, SiteVersion
from tests.factories import make_account, make_site
from tests.sites.fixtures import YEAR, SiteInput

THIS_YEAR = timezone.localdate().year


def spec_of(sample: SiteInput, *, year: int | None = YEAR) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "brief": sample.brief.model_dump(mode="json"),
        "brand": sample.brand.model_dump(mode="json"),
        "design": sample.design.model_dump(mode="json"),
        "content": sample.content.model_dump(mode="json"),
        "hostname": "",
    }
    if year is not None:
        spec["year"] = year
    return spec


def live_site(sample: SiteInput, *, year: int | None = THIS_YEAR, auto: bool = False) -> Site:
    """A live site whose current version was rendered from the sample's spec (this year's,
    unless ``year`` says otherwise)."""
    site = make_site(
        make_account(),
        name=sample.brand.display_name,
        status="live",
        brief=sample.brief.model_dump(mode="json"),
    )
    site.proposals_auto_publish = auto
    site.save(update_fields=["proposals_auto_publish"])
    spec = {**spec_of(sample, year=year), "hostname": site.address_hostname}
    version = SiteVersion.objects.create(
        site=site,
        number=1,
        spec=spec,
        manifest={},
        content_hash="-",
        script_name=site.script_name,
        made_by="First build",
        generator_version=GENERATOR_VERSION,
    )
    Site.objects.filter(pk=site.pk).update(current_version=version)
    site.current_version = version
    return site


def live_spec(site: Site) -> dict[str, Any]:
    assert site.current_version is not None
    return site.current_version.spec


def files_of(site: Site, spec: dict[str, Any]) -> dict[str, bytes]:
    return render_spec(spec, site_url=site_address(site), form_action=FORM_ACTION, site_id=site.pk)


def crawl_of(site: Site, spec: dict[str, Any]) -> Crawl:
    return files_crawl(files_of(site, spec), site_address(site))


def run(audit_id: str, crawl: Crawl) -> Verdict:
    return AUDITS[audit_id].check(crawl)


def findings_of(crawl: Crawl) -> list[dict[str, Any]]:
    """Every registered audit on the crawl, as Scan.findings holds them."""
    findings = []
    for audit in AUDITS.values():
        verdict = audit.check(crawl)
        findings.append(
            {
                "id": audit.id,
                "title": audit.title,
                "outcome": verdict.outcome,
                "score": verdict.score,
                "explanation": verdict.explanation,
                "offenders": [
                    {"page": o.page, "selector": o.selector, "snippet": o.snippet, "note": o.note}
                    for o in verdict.offenders
                ],
            }
        )
    return findings
