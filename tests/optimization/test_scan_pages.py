"""The "Scan any site" pages: the form and recent scans, and a scan's report in each state."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from code24.accounts.models import Account, User
from optimization.models import Scan
from tests.optimization.conftest import SiteServer
from tests.sites.site_fixtures import client_for

HOSTILE = '</title><script>alert("owned")</script>'

DONE = {
    "status": "done",
    "scores": {
        "performance": 95,
        "accessibility": 62,
        "seo": 40,
        "best-practices": 100,
        "security": 30,
    },
    "health": 65,
    "grade": "D",
    "findings": [
        {
            "id": "document-title",
            "title": "Document has a <title> element",
            "categories": {"seo": 1, "accessibility": 7},
            "outcome": "fail",
            "score": 0,
            "explanation": "2 pages have a title that says nothing about them.",
            "fix": "Give each page a short title naming the business and the page.",
            "offenders": [
                {"page": "/menu", "selector": "title", "snippet": f"<title>{HOSTILE}", "note": ""}
            ],
            "value": None,
        },
        {
            "id": "meta-viewport",
            "title": "Has a viewport meta tag",
            "categories": {"accessibility": 10},
            "outcome": "pass",
            "score": 1,
            "explanation": "",
            "fix": "",
            "offenders": [],
            "value": None,
        },
    ],
    "recommendations": [
        {
            "id": "document-title",
            "title": "Document has a <title> element",
            "fix": "Give each page a short title naming the business and the page.",
            "gain": 8,
            "category": "seo",
        }
    ],
    "pages": [{"url": "https://bakery.example/", "status": 200, "error": ""}],
}


def _scan(account: Account, **fields: Any) -> Scan:
    return Scan.objects.create(account=account, url="https://bakery.example/", **fields)


def test_the_scan_page_without_scans_says_what_to_do(alice_client: Client) -> None:
    html = alice_client.get("/optimization/scan/").content.decode()
    assert "<h1>Scan any site</h1>" in html
    assert "No scans yet" in html
    assert 'name="url"' in html
    assert "20 scans an hour" in html  # Basic
    assert 'href="/optimization/scan/" aria-current="page"' in html  # in the navigation


def test_recent_scans_are_listed_with_their_state(
    alice_client: Client, alice_account: Account, bob_account: Account
) -> None:
    _scan(alice_account, **DONE)
    _scan(alice_account, status="failed", error="Nope.")
    Scan.objects.create(account=bob_account, url="https://bobs-secret.example/")

    html = alice_client.get("/optimization/scan/").content.decode()

    assert "No scans yet" not in html
    assert html.count("https://bakery.example/") == 2
    assert "Done" in html and "Failed" in html and ">65<" in html
    assert "bobs-secret" not in html


def test_a_scan_from_the_form_goes_to_its_page(
    alice_client: Client, alice_account: Account, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        response = alice_client.post("/optimization/scan/", {"url": "bakery.example"})

    scan = Scan.objects.get(account=alice_account)
    assert response.status_code == 302
    assert response["Location"] == f"/optimization/scans/{scan.pk}/"
    assert scan.url == "https://bakery.example/"  # no scheme: https
    assert scan.requested_via == "dashboard"
    assert len(callbacks) == 1


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "Enter the address of the website to scan."),
        ("http://192.168.1.1/", "private or reserved network address"),
        ("file:///etc/passwd", "only websites (http:// or https:// addresses) can be scanned"),
    ],
)
def test_a_refused_address_is_shown_on_the_form(
    alice_client: Client, url: str, message: str
) -> None:
    response = alice_client.post("/optimization/scan/", {"url": url})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Scan.objects.exists()


def test_the_basic_plans_20_scans_an_hour_then_429(alice_client: Client) -> None:
    for _ in range(20):
        assert (
            alice_client.post("/optimization/scan/", {"url": "bakery.example"}).status_code == 302
        )
    response = alice_client.post("/optimization/scan/", {"url": "bakery.example"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "Basic plan includes 20 scans an hour" in response.content.decode()


def test_a_working_scan_polls_its_report(alice_client: Client, alice_account: Account) -> None:
    scan = _scan(alice_account, status="running")
    page = alice_client.get(f"/optimization/scans/{scan.pk}/").content.decode()
    partial = alice_client.get(f"/optimization/scans/{scan.pk}/", HTTP_HX_REQUEST="true")

    assert "Scanning https://bakery.example/…" in page
    assert f'hx-get="/optimization/scans/{scan.pk}/" hx-trigger="every 2s"' in page
    assert partial.status_code == 200
    body = partial.content.decode()
    assert body.lstrip().startswith('<div id="report"') and "<html" not in body


def test_a_failed_scan_says_why_and_offers_to_scan_again(
    alice_client: Client, alice_account: Account
) -> None:
    scan = _scan(alice_account, status="failed", error="bakery.example could not be found.")
    page = alice_client.get(f"/optimization/scans/{scan.pk}/").content.decode()
    partial = alice_client.get(f"/optimization/scans/{scan.pk}/", HTTP_HX_REQUEST="true")

    assert "We could not scan this site." in page
    assert "bakery.example could not be found." in page
    assert "Scan again</button>" in page
    assert 'name="url" value="https://bakery.example/"' in page
    assert "hx-trigger" not in page
    assert partial.status_code == 286  # htmx stops polling


def test_a_done_scan_shows_the_report_in_plain_words(
    alice_client: Client, alice_account: Account
) -> None:
    scan = _scan(alice_account, **DONE)
    response = alice_client.get(f"/optimization/scans/{scan.pk}/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "<strong>65</strong>" in html and "Needs work" in html  # health, big, with a word
    assert "<strong>D</strong>" in html and "Weak protection" in html  # security grade
    assert "Search" in html and "Poor" in html and "Good" in html  # categories in words
    assert "What to fix first" in html
    assert "Give each page a short title naming the business and the page." in html
    assert "Worth about 8 health points." in html
    assert "Passed checks (1)" in html  # collapsed in a <details>
    assert "<code>&lt;title&gt;" in html  # the offender's snippet
    assert "/menu" in html


def test_a_hostile_page_title_is_escaped_in_findings(
    alice_client: Client, alice_account: Account
) -> None:
    scan = _scan(alice_account, **DONE)
    html = alice_client.get(f"/optimization/scans/{scan.pk}/").content.decode()

    assert '<script>alert("owned")</script>' not in html
    assert "&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;" in html


def test_another_accounts_scan_is_404(alice_client: Client, bob_account: Account) -> None:
    bobs = _scan(bob_account, **DONE)
    assert alice_client.get(f"/optimization/scans/{bobs.pk}/").status_code == 404
    assert (
        alice_client.get(f"/optimization/scans/{bobs.pk}/", HTTP_HX_REQUEST="true").status_code
        == 404
    )


def test_a_page_served_locally_is_scanned_end_to_end_from_the_form(
    alice: User,
    alice_account: Account,
    loopback_site: str,
    site_server: SiteServer,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The form, the edge check, the task and the real scanner on a page served on
    loopback (see loopback_site for why the task may read loopback in this test)."""
    site_server.routes["/"] = (
        200,
        {"Content-Type": "text/html; charset=utf-8"},
        f"<!doctype html><html><head><title>{HOSTILE}</title></head><body>"
        "<img src=/a.png><a href=/x>click here</a></body></html>".encode(),
    )
    client = client_for(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/optimization/scan/", {"url": loopback_site})

    page = client.get(response["Location"])
    html = page.content.decode()
    scan = Scan.objects.get(account=alice_account)
    assert scan.status == "done", scan.error
    assert "What to fix first" in html
    assert '<script>alert("owned")</script>' not in html
    assert scan.recommendations  # the page has problems a scan finds
