"""The generator with the customer's photos, logo and self-hosted fonts."""

from __future__ import annotations

import re
from typing import Any

import pytest

from code24.ai.schemas import Item, Photo
from sites.generator import render_site, render_spec
from sites.generator.fonts import FONT_DIR, FONTS, font_choices, font_for
from sites.generator.pictures import SLOTS
from sites.pipeline.qa_checks import check_files
from tests.sites import fixtures
from tests.sites.photo_fixtures import MadePhoto, make_photo
from tests.sites.test_generator import Tree

SITE_URL = "https://rosa.code24.dev"
HOSTILE_ALT = "</script><script>alert(1)</script> \"quoted\" & 'single'"


@pytest.fixture(scope="module")
def made() -> dict[str, MadePhoto]:
    return {
        "hero": make_photo("hero-shot", alt="Our waiting room", focal=(0.3, 0.7)),
        "about": make_photo("chair", alt="The treatment chair by the window", seed=1),
        "aisha": make_photo("aisha", alt="Dr Aisha Khan smiling", seed=2, focal=(0.5, 0.25)),
        "tom": make_photo("tom", alt=HOSTILE_ALT, seed=3),
        "logo": make_photo(
            "logo",
            alt="Logo",
            kind="logo",
            size=(120, 120),
            widths=(80, 160),
            formats=("webp", "png"),
        ),
        "wordmark": make_photo(
            "wordmark",
            alt="Logo",
            kind="logo",
            size=(600, 150),
            widths=(160, 320),
            formats=("webp", "png"),
        ),
        "dish": make_photo("dish", alt="A plate of tagliatelle", seed=4),
    }


def with_photos(
    sample: fixtures.SiteInput,
    photos: dict[str, str],
    *,
    items: dict[str, list[str]] | None = None,
    brand: dict[str, Any] | None = None,
) -> fixtures.SiteInput:
    """``photos``: "<page>/<section kind>" -> photo id; ``items``: the same -> item photo ids."""
    pages = []
    for page in sample.content.pages:
        sections = []
        for section in page.sections:
            key = f"{page.slug}/{section.kind}"
            change: dict[str, Any] = {}
            if key in photos:
                change["photo"] = photos[key]
            if items and key in items:
                ids = items[key] + [""] * len(section.items)
                change["items"] = [
                    item.model_copy(update={"photo": ids[n]})
                    for n, item in enumerate(section.items)
                ]
            sections.append(section.model_copy(update=change))
        pages.append(page.model_copy(update={"sections": sections}))
    return fixtures.SiteInput(
        brief=sample.brief,
        brand=sample.brand.model_copy(update=brand or {}),
        design=sample.design,
        content=sample.content.model_copy(update={"pages": pages}),
    )


def render(sample: fixtures.SiteInput, photos: list[Photo]) -> dict[str, bytes]:
    return render_site(**sample.render_args(SITE_URL), photos=photos)


def dental(made: dict[str, MadePhoto], **brand: Any) -> dict[str, bytes]:
    sample = with_photos(
        fixtures.dental(),
        {"index/hero": "hero-shot", "about/about": "chair"},
        items={"about/team": ["aisha", "tom"]},
        brand=brand,
    )
    return render(sample, [m.photo for m in made.values()])


def pictures(html: str) -> list[str]:
    return re.findall(r"<picture>.*?</picture>", html, re.S)


def img_of(markup: str) -> dict[str, str]:
    tree = Tree(markup)
    return tree.find("img")[0]


def stylesheet(files: dict[str, bytes]) -> str:
    return next(body.decode() for path, body in files.items() if path.endswith(".css"))


# --- <picture> -----------------------------------------------------------------------------


