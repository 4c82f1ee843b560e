"""Search: Lighthouse 12.2.3's ten scored SEO audits, under its ids, with its rules and
its weights (core/audits/seo/*.js, core/config/default-config.js; ``document-title`` and
``image-alt`` are axe-core rules Lighthouse scores in both Search and Accessibility, so
they are registered here once with both weights).

Which pages decide. Lighthouse audits one page, so the verdict (pass, fail, not
applicable) and the score are the START page's, judged by Lighthouse's rules: the scanner's
verdict can then be compared with Lighthouse's on the same address. The other pages the
scan read are judged by the same rules, and what is wrong on them is listed too, after
the start page's offenders (each offender's ``page`` names its page), whatever the start
page's verdict: a passing audit may list offenders found only on other pages, and its
explanation says so ("The start page passes; 2 other pages have no meta description.").
They never change the verdict or the score. Site-wide files (robots.txt) are judged once.

What a browser sees after scripts ran (a title set by JavaScript, links added later) is not
seen here; <noscript> content is read as a browser running scripts reads it: as text.
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .base import MAX_OFFENDERS, Crawl, Fetched, Offender, Page, Verdict, audit
from .dom import (
    JS_SPACE,
    base_url,
    hidden_ids,
    inner_text,
    js_trim,
    selector_of,
    snippet,
    words,
)
from .langs_lighthouse import LIGHTHOUSE_HREFLANG_CODES
from .urls import is_absolute, is_relative_reference, origin, resolve, without_fragment

Item = Offender | tuple[LexborNode, str]  # an offender, or an element and what is wrong
Check = Callable[[Page], list[Item] | None]  # None: the audit does not apply to the page


# --- how a page's findings become the verdict ----------------------------------------------


def _judge(
    crawl: Crawl,
    check: Check,
    *,
    passed: str,
    failed: Callable[[list[Item]], str],
    not_applicable: str = "",
    others: str = "this problem",
) -> Verdict:
    """The start page's verdict under ``check``, with the other pages' offenders after
    its own (see the module docstring)."""
    start = crawl.start
    if start is None:
        return Verdict.not_applicable("No page could be read, so there is nothing to judge.")
    found = check(start)
    offenders = _offenders(start, found or [])
    bad_pages = 0
    for page in crawl.pages[1:]:
        items = check(page)
        if items:
            bad_pages += 1
            offenders.extend(_offenders(page, items, room=MAX_OFFENDERS - len(offenders)))
    tail = ""
    if bad_pages:
        pages = "1 other page" if bad_pages == 1 else f"{bad_pages} other pages"
        tail = f" {pages} the scan read {'has' if bad_pages == 1 else 'have'} {others} too."
    if found is None:
        explanation = (not_applicable or "This check does not apply to the start page.") + tail
        return Verdict("not-applicable", None, explanation, tuple(offenders[:MAX_OFFENDERS]))
    if found:
        return Verdict.failed(offenders, failed(found) + tail)
    return Verdict("pass", 1.0, passed + tail, tuple(offenders[:MAX_OFFENDERS]))


def _offenders(page: Page, items: list[Item], *, room: int = MAX_OFFENDERS) -> list[Offender]:
    """Offenders for the first ``room`` items (selectors are made for those only)."""
    made: list[Offender] = []
    for item in items[: max(room, 0)]:
        if isinstance(item, Offender):
            made.append(item)
        else:
            node, note = item
            made.append(Offender(page.response.path, selector_of(node), snippet(node), note))
    return made


def _count(items: list[Item], one: str, many: str) -> str:
    return one if len(items) == 1 else many.replace("{n}", str(len(items)))


def _note(item: Item) -> str:
    return item.note if isinstance(item, Offender) else item[1]


def _metas(page: Page) -> list[tuple[str, str, LexborNode]]:
    """The page's ``head meta`` elements as Lighthouse gathers them: (lower-cased name,
    content, element)."""
    return [
        (
            (node.attributes.get("name") or "").lower(),
            node.attributes.get("content") or "",
            node,
        )
        for node in page.tree.css("head meta")
    ]


# --- is-crawlable ------------------------------------------------------------------------

# Lighthouse passes when at least one of these may index the page (None: any robot).
BOT_USER_AGENTS: tuple[str | None, ...] = (
    None,
    "Googlebot",
    "bingbot",
    "DuckDuckBot",
    "archive.org_bot",
)
BLOCKING = frozenset({"noindex", "none"})


def _is_blocking(directives: str) -> bool:
    for directive in directives.split(","):
        directive = js_trim(directive.lower())
        if directive in BLOCKING or _unavailable(directive):
            return True
    return False


def _unavailable(directive: str) -> bool:
    """``unavailable_after: <a date in the past>``."""
    name, colon, when = directive.partition(":")
    if not colon or name != "unavailable_after":
        return False
    moment = _parse_date(when.strip())
    return moment is not None and moment < datetime.now(UTC)


def _parse_date(text: str) -> datetime | None:
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        try:
            moment = datetime.fromisoformat(text.upper())
        except ValueError:
            return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _header_user_agent(value: str) -> str | None:
    match = re.match(r"^([^,:]+):", value)
    if match and match.group(1).lower() != "unavailable_after":
        return match.group(1)
    return None


@dataclass
class Robots:
    """robots.txt read as Lighthouse reads it for ``is-crawlable`` (the robots-parser 3.0.1
    package): groups of user agents, their allow and disallow rules, the longest match
    deciding and allow winning a tie."""

    rules: dict[str, list[tuple[str, bool, int]]]  # agent -> [(pattern, allow, line)]
    lines: list[str]

    @classmethod
    def parse(cls, text: str) -> Robots:
        rules: dict[str, list[tuple[str, bool, int]]] = {}
        agents: list[str] = []
        outside_agents = True
        lines = re.split(r"\r\n|\r|\n", text)
        for number, raw in enumerate(lines, start=1):
            line = raw.split("#", 1)[0]
            if ":" not in line:
                continue
            name, _, value = line.partition(":")
            name, value = js_trim(name).lower(), js_trim(value)
            if not name:
                continue
            if name == "user-agent":
                if outside_agents:
                    agents = []
                if value:
                    agents.append(_agent(value))
            elif name in ("allow", "disallow"):
                for agent in agents:
                    listed = rules.setdefault(agent, [])
                    if value:
                        listed.append((_encode_pattern(value), name == "allow", number))
            elif name == "crawl-delay":
                for agent in agents:
                    rules.setdefault(agent, [])
            outside_agents = name != "user-agent"
        return cls(rules, lines)

    def blocking_line(self, url: str, user_agent: str | None) -> int | None:
        """The line of the rule that forbids ``url`` to ``user_agent``, or None."""
        agent = _agent(user_agent or "*")
        rules = self.rules.get(agent)
        if rules is None:
            rules = self.rules.get("*", [])
        parts = urlsplit(resolve(url, None) or url)
        path = _upper_escapes((parts.path or "/") + (f"?{parts.query}" if parts.query else ""))
        best: tuple[str, bool, int] | None = None
        for rule in rules:
            if not _robots_match(rule[0], path):
                continue
            if best is None or _outranks(rule, best):
                best = rule
        if best is None or best[1]:
            return None
        return best[2]


def _outranks(rule: tuple[str, bool, int], best: tuple[str, bool, int]) -> bool:
    """The longest matching pattern decides; on a tie, allow wins."""
    if len(rule[0]) != len(best[0]):
        return len(rule[0]) > len(best[0])
    return rule[1] and not best[1]


def _agent(value: str) -> str:
    return value.lower().split("/", 1)[0].strip()


def _upper_escapes(path: str) -> str:
    return re.sub(r"%[0-9a-fA-F]{2}", lambda match: match.group(0).upper(), path)


def _encode_pattern(pattern: str) -> str:
    """JavaScript's ``encodeURI(pattern).replace(/%25/g, '%')`` with escapes upper-cased."""
    try:
        encoded = quote(pattern, safe=";,/?:@&=+$-_.!~*'()#")
    except UnicodeEncodeError:
        return pattern
    return _upper_escapes(encoded.replace("%25", "%"))


