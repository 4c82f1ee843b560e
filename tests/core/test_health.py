from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from code24 import views
from code24.cloudflare.local import LocalCloudflare
from code24.cloudflare.local.edge import Edge


@pytest.fixture
def cloudflare_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """For the tests about the database and the broker: the local Cloudflare's own check is
    tested below against a real one."""
    monkeypatch.setattr(views, "_local_cloudflare_ok", lambda: (True, "ok"))


@pytest.mark.django_db
def test_healthz_reports_database_and_broker(client: Client, cloudflare_up: None) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "broker": "ok", "local_cloudflare": "ok"},
    }


@pytest.mark.django_db
def test_healthz_is_503_when_the_broker_is_down(
    client: Client, monkeypatch: pytest.MonkeyPatch, cloudflare_up: None
) -> None:
    monkeypatch.setattr(views, "_broker_ok", lambda: (False, "ConnectionError: refused"))
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["broker"] == "ConnectionError: refused"
    assert body["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_is_down(
    client: Client, monkeypatch: pytest.MonkeyPatch, cloudflare_up: None
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


# --- The local Cloudflare, for real --------------------------------------------------


@pytest.mark.workerd
@pytest.mark.django_db
def test_healthz_is_ok_once_the_local_edge_serves_sites(
    client: Client, cloudflare: LocalCloudflare, edge: Edge, settings: Any
) -> None:
    settings.LOCAL_CLOUDFLARE_EDGE_PORT = edge.port
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["local_cloudflare"] == "ok"


@pytest.mark.workerd
@pytest.mark.django_db
def test_healthz_is_503_while_the_edge_has_no_dispatcher(
    client: Client, cloudflare: LocalCloudflare, edge: Edge, settings: Any
) -> None:
    settings.LOCAL_CLOUDFLARE_EDGE_PORT = edge.port
    edge.sync({**cloudflare.snapshot(), "dispatcher": None})  # as before setup has run
    try:
        response = client.get("/healthz")
    finally:
        cloudflare.notify()  # back to the real state for the next test
    assert response.status_code == 503
    assert "cannot serve sites yet" in response.json()["checks"]["local_cloudflare"]


@pytest.mark.django_db
def test_healthz_is_503_when_the_local_cloudflare_is_not_running(
    client: Client, settings: Any
) -> None:
    settings.CLOUDFLARE_API_TOKEN = ""
    settings.CLOUDFLARE_BASE_URL = "http://127.0.0.1:1/client/v4"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["local_cloudflare"].startswith("ConnectError")


@pytest.mark.django_db
def test_healthz_does_not_probe_a_real_cloudflare(client: Client, settings: Any) -> None:
    settings.CLOUDFLARE_API_TOKEN = "a-real-token"
    response = client.get("/healthz")
    assert "local_cloudflare" not in response.json()["checks"]
