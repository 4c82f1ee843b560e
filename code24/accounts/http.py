"""The request type of pages and API calls made for an account."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from code24.accounts.models import Account, Membership, User


class AccountRequest(HttpRequest):
    """A signed-in user acting for an account (set by CurrentAccountMiddleware, or by the
    API key authentication, which sets only `account`). For type checking only."""

    user: User
    account: Account
    membership: Membership
