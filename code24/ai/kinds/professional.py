"""PLACEHOLDER kinds (copies of the bakery with a new title), replaced by the kinds work."""

from __future__ import annotations

from code24.ai.kinds import Kind
from code24.ai.kinds.food import KINDS as _FOOD

KINDS: dict[str, Kind] = {
    "accountant": {**_FOOD["bakery"], "title": "Accountant", "label": "accountant", "aliases": []},
    "law-firm": {**_FOOD["bakery"], "title": "Law firm", "label": "law firm", "aliases": []},
    "real-estate": {
        **_FOOD["bakery"],
        "title": "Real estate",
        "label": "real estate",
        "aliases": [],
    },
    "consultant": {**_FOOD["bakery"], "title": "Consultant", "label": "consultant", "aliases": []},
    "agency": {**_FOOD["bakery"], "title": "Agency", "label": "agency", "aliases": []},
    "photographer": {
        **_FOOD["bakery"],
        "title": "Photographer",
        "label": "photographer",
        "aliases": [],
    },
}
