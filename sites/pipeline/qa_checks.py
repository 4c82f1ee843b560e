"""Static quality checks on a site's rendered files, before anything goes live.

    checks = check_files(files, palette_pairs=brand.contrast)
    [Check(name="HTML is well-formed", passed=True, details=[...]), ...]

Each check says in ``details`` what it found, in sentences a customer can read ("about.html
links to /team, which does not exist."). The checks:

- HTML is well-formed: a strict parse of every page (a doctype, no unclosed, stray or
  misnested tags, no duplicate attributes or ids); end tags HTML lets you leave out
  (``</p>``, ``</li>``, ...) may be left out.
- Links and files resolve: every internal link, stylesheet, icon, script, in-page anchor
  and sitemap entry points at a file the site Worker serves (its rules: ``/about`` is
  ``about.html``); forms post to the Worker's ``/_forms/<name>``.
- Images have text alternatives: ``<img>`` has ``alt``; an inline ``<svg>`` is labelled
  (``role="img"`` with ``aria-label``/``<title>``) or hidden (``aria-hidden="true"``).
- Photos and fonts are in place: every ``<img>`` has its ``width`` and ``height`` (so
  the page does not jump as it loads); every image a page shows (``src``, each ``srcset``
  candidate of ``<img>`` and ``<source>``), every file it preloads and every ``url()`` of
  a stylesheet (fonts) is among the site's files (the photos' variants are added to a
  version's files by the develop step: one missing is a version that shows holes) and is
  what its name says (a ``.webp`` is a WebP image, a ``.woff2`` a WOFF2 font); a font
  preload is ``crossorigin`` (or the browser fetches the font twice).
- Every page has its basics: ``lang``, a viewport, a title, a meta description, exactly
  one ``<h1>``, and a canonical link (pages marked ``noindex`` need none); the site has
  ``index.html``, ``404.html``, ``robots.txt`` (naming the sitemap) and ``sitemap.xml``.
- Colour contrast: every pair passes WCAG AA (4.5:1; 3:1 for large text or non-text
  uses), ratios computed here rather than trusted; the stylesheet's own palette pairs too.
- Page weight: each page plus the files it loads, gzip-compressed, within the budget;
  photos and fonts apart, with budgets of their own: the fonts a page uses, and one
  size of each image it shows (its ``src``, the size browsers that ignore ``srcset`` load).
- No injected markup: no ``<script>`` but JSON-LD (which must be valid JSON), no ``on*``
  attributes, no ``javascript:`` URLs, no frames, objects, ``<base>`` or refresh; the
  same in SVG files and no scriptable CSS.
- Nothing the security policy blocks: the site Worker's CSP (``default-src 'self'``)
  blocks inline styles and anything loaded from elsewhere, and forms may only post to
  the site itself.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

from code24.ai.contrast import contrast_ratio
from code24.ai.schemas import ContrastPair


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


VOID = _words("area base br col embed hr img input link meta source track wbr param keygen")
# End tags HTML allows to be left out, and which start tags close them implicitly.
OPTIONAL_END = _words(
    "p li dt dd option optgroup tr td th thead tbody tfoot colgroup rt rp html head body"
)
CLOSES_P = _words(
    "address article aside blockquote details dialog div dl fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre section table ul"
)
IMPLIED_BY: dict[str, frozenset[str]] = {
    "li": frozenset({"li"}),
    "dt": frozenset({"dt", "dd"}),
    "dd": frozenset({"dt", "dd"}),
    "option": frozenset({"option"}),
    "tr": frozenset({"tr", "td", "th"}),
    "td": frozenset({"td", "th"}),
    "th": frozenset({"td", "th"}),
}
NO_NESTING = frozenset({"a", "form", "button", "label"})
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "poster", "data", "cite", "background", "xlink:href"}
)
LOADING = {  # element -> attributes that make the browser fetch something
    "img": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}
LOADING_LINKS = frozenset(
    {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest", "apple-touch-icon"}
)
FORBIDDEN_ELEMENTS = {
    "iframe": "a frame",
    "frame": "a frame",
    "object": "an embedded object",
    "embed": "an embedded object",
    "applet": "an applet",
    "base": "a <base> element, which changes where every link goes",
}
FORM_PATH = re.compile(r"^/_forms/[a-z0-9][a-z0-9_-]{0,63}$")
CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE)
CSS_IMPORT = re.compile(r"@import\s+(?:url\()?\s*['\"]?([^'\")\s;]+)", re.IGNORECASE)
CONTROL = re.compile(r"[\x00-\x20\x7f]+")
IMAGE_EXTENSIONS = frozenset({"webp", "avif", "png", "jpg", "jpeg", "gif", "svg", "ico"})
FONT_EXTENSIONS = frozenset({"woff2", "woff", "ttf", "otf"})
# What a file's first bytes must be for its extension (images and fonts).
MAGIC: dict[str, tuple[str, Callable[[bytes], bool]]] = {
    "webp": ("a WebP image", lambda b: b[:4] == b"RIFF" and b[8:12] == b"WEBP"),
    "avif": ("an AVIF image", lambda b: b[4:8] == b"ftyp" and b[8:12] in (b"avif", b"avis")),
    "png": ("a PNG image", lambda b: b[:8] == b"\x89PNG\r\n\x1a\n"),
    "jpg": ("a JPEG image", lambda b: b[:3] == b"\xff\xd8\xff"),
    "jpeg": ("a JPEG image", lambda b: b[:3] == b"\xff\xd8\xff"),
    "gif": ("a GIF image", lambda b: b[:6] in (b"GIF87a", b"GIF89a")),
    "woff2": ("a WOFF2 font", lambda b: b[:4] == b"wOF2"),
    "woff": ("a WOFF font", lambda b: b[:4] == b"wOFF"),
}
AA_TEXT = 4.5
AA_LARGE = 3.0


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    details: list[str] = field(default_factory=list)


def check_files(
    files: dict[str, bytes],
    *,
    palette_pairs: list[ContrastPair],
    page_budget_bytes: int = 150_000,
    font_budget_bytes: int = 200_000,
    image_budget_bytes: int = 1_500_000,
) -> list[Check]:
    """Every static check on ``files`` (path -> bytes), in a fixed order."""
    site = _Site(files)
    return [
        _well_formed(site),
        _links(site),
        _images(site),
        _media(site),
        _basics(site),
        _contrast(site, palette_pairs),
        _weight(site, page_budget_bytes, font_budget_bytes, image_budget_bytes),
        _injection(site),
        _policy(site),
    ]


# --- reading the site -------------------------------------------------------------------


@dataclass
class _Element:
    tag: str
    attrs: dict[str, str]
    line: int
    in_svg: bool = False  # inside an <svg> (its <title> is no page title)
    text: str = ""


class _Page(HTMLParser):
    """One HTML file, parsed strictly: structure errors, elements, ids, scripts."""

    def __init__(self, path: str, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.path = path
        self.errors: list[str] = []
        self.elements: list[_Element] = []
        self.ids: dict[str, int] = {}
        self.doctype = False
        self.started = False
        self.lang = ""
        self.scripts: list[_Element] = []
        self._stack: list[_Element] = []
        self._capture: list[_Element] = []  # title, script, h1, style: their text
        self.feed(html)
        self.close()
        self._end_of_file()

    # parser callbacks ---------------------------------------------------------------------

    def handle_decl(self, decl: str) -> None:
        if decl.lower().startswith("doctype") and not self.started:
            self.doctype = decl.lower().split() == ["doctype", "html"]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, self_closing=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, self_closing=True)

    def handle_endtag(self, tag: str) -> None:
        line = self.getpos()[0]
        if tag in VOID:
            self._error(line, f"</{tag}> is not allowed: <{tag}> has no end tag")
            return
        for depth in range(len(self._stack) - 1, -1, -1):
            if self._stack[depth].tag == tag:
                unclosed = [e for e in self._stack[depth + 1 :] if e.tag not in OPTIONAL_END]
                for element in unclosed:
                    self._error(
                        line,
                        f"</{tag}> closes <{tag}> (line {self._stack[depth].line}) while "
                        f"<{element.tag}> (line {element.line}) inside it is still open",
                    )
                self._close(depth)
                return
        if tag == "p":  # "</p>" without a <p> is an (odd) empty paragraph, not an error
            self._error(line, "</p> has no <p> to close")
            return
        self._error(line, f"</{tag}> has no matching <{tag}>")

    def handle_data(self, data: str) -> None:
        for element in self._capture:
            element.text += data
        if data.strip() and not self.started:
            self.started = True

    # structure ------------------------------------------------------------------------------

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], *, self_closing: bool) -> None:
        line = self.getpos()[0]
        self.started = True
        names = [name for name, _ in attrs]
        for name in sorted({n for n in names if names.count(n) > 1}):
            self._error(line, f"<{tag}> has the attribute {name} twice")
        values = {name: value or "" for name, value in attrs}
        element = _Element(tag, values, line, in_svg=self._in_foreign())
        self.elements.append(element)
        if tag == "html" and "lang" in values:
            self.lang = values["lang"].strip()
        identifier = values.get("id")
        if identifier is not None:
            if identifier in self.ids:
                first = self.ids[identifier]
                self._error(line, f'the id "{identifier}" is used twice (also on line {first})')
            else:
                self.ids[identifier] = line
        if tag == "script":
            self.scripts.append(element)
        # implied end tags
        if tag in CLOSES_P:
            self._close_implied({"p"})
        if tag in IMPLIED_BY:
            self._close_implied(IMPLIED_BY[tag], stop_at={"ul", "ol", "dl", "table", "select"})
        if tag in NO_NESTING and any(open_.tag == tag for open_ in self._stack):
            self._error(line, f"<{tag}> is inside another <{tag}>")
        if tag in VOID:
            return
        if self_closing:
            if tag not in ("svg", "math") and not element.in_svg:
                self._error(line, f"<{tag}/> does not close itself in HTML; write <{tag}></{tag}>")
            return  # <path/> inside <svg> is a complete element
        self._stack.append(element)
        if tag in ("title", "script", "style", "h1", "summary", "option"):
            self._capture.append(element)

    def _in_foreign(self) -> bool:
        return any(element.tag in ("svg", "math") for element in self._stack)

    def _close_implied(self, tags: set[str] | frozenset[str], stop_at: Iterable[str] = ()) -> None:
        stops = set(stop_at)
        for depth in range(len(self._stack) - 1, -1, -1):
            current = self._stack[depth].tag
            if current in tags:
                self._close(depth)
                return
            if current in stops or current not in OPTIONAL_END:
                return

    def _close(self, depth: int) -> None:
        for element in self._stack[depth:]:
            if element in self._capture:
                self._capture.remove(element)
        del self._stack[depth:]

    def _end_of_file(self) -> None:
        for element in self._stack:
            if element.tag not in OPTIONAL_END:
                self._error(None, f"<{element.tag}> (line {element.line}) is never closed")
        self._stack.clear()

    def _error(self, line: int | None, message: str) -> None:
        where = f"{self.path} line {line}" if line else self.path
        self.errors.append(f"{where}: {message}.")

    # questions --------------------------------------------------------------------------

    def find(self, *tags: str) -> list[_Element]:
        return [element for element in self.elements if element.tag in tags]

    def meta(self, name: str) -> str | None:
        for element in self.find("meta"):
            if element.attrs.get("name", "").lower() == name:
                return element.attrs.get("content", "")
        return None

    def link_rels(self, rel: str) -> list[_Element]:
        return [
            element
            for element in self.find("link")
            if rel in element.attrs.get("rel", "").lower().split()
        ]

    @property
    def noindex(self) -> bool:
        return "noindex" in (self.meta("robots") or "").lower()


class _Site:
    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = {path.lstrip("/"): body for path, body in files.items()}
        self.pages: dict[str, _Page] = {}
        self.undecodable: list[str] = []
        for path in sorted(self.files):
            if path.endswith((".html", ".htm")):
                try:
                    html = self.files[path].decode("utf-8")
                except UnicodeDecodeError:
                    self.undecodable.append(path)
                    continue
                self.pages[path] = _Page(path, html)
        self.origin = self._origin()

    def _origin(self) -> str:
        """The site's own origin, from the home page's canonical link (if any)."""
        home = self.pages.get("index.html")
        if home:
            for link in home.link_rels("canonical"):
                parts = urlsplit(link.attrs.get("href", ""))
                if parts.scheme in ("http", "https") and parts.netloc:
                    return f"{parts.scheme}://{parts.netloc}".lower()
        return ""

    def text(self, path: str) -> str:
        return self.files[path].decode("utf-8", errors="replace")

    @staticmethod
    def url_path(path: str) -> str:
        """The URL a file is served at: index.html is /, about.html is /about."""
        if path == "index.html":
            return "/"
        if path.endswith("/index.html"):
            return "/" + path[: -len("index.html")]
        return "/" + path.removesuffix(".html")

    def resolve(self, url_path: str) -> str | None:
        """The file the site Worker serves for a URL path (its own rules), or None."""
        path = unquote(url_path)
        if path.endswith("/"):
            candidates = [path + "index.html", path[:-1] + ".html" if len(path) > 1 else ""]
        else:
            candidates = [path, path + ".html", path + "/index.html"]
        for candidate in candidates:
            if candidate and candidate.lstrip("/") in self.files:
                return candidate.lstrip("/")
        return None

    def internal(self, base_path: str, url: str) -> tuple[str, str] | None:
        """(file path or "", fragment) when ``url`` points into this site; None otherwise.

        "" as the file means the URL is internal but resolves to nothing.
        """
        clean = CONTROL.sub("", url)
        if clean.startswith("//"):
            return None  # another host, whatever the scheme
        parts = urlsplit(clean)
        if parts.scheme:
            if f"{parts.scheme}://{parts.netloc}".lower() != self.origin or not self.origin:
                return None
            target = parts.path or "/"
        else:
            target = urljoin(self.url_path(base_path), parts.path) if parts.path else ""
        if not target:
            return (base_path, parts.fragment)
        return (self.resolve(target) or "", parts.fragment)


# --- the checks ---------------------------------------------------------------------------


def _well_formed(site: _Site) -> Check:
    problems = [f"{path} is not valid UTF-8 text." for path in site.undecodable]
    for path, page in site.pages.items():
        if not page.doctype:
            problems.append(f"{path} does not start with <!doctype html>.")
        problems.extend(page.errors)
    return _result(
        "HTML is well-formed",
        problems,
        f"{len(site.pages)} pages parse without errors.",
    )


def _links(site: _Site) -> Check:
    problems: list[str] = []
    checked = 0
    for path, page in site.pages.items():
        for element in page.elements:
            for attribute in ("href", "src", "xlink:href"):
                url = element.attrs.get(attribute)
                if url is None or _media_reference(element, attribute):
                    continue  # images and preloads: "Photos and fonts are in place"
                if url.strip().lower().startswith(("mailto:", "tel:", "sms:", "data:")):
                    continue
                found = site.internal(path, url)
                if found is None:
                    continue
                checked += 1
                target, fragment = found
                if not target:
                    problems.append(f"{path} links to {url}, which does not exist.")
                elif fragment and target in site.pages and fragment not in site.pages[target].ids:
                    problems.append(
                        f"{path} links to {url}, but {target} has no element with the id "
                        f'"{fragment}".'
                    )
            if element.tag == "form":
                action = element.attrs.get("action", "")
                found = site.internal(path, action) if action else (path, "")
                if found is None:
                    continue  # another site: the security policy check reports it
                action_path = urlsplit(CONTROL.sub("", action)).path
                if not FORM_PATH.match(action_path):
                    problems.append(
                        f"{path} has a form that posts to {action or 'the page itself'}, which "
                        "the site does not accept; forms must post to /_forms/<name>."
                    )
    if "sitemap.xml" in site.files:
        for loc in re.findall(r"<loc>\s*(.*?)\s*</loc>", site.text("sitemap.xml")):
            found = site.internal("index.html", _unescape_xml(loc))
            checked += 1
            if found is None:
                problems.append(f"sitemap.xml lists {loc}, which is not an address on this site.")
            elif not found[0]:
                problems.append(f"sitemap.xml lists {loc}, which does not exist.")
    return _result(
        "Links and files resolve",
        problems,
        f"{checked} internal links, files and sitemap entries all resolve.",
    )


def _images(site: _Site) -> Check:
    problems: list[str] = []
    images = 0
    for path, page in site.pages.items():
        for element in page.find("img"):
            images += 1
            if "alt" not in element.attrs:
                src = element.attrs.get("src", "")
                problems.append(f"{path} line {element.line}: the image {src} has no alt text.")
        for element in page.find("svg"):
            if element.in_svg:
                continue  # only the outermost picture needs a label
            images += 1
            labelled = element.attrs.get("role") == "img" and (
                element.attrs.get("aria-label", "").strip()
                or element.attrs.get("aria-labelledby", "").strip()
            )
            hidden = element.attrs.get("aria-hidden") == "true"
            if not labelled and not hidden and not _svg_has_title(page, element):
                problems.append(
                    f"{path} line {element.line}: a picture (<svg>) has neither a label for "
                    'screen readers nor aria-hidden="true".'
                )
        for element in page.find("input"):
            if element.attrs.get("type", "").lower() == "image" and "alt" not in element.attrs:
                problems.append(f"{path} line {element.line}: an image button has no alt text.")
    return _result(
        "Images have text alternatives",
        problems,
        f"{images} images and pictures are labelled or marked decorative.",
    )


def _media(site: _Site) -> Check:
    problems: list[str] = []
    found: set[str] = set()
    for path, page in site.pages.items():
        for element in page.elements:
            where = f"{path} line {element.line}"
            if element.tag == "img":
                src = element.attrs.get("src", "")
                sizes = [element.attrs.get(a, "").strip() for a in ("width", "height")]
                if not all(size.isdigit() and int(size) > 0 for size in sizes):
                    problems.append(
                        f"{where}: the image {src} has no width and height (whole numbers of "
                        "pixels), so the page jumps as it loads."
                    )
            if (
                element.tag == "link"
                and "preload" in element.attrs.get("rel", "").lower().split()
                and element.attrs.get("as") == "font"
                and "crossorigin" not in element.attrs
            ):
                problems.append(
                    f"{where}: a font preload has no crossorigin, so the browser fetches "
                    "the font twice."
                )
            for url in _media_urls(element):
                target = _media_target(site, path, url)
                if target is None:
                    continue  # another site: the security policy check reports it
                if not target:
                    what = (
                        "the photo" if "/photos/" in url else "the font" if "/fonts/" in url else ""
                    )
                    problems.append(
                        f"{where} shows {what or 'the file'} {url}, which is not among the "
                        "site's files."
                        if element.tag in ("img", "source")
                        else f"{where} preloads {url}, which is not among the site's files."
                    )
                    continue
                found.add(target)
    for path, body in site.files.items():
        if not path.endswith(".css"):
            continue
        for match in CSS_URL.finditer(body.decode("utf-8", errors="replace")):
            url = match.group(2)
            if url.lower().startswith("data:") or url.startswith("#"):
                continue
            target = _media_target(site, path, url if url.startswith("/") else "/" + url)
            if target is None:
                continue
            if not target:
                what = "the font " if "/fonts/" in url else ""
                problems.append(f"{path} uses {what}{url}, which is not among the site's files.")
                continue
            found.add(target)
    for target in sorted(found):
        extension = target.rsplit(".", 1)[-1].lower()
        if extension in MAGIC and not MAGIC[extension][1](site.files[target]):
            problems.append(f"{target} is not {MAGIC[extension][0]}, as its name says.")
    photos = sum(1 for target in found if target.rsplit(".", 1)[-1] in IMAGE_EXTENSIONS)
    fonts = len(found) - photos
    return _result(
        "Photos and fonts are in place",
        problems,
        f"Every image has its width and height; the {photos} image files and {fonts} font "
        "files the pages use are all there, each of its type.",
    )


def _media_reference(element: _Element, attribute: str) -> bool:
    """Whether the "Photos and fonts" check looks at this attribute (not the links one)."""
    if element.tag in ("img", "source") and attribute == "src":
        return True
    return (
        element.tag == "link"
        and attribute == "href"
        and "preload" in element.attrs.get("rel", "").lower().split()
    )


def _media_urls(element: _Element) -> list[str]:
    urls: list[str] = []
    if element.tag in ("img", "source"):
        if element.attrs.get("src", "").strip():
            urls.append(element.attrs["src"].strip())
        urls += _srcset_urls(element.attrs.get("srcset", ""))
    elif (
        element.tag == "link"
        and "preload" in element.attrs.get("rel", "").lower().split()
        and element.attrs.get("href", "").strip()
    ):
        urls.append(element.attrs["href"].strip())
    return [url for url in urls if not url.lower().startswith("data:")]


def _media_target(site: _Site, path: str, url: str) -> str | None:
    """The file a media URL names ("" when the site has none), None for another site's."""
    found = site.internal(path, url)
    return None if found is None else found[0]


