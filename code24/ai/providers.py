"""The two network providers: send the chat messages, return the model's text.

- ``workers-ai``: Cloudflare Workers AI, through ``code24/cloudflare/client.py`` (the only
  code that talks to Cloudflare), with Workers AI's JSON mode.
- ``openai``: any OpenAI-compatible chat endpoint, ``POST {OPENAI_BASE_URL}/chat/completions``
  through httpx, asking for a JSON object (``response_format``) where the endpoint
  supports it: one that refuses the option with a 400 is asked again without it, and
  remembered.

Every failure (no connection, no answer in time, an HTTP error, an answer without text)
is a ``ProviderError`` with a sentence for the build step's record. The API key is never
logged or put in an error.
"""

from __future__ import annotations

from typing import Any

import httpx
from django.conf import settings


class ProviderError(Exception):
    """The provider gave no usable answer."""


def complete(
    provider: str,
    *,
    model: str,
    messages: list[dict[str, str]],
    schema: dict[str, Any],
    timeout: float,
    max_tokens: int,
) -> str:
    if provider == "workers-ai":
        return workers_ai(model, messages, schema=schema, timeout=timeout, max_tokens=max_tokens)
    if provider == "openai":
        return openai_chat(model, messages, timeout=timeout, max_tokens=max_tokens)
    raise ProviderError(f"There is no AI provider called {provider!r}.")


def workers_ai(
    model: str,
    messages: list[dict[str, str]],
    *,
    schema: dict[str, Any],
    timeout: float,
    max_tokens: int,
) -> str:
    from code24.cloudflare.client import CloudflareError, get_client

    try:
        return get_client().ai_run(
            model,
            messages,
            response_format={"type": "json_schema", "json_schema": schema},
            max_tokens=max_tokens,
            timeout=timeout,
        )
    except CloudflareError as error:
        status = f" (HTTP {error.status})" if error.status else ""
        raise ProviderError(f"Workers AI failed{status}: {error.message}") from error


# Endpoints (base URLs) that refused response_format: asked without it from then on.
_without_json_mode: set[str] = set()


def openai_chat(
    model: str, messages: list[dict[str, str]], *, timeout: float, max_tokens: int
) -> str:
    base = settings.OPENAI_BASE_URL.rstrip("/")
    url = f"{base}/chat/completions"
    headers = {"Accept": "application/json"}
    if settings.OPENAI_API_KEY:
        headers["Authorization"] = f"Bearer {settings.OPENAI_API_KEY}"
    body: dict[str, Any] = {
        "model": model,
        "messages": messages,
        "temperature": 0.4,
        "max_tokens": max_tokens,
    }
    json_mode = base not in _without_json_mode
    if json_mode:
        body["response_format"] = {"type": "json_object"}
    try:
        with httpx.Client(timeout=timeout, follow_redirects=False) as http:
            response = http.post(url, json=body, headers=headers)
            if json_mode and response.status_code == 400 and "response_format" in response.text:
                _without_json_mode.add(base)
                del body["response_format"]
                response = http.post(url, json=body, headers=headers)
    except httpx.TimeoutException:
        raise ProviderError(f"{url} gave no answer within {timeout:g} s.") from None
    except httpx.HTTPError as error:
        raise ProviderError(f"Could not reach {url}: {error}") from None
    if not response.is_success:
        raise ProviderError(
            f"{url} answered HTTP {response.status_code}: {_excerpt(response.text)}"
        )
    try:
        content = response.json()["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise ProviderError(
            f"{url} answered without a chat message: {_excerpt(response.text)}"
        ) from None
    if not isinstance(content, str) or not content.strip():
        raise ProviderError(f"{url} answered with an empty message.")
    return content


def _excerpt(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
