"""The optimization API: a site's cycles."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field as NinjaField
from ninja import Query, Router, Schema

from code24.accounts.http import AccountRequest
from code24.api_errors import AUTH_ERRORS, ID_ERRORS, documented_headers, errors
from optimization.models import OptimizationCycle
from optimization.schemas import CycleDetailOut, CyclePageOut
from sites.models import Site

router = Router(tags=["optimization"])

# --- Cycles ----------------------------------------------------------------------------

CYCLES_PER_PAGE = 25
CYCLE_LIST_FIELDS = (
    "id",
    "site_id",
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
    "fixes",
    "error",
    "version_before__number",
    "version_after__number",
)


class CyclePageQuery(Schema):
    page: int = NinjaField(1, ge=1, description="1 is the newest cycles.")
    per_page: int = NinjaField(CYCLES_PER_PAGE, ge=1, le=100)


def _cycles_site(request: AccountRequest, site_id: int) -> Site:
    return get_object_or_404(Site.objects.filter(account=request.account), pk=site_id)


def _cycle_out(cycle: OptimizationCycle) -> dict[str, Any]:
    return {
        **{
            name: getattr(cycle, name)
            for name in (
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
        },
        "duration_seconds": cycle.duration,
        "fixes_count": len(cycle.fixes or []),
        "version_before": cycle.version_before.number if cycle.version_before else None,
        "version_after": cycle.version_after.number if cycle.version_after else None,
    }


def _page_url(request: HttpRequest, page: int, per_page: int) -> str:
    suffix = f"&per_page={per_page}" if per_page != CYCLES_PER_PAGE else ""
    return request.build_absolute_uri(f"{request.path}?page={page}{suffix}")


@router.get(
    "/sites/{site_id}/cycles",
    response={200: CyclePageOut, **errors(*AUTH_ERRORS, *ID_ERRORS)},
    openapi_extra=documented_headers(),
    url_name="cycles_list",
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
        "next": _page_url(request, query.page + 1, query.per_page) if query.page < pages else None,
        "previous": _page_url(request, query.page - 1, query.per_page)
        if 1 < query.page <= pages + 1
        else None,
        "items": [_cycle_out(cycle) for cycle in items],
    }


@router.get(
    "/sites/{site_id}/cycles/{number}",
    response={200: CycleDetailOut, **errors(*AUTH_ERRORS, *ID_ERRORS)},
    openapi_extra=documented_headers(),
    url_name="cycle_detail",
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
