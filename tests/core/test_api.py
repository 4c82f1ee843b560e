from __future__ import annotations

import re

import pytest
from django.test import Client

from code24.accounts.models import Account


@pytest.mark.django_db
def test_docs_and_schema_are_published(client: Client) -> None:
    assert client.get("/api/v1/docs").status_code == 200
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/account" in schema["paths"]
    assert {"ApiKeyAuth", "SessionAuth"} <= set(schema["components"]["securitySchemes"])


@pytest.mark.django_db
def test_the_docs_page_loads_nothing_from_another_host(client: Client) -> None:
    """Swagger UI comes from Code24's static files (django-ninja's, with "ninja" in
    INSTALLED_APPS), never from a CDN; tests/browser/test_api_docs.py renders it offline."""
    html = client.get("/api/v1/docs").content.decode()
    addresses = re.findall(r'(?:src|href)="([^"]+)"', html)

    assert addresses, html
    assert all(address.startswith("/static/") for address in addresses), addresses
    assert "//" not in "".join(addresses)


@pytest.mark.django_db
def test_unknown_api_path_answers_in_the_error_format(client: Client) -> None:
    response = client.get("/api/v1/nope")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_dashboard_session_can_call_the_api_on_any_plan(
    alice_client: Client, alice_account: Account
) -> None:
    response = alice_client.get("/api/v1/account")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == alice_account.pk
    assert body["plan"]["slug"] == "basic"
    assert body["usage"] == {"sites": 0, "api_keys": 0, "members": 1}


@pytest.mark.django_db
def test_anonymous_request_gets_401_with_a_sentence(client: Client) -> None:
    response = client.get("/api/v1/account")
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["code"] == "unauthenticated"
    assert "Bearer" in error["message"]
