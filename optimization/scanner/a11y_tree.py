"""A page's document as axe-core sees it: roles, hidden content, focus and names.

The accessibility audits reach axe-core's verdicts without a browser, so this module
ports the parts of axe-core 4.14 they rest on, from markup and declared CSS only:

* ``Doc``: the element tree of a page (built once from the lexbor parse), with ids,
  ``label[for]`` references and the author cascade for ``display``/``visibility``;
* ``is_visible_to_screen_readers`` / ``is_hidden_for_everyone``: hidden by ``hidden``,
  ``aria-hidden="true"``, ``inert``, a closed ``<details>``, the user agent's own
  ``display: none`` elements, and ``display``/``visibility`` from inline styles and the
  page's style rules (evaluated for Lighthouse's emulated viewport);
* ``role_of`` (axe's ``getRole``: explicit role, presentational conflict resolution,
  implicit roles, inherited presentation), ``is_focusable``, ``is_in_tab_order``;
* ``accessible_name``: axe's accessible-name computation (``accessibleTextVirtual``):
  ``aria-labelledby``, ``aria-label``, the element's native text alternative (``alt``,
  ``<label>``, ``value``, ``<caption>``, ``<legend>``, ``<title>`` of an ``<svg>``,
  ``placeholder``), form-control values, text content, then ``title``.

What needs a layout engine (boxes on screen, clipping, off-screen positions, opacity,
colours behind text) is not guessed here: an element counts as visible unless markup or
declared CSS hides it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from selectolax.lexbor import SelectolaxError

from optimization.scanner import a11y_css
from optimization.scanner.a11y_standards import (
    ATTRS,
    CONTROL_VALUE_ROLES,
    EMBEDDED,
    GLOBAL_ATTRS,
    INPUT_TYPES,
    PHRASING,
    RANGE_ROLES,
    ROLES,
    SECTIONING,
    words,
)
from optimization.scanner.base import Crawl, Page


class El:
    """One element: its tag, attributes, children (elements and text strings), parent."""

    __slots__ = ("attrs", "children", "index", "lex_id", "memo", "parent", "svg", "tag")

    def __init__(self, tag: str, attrs: dict[str, str], parent: El | None, lex_id: int) -> None:
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children: list[El | str] = []
        self.lex_id = lex_id
        self.index = 0  # position in document order
        # in SVG content (HTML inside <foreignObject> is not)
        self.svg: bool = tag == "svg" or (
            parent is not None and parent.svg and parent.tag.lower() != "foreignobject"
        )
        self.memo: dict[str, Any] = {}

    def __repr__(self) -> str:
        return f"<El {self.tag} {self.attrs}>"

    def attr(self, name: str) -> str | None:
        return self.attrs.get(name)

    def has(self, name: str) -> bool:
        return name in self.attrs

    def elements(self) -> Iterator[El]:
        """Element children."""
        for child in self.children:
            if isinstance(child, El):
                yield child

    def descendants(self) -> Iterator[El]:
        """Descendant elements in document order."""
        stack = list(reversed(list(self.elements())))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(list(node.elements())))

    def ancestors(self) -> Iterator[El]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def closest(self, *tags: str) -> El | None:
        """Itself or its nearest ancestor with one of these tags."""
        node: El | None = self
        while node is not None:
            if node.tag in tags:
                return node
            node = node.parent
        return None

    @property
    def input_type(self) -> str:
        """The ``type`` property of an ``<input>``: its attribute if known, else "text"."""
        value = (self.attrs.get("type") or "").strip().lower()
        return value if value in INPUT_TYPES else "text"

    @property
    def value(self) -> str:
        """The ``value`` property of a form control, from markup."""
        if self.tag == "textarea":
            return "".join(c for c in self.children if isinstance(c, str))
        return self.attrs.get("value") or ""


# Elements the user agent stylesheet gives display: none (axe reads computed styles).
_UA_DISPLAY_NONE = frozenset(
    words("base datalist head link meta noscript param rp script source style template title track")
)
_NATIVELY_HIDDEN = frozenset(("style", "script", "noscript", "template"))
_STYLE_PROPERTIES = ("display", "visibility", "content-visibility")


@dataclass
class Doc:
    """The parsed start page, indexed for the audits."""

    root: El
    url: str
    elements: list[El]
    by_id: dict[str, El]  # getElementById: the first element with the id
    ids: dict[str, list[El]]
    labels_for: dict[str, list[El]]  # label[for=x] in document order
    xhtml: bool = False
    styles: a11y_css.PageStyles = field(default_factory=a11y_css.PageStyles)
    declared: dict[int, dict[str, tuple[tuple[int, ...], str]]] = field(default_factory=dict)
    body: El | None = None
    by_lex: dict[int, El] = field(default_factory=dict)  # lexbor node mem_id -> element
    memo: dict[str, Any] = field(default_factory=dict)  # selections audits share

    def style(self, el: El, prop: str) -> str | None:
        """The winning author declaration of ``prop`` on the element itself, or None."""
        found = self.declared.get(el.index, {}).get(prop)
        return found[1] if found else None

    def element_by_id(self, value: str) -> El | None:
        return self.by_id.get(value)


def build_doc(crawl: Crawl, page: Page) -> Doc:
    """The document model of a page (cached on the page: every audit shares it)."""
    cached = vars(page).get("_a11y_doc")
    if isinstance(cached, Doc):
        return cached
    doc = _build(crawl, page)
    vars(page)["_a11y_doc"] = doc
    return doc


def _build(crawl: Crawl, page: Page) -> Doc:
    tree = page.tree
    lex_root = tree.root
    assert lex_root is not None
    root = El(lex_root.tag or "html", _attrs(lex_root.attributes), None, lex_root.mem_id)
    by_lex = {root.lex_id: root}
    stack = [(lex_root, root)]
    while stack:
        lex, el = stack.pop()
        for child in lex.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                text = child.text_content or ""
                if text:
                    el.children.append(text)
            elif child.is_element_node and tag:
                node = El(tag, _attrs(child.attributes), el, child.mem_id)
                el.children.append(node)
                by_lex[node.lex_id] = node
                if tag != "noscript":  # a browser running scripts keeps its content as text
                    stack.append((child, node))
    # document order
    ordered = [root, *root.descendants()]
    by_id: dict[str, El] = {}
    ids: dict[str, list[El]] = {}
    labels_for: dict[str, list[El]] = {}
    body = None
    for index, el in enumerate(ordered):
        el.index = index
        if "id" in el.attrs:
            by_id.setdefault(el.attrs["id"], el)
            ids.setdefault(el.attrs["id"], []).append(el)
        if el.tag == "label" and "for" in el.attrs:
            labels_for.setdefault(el.attrs["for"], []).append(el)
        if el.tag == "body" and body is None:
            body = el
    xhtml = page.response.content_type == "application/xhtml+xml"
    doc = Doc(root, page.url, ordered, by_id, ids, labels_for, xhtml, body=body, by_lex=by_lex)
    doc.styles = a11y_css.page_styles(crawl, page)
    _cascade(doc, tree, by_lex)
    return doc


def _attrs(raw: dict[str, str | None]) -> dict[str, str]:
    return {name: value or "" for name, value in raw.items()}


def _cascade(doc: Doc, tree: Any, by_lex: dict[int, El]) -> None:
    """The winning author declaration of each hiding property, per element."""
    declared = doc.declared
    for rule in a11y_css.rules_declaring(doc.styles, _STYLE_PROPERTIES):
        try:
            matched = tree.css(rule.selector)
        except (SelectolaxError, ValueError):  # a selector lexbor cannot read matches nothing
            continue
        for lex in matched:
            el = by_lex.get(lex.mem_id)
            if el is None:
                continue
            for prop in _STYLE_PROPERTIES:
                if prop in rule.declarations:
                    value, important = rule.declarations[prop]
                    key = (int(important), 0, *rule.specificity, rule.order)
                    _declare(declared, el, prop, key, value)
    for el in doc.elements:
        style = el.attrs.get("style")
        if not style or not any(prop in style.lower() for prop in _STYLE_PROPERTIES):
            continue
        for prop, (value, important) in a11y_css.parse_declarations(style).items():
            if prop in _STYLE_PROPERTIES:
                _declare(declared, el, prop, (int(important), 1, 0, 0, 0, 0), value)


def _declare(
    declared: dict[int, dict[str, tuple[tuple[int, ...], str]]],
    el: El,
    prop: str,
    key: tuple[int, ...],
    value: str,
) -> None:
    slot = declared.setdefault(el.index, {})
    if prop not in slot or slot[prop][0] <= key:
        slot[prop] = (key, value.strip().lower())


# --- hidden content (axe's isHiddenForEveryone / isVisibleToScreenReaders) -------------


def _display_none(doc: Doc, el: El) -> bool:
    if el.tag == "area":
        return False
    declared = doc.style(el, "display")
    if declared is not None and declared not in ("inherit", "unset", "revert", "initial"):
        return declared.split()[0] == "none" if declared else False
    if el.svg:
        return False  # the user agent's display: none rules are for HTML elements
    if el.tag in _UA_DISPLAY_NONE:
        return True
    if "hidden" in el.attrs and el.attrs["hidden"].strip().lower() != "until-found":
        return True
    if el.tag == "input" and el.input_type == "hidden":
        return True
    return el.tag == "dialog" and "open" not in el.attrs


def _up_chain(el: El, key: str) -> list[El]:
    """The element and its ancestors up to (not including) the first one that has ``key``
    memoised, nearest first: what an inherited value must be computed for, top down."""
    chain: list[El] = []
    node: El | None = el
    while node is not None and key not in node.memo:
        chain.append(node)
        node = node.parent
    return chain


def _visibility_hidden(doc: Doc, el: El) -> bool:
    """Computed ``visibility`` is hidden or collapse (it is inherited)."""
    key = "visibility_hidden"
    for node in reversed(_up_chain(el, key)):
        value = doc.style(node, "visibility")
        if value is not None and value not in ("inherit", "unset", "revert"):
            node.memo[key] = value in ("hidden", "collapse")
        else:
            node.memo[key] = node.parent is not None and bool(node.parent.memo[key])
    return bool(el.memo[key])


def _content_visibility_hidden(doc: Doc, el: El) -> bool:
    value = doc.style(el, "content-visibility")
    if value is not None:
        return value == "hidden"
    return el.attrs.get("hidden", "").strip().lower() == "until-found"


def _details_hidden(el: El) -> bool:
    parent = el.parent
    if parent is None or parent.tag != "details":
        return False
    if (
        el.tag == "summary"
        and next((c for c in parent.elements() if c.tag == "summary"), None) is el
    ):
        return False
    return "open" not in parent.attrs


def _hidden_self(doc: Doc, el: El, is_ancestor: bool) -> bool:
    key = "hidden_self_ancestor" if is_ancestor else "hidden_self"
    if key not in el.memo:
        el.memo[key] = _hidden_self_uncached(doc, el, is_ancestor)
    return bool(el.memo[key])


def _hidden_self_uncached(doc: Doc, el: El, is_ancestor: bool) -> bool:
    if el.tag in _NATIVELY_HIDDEN:
        return True
    if _display_none(doc, el):
        return True
    if not is_ancestor and _visibility_hidden(doc, el):
        return True
    if is_ancestor and _content_visibility_hidden(doc, el):
        return True
    return _details_hidden(el)


def is_hidden_for_everyone(doc: Doc, el: El) -> bool:
    """Hidden from every user: display none, visibility hidden, natively hidden, or inside
    something hidden."""
    key = "hidden_everyone"
    if key in el.memo:
        return bool(el.memo[key])
    result = _hidden_self(doc, el, False) or (
        el.parent is not None and _hidden_ancestor(doc, el.parent)
    )
    el.memo[key] = result
    return result


def _hidden_ancestor(doc: Doc, el: El) -> bool:
    key = "hidden_as_ancestor"
    for node in reversed(_up_chain(el, key)):
        node.memo[key] = _hidden_self(doc, node, True) or (
            node.parent is not None and bool(node.parent.memo[key])
        )
    return bool(el.memo[key])


def aria_hidden(el: El) -> bool:
    return aria_value(el, "aria-hidden") == "true"


def is_visible_to_screen_readers(doc: Doc, el: El) -> bool:
    """axe's ``isVisibleToScreenReaders``: not aria-hidden, not inert, not hidden, and
    neither is any ancestor."""
    key = "sr_visible"
    if key not in el.memo:
        el.memo[key] = _sr_visible(doc, el, False)
    return bool(el.memo[key])


def _sr_visible(doc: Doc, el: El, is_ancestor: bool) -> bool:
    if not is_ancestor:
        if aria_hidden(el) or "inert" in el.attrs or _hidden_self(doc, el, False):
            return False
        return el.parent is None or _sr_visible(doc, el.parent, True)
    key = "sr_visible_as_ancestor"
    for node in reversed(_up_chain(el, key)):
        hidden = aria_hidden(node) or "inert" in node.attrs or _hidden_self(doc, node, True)
        node.memo[key] = not hidden and (node.parent is None or bool(node.parent.memo[key]))
    return bool(el.memo[key])


def is_visible_on_screen(doc: Doc, el: El) -> bool:
    """Visible on screen, as far as markup and declared CSS tell (no layout: an element
    that is not hidden counts as on screen)."""
    return not is_hidden_for_everyone(doc, el)


# --- ARIA values and references -----------------------------------------------------------


def aria_value(el: El, name: str) -> str | None:
    """axe's ``getAriaValue``: the attribute's value, trimmed unless a string type,
    lower-cased when the attribute is case-insensitive; None when absent."""
    spec = ATTRS.get(name)
    value = el.attrs.get(name)
    if spec is None or value is None:
        return None
    if spec.type != "string":
        value = value.strip()
    return value.lower() if spec.case_insensitive else value


def token_list(value: str | None) -> list[str]:
    return re.sub(r"\s{2,}", " ", (value or "").strip()).split(" ")


def resolved_refs(doc: Doc, el: El, attr: str) -> list[El | None]:
    value = el.attrs.get(attr)
    if not value:
        return []
    return [doc.by_id.get(token) for token in token_list(value)]


def sanitize(text: str | None) -> str:
    """axe's ``sanitize``: collapse whitespace runs, no-break spaces to spaces, trim."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\u00a0", " ")
    return re.sub(r"\s{2,}", " ", text).strip()


