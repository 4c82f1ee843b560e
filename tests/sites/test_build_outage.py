"""A Cloudflare outage during a build: the build waits, visibly, and finishes by itself.

The outages are the local Cloudflare's fault injection on the script upload of deploy: 429s
(with retry-after) and then 500s, for longer than the client's own retries. Time travels
instead of passing: ``travel`` moves every time the build recorded into the past, which is
what the waiting logic sees when time passes. The task runs inline, so the retry message it
sends for the next try is run at once, finds the try not yet due and ends: the message is
lost, and the periodic sweep (``sites.tasks.builds_resume``) is what carries the build on.
(A real worker running the retry message is tests/sites/test_build_resume.py.)
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from code24.accounts.models import Account, Plan, User
from code24.ai.schemas import Brief
from code24.celery import app as celery_app
from code24.cloudflare.errors import DEFAULT_CUSTOMER_MESSAGE, RETRY_CUSTOMER_MESSAGE
from code24.cloudflare.local import LocalCloudflare
from code24.cloudflare.local.edge import Edge
from sites import services, tasks
from sites.models import Build, BuildStep, Site, SiteVersion
from sites.pipeline import runner
from tests.factories import BRIEF, make_account, make_api_key, make_user
from tests.sites.pipeline_fixtures import SCRIPT_UPLOAD, fetch, scripts_and_routes


@pytest.fixture(autouse=True)
def _inline_retries_end_quietly() -> None:
    """Inline, Celery runs a task's retry at once; propagating, it would raise it instead."""
    celery_app.conf.task_eager_propagates = False  # restored by the autouse fixture


@pytest.fixture
def owner(db: None) -> User:
    return make_user("owner@harbour.example")


@pytest.fixture
def account(owner: User) -> Account:
    return make_account(owner, name="Harbour Dental Ltd", plan=Plan.PROFESSIONAL)


@pytest.fixture
def browser(owner: User, account: Account) -> Client:
    client = Client()
    client.force_login(owner)
    return client


def build_site(account: Account, capture: Any) -> Build:
    with capture(execute=True):
        build = services.site_create(
            account=account, brief=Brief.model_validate(BRIEF), requested_by=None, via="test"
        )
    build.refresh_from_db()
    return build


def travel(build: Build, seconds: float) -> None:
    """Let `seconds` pass for the build: every time it recorded moves that far back."""
    back = timedelta(seconds=seconds)
    rows: list[Build | BuildStep] = [build, *build.steps.all()]
    for row in rows:
        fields = [
            f.name for f in row._meta.concrete_fields if f.get_internal_type() == "DateTimeField"
        ]
        changed = {name: getattr(row, name) - back for name in fields if getattr(row, name)}
        type(row)._default_manager.filter(pk=row.pk).update(**changed)


def deploy_step(build: Build) -> BuildStep:
    return build.steps.get(name="deploy")


def sweep_once_the_next_try_is_overdue(build: Build) -> int:
    """The next try's message was lost: let its time pass, then run the periodic sweep."""
    step = deploy_step(build)
    assert step.next_attempt_at is not None
    due_in = (step.next_attempt_at - timezone.now()).total_seconds()
    travel(build, due_in + settings.BUILD_SWEEP_SECONDS + 1)
    return tasks.builds_resume()


