"""The local Stripe (code24/billing/local_stripe.py) behaves as Stripe documents.

Each test drives it through the official stripe SDK and names, in its docstring, what raw
localstripe 1.15.10 does and what Stripe documents. The ``raw_`` tests run localstripe
unpatched (``--unpatched``) and show the deviations the patches exist for.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import stripe

from tests.billing.local_fixtures import (
    PUBLISHABLE_KEY,
    LocalStripe,
    LocalStripeProcess,
    Receiver,
    make_client,
)

DAY = 86400


def create_catalog(v1: Any) -> None:
    v1.products.create(params={"id": "basic", "name": "Basic"})
    v1.products.create(params={"id": "professional", "name": "Professional"})
    for plan_id, product, amount, interval in (
        ("basic-monthly", "basic", 2900, "month"),
        ("professional-monthly", "professional", 7900, "month"),
        ("professional-yearly", "professional", 79000, "year"),
    ):
        v1.plans.create(
            params={
                "id": plan_id,
                "product": product,
                "amount": amount,
                "currency": "eur",
                "interval": interval,
            }
        )


@pytest.fixture
def v1(local_stripe: LocalStripe) -> Any:
    create_catalog(local_stripe.client.v1)
    return local_stripe.client.v1


def make_customer(v1: Any, card: str | None = "pm_card_visa") -> str:
    """A customer whose default payment method is ``card`` (a Stripe test id)."""
    customer = v1.customers.create(params={"email": "owner@example.com", "name": "Owner"})
    if card is not None:
        pm = v1.payment_methods.attach(card, params={"customer": customer.id})
        v1.customers.update(
            customer.id, params={"invoice_settings": {"default_payment_method": pm.id}}
        )
    return str(customer.id)


def use_card(v1: Any, customer_id: str, card: str) -> str:
    pm = v1.payment_methods.attach(card, params={"customer": customer_id})
    v1.customers.update(customer_id, params={"invoice_settings": {"default_payment_method": pm.id}})
    return str(pm.id)


def subscribe(v1: Any, customer_id: str, price: str = "basic-monthly", **params: Any) -> Any:
    return v1.subscriptions.create(
        params={"customer": customer_id, "items": [{"price": price}], **params}
    )


def event_types(local_stripe: LocalStripe, since: str | None = None) -> list[str]:
    return [event["type"] for event in local_stripe.events(since)]


def last_event_id(local_stripe: LocalStripe) -> str | None:
    events = local_stripe.events()
    return events[-1]["id"] if events else None


def pending_items(v1: Any, customer_id: str) -> list[Any]:
    return list(v1.invoice_items.list(params={"customer": customer_id}).data)


# --- a. The state file ------------------------------------------------------------------------


def test_state_survives_a_restart_in_its_own_file(tmp_path: Path) -> None:
    """localstripe 1.15.10 keeps its state in /tmp/localstripe.pickle, one file for every
    instance on the machine, rewritten in place; the local Stripe keeps it in
    <state dir>/localstripe.pickle, replaced atomically, and loads it at start."""
    state_dir = tmp_path / "state"
    with LocalStripeProcess(state_dir) as server:
        v1 = make_client(server.base).v1
        customer = v1.customers.create(params={"email": "kept@example.com"})
    assert (state_dir / "localstripe.pickle").is_file()
    assert sorted(p.name for p in state_dir.iterdir()) == ["localstripe.pickle"]  # no temp file
    with LocalStripeProcess(state_dir) as server:
        again = make_client(server.base).v1.customers.retrieve(customer.id)
    assert again.email == "kept@example.com"


def test_two_instances_on_different_state_dirs_share_nothing(tmp_path: Path) -> None:
    """Every localstripe 1.15.10 on a machine reads and writes the same /tmp file; two local
    Stripes with their own state directories are independent."""
    with (
        LocalStripeProcess(tmp_path / "one") as one,
        LocalStripeProcess(tmp_path / "two") as two,
    ):
        customer = make_client(one.base).v1.customers.create(params={"email": "one@example.com"})
        with pytest.raises(stripe.InvalidRequestError):
            make_client(two.base).v1.customers.retrieve(customer.id)
        assert make_client(two.base).v1.customers.list().data == []


# --- b. Trials --------------------------------------------------------------------------------


def test_trial_period_days_makes_a_trialing_subscription(
    local_stripe: LocalStripe, v1: Any
) -> None:
    """localstripe 1.15.10 returns ``incomplete`` for a subscription created with a trial (it
    sets trialing nowhere) and makes no invoice; Stripe documents ``trialing``, trial_start
    now, the current period running from trial_start to trial_end and a paid $0 invoice
    (billing_reason subscription_create)."""
    customer = make_customer(v1)
    before = int(time.time())
    sub = subscribe(v1, customer, trial_period_days=14, expand=["latest_invoice"])
    assert sub.status == "trialing"
    assert before <= sub.trial_start <= int(time.time())
    assert sub.trial_end == sub.trial_start + 14 * DAY
    assert (sub.current_period_start, sub.current_period_end) == (sub.trial_start, sub.trial_end)
    item = sub["items"].data[0]
    assert (item.current_period_start, item.current_period_end) == (sub.trial_start, sub.trial_end)
    invoice = sub.latest_invoice
    assert (invoice.status, invoice.amount_due, invoice.amount_paid) == ("paid", 0, 0)
    assert invoice.billing_reason == "subscription_create"
    assert invoice.lines.data[0].description == "Trial period for Basic"
    created = [e for e in local_stripe.events() if e["type"] == "customer.subscription.created"]
    assert created[0]["data"]["object"]["status"] == "trialing"


def test_trial_end_timestamp_makes_a_trialing_subscription(v1: Any) -> None:
    """Same with trial_end: Stripe's trial and current period end at trial_end."""
    trial_end = int(time.time()) + 3 * DAY
    sub = subscribe(v1, make_customer(v1), trial_end=trial_end)
    assert (sub.status, sub.trial_end, sub.current_period_end) == ("trialing", trial_end, trial_end)


