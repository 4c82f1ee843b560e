"""The editor, end to end: each kind of edit made in the dashboard as the customer makes it,
published through the pipeline (develop, QA, deploy, go-live) to the local Cloudflare, and
checked in what its edge (workerd) serves; then kept through a rebuild and an optimization
cycle, with proposals where the writer or a cycle would change what the customer set.

The site is built by the real pipeline in the test's process with the built-in writer
(the default provider); the tasks run inline (tests/conftest.py).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from code24.accounts.models import Account, Plan, User
from code24.ai.schemas import Brief
from code24.cloudflare.local import LocalCloudflare
from code24.cloudflare.local.edge import Edge
from optimization import services as optimization_services
from optimization.models import OptimizationCycle
from sites import drafts, services
from sites.models import Build, Site, SiteEdit, SiteVersion
from tests.factories import BRIEF, make_account, make_user
from tests.sites.pipeline_fixtures import fetch

pytestmark = [pytest.mark.workerd, pytest.mark.django_db]

FACTS = {
    "offers": [
        {"name": "Check-up", "description": "A full examination", "price": "£45"},
        {"name": "Hygiene visit", "description": "Scale and polish", "price": "£60"},
    ],
    "hours": [{"days": ["mon", "tue", "wed", "thu", "fri"], "opens": "08:00", "closes": "18:00"}],
}


@pytest.fixture
def owner() -> User:
    return make_user("rosa@harbour-dental.example")


@pytest.fixture
def account(owner: User) -> Account:
    return make_account(owner, name="Harbour Dental Ltd", plan=Plan.PROFESSIONAL)


@pytest.fixture
def dashboard(owner: User, account: Account) -> Client:
    client = Client()
    client.force_login(owner)
    return client


@pytest.fixture
def site(
    cloudflare: LocalCloudflare,
    edge: Edge,
    settings: Any,
    account: Account,
    django_capture_on_commit_callbacks: Any,
) -> Site:
    settings.SITE_ADDRESS = "http://{host}:" + str(edge.port)
    with django_capture_on_commit_callbacks(execute=True):
        build = services.site_create(
            account=account,
            brief=Brief.model_validate({**BRIEF, "phone": "023 9200 4471", "facts": FACTS}),
            requested_by=None,
            via="test",
        )
    build.refresh_from_db()
    assert build.status == Build.Status.SUCCEEDED, build.error
    return Site.objects.get(pk=build.site_id)


def page_form(client: Client, site: Site, slug: str = "index") -> dict[str, str]:
    """The page's words form as the editor shows it: every field with its value."""
    html = client.get(reverse("editor_page", args=[site.pk, slug])).content.decode()
    form = html[html.index('<form method="post" action="/sites/') :]
    return form_values(form)


