"""Who may connect which hostname: plan limits, takeovers, Cloudflare's refusals and
hiccups, the downgrade, "check now" and stalling."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from code24.accounts import services as account_services
from code24.accounts.models import Plan
from code24.billing import services as billing
from code24.cloudflare.client import get_client
from code24.cloudflare.local import LocalCloudflare
from domains import services
from domains.models import CustomDomain
from sites.models import Site
from tests.domains.conftest import point_at_code24
from tests.factories import make_account, make_site

pytestmark = [pytest.mark.workerd, pytest.mark.django_db]

HOSTNAMES = "/zones/[^/]+/custom_hostnames$"


def add(site: Site, hostname: str, capture: Any, **options: Any) -> list[CustomDomain]:
    with capture(execute=True):
        return services.domain_add(site=site, hostname=hostname, **options)


def refused(site: Site, hostname: str, capture: Any, **options: Any) -> services.DomainError:
    with pytest.raises(services.DomainError) as caught:
        add(site, hostname, capture, **options)
    return caught.value


def test_basic_has_no_domains_professional_one_enterprise_ten(
    live: Site, cloudflare: LocalCloudflare, django_capture_on_commit_callbacks: Any
) -> None:
    capture = django_capture_on_commit_callbacks
    basic = make_site(make_account(plan=Plan.BASIC), name="Basic Bakery")
    error = refused(basic, "www.basic-bakery.localhost", capture)
    assert error.status == 403 and "Basic plan does not include custom domains" in str(error)

    add(live, "www.padaria-rosa.localhost", capture)
    error = refused(live, "www.another-name.localhost", capture)
    assert error.status == 403 and "includes 1 custom domain per site" in str(error)

    enterprise = make_site(make_account(plan=Plan.ENTERPRISE), name="Chain")
    for number in range(10):
        add(enterprise, f"www.chain-{number}.localhost", capture)
    error = refused(enterprise, "www.chain-10.localhost", capture)
    assert error.status == 403 and "10 custom domains per site" in str(error)
    domains = services.site_domains(enterprise)
    assert [d.role for d in domains].count("primary") == 1
    assert len(list(get_client().custom_hostnames())) == 11


@pytest.mark.parametrize(
    "spelling",
    [
        "www.padaria-rosa.localhost",
        "WWW.PADARIA-ROSA.LOCALHOST",
        "www.padaria-rosa.localhost.",
        "  www.Padaria-Rosa.localhost  ",
    ],
)
def test_another_accounts_hostname_is_refused_in_any_spelling_without_saying_whose(
    live: Site, cloudflare: LocalCloudflare, django_capture_on_commit_callbacks: Any, spelling: str
) -> None:
    add(live, "www.padaria-rosa.localhost", django_capture_on_commit_callbacks)
    intruder = make_site(make_account(name="Mallory", plan=Plan.PROFESSIONAL), name="Mallory")
    error = refused(intruder, spelling, django_capture_on_commit_callbacks)
    assert error.status == 409
    assert "another Code24 account" in str(error)
    assert live.account.name not in str(error) and live.name not in str(error)
    assert len(list(get_client().custom_hostnames())) == 1


def test_unicode_and_punycode_are_the_same_domain(
    live: Site, cloudflare: LocalCloudflare, django_capture_on_commit_callbacks: Any
) -> None:
    [domain] = add(live, "www.bäckerei.localhost", django_capture_on_commit_callbacks)
    assert domain.hostname == "www.xn--bckerei-5wa.localhost"
    intruder = make_site(make_account(plan=Plan.PROFESSIONAL), name="Other")
    error = refused(intruder, "www.xn--bckerei-5wa.localhost", django_capture_on_commit_callbacks)
    assert error.status == 409


@pytest.mark.parametrize(
    "hostname",
    [
        "code24.localhost",
        "www.code24.localhost",
        "padaria.code24.localhost",
        "sites.code24.localhost",
    ],
)
def test_the_platforms_own_hostnames_are_refused(
    live: Site, cloudflare: LocalCloudflare, django_capture_on_commit_callbacks: Any, hostname: str
) -> None:
    error = refused(live, hostname, django_capture_on_commit_callbacks)
    assert error.status == 400
    assert list(get_client().custom_hostnames()) == []


def test_a_removed_domain_can_be_connected_again_by_anyone(
    live: Site, cloudflare: LocalCloudflare, django_capture_on_commit_callbacks: Any
) -> None:
    capture = django_capture_on_commit_callbacks
    [domain] = add(live, "www.padaria-rosa.localhost", capture)
    with capture(execute=True):
        services.domain_remove(domain=domain)
    other = make_site(make_account(plan=Plan.PROFESSIONAL), name="New owner")
    [again] = add(other, "www.padaria-rosa.localhost", capture)
    assert again.pk != domain.pk
    assert CustomDomain.objects.filter(hostname=again.hostname).count() == 2  # + tombstone
    assert len(list(get_client().custom_hostnames())) == 1


@pytest.mark.parametrize(
    ("fault", "status", "words"),
    [
        ({"status": 409, "code": 1406, "message": "Duplicate custom hostname found."}, 409,
         "already connected to another site"),
        ({"status": 400, "code": 1407, "message": "Invalid custom hostname."}, 400,
         "isn't a valid domain name"),
        ({"status": 403, "code": 1405, "message": "Quota exceeded."}, 400,
         "can't connect more domains right now"),
    ],
)  # fmt: skip
def test_cloudflares_refusals_become_a_sentence_and_leave_nothing(
    live: Site,
    cloudflare: LocalCloudflare,
    django_capture_on_commit_callbacks: Any,
    fault: dict[str, Any],
    status: int,
    words: str,
) -> None:
    cloudflare.faults.add(path=HOSTNAMES, regex=True, method="POST", times=1, **fault)
    error = refused(live, "www.padaria-rosa.localhost", django_capture_on_commit_callbacks)
    assert error.status == status and words in str(error)
    assert not CustomDomain.objects.exists()


@pytest.mark.parametrize(
    "fault",
    [{"status": 429, "retry_after": 0}, {"status": 500}, {"drop": True}],
    ids=["429", "500", "dropped"],
)
def test_cloudflare_busy_is_retried_and_the_domain_is_registered_once(
    live: Site,
    cloudflare: LocalCloudflare,
    django_capture_on_commit_callbacks: Any,
    fault: dict[str, Any],
) -> None:
    # More failures than the client's own retries: the domain waits for its next check.
    cloudflare.faults.add(path=HOSTNAMES, regex=True, method="POST", times=8, **fault)
    [domain] = add(live, "www.padaria-rosa.localhost", django_capture_on_commit_callbacks)
    assert domain.cloudflare_id == ""
    assert "busy or unreachable" in domain.error and "keep trying" in domain.error
    cloudflare.faults.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.domain_check(domain_id=domain.pk)
    domain.refresh_from_db()
    assert domain.cloudflare_id and domain.error == ""
    assert len(list(get_client().custom_hostnames())) == 1


def test_a_timeout_is_a_retry_not_an_error(
    live: Site, cloudflare: LocalCloudflare, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.CLOUDFLARE_TIMEOUT_SECONDS = 1
    settings.CLOUDFLARE_RETRY_ATTEMPTS = 1
    [domain] = add(live, "www.padaria-rosa.localhost", django_capture_on_commit_callbacks)
    cloudflare.faults.add(
        path="/custom_hostnames/[^/]+$", regex=True, method="GET", delay=2, times=1
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.domain_check(domain_id=domain.pk)
    domain.refresh_from_db()
    assert "busy or unreachable" in domain.error
    assert domain.next_check_at is not None and domain.next_check_at > timezone.now()


def test_a_downgrade_disconnects_the_newest_domains_with_a_notice(
    live: Site, cloudflare: LocalCloudflare, settle: Any, django_capture_on_commit_callbacks: Any
) -> None:
    capture = django_capture_on_commit_callbacks
    account = live.account
    billing.plan_choose(
        account=account, plan=Plan.objects.get(slug=Plan.ENTERPRISE), interval="month"
    )
    first, second = (
        add(live, "www.padaria-rosa.localhost", capture)[0],
        add(live, "www.rosa-porto.localhost", capture)[0],
    )
    point_at_code24(cloudflare, first.hostname)
    assert settle(first).is_live
    professional = Plan.objects.get(slug=Plan.PROFESSIONAL)
    notices = account_services.plan_notices(account=account, plan=professional)
    assert notices == [
        "Professional includes 1 custom domain per site: switching disconnects "
        "www.rosa-porto.localhost."
    ]
    mail.outbox.clear()
    with capture(execute=True):
        billing.plan_choose(account=account, plan=professional, interval="month")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.state == "live" and second.state == "removed"
    assert second.removed_reason.startswith("Disconnected when the plan changed to Professional")
    assert [m.subject for m in mail.outbox] == [
        "[Code24] 1 domain(s) disconnected on the Professional plan"
    ]
    assert "www.rosa-porto.localhost" in mail.outbox[0].body
    assert len(list(get_client().custom_hostnames())) == 1

    with capture(execute=True):
        billing.plan_choose(
            account=account, plan=Plan.objects.get(slug=Plan.BASIC), interval="month"
        )
    first.refresh_from_db()
    assert first.state == "removed"
    live.refresh_from_db()
    assert live.domain == ""
    assert list(get_client().custom_hostnames()) == []


def test_check_now_is_limited_to_once_a_minute(
    live: Site, cloudflare: LocalCloudflare, django_capture_on_commit_callbacks: Any
) -> None:
    [domain] = add(live, "www.padaria-rosa.localhost", django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.domain_check_request(domain=domain)
    domain.refresh_from_db()
    with pytest.raises(services.DomainError) as caught:
        services.domain_check_request(domain=domain)
    assert caught.value.status == 429 and caught.value.retry_after
    assert "check again in" in str(caught.value)
    CustomDomain.objects.filter(pk=domain.pk).update(
        check_requested_at=timezone.now() - timedelta(seconds=61)
    )
    domain.refresh_from_db()
    services.domain_check_request(domain=domain)


def test_checks_back_off_to_four_hours_and_a_week_without_success_stalls(
    live: Site, cloudflare: LocalCloudflare, django_capture_on_commit_callbacks: Any
) -> None:
    assert [services.next_delay(n).total_seconds() for n in (1, 2, 3, 8, 9, 20)] == [
        60, 120, 240, 7680, 14400, 14400,
    ]  # fmt: skip
    [domain] = add(live, "www.padaria-rosa.localhost", django_capture_on_commit_callbacks)
    CustomDomain.objects.filter(pk=domain.pk).update(
        checks_since=timezone.now() - timedelta(days=7, minutes=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.domain_check(domain_id=domain.pk)
    domain.refresh_from_db()
    assert domain.state == "stalled" and domain.stalled_at is not None
    assert domain.next_check_at is not None
    assert domain.next_check_at - timezone.now() > timedelta(hours=23)
    assert any(f["severity"] == "problem" for f in domain.findings)
    # The customer fixes DNS and retries: validation is triggered again, checks restart.
    point_at_code24(cloudflare, domain.hostname)
    with django_capture_on_commit_callbacks(execute=True):
        services.domain_check_request(domain=domain)
    domain.refresh_from_db()
    assert domain.state in ("checking", "waiting") and domain.check_attempts == 1


def test_a_certificate_near_expiry_without_renewal_warns_the_customer_and_staff(
    live: Site, cloudflare: LocalCloudflare, settle: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from tests.factories import make_user

    make_user("staff@code24.localhost").__class__.objects.filter(
        email="staff@code24.localhost"
    ).update(is_staff=True)
    [domain] = add(live, "www.padaria-rosa.localhost", django_capture_on_commit_callbacks)
    point_at_code24(cloudflare, domain.hostname)
    domain = settle(domain)
    assert domain.is_live and domain.certificate_expires_at is not None
    assert domain.certificate_expires_at - timezone.now() > timedelta(days=60)
    expires = timezone.now() + timedelta(days=10)
    cloudflare.set_certificate(domain.cloudflare_id, expires_on=expires, renew=False)
    mail.outbox.clear()
    for _ in range(2):  # warned once, not at every check
        with django_capture_on_commit_callbacks(execute=True):
            services.domain_check(domain_id=domain.pk)
    subjects = [(m.subject, tuple(m.to)) for m in mail.outbox]
    subject = f"[Code24] The certificate of {domain.hostname} expires soon"
    assert len(subjects) == 2 and all(s == subject for s, _ in subjects), subjects
    assert ("staff@code24.localhost",) in [to for _, to in subjects]
