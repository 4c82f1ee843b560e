from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from code24.accounts.models import (
    Account,
    ApiKey,
    Invitation,
    Membership,
    Plan,
    Subscription,
    User,
)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_staff", "is_active", "date_joined", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "name"]
    readonly_fields = ["date_joined", "last_login"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("name",)}),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]
    readonly_fields = ["created_at"]


class SubscriptionInline(admin.StackedInline):
    """Read-only here: staff change a plan with the subscriptions' "grant" actions."""

    model = Subscription
    can_delete = False
    fields = ("plan", "status", "interval", "current_period_end", "stripe_subscription_id")
    readonly_fields = fields

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ["name", "plan_name", "subscription_status", "member_count", "created_at"]
    list_filter = ["subscription__plan", "subscription__status"]
    search_fields = ["name", "memberships__user__email"]
    readonly_fields = ["created_at"]
    inlines = [SubscriptionInline, MembershipInline]
    list_select_related = ["subscription__plan"]

    @admin.display(description="Plan", ordering="subscription__plan__position")
    def plan_name(self, obj: Account) -> str:
        return obj.subscription.plan.name

    @admin.display(description="Status")
    def subscription_status(self, obj: Account) -> str:
        return obj.subscription.get_status_display()

    @admin.display(description="Members")
    def member_count(self, obj: Account) -> int:
        return obj.memberships.count()


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "account", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "account__name"]
    raw_id_fields = ["user", "account"]
    list_select_related = ["user", "account"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "account", "role", "status", "created_at", "expires_at"]
    list_filter = ["role"]
    search_fields = ["email", "account__name"]
    readonly_fields = ["token", "invited_by", "created_at", "accepted_at", "accepted_by"]
    raw_id_fields = ["account"]
    list_select_related = ["account"]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "currency",
        "monthly_price",
        "yearly_price",
        "max_sites",
        "custom_domains_per_site",
        "optimization_interval_hours",
        "white_label",
        "api_access",
    ]
    readonly_fields = ["slug", "stripe_plan_monthly", "stripe_plan_yearly"]
    ordering = ["position"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "account", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "account__name"]
    readonly_fields = ["prefix", "key_hash", "created_by", "created_at", "last_used_at"]
    list_select_related = ["account"]

    def has_add_permission(self, request: object) -> bool:
        # A key's secret is shown once, to its creator, in the dashboard.
        return False
