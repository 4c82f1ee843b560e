"""The whole build pipeline against the local Cloudflare, with the real Workers in workerd."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, get_args

import pytest
from django.utils import timezone

from code24.accounts.models import Account, Plan
from code24.ai.schemas import Brief, BusinessType
from code24.cloudflare.errors import CloudflareRetryableError
from code24.cloudflare.local import LocalCloudflare
from code24.cloudflare.local.edge import Edge
from sites import hosting, services
from sites.models import Build, BuildStep, Site, SiteVersion
from sites.pipeline import runner
from tests.factories import make_account
from tests.sites.pipeline_fixtures import fetch, scripts_and_routes

pytestmark = [pytest.mark.workerd, pytest.mark.django_db]

BRIEF = {
    "name": "Harbour Dental",
    "description": (
        "A family dental clinic in Portsmouth offering check-ups, hygiene visits, "
        "whitening and emergency appointments, with evening hours for working parents."
    ),
    "business_type": "dental-clinic",
    "primary_goal": "bookings",
    "location": "Portsmouth",
    "services": ["Check-ups", "Hygiene visits", "Whitening", "Emergency appointments"],
    "phone": "+44 23 9200 0000",
}


@pytest.fixture
def account() -> Account:
    return make_account(name="Harbour Dental Ltd", plan=Plan.PROFESSIONAL)


def build_site(account: Account, capture: Any, brief: dict[str, Any] = BRIEF) -> Build:
    with capture(execute=True):
        build = services.site_create(
            account=account, brief=Brief.model_validate(brief), requested_by=None, via="test"
        )
    build.refresh_from_db()
    return build


def test_a_brief_becomes_a_live_site(
    account: Account,
    cloudflare: LocalCloudflare,
    edge: Edge,
    django_capture_on_commit_callbacks: Any,
) -> None:
    build = build_site(account, django_capture_on_commit_callbacks)

    assert build.status == Build.Status.SUCCEEDED, build.error
    assert list(build.steps.values_list("status", flat=True)) == ["succeeded"] * 9
    site = build.site
    site.refresh_from_db()
    assert site.status == Site.Status.LIVE
    assert site.current_version is not None and site.current_version.number == 1
    # Going live scheduled the first improvement cycle (optimization's receiver).
    assert site.next_optimization_at is not None and site.next_optimization_at > site.created_at
    assert scripts_and_routes(cloudflare) == ([site.script_name], [site.hostname])

    home = fetch(edge, site.hostname)
    assert home.status_code == 200
    assert "Harbour Dental" in home.text
    assert "content-security-policy" in home.headers
    assert fetch(edge, site.hostname, "/contact").status_code == 200
    assert fetch(edge, site.hostname, "/no-such-page").status_code == 404
    for step in build.steps.all():
        assert step.output is not None, step.name
    assert build.step_output("brand")["provider"] == "builtin"


def test_a_rebuild_makes_version_two_under_the_same_script_and_route(
    account: Account,
    cloudflare: LocalCloudflare,
    edge: Edge,
    django_capture_on_commit_callbacks: Any,
) -> None:
    site = build_site(account, django_capture_on_commit_callbacks).site
    # Version two says something version one does not, so the edge tells them apart.
    services.site_update_brief(
        site=site,
        brief=Brief.model_validate({**BRIEF, "name": "Harbour Dental Studio"}),
    )
    with django_capture_on_commit_callbacks(execute=True):
        rebuild = services.site_rebuild(site=site, requested_by=None)
    rebuild.refresh_from_db()
    assert rebuild.status == Build.Status.SUCCEEDED, rebuild.error
    assert list(site.versions.values_list("number", flat=True)) == [2, 1]
    assert scripts_and_routes(cloudflare) == ([site.script_name], [site.hostname])
    assert "Harbour Dental Studio" in fetch(edge, site.hostname).text


def test_restore_puts_the_earlier_version_back_on_the_live_site(
    account: Account,
    cloudflare: LocalCloudflare,
    edge: Edge,
    django_capture_on_commit_callbacks: Any,
) -> None:
    site = build_site(account, django_capture_on_commit_callbacks).site
    services.site_update_brief(
        site=site,
        brief=Brief.model_validate({**BRIEF, "name": "Harbour Dental Studio"}),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.site_rebuild(site=site, requested_by=None)
    first, second = site.versions.get(number=1), site.versions.get(number=2)
    assert first.content_hash != second.content_hash
    assert "Harbour Dental Studio" in fetch(edge, site.hostname).text

    site.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.site_restore(site=site, version=first)

    site.refresh_from_db()
    assert site.current_version == first
    home = fetch(edge, site.hostname)
    assert home.status_code == 200
    assert "Harbour Dental" in home.text
    assert "Harbour Dental Studio" not in home.text
    assert scripts_and_routes(cloudflare) == ([site.script_name], [site.hostname])


@pytest.mark.parametrize("failing_step", runner.STEP_NAMES)
def test_a_failure_at_any_step_then_retry_gives_one_script_and_one_route(
    failing_step: str,
    account: Account,
    cloudflare: LocalCloudflare,
    edge: Edge,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    module = runner.step_module(failing_step)
    real_run = module.run
    calls = {"n": 0}

    def fail_once(build: Build, outputs: dict[str, Any]) -> dict[str, Any]:
        calls["n"] += 1
        result = real_run(build, outputs)  # the side effects happen, then it fails
        if calls["n"] == 1:
            raise runner.StepFailed(f"Injected failure after {failing_step}.")
        return result

    monkeypatch.setattr(module, "run", fail_once)
    build = build_site(account, django_capture_on_commit_callbacks)
    assert build.status == Build.Status.FAILED
    assert build.error == f"Injected failure after {failing_step}."
    failed = build.steps.get(status=BuildStep.Status.FAILED)
    assert failed.name == failing_step
    assert not build.steps.filter(order__gt=failed.order).exclude(status="pending").exists()

    with django_capture_on_commit_callbacks(execute=True):
        services.build_retry(build=build)
    build.refresh_from_db()
    assert build.status == Build.Status.SUCCEEDED, build.error
    site = build.site
    assert scripts_and_routes(cloudflare) == ([site.script_name], [site.hostname])
    assert SiteVersion.objects.filter(site=site).count() == 1
    assert fetch(edge, site.hostname).status_code == 200


class WorkerKilled(BaseException):
    """The process dies: nothing after this point runs, no handler records anything."""


def test_a_worker_killed_mid_deploy_converges(
    account: Account,
    cloudflare: LocalCloudflare,
    edge: Edge,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_route_write = hosting.route_write

    def die(*args: Any, **kwargs: Any) -> None:
        raise WorkerKilled  # after the script upload, before the route and the step's save

    monkeypatch.setattr(hosting, "route_write", die)
    with pytest.raises(WorkerKilled):
        build_site(account, django_capture_on_commit_callbacks)
    build = Build.objects.get(site__account=account)
    step = build.steps.get(name="deploy")
    assert step.status == BuildStep.Status.RUNNING  # as the dead worker left it
    assert build.site.current_version is None

    # Another worker comes along: while the lease holds it does not touch the step ...
    monkeypatch.setattr(hosting, "route_write", real_route_write)
    assert runner.run(build.pk) is None
    assert build.steps.get(name="deploy").attempts == 1
    # ... and once the lease has passed, it takes over and finishes.
    BuildStep.objects.filter(pk=step.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    assert runner.run(build.pk) is None
    build.refresh_from_db()
    assert build.status == Build.Status.SUCCEEDED, build.error
    site = build.site
    assert scripts_and_routes(cloudflare) == ([site.script_name], [site.hostname])
    assert SiteVersion.objects.filter(site=site).count() == 1
    assert build.steps.get(name="deploy").attempts == 2


def test_cloudflare_busy_during_deploy_is_retried_then_succeeds(
    account: Account,
    cloudflare: LocalCloudflare,
    edge: Edge,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_publish = hosting.publish
    calls = {"n": 0}

    def busy_once(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            raise CloudflareRetryableError("Cloudflare is busy.", operation="scripts.upload")
        return real_publish(*args, **kwargs)

    monkeypatch.setattr(hosting, "publish", busy_once)
    monkeypatch.setattr("sites.tasks.build_run.delay_on_commit", lambda build_id: None)
    build = build_site(account, django_capture_on_commit_callbacks)

    wait = runner.run(build.pk)  # what the task does; it re-enqueues itself after `wait`
    assert wait is not None and wait > 0
    step = build.steps.get(name="deploy")
    assert step.is_waiting
    assert step.error == "Our hosting provider is busy or unreachable right now."
    assert runner.run(build.pk) is None  # too early: the next try is not due
    assert build.steps.get(name="deploy").attempts == 1
    BuildStep.objects.filter(pk=step.pk).update(next_attempt_at=timezone.now())
    assert runner.run(build.pk) is None
    build.refresh_from_db()
    assert build.status == Build.Status.SUCCEEDED, build.error
    assert build.steps.get(name="deploy").attempts == 2


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "</script><script>alert(1)</script>",
        "javascript:alert(1)",
    ],
)
def test_xss_in_every_brief_field_ships_as_text(
    attack: str,
    account: Account,
    cloudflare: LocalCloudflare,
    edge: Edge,
    django_capture_on_commit_callbacks: Any,
) -> None:
    brief = {
        **BRIEF,
        "name": f"Harbour {attack}"[:100],
        "description": f"{BRIEF['description']} {attack}",
        "audience": attack,
        "tone": attack,
        "location": attack,
        "services": [attack, "Whitening"],
        "address": attack,
    }
    build = build_site(account, django_capture_on_commit_callbacks, brief)
    assert build.status == Build.Status.SUCCEEDED, build.error
    site = build.site
    for path in ("/", "/about", "/contact"):
        page = fetch(edge, site.hostname, path).text
        assert "<script>alert(1)" not in page
        assert "<img src=x onerror" not in page
        assert 'href="javascript:' not in page


GOALS = ["lead_generation", "sales", "bookings", "awareness"]


@pytest.mark.parametrize("business_type", [t for t in get_args(BusinessType)])
def test_every_business_type_builds_and_passes_qa(
    business_type: str,
    account: Account,
    cloudflare: LocalCloudflare,
    edge: Edge,
    django_capture_on_commit_callbacks: Any,
) -> None:
    index = get_args(BusinessType).index(business_type)
    brief = {
        "name": f"Test {business_type.title()} Co",
        "description": f"We are a {business_type} business serving customers across Leeds "
        "with friendly, reliable service and clear prices.",
        "business_type": business_type,
        "primary_goal": GOALS[index % len(GOALS)],
        "location": "Leeds",
    }
    build = build_site(account, django_capture_on_commit_callbacks, brief)
    assert build.status == Build.Status.SUCCEEDED, build.error
    qa = build.step_output("qa")
    assert qa["passed"] and all(check["passed"] for check in qa["checks"])
