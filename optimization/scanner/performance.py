"""Performance: a budget of what a fetch can measure, under Lighthouse's ids and rules.

Lighthouse 12's performance score comes only from five metrics (FCP 10, LCP 25, TBT 30,
CLS 25, Speed Index 10) that need a browser to lay out, paint and run the page; the audits
below are "diagnostics" there, with weight 0. So our "performance" category is a BUDGET
score, with our own weights: the eight budget audits count equally (weight 1 each), and
the five metrics are registered with weight 0 as "needs layout", so a report says they were
not guessed.

Each budget audit follows its Lighthouse source (``core/audits/``):

- ``total-byte-weight``: the bytes on the wire of a page and the same-host files it loads
  (those the scan fetched: its images, scripts, styles, and what its styles import), scored
  on Lighthouse's log-normal curve (p10 2667 KiB, median 4000 KiB); passes at 0.9 or more.
  The heaviest page is the one judged.
- ``uses-text-compression``: a page, script or stylesheet served without
  Content-Encoding gzip/br/deflate/zstd is flagged when gzip (level 6, as Node's zlib)
  would save at least 1400 bytes, and at least 10% unless it saves 20 kB or more.
- ``uses-long-cache-ttl``: fonts, images, media, scripts and stylesheets answered 200/203/206
  whose Cache-Control (parsed as Lighthouse's ``parse-cache-control`` does) or Expires gives
  a lifetime whose cache-hit probability is at most 92.5% (shorter than about 96 days);
  no-cache, no-store, must-revalidate, private, stale-while-revalidate and a lifetime of 0
  are skipped as deliberate. The value is Lighthouse's wasted bytes.
- ``render-blocking-resources``: what Chrome marks render-blocking: stylesheets (without
  ``disabled``, whose media matches Lighthouse's mobile screen, 412 by 823) and classic scripts
  with ``src`` and neither ``async``, ``defer`` nor ``type=module``, in the head, plus those
  in the body Chrome still counts (stylesheets; scripts before the first image).
  Lighthouse drops requests its simulation finds under 50 ms; on its throttled network
  every request takes longer, so none are dropped here.
- ``unsized-images``: ``<img>`` without an explicit width and height (attributes, or the
  inline style; a CSS aspect-ratio stands in for one of them), skipping fixed or absolute
  positioned images, data: SVGs and images hidden inline. Rules in style sheets are not
  read, so an image sized only from a style sheet is counted as unsized.
- ``modern-image-formats``: JPEG, PNG and BMP files over 4 KiB are re-encoded as Chrome
  does for Lighthouse (JPEG at quality 92, WebP at quality 85, with Pillow's libjpeg and
  libwebp); the AVIF size is estimated from those as Lighthouse does, and an image is
  flagged when that estimate saves at least 8 KiB. Over 2000 KiB, or once 5 s of encoding
  are spent, Lighthouse's bytes-per-pixel estimate from the image's dimensions is used.
- ``dom-size``: the elements inside ``<body>`` of the parsed page (before scripts run),
  scored on Lighthouse's log-normal curve (p10 818, median 1400); the depth and the widest
  parent are reported, as Lighthouse reports them, without being scored.
- ``server-response-time``: the start page's fetch time (request sent to whole body read,
  so a little more than Lighthouse's time to first byte) against Lighthouse's 600 ms.
"""

from __future__ import annotations

import gzip
import io
import math
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from PIL import Image
from selectolax.lexbor import LexborHTMLParser, LexborNode

from .base import Crawl, Fetched, Offender, Page, Verdict, audit
from .dom import clip, counted, every, selector_of, start_tag
from .markup import ResourceKind, Subresource, inside, is_inert, resolve, subresources

# --- Lighthouse's scoring curve ------------------------------------------------------------

_MIN_PASSING = 0.9
_MAX_AVERAGE = math.nextafter(0.9, 0)
_MIN_AVERAGE = 0.5
_MAX_FAILING = math.nextafter(0.5, 0)
PASS_THRESHOLD = 0.9


def _erf(x: float) -> float:
    """The approximation of erf Lighthouse uses (Abramowitz and Stegun 7.1.26)."""
    sign = math.copysign(1.0, x) if x else 0.0
    x = abs(x)
    t = 1 / (1 + 0.3275911 * x)
    y = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return sign * (1 - y * math.exp(-x * x))


