#!/usr/bin/env python
"""Benchmark: custom domains. How long the domain doctor takes for one domain.

Usage: .venv/bin/python scripts/bench_domains.py [--only doctor|tick] [--runs 200]

Sections (all by default, or one with --only):

- doctor: a LocalDNS on loopback serves a realistic customer zone; the doctor diagnoses
  one live domain (CNAME to the fallback origin, mail, SPF, CAA) and one broken domain
  (an old host's addresses, a stale _acme-challenge TXT, a CAA record that shuts
  Cloudflare's CAs out, no ownership TXT; its provider answered through --authoritative),
  `runs` times each. Prints the median and p95 in ms, and the DNS questions asked.

- tick: a database (a fresh SQLite file, or DATABASE_URL's PostgreSQL: a scratch
  database is created there and dropped after) holds 100,000 domain rows, 1,000 of them
  due; one sweep (domains.tasks.domains_check_due) claims the due ones and enqueues a
  check each (on a filesystem broker of its own, or CELERY_BROKER_URL: give it a scratch
  Redis database, the messages stay there). Prints the claim time,
  the enqueue time and the number of queries, and that a second sweep right after
  claims nothing.

Every lookup goes to loopback; nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="code24-bench-domains-"))
os.environ.update(
    DJANGO_SETTINGS_MODULE="code24.settings",
    CODE24_VAR_DIR=str(WORK),
    LOG_LEVEL="WARNING",
)

import django  # noqa: E402

django.setup()

from code24.cloudflare.local.dns import LocalDNS  # noqa: E402
from domains import dns  # noqa: E402
from domains.doctor import Diagnosis, Expectation, diagnose  # noqa: E402

TARGET = "sites.code24.app"


def percentiles(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[max(int(len(ordered) * 0.95) - 1, 0)]
    return f"median {statistics.median(ordered):6.2f} ms, p95 {p95:6.2f} ms"


def counting(resolver: dns.Resolver) -> tuple[dns.Resolver, list[int]]:
    """The resolver, counting the questions it is asked."""
    asked = [0]
    resolve = resolver.resolve

    def counted(*args: Any, **kwargs: Any) -> Any:
        asked[0] += 1
        return resolve(*args, **kwargs)

    resolver.resolve = counted  # type: ignore[method-assign]
    return resolver, asked


def realistic_zone(server: LocalDNS) -> None:
    """A small business's zone: a website, mail, SPF and DMARC, a CAA record; plus our
    fallback origin's addresses."""
    server.add(TARGET, "A", "104.16.132.229")
    server.add(TARGET, "AAAA", "2606:4700::6810:84e5")
    server.add("bakery.com", "NS", "ns1.dns-host.net")
    server.add("bakery.com", "MX", "10 mx1.mail-host.net")
    server.add("bakery.com", "TXT", "v=spf1 include:_spf.mail-host.net ~all")
    server.add("_dmarc.bakery.com", "TXT", "v=DMARC1; p=quarantine")
    server.add("bakery.com", "CAA", '0 issue "letsencrypt.org"')
    server.add("www.bakery.com", "CNAME", TARGET)
    # The broken one: a shop still on the old host, with leftovers and a strict CAA.
    server.add("shop.cakes.com", "A", "198.51.100.7")
    server.add("shop.cakes.com", "AAAA", "2001:db8::7")
    server.add("_acme-challenge.shop.cakes.com", "TXT", "left-by-the-old-host")
    server.add("cakes.com", "CAA", '0 issue "digicert.com"')
    server.add("cakes.com", "MX", "10 mx1.mail-host.net")


