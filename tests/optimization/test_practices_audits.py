"""The best-practices audits (doctype, charset, is-on-https, redirects-http) on crawls built
from hand-written responses, each with a passing and a failing fixture."""

from __future__ import annotations

from typing import Any

import pytest

from optimization.scanner.base import AUDITS, Crawl, Fetched
from optimization.scanner.practices import (
    charset,
    doctype,
    is_on_https,
    read_doctype,
    redirects_http,
)
from tests.optimization.helpers import fetched, html_crawl

HTML5 = (
    b"<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>t</title></head>"
    b"<body></body></html>"
)


def _response(url: str, body: bytes = HTML5, **fields: Any) -> Fetched:
    return fetched(url, body, **fields)


def _crawl(*responses: Fetched, start_url: str = "", probe: Fetched | None = None) -> Crawl:
    return html_crawl(*responses, start_url=start_url, http_probe=probe)


def test_registered_with_lighthouse_ids_and_best_practices_weights():
    # core/config/default-config.js: is-on-https 5, redirects-http 1, doctype 1, charset 1
    expected = {"is-on-https": 5, "redirects-http": 1, "doctype": 1, "charset": 1}
    for audit_id, weight in expected.items():
        registered = AUDITS[audit_id]
        assert registered.weights == {"best-practices": weight}
        assert registered.lighthouse
        assert registered.fix and len(registered.fix) < 120
    assert AUDITS["doctype"].title == "Page has the HTML doctype"
    assert AUDITS["is-on-https"].title == "Uses HTTPS"


# --- doctype -------------------------------------------------------------------------------


def test_doctype_passes_with_the_html5_doctype():
    verdict = doctype(_crawl(_response("https://shop.example/")))
    assert verdict.outcome == "pass"
    assert verdict.score == 1.0


def test_doctype_fails_without_one():
    body = b"<html><head><title>t</title></head><body>hi</body></html>"
    verdict = doctype(_crawl(_response("https://shop.example/", body)))
    assert verdict.outcome == "fail"
    assert verdict.score == 0.0
    assert verdict.offenders[0].page == "/"
    assert verdict.offenders[0].note == "Document must contain a doctype"


@pytest.mark.parametrize(
    ("markup", "reason"),
    [
        # text before the doctype: the parser never sees it, so there is none
        ("hello<!DOCTYPE html>", "Document must contain a doctype"),
        (
            '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
            '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
            "Document contains a doctype that triggers limited-quirks-mode",
        ),
        (
            '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">',
            "Expected publicId to be an empty string",
        ),
        (
            '<!DOCTYPE html SYSTEM "http://www.ibm.com/data/dtd/v11/ibmxhtml1-transitional.dtd">',
            "Expected systemId to be an empty string",
        ),
        ("<!DOCTYPE svg>", "Doctype name must be the string html"),
        ("<!DOCTYPE html bogus>", "Document contains a doctype that triggers quirks-mode"),
    ],
)
def test_doctype_explains_each_kind_of_quirks_mode_as_lighthouse_does(markup, reason):
    body = (markup + "<html><head><title>t</title></head><body></body></html>").encode()
    verdict = doctype(_crawl(_response("https://shop.example/about", body)))
    assert verdict.outcome == "fail"
    assert verdict.offenders[0].note == reason
    assert verdict.offenders[0].page == "/about"


@pytest.mark.parametrize(
    "markup",
    [
        "<!doctype HTML>",
        "<!-- built 2024 -->\n  <!DOCTYPE html>",
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>',
        '<!DOCTYPE html SYSTEM "about:legacy-compat">',
        # XHTML 1.0 Strict is a standards-mode doctype, so Lighthouse passes it
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">',
    ],
)
def test_doctype_passes_standards_mode_doctypes(markup):
    body = (markup + "<html><head><title>t</title></head></html>").encode()
    assert doctype(_crawl(_response("https://shop.example/", body))).outcome == "pass"


def test_doctype_reader_follows_the_tokenizer():
    dt = read_doctype("\ufeff <!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\" 'x'>")
    assert dt is not None
    assert (dt.name, dt.public_id, dt.system_id, dt.force_quirks) == (
        "html",
        "-//W3C//DTD HTML 4.01//EN",
        "x",
        False,
    )
    assert dt.mode == "no-quirks"
    assert _mode("<!DOCTYPE>") == "quirks"  # a doctype without a name forces quirks mode
    # HTML 4.01 Transitional: quirks without a system identifier, limited-quirks with one
    assert _mode('<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">') == "quirks"
    with_system = '<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://x">'
    assert _mode(with_system) == "limited-quirks"


def _mode(markup: str) -> str:
    found = read_doctype(markup)
    assert found is not None
    return found.mode


def test_doctype_names_only_the_failing_pages():
    good = _response("https://shop.example/")
    bad = _response("https://shop.example/old", b"<html><body>old page</body></html>")
    verdict = doctype(_crawl(good, bad))
    assert verdict.outcome == "fail"
    assert [o.page for o in verdict.offenders] == ["/old"]
    assert "1 of 2 pages" in verdict.explanation


