#!/usr/bin/env python
"""Benchmark: the scanner against Lighthouse 12.2.3 on a corpus of real-world pages.

Usage: .venv/bin/python scripts/bench_scanner.py --corpus /work/corpus
           [--lighthouse PATH | --no-lighthouse] [--lighthouse-cache DIR]
           [--runs 3] [--port 8631] [--pages a,b,c] [--details] [--per-page]

The corpus is a directory of saved real-world pages, one ``<name>.html`` each (it is not
in the repository: the pages are others' copyright; its SOURCES.tsv says where each came
from). They are served on 127.0.0.1 by a ThreadingHTTPServer in a thread of this
process, each at ``/<name>/`` as ``text/html; charset=utf-8``; every other path answers
404, so a page's own subresources and links are missing, and its external ones fail (this
machine has no internet), for the scanner and Lighthouse alike. Then, for every page:

- parse+audit: the page's bytes, already in memory, become a Crawl (the page, a 404
  robots.txt, no sitemap) and every registered audit runs on it, ``runs`` times; the
  figure is pages per second over one pass of the corpus (the median pass);
- with fetching: ``optimization.scanner.scan(url, max_pages=1, fetch=...)`` through the
  SSRF-safe fetcher, loopback allowed (the page, robots.txt, the sitemap, same-host
  resources), ``runs`` times; pages per second likewise;
- Lighthouse: the CLI (``node PATH URL``) with Debian's Chromium, the categories the
  scanner shares (SEO, accessibility, best practices), ``--throttling-method=provided``
  (nothing to simulate on loopback), once per page, timed as a wall clock around the
  process (Chromium's start included: that is what a Lighthouse run costs). With
  ``--lighthouse-cache DIR`` each report is kept there as ``<name>.json`` and a later run
  reuses it (then no Lighthouse time is measured for that page); without it every report
  is made live in this run. ``--no-lighthouse`` runs none (reports in the cache are still
  compared).

Printed: a table of the speeds and their ratio, then the verdict agreement for every
audit the scanner shares with Lighthouse (``Audit.lighthouse``): pages compared, agreed,
the share, and each disagreement as (page, scanner's verdict, Lighthouse's verdict);
then how far the category scores are apart.

How Lighthouse's answer becomes a verdict: scoreDisplayMode ``notApplicable`` is
not-applicable; ``manual``, ``informative`` and ``error`` are not compared; ``binary``
is pass at score 1 and fail at 0; ``numeric`` / ``metricSavings`` pass at a score of 0.9
or more (Lighthouse's own green). The scanner's ``needs-layout`` (judging it needs a
rendered page, so the scanner does not guess) is not compared either; both are counted in
the "not compared" column. Otherwise verdicts are compared exactly: not-applicable
agrees only with Lighthouse's notApplicable, never with a pass, because the two score
differently (a not-applicable audit leaves the category's weighted mean, a pass counts
in it with its full weight).

One exception: Lighthouse's informative axe audits (bypass, landmark-one-main,
empty-heading, duplicate-id-aria, form-field-multiple-labels, video-caption, ...: weight
0, see INFORMATIVE) say only whether axe flagged something: notApplicable when it did
not (whether or not the page had anything to check), informative when it did. They are
compared as flagged (the scanner's fail) or not flagged (its pass or not-applicable).

What this setup itself makes differ (seen on the corpus; not the scanner's rules):

- doctype: Lighthouse finds limited-quirks mode in a trace, and it records one only when
  the performance category runs; with these three categories a limited-quirks page (an
  XHTML 1.0 Transitional doctype) passes, and fails in a full run, as the scanner says.
- is-on-https: the pages were saved from https sites and are served here over http, so
  a scheme-relative address a script builds (Google Tag Manager's and Matomo's snippets)
  becomes an http request Lighthouse sees and a scan, which runs no scripts, does not.
- the pages' own files (``/css/...``, ``/svg/...``) answer 404 here: an ``<object>``
  whose data did not load shows its fallback, and axe skips it (object-alt).

Every request goes to loopback; nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="code24-bench-scanner-"))
os.environ.update(
    DJANGO_SETTINGS_MODULE="code24.settings",
    CODE24_VAR_DIR=str(WORK),
    LOG_LEVEL="WARNING",
)

import django  # noqa: E402

django.setup()

from code24 import net  # noqa: E402
from optimization import scanner  # noqa: E402
from optimization.scanner import observatory  # noqa: E402
from optimization.scanner.base import AUDITS, Crawl, Fetched, Page, Verdict  # noqa: E402

LIGHTHOUSE = "/work/lighthouse/node_modules/lighthouse/cli/index.js"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
CATEGORIES = ("accessibility", "best-practices", "seo")
# Lighthouse 12.2.3's informative axe audits (scoreDisplayMode INFORMATIVE in
# core/audits/accessibility/): never scored; "notApplicable" when axe flagged nothing.
INFORMATIVE = frozenset(
    {
        "bypass",
        "duplicate-id-aria",
        "empty-heading",
        "form-field-multiple-labels",
        "identical-links-same-purpose",
        "landmark-one-main",
        "th-has-data-cells",
        "video-caption",
    }
)
FLAGGED, NOT_FLAGGED = "flagged", "not flagged"
HTML_TYPE = "text/html; charset=utf-8"
NOT_FOUND = b"Not found.\n"


def loopback(address: net.IPAddress) -> bool:
    return address.is_loopback


# -- the corpus, served on loopback ------------------------------------------------------


def corpus_load(directory: Path, only: set[str] | None = None) -> dict[str, bytes]:
    pages = {path.stem: path.read_bytes() for path in sorted(directory.glob("*.html"))}
    if only:
        missing = only - pages.keys()
        if missing:
            raise SystemExit(f"Not in the corpus: {', '.join(sorted(missing))}.")
        pages = {name: body for name, body in pages.items() if name in only}
    if not pages:
        raise SystemExit(f"{directory} holds no <name>.html pages.")
    return pages


@contextmanager
def serving(pages: dict[str, bytes], port: int) -> Iterator[str]:
    """Serve each page at /<name>/ on 127.0.0.1:port; yields the base URL."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def answer(self, with_body: bool) -> None:
            name = self.path.split("?")[0].strip("/")
            body = pages.get(name) if self.path.split("?")[0] == f"/{name}/" else None
            status, kind = (200, HTML_TYPE) if body is not None else (404, "text/plain")
            if body is None:
                body = NOT_FOUND
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if with_body:
                self.wfile.write(body)

        def do_GET(self) -> None:
            self.answer(with_body=True)

        def do_HEAD(self) -> None:
            self.answer(with_body=False)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# -- the scanner -------------------------------------------------------------------------


