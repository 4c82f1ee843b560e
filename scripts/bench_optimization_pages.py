#!/usr/bin/env python
"""Benchmark: the optimization pages with a long history. Query count and latency of a
site's Optimization page and of GET /api/v1/sites/{id}/cycles with 10,000 cycles.

Usage: .venv/bin/python scripts/bench_optimization_pages.py [--cycles 10000] [--runs 30]

A scratch database (a fresh SQLite file, or DATABASE_URL's PostgreSQL: Django's test
database "test_<name>" is created there and dropped after) holds one live site with
`cycles` finished cycles of every kind (improved, nothing to change, rolled back, failed;
each with findings, fixes and a diff), a milestone every tenth. Django's test Client,
signed in as the site's owner, asks each URL `runs` times after a warm-up. Prints the
queries per request and the median and p95 in ms, and the same with 10 cycles, so the
two can be compared: the query count must not grow with the history.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="code24-bench-optimization-"))
os.environ.update(
    DJANGO_SETTINGS_MODULE="code24.settings",
    CODE24_VAR_DIR=str(WORK),
    LOG_LEVEL="WARNING",
)

import django  # noqa: E402

django.setup()

from datetime import timedelta  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_databases,
    setup_test_environment,
    teardown_databases,
)
from django.utils import timezone  # noqa: E402

FINDINGS = [
    {
        "id": "image-alt",
        "title": "Image elements have [alt] attributes",
        "categories": {"accessibility": 10, "seo": 1},
        "outcome": "fail",
        "score": 0,
        "explanation": "Screen readers read the alt text of images to people who can't see them.",
        "fix": "Describe each image in its alt attribute.",
        "offenders": [
            {"page": "/", "selector": f"main img:nth-of-type({n})", "snippet": '<img src="a.jpg">'}
            for n in range(1, 6)
        ],
    },
    {
        "id": "meta-description",
        "title": "Document has a meta description",
        "categories": {"seo": 1},
        "outcome": "fail",
        "score": 0,
        "explanation": "Search engines show it under your page's title.",
        "fix": "Add a short description (50 to 160 characters).",
        "offenders": [{"page": "/about", "selector": "head", "snippet": "<head>", "note": ""}],
    },
]
FIXES = [
    {
        "fixer": "image-alt",
        "audit": "image-alt",
        "summary": "Added alt text to 5 images.",
        "files": ["index.html"],
    },
    {
        "fixer": "meta-description",
        "audit": "meta-description",
        "summary": "Wrote a description.",
        "files": ["about.html"],
    },
]
DIFF = "".join(
    f"--- a/page{n}.html\n+++ b/page{n}.html\n@@ -1,3 +1,3 @@\n <head>\n-<title>Old {n}</title>\n"
    f"+<title>New {n}</title>\n <body>\n"
    for n in range(20)
)


def timed(client: Client, url: str, runs: int) -> tuple[int, list[float]]:
    response = client.get(url)  # warm-up
    assert response.status_code == 200, (url, response.status_code)
    reset_queries()  # each request starts a fresh log (request_started)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    if os.environ.get("BENCH_SHOW_QUERIES"):
        for query in queries.captured_queries:
            print(f"      {query['time']:>6} s  {query['sql'][:160]}")
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return len(queries), times


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[max(int(len(ordered) * 0.95) - 1, 0)]
    return f"median {statistics.median(ordered):7.2f} ms, p95 {p95:7.2f} ms"


def cycles_add(site: Any, start: int, count: int) -> None:
    from optimization.models import OptimizationCycle

    now = timezone.now() - timedelta(hours=count + start)
    rows = []
    for number in range(start + 1, start + count + 1):
        kind = number % 4
        at = now + timedelta(hours=number)
        health = 60 + number % 40
        scores = {
            k: health for k in ("performance", "accessibility", "best-practices", "seo", "security")
        }
        rows.append(
            OptimizationCycle(
                site=site,
                number=number,
                status="failed" if kind == 3 else "done",
                outcome={0: "improved", 1: "unchanged", 2: "rolled_back"}.get(kind, ""),
                created_at=at - timedelta(minutes=3),
                started_at=at - timedelta(minutes=3),
                finished_at=at,
                scores_before=scores,
                scores_after={k: v + 1 for k, v in scores.items()} if kind in (0, 2) else {},
                health_before=health,
                health_after=health + 1 if kind in (0, 2) else None,
                grade_before="B",
                grade_after="A" if kind in (0, 2) else "",
                findings=FINDINGS,
                fixes=FIXES if kind in (0, 2) else [],
                diff=DIFF if kind in (0, 2) else "",
                rolled_back=kind == 2,
                rollback_reason="Accessibility went down." if kind == 2 else "",
                milestone=number % 10 == 0,
                error="The site did not answer." if kind == 3 else "",
            )
        )
    OptimizationCycle.objects.bulk_create(rows, batch_size=1000)


def bench(total: int, runs: int) -> None:
    from code24.accounts.models import Plan, User
    from code24.accounts.services import account_create
    from sites.models import Site

    print(f"== optimization pages ({connection.vendor}), {runs} runs each after a warm-up")
    names = setup_databases(verbosity=0, interactive=False)
    try:
        call_command("migrate", verbosity=0)
        owner = User.objects.create_user(email="bench@code24.localhost", password=None)
        account = account_create(owner=owner, name="Bench", plan_slug=Plan.ENTERPRISE)
        site = Site.objects.create(
            account=account, name="Bench Bakery", slug="bench", status="live"
        )
        client = Client()
        client.force_login(owner)
        urls = {
            "Optimization page": f"/sites/{site.pk}/optimization/",
            "Optimization page, page 200": f"/sites/{site.pk}/optimization/?page=200",
            "GET /api/v1/sites/{id}/cycles": f"/api/v1/sites/{site.pk}/cycles",
            "GET …/cycles?page=200": f"/api/v1/sites/{site.pk}/cycles?page=200",
            "cycle page (one cycle)": f"/sites/{site.pk}/optimization/cycles/9/",
            "account overview": "/optimization/",
        }
        done = 0
        for count in (10, total):
            started = time.perf_counter()
            cycles_add(site, done, count - done)
            done = count
            if connection.vendor == "postgresql":  # what autovacuum does after a bulk load
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE optimization_optimizationcycle")
            print(f"  {count:,} cycles (written in {time.perf_counter() - started:.1f} s)")
            for label, url in urls.items():
                if "page=200" in url and count < 200 * 25:
                    continue
                queries, times = timed(client, url, runs)
                print(f"    {label:<32} {queries:3d} queries, {summary(times)}")
    finally:
        teardown_databases(names, verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    setup_test_environment()
    bench(args.cycles, args.runs)


if __name__ == "__main__":
    main()