def test_trial_end_now_charges_the_plan_and_activates(local_stripe: LocalStripe, v1: Any) -> None:
    """localstripe 1.15.10 only records trial_end="now"; Stripe ends the trial: it invoices
    the plan at once, charges the default payment method, and the subscription is active
    with a new period starting now."""
    sub = subscribe(v1, make_customer(v1), trial_period_days=14)
    before = int(time.time())
    sub = v1.subscriptions.update(sub.id, params={"trial_end": "now", "expand": ["latest_invoice"]})
    assert sub.status == "active"
    assert before <= sub.current_period_start <= sub.trial_end <= int(time.time())
    assert sub.current_period_end > sub.current_period_start + 27 * DAY
    invoice = sub.latest_invoice
    assert (invoice.status, invoice.amount_paid, invoice.billing_reason) == (
        "paid",
        2900,
        "subscription_update",
    )
    updated = [e for e in local_stripe.events() if e["type"] == "customer.subscription.updated"]
    assert updated[-1]["data"]["previous_attributes"]["status"] == "trialing"


def test_trial_end_now_with_a_failing_card_is_past_due(local_stripe: LocalStripe, v1: Any) -> None:
    """Stripe: when the charge at the end of a trial fails, the subscription is past_due,
    the invoice stays open and invoice.payment_failed is sent."""
    sub = subscribe(v1, make_customer(v1, "pm_card_chargeCustomerFail"), trial_period_days=14)
    since = last_event_id(local_stripe)
    sub = v1.subscriptions.update(sub.id, params={"trial_end": "now", "expand": ["latest_invoice"]})
    assert sub.status == "past_due"
    assert (sub.latest_invoice.status, sub.latest_invoice.amount_remaining) == ("open", 2900)
    assert "invoice.payment_failed" in event_types(local_stripe, since)


# --- c. A plan's id as a price ------------------------------------------------------------------


def test_a_plan_id_is_accepted_as_a_price(v1: Any) -> None:
    """localstripe 1.15.10 answers 400 to items[0][price]; Stripe accepts a plan's id wherever
    a price's is asked, on create and on update, and the item keeps its id."""
    sub = subscribe(v1, make_customer(v1), "basic-monthly")
    item = sub["items"].data[0]
    assert (item.price.id, item.plan.id) == ("basic-monthly", "basic-monthly")
    sub = v1.subscriptions.update(
        sub.id, params={"items": [{"id": item.id, "price": "professional-monthly"}]}
    )
    assert sub["items"].data[0].id == item.id
    assert sub["items"].data[0].price.id == "professional-monthly"
    assert sub["items"].data[0].price.unit_amount == 7900
    assert v1.prices.retrieve("professional-monthly").recurring.interval == "month"


# --- d. Parameters Stripe has -----------------------------------------------------------------


def test_create_takes_stripes_parameters(v1: Any) -> None:
    """localstripe 1.15.10 refuses off_session and collection_method ("Unexpected ...") and
    payment_behavior=default_incomplete (400); Stripe takes them, and expand."""
    sub = subscribe(
        v1,
        make_customer(v1),
        off_session=True,
        collection_method="charge_automatically",
        payment_behavior="allow_incomplete",
        expand=["latest_invoice"],
    )
    assert (sub.status, sub.collection_method, sub.latest_invoice.status) == (
        "active",
        "charge_automatically",
        "paid",
    )


def test_default_incomplete_waits_for_the_payment_to_be_confirmed(v1: Any) -> None:
    """Stripe: with payment_behavior=default_incomplete the first invoice is finalized and its
    PaymentIntent left unconfirmed; the subscription is incomplete until it is confirmed."""
    sub = subscribe(
        v1, make_customer(v1), payment_behavior="default_incomplete", expand=["latest_invoice"]
    )
    assert (sub.status, sub.latest_invoice.status) == ("incomplete", "open")
    intent = v1.payment_intents.confirm(sub.latest_invoice.payment_intent)
    assert intent.status == "succeeded"
    assert v1.subscriptions.retrieve(sub.id).status == "active"


def test_error_if_incomplete_with_a_failing_card_leaves_nothing(
    local_stripe: LocalStripe, v1: Any
) -> None:
    """localstripe 1.15.10 creates an ``incomplete`` subscription with an open invoice; Stripe
    answers 402 card_declined with payment_behavior=error_if_incomplete, and no
    subscription (nor invoice, nor event of them) remains."""
    customer = make_customer(v1, "pm_card_chargeCustomerFail")
    since = last_event_id(local_stripe)
    with pytest.raises(stripe.CardError) as declined:
        subscribe(v1, customer, payment_behavior="error_if_incomplete")
    assert declined.value.code == "card_declined"
    assert v1.subscriptions.list(params={"customer": customer, "status": "all"}).data == []
    assert v1.invoices.list(params={"customer": customer}).data == []
    assert event_types(local_stripe, since) == []


