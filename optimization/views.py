import math

from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseStopPolling

from code24.accounts.decorators import account_required
from code24.accounts.http import AccountRequest
from optimization import services
from optimization.forms import ScanForm
from optimization.models import Scan
from optimization.scan_report import scan_report


@account_required
def overview(request: AccountRequest) -> HttpResponse:
    entitlements = request.account.entitlements
    return TemplateResponse(request, "optimization/overview.html", {"entitlements": entitlements})


# --- Scans of any site ---

RECENT_SCANS = 20


def _scan_page(request: AccountRequest, form: ScanForm, status: int = 200) -> HttpResponse:
    scans = Scan.objects.filter(account=request.account).only(
        "id", "url", "status", "health", "grade", "created_at"
    )[:RECENT_SCANS]
    return TemplateResponse(
        request,
        "optimization/scan.html",
        {
            "form": form,
            "scans": scans,
            "per_hour": request.account.entitlements.scans_per_hour,
        },
        status=status,
    )


@account_required
@require_http_methods(["GET", "POST"])
def scan(request: AccountRequest) -> HttpResponse:
    """Scan any site: the address in, the report on the scan's own page."""
    if request.method != "POST":
        return _scan_page(request, ScanForm())
    form = ScanForm(request.POST)
    if not form.is_valid():
        return _scan_page(request, form, status=400)
    try:
        started = services.scan_request(
            account=request.account,
            url=form.cleaned_data["url"],
            options={"optimization_type": "full"},
            requested_by=request.user,
            via="dashboard",
        )
    except services.ScanRefused as exc:
        form.add_error("url", exc.message)
        return _scan_page(request, form, status=400)
    except services.ScanLimitReached as exc:
        form.add_error(None, exc.message)
        response = _scan_page(request, form, status=429)
        response["Retry-After"] = str(max(1, math.ceil(exc.retry_after)))
        return response
    return redirect("scan_detail", started.pk)


@account_required
def scan_detail(request: AccountRequest, scan_id: int) -> HttpResponse:
    """One scan: working (htmx polls the report until it is finished), failed or done."""
    found = get_object_or_404(Scan.objects.filter(account=request.account), pk=scan_id)
    if request.method not in ("GET", "HEAD"):  # after the lookup: another's scan is a 404
        return HttpResponseNotAllowed(["GET", "HEAD"])
    context = {
        "scan": found,
        "report": scan_report(found) if found.status == Scan.Status.DONE else None,
    }
    if not request.htmx:  # type: ignore[attr-defined]
        response: HttpResponse = TemplateResponse(request, "optimization/scan_detail.html", context)
    else:
        html = render_to_string("optimization/scan_detail.html#report", context, request)
        response = HttpResponseStopPolling(html) if found.is_finished else HttpResponse(html)
    patch_vary_headers(response, ["HX-Request"])
    response["Cache-Control"] = "no-store"
    return response
