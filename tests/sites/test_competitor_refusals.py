"""A competitor URL the SSRF-safe fetcher refuses: its reason is told whole, never cut.

The two steps run for real (the fetcher refuses before connecting: the addresses are
private); the build page and the step's summary, which later steps read, are checked.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from code24.accounts.models import User
from sites.models import BuildStep
from sites.pipeline import competitive_analysis, market_research
from tests.factories import make_account, make_build, make_site, make_user

REFUSED = ["http://10.0.0.1/", "http://localhost:8080/prices"]
REASONS = [
    "http://10.0.0.1/ points to a private or reserved network address; "
    "only public websites can be read.",
    "http://localhost:8080/prices points to a private or reserved network address "
    "(localhost points to 127.0.0.1); only public websites can be read.",
]


@pytest.fixture
def owner(db: None) -> User:
    return make_user("owner@harbour.example")


def test_a_refused_competitor_url_is_explained_in_whole_sentences(owner: User) -> None:
    site = make_site(make_account(owner), brief={"competitor_urls": REFUSED})
    build = make_build(site)
    outputs = {"market_research": market_research.run(build, {})}
    output = competitive_analysis.run(build, outputs)
    BuildStep.objects.filter(build=build, name="competitive_analysis").update(
        status=BuildStep.Status.SUCCEEDED, output=output
    )

    value = output["value"]
    assert [c["error"] for c in value["competitors"]] == REASONS
    # The summary later steps (and models) read names the sites and cuts no reason.
    summary = value["summary"]
    assert all(url in summary for url in REFUSED), summary
    for reason in REASONS:
        told = "points to a private" in summary
        assert not told or reason.rstrip(".") in summary, summary
    assert "only public)" not in summary and "address)" not in summary

    client = Client()
    client.force_login(owner)
    page = client.get(reverse("build_detail", args=[build.pk])).content.decode()
    for url, reason in zip(REFUSED, REASONS, strict=True):
        assert f"<li>{url} could not be read: {reason}</li>" in page
