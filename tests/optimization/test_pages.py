"""The optimization pages: a site's Optimization page in each state (no cycles, running
with its live partial, done, rolled back, failed), pause / resume / run now, proposals,
the cycle page, the milestone report, the account overview, the cycles API; every page,
partial and endpoint is a 404 for another account; hostile snippets and diffs stay text."""

from __future__ import annotations

import html
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from code24.accounts.models import Account, Plan
from optimization.models import OptimizationCycle, Proposal
from sites.models import Site
from tests.factories import (
    add_member,
    make_api_key,
    make_cycle,
    make_site,
    make_user,
    make_version,
    scores_of,
)
from tests.sites.site_fixtures import client_for, on_plan

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>'


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


def live(account: Account, name: str = "Rosie's Bakery", **fields: Any) -> Site:
    site = make_site(account, name=name, status="live")
    make_version(site)
    if fields:
        Site.objects.filter(pk=site.pk).update(**fields)
        site.refresh_from_db()
    return site


def page_url(site: Site) -> str:
    return reverse("site_optimization", args=[site.pk])


def htmx(client: Client, url: str) -> Any:
    return client.get(url, HTTP_HX_REQUEST="true")


# --- No cycles yet ---------------------------------------------------------------------


def test_before_the_first_cycle_the_page_says_when_it_runs(
    alice_client: Client, alice_account: Account
) -> None:
    when = timezone.now() + timedelta(hours=5)
    site = live(alice_account, next_optimization_at=when)

    response = alice_client.get(page_url(site))

    body = text(response)
    assert response.status_code == 200
    assert "No cycles yet" in body
    assert "The first cycle runs at" in body
    assert timezone.localtime(when).strftime("%H:%M") in body
    assert "Run the first cycle now" in body
    assert '<svg class="chart-svg' not in body  # no chart of nothing


@pytest.mark.parametrize(
    ("fields", "sentence"),
    [
        ({"improvements_paused": True}, "Improvements are paused"),
        ({"status": "offline"}, "The site is offline"),
        ({"status": "building"}, "Cycles start once the site's first build has put it online"),
        ({"status": "failed"}, "first build stopped"),
        ({}, "No cycle is scheduled yet"),
    ],
)
def test_before_the_first_cycle_the_page_says_why_none_is_scheduled(
    alice_client: Client, alice_account: Account, fields: dict[str, Any], sentence: str
) -> None:
    site = live(alice_account, **fields)

    body = text(alice_client.get(page_url(site)))

    assert sentence in body
    assert "The first cycle runs at" not in body
    if fields.get("status") in {"offline", "building", "failed"}:
        assert "Run the first cycle now" not in body


# --- Running ---------------------------------------------------------------------------


def test_a_running_cycle_is_polled_until_it_is_done_then_polling_stops(
    alice_client: Client, alice_account: Account
) -> None:
    site = live(alice_account)
    make_cycle(site, health_before=80, health_after=90)
    running = make_cycle(site, status="running", phase="scanning")

    body = text(alice_client.get(page_url(site)))
    assert "Cycle 2 is running:" in body and "Scanning the live site" in body
    assert f'hx-get="{page_url(site)}"' in body and 'hx-trigger="every 3s"' in body

    partial = htmx(alice_client, page_url(site))
    assert partial.status_code == 200
    assert "Cycle 2 is running" in text(partial)
    assert "<html" not in partial.content.decode()  # only the partial
    assert "HX-Request" in partial["Vary"]

    OptimizationCycle.objects.filter(pk=running.pk).update(
        status="done", outcome="improved", finished_at=timezone.now(), health_after=95
    )
    done = htmx(alice_client, page_url(site))
    assert done.status_code == 286
    assert "Cycle 2 is done" in text(done) and "Improved" in text(done)
    assert "hx-get" not in done.content.decode()
    # Without htmx, the same URL is the whole page, with no polling once nothing runs.
    whole = alice_client.get(page_url(site))
    assert whole.status_code == 200 and "hx-trigger" not in whole.content.decode()


def test_a_queued_cycle_says_it_waits(alice_client: Client, alice_account: Account) -> None:
    site = live(alice_account)
    make_cycle(site, status="queued")

    body = text(alice_client.get(page_url(site)))

    assert "Cycle 1 is waiting to start" in body
    assert "Waiting to start" in body  # the table's badge


# --- Done: chart, health, trend, grade, the table ----------------------------------------


