"""/api/v1/sites/{id}/domains: list, add, get, check, remove; errors in the API's format."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from code24.accounts.models import Plan
from code24.cloudflare.local import LocalCloudflare
from domains.models import CustomDomain
from sites.models import Site
from tests.domains.conftest import zone_exists
from tests.factories import make_account, make_api_key, make_site

pytestmark = [pytest.mark.workerd, pytest.mark.django_db]


def api(site: Site) -> Client:
    _key, token = make_api_key(site.account)
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def test_the_domain_api_adds_lists_gets_checks_and_removes(
    live: Site, cloudflare: LocalCloudflare, django_capture_on_commit_callbacks: Any
) -> None:
    client = api(live)
    zone_exists(cloudflare, "padaria-rosa.localhost")
    base = f"/api/v1/sites/{live.pk}/domains"
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(
            base,
            {"hostname": "www.padaria-rosa.localhost", "with_pair": True},
            content_type="application/json",
        )
    assert created.status_code == 201, created.text
    www, apex = created.json()
    assert (www["hostname"], www["role"], apex["role"]) == (
        "www.padaria-rosa.localhost",
        "primary",
        "redirect",
    )
    assert www["records"][0]["type"] == "CNAME"
    listed = client.get(base)
    assert [d["hostname"] for d in listed.json()] == [www["hostname"], apex["hostname"]]
    one = client.get(f"{base}/{www['id']}")
    assert one.status_code == 200 and one.json()["state"] == "waiting"
    assert {f["code"] for f in one.json()["findings"]} >= {"cname-missing"}
    with django_capture_on_commit_callbacks(execute=True):
        check = client.post(f"{base}/{www['id']}/check")
    assert check.status_code == 202
    again = client.post(f"{base}/{www['id']}/check")
    assert again.status_code == 429 and int(again.headers["Retry-After"]) >= 1
    assert again.json()["error"]["code"] == "rate_limited"
    with django_capture_on_commit_callbacks(execute=True):
        removed = client.delete(f"{base}/{apex['id']}")
    assert removed.status_code == 200 and removed.json()["state"] == "removed"
    assert client.delete(f"{base}/{apex['id']}").status_code == 404


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"hostname": "localhost"}, 400, "invalid"),
        ({"hostname": "www.bakery.example"}, 400, "invalid"),
        ({"hostname": "www.x.localhost", "ssl_method": "email"}, 422, "invalid"),
        ({}, 422, "invalid"),
    ],
)
def test_bad_requests_get_a_sentence(
    live: Site, cloudflare: LocalCloudflare, body: dict[str, Any], status: int, code: str
) -> None:
    client = api(live)
    response = client.post(
        f"/api/v1/sites/{live.pk}/domains", body, content_type="application/json"
    )
    assert response.status_code == status, response.text
    assert response.json()["error"]["message"]
    assert not CustomDomain.objects.exists()


def test_another_accounts_site_and_domain_are_404(
    live: Site, cloudflare: LocalCloudflare, django_capture_on_commit_callbacks: Any
) -> None:
    client = api(live)
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(
            f"/api/v1/sites/{live.pk}/domains",
            {"hostname": "www.padaria-rosa.localhost"},
            content_type="application/json",
        ).json()
    other = make_site(make_account(plan=Plan.ENTERPRISE), name="Other")
    client = api(other)
    base = f"/api/v1/sites/{live.pk}/domains"
    assert client.get(base).status_code == 404
    assert client.get(f"{base}/{created[0]['id']}").status_code == 404
    assert client.post(f"{base}/{created[0]['id']}/check").status_code == 404
    assert client.delete(f"{base}/{created[0]['id']}").status_code == 404
    # Its own site's path with the other domain's id is a 404 too.
    own = f"/api/v1/sites/{other.pk}/domains/{created[0]['id']}"
    assert client.get(own).status_code == 404
    assert CustomDomain.objects.get().removed_at is None
