"""The scans API: scan any public website and read the report; and the original design's
`POST /trigger/optimize` for clients written against it."""

from __future__ import annotations

import math
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from code24.accounts.http import AccountRequest
from code24.accounts.models import User
from code24.api_errors import (
    AUTH_ERRORS,
    BODY_ERRORS,
    ID_ERRORS,
    ApiError,
    RateLimited,
    documented_headers,
    errors,
)
from code24.idempotency.api import idempotent
from optimization import services
from optimization.models import OptimizationCycle, Scan
from optimization.schemas import (
    CycleDetailOut,
    CyclePageOut,
    OptimizeIn,
    ScanListOut,
    ScanOut,
    ScanStartedOut,
    TriggerOptimizeOut,
)
from sites.models import Site

router = Router(tags=["scans"])
# The original design's `POST /trigger/optimize`, mounted at /trigger/ (code24/api.py).
trigger_router = Router()

PER_PAGE = 20


def _requested_by(request: HttpRequest) -> User | None:
    user = getattr(request, "user", None)
    return user if isinstance(user, User) else None


def _start(request: AccountRequest, payload: OptimizeIn, via: str) -> Scan:
    try:
        return services.scan_request(
            account=request.account,
            url=payload.url,
            options=payload.options(),
            requested_by=_requested_by(request),
            via=via,
        )
    except services.ScanRefused as exc:
        raise ApiError(422, "invalid", exc.message) from exc
    except services.ScanLimitReached as exc:
        raise RateLimited(exc.message, retry_after=exc.retry_after) from exc


def _result_url(request: HttpRequest, scan: Scan) -> str:
    return request.build_absolute_uri(reverse("api:scan_detail", kwargs={"scan_id": scan.pk}))


def _page_url(request: HttpRequest, scan: Scan) -> str:
    return request.build_absolute_uri(reverse("scan_detail", args=[scan.pk]))


def _options(scan: Scan) -> dict[str, str]:
    options = scan.options or {}
    return {
        "business_type": options.get("business_type", ""),
        "primary_goal": options.get("primary_goal", ""),
        "optimization_type": options.get("optimization_type", "full"),
    }


def _scans(request: AccountRequest) -> Any:
    return Scan.objects.filter(account=request.account)


SCAN_RESULT = "Answers at once (202); GET `result_url` until `status` is done or failed."


@router.post(
    "/optimize",
    response={202: ScanStartedOut, **errors(*AUTH_ERRORS, *BODY_ERRORS)},
    openapi_extra=documented_headers(),
    url_name="optimize",
    summary="Scan any public website",
    description=f"The original design's payload. {SCAN_RESULT} An address that cannot be "
    'scanned (not http or https, a private network address, …) answers 422 "invalid" with '
    "the reason; more scans in an hour than the plan includes answer 429 with Retry-After. "
    "A site that cannot be reached gives a failed scan whose `error` says why.",
)
@idempotent
def optimize(request: AccountRequest, payload: OptimizeIn) -> Status:
    scan = _start(request, payload, "api")
    return Status(
        202,
        {
            "id": scan.pk,
            "url": scan.url,
            "status": scan.status,
            "result_url": _result_url(request, scan),
            "page_url": _page_url(request, scan),
            "created_at": scan.created_at,
        },
    )


@router.get(
    "/scans/{scan_id}",
    response={200: ScanOut, **errors(*AUTH_ERRORS, *ID_ERRORS)},
    openapi_extra=documented_headers(),
    url_name="scan_detail",
    summary="A scan: its scores, security grade, recommendations and findings",
)
def scan_detail(request: AccountRequest, scan_id: int) -> dict[str, Any]:
    scan = get_object_or_404(_scans(request), pk=scan_id)
    return {
        "id": scan.pk,
        "url": scan.url,
        "status": scan.status,
        "error": scan.error,
        **_options(scan),
        "health": scan.health,
        "scores": scan.scores,
        "grade": scan.grade,
        "recommendations": scan.recommendations,
        "findings": scan.findings,
        "pages": scan.pages,
        "created_at": scan.created_at,
        "started_at": scan.started_at,
        "finished_at": scan.finished_at,
        "page_url": _page_url(request, scan),
    }


class PageQuery(Schema):
    page: int = Field(default=1, ge=1, le=1_000_000, description="From 1.")


@router.get(
    "/scans",
    response={200: ScanListOut, **errors(*AUTH_ERRORS, 422)},
    openapi_extra=documented_headers(),
    url_name="scans_list",
    summary="The account's scans, newest first",
    description=f"{PER_PAGE} a page; `next` is the next page's address.",
)
def scans_list(request: AccountRequest, query: Query[PageQuery]) -> dict[str, Any]:
    scans = _scans(request).order_by("-created_at", "-id")
    count = scans.count()
    pages = max(1, math.ceil(count / PER_PAGE))
    start = (query.page - 1) * PER_PAGE
    rows = scans.only(
        "id", "url", "status", "health", "grade", "error", "created_at", "finished_at"
    )[start : start + PER_PAGE]
    base = request.build_absolute_uri(reverse("api:scans_list"))
    return {
        "count": count,
        "page": query.page,
        "pages": pages,
        "next": f"{base}?page={query.page + 1}" if query.page < pages else None,
        "previous": f"{base}?page={min(query.page - 1, pages)}" if query.page > 1 else None,
        "results": [
            {
                "id": scan.pk,
                "url": scan.url,
                "status": scan.status,
                "health": scan.health,
                "grade": scan.grade,
                "error": scan.error,
                "created_at": scan.created_at,
                "finished_at": scan.finished_at,
                "result_url": _result_url(request, scan),
            }
            for scan in rows
        ],
    }


