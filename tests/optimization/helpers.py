"""Crawls for the audit tests: a fetched answer and a crawl of answers built from HTML
(``fetched``, ``html_crawl``); and a site Code24 built, as fixers see it: a live version
with a spec, its rendered files and a scan of them with the real audits."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import timezone

import optimization.scanner  # noqa: F401 - registers every audit
from optimization.fixers import files_crawl
from optimization.scanner.base import AUDITS, Crawl, Fetched, Page, Verdict
from sites.addresses import FORM_ACTION, site_address
from sites.generator import GENERATOR_VERSION, render_spec
from sites.models import Site, SiteVersion
from tests.factories import make_account, make_site
from tests.sites.fixtures import YEAR, SiteInput

THIS_YEAR = timezone.localdate().year
HTML = "text/html; charset=utf-8"


def fetched(
    url: str,
    body: str | bytes = b"",
    content_type: str = HTML,
    *,
    status: int | None = None,
    headers: dict[str, str] | None = None,
    final_url: str = "",
    error: str = "",
    **fields: Any,
) -> Fetched:
    """An answer from ``url``: ``body`` (text encoded as UTF-8) with this Content-Type (none
    when "") and ``headers`` (which may replace it); status 200, or 0 when ``error`` says the
    fetch failed; other Fetched fields (``redirects``, ``elapsed_ms``, ...) as given."""
    all_headers = {"content-type": content_type} if content_type else {}
    all_headers.update(headers or {})
    return Fetched(
        url=url,
        final_url=final_url or url,
        status=(0 if error else 200) if status is None else status,
        headers=all_headers,
        body=body.encode() if isinstance(body, str) else body,
        error=error,
        **fields,
    )


def html_crawl(
    *pages: Fetched | Page,
    resources: dict[str, Fetched] | Iterable[Fetched] = (),
    start_url: str = "",
    robots: Fetched | None = None,
    http_probe: Fetched | None = None,
) -> Crawl:
    """A crawl of these HTML pages, the first one the start page (asked for at its own
    address unless ``start_url`` says otherwise), with these fetched resources."""
    read = [page if isinstance(page, Page) else Page(page) for page in pages]
    found = resources if isinstance(resources, dict) else {r.url: r for r in resources}
    return Crawl(
        start_url=start_url or read[0].response.url,
        pages=read,
        responses=[page.response for page in read],
        robots=robots,
        http_probe=http_probe,
        resources=found,
    )


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
