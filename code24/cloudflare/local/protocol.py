"""The local Cloudflare's wire format: a request, a response, Cloudflare's envelope and errors.

Every handler of the local Cloudflare (``api.py``, ``assets.py``, the DNS provider) speaks
these, so they live apart from the handlers.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from typing import Any
from urllib.parse import parse_qs


def now_iso() -> str:
    """RFC 3339 with microseconds and Z, as Cloudflare writes timestamps."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def new_id() -> str:
    return uuid.uuid4().hex


@dataclass
class Request:
    method: str
    path: str  # percent-encoded, without the query
    query: dict[str, list[str]]
    headers: Message
    body: bytes

    @classmethod
    def build(cls, method: str, target: str, headers: Message, body: bytes) -> Request:
        path, _, query = target.partition("?")
        return cls(method.upper(), path, parse_qs(query, keep_blank_values=True), headers, body)

    @property
    def content_type(self) -> str:
        return str(self.headers.get("Content-Type", ""))

    def arg(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[-1] if values else None

    def json(self, *, code: int, message: str = "Unable to decode the JSON request body.") -> Any:
        try:
            return json.loads(self.body or b"null")
        except (ValueError, UnicodeDecodeError):
            raise ApiError(400, code, message) from None


@dataclass
class Response:
    status: int
    body: bytes
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: int,
        message: str,
        *,
        chain: list[dict[str, Any]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.chain = chain
        self.headers = dict(headers or {})

    def response(self) -> Response:
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.chain:
            error["error_chain"] = self.chain
        body = {"success": False, "errors": [error], "messages": [], "result": None}
        return Response(self.status, json.dumps(body).encode(), headers=self.headers)


def envelope(
    result: Any, *, status: int = 200, result_info: Mapping[str, Any] | None = None, **extra: Any
) -> Response:
    body: dict[str, Any] = {"success": True, "errors": [], "messages": [], "result": result}
    if result_info is not None:
        body["result_info"] = dict(result_info)
    body.update(extra)
    return Response(status, json.dumps(body).encode())


def public(record: Mapping[str, Any]) -> dict[str, Any]:
    """The record as Cloudflare shows it: without the local Cloudflare's private parts."""
    return {key: value for key, value in record.items() if not key.startswith("_")}
