"""The words of a brief that the dashboard form and the API share: business types and goals
with the names customers read, the spellings older clients send, and the field checks."""

from __future__ import annotations

import re
from typing import get_args

from code24.ai.kinds import KINDS
from code24.ai.schemas import BusinessType, PrimaryGoal

BUSINESS_TYPES: dict[str, str] = {key: kind["title"] for key, kind in KINDS.items()}
assert set(BUSINESS_TYPES) == set(get_args(BusinessType)), "a business type has no label"

# value -> (what the customer reads, what it means for the site)
GOALS: dict[str, tuple[str, str]] = {
    "lead_generation": (
        "Get enquiries",
        "Visitors call you, write to you or ask for a quote. Best for services.",
    ),
    "bookings": (
        "Take bookings",
        "Visitors book an appointment, a table or a class.",
    ),
    "sales": (
        "Sell online",
        "Visitors buy a product or sign up for a plan on the site.",
    ),
    "awareness": (
        "Be found and trusted",
        "Visitors learn who you are and what you stand for; no hard sell.",
    ),
}
assert set(GOALS) == set(get_args(PrimaryGoal)), "a goal has no label"

# Other spellings of business types, after lower-casing and turning spaces and
# underscores into hyphens.
# Older keys and spellings of business types (after lower-casing and turning spaces and
# underscores into hyphens), then each kind's own aliases.
_BUSINESS_ALIASES = {
    "ecommerce": "e-commerce",
    "e-shop": "e-commerce",
    "online-shop": "e-commerce",
    "online-store": "e-commerce",
    "webshop": "e-commerce",
    "store": "shop",
    "retail": "shop",
    "software": "saas",
    "app": "saas",
    "law": "law-firm",
    "lawfirm": "law-firm",
    "lawyer": "law-firm",
    "legal": "law-firm",
    "attorney": "law-firm",
    "solicitor": "law-firm",
    "dental": "dental-clinic",
    "dentist": "dental-clinic",
    "plumbing": "plumber",
    "realestate": "real-estate",
    "realtor": "real-estate",
    "estate-agent": "real-estate",
    "fitness": "fitness-studio",
    "gym": "fitness-studio",
    "café": "cafe",
    "coffee-shop": "cafe",
    "consulting": "consultant",
    "consultancy": "consultant",
    "coach": "consultant",
    "non-profit": "nonprofit",
    "charity": "nonprofit",
    "ngo": "nonprofit",
    "photography": "photographer",
    "marketing-agency": "agency",
    "design-agency": "agency",
    "b&b": "hotel",
    "bed-and-breakfast": "hotel",
    "guesthouse": "hotel",
    **{
        alias.strip().lower().replace(" ", "-").replace("_", "-"): key
        for key, kind in KINDS.items()
        for alias in kind["aliases"]
    },
}

_GOAL_ALIASES = {
    "lead-generation": "lead_generation",
    "leads": "lead_generation",
    "lead": "lead_generation",
    "enquiries": "lead_generation",
    "sale": "sales",
    "booking": "bookings",
    "appointments": "bookings",
    "reservations": "bookings",
    "brand_awareness": "awareness",
    "brand-awareness": "awareness",
}
# "Conversion rate" (the original design's optimization goal) means buyers for a shop or a
# software product, and enquiries for everyone else.
_CONVERSION_GOALS = {"conversion_rate", "conversion-rate", "conversion", "conversions"}
_SELLS_ONLINE = {"e-commerce", "saas"}


def _key(text: str) -> str:
    return re.sub(r"[\s_]+", "-", text.strip().lower())


def business_type_from(text: str) -> str | None:
    """The business type a client meant ("E-commerce", "law firm", "ecommerce"), or None."""
    key = _key(text)
    if key in BUSINESS_TYPES:
        return key
    return _BUSINESS_ALIASES.get(key) or _BUSINESS_ALIASES.get(key.replace("-", ""))


def primary_goal_from(text: str, business_type: str | None) -> str | None:
    """The goal a client meant ("lead_generation", "Bookings", "conversion_rate"), or None."""
    key = text.strip().lower().replace(" ", "_")
    if key in GOALS:
        return key
    if key in _CONVERSION_GOALS:
        return "sales" if business_type in _SELLS_ONLINE else "lead_generation"
    return _GOAL_ALIASES.get(key) or _GOAL_ALIASES.get(key.replace("_", "-"))


# --- Field checks (each returns the sentence that says what to fix, or None) ----------

PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ().\-/]+$")
SERVICE_MAX_LENGTH = 100
URL_MAX_LENGTH = 2000


def phone_problem(value: str) -> str | None:
    digits = sum(ch.isdigit() for ch in value)
    if not PHONE_CHARACTERS.match(value) or not 5 <= digits <= 20:
        return "Enter a phone number using digits, spaces and + ( ) - only, e.g. +1 555 010 0199."
    return None


def lines(text: str) -> list[str]:
    """The non-empty lines of a textarea, trimmed, without repeats."""
    seen: set[str] = set()
    items = []
    for line in text.splitlines():
        item = line.strip()
        if item and item.lower() not in seen:
            seen.add(item.lower())
            items.append(item)
    return items
