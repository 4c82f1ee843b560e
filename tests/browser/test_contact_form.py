"""A visitor on a real generated site, served through the local edge (dispatcher, site
Worker in workerd) to Code24's lead endpoint, in real Chromium: a typo never loses the
message, and a visitor who sent too many is told why and when to try again."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from code24.accounts.models import Plan
from code24.ai.schemas import Brief
from code24.cloudflare.local import LocalCloudflare
from code24.cloudflare.local.edge import Edge
from sites import services
from sites.forms import LeadForm
from sites.models import Lead, Site
from tests.factories import BRIEF, make_account
from tests.sites.pipeline_fixtures import cloudflare  # noqa: F401 - fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.workerd,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MESSAGE = 'Can I book a check-up on Friday?\nMy son "Leo" <8> comes too & needs one.'
FORM = "form[action='/_forms/contact']"


@pytest.fixture
def site(
    cloudflare: LocalCloudflare,  # noqa: F811 - fixture
    live_server: Any,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> Site:
    """A site built by the real pipeline, live on the edge, sending leads to live_server."""
    settings.SITE_URL = live_server.url
    account = make_account(name="Harbour Dental Ltd", plan=Plan.PROFESSIONAL)
    with django_capture_on_commit_callbacks(execute=True):
        build = services.site_create(
            account=account, brief=Brief.model_validate(BRIEF), requested_by=None, via="test"
        )
    build.refresh_from_db()
    assert build.status == "succeeded", build.error
    return build.site


def contact_url(edge: Edge, site: Site) -> str:
    return f"http://{site.hostname}:{edge.port}/contact"


@pytest.fixture
def posts(page: Any) -> Iterator[list[str]]:
    """The form posts the browser sends."""
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if r.method == "POST" else None)
    yield sent


def fill(page: Any, *, email: str, name: str = "Ana Gómez & Co") -> None:
    page.fill(f"{FORM} input[name=name]", name)
    page.fill(f"{FORM} input[name=email]", email)
    page.fill(f"{FORM} textarea[name=message]", MESSAGE)


def test_a_typo_in_the_email_never_loses_the_message(
    page: Any, edge: Edge, site: Site, posts: list[str], tmp_path: Path
) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(contact_url(edge, site))
    assert errors == []
    fill(page, email="ana@gmail")

    # The browser refuses it: nothing leaves the page.
    page.locator(f"{FORM} button[type=submit]").click()
    assert page.locator(f"{FORM} input[name=email]").evaluate("e => e.validity.patternMismatch")
    assert page.evaluate("location.pathname") == "/contact"
    assert posts == []

    # With the browser's check bypassed, Code24 refuses it and the page comes back in the
    # site's design, with what was typed and the problem beside the field.
    page.locator(FORM).evaluate("f => f.noValidate = true")
    with page.expect_navigation() as navigation:
        page.locator(f"{FORM} button[type=submit]").click()
    answer = navigation.value
    assert answer.status == 400
    assert len(posts) == 1
    assert page.title().startswith("Message not sent: ")
    assert page.locator("header.site-header .brand span").inner_text() == "Harbour Dental"
    assert page.locator("footer.site-footer").is_visible()
    rules = page.evaluate("[...document.styleSheets].map(s => s.cssRules.length)")
    assert rules and rules[0] > 100  # the site's own stylesheet loaded and applies
    assert page.locator(f"{FORM} input[name=name]").input_value() == "Ana Gómez & Co"
    assert page.locator(f"{FORM} input[name=email]").input_value() == "ana@gmail"
    assert page.locator(f"{FORM} textarea[name=message]").input_value() == MESSAGE
    email = page.locator(f"{FORM} input[name=email]")
    assert email.get_attribute("aria-invalid") == "true"
    described = email.get_attribute("aria-describedby")
    beside = page.locator(f"#{described}")
    assert beside.inner_text() == "Enter a complete email address, like name@example.com."
    assert beside.evaluate("(p, input) => input.nextElementSibling === p", email.element_handle())
    summary = page.locator(f"{FORM} [role=alert]")
    assert "Your message has not been sent yet" in summary.inner_text()
    assert summary.evaluate("e => e === document.activeElement")  # focused, so in view
    assert errors == [
        "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    ]
    page.screenshot(path=str(tmp_path / "refused.png"), full_page=False)
    assert not Lead.objects.exists()

    # Corrected, it arrives in Code24 as a lead.
    page.fill(f"{FORM} input[name=email]", "ana@gmail.com")
    with page.expect_navigation():
        page.locator(f"{FORM} button[type=submit]").click()
    assert page.evaluate("location.pathname") == "/thanks"
    lead = Lead.objects.get(site=site)
    assert (lead.name, lead.email, lead.message) == ("Ana Gómez & Co", "ana@gmail.com", MESSAGE)
    assert lead.page == "/contact"


@pytest.mark.parametrize(
    "email",
    [
        "ana@gmail.com",
        "a.b+c@mail.example.co.uk",
        "o'brien@example.ie",
        "ana@gmail",
        "ana@gmail.",
        "ana@-gmail.com",
        "ana@gmail..com",
        "ana gomez@gmail.com",
        '"ana"@gmail.com',
        "ana@[192.0.2.1]",
        "a" * 250 + "@x.io",
    ],
)
def test_the_browser_accepts_exactly_the_emails_code24_accepts(
    page: Any, edge: Edge, site: Site, email: str
) -> None:
    page.goto(contact_url(edge, site))
    field = page.locator(f"{FORM} input[name=email]")
    field.evaluate("(e, value) => { e.value = value }", email)

    browser = field.evaluate("e => e.checkValidity() && e.value.length <= e.maxLength")
    code24 = LeadForm({"name": "Ana", "email": email, "message": "Hello"}).is_valid()

    assert browser is code24


def send(edge: Edge, site: Site, address: str) -> httpx.Response:
    """One message from a visitor at `address` (the client socket bound to it)."""
    with httpx.Client(transport=httpx.HTTPTransport(local_address=address)) as client:
        return client.post(
            f"{edge.url}/_forms/contact",
            data={"name": "Bo", "email": "bo@example.com", "message": "Hello", "website": ""},
            headers={"Host": site.hostname, "Referer": contact_url(edge, site)},
            timeout=30,
        )


def test_each_visitor_has_their_own_limit_and_the_sixth_message_says_why(
    page: Any, edge: Edge, site: Site, tmp_path: Path
) -> None:
    first = [send(edge, site, "127.0.0.2").status_code for _ in range(6)]
    other = send(edge, site, "127.0.0.3").status_code
    assert first == [303] * 5 + [429]
    assert other == 303
    assert Lead.objects.filter(site=site).count() == 6

    # The browser's visitor (127.0.0.1) sends five, then a sixth through the form.
    assert [send(edge, site, "127.0.0.1").status_code for _ in range(5)] == [303] * 5
    page.goto(contact_url(edge, site))
    fill(page, email="ana@example.com")
    with page.expect_navigation() as navigation:
        page.locator(f"{FORM} button[type=submit]").click()
    answer = navigation.value
    assert answer.status == 429
    assert answer.header_value("retry-after") in {"599", "600"}
    summary = page.locator(f"{FORM} [role=alert]").inner_text()
    assert re.search(r"sent 5 messages in a short time\. Please try again in 10 minutes\.", summary)
    assert page.locator(f"{FORM} textarea[name=message]").input_value() == MESSAGE
    assert page.locator("footer.site-footer").is_visible()
    page.screenshot(path=str(tmp_path / "rate-limited.png"), full_page=False)
    assert Lead.objects.filter(site=site).count() == 11