def test_allow_incomplete_with_a_failing_card_is_incomplete(v1: Any) -> None:
    """Stripe's default payment_behavior, allow_incomplete: a failed first payment leaves the
    subscription incomplete with its invoice open."""
    sub = subscribe(v1, make_customer(v1, "pm_card_chargeCustomerFail"), expand=["latest_invoice"])
    assert (sub.status, sub.latest_invoice.status) == ("incomplete", "open")


def test_update_takes_stripes_parameters(local_stripe: LocalStripe, v1: Any) -> None:
    """localstripe 1.15.10 answers 500 to proration_behavior, payment_behavior and off_session
    on update and ignores metadata; Stripe takes them (metadata merged, "" removes a key),
    and cancel_at_period_end sets cancel_at and canceled_at."""
    sub = subscribe(v1, make_customer(v1), metadata={"account": "7", "plan": "basic"})
    sub = v1.subscriptions.update(
        sub.id,
        params={
            "proration_behavior": "none",
            "payment_behavior": "allow_incomplete",
            "off_session": True,
            "cancel_at_period_end": True,
            "metadata": {"plan": "", "reason": "too expensive"},
        },
    )
    assert sub.metadata.to_dict() == {"account": "7", "reason": "too expensive"}
    assert sub.cancel_at_period_end is True
    assert sub.cancel_at == sub.current_period_end
    assert sub.canceled_at is not None
    updated = [e for e in local_stripe.events() if e["type"] == "customer.subscription.updated"]
    assert updated[-1]["data"]["previous_attributes"]["cancel_at_period_end"] is False


# --- e. Prorations ----------------------------------------------------------------------------


def half_way_subscription(v1: Any, customer: str) -> Any:
    """A Basic subscription whose current month started 15 days ago."""
    return subscribe(v1, customer, backdate_start_date=int(time.time()) - 15 * DAY)


def test_upgrade_half_way_credits_and_charges_half_a_period(v1: Any) -> None:
    """localstripe 1.15.10 credits every earlier invoice in full ("Unused time", -2900) and
    charges nothing for the new plan; Stripe's prorations credit the unused time on the old
    plan and charge the remaining time on the new one, as fractions of the period:
    Basic 2900 → Professional 7900 half-way through is -1450 + 3950 = +2500."""
    customer = make_customer(v1)
    sub = half_way_subscription(v1, customer)
    half_way = (sub.current_period_start + sub.current_period_end) // 2
    v1.subscriptions.update(
        sub.id,
        params={
            "items": [{"id": sub["items"].data[0].id, "price": "professional-monthly"}],
            "proration_behavior": "create_prorations",
            "proration_date": half_way,
        },
    )
    items = sorted(pending_items(v1, customer), key=lambda item: item.amount)
    assert [item.amount for item in items] == [-1450, 3950]
    assert all(item.proration for item in items)
    assert items[0].description.startswith("Unused time on Basic after ")
    assert items[1].description.startswith("Remaining time on Professional after ")


def test_upgrade_now_prorates_the_seconds_left(v1: Any) -> None:
    """Without proration_date Stripe prorates at the moment of the change: each amount is the
    plan's price times (seconds left / period length), about +2500 net half-way through."""
    customer = make_customer(v1)
    sub = half_way_subscription(v1, customer)
    start, end = sub.current_period_start, sub.current_period_end
    earliest = int(time.time())
    v1.subscriptions.update(
        sub.id, params={"items": [{"id": sub["items"].data[0].id, "price": "professional-monthly"}]}
    )
    latest = int(time.time())
    credit, charge = sorted(item.amount for item in pending_items(v1, customer))

    def between(amount: int, price: int) -> bool:
        fractions = [(end - moment) / (end - start) for moment in (latest, earliest)]
        return round(price * fractions[0]) - 1 <= amount <= round(price * fractions[1]) + 1

    assert between(-credit, 2900) and between(charge, 7900)
    assert abs(credit + charge - 2500) < 200  # a month is 28 to 31 days; 15 have passed


def test_always_invoice_charges_the_prorations_at_once(local_stripe: LocalStripe, v1: Any) -> None:
    """Stripe: with proration_behavior=always_invoice the prorations are invoiced at once,
    the invoice finalized and paid with the customer's default payment method."""
    customer = make_customer(v1)
    sub = half_way_subscription(v1, customer)
    since = last_event_id(local_stripe)
    sub = v1.subscriptions.update(
        sub.id,
        params={
            "items": [{"id": sub["items"].data[0].id, "price": "professional-monthly"}],
            "proration_behavior": "always_invoice",
            "expand": ["latest_invoice"],
        },
    )
    invoice = sub.latest_invoice
    assert (invoice.status, invoice.billing_reason) == ("paid", "subscription_update")
    assert invoice.amount_paid == sum(line.amount for line in invoice.lines.data) > 2000
    assert all(line.proration for line in invoice.lines.data)
    assert pending_items(v1, customer) == []
    assert sub.status == "active"
    types = event_types(local_stripe, since)
    assert {"invoice.created", "invoice.finalized", "invoice.paid"} <= set(types)
    assert "customer.subscription.updated" in types


