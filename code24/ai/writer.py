"""The built-in writer: every word of the site, from the facts, the brief and research.

It states only what it knows. Each sentence is one of:
- the customer's own words (the description, an offer's description, a differentiator,
  a testimonial, a team member's bio), passed through as written;
- a fact put into words (an offer and its price, the opening hours, the area served,
  how to buy or book, when the business started, how to reach it);
- what Code24 knows an item to be (``Kind.items``: "pastel de nata" is a custard tart);
- what is true of the site itself (what the contact form sends, that the site sets no
  cookies).
A section with no facts behind it is left out of the plan (``plan``), and a section the
design asks for without facts says only what is known. No process, client, price or
guarantee is invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from code24.ai.facts import Way, closed_days, day_range, exception_line, hours_lines
from code24.ai.kinds import FactKey
from code24.ai.known import ORDER_SLUG, WAY_CTA, Known
from code24.ai.schemas import (
    Brand,
    Content,
    Design,
    FaqEntry,
    Item,
    PageContent,
    PagePlan,
    Section,
    SectionKind,
    StructuredData,
)
from code24.ai.wording import as_sentence, cap_first, clip, describe, lower_first, sentences

# --- The plan: which pages and sections the facts can fill ---------------------------


def available(section: SectionKind, known: Known) -> bool:
    """Whether the facts can fill ``section`` with something true."""
    facts = known.facts
    if section in ("menu", "services", "products", "features"):
        return bool(known.offers)
    if section == "faq":
        return len(faq_entries(known)) >= 2
    return {
        "hours": bool(facts.hours or facts.hours_exceptions),
        "values": bool(facts.differentiators),
        "team": bool(facts.team),
        "testimonials": bool(facts.testimonials),
        "process": any(way != "enquire" for way in known.ways),
        "pricing": len(known.priced) >= 2,
        "gallery": False,  # no photos yet
        "stats": False,  # no figures the customer gave
    }.get(section, True)


EXTRA_PAGES: dict[str, tuple[str, list[SectionKind]]] = {
    "pricing": ("Prices", ["hero", "pricing", "cta"]),
    "team": ("Team", ["hero", "team", "cta"]),
    "reviews": ("Reviews", ["hero", "testimonials", "cta"]),
    "faq": ("FAQ", ["hero", "faq", "cta"]),
    "visit": ("Visit", ["hero", "hours", "cta"]),
}


def _extra_page_fits(slug: str, known: Known) -> bool:
    facts = known.facts
    if slug == "faq":
        return len(faq_entries(known)) >= 4
    return {
        "pricing": len(known.priced) >= 2,
        "team": len(facts.team) >= 2,
        "reviews": len(facts.testimonials) >= 3,
        "visit": bool(facts.hours) and bool(known.brief.address),
    }[slug]


def plan(known: Known) -> list[tuple[str, str, list[SectionKind]]]:
    """(slug, navigation label, sections) of every page, in navigation order."""
    kind = known.kind
    extras = [slug for slug in kind["pages"] if _extra_page_fits(slug, known)]
    offer_kind: SectionKind = kind["offer_slug"]

    home = [section for section in kind["home"] if available(section, known)]
    shown: dict[FactKey, SectionKind] = {
        "hours": "hours",
        "testimonials": "testimonials",
        "differentiators": "values",
        "team": "team",
    }
    for key, section in shown.items():  # research's trust signals that the facts can show
        if key in known.signals and section not in home and available(section, known):
            home.insert(max(1, len(home) - 1), section)
    goal = known.brief.primary_goal  # the goal chooses among the kind's sections
    if goal in ("bookings", "lead_generation") and known.main_way != "enquire":
        if "process" not in home and available("process", known):
            home.insert(min(2, len(home) - 1), "process")  # how to book, or get a quote
    elif goal == "sales" and offer_kind in home:
        home.remove(offer_kind)
        home.insert(1, offer_kind)
    elif goal == "awareness" and "story" in home:
        home.remove("story")
        home.insert(1, "story")
    first: dict[FactKey, SectionKind] = {
        "prices": offer_kind,
        "hours": "hours",
        "testimonials": "testimonials",
    }
    for key in reversed(known.emphasis):  # what competitors leave out goes first
        moved = first.get(key)
        if moved is not None and moved in home:
            home.remove(moved)
            home.insert(1, moved)

    offer_sections: list[SectionKind] = ["hero", offer_kind]
    if "pricing" not in extras and available("pricing", known) and "pricing" in kind["home"]:
        offer_sections.append("pricing")
    if available("process", known):
        offer_sections.append("process")
    offer_sections.append("cta")

    about: list[SectionKind] = ["hero", "story"]
    own: tuple[SectionKind, ...] = ("values", "team")
    about += [s for s in own if available(s, known) and s not in home]
    if "team" in extras and "team" in about:
        about.remove("team")
    if available("testimonials", known) and "reviews" not in extras and "testimonials" not in home:
        about.append("testimonials")
    about.append("cta")

    contact: list[SectionKind] = ["hero", "contact"]
    if available("hours", known) and "visit" not in extras:
        contact.append("hours")

    pages: list[tuple[str, str, list[SectionKind]]] = [
        ("index", "Home", home),
        (
            kind["offer_slug"],
            kind["offer_nav"],
            [s for s in offer_sections if s == "hero" or available(s, known) or s == "cta"],
        ),
    ]
    for slug in ("pricing", "team", "reviews"):
        if slug in extras:
            pages.append((slug, *EXTRA_PAGES[slug]))
    pages.append(("about", "About", about))
    for slug in ("faq", "visit"):
        if slug in extras:
            pages.append((slug, *EXTRA_PAGES[slug]))
    pages.append(("contact", "Contact", contact))
    pages.append(("privacy", "Privacy", ["hero", "legal"]))
    return pages


# --- FAQ: questions the facts answer -----------------------------------------------------


def faq_entries(known: Known) -> list[FaqEntry]:
    """Questions visitors ask, each answered from the facts; none without an answer."""
    facts, brief, name = known.facts, known.brief, known.name
    entries: list[tuple[str, str]] = []
    if facts.hours:
        answer = f"{known.hours_summary()}."
        closed = [
            f"{label}: {times.lower()}"
            for label, times in map(exception_line, facts.hours_exceptions)
        ]
        if closed:
            answer += f" Exceptions: {'; '.join(closed)}."
        entries.append((f"When is {name} open?", answer))
    if brief.address:
        entries.append((f"Where is {name}?", f"{brief.address}."))
    if facts.area_served:
        entries.append(("Which areas do you cover?", as_sentence(facts.area_served)))
    main = known.main_way
    if main != "enquire":
        question = {
            "walk_in": "Do I need to book?",
            "order_ahead": "Can I order ahead?",
            "book_table": "How do I book a table?",
            "book_appointment": "How do I book an appointment?",
            "book_class": "How do I book a class?",
            "book_stay": "How do I book?",
            "request_quote": "How do I get a quote?",
            "buy_online": "How do I buy?",
            "sign_up": "How do I sign up?",
            "donate": "How can I donate?",
        }[main]
        answer = known.way_sentence(main)
        if main == "walk_in":
            answer = "No: " + lower_first(answer)
        entries.append((question, answer))
    if len(known.priced) == 1:
        offer = known.priced[0]
        entries.append(
            (f"What does {lower_first(offer.name)} cost?", f"{offer.name}: {offer.price}.")
        )
    elif known.priced:
        listed = "; ".join(f"{offer.name}: {offer.price}" for offer in known.priced[:6])
        entries.append(("What are your prices?", f"{listed}."))
    if facts.founded:
        entries.append((f"How long has {name} been going?", f"Since {facts.founded}."))
    if brief.phone or brief.email:
        entries.append((f"How do I contact {name}?", known.way_sentence("enquire")))
    return [FaqEntry(question=clip(q, 200), answer=clip(a, 800)) for q, a in entries][:12]


# --- The words ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PageText:
    h1: str
    intro: str
    title: str  # what the meta title says about the page


def _words(text: str) -> set[str]:
    return {word for word in re.findall(r"\w+", text.lower()) if len(word) > 2}


def _repeats(line: str, text: str) -> bool:
    """Whether ``text`` already says most of what ``line`` says."""
    words = _words(line)
    return bool(words) and len(words & _words(text)) >= 0.6 * len(words)


def _item(title: str, text: str = "", detail: str = "") -> tuple[str, str, str]:
    return title, text, detail


class Writer:
    """Writes every page of a design for one business."""

    def __init__(self, known: Known, design: Design, brand: Brand) -> None:
        self.known = known
        self.kind = known.kind
        self.design = design
        self.brand = brand
        self.slugs = {page.slug for page in design.pages}
        self.faq = faq_entries(known)

    @property
    def name(self) -> str:
        return self.known.name

    def contact_sentence(self, form: str = "use the form on our contact page") -> str:
        brief = self.known.brief
        ways = []
        if brief.phone:
            ways.append(f"call {brief.phone}")
        if brief.email:
            ways.append(f"email {brief.email}")
        ways.append(form)
        return ", ".join(ways[:-1]) + (" or " if len(ways) > 1 else "") + ways[-1]

    @property
    def hero_sentences(self) -> int:
        """How many of the description's sentences the home page's hero says."""
        return 2 if len(sentences(self.known.brief.description)) >= 4 else 1

    def description_sentences(self, limit: int = 2) -> list[str]:
        return sentences(self.known.brief.description)[:limit]

    # The page's headline, introduction and title.
    def page_text(self, page: PagePlan) -> PageText:
        known, name, kind = self.known, self.name, self.kind
        if page.slug == "index":
            intro = " ".join(self.description_sentences(self.hero_sentences))
            if known.facts.area_served and known.facts.area_served.lower() not in intro.lower():
                intro += f" Serving {known.facts.area_served.rstrip('.')}."
            return PageText(h1=self._home_h1(), intro=intro, title="")
        if page.slug == kind["offer_slug"]:
            h1 = kind["offer_heading"]
            if known.offers:
                intro = f"{cap_first(known.offer_names(4))}{' at ' + name if known.offers else ''}."
            else:
                intro = f"To find out what {name} offers, {self.contact_sentence()}."
            return PageText(h1=h1, intro=intro, title=f"{h1}{known.in_city}")
        if page.slug == "about":
            intro = self.description_sentences(1)[0] if self.description_sentences(1) else ""
            return PageText(h1=f"About {name}", intro=intro, title=f"About {name}")
        if page.slug == "contact":
            intro = cap_first(self.contact_sentence(form="use the form below")) + "."
            return PageText(h1=f"Contact {name}", intro=intro, title="Contact")
        if page.slug == "privacy":
            return PageText(
                h1="Privacy policy",
                intro=f"What happens to the details you send {name} through this website.",
                title="Privacy policy",
            )
        if page.slug == "faq":
            return PageText(
                h1="Questions and answers",
                intro=f"Opening times, prices and how to reach {name}, in short."
                if known.facts.hours
                else f"How to reach {name}, in short.",
                title="FAQ",
            )
        if page.slug == "pricing":
            return PageText(h1="Prices", intro=f"Prices at {name}.", title="Prices")
        if page.slug == "team":
            return PageText(h1=f"The team at {name}", intro="", title="Team")
        if page.slug == "reviews":
            return PageText(h1=f"What customers say about {name}", intro="", title="Reviews")
        if page.slug == "visit":
            where = known.brief.address
            return PageText(
                h1=f"Visit {name}",
                intro=f"{where}. {known.hours_summary()}."
                if where
                else f"{known.hours_summary()}.",
                title="Opening hours and address",
            )
        if page.slug == ORDER_SLUG:
            return PageText(
                h1=page.nav_label, intro=known.way_sentence(known.main_way), title=page.nav_label
            )
        return PageText(h1=page.nav_label, intro="", title=page.nav_label)

    def _home_h1(self) -> str:
        """What the business is in its own words when its description begins by saying so
        ("Padaria da Avó Rosa is a family bakery in Porto" → "Family bakery in Porto"),
        else what and where it is (the research's keyword for it); and since when."""
        h1 = self._own_title() or self.known.keyword_title()
        founded = self.known.facts.founded
        if founded and str(founded) not in h1 and len(h1) <= 100:
            h1 += f" since {founded}"
        return h1

    def _own_title(self) -> str:
        first = self.description_sentences(1)
        if not first:
            return ""
        name = re.escape(self.name)
        found = re.match(
            rf"^(?:{name}|we|it)(?:'re| is| are)\s+(?:an?\s+|the\s+|our\s+)?(.+?)[.!]?$",
            first[0],
            re.IGNORECASE,
        ) or re.match(r"^(?:an?|our)\s+([^,;]{3,60}?)[.!]?$", first[0], re.IGNORECASE)
        if not found:
            return ""
        words = re.split(r",\s|;\s|\s[\u2013\u2014-]\s|\sand\s(?:we|it|our)\s", found.group(1))[0]
        words = words.strip()
        return cap_first(words) if 3 <= len(words) <= 60 else ""

    def meta_title(self, page: PagePlan, text: PageText) -> str:
        name = self.name
        if page.slug == "index":
            for candidate in (f"{name} | {self.known.keyword_title()}", name):
                if len(candidate) <= 70:
                    return candidate
            return clip(name, 70)
        suffix = f" | {name}"
        if len(suffix) > 40 or name.lower() in text.title.lower():
            suffix = ""
        return clip(text.title, 70 - len(suffix)) + suffix

    def meta_description(self, page: PagePlan, text: PageText) -> str:
        known = self.known
        facts_line = f"{self.name}: {known.label}{known.in_city}."
        fallbacks = [
            facts_line,
            f"{cap_first(known.offer_names(3))}." if known.offers else "",
            f"Opening hours: {known.hours_summary()}." if known.facts.hours else "",
            f"To reach {self.name}, {self.contact_sentence()}.",
        ]
        if page.slug == "index":
            parts = [text.intro]
        elif page.slug == "about":
            parts = self.description_sentences(2)
        elif page.slug == "privacy":
            parts = [
                f"How {self.name} uses the details you send through this website, and your "
                "rights over them."
            ]
        else:
            parts = [text.intro]
        return describe([p for p in parts if p], [f for f in fallbacks if f])

    def content(self) -> Content:
        pages = []
        for page in self.design.pages:
            text = self.page_text(page)
            sections = [self.section(plan.kind, page, text) for plan in page.sections]
            pages.append(
                PageContent(
                    slug=page.slug,
                    meta_title=self.meta_title(page, text),
                    meta_description=self.meta_description(page, text),
                    h1=clip(text.h1, 120),
                    sections=sections,
                )
            )
        brief = self.known.brief
        description = " ".join(self.description_sentences(2))
        return Content(
            pages=pages,
            faq=self.faq,
            structured_data=StructuredData(
                schema_type=self.kind["schema_type"],
                description=clip(description, 300, ellipsis=True),
                telephone=brief.phone,
                email=brief.email,
                address=brief.address,
                area_served=brief.facts.area_served or brief.location,
            ),
        )

    # One section of a page.
    def section(self, kind: SectionKind, page: PagePlan, text: PageText) -> Section:
        writer = getattr(self, f"_{kind}", None) or self._generic
        fields: dict[str, Any] = writer(page, text)
        fields.setdefault("heading", text.h1)
        fields["heading"] = clip(fields["heading"], 140)
        fields["body"] = clip(fields.get("body", ""), 2000)
        if fields.get("cta_page") and fields["cta_page"] not in self.slugs | {ORDER_SLUG}:
            fields["cta_page"], fields["cta_label"] = "", ""
        if fields.get("cta_page") == page.slug:
            fields["cta_page"], fields["cta_label"] = "", ""
        fields["items"] = [
            Item(title=clip(title, 120), text=clip(body, 600), detail=clip(detail, 80))
            for title, body, detail in fields.get("items", [])
        ][:12]
        return Section(kind=kind, **fields)

    def _primary(self) -> dict[str, str]:
        return {
            "cta_label": self.design.primary_cta_label,
            "cta_page": self.design.primary_cta_page,
        }

    def _hero(self, page: PagePlan, text: PageText) -> dict[str, Any]:
        known = self.known
        fields: dict[str, Any] = {
            "heading": text.h1 if page.slug != "index" else self.name,
            "body": text.intro,
            "image_alt": "",
        }
        if page.slug not in ("contact", "privacy"):
            fields.update(self._primary())
        if page.slug == "index" and known.facts.differentiators:
            first = known.facts.differentiators[0]
            if not _repeats(first, text.intro):
                fields["body"] = f"{as_sentence(cap_first(first))} {text.intro}".strip()
        return fields

    def _offer(self, page: PagePlan, text: PageText) -> dict[str, Any]:
        on_offer_page = page.slug == self.kind["offer_slug"]
        offers = self.known.offers
        plans = "pricing" in self.slugs or any(s.kind == "pricing" for s in page.sections)
        if plans and len(self.known.priced) >= 2 and len(self.known.priced) < len(offers):
            offers = [o for o in offers if not o.price]  # the prices have their own list
        offers = offers if on_offer_page else offers[:6]
        fields: dict[str, Any] = {
            "heading": self.kind["offer_heading"]
            if not on_offer_page
            else self._price_list_heading(),
            "items": [_item(cap_first(o.name), self.known.offer_line(o), o.price) for o in offers],
        }
        if not on_offer_page and self.kind["offer_slug"] in self.slugs:
            fields["cta_label"] = f"All {self.kind['offer_nav'].lower()}"
            fields["cta_page"] = self.kind["offer_slug"]
        return fields

    def _price_list_heading(self) -> str:
        nav = self.kind["offer_nav"]
        return f"{nav} and prices" if self.known.priced else f"{nav} at {self.name}"

    _services = _offer
    _products = _offer
    _menu = _offer
    _features = _offer

    def _pricing(self, page: PagePlan, text: PageText) -> dict[str, Any]:
        return {
            "heading": "Prices",
            "items": [
                _item(cap_first(o.name), self.known.offer_line(o), o.price)
                for o in self.known.priced
            ],
            **self._primary(),
        }

    def _hours(self, page: PagePlan, text: PageText) -> dict[str, Any]:
        known = self.known
        items = [_item(days, "", times) for days, times in hours_lines(known.facts)]
        closed = closed_days(known.facts)
        if closed:
            items.append(_item(day_range(closed), "", "Closed"))
        items += [
            _item(label, "", times)
            for label, times in map(exception_line, known.facts.hours_exceptions)
        ]
        body = known.brief.address if known.brief.address else ""
        return {"heading": "Opening hours", "body": body, "items": items}

    def _values(self, page: PagePlan, text: PageText) -> dict[str, Any]:
        return {
            "heading": f"What makes {self.name} different",
            "items": [
                _item(cap_first(line).rstrip("."), "") for line in self.known.facts.differentiators
            ],
        }

    def _process(self, page: PagePlan, text: PageText) -> dict[str, Any]:
        known = self.known
        ways: list[Way] = [way for way in known.ways if way != "enquire"] or ["enquire"]
        heading = {
            "walk_in": "How to visit",
            "order_ahead": "How to order",
            "buy_online": "How to order",
            "request_quote": "How to get a quote",
            "sign_up": "How to sign up",
            "donate": "How to give",
        }.get(
            known.main_way,
            "How to book" if known.main_way.startswith("book") else "How to reach us",
        )
        return {
            "heading": heading,
            "items": [_item(WAY_CTA[way][0], known.way_sentence(way)) for way in ways],
        }

    def _testimonials(self, page: PagePlan, text: PageText) -> dict[str, Any]:
        return {
            "heading": f"What {self.kind['noun']} say",
            "items": [_item(t.author, t.quote) for t in self.known.facts.testimonials],
        }

    def _team(self, page: PagePlan, text: PageText) -> dict[str, Any]:
        return {
            "heading": f"The people at {self.name}",
            "items": [_item(m.name, m.bio, m.role) for m in self.known.facts.team],
        }

    def _faq(self, page: PagePlan, text: PageText) -> dict[str, Any]:
        return {
            "heading": "Questions and answers",
            "items": [(entry.question, entry.answer, "") for entry in self.faq],
        }

    def _cta(self, page: PagePlan, text: PageText) -> dict[str, Any]:
        known = self.known
        main = known.main_way
        heading = {
            "walk_in": f"Come and see {self.name}",
            "enquire": f"Get in touch with {self.name}",
        }.get(main, WAY_CTA[main][0])
        return {"heading": heading, "body": known.way_sentence(main), **self._primary()}

    def _contact(self, page: PagePlan, text: PageText) -> dict[str, Any]:
        brief = self.known.brief
        items = []
        if brief.phone:
            items.append(_item("Phone", brief.phone))
        if brief.email:
            items.append(_item("Email", brief.email))
        if brief.address:
            items.append(_item("Address", brief.address))
        elif brief.location:
            items.append(_item("Where", brief.location))
        return {
            "heading": "Send a message",
            "body": f"The form sends your message to {self.name}.",
            "items": items,
        }

    def _about(self, page: PagePlan, text: PageText) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "heading": f"About {self.name}",
            "body": self.known.brief.description,
        }
        if "about" in self.slugs and page.slug != "about":
            fields.update(cta_label=self._about_label("About"), cta_page="about")
        return fields

    def _about_label(self, lead: str) -> str:
        label = f"{lead} {self.name}"
        return label if len(label) <= 40 else f"{lead} us"

    def _story(self, page: PagePlan, text: PageText) -> dict[str, Any]:
        known = self.known
        body = known.brief.description
        if page.slug == "index":  # the hero has already said the first sentences
            body = " ".join(sentences(body)[self.hero_sentences :])
        elif known.facts.founded and str(known.facts.founded) not in body:
            body = f"{self.name} started in {known.facts.founded}.\n\n{body}"
        fields: dict[str, Any] = {"heading": f"About {self.name}", "body": body}
        if page.slug == "index" and "about" in self.slugs:
            fields.update(cta_label=self._about_label("More about"), cta_page="about")
        return fields

    def _legal(self, page: PagePlan, text: PageText) -> dict[str, Any]:
        brief, name = self.known.brief, self.name
        who = f"{name}{', ' + brief.address if brief.address else ''}"
        items = [
            ("Who runs this website", f"This website is run by {who}."),
            (
                "What the contact form sends",
                f"The contact form sends {name} the details you enter: your name, your email "
                "address, your phone number if you give it, and your message.",
            ),
            (
                "What your details are used for",
                f"Your details reach {name} so that they can answer you.",
            ),
            ("Cookies", "This website sets no cookies and loads nothing from other websites."),
            (
                "Your rights",
                f"You can ask {name} what they hold about you, and ask them to correct or "
                f"delete it. To do so, {self.contact_sentence()}.",
            ),
        ]
        return {
            "heading": "How your details are handled",
            "body": f"This policy explains what happens to the details you send {name} "
            "through this website.",
            "items": [_item(title, body) for title, body in items],
        }

    def _stats(self, page: PagePlan, text: PageText) -> dict[str, Any]:
        return {"heading": f"{self.name} in figures"}  # no figures given: left out

    def _gallery(self, page: PagePlan, text: PageText) -> dict[str, Any]:
        return {"heading": f"{self.name} in pictures"}  # no photos yet: left out

    def _generic(self, page: PagePlan, text: PageText) -> dict[str, Any]:
        return {"heading": page.nav_label, "body": text.intro}


def write(known: Known, design: Design, brand: Brand) -> Content:
    return Writer(known, design, brand).content()
