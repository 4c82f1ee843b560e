"""Pages and API lists must not grow their query count with the data."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from code24.accounts.models import Account, Plan
from domains.models import CustomDomain
from sites.models import Lead, Site
from tests.factories import (
    add_member,
    make_account,
    make_api_key,
    make_build,
    make_site,
    make_user,
    make_version,
)

pytestmark = pytest.mark.django_db


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


_serial = iter(range(10_000))


def grow(account: Account, site: Site, n: int) -> None:
    """Add n of everything: sites, and versions, builds and leads of `site`; members, API
    keys and invitations of the account."""
    for _ in range(n):
        i = next(_serial)
        other = make_site(account, name=f"Site {i}", status="live")
        make_version(other)
        make_version(site)
        make_build(site, status="succeeded")
        Lead.objects.create(site=site, name=f"Visitor {i}", email=f"v{i}@example.com")
        add_member(account, make_user())
        make_api_key(account, name=f"Key {i}")
        account.invitations.create(email=f"invitee{i}@example.com")
        for owner in (site, other):
            CustomDomain.objects.create(
                account=account, site=owner, hostname=f"www.shop-{i}-{owner.pk}.example-shop.com"
            )


PAGES: list[Callable[[Site], str]] = [
    lambda site: reverse("dashboard"),
    lambda site: reverse("site_list"),
    lambda site: reverse("site_detail", args=[site.pk]),
    lambda site: reverse("build_detail", args=[site.builds.first().pk]),  # type: ignore[union-attr]
    lambda site: reverse("accounts:members"),
    lambda site: reverse("accounts:api_keys"),
    lambda site: reverse("accounts:plan"),
    lambda site: reverse("domain_list"),
    lambda site: reverse("site_domains", args=[site.pk]),
    lambda site: "/api/v1/sites",
    lambda site: f"/api/v1/sites/{site.pk}",
    lambda site: f"/api/v1/sites/{site.pk}/domains",
]


@pytest.mark.parametrize("page", PAGES)
def test_query_count_does_not_grow_with_the_data(page: Callable[[Site], str]) -> None:
    owner = make_user()
    account = make_account(owner, plan=Plan.ENTERPRISE)
    client = Client()
    client.force_login(owner)

    site = make_site(account, name="Harbour Dental", status="live")
    grow(account, site, 2)
    few = queries(client, page(site))
    grow(account, site, 8)
    many = queries(client, page(site))
    assert many <= few, f"{page(site)}: {few} queries with 2 of everything, {many} with 10"
