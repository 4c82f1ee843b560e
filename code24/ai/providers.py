"""The two network providers: send the chat messages, return the model's answer.

- ``workers-ai``: Cloudflare Workers AI, through ``code24/cloudflare/client.py`` (the only
  code that talks to Cloudflare), with Workers AI's JSON mode and the task's schema.
- ``openai``: any OpenAI-compatible chat endpoint (OpenAI, llama.cpp's server, vLLM,
  Ollama), ``POST {OPENAI_BASE_URL}/chat/completions`` through httpx.

What a real model server needs from a client, and gets here:

- **A turn** (``slots.py``): at most AI_CONCURRENCY requests to one endpoint at once from
  this machine; the wait for a turn is not part of the request's timeout.
- **A deadline, and letting go**: the answer is streamed (``stream: true``, server-sent
  events) and the connection is closed when the deadline passes or anything goes wrong,
  which makes llama.cpp and vLLM stop writing an answer nobody will read. A server that
  refuses to stream is asked without it from then on; one that answers in one piece
  anyway is read in one piece.
- **A budget** (``budget.py``): ``max_tokens`` is what the model's context window leaves
  after the question; a question that leaves no room is not sent.
- **How the answer ended**: ``finish_reason`` "length" means the answer was cut off; it is
  never parsed (``CutOff``), so the caller can ask again with more room or for less.
- **Structured output**: the task's JSON schema as ``response_format`` (``json_schema``);
  an endpoint that refuses it (a 400 naming response_format or the schema) or crashes on
  it (a 5xx right after one was sent) is asked for a JSON object instead, then for no
  format at all, and that is remembered for the endpoint.

Every failure (no connection, no answer in time, an HTTP error, an answer without text)
is a ``ProviderError`` with a sentence for the build step's record; no turn in time is
``slots.Busy``. The API key is never logged or put in an error.
"""

from __future__ import annotations

import json
import logging
import re
import time
from dataclasses import dataclass
from typing import Any

import httpx
from django.conf import settings

from code24.ai import budget, slots

log = logging.getLogger("code24.ai")

DEFAULT_CONCURRENCY = {"openai": 1, "workers-ai": 4}
SERVER_QUESTION_TIMEOUT = 5.0  # asking a server for its context window
# The ways to ask for JSON, best first; an endpoint that refuses one gets the next.
FORMATS = ("json_schema", "json_object", "none")
REFUSES_FORMAT = re.compile(r"response_format|json_schema|json_object|schema|grammar", re.I)
REFUSES_STREAM = re.compile(r"\bstream", re.I)


class ProviderError(Exception):
    """The provider gave no usable answer."""

    waited: float = 0.0  # seconds spent waiting for the turn before it failed


class CutOff(ProviderError):
    """The answer stopped at its ``max_tokens`` (``finish_reason`` "length")."""

    def __init__(self, max_tokens: int, room: int | None) -> None:
        super().__init__(f"the answer was cut off at {max_tokens} tokens")
        self.max_tokens = max_tokens
        self.room = room  # the most the context window would allow (None: not known)


@dataclass(frozen=True)
class Endpoint:
    provider: str
    base: str  # the base URL
    model: str

    @property
    def name(self) -> str:
        """What the turn files are kept under and a fallback reason names."""
        return f"{self.base} ({self.model})"


@dataclass(frozen=True)
class Answer:
    text: str
    finish_reason: str  # "stop", "length", or "" when the provider does not say
    max_tokens: int  # the budget it was asked within
    waited: float  # seconds spent waiting for a turn (not part of the timeout)


def endpoint_for(provider: str, model: str) -> Endpoint:
    if provider == "workers-ai":
        account = settings.CLOUDFLARE_ACCOUNT_ID
        base = f"{settings.CLOUDFLARE_BASE_URL.rstrip('/')}/accounts/{account}/ai/run"
        return Endpoint(provider, base, model)
    return Endpoint(provider, settings.OPENAI_BASE_URL.rstrip("/"), model)


def concurrency(provider: str) -> int:
    configured = int(settings.AI_CONCURRENCY)
    return configured if configured > 0 else DEFAULT_CONCURRENCY.get(provider, 1)


