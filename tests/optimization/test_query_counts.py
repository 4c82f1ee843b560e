"""The optimization pages and the cycles API read a constant number of rows' worth of
queries, however many cycles and sites there are."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from code24.accounts.models import Account, Plan, User
from optimization.models import Proposal
from sites.models import Site
from tests.factories import make_account, make_cycle, make_site, make_user, make_version

pytestmark = pytest.mark.django_db


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


def cycles(site: Site, n: int) -> None:
    """n more cycles of every kind, a milestone among them."""
    kinds = [
        {},
        {"outcome": "unchanged"},
        {"rolled_back": True, "health_after": 60},
        {"status": "failed", "error": "The site did not answer."},
    ]
    for i in range(n):
        make_cycle(site, fixes=[{"summary": "A fix", "files": ["index.html"]}], **kinds[i % 4])  # type: ignore[arg-type]
    Proposal.objects.create(site=site, kind="faq", title=f"Question {n}?")


@pytest.fixture
def owner() -> tuple[User, Account, Client]:
    user = make_user()
    account = make_account(user, plan=Plan.ENTERPRISE)
    client = Client()
    client.force_login(user)
    return user, account, client


SITE_PAGES: list[Callable[[Site], str]] = [
    lambda site: reverse("site_optimization", args=[site.pk]),
    lambda site: reverse("site_optimization", args=[site.pk]) + "?page=2",
    lambda site: reverse("cycle_detail", args=[site.pk, 2]),
    lambda site: reverse("site_detail", args=[site.pk]),
    lambda site: f"/api/v1/sites/{site.pk}/cycles",
    lambda site: f"/api/v1/sites/{site.pk}/cycles/2",
]


@pytest.mark.parametrize("page", SITE_PAGES)
def test_site_pages_use_as_many_queries_with_3_cycles_as_with_30(
    owner: tuple[User, Account, Client], page: Callable[[Site], str]
) -> None:
    _user, account, client = owner
    site = make_site(account, status="live")
    make_version(site)
    cycles(site, 3)
    few = queries(client, page(site))
    cycles(site, 27)
    many = queries(client, page(site))
    assert many <= few, f"{page(site)}: {few} queries with 3 cycles, {many} with 30"


def test_the_account_overview_uses_as_many_queries_with_2_sites_as_with_20(
    owner: tuple[User, Account, Client],
) -> None:
    _user, account, client = owner

    def more_sites(n: int) -> None:
        for i in range(n):
            site = make_site(account, name=f"Site {i}", status="live")
            make_version(site)
            cycles(site, 3)

    more_sites(2)
    few = queries(client, reverse("optimization"))
    more_sites(18)
    many = queries(client, reverse("optimization"))
    assert many <= few, f"{few} queries with 2 sites, {many} with 20"
