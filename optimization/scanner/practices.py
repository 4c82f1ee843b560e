"""Best-practices audits, under Lighthouse 12.2.3's ids, weights and rules.

Each audit reads Lighthouse's own source (``core/audits/``) and follows it as far as a
fetch allows:

- ``doctype`` (weight 1): the page's DOCTYPE token is read from the markup the way an HTML5
  parser reads it (the tokenizer's DOCTYPE states and the "initial" insertion mode, where
  only whitespace, comments and ``<?…>`` may come first), and the document's mode is the
  one the HTML standard assigns (no-quirks, limited-quirks, quirks). Lighthouse passes a
  no-quirks document and otherwise explains, in its order: limited-quirks, publicId not
  empty, systemId not empty, name not ``html``, quirks.
- ``charset`` (weight 1): a charset in the Content-Type header, or a BOM, or, when
  ``<meta …charset…>`` appears in the first 1024 characters, a ``<meta charset>`` with an
  IANA-like name or a ``<meta http-equiv=content-type>`` whose content names a charset.
- ``is-on-https`` (weight 5): every request the page makes is secure: https/wss/data/blob
  and the like, a host Chrome treats as secure (``localhost``, ``127.0.0.1``,
  ``*.localhost``), or an http address on a host in Chromium's HSTS preload list (Chrome
  upgrades it before sending; Lighthouse's ``isHstsRequest``). Offenders are the insecure
  page addresses (redirect hops included) and the insecure ``http://`` subresources the
  markup asks for (images, scripts, styles, frames, media) — Lighthouse lists mixed
  content even when Chrome upgrades or blocks it, but not when the page's CSP says
  ``upgrade-insecure-requests`` (then Chrome requests them over https to begin with).
- ``redirects-http`` (weight 1): Lighthouse 12.2.3 still has it
  (``core/audits/redirects-http.js``): not applicable unless the start URL is http, not
  applicable when the final host is localhost-like, otherwise it passes when the load ends
  on https. A scan that starts on https also fetched the start URL over plain http (the
  crawl's ``http_probe``); we apply the same rule to that probe, which is the verdict
  Lighthouse gives when started from the http address. When plain http is not served at
  all there is nothing to redirect (not applicable, as the Observatory says too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .base import Crawl, Fetched, Offender, Page, Verdict, audit
from .dom import clip, every, selector_of, start_tag
from .markup import subresources
from .observatory import is_hsts_preloaded

# --- doctype -------------------------------------------------------------------------------

_WHITESPACE = "\t\n\f\r "
# The HTML standard's public identifier prefixes that put a document in quirks mode
# (13.2.6.4.1, "the initial insertion mode"), compared case-insensitively.
_QUIRKS_PUBLIC_PREFIXES = tuple(
    prefix.lower()
    for prefix in (
        "+//Silmaril//dtd html Pro v0r11 19970101//",
        "-//AS//DTD HTML 3.0 asWedit + extensions//",
        "-//AdvaSoft Ltd//DTD HTML 3.0 asWedit + extensions//",
        "-//IETF//DTD HTML 2.0 Level 1//",
        "-//IETF//DTD HTML 2.0 Level 2//",
        "-//IETF//DTD HTML 2.0 Strict Level 1//",
        "-//IETF//DTD HTML 2.0 Strict Level 2//",
        "-//IETF//DTD HTML 2.0 Strict//",
        "-//IETF//DTD HTML 2.0//",
        "-//IETF//DTD HTML 2.1E//",
        "-//IETF//DTD HTML 3.0//",
        "-//IETF//DTD HTML 3.2 Final//",
        "-//IETF//DTD HTML 3.2//",
        "-//IETF//DTD HTML 3//",
        "-//IETF//DTD HTML Level 0//",
        "-//IETF//DTD HTML Level 1//",
        "-//IETF//DTD HTML Level 2//",
        "-//IETF//DTD HTML Level 3//",
        "-//IETF//DTD HTML Strict Level 0//",
        "-//IETF//DTD HTML Strict Level 1//",
        "-//IETF//DTD HTML Strict Level 2//",
        "-//IETF//DTD HTML Strict Level 3//",
        "-//IETF//DTD HTML Strict//",
        "-//IETF//DTD HTML//",
        "-//Metrius//DTD Metrius Presentational//",
        "-//Microsoft//DTD Internet Explorer 2.0 HTML Strict//",
        "-//Microsoft//DTD Internet Explorer 2.0 HTML//",
        "-//Microsoft//DTD Internet Explorer 2.0 Tables//",
        "-//Microsoft//DTD Internet Explorer 3.0 HTML Strict//",
        "-//Microsoft//DTD Internet Explorer 3.0 HTML//",
        "-//Microsoft//DTD Internet Explorer 3.0 Tables//",
        "-//Netscape Comm. Corp.//DTD HTML//",
        "-//Netscape Comm. Corp.//DTD Strict HTML//",
        "-//O'Reilly and Associates//DTD HTML 2.0//",
        "-//O'Reilly and Associates//DTD HTML Extended 1.0//",
        "-//O'Reilly and Associates//DTD HTML Extended Relaxed 1.0//",
        "-//SQ//DTD HTML 2.0 HoTMetaL + extensions//",
        "-//SoftQuad Software//DTD HoTMetaL PRO 6.0::19990601::extensions to HTML 4.0//",
        "-//SoftQuad//DTD HoTMetaL PRO 4.0::19971010::extensions to HTML 4.0//",
        "-//Spyglass//DTD HTML 2.0 Extended//",
        "-//Sun Microsystems Corp.//DTD HotJava HTML//",
        "-//Sun Microsystems Corp.//DTD HotJava Strict HTML//",
        "-//W3C//DTD HTML 3 1995-03-24//",
        "-//W3C//DTD HTML 3.2 Draft//",
        "-//W3C//DTD HTML 3.2 Final//",
        "-//W3C//DTD HTML 3.2//",
        "-//W3C//DTD HTML 3.2S Draft//",
        "-//W3C//DTD HTML 4.0 Frameset//",
        "-//W3C//DTD HTML 4.0 Transitional//",
        "-//W3C//DTD HTML Experimental 19960712//",
        "-//W3C//DTD HTML Experimental 970421//",
        "-//W3C//DTD W3 HTML//",
        "-//W3O//DTD W3 HTML 3.0//",
        "-//WebTechs//DTD Mozilla HTML 2.0//",
        "-//WebTechs//DTD Mozilla HTML//",
    )
)
_QUIRKS_PUBLIC_IDS = (
    "-//w3o//dtd w3 html strict 3.0//en//",
    "-/w3c/dtd html 4.0 transitional/en",
    "html",
)
_QUIRKS_SYSTEM_ID = "http://www.ibm.com/data/dtd/v11/ibmxhtml1-transitional.dtd"
_HTML401_PREFIXES = ("-//w3c//dtd html 4.01 frameset//", "-//w3c//dtd html 4.01 transitional//")
_XHTML10_PREFIXES = ("-//w3c//dtd xhtml 1.0 frameset//", "-//w3c//dtd xhtml 1.0 transitional//")


@dataclass(frozen=True)
class Doctype:
    """A DOCTYPE token as the HTML tokenizer emits it (None: the identifier is missing)."""

    name: str | None
    public_id: str | None
    system_id: str | None
    force_quirks: bool
    source: str  # the markup of the token, for the report

    @property
    def mode(self) -> str:
        """The document mode: "no-quirks", "limited-quirks" or "quirks", by the HTML
        standard's rules as Chrome applies them (an empty system identifier counts as none)."""
        public = (self.public_id or "").lower()
        system = self.system_id or None
        if (
            self.force_quirks
            or self.name != "html"
            or public in _QUIRKS_PUBLIC_IDS
            or (system is not None and system.lower() == _QUIRKS_SYSTEM_ID)
            or public.startswith(_QUIRKS_PUBLIC_PREFIXES)
            or (system is None and public.startswith(_HTML401_PREFIXES))
        ):
            return "quirks"
        if public.startswith(_XHTML10_PREFIXES) or (
            system is not None and public.startswith(_HTML401_PREFIXES)
        ):
            return "limited-quirks"
        return "no-quirks"