def form_values(html: str) -> dict[str, str]:
    import html as htmllib

    values: dict[str, str] = {}
    for match in re.finditer(r"<input\b[^>]*>", html):
        tag = match.group(0)
        name = re.search(r'name="([^"]+)"', tag)
        if not name or 'type="submit"' in tag:
            continue
        if 'type="checkbox"' in tag:
            if "checked" in tag:
                values[name.group(1)] = "on"
            continue
        value = re.search(r'value="([^"]*)"', tag)
        values[name.group(1)] = htmllib.unescape(value.group(1)) if value else ""
    for match in re.finditer(
        r"<textarea\b[^>]*name=\"([^\"]+)\"[^>]*>(.*?)</textarea>", html, re.S
    ):
        values[match.group(1)] = htmllib.unescape(match.group(2).lstrip("\n"))
    for match in re.finditer(r"<select\b[^>]*name=\"([^\"]+)\"[^>]*>(.*?)</select>", html, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', match.group(2))
        values[match.group(1)] = htmllib.unescape(chosen.group(1)) if chosen else ""
    return values


def publish(client: Client, site: Site, capture: Any) -> SiteVersion:
    with capture(execute=True):
        answer = client.post(reverse("editor_publish", args=[site.pk]))
    assert answer.status_code == 302, answer.content[:500]
    build = Build.objects.filter(site=site, kind=Build.Kind.EDIT).latest("created_at")
    assert build.status == Build.Status.SUCCEEDED, build.error
    version = SiteVersion.objects.get(build=build)
    site.refresh_from_db()
    assert site.current_version == version
    return version


def served(edge: Edge, site: Site, path: str = "/") -> str:
    answer = fetch(edge, site.hostname, path)
    assert answer.status_code == 200, answer.text[:300]
    return answer.text


def test_a_headline_edit_reaches_the_live_site_and_the_version_says_what_changed(
    site: Site, edge: Edge, dashboard: Client, django_capture_on_commit_callbacks: Any
) -> None:
    before = site.current_version
    assert before is not None
    old_h1 = next(p for p in before.spec["content"]["pages"] if p["slug"] == "index")["h1"]
    assert old_h1 in served(edge, site)

    values = page_form(dashboard, site)
    values["h1"] = "Gentle dentistry for the whole family"
    saved = dashboard.post(reverse("editor_page", args=[site.pk, "index"]), values)
    assert saved.status_code == 302
    # The draft's preview shows it; the live site does not yet.
    preview = dashboard.get(reverse("draft_preview", args=[site.pk, ""])).content.decode()
    assert "Gentle dentistry for the whole family" in preview
    assert "Gentle dentistry" not in served(edge, site)

    version = publish(dashboard, site, django_capture_on_commit_callbacks)

    live = served(edge, site)
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", live, re.S)
    assert h1 is not None and "Gentle dentistry for the whole family" in h1.group(1)
    assert old_h1 not in h1.group(1)
    assert version.changes == ["Changed the headline of the home page"]
    edit = SiteEdit.objects.get(site=site, path="page:index:h1")
    assert (edit.draft, edit.value, edit.base) == (
        False,
        "Gentle dentistry for the whole family",
        old_h1,
    )
    assert not SiteEdit.objects.filter(site=site, draft=True).exists()
    page = dashboard.get(reverse("site_detail", args=[site.pk])).content.decode()
    assert "Changed the headline of the home page" in page


def test_a_price_and_the_hours_edited_in_the_facts_reach_every_page_that_says_them(
    site: Site, edge: Edge, dashboard: Client, django_capture_on_commit_callbacks: Any
) -> None:
    pages = [p for p in site.current_version.spec["content"]["pages"]]  # type: ignore[union-attr]
    with_price = [
        ("/" if p["slug"] == "index" else f"/{p['slug']}")
        for p in pages
        if "£45" in json.dumps(p, ensure_ascii=False)
    ]
    assert with_price, "the built site names the check-up's price somewhere"
    html = dashboard.get(reverse("editor_facts", args=[site.pk])).content.decode()
    values = form_values(html)
    assert values["offers-0-price"] == "£45"
    values["offers-0-price"] = "£49"
    values["sat_opens"], values["sat_closes"] = "09:00", "13:00"
    saved = dashboard.post(reverse("editor_facts", args=[site.pk]), values)
    assert saved.status_code == 302, saved.content.decode()[:2000]

    version = publish(dashboard, site, django_capture_on_commit_callbacks)

    assert version.spec["brief"]["facts"]["offers"][0]["price"] == "£49"
    for path in with_price:
        live = served(edge, site, path)
        assert "£49" in live and "£45" not in live, path
    home = served(edge, site)
    assert "09:00\u201313:00" in home  # the footer's hours
    assert '"dayOfWeek":["https://schema.org/Saturday"]' in home
    site.refresh_from_db()
    assert site.brief["facts"]["offers"][0]["price"] == "£49"  # a rebuild writes from it
    assert set(version.changes) == {
        "Changed what you offer and your prices",
        "Changed the opening hours",
    }


def test_edits_survive_a_rebuild_and_a_new_writer_text_is_proposed_not_applied(
    site: Site, edge: Edge, dashboard: Client, django_capture_on_commit_callbacks: Any
) -> None:
    values = page_form(dashboard, site)
    values["h1"] = "Gentle dentistry for the whole family"
    dashboard.post(reverse("editor_page", args=[site.pk, "index"]), values)
    publish(dashboard, site, django_capture_on_commit_callbacks)

    # The facts change so that the writer's headline changes too ("... since 1998").
    facts = form_values(dashboard.get(reverse("editor_facts", args=[site.pk])).content.decode())
    facts["founded"] = "1998"
    assert dashboard.post(reverse("editor_facts", args=[site.pk]), facts).status_code == 302
    publish(dashboard, site, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        rebuild = services.site_rebuild(site=site, requested_by=None, via="test")
    rebuild.refresh_from_db()
    assert rebuild.status == Build.Status.SUCCEEDED, rebuild.error

    live = served(edge, site)
    assert "Gentle dentistry for the whole family" in live  # kept through the rebuild
    edit = SiteEdit.objects.get(site=site, path="page:index:h1", draft=False)
    proposed = str(edit.proposed_value)
    assert edit.has_proposal and "1998" in proposed
    assert edit.proposed_by == "The writer, in a rebuild"
    editor = dashboard.get(reverse("editor_home", args=[site.pk])).content.decode()
    assert "Suggestions for what you wrote" in editor and proposed in editor

    # Dismissed: kept as it is, and not proposed again by the next rebuild.
    answer = dashboard.post(
        reverse("editor_proposal", args=[site.pk, edit.pk]), {"decision": "dismiss"}
    )
    assert answer.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        services.site_rebuild(site=site, requested_by=None, via="test")
    edit.refresh_from_db()
    assert not edit.has_proposal
    assert "Gentle dentistry for the whole family" in served(edge, site)


def test_an_optimization_cycle_proposes_instead_of_shortening_a_title_the_customer_wrote(
    site: Site, edge: Edge, dashboard: Client, django_capture_on_commit_callbacks: Any
) -> None:
    title = "Harbour Dental: family dentistry, hygiene and whitening in Portsmouth"
    assert 60 < len(title) <= 70  # longer than a search result shows: the fixer shortens it
    values = page_form(dashboard, site)
    values["meta_title"] = title
    dashboard.post(reverse("editor_page", args=[site.pk, "index"]), values)
    version = publish(dashboard, site, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        cycle = optimization_services.cycle_request(site=site, via="test")
    cycle.refresh_from_db()

    assert cycle.status == OptimizationCycle.Status.DONE, cycle.error
    site.refresh_from_db()
    live = served(edge, site)
    assert f"<title>{title}</title>" in live.replace("&#x27;", "'")
    edit = SiteEdit.objects.get(site=site, path="page:index:meta_title", draft=False)
    assert edit.has_proposal and len(str(edit.proposed_value)) <= 60
    assert edit.proposed_by.startswith(f"Optimization cycle {cycle.number}: Shortened the title")
    assert site.current_version is not None
    assert site.current_version == version or title in json.dumps(site.current_version.spec)

    # Accepted: it goes into the draft, and a publish puts it live.
    dashboard.post(reverse("editor_proposal", args=[site.pk, edit.pk]), {"decision": "accept"})
    assert drafts.draft_spec(site)["content"]["pages"][0]["meta_title"] == edit.proposed_value
    publish(dashboard, site, django_capture_on_commit_callbacks)
    assert f"<title>{edit.proposed_value}</title>" in served(edge, site).replace("&#x27;", "'")


def test_pages_added_removed_and_reordered_and_the_menu_follows(
    site: Site, edge: Edge, dashboard: Client, django_capture_on_commit_callbacks: Any
) -> None:
    spec = site.current_version.spec  # type: ignore[union-attr]
    slugs = [p["slug"] for p in spec["design"]["pages"]]
    removable = next(s for s in slugs if s not in ("index", "contact", "privacy"))
    url = reverse("editor_pages", args=[site.pk])
    added = dashboard.post(
        url,
        {
            "action": "add",
            "title": "Our promise",
            "kind": "about",
            "text": "We explain every treatment before we start, and we never rush you.",
        },
    )
    assert added.status_code == 302, added.content.decode()[:1500]
    assert dashboard.post(url, {"action": "remove", "slug": removable}).status_code == 302
    order = [p["slug"] for p in drafts.draft_spec(site)["design"]["pages"]]
    for _ in range(order.index("our-promise") - order.index("contact")):
        assert dashboard.post(url, {"action": "up", "slug": "our-promise"}).status_code == 302
    publish(dashboard, site, django_capture_on_commit_callbacks)

    home = served(edge, site)
    assert 'href="/our-promise"' in home
    assert f'href="/{removable}"' not in home
    assert "never rush you" in served(edge, site, "/our-promise")
    assert fetch(edge, site.hostname, f"/{removable}").status_code == 404
    nav = re.findall(r'href="/([a-z0-9-]*)"', home[: home.index("</header>")])
    assert nav.index("our-promise") < nav.index("contact")


def test_discarding_the_draft_leaves_the_live_site_as_it_was(
    site: Site, edge: Edge, dashboard: Client
) -> None:
    values = page_form(dashboard, site)
    values["h1"] = "Something we will not publish"
    dashboard.post(reverse("editor_page", args=[site.pk, "index"]), values)
    assert SiteEdit.objects.filter(site=site, draft=True).count() == 1
    answer = dashboard.post(reverse("editor_discard", args=[site.pk]))
    assert answer.status_code == 302
    assert not SiteEdit.objects.filter(site=site).exists()
    assert "Something we will not publish" not in served(edge, site)
    editor = dashboard.get(reverse("editor_home", args=[site.pk])).content.decode()
    assert "No unpublished changes" in editor


def camera_jpeg() -> bytes:
    """A photo as a phone takes it: with the camera's name and a GPS position."""
    import io

    from PIL import Image

    image = Image.radial_gradient("L").resize((1800, 1200)).convert("RGB")
    exif = Image.Exif()
    exif[0x0110] = "Pocket Camera 12"  # Model
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (50.0, 47.0, 55.0), 3: "W", 4: (1.0, 5.0, 30.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88, exif=exif)
    return buffer.getvalue()


def test_a_photo_is_published_in_its_sizes_and_no_variant_carries_its_gps_position(
    site: Site, edge: Edge, dashboard: Client, django_capture_on_commit_callbacks: Any
) -> None:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    hero = "page:index:hero:0"
    answer = dashboard.post(
        reverse("editor_photos", args=[site.pk]),
        {
            "photo": SimpleUploadedFile("our-surgery.jpg", camera_jpeg(), "image/jpeg"),
            "place": hero,
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    draft = drafts.draft_spec(site)
    (photo,) = draft["photos"]
    assert (
        next(s for s in draft["content"]["pages"][0]["sections"] if s["kind"] == "hero")["photo"]
        == photo["id"]
    )
    assert "surgery" in photo["alt"].lower()

    version = publish(dashboard, site, django_capture_on_commit_callbacks)

    paths = [variant["path"] for variant in photo["variants"]]
    assert {"image/avif", "image/webp"} == {v["content_type"] for v in photo["variants"]}
    assert set(paths) <= set(version.manifest)
    for path in paths:
        got = fetch(edge, site.hostname, f"/{path}")
        assert got.status_code == 200, path
        assert got.headers["cache-control"] == "public, max-age=31536000, immutable"
        body = got.content
        assert b"Pocket Camera" not in body and b"GPS" not in body, path
        served = Image.open(io.BytesIO(body))
        assert served.getexif().get_ifd(0x8825) == {} and not served.info.get("exif"), path
    home = fetch(edge, site.hostname, "/").text
    img = re.search(r"<img\b[^>]*>", home[home.index("<main") :])
    assert img is not None, "the hero shows the photo"
    assert f'alt="{photo["alt"]}"' in img.group(0)
    assert re.search(r'width="\d+"', img.group(0)) and re.search(r'height="\d+"', img.group(0))


def test_every_kind_of_edit_survives_a_rebuild_and_an_optimization_cycle(
    site: Site,
    edge: Edge,
    dashboard: Client,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sites import generator

    # Words, a fact, the colours, a page of the customer's own and a photo.
    values = page_form(dashboard, site)
    values["h1"] = "Gentle dentistry for the whole family"
    about_body = next(k for k in values if k.endswith("_body") and values[k])
    values[about_body] = "Our own words about the practice, kept whatever the writer says."
    dashboard.post(reverse("editor_page", args=[site.pk, "index"]), values)
    facts = form_values(dashboard.get(reverse("editor_facts", args=[site.pk])).content.decode())
    facts["offers-1-price"] = "£65"
    dashboard.post(reverse("editor_facts", args=[site.pk]), facts)
    palette = {**drafts.draft_spec(site)["brand"]["palette"], "primary": "#0b5d3b"}
    saved = drafts.edit_save(site=site, user=None, changes={"brand:palette": palette}, seen={})
    assert saved.saved == ["brand:palette"]
    dashboard.post(
        reverse("editor_pages", args=[site.pk]),
        {
            "action": "add",
            "title": "Our promise",
            "kind": "about",
            "text": "We explain every treatment before we start, and we never rush you.",
        },
    )
    dashboard.post(
        reverse("editor_photos", args=[site.pk]),
        {
            "photo": SimpleUploadedFile("our-surgery.jpg", camera_jpeg()),
            "place": "page:index:hero:0",
        },
    )
    publish(dashboard, site, django_capture_on_commit_callbacks)

    def all_there() -> None:
        site.refresh_from_db()
        spec = site.current_version.spec  # type: ignore[union-attr]
        home = served(edge, site)
        assert "Gentle dentistry for the whole family" in home
        assert "Our own words about the practice" in home
        assert 'href="/our-promise"' in home and "never rush you" in served(
            edge, site, "/our-promise"
        )
        assert "£65" in json.dumps(spec["content"], ensure_ascii=False)
        assert spec["brand"]["palette"]["primary"] == "#0b5d3b"
        css = re.search(r'href="(/styles\.[0-9a-f]+\.css)"', home)
        assert css is not None and "--primary:#0b5d3b" in served(edge, site, css.group(1))
        (photo,) = spec["photos"]
        hero = next(s for s in spec["content"]["pages"][0]["sections"] if s["kind"] == "hero")
        assert hero["photo"] == photo["id"]
        for variant in photo["variants"]:
            assert fetch(edge, site.hostname, f"/{variant['path']}").status_code == 200

    all_there()
    with django_capture_on_commit_callbacks(execute=True):
        rebuild = services.site_rebuild(site=site, requested_by=None, via="test")
    rebuild.refresh_from_db()
    assert rebuild.status == Build.Status.SUCCEEDED, rebuild.error
    all_there()

    # A cycle that renders a new version (the generator moved on) keeps them too.
    monkeypatch.setattr(generator, "GENERATOR_VERSION", generator.GENERATOR_VERSION + 1)
    monkeypatch.setattr("optimization.cycles.GENERATOR_VERSION", generator.GENERATOR_VERSION)
    monkeypatch.setattr("sites.pipeline.deploy.GENERATOR_VERSION", generator.GENERATOR_VERSION)
    before = site.current_version
    with django_capture_on_commit_callbacks(execute=True):
        cycle = optimization_services.cycle_request(site=site, via="test")
    cycle.refresh_from_db()
    assert (cycle.status, cycle.outcome) == ("done", "improved"), cycle.error
    site.refresh_from_db()
    assert site.current_version != before
    all_there()
