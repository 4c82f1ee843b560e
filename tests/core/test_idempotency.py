"""`Idempotency-Key` on the API's POSTs (code24/idempotency/): a retry gets the first
answer again instead of making a second site; misuse of a key is a 409 with a sentence."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from code24.accounts.models import Account, Plan
from code24.celery import app as celery_app
from code24.idempotency import services
from code24.idempotency.models import IdempotencyKey
from code24.idempotency.tasks import idempotency_keys_expire
from sites import services as site_services
from sites.models import Site
from tests.factories import ORIGINAL_EXAMPLE, make_api_key, make_site, make_version
from tests.sites.site_fixtures import Recorder, on_plan, queued, site_files

__all__ = ["queued", "site_files"]
pytestmark = pytest.mark.usefixtures("site_files", "queued")


@pytest.fixture
def pro(alice_account: Account) -> Account:
    return on_plan(alice_account, Plan.PROFESSIONAL)


def key_client(account: Account) -> Client:
    _, raw = make_api_key(account)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.fixture
def api(pro: Account) -> Client:
    return key_client(pro)


def post(client: Client, url: str, body: Any, key: str | None = "key-1", **extra: Any) -> Any:
    if key is not None:
        extra["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(url, data=json.dumps(body), content_type="application/json", **extra)


def test_a_retried_trigger_gets_the_first_answer_and_makes_one_site(
    api: Client, pro: Account, queued: Recorder
) -> None:
    first = post(api, "/trigger/build", ORIGINAL_EXAMPLE)
    # The same JSON written another way (keys in another order) is the same body.
    again = post(api, "/trigger/build", dict(reversed(ORIGINAL_EXAMPLE.items())))

    assert first.status_code == again.status_code == 202
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Site.objects.filter(account=pro).count() == 1
    assert len(queued.named("build_run")) == 1


def test_without_a_key_each_post_acts(api: Client, pro: Account) -> None:
    post(api, "/trigger/build", ORIGINAL_EXAMPLE, key=None)
    post(api, "/trigger/build", ORIGINAL_EXAMPLE, key=None)

    assert sorted(Site.objects.filter(account=pro).values_list("slug", flat=True)) == [
        "yourcompany",
        "yourcompany-2",
    ]


def test_the_same_key_with_another_body_is_409(api: Client, pro: Account) -> None:
    post(api, "/api/v1/builds", ORIGINAL_EXAMPLE)

    response = post(api, "/api/v1/builds", {**ORIGINAL_EXAMPLE, "name": "OtherCompany"})

    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "idempotency_key_reused"
    assert "different body" in error["message"]
    assert Site.objects.filter(account=pro).count() == 1


def test_the_same_key_on_another_endpoint_is_409(api: Client, pro: Account) -> None:
    post(api, "/api/v1/builds", ORIGINAL_EXAMPLE)

    response = post(api, "/trigger/build", ORIGINAL_EXAMPLE)

    assert response.status_code == 409
    assert "first used for POST /api/v1/builds" in response.json()["error"]["message"]
    assert Site.objects.filter(account=pro).count() == 1


def test_keys_belong_to_one_account(api: Client, pro: Account, bob_account: Account) -> None:
    bob = key_client(on_plan(bob_account, Plan.PROFESSIONAL))

    mine = post(api, "/trigger/build", ORIGINAL_EXAMPLE)
    his = post(bob, "/trigger/build", ORIGINAL_EXAMPLE)

    assert his.status_code == 202
    assert "Idempotent-Replayed" not in his
    assert his.json()["siteId"] != mine.json()["siteId"]
    assert Site.objects.get(pk=his.json()["siteId"]).account_id == bob_account.pk


def test_a_dashboard_session_is_scoped_to_its_account(alice_client: Client, pro: Account) -> None:
    first = post(alice_client, "/api/v1/builds", ORIGINAL_EXAMPLE)
    again = post(alice_client, "/api/v1/builds", ORIGINAL_EXAMPLE)

    assert again.json() == first.json()
    assert IdempotencyKey.objects.get().account_id == pro.pk


def test_a_request_still_running_with_the_key_is_409(api: Client, pro: Account) -> None:
    first = post(api, "/trigger/build", ORIGINAL_EXAMPLE, key="running")
    IdempotencyKey.objects.filter(key="running").update(status_code=None, response_body="")

    response = post(api, "/trigger/build", ORIGINAL_EXAMPLE, key="running")

    assert first.status_code == 202
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "idempotency_key_in_use"
    assert "still running" in error["message"]


def test_a_first_request_that_never_answered_says_so(api: Client, pro: Account) -> None:
    post(api, "/trigger/build", ORIGINAL_EXAMPLE, key="lost")
    IdempotencyKey.objects.filter(key="lost").update(
        status_code=None, created_at=timezone.now() - timedelta(minutes=5)
    )

    response = post(api, "/trigger/build", ORIGINAL_EXAMPLE, key="lost")

    assert response.status_code == 409
    assert "interrupted" in response.json()["error"]["message"]
    assert Site.objects.filter(account=pro).count() == 1


def test_an_invalid_request_is_not_remembered(api: Client, pro: Account) -> None:
    """As Stripe: a request refused before the endpoint started work may be fixed and sent
    again with the same key."""
    invalid = post(api, "/api/v1/builds", {**ORIGINAL_EXAMPLE, "businessType": "moon"})
    fixed = post(api, "/api/v1/builds", ORIGINAL_EXAMPLE)

    assert invalid.status_code == 422
    assert fixed.status_code == 202
    assert "Idempotent-Replayed" not in fixed


def test_a_refusal_after_the_work_started_is_kept(api: Client, pro: Account) -> None:
    for n in range(pro.plan.max_sites):
        make_site(pro, name=f"Site {n}")
    refused = post(api, "/api/v1/builds", ORIGINAL_EXAMPLE)
    Site.objects.filter(account=pro).first().delete()  # type: ignore[union-attr]

    again = post(api, "/api/v1/builds", ORIGINAL_EXAMPLE)

    assert refused.status_code == again.status_code == 403
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == refused.json()


def test_a_server_error_is_kept_so_a_retry_does_not_act_twice(
    api: Client, pro: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug cannot be produced on purpose, so site_create is made to fail after it would
    have done its work: what a 500 did is unknown, so the retry must not act again."""
    calls = []

    def failing(**kwargs: Any) -> Any:
        calls.append(kwargs)
        raise RuntimeError("a bug")

    monkeypatch.setattr(site_services, "site_create", failing)
    client = key_client(pro)
    client.raise_request_exception = False

    first = post(client, "/api/v1/builds", ORIGINAL_EXAMPLE)
    again = post(client, "/api/v1/builds", ORIGINAL_EXAMPLE)

    assert first.status_code == again.status_code == 500
    assert again["Idempotent-Replayed"] == "true"
    assert "failed on our side" in again.json()["error"]["message"]
    assert len(calls) == 1


