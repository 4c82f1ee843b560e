"""The corpus of briefs (``tests/ai/briefs.py``) is what the tests and the benchmark trust:
two valid, different businesses per type, whose descriptions claim nothing their facts lack."""

from __future__ import annotations

from typing import Any, get_args
from urllib.parse import urlsplit

import pytest

from code24.ai.claims import unsupported
from code24.ai.schemas import Brief, BusinessType
from tests.ai.briefs import BAKERY_PORTO, BRIEFS, LAW_FIRM_EMPLOYEES, SAAS_INVOICING

ALL = [(key, index, data) for key, briefs in BRIEFS.items() for index, data in enumerate(briefs)]
IDS = [f"{key}-{index}" for key, index, _ in ALL]
EXAMPLE_HOSTS = ("example.com", "example.org")


def _is_example(host: str) -> bool:
    return any(host == known or host.endswith("." + known) for known in EXAMPLE_HOSTS)


def test_every_business_type_has_two_briefs() -> None:
    assert set(BRIEFS) == set(get_args(BusinessType))
    assert all(len(briefs) == 2 for briefs in BRIEFS.values())


def test_the_acceptance_briefs_are_in_the_corpus() -> None:
    assert BAKERY_PORTO in BRIEFS["bakery"]
    assert LAW_FIRM_EMPLOYEES in BRIEFS["law-firm"]
    assert SAAS_INVOICING in BRIEFS["saas"]
    assert "book_table" not in BAKERY_PORTO["facts"]["ways"]


@pytest.mark.parametrize(("key", "index", "data"), ALL, ids=IDS)
def test_brief_is_valid_and_of_its_type(key: str, index: int, data: dict[str, Any]) -> None:
    brief = Brief.model_validate(data)
    assert brief.business_type == key
    assert 3 <= len(brief.facts.offers) <= 8
    assert len(brief.facts.differentiators) <= 4
    assert brief.facts.ways


@pytest.mark.parametrize(("key", "index", "data"), ALL, ids=IDS)
def test_description_claims_only_what_the_facts_say(
    key: str, index: int, data: dict[str, Any]
) -> None:
    brief = Brief.model_validate(data)
    # Without the description, the facts alone must back every claim it makes (the
    # description is part of what the business says, so it would vouch for itself).
    facts_only = brief.model_copy(update={"description": "About the business."})
    assert unsupported(brief.description, facts_only) == []


@pytest.mark.parametrize(("key", "index", "data"), ALL, ids=IDS)
def test_contacts_and_links_are_fictional(key: str, index: int, data: dict[str, Any]) -> None:
    brief = Brief.model_validate(data)
    if brief.email:
        assert _is_example(brief.email.rsplit("@", 1)[1])
    if brief.facts.order_url:
        assert _is_example(brief.facts.order_url.host or "")
    for link in brief.facts.social:
        assert not _is_example(link.host or "") and link.scheme == "https"


@pytest.mark.parametrize("key", list(BRIEFS))
def test_two_briefs_of_a_type_have_different_facts(key: str) -> None:
    first, second = (Brief.model_validate(data) for data in BRIEFS[key])
    assert first.name != second.name and first.location != second.location
    offers = [{offer.name.lower() for offer in brief.facts.offers} for brief in (first, second)]
    assert not offers[0] & offers[1]
    assert (
        first.facts.hours != second.facts.hours
        or first.facts.ways != second.facts.ways
        or first.facts.differentiators != second.facts.differentiators
    )


def test_social_links_name_the_site() -> None:
    hosts = {
        urlsplit(link).hostname
        for briefs in BRIEFS.values()
        for data in briefs
        for link in data["facts"].get("social", [])
    }
    assert hosts <= {
        "www.instagram.com",
        "www.facebook.com",
        "www.linkedin.com",
        "www.tiktok.com",
        "www.pinterest.com",
    }