@pytest.mark.workerd
@pytest.mark.django_db
def test_an_outage_longer_than_the_clients_retries_waits_and_finishes_by_itself(
    account: Account,
    browser: Client,
    cloudflare: LocalCloudflare,
    edge: Edge,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # 429s, each with retry-after 1 s (longer than the client will wait here: it gives up
    # at once), then 500s for three of the build's tries (four client attempts each).
    cloudflare.faults.add(**SCRIPT_UPLOAD, method="PUT", status=429, retry_after=1, times=6)
    cloudflare.faults.add(**SCRIPT_UPLOAD, method="PUT", status=500, times=12)

    build = build_site(account, django_capture_on_commit_callbacks)

    assert build.status == Build.Status.RUNNING
    step = deploy_step(build)
    assert step.is_waiting
    assert step.attempts == 1
    assert step.error == RETRY_CUSTOMER_MESSAGE
    assert step.waiting_since is not None and step.next_attempt_at is not None
    assert step.next_attempt_at > timezone.now()
    assert step.retry_until == step.waiting_since + timedelta(hours=6)
    assert tasks.builds_resume() == 0  # the next try is not due: nothing to hand over yet

    # The page says which step waits, why, since when, attempt n and the next try, and
    # keeps polling.
    page = browser.get(reverse("build_detail", args=[build.pk])).content.decode()
    assert "Step 8 of 9: Deploy, waiting to try again" in page
    assert "Waiting to try again</span>" in page
    assert f"Attempt 1 failed: {RETRY_CUSTOMER_MESSAGE}" in page
    assert f'datetime="{step.next_attempt_at.isoformat()}"' in page
    assert f'datetime="{step.waiting_since.isoformat()}"' in page
    assert "Keeps trying until" in page
    assert "there is nothing you need to do" in page
    assert 'hx-trigger="every 5s"' in page
    poll = browser.get(reverse("build_detail", args=[build.pk]), HTTP_HX_REQUEST="true")
    assert poll.status_code == 200  # 286 would stop the polling
    # ... and so does the API.
    _, key = make_api_key(account)
    answer = Client().get(f"/api/v1/builds/{build.pk}", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    deploy = next(s for s in answer["steps"] if s["name"] == "deploy")
    assert answer["status"] == "running"
    assert deploy["status"] == "pending" and deploy["waiting"] is True
    assert deploy["attempts"] == 1 and deploy["error"] == RETRY_CUSTOMER_MESSAGE
    assert deploy["next_attempt_at"] and deploy["waiting_since"] and deploy["retry_until"]

    waits = [(step.next_attempt_at - timezone.now()).total_seconds()]
    for _ in range(20):
        assert sweep_once_the_next_try_is_overdue(build) == 1
        build.refresh_from_db()
        if build.is_finished:
            break
        step = deploy_step(build)
        assert step.is_waiting and step.next_attempt_at is not None, step.error
        waits.append((step.next_attempt_at - timezone.now()).total_seconds())

    assert build.status == Build.Status.SUCCEEDED, build.error
    assert cloudflare.faults.list() == []  # the whole outage was lived through
    step = deploy_step(build)
    assert step.attempts == 10  # 6 tries met a 429, 3 met 500s, the 10th got through
    assert (step.waiting_since, step.next_attempt_at, step.error) == (None, None, "")
    # Backoff: waits grow (with jitter) up to the cap, never below Cloudflare's retry-after.
    assert len(waits) == 9
    assert all(1 <= wait <= settings.BUILD_RETRY_MAX_SECONDS + 1 for wait in waits), waits
    assert waits[-1] > waits[0] * 4, waits
    site = Site.objects.get(pk=build.site_id)
    assert site.status == Site.Status.LIVE
    assert scripts_and_routes(cloudflare) == ([site.script_name], [site.hostname])
    assert SiteVersion.objects.filter(site=site).count() == 1
    assert fetch(edge, site.hostname).status_code == 200


@pytest.mark.workerd
@pytest.mark.django_db
def test_a_permanent_refusal_fails_the_build_at_once_with_its_sentence(
    account: Account,
    browser: Client,
    cloudflare: LocalCloudflare,
    edge: Edge,
    django_capture_on_commit_callbacks: Any,
) -> None:
    cloudflare.faults.add(
        **SCRIPT_UPLOAD, method="PUT", status=400, code=10021, message="Uncaught SyntaxError"
    )

    build = build_site(account, django_capture_on_commit_callbacks)

    assert build.status == Build.Status.FAILED
    assert build.error == DEFAULT_CUSTOMER_MESSAGE
    step = deploy_step(build)
    assert step.status == BuildStep.Status.FAILED and step.attempts == 1
    assert (step.waiting_since, step.next_attempt_at) == (None, None)
    page = browser.get(reverse("build_detail", args=[build.pk])).content.decode()
    assert escape(DEFAULT_CUSTOMER_MESSAGE) in page
    assert "Retry from this step" in page
    assert "Waiting to try again" not in page

    with django_capture_on_commit_callbacks(execute=True):
        services.build_retry(build=build)
    build.refresh_from_db()
    assert build.status == Build.Status.SUCCEEDED, build.error
    site = build.site
    assert scripts_and_routes(cloudflare) == ([site.script_name], [site.hostname])
    assert SiteVersion.objects.filter(site=site).count() == 1


@pytest.mark.workerd
@pytest.mark.django_db
def test_an_outage_that_outlasts_the_window_fails_the_build_with_a_true_sentence(
    account: Account,
    browser: Client,
    cloudflare: LocalCloudflare,
    edge: Edge,
    django_capture_on_commit_callbacks: Any,
    settings: Any,
) -> None:
    settings.BUILD_RETRY_WINDOW_SECONDS = 600  # ten minutes instead of six hours
    cloudflare.faults.add(**SCRIPT_UPLOAD, method="PUT", status=500, times=None)

    build = build_site(account, django_capture_on_commit_callbacks)
    for _ in range(40):
        assert build.status == Build.Status.RUNNING
        assert sweep_once_the_next_try_is_overdue(build) == 1
        build.refresh_from_db()
        if build.is_finished:
            break

    assert build.status == Build.Status.FAILED
    step = deploy_step(build)
    assert step.status == BuildStep.Status.FAILED
    qa_done = build.steps.get(name="qa").finished_at
    assert step.finished_at is not None and qa_done is not None
    waited = (step.finished_at - qa_done).total_seconds()
    assert 600 <= waited < 600 + settings.BUILD_SWEEP_SECONDS + 30  # the last try at the end
    assert build.error == (
        f"{RETRY_CUSTOMER_MESSAGE} We kept trying for 10 minutes ({step.attempts} attempts) "
        "and have stopped; Retry carries on from this step."
    )
    assert Site.objects.get(pk=build.site_id).status == Site.Status.FAILED
    page = browser.get(reverse("build_detail", args=[build.pk])).content.decode()
    assert "We kept trying for 10 minutes" in page
    assert "Retry from this step" in page
    assert "there is nothing you need to do" not in page


def test_the_wait_between_tries_grows_with_jitter_up_to_the_cap(settings: Any) -> None:
    settings.BUILD_RETRY_BASE_SECONDS = 5
    settings.BUILD_RETRY_MAX_SECONDS = 120
    random.seed(7)
    for attempt, cap in [(1, 5), (2, 10), (3, 20), (5, 80), (6, 120), (40, 120), (5000, 120)]:
        waits = [runner.retry_delay(attempt) for _ in range(200)]
        assert all(cap / 2 <= wait <= cap for wait in waits), (attempt, min(waits), max(waits))
        assert len({round(wait, 3) for wait in waits}) > 150  # spread out, not in lockstep
    # Cloudflare's retry-after is a floor.
    assert all(runner.retry_delay(1, retry_after=90) >= 90 for _ in range(50))
    assert all(runner.retry_delay(9, retry_after=1) >= 60 for _ in range(50))
