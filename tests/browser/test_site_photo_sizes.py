"""In Chromium, every photo of a generated site is as wide as its ``sizes`` says, at the
widths of a phone, a tablet, a laptop and a wide screen: the browser then fetches the
variant that fills it (Lighthouse's "properly size images")."""

from __future__ import annotations

from typing import Any

import pytest

from code24.ai.schemas import Item
from sites.generator import render_site
from tests.sites import fixtures
from tests.sites.photo_fixtures import make_photo
from tests.sites.test_generator_photos import with_photos

ORIGIN = "http://photos.code24.test"
WIDTHS = [360, 412, 600, 800, 900, 1000, 1200, 1280, 1600]

# The width `sizes` gives at this viewport, measured with a probe element of that width.
SIZES_WIDTH = """(img) => {
  const entries = img.getAttribute("sizes").split(/,(?![^(]*\\))/).map((s) => s.trim());
  let length = entries[entries.length - 1];
  for (const entry of entries) {
    const match = entry.match(/^(\\(.*\\))\\s+(.+)$/);
    if (!match) { length = entry; break; }
    if (matchMedia(match[1]).matches) { length = match[2]; break; }
  }
  const probe = document.createElement("div");
  probe.style.position = "absolute";
  probe.style.width = length;
  document.body.appendChild(probe);
  const width = probe.getBoundingClientRect().width;
  probe.remove();
  return {sizes: width, shown: img.getBoundingClientRect().width, cls: img.className};
}"""


def site_files() -> dict[str, bytes]:
    photo = make_photo("loaf", alt="A loaf")
    logo = make_photo(
        "logo", alt="Logo", kind="logo", size=(120, 120), widths=(80, 160), formats=("webp",)
    )
    dental = with_photos(
        fixtures.dental(),
        {
            "index/hero": "loaf",
            "index/services": "loaf",
            "index/cta": "loaf",
            "about/about": "loaf",
            "contact/contact": "loaf",
        },
        items={"about/team": ["loaf", "loaf"], "about/values": ["loaf", "loaf", "loaf"]},
        brand={"logo": "logo"},
    )
    files = render_site(**dental.render_args(ORIGIN), photos=[photo.photo, logo.photo])
    restaurant = fixtures.restaurant()
    pages = []
    for page in restaurant.content.pages:
        sections = []
        for section in page.sections:
            if section.kind == "gallery":
                for count in (1, 2, 3, 4):
                    items = [Item(title=f"Dish {n}", photo="loaf") for n in range(count)]
                    sections.append(section.model_copy(update={"items": items}))
            elif section.kind == "story":
                sections.append(section.model_copy(update={"photo": "loaf"}))
            else:
                sections.append(section)
        pages.append(page.model_copy(update={"sections": sections}))
    content = restaurant.content.model_copy(update={"pages": pages})
    other = render_site(
        **{**restaurant.render_args(ORIGIN), "content": content}, photos=[photo.photo]
    )
    for path, body in other.items():  # its pages beside the dentist's, and its stylesheet
        files[f"r-{path}" if path.endswith(".html") else path] = body
    files.update(photo.files)
    files.update(logo.files)
    return files


@pytest.mark.parametrize("width", WIDTHS)
def test_every_photo_is_as_wide_as_its_sizes_say(browser: Any, width: int) -> None:
    files = site_files()
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()

    def serve(route: Any) -> None:
        path = route.request.url.removeprefix(ORIGIN).split("?")[0].lstrip("/") or "index.html"
        body = files.get(path) or files.get(f"{path}.html")
        if body is None:
            route.fulfill(status=404, body="")
            return
        kind = "text/html" if not path.count(".") or path.endswith(".html") else ""
        kind = kind or ("text/css" if path.endswith(".css") else "image/" + path.rsplit(".", 1)[1])
        route.fulfill(status=200, body=body, content_type=kind)

    page.route(f"{ORIGIN}/**", serve)
    checked = 0
    for path in ("/", "/about", "/contact", "/r-index", "/r-about"):
        page.goto(ORIGIN + path)
        for img in page.query_selector_all("img"):
            found = img.evaluate(SIZES_WIDTH)
            if found["shown"] == 0:
                continue
            # within a scrollbar's width (sizes' vw counts it, the layout does not) or 2%
            assert abs(found["sizes"] - found["shown"]) <= max(16, found["shown"] * 0.02), (
                path,
                width,
                found,
            )
            checked += 1
    assert checked >= 10
    context.close()
