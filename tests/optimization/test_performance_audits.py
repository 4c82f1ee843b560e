"""The performance budget audits on crawls built from hand-written responses, each with a
passing and a failing fixture; the scoring curve and cache rules against figures taken from
Lighthouse 12.2.3's own functions."""

from __future__ import annotations

import gzip
import io

import pytest
from PIL import Image

from optimization.scanner.base import AUDITS, Crawl, Fetched, Page
from optimization.scanner.performance import (
    cache_hit_probability,
    cache_lifetime,
    dom_size,
    log_normal_score,
    media_matches,
    modern_image_formats,
    parse_cache_control,
    render_blocking_resources,
    server_response_time,
    total_byte_weight,
    unsized_images,
    uses_long_cache_ttl,
    uses_text_compression,
)
from tests.optimization.helpers import fetched, html_crawl

SITE = "https://shop.example/"
YEAR = "public, max-age=31536000, immutable"


def _page(body: str, *, url: str = SITE, headers: dict[str, str] | None = None, **kw) -> Page:
    return Page(fetched(url, body, headers={"content-encoding": "gzip", **(headers or {})}, **kw))


def _file(url: str, body: bytes, content_type: str, **headers: str) -> Fetched:
    return fetched(
        url, body, content_type, headers={k.replace("_", "-"): v for k, v in headers.items()}
    )


def _crawl(*pages: Page, resources: tuple[Fetched, ...] | list[Fetched] = ()) -> Crawl:
    return html_crawl(*pages, resources=resources)


def _html(head: str = "", body: str = "") -> str:
    return f"<!DOCTYPE html><html><head><title>t</title>{head}</head><body>{body}</body></html>"


def _jpeg(width: int, height: int, quality: int) -> bytes:
    image = Image.effect_noise((width, height), 60).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return out.getvalue()


def test_budget_weights_and_metrics_not_guessed():
    budget = [
        "total-byte-weight",
        "uses-text-compression",
        "uses-long-cache-ttl",
        "render-blocking-resources",
        "unsized-images",
        "modern-image-formats",
        "dom-size",
        "server-response-time",
    ]
    for audit_id in budget:
        assert AUDITS[audit_id].weights == {"performance": 1}
        assert AUDITS[audit_id].lighthouse
    crawl = _crawl(_page(_html()))
    for metric in (
        "first-contentful-paint",
        "largest-contentful-paint",
        "total-blocking-time",
        "cumulative-layout-shift",
        "speed-index",
    ):
        assert AUDITS[metric].weights == {"performance": 0}
        verdict = AUDITS[metric].check(crawl)
        assert (verdict.outcome, verdict.score) == ("needs-layout", None)


# --- Lighthouse's numbers ------------------------------------------------------------------


@pytest.mark.parametrize(
    # (value, Lighthouse 12.2.3's Util.computeLogNormalScore for total-byte-weight)
    ("value", "expected"),
    [
        (0, 1),
        (1000, 1),
        (2667 * 1024, 0.9),
        (3000 * 1024, 0.81),
        (4000 * 1024, 0.5),
        (5_000_000, 0.26),
        (9_000_000, 0),
    ],
)
def test_log_normal_score_matches_lighthouse_for_byte_weight(value, expected):
    assert log_normal_score(value, p10=2667 * 1024, median=4000 * 1024) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(100, 1), (818, 0.9), (1000, 0.78), (1400, 0.5), (2000, 0.19), (3000, 0.03)],
)
def test_log_normal_score_matches_lighthouse_for_dom_size(value, expected):
    assert log_normal_score(value, p10=818, median=1400) == expected


