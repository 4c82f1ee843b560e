"""The Domains pages: every state shown, the records with copy buttons, the doctor's
findings, live polling that stops, add/check/remove, other accounts' domains are 404s."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from code24.accounts.models import Membership, Plan
from code24.cloudflare.local import LocalCloudflare
from domains import services
from domains.models import CustomDomain
from sites.models import Site
from tests.domains.conftest import point_at_code24
from tests.factories import make_account, make_site, make_user

pytestmark = [pytest.mark.workerd, pytest.mark.django_db]


def owner_client(site: Site) -> Client:
    membership = site.account.memberships.select_related("user").first()
    assert membership is not None
    client = Client()
    client.force_login(membership.user)
    return client


def test_the_site_domains_page_walks_from_add_to_live(
    live: Site,
    cloudflare: LocalCloudflare,
    settle: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = owner_client(live)
    page = client.get(reverse("site_domains", args=[live.pk]))
    assert page.status_code == 200
    assert "Connect your domain" in page.text and "local DNS provider" in page.text

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("domain_add", args=[live.pk]),
            {"hostname": "www.padaria-rosa.localhost", "ssl_method": "http"},
        )
    assert response.status_code == 302
    page = client.get(reverse("site_domains", args=[live.pk]))
    assert "www.padaria-rosa.localhost" in page.text
    assert 'data-copy="sites.code24.localhost"' in page.text
    assert "Waiting for DNS" in page.text
    assert 'hx-trigger="every 3s"' in page.text
    assert "What we found" in page.text

    domain = CustomDomain.objects.get()
    point_at_code24(cloudflare, domain.hostname)
    settle(domain)
    poll = client.get(reverse("site_domains", args=[live.pk]), HTTP_HX_REQUEST="true")
    assert poll.status_code == 286  # settled: htmx stops polling
    assert 'data-state="live"' in poll.text
    assert "Your site is live at" in poll.text
    site_page = client.get(reverse("site_detail", args=[live.pk]))
    assert "www.padaria-rosa.localhost" in site_page.text
    overview = client.get(reverse("domain_list"))
    assert "www.padaria-rosa.localhost" in overview.text and "Live" in overview.text


@pytest.mark.parametrize(
    ("hostname", "words"),
    [
        ("http://www.bakery.com/menu", "without"),
        ("192.168.1.10", "IP address"),
        ("bakery.code24.localhost", "Code24"),
        ("", "required"),
    ],
)
def test_a_bad_hostname_is_refused_with_the_reason_and_nothing_saved(
    live: Site, cloudflare: LocalCloudflare, hostname: str, words: str
) -> None:
    response = owner_client(live).post(
        reverse("domain_add", args=[live.pk]), {"hostname": hostname, "ssl_method": "http"}
    )
    assert response.status_code == 400
    assert words.lower() in response.text.lower()
    assert not CustomDomain.objects.exists()


def test_basic_plan_sees_the_upgrade_hint(cloudflare: LocalCloudflare) -> None:
    site = make_site(make_account(plan=Plan.BASIC), name="Corner Shop")
    client = owner_client(site)
    for url in (reverse("domain_list"), reverse("site_domains", args=[site.pk])):
        page = client.get(url)
        assert "comes with Professional and Enterprise" in page.text
        assert reverse("accounts:plan") in page.text


def test_other_accounts_domains_and_sites_are_404(
    live: Site, cloudflare: LocalCloudflare, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        [domain] = services.domain_add(site=live, hostname="www.padaria-rosa.localhost")
    intruder = make_user("mallory@example.org")
    make_account(owner=intruder, plan=Plan.ENTERPRISE)
    client = Client()
    client.force_login(intruder)
    assert client.get(reverse("site_domains", args=[live.pk])).status_code == 404
    assert (
        client.post(reverse("domain_add", args=[live.pk]), {"hostname": "x.com"}).status_code == 404
    )
    assert client.post(reverse("domain_check", args=[domain.pk])).status_code == 404
    assert client.get(reverse("domain_remove", args=[domain.pk])).status_code == 404
    assert client.post(reverse("domain_remove", args=[domain.pk])).status_code == 404
    domain.refresh_from_db()
    assert domain.removed_at is None
    assert "padaria-rosa" not in client.get(reverse("domain_list")).text


def test_members_see_domains_but_only_owners_and_admins_change_them(
    live: Site, cloudflare: LocalCloudflare, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        [domain] = services.domain_add(site=live, hostname="www.padaria-rosa.localhost")
    member = make_user("member@example.org")
    Membership.objects.create(account=live.account, user=member, role=Membership.Role.MEMBER)
    client = Client()
    client.force_login(member)
    page = client.get(reverse("site_domains", args=[live.pk]))
    assert page.status_code == 200 and "Check now" not in page.text
    assert client.post(reverse("domain_check", args=[domain.pk])).status_code == 403
    assert client.post(reverse("domain_remove", args=[domain.pk])).status_code == 403


def test_remove_asks_first_then_disconnects(
    live: Site, cloudflare: LocalCloudflare, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        [domain] = services.domain_add(site=live, hostname="www.padaria-rosa.localhost")
    client = owner_client(live)
    confirm = client.get(reverse("domain_remove", args=[domain.pk]))
    assert confirm.status_code == 200 and "Remove www.padaria-rosa.localhost?" in confirm.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("domain_remove", args=[domain.pk]))
    assert response.status_code == 302
    domain.refresh_from_db()
    assert domain.state == "removed"
    assert cloudflare.state.hostname_get(domain.cloudflare_id) is None


def test_the_cloudflare_webhook_needs_its_secret_and_triggers_a_check(
    live: Site, cloudflare: LocalCloudflare, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        [domain] = services.domain_add(site=live, hostname="www.padaria-rosa.localhost")
    url = reverse("cloudflare_webhook")
    client = Client()
    assert client.post(url, {}, content_type="application/json").status_code == 404  # off
    settings.DOMAINS_WEBHOOK_SECRET = "s3cret-webhook"
    wrong = client.post(url, {}, content_type="application/json", HTTP_CF_WEBHOOK_AUTH="no")
    assert wrong.status_code == 401
    before = CustomDomain.objects.get(pk=domain.pk).checked_at
    payload = {
        "alert_type": "custom_ssl_certificate_event_type",
        "data": {"id": domain.cloudflare_id, "hostname": domain.hostname},
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, payload, content_type="application/json", HTTP_CF_WEBHOOK_AUTH="s3cret-webhook"
        )
    assert response.status_code == 200 and response.json() == {"checked": 1}
    assert CustomDomain.objects.get(pk=domain.pk).checked_at != before
    bad = client.post(
        url, "{", content_type="application/json", HTTP_CF_WEBHOOK_AUTH="s3cret-webhook"
    )
    assert bad.status_code == 400
