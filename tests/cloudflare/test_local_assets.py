"""Workers static assets on the local Cloudflare, through the client and over raw HTTP:
manifest diffing, buckets, the upload and completion tokens (scope, expiry, forgery),
the checks on uploaded files, the script's assets and what the edge is given."""

from __future__ import annotations

import base64
import json
import random
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.conf import settings

from code24.accounts.models import Plan
from code24.cloudflare.client import (
    LOCAL_API_TOKEN,
    AssetsConfig,
    Client,
    CloudflarePermanentError,
    Module,
)
from code24.cloudflare.local import LocalCloudflare, assets
from code24.cloudflare.local.asset_tokens import Tokens
from code24.cloudflare.local.edge import Edge
from code24.cloudflare.workers_bundle import asset_hash
from sites import hosting
from sites.models import SiteVersion
from tests.factories import make_account, make_site

ACCOUNT = settings.CLOUDFLARE_ACCOUNT_ID
NAMESPACE = settings.CLOUDFLARE_DISPATCH_NAMESPACE
AUTH = {"Authorization": f"Bearer {LOCAL_API_TOKEN}"}
SCRIPTS = f"/client/v4/accounts/{ACCOUNT}/workers/dispatch/namespaces/{NAMESPACE}/scripts"
UPLOAD = f"/client/v4/accounts/{ACCOUNT}/workers/assets/upload"
WORKER = "export default { fetch(request, env) { return env.ASSETS.fetch(request) } }"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
FILES: dict[str, tuple[bytes, str]] = {
    "/index.html": (b"<!doctype html><h1>Home</h1>", "text/html; charset=utf-8"),
    "/about.html": (b"<!doctype html><h1>About</h1>", "text/html; charset=utf-8"),
    "/img/logo.png": (PNG, "image/png"),
}
ASSETS_BINDING = {"type": "assets", "name": "ASSETS"}
CONFIG = {"html_handling": "none", "not_found_handling": "none", "run_worker_first": True}


@pytest.fixture
def http(local_cloudflare: LocalCloudflare) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=local_cloudflare.origin, headers=AUTH, timeout=10) as client:
        yield client


@pytest.fixture
def clock(local_cloudflare: LocalCloudflare) -> list[float]:
    """The local Cloudflare's clock for tokens: ``clock[0] += 3600`` moves it an hour on."""
    now = [1_900_000_000.0]
    local_cloudflare.api.assets.clock = lambda: now[0]
    return now


def manifest_of(files: dict[str, tuple[bytes, str]]) -> dict[str, dict[str, Any]]:
    return {
        path: {"hash": asset_hash(path, content), "size": len(content)}
        for path, (content, _) in files.items()
    }


def open_session(http: httpx.Client, script: str, manifest: dict[str, Any]) -> httpx.Response:
    return http.post(f"{SCRIPTS}/{script}/assets-upload-session", json={"manifest": manifest})


def send_files(
    local_cloudflare: LocalCloudflare,
    token: str | None,
    parts: Mapping[str, tuple[bytes, str | None]],
    *,
    query: str = "?base64=true",
) -> httpx.Response:
    """One upload request: each part named by its hash, holding the base64 of its bytes."""
    files = [
        (name, (name, base64.b64encode(content), content_type or "application/octet-stream"))
        for name, (content, content_type) in parts.items()
    ]
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return httpx.post(
        f"{local_cloudflare.origin}{UPLOAD}{query}", files=files, headers=headers, timeout=10
    )


def upload_modules() -> list[Module]:
    return [Module("index.js", WORKER)]


def deploy(client: Client, script: str, token: str | None, **options: Any) -> None:
    client.script_upload(
        script,
        modules=upload_modules(),
        bindings=[ASSETS_BINDING],
        assets=AssetsConfig(token, CONFIG) if token else None,
        **options,
    )


def error_of(response: httpx.Response) -> dict[str, Any]:
    body = response.json()
    assert body["success"] is False and body["result"] is None
    return dict(body["errors"][0])


# --- Manifest diffing and the completion token ----------------------------------------------


