"""Staff views of sites, builds (with their steps' outputs and errors), versions and leads."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join

from sites import services
from sites.brief_facts import facts_panel
from sites.models import AddressRedirect, Build, BuildStep, Lead, Site, SiteVersion


def pretty_json(value: Any) -> str:
    """A JSON value, indented, escaped, in a scrollable block."""
    if value is None:
        return "—"
    text = json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True)
    return format_html('<pre class="code24-json">{}</pre>', text)


class AddressRedirectInline(admin.TabularInline):
    model = AddressRedirect
    extra = 0
    can_delete = False
    fields = readonly_fields = ("slug", "created_at", "expires_at", "routed_at")
    verbose_name = "previous address"
    verbose_name_plural = "previous addresses (redirecting to the site)"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    """A site's state, address and version change only through the services (they keep
    Cloudflare in step), so they are read-only here."""

    list_display = [
        "name",
        "hostname",
        "account",
        "status",
        "improvements",
        "current_version",
        "created_at",
    ]
    list_filter = ["status", "improvements_paused"]
    search_fields = ["name", "slug", "account__name", "redirects__slug"]
    list_select_related = ["account", "current_version"]
    raw_id_fields = ["account", "current_version"]
    readonly_fields = [
        "slug",
        "status",
        "domain",
        "current_version",
        "next_optimization_at",
        "facts_used",
        "brief_pretty",
    ]
    inlines = [AddressRedirectInline]

    @admin.display(description="Improvements", ordering="improvements_paused")
    def improvements(self, site: Site) -> str:
        return site.improvements

    @admin.display(description="Facts used")
    def facts_used(self, site: Site) -> str:
        """The business facts the site's words come from, one line each (escaped)."""
        rows = facts_panel(site.brief).lines()
        if not rows:
            return "No facts given yet: the site says only what the description says."
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li><strong>{}</strong>: {}</li>", rows),
        )

    @admin.display(description="Brief")
    def brief_pretty(self, site: Site) -> str:
        return pretty_json(site.brief)


class BuildStepInline(admin.TabularInline):
    model = BuildStep
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "order",
        "name",
        "status",
        "attempts",
        "started_at",
        "finished_at",
        "error",
    )
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Build)
class BuildAdmin(admin.ModelAdmin):
    list_display = ["id", "site", "kind", "status", "requested_via", "created_at", "seconds"]
    list_filter = ["status", "kind", "requested_via"]
    search_fields = ["site__name", "site__slug", "error"]
    list_select_related = ["site"]
    readonly_fields = [
        "site",
        "kind",
        "status",
        "requested_by",
        "requested_via",
        "error",
        "created_at",
        "started_at",
        "finished_at",
    ]
    inlines = [BuildStepInline]
    actions = ["retry_failed"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description="Seconds")
    def seconds(self, build: Build) -> str:
        return f"{build.duration:.1f}" if build.duration is not None else "—"

    @admin.action(description="Retry failed builds")
    def retry_failed(self, request: HttpRequest, queryset: QuerySet[Build]) -> None:
        retried, refused = 0, []
        for build in queryset.select_related("site"):
            try:
                services.build_retry(build=build)
            except services.SiteActionError as exc:
                refused.append(f"#{build.pk}: {exc}")
            else:
                retried += 1
        if retried:
            self.message_user(request, f"Retrying {retried} build(s).", messages.SUCCESS)
        if refused:
            self.message_user(request, "Not retried: " + " ".join(refused), messages.WARNING)


@admin.register(BuildStep)
class BuildStepAdmin(admin.ModelAdmin):
    """One step, with its output pretty-printed (linked from the build's page)."""

    list_display = ["build", "name", "status", "attempts", "started_at", "finished_at"]
    list_filter = ["status", "name"]
    list_select_related = ["build__site"]
    fields = readonly_fields = (
        "build",
        "name",
        "order",
        "status",
        "attempts",
        "started_at",
        "finished_at",
        "error",
        "output_pretty",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="Output")
    def output_pretty(self, step: BuildStep) -> str:
        return pretty_json(step.output)


@admin.register(SiteVersion)
class SiteVersionAdmin(admin.ModelAdmin):
    list_display = ["site", "number", "made_by", "created_at", "deployed_at", "total_bytes"]
    list_select_related = ["site"]
    search_fields = ["site__name", "site__slug", "content_hash"]
    fields = readonly_fields = (
        "site",
        "number",
        "build",
        "made_by",
        "content_hash",
        "script_name",
        "created_at",
        "deployed_at",
        "manifest_pretty",
        "cloudflare_pretty",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="Files")
    def manifest_pretty(self, version: SiteVersion) -> str:
        return pretty_json(version.manifest)

    @admin.display(description="Cloudflare's answer")
    def cloudflare_pretty(self, version: SiteVersion) -> str:
        return pretty_json(version.cloudflare_response)


@admin.register(Lead)
class LeadAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "phone", "site", "page", "created_at"]
    list_select_related = ["site"]
    search_fields = ["name", "email", "phone", "message", "site__name"]
    date_hierarchy = "created_at"
    raw_id_fields = ["site"]