def complete(
    provider: str,
    *,
    model: str,
    task: str,
    messages: list[dict[str, str]],
    schema: dict[str, Any],
    timeout: float,
    max_tokens: int,
    turn_wait: float,
) -> Answer:
    """The model's answer to ``messages``, asked within the budget its window leaves.

    Waits at most ``turn_wait`` seconds for a turn (``slots.Busy`` after that), then
    ``timeout`` seconds for the whole answer. Raises ``CutOff`` for a cut-off answer.
    """
    if provider not in DEFAULT_CONCURRENCY:
        raise ProviderError(f"There is no AI provider called {provider!r}.")
    endpoint = endpoint_for(provider, model)
    question = budget.estimate_tokens(messages)
    window = (
        budget.window_of(endpoint.name, lambda: server_window(endpoint))
        if provider == "openai"
        else (settings.AI_CONTEXT_TOKENS or None)
    )
    try:
        tokens = budget.answer_budget(window, question, max_tokens)
    except budget.TooLong as error:
        raise ProviderError(str(error)) from None
    with slots.turn(endpoint.name, size=concurrency(provider), wait=turn_wait) as waited:
        try:
            if provider == "workers-ai":
                text, finish = workers_ai(
                    model, messages, schema=schema, timeout=timeout, max_tokens=tokens
                )
            else:
                text, finish = openai_chat(
                    endpoint,
                    messages,
                    task=task,
                    schema=schema,
                    timeout=timeout,
                    max_tokens=tokens,
                )
            if finish == "length":
                raise CutOff(tokens, budget.room_left(window, question))
            if not text.strip():
                raise ProviderError(f"{endpoint.base} answered with an empty message.")
        except ProviderError as error:
            error.waited = waited
            raise
    return Answer(text=text, finish_reason=finish, max_tokens=tokens, waited=waited)


# --- Cloudflare Workers AI ----------------------------------------------------------------


def workers_ai(
    model: str,
    messages: list[dict[str, str]],
    *,
    schema: dict[str, Any],
    timeout: float,
    max_tokens: int,
) -> tuple[str, str]:
    """Workers AI's answer; its ``response`` carries no finish reason (so: "")."""
    from code24.cloudflare.client import CloudflareError, get_client

    try:
        text = get_client().ai_run(
            model,
            messages,
            response_format={"type": "json_schema", "json_schema": schema},
            max_tokens=max_tokens,
            timeout=timeout,
        )
    except CloudflareError as error:
        status = f" (HTTP {error.status})" if error.status else ""
        raise ProviderError(f"Workers AI failed{status}: {error.message}") from error
    return text, ""


# --- OpenAI-compatible endpoints ------------------------------------------------------------

# What each endpoint (Endpoint.name) was found not to take: the JSON format it is asked
# for from now on (an index into FORMATS; after a crash, only until a given time, since a
# 5xx may have had another cause), and whether it streams.
_format_of: dict[str, tuple[int, float | None]] = {}
_no_stream: set[str] = set()
CRASH_MEMORY_SECONDS = 600.0


def _format_index(name: str) -> int:
    index, until = _format_of.get(name, (0, None))
    if until is not None and time.monotonic() > until:
        del _format_of[name]
        return 0
    return index


def forget() -> None:
    """Forget what endpoints refused (for tests, and after a configuration change)."""
    _format_of.clear()
    _no_stream.clear()
    budget.forget()


class _Refused(Exception):
    def __init__(self, status: int, text: str) -> None:
        self.status = status
        self.text = text


def _headers() -> dict[str, str]:
    headers = {"Accept": "application/json, text/event-stream"}
    if settings.OPENAI_API_KEY:
        headers["Authorization"] = f"Bearer {settings.OPENAI_API_KEY}"
    return headers


def server_window(endpoint: Endpoint) -> int | None:
    """The context window the server says it has: llama.cpp's ``/props``, else the
    model's entry in ``/models``; None when it says neither."""
    root = endpoint.base.removesuffix("/v1")
    questions = (
        (f"{root}/props", budget.from_props),
        (f"{endpoint.base}/models", budget.from_models),
    )
    with httpx.Client(timeout=SERVER_QUESTION_TIMEOUT, follow_redirects=False) as http:
        for url, read in questions:
            try:
                response = http.get(url, headers=_headers())
                window = read(response.json(), endpoint.model) if response.is_success else None
            except (httpx.HTTPError, ValueError):
                continue
            if window:
                return window
    return None


def response_format(kind: str, task: str, schema: dict[str, Any]) -> dict[str, Any] | None:
    if kind == "json_schema":
        return {
            "type": "json_schema",
            "json_schema": {"name": task, "schema": schema, "strict": False},
        }
    if kind == "json_object":
        return {"type": "json_object"}
    return None


