"""The Cloudflare client against the local Cloudflare: typed values, idempotent creates,
errors sorted into retryable and permanent with sentences for customers."""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from code24.cloudflare.client import (
    LOCAL_API_TOKEN,
    Client,
    CloudflarePermanentError,
    CustomHostname,
    KVPair,
    Module,
    RetryPolicy,
    get_client,
)
from code24.cloudflare.errors import DISPATCH_NAMESPACE_NOT_FOUND
from code24.cloudflare.local import LocalCloudflare

SITE_JS = "export default { async fetch() { return new Response('hello from the site') } }"


# --- Configuration ---------------------------------------------------------------------


def test_without_a_token_the_client_talks_to_the_local_cloudflare(settings: Any) -> None:
    settings.CLOUDFLARE_API_TOKEN = ""
    settings.CLOUDFLARE_BASE_URL = ""
    settings.LOCAL_CLOUDFLARE_PORT = 8999
    client = Client.from_settings()
    assert client.is_local
    assert str(client.sdk.base_url) == "http://127.0.0.1:8999/client/v4/"
    assert client.sdk.api_token  # a dummy token: the local Cloudflare requires one


def test_with_a_token_the_client_talks_to_cloudflare(settings: Any) -> None:
    settings.CLOUDFLARE_API_TOKEN = "real-token"
    settings.CLOUDFLARE_BASE_URL = ""
    client = Client.from_settings()
    assert not client.is_local
    assert str(client.sdk.base_url) == "https://api.cloudflare.com/client/v4/"
    assert client.sdk.max_retries == 0  # the retry policy is ours


def test_get_client_is_shared_until_the_settings_change(settings: Any) -> None:
    first = get_client()
    assert get_client() is first
    settings.CLOUDFLARE_DISPATCH_NAMESPACE = "other-namespace"
    other = get_client()
    assert other is not first
    assert other.dispatch_namespace == "other-namespace"


# --- Custom hostnames -------------------------------------------------------------------


def test_create_custom_hostname_returns_its_proofs(ready: Client) -> None:
    created = ready.custom_hostname_create(
        hostname="Shop.Alice-Dental.com", account_id=7, site_id=42, ssl_method="txt"
    )
    assert isinstance(created, CustomHostname)
    assert len(created.id) == 32
    assert created.hostname == "shop.alice-dental.com"
    assert created.status == "pending"
    assert created.ssl_status == "initializing"
    assert created.ssl_method == "txt"
    assert created.ownership_txt_name == "_cf-custom-hostname.shop.alice-dental.com"
    assert len(created.ownership_txt_value) == 36
    assert created.ownership_http_url == (
        "http://shop.alice-dental.com/.well-known/cf-custom-hostname-challenge/" + created.id
    )
    assert created.ownership_http_body
    assert created.custom_metadata == {"account": "7", "site": "42"}
    assert created.created_at is not None and created.created_at.tzinfo is not None
    assert not created.is_active


def test_validation_records_appear_once_validation_starts(
    ready: Client, local_cloudflare: LocalCloudflare
) -> None:
    created = ready.custom_hostname_create(
        hostname="www.bob-plumbing.com", account_id=1, site_id=2, ssl_method="txt"
    )
    local_cloudflare.check()
    fetched = ready.custom_hostname_get(created.id)
    assert fetched.ssl_status == "pending_validation"
    (record,) = fetched.validation_records
    assert record.txt_name == "_acme-challenge.www.bob-plumbing.com"
    assert record.txt_value
    assert "custom hostname does not CNAME to this zone." in fetched.verification_errors


def test_creating_the_same_hostname_again_adopts_it(
    ready: Client, local_cloudflare: LocalCloudflare
) -> None:
    first = ready.custom_hostname_create(hostname="shop.carol.com", account_id=3, site_id=9)
    again = ready.custom_hostname_create(hostname="shop.carol.com", account_id=3, site_id=9)
    assert again.id == first.id
    assert [item.id for item in ready.custom_hostnames()] == [first.id]


