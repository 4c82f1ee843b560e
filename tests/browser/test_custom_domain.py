"""A Professional customer connects their own domain in real Chromium: adds
www.<name>.localhost, sees the records and the doctor's findings, adds the CNAME at the
local DNS provider (the local Cloudflare's stand-in for their DNS company), watches the
badge turn live without reloading, and opens the site on that hostname.

Checks run in the background as beat would run them (the sweep, every half second, in a
thread of this process: the tasks run inline here, through the same code as on a worker).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from code24.accounts.models import Plan
from code24.ai.schemas import Brief
from code24.cloudflare.local import LocalCloudflare
from code24.cloudflare.local.edge import Edge
from domains import tasks
from domains.models import CustomDomain
from sites import services
from sites.models import Site
from tests.factories import BRIEF, make_account, make_user
from tests.sites.pipeline_fixtures import cloudflare  # noqa: F401 - fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.workerd,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def site(
    cloudflare: LocalCloudflare,  # noqa: F811 - fixture
    live_server: Any,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> Site:
    settings.SITE_URL = live_server.url
    settings.DOMAINS_CHECK_FIRST_SECONDS = 1
    settings.DOMAINS_CHECK_MAX_SECONDS = 1
    settings.DOMAINS_CHECK_NOW_SECONDS = 1
    owner = make_user("rosa@padaria.example")
    account = make_account(name="Padaria da Avó Rosa", plan=Plan.PROFESSIONAL, owner=owner)
    with django_capture_on_commit_callbacks(execute=True):
        build = services.site_create(
            account=account,
            brief=Brief.model_validate({**BRIEF, "name": "Padaria Rosa"}),
            requested_by=None,
            via="test",
        )
    build.refresh_from_db()
    assert build.status == "succeeded", build.error
    return build.site


@pytest.fixture
def beat(site: Site) -> Iterator[None]:
    """The domain sweep every half second, as beat runs it."""
    stop = threading.Event()

    def run() -> None:
        try:
            while not stop.wait(0.5):
                tasks.domains_check_due.apply()
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join(timeout=10)


def signed_in(page: Any, live_server: Any, site: Site) -> None:
    membership = site.account.memberships.select_related("user").get()
    client = Client()
    client.force_login(membership.user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_a_customer_connects_a_domain_and_opens_the_site_on_it(
    page: Any,
    live_server: Any,
    site: Site,
    edge: Edge,
    cloudflare: LocalCloudflare,  # noqa: F811 - fixture
    beat: None,
) -> None:
    hostname = f"www.{site.slug}.localhost"
    signed_in(page, live_server, site)
    page.goto(f"{live_server.url}/sites/{site.pk}/domains/")
    page.fill("input[name=hostname]", hostname)
    page.uncheck("input[name=with_pair]")
    page.click("button:has-text('Add domain')")

    card = page.locator(f"#domain-{CustomDomain.objects.get().pk}")
    card.locator("[data-state=waiting]").wait_for()
    records = card.locator(".record-table")
    assert "CNAME" in records.inner_text()
    assert records.locator("[data-copy='sites.code24.localhost']").count() == 1
    card.locator(".finding--problem").first.wait_for()
    assert "CNAME" in card.locator(".findings").inner_text()

    # At the DNS provider (the local one), in another tab: the CNAME the page asked for.
    dns_link = page.locator("a:has-text('local DNS provider')").get_attribute("href")
    assert dns_link is not None
    provider = page.context.new_page()
    provider.goto(dns_link)
    provider.fill("input[name=name]", hostname)
    provider.select_option("select[name=type]", "CNAME")
    provider.fill("input[name=value]", "sites.code24.localhost")
    provider.click("button[type=submit]")
    assert hostname in provider.content()
    provider.close()

    # Back on the Domains page, nobody reloads it: the badge turns live by itself.
    url_before = page.url
    card = page.locator("#domain-cards")
    card.locator("[data-state=live]").wait_for(timeout=60_000)
    assert page.url == url_before
    assert "Your site is live at" in card.inner_text()

    page.goto(f"http://{hostname}:{edge.port}/")
    assert page.title()
    assert site.name in page.content()
    canonical = page.locator("link[rel=canonical]").get_attribute("href")
    assert canonical is not None and canonical.startswith(f"http://{hostname}")
