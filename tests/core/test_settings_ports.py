"""What depends on the dashboard's port follows CODE24_PORT unless it is set explicitly."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from django.conf import settings

READ = """
import json, django
django.setup()
from django.conf import settings
from sites.addresses import forms_endpoint
from sites.models import Site
print(json.dumps({"site_url": settings.SITE_URL, "forms": forms_endpoint(Site(pk=7))}))
"""


def _settings_with(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "CODE24_PORT"}}
    env.update(extra, DJANGO_SETTINGS_MODULE="code24.settings")
    result = subprocess.run(
        [sys.executable, "-c", READ],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    values: dict[str, str] = json.loads(result.stdout.strip().splitlines()[-1])
    return values


def test_another_port_moves_the_dashboard_address_and_the_forms_endpoint() -> None:
    values = _settings_with(CODE24_PORT="8100")
    assert values["site_url"] == "http://localhost:8100"
    # The site Workers post visitors' messages here: on the old default they would be lost.
    assert values["forms"] == "http://localhost:8100/f/7/"


def test_the_default_port_is_8000() -> None:
    assert _settings_with()["site_url"] == "http://localhost:8000"


def test_an_explicit_site_url_wins_over_the_port() -> None:
    values = _settings_with(CODE24_PORT="8100", SITE_URL="https://app.code24.dev/")
    assert values["site_url"] == "https://app.code24.dev"
    assert values["forms"] == "https://app.code24.dev/f/7/"
