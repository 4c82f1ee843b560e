"""Design: the page set and each page's sections, chosen for the primary goal."""

from typing import Any

from sites.models import Build
from sites.pipeline.common import ask, value


def run(build: Build, outputs: dict[str, Any]) -> dict[str, Any]:
    return ask(
        "design",
        build,
        {"market_research": value(outputs, "market_research"), "brand": value(outputs, "brand")},
    )
