"""A customer's first site in real Chromium, through the real parts: log in, fill the brief
in the dashboard, watch the build's steps tick on the build page (htmx polls it; the page is
never reloaded), open the live site on the local edge (workerd), send its contact form (the
site's Worker forwards it to Code24's forms endpoint on the live server) and read the
message on the site's page in the dashboard.

The build runs in a real Celery worker process on the configured broker (Redis in CI). Its
AI steps are the built-in writer's, the default provider, which needs no network.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from code24.accounts.models import Plan
from code24.cloudflare.local import LocalCloudflare
from code24.cloudflare.local.edge import Edge
from sites.models import Build, Lead, Site
from sites.pipeline.runner import STEP_NAMES
from tests.core.celery_processes import running_worker
from tests.factories import BRIEF, PASSWORD, make_account, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.workerd,
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL = "rosa@harbour-dental.example"
FORM = "form[action='/_forms/contact']"
MESSAGE = "Do you have an evening appointment next week for my son and me?"

# Records, from the moment it runs, every state of the build page's steps (the class of
# each step: is-pending, is-running, is-succeeded, is-failed) as htmx swaps them in, and
# marks the page so a reload would show (the mark would be gone).
WATCH_STEPS = """() => {
  window.__samePage = true;
  window.__stepStates = [];
  const record = () => {
    const state = [...document.querySelectorAll("li.stepper-step")].map(
      (li) => [...li.classList].find((c) => c.startsWith("is-")));
    const last = window.__stepStates[window.__stepStates.length - 1];
    if (JSON.stringify(state) !== JSON.stringify(last)) window.__stepStates.push(state);
  };
  record();
  new MutationObserver(record).observe(document.body, {childList: true, subtree: true});
}"""


@pytest.fixture
def customer(db: None) -> Any:
    return make_account(make_user(EMAIL), name="Harbour Dental Ltd", plan=Plan.PROFESSIONAL)


def test_brief_to_live_site_to_contact_form_to_lead(
    page: Any,
    live_server: Any,
    cloudflare: LocalCloudflare,
    edge: Edge,
    settings: Any,
    customer: Any,
    tmp_path: Path,
) -> None:
    settings.SITE_URL = live_server.url  # where the sites' Workers forward their forms
    settings.SITE_ADDRESS = "http://{host}:" + str(edge.port)  # the sites are on this edge
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    with running_worker(tmp_path) as worker:
        page.goto(live_server.url + "/auth/login/")
        page.fill("input[name=login]", EMAIL)
        page.fill("input[name=password]", PASSWORD)
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_url(re.compile(r"/dashboard/$"))

        # The brief, typed into the dashboard's new-site form.
        page.get_by_role("link", name="Create your first site").click()
        page.wait_for_url(re.compile(r"/sites/new/$"))
        page.fill("#id_name", "Harbour Dental")
        page.select_option("#id_business_type", BRIEF["business_type"])
        page.check(f"input[name=primary_goal][value={BRIEF['primary_goal']}]")
        page.fill("#id_description", BRIEF["description"])
        build_button = page.get_by_role("button", name="Build my site")
        build_button.click()
        # The services the description names are shown, filled in, before building.
        page.wait_for_selector("#found-heading")
        assert "Check-ups" in page.locator("#id_offers").input_value()
        build_button.click()
        page.wait_for_url(re.compile(r"/builds/\d+/$"))
        build = Build.objects.get(site__account=customer)

        # The steps tick on the page as the worker does them.
        page.evaluate(WATCH_STEPS)
        worker.wait_for(
            lambda: page.locator(".build-result").count() > 0, 90, "the page shows the result"
        )
        states: list[list[str]] = page.evaluate("window.__stepStates")
        assert page.evaluate("window.__samePage === true"), "the page was reloaded"
    build.refresh_from_db()
    assert build.status == Build.Status.SUCCEEDED, build.error
    assert "sites.tasks.build_run" in worker.log.read_text()
    assert page.locator(".build-result h2").inner_text() == "Your site is live"
    assert all(len(state) == len(STEP_NAMES) for state in states)
    assert states[-1] == ["is-succeeded"] * len(STEP_NAMES)
    assert any("is-running" in state for state in states[:-1]), states
    done = [state.count("is-succeeded") for state in states]
    assert done == sorted(done) and len(set(done)) > 1, states  # forward, step by step

    # The live site, on the local edge.
    site = Site.objects.get(pk=build.site_id)
    page.get_by_role("link", name="Open your site").first.click()
    page.wait_for_url(f"http://{site.hostname}:{edge.port}/")
    assert page.locator("header.site-header .brand span").inner_text() == "Harbour Dental"
    assert "Harbour Dental" in page.title()

    # Its contact form: the site's Worker forwards it to Code24, the visitor is thanked.
    page.locator("header.site-header").get_by_role("link", name="Contact").first.click()
    page.wait_for_url(re.compile(r"/contact$"))
    page.fill(f"{FORM} input[name=name]", "Ana Gómez")
    page.fill(f"{FORM} input[name=email]", "ana@example.com")
    page.fill(f"{FORM} textarea[name=message]", MESSAGE)
    with page.expect_navigation():
        page.locator(f"{FORM} button[type=submit]").click()
    assert page.evaluate("location.pathname") == "/thanks"
    lead = Lead.objects.get(site=site)
    assert (lead.name, lead.email, lead.message, lead.page) == (
        "Ana Gómez",
        "ana@example.com",
        MESSAGE,
        "/contact",
    )

    # The message, on the site's page in the dashboard.
    page.goto(f"{live_server.url}/sites/{site.pk}/")
    table = page.locator(".lead-table").inner_text()
    assert "Ana Gómez" in table and "ana@example.com" in table and MESSAGE in table
    assert errors == []
    page.screenshot(path=str(tmp_path / "lead.png"), full_page=False)