def test_hero_photo_is_a_picture_of_avif_and_webp_sizes(made: dict[str, MadePhoto]) -> None:
    files = dental(made)
    hero = made["hero"].photo
    first = next(p for p in pictures(files["index.html"].decode()) if "hero-shot" in p)
    tree = Tree(first)
    sources = tree.find("source")
    assert [s["type"] for s in sources] == ["image/avif", "image/webp"]
    for source, ext in zip(sources, ("avif", "webp"), strict=True):
        expected = ", ".join(f"/{v.path} {v.width}w" for v in hero.variants if v.path.endswith(ext))
        assert source["srcset"] == expected
        assert source["sizes"] == SLOTS["split"]
    img = tree.find("img")[0]
    webps = [v for v in hero.variants if v.content_type == "image/webp"]
    middle = webps[len(webps) // 2]
    assert img["src"] == f"/{middle.path}"
    assert (img["width"], img["height"]) == (str(middle.width), str(middle.height))
    assert img["srcset"] == ", ".join(f"/{v.path} {v.width}w" for v in webps)
    assert img["sizes"] == SLOTS["split"]
    assert img["alt"] == "Our waiting room"
    assert img["loading"] == "eager" and img["fetchpriority"] == "high"
    assert "decoding" not in img
    assert "ph-hero-shot" in img["class"].split()


def test_every_other_photo_loads_lazily(made: dict[str, MadePhoto]) -> None:
    files = dental(made)
    for path in ("index.html", "about.html"):
        html = files[path].decode()
        imgs = [img_of(p) for p in pictures(html) if 'class="logo' not in p]
        eager = [img for img in imgs if img.get("loading") == "eager"]
        assert len(eager) == (1 if path == "index.html" else 0)
        for img in imgs:
            if img not in eager:
                assert img["loading"] == "lazy" and img["decoding"] == "async", img
                assert "fetchpriority" not in img
        assert html.count('fetchpriority="high"') == len(eager)


def test_a_hero_below_the_top_of_a_page_is_lazy(made: dict[str, MadePhoto]) -> None:
    sample = fixtures.dental()
    page = sample.content.pages[0]
    hero = page.sections[0].model_copy(update={"photo": "hero-shot"})
    moved = page.model_copy(update={"sections": [*page.sections[1:], hero]})
    content = sample.content.model_copy(update={"pages": [moved, *sample.content.pages[1:]]})
    sample = fixtures.SiteInput(sample.brief, sample.brand, sample.design, content)
    html = render(sample, [made["hero"].photo])["index.html"].decode()
    img = img_of(next(p for p in pictures(html) if "hero-shot" in p))
    assert img["loading"] == "lazy" and "fetchpriority" not in img


def test_team_photos_replace_the_avatars_and_say_who(made: dict[str, MadePhoto]) -> None:
    html = dental(made)["about.html"].decode()
    team = html[html.index('class="cards team') :]
    team = team[: team.index("</ul>")]
    assert 'class="avatar"' not in team
    assert "photo-grid cols-2" in team
    imgs = [img_of(p) for p in pictures(team)]
    assert [img["alt"] for img in imgs] == ["Dr Aisha Khan smiling", HOSTILE_ALT]
    assert all(img["sizes"] == SLOTS["grid-2"] for img in imgs)


def test_a_member_without_a_photo_keeps_an_avatar_of_the_same_shape(
    made: dict[str, MadePhoto],
) -> None:
    sample = with_photos(fixtures.dental(), {}, items={"about/team": ["aisha", ""]})
    html = render(sample, [made["aisha"].photo])["about.html"].decode()
    assert html.count('class="card-photo avatar-tile"') == 1
    assert html.count("ph-aisha") == 1


def test_gallery_and_product_photos_replace_the_tiles(made: dict[str, MadePhoto]) -> None:
    sample = with_photos(fixtures.restaurant(), {}, items={"index/gallery": ["dish", "", "dish"]})
    html = render(sample, [made["dish"].photo])["index.html"].decode()
    gallery = html[html.index('<ul class="gallery') :]
    gallery = gallery[: gallery.index("</ul>")]
    assert 'class="gallery photo-grid cols-3 count-3"' in gallery
    assert gallery.count("<picture>") == 2
    assert gallery.count("art-tile") == 1  # the item without a photo keeps its drawing
    assert all(img_of(p)["sizes"] == SLOTS["gallery-3"] for p in pictures(gallery))

    saas = fixtures.saas()
    products = next(
        f"{p.slug}/{s.kind}" for p in saas.content.pages for s in p.sections if s.kind == "products"
    )
    sample = with_photos(saas, {}, items={products: ["dish"]})
    page = render(sample, [made["dish"].photo])[f"{products.split('/')[0]}.html"].decode()
    cards = page[page.index('<ul class="cards') :]
    assert cards.startswith('<ul class="cards photo-grid cols-')
    assert '<div class="card-photo"><picture>' in cards


@pytest.mark.parametrize(
    ("count", "slot"),
    [(1, "grid-1"), (2, "gallery-2"), (3, "gallery-3"), (4, "gallery-2"), (5, "gallery-3")],
)
def test_a_photo_grid_has_the_sizes_of_its_columns(
    made: dict[str, MadePhoto], count: int, slot: str
) -> None:
    sample = fixtures.restaurant()
    items = [Item(title=f"Dish {n}", photo="dish") for n in range(count)]
    pages = [
        page.model_copy(
            update={
                "sections": [
                    s.model_copy(update={"items": items}) if s.kind == "gallery" else s
                    for s in page.sections
                ]
            }
        )
        for page in sample.content.pages
    ]
    sample = fixtures.SiteInput(
        sample.brief,
        sample.brand,
        sample.design,
        sample.content.model_copy(update={"pages": pages}),
    )
    html = render(sample, [made["dish"].photo])["index.html"].decode()
    columns = slot.split("-")[1]
    assert f'class="gallery photo-grid cols-{columns} count-{count}"' in html
    assert {img_of(p)["sizes"] for p in pictures(html)} == {SLOTS[slot]}


def test_sizes_name_the_stylesheet_breakpoints() -> None:
    """Each slot's media conditions are widths from the largest down, and the last entry
    (a phone) is the full width or, in a gallery, half of it."""
    css = (FONT_DIR.parent / "site.css").read_text()
    layout_breakpoints = set(re.findall(r"@media \(min-width: ([\d.]+rem)\)", css))
    assert {"36rem", "56rem"} <= layout_breakpoints
    for name, sizes in SLOTS.items():
        entries = [entry.strip() for entry in re.split(r",(?![^(]*\))", sizes)]
        assert entries[-1] in ("calc(100vw - 2.5rem)", "calc(50vw - 30px)"), name
        widths = [re.match(r"\(min-width: ([\d.]+)rem\)", e) for e in entries[:-1]]
        assert all(widths), name
        ordered = [float(w.group(1)) for w in widths if w]
        assert ordered == sorted(ordered, reverse=True), name


def test_focal_points_are_classes_in_the_stylesheet(made: dict[str, MadePhoto]) -> None:
    files = dental(made)
    css = stylesheet(files)
    assert ".ph-hero-shot{object-position:30% 70%}" in css
    assert ".ph-aisha{object-position:50% 25%}" in css
    assert ".ph-chair{object-position:50% 50%}" in css
    assert ".ph-dish" not in css  # not shown anywhere
    for path, body in files.items():
        if path.endswith(".html"):
            assert "style=" not in body.decode()
    plain = render_site(**fixtures.dental().render_args(SITE_URL))
    css_path = next(path for path in files if path.endswith(".css"))
    assert css_path not in plain  # the stylesheet's name follows its content


def test_customer_alt_text_is_escaped(made: dict[str, MadePhoto]) -> None:
    html = dental(made)["about.html"].decode()
    assert "<script>alert(1)" not in html
    assert (
        'alt="&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp; '
        '&#x27;single&#x27;"' in html
    )
    tree = Tree(html)
    assert HOSTILE_ALT in [img.get("alt") for img in tree.find("img")]
    assert not tree.scripts or all("alert" not in s for s in tree.scripts)


def test_a_section_photo_with_hostile_alt_text_is_escaped(made: dict[str, MadePhoto]) -> None:
    sample = with_photos(fixtures.dental(), {"about/about": "tom", "index/cta": "tom"})
    files = render(sample, [made["tom"].photo])
    for path in ("about.html", "index.html"):
        html = files[path].decode()
        assert html.count("ph-tom") == 1, path
        assert "<script>alert" not in html
        assert "&lt;/script&gt;&lt;script&gt;alert(1)" in html


def test_unknown_or_wrong_kind_photo_ids_draw_the_art(made: dict[str, MadePhoto]) -> None:
    sample = with_photos(
        fixtures.dental(),
        {"index/hero": "no-such-photo", "about/about": "logo"},  # a logo is no section photo
        items={"about/team": ["nobody", "hero-shot"]},
        brand={"logo": "hero-shot"},  # a photo is no logo
    )
    files = render(sample, [made["hero"].photo, made["logo"].photo])
    plain = render_site(**fixtures.dental().render_args(SITE_URL))

    def page(html: bytes) -> str:  # the stylesheet's name aside (Tom's focal point is in it)
        return re.sub(r"styles\.[0-9a-f]+\.css", "styles.css", html.decode())

    assert page(files["index.html"]) == page(plain["index.html"])
    about = files["about.html"].decode()
    assert about.count("<picture>") == 1 and "ph-hero-shot" in about  # Tom's photo only
    assert 'class="mark"' in about


def test_no_photos_renders_as_before() -> None:
    sample = fixtures.dental()
    assert render_site(**sample.render_args(SITE_URL), photos=[]) == render_site(
        **sample.render_args(SITE_URL)
    )


def test_section_photos_in_cta_contact_and_list_sections(made: dict[str, MadePhoto]) -> None:
    sample = with_photos(
        fixtures.dental(),
        {"index/cta": "chair", "contact/contact": "chair", "index/services": "chair"},
    )
    files = render(sample, [made["about"].photo])
    index, contact = files["index.html"].decode(), files["contact.html"].decode()
    assert '<div class="container split cta-split">' in index
    assert '<div class="split head-split">' in index
    assert contact.count("<picture>") == 1 and '<div class="side-photo"><picture>' in contact
    sizes = {img_of(p)["sizes"] for p in pictures(index)}
    assert sizes == {SLOTS["split"]}
    assert img_of(pictures(contact)[0])["sizes"] == SLOTS["contact"]


def test_og_image_is_the_page_photo(made: dict[str, MadePhoto]) -> None:
    files = dental(made)
    tree = Tree(files["index.html"].decode())
    largest = max(
        (v for v in made["hero"].photo.variants if v.content_type == "image/webp"),
        key=lambda v: v.width,
    )
    assert tree.find("meta", property="og:image")[0]["content"] == f"{SITE_URL}/{largest.path}"
    assert tree.find("meta", name="twitter:card")[0]["content"] == "summary_large_image"
    assert not Tree(files["privacy.html"].decode()).find("meta", property="og:image")


# --- the logo ---------------------------------------------------------------------------------


def test_logo_replaces_the_mark_beside_the_name(made: dict[str, MadePhoto]) -> None:
    files = dental(made, logo="logo")
    html = files["index.html"].decode()
    header = html[html.index("<header") : html.index("</header>")]
    assert 'class="mark"' not in header
    img = img_of(header)
    logo = made["logo"].photo
    webps = sorted(
        (v for v in logo.variants if v.content_type == "image/webp"), key=lambda v: v.width
    )
    assert img["srcset"] == ", ".join(f"/{v.path} {v.width}w" for v in webps)
    assert img["sizes"] == "40px"
    assert img["alt"] == ""  # the name is written beside it
    assert "<span>Brightside Dental</span>" in header
    assert "loading" not in img and img["decoding"] == "async"
    footer = html[html.index("<footer") :]
    assert 'class="logo-chip"' in footer and img_of(footer)["loading"] == "lazy"
    assert 'class="mark"' not in footer
    ld = re.search(r'"logo":"([^"]+)"', html)
    assert ld and ld.group(1) == f"{SITE_URL}/{webps[-1].path}"
    assert files["favicon.svg"].startswith(b"<svg")


def test_a_wordmark_logo_stands_alone_and_says_the_name(made: dict[str, MadePhoto]) -> None:
    html = dental(made, logo="wordmark")["index.html"].decode()
    header = html[html.index("<header") : html.index("</header>")]
    img = img_of(header)
    assert img["alt"] == "Brightside Dental"
    assert "<span>Brightside Dental</span>" not in header
    assert img["sizes"] == "160px"  # 40px tall, four times as wide


# --- fonts ------------------------------------------------------------------------------------


def test_a_chosen_font_ships_with_the_site(made: dict[str, MadePhoto]) -> None:
    files = dental(made, body_font=FONTS["inter"].stack, heading_font='"Lora", Georgia, serif')
    fonts = sorted(path for path in files if path.startswith("fonts/"))
    assert [re.sub(r"-[0-9a-f]{10}\.woff2$", "", path) for path in fonts] == [
        "fonts/inter-100-900",
        "fonts/lora-400-700",
    ]
    inter = next(path for path in fonts if "inter" in path)
    assert files[inter] == (FONT_DIR / "inter-latin-wght-normal.woff2").read_bytes()
    assert re.search(r"-[0-9a-f]{10}\.woff2$", inter)  # the site Worker caches it a year
    css = stylesheet(files)
    face = re.search(r'@font-face\{font-family:"Inter";[^}]*\}', css)
    assert face and "font-display:swap" in face.group(0)
    assert f'src:url(/{inter}) format("woff2")' in face.group(0)
    assert "font-weight:100 900" in face.group(0)
    html = files["index.html"].decode()
    preloads = Tree(html).find("link", rel="preload")
    assert [p["href"] for p in preloads] == [f"/{path}" for path in (inter, fonts[1])]
    assert all(
        p["as"] == "font" and p["type"] == "font/woff2" and "crossorigin" in p for p in preloads
    )


def test_system_fonts_ship_no_files() -> None:
    files = render_site(**fixtures.dental().render_args(SITE_URL))
    assert not any(path.startswith("fonts/") for path in files)
    assert "@font-face" not in stylesheet(files)
    assert 'rel="preload"' not in files["index.html"].decode()


def test_a_font_not_in_the_set_is_only_named() -> None:
    sample = fixtures.dental()
    brand = sample.brand.model_copy(update={"body_font": '"Comic Sans MS", cursive'})
    files = render_site(**{**sample.render_args(SITE_URL), "brand": brand})
    assert not any(path.startswith("fonts/") for path in files)
    assert '"Comic Sans MS", cursive' in stylesheet(files)


def test_static_weights_preload_the_one_each_use_needs() -> None:
    sample = fixtures.dental()
    merriweather = FONTS["merriweather"]
    brand = sample.brand.model_copy(
        update={"body_font": merriweather.stack, "heading_font": merriweather.stack}
    )
    files = render_site(**{**sample.render_args(SITE_URL), "brand": brand})
    fonts = sorted(path for path in files if path.startswith("fonts/"))
    assert [path[: -len("-0123456789.woff2")] for path in fonts] == [
        "fonts/merriweather-400",
        "fonts/merriweather-700",
    ]
    preloads = [p["href"] for p in Tree(files["index.html"].decode()).find("link", rel="preload")]
    assert preloads == [f"/{fonts[0]}", f"/{fonts[1]}"]  # 400 for text, 700 for headings
    assert stylesheet(files).count("@font-face") == 2


def test_the_font_set_is_small_open_and_light() -> None:
    assert 5 <= len(FONTS) <= 7
    assert {font.category for font in FONTS.values()} == {"serif", "sans-serif"}
    for font in FONTS.values():
        licence = (FONT_DIR / font.licence).read_text()
        assert "SIL Open Font License, Version 1.1" in licence, font.key
        for weight in font.files:
            data = font.data(weight)
            assert data[:4] == b"wOF2" and len(data) < 52_000, (font.key, weight, len(data))
        assert font_for(font.stack) is font
        assert font_for(f"'{font.family.upper()}', serif") is font
    assert font_for("system-ui, sans-serif") is None
    choices = font_choices()
    assert len(choices) == len(FONTS)
    assert (FONTS["inter"].stack, "Inter (sans serif)") in choices
    assert (FONTS["lora"].stack, "Lora (serif)") in choices
    assert all(font_for(value) is not None for value, _ in choices)  # the editor stores them
    assert font_for("source-sans-3") is FONTS["source-sans-3"]


def test_a_font_stored_by_its_key_gets_its_stack_and_file() -> None:
    sample = fixtures.dental()
    brand = sample.brand.model_copy(update={"body_font": "source-sans-3"})
    files = render_site(**{**sample.render_args(SITE_URL), "brand": brand})
    assert any(path.startswith("fonts/source-sans-3-200-900-") for path in files)
    assert '--font-body:"Source Sans 3", system-ui,' in stylesheet(files)


# --- the spec and QA --------------------------------------------------------------------------


def test_render_spec_reads_the_photos(made: dict[str, MadePhoto]) -> None:
    sample = with_photos(fixtures.dental(), {"index/hero": "hero-shot"})
    spec = {
        "brief": sample.brief.model_dump(mode="json"),
        "brand": sample.brand.model_dump(mode="json"),
        "design": sample.design.model_dump(mode="json"),
        "content": sample.content.model_dump(mode="json"),
        "year": fixtures.YEAR,
        "photos": [made["hero"].spec()],
    }
    files = render_spec(spec, site_url=SITE_URL, form_action=fixtures.FORM_ACTION, site_id=7)
    assert files == render(sample, [made["hero"].photo])
    del spec["photos"]
    without = render_spec(spec, site_url=SITE_URL, form_action=fixtures.FORM_ACTION, site_id=7)
    assert "<picture>" not in without["index.html"].decode()


def test_qa_passes_a_site_with_photos_logo_and_fonts(made: dict[str, MadePhoto]) -> None:
    files = dental(made, logo="logo", body_font=FONTS["inter"].stack)
    for photo in made.values():
        files.update(photo.files)
    checks = check_files(files, palette_pairs=fixtures.dental().brand.contrast)
    assert all(check.passed for check in checks), [c for c in checks if not c.passed]


def test_qa_fails_a_photo_missing_from_the_files(made: dict[str, MadePhoto]) -> None:
    files = dental(made)
    for photo in made.values():
        files.update(photo.files)
    missing = made["aisha"].photo.variants[0].path
    del files[missing]
    checks = {c.name: c for c in check_files(files, palette_pairs=fixtures.dental().brand.contrast)}
    check = checks["Photos and fonts are in place"]
    assert not check.passed
    assert any(
        d.startswith("about.html line")
        and f"the photo /{missing}, which is not among the site's files" in d
        for d in check.details
    ), check.details
    assert checks["Links and files resolve"].passed  # said once, where it belongs


def test_photo_and_font_files_get_their_content_types() -> None:
    """files_save and the site Worker name a file's type from its name."""
    from code24.cloudflare.workers_bundle import content_type_for

    assert content_type_for("photos/loaf-960-3f9a8b7c12.avif") == "image/avif"
    assert content_type_for("photos/loaf-960-3f9a8b7c12.webp") == "image/webp"
    assert content_type_for("photos/logo-160-3f9a8b7c12.png") == "image/png"
    assert content_type_for("photos/loaf-960-3f9a8b7c12.jpg") == "image/jpeg"
    assert content_type_for("fonts/inter-100-900-3f9a8b7c12.woff2") == "font/woff2"
