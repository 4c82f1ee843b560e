"""The domains API: list, add, get, check and remove a site's custom domains."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from code24.accounts.http import AccountRequest
from code24.accounts.models import Membership
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
from domains import services
from domains.models import CustomDomain
from domains.records import records_to_add
from domains.schemas import CheckOut, DomainIn, DomainOut
from sites.models import Site

router = Router(tags=["domains"])

MANAGERS_ONLY = "Only the workspace's owners and admins can change its domains."
CODES = {400: "invalid", 403: "plan_limit", 404: "not_found", 409: "conflict"}


def _require_manager(request: HttpRequest) -> None:
    auth = getattr(request, "auth", None)
    if isinstance(auth, Membership) and not auth.can_manage_sites:
        raise PermissionDenied(MANAGERS_ONLY)


def _site(request: AccountRequest, site_id: int) -> Site:
    return get_object_or_404(Site.objects.filter(account=request.account), pk=site_id)


def _domain(request: AccountRequest, site_id: int, domain_id: int) -> CustomDomain:
    site = _site(request, site_id)
    return get_object_or_404(site.custom_domains.all(), pk=domain_id)


def _refusal(exc: services.DomainError) -> ApiError:
    if exc.status == 429:
        return RateLimited(str(exc), retry_after=exc.retry_after or 1)
    return ApiError(exc.status, CODES.get(exc.status, "invalid"), str(exc))


def _out(domain: CustomDomain) -> dict[str, Any]:
    return {
        **{
            name: getattr(domain, name)
            for name in (
                "id",
                "site_id",
                "hostname",
                "role",
                "state",
                "ssl_method",
                "hostname_status",
                "ssl_status",
                "points_here",
                "findings",
                "error",
                "certificate_expires_at",
                "checked_at",
                "next_check_at",
                "created_at",
                "activated_at",
                "removed_at",
            )
        },
        "records": [asdict(record) for record in records_to_add(domain)]
        if not domain.is_removed
        else [],
    }


@router.get(
    "/sites/{site_id}/domains",
    response={200: list[DomainOut], **errors(*AUTH_ERRORS, *ID_ERRORS)},
    openapi_extra=documented_headers(),
    url_name="domains_list",
    summary="A site's custom domains",
)
def domains_list(request: AccountRequest, site_id: int) -> list[dict[str, Any]]:
    return [_out(domain) for domain in services.site_domains(_site(request, site_id))]


@router.post(
    "/sites/{site_id}/domains",
    response={201: list[DomainOut], **errors(*AUTH_ERRORS, *ID_ERRORS, *BODY_ERRORS)},
    openapi_extra=documented_headers(),
    url_name="domains_add",
    summary="Connect a domain to a site",
    description="Registers the domain with Cloudflare (a custom hostname with a DV "
    "certificate) and answers the new domain (and its pair) with the records to add. A bad "
    'name is 400 "invalid" with the reason; a plan without room 403 "plan_limit"; a domain '
    'connected elsewhere 409 "conflict".',
)
@idempotent
def domains_add(request: AccountRequest, site_id: int, payload: DomainIn) -> Status:
    _require_manager(request)
    site = _site(request, site_id)
    try:
        added = services.domain_add(
            site=site,
            hostname=payload.hostname,
            with_pair=payload.with_pair,
            ssl_method=payload.ssl_method,
        )
    except services.DomainError as exc:
        raise _refusal(exc) from exc
    return Status(201, [_out(domain) for domain in added])


@router.get(
    "/sites/{site_id}/domains/{domain_id}",
    response={200: DomainOut, **errors(*AUTH_ERRORS, *ID_ERRORS)},
    openapi_extra=documented_headers(),
    url_name="domain_detail",
    summary="A domain: its state, the records to add and the doctor's findings",
)
def domain_detail(request: AccountRequest, site_id: int, domain_id: int) -> dict[str, Any]:
    return _out(_domain(request, site_id, domain_id))


@router.post(
    "/sites/{site_id}/domains/{domain_id}/check",
    response={202: CheckOut, **errors(*AUTH_ERRORS, *ID_ERRORS, *BODY_ERRORS)},
    openapi_extra=documented_headers(),
    url_name="domain_check",
    summary="Check a domain now",
    description="At most once a minute per domain (else 429 with Retry-After). A stalled "
    "domain starts its checks over. Answers at once; GET the domain for the result.",
)
@idempotent
def domain_check(request: AccountRequest, site_id: int, domain_id: int) -> Status:
    _require_manager(request)
    domain = _domain(request, site_id, domain_id)
    try:
        services.domain_check_request(domain=domain)
    except services.DomainError as exc:
        raise _refusal(exc) from exc
    return Status(202, {"id": domain.pk, "message": f"Checking {domain.hostname}."})


@router.delete(
    "/sites/{site_id}/domains/{domain_id}",
    response={200: DomainOut, **errors(*AUTH_ERRORS, *ID_ERRORS)},
    openapi_extra=documented_headers(),
    url_name="domain_remove",
    summary="Disconnect a domain",
    description="The domain stops serving the site at once; its custom hostname and route "
    "are deleted at Cloudflare in the background. A removed domain answers 404.",
)
def domain_remove(request: AccountRequest, site_id: int, domain_id: int) -> dict[str, Any]:
    _require_manager(request)
    domain = _domain(request, site_id, domain_id)
    if domain.is_removed:
        raise ApiError(404, "not_found", "This domain was removed already.")
    try:
        return _out(services.domain_remove(domain=domain))
    except services.DomainError as exc:
        raise _refusal(exc) from exc
