"""Small questions about parsed HTML that many audits ask: where an element is (a CSS
selector a person can paste into the browser's console), what it looks like (a short
snippet), its text as a browser shows it, and whether the page hides it. Every audit
module names the elements of its report with these.

    selector_of(img)   # "body > main > section:nth-of-type(2) > img"  or "#logo"
    start_tag(img)     # '<img src="/logo.png">'  (what Lighthouse shows for a node)
    snippet(a)         # '<a href="/a">click here</a>'  (start tag, text and end tag)

Pages are parsed as a browser that runs scripts parses them (``Page.tree``), so the content
of <noscript> is text there, as Lighthouse sees it.
"""

from __future__ import annotations

import html
import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .urls import resolve


def words(text: str) -> frozenset[str]:
    """The words of ``text`` as a set (for long lists of names)."""
    return frozenset(text.split())


MAX_SNIPPET = 200
# A CSS identifier that needs no escaping (non-ASCII characters are name characters).
_IDENT = re.compile(r"-?[_a-zA-Z\u0080-\U0010ffff][_a-zA-Z0-9\u0080-\U0010ffff-]*")
_ASCII_SPACE = re.compile(r"[ \t\n\r\f]+")
# JavaScript's String.prototype.trim() removes these (and Python's strip() misses U+FEFF).
JS_SPACE = " \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"  # noqa: E501
_HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b", re.I)
_BLOCKS = words(
    "address article aside blockquote dd details dialog div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol p pre section "
    "summary table tbody td tfoot th thead tr ul"
)
# Elements shown by their start tag alone: empty ones, and the document's containers.
_OPENING_ONLY = frozenset(
    {"img", "meta", "link", "input", "br", "hr", "source", "area", "html", "head", "body"}
)
_UNSHOWN = frozenset({"script", "style", "template", "noscript", "head", "title"})


def js_trim(text: str) -> str:
    return text.strip(JS_SPACE)


def selector_of(node: LexborNode) -> str:
    """A CSS selector that finds ``node`` and only it: ``#id`` when that id is unique, else
    a path of tags (with ``:nth-of-type`` where a tag repeats among siblings) up from the
    node to ``body``/``head`` or to an ancestor with a unique id."""
    steps: list[str] = []
    current: LexborNode | None = node
    while current is not None and current.tag not in (None, "html", "-document"):
        unique = _unique_id(current)
        if unique:
            steps.append(unique)
            break
        tag = current.tag or ""
        if tag in ("body", "head"):
            steps.append(tag)
            break
        steps.append(tag + _nth_of_type(current))
        current = current.parent
    if not steps:
        return "html"
    return " > ".join(reversed(steps))


def _unique_id(node: LexborNode) -> str:
    value = (node.attributes.get("id") or "").strip()
    if not value or not _IDENT.fullmatch(value):
        return ""
    quoted = value.replace("\\", "\\\\").replace('"', '\\"')
    if len(node.parser.css(f'[id="{quoted}"]')) == 1:
        return f"#{value}"
    return ""


def _nth_of_type(node: LexborNode) -> str:
    parent = node.parent
    if parent is None:
        return ""
    position = count = 0
    child = parent.child
    while child is not None:
        if child.tag == node.tag:
            count += 1
            if child.mem_id == node.mem_id:
                position = count
        child = child.next
    return f":nth-of-type({position})" if count > 1 else ""


def start_tag(node: LexborNode) -> str:
    """The element's start tag as a browser writes it back (``&``, ``"`` and no-break
    spaces escaped in values), values over 75 characters shortened as Lighthouse shortens
    them in its snippets, at most MAX_SNIPPET characters."""
    parts = [node.tag or ""]
    for name, value in node.attributes.items():
        if value is None:  # written bare (alt="" stays alt="": it means something else)
            parts.append(name)
            continue
        if len(value) > 75:
            value = value[:74] + "…"
        escaped = value.replace("&", "&amp;").replace('"', "&quot;").replace("\u00a0", "&nbsp;")
        parts.append(f'{name}="{escaped}"')
    tag = "<" + " ".join(parts) + ">"
    return tag if len(tag) <= MAX_SNIPPET else tag[: MAX_SNIPPET - 1] + "…"