def log_normal_score(value: float, *, p10: float, median: float) -> float:
    """Lighthouse's ``Util.computeLogNormalScore``: 1 at 0, 0.9 at p10, 0.5 at the median,
    with the small boost above 0.9 and the two-decimal floor."""
    if value <= 0:
        return 1.0
    standardized = (
        math.log(max(5e-324, value / median)) * 0.9061938024368232 / -math.log(p10 / median)
    )
    percentile = (1 - _erf(standardized)) / 2
    if value <= p10:
        percentile = max(_MIN_PASSING, min(1.0, percentile))
    elif value <= median:
        percentile = max(_MIN_AVERAGE, min(_MAX_AVERAGE, percentile))
    else:
        percentile = max(0.0, min(_MAX_FAILING, percentile))
    if percentile > 0.9:
        percentile += 0.05 * (percentile - 0.9)
    return math.floor(percentile * 100) / 100


# --- the files a page loads ----------------------------------------------------------------


@dataclass(frozen=True)
class Resource:
    url: str
    response: Fetched
    kind: ResourceKind
    page: str  # the path of the first page that loads it ("" when no page names it)
    node: LexborNode | None  # the element that asks for it, when there is one


def wire_bytes(response: Fetched) -> int:
    """Bytes on the wire: the Content-Length the server sent, else the body's length."""
    return response.wire_bytes if response.wire_bytes is not None else len(response.body)


def kind_of(response: Fetched, fallback: ResourceKind) -> ResourceKind:
    media = response.content_type
    if media.startswith("image/"):
        return "image"
    if media.startswith("font/") or "font" in media or media == "application/vnd.ms-fontobject":
        return "font"
    if media == "text/css":
        return "stylesheet"
    if "javascript" in media or "ecmascript" in media:
        return "script"
    if media.startswith(("audio/", "video/")):
        return "media"
    return fallback


_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)""", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def _css_references(css: str, base: str) -> Iterable[str]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    for pattern in (_CSS_URL, _CSS_IMPORT):
        for match in pattern.finditer(css):
            reference = next((g for g in match.groups() if g), "")
            if reference and not reference.lower().startswith("data:"):
                url = resolve(base, reference)
                if url:
                    yield url


class _Index:
    """The crawl's fetched files by every URL they answer to."""

    def __init__(self, crawl: Crawl) -> None:
        self.by_url: dict[str, Fetched] = {}
        for key, response in crawl.resources.items():
            for url in (key, response.url, response.final_url):
                if url:
                    self.by_url.setdefault(url.split("#", 1)[0], response)

    def get(self, url: str) -> Fetched | None:
        return self.by_url.get(url)


def page_resources(crawl: Crawl, page: Page, index: _Index | None = None) -> list[Resource]:
    """The fetched same-host files ``page`` loads: from its markup, then from its styles."""
    index = index or _Index(crawl)
    path = page.response.path
    found: dict[int, Resource] = {}
    stylesheets: list[tuple[str, str]] = []  # (base URL, CSS text)
    for ref in subresources(page.tree, page.url):
        if ref.attribute == "srcset" and _has_fetched_src(ref, index):
            continue  # a browser fetches one image per element
        response = index.get(ref.url)
        if response is None or id(response) in found:
            continue
        kind = kind_of(response, ref.kind)
        found[id(response)] = Resource(ref.url, response, kind, path, ref.node)
        if kind == "stylesheet":
            stylesheets.append((response.final_url or ref.url, response.text()))
    for style in page.tree.css("style"):
        if not is_inert(style):
            stylesheets.append((page.url, style.text(deep=True)))
    seen_css: set[str] = set()
    while stylesheets:
        base, css = stylesheets.pop(0)
        for url in _css_references(css, base):
            response = index.get(url)
            if response is None or id(response) in found or url in seen_css:
                continue
            seen_css.add(url)
            kind = kind_of(response, "other")
            found[id(response)] = Resource(url, response, kind, path, None)
            if kind == "stylesheet":
                stylesheets.append((response.final_url or url, response.text()))
    return list(found.values())


def _has_fetched_src(ref: Subresource, index: _Index) -> bool:
    src = ref.node.attributes.get("src")
    if not src:
        return False
    return index.get(resolve(ref.url, src)) is not None


def site_resources(crawl: Crawl) -> list[Resource]:
    """Every file the scan fetched, named by the first page that loads it."""
    index = _Index(crawl)
    found: dict[int, Resource] = {}
    for page in crawl.pages:
        for resource in page_resources(crawl, page, index):
            found.setdefault(id(resource.response), resource)
    for key, response in crawl.resources.items():
        if id(response) not in found:
            found[id(response)] = Resource(key, response, kind_of(response, "other"), "", None)
    return list(found.values())


