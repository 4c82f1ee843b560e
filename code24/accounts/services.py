"""Work that changes accounts, members, invitations, plans and API keys.

Views and the API call these; they never write rows themselves.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from code24.accounts.entitlements import EntitlementError
from code24.accounts.models import (
    Account,
    ApiKey,
    Invitation,
    Membership,
    Plan,
    Subscription,
    User,
)
from code24.accounts.signals import plan_change_notices


class AccountActionError(Exception):
    """A request that cannot be carried out; the message says why, for the customer."""


# --- Accounts -------------------------------------------------------------------------


@transaction.atomic
def account_create(*, owner: User, name: str, plan_slug: str = Plan.BASIC) -> Account:
    account = Account.objects.create(name=name)
    Membership.objects.create(account=account, user=owner, role=Membership.Role.OWNER)
    # Every new account starts with a free trial; a card is needed when it ends.
    trial_ends = timezone.now() + timedelta(days=settings.BILLING_TRIAL_DAYS)
    Subscription.objects.create(
        account=account,
        plan=Plan.objects.get(slug=plan_slug),
        status=Subscription.Status.TRIALING,
        trial_ends_at=trial_ends,
        current_period_end=trial_ends,
    )
    return account


def account_rename(*, account: Account, name: str) -> Account:
    account.name = name
    account.save(update_fields=["name"])
    return account


def default_account_name(user: User) -> str:
    return f"{user.get_short_name()}'s workspace"[:100]


# --- Members --------------------------------------------------------------------------


def _lock_owners(account: Account) -> int:
    """Lock the account's owner rows and count them, so two owners can't both leave."""
    return len(list(account.memberships.select_for_update().filter(role=Membership.Role.OWNER)))


@transaction.atomic
def member_change_role(*, membership: Membership, role: str) -> Membership:
    if role not in Membership.Role.values:
        raise AccountActionError("Choose owner, admin or member.")
    demoting_owner = membership.is_owner and role != Membership.Role.OWNER
    if demoting_owner and _lock_owners(membership.account) <= 1:
        raise AccountActionError(
            "An account needs at least one owner. Make someone else an owner first."
        )
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def member_remove(*, membership: Membership) -> None:
    if membership.is_owner and _lock_owners(membership.account) <= 1:
        raise AccountActionError(
            "The last owner cannot leave or be removed. Make someone else an owner first."
        )
    membership.delete()


# --- Invitations ----------------------------------------------------------------------


def invitation_create(
    *, account: Account, email: str, role: str, invited_by: User, request: Any = None
) -> Invitation:
    email = email.strip().lower()
    if account.memberships.filter(user__email__iexact=email).exists():
        raise AccountActionError(f"{email} is already a member of {account.name}.")
    if account.invitations.pending().filter(email__iexact=email).exists():
        raise AccountActionError(
            f"{email} already has a pending invitation. Revoke it to send a new one."
        )
    from code24.accounts import tasks

    with transaction.atomic():
        # An expired invitation to the same address makes way for the new one (only an
        # expired one: a pending one may have just been sent by a concurrent request).
        account.invitations.filter(
            email=email, accepted_at__isnull=True, expires_at__lte=timezone.now()
        ).delete()
        try:
            invitation = Invitation.objects.create(
                account=account, email=email, role=role, invited_by=invited_by
            )
        except IntegrityError:  # the same address invited twice at the same moment
            raise AccountActionError(f"{email} already has a pending invitation.") from None
    tasks.invitation_send.delay_on_commit(invitation.pk)
    return invitation


def invitation_url(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("accounts:invitation_accept", args=[invitation.token])


def invitation_send(*, invitation: Invitation) -> None:
    context = {"invitation": invitation, "accept_url": invitation_url(invitation)}
    # A subject is one line: Django refuses line breaks in headers.
    account_name = " ".join(invitation.account.name.split())
    send_mail(
        subject=f"[Code24] You're invited to join {account_name}",
        message=render_to_string("emails/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
        html_message=render_to_string("emails/invitation.html", context),
    )


def invitation_send_once(*, invitation_id: int) -> bool:
    """Send the invitation's email unless it went out already; True when this call sent it.

    The row is locked while the email is handed to the mail server, so two runs of the task
    at once send one email; a failure to send leaves it unsent (for the task's retry).
    """
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("account")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None or not invitation.is_pending or invitation.sent_at is not None:
            return False  # revoked, accepted, expired or already sent: nothing to send
        invitation_send(invitation=invitation)
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])
    return True


def invitation_revoke(*, invitation: Invitation) -> None:
    if invitation.accepted_at:
        raise AccountActionError("This invitation was already accepted.")
    invitation.delete()


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise AccountActionError("This invitation has already been used.")
    if invitation.is_expired:
        raise AccountActionError(
            "This invitation has expired. Ask the account owner to send a new one."
        )
    verified = user.emailaddress_set.filter(  # type: ignore[attr-defined]
        email__iexact=invitation.email, verified=True
    ).exists()
    if not verified:
        raise AccountActionError(
            f"This invitation was sent to {invitation.email}, but you are signed in as "
            f"{user.email}. Sign in with the invited address to accept it."
        )
    membership, _ = Membership.objects.get_or_create(
        account=invitation.account, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


def invitations_expire() -> int:
    """Delete invitations that expired more than a week ago; returns how many."""
    cutoff = timezone.now() - timedelta(days=7)
    deleted, _ = Invitation.objects.filter(accepted_at__isnull=True, expires_at__lt=cutoff).delete()
    return deleted


# --- Plans ----------------------------------------------------------------------------


def plan_notices(*, account: Account, plan: Plan) -> list[str]:
    """What moving to `plan` would do that the customer must know before choosing it."""
    notices: list[str] = []
    for _receiver, sentences in plan_change_notices.send(
        sender=Account, account=account, plan=plan
    ):
        notices.extend(sentences or [])
    return notices


# --- API keys -------------------------------------------------------------------------


def api_key_create(*, account: Account, name: str, created_by: User) -> tuple[ApiKey, str]:
    """Create a key; returns it with the raw secret, which is shown once and not stored."""
    try:
        account.entitlements.require_api_access()
    except EntitlementError as exc:
        raise AccountActionError(str(exc)) from exc
    prefix, raw = ApiKey.generate()
    key = ApiKey.objects.create(
        account=account,
        name=name,
        prefix=prefix,
        key_hash=ApiKey.hash(raw),
        created_by=created_by,
    )
    return key, raw


def api_key_revoke(*, key: ApiKey) -> ApiKey:
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
    return key
