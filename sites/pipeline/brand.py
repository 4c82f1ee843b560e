"""Brand: name treatment, tagline, voice, type, and a palette whose text pairs meet AA.

Whatever the AI team proposes, the contrast of every text/background pair is computed
here and text colours are adjusted until each pair meets WCAG AA.
"""

from typing import Any

from code24.ai.contrast import ensure_contrast
from code24.ai.schemas import Brand
from sites.models import Build
from sites.pipeline.common import ask, value


def run(build: Build, outputs: dict[str, Any]) -> dict[str, Any]:
    output = ask(
        "brand",
        build,
        {
            "market_research": value(outputs, "market_research"),
            "competitive_analysis": value(outputs, "competitive_analysis"),
        },
    )
    brand = Brand.model_validate(output["value"])
    palette, pairs = ensure_contrast(brand.palette)
    brand = brand.model_copy(update={"palette": palette, "contrast": pairs})
    output["value"] = brand.model_dump(mode="json")
    return output
