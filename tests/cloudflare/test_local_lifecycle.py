"""Custom hostnames move through Cloudflare's lifecycle, and become active only when the
local Cloudflare really sees the proof: in DNS (a local DNS server) or over HTTP."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from code24.cloudflare.client import Client, CustomHostname
from code24.cloudflare.local import LocalCloudflare
from code24.cloudflare.local.dns import LocalDNS
from tests.cloudflare.local_fixtures import TokenServer, wait_until

SSL_ORDER = [
    "initializing",
    "pending_validation",
    "pending_issuance",
    "pending_deployment",
    "active",
]


def watch(
    client: Client, hostname_id: str, until: str = "active", timeout: float = 5.0
) -> list[str]:
    """The distinct ssl statuses seen while polling, until ``until``."""
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        current = client.custom_hostname_get(hostname_id)
        if not seen or seen[-1] != current.ssl_status:
            seen.append(current.ssl_status)
        if current.ssl_status == until and current.status == "active":
            return seen
        time.sleep(0.01)
    raise AssertionError(f"Still {seen[-1]!r} after {timeout}s (seen {seen})")


def create(client: Client, hostname: str, method: str = "http") -> CustomHostname:
    return client.custom_hostname_create(
        hostname=hostname,
        account_id=1,
        site_id=1,
        ssl_method=method,  # type: ignore[arg-type]
    )


def test_without_proof_a_hostname_stays_pending_and_says_why(ready: Client) -> None:
    created = create(ready, "shop.nina.com")
    time.sleep(0.5)  # ten checks
    current = ready.custom_hostname_get(created.id)
    assert current.status == "pending"
    assert current.ssl_status == "pending_validation"
    assert "custom hostname does not CNAME to this zone." in current.verification_errors


def test_txt_ownership_and_txt_dcv_make_it_active_step_by_step(
    ready: Client, dns_server: LocalDNS, snapshots: list[dict[str, Any]]
) -> None:
    created = create(ready, "www.oscar-bakery.com", method="txt")
    dns_server.add(created.ownership_txt_name, "TXT", created.ownership_txt_value)
    record = wait_until(lambda: ready.custom_hostname_get(created.id).validation_records)[0]
    dns_server.add(record.txt_name, "TXT", "some-other-value")
    dns_server.add(record.txt_name, "TXT", record.txt_value)
    seen = watch(ready, created.id)
    assert seen == [status for status in SSL_ORDER if status in seen]  # in Cloudflare's order
    assert seen[-3:] == ["pending_issuance", "pending_deployment", "active"]
    final = ready.custom_hostname_get(created.id)
    assert final.is_active
    assert final.validation_records == () and final.verification_errors == ()
    assert ("_cf-custom-hostname.www.oscar-bakery.com", "TXT") in dns_server.queries
    assert "www.oscar-bakery.com" in snapshots[-1]["active_hostnames"]


def test_a_wrong_txt_value_is_not_proof(ready: Client, dns_server: LocalDNS) -> None:
    created = create(ready, "www.paula.com", method="txt")
    dns_server.add(created.ownership_txt_name, "TXT", "not-the-token")
    wait_until(lambda: ("_cf-custom-hostname.www.paula.com", "TXT") in dns_server.queries)
    time.sleep(0.3)
    assert ready.custom_hostname_get(created.id).status == "pending"


def test_a_cname_to_the_fallback_origin_proves_both(ready: Client, dns_server: LocalDNS) -> None:
    created = create(ready, "shop.quentin.com")
    dns_server.add("shop.quentin.com", "CNAME", ready.fallback_origin + ".")
    assert watch(ready, created.id)[-1] == "active"


def test_a_cname_elsewhere_is_not_proof(ready: Client, dns_server: LocalDNS) -> None:
    created = create(ready, "shop.rita.com")
    dns_server.add("shop.rita.com", "CNAME", "somewhere.else.net.")
    wait_until(lambda: ("shop.rita.com", "CNAME") in dns_server.queries)
    time.sleep(0.3)
    assert ready.custom_hostname_get(created.id).status == "pending"


def test_http_tokens_prove_ownership_and_domain_control(
    ready: Client, dns_server: LocalDNS, token_server: TokenServer
) -> None:
    created = create(ready, "www.sam-garage.com")
    dns_server.add("www.sam-garage.com", "A", "127.0.0.1")
    record = wait_until(lambda: ready.custom_hostname_get(created.id).validation_records)[0]
    # The customer serves both tokens from their own web server.
    token_server.paths[httpx.URL(created.ownership_http_url).path] = created.ownership_http_body
    token_server.paths[httpx.URL(record.http_url).path] = record.http_body
    assert watch(ready, created.id)[-1] == "active"
    assert ("www.sam-garage.com", httpx.URL(created.ownership_http_url).path) in token_server.hits


def test_http_tokens_are_not_fetched_from_private_addresses(
    ready: Client, dns_server: LocalDNS, token_server: TokenServer
) -> None:
    created = create(ready, "www.tina.com")
    dns_server.add("www.tina.com", "A", "10.0.0.1")
    token_server.paths[httpx.URL(created.ownership_http_url).path] = created.ownership_http_body
    wait_until(lambda: ("www.tina.com", "A") in dns_server.queries)
    time.sleep(0.3)
    assert ready.custom_hostname_get(created.id).status == "pending"
    assert token_server.hits == []


def test_without_an_active_fallback_origin_nothing_activates(
    client: Client, dns_server: LocalDNS
) -> None:
    created = create(client, "shop.ursula.com")
    dns_server.add("shop.ursula.com", "CNAME", client.fallback_origin)
    wait_until(
        lambda: (
            "Zone does not have a fallback origin set."
            in client.custom_hostname_get(created.id).verification_errors
        )
    )
    client.fallback_origin_update()
    assert watch(client, created.id)[-1] == "active"


def test_the_control_api_marks_dns_as_configured(
    ready: Client, local_cloudflare: LocalCloudflare
) -> None:
    created = create(ready, "demo.victor.com")
    response = httpx.post(f"{local_cloudflare.origin}/__local__/hostnames/demo.victor.com/dns")
    assert response.status_code == 200 and response.json()["id"] == created.id
    assert watch(ready, created.id)[-1] == "active"
    missing = httpx.post(f"{local_cloudflare.origin}/__local__/hostnames/nope.victor.com/dns")
    assert missing.status_code == 404


def test_deleting_an_active_hostname_tells_the_edge(
    ready: Client, local_cloudflare: LocalCloudflare, snapshots: list[dict[str, Any]]
) -> None:
    created = create(ready, "gone.wendy.com")
    local_cloudflare.mark_dns_configured("gone.wendy.com")
    watch(ready, created.id)
    assert "gone.wendy.com" in snapshots[-1]["active_hostnames"]
    ready.custom_hostname_delete(created.id)
    assert "gone.wendy.com" not in snapshots[-1]["active_hostnames"]


@pytest.mark.parametrize("interval", [60.0])
def test_an_edit_runs_validation_now(
    make_local_cloudflare: Any, dns_server: LocalDNS, interval: float
) -> None:
    server: LocalCloudflare = make_local_cloudflare(check_interval=interval)
    client = Client.from_settings(base_url=server.url)
    client.fallback_origin_update()
    server.check()
    server.check()
    created = create(client, "now.xavier.com")  # a create also triggers a check
    wait_until(lambda: client.custom_hostname_get(created.id).ssl_status == "pending_validation")
    dns_server.add("now.xavier.com", "CNAME", client.fallback_origin)
    client.custom_hostname_edit(created.id, ssl_method="http")  # "validate again, please"
    wait_until(lambda: client.custom_hostname_get(created.id).ssl_status == "pending_issuance")
