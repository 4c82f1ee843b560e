"""The sites API (/api/v1/builds, /api/v1/sites) and the original design's /trigger/build."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from code24.accounts.models import Account, Plan, User
from sites.models import Build, Site
from tests.factories import (
    BRIEF,
    ORIGINAL_EXAMPLE,
    make_api_key,
    make_build,
    make_site,
    make_version,
)
from tests.sites.site_fixtures import Recorder, client_for, on_plan

pytestmark = pytest.mark.usefixtures("site_files", "queued")

PAYLOAD = {
    "name": "Harbour Dental",
    "description": BRIEF["description"],
    "businessType": "dental-clinic",
    "primaryGoal": "bookings",
    "audience": "Families",
    "services": ["Check-ups", "Whitening"],
    "phone": "+44 23 9200 0000",
    "email": "hello@harbour.example",
    "competitorUrls": ["https://rival.example"],
}

# Persian "mi-khaham" (I want): a zero-width non-joiner between two letters.
PERSIAN = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"


@pytest.fixture
def pro(alice_account: Account) -> Account:
    return on_plan(alice_account, Plan.PROFESSIONAL)


@pytest.fixture
def api(pro: Account) -> Client:
    """A client sending an API key of Alice's (Professional) account."""
    _, raw = make_api_key(pro)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def post_json(client: Client, url: str, body: Any) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


# --- POST /api/v1/builds --------------------------------------------------------------


def test_a_build_starts_from_a_brief(api: Client, pro: Account, queued: Recorder) -> None:
    response = post_json(api, "/api/v1/builds", PAYLOAD)

    assert response.status_code == 202
    body = response.json()
    site = Site.objects.get(account=pro)
    build = site.builds.get()
    assert body["id"] == build.pk
    assert body["site_id"] == site.pk
    assert body["status"] == "queued"
    assert [step["name"] for step in body["steps"]][:2] == [
        "market_research",
        "competitive_analysis",
    ]
    assert len(body["steps"]) == 9
    assert body["status_url"] == f"http://testserver/api/v1/builds/{build.pk}"
    assert body["page_url"] == f"http://testserver{reverse('build_detail', args=[build.pk])}"
    assert body["site_url"] == f"http://{site.hostname}:8788"
    assert queued.named("build_run") == [(build.pk,)]
    assert build.requested_via == "api"
    assert site.brief["business_type"] == "dental-clinic"
    assert site.brief["services"] == ["Check-ups", "Whitening"]
    assert site.brief["competitor_urls"] == ["https://rival.example/"]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("E-Commerce", "e-commerce"),
        ("ecommerce", "e-commerce"),
        ("law firm", "law-firm"),
        ("Law_Firm", "law-firm"),
        ("dentist", "dental-clinic"),
        ("Real Estate", "real-estate"),
        ("OTHER", "other"),
    ],
)
def test_business_types_are_read_the_way_clients_write_them(
    api: Client, pro: Account, given: str, expected: str
) -> None:
    response = post_json(api, "/api/v1/builds", {**PAYLOAD, "businessType": given})

    assert response.status_code == 202, response.json()
    assert Site.objects.get(account=pro).brief["business_type"] == expected


@pytest.mark.parametrize(
    ("business_type", "goal", "expected"),
    [
        ("e-commerce", "conversion_rate", "sales"),
        ("saas", "conversion_rate", "sales"),
        ("law firm", "conversion_rate", "lead_generation"),
        ("plumber", "Lead Generation", "lead_generation"),
        ("restaurant", "reservations", "bookings"),
    ],
)
def test_goals_are_read_sensibly(
    api: Client, pro: Account, business_type: str, goal: str, expected: str
) -> None:
    body = {**PAYLOAD, "businessType": business_type, "primaryGoal": goal}

    assert post_json(api, "/api/v1/builds", body).status_code == 202
    assert Site.objects.get(account=pro).brief["primary_goal"] == expected