def read_doctype(text: str) -> Doctype | None:
    """The document's DOCTYPE, or None when the markup has none where a parser looks for it.

    Before the DOCTYPE only whitespace and comments (``<!-- -->``, and the bogus comments
    ``<?…>``, ``<!…>``, ``</…>`` that the tokenizer makes of odd markup) may come; anything
    else makes the parser give up on a DOCTYPE and put the document in quirks mode.
    """
    text = text.removeprefix("\ufeff")
    pos, end = 0, len(text)
    while pos < end:
        char = text[pos]
        if char in _WHITESPACE:
            pos += 1
            continue
        if char != "<":
            return None
        if text.startswith("<!--", pos):
            pos = _comment_end(text, pos + 4)
            continue
        if text.startswith("<!", pos) and text[pos + 2 : pos + 9].lower() == "doctype":
            return _doctype_token(text, pos)
        nxt = text[pos + 1 : pos + 2]
        after_slash = text[pos + 2 : pos + 3]
        if nxt in ("?", "!") or (
            nxt == "/" and not (after_slash.isascii() and after_slash.isalpha())
        ):
            if text.startswith("</>", pos):
                pos += 3
                continue
            close = text.find(">", pos)
            pos = end if close < 0 else close + 1
            continue
        return None
    return None


def _comment_end(text: str, pos: int) -> int:
    if text.startswith(">", pos):
        return pos + 1
    if text.startswith("->", pos):
        return pos + 2
    ends = [i for i in (text.find("-->", pos), text.find("--!>", pos)) if i >= 0]
    if not ends:
        return len(text)
    first = min(ends)
    return first + (3 if text.startswith("-->", first) else 4)


