"""The security headers, graded the way Mozilla's HTTP Observatory grades them.

This is a reimplementation of the MDN HTTP Observatory's analyzer and grader (release
1.6.3, ``src/analyzer/tests/*.js``, ``src/analyzer/cspParser.js``,
``src/grader/charts.js``, ``src/scanner/index.js``), run on what the scan fetched:

- the same ten tests, in the same order, with the same result names and score modifiers:
  content-security-policy, cookies, cross-origin-resource-sharing, redirection,
  referrer-policy, strict-transport-security, subresource-integrity,
  x-content-type-options, x-frame-options, cross-origin-resource-policy (the COOP and COEP
  tests on the Observatory's main branch are unreleased and not counted);
- the score starts at 100; every modifier is added, but when the score counting only the
  penalties is below 90 the bonuses are dropped; the grade is read from the score rounded
  down to a multiple of 5 (A+ ≥ 100, A ≥ 90, A- ≥ 85, B+ ≥ 80, B ≥ 70, B- ≥ 65, C+ ≥ 60,
  C ≥ 50, C- ≥ 45, D+ ≥ 40, D ≥ 30, D- ≥ 25, F below);
- the CSP rules as the Observatory applies them: policies from the header and from
  ``<meta http-equiv>`` combined (several policies intersect), ``frame-ancestors``,
  ``report-uri`` and ``sandbox`` not counted from a meta tag, a report-only header not
  counted as a policy, nonces and hashes cancelling ``'unsafe-inline'``, ``'strict-dynamic'``
  needing a nonce or hash, ``http:`` sources judged only on an https site.

What the scan gives instead of the Observatory's own requests: the start page's response
(the Observatory's "auto" response; its headers as one value per name, as axios gives them),
the plain-http probe (its redirection test; a scan started on http uses its own redirect
chain), the HSTS preload list shipped in the ``hstspreload`` package (Chromium's list, as
the Observatory downloads it). Two things a GET cannot see: the Observatory's CORS test reads
an OPTIONS preflight sent with an ``Origin``, here the GET's ``Access-Control-*`` headers are
read (so "universal access", a reflected origin with credentials, is not detected; the
Observatory's own code reads the Origin from the request object, where it is not found
either); and the cookies are those the start page's final response sets (not those of the
redirect hops before it).

:func:`grade` gives the score, the grade and one dict per test; each test is also an audit
in the "security" category (``observatory-<test>``, weight 1, passing when its modifier is
not negative) so reports list them as findings.
"""

from __future__ import annotations

import ipaddress
import re
import warnings
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import unquote, urlsplit

import hstspreload
from publicsuffixlist import PublicSuffixList
from selectolax.lexbor import LexborHTMLParser

from .base import Crawl, Fetched, Offender, Verdict, audit
from .dom import clip, selector_of, start_tag

MINIMUM_SCORE_FOR_EXTRA_CREDIT = 90
GRADES = (
    (100, "A+"),
    (90, "A"),
    (85, "A-"),
    (80, "B+"),
    (70, "B"),
    (65, "B-"),
    (60, "C+"),
    (50, "C"),
    (45, "C-"),
    (40, "D+"),
    (30, "D"),
    (25, "D-"),
    (0, "F"),
)