def test_snake_case_names_work_too(api: Client) -> None:
    body = {**ORIGINAL_EXAMPLE, "businessType": None}
    body.pop("businessType")
    body.update({"business_type": "saas", "competitor_urls": None, "audience": None})

    assert post_json(api, "/api/v1/builds", body).status_code == 202


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"businessType": "spaceship"}, "businessType", "Use one of bakery, cafe"),
        ({"primaryGoal": "fame"}, "primaryGoal", "Use one of lead_generation"),
        ({"description": None}, "description", "valid string"),
        ({"description": "Too short"}, "description", "at least 20 characters"),
        ({"name": ""}, "name", "at least 1 character"),
        ({"name": "x" * 101}, "name", "at most 100 characters"),
        ({"name": "Harbour\nDental"}, "name", "single line without tabs, line breaks"),
        ({"name": "\u202e\u200bevil"}, "name", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ({"name": "Harbour\u200bDental"}, "name", "U+200B (ZERO WIDTH SPACE)"),
        ({"tone": "warm\u2066"}, "tone", "U+2066 (LEFT-TO-RIGHT ISOLATE)"),
        ({"services": ["Check\ufeffups"]}, "services", "U+FEFF"),
        ({"location": "Ports\u200emouth"}, "location", "U+200E (LEFT-TO-RIGHT MARK)"),
        ({"audience": "Families\x1b"}, "audience", "control characters"),
        ({"competitorUrls": ["ftp://rival.example"]}, "competitorUrls", "not a website address"),
        ({"competitorUrls": [f"https://r{n}.example" for n in range(6)]}, "competitorUrls", "5"),
        ({"services": [f"Service {n}" for n in range(13)]}, "services", "12"),
        ({"services": ["x" * 101]}, "services", "under 100 characters"),
        ({"email": "nope"}, "email", "Enter a valid email address"),
        ({"phone": "call me"}, "phone", "Enter a phone number"),
        ({"website": "https://x.example"}, "website", "Extra inputs are not permitted"),
    ],
)
def test_bad_input_is_422_in_the_api_error_format(
    api: Client, change: dict[str, Any], field: str, message: str
) -> None:
    response = post_json(api, "/api/v1/builds", {**PAYLOAD, **change})

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert field in error["fields"], error
    assert message in error["fields"][field], error
    assert not Site.objects.exists()


@pytest.mark.parametrize("name", ["Chef 👩\u200d🍳", "Pride 🏳️\u200d🌈", PERSIAN])
def test_names_keep_the_joiners_emoji_and_scripts_need(
    api: Client, pro: Account, name: str
) -> None:
    for url in ("/api/v1/builds", "/trigger/build"):
        response = post_json(api, url, {**PAYLOAD, "name": name})
        assert response.status_code == 202, response.json()
    assert list(Site.objects.filter(account=pro).values_list("name", flat=True)) == [name, name]


def test_a_body_that_is_not_json_is_refused(api: Client) -> None:
    response = api.post("/api/v1/builds", data="{nope", content_type="application/json")

    assert 400 <= response.status_code < 500
    assert "error" in response.json()
    assert not Site.objects.exists()


def test_plan_limit_is_403_plan_limit(api: Client, pro: Account, queued: Recorder) -> None:
    for n in range(pro.plan.max_sites):
        make_site(pro, name=f"Site {n}")

    response = post_json(api, "/api/v1/builds", PAYLOAD)

    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "plan_limit"
    assert "Professional plan includes 5 sites" in error["message"]
    assert queued.calls == []


def test_a_basic_plan_key_is_refused(alice_account: Account) -> None:
    _, raw = make_api_key(alice_account)

    response = post_json(Client(HTTP_AUTHORIZATION=f"Bearer {raw}"), "/api/v1/builds", PAYLOAD)

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "plan_limit"


def test_a_dashboard_member_may_start_a_build(carol: User) -> None:
    response = post_json(client_for(carol), "/api/v1/builds", PAYLOAD)

    assert response.status_code == 202


# --- GET /api/v1/builds/{id} ----------------------------------------------------------


def test_a_build_shows_each_steps_status(api: Client, pro: Account) -> None:
    build = make_build(
        make_site(pro),
        steps={
            "market_research": ("succeeded", {"provider": "builtin", "value": {}}),
            "competitive_analysis": ("running", None),
        },
    )

    response = api.get(f"/api/v1/builds/{build.pk}")

    assert response.status_code == 200
    steps = response.json()["steps"]
    assert [s["status"] for s in steps[:3]] == ["succeeded", "running", "pending"]
    assert response.json()["site_id"] == build.site_id
    assert response.json()["site_url"] == f"http://{build.site.hostname}:8788"
    assert steps[0]["provider"] == "builtin"
    assert steps[0]["title"] == "Market research"
    assert steps[0]["duration_seconds"] == pytest.approx(3, abs=0.5)
    assert steps[1]["provider"] is None and steps[1]["parts"] == []


