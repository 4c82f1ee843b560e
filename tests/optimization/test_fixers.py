"""The fixers change a site's spec so that its audits pass on the re-rendered site, with the
site's own words; the learning statistics steer which fixes a cycle makes."""

from __future__ import annotations

import re
from typing import Any

import pytest

from optimization.fixers import (
    DESCRIPTION_MAX,
    MIN_TRIES,
    TITLE_MAX,
    fix_outcomes_record,
    fixes_plan,
)
from optimization.models import FixStat
from sites.models import Site, SiteVersion
from tests.optimization.helpers import crawl_of, files_of, findings_of, live_site, live_spec, run
from tests.sites import fixtures
from tests.sites.fixtures import SiteInput

pytestmark = pytest.mark.django_db


def plan_for(site: Site, findings: list[dict[str, Any]] | None = None) -> Any:
    version = site.current_version
    assert version is not None
    if findings is None:
        findings = findings_of(crawl_of(site, version.spec))
    return fixes_plan(site=site, version=version, findings=findings)


def with_page(sample: SiteInput, slug: str, **changes: Any) -> SiteInput:
    for page in sample.content.pages:
        if page.slug == slug:
            for name, value in changes.items():
                setattr(page, name, value)
    return sample


def text_of(html: bytes) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html.decode()).split())


# --- each fixer makes its audit pass ---------------------------------------------------------


def test_link_text_fixer_names_the_page_a_generic_link_leads_to() -> None:
    sample = fixtures.dental()
    hero = sample.content.pages[0].sections[0]
    hero.cta_label, hero.cta_page = "Learn more", "about"
    site = live_site(sample)
    before = run("link-text", crawl_of(site, live_spec(site)))
    assert before.outcome == "fail"
    assert any("Learn more" in offender.snippet for offender in before.offenders)

    plan = plan_for(site)

    assert run("link-text", crawl_of(site, plan.spec)).outcome == "pass"
    [fix] = [fix for fix in plan.fixes if fix["audit"] == "link-text"]
    assert fix["fixer"] == "link-text"
    assert fix["summary"] == (
        "Changed the link text “Learn more” on the home page to “About us”, "
        "so it says where it leads."
    )
    index = files_of(site, plan.spec)["index.html"].decode()
    assert '<a class="button" href="/about">About us</a>' in index  # the About page's own name


def test_link_text_fixer_fixes_a_generic_menu_label_and_header_button() -> None:
    sample = fixtures.restaurant()
    sample.design.primary_cta_label = "Click here"
    sample.design.pages[2].nav_label = "More"
    site = live_site(sample)
    assert run("link-text", crawl_of(site, live_spec(site))).outcome == "fail"

    plan = plan_for(site)

    assert run("link-text", crawl_of(site, plan.spec)).outcome == "pass"
    labels = [p["nav_label"] for p in plan.spec["design"]["pages"]]
    assert "More" not in labels and plan.spec["design"]["primary_cta_label"] != "Click here"
    page = next(p for p in sample.content.pages if p.slug == sample.design.pages[2].slug)
    assert labels[2] in (page.meta_title, page.h1) or labels[2] in page.meta_title


def test_document_title_fixer_gives_a_blank_title_the_pages_heading() -> None:
    # The schema needs a title, but a byte-order mark alone passes it and shows nothing.
    sample = with_page(fixtures.dental(), "index", meta_title="\ufeff")
    site = live_site(sample)
    assert run("document-title", crawl_of(site, live_spec(site))).outcome == "fail"

    plan = plan_for(site)

    index = plan.spec["content"]["pages"][0]
    assert index["meta_title"].startswith(sample.content.pages[0].h1)
    assert run("document-title", crawl_of(site, plan.spec)).outcome == "pass"
    assert any(f["audit"] == "document-title" for f in plan.fixes)


def test_document_title_fixer_shortens_a_title_search_results_would_cut() -> None:
    long = "Family dentistry, hygiene and emergency care | Brightside Dental Portsmouth"[:70]
    sample = with_page(fixtures.dental(), "about", meta_title=long)
    site = live_site(sample)

    plan = plan_for(site)

    about = next(p for p in plan.spec["content"]["pages"] if p["slug"] == "about")
    assert about["meta_title"] == "Family dentistry, hygiene and emergency care"
    assert len(about["meta_title"]) <= TITLE_MAX
    assert run("document-title", crawl_of(site, plan.spec)).outcome == "pass"
    [fix] = [f for f in plan.fixes if f["audit"] == "document-title"]
    assert fix["summary"] == (
        "Shortened the title of the About us page to 44 characters so search results show it whole."
    )


def test_meta_description_fixer_writes_a_blank_description_from_the_pages_text() -> None:
    sample = with_page(fixtures.dental(), "index", meta_description="\ufeff" * 60)
    site = live_site(sample)
    assert run("meta-description", crawl_of(site, live_spec(site))).outcome == "fail"

    plan = plan_for(site)

    written = plan.spec["content"]["pages"][0]["meta_description"]
    assert 50 <= len(written) <= DESCRIPTION_MAX
    texts = [s.body for s in sample.content.pages[0].sections]
    texts += [i.text for s in sample.content.pages[0].sections for i in s.items]
    page_text = " ".join(" ".join(texts).split())
    assert written.rstrip("…") in page_text  # the page's own words, nothing invented
    assert run("meta-description", crawl_of(site, plan.spec)).outcome == "pass"


