"""Colour contrast: what a scan can know about it, and what it cannot.

Lighthouse's ``color-contrast`` (axe-core) compares every text's rendered colour with the
rendered pixels behind it, which needs a layout engine: backgrounds of ancestors,
images, gradients, opacity, overlapping boxes. The scan marks it ``needs-layout``.

``declared-contrast`` checks what the CSS makes computable without rendering: the colour
pairs a page declares, each judged with WCAG 2.x relative luminance (code24.ai.contrast)
and axe-core's thresholds (more than 4.5:1 for normal text, more than 3:1 for large text:
at least 18pt, or 14pt bold):

* a style rule that sets both ``color`` and a solid ``background-color`` (or a
  ``background`` that is just a colour), when it applies to text on the start page;
* the page's base pair: the text colour and background of ``<body>`` (from body, html
  or :root rules; an unset background is the white canvas, an unset colour black), when
  the page declares either, every stylesheet it links was read, and some visible text
  sits on that background (no element between it and <body> has a background of its own).

Pairs declared twice count once.

Colours may be hex, rgb(), hsl(), hwb(), lab()/lch() where convertible, named colours,
and ``var(--name)`` resolved from the rule itself and from ``:root``. A translucent text
colour is composited over its background as axe does; a translucent background, an
image, ``currentColor`` or an unknown variable makes the pair not computable (skipped).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from selectolax.lexbor import SelectolaxError
from tinycss2 import color4

from code24.ai.contrast import contrast_ratio, rgb_to_hex
from optimization.scanner import a11y_css
from optimization.scanner.a11y_tree import (
    Doc,
    El,
    build_doc,
    is_hidden_for_everyone,
    text_content,
)
from optimization.scanner.base import Crawl, Offender, Page, Verdict, audit

NORMAL_TEXT_MINIMUM = 4.5  # axe-core's color-contrast: the ratio must be above these
LARGE_TEXT_MINIMUM = 3.0
MAX_VAR_DEPTH = 8
RGBA = tuple[float, float, float, float]  # 0..255 channels, alpha 0..1
WHITE: RGBA = (255.0, 255.0, 255.0, 1.0)
BLACK: RGBA = (0.0, 0.0, 0.0, 1.0)


def parse_colour(value: str) -> RGBA | None:
    """An sRGB colour (channels 0..255, alpha 0..1) from a CSS colour value, or None."""
    parsed = color4.parse_color(value.strip())
    if not isinstance(parsed, color4.Color):
        return None
    try:
        srgb = parsed.to("srgb")
    except NotImplementedError:
        return None
    r, g, b = (max(0.0, min(1.0, float(c))) * 255 for c in srgb.coordinates)
    alpha = parsed.alpha if parsed.alpha is not None else 1.0
    return (r, g, b, float(alpha))


def flatten(foreground: RGBA, background: RGBA) -> RGBA:
    """A translucent colour composited over an opaque background (source-over)."""
    alpha = foreground[3]
    return (
        foreground[0] * alpha + background[0] * (1 - alpha),
        foreground[1] * alpha + background[1] * (1 - alpha),
        foreground[2] * alpha + background[2] * (1 - alpha),
        1.0,
    )


def ratio(foreground: RGBA, background: RGBA) -> float:
    """The WCAG 2.x contrast ratio of text over an opaque background."""
    if foreground[3] < 1:
        foreground = flatten(foreground, background)
    return contrast_ratio(rgb_to_hex(foreground[:3]), rgb_to_hex(background[:3]))


def is_large_text(font_size_px: float | None, bold: bool) -> bool:
    """axe-core's test: at least 18pt, or at least 14pt when bold."""
    if font_size_px is None:
        return False
    points = math.ceil(font_size_px * 72) / 96
    return points >= (14 if bold else 18)


def required_ratio(font_size_px: float | None, bold: bool) -> float:
    return LARGE_TEXT_MINIMUM if is_large_text(font_size_px, bold) else NORMAL_TEXT_MINIMUM


