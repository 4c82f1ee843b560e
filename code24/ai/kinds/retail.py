"""PLACEHOLDER kinds (copies of the bakery with a new title), replaced by the kinds work."""

from __future__ import annotations

from code24.ai.kinds import Kind
from code24.ai.kinds.food import KINDS as _FOOD

KINDS: dict[str, Kind] = {
    "florist": {**_FOOD["bakery"], "title": "Florist", "label": "florist", "aliases": []},
    "shop": {**_FOOD["bakery"], "title": "Shop", "label": "shop", "aliases": []},
    "e-commerce": {**_FOOD["bakery"], "title": "E commerce", "label": "e commerce", "aliases": []},
    "saas": {**_FOOD["bakery"], "title": "Saas", "label": "saas", "aliases": []},
}
