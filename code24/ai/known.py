"""What the built-in writer knows about one business: its kind, its facts and the brief,
and what follows from them (how people buy, the call to action, what each offer is).

Nothing here is chosen by chance: two businesses of one kind differ where their facts
differ. The one exception is the look (palette, type pairing), picked from a hash of the
brief in ``builtin.brand``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

from pydantic import ValidationError

from code24.ai.facts import WAY_LABELS, Facts, Offer, Way, day_range, hours_lines, link_name
from code24.ai.kinds import KINDS, FactKey, Kind
from code24.ai.schemas import Brief, CompetitorPage, MarketResearch
from code24.ai.wording import cap_first, clip, join_words, lower_first

T = TypeVar("T")

# Which ways serve each primary goal, best first. The call to action is the first of the
# business's ways (in its kind's order) that serves the goal.
GOAL_WAYS: dict[str, list[Way]] = {
    "bookings": [
        "book_table",
        "book_appointment",
        "book_class",
        "book_stay",
        "order_ahead",
        "request_quote",
    ],
    "sales": ["buy_online", "sign_up", "order_ahead", "walk_in", "book_stay", "donate"],
    "lead_generation": ["request_quote", "book_appointment", "order_ahead", "enquire"],
    "awareness": ["walk_in", "donate", "sign_up", "enquire"],
}
# The call to action for each way: its label, and whether it leads to the page where the
# business takes orders online (``order_url``) rather than to the contact form.
WAY_CTA: dict[Way, tuple[str, bool]] = {
    "walk_in": ("Visit us", False),
    "order_ahead": ("Order ahead", False),
    "book_table": ("Book a table", False),
    "book_appointment": ("Book an appointment", False),
    "book_class": ("Book a class", False),
    "book_stay": ("Check availability", False),
    "request_quote": ("Ask for a quote", False),
    "buy_online": ("Buy online", True),
    "sign_up": ("Sign up", True),
    "donate": ("Donate", True),
    "enquire": ("Get in touch", False),
}
# Words that only appear on a site whose facts include the way (a bakery that takes no
# table bookings never says "book a table"). Checked by the tests over every kind.
WAY_WORDS: dict[Way, tuple[str, ...]] = {
    "book_table": ("book a table", "table booking", "reserve a table", "reservation"),
    "book_appointment": ("appointment",),
    "book_class": ("book a class", "class booking"),
    "book_stay": ("book a room", "your stay", "check availability"),
    "request_quote": ("quote",),
    "buy_online": ("buy online", "order online", "shop online", "checkout", "basket"),
    "sign_up": ("sign up",),
    "donate": ("donate", "donation"),
    "order_ahead": ("order ahead",),
}
ORDER_SLUG = "order-online"  # a call to action to the business's own order page

# What a research trust signal is about: the facts that show it, found by its words.
SIGNAL_WORDS: dict[FactKey, tuple[str, ...]] = {
    "hours": ("hour", "open", "when you"),
    "exceptions": ("holiday", "closure", "seasonal"),
    "map": ("map", "address", "directions", "find us", "location"),
    "prices": ("price", "cost", "fee", "rate", "plan"),
    "phone": ("phone", "call"),
    "email": ("email",),
    "area": ("area", "cover", "serve", "where you work"),
    "ways": ("how to book", "how to order", "booking", "how to buy"),
    "differentiators": ("different", "why choose", "what makes"),
    "founded": ("since", "how long", "years", "history", "established"),
    "team": ("team", "who will", "staff", "qualif", "people", "meet"),
    "testimonials": ("review", "testimonial", "what customers", "what clients", "say"),
    "social": ("social", "instagram", "follow"),
    "offers": ("menu", "services", "what is offered", "products", "treatments"),
}


def signal_facts(text: str) -> set[FactKey]:
    """The facts a trust signal (any provider's words) asks the site to show."""
    lowered = text.lower()
    return {key for key, words in SIGNAL_WORDS.items() if any(w in lowered for w in words)}


def _city(location: str) -> str:
    first = re.split(r"[,;(\n]", location, maxsplit=1)[0].strip()
    return clip(first, 40)


@dataclass(frozen=True)
class Known:
    brief: Brief
    context: dict[str, Any]

    # --- the basics -------------------------------------------------------------------

    @cached_property
    def kind(self) -> Kind:
        return KINDS[self.brief.business_type]

    @property
    def facts(self) -> Facts:
        return self.brief.facts

    @property
    def name(self) -> str:
        return self.brief.name

    @cached_property
    def city(self) -> str:
        return _city(self.brief.location)

    @property
    def in_city(self) -> str:
        return f" in {self.city}" if self.city and self.kind["local"] else ""

    @property
    def label(self) -> str:
        return self.kind["label"]

    @cached_property
    def digest(self) -> bytes:
        return hashlib.sha256(self.brief.model_dump_json().encode()).digest()

    def pick(self, options: Sequence[T], salt: str) -> T:
        """One of ``options`` by the brief's hash: for the look only, never for words."""
        number = int.from_bytes(hashlib.sha256(self.digest + salt.encode()).digest()[:8], "big")
        return options[number % len(options)]

    # --- offers -----------------------------------------------------------------------

    @cached_property
    def offers(self) -> list[Offer]:
        """The facts' offers, else the brief's services as offers without details."""
        if self.facts.offers:
            return list(self.facts.offers)
        return [Offer(name=clip(service, 100)) for service in self.brief.services]

    def offer_line(self, offer: Offer) -> str:
        """What an offer is: the customer's description, else what Code24 knows the item to
        be, else nothing (a line that repeats the name says nothing)."""
        if offer.description:
            return offer.description
        name = offer.name.lower()
        items = self.kind["items"]
        for key in sorted(items, key=len, reverse=True):
            if re.search(rf"(?<!\w){re.escape(key)}(?:e?s)?(?!\w)", name):
                return cap_first(items[key]) + "."
        return ""

    @cached_property
    def priced(self) -> list[Offer]:
        return [offer for offer in self.offers if offer.price]

    def offer_names(self, limit: int = 3) -> str:
        names = [lower_first(o.name, context=self.brief.description) for o in self.offers]
        if len(names) > limit:
            return ", ".join(names[:limit]) + " and more"
        return join_words(names)

    # --- how people buy -----------------------------------------------------------------

    @cached_property
    def ways(self) -> list[Way]:
        """How people buy from or book with this business, in its kind's order: the ways
        its facts state, else only what is true of any such business with an address
        (walking in), and always getting in touch through the site's form."""
        stated: list[Way] = list(self.facts.ways)
        if not stated and self.kind["walk_in"] and self.brief.address:
            stated = ["walk_in"]
        order: list[Way] = [*self.kind["ways"], *WAY_LABELS]
        return sorted({*stated, "enquire"}, key=order.index)

    def has(self, way: Way) -> bool:
        return way in self.ways

    @cached_property
    def main_way(self) -> Way:
        goal_ways = GOAL_WAYS[self.brief.primary_goal]
        for way in self.ways:
            if way in goal_ways and self._reachable(way):
                return way
        for way in self.ways:
            if way != "enquire" and self._reachable(way):
                return way
        return "enquire"

    def _reachable(self, way: Way) -> bool:
        """A way the site can lead to: one through an order page needs its address."""
        return not WAY_CTA[way][1] or self.facts.order_url is not None

    @property
    def cta_label(self) -> str:
        return WAY_CTA[self.main_way][0]

    @property
    def cta_page(self) -> str:
        return ORDER_SLUG if WAY_CTA[self.main_way][1] else "contact"

    def way_sentence(self, way: Way) -> str:
        """How to do it, in words true of this site: the form exists, the phone is the
        customer's, the order page is the one the customer gave."""
        phone = f", or call {self.brief.phone}" if self.brief.phone else ""
        form = "the form on our contact page"
        if way == "walk_in":
            hours = self.hours_summary()
            where = f" at {self.brief.address}" if self.brief.address else ""
            return f"Come in{where}" + (f": {hours}." if hours else ".")
        if way == "order_ahead":
            return f"Send your order with {form}{phone}, and say when you would like it."
        if way == "book_table":
            return f"Send the day, the time and the number of guests with {form}{phone}."
        if way == "book_appointment":
            return f"Ask for an appointment with {form}{phone}, and say which days suit you."
        if way == "book_class":
            return f"Ask for a place in a class with {form}{phone}."
        if way == "book_stay":
            return f"Send your dates and the number of guests with {form}{phone}."
        if way == "request_quote":
            return f"Describe what you need with {form}{phone}, and ask for a quote."
        if way in ("buy_online", "sign_up", "donate"):
            verb = {"buy_online": "Order online", "sign_up": "Sign up", "donate": "Donate"}[way]
            if self.facts.order_url is not None:
                return f"{verb} at {link_name(str(self.facts.order_url))}."
            return f"Ask us how with {form}{phone}."
        email = f", email {self.brief.email}" if self.brief.email else ""
        return f"Use {form}{phone}{email}."

    # --- hours and places ---------------------------------------------------------------

    def hours_summary(self) -> str:
        """ "Mon-Fri 07:00-19:00, Sat 08:00-13:00", or ""."""
        return ", ".join(f"{days} {times}" for days, times in hours_lines(self.facts))

    def open_days(self) -> str:
        return join_words([day_range(entry.days) for entry in self.facts.hours])

    def present(self, key: FactKey) -> bool:
        """Whether the facts (or the brief) hold what ``key`` names."""
        facts, brief = self.facts, self.brief
        return {
            "offers": bool(self.offers),
            "prices": bool(self.priced),
            "hours": bool(facts.hours),
            "exceptions": bool(facts.hours_exceptions),
            "map": bool(brief.address),
            "phone": bool(brief.phone),
            "email": bool(brief.email),
            "area": bool(facts.area_served),
            "ways": bool(facts.ways),
            "differentiators": bool(facts.differentiators),
            "founded": facts.founded is not None,
            "team": bool(facts.team),
            "testimonials": bool(facts.testimonials),
            "social": bool(facts.social),
        }[key]

    # --- research and competitors -------------------------------------------------------

    @cached_property
    def research(self) -> MarketResearch | None:
        try:
            return MarketResearch.model_validate(self.context.get("market_research"))
        except ValidationError:
            return None

    @cached_property
    def signals(self) -> set[FactKey]:
        """The facts research named as trust signals that this business has: the site
        shows every one of them."""
        texts = self.research.trust_signals if self.research else []
        keys: set[FactKey] = set()
        for text in texts:
            keys |= signal_facts(text)
        return {key for key in keys if self.present(key)}

    @cached_property
    def keywords(self) -> list[str]:
        return list(self.research.keywords) if self.research else []

    @cached_property
    def competitors(self) -> list[CompetitorPage]:
        analysis = self.context.get("competitive_analysis") or {}
        pages = []
        for raw in analysis.get("competitors") or self.context.get("competitors") or []:
            try:
                page = CompetitorPage.model_validate(raw)
            except ValidationError:
                continue
            if page.ok:
                pages.append(page)
        return pages

    @cached_property
    def emphasis(self) -> list[FactKey]:
        """What most readable competitors leave out and this business has: the site puts
        it first."""
        pages = self.competitors
        if not pages:
            return []
        half = len(pages) / 2

        def lacking(words: tuple[str, ...]) -> bool:
            missing = 0
            for page in pages:
                text = " ".join(
                    [
                        page.title,
                        page.description,
                        *page.headings,
                        *page.offers,
                        *page.keywords,
                        *page.contact_methods,
                    ]
                ).lower()
                if not any(word in text for word in words):
                    missing += 1
            return missing > half

        found: list[FactKey] = []
        if self.present("prices") and lacking(("€", "£", "$", "price", "from ")):
            found.append("prices")
        if self.present("hours") and lacking(("open", "hours", ":00")):
            found.append("hours")
        if self.present("phone") and lacking(("phone", "tel", "call")):
            found.append("phone")
        if self.present("testimonials") and lacking(("review", "testimonial")):
            found.append("testimonials")
        return found

    def keyword_title(self) -> str:
        """The research keyword that best names the business for search: one with the
        town for a local business, else the first; as a title ("Bakery Porto" is not a
        phrase, so a "{stem} {town}" keyword reads "Bakery in Porto")."""
        label = cap_first(self.label)
        if self.city and self.kind["local"]:
            return f"{label} in {self.city}"
        for keyword in self.keywords:
            if self.label.split()[-1] in keyword.lower():
                return cap_first(keyword)
        return label