_VAR = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)\s*(?:,\s*([^()]*(?:\([^()]*\)[^()]*)*))?\)")


def resolve_vars(value: str, *scopes: dict[str, str]) -> str | None:
    """``value`` with every ``var(--x, fallback)`` replaced from the first scope that
    defines it (or its fallback); None when one cannot be resolved."""
    for _ in range(MAX_VAR_DEPTH):
        match = _VAR.search(value)
        if match is None:
            return value
        name, fallback = match.group(1), match.group(2)
        found = next((scope[name] for scope in scopes if name in scope), None)
        if found is None:
            if fallback is None:
                return None
            found = fallback
        value = value[: match.start()] + found.strip() + value[match.end() :]
    return None


def _font_size_px(value: str | None) -> float | None:
    if not value:
        return None
    match = re.fullmatch(r"\s*([\d.]+)(px|pt|rem|em)\s*", value.lower())
    if not match:
        return None
    number = float(match.group(1))
    return number * {"px": 1.0, "pt": 96 / 72, "rem": 16.0, "em": 16.0}[match.group(2)]


def _bold(value: str | None) -> bool:
    if not value:
        return False
    value = value.strip().lower()
    if value in ("bold", "bolder"):
        return True
    try:
        return float(value) >= 700
    except ValueError:
        return False


def _font_shorthand(value: str | None) -> tuple[float | None, bool]:
    """Size and boldness from a ``font`` shorthand."""
    if not value:
        return None, False
    size = None
    bold = False
    for token in value.replace("/", " / ").split():
        if size is None:
            size = _font_size_px(token)
        bold = bold or _bold(token)
    return size, bold


def _background_colour(declarations: a11y_css.Declarations) -> str | None:
    """The solid colour a rule paints as its background, as CSS text, or None."""
    if "background-color" in declarations:
        value = declarations["background-color"][0]
        image = declarations.get("background-image", ("none", False))[0].strip().lower()
        return value if image in ("none", "initial") else None
    if "background" in declarations:
        value = declarations["background"][0]
        if re.search(r"url\(|gradient\(|image\(|element\(", value, re.IGNORECASE):
            return None
        return value
    return None


@dataclass(frozen=True)
class Pair:
    """One declared text colour over one declared background."""

    selector: str
    foreground: str
    background: str
    ratio: float
    required: float
    source: str

    @property
    def passes(self) -> bool:
        return self.ratio > self.required


def _colour_of(value: str, *scopes: dict[str, str]) -> RGBA | None:
    resolved = resolve_vars(value, *scopes)
    if resolved is None:
        return None
    if resolved.strip().lower() in ("transparent", "currentcolor", "inherit", "initial", "unset"):
        return None
    if _VAR.search(resolved):
        return None
    colour = parse_colour(resolved)
    if colour is None:
        # a `background` shorthand: its colour is one of its tokens
        for token in re.findall(r"#[0-9A-Fa-f]{3,8}\b|[a-z]+\([^()]*\)|[A-Za-z]+", resolved):
            colour = parse_colour(token)
            if colour is not None:
                break
    return colour


def _applies_to_text(doc: Doc, page: Page, selector: str) -> bool:
    try:
        matched = page.tree.css(selector)
    except (SelectolaxError, ValueError):  # a selector lexbor cannot read (::before, ...)
        return False
    for node in matched:
        el = doc.by_lex.get(node.mem_id)
        if el is not None and text_content(el).strip() and not is_hidden_for_everyone(doc, el):
            return True
    return False