# --- roles --------------------------------------------------------------------------------

_CUSTOM_RESERVED = frozenset(
    words(
        "annotation-xml color-profile font-face font-face-src font-face-uri font-face-format "
        "font-face-name missing-glyph"
    )
)


def is_custom_element(tag: str) -> bool:
    return (
        "-" in tag
        and tag not in _CUSTOM_RESERVED
        and tag[:1].isalpha()
        and tag[:1].islower()
        and tag == tag.lower()
    )


def is_valid_role(role: str, *, allow_abstract: bool = False) -> bool:
    spec = ROLES.get(role)
    if spec is None:
        return False
    return allow_abstract or spec.type != "abstract"


def explicit_role(
    el: El, *, fallback: bool = False, abstracts: bool = False, dpub: bool = False
) -> str | None:
    """axe's ``getExplicitRole``: the ``role`` attribute if it names a valid role (the
    whole value, or its first valid token with ``fallback``)."""
    value = (el.attrs.get("role") or "").strip().lower()
    candidates = token_list(value) if fallback else [value]
    for role in candidates:
        if not dpub and role.startswith("doc-"):
            continue
        if is_valid_role(role, allow_abstract=abstracts):
            return role
    return None


def has_global_aria(el: El) -> bool:
    return any(name in el.attrs for name in GLOBAL_ATTRS)