def _srcset_urls(srcset: str) -> list[str]:
    return [part.strip().split()[0] for part in srcset.split(",") if part.strip()]


def _basics(site: _Site) -> Check:
    problems: list[str] = []
    for required, why in [
        ("index.html", "the home page"),
        ("404.html", "the page shown for unknown addresses"),
        ("robots.txt", "robots.txt"),
        ("sitemap.xml", "sitemap.xml"),
    ]:
        if required not in site.files:
            problems.append(f"The site has no {required} ({why}).")
    if "robots.txt" in site.files and not re.search(
        r"(?im)^sitemap:\s*\S+", site.text("robots.txt")
    ):
        problems.append("robots.txt does not name the sitemap (a 'Sitemap:' line).")
    for path, page in site.pages.items():
        if not page.lang:
            problems.append(f"{path} does not say its language (<html lang>).")
        if not (page.meta("viewport") or "").strip():
            problems.append(f"{path} has no viewport meta tag, so phones show it zoomed out.")
        titles = [e.text.strip() for e in page.find("title") if not e.in_svg]
        if not titles or not titles[0]:
            problems.append(f"{path} has no title.")
        elif len(titles) > 1:
            problems.append(f"{path} has {len(titles)} titles.")
        if not (page.meta("description") or "").strip():
            problems.append(f"{path} has no meta description.")
        h1s = page.find("h1")
        if len(h1s) != 1:
            problems.append(f"{path} has {len(h1s)} <h1> headings; a page needs exactly one.")
        elif not h1s[0].text.strip():
            problems.append(f"{path} has an empty <h1>.")
        canonical = page.link_rels("canonical")
        if not page.noindex and not canonical:
            problems.append(f"{path} has no canonical link.")
        elif len(canonical) > 1:
            problems.append(f"{path} has {len(canonical)} canonical links.")
    return _result(
        "Every page has its basics",
        problems,
        f"{len(site.pages)} pages have a language, title, description, canonical link and one h1.",
    )


