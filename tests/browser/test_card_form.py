"""The card form in real Chromium, with the local Stripe's mock of Stripe.js (Elements):
a trial's owner adds a card, upgrades with a prorated invoice, has a card fail (banner and
email), fixes it, and keeps the plan. The page's CSP allows the mock's host and no other."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from code24.accounts.models import Plan, Subscription
from code24.billing.management.commands.stripe_setup import run_setup
from tests.billing.local_fixtures import local_stripe, local_stripe_server  # noqa: F401
from tests.factories import make_account, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def sign_in(page: Any, live_server: Any, user: Any) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def enter_card(page: Any, number: str) -> None:
    """Type a card into Stripe's fields (the mock's inputs are named by placeholder)."""
    element = page.locator("#card-element")
    element.locator("input[placeholder=number]").fill(number)
    element.locator("input[placeholder=exp_month]").fill("12")
    element.locator("input[placeholder=exp_year]").fill("34")
    element.locator("input[placeholder=cvc]").fill("123")
    element.locator("input[placeholder=postal_code]").fill("20457")


def test_trial_card_upgrade_failure_and_fix_in_the_browser(
    page: Any,
    live_server: Any,
    local_stripe: Any,  # noqa: F811
    mailoutbox: list[Any],
    settings: Any,
) -> None:
    settings.SITE_URL = live_server.url
    run_setup(log=lambda line: None)
    owner = make_user("owner@bakery.example")
    account = make_account(owner, name="Rosie's Bakery")
    sign_in(page, live_server, owner)
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else None)

    # The trial's owner adds a card in the form (Stripe.js confirms the SetupIntent).
    page.goto(live_server.url + "/account/plan/")
    page.get_by_role("link", name="Add a card").click()
    page.wait_for_selector("#card-element input[placeholder=number]")
    enter_card(page, "4242424242424242")
    page.get_by_role("button", name="Save card").click()
    page.wait_for_selector("text=Visa card ending in 4242 is saved")
    subscription = Subscription.objects.get(account=account)
    assert subscription.status == "trialing" and subscription.stripe_subscription_id

    # The trial ends; the first invoice is paid, then an upgrade is invoiced prorated.
    local_stripe.end_period(subscription.stripe_subscription_id)
    deliver(local_stripe, live_server)
    assert Subscription.objects.get(account=account).status == "active"
    page.goto(live_server.url + "/account/plan/")
    page.locator("form:has(input[name=plan][value=professional]) button[type=submit]").click()
    page.wait_for_selector("text=invoiced at the difference (prorated)")
    assert Subscription.objects.get(account=account).plan.slug == Plan.PROFESSIONAL
    page.goto(live_server.url + "/account/billing/")
    page.wait_for_selector("text=Prorated")

    # A card whose charges fail replaces it; the renewal fails: banner and email.
    page.goto(live_server.url + "/account/billing/card/")
    enter_card(page, "4000000000000341")
    page.get_by_role("button", name="Save card").click()
    page.wait_for_selector("text=ending in 0341 is saved")
    mailoutbox.clear()
    local_stripe.end_period(subscription.stripe_subscription_id)
    deliver(local_stripe, live_server)
    page.goto(live_server.url + "/dashboard/")
    page.wait_for_selector("text=Your last payment failed.")
    assert any("Payment failed for Rosie's Bakery" in m.subject for m in mailoutbox)
    link = re.search(r"https?://\S+/account/billing/card/", mailoutbox[-1].body)
    assert link, mailoutbox[-1].body

    # A card declined at setup shows Stripe's sentence in the form and saves nothing.
    page.goto(link.group(0))
    enter_card(page, "4000000000000002")
    page.get_by_role("button", name="Save card").click()
    page.wait_for_selector("#card-error:has-text('declined')")

    # A good card pays the open invoice; the plan stays.
    page.goto(live_server.url + "/account/billing/card/")
    enter_card(page, "4242424242424242")
    page.get_by_role("button", name="Save card").click()
    page.wait_for_selector("text=The payment went through")
    subscription = Subscription.objects.get(account=account)
    assert (subscription.status, subscription.plan.slug) == ("active", Plan.PROFESSIONAL)
    assert "Your last payment failed." not in page.content()
    assert blocked == []


def deliver(stripe: Any, live_server: Any) -> None:
    """Stripe's webhooks reach the live server, signed (as tests/billing delivers them)."""
    import json

    import httpx
    from django.conf import settings

    from tests.billing.conftest import signed

    for event in stripe.events():
        payload = json.dumps(event).encode()
        httpx.post(
            live_server.url + "/billing/stripe/webhook/",
            content=payload,
            headers={
                "Stripe-Signature": signed(payload, settings.STRIPE_WEBHOOK_SECRET),
                "Content-Type": "application/json",
            },
        ).raise_for_status()