def test_a_build_says_which_model_wrote_each_step_and_why_not(api: Client, pro: Account) -> None:
    content = {
        "provider": "openai",
        "model": "qwen2.5-0.5b",
        "attempts": 3,
        "fallback_reason": "the built-in writer wrote 1 of 2 parts (about)",
        "parts": [
            {"part": "index", "provider": "openai", "model": "qwen2.5-0.5b", "attempts": 1},
            {
                "part": "about",
                "provider": "builtin",
                "model": "code24-playbooks-1",
                "attempts": 2,
                "fallback_reason": "the answer was cut off at 512 tokens",
            },
        ],
        "value": {},
    }
    fell_back = {
        "provider": "builtin",
        "model": "code24-playbooks-1",
        "attempts": 2,
        "fallback_reason": "openai (qwen2.5-0.5b) failed 2 times; the last time: not JSON",
        "value": {},
    }
    build = make_build(
        make_site(pro),
        steps={"market_research": ("succeeded", fell_back), "content": ("succeeded", content)},
    )

    steps = {s["name"]: s for s in api.get(f"/api/v1/builds/{build.pk}").json()["steps"]}

    research = steps["market_research"]
    assert (research["provider"], research["model"], research["model_attempts"]) == (
        "builtin",
        "code24-playbooks-1",
        2,
    )
    assert research["fallback_reason"].startswith("openai (qwen2.5-0.5b) failed 2 times")
    assert steps["content"]["parts"] == [
        {
            "part": "index",
            "provider": "openai",
            "model": "qwen2.5-0.5b",
            "attempts": 1,
            "fallback_reason": "",
        },
        {
            "part": "about",
            "provider": "builtin",
            "model": "code24-playbooks-1",
            "attempts": 2,
            "fallback_reason": "the answer was cut off at 512 tokens",
        },
    ]
    assert steps["develop"]["model"] is None and steps["develop"]["fallback_reason"] == ""


# --- Sites ----------------------------------------------------------------------------


def test_sites_lists_the_accounts_sites(api: Client, pro: Account, bob_account: Account) -> None:
    live = make_site(pro, name="Live One", status="live")
    make_version(live)
    make_site(pro, name="Draft One")
    make_site(bob_account, name="Bob Pipes")

    body = api.get("/api/v1/sites").json()

    assert [s["name"] for s in body] == ["Draft One", "Live One"]
    assert body[0]["url"] is None and body[0]["current_version"] is None
    assert body[1]["url"] == f"http://{live.hostname}:8788"
    assert body[1]["current_version"] == 1


def test_a_site_shows_its_address_versions_and_latest_build(api: Client, pro: Account) -> None:
    site = make_site(pro, status="live")
    make_version(site, made_by="First build")
    make_version(site, made_by="Optimization cycle 1")
    build = make_build(site, status="succeeded")

    body = api.get(f"/api/v1/sites/{site.pk}").json()

    assert body["url"] == f"http://{site.hostname}:8788"
    assert body["current_version"] == 2
    assert [(v["number"], v["is_current"]) for v in body["versions"]] == [(2, True), (1, False)]
    assert body["versions"][1]["made_by"] == "First build"
    assert body["versions"][0]["total_bytes"] > 0
    assert body["latest_build"]["id"] == build.pk
    assert body["brief"]["name"] == "Harbour Dental"


def test_restore_queues_the_version(api: Client, pro: Account, queued: Recorder) -> None:
    site = make_site(pro, status="live")
    first = make_version(site)
    make_version(site)

    response = post_json(api, f"/api/v1/sites/{site.pk}/restore", {"version_id": first.pk})

    assert response.status_code == 202
    assert response.json()["version"] == 1
    assert queued.named("version_publish") == [(first.pk,)]


def test_restoring_the_current_version_is_409(api: Client, pro: Account) -> None:
    site = make_site(pro, status="live")
    current = make_version(site)

    response = post_json(api, f"/api/v1/sites/{site.pk}/restore", {"version_id": current.pk})

    assert response.status_code == 409
    assert response.json()["error"] == {
        "code": "conflict",
        "message": "Version 1 is already live.",
    }


def test_restore_without_a_version_id_is_422(api: Client, pro: Account) -> None:
    site = make_site(pro, status="live")

    response = post_json(api, f"/api/v1/sites/{site.pk}/restore", {"version": 1})

    assert response.status_code == 422