# --- charset -------------------------------------------------------------------------------


def test_charset_passes_from_the_content_type_header():
    body = b"<!DOCTYPE html><title>no meta</title>"
    verdict = charset(_crawl(_response("https://shop.example/", body)))
    assert verdict.outcome == "pass"


def test_charset_passes_from_a_meta_tag_early_in_the_page():
    body = b'<!DOCTYPE html><head><meta charset="utf-8"><title>t</title>'
    crawl = _crawl(_response("https://shop.example/", body, content_type="text/html"))
    assert charset(crawl).outcome == "pass"


def test_charset_passes_from_http_equiv_content_type():
    body = (
        b'<!DOCTYPE html><head><meta http-equiv="Content-Type" '
        b'content="text/html; charset=iso-8859-1"><title>t</title>'
    )
    crawl = _crawl(_response("https://shop.example/", body, content_type="text/html"))
    assert charset(crawl).outcome == "pass"


def test_charset_passes_from_a_byte_order_mark():
    body = b"\xef\xbb\xbf<!DOCTYPE html><title>t</title>"
    crawl = _crawl(_response("https://shop.example/", body, content_type="text/html"))
    assert charset(crawl).outcome == "pass"


def test_charset_fails_without_any_declaration():
    body = b"<!DOCTYPE html><head><title>t</title></head>"
    crawl = _crawl(_response("https://shop.example/", body, content_type="text/html"))
    verdict = charset(crawl)
    assert verdict.outcome == "fail"
    assert verdict.offenders[0].snippet == "Content-Type: text/html"


def test_charset_fails_when_the_meta_comes_after_1024_bytes():
    filler = b"<!-- " + b"x" * 1100 + b" -->"
    body = b"<!DOCTYPE html><head>" + filler + b'<meta charset="utf-8"><title>t</title>'
    crawl = _crawl(_response("https://shop.example/", body, content_type="text/html"))
    assert charset(crawl).outcome == "fail"


# --- is-on-https ---------------------------------------------------------------------------


def test_is_on_https_passes_for_an_https_page_with_https_files():
    body = HTML5.replace(
        b"</body>",
        b'<img src="/logo.png"><script src="https://cdn.example.org/a.js"></script></body>',
    )
    assert is_on_https(_crawl(_response("https://shop.example/", body))).outcome == "pass"


def test_is_on_https_treats_localhost_as_secure_like_chrome():
    body = HTML5.replace(b"</body>", b'<img src="http://127.0.0.1:9000/a.png"></body>')
    crawl = _crawl(_response("http://shop.localhost:8000/", body))
    assert is_on_https(crawl).outcome == "pass"
    assert is_on_https(_crawl(_response("http://localhost/"))).outcome == "pass"


def test_is_on_https_fails_for_a_page_served_over_http():
    verdict = is_on_https(_crawl(_response("http://shop.example/")))
    assert verdict.outcome == "fail"
    assert verdict.value == 1
    assert verdict.offenders[0].snippet == "http://shop.example/"


def test_is_on_https_lists_insecure_subresources_of_an_https_page():
    body = HTML5.replace(
        b"</body>",
        b'<img src="http://images.example.net/team.jpg" alt="team">'
        b'<link rel="stylesheet" href="http://cdn.example.net/site.css">'
        b'<a href="http://elsewhere.example/">a link is not a request</a></body>',
    )
    verdict = is_on_https(_crawl(_response("https://shop.example/", body)))
    assert verdict.outcome == "fail"
    assert verdict.value == 2
    notes = [o.note for o in verdict.offenders]
    assert notes == [
        "Insecure URL: http://images.example.net/team.jpg",
        "Insecure URL: http://cdn.example.net/site.css",
    ]
    assert verdict.offenders[0].selector == "body > img"
    assert verdict.offenders[0].snippet.startswith("<img src=")


def test_is_on_https_counts_http_addresses_of_hsts_preloaded_hosts_as_secure():
    # Seen on en.wikipedia.org's saved page served over http: <img src="//upload.wikimedia
    # .org/..."> resolves to http://, Chrome sends it as https (wikimedia.org is in the HSTS
    # preload list, a 307 "Non-Authoritative-Reason: HSTS"), and Lighthouse passes the page.
    body = HTML5.replace(
        b"</body>",
        b'<img src="//upload.wikimedia.org/wikipedia/commons/a.png" alt="">'
        b'<script src="http://cdnjs.cloudflare.com/ajax/libs/x.js"></script></body>',
    )
    assert is_on_https(_crawl(_response("http://127.0.0.1:8000/", body))).outcome == "pass"
    # A host not on the list stays insecure.
    body = body.replace(b"upload.wikimedia.org", b"images.example.net")
    verdict = is_on_https(_crawl(_response("http://127.0.0.1:8000/", body)))
    assert verdict.outcome == "fail"
    assert [o.note for o in verdict.offenders] == [
        "Insecure URL: http://images.example.net/wikipedia/commons/a.png"
    ]