def _kib(size: float) -> str:
    return f"{size / 1024:,.0f} KiB" if size >= 10 * 1024 else f"{size / 1024:,.1f} KiB"


def _offender(resource: Resource, note: str) -> Offender:
    if resource.node is not None:
        return Offender(resource.page, selector_of(resource.node), start_tag(resource.node), note)
    return Offender(resource.page, "", clip(resource.url), note)


# --- total-byte-weight ---------------------------------------------------------------------


@audit(
    "total-byte-weight",
    title="Avoids enormous network payloads",
    weights={"performance": 1},
    fix="Shrink the heaviest images and files (resize photos, use WebP): keep a page under 2.5 MB.",
    lighthouse=True,
)
def total_byte_weight(crawl: Crawl) -> Verdict:
    if not crawl.pages:
        return Verdict.not_applicable("No HTML page was fetched, so no page weight was measured.")
    index = _Index(crawl)
    heaviest: tuple[int, Page, list[Resource]] | None = None
    for page in crawl.pages:
        resources = page_resources(crawl, page, index)
        total = wire_bytes(page.response) + sum(wire_bytes(r.response) for r in resources)
        if heaviest is None or total > heaviest[0]:
            heaviest = (total, page, resources)
    assert heaviest is not None
    total, page, resources = heaviest
    score = log_normal_score(total, p10=2667 * 1024, median=4000 * 1024)
    files = len(resources) + 1
    explanation = (
        f"The heaviest page, {page.response.path}, weighs {_kib(total)} in {files} file"
        f"{'s' if files != 1 else ''} fetched from this site."
    )
    if score >= PASS_THRESHOLD:
        return Verdict("pass", score, explanation, value=total)
    items = sorted(resources, key=lambda r: -wire_bytes(r.response))[:10]
    offenders = [
        Offender(
            page.response.path, "", clip(page.url), f"{_kib(wire_bytes(page.response))} (the page)"
        )
    ]
    offenders += [_offender(r, _kib(wire_bytes(r.response))) for r in items]
    return Verdict.failed(offenders, explanation, score=score, value=total)


# --- uses-text-compression -----------------------------------------------------------------

_ENCODINGS = ("gzip", "br", "deflate", "zstd")


def _content_encoded(response: Fetched) -> bool:
    return any(
        response.headers.get(name, "") in _ENCODINGS
        for name in ("content-encoding", "x-content-encoding-over-network")
    )


def _binary(response: Fetched) -> bool:
    return response.content_type.startswith(("image", "audio", "video"))


@audit(
    "uses-text-compression",
    title="Enable text compression",
    weights={"performance": 1},
    fix="Turn on gzip or Brotli compression for HTML, CSS and JavaScript on your web server.",
    lighthouse=True,
)
def uses_text_compression(crawl: Crawl) -> Verdict:
    if not crawl.pages:
        return Verdict.not_applicable("No HTML page was fetched, so nothing could be checked.")
    candidates: list[Resource] = [
        Resource(page.url, page.response, "other", page.response.path, None) for page in crawl.pages
    ]
    candidates += [r for r in site_resources(crawl) if r.kind in ("script", "stylesheet")]
    offenders: list[Offender] = []
    wasted_total = 0
    checked = 0
    for resource in candidates:
        response = resource.response
        size = len(response.body)
        if not size or response.status == 304 or _binary(response) or _content_encoded(response):
            continue
        checked += 1
        gzip_size = len(gzip.compress(response.body, compresslevel=6, mtime=0))
        savings = size - gzip_size
        if wire_bytes(response) < gzip_size or savings < 1400:
            continue
        if savings < 20_000 and 1 - gzip_size / size < 0.1:
            continue
        wasted_total += savings
        offenders.append(
            _offender(resource, f"{_kib(size)} uncompressed, gzip would save {_kib(savings)}")
        )
    if not offenders:
        return Verdict.passed(
            f"Every text file that compression would shrink noticeably is served compressed "
            f"({checked} uncompressed checked).",
            value=0,
        )
    return Verdict.failed(
        offenders,
        f"{len(offenders)} text file{'s are' if len(offenders) != 1 else ' is'} served "
        f"uncompressed; compression would save {_kib(wasted_total)}.",
        value=wasted_total,
    )


