"""Tenancy as an attacker probes it: every page, htmx partial and API operation that takes
an id, called with another account's ids, answers 404 and changes nothing; a role or a plan
that does not allow an action is refused the same way whether the id exists or not."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from code24.accounts.middleware import SESSION_KEY
from code24.accounts.models import Account, ApiKey, Invitation, Membership, Plan, User
from code24.api import api
from optimization.models import OptimizationCycle, Proposal, Scan
from sites.models import Build, Site, SiteEdit
from tests.factories import BRIEF, add_member, make_account, make_api_key, make_user
from tests.security.conftest import Objects, client_for, on_plan
from tests.sites.site_fixtures import Recorder

# Views with their own authentication, tested elsewhere in this package.
OWN_AUTH = {"lead_receive", "invitation_accept", "trigger_build"}
NOT_FOUND_IDS = {
    "site_id": 10**9,
    "build_id": 10**9,
    "version_id": 10**9,
    "membership_id": 10**9,
    "invitation_id": 10**9,
    "key_id": 10**9,
    "domain_id": 10**9,
    "scan_id": 10**9,
    "proposal_id": 10**9,
    "number": 10**9,
    "edit_id": 10**9,
    "slug": "index",
    "photo_id": "no-such-photo-1a2b3c4d",
}


def dashboard_urls() -> Iterator[tuple[str, list[str]]]:
    """(name, id parameters) of every dashboard URL that takes an id."""

    def walk(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if str(pattern.pattern).startswith(("admin", "auth", "api")):
                    continue
                inner = f"{pattern.namespace}:" if pattern.namespace else ""
                yield from walk(pattern.url_patterns, namespace + inner)
            else:
                yield namespace, pattern

    for namespace, pattern in walk(get_resolver().url_patterns):
        converters = list(getattr(pattern.pattern, "converters", {}))
        if pattern.name and converters and pattern.name not in OWN_AUTH:
            yield namespace + pattern.name, converters


def foreign_kwargs(params: list[str], objects: dict[str, Any]) -> dict[str, Any]:
    unknown = [p for p in params if p not in objects]
    assert not unknown, f"add a foreign object for {unknown} to this test"
    return {p: objects[p] for p in params}


@pytest.fixture
def bob_ids(bobs: Objects, pro_bob: Account) -> dict[str, Any]:
    member = add_member(pro_bob, role="member")
    invitation = Invitation.objects.create(account=pro_bob, email="zed@example.com")
    key, _ = make_api_key(pro_bob, name="Bob's key")
    return {
        "site_id": bobs.site.pk,
        "build_id": bobs.build.pk,
        "version_id": bobs.first.pk,
        "membership_id": member.pk,
        "invitation_id": invitation.pk,
        "key_id": key.pk,
        "domain_id": bobs.domain.pk,
        "scan_id": Scan.objects.create(account=pro_bob, url="https://bob.example/").pk,
        "proposal_id": Proposal.objects.create(
            site=bobs.site, kind=Proposal.Kind.FAQ, title="Do you open on Sundays?"
        ).pk,
        # a milestone, so that even its report page exists for Bob
        "number": OptimizationCycle.objects.create(
            site=bobs.site, number=10, status=OptimizationCycle.Status.DONE, milestone=True
        ).number,
        "path": "",
        # the editor: a page, a photo, a customer's edit of Bob's site
        "slug": "index",
        "photo_id": "bobs-surgery-1a2b3c4d",
        "edit_id": SiteEdit.objects.create(
            site=bobs.site, path="page:index:h1", draft=False, value="Bob's own headline"
        ).pk,
    }


def account_state(account: Account) -> tuple[Any, ...]:
    return (
        Account.objects.get(pk=account.pk).name,
        sorted(Membership.objects.filter(account=account).values_list("pk", "role")),
        sorted(Invitation.objects.filter(account=account).values_list("pk", "accepted_at")),
        sorted(ApiKey.objects.filter(account=account).values_list("pk", "revoked_at")),
    )


POST_DATA = {
    "confirm_name": "Bob Pipes",
    "role": "owner",
    "name": "Pwned",
    "hostname": "www.takeover-attempt.com",
}


def valid_body(path: str, objects: Objects) -> dict[str, Any]:
    """A body the operation accepts, so only the id decides the answer."""
    if path.endswith("/domains"):
        return {"hostname": "www.takeover-attempt.com"}
    if path.endswith("/draft"):
        return {"changes": {"page:index:h1": "Pwned"}}
    if path.endswith("/facts"):
        return {"phone": "000"}
    return {"version_id": objects.first.pk}


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_every_dashboard_url_with_an_id_is_404_for_another_account(
    alice: User,
    pro_alice: Account,
    pro_bob: Account,
    bobs: Objects,
    bob_ids: dict[str, Any],
    queued: Recorder,
    htmx: bool,
) -> None:
    client = client_for(alice)
    headers: dict[str, Any] = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    before = (bobs.state(), account_state(pro_bob))
    checked = []

    for name, params in dashboard_urls():
        url = reverse(name, kwargs=foreign_kwargs(params, bob_ids))
        # POST-only URLs answer a GET with 405 whatever the id.
        assert client.get(url, **headers).status_code in {404, 405}, url
        assert client.post(url, POST_DATA, **headers).status_code == 404, url
        checked.append(name)

    assert (bobs.state(), account_state(pro_bob)) == before
    assert queued.calls == []
    assert {"site_preview", "build_retry", "accounts:api_key_revoke"} <= set(checked)


@pytest.mark.parametrize("role", ["member", "admin"])
def test_a_refusal_by_role_does_not_tell_whether_a_foreign_id_exists(
    alice_account: Account, pro_alice: Account, bob_ids: dict[str, Any], role: str
) -> None:
    """A member gets 403 on an owner-only URL whatever the id (and 404 elsewhere): the same
    answer for Bob's object and for an id that exists nowhere, so the status leaks nothing."""
    user = add_member(pro_alice, role=role).user
    client = client_for(user)

    for name, params in dashboard_urls():
        foreign = reverse(name, kwargs=foreign_kwargs(params, bob_ids))
        missing = reverse(name, kwargs=foreign_kwargs(params, {**NOT_FOUND_IDS, "path": ""}))
        for method in ("get", "post"):
            a = getattr(client, method)(foreign, POST_DATA).status_code
            b = getattr(client, method)(missing, POST_DATA).status_code
            assert a == b, (method, name, a, b)
            assert a in {404, 403, 405}, (method, name, a)


# --- API ------------------------------------------------------------------------------


def api_operations() -> Iterator[tuple[str, str, list[str]]]:
    """(method, path, path parameters) of every API operation."""
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, spec in operations.items():
            params = [p["name"] for p in spec.get("parameters", []) if p["in"] == "path"]
            yield method, path, params


def api_call(client: Client, method: str, path: str, body: Any = None, **extra: Any) -> Any:
    if method == "get":
        return client.get(path, **extra)
    if path.endswith("/photos"):  # a multipart upload
        photo = SimpleUploadedFile("pwned.jpg", b"\xff\xd8\xff not read")
        return client.post(path, {"file": photo}, **extra)
    return client.generic(
        method.upper(), path, json.dumps(body or {}), content_type="application/json", **extra
    )


def test_every_api_operation_with_an_id_is_404_for_another_accounts_key(
    pro_alice: Account, bobs: Objects, bob_ids: dict[str, Any], queued: Recorder
) -> None:
    _, raw = make_api_key(pro_alice)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    before = bobs.state()
    checked = 0

    for method, path, params in api_operations():
        if not params:
            continue
        url = path.format(**foreign_kwargs(params, bob_ids))
        response = api_call(client, method, url, valid_body(path, bobs))
        assert response.status_code == 404, (method, url)
        assert response.json()["error"]["code"] == "not_found"
        checked += 1

    assert checked >= 3
    assert bobs.state() == before
    assert queued.calls == []


def test_every_api_operation_with_an_id_is_404_for_another_accounts_session(
    alice: User, pro_alice: Account, bobs: Objects, bob_ids: dict[str, Any], queued: Recorder
) -> None:
    client = client_for(alice)
    before = bobs.state()

    for method, path, params in api_operations():
        if not params:
            continue
        url = path.format(**foreign_kwargs(params, bob_ids))
        response = api_call(client, method, url, valid_body(path, bobs))
        assert response.status_code == 404, (method, url)

    assert bobs.state() == before


def test_a_restore_naming_another_accounts_version_is_404(
    pro_alice: Account, alices: Objects, bobs: Objects, queued: Recorder
) -> None:
    _, raw = make_api_key(pro_alice)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    response = api_call(
        client,
        "post",
        f"/api/v1/sites/{alices.site.pk}/restore",
        {"version_id": bobs.first.pk},
    )

    assert response.status_code == 404
    assert queued.calls == []


def test_lists_and_the_account_show_only_ones_own(
    pro_alice: Account, alices: Objects, bobs: Objects
) -> None:
    _, raw = make_api_key(pro_alice)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    sites = client.get("/api/v1/sites").json()
    account = client.get("/api/v1/account").json()

    assert [s["id"] for s in sites] == [alices.site.pk]
    assert account["id"] == pro_alice.pk
    assert account["usage"]["sites"] == 1


# --- A plan without the API -----------------------------------------------------------


def test_a_basic_accounts_key_can_do_nothing(
    alice_account: Account, bobs: Objects, site_files: Any, queued: Recorder
) -> None:
    """A key made while the account had the API, after a downgrade (staff can do it from
    the admin): every operation and the original trigger answer 403, and nothing is made."""
    key, raw = make_api_key(alice_account)
    assert alice_account.plan.slug == Plan.BASIC
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    mine = Site.objects.create(account=alice_account, name="Mine", slug="mine", brief=BRIEF)

    ids = {
        "site_id": mine.pk,
        "build_id": 1,
        "version_id": 1,
        "domain_id": 1,
        "scan_id": 1,
        "number": 1,
    }
    for method, path, params in api_operations():
        url = path.format(**foreign_kwargs(params, ids))
        response = api_call(client, method, url, {**BRIEF, "version_id": 1})
        assert response.status_code == 403, (method, url)
        assert response.json()["error"]["code"] == "plan_limit"
    trigger = client.post(
        reverse("trigger:trigger_build"), json.dumps(BRIEF), content_type="application/json"
    )

    assert trigger.status_code == 403
    optimize = client.post(
        reverse("trigger:trigger_optimize"),
        json.dumps({"url": "https://shop.example/"}),
        content_type="application/json",
    )
    assert optimize.status_code == 403
    assert not Scan.objects.exists()
    assert Site.objects.filter(account=alice_account).count() == 1
    assert Build.objects.count() == 1  # Bob's
    assert queued.calls == []
    key.refresh_from_db()
    assert key.last_used_at is None  # a refused key is not even marked as used


def test_a_revoked_key_is_401_everywhere(
    pro_alice: Account, queued: Recorder, settings: Any
) -> None:
    # One wrong key per operation: more than the per-address limit on wrong keys allows.
    settings.API_RATE_LIMIT_FAILED_AUTH = "1000/5m"
    key, raw = make_api_key(pro_alice)
    key.revoked_at = key.created_at
    key.save()
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    for method, path, params in api_operations():
        url = path.format(**dict.fromkeys(params, 1))
        assert api_call(client, method, url, BRIEF).status_code == 401, (method, url)
    trigger = client.post(
        reverse("trigger:trigger_build"), json.dumps(BRIEF), content_type="application/json"
    )
    assert trigger.status_code == 401


# --- Members who leave, are removed, or switch ----------------------------------------


def test_a_removed_members_session_loses_the_account_at_once(
    alice: User, pro_alice: Account, alices: Objects, queued: Recorder
) -> None:
    """Carol was removed while logged in, with Alice's account chosen in her session."""
    carol = make_user("carol@example.com")
    membership = add_member(pro_alice, carol, role="admin")
    client = client_for(carol)
    session = client.session
    session[SESSION_KEY] = pro_alice.pk
    session.save()
    site_url = reverse("site_detail", args=[alices.site.pk])
    assert client.get(site_url).status_code == 200

    client_for(alice).post(reverse("accounts:member_remove", args=[membership.pk]))

    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert client.get(site_url).status_code == 302  # no workspace left: "create one"
    assert client.get(f"/api/v1/sites/{alices.site.pk}").status_code == 401
    assert client.post(reverse("site_pause", args=[alices.site.pk])).status_code == 302
    assert client.post(reverse("accounts:switch"), {"account": pro_alice.pk}).status_code == 404
    assert alices.state()[1] == "live"


def test_a_removed_member_with_a_workspace_of_their_own_sees_only_that(
    alice: User, pro_alice: Account, alices: Objects
) -> None:
    carol = make_user("carol@example.com")
    own = on_plan(make_account(carol, name="Carol Cakes"), Plan.PROFESSIONAL)
    membership = add_member(pro_alice, carol, role="admin")
    client = client_for(carol)
    session = client.session
    session[SESSION_KEY] = pro_alice.pk
    session.save()

    membership.delete()

    assert client.get(reverse("site_detail", args=[alices.site.pk])).status_code == 404
    assert client.get(f"/api/v1/sites/{alices.site.pk}").status_code == 404
    assert client.get("/api/v1/account").json()["id"] == own.pk
    assert client.session[SESSION_KEY] == own.pk


def test_an_invitation_cannot_be_taken_by_another_user_adding_the_address_unverified(
    alice: User, alice_account: Account, bob: User
) -> None:
    """Bob got hold of Carol's link and added her address to his login, unconfirmed."""
    invitation = Invitation.objects.create(
        account=alice_account, email="carol@example.com", role="owner", invited_by=alice
    )
    bob.emailaddress_set.create(email="carol@example.com", verified=False, primary=False)  # type: ignore[attr-defined]
    client = client_for(bob)

    response = client.post(reverse("accounts:invitation_accept", args=[invitation.token]))

    assert response.status_code == 409
    assert not Membership.objects.filter(account=alice_account, user=bob).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_a_member_cannot_promote_themself_through_any_path(pro_alice: Account, carol: User) -> None:
    membership = Membership.objects.get(account=pro_alice, user=carol)
    client = client_for(carol)

    responses = [
        client.post(reverse("accounts:member_role", args=[membership.pk]), {"role": "owner"}),
        client.post(
            reverse("accounts:member_role", args=[membership.pk]),
            {"role": "owner"},
            HTTP_HX_REQUEST="true",
        ),
        client.post(reverse("accounts:members"), {"email": "me2@example.com", "role": "owner"}),
        client.post(reverse("accounts:plan"), {"plan": "enterprise"}),
        client.post(reverse("accounts:api_keys"), {"name": "mine"}),
        client.post(reverse("accounts:overview"), {"name": "Carol's now"}),
    ]

    assert [r.status_code for r in responses] == [403] * 6
    membership.refresh_from_db()
    assert membership.role == "member"
    assert pro_alice.invitations.count() == 0
    assert pro_alice.api_keys.count() == 0
    assert Account.objects.get(pk=pro_alice.pk).plan.slug == Plan.PROFESSIONAL
    assert Account.objects.get(pk=pro_alice.pk).name == "Alice Dental"