def test_a_first_upload_sends_every_file_and_the_edge_gets_their_manifest(
    ready: Client, local_cloudflare: LocalCloudflare, state_dir: Path
) -> None:
    uploaded = ready.assets_upload("site-1", FILES)
    deploy(ready, "site-1", uploaded.completion_token)

    assert (uploaded.files, uploaded.uploaded_files) == (3, 3)
    assert uploaded.uploaded_bytes == sum(len(content) for content, _ in FILES.values())
    view = local_cloudflare.snapshot()["scripts"]["site-1"]
    assert view["bindings"] == [ASSETS_BINDING]
    directory = Path(view["assets"]["directory"])
    assert directory == (state_dir / "assets").resolve()
    assert view["assets"]["config"] == CONFIG
    assert set(view["assets"]["manifest"]) == set(FILES)
    for path, (content, content_type) in FILES.items():
        entry = view["assets"]["manifest"][path]
        assert entry == {
            "hash": asset_hash(path, content),
            "content_type": content_type,
            "size": len(content),
        }
        assert (directory / entry["hash"][:2] / entry["hash"]).read_bytes() == content


def test_a_second_session_with_the_same_files_asks_for_none_and_completes_at_once(
    ready: Client, local_cloudflare: LocalCloudflare, http: httpx.Client
) -> None:
    ready.assets_upload("site-1", FILES)
    uploads_before = local_cloudflare.request_count("POST", UPLOAD)

    answer = open_session(http, "site-1", manifest_of(FILES))
    again = ready.assets_upload("site-1", FILES)
    deploy(ready, "site-1", answer.json()["result"]["jwt"])  # already a completion token

    assert answer.status_code == 200
    assert answer.json()["result"]["buckets"] == []
    assert (again.uploaded_files, again.uploaded_bytes) == (0, 0)
    assert local_cloudflare.request_count("POST", UPLOAD) == uploads_before
    assert "assets" in local_cloudflare.snapshot()["scripts"]["site-1"]


def test_a_version_with_one_changed_file_uploads_only_that_file(ready: Client) -> None:
    ready.assets_upload("site-1", FILES)
    changed = {**FILES, "/about.html": (b"<!doctype html><h1>About us</h1>", "text/html")}

    uploaded = ready.assets_upload("site-1", changed)

    assert (uploaded.files, uploaded.uploaded_files) == (3, 1)
    assert uploaded.uploaded_bytes == len(changed["/about.html"][0])


def test_assets_are_shared_within_the_dispatch_namespace(ready: Client) -> None:
    """Cloudflare keeps assets per namespace: another site with the same files sends none."""
    ready.assets_upload("site-1", FILES)

    assert ready.assets_upload("site-2", FILES).uploaded_files == 0


def test_the_same_bytes_under_another_extension_are_another_asset(ready: Client) -> None:
    ready.assets_upload("site-1", {"/a.txt": (b"same", "text/plain")})

    assert ready.assets_upload("site-1", {"/a.css": (b"same", "text/css")}).uploaded_files == 1


