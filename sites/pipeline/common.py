"""What the steps share: the brief, and how an AI answer is stored on a step.

An AI step whose model server has no turn free (``ai.ModelBusy``) is not failed and does
not hold its worker: it becomes a passing failure (``StepRetry``), so the worker goes on
to other customers' builds and the step is tried again later. How long it has waited so
far comes from its row (``BuildStep.waiting_since``); past AI_QUEUE_MAX_SECONDS ``ai.ask``
uses the built-in writer's answer instead, saying why.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone
from pydantic import ValidationError

from code24 import ai
from code24.ai.schemas import Brief
from sites.models import Build, BuildStep

# The build step each AI task runs in (the others are named as their task).
TASK_STEPS = {"competitive_insights": "competitive_analysis"}


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


def queued_for(build: Build, task: str) -> float:
    """How long the task's step has been waiting (for the model server) so far."""
    step = TASK_STEPS.get(task, task)
    since = (
        BuildStep.objects.filter(build=build, name=step)
        .values_list("waiting_since", flat=True)
        .first()
    )
    return max((timezone.now() - since).total_seconds(), 0.0) if since else 0.0


def ask(task: str, build: Build, context: dict[str, Any]) -> dict[str, Any]:
    """Ask the AI team and return the step output: the value and who produced it (for
    the copy, who wrote each page)."""
    from sites.pipeline.runner import StepRetry

    try:
        result = ai.ask(
            task, brief=brief_of(build), context=context, queued_for=queued_for(build, task)
        )
    except ai.ModelBusy as busy:
        raise StepRetry(str(busy), retry_after=float(settings.AI_SLOT_WAIT_SECONDS)) from None
    output: dict[str, Any] = {
        "value": result.value.model_dump(mode="json"),
        "provider": result.provider,
        "model": result.model,
        "attempts": result.attempts,
        "fallback_reason": result.fallback_reason,
    }
    if result.parts:
        output["parts"] = [
            {
                "part": part.part,
                "provider": part.provider,
                "model": part.model,
                "attempts": part.attempts,
                "fallback_reason": part.fallback_reason,
            }
            for part in result.parts
        ]
    return output
