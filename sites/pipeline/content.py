"""Content: every word on the site, meta titles and descriptions, FAQ, structured data."""

from typing import Any

from sites.models import Build
from sites.pipeline.common import ask, value


def run(build: Build, outputs: dict[str, Any]) -> dict[str, Any]:
    return ask(
        "content",
        build,
        {
            name: value(outputs, name)
            for name in ("market_research", "competitive_analysis", "brand", "design")
        },
    )
