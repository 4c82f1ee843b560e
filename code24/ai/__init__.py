"""The AI team: one small interface, a brief and a task in, a validated result out.

    result = ask("brand", brief=brief, context={"market_research": ..., ...})
    result.value              # a Brand (the task's schema, always valid)
    result.provider           # "builtin" | "workers-ai" | "openai": who produced it
    result.model, result.attempts, result.fallback_reason
    result.parts              # the copy: who wrote each page (and the FAQ)

Tasks and their schemas (``code24/ai/schemas.py``): market_research → MarketResearch,
competitive_insights → CompetitiveInsights, brand → Brand, design → Design,
content → Content. The provider and model come from settings (AI_PROVIDER, AI_MODEL).

The built-in provider (``builtin.py``, the default) needs no network. A network
provider's answer is parsed as JSON and checked against the task's schema, the site's
rules and the business's facts (``answers.py``); a bad answer, an error or a timeout is
tried once more, told what was wrong (``exchange.py``), and after a second failure the
built-in provider's answer is used, with the reason recorded in ``fallback_reason``. The
copy is asked for page by page (``content_parts.py``), each page falling back on its own.
So ``ask`` always returns a usable value, with one exception a build step asks for:

A model server works on few requests at once (``slots.py``). Given ``queued_for`` (how
long the caller's work has already waited for the server), ``ask`` waits at most
AI_SLOT_WAIT_SECONDS for a turn and raises ``ModelBusy`` when there is none, so the build
step can let its worker go and ask again later; once it has waited AI_QUEUE_MAX_SECONDS,
the built-in answer is used instead, saying so. Without ``queued_for``, ``ask`` waits up
to AI_QUEUE_MAX_SECONDS itself.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar, overload

from django.conf import settings
from pydantic import BaseModel

from code24.ai import builtin, content_parts, exchange
from code24.ai.answers import SCHEMAS, design_of
from code24.ai.content_parts import Part
from code24.ai.exchange import ATTEMPTS, Outcome
from code24.ai.schemas import (
    Brand,
    Brief,
    CompetitiveInsights,
    Content,
    Design,
    MarketResearch,
)
from code24.ai.slots import Busy

__all__ = [
    "ATTEMPTS",
    "DEFAULT_MODELS",
    "PROVIDERS",
    "TASKS",
    "AIResult",
    "ModelBusy",
    "Part",
    "Task",
    "ask",
]

log = logging.getLogger("code24.ai")

Task = Literal["market_research", "competitive_insights", "brand", "design", "content"]
TASKS: tuple[Task, ...] = ("market_research", "competitive_insights", "brand", "design", "content")
PROVIDERS = ("builtin", "workers-ai", "openai")
DEFAULT_MODELS = {
    "builtin": builtin.MODEL,
    "workers-ai": "@cf/meta/llama-3.1-8b-instruct",
    "openai": "gpt-4o-mini",
}
V = TypeVar("V", bound=BaseModel)


@dataclass(frozen=True)
class AIResult(Generic[V]):
    value: V
    provider: str
    model: str
    attempts: int
    fallback_reason: str = ""
    parts: tuple[Part, ...] = ()


class ModelBusy(Exception):
    """No turn at the model server in AI_SLOT_WAIT_SECONDS: ask again later."""

    def __init__(self, endpoint: str, waited: float) -> None:
        super().__init__(
            f"The model server at {endpoint} is busy with other work; this step waits for "
            f"its turn (for up to {settings.AI_QUEUE_MAX_SECONDS} seconds, then Code24's "
            "built-in writer is used)."
        )
        self.endpoint = endpoint
        self.waited = waited


@overload
def ask(
    task: Literal["market_research"],
    *,
    brief: Brief,
    context: dict[str, Any],
    queued_for: float | None = None,
) -> AIResult[MarketResearch]: ...
@overload
def ask(
    task: Literal["competitive_insights"],
    *,
    brief: Brief,
    context: dict[str, Any],
    queued_for: float | None = None,
) -> AIResult[CompetitiveInsights]: ...
@overload
def ask(
    task: Literal["brand"],
    *,
    brief: Brief,
    context: dict[str, Any],
    queued_for: float | None = None,
) -> AIResult[Brand]: ...
@overload
def ask(
    task: Literal["design"],
    *,
    brief: Brief,
    context: dict[str, Any],
    queued_for: float | None = None,
) -> AIResult[Design]: ...
@overload
def ask(
    task: Literal["content"],
    *,
    brief: Brief,
    context: dict[str, Any],
    queued_for: float | None = None,
) -> AIResult[Content]: ...
@overload
def ask(
    task: str, *, brief: Brief, context: dict[str, Any], queued_for: float | None = None
) -> AIResult[BaseModel]: ...


def ask(
    task: str, *, brief: Brief, context: dict[str, Any], queued_for: float | None = None
) -> AIResult[Any]:
    """The AI team's answer to ``task`` for ``brief``, from the configured provider."""
    if task not in SCHEMAS:
        raise ValueError(f"Unknown AI task {task!r}; the tasks are {', '.join(TASKS)}.")
    provider = settings.AI_PROVIDER
    if provider not in PROVIDERS:
        raise ValueError(f"Unknown AI provider {provider!r}; choose one of {PROVIDERS}.")
    if provider == "builtin":
        return _builtin(task, brief, context)

    model = settings.AI_MODEL or DEFAULT_MODELS[provider]
    turns = _Turns(provider=provider, model=model, brief=brief, queued_for=queued_for)
    design = design_of(context) if task == "content" else None
    if design is not None:
        return _content(turns, brief, context, design)
    outcome = turns.ask(task, context)
    if outcome.value is not None:
        return AIResult(
            value=outcome.value, provider=provider, model=model, attempts=outcome.attempts
        )
    fallback = _builtin(task, brief, context)
    return AIResult(
        value=fallback.value,
        provider=fallback.provider,
        model=fallback.model,
        attempts=outcome.attempts,
        fallback_reason=_failed(provider, model, outcome),
    )


