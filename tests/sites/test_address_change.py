"""Changing a live site's address, through the local Cloudflare and the real Workers in
workerd: the new address serves the site with its own canonical address, the old one
answers a 301 to the same path on the new one, and its redirect ends after a while."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from code24.accounts.models import Account, Plan
from code24.ai.schemas import Brief
from code24.cloudflare.local import LocalCloudflare
from code24.cloudflare.local.edge import Edge
from sites import services, tasks
from sites.addresses import site_address
from sites.models import AddressRedirect, Build, Site
from tests.factories import make_account
from tests.sites.pipeline_fixtures import fetch, scripts_and_routes
from tests.sites.test_pipeline import BRIEF

pytestmark = [pytest.mark.workerd, pytest.mark.django_db]


@pytest.fixture
def live(cloudflare: LocalCloudflare, edge: Edge, django_capture_on_commit_callbacks: Any) -> Site:
    account = make_account(name="Harbour Dental Ltd", plan=Plan.PROFESSIONAL)
    with django_capture_on_commit_callbacks(execute=True):
        build = services.site_create(
            account=account, brief=Brief.model_validate(BRIEF), requested_by=None, via="test"
        )
    build.refresh_from_db()
    assert build.status == Build.Status.SUCCEEDED, build.error
    site = build.site
    site.refresh_from_db()
    assert site.slug == "harbour-dental"
    return site


def move(site: Site, subdomain: str, capture: Any) -> Site:
    with capture(execute=True):
        services.site_address_change(site=site, subdomain=subdomain)
    site.refresh_from_db()
    return site


def test_the_new_address_serves_the_site_and_the_old_one_redirects_to_it(
    live: Site,
    cloudflare: LocalCloudflare,
    edge: Edge,
    django_capture_on_commit_callbacks: Any,
) -> None:
    old_host = live.hostname
    site = move(live, "harbour-smiles", django_capture_on_commit_callbacks)

    assert site.hostname == "harbour-smiles.code24.localhost"
    assert site.current_version is not None and site.current_version.number == 2
    assert site.current_version.made_by == "Address changed to harbour-smiles"
    assert site.current_version.build is None  # rendered again, no AI build
    new_address = site_address(site)

    home = fetch(edge, site.hostname)
    assert home.status_code == 200
    assert f'<link rel="canonical" href="{new_address}/">' in home.text
    assert f'<meta property="og:url" content="{new_address}/">' in home.text
    assert old_host not in home.text
    sitemap = fetch(edge, site.hostname, "/sitemap.xml").text
    assert f"<loc>{new_address}/</loc>" in sitemap and old_host not in sitemap

    moved = fetch(edge, old_host, "/contact?from=card")
    assert moved.status_code == 301
    assert moved.headers["Location"] == f"http://{site.hostname}/contact?from=card"

    scripts, routes = scripts_and_routes(cloudflare)
    assert scripts == [site.script_name]
    assert sorted(routes) == sorted([site.hostname, old_host])
    assert AddressRedirect.objects.get(slug="harbour-dental").routed_at is not None


def test_moving_back_takes_the_old_address_back_and_redirects_the_other(
    live: Site,
    cloudflare: LocalCloudflare,
    edge: Edge,
    django_capture_on_commit_callbacks: Any,
) -> None:
    site = move(live, "harbour-smiles", django_capture_on_commit_callbacks)
    site = move(site, "harbour-dental", django_capture_on_commit_callbacks)

    assert fetch(edge, "harbour-dental.code24.localhost").status_code == 200
    back = fetch(edge, "harbour-smiles.code24.localhost", "/about")
    assert back.status_code == 301
    assert back.headers["Location"] == "http://harbour-dental.code24.localhost/about"
    assert list(site.redirects.values_list("slug", flat=True)) == ["harbour-smiles"]


def test_restoring_a_version_made_for_the_old_address_renders_it_for_the_new_one(
    live: Site,
    cloudflare: LocalCloudflare,
    edge: Edge,
    django_capture_on_commit_callbacks: Any,
) -> None:
    first = live.current_version
    assert first is not None
    site = move(live, "harbour-smiles", django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        restored = services.site_restore(site=site, version=first)

    site.refresh_from_db()
    assert restored.number == 3 and site.current_version == restored
    assert restored.made_by == "Version 1, restored at harbour-smiles.code24.localhost"
    home = fetch(edge, site.hostname).text
    assert f'<link rel="canonical" href="{site_address(site)}/">' in home


def test_taking_a_moved_site_offline_takes_its_old_address_offline_too(
    live: Site,
    cloudflare: LocalCloudflare,
    edge: Edge,
    django_capture_on_commit_callbacks: Any,
) -> None:
    site = move(live, "harbour-smiles", django_capture_on_commit_callbacks)

    services.site_unpublish(site=site)
    assert fetch(edge, "harbour-smiles.code24.localhost").status_code == 404
    assert fetch(edge, "harbour-dental.code24.localhost").status_code == 404

    services.site_put_online(site=site)
    assert fetch(edge, "harbour-smiles.code24.localhost").status_code == 200
    assert fetch(edge, "harbour-dental.code24.localhost").status_code == 301


def test_an_expired_redirect_is_removed_and_frees_the_address(
    live: Site,
    cloudflare: LocalCloudflare,
    edge: Edge,
    django_capture_on_commit_callbacks: Any,
) -> None:
    site = move(live, "harbour-smiles", django_capture_on_commit_callbacks)
    assert tasks.redirects_expire() == 0  # not yet: it still redirects
    assert fetch(edge, "harbour-dental.code24.localhost").status_code == 301

    AddressRedirect.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert tasks.redirects_expire() == 1

    assert not AddressRedirect.objects.exists()
    assert fetch(edge, "harbour-dental.code24.localhost").status_code == 404
    assert scripts_and_routes(cloudflare)[1] == [site.hostname]
    assert tasks.redirects_expire() == 0  # running again does nothing


def test_deleting_a_moved_site_removes_its_old_address_route(
    live: Site,
    cloudflare: LocalCloudflare,
    edge: Edge,
    django_capture_on_commit_callbacks: Any,
) -> None:
    site = move(live, "harbour-smiles", django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        services.site_delete(site=site)

    assert scripts_and_routes(cloudflare) == ([], [])
    assert fetch(edge, "harbour-dental.code24.localhost").status_code == 404


def test_an_address_that_another_site_took_since_keeps_its_route(
    live: Site,
    cloudflare: LocalCloudflare,
    edge: Edge,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The removal of a deleted site's route checks whose route it is first."""
    script, hostname = live.script_name, live.hostname
    Site.objects.filter(pk=live.pk).delete()
    other = make_account(name="Other", plan=Plan.PROFESSIONAL)
    with django_capture_on_commit_callbacks(execute=True):
        build = services.site_create(
            account=other,
            brief=Brief.model_validate({**BRIEF, "name": "Harbour Dental"}),
            requested_by=None,
            via="test",
        )
    build.refresh_from_db()
    assert build.site.hostname == hostname

    services.cloudflare_remove(script_name=script, hostname=hostname)

    assert fetch(edge, hostname).status_code == 200


def test_the_address_cannot_change_while_a_build_runs(
    live: Site, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tasks.build_run, "delay_on_commit", lambda build_id: None)
    services.site_rebuild(site=live, requested_by=None)

    with pytest.raises(services.SiteActionError, match="A build of this site is running"):
        services.site_address_change(site=live, subdomain="harbour-smiles")
    live.refresh_from_db()
    assert live.slug == "harbour-dental"
    assert not AddressRedirect.objects.exists()


def test_another_account_cannot_take_a_redirecting_address(
    live: Site, django_capture_on_commit_callbacks: Any
) -> None:
    move(live, "harbour-smiles", django_capture_on_commit_callbacks)
    other: Account = make_account(name="Other", plan=Plan.PROFESSIONAL)

    with pytest.raises(services.AddressError, match=r"harbour-dental\.code24\.localhost is taken"):
        services.site_create(
            account=other,
            brief=Brief.model_validate(BRIEF),
            requested_by=None,
            subdomain="harbour-dental",
        )
    suggested = services.site_create(
        account=other, brief=Brief.model_validate(BRIEF), requested_by=None
    )
    assert suggested.site.slug == "harbour-dental-portsmouth"
