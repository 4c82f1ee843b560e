"""The OpenAPI schema tells the truth: schemathesis sends generated requests, valid and
invalid, to every operation and checks each answer against the schema (documented
statuses and bodies, valid requests accepted, invalid ones refused).

A bounded run for CI (a fixed number of examples, derandomized); scripts/fuzz_api.py runs
the long one against a running server.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings

from code24.accounts.models import ApiKey, Plan
from code24.idempotency.models import IdempotencyKey
from tests.factories import make_account, make_user
from tests.sites.site_fixtures import queued, site_files

__all__ = ["queued", "site_files"]
pytestmark = pytest.mark.usefixtures("site_files", "queued")

EXAMPLES = 30


# The account's API key, sent with every request as the credentials schemathesis was
# given (its check that wrong or missing credentials are refused still runs).
PREFIX = "5c4e3a10"
KEY = f"c24_{PREFIX}_schemathesis-checks-every-operation-of-the-api"


@pytest.fixture
def api_key(db: None, settings: Any) -> str:
    """An Enterprise account with room for every generated site, and the rate limits out
    of the way: the run checks the schema, not the limits."""
    for name in (
        "API_RATE_LIMIT_PER_KEY",
        "API_RATE_LIMIT_PER_ADDRESS",
        "API_RATE_LIMIT_FAILED_AUTH",
    ):
        setattr(settings, name, "1000000/m")
    Plan.objects.filter(slug=Plan.ENTERPRISE).update(max_sites=1_000_000)
    account = make_account(make_user(), name="Schema", plan=Plan.ENTERPRISE)
    ApiKey.objects.create(account=account, name="schema", prefix=PREFIX, key_hash=ApiKey.hash(KEY))
    return KEY


@pytest.fixture
def one_transaction(db: None) -> Iterator[None]:
    """As Django's test client does: keep the test's transaction open across requests."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# The schema is read from the app itself, in-process (no server, no network).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_answer_matches_the_schema(case: Any, api_key: str, one_transaction: None) -> None:
    # Each generated request is a new client's first try: an Idempotency-Key that
    # hypothesis happens to draw twice must not turn the second request into a 409.
    IdempotencyKey.objects.all().delete()
    case.call_and_validate(headers={"Authorization": f"Bearer {api_key}"})


def test_the_schema_declares_errors_enums_and_the_idempotency_key(client: Client, db: None) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    for path, operations in paths.items():
        for method, operation in operations.items():
            statuses = {int(status) for status in operation["responses"]}
            assert {401, 403, 429} <= statuses, (method, path)
            assert "Retry-After" in operation["responses"]["429"]["headers"]
            headers = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
            if method == "post":
                assert {400, 409, 413, 422} <= statuses, (method, path)
                # A photo upload is idempotent by its bytes (the same file is the same
                # photo, stored once), and its multipart body is no JSON to key on.
                if path != "/api/v1/sites/{site_id}/photos":
                    assert "Idempotency-Key" in headers, (method, path)
            if "{" in path:
                assert {404, 422} <= statuses, (method, path)
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    brief = schemas["BuildIn"]["properties"]
    assert "saas" in brief["businessType"]["enum"]
    assert brief["primaryGoal"]["enum"] == ["lead_generation", "bookings", "sales", "awareness"]
