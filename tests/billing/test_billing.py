"""Billing against the local Stripe: subscribe, upgrade, downgrade, cancel, webhooks,
reconciliation and dunning, each checked on both sides (Stripe's state and Code24's)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from code24.accounts.models import Account, Plan, Subscription
from code24.billing import services
from code24.billing.models import Invoice, StripeEvent
from tests.billing.conftest import Billing, CardRefused, subscribed, trial_over
from tests.factories import make_api_key, make_site

pytestmark = pytest.mark.django_db


def plan(slug: str) -> Plan:
    return Plan.objects.get(slug=slug)


def sub(account: Account) -> Subscription:
    return Subscription.objects.select_related("plan").get(account=account)


def remote(billing: Billing, account: Account) -> Any:
    return billing.stripe.client.v1.subscriptions.retrieve(sub(account).stripe_subscription_id)


# --- Trial and subscribing --------------------------------------------------------------


def test_a_card_in_the_trial_starts_a_trialing_subscription_charged_at_the_trials_end(
    billing: Billing, alice_account: Account
) -> None:
    """Stripe documents `trialing` for a subscription created with a trial_end (raw
    localstripe 1.15.10 answers `incomplete`: tests/billing/test_local_stripe.py)."""
    trial_end = sub(alice_account).trial_ends_at
    said = billing.card(alice_account)

    assert "Visa card ending in 4242 is saved" in said
    assert "Your first payment is on" in said
    subscription = sub(alice_account)
    assert subscription.status == Subscription.Status.TRIALING
    assert subscription.stripe_subscription_id
    at_stripe = remote(billing, alice_account)
    assert at_stripe.status == "trialing"
    assert trial_end is not None
    assert abs(at_stripe.trial_end - int(trial_end.timestamp())) <= 1
    assert not Invoice.objects.filter(account=alice_account, amount_due__gt=0).exists()


def test_after_the_trial_no_plan_change_without_a_card(
    billing: Billing, alice_account: Account
) -> None:
    subscription = trial_over(alice_account)
    assert subscription.status == Subscription.Status.CANCELED  # the trial lapsed
    assert subscription.read_only

    with pytest.raises(services.BillingActionError, match="Add a card first"):
        services.plan_choose(account=alice_account, plan=plan("professional"), interval="month")
    assert sub(alice_account).plan.slug == "basic"


def test_subscribe_with_a_good_card(billing: Billing, alice_account: Account) -> None:
    said = subscribed(billing, alice_account, plan("professional"))

    assert said == "You are now on Professional. Thank you!"
    subscription = sub(alice_account)
    assert (subscription.status, subscription.plan.slug) == ("active", "professional")
    assert not subscription.read_only and subscription.ended_at is None
    paid = Invoice.objects.get(account=alice_account, amount_due__gt=0)
    assert (paid.status, paid.amount_due, paid.currency) == ("paid", 7900, "usd")


def test_subscribe_with_a_declined_card(billing: Billing, alice_account: Account) -> None:
    trial_over(alice_account)
    # A card refused when it is set up never becomes the account's card.
    with pytest.raises(CardRefused, match="declined"):
        billing.card(alice_account, "declined")
    assert not sub(alice_account).has_card

    # A card that is set up fine but whose charge is declined subscribes to nothing.
    billing.card(alice_account, "fails_later")
    with pytest.raises(services.BillingActionError, match=r"declined.*Nothing was changed"):
        services.plan_choose(account=alice_account, plan=plan("professional"), interval="month")
    subscription = sub(alice_account)
    assert subscription.read_only and subscription.stripe_subscription_id == ""
    assert subscription.plan.slug == "basic"
    assert billing.stripe.client.v1.subscriptions.list().data == []


# --- Upgrades and downgrades ------------------------------------------------------------


def test_upgrade_takes_effect_at_once_with_a_prorated_invoice(
    billing: Billing, alice_account: Account
) -> None:
    subscribed(billing, alice_account, plan("basic"))

    said = services.plan_choose(account=alice_account, plan=plan("professional"), interval="month")
    billing.deliver()

    assert "invoiced at the difference (prorated)" in said
    assert sub(alice_account).plan.slug == "professional"
    assert remote(billing, alice_account)["items"]["data"][0]["plan"]["id"] == (
        plan("professional").stripe_plan_monthly
    )
    prorated = [i for i in Invoice.objects.filter(account=alice_account) if i.is_prorated]
    assert len(prorated) == 1
    invoice = prorated[0]
    # Moments into the period: credit for Basic's unused time (~29.00), charge for
    # Professional's remaining time (~79.00); the difference is paid at once.
    assert invoice.status == "paid"
    assert 4990 <= invoice.amount_due <= 5000
    assert {line["proration"] for line in invoice.lines} == {True}


def test_an_upgrade_whose_card_fails_changes_nothing(
    billing: Billing, alice_account: Account
) -> None:
    subscribed(billing, alice_account, plan("basic"))
    billing.card(alice_account, "fails_later")

    with pytest.raises(services.BillingActionError, match="Nothing was changed"):
        services.plan_choose(account=alice_account, plan=plan("enterprise"), interval="month")
    billing.deliver()

    assert sub(alice_account).plan.slug == "basic"
    assert remote(billing, alice_account)["items"]["data"][0]["plan"]["id"] == (
        plan("basic").stripe_plan_monthly
    )


def test_a_downgrade_over_the_limits_is_refused(billing: Billing, alice_account: Account) -> None:
    subscribed(billing, alice_account, plan("professional"))
    for n in range(3):
        make_site(alice_account, name=f"Shop {n}")
    make_api_key(alice_account)

    with pytest.raises(services.BillingActionError) as refused:
        services.plan_choose(account=alice_account, plan=plan("basic"), interval="month")

    assert "Basic includes 1 site and you have 3. Delete 2 first." in str(refused.value)
    assert "Revoke them first" in str(refused.value)
    assert sub(alice_account).scheduled_plan is None


def test_a_downgrade_takes_effect_at_the_end_of_the_period(
    billing: Billing, alice_account: Account
) -> None:
    subscribed(billing, alice_account, plan("professional"))

    said = services.plan_choose(account=alice_account, plan=plan("basic"), interval="month")

    assert "You move to Basic on" in said and "Until then you keep Professional" in said
    subscription = sub(alice_account)
    assert subscription.plan.slug == "professional"  # paid for until the period ends
    assert subscription.scheduled_plan == plan("basic")
    assert remote(billing, alice_account)["items"]["data"][0]["plan"]["id"] == (
        plan("professional").stripe_plan_monthly
    )

    # An hour before the period ends, the clock moves the Stripe subscription to Basic
    # without proration, and the renewal bills Basic.
    Subscription.objects.filter(pk=subscription.pk).update(
        current_period_end=timezone.now() + timedelta(minutes=30)
    )
    assert services.clock()["downgraded"] == 1
    billing.period_end(alice_account)

    subscription = sub(alice_account)
    assert (subscription.plan.slug, subscription.scheduled_plan) == ("basic", None)
    renewal = Invoice.objects.filter(account=alice_account).order_by("-created", "-id").first()
    assert renewal is not None and renewal.amount_due == 2900 and renewal.status == "paid"
    assert not renewal.is_prorated


# --- Cancelling and the grace period ------------------------------------------------------


def test_cancel_keeps_the_plan_until_the_period_ends_then_the_grace_period(
    billing: Billing, alice_account: Account, cloudflare: Any, settings: Any
) -> None:
    from code24.cloudflare.client import get_client
    from sites import hosting
    from sites.models import Site

    subscribed(billing, alice_account, plan("professional"))
    site = make_site(alice_account, status="live")
    hosting.route_write(site)
    routes = get_client().kv_namespace_id("routes")

    said = services.cancel(account=alice_account)
    billing.deliver()

    assert "You keep Professional until" in said
    assert f"stay online for {settings.BILLING_GRACE_DAYS} more days" in said
    subscription = sub(alice_account)
    assert subscription.cancel_at_period_end and subscription.status == "active"
    assert remote(billing, alice_account).cancel_at_period_end is True

    billing.period_end(alice_account)  # Stripe ends the subscription

    subscription = sub(alice_account)
    assert subscription.status == Subscription.Status.CANCELED and subscription.read_only
    assert subscription.ended_at is not None and subscription.stripe_subscription_id == ""
    site.refresh_from_db()
    assert site.status == Site.Status.LIVE  # online through the grace period
    assert get_client().kv_get(routes, site.hostname) is not None
    with pytest.raises(Exception, match="read-only"):
        from sites.services import site_rebuild

        site_rebuild(site=site, requested_by=None)

    # The grace period ends: the sites go offline, kept.
    Subscription.objects.filter(pk=subscription.pk).update(
        ended_at=timezone.now() - timedelta(days=settings.BILLING_GRACE_DAYS, minutes=1)
    )
    assert services.clock()["sites_offline"] == 1
    site.refresh_from_db()
    assert site.status == Site.Status.OFFLINE
    assert get_client().kv_get(routes, site.hostname) is None

    # Choosing a plan again brings everything back.
    services.plan_choose(account=alice_account, plan=plan("basic"), interval="month")
    billing.deliver()
    subscription = sub(alice_account)
    assert (subscription.status, subscription.read_only) == ("active", False)
    site.refresh_from_db()
    assert site.status == Site.Status.LIVE
    assert get_client().kv_get(routes, site.hostname) is not None


def test_resume_undoes_a_cancellation(billing: Billing, alice_account: Account) -> None:
    subscribed(billing, alice_account, plan("basic"))
    services.cancel(account=alice_account)

    services.resume(account=alice_account)

    assert not sub(alice_account).cancel_at_period_end
    assert remote(billing, alice_account).cancel_at_period_end is False


# --- Webhooks and reconciliation ----------------------------------------------------------


def test_a_webhook_with_a_bad_signature_is_refused_with_400(
    billing: Billing, alice_account: Account
) -> None:
    subscribed(billing, alice_account, plan("basic"))
    before = StripeEvent.objects.count()
    event = billing.stripe.events()[0]

    answer = billing.post(event, secret="whsec_not_ours")
    assert answer.status_code == 400
    assert "Stripe-Signature" in answer.json()["error"]

    unsigned = Client().post(
        reverse("billing:webhook"), data=b"{}", content_type="application/json"
    )
    assert unsigned.status_code == 400
    assert StripeEvent.objects.count() == before


def test_a_replayed_event_changes_nothing(billing: Billing, alice_account: Account) -> None:
    subscribed(billing, alice_account, plan("basic"))
    billing.card(alice_account, "fails_later")
    mail.outbox.clear()
    billing.period_end(alice_account)  # the renewal's payment fails
    failed = [e for e in billing.stripe.events() if e["type"] == "invoice.payment_failed"]
    assert len(failed) == 1
    assert len(mail.outbox) == 1
    events = StripeEvent.objects.count()

    again = billing.post(failed[0])

    assert again.status_code == 200 and again.json()["replay"] is True
    assert StripeEvent.objects.count() == events
    assert len(mail.outbox) == 1  # no second email


def test_a_lost_webhook_is_repaired_by_the_reconciliation(
    billing: Billing, alice_account: Account
) -> None:
    subscribed(billing, alice_account, plan("basic"))
    # At Stripe, the subscription moves to Enterprise (e.g. in Stripe's dashboard) and
    # the webhooks never arrive.
    at_stripe = remote(billing, alice_account)
    billing.stripe.client.v1.subscriptions.update(
        at_stripe.id,
        params={
            "items": [
                {
                    "id": at_stripe["items"]["data"][0]["id"],
                    "price": plan("enterprise").stripe_plan_monthly,
                }
            ],
            "proration_behavior": "none",
        },
    )
    billing.deliver(skip=True)
    assert sub(alice_account).plan.slug == "basic"

    assert services.reconcile_all() == {"checked": 1, "failed": 0}

    subscription = sub(alice_account)
    assert subscription.plan.slug == "enterprise" and subscription.reconciled_at is not None


# --- Dunning ---------------------------------------------------------------------------------


def test_dunning_to_the_downgrade_and_back(
    billing: Billing, alice_account: Account, alice_client: Client, settings: Any
) -> None:
    subscribed(billing, alice_account, plan("professional"))
    billing.card(alice_account, "fails_later")
    mail.outbox.clear()

    billing.period_end(alice_account)  # the renewal is declined

    subscription = sub(alice_account)
    assert subscription.status == Subscription.Status.PAST_DUE
    assert subscription.past_due_since is not None and not subscription.read_only
    (email,) = mail.outbox
    assert email.to == ["alice@example.com"]
    assert "Payment failed for Alice Dental" in email.subject
    assert "http://testserver" not in email.body
    assert reverse("billing:card") in email.body
    page = alice_client.get(reverse("dashboard"))
    assert "Your last payment failed." in page.content.decode()

    # The dunning period runs out: read-only, never deleted.
    Subscription.objects.filter(pk=subscription.pk).update(
        past_due_since=timezone.now() - timedelta(days=settings.BILLING_DUNNING_DAYS, minutes=1)
    )
    assert services.clock()["unpaid"] == 1
    subscription = sub(alice_account)
    assert subscription.status == Subscription.Status.UNPAID and subscription.read_only
    assert subscription.plan.slug == "professional"
    assert "Your payment is overdue" in alice_client.get(reverse("dashboard")).content.decode()

    # A good card pays the open invoice: everything comes back, the plan stays.
    said = billing.card(alice_account, "good")
    billing.deliver()

    assert "The payment went through" in said
    subscription = sub(alice_account)
    assert (subscription.status, subscription.plan.slug) == ("active", "professional")
    assert not subscription.read_only and subscription.past_due_since is None
    assert not Invoice.objects.filter(account=alice_account, status="open").exists()


# --- Who sees billing -----------------------------------------------------------------------


BILLING_PAGES = ["billing:billing", "billing:card", "billing:details"]


@pytest.mark.parametrize("role", ["member", "admin"])
@pytest.mark.parametrize("name", [*BILLING_PAGES, "billing:cancel", "billing:resume"])
def test_members_and_admins_get_404_on_billing_pages(
    alice_account: Account, role: str, name: str
) -> None:
    from tests.accounts.conftest import client_for
    from tests.factories import add_member

    client = client_for(add_member(alice_account, role=role).user)

    assert client.get(reverse(name)).status_code == 404
    assert client.post(reverse(name)).status_code == 404


@pytest.mark.parametrize("name", BILLING_PAGES)
def test_owners_see_the_billing_pages(billing: Billing, alice_client: Client, name: str) -> None:
    assert alice_client.get(reverse(name)).status_code == 200


def test_only_the_card_page_may_load_stripe_js(
    billing: Billing, alice_client: Client, settings: Any
) -> None:
    card = alice_client.get(reverse("billing:card"))
    policy = card.headers["Content-Security-Policy"]
    assert f"script-src 'self' {billing.stripe.base}" in policy
    assert f"connect-src 'self' {billing.stripe.base}" in policy
    assert (
        f'<script src="{billing.stripe.base}/js.stripe.com/v3/"></script>' in card.content.decode()
    )

    other = alice_client.get(reverse("billing:billing"))
    assert "script-src 'self';" in other.headers["Content-Security-Policy"]
    assert "js.stripe.com" not in other.content.decode()


def test_billing_details_are_saved_and_sent_to_stripe(
    billing: Billing, alice_account: Account, alice_client: Client
) -> None:
    billing.card(alice_account)
    answer = alice_client.post(
        reverse("billing:details"),
        {
            "company_name": "Alice Dental GmbH",
            "email": "accounts@alice.example",
            "line1": "Hafenstraße 1",
            "city": "Hamburg",
            "postal_code": "20457",
            "country": "de",
            "vat_number": "DE 123 456 789",
        },
    )
    assert answer.status_code == 302
    customer = billing.stripe.client.v1.customers.retrieve(sub(alice_account).stripe_customer_id)
    assert customer.name == "Alice Dental GmbH"
    assert customer.address.city == "Hamburg"
    tax_ids = billing.stripe.client.v1.customers.tax_ids.list(customer.id).data
    assert [(t.type, t.value) for t in tax_ids] == [("eu_vat", "DE123456789")]

    bad = alice_client.post(reverse("billing:details"), {"vat_number": "123", "country": "Germany"})
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "starts with the country" in text and "two letters" in text


def test_a_downgrade_the_account_outgrew_meanwhile_is_dropped_not_forced(
    billing: Billing, alice_account: Account
) -> None:
    subscribed(billing, alice_account, plan("professional"))
    services.plan_choose(account=alice_account, plan=plan("basic"), interval="month")
    for n in range(2):
        make_site(alice_account, name=f"Shop {n}")
    Subscription.objects.filter(account=alice_account).update(
        current_period_end=timezone.now() + timedelta(minutes=30)
    )

    assert services.clock()["downgraded"] == 0

    subscription = sub(alice_account)
    assert (subscription.plan.slug, subscription.scheduled_plan) == ("professional", None)
    assert remote(billing, alice_account)["items"]["data"][0]["plan"]["id"] == (
        plan("professional").stripe_plan_monthly
    )


def test_a_read_only_account_changes_nothing_but_keeps_everything(
    alice_account: Account, alice_client: Client
) -> None:
    from code24.ai.schemas import Brief
    from sites import services as site_services
    from tests.factories import BRIEF

    site = make_site(alice_account, status="live")
    trial_over(alice_account)  # no card: the trial lapsed

    with pytest.raises(site_services.SiteActionError, match="read-only"):
        site_services.site_create(
            account=alice_account, brief=Brief.model_validate(BRIEF), requested_by=None
        )
    with pytest.raises(site_services.SiteActionError, match="read-only"):
        site_services.site_rebuild(site=site, requested_by=None)
    page = alice_client.get(reverse("dashboard")).content.decode()
    assert "Your subscription has ended" in page and "Choose a plan" in page
    site.refresh_from_db()
    assert site.status == "live"


def test_yearly_billing_and_moving_to_it_is_an_upgrade(
    billing: Billing, alice_account: Account
) -> None:
    subscribed(billing, alice_account, plan("basic"), interval="year")

    subscription = sub(alice_account)
    assert (subscription.plan.slug, subscription.interval) == ("basic", "year")
    first = Invoice.objects.get(account=alice_account, amount_due__gt=0)
    assert (first.amount_due, first.currency) == (29000, "usd")
    assert remote(billing, alice_account)["items"]["data"][0]["plan"]["interval"] == "year"

    # Yearly back to monthly waits for the year's end.
    said = services.plan_choose(account=alice_account, plan=plan("basic"), interval="month")
    assert "Basic is billed monthly from" in said
    assert sub(alice_account).interval == "year"


def test_a_forged_or_foreign_card_setup_is_refused_with_a_sentence(
    billing: Billing, alice_account: Account, bob_account: Account, alice_client: Client
) -> None:
    bad = alice_client.post(reverse("billing:card"), {"setup_intent": "<script>"})
    assert bad.status_code == 400
    assert "That card setup is not known" in bad.content.decode()

    # Bob's confirmed SetupIntent is not Alice's card.
    intent = services.card_setup_start(bob_account)
    foreign = alice_client.post(reverse("billing:card"), {"setup_intent": intent.id})
    assert foreign.status_code == 409
    assert "That card setup is not known" in foreign.content.decode()
    assert not sub(alice_account).has_card


def test_an_event_whose_task_was_lost_is_handed_out_again(
    billing: Billing, alice_account: Account
) -> None:
    from code24.billing import tasks

    subscribed(billing, alice_account, plan("basic"))
    created = next(
        e for e in billing.stripe.events() if e["type"] == "customer.subscription.created"
    )
    lost = StripeEvent.objects.create(
        stripe_id="evt_lost",
        type=created["type"],
        payload=created["data"]["object"],
        received_at=timezone.now() - timedelta(minutes=6),
    )

    assert tasks.events_unhandled() == 1

    lost.refresh_from_db()
    assert lost.handled_at is not None
    assert tasks.events_unhandled() == 0
