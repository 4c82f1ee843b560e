"""The guarded cycle on live sites Code24 built, against the local Cloudflare (real Workers in
workerd): it scans the live site, records its scores, changes nothing when there is nothing
to change, brings older sites forward to today's generator, and puts the previous version
back when the new one scores lower anywhere."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from code24.cloudflare.local.edge import Edge
from optimization import cycles, services, tasks
from optimization.models import OptimizationCycle, Scan
from sites import generator
from sites.generator import render
from sites.models import Build, Site, SiteVersion
from tests.sites.pipeline_fixtures import fetch

pytestmark = [pytest.mark.workerd, pytest.mark.django_db]

Cycle = OptimizationCycle
UPGRADE_TAG = '<meta name="code24-generator" content="2">'


def run_cycle(site: Site, capture: Any) -> Cycle:
    """A cycle of the site, run as the task runs it (inline)."""
    with capture(execute=True):
        cycle = services.cycle_request(site=site, via="test")
    cycle.refresh_from_db()
    return cycle


def served(edge: Edge, site: Site) -> str:
    response = fetch(edge, site.hostname)
    assert response.status_code == 200
    return response.text


def test_a_cycle_records_the_scores_of_a_site_with_nothing_to_change(
    build_live: Callable[..., Site], django_capture_on_commit_callbacks: Any
) -> None:
    site = build_live()
    version = site.current_version
    assert site.next_optimization_at is not None  # the go-live step scheduled the first

    cycle = run_cycle(site, django_capture_on_commit_callbacks)

    assert (cycle.status, cycle.outcome, cycle.error) == ("done", "unchanged", "")
    assert cycle.number == 1 and cycle.phase == "" and cycle.finished_at is not None
    assert set(cycle.scores_before) >= {"seo", "accessibility", "best-practices"}
    assert all(0 <= score <= 100 for score in cycle.scores_before.values())
    assert cycle.health_before is not None
    assert cycle.scores_after == cycle.scores_before  # a flat line, recorded
    assert cycle.version_before == version and cycle.version_after is None
    assert cycle.build is None and cycle.fixes == [] and not cycle.rolled_back
    scan = cycle.scan_before
    assert scan is not None
    assert scan.site == site and scan.requested_via == "cycle" and scan.status == "done"
    assert scan.url.startswith(f"http://{site.hostname}:")
    assert all(f["outcome"] == "fail" for f in cycle.findings)
    site.refresh_from_db()
    assert site.current_version == version
    assert SiteVersion.objects.filter(site=site).count() == 1
    assert site.next_optimization_at is not None and site.next_optimization_at > timezone.now()


def test_a_generator_upgrade_reaches_older_sites_through_one_guarded_cycle_each(
    build_live: Callable[..., Site],
    edge: Edge,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    older = [build_live("Harbour Dental"), build_live("Quay Physio")]
    for site in older:
        assert site.current_version is not None
        assert site.current_version.generator_version == generator.GENERATOR_VERSION
        assert UPGRADE_TAG not in served(edge, site)

    # Code24's generator improves: a visible change to every page, and a new version number.
    original = render._html

    def upgraded(template: str, context: dict[str, Any]) -> bytes:
        return original(template, context).replace(b"<head>", b"<head>\n" + UPGRADE_TAG.encode())

    monkeypatch.setattr(render, "_html", upgraded)
    monkeypatch.setattr(generator, "GENERATOR_VERSION", generator.GENERATOR_VERSION + 1)
    monkeypatch.setattr(cycles, "GENERATOR_VERSION", generator.GENERATOR_VERSION)
    monkeypatch.setattr("sites.pipeline.deploy.GENERATOR_VERSION", generator.GENERATOR_VERSION)

    for site in older:
        before = site.current_version
        assert before is not None
        cycle = run_cycle(site, django_capture_on_commit_callbacks)
        assert (cycle.status, cycle.outcome, cycle.error) == ("done", "improved", "")
        assert [fix["fixer"] for fix in cycle.fixes] == ["generator-upgrade"]
        assert "index.html" in cycle.fixes[0]["files"]
        assert cycle.build is not None and cycle.build.kind == Build.Kind.OPTIMIZATION
        assert cycle.build.status == Build.Status.SUCCEEDED
        after = cycle.version_after
        assert after is not None and after.generator_version == generator.GENERATOR_VERSION
        assert after.spec["content"] == before.spec["content"]  # the same content
        assert f"+{UPGRADE_TAG}" in cycle.diff and "a/index.html" in cycle.diff
        assert cycle.scan_after is not None and cycle.scores_after
        assert not cycle.rolled_back
        site.refresh_from_db()
        assert site.current_version == after
        assert UPGRADE_TAG in served(edge, site)

    # Brought forward, a site's next cycle has nothing to change.
    again = run_cycle(older[0], django_capture_on_commit_callbacks)
    assert (again.number, again.outcome) == (2, "unchanged")
    assert Cycle.objects.count() == 3


def test_a_cycle_that_makes_the_site_worse_is_rolled_back(
    build_live: Callable[..., Site],
    edge: Edge,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    site = build_live()
    before = site.current_version
    assert before is not None
    assert 'lang="en' in served(edge, site)
    # A generator "upgrade" with a regression the build's quality checks let through (they
    # ask that a page names its language, not that the name is valid) and the scan does
    # not (axe's html-lang-valid): the pages' language becomes a tag no language has.
    original = render._html

    def regressed(template: str, context: dict[str, Any]) -> bytes:
        return re.sub(rb'<html lang="[^"]*"', b'<html lang="xyz123"', original(template, context))

    monkeypatch.setattr(render, "_html", regressed)
    monkeypatch.setattr(cycles, "GENERATOR_VERSION", generator.GENERATOR_VERSION + 1)

    cycle = run_cycle(site, django_capture_on_commit_callbacks)

    assert (cycle.status, cycle.outcome) == ("done", "rolled_back"), cycle.error
    assert cycle.rolled_back
    assert cycle.scores_after["accessibility"] < cycle.scores_before["accessibility"]
    assert "Accessibility" in cycle.rollback_reason
    assert (
        f"from {cycle.scores_before['accessibility']} to {cycle.scores_after['accessibility']}"
        in cycle.rollback_reason
    )
    assert f"version {before.number} was put back" in cycle.rollback_reason
    assert cycle.version_after is not None and cycle.version_after != before
    site.refresh_from_db()
    assert site.current_version == before  # live again, and served by the edge
    assert 'lang="en' in served(edge, site) and "xyz123" not in served(edge, site)


def test_a_cycle_task_run_twice_records_one_cycle(
    build_live: Callable[..., Site], django_capture_on_commit_callbacks: Any
) -> None:
    site = build_live()
    cycle = services.cycle_create(site=site, via="test")

    tasks.cycle_run.delay(cycle.pk)
    cycle.refresh_from_db()
    finished = cycle.finished_at
    assert cycle.status == "done"
    tasks.cycle_run.delay(cycle.pk)  # the same message again: nothing happens

    cycle.refresh_from_db()
    assert Cycle.objects.filter(site=site).count() == 1
    assert cycle.finished_at == finished
    assert Scan.objects.filter(site=site).count() == 1


def test_a_cycle_held_by_a_worker_is_not_taken_by_another(
    build_live: Callable[..., Site],
) -> None:
    site = build_live()
    cycle = services.cycle_create(site=site, via="test")
    held_until = timezone.now() + timedelta(minutes=10)
    Cycle.objects.filter(pk=cycle.pk).update(status="running", lease_until=held_until)

    assert cycles.cycle_run(cycle.pk) is None

    cycle.refresh_from_db()
    assert (cycle.status, cycle.lease_until, cycle.scan_before) == ("running", held_until, None)
    # Its worker died: once the lease lapses, a run takes it and finishes it.
    Cycle.objects.filter(pk=cycle.pk).update(lease_until=timezone.now() - timedelta(seconds=5))
    assert cycles.cycle_run(cycle.pk) is None
    cycle.refresh_from_db()
    assert (cycle.status, cycle.outcome) == ("done", "unchanged")


def test_every_tenth_cycle_is_a_milestone_with_one_report_email(
    build_live: Callable[..., Site], django_capture_on_commit_callbacks: Any
) -> None:
    site = build_live()
    mail.outbox.clear()
    for number in range(1, 11):
        cycle = run_cycle(site, django_capture_on_commit_callbacks)
        assert (cycle.number, cycle.outcome) == (number, "unchanged")
        assert cycle.milestone == (number == 10)
        assert len(mail.outbox) == (1 if number == 10 else 0)

    tenth = Cycle.objects.get(site=site, number=10)
    assert tenth.report_sent_at is not None
    message = mail.outbox[0]
    assert message.to == ["rosa@example.com"]
    assert site.name in message.subject and "[Code24]" in message.subject
    assert "cycles 1 to 10" in message.body
    assert "10 found nothing to change" in message.body
    html = message.alternatives[0][0]  # type: ignore[attr-defined]
    assert "Health" in html and site.name in html
    # Sent once: running the report again sends nothing.
    from optimization.reports import milestone_report, milestone_report_send

    assert milestone_report_send(tenth) is False
    assert len(mail.outbox) == 1
    report = milestone_report(tenth)
    assert [row["number"] for row in report["cycles"]] == list(range(1, 11))
    assert report["achieved"]["unchanged"] == 10
    assert report["achieved"]["health_first"] == report["achieved"]["health_last"]
    assert {c["id"] for c in report["categories"]} >= {"seo", "accessibility"}


def test_run_now_is_refused_while_a_cycle_is_queued_and_for_a_site_not_live(
    build_live: Callable[..., Site],
) -> None:
    site = build_live()
    services.cycle_create(site=site, via="schedule")
    with pytest.raises(services.CycleRefused, match="already queued or running"):
        services.cycle_request(site=site)
    Site.objects.filter(pk=site.pk).update(status=Site.Status.OFFLINE)
    site.refresh_from_db()
    with pytest.raises(services.CycleRefused, match="offline"):
        services.cycle_request(site=site)


def test_run_now_is_allowed_while_improvements_are_paused(
    build_live: Callable[..., Site], django_capture_on_commit_callbacks: Any
) -> None:
    site = build_live()
    Site.objects.filter(pk=site.pk).update(improvements_paused=True)
    site.refresh_from_db()
    cycle = run_cycle(site, django_capture_on_commit_callbacks)
    assert (cycle.status, cycle.outcome) == ("done", "unchanged")


def test_a_cycle_that_crashes_fails_with_a_sentence_leaves_the_site_and_schedules_the_next(
    build_live: Callable[..., Site],
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    site = build_live()
    version = site.current_version

    def broken(**kwargs: Any) -> Any:
        raise RuntimeError("a bug in a fixer")

    monkeypatch.setattr(cycles.fixers, "fixes_plan", broken)
    Site.objects.filter(pk=site.pk).update(next_optimization_at=None)
    cycle = run_cycle(site, django_capture_on_commit_callbacks)

    assert cycle.status == "failed" and "left as it was" in cycle.error
    site.refresh_from_db()
    assert site.current_version == version
    assert site.next_optimization_at is not None
