"""Helpers shared by the account tests."""

from __future__ import annotations

import html
import re
from typing import Protocol

import pytest
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.test import Client

from code24.accounts.models import Account, Membership, User
from tests.factories import add_member, make_user


class Response(Protocol):
    status_code: int
    content: bytes


def page_text(response: Response) -> str:
    """The response body as a person reads it (entities decoded)."""
    return html.unescape(response.content.decode())


def assert_says(response: Response, *sentences: str) -> None:
    text = page_text(response)
    for sentence in sentences:
        assert sentence in text, f"{sentence!r} not in the page"


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def links_in(body: str) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>]+", body)


def html_part(message: EmailMessage) -> str:
    """The HTML alternative of a sent email."""
    assert isinstance(message, EmailMultiAlternatives)
    content, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert isinstance(content, str)
    return content


@pytest.fixture
def carol(db: None) -> User:
    return make_user("carol@example.com")


@pytest.fixture
def carol_member(alice_account: Account, carol: User) -> Membership:
    """Carol is a plain member of Alice's account."""
    return add_member(alice_account, carol, role=Membership.Role.MEMBER)


@pytest.fixture
def dave(db: None) -> User:
    return make_user("dave@example.com")


@pytest.fixture
def dave_admin(alice_account: Account, dave: User) -> Membership:
    """Dave is an admin of Alice's account."""
    return add_member(alice_account, dave, role=Membership.Role.ADMIN)
