"""The sites API: start builds, follow them, list sites, restore versions; and the original
design's `POST /trigger/build` for clients written against it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Router, Status
from ninja.errors import ValidationError
from pydantic import ValidationError as PydanticValidationError

from code24.accounts.entitlements import EntitlementError
from code24.accounts.http import AccountRequest
from code24.accounts.models import Membership, User
from code24.ai.schemas import Brief
from code24.api_errors import (
    AUTH_ERRORS,
    BODY_ERRORS,
    ID_ERRORS,
    ApiError,
    documented_headers,
    errors,
)
from code24.idempotency.api import idempotent
from sites import services
from sites.addresses import site_address
from sites.models import Build, Site
from sites.pipeline.runner import STEP_TITLES
from sites.schemas import (
    BuildIn,
    BuildOut,
    RestoreIn,
    RestoreOut,
    SiteDetailOut,
    SiteOut,
    TriggerBuildOut,
)

router = Router(tags=["sites"])
# The original design's `POST /trigger/build`, mounted at /trigger/ (code24/api.py).
trigger_router = Router()

MANAGERS_ONLY = "Only the workspace's owners and admins can change its sites."


# --- Helpers --------------------------------------------------------------------------


def _requested_by(request: HttpRequest) -> User | None:
    user = getattr(request, "user", None)
    return user if isinstance(user, User) else None


def _require_manager(request: HttpRequest) -> None:
    """API keys act for the whole account; a dashboard session needs owner or admin."""
    auth = getattr(request, "auth", None)
    if isinstance(auth, Membership) and not auth.can_manage_sites:
        raise PermissionDenied(MANAGERS_ONLY)


def _brief(payload: BuildIn) -> tuple[Brief, list[str]]:
    """The brief, and the facts found in its description and added to it."""
    try:
        return payload.brief_and_found()
    except PydanticValidationError as exc:
        raise ValidationError(list(exc.errors())) from exc  # type: ignore[arg-type]


def _create(request: HttpRequest, account: Any, brief: Brief, subdomain: str = "") -> Build:
    try:
        return services.site_create(
            account=account,
            brief=brief,
            requested_by=_requested_by(request),
            via="api",
            subdomain=subdomain,
        )
    except services.SiteLimitError as exc:
        raise EntitlementError(str(exc)) from exc
    except services.SiteActionError as exc:
        raise ApiError(409, "conflict", str(exc)) from exc


def _status_url(request: HttpRequest, build: Build) -> str:
    return request.build_absolute_uri(reverse("api:build_detail", kwargs={"build_id": build.pk}))


def _made_by(output: Any) -> dict[str, Any]:
    """Who produced an AI step's result, from its stored output (None for other steps)."""
    output = output if isinstance(output, dict) else {}

    def text(value: Any) -> str | None:
        return value if isinstance(value, str) else None

    def count(value: Any) -> int | None:
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    parts = [
        {
            "part": str(part.get("part", "")),
            "provider": str(part.get("provider", "")),
            "model": str(part.get("model", "")),
            "attempts": count(part.get("attempts")) or 0,
            "fallback_reason": str(part.get("fallback_reason") or ""),
        }
        for part in (output.get("parts") if isinstance(output.get("parts"), list) else [])
        if isinstance(part, dict)
    ]
    return {
        "provider": text(output.get("provider")),
        "model": text(output.get("model")),
        "model_attempts": count(output.get("attempts")),
        "fallback_reason": text(output.get("fallback_reason")) or "",
        "parts": parts,
    }


def _build_out(request: HttpRequest, build: Build) -> dict[str, Any]:
    steps = [
        {
            "name": step.name,
            "title": STEP_TITLES.get(step.name, step.name),
            "status": step.status,
            "attempts": step.attempts,
            "started_at": step.started_at,
            "finished_at": step.finished_at,
            "duration_seconds": round(step.duration, 3) if step.duration is not None else None,
            "error": step.error,
            **_made_by(step.output),
            "waiting": step.is_waiting,
            "waiting_since": step.waiting_since,
            "next_attempt_at": step.next_attempt_at,
            "retry_until": step.retry_until,
        }
        for step in build.steps.all()
    ]
    return {
        "id": build.pk,
        "site_id": build.site_id,
        "kind": build.kind,
        "status": build.status,
        "error": build.error,
        "created_at": build.created_at,
        "started_at": build.started_at,
        "finished_at": build.finished_at,
        "steps": steps,
        "status_url": _status_url(request, build),
        "page_url": request.build_absolute_uri(reverse("build_detail", args=[build.pk])),
        "site_url": site_address(build.site),
    }


def _site_out(site: Site) -> dict[str, Any]:
    version = site.current_version
    return {
        "id": site.pk,
        "name": site.name,
        "hostname": site.hostname,
        "status": site.status,
        "improvements": site.improvements,
        "url": site_address(site) if site.is_live else None,
        "current_version": version.number if version is not None else None,
        "created_at": site.created_at,
        "next_optimization_at": site.next_optimization_at,
    }