def crawl_in_memory(url: str, body: bytes, base: str) -> Crawl:
    """The Crawl a fetch of this page would give (the page, robots.txt and the sitemap
    answering 404, the page itself as the plain-http answer), built from bytes in memory."""
    headers = {"content-type": HTML_TYPE, "content-length": str(len(body))}
    response = Fetched(url, final_url=url, status=200, headers=headers, body=body)

    def missing(path: str) -> Fetched:
        return Fetched(
            f"{base}{path}",
            final_url=f"{base}{path}",
            status=404,
            headers={"content-type": "text/plain", "content-length": str(len(NOT_FOUND))},
            body=NOT_FOUND,
        )

    return Crawl(
        start_url=url,
        pages=[Page(response)],
        responses=[response],
        robots=missing("/robots.txt"),
        sitemap=missing("/sitemap.xml"),
        http_probe=response,
    )


def audit_all(crawl: Crawl, broken: dict[str, int]) -> dict[str, Verdict]:
    """Every registered audit, and the Observatory grade; an audit that raises is counted
    in ``broken`` (the scan would leave it out as not-applicable)."""
    verdicts = {}
    for audit_id, audit in AUDITS.items():
        try:
            verdicts[audit_id] = audit.check(crawl)
        except Exception:
            broken[audit_id] = broken.get(audit_id, 0) + 1
    observatory.grade(crawl)
    return verdicts


@dataclass
class PageResult:
    name: str
    url: str
    size: int
    audit_s: list[float] = field(default_factory=list)  # parse+audit, one per run
    scan_s: list[float] = field(default_factory=list)  # with fetching, one per run
    lighthouse_s: float | None = None  # None: cached or not run
    scanner: dict[str, str] = field(default_factory=dict)  # audit id -> outcome
    explanations: dict[str, str] = field(default_factory=dict)
    scores: dict[str, int] = field(default_factory=dict)
    scan_error: str = ""
    broken: dict[str, int] = field(default_factory=dict)  # audit id -> runs it raised
    lighthouse: dict[str, Any] | None = None  # the report (lhr)
    lighthouse_error: str = ""


