"""Inviting people into an account, and accepting through the emailed link."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from code24.accounts import services
from code24.accounts.middleware import SESSION_KEY
from code24.accounts.models import Account, Invitation, Membership, User
from tests.accounts.conftest import assert_says, client_for, html_part, links_in, page_text
from tests.factories import PASSWORD, make_user


def invite(account: Account, email: str, role: str = "member") -> Invitation:
    return Invitation.objects.create(
        account=account, email=email, role=role, invited_by=account.owners().get().user
    )


def accept_path(invitation: Invitation) -> str:
    return reverse("accounts:invitation_accept", args=[invitation.token])


def test_owner_invites_and_an_email_carries_the_accept_link(
    alice_client: Client, alice_account: Account, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(
            reverse("accounts:members"), {"email": "Carol@Example.com", "role": "admin"}
        )

    assert response.status_code == 302
    invitation = Invitation.objects.get(account=alice_account)
    assert invitation.email == "carol@example.com"
    assert invitation.role == "admin"
    assert invitation.is_pending
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["carol@example.com"]
    assert "Alice Dental" in message.subject
    url = services.invitation_url(invitation)
    assert url in links_in(str(message.body))
    html_body = html_part(message)
    assert f'href="{url}"' in html_body

    listing = alice_client.get(reverse("accounts:members"))
    assert_says(listing, "carol@example.com", "Pending", "Revoke")


def test_invited_verified_address_accepts_and_becomes_a_member(
    alice_account: Account, carol: User
) -> None:
    invitation = invite(alice_account, "carol@example.com", role="admin")
    client = client_for(carol)

    page = client.get(accept_path(invitation))
    assert page.status_code == 200
    assert_says(page, "Accept and join Alice Dental")
    response = client.post(accept_path(invitation))

    assert response.status_code == 302
    membership = Membership.objects.get(account=alice_account, user=carol)
    assert membership.role == "admin"
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert invitation.accepted_by == carol
    # Carol now works in the account she joined.
    assert client.session[SESSION_KEY] == alice_account.pk


def test_wrong_address_is_refused(alice_account: Account, bob: User) -> None:
    invitation = invite(alice_account, "carol@example.com")

    response = client_for(bob).post(accept_path(invitation))

    assert response.status_code == 409
    assert_says(response, "This invitation was sent to carol@example.com")
    assert not Membership.objects.filter(account=alice_account, user=bob).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_unconfirmed_invited_address_is_refused(alice_account: Account) -> None:
    carol = make_user("carol@example.com", verified=False)
    invitation = invite(alice_account, "carol@example.com")

    response = client_for(carol).post(accept_path(invitation))

    assert response.status_code == 409
    assert not Membership.objects.filter(account=alice_account, user=carol).exists()


def test_expired_invitation_is_refused(alice_account: Account, carol: User) -> None:
    invitation = invite(alice_account, "carol@example.com")
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    client = client_for(carol)

    page = client.get(accept_path(invitation))
    assert_says(page, "This invitation has expired")
    assert "Accept and join" not in page_text(page)
    response = client.post(accept_path(invitation))

    assert response.status_code == 409
    assert_says(response, "This invitation has expired. Ask the account owner")
    assert not Membership.objects.filter(account=alice_account, user=carol).exists()


def test_used_invitation_cannot_be_used_again(alice_account: Account, carol: User) -> None:
    invitation = invite(alice_account, "carol@example.com")
    client = client_for(carol)
    client.post(accept_path(invitation))
    Membership.objects.filter(account=alice_account, user=carol).delete()

    response = client.post(accept_path(invitation))

    assert response.status_code == 409
    assert_says(response, "This invitation has already been used.")
    assert not Membership.objects.filter(account=alice_account, user=carol).exists()


def test_anonymous_visitor_sees_who_invited_them_and_how_to_join(
    client: Client, alice_account: Account
) -> None:
    invitation = invite(alice_account, "carol@example.com")
    path = accept_path(invitation)

    response = client.get(path)

    assert response.status_code == 200
    assert_says(response, "alice@example.com", "Alice Dental", "Create an account", "Log in")
    body = response.content.decode()
    assert f"{reverse('account_signup')}?next={path}" in body
    assert f"{reverse('account_login')}?next={path}" in body


def test_anonymous_visitor_signs_up_without_a_second_confirmation_and_accepts(
    client: Client, alice_account: Account
) -> None:
    invitation = invite(alice_account, "carol@example.com", role="admin")
    path = accept_path(invitation)
    client.get(path)

    response = client.post(
        f"{reverse('account_signup')}?next={path}",
        {"email": "carol@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )

    # Signed in straight away and sent back to the invitation; no confirmation email.
    assert response.status_code == 302
    assert response["Location"] == path
    assert mail.outbox == []
    carol = User.objects.get(email="carol@example.com")
    assert EmailAddress.objects.get(user=carol, email="carol@example.com").verified
    assert client.session["_auth_user_id"] == str(carol.pk)

    response = client.post(path)

    assert response.status_code == 302
    assert Membership.objects.get(account=alice_account, user=carol).role == "admin"
    assert client.session[SESSION_KEY] == alice_account.pk


def test_visiting_an_expired_link_does_not_vouch_for_the_address(
    client: Client, alice_account: Account
) -> None:
    invitation = invite(alice_account, "carol@example.com")
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    client.get(accept_path(invitation))

    client.post(
        reverse("account_signup"),
        {"email": "carol@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert len(mail.outbox) == 1  # the normal confirmation email
    assert not EmailAddress.objects.get(email="carol@example.com").verified


def test_unknown_or_malformed_token_is_404(client: Client, alice_account: Account) -> None:
    invite(alice_account, "carol@example.com")

    assert client.get("/invitations/not-a-real-token/").status_code == 404
    assert client.get("/invitations/%00abc/").status_code == 404
    assert client.get("/invitations/" + "a" * 500 + "/").status_code == 404


def test_inviting_a_member_or_a_pending_address_again_is_refused(
    alice_client: Client, alice_account: Account, bob: User
) -> None:
    invite(alice_account, "carol@example.com")

    members = reverse("accounts:members")
    again = alice_client.post(members, {"email": "carol@example.com", "role": "member"})
    member = alice_client.post(members, {"email": "alice@example.com", "role": "member"})

    assert again.status_code == 400
    assert_says(again, "carol@example.com already has a pending invitation")
    assert member.status_code == 400
    assert_says(member, "alice@example.com is already a member of Alice Dental")
    assert Invitation.objects.filter(account=alice_account).count() == 1


def test_owner_revokes_an_invitation_and_its_link_stops_working(
    alice_client: Client, alice_account: Account, carol: User
) -> None:
    invitation = invite(alice_account, "carol@example.com")

    response = alice_client.post(reverse("accounts:invitation_revoke", args=[invitation.pk]))

    assert response.status_code == 302
    assert not Invitation.objects.filter(pk=invitation.pk).exists()
    assert client_for(carol).post(accept_path(invitation)).status_code == 404


def test_accepted_invitation_cannot_be_revoked(
    alice_client: Client, alice_account: Account, carol: User
) -> None:
    invitation = invite(alice_account, "carol@example.com")
    client_for(carol).post(accept_path(invitation))

    response = alice_client.post(reverse("accounts:invitation_revoke", args=[invitation.pk]))

    assert response.status_code == 409
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_invitation_email_escapes_the_account_name(
    alice: User, django_capture_on_commit_callbacks: Any
) -> None:
    account = services.account_create(owner=alice, name='<script>alert("x")</script> & Co')

    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(
            account=account, email="carol@example.com", role="member", invited_by=alice
        )

    message = mail.outbox[0]
    html_body = html_part(message)
    assert "<script>" not in html_body
    assert "&lt;script&gt;" in html_body
    # The plain-text part is text, not HTML: no entities in it.
    assert '<script>alert("x")</script> & Co' in str(message.body)


@pytest.mark.django_db
def test_expired_invitations_are_forgotten_after_a_week(alice_account: Account) -> None:
    old = invite(alice_account, "old@example.com")
    recent = invite(alice_account, "recent@example.com")
    Invitation.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(days=8))
    Invitation.objects.filter(pk=recent.pk).update(expires_at=timezone.now() - timedelta(days=1))

    assert services.invitations_expire() == 1
    assert list(Invitation.objects.values_list("email", flat=True)) == ["recent@example.com"]


def test_a_line_break_in_an_account_name_does_not_break_the_email(
    alice: User, django_capture_on_commit_callbacks: Any
) -> None:
    """Names typed in forms are one line; one set by staff in the admin may not be."""
    account = services.account_create(owner=alice, name="Tom\r\nBcc: victim@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(
            account=account, email="carol@example.com", role="member", invited_by=alice
        )

    message = mail.outbox[0]
    assert message.subject == "[Code24] You're invited to join Tom Bcc: victim@example.com"
    assert message.recipients() == ["carol@example.com"]


def test_the_send_task_run_twice_sends_one_email(alice_account: Account) -> None:
    """Late acks may deliver the task twice (a worker lost after sending): one email only."""
    from code24.accounts.tasks import invitation_send

    invitation = invite(alice_account, "dora@example.com")
    invitation_send.apply(args=[invitation.pk]).get()
    invitation_send.apply(args=[invitation.pk]).get()

    assert len(mail.outbox) == 1
    invitation.refresh_from_db()
    assert invitation.sent_at is not None


def test_a_failed_send_stays_unsent_for_the_retry(
    alice_account: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    invitation = invite(alice_account, "erin@example.com")

    def refuse(**kwargs: Any) -> None:
        raise OSError("mail server unreachable")

    monkeypatch.setattr(services, "invitation_send", refuse)
    with pytest.raises(OSError):
        services.invitation_send_once(invitation_id=invitation.pk)
    invitation.refresh_from_db()
    assert invitation.sent_at is None

    monkeypatch.undo()
    assert services.invitation_send_once(invitation_id=invitation.pk) is True
    assert len(mail.outbox) == 1


def test_the_members_page_says_whether_the_email_went_out(
    alice_client: Client, alice_account: Account
) -> None:
    invite(alice_account, "fay@example.com")
    assert_says(alice_client.get(reverse("accounts:members")), "Email not sent yet")
    services.invitation_send_once(invitation_id=Invitation.objects.get().pk)
    assert_says(alice_client.get(reverse("accounts:members")), "Email sent")
