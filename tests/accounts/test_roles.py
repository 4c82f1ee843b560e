"""What owners, admins and members may do, and the account's last owner."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from code24.accounts import services
from code24.accounts.middleware import SESSION_KEY
from code24.accounts.models import Account, Invitation, Membership, Plan, User
from tests.accounts.conftest import assert_says, client_for, page_text
from tests.factories import add_member, make_api_key, make_user


@pytest.fixture
def pro_account(alice_account: Account) -> Account:
    alice_account.subscription.plan = Plan.objects.get(slug=Plan.PROFESSIONAL)
    alice_account.subscription.save()
    return alice_account


def forbidden_requests(account: Account, target: Membership) -> list[tuple[str, str, dict]]:
    """Every owner-only request, with valid input, against rows of `account`."""
    invitation = Invitation.objects.create(account=account, email="zed@example.com")
    key, _ = make_api_key(account)
    return [
        ("post", reverse("accounts:members"), {"email": "new@example.com", "role": "member"}),
        ("post", reverse("accounts:member_role", args=[target.pk]), {"role": "owner"}),
        ("post", reverse("accounts:member_remove", args=[target.pk]), {}),
        ("post", reverse("accounts:invitation_revoke", args=[invitation.pk]), {}),
        ("get", reverse("accounts:api_keys"), {}),
        ("post", reverse("accounts:api_keys"), {"name": "Mine"}),
        ("post", reverse("accounts:api_key_revoke", args=[key.pk]), {}),
        ("post", reverse("accounts:plan"), {"plan": "enterprise"}),
    ]


def snapshot(account: Account) -> dict:
    return {
        "members": sorted(account.memberships.values_list("user__email", "role")),
        "invitations": sorted(account.invitations.values_list("email", "accepted_at")),
        "keys": sorted(account.api_keys.values_list("name", "revoked_at")),
        "plan": Account.objects.get(pk=account.pk).subscription.plan.slug,
        "name": Account.objects.get(pk=account.pk).name,
    }


@pytest.mark.parametrize("role", ["member", "admin"])
def test_members_and_admins_get_403_on_owner_pages(pro_account: Account, role: str) -> None:
    actor = add_member(pro_account, make_user(), role=role)
    target = add_member(pro_account, make_user(), role="member")
    requests = forbidden_requests(pro_account, target)
    before = snapshot(pro_account)
    client = client_for(actor.user)

    for method, url, data in requests:
        response = getattr(client, method)(url, data)
        assert response.status_code == 403, (method, url)
        assert_says(response, "Only the account's owners can do this.")

    assert snapshot(pro_account) == before


def test_a_member_cannot_rename_the_workspace(
    alice_account: Account, carol_member: Membership
) -> None:
    response = client_for(carol_member.user).post(reverse("accounts:overview"), {"name": "Mine"})

    assert response.status_code == 403
    assert_says(response, "Only the workspace's owners and admins can rename it.")
    assert Account.objects.get(pk=alice_account.pk).name == "Alice Dental"


def test_an_admin_can_rename_the_workspace(alice_account: Account, dave_admin: Membership) -> None:
    response = client_for(dave_admin.user).post(
        reverse("accounts:overview"), {"name": "Alice & Partners Dental"}
    )

    assert response.status_code == 302
    assert Account.objects.get(pk=alice_account.pk).name == "Alice & Partners Dental"


def test_members_page_is_read_only_for_non_owners(carol_member: Membership) -> None:
    response = client_for(carol_member.user).get(reverse("accounts:members"))

    assert response.status_code == 200
    assert_says(response, "Only owners can invite people", "alice@example.com", "carol@example.com")
    body = page_text(response)
    assert "Send invitation" not in body
    assert reverse("accounts:member_remove", args=[carol_member.pk]) not in body


def test_owner_sees_the_management_forms(alice_client: Client, carol_member: Membership) -> None:
    response = alice_client.get(reverse("accounts:members"))

    body = response.content.decode()
    assert "Send invitation" in body
    assert reverse("accounts:member_role", args=[carol_member.pk]) in body
    assert reverse("accounts:member_remove", args=[carol_member.pk]) in body


def test_api_keys_tab_is_shown_to_owners_only(
    alice_client: Client, carol_member: Membership, dave_admin: Membership
) -> None:
    api_keys = reverse("accounts:api_keys")

    assert api_keys in alice_client.get(reverse("accounts:overview")).content.decode()
    for membership in (carol_member, dave_admin):
        page = client_for(membership.user).get(reverse("accounts:overview"))
        assert page.status_code == 200
        assert api_keys not in page.content.decode()


def test_owner_changes_a_role(alice_client: Client, carol_member: Membership) -> None:
    response = alice_client.post(
        reverse("accounts:member_role", args=[carol_member.pk]), {"role": "admin"}
    )

    assert response.status_code == 302
    carol_member.refresh_from_db()
    assert carol_member.role == "admin"


def test_owner_removes_a_member(
    alice_client: Client, alice_account: Account, carol_member: Membership
) -> None:
    response = alice_client.post(reverse("accounts:member_remove", args=[carol_member.pk]))

    assert response.status_code == 302
    assert not alice_account.memberships.filter(pk=carol_member.pk).exists()


def test_a_member_leaves(alice_account: Account, carol_member: Membership) -> None:
    response = client_for(carol_member.user).post(reverse("accounts:leave"))

    assert response.status_code == 302
    assert not alice_account.memberships.filter(pk=carol_member.pk).exists()


def test_last_owner_cannot_leave(alice_client: Client, alice: User, alice_account: Account) -> None:
    response = alice_client.post(reverse("accounts:leave"))

    assert response.status_code == 409
    assert_says(response, "The last owner cannot leave or be removed")
    assert alice_account.memberships.get(user=alice).role == "owner"


def test_last_owner_cannot_be_demoted(
    alice_client: Client, alice: User, alice_account: Account, carol_member: Membership
) -> None:
    own = alice_account.memberships.get(user=alice)

    response = alice_client.post(reverse("accounts:member_role", args=[own.pk]), {"role": "admin"})

    assert response.status_code == 409
    assert_says(response, "An account needs at least one owner")
    own.refresh_from_db()
    assert own.role == "owner"


def test_last_owner_cannot_be_removed(
    alice_client: Client, alice: User, alice_account: Account
) -> None:
    own = alice_account.memberships.get(user=alice)

    response = alice_client.post(reverse("accounts:member_remove", args=[own.pk]))

    assert response.status_code == 409
    assert_says(response, "The last owner cannot leave or be removed")
    assert alice_account.memberships.filter(pk=own.pk).exists()


def test_with_a_second_owner_the_first_may_step_down_and_leave(
    alice_client: Client, alice: User, alice_account: Account, bob: User
) -> None:
    add_member(alice_account, bob, role="owner")
    own = alice_account.memberships.get(user=alice)

    demoted = alice_client.post(reverse("accounts:member_role", args=[own.pk]), {"role": "member"})
    left = alice_client.post(reverse("accounts:leave"))

    assert demoted.status_code == 302
    assert left.status_code == 302
    assert list(alice_account.memberships.values_list("user__email", "role")) == [
        ("bob@example.com", "owner")
    ]


def test_overview_tells_the_last_owner_why_they_cannot_leave(alice_client: Client) -> None:
    response = alice_client.get(reverse("accounts:overview"))

    assert response.status_code == 200
    assert_says(response, "You are the only owner of Alice Dental")


def test_user_without_a_workspace_is_sent_to_create_one(alice_account: Account) -> None:
    loner = make_user("loner@example.com")
    client = client_for(loner)

    response = client.get(reverse("accounts:overview"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:new")

    created = client.post(reverse("accounts:new"), {"name": "Loner Ltd"})
    assert created.status_code == 302
    membership = Membership.objects.get(user=loner)
    assert membership.role == "owner"
    assert membership.account.name == "Loner Ltd"
    assert membership.account.subscription.plan.slug == Plan.BASIC


def test_switching_between_own_workspaces(alice_client: Client, alice: User, bob: User) -> None:
    second = services.account_create(owner=alice, name="Alice Orthodontics")
    bobs = services.account_create(owner=bob, name="Bob Plumbing")

    response = alice_client.post(reverse("accounts:switch"), {"account": second.pk})
    assert response.status_code == 302
    assert_says(alice_client.get(reverse("accounts:overview")), "Alice Orthodontics")

    refused = alice_client.post(reverse("accounts:switch"), {"account": bobs.pk})
    assert refused.status_code == 404
    assert alice_client.session[SESSION_KEY] == second.pk
