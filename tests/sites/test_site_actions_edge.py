"""The site page's actions against the local Cloudflare, checked by what its edge (workerd)
then serves for the site's address: take offline, put back online, restore an earlier
version, delete.

The actions are sent as the dashboard sends them (the views, as the site's owner). What
they do in the background (publishing a restored version, removing a deleted site from
Cloudflare) runs in a real Celery worker process on the configured broker. The site is
built beforehand by the real pipeline in the test's process (test_build_worker.py builds
one through a worker); its AI steps are the built-in writer's, the default provider.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from django.test import Client
from django.urls import reverse

from code24.accounts.models import Account, Plan, User
from code24.ai.schemas import Brief
from code24.cloudflare.client import get_client
from code24.cloudflare.local import LocalCloudflare
from code24.cloudflare.local.edge import Edge
from sites import services
from sites.models import Build, Site, SiteVersion
from sites.pipeline.files import files_load
from tests.core.celery_processes import running_worker
from tests.factories import BRIEF, make_account, make_user
from tests.sites.pipeline_fixtures import fetch, fetch_until

pytestmark = [
    pytest.mark.workerd,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = "023 9200 4471"


@pytest.fixture
def owner() -> User:
    return make_user("rosa@harbour-dental.example")


@pytest.fixture
def account(owner: User) -> Account:
    return make_account(owner, name="Harbour Dental Ltd", plan=Plan.PROFESSIONAL)


@pytest.fixture
def dashboard(owner: User, account: Account) -> Client:
    client = Client()
    client.force_login(owner)
    return client


def build(site_or_account: Site | Account, **brief: Any) -> SiteVersion:
    """Build (a new site for an account, or a site again) through the whole pipeline, in
    this process; returns the version it put live."""
    if isinstance(site_or_account, Account):
        started = services.site_create(
            account=site_or_account,
            brief=Brief.model_validate({**BRIEF, **brief}),
            requested_by=None,
            via="test",
        )
    else:
        started = services.site_rebuild(site=site_or_account, requested_by=None, via="test")
    started.refresh_from_db()
    assert started.status == Build.Status.SUCCEEDED, started.error
    version = SiteVersion.objects.get(build=started)
    assert Site.objects.get(pk=started.site_id).current_version == version
    return version


@pytest.fixture
def site(cloudflare: LocalCloudflare, edge: Edge, settings: Any, account: Account) -> Site:
    """A live site on the local Cloudflare, at an address on the test's edge."""
    settings.SITE_ADDRESS = "http://{host}:" + str(edge.port)
    return build(account).site


def home(version: SiteVersion) -> bytes:
    """The home page's bytes of a version, as it was built."""
    return files_load(version.manifest)["index.html"]


def assert_not_found(answer: httpx.Response, site: Site) -> None:
    """What the address of a site that is not online answers: the platform's "Site not
    found" page (the dispatcher's answer when no route names the hostname), nothing of
    the site's own."""
    assert answer.status_code == 404, answer.text[:500]
    assert "<title>Site not found · Code24</title>" in answer.text
    assert f"There is no website at <strong>{site.hostname}</strong> yet." in answer.text
    assert "Harbour Dental" not in answer.text


def is_404(answer: httpx.Response) -> bool:
    return answer.status_code == 404


def route_of(site: Site) -> bytes | None:
    client = get_client()
    return client.kv_get(client.kv_namespace_id("routes"), site.hostname)


def test_an_offline_site_answers_not_found_and_back_online_serves_its_version(
    site: Site, edge: Edge, dashboard: Client
) -> None:
    version = site.current_version
    assert version is not None
    assert fetch(edge, site.hostname).content == home(version)

    taken = dashboard.post(reverse("site_unpublish", args=[site.pk]))
    assert taken.status_code == 302
    site.refresh_from_db()
    assert site.status == Site.Status.OFFLINE
    # As the site page promises: its address answers "not found", on every path.
    assert_not_found(fetch_until(edge, site.hostname, until=is_404), site)
    assert_not_found(fetch(edge, site.hostname, "/contact"), site)
    # Only the route went: the script and the versions are kept.
    assert route_of(site) is None
    assert get_client().script_get(site.script_name) is not None
    assert site.current_version == version

    back = dashboard.post(reverse("site_put_online", args=[site.pk]))
    assert back.status_code == 302
    site.refresh_from_db()
    assert site.status == Site.Status.LIVE
    served = fetch_until(edge, site.hostname, until=lambda r: r.status_code == 200)
    assert served.status_code == 200
    assert served.content == home(version)
    assert fetch(edge, site.hostname, "/no-such-page").status_code == 404


@pytest.mark.celery_worker
def test_restoring_an_earlier_version_serves_that_versions_files(
    site: Site, edge: Edge, dashboard: Client, tmp_path: Path
) -> None:
    first = site.current_version
    assert first is not None
    # The customer adds the phone number; the rebuild's version says it, the first not.
    services.site_update_brief(site=site, brief=Brief.model_validate({**BRIEF, "phone": PHONE}))
    second = build(site)
    assert PHONE in home(second).decode() and PHONE not in home(first).decode()
    served = fetch_until(edge, site.hostname, until=lambda r: r.content == home(second))
    assert served.content == home(second)

    with running_worker(tmp_path) as worker:
        asked = dashboard.post(reverse("site_restore", args=[site.pk, first.pk]))
        assert asked.status_code == 302
        worker.wait_for(
            lambda: Site.objects.get(pk=site.pk).current_version == first,
            60,
            "the worker publishes version 1",
        )
        log = worker.log_tail(100_000)
    assert "sites.tasks.version_publish" in log
    served = fetch_until(edge, site.hostname, until=lambda r: r.content == home(first))
    assert served.status_code == 200
    assert served.content == home(first)
    assert PHONE not in served.text
    missing = fetch(edge, site.hostname, "/no-such-page")
    assert (missing.status_code, missing.content) == (404, files_load(first.manifest)["404.html"])
    site.refresh_from_db()
    assert site.status == Site.Status.LIVE
    assert SiteVersion.objects.filter(site=site).count() == 2  # restored, not copied


@pytest.mark.celery_worker
def test_a_deleted_site_leaves_cloudflare_and_its_address_answers_not_found(
    site: Site, edge: Edge, dashboard: Client, tmp_path: Path
) -> None:
    client = get_client()
    assert client.script_get(site.script_name) is not None and route_of(site) is not None
    assert fetch(edge, site.hostname).status_code == 200

    with running_worker(tmp_path) as worker:
        asked = dashboard.post(reverse("site_delete", args=[site.pk]), {"confirm_name": site.name})
        assert asked.status_code == 302 and asked["Location"] == reverse("site_list")
        assert not Site.objects.filter(pk=site.pk).exists()
        worker.wait_for(
            lambda: client.script_get(site.script_name) is None,
            60,
            "the worker removes the site's script",
        )
        log = worker.log_tail(100_000)
    assert "sites.tasks.site_remove_from_cloudflare" in log
    assert route_of(site) is None
    names = [key.name for key in client.kv_keys(client.kv_namespace_id("routes"))]
    assert site.hostname not in names
    assert_not_found(fetch_until(edge, site.hostname, until=is_404), site)