def test_a_session_member_cannot_restore(carol: User, alice_account: Account) -> None:
    site = make_site(alice_account, status="live")
    first = make_version(site)
    make_version(site)

    response = post_json(
        client_for(carol), f"/api/v1/sites/{site.pk}/restore", {"version_id": first.pk}
    )

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_a_session_admin_can_restore(dave: User, alice_account: Account, queued: Recorder) -> None:
    site = make_site(alice_account, status="live")
    first = make_version(site)
    make_version(site)

    response = post_json(
        client_for(dave), f"/api/v1/sites/{site.pk}/restore", {"version_id": first.pk}
    )

    assert response.status_code == 202
    assert queued.named("version_publish") == [(first.pk,)]


# --- Tenancy --------------------------------------------------------------------------


def test_another_accounts_objects_are_404(
    api: Client, pro: Account, bob_account: Account, queued: Recorder
) -> None:
    bob_site = make_site(bob_account, name="Bob Pipes", status="live")
    bob_version = make_version(bob_site)
    make_version(bob_site)
    bob_build = make_build(bob_site)
    mine = make_site(pro, status="live")
    make_version(mine)
    make_version(mine)

    for url in [f"/api/v1/builds/{bob_build.pk}", f"/api/v1/sites/{bob_site.pk}"]:
        response = api.get(url)
        assert response.status_code == 404, url
        assert response.json()["error"]["code"] == "not_found"
    foreign_site = post_json(
        api, f"/api/v1/sites/{bob_site.pk}/restore", {"version_id": bob_version.pk}
    )
    foreign_version = post_json(
        api, f"/api/v1/sites/{mine.pk}/restore", {"version_id": bob_version.pk}
    )

    assert foreign_site.status_code == 404
    assert foreign_version.status_code == 404
    assert queued.calls == []
    assert "Bob Pipes" not in api.get("/api/v1/sites").content.decode()


def test_the_api_documents_the_sites_endpoints(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    assert {
        "/api/v1/builds",
        "/api/v1/builds/{build_id}",
        "/api/v1/sites",
        "/api/v1/sites/{site_id}",
        "/api/v1/sites/{site_id}/restore",
    } <= set(paths)


# --- POST /trigger/build --------------------------------------------------------------


def test_trigger_accepts_the_original_designs_example(pro: Account, queued: Recorder) -> None:
    _, raw = make_api_key(pro)
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {raw}")

    response = post_json(client, "/trigger/build", ORIGINAL_EXAMPLE)

    assert response.status_code == 202
    body = response.json()
    build = Build.objects.get(site__account=pro)
    assert body == {
        "buildId": build.pk,
        "status": "queued",
        "statusUrl": f"http://testserver/api/v1/builds/{build.pk}",
        "siteId": build.site_id,
        "siteUrl": f"http://{build.site.hostname}:8788",
    }
    assert build.site.name == "YourCompany"
    assert build.site.brief["business_type"] == "saas"
    assert queued.named("build_run") == [(build.pk,)]
    status = client.get(body["statusUrl"].removeprefix("http://testserver"))
    assert status.status_code == 200
    assert status.json()["id"] == build.pk


@pytest.mark.parametrize("header", [None, "Bearer nope", "Token c24_x"])
def test_trigger_without_a_valid_key_is_401(header: str | None, db: None) -> None:
    client = Client(HTTP_AUTHORIZATION=header) if header else Client()

    response = post_json(client, "/trigger/build", ORIGINAL_EXAMPLE)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_trigger_refuses_bad_input_like_the_api(api: Client) -> None:
    invalid = post_json(api, "/trigger/build", {**ORIGINAL_EXAMPLE, "businessType": "moon"})
    not_json = api.post("/trigger/build", data="nope", content_type="application/json")
    not_object = post_json(api, "/trigger/build", ["saas"])
    wrong_method = api.get("/trigger/build")

    assert invalid.status_code == 422
    assert "businessType" in invalid.json()["error"]["fields"]
    assert not_json.status_code == 400
    assert not_object.status_code == 400
    assert wrong_method.status_code == 405
    assert wrong_method["Allow"] == "POST"
    assert wrong_method.json()["error"]["code"] == "method_not_allowed"
    assert not Site.objects.exists()


def test_trigger_on_a_full_plan_is_403(api: Client, pro: Account) -> None:
    for n in range(pro.plan.max_sites):
        make_site(pro, name=f"Site {n}")

    response = post_json(api, "/trigger/build", ORIGINAL_EXAMPLE)

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "plan_limit"
