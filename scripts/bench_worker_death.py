#!/usr/bin/env python
"""Benchmark: a Celery worker killed (SIGKILL) mid-deploy, with production settings. How long
until the step runs again on another worker?

Usage: .venv/bin/python scripts/bench_worker_death.py [--kills 5]

Runs in a throwaway folder: its own SQLite database, filesystem broker and local Cloudflare
(in this process), a real `celery worker` and `celery beat` (the sweep) as processes, with
the BUILD_STEP_LEASE_SECONDS and BUILD_SWEEP_SECONDS of the environment (30 s and 15 s by
default). For each kill a build starts; its script upload hangs (a local Cloudflare delay
fault), the worker is killed at a random moment of that wait, and a fresh worker starts at
once. Prints, per kill, the seconds from the kill to the step being claimed again, then the
median and worst against the bound (lease + sweep).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="code24-bench-death-"))
os.environ.update(
    DJANGO_SETTINGS_MODULE="code24.settings",
    CODE24_VAR_DIR=str(WORK),
    CELERY_BROKER_URL="filesystem://",
    CELERY_TASK_ALWAYS_EAGER="false",
    LOG_LEVEL="WARNING",
)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from code24.accounts import services as account_services  # noqa: E402
from code24.accounts.models import Plan, User  # noqa: E402
from code24.ai.schemas import Brief  # noqa: E402
from code24.cloudflare.client import get_client  # noqa: E402
from code24.cloudflare.local import LocalCloudflare  # noqa: E402
from code24.cloudflare.management.commands.cloudflare_setup import run_setup  # noqa: E402
from sites import services  # noqa: E402
from sites.models import Build, BuildStep  # noqa: E402

SCRIPT_UPLOAD = {"path": r"/workers/dispatch/namespaces/[^/]+/scripts/[^/]+$", "regex": True}
HANG = 90.0  # seconds the script upload hangs (longer than any kill point)


def celery(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "code24", *args],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # killed with what it started (the QA edge's Node)
        )


def worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return celery(
        ["worker", "--pool", "solo", "--queues", "default,builds", "--loglevel", "INFO",
         "--without-gossip", "--without-mingle", "--without-heartbeat"],
        env,
        log,
    )  # fmt: skip


def kill(process: subprocess.Popen[bytes], sig: int = signal.SIGKILL) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
    process.wait(timeout=30)


def wait_for(predicate: Callable[[], object], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit(f"gave up after {timeout} s (logs in {WORK})")
        time.sleep(0.1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kills", type=int, default=5)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    server = LocalCloudflare.from_settings(state_dir=WORK / "cloudflare", port=0).start()
    settings.CLOUDFLARE_BASE_URL = server.url
    run_setup(get_client(), out=lambda line: None)
    owner = User.objects.create_user(email="bench@example.com", password=None)
    account = account_services.account_create(owner=owner, name="Bench", plan_slug=Plan.ENTERPRISE)
    # The hung upload must outlast the kill point: no client timeout before it.
    env = dict(
        os.environ,
        CLOUDFLARE_BASE_URL=server.url,
        CLOUDFLARE_TIMEOUT_SECONDS=str(int(HANG) + 30),
        LOG_LEVEL="INFO",
    )
    log = WORK / "celery.log"
    lease, sweep = settings.BUILD_STEP_LEASE_SECONDS, settings.BUILD_SWEEP_SECONDS
    rng = random.Random()  # noqa: S311 - kill points, not secrets

    print(f"lease {lease} s, sweep every {sweep} s: bound {lease + sweep} s (+ queue latency)")
    print(f"{'kill':>4} {'killed after (s)':>17} {'step ran again after (s)':>25}")
    processes = [worker(env, log), celery(["beat", "--schedule", str(WORK / "beat")], env, log)]
    delays = []
    try:
        for number in range(1, args.kills + 1):
            server.faults.add(**SCRIPT_UPLOAD, method="PUT", delay=HANG)
            build = services.site_create(
                account=account,
                brief=Brief(
                    name=f"Kill {number}",
                    description="Family dentistry, hygiene and emergency appointments.",
                    business_type="dental-clinic",
                    primary_goal="bookings",
                ),
                requested_by=None,
                via="bench",
            )
            wait_for(lambda: not server.faults.list(), 180)  # the upload hangs
            hung = time.monotonic()
            step = BuildStep.objects.get(build=build, name="deploy")
            time.sleep(rng.uniform(0, 2 * lease))  # a random moment of the heartbeat's cycle
            killed, killed_after = timezone.now(), time.monotonic() - hung
            kill(processes[0])
            processes[0] = worker(env, log)  # a fresh worker at once, as a supervisor would
            claimed = step.attempts
            wait_for(lambda: BuildStep.objects.get(pk=step.pk).attempts > claimed, 600)  # noqa: B023
            again = BuildStep.objects.get(pk=step.pk).started_at
            assert again is not None
            delay = (again - killed).total_seconds()
            delays.append(delay)
            print(f"{number:>4} {killed_after:>17.1f} {delay:>25.1f}")
            wait_for(lambda: Build.objects.get(pk=build.pk).is_finished, 300)  # noqa: B023
            assert Build.objects.get(pk=build.pk).status == Build.Status.SUCCEEDED
    finally:
        for process in processes:
            kill(process, signal.SIGTERM)
        server.stop()
    print(
        f"step ran again after: median {statistics.median(delays):.1f} s, "
        f"worst {max(delays):.1f} s (bound {lease + sweep} s)"
    )
    print(f"(work folder: {WORK})")


if __name__ == "__main__":
    main()
