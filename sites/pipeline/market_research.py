"""Market research: who buys from this kind of business, what they search, what converts."""

from typing import Any

from sites.models import Build
from sites.pipeline.common import ask


def run(build: Build, outputs: dict[str, Any]) -> dict[str, Any]:
    return ask("market_research", build, {})
