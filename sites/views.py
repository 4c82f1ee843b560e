"""Sites pages: overview, list, new site, build, the site page and its actions, the preview,
and the endpoint where the sites' Workers deliver visitors' leads."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
from typing import Any
from urllib.parse import urlsplit

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseStopPolling

from code24.accounts.decorators import account_required, role_required
from code24.accounts.http import AccountRequest
from code24.api_errors import BodyNotJSON, parse_json_body
from code24.cloudflare.errors import CloudflarePermanentError, CloudflareRetryableError
from sites import services
from sites.addresses import forms_token_for, site_address
from sites.forms import BriefForm, LeadForm, SiteDeleteForm
from sites.models import Build, BuildStep, Site
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
            "sites": _sites(request),
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


@account_required
def site_new(request: AccountRequest) -> HttpResponse:
    """The brief form. Every member may start a site (the plan's site limit permitting)."""
    form = BriefForm(request.POST if request.method == "POST" else None)
    limit_message, status = "", 200
    if request.method == "POST" and form.is_valid():
        try:
            build = services.site_create(
                account=request.account, brief=form.brief, requested_by=request.user
            )
        except services.SiteLimitError as exc:
            limit_message, status = str(exc), 403
        except services.SiteActionError as exc:
            form.add_error(None, str(exc))
            status = 409
        else:
            messages.success(
                request, f"The build of {build.site.name} has started. Follow each step here."
            )
            return redirect("build_detail", build.pk)
    account = request.account
    return TemplateResponse(
        request,
        "sites/site_new.html",
        {
            "form": form,
            "at_limit": status == 403 or _at_limit(request),
            "limit_message": limit_message,
            "usage": account.entitlements.usage(),
            "plan": account.plan,
        },
        status=status,
    )


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
        announce = "The build is done: your site is live."
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


def _site_page(
    request: AccountRequest,
    site: Site,
    *,
    status: int = 200,
    delete_form: SiteDeleteForm | None = None,
) -> TemplateResponse:
    builds = site.builds.select_related("requested_by")
    leads = site.leads.all()
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
            "active_build": builds.filter(
                status__in=[Build.Status.QUEUED, Build.Status.RUNNING]
            ).first(),
            "latest_build": builds.first(),
            "leads": leads[:100],
            "lead_count": leads.count(),
            "can_manage": request.membership.can_manage_sites,
            "delete_form": delete_form or SiteDeleteForm(site_name=site.name),
            "build_badges": BUILD_BADGES,
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
        "Paused. The site stays online; Code24 stops improving it until you resume.",
    )


@role_required("can_manage_sites", MANAGERS_ONLY)
@require_POST
def site_resume(request: AccountRequest, site_id: int) -> HttpResponse:
    return _site_action(
        request,
        _site(request, site_id),
        services.site_resume,
        "Resumed. The site is online and Code24 is improving it again.",
    )


@role_required("can_manage_sites", MANAGERS_ONLY)
@require_POST
def site_unpublish(request: AccountRequest, site_id: int) -> HttpResponse:
    return _site_action(
        request,
        _site(request, site_id),
        services.site_unpublish,
        "Unpublished. The site's address now answers “not found”; its versions are kept. "
        "Resume to put it back online.",
    )


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
        services.site_restore(site=site, version=version)
    except services.SiteActionError as exc:
        messages.error(request, str(exc))
        return _site_page(request, site, status=409)
    messages.success(
        request,
        f"Restoring version {version.number}… It will be live in a few seconds; "
        "reload this page to see it marked as current.",
    )
    return redirect("site_detail", site.pk)


# --- Preview --------------------------------------------------------------------------

# The preview shows the customer's generated pages inside the dashboard's origin, so they
# must never run a script there: no scripts at all, and the page is sandboxed even when
# opened on its own (a sandbox without allow-scripts; same origin only so styles load).
PREVIEW_CSP = (
    "default-src 'self'; img-src 'self' data:; script-src 'none'; object-src 'none'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox allow-same-origin"
)
_ROOT_LINKS = re.compile(r"""(\s(?:href|src|action|poster)\s*=\s*["'])/(?!/)""", re.IGNORECASE)
_ROOT_CSS_URLS = re.compile(r"""(url\(\s*["']?)/(?!/)""", re.IGNORECASE)
# Script elements (the sites carry only JSON-LD) would not run anyway; dropping them keeps
# the dashboard's console free of "blocked script" errors.
_SCRIPTS = re.compile(r"<script\b[^>]*>.*?</script\s*>", re.IGNORECASE | re.DOTALL)


def _preview_path(manifest: dict[str, Any], path: str) -> str | None:
    """The file serving a URL path, the way the site's Worker resolves it."""
    path = path.lstrip("/")
    if path == "":
        candidates = ["index.html"]
    elif path.endswith("/"):
        candidates = [f"{path}index.html", f"{path.rstrip('/')}.html"]
    else:
        candidates = [path, f"{path}.html", f"{path}/index.html"]
    return next((c for c in candidates if c in manifest), None)


