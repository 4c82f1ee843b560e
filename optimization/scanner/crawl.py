"""Fetch what a scan audits: the start page, robots.txt, the sitemap, more pages of the
same site, the plain-http answer, and the pages' own stylesheets, scripts and images.

    site = crawl("https://bakery.example/")          # a Crawl (see base.py); never raises
    site.error                                       # "" or why the start page gave nothing

Every fetch goes through ``fetch`` (``code24.net.fetch`` by default: SSRF-safe, capped), so a
refused or failing address becomes a :class:`Fetched` with ``error`` set, never an exception.

- robots.txt is read at the start page's final origin (after redirects), as Lighthouse does;
- the sitemap is the first one robots.txt names on the same site, else ``/sitemap.xml``;
  from a sitemap index, its first sitemap on the same site is read for addresses;
- pages: the start page first, then breadth-first the sitemap's ``<loc>`` addresses and
  then ``<a href>`` links of the pages read, same site only (the start address's origin
  or its final one), without fragments, without addresses that are clearly files
  (``.pdf``, ``.jpg``, …). ``max_pages`` counts every page fetched, the start page
  included, whatever it answered; all answers are kept in ``responses`` (a 404 too), HTML
  ones become ``pages``. A start page answered as plain text is a page too (a browser
  shows it as one); any other kind of file is not a web page and is ``crawl.error``;
- ``http_probe``: the start address over plain http: fetched when the start address is
  https, the start page's own answer when it is http already;
- ``resources``: stylesheets (``link[rel~=stylesheet]``), ``script[src]`` and ``img[src]``
  of the pages, same site, in page order, at most ``max_resources``;
- the whole crawl stops starting fetches after ``seconds`` and each fetch is given at most
  the time left, so a slow site costs the scan no more than that; what was not tried is
  absent (``robots``/``sitemap`` None, fewer pages and resources), not an error. Up to ``WORKERS``
  fetches run at once (as a browser does with one site); the start page is read alone,
  so its time is the site's own.
"""

from __future__ import annotations

import html
import re
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from django.conf import settings

from code24 import net

from .base import Crawl, Fetched, Page
from .dom import base_url, words
from .urls import origin, resolve, without_fragment

Fetcher = Callable[..., net.FetchResult]

WORKERS = 4
FETCH_SECONDS = 15.0  # the most one fetch may take
MIN_SECONDS = 0.5  # a fetch is not started with less time than this left
# Addresses whose extension says they are files, not pages (not fetched as pages).
NOT_PAGES = words(
    "7z avi bmp css csv doc docx eot epub exe gif gz ico jpeg jpg js json m4a mov mp3 mp4 "
    "mpeg mpg odt ogg otf pdf png ppt pptx rar rss svg tar tgz tif tiff ttf txt wav webm "
    "webp woff woff2 xls xlsx xml zip"
)
# Start pages a browser shows as a document.
DOCUMENT_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain", ""})
_LOC = re.compile(r"<(?:[\w.-]+:)?loc\s*>\s*(.*?)\s*</(?:[\w.-]+:)?loc\s*>", re.S | re.I)
_SITEMAP_LINE = re.compile(r"^[ \t\ufeff]*sitemap[ \t]*:[ \t]*(\S+)", re.I | re.M)


@dataclass(frozen=True)
class _Budget:
    deadline: float

    def left(self) -> float:
        return self.deadline - time.monotonic()