def test_always_invoice_with_a_failing_card_is_past_due(local_stripe: LocalStripe, v1: Any) -> None:
    """Stripe: when the always_invoice charge fails, the invoice stays open,
    invoice.payment_failed is sent and the subscription becomes past_due."""
    customer = make_customer(v1)
    sub = half_way_subscription(v1, customer)
    use_card(v1, customer, "pm_card_chargeCustomerFail")
    since = last_event_id(local_stripe)
    sub = v1.subscriptions.update(
        sub.id,
        params={
            "items": [{"id": sub["items"].data[0].id, "price": "professional-monthly"}],
            "proration_behavior": "always_invoice",
            "expand": ["latest_invoice"],
        },
    )
    assert (sub.status, sub.latest_invoice.status) == ("past_due", "open")
    events = local_stripe.events(since)
    failed = [e for e in events if e["type"] == "invoice.payment_failed"]
    assert failed[0]["data"]["object"]["id"] == sub.latest_invoice.id
    updated = [e for e in events if e["type"] == "customer.subscription.updated"]
    assert updated[-1]["data"]["object"]["status"] == "past_due"


def test_a_downgrade_invoiced_at_once_becomes_credit_for_the_next_invoice(
    local_stripe: LocalStripe, v1: Any
) -> None:
    """Stripe: an invoice whose total is negative (a downgrade with always_invoice) is not
    charged; the amount goes to the customer's credit balance (negative ``balance``), which
    the next invoice uses first. localstripe 1.15.10 drops it."""
    customer = make_customer(v1)
    sub = subscribe(
        v1, customer, "professional-monthly", backdate_start_date=int(time.time()) - 15 * DAY
    )
    half_way = (sub.current_period_start + sub.current_period_end) // 2
    sub = v1.subscriptions.update(
        sub.id,
        params={
            "items": [{"id": sub["items"].data[0].id, "price": "basic-monthly"}],
            "proration_behavior": "always_invoice",
            "proration_date": half_way,
            "expand": ["latest_invoice"],
        },
    )
    assert (sub.latest_invoice.amount_due, sub.latest_invoice.status) == (0, "paid")
    assert v1.customers.retrieve(customer).balance == -2500
    renewal = v1.invoices.retrieve(local_stripe.end_period(sub.id)["latest_invoice"])
    assert (renewal.subtotal, renewal.amount_paid) == (2900, 400)
    assert v1.customers.retrieve(customer).balance == 0


def test_proration_none_bills_the_new_plan_from_the_next_renewal(
    local_stripe: LocalStripe, v1: Any
) -> None:
    """Stripe: with proration_behavior=none no proration is made and the new plan is billed
    from the next renewal."""
    customer = make_customer(v1)
    sub = half_way_subscription(v1, customer)
    v1.subscriptions.update(
        sub.id,
        params={
            "items": [{"id": sub["items"].data[0].id, "price": "professional-monthly"}],
            "proration_behavior": "none",
        },
    )
    assert pending_items(v1, customer) == []
    renewed = local_stripe.end_period(sub.id)
    invoice = v1.invoices.retrieve(renewed["latest_invoice"])
    assert (invoice.amount_paid, invoice.billing_reason) == (7900, "subscription_cycle")


def test_a_plan_change_during_a_trial_makes_no_prorations(v1: Any) -> None:
    """Stripe: nothing was paid during a trial, so a plan change then is not prorated; the
    trial's end charges the new plan."""
    customer = make_customer(v1)
    sub = subscribe(v1, customer, trial_period_days=14)
    sub = v1.subscriptions.update(
        sub.id,
        params={"items": [{"id": sub["items"].data[0].id, "price": "professional-monthly"}]},
    )
    assert sub.status == "trialing"
    assert pending_items(v1, customer) == []
    sub = v1.subscriptions.update(sub.id, params={"trial_end": "now", "expand": ["latest_invoice"]})
    assert sub.latest_invoice.amount_paid == 7900


def test_a_preview_shows_the_prorations_and_changes_nothing(
    local_stripe: LocalStripe, v1: Any
) -> None:
    """localstripe 1.15.10's create_preview credits every earlier invoice in full; Stripe's
    previews the invoice the change would make, with its prorations: the next renewal's
    (new plan + prorations), or with always_invoice the one made at once. Nothing changes."""
    customer = make_customer(v1)
    sub = half_way_subscription(v1, customer)
    half_way = (sub.current_period_start + sub.current_period_end) // 2
    change = {
        "items": [{"id": sub["items"].data[0].id, "price": "professional-monthly"}],
        "proration_date": half_way,
    }
    since = last_event_id(local_stripe)
    renewal = v1.invoices.create_preview(
        params={"subscription": sub.id, "subscription_details": change}
    )
    assert sorted(line.amount for line in renewal.lines.data) == [-1450, 3950, 7900]
    assert renewal.amount_due == 10400
    now = v1.invoices.create_preview(
        params={
            "subscription": sub.id,
            "subscription_details": {**change, "proration_behavior": "always_invoice"},
        }
    )
    assert now.amount_due == 2500
    assert v1.subscriptions.retrieve(sub.id)["items"].data[0].price.id == "basic-monthly"
    assert pending_items(v1, customer) == []
    assert len(v1.invoices.list(params={"customer": customer}).data) == 1
    assert event_types(local_stripe, since) == []


# --- f. The end of a period -------------------------------------------------------------------


def test_period_end_cancels_a_subscription_set_to_cancel(
    local_stripe: LocalStripe, v1: Any
) -> None:
    """Stripe (at the period's end, with cancel_at_period_end): the subscription is canceled,
    ended_at set, customer.subscription.deleted sent. localstripe 1.15.10 has no clock."""
    sub = subscribe(v1, make_customer(v1))
    v1.subscriptions.update(sub.id, params={"cancel_at_period_end": True})
    since = last_event_id(local_stripe)
    ended = local_stripe.end_period(sub.id)
    assert ended["status"] == "canceled"
    assert ended["ended_at"] is not None
    assert event_types(local_stripe, since) == ["customer.subscription.deleted"]


