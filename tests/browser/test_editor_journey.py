"""A customer edits their live site in real Chromium, through the real parts: change the
home page's headline, the hours and a price, add a photo (a camera JPEG with its GPS
position), watch the draft's preview follow, publish, and see it all on the live site on
the local edge (workerd), the photo's location gone from what is served.

The site is built first by the pipeline in the test's process; Publish runs in a real
Celery worker process on the configured broker (Redis in CI).
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image

from code24.accounts.models import Plan
from code24.ai.schemas import Brief
from code24.cloudflare.local import LocalCloudflare
from code24.cloudflare.local.edge import Edge
from sites import services
from sites.models import Build, Site
from tests.core.celery_processes import running_worker
from tests.factories import BRIEF, PASSWORD, make_account, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.workerd,
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL = "rosa@harbour-dental.example"
HEADLINE = "Gentle dentistry for the whole family"
FACTS = {
    "offers": [
        {"name": "Check-up", "description": "A full examination", "price": "£45"},
        {"name": "Hygiene visit", "description": "Scale and polish", "price": "£60"},
    ],
    "hours": [{"days": ["mon", "tue", "wed", "thu", "fri"], "opens": "08:00", "closes": "18:00"}],
}


def camera_jpeg(path: Path) -> Path:
    """A photo as a phone takes it (2400 by 1600), with the camera's name and a GPS position."""
    image = Image.linear_gradient("L").resize((2400, 1600)).convert("RGB")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Pocket Camera 12"  # Model
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (50.0, 47.0, 55.0), 3: "W", 4: (1.0, 5.0, 30.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88, exif=exif)
    path.write_bytes(buffer.getvalue())
    return path


def test_edit_the_headline_hours_and_a_price_add_a_photo_publish_and_see_it_live(
    page: Any,
    live_server: Any,
    cloudflare: LocalCloudflare,
    edge: Edge,
    settings: Any,
    tmp_path: Path,
) -> None:
    settings.SITE_URL = live_server.url
    settings.SITE_ADDRESS = "http://{host}:" + str(edge.port)
    customer = make_account(make_user(EMAIL), name="Harbour Dental Ltd", plan=Plan.PROFESSIONAL)
    build = services.site_create(
        account=customer,
        brief=Brief.model_validate({**BRIEF, "facts": FACTS}),
        requested_by=None,
        via="test",
    )
    build.refresh_from_db()
    assert build.status == Build.Status.SUCCEEDED, build.error
    site = Site.objects.get(pk=build.site_id)
    photo_file = camera_jpeg(tmp_path / "our-surgery.jpg")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(live_server.url + "/auth/login/")
    page.fill("input[name=login]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/dashboard/$"))

    # The headline, beside the draft's preview.
    page.goto(f"{live_server.url}/sites/{site.pk}/")
    page.get_by_role("link", name="Edit site").click()
    page.wait_for_url(re.compile(r"/edit/$"))
    page.locator(".page-row-link").first.click()
    page.wait_for_url(re.compile(r"/edit/page/index/$"))
    page.fill("#id_h1", HEADLINE)
    page.get_by_role("button", name="Save in the draft").click()
    preview = page.frame_locator("iframe[data-draft-preview]")
    preview.locator("h1", has_text=HEADLINE).wait_for()
    assert page.locator("#draft-heading").inner_text().startswith("Draft: 1 change")

    # The hours and a price, in the facts.
    page.get_by_role("link", name="Facts").click()
    page.wait_for_url(re.compile(r"/edit/facts/$"))
    assert page.input_value("#id_offers-0-price") == "£45"
    page.fill("#id_offers-0-price", "£49")
    page.fill("#id_sat_opens", "09:00")
    page.fill("#id_sat_closes", "13:00")
    page.get_by_role("button", name="Save in the draft").click()
    page.locator("#draft-heading", has_text="Draft: 3 changes").wait_for()

    # A photo, shown in the home page's hero.
    page.get_by_role("link", name="Photos").click()
    page.wait_for_url(re.compile(r"/edit/photos/$"))
    page.set_input_files("#id_photo", str(photo_file))
    hero = page.locator("#id_place option").nth(1).get_attribute("value")
    page.select_option("#id_place", hero)
    page.get_by_role("button", name="Upload").click()
    page.locator(".photo-row").first.wait_for()
    alt = page.locator(".photo-row input[name$='-alt']").first
    assert "surgery" in alt.input_value().lower()  # suggested from the file's name
    alt.fill("Our bright treatment room in Portsmouth")
    page.locator(".photo-row").get_by_role("button", name="Save").first.click()
    page.locator(".photo-row input[name$='-alt']").first.wait_for()
    assert (
        page.locator(".photo-row input[name$='-alt']").first.input_value()
        == "Our bright treatment room in Portsmouth"
    )

    # Publish: develop, QA and deploy in a real worker; the build page shows it live.
    with running_worker(tmp_path) as worker:
        page.get_by_role("link", name="Pages and words").click()
        page.get_by_role("button", name="Publish").click()
        page.wait_for_url(re.compile(r"/builds/\d+/$"))
        worker.wait_for(
            lambda: page.locator(".build-result").count() > 0, 90, "the page shows the result"
        )
    published = Build.objects.filter(site=site, kind=Build.Kind.EDIT).get()
    assert published.status == Build.Status.SUCCEEDED, published.error
    assert "sites.tasks.build_run" in worker.log.read_text()

    # The live site, on the edge.
    page.goto(f"http://{site.hostname}:{edge.port}/")
    assert HEADLINE in page.locator("h1").first.inner_text()
    footer = page.locator("footer").inner_text()
    assert "09:00" in footer and "13:00" in footer
    img = page.locator("main img[alt='Our bright treatment room in Portsmouth']").first
    img.wait_for()
    assert img.evaluate("i => i.complete && i.naturalWidth > 0")
    assert img.get_attribute("width") and img.get_attribute("height")
    sources = img.evaluate(
        "i => [...i.closest('picture').querySelectorAll('source')].map(s => s.srcset)"
    )
    served = {
        url.split()[0]
        for srcset in [*sources, img.get_attribute("srcset") or ""]
        for url in srcset.split(",")
        if url.strip()
    }
    assert served, "the photo has responsive variants"
    for url in served:
        body = httpx.get(
            f"http://127.0.0.1:{edge.port}{url}", headers={"Host": site.hostname}
        ).content
        assert b"Pocket Camera" not in body and b"PhoneMaker" not in body, url
        assert Image.open(io.BytesIO(body)).getexif().get_ifd(0x8825) == {}, url
    site.refresh_from_db()
    spec = site.current_version.spec  # type: ignore[union-attr]
    priced = [
        "" if p["slug"] == "index" else p["slug"]
        for p in spec["content"]["pages"]
        if "£49" in json.dumps(p, ensure_ascii=False)
    ]
    assert priced, "the new price is on a page"
    for slug in priced:
        page.goto(f"http://{site.hostname}:{edge.port}/{slug}")
        assert "£49" in page.content() and "£45" not in page.content(), slug
    assert not [e for e in errors if "Content Security Policy" in e], errors