# --- uses-long-cache-ttl -------------------------------------------------------------------

_TOKEN = r"[^\x00-\x20()<>@,;:\\\"/\[\]?={}\x7f]+"  # noqa: S105 (an HTTP token, not a secret)
_CACHE_DIRECTIVE = re.compile(
    rf'(?:^|(?:\s*,\s*))({_TOKEN})(?:=(?:({_TOKEN})|(?:"((?:[^"\\]|\\.)*)")))?'
)
_HOURS_DECILES = (0, 0.2, 1, 3, 8, 12, 24, 48, 72, 168, 8760, math.inf)
_CACHEABLE_KINDS = ("font", "image", "media", "script", "stylesheet")


def parse_cache_control(field: str | None) -> dict[str, str | bool | int] | None:
    """The ``parse-cache-control`` package as Lighthouse uses it: None when unreadable."""
    if field is None:
        return None
    header: dict[str, str | bool | int] = {}

    def take(match: re.Match[str]) -> str:
        value = match.group(2) or match.group(3)
        header[match.group(1)] = value.lower() if value else True
        return ""

    leftover = _CACHE_DIRECTIVE.sub(take, field)
    max_age = header.get("max-age")
    if max_age:
        parsed = re.match(r"\s*([+-]?\d+)", max_age) if isinstance(max_age, str) else None
        if parsed is None:
            return None
        header["max-age"] = int(parsed.group(1))
    return None if leftover else header


def cache_hit_probability(max_age_seconds: float) -> float:
    hours = max_age_seconds / 3600
    upper = next(i for i, decile in enumerate(_HOURS_DECILES) if decile >= hours)
    if upper == len(_HOURS_DECILES) - 1:
        return 1.0
    if upper == 0:
        return 0.0
    x0, x1 = _HOURS_DECILES[upper - 1], _HOURS_DECILES[upper]
    y0, y1 = (upper - 1) / 10, upper / 10
    return y0 + (hours - x0) * (y1 - y0) / (x1 - x0)


def cache_lifetime(response: Fetched, now: datetime | None = None) -> float | None:
    """Seconds the response may be cached, None when it says nothing; Lighthouse's rules."""
    control = parse_cache_control(response.headers.get("cache-control"))
    if control is not None and "max-age" in control:
        return float(control["max-age"])
    expires = response.headers.get("expires")
    if expires:
        try:
            when = parsedate_to_datetime(expires)
        except (TypeError, ValueError, IndexError):
            return 0.0
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return float(math.ceil((when - (now or datetime.now(UTC))).total_seconds()))
    return None


def _deliberately_uncached(response: Fetched) -> bool:
    control = parse_cache_control(response.headers.get("cache-control"))
    if control is None and "no-cache" in response.headers.get("pragma", ""):
        return True
    return control is not None and any(
        control.get(d)
        for d in ("must-revalidate", "no-cache", "no-store", "stale-while-revalidate", "private")
    )


def _duration(seconds: float) -> str:
    if seconds <= 0:
        return "no cache lifetime"
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"cached {seconds / size:.0f} {unit}"
    return f"cached {seconds:.0f} s"


@audit(
    "uses-long-cache-ttl",
    title="Uses efficient cache policy on static assets",
    weights={"performance": 1},
    fix="Send Cache-Control: max-age=31536000 for images, styles, scripts and fonts.",
    lighthouse=True,
)
def uses_long_cache_ttl(crawl: Crawl) -> Verdict:
    resources = [
        r
        for r in site_resources(crawl)
        if r.kind in _CACHEABLE_KINDS and r.response.status in (200, 203, 206)
    ]
    if not resources:
        return Verdict.not_applicable("The scan fetched no images, styles, scripts or fonts.")
    items: list[tuple[float, Resource, float]] = []
    wasted_total = 0.0
    for resource in resources:
        response = resource.response
        if _deliberately_uncached(response):
            continue
        lifetime = cache_lifetime(response)
        if lifetime is not None and (not math.isfinite(lifetime) or lifetime <= 0):
            continue
        lifetime = lifetime or 0.0
        probability = cache_hit_probability(lifetime)
        if probability > 0.925:
            continue
        wasted = (1 - probability) * wire_bytes(response)
        wasted_total += wasted
        items.append((lifetime, resource, wasted))
    if not items:
        return Verdict.passed(
            f"{every(len(resources), 'static file')} "
            f"{'is' if len(resources) == 1 else 'are'} cached long enough (or deliberately not).",
            value=0,
        )
    items.sort(key=lambda item: (item[0], -wire_bytes(item[1].response), item[1].url))
    offenders = [
        _offender(r, f"{_duration(life)}, {_kib(wire_bytes(r.response))}") for life, r, _ in items
    ]
    return Verdict.failed(
        offenders,
        f"{len(items)} of {len(resources)} static files are cached for less than about 96 days "
        f"({_kib(wasted_total)} downloaded again on repeat visits).",
        value=round(wasted_total),
    )


