"""Staff views of cycles (findings, fixes and the diff; run again), scans, what fixes
achieved, and proposals."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from code24.accounts.models import User
from optimization import services
from optimization.models import FixStat, OptimizationCycle, Proposal, Scan
from sites.admin import pretty_json


def _read_only(model: Any, excluded: list[str]) -> list[str]:
    return [f.name for f in model._meta.fields if f.name not in excluded]


@admin.register(OptimizationCycle)
class OptimizationCycleAdmin(admin.ModelAdmin):
    """Cycles are records of what happened: read-only; "Run again" queues a new one."""

    list_display = [
        "site",
        "number",
        "status",
        "outcome",
        "health_before",
        "health_after",
        "rolled_back",
        "milestone",
        "created_at",
    ]
    list_filter = ["status", "outcome", "rolled_back", "milestone", "requested_via"]
    search_fields = ["site__name", "site__slug", "site__account__name"]
    list_select_related = ["site"]
    date_hierarchy = "created_at"
    actions = ["run_again"]
    exclude = ["findings", "fixes", "diff", "scores_before", "scores_after"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[OptimizationCycle]:
        queryset = super().get_queryset(request)
        match = request.resolver_match
        if match and (match.url_name or "").endswith("changelist"):
            # The list never needs the big columns.
            return queryset.defer("findings", "diff", "scores_before", "scores_after")
        return queryset

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [
            *_read_only(OptimizationCycle, self.exclude),
            "scores_pretty",
            "findings_pretty",
            "fixes_pretty",
            "diff_pretty",
        ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description="Scores before → after")
    def scores_pretty(self, cycle: OptimizationCycle) -> str:
        return pretty_json({"before": cycle.scores_before, "after": cycle.scores_after})

    @admin.display(description="Findings")
    def findings_pretty(self, cycle: OptimizationCycle) -> str:
        return pretty_json(cycle.findings)

    @admin.display(description="Fixes")
    def fixes_pretty(self, cycle: OptimizationCycle) -> str:
        return pretty_json(cycle.fixes)

    @admin.display(description="Diff")
    def diff_pretty(self, cycle: OptimizationCycle) -> str:
        if not cycle.diff:
            return "—"
        return format_html('<pre class="code24-json">{}</pre>', cycle.diff)

    @admin.action(description="Run again (queue a new cycle of these sites)")
    def run_again(self, request: HttpRequest, queryset: QuerySet[OptimizationCycle]) -> None:
        staff = request.user if isinstance(request.user, User) else None
        started, refused = [], []
        sites = {cycle.site_id: cycle.site for cycle in queryset.select_related("site")}
        for site in sites.values():
            try:
                cycle = services.cycle_request(site=site, requested_by=staff, via="admin")
            except services.CycleRefused as exc:
                refused.append(f"{site.name}: {exc}")
            else:
                started.append(f"{site.name} (cycle {cycle.number})")
        if started:
            self.message_user(request, f"Queued: {', '.join(started)}.", messages.SUCCESS)
        for sentence in refused:
            self.message_user(request, sentence, messages.WARNING)


@admin.register(Scan)
class ScanAdmin(admin.ModelAdmin):
    list_display = [
        "url",
        "account",
        "site",
        "status",
        "health",
        "grade",
        "requested_via",
        "created_at",
    ]
    list_filter = ["status", "requested_via", "grade"]
    search_fields = ["url", "account__name", "site__name"]
    list_select_related = ["account", "site"]
    date_hierarchy = "created_at"
    exclude = ["findings", "recommendations", "pages", "scores", "options"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [
            *_read_only(Scan, self.exclude),
            "scores_pretty",
            "findings_pretty",
            "recommendations_pretty",
            "pages_pretty",
            "options_pretty",
        ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description="Scores")
    def scores_pretty(self, scan: Scan) -> str:
        return pretty_json(scan.scores)

    @admin.display(description="Findings")
    def findings_pretty(self, scan: Scan) -> str:
        return pretty_json(scan.findings)

    @admin.display(description="Recommendations")
    def recommendations_pretty(self, scan: Scan) -> str:
        return pretty_json(scan.recommendations)

    @admin.display(description="Pages fetched")
    def pages_pretty(self, scan: Scan) -> str:
        return pretty_json(scan.pages)

    @admin.display(description="Options")
    def options_pretty(self, scan: Scan) -> str:
        return pretty_json(scan.options)


@admin.register(FixStat)
class FixStatAdmin(admin.ModelAdmin):
    """What each fixer achieved per business type: the cycles' learning (kept by them)."""

    list_display = ["audit", "business_type", "tried", "kept", "rolled_back", "health_gain"]
    list_filter = ["business_type"]
    search_fields = ["audit", "business_type"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return _read_only(FixStat, [])

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "site", "kind", "status", "created_at", "decided_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "body", "site__name"]
    list_select_related = ["site"]
    raw_id_fields = ["lead", "cycle"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["site", "kind", "lead", "cycle", "created_at", "decided_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