def _contrast(site: _Site, pairs: list[ContrastPair]) -> Check:
    problems: list[str] = []
    checked: list[tuple[float, str]] = []
    for pair in pairs:
        name = pair.usage or f"{pair.foreground} on {pair.background}"
        try:
            ratio = contrast_ratio(pair.foreground, pair.background)
        except ValueError:
            problems.append(f"The colour pair for {name} is not two colours like #1a2b3c.")
            continue
        needed = AA_LARGE if re.search(r"large|non-text|icon|border", name, re.I) else AA_TEXT
        checked.append((ratio, name))
        if ratio < needed:
            problems.append(
                f"{name.capitalize()} ({pair.foreground} on {pair.background}) has a contrast "
                f"of {ratio:.2f}:1; it needs at least {needed:g}:1."
            )
    for path, body in site.files.items():
        if path.endswith(".css"):
            for ratio, name, fg, bg in _stylesheet_pairs(body.decode("utf-8", errors="replace")):
                checked.append((ratio, name))
                if ratio < AA_TEXT:
                    problems.append(
                        f"{path}: {name} ({fg} on {bg}) has a contrast of {ratio:.2f}:1; it "
                        f"needs at least {AA_TEXT:g}:1."
                    )
    if not checked and not problems:
        problems.append("No colour pairs were given to check.")
    lowest = min(checked) if checked else None
    summary = (
        f"{len(checked)} colour pairs pass WCAG AA; the lowest is {lowest[1]} at {lowest[0]:.2f}:1."
        if lowest
        else ""
    )
    return _result("Colour contrast", problems, summary)


