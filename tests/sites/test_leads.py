"""The lead endpoint: the sites' Workers forward their visitors' form submissions here."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from code24.accounts.models import Account
from sites.addresses import forms_endpoint, forms_token
from sites.models import Lead, Site
from tests.factories import make_site, make_version

pytestmark = pytest.mark.usefixtures("site_files", "queued")


@pytest.fixture
def site(alice_account: Account) -> Site:
    site = make_site(alice_account, status="live")
    make_version(site)
    return site


def submission(**fields: Any) -> dict[str, Any]:
    """The JSON the site Worker sends (code24/cloudflare/workers/site_worker.js)."""
    return {
        "site_id": 1,
        "form": "contact",
        "path": "/_forms/contact",
        "host": "harbour.code24.localhost",
        "page": "http://harbour.code24.localhost:8788/contact?from=nav",
        "fields": {
            "name": "Ann Visitor",
            "email": "ann@example.com",
            "phone": "",
            "message": "Do you have evening slots?\nThanks!",
            "website": "",
            **fields,
        },
        "client_ip": "203.0.113.7",
        "user_agent": "Mozilla/5.0",
        "submitted_at": "2026-11-28T12:00:00Z",
    }


def post(
    client: Client, site: Site, body: Any, *, token: str | None = None, raw: bool = False
) -> Any:
    return client.post(
        reverse("lead_receive", args=[site.pk]),
        data=body if raw else json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {forms_token(site) if token is None else token}",
    )


def test_the_workers_endpoint_is_this_view(site: Site) -> None:
    assert forms_endpoint(site).endswith(f"/f/{site.pk}/")


def test_a_valid_submission_is_stored(client: Client, site: Site) -> None:
    response = post(client, site, submission())

    assert response.status_code == 201
    assert response.json() == {"ok": True}
    lead = Lead.objects.get(site=site)
    assert (lead.name, lead.email, lead.phone) == ("Ann Visitor", "ann@example.com", "")
    assert lead.message == "Do you have evening slots?\nThanks!"
    assert lead.page == "/contact"
    assert lead.form == "contact"


def test_a_phone_number_alone_is_enough(client: Client, site: Site) -> None:
    response = post(client, site, submission(email="", phone="0161 555 0199 ext 2"))

    assert response.status_code == 201
    assert Lead.objects.get(site=site).phone == "0161 555 0199 ext 2"


@pytest.mark.parametrize("token", ["", "wrong", "Bearer"])
def test_a_wrong_token_is_401(client: Client, site: Site, token: str) -> None:
    response = post(client, site, submission(), token=token)

    assert response.status_code == 401
    assert response.json()["error"]
    assert not Lead.objects.exists()


def test_another_sites_token_is_401(client: Client, site: Site, alice_account: Account) -> None:
    other = make_site(alice_account, name="Other")

    response = post(client, site, submission(), token=forms_token(other))

    assert response.status_code == 401


def test_no_authorization_header_is_401(client: Client, site: Site) -> None:
    response = client.post(
        reverse("lead_receive", args=[site.pk]),
        data=json.dumps(submission()),
        content_type="application/json",
    )

    assert response.status_code == 401


@pytest.mark.parametrize("field", ["website", "_gotcha"])
def test_a_filled_honeypot_is_accepted_and_dropped(client: Client, site: Site, field: str) -> None:
    response = post(client, site, submission(**{field: "http://spam.example"}))

    assert response.status_code == 200
    assert response.json() == {"ok": True}
    assert not Lead.objects.exists()


def test_more_than_five_in_ten_minutes_from_one_address_is_429(client: Client, site: Site) -> None:
    for n in range(5):
        assert post(client, site, submission(name=f"Visitor {n}")).status_code == 201

    sixth = post(client, site, submission(name="Visitor 6"))
    other_visitor = post(client, site, {**submission(), "client_ip": "198.51.100.9"})

    assert sixth.status_code == 429
    assert "wait a few minutes" in sixth.json()["error"]
    assert other_visitor.status_code == 201
    assert Lead.objects.filter(site=site).count() == 6


@pytest.mark.parametrize(
    ("fields", "sentence"),
    [
        ({"email": "not-an-email"}, "Enter a valid email address"),
        ({"email": "", "phone": ""}, "Leave an email address or a phone number"),
        ({"name": "x" * 201}, "at most 200 characters"),
        ({"name": "Ann\x07"}, "control characters"),
        ({"name": "Ann\nVisitor"}, "line breaks"),
        ({"phone": "1" * 41}, "at most 40 characters"),
        ({"message": "x" * 5001}, "at most 5000 characters"),
        ({"message": "Hello\x1b[2J"}, "control characters"),
    ],
)
def test_bad_fields_are_400_with_a_sentence(
    client: Client, site: Site, fields: dict[str, str], sentence: str
) -> None:
    response = post(client, site, submission(**fields))

    assert response.status_code == 400
    assert sentence in response.json()["error"]
    assert not Lead.objects.exists()


@pytest.mark.parametrize(
    "body",
    ["not json", "[1, 2]", '{"fields": "name=Ann"}', '{"fields": {"name": ["Ann"]}}'],
)
def test_a_body_that_is_not_a_submission_is_400(client: Client, site: Site, body: str) -> None:
    response = post(client, site, body, raw=True)

    assert response.status_code == 400
    assert response.json()["error"] == "The form could not be read. Please send it again."


def test_an_unknown_or_deleted_site_is_404(client: Client, site: Site) -> None:
    token = forms_token(site)
    url = reverse("lead_receive", args=[site.pk])
    site.delete()

    response = client.post(
        url,
        data=json.dumps(submission()),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )

    assert response.status_code == 404
    assert response.json()["error"]


def test_a_site_never_published_is_404(client: Client, alice_account: Account) -> None:
    draft = make_site(alice_account)

    assert post(client, draft, submission()).status_code == 404


def test_a_site_with_improvements_paused_keeps_receiving_leads(client: Client, site: Site) -> None:
    Site.objects.filter(pk=site.pk).update(improvements_paused=True)

    assert post(client, site, submission()).status_code == 201


def test_only_post_is_allowed(client: Client, site: Site) -> None:
    response = client.get(reverse("lead_receive", args=[site.pk]))

    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_no_csrf_token_is_needed(site: Site) -> None:
    strict = Client(enforce_csrf_checks=True)

    assert post(strict, site, submission()).status_code == 201
