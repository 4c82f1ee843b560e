"""PLACEHOLDER kinds (copies of the bakery with a new title), replaced by the kinds work."""

from __future__ import annotations

from code24.ai.kinds import Kind
from code24.ai.kinds.food import KINDS as _FOOD

KINDS: dict[str, Kind] = {
    "plumber": {**_FOOD["bakery"], "title": "Plumber", "label": "plumber", "aliases": []},
    "electrician": {
        **_FOOD["bakery"],
        "title": "Electrician",
        "label": "electrician",
        "aliases": [],
    },
    "cleaner": {**_FOOD["bakery"], "title": "Cleaner", "label": "cleaner", "aliases": []},
    "builder": {**_FOOD["bakery"], "title": "Builder", "label": "builder", "aliases": []},
    "garage": {**_FOOD["bakery"], "title": "Garage", "label": "garage", "aliases": []},
}
