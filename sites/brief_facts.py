# ruff: noqa: RUF001, RUF002 - customers type typographic dashes and quotes; so do the examples
"""The business facts as the dashboard reads and shows them: the brief form's lines ("Pão
de ló — Portuguese sponge cake — €12.50", "Mon–Fri 07:00–19:00", "25 December: closed")
to facts and back, and the "Facts used" panel of the build page and the admin.

Each ``*_from_lines`` returns the facts of a textarea or raises ``ValueError`` with a
sentence that names the line and says what to write instead; each ``*_lines`` writes
facts back as lines that read the same way (the form is filled with them when the
description's facts are shown for confirmation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from pydantic import ValidationError

from code24 import text
from code24.ai.claims import PRICE
from code24.ai.extract import hours_from_line, time_range
from code24.ai.facts import (
    WAY_LABELS,
    Facts,
    HoursException,
    Member,
    Offer,
    OpeningHours,
    Testimonial,
    exception_line,
    hours_lines,
    link_name,
)

MAX_OFFERS = 30
MAX_HOURS = 14
MAX_EXCEPTIONS = 20
MAX_DIFFERENTIATORS = 10
MAX_TEAM = 20
MAX_TESTIMONIALS = 12
MAX_LINKS = 8
URL_MAX_LENGTH = 2000

_DASH = re.compile(r"\s+[—–-]\s+")
_PRICE_WORDS = {"free", "poa", "p.o.a.", "on request", "price on request", "ask us", "varies"}


def _lines(value: str) -> list[tuple[int, str]]:
    """(line number, text) of each non-empty line."""
    return [(n, line.strip()) for n, line in enumerate(value.splitlines(), 1) if line.strip()]


def _quoted(line: str) -> str:
    return f"“{line[:60]}…”" if len(line) > 60 else f"“{line}”"


def _at_most(found: int, limit: int, what: str) -> None:
    if found > limit:
        raise ValueError(f"List at most {limit} {what} (there are {found}).")


def _one_line(line: str, number: int) -> None:
    if problem := text.single_line_problem(line):
        raise ValueError(f"Line {number}: {problem}")


_PRICE_FIRST = re.compile(
    r"(?:(?:from|only|just|starting\s+at|up\s+to)\s+)?" + f"(?:{PRICE.pattern})", re.I
)


def looks_like_price(value: str) -> bool:
    """ "€12.50", "from £80", "$29 a month", "Free": what the price part of an offer holds
    (it starts with a price; "a dozen for €5" is a description)."""
    value = value.strip()
    return bool(_PRICE_FIRST.match(value)) or value.lower().rstrip(".") in _PRICE_WORDS


# --- Offers ---------------------------------------------------------------------------


def offers_from_lines(value: str) -> list[Offer]:
    """ "Name — description — price", "Name — price", "Name: price", "Name | description |
    price", or just a name, one per line."""
    lines = _lines(value)
    _at_most(len(lines), MAX_OFFERS, "things you offer")
    offers = []
    for number, line in lines:
        _one_line(line, number)
        parts = [part.strip() for part in (line.split("|") if "|" in line else _DASH.split(line))]
        if len(parts) == 1 and ": " in line:
            name, rest = (part.strip() for part in line.split(": ", 1))
            parts = [name, "", rest] if looks_like_price(rest) else [name, rest]
        if len(parts) == 2 and looks_like_price(parts[1]):
            parts = [parts[0], "", parts[1]]
        if len(parts) > 3:
            raise ValueError(
                f"Line {number} ({_quoted(line)}) has more than three parts. Write the name, "
                "a description and a price, like “Pão de ló — Portuguese sponge cake — €12.50”."
            )
        name, description, price = [*parts, "", ""][:3]
        if not name:
            raise ValueError(f"Line {number} ({_quoted(line)}) needs a name before the dash.")
        if len(name) > 100:
            raise ValueError(f"Line {number}: keep the name under 100 characters.")
        if len(description) > 300:
            raise ValueError(f"Line {number}: keep the description under 300 characters.")
        if len(price) > 40:
            raise ValueError(
                f"Line {number}: keep the price under 40 characters, like “€12.50” or “from £80”."
            )
        offers.append(Offer(name=name, description=description, price=price))
    return _unique(offers, key=lambda offer: offer.name.casefold())


def offers_lines(offers: list[Offer]) -> str:
    lines = []
    for offer in offers:
        if offer.description and not offer.price and looks_like_price(offer.description):
            lines.append(f"{offer.name} | {offer.description} |")  # so it stays a description
            continue
        parts = [offer.name, offer.description, offer.price]
        lines.append(" — ".join(part for part in parts if part))
    return "\n".join(lines)


