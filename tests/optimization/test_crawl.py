"""The scanner's crawl: what it fetches from a site served on this machine, and what it
gives back when the address is refused, unreachable or slow."""

from __future__ import annotations

import socket
import time

from optimization.scanner.crawl import crawl
from tests.optimization.local_site import LOOPBACK_FETCH, LocalSite, page, slow, text


def _links(*paths: str) -> str:
    return "".join(f'<a href="{path}">Page {path}</a>' for path in paths)


def test_pages_come_from_the_sitemap_robots_txt_names() -> None:
    site = LocalSite({})
    site.routes.update(
        {
            "/": page("<title>Home</title>"),
            "/robots.txt": text(
                "User-agent: *\nSitemap: https://elsewhere.example/s.xml\n"
                f"Sitemap: {site.url}/maps/all.xml\n"
            ),
            "/maps/all.xml": text(
                '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<url><loc>{site.url}/menu</loc></url>"
                f"<url><loc> {site.url}/about?a=1&amp;b=2 </loc></url>"
                "<url><loc>https://elsewhere.example/x</loc></url></urlset>",
                content_type="application/xml",
            ),
            "/menu": page("<title>Menu</title>"),
            "/about?a=1&b=2": page("<title>About</title>"),
        }
    )
    with site:
        result = crawl(site.url + "/", fetch=LOOPBACK_FETCH)

    assert result.error == ""
    assert result.sitemap is not None and result.sitemap.url == site.url + "/maps/all.xml"
    assert [p.response.path for p in result.pages] == ["/", "/menu", "/about?a=1&b=2"]
    assert result.robots is not None and result.robots.status == 200


def test_a_sitemap_index_leads_to_its_first_sitemap() -> None:
    site = LocalSite({})
    site.routes.update(
        {
            "/": page("<title>Home</title>"),
            "/sitemap.xml": text(
                f"<sitemapindex><sitemap><loc>{site.url}/pages.xml</loc></sitemap></sitemapindex>"
            ),
            "/pages.xml": text(f"<urlset><url><loc>{site.url}/team</loc></url></urlset>"),
            "/team": page("<title>Team</title>"),
        }
    )
    with site:
        result = crawl(site.url + "/", fetch=LOOPBACK_FETCH)
    assert [p.response.path for p in result.pages] == ["/", "/team"]


def test_without_a_sitemap_line_the_sitemap_is_sitemap_xml() -> None:
    site = LocalSite({"/": page("<title>Home</title>"), "/robots.txt": text("User-agent: *\n")})
    with site:
        result = crawl(site.url + "/", fetch=LOOPBACK_FETCH)
    assert result.sitemap is not None
    assert result.sitemap.url == site.url + "/sitemap.xml"
    assert result.sitemap.status == 404
    assert site.requests[:3] == ["/", "/robots.txt", "/sitemap.xml"]


def test_links_are_followed_breadth_first_once_each_and_only_to_pages() -> None:
    site = LocalSite(
        {
            "/": page(
                _links("/one", "/one#prices", "two", "mailto:hi@example.com")
                + _links("javascript:void(0)", "/menu.pdf", "/logo.png", "tel:+4111")
            ),
            "/one": page(_links("/three", "/")),
            "/two": page(_links("/one")),
            "/three": page("<p>deep</p>"),
        }
    )
    with site:
        result = crawl(site.url + "/", fetch=LOOPBACK_FETCH)
    assert [p.response.path for p in result.pages] == ["/", "/one", "/two", "/three"]
    assert sorted(site.pages_requested()) == ["/", "/one", "/three", "/two"]
    assert "/menu.pdf" not in site.requests


def test_max_pages_counts_the_start_page() -> None:
    site = LocalSite(
        {"/": page(_links(*(f"/p{n}" for n in range(20))))}
        | {f"/p{n}": page(f"<p>{n}</p>") for n in range(20)}
    )
    with site:
        result = crawl(site.url + "/", max_pages=5, fetch=LOOPBACK_FETCH)
    assert len(result.responses) == 5
    assert [p.response.path for p in result.pages] == ["/", "/p0", "/p1", "/p2", "/p3"]
    assert len(site.pages_requested()) == 5


def test_the_max_pages_setting_is_the_default(settings: object) -> None:
    settings.OPTIMIZATION_SCAN_MAX_PAGES = 2  # type: ignore[attr-defined]
    site = LocalSite({"/": page(_links("/a", "/b", "/c")), "/a": page("a"), "/b": page("b")})
    with site:
        result = crawl(site.url + "/", fetch=LOOPBACK_FETCH)
    assert [p.response.path for p in result.pages] == ["/", "/a"]


