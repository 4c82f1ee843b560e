"""Pages that belong to no app: the public landing page and the health check."""

from __future__ import annotations

import logging

import httpx
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from code24.accounts.models import Plan
from code24.celery import app as celery_app

log = logging.getLogger(__name__)


def landing(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    return TemplateResponse(
        request,
        "landing.html",
        {"plans": Plan.objects.all(), "trial_days": settings.BILLING_TRIAL_DAYS},
    )


def _database_ok() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return False, _failure("database", exc)
    return True, "ok"


def _failure(check: str, exc: Exception) -> str:
    """The public answer names the error only; its message (which may hold internal host
    names or user names) goes to the log."""
    log.warning("health check: the %s failed: %s: %s", check, type(exc).__name__, exc)
    return f"{type(exc).__name__} (details in the server log)"


def _broker_ok(url: str | None = None) -> tuple[bool, str]:
    try:
        with celery_app.connection_for_write(url) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return False, _failure("broker", exc)
    return True, "ok"


# A platform subdomain no site can take (sites.addresses reserves it).
HEALTH_PROBE_LABEL = "healthz"


def _local_cloudflare_ok() -> tuple[bool, str]:
    """The local Cloudflare's API answers and its edge can serve sites (its dispatcher runs).

    The edge answers a platform subdomain that no site uses with the dispatcher's 404 once
    the dispatcher Worker runs; before that (starting, or no dispatcher uploaded) it answers
    503, and a host it does not route 530.
    """
    api = settings.CLOUDFLARE_BASE_URL or (
        f"http://127.0.0.1:{settings.LOCAL_CLOUDFLARE_PORT}/client/v4"
    )
    edge = f"http://127.0.0.1:{settings.LOCAL_CLOUDFLARE_EDGE_PORT}/"
    probe = f"{HEALTH_PROBE_LABEL}.{settings.PLATFORM_DOMAIN}"
    try:
        httpx.get(api + "/", timeout=2)  # any answer: the API is serving
    except httpx.HTTPError as exc:
        return False, _failure("local Cloudflare API", exc)
    try:
        answer = httpx.get(edge, headers={"Host": probe}, timeout=2)
    except httpx.HTTPError as exc:
        return False, _failure("local Cloudflare edge", exc)
    if answer.status_code >= 500:
        log.warning("health check: the local edge answered %s", answer.status_code)
        return False, f"the edge cannot serve sites yet (HTTP {answer.status_code})"
    return True, "ok"


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database, the Celery broker and (when Code24 runs on the local
    Cloudflare) its API and edge answer; 503 with which failed if not."""
    results = {"database": _database_ok(), "broker": _broker_ok()}
    if not settings.CLOUDFLARE_API_TOKEN:
        results["local_cloudflare"] = _local_cloudflare_ok()
    healthy = all(ok for ok, _ in results.values())
    return JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            "checks": {name: detail for name, (_, detail) in results.items()},
        },
        status=200 if healthy else 503,
    )
