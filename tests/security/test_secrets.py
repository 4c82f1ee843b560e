"""Secrets: API keys are stored hashed and shown once, no secret reaches a log, the bearer
secrets are compared in constant time, and error pages and the health check tell an
outsider nothing about the inside."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import secrets
from typing import Any

import httpx
import pytest
from django.core import mail
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

from code24 import views as core_views
from code24.accounts.models import Account, ApiKey, Invitation, User
from code24.cloudflare.client import Client as CloudflareClient
from code24.cloudflare.client import Module, RetryPolicy
from sites import api as site_api
from sites import leads as site_leads
from sites import views as site_views
from sites.addresses import forms_token
from tests.factories import BRIEF, add_member, make_api_key, make_site, make_user
from tests.security.conftest import Objects, client_for

RAW_KEY = re.compile(r"c24_[0-9a-f]{8}_[A-Za-z0-9_-]{20,}")


# --- API keys ---------------------------------------------------------------------------


def test_an_api_key_is_shown_once_stored_hashed_and_never_logged(
    alice: User, pro_alice: Account, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client = client_for(alice)

    created = client.post(reverse("accounts:api_keys"), {"name": "Zapier"})
    [raw] = set(RAW_KEY.findall(created.content.decode()))
    Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/sites")
    Client(HTTP_AUTHORIZATION=f"Bearer {raw}x").get("/api/v1/sites")  # a near miss
    later = client.get(reverse("accounts:api_keys"))

    assert created.status_code == 201
    key = ApiKey.objects.get(account=pro_alice)
    assert key.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    stored = json.dumps(list(ApiKey.objects.values()), default=str)
    assert (
        raw not in stored and raw.split("_", 2)[2] not in stored
    )  # the secret after c24_<prefix>_
    assert raw not in later.content.decode()
    assert key.prefix in later.content.decode()  # the key is recognisable by its prefix
    assert raw not in json.dumps(dict(client.session), default=str)
    assert raw not in caplog.text
    assert raw not in str(created.cookies) + str(later.cookies)


def test_an_api_key_is_compared_in_constant_time(
    pro_alice: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    key, raw = make_api_key(pro_alice)
    compared: list[tuple[Any, Any]] = []
    real = secrets.compare_digest

    def spy(a: Any, b: Any) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr("code24.accounts.models.secrets.compare_digest", spy)
    wrong = raw[:-4] + ("AAAA" if not raw.endswith("AAAA") else "BBBB")

    assert Client(HTTP_AUTHORIZATION=f"Bearer {wrong}").get("/api/v1/sites").status_code == 401
    assert Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/sites").status_code == 200
    assert len(compared) == 2
    assert all(stored == key.key_hash for stored, _ in compared)


# --- The lead endpoint's bearer token ---------------------------------------------------


def test_the_forms_token_is_per_site_and_compared_in_constant_time(
    alices: Objects, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = make_site(alices.site.account, name="Other")
    assert forms_token(alices.site) != forms_token(other)
    assert re.fullmatch(r"[0-9a-f]{64}", forms_token(alices.site))
    compared: list[int] = []
    real = hmac.compare_digest

    def spy(a: Any, b: Any) -> bool:
        compared.append(1)
        return real(a, b)

    monkeypatch.setattr(site_leads.hmac, "compare_digest", spy)
    url = reverse("lead_receive", args=[alices.site.pk])

    response = Client().post(
        url,
        json.dumps({"fields": {"email": "a@example.com"}}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {forms_token(other)}",
    )

    assert response.status_code == 401
    assert compared == [1]


def test_without_the_token_the_lead_endpoint_does_not_tell_which_sites_exist(
    alices: Objects,
) -> None:
    """401 for an existing site and for an id no site has: the same answer, same words."""
    body = json.dumps({"fields": {"email": "a@example.com"}})
    answers = [
        Client().post(
            reverse("lead_receive", args=[site_id]), body, content_type="application/json"
        )
        for site_id in (alices.site.pk, 10**9, 10**30)
    ]

    assert [a.status_code for a in answers] == [401, 401, 401]
    assert len({a.content for a in answers}) == 1


# --- Cloudflare ------------------------------------------------------------------------


def test_neither_the_cloudflare_token_nor_secret_bindings_reach_the_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Even with the log at DEBUG (LOG_LEVEL=DEBUG): the SDK's debug log prints request
    bodies, so the settings keep the `cloudflare` logger at INFO."""
    caplog.set_level(logging.DEBUG)
    answers = iter(
        [
            httpx.Response(
                200,
                json={"success": True, "errors": [], "messages": [], "result": {"id": "s"}},
            ),
            httpx.Response(
                403,
                json={
                    "success": False,
                    "errors": [{"code": 10000, "message": "Authentication error"}],
                    "messages": [],
                    "result": None,
                },
            ),
        ]
    )
    client = CloudflareClient(
        api_token="cf-TOKEN-never-logged",
        base_url="http://cloudflare.test/client/v4",
        account_id="a" * 32,
        zone_id="z" * 32,
        dispatch_namespace="ns",
        retry=RetryPolicy(attempts=1),
        http_client=httpx.Client(transport=httpx.MockTransport(lambda _: next(answers))),
    )

    client.script_upload(
        "site-1",
        modules=[
            Module(
                name="w.js",
                content="export default {}",
                content_type="application/javascript+module",
            )
        ],
        bindings=[{"type": "secret_text", "name": "FORMS_TOKEN", "text": "FORMS-secret-value"}],
    )
    with pytest.raises(Exception) as failed:
        client.script_delete("site-1")

    assert "scripts.upload" in caplog.text  # the client's own log line is there
    assert "cf-TOKEN-never-logged" not in caplog.text
    assert "FORMS-secret-value" not in caplog.text
    assert "cf-TOKEN-never-logged" not in str(failed.value)


