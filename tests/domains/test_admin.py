"""Staff admin of domains: every domain with its Cloudflare states, filters by state, and
the "check now" and "remove" actions (through the services, so Cloudflare follows)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from code24.accounts.models import User
from code24.cloudflare.local import LocalCloudflare
from domains import services
from domains.models import CustomDomain
from sites.models import Site

pytestmark = [pytest.mark.workerd, pytest.mark.django_db]


@pytest.fixture
def staff(db: None) -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("staff@code24.example", "pw"))
    return client


def test_staff_see_filter_check_and_remove_domains(
    staff: Client,
    live: Site,
    cloudflare: LocalCloudflare,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        [domain] = services.domain_add(site=live, hostname="www.padaria-rosa.localhost")
    url = reverse("admin:domains_customdomain_changelist")
    listing = staff.get(url)
    assert listing.status_code == 200
    assert "www.padaria-rosa.localhost" in listing.text and "pending" in listing.text
    assert "www.padaria-rosa.localhost" not in staff.get(url + "?state__exact=live").text
    assert (
        staff.get(reverse("admin:domains_customdomain_change", args=[domain.pk])).status_code == 200
    )

    checked_before = CustomDomain.objects.get(pk=domain.pk).checked_at
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(url, {"action": "check_now", "_selected_action": [domain.pk]})
    assert CustomDomain.objects.get(pk=domain.pk).checked_at != checked_before

    with django_capture_on_commit_callbacks(execute=True):
        staff.post(url, {"action": "remove", "_selected_action": [domain.pk]})
    domain.refresh_from_db()
    assert domain.state == "removed" and domain.removed_reason.startswith("Removed by staff")
    assert cloudflare.state.hostname_get(domain.cloudflare_id) is None
