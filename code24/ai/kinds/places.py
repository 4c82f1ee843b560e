"""PLACEHOLDER kinds (copies of the bakery with a new title), replaced by the kinds work."""

from __future__ import annotations

from code24.ai.kinds import Kind
from code24.ai.kinds.food import KINDS as _FOOD

KINDS: dict[str, Kind] = {
    "wedding-venue": {
        **_FOOD["bakery"],
        "title": "Wedding venue",
        "label": "wedding venue",
        "aliases": [],
    },
    "hotel": {**_FOOD["bakery"], "title": "Hotel", "label": "hotel", "aliases": []},
    "school": {**_FOOD["bakery"], "title": "School", "label": "school", "aliases": []},
    "nonprofit": {**_FOOD["bakery"], "title": "Nonprofit", "label": "nonprofit", "aliases": []},
    "other": {**_FOOD["bakery"], "title": "Other", "label": "other", "aliases": []},
}