# --- The original design's trigger ----------------------------------------------------


@trigger_router.post(
    "/optimize",
    response={202: TriggerOptimizeOut, **errors(*AUTH_ERRORS, *BODY_ERRORS)},
    by_alias=True,
    url_name="trigger_optimize",
)
@idempotent
def trigger_optimize(request: AccountRequest, payload: OptimizeIn) -> Status:
    """`POST /trigger/optimize` with the original design's JSON, authenticated by API key.

    Answers 202 {"scanId", "url", "status", "resultUrl", "pageUrl", "businessType",
    "primaryGoal", "optimizationType", "createdAt"}; errors in the API's format.
    """
    scan = _start(request, payload, "trigger")
    return Status(
        202,
        {
            "scan_id": scan.pk,
            "url": scan.url,
            "status": scan.status,
            "result_url": _result_url(request, scan),
            "page_url": _page_url(request, scan),
            **_options(scan),
            "created_at": scan.created_at,
        },
    )


# --- Cycles ----------------------------------------------------------------------------

CYCLES_PER_PAGE = 25
# What a cycle answers with, as stored (the API adds its duration, fixes and versions).
CYCLE_FIELDS = (
    "number",
    "status",
    "outcome",
    "phase",
    "requested_via",
    "created_at",
    "started_at",
    "finished_at",
    "health_before",
    "health_after",
    "scores_before",
    "scores_after",
    "grade_before",
    "grade_after",
    "rolled_back",
    "rollback_reason",
    "milestone",
    "error",
)
# The columns the list reads (no findings or diff: those are the cycle's own page).
CYCLE_LIST_FIELDS = (
    "id",
    "site_id",
    *CYCLE_FIELDS,
    "fixes",
    "version_before__number",
    "version_after__number",
)


class CyclePageQuery(Schema):
    page: int = Field(1, ge=1, description="1 is the newest cycles.")
    per_page: int = Field(CYCLES_PER_PAGE, ge=1, le=100)


def _cycles_site(request: AccountRequest, site_id: int) -> Site:
    return get_object_or_404(Site.objects.filter(account=request.account), pk=site_id)


def _cycle_out(cycle: OptimizationCycle) -> dict[str, Any]:
    return {
        **{name: getattr(cycle, name) for name in CYCLE_FIELDS},
        "duration_seconds": cycle.duration,
        "fixes_count": len(cycle.fixes or []),
        "version_before": cycle.version_before.number if cycle.version_before else None,
        "version_after": cycle.version_after.number if cycle.version_after else None,
    }


def _cycles_page_url(request: HttpRequest, page: int, per_page: int) -> str:
    suffix = f"&per_page={per_page}" if per_page != CYCLES_PER_PAGE else ""
    return request.build_absolute_uri(f"{request.path}?page={page}{suffix}")


@router.get(
    "/sites/{site_id}/cycles",
    response={200: CyclePageOut, **errors(*AUTH_ERRORS, *ID_ERRORS)},
    openapi_extra=documented_headers(),
    url_name="cycles_list",
    tags=["cycles"],
    summary="A site's optimization cycles, newest first",
    description="Paginated: `page` (1 is the newest) and `per_page` (at most 100); a page "
    "past the last is empty.",
)
def cycles_list(
    request: AccountRequest, site_id: int, query: Query[CyclePageQuery]
) -> dict[str, Any]:
    site = _cycles_site(request, site_id)
    cycles = (
        site.cycles.select_related("version_before", "version_after")
        .only(*CYCLE_LIST_FIELDS)
        .order_by("-number")
    )
    paginator = Paginator(cycles, query.per_page)
    count = paginator.count
    items = list(cycles[(query.page - 1) * query.per_page : query.page * query.per_page])
    pages = paginator.num_pages if count else 0
    return {
        "count": count,
        "page": query.page,
        "pages": pages,
        "per_page": query.per_page,
        "next": _cycles_page_url(request, query.page + 1, query.per_page)
        if query.page < pages
        else None,
        "previous": _cycles_page_url(request, query.page - 1, query.per_page)
        if 1 < query.page <= pages + 1
        else None,
        "items": [_cycle_out(cycle) for cycle in items],
    }


@router.get(
    "/sites/{site_id}/cycles/{number}",
    response={200: CycleDetailOut, **errors(*AUTH_ERRORS, *ID_ERRORS)},
    openapi_extra=documented_headers(),
    url_name="cycle_detail",
    tags=["cycles"],
    summary="One cycle: scores before and after, findings, fixes and the diff",
)
def cycle_detail(request: AccountRequest, site_id: int, number: int) -> dict[str, Any]:
    site = _cycles_site(request, site_id)
    cycle = get_object_or_404(
        site.cycles.select_related("version_before", "version_after"), number=number
    )
    return {
        **_cycle_out(cycle),
        "findings": [f for f in cycle.findings if isinstance(f, dict)],
        "fixes": [f for f in cycle.fixes if isinstance(f, dict)],
        "diff": cycle.diff,
    }
