"""The AI team: one small interface, a brief and a task in, a validated result out.

    result = ask("brand", brief=brief, context={"market_research": ..., ...})
    result.value              # a Brand (the task's schema, always valid)
    result.provider           # "builtin" | "workers-ai" | "openai": who produced it
    result.model, result.attempts, result.fallback_reason

Tasks and their schemas (``code24/ai/schemas.py``): market_research → MarketResearch,
competitive_insights → CompetitiveInsights, brand → Brand, design → Design,
content → Content. The provider and model come from settings (AI_PROVIDER, AI_MODEL).

The built-in provider (``builtin.py``, the default) needs no network. A network
provider's answer is parsed as JSON and checked against the task's schema and the site's
rules (``answers.py``); a bad answer, an error or a timeout is tried once more, and after
a second failure the built-in provider's answer is used, with the reason recorded in
``fallback_reason``. So ``ask`` always returns a usable value.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar, overload

from django.conf import settings
from pydantic import BaseModel

from code24.ai import builtin
from code24.ai.answers import SCHEMAS, InvalidAnswer, parse_answer
from code24.ai.prompts import messages_for, schema_for
from code24.ai.providers import ProviderError, complete
from code24.ai.schemas import (
    Brand,
    Brief,
    CompetitiveInsights,
    Content,
    Design,
    MarketResearch,
)

__all__ = ["DEFAULT_MODELS", "PROVIDERS", "TASKS", "AIResult", "Task", "ask"]

log = logging.getLogger("code24.ai")

Task = Literal["market_research", "competitive_insights", "brand", "design", "content"]
TASKS: tuple[Task, ...] = ("market_research", "competitive_insights", "brand", "design", "content")
PROVIDERS = ("builtin", "workers-ai", "openai")
DEFAULT_MODELS = {
    "builtin": builtin.MODEL,
    "workers-ai": "@cf/meta/llama-3.1-8b-instruct",
    "openai": "gpt-4o-mini",
}
ATTEMPTS = 2  # a network provider's answer is tried at most twice, then the built-in one

V = TypeVar("V", bound=BaseModel)


@dataclass(frozen=True)
class AIResult(Generic[V]):
    value: V
    provider: str
    model: str
    attempts: int
    fallback_reason: str = ""


@overload
def ask(
    task: Literal["market_research"], *, brief: Brief, context: dict[str, Any]
) -> AIResult[MarketResearch]: ...
@overload
def ask(
    task: Literal["competitive_insights"], *, brief: Brief, context: dict[str, Any]
) -> AIResult[CompetitiveInsights]: ...
@overload
def ask(task: Literal["brand"], *, brief: Brief, context: dict[str, Any]) -> AIResult[Brand]: ...
@overload
def ask(task: Literal["design"], *, brief: Brief, context: dict[str, Any]) -> AIResult[Design]: ...
@overload
def ask(
    task: Literal["content"], *, brief: Brief, context: dict[str, Any]
) -> AIResult[Content]: ...
@overload
def ask(task: str, *, brief: Brief, context: dict[str, Any]) -> AIResult[BaseModel]: ...


def ask(task: str, *, brief: Brief, context: dict[str, Any]) -> AIResult[Any]:
    """The AI team's answer to ``task`` for ``brief``, from the configured provider."""
    if task not in SCHEMAS:
        raise ValueError(f"Unknown AI task {task!r}; the tasks are {', '.join(TASKS)}.")
    provider = settings.AI_PROVIDER
    if provider not in PROVIDERS:
        raise ValueError(f"Unknown AI provider {provider!r}; choose one of {PROVIDERS}.")
    if provider == "builtin":
        return _builtin(task, brief, context)

    model = settings.AI_MODEL or DEFAULT_MODELS[provider]
    messages = messages_for(task, brief, context)
    schema = schema_for(task)
    reason = ""
    for attempt in range(1, ATTEMPTS + 1):
        started = time.monotonic()
        try:
            text = complete(
                provider,
                model=model,
                messages=messages,
                schema=schema,
                timeout=float(settings.AI_TIMEOUT_SECONDS),
                max_tokens=settings.AI_MAX_TOKENS,
            )
            value = parse_answer(task, text, context)
        except (ProviderError, InvalidAnswer) as error:
            reason = str(error)
            log.warning(
                "ai %s provider=%s model=%s attempt=%d duration_ms=%d failed: %s",
                task,
                provider,
                model,
                attempt,
                _ms(started),
                reason,
            )
            continue
        log.info(
            "ai %s provider=%s model=%s attempt=%d duration_ms=%d ok",
            task,
            provider,
            model,
            attempt,
            _ms(started),
        )
        return AIResult(value=value, provider=provider, model=model, attempts=attempt)

    fallback = _builtin(task, brief, context)
    return AIResult(
        value=fallback.value,
        provider=fallback.provider,
        model=fallback.model,
        attempts=ATTEMPTS,
        fallback_reason=f"{provider} ({model}) failed {ATTEMPTS} times; the last time: {reason}",
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
