"""Bad input on every account form: a 4xx with a sentence, never a 500, nothing changed."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from code24.accounts.middleware import SESSION_KEY
from code24.accounts.models import Account, ApiKey, Invitation, Membership, Plan, Subscription, User
from tests.accounts.conftest import assert_says
from tests.factories import PASSWORD

REQUIRED = "This field is required."
NULL = "Null characters are not allowed."
ONE_LINE = "Use a single line without tabs, line breaks or invisible control characters."
BAD_EMAIL = "Enter a valid email address."
# 312 characters, valid in form (64-character local part, 63-character labels).
LONG_EMAIL = "a" * 64 + "@" + ("b" * 60 + ".") * 4 + "com"

NAME_CASES = [
    pytest.param("", REQUIRED, id="empty"),
    pytest.param("   ", REQUIRED, id="blank"),
    pytest.param(
        "x" * 101, "Ensure this value has at most 100 characters (it has 101).", id="long"
    ),
    pytest.param("Bell\x07", ONE_LINE, id="bell"),
    pytest.param("Nul\x00", NULL, id="nul"),
    pytest.param("Two\nlines", ONE_LINE, id="newline"),
    pytest.param("Tab\there", ONE_LINE, id="tab"),
    pytest.param("Esc\x1b[31m", ONE_LINE, id="escape"),
    pytest.param(
        "\u202e\u200bevil",
        "Remove the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE)",
        id="rlo",
    ),
    pytest.param("Zero\u200bwidth", "U+200B (ZERO WIDTH SPACE)", id="zero-width-space"),
    pytest.param("Word\u2060joiner", "U+2060 (WORD JOINER)", id="word-joiner"),
    pytest.param("\ufeffBOM", "U+FEFF (ZERO WIDTH NO-BREAK SPACE)", id="bom"),
    pytest.param("Isolate\u2066d\u2069", "U+2066 (LEFT-TO-RIGHT ISOLATE)", id="isolate"),
    pytest.param("Mark\u200f", "U+200F (RIGHT-TO-LEFT MARK)", id="rtl-mark"),
    pytest.param("a\u200db", "U+200D (ZERO WIDTH JOINER)", id="stray-joiner"),
]

# Persian "mi-khaham" (I want): a zero-width non-joiner between two letters.
PERSIAN = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"


def refused(response: Any, message: str, status: int = 400) -> None:
    assert response.status_code == status, response.content[:500]
    assert_says(response, message)


@pytest.fixture
def pro_account(alice_account: Account) -> Account:
    Subscription.objects.filter(account=alice_account).update(
        plan=Plan.objects.get(slug=Plan.PROFESSIONAL)
    )
    return alice_account


# --- Invitations ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("email", "role", "message"),
    [
        ("", "member", REQUIRED),
        ("not-an-email", "member", BAD_EMAIL),
        ("12345", "member", BAD_EMAIL),
        ("carol\x07@example.com", "member", BAD_EMAIL),
        ("\x00", "member", NULL),
        ("carol@exa\nmple.com", "member", BAD_EMAIL),
        ("a" * 250 + "@example.com", "member", "at most 254 characters"),
        ("carol@example.com", "", REQUIRED),
        ("carol@example.com", "king", "Select a valid choice."),
        ("carol@example.com", "x" * 1000, "Select a valid choice."),
        ("carol@example.com", "\x00", "Select a valid choice."),
        ("carol@example.com", "1", "Select a valid choice."),
    ],
)
def test_invitation_form(
    alice_client: Client,
    alice_account: Account,
    django_capture_on_commit_callbacks: Any,
    email: str,
    role: str,
    message: str,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(reverse("accounts:members"), {"email": email, "role": role})

    refused(response, message)
    assert not Invitation.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("role", ["", "king", "OWNER", "\x00", "x" * 1000, "1"])
def test_role_change(
    alice_client: Client, alice_account: Account, carol_member: Membership, role: str
) -> None:
    response = alice_client.post(
        reverse("accounts:member_role", args=[carol_member.pk]), {"role": role}
    )

    refused(response, "Choose owner, admin or member.")
    carol_member.refresh_from_db()
    assert carol_member.role == "member"


# --- Workspaces -----------------------------------------------------------------------


@pytest.mark.parametrize(("name", "message"), NAME_CASES)
def test_workspace_name(
    alice_client: Client, alice_account: Account, name: str, message: str
) -> None:
    response = alice_client.post(reverse("accounts:overview"), {"name": name})

    refused(response, message)
    assert Account.objects.get(pk=alice_account.pk).name == "Alice Dental"


@pytest.mark.parametrize(("name", "message"), NAME_CASES)
def test_new_workspace(
    alice_client: Client, alice_account: Account, name: str, message: str
) -> None:
    response = alice_client.post(reverse("accounts:new"), {"name": name})

    refused(response, message)
    assert list(Account.objects.all()) == [alice_account]


@pytest.mark.parametrize(
    "name", ["Chef 👩\u200d🍳", "Pride 🏳️\u200d🌈", PERSIAN, "क्\u200dष", "José 🏴󠁧󠁢󠁳󠁣󠁴󠁿"]
)
def test_workspace_names_keep_joiners_that_writing_needs(
    alice_client: Client, alice_account: Account, name: str
) -> None:
    response = alice_client.post(reverse("accounts:overview"), {"name": name})

    assert response.status_code == 302, response.content[:500]
    assert Account.objects.get(pk=alice_account.pk).name == name


def test_workspace_name_sent_as_json_is_refused(
    alice_client: Client, alice_account: Account
) -> None:
    response = alice_client.post(
        reverse("accounts:overview"), {"name": "New"}, content_type="application/json"
    )

    refused(response, REQUIRED)
    assert Account.objects.get(pk=alice_account.pk).name == "Alice Dental"


def test_workspace_name_with_markup_is_stored_as_text_and_escaped(
    alice_client: Client, alice_account: Account
) -> None:
    alice_client.post(reverse("accounts:overview"), {"name": "<b>Tom</b> & Jerry"})

    body = alice_client.get(reverse("accounts:overview")).content.decode()
    assert "<b>Tom</b>" not in body
    assert "&lt;b&gt;Tom&lt;/b&gt; &amp; Jerry" in body


@pytest.mark.parametrize("value", ["", "abc", "-1", "0", "1.5", "\x00", "1e3", "x" * 1000])
def test_switch(alice_client: Client, alice_account: Account, value: str) -> None:
    alice_client.get(reverse("accounts:overview"))  # settles the current account

    response = alice_client.post(reverse("accounts:switch"), {"account": value})

    assert response.status_code == 400
    assert b"Choose an account to switch to." in response.content
    assert alice_client.session[SESSION_KEY] == alice_account.pk


def test_switch_to_an_enormous_id_is_404(alice_client: Client, alice_account: Account) -> None:
    alice_client.get(reverse("accounts:overview"))

    response = alice_client.post(reverse("accounts:switch"), {"account": "9" * 30})

    assert response.status_code == 404
    assert alice_client.session[SESSION_KEY] == alice_account.pk


# --- Plan and API keys ----------------------------------------------------------------


@pytest.mark.parametrize("value", ["", "platinum", "\x00", "x" * 1000, "1", "Professional"])
def test_plan(alice_client: Client, alice_account: Account, value: str) -> None:
    response = alice_client.post(reverse("accounts:plan"), {"plan": value})

    refused(response, "Choose one of the plans shown.")
    assert Subscription.objects.get(account=alice_account).plan.slug == "basic"


@pytest.mark.parametrize(("name", "message"), NAME_CASES)
def test_api_key_name(alice_client: Client, pro_account: Account, name: str, message: str) -> None:
    response = alice_client.post(reverse("accounts:api_keys"), {"name": name})

    refused(response, message)
    assert not ApiKey.objects.exists()


# --- Sign-up (allauth's form, with our limits) ----------------------------------------

GOOD = {"email": "nina@example.com", "password1": PASSWORD, "password2": PASSWORD}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param({"email": ""}, REQUIRED, id="email-empty"),
        pytest.param({"email": "not-an-email"}, BAD_EMAIL, id="email-invalid"),
        pytest.param({"email": "12345"}, BAD_EMAIL, id="email-number"),
        pytest.param({"email": "nina\x07@example.com"}, BAD_EMAIL, id="email-bell"),
        pytest.param({"email": "nina@example.com\x00"}, NULL, id="email-nul"),
        pytest.param({"email": LONG_EMAIL}, "at most 254 characters", id="email-long"),
        pytest.param({"password1": "", "password2": ""}, REQUIRED, id="password-empty"),
        pytest.param({"password1": "abc", "password2": "abc"}, "too short", id="password-short"),
        pytest.param({"password2": PASSWORD + "x"}, "same password", id="password-mismatch"),
        pytest.param(
            {"password1": PASSWORD + "\x07", "password2": PASSWORD + "\x07"},
            "Passwords can't contain invisible control characters.",
            id="password-bell",
        ),
        pytest.param(
            {"password1": PASSWORD + "\x00", "password2": PASSWORD + "\x00"},
            NULL,
            id="password-nul",
        ),
        pytest.param(
            {"password1": "Ab1" * 400, "password2": "Ab1" * 400},
            "at most 1024 characters",
            id="password-long",
        ),
        pytest.param({"workspace": "x" * 101}, "at most 100 characters", id="workspace-long"),
        pytest.param({"workspace": "Bistro\x07"}, ONE_LINE, id="workspace-bell"),
        pytest.param({"workspace": "Bistro\nBar"}, ONE_LINE, id="workspace-newline"),
    ],
)
def test_signup(client: Client, changes: dict[str, str], message: str) -> None:
    response = client.post(reverse("account_signup"), {**GOOD, **changes})

    refused(response, message)
    assert not User.objects.exists()
    assert not Account.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_signup_with_an_existing_address_changes_nothing(client: Client, alice: User) -> None:
    before = (alice.password, list(Membership.objects.values_list("pk", flat=True)))

    response = client.post(reverse("account_signup"), {**GOOD, "email": "ALICE@example.com"})

    assert response.status_code < 500
    alice.refresh_from_db()
    assert (alice.password, list(Membership.objects.values_list("pk", flat=True))) == before
    assert User.objects.count() == 1