@pytest.mark.parametrize(("account_id", "site_id"), [(4, 9), (3, 10)])
def test_hostname_held_by_another_account_or_site_is_a_permanent_1406(
    ready: Client, account_id: int, site_id: int
) -> None:
    ready.custom_hostname_create(hostname="shop.carol.com", account_id=3, site_id=9)
    with pytest.raises(CloudflarePermanentError) as raised:
        ready.custom_hostname_create(
            hostname="shop.carol.com", account_id=account_id, site_id=site_id
        )
    assert raised.value.code == 1406
    assert raised.value.status == 409
    assert raised.value.customer_message == "This domain is already connected to another site."


@pytest.mark.parametrize(
    ("hostname", "code", "words"),
    [
        ("not a host", 1407, "isn't a valid domain name"),
        ("http://shop.com/path", 1407, "isn't a valid domain name"),
        ("192.0.2.1", 1407, "isn't a valid domain name"),
        ("-bad.com", 1407, "isn't a valid domain name"),
        ("shop.localhost", 1409, ".localhost"),
        ("www.example.com", 1411, "example.com"),
        ("com", 1410, "registrable"),
        ("bücher.de", 1408, "non-ASCII"),
    ],
)
def test_invalid_hostnames_are_permanent_errors_with_a_sentence(
    ready: Client, hostname: str, code: int, words: str
) -> None:
    with pytest.raises(CloudflarePermanentError) as raised:
        ready.custom_hostname_create(hostname=hostname, account_id=1, site_id=1)
    assert raised.value.code == code
    assert raised.value.status == 400
    assert words in raised.value.customer_message


def test_quota_exceeded_is_a_permanent_1405(
    make_local_cloudflare: Callable[..., LocalCloudflare],
) -> None:
    server = make_local_cloudflare(hostname_quota=1)
    client = Client.from_settings(base_url=server.url, retry=RetryPolicy(attempts=1))
    client.custom_hostname_create(hostname="one.dana.com", account_id=1, site_id=1)
    with pytest.raises(CloudflarePermanentError) as raised:
        client.custom_hostname_create(hostname="two.dana.com", account_id=1, site_id=2)
    assert raised.value.code == 1405
    assert raised.value.status == 403
    assert "can't connect more domains" in raised.value.customer_message


def test_get_of_a_missing_hostname_is_a_permanent_1436(ready: Client) -> None:
    with pytest.raises(CloudflarePermanentError) as raised:
        ready.custom_hostname_get("0" * 32)
    assert raised.value.code == 1436
    assert raised.value.status == 404
    assert "Remove it and add it again" in raised.value.customer_message


def test_delete_is_idempotent(ready: Client) -> None:
    created = ready.custom_hostname_create(hostname="shop.erin.com", account_id=1, site_id=1)
    ready.custom_hostname_delete(created.id)
    ready.custom_hostname_delete(created.id)  # already gone: no error
    assert ready.custom_hostname_find("shop.erin.com") is None


def test_edit_changes_the_validation_method(
    ready: Client, local_cloudflare: LocalCloudflare
) -> None:
    created = ready.custom_hostname_create(hostname="shop.frank.com", account_id=1, site_id=1)
    local_cloudflare.check()
    assert ready.custom_hostname_get(created.id).validation_records[0].http_url
    edited = ready.custom_hostname_edit(
        created.id, ssl_method="txt", custom_metadata={"account": "1", "site": "5"}
    )
    assert edited.ssl_method == "txt"
    assert edited.ssl_status == "pending_validation"
    assert edited.validation_records[0].txt_name == "_acme-challenge.shop.frank.com"
    assert edited.custom_metadata == {"account": "1", "site": "5"}


def test_list_pages_through_every_hostname(
    ready: Client, local_cloudflare: LocalCloudflare
) -> None:
    names = [f"site{number:02}.grace.com" for number in range(57)]
    for number, name in enumerate(names):
        ready.custom_hostname_create(hostname=name, account_id=1, site_id=number)
    before = local_cloudflare.request_count("GET", "/client/v4/zones/")
    listed = [item.hostname for item in ready.custom_hostnames()]
    assert sorted(listed) == names
    assert local_cloudflare.request_count("GET", "/client/v4/zones/") - before == 2  # 50 + 7