def _robots_match(pattern: str, path: str) -> bool:
    """Google's robots.txt matching (``*`` any run, ``$`` at the end anchors)."""
    lengths = [0]
    for index, char in enumerate(pattern):
        if char == "$" and index + 1 == len(pattern):
            return lengths[-1] == len(path)
        if char == "*":
            lengths = list(range(lengths[0], len(path) + 1))
        else:
            lengths = [n + 1 for n in lengths if n < len(path) and path[n] == char]
            if not lengths:
                return False
    return True


def _robots_of(crawl: Crawl) -> Robots | None:
    robots = crawl.robots
    if robots is None or not (200 <= robots.status < 300):
        return None
    text = robots.body.decode("utf-8", "replace")
    return Robots.parse(text) if text else None


def _blocked_for(
    user_agent: str | None,
    page: Page,
    metas: list[tuple[str, str, LexborNode]],
    robots: Robots | None,
) -> list[Item]:
    """What forbids ``user_agent`` to index the page: its robots meta, X-Robots-Tag, or a
    robots.txt rule."""
    blocking: list[Item] = []
    meta = None
    if user_agent:
        meta = next((m for m in metas if m[0] == user_agent.lower()), None)
    if meta is None:
        meta = next((m for m in metas if m[0] == "robots"), None)
    if meta is not None and _is_blocking(meta[1]):
        blocking.append((meta[2], f'the page says "{meta[1]}" to search engines'))
    header = page.response.headers.get("x-robots-tag")
    if header is not None:
        agent = _header_user_agent(header)
        if agent is None or agent == user_agent:
            directives = header.strip()
            if user_agent and header.startswith(f"{user_agent}:"):
                directives = header.replace(f"{user_agent}:", "", 1)
            if _is_blocking(directives):
                blocking.append(
                    Offender(
                        page.response.path,
                        snippet=f"X-Robots-Tag: {header}"[:200],
                        note="the server's X-Robots-Tag header forbids indexing",
                    )
                )
    if robots is not None:
        line = robots.blocking_line(page.url, user_agent)
        if line is not None:
            blocking.append(
                Offender(
                    page.response.path,
                    snippet=f"robots.txt line {line}: {robots.lines[line - 1]}"[:200],
                    note="robots.txt forbids search engines to read this page",
                )
            )
    return blocking


