"""Domains tests: a live Professional site on the local Cloudflare (real Workers in
workerd), whose DNS checks go to the test's own DNS server (`cloudflare.dns`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings

from code24.accounts.models import Plan
from code24.ai.schemas import Brief
from code24.cloudflare.local import LocalCloudflare
from code24.cloudflare.local.edge import Edge
from domains import services
from domains.models import CustomDomain
from sites import services as site_services
from sites.models import Build, Site
from tests.factories import make_account
from tests.sites.test_pipeline import BRIEF


@pytest.fixture
def live(cloudflare: LocalCloudflare, edge: Edge, django_capture_on_commit_callbacks: Any) -> Site:
    account = make_account(name="Padaria da Avó Rosa", plan=Plan.PROFESSIONAL)
    with django_capture_on_commit_callbacks(execute=True):
        build = site_services.site_create(
            account=account,
            brief=Brief.model_validate({**BRIEF, "name": "Padaria da Avó Rosa"}),
            requested_by=None,
            via="test",
        )
    build.refresh_from_db()
    assert build.status == Build.Status.SUCCEEDED, build.error
    site = build.site
    site.refresh_from_db()
    # The platform's own records, as the run command's DNS server holds them.
    cloudflare.dns.add(settings.CLOUDFLARE_FALLBACK_ORIGIN, "A", "127.0.0.1")
    return site


def point_at_code24(cloudflare: LocalCloudflare, hostname: str) -> None:
    """What the customer does at their DNS provider."""
    cloudflare.dns.add(hostname, "CNAME", settings.CLOUDFLARE_FALLBACK_ORIGIN)


@pytest.fixture
def settle(
    cloudflare: LocalCloudflare, django_capture_on_commit_callbacks: Any
) -> Callable[[CustomDomain], CustomDomain]:
    """Let Cloudflare's validation and Code24's checks run until the domain settles."""

    def run(domain: CustomDomain, rounds: int = 12) -> CustomDomain:
        for _ in range(rounds):
            cloudflare.check()
            with django_capture_on_commit_callbacks(execute=True):
                services.domain_check(domain_id=domain.pk)
            domain.refresh_from_db()
            if domain.is_live:
                break
        return domain

    return run
