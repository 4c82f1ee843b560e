"""How long an answer may be: what the model's context window leaves after the question.

A model reads the question and writes the answer in one window of ``n_ctx`` tokens. Ask
for more than the window leaves and llama.cpp refuses (400) or stops mid-answer
(``finish_reason=length``); so the answer's budget is

    max_tokens = min(wanted, n_ctx - tokens in the question - AI_CONTEXT_MARGIN_TOKENS)

and a question that leaves no room for an answer is not sent at all (``TooLong``).

The window comes from ``AI_CONTEXT_TOKENS``, or else from the server, asked once per
endpoint: llama.cpp's ``GET /props`` (``default_generation_settings.n_ctx``: the window it
runs with), then ``GET {base}/models`` where servers put the model's window
(``max_model_len`` for vLLM, ``context_length``, ``meta.n_ctx_train`` for llama.cpp). A
server that says neither leaves the window unknown, and the answer gets ``wanted``.

Tokens are estimated, not counted (no tokenizer here): JSON and English run at about
3.5 to 4 characters a token for the usual models, so 3 characters a token errs on the
side of a shorter budget rather than a refused request.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings

log = logging.getLogger("code24.ai")

CHARS_PER_TOKEN = 3.0
TOKENS_PER_MESSAGE = 8  # the chat template's role markers around each message
SMALLEST_ANSWER = 256  # a window leaving less than this holds no useful answer
REMEMBER_SECONDS = 600.0  # an endpoint's window is asked again after this

# endpoint key -> (window or None when the server did not say, when it was asked)
_windows: dict[str, tuple[int | None, float]] = {}


class TooLong(Exception):
    """The question alone fills the model's context window: it is not sent."""


def estimate_tokens(messages: list[dict[str, str]]) -> int:
    """About how many tokens the chat messages take (erring high)."""
    chars = sum(len(message.get("content", "")) for message in messages)
    return math.ceil(chars / CHARS_PER_TOKEN) + TOKENS_PER_MESSAGE * len(messages)


def answer_budget(window: int | None, question_tokens: int, wanted: int) -> int:
    """The max_tokens to ask for; ``TooLong`` when the window leaves no room."""
    if window is None:
        return wanted
    room = window - question_tokens - settings.AI_CONTEXT_MARGIN_TOKENS
    if room < min(SMALLEST_ANSWER, wanted):
        raise TooLong(
            f"the question is about {question_tokens} tokens and the model's context "
            f"window holds {window}, leaving no room for an answer (it was not sent)"
        )
    return min(wanted, room)


def room_left(window: int | None, question_tokens: int) -> int | None:
    """The most an answer could have in the window (None: the window is unknown)."""
    if window is None:
        return None
    return window - question_tokens - settings.AI_CONTEXT_MARGIN_TOKENS


def window_of(key: str, ask: Callable[[], int | None]) -> int | None:
    """The endpoint's context window in tokens: configured, remembered, or ``ask()``-ed
    of the server (``providers.server_window``) and remembered for a while."""
    if settings.AI_CONTEXT_TOKENS > 0:
        return int(settings.AI_CONTEXT_TOKENS)
    known = _windows.get(key)
    if known is not None and time.monotonic() - known[1] < REMEMBER_SECONDS:
        return known[0]
    window = ask()
    _windows[key] = (window, time.monotonic())
    log.info("ai endpoint %s context window: %s", key, window or "not said")
    return window


def forget() -> None:
    """Forget every endpoint's window (for tests, and after a configuration change)."""
    _windows.clear()


def from_props(data: Any, model: str) -> int | None:
    """llama.cpp's ``GET /props``: the window the server runs with."""
    if not isinstance(data, dict):
        return None
    generation = data.get("default_generation_settings")
    if isinstance(generation, dict) and _whole(generation.get("n_ctx")):
        return _whole(generation.get("n_ctx"))
    return _whole(data.get("n_ctx"))


def from_models(data: Any, model: str) -> int | None:
    """``GET {base}/models``: the window some servers put on the model's entry."""
    entries = data.get("data") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return None
    dicts = [entry for entry in entries if isinstance(entry, dict)]
    # The entry for this model; a server serving one model (llama.cpp) names it its own way.
    chosen = [entry for entry in dicts if entry.get("id") == model] or (
        dicts if len(dicts) == 1 else []
    )
    for entry in chosen:
        meta: dict[str, Any] = entry.get("meta") or {}
        if not isinstance(meta, dict):
            meta = {}
        for value in (
            entry.get("max_model_len"),
            entry.get("context_length"),
            entry.get("context_window"),
            meta.get("n_ctx"),
            meta.get("n_ctx_train"),
        ):
            if _whole(value):
                return _whole(value)
    return None


def _whole(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None
