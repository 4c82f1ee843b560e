"""Domains pages: every domain of the account, one site's domains (live while checks run),
add, check now, remove; and the Cloudflare notification webhook."""

from __future__ import annotations

import hmac
import json
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseStopPolling

from code24.accounts.decorators import account_required
from code24.accounts.http import AccountRequest
from domains import services
from domains.forms import DomainAddForm
from domains.models import CustomDomain
from domains.records import records_to_add
from sites.addresses import site_address
from sites.models import Site

MANAGERS_ONLY = "Only the workspace's owners and admins can change its domains."


def _site(request: AccountRequest, site_id: int) -> Site:
    return get_object_or_404(Site.objects.filter(account=request.account), pk=site_id)


def _domain(request: AccountRequest, domain_id: int) -> CustomDomain:
    return get_object_or_404(
        CustomDomain.objects.connected().filter(account=request.account).select_related("site"),
        pk=domain_id,
    )


def _require_manager(request: AccountRequest) -> None:
    if not request.membership.can_manage_sites:
        raise PermissionDenied(MANAGERS_ONLY)


def _cards(domains: list[CustomDomain]) -> list[dict[str, Any]]:
    return [{"domain": domain, "records": records_to_add(domain)} for domain in domains]


def _recently_removed(queryset: Any) -> list[CustomDomain]:
    """Domains the plan disconnected, so the page says so (never silently)."""
    return list(
        queryset.filter(removed_at__isnull=False, removed_reason__startswith="Disconnected")
        .select_related("site")
        .order_by("-removed_at")[:10]
    )


@account_required
def domain_list(request: AccountRequest) -> HttpResponse:
    """Every site of the account with its domains."""
    account = request.account
    sites = list(Site.objects.filter(account=account).order_by("name", "id"))
    by_site: dict[int, list[CustomDomain]] = {site.pk: [] for site in sites}
    for domain in CustomDomain.objects.connected().filter(account=account):
        by_site.setdefault(domain.site_id, []).append(domain)
    return TemplateResponse(
        request,
        "domains/domain_list.html",
        {
            "entitlements": account.entitlements,
            "rows": [{"site": site, "domains": by_site[site.pk]} for site in sites],
            "disconnected": _recently_removed(CustomDomain.objects.filter(account=account)),
            "can_manage": request.membership.can_manage_sites,
        },
    )


def _site_context(request: AccountRequest, site: Site, form: DomainAddForm | None) -> dict:
    domains = services.site_domains(site)
    per_site = request.account.entitlements.custom_domains_per_site
    return {
        "site": site,
        "address": site_address(site),
        "cards": _cards(domains),
        "form": form or DomainAddForm(),
        "per_site": per_site,
        "room": services.room_left(site, domains),
        "entitlements": request.account.entitlements,
        "settled": all(domain.is_settled for domain in domains),
        "target": settings.CLOUDFLARE_FALLBACK_ORIGIN,
        "stalled_days": settings.DOMAINS_STALLED_DAYS,
        "now_plus_minute": timezone.now() + timedelta(minutes=1),
        "local_dns_page": services.local_dns_page(),
        "disconnected": _recently_removed(site.custom_domains.all()),
        "can_manage": request.membership.can_manage_sites,
    }


@account_required
def site_domains(request: AccountRequest, site_id: int) -> HttpResponse:
    """One site's domains; htmx polls the cards every few seconds until all are settled."""
    site = _site(request, site_id)
    context = _site_context(request, site, None)
    if not request.htmx:  # type: ignore[attr-defined]
        response: HttpResponse = TemplateResponse(request, "domains/site_domains.html", context)
    else:
        html = render_to_string("domains/site_domains.html#cards", context, request)
        response = HttpResponseStopPolling(html) if context["settled"] else HttpResponse(html)
    patch_vary_headers(response, ["HX-Request"])
    response["Cache-Control"] = "no-store"
    return response


@account_required
@require_POST
def domain_add(request: AccountRequest, site_id: int) -> HttpResponse:
    site = _site(request, site_id)
    _require_manager(request)
    form = DomainAddForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            added = services.domain_add(
                site=site,
                hostname=form.cleaned_data["hostname"],
                with_pair=form.cleaned_data["with_pair"],
                ssl_method=form.cleaned_data["ssl_method"],
            )
        except services.DomainError as exc:
            form.add_error("hostname", str(exc))
            status = exc.status if exc.status != 404 else 400
        else:
            names = " and ".join(domain.hostname for domain in added)
            messages.success(request, f"{names} added. Now add the records shown below.")
            return redirect("site_domains", site.pk)
    return TemplateResponse(
        request, "domains/site_domains.html", _site_context(request, site, form), status=status
    )


@account_required
@require_POST
def domain_check(request: AccountRequest, domain_id: int) -> HttpResponse:
    domain = _domain(request, domain_id)
    _require_manager(request)
    try:
        services.domain_check_request(domain=domain)
    except services.DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Checking {domain.hostname} now.")
    return redirect("site_domains", domain.site_id)


@account_required
def domain_remove(request: AccountRequest, domain_id: int) -> HttpResponse:
    domain = _domain(request, domain_id)
    _require_manager(request)
    if request.method == "POST":
        try:
            services.domain_remove(domain=domain)
        except services.DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                f"{domain.hostname} is disconnected. You can delete its DNS records at your "
                "DNS provider now.",
            )
        return redirect("site_domains", domain.site_id)
    return TemplateResponse(
        request,
        "domains/domain_remove.html",
        {"domain": domain, "site": domain.site, "address": site_address(domain.site)},
    )


# --- Cloudflare's notifications ----------------------------------------------------


@csrf_exempt
@require_POST
def cloudflare_webhook(request: HttpRequest) -> HttpResponse:
    """A Cloudflare notification (webhook destination with DOMAINS_WEBHOOK_SECRET): a
    custom hostname or its certificate changed, so check that domain now. Off (404)
    without a secret; a wrong secret is 401."""
    secret = settings.DOMAINS_WEBHOOK_SECRET
    if not secret:
        raise Http404("Cloudflare notifications are not configured.")
    given = request.headers.get("cf-webhook-auth", "")
    if not hmac.compare_digest(given.encode(), secret.encode()):
        return JsonResponse(
            {"error": "The cf-webhook-auth header is missing or wrong."}, status=401
        )
    try:
        payload = json.loads(request.body or b"{}")
    except ValueError:
        return JsonResponse({"error": "The body must be JSON."}, status=400)
    data = payload.get("data") if isinstance(payload, dict) else None
    names, ids = _mentioned(data if isinstance(data, dict) else {})
    checked = 0
    for domain in CustomDomain.objects.connected().filter(hostname__in=names) | (
        CustomDomain.objects.connected().filter(cloudflare_id__in=ids)
    ):
        services.domain_check_soon(domain=domain)
        checked += 1
    return JsonResponse({"checked": checked}, status=200)


def _mentioned(data: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The hostnames and custom hostname ids a notification's data names."""
    names: list[str] = []
    ids: list[str] = []
    for key in ("hostname", "custom_hostname", "name"):
        value = data.get(key)
        if isinstance(value, str):
            names.append(value.strip().rstrip(".").lower())
    for key in ("id", "custom_hostname_id"):
        value = data.get(key)
        if isinstance(value, str):
            ids.append(value.strip())
    metadata = data.get("metadata")
    if isinstance(metadata, dict):
        more_names, more_ids = _mentioned(metadata)
        names += more_names
        ids += more_ids
    return names[:10], ids[:10]
