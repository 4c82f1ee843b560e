"""QA: check the rendered files, then serve every page through the site Worker in workerd.

Nothing goes live unless every check passes; the build fails with the reasons.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from code24.ai.contrast import contrast_pairs
from code24.ai.schemas import Palette
from sites.models import Build
from sites.pipeline.common import value
from sites.pipeline.files import files_load
from sites.pipeline.qa_checks import check_files
from sites.pipeline.qa_serve import serve_check
from sites.pipeline.runner import StepFailed


def run(build: Build, outputs: dict[str, Any]) -> dict[str, Any]:
    files = files_load(outputs["develop"]["files"])
    # The pairs of the palette the files were rendered with (the customer may have chosen it).
    spec = outputs["develop"].get("spec") or {"brand": value(outputs, "brand")}
    pairs = contrast_pairs(Palette.model_validate(spec["brand"]["palette"]))
    checks = [*check_files(files, palette_pairs=pairs), serve_check(build.site, files)]
    failed = [check for check in checks if not check.passed]
    if failed:
        reasons = "; ".join(f"{c.name}: {' '.join(c.details[:2])}" for c in failed[:3])
        raise StepFailed(f"Your site did not pass our quality checks ({reasons}).")
    return {"checks": [asdict(check) for check in checks], "passed": True}
