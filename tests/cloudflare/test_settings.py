"""The CLOUDFLARE_* settings: the compatibility date has one source and reaches every
Worker upload; a real token without the real account and zone ids fails at start-up."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
from django.conf import settings as django_settings

from code24.cloudflare import workers_bundle
from code24.cloudflare.client import AssetsConfig, Client, Module
from code24.cloudflare.local import LocalCloudflare
from code24.cloudflare.management.commands.cloudflare_setup import run_setup

DATE = "2024-11-11"  # not the default, so only the setting can have put it there


def test_the_compatibility_date_setting_reaches_every_worker_upload(
    settings: Any, client: Client, local_cloudflare: LocalCloudflare
) -> None:
    settings.CLOUDFLARE_COMPATIBILITY_DATE = DATE
    run_setup(client, out=lambda line: None)  # uploads the dispatcher, as in production
    site = workers_bundle.site_worker_upload({"index.html": "<h1>Hi</h1>"}, site_id=7)
    assert site.compatibility_date == DATE
    assets = client.assets_upload("site-7", site.asset_files())
    client.script_upload(  # as the deploy step uploads a site
        "site-7",
        modules=[Module(m["name"], m["text"], m["content_type"]) for m in site.modules],
        main_module=site.main_module,
        bindings=site.bindings,
        compatibility_date=site.compatibility_date,
        assets=AssetsConfig(assets.completion_token, site.assets_config),
    )
    edge = local_cloudflare.snapshot()
    assert edge["dispatcher"]["compatibility_date"] == DATE
    assert edge["scripts"]["site-7"]["compatibility_date"] == DATE


def test_a_client_without_a_date_uses_the_setting(settings: Any) -> None:
    settings.CLOUDFLARE_COMPATIBILITY_DATE = DATE
    client = Client(
        api_token="t",
        base_url="http://127.0.0.1:9/client/v4",
        account_id="a" * 32,
        zone_id="b" * 32,
        dispatch_namespace="ns",
    )
    assert client.compatibility_date == DATE
    client.close()


# Settings are read once, at import: each case imports them in a fresh interpreter.
IMPORT = (
    "import code24.settings as s; print(s.CLOUDFLARE_ACCOUNT_ID, s.CLOUDFLARE_ZONE_ID, "
    "s.CLOUDFLARE_COMPATIBILITY_DATE)"
)
ACCOUNT, ZONE = "0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210"


def import_settings(**variables: str) -> subprocess.CompletedProcess[str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("CLOUDFLARE_")}
    env.update(variables)
    return subprocess.run(
        [sys.executable, "-c", IMPORT],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("variables", "missing"),
    [
        ({}, "CLOUDFLARE_ACCOUNT_ID"),
        ({"CLOUDFLARE_ACCOUNT_ID": ACCOUNT}, "CLOUDFLARE_ZONE_ID"),
        ({"CLOUDFLARE_ZONE_ID": ZONE}, "CLOUDFLARE_ACCOUNT_ID"),
    ],
)
def test_a_real_token_without_the_real_ids_fails_at_start_up(
    variables: dict[str, str], missing: str
) -> None:
    result = import_settings(CLOUDFLARE_API_TOKEN="a-real-token", **variables)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{missing} is required when CLOUDFLARE_API_TOKEN is set" in result.stderr
    assert "a-real-token" not in result.stderr


def test_a_real_token_with_the_real_ids_uses_them() -> None:
    result = import_settings(
        CLOUDFLARE_API_TOKEN="a-real-token",
        CLOUDFLARE_ACCOUNT_ID=ACCOUNT,
        CLOUDFLARE_ZONE_ID=ZONE.upper(),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [ACCOUNT, ZONE, "2025-06-01"]


def test_without_a_token_the_local_ids_are_used() -> None:
    result = import_settings()
    assert result.returncode == 0, result.stderr
    local = "023e105f4ecef8ad9ca31a8372d0c353"
    assert result.stdout.split()[:2] == [local, local]


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("CLOUDFLARE_ACCOUNT_ID", "my-account", "must be a Cloudflare id (32 characters"),
        ("CLOUDFLARE_ZONE_ID", "0123", "must be a Cloudflare id (32 characters"),
        ("CLOUDFLARE_COMPATIBILITY_DATE", "June 2025", "must be a date like 2025-06-01"),
    ],
)
def test_malformed_cloudflare_settings_fail_with_a_sentence(
    name: str, value: str, words: str
) -> None:
    result = import_settings(**{name: value})
    assert result.returncode != 0
    assert words in result.stderr
