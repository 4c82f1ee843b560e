"""Changing plans during the trial (no card, nothing to pay): every change applies at once,
downgrades only within the new limits. After the trial: tests/billing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from code24.accounts.models import Account, Plan, Subscription
from sites.models import Site
from tests.accounts.conftest import assert_says, page_text
from tests.factories import make_api_key


def current_plan(account: Account) -> str:
    return Subscription.objects.get(account=account).plan.slug


def move_to(account: Account, slug: str) -> None:
    Subscription.objects.filter(account=account).update(plan=Plan.objects.get(slug=slug))


def add_sites(account: Account, count: int) -> None:
    for n in range(count):
        Site.objects.create(account=account, name=f"Site {n}", slug=f"{account.pk}-site-{n}")


def test_plan_page_shows_the_three_plans_with_the_current_one_marked(
    alice_client: Client,
) -> None:
    response = alice_client.get(reverse("accounts:plan"))

    assert response.status_code == 200
    assert_says(
        response,
        "Basic",
        "Professional",
        "Enterprise",
        "Your plan",
        "1 website",
        "5 websites",
        "No API access",
        "API access for your own tools",
        "Checked and improved every day",
        "every 6 hours",
        "every hour",
        "White-label: resell under your own brand",
        "Switch to Professional",
        "Switch to Enterprise",
    )
    assert "Switch to Basic" not in page_text(response)
    assert 'class="plan-card plan-card--current"' in response.content.decode()


def test_upgrade_applies_immediately(alice_client: Client, alice_account: Account) -> None:
    response = alice_client.post(reverse("accounts:plan"), {"plan": "professional"})

    assert response.status_code == 302
    assert current_plan(alice_account) == "professional"
    page = alice_client.get(reverse("accounts:plan"))
    assert_says(page, "You are now on Professional for the rest of your trial", "Switch to Basic")
    # The new entitlements hold at once: the API key page now offers a key.
    assert alice_client.get(reverse("accounts:api_keys")).status_code == 200
    created = alice_client.post(reverse("accounts:api_keys"), {"name": "Zapier"})
    assert created.status_code == 201


def test_downgrade_that_breaks_the_site_limit_is_refused_with_the_reason(
    alice_client: Client, alice_account: Account
) -> None:
    move_to(alice_account, "professional")
    add_sites(alice_account, 3)

    response = alice_client.post(reverse("accounts:plan"), {"plan": "basic"})

    assert response.status_code == 409
    assert_says(
        response,
        "You can't move to Basic yet: Basic includes 1 site and you have 3. Delete 2 first.",
    )
    assert current_plan(alice_account) == "professional"
    assert alice_account.sites.count() == 3


def test_downgrade_with_active_api_keys_to_a_plan_without_the_api_is_refused(
    alice_client: Client, alice_account: Account
) -> None:
    move_to(alice_account, "professional")
    make_api_key(alice_account)

    response = alice_client.post(reverse("accounts:plan"), {"plan": "basic"})

    assert response.status_code == 409
    assert_says(response, "Basic does not include API access and you have 1 active API key.")
    assert current_plan(alice_account) == "professional"


def test_downgrade_within_the_limits_works(alice_client: Client, alice_account: Account) -> None:
    move_to(alice_account, "enterprise")
    add_sites(alice_account, 5)
    key, _ = make_api_key(alice_account)
    key.revoked_at = key.created_at
    key.save()

    response = alice_client.post(reverse("accounts:plan"), {"plan": "professional"})
    assert response.status_code == 302
    assert current_plan(alice_account) == "professional"

    response = alice_client.post(reverse("accounts:plan"), {"plan": "basic"})
    assert response.status_code == 409
    assert current_plan(alice_account) == "professional"


def test_switching_to_the_current_plan_says_so(
    alice_client: Client, alice_account: Account
) -> None:
    response = alice_client.post(reverse("accounts:plan"), {"plan": "basic"})

    assert response.status_code == 409
    assert_says(response, "You are already on the Basic plan, billed monthly.")


@pytest.mark.parametrize("role", ["member", "admin"])
def test_non_owners_see_the_plans_without_switch_buttons(alice_account: Account, role: str) -> None:
    from tests.accounts.conftest import client_for
    from tests.factories import add_member

    membership = add_member(alice_account, role=role)

    response = client_for(membership.user).get(reverse("accounts:plan"))

    assert response.status_code == 200
    assert_says(response, "Only owners can change the plan.")
    assert "Switch to" not in page_text(response)


def test_overview_shows_plan_and_usage(alice_client: Client, alice_account: Account) -> None:
    add_sites(alice_account, 1)

    response = alice_client.get(reverse("accounts:overview"))

    assert response.status_code == 200
    assert_says(
        response, "Basic", "Trial", "Trial ends", "1 of 1", "API keys: not included", "Owner"
    )
