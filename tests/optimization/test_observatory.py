"""The Observatory grade on hand-computed header sets.

Each case writes out the Observatory's arithmetic: the score starts at 100, each test adds
its modifier, and the bonuses (positive modifiers) count only when 100 plus the penalties
alone is at least 90. Grades: A+ >= 100, A >= 90, A- >= 85, B+ >= 80, B >= 70, B- >= 65,
C+ >= 60, C >= 50, C- >= 45, D+ >= 40, D >= 30, D- >= 25, F below.
"""

from __future__ import annotations

import pytest

from optimization.scanner.base import AUDITS, Crawl, Fetched
from optimization.scanner.observatory import (
    RESULTS,
    TEST_TITLES,
    grade,
    grade_for_score,
    parse_cookie,
    parse_csp,
    split_set_cookie,
)
from tests.optimization.helpers import fetched, html_crawl

SITE = "https://shop.example/"  # .example is in no HSTS preload list
PAGE = b"<!DOCTYPE html><html><head><title>Shop</title></head><body><p>Hi</p></body></html>"
STRICT_CSP = "default-src 'none'; img-src 'self'; style-src 'self'; frame-ancestors 'none'"
GOOD_HEADERS = {
    "content-security-policy": STRICT_CSP,
    "strict-transport-security": "max-age=63072000; includeSubDomains; preload",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


def _crawl(
    headers: dict[str, str],
    *,
    url: str = SITE,
    body: bytes = PAGE,
    status: int = 200,
    probe: Fetched | str | None = "redirects",
) -> Crawl:
    """The start page with ``headers``; by default plain http redirects to it."""
    start = fetched(url, body, status=status, headers=headers)
    if probe == "redirects":
        http_url = url.replace("https://", "http://", 1)
        probe = fetched(http_url, headers=headers, final_url=url, redirects=(url,))
    assert not isinstance(probe, str)
    return html_crawl(start, http_probe=probe)


def _results(crawl: Crawl) -> dict[str, tuple[str, int]]:
    return {t["name"]: (t["result"], t["modifier"]) for t in grade(crawl).tests}


def test_no_security_headers_over_https():
    g = grade(_crawl({}))
    # 100 - 25 (csp-not-implemented) - 20 (hsts-not-implemented)
    #     - 5 (x-content-type-options-not-implemented) - 20 (x-frame-options-not-implemented)
    #     + 0 for cookies, CORS, redirection (http -> https), referrer, SRI, CORP = 30
    assert (g.score, g.grade) == (30, "D")
    results = _results(_crawl({}))
    assert results["content-security-policy"] == ("csp-not-implemented", -25)
    assert results["redirection"] == ("redirection-to-https", 0)
    assert results["referrer-policy"] == ("referrer-policy-not-implemented", 0)
    assert [t["name"] for t in g.tests] == list(TEST_TITLES)
    assert all(set(t) == {"name", "result", "modifier", "pass", "description"} for t in g.tests)


def test_strict_csp_hsts_nosniff_frame_ancestors_and_no_referrer_is_a_plus():
    g = grade(_crawl(GOOD_HEADERS))
    # no penalties, so 100 >= 90 and the bonuses count:
    # 100 + 10 (csp default-src 'none') + 5 (referrer no-referrer)
    #     + 5 (x-frame-options via CSP frame-ancestors) + 0 (HSTS two years) = 120
    assert (g.score, g.grade) == (120, "A+")
    results = _results(_crawl(GOOD_HEADERS))
    assert results["content-security-policy"] == (
        "csp-implemented-with-no-unsafe-default-src-none",
        10,
    )
    assert results["x-frame-options"] == ("x-frame-options-implemented-via-csp", 5)
    assert results["strict-transport-security"] == (
        "hsts-implemented-max-age-at-least-six-months",
        0,
    )
    assert all(t["pass"] for t in g.tests)


def test_unsafe_inline_in_script_src_costs_the_bonuses():
    headers = {
        **GOOD_HEADERS,
        "content-security-policy": "default-src 'self'; script-src 'self' 'unsafe-inline'",
        "x-frame-options": "DENY",
    }
    g = grade(_crawl(headers))
    # penalties alone: 100 - 20 (csp-implemented-with-unsafe-inline) = 80 < 90,
    # so the +5 (referrer) and +5 (x-frame-options DENY) do not count: 80 -> B+
    assert (g.score, g.grade) == (80, "B+")
    assert _results(_crawl(headers))["content-security-policy"] == (
        "csp-implemented-with-unsafe-inline",
        -20,
    )


def test_a_nonce_cancels_unsafe_inline():
    headers = {
        **GOOD_HEADERS,
        "content-security-policy": (
            "default-src 'self'; script-src 'nonce-r4nd0m' 'unsafe-inline'; frame-ancestors 'self'"
        ),
    }
    g = grade(_crawl(headers))
    # 100 + 5 (csp-implemented-with-no-unsafe) + 5 (referrer) + 5 (frame-ancestors) = 115
    assert (g.score, g.grade) == (115, "A+")


def test_strict_dynamic_without_a_nonce_is_an_invalid_policy():
    headers = {**GOOD_HEADERS, "content-security-policy": "script-src 'strict-dynamic' https:"}
    results = _results(_crawl(headers))
    assert results["content-security-policy"] == ("csp-header-invalid", -25)
    # the policy was still read, so its (missing) frame-ancestors is looked for: none here
    assert results["x-frame-options"] == ("x-frame-options-not-implemented", -20)
    # 100 - 25 - 20 = 55 < 90, so the referrer's +5 is dropped: 55 -> C
    assert (grade(_crawl(headers)).score, grade(_crawl(headers)).grade) == (55, "C")


def test_unsafe_eval_and_http_sources():
    eval_csp = {**GOOD_HEADERS, "content-security-policy": "default-src 'self' 'unsafe-eval'"}
    assert _results(_crawl(eval_csp))["content-security-policy"] == (
        "csp-implemented-with-unsafe-eval",
        -10,
    )
    insecure = {**GOOD_HEADERS, "content-security-policy": "default-src 'self' http://cdn.example"}
    assert _results(_crawl(insecure))["content-security-policy"] == (
        "csp-implemented-with-insecure-scheme",
        -20,
    )
    passive = {**GOOD_HEADERS, "content-security-policy": "default-src 'self'; img-src http:"}
    assert _results(_crawl(passive))["content-security-policy"] == (
        "csp-implemented-with-insecure-scheme-in-passive-content-only",
        -10,
    )
    # on a plain-http site an http: source is not judged
    assert _results(_crawl(insecure, url="http://shop.example/", probe=None))[
        "content-security-policy"
    ] == ("csp-implemented-with-no-unsafe", 5)


def test_a_missing_object_src_under_a_broad_default_is_unsafe():
    headers = {**GOOD_HEADERS, "content-security-policy": "default-src https:; script-src 'self'"}
    # object-src falls back to default-src https:, which is dangerously broad
    assert _results(_crawl(headers))["content-security-policy"][0] == (
        "csp-implemented-with-unsafe-inline"
    )


def test_report_only_is_not_a_policy():
    headers = {"content-security-policy-report-only": STRICT_CSP}
    results = _results(_crawl(headers))
    assert results["content-security-policy"] == ("csp-not-implemented-but-reporting-enabled", -25)
    assert results["x-frame-options"] == ("x-frame-options-not-implemented", -20)


def test_meta_csp_counts_but_not_its_frame_ancestors():
    body = (
        b'<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" '
        b"content=\"default-src 'self'\"><title>t</title></head><body></body></html>"
    )
    results = _results(_crawl({}, body=body))
    assert results["content-security-policy"] == ("csp-implemented-with-no-unsafe", 5)
    only_frame_ancestors = body.replace(b"default-src 'self'", b"frame-ancestors 'none'")
    # frame-ancestors is not allowed in a meta policy, so nothing is left of it
    assert _results(_crawl({}, body=only_frame_ancestors))["content-security-policy"] == (
        "csp-not-implemented",
        -25,
    )


def test_several_policies_intersect():
    csp = parse_csp(["default-src 'self' https://a.example", "default-src 'self'"])
    assert csp["default-src"] == {"'self'"}
    # a directive named only by the second policy allows nothing
    assert parse_csp(["default-src 'self'", "script-src 'self'"])["script-src"] == {"'none'"}
    with pytest.raises(ValueError, match="Duplicate"):
        parse_csp(["script-src 'self'; script-src 'none'"])


def test_duplicate_report_uri_keeps_the_pass_but_not_the_bonus():
    headers = {
        **GOOD_HEADERS,
        "content-security-policy": STRICT_CSP + "; report-uri /a; report-uri /b",
    }
    assert _results(_crawl(headers))["content-security-policy"] == (
        "csp-implemented-but-duplicate-directives",
        0,
    )


# --- cookies -------------------------------------------------------------------------------


def test_session_cookie_without_secure_and_without_hsts():
    headers = {
        "content-security-policy": STRICT_CSP,
        "x-content-type-options": "nosniff",
        "set-cookie": "sessionid=abc123; HttpOnly; SameSite=Lax; Path=/",
    }
    g = grade(_crawl(headers))
    # 100 - 40 (cookies-session-without-secure-flag) - 20 (hsts-not-implemented) = 40 < 90,
    # so the CSP +10 and frame-ancestors +5 are dropped: 40 -> D+
    assert (g.score, g.grade) == (40, "D+")
    assert _results(_crawl(headers))["cookies"] == ("cookies-session-without-secure-flag", -40)


def test_cookie_without_secure_is_softened_by_hsts():
    session = {**GOOD_HEADERS, "set-cookie": "sessionid=abc123; HttpOnly; SameSite=Lax"}
    g = grade(_crawl(session))
    # penalties alone: 100 - 10 (session cookie without Secure, but HSTS) = 90 >= 90, so
    # the bonuses count: 90 + 10 (csp) + 5 (referrer) + 5 (frame-ancestors) = 110 -> A+
    assert (g.score, g.grade) == (110, "A+")
    assert _results(_crawl(session))["cookies"] == (
        "cookies-session-without-secure-flag-but-protected-by-hsts",
        -10,
    )
    theme = {**GOOD_HEADERS, "set-cookie": "theme=dark; SameSite=Lax"}
    assert _results(_crawl(theme))["cookies"] == (
        "cookies-without-secure-flag-but-protected-by-hsts",
        -5,
    )


def test_secure_cookies_with_samesite_earn_the_bonus():
    headers = {
        **GOOD_HEADERS,
        "set-cookie": (
            "sessionid=a; Secure; HttpOnly; SameSite=Strict; "
            "Expires=Wed, 21 Oct 2037 07:28:00 GMT, theme=dark; Secure; SameSite=Lax"
        ),
    }
    assert _results(_crawl(headers))["cookies"] == (
        "cookies-secure-with-httponly-sessions-and-samesite",
        5,
    )
    without_samesite = {**GOOD_HEADERS, "set-cookie": "theme=dark; Secure"}
    assert _results(_crawl(without_samesite))["cookies"] == (
        "cookies-secure-with-httponly-sessions",
        0,
    )


def test_session_cookie_without_httponly_and_bad_samesite():
    no_httponly = {**GOOD_HEADERS, "set-cookie": "PHPSESSID=x; Secure; SameSite=Lax"}
    assert _results(_crawl(no_httponly))["cookies"] == (
        "cookies-session-without-httponly-flag",
        -30,
    )
    bad_samesite = {**GOOD_HEADERS, "set-cookie": "theme=dark; Secure; SameSite=Sometimes"}
    assert _results(_crawl(bad_samesite))["cookies"] == ("cookies-samesite-flag-invalid", -20)
    csrf = {**GOOD_HEADERS, "set-cookie": "csrftoken=t; Secure"}
    assert _results(_crawl(csrf))["cookies"] == ("cookies-anticsrf-without-samesite-flag", -20)


def test_joined_set_cookie_headers_are_split_back():
    joined = "a=1; Expires=Wed, 21 Oct 2037 07:28:00 GMT; Secure, b=2; SameSite=Lax"
    assert split_set_cookie(joined) == [
        "a=1; Expires=Wed, 21 Oct 2037 07:28:00 GMT; Secure",
        "b=2; SameSite=Lax",
    ]
    cookie = parse_cookie("  Session_ID=x; secure; HTTPONLY; samesite=STRICT")
    assert cookie is not None
    assert (cookie.name, cookie.secure, cookie.http_only, cookie.same_site) == (
        "Session_ID",
        True,
        True,
        "strict",
    )
    assert parse_cookie("novalue; Secure") is None


# --- subresource integrity -----------------------------------------------------------------


def _with_script(tag: str) -> bytes:
    return PAGE.replace(b"</head>", tag.encode() + b"</head>")


def test_cross_origin_script_without_sri():
    body = _with_script('<script src="https://cdn.other.example/lib.js"></script>')
    g = grade(_crawl(GOOD_HEADERS, body=body))
    # penalties alone: 100 - 5 (sri-not-implemented-but-external-scripts-loaded-securely) = 95,
    # bonuses count: 95 + 10 + 5 + 5 = 115 -> A+
    assert (g.score, g.grade) == (115, "A+")
    results = _results(_crawl(GOOD_HEADERS, body=body))
    assert results["subresource-integrity"] == (
        "sri-not-implemented-but-external-scripts-loaded-securely",
        -5,
    )
    finding = AUDITS["observatory-subresource-integrity"].check(_crawl(GOOD_HEADERS, body=body))
    assert finding.outcome == "fail"
    assert finding.offenders[0].snippet == '<script src="https://cdn.other.example/lib.js">'


def test_cross_origin_script_over_http_without_sri():
    body = _with_script('<script src="http://cdn.other.example/lib.js"></script>')
    g = grade(_crawl(GOOD_HEADERS, body=body))
    # 100 - 50 (sri-not-implemented-and-external-scripts-not-loaded-securely) = 50 < 90:
    # no bonuses, 50 -> C
    assert (g.score, g.grade) == (50, "C")


def test_scripts_with_sri_or_from_the_same_site():
    with_sri = _with_script(
        '<script src="https://cdn.other.example/lib.js" integrity="sha384-abc" '
        'crossorigin="anonymous"></script>'
    )
    assert _results(_crawl(GOOD_HEADERS, body=with_sri))["subresource-integrity"] == (
        "sri-implemented-and-external-scripts-loaded-securely",
        5,
    )
    same_site = _with_script(
        '<script src="/app.js"></script><script src="https://static.shop.example/x.js"></script>'
    )
    assert _results(_crawl(GOOD_HEADERS, body=same_site))["subresource-integrity"] == (
        "sri-not-implemented-but-all-scripts-loaded-from-secure-origin",
        0,
    )


# --- the other headers ---------------------------------------------------------------------


def test_hsts_variants():
    short = {**GOOD_HEADERS, "strict-transport-security": "max-age=86400"}
    assert _results(_crawl(short))["strict-transport-security"] == (
        "hsts-implemented-max-age-less-than-six-months",
        -10,
    )
    twice = {**GOOD_HEADERS, "strict-transport-security": "max-age=63072000, max-age=63072000"}
    assert _results(_crawl(twice))["strict-transport-security"] == ("hsts-header-invalid", -20)
    # a preloaded domain (.dev is preloaded as a whole) earns the +5 whatever the header says
    preloaded = _results(_crawl({}, url="https://shop.dev/"))
    assert preloaded["strict-transport-security"] == ("hsts-preloaded", 5)
    assert preloaded["redirection"] == ("redirection-all-redirects-preloaded", 0)


def test_a_site_only_on_http():
    crawl = _crawl(GOOD_HEADERS, url="http://shop.example/", probe=None)
    results = _results(crawl)
    # HSTS is judged over https only; the plain-http start page does not redirect
    assert results["strict-transport-security"] == ("hsts-not-implemented-no-https", -20)
    assert results["redirection"] == ("redirection-missing", -20)
    g = grade(crawl)
    # 100 - 20 - 20 = 60 < 90, so the +10, +5, +5 are dropped: 60 -> C+
    assert (g.score, g.grade) == (60, "C+")


def test_redirection_variants():
    def probe(*hops: str) -> Fetched:
        return Fetched(
            url="http://shop.example/", final_url=hops[-1], status=200, redirects=tuple(hops)
        )

    off_host = _crawl(GOOD_HEADERS, probe=probe("https://www.shop.example/"))
    assert _results(off_host)["redirection"] == ("redirection-off-host-from-http", -5)
    via_http = _crawl(GOOD_HEADERS, probe=probe("http://www.shop.example/", SITE))
    assert _results(via_http)["redirection"] == (
        "redirection-not-to-https-on-initial-redirection",
        -10,
    )
    no_http = _crawl(
        GOOD_HEADERS, probe=Fetched(url="http://shop.example/", error="Connection refused.")
    )
    assert _results(no_http)["redirection"] == ("redirection-not-needed-no-http", 0)


def test_referrer_xfo_xcto_corp_and_cors_results():
    headers = {
        "referrer-policy": "no-referrer, unsafe-url",  # the last valid value wins
        "x-frame-options": "ALLOW-FROM https://partner.example",
        "x-content-type-options": "sniff",
        "cross-origin-resource-policy": "same-origin",
        "access-control-allow-origin": "*",
    }
    results = _results(_crawl(headers))
    assert results["referrer-policy"] == ("referrer-policy-unsafe", -5)
    assert results["x-frame-options"] == ("x-frame-options-allow-from-origin", 0)
    assert results["x-content-type-options"] == ("x-content-type-options-header-invalid", -5)
    assert results["cross-origin-resource-policy"] == ("corp-implemented-with-same-origin", 10)
    assert results["cross-origin-resource-sharing"] == (
        "cross-origin-resource-sharing-implemented-with-public-access",
        0,
    )
    meta_referrer = PAGE.replace(b"</head>", b'<meta name="referrer" content="same-origin"></head>')
    assert _results(_crawl({}, body=meta_referrer))["referrer-policy"] == (
        "referrer-policy-private",
        5,
    )


@pytest.mark.parametrize(
    ("score", "letter"),
    [
        (135, "A+"),
        (100, "A+"),
        (99, "A"),
        (90, "A"),
        (89, "A-"),
        (85, "A-"),
        (84, "B+"),
        (80, "B+"),
        (79, "B"),
        (70, "B"),
        (69, "B-"),
        (65, "B-"),
        (64, "C+"),
        (60, "C+"),
        (59, "C"),
        (50, "C"),
        (49, "C-"),
        (45, "C-"),
        (44, "D+"),
        (40, "D+"),
        (39, "D"),
        (30, "D"),
        (29, "D-"),
        (25, "D-"),
        (24, "F"),
        (0, "F"),
    ],
)
def test_grade_scale(score, letter):
    assert grade_for_score(score) == letter


def test_the_score_never_goes_below_zero():
    headers = {
        "set-cookie": "sessionid=x; SameSite=Lax",
        "access-control-allow-origin": "https://a.example",
    }
    body = _with_script('<script src="http://cdn.other.example/lib.js"></script>')
    crawl = _crawl(headers, url="http://shop.example/", body=body, probe=None)
    # 100 - 25 (csp) - 40 (session cookie) - 20 (redirection-missing) - 20 (no https)
    #     - 50 (SRI) - 5 (nosniff) - 20 (frame options) = -80, shown as 0
    g = grade(crawl)
    assert (g.score, g.grade) == (0, "F")


def test_a_start_page_with_an_error_status_is_not_graded():
    g = grade(_crawl(GOOD_HEADERS, status=404))
    assert (g.score, g.grade, g.tests) == (0, "", [])
    assert "404" in g.error
    finding = AUDITS["observatory-content-security-policy"].check(_crawl({}, status=500))
    assert finding.outcome == "not-applicable"
    # 401 and 403 are graded, as the Observatory grades them
    assert grade(_crawl(GOOD_HEADERS, status=403)).grade == "A+"


# --- the audits ----------------------------------------------------------------------------


def test_one_security_audit_per_test():
    for name, title in TEST_TITLES.items():
        registered = AUDITS[f"observatory-{name}"]
        assert registered.weights == {"security": 1}
        assert registered.title == title
        assert registered.fix
    crawl = _crawl({})
    csp = AUDITS["observatory-content-security-policy"].check(crawl)
    assert (csp.outcome, csp.score, csp.value) == ("fail", 0.0, -25)
    assert csp.explanation.startswith(RESULTS["csp-not-implemented"][1])
    cookies = AUDITS["observatory-cookies"].check(crawl)  # no cookies: modifier 0, a pass
    assert (cookies.outcome, cookies.score) == ("pass", 1.0)
    good = AUDITS["observatory-content-security-policy"].check(_crawl(GOOD_HEADERS))
    assert (good.outcome, good.score, good.value) == ("pass", 1.0, 10)