@audit(
    "is-crawlable",
    title="Page isn’t blocked from indexing",  # noqa: RUF001 - Lighthouse's title
    weights={"seo": 93 / 23},
    fix="Remove the noindex tag or header, or the robots.txt rule that blocks the page, "
    "so search engines can list it.",
    lighthouse=True,
)
def is_crawlable(crawl: Crawl) -> Verdict:
    robots = _robots_of(crawl)

    def check(page: Page) -> list[Item]:
        metas = _metas(page)
        generic: list[Item] = []
        for user_agent in BOT_USER_AGENTS:
            found = _blocked_for(user_agent, page, metas, robots)
            if not found:
                return []  # at least one search engine may index the page
            if user_agent is None:
                generic = found
        return generic

    return _judge(
        crawl,
        check,
        passed="Search engines may list the start page.",
        failed=lambda items: (
            "Search engines are told not to list the start page: " + _notes(items) + "."
        ),
        others="a block against search engines",
    )


def _notes(items: list[Item]) -> str:
    return "; ".join(dict.fromkeys(_note(item) for item in items))


# --- document-title (also accessibility) ----------------------------------------------------


def _title_problem(page: Page) -> list[Item]:
    tree = page.tree
    title = tree.css_first("title:not(svg *)")
    if title is None:
        root = tree.css_first("html")
        if root is None:
            return [Offender(page.response.path, "html", "", "the page has no <title>")]
        return [(root, "the page has no <title>")]
    text = "".join(child.text_content or "" for child in _children(title) if child.tag == "-text")
    if not text.replace("\u00a0", " ").strip(JS_SPACE):
        return [(title, "the <title> is empty")]
    return []


def _children(node: LexborNode) -> Iterator[LexborNode]:
    child = node.child
    while child is not None:
        yield child
        child = child.next


@audit(
    "document-title",
    title="Document has a `<title>` element",
    weights={"seo": 1, "accessibility": 7},
    fix="Give every page a <title> that names the page and your business, "
    'such as "Opening hours - Rosie\'s Bakery".',
    lighthouse=True,
    axe=True,
)
def document_title(crawl: Crawl) -> Verdict:
    return _judge(
        crawl,
        _title_problem,
        passed="The start page has a title for search results and browser tabs.",
        failed=lambda items: (
            "The start page has no title, so search results and browser "
            "tabs cannot name it"
            + (" (its <title> is empty)." if _note(items[0]) == "the <title> is empty" else ".")
        ),
        others="no title",
    )


# --- meta-description ---------------------------------------------------------------------


def _description_problem(page: Page) -> list[Item]:
    meta = next((m for m in _metas(page) if m[0] == "description"), None)
    if meta is None:
        head = page.tree.css_first("head")
        if head is None:
            return [Offender(page.response.path, "head", "", "no meta description")]
        return [(head, "no meta description")]
    if not js_trim(meta[1]):
        return [(meta[2], "the meta description is empty")]
    return []


@audit(
    "meta-description",
    title="Document has a meta description",
    weights={"seo": 1},
    fix="Add a meta description of one or two sentences that says what the page offers; "
    "search engines often show it under your link.",
    lighthouse=True,
)
def meta_description(crawl: Crawl) -> Verdict:
    return _judge(
        crawl,
        _description_problem,
        passed="The start page has a meta description for search results.",
        failed=lambda items: (
            "The start page "
            + (
                "has an empty meta description"
                if _note(items[0]) == "the meta description is empty"
                else "has no meta description"
            )
            + ", so search engines pick text from the page themselves."
        ),
        others="no meta description",
    )