def openai_chat(
    endpoint: Endpoint,
    messages: list[dict[str, str]],
    *,
    task: str,
    schema: dict[str, Any],
    timeout: float,
    max_tokens: int,
) -> tuple[str, str]:
    """The answer's text and finish reason, within ``timeout`` seconds in all."""
    url = f"{endpoint.base}/chat/completions"
    deadline = time.monotonic() + timeout
    while True:
        kind = FORMATS[_format_index(endpoint.name)]
        stream = endpoint.name not in _no_stream
        body: dict[str, Any] = {
            "model": endpoint.model,
            "messages": messages,
            "temperature": 0.4,
            "max_tokens": max_tokens,
        }
        if stream:
            body["stream"] = True
        answer_format = response_format(kind, task, schema)
        if answer_format is not None:
            body["response_format"] = answer_format
        try:
            return _send(url, body, deadline=deadline, timeout=timeout)
        except _Refused as refused:
            if stream and refused.status == 400 and REFUSES_STREAM.search(refused.text):
                _no_stream.add(endpoint.name)
                log.warning("ai endpoint %s does not stream: asking in one piece", endpoint.base)
                continue
            refuses = refused.status == 400 and bool(REFUSES_FORMAT.search(refused.text))
            crashed = refused.status >= 500 and kind == "json_schema"
            if kind != "none" and (refuses or crashed):
                until = None if refuses else time.monotonic() + CRASH_MEMORY_SECONDS
                _format_of[endpoint.name] = (FORMATS.index(kind) + 1, until)
                log.warning(
                    "ai endpoint %s refused response_format %s (HTTP %d): asking for %s",
                    endpoint.base,
                    kind,
                    refused.status,
                    FORMATS[FORMATS.index(kind) + 1],
                )
                continue
            raise ProviderError(
                f"{url} answered HTTP {refused.status}: {_excerpt(refused.text)}"
            ) from None


def _send(url: str, body: dict[str, Any], *, deadline: float, timeout: float) -> tuple[str, str]:
    """Post and read the answer, closing the connection at the deadline or on any error
    (leaving the ``with`` blocks closes it: the server stops writing)."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise ProviderError(f"{url} gave no answer within {timeout:g} s.")
    try:
        with (
            httpx.Client(timeout=httpx.Timeout(left), follow_redirects=False) as http,
            http.stream("POST", url, json=body, headers=_headers()) as response,
        ):
            if not response.is_success:
                response.read()
                raise _Refused(response.status_code, response.text)
            if "text/event-stream" not in response.headers.get("content-type", ""):
                response.read()
                return _whole_answer(url, response.text)
            return _streamed_answer(url, response, deadline=deadline, timeout=timeout)
    except httpx.TimeoutException:
        raise ProviderError(f"{url} gave no answer within {timeout:g} s.") from None
    except httpx.HTTPError as error:
        raise ProviderError(f"Could not reach {url}: {error}") from None


def _whole_answer(url: str, text: str) -> tuple[str, str]:
    try:
        choice = json.loads(text)["choices"][0]
        content = choice["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise ProviderError(f"{url} answered without a chat message: {_excerpt(text)}") from None
    if not isinstance(content, str):
        raise ProviderError(f"{url} answered with an empty message.")
    finish = choice.get("finish_reason") if isinstance(choice, dict) else None
    return content, finish if isinstance(finish, str) else ""


def _streamed_answer(
    url: str, response: httpx.Response, *, deadline: float, timeout: float
) -> tuple[str, str]:
    """The text and finish reason of a stream of ``data: {chunk}`` events."""
    parts: list[str] = []
    finish = ""
    done = False
    for line in response.iter_lines():
        if time.monotonic() > deadline:
            raise ProviderError(
                f"{url} did not finish its answer within {timeout:g} s (the request was cancelled)."
            )
        if not line.startswith("data:"):
            if line.startswith("error:"):
                raise ProviderError(f"{url} stopped with an error: {_excerpt(line[6:])}")
            continue
        data = line[5:].strip()
        if data == "[DONE]":
            done = True
            break
        try:
            chunk = json.loads(data)
        except ValueError:
            raise ProviderError(f"{url} sent an event that is not JSON: {_excerpt(data)}") from None
        if not isinstance(chunk, dict):
            continue
        if chunk.get("error"):
            raise ProviderError(f"{url} stopped with an error: {_excerpt(json.dumps(chunk))}")
        for choice in chunk.get("choices") or []:
            if not isinstance(choice, dict):
                continue
            delta = choice.get("delta") or {}
            content = delta.get("content") if isinstance(delta, dict) else None
            if isinstance(content, str):
                parts.append(content)
            if isinstance(choice.get("finish_reason"), str):
                finish = choice["finish_reason"]
    if not done and not finish:
        raise ProviderError(f"{url} closed the stream before the answer was complete.")
    return "".join(parts), finish


def _excerpt(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
