"""A whole build through the real parts: the new-site form (the dashboard's view, which
enqueues the build after commit), a real Celery worker process on the configured broker
(the filesystem broker here, Redis in CI) running every step, the local Cloudflare, and the
live site served by its edge in workerd.

Nothing is replaced. The AI steps are written by the built-in writer: it is the default
provider (AI_PROVIDER=builtin, no API key) and needs no network, which these tests have not.
"""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from code24.accounts.models import Account
from code24.cloudflare.client import get_client
from code24.cloudflare.local import LocalCloudflare
from code24.cloudflare.local.edge import Edge
from sites.models import Build, BuildStep, Site, SiteVersion
from sites.pipeline.files import files_load
from sites.pipeline.runner import STEP_NAMES
from tests.core.celery_processes import running_worker
from tests.factories import BRIEF
from tests.sites.pipeline_fixtures import fetch, fetch_until

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.workerd,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FORM = {
    "name": "Harbour Dental",
    "subdomain": "",
    "business_type": BRIEF["business_type"],
    "primary_goal": BRIEF["primary_goal"],
    "description": BRIEF["description"],
}


def submit_brief(client: Client, data: dict[str, Any]) -> Any:
    """The new-site form as a customer sends it: the first submit shows the facts found
    in the description, filled in; sending the form again as shown starts the build."""
    shown = client.post(reverse("site_new"), data)
    assert shown.status_code == 200, shown.content.decode()[:2000]
    assert shown.context["found"], "the description states services: they are shown first"
    return client.post(reverse("site_new"), shown.context["form"].data)


def test_a_brief_from_the_dashboard_is_built_by_a_worker_and_served_by_the_edge(
    tmp_path: Path,
    cloudflare: LocalCloudflare,
    edge: Edge,
    settings: Any,
    alice_account: Account,
    alice_client: Client,
) -> None:
    settings.SITE_ADDRESS = "http://{host}:" + str(edge.port)  # the sites are on this edge
    with running_worker(tmp_path) as worker:
        started = submit_brief(alice_client, FORM)
        build = Build.objects.get(site__account=alice_account)
        assert started.status_code == 302
        assert started["Location"] == reverse("build_detail", args=[build.pk])
        worker.wait_for(
            lambda: Build.objects.get(pk=build.pk).is_finished, 90, "the build finishes"
        )
        log = worker.log_tail(100_000)
    build.refresh_from_db()
    assert (build.status, build.error) == (Build.Status.SUCCEEDED, ""), log[-5000:]
    assert "sites.tasks.build_run" in log and "succeeded" in log  # the worker ran it

    # Every step, in order, once each, each after the one before it finished.
    steps = list(BuildStep.objects.filter(build=build).order_by("order"))
    assert [step.name for step in steps] == list(STEP_NAMES)
    assert {(step.status, step.attempts, step.error) for step in steps} == {
        (BuildStep.Status.SUCCEEDED, 1, "")
    }
    for before, after in pairwise(steps):
        assert before.finished_at is not None and after.started_at is not None
        assert before.finished_at <= after.started_at, (before.name, after.name)
    assert all(step.output is not None for step in steps)
    assert (
        steps[-1].output and steps[-1].output["url"] == f"http://{build.site.hostname}:{edge.port}"
    )

    # One version, deployed, live at Cloudflare: the site's script and its route.
    site = Site.objects.get(pk=build.site_id)
    version = SiteVersion.objects.get(site=site)
    assert (site.status, site.current_version) == (Site.Status.LIVE, version)
    assert version.deployed_at is not None and version.build == build
    assert version.cloudflare_response and version.cloudflare_response["script"] == site.script_name
    client = get_client()
    assert client.script_get(site.script_name) is not None
    route = client.kv_get(client.kv_namespace_id("routes"), site.hostname)
    assert route is not None and json.loads(route)["script"] == site.script_name

    # The edge serves the site: its home page as built, and its own 404 page for the rest.
    files = files_load(version.manifest)
    home = fetch_until(edge, site.hostname, until=lambda r: r.status_code == 200)
    assert home.status_code == 200, home.text[:500]
    assert home.headers["content-type"].startswith("text/html")
    assert "Harbour Dental" in home.text
    assert home.content == files["index.html"]
    contact = fetch(edge, site.hostname, "/contact")
    assert contact.status_code == 200 and contact.content == files["contact.html"]
    missing = fetch(edge, site.hostname, "/no-such-page")
    assert missing.status_code == 404
    assert missing.content == files["404.html"] and "Harbour Dental" in missing.text

    # The build page's poll now tells htmx to stop, with the site's address to open.
    page = alice_client.get(reverse("build_detail", args=[build.pk]), HTTP_HX_REQUEST="true")
    assert page.status_code == 286
    assert "Your site is live" in page.content.decode()
    assert f"http://{site.hostname}:{edge.port}" in page.content.decode()