# --- Opening hours and their exceptions -----------------------------------------------


def hours_from_lines(value: str) -> list[OpeningHours]:
    hours: list[OpeningHours] = []
    for number, line in _lines(value):
        _one_line(line, number)
        found = hours_from_line(line)
        if found is None:
            raise ValueError(
                f"Line {number} ({_quoted(line)}) is not opening hours we can read. Write the "
                "days, then the times, like “Mon–Fri 07:00–19:00” or “Sat 8:00–13:00”."
            )
        hours += found
    _at_most(len(hours), MAX_HOURS, "lines of opening hours")
    return hours


def hours_text(hours: list[OpeningHours]) -> str:
    return "\n".join(f"{days} {times}" for days, times in hours_lines(Facts(hours=hours)))


_EXCEPTION = re.compile(r"^(?P<label>.*?)\s*(?::\s+|\s[—–-]\s+)(?P<when>.+)$")
_CLOSED = re.compile(r"^(?P<label>.*?)[\s:,—–-]*\bclosed\.?$", re.I)


def exceptions_from_lines(value: str) -> list[HoursException]:
    """ "25 December: closed", "August: 09:00–13:00", "Public holidays — closed"."""
    lines = _lines(value)
    _at_most(len(lines), MAX_EXCEPTIONS, "exceptions to your hours")
    exceptions = []
    for number, line in lines:
        _one_line(line, number)
        closed = _CLOSED.match(line)
        if closed and closed.group("label").strip():
            label, times = closed.group("label").strip(), None
        else:
            match = _EXCEPTION.match(line)
            times = time_range(match.group("when")) if match else None
            if match is None or times is None or not match.group("label").strip():
                raise ValueError(
                    f"Line {number} ({_quoted(line)}) is not an exception we can read. Write "
                    "the day or period, a colon, then “closed” or its hours, like “25 December: "
                    "closed” or “August: 09:00–13:00”."
                )
            label = match.group("label").strip()
        if len(label) > 80:
            raise ValueError(f"Line {number}: keep the day or period under 80 characters.")
        if times is None:
            exceptions.append(HoursException(label=label, closed=True))
        else:
            exceptions.append(
                HoursException(label=label, closed=False, opens=times[0], closes=times[1])
            )
    return exceptions


def exceptions_lines(exceptions: list[HoursException]) -> str:
    lines = []
    for exception in exceptions:
        label, when = exception_line(exception)
        lines.append(f"{label}: {when.lower() if when == 'Closed' else when}")
    return "\n".join(lines)


# --- Differentiators, team, testimonials, links ---------------------------------------


def differentiators_from_lines(value: str) -> list[str]:
    lines = _lines(value)
    _at_most(len(lines), MAX_DIFFERENTIATORS, "things that make you different")
    for number, line in lines:
        _one_line(line, number)
        if len(line) > 200:
            raise ValueError(f"Line {number}: keep each one under 200 characters.")
    return _unique([line for _, line in lines], key=str.casefold)


def team_from_lines(value: str) -> list[Member]:
    """ "Name — role" (or "Name — role — a sentence about them"), one person per line."""
    lines = _lines(value)
    _at_most(len(lines), MAX_TEAM, "people")
    team = []
    for number, line in lines:
        _one_line(line, number)
        parts = [part.strip() for part in (line.split("|") if "|" in line else _DASH.split(line))]
        if len(parts) > 3:
            raise ValueError(
                f"Line {number} ({_quoted(line)}) has more than three parts. Write the name, "
                "then the role, like “Rosa Almeida — head baker”."
            )
        name, role, bio = [*parts, "", ""][:3]
        if not name or len(name) > 80 or len(role) > 80 or len(bio) > 300:
            raise ValueError(
                f"Line {number}: keep the name and the role under 80 characters each, like "
                "“Rosa Almeida — head baker”."
            )
        team.append(Member(name=name, role=role, bio=bio))
    return team


def team_lines(team: list[Member]) -> str:
    return "\n".join(" — ".join(part for part in (m.name, m.role, m.bio) if part) for m in team)


# The quote, then the last dash (spaced, or an unspaced em or en dash), then who said it.
_TESTIMONIAL = re.compile(r"^(?P<quote>.+)(?:\s+[—–-]\s+|\s*[—–]\s*)(?P<author>[^—–]+?)$")
_QUOTES = "\"'“”‘’„«»"


