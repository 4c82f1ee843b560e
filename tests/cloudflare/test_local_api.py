"""The local Cloudflare speaks API v4 as Cloudflare does: envelope, auth, codes, formats,
pagination, persistence; and its control API is off unless turned on."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.conf import settings

from code24.cloudflare.client import LOCAL_API_TOKEN, Client, Module
from code24.cloudflare.errors import DISPATCH_NAMESPACE_NOT_FOUND, SCRIPT_NOT_FOUND
from code24.cloudflare.local import LocalCloudflare

ACCOUNT = settings.CLOUDFLARE_ACCOUNT_ID
ZONE = settings.CLOUDFLARE_ZONE_ID
AUTH = {"Authorization": f"Bearer {LOCAL_API_TOKEN}"}
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")


@pytest.fixture
def http(local_cloudflare: LocalCloudflare) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=local_cloudflare.origin, headers=AUTH, timeout=5) as client:
        yield client


def errors(response: httpx.Response) -> list[dict[str, Any]]:
    body = response.json()
    assert body["success"] is False
    assert body["result"] is None
    assert body["messages"] == []
    return list(body["errors"])


# --- Authentication and routing ------------------------------------------------------------


def test_a_request_without_credentials_is_refused(local_cloudflare: LocalCloudflare) -> None:
    response = httpx.get(f"{local_cloudflare.url}/accounts/{ACCOUNT}/storage/kv/namespaces")
    assert response.status_code == 400
    assert errors(response)[0]["code"] == 9106


def test_a_malformed_authorization_header_is_refused(local_cloudflare: LocalCloudflare) -> None:
    response = httpx.get(
        f"{local_cloudflare.url}/accounts/{ACCOUNT}/storage/kv/namespaces",
        headers={"Authorization": "Token abc"},
    )
    assert response.status_code == 400
    (error,) = errors(response)
    assert error["code"] == 6003
    assert error["error_chain"][0]["code"] == 6111


def test_a_wrong_token_is_refused_as_cloudflare_refuses_an_unknown_token(
    local_cloudflare: LocalCloudflare,
) -> None:
    """The default server takes only the token Code24's client sends; another well-formed
    token is Cloudflare's 401 / 10000, not an answer about the resource."""
    url = f"{local_cloudflare.url}/accounts/{ACCOUNT}/workers/dispatch/namespaces/nope"
    wrong = httpx.get(url, headers={"Authorization": "Bearer not-the-local-token"})
    assert wrong.status_code == 401
    assert errors(wrong) == [{"code": 10000, "message": "Authentication error"}]
    right = httpx.get(url, headers={"Authorization": f"Bearer {LOCAL_API_TOKEN}"})
    assert right.status_code == 404  # past authentication: the namespace does not exist


