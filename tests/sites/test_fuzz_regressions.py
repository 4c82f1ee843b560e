"""Bad input a fuzzer found in the sites' endpoints: a 4xx with a sentence, never a 500.

`POST /trigger/build` (sites/api.py) and the lead endpoint `POST /f/<id>/` (sites/views.py).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from code24.accounts.models import Account, Plan
from sites.addresses import forms_token
from sites.models import Lead, Site
from tests.factories import make_api_key, make_site, make_version
from tests.sites.site_fixtures import on_plan

pytestmark = pytest.mark.usefixtures("site_files", "queued")

DEEP = b"[" * 60_000 + b"]" * 60_000  # under the lead endpoint's 128 KB
EXAMPLE = {
    "description": "AI-powered SaaS platform",
    "businessType": "saas",
    "primaryGoal": "lead_generation",
    "name": "YourCompany",
}


# --- POST /trigger/build --------------------------------------------------------------


@pytest.fixture
def trigger(alice_account: Account) -> Client:
    _, raw = make_api_key(on_plan(alice_account, Plan.PROFESSIONAL))
    return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.mark.parametrize(
    ("body", "says"),
    [
        pytest.param(DEEP, "nests arrays or objects too deeply", id="deep"),
        pytest.param(b'{"name": ' + b"9" * 5000 + b"}", "number too long", id="long-int"),
        pytest.param(
            json.dumps({**EXAMPLE, "name": "Your\ud800Company"}).encode(),
            "invalid character",
            id="lone-surrogate",
        ),
    ],
)
def test_trigger_answers_400_for_json_it_cannot_read(
    trigger: Client, body: bytes, says: str
) -> None:
    response = trigger.post("/trigger/build", data=body, content_type="application/json")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_json"
    assert says in error["message"]
    assert not Site.objects.exists()


def test_trigger_answers_413_in_the_api_format_past_the_upload_limit(
    trigger: Client, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    body = json.dumps({**EXAMPLE, "description": "x" * 1024 * 1024}).encode()

    response = trigger.post("/trigger/build", data=body, content_type="application/json")

    assert response.status_code == 413
    assert response.json()["error"] == {
        "code": "too_large",
        "message": "The request body is too large. Send at most 1 MB.",
    }
    assert not Site.objects.exists()


# --- POST /f/<site_id>/ ---------------------------------------------------------------


@pytest.fixture
def site(alice_account: Account) -> Site:
    site = make_site(alice_account, status="live")
    make_version(site)
    return site


def send(client: Client, site: Site, body: bytes) -> Any:
    return client.post(
        reverse("lead_receive", args=[site.pk]),
        data=body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {forms_token(site)}",
    )


def lead(**payload: Any) -> bytes:
    fields = {"name": "Ann", "email": "ann@example.com", "message": "Hi", "website": ""}
    return json.dumps({"client_ip": "203.0.113.7", **payload, "fields": fields}).encode()


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(DEEP, id="deep"),
        pytest.param(
            b'{"fields": {"name": "Ann\\ud800", "email": "ann@example.com"}}', id="surrogate-field"
        ),
        pytest.param(lead(page="https://example.com/\udfff"), id="surrogate-page"),
    ],
)
def test_a_submission_that_cannot_be_read_is_400(client: Client, site: Site, body: bytes) -> None:
    response = send(client, site, body)

    assert response.status_code == 400
    assert response.json()["error"] == "The form could not be read. Please send it again."
    assert not Lead.objects.exists()


def test_a_page_address_that_does_not_parse_keeps_the_lead(client: Client, site: Site) -> None:
    """urlsplit raises ValueError for an unclosed IPv6 address; the lead is what matters."""
    response = send(client, site, lead(page="https://[::1/contact"))

    assert response.status_code == 201
    assert Lead.objects.get().page == ""


def test_a_body_past_the_upload_limit_is_413_with_the_sentence(
    client: Client, site: Site, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 200 * 1024

    response = send(client, site, lead(pad="x" * 300 * 1024))

    assert response.status_code == 413
    assert response.json()["error"] == "The message is too long. Please shorten it."
    assert not Lead.objects.exists()