def testimonials_from_lines(value: str) -> list[Testimonial]:
    """ "“The best pão de ló in Porto” — Maria S.", one per line."""
    lines = _lines(value)
    _at_most(len(lines), MAX_TESTIMONIALS, "testimonials")
    testimonials = []
    for number, line in lines:
        _one_line(line, number)
        match = _TESTIMONIAL.match(line)
        quote = match.group("quote").strip().strip(_QUOTES).strip() if match else ""
        author = match.group("author").strip() if match else ""
        if not quote or not author:
            raise ValueError(
                f"Line {number} ({_quoted(line)}) needs who said it after a dash, like "
                "“The best pão de ló in Porto” — Maria S."
            )
        if len(quote) > 500 or len(author) > 80:
            raise ValueError(
                f"Line {number}: keep the quote under 500 characters and the name under 80."
            )
        testimonials.append(Testimonial(quote=quote, author=author))
    return testimonials


def testimonials_lines(testimonials: list[Testimonial]) -> str:
    return "\n".join(f"“{t.quote}” — {t.author}" for t in testimonials)


def url_problem(url: str) -> str | None:
    try:
        if len(url) > URL_MAX_LENGTH:
            raise DjangoValidationError("too long")
        URLValidator(schemes=["http", "https"])(url)
    except DjangoValidationError:
        return (
            f"{_quoted(url)} is not a web address. Use full addresses that start with "
            "https:// (or http://)."
        )
    return None


def links_from_lines(value: str) -> list[str]:
    lines = _lines(value)
    _at_most(len(lines), MAX_LINKS, "links")
    for number, line in lines:
        if problem := url_problem(line):
            raise ValueError(f"Line {number}: {problem}")
    return _unique([line for _, line in lines], key=str.lower)


def _unique(items: list[Any], *, key: Any) -> list[Any]:
    seen: set[Any] = set()
    kept = []
    for item in items:
        if key(item) not in seen:
            seen.add(key(item))
            kept.append(item)
    return kept


# --- The "Facts used" panel -----------------------------------------------------------


@dataclass
class FactsPanel:
    """What the build page and the admin show of a site's facts."""

    offers: list[Offer] = field(default_factory=list)
    hours: list[tuple[str, str]] = field(default_factory=list)
    exceptions: list[tuple[str, str]] = field(default_factory=list)
    area_served: str = ""
    ways: list[str] = field(default_factory=list)
    order_url: str = ""
    differentiators: list[str] = field(default_factory=list)
    founded: int | None = None
    team: list[Member] = field(default_factory=list)
    testimonials: int = 0
    links: list[tuple[str, str]] = field(default_factory=list)
    empty: bool = True

    def lines(self) -> list[tuple[str, str]]:
        """(label, text) pairs, for a plain list (the admin)."""
        rows: list[tuple[str, str]] = []
        for offer in self.offers:
            details = " — ".join(part for part in (offer.description, offer.price) if part)
            rows.append(("Offer", f"{offer.name} — {details}" if details else offer.name))
        rows += [("Opening hours", f"{days} {times}") for days, times in self.hours]
        rows += [("Exception", f"{label}: {when}") for label, when in self.exceptions]
        if self.area_served:
            rows.append(("Area served", self.area_served))
        if self.ways:
            rows.append(("How people buy", ", ".join(self.ways)))
        if self.order_url:
            rows.append(("Order address", self.order_url))
        rows += [("What makes it different", line) for line in self.differentiators]
        if self.founded:
            rows.append(("Founded", str(self.founded)))
        rows += [("Team", f"{m.name}, {m.role}" if m.role else m.name) for m in self.team]
        if self.testimonials:
            rows.append(("Testimonials", str(self.testimonials)))
        rows += [("Link", f"{name}: {url}") for name, url in self.links]
        return rows


def site_facts(brief: Any) -> Facts:
    """The facts kept on a site's brief (none for a brief from before facts existed)."""
    raw = brief.get("facts") if isinstance(brief, dict) else None
    try:
        return Facts.model_validate(raw or {})
    except ValidationError:
        return Facts()


def facts_panel(brief: Any) -> FactsPanel:
    facts = site_facts(brief)
    if facts.is_empty():
        return FactsPanel()
    return FactsPanel(
        offers=list(facts.offers),
        hours=hours_lines(facts),
        exceptions=[exception_line(e) for e in facts.hours_exceptions],
        area_served=facts.area_served,
        ways=[WAY_LABELS[way] for way in facts.ways],
        order_url=str(facts.order_url) if facts.order_url else "",
        differentiators=list(facts.differentiators),
        founded=facts.founded,
        team=list(facts.team),
        testimonials=len(facts.testimonials),
        links=[(link_name(str(url)), str(url)) for url in facts.social],
        empty=False,
    )