def declared_pairs(crawl: Crawl, page: Page) -> list[Pair]:
    """Every computable colour pair the start page's CSS declares for its text."""
    doc = build_doc(crawl, page)
    styles = doc.styles
    root = styles.root_properties()
    pairs: list[Pair] = []
    for rule in styles.rules:
        if not rule.screen or "color" not in rule.declarations:
            continue
        background_text = _background_colour(rule.declarations)
        if background_text is None:
            continue
        own = {k: v for k, (v, _) in rule.declarations.items() if k.startswith("--")}
        foreground = _colour_of(rule.declarations["color"][0], own, root)
        background = _colour_of(background_text, own, root)
        if foreground is None or background is None or background[3] < 1:
            continue
        if not _applies_to_text(doc, page, rule.selector):
            continue
        size, bold = _font_shorthand(rule.declarations.get("font", ("", False))[0])
        size = _font_size_px(rule.declarations.get("font-size", ("", False))[0]) or size
        bold = _bold(rule.declarations.get("font-weight", ("", False))[0]) or bold
        pairs.append(
            Pair(
                rule.selector,
                rule.declarations["color"][0],
                background_text,
                ratio(foreground, background),
                required_ratio(size, bold),
                rule.source,
            )
        )
    if styles.complete and _text_on_page_background(doc, page):
        base = _body_pair(doc, page, root)
        if base is not None:
            pairs.append(base)
    unique: dict[tuple[str, str, str], Pair] = {}
    for pair in pairs:
        unique.setdefault((pair.selector, pair.foreground, pair.background), pair)
    return list(unique.values())


_NO_BACKGROUND = ("none", "transparent", "initial", "inherit", "unset", "revert")


def _own_backgrounds(doc: Doc, page: Page) -> set[int]:
    """The lexbor ids of elements some rule (or inline style) gives a background of their
    own (whether or not it wins the cascade: such an element may cover the page's)."""
    found: set[int] = set()
    for rule in doc.styles.rules:
        if not rule.applies:
            continue
        for prop in ("background-color", "background", "background-image"):
            if prop in rule.declarations:
                value = rule.declarations[prop][0].strip().lower()
                if value and value not in _NO_BACKGROUND and not value.startswith("rgba(0,0,0,0"):
                    found |= _matched_ids(page, rule.selector)
                    break
    for el in doc.elements:
        style = el.attrs.get("style", "")
        if "background" in style.lower():
            declared = a11y_css.parse_declarations(style)
            for prop in ("background-color", "background", "background-image"):
                value = declared.get(prop, ("", False))[0].strip().lower()
                if value and value not in _NO_BACKGROUND:
                    found.add(el.lex_id)
    return found


def _text_on_page_background(doc: Doc, page: Page) -> bool:
    """Some visible text sits on the page's own background: no element between it and
    <body> is given a background of its own."""
    if doc.body is None:
        return False
    covered = _own_backgrounds(doc, page)
    for el in doc.body.descendants():
        if not any(isinstance(child, str) and child.strip() for child in el.children):
            continue
        if is_hidden_for_everyone(doc, el):
            continue
        node: El | None = el
        while node is not None and node is not doc.body and node.lex_id not in covered:
            node = node.parent
        if node is doc.body:
            return True
    return any(isinstance(c, str) and c.strip() for c in doc.body.children)


Winner = tuple[tuple[int, ...], str, a11y_css.StyleRule]


def _matched_ids(page: Page, selector: str) -> set[int]:
    """The lexbor ids of the elements a selector matches (none if lexbor cannot read it)."""
    cache: dict[str, set[int]] = vars(page).setdefault("_a11y_selector_matches", {})
    if selector not in cache:
        try:
            cache[selector] = {node.mem_id for node in page.tree.css(selector)}
        except (SelectolaxError, ValueError):  # a selector lexbor cannot read matches nothing
            cache[selector] = set()
    return cache[selector]


def _winning(doc: Doc, page: Page, tag: str, prop: str) -> Winner | None:
    """The winning declaration of ``prop`` among the rules matching the html or body
    element, for the emulated viewport: (cascade key, value, rule)."""
    node = page.tree.body if tag == "body" else page.tree.root
    if node is None:
        return None
    best: Winner | None = None
    for rule in doc.styles.rules:
        if not rule.applies or prop not in rule.declarations:
            continue
        if node.mem_id not in _matched_ids(page, rule.selector):
            continue
        value, important = rule.declarations[prop]
        key = (int(important), *rule.specificity, rule.order)
        if best is None or key >= best[0]:
            best = (key, value, rule)
    return best


