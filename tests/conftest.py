from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NoReturn

import dns.resolver
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
def _no_system_resolver(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests never ask the machine's DNS (nor a local DNS server a developer has
    running on LOCAL_DNS_PORT): lookups go to a LocalDNS a test started (the
    ``cloudflare`` fixture's ``cloudflare.dns``, or tests/cloudflare's ``dns_server``).
    Without one, the system resolver is asked for, and that fails loudly here."""
    settings.LOCAL_CLOUDFLARE_DNS = ""
    settings.DOMAINS_DNS_RESOLVER = ""

    def refuse(*args: object, **kwargs: object) -> NoReturn:
        raise RuntimeError(
            "The tests never use the system resolver: give this code a DNS server's address "
            "(a LocalDNS started by the test, e.g. the cloudflare fixture's cloudflare.dns)."
        )

    monkeypatch.setattr(dns.resolver.Resolver, "read_resolv_conf", refuse)
    monkeypatch.setattr(dns.resolver, "default_resolver", None)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """The production hasher costs ~0.4 s a user; the tests make many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_inline() -> Iterator[None]:
    """Tasks enqueued by the code under test run in the test's process.

    The tests that start a real worker (tests/core/celery_processes.py) turn this off.
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
