"""The check sweep claims only the due checks, once, with a lease, in a fixed number of
queries however many domains there are."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from code24.accounts.models import Plan
from domains import tasks
from domains.models import CustomDomain
from tests.factories import make_account, make_site

pytestmark = pytest.mark.django_db


def make_domains(count: int, *, due: bool) -> list[CustomDomain]:
    site = make_site(make_account(plan=Plan.ENTERPRISE), name="Many")
    now = timezone.now()
    when = now - timedelta(seconds=5) if due else now + timedelta(hours=1)
    start = CustomDomain.objects.count()
    return CustomDomain.objects.bulk_create(
        CustomDomain(
            account=site.account,
            site=site,
            hostname=f"www.shop-{start + n}.example-shop.com",
            next_check_at=when,
        )
        for n in range(count)
    )


def test_only_due_checks_are_claimed_and_not_twice(settings: object) -> None:
    due = make_domains(5, due=True)
    make_domains(7, due=False)
    settled = make_domains(1, due=True)[0]
    CustomDomain.objects.filter(pk=settled.pk).update(next_check_at=None)
    claimed = tasks.claim_due(100)
    assert sorted(claimed) == sorted(d.pk for d in due)
    assert tasks.claim_due(100) == []  # leased: the next sweep does not hand them out
    lease_end = CustomDomain.objects.get(pk=due[0].pk).next_check_at
    assert lease_end is not None and lease_end > timezone.now() + timedelta(seconds=60)


def test_a_check_whose_worker_died_comes_due_again_after_the_lease() -> None:
    [domain] = make_domains(1, due=True)
    assert tasks.claim_due(10) == [domain.pk]
    CustomDomain.objects.filter(pk=domain.pk).update(
        next_check_at=timezone.now() - timedelta(seconds=1)  # the lease ran out
    )
    assert tasks.claim_due(10) == [domain.pk]


def test_the_sweep_costs_the_same_queries_for_ten_or_a_thousand_domains() -> None:
    make_domains(10, due=True)
    with CaptureQueriesContext(connection) as small:
        assert len(tasks.claim_due(5000)) == 10
    make_domains(1000, due=True)
    make_domains(1000, due=False)
    with CaptureQueriesContext(connection) as large:
        assert len(tasks.claim_due(5000)) == 1000
    assert len(small.captured_queries) == len(large.captured_queries)