# result name -> (score modifier, the Observatory's description of it)
RESULTS: dict[str, tuple[int, str]] = {
    # content-security-policy
    "csp-implemented-with-no-unsafe-default-src-none": (
        10,
        "Content Security Policy (CSP) implemented with default-src 'none', no 'unsafe' "
        "and form-action is set to 'none' or 'self'.",
    ),
    "csp-implemented-with-no-unsafe": (
        5,
        "Content Security Policy (CSP) implemented without 'unsafe-inline' or 'unsafe-eval'.",
    ),
    "csp-implemented-with-unsafe-inline-in-style-src-only": (
        0,
        "Content Security Policy (CSP) implemented with unsafe sources inside style-src. This "
        "includes 'unsafe-inline', data: or overly broad sources such as https.",
    ),
    "csp-implemented-with-insecure-scheme-in-passive-content-only": (
        -10,
        "Content Security Policy (CSP) implemented, but secure site allows images or media to "
        "be loaded over HTTP.",
    ),
    "csp-implemented-with-unsafe-eval": (
        -10,
        "Content Security Policy (CSP) implemented, but allows 'unsafe-eval'.",
    ),
    "csp-implemented-with-unsafe-inline": (
        -20,
        "Content Security Policy (CSP) implemented unsafely. This includes 'unsafe-inline' or "
        "data: inside script-src, overly broad sources such as https: inside object-src or "
        "script-src, or not restricting the sources for object-src or script-src.",
    ),
    "csp-implemented-with-insecure-scheme": (
        -20,
        "Content Security Policy (CSP) implemented, but secure site allows resources to be "
        "loaded over HTTP.",
    ),
    "csp-header-invalid": (
        -25,
        "Content Security Policy (CSP) header cannot be parsed successfully.",
    ),
    "csp-not-implemented": (-25, "Content Security Policy (CSP) header not implemented."),
    "csp-not-implemented-but-reporting-enabled": (
        -25,
        "Content Security Policy (CSP) reporting implemented only, with "
        "Content-Security-Policy-Report-Only header.",
    ),
    "csp-implemented-but-duplicate-directives": (
        0,
        "Content Security Policy (CSP) implemented, but contains duplicate directives.",
    ),
    # cookies
    "cookies-secure-with-httponly-sessions-and-samesite": (
        5,
        "All cookies use the Secure flag, session cookies use the HttpOnly flag, and "
        "cross-origin restrictions are in place via the SameSite flag.",
    ),
    "cookies-secure-with-httponly-sessions": (
        0,
        "All cookies use the Secure flag and all session cookies use the HttpOnly flag.",
    ),
    "cookies-not-found": (0, "No cookies detected."),
    "cookies-without-secure-flag-but-protected-by-hsts": (
        -5,
        "Cookies set without using the Secure flag, but transmission over HTTP prevented by HSTS.",
    ),
    "cookies-session-without-secure-flag-but-protected-by-hsts": (
        -10,
        "Session cookie set without the Secure flag, but transmission over HTTP prevented by HSTS.",
    ),
    "cookies-without-secure-flag": (
        -20,
        "Cookies set without using the Secure flag or set over HTTP.",
    ),
    "cookies-samesite-flag-invalid": (
        -20,
        "Cookies use SameSite flag, but set to something other than Strict or Lax.",
    ),
    "cookies-anticsrf-without-samesite-flag": (
        -20,
        "Anti-CSRF tokens set without using the SameSite flag.",
    ),
    "cookies-session-without-httponly-flag": (
        -30,
        "Session cookie set without using the HttpOnly flag.",
    ),
    "cookies-session-without-secure-flag": (
        -40,
        "Session cookie set without using the Secure flag or set over HTTP.",
    ),
    # cross-origin-resource-sharing
    "cross-origin-resource-sharing-not-implemented": (
        0,
        "Content is not visible via cross-origin resource sharing (CORS) files or headers.",
    ),
    "cross-origin-resource-sharing-implemented-with-public-access": (
        0,
        "Public content is visible via cross-origin resource sharing (CORS) "
        "Access-Control-Allow-Origin header.",
    ),
    "cross-origin-resource-sharing-implemented-with-restricted-access": (
        0,
        "Content is visible via cross-origin resource sharing (CORS) files or headers, but is "
        "restricted to specific domains.",
    ),
    "cross-origin-resource-sharing-implemented-with-universal-access": (
        -50,
        "Content is visible via cross-origin resource sharing (CORS) file or headers, and "
        "credentials can be sent. Your site could be vulnerable to CSRF attacks.",
    ),
    # redirection
    "redirection-all-redirects-preloaded": (
        0,
        "All hosts redirected to are in the HTTP Strict Transport Security (HSTS) preload list.",
    ),
    "redirection-to-https": (
        0,
        "Initial redirection is to HTTPS on same host, final destination is HTTPS.",
    ),
    "redirection-not-needed-no-http": (
        0,
        "Not able to connect via HTTP, so no redirection necessary.",
    ),
    "redirection-off-host-from-http": (
        -5,
        "Initial redirection from HTTP to HTTPS is to a different host, preventing HSTS.",
    ),
    "redirection-not-to-https-on-initial-redirection": (
        -10,
        "Redirects to HTTPS eventually, but initial redirection is to another HTTP URL.",
    ),
    "redirection-not-to-https": (-20, "Redirects, but final destination is not an HTTPS URL."),
    "redirection-missing": (-20, "Does not redirect to an HTTPS site."),
    "redirection-invalid-cert": (
        -20,
        "Invalid certificate chain encountered during redirection.",
    ),
    # referrer-policy
    "referrer-policy-private": (
        5,
        "Referrer-Policy header set to no-referrer, same-origin, strict-origin or "
        "strict-origin-when-cross-origin.",
    ),
    "referrer-policy-not-implemented": (0, "Referrer-Policy header not implemented."),
    "referrer-policy-unsafe": (
        -5,
        "Referrer-Policy header set unsafely to origin, origin-when-cross-origin, unsafe-url "
        "or no-referrer-when-downgrade.",
    ),
    "referrer-policy-header-invalid": (-5, "Referrer-Policy header cannot be recognized."),
    # strict-transport-security
    "hsts-preloaded": (
        5,
        "Preloaded via the HTTP Strict Transport Security (HSTS) preloading process.",
    ),
    "hsts-implemented-max-age-at-least-six-months": (
        0,
        "Strict-Transport-Security header set to a minimum of six months (15768000).",
    ),
    "hsts-implemented-max-age-less-than-six-months": (
        -10,
        "Strict-Transport-Security header set to less than six months (15768000).",
    ),
    "hsts-not-implemented": (-20, "Strict-Transport-Security header not implemented."),
    "hsts-header-invalid": (-20, "Strict-Transport-Security header cannot be recognized."),
    "hsts-not-implemented-no-https": (
        -20,
        "Strict-Transport-Security header cannot be set for sites not available over HTTPS.",
    ),
    "hsts-invalid-cert": (
        -20,
        "Strict-Transport-Security header cannot be set, as site contains an invalid "
        "certificate chain.",
    ),
    # subresource-integrity
    "sri-implemented-and-all-scripts-loaded-securely": (
        5,
        "Subresource Integrity (SRI) is implemented and all scripts are loaded from a similar "
        "origin.",
    ),
    "sri-implemented-and-external-scripts-loaded-securely": (
        5,
        "Subresource Integrity (SRI) is implemented and all scripts are loaded securely.",
    ),
    "sri-not-implemented-response-not-html": (
        0,
        "Subresource Integrity (SRI) is only needed for HTML resources.",
    ),
    "sri-not-implemented-but-no-scripts-loaded": (
        0,
        "Subresource Integrity (SRI) is not needed since site contains no script tags.",
    ),
    "sri-not-implemented-but-all-scripts-loaded-from-secure-origin": (
        0,
        "Subresource Integrity (SRI) not implemented, but all scripts are loaded from a "
        "similar origin.",
    ),
    "sri-not-implemented-but-external-scripts-loaded-securely": (
        -5,
        "Subresource Integrity (SRI) not implemented, but all external scripts are loaded "
        "over HTTPS.",
    ),
    "sri-implemented-but-external-scripts-not-loaded-securely": (
        -20,
        "Subresource Integrity (SRI) implemented, but external scripts are loaded over HTTP or "
        'they use protocol-relative URLs via src="//...".',
    ),
    "sri-not-implemented-and-external-scripts-not-loaded-securely": (
        -50,
        "Subresource Integrity (SRI) not implemented, and external scripts are loaded over "
        'HTTP or they use protocol-relative URLs via src="//...".',
    ),
    # x-content-type-options
    "x-content-type-options-nosniff": (0, "X-Content-Type-Options header set to nosniff."),
    "x-content-type-options-not-implemented": (
        -5,
        "X-Content-Type-Options header not implemented.",
    ),
    "x-content-type-options-header-invalid": (
        -5,
        "X-Content-Type-Options header cannot be recognized.",
    ),
    # x-frame-options
    "x-frame-options-implemented-via-csp": (
        5,
        "X-Frame-Options (XFO) implemented via the CSP frame-ancestors directive.",
    ),
    "x-frame-options-sameorigin-or-deny": (
        5,
        "X-Frame-Options (XFO) header set to SAMEORIGIN or DENY.",
    ),
    "x-frame-options-allow-from-origin": (
        0,
        "X-Frame-Options (XFO) header uses ALLOW-FROM uri directive.",
    ),
    "x-frame-options-not-implemented": (-20, "X-Frame-Options (XFO) header not implemented."),
    "x-frame-options-header-invalid": (
        -20,
        "X-Frame-Options (XFO) header cannot be recognized.",
    ),
    # cross-origin-resource-policy
    "corp-header-invalid": (-5, "Cross-Origin-Resource-Policy (CORP) header cannot be recognized."),
    "corp-implemented-with-cross-origin": (
        0,
        "Cross Origin Resource Policy (CORP) implemented, but allows cross-origin resource "
        "sharing by default.",
    ),
    "corp-implemented-with-same-origin": (
        10,
        "Cross Origin Resource Policy (CORP) implemented, prevents leaks into cross-origin "
        "contexts.",
    ),
    "corp-implemented-with-same-site": (
        10,
        "Cross Origin Resource Policy (CORP) implemented, prevents leaks into cross-site contexts.",
    ),
    "corp-not-implemented": (
        0,
        "Cross Origin Resource Policy (CORP) is not implemented (defaults to cross-origin).",
    ),
}