def test_other_hosts_are_not_crawled() -> None:
    other = LocalSite({"/": page("elsewhere"), "/x.css": text("x", content_type="text/css")})
    with other:
        site = LocalSite(
            {
                "/": page(
                    _links(other.url + "/", "http://localhost:1/")
                    + f'<link rel="stylesheet" href="{other.url}/x.css"><a href="/own">own</a>'
                ),
                "/own": page("own"),
            }
        )
        with site:
            result = crawl(site.url + "/", fetch=LOOPBACK_FETCH)
    assert other.requests == []
    assert [p.response.path for p in result.pages] == ["/", "/own"]
    assert result.resources == {}


def test_a_page_that_answers_404_is_kept_as_a_response_but_not_audited() -> None:
    site = LocalSite({"/": page(_links("/gone", "/here")), "/here": page("here")})
    with site:
        result = crawl(site.url + "/", fetch=LOOPBACK_FETCH)
    statuses = {r.path: r.status for r in result.responses}
    assert statuses == {"/": 200, "/gone": 404, "/here": 200}
    assert [p.response.path for p in result.pages] == ["/", "/here"]


def test_stylesheets_scripts_and_images_of_the_pages_are_fetched() -> None:
    site = LocalSite(
        {
            "/": page(
                '<link rel="stylesheet" href="/s.css"><link rel="icon" href="/i.ico">'
                '<script src="/a.js"></script><img src="/p.png">'
                '<img src="data:image/gif;base64,R0">'
                '<noscript><img src="/ns.png"></noscript><a href="/two">two</a>'
            ),
            "/two": page('<img src="/p.png"><img src="/q.png">'),
            "/s.css": text("body{}", content_type="text/css"),
            "/a.js": text("1", content_type="text/javascript"),
            "/p.png": text("png", content_type="image/png"),
            "/q.png": text("png2", content_type="image/png"),
        }
    )
    with site:
        result = crawl(site.url + "/", fetch=LOOPBACK_FETCH)
        limited = crawl(site.url + "/", fetch=LOOPBACK_FETCH, max_resources=2)
    assert list(result.resources) == [
        site.url + "/s.css",
        site.url + "/a.js",
        site.url + "/p.png",
        site.url + "/q.png",
    ]
    css = result.resources[site.url + "/s.css"]
    assert css.status == 200 and css.body == b"body{}" and css.wire_bytes == 6
    assert css.elapsed_ms > 0
    assert list(limited.resources) == [site.url + "/s.css", site.url + "/a.js"]


def test_a_redirected_start_page_reads_robots_txt_where_it_landed() -> None:
    site = LocalSite(
        {
            "/": (301, {"Location": "/home"}, b""),
            "/home": page("<title>Home</title>"),
            "/robots.txt": text("User-agent: *\nDisallow:\n"),
        }
    )
    with site:
        result = crawl(site.url + "/", fetch=LOOPBACK_FETCH)
    start = result.pages[0].response
    assert start.final_url == site.url + "/home"
    assert start.redirects == (site.url + "/home",)
    assert result.robots is not None and result.robots.status == 200
    assert result.http_probe is start  # an http start address is its own plain-http probe


def test_a_refused_address_gives_an_error_and_no_connection() -> None:
    site = LocalSite({"/": page("<title>secret</title>")})
    with site:
        result = crawl(site.url + "/")  # the default policy: public addresses only
    assert "private or reserved network address" in result.error
    assert result.pages == [] and result.robots is None
    assert site.requests == []


def test_an_unreachable_port_gives_an_error_sentence() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = crawl(f"http://127.0.0.1:{port}/", fetch=LOOPBACK_FETCH)
    assert result.error == "127.0.0.1 refused the connection or could not be reached."
    assert result.responses[0].status == 0


def test_a_start_address_that_is_not_a_page_is_an_error() -> None:
    site = LocalSite({"/logo.png": text("png", content_type="image/png")})
    with site:
        result = crawl(site.url + "/logo.png", fetch=LOOPBACK_FETCH)
    assert result.error.endswith(
        "is a file of type image/png, not a web page, so it cannot be scanned."
    )


def test_the_time_budget_stops_the_crawl() -> None:
    slow_page = slow(page("<p>slow</p>"), 0.8)
    site = LocalSite(
        {"/": page(_links(*(f"/s{n}" for n in range(12))))}
        | {f"/s{n}": slow_page for n in range(12)}
    )
    with site:
        started = time.monotonic()
        result = crawl(site.url + "/", fetch=LOOPBACK_FETCH, max_pages=13, seconds=2)
        took = time.monotonic() - started
    assert took < 3.5
    assert 1 < len(result.responses) < 13


def test_what_the_time_left_no_room_for_is_absent_not_an_error() -> None:
    site = LocalSite({"/": slow(page(_links("/a")), 0.4), "/a": page("a")})
    with site:
        result = crawl(site.url + "/", fetch=LOOPBACK_FETCH, seconds=0.8)
    assert result.error == ""
    assert result.robots is None and result.sitemap is None
    assert [p.response.path for p in result.pages] == ["/"]
    assert site.requests == ["/"]