def test_period_end_of_a_trial_charges_the_plan(local_stripe: LocalStripe, v1: Any) -> None:
    """Stripe (at trial_end): the trial ends as with trial_end="now", the invoice's
    billing_reason being subscription_cycle."""
    sub = subscribe(v1, make_customer(v1), trial_period_days=14)
    ended = local_stripe.end_period(sub.id)
    assert ended["status"] == "active"
    invoice = v1.invoices.retrieve(ended["latest_invoice"])
    assert (invoice.status, invoice.amount_paid, invoice.billing_reason) == (
        "paid",
        2900,
        "subscription_cycle",
    )


def test_period_end_renews_and_charges_the_next_period(local_stripe: LocalStripe, v1: Any) -> None:
    """Stripe (at the period's end): the next period starts, its invoice (billing_reason
    subscription_cycle, with the pending prorations) is charged; events
    customer.subscription.updated (new period), invoice.created/finalized/paid/payment_succeeded."""
    customer = make_customer(v1)
    sub = half_way_subscription(v1, customer)
    v1.subscriptions.update(
        sub.id, params={"items": [{"id": sub["items"].data[0].id, "price": "professional-monthly"}]}
    )
    prorations = sum(item.amount for item in pending_items(v1, customer))
    since = last_event_id(local_stripe)
    before = int(time.time())
    renewed = local_stripe.end_period(sub.id)
    assert renewed["status"] == "active"
    assert before <= renewed["current_period_start"] <= int(time.time())
    item = renewed["items"]["data"][0]
    assert item["current_period_end"] == renewed["current_period_end"]
    invoice = v1.invoices.retrieve(renewed["latest_invoice"])
    assert (invoice.status, invoice.billing_reason) == ("paid", "subscription_cycle")
    assert invoice.amount_paid == 7900 + prorations
    assert pending_items(v1, customer) == []
    types = event_types(local_stripe, since)
    for expected in (
        "invoice.created",
        "invoice.finalized",
        "invoice.paid",
        "invoice.payment_succeeded",
        "customer.subscription.updated",
    ):
        assert expected in types
    updated = [
        e for e in local_stripe.events(since) if e["type"] == "customer.subscription.updated"
    ]
    assert "current_period_start" in updated[0]["data"]["previous_attributes"]


def test_period_end_with_a_failing_card_is_past_due(local_stripe: LocalStripe, v1: Any) -> None:
    """Stripe (a renewal's charge fails): the subscription is past_due, the invoice open,
    invoice.payment_failed sent."""
    customer = make_customer(v1)
    sub = subscribe(v1, customer)
    use_card(v1, customer, "pm_card_chargeCustomerFail")
    since = last_event_id(local_stripe)
    renewed = local_stripe.end_period(sub.id)
    assert renewed["status"] == "past_due"
    assert v1.invoices.retrieve(renewed["latest_invoice"]).status == "open"
    assert "invoice.payment_failed" in event_types(local_stripe, since)


# --- g. Paying an open invoice ----------------------------------------------------------------


def test_paying_the_open_invoice_with_a_new_card_reactivates(
    local_stripe: LocalStripe, v1: Any
) -> None:
    """localstripe 1.15.10 makes the subscription active again but sends no
    customer.subscription.updated nor invoice.paid; Stripe does both when the retried
    invoice (POST /v1/invoices/{id}/pay) is paid."""
    customer = make_customer(v1)
    sub = subscribe(v1, customer)
    use_card(v1, customer, "pm_card_chargeCustomerFail")
    invoice_id = local_stripe.end_period(sub.id)["latest_invoice"]
    use_card(v1, customer, "pm_card_visa")
    since = last_event_id(local_stripe)
    invoice = v1.invoices.pay(invoice_id)
    assert invoice.status == "paid"
    assert v1.subscriptions.retrieve(sub.id).status == "active"
    events = local_stripe.events(since)
    assert {"invoice.paid", "invoice.payment_succeeded"} <= {e["type"] for e in events}
    updated = [e for e in events if e["type"] == "customer.subscription.updated"]
    assert updated[0]["data"]["object"]["status"] == "active"
    assert updated[0]["data"]["previous_attributes"]["status"] == "past_due"


def test_paying_with_a_failing_card_answers_402(local_stripe: LocalStripe, v1: Any) -> None:
    """localstripe 1.15.10 answers 200 with the invoice still open and sends no event; Stripe
    answers 402 card_declined, the invoice stays open, invoice.payment_failed is sent."""
    customer = make_customer(v1)
    sub = subscribe(v1, customer)
    use_card(v1, customer, "pm_card_chargeCustomerFail")
    invoice_id = local_stripe.end_period(sub.id)["latest_invoice"]
    since = last_event_id(local_stripe)
    with pytest.raises(stripe.CardError) as declined:
        v1.invoices.pay(invoice_id)
    assert declined.value.code == "card_declined"
    invoice = v1.invoices.retrieve(invoice_id)
    assert (invoice.status, invoice.attempt_count) == ("open", 2)
    assert "invoice.payment_failed" in event_types(local_stripe, since)
    assert v1.subscriptions.retrieve(sub.id).status == "past_due"


# --- h. Webhooks and events -------------------------------------------------------------------


SECRET = "whsec_test_local_stripe"