def _doctype_token(text: str, start: int) -> Doctype:
    """Run the tokenizer's DOCTYPE states from ``<!DOCTYPE`` at ``start``."""
    pos, end = start + 9, len(text)
    name: str | None = None
    public: str | None = None
    system: str | None = None

    def done(at: int, quirks: bool) -> Doctype:
        source = clip(text[start : min(at, end)], 200)
        return Doctype(name, public, system, quirks, source)

    def bogus(at: int, quirks: bool) -> Doctype:
        close = text.find(">", at)
        return done(end if close < 0 else close + 1, quirks)

    def skip_ws(at: int) -> int:
        while at < end and text[at] in _WHITESPACE:
            at += 1
        return at

    # DOCTYPE state and before DOCTYPE name
    pos = skip_ws(pos)
    if pos >= end:
        return done(pos, True)
    if text[pos] == ">":
        return done(pos + 1, True)
    # DOCTYPE name
    chars: list[str] = []
    while pos < end and text[pos] not in _WHITESPACE and text[pos] != ">":
        chars.append("\ufffd" if text[pos] == "\0" else text[pos])
        pos += 1
    name = "".join(chars).translate(_ASCII_LOWER)
    if pos >= end:
        return done(pos, True)
    # after DOCTYPE name
    pos = skip_ws(pos)
    if pos >= end:
        return done(pos, True)
    if text[pos] == ">":
        return done(pos + 1, False)
    keyword = text[pos : pos + 6].lower()
    if keyword not in ("public", "system"):
        return bogus(pos, True)
    pos += 6
    if keyword == "public":
        public, pos, status = _quoted_identifier(text, pos)
        if status != "ok":
            return done(pos, True) if status == "end" else bogus(pos, True)
        # after DOCTYPE public identifier / between public and system identifiers
        after_ws = skip_ws(pos)
        if after_ws >= end:
            return done(after_ws, True)
        if text[after_ws] == ">":
            return done(after_ws + 1, False)
        if text[after_ws] not in "\"'":
            return bogus(after_ws, True)
        system, pos, status = _quoted_identifier(text, after_ws)
    else:
        system, pos, status = _quoted_identifier(text, pos)
    if status != "ok":
        return done(pos, True) if status == "end" else bogus(pos, True)
    # after DOCTYPE system identifier
    pos = skip_ws(pos)
    if pos >= end:
        return done(pos, True)
    if text[pos] == ">":
        return done(pos + 1, False)
    return bogus(pos, False)  # stray characters: a bogus DOCTYPE, but not quirks


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _quoted_identifier(text: str, pos: int) -> tuple[str | None, int, str]:
    """After PUBLIC/SYSTEM (or at the quote itself): the identifier, where it ended, and
    "ok", "end" (the token ended early: force quirks) or "bogus"."""
    end = len(text)
    while pos < end and text[pos] in _WHITESPACE:
        pos += 1
    if pos >= end:
        return None, pos, "end"
    quote = text[pos]
    if quote == ">":
        return None, pos + 1, "end"
    if quote not in "\"'":
        return None, pos, "bogus"
    pos += 1
    chars: list[str] = []
    while pos < end and text[pos] != quote:
        if text[pos] == ">":  # abrupt end of the identifier
            return "".join(chars), pos + 1, "end"
        chars.append("\ufffd" if text[pos] == "\0" else text[pos])
        pos += 1
    if pos >= end:
        return "".join(chars), pos, "end"
    return "".join(chars), pos + 1, "ok"


def _doctype_problem(page: Page) -> str:
    """Lighthouse's explanation for a page that fails ``doctype``, or "" when it passes."""
    doctype = read_doctype(page.response.text())
    if doctype is None:
        return "Document must contain a doctype"
    if page.response.content_type == "application/xhtml+xml":
        return ""  # an XML document is never in quirks mode
    mode = doctype.mode
    if mode == "no-quirks":
        return ""
    if mode == "limited-quirks":
        return "Document contains a doctype that triggers limited-quirks-mode"
    if doctype.public_id:
        return "Expected publicId to be an empty string"
    if doctype.system_id:
        return "Expected systemId to be an empty string"
    if doctype.name != "html":
        return "Doctype name must be the string html"
    return "Document contains a doctype that triggers quirks-mode"


