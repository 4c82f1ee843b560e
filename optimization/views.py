"""Optimization pages: every site's health (the account overview), a site's Optimization
page (score chart, the running cycle live, the cycles, pause / resume, run a cycle now,
proposals), a cycle's page, a milestone report; and scans of any site."""

from __future__ import annotations

import math
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseStopPolling

from code24.accounts.decorators import account_required, role_required
from code24.accounts.http import AccountRequest
from optimization import charts, proposals, reports, services, summaries
from optimization.forms import ScanForm
from optimization.models import OptimizationCycle, Proposal, Scan
from optimization.scan_report import scan_report
from sites import services as site_services
from sites.addresses import site_address
from sites.models import Site
from sites.summaries import duration_text

MANAGERS_ONLY = "Only the workspace's owners and admins can change how Code24 improves its sites."
CYCLES_PER_PAGE = 25
TABLE_FIELDS = (
    "id",
    "site_id",
    "number",
    "status",
    "outcome",
    "created_at",
    "started_at",
    "finished_at",
    "health_before",
    "health_after",
    "rolled_back",
    "fixes",
    "milestone",
    "requested_via",
)


class ProposalAnswerForm(forms.Form):
    answer = forms.CharField(
        max_length=2000,
        strip=True,
        error_messages={"required": "Write the answer visitors should read, then accept it."},
    )


def _site(request: AccountRequest, site_id: int) -> Site:
    return get_object_or_404(
        Site.objects.filter(account=request.account).select_related("current_version"),
        pk=site_id,
    )


def _latest_cycle(site: Site) -> OptimizationCycle | None:
    """The site's newest cycle. A cycle is queued only when none is queued or running, so
    the newest is the only one that can be: one index lookup, however long the history."""
    return (
        site.cycles.only(
            "id", "site_id", "number", "status", "outcome", "phase", "created_at", "started_at"
        )
        .order_by("-number")
        .first()
    )


# --- The account overview ------------------------------------------------------------------


@account_required
def overview(request: AccountRequest) -> HttpResponse:
    """Every site of the account with its health, trend, last and next cycle."""
    account = request.account
    sites = summaries.sites_with_health(Site.objects.filter(account=account).order_by("name", "id"))
    return TemplateResponse(
        request,
        "optimization/overview.html",
        {
            "entitlements": account.entitlements,
            "rows": [summaries.site_health(site) for site in sites],
        },
    )


# --- A site's Optimization page ---------------------------------------------------------------


def _running_context(site: Site) -> dict[str, Any]:
    latest = _latest_cycle(site)
    active = latest if latest is not None and latest.status in summaries.ACTIVE else None
    last = None if active else latest
    return {
        "site": site,
        "active": active,
        "active_phase": summaries.phase_words(active.phase) if active else "",
        "active_duration": duration_text(active.duration) if active else "",
        "last": last,
        "last_badge": summaries.badge(last.status, last.outcome) if last else None,
    }