def test_done_cycles_show_the_chart_the_health_its_trend_and_the_grade(
    alice_client: Client, alice_account: Account
) -> None:
    site = live(alice_account)
    start = timezone.now() - timedelta(days=3)
    make_cycle(site, health_before=70, health_after=80, at=start)
    make_cycle(
        site, health_before=80, health_after=86, grade_after="A+", at=start + timedelta(days=1)
    )

    response = alice_client.get(page_url(site))
    body = text(response)

    assert response.status_code == 200
    assert '<strong class="health-score-value">86</strong>' in body
    assert "Up 6 since the previous cycle" in body
    assert '<strong class="health-score-value">A+</strong>' in body
    assert body.count('class="chart-svg') == 2  # wide and narrow
    assert "Scores of Rosie's Bakery over time" in body
    assert "Health: from 80 on" in body  # the chart's description
    for label in ("Performance", "Accessibility", "Best practices", "SEO", "Security"):
        assert f"<span>{label}</span>" in body  # the legend
    assert "Show these scores as a table" in body
    assert "80 → 86" in body.replace('<span aria-label="to">→</span>', "→")


def test_the_cycles_table_is_paginated_newest_first(
    alice_client: Client, alice_account: Account
) -> None:
    site = live(alice_account)
    for _ in range(27):
        make_cycle(site, outcome="unchanged", health_before=90)

    first = text(alice_client.get(page_url(site)))
    second = text(alice_client.get(page_url(site) + "?page=2"))

    assert first.index("Cycle 27</a>") < first.index("Cycle 26</a>")
    assert "Cycle 3</a>" in first and "Cycle 2</a>" not in first
    assert "Cycle 2</a>" in second and "Cycle 1</a>" in second and "Cycle 3</a>" not in second
    assert "Page 1 of 2" in first and "Older cycles" in first and "Newer cycles" in second
    assert "27 cycles" in first
    assert "Nothing to change" in first
    # A page past the end shows the last one, not an error.
    assert alice_client.get(page_url(site) + "?page=99").status_code == 200


def test_each_outcome_has_its_badge_word(alice_client: Client, alice_account: Account) -> None:
    site = live(alice_account)
    make_cycle(site)
    make_cycle(site, outcome="unchanged")
    make_cycle(site, rolled_back=True, health_after=70)
    make_cycle(site, status="failed", error="The site did not answer.")
    make_cycle(site, status="running")

    body = text(alice_client.get(page_url(site)))

    for word in ("Improved", "Nothing to change", "Rolled back", "Failed", "Running"):
        assert f"{word}</span>" in body


def test_a_rolled_back_cycle_keeps_the_previous_health_on_the_page(
    alice_client: Client, alice_account: Account
) -> None:
    site = live(alice_account)
    make_cycle(site, health_before=70, health_after=88)
    make_cycle(site, health_before=88, health_after=80, rolled_back=True)

    body = text(alice_client.get(page_url(site)))

    assert '<strong class="health-score-value">88</strong>' in body
    assert "The same as the previous cycle" in body


# --- The cycle page ------------------------------------------------------------------------


def test_the_cycle_page_shows_scores_findings_fixes_and_the_diff(
    alice_client: Client, alice_account: Account
) -> None:
    site = live(alice_account)
    before = make_version(site)
    after = make_version(site, made_by="Optimization cycle 1")
    cycle = make_cycle(
        site,
        health_before=80,
        health_after=90,
        scores_before=scores_of(80, seo=70),
        scores_after=scores_of(90, seo=100),
        grade_before="C",
        grade_after="A",
        findings=[
            {
                "id": "meta-description",
                "title": "Document has a meta description",
                "explanation": "Search engines show it under your title.",
                "fix": "Add a short description.",
                "offenders": [
                    {"page": "/about", "selector": "head", "snippet": "<head>", "note": ""}
                ],
            }
        ],
        fixes=[
            {
                "fixer": "meta-description",
                "summary": "Wrote a description for About.",
                "files": ["about.html"],
            }
        ],
        diff=(
            "--- a/about.html\n+++ b/about.html\n@@ -1,2 +1,2 @@\n"
            "-<title>About</title>\n+<title>About us</title>\n <body>\n"
        ),
    )
    OptimizationCycle.objects.filter(pk=cycle.pk).update(version_before=before, version_after=after)

    response = alice_client.get(reverse("cycle_detail", args=[site.pk, 1]))
    body = text(response)

    assert response.status_code == 200
    assert "Cycle 1" in body and "Improved" in body
    assert "kept the new version" in body
    assert "+30" in body and "+10" in body  # SEO and health
    assert '<td class="num">C</td>' in body and '<td class="num">A</td>' in body
    assert "C → A" in body
    assert "Document has a meta description" in body and "Add a short description." in body
    assert '<code class="offender-snippet"><head></code>' in body
    assert "Wrote a description for About." in body and "<code>about.html</code>" in body
    added = '<span class="diff-sign" aria-label="added">+</span>'
    removed = '<span class="diff-sign" aria-label="removed">-</span>'
    assert f'<span class="diff-line diff-line--add">{added}<title>About us</title></span>' in body
    assert f'<span class="diff-line diff-line--del">{removed}<title>About</title></span>' in body
    assert "+1 line added" in body and "1 removed" in body
    assert f"#version-{before.number}" in body and f"Version {after.number}" in body
    assert "2 min" in body  # the duration