@pytest.mark.parametrize(
    # CacheHeaders.getCacheHitProbability in Lighthouse 12.2.3
    ("seconds", "expected"),
    [
        (0, 0),
        (3600, 0.2),
        (86400, 0.6),
        (7 * 86400, 0.9),
        (30 * 86400, 0.9064245810055866),
        (96 * 86400, 0.9248603351955308),
        (97 * 86400, 0.9251396648044693),
        (365 * 86400, 1),
    ],
)
def test_cache_hit_probability_matches_lighthouse(seconds, expected):
    assert cache_hit_probability(seconds) == pytest.approx(expected, abs=1e-12)


def test_cache_control_is_parsed_as_lighthouse_parses_it():
    assert parse_cache_control("public, max-age=600") == {"public": True, "max-age": 600}
    assert parse_cache_control('private, community="UCI"') == {"private": True, "community": "uci"}
    assert parse_cache_control("max-age") is None  # max-age without a number spoils it all
    assert parse_cache_control("max-age = 60") is None  # stray characters: unreadable
    assert parse_cache_control(None) is None


# --- total-byte-weight ---------------------------------------------------------------------


def test_total_byte_weight_passes_for_a_light_page():
    page = _page(_html(body='<img src="/a.jpg" width=1 height=1>'))
    image = _file("https://shop.example/a.jpg", b"x" * 50_000, "image/jpeg")
    verdict = total_byte_weight(_crawl(page, resources=[image]))
    assert verdict.outcome == "pass"
    assert verdict.value == len(page.response.body) + 50_000


def test_total_byte_weight_fails_for_a_heavy_page():
    page = _page(
        _html(
            head='<link rel="stylesheet" href="/site.css">',
            body='<img src="/hero.jpg" width=1 height=1>',
        )
    )
    css = _file("https://shop.example/site.css", b"body{background:url(/bg.png)}", "text/css")
    hero = fetched("https://shop.example/hero.jpg", b"jpeg", "image/jpeg", wire_bytes=3_000_000)
    background = fetched("https://shop.example/bg.png", b"png", "image/png", wire_bytes=2_000_000)
    verdict = total_byte_weight(_crawl(page, resources=[css, hero, background]))
    total = len(page.response.body) + len(css.body) + 5_000_000
    assert verdict.value == total
    assert verdict.outcome == "fail"
    assert verdict.score == log_normal_score(total, p10=2667 * 1024, median=4000 * 1024) == 0.26
    assert verdict.offenders[1].note == "2,930 KiB"  # the hero image, the heaviest file


# --- uses-text-compression -----------------------------------------------------------------

CSS = (
    "\n".join(f".item-{i} {{ color: #333; margin: 0 auto; padding: 4px; }}" for i in range(300))
).encode()


def test_text_compression_passes_when_files_are_compressed():
    page = _page(_html(head='<link rel="stylesheet" href="/site.css">'))
    css = _file("https://shop.example/site.css", CSS, "text/css", content_encoding="br")
    verdict = uses_text_compression(_crawl(page, resources=[css]))
    assert verdict.outcome == "pass"


def test_text_compression_ignores_small_savings():
    page = _page(_html(head='<link rel="stylesheet" href="/small.css">'))
    small = _file("https://shop.example/small.css", b"body{margin:0}" * 20, "text/css")
    # 280 bytes: gzip would save well under Lighthouse's 1400-byte floor
    assert uses_text_compression(_crawl(page, resources=[small])).outcome == "pass"


def test_text_compression_fails_for_an_uncompressed_stylesheet_and_page():
    big_page = _html(body="".join(f"<p>Paragraph number {i} of the menu.</p>" for i in range(200)))
    page = Page(fetched(SITE, big_page + '<link rel="stylesheet" href="/site.css">', "text/html"))
    css = _file("https://shop.example/site.css", CSS, "text/css")
    verdict = uses_text_compression(_crawl(page, resources=[css]))
    assert verdict.outcome == "fail"
    savings = len(CSS) - len(gzip.compress(CSS, compresslevel=6, mtime=0))
    assert savings > 1400
    assert len(verdict.offenders) == 2
    assert verdict.offenders[1].selector == "body > link"
    page_savings = len(page.response.body) - len(gzip.compress(page.response.body, 6, mtime=0))
    assert verdict.value == savings + page_savings


