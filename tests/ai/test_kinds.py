"""Every business type's knowledge is well formed and says nothing about one business."""

from __future__ import annotations

import re
from string import Formatter
from typing import get_args

import pytest

from code24.ai.claims import claims_in
from code24.ai.facts import Way
from code24.ai.kinds import KINDS, ExtraPageSlug, FactKey, Kind
from code24.ai.looks import LOOKS
from code24.ai.schemas import SectionKind
from sites.briefs import business_type_from

KEYS = list(KINDS)
SECTIONS = set(get_args(SectionKind))
PAGES = set(get_args(ExtraPageSlug))
FACT_KEYS = set(get_args(FactKey))
WAYS = set(get_args(Way))
# Words that make an item's text a claim about one business rather than what the item is.
CLAIM_WORDS = re.compile(r"\b(?:we|our|best|finest|guarantee[sd]?)\b", re.I)


def _normal(alias: str) -> str:
    return re.sub(r"[\s_]+", "-", alias.strip().lower())


@pytest.fixture(params=KEYS)
def kind(request: pytest.FixtureRequest) -> tuple[str, Kind]:
    return request.param, KINDS[request.param]


def test_names_and_look_are_set(kind: tuple[str, Kind]) -> None:
    _, k = kind
    assert k["title"].strip() and k["label"].strip() and k["noun"].strip()
    assert k["schema_type"].strip() and " " not in k["schema_type"]
    assert k["offer_nav"].strip() and k["offer_heading"].strip()
    assert k["look"] in LOOKS


def test_ways_are_known_and_end_with_enquire(kind: tuple[str, Kind]) -> None:
    _, k = kind
    assert k["ways"], "a kind says how it sells"
    assert set(k["ways"]) <= WAYS
    assert len(set(k["ways"])) == len(k["ways"])
    assert k["ways"][-1] == "enquire"


def test_home_runs_from_hero_to_cta_through_the_offer(kind: tuple[str, Kind]) -> None:
    _, k = kind
    home = k["home"]
    assert home[0] == "hero" and home[-1] == "cta"
    assert k["offer_slug"] in home
    assert set(home) <= SECTIONS
    assert len(set(home)) == len(home)


def test_pages_are_allowed_extras(kind: tuple[str, Kind]) -> None:
    _, k = kind
    assert set(k["pages"]) <= PAGES
    assert len(set(k["pages"])) == len(k["pages"])


def test_trust_signals_name_a_known_fact(kind: tuple[str, Kind]) -> None:
    _, k = kind
    assert k["trust_signals"]
    for text, fact in k["trust_signals"]:
        assert text.strip()
        assert fact in FACT_KEYS, f"{text!r} needs an unknown fact {fact!r}"


def test_search_intents_use_only_city_and_offer(kind: tuple[str, Kind]) -> None:
    _, k = kind
    assert k["search_intents"]
    for intent in k["search_intents"]:
        fields = {name for _, name, _, _ in Formatter().parse(intent) if name is not None}
        assert fields <= {"city", "offer"}, intent


def test_items_say_what_an_item_is_without_a_claim(kind: tuple[str, Kind]) -> None:
    key, k = kind
    if key != "other":  # "Other" has no typical items
        assert 12 <= len(k["items"]) <= 30
    for name, text in k["items"].items():
        assert name == name.lower() and name == name.strip(), name
        assert text.strip(), name
        assert not CLAIM_WORDS.search(text), f"{name}: {text!r}"
        assert not re.search(r"\d", text), f"{name}: {text!r}"
        found = claims_in(text)
        assert not any(values for _, values in found.items()), f"{name}: {text!r} claims {found}"


def test_every_alias_finds_its_kind(kind: tuple[str, Kind]) -> None:
    key, k = kind
    for alias in k["aliases"]:
        assert business_type_from(alias) == key, alias


def test_aliases_belong_to_one_kind_only(kind: tuple[str, Kind]) -> None:
    key, k = kind
    for alias in k["aliases"]:
        normal = _normal(alias)
        assert normal not in KINDS or normal == key, f"{alias!r} is the key of another kind"
        others = [
            other
            for other, o in KINDS.items()
            if other != key and normal in {_normal(a) for a in o["aliases"]}
        ]
        assert not others, f"{alias!r} is also an alias of {others}"


def test_each_kind_has_its_own_title_and_items(kind: tuple[str, Kind]) -> None:
    key, k = kind
    for other, o in KINDS.items():
        if other != key:
            assert o["title"] != k["title"], f"{other} has the same title"
            assert o["items"] != k["items"], f"{other} has the same items (a placeholder?)"


def test_kind_has_every_field_and_no_other(kind: tuple[str, Kind]) -> None:
    assert set(kind[1]) == set(Kind.__annotations__)


def test_titles_are_unique() -> None:
    titles = [kind["title"] for kind in KINDS.values()]
    assert len(titles) == len(set(titles))


SPEAKS_FOR_ONE = re.compile(
    r"\b(?:we|our|ours|us|best|finest|guarantee[sd]?|award[- ]winning)\b", re.I
)


def test_nothing_a_kind_says_speaks_for_one_business(kind: tuple[str, Kind]) -> None:
    """Research and sites may use any of a kind's words: none is a claim of one business.
    (Its ``opportunities`` are advice to the customer, shown on the build page only.)"""
    data = kind[1]
    texts = [data["title"], data["label"], data["noun"], data["offer_nav"], data["offer_heading"]]
    texts += data["keyword_stems"] + data["search_intents"]
    texts += [who for who, _ in data["audience_segments"]]
    texts += [need for _, needs in data["audience_segments"] for need in needs]
    texts += [text for text, _ in data["trust_signals"]] + list(data["items"].values())
    for text in texts:
        assert not SPEAKS_FOR_ONE.search(text.replace("Our bakes", "")), text
        assert not any(values for _, values in claims_in(text).items()), text


def test_something_else_is_fully_generic() -> None:
    other = KINDS["other"]
    assert other["schema_type"] in ("LocalBusiness", "Organization")
    assert other["ways"] == ["enquire"] and other["offer_slug"] == "services"


def test_software_and_online_shops_are_not_local() -> None:
    assert not KINDS["saas"]["local"] and not KINDS["e-commerce"]["local"]