def crawl(
    url: str,
    *,
    max_pages: int | None = None,
    max_resources: int | None = None,
    fetch: Fetcher = net.fetch,
    seconds: float | None = None,
) -> Crawl:
    """Everything a scan of ``url`` audits (see the module docstring)."""
    max_pages = max(1, settings.OPTIMIZATION_SCAN_MAX_PAGES if max_pages is None else max_pages)
    if max_resources is None:
        max_resources = settings.OPTIMIZATION_SCAN_MAX_RESOURCES
    seconds = settings.OPTIMIZATION_SCAN_SECONDS if seconds is None else seconds
    budget = _Budget(time.monotonic() + seconds)
    get = _Getter(fetch, budget)

    start = get(url) or Fetched(url=url, error=f"The scan had no time to read {url}.")
    if not start.ok:
        error = start.error or f"{url} gave no answer."
        return Crawl(start_url=url, pages=[], responses=[start], error=error)
    if start.content_type not in DOCUMENT_TYPES:
        kind = start.content_type
        return Crawl(
            start_url=url,
            pages=[],
            responses=[start],
            error=f"{url} is a file of type {kind}, not a web page, so it cannot be scanned.",
        )
    final = start.final_url or url
    site = {origin(url), origin(final)}
    scheme, netloc = _root(final)
    root = f"{scheme}://{netloc}"

    with ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="code24-scan") as pool:
        robots_job = pool.submit(get, root + "/robots.txt")
        probe_job: Future[Fetched | None] | None = None
        if url.lower().startswith("https:"):
            probe_job = pool.submit(get, "http:" + url.split(":", 1)[1])
        robots = robots_job.result()
        sitemap = get(_sitemap_address(robots, site) or root + "/sitemap.xml")
        locations = _sitemap_locations(sitemap, site, get, limit=max_pages * 4)

        start_page = Page(start)
        pages, responses = _read_pages(start_page, locations, site, get, pool, max_pages=max_pages)
        resources = _read_resources(pages, site, get, pool, limit=max_resources)
        http_probe = probe_job.result() if probe_job is not None else start

    return Crawl(
        start_url=url,
        pages=pages,
        responses=responses,
        robots=robots,
        sitemap=sitemap,
        http_probe=http_probe,
        resources=resources,
    )


class _Getter:
    """Fetches one address within the budget; the answer or the failure as a Fetched."""

    def __init__(self, fetch: Fetcher, budget: _Budget) -> None:
        self.fetch = fetch
        self.budget = budget

    def __call__(self, url: str) -> Fetched | None:
        """None when the time is up before the fetch could start (it was not tried)."""
        left = self.budget.left()
        if left < MIN_SECONDS:
            return None
        started = time.perf_counter()
        try:
            result = self.fetch(url, total_timeout=min(FETCH_SECONDS, left))
        except net.FetchError as exc:
            elapsed = (time.perf_counter() - started) * 1000
            return Fetched(url=url, error=exc.message, elapsed_ms=elapsed)
        elapsed = (time.perf_counter() - started) * 1000
        return Fetched(
            url=url,
            final_url=result.final_url,
            status=result.status,
            headers=dict(result.headers),
            body=result.body,
            truncated=result.truncated,
            redirects=tuple(result.redirects),
            elapsed_ms=elapsed,
            wire_bytes=_content_length(result.headers),
        )


def _content_length(headers: dict[str, str]) -> int | None:
    value = headers.get("content-length", "").strip()
    return int(value) if value.isdigit() else None


def _root(url: str) -> tuple[str, str]:
    scheme, host, port = origin(url)
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != (443 if scheme == "https" else 80):
        netloc += f":{port}"
    return scheme, netloc


def _sitemap_address(robots: Fetched | None, site: set[tuple[str, str, int | None]]) -> str | None:
    if robots is None or not (200 <= robots.status < 300):
        return None
    for match in _SITEMAP_LINE.finditer(robots.body.decode("utf-8", "replace")):
        address = resolve(match.group(1), None)
        if address is not None and origin(address) in site:
            return address
    return None


def _sitemap_locations(
    sitemap: Fetched | None,
    site: set[tuple[str, str, int | None]],
    get: _Getter,
    *,
    limit: int,
) -> list[str]:
    """The sitemap's page addresses on the same site (from its first same-site sitemap
    when it is an index of sitemaps)."""
    if sitemap is None or not (200 <= sitemap.status < 300):
        return []
    text = sitemap.body.decode("utf-8", "replace")
    if re.search(r"<(?:[\w.-]+:)?sitemapindex\b", text[:4096], re.I):
        for address in _locations(text, site, limit=1):
            inner = get(address)
            if inner is not None and 200 <= inner.status < 300:
                return list(_locations(inner.body.decode("utf-8", "replace"), site, limit=limit))
        return []
    return list(_locations(text, site, limit=limit))