def _has_conflict_resolution(doc: Doc, el: El) -> bool:
    return has_global_aria(el) or is_focusable(doc, el)


_SECTIONING_ROLES = ("article", "complementary", "navigation", "region")


def _in_sectioning(el: El | None, *, with_main: bool) -> bool:
    """Itself or an ancestor matches axe's sectioning-content selector."""
    node = el
    while node is not None:
        role_attr = node.attrs.get("role")
        if node.tag in SECTIONING and role_attr is None:
            return True
        if with_main and node.tag == "main" and role_attr is None:
            return True
        if role_attr in _SECTIONING_ROLES or (with_main and role_attr == "main"):
            return True
        node = node.parent
    return False


def has_accessible_name_attr(doc: Doc, el: El, *, check_title: bool = False) -> bool:
    """axe's ``hasAccessibleName`` (aria-labelledby, aria-label, optionally title)."""
    if el.memo.get("naming"):  # its name depends on its role, which depends on its name
        return False
    el.memo["naming"] = True
    try:
        return bool(
            sanitize(labelledby_text(doc, el, {}))
            or sanitize(aria_value(el, "aria-label"))
            or (check_title and sanitize(el.attrs.get("title")))
        )
    finally:
        el.memo["naming"] = False


def implicit_role(doc: Doc, el: El) -> str | None:
    tag = el.tag
    if tag in ("a", "area"):
        return "link" if "href" in el.attrs else None
    if tag == "aside":
        if _in_sectioning(el.parent, with_main=False) and not has_accessible_name_attr(
            doc, el, check_title=True
        ):
            return None
        return "complementary"
    if tag in ("header", "footer"):
        if _in_sectioning(el, with_main=True):
            return None
        return "banner" if tag == "header" else "contentinfo"
    if tag in ("form", "section"):
        if not has_accessible_name_attr(doc, el):
            return None
        return "form" if tag == "form" else "region"
    if tag == "img":
        empty_alt = "alt" in el.attrs and not el.attrs["alt"]
        if empty_alt and not has_global_aria(el) and not is_focusable(doc, el):
            return "presentation"
        return "img"
    if tag == "input":
        return _input_role(doc, el)
    if tag == "select":
        size = el.attrs.get("size", "")
        match = re.match(r"\s*[-+]?\d+", size)
        multiple = "multiple" in el.attrs or (match is not None and int(match.group()) > 1)
        return "listbox" if multiple else "combobox"
    if tag == "td":
        table = el.closest("table")
        role = explicit_role(table) if table is not None else None
        return "gridcell" if role in ("grid", "treegrid") else "cell"
    if tag == "th":
        if is_column_header(doc, el):
            return "columnheader"
        if is_row_header(doc, el):
            return "rowheader"
        return None
    return _IMPLICIT_ROLES.get(tag)


