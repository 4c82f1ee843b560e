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
from code24.ai.trace import Sources, site_lines, site_sentences  # noqa: E402
from tests.ai.briefs import BRIEFS  # noqa: E402
from tests.ai.offline_site import OfflineSite, offline_site  # noqa: E402


def anonymous(site: OfflineSite, lines: list[str]) -> list[str]:
    brief = site.brief
    names = sorted(
        filter(None, [brief.name, brief.phone, brief.email, brief.address, brief.location]),
        key=len,
        reverse=True,
    )
    city = brief.location.split(",")[0].strip()
    out = []
    for line in lines:
        for name in [*names, city] if city else names:
            line = line.replace(name, "NAME")
        out.append(line)
    return out


def shared(a: list[str], b: list[str]) -> float:
    """The share of each site's lines that the other has too, averaged over both."""
    if not a or not b:
        return 0.0
    set_a, set_b = set(b), set(a)
    return (
        sum(line in set_a for line in a) / len(a) + sum(line in set_b for line in b) / len(b)
    ) / 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show-untraced", action="store_true")
    args = parser.parse_args()

    line_shares, sentence_shares = [], []
    sources: Counter[str] = Counter()
    untraced: list[tuple[str, str]] = []
    claims = 0
    timings = []
    print(f"{'type':<18}{'lines shared':>14}{'sentences shared':>18}")
    for business_type, briefs in BRIEFS.items():
        sites = []
        for raw in briefs[:2]:
            started = time.perf_counter()
            site = offline_site(raw)
            timings.append(time.perf_counter() - started)
            sites.append(site)
            tracer = Sources.of(site.brief, site.research)
            for sentence in site_sentences(site.files):
                traced = tracer.trace(sentence)
                sources[traced.source or "untraced"] += 1
                if not traced.source:
                    untraced.append((site.brief.name, sentence))
            claims += len(unsupported(site.text(), site.brief))
        first, second = sites
        lines = shared(
            anonymous(first, site_lines(first.files)), anonymous(second, site_lines(second.files))
        )
        long_a = [s for s in anonymous(first, site_sentences(first.files)) if len(s.split()) >= 5]
        long_b = [s for s in anonymous(second, site_sentences(second.files)) if len(s.split()) >= 5]
        sentences = shared(long_a, long_b)
        line_shares.append(lines)
        sentence_shares.append(sentences)
        print(f"{business_type:<18}{lines:>13.0%}{sentences:>18.0%}")

    def summary(values: list[float]) -> str:
        return (
            f"mean {statistics.mean(values):.0%}, median {statistics.median(values):.0%}, "
            f"worst {max(values):.0%}"
        )

    total = sum(sources.values())
    traced = total - sources["untraced"]
    print()
    print(f"Types: {len(BRIEFS)}, sites: {len(timings)}")
    print(f"Lines two same-type sites share (names and contacts replaced): {summary(line_shares)}")
    print(f"Sentences (5+ words) they share: {summary(sentence_shares)}")
    print(f"Sentences that trace to a source: {traced}/{total} = {traced / total:.1%}")
    print("  by source: " + ", ".join(f"{name} {count}" for name, count in sources.most_common()))
    print(f"Claims not in the facts (prices, times, phones, years, promises): {claims}")
    print(
        f"Time to write and render a site: median {statistics.median(timings) * 1000:.0f} ms, "
        f"max {max(timings) * 1000:.0f} ms"
    )
    if args.show_untraced:
        for name, sentence in untraced:
            print(f"  untraced ({name}): {sentence}")


if __name__ == "__main__":
    main()
