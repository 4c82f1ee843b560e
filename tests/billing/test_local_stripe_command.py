"""manage.py local_stripe: the run command's stripe process."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import stripe
from django.conf import settings

from tests.billing.local_fixtures import SECRET_KEY, Receiver, free_port, make_client

SECRET = "whsec_test_command"


def run_command(tmp_path: Path, port: int, **env: str) -> subprocess.Popen[str]:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "code24.settings",
        "CODE24_VAR_DIR": str(tmp_path / "var"),
        "STRIPE_SECRET_KEY": "",
        "LOCAL_STRIPE_PORT": str(port),
        "LOCAL_STRIPE_STATE_DIR": str(tmp_path / "stripe"),
        **env,
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "local_stripe"],
        cwd=Path(settings.BASE_DIR),
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_until_it_answers(base: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(base + "/v1/plans", auth=(SECRET_KEY, "")).is_success:
                return
        except httpx.TransportError:
            time.sleep(0.05)
    raise AssertionError(f"manage.py local_stripe did not answer: {process.communicate()}")


def test_it_serves_posts_signed_webhooks_to_the_site_and_stops_on_sigterm(
    tmp_path: Path, receiver: Receiver
) -> None:
    port = free_port()
    env = {"SITE_URL": receiver.origin, "STRIPE_WEBHOOK_SECRET": SECRET}
    process = run_command(tmp_path, port, **env)
    try:
        wait_until_it_answers(f"http://127.0.0.1:{port}", process)
        make_client(f"http://127.0.0.1:{port}").v1.customers.create(params={"name": "Owner"})
        receiver.wait_for(1)
    finally:
        process.send_signal(signal.SIGTERM)
        _, log = process.communicate(timeout=15)
    assert process.returncode == 0
    assert receiver.paths == ["/billing/stripe/webhook/"]
    body, header, _ = receiver.received[0]
    assert stripe.Webhook.construct_event(body, header, SECRET).type == "customer.created"
    banner = f"Local Stripe on http://127.0.0.1:{port} (state in {tmp_path / 'stripe'}"
    assert banner in log
    assert (tmp_path / "stripe" / "localstripe.pickle").is_file()


def test_with_a_stripe_secret_key_it_only_idles(tmp_path: Path) -> None:
    port = free_port()
    process = run_command(
        tmp_path,
        port,
        STRIPE_SECRET_KEY="sk_test_a_real_account",
        STRIPE_PUBLISHABLE_KEY="pk_test_a_real_account",
        STRIPE_WEBHOOK_SECRET="whsec_a_real_endpoint",
    )
    try:
        assert process.stdout is not None
        assert "Code24 talks to the real Stripe" in process.stdout.readline()
        with socket.socket() as probe:
            assert probe.connect_ex(("127.0.0.1", port)) != 0  # nothing listens
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=15)
    assert process.returncode == 0
    assert not (tmp_path / "stripe").exists()


def test_a_busy_port_is_a_clear_error(tmp_path: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        process = run_command(tmp_path, port)
        _, errors = process.communicate(timeout=30)
    assert process.returncode != 0
    assert f"cannot listen on 127.0.0.1:{port}" in errors
    assert "Set LOCAL_STRIPE_PORT to a free port." in errors


def test_a_real_secret_key_without_its_publishable_key_and_webhook_secret_fails_start_up(
    tmp_path: Path,
) -> None:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "code24.settings",
        "CODE24_VAR_DIR": str(tmp_path / "var"),
        "STRIPE_SECRET_KEY": "sk_test_a_real_account",
        "STRIPE_PUBLISHABLE_KEY": "",
        "STRIPE_WEBHOOK_SECRET": "",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=Path(settings.BASE_DIR),
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "STRIPE_PUBLISHABLE_KEY and STRIPE_WEBHOOK_SECRET are required" in done.stderr
