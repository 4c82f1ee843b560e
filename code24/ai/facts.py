"""Business facts: what is true about one business, in the customer's own words.

Kept on the site's brief (``Brief.facts``) and read by every step: the research, the
design, the writer, the validators of a model's answers, and the site generator. The
site says nothing specific about the business (an offer, a price, an hour, how to buy,
what makes it different, who works there, what customers said) that is not here or in
the brief.

Prices and hours are kept as the customer wrote them where a human reads them (a price
"€1.20", "from £80", "free") and structured where a machine needs them (opening hours
as days and HH:MM, for the site's footer and its JSON-LD).
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator

Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAYS: tuple[Day, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES: dict[Day, str] = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}
DAY_SHORT: dict[Day, str] = {day: name[:3] for day, name in DAY_NAMES.items()}
SCHEMA_DAYS: dict[Day, str] = {day: f"https://schema.org/{name}" for day, name in DAY_NAMES.items()}

# How people buy from or book with the business. The site's call to action, its "how to
# order" section and its booking wording come from these, never from the business type
# alone: a bakery takes table bookings only when its facts say so.
Way = Literal[
    "walk_in",  # come in during opening hours
    "order_ahead",  # order before collecting (or delivery)
    "book_table",
    "book_appointment",
    "book_class",
    "book_stay",  # a room, a venue date
    "request_quote",
    "buy_online",
    "sign_up",
    "donate",
    "enquire",  # get in touch (always possible: the site has a contact form)
]
WAY_LABELS: dict[Way, str] = {
    "walk_in": "Walk in during opening hours",
    "order_ahead": "Order ahead",
    "book_table": "Book a table",
    "book_appointment": "Book an appointment",
    "book_class": "Book a class",
    "book_stay": "Book a stay or a date",
    "request_quote": "Ask for a quote",
    "buy_online": "Buy online",
    "sign_up": "Sign up",
    "donate": "Donate",
    "enquire": "Get in touch",
}
TIME = r"^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Offer(Strict):
    """Something the business sells or does."""

    name: str = Field(min_length=1, max_length=100)
    description: str = Field(default="", max_length=300)
    price: str = Field(default="", max_length=40)  # as written: "€1.20", "from £80", "Free"


class OpeningHours(Strict):
    """The same opening times on some days of the week."""

    days: list[Day] = Field(min_length=1, max_length=7)
    opens: str = Field(pattern=TIME)
    closes: str = Field(pattern=TIME)

    @field_validator("days")
    @classmethod
    def _days_in_order(cls, value: list[Day]) -> list[Day]:
        return sorted(set(value), key=DAYS.index)


class HoursException(Strict):
    """A day or a period when the usual hours do not apply: "25 December", "August"."""

    label: str = Field(min_length=1, max_length=80)
    closed: bool = True
    opens: str = Field(default="", pattern=TIME + "|^$")
    closes: str = Field(default="", pattern=TIME + "|^$")


class Member(Strict):
    name: str = Field(min_length=1, max_length=80)
    role: str = Field(default="", max_length=80)
    bio: str = Field(default="", max_length=300)


class Testimonial(Strict):
    """What a customer said, supplied by the business (never written by Code24)."""

    quote: str = Field(min_length=1, max_length=500)
    author: str = Field(min_length=1, max_length=80)


class Facts(Strict):
    offers: list[Offer] = Field(default_factory=list, max_length=30)
    hours: list[OpeningHours] = Field(default_factory=list, max_length=14)
    hours_exceptions: list[HoursException] = Field(default_factory=list, max_length=20)
    area_served: str = Field(default="", max_length=200)
    ways: list[Way] = Field(default_factory=list, max_length=11)
    order_url: HttpUrl | None = None  # where people buy, book or sign up, if not by the form
    differentiators: list[str] = Field(default_factory=list, max_length=10)
    founded: int | None = Field(default=None, ge=1000, le=2100)
    team: list[Member] = Field(default_factory=list, max_length=20)
    testimonials: list[Testimonial] = Field(default_factory=list, max_length=12)
    social: list[HttpUrl] = Field(default_factory=list, max_length=8)

    @field_validator("differentiators")
    @classmethod
    def _short_lines(cls, value: list[str]) -> list[str]:
        lines = [" ".join(line.split()) for line in value if line.strip()]
        if any(len(line) > 200 for line in lines):
            raise ValueError("Keep each thing that makes you different under 200 characters")
        return lines

    @field_validator("ways")
    @classmethod
    def _ways_once(cls, value: list[Way]) -> list[Way]:
        return list(dict.fromkeys(value))

    def is_empty(self) -> bool:
        return self == Facts()


def time_text(value: str) -> str:
    """ "07:30" as a site shows it (24-hour clock, as written)."""
    return value


def day_range(days: list[Day]) -> str:
    """ "Mon-Fri", "Sat", "Mon, Wed and Fri", "Every day"."""
    if len(days) == 7:
        return "Every day"
    indexes = [DAYS.index(day) for day in days]
    runs: list[list[int]] = []
    for index in indexes:
        if runs and index == runs[-1][-1] + 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    parts = []
    for run in runs:
        first, last = DAY_SHORT[DAYS[run[0]]], DAY_SHORT[DAYS[run[-1]]]
        if len(run) >= 3:
            parts.append(f"{first}\u2013{last}")
        else:
            parts.extend(DAY_SHORT[DAYS[i]] for i in run)
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def hours_lines(facts: Facts) -> list[tuple[str, str]]:
    """(days, times) per line of the opening hours: ("Mon-Fri", "07:00-19:00")."""
    return [
        (day_range(entry.days), f"{time_text(entry.opens)}\u2013{time_text(entry.closes)}")
        for entry in facts.hours
    ]


def closed_days(facts: Facts) -> list[Day]:
    open_days = {day for entry in facts.hours for day in entry.days}
    return [day for day in DAYS if day not in open_days] if facts.hours else []


def exception_line(exception: HoursException) -> tuple[str, str]:
    if exception.closed or not (exception.opens and exception.closes):
        return exception.label, "Closed"
    return exception.label, f"{exception.opens}\u2013{exception.closes}"


def link_name(url: str) -> str:
    """What a social link is called: "Instagram", "Facebook", else the site's host."""
    host = re.sub(r"^www\.", "", (url.split("//", 1)[-1].split("/", 1)[0]).lower())
    for known, name in SOCIAL_NAMES.items():
        if host == known or host.endswith("." + known):
            return name
    return host


SOCIAL_NAMES = {
    "instagram.com": "Instagram",
    "facebook.com": "Facebook",
    "x.com": "X",
    "twitter.com": "X",
    "linkedin.com": "LinkedIn",
    "tiktok.com": "TikTok",
    "youtube.com": "YouTube",
    "pinterest.com": "Pinterest",
    "threads.net": "Threads",
    "mastodon.social": "Mastodon",
    "github.com": "GitHub",
    "tripadvisor.com": "Tripadvisor",
}
