"""A real Celery worker process, on the configured broker (Redis in CI), changes the database."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from code24.accounts.models import Invitation
from code24.accounts.tasks import invitations_expire
from code24.celery import app as celery_app
from tests.core.celery_processes import private_broker, start_worker, stop, worker_env
from tests.factories import make_account

# Transactional (another thread or process sees the rows); the rollback restores the plans.
pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_worker_runs_a_task_and_its_effect_is_in_the_database(tmp_path: Path) -> None:
    celery_app.conf.task_always_eager = False  # restored by the autouse fixture
    account = make_account()
    stale = Invitation.objects.create(
        account=account, email="old@example.com", expires_at=timezone.now() - timedelta(days=30)
    )
    fresh = Invitation.objects.create(account=account, email="new@example.com")

    broker_dir, options = private_broker(tmp_path)
    with celery_app.connection_for_write(transport_options=options) as conn:
        invitations_expire.apply_async(connection=conn)

    log = tmp_path / "worker.log"
    worker = start_worker(worker_env(broker_dir), log)
    try:
        deadline = time.monotonic() + 60
        while Invitation.objects.filter(pk=stale.pk).exists():
            assert worker.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the worker did not run the task in 60 s"
            time.sleep(0.3)
    finally:
        stop(worker)
    assert Invitation.objects.filter(pk=fresh.pk).exists()
    assert "invitations_expire" in log.read_text()