def _page_context(request: AccountRequest, site: Site) -> dict[str, Any]:
    chart_cycles = summaries.chart_cycles(site)
    measured = [c for c in chart_cycles if summaries.kept_health(c) is not None]
    current = measured[-1] if measured else None
    previous = measured[-2] if len(measured) > 1 else None
    health = summaries.kept_health(current) if current else None
    change = charts.trend(health, summaries.kept_health(previous) if previous else None)
    page = Paginator(site.cycles.only(*TABLE_FIELDS).order_by("-number"), CYCLES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [
        {
            "cycle": cycle,
            "badge": summaries.badge(cycle.status, cycle.outcome),
            "fixes": len(cycle.fixes or []),
        }
        for cycle in page.object_list
    ]
    can_manage = request.membership.can_manage_sites
    return {
        "site": site,
        "address": site_address(site),
        "charts": summaries.score_charts(chart_cycles, title=f"Scores of {site.name} over time"),
        "health": health,
        "change": change,
        "change_words": summaries.trend_words(change),
        "grade": summaries.kept_grade(current) if current else "",
        "current": current,
        "score_now": [
            (label, (summaries.kept_scores(current) if current else {}).get(key))
            for key, label in summaries.CATEGORIES
        ],
        "page": page,
        "rows": rows,
        "next": summaries.next_cycle(site),
        "can_manage": can_manage,
        "can_pause": site.refusal("pause", build_running=False) is None,
        "can_resume": site.refusal("resume", build_running=False) is None,
        "proposals": list(site.proposals.filter(status=Proposal.Status.OPEN)[:20]),
        "plan": request.account.entitlements.plan,
        **_running_context(site),
    }


def _page(request: AccountRequest, site: Site, *, status: int = 200) -> TemplateResponse:
    response = TemplateResponse(
        request, "optimization/site_optimization.html", _page_context(request, site), status=status
    )
    response["Cache-Control"] = "no-store"
    return response


@account_required
def site_optimization(request: AccountRequest, site_id: int) -> HttpResponse:
    """The site's Optimization page. htmx polls its running-cycle card while a cycle is
    queued or running; the answer is 286 (stop polling) once none is."""
    site = _site(request, site_id)
    if not request.htmx:  # type: ignore[attr-defined]
        response: HttpResponse = _page(request, site)
    else:
        context = _running_context(site)
        html = render_to_string("optimization/site_optimization.html#running", context, request)
        response = HttpResponse(html) if context["active"] else HttpResponseStopPolling(html)
        response["Cache-Control"] = "no-store"
    patch_vary_headers(response, ["HX-Request"])
    return response


@role_required("can_manage_sites", MANAGERS_ONLY)
@require_POST
def cycle_run_now(request: AccountRequest, site_id: int) -> HttpResponse:
    site = _site(request, site_id)
    try:
        cycle = services.cycle_request(site=site, requested_by=request.user, via="dashboard")
    except services.CycleRefused as exc:
        messages.error(request, str(exc))
        return _page(request, site, status=409)
    messages.success(
        request, f"Cycle {cycle.number} has started. This page shows its progress as it runs."
    )
    return redirect("site_optimization", site.pk)


def _improvements(request: AccountRequest, site_id: int, *, paused: bool) -> HttpResponse:
    site = _site(request, site_id)
    try:
        if paused:
            site_services.site_pause(site=site)
        else:
            site_services.site_resume(site=site)
    except site_services.SiteActionError as exc:
        messages.error(request, str(exc))
        return _page(request, site, status=409)
    messages.success(
        request,
        "Improvements paused. The site stays online, and Code24 won't change it by itself "
        "until you resume them."
        if paused
        else "Improvements are on again. Code24 schedules the site's next cycle shortly.",
    )
    return redirect("site_optimization", site.pk)


@role_required("can_manage_sites", MANAGERS_ONLY)
@require_POST
def improvements_pause(request: AccountRequest, site_id: int) -> HttpResponse:
    return _improvements(request, site_id, paused=True)


@role_required("can_manage_sites", MANAGERS_ONLY)
@require_POST
def improvements_resume(request: AccountRequest, site_id: int) -> HttpResponse:
    return _improvements(request, site_id, paused=False)


def _proposal(site: Site, proposal_id: int) -> Proposal:
    return get_object_or_404(site.proposals.filter(status=Proposal.Status.OPEN), pk=proposal_id)


@role_required("can_manage_sites", MANAGERS_ONLY)
@require_POST
def proposal_accept(request: AccountRequest, site_id: int, proposal_id: int) -> HttpResponse:
    site = _site(request, site_id)
    proposal = _proposal(site, proposal_id)
    form = ProposalAnswerForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("answer", []):
            messages.error(request, f"“{proposal.title}”: {error}")
        return _page(request, site, status=400)
    proposals.proposal_accept(
        proposal=proposal, answer=form.cleaned_data["answer"], user=request.user
    )
    messages.success(request, "Accepted. The next cycle publishes the answer in your site's FAQ.")
    return redirect("site_optimization", site.pk)


@role_required("can_manage_sites", MANAGERS_ONLY)
@require_POST
def proposal_dismiss(request: AccountRequest, site_id: int, proposal_id: int) -> HttpResponse:
    site = _site(request, site_id)
    proposals.proposal_dismiss(proposal=_proposal(site, proposal_id), user=request.user)
    messages.success(request, "Dismissed. Nothing about it is published.")
    return redirect("site_optimization", site.pk)


# --- A cycle's page and a milestone report -----------------------------------------------


def _cycle(site: Site, number: int) -> OptimizationCycle:
    return get_object_or_404(
        site.cycles.select_related("version_before", "version_after"), number=number
    )


@account_required
def cycle_detail(request: AccountRequest, site_id: int, number: int) -> HttpResponse:
    site = _site(request, site_id)
    cycle = _cycle(site, number)
    before, after = cycle.scores_before or {}, cycle.scores_after or {}
    scores = []
    for key, label in summaries.CATEGORIES:
        old, new = before.get(key), after.get(key)
        scores.append(
            {
                "key": key,
                "label": label,
                "help": summaries.CATEGORY_HELP[key],
                "before": old,
                "after": new,
                "change": charts.trend(new, old),
            }
        )
    diff, diff_cut = summaries.diff_lines(cycle.diff)
    context = {
        "site": site,
        "cycle": cycle,
        "badge": summaries.badge(cycle.status, cycle.outcome),
        "scores": scores,
        "health_change": charts.trend(cycle.health_after, cycle.health_before),
        "findings": summaries.finding_views(cycle.findings),
        "fixes": summaries.fix_views(cycle.fixes),
        "diff": diff,
        "diff_cut": diff_cut,
        "added": sum(line.kind == "add" for line in diff),
        "removed": sum(line.kind == "del" for line in diff),
        "duration": duration_text(cycle.duration),
        "phase": summaries.phase_words(cycle.phase),
        "previous": site.cycles.filter(number__lt=number).values_list("number", flat=True).first(),
        "next_number": site.cycles.filter(number__gt=number)
        .order_by("number")
        .values_list("number", flat=True)
        .first(),
    }
    response = TemplateResponse(request, "optimization/cycle_detail.html", context)
    response["Cache-Control"] = "no-store"
    return response


@account_required
def milestone_report(request: AccountRequest, site_id: int, number: int) -> HttpResponse:
    site = _site(request, site_id)
    cycle = _cycle(site, number)
    if not cycle.milestone:
        raise Http404("This cycle is not a milestone, so it has no report.")
    report = reports.milestone_report(cycle)
    achieved = report.get("achieved", {})
    window = list(
        site.cycles.filter(number__lte=number, status=OptimizationCycle.Status.DONE)
        .only(*summaries.CHART_FIELDS)
        .order_by("-number")[: len(report.get("cycles", [])) or 10]
    )[::-1]
    return TemplateResponse(
        request,
        "optimization/milestone_report.html",
        {
            "site": site,
            "cycle": cycle,
            "report": report,
            "achieved": achieved,
            "changes": [c for c in report.get("changes", []) if isinstance(c, dict)],
            "rows": [
                {**row, "badge": summaries.badge(row.get("status", ""), row.get("outcome", ""))}
                for row in report.get("cycles", [])
                if isinstance(row, dict)
            ],
            "charts": summaries.score_charts(
                window, title=f"Scores of {site.name} over these cycles"
            ),
        },
    )


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
