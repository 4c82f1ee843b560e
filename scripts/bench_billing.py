#!/usr/bin/env python
"""Benchmark: billing's moving parts against the local Stripe, the product's way.

    .venv/bin/python scripts/bench_billing.py [--accounts 40]

In a throwaway folder (its own SQLite database and filesystem broker) and with its own
local Stripe (a subprocess on a free loopback port), ``--accounts`` accounts end their
trial, add a card (a SetupIntent confirmed as Stripe.js does) and subscribe; each then
upgrades (prorated, invoiced at once). It prints, with median and 95th percentile:

- how long the webhook endpoint takes to answer Stripe (check the signature, store the
  event id, enqueue the task): what Stripe waits for;
- how long the task takes to apply one event (it reads the subscription from Stripe);
- a subscribe and an upgrade, end to end (Stripe's calls included);
- the reconciliation of every account (subscription and invoices read from Stripe).

Everything is on loopback and stops by itself.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="code24-bench-billing-"))
os.environ.update(
    DJANGO_SETTINGS_MODULE="code24.settings",
    CODE24_VAR_DIR=str(WORK),
    LOG_LEVEL="WARNING",
    STRIPE_SECRET_KEY="",
)
os.environ.pop("DATABASE_URL", None)
os.environ.pop("CELERY_BROKER_URL", None)

import django  # noqa: E402

django.setup()

import httpx  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from code24.accounts.models import Plan, Subscription  # noqa: E402
from code24.billing import services  # noqa: E402
from code24.billing.management.commands.stripe_setup import run_setup  # noqa: E402
from code24.billing.models import StripeEvent  # noqa: E402
from tests.billing.conftest import signed  # noqa: E402
from tests.billing.local_fixtures import LocalStripe, LocalStripeProcess  # noqa: E402
from tests.factories import make_account, make_user  # noqa: E402


def figures(name: str, seconds: list[float]) -> None:
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    print(
        f"  {name:<44} median {statistics.median(ms):7.1f} ms   p95 {p95:7.1f} ms   (n={len(ms)})"
    )


def card(stripe: LocalStripe, account: object) -> None:
    intent = services.card_setup_start(account)  # type: ignore[arg-type]
    httpx.post(
        f"{stripe.base}/v1/setup_intents/{intent.id}/confirm",
        json={
            "key": settings.STRIPE_PUBLISHABLE_KEY,
            "client_secret": intent.client_secret,
            "payment_method_data": {
                "type": "card",
                "card": {
                    "number": "4242424242424242",
                    "exp_month": "12",
                    "exp_year": "2034",
                    "cvc": "123",
                },
            },
        },
    ).raise_for_status()
    services.card_saved(account, intent.id)  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, default=40)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    with LocalStripeProcess(WORK / "stripe") as server:
        settings.STRIPE_API_BASE = server.base
        stripe = LocalStripe(server.base)
        run_setup(log=lambda line: None)
        basic = Plan.objects.get(slug="basic")
        professional = Plan.objects.get(slug="professional")
        subscribes, upgrades = [], []
        for n in range(args.accounts):
            account = make_account(make_user(f"owner{n}@bench.example"), name=f"Shop {n}")
            Subscription.objects.filter(account=account).update(
                trial_ends_at=timezone.now() - timedelta(minutes=1)
            )
            services.clock()  # the trial lapses: the account is read-only until it pays
            card(stripe, account)
            started = time.perf_counter()
            services.plan_choose(account=account, plan=basic, interval="month")
            subscribes.append(time.perf_counter() - started)
            started = time.perf_counter()
            services.plan_choose(account=account, plan=professional, interval="month")
            upgrades.append(time.perf_counter() - started)

        events = stripe.events()
        client = Client()
        answers = []
        for event in events:
            payload = json.dumps(event).encode()
            header = signed(payload, settings.STRIPE_WEBHOOK_SECRET)
            started = time.perf_counter()
            answer = client.post(
                reverse("billing:webhook"),
                data=payload,
                content_type="application/json",
                headers={"Stripe-Signature": header},
            )
            answers.append(time.perf_counter() - started)
            assert answer.status_code == 200, answer.content
        applied = []
        for pk in StripeEvent.objects.values_list("pk", flat=True):
            started = time.perf_counter()
            services.event_handle(pk)
            applied.append(time.perf_counter() - started)
        started = time.perf_counter()
        done = services.reconcile_all()
        reconcile = time.perf_counter() - started
        stripe.close()

    print(f"Billing against the local Stripe, {args.accounts} accounts, {len(events)} events")
    figures("webhook answered (signature, store, enqueue)", answers)
    figures("event applied by its task", applied)
    figures("subscribe (card on file, first invoice paid)", subscribes)
    figures("upgrade (prorated invoice paid at once)", upgrades)
    print(
        f"  reconciliation of {done['checked']} accounts: {reconcile:.2f} s "
        f"({reconcile / max(done['checked'], 1) * 1000:.1f} ms an account, {done['failed']} failed)"
    )


if __name__ == "__main__":
    main()