@audit(
    "doctype",
    title="Page has the HTML doctype",
    weights={"best-practices": 1},
    fix="Start every page with <!DOCTYPE html> as its very first line.",
    lighthouse=True,
)
def doctype(crawl: Crawl) -> Verdict:
    if not crawl.pages:
        return Verdict.not_applicable("No HTML page was fetched, so there is no doctype to check.")
    offenders = []
    for page in crawl.pages:
        problem = _doctype_problem(page)
        if problem:
            found = read_doctype(page.response.text())
            snippet = found.source if found else clip(page.response.text()[:200])
            offenders.append(Offender(page.response.path, "", snippet, problem))
    if not offenders:
        subject = every(len(crawl.pages), "page")
        verb = "starts" if len(crawl.pages) == 1 else "start"
        return Verdict.passed(f"{subject} {verb} with the HTML doctype (standards mode).", value=0)
    first = offenders[0]
    return Verdict.failed(
        offenders,
        f"{len(offenders)} of {len(crawl.pages)} pages render in quirks mode: "
        f"{first.note} ({first.page}).",
        value=len(offenders),
    )


# --- charset -------------------------------------------------------------------------------

_IANA = re.compile(r"^[a-zA-Z0-9\-_:.()]{2,}$")
_CHARSET_HTML = re.compile(r"<meta[^>]+charset[^<]+>", re.IGNORECASE)
_CHARSET_HTTP = re.compile(r"charset\s*=\s*[a-zA-Z0-9\-_:.()]{2,}", re.IGNORECASE)
_BOMS = (b"\xef\xbb\xbf", b"\xfe\xff", b"\xff\xfe")


def _charset_declared(page: Page) -> bool:
    response = page.response
    if _CHARSET_HTTP.search(response.headers.get("content-type", "")):
        return True
    if response.body.startswith(_BOMS):
        return True
    text = response.text().removeprefix("\ufeff")
    if not _CHARSET_HTML.search(text[:1024]):
        return False
    for meta in page.tree.css("head meta"):
        attrs = meta.attributes
        charset = attrs.get("charset")
        if charset and _IANA.match(charset):
            return True
        http_equiv = (attrs.get("http-equiv") or "").lower()
        content = attrs.get("content") or ""
        if http_equiv == "content-type" and content and _CHARSET_HTTP.search(content):
            return True
    return False


@audit(
    "charset",
    title="Properly defines charset",
    weights={"best-practices": 1},
    fix='Put <meta charset="utf-8"> first inside <head>, or send charset=utf-8 in Content-Type.',
    lighthouse=True,
)
def charset(crawl: Crawl) -> Verdict:
    if not crawl.pages:
        return Verdict.not_applicable("No HTML page was fetched, so there is no charset to check.")
    offenders = []
    for page in crawl.pages:
        if not _charset_declared(page):
            header = page.response.headers.get("content-type", "")
            offenders.append(
                Offender(
                    page.response.path,
                    "head",
                    clip(f"Content-Type: {header}" if header else "no Content-Type header"),
                    "No charset in the Content-Type header, no BOM, and no <meta charset> "
                    "in the first 1024 bytes.",
                )
            )
    if not offenders:
        return Verdict.passed(
            f"{every(len(crawl.pages), 'page')} declare"
            f"{'s' if len(crawl.pages) == 1 else ''} the character encoding early enough.",
            value=0,
        )
    return Verdict.failed(
        offenders,
        f"{len(offenders)} of {len(crawl.pages)} pages declare no character encoding in the "
        "header or the first 1024 bytes, so browsers may show garbled letters.",
        value=len(offenders),
    )


# --- is-on-https ---------------------------------------------------------------------------

_SECURE_SCHEMES = frozenset(
    {"data", "https", "wss", "blob", "chrome", "chrome-extension", "about", "filesystem"}
)


def is_like_localhost(host: str) -> bool:
    """Lighthouse's ``isLikeLocalhost``: the hosts Chrome treats as a secure context."""
    host = host.lower()
    return host in ("localhost", "127.0.0.1") or host.endswith(".localhost")


