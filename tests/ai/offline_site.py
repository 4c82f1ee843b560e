"""A whole site from a brief with the built-in provider, without a database or a network:
the pipeline's AI steps in order, then the site generator. For the truth tests and
``scripts/bench_truth.py``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from code24.ai import builtin
from code24.ai.schemas import Brand, Brief, Content, Design, MarketResearch
from code24.ai.trace import page_lines
from sites.generator import render_site


@dataclass(frozen=True)
class OfflineSite:
    brief: Brief
    research: MarketResearch
    design: Design
    content: Content
    files: dict[str, bytes]
    brand: Brand

    def text(self) -> str:
        """What a visitor or a search engine reads on every page: the visible text, the
        title, the meta description and the JSON-LD (not the SVG art or the CSS)."""
        parts = []
        for path, data in self.files.items():
            if not path.endswith(".html"):
                continue
            html = data.decode()
            parts += page_lines(html)
            tree = LexborHTMLParser(html)
            parts += [node.text() for node in tree.css("title, script[type='application/ld+json']")]
            parts += [node.attributes.get("content") or "" for node in tree.css("meta")]
        return "\n".join(parts)


def offline_site(
    brief: Brief | dict[str, Any], competitors: list[dict[str, Any]] | None = None
) -> OfflineSite:
    brief = brief if isinstance(brief, Brief) else Brief.model_validate(brief)
    context: dict[str, Any] = {}
    research = builtin.generate("market_research", brief, context)
    context["market_research"] = research.model_dump(mode="json")
    insights = builtin.generate(
        "competitive_insights", brief, {**context, "competitors": competitors or []}
    )
    context["competitive_analysis"] = {
        **insights.model_dump(mode="json"),
        "competitors": competitors or [],
    }
    brand = builtin.generate("brand", brief, context)
    context["brand"] = brand.model_dump(mode="json")
    design = builtin.generate("design", brief, context)
    context["design"] = design.model_dump(mode="json")
    content = builtin.generate("content", brief, context)
    assert isinstance(brand, Brand) and isinstance(design, Design)
    assert isinstance(content, Content) and isinstance(research, MarketResearch)
    files = render_site(
        brief=brief,
        brand=brand,
        design=design,
        content=content,
        site_url="https://example-site.code24.localhost",
        form_action="/_forms/contact",
        site_id=1,
        year=2026,
    )
    return OfflineSite(brief, research, design, content, files, brand)
