"""scan(): a small site served on this machine, scanned end to end into a Report; refused
and unreachable addresses give a Report with an error, never an exception."""

from __future__ import annotations

import json
import socket

import pytest

from optimization.models import Scan
from optimization.scanner import Report, scan
from optimization.scanner.base import AUDITS, CATEGORIES, Audit, Crawl
from optimization.scanner.scoring import health
from tests.factories import make_account
from tests.optimization.local_site import LOOPBACK_FETCH, LocalSite, page, text

SEO_IDS = {
    "is-crawlable",
    "document-title",
    "meta-description",
    "http-status-code",
    "link-text",
    "crawlable-anchors",
    "robots-txt",
    "image-alt",
    "hreflang",
    "canonical",
}
FINDING_KEYS = {
    "id",
    "title",
    "categories",
    "outcome",
    "score",
    "explanation",
    "fix",
    "offenders",
    "value",
}
BAKERY = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Rosie's Bakery</title></head><body><main><h1>Rosie's Bakery</h1>
<img src="/bread.png" alt="Sourdough loaves"><a href="/hours">Opening hours</a>
<a href="/gone">Our old menu</a></main></body></html>"""


@pytest.fixture
def bakery() -> LocalSite:
    return LocalSite(
        {
            "/": page(BAKERY),
            "/hours": page("<title>Hours</title><p>Open daily</p><a href='/'>click here</a>"),
            "/robots.txt": text("User-agent: *\nDisallow: /private/\n"),
            "/bread.png": text("png", content_type="image/png"),
        }
    )


def test_a_small_site_is_scanned_into_a_report(bakery: LocalSite) -> None:
    with bakery:
        report = scan(bakery.url + "/", fetch=LOOPBACK_FETCH)

    assert isinstance(report, Report) and report.error == ""
    # No meta description, no canonical link (not applicable): 11.0435 / 12.0435 -> 92.
    assert report.scores["seo"] == 92
    assert set(report.scores) <= set(CATEGORIES)
    assert "security" in report.scores and report.grade
    assert report.health == health(report.scores)

    assert [f["id"] for f in report.findings] == list(AUDITS)
    assert {f["id"] for f in report.findings} >= SEO_IDS
    assert all(set(f) == FINDING_KEYS for f in report.findings)
    by_id = {f["id"]: f for f in report.findings}
    description = by_id["meta-description"]
    assert description["outcome"] == "fail" and description["score"] == 0
    assert description["categories"] == {"seo": 1}
    missing = {"selector": "head", "snippet": "<head>", "note": "no meta description"}
    assert description["offenders"] == [{"page": "/", **missing}, {"page": "/hours", **missing}]
    assert by_id["canonical"]["outcome"] == "not-applicable" and by_id["canonical"]["score"] is None
    # The start page's links are fine; the other page's "click here" is listed, not scored.
    assert by_id["link-text"]["outcome"] == "pass"
    assert [o["page"] for o in by_id["link-text"]["offenders"]] == ["/hours"]
    assert by_id["http-status-code"]["offenders"][0]["page"] == "/gone"

    assert report.recommendations[0]["gain"] >= report.recommendations[-1]["gain"]
    assert "meta-description" in {r["id"] for r in report.recommendations}
    assert all(set(r) == {"id", "title", "fix", "gain", "category"} for r in report.recommendations)
    assert {p["url"] for p in report.pages} == {
        bakery.url + "/",
        bakery.url + "/hours",
        bakery.url + "/gone",
    }
    assert {p["status"] for p in report.pages} == {200, 404}


@pytest.mark.django_db
def test_a_report_fills_a_scan_row(bakery: LocalSite) -> None:
    with bakery:
        report = scan(bakery.url + "/", fetch=LOOPBACK_FETCH, max_pages=1)
    fields = report.as_fields()
    assert set(fields) == {
        "scores",
        "health",
        "grade",
        "findings",
        "recommendations",
        "pages",
        "error",
    }
    json.dumps(fields)
    row = Scan.objects.create(account=make_account(), url=report.url)
    Scan.objects.filter(pk=row.pk).update(**fields, status=Scan.Status.DONE)
    row.refresh_from_db()
    assert row.scores == report.scores and row.health == report.health
    assert len(row.findings) == len(AUDITS) and len(row.pages) == 1


def test_a_refused_address_gives_a_report_with_an_error(bakery: LocalSite) -> None:
    with bakery:
        report = scan(bakery.url + "/")  # the default policy: public addresses only
    assert "private or reserved network address" in report.error
    assert (report.scores, report.health, report.grade, report.findings) == ({}, None, "", [])
    assert report.pages == [{"url": bakery.url + "/", "status": 0, "error": report.error}]
    assert bakery.requests == []


def test_an_unreachable_address_gives_a_report_with_an_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    report = scan(f"http://127.0.0.1:{port}/", fetch=LOOPBACK_FETCH)
    assert report.error == "127.0.0.1 refused the connection or could not be reached."
    assert report.scores == {} and report.health is None


@pytest.mark.parametrize("url", ["ftp://shop.example/", "not a url", "http://", "https://[::1/"])
def test_a_bad_address_gives_a_report_with_an_error(url: str) -> None:
    report = scan(url)
    assert report.error and report.scores == {}


def test_an_audit_that_breaks_does_not_break_the_scan(
    bakery: LocalSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(crawl: Crawl) -> object:
        raise RuntimeError("a bug")

    monkeypatch.setitem(
        AUDITS,
        "broken",
        Audit("broken", "Broken", {"seo": 5}, "Nothing.", broken),  # type: ignore[arg-type]
    )
    with bakery:
        report = scan(bakery.url + "/", fetch=LOOPBACK_FETCH, max_pages=1)
    finding = next(f for f in report.findings if f["id"] == "broken")
    assert finding["outcome"] == "not-applicable"
    assert report.scores["seo"] == 92  # left out of the score
