"""The CSS a page declares, read the way the accessibility audits need it.

A scan has no layout engine, so nothing here computes a rendered style. It gathers the
style rules of a page (its ``<style>`` elements, the same-host stylesheets the crawl
fetched, their ``@import``s and ``@media`` blocks) with each selector's specificity and
source order, and answers two questions from them:

* which value of a property wins for an element among the declarations that match it
  (the author cascade: ``!important``, specificity, order; inline ``style`` first), used
  for ``display`` and ``visibility``, which decide what axe treats as hidden;
* which colours a rule declares (``declared-contrast`` in contrast.py).

Media queries are evaluated for the viewport Lighthouse emulates by default (a phone,
412 x 823 CSS pixels, light colour scheme), because that is the page Lighthouse audits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin

import tinycss2
from tinycss2 import ast

from optimization.scanner.base import Crawl, Page

VIEWPORT_WIDTH = 412  # Lighthouse 12's default mobile screen emulation (CSS pixels)
VIEWPORT_HEIGHT = 823
DEFAULT_LAYOUT_WIDTH = 980  # a mobile browser's layout width for pages without a viewport tag
ROOT_FONT_SIZE = 16.0  # px; what em and rem mean in a media query
MAX_IMPORT_DEPTH = 4

Declarations = dict[str, tuple[str, bool]]  # property -> (value text, !important)


@dataclass(frozen=True)
class StyleRule:
    """One selector of a style rule, with the declarations its block makes."""

    selector: str
    specificity: tuple[int, int, int]
    order: int  # source order across the page's stylesheets
    declarations: Declarations
    applies: bool  # its media match the viewport Lighthouse emulates
    screen: bool  # its media can match some screen (not print-only, not speech)
    source: str  # the stylesheet's URL, or "inline <style>"


@dataclass
class PageStyles:
    """The style rules of one page, in source order."""

    rules: list[StyleRule] = field(default_factory=list)
    viewport: tuple[float, float] = (VIEWPORT_WIDTH, VIEWPORT_HEIGHT)  # the layout viewport
    missing: list[str] = field(default_factory=list)  # stylesheets the crawl did not fetch

    @property
    def complete(self) -> bool:
        """Every stylesheet the page links (and imports) was read."""
        return not self.missing

    def root_properties(self) -> dict[str, str]:
        """Custom properties (``--name``) declared on ``:root`` or ``html`` for the
        emulated viewport, the later (or ``!important``) declaration winning."""
        found: dict[str, tuple[bool, str]] = {}
        for rule in self.rules:
            if not rule.applies or rule.selector.strip().lower() not in (":root", "html"):
                continue
            for name, (value, important) in rule.declarations.items():
                if not name.startswith("--"):
                    continue
                if name in found and found[name][0] and not important:
                    continue
                found[name] = (important, value)
        return {name: value for name, (_, value) in found.items()}


def parse_declarations(text: str | list[ast.Node]) -> Declarations:
    """``name: value`` pairs of a declaration block (or a ``style`` attribute); property
    names lower-cased except custom properties, the last declaration of a name winning
    unless an earlier one is ``!important``."""
    out: Declarations = {}
    for item in tinycss2.parse_blocks_contents(text, skip_comments=True, skip_whitespace=True):
        if item.type != "declaration":
            continue
        name = item.name if item.name.startswith("--") else item.lower_name
        value = tinycss2.serialize(item.value).strip()
        if name in out and out[name][1] and not item.important:
            continue
        out[name] = (value, bool(item.important))
    return out


def specificity(selector: str) -> tuple[int, int, int]:
    """Selectors Level 4 specificity (ids, classes/attributes/pseudo-classes, types)."""
    ids = classes = types = 0
    i, n = 0, len(selector)
    while i < n:
        ch = selector[i]
        if ch == "\\":
            i += 2
            continue
        if ch in "\"'":
            end = selector.find(ch, i + 1)
            i = n if end < 0 else end + 1
            continue
        if ch == "#":
            ids += 1
            i = _skip_name(selector, i + 1)
        elif ch == ".":
            classes += 1
            i = _skip_name(selector, i + 1)
        elif ch == "[":
            classes += 1
            end = selector.find("]", i)
            i = n if end < 0 else end + 1
        elif ch == ":":
            if selector.startswith("::", i):
                types += 1
                i = _skip_name(selector, i + 2)
                i = _skip_parens(selector, i)
                continue
            name_end = _skip_name(selector, i + 1)
            name = selector[i + 1 : name_end].lower()
            args_end = _skip_parens(selector, name_end)
            args = selector[name_end + 1 : args_end - 1] if args_end > name_end else ""
            if name in ("is", "not", "has", "matches", "-webkit-any", "-moz-any"):
                best = max(
                    (specificity(part) for part in split_selector_list(args)), default=(0, 0, 0)
                )
                ids, classes, types = ids + best[0], classes + best[1], types + best[2]
            elif name == "where":
                pass
            elif name in ("before", "after", "first-line", "first-letter"):
                types += 1  # CSS2 pseudo-elements written with one colon
            else:
                classes += 1
            i = args_end
        elif ch.isalpha() or ch == "-" or ch == "_" or ord(ch) > 127:
            types += 1
            i = _skip_name(selector, i)
        else:
            i += 1
    return (ids, classes, types)


def _skip_name(text: str, i: int) -> int:
    n = len(text)
    while i < n and (text[i].isalnum() or text[i] in "-_\\" or ord(text[i]) > 127):
        i += 2 if text[i] == "\\" else 1
    return min(i, n)


def _skip_parens(text: str, i: int) -> int:
    """The index after the parenthesised group starting at ``i`` (``i`` if none)."""
    if i >= len(text) or text[i] != "(":
        return i
    depth = 0
    for j in range(i, len(text)):
        if text[j] == "(":
            depth += 1
        elif text[j] == ")":
            depth -= 1
            if depth == 0:
                return j + 1
    return len(text)


def split_selector_list(text: str) -> list[str]:
    """A selector list split at its top-level commas."""
    parts, depth, start, quote = [], 0, 0, ""
    for i, ch in enumerate(text):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return [part for part in parts if part]


# --- media queries -----------------------------------------------------------------------

_FEATURE = re.compile(r"^\(\s*([a-z-]+)\s*(?::\s*([^)]*?))?\s*\)$")
_RANGE = re.compile(r"^\(\s*([a-z-]+)\s*(<=|>=|<|>|=)\s*([^)]*?)\s*\)$")
_RANGE_REVERSED = re.compile(r"^\(\s*([^)<>=]+?)\s*(<=|>=|<|>|=)\s*([a-z-]+)\s*\)$")


def media_matches(
    query: str, width: float = VIEWPORT_WIDTH, height: float = VIEWPORT_HEIGHT
) -> bool:
    """Whether a media query list matches a screen of this size (light scheme, no print).

    A feature this evaluator does not know makes its query not match: a rule hidden
    behind it is not applied, which is the conservative reading for audits that skip
    hidden elements."""
    query = query.strip().lower()
    if not query:
        return True
    return any(_one_query(part.strip(), width, height) for part in split_selector_list(query))


def media_can_match_screen(query: str) -> bool:
    """Whether a media query list could match some screen (it is not print or speech only)."""
    query = query.strip().lower()
    if not query:
        return True
    for part in split_selector_list(query):
        words = part.split()
        negated = bool(words) and words[0] == "not"
        media_type = next((w for w in words if w not in ("not", "only", "and")), "all")
        if media_type.startswith("("):
            return True
        screenish = media_type in ("all", "screen")
        if screenish != negated:
            return True
    return False


def _one_query(query: str, width: float, height: float) -> bool:
    negated = False
    if query.startswith("not "):
        negated, query = True, query[4:].strip()
    elif query.startswith("only "):
        query = query[5:].strip()
    conditions = [c.strip() for c in re.split(r"\band\b", query) if c.strip()]
    result = True
    for condition in conditions:
        if not condition.startswith("("):
            if condition not in ("all", "screen"):
                result = False
            continue
        if condition.startswith("(not "):
            result = result and not _feature(f"({condition[5:]}", width, height)
        else:
            result = result and _feature(condition, width, height)
    return result != negated


def _length(value: str) -> float | None:
    match = re.fullmatch(r"(-?[\d.]+)\s*(px|em|rem)?", value.strip())
    if not match:
        return None
    number = float(match.group(1))
    return number * ROOT_FONT_SIZE if match.group(2) in ("em", "rem") else number


def _feature(condition: str, width: float, height: float) -> bool:
    match = _FEATURE.match(condition)
    if match:
        name, value = match.group(1), (match.group(2) or "").strip()
        sizes = {"width": width, "height": height}
        for prefix, compare in (("min-", float.__ge__), ("max-", float.__le__)):
            if name.startswith(prefix) and name[len(prefix) :] in sizes:
                length = _length(value)
                return length is not None and compare(float(sizes[name[len(prefix) :]]), length)
        if name in sizes:
            length = _length(value)
            return length is not None and sizes[name] == length
        known = {
            "orientation": "portrait" if height >= width else "landscape",
            "prefers-color-scheme": "light",
            "prefers-reduced-motion": "no-preference",
            "prefers-contrast": "no-preference",
            "forced-colors": "none",
            "scripting": "enabled",
        }
        if name in known:
            return value == known[name] if value else known[name] not in ("none", "no-preference")
        return name == "color" and not value
    for pattern, reverse in ((_RANGE, False), (_RANGE_REVERSED, True)):
        match = pattern.match(condition)
        if not match:
            continue
        name, op, value = match.group(1), match.group(2), match.group(3)
        if reverse:
            value, name = name, value
            op = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "=": "="}[op]
        sizes = {"width": width, "height": height}
        length = _length(value)
        if name not in sizes or length is None:
            return False
        actual = float(sizes[name])
        return {
            "<": actual < length,
            ">": actual > length,
            "<=": actual <= length,
            ">=": actual >= length,
            "=": actual == length,
        }[op]
    return False


# --- gathering a page's stylesheets ------------------------------------------------------


def _base_url(page: Page) -> str:
    base = page.tree.css_first("base[href]")
    href = (base.attributes.get("href") or "").strip() if base is not None else ""
    return urljoin(page.url, href) if href else page.url


def _stylesheet_text(crawl: Crawl, url: str) -> str | None:
    fetched = crawl.resources.get(url) or crawl.resources.get(urldefrag(url)[0])
    if fetched is None or not fetched.ok or not (200 <= fetched.status < 300):
        return None
    return fetched.text()


def layout_viewport(page: Page) -> tuple[float, float]:
    """The layout viewport media queries see on Lighthouse's emulated phone: the device
    width with ``<meta name=viewport content="width=device-width">`` (or an initial
    scale), the width the tag asks for, or 980 CSS pixels without a tag."""
    tag = next(
        (m for m in page.tree.css("meta[name]") if (m.attributes.get("name") or "") == "viewport"),
        None,
    )
    content = (tag.attributes.get("content") or "").lower() if tag is not None else ""
    settings = {}
    for item in re.split(r"[;,]", content):
        key, _, value = (part.strip() for part in item.partition("="))
        if key:
            settings[key] = value
    width_setting = settings.get("width", "")
    if width_setting == "device-width":
        width = float(VIEWPORT_WIDTH)
    elif re.fullmatch(r"\d+(\.\d+)?(px)?", width_setting):
        width = max(1.0, min(10000.0, float(width_setting.removesuffix("px"))))
    elif re.fullmatch(r"\d+(\.\d+)?", settings.get("initial-scale", "")) and float(
        settings["initial-scale"]
    ):
        width = VIEWPORT_WIDTH / float(settings["initial-scale"])
    elif tag is not None and content:
        width = float(VIEWPORT_WIDTH)
    else:
        width = float(DEFAULT_LAYOUT_WIDTH)
    return width, VIEWPORT_HEIGHT * width / VIEWPORT_WIDTH


def page_styles(crawl: Crawl, page: Page) -> PageStyles:
    """Every style rule the page declares, from ``<style>`` elements and fetched
    ``<link rel=stylesheet>`` files (with their ``@import``s), in document order."""
    styles = PageStyles(viewport=layout_viewport(page))
    base = _base_url(page)
    order = [0]
    for node in page.tree.css("style, link"):
        attrs = node.attributes
        media = (attrs.get("media") or "").strip()
        if node.tag == "style":
            if _inside(node, ("template", "noscript")):
                continue
            sheet = node.text(deep=True)
            _add_sheet(styles, crawl, sheet, page.url, "inline <style>", [media], order, 0)
            continue
        rel = (attrs.get("rel") or "").lower().split()
        href = (attrs.get("href") or "").strip()
        if "stylesheet" not in rel or "alternate" in rel or not href:
            continue
        if _inside(node, ("template", "noscript")):
            continue  # with scripting on, a browser does not parse <noscript> content
        if "disabled" in attrs:
            continue
        url = urljoin(base, href)
        text = _stylesheet_text(crawl, url)
        if text is not None:
            _add_sheet(styles, crawl, text, url, url, [media], order, 0)
        elif media_can_match_screen(media):
            styles.missing.append(url)
    return styles


def _inside(node: object, tags: tuple[str, ...]) -> bool:
    parent = getattr(node, "parent", None)
    while parent is not None:
        if getattr(parent, "tag", None) in tags:
            return True
        parent = getattr(parent, "parent", None)
    return False


def _add_sheet(
    styles: PageStyles,
    crawl: Crawl,
    text: str,
    url: str,
    source: str,
    media: list[str],
    order: list[int],
    depth: int,
) -> None:
    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    media = [m for m in media if m]
    _add_rules(styles, crawl, rules, url, source, media, order, depth)


# At-rules whose blocks hold style rules; only @media conditions are evaluated.
_GROUPING = ("media", "supports", "layer", "container", "scope", "document")


def _add_rules(
    styles: PageStyles,
    crawl: Crawl,
    rules: Iterable[ast.Node],
    url: str,
    source: str,
    media: list[str],
    order: list[int],
    depth: int,
) -> None:
    for rule in rules:
        if rule.type == "qualified-rule":
            _add_style_rule(styles, rule, source, media, order)
        elif rule.type == "at-rule":
            keyword = rule.lower_at_keyword
            prelude = tinycss2.serialize(rule.prelude).strip()
            if keyword == "import" and depth < MAX_IMPORT_DEPTH:
                target, import_media = _import_target(rule.prelude)
                if target:
                    sheet_url = urljoin(url, target)
                    text = _stylesheet_text(crawl, sheet_url)
                    if text is not None:
                        more = [*media, import_media]
                        _add_sheet(
                            styles, crawl, text, sheet_url, sheet_url, more, order, depth + 1
                        )
                    else:
                        styles.missing.append(sheet_url)
            elif rule.content is not None and keyword in _GROUPING:
                inner = tinycss2.parse_rule_list(
                    rule.content, skip_comments=True, skip_whitespace=True
                )
                next_media = [*media, prelude] if keyword == "media" else media
                _add_rules(styles, crawl, inner, url, source, next_media, order, depth)


def _import_target(prelude: list[ast.Node]) -> tuple[str, str]:
    target = ""
    rest: list[ast.Node] = []
    for token in prelude:
        if not target and token.type in ("string", "url"):
            target = token.value
        elif not target and token.type == "function" and token.lower_name == "url":
            target = "".join(t.value for t in token.arguments if t.type == "string")
        elif target:
            rest.append(token)
    return target, tinycss2.serialize(rest).strip()


def _add_style_rule(
    styles: PageStyles, rule: ast.QualifiedRule, source: str, media: list[str], order: list[int]
) -> None:
    declarations = parse_declarations(rule.content)
    if not declarations:
        return
    applies = all(media_matches(m, *styles.viewport) for m in media)
    screen = all(media_can_match_screen(m) for m in media)
    for selector in split_selector_list(tinycss2.serialize(rule.prelude)):
        order[0] += 1
        styles.rules.append(
            StyleRule(
                selector, specificity(selector), order[0], declarations, applies, screen, source
            )
        )


def rules_declaring(styles: PageStyles, properties: Iterable[str]) -> Iterator[StyleRule]:
    """The rules in effect for the emulated viewport that declare one of ``properties``."""
    wanted = set(properties)
    for rule in styles.rules:
        if rule.applies and wanted.intersection(rule.declarations):
            yield rule