def test_a_rolled_back_cycle_page_says_why(alice_client: Client, alice_account: Account) -> None:
    site = live(alice_account)
    make_cycle(
        site,
        rolled_back=True,
        rollback_reason="Accessibility went from 90 to 84, so the previous version was put back.",
        health_before=90,
        health_after=85,
    )

    body = text(alice_client.get(reverse("cycle_detail", args=[site.pk, 1])))

    assert "Rolled back:" in body and "Accessibility went from 90 to 84" in body
    assert "put the previous version back" in body
    assert "-5" in body and "(worse)" in body


def test_a_failed_cycle_page_says_what_went_wrong(
    alice_client: Client, alice_account: Account
) -> None:
    site = live(alice_account)
    make_cycle(site, status="failed", error="The live site did not answer within 30 seconds.")

    body = text(alice_client.get(reverse("cycle_detail", args=[site.pk, 1])))

    assert "What went wrong:" in body and "did not answer within 30 seconds" in body
    assert "Failed" in body


def test_an_unknown_cycle_number_is_404(alice_client: Client, alice_account: Account) -> None:
    site = live(alice_account)
    make_cycle(site)

    assert alice_client.get(reverse("cycle_detail", args=[site.pk, 2])).status_code == 404


def test_hostile_snippets_and_diff_lines_stay_text(
    alice_client: Client, alice_account: Account
) -> None:
    site = live(alice_account)
    make_cycle(
        site,
        findings=[
            {
                "id": "x" + HOSTILE,
                "title": HOSTILE,
                "explanation": HOSTILE,
                "fix": HOSTILE,
                "offenders": [
                    {"page": HOSTILE, "selector": HOSTILE, "snippet": HOSTILE, "note": HOSTILE}
                ],
            }
        ],
        fixes=[{"summary": HOSTILE, "files": [HOSTILE]}],
        diff=f"--- a/{HOSTILE}\n+++ b/x\n@@ -1 +1 @@\n-{HOSTILE}\n+{HOSTILE}\n",
        rollback_reason=HOSTILE,
        rolled_back=True,
    )
    Proposal.objects.create(site=site, kind="faq", title=HOSTILE)

    for url in (reverse("cycle_detail", args=[site.pk, 1]), page_url(site)):
        raw = alice_client.get(url).content.decode()
        assert HOSTILE not in raw
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in raw


# --- Milestone report ------------------------------------------------------------------------


def test_a_milestone_has_a_report_and_other_cycles_do_not(
    alice_client: Client, alice_account: Account
) -> None:
    site = live(alice_account)
    for i in range(10):
        make_cycle(site, health_before=70 + i, health_after=71 + i, fixes=[{"summary": f"Fix {i}"}])

    report = alice_client.get(reverse("milestone_report", args=[site.pk, 10]))

    assert report.status_code == 200
    body = text(report)
    assert "cycles 1 to 10" in body and "look back at the last 10" in body
    assert "Cycle 10</a>" in body
    assert "Fix 9" in body
    assert 'class="chart-svg' in body
    assert alice_client.get(reverse("milestone_report", args=[site.pk, 9])).status_code == 404
    assert "Milestone report" in text(alice_client.get(page_url(site)))


# --- Pause, resume, run now --------------------------------------------------------------------


def test_pause_and_resume_from_the_optimization_page(
    alice_client: Client, alice_account: Account
) -> None:
    site = live(alice_account)
    make_cycle(site)
    assert "Pause improvements" in text(alice_client.get(page_url(site)))

    paused = alice_client.post(reverse("improvements_pause", args=[site.pk]), follow=True)
    site.refresh_from_db()
    assert site.improvements_paused
    assert "Improvements paused" in text(paused) and "Resume improvements" in text(paused)

    again = alice_client.post(reverse("improvements_pause", args=[site.pk]))
    assert again.status_code == 409 and "already paused" in text(again)

    resumed = alice_client.post(reverse("improvements_resume", args=[site.pk]), follow=True)
    site.refresh_from_db()
    assert not site.improvements_paused
    assert "Improvements are on again" in text(resumed)