_IMPLICIT_ROLES = {
    "article": "article",
    "body": "document",
    "button": "button",
    "datalist": "listbox",
    "dd": "definition",
    "dfn": "term",
    "details": "group",
    "dialog": "dialog",
    "dt": "term",
    "fieldset": "group",
    "figure": "figure",
    "h1": "heading",
    "h2": "heading",
    "h3": "heading",
    "h4": "heading",
    "h5": "heading",
    "h6": "heading",
    "hr": "separator",
    "li": "listitem",
    "main": "main",
    "math": "math",
    "menu": "list",
    "meter": "meter",
    "nav": "navigation",
    "ol": "list",
    "optgroup": "group",
    "option": "option",
    "output": "status",
    "progress": "progressbar",
    "search": "search",
    "summary": "button",
    "table": "table",
    "tbody": "rowgroup",
    "textarea": "textbox",
    "tfoot": "rowgroup",
    "thead": "rowgroup",
    "tr": "row",
    "ul": "list",
}


def _input_role(doc: Doc, el: El) -> str:
    suggestions = False
    if "list" in el.attrs:
        target = next((r for r in resolved_refs(doc, el, "list") if r is not None), None)
        suggestions = target is not None and target.tag == "datalist"
    kind = el.input_type
    if kind in ("checkbox", "radio"):
        return kind
    if kind == "number":
        return "spinbutton"
    if kind == "range":
        return "slider"
    if kind == "search":
        return "combobox" if suggestions else "searchbox"
    if kind in ("button", "image", "reset", "submit"):
        return "button"
    if kind in ("text", "tel", "url", "email"):
        return "combobox" if suggestions else "textbox"
    return "textbox"