def _preview_rewrite(body: bytes, content_type: str, prefix: str, origin: str) -> bytes:
    """Point links at the preview: "/about" and "<site address>/about" become
    "<prefix>about", so a click inside the frame stays in the preview."""
    if not content_type.startswith(("text/html", "text/css")):
        return body
    text = body.decode("utf-8", errors="replace")
    for absolute in {origin + "/", origin.replace("http://", "https://") + "/"}:
        text = text.replace(f'"{absolute}', f'"{prefix}')
    if content_type.startswith("text/html"):
        text = _SCRIPTS.sub("", text)
        text = _ROOT_LINKS.sub(lambda m: m.group(1) + prefix, text)
    text = _ROOT_CSS_URLS.sub(lambda m: m.group(1) + prefix, text)
    return text.encode()


@account_required
@xframe_options_sameorigin
def site_preview(request: AccountRequest, site_id: int, path: str = "") -> HttpResponse:
    site = _site(request, site_id)
    version = site.current_version
    if version is None:
        raise Http404("This site has no published version yet.")
    manifest = version.manifest
    name = _preview_path(manifest, path)
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
        body = _preview_rewrite(body, entry["content_type"], prefix, site_address(site))
        response = HttpResponse(body, content_type=entry["content_type"], status=status)
    response["ETag"] = etag
    response["Content-Security-Policy"] = PREVIEW_CSP
    response["Cache-Control"] = "private, no-cache"
    response["Referrer-Policy"] = "no-referrer"
    return response


# --- Leads from the sites' Workers ----------------------------------------------------

LEAD_LIMIT = 5  # accepted submissions per site and visitor address ...
LEAD_WINDOW_SECONDS = 600  # ... in this many seconds
LEAD_MAX_BODY = 128 * 1024


def _lead_error(status: int, sentence: str) -> JsonResponse:
    return JsonResponse({"error": sentence}, status=status)


def _client_ip(value: Any) -> str:
    try:
        return str(ipaddress.ip_address(str(value)))
    except ValueError:
        return "unknown"


def _page_path(value: Any) -> str:
    if not isinstance(value, str) or not value:
        return ""
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. "https://[::1" (an unclosed IPv6 address)
        return ""
    return (parts.path or "/")[:300] if parts.scheme in {"http", "https"} else ""


@csrf_exempt
def lead_receive(request: HttpRequest, site_id: int) -> HttpResponse:
    """A visitor's form submission, forwarded by the site's Worker (its contract is at the
    top of code24/cloudflare/workers/site_worker.js)."""
    if request.method != "POST":
        response = _lead_error(405, "Send form submissions with POST.")
        response["Allow"] = "POST"
        return response
    # The token is checked before the site is looked up, so a caller without it cannot
    # learn which site ids exist.
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        token.strip().encode(), forms_token_for(site_id).encode()
    ):
        return _lead_error(401, "The form's credentials are wrong.")
    site = Site.objects.filter(pk=site_id).first()
    if site is None:
        return _lead_error(404, "This site does not exist (any more).")
    if site.current_version_id is None:
        return _lead_error(404, "This site is not published.")
    try:
        too_long = len(request.body) > LEAD_MAX_BODY
    except RequestDataTooBig:  # past DATA_UPLOAD_MAX_MEMORY_SIZE Django won't read it
        too_long = True
    if too_long:
        return _lead_error(413, "The message is too long. Please shorten it.")
    try:
        payload = parse_json_body(request.body)
    except BodyNotJSON:
        return _lead_error(400, "The form could not be read. Please send it again.")
    fields = payload.get("fields") if isinstance(payload, dict) else None
    if not isinstance(fields, dict) or not all(isinstance(v, str | None) for v in fields.values()):
        return _lead_error(400, "The form could not be read. Please send it again.")
    if fields.get("website") or fields.get("_gotcha") or payload.get("_gotcha"):
        return JsonResponse({"ok": True})  # a bot filled the hidden field: drop it quietly
    form = LeadForm({k: v or "" for k, v in fields.items()})
    if not form.is_valid():
        return _lead_error(400, form.error_sentence())
    key = f"leads:{site.pk}:{_client_ip(payload.get('client_ip'))}"
    cache.add(key, 0, LEAD_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, LEAD_WINDOW_SECONDS)
        count = 1
    if count > LEAD_LIMIT:
        return _lead_error(
            429, "You have sent several messages in a short time. Please wait a few minutes."
        )
    services.lead_record(site=site, fields=form.cleaned_data, page=_page_path(payload.get("page")))
    return JsonResponse({"ok": True}, status=201)