def clip(text: str, limit: int = MAX_SNIPPET) -> str:
    """``text`` with runs of white space made one space, at most ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def counted(count: int, noun: str) -> str:
    """ "1 page", "3 pages": a count with its noun (plural by a trailing s)."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def every(count: int, noun: str) -> str:
    """ "The page", "All 3 pages": the subject of a sentence about all of them."""
    return f"The {noun}" if count == 1 else f"All {count:,} {noun}s"


def snippet(node: LexborNode) -> str:
    """The start of the element's markup: its start tag, and its text and end tag when
    they fit, at most MAX_SNIPPET characters."""
    opening = start_tag(node)
    if len(opening) >= MAX_SNIPPET:
        return opening
    if node.tag in _OPENING_ONLY:
        return opening
    text = inner_text(node).replace("\n", " ")
    closing = f"</{node.tag}>"
    whole = opening + html.escape(text, quote=False) + closing
    if len(whole) <= MAX_SNIPPET:
        return whole
    room = MAX_SNIPPET - len(opening) - len(closing) - 1
    if room <= 0:
        return opening
    return opening + html.escape(text[:room], quote=False) + "…" + closing


def inner_text(node: LexborNode) -> str:
    """Roughly the browser's ``innerText``: text of the element and its descendants
    without scripts, styles and hidden elements, runs of spaces collapsed, line breaks
    at ``<br>`` and around block elements; trimmed."""
    pieces: list[str] = []
    _collect_text(node, pieces)
    text = "".join(pieces)
    text = re.sub(r" *\n[\n ]*", "\n", text)
    return text.strip(" \n")


def _collect_text(node: LexborNode, pieces: list[str]) -> None:
    child = node.child
    while child is not None:
        tag = child.tag
        if tag == "-text":
            pieces.append(_ASCII_SPACE.sub(" ", child.text_content or ""))
        elif tag == "br":
            pieces.append("\n")
        elif tag and not tag.startswith("-") and tag not in _UNSHOWN and not _hides(child):
            block = tag in _BLOCKS
            if block:
                pieces.append("\n")
            _collect_text(child, pieces)
            if block:
                pieces.append("\n")
        child = child.next


def _hides(node: LexborNode) -> bool:
    attributes = node.attributes
    if "hidden" in attributes:
        return True
    return bool(_HIDDEN_STYLE.search(attributes.get("style") or ""))


def is_hidden(node: LexborNode) -> bool:
    """The page hides the element from everyone, as far as its markup says: it or an
    ancestor has ``hidden``, ``aria-hidden="true"``, an inline ``display: none`` or
    ``visibility: hidden``, or sits in a closed ``<details>`` outside its summary.
    (Hiding done by style sheets needs a layout engine and is not seen here.)"""
    current: LexborNode | None = node
    in_summary = False
    while current is not None and current.tag not in (None, "-document"):
        attributes = current.attributes
        if _hides_all(current):
            return True
        in_summary = in_summary or current.tag == "summary"
        closed = current.tag == "details" and "open" not in attributes
        if closed and not in_summary and current.mem_id != node.mem_id:
            return True
        current = current.parent
    return False


def hidden_ids(tree: LexborHTMLParser, selector: str) -> set[int]:
    """The ``mem_id`` of every element matching ``selector`` that :func:`is_hidden` would
    call hidden, found from the few hiding elements down rather than from each element up."""
    hidden: set[int] = set()
    for holder in tree.css("[hidden], [aria-hidden], [style], details:not([open])"):
        if _hides_all(holder):
            hidden.update(node.mem_id for node in holder.css(selector))
        elif holder.tag == "details":
            shown = {node.mem_id for node in holder.css(f"summary {selector}")}
            shown.add(holder.mem_id)  # the closed <details> itself is shown
            hidden.update(n.mem_id for n in holder.css(selector) if n.mem_id not in shown)
    return hidden


def _hides_all(node: LexborNode) -> bool:
    aria_hidden = (node.attributes.get("aria-hidden") or "").strip().lower() == "true"
    return aria_hidden or _hides(node)


def base_url(tree: LexborHTMLParser, page_url: str) -> str:
    """The address the page's relative links are read against (its first
    ``<base href>``, else the page's own address)."""
    base = tree.css_first("base[href]")
    if base is not None:
        resolved = resolve(base.attributes.get("href") or "", page_url)
        if resolved is not None and not resolved.startswith(("javascript:", "data:")):
            return resolved
    return page_url
