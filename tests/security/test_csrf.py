"""CSRF: a signed-in browser cannot be made to change anything from another site.

The dashboard's forms and the API's session authentication need the CSRF token; the only
views without the check are those that authenticate by a bearer secret instead of the
session cookie (the lead endpoint; the original build trigger is a django-ninja API that
takes API keys only).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from code24.accounts.models import Account, User
from sites.models import Site
from tests.factories import BRIEF
from tests.security.conftest import Objects, client_for
from tests.sites.site_fixtures import Recorder

# Views that answer without Django's CSRF check, and why that is safe.
CSRF_EXEMPT = {
    "sites.leads.lead_receive": "a per-site bearer token (the site Worker's secret)",
    "code24.api.not_found": "changes nothing: unknown API paths answer 404 in the API's format",
    "domains.views.cloudflare_webhook": "Cloudflare's shared secret (cf-webhook-auth); it "
    "only schedules a check of the domains it names",
    "code24.billing.views.webhook": "Stripe's Stripe-Signature (HMAC of the body with the "
    "webhook secret); it only stores the event, which a task checks against Stripe",
}


def views() -> Iterator[tuple[str, Any]]:
    def walk(patterns: list[Any]) -> Iterator[URLPattern]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns)
            else:
                yield pattern

    for pattern in walk(get_resolver().url_patterns):
        callback = pattern.callback
        yield f"{callback.__module__}.{getattr(callback, '__name__', '')}", callback


def test_only_the_bearer_authenticated_views_skip_the_csrf_check() -> None:
    exempt = set()
    for name, callback in views():
        if not getattr(callback, "csrf_exempt", False):
            continue
        if name.startswith("ninja."):
            continue  # the API: SessionAuth checks CSRF itself (tested below)
        exempt.add(name)
    assert exempt == set(CSRF_EXEMPT)


@pytest.fixture
def csrf_client(alice: User, alice_account: Account) -> Client:
    return client_for(alice, csrf_checks=True)


def csrf_token(client: Client) -> str:
    client.get(reverse("dashboard"))
    return str(client.cookies["csrftoken"].value)


def test_an_api_session_post_without_the_csrf_token_is_refused(
    csrf_client: Client, site_files: Any, queued: Recorder
) -> None:
    response = csrf_client.post(
        "/api/v1/builds", json.dumps(BRIEF), content_type="application/json"
    )

    assert response.status_code == 403
    assert Site.objects.count() == 0
    assert queued.calls == []


def test_an_api_session_post_with_the_csrf_token_is_accepted(
    csrf_client: Client, site_files: Any, queued: Recorder
) -> None:
    token = csrf_token(csrf_client)

    response = csrf_client.post(
        "/api/v1/builds",
        json.dumps(BRIEF),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )

    assert response.status_code == 202
    assert Site.objects.count() == 1


def test_an_api_session_post_from_another_origin_is_refused_even_with_the_token(
    csrf_client: Client, site_files: Any, queued: Recorder
) -> None:
    token = csrf_token(csrf_client)

    response = csrf_client.post(
        "/api/v1/builds",
        json.dumps(BRIEF),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
        HTTP_ORIGIN="https://evil.example",
    )

    assert response.status_code == 403
    assert Site.objects.count() == 0


def test_an_api_restore_by_session_needs_the_token(
    alice: User, pro_alice: Account, alices: Objects, queued: Recorder
) -> None:
    client = client_for(alice, csrf_checks=True)

    response = client.post(
        f"/api/v1/sites/{alices.site.pk}/restore",
        json.dumps({"version_id": alices.first.pk}),
        content_type="application/json",
    )

    assert response.status_code == 403
    assert queued.calls == []


def test_an_api_get_by_session_needs_no_token(csrf_client: Client, alice_account: Account) -> None:
    assert csrf_client.get("/api/v1/account").json()["id"] == alice_account.pk


def test_dashboard_posts_without_the_token_are_refused(
    alice: User, pro_alice: Account, alices: Objects, bob: User, queued: Recorder
) -> None:
    client = client_for(alice, csrf_checks=True)
    before = alices.state()
    posts = [
        (reverse("site_pause", args=[alices.site.pk]), {}),
        (reverse("site_unpublish", args=[alices.site.pk]), {}),
        (reverse("site_delete", args=[alices.site.pk]), {"confirm_name": "Alice Smiles"}),
        (reverse("site_new"), BRIEF),
        (reverse("build_retry", args=[alices.build.pk]), {}),
        (reverse("accounts:members"), {"email": "evil@example.com", "role": "owner"}),
        (reverse("accounts:api_keys"), {"name": "stolen"}),
        (reverse("accounts:plan"), {"plan": "basic"}),
        (reverse("accounts:overview"), {"name": "Renamed"}),
        (reverse("accounts:leave"), {}),
        (reverse("accounts:new"), {"name": "Another"}),
    ]

    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
        assert client.post(url, data, HTTP_HX_REQUEST="true").status_code == 403, url

    assert alices.state() == before
    assert pro_alice.invitations.count() == 0
    assert pro_alice.api_keys.count() == 0
    assert Account.objects.filter(memberships__user=alice).count() == 1
    assert queued.calls == []


def test_the_trigger_ignores_a_session_cookie(
    alice_client: Client, site_files: Any, queued: Recorder
) -> None:
    """The CSRF-exempt trigger authenticates by API key only, never by the session."""
    response = alice_client.post(
        reverse("trigger:trigger_build"), json.dumps(BRIEF), content_type="application/json"
    )

    assert response.status_code == 401
    assert Site.objects.count() == 0


def test_the_lead_endpoint_ignores_a_session_cookie(alice_client: Client, alices: Objects) -> None:
    response = alice_client.post(
        reverse("lead_receive", args=[alices.site.pk]),
        json.dumps({"fields": {"name": "Ann", "email": "ann@example.com", "message": "Hi"}}),
        content_type="application/json",
    )

    assert response.status_code == 401
    assert alices.site.leads.count() == 0
