"""A build whose worker dies resumes within a lease and a sweep, and never runs twice at once.

The step's lease is short and renewed by a heartbeat while the step works (capped, so a
hung step is taken over); the sweep runs often. Times are scaled down with the settings
(the production figures are in the README and scripts/bench_worker_death.py).
"""

from __future__ import annotations

import signal
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import connections, transaction
from django.utils import timezone

from code24.accounts.models import Account, Plan
from code24.ai.schemas import Brief
from code24.celery import app as celery_app
from code24.cloudflare.local import LocalCloudflare
from code24.cloudflare.local.edge import Edge
from sites import services, tasks
from sites.models import Build, BuildStep, SiteVersion
from sites.pipeline import runner
from tests.core.celery_processes import (
    private_broker,
    start_beat,
    start_worker,
    stop,
    worker_env,
)
from tests.factories import BRIEF, make_account
from tests.sites.pipeline_fixtures import SCRIPT_UPLOAD, scripts_and_routes

# Transactional: other threads and processes see the rows; the rollback restores the plans.
pytestmark = [
    pytest.mark.workerd,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def account() -> Account:
    return make_account(name="Harbour Dental Ltd", plan=Plan.PROFESSIONAL)


def create_build(account: Account) -> Build:
    return services.site_create(
        account=account, brief=Brief.model_validate(BRIEF), requested_by=None, via="test"
    )


def wait_for(predicate: Any, timeout: float, what: str, interval: float = 0.1) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        assert time.monotonic() < deadline, f"{what}: not within {timeout} s"
        time.sleep(interval)


def deploy_of(build: Build) -> BuildStep:
    return BuildStep.objects.get(build=build, name="deploy")


def test_a_working_step_keeps_its_lease_and_a_hung_one_is_taken_over_after_the_cap(
    account: Account,
    cloudflare: LocalCloudflare,
    edge: Edge,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings.BUILD_STEP_LEASE_SECONDS = 1  # renewed every third of a second
    settings.BUILD_STEP_MAX_SECONDS = 4  # a step may hold its lease this long
    # The script upload hangs for longer than a step may hold its lease.
    cloudflare.faults.add(**SCRIPT_UPLOAD, method="PUT", delay=7)
    monkeypatch.setattr(tasks.build_run, "delay_on_commit", lambda build_id: None)  # threads run it
    build = create_build(account)

    def first_worker() -> None:
        try:
            runner.run(build.pk)
        finally:
            connections.close_all()

    worker = threading.Thread(target=first_worker)
    worker.start()
    try:
        wait_for(lambda: not cloudflare.faults.list(), 60, "deploy reaches the script upload")
        step = deploy_of(build)
        assert step.status == BuildStep.Status.RUNNING and step.started_at is not None
        claimed = step.started_at
        cap = claimed + timedelta(seconds=4)

        # While the first worker works, its heartbeat renews the lease: nobody takes over,
        # although the one-second lease it was claimed with passed long ago.
        leases: list[datetime] = []
        while timezone.now() < cap - timedelta(seconds=0.5):
            assert runner.run(build.pk) is None
            step = deploy_of(build)
            assert (step.status, step.attempts) == (BuildStep.Status.RUNNING, 1)
            assert step.lease_until is not None
            leases.append(step.lease_until)
            time.sleep(0.2)
        assert max(leases) > claimed + timedelta(seconds=2.5), leases
        assert max(leases) <= cap

        # Past the cap the lease is no longer renewed: the hung step is taken over.
        wait_for(lambda: timezone.now() > cap + timedelta(seconds=0.05), 5, "the cap passes")
        assert runner.run(build.pk) is None
        build.refresh_from_db()
        assert build.status == Build.Status.SUCCEEDED, build.error
        assert deploy_of(build).attempts == 2
    finally:
        worker.join(timeout=30)
    assert not worker.is_alive()
    # The hung worker's late answer changed nothing: one script, one route, one version.
    build.refresh_from_db()
    assert build.status == Build.Status.SUCCEEDED
    site = build.site
    assert scripts_and_routes(cloudflare) == ([site.script_name], [site.hostname])
    assert SiteVersion.objects.filter(site=site).count() == 1


LEASE = 3  # seconds, scaled down from 30
SWEEP = 1  # seconds, scaled down from 15
STARTUP = 20  # seconds a fresh worker and beat may take to start on a busy machine
UPLOAD_HANGS = 12  # seconds: the upload the killed worker was waiting for


@pytest.mark.celery_worker
def test_a_build_resumes_within_a_lease_and_a_sweep_after_its_worker_is_killed(
    tmp_path: Path,
    account: Account,
    cloudflare: LocalCloudflare,
    edge: Edge,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    celery_app.conf.task_always_eager = False  # restored by the autouse fixture
    broker_dir, options = private_broker(tmp_path)

    def send_to_the_test_broker(build_id: int) -> None:
        def send() -> None:
            with celery_app.connection_for_write(transport_options=options) as conn:
                tasks.build_run.apply_async(args=[build_id], connection=conn)

        transaction.on_commit(send)

    monkeypatch.setattr(tasks.build_run, "delay_on_commit", send_to_the_test_broker)
    # Cloudflare fails the first upload (the worker retries it through the broker), then
    # hangs on the second: the worker is killed while it waits.
    cloudflare.faults.add(**SCRIPT_UPLOAD, method="PUT", status=500, times=4)
    cloudflare.faults.add(**SCRIPT_UPLOAD, method="PUT", delay=UPLOAD_HANGS)
    env = worker_env(
        broker_dir,
        CLOUDFLARE_API_TOKEN="",
        CLOUDFLARE_BASE_URL=cloudflare.url,
        CLOUDFLARE_RETRY_BASE_MS="5",
        CLOUDFLARE_RETRY_MAX_MS="50",
        MEDIA_ROOT=str(django_settings.MEDIA_ROOT),
        BUILD_STEP_LEASE_SECONDS=str(LEASE),
        BUILD_SWEEP_SECONDS=str(SWEEP),
        BUILD_RETRY_BASE_SECONDS="1",
    )
    logs = tmp_path / "celery.log"
    first = start_worker(env, logs, queues="default,builds")
    processes = [first]
    try:
        build = create_build(account)
        wait_for(
            lambda: not cloudflare.faults.list() or first.poll() is not None,
            120,
            "the worker reaches the second upload",
        )
        assert first.poll() is None, logs.read_text()
        hung_at = time.monotonic()
        step = deploy_of(build)
        assert (step.status, step.attempts) == (BuildStep.Status.RUNNING, 2), logs.read_text()
        # Alive, the worker renews its lease (no sweep runs yet, nobody could take over).
        time.sleep(LEASE + 1)
        step = deploy_of(build)
        assert step.attempts == 2
        assert step.lease_until is not None and step.started_at is not None
        assert step.lease_until > step.started_at + timedelta(seconds=LEASE), logs.read_text()

        killed = timezone.now()
        stop(first, signal.SIGKILL)  # the worker and what it started die at once
        processes += [
            start_worker(env, logs, queues="default,builds"),
            start_beat(env, logs, tmp_path / "beat-schedule"),
        ]

        bound = LEASE + SWEEP + STARTUP
        wait_for(lambda: deploy_of(build).attempts == 3, bound, "the build resumes")
        resumed = deploy_of(build).started_at
        assert resumed is not None
        assert (resumed - killed).total_seconds() <= bound
        wait_for(lambda: Build.objects.get(pk=build.pk).is_finished, 120, "the build finishes")
        build.refresh_from_db()
        assert build.status == Build.Status.SUCCEEDED, (build.error, logs.read_text())
        # The killed worker's upload finishes at Cloudflare after all; it changes nothing.
        time.sleep(max(0.0, hung_at + UPLOAD_HANGS + 1 - time.monotonic()))
    finally:
        for process in processes:
            stop(process)
    site = build.site
    assert scripts_and_routes(cloudflare) == ([site.script_name], [site.hostname])
    assert SiteVersion.objects.filter(site=site).count() == 1
    assert deploy_of(build).attempts == 3
    assert "builds_resume" in logs.read_text()
