"""One answer from a model: asked at most twice, the second time told what was wrong.

    outcome = exchange.answer("brand", provider="openai", model="gpt-4o-mini", brief=brief,
                              context=context, turn_wait=5.0)
    outcome.value      # the validated answer, or None after two failures
    outcome.attempts   # how many times the model was asked
    outcome.reason     # why the last attempt failed ("" when it did not)

- An answer that is not JSON, does not match the schema, breaks the site's rules or
  states what the business's facts do not is rejected; the second attempt carries the
  rejected answer (shortened) and a message saying why, so the model can put it right.
- An answer cut off at its token budget is never parsed. The second attempt gets a
  bigger budget when the model's context window has room for one, and otherwise is told
  to write less.
- A network error, a refusal or no answer in time is asked again as it was.
- No turn at the model server (``slots.Busy``) is not a failed attempt: it is raised for
  the caller to wait (``code24.ai.ask``).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from pydantic import BaseModel

from code24.ai.answers import InvalidAnswer, parse_answer
from code24.ai.prompts import messages_for, schema_for
from code24.ai.providers import CutOff, ProviderError, complete
from code24.ai.schemas import Brief

log = logging.getLogger("code24.ai")

ATTEMPTS = 2  # a network provider's answer is tried at most twice, then the built-in one
REJECTED_EXCERPT = 1500  # characters of a rejected answer shown back to the model


@dataclass(frozen=True)
class Outcome:
    value: BaseModel | None
    attempts: int
    reason: str = ""


def rejected(answer: str, reason: str) -> list[dict[str, str]]:
    """The messages that tell the model its answer was rejected, and why."""
    shown = answer if len(answer) <= REJECTED_EXCERPT else answer[:REJECTED_EXCERPT] + "\u2026"
    return [
        {"role": "assistant", "content": shown},
        {
            "role": "user",
            "content": (
                f"Your answer was rejected: {reason}. Answer again with one JSON object that "
                "validates against the JSON schema in the system message, states only what "
                "the brief, its facts and the context say, and nothing else."
            ),
        },
    ]


def cut_off(max_tokens: int) -> list[dict[str, str]]:
    return [
        {
            "role": "user",
            "content": (
                f"Your answer was cut off at {max_tokens} tokens, before the JSON object was "
                "complete. Answer again with one complete JSON object that fits in fewer "
                "tokens: keep every text short, and leave out optional items."
            ),
        }
    ]


def answer(
    task: str,
    *,
    provider: str,
    model: str,
    brief: Brief,
    context: dict[str, Any],
    turn_wait: float,
) -> Outcome:
    messages = messages_for(task, brief, context)
    schema = schema_for(task)
    follow_up: list[dict[str, str]] = []
    wanted = int(settings.AI_MAX_TOKENS)
    reason = ""
    for attempt in range(1, ATTEMPTS + 1):
        started = time.monotonic()
        waited = 0.0
        try:
            reply = complete(
                provider,
                model=model,
                task=task,
                messages=messages + follow_up,
                schema=schema,
                timeout=float(settings.AI_TIMEOUT_SECONDS),
                max_tokens=wanted,
                turn_wait=turn_wait,
            )
            waited = reply.waited
            value = parse_answer(task, reply.text, context, brief=brief)
        except CutOff as cut:
            reason, waited = str(cut), cut.waited
            bigger = cut.max_tokens * 2 if cut.room is None else min(cut.room, cut.max_tokens * 2)
            if bigger > cut.max_tokens:
                wanted, follow_up = bigger, []  # the same question, with more room
            else:
                follow_up = cut_off(cut.max_tokens)
        except InvalidAnswer as error:
            reason = str(error)
            follow_up = rejected(reply.text, reason)
            log.debug("ai %s provider=%s rejected answer: %.2000s", task, provider, reply.text)
        except ProviderError as error:
            reason, waited = str(error), error.waited
        else:
            _log(logging.INFO, task, provider, model, attempt, started, waited, "ok")
            return Outcome(value=value, attempts=attempt)
        _log(logging.WARNING, task, provider, model, attempt, started, waited, f"failed: {reason}")
    return Outcome(value=None, attempts=ATTEMPTS, reason=reason)


def _log(
    level: int,
    task: str,
    provider: str,
    model: str,
    attempt: int,
    started: float,
    waited: float,
    how: str,
) -> None:
    log.log(
        level,
        "ai %s provider=%s model=%s attempt=%d duration_ms=%d turn_wait_ms=%d %s",
        task,
        provider,
        model,
        attempt,
        round((time.monotonic() - started - waited) * 1000),
        round(waited * 1000),
        how,
    )
