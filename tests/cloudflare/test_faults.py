"""Reliability: under injected 429s, 5xx, timeouts and dropped connections the client
retries with backoff and jitter and succeeds once the fault clears; permanent errors are
never retried; a create whose answer was lost (or whose process died) is adopted."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from django.conf import settings

from code24.cloudflare.client import (
    Client,
    CloudflarePermanentError,
    CloudflareRetryableError,
    RetryPolicy,
)
from code24.cloudflare.local import LocalCloudflare

KV_PATH = f"/client/v4/accounts/{settings.CLOUDFLARE_ACCOUNT_ID}/storage/kv/namespaces"
HOSTNAMES_PATH = f"/client/v4/zones/{settings.CLOUDFLARE_ZONE_ID}/custom_hostnames"


def kv_requests(server: LocalCloudflare) -> int:
    return server.request_count("GET", KV_PATH)


def test_the_readmes_fault_example_works_as_written(
    local_cloudflare: LocalCloudflare, make_client: Callable[..., Client]
) -> None:
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    found = re.search(r"`POST /__local__/faults` with `(\{.*?\})`", readme)
    assert found is not None, "the README no longer shows a fault example"
    example = json.loads(found.group(1))
    answer = httpx.post(f"{local_cloudflare.origin}/__local__/faults", json=example)
    assert answer.status_code == 201, answer.text
    client = make_client(retry=RetryPolicy(attempts=1))
    for _ in range(example["times"]):
        with pytest.raises(CloudflareRetryableError):
            list(client.kv_namespaces())
    assert list(client.kv_namespaces()) == []  # the fault has fired its times


def test_429_waits_out_retry_after_then_succeeds(
    make_client: Callable[..., Client], local_cloudflare: LocalCloudflare, sleeps: list[float]
) -> None:
    client = make_client(retry=RetryPolicy(attempts=3, base_delay=0.01, max_delay=2.0))
    local_cloudflare.faults.add(path=KV_PATH, method="GET", status=429, retry_after=1, times=1)
    assert list(client.kv_namespaces()) == []
    assert kv_requests(local_cloudflare) == 2
    assert len(sleeps) == 1
    assert 1.0 <= sleeps[0] <= 1.0 + client.retry.base_delay  # retry-after, plus jitter


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_5xx_are_retried_with_growing_jittered_backoff(
    client: Client, local_cloudflare: LocalCloudflare, sleeps: list[float], status: int
) -> None:
    local_cloudflare.faults.add(path=KV_PATH, status=status, times=3)
    assert list(client.kv_namespaces()) == []
    assert kv_requests(local_cloudflare) == 4  # three failures, then the answer
    base = client.retry.base_delay
    assert len(sleeps) == 3
    for attempt, wait in enumerate(sleeps, start=1):
        cap = base * 2 ** (attempt - 1)
        assert cap / 2 <= wait <= cap


def test_timeouts_are_retried(
    make_client: Callable[..., Client], local_cloudflare: LocalCloudflare
) -> None:
    client = make_client(timeout=0.3)
    local_cloudflare.faults.add(path=KV_PATH, method="GET", delay=1.0, times=1)
    assert list(client.kv_namespaces()) == []
    assert kv_requests(local_cloudflare) == 2


def test_slow_answers_within_the_timeout_are_just_slow(
    client: Client, local_cloudflare: LocalCloudflare, sleeps: list[float]
) -> None:
    local_cloudflare.faults.add(path=KV_PATH, method="GET", delay=0.3, times=1)
    assert list(client.kv_namespaces()) == []
    assert kv_requests(local_cloudflare) == 1 and sleeps == []


def test_dropped_connections_are_retried(client: Client, local_cloudflare: LocalCloudflare) -> None:
    local_cloudflare.faults.add(path=KV_PATH, method="GET", drop=True, times=2)
    assert list(client.kv_namespaces()) == []
    assert kv_requests(local_cloudflare) == 3


def test_when_the_fault_does_not_clear_the_error_is_retryable(
    client: Client, local_cloudflare: LocalCloudflare
) -> None:
    local_cloudflare.faults.add(path=KV_PATH, status=503, times=None)
    with pytest.raises(CloudflareRetryableError) as raised:
        list(client.kv_namespaces())
    error = raised.value
    assert error.status == 503 and error.attempts == client.retry.attempts
    assert kv_requests(local_cloudflare) == client.retry.attempts
    # A fact, not a promise: who retries (or not) says what happens next.
    assert error.customer_message == "Our hosting provider is busy or unreachable right now."


def test_a_retry_after_beyond_the_cap_goes_back_to_the_caller(
    client: Client, local_cloudflare: LocalCloudflare, sleeps: list[float]
) -> None:
    local_cloudflare.faults.add(path=KV_PATH, status=429, retry_after=300, times=None)
    with pytest.raises(CloudflareRetryableError) as raised:
        list(client.kv_namespaces())
    assert raised.value.retry_after == 300 and raised.value.code == 971
    assert kv_requests(local_cloudflare) == 1 and sleeps == []


@pytest.mark.parametrize(
    ("status", "code"), [(400, 1407), (401, 10000), (403, 10000), (404, 1436), (409, 1406)]
)
def test_permanent_errors_are_never_retried(
    ready: Client, local_cloudflare: LocalCloudflare, sleeps: list[float], status: int, code: int
) -> None:
    local_cloudflare.faults.add(
        path=HOSTNAMES_PATH, method="POST", status=status, code=code, message="No.", times=None
    )
    before = local_cloudflare.request_count("POST", HOSTNAMES_PATH)
    with pytest.raises(CloudflarePermanentError) as raised:
        ready.custom_hostname_create(hostname="shop.yara.com", account_id=1, site_id=1)
    assert (raised.value.status, raised.value.code) == (status, code)
    assert local_cloudflare.request_count("POST", HOSTNAMES_PATH) - before == 1
    assert sleeps == []


def test_a_real_refusal_is_not_retried(ready: Client, local_cloudflare: LocalCloudflare) -> None:
    with pytest.raises(CloudflarePermanentError):
        ready.custom_hostname_create(hostname="not valid!", account_id=1, site_id=1)
    assert local_cloudflare.request_count("POST", HOSTNAMES_PATH) == 1


def test_a_lost_answer_to_a_create_is_adopted_on_retry(
    ready: Client, local_cloudflare: LocalCloudflare
) -> None:
    # Cloudflare creates the hostname, but the answer never arrives.
    local_cloudflare.faults.add(path=HOSTNAMES_PATH, method="POST", drop=True, after=True)
    created = ready.custom_hostname_create(hostname="shop.zoe.com", account_id=8, site_id=80)
    assert [item.id for item in ready.custom_hostnames()] == [created.id]
    statuses = [
        item["status"]
        for item in local_cloudflare.requests
        if item["method"] == "POST" and item["path"] == HOSTNAMES_PATH
    ]
    assert statuses == ["dropped", 409]  # created (answer lost), then 1406 → adopted


CHILD = """
import sys, time
import django
django.setup()
from code24.cloudflare.client import Client, RetryPolicy
client = Client.from_settings(base_url=sys.argv[1], retry=RetryPolicy(attempts=1))
created = client.custom_hostname_create(hostname=sys.argv[2], account_id=12, site_id=34)
print(created.id, flush=True)
time.sleep(120)  # the process dies here, before it can save the id
"""


def test_a_process_killed_between_create_and_save_is_adopted_by_the_retry(
    ready: Client, local_cloudflare: LocalCloudflare
) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "code24.settings"}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, local_cloudflare.url, "www.killed-midway.com"],
        cwd=Path(settings.BASE_DIR),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert child.stdout is not None
    stdout = child.stdout
    threading.Thread(target=lambda: lines.put(stdout.readline()), daemon=True).start()
    try:
        first_id = lines.get(timeout=30).strip()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL
    assert len(first_id) == 32, child.stderr.read() if child.stderr else ""

    # The task runs again: create the same hostname for the same account and site.
    retried = ready.custom_hostname_create(
        hostname="www.killed-midway.com", account_id=12, site_id=34
    )
    assert retried.id == first_id
    assert [item.id for item in ready.custom_hostnames()] == [first_id]  # exactly one
    assert local_cloudflare.request_count("POST", HOSTNAMES_PATH) == 2