def test_find_uses_the_hostname_filter(ready: Client) -> None:
    ready.custom_hostname_create(hostname="a.heidi.com", account_id=1, site_id=1)
    ready.custom_hostname_create(hostname="b.heidi.com", account_id=1, site_id=2)
    found = ready.custom_hostname_find("B.heidi.com.")
    assert found is not None and found.custom_metadata["site"] == "2"
    assert ready.custom_hostname_find("c.heidi.com") is None


def test_fallback_origin_lifecycle(client: Client, local_cloudflare: LocalCloudflare) -> None:
    assert client.fallback_origin_get() is None
    origin = client.fallback_origin_update()
    assert origin.origin == client.fallback_origin
    assert origin.status == "initializing"
    local_cloudflare.check()
    local_cloudflare.check()
    assert client.fallback_origin_get().status == "active"  # type: ignore[union-attr]
    client.fallback_origin_delete()
    assert client.fallback_origin_get() is None
    client.fallback_origin_delete()  # idempotent


def test_fallback_origin_must_be_in_the_zone(client: Client) -> None:
    with pytest.raises(CloudflarePermanentError) as raised:
        client.fallback_origin_update("origin.somewhere-else.com")
    assert raised.value.code == 1415


# --- Workers for Platforms --------------------------------------------------------------


def test_dispatch_namespace_create_is_idempotent(client: Client) -> None:
    assert client.dispatch_namespace_get() is None
    created = client.dispatch_namespace_create()
    assert created.name == client.dispatch_namespace
    assert len(created.id) == 36
    assert client.dispatch_namespace_create().id == created.id


def test_script_upload_get_tags_and_delete(ready: Client, snapshots: list[dict]) -> None:
    tags = Client.site_script_tags(account_id=7, plan="professional", extra=["site-42"])
    uploaded = ready.script_upload(
        "site-42",
        modules=[Module("index.js", SITE_JS), Module("page.html", "<h1>Hi</h1>", "text/plain")],
        bindings=[{"type": "plain_text", "name": "SITE_ID", "text": "42"}],
        tags=tags,
    )
    assert uploaded.name == "site-42"
    assert len(uploaded.etag) == 64
    fetched = ready.script_get("site-42")
    assert fetched is not None and fetched.etag == uploaded.etag
    assert ready.script_tags("site-42") == ["account-7", "plan-professional", "site-42"]
    assert ready.script_tags_set("site-42", ["account-7", "plan-basic"]) == [
        "account-7",
        "plan-basic",
    ]
    assert ready.script_tags("site-42") == ["account-7", "plan-basic"]

    script = snapshots[-1]["scripts"]["site-42"]
    assert script["main_module"] == "index.js"
    assert script["compatibility_date"] == ready.compatibility_date
    assert script["modules"][0] == {
        "name": "index.js",
        "content_type": "application/javascript+module",
        "text": SITE_JS,
    }
    assert script["bindings"] == [{"type": "plain_text", "name": "SITE_ID", "text": "42"}]

    ready.script_delete("site-42")
    assert ready.script_get("site-42") is None
    ready.script_delete("site-42")  # already gone: no error
    assert "site-42" not in snapshots[-1]["scripts"]


def test_a_script_takes_at_most_eight_tags(ready: Client) -> None:
    with pytest.raises(ValueError, match="at most 8"):
        Client.site_script_tags(account_id=1, plan="basic", extra=[f"t{n}" for n in range(7)])
    with pytest.raises(ValueError, match="at most 8"):
        ready.script_upload(
            "site-1", modules=[Module("index.js", SITE_JS)], tags=[f"t{n}" for n in range(9)]
        )