def test_webhooks_verify_with_the_sdk(tmp_path: Path, receiver: Receiver) -> None:
    """The Stripe-Signature the local Stripe sends (t=<time>,v1=<HMAC-SHA256 of "t.payload">,
    as Stripe signs) verifies with stripe.Webhook.construct_event; the endpoint given at
    start (--webhook-url, --webhook-secret: serve()) receives every event, and each carries
    id, object, type, created, livemode, api_version, pending_webhooks, request and
    data.object, as Stripe's do (localstripe 1.15.10: api_version 2017-08-15, no
    pending_webhooks, no request)."""
    args = ("--webhook-url", receiver.url, "--webhook-secret", SECRET)
    with LocalStripeProcess(tmp_path / "state", *args) as server:
        customer = make_client(server.base).v1.customers.create(params={"email": "a@example.com"})
        receiver.wait_for(1)
    body, header, _ = receiver.received[0]
    event = stripe.Webhook.construct_event(body, header, SECRET)
    assert (event.type, event.data.object.id) == ("customer.created", customer.id)
    payload = json.loads(body)
    assert payload["object"] == "event"
    assert payload["livemode"] is False
    assert payload["api_version"] == stripe.api_version  # what the SDK asked for
    assert payload["pending_webhooks"] == 1
    assert payload["request"]["id"].startswith("req_")
    assert abs(payload["created"] - time.time()) < 60
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(body, header, "whsec_another_secret")


def test_a_failed_webhook_is_retried_and_signed_again(tmp_path: Path) -> None:
    """localstripe 1.15.10 posts each webhook once; Stripe retries a failed delivery with
    exponential backoff, each attempt signed when it is sent."""
    receiver = Receiver(failures=1)
    try:
        args = ("--webhook-url", receiver.url, "--webhook-secret", SECRET)
        with LocalStripeProcess(tmp_path / "state", *args) as server:
            make_client(server.base).v1.customers.create(params={"email": "a@example.com"})
            receiver.wait_for(2)
    finally:
        receiver.close()
    (first, _, status_1), (second, header, status_2) = receiver.received[:2]
    assert (status_1, status_2) == (500, 200)
    assert first == second
    assert stripe.Webhook.construct_event(second, header, SECRET).type == "customer.created"


def test_events_are_listed_newest_first_with_stripes_fields(
    local_stripe: LocalStripe, v1: Any
) -> None:
    """localstripe 1.15.10 lists events oldest first; Stripe lists them newest first, and
    filters them by type."""
    customer = make_customer(v1)
    listed = v1.events.list(params={"limit": 3}).data
    assert listed[0].type == "customer.updated"
    assert listed[0].created >= listed[-1].created
    created = v1.events.list(params={"type": "customer.created"}).data
    assert [e.data.object.id for e in created] == [customer]
    for event in local_stripe.events():
        assert {"id", "object", "type", "created", "livemode", "api_version", "data"} <= set(event)
        assert "object" in event["data"]


# --- i. The current period on subscription items -----------------------------------------------


def test_subscription_items_report_their_current_period(v1: Any) -> None:
    """localstripe 1.15.10 reports the current period on the subscription only; Stripe's API
    (since 2025-03-31) reports current_period_start/end on each item."""
    sub = subscribe(v1, make_customer(v1))
    item = sub["items"].data[0]
    assert (item.current_period_start, item.current_period_end) == (
        sub.current_period_start,
        sub.current_period_end,
    )
    assert item.subscription == sub.id


# --- j. What a SaaS needs from Stripe ----------------------------------------------------------


def confirm_like_stripe_js(base: str, client_secret: str, number: str) -> httpx.Response:
    """What localstripe-v3.js (the local Stripe.js) posts for stripe.confirmCardSetup."""
    seti = client_secret.split("_secret_")[0]
    body = {
        "key": PUBLISHABLE_KEY,
        "use_stripe_sdk": True,
        "client_secret": client_secret,
        "payment_method_data": {
            "type": "card",
            "card": {"number": number, "exp_month": "12", "exp_year": "2034", "cvc": "123"},
            "billing_details": {"address": {"postal_code": "1011AB"}},
        },
    }
    return httpx.post(f"{base}/v1/setup_intents/{seti}/confirm", content=json.dumps(body))


def test_a_setup_intent_with_a_good_card_attaches_it(local_stripe: LocalStripe, v1: Any) -> None:
    """localstripe 1.15.10 confirms the SetupIntent but leaves the new payment method
    unattached; Stripe attaches it to the SetupIntent's customer and sends
    setup_intent.succeeded."""
    customer = make_customer(v1, card=None)
    seti = v1.setup_intents.create(
        params={"customer": customer, "usage": "off_session", "payment_method_types": ["card"]}
    )
    response = confirm_like_stripe_js(local_stripe.base, seti.client_secret, "4242424242424242")
    assert response.status_code == 200
    assert response.json()["status"] == "succeeded"
    pm = v1.payment_methods.retrieve(response.json()["payment_method"])
    assert (pm.customer, pm.card.last4) == (customer, "4242")
    assert [m.id for m in v1.customers.payment_methods.list(customer).data] == [pm.id]
    assert {"setup_intent.succeeded", "payment_method.attached"} <= set(event_types(local_stripe))


def test_a_setup_intent_with_a_declined_card_can_be_retried(
    local_stripe: LocalStripe, v1: Any
) -> None:
    """localstripe 1.15.10 cancels the SetupIntent on a declined card; Stripe answers 402
    card_declined, puts it back in requires_payment_method with last_setup_error, so the
    customer can try another card, and sends setup_intent.setup_failed."""
    customer = make_customer(v1, card=None)
    seti = v1.setup_intents.create(params={"customer": customer})
    declined = confirm_like_stripe_js(local_stripe.base, seti.client_secret, "4000000000000002")
    assert declined.status_code == 402
    assert declined.json()["error"]["code"] == "card_declined"
    seti = v1.setup_intents.retrieve(seti.id)
    assert (seti.status, seti.last_setup_error.code) == ("requires_payment_method", "card_declined")
    assert "setup_intent.setup_failed" in event_types(local_stripe)
    retried = confirm_like_stripe_js(local_stripe.base, seti.client_secret, "4242424242424242")
    assert retried.json()["status"] == "succeeded"