# The text/background pairs the generator's stylesheet uses, by custom property.
STYLESHEET_PAIRS = [
    ("text", "bg", "text on the background"),
    ("muted", "bg", "secondary text on the background"),
    ("text", "surface", "text on the surface colour"),
    ("muted", "surface", "secondary text on the surface colour"),
    ("on-primary", "primary", "button text"),
    ("primary", "bg", "links"),
]


def _stylesheet_pairs(css: str) -> list[tuple[float, str, str, str]]:
    root = re.search(r":root\s*\{([^}]*)\}", css)
    if not root:
        return []
    values = dict(re.findall(r"--([\w-]+)\s*:\s*(#[0-9a-fA-F]{6})\b", root.group(1)))
    found = []
    for fg, bg, name in STYLESHEET_PAIRS:
        if fg in values and bg in values:
            ratio = contrast_ratio(values[fg], values[bg])
            found.append((ratio, name, values[fg], values[bg]))
    return found


def _weight(site: _Site, budget: int, font_budget: int, image_budget: int) -> Check:
    problems: list[str] = []
    compressed = {path: len(gzip.compress(body, 9, mtime=0)) for path, body in site.files.items()}
    heaviest = ("", 0)
    for path, page in site.pages.items():
        assets: set[str] = set()
        images: set[str] = set()  # one size of each: the <img>'s src
        for element in page.elements:
            if element.tag == "source":
                continue  # a choice among sizes and types the <img> stands for
            for url in _loaded_urls(element):
                found = site.internal(path, url)
                if not (found and found[0]):
                    continue
                if _kind(found[0]) == "image" and element.tag in ("img", "source"):
                    if url == element.attrs.get("src", "").strip():
                        images.add(found[0])
                else:
                    assets.add(found[0])
        for asset in list(assets):
            if asset.endswith(".css"):
                for match in CSS_URL.finditer(site.text(asset)):
                    found = site.internal(asset, "/" + match.group(2).lstrip("/"))
                    if found and found[0]:
                        assets.add(found[0])
        fonts = {asset for asset in assets if _kind(asset) == "font"}
        total = compressed[path] + sum(compressed[a] for a in assets - fonts if a != path)
        font_total = sum(len(site.files[a]) for a in fonts)  # woff2 is compressed already
        image_total = sum(len(site.files[a]) for a in images)
        if total > heaviest[1]:
            heaviest = (path, total)
        if total > budget:
            problems.append(
                f"{path} weighs {total / 1000:.1f} KB compressed with the files it loads, "
                f"photos and fonts apart; the budget is {budget / 1000:.0f} KB."
            )
        if font_total > font_budget:
            problems.append(
                f"{path} loads {font_total / 1000:.1f} KB of fonts; the budget is "
                f"{font_budget / 1000:.0f} KB (choose fewer or lighter fonts)."
            )
        if image_total > image_budget:
            problems.append(
                f"{path} shows {image_total / 1000:.1f} KB of images (one size of each); the "
                f"budget is {image_budget / 1000:.0f} KB (show fewer photos on this page)."
            )
    return _result(
        "Page weight",
        problems,
        f"Every page is within {budget / 1000:.0f} KB, its fonts within "
        f"{font_budget / 1000:.0f} KB and its images within {image_budget / 1000:.0f} KB; "
        f"the heaviest, {heaviest[0]}, is {heaviest[1] / 1000:.1f} KB compressed."
        if heaviest[0]
        else "There are no pages to weigh.",
    )


