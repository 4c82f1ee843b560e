#!/usr/bin/env python
"""Benchmark: the optimization dispatcher. How long one tick takes to claim and enqueue
10,000 due sites.

Usage: .venv/bin/python scripts/bench_cycles.py [--sites 10000] [--others 40000]

A database (a fresh SQLite file, or DATABASE_URL's PostgreSQL: a scratch test database is
created there and dropped after) holds `sites` live sites that are due and `others` that
are not (due later, paused, or offline), each site with one finished cycle. One tick
(optimization.tasks.cycles_dispatch) claims the due sites, sets each one's next time,
creates one cycle each and enqueues it (on a filesystem broker of its own, or
CELERY_BROKER_URL: give it a scratch Redis database, the messages stay there). Prints
the claim time with its queries, the enqueue time, the whole tick, and that a second
tick right after claims nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="code24-bench-cycles-"))
os.environ.update(
    DJANGO_SETTINGS_MODULE="code24.settings",
    CODE24_VAR_DIR=str(WORK),
    LOG_LEVEL="WARNING",
)

import django  # noqa: E402

django.setup()


def bench_tick(*, due: int, others: int) -> None:
    from datetime import timedelta

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases
    from django.utils import timezone

    from code24.accounts.models import Plan, User
    from code24.accounts.services import account_create
    from optimization import tasks
    from optimization.models import OptimizationCycle
    from optimization.services import cycles_dispatch_claim
    from sites.models import Site

    broker = settings.CELERY_BROKER_URL.split("://")[0]
    print(
        f"dispatcher tick: {due:,} due sites among {due + others:,} ({connection.vendor}, "
        f"{broker} broker)"
    )
    names = setup_databases(verbosity=0, interactive=False)
    try:
        call_command("migrate", verbosity=0)
        owner = User.objects.create_user(email="bench@code24.localhost", password=None)
        account = account_create(owner=owner, name="Bench", plan_slug=Plan.PROFESSIONAL)
        now = timezone.now()
        started = time.perf_counter()

        def site(n: int) -> Site:
            kind = n % 4 if n >= due else -1  # the others: later, paused, offline, later
            return Site(
                account=account,
                name=f"Site {n}",
                slug=f"site-{n}",
                status=Site.Status.OFFLINE if kind == 2 else Site.Status.LIVE,
                improvements_paused=kind == 1,
                next_optimization_at=now - timedelta(seconds=n % 600)
                if kind in (-1, 1, 2)
                else now + timedelta(hours=1 + n % 24),
            )

        Site.objects.bulk_create((site(n) for n in range(due + others)), batch_size=5000)
        OptimizationCycle.objects.bulk_create(
            (
                OptimizationCycle(
                    site_id=pk, number=1, status="done", outcome="unchanged", finished_at=now
                )
                for pk in Site.objects.values_list("pk", flat=True)
            ),
            batch_size=5000,
        )
        print(f"  rows written in {time.perf_counter() - started:.1f} s")

        sent = 0
        original = tasks.cycle_run.apply_async

        def counted(*args: object, **kwargs: object) -> object:
            nonlocal sent
            sent += 1
            return original(*args, **kwargs)

        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            tick = cycles_dispatch_claim(limit=settings.OPTIMIZATION_DISPATCH_BATCH)
            claim = time.perf_counter() - started
        started = time.perf_counter()
        expires = tasks.cycle_expiry()
        for cycle_id in tick.cycles:
            counted((cycle_id,), expires=expires)
        enqueue = time.perf_counter() - started
        print(
            f"  claimed {tick.sites:,} sites, created {len(tick.cycles):,} cycles in "
            f"{claim * 1000:.0f} ms ({len(queries)} queries)"
        )
        print(f"  enqueued {sent:,} cycles in {enqueue * 1000:.0f} ms")
        print(f"  one tick: {(claim + enqueue) * 1000:.0f} ms")
        started = time.perf_counter()
        again = tasks.cycles_dispatch()
        print(
            f"  a second tick right after creates {again} cycles "
            f"({(time.perf_counter() - started) * 1000:.0f} ms)"
        )
        assert len(tick.cycles) == due and again == 0
    finally:
        teardown_databases(names, verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=10_000, help="due sites")
    parser.add_argument("--others", type=int, default=40_000, help="sites not due")
    args = parser.parse_args()
    bench_tick(due=args.sites, others=args.others)


if __name__ == "__main__":
    main()