def time_scanner(result: PageResult, body: bytes, base: str, runs: int) -> None:
    for _ in range(runs):
        started = time.perf_counter()
        audit_all(crawl_in_memory(result.url, body, base), result.broken)
        result.audit_s.append(time.perf_counter() - started)
    fetch = partial(net.fetch, allow_address=loopback)
    report = None
    for _ in range(runs):
        started = time.perf_counter()
        report = scanner.scan(result.url, max_pages=1, fetch=fetch)
        result.scan_s.append(time.perf_counter() - started)
    assert report is not None
    result.scan_error = report.error
    result.scores = dict(report.scores)
    for finding in report.findings:
        result.scanner[finding["id"]] = finding["outcome"]
        result.explanations[finding["id"]] = finding.get("explanation", "")


# -- Lighthouse --------------------------------------------------------------------------


def run_lighthouse(
    result: PageResult,
    lighthouse: str,
    cache: Path | None,
    *,
    live: bool = True,
    timeout: float = 240,
) -> None:
    """Lighthouse's report for the page: from the cache when it holds one, else run now
    (when ``live``), timed, and kept in the cache."""
    cached = cache / f"{result.name}.json" if cache else None
    if cached and cached.exists():
        result.lighthouse = json.loads(cached.read_text())
        return
    if not live:
        return
    with tempfile.TemporaryDirectory(prefix="lh-", dir=WORK) as scratch:
        out = Path(scratch) / "report.json"
        command = [
            "node",
            lighthouse,
            result.url,
            "--output=json",
            f"--output-path={out}",
            "--quiet",
            "--only-categories=" + ",".join(CATEGORIES),
            "--throttling-method=provided",
            f"--chrome-flags={CHROME_FLAGS}",
        ]
        env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
        env["TMPDIR"] = scratch  # Chromium's profile goes with the scratch folder
        started = time.perf_counter()
        try:
            done = subprocess.run(
                command, env=env, capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            result.lighthouse_error = f"Lighthouse took longer than {timeout:.0f} s."
            return
        elapsed = time.perf_counter() - started
        if done.returncode != 0 or not out.exists():
            tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            result.lighthouse_error = f"Lighthouse exited {done.returncode}: {tail[0][:200]}"
            return
        result.lighthouse_s = elapsed
        text = out.read_text()
        result.lighthouse = json.loads(text)
        if cached:
            cached.parent.mkdir(parents=True, exist_ok=True)
            cached.write_text(text)


def lighthouse_verdict(audit_id: str, entry: dict[str, Any] | None) -> str | None:
    """Lighthouse's answer as pass / fail / not-applicable (for its informative audits:
    flagged / not flagged), or None: not compared."""
    if entry is None:
        return None
    mode = entry.get("scoreDisplayMode")
    score = entry.get("score")
    if audit_id in INFORMATIVE:
        # Lighthouse lists an informative axe rule as notApplicable when axe reported no
        # violation (and nothing to review), as informative when it did.
        return {"notApplicable": NOT_FLAGGED, "informative": FLAGGED}.get(mode or "")
    if mode == "notApplicable":
        return "not-applicable"
    if mode == "binary" and score is not None:
        return "pass" if score == 1 else "fail"
    if mode in ("numeric", "metricSavings") and score is not None:
        return "pass" if score >= 0.9 else "fail"
    return None  # manual, informative, error


def scanner_verdict(audit_id: str, outcome: str | None) -> str | None:
    """The scanner's outcome in the terms Lighthouse's answer is read in."""
    if outcome in (None, "needs-layout"):
        return None
    if audit_id in INFORMATIVE:
        return FLAGGED if outcome == "fail" else NOT_FLAGGED
    return outcome


# -- the report --------------------------------------------------------------------------


def figures(results: list[PageResult]) -> None:
    def pass_total(runs: list[list[float]]) -> float:
        per_pass = [sum(r[i] for r in runs) for i in range(min(len(r) for r in runs))]
        return statistics.median(per_pass)

    pages = len(results)
    audit_total = pass_total([r.audit_s for r in results])
    scan_total = pass_total([r.scan_s for r in results])
    live = [r.lighthouse_s for r in results if r.lighthouse_s is not None]
    per_page_audit = [statistics.median(r.audit_s) * 1000 for r in results]
    per_page_scan = [statistics.median(r.scan_s) * 1000 for r in results]
    megabytes = sum(r.size for r in results) / 1e6
    print(f"\n== speed: {pages} pages, {megabytes:.1f} MB of HTML, on 127.0.0.1")
    rows = [
        ("scanner, parse+audit", pages / audit_total, audit_total / pages, per_page_audit),
        ("scanner, with fetching", pages / scan_total, scan_total / pages, per_page_scan),
    ]
    print(f"{'':<26}{'pages/s':>10}{'s/page':>10}{'median ms':>11}{'p95 ms':>9}")
    for label, rate, seconds, each in rows:
        p95 = sorted(each)[max(int(len(each) * 0.95) - 1, 0)]
        print(
            f"{label:<26}{rate:>10.2f}{seconds:>10.4f}{statistics.median(each):>11.1f}{p95:>9.1f}"
        )
    if live:
        lh = statistics.mean(live)
        p95 = sorted(live)[max(int(len(live) * 0.95) - 1, 0)]
        print(
            f"{'Lighthouse 12 (CLI)':<26}{1 / lh:>10.3f}{lh:>10.2f}"
            f"{statistics.median(live) * 1000:>11.0f}{p95 * 1000:>9.0f}   ({len(live)} pages live)"
        )
        # The ratio over the pages Lighthouse ran on in this run.
        timed = [r for r in results if r.lighthouse_s is not None]
        audit_same = sum(statistics.median(r.audit_s) for r in timed)
        scan_same = sum(statistics.median(r.scan_s) for r in timed)
        lh_same = sum(r.lighthouse_s or 0.0 for r in timed)
        print(
            f"ratio (Lighthouse time / scanner time, same {len(timed)} pages): "
            f"{lh_same / audit_same:,.0f}x parse+audit, {lh_same / scan_same:,.0f}x with fetching"
        )
    else:
        print("Lighthouse: no live run in this one (cached reports or --no-lighthouse).")
    failed = [r for r in results if r.lighthouse_error]
    for r in failed:
        print(f"  Lighthouse failed on {r.name}: {r.lighthouse_error}")
    for r in results:
        if r.scan_error:
            print(f"  the scan of {r.name} failed: {r.scan_error}")
        for audit_id in sorted(r.broken):
            print(f"  audit {audit_id} raised on {r.name} (the scan leaves it out)")


def agreement(results: list[PageResult], details: bool) -> None:
    shared = sorted(audit_id for audit_id, audit in AUDITS.items() if audit.lighthouse)
    with_report = [r for r in results if r.lighthouse]
    print(f"\n== verdict agreement with Lighthouse 12.2.3, {len(with_report)} pages")
    if not with_report:
        print("No Lighthouse reports to compare with.")
        return
    versions = {
        (r.lighthouse["lighthouseVersion"], r.lighthouse["environment"]["hostUserAgent"])
        for r in with_report
        if r.lighthouse is not None
    }
    for version, agent in sorted(versions):
        browser = next((word for word in agent.split() if word.startswith("HeadlessChrome")), "")
        print(f"(Lighthouse {version}, {browser or agent})")
    header = f"{'audit id':<26}{'compared':>9}{'agree':>7}{'agree %':>9}{'not compared':>14}"
    print(header)
    total_compared = total_agree = 0
    disagreements: dict[str, list[str]] = {}
    absent = []
    for audit_id in shared:
        compared = agree = skipped = 0
        seen = False
        for r in with_report:
            assert r.lighthouse is not None
            entry = r.lighthouse["audits"].get(audit_id)
            seen = seen or entry is not None
            theirs = lighthouse_verdict(audit_id, entry)
            ours = scanner_verdict(audit_id, r.scanner.get(audit_id))
            if entry is None:
                continue
            if theirs is None or ours is None:
                skipped += 1
                continue
            compared += 1
            if ours == theirs:
                agree += 1
                continue
            line = f"    {r.name}: scanner {ours}, Lighthouse {theirs}"
            if details:
                assert entry is not None
                said = entry.get("explanation") or entry.get("displayValue") or ""
                line += f"\n        scanner: {r.explanations.get(audit_id, '')[:160]}"
                if said:
                    line += f"\n        Lighthouse: {str(said)[:160]}"
            disagreements.setdefault(audit_id, []).append(line)
        if not seen:
            absent.append(audit_id)
            continue
        share = f"{agree / compared * 100:.0f}%" if compared else "-"
        label = f"{audit_id}{' *' if audit_id in INFORMATIVE else ''}"
        print(f"{label:<26}{compared:>9}{agree:>7}{share:>9}{skipped:>14}")
        total_compared += compared
        total_agree += agree
    if total_compared:
        share = f"{total_agree / total_compared * 100:.1f}%"
        print(f"{'all':<26}{total_compared:>9}{total_agree:>7}{share:>9}")
    print("* informative in Lighthouse (weight 0): compared as flagged / not flagged")
    if absent:
        print(
            f"not in these reports (Lighthouse ran {', '.join(CATEGORIES)} only): "
            + ", ".join(absent)
        )
    if disagreements:
        print("\ndisagreements (page: scanner's verdict, Lighthouse's verdict):")
        for audit_id, lines in disagreements.items():
            print(f"  {audit_id} ({len(lines)})")
            print("\n".join(lines))


def score_gaps(results: list[PageResult]) -> None:
    print("\n== category scores, scanner against Lighthouse (0-100)")
    print(f"{'category':<16}{'pages':>7}{'mean |diff|':>13}{'within 5':>10}{'within 10':>11}")
    for category in CATEGORIES:
        gaps = []
        for r in results:
            if not r.lighthouse or category not in r.scores:
                continue
            theirs = r.lighthouse["categories"].get(category, {}).get("score")
            if theirs is not None:
                gaps.append(abs(r.scores[category] - round(theirs * 100)))
        if gaps:
            within5 = sum(g <= 5 for g in gaps)
            within10 = sum(g <= 10 for g in gaps)
            print(
                f"{category:<16}{len(gaps):>7}{statistics.mean(gaps):>13.1f}"
                f"{within5:>10}{within10:>11}"
            )


def per_page(results: list[PageResult]) -> None:
    print("\n== per page")
    print(f"{'page':<32}{'KB':>7}{'audit ms':>10}{'scan ms':>9}{'LH s':>7}  scanner/LH scores")
    for r in results:
        lh = f"{r.lighthouse_s:.1f}" if r.lighthouse_s is not None else "-"
        scores = []
        for category in CATEGORIES:
            theirs = (r.lighthouse or {}).get("categories", {}).get(category, {}).get("score")
            shown = "-" if theirs is None else str(round(theirs * 100))
            scores.append(f"{r.scores.get(category, '-')}/{shown}")
        print(
            f"{r.name:<32}{r.size / 1000:>7.0f}{statistics.median(r.audit_s) * 1000:>10.1f}"
            f"{statistics.median(r.scan_s) * 1000:>9.1f}{lh:>7}  {' '.join(scores)}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="folder of <name>.html")
    parser.add_argument("--lighthouse", default=LIGHTHOUSE, help="Lighthouse's cli/index.js")
    parser.add_argument(
        "--no-lighthouse", action="store_true", help="run no Lighthouse (cached reports still read)"
    )
    parser.add_argument("--lighthouse-cache", type=Path, help="keep and reuse reports here")
    parser.add_argument("--runs", type=int, default=3, help="scanner repetitions per page")
    parser.add_argument("--port", type=int, default=8631, help="loopback port to serve on")
    parser.add_argument("--pages", help="only these pages (comma-separated names)")
    parser.add_argument("--details", action="store_true", help="explain each disagreement")
    parser.add_argument("--per-page", action="store_true", help="a line per page")
    args = parser.parse_args()
    only = set(args.pages.split(",")) if args.pages else None
    pages = corpus_load(args.corpus, only)
    results: list[PageResult] = []
    with serving(pages, args.port) as base:
        print(f"corpus {args.corpus}: {len(pages)} pages served at {base}/<name>/")
        for number, (name, body) in enumerate(pages.items(), 1):
            result = PageResult(name, f"{base}/{name}/", len(body))
            time_scanner(result, body, base, args.runs)
            run_lighthouse(
                result, args.lighthouse, args.lighthouse_cache, live=not args.no_lighthouse
            )
            lh = f", Lighthouse {result.lighthouse_s:.1f} s" if result.lighthouse_s else ""
            scan_ms = statistics.median(result.scan_s) * 1000
            print(f"  [{number}/{len(pages)}] {name}: scan {scan_ms:.0f} ms{lh}", file=sys.stderr)
            results.append(result)
    figures(results)
    agreement(results, args.details)
    score_gaps(results)
    if args.per_page:
        per_page(results)


if __name__ == "__main__":
    main()