def test_payment_methods_attach_list_and_detach(v1: Any) -> None:
    """Stripe's test ids: pm_card_visa attaches, pm_card_visa_chargeDeclined is declined (402),
    pm_card_chargeCustomerFail attaches and fails when charged. localstripe 1.15.10 needs
    type to list (400) and has no GET /v1/customers/{id}/payment_methods (404); detaching
    the default payment method unsets it in Stripe."""
    customer = make_customer(v1, card=None)
    visa = v1.payment_methods.attach("pm_card_visa", params={"customer": customer})
    with pytest.raises(stripe.CardError) as declined:
        v1.payment_methods.attach("pm_card_visa_chargeDeclined", params={"customer": customer})
    assert declined.value.code == "card_declined"
    failing = v1.payment_methods.attach("pm_card_chargeCustomerFail", params={"customer": customer})
    listed = v1.payment_methods.list(params={"customer": customer}).data
    assert [pm.id for pm in listed] == [failing.id, visa.id]
    assert len(v1.customers.payment_methods.list(customer).data) == 2
    v1.customers.update(customer, params={"invoice_settings": {"default_payment_method": visa.id}})
    assert v1.payment_methods.detach(visa.id).customer is None
    assert v1.customers.retrieve(customer).invoice_settings.default_payment_method is None
    with pytest.raises(stripe.InvalidRequestError):
        v1.payment_methods.detach(visa.id)
    with pytest.raises(stripe.InvalidRequestError):  # must be attached to be the default
        v1.customers.update(
            customer, params={"invoice_settings": {"default_payment_method": visa.id}}
        )


def test_test_card_numbers_behave_as_stripe_documents(v1: Any) -> None:
    """4242424242424242 is good, 4000000000000002 is declined when attached,
    4000000000000341 attaches but every charge fails."""
    customer = make_customer(v1, card=None)

    def card(number: str) -> Any:
        return v1.payment_methods.create(
            params={
                "type": "card",
                "card": {"number": number, "exp_month": 12, "exp_year": 2034, "cvc": "123"},
            }
        )

    with pytest.raises(stripe.CardError):
        v1.payment_methods.attach(card("4000000000000002").id, params={"customer": customer})
    use_card(v1, customer, card("4000000000000341").id)
    assert subscribe(v1, customer).status == "incomplete"
    use_card(v1, customer, card("4242424242424242").id)
    assert subscribe(v1, customer).status == "active"


def test_customers_keep_their_details(v1: Any) -> None:
    """Email, name, address, metadata and invoice_settings.default_payment_method, and an EU
    VAT number (tax id eu_vat), are kept and shown on finalized invoices."""
    address = {"line1": "Damrak 1", "city": "Amsterdam", "postal_code": "1012LG", "country": "NL"}
    customer = v1.customers.create(
        params={
            "email": "owner@example.com",
            "name": "Dental Clinic",
            "address": address,
            "metadata": {"account_id": "42"},
        }
    )
    tax_id = v1.customers.tax_ids.create(
        customer.id, params={"type": "eu_vat", "value": "NL123456789B01"}
    )
    assert (tax_id.country, tax_id.verification.status) == ("NL", "verified")
    use_card(v1, customer.id, "pm_card_visa")
    customer = v1.customers.update(
        customer.id, params={"name": "Dental Clinic B.V.", "metadata": {"plan": "basic"}}
    )
    assert customer.address.to_dict() == address
    assert customer.metadata.to_dict() == {"account_id": "42", "plan": "basic"}
    assert customer.invoice_settings.default_payment_method.startswith("pm_")
    assert [t.value for t in v1.customers.tax_ids.list(customer.id).data] == ["NL123456789B01"]
    invoice = v1.invoices.retrieve(subscribe(v1, customer.id).latest_invoice)
    assert invoice.customer_name == "Dental Clinic B.V."
    assert invoice.customer_tax_ids[0].value == "NL123456789B01"


def test_invoices_are_listed_by_customer_with_stripes_fields(
    local_stripe: LocalStripe, v1: Any
) -> None:
    """Stripe lists a customer's invoices newest first, with status, amount_due, amount_paid,
    currency, created, number, hosted_invoice_url (null locally) and lines, and filters them
    by status (localstripe 1.15.10: 500)."""
    customer = make_customer(v1)
    sub = subscribe(v1, customer)
    use_card(v1, customer, "pm_card_chargeCustomerFail")
    local_stripe.end_period(sub.id)
    invoices = v1.invoices.list(params={"customer": customer}).data
    assert [(i.status, i.amount_due, i.amount_paid) for i in invoices] == [
        ("open", 2900, 0),
        ("paid", 2900, 2900),
    ]
    newest = invoices[0]
    assert (newest.currency, newest.billing_reason) == ("eur", "subscription_cycle")
    assert newest.created >= invoices[1].created
    assert newest.number.endswith("-0002") and invoices[1].number.endswith("-0001")
    assert "hosted_invoice_url" in newest
    assert [line.price.id for line in newest.lines.data] == ["basic-monthly"]
    paid = v1.invoices.list(params={"customer": customer, "status": "paid"}).data
    assert [i.id for i in paid] == [invoices[1].id]