def test_restore_is_idempotent_too(api: Client, pro: Account, queued: Recorder) -> None:
    site = make_site(pro, status="live")
    first = make_version(site)
    make_version(site)
    url = f"/api/v1/sites/{site.pk}/restore"

    responses = [post(api, url, {"version_id": first.pk}) for _ in range(2)]

    assert [r.status_code for r in responses] == [202, 202]
    assert queued.named("version_publish") == [(first.pk,)]


@pytest.mark.parametrize("key", ["", "   ", "x" * 256, "café", "tab\there"])
def test_a_malformed_key_is_400(api: Client, key: str) -> None:
    response = post(api, "/trigger/build", ORIGINAL_EXAMPLE, key=key)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_idempotency_key"
    assert "1 to 255 visible ASCII characters" in response.json()["error"]["message"]
    assert not Site.objects.exists()


def test_a_key_of_255_characters_is_fine(api: Client) -> None:
    assert post(api, "/trigger/build", ORIGINAL_EXAMPLE, key="k" * 255).status_code == 202


def test_a_key_is_forgotten_after_24_hours(api: Client, pro: Account) -> None:
    post(api, "/trigger/build", ORIGINAL_EXAMPLE, key="old")
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=24, seconds=1))

    response = post(api, "/trigger/build", {**ORIGINAL_EXAMPLE, "name": "Later"}, key="old")

    assert response.status_code == 202
    assert Site.objects.filter(account=pro).count() == 2


def test_the_hourly_cleanup_deletes_only_keys_older_than_24_hours(
    api: Client, pro: Account
) -> None:
    post(api, "/trigger/build", ORIGINAL_EXAMPLE, key="old")
    post(api, "/trigger/build", {**ORIGINAL_EXAMPLE, "name": "New"}, key="new")
    IdempotencyKey.objects.filter(key="old").update(created_at=timezone.now() - timedelta(hours=25))

    forgotten = idempotency_keys_expire.delay().get()

    assert forgotten == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]


def test_every_beat_entry_names_a_registered_task() -> None:
    celery_app.loader.import_default_modules()
    schedule = celery_app.conf.beat_schedule

    assert "code24.idempotency.tasks.idempotency_keys_expire" in {
        entry["task"] for entry in schedule.values()
    }
    assert {entry["task"] for entry in schedule.values()} <= set(celery_app.tasks)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_requests_at_once_with_one_key_start_exactly_once(alice_account: Account) -> None:
    """Both try to insert the key at the same moment; the unique constraint lets one in."""
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def begin() -> None:
        barrier.wait()
        try:
            _, started = services.idempotency_begin(
                account=alice_account, key="same", method="POST", path="/x", body_hash="h"
            )
            outcomes.append("started" if started else "replayed")
        except services.IdempotencyConflict as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=begin) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["idempotency_key_in_use", "started"]
    assert IdempotencyKey.objects.count() == 1
