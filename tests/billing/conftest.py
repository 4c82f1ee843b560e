"""Billing tests run against the local Stripe (localstripe, patched to follow Stripe's
documented behaviour: code24/billing/local_stripe.py), started once per session and
emptied for each test. Webhooks are delivered the way Stripe does it: the events the
local Stripe recorded, signed with the webhook secret, POSTed to Code24's endpoint."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import timedelta
from typing import Any

import httpx
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from code24.accounts.models import Account, Subscription
from code24.billing import services
from code24.billing.management.commands.stripe_setup import run_setup
from tests.billing.local_fixtures import (  # noqa: F401 - shared fixtures
    local_stripe,
    local_stripe_server,
    receiver,
)

CARDS = {
    "good": "4242424242424242",
    "declined": "4000000000000002",  # refused when the card is set up
    "fails_later": "4000000000000341",  # set up fine, every charge declined
}


def signed(payload: bytes, secret: str, at: int | None = None) -> str:
    """A Stripe-Signature header for `payload`, as Stripe computes it."""
    at = at or int(time.time())
    mac = hmac.new(secret.encode(), f"{at}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={at},v1={mac}"


class Billing:
    """What a test does as the customer's browser and as Stripe's webhook sender."""

    def __init__(self, stripe: Any, capture: Any) -> None:
        self.stripe = stripe
        self.capture = capture
        self.delivered: set[str] = set()
        self.webhook = Client()

    def card(self, account: Account, kind: str = "good") -> str:
        """Add a card as the card page does: a SetupIntent confirmed with the card's
        number from the browser (as Stripe.js does), then its id handed to Code24.
        Returns what Code24 said; raises for a card Stripe refuses at setup."""
        intent = services.card_setup_start(account)
        answer = httpx.post(
            f"{self.stripe.base}/v1/setup_intents/{intent.id}/confirm",
            json={
                "key": settings.STRIPE_PUBLISHABLE_KEY,
                "client_secret": intent.client_secret,
                "payment_method_data": {
                    "type": "card",
                    "card": {
                        "number": CARDS[kind],
                        "exp_month": "12",
                        "exp_year": "2034",
                        "cvc": "123",
                    },
                },
            },
        )
        if answer.status_code != 200:
            raise CardRefused(answer.json()["error"].get("message", ""))
        with self.capture(execute=True):
            return services.card_saved(account, intent.id)

    def deliver(self, *, skip: bool = False) -> list[str]:
        """POST every event not delivered yet to the webhook endpoint (what Stripe does);
        with `skip`, mark them delivered without sending (lost webhooks)."""
        sent = []
        for event in self.stripe.events():  # oldest first, as Stripe sends them
            if event["id"] in self.delivered:
                continue
            self.delivered.add(event["id"])
            if skip:
                continue
            self.post(event)
            sent.append(event["type"])
        return sent

    def post(self, event: dict[str, Any], *, secret: str | None = None) -> Any:
        payload = json.dumps(event).encode()
        header = signed(payload, secret or settings.STRIPE_WEBHOOK_SECRET)
        with self.capture(execute=True):
            return self.webhook.post(
                reverse("billing:webhook"),
                data=payload,
                content_type="application/json",
                headers={"Stripe-Signature": header},
            )

    def period_end(self, account: Account) -> None:
        """Stripe's clock reaches the end of the current period (its test clocks; the
        local Stripe's /_local route), then its webhooks arrive."""
        subscription = Subscription.objects.get(account=account)
        self.stripe.end_period(subscription.stripe_subscription_id)
        self.deliver()


class CardRefused(Exception):
    pass


@pytest.fixture
def billing(local_stripe: Any, django_capture_on_commit_callbacks: Any) -> Billing:  # noqa: F811
    run_setup(log=lambda line: None)
    return Billing(local_stripe, django_capture_on_commit_callbacks)


def trial_over(account: Account) -> Subscription:
    """The trial ended (without a card, nothing is subscribed: the clock ends it)."""
    Subscription.objects.filter(account=account).update(
        trial_ends_at=timezone.now() - timedelta(minutes=1)
    )
    services.clock()
    return Subscription.objects.get(account=account)


def subscribed(billing: Billing, account: Account, plan: Any, interval: str = "month") -> str:
    """A paying customer: the trial is over, a good card, a plan."""
    trial_over(account)
    billing.card(account)
    said = services.plan_choose(account=account, plan=plan, interval=interval)
    billing.deliver()
    return said
