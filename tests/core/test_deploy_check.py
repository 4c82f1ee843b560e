"""Production settings pass Django's deployment checklist; a missing SECRET_KEY fails loudly."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x7#Qm2!vR9$kLp4@Wz8^Nc6&Ht3*Yb5(Jd1)Fg0_Se-Ua+Ko=Li~Mr",
    "ALLOWED_HOSTS": "app.code24.dev",
    "SITE_URL": "https://app.code24.dev",
}


def _manage(*args: str, extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    env.update(extra)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_settings() -> None:
    result = _manage("check", "--deploy", "--fail-level", "WARNING", extra=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_missing_secret_key_fails_loudly_when_debug_is_off() -> None:
    result = _manage("check", extra={**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr
