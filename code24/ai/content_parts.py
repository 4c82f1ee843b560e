"""The copy asked for in parts: one answer per page of the design, then one for the FAQ
and structured data, assembled into a ``Content``.

A small model's context window cannot hold a whole site's copy in one answer (the issue
saw 2,900 tokens of question and answers cut off at 4,096), and one bad page should not
cost the others. So each page is its own question (``content_page``, the page's plan in
``context["page"]``) and its own two attempts; a page whose answer fails twice is the
built-in writer's page for that slug, and the part records why. A validated part is kept
in Django's cache for a while, so a step that had to wait for the model server (the
server busy, ``slots.Busy``) picks up where it stopped instead of asking again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from pydantic import BaseModel, ValidationError

from code24.ai import builtin, exchange
from code24.ai.answers import ContentExtras, check_content
from code24.ai.prompts import messages_for
from code24.ai.schemas import Brief, Content, Design, PageContent

EXTRAS = "faq and structured data"


@dataclass(frozen=True)
class Part:
    """Who wrote one part of the copy."""

    part: str  # a page's slug, or EXTRAS
    provider: str
    model: str
    attempts: int
    fallback_reason: str = ""


@dataclass(frozen=True)
class Written:
    value: Content
    parts: tuple[Part, ...]


def _key(provider: str, model: str, task: str, brief: Brief, context: dict[str, Any]) -> str:
    question = json.dumps(messages_for(task, brief, context), sort_keys=True)
    digest = hashlib.sha256(f"{provider}\n{model}\n{question}".encode()).hexdigest()
    return f"code24.ai.part:{digest}"


def _remember_seconds() -> int:
    return max(int(settings.AI_QUEUE_MAX_SECONDS) * 2, 600)


def write(
    *,
    provider: str,
    model: str,
    brief: Brief,
    context: dict[str, Any],
    design: Design,
    ask_part: Callable[[str, dict[str, Any]], exchange.Outcome],
) -> Written | None:
    """The copy for ``design``, part by part; None when the parts cannot be assembled
    into copy for the design (the caller then uses the built-in writer's copy whole).

    ``ask_part(task, context)`` asks the model for one part (``code24.ai.ask`` handles a
    busy server there)."""
    own: Content | None = None

    def builtin_copy() -> Content:
        nonlocal own
        if own is None:
            value = builtin.generate("content", brief, context)
            assert isinstance(value, Content)
            own = value
        return own

    pages: list[PageContent] = []
    parts: list[Part] = []
    for plan in design.pages:
        part_context = {**context, "page": plan.model_dump(mode="json")}
        value, part = _part(
            "content_page", plan.slug, provider, model, brief, part_context, ask_part
        )
        if not isinstance(value, PageContent):
            value = next((page for page in builtin_copy().pages if page.slug == plan.slug), None)
            if value is None:
                return None
        pages.append(value)
        parts.append(part)
    extras, part = _part("content_extras", EXTRAS, provider, model, brief, context, ask_part)
    if not isinstance(extras, ContentExtras):
        copy = builtin_copy()
        extras = ContentExtras(faq=copy.faq, structured_data=copy.structured_data)
    parts.append(part)
    try:
        content = Content(pages=pages, faq=extras.faq, structured_data=extras.structured_data)
    except ValidationError:
        return None
    if check_content(content, design):
        return None
    return Written(value=content, parts=tuple(parts))


def _part(
    task: str,
    name: str,
    provider: str,
    model: str,
    brief: Brief,
    context: dict[str, Any],
    ask_part: Callable[[str, dict[str, Any]], exchange.Outcome],
) -> tuple[BaseModel | None, Part]:
    key = _key(provider, model, task, brief, context)
    schema = PageContent if task == "content_page" else ContentExtras
    kept = cache.get(key)
    if isinstance(kept, dict):
        try:
            return schema.model_validate(kept["value"]), Part(
                name, provider, model, int(kept["attempts"])
            )
        except (ValidationError, KeyError, TypeError, ValueError):
            cache.delete(key)
    outcome = ask_part(task, context)
    if outcome.value is None:
        return None, Part(name, "builtin", builtin.MODEL, outcome.attempts, outcome.reason)
    cache.set(
        key,
        {"value": outcome.value.model_dump(mode="json"), "attempts": outcome.attempts},
        _remember_seconds(),
    )
    return outcome.value, Part(name, provider, model, outcome.attempts)