_PRESENTATION_CHAIN = {
    "td": ("tr",),
    "th": ("tr",),
    "tr": ("thead", "tbody", "tfoot", "table"),
    "thead": ("table",),
    "tbody": ("table",),
    "tfoot": ("table",),
    "li": ("ol", "ul"),
    "dt": ("dl", "div"),
    "dd": ("dl", "div"),
    "div": ("dl",),
}


def _inherited_role(doc: Doc, el: El) -> str | None:
    parents = _PRESENTATION_CHAIN.get(el.tag)
    parent = el.parent
    if not parents or parent is None or parent.tag not in parents:
        return None
    parent_role = explicit_role(parent)
    if parent_role in ("none", "presentation") and not _has_conflict_resolution(doc, parent):
        return parent_role
    if parent_role:
        return None
    return _inherited_role(doc, parent)


def _resolve_implicit(doc: Doc, el: El) -> str | None:
    role = implicit_role(doc, el)
    if not role:
        return None
    return _inherited_role(doc, el) or role


def role_of(
    doc: Doc,
    el: El,
    *,
    no_implicit: bool = False,
    no_presentational: bool = False,
    fallback: bool = False,
    dpub: bool = False,
) -> str | None:
    """axe's ``getRole``."""
    plain = not (no_implicit or no_presentational or fallback or dpub)
    if plain and "role" in el.memo:
        return el.memo["role"]
    role = explicit_role(el, fallback=fallback, dpub=dpub)
    if not role:
        result = None if no_implicit else _resolve_implicit(doc, el)
    elif role not in ("presentation", "none"):
        result = role
    elif _has_conflict_resolution(doc, el):
        result = None if is_custom_element(el.tag) or no_implicit else _resolve_implicit(doc, el)
    else:
        result = role
    if no_presentational and result in ("presentation", "none"):
        result = None
    if plain:
        el.memo["role"] = result
    return result


def role_type(role: str | None) -> str | None:
    spec = ROLES.get(role or "")
    return spec.type if spec else None


# --- tables (axe's toGrid and header scope) ------------------------------------------------


def table_rows(table: El) -> list[El]:
    """``table.rows``: the rows of the table itself (not of nested tables)."""
    rows: list[El] = []
    for child in table.elements():
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in child.elements() if c.tag == "tr")
    heads = [r for r in rows if r.parent is not None and r.parent.tag == "thead"]
    feet = [r for r in rows if r.parent is not None and r.parent.tag == "tfoot"]
    middle = [r for r in rows if r not in heads and r not in feet]
    return heads + middle + feet


def _span(value: str | None, default: int, low: int, high: int) -> int:
    match = re.match(r"\s*\+?(\d+)", value or "")
    if not match:
        return default
    return max(low, min(high, int(match.group(1))))


def table_grid(table: El) -> list[list[El | None]]:
    """axe's ``toGrid``: each row's cells placed by their column and row spans."""
    if "grid" in table.memo:
        return table.memo["grid"]
    rows = table_rows(table)
    grid: list[dict[int, El]] = [{} for _ in rows]
    for r, row in enumerate(rows):
        column = 0
        for cell in (c for c in row.elements() if c.tag in ("td", "th")):
            colspan = _span(cell.attrs.get("colspan"), 1, 1, 1000)
            rowspan = _span(cell.attrs.get("rowspan"), 1, 0, 65534) or len(rows)
            for _ in range(colspan):
                for offset in range(rowspan):
                    while len(grid) <= r + offset:
                        grid.append({})
                    while column in grid[r + offset]:
                        column += 1
                    grid[r + offset][column] = cell
                column += 1
    dense = [[line.get(i) for i in range(max(line) + 1)] if line else [] for line in grid]
    table.memo["grid"] = dense
    return dense