def _locations(text: str, site: set[tuple[str, str, int | None]], *, limit: int) -> Iterator[str]:
    found = 0
    for match in _LOC.finditer(text):
        address = resolve(html.unescape(match.group(1)), None)
        if address is not None and origin(address) in site:
            yield without_fragment(address)
            found += 1
            if found >= limit:
                return


def _is_page_address(address: str, site: set[tuple[str, str, int | None]]) -> bool:
    if not address.startswith(("http://", "https://")) or origin(address) not in site:
        return False
    path = address.split("?", 1)[0].split("://", 1)[1].partition("/")[2]
    last = path.rsplit("/", 1)[-1]
    extension = last.rsplit(".", 1)[1].lower() if "." in last else ""
    return extension not in NOT_PAGES


def _links(page: Page, site: set[tuple[str, str, int | None]]) -> Iterator[str]:
    base = base_url(page.tree, page.url)
    for anchor in page.tree.css("a[href]"):
        address = resolve(anchor.attributes.get("href") or "", base)
        if address is not None and _is_page_address(address, site):
            yield without_fragment(address)


def _read_pages(
    start: Page,
    locations: Iterable[str],
    site: set[tuple[str, str, int | None]],
    get: _Getter,
    pool: ThreadPoolExecutor,
    *,
    max_pages: int,
) -> tuple[list[Page], list[Fetched]]:
    """The pages breadth-first from the sitemap's addresses, then the pages' links; at
    most ``max_pages`` fetches in all (the start page's included), WORKERS at a time."""
    pages = [start]
    responses = [start.response]
    read = {without_fragment(start.url)}  # the final addresses of the pages read
    seen = read | {without_fragment(start.response.url)}
    queue: deque[str] = deque()

    def offer(addresses: Iterable[str]) -> None:
        for address in addresses:
            if address not in seen and _is_page_address(address, site):
                seen.add(address)
                queue.append(address)

    offer(locations)
    offer(_links(start, site))
    while queue and len(responses) < max_pages and get.budget.left() >= MIN_SECONDS:
        room = min(len(queue), WORKERS, max_pages - len(responses))
        wave = [queue.popleft() for _ in range(room)]
        for response in pool.map(get, wave):
            if response is None:
                continue  # the time was up before it could be read
            responses.append(response)
            final = without_fragment(response.final_url or response.url)
            if not (200 <= response.status < 300 and response.is_html):
                continue
            if origin(final) not in site or final in read:
                continue  # it left the site, or redirected to a page already read
            read.add(final)
            seen.add(final)
            page = Page(response)
            pages.append(page)
            offer(_links(page, site))
    return pages, responses


def _read_resources(
    pages: list[Page],
    site: set[tuple[str, str, int | None]],
    get: _Getter,
    pool: ThreadPoolExecutor,
    *,
    limit: int,
) -> dict[str, Fetched]:
    addresses: list[str] = []
    wanted: set[str] = set()
    for page in pages:
        if len(addresses) >= limit:
            break
        for address in _subresources(page):
            if address in wanted or not address.startswith(("http://", "https://")):
                continue
            if origin(address) not in site:
                continue
            wanted.add(address)
            addresses.append(address)
            if len(addresses) >= limit:
                break
    fetched = zip(addresses, pool.map(get, addresses), strict=True)
    return {address: response for address, response in fetched if response is not None}


def _subresources(page: Page) -> Iterator[str]:
    tree = page.tree
    base = base_url(tree, page.url)
    for node in tree.css("link[href], script[src], img[src]"):
        attributes = node.attributes
        if node.tag == "link":
            if "stylesheet" not in (attributes.get("rel") or "").lower().split():
                continue
            raw = attributes.get("href") or ""
        else:
            raw = attributes.get("src") or ""
        if raw.strip():
            address = resolve(raw, base)
            if address is not None:
                yield without_fragment(address)