def test_run_a_cycle_now_queues_one_and_a_refusal_is_a_sentence(
    alice_client: Client, alice_account: Account
) -> None:
    site = live(alice_account)
    make_cycle(site)
    # The queued cycle runs after commit, which this test's transaction never reaches.
    started = alice_client.post(reverse("cycle_run_now", args=[site.pk]))
    assert started.status_code == 302 and started["Location"] == page_url(site)
    cycle = site.cycles.get(number=2)
    assert cycle.requested_via == "dashboard"

    OptimizationCycle.objects.filter(pk=cycle.pk).update(status="running")
    refused = alice_client.post(reverse("cycle_run_now", args=[site.pk]))
    assert refused.status_code == 409
    assert "already" in text(refused).lower()
    assert site.cycles.count() == 2


def test_members_see_the_page_but_cannot_pause_or_run(alice_account: Account) -> None:
    site = live(alice_account)
    make_cycle(site)
    member = make_user()
    add_member(alice_account, member, role="member")
    client = client_for(member)

    body = text(client.get(page_url(site)))
    assert "Owners and admins can pause improvements" in body
    assert "Run a cycle now" not in body
    for name in ("improvements_pause", "cycle_run_now"):
        assert client.post(reverse(name, args=[site.pk])).status_code == 403
    site.refresh_from_db()
    assert not site.improvements_paused and site.cycles.count() == 1


# --- Proposals ------------------------------------------------------------------------------


def test_a_visitor_question_is_answered_accepted_or_dismissed(
    alice_client: Client, alice_account: Account
) -> None:
    site = live(alice_account)
    make_cycle(site)
    question = Proposal.objects.create(site=site, kind="faq", title="Do you bake gluten-free?")
    other = Proposal.objects.create(site=site, kind="faq", title="Do you deliver?")
    assert "Do you bake gluten-free?" in text(alice_client.get(page_url(site)))

    empty = alice_client.post(
        reverse("proposal_accept", args=[site.pk, question.pk]), {"answer": " "}
    )
    assert empty.status_code == 400 and "Write the answer" in text(empty)

    accepted = alice_client.post(
        reverse("proposal_accept", args=[site.pk, question.pk]), {"answer": "Yes, every day."}
    )
    assert accepted.status_code == 302
    question.refresh_from_db()
    assert question.status == "accepted" and question.body == "Yes, every day."

    alice_client.post(reverse("proposal_dismiss", args=[site.pk, other.pk]))
    other.refresh_from_db()
    assert other.status == "dismissed"
    body = text(alice_client.get(page_url(site)))
    assert "Do you deliver?" not in body and "Do you bake gluten-free?" not in body
    # A decided proposal cannot be decided again.
    assert (
        alice_client.post(reverse("proposal_dismiss", args=[site.pk, other.pk])).status_code == 404
    )


# --- The account overview and the site page's card ----------------------------------------------


def test_the_overview_lists_every_site_with_health_trend_last_and_next_cycle(
    alice_client: Client, alice_account: Account
) -> None:
    soon = timezone.now() + timedelta(hours=2)
    rosie = live(alice_account, next_optimization_at=soon)
    make_cycle(rosie, health_before=70, health_after=80)
    make_cycle(rosie, health_before=80, health_after=77, rolled_back=True)
    make_cycle(rosie, health_before=80, health_after=84)
    live(alice_account, name="Harbour Dental", improvements_paused=True)
    make_site(alice_account, name="New Florist", status="building")

    body = text(alice_client.get(reverse("optimization")))

    assert '<strong class="health-cell">84</strong>' in body
    assert "+4" in body  # 80 (kept after the rollback) → 84
    assert "Cycle 3</a>" in body and "Improved" in body
    assert timezone.localtime(soon).strftime("%H:%M") in body
    assert "Improvements are paused" in body
    assert "Cycles start once the site's first build has put it online" in body
    assert "Not measured yet" in body
    assert reverse("site_optimization", args=[rosie.pk]) in body


def test_the_overview_without_sites_offers_to_create_one(alice_client: Client) -> None:
    body = text(alice_client.get(reverse("optimization")))

    assert "No sites to improve yet" in body and reverse("site_new") in body