def time_doctor(
    label: str, expect: Expectation, address: str, runs: int, authoritative: str | None = None
) -> Diagnosis:
    resolver, asked = counting(dns.resolver(address, timeout=2))
    diagnosis = diagnose(expect, resolver=resolver, authoritative=authoritative)  # warm-up
    per_run = asked[0]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        diagnose(expect, resolver=resolver, authoritative=authoritative)
        times.append((time.perf_counter() - started) * 1000)
    found = ", ".join(finding.code for finding in diagnosis.findings)
    print(f"{label:<34} {percentiles(times)}  ({per_run} questions to the resolver; {found})")
    return diagnosis


def bench_doctor(runs: int = 200) -> None:
    """The doctor's time for one domain, live and broken, against a loopback LocalDNS."""
    print(f"== doctor: one domain, {runs} runs each, LocalDNS on loopback")
    with LocalDNS() as server, LocalDNS() as provider:
        realistic_zone(server)
        provider.add("shop.cakes.com", "A", "198.51.100.7")  # the provider agrees: no wait
        live = Expectation(hostname="www.bakery.com", target=TARGET)
        broken = Expectation(
            hostname="shop.cakes.com",
            target=TARGET,
            ownership_name="_cf-custom-hostname.shop.cakes.com",
            ownership_value="5d1b9a6e-0c4f-4c43-9d0b-3b1f0e6a2c11",
        )
        assert time_doctor("live domain (www, CNAME)", live, server.address, runs).points_here
        diagnosis = time_doctor(
            "broken domain (4 problems)", broken, server.address, runs, provider.address
        )
        assert len(diagnosis.problems) == 4, diagnosis.findings


# Each section: a name for --only and the function that runs it (given --runs).
def bench_tick(runs: int, *, rows: int = 100_000, due: int = 1_000) -> None:
    from datetime import timedelta

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases
    from django.utils import timezone

    from code24.accounts.models import Plan, User
    from code24.accounts.services import account_create
    from domains import tasks
    from domains.models import CustomDomain
    from sites.models import Site

    print(f"check tick over {rows:,} domains, {due:,} due ({connection.vendor})")
    names = setup_databases(verbosity=0, interactive=False)
    try:
        call_command("migrate", verbosity=0)
        owner = User.objects.create_user(email="bench@code24.localhost", password=None)
        account = account_create(owner=owner, name="Bench", plan_slug=Plan.ENTERPRISE)
        site = Site.objects.create(account=account, name="Bench", slug="bench")
        now = timezone.now()
        started = time.perf_counter()
        CustomDomain.objects.bulk_create(
            (
                CustomDomain(
                    account=account,
                    site=site,
                    hostname=f"www.shop-{n}.example-shop.com",
                    state="live" if n >= due else "waiting",
                    next_check_at=now - timedelta(seconds=5)
                    if n < due
                    else now + timedelta(hours=1 + n % 24),
                )
                for n in range(rows)
            ),
            batch_size=5000,
        )
        print(f"  rows written in {time.perf_counter() - started:.1f} s")
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            claimed = tasks.claim_due(tasks_batch())
            claim = time.perf_counter() - started
        started = time.perf_counter()
        for domain_id in claimed:
            tasks.domain_check.delay(domain_id)
        enqueue = time.perf_counter() - started
        print(f"  claimed {len(claimed):,} in {claim * 1000:.1f} ms ({len(queries)} queries)")
        print(f"  enqueued {len(claimed):,} checks in {enqueue * 1000:.0f} ms")
        print(f"  a second sweep right after claims {len(tasks.claim_due(tasks_batch()))}")
    finally:
        teardown_databases(names, verbosity=0)


def tasks_batch() -> int:
    from domains.services import SWEEP_BATCH

    return SWEEP_BATCH


SECTIONS: dict[str, Callable[[int], None]] = {
    "doctor": bench_doctor,
    "tick": bench_tick,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(SECTIONS), help="run one section")
    parser.add_argument("--runs", type=int, default=200, help="repetitions per measurement")
    args = parser.parse_args()
    for name, section in SECTIONS.items():
        if args.only in (None, name):
            section(args.runs)


if __name__ == "__main__":
    main()
