"""A site's states (building, live, offline, failed; improvements on or paused): one word
for each everywhere, only the actions that make sense offered, the others refused with a
sentence; nothing promises improvement cycles that do not run; and the data migration
that split the old mixed status."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from code24.accounts.models import Account, Plan
from sites import services
from sites.models import Site
from tests.factories import make_api_key, make_build, make_site
from tests.sites.site_fixtures import Recorder, on_plan, text
from tests.sites.test_views import live_site

pytestmark = pytest.mark.usefixtures("site_files", "queued")


def offline_site(account: Account) -> Site:
    site = live_site(account)
    Site.objects.filter(pk=site.pk).update(status=Site.Status.OFFLINE)
    site.refresh_from_db()
    return site


def page(client: Client, site: Site) -> str:
    return text(client.get(reverse("site_detail", args=[site.pk])))


def action(name: str, site: Site) -> str:
    return f'action="{reverse(name, args=[site.pk])}"'


# --- What each state shows -----------------------------------------------------------


def test_an_offline_site_says_offline_everywhere_and_offers_only_put_back_online(
    alice_client: Client, alice_account: Account
) -> None:
    site = offline_site(alice_account)

    body = page(alice_client, site)

    assert '<span class="badge badge--neutral">Offline</span>' in body
    assert "Paused" not in body
    assert "Version online" not in body
    assert "Version kept</dt><dd>Version 2" in body
    assert "Visit site" not in body
    assert f'href="http://{site.hostname}:8788"' not in body
    assert "Online now" not in body
    assert "This site is offline" in body
    assert action("site_put_online", site) in body
    assert "Put back online" in body
    for refused in ("site_unpublish", "site_pause", "site_resume", "site_rebuild"):
        assert action(refused, site) not in body, refused
    assert action("site_address_change", site) not in body
    assert "Restore this version" not in body
    for listing in ("dashboard", "site_list"):
        listed = text(alice_client.get(reverse(listing)))
        assert '<span class="badge badge--neutral">Offline</span>' in listed
        assert f'href="http://{site.hostname}:8788"' not in listed
        assert "Not online" in listed


def test_a_live_site_with_improvements_paused_is_live_with_a_second_badge(
    alice_client: Client, alice_account: Account
) -> None:
    site = live_site(alice_account)
    Site.objects.filter(pk=site.pk).update(improvements_paused=True)

    body = page(alice_client, site)

    assert '<span class="badge badge--success">Live</span>' in body
    assert '<span class="badge badge--warning">Improvements paused</span>' in body
    assert "Visit site" in body and "Version online</dt><dd>Version 2" in body
    assert action("site_resume", site) in body and "Resume improvements" in body
    assert action("site_pause", site) not in body
    assert action("site_unpublish", site) in body and "Take offline" in body
    for listing in ("dashboard", "site_list"):
        assert "Improvements paused" in text(alice_client.get(reverse(listing)))


def test_a_failed_site_offers_no_improvements_toggle_and_no_offline(
    alice_client: Client, alice_account: Account
) -> None:
    site = make_site(alice_account, status="failed")
    make_build(site, status="failed", error="Boom.", steps={"brand": ("failed", None)})

    body = page(alice_client, site)

    assert '<span class="badge badge--danger">Failed</span>' in body
    for refused in ("site_pause", "site_resume", "site_unpublish", "site_put_online"):
        assert action(refused, site) not in body, refused
    assert "Visit site" not in body
    assert "Retry its build" in body


def test_a_building_site_offers_nothing_but_following_its_build(
    alice_client: Client, alice_account: Account
) -> None:
    site = make_site(alice_account, status="building")
    make_build(site)

    body = page(alice_client, site)

    assert '<span class="badge badge--info">Building</span>' in body
    for refused in ("site_pause", "site_unpublish", "site_put_online", "site_address_change"):
        assert action(refused, site) not in body, refused
    assert "Follow the build" in body


def test_no_restore_or_offline_is_offered_while_a_build_runs(
    alice_client: Client, alice_account: Account
) -> None:
    site = live_site(alice_account)
    make_build(site, status="running", kind="rebuild")

    body = page(alice_client, site)

    assert "Restore this version" not in body
    assert "Restoring is possible once the build is done." in body
    assert action("site_unpublish", site) not in body
    assert action("site_address_change", site) not in body
    assert action("site_pause", site) in body  # a preference: fine meanwhile


def test_the_build_page_shows_the_sites_state(alice_client: Client, alice_account: Account) -> None:
    site = offline_site(alice_account)
    build = site.builds.get()

    body = text(alice_client.get(reverse("build_detail", args=[build.pk])))

    assert 'Harbour Dental is</span> <span class="badge badge--neutral">Offline</span>' in body
    assert 'data-announce="The build is done. The site is offline now."' in body


# --- What the services refuse when posted anyway ---------------------------------------


@pytest.mark.parametrize(
    ("name", "sentence"),
    [
        ("site_pause", "Improvements can be paused or resumed only while the site is live."),
        ("site_resume", "Improvements can be paused or resumed only while the site is live."),
        ("site_unpublish", "This site is offline. Put it back online first."),
        ("site_rebuild", "This site is offline. Put it back online first: a rebuild"),
    ],
)
def test_actions_posted_to_an_offline_site_are_409_with_a_sentence(
    alice_client: Client, alice_account: Account, queued: Recorder, name: str, sentence: str
) -> None:
    site = offline_site(alice_account)

    response = alice_client.post(reverse(name, args=[site.pk]))

    assert response.status_code == 409
    assert sentence in text(response)
    site.refresh_from_db()
    assert site.status == Site.Status.OFFLINE
    assert queued.calls == []


def test_restore_of_an_offline_site_is_409(
    alice_client: Client, alice_account: Account, queued: Recorder
) -> None:
    site = offline_site(alice_account)
    first = site.versions.get(number=1)

    response = alice_client.post(reverse("site_restore", args=[site.pk, first.pk]))

    assert response.status_code == 409
    assert "This site is offline. Put it back online first." in text(response)
    assert queued.calls == []


def test_restore_and_offline_while_a_build_runs_are_409(
    alice_client: Client, alice_account: Account, queued: Recorder
) -> None:
    site = live_site(alice_account)
    make_build(site, status="running", kind="rebuild")
    first = site.versions.get(number=1)

    restore = alice_client.post(reverse("site_restore", args=[site.pk, first.pk]))
    offline = alice_client.post(reverse("site_unpublish", args=[site.pk]))

    for response in (restore, offline):
        assert response.status_code == 409
        assert "A build of this site is running. Wait for it to finish" in text(response)
    assert queued.calls == []


def test_put_back_online_of_a_live_site_is_409(
    alice_client: Client, alice_account: Account, queued: Recorder
) -> None:
    site = live_site(alice_account)

    response = alice_client.post(reverse("site_put_online", args=[site.pk]))

    assert response.status_code == 409
    assert "This site is already live." in text(response)
    assert queued.calls == []


def test_retry_of_a_build_of_an_offline_site_is_refused(
    alice_account: Account, queued: Recorder
) -> None:
    site = offline_site(alice_account)
    build = make_build(site, status="failed", error="Boom.", steps={"brand": ("failed", None)})

    with pytest.raises(services.SiteActionError, match="This site is offline"):
        services.build_retry(build=build)


def test_a_restore_queued_before_going_offline_leaves_the_site_offline(
    alice_account: Account, queued: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = offline_site(alice_account)
    published: list[Any] = []
    monkeypatch.setattr("sites.hosting.publish", lambda *args: published.append(args))

    services.version_publish_now(site.versions.get(number=1).pk)

    assert published == []
    site.refresh_from_db()
    assert site.status == Site.Status.OFFLINE


def test_a_retried_first_build_makes_a_failed_site_building_again(
    alice_account: Account, queued: Recorder
) -> None:
    site = make_site(alice_account, status="failed")
    build = make_build(site, status="failed", error="Boom.", steps={"brand": ("failed", None)})

    services.build_retry(build=build)

    site.refresh_from_db()
    assert site.status == Site.Status.BUILDING


# --- Cycles run now: the pages say so, and say when ---------------------------------------


def test_the_site_page_shows_the_next_cycle_instead_of_a_promise(
    alice_client: Client, alice_account: Account
) -> None:
    site = live_site(alice_account)
    Site.objects.filter(pk=site.pk).update(next_optimization_at=timezone.now() + timedelta(hours=3))

    body = page(alice_client, site)

    assert "not running yet" not in body
    assert "Next cycle" in body
    assert reverse("site_optimization", args=[site.pk]) in body


def test_the_optimization_page_lists_the_sites_instead_of_a_promise(
    alice_client: Client, alice_account: Account
) -> None:
    live_site(alice_account)

    body = text(alice_client.get(reverse("optimization")))

    assert "not running yet" not in body
    assert "once cycles run" not in body
    assert "Harbour Dental" in body


def test_the_overview_no_longer_says_cycles_do_not_run(
    alice_client: Client, alice_account: Account
) -> None:
    empty = text(alice_client.get(reverse("dashboard")))
    live_site(alice_account)
    listed = text(alice_client.get(reverse("dashboard")))

    assert "not running yet" not in empty
    assert "not running yet" not in listed
    assert "scans and improves it in cycles" in empty


# --- The API --------------------------------------------------------------------------


def test_the_api_gives_status_and_improvements_in_their_own_words(
    alice_account: Account,
) -> None:
    pro = on_plan(alice_account, Plan.PROFESSIONAL)
    live = live_site(pro, name="Live One")
    Site.objects.filter(pk=live.pk).update(improvements_paused=True)
    offline = offline_site(pro)
    _, raw = make_api_key(pro)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    sites = {s["id"]: s for s in api.get("/api/v1/sites").json()}

    assert sites[live.pk]["status"] == "live"
    assert sites[live.pk]["improvements"] == "paused"
    assert sites[live.pk]["url"] == f"http://{live.hostname}:8788"
    assert sites[offline.pk]["status"] == "offline"
    assert sites[offline.pk]["improvements"] == "on"
    assert sites[offline.pk]["url"] is None
    assert sites[offline.pk]["current_version"] == 2
    assert sites[offline.pk]["next_optimization_at"] is None
    restore = api.post(
        f"/api/v1/sites/{offline.pk}/restore",
        data={"version_id": offline.versions.get(number=1).pk},
        content_type="application/json",
    )
    assert restore.status_code == 409
    assert restore.json()["error"]["message"] == "This site is offline. Put it back online first."


# --- The data migration ---------------------------------------------------------------


# Transactional (migrations run outside a test transaction); the rollback restores the plans.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_splits_the_old_status(alice_account: Account) -> None:
    executor = MigrationExecutor(connection)
    before = [("sites", "0003_site_published")]
    after = [("sites", "0005_site_states_and_addresses")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    OldSite, OldVersion = old.get_model("sites", "Site"), old.get_model("sites", "SiteVersion")

    def site(slug: str, status: str, published: bool, version: bool = True) -> int:
        row = OldSite.objects.create(
            account_id=alice_account.pk,
            name=slug,
            slug=slug,
            status=status,
            published=published,
            next_optimization_at="2030-01-01T00:00:00Z",
        )
        if version:
            row.current_version = OldVersion.objects.create(
                site=row, number=1, spec={}, manifest={}, content_hash="x", made_by="t"
            )
            row.save()
        return int(row.pk)

    ids = {
        "draft": site("draft", "draft", False, version=False),
        "building": site("building", "building", False, version=False),
        "live": site("live", "live", True),
        "failed": site("failed", "failed", False, version=False),
        "paused-online": site("paused-online", "paused", True),
        "unpublished": site("unpublished", "paused", False),
    }

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    new = executor.loader.project_state(after).apps.get_model("sites", "Site")
    states = {
        name: (row.status, row.improvements_paused, row.next_optimization_at)
        for name, pk in ids.items()
        for row in [new.objects.get(pk=pk)]
    }
    version = executor.loader.project_state(after).apps.get_model("sites", "SiteVersion")

    assert states == {
        "draft": ("building", False, None),
        "building": ("building", False, None),
        "live": ("live", False, None),
        "failed": ("failed", False, None),
        "paused-online": ("live", True, None),
        "unpublished": ("offline", False, None),
    }
    assert version.objects.get(site_id=ids["live"]).spec == {"hostname": "live.code24.localhost"}

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
