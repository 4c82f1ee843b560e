"""A real Celery worker process, on the configured broker (Redis in CI), changes the database."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from code24.accounts.models import Invitation
from code24.accounts.tasks import invitations_expire
from code24.celery import app as celery_app
from tests.factories import make_account

# Transactional (another thread or process sees the rows); the rollback restores the plans.
pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _worker_env(broker_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        env["SQLITE_PATH"] = str(db["NAME"])
    else:
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        )
    env["CELERY_BROKER_DIR"] = str(broker_dir)
    return env


def test_worker_runs_a_task_and_its_effect_is_in_the_database(tmp_path: Path) -> None:
    celery_app.conf.task_always_eager = False  # restored by the autouse fixture
    account = make_account()
    stale = Invitation.objects.create(
        account=account, email="old@example.com", expires_at=timezone.now() - timedelta(days=30)
    )
    fresh = Invitation.objects.create(account=account, email="new@example.com")

    broker_dir = tmp_path / "broker"
    options = dict(settings.CELERY_BROKER_TRANSPORT_OPTIONS)
    if options:  # the filesystem broker: use a private folder so no other worker takes the task
        for sub in ("queue", "processed", "control"):
            (broker_dir / sub).mkdir(parents=True)
        options.update(
            data_folder_in=str(broker_dir / "queue"),
            data_folder_out=str(broker_dir / "queue"),
            processed_folder=str(broker_dir / "processed"),
            control_folder=str(broker_dir / "control"),
        )
    with celery_app.connection_for_write(transport_options=options) as conn:
        invitations_expire.apply_async(connection=conn)

    worker = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "code24", "worker",
            "--pool", "solo", "--queues", "default", "--loglevel", "INFO",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
        ],
        cwd=settings.BASE_DIR,
        env=_worker_env(broker_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while Invitation.objects.filter(pk=stale.pk).exists():
            assert worker.poll() is None, worker.stdout.read() if worker.stdout else ""
            assert time.monotonic() < deadline, "the worker did not run the task in 60 s"
            time.sleep(0.3)
    finally:
        worker.terminate()
        output, _ = worker.communicate(timeout=30)
    assert Invitation.objects.filter(pk=fresh.pk).exists()
    assert "invitations_expire" in output
