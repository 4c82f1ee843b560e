"""PLACEHOLDER kinds (copies of the bakery with a new title), replaced by the kinds work."""

from __future__ import annotations

from code24.ai.kinds import Kind
from code24.ai.kinds.food import KINDS as _FOOD

KINDS: dict[str, Kind] = {
    "hair-salon": {**_FOOD["bakery"], "title": "Hair salon", "label": "hair salon", "aliases": []},
    "barber": {**_FOOD["bakery"], "title": "Barber", "label": "barber", "aliases": []},
    "beauty-salon": {
        **_FOOD["bakery"],
        "title": "Beauty salon",
        "label": "beauty salon",
        "aliases": [],
    },
    "fitness-studio": {
        **_FOOD["bakery"],
        "title": "Fitness studio",
        "label": "fitness studio",
        "aliases": [],
    },
    "yoga-studio": {
        **_FOOD["bakery"],
        "title": "Yoga studio",
        "label": "yoga studio",
        "aliases": [],
    },
    "dental-clinic": {
        **_FOOD["bakery"],
        "title": "Dental clinic",
        "label": "dental clinic",
        "aliases": [],
    },
    "physiotherapist": {
        **_FOOD["bakery"],
        "title": "Physiotherapist",
        "label": "physiotherapist",
        "aliases": [],
    },
    "vet": {**_FOOD["bakery"], "title": "Vet", "label": "vet", "aliases": []},
    "therapist": {**_FOOD["bakery"], "title": "Therapist", "label": "therapist", "aliases": []},
}
