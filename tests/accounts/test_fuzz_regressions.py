"""Duplicate submissions a fuzzer found: the second one is refused, nothing stored is lost."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from code24.accounts import services
from code24.accounts.models import Account, Invitation, InvitationQuerySet, User


def test_an_invitation_sent_at_the_same_moment_keeps_the_first_one(
    alice: User, alice_account: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two owners (or a double click) invite one address at once: both requests pass the
    "already invited?" check before either commits. The second must not delete the
    invitation the first just sent (its email's link would be dead)."""
    first = services.invitation_create(
        account=alice_account, email="carol@example.com", role="member", invited_by=alice
    )
    # The second request checked before the first committed: it saw no pending invitation.
    monkeypatch.setattr(InvitationQuerySet, "pending", lambda self: self.none())

    with pytest.raises(services.AccountActionError, match="already has a pending invitation"):
        services.invitation_create(
            account=alice_account, email="carol@example.com", role="admin", invited_by=alice
        )

    assert list(Invitation.objects.values_list("pk", "role")) == [(first.pk, "member")]


def test_an_expired_invitation_still_makes_way_for_a_new_one(
    alice: User, alice_account: Account
) -> None:
    old = services.invitation_create(
        account=alice_account, email="carol@example.com", role="member", invited_by=alice
    )
    Invitation.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    new = services.invitation_create(
        account=alice_account, email="carol@example.com", role="admin", invited_by=alice
    )

    assert list(Invitation.objects.values_list("pk", "role")) == [(new.pk, "admin")]
