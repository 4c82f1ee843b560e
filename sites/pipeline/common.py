"""What the steps share: the brief, and how an AI answer is stored on a step."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from code24 import ai
from code24.ai.schemas import Brief
from sites.models import Build


def brief_of(build: Build) -> Brief:
    from sites.pipeline.runner import StepFailed

    try:
        return Brief.model_validate(build.site.brief)
    except ValidationError as exc:
        raise StepFailed(
            "The site's brief is incomplete. Edit the description and try again."
        ) from exc


def value(outputs: dict[str, Any], step: str) -> dict[str, Any]:
    """The structured result an earlier step produced."""
    return outputs[step]["value"]


def ask(task: str, build: Build, context: dict[str, Any]) -> dict[str, Any]:
    """Ask the AI team and return the step output: the value and who produced it."""
    result = ai.ask(task, brief=brief_of(build), context=context)
    return {
        "value": result.value.model_dump(mode="json"),
        "provider": result.provider,
        "model": result.model,
        "attempts": result.attempts,
        "fallback_reason": result.fallback_reason,
    }