def _body_pair(doc: Doc, page: Page, root: dict[str, str]) -> Pair | None:
    """The text colour and background of <body>, when the page declares either."""
    colour = _winning(doc, page, "body", "color") or _winning(doc, page, "html", "color")
    background: Winner | None = None
    background_text: str | None = None
    for tag in ("body", "html"):  # an html background shows when body has none
        found = [
            (winner, prop)
            for prop in ("background-color", "background")
            if (winner := _winning(doc, page, tag, prop)) is not None
        ]
        if found:
            winner, prop = max(found, key=lambda item: item[0][0])
            background, background_text = winner, _background_colour({prop: (winner[1], False)})
            break
    if colour is None and background is None:
        return None
    foreground = _colour_of(colour[1], root) if colour else BLACK
    backdrop: RGBA | None = WHITE  # the canvas
    if background is not None:
        backdrop = _colour_of(background_text, root) if background_text else None
        if backdrop is not None and backdrop[3] < 1:
            backdrop = flatten(backdrop, WHITE)
    if foreground is None or backdrop is None:
        return None
    source = (colour or background)[2].source  # type: ignore[index]
    return Pair(
        "body",
        colour[1] if colour else "black (default)",
        background[1] if background else "white (default canvas)",
        ratio(foreground, backdrop),
        NORMAL_TEXT_MINIMUM,
        source,
    )


@audit(
    "declared-contrast",
    title="Colours declared for text contrast enough with their backgrounds",
    weights={"accessibility": 7},  # stands in for color-contrast's weight
    fix="Darken text (or lighten its background) until the contrast is at least 4.5:1.",
)
def declared_contrast(crawl: Crawl) -> Verdict:
    page = crawl.start
    if page is None:
        return Verdict.not_applicable("The start page could not be read.")
    pairs = declared_pairs(crawl, page)
    if not pairs:
        return Verdict.not_applicable(
            "The page's CSS declares no text colour over a known background."
        )
    failing = [pair for pair in pairs if not pair.passes]
    if not failing:
        worst = min(pair.ratio for pair in pairs)
        return Verdict.passed(
            f"All {len(pairs)} declared colour pairs contrast enough (lowest {worst:.2f}:1).",
            value=round(worst, 2),
        )
    offenders = [
        Offender(
            page.response.path,
            pair.selector,
            f"{pair.selector} {{ color: {pair.foreground}; background: {pair.background} }}"[:200],
            f"{math.floor(pair.ratio * 100) / 100:.2f}:1, needs more than {pair.required:g}:1"
            + (f" ({pair.source})" if pair.source != "inline <style>" else ""),
        )
        for pair in failing
    ]
    return Verdict.failed(
        offenders,
        f"{len(failing)} of {len(pairs)} declared colour pairs are too faint to read easily.",
        value=round(min(pair.ratio for pair in failing), 2),
    )


@audit(
    "color-contrast",
    title="Background and foreground colors have a sufficient contrast ratio",
    weights={"accessibility": 7},
    fix="Darken text (or lighten its background) until the contrast is at least 4.5:1.",
    lighthouse=True,
    axe=True,
)
def color_contrast(crawl: Crawl) -> Verdict:
    page = crawl.start
    if page is None:
        return Verdict.not_applicable("The start page could not be read.")
    doc = build_doc(crawl, page)
    body = doc.body
    if body is None or not text_content(body).strip():
        return Verdict.not_applicable("The start page has no text.")
    return Verdict.needs_layout(
        "The colours behind each text are only known once the page is rendered; "
        "see declared-contrast for the colour pairs the CSS declares."
    )
