#!/usr/bin/env python
"""Benchmark: 20 briefs across business types, brief to live on the local Cloudflare.

Usage: .venv/bin/python scripts/bench_builds.py [--briefs 20]

Runs in a throwaway folder (its own SQLite database, files and local Cloudflare state),
with the built-in AI provider, the real local Cloudflare API and the real Workers in
workerd. Each build runs inline (as a Celery worker would run it) from `site_create` to
the site answering 200 through the edge. Prints per-brief times, page weights (gzip, as
transferred: each page plus its stylesheet) and QA results, then the median and worst.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="code24-bench-"))
os.environ.update(
    DJANGO_SETTINGS_MODULE="code24.settings",
    CODE24_VAR_DIR=str(WORK),
    CELERY_TASK_ALWAYS_EAGER="true",
    LOG_LEVEL="WARNING",
)

import django  # noqa: E402

django.setup()

import httpx  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from code24.accounts import services as account_services  # noqa: E402
from code24.accounts.models import Plan, User  # noqa: E402
from code24.ai.schemas import Brief  # noqa: E402
from code24.cloudflare.client import get_client  # noqa: E402
from code24.cloudflare.local import LocalCloudflare  # noqa: E402
from code24.cloudflare.local.edge import Edge  # noqa: E402
from code24.cloudflare.management.commands.cloudflare_setup import run_setup  # noqa: E402
from sites import services  # noqa: E402
from sites.models import Build  # noqa: E402
from sites.pipeline.files import files_load  # noqa: E402

TYPES = [
    ("saas", "Ledgerly", "Invoicing software for freelancers that chases late payments."),
    ("e-commerce", "Fern & Clay", "Handmade ceramic planters and homeware shipped across the UK."),
    ("restaurant", "Trattoria Lucia", "Family-run Italian restaurant with fresh pasta daily."),
    ("law-firm", "Hale Partners", "Employment and family law advice for people in Bristol."),
    ("dental-clinic", "Harbour Dental", "Family dentistry, hygiene and emergency appointments."),
    ("plumber", "FlowFix Plumbing", "24-hour emergency plumbing, boiler repairs and installs."),
    ("real-estate", "Northgate Homes", "Estate agents selling and letting homes in York."),
    ("fitness-studio", "Pulse Studio", "Small-group HIIT, yoga and strength classes downtown."),
    ("agency", "Brightside Digital", "Websites and SEO for local businesses that want leads."),
    ("consultant", "Clara Voss Consulting", "Operations consulting for growing manufacturers."),
    ("nonprofit", "River Care Trust", "Volunteers restoring and protecting our local river."),
    ("photographer", "Sam Reyes Photo", "Wedding and portrait photography across Cornwall."),
]
GOALS = ["lead_generation", "sales", "bookings", "awareness"]


def briefs(count: int) -> list[Brief]:
    out = []
    for i in range(count):
        kind, name, line = TYPES[i % len(TYPES)]
        suffix = "" if i < len(TYPES) else f" {i // len(TYPES) + 1}"
        out.append(
            Brief(
                name=f"{name}{suffix}",
                description=f"{line} Friendly, clear and reliable, with honest prices.",
                business_type=kind,  # type: ignore[arg-type]
                primary_goal=GOALS[i % len(GOALS)],  # type: ignore[arg-type]
                location="Leeds",
            )
        )
    return out


def page_weights(build: Build) -> list[int]:
    files = files_load(build.step_output("develop")["files"])
    css = sum(len(gzip.compress(body)) for path, body in files.items() if path.endswith(".css"))
    return [
        len(gzip.compress(body)) + css for path, body in files.items() if path.endswith(".html")
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--briefs", type=int, default=20)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    edge = Edge(port=0)
    edge.start()
    server = LocalCloudflare.from_settings(
        state_dir=WORK / "cloudflare", port=0, on_change=edge.apply, check_script=edge.check_script
    ).start()
    settings.CLOUDFLARE_BASE_URL = server.url
    run_setup(get_client(), out=lambda line: None)
    owner = User.objects.create_user(email="bench@example.com", password=None)
    account = account_services.account_create(owner=owner, name="Bench", plan_slug=Plan.ENTERPRISE)

    print(f"{'brief':<28} {'type':<15} {'seconds':>8} {'pages':>5} {'max KB':>7} {'QA':>6}")
    times, weights, failures = [], [], 0
    try:
        for brief in briefs(args.briefs):
            started = time.perf_counter()
            with transaction.atomic():
                build = services.site_create(
                    account=account, brief=brief, requested_by=None, via="bench"
                )
            build.refresh_from_db()
            site = build.site
            live = httpx.get(edge.url + "/", headers={"Host": site.hostname}, timeout=10)
            elapsed = time.perf_counter() - started
            if build.status != Build.Status.SUCCEEDED or live.status_code != 200:
                failures += 1
                print(f"{brief.name:<28} FAILED: {build.error or live.status_code}")
                continue
            qa = build.step_output("qa")
            passed = sum(1 for check in qa["checks"] if check["passed"])
            page_kb = [w / 1024 for w in page_weights(build)]
            times.append(elapsed)
            weights.extend(page_kb)
            print(
                f"{brief.name:<28} {brief.business_type:<15} {elapsed:>8.2f} "
                f"{len(page_kb):>5} {max(page_kb):>7.1f} {passed:>3}/{len(qa['checks']):<2}"
            )
    finally:
        server.stop()
        edge.stop()

    if times:
        print()
        print(f"builds: {len(times)} live, {failures} failed")
        print(f"brief to live: median {statistics.median(times):.2f} s, worst {max(times):.2f} s")
        print(
            f"page weight (gzip, page + CSS): median {statistics.median(weights):.1f} KB, "
            f"worst {max(weights):.1f} KB (budget 150 KB)"
        )
    print(f"(work folder: {WORK})")


if __name__ == "__main__":
    main()
