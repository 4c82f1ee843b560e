from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from code24.accounts.models import Account, User
from code24.celery import app as celery_app
from tests.cloudflare.edge_fixtures import edge, node  # noqa: F401 - shared session fixtures
from tests.factories import make_account, make_user
from tests.sites.pipeline_fixtures import cloudflare  # noqa: F401 - the local Cloudflare


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    """allauth's rate limits live in the cache; each test starts with none used."""
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """The production hasher costs ~0.4 s a user; the tests make many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_inline() -> Iterator[None]:
    """Tasks enqueued by the code under test run in the test's process.

    The tests that start a real worker (tests/core/test_celery_worker.py) turn this off.
    """
    before = {key: celery_app.conf[key] for key in ("task_always_eager", "task_eager_propagates")}
    celery_app.conf.update(task_always_eager=True, task_eager_propagates=True)
    yield
    celery_app.conf.update(before)


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
