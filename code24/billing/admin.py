"""Staff's view of billing: subscriptions with their Stripe state, invoices, webhook
events, and the one way staff change a plan, the logged "grant without payment"."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from code24.accounts.models import Plan, Subscription
from code24.billing import services, stripe_api
from code24.billing.models import BillingDetails, Invoice, PlanGrant, StripeEvent


def _grant_action(slug: str, name: str) -> Any:
    def grant(
        modeladmin: SubscriptionAdmin, request: HttpRequest, queryset: QuerySet[Subscription]
    ) -> None:
        plan = Plan.objects.get(slug=slug)
        for subscription in queryset.select_related("account"):
            try:
                services.plan_grant(
                    account=subscription.account,
                    plan=plan,
                    staff=request.user,  # type: ignore[arg-type]
                    note="Granted in the admin",
                )
            except services.BillingActionError as exc:
                modeladmin.message_user(
                    request, f"{subscription.account}: {exc}", level=messages.ERROR
                )
                continue
            modeladmin.log_change(request, subscription, f"Granted {plan.name} without payment.")
            modeladmin.message_user(
                request, f"{subscription.account} now has {plan.name} without payment."
            )

    grant.__name__ = f"grant_{slug}"
    return admin.action(description=f"Grant {name} without payment (partners; logged)")(grant)


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    """Plans change through Stripe, or through the grant actions (logged), not by editing."""

    list_display = [
        "account",
        "plan",
        "interval",
        "status",
        "card_last4",
        "current_period_end",
        "cancel_at_period_end",
        "stripe_subscription_id",
        "reconciled_at",
    ]
    list_filter = ["plan", "status", "interval", "cancel_at_period_end"]
    search_fields = ["account__name", "stripe_customer_id", "stripe_subscription_id"]
    list_select_related = ["account", "plan"]
    readonly_fields = [field.name for field in Subscription._meta.fields]
    actions = [
        _grant_action(Plan.BASIC, "Basic"),
        _grant_action(Plan.PROFESSIONAL, "Professional"),
        _grant_action(Plan.ENTERPRISE, "Enterprise"),
        "reconcile",
        "end_period_locally",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="Read from Stripe now (reconcile)")
    def reconcile(self, request: HttpRequest, queryset: QuerySet[Subscription]) -> None:
        for subscription in queryset.select_related("account"):
            try:
                services.reconcile(subscription.account)
            except stripe_api.StripeError as exc:
                self.message_user(request, f"{subscription.account}: {exc.message}", messages.ERROR)
        self.message_user(request, "Read from Stripe.")

    @admin.action(description="Local Stripe only: end the current period now (renew or cancel)")
    def end_period_locally(self, request: HttpRequest, queryset: QuerySet[Subscription]) -> None:
        if settings.STRIPE_SECRET_KEY:
            self.message_user(request, "Only the local Stripe has this clock.", messages.ERROR)
            return
        for subscription in queryset.select_related("account").exclude(stripe_subscription_id=""):
            try:
                stripe_api.local_period_end(subscription.stripe_subscription_id)
                services.reconcile(subscription.account)
            except stripe_api.StripeError as exc:
                self.message_user(request, f"{subscription.account}: {exc.message}", messages.ERROR)
        self.message_user(request, "The local Stripe ended the period; webhooks follow.")


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    list_display = ["stripe_id", "account", "status", "amount_due", "currency", "created"]
    list_filter = ["status", "currency"]
    search_fields = ["stripe_id", "number", "account__name"]
    list_select_related = ["account"]
    readonly_fields = [field.name for field in Invoice._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(StripeEvent)
class StripeEventAdmin(admin.ModelAdmin):
    list_display = ["stripe_id", "type", "received_at", "handled_at"]
    list_filter = ["type", ("handled_at", admin.EmptyFieldListFilter)]
    search_fields = ["stripe_id", "type"]
    readonly_fields = [field.name for field in StripeEvent._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(PlanGrant)
class PlanGrantAdmin(admin.ModelAdmin):
    list_display = ["account", "plan", "granted_by", "note", "created_at"]
    list_select_related = ["account", "plan", "granted_by"]
    readonly_fields = [field.name for field in PlanGrant._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(BillingDetails)
class BillingDetailsAdmin(admin.ModelAdmin):
    list_display = ["account", "company_name", "country", "vat_number"]
    search_fields = ["account__name", "company_name", "vat_number"]
    list_select_related = ["account"]
    readonly_fields = ["account", "stripe_tax_id", "updated_at"]