# --- uses-long-cache-ttl -------------------------------------------------------------------


def _with_assets(**headers: str) -> Crawl:
    page = _page(_html(head='<script src="/app.js" defer></script>', body='<img src="/logo.png">'))
    script = _file(
        "https://shop.example/app.js", b"console.log(1)" * 100, "text/javascript", **headers
    )
    logo = _file("https://shop.example/logo.png", b"\x89PNG" + b"0" * 2000, "image/png", **headers)
    return _crawl(page, resources=[script, logo])


def test_cache_ttl_passes_with_a_year():
    assert uses_long_cache_ttl(_with_assets(cache_control=YEAR)).outcome == "pass"


def test_cache_ttl_skips_deliberately_uncached_files():
    assert uses_long_cache_ttl(_with_assets(cache_control="no-cache")).outcome == "pass"
    assert uses_long_cache_ttl(_with_assets(cache_control="max-age=0")).outcome == "pass"


def test_cache_ttl_fails_for_an_hour_and_for_no_header():
    hour = uses_long_cache_ttl(_with_assets(cache_control="max-age=3600"))
    assert hour.outcome == "fail"
    assert len(hour.offenders) == 2
    assert hour.offenders[0].note.startswith("cached 1 h")
    # wasted bytes: (1 - 0.2) of each file's size
    assert hour.value == round(0.8 * (1400 + 2004))
    bare = uses_long_cache_ttl(_with_assets())
    assert bare.outcome == "fail"
    assert bare.value == 1400 + 2004  # never cached: all of it again


def test_cache_lifetime_reads_expires():
    response = _file(
        "https://shop.example/a.css", b"", "text/css", expires="Thu, 01 Jan 2037 00:00:00 GMT"
    )
    lifetime = cache_lifetime(response)
    assert lifetime is not None and lifetime > 300 * 86400
    stale = _file("https://shop.example/a.css", b"", "text/css", expires="0")
    assert cache_lifetime(stale) == 0


# --- render-blocking-resources -------------------------------------------------------------


def test_render_blocking_passes_for_deferred_scripts_and_print_styles():
    head = (
        '<script src="/a.js" defer></script><script src="/b.js" async></script>'
        '<script type="module" src="/c.js"></script>'
        '<link rel="stylesheet" href="/p.css" media="print">'
        '<link rel="stylesheet" href="/wide.css" media="(min-width: 1024px)">'
        '<link rel="preload" href="/f.woff2" as="font"><script>inline()</script>'
    )
    verdict = render_blocking_resources(_crawl(_page(_html(head=head))))
    assert verdict.outcome == "pass"


def test_render_blocking_fails_for_head_stylesheets_and_sync_scripts():
    head = '<link rel="stylesheet" href="/site.css"><script src="https://cdn.example.org/jq.js"></script>'
    body = '<script src="/early.js"></script><img src="/a.png"><script src="/late.js"></script>'
    verdict = render_blocking_resources(_crawl(_page(_html(head=head, body=body))))
    assert verdict.outcome == "fail"
    assert [o.note for o in verdict.offenders] == [
        "stylesheet https://shop.example/site.css",
        "script https://cdn.example.org/jq.js",
        "script https://shop.example/early.js",  # before the first image: still high priority
    ]
    assert verdict.offenders[0].selector == "head > link"


def test_media_queries_on_lighthouse_mobile_screen():
    assert media_matches("screen and (max-width: 600px)")
    assert media_matches("all")
    assert not media_matches("print")
    assert not media_matches("(min-width: 64em)")  # 1024px on a 412px screen
    assert media_matches("print, screen")
    assert not media_matches("not screen")


# --- unsized-images ------------------------------------------------------------------------