def cell_position(grid: list[list[El | None]], cell: El) -> tuple[int, int] | None:
    for y, line in enumerate(grid):
        for x, item in enumerate(line):
            if item is cell:
                return x, y
    return None


def header_scope(doc: Doc, cell: El) -> str | bool:
    """axe's ``getScope`` for a td/th: col, row, colgroup, rowgroup, auto, or False."""
    scope = cell.attrs.get("scope")
    role = explicit_role(cell)
    if role == "columnheader":
        return "col"
    if role == "rowheader":
        return "row"
    if scope in ("col", "row", "colgroup", "rowgroup"):
        return scope
    if cell.tag != "th":
        return False
    table = cell.closest("table")
    if table is None:
        return "auto"
    grid = table_grid(table)
    position = cell_position(grid, cell)
    if position is None:
        return "auto"
    x, y = position
    if all(item is not None and item.tag == "th" for item in grid[y]):
        return "col"
    column = [line[x] if x < len(line) else None for line in grid]
    if all(item is not None and item.tag == "th" for item in column):
        return "row"
    return "auto"


def is_column_header(doc: Doc, cell: El) -> bool:
    return header_scope(doc, cell) in ("col", "colgroup", "auto")


def is_row_header(doc: Doc, cell: El) -> bool:
    return header_scope(doc, cell) in ("row", "rowgroup", "auto")


# --- focus ----------------------------------------------------------------------------------

_DISABLEABLE = frozenset(
    ("button", "command", "fieldset", "keygen", "optgroup", "option", "select", "textarea", "input")
)


def parse_tabindex(value: str | None) -> int | None:
    if value is None:
        return None
    match = re.match(r"^([-+]?\d+)", value.strip())
    return int(match.group(1)) if match else None


def _inert(el: El) -> bool:
    return any("inert" in node.attrs for node in [el, *el.ancestors()])


def focus_disabled(doc: Doc, el: El) -> bool:
    if (el.tag in _DISABLEABLE and "disabled" in el.attrs) or _inert(el):
        return True
    for parent in el.ancestors():
        if parent.tag == "legend":
            break
        if parent.tag == "fieldset" and "disabled" in parent.attrs:
            return True
    if el.tag != "area":
        return is_hidden_for_everyone(doc, el)
    return False


def is_natively_focusable(doc: Doc, el: El) -> bool:
    if focus_disabled(doc, el):
        return False
    tag = el.tag
    if tag in ("a", "area"):
        return "href" in el.attrs
    if tag == "input":
        return el.input_type != "hidden"
    if tag in ("textarea", "select", "summary", "button"):
        return True
    if tag == "details":
        return not any(d.tag == "summary" for d in el.descendants())
    return False


def is_focusable(doc: Doc, el: El) -> bool:
    if "focusable" not in el.memo:
        if focus_disabled(doc, el):
            result = False
        elif is_natively_focusable(doc, el):
            result = True
        else:
            result = parse_tabindex(el.attrs.get("tabindex")) is not None
        el.memo["focusable"] = result
    return bool(el.memo["focusable"])


def is_in_tab_order(doc: Doc, el: El) -> bool:
    tabindex = parse_tabindex(el.attrs.get("tabindex"))
    if tabindex is not None and tabindex <= -1:
        return False
    return is_focusable(doc, el)


# --- the accessible name (axe's accessibleTextVirtual) -----------------------------------------

Context = dict[str, Any]


def naming_methods(el: El) -> tuple[str, ...]:
    """The native text alternatives an element takes its name from, in order."""
    tag = el.tag
    if tag == "a":
        return ("subtree",) if "href" in el.attrs else ()
    if tag in ("button", "output", "summary"):
        return ("subtree",)
    if tag in ("area", "img"):
        return ("alt",)
    if tag in ("br", "hr"):
        return ("title", "space")
    if tag == "fieldset":
        return ("legend",)
    if tag == "figure":
        return ("figcaption", "title")
    if tag == "input":
        kind = el.input_type
        if kind in ("button", "submit", "reset"):
            return ("value", "title", "button-default")
        if kind == "image":
            return ("alt", "value", "label", "title", "button-default")
        return ("label", "placeholder")
    if tag == "select":
        return ("label",)
    if tag == "textarea":
        return ("label", "placeholder")
    if tag == "svg":
        return ("svg-title",)
    if tag == "table":
        return ("caption", "summary")
    return ()


_BUTTON_DEFAULTS = {"submit": "Submit", "image": "Submit", "reset": "Reset"}


def accessible_name(doc: Doc, el: El) -> str:
    """The accessible name of an element, as axe-core computes it."""
    if "name" not in el.memo:
        el.memo["name"] = sanitize(accessible_text(doc, el, {}))
    return str(el.memo["name"])


