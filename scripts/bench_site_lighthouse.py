#!/usr/bin/env python
"""Benchmark: a generated site with the customer's photos, logo and fonts, in Lighthouse.

Usage: .venv/bin/python scripts/bench_site_lighthouse.py [--brief bakery-porto]
       [--fonts one|two] [--widths 480,960,1600] [--runs N] [--keep DIR]

Makes a real site the way a build does, offline: a brief from ``tests/ai/briefs.py``
through the built-in AI team (``tests/ai/offline_site.py``), then

- six photo-like pictures (Pillow: ``tests/sites/photo_fixtures.py``, 2000x1500), each
  encoded to AVIF and WebP at 480, 960 and 1600 pixels wide (``--widths``; the ladder of
  ``sites/photos.py``) with its encoders' settings, as the photo contract says
  (``code24.ai.schemas.Photo``), placed in the home page's hero and story, the about
  page's story and team, and a gallery page added to the site (7 pages);
- a logo (PNG and lossless WebP at 160 and 320 wide) and a self-hosted font (Source Sans
  3 for the text; with ``--fonts two`` Lora for the headings too, from
  ``sites/generator/fonts.py``);

renders it with the generator, checks it with QA's static checks, serves it through the
real dispatcher and site Worker in workerd (the local edge, as QA serves a version
before it goes live), and runs Lighthouse 12.2.3 on the home page and the gallery page,
on a phone (Lighthouse's default: simulated slow 4G, a mid-range phone) and on a desktop
(``--preset=desktop``), ``--runs`` times each (3 by default: Lighthouse's own advice is
to take the median, as its timings vary from run to run with the machine's load). It
prints the four category scores and the metrics of each run, the audits that did not
pass, and the median scores; it exits 1 if a median score is under 100.

Lighthouse is not part of the project: install it outside the repository
(``npm install lighthouse@12.2.3``) and give its ``lighthouse`` command in the
LIGHTHOUSE environment variable or on the PATH; without it this prints "Lighthouse not
installed" and exits 0. Chromium is CHROME_PATH (default /usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="code24-bench-lighthouse-"))
os.environ.update(
    DJANGO_SETTINGS_MODULE="code24.settings",
    CODE24_VAR_DIR=str(WORK / "var"),
    LOG_LEVEL="WARNING",
)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from code24.ai.schemas import (  # noqa: E402
    Brand,
    Content,
    Design,
    Item,
    PageContent,
    PagePlan,
    Section,
    SectionPlan,
)
from code24.cloudflare.local.edge import Edge  # noqa: E402
from code24.cloudflare.workers_bundle import (  # noqa: E402
    dispatcher_upload,
    route_value,
    site_worker_upload,
)
from sites.generator import render_site  # noqa: E402
from sites.generator.fonts import FONTS  # noqa: E402
from sites.photos import LOGO_WIDTHS, PHOTO_WIDTHS  # noqa: E402 - what an upload becomes
from sites.pipeline.qa_checks import check_files  # noqa: E402
from tests.ai.briefs import BAKERY_PORTO, BRIEFS  # noqa: E402
from tests.ai.offline_site import OfflineSite, offline_site  # noqa: E402
from tests.sites.photo_fixtures import MadePhoto, make_photo  # noqa: E402

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = (
    ("first-contentful-paint", "FCP"),
    ("largest-contentful-paint", "LCP"),
    ("total-blocking-time", "TBT"),
    ("cumulative-layout-shift", "CLS"),
    ("speed-index", "SI"),
)
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
SITE_ID = 1
SCRIPT = "bench-lighthouse-site"
PHOTO_SIZE = (2000, 1500)
# id, alt text (what the customer confirms), focal point
PHOTOS = [
    ("nata-tray", "A tray of pastéis de nata fresh from the oven", (0.5, 0.45)),
    ("shop-counter", "The shop counter with the morning's bread on the shelves", (0.4, 0.5)),
    ("rosa", "Rosa Almeida in her apron in front of the bakery", (0.5, 0.3)),
    ("miguel", "Miguel Almeida shaping broa dough at dawn", (0.55, 0.35)),
    ("pao-de-lo", "A whole pão de ló on a cake stand", (0.5, 0.6)),
    ("birthday-cake", "A birthday cake decorated with fresh fruit", (0.5, 0.5)),
]


def lighthouse_command() -> str | None:
    given = os.environ.get("LIGHTHOUSE", "").strip()
    if given:
        return given if Path(given).exists() or shutil.which(given) else None
    return shutil.which("lighthouse")


# --- the site ----------------------------------------------------------------------------


def make_photos(widths: tuple[int, ...]) -> dict[str, MadePhoto]:
    made = {}
    for seed, (photo_id, alt, focal) in enumerate(PHOTOS):
        made[photo_id] = make_photo(
            photo_id,
            alt=alt,
            size=PHOTO_SIZE,
            widths=widths,
            focal=focal,
            seed=seed,
            site_id=SITE_ID,
        )
    made["logo"] = make_photo(
        "logo",
        alt="Padaria da Avó Rosa",
        kind="logo",
        size=(640, 640),
        widths=LOGO_WIDTHS,
        formats=("webp", "png"),
        site_id=SITE_ID,
    )
    return made


def with_photos(site: OfflineSite, *, two_fonts: bool) -> tuple[Brand, Design, Content]:
    """The site with the photos placed, a gallery page added, the logo and the fonts."""
    team_photos = iter(["rosa", "miguel"])
    pages = []
    for page in site.content.pages:
        sections = []
        for section in page.sections:
            change: dict[str, Any] = {}
            if section.kind == "hero" and page.slug == "index":
                change["photo"] = "nata-tray"
            elif section.kind == "story":
                change["photo"] = "shop-counter"
            elif section.kind == "team":
                change["items"] = [
                    item.model_copy(update={"photo": next(team_photos, "")})
                    for item in section.items
                ]
            sections.append(section.model_copy(update=change))
        pages.append(page.model_copy(update={"sections": sections}))
    name = site.brief.name
    gallery = PageContent(
        slug="gallery",
        meta_title=f"Gallery | {name}",
        meta_description=f"Photos of {name}'s bakery in Porto: the counter, the ovens, the "
        "cakes and the family who bake them.",
        h1="Our bakery in pictures",
        sections=[
            Section(
                kind="hero",
                heading="Gallery",
                body="Every morning since 1962: the ovens, the counter and what comes out.",
                photo="pao-de-lo",
            ),
            Section(
                kind="gallery",
                heading="From the ovens",
                items=[
                    Item(title=title, text=text, photo=photo_id)
                    for photo_id, title, text in [
                        ("nata-tray", "Pastéis de nata", "Baked every morning"),
                        ("pao-de-lo", "Pão de ló", "Avó Rosa's recipe"),
                        ("birthday-cake", "Birthday cakes", "Made to order"),
                        ("shop-counter", "The counter", "Rua do Heroísmo"),
                        ("rosa", "Rosa", "Founder, since 1962"),
                        ("miguel", "Miguel", "Baker, from 04:30"),
                    ]
                ],
            ),
            Section(kind="cta", heading="Order a cake", body="Two days ahead, in the shop."),
        ],
    )
    contact_at = next(i for i, p in enumerate(pages) if p.slug in ("contact", "privacy"))
    pages.insert(contact_at, gallery)
    plans = list(site.design.pages)
    plans.insert(
        next((i for i, plan in enumerate(plans) if plan.slug == pages[contact_at + 1].slug), 0),
        PagePlan(
            slug="gallery",
            nav_label="Gallery",
            sections=[
                SectionPlan(kind="hero"),
                SectionPlan(kind="gallery"),
                SectionPlan(kind="cta"),
            ],
        ),
    )
    fonts = {"body_font": FONTS["source-sans-3"].stack}
    if two_fonts:
        fonts["heading_font"] = FONTS["lora"].stack
    brand = site.brand.model_copy(update={"logo": "logo", **fonts})
    design = site.design.model_copy(update={"pages": plans})
    content = site.content.model_copy(update={"pages": pages})
    return brand, design, content


# --- Lighthouse --------------------------------------------------------------------------


def run_lighthouse(lighthouse: str, url: str, form: str, out: Path) -> dict[str, Any]:
    command = [
        lighthouse,
        url,
        "--output=json",
        f"--output-path={out}",
        "--quiet",
        "--only-categories=" + ",".join(CATEGORIES),
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    if form == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    with tempfile.TemporaryDirectory(prefix="lh-", dir=WORK) as scratch:
        env["TMPDIR"] = scratch  # Chromium's profile goes with the scratch folder
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=300, check=False
        )
    if done.returncode != 0 or not out.exists():
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise RuntimeError(f"Lighthouse exited {done.returncode}: {' '.join(tail)[:400]}")
    report: dict[str, Any] = json.loads(out.read_text())
    return report


def not_passed(report: dict[str, Any]) -> list[str]:
    """The audits of the four categories that did not pass, with Lighthouse's figure."""
    wanted = {
        ref["id"]
        for category in CATEGORIES
        for ref in report["categories"][category]["auditRefs"]
        if category != "performance" or ref.get("weight", 0) == 0
    }
    found = []
    for audit_id in sorted(wanted):
        audit = report["audits"].get(audit_id) or {}
        score = audit.get("score")
        mode = audit.get("scoreDisplayMode")
        if mode in ("notApplicable", "informative", "manual") or score is None or score >= 1:
            continue
        shown = audit.get("displayValue") or ""
        found.append(f"{audit_id} ({score:g}{', ' + shown if shown else ''})")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="write the site's files and reports here")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page and form")
    parser.add_argument("--fonts", choices=("one", "two"), default="one")
    parser.add_argument(
        "--widths",
        default=",".join(map(str, PHOTO_WIDTHS)),
        help="the photos' variant widths, comma-separated",
    )
    parser.add_argument(
        "--brief", default="bakery-porto", help="bakery-porto, or <type>:<n> from BRIEFS"
    )
    args = parser.parse_args()
    lighthouse = lighthouse_command()
    if lighthouse is None:
        print("Lighthouse not installed (set LIGHTHOUSE or put lighthouse on the PATH).")
        shutil.rmtree(WORK, ignore_errors=True)
        return 0
    if args.brief == "bakery-porto":
        brief: Any = BAKERY_PORTO
    else:
        kind, _, number = args.brief.partition(":")
        brief = BRIEFS[kind][int(number or 0)]

    started = time.perf_counter()
    site = offline_site(brief)
    widths = tuple(sorted(int(width) for width in args.widths.split(",")))
    photos = make_photos(widths)
    brand, design, content = with_photos(site, two_fonts=args.fonts == "two")
    photo_files = {path: data for made in photos.values() for path, data in made.files.items()}
    print(
        f"Site: {site.brief.name} ({site.brief.business_type}), {len(content.pages)} pages, "
        f"{len(PHOTOS)} photos at {widths} wide + a logo in "
        f"{sum(len(m.files) for m in photos.values())} files "
        f"({sum(photo_files_sizes(photos)) / 1000:.0f} KB), made in "
        f"{time.perf_counter() - started:.1f} s."
    )

    host = f"bench-lighthouse.{settings.PLATFORM_DOMAIN}"
    edge = Edge(port=0)
    edge.start()
    try:
        site_url = f"http://{host}:{edge.port}"
        files = render_site(
            brief=site.brief,
            brand=brand,
            design=design,
            content=content,
            site_url=site_url,
            form_action="/_forms/contact",
            site_id=SITE_ID,
            year=2026,
            photos=[made.photo for made in photos.values()],
        )
        fonts = {path: len(data) for path, data in files.items() if path.startswith("fonts/")}
        print("Fonts: " + ", ".join(f"{path} {size:,} B" for path, size in fonts.items()))
        files = {**files, **photo_files}  # what the develop step stores for the version
        checks = check_files(files, palette_pairs=brand.contrast)
        failed = [check for check in checks if not check.passed]
        for check in checks:
            print(f"QA {'pass' if check.passed else 'FAIL'}: {check.name}: {check.details[0]}")
        if failed:
            return 1
        if args.keep:
            for path, data in files.items():
                target = args.keep / "site" / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        upload = site_worker_upload(files, site_id=SITE_ID, thank_you="/thanks")
        edge.sync(
            {
                "namespace": "bench",
                "dispatcher": dispatcher_upload(
                    routes_namespace_id="bench-routes", dispatch_namespace="bench"
                ).script(),
                "scripts": {SCRIPT: upload.script(WORK / "assets")},
                "kv": {"bench-routes": {host: route_value(script=SCRIPT, site_id=SITE_ID)}},
                "kv_titles": {"bench-routes": "bench-routes"},
                "active_hostnames": [],
                "platform_domain": settings.PLATFORM_DOMAIN,
            }
        )
        print(f"Served by the site Worker in workerd at {site_url}/")
        medians: list[tuple[str, str, dict[str, int]]] = []
        print(
            f"\n{'page':<10}{'form':<9}"
            + "".join(f"{c:>16}" for c in CATEGORIES)
            + "   "
            + " ".join(f"{label:>7}" for _, label in METRICS)
        )
        for path in ("/", "/gallery"):
            for form in ("mobile", "desktop"):
                runs: list[dict[str, int]] = []
                for run in range(args.runs):
                    out = WORK / f"report-{path.strip('/') or 'home'}-{form}-{run}.json"
                    report = run_lighthouse(lighthouse, site_url + path, form, out)
                    if args.keep:
                        shutil.copy(out, args.keep / out.name)
                    scores = {
                        c: round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES
                    }
                    runs.append(scores)
                    metrics = " ".join(f"{_metric(report, audit_id):>7}" for audit_id, _ in METRICS)
                    print(
                        f"{path:<10}{form:<9}"
                        + "".join(f"{scores[c]:>16}" for c in CATEGORIES)
                        + f"   {metrics}"
                    )
                    missed = not_passed(report)
                    if missed:
                        print("          not passed: " + "; ".join(missed))
                medians.append(
                    (
                        path,
                        form,
                        {c: int(statistics.median(r[c] for r in runs)) for c in CATEGORIES},
                    )
                )
        print(f"\nMedian of {args.runs} run(s):")
        for path, form, scores in medians:
            print(f"{path:<10}{form:<9}" + "".join(f"{scores[c]:>16}" for c in CATEGORIES))
        below = any(score < 100 for _, _, scores in medians for score in scores.values())
    finally:
        edge.stop()
        shutil.rmtree(WORK, ignore_errors=True)
    print(f"\nDone in {time.perf_counter() - started:.0f} s.")
    return 1 if below else 0


def photo_files_sizes(photos: dict[str, MadePhoto]) -> list[int]:
    return [len(data) for made in photos.values() for data in made.files.values()]


def _metric(report: dict[str, Any], audit_id: str) -> str:
    audit = report["audits"].get(audit_id) or {}
    value = audit.get("numericValue")
    if value is None:
        return "-"
    return f"{value:.3f}" if audit_id == "cumulative-layout-shift" else f"{value / 1000:.2f}s"


if __name__ == "__main__":
    sys.exit(main())
