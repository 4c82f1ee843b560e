"""The REST API at /api/v1/: authentication, one error format, every app's router.

Every error answers ``{"error": {"code": "...", "message": "...", "fields": {...}}}``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
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

    def authenticate(self, request: HttpRequest, key: str | None) -> Membership | None:
        if not request.user.is_authenticated:
            return None
        membership = getattr(request, "membership", None)
        return membership if membership else None


api = NinjaAPI(
    title="Code24 API",
    version="1.0.0",
    description="Build, host and keep improving websites. Authenticate with an API key.",
    urls_namespace="api",
    docs_url="/docs",
    auth=[ApiKeyAuth(), SessionAuth()],
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
    return error_response(request, exc.status_code, "error", str(exc))


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