def _kind(path: str) -> str:
    extension = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    if extension in FONT_EXTENSIONS:
        return "font"
    if extension in IMAGE_EXTENSIONS and extension != "svg":
        return "image"
    return "other"


def _injection(site: _Site) -> Check:
    problems: list[str] = []
    for path, page in site.pages.items():
        problems.extend(_markup_problems(path, page))
    for path, body in site.files.items():
        text = body.decode("utf-8", errors="replace")
        if path.endswith(".svg"):
            svg = _Page(path, text)
            problems.extend(_markup_problems(path, svg))
            if svg.find("foreignobject"):
                problems.append(f"{path} embeds HTML (<foreignObject>).")
        elif path.endswith(".css"):
            lowered = CONTROL.sub("", text.lower())
            if "javascript:" in lowered or "expression(" in lowered or "-moz-binding" in lowered:
                problems.append(f"{path} contains script (javascript:, expression or binding).")
    return _result(
        "No injected markup",
        problems,
        "No scripts, event handlers or javascript: links; customer text ships as text.",
    )


def _markup_problems(path: str, page: _Page) -> list[str]:
    problems = []
    for element in page.scripts:
        kind = element.attrs.get("type", "").strip().lower()
        if kind != "application/ld+json":
            problems.append(f"{path} line {element.line} has a <script>, which is not allowed.")
            continue
        if "src" in element.attrs:
            problems.append(f"{path} line {element.line}: structured data must be inline.")
            continue
        try:
            json.loads(element.text)
        except ValueError:
            problems.append(
                f"{path} line {element.line}: the structured data (JSON-LD) is not valid JSON."
            )
    for element in page.elements:
        for name, value in element.attrs.items():
            if name.startswith("on"):
                problems.append(
                    f"{path} line {element.line}: <{element.tag}> has an event handler ({name})."
                )
            if name in URL_ATTRIBUTES or name.endswith("href"):
                scheme = CONTROL.sub("", value).lower()
                if scheme.startswith(("javascript:", "vbscript:", "data:text/html")):
                    problems.append(
                        f"{path} line {element.line}: <{element.tag}> has a script link in {name}."
                    )
        if element.tag in FORBIDDEN_ELEMENTS:
            problems.append(
                f"{path} line {element.line} has {FORBIDDEN_ELEMENTS[element.tag]} "
                f"(<{element.tag}>), which is not allowed."
            )
        if element.tag == "meta" and element.attrs.get("http-equiv", "").lower() == "refresh":
            problems.append(f"{path} line {element.line} redirects with a meta refresh.")
    return problems


