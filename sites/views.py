"""Sites pages: overview, list, new site (with its address suggestion), build, the site page
and its actions, and the preview.

The endpoint where the sites' Workers deliver visitors' leads is sites.leads; the
preview's link rewriting is sites.preview."""

from __future__ import annotations

import hashlib
from typing import Any, get_args

from django.conf import settings
from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseStopPolling

from code24.accounts.decorators import account_required, role_required
from code24.accounts.http import AccountRequest
from code24.ai.extract import facts_from_text, merge_facts
from code24.cloudflare.errors import CloudflarePermanentError, CloudflareRetryableError
from sites import addresses, services
from sites.addresses import site_address
from sites.brief_facts import facts_panel
from sites.forms import BriefForm, SiteAddressForm, SiteDeleteForm
from sites.models import Build, BuildStep, Site, SiteAction
from sites.preview import preview_headers, preview_path, preview_rewrite
from sites.summaries import BUILD_BADGES, duration_text, step_views

MANAGERS_ONLY = "Only the workspace's owners and admins can change its sites."


def _sites(request: AccountRequest) -> Any:
    return Site.objects.filter(account=request.account).select_related("current_version")


def _site(request: AccountRequest, site_id: int) -> Site:
    return get_object_or_404(_sites(request), pk=site_id)


def _at_limit(request: AccountRequest) -> bool:
    account = request.account
    return account.entitlements.usage().sites >= account.entitlements.max_sites


# --- Overview and list ----------------------------------------------------------------


@account_required
def dashboard(request: AccountRequest) -> HttpResponse:
    """Overview: every site of the current account with its state."""
    account = request.account
    return TemplateResponse(
        request,
        "sites/dashboard.html",
        {
            # The domains app's rows, for the "Own domain" column (removed ones are skipped).
            "sites": _sites(request).prefetch_related("custom_domains"),
            "usage": account.entitlements.usage(),
            "plan": account.plan,
            "at_limit": _at_limit(request),
        },
    )


@account_required
def site_list(request: AccountRequest) -> HttpResponse:
    return TemplateResponse(
        request, "sites/site_list.html", {"sites": _sites(request), "at_limit": _at_limit(request)}
    )


# --- New site -------------------------------------------------------------------------


def _address_preview(data: Any) -> dict[str, Any]:
    """The address a new site would get from the form's values: the one typed (with its
    problem, if any) or the one suggested from the name."""
    typed = addresses.subdomain_clean(str(data.get("subdomain", ""))[:200])
    name = str(data.get("name", "")).strip()[:100]
    if typed:
        subdomain, problem = typed, addresses.subdomain_problem(typed)
    elif name:
        subdomain, problem = (
            addresses.subdomain_suggest(
                name,
                business_type=str(data.get("business_type", ""))[:60],
                location=str(data.get("location", ""))[:200],
            ),
            None,
        )
    else:
        return {"subdomain": "", "typed": False, "problem": None}
    return {
        "subdomain": subdomain,
        "typed": bool(typed),
        "problem": problem,
        "hostname": addresses.hostname_of(subdomain),
        "address": addresses.address_of(addresses.hostname_of(subdomain)),
    }