# --- render-blocking-resources -------------------------------------------------------------

_VIEWPORT = (412, 823)  # Lighthouse's default mobile screen (Moto G Power)
_JS_TYPES = frozenset(
    {
        "",
        "text/javascript",
        "application/javascript",
        "application/ecmascript",
        "application/x-ecmascript",
        "application/x-javascript",
        "text/ecmascript",
        "text/jscript",
        "text/livescript",
        "text/x-ecmascript",
        "text/x-javascript",
        "text/javascript1.0",
        "text/javascript1.1",
        "text/javascript1.2",
        "text/javascript1.3",
        "text/javascript1.4",
        "text/javascript1.5",
    }
)
_FEATURE = re.compile(r"\(\s*(min-|max-)?(width|height)\s*:\s*([\d.]+)\s*(px|em|rem)?\s*\)")


def media_matches(media: str | None) -> bool:
    """Whether a stylesheet's ``media`` applies on Lighthouse's mobile screen."""
    if media is None or not media.strip():
        return True
    return any(_query_matches(query) for query in media.lower().split(","))


def _query_matches(query: str) -> bool:
    query = query.strip()
    negate = query.startswith("not ")
    query = query.removeprefix("not ").removeprefix("only ").strip()
    words = query.split("(", 1)[0].replace("and", " ").split()
    media_type = words[0] if words else "all"
    matches = media_type in ("all", "screen")
    if matches:
        for prefix, axis, number, unit in _FEATURE.findall(query):
            size = float(number) * (16 if unit in ("em", "rem") else 1)
            actual = _VIEWPORT[0] if axis == "width" else _VIEWPORT[1]
            too_small = prefix == "min-" and actual < size
            too_large = prefix == "max-" and actual > size
            if too_small or too_large or (not prefix and actual != size):
                matches = False
    return not matches if negate else matches


def _blocking(node: LexborNode, in_head: bool, image_seen: bool) -> bool:
    attrs = node.attributes
    if node.tag == "link":
        rel = {w.lower() for w in (attrs.get("rel") or "").split()}
        return (
            "stylesheet" in rel
            and "alternate" not in rel
            and "disabled" not in attrs
            and bool((attrs.get("href") or "").strip())
            and media_matches(attrs.get("media"))
        )
    if node.tag == "script":
        if not (attrs.get("src") or "").strip() or "nomodule" in attrs:
            return False
        if (attrs.get("type") or "").strip().lower() not in _JS_TYPES:
            return False  # a module is deferred; other types are not run
        render_blocking = "render" in (attrs.get("blocking") or "").lower().split()
        if ("async" in attrs or "defer" in attrs) and not render_blocking:
            return False
        return in_head or not image_seen or render_blocking
    return False


def render_blocking(page: Page) -> list[LexborNode]:
    """The stylesheets and scripts Chrome would mark render-blocking, in document order."""
    found: list[LexborNode] = []
    image_seen = False
    root = page.tree.root
    if root is None:
        return found
    for node in root.traverse():
        tag = node.tag
        if tag == "img" and not is_inert(node):
            image_seen = True
        if tag not in ("link", "script") or is_inert(node):
            continue
        in_head = inside(node, "head")
        if _blocking(node, in_head, image_seen):
            found.append(node)
    return found