def accessible_text(doc: Doc, node: El | str, context: Context) -> str:
    """axe's ``accessibleTextVirtual`` for an element or a text node, in a context."""
    if isinstance(node, str):
        return node
    if "startNode" not in context:
        context = {"startNode": node, **context}
    if context.get("inLabelledByContext") and "includeHidden" not in context:
        context = {"includeHidden": not is_visible_to_screen_readers(doc, node), **context}
    context.setdefault("processed", set())
    if _ignore_hidden(doc, node, context):
        return ""
    steps = (
        labelledby_text,
        _label_attr_text,
        _native_text,
        _control_value,
        subtree_text,
        _title_text,
    )
    name = ""
    for step in steps:
        if context["startNode"] is node:
            name = sanitize(name)
        if name != "":
            return name
        name = step(doc, node, context)
    return name


def _ignore_hidden(doc: Doc, el: El, context: Context) -> bool:
    if context.get("includeHidden") and el.tag not in _NATIVELY_HIDDEN:
        return False
    return not is_visible_to_screen_readers(doc, el)


def labelledby_text(doc: Doc, el: El, context: Context) -> str:
    if context.get("inLabelledByContext") or context.get("inControlContext"):
        return ""
    if "aria-labelledby" not in el.attrs:
        return ""
    text = ""
    base = {"inLabelledByContext": True, "startNode": context.get("startNode") or el}
    for ref in resolved_refs(doc, el, "aria-labelledby"):
        if ref is None:
            continue
        part = accessible_text(doc, ref, {**base, **context})
        text = part if not text else f"{text} {part}"
    return text


def _label_attr_text(doc: Doc, el: El, context: Context) -> str:
    return aria_value(el, "aria-label") or ""


def _native_text(doc: Doc, el: El, context: Context) -> str:
    if role_of(doc, el) in ("presentation", "none"):
        return ""
    for method in naming_methods(el):
        text = _NATIVE[method](doc, el, context)
        if text:
            return text
    return ""


def _descendant_text(tag: str, doc: Doc, el: El, context: Context) -> str:
    """The name of the first descendant ``tag`` unless an element like ``el`` comes first."""
    for node in el.descendants():
        if node.tag == tag:
            return accessible_text(doc, node, context)
        if node.tag == el.tag:
            return ""
    return ""


def _title_text(doc: Doc, el: El, context: Context) -> str:
    if "title" not in el.attrs:
        return ""
    if el.tag != "iframe" and role_of(doc, el) in ("none", "presentation"):
        return ""
    return el.attrs["title"]


def label_text(doc: Doc, el: El, context: Context) -> str:
    """The text of the ``<label>`` elements of a form control (``for`` and wrapping)."""
    if context.get("inControlContext") or context.get("inLabelledByContext"):
        return ""
    if _already_processed(el, context):
        return ""
    context.setdefault("startNode", el)
    label_context = {"inControlContext": True, **context}
    labels = list(doc.labels_for.get(el.attrs["id"], [])) if el.attrs.get("id") else []
    wrapping = el.closest("label")
    if wrapping is not None:
        labels.append(wrapping)
        labels.sort(key=lambda label: label.index)
    texts = [accessible_text(doc, label, label_context) for label in labels]
    return " ".join(text for text in texts if text != "")


_NATIVE = {
    "subtree": lambda doc, el, ctx: subtree_text(doc, el, ctx),
    "alt": lambda doc, el, ctx: el.attrs.get("alt") or "",
    "value": lambda doc, el, ctx: el.value,
    "button-default": lambda doc, el, ctx: (
        _BUTTON_DEFAULTS.get(el.input_type, "") if el.tag == "input" else ""
    ),
    "title": lambda doc, el, ctx: _title_text(doc, el, ctx),
    "space": lambda doc, el, ctx: " ",
    "legend": lambda doc, el, ctx: _descendant_text("legend", doc, el, ctx),
    "figcaption": lambda doc, el, ctx: _descendant_text("figcaption", doc, el, ctx),
    "svg-title": lambda doc, el, ctx: _descendant_text("title", doc, el, ctx),
    "caption": lambda doc, el, ctx: _descendant_text("caption", doc, el, ctx),
    "summary": lambda doc, el, ctx: el.attrs.get("summary") or "",
    "label": lambda doc, el, ctx: label_text(doc, el, ctx),
    "placeholder": lambda doc, el, ctx: el.attrs.get("placeholder") or "",
}


_NON_TEXT = frozenset(words("button checkbox color file hidden image password radio reset submit"))


