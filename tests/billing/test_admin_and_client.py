"""Staff's grant without payment (logged), the admin's billing pages, and the Stripe
client's error sorting and logging (no secret, no card data in the log)."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse

from code24.accounts.models import Account, Plan, Subscription, User
from code24.billing import services, stripe_api
from code24.billing.models import PlanGrant
from tests.billing.conftest import Billing, subscribed

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db: None) -> Client:
    user = User.objects.create_superuser(email="staff@code24.example", password="x")
    client = Client()
    client.force_login(user)
    return client


def test_staff_grant_a_plan_without_payment_and_it_is_logged(
    billing: Billing, alice_account: Account, staff: Client
) -> None:
    subscribed(billing, alice_account, Plan.objects.get(slug="basic"))
    paid_subscription = Subscription.objects.get(account=alice_account).stripe_subscription_id
    subscription = Subscription.objects.get(account=alice_account)

    answer = staff.post(
        reverse("admin:accounts_subscription_changelist"),
        {"action": "grant_enterprise", "_selected_action": [subscription.pk]},
        follow=True,
    )

    assert answer.status_code == 200
    assert "now has Enterprise without payment" in answer.content.decode()
    subscription.refresh_from_db()
    assert (subscription.plan.slug, subscription.status) == ("enterprise", "active")
    assert subscription.stripe_subscription_id == "" and subscription.granted_by is not None
    # Stripe no longer charges for the old subscription.
    assert billing.stripe.client.v1.subscriptions.retrieve(paid_subscription).status == "canceled"
    grant = PlanGrant.objects.get(account=alice_account)
    assert grant.plan.slug == "enterprise" and grant.granted_by is not None
    assert grant.granted_by.email == "staff@code24.example"
    assert LogEntry.objects.filter(
        object_id=str(subscription.pk), change_message="Granted Enterprise without payment."
    ).exists()
    # A granted plan needs no card and keeps working after the trial.
    billing.deliver()
    assert Subscription.objects.get(account=alice_account).plan.slug == "enterprise"


def test_the_admin_shows_subscriptions_invoices_and_events(
    billing: Billing, alice_account: Account, staff: Client
) -> None:
    subscribed(billing, alice_account, Plan.objects.get(slug="professional"))
    for name in (
        "admin:accounts_subscription_changelist",
        "admin:billing_invoice_changelist",
        "admin:billing_stripeevent_changelist",
        "admin:billing_plangrant_changelist",
    ):
        assert staff.get(reverse(name)).status_code == 200
    subscription = Subscription.objects.get(account=alice_account)
    page = staff.get(reverse("admin:accounts_subscription_change", args=[subscription.pk]))
    assert subscription.stripe_subscription_id in page.content.decode()


def test_plans_are_set_up_idempotently(billing: Billing) -> None:
    from code24.billing.management.commands.stripe_setup import run_setup

    assert run_setup(log=lambda line: None) == 0  # the fixture ran it once already
    basic = Plan.objects.get(slug="basic")
    assert basic.stripe_plan_monthly == "code24-basic-month-usd-2900"
    assert basic.stripe_plan_yearly == "code24-basic-year-usd-29000"
    at_stripe = billing.stripe.client.v1.plans.retrieve(basic.stripe_plan_yearly)
    assert (at_stripe.amount, at_stripe.currency, at_stripe.interval) == (29000, "usd", "year")


def test_errors_are_sorted_and_secrets_never_logged(
    billing: Billing, alice_account: Account, caplog: Any, settings: Any
) -> None:
    caplog.set_level(logging.DEBUG)
    with pytest.raises(stripe_api.NotFound):
        stripe_api.subscription_get("sub_doesnotexist")
    with pytest.raises(stripe_api.PaymentFailed) as declined:
        customer = services.customer_ensure(alice_account)
        stripe_api.card_attach(
            "pm_card_visa_chargeDeclined", customer, idempotency_key="test-declined"
        )
        stripe_api.card_make_default(
            customer, "pm_card_visa_chargeDeclined", idempotency_key="test-default"
        )
        stripe_api.subscription_create(
            customer_id=customer,
            plan_id=Plan.objects.get(slug="basic").stripe_plan_monthly,
            trial_end=None,
            account_id=alice_account.pk,
            idempotency_key="test-subscribe",
        )
    assert "declined" in declined.value.message.lower()

    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens there
    settings.STRIPE_MAX_NETWORK_RETRIES = 0
    with pytest.raises(stripe_api.StripeRetryableError, match="try again in a few minutes"):
        stripe_api.customer_get("cus_anything")

    logged = caplog.text
    assert settings.STRIPE_API_KEY not in logged
    assert "4242" not in logged and "pm_card" not in logged
    assert "stripe subscriptions.retrieve failed: NotFound" in logged
