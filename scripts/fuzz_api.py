#!/usr/bin/env python
"""A long schemathesis run against a running Code24 API, with an API key.

    .venv/bin/python scripts/fuzz_api.py [--max-examples 200] [--seed 24] [--port 8099]
                                        [--max-time 600] [-- extra st run options]

Starts Code24 (runserver, SQLite and the filesystem broker in a fresh temporary folder,
so nothing of yours is touched) on 127.0.0.1, makes an Enterprise account with an API
key (and room for a million sites), runs `st run` with every check against
/api/v1/openapi.json, prints schemathesis' summary and stops the server. Builds are
only queued: no worker runs them. The API's rate limits are raised for the run (this
checks the schema, not the limits). Loopback only; the run ends by itself (--max-time
caps it).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
ST = ROOT / ".venv" / "bin" / "st"

MAKE_KEY = """
from code24.accounts import services
from code24.accounts.models import ApiKey, Plan
from tests.factories import make_user
user = make_user("fuzz@example.com")
account = services.account_create(owner=user, name="Fuzz", plan_slug=Plan.ENTERPRISE)
# Room for every generated build (the temporary database's plan; a full plan answers 403).
Plan.objects.filter(slug=Plan.ENTERPRISE).update(max_sites=1_000_000)
prefix, raw = ApiKey.generate()
ApiKey.objects.create(account=account, name="fuzz", prefix=prefix, key_hash=ApiKey.hash(raw))
print(raw)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=200)
    parser.add_argument("--seed", type=int, default=24)
    parser.add_argument("--port", type=int, default=8099)
    parser.add_argument("--max-time", type=int, default=600)
    parser.add_argument("extra", nargs="*", help="more `st run` options (after --)")
    args = parser.parse_args()

    var = tempfile.mkdtemp(prefix="code24-fuzz-")
    env = {
        **os.environ,
        "CODE24_VAR_DIR": var,
        "DEBUG": "false",
        "SECRET_KEY": "fuzz-" + "x" * 60,
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CODE24_PORT": str(args.port),
        "API_RATE_LIMIT_PER_KEY": "1000000/m",
        "API_RATE_LIMIT_PER_ADDRESS": "1000000/m",
        "API_RATE_LIMIT_FAILED_AUTH": "1000000/m",
    }
    manage = [str(PYTHON), str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    key = (
        subprocess.run(
            [*manage, "shell", "-c", MAKE_KEY],
            env=env,
            check=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{args.port}", "--noreload", "--insecure"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=open(Path(var) / "server.log", "w"),  # noqa: SIM115 - closed with the process
    )
    try:
        for _ in range(100):
            try:
                if httpx.get(base + "/api/v1/openapi.json", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        else:
            print("Code24 did not start; see", Path(var) / "server.log", file=sys.stderr)
            return 1
        command = [
            str(ST),
            "run",
            base + "/api/v1/openapi.json",
            "--header",
            f"Authorization: Bearer {key}",
            "--checks",
            "all",
            "--max-examples",
            str(args.max_examples),
            "--seed",
            str(args.seed),
            "--max-time",
            str(args.max_time),
            "--workers",
            "1",
            "--report",
            "json",
            "--report-json-path",
            str(Path(var) / "report.json"),
            *args.extra,
        ]
        print("$", " ".join(command).replace(key, "c24_…"), flush=True)
        result = subprocess.run(command, cwd=var, check=False)
        print("report:", Path(var) / "report.json", " server log:", Path(var) / "server.log")
        return result.returncode
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
