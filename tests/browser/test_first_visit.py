"""A first visit in a real browser: sign up, verify, invite, upgrade, call the API."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from code24.accounts.models import Account, Invitation

# Transactional (another thread or process sees the rows); the rollback restores the plans.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a-long-and-unusual-passphrase-42"


def _confirm_link(mailoutbox: list[Any]) -> str:
    body = mailoutbox[-1].body
    match = re.search(r"https?://\S+/auth/confirm-email/\S+/", body)
    assert match, body
    return match.group(0)


def test_sign_up_verify_invite_upgrade_and_call_the_api(
    page: Any, live_server: Any, mailoutbox: list[Any], settings: Any
) -> None:
    settings.SITE_URL = live_server.url
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=re.compile("sign up|start", re.I)).first.click()

    page.fill("input[name=email]", "owner@bakery.example")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.fill("input[name=workspace]", "Rosie's Bakery")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/auth/confirm-email/"))

    link = _confirm_link(mailoutbox).replace("http://testserver", live_server.url)
    link = re.sub(r"^https?://[^/]+", live_server.url, link)
    page.goto(link)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/dashboard/$"))
    assert "Rosie" in page.content()
    account = Account.objects.get(name="Rosie's Bakery")

    page.goto(live_server.url + "/account/members/")
    page.fill("input[name=email]", "baker@bakery.example")
    page.locator("form:has(input[name=email]) button[type=submit]").click()
    page.wait_for_selector("text=Invitation sent")
    assert Invitation.objects.filter(account=account, email="baker@bakery.example").exists()
    assert any("baker@bakery.example" in m.to for m in mailoutbox)

    page.goto(live_server.url + "/account/plan/")
    page.locator("form:has(input[name=plan][value=professional]) button[type=submit]").click()
    page.wait_for_selector("text=You are now on Professional for the rest of your trial")

    page.goto(live_server.url + "/account/api-keys/")
    page.fill("input[name=name]", "Reporting script")
    page.locator("form:has(input[name=name]) button[type=submit]").click()
    key = page.locator(".copyable code").first.inner_text().strip()
    assert key.startswith("c24_")

    response = httpx.get(
        live_server.url + "/api/v1/account", headers={"Authorization": f"Bearer {key}"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Rosie's Bakery"
    assert body["plan"]["slug"] == "professional"
    assert body["usage"]["api_keys"] == 1
