"""Fixtures and helpers of the dashboard, API, lead and admin tests of sites.

tests/sites/conftest.py offers the fixtures; a module that wants the tasks recorded
instead of run (so it needs neither the pipeline nor Cloudflare) and its site files in a
temporary directory says `pytestmark = pytest.mark.usefixtures("site_files", "queued")`.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from code24.accounts.models import Account, Membership, Plan, Subscription, User
from sites import hosting, tasks
from tests.factories import add_member, make_user


@pytest.fixture
def site_files(settings: Any, tmp_path: Path) -> Path:
    """Site files go to a temporary MEDIA_ROOT (the default storage follows the setting)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


class Recorder:
    """Stands in for the enqueued tasks and the Cloudflare route calls, for the tests of
    what a view or an API call decides (status codes, refusals, what it enqueues). What
    those tasks and routes then do runs for real elsewhere: a whole build through a real
    worker (test_build_worker.py), the site actions against the local Cloudflare and its
    edge (test_site_actions_edge.py), the journey in Chromium (test_build_journey.py)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []

    def record(self, name: str) -> Any:
        def call(*args: Any, **kwargs: Any) -> None:
            self.calls.append((name, args))

        return call

    def named(self, name: str) -> list[tuple[Any, ...]]:
        return [args for called, args in self.calls if called == name]


@pytest.fixture
def queued(monkeypatch: pytest.MonkeyPatch) -> Iterator[Recorder]:
    recorder = Recorder()
    monkeypatch.setattr(tasks.build_run, "delay_on_commit", recorder.record("build_run"))
    monkeypatch.setattr(
        tasks.version_publish, "delay_on_commit", recorder.record("version_publish")
    )
    monkeypatch.setattr(
        tasks.site_remove_from_cloudflare,
        "delay_on_commit",
        recorder.record("site_remove_from_cloudflare"),
    )
    monkeypatch.setattr(tasks.routes_remove, "delay_on_commit", recorder.record("routes_remove"))
    # Cloudflare's routes: recorded, not written (these tests need no local Cloudflare).
    monkeypatch.setattr(hosting, "route_write", recorder.record("route_write"))
    monkeypatch.setattr(hosting, "route_delete", recorder.record("route_delete"))
    yield recorder


def on_plan(account: Account, slug: str) -> Account:
    Subscription.objects.filter(account=account).update(plan=Plan.objects.get(slug=slug))
    return Account.objects.get(pk=account.pk)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def carol(alice_account: Account) -> User:
    """Carol is a plain member of Alice's account."""
    return add_member(alice_account, make_user("carol@example.com"), Membership.Role.MEMBER).user


@pytest.fixture
def dave(alice_account: Account) -> User:
    """Dave is an admin of Alice's account."""
    return add_member(alice_account, make_user("dave@example.com"), Membership.Role.ADMIN).user


def text(response: Any) -> str:
    """The page as a person reads it (entities decoded)."""
    return html.unescape(response.content.decode())


XSS = '<script>alert("x")</script>'

