"""Live sites on the local Cloudflare (real Workers in workerd) for the cycle tests, served
at addresses the scanner can reach: the test edge's port."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from code24.accounts.models import Account, Plan
from code24.ai.schemas import Brief
from code24.cloudflare.local import LocalCloudflare
from code24.cloudflare.local.edge import Edge
from sites import services as site_services
from sites.models import Build, Site
from tests.factories import BRIEF, make_account, make_user


@pytest.fixture
def at_the_edge(settings: Any, edge: Edge) -> None:
    """Sites' addresses are on the test's edge (the run command's is on 8788)."""
    settings.SITE_ADDRESS = "http://{host}:" + str(edge.port)


@pytest.fixture
def owner_account() -> Account:
    return make_account(
        make_user("rosa@example.com"), name="Padaria da Avó Rosa", plan=Plan.PROFESSIONAL
    )


@pytest.fixture
def build_live(
    cloudflare: LocalCloudflare,
    at_the_edge: None,
    owner_account: Account,
    django_capture_on_commit_callbacks: Any,
) -> Callable[..., Site]:
    """Build a site through the whole pipeline; it is live on the local edge."""

    def build(name: str = "Harbour Dental", account: Account | None = None) -> Site:
        with django_capture_on_commit_callbacks(execute=True):
            started = site_services.site_create(
                account=account or owner_account,
                brief=Brief.model_validate({**BRIEF, "name": name}),
                requested_by=None,
                via="test",
            )
        started.refresh_from_db()
        assert started.status == Build.Status.SUCCEEDED, started.error
        site = Site.objects.get(pk=started.site_id)
        assert site.is_live
        return site

    return build