def test_the_site_page_has_an_optimization_card(
    alice_client: Client, alice_account: Account
) -> None:
    site = live(alice_account, next_optimization_at=timezone.now() + timedelta(hours=1))
    make_cycle(site, health_before=60, health_after=70)
    make_cycle(site, health_before=70, health_after=75)

    body = text(alice_client.get(reverse("site_detail", args=[site.pk])))

    assert 'id="optimization-heading"' in body
    assert "75" in body and "+5" in body and "Cycle 2</a>" in body
    assert reverse("site_optimization", args=[site.pk]) in body


# --- The API ----------------------------------------------------------------------------------


def test_the_cycles_api_lists_newest_first_in_pages_and_gives_one_cycle(
    alice_account: Account,
) -> None:
    account = on_plan(alice_account, Plan.PROFESSIONAL)
    site = live(account)
    for _ in range(30):
        make_cycle(site, diff="+x\n", fixes=[{"summary": "A fix", "files": ["a.html"]}])
    _key, token = make_api_key(account)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    base = f"/api/v1/sites/{site.pk}/cycles"

    first = client.get(base)
    assert first.status_code == 200, first.text
    body = first.json()
    assert (body["count"], body["page"], body["pages"], body["per_page"]) == (30, 1, 2, 25)
    assert [c["number"] for c in body["items"]][:3] == [30, 29, 28]
    assert body["items"][0]["fixes_count"] == 1 and body["previous"] is None
    assert body["next"].endswith(f"{base}?page=2")
    second = client.get(base + "?page=2").json()
    assert [c["number"] for c in second["items"]] == [5, 4, 3, 2, 1] and second["next"] is None
    assert client.get(base + "?page=3").json()["items"] == []
    assert client.get(base + "?page=0").status_code in (400, 422)
    assert client.get(base + "?per_page=101").status_code in (400, 422)

    one = client.get(f"{base}/7")
    assert one.status_code == 200
    assert one.json()["number"] == 7 and one.json()["diff"] == "+x\n"
    assert one.json()["fixes"][0]["summary"] == "A fix"
    missing = client.get(f"{base}/31")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


# --- Another account's site: 404 everywhere --------------------------------------------------


def test_another_accounts_site_is_404_on_every_page_partial_action_and_endpoint(
    alice_client: Client, bob_account: Account
) -> None:
    site = live(bob_account, name="Bob Plumbing")
    for _ in range(10):
        make_cycle(site)
    proposal = Proposal.objects.create(site=site, kind="faq", title="Open on Sundays?")
    gets = [
        page_url(site),
        reverse("cycle_detail", args=[site.pk, 1]),
        reverse("milestone_report", args=[site.pk, 10]),
        f"/api/v1/sites/{site.pk}/cycles",
        f"/api/v1/sites/{site.pk}/cycles/1",
    ]
    for url in gets:
        assert alice_client.get(url).status_code == 404, url
    assert htmx(alice_client, page_url(site)).status_code == 404
    posts = [
        reverse("cycle_run_now", args=[site.pk]),
        reverse("improvements_pause", args=[site.pk]),
        reverse("improvements_resume", args=[site.pk]),
        reverse("proposal_accept", args=[site.pk, proposal.pk]),
        reverse("proposal_dismiss", args=[site.pk, proposal.pk]),
    ]
    for url in posts:
        assert alice_client.post(url, {"answer": "Yes"}).status_code == 404, url
    site.refresh_from_db()
    proposal.refresh_from_db()
    assert site.cycles.count() == 10 and not site.improvements_paused
    assert proposal.status == "open"
    assert "Bob Plumbing" not in text(alice_client.get(reverse("optimization")))


def test_the_dashboard_shows_each_sites_health_trend_and_next_cycle(
    alice_client: Client, alice_account: Account
) -> None:
    soon = timezone.now() + timedelta(hours=2)
    rosie = live(alice_account, next_optimization_at=soon)
    make_cycle(rosie, health_before=70, health_after=81)
    make_cycle(rosie, health_before=81, health_after=78)
    busy = live(alice_account, name="Busy Cafe")
    make_cycle(busy, status="running")

    body = text(alice_client.get(reverse("dashboard")))

    assert f'href="{page_url(rosie)}" class="health-cell">78</a>' in body
    assert "-3" in body and "(worse)" in body
    assert timezone.localtime(soon).strftime("%H:%M") in body
    assert "A cycle is running" in body