def is_secure_url(url: str) -> bool:
    """Lighthouse's ``NetworkRequest.isSecureRequest``: a secure scheme, a localhost-like
    host, or an http address of a host in Chromium's HSTS preload list (Chrome never sends
    that request: it redirects it to https internally, and Lighthouse counts the HSTS
    redirect as secure)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = parts.hostname or ""
    if scheme in _SECURE_SCHEMES or is_like_localhost(host):
        return True
    return scheme in ("http", "ws") and is_hsts_preloaded(host)


def upgrades_insecure_requests(page: Page) -> bool:
    """The page's Content-Security-Policy (its header, or a ``<meta http-equiv>`` in
    ``<head>``, the only place a browser reads one) has ``upgrade-insecure-requests``: the
    browser fetches the page's http:// subresources over https instead."""
    policies = [page.response.headers.get("content-security-policy", "")]
    for meta in page.tree.css("head > meta[http-equiv]"):
        attrs = meta.attributes
        if (attrs.get("http-equiv") or "").strip().lower() == "content-security-policy":
            policies.append(attrs.get("content") or "")
    for policy in policies:
        for directive in re.split("[;,]", policy):  # directives; policies in one header
            if directive.strip().lower().split()[:1] == ["upgrade-insecure-requests"]:
                return True
    return False


def request_chain(response: Fetched) -> list[str]:
    """Every URL requested to get ``response``: the one asked for, then each redirect hop."""
    return [response.url, *response.redirects]


@audit(
    "is-on-https",
    title="Uses HTTPS",
    weights={"best-practices": 5},
    fix="Serve the site and every image, script and style over https:// only.",
    lighthouse=True,
)
def is_on_https(crawl: Crawl) -> Verdict:
    if not crawl.pages:
        return Verdict.not_applicable("No HTML page was fetched, so no requests could be checked.")
    offenders: list[Offender] = []
    insecure: list[str] = []  # each insecure URL once, as Lighthouse lists them
    for page in crawl.pages:
        path = page.response.path
        for url in request_chain(page.response):
            if url not in insecure and not is_secure_url(url):
                insecure.append(url)
                offenders.append(Offender(path, "", clip(url), "The page is requested over http."))
        if upgrades_insecure_requests(page):
            continue
        for ref in subresources(page.tree, page.url):
            if ref.url in insecure or is_secure_url(ref.url):
                continue
            insecure.append(ref.url)
            note = f"Insecure URL: {clip(ref.url, 150)}"
            offenders.append(Offender(path, selector_of(ref.node), start_tag(ref.node), note))
    for resource in crawl.resources.values():
        for url in request_chain(resource):
            if url not in insecure and not is_secure_url(url):
                insecure.append(url)
                offenders.append(Offender("", "", clip(url), "A file the pages load is on http."))
    if not insecure:
        return Verdict.passed(
            f"{every(len(crawl.pages), 'page')} and the files loaded use HTTPS.", value=0
        )
    count = len(insecure)
    return Verdict.failed(
        offenders,
        f"{count} insecure request{'s' if count != 1 else ''} found, "
        f"first {clip(insecure[0], 120)}.",
        value=count,
    )


# --- redirects-http ------------------------------------------------------------------------


def _http_fetch(crawl: Crawl) -> Fetched | None:
    """The start URL fetched over plain http: the start page itself when the scan began on
    http, else the crawl's probe (None when none was made)."""
    if urlsplit(crawl.start_url).scheme.lower() == "http":
        if crawl.start is not None:
            return crawl.start.response
        return crawl.responses[0] if crawl.responses else crawl.http_probe
    return crawl.http_probe


@audit(
    "redirects-http",
    title="Redirects HTTP traffic to HTTPS",
    weights={"best-practices": 1},
    fix="Make http:// addresses answer with a permanent (301) redirect to the https:// address.",
    lighthouse=True,
)
def redirects_http(crawl: Crawl) -> Verdict:
    probe = _http_fetch(crawl)
    if probe is None:
        return Verdict.not_applicable("The plain-http address was not checked in this scan.")
    if not probe.ok:
        return Verdict.not_applicable(
            "The site does not answer on plain http at all, so there is nothing to redirect."
        )
    final = probe.final_url or probe.url
    host = urlsplit(final).hostname or ""
    if is_like_localhost(host):
        return Verdict.not_applicable(
            f"{host} is a local address, which browsers already treat as secure."
        )
    if urlsplit(final).scheme.lower() == "https":
        return Verdict.passed(f"{probe.url} redirects to {clip(final, 120)}.", value=1)
    return Verdict.failed(
        [Offender("", "", clip(probe.url), f"Ends on {clip(final, 150)}")],
        f"{probe.url} is answered over plain http (status {probe.status}) instead of "
        "redirecting to https.",
        value=0,
    )
