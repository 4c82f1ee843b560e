"""XSS and injection: text from customers, visitors, competitors' websites and AI models
reaches pages, the preview, generated sites and emails only as text.

Every page is parsed, and the checks are on its structure: no element, attribute, URL or
style that the attack strings could have made.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from code24.accounts import services as account_services
from code24.accounts.models import Account, Invitation, Membership, User
from code24.ai import builtin
from code24.ai.contrast import ensure_contrast
from code24.ai.schemas import Brand, Brief
from sites.generator import render_site
from sites.models import Lead
from tests.factories import add_member, make_api_key, make_build, make_user, make_version
from tests.security.conftest import Objects, client_for
from tests.sites.site_fixtures import Recorder

ATTACKS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "' onmouseover='alert(3)",
    '" onmouseover="alert(4)',
    "javascript:alert(5)",
    "</textarea><svg onload=alert(6)>",
    "{{ 7*7 }}{% debug %}",
]
ATTACK = " ".join(ATTACKS)
# Elements that load something: the pages' own load only from their own origin (the attack
# strings' <img src=x> does not; an injected <svg> or a </textarea> break-out shows up as an
# on* attribute instead).
LOADING_TAGS = {"img", "iframe", "object", "embed", "base", "frame", "applet", "script"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "hx-get", "hx-post", "data-copy"}


class Page(HTMLParser):
    def __init__(self, body: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.inline_scripts: list[tuple[str, str]] = []  # (type, text)
        self._script: str | None = None
        self.feed(body)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.tags.append((tag, values))
        self._script = values.get("type", "text/javascript") if tag == "script" else None

    def handle_endtag(self, tag: str) -> None:
        self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None and data.strip():
            self.inline_scripts.append((self._script, data))


def assert_clean(body: str, where: str) -> None:
    """No element, attribute, URL, style or script an attack string could have made."""
    page = Page(body)
    for tag, attrs in page.tags:
        assert not [a for a in attrs if a.startswith("on")], (where, tag, attrs)
        if tag in LOADING_TAGS and (tag != "script" or "src" in attrs):
            source = attrs.get("src") or attrs.get("data") or attrs.get("href") or ""
            assert source.startswith("/") and not source.startswith("//"), (where, tag, attrs)
        for name in URL_ATTRIBUTES & set(attrs):
            value = re.sub(r"[\s\x00-\x1f]", "", attrs[name]).lower()
            assert not value.startswith(("javascript:", "vbscript:")), (where, tag, attrs)
            if value.startswith("data:"):  # the dashboard's inline favicon only
                assert tag == "link" and attrs.get("rel") == "icon", (where, tag, attrs)
        style = attrs.get("style", "").lower()
        assert "url(" not in style and "expression(" not in style, (where, tag, attrs)
    for kind, text in page.inline_scripts:
        # The only inline scripts are structured data: JSON that markup cannot break out of.
        assert kind == "application/ld+json", (where, kind, text[:200])
        json.loads(text)
        assert "<" not in text, where


def _text(body: str) -> str:
    return html.unescape(body)


# --- The dashboard ----------------------------------------------------------------------


@pytest.fixture
def hostile(alice: User, pro_alice: Account, site_files: Any, queued: Recorder) -> dict[str, Any]:
    """Every text a customer, a visitor, a teammate or an AI model can set, hostile."""
    alice.name = ATTACK[:150]
    alice.save()
    Account.objects.filter(pk=pro_alice.pk).update(name=ATTACK[:100])
    objects = Objects(Account.objects.get(pk=pro_alice.pk), ATTACK[:100])
    Lead.objects.create(
        site=objects.site,
        name=ATTACK[:200],
        email="ann@example.com",
        phone="javascript:alert(1)",
        message=ATTACK,
        page=ATTACK[:300],
    )
    teammate = make_user("mallory@example.com")
    teammate.name = ATTACK[:150]
    teammate.save()
    add_member(pro_alice, teammate, Membership.Role.MEMBER)
    Invitation.objects.create(account=pro_alice, email="zed@example.com", invited_by=teammate)
    make_api_key(pro_alice, name=ATTACK[:100])
    build = make_build(
        objects.site,
        status="failed",
        error=ATTACK,
        steps={**hostile_outputs(), "activate": ("failed", None)},
    )
    return {"objects": objects, "build": build}


def hostile_outputs() -> dict[str, tuple[str, Any]]:
    """What a hostile or broken AI model (or a competitor's page) could put in each step."""
    ai = {"provider": ATTACK, "model": ATTACK, "fallback_reason": ATTACK}
    return {
        "market_research": (
            "succeeded",
            {
                **ai,
                "value": {
                    "keywords": ATTACKS,
                    "audience_segments": [{"name": a} for a in ATTACKS],
                    "trust_signals": ATTACKS,
                },
            },
        ),
        "competitive_analysis": (
            "succeeded",
            {
                **ai,
                "value": {
                    "opportunities": ATTACKS,
                    "competitors": [
                        {"url": "javascript:alert(1)", "ok": False, "error": ATTACK},
                        {"url": ATTACK, "ok": True, "title": ATTACK},
                    ],
                },
            },
        ),
        "brand": (
            "succeeded",
            {
                **ai,
                "value": {
                    "tagline": ATTACK,
                    "voice": ATTACKS,
                    "heading_font": ATTACK,
                    "body_font": ATTACK,
                    "contrast": [
                        {
                            "foreground": "red;background:url(javascript:alert(1))",
                            "background": "#ffffff",
                            "ratio": 5,
                            "passes_aa": True,
                            "usage": ATTACK,
                        },
                        {
                            "foreground": "#000000",
                            "background": '#ffffff"><img src=x onerror=alert(1)>',
                            "ratio": 5,
                            "passes_aa": True,
                            "usage": ATTACK,
                        },
                        {
                            "foreground": "#000000",
                            "background": "#ffffff",
                            "ratio": 21,
                            "passes_aa": True,
                            "usage": ATTACK,
                        },
                    ],
                },
            },
        ),
        "design": (
            "succeeded",
            {
                **ai,
                "value": {
                    "pages": [{"slug": ATTACK, "nav_label": ATTACK}],
                    "primary_cta_label": ATTACK,
                    "layout": ATTACK,
                },
            },
        ),
        "content": (
            "succeeded",
            {**ai, "value": {"pages": [{"h1": ATTACK}], "faq": [{}]}},
        ),
        "develop": (
            "succeeded",
            {"files": {"index.html": {"bytes": 1}}, "pages": [ATTACK], "total_bytes": 1},
        ),
        "qa": (
            "succeeded",
            {"checks": [{"name": ATTACK, "passed": False, "details": ATTACKS}]},
        ),
        "deploy": ("succeeded", {"version": ATTACK, "script": ATTACK}),
    }


def test_the_build_page_shows_hostile_ai_output_as_text(
    alice: User, hostile: dict[str, Any]
) -> None:
    client = client_for(alice)
    url = reverse("build_detail", args=[hostile["build"].pk])

    page = client.get(url)
    partial = client.get(url, HTTP_HX_REQUEST="true")

    for response in (page, partial):
        assert response.status_code in {200, 286}
        body = response.content.decode()
        assert_clean(body, url)
        assert "<script>alert(1)</script>" in _text(body)  # shown, as text
    # Colours that are not #rrggbb never reach a style attribute.
    assert "url(javascript" not in page.content.decode()


def test_an_activate_link_that_is_not_http_is_not_linked(alice: User, alices: Objects) -> None:
    build = make_build(
        alices.site,
        status="succeeded",
        steps={"activate": ("succeeded", {"url": "javascript:alert(1)//http://x"})},
    )

    body = client_for(alice).get(reverse("build_detail", args=[build.pk])).content.decode()

    assert_clean(body, "build")
    assert "javascript:alert(1)//http://x" not in _text(body)


def test_every_dashboard_page_shows_hostile_text_as_text(
    alice: User, hostile: dict[str, Any]
) -> None:
    client = client_for(alice)
    site = hostile["objects"].site
    urls = [
        reverse("dashboard"),
        reverse("site_list"),
        reverse("site_new"),
        reverse("site_detail", args=[site.pk]),
        reverse("site_delete", args=[site.pk]),
        reverse("build_detail", args=[hostile["build"].pk]),
        reverse("domain_list"),
        reverse("optimization"),
        reverse("accounts:overview"),
        reverse("accounts:members"),
        reverse("accounts:plan"),
        reverse("accounts:api_keys"),
    ]

    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_clean(response.content.decode(), url)


def test_a_hostile_brief_posted_to_the_form_is_shown_back_as_text(
    alice_client: Client, pro_alice: Account, queued: Recorder
) -> None:
    response = alice_client.post(
        reverse("site_new"),
        {
            "name": ATTACKS[1],
            "description": ATTACK,
            "business_type": "not-a-type" + ATTACKS[1],
            "primary_goal": ATTACKS[2],
            "email": ATTACKS[3],
            "competitor_urls": "javascript:alert(1)\n" + ATTACKS[1],
        },
    )

    assert response.status_code == 400
    assert_clean(response.content.decode(), "site_new")


def test_an_account_named_with_markup_is_text_in_the_switcher(
    alice: User, alice_account: Account
) -> None:
    other = account_services.account_create(owner=alice, name=ATTACKS[1][:100])

    body = client_for(alice).get(reverse("dashboard")).content.decode()

    assert_clean(body, "dashboard")
    assert other.name in _text(body)


# --- The admin's pretty-printed JSON ----------------------------------------------------


def test_the_admin_shows_hostile_briefs_and_outputs_as_text(hostile: dict[str, Any]) -> None:
    staff = User.objects.create_superuser("staff@example.com", "pw")
    client = client_for(staff)
    build = hostile["build"]
    site = hostile["objects"].site
    step = build.steps.get(name="brand")
    urls = [
        reverse("admin:sites_site_change", args=[site.pk]),
        reverse("admin:sites_build_change", args=[build.pk]),
        reverse("admin:sites_buildstep_change", args=[step.pk]),
        reverse("admin:sites_lead_changelist"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_clean(response.content.decode(), url)


# --- The preview ------------------------------------------------------------------------


def test_the_preview_runs_no_script_whatever_the_files_hold(alice: User, alices: Objects) -> None:
    make_version(
        alices.site,
        files={
            "index.html": b"<h1>x</h1><script>alert(1)</script><a href='/about'>About</a>",
            "about.html": b"<p>About</p>",
            "logo.svg": b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
            "styles.css": b"body{background:url(/x.png)}",
            "404.html": b"<p>Not here</p><script>alert(1)</script>",
        },
    )
    client = client_for(alice)
    pages = {
        "": 200,
        "about": 200,
        "logo.svg": 200,
        "styles.css": 200,
        "missing": 404,
    }

    for path, status in pages.items():
        response = client.get(reverse("site_preview", args=[alices.site.pk, path]))
        assert response.status_code == status, path
        csp = response["Content-Security-Policy"]
        assert "script-src 'none'" in csp and "sandbox" in csp, path
        assert "allow-scripts" not in csp, path
        assert response["X-Content-Type-Options"] == "nosniff"
        if path in {"", "missing"}:
            assert b"<script" not in response.content, path
    etag = client.get(reverse("site_preview", args=[alices.site.pk, ""]))["ETag"]
    cached = client.get(reverse("site_preview", args=[alices.site.pk, ""]), HTTP_IF_NONE_MATCH=etag)
    assert cached.status_code == 304
    assert "sandbox" in cached["Content-Security-Policy"]


@pytest.mark.parametrize(
    "path",
    [
        "../../code24/settings.py",
        "..%2f..%2fcode24%2fsettings.py",
        "%2e%2e/%2e%2e/code24/settings.py",
        "%252e%252e/settings.py",
        "..\\..\\code24\\settings.py",
        "/etc/passwd",
        "//etc/passwd",
        "index.html%00",
        "index.html%00.png",
        "%00",
        "about/../../../manage.py",
        "./index.html/..",
    ],
)
def test_the_preview_serves_only_the_versions_files(
    alice: User, alices: Objects, path: str
) -> None:
    url = reverse("site_preview", args=[alices.site.pk, ""]) + path

    response = client_for(alice).get(url)

    assert response.status_code == 404, path
    assert b"DJANGO_SETTINGS_MODULE" not in response.content
    assert b"root:" not in response.content


# --- A generated site -------------------------------------------------------------------


def test_a_hostile_brief_and_hostile_competitor_pages_become_a_site_of_text() -> None:
    """The whole built-in AI team and the generator, from a brief and competitor pages
    with an attack in every text field, to the HTML of every page."""
    brief = Brief(
        name=ATTACKS[1][:100],
        description=ATTACK,
        business_type="dental-clinic",
        primary_goal="bookings",
        audience=ATTACK[:500],
        tone=ATTACKS[2],
        location=ATTACKS[0],
        services=ATTACKS,
        phone='+44 1 "><img src=x>',
        email='"><img src=x onerror=alert(1)>@example.com',
        address=ATTACK[:300],
    )
    competitor = {
        "url": "https://rival.example/",
        "ok": True,
        "title": ATTACK,
        "description": ATTACK,
        "headings": ATTACKS,
        "calls_to_action": ATTACKS,
        "offers": ATTACKS,
        "contact_methods": ATTACKS,
        "keywords": ATTACKS,
    }
    research = builtin.generate("market_research", brief, {})
    insights = builtin.generate(
        "competitive_insights",
        brief,
        {"market_research": research.model_dump(), "competitors": [competitor]},
    )
    context: dict[str, Any] = {
        "market_research": research.model_dump(),
        "competitive_analysis": insights.model_dump(),
    }
    brand = builtin.generate("brand", brief, context)
    assert isinstance(brand, Brand)
    palette, pairs = ensure_contrast(brand.palette)
    brand = brand.model_copy(update={"palette": palette, "contrast": pairs})
    context["brand"] = brand.model_dump()
    design = builtin.generate("design", brief, context)
    context["design"] = design.model_dump()
    content = builtin.generate("content", brief, context)

    files = render_site(
        brief=brief,
        brand=brand,
        design=design,  # type: ignore[arg-type]
        content=content,  # type: ignore[arg-type]
        site_url="https://harbour.code24.dev",
        form_action="/_forms/contact",
        site_id=1,
        year=2025,
    )

    html_files = [path for path in files if path.endswith(".html")]
    assert len(html_files) >= 4
    for path in html_files:
        body = files[path].decode()
        assert_clean(body, path)
        assert "<img" not in body
        for tag, attrs in Page(body).tags:
            if tag == "a" and attrs.get("href", "").startswith(("mailto:", "tel:")):
                assert re.fullmatch(r"(mailto:[\w.%+@-]+|tel:\+?\d+)", attrs["href"]), attrs
    assert b"<script" not in files["favicon.svg"]


# --- Emails ---------------------------------------------------------------------------


def test_invitation_emails_resist_header_injection_and_markup(
    alice: User, alice_account: Account, django_capture_on_commit_callbacks: Any
) -> None:
    alice.name = "Alice\r\nBcc: victim@example.com <b>bold</b>"
    alice.save()
    Account.objects.filter(pk=alice_account.pk).update(
        name="Evil\r\nBcc: all@example.com\nSubject: x <img src=x>"
    )
    account = Account.objects.get(pk=alice_account.pk)

    with django_capture_on_commit_callbacks(execute=True):
        invitation = account_services.invitation_create(
            account=account, email="carol@example.com", role="member", invited_by=alice
        )

    assert invitation.pk
    [message] = mail.outbox
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.recipients() == ["carol@example.com"]
    assert message.bcc == []
    body = str(message.alternatives[0][0])  # type: ignore[attr-defined]
    assert_clean(body, "invitation email")
    assert "<b>bold</b>" not in body


def test_the_invitation_form_refuses_an_address_with_a_line_break(
    alice_client: Client, alice_account: Account
) -> None:
    response = alice_client.post(
        reverse("accounts:members"),
        {"email": "carol@example.com\r\nBcc: all@example.com", "role": "member"},
    )

    assert response.status_code == 400
    assert Invitation.objects.count() == 0
    assert mail.outbox == []


# --- What the code may mark as safe -------------------------------------------------------

# Every place that turns off escaping, each read and found sound; a new one fails this test
# until someone has read it too.
UNESCAPED = {
    "templates/_field.html": 3,  # help_text|safe: help texts are ours (allauth's hold links)
    "templates/emails/invitation.txt": 1,  # the plain-text email: no HTML to escape for
    "templates/emails/domain_live.txt": 1,  # plain-text emails, as above
    "templates/emails/domains_disconnected.txt": 1,
    "templates/emails/payment_failed.txt": 1,
    "templates/emails/certificate_expiring.txt": 1,
    "templates/emails/cycle_report.txt": 1,
    "sites/generator/render.py": 1,  # JSON-LD with <, > and & escaped as \u003c...
    "sites/generator/art.py": 6,  # SVG from constants, numbers and escaped labels
}
MARKERS = re.compile(
    r"\|\s*safe(?:seq)?\b|mark_safe\(|SafeString\(|SafeText\(|autoescape\s+off|"
    r"""\s[\w:@.-]+=\{[{%]"""  # an attribute value without quotes
)


def test_escaping_is_turned_off_only_where_it_was_reviewed() -> None:
    root = Path(settings.BASE_DIR)
    found = {}
    for folder in ("templates", "code24", "sites", "domains", "optimization"):
        for path in (root / folder).rglob("*"):
            if path.suffix not in {".py", ".html", ".txt"} or "node_modules" in path.parts:
                continue
            if "local" in path.relative_to(root).parts:  # the local Cloudflare: no HTML
                continue
            count = len(MARKERS.findall(path.read_text()))
            if count:
                found[path.relative_to(root).as_posix()] = count
    assert found == UNESCAPED
    from sites.generator.render import _engine

    assert _engine().autoescape is True
