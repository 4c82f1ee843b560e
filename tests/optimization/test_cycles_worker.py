"""A cycle end to end through real processes on the configured broker (the filesystem broker
here, Redis in CI): Celery beat runs the dispatcher, which claims the due site and enqueues
its cycle; a real worker runs the cycle (scan, the generator upgrade through develop, QA
and deploy to the local Cloudflare, scan again) and the edge serves the new version."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from code24.celery import app as celery_app
from code24.cloudflare.local import LocalCloudflare
from code24.cloudflare.local.edge import Edge
from optimization.models import OptimizationCycle
from sites.generator import GENERATOR_VERSION
from sites.models import Site, SiteVersion
from tests.core.celery_processes import (
    private_broker,
    start_beat,
    start_worker,
    stop,
    worker_env,
)
from tests.sites.pipeline_fixtures import fetch

pytestmark = [
    pytest.mark.workerd,
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_beat_dispatches_a_due_cycle_that_a_worker_runs_to_a_new_live_version(
    tmp_path: Path,
    cloudflare: LocalCloudflare,
    edge: Edge,
    build_live: Callable[..., Site],
) -> None:
    site = build_live()
    old = site.current_version
    assert old is not None
    # The site was built by an older generator: its cycle brings it forward.
    SiteVersion.objects.filter(pk=old.pk).update(generator_version=GENERATOR_VERSION - 1)
    Site.objects.filter(pk=site.pk).update(next_optimization_at=timezone.now())

    celery_app.conf.task_always_eager = False  # restored by the autouse fixture
    broker_dir, _options = private_broker(tmp_path)
    env = worker_env(
        broker_dir,
        CLOUDFLARE_API_TOKEN="",
        CLOUDFLARE_BASE_URL=cloudflare.url,
        CLOUDFLARE_RETRY_BASE_MS="5",
        CLOUDFLARE_RETRY_MAX_MS="50",
        MEDIA_ROOT=str(django_settings.MEDIA_ROOT),
        SITE_ADDRESS=django_settings.SITE_ADDRESS,
        OPTIMIZATION_DISPATCH_SECONDS="1",
        OPTIMIZATION_INTERVAL_SECONDS="3600",  # one cycle in this test
        LOCAL_CLOUDFLARE_DNS="127.0.0.1:9",  # nothing here asks DNS; if it did, nowhere
    )
    log = tmp_path / "celery.log"
    processes = [
        start_worker(env, log, queues="optimization,builds,default"),
        start_beat(env, log, tmp_path / "beat-schedule"),
    ]
    try:
        deadline = time.monotonic() + 180
        cycle: OptimizationCycle | None = None
        while True:
            for process in processes:
                assert process.poll() is None, log.read_text()[-5000:]
            cycle = OptimizationCycle.objects.filter(site=site).first()
            if cycle is not None and cycle.is_finished:
                break
            assert time.monotonic() < deadline, log.read_text()[-5000:]
            time.sleep(0.5)
    finally:
        for process in processes:
            stop(process)
    text = log.read_text()
    assert cycle is not None
    assert (cycle.status, cycle.outcome, cycle.error) == ("done", "improved", ""), text[-5000:]
    assert cycle.requested_via == "schedule" and cycle.number == 1
    assert "optimization.tasks.cycles_dispatch" in text and "optimization.tasks.cycle_run" in text
    assert [fix["fixer"] for fix in cycle.fixes] == ["generator-upgrade"]
    assert cycle.scan_before is not None and cycle.scan_after is not None
    assert cycle.scores_after and not cycle.rolled_back
    new = cycle.version_after
    assert new is not None and new.generator_version == GENERATOR_VERSION
    site.refresh_from_db()
    assert site.current_version == new and new.deployed_at is not None
    assert site.next_optimization_at is not None
    assert site.next_optimization_at > timezone.now() + timedelta(minutes=50)
    assert OptimizationCycle.objects.filter(site=site).count() == 1
    response = fetch(edge, site.hostname)
    assert response.status_code == 200
    assert new.cloudflare_response and new.cloudflare_response["script"] == site.script_name
