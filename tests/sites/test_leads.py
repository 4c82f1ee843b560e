"""The lead endpoint: the sites' Workers forward their visitors' form submissions here."""

from __future__ import annotations

import json
import re
import time
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from code24.accounts.models import Account
from sites import leads
from sites.addresses import forms_endpoint, forms_token
from sites.forms import LEAD_EMAIL_PATTERN, LeadForm, lead_field_rules
from sites.generator import render_site
from sites.models import Lead, Site
from tests.factories import make_site, make_version
from tests.sites import fixtures

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


def test_a_phone_number_is_kept_beside_the_email(client: Client, site: Site) -> None:
    response = post(client, site, submission(phone="0161 555 0199 ext 2"))

    assert response.status_code == 201
    assert Lead.objects.get(site=site).phone == "0161 555 0199 ext 2"


def test_without_an_email_the_field_says_so(client: Client, site: Site) -> None:
    """The form the visitor sees requires an email (the browser checks it too): a phone
    number alone is not enough."""
    response = post(client, site, submission(email="", phone="0161 555 0199"))

    assert response.status_code == 400
    assert response.json()["fields"] == {"email": "Enter your email address, so that we can reply."}
    assert not Lead.objects.exists()


def test_line_breaks_count_once_as_the_browser_counts_them(client: Client, site: Site) -> None:
    """Browsers send a textarea's line breaks as CRLF but count each as one character."""
    message = "\r\n".join(["x" * 99] * 50)  # 4,950 + 49 line breaks: 4,999 in the browser

    response = post(client, site, submission(message=message))

    assert response.status_code == 201
    assert Lead.objects.get(site=site).message == message.replace("\r\n", "\n")


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
    assert "Please try again in 10 minutes." in sixth.json()["error"]
    assert other_visitor.status_code == 201
    assert Lead.objects.filter(site=site).count() == 6


def test_429_says_when_the_visitors_window_ends(
    client: Client, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = time.time()
    monkeypatch.setattr(leads.time, "time", lambda: start)
    for _ in range(5):
        assert post(client, site, submission()).status_code == 201
    monkeypatch.setattr(leads.time, "time", lambda: start + 241)

    sixth = post(client, site, submission())

    assert sixth.status_code == 429
    assert sixth["Retry-After"] == "359"
    assert sixth.json()["error"] == (
        "You have sent 5 messages in a short time. Please try again in 6 minutes."
    )


@pytest.mark.parametrize(
    ("fields", "sentence"),
    [
        ({"email": "not-an-email"}, "Enter a complete email address, like name@example.com."),
        ({"email": "ana@gmail"}, "Enter a complete email address, like name@example.com."),
        ({"email": ""}, "Enter your email address, so that we can reply."),
        ({"name": "  "}, "Enter your name."),
        ({"message": "\n \n"}, "Write your message."),
        ({"name": "x" * 201}, "at most 200 characters"),
        ({"name": "Ann\x07"}, "control characters"),
        ({"name": "Ann\nVisitor"}, "line breaks"),
        ({"phone": "1" * 41}, "at most 40 characters"),
        ({"message": "x" * 5001}, "at most 5000 characters"),
        ({"message": "Hello\x1b[2J"}, "control characters"),
    ],
)
def test_bad_fields_are_400_with_a_sentence_for_that_field(
    client: Client, site: Site, fields: dict[str, str], sentence: str
) -> None:
    response = post(client, site, submission(**fields))

    assert response.status_code == 400
    assert sentence in response.json()["error"]
    [(field, beside)] = response.json()["fields"].items()
    assert field == next(iter(fields))
    assert sentence in beside
    assert not Lead.objects.exists()


@pytest.mark.parametrize(
    ("email", "accepted"),
    [
        ("ana@gmail.com", True),
        ("a.b+c@mail.example.co.uk", True),
        ("o'brien@example.ie", True),
        ("ana@gmail", False),
        ("ana@gmail.", False),
        ("ana@-gmail.com", False),
        ("ana@gmail..com", False),
        ("ana gomez@gmail.com", False),
        ('"ana"@gmail.com', False),
        ("ana@[192.0.2.1]", False),
        ("ana@bücher.de", False),
    ],
)
def test_the_email_rule_is_the_pattern_the_browser_checks(email: str, accepted: bool) -> None:
    """LeadForm's email rule is LEAD_EMAIL_PATTERN, the pattern the generated form carries
    (the browser side of the same list runs in tests/browser/test_contact_form.py)."""
    form = LeadForm({"name": "Ana", "email": email, "message": "Hello"})
    matches = re.fullmatch(LEAD_EMAIL_PATTERN, email) is not None

    assert form.is_valid() is accepted
    assert matches is accepted


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


class _Forms(HTMLParser):
    """The generated forms' fields: {form id: {field name: attributes}}."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: dict[str, dict[str, dict[str, str | None]]] = {}
        self._form: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self._form = a.get("id") or ""
            self.forms[self._form] = {}
        elif tag in ("input", "textarea", "select") and self._form is not None:
            self.forms[self._form][a.get("name") or ""] = {"tag": tag, **a}

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None


@pytest.mark.parametrize("sample", [fixtures.dental, fixtures.restaurant, fixtures.saas])
def test_the_generated_form_checks_exactly_what_leadform_checks(sample: Any) -> None:
    files = render_site(**sample().render_args())
    forms = [
        form
        for name, body in files.items()
        if name.endswith(".html")
        for form in _Forms(body.decode()).forms.values()
    ]
    rules = lead_field_rules()

    assert forms
    for fields in forms:
        data = {name: a for name, a in fields.items() if name in LeadForm.base_fields}
        assert set(data) == set(rules)
        for name, attrs in data.items():
            assert ("required" in attrs) is rules[name]["required"], name
            assert attrs["maxlength"] == str(rules[name]["maxlength"]), name
            assert (attrs.get("pattern") or "") == rules[name]["pattern"], name
        assert data["email"]["type"] == "email"
        assert data["email"]["pattern"] == LEAD_EMAIL_PATTERN
        others = {name for name, a in fields.items() if name not in data and "required" in a}
        assert others == set()
