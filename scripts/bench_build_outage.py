#!/usr/bin/env python
"""Benchmark: a Cloudflare outage during deploy, with production settings. When does the
build finish after Cloudflare answers again?

Usage:
    .venv/bin/python scripts/bench_build_outage.py               # simulated, 2,000 runs each
    .venv/bin/python scripts/bench_build_outage.py --real 60 600 # real builds: 60 s, 10 min

Simulated: the real retry policies (the client's ``RetryPolicy`` from the CLOUDFLARE_RETRY_*
settings, the build's ``runner.retry_delay`` from the BUILD_RETRY_* settings) on a virtual
clock; each Cloudflare call takes 0.2 s. The outage starts as deploy uploads the script.

Real (``--real``): whole builds in a throwaway folder against the local Cloudflare (its API
and the QA edge in workerd), the deploy's script upload answered 500 (or 429s, then 500s,
for ``--real issue``) from its first try until the outage's time has passed. The build runs
as the Celery task runs it: ``runner.run`` and, when it asks, again after the wait it names.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="code24-bench-outage-"))
os.environ.update(
    DJANGO_SETTINGS_MODULE="code24.settings",
    CODE24_VAR_DIR=str(WORK),
    CELERY_TASK_ALWAYS_EAGER="false",
    LOG_LEVEL="WARNING",
)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from code24.cloudflare.client import RetryPolicy  # noqa: E402
from sites.pipeline import runner  # noqa: E402

CALL = 0.2  # seconds a Cloudflare call takes in the simulation
SCRIPT_UPLOAD = {"path": r"/workers/dispatch/namespaces/[^/]+/scripts/[^/]+$", "regex": True}

# An outage: (seconds, retry-after or None) phases; 429 phases carry a retry-after.
Outage = list[tuple[float, float | None]]
SCENARIOS: dict[str, Outage] = {
    "500s for 60 s": [(60, None)],
    "500s for 10 min": [(600, None)],
    "429s (retry-after 1) for 30 s, then 500s for 30 s": [(30, 1.0), (30, None)],
}


def client_policy() -> RetryPolicy:
    return RetryPolicy(
        attempts=max(1, settings.CLOUDFLARE_RETRY_ATTEMPTS),
        base_delay=settings.CLOUDFLARE_RETRY_BASE_MS / 1000,
        max_delay=settings.CLOUDFLARE_RETRY_MAX_MS / 1000,
    )


def simulate(outage: Outage, rng: random.Random) -> tuple[float, int]:
    """(seconds from recovery to the deploy's success, the build's tries) for one run."""
    ends, total = [], 0.0
    for seconds, retry_after in outage:
        total += seconds
        ends.append((total, retry_after))
    recovered = total

    def answer(t: float) -> tuple[bool, float | None]:
        for end, retry_after in ends:
            if t < end:
                return False, retry_after
        return True, None

    policy, t, tries = client_policy(), 0.0, 0
    while True:
        tries += 1
        for attempt in range(1, policy.attempts + 1):  # the client's own retries
            ok, retry_after = answer(t)
            t += CALL
            if ok:
                return t - recovered, tries
            wait = policy.wait(attempt, retry_after, rng)
            if wait is None:
                break
            t += wait
        t += runner.retry_delay(tries, retry_after)  # the build waits, then tries again


def simulated(runs: int) -> None:
    rng = random.Random(24)  # noqa: S311 - jitter, not secrets
    random.seed(24)  # runner.retry_delay draws from the module's generator
    print(
        f"simulated, {runs} runs each; client retries {settings.CLOUDFLARE_RETRY_ATTEMPTS} x "
        f"{settings.CLOUDFLARE_RETRY_BASE_MS}-{settings.CLOUDFLARE_RETRY_MAX_MS} ms, build "
        f"retries {settings.BUILD_RETRY_BASE_SECONDS}-{settings.BUILD_RETRY_MAX_SECONDS} s "
        f"for {settings.BUILD_RETRY_WINDOW_SECONDS / 3600:g} h"
    )
    print(f"{'outage':<52} {'median':>8} {'p90':>8} {'worst':>8} {'tries':>6}")
    for name, outage in SCENARIOS.items():
        results = [simulate(outage, rng) for _ in range(runs)]
        after = sorted(r[0] for r in results)
        tries = statistics.median(r[1] for r in results)
        p90 = after[int(len(after) * 0.9)]
        print(
            f"{name:<52} {statistics.median(after):>7.1f}s {p90:>7.1f}s {after[-1]:>7.1f}s "
            f"{tries:>6.0f}"
        )
    print("(seconds from Cloudflare answering again to the deploy's upload succeeding)")


def real(outages: list[str]) -> None:
    from django.core.management import call_command
    from django.utils import timezone

    from code24.accounts import services as account_services
    from code24.accounts.models import Plan, User
    from code24.ai.schemas import Brief
    from code24.cloudflare.client import get_client
    from code24.cloudflare.local import LocalCloudflare
    from code24.cloudflare.management.commands.cloudflare_setup import run_setup
    from sites import services, tasks
    from sites.models import Build, BuildStep

    call_command("migrate", verbosity=0)
    server = LocalCloudflare.from_settings(state_dir=WORK / "cloudflare", port=0).start()
    settings.CLOUDFLARE_BASE_URL = server.url
    run_setup(get_client(), out=lambda line: None)
    owner = User.objects.create_user(email="bench@example.com", password=None)
    account = account_services.account_create(owner=owner, name="Bench", plan_slug=Plan.ENTERPRISE)
    tasks.build_run.delay_on_commit = lambda build_id: None

    print(f"{'outage':<52} {'done after recovery':>20} {'tries':>6}")
    try:
        for index, label in enumerate(outages):
            if label == "issue":
                name = "429s (retry-after 1) for 30 s, then 500s for 30 s"
                phases = [(30.0, {"status": 429, "retry_after": 1}), (30.0, {"status": 500})]
            else:
                name, phases = f"500s for {float(label):g} s", [(float(label), {"status": 500})]
            recovered: list[datetime] = []

            def outage_runs(
                phases: list[tuple[float, dict[str, int]]] = phases,
                recovered: list[datetime] = recovered,
            ) -> None:
                for number, (seconds, fault) in enumerate(phases):
                    server.faults.clear()
                    server.faults.add(**SCRIPT_UPLOAD, method="PUT", times=None, **fault)
                    while number == 0 and not server.faults.list()[0]["hits"]:
                        time.sleep(0.01)  # the outage starts with deploy's first upload
                    time.sleep(seconds)
                server.faults.clear()
                recovered.append(timezone.now())

            outage = threading.Thread(target=outage_runs, daemon=True)
            outage.start()
            build = services.site_create(
                account=account,
                brief=Brief(
                    name=f"Outage {index + 1}",
                    description="Family dentistry, hygiene and emergency appointments.",
                    business_type="dental-clinic",
                    primary_goal="bookings",
                ),
                requested_by=None,
                via="bench",
            )
            run_as_the_task(lambda: runner.run(build.pk))  # noqa: B023 - called at once
            outage.join()
            build.refresh_from_db()
            deploy = BuildStep.objects.get(build=build, name="deploy")
            assert build.status == Build.Status.SUCCEEDED, build.error
            assert deploy.finished_at is not None
            lag = (deploy.finished_at - recovered[0]).total_seconds()
            print(f"{name:<52} {lag:>19.1f}s {deploy.attempts:>6}")
    finally:
        server.stop()


def run_as_the_task(run: Callable[[], float | None]) -> None:
    """What build_run does through the broker: run, and again after the wait it asks for."""
    while (wait := run()) is not None:
        time.sleep(wait)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument(
        "--real",
        nargs="*",
        metavar="SECONDS",
        help="outages to live through for real: seconds of 500s each, or 'issue'",
    )
    args = parser.parse_args()
    if args.real is None:
        simulated(args.runs)
    else:
        real(args.real or ["60", "600"])
    print(f"(work folder: {WORK})")


if __name__ == "__main__":
    main()
