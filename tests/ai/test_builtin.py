"""The built-in provider: a real generator from playbooks and the brief's own words."""

from __future__ import annotations

import colorsys
import itertools
import re
import time
import typing
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel

from code24 import ai
from code24.ai import builtin
from code24.ai.answers import SCHEMAS, check_content, check_design
from code24.ai.contrast import contrast_ratio, hex_to_rgb
from code24.ai.kinds import KINDS
from code24.ai.schemas import (
    Brand,
    Brief,
    BusinessType,
    CompetitiveInsights,
    Content,
    Design,
    MarketResearch,
    PrimaryGoal,
)
from tests.ai.briefs import PLUMBER, make_brief

BUSINESS_TYPES: tuple[BusinessType, ...] = typing.get_args(BusinessType)
GOALS: tuple[PrimaryGoal, ...] = typing.get_args(PrimaryGoal)


def build(brief: Brief) -> dict[str, BaseModel]:
    """All five tasks in the pipeline's order, with the contexts the pipeline passes."""

    def dump(model: BaseModel) -> dict[str, Any]:
        return model.model_dump(mode="json")

    research = ai.ask("market_research", brief=brief, context={}).value
    insights = ai.ask(
        "competitive_insights",
        brief=brief,
        context={"market_research": dump(research), "competitors": []},
    ).value
    analysis = {**dump(insights), "competitors": []}
    brand = ai.ask(
        "brand",
        brief=brief,
        context={"market_research": dump(research), "competitive_analysis": analysis},
    ).value
    design = ai.ask(
        "design", brief=brief, context={"market_research": dump(research), "brand": dump(brand)}
    ).value
    content = ai.ask(
        "content",
        brief=brief,
        context={
            "market_research": dump(research),
            "competitive_analysis": analysis,
            "brand": dump(brand),
            "design": dump(design),
        },
    ).value
    return {
        "market_research": research,
        "competitive_insights": insights,
        "brand": brand,
        "design": design,
        "content": content,
    }


