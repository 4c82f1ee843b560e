"""Fixtures of the security tests: two accounts (Alice's and Bob's, both Professional),
a member and an admin in Alice's, and sites with builds and versions in each."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from code24.accounts.models import Account, Membership, Plan, Subscription, User
from domains.models import CustomDomain
from sites.models import Build, Site, SiteVersion
from tests.factories import add_member, make_build, make_site, make_user, make_version
from tests.sites.site_fixtures import Recorder, queued, site_files

__all__ = ["queued", "site_files"]


def on_plan(account: Account, slug: str) -> Account:
    Subscription.objects.filter(account=account).update(plan=Plan.objects.get(slug=slug))
    return Account.objects.get(pk=account.pk)


def client_for(user: User, *, csrf_checks: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf_checks)
    client.force_login(user)
    return client


@pytest.fixture
def pro_alice(alice_account: Account) -> Account:
    return on_plan(alice_account, Plan.PROFESSIONAL)


@pytest.fixture
def pro_bob(bob_account: Account) -> Account:
    return on_plan(bob_account, Plan.PROFESSIONAL)


@pytest.fixture
def carol(alice_account: Account) -> User:
    """A plain member of Alice's account."""
    return add_member(alice_account, make_user("carol@example.com"), Membership.Role.MEMBER).user


@pytest.fixture
def dave(alice_account: Account) -> User:
    """An admin of Alice's account."""
    return add_member(alice_account, make_user("dave@example.com"), Membership.Role.ADMIN).user


class Objects:
    """One account's site (live, two versions), a failed build and a lead."""

    def __init__(self, account: Account, name: str) -> None:
        self.site: Site = make_site(account, name=name, status="live")
        self.first: SiteVersion = make_version(self.site, made_by="First build")
        self.second: SiteVersion = make_version(
            self.site, made_by="Optimization", files={"index.html": b"<h1>v2</h1>"}
        )
        self.build: Build = make_build(
            self.site, status="failed", error="Boom.", steps={"brand": ("failed", None)}
        )
        # A domain being connected (its row only: nothing of it is at Cloudflare).
        self.domain: CustomDomain = CustomDomain.objects.create(
            account=account, site=self.site, hostname=f"www.{self.site.slug}.example-shop.com"
        )
        self.site.refresh_from_db()

    def state(self) -> tuple[Any, ...]:
        site = Site.objects.get(pk=self.site.pk)
        return (
            site.name,
            site.status,
            site.improvements_paused,
            site.current_version_id,
            site.versions.count(),
            site.builds.count(),
            Build.objects.get(pk=self.build.pk).status,
            CustomDomain.objects.filter(pk=self.domain.pk).values_list(
                "state", "removed_at", "check_requested_at", "next_check_at"
            )[0],
        )


@pytest.fixture
def bobs(pro_bob: Account, site_files: Any, queued: Recorder) -> Objects:
    return Objects(pro_bob, "Bob Pipes")


@pytest.fixture
def alices(pro_alice: Account, site_files: Any, queued: Recorder) -> Objects:
    return Objects(pro_alice, "Alice Smiles")