@dataclass
class _Turns:
    """Asks the model, waiting for turns at its server as the caller can afford."""

    provider: str
    model: str
    brief: Brief
    queued_for: float | None
    busy: str = ""  # once the server was busy for too long: why nothing more is asked
    started: float = field(default_factory=time.monotonic)

    def ask(self, task: str, context: dict[str, Any]) -> Outcome:
        if self.busy:
            return Outcome(value=None, attempts=0, reason=self.busy)
        took = time.monotonic() - self.started
        if took >= settings.AI_STEP_MAX_SECONDS:
            # Parts of the copy: the step must end well within its lease's longest hold.
            reason = f"the model had taken {took:.0f} s on this step, the most it may take"
            return Outcome(value=None, attempts=0, reason=reason)
        queue_max = float(settings.AI_QUEUE_MAX_SECONDS)
        wait = float(settings.AI_SLOT_WAIT_SECONDS) if self.queued_for is not None else queue_max
        try:
            return exchange.answer(
                task,
                provider=self.provider,
                model=self.model,
                brief=self.brief,
                context=context,
                turn_wait=wait,
            )
        except Busy as busy:
            waited = (self.queued_for or 0.0) + busy.waited
            if self.queued_for is not None and waited < queue_max:
                raise ModelBusy(busy.endpoint, waited) from None
            self.busy = f"the model server at {busy.endpoint} was busy for {waited:.0f} s"
            log.warning("ai %s provider=%s: %s", task, self.provider, self.busy)
            return Outcome(value=None, attempts=0, reason=self.busy)


def _failed(provider: str, model: str, outcome: Outcome) -> str:
    if outcome.attempts == 0:
        return f"{provider} ({model}) was not asked: {outcome.reason}"
    return f"{provider} ({model}) failed {outcome.attempts} times; the last time: {outcome.reason}"


def _content(
    turns: _Turns, brief: Brief, context: dict[str, Any], design: Design
) -> AIResult[Content]:
    provider, model = turns.provider, turns.model
    written = content_parts.write(
        provider=provider,
        model=model,
        brief=brief,
        context=context,
        design=design,
        ask_part=turns.ask,
    )
    if written is None:
        fallback = _builtin("content", brief, context)
        assert isinstance(fallback.value, Content)
        return AIResult(
            value=fallback.value,
            provider=fallback.provider,
            model=fallback.model,
            attempts=fallback.attempts,
            fallback_reason=(
                f"{provider} ({model})'s parts of the copy could not be put together for the "
                "design, so the built-in writer wrote it all"
            ),
        )
    parts = written.parts
    attempts = sum(part.attempts for part in parts)
    fell_back = [part for part in parts if part.provider == "builtin"]
    if len(fell_back) == len(parts):
        return AIResult(
            value=written.value,
            provider="builtin",
            model=builtin.MODEL,
            attempts=attempts,
            fallback_reason=(
                f"{provider} ({model}) failed on every part of the copy; "
                f"the last reason: {parts[-1].fallback_reason}"
            ),
            parts=parts,
        )
    reason = ""
    if fell_back:
        names = ", ".join(part.part for part in fell_back)
        reason = (
            f"the built-in writer wrote {len(fell_back)} of {len(parts)} parts ({names}); "
            f"{fell_back[0].part}: {fell_back[0].fallback_reason}"
        )
    return AIResult(
        value=written.value,
        provider=provider,
        model=model,
        attempts=attempts,
        fallback_reason=reason,
        parts=parts,
    )


def _builtin(task: str, brief: Brief, context: dict[str, Any]) -> AIResult[BaseModel]:
    started = time.monotonic()
    value = builtin.generate(task, brief, context)
    log.info(
        "ai %s provider=builtin model=%s attempt=1 duration_ms=%d ok",
        task,
        builtin.MODEL,
        _ms(started),
    )
    return AIResult(value=value, provider="builtin", model=builtin.MODEL, attempts=1)


def _ms(started: float) -> int:
    return round((time.monotonic() - started) * 1000)
