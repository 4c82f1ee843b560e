"""A custom domain's whole life on one machine: a ``.localhost`` hostname whose CNAME is
added in the local DNS goes active with a certificate, the certificate is renewed (or, when
told, left to expire), and a hostname whose DNS moves away becomes ``moved`` and back."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from code24.cloudflare.client import Client, CustomHostname, get_client
from code24.cloudflare.local import LocalCloudflare
from code24.cloudflare.local.dns import LocalDNS
from code24.cloudflare.local.edge import Edge
from code24.cloudflare.local.server import WATCH_EVERY
from tests.cloudflare.local_fixtures import wait_until
from tests.sites.pipeline_fixtures import fetch

HOST = "www.bakery.localhost"


@pytest.fixture
def local_options() -> dict[str, Any]:
    """.localhost hostnames on, and a slow checker: each test takes the steps itself
    (``check()``), so that what is looked up when is certain."""
    return {"localhost_hostnames": True, "check_interval": 600.0}


@pytest.fixture
def settle(local_cloudflare: LocalCloudflare) -> Callable[..., None]:
    def run(times: int = 6, *, watch: bool = False) -> None:
        for _ in range(times):
            local_cloudflare.check(watch=watch)

    return run


@pytest.fixture
def live(
    ready: Client, dns_server: LocalDNS, settle: Callable[..., None]
) -> Iterator[CustomHostname]:
    """www.bakery.localhost, CNAMEd to the fallback origin and active."""
    settle(2)  # the fallback origin becomes active
    created = ready.custom_hostname_create(hostname=HOST, account_id=1, site_id=1)
    dns_server.add(HOST, "CNAME", ready.fallback_origin)
    settle()
    current = ready.custom_hostname_get(created.id)
    assert current.is_active, current
    yield current


def control(server: LocalCloudflare, path: str, body: dict[str, Any]) -> httpx.Response:
    return httpx.post(f"{server.origin}/__local__/{path}", json=body)


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def raw_ssl(server: LocalCloudflare, hostname: str = HOST) -> dict[str, Any]:
    record = server.state.hostname_by_name(hostname)
    assert record is not None
    return dict(record["ssl"])


def test_a_localhost_domain_goes_live_with_a_certificate(
    ready: Client, dns_server: LocalDNS, local_cloudflare: LocalCloudflare, settle: Any
) -> None:
    settle(2)
    created = ready.custom_hostname_create(hostname=HOST, account_id=1, site_id=1)
    settle()
    pending = ready.custom_hostname_get(created.id)
    assert pending.status == "pending" and pending.certificate_expires_at is None
    assert "custom hostname does not CNAME to this zone." in pending.verification_errors
    dns_server.add(HOST, "CNAME", ready.fallback_origin)  # what the customer adds
    before = datetime.now(UTC)
    settle()
    live = ready.custom_hostname_get(created.id)
    assert live.is_active and live.verification_errors == ()
    assert live.certificate_issuer == "GoogleTrustServices"
    assert live.certificate_expires_at is not None
    assert (
        timedelta(days=89, hours=23)
        < live.certificate_expires_at - before
        <= timedelta(days=90, minutes=1)
    )
    ssl = raw_ssl(local_cloudflare)
    assert ssl["signature"] == "ECDSAWithSHA256"
    assert re.fullmatch(r"\d{20,}", ssl["serial_number"])
    assert ssl["hosts"] == [HOST]
    assert before <= datetime.fromisoformat(ssl["uploaded_on"].replace("Z", "+00:00"))
    assert "validation_records" not in ssl


def test_a_certificate_near_expiry_is_renewed(
    live: CustomHostname, ready: Client, local_cloudflare: LocalCloudflare, settle: Any
) -> None:
    first = raw_ssl(local_cloudflare)
    soon = datetime.now(UTC) + timedelta(days=20)
    answer = control(local_cloudflare, f"hostnames/{HOST}/certificate", {"expires_on": iso(soon)})
    assert answer.status_code == 200 and answer.json()["ssl"]["expires_on"] == iso(soon)
    settle(1)
    renewed = ready.custom_hostname_get(live.id)
    assert renewed.is_active
    assert renewed.certificate_expires_at is not None
    assert renewed.certificate_expires_at > datetime.now(UTC) + timedelta(days=89)
    assert raw_ssl(local_cloudflare)["serial_number"] != first["serial_number"]


def test_a_certificate_that_is_not_renewed_stays_then_expires(
    live: CustomHostname, ready: Client, local_cloudflare: LocalCloudflare, settle: Any
) -> None:
    soon = datetime.now(UTC) + timedelta(days=10)
    path = f"hostnames/{live.id}/certificate"  # by id works as well as by name
    assert control(local_cloudflare, path, {"expires_on": iso(soon), "renew": False}).is_success
    settle()
    near = ready.custom_hostname_get(live.id)
    assert near.is_active
    assert near.certificate_expires_at == soon
    past = datetime.now(UTC) - timedelta(minutes=1)
    control(local_cloudflare, path, {"expires_on": iso(past)})
    settle(1)
    expired = ready.custom_hostname_get(live.id)
    assert (expired.status, expired.ssl_status) == ("active", "expired")
    control(local_cloudflare, path, {"renew": True})  # domain control is proven again
    settle(1)
    assert ready.custom_hostname_get(live.id).is_active


@pytest.mark.parametrize(
    ("target", "body", "status", "words"),
    [
        ("nope.bakery.localhost", {"renew": True}, 404, "No custom hostname"),
        (HOST, {"expires_on": "next tuesday"}, 400, "expires_on must be a time"),
        (HOST, {"renew": "yes"}, 400, "renew must be true or false"),
    ],
)
def test_the_certificate_control_endpoint_checks_its_input(
    live: CustomHostname,
    local_cloudflare: LocalCloudflare,
    target: str,
    body: dict[str, Any],
    status: int,
    words: str,
) -> None:
    answer = control(local_cloudflare, f"hostnames/{target}/certificate", body)
    assert answer.status_code == status and words in answer.json()["error"]


def test_a_hostname_without_a_certificate_yet_is_409(
    ready: Client, local_cloudflare: LocalCloudflare
) -> None:
    ready.custom_hostname_create(hostname="new.bakery.localhost", account_id=1, site_id=1)
    answer = control(local_cloudflare, "hostnames/new.bakery.localhost/certificate", {})
    assert answer.status_code == 409 and "no certificate yet" in answer.json()["error"]


@pytest.mark.parametrize("local_options", [{"control": False, "localhost_hostnames": True}])
def test_the_certificate_control_endpoint_needs_the_control_api(
    local_cloudflare: LocalCloudflare,
) -> None:
    answer = control(local_cloudflare, f"hostnames/{HOST}/certificate", {"renew": False})
    assert answer.status_code == 404 and "control API is off" in answer.json()["error"]


def test_a_hostname_whose_cname_goes_elsewhere_is_moved_and_comes_back(
    live: CustomHostname,
    ready: Client,
    dns_server: LocalDNS,
    local_cloudflare: LocalCloudflare,
    snapshots: list[dict[str, Any]],
    settle: Any,
) -> None:
    assert HOST in snapshots[-1]["active_hostnames"]
    dns_server.delete(HOST)
    dns_server.add(HOST, "CNAME", "other-host.example.net")
    settle(1, watch=True)
    moved = ready.custom_hostname_get(live.id)
    assert moved.status == "moved"
    assert moved.verification_errors == ("custom hostname does not CNAME to this zone.",)
    assert HOST not in snapshots[-1]["active_hostnames"]  # the edge stops serving it
    dns_server.delete(HOST)
    dns_server.add(HOST, "CNAME", ready.fallback_origin)
    settle(1, watch=True)
    back = ready.custom_hostname_get(live.id)
    assert back.is_active and back.verification_errors == ()
    assert HOST in snapshots[-1]["active_hostnames"]


def test_active_hostnames_are_looked_up_only_every_few_checks(
    live: CustomHostname, ready: Client, dns_server: LocalDNS, local_cloudflare: LocalCloudflare
) -> None:
    dns_server.delete(HOST)
    dns_server.queries.clear()
    for _ in range(WATCH_EVERY * 2):
        local_cloudflare.check(watch=False)
    assert not dns_server.queries  # no lookups at all
    assert ready.custom_hostname_get(live.id).status == "active"
    for _ in range(WATCH_EVERY):
        local_cloudflare.check()  # one of these is a slow check
    # Its CNAME, then its addresses (a flattened CNAME would show there): none left.
    assert list(dns_server.queries) == [(HOST, "CNAME"), (HOST, "A")]
    assert ready.custom_hostname_get(live.id).status == "moved"


def test_a_hostname_proven_by_txt_before_its_dns_moves_is_not_moved(
    ready: Client, dns_server: LocalDNS, settle: Any
) -> None:
    settle(2)
    created = ready.custom_hostname_create(
        hostname="shop.bakery.localhost", account_id=1, site_id=1, ssl_method="txt"
    )
    dns_server.add(created.ownership_txt_name, "TXT", created.ownership_txt_value)
    settle(1)
    record = wait_until(lambda: ready.custom_hostname_get(created.id).validation_records)[0]
    dns_server.add(record.txt_name, "TXT", record.txt_value)
    settle()
    assert ready.custom_hostname_get(created.id).is_active
    dns_server.queries.clear()
    settle(2, watch=True)
    assert ready.custom_hostname_get(created.id).is_active
    assert ("shop.bakery.localhost", "CNAME") not in dns_server.queries


def test_a_hostname_marked_dns_configured_is_never_moved(
    ready: Client, dns_server: LocalDNS, local_cloudflare: LocalCloudflare, settle: Any
) -> None:
    settle(2)
    created = ready.custom_hostname_create(
        hostname="demo.bakery.localhost", account_id=1, site_id=1
    )
    local_cloudflare.mark_dns_configured("demo.bakery.localhost")
    settle()
    dns_server.queries.clear()
    settle(2, watch=True)
    assert ready.custom_hostname_get(created.id).is_active
    assert not dns_server.queries


def test_the_shared_cloudflare_fixture_walks_a_domain_live_through_its_own_dns(
    cloudflare: LocalCloudflare, edge: Edge, settings: Any
) -> None:
    """The ``cloudflare`` fixture every integration test uses: its DNS is the test's own,
    .localhost hostnames are accepted, and the edge serves one once it is active."""
    assert cloudflare.dns is not None
    assert cloudflare.dns.address == settings.DOMAINS_DNS_RESOLVER
    client = get_client()
    created = client.custom_hostname_create(hostname=HOST, account_id=1, site_id=1)
    assert fetch(edge, HOST).status_code == 530  # not active: Cloudflare's error 1001
    cloudflare.dns.add(HOST, "CNAME", settings.CLOUDFLARE_FALLBACK_ORIGIN)
    wait_until(lambda: client.custom_hostname_get(created.id).is_active, timeout=10)
    assert client.custom_hostname_get(created.id).certificate_expires_at is not None
    assert fetch(edge, HOST).status_code == 404  # the dispatcher's page: no site routed yet
