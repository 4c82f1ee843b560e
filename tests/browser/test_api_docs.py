"""The API docs (/api/v1/docs) render in a real browser with every request to another
host cut off: Swagger UI is served from Code24's own static files, not from a CDN."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

# The live server is transactional; the rollback restores the plans (made by a migration).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}
# The strict policy the dashboard gets (script-src 'self'; style-src 'self'). Swagger UI
# needs no inline script or style, but its stylesheet draws its icons as data: SVG images,
# so the docs page needs img-src 'self' data: (default-src 'self' alone blocks them).
STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:"


def cut_off_other_hosts(page: Any) -> list[str]:
    """Abort every request that would leave this machine; the list of what was aborted."""
    aborted: list[str] = []

    def handle(route: Any) -> None:
        if urlsplit(route.request.url).hostname in LOOPBACK or route.request.url.startswith(
            ("data:", "blob:")
        ):
            route.continue_()
        else:
            aborted.append(route.request.url)
            route.abort()

    page.route("**/*", handle)
    return aborted


def operations_shown(page: Any) -> set[str]:
    page.wait_for_selector(".opblock-summary-path", timeout=15_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    return {path.replace("\u200b", "").strip() for path in paths}


def test_the_docs_render_and_list_the_operations_offline(page: Any, live_server: Any) -> None:
    aborted = cut_off_other_hosts(page)

    page.goto(live_server.url + "/api/v1/docs")

    assert {"/api/v1/builds", "/api/v1/sites/{site_id}/restore", "/api/v1/account"} <= (
        operations_shown(page)
    )
    assert page.locator(".info .title").inner_text().startswith("Code24 API")
    assert aborted == []


def test_the_docs_need_no_inline_script_or_style(page: Any, live_server: Any) -> None:
    """Served with the strict Content-Security-Policy the dashboard gets, the docs still
    render and the browser reports no violation."""
    cut_off_other_hosts(page)
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    def with_csp(route: Any) -> None:
        response = route.fetch()
        headers = {**response.headers, "content-security-policy": STRICT_CSP}
        route.fulfill(response=response, headers=headers)

    page.route(live_server.url + "/api/v1/docs", with_csp)
    page.goto(live_server.url + "/api/v1/docs")

    assert "/api/v1/builds" in operations_shown(page)
    page.locator(".opblock-summary-path", has_text="/api/v1/builds").first.click()
    page.wait_for_selector(".opblock-body")
    assert violations == []
