# ruff: noqa: E501 - a table of data reads best one entry per line
"""Food and drink: bakery, café, restaurant, bar."""

from __future__ import annotations

from code24.ai.kinds import Kind

KINDS: dict[str, Kind] = {
    "bakery": {
        "title": "Bakery",
        "label": "bakery",
        "aliases": [
            "bakehouse",
            "patisserie",
            "pastry shop",
            "cake shop",
            "padaria",
            "boulangerie",
        ],
        "noun": "customers",
        "schema_type": "Bakery",
        "look": "food",
        "local": True,
        "walk_in": True,
        "offer_slug": "menu",
        "offer_nav": "Our bakes",
        "offer_heading": "Our bakes",
        "ways": ["walk_in", "order_ahead", "buy_online", "enquire"],
        "home": ["hero", "menu", "hours", "story", "testimonials", "cta"],
        "pages": ["reviews", "faq"],
        "keyword_stems": ["bakery", "bread", "cakes", "pastries", "fresh bread"],
        "search_intents": [
            "bakery near me",
            "bakery in {city}",
            "{offer} {city}",
            "fresh bread {city}",
            "birthday cake to order {city}",
            "where to buy {offer}",
        ],
        "audience_segments": [
            (
                "Neighbours buying bread and pastries",
                ["opening hours", "what is baked today", "where the shop is"],
            ),
            (
                "People ordering a cake for an occasion",
                ["whether cakes can be ordered", "how far ahead to order", "prices"],
            ),
            (
                "Visitors to the area",
                ["what the bakery is known for", "directions", "when it opens"],
            ),
        ],
        "trust_signals": [
            ("Opening hours on every page", "hours"),
            ("The address with a map link", "map"),
            ("Prices of the bakes", "prices"),
            ("What customers say", "testimonials"),
            ("How long the bakery has been baking", "founded"),
        ],
        "opportunities": [
            "List the bakes as text with their prices, not as a photo of the counter.",
            "Show opening hours and holiday closures where phones see them first.",
            "Say clearly whether cakes can be ordered ahead, and how.",
        ],
        "items": {
            "pastel de nata": "custard tart in crisp, flaky pastry",
            "pasteis de nata": "custard tarts in crisp, flaky pastry",
            "pastéis de nata": "custard tarts in crisp, flaky pastry",
            "pão de ló": "Portuguese sponge cake made with eggs, sugar and flour",
            "bolo de arroz": "Portuguese rice-flour muffin",
            "broa": "Portuguese corn bread",
            "sourdough": "bread leavened with a natural starter",
            "baguette": "long, thin French loaf with a crisp crust",
            "croissant": "laminated butter pastry",
            "pain au chocolat": "laminated pastry with chocolate",
            "cinnamon bun": "sweet yeasted bun rolled with cinnamon",
            "focaccia": "Italian flatbread baked with olive oil",
            "rye bread": "bread made with rye flour",
            "brioche": "enriched bread made with eggs and butter",
            "bagel": "boiled, then baked, ring-shaped bread",
            "scone": "small, lightly sweet quick bread",
            "éclair": "choux pastry filled with cream",
            "macaron": "almond meringue biscuit with a filling",
            "birthday cake": "cake made to order for a birthday",
            "wedding cake": "cake made to order for a wedding",
            "gluten-free bread": "bread made without gluten-containing flour",
        },
    },
    # PLACEHOLDERS, replaced by the kinds work
}

for _key in ("cafe", "restaurant", "bar"):
    KINDS[_key] = {
        **KINDS["bakery"],
        "title": _key.capitalize(),
        "label": _key,
        "aliases": [],
    }  # PLACEHOLDER
