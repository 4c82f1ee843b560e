"""A worker killed between Cloudflare's create and the database save: the check comes due
again after its lease, another worker adopts the hostname Cloudflare made (its metadata
names the account and site), and there is exactly one custom hostname.

Real processes: a Celery worker and beat on the broker (Redis in CI), the local
Cloudflare, the test's database. Cloudflare makes the hostname and then holds its answer
(a fault), and the worker is SIGKILLed while it waits for it.
"""

from __future__ import annotations

import signal
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from code24.accounts.models import Plan
from code24.cloudflare.client import get_client
from code24.cloudflare.local import LocalCloudflare
from domains.models import CustomDomain
from tests.core.celery_processes import (
    private_broker,
    start_beat,
    start_worker,
    stop,
    worker_env,
)
from tests.factories import make_account, make_site

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.workerd,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LEASE = 3  # DOMAINS_CHECK_LEASE_SECONDS for these processes
HOLD = 60  # how long Cloudflare holds its answer to the first create


def wait_for(predicate: Any, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        assert time.monotonic() < deadline, f"{what}: not within {timeout} s"
        time.sleep(0.2)


def test_a_worker_killed_after_cloudflares_create_leaves_exactly_one_hostname(
    tmp_path: Path, cloudflare: LocalCloudflare
) -> None:
    site = make_site(make_account(plan=Plan.PROFESSIONAL), name="Padaria Rosa", status="live")
    # Added; its registration is left to the checks (as when Cloudflare was busy at first).
    domain = CustomDomain.objects.create(
        account=site.account,
        site=site,
        hostname="www.padaria-rosa.localhost",
        next_check_at=timezone.now(),
    )
    cloudflare.faults.add(
        path="/custom_hostnames$", regex=True, method="POST", after=True, delay=HOLD, times=1
    )
    broker_dir, _options = private_broker(tmp_path)
    env = worker_env(
        broker_dir,
        CLOUDFLARE_API_TOKEN="",
        CLOUDFLARE_BASE_URL=cloudflare.url,
        CLOUDFLARE_TIMEOUT_SECONDS=str(HOLD * 2),
        DOMAINS_DNS_RESOLVER=django_settings.DOMAINS_DNS_RESOLVER,
        DOMAINS_ALLOW_LOCALHOST="true",
        DOMAINS_SWEEP_SECONDS="1",
        DOMAINS_CHECK_LEASE_SECONDS=str(LEASE),
    )
    logs = tmp_path / "celery.log"
    processes = [
        start_worker(env, logs, queues="default,domains"),
        start_beat(env, logs, tmp_path / "beat"),
    ]
    try:
        # The first worker's create reached Cloudflare, which made the hostname.
        wait_for(lambda: len(cloudflare.state.hostname_list(cloudflare.config.zone_id)) == 1,
                 60, "Cloudflare makes the hostname")  # fmt: skip
        assert CustomDomain.objects.get(pk=domain.pk).cloudflare_id == ""
        stop(processes.pop(0), signal.SIGKILL)  # dies before it can save the id
        processes.append(start_worker(env, logs, queues="default,domains"))
        domain = wait_for(
            lambda: CustomDomain.objects.filter(pk=domain.pk).exclude(cloudflare_id="").first(),
            LEASE + 60,
            "another worker adopts the hostname",
        )
    finally:
        for process in processes:
            stop(process)
    hostnames = list(get_client().custom_hostnames())
    assert [(h.id, h.hostname) for h in hostnames] == [(domain.cloudflare_id, domain.hostname)]
    assert hostnames[0].custom_metadata == {"account": str(site.account_id), "site": str(site.pk)}
    assert "adopted" in logs.read_text()