def test_the_server_refuses_what_cloudflare_refuses(ready: Client) -> None:
    with pytest.raises(CloudflarePermanentError) as raised:
        ready.script_upload("Bad Name", modules=[Module("index.js", SITE_JS)])
    assert raised.value.status == 400
    with pytest.raises(CloudflarePermanentError) as raised:
        ready.script_upload(
            "site-1",
            modules=[Module("index.js", SITE_JS)],
            bindings=[{"type": "kv_namespace", "name": "KV", "namespace_id": "f" * 32}],
        )
    assert "was not found" in raised.value.message


def test_dispatcher_upload_lands_outside_the_namespace(
    ready: Client, snapshots: list[dict]
) -> None:
    dispatcher = ready.worker_upload(
        ready.dispatcher_name,
        modules=[
            Module("dispatcher.js", "export default { fetch() { return new Response('d') } }")
        ],
        bindings=[
            {
                "type": "dispatch_namespace",
                "name": "DISPATCHER",
                "namespace": ready.dispatch_namespace,
            }
        ],
    )
    assert dispatcher.name == ready.dispatcher_name
    assert snapshots[-1]["dispatcher"]["main_module"] == "dispatcher.js"
    assert ready.dispatcher_name not in snapshots[-1]["scripts"]


# --- Workers KV ---------------------------------------------------------------------------


def test_kv_namespace_ids_are_found_by_title(client: Client) -> None:
    created = client.kv_namespace_create(client.kv_title("routes"))
    assert client.kv_namespace_create(client.kv_title("routes")) == created  # idempotent
    assert client.kv_namespace_id("routes") == created.id
    with pytest.raises(CloudflarePermanentError, match="cloudflare_setup"):
        client.kv_namespace_id("cache")


def test_kv_namespace_id_comes_from_the_setting_when_set(
    make_client: Callable[..., Client],
) -> None:
    client = make_client(kv_namespaces={"routes": "a" * 32})
    assert client.kv_namespace_id("routes") == "a" * 32


def test_kv_put_get_delete(ready: Client, snapshots: list[dict]) -> None:
    routes = ready.kv_namespace_id("routes")
    ready.kv_put(routes, "shop.alice.com", '{"script": "site-1"}', metadata={"site": 1})
    assert ready.kv_get(routes, "shop.alice.com") == b'{"script": "site-1"}'
    assert snapshots[-1]["kv"][routes] == {"shop.alice.com": '{"script": "site-1"}'}
    ready.kv_put(routes, "odd/key name?", b"\x00\xff binary")
    assert ready.kv_get(routes, "odd/key name?") == b"\x00\xff binary"
    ready.kv_delete(routes, "shop.alice.com")
    assert ready.kv_get(routes, "shop.alice.com") is None
    ready.kv_delete(routes, "shop.alice.com")  # deleting a missing key is fine, as on Cloudflare


def test_kv_bulk_put_and_cursor_listing(ready: Client) -> None:
    cache = ready.kv_namespace_id("cache")
    pairs = [KVPair(f"page:{n:03}", f"v{n}", metadata={"n": n}) for n in range(25)]
    pairs.append(KVPair("other", "x"))
    ready.kv_bulk_put(cache, pairs)
    first = ready.kv_list_keys(cache, prefix="page:", limit=10)
    assert [key.name for key in first.keys] == [f"page:{n:03}" for n in range(10)]
    assert first.keys[3].metadata == {"n": 3}
    assert first.cursor
    second = ready.kv_list_keys(cache, prefix="page:", limit=10, cursor=first.cursor)
    assert second.keys[0].name == "page:010"
    assert len(list(ready.kv_keys(cache, prefix="page:"))) == 25
    assert len(list(ready.kv_keys(cache))) == 26
    last = ready.kv_list_keys(cache, prefix="page:", limit=1000)
    assert last.cursor is None


def test_kv_expiring_keys_disappear(ready: Client) -> None:
    cache = ready.kv_namespace_id("cache")
    ready.kv_put(cache, "short", "lived", expiration_ttl=60)
    (key,) = ready.kv_list_keys(cache).keys
    assert key.expiration is not None
    with pytest.raises(CloudflarePermanentError):
        ready.kv_put(cache, "too-short", "x", expiration_ttl=10)  # KV's minimum is 60 s


