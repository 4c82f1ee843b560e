"""Rate limits: password guessing, reset-mail flooding and lead spam are cut off, and a
client cannot reset its count by claiming another address in X-Forwarded-For."""

from __future__ import annotations

import json
from typing import Any

from django.core import mail
from django.test import Client
from django.urls import reverse

from code24.accounts.models import User
from sites.addresses import forms_token
from tests.factories import PASSWORD
from tests.security.conftest import Objects


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
