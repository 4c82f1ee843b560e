from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from code24.accounts.models import Account, User
from tests.factories import make_account, make_user


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    """allauth's rate limits live in the cache; each test starts with none used."""
    cache.clear()


@pytest.fixture
def alice(db: None) -> User:
    return make_user("alice@example.com")


@pytest.fixture
def alice_account(alice: User) -> Account:
    return make_account(alice, name="Alice Dental")


@pytest.fixture
def bob(db: None) -> User:
    return make_user("bob@example.com")


@pytest.fixture
def bob_account(bob: User) -> Account:
    return make_account(bob, name="Bob Plumbing")


@pytest.fixture
def alice_client(alice: User, alice_account: Account) -> Client:
    client = Client()
    client.force_login(alice)
    return client