# --- http-status-code ---------------------------------------------------------------------


def _is_error_status(response: Fetched) -> bool:
    return 400 <= response.status <= 599


@audit(
    "http-status-code",
    title="Page has successful HTTP status code",
    weights={"seo": 1},
    fix="Make the page answer normally (status 200); if it moved, redirect its old "
    "address to the new one.",
    lighthouse=True,
)
def http_status_code(crawl: Crawl) -> Verdict:
    if crawl.start is None:
        return Verdict.not_applicable("No page could be read, so there is nothing to judge.")
    start = crawl.start.response
    others = [
        Offender(
            response.path,
            snippet=f"HTTP {response.status}",
            note=f"answers with the error status {response.status}",
        )
        for response in crawl.responses[1:]
        if _is_error_status(response)
    ]
    tail = ""
    if others:
        tail = (
            f" {len(others)} other page{'s' if len(others) > 1 else ''} the scan followed "
            f"answer{'s' if len(others) == 1 else ''} with an error."
        )
    if _is_error_status(start):
        own = Offender(
            start.path, snippet=f"HTTP {start.status}", note="the start page answers with an error"
        )
        return Verdict.failed(
            [own, *others],
            f"The start page answers with the error status {start.status}, so search "
            "engines may drop it." + tail,
            value=start.status,
        )
    return Verdict(
        "pass",
        1.0,
        f"The start page answers with status {start.status}." + tail,
        tuple(others[:MAX_OFFENDERS]),
        value=start.status,
    )


# --- link-text ----------------------------------------------------------------------------

# Lighthouse's list of link texts that say nothing about where the link goes.
GENERIC_LINK_TEXTS = frozenset(
    {
        # English
        "click here",
        "click this",
        "go",
        "here",
        "information",
        "learn more",
        "more",
        "more info",
        "more information",
        "right here",
        "read more",
        "see more",
        "start",
        "this",
        # Japanese
        "ここをクリック",
        "こちらをクリック",
        "リンク",
        "続きを読む",
        "続く",
        "全文表示",
        # Spanish
        "click aquí",
        "click aqui",
        "clicka aquí",
        "clicka aqui",
        "pincha aquí",
        "pincha aqui",
        "aquí",
        "aqui",
        "más",
        "mas",
        "más información",
        "más informacion",
        "mas información",
        "mas informacion",
        "este",
        "enlace",
        "este enlace",
        "empezar",
        # Portuguese
        "clique aqui",
        "ir",
        "mais informação",
        "mais informações",
        "mais",
        "veja mais",
        # Korean
        "여기",
        "여기를 클릭",
        "클릭",
        "링크",
        "자세히",
        "자세히 보기",
        "계속",
        "이동",
        "전체 보기",
        # Swedish
        "här",
        "klicka här",
        "läs mer",
        "mer",
        "mer info",
        "mer information",
        # Tamil
        "அடுத்த பக்கம்",
        "மறுபக்கம்",
        "முந்தைய பக்கம்",
        "முன்பக்கம்",
        "மேலும் அறிக",
        "மேலும் தகவலுக்கு",
        "மேலும் தரவுகளுக்கு",
        "தயவுசெய்து இங்கே அழுத்தவும்",
        "இங்கே கிளிக் செய்யவும்",
        # Persian
        "اطلاعات بیشتر",
        "اطلاعات",
        "این",
        "اینجا بزنید",
        "اینجا کلیک کنید",
        "اینجا",
        "برو",
        "بیشتر بخوانید",
        "بیشتر بدانید",
        "بیشتر",
        "شروع",
    }
)


def _anchor_href(node: LexborNode, base: str, in_svg: bool) -> str:
    """The link's ``href`` as the browser's DOM gives it: resolved, the raw value when it
    does not resolve, "" without an href."""
    attributes = node.attributes
    raw = attributes.get("href")
    if raw is None and in_svg:
        raw = attributes.get("xlink:href")
    if raw is None:
        return ""
    resolved = resolve(raw, base)
    if resolved is None:
        return "" if in_svg else raw
    return resolved


def _svg_anchors(tree: LexborHTMLParser) -> set[int]:
    """The links inside SVG drawings (the DOM gives them other properties)."""
    return {node.mem_id for node in tree.css("svg a")}