def _control_value(doc: Doc, el: El, context: Context) -> str:
    role = role_of(doc, el)
    if context.get("startNode") is el or role not in CONTROL_VALUE_ROLES or role == "progressbar":
        return ""
    tag = el.tag
    native_textbox = tag == "textarea" or (tag == "input" and el.input_type not in _NON_TEXT)
    if native_textbox and el.value:
        return el.value
    if tag == "select":
        options = [d for d in el.descendants() if d.tag == "option"]
        chosen = [o for o in options if "selected" in o.attrs] or options[:1]
        text = " ".join(visible_text(doc, o) for o in chosen)
        if text:
            return text
    explicit = explicit_role(el)
    if explicit == "textbox":
        if not is_hidden_for_everyone(doc, el):
            text = visible_text(doc, el, screen_reader=True)
        else:
            text = text_content(el)
        if text:
            return text
    if explicit == "listbox":
        text = _selected_option_text(doc, el, context)
        if text:
            return text
    if explicit == "combobox":
        listbox = next((o for o in owned(doc, el) if role_of(doc, o) == "listbox"), None)
        if listbox is not None and explicit_role(listbox) == "listbox":
            text = _selected_option_text(doc, listbox, context)
            if text:
                return text
    if explicit in RANGE_ROLES and "aria-valuenow" in el.attrs:
        raw = aria_value(el, "aria-valuenow") or ""
        try:
            number = float(raw) if raw else 0.0
        except ValueError:
            return "0"
        return str(int(number)) if number.is_integer() else str(number)
    return ""


def _selected_option_text(doc: Doc, listbox: El, context: Context) -> str:
    selected = [
        o
        for o in owned(doc, listbox)
        if role_of(doc, o) == "option" and aria_value(o, "aria-selected") == "true"
    ]
    return accessible_text(doc, selected[0], context) if selected else ""


def owned(doc: Doc, el: El) -> list[El]:
    """Element children plus the elements ``aria-owns`` claims (axe's getOwnedVirtual)."""
    children = list(el.elements())
    if "aria-owns" not in el.attrs:
        return children
    claimed: list[El] = []
    for ref in resolved_refs(doc, el, "aria-owns"):
        if ref is not None and ref not in claimed:
            claimed.append(ref)
    return [c for c in children if c not in claimed] + claimed


def owned_nodes(doc: Doc, el: El) -> list[El | str]:
    if "aria-owns" not in el.attrs:
        return el.children
    claimed = [r for r in dict.fromkeys(resolved_refs(doc, el, "aria-owns")) if r is not None]
    return [c for c in el.children if not (isinstance(c, El) and c in claimed)] + list(claimed)


def _named_from_contents(doc: Doc, el: El, *, strict: bool = False) -> bool:
    role = role_of(doc, el)
    spec = ROLES.get(role or "")
    if spec is not None and spec.name_from_content:
        return True
    if strict:
        return False
    return spec is None or role in ("presentation", "none")


def _already_processed(el: El, context: Context) -> bool:
    processed: set[int] = context.setdefault("processed", set())
    if el.index in processed:
        return True
    processed.add(el.index)
    return False


def subtree_text(doc: Doc, el: El, context: Context) -> str:
    """axe's ``subtreeText``: the names of an element's children, when its role allows a
    name from content (or when it is already inside such a name)."""
    context.setdefault("startNode", el)
    strict = context.get("strict", False)
    role = role_of(doc, el)
    if _already_processed(el, context) or el.tag in EMBEDDED or role in CONTROL_VALUE_ROLES:
        return ""
    if (
        not context.get("subtreeDescendant")
        and not context.get("inLabelledByContext")
        and not _named_from_contents(doc, el, strict=strict)
    ):
        return ""
    if not strict:
        descendant = not context.get("inControlContext") and not context.get("inLabelledByContext")
        context = {"subtreeDescendant": descendant, **context}
    text = ""
    for child in owned_nodes(doc, el):
        text = _append_text(doc, text, child, context)
    return text


def _append_text(doc: Doc, text: str, child: El | str, context: Context) -> str:
    addition = accessible_text(doc, child, context)
    if not addition:
        return text
    tag = "#text" if isinstance(child, str) else child.tag
    if tag not in PHRASING:
        if addition[0] != " ":
            addition += " "
        if text and text[-1] != " ":
            addition = " " + addition
    return text + addition


def visible_text(doc: Doc, el: El, *, screen_reader: bool = False, recurse: bool = True) -> str:
    """axe's ``visibleVirtual``: the text of the element's visible text nodes."""
    return sanitize(_visible_text(doc, el, screen_reader, recurse))


def _visible_text(doc: Doc, el: El, screen_reader: bool, recurse: bool) -> str:
    visible = (
        is_visible_to_screen_readers(doc, el) if screen_reader else is_visible_on_screen(doc, el)
    )
    parts = []
    for child in el.children:
        if isinstance(child, str):
            parts.append(child if visible else "")
        elif child.tag == "br":
            parts.append(" ")
        elif recurse:
            parts.append(_visible_text(doc, child, screen_reader, True))
    return "".join(parts)


def text_content(el: El) -> str:
    """``textContent``: every descendant text node, hidden or not."""
    parts: list[str] = []
    stack: list[El | str] = [el]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            parts.append(node)
        else:
            stack.extend(reversed(node.children))
    return "".join(parts)
