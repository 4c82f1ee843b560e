#!/usr/bin/env python
"""Benchmark: do generated sites say true, specific things?

Usage: .venv/bin/python scripts/bench_truth.py [--show-untraced]

Over the test corpus (``tests/ai/briefs.py``: two businesses of every business type with
different facts), builds each site with the built-in provider and the generator, as a
build does, and prints:
- per type, the share of lines two sites of that type share once names and contact
  details are replaced ("lines": every text block a visitor reads, footer and navigation
  included; "sentences": blocks of five words or more), and the mean, median and worst;
- the share of sentences that trace to a fact, the brief, research, Code24's knowledge
  of the type, or the site itself (``code24/ai/trace.py``), by source;
- claims (prices, times, phone numbers, years, promises) not in the facts (should be 0);
- how long a site takes to write and render.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.update(
    DJANGO_SETTINGS_MODULE="code24.settings",
    CODE24_VAR_DIR=tempfile.mkdtemp(prefix="code24-bench-truth-"),
    LOG_LEVEL="WARNING",
)

import django  # noqa: E402

django.setup()

from code24.ai.claims import unsupported  # noqa: E402
from code24.ai.schemas import Brief, MarketResearch  # noqa: E402
from code24.ai.trace import (  # noqa: E402
    Sources,
    anonymous,
    business_lines,
    page_lines,
    site_lines,
    site_sentences,
)
from tests.ai.briefs import BRIEFS  # noqa: E402
from tests.ai.offline_site import offline_site  # noqa: E402


def shared(a: set[str], b: set[str]) -> float:
    """The share of each site's lines that the other has too, averaged over both."""
    if not a or not b:
        return 0.0
    return (len(a & b) / len(a) + len(a & b) / len(b)) / 2


def measure(label: str, sites: dict[str, list[Built]], *, show_untraced: bool) -> None:
    line_shares, business_shares = [], []
    sources: Counter[str] = Counter()
    untraced: list[tuple[str, str]] = []
    claims = 0
    print(f"\n{label}")
    print(f"{'type':<18}{'lines shared':>14}{'about the business':>20}")
    for business_type, pair in sites.items():
        sets, business = [], []
        for built in pair:
            tracer = Sources.of(built.brief, built.research)
            for sentence in site_sentences(built.files):
                traced = tracer.trace(sentence)
                sources[traced.source or "untraced"] += 1
                if not traced.source:
                    untraced.append((built.brief.name, sentence))
            claims += len(unsupported(built.text, built.brief))
            lines = sorted(set(site_lines(built.files)))
            sets.append(set(anonymous(built.brief, lines)))
            business.append(business_lines(built.brief, tracer, lines))
        line_shares.append(shared(*sets))
        business_shares.append(shared(*business))
        print(f"{business_type:<18}{line_shares[-1]:>13.0%}{business_shares[-1]:>20.0%}")

    def summary(values: list[float]) -> str:
        return (
            f"mean {statistics.mean(values):.0%}, median {statistics.median(values):.0%}, "
            f"worst {max(values):.0%}"
        )

    total = sum(sources.values())
    count = total - sources["untraced"]
    print(f"Lines two same-type sites share (names and contacts replaced): {summary(line_shares)}")
    print(f"Lines about the business they share: {summary(business_shares)}")
    print(f"Sentences that trace to a source: {count}/{total} = {count / total:.1%}")
    print("  by source: " + ", ".join(f"{name} {count}" for name, count in sources.most_common()))
    print(f"Claims not in the facts (prices, times, phones, years, promises): {claims}")
    if show_untraced:
        for name, sentence in untraced[:200]:
            print(f"  untraced ({name}): {sentence}")


@dataclass(frozen=True)
class Built:
    brief: Brief
    research: MarketResearch | None
    files: dict[str, bytes]
    text: str


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show-untraced", action="store_true")
    parser.add_argument(
        "--compare",
        type=Path,
        help="a folder of the same corpus's sites built by another generator (one folder "
        "<type>-<n> of files per site), measured the same way first",
    )
    args = parser.parse_args()

    if args.compare:
        before: dict[str, list[Built]] = {}
        for business_type, briefs in BRIEFS.items():
            for number, raw in enumerate(briefs[:2], start=1):
                folder = args.compare / f"{business_type}-{number}"
                files = {p.name: p.read_bytes() for p in folder.iterdir()}
                brief = Brief.model_validate(raw)
                text = "\n".join(
                    line
                    for path, data in files.items()
                    if path.endswith(".html")
                    for line in page_lines(data.decode())
                )
                before.setdefault(business_type, []).append(Built(brief, None, files, text))
        measure(f"Before: {args.compare}", before, show_untraced=args.show_untraced)

    timings = []
    now: dict[str, list[Built]] = {}
    for business_type, briefs in BRIEFS.items():
        for raw in briefs[:2]:
            started = time.perf_counter()
            site = offline_site(raw)
            timings.append(time.perf_counter() - started)
            built = Built(site.brief, site.research, site.files, site.text())
            now.setdefault(business_type, []).append(built)
    measure("This generator", now, show_untraced=args.show_untraced)
    print(f"Types: {len(BRIEFS)}, sites: {len(timings)}")
    print(
        f"Time to write and render a site: median {statistics.median(timings) * 1000:.0f} ms, "
        f"max {max(timings) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
