"""Checkable claims in a site's words: prices, times of day, phone numbers, years and
promises ("free consultation", "guaranteed", "no win, no fee").

A claim of these kinds is only allowed on a site when the business's own words (its
brief and facts) make it too. ``unsupported(text, brief)`` lists those that do not: the
validator of a model's answers rejects an answer with any, and the tests run every
generated site through it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from code24.ai.schemas import Brief

CURRENCY = r"(?:€|£|\$|¥|₹|₩|₺|R\$|CHF|EUR|USD|GBP|AUD|CAD|NZD|SEK|NOK|DKK|PLN|zł|kr)"
NUMBER = r"\d{1,3}(?:[ ,.\u202f]\d{3})*(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
GAP = "[ \u00a0\u202f]?"  # a space, not a line break: a price never spans two fields
PRICE = re.compile(
    rf"(?:{CURRENCY}{GAP}(?P<a>{NUMBER})|(?P<b>{NUMBER}){GAP}{CURRENCY}(?![A-Za-z]))",
)
TIME_24 = re.compile(r"(?<![\d:.,])([01]?\d|2[0-4])[:.h]([0-5]\d)(?![\d:])")
TIME_12 = re.compile(r"(?<![\d:.])(1[0-2]|0?[1-9])(?:[:.]([0-5]\d))?\s?([ap])\.?m\b", re.I)
TIME_RANGE_H = re.compile(r"(?<![\d:.])([01]?\d|2[0-4])\s?[-\u2013]\s?([01]?\d|2[0-4])\s?h\b")
PHONE = re.compile(r"(?<![\w+])\+?\(?\d[\d ()\-./\u00a0]{5,}\d(?![\w])")
DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b")
YEAR = re.compile(
    r"\b(?:since|founded in|established in|est\.?|opened in|in business since)\s+(\d{4})\b"
    r"|\b(\d{1,3})\+?[ \u00a0]years?\b",
    re.I,
)
# Promises a business would have to honour. Each pattern's name is the claim.
PROMISES: dict[str, re.Pattern[str]] = {
    "free": re.compile(
        r"\bfree\s+(?:[\w-]+\s+){0,2}?(?:of\s+charge|consultations?|quotes?|estimates?|trials?|delivery|"
        r"shipping|returns|first|initial|assessments?|parking|wi-?fi|cancellation|advice|"
        r"check-?ups?|samples?|tastings?|classes|class|sessions?|lessons?|demos?)\b|\bfor free\b",
        re.I,
    ),
    "guarantee": re.compile(r"\bguarantee[sd]?\b|\bmoney[- ]back\b|\bwarrant(?:y|ies)\b", re.I),
    "no win, no fee": re.compile(r"\bno[- ]win,?\s+no[- ]fee\b", re.I),
    "fixed price": re.compile(r"\bfixed[- ](?:price|fee)s?\b", re.I),
    "same day": re.compile(r"\bsame[- ]day\b", re.I),
    "24/7": re.compile(r"\b24/7\b|\b24 hours a day\b|\baround the clock\b", re.I),
    "award": re.compile(r"\baward(?:s|ed)?\b|\bwinning\b", re.I),
    "certified": re.compile(r"\b(?:certified|accredited|licensed|insured|registered)\b", re.I),
    "rating": re.compile(r"\b\d(?:\.\d)?\s?(?:stars?|/\s?5)\b|\brated\b", re.I),
    "discount": re.compile(r"\b\d{1,2}\s?%\s?off\b|\bdiscounts?\b", re.I),
}


@dataclass
class Claims:
    prices: set[str] = field(default_factory=set)
    times: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)
    years: set[str] = field(default_factory=set)
    promises: set[str] = field(default_factory=set)

    def __or__(self, other: Claims) -> Claims:
        return Claims(
            self.prices | other.prices,
            self.times | other.times,
            self.phones | other.phones,
            self.years | other.years,
            self.promises | other.promises,
        )

    def items(self) -> Iterable[tuple[str, set[str]]]:
        yield "price", self.prices
        yield "time", self.times
        yield "phone number", self.phones
        yield "years in business", self.years
        yield "promise", self.promises


def _amount(text: str) -> str:
    """A price's amount without separators of thousands: "1,200.50" -> "1200.50",
    "4,50" -> "4.50", "12" -> "12"."""
    text = text.replace("\u202f", "").replace(" ", "")
    match = re.fullmatch(r"(.*?)[.,](\d{1,2})", text)
    whole, cents = (match.group(1), match.group(2)) if match else (text, "")
    whole = re.sub(r"[.,]", "", whole).lstrip("0") or "0"
    if cents and cents.strip("0"):
        return f"{whole}.{cents.ljust(2, '0')}"
    return whole


def _time(hour: str, minute: str | None, half: str | None = None) -> str:
    h = int(hour)
    if half:
        h = h % 12 + (12 if half.lower() == "p" else 0)
    return f"{h:02d}:{int(minute or 0):02d}"


def _phone(text: str) -> str | None:
    digits = re.sub(r"\D", "", text)
    return digits[-9:] if 7 <= len(digits) <= 15 else None


def claims_in(text: str) -> Claims:
    """The checkable claims ``text`` makes."""
    found = Claims()
    for match in PRICE.finditer(text):
        found.prices.add(_amount(match.group("a") or match.group("b")))
    without_dates = PRICE.sub(" ", DATE.sub(" ", text))
    for match in TIME_24.finditer(without_dates):
        found.times.add(_time(match.group(1), match.group(2)))
    for match in TIME_12.finditer(without_dates):
        found.times.add(_time(match.group(1), match.group(2), match.group(3)))
    for match in TIME_RANGE_H.finditer(without_dates):
        found.times |= {_time(match.group(1), None), _time(match.group(2), None)}
    for match in PHONE.finditer(without_dates):
        if TIME_24.fullmatch(match.group().strip()):
            continue
        number = _phone(match.group())
        if number:
            found.phones.add(number)
    for match in YEAR.finditer(text):
        found.years.add(match.group(1) or f"{match.group(2)} years")
    for name, pattern in PROMISES.items():
        if pattern.search(text):
            found.promises.add(name)
    return found


def brief_text(brief: Brief) -> str:
    """Everything the customer wrote, as one text."""
    facts = brief.facts
    parts = [
        brief.name,
        brief.description,
        brief.audience,
        brief.location,
        brief.phone,
        brief.email,
        brief.address,
        *brief.services,
        facts.area_served,
        *facts.differentiators,
    ]
    for offer in facts.offers:
        parts += [offer.name, offer.description, offer.price]
    for member in facts.team:
        parts += [member.name, member.role, member.bio]
    for testimonial in facts.testimonials:
        parts += [testimonial.quote, testimonial.author]
    for exception in facts.hours_exceptions:
        parts.append(exception.label)
    return "\n".join(part for part in parts if part)


def known_claims(brief: Brief) -> Claims:
    """The claims the business's own words make: what its site may say."""
    known = claims_in(brief_text(brief))
    facts = brief.facts
    for entry in facts.hours:
        known.times |= {entry.opens, entry.closes}
    for exception in facts.hours_exceptions:
        known.times |= {time for time in (exception.opens, exception.closes) if time}
    if facts.founded:
        known.years.add(str(facts.founded))
    return known


def unsupported(text: str, brief: Brief, *, known: Claims | None = None) -> list[str]:
    """Sentences naming each claim in ``text`` that the business's words do not make."""
    known = known or known_claims(brief)
    said = claims_in(text)
    problems = []
    for (kind, values), (_, allowed) in zip(said.items(), known.items(), strict=True):
        for value in sorted(values - allowed):
            if kind == "years in business" and value.endswith(" years") and allowed:
                continue  # "60 years" from a known founding year is arithmetic, not a claim
            problems.append(f"{kind} {value!r} is not in the business's facts")
    return problems
