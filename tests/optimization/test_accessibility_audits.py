"""The accessibility audits (axe-core rule ids) and declared colour contrast.

Every fixture's expected verdict below is axe-core's: the same markup was run through
axe-core 4.14.1 (the copy Lighthouse 12.2.3 installs) in headless Chromium at Lighthouse's
mobile viewport, and the scanner's verdict had to match it (informative Lighthouse audits
map axe's "needs review" to fail, as Lighthouse lists them).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from optimization.scanner import accessibility, contrast
from optimization.scanner.a11y_css import layout_viewport, media_matches, specificity
from optimization.scanner.a11y_tree import accessible_name, build_doc, role_of
from optimization.scanner.base import AUDITS, Crawl, Fetched, Page, Verdict

START = "https://shop.example/"


def fetched(url: str, body: str, content_type: str = "text/html; charset=utf-8") -> Fetched:
    return Fetched(
        url=url,
        final_url=url,
        status=200,
        headers={"content-type": content_type},
        body=body.encode(),
    )


def page(body: str, *, head: str = "", lang: str = 'lang="en"') -> str:
    return (
        f'<!doctype html><html {lang}><head><meta charset="utf-8"><title>Shop</title>{head}'
        f"</head><body>{body}</body></html>"
    )


def crawl_of(html: str, resources: dict[str, Fetched] | None = None) -> Crawl:
    """A crawl whose start page is this HTML (and whose fetched resources are these)."""
    response = fetched(START, html)
    return Crawl(START, [Page(response)], [response], resources=resources or {})


def judge(audit_id: str, html: str, resources: dict[str, Fetched] | None = None) -> Verdict:
    return AUDITS[audit_id].check(crawl_of(html, resources))


def doc_of(html: str):
    crawl = crawl_of(html)
    return build_doc(crawl, crawl.pages[0])


# (audit id, markup that passes, markup that fails); a body fragment is wrapped in page().
CASES: list[tuple[str, str, str]] = [
    ("html-has-lang", page("<main><h1>x</h1></main>"), page("<main><h1>x</h1></main>", lang="")),
    (
        "html-lang-valid",
        page("<p>x</p>", lang='lang="en-US"'),
        page("<p>x</p>", lang='lang="english"'),
    ),
    ("valid-lang", '<p lang="fr">Bonjour</p>', '<p lang="xx-yy">Bonjour</p>'),
    (
        "html-xml-lang-mismatch",
        page("<p>x</p>", lang='lang="en-GB" xml:lang="en"'),
        page("<p>x</p>", lang='lang="en" xml:lang="fr"'),
    ),
    (
        "input-image-alt",
        '<form><input type="image" src="go.png" alt="Go"></form>',
        '<form><input type="image" src="go.png"></form>',
    ),
    (
        "svg-img-alt",
        '<svg role="img" viewBox="0 0 1 1"><title>Logo</title><circle r="1"/></svg>',
        '<svg role="img" viewBox="0 0 1 1"><circle r="1"/></svg>',
    ),
    ("role-img-alt", '<div role="img" aria-label="Five stars"></div>', '<div role="img"></div>'),
    (
        "object-alt",
        '<object data="tour.swf" title="Shop tour"></object>',
        '<object data="tour.swf"></object>',
    ),
    (
        "image-redundant-alt",
        '<p><img src="a.png" alt="Logo">Welcome</p>',
        '<a href="/"><img src="a.png" alt="Home">Home</a>',
    ),
    ("link-name", '<a href="/shop">Shop</a>', '<a href="/shop"><img src="cart.png"></a>'),
    ("button-name", "<button>Send</button>", '<button><span aria-hidden="true">x</span></button>'),
    (
        "input-button-name",
        '<input type="button" value="Go"><input type="submit">',
        '<input type="button">',
    ),
    (
        "label",
        '<label>Name <input name="n"></label><label for="e">Email</label><input id="e">',
        '<input name="n">',
    ),
    (
        "select-name",
        "<label>Colour <select><option>Red</option></select></label>",
        "<select><option>Red</option></select>",
    ),
    (
        "form-field-multiple-labels",
        '<label for="x">Name</label><input id="x">',
        '<label for="x">Name</label><label for="x">Your name</label><input id="x">',
    ),
    (
        "frame-title",
        '<iframe src="about:blank" title="Map"></iframe>',
        '<iframe src="about:blank"></iframe>',
    ),
    (
        "aria-command-name",
        '<div role="button" tabindex="0">Go</div>',
        '<div role="button" tabindex="0"></div>',
    ),
    (
        "aria-input-field-name",
        '<div role="textbox" aria-label="Notes" contenteditable></div>',
        '<div role="textbox" contenteditable></div>',
    ),
    (
        "aria-toggle-field-name",
        '<div role="switch" aria-checked="false" tabindex="0">Wifi</div>',
        '<div role="checkbox" aria-checked="false" tabindex="0"></div>',
    ),
    (
        "aria-dialog-name",
        '<div role="dialog" aria-label="Hi">hi</div>',
        '<div role="dialog">hi</div>',
    ),
    (
        "aria-meter-name",
        '<div role="meter" aria-valuenow="3" aria-label="Stock"></div>',
        '<div role="meter" aria-valuenow="3"></div>',
    ),
    (
        "aria-progressbar-name",
        '<div role="progressbar" aria-valuenow="3" aria-label="Upload"></div>',
        '<div role="progressbar" aria-valuenow="3"></div>',
    ),
    ("aria-tooltip-name", '<div role="tooltip">Help</div>', '<div role="tooltip"></div>'),
    (
        "aria-treeitem-name",
        '<ul role="tree"><li role="treeitem">Shoes</li></ul>',
        '<ul role="tree"><li role="treeitem"></li></ul>',
    ),
    ("aria-valid-attr", '<div aria-live="polite">y</div>', '<div aria-labeledby="x">y</div>'),
    (
        "aria-allowed-attr",
        '<div role="checkbox" aria-checked="true" tabindex="0">x</div>',
        '<button aria-checked="true">x</button>',
    ),
    (
        "aria-required-attr",
        '<div role="checkbox" aria-checked="false" tabindex="0">x</div>',
        '<div role="checkbox" tabindex="0">x</div>',
    ),
    (
        "aria-allowed-role",
        '<ul role="menu"><li role="menuitem">a</li></ul><a href="/" role="button">b</a>',
        '<button role="heading" aria-level="2">x</button>',
    ),
    ("aria-roles", '<div role="button" tabindex="0">x</div>', '<div role="buton">x</div>'),
    (
        "aria-deprecated-role",
        '<div role="list"><div role="listitem">x</div></div>',
        '<div role="directory">x</div>',
    ),
    (
        "aria-prohibited-attr",
        '<div role="region" aria-label="Offers"></div>',
        '<div aria-label="Offers"></div>',
    ),
    (
        "aria-valid-attr-value",
        '<button aria-expanded="true" aria-controls="m">x</button><div id="m">m</div>',
        '<button aria-expanded="yes">x</button>',
    ),
    (
        "aria-hidden-body",
        page('<p aria-hidden="false">x</p>'),
        '<!doctype html><html lang="en"><head><title>T</title></head>'
        '<body aria-hidden="true"><p>x</p></body></html>',
    ),
    (
        "nested-interactive",
        "<button><span>Buy</span></button>",
        '<button><a href="/">Buy</a></button>',
    ),
    (
        "aria-text",
        '<span role="text">Sale <b>now</b></span>',
        '<span role="text"><a href="/">x</a></span>',
    ),
    (
        "duplicate-id-aria",
        '<span id="l">A</span><span id="m">B</span><button aria-labelledby="l">x</button>',
        '<span id="l">A</span><span id="l">B</span><button aria-labelledby="l">x</button>',
    ),
    (
        "aria-hidden-focus",
        '<div aria-hidden="true"><a href="/" tabindex="-1">x</a><button disabled>y</button></div>',
        '<div aria-hidden="true"><a href="/">x</a></div>',
    ),
    (
        "aria-required-children",
        '<div role="list"><div role="listitem">x</div></div>',
        '<div role="tablist"><button>x</button></div>',
    ),
    (
        "aria-required-parent",
        '<ul role="menu"><li role="menuitem">a</li></ul>',
        '<ul><li role="menuitem">a</li></ul>',
    ),
    (
        "aria-conditional-attr",
        '<label><input type="checkbox" checked aria-checked="true"> Agree</label>',
        '<label><input type="checkbox" aria-checked="true"> Agree</label>',
    ),
    ("list", "<ul><li>a</li><li>b</li></ul>", "<ul><li>a</li><div>b</div></ul>"),
    ("listitem", "<ul><li>a</li></ul>", "<div><li>a</li></div>"),
    (
        "definition-list",
        "<dl><dt>T</dt><dd>D</dd><div><dt>T2</dt><dd>D2</dd></div></dl>",
        "<dl><dd>D</dd><dt>T</dt></dl>",
    ),
    ("dlitem", "<dl><div><dt>T</dt><dd>D</dd></div></dl>", "<div><dt>T</dt><dd>D</dd></div>"),
    (
        "heading-order",
        "<main><h1>A</h1><h2>B</h2><h3>C</h3><h2>D</h2></main>",
        "<main><h1>A</h1><h3>B</h3></main>",
    ),
    ("page-has-heading-one", "<main><h1>A</h1></main>", "<main><h2>A</h2></main>"),
    ("landmark-one-main", "<main><h1>A</h1></main>", "<div><h1>A</h1></div>"),
    (
        "bypass",
        '<div><a href="#content">Skip</a><p id="content">text</p></div>',
        '<div><a href="/about">About</a><p>text</p></div>',
    ),
    (
        "td-headers-attr",
        '<table><tr><th id="h">H</th></tr><tr><td headers="h">1</td></tr></table>',
        '<table><tr><th id="h">H</th></tr><tr><td headers="nope">1</td></tr></table>',
    ),
    (
        "table-duplicate-name",
        '<table summary="Opening hours by day"><caption>Hours</caption><tr><td>1</td></tr></table>',
        '<table summary="Prices"><caption>Prices</caption><tr><td>1</td></tr></table>',
    ),
    (
        "video-caption",
        '<video src="a.mp4"><track kind="captions" src="a.vtt"></video>',
        '<video src="a.mp4"></video>',
    ),
    ("empty-heading", "<main><h1>Shop</h1></main>", "<main><h1></h1><h2>B</h2></main>"),
    (
        "accesskeys",
        '<a href="/" accesskey="s">a</a><button accesskey="t">b</button>',
        '<a href="/" accesskey="s">a</a><button accesskey="S">b</button>',
    ),
    ("tabindex", '<div tabindex="0">x</div>', '<div tabindex="1">x</div>'),
    (
        "meta-viewport",
        page("", head='<meta name="viewport" content="width=device-width, initial-scale=1">'),
        page("", head='<meta name="viewport" content="width=device-width, user-scalable=no">'),
    ),
    (
        "meta-refresh",
        page("", head='<meta http-equiv="refresh" content="0; url=/new">'),
        page("", head='<meta http-equiv="refresh" content="30">'),
    ),
    (
        "declared-contrast",
        '<style>.note { color: #767676; background: #fff }</style><p class="note">Open daily</p>',
        '<style>.note { color: #777; background-color: #ffffff }</style><p class="note">Open</p>',
    ),
]
LAYOUT_ONLY = ("color-contrast", "link-in-text-block", "target-size", "skip-link")


def _html(markup: str) -> str:
    return markup if markup.lstrip().lower().startswith("<!doctype") else page(markup)


@pytest.mark.parametrize(("audit_id", "passing", "failing"), CASES, ids=[c[0] for c in CASES])
def test_audit_passes_and_fails(audit_id: str, passing: str, failing: str) -> None:
    good = judge(audit_id, _html(passing))
    bad = judge(audit_id, _html(failing))
    # Lighthouse reports an informative audit with nothing to list as not applicable
    informative = AUDITS[audit_id].weights["accessibility"] == 0 and AUDITS[audit_id].lighthouse
    assert good.outcome == ("not-applicable" if informative else "pass"), good.explanation
    assert bad.outcome == "fail", bad.explanation
    assert bad.score == 0.0
    assert bad.offenders
    for offender in bad.offenders:
        assert offender.page == "/"
        assert offender.selector
        assert 0 < len(offender.snippet) <= 200


def test_every_accessibility_audit_has_a_passing_and_a_failing_fixture() -> None:
    mine = {
        audit_id
        for audit_id, audit in AUDITS.items()
        if audit.check.__module__ in (accessibility.__name__, contrast.__name__)
    }
    covered = {case[0] for case in CASES} | set(LAYOUT_ONLY)
    assert mine == covered
    assert not {"image-alt", "document-title"} & mine  # the SEO engineer's


@pytest.mark.parametrize("audit_id", LAYOUT_ONLY)
def test_audits_that_need_layout_say_so(audit_id: str) -> None:
    verdict = judge(audit_id, page('<a href="#main">Skip</a><main id="main"><p>Open</p></main>'))
    assert verdict.outcome == "needs-layout"
    assert verdict.score is None


def test_layout_audits_are_not_applicable_with_nothing_to_check() -> None:
    assert judge("color-contrast", page('<img src="a.png" alt="">')).outcome == "not-applicable"
    assert judge("skip-link", page('<a href="/menu">Menu</a>')).outcome == "not-applicable"


def test_aria_containers_look_through_plain_wrappers_and_groups() -> None:
    wrapped = '<div role="listbox" aria-label="x"><div><div role="option">a</div></div></div>'
    assert judge("aria-required-children", page(wrapped)).outcome == "pass"
    grouped = '<div role="menu"><div role="group"><div role="menuitem">a</div></div></div>'
    assert judge("aria-required-parent", page(grouped)).outcome == "pass"
    owned = '<div role="tablist" aria-owns="t1"></div><div id="t1" role="tab">a</div>'
    assert judge("aria-required-parent", page(owned)).outcome == "pass"
    # an empty list is for a person to check; an empty feed fails
    assert judge("aria-required-children", page('<div role="list"></div>')).outcome == "pass"
    assert judge("aria-required-children", page('<div role="feed"></div>')).outcome == "fail"


@pytest.mark.parametrize(
    ("audit_id", "markup"),
    [
        ("input-image-alt", "<p>No image buttons</p>"),
        ("link-name", "<p>No links</p>"),
        ("button-name", "<p>No buttons</p>"),
        ("label", '<form><input type="hidden" name="t"><input type="submit"></form>'),
        ("select-name", "<p>x</p>"),
        ("frame-title", '<iframe src="about:blank" tabindex="-1"></iframe>'),
        ("svg-img-alt", '<svg aria-hidden="true"></svg>'),
        ("list", "<p>x</p>"),
        ("tabindex", "<p>x</p>"),
        ("meta-viewport", "<p>x</p>"),
        ("meta-refresh", "<p>x</p>"),
        ("bypass", "<p>A page without links</p>"),
        ("html-lang-valid", page("<p>x</p>", lang="")),
        ("declared-contrast", "<p>No colours declared</p>"),
        ("duplicate-id-aria", '<div id="q"></div><div id="q"></div>'),
    ],
)
def test_not_applicable_when_nothing_to_check(audit_id: str, markup: str) -> None:
    assert judge(audit_id, _html(markup)).outcome == "not-applicable"


def test_not_applicable_without_a_start_page() -> None:
    crawl = Crawl(START, [], [], error="The site did not answer.")
    for audit_id in ("link-name", "html-has-lang", "declared-contrast", "color-contrast"):
        assert AUDITS[audit_id].check(crawl).outcome == "not-applicable"


# --- tricky cases ---------------------------------------------------------------------


def test_name_from_aria_labelledby_passes_link_name() -> None:
    html = page('<span id="l">Go home</span><a href="/" aria-labelledby="l"><svg></svg></a>')
    assert judge("link-name", html).outcome == "pass"
    assert judge("link-name", page('<a href="/" aria-labelledby="nope"></a>')).outcome == "fail"


def test_hidden_input_is_not_a_field_to_label() -> None:
    html = page('<form><input type="hidden" name="token"><label>Q <input name="q"></label></form>')
    verdict = judge("label", html)
    assert verdict.outcome == "pass"
    assert verdict.explanation == "The one form field on the start page passes."


def test_presentational_image_in_link_leaves_the_link_unnamed() -> None:
    html = page('<a href="/"><img src="logo.png" role="presentation"></a>')
    verdict = judge("link-name", html)
    assert verdict.outcome == "fail"
    assert verdict.offenders[0].snippet == '<a href="/">'


def test_svg_with_title_child_names_the_svg_and_its_link() -> None:
    assert judge("svg-img-alt", page('<svg role="img"><title>Logo</title></svg>')).outcome == "pass"
    assert judge("svg-img-alt", page('<svg role="img"><title> </title></svg>')).outcome == "fail"
    svg_link = page('<a href="/"><svg><title>Home</title></svg></a>')
    assert judge("link-name", svg_link).outcome == "pass"


def test_lang_en_us_is_valid_and_english_is_not() -> None:
    assert judge("html-lang-valid", page("<p>x</p>", lang='lang="en-US"')).outcome == "pass"
    bad = judge("html-lang-valid", page("<p>x</p>", lang='lang="english"'))
    assert bad.outcome == "fail"
    assert 'lang="english"' in bad.offenders[0].note
    assert judge("html-has-lang", page("<p>x</p>", lang='xml:lang="en"')).outcome == "fail"


def test_heading_skip_from_h1_to_h3_fails_but_a_first_h3_does_not() -> None:
    verdict = judge("heading-order", page("<main><h1>A</h1><h3>B</h3></main>"))
    assert verdict.outcome == "fail"
    assert verdict.offenders[0].snippet == "<h3>"
    assert judge("heading-order", page("<main><h3>A</h3><h4>B</h4></main>")).outcome == "pass"
    # a hidden heading is not in the order; role=none takes an h4 out of it
    assert judge("heading-order", page("<h1>A</h1><h3 hidden>B</h3><h2>C</h2>")).outcome == "pass"
    not_a_heading = page('<h1>A</h1><h4 role="none">B</h4><h2>C</h2>')
    assert judge("heading-order", not_a_heading).outcome == "pass"
    aria_level = page('<h1>A</h1><div role="heading" aria-level="4">B</div>')
    assert judge("heading-order", aria_level).outcome == "fail"


def test_list_with_div_child_fails_but_script_and_template_are_allowed() -> None:
    verdict = judge("list", page("<ul><li>a</li><div>b</div></ul>"))
    assert verdict.outcome == "fail"
    assert "<div>" in verdict.offenders[0].note
    ok = page("<ul><li>a</li><script></script><template><p>x</p></template></ul>")
    assert judge("list", ok).outcome == "pass"
    assert judge("list", page("<ol>text<li>a</li></ol>")).outcome == "fail"
    assert judge("list", page('<ul role="list"><div>b</div></ul>')).outcome == "not-applicable"


def test_tabindex_1_fails_and_names_the_element() -> None:
    html = page('<div id="promo" tabindex="1">x</div><a href="/" tabindex="0">y</a>')
    verdict = judge("tabindex", html)
    assert verdict.outcome == "fail"
    assert [o.selector for o in verdict.offenders] == ["#promo"]
    assert judge("tabindex", page('<div tabindex="3" hidden>x</div>')).outcome == "not-applicable"


def test_elements_hidden_by_css_are_left_out() -> None:
    hidden = (
        "<style>.x{display:none} .y{visibility:hidden}</style>"
        '<nav class="x"><a href="/a"></a></nav>'
        '<div class="y"><button></button></div><div style="display: none"><a href="/b"></a></div>'
        '<a href="/c" aria-hidden="true"></a><div inert><button></button></div>'
    )
    assert judge("link-name", page(hidden)).outcome == "not-applicable"
    assert judge("button-name", page(hidden)).outcome == "not-applicable"
    # a later, more specific rule shows it again
    shown = (
        "<style>.a{display:none} #b{display:block}</style>"
        '<div id="b" class="a"><a href="/a"></a></div>'
    )
    assert judge("link-name", page(shown)).outcome == "fail"
    # visibility is inherited, and a child can be made visible again
    child = (
        "<style>.x{visibility:hidden} .y{visibility:visible}</style>"
        '<div class="x"><a class="y" href="/a"></a></div>'
    )
    assert judge("link-name", page(child)).outcome == "fail"


def test_media_queries_are_read_for_lighthouses_phone() -> None:
    css = "<style>@media (max-width: 600px) { .desktop { display: none } }</style>"
    body = '<nav class="desktop"><a href="/a"></a></nav>'
    mobile = page(css + body, head='<meta name="viewport" content="width=device-width">')
    # without a viewport tag a phone lays the page out 980 pixels wide: the rule is off
    assert judge("link-name", mobile).outcome == "not-applicable"
    assert judge("link-name", page(css + body)).outcome == "fail"


def test_stylesheets_from_the_crawl_hide_elements() -> None:
    link = '<link rel="stylesheet" href="/site.css">'
    html = page('<a class="icon" href="/cart"></a>', head=link)
    css = fetched(START + "site.css", ".icon { display: none }", "text/css")
    assert judge("link-name", html).outcome == "fail"
    assert judge("link-name", html, {START + "site.css": css}).outcome == "not-applicable"


def test_details_closed_content_is_hidden() -> None:
    closed = page('<details><summary>More</summary><a href="/x"></a></details>')
    assert judge("link-name", closed).outcome == "not-applicable"
    opened = page('<details open><summary>More</summary><a href="/x"></a></details>')
    assert judge("link-name", opened).outcome == "fail"


def test_label_hidden_from_screen_readers_does_not_name_the_field() -> None:
    html = page('<label for="x" style="display:none">Name</label><input id="x">')
    assert judge("label", html).outcome == "fail"
    named = page('<label for="x" style="display:none">Name</label><input id="x" aria-label="Name">')
    assert judge("label", named).outcome == "pass"


def test_viewport_zoom_rules() -> None:
    def verdict(content: str) -> str:
        head = f'<meta name="viewport" content="{content}">'
        return judge("meta-viewport", page("", head=head)).outcome

    assert verdict("width=device-width, maximum-scale=1.0") == "fail"
    assert verdict("user-scalable=0") == "fail"
    assert verdict("width=device-width; maximum-scale=2") == "pass"
    assert verdict("user-scalable=yes, maximum-scale=5") == "pass"


def test_refresh_rules() -> None:
    def verdict(content: str) -> str:
        head = f'<meta http-equiv="refresh" content="{content}">'
        return judge("meta-refresh", page("", head=head)).outcome

    assert verdict("0; url=/moved") == "pass"  # an immediate redirect is allowed
    assert verdict("80000") == "pass"  # longer than 20 hours
    assert verdict("5; url=/next") == "fail"


def test_modal_dialog_passes_page_level_checks() -> None:
    html = page('<div role="dialog" aria-label="Cookies">We use cookies</div>')
    assert judge("page-has-heading-one", html).outcome == "pass"


def test_offender_selector_finds_the_element() -> None:
    html = page(
        '<main><ul><li>a</li></ul><ul><li>b</li><div id="d">x</div></ul>'
        "<section><ul><li>c</li><p>y</p></ul></section></main>"
    )
    verdict = judge("list", html)
    assert verdict.outcome == "fail"
    crawl = crawl_of(html)
    tree = crawl.pages[0].tree
    snippets = []
    for offender in verdict.offenders:
        found = tree.css(offender.selector)
        assert len(found) == 1, offender.selector
        assert found[0].tag == "ul"
        snippets.append(offender.snippet)
    assert snippets == ["<ul>", "<ul>"]


def test_snippet_is_at_most_200_characters() -> None:
    long_class = "x" * 400
    verdict = judge("link-name", page(f'<a href="/" class="{long_class}"></a>'))
    snippet = verdict.offenders[0].snippet
    assert len(snippet) == 200
    assert snippet.startswith('<a href="/" class="xxx')


# --- the accessible name ------------------------------------------------------------------

NAMES = [
    ("<a id=t href=/x>Hello <b>world</b></a>", "Hello world"),
    (
        "<span id=a>First</span><span id=b>Second</span>"
        '<button id=t aria-labelledby="a b">X</button>',
        "First Second",
    ),
    ("<label>Name <input id=t></label>", "Name"),
    ("<label for=t>Email</label><input id=t>", "Email"),
    ("<input id=t type=submit>", "Submit"),
    ('<input id=t type=reset value="Clear">', "Clear"),
    ('<input id=t type=image alt="Search">', "Search"),
    ("<a id=t href=/><svg><title>Home</title></svg></a>", "Home"),
    ('<a id=t href=/><img src=x alt="Logo"> Shop</a>', "Logo Shop"),
    ("<button id=t><span aria-hidden=true>X</span></button>", ""),
    ("<button id=t><span hidden>X</span>Y</button>", "Y"),
    ('<button id=t><span style="display:none">X</span>Y</button>', "Y"),
    ("<style>.sr{display:none}</style><button id=t><span class=sr>X</span>Y</button>", "Y"),
    ("<label for=t>Colour <select><option>Red</option></select></label><input id=t>", "Colour Red"),
    ('<a id=t href=/ title="Tip"></a>', "Tip"),
    ('<div id=t role=button aria-label="  Close  "></div>', "Close"),
    ("<table id=t><caption>Prices</caption><tr><td>1</td></tr></table>", "Prices"),
    ("<a id=t href=/>one<div>two</div>three</a>", "one two three"),
    ('<a id=t href=/><img src=x alt="" role=presentation>x</a>', "x"),
    ('<input id=t placeholder="Search the shop">', "Search the shop"),
    ("<span id=h hidden>Hidden</span><button id=t aria-labelledby=h></button>", "Hidden"),
    ("<fieldset id=t><legend>Delivery</legend><input aria-label=x></fieldset>", "Delivery"),
    ("<div id=t role=button tabindex=0 aria-owns=o></div><span id=o>Owned</span>", "Owned"),
    ('<button id=t aria-label="">Text</button>', "Text"),
]


@pytest.mark.parametrize(("markup", "name"), NAMES)
def test_accessible_name(markup: str, name: str) -> None:
    doc = doc_of(page(markup))
    assert accessible_name(doc, doc.by_id["t"]) == name


def test_roles_follow_axe() -> None:
    doc = doc_of(
        page(
            '<img id=a src=x alt=""><img id=b src=x alt="" tabindex=0>'
            "<button id=c role=none></button><button id=d role=none disabled></button>"
            "<header id=e></header><article><header id=f></header></article>"
            "<section id=g></section><section id=h aria-label=Offers></section>"
            "<input id=i list=dl><datalist id=dl></datalist>"
            '<ul role=none><li id=j>x</li></ul><div id=k role="button link"></div>'
        )
    )
    roles = {key: role_of(doc, doc.by_id[key]) for key in "abcdefghijk"}
    assert roles == {
        "a": "presentation",
        "b": "img",
        "c": "button",  # focusable: role=none is ignored
        "d": "none",
        "e": "banner",
        "f": None,
        "g": None,
        "h": "region",
        "i": "combobox",
        "j": "none",  # inherits the list's presentation
        "k": None,  # a role list is only read with fallback
    }


# --- contrast maths and declared colour pairs ---------------------------------------------------


@pytest.mark.parametrize(
    ("foreground", "background", "expected", "passes"),
    [
        ("#777", "#fff", 4.48, False),
        ("#767676", "white", 4.54, True),
        ("#000000", "#ffffff", 21.0, True),
        ("rgb(255 255 255)", "hsl(0, 0%, 0%)", 21.0, True),
        ("blue", "#fff", 8.59, True),
    ],
)
def test_contrast_ratio_of_known_pairs(
    foreground: str, background: str, expected: float, passes: bool
) -> None:
    fg, bg = contrast.parse_colour(foreground), contrast.parse_colour(background)
    assert fg is not None and bg is not None
    value = contrast.ratio(fg, bg)
    assert round(value, 2) == expected
    assert (value > contrast.required_ratio(16, False)) is passes


def test_translucent_text_is_composited_over_its_background() -> None:
    fg = contrast.parse_colour("rgba(0, 0, 0, 0.5)")
    bg = contrast.parse_colour("#fff")
    assert fg is not None and bg is not None
    assert contrast.flatten(fg, bg)[:3] == pytest.approx((127.5, 127.5, 127.5))
    assert contrast.ratio(fg, bg) == pytest.approx(3.95, abs=0.02)


def test_large_text_thresholds_follow_axe() -> None:
    assert contrast.required_ratio(24, False) == 3.0
    assert contrast.required_ratio(23.9, False) == 4.5
    assert contrast.required_ratio(18.66, True) == 3.0
    assert contrast.required_ratio(18.6, True) == 4.5
    assert contrast.required_ratio(None, True) == 4.5


def test_declared_contrast_large_text_needs_only_3_to_1() -> None:
    css = "<style>.big { color: #888; background: #fff; font-size: 24px }</style>"
    assert judge("declared-contrast", page(css + '<p class="big">Sale</p>')).outcome == "pass"
    bold = "<style>.b { color: #888; background: #fff; font: bold 14pt sans-serif }</style>"
    assert judge("declared-contrast", page(bold + '<p class="b">Sale</p>')).outcome == "pass"
    small = "<style>.s { color: #888; background: #fff; font-size: 16px }</style>"
    assert judge("declared-contrast", page(small + '<p class="s">Sale</p>')).outcome == "fail"


def test_declared_contrast_resolves_custom_properties_from_root() -> None:
    css = (
        "<style>:root { --ink: #999; --paper: #ffffff } "
        ".card { color: var(--ink); background-color: var(--paper) }</style>"
    )
    verdict = judge("declared-contrast", page(css + '<div class="card">Hours</div>'))
    assert verdict.outcome == "fail"
    offender = verdict.offenders[0]
    assert offender.selector == ".card"
    assert "var(--ink)" in offender.snippet
    assert offender.note.startswith("2.84:1")
    fallback = "<style>.x { color: var(--missing, #222); background: #fff }</style>"
    assert judge("declared-contrast", page(fallback + '<p class="x">Hi</p>')).outcome == "pass"


def test_declared_contrast_checks_the_body_pair_and_linked_stylesheets() -> None:
    html = page("<p>Welcome</p>", head='<link rel="stylesheet" href="/s.css">')
    css = fetched(START + "s.css", "body { color: #aaa }", "text/css")
    verdict = judge("declared-contrast", html, {START + "s.css": css})
    assert verdict.outcome == "fail"  # #aaa on the white canvas
    assert verdict.offenders[0].selector == "body"
    assert START + "s.css" in verdict.offenders[0].note


def test_declared_contrast_skips_what_it_cannot_compute() -> None:
    css = (
        "<style>.img { color: #eee; background: #fff url(hero.jpg) }"
        " .glass { color: #eee; background: rgba(255,255,255,.5) }"
        " .grad { color: #eee; background: linear-gradient(#fff, #000) }"
        " .unused { color: #eee; background: #fff }"
        " .x:hover { color: #eee; background: #fff }</style>"
    )
    body = '<p class="img">a</p><p class="glass">b</p><p class="grad">c</p><p class="x">d</p>'
    assert judge("declared-contrast", page(css + body)).outcome == "not-applicable"


# --- reading CSS -------------------------------------------------------------------------------


def test_specificity() -> None:
    assert specificity("#a .b p") == (1, 1, 1)
    assert specificity("ul li:not(.x, #y)") == (1, 0, 2)
    assert specificity(":where(#a) p") == (0, 0, 1)
    assert specificity("a[href]:hover::before") == (0, 2, 2)


def test_media_queries() -> None:
    assert media_matches("screen and (max-width: 600px)", 412, 823)
    assert not media_matches("print", 412, 823)
    assert not media_matches("(min-width: 48em)", 412, 823)
    assert media_matches("(width <= 600px)", 412, 823)
    assert media_matches("(prefers-color-scheme: light)", 412, 823)
    assert not media_matches("(prefers-color-scheme: dark)", 412, 823)
    assert media_matches("not print", 412, 823)


def test_layout_viewport() -> None:
    def width(head: str) -> float:
        crawl = crawl_of(page("", head=head))
        return layout_viewport(crawl.pages[0])[0]

    assert width('<meta name="viewport" content="width=device-width, initial-scale=1">') == 412
    assert width("") == 980
    assert width('<meta name="viewport" content="width=1200">') == 1200


# --- weights ---------------------------------------------------------------------------------

LIGHTHOUSE_CONFIG = Path("/work/lighthouse/node_modules/lighthouse/core/config/default-config.js")
INFORMATIVE = {
    "bypass",
    "duplicate-id-aria",
    "empty-heading",
    "form-field-multiple-labels",
    "landmark-one-main",
    "video-caption",
}


@pytest.mark.skipif(not LIGHTHOUSE_CONFIG.exists(), reason="Lighthouse 12.2.3 is not installed")
def test_weights_are_lighthouses() -> None:
    text = LIGHTHOUSE_CONFIG.read_text()
    section = text[text.index("'accessibility': {") :]
    section = section[section.index("auditRefs") :]
    section = section[: section.index("],")]
    refs = re.findall(r"\{id: '([a-z0-9-]+)', weight: (\d+)", section)
    weights = {audit_id: float(weight) for audit_id, weight in refs}
    for audit_id, audit in AUDITS.items():
        if audit.check.__module__ not in (accessibility.__name__, contrast.__name__):
            continue
        weight = audit.weights["accessibility"]
        if audit_id == "declared-contrast":
            assert weight == weights["color-contrast"]
        elif audit_id in INFORMATIVE:
            assert weight == 0 and audit_id in weights  # Lighthouse scores these as informative
        elif audit.lighthouse:
            assert weight == weights[audit_id], audit_id
        else:
            assert audit_id not in weights and weight == 0, audit_id
        assert audit.axe or audit_id == "declared-contrast"


def test_imports_media_and_inert_styles() -> None:
    head = (
        '<link rel="stylesheet" href="/print.css" media="print">'
        "<style>@import url(more.css) screen;</style>"
        "<template><style>.b { display: none }</style></template>"
    )
    html = page('<a class="a" href="/x"></a><a class="b" href="/y"></a>', head=head)
    resources = {
        START + "print.css": fetched(START + "print.css", ".b { display: none }", "text/css"),
        START + "more.css": fetched(START + "more.css", ".a { display: none }", "text/css"),
    }
    verdict = judge("link-name", html, resources)
    # .a is hidden by the imported sheet; .b only by a print sheet and an inert template
    assert verdict.outcome == "fail"
    assert [o.snippet for o in verdict.offenders] == ['<a class="b" href="/y">']


def test_explanations_read_right_for_one_and_many() -> None:
    assert judge("link-name", page('<a href="/"></a>')).explanation == (
        "The one link on the start page has no name a screen reader can announce."
    )
    two = judge("link-name", page('<a href="/"></a><a href="/x">Shop</a>'))
    assert two.explanation == (
        "1 of the 2 links on the start page has no name a screen reader can announce."
    )
    three = judge("link-name", page('<a href="/"></a><a href="/x">Shop</a><a href="/y"></a>'))
    assert three.explanation.startswith("2 of the 3 links on the start page have no name")
    assert judge("html-has-lang", page("<p>x</p>", lang="")).explanation == (
        "The page does not say which language it is written in."
    )


def test_body_pair_only_counts_for_text_on_the_page_background() -> None:
    # the text sits in a dark wrapper: body's light text on the white canvas is never seen
    wrapped = "<style>body { color: #eee } .page { background: #222 }</style>"
    html = page(wrapped + '<div class="page"><p>Welcome</p></div>')
    assert judge("declared-contrast", html).outcome == "not-applicable"
    # a stylesheet the crawl could not read may set the background: nothing is assumed
    missing = page(
        "<p>Welcome</p>", head='<link rel="stylesheet" href="https://cdn.example/a.css">'
    )
    light = "<style>body { color: #eee }</style>"
    assert judge("declared-contrast", missing.replace("</head>", light + "</head>")).outcome == (
        "not-applicable"
    )
    # the same pair declared twice is one offender
    rule = "body { color: #999; background: #fff }"
    twice = f"<style>{rule} {rule}</style>"
    verdict = judge("declared-contrast", page(twice + "<p>Welcome</p>"))
    assert verdict.outcome == "fail"
    assert len(verdict.offenders) == 1


def test_a_region_named_by_itself_does_not_loop() -> None:
    html = page('<section id="s" aria-labelledby="s"><h2>Offers</h2><a href="/x"></a></section>')
    doc = doc_of(html)
    assert role_of(doc, doc.by_id["s"]) == "region"
    assert accessible_name(doc, doc.by_id["s"]) == "Offers"
    assert judge("link-name", html).outcome == "fail"
