"""Staff admin of sites, builds and their steps, versions and leads."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from code24.accounts.models import Account, User
from sites.models import Build, Lead
from tests.factories import make_build, make_site, make_version
from tests.sites.site_fixtures import OUTPUTS, XSS, Recorder

pytestmark = pytest.mark.usefixtures("site_files", "queued")


@pytest.fixture
def staff(db: None) -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("staff@code24.example", "pw"))
    return client


def test_every_sites_list_opens(staff: Client, alice_account: Account) -> None:
    site = make_site(alice_account, status="live")
    make_version(site)
    make_build(site, status="succeeded")
    Lead.objects.create(site=site, name="Ann", email="ann@example.com")

    for model in ("site", "build", "buildstep", "siteversion", "lead"):
        response = staff.get(reverse(f"admin:sites_{model}_changelist"))
        assert response.status_code == 200, model
    body = staff.get(reverse("admin:sites_site_changelist")).content.decode()
    assert site.hostname in body
    assert "Harbour Dental v1" in body  # the current version


def test_builds_filter_by_status_and_kind(staff: Client, alice_account: Account) -> None:
    site = make_site(alice_account)
    make_build(site, status="failed", error="Boom.")
    make_build(site, status="succeeded", kind="rebuild")

    url = reverse("admin:sites_build_changelist")
    failed = staff.get(url, {"status__exact": "failed"}).content.decode()
    rebuilds = staff.get(url, {"kind__exact": "rebuild"}).content.decode()

    assert "1 build" in failed
    assert "1 build" in rebuilds


def test_a_build_shows_its_steps_and_each_output_as_escaped_json(
    staff: Client, alice_account: Account
) -> None:
    site = make_site(alice_account)
    output = {**OUTPUTS["brand"], "value": {**OUTPUTS["brand"]["value"], "tagline": XSS}}
    build = make_build(
        site,
        status="failed",
        error=XSS,
        steps={"brand": ("succeeded", output), "design": ("failed", None)},
    )

    page = staff.get(reverse("admin:sites_build_change", args=[build.pk])).content.decode()
    step = build.steps.get(name="brand")
    detail = staff.get(reverse("admin:sites_buildstep_change", args=[step.pk])).content.decode()

    assert "market_research" in page and "activate" in page
    assert reverse("admin:sites_buildstep_change", args=[step.pk]) in page
    assert XSS not in page and XSS not in detail
    assert "&lt;script&gt;" in detail
    assert '"tagline": ' in detail.replace("&quot;", '"')
    assert '\n  "attempts": 2,' in detail.replace("&quot;", '"')


def test_retry_failed_builds_action(
    staff: Client, alice_account: Account, queued: Recorder
) -> None:
    site = make_site(alice_account)
    other = make_site(alice_account, name="Other")
    failed = make_build(other, status="failed", error="Boom.", steps={"brand": ("failed", None)})
    running = make_build(site, status="running")

    response = staff.post(
        reverse("admin:sites_build_changelist"),
        {"action": "retry_failed", "_selected_action": [failed.pk, running.pk]},
        follow=True,
    )

    body = response.content.decode()
    assert "Retrying 1 build(s)." in body
    assert f"#{running.pk}: Only a failed build can be retried." in body
    failed.refresh_from_db()
    assert failed.status == Build.Status.QUEUED
    assert queued.named("build_run") == [(failed.pk,)]


def test_versions_are_read_only(staff: Client, alice_account: Account) -> None:
    version = make_version(make_site(alice_account, status="live"))

    page = staff.get(reverse("admin:sites_siteversion_change", args=[version.pk]))

    assert page.status_code == 200
    assert b'name="made_by"' not in page.content
    assert b"index.html" in page.content
    assert staff.get(reverse("admin:sites_siteversion_add")).status_code == 403


def test_leads_can_be_searched(staff: Client, alice_account: Account) -> None:
    site = make_site(alice_account)
    Lead.objects.create(site=site, name="Ann Visitor", email="ann@example.com", message="Teeth")
    Lead.objects.create(site=site, name="Bo Other", email="bo@example.com", message="Pipes")

    body = staff.get(reverse("admin:sites_lead_changelist"), {"q": "teeth"}).content.decode()

    assert "Ann Visitor" in body
    assert "Bo Other" not in body
