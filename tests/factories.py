"""Small factories for test data: people, their accounts, keys."""

from __future__ import annotations

import itertools

from allauth.account.models import EmailAddress

from code24.accounts import services
from code24.accounts.models import Account, ApiKey, Membership, Plan, User

PASSWORD = "correct-horse-battery-staple"
_counter = itertools.count(1)


def make_user(email: str | None = None, *, verified: bool = True) -> User:
    email = email or f"user{next(_counter)}@example.com"
    user = User.objects.create_user(email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    return user


def make_account(
    owner: User | None = None, *, name: str = "Acme Bakery", plan: str = Plan.BASIC
) -> Account:
    return services.account_create(owner=owner or make_user(), name=name, plan_slug=plan)


def add_member(account: Account, user: User | None = None, role: str = "member") -> Membership:
    return Membership.objects.create(account=account, user=user or make_user(), role=role)


def make_api_key(account: Account, name: str = "Script") -> tuple[ApiKey, str]:
    prefix, raw = ApiKey.generate()
    key = ApiKey.objects.create(
        account=account, name=name, prefix=prefix, key_hash=ApiKey.hash(raw)
    )
    return key, raw
