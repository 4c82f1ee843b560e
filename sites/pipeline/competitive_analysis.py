"""Competitive analysis: read each competitor URL (safely) and say what to do better.

Unreachable or refused URLs are reported in the output, never fatal.
"""

from typing import Any

from sites.models import Build
from sites.pipeline.common import ask, brief_of, value
from sites.pipeline.competitors import analyse_competitor


def run(build: Build, outputs: dict[str, Any]) -> dict[str, Any]:
    brief = brief_of(build)
    competitors = [
        analyse_competitor(str(url)).model_dump(mode="json") for url in brief.competitor_urls
    ]
    output = ask(
        "competitive_insights",
        build,
        {"market_research": value(outputs, "market_research"), "competitors": competitors},
    )
    output["value"]["competitors"] = competitors
    return output