# --- What an outsider sees when something fails ----------------------------------------


def test_the_health_check_names_a_failure_without_its_details(
    client: Client, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, db: None
) -> None:
    detail = 'connection to server at "10.0.3.7" failed: password for user "code24_prod"'

    class Broken:
        def __enter__(self) -> Any:
            raise DatabaseError(detail)

        def __exit__(self, *args: Any) -> None:
            return None

    with monkeypatch.context() as patched:
        patched.setattr(core_views.connection, "cursor", lambda: Broken())
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["database"].startswith("DatabaseError")
    assert "10.0.3.7" not in response.content.decode()
    assert "code24_prod" not in response.content.decode()
    assert "10.0.3.7" in caplog.text  # the operator still finds it


def test_with_debug_off_error_pages_reveal_nothing(
    alice: User, alices: Objects, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.DEBUG = False
    client = client_for(alice)
    client.raise_request_exception = False

    def crash(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internals at /srv/code24/settings.py SECRET_KEY")

    missing = client.get(reverse("site_preview", args=[alices.site.pk, "nope.html"]))
    monkeypatch.setattr(site_views, "_site_page", crash)
    page = client.get(reverse("site_detail", args=[alices.site.pk]))
    monkeypatch.setattr(site_api, "_sites", crash)
    api = client.get(f"/api/v1/sites/{alices.site.pk}")
    unknown_api = client.get("/api/v1/sites/999999999")

    assert missing.status_code == 404
    assert page.status_code == 500
    assert api.status_code == 500
    for response in (missing, page, api, unknown_api):
        body = response.content.decode()
        assert "Traceback" not in body
        assert "secret internals" not in body and "/srv/code24" not in body
        assert "SECRET_KEY" not in body and "DATABASES" not in body
    assert "No such page in this site" not in missing.content.decode()


def test_a_basic_key_is_not_marked_used_and_learns_only_the_plan(
    alice_account: Account,
) -> None:
    key, raw = make_api_key(alice_account)

    response = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").post(
        "/api/v1/builds", json.dumps(BRIEF), content_type="application/json"
    )

    assert response.status_code == 403
    assert set(response.json()["error"]) == {"code", "message"}
    assert "Basic" in response.json()["error"]["message"]
    key.refresh_from_db()
    assert key.last_used_at is None


# --- Invitation links -------------------------------------------------------------------


def test_the_invitation_link_reaches_only_the_invited_address(
    alice: User,
    alice_account: Account,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The link vouches for the address (a sign-up from it needs no confirmation), so the
    owner who invites must never see it: else they could claim any address."""
    add_member(alice_account, make_user("carol@example.com"), "member")
    client = client_for(alice)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:members"), {"email": "victim@example.com", "role": "member"}
        )
    token = Invitation.objects.get(email="victim@example.com").token

    assert response.status_code == 302
    pages = [
        client.get(reverse("accounts:members"), follow=True),
        client.get(reverse("accounts:overview")),
        client.get("/api/v1/account"),
        client_for(User.objects.get(email="carol@example.com")).get(reverse("accounts:members")),
    ]
    for page in pages:
        assert token not in page.content.decode()
    assert token not in json.dumps(dict(client.session), default=str)
    [message] = mail.outbox
    assert message.to == ["victim@example.com"] and message.cc == [] and message.bcc == []
    assert token in message.body
