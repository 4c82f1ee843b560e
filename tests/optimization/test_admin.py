"""Staff admin: cycles listed, filtered and searched, a cycle's findings, fixes and diff
read-only, "Run again" queues a new cycle of the sites; scans, fix records, proposals."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from code24.accounts.models import Account, User
from optimization.models import FixStat, OptimizationCycle, Proposal
from sites.models import Site
from tests.factories import make_account, make_cycle, make_scan, make_site, make_version

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(1)</script>"


@pytest.fixture
def staff(db: None) -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("staff@code24.example", "pw"))
    return client


def live(account: Account, name: str) -> Site:
    site = make_site(account, name=name, status="live")
    make_version(site)
    return site


def test_staff_list_filter_and_search_cycles(staff: Client) -> None:
    account = make_account(name="Rosie")
    rosie = live(account, "Rosie's Bakery")
    harbour = live(make_account(name="Harbour"), "Harbour Dental")
    make_cycle(rosie, health_before=70, health_after=80)
    make_cycle(rosie, status="failed", error="No answer.")
    make_cycle(harbour, rolled_back=True, health_after=60)
    url = reverse("admin:optimization_optimizationcycle_changelist")

    listing = staff.get(url)
    assert listing.status_code == 200
    assert listing.text.count("Rosie&#x27;s Bakery") >= 2 and "Harbour Dental" in listing.text

    failed = staff.get(url + "?status__exact=failed").text
    assert "Rosie&#x27;s Bakery" in failed and "Harbour Dental" not in failed
    rolled = staff.get(url + "?outcome__exact=rolled_back").text
    assert "Harbour Dental" in rolled and "Rosie&#x27;s Bakery" not in rolled
    searched = staff.get(url + "?q=harbour").text
    assert "Harbour Dental" in searched and "Rosie&#x27;s Bakery" not in searched


def test_a_cycle_shows_findings_fixes_and_diff_read_only_and_escaped(staff: Client) -> None:
    site = live(make_account(), "Rosie's Bakery")
    cycle = make_cycle(
        site,
        findings=[{"id": "image-alt", "offenders": [{"snippet": HOSTILE}]}],
        fixes=[{"fixer": "image-alt", "summary": "Added alt text"}],
        diff=f"+{HOSTILE}\n",
    )

    page = staff.get(reverse("admin:optimization_optimizationcycle_change", args=[cycle.pk]))

    assert page.status_code == 200
    assert "image-alt" in page.text and "Added alt text" in page.text
    assert HOSTILE not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert 'name="status"' not in page.text  # read-only
    assert staff.get(reverse("admin:optimization_optimizationcycle_add")).status_code == 403


def test_run_again_queues_a_new_cycle_per_site_and_reports_refusals(staff: Client) -> None:
    account = make_account()
    rosie = live(account, "Rosie's Bakery")
    busy = live(account, "Busy Cafe")
    offline = make_site(account, name="Closed Shop", status="offline")
    first = make_cycle(rosie)
    second = make_cycle(rosie)
    busy_cycle = make_cycle(busy, status="running")
    closed = make_cycle(offline)
    url = reverse("admin:optimization_optimizationcycle_changelist")

    response = staff.post(
        url,
        {
            "action": "run_again",
            "_selected_action": [first.pk, second.pk, busy_cycle.pk, closed.pk],
        },
        follow=True,
    )

    assert response.status_code == 200
    assert rosie.cycles.count() == 3  # one new cycle for the site, not one per selected row
    new = rosie.cycles.get(number=3)
    assert new.requested_via == "admin"
    assert busy.cycles.count() == 1 and offline.cycles.count() == 1
    assert "Queued: Rosie&#x27;s Bakery (cycle 3)" in response.text
    assert "Busy Cafe:" in response.text and "Closed Shop:" in response.text


def test_scans_fix_records_and_proposals_are_listed(staff: Client) -> None:
    account = make_account(name="Scanner Co")
    site = live(account, "Rosie's Bakery")
    scan = make_scan(account, url="https://rosie.example/", findings=[{"id": "doctype"}])
    make_scan(account, url="https://broken.example/", status="failed", error="No answer.")
    FixStat.objects.create(audit="image-alt", business_type="bakery", tried=3, kept=2)
    Proposal.objects.create(site=site, kind="faq", title="Open on Sundays?")

    scans = reverse("admin:optimization_scan_changelist")
    assert "rosie.example" in staff.get(scans).text
    failed = staff.get(scans + "?status__exact=failed").text
    assert "broken.example" in failed and "rosie.example" not in failed
    assert "broken.example" in staff.get(scans + "?q=broken").text
    detail = staff.get(reverse("admin:optimization_scan_change", args=[scan.pk]))
    assert detail.status_code == 200 and "doctype" in detail.text
    assert "image-alt" in staff.get(reverse("admin:optimization_fixstat_changelist")).text
    assert "Open on Sundays?" in staff.get(reverse("admin:optimization_proposal_changelist")).text
    assert OptimizationCycle.objects.count() == 0