@account_required
def site_new(request: AccountRequest) -> HttpResponse:
    """The brief form. Every member may start a site (the plan's site limit permitting).
    htmx asks it for the address preview (`#address`) as the name or address is typed.

    Facts the description states that the customer did not type are shown for
    confirmation first: the form comes back with them filled in, and the next submit of
    the same description builds."""
    if request.method != "POST" and request.htmx:  # type: ignore[attr-defined]
        response: HttpResponse = TemplateResponse(
            request,
            "sites/site_new.html#address",
            {"preview": _address_preview(request.GET), "platform_domain": _platform()},
        )
        patch_vary_headers(response, ["HX-Request"])
        return response
    form = BriefForm(request.POST if request.method == "POST" else None)
    limit_message, status = "", 200
    found: list[str] = []
    if request.method == "POST" and form.is_valid() and not form.facts_confirmed:
        merged, found = merge_facts(form.brief.facts, facts_from_text(form.brief.description))
        if found:
            form = form.confirming(merged)
    if request.method == "POST" and not found and form.is_valid():
        try:
            build = services.site_create(
                account=request.account,
                brief=form.brief,
                requested_by=request.user,
                subdomain=form.cleaned_data["subdomain"],
            )
        except services.SiteLimitError as exc:
            limit_message, status = str(exc), 403
        except services.AddressError as exc:
            form.add_error("subdomain", str(exc))
            status = 409
        except services.SiteActionError as exc:
            form.add_error(None, str(exc))
            status = 409
        else:
            messages.success(
                request, f"The build of {build.site.name} has started. Follow each step here."
            )
            return redirect("build_detail", build.pk)
    account = request.account
    data = request.POST if request.method == "POST" else request.GET
    response = TemplateResponse(
        request,
        "sites/site_new.html",
        {
            "form": form,
            "preview": _address_preview(data),
            "platform_domain": _platform(),
            "at_limit": status == 403 or _at_limit(request),
            "limit_message": limit_message,
            "usage": account.entitlements.usage(),
            "plan": account.plan,
            "found": found,
        },
        status=status,
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


def _platform() -> str:
    return str(settings.PLATFORM_DOMAIN)


# --- Build page -----------------------------------------------------------------------


def _build(request: AccountRequest, build_id: int) -> Build:
    builds = Build.objects.filter(site__account=request.account).select_related("site")
    return get_object_or_404(builds, pk=build_id)


def _build_context(build: Build) -> dict[str, Any]:
    steps = step_views(build)
    done = sum(view.step.status == BuildStep.Status.SUCCEEDED for view in steps)
    current = next((v for v in steps if v.step.status != BuildStep.Status.SUCCEEDED), None)
    newer = build.site.builds.filter(created_at__gt=build.created_at).exists()
    if build.status == Build.Status.SUCCEEDED:
        announce = (
            "The build is done: your site is live."
            if build.site.is_live
            else f"The build is done. The site is {build.site.get_status_display().lower()} now."
        )
    elif build.status == Build.Status.FAILED:
        announce = f"The build stopped. {build.error}"
    elif current is not None and build.status == Build.Status.RUNNING:
        announce = f"Step {current.number} of {len(steps)}: {current.title}."
    else:
        announce = "Waiting for a free builder."
    return {
        "announce": announce,
        "build": build,
        "site": build.site,
        "steps": steps,
        "done": done,
        "current": current,
        "badge": BUILD_BADGES.get(build.status, "badge--neutral"),
        "duration": duration_text(build.duration),
        "address": site_address(build.site),
        "can_retry": build.status == Build.Status.FAILED and not newer,
        "newer": newer,
        "facts": facts_panel(build.site.brief),
    }


@account_required
def build_detail(request: AccountRequest, build_id: int) -> HttpResponse:
    build = _build(request, build_id)
    context = _build_context(build)
    if not request.htmx:  # type: ignore[attr-defined]
        response: HttpResponse = TemplateResponse(request, "sites/build_detail.html", context)
    else:
        # htmx polls the steps every second; 286 tells it to stop once the build is over.
        html = render_to_string("sites/build_detail.html#steps", context, request)
        response = HttpResponseStopPolling(html) if build.is_finished else HttpResponse(html)
    patch_vary_headers(response, ["HX-Request"])
    response["Cache-Control"] = "no-store"
    return response


@account_required
@require_POST
def build_retry(request: AccountRequest, build_id: int) -> HttpResponse:
    build = _build(request, build_id)
    try:
        services.build_retry(build=build)
    except services.SiteActionError as exc:
        messages.error(request, str(exc))
        build.refresh_from_db()
        return TemplateResponse(
            request, "sites/build_detail.html", _build_context(build), status=409
        )
    messages.success(request, "Trying again from the step that failed.")
    return redirect("build_detail", build.pk)


# --- Site page and its actions --------------------------------------------------------


ACTIONS: tuple[SiteAction, ...] = get_args(SiteAction)


def _site_page(
    request: AccountRequest,
    site: Site,
    *,
    status: int = 200,
    delete_form: SiteDeleteForm | None = None,
    address_form: SiteAddressForm | None = None,
) -> TemplateResponse:
    site.refresh_from_db()
    builds = site.builds.select_related("requested_by")
    leads = site.leads.all()
    active_build = builds.filter(status__in=[Build.Status.QUEUED, Build.Status.RUNNING]).first()
    running = active_build is not None
    return TemplateResponse(
        request,
        "sites/site_detail.html",
        {
            "site": site,
            "address": site_address(site),
            "version": site.current_version,
            "versions": site.versions.select_related("build"),
            "builds": builds[:10],
            "build_count": builds.count(),
            "active_build": active_build,
            "latest_build": builds.first(),
            "leads": leads[:100],
            "lead_count": leads.count(),
            "can_manage": request.membership.can_manage_sites,
            # What makes sense in the site's state (the services refuse the rest).
            "can": {a: site.refusal(a, build_running=running) is None for a in ACTIONS},
            "redirects": site.redirects.filter(expires_at__gt=timezone.now()),
            "delete_form": delete_form or SiteDeleteForm(site_name=site.name),
            "address_form": address_form or SiteAddressForm(site=site),
            "platform_domain": _platform(),
            "redirect_days": settings.ADDRESS_REDIRECT_DAYS,
            "build_badges": BUILD_BADGES,
            "draft_count": site.edits.filter(draft=True).count(),
            "proposal_count": site.edits.filter(draft=False, proposed_at__isnull=False).count(),
        },
        status=status,
    )


@account_required
def site_detail(request: AccountRequest, site_id: int) -> HttpResponse:
    return _site_page(request, _site(request, site_id))


def _site_action(request: AccountRequest, site: Site, action: Any, done: str) -> HttpResponse:
    """Run one site action; a refusal or a Cloudflare failure is a sentence on the page."""
    try:
        action(site=site)
    except services.SiteActionError as exc:
        messages.error(request, str(exc))
        return _site_page(request, site, status=409)
    except CloudflareRetryableError:
        messages.error(
            request,
            "Our hosting provider is busy or unreachable right now, so nothing changed. "
            "Please try again in a minute.",
        )
        return _site_page(request, site, status=503)
    except CloudflarePermanentError as exc:
        messages.error(request, exc.customer_message)
        return _site_page(request, site, status=502)
    messages.success(request, done)
    return redirect("site_detail", site.pk)


@role_required("can_manage_sites", MANAGERS_ONLY)
@require_POST
def site_rebuild(request: AccountRequest, site_id: int) -> HttpResponse:
    site = _site(request, site_id)
    try:
        build = services.site_rebuild(site=site, requested_by=request.user)
    except services.SiteActionError as exc:
        messages.error(request, str(exc))
        return _site_page(request, site, status=409)
    messages.success(request, f"Rebuilding {site.name}. Your current version stays live meanwhile.")
    return redirect("build_detail", build.pk)


@role_required("can_manage_sites", MANAGERS_ONLY)
@require_POST
def site_pause(request: AccountRequest, site_id: int) -> HttpResponse:
    return _site_action(
        request,
        _site(request, site_id),
        services.site_pause,
        "Improvements paused. The site stays online, and Code24 won't change it by itself.",
    )


@role_required("can_manage_sites", MANAGERS_ONLY)
@require_POST
def site_resume(request: AccountRequest, site_id: int) -> HttpResponse:
    return _site_action(
        request,
        _site(request, site_id),
        services.site_resume,
        "Improvements are on again. Code24 schedules the site's next cycle shortly.",
    )


@role_required("can_manage_sites", MANAGERS_ONLY)
@require_POST
def site_unpublish(request: AccountRequest, site_id: int) -> HttpResponse:
    return _site_action(
        request,
        _site(request, site_id),
        services.site_unpublish,
        "The site is offline: its address now answers “not found”. Its versions, messages "
        "and address are kept; put it back online whenever you like.",
    )


@role_required("can_manage_sites", MANAGERS_ONLY)
@require_POST
def site_put_online(request: AccountRequest, site_id: int) -> HttpResponse:
    return _site_action(
        request,
        _site(request, site_id),
        services.site_put_online,
        "The site is live again at its address.",
    )


@role_required("can_manage_sites", MANAGERS_ONLY)
@require_POST
def site_address_change(request: AccountRequest, site_id: int) -> HttpResponse:
    """Change the site's address; the old one redirects to the new one for a while."""
    site = _site(request, site_id)
    form = SiteAddressForm(request.POST, site=site)
    if not form.is_valid():
        return _site_page(request, site, status=400, address_form=form)
    try:
        services.site_address_change(site=site, subdomain=form.cleaned_data["subdomain"])
    except services.AddressError as exc:
        form.add_error("subdomain", str(exc))
        return _site_page(request, site, status=409, address_form=form)
    except services.SiteActionError as exc:
        messages.error(request, str(exc))
        return _site_page(request, site, status=409)
    site.refresh_from_db()
    messages.success(
        request,
        f"Moving the site to {site.hostname}… It answers there in a few seconds. The old "
        f"address sends visitors to the new one for {settings.ADDRESS_REDIRECT_DAYS} days.",
    )
    return redirect("site_detail", site.pk)


@role_required("can_manage_sites", MANAGERS_ONLY)
def site_delete(request: AccountRequest, site_id: int) -> HttpResponse:
    """GET: the confirmation page. POST: delete, once the site's name was typed."""
    site = _site(request, site_id)
    form = SiteDeleteForm(request.POST if request.method == "POST" else None, site_name=site.name)
    if request.method == "POST" and form.is_valid():
        services.site_delete(site=site)
        messages.success(
            request,
            f"{site.name} was deleted, with its versions and leads. Its address stops "
            "answering within a minute.",
        )
        return redirect("site_list")
    return TemplateResponse(request, "sites/site_delete.html", {"site": site, "form": form})


@role_required("can_manage_sites", MANAGERS_ONLY)
@require_POST
def site_restore(request: AccountRequest, site_id: int, version_id: int) -> HttpResponse:
    site = _site(request, site_id)
    version = get_object_or_404(site.versions, pk=version_id)
    try:
        live = services.site_restore(site=site, version=version)
    except services.SiteActionError as exc:
        messages.error(request, str(exc))
        return _site_page(request, site, status=409)
    again = (
        ""
        if live.pk == version.pk
        else f" It comes back as version {live.number}, made for the site's address now."
    )
    messages.success(
        request,
        f"Restoring version {version.number}…{again} It will be live in a few seconds; "
        "reload this page to see it marked as current.",
    )
    return redirect("site_detail", site.pk)


# --- Preview --------------------------------------------------------------------------


@account_required
@xframe_options_sameorigin
def site_preview(request: AccountRequest, site_id: int, path: str = "") -> HttpResponse:
    site = _site(request, site_id)
    version = site.current_version
    if version is None:
        raise Http404("This site has no published version yet.")
    manifest = version.manifest
    name = preview_path(manifest, path)
    status = 200
    if name is None:
        if "404.html" not in manifest:
            raise Http404("No such page in this site.")
        name, status = "404.html", 404
    entry = manifest[name]
    etag = f'"{entry["sha256"][:32]}"'
    if status == 200 and request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        with default_storage.open(entry["name"], "rb") as handle:
            body = handle.read()
        if hashlib.sha256(body).hexdigest() != entry["sha256"]:
            raise Http404("The stored copy of this file is damaged.")
        prefix = reverse("site_preview", args=[site.pk, ""])
        body = preview_rewrite(body, entry["content_type"], prefix, site_address(site))
        response = HttpResponse(body, content_type=entry["content_type"], status=status)
    response["ETag"] = etag
    return preview_headers(response)
