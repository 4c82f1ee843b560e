"""The endpoint where the sites' Workers deliver their visitors' form submissions, with its
per-visitor rate limit (the Worker's side of the contract is at the top of
code24/cloudflare/workers/site_worker.js)."""

from __future__ import annotations

import hmac
import ipaddress
import math
import time
from typing import Any
from urllib.parse import urlsplit

from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from code24.api_errors import BodyNotJSON, parse_json_body
from sites import services
from sites.addresses import forms_token_for
from sites.forms import LeadForm
from sites.models import Site

LEAD_LIMIT = 5  # accepted submissions per site and visitor address ...
LEAD_WINDOW_SECONDS = 600  # ... in this many seconds
LEAD_MAX_BODY = 128 * 1024


def _lead_error(status: int, sentence: str, fields: dict[str, str] | None = None) -> JsonResponse:
    body: dict[str, Any] = {"error": sentence}
    if fields:
        body["fields"] = fields
    return JsonResponse(body, status=status)


def _seconds_to_wait(site: Site, client_ip: str) -> int:
    """Counts one accepted submission from this visitor; answers 0 while they are within
    LEAD_LIMIT, else the seconds until their window ends (the window starts with their
    first submission)."""
    key = f"leads:{site.pk}:{client_ip}"
    now = time.time()
    cache.add(f"{key}:since", now, LEAD_WINDOW_SECONDS)
    cache.add(key, 0, LEAD_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, LEAD_WINDOW_SECONDS)
        count = 1
    if count <= LEAD_LIMIT:
        return 0
    since = cache.get(f"{key}:since", now)
    return max(1, math.ceil(since + LEAD_WINDOW_SECONDS - now))


def _minutes(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


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
        return _lead_error(400, form.error_sentence(), form.field_errors())
    wait = _seconds_to_wait(site, _client_ip(payload.get("client_ip")))
    if wait:
        response = _lead_error(
            429,
            f"You have sent {LEAD_LIMIT} messages in a short time. "
            f"Please try again in {_minutes(wait)}.",
        )
        response["Retry-After"] = str(wait)
        return response
    services.lead_record(site=site, fields=form.cleaned_data, page=_page_path(payload.get("page")))
    return JsonResponse({"ok": True}, status=201)
