"""The business types of the professional, retail and places groups: each kind is
well-formed data and says nothing about one business."""

from __future__ import annotations

import re
import string
from typing import get_args

import pytest

from code24.ai.claims import claims_in
from code24.ai.facts import Way
from code24.ai.kinds import (
    KINDS,
    ExtraPageSlug,
    FactKey,
    Kind,
    OfferSlug,
    places,
    professional,
    retail,
)
from code24.ai.looks import LOOKS
from sites.briefs import business_type_from

GROUPS = {
    professional: {"accountant", "law-firm", "real-estate", "consultant", "agency", "photographer"},
    retail: {"florist", "shop", "e-commerce", "saas"},
    places: {"wedding-venue", "hotel", "school", "nonprofit", "other"},
}
KEYS = sorted(key for keys in GROUPS.values() for key in keys)
# The home page sections a kind may use, and what each shows.
HOME_SECTIONS = {
    "hero",
    "services",
    "products",
    "menu",
    "hours",
    "story",
    "values",
    "team",
    "testimonials",
    "process",
    "pricing",
    "faq",
    "cta",
}
# Words that would make a kind speak for one business.
SPEAKS_FOR_ONE = re.compile(
    r"\b(?:we|our|ours|us|best|finest|guarantee[sd]?|award[- ]winning)\b", re.I
)
SCHEMA_TYPE = re.compile(r"^[A-Za-z]{2,60}$")


def texts(kind: Kind) -> list[str]:
    """Every sentence-like text of a kind that research or a site may use."""
    found = [kind["title"], kind["label"], kind["noun"], kind["offer_nav"], kind["offer_heading"]]
    found += kind["keyword_stems"] + kind["search_intents"] + kind["opportunities"]
    for who, needs in kind["audience_segments"]:
        found += [who, *needs]
    found += [text for text, _ in kind["trust_signals"]]
    found += list(kind["items"].values())
    return found


def test_the_groups_define_exactly_their_business_types() -> None:
    for group, keys in GROUPS.items():
        assert set(group.KINDS) == keys, group.__name__


@pytest.mark.parametrize("key", KEYS)
def test_kind_has_every_field_and_no_other(key: str) -> None:
    assert set(KINDS[key]) == set(Kind.__annotations__)


@pytest.mark.parametrize("key", KEYS)
def test_kind_names_and_look(key: str) -> None:
    kind = KINDS[key]
    assert kind["title"].strip() and kind["label"].strip() and kind["noun"].strip()
    assert kind["offer_nav"].strip() and kind["offer_heading"].strip()
    assert kind["look"] in LOOKS
    assert SCHEMA_TYPE.match(kind["schema_type"])
    assert kind["offer_slug"] in get_args(OfferSlug)


def test_titles_are_unique() -> None:
    titles = [kind["title"] for kind in KINDS.values()]
    assert len(titles) == len(set(titles))


@pytest.mark.parametrize("key", KEYS)
def test_ways_are_known_end_with_enquire_and_match_walk_in(key: str) -> None:
    kind = KINDS[key]
    ways = kind["ways"]
    assert ways and ways[-1] == "enquire"
    assert set(ways) <= set(get_args(Way))
    assert len(ways) == len(set(ways))
    assert kind["walk_in"] == ("walk_in" in ways)


@pytest.mark.parametrize("key", KEYS)
def test_home_runs_from_hero_to_cta_through_the_offer(key: str) -> None:
    kind = KINDS[key]
    home = kind["home"]
    assert home[0] == "hero" and home[-1] == "cta"
    assert kind["offer_slug"] in home
    assert set(home) <= HOME_SECTIONS
    assert len(home) == len(set(home))
    other_offers = {"services", "products", "menu"} - {kind["offer_slug"]}
    assert not other_offers & set(home)


@pytest.mark.parametrize("key", KEYS)
def test_pages_and_trust_signals_name_known_facts(key: str) -> None:
    kind = KINDS[key]
    assert set(kind["pages"]) <= set(get_args(ExtraPageSlug))
    assert len(kind["pages"]) == len(set(kind["pages"]))
    assert kind["trust_signals"]
    for text, fact in kind["trust_signals"]:
        assert text.strip()
        assert fact in get_args(FactKey), text


@pytest.mark.parametrize("key", KEYS)
def test_search_intents_use_only_city_and_offer(key: str) -> None:
    kind = KINDS[key]
    allowed = {"city", "offer"} if kind["local"] else {"offer"}
    assert kind["search_intents"]
    for intent in kind["search_intents"]:
        fields = {name for _, name, _, _ in string.Formatter().parse(intent) if name is not None}
        assert fields <= allowed, intent


@pytest.mark.parametrize("key", KEYS)
def test_items_say_what_an_item_is(key: str) -> None:
    items = KINDS[key]["items"]
    assert 12 <= len(items) <= 30, len(items)
    for name, meaning in items.items():
        assert name == name.strip().lower() and name, name
        assert meaning.strip() and meaning == meaning.strip(), name
        assert not meaning.endswith("."), name
        assert meaning.lower() != name, name


@pytest.mark.parametrize("key", KEYS)
def test_kind_makes_no_claim_and_speaks_for_no_one(key: str) -> None:
    for text in texts(KINDS[key]):
        assert not SPEAKS_FOR_ONE.search(text), text
        found = claims_in(text)
        assert not any(values for _, values in found.items()), (text, found)


@pytest.mark.parametrize("key", KEYS)
def test_every_alias_finds_its_business_type(key: str) -> None:
    aliases = KINDS[key]["aliases"]
    assert len(aliases) == len(set(aliases))
    for alias in aliases:
        assert alias == alias.strip().lower(), alias
        assert business_type_from(alias) == key, alias
    assert business_type_from(key) == key
    assert business_type_from(KINDS[key]["title"]) in (key, None)


def test_other_is_fully_generic() -> None:
    other = KINDS["other"]
    assert other["schema_type"] in ("LocalBusiness", "Organization")
    assert other["look"] == "neutral"
    assert other["offer_slug"] == "services"
    assert other["ways"] == ["enquire"]


@pytest.mark.parametrize(
    ("key", "ways"),
    [
        ("law-firm", ["book_appointment", "enquire"]),
        ("saas", ["sign_up", "buy_online", "enquire"]),
        ("e-commerce", ["buy_online", "enquire"]),
        ("hotel", ["book_stay", "enquire"]),
        ("nonprofit", ["donate", "sign_up", "enquire"]),
        ("florist", ["walk_in", "order_ahead", "buy_online", "enquire"]),
    ],
)
def test_how_typical_businesses_sell(key: str, ways: list[str]) -> None:
    assert KINDS[key]["ways"] == ways


def test_software_and_online_shops_are_not_local() -> None:
    assert not KINDS["saas"]["local"] and not KINDS["e-commerce"]["local"]
    assert KINDS["saas"]["home"] == ["hero", "products", "pricing", "testimonials", "faq", "cta"]
