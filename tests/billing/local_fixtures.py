"""Fixtures for tests against the local Stripe (code24/billing/local_stripe.py).

``local_stripe_server`` (session) runs ``python -m code24.billing.local_stripe`` on a free
loopback port with a temporary state directory and yields its base URL; ``local_stripe``
(per test) empties it, points settings.STRIPE_API_BASE (and STRIPE_API_KEY) at it and
yields a LocalStripe: ``.base``, ``.client`` (a stripe.StripeClient on it),
``.events(since_id=None)`` (the events, oldest first, for tests that deliver webhooks
themselves) and ``.end_period(subscription_id)`` (the stand-in for Stripe's test clocks).
``LocalStripeProcess`` starts one more server (restarts, several instances, webhooks), and
``Receiver`` records the webhooks posted to it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx
import pytest
import stripe

REPO = Path(__file__).resolve().parents[2]
# The local Stripe accepts any secret key that starts with sk_ (and pk_ in the browser).
SECRET_KEY = "sk_test_code24_local"
PUBLISHABLE_KEY = "pk_test_code24_local"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LocalStripeProcess:
    """``python -m code24.billing.local_stripe`` in a subprocess, answering once started."""

    def __init__(self, state_dir: Path, *args: str, port: int | None = None) -> None:
        self.state_dir = state_dir
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = state_dir.parent / f"local-stripe-{self.port}.log"
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
        }
        command = [sys.executable, "-m", "code24.billing.local_stripe", "--port", str(self.port)]
        command += ["--state-dir", str(state_dir), *args]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        self._wait()

    def _wait(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"The local Stripe exited: {self.log()}")
            try:
                answer = httpx.get(self.base + "/v1/plans?limit=1", auth=(SECRET_KEY, ""))
                if answer.is_success:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"The local Stripe did not answer in {timeout}s: {self.log()}")
            time.sleep(0.05)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> LocalStripeProcess:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def make_client(base: str) -> stripe.StripeClient:
    return stripe.StripeClient(SECRET_KEY, base_addresses={"api": base}, max_network_retries=0)


class LocalStripe:
    """A running local Stripe, emptied for the test."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.client = make_client(base)
        self.http = httpx.Client(base_url=base, auth=(SECRET_KEY, ""), timeout=10)

    def events(self, since_id: str | None = None) -> list[dict[str, Any]]:
        """The events after ``since_id`` (every event without it), oldest first."""
        found: list[dict[str, Any]] = []
        params: dict[str, Any] = {"limit": 100}
        while True:
            page = self.http.get("/v1/events", params=params).raise_for_status().json()
            for event in page["data"]:
                if event["id"] == since_id:
                    return found[::-1]
                found.append(event)
            if not page["has_more"] or not page["data"]:
                return found[::-1]
            params["starting_after"] = page["data"][-1]["id"]

    def end_period(self, subscription_id: str) -> dict[str, Any]:
        """End the subscription's current period now (what Stripe does at its end)."""
        response = self.http.post(f"/_local/subscriptions/{subscription_id}/period_end")
        return response.raise_for_status().json()

    def reset(self) -> None:
        self.http.delete("/_config/data").raise_for_status()
        self.http.delete("/_config/webhooks").raise_for_status()

    def close(self) -> None:
        self.http.close()


@pytest.fixture(scope="session")
def local_stripe_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with LocalStripeProcess(tmp_path_factory.mktemp("local-stripe") / "state") as server:
        yield server.base


@pytest.fixture
def local_stripe(local_stripe_server: str, settings: Any) -> Iterator[LocalStripe]:
    stripe_ = LocalStripe(local_stripe_server)
    stripe_.reset()
    settings.STRIPE_API_BASE = local_stripe_server
    settings.STRIPE_API_KEY = SECRET_KEY
    yield stripe_
    stripe_.close()


class Receiver:
    """An HTTP server on loopback that records the webhooks posted to it; it answers 500 to
    the first ``failures`` of them."""

    def __init__(self, failures: int = 0) -> None:
        self.received: list[tuple[bytes, str, int]] = []
        self.paths: list[str] = []
        self.failures = failures
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                status = 500 if len(outer.received) < outer.failures else 200
                outer.paths.append(self.path)
                outer.received.append((body, self.headers.get("Stripe-Signature", ""), status))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.url = self.origin + "/billing/stripe/webhook/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def wait_for(self, count: int, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self.received) < count:
            assert time.monotonic() < deadline, f"{len(self.received)} webhooks, not {count}"
            time.sleep(0.02)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.close()