def test_buckets_split_large_uploads_and_only_the_last_answer_completes(
    ready: Client,
    local_cloudflare: LocalCloudflare,
    http: httpx.Client,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(assets, "BUCKET_BYTES", 3000)  # each 2 KiB file is a bucket of its own
    files = {f"/f{n}.bin": (bytes([n]) * 2048, "application/octet-stream") for n in range(3)}
    session = open_session(http, "site-1", manifest_of(files)).json()["result"]
    by_hash = {asset_hash(path, content): (content, "x/y") for path, (content, _) in files.items()}

    answers = [
        send_files(local_cloudflare, session["jwt"], {h: by_hash[h] for h in bucket})
        for bucket in session["buckets"]
    ]

    assert [len(bucket) for bucket in session["buckets"]] == [1, 1, 1]
    assert [answer.status_code for answer in answers] == [200, 200, 201]
    assert [answer.json()["result"].get("jwt") for answer in answers[:2]] == [None, None]
    completion = answers[2].json()["result"]["jwt"]
    deploy(ready, "site-1", completion)
    uploaded = ready.assets_upload("site-2", {**files, "/new.bin": (b"n" * 2048, "x/y")})
    assert uploaded.uploaded_files == 1


def test_a_file_uploaded_with_application_null_is_served_without_a_content_type(
    ready: Client, local_cloudflare: LocalCloudflare
) -> None:
    uploaded = ready.assets_upload("site-1", {"/LICENSE": (b"MIT", "application/null")})
    deploy(ready, "site-1", uploaded.completion_token)

    manifest = local_cloudflare.snapshot()["scripts"]["site-1"]["assets"]["manifest"]
    assert manifest["/LICENSE"]["content_type"] is None


def test_the_bytes_are_in_the_store_not_in_the_snapshot_or_the_scripts_table(
    ready: Client, local_cloudflare: LocalCloudflare, state_dir: Path
) -> None:
    big = bytes(range(256)) * 8192  # 2 MiB
    uploaded = ready.assets_upload("site-1", {"/photo.jpg": (big, "image/jpeg")})
    deploy(ready, "site-1", uploaded.completion_token)

    snapshot = json.dumps(local_cloudflare.snapshot())
    assert len(snapshot) < 100_000
    assert base64.b64encode(big[:3000]).decode() not in snapshot
    database = (state_dir / "cloudflare.sqlite3").read_bytes()
    assert big[:4096] not in database and base64.b64encode(big[:3000]) not in database


def test_the_account_level_session_endpoint_diffs_too(
    ready: Client, local_cloudflare: LocalCloudflare, http: httpx.Client
) -> None:
    url = f"/client/v4/accounts/{ACCOUNT}/workers/scripts/code24-worker/assets-upload-session"
    first = http.post(url, json={"manifest": manifest_of(FILES)}).json()["result"]
    by_hash = {asset_hash(p, c): (c, t) for p, (c, t) in FILES.items()}
    done = send_files(local_cloudflare, first["jwt"], by_hash)

    second = http.post(url, json={"manifest": manifest_of(FILES)}).json()["result"]

    assert sorted(h for bucket in first["buckets"] for h in bucket) == sorted(by_hash)
    assert done.status_code == 201
    assert second["buckets"] == []


# --- The upload token -------------------------------------------------------------------------


@pytest.fixture
def session(ready: Client, http: httpx.Client) -> dict[str, Any]:
    """An open session for site-1 asking for FILES."""
    answer = open_session(http, "site-1", manifest_of(FILES))
    assert answer.status_code == 200
    return dict(answer.json()["result"])


def parts_of(files: dict[str, tuple[bytes, str]]) -> dict[str, tuple[bytes, str | None]]:
    return {asset_hash(path, content): (content, ctype) for path, (content, ctype) in files.items()}


def test_an_upload_needs_the_sessions_jwt_not_the_api_token(
    local_cloudflare: LocalCloudflare, session: dict[str, Any]
) -> None:
    missing = send_files(local_cloudflare, None, parts_of(FILES))
    api_token = send_files(local_cloudflare, LOCAL_API_TOKEN, parts_of(FILES))

    assert missing.status_code == 401
    assert api_token.status_code == 401
    assert error_of(api_token)["code"] == 10000
    assert send_files(local_cloudflare, session["jwt"], parts_of(FILES)).status_code == 201


def test_an_expired_upload_token_is_refused(
    ready: Client, local_cloudflare: LocalCloudflare, http: httpx.Client, clock: list[float]
) -> None:
    token = open_session(http, "site-1", manifest_of(FILES)).json()["result"]["jwt"]
    clock[0] += 3600

    answer = send_files(local_cloudflare, token, parts_of(FILES))

    assert answer.status_code == 401
    assert error_of(answer)["message"].startswith("Expired JWT")


def test_a_forged_upload_token_is_refused(
    local_cloudflare: LocalCloudflare, session: dict[str, Any]
) -> None:
    head, body, signature = session["jwt"].split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    claims["script"] = "site-2"
    edited = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    other_secret = Tokens(b"another installation's secret").issue(
        "upload", account=ACCOUNT, namespace=NAMESPACE, script="site-1", session="x", now=2e9
    )

    for token in (f"{head}.{edited}.{signature}", other_secret, "not-a-jwt"):
        answer = send_files(local_cloudflare, token, parts_of(FILES))
        assert answer.status_code == 401, token
        assert error_of(answer)["code"] == 10000


def test_a_token_of_another_account_is_forbidden(
    local_cloudflare: LocalCloudflare, session: dict[str, Any]
) -> None:
    claims = json.loads(
        base64.urlsafe_b64decode(session["jwt"].split(".")[1] + "==").decode(errors="replace")
    )
    foreign = local_cloudflare.api.assets.tokens.issue(
        "upload",
        account="f" * 32,
        namespace=NAMESPACE,
        script="site-1",
        session=claims["session"],
        now=local_cloudflare.api.assets.clock(),
    )

    answer = send_files(local_cloudflare, foreign, parts_of(FILES))

    assert answer.status_code == 403
    assert error_of(answer) == {"code": 10000, "message": "Authentication error"}


def test_a_completion_token_does_not_authorise_uploads(
    local_cloudflare: LocalCloudflare, session: dict[str, Any]
) -> None:
    completion = send_files(local_cloudflare, session["jwt"], parts_of(FILES)).json()["result"]

    answer = send_files(local_cloudflare, completion["jwt"], parts_of(FILES))

    assert answer.status_code == 401
    assert "completion token" in error_of(answer)["message"]


# --- What an upload must hold -----------------------------------------------------------------


def test_a_hash_not_in_the_session_is_refused(
    local_cloudflare: LocalCloudflare, session: dict[str, Any], state_dir: Path
) -> None:
    stranger = b"not in the manifest"
    name = asset_hash("/x.txt", stranger)

    answer = send_files(local_cloudflare, session["jwt"], {name: (stranger, "text/plain")})

    assert answer.status_code == 400
    assert "not in this upload session" in error_of(answer)["message"]
    assert not (state_dir / "assets" / name[:2] / name).exists()


@pytest.mark.parametrize(
    ("sent", "problem"),
    [
        (b"<!doctype html><h1>HOME</h1>", "do not have that hash"),  # same size, other bytes
        (b"<!doctype html><h1>Home!</h1>", "the manifest said"),
    ],
)
def test_bytes_that_do_not_match_the_manifest_are_refused(
    local_cloudflare: LocalCloudflare, session: dict[str, Any], sent: bytes, problem: str
) -> None:
    name = asset_hash("/index.html", FILES["/index.html"][0])

    answer = send_files(local_cloudflare, session["jwt"], {name: (sent, "text/html")})

    assert answer.status_code == 400
    assert problem in error_of(answer)["message"]


def test_an_upload_without_base64_true_is_refused(
    local_cloudflare: LocalCloudflare, session: dict[str, Any]
) -> None:
    answer = send_files(local_cloudflare, session["jwt"], parts_of(FILES), query="")

    assert answer.status_code == 400
    assert "base64=true" in error_of(answer)["message"]


def test_an_upload_that_is_not_base64_is_refused(
    local_cloudflare: LocalCloudflare, session: dict[str, Any]
) -> None:
    name = asset_hash("/index.html", FILES["/index.html"][0])
    answer = httpx.post(
        f"{local_cloudflare.origin}{UPLOAD}?base64=true",
        files=[(name, (name, b"*** not base64 ***", "text/html"))],
        headers={"Authorization": f"Bearer {session['jwt']}"},
    )

    assert answer.status_code == 400
    assert "not valid base64" in error_of(answer)["message"]


# --- The manifest -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("manifest", "code", "problem"),
    [
        ({"index.html": {"hash": "0" * 32, "size": 1}}, 10304, "start with '/'"),
        ({"/a": {"hash": "abc", "size": 1}}, 10021, "32 lowercase hexadecimal"),
        ({"/a": {"hash": "A" * 32, "size": 1}}, 10021, "32 lowercase hexadecimal"),
        ({"/a": {"hash": "0" * 32, "size": -1}}, 10021, "whole number"),
        ({"/a": {"hash": "0" * 32, "size": "1"}}, 10021, "whole number"),
        ({"/a": {"hash": "0" * 32, "size": 25 * 1024 * 1024 + 1}}, 10021, "Asset too large"),
        ({"/a": {"hash": "0" * 32, "size": 1}, "/b": {"hash": "0" * 32, "size": 2}}, 10021, "two"),
        ({"/a": "0" * 32}, 10021, "manifest entry"),
    ],
)
def test_a_bad_manifest_is_refused_with_a_sentence(
    ready: Client, http: httpx.Client, manifest: dict[str, Any], code: int, problem: str
) -> None:
    answer = open_session(http, "site-1", manifest)

    assert answer.status_code == 400
    error = error_of(answer)
    assert error["code"] == code
    assert problem in error["message"]