def _generic_links(page: Page) -> list[Item]:
    tree = page.tree
    base = base_url(tree, page.url)
    here = without_fragment(resolve(page.url, None) or page.url)
    in_svg = _svg_anchors(tree)
    found: list[Item] = []
    for node in tree.css("a"):
        svg = node.mem_id in in_svg
        text = js_trim(node.text(deep=True) if svg else inner_text(node))
        if text.lower() not in GENERIC_LINK_TEXTS:
            continue  # (the text first: it is cheaper than resolving the address)
        href = _anchor_href(node, base, svg)
        if not href or "nofollow" in (node.attributes.get("rel") or ""):
            continue
        lowered = href.lower()
        if lowered.startswith(("javascript:", "mailto:")) or without_fragment(href) == here:
            continue
        found.append((node, f'the link says "{text}"'))
    return found


@audit(
    "link-text",
    title="Links have descriptive text",
    weights={"seo": 1},
    fix="Write link text that says where the link goes, such as “See our opening hours” "
    "instead of “click here”.",
    lighthouse=True,
)
def link_text(crawl: Crawl) -> Verdict:
    return _judge(
        crawl,
        _generic_links,
        passed="The start page's links say where they go.",
        failed=lambda items: (
            _count(
                items,
                "1 link on the start page has text that says nothing about its target",
                "{n} links on the start page have text that says nothing about their target",
            )
            + ", such as "
            + _quoted(items[0])
            + "."
        ),
        others="links like that",
    )


def _quoted(item: Item) -> str:
    note = _note(item)
    return note.split("says ", 1)[1] if "says " in note else note


# --- crawlable-anchors --------------------------------------------------------------------

_JAVASCRIPT_VOID = re.compile(r"javascript:void(\(|)0(\)|)")


def _uncrawlable(node: LexborNode, page_url: str, in_svg: bool) -> str:
    """Why a search engine cannot follow the link, "" when it can (Lighthouse's rules)."""
    attributes = node.attributes
    raw = re.sub(r"\s", "", attributes.get("href") or "")
    name = "" if in_svg else js_trim(attributes.get("name") or "")
    if js_trim(attributes.get("role") or ""):
        return ""
    if raw.startswith("mailto:"):
        return ""
    if raw == "" and (attributes.get("id") or ""):
        return ""
    if raw.startswith("file:"):
        return "it links to a file on someone's computer (file:)"
    if name:
        return ""
    if in_svg:
        svg_href = attributes.get("href") or attributes.get("xlink:href") or ""
        no_href = resolve(svg_href, page_url) is None
    else:
        no_href = "href" not in attributes
    if no_href:
        return "it has no href, so it goes nowhere"
    if _JAVASCRIPT_VOID.search(raw):
        return "its href is javascript:void(0), which is not an address"
    if not is_relative_reference(raw) and resolve(raw, page_url) is None:
        return "its href is not a valid address"
    return ""


def _uncrawlable_links(page: Page) -> list[Item]:
    tree = page.tree
    in_svg = _svg_anchors(tree)
    found: list[Item] = []
    for node in tree.css("a"):
        reason = _uncrawlable(node, page.url, node.mem_id in in_svg)
        if reason:
            found.append((node, reason))
    return found


@audit(
    "crawlable-anchors",
    title="Links are crawlable",
    weights={"seo": 1},
    fix="Give every link a real address in its href (such as /contact) instead of "
    "javascript: code or nothing, so search engines can follow it.",
    lighthouse=True,
)
def crawlable_anchors(crawl: Crawl) -> Verdict:
    return _judge(
        crawl,
        _uncrawlable_links,
        passed="Search engines can follow every link on the start page.",
        failed=lambda items: (
            _count(
                items,
                "1 link on the start page cannot be followed by search engines",
                "{n} links on the start page cannot be followed by search engines",
            )
            + f": {_note(items[0])}."
        ),
        others="links search engines cannot follow",
    )


# --- robots-txt ---------------------------------------------------------------------------

ROBOTS_DIRECTIVES = frozenset(
    {
        "user-agent",
        "disallow",  # standard
        "allow",
        "sitemap",  # universally supported
        "crawl-delay",  # yahoo, bing, yandex
        "clean-param",
        "host",  # yandex
        "request-rate",
        "visit-time",
        "noindex",  # not officially supported, but used in the wild
    }
)


def _robots_line_error(line: str) -> tuple[str, str] | None:
    """(directive, error) for one robots.txt line: error "" when valid; None when blank."""
    line = js_trim(line.split("#", 1)[0])
    if not line:
        return None
    if ":" not in line:
        return ("", "Syntax not understood")
    name, _, value = line.partition(":")
    name, value = js_trim(name).lower(), js_trim(value)
    if name not in ROBOTS_DIRECTIVES:
        return (name, "Unknown directive")
    if name == "sitemap":
        if not is_absolute(value):
            return (name, "Invalid sitemap URL")
        if not value.lower().startswith(("http:", "https:", "ftp:")):
            return (name, "Invalid sitemap URL protocol")
    if name == "user-agent" and not value:
        return (name, "No user-agent specified")
    if name in ("allow", "disallow"):
        if value and value[0] not in "/*":
            return (name, 'Pattern should either be empty, start with "/" or "*"')
        if "$" in value and value.index("$") != len(value) - 1:
            return (name, '"$" should only be used at the end of the pattern')
    return (name, "")


