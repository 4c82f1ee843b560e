"""What every audit shares: the pages a scan fetched, and what an audit answers.

An audit is a function registered with :func:`audit`. It receives the whole
:class:`Crawl` (every fetched page, robots.txt, sitemap.xml, the plain-http probe) and
returns one :class:`Verdict`. The registry keeps each audit's stable id, its categories
with their weights (Lighthouse's weights where Lighthouse has the audit), a title and the
one-line fix, so scoring and reports never need to import the audit modules' internals.

    @audit(
        "meta-description",
        title="Document has a meta description",
        weights={"seo": 1},
        fix="Give each page a <meta name=description> of one or two sentences.",
    )
    def meta_description(crawl: Crawl) -> Verdict:
        ...
        return Verdict.failed(offenders, "2 pages have no meta description.")
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

Category = Literal["seo", "accessibility", "best-practices", "performance", "security"]
CATEGORIES: tuple[Category, ...] = (
    "performance",
    "accessibility",
    "best-practices",
    "seo",
    "security",
)
CATEGORY_TITLES: dict[Category, str] = {
    "performance": "Speed",
    "accessibility": "Accessibility",
    "best-practices": "Best practices",
    "seo": "Search",
    "security": "Security",
}
Outcome = Literal["pass", "fail", "not-applicable", "needs-layout"]


# The Encoding standard's BOM sniffing (used by "decode", and so by the HTML parser).
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"))


@dataclass(frozen=True)
class Fetched:
    """One response the scan received (after redirects), or why there was none."""

    url: str  # as asked for
    final_url: str = ""
    status: int = 0  # 0: no response (see error)
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes = b""
    truncated: bool = False
    redirects: tuple[str, ...] = ()  # the hops, in order
    elapsed_ms: float = 0.0  # request sent to whole body read (what a fetch can measure)
    wire_bytes: int | None = None  # bytes on the wire when the server said (content-length)
    error: str = ""  # a sentence when there was no response

    @property
    def ok(self) -> bool:
        return self.status != 0 and not self.error

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def is_html(self) -> bool:
        return self.content_type in ("text/html", "application/xhtml+xml")

    @property
    def path(self) -> str:
        """The path (and query) of the final URL, for naming the page in a report."""
        parts = urlsplit(self.final_url or self.url)
        return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")

    def text(self) -> str:
        """The body decoded as a browser decodes it: a byte-order mark first (it wins over
        the Content-Type's charset and is not part of the text), else the Content-Type's
        charset, else UTF-8."""
        for bom, encoding in _BOMS:
            if self.body.startswith(bom):
                return self.body[len(bom) :].decode(encoding, errors="replace")
        charset = "utf-8"
        for param in self.headers.get("content-type", "").split(";")[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "charset" and value.strip():
                charset = value.strip().strip("\"'")
        try:
            return self.body.decode(charset, errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")


@dataclass
class Page:
    """A fetched HTML page and its parsed document (parsed once, on first use)."""

    response: Fetched

    @property
    def url(self) -> str:
        return self.response.final_url or self.response.url

    @cached_property
    def tree(self) -> LexborHTMLParser:
        """The document as a browser that runs scripts builds it (so <noscript> holds text,
        not elements), decoded by the Content-Type's charset, else as the HTML standard
        says (a byte-order mark, a <meta charset> in the first 1024 bytes, else UTF-8)."""
        if "charset=" in self.response.headers.get("content-type", "").lower():
            return LexborHTMLParser(self.response.text(), scripting=True)
        return LexborHTMLParser(self.response.body, encoding=True, scripting=True)


@dataclass
class Crawl:
    """Everything one scan fetched."""

    start_url: str
    pages: list[Page]  # the start page first, then same-host pages; HTML answers only
    responses: list[Fetched]  # every page fetch, including non-HTML and failed ones
    robots: Fetched | None = None  # /robots.txt
    sitemap: Fetched | None = None  # the sitemap (from robots.txt, else /sitemap.xml)
    http_probe: Fetched | None = None  # the start URL over plain http, for redirects-http
    resources: dict[str, Fetched] = field(default_factory=dict)  # same-host CSS/JS/images
    error: str = ""  # a sentence when the start page could not be fetched at all

    @property
    def start(self) -> Page | None:
        return self.pages[0] if self.pages else None


@dataclass(frozen=True)
class Offender:
    """One element (or header, or file) that fails an audit."""

    page: str  # the page's path ("/about.html"), or "" for the whole site
    selector: str = ""  # a CSS selector that finds it ("main > img:nth-of-type(2)")
    snippet: str = ""  # a short piece of the offending markup or header, <= 200 chars
    note: str = ""  # what is wrong with this one, when it differs between offenders


@dataclass(frozen=True)
class Verdict:
    """What an audit found: an outcome, a score in 0..1 (None when not scored), the
    offenders, and one sentence about this site."""

    outcome: Outcome
    score: float | None
    explanation: str
    offenders: tuple[Offender, ...] = ()
    value: float | None = None  # a measured figure, where the audit has one (bytes, ms)

    @classmethod
    def passed(cls, explanation: str, *, value: float | None = None) -> Verdict:
        return cls("pass", 1.0, explanation, value=value)

    @classmethod
    def failed(
        cls,
        offenders: list[Offender] | tuple[Offender, ...],
        explanation: str,
        *,
        score: float = 0.0,
        value: float | None = None,
    ) -> Verdict:
        return cls("fail", score, explanation, tuple(offenders[:MAX_OFFENDERS]), value=value)

    @classmethod
    def not_applicable(cls, explanation: str) -> Verdict:
        return cls("not-applicable", None, explanation)

    @classmethod
    def needs_layout(cls, explanation: str) -> Verdict:
        """Judging it needs a layout engine (rendered boxes, computed styles): not guessed."""
        return cls("needs-layout", None, explanation)


MAX_OFFENDERS = 20  # a report lists at most this many offenders per audit


@dataclass(frozen=True)
class Audit:
    id: str
    title: str  # what passing means, as Lighthouse words it ("Document has a <title>")
    weights: dict[Category, float]  # the categories it counts in, with its weight in each
    fix: str  # one line: how to fix it, for a small-business owner
    check: Callable[[Crawl], Verdict]
    lighthouse: bool = False  # Lighthouse 12.2.3 has an audit with this id (compare verdicts)
    axe: bool = False  # axe-core has a rule with this id


AUDITS: dict[str, Audit] = {}


def audit(
    audit_id: str,
    *,
    title: str,
    weights: dict[Category, float],
    fix: str,
    lighthouse: bool = False,
    axe: bool = False,
) -> Callable[[Callable[[Crawl], Verdict]], Callable[[Crawl], Verdict]]:
    """Register an audit under its stable id (an id may be registered once)."""

    def register(check: Callable[[Crawl], Verdict]) -> Callable[[Crawl], Verdict]:
        if audit_id in AUDITS:
            raise ValueError(f"Audit {audit_id!r} is registered twice.")
        AUDITS[audit_id] = Audit(audit_id, title, weights, fix, check, lighthouse, axe)
        return check

    return register