def test_a_manifest_of_more_than_20000_files_is_refused(ready: Client, http: httpx.Client) -> None:
    manifest = {f"/{n}": {"hash": f"{n:032x}", "size": 1} for n in range(20_001)}

    answer = open_session(http, "site-1", manifest)

    assert answer.status_code == 400
    assert "Maximum number of assets exceeded" in error_of(answer)["message"]


@pytest.mark.parametrize("body", [b"not json", b"[]", b'{"manifest": []}'])
def test_a_session_body_that_is_no_manifest_is_refused(
    ready: Client, http: httpx.Client, body: bytes
) -> None:
    answer = http.post(f"{SCRIPTS}/site-1/assets-upload-session", content=body)

    assert answer.status_code == 400


def test_a_session_in_a_missing_namespace_is_a_404(http: httpx.Client) -> None:
    assert open_session(http, "site-1", manifest_of(FILES)).status_code == 404


# --- The script upload's assets ---------------------------------------------------------------


def test_a_completion_token_works_only_for_its_own_script(ready: Client) -> None:
    token = ready.assets_upload("site-1", FILES).completion_token

    with pytest.raises(CloudflarePermanentError) as refused:
        deploy(ready, "site-2", token)

    assert refused.value.status == 400
    assert "another Worker's upload session" in refused.value.message
    deploy(ready, "site-1", token)