def _sites(request: AccountRequest) -> Any:
    return Site.objects.filter(account=request.account).select_related("current_version")


# --- Builds ---------------------------------------------------------------------------


@router.post(
    "/builds",
    response={202: BuildOut, **errors(*AUTH_ERRORS, *BODY_ERRORS)},
    openapi_extra=documented_headers(),
    url_name="builds_create",
    summary="Start a new site from a brief",
    description="Creates the site and its first build, then answers at once (202). Poll "
    "`status_url` until `status` is succeeded or failed. A plan without room for another "
    'site answers 403 with the code "plan_limit".',
)
@idempotent
def builds_create(request: AccountRequest, payload: BuildIn) -> Status:
    brief, found = _brief(payload)
    build = _create(request, request.account, brief, payload.subdomain)
    return Status(202, {**_build_out(request, build), "facts_found": found})


@router.get(
    "/builds/{build_id}",
    response={200: BuildOut, **errors(*AUTH_ERRORS, *ID_ERRORS)},
    openapi_extra=documented_headers(),
    url_name="build_detail",
    summary="A build and the state of each of its steps",
)
def build_detail(request: AccountRequest, build_id: int) -> dict[str, Any]:
    builds = Build.objects.filter(site__account=request.account).select_related("site")
    build = get_object_or_404(builds, pk=build_id)
    return _build_out(request, build)


# --- Sites ----------------------------------------------------------------------------


@router.get(
    "/sites",
    response={200: list[SiteOut], **errors(*AUTH_ERRORS)},
    openapi_extra=documented_headers(),
    url_name="sites_list",
    summary="Every site",
)
def sites_list(request: AccountRequest) -> list[dict[str, Any]]:
    return [_site_out(site) for site in _sites(request)]


@router.get(
    "/sites/{site_id}",
    response={200: SiteDetailOut, **errors(*AUTH_ERRORS, *ID_ERRORS)},
    openapi_extra=documented_headers(),
    url_name="site_detail",
    summary="A site: its address, brief, versions and latest build",
)
def site_detail(request: AccountRequest, site_id: int) -> dict[str, Any]:
    site = get_object_or_404(_sites(request), pk=site_id)
    latest = site.builds.first()
    return {
        **_site_out(site),
        "brief": site.brief,
        "versions": [
            {
                "id": v.pk,
                "number": v.number,
                "made_by": v.made_by,
                "created_at": v.created_at,
                "deployed_at": v.deployed_at,
                "total_bytes": v.total_bytes,
                "content_hash": v.content_hash,
                "is_current": v.pk == site.current_version_id,
            }
            for v in site.versions.all()
        ],
        "latest_build": _build_out(request, latest) if latest else None,
    }


@router.post(
    "/sites/{site_id}/restore",
    response={202: RestoreOut, **errors(*AUTH_ERRORS, *ID_ERRORS, *BODY_ERRORS)},
    openapi_extra=documented_headers(),
    url_name="site_restore",
    summary="Put an earlier version of a site back online",
    description="Answers at once (202); the version is live a few seconds later, when "
    "`current_version` of the site shows its number. A version made for a previous address "
    "of the site comes back as a new version made for its address now (`version` says "
    "which). Only a live site whose build is not running can restore: otherwise 409 "
    '"conflict" with the reason.',
)
@idempotent
def site_restore(request: AccountRequest, site_id: int, payload: RestoreIn) -> Status:
    _require_manager(request)
    site = get_object_or_404(_sites(request), pk=site_id)
    version = get_object_or_404(site.versions, pk=payload.version_id)
    try:
        live = services.site_restore(site=site, version=version)
    except services.SiteActionError as exc:
        raise ApiError(409, "conflict", str(exc)) from exc
    message = f"Restoring version {version.number}."
    if live.pk != version.pk:
        message = (
            f"Restoring version {version.number} as version {live.number}, made for the "
            "site's address now."
        )
    return Status(
        202,
        {
            "site_id": site.pk,
            "version_id": live.pk,
            "version": live.number,
            "message": message,
        },
    )


# --- The original design's trigger ----------------------------------------------------


@trigger_router.post(
    "/build",
    response={202: TriggerBuildOut, **errors(*AUTH_ERRORS, *BODY_ERRORS)},
    by_alias=True,
    url_name="trigger_build",
)
@idempotent
def trigger_build(request: AccountRequest, payload: BuildIn) -> Status:
    """`POST /trigger/build` with the original design's JSON, authenticated by API key.

    Answers 202 {"buildId", "status", "statusUrl", "siteId", "siteUrl"}; errors in the
    API's format.
    """
    build = _create(request, request.account, _brief(payload)[0], payload.subdomain)
    return Status(
        202,
        {
            "build_id": build.pk,
            "status": build.status,
            "status_url": _status_url(request, build),
            "site_id": build.site_id,
            "site_url": site_address(build.site),
        },
    )