def strings(value: Any) -> Iterator[str]:
    """Every string in a dumped result."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def all_text(results: dict[str, BaseModel]) -> str:
    return "\n".join(s for model in results.values() for s in strings(model.model_dump()))


def brief_for(business_type: BusinessType, goal: PrimaryGoal) -> Brief:
    return make_brief(
        business_type,
        goal,
        name=f"Northgate {KINDS[business_type]['label'].title()}",
        description=f"An independent {KINDS[business_type]['label']} run by people who "
        "care about doing things properly and explaining them plainly.",
        services=[],
        audience="",
        tone="",
    )


def test_every_business_type_has_a_kind() -> None:
    assert set(KINDS) == set(BUSINESS_TYPES)
    assert len([kind for kind in BUSINESS_TYPES if kind != "other"]) >= 12


@pytest.mark.parametrize("goal", GOALS)
@pytest.mark.parametrize("business_type", BUSINESS_TYPES)
def test_every_task_validates_for_every_business_type_and_goal(
    business_type: BusinessType, goal: PrimaryGoal
) -> None:
    results = build(brief_for(business_type, goal))

    for task, value in results.items():
        assert isinstance(value, SCHEMAS[task])
        # What the pipeline stores and reads back validates again.
        SCHEMAS[task].model_validate(value.model_dump(mode="json"))
    design = results["design"]
    content = results["content"]
    assert isinstance(design, Design) and isinstance(content, Content)
    assert check_design(design) == []
    assert check_content(content, design) == []
    assert [page.slug for page in content.pages] == [page.slug for page in design.pages]
    for plan, page in zip(design.pages, content.pages, strict=True):
        assert [s.kind for s in page.sections] == [s.kind for s in plan.sections]
        assert len(page.meta_title) <= 70
        assert 50 <= len(page.meta_description) <= 160
        for section in page.sections:
            if section.cta_page:
                assert section.cta_page in {p.slug for p in design.pages}
    assert design.primary_cta_page in {page.slug for page in design.pages}
    brand = results["brand"]
    assert isinstance(brand, Brand)
    assert brand.contrast and all(pair.passes_aa for pair in brand.contrast)
    assert content.structured_data.schema_type == KINDS[business_type]["schema_type"]

    text = all_text(results)
    # Every template placeholder was filled; no filler text.
    assert not re.search(r"\{[a-z_]+\}", text), re.findall(r".{30}\{[a-z_]+\}.{10}", text)
    assert "lorem" not in text.lower()
    assert " in ." not in text and " in ," not in text
    # The AI layer writes text, never markup.
    assert "<" not in text and ">" not in text


def test_all_five_tasks_for_one_brief_take_well_under_100_ms() -> None:
    brief = make_brief()
    build(brief)  # warm up imports
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        build(brief)
        timings.append(time.perf_counter() - started)
    assert sorted(timings)[2] < 0.1, timings


def test_the_same_brief_gives_the_same_results() -> None:
    first = build(make_brief())
    second = build(make_brief())
    assert {k: v.model_dump() for k, v in first.items()} == {
        k: v.model_dump() for k, v in second.items()
    }


def test_two_different_briefs_give_visibly_different_sites() -> None:
    dental = build(make_brief())
    plumber = build(make_brief(**PLUMBER))
    dental_brand, plumber_brand = dental["brand"], plumber["brand"]
    assert isinstance(dental_brand, Brand) and isinstance(plumber_brand, Brand)
    assert dental_brand.palette != plumber_brand.palette
    assert dental_brand.tagline != plumber_brand.tagline
    dental_content, plumber_content = dental["content"], plumber["content"]
    assert isinstance(dental_content, Content) and isinstance(plumber_content, Content)
    assert dental_content.pages[0].h1 != plumber_content.pages[0].h1
    assert dental_content.faq != plumber_content.faq
    dental_research, plumber_research = dental["market_research"], plumber["market_research"]
    assert isinstance(dental_research, MarketResearch)
    assert isinstance(plumber_research, MarketResearch)
    assert not set(dental_research.keywords) & set(plumber_research.keywords)
    assert dental_content.structured_data.schema_type == "Dentist"
    assert plumber_content.structured_data.schema_type == "Plumber"


def _hue_degrees(colour: str) -> float:
    r, g, b = (channel / 255 for channel in hex_to_rgb(colour))
    return colorsys.rgb_to_hls(r, g, b)[0] * 360


def _hue_distance(first: str, second: str) -> float:
    turn = abs(_hue_degrees(first) - _hue_degrees(second)) % 360
    return min(turn, 360 - turn)


def _seed(brand: Brand) -> tuple[str, ...]:
    """The colours a hue turn leaves alone: they tell which seed palette a brand is on."""
    palette = brand.palette
    return (palette.background, palette.surface, palette.text, palette.muted_text)


TOWNS = ("Leeds", "Whitby", "York", "Hull", "Bath", "Derby", "Ely", "Truro", "Wells", "Ripon")
NAMES = ("Bright Smile", "Harbour", "Oak Tree", "Riverside", "Castle", "Meadow")


def test_businesses_of_the_same_type_get_looks_that_differ_visibly() -> None:
    """Two dental clinics on the same palette and fonts either share the look exactly or
    differ by a hue turn anyone can see (at least 10°), never by an invisible 1-2°; and most
    pairs of clinics look different."""
    brands = []
    for name in NAMES:
        for town in TOWNS:
            brand = build(make_brief(name=f"{name} Dental", location=town, tone=""))["brand"]
            assert isinstance(brand, Brand)
            brands.append(brand)
    pairs = list(itertools.combinations(brands, 2))
    identical = 0
    for first, second in pairs:
        fonts_alike = (first.heading_font, first.body_font) == (
            second.heading_font,
            second.body_font,
        )
        if not fonts_alike or _seed(first) != _seed(second):
            continue  # another seed palette or other fonts: a different look already
        distance = _hue_distance(first.palette.primary, second.palette.primary)
        assert distance < 0.5 or distance >= 10, (first.palette, second.palette, distance)
        identical += distance < 0.5
    assert identical / len(pairs) < 0.05


def test_the_tone_chooses_the_mood() -> None:
    bold = build(make_brief("fitness-studio", tone="bold and energetic"))
    calm = build(make_brief("fitness-studio", tone="calm, gentle"))
    bold_brand, calm_brand = bold["brand"], calm["brand"]
    bold_design, calm_design = bold["design"], calm["design"]
    assert isinstance(bold_brand, Brand) and isinstance(calm_brand, Brand)
    assert isinstance(bold_design, Design) and isinstance(calm_design, Design)
    assert bold_design.layout == "bold"
    assert calm_design.layout == "minimal"
    assert bold_brand.palette.background != calm_brand.palette.background
    assert bold_brand.voice[:2] == ["bold", "energetic"]


def test_the_primary_goal_chooses_among_the_ways_the_business_sells() -> None:
    facts = {"ways": ["book_table", "walk_in"]}
    address = "4 Quay Street, Leeds"
    bookings = build(make_brief("restaurant", "bookings", facts=facts, address=address))
    awareness = build(make_brief("restaurant", "awareness", facts=facts, address=address))
    b, a = bookings["design"], awareness["design"]
    assert isinstance(b, Design) and isinstance(a, Design)
    assert (b.primary_cta_label, b.primary_cta_page) == ("Book a table", "contact")
    assert (a.primary_cta_label, a.primary_cta_page) == ("Visit us", "contact")
    assert [s.kind for s in b.pages[0].sections] != [s.kind for s in a.pages[0].sections]


def test_a_business_that_states_no_way_of_buying_is_only_asked_to_get_in_touch() -> None:
    design = build(make_brief("restaurant", "bookings"))["design"]
    assert isinstance(design, Design)
    assert design.primary_cta_label == "Get in touch"  # no table booking it did not offer
    results = build(make_brief("restaurant", "bookings"))
    text = all_text({"content": results["content"], "design": results["design"]}).lower()
    assert "book a table" not in text and "reservation" not in text


def test_the_briefs_services_and_location_are_in_the_copy() -> None:
    brief = make_brief(**PLUMBER)
    results = build(brief)
    content = results["content"]
    research = results["market_research"]
    assert isinstance(content, Content) and isinstance(research, MarketResearch)
    pages = {page.slug: page for page in content.pages}
    offer = next(s for s in pages["services"].sections if s.kind == "services")
    assert [item.title for item in offer.items] == brief.services
    home = pages["index"]
    assert "Bristol" in home.meta_title
    assert "Bristol" in " ".join([home.h1, home.meta_description, home.sections[0].body])
    assert "plumber bristol" in research.keywords
    assert "leak repairs" in research.keywords
    assert any("Bristol" in intent for intent in research.search_intents)
    assert content.structured_data.telephone == "0117 496 0123"
    assert content.structured_data.area_served == "Bristol"
    contact = next(s for s in pages["contact"].sections if s.kind == "contact")
    assert ("Phone", "0117 496 0123") in [(item.title, item.text) for item in contact.items]
    story = next(s for s in pages["about"].sections if s.kind == "story")
    assert story.body == brief.description
    text = all_text(results)
    assert "boiler servicing" in text  # mid-sentence, in lower case
    assert "Leak repairs" in text


def test_no_services_in_the_brief_means_none_are_invented() -> None:
    brief = make_brief(
        "law-firm",
        "lead_generation",
        name="Carver & Webb",
        description="We help people in Hull with family law and with wills.",
        services=[],
    )
    results = build(brief)
    content = results["content"]
    assert isinstance(content, Content)
    offer_items = [
        item
        for page in content.pages
        for s in page.sections
        if s.kind == "services"
        for item in s.items
    ]
    assert offer_items == []  # nothing the customer did not list (the form offers to
    # take "family law" and "wills" from the description into the facts first)
    text = all_text(results)
    assert "Employment law" not in text and "Legal advice" not in text
    services = next(page for page in content.pages if page.slug == "services")
    assert "To find out what Carver & Webb offers" in services.sections[0].body


def test_the_copy_invents_no_prices_ratings_or_testimonials() -> None:
    for business_type in BUSINESS_TYPES:
        text = all_text(build(make_brief(business_type, "sales")))
        assert not re.search(r"[$£€]\s?\d", text), business_type
        assert not re.search(r"\b\d+(\.\d)?\s?(stars?|%|years)\b", text, re.I), business_type
        assert "award" not in text.lower(), business_type


def test_a_minimal_brief_without_location_or_contact_details_works() -> None:
    brief = Brief(
        name="Ada",
        description="Wedding and portrait photography, relaxed and natural.",
        business_type="photographer",
        primary_goal="bookings",
    )
    results = build(brief)
    text = all_text(results)
    assert "call us on" not in text
    assert "use the form on our contact page" in text
    assert not re.search(r"\b(in|near|around) [.,]", text)  # no town left out mid-sentence
    content = results["content"]
    assert isinstance(content, Content)
    assert content.structured_data.area_served == ""
    # No offers given: the home page lists none (none are guessed from the description).
    assert "services" not in [s.kind for s in content.pages[0].sections]


def test_the_longest_brief_fields_still_give_valid_results() -> None:
    brief = make_brief(
        "agency",
        "sales",
        name="N" * 100,
        description=("We do many things for many clients. " * 110)[:4000],
        audience="A" * 500,
        tone="t" * 200,
        location="L" * 200,
        services=[f"Service number {n} " + "x" * 150 for n in range(12)],
        phone="9" * 40,
        email=("e" * 240) + "@example.com",
        address="A" * 300,
    )
    results = build(brief)
    for task, value in results.items():
        SCHEMAS[task].model_validate(value.model_dump(mode="json"))


def test_customer_text_is_passed_through_as_data_never_as_html() -> None:
    payload = "<script>alert('x')</script>"
    brief = make_brief(
        name=f"Smile {payload}",
        description=f"We are dentists. {payload} <b onclick='x()'>hi</b> and more words here.",
        services=[f"Whitening {payload}"],
        location=f"Leeds {payload}",
        tone="calm",
    )
    results = build(brief)
    text = all_text(results)
    assert payload in text  # kept as written: escaping is the generator's job
    assert "<b onclick='x()'>hi</b>" in text
    assert "&lt;" not in text and "&amp;" not in text and "&#" not in text  # not escaped here
    content = results["content"]
    assert isinstance(content, Content)
    assert content.structured_data.description.count(payload) == 1


def test_braces_in_customer_text_are_not_templates() -> None:
    brief = make_brief(name="{name} & {__class__}", services=["{services} care"])
    content = build(brief)["content"]
    assert isinstance(content, Content)
    assert "{name} & {__class__}" in all_text({"content": content})


def test_content_follows_another_providers_design() -> None:
    brief = make_brief()
    design = Design.model_validate(
        {
            "pages": [
                {
                    "slug": "index",
                    "nav_label": "Home",
                    "sections": [
                        {"kind": kind}
                        for kind in ("hero", "stats", "testimonials", "team", "gallery", "cta")
                    ],
                },
                {"slug": "menu", "nav_label": "Treatments", "sections": [{"kind": "menu"}]},
                {"slug": "about", "nav_label": "About", "sections": [{"kind": "about"}]},
                {"slug": "our-team", "nav_label": "Our team", "sections": [{"kind": "team"}]},
                {"slug": "contact", "nav_label": "Contact", "sections": [{"kind": "contact"}]},
                {"slug": "privacy", "nav_label": "Privacy", "sections": [{"kind": "legal"}]},
            ],
            "primary_cta_label": "Book now",
            "primary_cta_page": "contact",
        }
    )
    content = ai.ask(
        "content", brief=brief, context={"design": design.model_dump(mode="json")}
    ).value
    assert check_content(content, design) == []
    home = content.pages[0]
    for kind in ("testimonials", "team", "stats", "gallery"):
        section = next(s for s in home.sections if s.kind == kind)
        assert section.items == [] and section.body == ""  # nothing invented: left out
    cta = next(s for s in home.sections if s.kind == "cta")
    assert (cta.cta_label, cta.cta_page) == ("Book now", "contact")
    assert [page.h1 for page in content.pages][3] == "Our team"


def test_competitive_insights_read_the_competitors() -> None:
    brief = make_brief(**PLUMBER)
    competitors = [
        {
            "url": "https://one.example/",
            "ok": True,
            "title": "Pipes & Co | Plumbers",
            "description": "Plumbing services",
            "calls_to_action": [],
            "contact_methods": ["email"],
            "keywords": ["drain unblocking", "underfloor heating"],
            "offers": ["10% off first visit"],
        },
        {
            "url": "https://two.example/",
            "ok": True,
            "title": "Bristol Heating",
            "calls_to_action": ["Call now"],
            "contact_methods": ["phone"],
            "keywords": ["underfloor heating"],
        },
        {"url": "https://three.example/", "ok": False, "error": "The site did not answer."},
    ]
    insights = ai.ask(
        "competitive_insights", brief=brief, context={"competitors": competitors}
    ).value
    assert isinstance(insights, CompetitiveInsights)
    text = " ".join(insights.opportunities)
    assert "1 of 2 competitor sites we read show none" in text  # phone numbers
    assert "Name Bristol in page titles" in text
    assert "\u201cunderfloor heating\u201d" in text
    assert "three.example" in insights.summary and "did not answer" in insights.summary
    assert "We read 2 competitor sites" in insights.summary


def test_contrast_pairs_are_computed_not_assumed() -> None:
    for business_type in BUSINESS_TYPES:
        brand = build(make_brief(business_type))["brand"]
        assert isinstance(brand, Brand)
        for pair in brand.contrast:
            assert pair.ratio == round(contrast_ratio(pair.foreground, pair.background), 2)
            assert pair.ratio >= 4.5


def test_the_builtin_provider_reports_itself() -> None:
    result = ai.ask("brand", brief=make_brief(), context={})
    assert (result.provider, result.model, result.attempts, result.fallback_reason) == (
        "builtin",
        builtin.MODEL,
        1,
        "",
    )


def test_unknown_tasks_are_refused() -> None:
    with pytest.raises(ValueError, match="Unknown AI task"):
        ai.ask("poetry", brief=make_brief(), context={})