def robots_txt_errors(text: str) -> list[tuple[int, str, str]]:
    """[(line number, line, error)] as Lighthouse's robots.txt validator finds them."""
    errors: list[tuple[int, str, str]] = []
    in_group = False
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        parsed = _robots_line_error(line)
        if parsed is None:
            continue
        name, error = parsed
        if error:
            errors.append((number, line, error))
            continue
        if name == "user-agent":
            in_group = True
        elif not in_group and name in ("allow", "disallow"):
            errors.append((number, line, "No user-agent specified"))
    return errors


@audit(
    "robots-txt",
    title="robots.txt is valid",
    weights={"seo": 1},
    fix="Correct the lines of robots.txt that search engines cannot read (or remove the "
    "file if it only allows everything).",
    lighthouse=True,
)
def robots_txt(crawl: Crawl) -> Verdict:
    robots = crawl.robots
    if robots is None:
        return Verdict.not_applicable("robots.txt was not read (the scan ran out of time).")
    if not robots.status:
        return Verdict.failed(
            [Offender("/robots.txt", snippet=robots.error[:200], note="could not be read")],
            f"robots.txt could not be downloaded: {robots.error}",
        )
    if robots.status >= 500:
        return Verdict.failed(
            [Offender("/robots.txt", snippet=f"HTTP {robots.status}", note="server error")],
            f"Asking for robots.txt gives the server error {robots.status}, so search engines "
            "may stop reading the site.",
            value=robots.status,
        )
    text = robots.body.decode("utf-8", "replace")
    if robots.status >= 400 or (200 <= robots.status < 300 and not text):
        return Verdict.not_applicable(
            "The site has no robots.txt, so search engines may read every page."
        )
    if not (200 <= robots.status < 300):
        return Verdict.not_applicable(f"robots.txt answers with status {robots.status}.")
    errors = robots_txt_errors(text)
    if not errors:
        return Verdict.passed("robots.txt is written so that search engines can read it.")
    offenders = [
        Offender("/robots.txt", snippet=f"line {number}: {line}"[:200], note=error)
        for number, line, error in errors
    ]
    first = errors[0]
    many = "1 line" if len(errors) == 1 else f"{len(errors)} lines"
    return Verdict.failed(
        offenders,
        f"robots.txt has {many} search engines cannot read, such as line {first[0]} "
        f"({first[2].lower()}).",
        value=len(errors),
    )


# --- image-alt (also accessibility) ---------------------------------------------------------

# ARIA roles as axe-core 4.10 knows them (its standards): which exist (not abstract, not
# the doc- roles axe leaves to DPUB), and which of them need an accessible name.
ARIA_ROLES = words(
    "alert alertdialog application article banner blockquote button caption cell "
    "checkbox code columnheader combobox comment complementary contentinfo definition "
    "deletion dialog directory document emphasis feed figure form graphics-document "
    "graphics-object graphics-symbol grid gridcell group heading image img insertion "
    "link list listbox listitem log main mark marquee math menu menubar menuitem "
    "menuitemcheckbox menuitemradio meter navigation none note option paragraph "
    "presentation progressbar radio radiogroup region row rowgroup rowheader scrollbar "
    "search searchbox sectionfooter sectionheader separator slider spinbutton status "
    "strong subscript suggestion superscript switch tab table tablist tabpanel term text "
    "textbox time timer toolbar tooltip tree treegrid treeitem"
)
NAME_REQUIRED_ROLES = words(
    "alertdialog application button checkbox combobox dialog graphics-document "
    "graphics-symbol image img link listbox menuitem menuitemcheckbox menuitemradio "
    "meter option progressbar radio searchbox slider spinbutton switch textbox toolbar "
    "treeitem"
)
GLOBAL_ARIA = words(
    "aria-actions aria-atomic aria-braillelabel aria-brailleroledescription aria-busy "
    "aria-controls aria-current aria-describedby aria-description aria-details "
    "aria-disabled aria-dropeffect aria-errormessage aria-flowto aria-grabbed aria-haspopup "
    "aria-hidden aria-invalid aria-keyshortcuts aria-label aria-labelledby aria-live "
    "aria-owns aria-relevant aria-roledescription"
)
_PRESENTATIONAL = ("none", "presentation")