def test_a_server_given_another_token_takes_only_that_one(
    make_local_cloudflare: Callable[..., LocalCloudflare],
) -> None:
    server = make_local_cloudflare(token="right")
    url = f"{server.url}/accounts/{ACCOUNT}/storage/kv/namespaces"
    for token in (LOCAL_API_TOKEN, "righ", "right2"):
        assert httpx.get(url, headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert httpx.get(url, headers={"Authorization": "Bearer right"}).status_code == 200


def test_an_api_key_pair_is_unknown_to_the_local_cloudflare(
    local_cloudflare: LocalCloudflare,
) -> None:
    response = httpx.get(
        f"{local_cloudflare.url}/accounts/{ACCOUNT}/storage/kv/namespaces",
        headers={"X-Auth-Email": "ops@code24.dev", "X-Auth-Key": "0" * 37},
    )
    assert response.status_code == 400
    assert errors(response) == [{"code": 9103, "message": "Unknown X-Auth-Key or X-Auth-Email"}]


def test_another_account_is_403_and_a_malformed_id_is_7003(http: httpx.Client) -> None:
    other = http.get(f"/client/v4/accounts/{'b' * 32}/storage/kv/namespaces")
    assert other.status_code == 403 and errors(other)[0]["code"] == 10000
    bad = http.get("/client/v4/zones/not-an-id/custom_hostnames")
    assert bad.status_code == 400 and errors(bad)[0]["code"] == 7003


def test_unknown_paths_are_7003_no_route(http: httpx.Client) -> None:
    for path in ("/client/v4/zones", "/client/v4/nothing/here", "/elsewhere"):
        response = http.get(path)
        assert response.status_code == 404
        assert errors(response) == [{"code": 7003, "message": "No route for the URI"}]


def test_a_wrong_method_is_405(http: httpx.Client) -> None:
    response = http.delete(f"/client/v4/zones/{ZONE}/custom_hostnames")
    assert response.status_code == 405


# --- Envelope, formats, status codes -------------------------------------------------------


def test_custom_hostname_answers_in_cloudflare_formats(http: httpx.Client) -> None:
    created = http.post(
        f"/client/v4/zones/{ZONE}/custom_hostnames",
        json={"hostname": "shop.ivan.com", "ssl": {"method": "http", "type": "dv"}},
    )
    assert created.status_code == 201  # Cloudflare's docs: 201 Created
    body = created.json()
    assert body["success"] is True and body["errors"] == [] and body["messages"] == []
    result = body["result"]
    assert re.fullmatch(r"[0-9a-f]{32}", result["id"])
    assert RFC3339.match(result["created_at"])
    assert re.fullmatch(r"[0-9a-f-]{36}", result["ssl"]["id"])
    assert result["ssl"]["type"] == "dv" and result["ssl"]["status"] == "initializing"
    assert "_local" not in result
    edited = http.patch(
        f"/client/v4/zones/{ZONE}/custom_hostnames/{result['id']}",
        json={"ssl": {"method": "http", "type": "dv"}},
    )
    assert edited.status_code == 202  # Cloudflare's docs: 202 Accepted
    deleted = http.delete(f"/client/v4/zones/{ZONE}/custom_hostnames/{result['id']}")
    assert deleted.status_code == 200
    assert deleted.json()["id"] == result["id"]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"{not json", 1400),
        (b'{"hostname": "a.jack.com", "ssl": {"method": "http"}}', 1440),
        (b'{"hostname": "a.jack.com", "ssl": {"method": "dns", "type": "dv"}}', 1432),
        (b'{"hostname": "a.jack.com", "ssl": {"method": "http", "type": "ev"}}', 1433),
        (b'{"hostname": "a.jack.com", "ssl": "yes"}', 1434),
        (b'{"hostname": "a.jack.com", "custom_metadata": [1]}', 1401),
    ],
)
def test_bad_custom_hostname_bodies_get_cloudflares_codes(
    http: httpx.Client, body: bytes, code: int
) -> None:
    response = http.post(
        f"/client/v4/zones/{ZONE}/custom_hostnames",
        content=body,
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert errors(response)[0]["code"] == code


def test_hostname_ids_are_checked(http: httpx.Client) -> None:
    bad = http.get(f"/client/v4/zones/{ZONE}/custom_hostnames/nope")
    assert bad.status_code == 400 and errors(bad)[0]["code"] == 1435
    missing = http.get(f"/client/v4/zones/{ZONE}/custom_hostnames/{'a' * 32}")
    assert missing.status_code == 404 and errors(missing)[0]["code"] == 1436


def test_custom_hostname_list_is_paginated_by_page(http: httpx.Client) -> None:
    for number in range(12):
        http.post(
            f"/client/v4/zones/{ZONE}/custom_hostnames",
            json={"hostname": f"s{number:02}.kate.com", "ssl": {"method": "txt", "type": "dv"}},
        )
    page = http.get(f"/client/v4/zones/{ZONE}/custom_hostnames", params={"page": 3, "per_page": 5})
    body = page.json()
    assert body["result_info"] == {"page": 3, "per_page": 5, "count": 2, "total_count": 12}
    assert [item["hostname"] for item in body["result"]] == ["s10.kate.com", "s11.kate.com"]
    filtered = http.get(
        f"/client/v4/zones/{ZONE}/custom_hostnames", params={"hostname": "s03.kate.com"}
    ).json()
    assert [item["hostname"] for item in filtered["result"]] == ["s03.kate.com"]
    contains = http.get(
        f"/client/v4/zones/{ZONE}/custom_hostnames", params={"hostname.contain": "s1"}
    ).json()
    assert contains["result_info"]["total_count"] == 2
    both = http.get(
        f"/client/v4/zones/{ZONE}/custom_hostnames",
        params={"hostname": "x.kate.com", "id": "a" * 32},
    )
    assert both.status_code == 400 and errors(both)[0]["code"] == 1438


def test_kv_keys_are_paginated_by_cursor(http: httpx.Client, client: Client) -> None:
    namespace = client.kv_namespace_create("cursor-test").id
    pairs = [{"key": f"k{n:02}", "value": str(n)} for n in range(23)]
    assert http.put(
        f"/client/v4/accounts/{ACCOUNT}/storage/kv/namespaces/{namespace}/bulk", json=pairs
    ).json()["success"]
    names: list[str] = []
    cursor = ""
    pages = 0
    while True:
        params: dict[str, Any] = {"limit": 10}
        if cursor:
            params["cursor"] = cursor
        body = http.get(
            f"/client/v4/accounts/{ACCOUNT}/storage/kv/namespaces/{namespace}/keys", params=params
        ).json()
        pages += 1
        names += [item["name"] for item in body["result"]]
        assert body["result_info"]["count"] == len(body["result"])
        cursor = body["result_info"]["cursor"]
        if not cursor:
            break
    assert pages == 3
    assert names == [f"k{n:02}" for n in range(23)]
    too_small = http.get(
        f"/client/v4/accounts/{ACCOUNT}/storage/kv/namespaces/{namespace}/keys", params={"limit": 5}
    )
    assert too_small.status_code == 400


def test_kv_values_survive_multipart_byte_for_byte(http: httpx.Client, client: Client) -> None:
    namespace = client.kv_namespace_create("bytes-test").id
    value = bytes(range(256)) + b"\r\n--boundary-like\r\n\r\n"
    url = f"/client/v4/accounts/{ACCOUNT}/storage/kv/namespaces/{namespace}/values/blob"
    put = http.put(url, files={"value": ("blob", value), "metadata": (None, '{"a": 1}')})
    assert put.json() == {"success": True, "errors": [], "messages": [], "result": {}}
    got = http.get(url)
    assert got.headers["content-type"] == "application/octet-stream"
    assert got.content == value
    metadata = http.get(url.replace("/values/", "/metadata/")).json()
    assert metadata["result"] == {"a": 1}
    raw = http.put(url, content=b"plain body")  # a raw body works too
    assert raw.status_code == 200 and http.get(url).content == b"plain body"
    missing = http.get(url + "-missing")
    assert missing.status_code == 404 and errors(missing)[0]["code"] == 10009


def test_kv_duplicate_title_is_10014(http: httpx.Client) -> None:
    url = f"/client/v4/accounts/{ACCOUNT}/storage/kv/namespaces"
    assert http.post(url, json={"title": "dup"}).status_code == 200
    again = http.post(url, json={"title": "dup"})
    assert again.status_code == 400 and errors(again)[0]["code"] == 10014


def test_kv_limits_are_enforced(http: httpx.Client, client: Client) -> None:
    namespace = client.kv_namespace_create("limits").id
    base = f"/client/v4/accounts/{ACCOUNT}/storage/kv/namespaces/{namespace}"
    assert http.put(f"{base}/values/{'k' * 513}", content=b"x").status_code == 414
    big_metadata = '{"m": "' + "x" * 1100 + '"}'
    response = http.put(
        f"{base}/values/k", files={"value": ("v", b"x"), "metadata": (None, big_metadata)}
    )
    assert response.status_code == 413
    assert http.put(f"{base}/bulk", json=[{"key": "a", "value": 1}]).status_code == 400


def test_script_upload_needs_its_main_module(http: httpx.Client, ready: Client) -> None:
    namespace = ready.dispatch_namespace
    url = f"/client/v4/accounts/{ACCOUNT}/workers/dispatch/namespaces/{namespace}/scripts/s1"
    files: dict[str, Any] = {
        "metadata": (None, '{"main_module": "missing.js"}', "application/json"),
        "files": ("index.js", b"export default {}", "application/javascript+module"),
    }
    response = http.put(url, files=files)
    assert response.status_code == 400 and errors(response)[0]["code"] == 10021
    no_metadata = http.put(
        url, files={"files": ("index.js", b"x", "application/javascript+module")}
    )
    assert no_metadata.status_code == 400
    service_worker = http.put(
        url,
        files={
            "metadata": (None, '{"body_part": "index.js"}', "application/json"),
            "files": ("index.js", b"addEventListener('fetch', () => {})", "application/javascript"),
        },
    )
    assert service_worker.status_code == 400
    assert "ES module" in errors(service_worker)[0]["message"]


def test_a_missing_namespace_and_a_missing_script_have_different_codes(
    http: httpx.Client,
) -> None:
    namespaces = f"/client/v4/accounts/{ACCOUNT}/workers/dispatch/namespaces"
    for path in ("/nope", "/nope/scripts/s1"):
        response = http.get(namespaces + path)
        assert response.status_code == 404
        assert errors(response)[0]["code"] == DISPATCH_NAMESPACE_NOT_FOUND
    assert http.post(namespaces, json={"name": "there"}).status_code == 200
    missing = http.get(namespaces + "/there/scripts/s1")
    assert missing.status_code == 404
    assert errors(missing)[0]["code"] == SCRIPT_NOT_FOUND
    assert SCRIPT_NOT_FOUND != DISPATCH_NAMESPACE_NOT_FOUND


# --- The edge hook ---------------------------------------------------------------------------


def test_the_edge_gets_a_snapshot_at_start_and_only_the_change_after_each_change(
    ready: Client, snapshots: list[dict[str, Any]], deltas: list[dict[str, Any]]
) -> None:
    first = snapshots[0]
    assert first["namespace"] == settings.CLOUDFLARE_DISPATCH_NAMESPACE
    assert first["platform_domain"] == settings.PLATFORM_DOMAIN
    assert (
        first["dispatcher"] is None and first["scripts"] == {} and first["active_hostnames"] == []
    )
    count = len(snapshots)
    routes = ready.kv_namespace_id("routes")
    ready.kv_put(routes, "a.code24.localhost", '{"script": "site-1"}')
    assert len(snapshots) == count + 1
    latest = snapshots[-1]
    assert latest["kv"][routes] == {"a.code24.localhost": '{"script": "site-1"}'}
    # Only the change travels: one key, not the whole state.
    assert deltas[-1] == {
        "namespace": settings.CLOUDFLARE_DISPATCH_NAMESPACE,
        "kv": {routes: {"a.code24.localhost": '{"script": "site-1"}'}},
    }
    ready.custom_hostname_create(hostname="quiet.lena.com", account_id=1, site_id=1)
    assert len(snapshots) == count + 1  # a pending hostname changes nothing at the edge


def test_an_edge_that_refuses_a_script_makes_the_upload_fail(
    make_local_cloudflare: Callable[..., LocalCloudflare],
) -> None:
    seen: list[dict[str, Any]] = []

    def check_script(script: dict[str, Any]) -> str | None:
        seen.append(script)
        return "SyntaxError: Unexpected token" if "broken" in script["modules"][0]["text"] else None

    server = make_local_cloudflare(check_script=check_script)
    client = Client.from_settings(base_url=server.url)
    client.dispatch_namespace_create()
    client.script_upload("fine", modules=[Module("index.js", "export default {}")])
    from code24.cloudflare.client import CloudflarePermanentError

    with pytest.raises(CloudflarePermanentError, match="SyntaxError"):
        client.script_upload("bad", modules=[Module("index.js", "broken(")])
    assert client.script_get("bad") is None
    assert [script["name"] for script in seen] == ["fine", "bad"]


def test_a_failing_edge_does_not_fail_the_api(
    make_local_cloudflare: Callable[..., LocalCloudflare],
) -> None:
    def on_change(snapshot: dict[str, Any]) -> None:
        raise RuntimeError("edge down")

    server = make_local_cloudflare(on_change=on_change)
    client = Client.from_settings(base_url=server.url)
    namespace = client.kv_namespace_create("edge-down").id
    client.kv_put(namespace, "k", "v")
    assert client.kv_get(namespace, "k") == b"v"


# --- Persistence ------------------------------------------------------------------------------


def test_a_restart_keeps_everything(
    make_local_cloudflare: Callable[..., LocalCloudflare], state_dir: Path
) -> None:
    server = make_local_cloudflare()
    client = Client.from_settings(base_url=server.url)
    client.dispatch_namespace_create()
    namespace = client.kv_namespace_create("persist").id
    client.kv_put(namespace, "k", "v", metadata={"m": 1})
    client.script_upload("site-9", modules=[Module("index.js", "export default {}")], tags=["t1"])
    hostname = client.custom_hostname_create(hostname="keep.mike.com", account_id=1, site_id=9)
    server.stop()
    client.close()

    restarted = make_local_cloudflare()
    again = Client.from_settings(base_url=restarted.url)
    assert again.kv_get(namespace, "k") == b"v"
    assert again.kv_list_keys(namespace).keys[0].metadata == {"m": 1}
    assert again.script_tags("site-9") == ["t1"]
    assert again.custom_hostname_get(hostname.id).hostname == "keep.mike.com"
    assert (state_dir / "cloudflare.sqlite3").is_file()


# --- The control API ---------------------------------------------------------------------------


def test_the_control_api_is_off_unless_turned_on(
    make_local_cloudflare: Callable[..., LocalCloudflare],
) -> None:
    server = make_local_cloudflare(control=False)
    response = httpx.post(f"{server.origin}/__local__/faults", json={"path": "/", "status": 500})
    assert response.status_code == 404
    assert "LOCAL_CLOUDFLARE_CONTROL" in response.json()["error"]
    assert server.faults.list() == []


def test_the_control_api_injects_and_clears_faults(http: httpx.Client) -> None:
    url = f"/client/v4/accounts/{ACCOUNT}/storage/kv/namespaces"
    added = http.post("/__local__/faults", json={"path": url, "status": 503, "times": 2})
    assert added.status_code == 201
    assert http.get(url).status_code == 503
    assert http.get(url).status_code == 503
    assert http.get(url).status_code == 200  # two times, then gone
    http.post(
        "/__local__/faults",
        json={
            "path": r"/kv/namespaces$",
            "regex": True,
            "status": 429,
            "retry_after": 7,
            "times": None,
        },
    )
    limited = http.get(url)
    assert limited.status_code == 429 and limited.headers["retry-after"] == "7"
    assert errors(limited)[0]["code"] == 971
    assert len(http.get("/__local__/faults").json()["faults"]) == 1
    http.delete("/__local__/faults")
    assert http.get(url).status_code == 200
    assert http.post("/__local__/faults", json={"path": "/"}).status_code == 400  # does nothing
    log = http.get("/__local__/requests").json()["requests"]
    assert [item["status"] for item in log if item["path"] == url] == [503, 503, 200, 429, 200]


# --- .localhost custom hostnames (a local-only deviation) ---------------------------------

LOCALHOST_ON = pytest.mark.parametrize("local_options", [{"localhost_hostnames": True}])


def create_hostname(http: httpx.Client, hostname: str) -> httpx.Response:
    return http.post(f"/client/v4/zones/{ZONE}/custom_hostnames", json={"hostname": hostname})


@LOCALHOST_ON
@pytest.mark.parametrize("hostname", ["www.bakery.localhost", "bakery.localhost", "*.a.localhost"])
def test_localhost_hostnames_are_accepted_with_the_flag(http: httpx.Client, hostname: str) -> None:
    response = create_hostname(http, hostname)
    assert response.status_code == 201
    assert response.json()["result"]["hostname"] == hostname


@pytest.mark.parametrize("hostname", ["www.bakery.localhost", "bakery.localhost"])
def test_localhost_hostnames_are_reserved_without_the_flag(
    http: httpx.Client, hostname: str
) -> None:
    response = create_hostname(http, hostname)
    assert response.status_code == 400
    assert errors(response)[0]["code"] == 1409


@LOCALHOST_ON
@pytest.mark.parametrize(
    ("hostname", "code"),
    [
        ("shop.test", 1409),
        ("shop.example", 1409),
        ("shop.invalid", 1409),
        ("localhost", 1410),  # no label before it: the same answer as without the flag
        ("*.localhost", 1410),
    ],
)
def test_the_flag_accepts_nothing_else_reserved(
    http: httpx.Client, hostname: str, code: int
) -> None:
    response = create_hostname(http, hostname)
    assert response.status_code == 400
    assert errors(response)[0]["code"] == code


def test_bare_localhost_gets_the_same_answer_with_the_flag_off(http: httpx.Client) -> None:
    assert errors(create_hostname(http, "localhost"))[0]["code"] == 1410


def test_the_flag_comes_from_domains_allow_localhost(settings: Any, tmp_path: Path) -> None:
    for allowed in (True, False):
        settings.DOMAINS_ALLOW_LOCALHOST = allowed
        server = LocalCloudflare.from_settings(
            state_dir=tmp_path / str(allowed), port=0, resolver="127.0.0.1:9"
        )
        try:
            assert server.config.localhost_hostnames is allowed
        finally:  # never started: close without shutting down
            server.httpd.server_close()
            server.state.close()
