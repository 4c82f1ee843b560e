"""A site's Optimization page in real Chromium: the score chart is drawn, and clicking a
cycle in the table opens its page with the findings and the diff, on a desktop and on a
phone."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.factories import PASSWORD, make_account, make_cycle, make_site, make_user, make_version

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DIFF = (
    "--- a/about.html\n+++ b/about.html\n@@ -3,3 +3,4 @@\n <title>About</title>\n"
    '+<meta name="description" content="Sourdough & cakes <b>daily</b>">\n'
    '-<img src="cake.jpg">\n+<img src="cake.jpg" alt="A lemon cake">\n'
)


def log_in(page: Any, base: str, email: str) -> None:
    page.goto(base + "/auth/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/dashboard/$"))


@pytest.fixture
def site(db: None) -> Any:
    owner = make_user("owner@rosies.example")
    site = make_site(
        make_account(owner, name="Rosie's Bakery"), name="Rosie's Bakery", status="live"
    )
    make_version(site)
    start = timezone.now() - timedelta(days=12)
    for day in range(12):
        make_cycle(
            site,
            at=start + timedelta(days=day),
            health_before=60 + 3 * day,
            health_after=63 + 3 * day,
            findings=[
                {
                    "id": "image-alt",
                    "title": "Image elements have [alt] attributes",
                    "explanation": "Screen readers read alt text to people who can't see.",
                    "fix": "Describe each image in its alt attribute.",
                    "offenders": [
                        {"page": "/", "selector": "img", "snippet": '<img src="cake.jpg">'}
                    ],
                }
            ],
            fixes=[
                {
                    "fixer": "image-alt",
                    "summary": "Added alt text to 1 image.",
                    "files": ["about.html"],
                }
            ],
            diff=DIFF,
        )
    return site


@pytest.mark.parametrize(("width", "height", "chart"), [(1280, 900, "wide"), (390, 844, "narrow")])
def test_the_chart_is_drawn_and_a_cycle_opens_with_its_findings_and_diff(
    browser: Any, live_server: Any, site: Any, width: int, height: int, chart: str
) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        log_in(page, live_server.url, "owner@rosies.example")
        page.goto(f"{live_server.url}/sites/{site.pk}/optimization/")

        svg = page.locator(f"svg.chart-svg--{chart}")
        assert svg.is_visible()
        box = svg.bounding_box()
        assert box is not None and box["width"] > 250 and box["height"] > 150
        assert box["x"] + box["width"] <= width  # fits the screen
        assert (
            page.locator(f"svg.chart-svg--{chart} .chart-series--health .chart-point").count() == 12
        )
        assert page.locator(".chart-legend li").count() == 6
        assert page.locator(".health-score-value").first.inner_text() == "96"

        page.get_by_role("link", name="Cycle 3", exact=True).click()
        page.wait_for_url(re.compile(rf"/sites/{site.pk}/optimization/cycles/3/$"))
        assert page.get_by_role("heading", name="Image elements have [alt] attributes").is_visible()
        page.get_by_text("Where (1)").click()
        assert page.locator(".offender-snippet").inner_text() == '<img src="cake.jpg">'
        added = page.locator(".diff-line--add").first
        assert added.inner_text().startswith("+<meta")
        colour = added.evaluate("el => getComputedStyle(el).backgroundColor")
        assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
        assert page.locator(".diff-line--del").inner_text() == '-<img src="cake.jpg">'
        assert page.locator(".diff-wrap").evaluate("el => getComputedStyle(el).overflowY") == "auto"
    finally:
        context.close()
