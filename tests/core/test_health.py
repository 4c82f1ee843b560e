from __future__ import annotations

import pytest
from django.test import Client

from code24 import views


@pytest.mark.django_db
def test_healthz_reports_database_and_broker(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}


@pytest.mark.django_db
def test_healthz_is_503_when_the_broker_is_down(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "_broker_ok", lambda: (False, "ConnectionError: refused"))
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"] == {"database": "ok", "broker": "ConnectionError: refused"}


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_is_down(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "_database_ok", lambda: (False, "OperationalError: gone"))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "OperationalError: gone"


def test_broker_check_really_connects() -> None:
    """An unreachable Redis broker is reported, not hidden behind a timeout."""
    ok, detail = views._broker_ok("redis://127.0.0.1:1/0")
    assert not ok
    assert "Error" in detail