@dataclass(frozen=True)
class ObservatoryGrade:
    score: int  # 100 plus the modifiers (may exceed 100); 0 when there was nothing to grade
    grade: str  # "A+" … "F"; "" when the start page gave no gradable response
    tests: list[dict]  # {"name", "result", "modifier", "pass", "description"} per test
    error: str = ""  # why there is no grade, a sentence


def grade_for_score(score: int) -> str:
    """The Observatory's grade: the score rounded down to a multiple of 5, capped at 100."""
    key = min(max(score, 0) // 5 * 5, 100)
    for floor, letter in GRADES:
        if key >= floor:
            return letter
    return "F"


# --- what the Observatory's requests are, taken from the crawl -----------------------------


@dataclass
class _Site:
    host: str  # the host the scan was asked for
    auto: Fetched  # the start page's response (the Observatory's "auto" response)
    secure: bool  # the session's URL is https
    https: Fetched | None  # the response over https, None when the site has none
    http: Fetched | None  # the plain-http response, None when http is not served
    http_route: list[str]  # every URL of the plain-http fetch, the first one included
    html: str | None  # the page's markup, when it is HTML
    tree: LexborHTMLParser | None
    path: str  # the start page's path, for naming offenders
    _meta: dict[str, list[str]] = field(default_factory=dict)

    def header(self, name: str) -> str | None:
        return self.auto.headers.get(name)

    def http_equiv(self, name: str) -> list[str]:
        """The Observatory's http-equiv values: CSP metas, and ``<meta name=referrer>``."""
        return self._meta.get(name, [])


def _site(crawl: Crawl) -> _Site | str:
    """The Observatory's view of the crawl, or the sentence saying why there is none."""
    if crawl.start is not None:
        start_page = crawl.start
        auto = start_page.response
    elif crawl.responses:
        start_page = None
        auto = crawl.responses[0]
    else:
        return crawl.error or "The start page could not be fetched, so there is nothing to grade."
    if not auto.ok:
        return auto.error or "The start page gave no response, so there is nothing to grade."
    if auto.status < 200 or (auto.status >= 400 and auto.status not in (401, 403)):
        return (
            f"The start page answered with status {auto.status}, which the Observatory does not "
            "grade."
        )
    start = urlsplit(crawl.start_url)
    final_scheme = urlsplit(auto.final_url or auto.url).scheme.lower()
    secure = start.scheme.lower() == "https" or final_scheme == "https"

    if start.scheme.lower() == "http":
        http: Fetched | None = auto
    else:
        probe = crawl.http_probe
        http = probe if probe is not None and probe.ok else None
    route = [http.url, *http.redirects] if http is not None else []

    # The media type as the Observatory reads it: the header up to ";", not normalised.
    media_type = auto.headers.get("content-type", "").split(";", 1)[0]
    is_html = media_type in ("", "text/html", "application/xhtml+xml")
    html = auto.text() if is_html else None
    tree = None
    if html is not None:
        tree = start_page.tree if start_page is not None else LexborHTMLParser(html)
    site = _Site(
        host=(start.hostname or "").lower(),
        auto=auto,
        secure=secure,
        https=auto if secure else None,
        http=http,
        http_route=route,
        html=html,
        tree=tree,
        path=auto.path,
    )
    if tree is not None and media_type in ("text/html", "application/xhtml+xml"):
        site._meta = _http_equiv(tree)
    return site


def _http_equiv(tree: LexborHTMLParser) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {"content-security-policy": []}
    for meta in tree.css("meta"):
        attrs = meta.attributes
        if "http-equiv" in attrs and "content" in attrs:
            equiv = (attrs.get("http-equiv") or "").strip().lower()
            content = attrs.get("content")
            if content and equiv == "content-security-policy":
                found["content-security-policy"].append(content)
        elif (attrs.get("name") or "").strip().lower() == "referrer":
            content = attrs.get("content")
            if content:
                found["referrer-policy"] = [content]
    return found


@dataclass
class _Outcome:
    result: str
    passed: bool
    offenders: list[Offender] = field(default_factory=list)
    data: dict[str, list[str]] | None = None  # the parsed CSP, for x-frame-options


# --- content-security-policy ---------------------------------------------------------------

_SHORTEST_POLICY = len("img-src") - 1
_META_DISALLOWED = ("frame-ancestors", "report-uri", "sandbox")
_ALLOWED_DUPLICATES = frozenset({"report-uri", "report-to"})
_DUPLICATES_KEY = "_observatory_duplicate_key_warnings"
_BROAD = frozenset(
    {"ftp:", "http:", "https:", "*", "http://*", "http://*.*", "https://*", "https://*.*"}
)
_UNSAFE_INLINE = frozenset({"'unsafe-inline'", "data:"})
_BROAD_OR_INLINE = _BROAD | _UNSAFE_INLINE
_PASSIVE = ("img-src", "media-src")
_NONCES_HASHES = ("'sha256-", "'sha384-", "'sha512-", "'nonce-")


# The Observatory sorts sources with ``Intl.Collator("en")``; which sources end up side by
# side decides which are compared across policies. This is that collation's order of the
# printable ASCII characters (read from ICU); other characters sort after them.
_COLLATION_ORDER = (
    " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789"
    "aAbBcCdDeEfFgGhHiIjJkKlLmMnNoOpPqQrRsStTuUvVwWxXyYzZ"
)
_COLLATION = {char: rank for rank, char in enumerate(_COLLATION_ORDER)}


def _collation_key(text: str) -> tuple[int, ...]:
    return tuple(_COLLATION.get(char, 1000 + ord(char)) for char in text)


class CspInvalid(ValueError):
    pass


class _Source:
    __slots__ = ("index", "keep", "source")

    def __init__(self, source: str, index: int, keep: bool) -> None:
        self.source = source
        self.index = index
        self.keep = keep


def parse_csp(policies: list[str]) -> dict[str, set[str]]:
    """The Observatory's reading of one or more policies: directive -> sources.

    Several policies are intersected (a source counts when every policy that names the
    directive allows it); a directive repeated inside one policy makes the policy invalid,
    except ``report-uri`` and ``report-to``, which are noted under a warnings key.
    """
    cleaned = [p.replace("\r", "").replace("\n", "").strip() for p in policies]
    if not cleaned:
        return {}
    for policy in cleaned:
        if not policy or len(policy) < _SHORTEST_POLICY:
            raise CspInvalid(f"Invalid policy: {policy}")
    csp: dict[str, list[_Source]] = {}
    duplicates: set[str] = set()
    for index, policy in enumerate(cleaned):
        seen: set[str] = set()
        for entry in policy.split(";"):
            words = re.split(r"\s+", entry.strip())
            if not words[0]:
                continue
            directive, raw_values = words[0].lower(), words[1:]
            if directive in seen:
                if directive not in _ALLOWED_DUPLICATES:
                    raise CspInvalid(f"Duplicate directive {directive} in policy {index}")
                duplicates.add(directive)
            else:
                seen.add(directive)
            keep = index == 0
            values = [_Source(raw.strip().lower(), index, keep) for raw in raw_values]
            if not values and directive.endswith("-src"):
                values = [_Source("'none'", index, keep)]
            combined = list(values) if index == 0 else [*csp.get(directive, []), *values]
            combined.sort(key=lambda s: _collation_key(s.source))
            for i in range(1, len(combined)):
                source, prev = combined[i], combined[i - 1]
                if source.index == prev.index and source.source.startswith(prev.source):
                    source.keep = False  # a longer source already covered by a shorter one
                if source.index != prev.index and _path_part_match(prev.source, source.source):
                    source.keep = True  # allowed by both policies
            csp[directive] = [s for s in combined if s.keep]
            if index == 0 and len(policies) > 1:
                for source in csp[directive]:
                    source.keep = False
    final = {
        directive: {s.source for s in sources} if sources else {"'none'"}
        for directive, sources in csp.items()
    }
    if duplicates:
        final[_DUPLICATES_KEY] = duplicates
    return final


def parse_csp_meta(policies: list[str]) -> dict[str, set[str]]:
    parsed = parse_csp(policies)
    for directive in _META_DISALLOWED:
        parsed.pop(directive, None)
    return parsed


def _decode_component(piece: str) -> str:
    if re.search(r"%(?![0-9A-Fa-f]{2})", piece):
        raise CspInvalid(f"Malformed escape in {piece}")
    try:
        return unquote(piece, errors="strict")
    except UnicodeDecodeError as exc:
        raise CspInvalid(f"Malformed escape in {piece}") from exc


def _path_part_match(a: str, b: str) -> bool:
    if not a:
        return True
    if a == "/" and not b:
        return True
    exact = not a.endswith("/")
    parts_a, parts_b = a.split("/"), b.split("/")
    if len(parts_a) > len(parts_b):
        return False
    if exact and len(parts_a) != len(parts_b):
        return False
    if not exact:
        parts_a.pop()
    return all(
        _decode_component(piece) == _decode_component(parts_b[i]) for i, piece in enumerate(parts_a)
    )


def _split_policies(values: list[str]) -> list[str]:
    return [piece.strip() for value in values for piece in value.split(",")]


def _has_nonce_or_hash(sources: set[str]) -> bool:
    return any(source.startswith(_NONCES_HASHES) for source in sources)


def _csp(site: _Site) -> _Outcome:
    header = site.header("content-security-policy")
    http_policies = _split_policies([header] if header is not None else [])
    meta_policies = _split_policies(site.http_equiv("content-security-policy"))
    offenders = []
    if header is not None:
        offenders.append(Offender(site.path, "", clip(f"Content-Security-Policy: {header}")))
    if site.tree is not None:
        for meta in site.tree.css("meta[http-equiv]"):
            equiv = (meta.attributes.get("http-equiv") or "").strip().lower()
            if equiv == "content-security-policy":
                offenders.append(Offender(site.path, selector_of(meta), start_tag(meta)))
    try:
        csp = parse_csp([*http_policies, *meta_policies])
    except CspInvalid as exc:
        return _Outcome("csp-header-invalid", False, _noted(offenders, str(exc)))
    try:
        header_only = parse_csp(http_policies)
    except CspInvalid:
        header_only = {}
    try:
        meta_csp = parse_csp_meta(meta_policies)
    except CspInvalid:
        meta_csp = {}
    if len(header_only) + len(meta_csp) == 0:
        if site.header("content-security-policy-report-only"):
            report_only = site.header("content-security-policy-report-only") or ""
            return _Outcome(
                "csp-not-implemented-but-reporting-enabled",
                False,
                [
                    Offender(
                        site.path, "", clip(f"Content-Security-Policy-Report-Only: {report_only}")
                    )
                ],
            )
        return _Outcome(
            "csp-not-implemented",
            False,
            [Offender(site.path, "", "no Content-Security-Policy header")],
        )

    # The same set objects as in ``csp``: removing a source below changes the policy too,
    # as in the Observatory.
    object_src = csp.get("object-src") or csp.get("default-src") or {"*"}
    script_src = csp.get("script-src") or csp.get("default-src") or {"*"}
    style_src = csp.get("style-src") or csp.get("default-src") or {"*"}

    result: str | None = None
    for sources in (script_src, style_src):
        if _has_nonce_or_hash(sources) and "'unsafe-inline'" in sources:
            sources.discard("'unsafe-inline'")
    if _has_nonce_or_hash(script_src) and "'strict-dynamic'" in script_src:
        for source in list(script_src):
            if source.startswith(tuple(_BROAD)) or source in ("'self'", "'unsafe-inline'"):
                script_src.discard(source)
    elif "'strict-dynamic'" in script_src:
        result = "csp-header-invalid"

    active = [
        source
        for directive, sources in csp.items()
        if directive not in _PASSIVE and directive != "script-src"
        for source in sources
    ]
    active.extend(script_src)
    passive = [
        source
        for directive in _PASSIVE
        for source in (csp.get(directive) or csp.get("default-src") or set())
    ]

    def insecure(sources: list[str]) -> bool:
        return any(s.startswith(("http:", "ftp:")) for s in sources)

    if any(s in _BROAD_OR_INLINE for s in script_src) or any(s in _BROAD for s in object_src):
        result = result or "csp-implemented-with-unsafe-inline"
    if site.secure and insecure(active):
        result = result or "csp-implemented-with-insecure-scheme"
    if "'unsafe-eval'" in script_src | style_src:
        result = result or "csp-implemented-with-unsafe-eval"
    if site.secure and insecure(passive):
        result = result or "csp-implemented-with-insecure-scheme-in-passive-content-only"
    if any(s in _BROAD_OR_INLINE for s in style_src):
        result = result or "csp-implemented-with-unsafe-inline-in-style-src-only"
    default_src = csp.get("default-src")
    if default_src is not None and default_src == {"'none'"}:
        result = result or "csp-implemented-with-no-unsafe-default-src-none"
    else:
        result = result or "csp-implemented-with-no-unsafe"

    passed = result in (
        "csp-implemented-with-no-unsafe",
        "csp-implemented-with-no-unsafe-default-src-none",
        "csp-implemented-with-unsafe-inline-in-style-src-only",
        "csp-implemented-with-insecure-scheme-in-passive-content-only",
    )
    if passed and _DUPLICATES_KEY in csp:
        result = "csp-implemented-but-duplicate-directives"
    data = {
        directive: sorted(sources)
        for directive, sources in csp.items()
        if directive != _DUPLICATES_KEY
    }
    return _Outcome(result, passed, offenders, data)


def _noted(offenders: list[Offender], note: str) -> list[Offender]:
    return [Offender(o.page, o.selector, o.snippet, note) for o in offenders]


# --- cookies -------------------------------------------------------------------------------

_COOKIES_ORDER = (
    "cookies-without-secure-flag-but-protected-by-hsts",
    "cookies-without-secure-flag",
    "cookies-session-without-secure-flag-but-protected-by-hsts",
    "cookies-samesite-flag-invalid",
    "cookies-anticsrf-without-samesite-flag",
    "cookies-session-without-httponly-flag",
    "cookies-session-without-secure-flag",
)
_COOKIES_IGNORED = frozenset({"heroku-session-affinity"})
# Set-Cookie values joined into one header with ", ": a new cookie starts where a comma is
# followed by ``name=`` or by a lone word (the comma inside an Expires date is followed by
# a day number and more words).
_COOKIE_SPLIT = re.compile(r",\s*(?=[!#$%&'*+\-.^_`|~0-9A-Za-z]+\s*(?:=|;|,|$))")


@dataclass(frozen=True)
class Cookie:
    raw: str
    name: str
    secure: bool
    http_only: bool
    same_site: str | None  # "strict", "lax", "none"; None when absent or unrecognised
    domain: str | None
    path: str | None


def split_set_cookie(header: str) -> list[str]:
    return [piece.strip() for piece in _COOKIE_SPLIT.split(header) if piece.strip()]


def parse_cookie(raw: str) -> Cookie | None:
    """A Set-Cookie value read the way tough-cookie reads it (strict mode), or None."""
    text = raw.strip()
    pair, _, attributes = text.partition(";")
    for terminator in ("\n", "\r", "\0"):
        pair = pair.split(terminator, 1)[0]
    eq = pair.find("=")
    if eq <= 0:
        return None
    name, value = pair[:eq].strip(), pair[eq + 1 :].strip()
    if re.search(r"[\x00-\x1f]", name + value):
        return None
    secure = http_only = False
    same_site: str | None = None
    domain: str | None = None
    path: str | None = None
    for attribute in attributes.split(";"):
        attribute = attribute.strip()
        if not attribute:
            continue
        key, sep, val = attribute.partition("=")
        key, val = key.strip().lower(), val.strip() if sep else ""
        if key == "secure":
            secure = True
        elif key == "httponly":
            http_only = True
        elif key == "samesite":
            same_site = val.lower() if val.lower() in ("strict", "lax", "none") else None
        elif key == "domain" and val:
            domain = val.lstrip(".").lower() or domain
        elif key == "path":
            path = val if val.startswith("/") else None
    return Cookie(text, name, secure, http_only, same_site, domain, path)


def _samesite_invalid(raw: str) -> bool:
    for part in raw.strip().split(";"):
        key, _, value = part.strip().partition("=")
        if key.strip().lower() == "samesite":
            value = value.split("=", 1)[0]
            if not value or value.strip().lower() not in ("lax", "strict", "none"):
                return True
    return False


def _worse(new: str, old: str | None, order: tuple[str, ...]) -> str:
    if old is None or order.index(new) > order.index(old):
        return new
    return old


def _domain_matches(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def _cookies(site: _Site, hsts_passed: bool) -> _Outcome:
    header = site.header("set-cookie") or ""
    raws = split_set_cookie(header)
    result: str | None = None
    offenders: list[Offender] = []
    final = urlsplit(site.auto.final_url or site.auto.url)
    host = (final.hostname or site.host).lower()
    default_path = final.path.rsplit("/", 1)[0] if final.path.count("/") > 1 else "/"
    for raw in raws:
        if _samesite_invalid(raw):
            result = _worse("cookies-samesite-flag-invalid", result, _COOKIES_ORDER)
    jar: dict[tuple[str, str, str], Cookie] = {}  # a later cookie replaces an equal one
    for raw in raws:
        cookie = parse_cookie(raw)
        if cookie is None or not cookie.name or cookie.name in _COOKIES_IGNORED:
            continue
        if cookie.domain and not _domain_matches(host, cookie.domain):
            continue  # a cookie jar refuses a cookie for another domain
        jar[(cookie.name, cookie.domain or host, cookie.path or default_path)] = cookie
    if not jar:
        return _Outcome("cookies-not-found", True)  # as in the Observatory, whatever came before
    missing_same_site = False
    for cookie in jar.values():
        before = result
        lowered = cookie.name.lower()
        session = "login" in lowered or "sess" in lowered
        anticsrf = "csrf" in lowered
        if not cookie.secure and cookie.same_site == "none":
            result = _worse("cookies-samesite-flag-invalid", result, _COOKIES_ORDER)
        if not cookie.secure:
            name = "cookies-without-secure-flag"
            result = _worse(
                f"{name}-but-protected-by-hsts" if hsts_passed else name, result, _COOKIES_ORDER
            )
        if anticsrf and not cookie.same_site:
            result = _worse("cookies-anticsrf-without-samesite-flag", result, _COOKIES_ORDER)
        if session and not cookie.secure:
            name = "cookies-session-without-secure-flag"
            result = _worse(
                f"{name}-but-protected-by-hsts" if hsts_passed else name, result, _COOKIES_ORDER
            )
        if session and not cookie.http_only:
            result = _worse("cookies-session-without-httponly-flag", result, _COOKIES_ORDER)
        if not cookie.same_site:
            missing_same_site = True
        problems = _cookie_problems(cookie, session, anticsrf)
        if problems or result != before:
            offenders.append(
                Offender(site.path, "", clip(f"Set-Cookie: {cookie.raw}"), "; ".join(problems))
            )
    if result is None:
        result = (
            "cookies-secure-with-httponly-sessions"
            if missing_same_site
            else "cookies-secure-with-httponly-sessions-and-samesite"
        )
    passed = result in (
        "cookies-not-found",
        "cookies-secure-with-httponly-sessions-and-samesite",
        "cookies-secure-with-httponly-sessions",
    )
    return _Outcome(result, passed, offenders)


def _cookie_problems(cookie: Cookie, session: bool, anticsrf: bool) -> list[str]:
    problems = []
    if not cookie.secure:
        problems.append("no Secure flag")
    if session and not cookie.http_only:
        problems.append("session cookie without HttpOnly")
    if not cookie.same_site:
        problems.append("no valid SameSite")
    elif cookie.same_site == "none" and not cookie.secure:
        problems.append("SameSite=None without Secure")
    if anticsrf and not cookie.same_site:
        problems.append("anti-CSRF token without SameSite")
    return problems


# --- cross-origin-resource-sharing ---------------------------------------------------------


def _cors(site: _Site) -> _Outcome:
    allow_origin = site.header("access-control-allow-origin")
    result = "cross-origin-resource-sharing-not-implemented"
    offenders = []
    if allow_origin:
        value = allow_origin[:256].strip().lower()
        if value == "*":
            result = "cross-origin-resource-sharing-implemented-with-public-access"
        else:
            result = "cross-origin-resource-sharing-implemented-with-restricted-access"
        offenders.append(
            Offender(site.path, "", clip(f"Access-Control-Allow-Origin: {allow_origin}"))
        )
    return _Outcome(result, True, offenders)


# --- redirection ---------------------------------------------------------------------------


def is_hsts_preloaded(host: str) -> bool:
    """In Chromium's HSTS preload list (force-https, this host or a parent with subdomains)."""
    host = host.lower().rstrip(".")
    if not host or _is_ip(host):
        return False
    try:
        with warnings.catch_warnings():  # the package opens its data the pre-3.9 way
            warnings.simplefilter("ignore", DeprecationWarning)
            return bool(hstspreload.in_hsts_preload(host.encode("idna")))
    except UnicodeError:
        return False


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _redirection(site: _Site) -> _Outcome:
    if site.http is None:
        return _Outcome("redirection-not-needed-no-http", True)
    route = site.http_route
    offenders = [Offender("", "", clip(" → ".join(route)))]
    parts = [urlsplit(url) for url in route]
    if all(is_hsts_preloaded(p.hostname or "") for p in parts):
        result = "redirection-all-redirects-preloaded"
    elif len(route) == 1:
        result = "redirection-missing"
    elif parts[-1].scheme != "https":
        result = "redirection-not-to-https"
    elif parts[1].scheme == "http":
        result = "redirection-not-to-https-on-initial-redirection"
    elif (
        parts[0].scheme == "http"
        and parts[1].scheme == "https"
        and parts[0].hostname != parts[1].hostname
    ):
        result = "redirection-off-host-from-http"
    else:
        result = "redirection-to-https"
    passed = result in (
        "redirection-not-needed-no-http",
        "redirection-all-redirects-preloaded",
        "redirection-to-https",
    )
    return _Outcome(result, passed, offenders)


# --- referrer-policy -----------------------------------------------------------------------

_REFERRER_GOOD = ("no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin")
_REFERRER_BAD = ("origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade")


def _referrer_policy(site: _Site) -> _Outcome:
    header = site.header("referrer-policy")
    values = ([header] if header is not None else []) + site.http_equiv("referrer-policy")
    if not values:
        return _Outcome("referrer-policy-not-implemented", True)
    data = ", ".join(values)
    valid = [
        p.strip().lower()
        for p in data.split(",")
        if p.strip().lower() in _REFERRER_GOOD + _REFERRER_BAD
    ]
    policy = valid[-1] if valid else ""
    if policy in _REFERRER_GOOD:
        result = "referrer-policy-private"
    elif policy in _REFERRER_BAD:
        result = "referrer-policy-unsafe"
    else:
        result = "referrer-policy-header-invalid"
    offenders = [Offender(site.path, "", clip(f"Referrer-Policy: {data}"))]
    return _Outcome(result, result == "referrer-policy-private", offenders)


# --- strict-transport-security -------------------------------------------------------------

_SIX_MONTHS = 15_552_000  # the Observatory's "white lie" for 15768000


def _hsts(site: _Site) -> _Outcome:
    response = site.https
    result = "hsts-not-implemented"
    offenders: list[Offender] = []
    if response is None:
        result = "hsts-not-implemented-no-https"
        offenders.append(
            Offender(site.path, "", clip(site.auto.final_url or site.auto.url), "served over http")
        )
    else:
        header = response.headers.get("strict-transport-security")
        if header is not None:
            data = header[:1024]
            offenders.append(Offender(site.path, "", clip(f"Strict-Transport-Security: {data}")))
            max_age: float | None = None
            invalid = "," in data  # the header was sent twice
            for parameter in (p.strip().lower() for p in data.split(";")):
                if parameter.startswith("max-age="):
                    max_age = _parse_int(parameter[8:128])
            # A max-age that is not a number compares as NaN: never "less than six months"
            # in the Observatory, so it counts as long enough; kept so the grade matches.
            if invalid or max_age is None:
                result = "hsts-header-invalid"
            elif max_age < _SIX_MONTHS:
                result = "hsts-implemented-max-age-less-than-six-months"
            else:
                result = "hsts-implemented-max-age-at-least-six-months"
        else:
            offenders.append(Offender(site.path, "", "no Strict-Transport-Security header"))
        if is_hsts_preloaded(site.host):
            result = "hsts-preloaded"
    passed = result in ("hsts-implemented-max-age-at-least-six-months", "hsts-preloaded")
    return _Outcome(result, passed, [] if passed else offenders)


def _parse_int(text: str) -> float:
    """JavaScript's ``parseInt(text, 10)``: leading digits after whitespace and a sign, else
    NaN."""
    match = re.match(r"\s*([+-]?\d+)", text)
    return float(match.group(1)) if match else float("nan")


# --- subresource-integrity -----------------------------------------------------------------

_SRI_ORDER = (
    "sri-implemented-and-all-scripts-loaded-securely",
    "sri-implemented-and-external-scripts-loaded-securely",
    "sri-implemented-but-external-scripts-not-loaded-securely",
    "sri-not-implemented-but-external-scripts-loaded-securely",
    "sri-not-implemented-and-external-scripts-not-loaded-securely",
    "sri-not-implemented-response-not-html",
)


@cache
def _psl() -> PublicSuffixList:
    return PublicSuffixList(only_icann=True)


def registrable_domain(host: str) -> str | None:
    """The registrable domain ("example.co.uk"), None for IP addresses and public suffixes."""
    host = host.lower().rstrip(".")
    if not host or _is_ip(host):
        return None
    return _psl().privatesuffix(host)


def _sri(site: _Site) -> _Outcome:
    content_type = site.auto.headers.get("content-type", "").split(";", 1)[0]
    if content_type and content_type not in ("text/html", "application/xhtml+xml"):
        return _Outcome("sri-not-implemented-response-not-html", True)
    tree = site.tree if site.tree is not None else LexborHTMLParser(site.html or "")
    scripts = tree.css("script")
    result: str | None = None
    foreign = False
    offenders = []
    site_domain = registrable_domain(site.host)
    for script in scripts:
        src = script.attributes.get("src")
        if not src:
            continue
        integrity = script.attributes.get("integrity") or None
        relative_origin = relative_protocol = False
        if re.match(r"^//[^/]", src):
            relative_protocol = same_domain = True
        elif re.match(r"^https?://", src):
            same_domain = registrable_domain(urlsplit(src).hostname or "") == site_domain
        else:
            relative_origin = same_domain = True
        secure_origin = relative_origin or (same_domain and not relative_protocol)
        if not secure_origin:
            foreign = True
        scheme = None if relative_protocol or relative_origin else urlsplit(src).scheme + ":"
        secure_scheme = scheme == "https:" or (relative_origin and site.secure)
        if not secure_origin:
            before = result
            if integrity and not secure_scheme:
                result = _worse(
                    "sri-implemented-but-external-scripts-not-loaded-securely", result, _SRI_ORDER
                )
            elif not integrity and secure_scheme:
                result = _worse(
                    "sri-not-implemented-but-external-scripts-loaded-securely", result, _SRI_ORDER
                )
            elif not integrity:
                result = _worse(
                    "sri-not-implemented-and-external-scripts-not-loaded-securely",
                    result,
                    _SRI_ORDER,
                )
            if result != before or not integrity or not secure_scheme:
                note = "no integrity attribute" if not integrity else "loaded without https"
                if not integrity and not secure_scheme:
                    note = "no integrity attribute, and not loaded over https"
                offenders.append(Offender(site.path, selector_of(script), start_tag(script), note))
        elif integrity and secure_scheme and result is None:
            result = "sri-implemented-and-all-scripts-loaded-securely"
    if not scripts:
        result = "sri-not-implemented-but-no-scripts-loaded"
    elif result is None:
        result = (
            "sri-implemented-and-external-scripts-loaded-securely"
            if foreign
            else "sri-not-implemented-but-all-scripts-loaded-from-secure-origin"
        )
    passed = result in (
        "sri-implemented-and-all-scripts-loaded-securely",
        "sri-implemented-and-external-scripts-loaded-securely",
        "sri-not-implemented-response-not-html",
        "sri-not-implemented-but-all-scripts-loaded-from-secure-origin",
        "sri-not-implemented-but-no-scripts-loaded",
    )
    return _Outcome(result, passed, offenders)


# --- x-content-type-options, x-frame-options, cross-origin-resource-policy -----------------


def _x_content_type_options(site: _Site) -> _Outcome:
    header = site.header("x-content-type-options")
    if not header:
        return _Outcome(
            "x-content-type-options-not-implemented",
            False,
            [Offender(site.path, "", "no X-Content-Type-Options header")],
        )
    if header[:256].strip().lower() == "nosniff":
        return _Outcome("x-content-type-options-nosniff", True)
    return _Outcome(
        "x-content-type-options-header-invalid",
        False,
        [Offender(site.path, "", clip(f"X-Content-Type-Options: {header}"))],
    )


def _x_frame_options(site: _Site, csp: _Outcome) -> _Outcome:
    header = site.header("x-frame-options")
    offenders = []
    if header:
        value = header[:1024].strip().lower()
        offenders.append(Offender(site.path, "", clip(f"X-Frame-Options: {header}")))
        if value in ("deny", "sameorigin"):
            result = "x-frame-options-sameorigin-or-deny"
        elif value.startswith("allow-from"):
            result = "x-frame-options-allow-from-origin"
        else:
            result = "x-frame-options-header-invalid"
    else:
        result = "x-frame-options-not-implemented"
        offenders.append(
            Offender(site.path, "", "no X-Frame-Options header and no CSP frame-ancestors")
        )
    if csp.data is not None and "frame-ancestors" in csp.data:
        result = "x-frame-options-implemented-via-csp"
    passed = result in (
        "x-frame-options-allow-from-origin",
        "x-frame-options-sameorigin-or-deny",
        "x-frame-options-implemented-via-csp",
    )
    return _Outcome(result, passed, [] if passed else offenders)


def _corp(site: _Site) -> _Outcome:
    header = site.header("cross-origin-resource-policy")
    value = (header or "")[:256].strip().lower()
    if not header or not value:
        return _Outcome("corp-not-implemented", True)
    result = {
        "same-site": "corp-implemented-with-same-site",
        "same-origin": "corp-implemented-with-same-origin",
        "cross-origin": "corp-implemented-with-cross-origin",
    }.get(value, "corp-header-invalid")
    offenders = [Offender(site.path, "", clip(f"Cross-Origin-Resource-Policy: {header}"))]
    return _Outcome(result, result != "corp-header-invalid", offenders)


# --- the grade -----------------------------------------------------------------------------

TEST_TITLES = {
    "content-security-policy": "Content Security Policy (CSP)",
    "cookies": "Cookies",
    "cross-origin-resource-sharing": "Cross Origin Resource Sharing (CORS)",
    "redirection": "Redirection",
    "referrer-policy": "Referrer Policy",
    "strict-transport-security": "Strict Transport Security (HSTS)",
    "subresource-integrity": "Subresource Integrity",
    "x-content-type-options": "X-Content-Type-Options",
    "x-frame-options": "X-Frame-Options",
    "cross-origin-resource-policy": "Cross Origin Resource Policy",
}


@dataclass(frozen=True)
class _Graded:
    grade: ObservatoryGrade
    outcomes: dict[str, _Outcome]


def _run_tests(site: _Site) -> dict[str, _Outcome]:
    csp = _csp(site)
    hsts = _hsts(site)
    return {
        "content-security-policy": csp,
        "cookies": _cookies(site, hsts.passed),
        "cross-origin-resource-sharing": _cors(site),
        "redirection": _redirection(site),
        "referrer-policy": _referrer_policy(site),
        "strict-transport-security": hsts,
        "subresource-integrity": _sri(site),
        "x-content-type-options": _x_content_type_options(site),
        "x-frame-options": _x_frame_options(site, csp),
        "cross-origin-resource-policy": _corp(site),
    }


def _compute(crawl: Crawl) -> _Graded:
    site = _site(crawl)
    if isinstance(site, str):
        return _Graded(ObservatoryGrade(0, "", [], site), {})
    outcomes = _run_tests(site)
    with_bonuses = without_bonuses = 100
    tests = []
    for name, outcome in outcomes.items():
        modifier, description = RESULTS[outcome.result]
        with_bonuses += modifier
        if modifier < 0:
            without_bonuses += modifier
        tests.append(
            {
                "name": name,
                "result": outcome.result,
                "modifier": modifier,
                "pass": outcome.passed,
                "description": description,
            }
        )
    score = with_bonuses if without_bonuses >= MINIMUM_SCORE_FOR_EXTRA_CREDIT else without_bonuses
    score = max(score, 0)
    return _Graded(ObservatoryGrade(score, grade_for_score(score), tests), outcomes)


_CACHE: dict[int, tuple[weakref.ref[Crawl], _Graded]] = {}


def _graded(crawl: Crawl) -> _Graded:
    """One grading per crawl, shared by :func:`grade` and the ten audits."""
    key = id(crawl)
    hit = _CACHE.get(key)
    if hit is not None and hit[0]() is crawl:
        return hit[1]
    graded = _compute(crawl)

    def forget(_ref: weakref.ref[Crawl]) -> None:
        _CACHE.pop(key, None)

    _CACHE[key] = (weakref.ref(crawl, forget), graded)
    return graded


def grade(crawl: Crawl) -> ObservatoryGrade:
    """The Observatory's score, grade and per-test results for the crawl's start page."""
    return _graded(crawl).grade


# --- one audit per test --------------------------------------------------------------------

_FIXES = {
    "content-security-policy": (
        "Send a Content-Security-Policy header (start with default-src 'self') without "
        "'unsafe-inline' or 'unsafe-eval'."
    ),
    "cookies": "Set every cookie with Secure and SameSite=Lax, and session cookies with HttpOnly.",
    "cross-origin-resource-sharing": (
        "Send Access-Control-Allow-Origin only to the sites that need it, never with "
        "credentials for any origin."
    ),
    "redirection": "Redirect every http:// address to https:// on the same host, with a 301.",
    "referrer-policy": "Send the header Referrer-Policy: strict-origin-when-cross-origin.",
    "strict-transport-security": (
        "Serve the site over https with Strict-Transport-Security: max-age=63072000; "
        "includeSubDomains."
    ),
    "subresource-integrity": (
        "Load scripts from other sites over https with an integrity hash, or host them yourself."
    ),
    "x-content-type-options": "Send the header X-Content-Type-Options: nosniff.",
    "x-frame-options": (
        "Send Content-Security-Policy: frame-ancestors 'self' (or X-Frame-Options: SAMEORIGIN)."
    ),
    "cross-origin-resource-policy": "Send the header Cross-Origin-Resource-Policy: same-origin.",
}


def _test_audit(name: str) -> Callable[[Crawl], Verdict]:
    def check(crawl: Crawl) -> Verdict:
        graded = _graded(crawl)
        outcome = graded.outcomes.get(name)
        if outcome is None:
            return Verdict.not_applicable(graded.grade.error)
        modifier, description = RESULTS[outcome.result]
        sign = f"+{modifier}" if modifier > 0 else str(modifier)
        explanation = f"{description} ({outcome.result}, {sign} points)"
        if modifier >= 0:
            return Verdict.passed(explanation, value=modifier)
        return Verdict.failed(outcome.offenders, explanation, value=modifier)

    check.__name__ = f"observatory_{name.replace('-', '_')}"
    return check


for _name, _title in TEST_TITLES.items():
    audit(
        f"observatory-{_name}",
        title=_title,
        weights={"security": 1},
        fix=_FIXES[_name],
    )(_test_audit(_name))