def test_products_and_plans_take_our_own_ids(v1: Any) -> None:
    """Products and plans are created with the ids we choose; a taken id answers 409 with
    Stripe's code resource_already_exists (localstripe 1.15.10: a bare "Conflict")."""
    assert v1.products.retrieve("basic").name == "Basic"
    assert v1.plans.retrieve("basic-monthly").amount == 2900
    with pytest.raises(stripe.StripeError) as taken:
        v1.products.create(params={"id": "basic", "name": "Basic again"})
    assert taken.value.http_status == 409
    assert taken.value.error is not None and taken.value.error.code == "resource_already_exists"
    prices = v1.prices.list(params={"product": "professional"}).data
    assert sorted(p.id for p in prices) == ["professional-monthly", "professional-yearly"]


def test_a_new_interval_restarts_the_period_and_invoices_now(v1: Any) -> None:
    """Stripe: a change to a price with another interval (monthly → yearly) resets the
    billing period to now and invoices at once: the yearly price less the unused month."""
    customer = make_customer(v1)
    sub = half_way_subscription(v1, customer)
    before = int(time.time())
    sub = v1.subscriptions.update(
        sub.id,
        params={
            "items": [{"id": sub["items"].data[0].id, "price": "professional-yearly"}],
            "expand": ["latest_invoice"],
        },
    )
    assert sub.current_period_start >= before
    assert sub.current_period_end - sub.current_period_start >= 365 * DAY
    amounts = sorted(line.amount for line in sub.latest_invoice.lines.data)
    assert amounts[-1] == 79000 and -2900 < amounts[0] < 0
    assert sub.latest_invoice.status == "paid"


# --- Raw localstripe: the deviations the patches exist for -------------------------------------


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStripeProcess]:
    with LocalStripeProcess(tmp_path_factory.mktemp("raw") / "state", "--unpatched") as server:
        yield server


@pytest.fixture
def raw_v1(raw: LocalStripeProcess) -> Any:
    httpx.delete(raw.base + "/_config/data").raise_for_status()
    client = make_client(raw.base)
    create_catalog(client.v1)
    return client.v1


def raw_subscribe(v1: Any, customer: str, **params: Any) -> Any:
    items = [{"plan": "basic-monthly"}]
    return v1.subscriptions.create(params={"customer": customer, "items": items, **params})


def test_raw_localstripe_leaves_a_trial_incomplete(raw_v1: Any) -> None:
    """localstripe 1.15.10: a subscription with a trial is ``incomplete``, without invoice.

    Why: its Subscription starts every subscription as ``incomplete`` and only paying the
    first invoice makes it ``active``; with a trial it makes no invoice, and no code path
    ever sets ``trialing``. Stripe documents ``trialing`` from the start, a $0 invoice, and
    the current period running to trial_end: the local Stripe's ``subscription_create``
    patch does that (test_trial_period_days_makes_a_trialing_subscription above)."""
    sub = raw_subscribe(raw_v1, make_customer(raw_v1), trial_period_days=14)
    assert (sub.status, sub.latest_invoice, sub.trial_start) == ("incomplete", None, None)


def test_raw_localstripe_refuses_price_and_stripes_parameters(raw_v1: Any) -> None:
    """localstripe 1.15.10: items[0][price] and payment_behavior=default_incomplete answer 400,
    off_session "Unexpected off_session", proration_behavior on update 500."""
    customer = make_customer(raw_v1)
    with pytest.raises(stripe.InvalidRequestError):
        subscribe(raw_v1, customer, "basic-monthly")
    with pytest.raises(stripe.InvalidRequestError):
        raw_subscribe(raw_v1, customer, payment_behavior="default_incomplete")
    with pytest.raises(stripe.InvalidRequestError, match="Unexpected off_session"):
        raw_subscribe(raw_v1, customer, off_session=True)
    sub = raw_subscribe(raw_v1, customer)
    with pytest.raises(stripe.APIError):
        raw_v1.subscriptions.update(sub.id, params={"proration_behavior": "none"})


def test_raw_localstripe_keeps_a_subscription_whose_payment_failed(raw_v1: Any) -> None:
    """localstripe 1.15.10: error_if_incomplete with a failing card still creates an
    incomplete subscription, and paying its invoice again answers 200, still open."""
    customer = make_customer(raw_v1, "pm_card_chargeCustomerFail")
    sub = raw_subscribe(raw_v1, customer, payment_behavior="error_if_incomplete")
    assert sub.status == "incomplete"
    assert raw_v1.invoices.pay(sub.latest_invoice).status == "open"


def test_raw_localstripe_credits_whole_invoices_and_lists_oldest_first(raw_v1: Any) -> None:
    """localstripe 1.15.10: a plan change credits the earlier invoice in full ("Unused time"),
    items carry no current period, events are listed oldest first."""
    customer = make_customer(raw_v1)
    sub = raw_subscribe(raw_v1, customer, backdate_start_date=int(time.time()) - 15 * DAY)
    assert "current_period_end" not in sub["items"].data[0]
    item = sub["items"].data[0]
    raw_v1.subscriptions.update(
        sub.id, params={"items": [{"id": item.id, "plan": "professional-monthly"}]}
    )
    items = pending_items(raw_v1, customer)
    assert [(i.amount, i.description) for i in items] == [(-2900, "Unused time")]
    assert raw_v1.events.list().data[0].type == "product.created"
