"""The public landing page, the dashboard shell and its pages, allauth in our layout."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.http.response import HttpResponseBase
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from code24.accounts.models import Account, Membership, Plan, User
from sites.models import Site
from tests.factories import PASSWORD, add_member, make_account, make_user

CSS = 'href="/static/css/app.css"'
SHELL_NAV = 'class="shell-nav"'
AUTH_CARD = 'class="auth-card"'
MANAGE_CARD = 'class="card manage-card"'


def page(response: HttpResponseBase) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- Landing --------------------------------------------------------------------------


def test_landing_shows_the_three_plans_and_sign_up(db: None) -> None:
    response = Client().get(reverse("landing"))

    assert response.status_code == 200
    body = page(response)
    assert CSS in body
    for plan in Plan.objects.all():
        assert f">{plan.name}</h3>" in body
        assert f"${plan.monthly_price:.0f} USD" in body
    assert "Every plan starts with a 14-day free trial, no card needed" in body
    assert body.count(f'href="{reverse("account_signup")}"') >= 3
    assert "Scanned and improved every day" in body  # Basic: 24 hours
    assert "Scanned and improved every hour" in body  # Enterprise: 1 hour
    assert "Up to 10 of your own domains per site" in body
    assert SHELL_NAV not in body


def test_landing_sends_signed_in_people_to_the_dashboard(alice_client: Client) -> None:
    response = alice_client.get(reverse("landing"))

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


# --- Base layout ----------------------------------------------------------------------


def test_base_sets_the_csrf_header_for_htmx(alice_client: Client) -> None:
    body = page(alice_client.get(reverse("dashboard")))

    match = re.search(r"hx-headers='(\{[^']*\})'", body)
    assert match is not None
    token = json.loads(match.group(1))["X-CSRFToken"]
    assert len(token) >= 32


@pytest.mark.parametrize(
    ("status", "swapped"),
    [
        (200, True),
        (201, True),
        (204, False),
        (400, True),
        (409, True),
        (422, True),
        (403, False),
        (404, False),
        (500, False),
        (502, False),
    ],
)
def test_htmx_swaps_refusals_but_not_server_errors(db: None, status: int, swapped: bool) -> None:
    """htmx 2 takes the first responseHandling rule whose code regex matches the status."""
    body = page(Client().get(reverse("landing")))
    match = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", body)
    assert match is not None
    rules = json.loads(html.unescape(match.group(1)))["responseHandling"]

    rule = next(r for r in rules if re.search(r["code"], str(status)))

    assert rule["swap"] is swapped


# --- Shell ----------------------------------------------------------------------------


def test_shell_has_navigation_switcher_and_user_menu(
    alice: User, alice_account: Account, alice_client: Client
) -> None:
    other = make_account(alice, name="Second Shop")

    body = page(alice_client.get(reverse("site_list")))

    assert '<a class="skip-link" href="#main">' in body
    assert '<main id="main"' in body
    for name in ("dashboard", "site_list", "domain_list", "optimization", "accounts:overview"):
        assert f'href="{reverse(name)}"' in body
    assert f'href="{reverse("site_list")}" aria-current="page"' in body
    assert f'action="{reverse("accounts:switch")}"' in body
    assert f'name="account" value="{other.pk}"' in body
    assert f'name="account" value="{alice_account.pk}"' not in body  # the current one
    assert f'href="{reverse("accounts:new")}"' in body
    assert "alice@example.com" in body
    assert f'href="{reverse("account_email")}"' in body
    assert f'href="{reverse("account_change_password")}"' in body
    assert f'<form method="post" action="{reverse("account_logout")}">' in body


def test_customer_text_is_escaped_in_the_shell(alice: User, alice_client: Client) -> None:
    evil = "<script>alert(1)</script>"
    make_account(alice, name=evil)  # a second workspace: shown in the switcher
    Account.objects.filter(name="Alice Dental").update(name=evil + " Dental")

    body = page(alice_client.get(reverse("dashboard")))

    assert evil not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Dental" in body
    assert body.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 3  # header, switcher, page


# --- Dashboard and section pages ------------------------------------------------------


@pytest.mark.parametrize("name", ["dashboard", "site_list", "domain_list", "optimization"])
def test_pages_need_login(db: None, name: str) -> None:
    url = reverse(name)

    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


@pytest.mark.parametrize(
    ("name", "heading"),
    [
        ("dashboard", "<h1>Overview</h1>"),
        ("site_list", "<h1>Sites</h1>"),
        ("domain_list", "<h1>Domains</h1>"),
        ("optimization", "<h1>Optimization</h1>"),
    ],
)
def test_pages_render_for_a_member(alice_client: Client, name: str, heading: str) -> None:
    response = alice_client.get(reverse(name))

    assert response.status_code == 200
    body = page(response)
    assert heading in body
    assert CSS in body
    assert SHELL_NAV in body
    assert "Alice Dental" in body


def test_dashboard_without_sites_explains_what_comes(alice_client: Client) -> None:
    body = page(alice_client.get(reverse("dashboard")))

    assert 'class="empty-state"' in body
    assert f'href="{reverse("site_new")}">Create your first site</a>' in body
    assert "0 of 1" in body  # Basic: one site
    assert f'href="{reverse("accounts:plan")}"' in body


def test_dashboard_lists_only_the_current_accounts_sites(
    alice_account: Account, bob_account: Account, alice_client: Client
) -> None:
    Site.objects.create(account=alice_account, name="Smile Clinic", slug="smile", status="live")
    Site.objects.create(account=bob_account, name="Bob Pipes", slug="bob-pipes", status="live")

    body = page(alice_client.get(reverse("dashboard")))

    assert "Smile Clinic" in body
    assert "smile.code24.localhost" in body
    assert '<span class="badge badge--success">Live</span>' in body
    assert "1 of 1" in body
    assert "Bob Pipes" not in body
    assert 'class="empty-state"' not in body


def test_site_list_shows_each_status_as_a_word(
    alice_account: Account, alice_client: Client
) -> None:
    for slug, status in [("a", "building"), ("b", "failed"), ("c", "offline")]:
        Site.objects.create(account=alice_account, name=f"Site {slug}", slug=slug, status=status)

    body = page(alice_client.get(reverse("site_list")))

    assert '<span class="badge badge--info">Building</span>' in body
    assert '<span class="badge badge--danger">Failed</span>' in body
    assert '<span class="badge badge--neutral">Offline</span>' in body


def test_domains_on_basic_point_to_an_upgrade(alice_client: Client) -> None:
    body = page(alice_client.get(reverse("domain_list")))

    assert "The Basic plan doesn't include custom domains" in body
    assert f'href="{reverse("accounts:plan")}"' in body


def test_domains_on_professional_say_how_many_per_site(db: None) -> None:
    carol = make_user("carol@example.com")
    make_account(carol, name="Carol Cafe", plan=Plan.PROFESSIONAL)

    body = page(client_for(carol).get(reverse("domain_list")))

    assert "Your Professional plan lets you connect one domain to each site" in body


def test_optimization_shows_the_plans_interval(db: None, settings: Any) -> None:
    dave = make_user("dave@example.com")
    make_account(dave, name="Dave Dental", plan=Plan.ENTERPRISE)
    settings.OPTIMIZATION_INTERVAL_SECONDS = 0  # production: the plan's interval

    body = page(client_for(dave).get(reverse("optimization")))

    assert "improves each of your sites in cycles, every hour," in body


def test_optimization_says_when_the_installation_runs_cycles_more_often(
    db: None, settings: Any
) -> None:
    """The local run's 5 minutes are what happens, so the page says that, not the plan's."""
    dave = make_user("dave@example.com")
    make_account(dave, name="Dave Dental", plan=Plan.ENTERPRISE)
    settings.OPTIMIZATION_INTERVAL_SECONDS = 300

    body = page(client_for(dave).get(reverse("optimization")))

    assert (
        "in cycles, every 5 minutes (this installation&#x27;s setting; the Enterprise plan&#x27;s "
        "is every hour)," in body
    )


# --- allauth pages in our layout ------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "account_login",
        "account_signup",
        "account_email_verification_sent",
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_from_key_done",
    ],
)
def test_allauth_entrance_pages_use_our_layout(db: None, name: str) -> None:
    response = Client().get(reverse(name))

    assert response.status_code == 200
    body = page(response)
    assert CSS in body
    assert AUTH_CARD in body
    assert 'class="site-header"' in body


@pytest.mark.parametrize(
    ("name", "button"),
    [
        ("account_email", "Change Email"),
        ("account_change_password", "Change Password"),
        ("account_logout", "Log out"),
    ],
)
def test_allauth_manage_pages_use_our_shell(alice_client: Client, name: str, button: str) -> None:
    response = alice_client.get(reverse(name))

    assert response.status_code == 200
    body = page(response)
    assert CSS in body
    assert MANAGE_CARD in body
    assert SHELL_NAV in body
    assert re.search(rf'<button class="btn btn--primary"[^>]*>\s*{button}', body)


def test_confirm_email_page_uses_our_layout(db: None) -> None:
    user = make_user("new@example.com", verified=False)
    key = EmailConfirmationHMAC(EmailAddress.objects.get(user=user)).key

    response = Client().get(reverse("account_confirm_email", args=[key]))

    assert response.status_code == 200
    body = page(response)
    assert AUTH_CARD in body
    assert "new@example.com" in body
    assert '<button class="btn btn--primary" type="submit">' in body


def test_password_reset_from_key_page_uses_our_layout(db: None) -> None:
    user = make_user("forgetful@example.com")
    url = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )

    response = Client().get(url, follow=True)

    assert response.status_code == 200
    body = page(response)
    assert AUTH_CARD in body
    assert 'name="password1"' in body
    assert 'class="field"' in body


def test_password_reset_with_a_bad_key_says_so_in_our_layout(db: None) -> None:
    user = make_user("forgetful@example.com")
    url = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": "not-a-real-key"},
    )

    response = Client().get(url)

    assert response.status_code == 200
    body = page(response)
    assert AUTH_CARD in body
    assert "Bad Token" in body


def test_login_failure_shows_a_form_error(alice: User) -> None:
    response = Client().post(
        reverse("account_login"), {"login": "alice@example.com", "password": "wrong"}
    )

    assert response.status_code == 400
    body = page(response)
    assert '<div class="form-errors" role="alert">' in body
    assert "not correct" in body


def test_invalid_field_is_marked_and_described(db: None) -> None:
    response = Client().post(
        reverse("account_signup"),
        {"email": "not-an-email", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == 400
    body = page(response)
    assert re.search(r'<input[^>]*name="email"[^>]*aria-invalid="true"', body)
    assert re.search(r'<input[^>]*name="email"[^>]*aria-describedby="id_email_error"', body)
    assert '<div class="field-error" id="id_email_error">' in body


def test_email_page_shows_the_current_address_read_only(alice_client: Client) -> None:
    body = page(alice_client.get(reverse("account_email")))

    assert re.search(
        r'<input type="email" disabled id="current_email" value="alice@example.com"', body
    )
    assert '<label for="id_email">' in body


# --- Error pages ----------------------------------------------------------------------


def test_404_page_uses_our_layout(alice_client: Client) -> None:
    response = alice_client.get("/no-such-page/")

    assert response.status_code == 404
    body = page(response)
    assert "We can't find that page" in body
    assert CSS in body
    assert SHELL_NAV in body


def test_403_page_says_why(alice_account: Account) -> None:
    member = add_member(alice_account, role=Membership.Role.MEMBER)

    response = client_for(member.user).get(reverse("accounts:api_keys"))

    assert response.status_code == 403
    body = page(response)
    assert "Only the account&#x27;s owners can do this." in body
    assert CSS in body


def test_500_page_renders_without_request_context() -> None:
    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    body = page(response)
    assert "Something went wrong on our side" in body
    assert CSS in body
