"""What Code24 keeps of Stripe: invoices, the webhook events it handled, billing details
and the plans staff granted. The subscription itself is accounts.Subscription."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from code24.accounts.models import Account, Plan


class Invoice(models.Model):
    """A copy of a Stripe invoice, kept in step by webhooks and the reconciliation."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Due"
        PAID = "paid", "Paid"
        VOID = "void", "Void"
        UNCOLLECTIBLE = "uncollectible", "Uncollectible"

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="invoices")
    stripe_id = models.CharField(max_length=100, unique=True)
    number = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=15, choices=Status.choices)
    currency = models.CharField(max_length=3)
    amount_due = models.IntegerField(help_text="In cents (the currency's smallest unit).")
    amount_paid = models.IntegerField(default=0)
    created = models.DateTimeField()
    period_start = models.DateTimeField(null=True, blank=True)
    period_end = models.DateTimeField(null=True, blank=True)
    billing_reason = models.CharField(max_length=40, blank=True)
    hosted_invoice_url = models.URLField(max_length=500, blank=True)
    lines = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.number or self.stripe_id} ({self.status})"

    @property
    def amount(self) -> Decimal:
        return Decimal(self.amount_due) / 100

    @property
    def is_prorated(self) -> bool:
        return any(line.get("proration") for line in self.lines)


class StripeEvent(models.Model):
    """Every webhook event received, by Stripe's id: a replayed event is recognised and
    changes nothing. `handled_at` is set once the task has applied it."""

    stripe_id = models.CharField(max_length=100, unique=True)
    type = models.CharField(max_length=100)
    payload = models.JSONField(help_text="The event's data.object.")
    received_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = "Stripe event"

    def __str__(self) -> str:
        return f"{self.type} {self.stripe_id}"


class BillingDetails(models.Model):
    """Who the invoices are made out to; owners edit it, Stripe's customer gets a copy."""

    account = models.OneToOneField(
        Account, on_delete=models.CASCADE, related_name="billing_details"
    )
    company_name = models.CharField(max_length=150, blank=True)
    email = models.EmailField(blank=True, help_text="Where invoices and payment emails go.")
    line1 = models.CharField("address", max_length=200, blank=True)
    line2 = models.CharField("address line 2", max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    state = models.CharField("state or region", max_length=100, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166 code, e.g. DE.")
    vat_number = models.CharField("VAT number", max_length=20, blank=True)
    stripe_tax_id = models.CharField(max_length=100, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "billing details"

    def __str__(self) -> str:
        return self.company_name or str(self.account)


class PlanGrant(models.Model):
    """Staff gave an account a plan without payment (a partner); kept as the record."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="plan_grants")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="+")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.plan} for {self.account}"
