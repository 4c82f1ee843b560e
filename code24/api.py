"""The REST API at /api/v1/: authentication, one error format, every app's router.

Every error answers ``{"error": {"code": "...", "message": "...", "fields": {...}}}``.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from ninja.security import APIKeyCookie, HttpBearer

from code24.accounts.entitlements import EntitlementError
from code24.accounts.models import ApiKey, Membership


class ApiKeyAuth(HttpBearer):
    """`Authorization: Bearer c24_...`: the key's account, if its plan includes the API."""

    openapi_description = "An API key from Account → API keys, sent as a Bearer token."

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey | None:
        key = ApiKey.find(token)
        if key is None:
            return None
        key.account.entitlements.require_api_access()
        key.touch()
        request.account = key.account  # type: ignore[attr-defined]
        return key


class SessionAuth(APIKeyCookie):
    """The dashboard's session (with its CSRF check): the user's current account."""

    param_name = "sessionid"
    openapi_description = "A signed-in dashboard session."

    def _get_key(self, request: HttpRequest) -> str | None:
        # Without a session cookie there is nothing to check, so a client whose key is
        # wrong hears 401 "send a valid API key", not a puzzling CSRF refusal.
        if self.param_name not in request.COOKIES:
            return None
        try:
            return super()._get_key(request)
        except HttpError:
            raise PermissionDenied(
                "The CSRF check failed: a signed-in browser session must send its CSRF "
                "token in the X-CSRFToken header. Scripts use an API key instead."
            ) from None

    def authenticate(self, request: HttpRequest, key: str | None) -> Membership | None:
        if not request.user.is_authenticated:
            return None
        membership = getattr(request, "membership", None)
        return membership if membership else None


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
    def parse_body(self, request: HttpRequest) -> Any:
        return parse_json_body(request.body)


def body_too_large_message() -> str:
    megabytes = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
    return f"The request body is too large. Send at most {megabytes:g} MB."


api = NinjaAPI(
    title="Code24 API",
    version="1.0.0",
    description="Build, host and keep improving websites. Authenticate with an API key.",
    urls_namespace="api",
    docs_url="/docs",
    auth=[ApiKeyAuth(), SessionAuth()],
    parser=JsonParser(),
)


def error_response(
    request: HttpRequest, status: int, code: str, message: str, fields: Any = None
) -> HttpResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    return api.create_response(request, {"error": body}, status=status)


class ApiError(Exception):
    """A refusal an endpoint answers with its own status and code (e.g. 409 "conflict")."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def invalid_fields(errors: Any) -> dict[str, str]:
    """Pydantic's errors as {field: message}: `services.2`, `businessType`, `body`."""
    fields: dict[str, str] = {}
    for error in errors:
        location = [str(part) for part in error.get("loc", []) if part not in {"body", "payload"}]
        message = str(error.get("msg", "Invalid value.")).removeprefix("Value error, ")
        fields[".".join(location) or "body"] = message
    return fields


def invalid_response(request: HttpRequest, errors: Any) -> HttpResponse:
    fields = invalid_fields(errors)
    summary = "; ".join(f"{name}: {msg}" for name, msg in fields.items())
    return error_response(request, 422, "invalid", f"Check the request: {summary}.", fields)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return invalid_response(request, exc.errors)


@api.exception_handler(ApiError)
def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return error_response(request, exc.status, exc.code, exc.message)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(
        request,
        401,
        "unauthenticated",
        "Send a valid API key as 'Authorization: Bearer <key>'. "
        "Create one under Account → API keys.",
    )


@api.exception_handler(EntitlementError)
def on_entitlement_error(request: HttpRequest, exc: EntitlementError) -> HttpResponse:
    return error_response(request, 403, "plan_limit", str(exc))


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error_response(
        request, 403, "forbidden", str(exc) or "Your role does not allow this action."
    )


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, "not_found", "Nothing with that id exists in your account.")


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, BodyNotJSON):  # django-ninja wraps the parser's error
        return error_response(request, 400, "invalid_json", f"{exc.__cause__} Send a JSON object.")
    return error_response(request, exc.status_code, "error", str(exc))


@api.exception_handler(RequestDataTooBig)
def on_body_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return error_response(request, 413, "too_large", body_too_large_message())


@csrf_exempt  # changes nothing; a POST to a mistyped path hears 404, not a CSRF page
def not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """Unknown /api/v1/ paths answer in the API's error format, not as an HTML page."""
    return JsonResponse(
        {"error": {"code": "not_found", "message": f"There is no API endpoint at /api/v1/{path}."}},
        status=404,
    )


def _mount_routers() -> None:
    from code24.accounts.api import router as accounts_router
    from sites.api import router as sites_router

    api.add_router("/", accounts_router)
    api.add_router("/", sites_router)


_mount_routers()
