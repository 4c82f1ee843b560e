"""Pages that belong to no app: the public landing page and the health check."""

from __future__ import annotations

import logging

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
    return TemplateResponse(request, "landing.html", {"plans": Plan.objects.all()})


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


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database and the Celery broker answer, 503 (with which failed) if not."""
    db_ok, db_detail = _database_ok()
    broker_ok, broker_detail = _broker_ok()
    healthy = db_ok and broker_ok
    return JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            "checks": {"database": db_detail, "broker": broker_detail},
        },
        status=200 if healthy else 503,
    )