@audit(
    "render-blocking-resources",
    title="Eliminate render-blocking resources",
    weights={"performance": 1},
    fix="Add defer to script tags, and inline the little CSS the top of the page needs.",
    lighthouse=True,
)
def render_blocking_resources(crawl: Crawl) -> Verdict:
    if not crawl.pages:
        return Verdict.not_applicable("No HTML page was fetched, so nothing could be checked.")
    offenders = []
    pages_hit = 0
    for page in crawl.pages:
        nodes = render_blocking(page)
        pages_hit += bool(nodes)
        for node in nodes:
            reference = node.attributes.get("href") or node.attributes.get("src") or ""
            what = "stylesheet" if node.tag == "link" else "script"
            url = resolve(page.url, reference)
            offenders.append(
                Offender(
                    page.response.path,
                    selector_of(node),
                    start_tag(node),
                    f"{what} {clip(url, 150)}",
                )
            )
    if not offenders:
        return Verdict.passed(
            "No stylesheet or script holds back the first paint "
            f"({counted(len(crawl.pages), 'page')} checked).",
            value=0,
        )
    return Verdict.failed(
        offenders,
        f"{len(offenders)} stylesheet{'s or scripts' if len(offenders) != 1 else ' or script'} "
        f"hold back the first paint on {pages_hit} page{'s' if pages_hit != 1 else ''}.",
        value=len(offenders),
    )


# --- unsized-images ------------------------------------------------------------------------

_NON_NETWORK = ("blob", "data", "intent", "file", "filesystem", "chrome-extension")


def inline_style(node: LexborNode) -> dict[str, str]:
    """The declarations of the element's ``style`` attribute (last one wins)."""
    declarations: dict[str, str] = {}
    for declaration in (node.attributes.get("style") or "").split(";"):
        name, sep, value = declaration.partition(":")
        if sep:
            value = value.replace("!important", "").strip().lower()
            declarations[name.strip().lower()] = value
    return declarations


def _explicit_attribute(value: str | None) -> bool:
    """Lighthouse: not written with a leading '+', and ``parseInt(value, 10) >= 0``."""
    if not value or value.startswith("+"):
        return False
    number = re.match(r"\s*([+-]?\d+)", value)
    return number is not None and int(number.group(1)) >= 0


def _explicit_css(value: str | None) -> bool:
    return bool(value) and value not in ("auto", "initial", "unset", "inherit")


def _guess_svg(src: str) -> bool:
    parts = urlsplit(src)
    if parts.scheme.lower() == "data":
        return re.match(r"^image/svg\+xml[;,]", parts.path) is not None
    return parts.path.lower().endswith(".svg")


def is_sized(node: LexborNode) -> bool:
    attrs = node.attributes
    style = inline_style(node)
    width = _explicit_attribute(attrs.get("width")) or _explicit_css(style.get("width"))
    height = _explicit_attribute(attrs.get("height")) or _explicit_css(style.get("height"))
    ratio = _explicit_css(style.get("aspect-ratio"))
    return (width and height) or (width and ratio) or (height and ratio)


def _not_displayed(node: LexborNode) -> bool:
    current: LexborNode | None = node
    while current is not None and current.tag not in ("html", "-document"):
        if "hidden" in current.attributes or inline_style(current).get("display") == "none":
            return True
        current = current.parent
    return False


@audit(
    "unsized-images",
    title="Image elements have explicit width and height",
    weights={"performance": 1},
    fix='Give every <img> width="…" and height="…" attributes with the image\'s real size.',
    lighthouse=True,
)
def unsized_images(crawl: Crawl) -> Verdict:
    if not crawl.pages:
        return Verdict.not_applicable("No HTML page was fetched, so no images could be checked.")
    offenders = []
    images = 0
    for page in crawl.pages:
        for img in page.tree.css("img"):
            if is_inert(img):
                continue
            images += 1
            src = (img.attributes.get("src") or "").strip()
            if inline_style(img).get("position") in ("fixed", "absolute"):
                continue
            if _guess_svg(src) and urlsplit(src).scheme.lower() in _NON_NETWORK:
                continue
            if is_sized(img) or _not_displayed(img):
                continue
            note = f"image {clip(resolve(page.url, src), 150)}" if src else "image without src"
            offenders.append(Offender(page.response.path, selector_of(img), start_tag(img), note))
    if not images:
        return Verdict.not_applicable("The pages have no <img> elements.")
    if not offenders:
        subject = every(images, "image")
        verb = "has" if images == 1 else "have"
        return Verdict.passed(f"{subject} {verb} an explicit width and height.", value=0)
    return Verdict.failed(
        offenders,
        f"{len(offenders)} of {images} images have no explicit width and height, so the page "
        "jumps while they load.",
        value=len(offenders),
    )


# --- modern-image-formats ------------------------------------------------------------------