def _policy(site: _Site) -> Check:
    problems: list[str] = []
    for path, page in site.pages.items():
        for element in page.elements:
            if "style" in element.attrs:
                problems.append(
                    f"{path} line {element.line}: <{element.tag}> has a style attribute, which "
                    "the site's security policy blocks; use the stylesheet."
                )
            if element.tag == "style":
                problems.append(
                    f"{path} line {element.line} has a <style> element, which the site's "
                    "security policy blocks; use the stylesheet."
                )
            for url in _loaded_urls(element):
                if url.lower().startswith("data:") and element.tag == "img":
                    continue
                if site.internal(path, url) is None:
                    problems.append(
                        f"{path} line {element.line} loads {url} from another website; the site "
                        "sends no requests elsewhere (and its security policy blocks them)."
                    )
            if (
                element.tag == "form"
                and site.internal(path, element.attrs.get("action", "")) is None
            ):
                problems.append(
                    f"{path} line {element.line} has a form that posts to "
                    f"{element.attrs.get('action')}; the site's security policy only lets forms "
                    "post to the site itself."
                )
    for path, body in site.files.items():
        if path.endswith(".css"):
            css = body.decode("utf-8", errors="replace")
            urls = [m.group(2) for m in CSS_URL.finditer(css)] + CSS_IMPORT.findall(css)
            for url in urls:
                if url.lower().startswith("data:"):
                    continue
                if site.internal(path, url) is None:
                    problems.append(
                        f"{path} loads {url} from another website; the site sends no requests "
                        "elsewhere (and its security policy blocks them)."
                    )
    return _result(
        "Nothing the security policy blocks",
        problems,
        "No inline styles, nothing loaded from other websites, forms post to the site itself.",
    )


# --- helpers ------------------------------------------------------------------------------


def _result(name: str, problems: list[str], summary: str) -> Check:
    unique = list(dict.fromkeys(problems))
    return Check(name=name, passed=not unique, details=unique or [summary])


def _loaded_urls(element: _Element) -> list[str]:
    """The URLs the browser fetches for this element (not links a visitor follows)."""
    urls: list[str] = []
    if element.tag == "link":
        rels = set(element.attrs.get("rel", "").lower().split())
        if rels & LOADING_LINKS and element.attrs.get("href"):
            urls.append(element.attrs["href"])
        return urls
    for attribute in LOADING.get(element.tag, ()):
        value = element.attrs.get(attribute, "").strip()
        if not value:
            continue
        if attribute == "srcset":
            urls.extend(part.strip().split()[0] for part in value.split(",") if part.strip())
        else:
            urls.append(value)
    return urls


def _svg_has_title(page: _Page, element: _Element) -> bool:
    index = page.elements.index(element)
    following = page.elements[index + 1 : index + 2]
    return bool(following) and following[0].tag == "title"


def _unescape_xml(text: str) -> str:
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )
