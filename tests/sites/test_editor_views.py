"""The editor's views and API as a customer and an integrator meet them: who may do what,
another account's site is a 404 everywhere, an edit made meanwhile by someone else is
never silently overwritten, an unreadable colour is refused with its ratio and a better
one, and bad input is a sentence, never a 500.

The site is a live site with a real generated spec (the built-in writer's), made without
the pipeline: these tests are about what the views decide. Publishing is recorded, not
run (``queued``); test_editor_edge.py publishes for real.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from code24.accounts.models import Account, User
from code24.ai import builtin
from code24.ai.schemas import Brief
from sites import drafts
from sites.models import Site, SiteEdit, SiteVersion
from tests.factories import BRIEF, make_site
from tests.sites.site_fixtures import XSS, client_for, text

pytestmark = pytest.mark.usefixtures("site_files", "queued")


def spec_for(brief: dict[str, Any]) -> dict[str, Any]:
    b = Brief.model_validate(brief)
    context: dict[str, Any] = {}
    research = builtin.market_research(b, context)
    context["market_research"] = research.model_dump(mode="json")
    brand = builtin.brand(b, context)
    context["brand"] = brand.model_dump(mode="json")
    design = builtin.design(b, context)
    context["design"] = design.model_dump(mode="json")
    content = builtin.content(b, context)
    return {
        "brief": b.model_dump(mode="json"),
        "brand": context["brand"],
        "design": context["design"],
        "content": content.model_dump(mode="json"),
        "year": 2026,
        "photos": [],
    }


def live(account: Account) -> Site:
    site = make_site(account, status="live", brief=BRIEF)
    version = SiteVersion.objects.create(
        site=site,
        number=1,
        spec=spec_for(BRIEF),
        manifest={},
        content_hash="0" * 64,
        made_by="test",
    )
    Site.objects.filter(pk=site.pk).update(current_version=version)
    site.refresh_from_db()
    return site


@pytest.fixture
def site(alice_account: Account) -> Site:
    return live(alice_account)


def editor_urls(site: Site) -> list[tuple[str, str]]:
    """Every editor view and endpoint: (method, url)."""
    return [
        ("get", reverse("editor_home", args=[site.pk])),
        ("post", reverse("editor_pages", args=[site.pk])),
        ("get", reverse("editor_page", args=[site.pk, "index"])),
        ("post", reverse("editor_page", args=[site.pk, "index"])),
        ("get", reverse("editor_facts", args=[site.pk])),
        ("post", reverse("editor_facts", args=[site.pk])),
        ("get", reverse("editor_brand", args=[site.pk])),
        ("post", reverse("editor_brand", args=[site.pk])),
        ("post", reverse("editor_logo", args=[site.pk])),
        ("get", reverse("editor_photos", args=[site.pk])),
        ("post", reverse("editor_photos", args=[site.pk])),
        ("post", reverse("editor_photo", args=[site.pk, "some-photo-1a2b3c4d"])),
        ("post", reverse("editor_publish", args=[site.pk])),
        ("post", reverse("editor_discard", args=[site.pk])),
        ("post", reverse("editor_proposal", args=[site.pk, 1])),
        ("get", reverse("draft_preview", args=[site.pk, ""])),
        ("get", reverse("draft_preview", args=[site.pk, "photos/x-480-0123456789.webp"])),
        ("get", f"/api/v1/sites/{site.pk}/draft"),
        ("patch", f"/api/v1/sites/{site.pk}/draft"),
        ("delete", f"/api/v1/sites/{site.pk}/draft"),
        ("get", f"/api/v1/sites/{site.pk}/facts"),
        ("patch", f"/api/v1/sites/{site.pk}/facts"),
        ("post", f"/api/v1/sites/{site.pk}/photos"),
        ("post", f"/api/v1/sites/{site.pk}/publish"),
    ]


def test_every_editor_view_and_endpoint_is_a_404_for_another_accounts_site(
    site: Site, bob: User, bob_account: Account
) -> None:
    other = client_for(bob)
    for method, url in editor_urls(site):
        kwargs: dict[str, Any] = {}
        if url.endswith("/photos") and url.startswith("/api/"):
            kwargs = {"data": {"file": SimpleUploadedFile("a.jpg", b"not read")}}
        if method == "patch":
            kwargs = {
                "data": json.dumps({"changes": {"page:index:h1": "Mine"}}),
                "content_type": "application/json",
            }
        answer = getattr(other, method)(url, **kwargs)
        assert answer.status_code == 404, (method, url, answer.status_code)
    assert not SiteEdit.objects.exists()


def test_a_member_edits_the_draft_but_only_owners_and_admins_publish_or_discard(
    site: Site, carol: User, dave: User
) -> None:
    member = client_for(carol)
    answer = member.patch(
        f"/api/v1/sites/{site.pk}/draft",
        data=json.dumps({"changes": {"page:index:h1": "Carol's headline"}}),
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["changes"] == ["Changed the headline of the home page"]
    assert member.post(reverse("editor_publish", args=[site.pk])).status_code == 403
    assert member.post(reverse("editor_discard", args=[site.pk])).status_code == 403
    assert member.post(f"/api/v1/sites/{site.pk}/publish").status_code == 403
    page = text(member.get(reverse("editor_home", args=[site.pk])))
    assert "An owner or admin of the workspace publishes the draft." in page
    assert "Carol" not in page or "carol@example.com" in page  # who made the change
    admin = client_for(dave)
    assert admin.post(reverse("editor_publish", args=[site.pk])).status_code == 302
    assert admin.get(reverse("editor_home", args=[site.pk])).status_code == 200


def test_two_people_editing_the_same_headline_the_second_is_told_and_loses_nothing(
    site: Site, alice_client: Client, dave: User
) -> None:
    url = reverse("editor_page", args=[site.pk, "index"])
    from tests.sites.test_editor_edge import form_values

    def form(client: Client) -> dict[str, str]:
        html = client.get(url).content.decode()
        return form_values(html[html.index('<form method="post" action="/sites/') :])

    admin = client_for(dave)
    alices, daves = form(alice_client), form(admin)  # two tabs, two people
    daves["h1"] = "Dave's headline"
    assert admin.post(url, daves).status_code == 302
    alices["h1"] = "Alice's headline"
    alices["meta_title"] = "Harbour Dental, Portsmouth"  # not touched by Dave: saved
    answer = alice_client.post(url, alices)
    assert answer.status_code == 409
    page = text(answer)
    assert "Someone else saved a change while you were editing" in page
    assert "the headline of the home page was changed by dave@example.com" in page
    assert "Alice's headline" in page  # what she typed is shown back, not lost
    draft = drafts.draft_spec(site)
    home = next(p for p in draft["content"]["pages"] if p["slug"] == "index")
    assert home["h1"] == "Dave's headline"
    assert home["meta_title"] == "Harbour Dental, Portsmouth"

    # The API says the same, as a 409 "edit_conflict".
    stale = json.loads(alice_client.get(f"/api/v1/sites/{site.pk}/draft").content)["seen"]
    admin.patch(
        f"/api/v1/sites/{site.pk}/draft",
        data=json.dumps({"changes": {"page:index:h1": "Dave again"}}),
        content_type="application/json",
    )
    answer = alice_client.patch(
        f"/api/v1/sites/{site.pk}/draft",
        data=json.dumps({"changes": {"page:index:h1": "Alice again"}, "seen": stale}),
        content_type="application/json",
    )
    assert answer.status_code == 409
    assert answer.json()["error"]["code"] == "edit_conflict"
    assert "dave@example.com" in answer.json()["error"]["message"]


def test_an_unreadable_colour_is_refused_with_its_ratio_and_a_colour_that_passes(
    site: Site, alice_client: Client
) -> None:
    url = reverse("editor_brand", args=[site.pk])
    from tests.sites.test_editor_edge import form_values

    html = alice_client.get(url).content.decode()
    values = form_values(html[html.index(f'action="{url}"') - 20 :])
    values["text"] = "#b0b0b0"  # light grey text on a light background
    answer = alice_client.post(url, values)
    assert answer.status_code == 400
    page = text(answer)
    assert "#b0b0b0 on" in page and ":1, and WCAG AA needs 4.5:1" in page
    assert "Try #" in page
    assert not SiteEdit.objects.exists()  # nothing saved

    # The API refuses it too, with the same sentence.
    palette = {**site.current_version.spec["brand"]["palette"], "text": "#b0b0b0"}  # type: ignore[union-attr]
    answer = alice_client.patch(
        f"/api/v1/sites/{site.pk}/draft",
        data=json.dumps({"changes": {"brand:palette": palette}}),
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert "WCAG AA needs 4.5:1" in answer.json()["error"]["message"]


def test_customer_text_is_escaped_in_the_draft_preview_and_the_editor(
    site: Site, alice_client: Client
) -> None:
    saved = alice_client.patch(
        f"/api/v1/sites/{site.pk}/draft",
        data=json.dumps({"changes": {"page:index:h1": XSS, "brand:tagline": XSS}}),
        content_type="application/json",
    )
    assert saved.status_code == 200
    preview = alice_client.get(reverse("draft_preview", args=[site.pk, ""])).content.decode()
    assert XSS not in preview and "&lt;script&gt;" in preview
    editor = alice_client.get(reverse("editor_page", args=[site.pk, "index"])).content.decode()
    assert XSS not in editor


def test_bad_input_is_a_sentence_and_nothing_stored_is_lost(
    site: Site, alice_client: Client
) -> None:
    drafts.edit_save(site=site, user=None, changes={"page:index:h1": "Kept"}, seen={})
    for changes, sentence in (
        ({"page:index:nothing": "x"}, "is not something that can be edited"),
        ({"page:index:h1": ""}, "The headline of the home page can't be empty."),
        ({"page:index:meta_title": "x" * 71}, "The title of the home page can have at most 70"),
        (
            {"facts:hours": [{"days": ["mon"], "opens": "25:00", "closes": "18:00"}]},
            "The opening hours needs a 24-hour time like 07:30.",
        ),
    ):
        answer = alice_client.patch(
            f"/api/v1/sites/{site.pk}/draft",
            data=json.dumps({"changes": changes}),
            content_type="application/json",
        )
        assert answer.status_code == 400, (changes, answer.content)
        assert answer.json()["error"]["message"], changes
        assert sentence in answer.json()["error"]["message"]
    assert drafts.draft_spec(site)["content"]["pages"][0]["h1"] == "Kept"
    answer = alice_client.post(f"/api/v1/sites/{site.pk}/publish")
    assert answer.status_code == 202  # publishing the one good edit
    empty = alice_client.post(reverse("editor_page", args=[site.pk, "no-such-page"]))
    assert empty.status_code == 404


def test_a_site_with_no_published_version_has_no_editor_yet(
    alice_account: Account, alice_client: Client
) -> None:
    building = make_site(alice_account, status="building", brief=BRIEF)
    owner = alice_client
    assert owner.get(reverse("editor_home", args=[building.pk])).status_code == 404
    answer = owner.get(f"/api/v1/sites/{building.pk}/draft")
    assert answer.status_code == 409 and "no published version" in answer.json()["error"]["message"]


def test_the_editor_pages_answer_with_the_draft_and_its_changes(
    site: Site, alice_client: Client
) -> None:
    for name in ("editor_home", "editor_facts", "editor_brand", "editor_photos"):
        answer = alice_client.get(reverse(name, args=[site.pk]))
        assert answer.status_code == 200, name
        assert "No unpublished changes" in text(answer)
    drafts.edit_save(site=site, user=None, changes={"facts:founded": 1998}, seen={})
    page = text(alice_client.get(reverse("editor_home", args=[site.pk])))
    assert "Draft: 1 change not published yet" in page
    assert "The year you started" in page


@pytest.mark.parametrize(
    ("name", "body", "sentence"),
    [
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>', "SVG"),
        ("holiday.jpg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "SVG"),
        ("notes.jpg", b"Just some text, not a photo at all.", "not an image that can be read"),
        ("menu.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
    ],
)
def test_an_upload_that_is_not_a_photo_is_refused_with_a_reason_and_nothing_is_stored(
    site: Site, alice_client: Client, name: str, body: bytes, sentence: str
) -> None:
    answer = alice_client.post(
        reverse("editor_photos", args=[site.pk]), {"photo": SimpleUploadedFile(name, body)}
    )
    assert answer.status_code == 400
    assert sentence.lower() in text(answer).lower()
    api = alice_client.post(
        f"/api/v1/sites/{site.pk}/photos", {"file": SimpleUploadedFile(name, body)}
    )
    assert api.status_code == 400 and api.json()["error"]["code"] == "invalid_photo"
    assert not SiteEdit.objects.exists()


def test_an_upload_over_the_size_limit_is_refused_before_it_is_read(
    site: Site, alice_client: Client, settings: Any
) -> None:
    settings.PHOTO_MAX_BYTES = 1000
    answer = alice_client.post(
        reverse("editor_photos", args=[site.pk]),
        {"photo": SimpleUploadedFile("big.jpg", b"\xff\xd8\xff" + b"0" * 5000)},
    )
    assert answer.status_code == 400
    assert "photos can be up to" in text(answer)
    assert not SiteEdit.objects.exists()


def test_the_editor_asks_the_database_as_often_with_many_edits_as_with_one(
    site: Site, alice_client: Client
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    spec = site.current_version.spec  # type: ignore[union-attr]

    def count(name: str, *args: Any) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert alice_client.get(reverse(name, args=[site.pk, *args])).status_code == 200
        # The session's own writes come and go with its expiry, not with the data.
        return sum(
            1
            for query in queries.captured_queries
            if "django_session" not in query["sql"] and "SAVEPOINT" not in query["sql"]
        )

    drafts.edit_save(site=site, user=None, changes={"page:index:h1": "One"}, seen={})
    few = {name: count(name) for name in ("editor_home", "editor_facts", "editor_brand")}
    few["page"] = count("editor_page", "index")
    many = {
        f"page:{page['slug']}:meta_title": f"{page['slug']} title"[:60]
        for page in spec["content"]["pages"]
    }
    many.update({f"nav:{page['slug']}": page["slug"][:40] for page in spec["design"]["pages"]})
    drafts.edit_save(site=site, user=None, changes=many, seen={})
    assert SiteEdit.objects.filter(draft=True).count() > 10
    more = {name: count(name) for name in ("editor_home", "editor_facts", "editor_brand")}
    more["page"] = count("editor_page", "index")
    assert more == few


def test_restoring_a_version_from_before_an_edit_lets_a_rebuild_write_there_again(
    site: Site, alice: User
) -> None:
    from sites import services

    before = site.current_version
    assert before is not None
    SiteEdit.objects.create(site=site, path="page:index:h1", draft=False, value="Mine", base="x")
    SiteEdit.objects.create(
        site=site, path="pages", draft=False, value={"added": {"extra": {}}, "removed": []}
    )
    newer = SiteVersion.objects.create(
        site=site, number=2, spec=before.spec, manifest={}, content_hash="1" * 64, made_by="t"
    )
    SiteVersion.objects.filter(pk=before.pk).update(deployed_at=before.created_at)
    Site.objects.filter(pk=site.pk).update(current_version=newer)
    site.refresh_from_db()
    services.site_restore(site=site, version=SiteVersion.objects.get(pk=before.pk))
    assert not SiteEdit.objects.filter(draft=False).exists()


def test_the_previews_point_every_size_of_a_photo_at_the_preview() -> None:
    from sites.preview import preview_rewrite

    page = (
        b'<picture><source type="image/avif" srcset="/photos/a-480-0123456789.avif 480w, '
        b'/photos/a-960-0123456789.avif 960w"><img src="/photos/a-480-0123456789.webp" '
        b'srcset="/photos/a-480-0123456789.webp 480w" alt="A loaf"></picture>'
    )
    shown = preview_rewrite(page, "text/html", "/sites/2/draft/", "http://x.example").decode()
    assert '"/photos/' not in shown and ", /photos/" not in shown
    assert "/sites/2/draft/photos/a-960-0123456789.avif 960w" in shown
