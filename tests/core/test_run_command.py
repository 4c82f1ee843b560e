"""The README's run command on ports of its own, as a new user runs it: the web process, a
real Celery worker and beat, and the local Cloudflare with its edge. A site built through
the API takes a visitor's contact-form message through the edge into Code24.

Nothing is replaced: this starts `scripts/run` itself (SQLite and the filesystem broker
under a temporary CODE24_VAR_DIR, as on a fresh machine) and talks to it over HTTP.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.conf import settings

pytestmark = [pytest.mark.celery_worker, pytest.mark.workerd]

# Settings the test runner has that a fresh `scripts/run` would not.
NOT_FOR_THE_RUN = {
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "CACHE_URL",
    "SITE_URL",
    "SQLITE_PATH",
    "CELERY_BROKER_DIR",
    "LOCAL_CLOUDFLARE_STATE_DIR",
    "LOCAL_STRIPE_STATE_DIR",
    "STRIPE_API_BASE",
    "STRIPE_SECRET_KEY",
    "MEDIA_ROOT",
    "DJANGO_SETTINGS_MODULE",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Running:
    def __init__(self, var_dir: Path) -> None:
        self.web_port, self.api_port, self.edge_port = _free_port(), _free_port(), _free_port()
        self.stripe_port = _free_port()
        self.env = {k: v for k, v in os.environ.items() if k not in NOT_FOR_THE_RUN}
        self.env.update(
            CODE24_PORT=str(self.web_port),
            LOCAL_CLOUDFLARE_PORT=str(self.api_port),
            LOCAL_CLOUDFLARE_EDGE_PORT=str(self.edge_port),
            LOCAL_STRIPE_PORT=str(self.stripe_port),
            CODE24_VAR_DIR=str(var_dir),
        )
        self.log = var_dir / "run.log"
        self.web = f"http://127.0.0.1:{self.web_port}"

    def manage(self, code: str) -> Any:
        """Run Python in Code24's shell against the running copy's database."""
        result = subprocess.run(
            [str(Path(settings.BASE_DIR) / ".venv/bin/python"), "manage.py", "shell", "-c", code],
            cwd=settings.BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return json.loads(result.stdout.strip().splitlines()[-1])

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-6000:]


@pytest.fixture
def running(tmp_path: Path) -> Iterator[Running]:
    run = Running(tmp_path / "var")
    (tmp_path / "var").mkdir()
    with run.log.open("w") as log:
        process = subprocess.Popen(
            ["scripts/run"],
            cwd=settings.BASE_DIR,
            env=run.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: honcho and all it started
        )
    try:
        deadline = time.monotonic() + 180
        while True:
            assert process.poll() is None, run.output()
            assert time.monotonic() < deadline, "not healthy in 180 s:\n" + run.output()
            try:
                if httpx.get(run.web + "/healthz", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        yield run
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def test_run_command_on_other_ports_delivers_a_contact_message(running: Running) -> None:
    key = running.manage(
        "import json; from code24.accounts.models import ApiKey, User;"
        "user = User.objects.get(email='demo@code24.localhost');"
        "account = user.memberships.get().account;"
        "prefix, raw = ApiKey.generate();"
        "ApiKey.objects.create(account=account, name='test', prefix=prefix,"
        " key_hash=ApiKey.hash(raw));"
        "print(json.dumps(raw))"
    )
    api = httpx.Client(base_url=running.web, headers={"Authorization": f"Bearer {key}"})
    brief = {
        "name": "Rosa's Kitchen",
        "description": "A neighbourhood café in Porto serving breakfast, lunch and cakes.",
        "businessType": "restaurant",
        "primaryGoal": "lead_generation",
    }
    answer = api.post("/api/v1/builds", json=brief, timeout=30)
    assert answer.status_code == 202, answer.text
    build_id, site_id = answer.json()["id"], answer.json()["site_id"]

    deadline = time.monotonic() + 120
    while (build := api.get(f"/api/v1/builds/{build_id}").json())["status"] != "succeeded":
        assert build["status"] != "failed", build
        assert time.monotonic() < deadline, f"{build}\n{running.output()}"
        time.sleep(0.5)
    site = api.get(f"/api/v1/sites/{site_id}").json()
    assert site["url"] == f"http://{site['hostname']}:{running.edge_port}"

    # A visitor sends the contact form through the edge: the site Worker forwards it to
    # the dashboard's address, which follows CODE24_PORT.
    edge = f"http://127.0.0.1:{running.edge_port}"
    host = {"Host": f"{site['hostname']}:{running.edge_port}"}
    assert httpx.get(edge + "/contact", headers=host).status_code == 200
    sent = httpx.post(
        edge + "/_forms/contact",
        headers=host,
        data={
            "name": "Ana Silva",
            "email": "ana@example.com",
            "message": "Do you bake for birthdays?",
            "_next": "/thanks",
        },
    )
    assert sent.status_code == 303, sent.text
    assert sent.headers["location"] == "/thanks"

    leads = running.manage(
        "import json; from sites.models import Lead;"
        f"print(json.dumps(list(Lead.objects.filter(site_id={site_id})"
        ".values_list('name', 'email', 'message'))))"
    )
    assert leads == [["Ana Silva", "ana@example.com", "Do you bake for birthdays?"]]

    # The local Stripe runs on its port, with Code24's plans set up in it on start.
    deadline = time.monotonic() + 60
    while "Plans set up in the local Stripe" not in running.log.read_text(errors="replace"):
        assert time.monotonic() < deadline, running.output()
        time.sleep(0.5)
    plans = running.manage(
        "import json; from code24.accounts.models import Plan;"
        "print(json.dumps(list(Plan.objects.values_list('stripe_plan_monthly', flat=True))))"
    )
    assert plans == [
        "code24-basic-month-usd-2900",
        "code24-professional-month-usd-7900",
        "code24-enterprise-month-usd-24900",
    ]
    at_stripe = httpx.get(
        f"http://127.0.0.1:{running.stripe_port}/v1/plans/code24-basic-month-usd-2900",
        auth=("sk_test_code24_local", ""),
    )
    assert at_stripe.status_code == 200 and at_stripe.json()["amount"] == 2900
