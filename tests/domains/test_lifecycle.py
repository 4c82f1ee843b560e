"""A custom domain's whole life against the local Cloudflare, with its DNS answered by a
local DNS server: add, the records and the doctor's findings, DNS put right, live (route,
certificate, canonical address, email), and removed leaving nothing at Cloudflare."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail

from code24.cloudflare.client import get_client
from code24.cloudflare.local import LocalCloudflare
from code24.cloudflare.local.edge import Edge
from domains import services
from domains.models import CustomDomain
from domains.records import records_to_add
from sites.addresses import address_of, site_address
from sites.models import Site
from tests.domains.conftest import dns_of, point_at_code24, zone_exists
from tests.sites.pipeline_fixtures import fetch, scripts_and_routes

pytestmark = [pytest.mark.workerd, pytest.mark.django_db]

Settle = Callable[..., CustomDomain]


def add(site: Site, hostname: str, capture: Any, **options: Any) -> list[CustomDomain]:
    with capture(execute=True):
        return services.domain_add(site=site, hostname=hostname, **options)


def test_a_domain_goes_live_when_its_dns_is_right_and_leaves_nothing_when_removed(
    live: Site,
    cloudflare: LocalCloudflare,
    edge: Edge,
    settle: Settle,
    django_capture_on_commit_callbacks: Any,
) -> None:
    platform_host = live.hostname
    zone_exists(cloudflare, "padaria-rosa.localhost")
    [domain] = add(live, "WWW.Padaria-Rosa.localhost.", django_capture_on_commit_callbacks)
    assert domain.hostname == "www.padaria-rosa.localhost"
    assert domain.role == CustomDomain.Role.PRIMARY
    assert domain.cloudflare_id
    record = cloudflare.state.hostname_get(domain.cloudflare_id)
    assert record is not None
    assert record["custom_metadata"] == {"account": str(live.account_id), "site": str(live.pk)}
    assert record["ssl"]["method"] == "http" and record["ssl"]["type"] == "dv"

    # Nothing at the DNS provider yet: the page says exactly what to add.
    domain = settle(domain, rounds=3)
    assert domain.state == CustomDomain.State.WAITING
    codes = [finding["code"] for finding in domain.findings]
    assert "cname-missing" in codes, domain.findings
    records = records_to_add(domain)
    assert (records[0].type, records[0].host, records[0].value) == (
        "CNAME",
        "www",
        "sites.code24.localhost",
    )
    assert any(r.type == "TXT" and r.name.startswith("_cf-custom-hostname.") for r in records)
    # Not an active custom hostname yet: Cloudflare's "DNS resolution error" (1001).
    assert fetch(edge, domain.hostname).status_code == 530

    # The customer adds the CNAME; Cloudflare validates, issues, deploys; Code24 sees it.
    point_at_code24(cloudflare, domain.hostname)
    domain = settle(domain)
    assert domain.state == CustomDomain.State.LIVE, (domain.findings, domain.ssl_status)
    assert (domain.hostname_status, domain.ssl_status) == ("active", "active")
    assert domain.points_here and domain.activated_at is not None
    live.refresh_from_db()
    assert live.domain == domain.hostname
    assert site_address(live) == address_of(domain.hostname)
    assert [m.subject for m in mail.outbox] == [f"[Code24] {domain.hostname} is live"]

    # The site answers on its own domain, names it as its address, and its Code24
    # address sends visitors there.
    home = fetch(edge, domain.hostname)
    assert home.status_code == 200
    assert f'<link rel="canonical" href="{address_of(domain.hostname)}/">' in home.text
    assert live.current_version is not None
    assert live.current_version.made_by == f"Now at {domain.hostname}"
    moved = fetch(edge, platform_host, "/about?x=1")
    assert moved.status_code == 301
    assert moved.headers["location"].startswith(f"http://{domain.hostname}")
    assert moved.headers["location"].endswith("/about?x=1")

    # Removed: gone from Cloudflare (hostname and route), the site back at its address.
    with django_capture_on_commit_callbacks(execute=True):
        services.domain_remove(domain=domain)
    domain.refresh_from_db()
    assert domain.state == CustomDomain.State.REMOVED and domain.next_check_at is None
    assert cloudflare.state.hostname_get(domain.cloudflare_id) is None
    live.refresh_from_db()
    assert live.domain == ""
    _scripts, routes = scripts_and_routes(cloudflare)
    assert routes == [platform_host]
    assert fetch(edge, domain.hostname).status_code == 530
    home = fetch(edge, platform_host)
    assert home.status_code == 200
    assert f'<link rel="canonical" href="{address_of(platform_host)}/">' in home.text
    assert list(get_client().custom_hostnames()) == []


def test_a_www_and_apex_pair_counts_once_and_the_apex_redirects_to_www(
    live: Site,
    cloudflare: LocalCloudflare,
    edge: Edge,
    settle: Settle,
    django_capture_on_commit_callbacks: Any,
) -> None:
    www, apex = add(
        live, "www.padaria-rosa.localhost", django_capture_on_commit_callbacks, with_pair=True
    )
    assert (www.role, apex.hostname, apex.role) == (
        "primary",
        "padaria-rosa.localhost",
        "redirect",
    )
    apex_records = records_to_add(apex)
    assert apex_records[0].host == "@" and "ALIAS" in apex_records[0].type
    point_at_code24(cloudflare, www.hostname)
    # The apex is flattened at the provider: its A record is the target's address.
    dns_of(cloudflare).add(apex.hostname, "A", "127.0.0.1")
    www, apex = settle(www), settle(apex)
    assert (www.state, apex.state) == ("live", "live"), (www.findings, apex.findings)
    redirect = fetch(edge, apex.hostname, "/menu")
    assert redirect.status_code == 301
    assert redirect.headers["location"].startswith(f"http://{www.hostname}")
    assert fetch(edge, www.hostname).status_code == 200
    assert services.room_left(live) == 0


def test_taking_the_site_offline_takes_its_domains_offline_and_back(
    live: Site,
    cloudflare: LocalCloudflare,
    edge: Edge,
    settle: Settle,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from sites import services as site_services

    [domain] = add(live, "www.padaria-rosa.localhost", django_capture_on_commit_callbacks)
    point_at_code24(cloudflare, domain.hostname)
    assert settle(domain).is_live
    live.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        site_services.site_unpublish(site=live)
    assert fetch(edge, domain.hostname).status_code == 404
    live.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        site_services.site_put_online(site=live)
    assert fetch(edge, domain.hostname).status_code == 200


def test_deleting_the_site_removes_its_domains_at_cloudflare(
    live: Site,
    cloudflare: LocalCloudflare,
    settle: Settle,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from sites import services as site_services

    [domain] = add(live, "www.padaria-rosa.localhost", django_capture_on_commit_callbacks)
    point_at_code24(cloudflare, domain.hostname)
    assert settle(domain).is_live
    with django_capture_on_commit_callbacks(execute=True):
        site_services.site_delete(site=live)
    assert not CustomDomain.objects.filter(pk=domain.pk).exists()
    assert list(get_client().custom_hostnames()) == []
    assert scripts_and_routes(cloudflare) == ([], [])


def test_a_caa_record_that_forbids_cloudflares_authorities_holds_the_certificate(
    live: Site,
    cloudflare: LocalCloudflare,
    settle: Settle,
    django_capture_on_commit_callbacks: Any,
) -> None:
    zone_exists(cloudflare, "padaria-rosa.localhost")
    dns_of(cloudflare).add("padaria-rosa.localhost", "CAA", '0 issue "digicert.com"')
    [domain] = add(live, "www.padaria-rosa.localhost", django_capture_on_commit_callbacks)
    point_at_code24(cloudflare, domain.hostname)
    domain = settle(domain, rounds=6)
    assert domain.state == CustomDomain.State.CHECKING  # points here, no certificate
    assert domain.ssl_status == "pending_validation"
    assert any("caa_error" in error for error in domain.verification_errors)
    [caa] = [f for f in domain.findings if f["code"] == "caa-forbids"]
    assert "digicert.com" in caa["message"]
    # The customer adds what the doctor asked for: the certificate is issued.
    for record in caa["add"]:
        dns_of(cloudflare).add(record["name"], "CAA", record["value"])
    domain = settle(domain)
    assert domain.is_live
    assert not any(f["code"] == "caa-forbids" for f in domain.findings)