_OPTIMIZABLE = re.compile(r"^image/((x|ms|x-ms)-)?(png|bmp|jpeg)$")
_MINIMUM_IMAGE_SIZE = 4096
_MAX_SIZE_TO_ENCODE = 2000 * 1024
_MAX_ENCODING_SECONDS = 5.0
_IGNORE_BELOW = 8192
_MAX_PIXELS_TO_DECODE = 40_000_000


@dataclass(frozen=True)
class ImageEstimate:
    original: int
    avif: float  # Lighthouse's estimate of the AVIF size
    webp: float
    from_encoding: bool  # re-encoded (else estimated from the dimensions)


def _dimensions(body: bytes) -> tuple[int, int] | None:
    try:
        with Image.open(io.BytesIO(body)) as image:
            return image.size
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None


def _encoded_sizes(body: bytes) -> tuple[int, int] | None:
    """(JPEG at quality 92, WebP at quality 85) sizes of the decoded image, or None."""
    try:
        with Image.open(io.BytesIO(body)) as image:
            width, height = image.size
            if width * height > _MAX_PIXELS_TO_DECODE:
                return None
            image.load()
            has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            rgb = image.convert("RGB")
            jpeg = io.BytesIO()
            rgb.save(jpeg, "JPEG", quality=92)
            webp = io.BytesIO()
            (image.convert("RGBA") if has_alpha else rgb).save(webp, "WEBP", quality=85)
            return len(jpeg.getvalue()), len(webp.getvalue())
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None


def estimate_image(response: Fetched, *, encode: bool) -> ImageEstimate | None:
    """Lighthouse's savings estimate for one image (None when it cannot make one)."""
    original = len(response.body) if not response.truncated else wire_bytes(response)
    if encode and not response.truncated:
        sizes = _encoded_sizes(response.body)
        if sizes is not None:
            jpeg, webp = sizes
            return ImageEstimate(original, jpeg * 5 / 10 / 2 + webp * 8 / 10 / 2, webp, True)
    dimensions = _dimensions(response.body)  # the image's natural size
    if not dimensions or not dimensions[0] or not dimensions[1]:
        return None
    pixels = dimensions[0] * dimensions[1]
    return ImageEstimate(original, round(pixels * 2 / 12), round(pixels * 2 / 10), False)


@audit(
    "modern-image-formats",
    title="Serve images in next-gen formats",
    weights={"performance": 1},
    fix="Save photos and graphics as WebP (or AVIF) instead of JPEG or PNG.",
    lighthouse=True,
)
def modern_image_formats(crawl: Crawl) -> Verdict:
    images = [
        r
        for r in site_resources(crawl)
        if _OPTIMIZABLE.match(r.response.content_type)
        and min(len(r.response.body), wire_bytes(r.response)) > _MINIMUM_IMAGE_SIZE
        and r.response.status == 200
    ]
    if not images:
        return Verdict.not_applicable("The scan fetched no JPEG, PNG or BMP image over 4 KiB.")
    images.sort(key=lambda r: -len(r.response.body))  # Lighthouse encodes the largest first
    started = time.monotonic()
    offenders = []
    wasted_total = 0.0
    judged = 0
    for resource in images:
        response = resource.response
        encode = (
            time.monotonic() - started <= _MAX_ENCODING_SECONDS
            and wire_bytes(response) <= _MAX_SIZE_TO_ENCODE
        )
        if not encode and (resource.node is None or resource.node.tag != "img"):
            continue  # Lighthouse needs the <img> element's natural size to estimate
        estimate = estimate_image(response, encode=encode)
        if estimate is None:
            continue
        judged += 1
        wasted = estimate.original - estimate.avif
        if wasted < _IGNORE_BELOW:
            continue
        wasted_total += wasted
        how = "" if estimate.from_encoding else " (estimated from its size in pixels)"
        offenders.append(
            _offender(
                resource,
                f"{_kib(estimate.original)} {response.content_type}, about {_kib(wasted)} "
                f"smaller as AVIF/WebP{how}",
            )
        )
    if not offenders:
        return Verdict.passed(
            f"None of the {judged} JPEG/PNG images would shrink by 8 KiB or more as WebP or AVIF.",
            value=0,
        )
    return Verdict.failed(
        offenders,
        f"{len(offenders)} image{'s' if len(offenders) != 1 else ''} would be about "
        f"{_kib(wasted_total)} smaller as WebP or AVIF.",
        value=round(wasted_total),
    )


# --- dom-size ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DomStats:
    elements: int  # elements inside <body>
    depth: int  # body is depth 1
    width: int  # the most child elements of one element
    deepest: LexborNode | None
    widest: LexborNode | None


