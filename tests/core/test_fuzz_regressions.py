"""Bad input a fuzzer found: every one is a 4xx with a sentence, never a 500.

The API's body parsing, its size limit and its authentication (code24/api.py), and a
Content-Length header that is not a number (code24/middleware.py).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from code24.accounts.models import Account, ApiKey, Plan, Subscription, User
from sites.models import Site
from tests.factories import make_api_key

VALID = {
    "name": "Harbour Dental",
    "description": "A family dental practice by the harbour, open late for working parents.",
    "businessType": "dental-clinic",
    "primaryGoal": "bookings",
}


@pytest.fixture
def api(alice_account: Account) -> Client:
    Subscription.objects.filter(account=alice_account).update(
        plan=Plan.objects.get(slug=Plan.PROFESSIONAL)
    )
    _, raw = make_api_key(alice_account)
    # Like a real script: no test-client exemption from the CSRF check.
    return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {raw}")


def error_of(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content[:500]
    error: dict[str, Any] = response.json()["error"]
    assert error["message"].endswith("."), error
    return error


@pytest.mark.parametrize(
    ("body", "says"),
    [
        pytest.param(
            b"[" * 100_000 + b"]" * 100_000, "nests arrays or objects too deeply", id="deep"
        ),
        pytest.param(b'{"name": ' + b"9" * 5000 + b"}", "number too long", id="long-int"),
        pytest.param(b'{"name": "\xff"}', "not UTF-8", id="not-utf8"),
        pytest.param(b'{"name": "\\ud800"}', "invalid character", id="lone-surrogate"),
        pytest.param(b'{"\\udfff": 1}', "invalid character", id="surrogate-key"),
        pytest.param(b"name=Harbour", "not valid JSON (Expecting value at line 1", id="form"),
        pytest.param(b"{", "not valid JSON", id="truncated"),
    ],
)
def test_a_body_that_is_not_json_is_400_with_a_sentence(
    api: Client, body: bytes, says: str
) -> None:
    response = api.post("/api/v1/builds", data=body, content_type="application/json")

    error = error_of(response, 400)
    assert error["code"] == "invalid_json"
    assert says in error["message"]
    assert "Send a JSON object." in error["message"]
    assert not Site.objects.exists()


def test_a_body_over_the_upload_limit_is_413(api: Client, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    body = b'{"name": "' + b"x" * (1024 * 1024) + b'"}'

    response = api.post("/api/v1/builds", data=body, content_type="application/json")

    error = error_of(response, 413)
    assert error == {
        "code": "too_large",
        "message": "The request body is too large. Send at most 1 MB.",
    }
    assert not Site.objects.exists()


@pytest.mark.parametrize("key", ["c24_00000000_wrong", "not-a-key"])
def test_a_post_with_a_wrong_key_is_401_not_a_csrf_refusal(db: None, key: str) -> None:
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {key}")

    response = client.post("/api/v1/builds", data=VALID, content_type="application/json")

    assert error_of(response, 401)["code"] == "unauthenticated"


def test_a_post_with_a_revoked_key_is_401(api: Client, alice_account: Account) -> None:
    ApiKey.objects.filter(account=alice_account).update(revoked_at="2026-01-01T00:00Z")

    response = api.post("/api/v1/builds", data=VALID, content_type="application/json")

    assert error_of(response, 401)["code"] == "unauthenticated"
    assert not Site.objects.exists()


def test_a_session_post_without_the_csrf_token_is_403_with_a_sentence(
    alice: User, alice_account: Account
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)

    response = client.post("/api/v1/builds", data=VALID, content_type="application/json")

    error = error_of(response, 403)
    assert error["code"] == "forbidden"
    assert "X-CSRFToken" in error["message"]
    assert not Site.objects.exists()


@pytest.mark.parametrize("length", ["abc", "-1", "1_0", "1.5", "\u0661\u0660"])
def test_a_content_length_that_is_not_a_number_is_400(
    api: Client, alice_client: Client, alice_account: Account, length: str
) -> None:
    """Django would read int(CONTENT_LENGTH) when a view touches the body: a ValueError."""
    api_response = api.post(
        "/api/v1/builds", data=VALID, content_type="application/json", CONTENT_LENGTH=length
    )
    form_response = alice_client.post(
        reverse("accounts:overview"), {"name": "Renamed"}, CONTENT_LENGTH=length
    )

    for response in (api_response, form_response):
        assert response.status_code == 400
        assert b"Content-Length header must be the size of the body" in response.content
    alice_account.refresh_from_db()
    assert alice_account.name == "Alice Dental"
    assert not Site.objects.exists()


@pytest.mark.parametrize("path", ["/api/v1/restore", "/api/v1/sites/1//restore", "/api/v1/%C3%A9"])
def test_a_post_to_an_unknown_api_path_is_a_json_404_not_a_csrf_page(path: str) -> None:
    client = Client(enforce_csrf_checks=True)

    response = client.post(path, data=VALID, content_type="application/json")

    assert error_of(response, 404)["code"] == "not_found"
