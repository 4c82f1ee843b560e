"""Rate limits: password guessing (dashboard and staff login), reset-mail flooding, lead
spam and API floods are cut off, and a client cannot reset its count by claiming another
address in X-Forwarded-For."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from code24.accounts.models import Account, Plan, User
from sites.addresses import forms_token
from tests.factories import PASSWORD, make_api_key, make_user
from tests.security.conftest import Objects, on_plan


def login(client: Client, email: str, password: str, **extra: Any) -> Any:
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


TOO_MANY = "Too many failed login attempts"


def test_password_guessing_is_stopped_for_the_account(alice: User) -> None:
    """allauth: 5 failures per address in 5 minutes; then even the right password is
    refused, from any client."""
    client = Client()

    failures = [login(client, alice.email, f"guess-{n}") for n in range(5)]
    blocked = login(client, alice.email, "guess-6")
    fresh = Client()
    right_password = login(fresh, alice.email, PASSWORD)

    assert [r.status_code for r in failures] == [400] * 5
    assert all(TOO_MANY not in r.content.decode() for r in failures)
    assert blocked.status_code == 400 and TOO_MANY in blocked.content.decode()
    assert right_password.status_code == 400 and TOO_MANY in right_password.content.decode()
    assert "_auth_user_id" not in fresh.session


def test_a_forged_forwarded_for_header_does_not_reset_the_per_address_count(
    alice: User,
) -> None:
    """Without a configured proxy, allauth counts by REMOTE_ADDR, not by X-Forwarded-For."""
    client = Client()
    codes = [
        login(
            client, f"nobody{n}@example.com", "x", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"
        ).status_code
        for n in range(31)
    ]

    assert codes[:30] == [400] * 30
    assert codes[30] == 429


def test_password_reset_mails_are_limited_per_address(alice: User) -> None:
    client = Client()
    codes = [
        client.post(reverse("account_reset_password"), {"email": alice.email}).status_code
        for _ in range(7)
    ]

    assert 429 in codes
    assert len(mail.outbox) <= 5


def test_lead_spam_from_one_visitor_is_cut_off_and_others_still_get_through(
    alices: Objects,
) -> None:
    site = alices.site
    url = reverse("lead_receive", args=[site.pk])

    def send(ip: str) -> int:
        body = {"fields": {"name": "A", "email": "a@example.com", "message": "Hi"}, "client_ip": ip}
        return (
            Client()
            .post(
                url,
                json.dumps(body),
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {forms_token(site)}",
            )
            .status_code
        )

    spam = [send("198.51.100.7") for _ in range(7)]
    other = send("198.51.100.8")

    assert spam == [201] * 5 + [429] * 2
    assert other == 201
    assert site.leads.count() == 6


# --- The staff login (/admin/login/) ----------------------------------------------------


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[float], None]:
    """Moves time.time() forward (the rate limits and the local-memory cache both read it)."""
    now = [time.time()]
    monkeypatch.setattr(time, "time", lambda: now[0])

    def forward(seconds: float) -> None:
        now[0] += seconds

    return forward


@pytest.fixture
def staff(db: None) -> User:
    user = make_user("staff@example.com")
    user.is_staff = True
    user.is_superuser = True
    user.save()
    return user


def admin_login(client: Client, email: str, password: str, **extra: Any) -> Any:
    return client.post(
        "/admin/login/?next=/admin/", {"username": email, "password": password}, **extra
    )


def test_wrong_admin_passwords_past_the_limit_lock_even_the_right_one(
    staff: User, clock: Callable[[float], None]
) -> None:
    """ADMIN_LOGIN_RATE_LIMIT: 5 wrong passwords per email in 15 minutes."""
    wrong = [admin_login(Client(), staff.email, f"guess-{n}") for n in range(5)]
    client = Client()
    right = admin_login(client, staff.email, PASSWORD)

    assert [r.status_code for r in wrong] == [400] * 5
    assert right.status_code == 429
    assert 1 <= int(right["Retry-After"]) <= 15 * 60
    page = right.content.decode()
    assert "Too many failed logins" in page and "Try again in 15 minutes" in page
    assert "_auth_user_id" not in client.session

    clock(15 * 60)
    after = admin_login(client, staff.email, PASSWORD)

    assert after.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_a_right_admin_password_within_the_limit_works_and_resets_the_count(
    staff: User,
) -> None:
    for n in range(4):
        admin_login(Client(), staff.email, f"guess-{n}")
    assert admin_login(Client(), staff.email, PASSWORD).status_code == 302

    later = [admin_login(Client(), staff.email, f"again-{n}") for n in range(4)]

    assert [r.status_code for r in later] == [400] * 4


def test_one_address_guessing_many_admin_emails_is_stopped(staff: User) -> None:
    """ADMIN_LOGIN_RATE_LIMIT_PER_ADDRESS: 20 wrong logins per address in 15 minutes."""
    codes = [admin_login(Client(), f"who{n}@example.com", "x").status_code for n in range(21)]
    from_elsewhere = admin_login(Client(REMOTE_ADDR="198.51.100.9"), staff.email, PASSWORD)

    assert codes == [400] * 20 + [429]
    assert from_elsewhere.status_code == 302


# --- The API ----------------------------------------------------------------------------


@pytest.fixture
def pro(alice_account: Account) -> Account:
    return on_plan(alice_account, Plan.PROFESSIONAL)


def key_header(account: Account) -> str:
    return f"Bearer {make_api_key(account)[1]}"


def test_the_api_limits_requests_per_key(
    pro: Account, settings: Any, clock: Callable[[float], None]
) -> None:
    settings.API_RATE_LIMIT_PER_KEY = "3/m"
    busy = Client(HTTP_AUTHORIZATION=key_header(pro))
    other = Client(HTTP_AUTHORIZATION=key_header(pro))

    codes = [busy.get("/api/v1/account").status_code for _ in range(3)]
    refused = busy.get("/api/v1/account")
    other_key = other.get("/api/v1/account")
    clock(60)
    later = busy.get("/api/v1/account")

    assert codes == [200] * 3
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["error"] == {
        "code": "rate_limited",
        "message": "Too many requests with this API key: at most 3 a minute. "
        f"Try again in {refused['Retry-After']} seconds.",
    }
    assert other_key.status_code == 200
    assert later.status_code == 200


def test_the_api_limits_requests_per_address_whatever_the_key(pro: Account, settings: Any) -> None:
    settings.API_RATE_LIMIT_PER_ADDRESS = "4/m"

    codes = [
        Client(HTTP_AUTHORIZATION=key_header(pro)).get("/api/v1/account").status_code
        for _ in range(5)
    ]
    elsewhere = Client(HTTP_AUTHORIZATION=key_header(pro), REMOTE_ADDR="198.51.100.7")

    assert codes == [200] * 4 + [429]
    assert elsewhere.get("/api/v1/account").status_code == 200


def test_wrong_keys_from_one_address_lock_it_out_even_with_a_right_key(
    pro: Account, settings: Any, clock: Callable[[float], None]
) -> None:
    settings.API_RATE_LIMIT_FAILED_AUTH = "3/5m"
    right = key_header(pro)
    wrong = [
        Client(HTTP_AUTHORIZATION=f"Bearer c24_deadbeef_guess{n}").get("/api/v1/account")
        for n in range(3)
    ]
    locked = Client(HTTP_AUTHORIZATION=right).post(
        "/trigger/build", data="{}", content_type="application/json"
    )
    elsewhere = Client(HTTP_AUTHORIZATION=right, REMOTE_ADDR="198.51.100.7")

    assert [r.status_code for r in wrong] == [401] * 3
    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "rate_limited"
    assert "wrong API key from your address" in locked.json()["error"]["message"]
    assert int(locked["Retry-After"]) <= 300
    assert elsewhere.get("/api/v1/account").status_code == 200

    clock(300)
    assert Client(HTTP_AUTHORIZATION=right).get("/api/v1/account").status_code == 200


def test_the_api_counts_the_visitor_behind_a_trusted_proxy(pro: Account, settings: Any) -> None:
    """With TRUSTED_PROXY_COUNT=1 the address is the proxy's last X-Forwarded-For entry;
    without it, the header is ignored, so a client cannot pick a fresh address."""
    settings.API_RATE_LIMIT_PER_ADDRESS = "2/m"
    key = key_header(pro)

    def call(forwarded_for: str) -> int:
        client = Client(HTTP_AUTHORIZATION=key, HTTP_X_FORWARDED_FOR=forwarded_for)
        return client.get("/api/v1/account").status_code

    forged = [call(f"203.0.113.{n}") for n in range(3)]
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    cache.clear()
    behind_proxy = [call("203.0.113.1"), call("203.0.113.1"), call("203.0.113.1")]
    another_visitor = call("203.0.113.2")

    assert forged == [200, 200, 429]
    assert behind_proxy == [200, 200, 429]
    assert another_visitor == 200


def test_a_dashboard_session_is_limited_like_a_key(alice_client: Client, settings: Any) -> None:
    settings.API_RATE_LIMIT_PER_KEY = "2/m"

    codes = [alice_client.get("/api/v1/account").status_code for _ in range(3)]

    assert codes == [200, 200, 429]


def test_rates_are_checked_at_start_up() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "code24.settings",
            "API_RATE_LIMIT_PER_KEY": "lots",
        },
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "API_RATE_LIMIT_PER_KEY must be a rate such as 120/m" in result.stderr


def test_a_request_without_a_client_address_is_still_served(pro: Account) -> None:
    """A WSGI server may give no REMOTE_ADDR (a unix socket): such requests share one
    count instead of being refused."""
    client = Client(HTTP_AUTHORIZATION=key_header(pro), REMOTE_ADDR="")

    assert client.get("/api/v1/account").status_code == 200