@pytest.mark.parametrize(
    ("meta", "header"),
    [
        # folha.uol.com.br's saved page: Chrome requested all its http:// images and
        # scripts over https, and Lighthouse passed it.
        ('<meta http-equiv="Content-Security-Policy" content="upgrade-insecure-requests" />', ""),
        ("<meta content='upgrade-insecure-requests' http-equiv='Content-Security-Policy'/>", ""),
        ("", "default-src https:; upgrade-insecure-requests"),
    ],
)
def test_is_on_https_passes_subresources_a_csp_upgrades(meta, header):
    body = HTML5.replace(b"<title>", meta.encode() + b"<title>").replace(
        b"</body>",
        b'<img src="http://f.i.uol.com.br/a.jpeg" alt="">'
        b'<script src="//jsuol.com.br/barra/parceiro-async.js"></script></body>',
    )
    page = _response("https://www.folha.example/", body)
    if header:
        page.headers["content-security-policy"] = header
    assert is_on_https(_crawl(page)).outcome == "pass"


def test_is_on_https_ignores_upgrade_insecure_requests_outside_head_and_for_the_page():
    meta = b'<meta http-equiv="Content-Security-Policy" content="upgrade-insecure-requests">'
    body = HTML5.replace(b"</body>", b"<p>" + meta + b'<img src="http://a.example/b.png"></body>')
    verdict = is_on_https(_crawl(_response("https://shop.example/", body)))
    assert verdict.outcome == "fail"  # a <meta> in <body> sets no policy
    in_head = HTML5.replace(b"<title>", meta + b"<title>")
    verdict = is_on_https(_crawl(_response("http://shop.example/", in_head)))
    assert verdict.outcome == "fail"  # the page itself was still requested over http


def test_is_on_https_leaves_out_apple_touch_icons_chrome_never_requests():
    # bbc.com's saved page: its five http:// apple-touch-icon links were not among the
    # requests Lighthouse saw; its http:// favicon links (aktualne.cz) were.
    touch = (
        b'<link rel="apple-touch-icon" href="http://static.bbci.co.uk/apple-touch-icon.png"/>'
        b'<link rel="apple-touch-icon-precomposed" sizes="57x57" href="http://static.bbci.co.uk'
        b'/apple-touch-icon-57x57-precomposed.png"/>'
    )
    body = HTML5.replace(b"<title>", touch + b"<title>")
    assert is_on_https(_crawl(_response("https://www.bbc.example/", body))).outcome == "pass"
    icon = b'<link rel="icon" href="http://asset.stdout.cz/favicon-32x32.png">'
    body = HTML5.replace(b"<title>", touch + icon + b"<title>")
    verdict = is_on_https(_crawl(_response("https://www.bbc.example/", body)))
    assert verdict.outcome == "fail"
    assert [o.note for o in verdict.offenders] == [
        "Insecure URL: http://asset.stdout.cz/favicon-32x32.png"
    ]


def test_is_on_https_counts_an_http_hop_before_the_https_page():
    page = _response(
        "http://shop.example/",
        final_url="https://shop.example/",
        redirects=("https://shop.example/",),
    )
    verdict = is_on_https(_crawl(page, start_url="http://shop.example/"))
    assert verdict.outcome == "fail"
    assert verdict.offenders[0].snippet == "http://shop.example/"


# --- redirects-http ------------------------------------------------------------------------


def test_redirects_http_passes_when_the_http_probe_ends_on_https():
    probe = _response(
        "http://shop.example/",
        final_url="https://shop.example/",
        redirects=("https://shop.example/",),
    )
    verdict = redirects_http(_crawl(_response("https://shop.example/"), probe=probe))
    assert verdict.outcome == "pass"


def test_redirects_http_fails_when_plain_http_is_served():
    probe = _response("http://shop.example/")
    verdict = redirects_http(_crawl(_response("https://shop.example/"), probe=probe))
    assert verdict.outcome == "fail"
    assert verdict.score == 0.0
    assert "plain http" in verdict.explanation


def test_redirects_http_judges_a_scan_started_on_http_as_lighthouse_does():
    start = _response(
        "http://shop.example/",
        final_url="https://shop.example/",
        redirects=("https://shop.example/",),
    )
    assert redirects_http(_crawl(start)).outcome == "pass"
    assert redirects_http(_crawl(_response("http://shop.example/"))).outcome == "fail"


def test_redirects_http_is_not_applicable_on_localhost_or_without_http():
    local = _response("http://127.0.0.1:8000/")
    assert redirects_http(_crawl(local)).outcome == "not-applicable"
    refused = _response("http://shop.example/", error="Connection refused.")
    verdict = redirects_http(_crawl(_response("https://shop.example/"), probe=refused))
    assert verdict.outcome == "not-applicable"
    assert verdict.score is None
    assert redirects_http(_crawl(_response("https://shop.example/"))).outcome == "not-applicable"
