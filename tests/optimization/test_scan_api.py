"""POST /api/v1/optimize, GET /api/v1/scans(/{id}) and the original design's /trigger/optimize."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from django.test import Client

from code24.accounts.models import Account, Plan
from optimization import services, tasks
from optimization.models import Scan
from optimization.scanner.base import CATEGORIES
from tests.factories import make_api_key
from tests.optimization.conftest import SiteServer, post_json
from tests.sites.site_fixtures import on_plan

# The original design's example (code24-infrastructure.md, "Trigger OptimizationWorkflow").
ORIGINAL = {
    "url": "https://yoursite.com",
    "businessType": "e-commerce",
    "primaryGoal": "conversion_rate",
    "optimizationType": "full",
}


def test_optimize_answers_202_and_queues_a_scan(
    api: Client, pro: Account, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:  # queued, not run
        response = post_json(api, "/api/v1/optimize", ORIGINAL)

    assert response.status_code == 202, response.content
    body = response.json()
    scan = Scan.objects.get(account=pro)
    assert body["id"] == scan.pk
    assert body["status"] == "queued"
    assert body["url"] == "https://yoursite.com/"
    assert body["result_url"] == f"http://testserver/api/v1/scans/{scan.pk}"
    assert body["page_url"] == f"http://testserver/optimization/scans/{scan.pk}/"
    assert scan.requested_via == "api"
    assert scan.options == {
        "business_type": "e-commerce",
        "primary_goal": "sales",  # the original design's conversion_rate, for a shop
        "optimization_type": "full",
    }
    assert len(callbacks) == 1  # scan_run, after the commit


def test_the_longest_address_fits_once_cleaned(
    api: Client, pro: Account, django_capture_on_commit_callbacks: Any
) -> None:
    """2,000 characters may be sent; "https://" and "/" are added to an address that left
    them out, and the column holds that (PostgreSQL refused the longer value with a 500)."""
    url = "shop.example?" + "q" * (services.SCAN_URL_MAX_LENGTH - len("shop.example?"))
    with django_capture_on_commit_callbacks():
        response = post_json(api, "/api/v1/optimize", {"url": url})

    assert response.status_code == 202, response.content
    stored = Scan.objects.get(account=pro).url
    assert stored == "https://shop.example/?" + "q" * (len(url) - len("shop.example?"))
    assert len(stored) <= (Scan._meta.get_field("url").max_length or 0)


def test_the_result_is_at_get_scans_id_once_the_task_ran(
    api: Client,
    loopback_site: str,
    site_server: SiteServer,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        started = post_json(api, "/api/v1/optimize", {"url": loopback_site + "/"}).json()

    response = api.get(started["result_url"])

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "done", body["error"]
    assert body["error"] == ""
    assert body["url"] == loopback_site + "/"
    assert set(body["scores"]) <= set(CATEGORIES)
    assert body["scores"] and all(0 <= v <= 100 for v in body["scores"].values())
    assert body["health"] is not None
    assert body["findings"] and {f["outcome"] for f in body["findings"]} <= {
        "pass",
        "fail",
        "not-applicable",
        "needs-layout",
    }
    assert body["pages"][0]["status"] == 200
    assert body["optimization_type"] == "full"
    assert body["finished_at"] is not None
    assert "/" in site_server.requests


def test_an_unreachable_site_gives_a_failed_scan_with_the_reason(
    api: Client, loopback_site: str, django_capture_on_commit_callbacks: Any
) -> None:
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there now
    with django_capture_on_commit_callbacks(execute=True):
        started = post_json(api, "/api/v1/optimize", {"url": f"http://gone.test:{port}/"})

    assert started.status_code == 202
    body = api.get(started.json()["result_url"]).json()
    assert body["status"] == "failed"
    assert "refused the connection" in body["error"]
    assert body["health"] is None


def test_a_scan_task_run_twice_scans_once(
    pro: Account, loopback_site: str, site_server: SiteServer
) -> None:
    scan = Scan.objects.create(account=pro, url=loopback_site + "/")
    tasks.scan_run(scan.pk)
    served = list(site_server.requests)
    tasks.scan_run(scan.pk)

    assert site_server.requests == served
    assert Scan.objects.get(pk=scan.pk).status == "done"


def test_trigger_accepts_the_original_designs_json(
    pro: Account, django_capture_on_commit_callbacks: Any
) -> None:
    _, raw = make_api_key(pro)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    with django_capture_on_commit_callbacks() as callbacks:
        response = post_json(client, "/trigger/optimize", ORIGINAL)

    assert response.status_code == 202, response.content
    body = response.json()
    scan = Scan.objects.get(account=pro)
    assert body == {
        "scanId": scan.pk,
        "url": "https://yoursite.com/",
        "status": "queued",
        "resultUrl": f"http://testserver/api/v1/scans/{scan.pk}",
        "pageUrl": f"http://testserver/optimization/scans/{scan.pk}/",
        "businessType": "e-commerce",
        "primaryGoal": "sales",
        "optimizationType": "full",
        "createdAt": body["createdAt"],
    }
    assert scan.requested_via == "trigger"
    assert len(callbacks) == 1


@pytest.mark.parametrize("header", [None, "Bearer nope"])
def test_trigger_without_a_valid_key_is_401(header: str | None, db: None) -> None:
    client = Client(HTTP_AUTHORIZATION=header) if header else Client()
    response = post_json(client, "/trigger/optimize", ORIGINAL)
    assert response.status_code == 401
    assert "API key" in response.json()["error"]["message"]
    assert not Scan.objects.exists()


def test_a_plan_without_the_api_is_403(alice_account: Account) -> None:
    _, raw = make_api_key(alice_account)  # Basic
    response = post_json(Client(HTTP_AUTHORIZATION=f"Bearer {raw}"), "/api/v1/optimize", ORIGINAL)
    assert response.status_code == 403
    assert "does not include API access" in response.json()["error"]["message"]


def test_another_accounts_scan_is_404(api: Client, bob_account: Account) -> None:
    bobs = Scan.objects.create(account=bob_account, url="https://bob.example/")
    response = api.get(f"/api/v1/scans/{bobs.pk}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert api.get("/api/v1/scans/999999").status_code == 404
    assert api.get("/api/v1/scans/abc").status_code == 422


def test_scans_are_listed_newest_first_a_page_at_a_time(
    api: Client, pro: Account, bob_account: Account
) -> None:
    mine = [Scan.objects.create(account=pro, url=f"https://s{i}.example/") for i in range(25)]
    Scan.objects.create(account=bob_account, url="https://bob.example/")

    first = api.get("/api/v1/scans").json()
    second = api.get(first["next"]).json()

    assert first["count"] == 25 and first["pages"] == 2 and first["previous"] is None
    assert [r["id"] for r in first["results"]] == [s.pk for s in reversed(mine)][:20]
    assert [r["id"] for r in second["results"]] == [s.pk for s in reversed(mine)][20:]
    assert second["next"] is None and second["previous"].endswith("?page=1")
    assert api.get("/api/v1/scans?page=0").status_code == 422
    assert api.get("/api/v1/scans?page=x").status_code == 422
    assert api.get("/api/v1/scans?page=9").json()["results"] == []


OK = "https://shop.example/"
BAD_BODIES = [
    ("not json", 400, "not valid JSON"),
    ([], 400, "not an object"),
    ({}, 422, "url"),
    ({"url": None}, 422, "url"),
    ({"url": 42}, 422, "url"),
    ({"url": ""}, 422, "Enter the address of the website"),
    ({"url": "   "}, 422, "Enter the address of the website"),
    ({"url": "ftp://example.com/file"}, 422, "a ftp: address"),
    ({"url": "javascript:alert(1)"}, 422, "a javascript: address"),
    ({"url": "https://user:secret@example.com/"}, 422, "user name or password"),
    ({"url": "http://"}, 422, "has no host name"),
    ({"url": "https://example.com:99999/"}, 422, "not a valid web address"),
    ({"url": "https://example.com:25/"}, 422, "port 25"),
    ({"url": "https://ex ample.com/"}, 422, "spaces or control characters"),
    ({"url": "https://example.com/" + "a" * 2000}, 422, "at most 2000 characters"),
    ({"url": "http://192.168.0.1/"}, 422, "private or reserved network address"),
    ({"url": ["https://example.com/"]}, 422, "url"),
    ({"url": OK, "optimizationType": "everything"}, 422, "Use one of full, performance"),
    ({"url": OK, "optimizationType": 3}, 422, "optimizationType"),
    ({"url": OK, "businessType": "moon base"}, 422, "Use one of bakery"),
    ({"url": OK, "primaryGoal": "world domination"}, 422, "Use one of lead_generation"),
    ({"url": OK, "colour": "blue"}, 422, "colour"),
]


@pytest.mark.parametrize(("body", "status", "message"), BAD_BODIES)
@pytest.mark.parametrize("path", ["/api/v1/optimize", "/trigger/optimize"])
def test_bad_input_is_refused_with_a_sentence(
    api: Client, path: str, body: Any, status: int, message: str
) -> None:
    if isinstance(body, str):
        response = api.post(path, data=body, content_type="application/json")
    else:
        response = post_json(api, path, body)

    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert message in error["message"], error
    assert error["message"].endswith(".")
    assert not Scan.objects.exists()


def test_the_professional_plan_allows_100_scans_an_hour_then_429(api: Client) -> None:
    for _ in range(100):  # queued only: the test's transaction never commits
        assert post_json(api, "/api/v1/optimize", {"url": OK}).status_code == 202

    response = post_json(api, "/api/v1/optimize", {"url": OK})

    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3600
    message = response.json()["error"]["message"]
    assert "Professional plan includes 100 scans an hour" in message
    assert "Try again in" in message
    assert Scan.objects.count() == 100


@pytest.mark.parametrize(
    ("plan", "allowed"), [(Plan.BASIC, 20), (Plan.PROFESSIONAL, 100), (Plan.ENTERPRISE, 500)]
)
def test_each_plan_has_its_hourly_scans(alice_account: Account, plan: str, allowed: int) -> None:
    account = on_plan(alice_account, plan)
    assert account.entitlements.scans_per_hour == allowed
    with pytest.raises(services.ScanRefused):  # a refused address does not count
        services.scan_request(account=account, url="file:///etc/passwd", via="api")
    for _ in range(allowed):
        services.scan_request(account=account, url=OK, via="api")

    with pytest.raises(services.ScanLimitReached, match=f"includes {allowed} scans an hour"):
        services.scan_request(account=account, url=OK, via="api")
    assert Scan.objects.filter(account=account).count() == allowed


def test_one_accounts_scans_do_not_use_up_anothers(pro: Account, bob_account: Account) -> None:
    bob = on_plan(bob_account, Plan.PROFESSIONAL)
    for _ in range(100):
        services.scan_request(account=pro, url=OK, via="api")
    services.scan_request(account=bob, url=OK, via="api")  # not refused
