"""The local edge's sites: loaded per request, so a change touches only what changed, and
their `assets` binding served from the content-addressed store as Cloudflare serves it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from code24.cloudflare.local.asset_store import AssetStore
from code24.cloudflare.local.edge import Edge
from code24.cloudflare.workers_bundle import asset_hash
from tests.cloudflare.edge_fixtures import ROUTES_ID, route, snapshot, worker

pytestmark = pytest.mark.workerd

VERSIONED = "export default {{ fetch() {{ return new Response('site {n} version {v}'); }} }};"
# Serves everything through its assets binding, as the site Worker does for file bodies.
THROUGH_ASSETS = "export default { fetch(request, env) { return env.ASSETS.fetch(request); } };"
COUNTER = (
    "let count = 0;\n"
    "export default { fetch() { count += 1; return new Response(String(count)); } };"
)


def get(edge: Edge, host: str, path: str = "/", **headers: str) -> httpx.Response:
    return httpx.get(f"{edge.url}{path}", headers={"Host": host, **headers}, timeout=30)


def many(count: int, version_of_first: int = 1) -> dict[str, Any]:
    scripts = {
        f"site-{n}": worker(VERSIONED.format(n=n, v=version_of_first if n == 0 else 1))
        for n in range(count)
    }
    routes = {f"s{n}.code24.localhost": route(f"site-{n}") for n in range(count)}
    return snapshot(scripts=scripts, routes=routes)


def store(directory: Path, files: dict[str, tuple[bytes, str]]) -> dict[str, Any]:
    """Write ``files`` (path -> bytes, content type) content-addressed; their manifest."""
    assets, manifest = AssetStore(directory), {}
    for path, (data, content_type) in files.items():
        digest = asset_hash(path, data)
        assets.put(digest, data)
        manifest[path] = {"hash": digest, "content_type": content_type, "size": len(data)}
    return manifest


def with_assets(tmp_path: Path, config: dict[str, str] | None = None) -> dict[str, Any]:
    files = {
        "/index.html": (b"<h1>Home</h1>", "text/html; charset=utf-8"),
        "/about.html": (b"<h1>About</h1>", "text/html; charset=utf-8"),
        "/docs/index.html": (b"<h1>Docs</h1>", "text/html; charset=utf-8"),
        "/404.html": (b"<h1>Not here</h1>", "text/html; charset=utf-8"),
        "/photo.jpg": (bytes(range(256)) * 8192, "image/jpeg"),  # 2 MiB, not UTF-8
    }
    script = worker(THROUGH_ASSETS, bindings=[{"type": "assets", "name": "ASSETS"}])
    script["assets"] = {
        "directory": str(tmp_path),
        "manifest": store(tmp_path, files),
        "config": config or {},
    }
    return snapshot(scripts={"files": script}, routes={"f.code24.localhost": route("files")})


# --- A change touches only what changed ------------------------------------------------------


def test_a_new_version_loads_only_that_site_and_restarts_nothing(edge: Edge) -> None:
    edge.sync(many(30))
    assert get(edge, "s7.code24.localhost").text == "site 7 version 1"

    edge.sync(many(30, version_of_first=2))

    assert edge.last_sync["restarted"] is False
    assert edge.last_sync["loaded"] == ["site-0"]  # the 29 others are not touched
    assert get(edge, "s0.code24.localhost").text == "site 0 version 2"
    assert get(edge, "s7.code24.localhost").text == "site 7 version 1"


def test_a_delta_changes_one_script_and_one_route_and_leaves_the_rest(edge: Edge) -> None:
    edge.sync(many(5))

    edge.apply(
        {
            "namespace": "code24-sites",
            "scripts": {"site-9": worker(VERSIONED.format(n=9, v=1)), "site-3": None},
            "kv": {ROUTES_ID: {"s9.code24.localhost": route("site-9")}},
        }
    )

    assert edge.last_sync["restarted"] is False and edge.last_sync["loaded"] == ["site-9"]
    assert get(edge, "s9.code24.localhost").text == "site 9 version 1"
    assert get(edge, "s4.code24.localhost").text == "site 4 version 1"
    assert get(edge, "s3.code24.localhost").status_code == 503  # route kept, script gone
    assert edge.stats()["scripts"] == 5


def test_each_request_gets_a_fresh_isolate_of_the_current_version(edge: Edge) -> None:
    # Cloudflare may evict an isolate at any time, so nothing may rely on module state;
    # the local edge makes that visible instead of hiding it.
    edge.sync(snapshot(scripts={"c": worker(COUNTER)}, routes={"c.code24.localhost": route("c")}))

    assert [get(edge, "c.code24.localhost").text for _ in range(3)] == ["1", "1", "1"]


def test_a_namespace_script_with_a_binding_the_loader_cannot_take_is_reported(
    edge: Edge,
) -> None:
    kv = [{"type": "kv_namespace", "name": "KV", "namespace_id": ROUTES_ID}]
    state = many(2)
    state["scripts"]["kv"] = worker(VERSIONED.format(n=0, v=0), bindings=kv)

    edge.sync(state)

    assert "kv_namespace" in edge.script_errors["kv"]
    assert get(edge, "s1.code24.localhost").text == "site 1 version 1"


def test_the_probe_header_from_a_visitor_never_reaches_a_script(edge: Edge) -> None:
    echo = "export default { fetch(r) { return new Response([...r.headers.keys()].join()); } };"
    edge.sync(snapshot(scripts={"e": worker(echo)}, routes={"e.code24.localhost": route("e")}))

    answer = get(edge, "e.code24.localhost", **{"X-Code24-Edge-Probe": "guess"})

    assert answer.status_code == 200 and "x-code24-edge" not in answer.text


# --- The assets binding ----------------------------------------------------------------------


def test_assets_are_served_byte_for_byte_with_their_type_and_etag(
    edge: Edge, tmp_path: Path
) -> None:
    state = with_assets(tmp_path)
    edge.sync(state)
    manifest = state["scripts"]["files"]["assets"]["manifest"]

    photo = get(edge, "f.code24.localhost", "/photo.jpg")

    assert photo.status_code == 200
    assert photo.content == bytes(range(256)) * 8192
    assert photo.headers["content-type"] == "image/jpeg"
    assert photo.headers["etag"] == f'"{manifest["/photo.jpg"]["hash"]}"'
    again = get(
        edge, "f.code24.localhost", "/photo.jpg", **{"If-None-Match": photo.headers["etag"]}
    )
    assert again.status_code == 304 and again.content == b""


def test_html_handling_follows_cloudflares_default(edge: Edge, tmp_path: Path) -> None:
    edge.sync(with_assets(tmp_path))  # no config: auto-trailing-slash

    assert get(edge, "f.code24.localhost", "/").text == "<h1>Home</h1>"
    assert get(edge, "f.code24.localhost", "/about").text == "<h1>About</h1>"
    assert get(edge, "f.code24.localhost", "/docs/").text == "<h1>Docs</h1>"
    missing = get(edge, "f.code24.localhost", "/nothing")
    assert missing.status_code == 404 and missing.content == b""


def test_html_handling_none_and_the_404_page(edge: Edge, tmp_path: Path) -> None:
    edge.sync(with_assets(tmp_path, {"html_handling": "none", "not_found_handling": "404-page"}))

    assert get(edge, "f.code24.localhost", "/about.html").text == "<h1>About</h1>"
    missing = get(edge, "f.code24.localhost", "/about")
    assert missing.status_code == 404 and missing.text == "<h1>Not here</h1>"


def test_assets_answer_405_to_other_methods(edge: Edge, tmp_path: Path) -> None:
    edge.sync(with_assets(tmp_path))

    answer = httpx.post(
        f"{edge.url}/about.html", headers={"Host": "f.code24.localhost"}, timeout=30
    )

    assert answer.status_code == 405


def test_a_file_missing_from_the_store_is_a_404_not_a_crash(edge: Edge, tmp_path: Path) -> None:
    state = with_assets(tmp_path)
    digest = state["scripts"]["files"]["assets"]["manifest"]["/about.html"]["hash"]
    (tmp_path / digest[:2] / digest).unlink()
    edge.sync(state)

    assert get(edge, "f.code24.localhost", "/about.html").status_code == 404
    assert get(edge, "f.code24.localhost", "/").status_code == 200