def test_an_expired_completion_token_is_refused(
    ready: Client, local_cloudflare: LocalCloudflare, clock: list[float]
) -> None:
    token = ready.assets_upload("site-1", FILES).completion_token
    clock[0] += 3600

    with pytest.raises(CloudflarePermanentError) as refused:
        deploy(ready, "site-1", token)

    assert refused.value.status == 400
    assert "Expired JWT" in refused.value.message


def test_an_upload_token_is_no_completion_token(ready: Client, session: dict[str, Any]) -> None:
    with pytest.raises(CloudflarePermanentError) as refused:
        deploy(ready, "site-1", session["jwt"])

    assert "upload token" in refused.value.message


def test_a_completion_token_survives_a_restart(
    ready: Client, make_local_cloudflare: Callable[..., LocalCloudflare]
) -> None:
    """The signing secret lives in the state directory, not in the process."""
    token = ready.assets_upload("site-1", FILES).completion_token
    restarted = make_local_cloudflare()
    client = Client.from_settings(base_url=restarted.url, api_token=LOCAL_API_TOKEN)

    deploy(client, "site-1", token)
    client.close()

    assert "assets" in restarted.snapshot()["scripts"]["site-1"]


def test_an_assets_binding_needs_assets(ready: Client) -> None:
    with pytest.raises(CloudflarePermanentError) as refused:
        deploy(ready, "site-1", None)

    assert refused.value.message == "Cannot use an assets binding without assets."


def test_keep_assets_keeps_the_previous_versions_files(
    ready: Client, local_cloudflare: LocalCloudflare
) -> None:
    deploy(ready, "site-1", ready.assets_upload("site-1", FILES).completion_token)
    before = local_cloudflare.snapshot()["scripts"]["site-1"]["assets"]

    deploy(ready, "site-1", None, keep_assets=True)
    kept = local_cloudflare.snapshot()["scripts"]["site-1"]
    ready.script_upload("site-1", modules=upload_modules())
    dropped = local_cloudflare.snapshot()["scripts"]["site-1"]

    assert kept["assets"] == before
    assert "assets" not in dropped


@pytest.mark.parametrize(
    ("config", "problem"),
    [
        ({"html_handling": "pretty"}, "html_handling"),
        ({"not_found_handling": "index"}, "not_found_handling"),
        ({"run_worker_first": ["api/*"]}, "run_worker_first"),
        ({"colour": "blue"}, "does not take colour"),
    ],
)
def test_a_bad_assets_config_is_refused(
    ready: Client, config: dict[str, Any], problem: str
) -> None:
    token = ready.assets_upload("site-1", FILES).completion_token

    with pytest.raises(CloudflarePermanentError) as refused:
        ready.script_upload("site-1", modules=upload_modules(), assets=AssetsConfig(token, config))

    assert refused.value.status == 400
    assert problem in refused.value.message


def test_the_config_gets_cloudflares_defaults(
    ready: Client, local_cloudflare: LocalCloudflare
) -> None:
    token = ready.assets_upload("site-1", FILES).completion_token
    ready.script_upload("site-1", modules=upload_modules(), assets=AssetsConfig(token))

    assert local_cloudflare.snapshot()["scripts"]["site-1"]["assets"]["config"] == {
        "html_handling": "auto-trailing-slash",
        "not_found_handling": "none",
        "run_worker_first": False,
    }


def test_the_upload_answer_says_the_script_has_assets(ready: Client, http: httpx.Client) -> None:
    deploy(ready, "site-1", ready.assets_upload("site-1", FILES).completion_token)
    ready.script_upload("site-2", modules=upload_modules())

    assert http.get(f"{SCRIPTS}/site-1").json()["result"]["script"]["has_assets"] is True
    assert http.get(f"{SCRIPTS}/site-2").json()["result"]["script"]["has_assets"] is False


# --- The client's retries and errors ------------------------------------------------------