def test_image_alt_fixer_names_a_picture_labelled_with_nothing_visible() -> None:
    sample = fixtures.dental()
    sample.content.pages[0].sections[0].image_alt = "\ufeff"  # axe trims it away
    site = live_site(sample)
    assert 'aria-label="\ufeff"' in files_of(site, live_spec(site))["index.html"].decode()

    plan = plan_for(site)

    index = files_of(site, plan.spec)["index.html"].decode()
    assert f'role="img" aria-label="{sample.content.pages[0].h1}"' in index
    crawl = crawl_of(site, plan.spec)
    assert run("image-alt", crawl).outcome in ("pass", "not-applicable")
    assert run("svg-img-alt", crawl).outcome == "pass"


def test_generated_sites_pass_heading_order_and_image_alt_whatever_the_spec() -> None:
    # Headings and pictures are the generator's markup: no spec can skip a level or leave an
    # <img> without alt, so these audits have no spec fixer.
    for sample in (fixtures.dental(), fixtures.restaurant(), fixtures.saas()):
        site = live_site(sample)
        crawl = crawl_of(site, live_spec(site))
        assert run("heading-order", crawl).outcome == "pass"
        assert run("image-alt", crawl).outcome in ("pass", "not-applicable")


def test_a_failing_markup_audit_is_a_generator_fix_only_when_re_rendering_passes_it() -> None:
    site = live_site(fixtures.dental())
    # What a scan of a site made by an older generator reported.
    findings: list[dict[str, Any]] = [
        {"id": "heading-order", "outcome": "fail", "offenders": [{"page": "/", "selector": "h4"}]},
        {"id": "canonical", "outcome": "fail", "offenders": [{"page": "/about"}]},
        {"id": "is-on-https", "outcome": "fail", "offenders": []},
    ]

    plan = plan_for(site, findings)

    generator = {f["audit"] for f in plan.fixes if f["fixer"] == "generator"}
    assert generator == {"heading-order", "canonical"}
    assert plan.spec == live_spec(site)  # nothing in the spec changed


def test_nothing_to_fix_gives_the_live_spec_and_no_fixes() -> None:
    site = live_site(fixtures.dental())
    plan = plan_for(site)
    assert plan.fixes == []
    assert plan.spec == live_spec(site)


def test_fixes_survive_a_re_render_and_change_nothing_else() -> None:
    sample = fixtures.dental()
    sample.design.primary_cta_label = "Read more"
    site = live_site(sample)
    plan = plan_for(site)
    assert {f["audit"] for f in plan.fixes} == {"link-text"}
    again = fixes_plan(site=site, version=SiteVersion(spec=plan.spec), findings=[])
    assert again.fixes == []  # fixed once, nothing left to do
    before, after = live_spec(site), plan.spec
    assert before["content"] == after["content"] and before["brand"] == after["brand"]


# --- the learning rule -----------------------------------------------------------------------


def test_a_fix_rolled_back_most_times_on_this_business_type_is_skipped_and_said_why() -> None:
    sample = fixtures.dental()
    sample.design.primary_cta_label = "Learn more"
    site = live_site(sample)
    FixStat.objects.create(
        audit="link-text", business_type="dental-clinic", tried=MIN_TRIES, kept=2, rolled_back=3
    )

    plan = plan_for(site)

    assert all(f["audit"] != "link-text" for f in plan.fixes)
    assert plan.spec == live_spec(site)
    assert plan.skipped == [
        {
            "fixer": "link-text",
            "audit": "link-text",
            "why": "Rolled back in 3 of 5 cycles on dental clinic sites, so not tried again.",
        }
    ]


def test_a_bad_record_on_another_business_type_or_too_few_tries_does_not_skip() -> None:
    sample = fixtures.dental()
    sample.design.primary_cta_label = "Learn more"
    site = live_site(sample)
    FixStat.objects.create(audit="link-text", business_type="restaurant", tried=9, rolled_back=9)
    FixStat.objects.create(
        audit="link-text", business_type="dental-clinic", tried=MIN_TRIES - 1, rolled_back=4
    )
    assert any(f["audit"] == "link-text" for f in plan_for(site).fixes)


def test_fixes_are_ordered_by_how_often_they_were_kept_before() -> None:
    sample = with_page(fixtures.dental(), "about", meta_title="A" * 30 + " " + "B" * 39)
    sample.design.primary_cta_label = "Learn more"
    site = live_site(sample)
    FixStat.objects.create(
        audit="link-text", business_type="dental-clinic", tried=10, kept=10, health_gain=20
    )
    FixStat.objects.create(
        audit="document-title", business_type="dental-clinic", tried=10, kept=5, rolled_back=5
    )
    audits = [f["audit"] for f in plan_for(site).fixes]
    assert audits.index("link-text") < audits.index("document-title")


def test_fix_outcomes_record_counts_one_try_per_audit_and_adds_up() -> None:
    site = live_site(fixtures.dental())
    fixes = [
        {"fixer": "meta-description", "audit": "meta-description", "summary": "a"},
        {"fixer": "meta-description", "audit": "meta-description", "summary": "b"},
        {"fixer": "link-text", "audit": "link-text", "summary": "c"},
    ]
    fix_outcomes_record(site=site, fixes=fixes, kept=True, health_gain=4.0)
    fix_outcomes_record(site=site, fixes=fixes, kept=False, health_gain=-2.0)
    fix_outcomes_record(site=site, fixes=fixes[:1], kept=True, health_gain=1.0)

    stats = {s.audit: s for s in FixStat.objects.filter(business_type="dental-clinic")}
    meta, link = stats["meta-description"], stats["link-text"]
    assert (meta.tried, meta.kept, meta.rolled_back) == (3, 2, 1)
    assert (link.tried, link.kept, link.rolled_back) == (2, 1, 1)
    assert meta.health_gain == pytest.approx(2.0 - 1.0 + 1.0)
    assert link.health_gain == pytest.approx(2.0 - 1.0)
    assert FixStat.objects.count() == 2
