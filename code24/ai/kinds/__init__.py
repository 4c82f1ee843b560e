"""What Code24 knows about each kind of business: one ``Kind`` per business type.

Data only. ``builtin.py`` and ``writer.py`` turn a kind, the brief and the business facts
(``code24/ai/facts.py``) into research, a design and every word of the site. A kind says
how that kind of business sells and what its visitors look for; it never says anything
about one business: every claim on a site comes from the customer's facts or brief.

So a kind holds no sentences about the business's process, quality, clients, prices or
guarantees. What it may hold:
- names, labels and the schema.org type;
- how such businesses sell (``ways``), most typical first: the customer's facts say which
  ways this business uses, and the primary goal then chooses among them;
- the home page's sections in order (a section whose facts are missing is left out);
- market knowledge for the research step (searches, segments, trust signals, gaps);
- ``items``: what a named item *is*, true wherever it is sold ("pastel de nata" →
  "custard tart in crisp, flaky pastry"), so an offer line says something specific
  when the customer gave no description.

The registry ``KINDS`` is assembled from the group modules below, in the order the form
lists them.
"""

from __future__ import annotations

from typing import Literal, TypedDict

from code24.ai.facts import Way
from code24.ai.schemas import SectionKind

# The facts a trust signal or a page needs (see ``writer.fact_present``).
FactKey = Literal[
    "offers",  # at least one offer
    "prices",  # at least one offer with a price
    "hours",  # opening hours
    "exceptions",  # holiday or seasonal hours
    "map",  # an address (the site links it to a map)
    "phone",
    "email",
    "area",  # the area served
    "ways",  # how to buy or book, stated by the customer
    "differentiators",
    "founded",
    "team",
    "testimonials",
    "social",
]
OfferSlug = Literal["menu", "services", "products"]
# Pages a kind may add when its facts exist: slug -> the fact the page needs.
ExtraPageSlug = Literal["team", "reviews", "faq", "pricing", "visit"]


class Kind(TypedDict):
    title: str  # what the form lists: "Bakery"
    label: str  # mid-sentence: "bakery"
    aliases: list[str]  # other spellings an API client may send: "patisserie", "bakehouse"
    noun: str  # who buys: "customers", "patients", "guests", "clients"
    schema_type: str  # schema.org type: "Bakery" (LocalBusiness subtypes where one fits)
    look: str  # a key of ``code24.ai.looks.LOOKS``
    local: bool  # serves a place: keywords carry the town
    walk_in: bool  # people come in without booking (with an address, "Visit us" is true)
    offer_slug: OfferSlug  # the offer page's slug
    offer_nav: str  # its navigation label: "Menu", "Treatments", "Practice areas"
    offer_heading: str  # its h1, a plain label, no claim: "Our bakes", "Practice areas"
    ways: list[Way]  # how this kind of business sells, most typical first
    home: list[SectionKind]  # home page sections in order
    pages: list[ExtraPageSlug]  # extra pages, each added only when its facts exist
    keyword_stems: list[str]  # what people type: "bakery", "bread", "cakes"
    search_intents: list[str]  # searches; may use {city} and {offer} (an offer's name)
    audience_segments: list[tuple[str, list[str]]]  # (who, what they need from the site)
    trust_signals: list[tuple[str, FactKey]]  # what visitors look for, the fact showing it
    opportunities: list[str]  # where sites of this kind usually fall short (research only)
    items: dict[str, str]  # lowercase item name -> what it is, a short clause, no claim


def _registry() -> dict[str, Kind]:
    from code24.ai.kinds import care, food, places, professional, retail, trades

    kinds: dict[str, Kind] = {}
    for group in (food, care, trades, professional, retail, places):
        for key, kind in group.KINDS.items():
            assert key not in kinds, f"business type {key!r} is defined twice"
            kinds[key] = kind
    return kinds


KINDS: dict[str, Kind] = _registry()
