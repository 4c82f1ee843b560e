"""API keys: created once, stored as a hash, revoked; and what the API answers to them."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from code24.accounts import services
from code24.accounts.models import Account, ApiKey, Plan, Subscription, User
from tests.accounts.conftest import assert_says, page_text
from tests.factories import make_api_key

ACCOUNT_URL = "/api/v1/account"


@pytest.fixture
def pro_account(alice_account: Account) -> Account:
    Subscription.objects.filter(account=alice_account).update(
        plan=Plan.objects.get(slug=Plan.PROFESSIONAL)
    )
    return Account.objects.get(pk=alice_account.pk)


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == code
    assert isinstance(error["message"], str) and error["message"]
    return error


# --- The API keys page ----------------------------------------------------------------


def test_creating_a_key_shows_it_once_and_stores_only_its_hash(
    alice_client: Client, alice: User, pro_account: Account
) -> None:
    response = alice_client.post(reverse("accounts:api_keys"), {"name": "Zapier"})

    assert response.status_code == 201
    raw = re.search(r"c24_[0-9a-f]{8}_[A-Za-z0-9_-]{43}", response.content.decode())
    assert raw, "the new key is on the page"
    raw_key = raw.group(0)
    assert_says(response, "it won't be shown again", 'data-copy="' + raw_key + '"')

    key = ApiKey.objects.get(account=pro_account)
    assert key.name == "Zapier"
    assert key.created_by == alice
    assert key.key_hash == hashlib.sha256(raw_key.encode()).hexdigest()
    stored = [str(value) for value in ApiKey.objects.values().get(pk=key.pk).values()]
    assert not any(raw_key in value for value in stored)
    assert raw_key.split("_")[2] not in "".join(stored)

    listing = alice_client.get(reverse("accounts:api_keys"))
    assert raw_key not in listing.content.decode()
    assert_says(listing, "Zapier", f"c24_{key.prefix}_…", "Never", "Active")


def test_the_new_key_works_against_the_api(alice_client: Client, pro_account: Account) -> None:
    response = alice_client.post(reverse("accounts:api_keys"), {"name": "Script"})
    raw_key = re.search(r"c24_[0-9a-f]{8}_[A-Za-z0-9_-]{43}", response.content.decode())
    assert raw_key

    api = Client().get(ACCOUNT_URL, headers=bearer(raw_key.group(0)))

    assert api.status_code == 200
    assert api.json()["id"] == pro_account.pk


def test_page_explains_how_to_use_the_api(alice_client: Client, pro_account: Account) -> None:
    response = alice_client.get(reverse("accounts:api_keys"))

    assert response.status_code == 200
    assert_says(
        response,
        "/api/v1/",
        "Authorization: Bearer <your key>",
        'curl -H "Authorization: Bearer <your key>" http://testserver/api/v1/account',
        "No keys yet.",
    )
    assert 'href="/api/v1/docs"' in response.content.decode()


def test_basic_plan_explains_the_api_is_not_included_and_offers_no_form(
    alice_client: Client, alice_account: Account
) -> None:
    page = alice_client.get(reverse("accounts:api_keys"))

    assert page.status_code == 200
    assert_says(page, "The Basic plan doesn't include the API")
    assert reverse("accounts:plan") in page.content.decode()
    assert "Create key" not in page_text(page)

    refused = alice_client.post(reverse("accounts:api_keys"), {"name": "Sneaky"})

    assert refused.status_code == 403
    assert_says(refused, "The Basic plan does not include API access.")
    assert not ApiKey.objects.exists()


def test_revoking_a_key(alice_client: Client, pro_account: Account) -> None:
    key, raw = make_api_key(pro_account, name="Old script")

    response = alice_client.post(reverse("accounts:api_key_revoke", args=[key.pk]))

    assert response.status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert_says(alice_client.get(reverse("accounts:api_keys")), "Revoked", "Old script")
    assert_error(Client().get(ACCOUNT_URL, headers=bearer(raw)), 401, "unauthenticated")


# --- API key authentication -----------------------------------------------------------


def test_valid_key_gets_its_account_plan_and_usage(pro_account: Account) -> None:
    key, raw = make_api_key(pro_account)

    response = Client().get(ACCOUNT_URL, headers=bearer(raw))

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == pro_account.pk
    assert body["name"] == "Alice Dental"
    assert body["plan"]["slug"] == "professional"
    assert body["plan"]["api_access"] is True
    assert body["subscription"]["status"] == "trialing"  # a new account starts a trial
    assert body["usage"] == {"sites": 0, "api_keys": 1, "members": 1}
    key.refresh_from_db()
    assert key.last_used_at is not None


@pytest.mark.django_db
def test_missing_key_is_401(client: Client) -> None:
    error = assert_error(client.get(ACCOUNT_URL), 401, "unauthenticated")
    assert "Bearer" in error["message"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header",
    [
        "Bearer ",
        "Bearer nonsense",
        "Bearer c24_",
        "Bearer c24_12345678",
        "Bearer c24_zzzzzzzz_" + "a" * 43,
        "Bearer c24_\x00\x00_abc",
        "Bearer " + "c24_" + "f" * 5000,
        "Basic YWxpY2U6c2VjcmV0",
        "c24_12345678_abc",
        "Bearer c24_12345678_é",
    ],
)
def test_garbage_is_401(client: Client, pro_account: Account, header: str) -> None:
    make_api_key(pro_account)

    assert_error(client.get(ACCOUNT_URL, headers={"Authorization": header}), 401, "unauthenticated")


def test_right_prefix_with_the_wrong_secret_is_401(client: Client, pro_account: Account) -> None:
    key, raw = make_api_key(pro_account)
    forged = f"c24_{key.prefix}_" + "A" * 43

    assert forged != raw
    assert_error(client.get(ACCOUNT_URL, headers=bearer(forged)), 401, "unauthenticated")


def test_key_of_an_account_downgraded_to_basic_is_403_with_the_plan_message(
    client: Client, pro_account: Account
) -> None:
    _, raw = make_api_key(pro_account)
    # Staff moved the account in the admin: the key is still active, the plan says no.
    Subscription.objects.filter(account=pro_account).update(plan=Plan.objects.get(slug="basic"))

    error = assert_error(client.get(ACCOUNT_URL, headers=bearer(raw)), 403, "plan_limit")

    assert error["message"] == (
        "The Basic plan does not include API access. "
        "Upgrade to Professional or Enterprise to use the API."
    )


def test_a_key_of_account_b_never_reveals_account_a(
    client: Client, pro_account: Account, bob: User
) -> None:
    bobs = services.account_create(owner=bob, name="Bob Plumbing", plan_slug="enterprise")
    make_api_key(pro_account, name="Alice's key")
    _, bob_raw = make_api_key(bobs, name="Bob's key")

    response = client.get(ACCOUNT_URL, headers=bearer(bob_raw))

    assert response.status_code == 200
    assert response.json()["id"] == bobs.pk
    assert "Alice" not in response.content.decode()


def test_a_signed_in_user_with_another_accounts_key_sees_the_keys_account(
    alice_client: Client, pro_account: Account, bob: User
) -> None:
    bobs = services.account_create(owner=bob, name="Bob Plumbing", plan_slug="enterprise")
    _, bob_raw = make_api_key(bobs)

    response = alice_client.get(ACCOUNT_URL, headers=bearer(bob_raw))

    assert response.status_code == 200
    assert response.json()["id"] == bobs.pk