def _sanitize(text: str) -> str:
    """axe-core's sanitize(): nbsp as space, runs of whitespace as one, trimmed."""
    text = text.replace("\r\n", "\n").replace("\u00a0", " ")
    return re.sub(r"\s{2,}", " ", text).strip(JS_SPACE)


def _explicit_role(node: LexborNode) -> str | None:
    role = js_trim(node.attributes.get("role") or "").lower()
    return role if role in ARIA_ROLES else None


def _focusable(node: LexborNode) -> bool:
    return re.match(r"^\s*[-+]?\d+", node.attributes.get("tabindex") or "") is not None


def _image_problem(node: LexborNode) -> str | None:
    """None when axe's image-alt rule skips the image; "" when it passes; else why not."""
    role = _explicit_role(node)
    focusable = _focusable(node)
    named_role = role in NAME_REQUIRED_ROLES or role in _PRESENTATIONAL
    if role and not named_role and not focusable:
        return None  # axe's no-explicit-name-required-matches leaves it out
    attributes = node.attributes
    alt = attributes.get("alt")
    has_global_aria = any(name in attributes for name in GLOBAL_ARIA)
    if role in _PRESENTATIONAL and (has_global_aria or focusable):
        role = None  # a conflict: the browser ignores the presentational role
    if role is None:
        implicit_none = alt == "" and not has_global_aria and not focusable
        role = "presentation" if implicit_none else "img"
    if role not in _PRESENTATIONAL and alt is not None and re.fullmatch(r"\s+", alt):
        return "its alt text is only spaces"
    named = (
        alt is not None
        or bool(_sanitize(attributes.get("aria-label") or ""))
        or bool(_sanitize(_labelled_by_text(node)))
        or bool(_sanitize(attributes.get("title") or ""))
        or role in _PRESENTATIONAL
    )
    return "" if named else "it has no alt text"


def _labelled_by_text(node: LexborNode) -> str:
    ids = (node.attributes.get("aria-labelledby") or "").split()
    texts = []
    for ident in ids:
        quoted = ident.replace("\\", "\\\\").replace('"', '\\"')
        target = node.parser.css_first(f'[id="{quoted}"]')
        if target is not None:
            texts.append(target.attributes.get("aria-label") or target.text(deep=True))
    return " ".join(texts)


def _images_without_alt(page: Page) -> list[Item] | None:
    found: list[Item] = []
    applicable = False
    hidden = hidden_ids(page.tree, "img")
    for node in page.tree.css("img"):
        if node.mem_id in hidden:
            continue
        problem = _image_problem(node)
        if problem is None:
            continue
        applicable = True
        if problem:
            found.append((node, problem))
    return found if applicable else None


@audit(
    "image-alt",
    title="Image elements have `[alt]` attributes",
    weights={"seo": 1, "accessibility": 10},
    fix='Describe each image in a few words in its alt text (alt="Fresh sourdough loaves"); '
    'give purely decorative images alt="".',
    lighthouse=True,
    axe=True,
)
def image_alt(crawl: Crawl) -> Verdict:
    return _judge(
        crawl,
        _images_without_alt,
        passed="Every image on the start page has alt text.",
        failed=lambda items: (
            _count(
                items,
                "1 image on the start page has no alt text",
                "{n} images on the start page have no alt text",
            )
            + ", so search engines and screen readers cannot tell what "
            + ("it shows." if len(items) == 1 else "they show.")
        ),
        not_applicable="The start page has no images to describe.",
        others="images without alt text",
    )


# --- hreflang -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Link:
    """A <link> of the page's head, or a ref of its Link header, as Lighthouse gathers it."""

    rel: str  # lower case, as written
    href: str  # resolved ("" when it does not resolve); the raw value for a DOM link
    raw: str
    hreflang: str
    node: LexborNode | None  # None: from the Link header


def _links(page: Page) -> list[_Link]:
    tree = page.tree
    base = base_url(tree, page.url)
    links: list[_Link] = []
    for node in tree.css("head link"):
        attributes = node.attributes
        raw = attributes.get("href") or ""
        href = (resolve(raw, base) or raw) if "href" in attributes else ""
        links.append(
            _Link(
                (attributes.get("rel") or "").lower(),
                href,
                raw,
                attributes.get("hreflang") or "",
                node,
            )
        )
    header = page.response.headers.get("link")
    if header:
        for uri, params in _parse_link_header(header):
            links.append(
                _Link(
                    params.get("rel", "").lower(),
                    resolve(uri, page.url) or "",
                    uri,
                    params.get("hreflang", ""),
                    None,
                )
            )
    return links


_LINK_PARAM = re.compile(r';\s*([^;,=\s]+)(?:\s*=\s*("[^"]*"|[^;,]*))?')
_LINK_REF = re.compile(r'<([^>]*)>((?:\s*;\s*[^;,=\s]+(?:\s*=\s*(?:"[^"]*"|[^;,]*))?)*)')