def test_unsized_images_passes_when_sized():
    body = (
        '<img src="/a.png" width="640" height="480">'
        '<img src="/b.png" style="width: 100%; aspect-ratio: 4 / 3">'
        '<img src="/c.png" style="position: absolute">'
        '<img src="data:image/svg+xml,%3Csvg%3E%3C/svg%3E">'
    )
    assert unsized_images(_crawl(_page(_html(body=body)))).outcome == "pass"


def test_unsized_images_fails_without_height():
    body = '<main><img src="/a.png" width="640"><img src="/b.png" width="+5" height="5"></main>'
    verdict = unsized_images(_crawl(_page(_html(body=body))))
    assert verdict.outcome == "fail"
    assert verdict.value == 2
    assert verdict.offenders[0].selector == "body > main > img:nth-of-type(1)"
    assert verdict.offenders[0].note == "image https://shop.example/a.png"


def test_unsized_images_not_applicable_without_images():
    assert unsized_images(_crawl(_page(_html()))).outcome == "not-applicable"


# --- modern-image-formats ------------------------------------------------------------------


def test_modern_image_formats_fails_for_a_large_jpeg():
    photo = _jpeg(800, 600, 90)
    page = _page(_html(body='<img src="/team.jpg" width="800" height="600">'))
    image = _file("https://shop.example/team.jpg", photo, "image/jpeg")
    verdict = modern_image_formats(_crawl(page, resources=[image]))
    assert verdict.outcome == "fail"
    assert verdict.value is not None and verdict.value > 8192
    assert verdict.offenders[0].selector == "body > img"
    assert "image/jpeg" in verdict.offenders[0].note


def test_modern_image_formats_passes_for_a_small_well_compressed_jpeg_and_webp():
    thumb = _jpeg(200, 200, 40)  # re-encoding it at quality 92 makes it bigger, not smaller
    assert len(thumb) > 4096
    page = _page(_html(body='<img src="/t.jpg"><img src="/w.webp">'))
    resources = [
        _file("https://shop.example/t.jpg", thumb, "image/jpeg"),
        _file("https://shop.example/w.webp", b"RIFF" + b"0" * 90_000, "image/webp"),
    ]
    verdict = modern_image_formats(_crawl(page, resources=resources))
    assert verdict.outcome == "pass"


def test_modern_image_formats_not_applicable_without_jpeg_or_png():
    assert modern_image_formats(_crawl(_page(_html()))).outcome == "not-applicable"


# --- dom-size ------------------------------------------------------------------------------


def test_dom_size_passes_for_a_small_page():
    verdict = dom_size(_crawl(_page(_html(body="<main><p>a</p><p>b</p></main>"))))
    assert verdict.outcome == "pass"
    assert verdict.value == 3


def test_dom_size_fails_for_a_huge_page():
    rows = "".join(f"<li><a href='/p/{i}'>Product {i}</a></li>" for i in range(1000))
    verdict = dom_size(_crawl(_page(_html(body=f"<ul>{rows}</ul>"))))
    # 1 ul + 1000 li + 1000 a = 2001 elements inside body
    assert verdict.value == 2001
    assert verdict.outcome == "fail"
    assert verdict.score == log_normal_score(2001, p10=818, median=1400) == 0.19
    assert "4 levels deep" in verdict.explanation
    assert "at most 1000 children" in verdict.explanation


# --- server-response-time ------------------------------------------------------------------


def test_server_response_time_passes_under_600_ms():
    verdict = server_response_time(_crawl(_page(_html(), elapsed_ms=120.0)))
    assert (verdict.outcome, verdict.value) == ("pass", 120.0)


def test_server_response_time_fails_at_600_ms_and_more():
    verdict = server_response_time(_crawl(_page(_html(), elapsed_ms=912.4)))
    assert (verdict.outcome, verdict.score, verdict.value) == ("fail", 0.0, 912.4)
    assert "912 ms" in verdict.explanation