# One realistic output per step, shaped as the pipeline stores them.
AI = {"provider": "builtin", "model": "playbooks-1", "attempts": 1, "fallback_reason": ""}
OUTPUTS: dict[str, dict[str, Any]] = {
    "market_research": {
        **AI,
        "value": {
            "summary": "Families choose a dentist they trust.",
            "audience_segments": [
                {"name": "Working parents", "needs": ["Evening hours"]},
                {"name": "Nervous patients", "needs": ["Gentle care"]},
            ],
            "search_intents": ["dentist near me"],
            "keywords": ["family dentist portsmouth", "emergency dentist", "teeth whitening"],
            "converting_sections": ["hero", "services"],
            "trust_signals": ["GDC registered"],
        },
    },
    "competitive_analysis": {
        **AI,
        "value": {
            "opportunities": ["Show evening hours first", "Publish prices"],
            "summary": "Competitors hide their prices.",
            "competitors": [
                {"url": "https://rival.example/", "ok": True, "title": "Rival Dental"},
                {"url": "https://gone.example/", "ok": False, "error": "It did not answer."},
            ],
        },
    },
    "brand": {
        "provider": "openai",
        "model": "gpt-test",
        "attempts": 2,
        "fallback_reason": "",
        "value": {
            "display_name": "Harbour Dental",
            "tagline": "Gentle dentistry, evenings included",
            "voice": ["warm", "reassuring"],
            "palette": {},
            "contrast": [
                {
                    "foreground": "#1a2b3c",
                    "background": "#ffffff",
                    "ratio": 14.27,
                    "passes_aa": True,
                    "usage": "text_on_background",
                },
                {
                    "foreground": "#ffffff",
                    "background": "#0b6e4f",
                    "ratio": 6.1,
                    "passes_aa": True,
                    "usage": "on_primary",
                },
            ],
            "heading_font": "Georgia, serif",
            "body_font": "system-ui, sans-serif",
        },
    },
    "design": {
        # The model failed twice: the built-in writer's design was used, saying why.
        "provider": "builtin",
        "model": "code24-playbooks-1",
        "attempts": 2,
        "fallback_reason": "The model's answer did not match the schema twice.",
        "value": {
            "pages": [
                {"slug": "index", "nav_label": "Home", "sections": [{"kind": "hero"}]},
                {"slug": "services", "nav_label": "Treatments", "sections": [{"kind": "services"}]},
                {"slug": "about", "nav_label": "About", "sections": [{"kind": "about"}]},
                {"slug": "contact", "nav_label": "Contact", "sections": [{"kind": "contact"}]},
                {"slug": "privacy", "nav_label": "Privacy", "sections": [{"kind": "legal"}]},
            ],
            "primary_cta_label": "Book a visit",
            "primary_cta_page": "contact",
            "layout": "warm",
        },
    },
    "content": {
        # Written page by page: the model wrote the home page, the built-in writer the rest.
        "provider": "openai",
        "model": "gpt-test",
        "attempts": 5,
        "fallback_reason": (
            "the built-in writer wrote 2 of 3 parts (about, faq and structured data)"
        ),
        "parts": [
            {
                "part": "index",
                "provider": "openai",
                "model": "gpt-test",
                "attempts": 1,
                "fallback_reason": "",
            },
            {
                "part": "about",
                "provider": "builtin",
                "model": "code24-playbooks-1",
                "attempts": 2,
                "fallback_reason": "the answer was cut off at 900 tokens",
            },
            {
                "part": "faq and structured data",
                "provider": "builtin",
                "model": "code24-playbooks-1",
                "attempts": 2,
                "fallback_reason": "price '12' is not in the business's facts",
            },
        ],
        "value": {
            "pages": [
                {"slug": "index", "h1": "Gentle dentistry in Portsmouth", "meta_title": "Home"},
                {"slug": "about", "h1": "Meet the team", "meta_title": "About"},
            ],
            "faq": [{"question": "Do you see children?", "answer": "Yes."}],
            "structured_data": {"schema_type": "Dentist", "description": "A clinic."},
        },
    },
    "develop": {
        "files": {
            "index.html": {"name": "x", "sha256": "a", "bytes": 20480, "content_type": "text/html"},
            "styles.css": {"name": "y", "sha256": "b", "bytes": 4096, "content_type": "text/css"},
        },
        "content_hash": "abc",
        "pages": ["index.html"],
        "total_bytes": 24576,
    },
    "qa": {
        "checks": [
            {"name": "HTML parses", "passed": True, "details": []},
            {"name": "Links resolve", "passed": True, "details": []},
            {"name": "Served by the Worker", "passed": True, "details": []},
        ],
        "passed": True,
    },
    "deploy": {"script": "site-1", "etag": "e", "route": "x", "version": 3, "version_id": 1},
    "activate": {"url": "http://harbour.code24.localhost:8788", "version": 3},
}
