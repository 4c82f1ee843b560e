"""The dispatcher Worker in workerd: hostname routing, 404, 503, www/apex redirects, and a
site's previous address redirecting to its address."""

from __future__ import annotations

import httpx
import pytest

from code24.cloudflare import workers_bundle
from code24.cloudflare.local.edge import Edge
from tests.cloudflare.edge_fixtures import route, snapshot, worker

pytestmark = pytest.mark.workerd

HELLO = """
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    return new Response(`${env.NAME} ${request.method} ${url.host}${url.pathname}${url.search}`, {
      headers: {"X-Site": env.NAME, "X-Host-Header": request.headers.get("Host")},
    });
  },
};
"""
THROWS = "export default { async fetch() { throw new Error('site exploded'); } };"


def site(name: str) -> dict:
    return worker(HELLO, bindings=[{"type": "plain_text", "name": "NAME", "text": name}])


def get(edge: Edge, host: str, path: str = "/", **kwargs) -> httpx.Response:
    return httpx.get(f"{edge.url}{path}", headers={"Host": host}, timeout=30, **kwargs)


@pytest.fixture(scope="module")
def sites(edge: Edge) -> Edge:
    edge.sync(
        snapshot(
            scripts={"site-1": site("alpha"), "site-2": site("beta"), "site-3": worker(THROWS)},
            routes={
                "alpha.code24.localhost": route("site-1", 1),
                "beta.code24.localhost": route("site-2", 2),
                "boom.code24.localhost": route("site-3", 3),
                "gone.code24.localhost": route("site-404", 4),
                "broken.code24.localhost": "{not json",
                "acme.com": route("site-1", 1, redirect="www"),
                "www.acme.com": route("site-1", 1, redirect="www"),
                "www.bakery.com": route("site-2", 2, redirect="apex"),
                "bakery.com": route("site-2", 2, redirect="apex"),
                "www.moved.com": route("site-2", 2, redirect="apex", canonical_host="moved.org"),
                "old-alpha.code24.localhost": workers_bundle.route_value(
                    site_id=1, redirect="host", canonical_host="alpha.code24.localhost"
                ),
                "nowhere.code24.localhost": '{"site_id": 9, "redirect": "host"}',
            },
            active=["acme.com", "www.acme.com", "www.bakery.com", "bakery.com", "www.moved.com"],
        )
    )
    assert edge.script_errors == {}
    return edge


def test_known_hostname_reaches_its_own_site_script(sites: Edge) -> None:
    alpha = get(sites, "alpha.code24.localhost", "/menu?day=monday")
    beta = get(sites, "beta.code24.localhost:8788", "/")

    assert alpha.status_code == 200
    assert alpha.text == "alpha GET alpha.code24.localhost/menu?day=monday"
    assert beta.text == "beta GET beta.code24.localhost:8788/"
    assert beta.headers["X-Host-Header"] == "beta.code24.localhost:8788"


def test_hostname_lookup_ignores_case_and_trailing_dot(sites: Edge) -> None:
    assert get(sites, "ALPHA.Code24.localhost.").headers["X-Site"] == "alpha"


def test_post_bodies_reach_the_site(sites: Edge) -> None:
    answer = httpx.post(
        f"{sites.url}/form", headers={"Host": "alpha.code24.localhost"}, content=b"a=1", timeout=30
    )
    assert answer.text == "alpha POST alpha.code24.localhost/form"


def test_unknown_hostname_gets_branded_404(sites: Edge) -> None:
    answer = get(sites, "nobody.code24.localhost")

    assert answer.status_code == 404
    assert answer.headers["Content-Type"] == "text/html; charset=utf-8"
    assert answer.headers["Cache-Control"] == "no-store"
    assert "Code24" in answer.text
    assert "Site not found" in answer.text
    assert "<strong>nobody.code24.localhost</strong>" in answer.text


def test_script_that_throws_gets_503(sites: Edge) -> None:
    answer = get(sites, "boom.code24.localhost")

    assert answer.status_code == 503
    assert answer.headers["Retry-After"] == "30"
    assert "Site temporarily unavailable" in answer.text
    assert "site exploded" not in answer.text


def test_route_to_missing_script_gets_503(sites: Edge) -> None:
    answer = get(sites, "gone.code24.localhost")

    assert answer.status_code == 503
    assert "Site temporarily unavailable" in answer.text


def test_unreadable_route_gets_503(sites: Edge) -> None:
    assert get(sites, "broken.code24.localhost").status_code == 503


def test_apex_redirects_to_www_keeping_path_and_query(sites: Edge) -> None:
    answer = get(sites, "acme.com", "/about?x=1")

    assert answer.status_code == 301
    assert answer.headers["Location"] == "http://www.acme.com/about?x=1"


def test_www_is_served_when_www_is_canonical(sites: Edge) -> None:
    answer = get(sites, "www.acme.com", "/about")

    assert answer.status_code == 200
    assert answer.text == "alpha GET www.acme.com/about"


def test_www_redirects_to_apex(sites: Edge) -> None:
    answer = get(sites, "www.bakery.com", "/cakes")

    assert answer.status_code == 301
    assert answer.headers["Location"] == "http://bakery.com/cakes"
    assert get(sites, "bakery.com").status_code == 200


def test_redirect_goes_to_canonical_host_when_given(sites: Edge) -> None:
    answer = get(sites, "www.moved.com", "/a")

    assert answer.status_code == 301
    assert answer.headers["Location"] == "http://moved.org/a"


def test_a_previous_address_redirects_to_the_same_path_on_the_sites_address(
    sites: Edge,
) -> None:
    answer = get(sites, "old-alpha.code24.localhost", "/menu?day=monday")

    assert answer.status_code == 301
    assert answer.headers["Location"] == "http://alpha.code24.localhost/menu?day=monday"
    assert answer.headers["Cache-Control"] == "public, max-age=3600"
    assert answer.text == ""  # the site's script is not asked


def test_a_previous_address_keeps_the_port_it_was_asked_on(sites: Edge) -> None:
    answer = get(sites, "old-alpha.code24.localhost:8788", "/")

    assert answer.status_code == 301
    assert answer.headers["Location"] == "http://alpha.code24.localhost:8788/"
    followed = get(sites, "alpha.code24.localhost:8788", "/")
    assert followed.text == "alpha GET alpha.code24.localhost:8788/"


def test_a_host_redirect_without_its_target_is_unreadable(sites: Edge) -> None:
    assert get(sites, "nowhere.code24.localhost").status_code == 503


def test_route_value_refuses_a_host_redirect_without_a_target() -> None:
    with pytest.raises(ValueError, match="canonical_host"):
        workers_bundle.route_value(site_id=1, redirect="host")
    with pytest.raises(ValueError, match="needs its script"):
        workers_bundle.route_value(site_id=1)
