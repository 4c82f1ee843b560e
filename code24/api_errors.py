"""The API's one error format and its JSON body reading, for every NinjaAPI and router.

Every error answers ``{"error": {"code": "...", "message": "...", "fields": {...}}}``.
`code24/api.py` installs the handlers below on each API it serves; the apps' routers
import from here (never from `code24/api.py`, which imports them).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from pydantic import Field

from code24.accounts.entitlements import EntitlementError

JSON = "application/json; charset=utf-8"


class ErrorDetail(Schema):
    code: str = Field(description="What went wrong, for programs: e.g. invalid, not_found.")
    message: str = Field(description="What went wrong and what to do, in a sentence.")
    fields: dict[str, str] | None = Field(
        default=None, description="For invalid input: each refused field and why."
    )


class ErrorOut(Schema):
    """Every error the API answers has this shape."""

    error: ErrorDetail


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The error statuses an operation can answer, for its `response=` (the OpenAPI)."""
    return dict.fromkeys(statuses, ErrorOut)


# Every operation that authenticates can answer these: no valid key, a plan without the
# API (or a failed CSRF check of a session), too many requests.
AUTH_ERRORS = (401, 403, 429)
# ...and an operation with an id in its path: not in your account, or not a whole number.
ID_ERRORS = (404, 422)
# ...and one that takes a JSON body: not JSON or a bad Idempotency-Key, a conflict (or a
# misused Idempotency-Key), too large, invalid.
BODY_ERRORS = (400, 409, 413, 422)


def documented_headers() -> dict[str, Any]:
    """`openapi_extra` of an operation: the headers of its 429 answers."""
    return {
        "responses": {
            429: {
                "headers": {
                    "Retry-After": {
                        "description": "Seconds to wait before the next request.",
                        "required": True,
                        "schema": {"type": "integer", "minimum": 1},
                    }
                }
            }
        }
    }


class ApiError(Exception):
    """A refusal an endpoint answers with its own status and code (e.g. 409 "conflict")."""

    def __init__(
        self, status: int, code: str, message: str, *, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


class RateLimited(ApiError):
    """Too many requests: 429 with `Retry-After` (whole seconds)."""

    def __init__(self, message: str, *, retry_after: float) -> None:
        seconds = max(1, math.ceil(retry_after))
        super().__init__(429, "rate_limited", message, headers={"Retry-After": str(seconds)})
        self.retry_after = seconds


def error_response(
    status: int, code: str, message: str, fields: Any = None, headers: dict[str, str] | None = None
) -> HttpResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    response = JsonResponse({"error": body}, status=status, content_type=JSON)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def invalid_fields(errors: Any) -> dict[str, str]:
    """Pydantic's errors as {field: message}: `services.2`, `businessType`, `body`."""
    fields: dict[str, str] = {}
    for error in errors:
        location = [str(part) for part in error.get("loc", []) if part not in {"body", "payload"}]
        message = str(error.get("msg", "Invalid value.")).removeprefix("Value error, ")
        fields[".".join(location) or "body"] = message
    return fields


def invalid_response(errors: Any) -> HttpResponse:
    fields = invalid_fields(errors)
    summary = "; ".join(f"{name}: {msg}" for name, msg in fields.items())
    return error_response(422, "invalid", f"Check the request: {summary}.", fields)


# --- Reading JSON bodies ----------------------------------------------------------------


class BodyNotJSON(ValueError):
    """A request body that is not JSON we can read; the message says what to fix."""


def parse_json_body(body: bytes) -> Any:
    """The body's JSON, or BodyNotJSON with a sentence (never RecursionError and friends).

    Refuses what `json.loads` lets through but the database can't store: lone UTF-16
    surrogates written as escapes (`"\\ud800"`).
    """
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BodyNotJSON("The body is not UTF-8 text. Send JSON encoded as UTF-8.") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BodyNotJSON(
            f"The body is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})."
        ) from None
    except RecursionError:
        raise BodyNotJSON("The JSON nests arrays or objects too deeply.") from None
    except ValueError:  # e.g. an integer longer than Python converts
        raise BodyNotJSON("The JSON holds a number too long to read.") from None
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise BodyNotJSON(
            "The JSON holds an invalid character (a lone \\uD800-\\uDFFF escape). "
            "Remove it and send the text as UTF-8."
        ) from None
    return data


class JsonParser(Parser):
    """Every body the API takes is one JSON object."""

    def parse_body(self, request: HttpRequest) -> Any:
        data = parse_json_body(request.body)
        if not isinstance(data, dict):
            raise BodyNotJSON("The body is JSON but not an object ({...}).")
        return data


def body_too_large_message() -> str:
    megabytes = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
    return f"The request body is too large. Send at most {megabytes:g} MB."


UNAUTHENTICATED = (
    "Send a valid API key as 'Authorization: Bearer <key>'. Create one under Account → API keys."
)


# --- The handlers -----------------------------------------------------------------------


def _on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return invalid_response(exc.errors)


def _on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return error_response(exc.status, exc.code, exc.message, headers=exc.headers)


def _on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(401, "unauthenticated", UNAUTHENTICATED)


def _on_entitlement_error(request: HttpRequest, exc: EntitlementError) -> HttpResponse:
    return error_response(403, "plan_limit", str(exc))


def _on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error_response(403, "forbidden", str(exc) or "Your role does not allow this action.")


def _on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(404, "not_found", "Nothing with that id exists in your account.")


def _on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, BodyNotJSON):  # django-ninja wraps the parser's error
        return error_response(400, "invalid_json", f"{exc.__cause__} Send a JSON object.")
    return error_response(exc.status_code, "error", str(exc))


def _on_body_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return error_response(413, "too_large", body_too_large_message())


_HANDLERS: dict[type[Exception], Callable[[HttpRequest, Any], HttpResponse]] = {
    ValidationError: _on_validation_error,
    ApiError: _on_api_error,
    AuthenticationError: _on_auth_error,
    EntitlementError: _on_entitlement_error,
    PermissionDenied: _on_permission_denied,
    Http404: _on_not_found,
    HttpError: _on_http_error,
    RequestDataTooBig: _on_body_too_large,
}


def install_error_handlers(api: NinjaAPI) -> None:
    """Answer every refusal of `api` in the one error format."""
    for exc_class, handler in _HANDLERS.items():
        api.add_exception_handler(exc_class, handler)
