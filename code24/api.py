"""The REST API at /api/v1/ (and the original design's /trigger/): authentication, one
error format, every app's router.

Every error answers ``{"error": {"code": "...", "message": "...", "fields": {...}}}``
(code24/api_errors.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.urls import URLPattern
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer

from code24 import ratelimits
from code24.accounts.api import router as accounts_router
from code24.accounts.models import ApiKey, Membership
from code24.api_errors import JsonParser, RateLimited, error_response, install_error_handlers
from domains.api import router as domains_router
from optimization.api import router as optimization_router
from optimization.api import trigger_router as optimization_trigger_router
from sites.api import router as sites_router
from sites.api import trigger_router
from sites.editor_api import router as editor_router


def _limit(setting: str) -> ratelimits.Rate:
    return ratelimits.Rate.parse(getattr(settings, setting))


def _refuse_if_over(scope: str, ident: str, setting: str, whose: str) -> None:
    rate = _limit(setting)
    wait = ratelimits.hit(scope, ident, rate)
    if wait is not None:
        raise RateLimited(
            f"Too many requests {whose}: at most {rate.words}. "
            f"Try again in {ratelimits.in_words(wait)}.",
            retry_after=wait,
        )


class ApiKeyAuth(HttpBearer):
    """`Authorization: Bearer c24_...`: the key's account, if its plan includes the API.

    Also where the API's rate limits apply (it is the first authentication of every
    operation): per address, before any key is looked up; wrong keys per address; and
    per key.
    """

    openapi_description = "An API key from Account → API keys, sent as a Bearer token."

    def __call__(self, request: HttpRequest) -> Any:
        address = ratelimits.client_address(request)
        wrong_keys = _limit("API_RATE_LIMIT_FAILED_AUTH")
        wait = ratelimits.used_up("api-wrong-key", address, wrong_keys)
        if wait is not None:
            raise RateLimited(
                "Too many requests with a wrong API key from your address: at most "
                f"{wrong_keys.words}. Try again in {ratelimits.in_words(wait)}.",
                retry_after=wait,
            )
        _refuse_if_over("api-address", address, "API_RATE_LIMIT_PER_ADDRESS", "from your address")
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey | None:
        key = ApiKey.find(token)
        if key is None:
            ratelimits.hit(
                "api-wrong-key",
                ratelimits.client_address(request),
                _limit("API_RATE_LIMIT_FAILED_AUTH"),
            )
            return None
        key.account.entitlements.require_api_access()
        _refuse_if_over("api-key", str(key.pk), "API_RATE_LIMIT_PER_KEY", "with this API key")
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
        if not membership:
            return None
        _refuse_if_over(
            "api-user", str(request.user.pk), "API_RATE_LIMIT_PER_KEY", "from your session"
        )
        return membership


api = NinjaAPI(
    title="Code24 API",
    version="1.0.0",
    description="Build, host and keep improving websites. Authenticate with an API key.",
    urls_namespace="api",
    docs_url="/docs",
    auth=[ApiKeyAuth(), SessionAuth()],
    parser=JsonParser(),
)
install_error_handlers(api)
api.add_router("/", accounts_router)
api.add_router("/", sites_router)
api.add_router("/", editor_router)
api.add_router("/", domains_router)
api.add_router("/", optimization_router)

# The original design's `POST /trigger/build` and `POST /trigger/optimize`, for clients
# written against it: the same key authentication, plan check and errors, their own
# camelCase answers, no docs of their own.
trigger_api = NinjaAPI(
    title="Code24 trigger",
    version="1.0.0",
    urls_namespace="trigger",
    docs_url=None,
    openapi_url=None,
    auth=[ApiKeyAuth()],
    parser=JsonParser(),
)
install_error_handlers(trigger_api)
trigger_api.add_router("/", trigger_router)
trigger_api.add_router("/", optimization_trigger_router)


def _allowed_methods_in_error_format(view: Callable[..., Any]) -> Callable[..., Any]:
    """django-ninja answers a method an endpoint lacks with a bare 405: say it in the
    API's format, keeping the Allow header."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            response = error_response(
                405, "method_not_allowed", f"This endpoint answers {allowed} only."
            )
            response["Allow"] = allowed
        return response

    return wrapped


def urls(ninja_api: NinjaAPI) -> tuple[list[Any], str, str]:
    """`ninja_api.urls`, with 405s in the API's error format."""
    patterns, app_name, namespace = ninja_api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = _allowed_methods_in_error_format(pattern.callback)
    return patterns, app_name, namespace


@csrf_exempt  # changes nothing; a POST to a mistyped path hears 404, not a CSRF page
def not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """Unknown /api/v1/ paths answer in the API's error format, not as an HTML page."""
    return JsonResponse(
        {"error": {"code": "not_found", "message": f"There is no API endpoint at /api/v1/{path}."}},
        status=404,
    )