def test_a_bucket_answered_with_a_5xx_is_sent_again(
    ready: Client, local_cloudflare: LocalCloudflare, sleeps: list[float]
) -> None:
    local_cloudflare.faults.add(path=UPLOAD, method="POST", status=503, times=1)

    uploaded = ready.assets_upload("site-1", FILES)

    assert uploaded.uploaded_files == 3
    assert local_cloudflare.request_count("POST", UPLOAD) == 2
    assert len(sleeps) == 1


def test_a_lost_completion_is_found_by_a_second_session(
    ready: Client, local_cloudflare: LocalCloudflare
) -> None:
    """The files arrived but the answer with the completion token did not: the client
    opens the session again, which asks for nothing and completes."""
    local_cloudflare.faults.add(path=UPLOAD, method="POST", status=200, after=True, times=1)

    uploaded = ready.assets_upload("site-1", FILES)
    deploy(ready, "site-1", uploaded.completion_token)

    assert uploaded.uploaded_files == 3
    assert local_cloudflare.request_count("POST", f"{SCRIPTS}/site-1/assets-upload-session") == 2


def test_a_refused_session_is_a_permanent_error(ready: Client) -> None:
    with pytest.raises(CloudflarePermanentError) as refused:
        ready.assets_upload("Not A Script Name", FILES)

    assert refused.value.status == 400
    assert refused.value.operation == "assets.session"


def test_asset_paths_must_start_with_a_slash(ready: Client) -> None:
    with pytest.raises(ValueError, match="start with '/'"):
        ready.assets_upload("site-1", {"index.html": (b"x", "text/html")})


# --- A site deployed the way the deploy step does it ---------------------------------------


@pytest.mark.workerd
@pytest.mark.django_db
def test_a_site_with_a_2_mb_photo_deploys_and_the_edge_serves_it_byte_identical(
    cloudflare: LocalCloudflare, edge: Edge
) -> None:
    site = make_site(make_account(plan=Plan.PROFESSIONAL), status="live")
    version = SiteVersion.objects.create(
        site=site, number=1, spec={}, manifest={}, content_hash="0" * 64, made_by="test"
    )
    photo = random.Random(2).randbytes(2 * 1024 * 1024)
    files = {
        "index.html": b'<!doctype html><title>Shop</title><img src="/img/shop.jpg" alt="">',
        "404.html": b"<!doctype html><title>Lost</title>",
        "img/shop.jpg": photo,
    }

    first = hosting.publish(site, version, files)
    served = httpx.get(f"{edge.url}/img/shop.jpg", headers={"Host": site.hostname}, timeout=30)

    assert served.status_code == 200
    assert served.headers["Content-Type"] == "image/jpeg"
    assert served.headers["ETag"] == f'"{asset_hash("/img/shop.jpg", photo)}"'
    assert "X-Content-Type-Options" in served.headers  # the site Worker's own headers
    assert served.content == photo
    assert first["assets"] == {
        "files": 3,
        "uploaded_files": 3,
        "uploaded_bytes": sum(len(content) for content in files.values()),
    }


@pytest.mark.workerd
@pytest.mark.django_db
def test_a_new_version_uploads_only_its_changed_files(
    cloudflare: LocalCloudflare, edge: Edge
) -> None:
    site = make_site(make_account(plan=Plan.PROFESSIONAL), status="live")
    version = SiteVersion.objects.create(
        site=site, number=1, spec={}, manifest={}, content_hash="0" * 64, made_by="test"
    )
    photo = random.Random(3).randbytes(512 * 1024)
    files = {"index.html": b"<!doctype html><h1>v1</h1>", "img/shop.jpg": photo}
    hosting.publish(site, version, files)
    sent_before = sum(entry["bytes"] for entry in cloudflare.requests)

    unchanged = hosting.publish(site, version, files)
    sent_unchanged = sum(entry["bytes"] for entry in cloudflare.requests) - sent_before
    changed = hosting.publish(site, version, {**files, "index.html": b"<!doctype html><h1>v2</h1>"})

    assert unchanged["assets"] == {"files": 2, "uploaded_files": 0, "uploaded_bytes": 0}
    assert sent_unchanged < len(photo) / 4  # the script and the manifest, not the photo
    assert changed["assets"] == {"files": 2, "uploaded_files": 1, "uploaded_bytes": 26}
    home = httpx.get(f"{edge.url}/", headers={"Host": site.hostname}, timeout=30)
    assert home.content == b"<!doctype html><h1>v2</h1>"
