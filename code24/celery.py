"""The Celery app: queues named for the work, late acks, one task at a time per process."""

from __future__ import annotations

import os

from celery import Celery
from celery.schedules import crontab
from kombu import Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "code24.settings")

from django.conf import settings

app = Celery("code24")
app.config_from_object("django.conf:settings", namespace="CELERY")

QUEUES = ("default", "builds", "domains", "optimization")

app.conf.update(
    task_default_queue="default",
    task_queues=[Queue(name) for name in QUEUES],
    # Each app's tasks go to the queue named for its work.
    task_routes={
        "sites.*": {"queue": "builds"},
        "domains.*": {"queue": "domains"},
        "optimization.*": {"queue": "optimization"},
    },
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_ignore_result=True,
    task_serializer="json",
    accept_content=["json"],
    timezone="UTC",
    broker_connection_retry_on_startup=True,
    beat_schedule={
        "expire-invitations": {
            "task": "code24.accounts.tasks.invitations_expire",
            "schedule": crontab(minute=0),
        },
        "expire-idempotency-keys": {
            "task": "code24.idempotency.tasks.idempotency_keys_expire",
            "schedule": crontab(minute=30),
        },
        # Hands a dead worker's build (its step's lease lapsed) or a lost retry message's
        # build to a worker again; a sweep older than its period is dropped, not stacked.
        "resume-builds": {
            "task": "sites.tasks.builds_resume",
            "schedule": float(settings.BUILD_SWEEP_SECONDS),
            "options": {"expires": float(settings.BUILD_SWEEP_SECONDS)},
        },
        # Hands each due domain check (and each removed domain's cleanup) to a worker.
        "check-domains": {
            "task": "domains.tasks.domains_check_due",
            "schedule": float(settings.DOMAINS_SWEEP_SECONDS),
            "options": {"expires": float(settings.DOMAINS_SWEEP_SECONDS)},
        },
        # Claims the sites whose optimization cycle is due and enqueues one cycle each; a
        # tick older than its period is dropped (the next one claims what it would have).
        "dispatch-cycles": {
            "task": "optimization.tasks.cycles_dispatch",
            "schedule": float(settings.OPTIMIZATION_DISPATCH_SECONDS),
            "options": {"expires": float(settings.OPTIMIZATION_DISPATCH_SECONDS)},
        },
        "expire-address-redirects": {
            "task": "sites.tasks.redirects_expire",
            "schedule": crontab(minute=30),
        },
        # Billing: Stripe's state read back (a lost webhook is repaired within the period),
        # what time alone changes (trials, dunning, grace periods, downgrades due), and
        # webhook events whose task was lost.
        "reconcile-subscriptions": {
            "task": "code24.billing.tasks.subscriptions_reconcile",
            "schedule": float(settings.BILLING_RECONCILE_SECONDS),
            "options": {"expires": float(settings.BILLING_RECONCILE_SECONDS)},
        },
        "billing-clock": {
            "task": "code24.billing.tasks.billing_clock",
            "schedule": 300.0,
            "options": {"expires": 300.0},
        },
        "billing-events-unhandled": {
            "task": "code24.billing.tasks.events_unhandled",
            "schedule": 300.0,
            "options": {"expires": 300.0},
        },
    },
)
app.autodiscover_tasks()
app.autodiscover_tasks(["code24.accounts", "code24.billing"])