# --- Errors and logging ------------------------------------------------------------------


def test_every_call_is_logged_without_secrets(
    ready: Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="code24.cloudflare")
    routes = ready.kv_namespace_id("routes")
    ready.kv_put(routes, "k", "secret value text")
    ready.kv_get(routes, "k")
    lines = [record.getMessage() for record in caplog.records if record.name == "code24.cloudflare"]
    assert any("kv.put k status=200 duration_ms=" in line for line in lines)
    assert any("kv.get k status=200 duration_ms=" in line for line in lines)
    text = "\n".join(lines)
    assert LOCAL_API_TOKEN not in text
    assert "secret value text" not in text


def test_wrong_token_is_a_permanent_error_for_staff(local_cloudflare: LocalCloudflare) -> None:
    client = Client.from_settings(
        base_url=local_cloudflare.url, api_token="wrong-token", retry=RetryPolicy(attempts=3)
    )
    with pytest.raises(CloudflarePermanentError) as raised:
        client.dispatch_namespace_get()  # a 404 would read as "no namespace"; this is not one
    assert raised.value.status == 401 and raised.value.code == 10000
    assert "our problem" in raised.value.customer_message
    assert local_cloudflare.request_count() == 1  # never retried


def test_a_missing_namespace_is_not_a_missing_script(client: Client) -> None:
    """Without its namespace (a wrong CLOUDFLARE_DISPATCH_NAMESPACE, a setup never run),
    a site's script is not "not found" nor "already deleted": the calls fail loudly."""
    for call in (client.script_get, client.script_delete):
        with pytest.raises(CloudflarePermanentError) as raised:
            call("site-1")
        assert raised.value.status == 404
        assert raised.value.code == DISPATCH_NAMESPACE_NOT_FOUND
        assert "not set up completely" in raised.value.customer_message
    client.dispatch_namespace_create()
    assert client.script_get("site-1") is None
    client.script_delete("site-1")  # gone already: fine


# --- The retry policy --------------------------------------------------------------------


def test_backoff_grows_exponentially_with_jitter_and_is_capped() -> None:
    policy = RetryPolicy(attempts=6, base_delay=1.0, max_delay=5.0)
    rng = random.Random(1)
    for attempt, cap in [(1, 1.0), (2, 2.0), (3, 4.0), (4, 5.0), (5, 5.0)]:
        waits = {policy.wait(attempt, None, rng) for _ in range(50)}
        assert all(cap / 2 <= wait <= cap for wait in waits)  # type: ignore[operator]
        assert len(waits) > 40  # jittered, not fixed
    assert policy.wait(6, None, rng) is None  # attempts used up


def test_retry_after_is_honoured_unless_longer_than_the_cap() -> None:
    policy = RetryPolicy(attempts=4, base_delay=0.5, max_delay=10.0)
    wait = policy.wait(1, 3.0, random.Random(2))
    assert wait is not None and 3.0 <= wait <= 3.5
    assert policy.wait(1, 300.0, random.Random(2)) is None  # hand it to the caller


def test_a_custom_hostname_carries_its_certificates_expiry_and_issuer() -> None:
    pending = CustomHostname.from_api({"id": "a" * 32, "hostname": "shop.dora.com", "ssl": {}})
    assert pending.certificate_expires_at is None and pending.certificate_issuer == ""
    active = CustomHostname.from_api(
        {
            "id": "a" * 32,
            "hostname": "shop.dora.com",
            "status": "active",
            "ssl": {
                "status": "active",
                "issuer": "GoogleTrustServices",
                "expires_on": "2030-01-31T12:00:00.000000Z",
            },
        }
    )
    assert active.certificate_expires_at == datetime(2030, 1, 31, 12, tzinfo=UTC)
    assert active.certificate_issuer == "GoogleTrustServices"
