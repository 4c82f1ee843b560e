"""Every dashboard page works in Chromium under Code24's strict Content-Security-Policy:
no page breaks a rule (no inline script or style, nothing from another host)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from code24.accounts.models import Plan
from code24.ai.schemas import Brief
from code24.cloudflare.local import LocalCloudflare
from code24.middleware import CONTENT_SECURITY_POLICY
from sites import services
from sites.models import Build
from tests.factories import BRIEF, PASSWORD, make_account, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.workerd,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Runs before any script of the page (Playwright injects it outside the page's CSP).
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def _violations(page: Any) -> list[str]:
    found: list[str] = page.evaluate("window.__cspViolations")
    for frame in page.frames[1:]:
        found += frame.evaluate("window.__cspViolations || []")
    return found


def test_the_dashboard_pages_keep_to_the_policy(
    browser: Any, live_server: Any, settings: Any, cloudflare: LocalCloudflare
) -> None:
    settings.SITE_URL = live_server.url
    owner = make_user("owner@harbour.example")
    account = make_account(owner, name="Harbour Dental", plan=Plan.PROFESSIONAL)
    build = services.site_create(
        account=account, brief=Brief.model_validate(BRIEF), requested_by=owner
    )  # the tasks run inline: the site is built and live on the local Cloudflare
    build.refresh_from_db()
    assert build.status == Build.Status.SUCCEEDED, build.error
    site = build.site

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH_VIOLATIONS)
    console: list[str] = []
    page = context.new_page()
    page.on("console", lambda message: console.append(message.text))
    page.set_default_timeout(15_000)

    page.goto(live_server.url + "/auth/login/")
    page.fill("input[name=login]", owner.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/dashboard/$"))

    paths = [
        "/dashboard/",
        "/sites/",
        "/sites/new/",
        f"/sites/{site.pk}/",
        f"/builds/{build.pk}/",
        "/account/",
        "/account/members/",
        "/account/api-keys/",
        "/account/plan/",
        "/domains/",
        "/optimization/",
        "/api/v1/docs",
    ]
    for path in paths:
        response = page.goto(live_server.url + path)
        assert response is not None and response.ok, path
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY, path
        page.wait_for_load_state("load")
        assert _violations(page) == [], path
        if not path.startswith("/api/"):  # the API docs are Swagger UI, not a dashboard page
            assert page.evaluate("typeof window.htmx") == "object", path  # htmx ran

    # The site page's preview frame renders the site (its own, stricter policy).
    page.goto(f"{live_server.url}/sites/{site.pk}/")
    preview = page.frame_locator("iframe")
    assert preview.locator("h1").first.inner_text()
    assert not [line for line in console if "Content Security Policy" in line], console

    # Staff pages (Django admin) keep to it too.
    staff = make_user("staff@code24.example")
    staff.is_staff = staff.is_superuser = True
    staff.save()
    page.goto(live_server.url + "/auth/logout/")
    page.locator("main form button[type=submit]").first.click()
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", staff.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    for path in ["/admin/", "/admin/sites/site/", f"/admin/sites/site/{site.pk}/change/"]:
        response = page.goto(live_server.url + path)
        assert response is not None and response.ok, path
        page.wait_for_load_state("load")
        assert _violations(page) == [], path
    context.close()


def test_every_response_carries_the_policy_and_the_preview_keeps_its_own(
    client: Client,
) -> None:
    response = client.get("/")
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY
    assert "camera=()" in response["Permissions-Policy"]
    assert "interest-cohort" not in response["Permissions-Policy"]
