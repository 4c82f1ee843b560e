"""Sign-up with email verification, and the workspace every new user gets."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from code24.accounts.models import Membership, Plan, User
from tests.accounts.conftest import assert_says
from tests.factories import PASSWORD

SIGNUP = {"email": "nina@example.com", "password1": PASSWORD, "password2": PASSWORD}


def confirm_link(body: str) -> str:
    match = re.search(r"https?://[^/\s]+(/auth/confirm-email/[^\s]+/)", body)
    assert match, body
    return match.group(1)


def signed_in_user_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


@pytest.mark.django_db
def test_signup_sends_a_confirmation_email_and_confirming_signs_in(client: Client) -> None:
    response = client.post(reverse("account_signup"), SIGNUP)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nina@example.com"]
    user = User.objects.get(email="nina@example.com")
    assert not EmailAddress.objects.get(user=user).verified
    # Mandatory verification: not signed in yet, and the dashboard sends them away.
    assert signed_in_user_id(client) is None
    assert client.get(reverse("accounts:overview")).status_code == 302

    link = confirm_link(str(message.body))
    # Opening the link only shows a confirm button (no state change on GET).
    assert client.get(link).status_code == 200
    assert not EmailAddress.objects.get(user=user).verified
    response = client.post(link)

    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert signed_in_user_id(client) == str(user.pk)
    assert client.get(reverse("accounts:overview")).status_code == 200


@pytest.mark.django_db
def test_new_user_owns_a_workspace_on_the_basic_plan(client: Client) -> None:
    client.post(reverse("account_signup"), {**SIGNUP, "workspace": "Nina's Bistro"})

    user = User.objects.get(email="nina@example.com")
    membership = Membership.objects.get(user=user)
    assert membership.role == Membership.Role.OWNER
    assert membership.account.name == "Nina's Bistro"
    assert membership.account.subscription.plan.slug == Plan.BASIC
    assert membership.account.subscription.status == "trialing"
    assert membership.account.subscription.in_trial


@pytest.mark.django_db
def test_workspace_name_defaults_to_the_users_name(client: Client) -> None:
    client.post(reverse("account_signup"), SIGNUP)

    membership = Membership.objects.get(user__email="nina@example.com")
    assert membership.account.name == "nina's workspace"


@pytest.mark.django_db
def test_unconfirmed_user_cannot_log_in(client: Client) -> None:
    client.post(reverse("account_signup"), SIGNUP)
    client.logout()

    response = client.post(
        reverse("account_login"), {"login": "nina@example.com", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert signed_in_user_id(client) is None


@pytest.mark.django_db
def test_signing_up_twice_with_one_address_creates_one_user(client: Client) -> None:
    client.post(reverse("account_signup"), SIGNUP)
    other = Client()

    response = other.post(reverse("account_signup"), SIGNUP)

    assert response.status_code in {302, 400}
    assert User.objects.filter(email="nina@example.com").count() == 1
    assert Membership.objects.filter(user__email="nina@example.com").count() == 1


@pytest.mark.django_db
def test_signup_page_offers_the_workspace_field(client: Client) -> None:
    response = client.get(reverse("account_signup"))

    assert response.status_code == 200
    assert 'name="workspace"' in response.content.decode()
    assert_says(response, "Business or workspace name")


@pytest.mark.django_db
def test_the_confirmation_page_asks_as_a_person_would(client: Client) -> None:
    client.post(reverse("account_signup"), SIGNUP)
    page = client.get(confirm_link(str(mail.outbox[0].body))).content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "Is nina@example.com your email address?" in text
    assert "for user" not in text  # allauth's "... is an email address for user nina@..."
    assert "Yes, confirm my email address" in text


@pytest.mark.django_db
def test_an_expired_confirmation_link_says_what_to_do(client: Client) -> None:
    page = client.get(reverse("account_confirm_email", args=["not-a-real-key"])).content.decode()
    assert "This confirmation link has expired or was already used." in page
    assert reverse("account_email") in page
