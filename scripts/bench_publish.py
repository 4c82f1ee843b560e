#!/usr/bin/env python
"""Benchmark: publishing one text edit of a 7-page site, the product's way.

    .venv/bin/python scripts/bench_publish.py [--runs 7]

A real brief (``tests/ai/briefs.py``'s first café: 7 pages) is built through the whole
pipeline onto a local Cloudflare and its edge (workerd), in a throwaway folder with its
own SQLite database. Then, ``--runs`` times: one edit of the home page's headline is saved
in the draft (``sites.drafts.edit_save``), published (``draft_publish``: develop, QA in
workerd, deploy, go-live), and timed until the edge serves the new headline. It prints the
median, min and max, the steps' own durations, and, for reference in the same run, what a
full rebuild of the same site takes. Everything is on loopback and stops by itself.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="code24-bench-publish-"))
os.environ.update(
    DJANGO_SETTINGS_MODULE="code24.settings",
    CODE24_VAR_DIR=str(WORK),
    LOG_LEVEL="WARNING",
)
os.environ.pop("DATABASE_URL", None)

import django  # noqa: E402

django.setup()

import httpx  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from code24.ai.schemas import Brief  # noqa: E402
from code24.celery import app as celery_app  # noqa: E402
from code24.cloudflare.client import get_client  # noqa: E402
from code24.cloudflare.local import LocalCloudflare  # noqa: E402
from code24.cloudflare.local.edge import Edge  # noqa: E402
from code24.cloudflare.management.commands.cloudflare_setup import run_setup  # noqa: E402
from sites import drafts, services  # noqa: E402
from sites.models import Build, Site  # noqa: E402
from tests.ai.briefs import BRIEFS  # noqa: E402
from tests.factories import make_account, make_user  # noqa: E402


def served(edge: Edge, site: Site) -> str:
    answer = httpx.get(
        f"http://127.0.0.1:{edge.port}/", headers={"Host": site.hostname}, timeout=30
    )
    return answer.text


def steps_of(build: Build) -> dict[str, float]:
    return {s.name: (s.duration or 0.0) * 1000 for s in build.steps.all() if s.duration}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    celery_app.conf.update(task_always_eager=True, task_eager_propagates=True)
    edge = Edge(port=0)
    edge.start()
    server = LocalCloudflare.from_settings(
        state_dir=WORK / "cloudflare", port=0, on_change=edge.apply, check_script=edge.check_script
    ).start()
    settings.CLOUDFLARE_API_TOKEN = ""
    settings.CLOUDFLARE_BASE_URL = server.url
    settings.SITE_ADDRESS = "http://{host}:" + str(edge.port)
    try:
        run_setup(get_client(), out=lambda line: None)
        account = make_account(make_user("bench@example.com"), name="Bench", plan="professional")
        brief = Brief.model_validate(BRIEFS["cafe"][0])
        started = time.perf_counter()
        from django.db import transaction

        with transaction.atomic():
            build = services.site_create(account=account, brief=brief, requested_by=None)
        build.refresh_from_db()
        assert build.status == Build.Status.SUCCEEDED, build.error
        site = Site.objects.get(pk=build.site_id)
        pages = [p for p in site.current_version.spec["design"]["pages"]]  # type: ignore[union-attr]
        print(
            f"Built {brief.name} ({len(pages)} pages) in {time.perf_counter() - started:.1f} s "
            "(first build, including workerd's start)."
        )

        publish_ms: list[float] = []
        steps: dict[str, list[float]] = {}
        for run in range(args.runs):
            headline = f"Fresh bread and good coffee, edit {run + 1}"
            started = time.perf_counter()
            drafts.edit_save(site=site, user=None, changes={"page:index:h1": headline}, seen={})
            with transaction.atomic():
                published = drafts.draft_publish(site=site, user=None)
            published.refresh_from_db()
            assert published.status == Build.Status.SUCCEEDED, published.error
            while headline not in served(edge, site):
                time.sleep(0.01)
            publish_ms.append((time.perf_counter() - started) * 1000)
            for name, ms in steps_of(published).items():
                steps.setdefault(name, []).append(ms)
            site.refresh_from_db()

        rebuild_ms: list[float] = []
        for _ in range(3):
            started = time.perf_counter()
            with transaction.atomic():
                rebuild = services.site_rebuild(site=site, requested_by=None)
            rebuild.refresh_from_db()
            assert rebuild.status == Build.Status.SUCCEEDED, rebuild.error
            rebuild_ms.append((time.perf_counter() - started) * 1000)
            site.refresh_from_db()

        print(f"\nPublish after one text edit, {args.runs} runs (edit saved → edge serves it):")
        print(
            f"  median {statistics.median(publish_ms):.0f} ms, min {min(publish_ms):.0f} ms, "
            f"max {max(publish_ms):.0f} ms"
        )
        print(
            "  steps (median): "
            + ", ".join(
                f"{name} {statistics.median(values):.0f} ms" for name, values in steps.items()
            )
        )
        print(
            f"Reference, a full rebuild of the same site (3 runs): median "
            f"{statistics.median(rebuild_ms):.0f} ms"
        )
    finally:
        server.stop()
        edge.stop()


if __name__ == "__main__":
    main()
