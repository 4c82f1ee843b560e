"""A real Celery worker process, on the configured broker (Redis in CI), changes the database."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

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


def _worker_env(broker_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a worker (or beat) on the test's database and broker folder."""
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
    env.update(extra)
    return env


def private_broker(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """A broker folder of the test's own (the filesystem broker) and the transport options
    to send into it, so no other worker takes the test's tasks; with Redis, the broker."""
    broker_dir = tmp_path / "broker"
    options = dict(settings.CELERY_BROKER_TRANSPORT_OPTIONS)
    if options:
        for sub in ("queue", "processed", "control"):
            (broker_dir / sub).mkdir(parents=True)
        options.update(
            data_folder_in=str(broker_dir / "queue"),
            data_folder_out=str(broker_dir / "queue"),
            processed_folder=str(broker_dir / "processed"),
            control_folder=str(broker_dir / "control"),
        )
    return broker_dir, options


def celery_process(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[str]:
    """`celery -A code24 <args>` in a process group of its own (so it can be killed with
    everything it started, such as the QA edge's Node), its output in `log`."""
    with log.open("a") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "code24", *args],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )


def start_worker(env: dict[str, str], log: Path, queues: str = "default") -> subprocess.Popen[str]:
    return celery_process(
        [
            "worker", "--pool", "solo", "--queues", queues, "--loglevel", "INFO",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
        ],
        env,
        log,
    )  # fmt: skip


def start_beat(env: dict[str, str], log: Path, schedule: Path) -> subprocess.Popen[str]:
    return celery_process(["beat", "--loglevel", "INFO", "--schedule", str(schedule)], env, log)


def stop(process: subprocess.Popen[str], sig: int = signal.SIGTERM) -> None:
    """Send `sig` to the process and everything it started; wait until it has ended."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


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
    worker = start_worker(_worker_env(broker_dir), log)
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
