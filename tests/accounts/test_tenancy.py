"""A user of account A gets 404 for every account-B object, and B stays as it was."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from code24.accounts.middleware import SESSION_KEY
from code24.accounts.models import Account, ApiKey, Invitation, Membership, Plan, Subscription
from tests.accounts.conftest import client_for
from tests.factories import add_member, make_api_key


@pytest.fixture
def bob_rows(bob_account: Account) -> dict[str, Any]:
    """Account B with a second member, a pending invitation and an active key."""
    Subscription.objects.filter(account=bob_account).update(
        plan=Plan.objects.get(slug=Plan.PROFESSIONAL)
    )
    member = add_member(bob_account, role="member")
    invitation = Invitation.objects.create(account=bob_account, email="zed@example.com")
    key, _ = make_api_key(bob_account, name="Bob's key")
    return {
        "owner": bob_account.memberships.get(role="owner"),
        "member": member,
        "invitation": invitation,
        "key": key,
    }


def state_of(account: Account) -> dict[str, Any]:
    return {
        "name": Account.objects.get(pk=account.pk).name,
        "plan": Subscription.objects.get(account=account).plan.slug,
        "members": sorted(Membership.objects.filter(account=account).values_list("pk", "role")),
        "invitations": sorted(
            Invitation.objects.filter(account=account).values_list("pk", "accepted_at")
        ),
        "keys": sorted(ApiKey.objects.filter(account=account).values_list("pk", "revoked_at")),
    }


def foreign_requests(rows: dict[str, Any]) -> list[tuple[str, dict[str, str]]]:
    return [
        (reverse("accounts:member_role", args=[rows["owner"].pk]), {"role": "member"}),
        (reverse("accounts:member_role", args=[rows["member"].pk]), {"role": "owner"}),
        (reverse("accounts:member_remove", args=[rows["owner"].pk]), {}),
        (reverse("accounts:member_remove", args=[rows["member"].pk]), {}),
        (reverse("accounts:invitation_revoke", args=[rows["invitation"].pk]), {}),
        (reverse("accounts:api_key_revoke", args=[rows["key"].pk]), {}),
        (reverse("accounts:switch"), {"account": str(rows["owner"].account_id)}),
    ]


def test_owner_of_a_gets_404_for_every_b_object(
    alice_client: Client, alice_account: Account, bob_account: Account, bob_rows: dict
) -> None:
    before = state_of(bob_account)

    for url, data in foreign_requests(bob_rows):
        response = alice_client.post(url, data)
        assert response.status_code == 404, url

    assert state_of(bob_account) == before
    assert alice_client.session[SESSION_KEY] == alice_account.pk


def test_member_of_both_acting_in_a_gets_404_for_b_objects(
    alice: Any, alice_account: Account, bob_account: Account, bob_rows: dict
) -> None:
    """Objects are scoped to the current account, not to every account the user is in."""
    add_member(bob_account, alice, role="member")
    client = client_for(alice)
    session = client.session
    session[SESSION_KEY] = alice_account.pk
    session.save()
    before = state_of(bob_account)

    for url, data in foreign_requests(bob_rows)[:-1]:  # switching to B is allowed now
        response = client.post(url, data)
        assert response.status_code == 404, url

    assert state_of(bob_account) == before


def test_b_pages_show_nothing_of_a(
    alice_client: Client, alice_account: Account, bob_account: Account, bob_rows: dict
) -> None:
    Subscription.objects.filter(account=alice_account).update(
        plan=Plan.objects.get(slug=Plan.PROFESSIONAL)
    )
    for name in ("overview", "members", "plan", "api_keys"):
        body = alice_client.get(reverse(f"accounts:{name}")).content.decode()
        assert "Bob Plumbing" not in body, name
        assert "zed@example.com" not in body, name
        assert "Bob's key" not in body, name
        assert bob_rows["member"].user.email not in body, name


def test_unknown_ids_are_404(alice_client: Client, alice_account: Account) -> None:
    for name in ("member_role", "member_remove", "invitation_revoke", "api_key_revoke"):
        response = alice_client.post(reverse(f"accounts:{name}", args=[999999]), {"role": "admin"})
        assert response.status_code == 404, name
    huge = alice_client.post(f"/account/members/{10**30}/remove/")
    assert huge.status_code == 404


def test_a_stale_session_account_falls_back_to_ones_own(
    alice_client: Client, alice_account: Account, bob_account: Account
) -> None:
    session = alice_client.session
    session[SESSION_KEY] = bob_account.pk
    session.save()

    response = alice_client.get(reverse("accounts:overview"))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Alice Dental" in body
    assert "Bob Plumbing" not in body
