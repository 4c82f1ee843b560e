"""The site generator: files, structure, SEO, the form, escaping, weight, and the edge."""

from __future__ import annotations

import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, get_args

import httpx
import pytest

from code24.ai.schemas import (
    BusinessType,
    Item,
    PageContent,
    PagePlan,
    Section,
    SectionKind,
    SectionPlan,
)
from code24.cloudflare import workers_bundle
from code24.cloudflare.local.edge import Edge
from sites.generator import render_site
from sites.generator.render import font_stack
from sites.pipeline.qa_checks import check_files
from tests.cloudflare.edge_fixtures import (  # noqa: F401 - fixtures
    FormsEndpoint,
    forms_endpoint,
    forms_server,
    route,
    snapshot,
)
from tests.sites import fixtures
from tests.sites.fixtures import XSS, SiteInput

SITE_URL = "https://rosa.code24.dev"


class Tree(HTMLParser):
    """Tags with attributes, and the page's visible text, for assertions."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        (self.scripts if self._in_script else self.text).append(data)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [
            a
            for t, a in self.tags
            if t == tag and all(a.get(k.rstrip("_")) == v for k, v in attrs.items())
        ]

    @property
    def all_text(self) -> str:
        return " ".join(" ".join(self.text).split())

    def attribute_values(self) -> list[str]:
        return [value for _, attrs in self.tags for value in attrs.values()]


def render(sample: SiteInput, site_url: str = SITE_URL) -> dict[str, bytes]:
    return render_site(**sample.render_args(site_url))


def html_pages(files: dict[str, bytes]) -> dict[str, Tree]:
    return {path: Tree(body.decode()) for path, body in files.items() if path.endswith(".html")}


@pytest.fixture(scope="module")
def dental_files() -> dict[str, bytes]:
    return render(fixtures.dental())


# --- the files ---------------------------------------------------------------------------


def test_writes_every_page_and_the_site_files(dental_files: dict[str, bytes]) -> None:
    names = set(dental_files)
    assert {
        "index.html",
        "services.html",
        "about.html",
        "contact.html",
        "privacy.html",
        "thanks.html",
        "404.html",
        "favicon.svg",
        "sitemap.xml",
        "robots.txt",
    } <= names
    stylesheets = [name for name in names if name.endswith(".css")]
    assert len(stylesheets) == 1
    assert re.fullmatch(r"styles\.[0-9a-f]{10}\.css", stylesheets[0])  # cached for a year


def test_rendering_is_a_pure_function() -> None:
    assert render(fixtures.dental()) == render(fixtures.dental())
    assert render(fixtures.dental()) != render(fixtures.restaurant())


@pytest.mark.parametrize("name", sorted(fixtures.SAMPLES))
def test_sample_sites_pass_every_qa_check(name: str) -> None:
    sample = fixtures.SAMPLES[name]()
    checks = check_files(render(sample), palette_pairs=sample.brand.contrast)
    failed = {check.name: check.details for check in checks if not check.passed}
    assert failed == {}
    assert len(checks) == 9


def test_sitemap_has_absolute_urls_and_robots_names_it(dental_files: dict[str, bytes]) -> None:
    sitemap = dental_files["sitemap.xml"].decode()
    locs = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert locs == [
        f"{SITE_URL}/",
        f"{SITE_URL}/services",
        f"{SITE_URL}/about",
        f"{SITE_URL}/contact",
        f"{SITE_URL}/privacy",
    ]
    assert "thanks" not in sitemap and "404" not in sitemap
    robots = dental_files["robots.txt"].decode()
    assert f"Sitemap: {SITE_URL}/sitemap.xml" in robots.splitlines()


def test_site_url_with_a_trailing_slash_gives_the_same_addresses() -> None:
    assert render(fixtures.dental(), SITE_URL + "/") == render(fixtures.dental(), SITE_URL)


# --- structure and SEO -----------------------------------------------------------------------


def test_every_page_has_landmarks_skip_link_and_one_h1(dental_files: dict[str, bytes]) -> None:
    for path, page in html_pages(dental_files).items():
        tags = [tag for tag, _ in page.tags]
        assert tags.count("h1") == 1, path
        for landmark in ("header", "nav", "main", "footer"):
            assert landmark in tags, (path, landmark)
        skip = page.find("a", class_="skip-link")
        assert skip and skip[0]["href"] == "#main", path
        assert page.find("main", id="main"), path
        assert page.find("html")[0]["lang"] == "en"
        assert page.find("meta", name="viewport")


def test_head_has_title_description_canonical_and_open_graph(
    dental_files: dict[str, bytes],
) -> None:
    page = html_pages(dental_files)["services.html"]
    assert "Treatments and prices | Brightside Dental" in page.all_text
    assert page.find("meta", name="description")[0]["content"].startswith("Check-ups, hygiene")
    assert page.find("link", rel="canonical")[0]["href"] == f"{SITE_URL}/services"
    assert page.find("meta", property="og:url")[0]["content"] == f"{SITE_URL}/services"
    assert page.find("meta", property="og:title")
    assert page.find("meta", property="og:description")
    assert page.find("link", rel="icon")[0]["href"] == "/favicon.svg"
    home = html_pages(dental_files)["index.html"]
    assert home.find("link", rel="canonical")[0]["href"] == f"{SITE_URL}/"


def test_thanks_and_404_are_not_indexed(dental_files: dict[str, bytes]) -> None:
    for path in ("thanks.html", "404.html"):
        page = html_pages(dental_files)[path]
        assert page.find("meta", name="robots")[0]["content"] == "noindex"
        assert not page.find("link", rel="canonical")
        # links on the 404 page work from any depth: root-relative only
        for attrs in page.find("a"):
            assert attrs["href"].startswith(("/", "#", "tel:", "mailto:", "https://")), attrs


def test_json_ld_uses_the_schema_type_and_the_business_facts(
    dental_files: dict[str, bytes],
) -> None:
    page = html_pages(dental_files)["index.html"]
    blocks = [json.loads(text) for text in page.scripts]
    business = blocks[0]
    assert business["@type"] == "Dentist"
    assert business["name"] == "Brightside Dental"
    assert business["url"] == f"{SITE_URL}/"
    assert business["telephone"] == "+44 113 496 0000"
    assert business["email"] == "hello@brightside.example"
    assert business["address"] == "12 Otley Road, Leeds LS6 2AA"
    assert business["priceRange"] == "££"
    faq = blocks[1]
    assert faq["@type"] == "FAQPage"
    assert faq["mainEntity"][0]["name"] == "Do you take new NHS patients?"
    assert all(
        tag[1].get("type") == "application/ld+json" for tag in page.tags if tag[0] == "script"
    )


def test_nothing_is_loaded_from_anywhere_else(dental_files: dict[str, bytes]) -> None:
    for path, page in html_pages(dental_files).items():
        for tag, attrs in page.tags:
            for name in ("src", "srcset"):
                assert name not in attrs or attrs[name].startswith("/"), (path, tag, attrs)
            if tag == "link" and attrs.get("rel") != "canonical":
                assert attrs["href"].startswith("/"), (path, attrs)
            assert "style" not in attrs, (path, tag)  # the CSP blocks inline styles
        assert not page.find("style")
    css = next(body for name, body in dental_files.items() if name.endswith(".css")).decode()
    assert "url(" not in css and "@import" not in css and "@font-face" not in css


def test_stylesheet_carries_the_palette_and_font_stacks(dental_files: dict[str, bytes]) -> None:
    css = next(body for name, body in dental_files.items() if name.endswith(".css")).decode()
    assert "--primary:#0f6e8c;" in css
    assert "--bg:#ffffff;" in css
    assert "color-scheme:light;" in css
    assert '--font-body:system-ui, -apple-system, "Segoe UI", "Roboto", "Arial", sans-serif;' in css
    dark = next(body for name, body in render(fixtures.saas()).items() if name.endswith(".css"))
    assert b"color-scheme:dark;" in dark


def test_font_stacks_keep_only_font_names() -> None:
    assert font_stack("Inter, 'Helvetica Neue', sans-serif", "serif") == (
        '"Inter", "Helvetica Neue", sans-serif'
    )
    hostile = font_stack("x;}</style><script>alert(1)</script>{", "sans-serif")
    assert not set(hostile) & set(";{}<>()\\:")
    assert hostile.endswith("sans-serif")
    assert font_stack("", "serif") == "serif"


def test_pages_are_light(dental_files: dict[str, bytes]) -> None:
    css = next(body for name, body in dental_files.items() if name.endswith(".css"))
    for path, body in dental_files.items():
        if path.endswith(".html"):
            weight = len(gzip.compress(body)) + len(gzip.compress(css))
            assert weight < 20_000, (path, weight)


# --- navigation and links ---------------------------------------------------------------------


def test_navigation_marks_the_current_page_and_keeps_privacy_in_the_footer(
    dental_files: dict[str, bytes],
) -> None:
    page = html_pages(dental_files)["about.html"]
    nav_links = [a for a in page.find("a") if a.get("aria-current") == "page"]
    assert nav_links == [{"href": "/about", "aria-current": "page"}]
    main_nav = dental_files["about.html"].decode().split('aria-label="Main"')[1].split("</nav>")[0]
    assert "/privacy" not in main_nav
    footer = dental_files["about.html"].decode().split('aria-label="Footer"')[1]
    assert 'href="/privacy"' in footer


def test_calls_to_action_only_link_to_pages_of_the_site() -> None:
    sample = fixtures.dental()
    index = sample.content.pages[0]
    sections = [
        s.model_copy(update={"cta_page": "https://evil.example/"}) if s.kind == "cta" else s
        for s in index.sections
    ]
    pages = [index.model_copy(update={"sections": sections}), *sample.content.pages[1:]]
    sample.content = sample.content.model_copy(update={"pages": pages})
    html = render(sample)["index.html"].decode()
    assert "evil.example" not in html
    cta_band = html.split('class="section cta-band')[1].split("</section>")[0]
    assert 'href="/contact"' in cta_band


def test_a_button_to_its_own_page_leads_on_to_the_next_section() -> None:
    sample = fixtures.dental()
    index = sample.content.pages[0]
    hero = index.sections[0].model_copy(update={"cta_page": "index", "cta_label": "See more"})
    pages = [index.model_copy(update={"sections": [hero, *index.sections[1:]]})]
    sample.content = sample.content.model_copy(update={"pages": pages + sample.content.pages[1:]})
    files = render(sample)
    assert '<a class="button" href="#services-2">See more</a>' in files["index.html"].decode()
    assert 'id="services-2"' in files["index.html"].decode()
    assert check_files(files, palette_pairs=sample.brand.contrast)[1].passed


def test_phone_and_email_links_are_built_from_digits_and_a_valid_address(
    dental_files: dict[str, bytes],
) -> None:
    page = html_pages(dental_files)["contact.html"]
    hrefs = {a["href"] for a in page.find("a")}
    assert "tel:+441134960000" in hrefs
    assert "mailto:hello@brightside.example" in hrefs


def test_bad_site_address_or_form_action_is_refused() -> None:
    args = fixtures.dental().render_args()
    with pytest.raises(ValueError, match="http"):
        render_site(**{**args, "site_url": "javascript:alert(1)"})
    with pytest.raises(ValueError, match="characters"):
        render_site(**{**args, "site_url": 'https://a.example/"><script>'})
    with pytest.raises(ValueError, match="form action"):
        render_site(**{**args, "form_action": "javascript:alert(1)"})


# --- the contact form --------------------------------------------------------------------------


def test_contact_form_posts_to_the_site_with_labels_and_a_hidden_honeypot(
    dental_files: dict[str, bytes],
) -> None:
    page = html_pages(dental_files)["contact.html"]
    (form,) = page.find("form")
    assert form["action"] == "/_forms/contact"
    assert form["method"] == "post"
    inputs = {a["name"]: a for t, a in page.tags if t in ("input", "textarea") and "name" in a}
    assert {"name", "email", "phone", "message", "website", "_next"} <= set(inputs)
    assert inputs["email"]["type"] == "email"
    assert "required" in inputs["name"] and "required" in inputs["message"]
    labels = {a["for"] for a in page.find("label")}
    for name in ("name", "email", "phone", "message", "website"):
        assert inputs[name]["id"] in labels, name
    honeypot = inputs["website"]
    assert honeypot["tabindex"] == "-1"
    assert honeypot["autocomplete"] == "off"
    html = dental_files["contact.html"].decode()
    hidden = r'<div class="hp" aria-hidden="true">\s*<label[^>]*>[^<]*</label>\s*<input[^>]*'
    assert re.search(hidden + 'name="website"', html)
    css = next(body for name, body in dental_files.items() if name.endswith(".css")).decode()
    assert re.search(r"\.hp\{[^}]*position: absolute !important", css)
    assert inputs["_next"]["value"] == "/thanks"


# --- every section kind --------------------------------------------------------------------------


def every_kind() -> SiteInput:
    """The dental site with one extra page holding a section of every kind."""
    sample = fixtures.dental()
    kinds: list[SectionKind] = list(get_args(SectionKind))
    items = [
        Item(title="First thing", text="One; Two; Three", detail="£10"),
        Item(title="Second thing", text="Said well.\n\nIn two paragraphs.", detail="20"),
        Item(title="Third thing", text="Short.", detail=""),
    ]
    sections = [
        Section(
            kind=kind,
            heading=f"The {kind} section",
            body=f"What the {kind} section says.",
            items=items,
            cta_label="Get in touch" if kind not in ("contact", "legal") else "",
            cta_page="contact",
            image_alt=f"A picture for {kind}" if kind in ("about", "story") else "",
        )
        for kind in kinds
    ]
    everything = PageContent(
        slug="everything",
        meta_title="Everything | Brightside Dental",
        meta_description="A page that holds one section of every kind the generator can "
        "render, to see them all together.",
        h1="Every section",
        sections=sections[:12],
    )
    rest = PageContent(
        slug="more",
        meta_title="More | Brightside Dental",
        meta_description="The rest of the section kinds, because a page holds at most "
        "twelve sections and there are more kinds than that.",
        h1="More sections",
        sections=sections[12:],
    )
    design = sample.design.model_copy(
        update={
            "pages": [
                *sample.design.pages,
                PagePlan(
                    slug="everything",
                    nav_label="Everything",
                    sections=[SectionPlan(kind=k) for k in kinds[:12]],
                ),
                PagePlan(
                    slug="more",
                    nav_label="More",
                    sections=[SectionPlan(kind=k) for k in kinds[12:]],
                ),
            ]
        }
    )
    content = sample.content.model_copy(update={"pages": [*sample.content.pages, everything, rest]})
    return SiteInput(sample.brief, sample.brand, design, content)


def test_every_section_kind_renders_and_passes_qa() -> None:
    sample = every_kind()
    files = render(sample)
    html = files["everything.html"].decode() + files["more.html"].decode()
    for kind in get_args(SectionKind):
        assert f"The {kind} section" in html, kind
    assert html.count("<h1") == 2  # one per page: a hero that is not first gets an h2
    assert "Said well." in html and "In two paragraphs." in html
    assert 'role="img" aria-label="A picture for about"' in html
    checks = check_files(files, palette_pairs=sample.brand.contrast)
    assert {c.name: c.details for c in checks if not c.passed} == {}


# --- customer text is escaped everywhere --------------------------------------------------


def test_attack_strings_in_every_field_ship_as_text() -> None:
    sample = fixtures.hostile()
    files = render(sample)
    checks = check_files(files, palette_pairs=sample.brand.contrast)
    assert {c.name: c.details for c in checks if not c.passed} == {}
    shown = ""
    for path, body in files.items():
        text = body.decode()
        if path.endswith(".html"):
            page = Tree(text)
            for tag, attrs in page.tags:
                assert tag not in ("img", "iframe", "object", "embed", "style"), (path, tag)
                if tag == "script":
                    assert attrs == {"type": "application/ld+json"}, path
                assert not [name for name in attrs if name.startswith("on")], (path, tag, attrs)
                for name in ("href", "src", "action"):
                    assert not attrs.get(name, "").lower().startswith("javascript"), (path, attrs)
            for block in page.scripts:
                json.loads(block)  # the JSON-LD is intact, not broken out of
                assert "<" not in block and ">" not in block
            shown += page.all_text + " ".join(page.attribute_values())
        elif path.endswith(".css"):
            root = text.split("}", 1)[0]
            assert re.fullmatch(r":root\{(?:[\w-]+:[^;{}<>()\\]*;)+", root), root
            assert "javascript:" not in text.lower()  # a font name may say it, as text
        elif path.endswith(".svg"):
            assert "<script" not in text and "onload" not in text
    for attack in XSS:
        assert attack in shown, attack  # shown to the visitor as the text it is
    index = files["index.html"].decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in index
    blocks = [json.loads(b) for b in Tree(index).scripts]
    assert blocks[0]["@type"] == "LocalBusiness"  # the hostile schema type was not used
    assert blocks[0]["name"].startswith("<script>alert(1)</script>")


# --- with the AI team's own answers -------------------------------------------------------


def ai_site(business_type: str, goal_index: int) -> SiteInput:
    from code24 import ai
    from code24.ai.contrast import ensure_contrast
    from code24.ai.schemas import Brief

    goals = ("lead_generation", "sales", "bookings", "awareness")
    brief = Brief(
        name=f"Test {business_type.title()} Co",
        description=f"A {business_type} business that serves customers in Leeds with care and "
        "skill, described at enough length.",
        business_type=business_type,  # type: ignore[arg-type]
        primary_goal=goals[goal_index % 4],  # type: ignore[arg-type]
        location="Leeds" if goal_index % 2 else "",
        phone="0113 496 0000" if goal_index % 3 else "",
        email="hello@example.com",
    )
    research = ai.ask("market_research", brief=brief, context={}).value.model_dump(mode="json")
    insights = ai.ask(
        "competitive_insights",
        brief=brief,
        context={"market_research": research, "competitors": []},
    ).value
    analysis = {**insights.model_dump(mode="json"), "competitors": []}
    brand = ai.ask(
        "brand",
        brief=brief,
        context={"market_research": research, "competitive_analysis": analysis},
    ).value
    palette, pairs = ensure_contrast(brand.palette)
    brand = brand.model_copy(update={"palette": palette, "contrast": pairs})
    brand_json = brand.model_dump(mode="json")
    design = ai.ask(
        "design", brief=brief, context={"market_research": research, "brand": brand_json}
    ).value
    content = ai.ask(
        "content",
        brief=brief,
        context={
            "market_research": research,
            "competitive_analysis": analysis,
            "brand": brand_json,
            "design": design.model_dump(mode="json"),
        },
    ).value
    return SiteInput(brief, brand, design, content)


@pytest.mark.parametrize(
    ("business_type", "goal"), [(t, n) for n, t in enumerate(get_args(BusinessType))]
)
def test_sites_from_the_builtin_ai_pass_qa(business_type: str, goal: int, settings: Any) -> None:
    settings.AI_PROVIDER = "builtin"
    sample = ai_site(business_type, goal)
    files = render(sample)
    checks = check_files(files, palette_pairs=sample.brand.contrast)
    assert {c.name: c.details for c in checks if not c.passed} == {}
    assert {f"{page.slug}.html" for page in sample.content.pages} - {"index.html"} <= set(files)


# --- served by the real site Worker in workerd --------------------------------------------


@pytest.mark.workerd
def test_generated_site_is_served_by_the_site_worker(
    edge: Edge,
    forms_endpoint: FormsEndpoint,  # noqa: F811 - fixture
    tmp_path: Path,
) -> None:
    files = render(fixtures.restaurant())
    upload = workers_bundle.site_worker_upload(
        files, site_id=7, forms_endpoint=forms_endpoint.url, thank_you="/thanks"
    )
    host = "rosa.code24.localhost"
    scripts = {"site-7": upload.script(tmp_path)}
    edge.sync(snapshot(scripts=scripts, routes={host: route("site-7", 7)}))
    assert edge.script_errors == {}
    with httpx.Client(base_url=edge.url, headers={"Host": host}, timeout=30) as http:
        for path in sorted(files):
            if not path.endswith(".html") or path == "404.html":
                continue
            url = "/" if path == "index.html" else "/" + path.removesuffix(".html")
            response = http.get(url)
            assert response.status_code == 200, url
            assert response.headers["content-type"] == "text/html; charset=utf-8"
            csp = response.headers["content-security-policy"]
            assert "default-src 'self'" in csp and "form-action 'self'" in csp
            assert response.headers["strict-transport-security"].startswith("max-age=")
            assert response.headers["x-content-type-options"] == "nosniff"
            assert response.content == files[path]
        stylesheet = next(name for name in files if name.endswith(".css"))
        css = http.get("/" + stylesheet)
        assert css.status_code == 200
        assert css.headers["content-type"].startswith("text/css")
        assert "immutable" in css.headers["cache-control"]
        for asset in ("/favicon.svg", "/robots.txt", "/sitemap.xml"):
            assert http.get(asset).status_code == 200, asset
        missing = http.get("/no-such-page")
        assert missing.status_code == 404
        assert missing.content == files["404.html"]

        # The contact form as a browser sends it: same origin, so the CSP's
        # form-action 'self' allows it; the Worker forwards it and sends the visitor on.
        page = Tree(files["contact.html"].decode())
        (form,) = page.find("form")
        assert form["action"].startswith("/")  # same origin: allowed by form-action 'self'
        fields = {
            "name": "Ana <b>",
            "email": "ana@example.com",
            "phone": "",
            "message": "A table for 4 on Friday",
            "website": "",
            "_next": "/thanks",
        }
        sent = http.post(
            form["action"],
            data=fields,
            headers={"Origin": f"https://{host}", "Referer": f"https://{host}/contact"},
        )
        assert sent.status_code == 303
        assert sent.headers["location"] == "/thanks"
        (received,) = forms_endpoint.requests
        assert received["json"]["form"] == "contact"
        assert received["json"]["fields"]["name"] == "Ana <b>"
        assert received["json"]["fields"]["message"] == "A table for 4 on Friday"
        assert received["json"]["fields"]["website"] == ""  # the honeypot, for Code24 to check
        assert "_next" not in received["json"]["fields"]
        thanks = http.get(sent.headers["location"])
        assert thanks.status_code == 200
        assert thanks.content == files["thanks.html"]


def test_footer_shows_the_copyright_year_it_is_given() -> None:
    args = fixtures.dental().render_args(SITE_URL)
    with_year = render_site(**{**args, "year": 2031})["index.html"].decode()
    assert '<p class="footer-bottom">&copy; 2031 Brightside Dental</p>' in with_year
    without = render_site(**{**args, "year": None})["index.html"].decode()
    assert '<p class="footer-bottom">&copy; Brightside Dental</p>' in without
    with pytest.raises(ValueError, match="year"):
        render_site(**{**args, "year": 31})