def dom_stats(tree: LexborHTMLParser) -> DomStats:
    body = tree.body
    if body is None:
        return DomStats(0, 0, 0, None, None)
    elements, max_depth, max_width = 0, 0, -1
    deepest: LexborNode | None = body
    widest: LexborNode | None = body
    stack: list[tuple[LexborNode, int]] = [(body, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > max_depth:
            max_depth, deepest = depth, node
        children = [child for child in node.iter() if child.is_element_node]
        if len(children) > max_width:
            max_width, widest = len(children), node
        elements += len(children)
        stack.extend((child, depth + 1) for child in reversed(children))
    return DomStats(elements, max_depth, max_width, deepest, widest)


@audit(
    "dom-size",
    title="Avoids an excessive DOM size",
    weights={"performance": 1},
    fix="Trim the page: fewer nested wrappers, and long lists split over several pages.",
    lighthouse=True,
)
def dom_size(crawl: Crawl) -> Verdict:
    if not crawl.pages:
        return Verdict.not_applicable("No HTML page was fetched, so no DOM was measured.")
    measured = [(dom_stats(page.tree), page) for page in crawl.pages]
    stats, page = max(measured, key=lambda item: item[0].elements)
    score = log_normal_score(stats.elements, p10=818, median=1400)
    explanation = (
        f"The largest page, {page.response.path}, has {stats.elements:,} elements, "
        f"{stats.depth} levels deep, with at most {stats.width} children under one element."
    )
    if score >= PASS_THRESHOLD:
        return Verdict("pass", score, explanation, value=stats.elements)
    offenders = [Offender(page.response.path, "body", "", f"{stats.elements:,} elements")]
    if stats.deepest is not None:
        offenders.append(
            Offender(
                page.response.path,
                selector_of(stats.deepest),
                start_tag(stats.deepest),
                f"deepest element, depth {stats.depth}",
            )
        )
    if stats.widest is not None:
        offenders.append(
            Offender(
                page.response.path,
                selector_of(stats.widest),
                start_tag(stats.widest),
                f"most children, {stats.width}",
            )
        )
    return Verdict.failed(offenders, explanation, score=score, value=stats.elements)


# --- server-response-time ------------------------------------------------------------------

TOO_SLOW_MS = 600


@audit(
    "server-response-time",
    title="Initial server response time was short",
    weights={"performance": 1},
    fix="Cache whole pages on the server or a CDN so the first byte comes in under 0.6 s.",
    lighthouse=True,
)
def server_response_time(crawl: Crawl) -> Verdict:
    response = crawl.start.response if crawl.start is not None else None
    if response is None and crawl.responses:
        response = crawl.responses[0]
    if response is None or not response.ok or response.elapsed_ms <= 0:
        return Verdict.not_applicable("The start page's response time was not measured.")
    elapsed = response.elapsed_ms
    explanation = (
        f"The start page took {elapsed:,.0f} ms to arrive (the limit is {TOO_SLOW_MS} ms)."
    )
    if elapsed < TOO_SLOW_MS:
        return Verdict.passed(explanation, value=round(elapsed, 1))
    offender = Offender(
        response.path, "", clip(response.final_url or response.url), f"{elapsed:,.0f} ms"
    )
    return Verdict.failed([offender], explanation, value=round(elapsed, 1))


# --- the metrics Lighthouse scores ---------------------------------------------------------

_METRICS = (
    ("first-contentful-paint", "First Contentful Paint", "the first text or image is painted"),
    (
        "largest-contentful-paint",
        "Largest Contentful Paint",
        "the largest text or image is painted",
    ),
    ("total-blocking-time", "Total Blocking Time", "long scripts keep the page from responding"),
    ("cumulative-layout-shift", "Cumulative Layout Shift", "the layout moves while loading"),
    ("speed-index", "Speed Index", "the visible content fills in"),
)


def _metric(name: str, what: str) -> Callable[[Crawl], Verdict]:
    def check(crawl: Crawl) -> Verdict:
        return Verdict.needs_layout(
            f"{name} measures when {what}; it needs a browser to render the page, so the scan "
            "does not guess it."
        )

    return check


for _id, _title, _what in _METRICS:
    audit(
        _id,
        title=_title,
        weights={"performance": 0},
        fix="Keep pages light: small images, few scripts, fonts that show text at once.",
        lighthouse=True,
    )(_metric(_title, _what))
