"""Staff view of every custom domain with its Cloudflare states; check now, remove."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from domains import services
from domains.models import CustomDomain
from sites.admin import pretty_json


@admin.register(CustomDomain)
class CustomDomainAdmin(admin.ModelAdmin):
    """Domains change only through the services (they keep Cloudflare in step)."""

    list_display = [
        "hostname",
        "site",
        "account",
        "role",
        "state",
        "hostname_status",
        "ssl_status",
        "certificate_expires_at",
        "next_check_at",
        "check_attempts",
    ]
    list_filter = ["state", "role", "hostname_status", "ssl_status", "ssl_method"]
    search_fields = ["hostname", "cloudflare_id", "site__name", "account__name"]
    list_select_related = ["site", "account"]
    date_hierarchy = "created_at"
    actions = ["check_now", "remove"]
    exclude = ["findings", "validation_records", "verification_errors"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = [f.name for f in CustomDomain._meta.fields if f.name not in self.exclude]
        return [*fields, "findings_pretty", "records_pretty", "errors_pretty"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # "remove" keeps a tombstone and cleans up Cloudflare

    @admin.display(description="Doctor's findings")
    def findings_pretty(self, domain: CustomDomain) -> str:
        return pretty_json(domain.findings)

    @admin.display(description="Validation records")
    def records_pretty(self, domain: CustomDomain) -> str:
        return pretty_json(domain.validation_records)

    @admin.display(description="Verification errors")
    def errors_pretty(self, domain: CustomDomain) -> str:
        return pretty_json(domain.verification_errors)

    @admin.action(description="Check now")
    def check_now(self, request: HttpRequest, queryset: QuerySet[CustomDomain]) -> None:
        count = 0
        for domain in queryset.filter(removed_at__isnull=True):
            services.domain_check_soon(domain=domain)
            count += 1
        self.message_user(request, f"{count} domain check(s) started.", messages.SUCCESS)

    @admin.action(description="Remove (delete at Cloudflare, keep a tombstone)")
    def remove(self, request: HttpRequest, queryset: QuerySet[CustomDomain]) -> None:
        count = 0
        for domain in queryset.filter(removed_at__isnull=True):
            services.domain_remove(domain=domain, reason=f"Removed by staff ({request.user}).")
            count += 1
        self.message_user(request, f"{count} domain(s) removed.", messages.SUCCESS)