def _parse_link_header(value: str) -> Iterable[tuple[str, dict[str, str]]]:
    """The refs of a Link header: ``<uri>; rel="x"; hreflang=y, <uri2>; …``."""
    for match in _LINK_REF.finditer(value):
        params: dict[str, str] = {}
        for param in _LINK_PARAM.finditer(match.group(2)):
            name = param.group(1).lower()
            if name not in params:
                params[name] = (param.group(2) or "").strip().strip('"')
        yield match.group(1).strip(), params


def _valid_language(hreflang: str) -> bool:
    """Lighthouse's check: ``x-default``, or a primary subtag in Lighthouse's own language
    list (older than axe-core's, see langs_lighthouse.py)."""
    if hreflang.lower() == "x-default":
        return True
    return hreflang.split("-", 1)[0].lower() in LIGHTHOUSE_HREFLANG_CODES


def _hreflang_problems(page: Page) -> list[Item]:
    found: list[Item] = []
    for link in _links(page):
        if link.rel != "alternate" or not link.hreflang:
            continue
        reasons = []
        if not _valid_language(link.hreflang):
            reasons.append(f'"{link.hreflang}" is not a language code')
        if not link.raw.lower().startswith(("http:", "https:")):
            reasons.append("its address is relative; hreflang needs a full address")
        if not reasons:
            continue
        if link.node is not None:
            found.append((link.node, "; ".join(reasons)))
        else:
            written = f'Link: <{link.raw}>; rel="alternate"; hreflang="{link.hreflang}"'
            found.append(
                Offender(page.response.path, snippet=written[:200], note="; ".join(reasons))
            )
    return found


@audit(
    "hreflang",
    title="Document has a valid `hreflang`",
    weights={"seo": 1},
    fix='Use a real language code (such as "en" or "de-CH") and a full address '
    "(https://…) in each hreflang link.",
    lighthouse=True,
)
def hreflang(crawl: Crawl) -> Verdict:
    return _judge(
        crawl,
        _hreflang_problems,
        passed="The start page's language versions (hreflang), if any, are written correctly.",
        failed=lambda items: (
            _count(
                items,
                "1 language link (hreflang) on the start page is wrong",
                "{n} language links (hreflang) on the start page are wrong",
            )
            + f": {_note(items[0])}."
        ),
        others="wrong language links",
    )


# --- canonical ----------------------------------------------------------------------------


def _canonical_problem(page: Page) -> list[Item] | None:
    links = _links(page)
    canonicals: dict[str, _Link] = {}
    hreflang_urls = set()
    for link in links:
        if link.rel == "canonical":
            if not link.raw:
                continue
            if not link.href:
                return [_canonical_item(page, link, f"{link.raw} is not a valid address")]
            if not is_absolute(link.raw):
                return [_canonical_item(page, link, f"{link.raw} is not a full address")]
            canonicals.setdefault(link.href, link)
        elif link.rel == "alternate" and link.href and link.hreflang:
            hreflang_urls.add(link.href)
    if not canonicals:
        return None
    if len(canonicals) > 1:
        note = "the page names more than one preferred address: " + ", ".join(canonicals)
        return [_canonical_item(page, link, note[:200]) for link in canonicals.values()]
    href, link = next(iter(canonicals.items()))
    here = resolve(page.url, None) or page.url
    if href in hreflang_urls and here in hreflang_urls and href != here:
        return [_canonical_item(page, link, "it points to another language version")]
    canonical_origin, here_origin = origin(href), origin(here)
    if (
        canonical_origin == here_origin
        and urlsplit(href).path in ("", "/")
        and urlsplit(here).path not in ("", "/")
    ):
        return [_canonical_item(page, link, "it points to the home page instead of this page")]
    return []


def _canonical_item(page: Page, link: _Link, note: str) -> Item:
    if link.node is not None:
        return (link.node, note)
    return Offender(page.response.path, snippet=f'Link: <{link.raw}>; rel="canonical"', note=note)


@audit(
    "canonical",
    title="Document has a valid `rel=canonical`",
    weights={"seo": 1},
    fix="Point the page's canonical link to the page's own full address "
    "(https://…/this-page), or remove it.",
    lighthouse=True,
)
def canonical(crawl: Crawl) -> Verdict:
    return _judge(
        crawl,
        _canonical_problem,
        passed="The start page's canonical link names its preferred address correctly.",
        failed=lambda items: "The start page's canonical link is wrong: " + _note(items[0]) + ".",
        not_applicable="The start page has no canonical link, which is fine.",
        others="a wrong canonical link",
    )
