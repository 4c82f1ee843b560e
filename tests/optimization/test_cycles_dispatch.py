"""The dispatcher: due sites are claimed once, each gets its next time and one cycle, paused
and offline sites are skipped, a site with a cycle under way gets no second, two
dispatchers at once never claim the same site (PostgreSQL), and a cycle whose worker died
is handed out again. And the scheduler's interval: the plan's, or the setting's."""

from __future__ import annotations

import ipaddress
import threading
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone

from code24 import net
from code24.accounts.models import Account, Plan
from optimization import fetchers, services, tasks
from optimization.models import OptimizationCycle
from sites.addresses import site_address
from sites.models import Site
from tests.factories import make_account, make_site

Cycle = OptimizationCycle


def due_site(account: Account, **fields: Any) -> Site:
    site = make_site(account)
    Site.objects.filter(pk=site.pk).update(
        status=fields.pop("status", Site.Status.LIVE),
        next_optimization_at=fields.pop("next_optimization_at", timezone.now()),
        **fields,
    )
    site.refresh_from_db()
    return site


@pytest.mark.django_db
def test_due_sites_get_one_cycle_each_and_their_next_time(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.OPTIMIZATION_INTERVAL_SECONDS = 0  # the plan's interval
    sent: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(
        tasks.cycle_run, "apply_async", lambda args, **options: sent.append((args, options))
    )
    account = make_account(plan=Plan.PROFESSIONAL)
    due = [due_site(account) for _ in range(3)]
    later = due_site(account, next_optimization_at=timezone.now() + timedelta(hours=1))
    paused = due_site(account, improvements_paused=True)
    offline = due_site(account, status=Site.Status.OFFLINE)
    building = due_site(account, status=Site.Status.BUILDING)
    busy = due_site(account)
    services.cycle_create(site=busy, via="schedule")  # still queued

    before = timezone.now()
    assert tasks.cycles_dispatch() == 3

    created = Cycle.objects.filter(requested_via="schedule").exclude(site=busy)
    assert sorted(c.site_id for c in created) == sorted(s.pk for s in due)
    assert all(c.number == 1 and c.status == "queued" for c in created)
    assert sorted(args[0] for args, _ in sent) == sorted(c.pk for c in created)
    assert all(options["expires"] > 0 for _, options in sent)
    interval = account.entitlements.optimization_interval
    for site in [*due, busy]:
        site.refresh_from_db()
        assert site.next_optimization_at is not None
        assert before + interval * 0.94 < site.next_optimization_at < before + interval * 1.06
    assert Cycle.objects.filter(site=busy).count() == 1  # no second one
    for site in (later, paused, offline, building):
        assert not site.cycles.exists()
    # A second tick right after finds nothing due.
    sent.clear()
    assert tasks.cycles_dispatch() == 0 and sent == []


@pytest.mark.django_db
def test_the_interval_is_the_plans_unless_the_setting_says_otherwise(settings: Any) -> None:
    site = make_site(make_account(plan=Plan.BASIC))
    now = timezone.now()
    settings.OPTIMIZATION_INTERVAL_SECONDS = 0
    plan = site.account.entitlements.optimization_interval
    times = [services.next_cycle_at(site, now=now) - now for _ in range(50)]
    assert all(plan * 0.95 <= t <= plan * 1.05 for t in times)
    assert len(set(times)) > 1  # jittered
    settings.OPTIMIZATION_INTERVAL_SECONDS = 300
    assert services.cycle_interval(site) == timedelta(seconds=300)


@pytest.mark.django_db
def test_cycle_numbers_follow_on_per_site() -> None:
    account = make_account()
    one, two = make_site(account), make_site(account)
    assert [services.cycle_create(site=one, via="t").number for _ in range(3)] == [1, 2, 3]
    assert services.cycle_create(site=two, via="t").number == 1


@pytest.mark.django_db
def test_a_cycle_whose_worker_died_is_handed_out_again(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[int] = []
    monkeypatch.setattr(tasks.cycle_run, "apply_async", lambda args, **o: sent.append(args[0]))
    site = make_site(make_account())
    dead = services.cycle_create(site=site, via="schedule")
    now = timezone.now()
    Cycle.objects.filter(pk=dead.pk).update(
        status="running", started_at=now, lease_until=now - timedelta(minutes=5)
    )
    other = make_site(make_account())
    alive = services.cycle_create(site=other, via="schedule")
    Cycle.objects.filter(pk=alive.pk).update(
        status="running", started_at=now, lease_until=now + timedelta(minutes=5)
    )
    tasks.cycles_dispatch()
    assert sent == [dead.pk]


@pytest.mark.django_db
def test_the_local_fetcher_allows_loopback_only_for_the_sites_own_hostnames(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.CLOUDFLARE_API_TOKEN = ""
    site = make_site(make_account())
    asked: list[tuple[str, dict[str, Any]]] = []

    def recording(url: str, **options: Any) -> Any:
        asked.append((url, options))
        raise net.FetchFailed("not fetched in this test")

    monkeypatch.setattr(net, "fetch", recording)
    fetch = fetchers.site_fetcher(site)
    edge = site_address(site)  # http://<slug>.code24.localhost:<edge port>
    for url in (
        f"{edge}/",
        "http://127.0.0.1:5432/",
        "http://x.localhost/",
        f"http://{site.hostname}:5432/",  # its name, another port: another service
    ):
        with pytest.raises(net.FetchFailed):
            fetch(url)
    own, literal, other, other_port = (options for _, options in asked)
    policy = own["allow_address"]
    assert policy(ipaddress.ip_address("127.0.0.1")) and own["max_redirects"] == 0
    assert not policy(ipaddress.ip_address("10.0.0.1"))
    for options in (literal, other, other_port):
        assert "allow_address" not in options
    settings.CLOUDFLARE_API_TOKEN = "a-real-token"
    assert fetchers.site_fetcher(site) is recording


SITES = 300


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_dispatchers_at_once_never_claim_the_same_site(settings: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "Row locks (SELECT … FOR UPDATE SKIP LOCKED) are PostgreSQL's; SQLite runs one "
            "writing transaction at a time. CI runs this on PostgreSQL (DATABASE_URL)."
        )
    account = make_account(plan=Plan.PROFESSIONAL)
    now = timezone.now()
    Site.objects.bulk_create(
        [
            Site(
                account=account,
                name=f"Site {i}",
                slug=f"due-{i}",
                status=Site.Status.LIVE,
                next_optimization_at=now - timedelta(seconds=i),
            )
            for i in range(SITES)
        ]
    )
    start = threading.Barrier(2)
    claimed: list[list[int]] = [[], []]
    errors: list[BaseException] = []

    def dispatcher(slot: int) -> None:
        try:
            start.wait()
            for _ in range(40):  # small batches, many ticks: the claims interleave
                tick = services.cycles_dispatch_claim(limit=10)
                claimed[slot] += tick.cycles
                if not tick.sites:
                    break
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=dispatcher, args=(slot,)) for slot in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    first, second = (
        set(Cycle.objects.filter(pk__in=c).values_list("site_id", flat=True)) for c in claimed
    )
    assert first and second, "both dispatchers claimed sites"
    assert first.isdisjoint(second)
    assert len(first) + len(second) == SITES
    assert Cycle.objects.count() == SITES  # one cycle per site, none twice
