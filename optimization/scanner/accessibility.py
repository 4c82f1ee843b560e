"""Accessibility audits: the axe-core rules Lighthouse runs that need no layout engine.

Each audit is registered under axe-core's rule id and reaches axe-core 4.14's verdict
(the version Lighthouse 12.2.3 runs) on the start page, the page Lighthouse and axe
judge: the same elements are checked (axe's selector, its ``matches`` filter, hidden
elements left out), with the same checks, ported in :mod:`a11y_tree`. An audit is
not applicable when the page has nothing it checks, as Lighthouse reports it.

Weights are Lighthouse 12.2.3's for the accessibility category (core/config/
default-config.js). Lighthouse scores some audits as "informative" (bypass,
duplicate-id-aria, form-field-multiple-labels, landmark-one-main, th-has-data-cells,
video-caption, empty-heading): it lists their failures but counts them with weight 0,
so they are registered with weight 0 here; for them an element axe asks a person to
review counts as failing, as in Lighthouse's table, and with nothing to list they are
not applicable, as Lighthouse reports them. Rules Lighthouse does not run
(svg-img-alt, role-img-alt, nested-interactive are disabled in its axe configuration;
page-has-heading-one is an axe best practice outside the WCAG tags it runs) are scored
with weight 0 too, so the category score stays Lighthouse's weighted mean.

Audits that need rendered boxes (color-contrast, link-in-text-block, target-size,
skip-link) say so (``Verdict.needs_layout``) instead of guessing; ``declared-contrast`` in
contrast.py checks the colour pairs the CSS declares. Not registered: the weight-0
Lighthouse audits th-has-data-cells, td-has-header, table-fake-caption (axe decides what
a data table is from its rendered look), label-content-name-mismatch and
identical-links-same-purpose.

What the scan sees is the page's HTML as served, with its same-host stylesheets; Lighthouse
audits the page after its scripts ran, so content scripts add or change can differ.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Final

from optimization.scanner import contrast  # noqa: F401  (registers its audits)
from optimization.scanner._langs import LANGUAGE_CODES
from optimization.scanner.a11y_standards import (
    ALLOWED_ARIA_ATTRS,
    ANY_ROLE_ALLOWED,
    ATTRS,
    GLOBAL_ATTRS,
    HTML_ELEMENTS,
    NAMING_PROHIBITED,
    ROLES,
    SOME_ROLES_ALLOWED,
    Role,
    words,
)
from optimization.scanner.a11y_tree import (
    Doc,
    El,
    accessible_name,
    accessible_text,
    aria_value,
    build_doc,
    explicit_role,
    has_global_aria,
    implicit_role,
    is_custom_element,
    is_focusable,
    is_hidden_for_everyone,
    is_in_tab_order,
    is_valid_role,
    is_visible_on_screen,
    is_visible_to_screen_readers,
    label_text,
    labelledby_text,
    naming_methods,
    owned_nodes,
    parse_tabindex,
    resolved_refs,
    role_of,
    role_type,
    sanitize,
    subtree_text,
    table_rows,
    text_content,
    token_list,
    visible_text,
)
from optimization.scanner.base import Crawl, Offender, Page, Verdict, audit

Result = tuple[str, str] | None  # None: passes; ("fail" | "review", note)
FAIL, REVIEW = "fail", "review"
A11Y: Final = "accessibility"


# --- the rule runner ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Rule:
    noun: str  # what it checks, plural ("links")
    problem: str  # what failing ones have ("have no name a screen reader can announce")
    informative: bool = False  # Lighthouse lists reviews as failures and scores it 0
    failed: str = ""  # for a check of the page as a whole: the sentence when it fails
    passed: str = ""  # ... and when it passes


def _start(crawl: Crawl) -> tuple[Page, Doc] | None:
    page = crawl.start
    if page is None:
        return None
    return page, build_doc(crawl, page)


def _judge(
    crawl: Crawl,
    rule: _Rule,
    select: Callable[[Doc], Iterable[El]],
    check: Callable[[Doc, El], Result],
    *,
    exclude_hidden: bool = True,
    results: Callable[[Doc, list[El]], list[tuple[El, Result]]] | None = None,
) -> Verdict:
    started = _start(crawl)
    if started is None:
        return Verdict.not_applicable("The start page could not be read.")
    page, doc = started
    nodes = [
        el for el in select(doc) if not exclude_hidden or is_visible_to_screen_readers(doc, el)
    ]
    if not nodes:
        return Verdict.not_applicable(f"The start page has no {rule.noun} to check.")
    outcomes = results(doc, nodes) if results else [(el, _checked(check, doc, el)) for el in nodes]
    failing = [
        (el, result)
        for el, result in outcomes
        if result is not None and (result[0] == FAIL or (rule.informative and result[0] == REVIEW))
    ]
    reviews = sum(1 for _, result in outcomes if result is not None and result[0] == REVIEW)
    if not failing:
        if rule.informative:  # Lighthouse reports an informative audit with nothing to list so
            if rule.passed:
                return Verdict.not_applicable(
                    f"Nothing to report: {rule.passed[0].lower()}{rule.passed[1:]}"
                )
            return Verdict.not_applicable(
                f"Nothing to report: the {len(outcomes)} {rule.noun} on the start page are fine."
            )
        if rule.passed:
            return Verdict.passed(rule.passed)
        note = f" ({reviews} to check by hand)" if reviews else ""
        if len(outcomes) == 1:
            return Verdict.passed(f"The one {_singular(rule.noun)} on the start page passes{note}.")
        return Verdict.passed(f"The {len(outcomes)} {rule.noun} on the start page pass{note}.")
    offenders = [
        Offender(page.response.path, _selector(doc, el), _snippet(el), result[1])
        for el, result in failing
    ]
    count = len(failing)
    if rule.failed:
        return Verdict.failed(offenders, rule.failed)
    if len(outcomes) == 1:
        sentence = (
            f"The one {_singular(rule.noun)} on the start page {_third_person(rule.problem)}."
        )
    else:
        problem = _third_person(rule.problem) if count == 1 else rule.problem
        sentence = f"{count} of the {len(outcomes)} {rule.noun} on the start page {problem}."
    return Verdict.failed(offenders, sentence)


_SINGULAR = {
    "ARIA buttons, links and menu items": "ARIA button, link or menu item",
    "definition terms and descriptions": "definition term or description",
    "progress bars": "progress bar",
    "access keys": "access key",
}


def _singular(noun: str) -> str:
    """The noun phrase for one thing ("links" -> "link", "form fields" -> "form field")."""
    if noun in _SINGULAR:
        return _SINGULAR[noun]
    words_ = noun.split(" ")
    for i, word in enumerate(words_):
        if word.endswith("s") and not word.isupper():
            words_[i] = word[:-1]
            break
    return " ".join(words_)


def _third_person(problem: str) -> str:
    """The predicate for one thing ("have no name" -> "has no name")."""
    verb, _, rest = problem.partition(" ")
    verb = {"have": "has", "are": "is"}.get(verb) or (
        verb[:-1] + "ies" if verb.endswith("y") else verb + "s"
    )
    return f"{verb} {rest}".strip()


def _checked(check: Callable[[Doc, El], Result], doc: Doc, el: El) -> Result:
    try:
        return check(doc, el)
    except RecursionError:  # markup nested thousands deep: left to a person
        return REVIEW, "The markup is nested too deeply to judge."


def _root(doc: Doc) -> list[El]:
    return [doc.root] if doc.root.tag == "html" else []


def _tags(*tags: str) -> Callable[[Doc], list[El]]:
    wanted = set(tags)
    return lambda doc: [el for el in doc.elements if el.tag in wanted]


def _roles(*roles: str) -> Callable[[Doc], list[El]]:
    """Elements whose role attribute is exactly one of these (axe's [role="x"])."""
    wanted = set(roles)
    return lambda doc: [el for el in doc.elements if el.attrs.get("role") in wanted]


# --- selectors and snippets for offenders -------------------------------------------------

_IDENT = re.compile(r"^-?[A-Za-z_][A-Za-z0-9_-]*$")


def _selector(doc: Doc, el: El) -> str:
    """A CSS selector that finds the element: from the nearest ancestor with a unique id
    (or from body), one ``tag:nth-of-type(n)`` step per level."""
    steps: list[str] = []
    node: El | None = el
    while node is not None:
        node_id = node.attrs.get("id", "")
        if node_id and _IDENT.match(node_id) and len(doc.ids.get(node_id, [])) == 1:
            steps.append(f"#{node_id}")
            break
        if node.tag in ("html", "body") or node.parent is None:
            steps.append(node.tag)
            break
        same = [sibling for sibling in node.parent.elements() if sibling.tag == node.tag]
        step = node.tag if len(same) == 1 else f"{node.tag}:nth-of-type({same.index(node) + 1})"
        steps.append(step)
        node = node.parent
    return " > ".join(reversed(steps))


def _snippet(el: El, limit: int = 200) -> str:
    """The element's opening tag, at most ``limit`` characters."""
    parts = [el.tag]
    for name, value in el.attrs.items():
        escaped = value.replace("&", "&amp;").replace('"', "&quot;")
        parts.append(f'{name}="{escaped}"' if value else name)
    text = f"<{' '.join(parts)}>"
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


# --- checks shared by several rules (axe's check ids) -------------------------------------


def _aria_label(doc: Doc, el: El) -> bool:
    return bool(sanitize(aria_value(el, "aria-label")))


def _aria_labelledby(doc: Doc, el: El) -> bool:
    return bool(sanitize(labelledby_text(doc, el, {})))


def _non_empty(el: El, name: str) -> bool:
    return name in el.attrs and bool(sanitize(el.attrs[name]))


def _non_empty_title(doc: Doc, el: El) -> bool:
    return _non_empty(el, "title")


def _has_visible_text(doc: Doc, el: El) -> bool:
    return bool(sanitize(subtree_text(doc, el, {})))


def _implicit_label(doc: Doc, el: El) -> bool:
    label = el.closest("label")
    if label is None:
        return False
    context = {"inControlContext": True, "startNode": el}
    return bool(sanitize(accessible_text(doc, label, context)))


def _explicit_label(doc: Doc, el: El) -> bool:
    element_id = el.attrs.get("id")
    if not element_id:
        return False
    for label in doc.labels_for.get(element_id, []):
        if not is_visible_on_screen(doc, label):
            return True
        context = {"inControlContext": True, "startNode": el}
        if sanitize(accessible_text(doc, label, context)):
            return True
    return False


def _presentational(doc: Doc, el: El) -> bool:
    explicit = explicit_role(el)
    if (
        explicit in ("presentation", "none")
        and el.tag in ("iframe", "frame")
        and "title" in el.attrs
    ):
        return False
    return role_of(doc, el) in ("presentation", "none")


def _hidden_explicit_label(doc: Doc, el: El) -> bool:
    """A ``label[for]`` the control has is hidden from screen readers, and the control
    has no name otherwise."""
    if "id" not in el.attrs:
        return False
    labels = doc.labels_for.get(el.attrs["id"], [])
    if labels and not is_visible_to_screen_readers(doc, labels[0]):
        return accessible_name(doc, el) == ""
    return False


def _no_explicit_name_required(doc: Doc, el: El) -> bool:
    """axe's ``no-explicit-name-required-matches``."""
    role = explicit_role(el)
    if not role or role in ("none", "presentation"):
        return True
    spec = ROLES.get(role)
    return bool(spec and spec.name_required) or is_focusable(doc, el)


def _no_naming_method(doc: Doc, el: El) -> bool:
    """axe's ``no-naming-method-matches``: elements with no native text alternative."""
    if naming_methods(el):
        return False
    if explicit_role(el) == "combobox" and any(
        d.tag == "input" and (d.attrs.get("type") or "").lower() != "hidden"
        for d in el.descendants()
    ):
        return False
    return not _is_combobox_popup(doc, el)


def _is_combobox_popup(doc: Doc, el: El) -> bool:
    if role_of(doc, el) != "listbox":
        return False
    parent = next(
        (a for a in el.ancestors() if role_of(doc, a, no_presentational=True) is not None), None
    )
    if parent is not None and role_of(doc, parent) == "combobox":
        return True
    element_id = el.attrs.get("id")
    if not element_id:
        return False
    for other in doc.elements:
        if role_of(doc, other) != "combobox":
            continue
        refs = token_list(other.attrs.get("aria-controls")) + token_list(
            other.attrs.get("aria-owns")
        )
        if element_id in refs:
            return True
    return False


def _any(doc: Doc, el: El, *checks: Callable[[Doc, El], bool]) -> bool:
    return any(check(doc, el) for check in checks)


_NAMED = (_aria_label, _aria_labelledby, _non_empty_title)


# --- language -----------------------------------------------------------------------------


def _base_lang(value: str | None) -> str:
    return (value or "").strip().split("-")[0].lower()


def _invalid_langs(el: El) -> list[str]:
    invalid = []
    for name in ("lang", "xml:lang"):
        value = el.attrs.get(name)
        if value is None:
            continue
        base = _base_lang(value)
        if (base and base not in LANGUAGE_CODES) or (value != "" and not sanitize(value)):
            invalid.append(f'{name}="{value}"')
    return invalid


_HIDDEN_TEXT = frozenset(
    words("head title template script style iframe object video audio noscript")
)
_VISUAL_ROLES = frozenset(
    words("checkbox img meter progressbar scrollbar radio slider spinbutton textbox")
)
_VISUAL_TAGS = frozenset(
    words(
        "img iframe object video audio canvas svg math button select textarea keygen progress meter"
    )
)


def _is_visual_content(el: El) -> bool:
    role = explicit_role(el)
    if role:
        return role in _VISUAL_ROLES
    if el.tag == "input":
        return el.input_type != "hidden"
    return el.tag in _VISUAL_TAGS


def _has_lang_text(doc: Doc, el: El) -> bool:
    if el.tag not in _HIDDEN_TEXT and any(isinstance(c, str) and c.strip() for c in el.children):
        return True
    if _is_visual_content(el):
        return bool(accessible_name(doc, el))
    return any(
        not child.attrs.get("lang")
        and _has_lang_text(doc, child)
        and not is_hidden_for_everyone(doc, child)
        for child in el.elements()
    )


@audit(
    "html-has-lang",
    title="<html> element has a [lang] attribute",
    weights={A11Y: 7},
    fix='Say the page\'s language on the <html> element, for example <html lang="en">.',
    lighthouse=True,
    axe=True,
)
def html_has_lang(crawl: Crawl) -> Verdict:
    def check(doc: Doc, el: El) -> Result:
        lang = (el.attrs.get("lang") or "").strip()
        xml_lang = (el.attrs.get("xml:lang") or "").strip()
        if xml_lang and not lang and not doc.xhtml:
            return FAIL, "Only xml:lang is set; an HTML page needs lang."
        if not lang and not xml_lang:
            return FAIL, "The <html> element has no lang attribute."
        return None

    return _judge(
        crawl,
        _Rule(
            "<html> elements",
            "",
            failed="The page does not say which language it is written in.",
            passed="The page says which language it is written in.",
        ),
        _root,
        check,
    )


@audit(
    "html-lang-valid",
    title="<html> element has a valid value for its [lang] attribute",
    weights={A11Y: 7},
    fix='Use a real language code in <html lang>, such as "en", "en-GB" or "nl".',
    lighthouse=True,
    axe=True,
)
def html_lang_valid(crawl: Crawl) -> Verdict:
    def select(doc: Doc) -> list[El]:
        root = doc.root
        has = any(root.attrs.get(name) not in (None, "") for name in ("lang", "xml:lang"))
        return [root] if root.tag == "html" and has else []

    def check(doc: Doc, el: El) -> Result:
        invalid = _invalid_langs(el)
        return (FAIL, f"Not a language code: {', '.join(invalid)}.") if invalid else None

    return _judge(
        crawl,
        _Rule(
            "<html> lang attributes",
            "",
            failed="The page's language code is not a real language code.",
            passed="The page's language code is valid.",
        ),
        select,
        check,
    )


@audit(
    "valid-lang",
    title="[lang] attributes have a valid value",
    weights={A11Y: 7},
    fix='Give every lang attribute a real language code ("fr", "de-CH"), or remove it.',
    lighthouse=True,
    axe=True,
)
def valid_lang(crawl: Crawl) -> Verdict:
    def select(doc: Doc) -> list[El]:
        return [
            el
            for el in doc.elements
            if el.tag != "html" and ("lang" in el.attrs or "xml:lang" in el.attrs)
        ]

    def check(doc: Doc, el: El) -> Result:
        invalid = _invalid_langs(el)
        if not invalid or not _has_lang_text(doc, el):
            return None
        return FAIL, f"Not a language code: {', '.join(invalid)}."

    return _judge(crawl, _Rule("lang attributes", "hold invalid language codes"), select, check)


@audit(
    "html-xml-lang-mismatch",
    title="<html> element has an [xml:lang] attribute with the same base language as the "
    "[lang] attribute",
    weights={A11Y: 3},
    fix="Make <html xml:lang> name the same language as <html lang>, or remove xml:lang.",
    lighthouse=True,
    axe=True,
)
def html_xml_lang_mismatch(crawl: Crawl) -> Verdict:
    def select(doc: Doc) -> list[El]:
        root = doc.root
        if root.tag != "html" or "lang" not in root.attrs or "xml:lang" not in root.attrs:
            return []
        bases = (_base_lang(root.attrs["lang"]), _base_lang(root.attrs["xml:lang"]))
        return [root] if all(base in LANGUAGE_CODES for base in bases) else []

    def check(doc: Doc, el: El) -> Result:
        if _base_lang(el.attrs["lang"]) == _base_lang(el.attrs["xml:lang"]):
            return None
        return FAIL, "lang and xml:lang name different languages."

    return _judge(
        crawl,
        _Rule(
            "<html> language pairs",
            "",
            failed="The page's lang and xml:lang name different languages.",
            passed="The page's lang and xml:lang name the same language.",
        ),
        select,
        check,
    )


# --- text alternatives --------------------------------------------------------------------


@audit(
    "input-image-alt",
    title='<input type="image"> elements have [alt] text',
    weights={A11Y: 10},
    fix='Give each image button alt text that says what it does, e.g. alt="Search".',
    lighthouse=True,
    axe=True,
)
def input_image_alt(crawl: Crawl) -> Verdict:
    def select(doc: Doc) -> list[El]:
        return [
            el
            for el in doc.elements
            if el.tag == "input"
            and el.attrs.get("type") == "image"  # axe's selectors compare values exactly
            and _no_explicit_name_required(doc, el)
        ]

    def check(doc: Doc, el: El) -> Result:
        if _non_empty(el, "alt") or _any(doc, el, *_NAMED, _implicit_label, _explicit_label):
            return None
        return FAIL, "The image button has no alt text."

    return _judge(crawl, _Rule("image buttons", "have no alt text"), select, check)


def _svg_title(el: El) -> bool:
    title = next((c for c in el.elements() if c.tag == "title"), None)
    return title is not None and bool(text_content(title).strip())


@audit(
    "svg-img-alt",
    title="<svg> elements with an img role have an alternative text",
    weights={A11Y: 0},
    fix="Give each meaningful SVG a <title> child or an aria-label; mark decorative ones "
    'aria-hidden="true".',
    axe=True,
)
def svg_img_alt(crawl: Crawl) -> Verdict:
    def select(doc: Doc) -> list[El]:
        out = []
        for el in doc.elements:
            if not el.svg:
                continue
            role = el.attrs.get("role")
            if role in ("img", "image", "graphics-symbol") or (
                el.tag == "svg" and role == "graphics-document"
            ):
                out.append(el)
        return out

    def check(doc: Doc, el: El) -> Result:
        if _svg_title(el) or _any(doc, el, *_NAMED):
            return None
        return FAIL, "The SVG image has no <title> or label."

    return _judge(crawl, _Rule("SVG images", "have no text alternative"), select, check)


@audit(
    "role-img-alt",
    title='[role="img"] elements have alternative text',
    weights={A11Y: 0},
    fix='Give each element with role="img" an aria-label saying what the picture shows.',
    axe=True,
)
def role_img_alt(crawl: Crawl) -> Verdict:
    def select(doc: Doc) -> list[El]:
        return [
            el
            for el in doc.elements
            if el.attrs.get("role") in ("img", "image")
            and el.tag not in ("img", "area", "input", "object")
            and not el.svg
        ]

    def check(doc: Doc, el: El) -> Result:
        return None if _any(doc, el, *_NAMED) else (FAIL, "The image has no label.")

    return _judge(crawl, _Rule('role="img" elements', "have no text alternative"), select, check)


@audit(
    "object-alt",
    title="<object> elements have alternate text",
    weights={A11Y: 7},
    fix="Give each <object> an aria-label or title saying what it shows.",
    lighthouse=True,
    axe=True,
)
def object_alt(crawl: Crawl) -> Verdict:
    # axe also skips objects that failed to load (their fallback content is rendered);
    # a scan cannot tell, so every object with data is taken as loaded.
    def select(doc: Doc) -> list[El]:
        return [
            el
            for el in doc.elements
            if el.tag == "object" and "data" in el.attrs and _no_explicit_name_required(doc, el)
        ]

    def check(doc: Doc, el: El) -> Result:
        if _any(doc, el, *_NAMED, _presentational):
            return None
        return FAIL, "The embedded object has no label."

    return _judge(crawl, _Rule("<object> elements", "have no text alternative"), select, check)


@audit(
    "image-redundant-alt",
    title="Image elements do not have [alt] attributes that are redundant text.",
    weights={A11Y: 1},
    fix='Don\'t repeat the text next to an image in its alt; describe the picture or use alt="".',
    lighthouse=True,
    axe=True,
)
def image_redundant_alt(crawl: Crawl) -> Verdict:
    parents = ("button", "a", "p", "li", "td", "th")

    def container(doc: Doc, el: El) -> El | None:
        for node in [el, *el.ancestors()]:
            if node.tag in parents and (node.tag != "a" or "href" in node.attrs):
                return node
            if node.attrs.get("role") == "button":
                return node
        return None

    def check(doc: Doc, el: El) -> Result:
        if role_of(doc, el) in ("none", "presentation"):
            return None
        parent = container(doc, el)
        if parent is None:
            return None
        visible = visible_text(doc, parent, screen_reader=True).lower()
        if visible and visible == accessible_name(doc, el).lower():
            return FAIL, "The alt text repeats the text beside the image."
        return None

    return _judge(crawl, _Rule("images", "repeat the text around them"), _tags("img"), check)


# --- names of links, buttons, fields, frames ----------------------------------------------


@audit(
    "link-name",
    title="Links have a discernible name",
    weights={A11Y: 7},
    fix="Put words in every link (or an aria-label on icon links) that say where it goes.",
    lighthouse=True,
    axe=True,
)
def link_name(crawl: Crawl) -> Verdict:
    def select(doc: Doc) -> list[El]:
        return [el for el in doc.elements if el.tag == "a" and "href" in el.attrs]

    def check(doc: Doc, el: El) -> Result:
        named = _any(doc, el, _has_visible_text, *_NAMED)
        unnamed_focusable = is_in_tab_order(doc, el) and not accessible_name(doc, el)
        if named and not unnamed_focusable:
            return None
        return FAIL, "The link has no text a screen reader can announce."

    return _judge(crawl, _Rule("links", "have no name a screen reader can announce"), select, check)


@audit(
    "button-name",
    title="Buttons have an accessible name",
    weights={A11Y: 10},
    fix='Put a word on every button, or an aria-label on icon buttons ("Close", "Menu").',
    lighthouse=True,
    axe=True,
)
def button_name(crawl: Crawl) -> Verdict:
    def select(doc: Doc) -> list[El]:
        return [
            el for el in doc.elements if el.tag == "button" and _no_explicit_name_required(doc, el)
        ]

    def check(doc: Doc, el: El) -> Result:
        checks = (_has_visible_text, *_NAMED, _implicit_label, _explicit_label, _presentational)
        return None if _any(doc, el, *checks) else (FAIL, "The button has no name.")

    return _judge(crawl, _Rule("buttons", "have no name"), select, check)


@audit(
    "input-button-name",
    title="Input buttons have discernible text.",
    weights={A11Y: 10},
    fix='Give each <input type="button"> a value that says what it does.',
    lighthouse=True,
    axe=True,
)
def input_button_name(crawl: Crawl) -> Verdict:
    def select(doc: Doc) -> list[El]:
        return [
            el
            for el in doc.elements
            if el.tag == "input"
            and el.attrs.get("type") in ("button", "submit", "reset")
            and _no_explicit_name_required(doc, el)
        ]

    def check(doc: Doc, el: El) -> Result:
        kind = (el.attrs.get("type") or "").lower()
        if kind in ("submit", "reset") and "value" not in el.attrs:
            return None  # the browser's default label ("Submit", "Reset")
        checks = (*_NAMED, _implicit_label, _explicit_label, _presentational)
        if _non_empty(el, "value") or _any(doc, el, *checks):
            return None
        return FAIL, "The button has no text."

    return _judge(crawl, _Rule("input buttons", "have no text"), select, check)


def _label_matches(el: El) -> bool:
    if el.tag != "input" or "type" not in el.attrs:
        return True
    return el.attrs["type"].lower() not in ("hidden", "image", "button", "submit", "reset")


@audit(
    "label",
    title="Form elements have associated labels",
    weights={A11Y: 7},
    fix="Give every form field a <label> (or an aria-label) that says what to enter.",
    lighthouse=True,
    axe=True,
)
def label(crawl: Crawl) -> Verdict:
    def select(doc: Doc) -> list[El]:
        return [el for el in doc.elements if el.tag in ("input", "textarea") and _label_matches(el)]

    def check(doc: Doc, el: El) -> Result:
        checks = (
            _implicit_label,
            _explicit_label,
            *_NAMED,
            lambda d, e: _non_empty(e, "placeholder"),
            _presentational,
        )
        if not _any(doc, el, *checks):
            return FAIL, "The field has no label."
        if _hidden_explicit_label(doc, el):
            return FAIL, "The field's label is hidden from screen readers."
        return None

    return _judge(crawl, _Rule("form fields", "have no label"), select, check)


@audit(
    "select-name",
    title="Select elements have associated label elements.",
    weights={A11Y: 7},
    fix="Give every drop-down list a <label> that says what to choose.",
    lighthouse=True,
    axe=True,
)
def select_name(crawl: Crawl) -> Verdict:
    def check(doc: Doc, el: El) -> Result:
        checks = (_implicit_label, _explicit_label, *_NAMED, _presentational)
        if not _any(doc, el, *checks):
            return FAIL, "The drop-down list has no label."
        if _hidden_explicit_label(doc, el):
            return FAIL, "The list's label is hidden from screen readers."
        return None

    return _judge(crawl, _Rule("drop-down lists", "have no label"), _tags("select"), check)


@audit(
    "form-field-multiple-labels",
    title="No form fields have multiple labels",
    weights={A11Y: 0},  # Lighthouse: weight 3, scored as informative
    fix="Give each form field one <label>; merge extra labels into it.",
    lighthouse=True,
    axe=True,
)
def form_field_multiple_labels(crawl: Crawl) -> Verdict:
    def select(doc: Doc) -> list[El]:
        return [
            el
            for el in doc.elements
            if el.tag in ("input", "select", "textarea") and _label_matches(el)
        ]

    def check(doc: Doc, el: El) -> Result:
        element_id = el.attrs.get("id")
        labels = [
            lab
            for lab in (doc.labels_for.get(element_id, []) if element_id else [])
            if not is_hidden_for_everyone(doc, lab)
        ]
        labels += [a for a in el.ancestors() if a.tag == "label" and a not in labels]
        if len(labels) <= 1:
            return None
        visible = [lab for lab in labels if is_visible_to_screen_readers(doc, lab)]
        if len(visible) > 1:
            return REVIEW, f"The field has {len(visible)} labels."
        if visible and visible[0] in resolved_refs(doc, el, "aria-labelledby"):
            return None
        return REVIEW, f"The field has {len(labels)} labels."

    return _judge(
        crawl, _Rule("form fields", "have more than one label", informative=True), select, check
    )


@audit(
    "frame-title",
    title="<frame> or <iframe> elements have a title",
    weights={A11Y: 7},
    fix='Give each <iframe> a title saying what it holds, e.g. title="Map of our shop".',
    lighthouse=True,
    axe=True,
)
def frame_title(crawl: Crawl) -> Verdict:
    def select(doc: Doc) -> list[El]:
        out = []
        for el in doc.elements:
            if el.tag in ("frame", "iframe"):
                tabindex = parse_tabindex(el.attrs.get("tabindex"))
                if tabindex is None or tabindex >= 0:
                    out.append(el)
        return out

    def check(doc: Doc, el: El) -> Result:
        if _any(doc, el, _non_empty_title, _aria_label, _aria_labelledby, _presentational):
            return None
        return FAIL, "The frame has no title."

    return _judge(crawl, _Rule("frames", "have no title"), select, check)


def _name_rule(
    crawl: Crawl,
    roles: tuple[str, ...],
    noun: str,
    *,
    visible_text_counts: bool,
    label_check: bool = False,
) -> Verdict:
    def select(doc: Doc) -> list[El]:
        return [el for el in _roles(*roles)(doc) if _no_naming_method(doc, el)]

    def check(doc: Doc, el: El) -> Result:
        checks = (_has_visible_text, *_NAMED) if visible_text_counts else _NAMED
        if not _any(doc, el, *checks):
            return FAIL, "It has no accessible name."
        if label_check:
            return _no_implicit_explicit_label(doc, el)
        return None

    return _judge(crawl, _Rule(noun, "have no accessible name"), select, check)


def _no_implicit_explicit_label(doc: Doc, el: El) -> Result:
    """A <label> names an element whose role does not take a label."""
    label = sanitize(label_text(doc, el, {})).lower()
    name = sanitize(accessible_text(doc, el, {})).lower()
    if not label:
        return None
    if not name or label not in name:
        return REVIEW, "A <label> points at it, but its role does not take a label."
    return None


@audit(
    "aria-command-name",
    title="button, link, and menuitem elements have accessible names",
    weights={A11Y: 7},
    fix="Give elements acting as buttons or links a text or an aria-label.",
    lighthouse=True,
    axe=True,
)
def aria_command_name(crawl: Crawl) -> Verdict:
    return _name_rule(
        crawl,
        ("link", "button", "menuitem"),
        "ARIA buttons, links and menu items",
        visible_text_counts=True,
    )


@audit(
    "aria-input-field-name",
    title="ARIA input fields have accessible names",
    weights={A11Y: 7},
    fix="Give custom input fields an aria-label or aria-labelledby.",
    lighthouse=True,
    axe=True,
)
def aria_input_field_name(crawl: Crawl) -> Verdict:
    roles = ("combobox", "listbox", "searchbox", "slider", "spinbutton", "textbox")
    return _name_rule(
        crawl, roles, "ARIA input fields", visible_text_counts=False, label_check=True
    )


@audit(
    "aria-toggle-field-name",
    title="ARIA toggle fields have accessible names",
    weights={A11Y: 7},
    fix="Give custom checkboxes, switches and radio buttons a text or an aria-label.",
    lighthouse=True,
    axe=True,
)
def aria_toggle_field_name(crawl: Crawl) -> Verdict:
    roles = ("checkbox", "menuitemcheckbox", "menuitemradio", "radio", "switch", "option")
    return _name_rule(
        crawl, roles, "ARIA toggle fields", visible_text_counts=True, label_check=True
    )


@audit(
    "aria-dialog-name",
    title='Elements with role="dialog" or role="alertdialog" have accessible names.',
    weights={A11Y: 7},
    fix="Give each dialog an aria-label or point aria-labelledby at its heading.",
    lighthouse=True,
    axe=True,
)
def aria_dialog_name(crawl: Crawl) -> Verdict:
    return _name_rule(crawl, ("dialog", "alertdialog"), "dialogs", visible_text_counts=False)


@audit(
    "aria-meter-name",
    title="ARIA meter elements have accessible names",
    weights={A11Y: 7},
    fix="Give each meter an aria-label saying what it measures.",
    lighthouse=True,
    axe=True,
)
def aria_meter_name(crawl: Crawl) -> Verdict:
    return _name_rule(crawl, ("meter",), "meters", visible_text_counts=False)


@audit(
    "aria-progressbar-name",
    title="ARIA progressbar elements have accessible names",
    weights={A11Y: 7},
    fix="Give each progress bar an aria-label saying what is progressing.",
    lighthouse=True,
    axe=True,
)
def aria_progressbar_name(crawl: Crawl) -> Verdict:
    return _name_rule(crawl, ("progressbar",), "progress bars", visible_text_counts=False)


@audit(
    "aria-tooltip-name",
    title="ARIA tooltip elements have accessible names",
    weights={A11Y: 7},
    fix="Put the tooltip's text inside it, or give it an aria-label.",
    lighthouse=True,
    axe=True,
)
def aria_tooltip_name(crawl: Crawl) -> Verdict:
    return _name_rule(crawl, ("tooltip",), "tooltips", visible_text_counts=True)


@audit(
    "aria-treeitem-name",
    title="ARIA treeitem elements have accessible names",
    weights={A11Y: 7},
    fix="Give each tree item a text or an aria-label.",
    lighthouse=True,
    axe=True,
)
def aria_treeitem_name(crawl: Crawl) -> Verdict:
    return _name_rule(crawl, ("treeitem",), "tree items", visible_text_counts=True)


# --- ARIA attributes and roles ------------------------------------------------------------


def _aria_attr_names(el: El) -> list[str]:
    if "aria_names" not in el.memo:
        el.memo["aria_names"] = [name for name in el.attrs if name.startswith("aria-")]
    return el.memo["aria_names"]


def _has_aria_attrs(doc: Doc) -> list[El]:
    if "aria" not in doc.memo:
        doc.memo["aria"] = [el for el in doc.elements if _aria_attr_names(el)]
    return list(doc.memo["aria"])


@audit(
    "aria-valid-attr",
    title="[aria-*] attributes are valid and not misspelled",
    weights={A11Y: 10},
    fix="Fix misspelled aria-* attributes (aria-labelledby, not aria-labeledby) or remove them.",
    lighthouse=True,
    axe=True,
)
def aria_valid_attr(crawl: Crawl) -> Verdict:
    def check(doc: Doc, el: El) -> Result:
        invalid = [name for name in _aria_attr_names(el) if name not in ATTRS]
        return (FAIL, f"Not an ARIA attribute: {', '.join(invalid)}.") if invalid else None

    return _judge(
        crawl,
        _Rule("elements with ARIA attributes", "use ARIA attributes that do not exist"),
        _has_aria_attrs,
        check,
    )


_FALLBACK_DEFAULTS = {"aria-current": "true", "aria-required": "true", "aria-readonly": "true"}


def _allowed_attrs(role: str | None) -> set[str]:
    allowed = set(GLOBAL_ATTRS)
    spec = ROLES.get(role or "")
    if spec:
        allowed.update(spec.allowed)
        allowed.update(spec.required)
    return allowed


def _is_html_element(el: El) -> bool:
    return not el.svg and el.tag in HTML_ELEMENTS


def _allowed_attr_result(doc: Doc, el: El) -> Result:
    role = role_of(doc, el)
    allowed = _allowed_attrs(role)
    invalid = []
    for name in _aria_attr_names(el):
        if name not in ATTRS or name in allowed:
            continue
        value = el.attrs[name]
        if name == "aria-required" and value == "false":
            continue
        if name == "aria-multiline" and value == "false" and "contenteditable" in el.attrs:
            continue
        invalid.append(f'{name}="{value}"')
    if invalid:
        if not role and not _is_html_element(el) and not is_focusable(doc, el):
            return REVIEW, f"Not allowed here: {', '.join(invalid)}."
        return FAIL, f"Not allowed {'on this role' if role else 'here'}: {', '.join(invalid)}."
    failures: list[str] = []
    reviews: list[str] = []
    for name in _aria_attr_names(el):
        spec = ATTRS.get(name)
        value = el.attrs[name]
        if spec is None or not spec.case_sensitive or not value or value == value.lower():
            continue
        default = _FALLBACK_DEFAULTS.get(name, spec.default)
        (reviews if value.lower() == default else failures).append(f'{name}="{value}"')
    if failures:
        return FAIL, f"Values are case-sensitive: {', '.join(failures)}."
    if reviews:
        return REVIEW, f"Values are case-sensitive: {', '.join(reviews)}."
    return None


def _allowed_attr_elm_result(doc: Doc, el: El) -> Result:
    if el.tag == "input" and el.input_type == "hidden":
        allowed: tuple[str, ...] | None = ()
    else:
        allowed = ALLOWED_ARIA_ATTRS.get(el.tag)
    if allowed is None or explicit_role(el):
        return None
    invalid = [name for name in el.attrs if name in GLOBAL_ATTRS and name not in allowed]
    if invalid:
        return FAIL, f"<{el.tag}> takes no {', '.join(invalid)}."
    return None


def _worst(*results: Result) -> Result:
    fails = [r for r in results if r is not None and r[0] == FAIL]
    if fails:
        return fails[0]
    return next((r for r in results if r is not None), None)


@audit(
    "aria-allowed-attr",
    title="[aria-*] attributes match their roles",
    weights={A11Y: 10},
    fix="Remove aria-* attributes that the element's role does not support.",
    lighthouse=True,
    axe=True,
)
def aria_allowed_attr(crawl: Crawl) -> Verdict:
    def check(doc: Doc, el: El) -> Result:
        deprecated = [
            name
            for name in _aria_attr_names(el)
            if ATTRS.get(name, None) and ATTRS[name].deprecated
        ]
        review = (REVIEW, f"Deprecated: {', '.join(deprecated)}.") if deprecated else None
        return _worst(_allowed_attr_result(doc, el), _allowed_attr_elm_result(doc, el), review)

    return _judge(
        crawl,
        _Rule("elements with ARIA attributes", "use ARIA attributes their role does not allow"),
        _has_aria_attrs,
        check,
    )


_IMPLICIT_ATTRS: dict[str, tuple[str, ...]] = {
    "datalist": ("aria-multiselectable",),
    **{f"h{level}": ("aria-level",) for level in range(1, 7)},
    "li": ("aria-setsize", "aria-posinset"),
    "option": ("aria-selected",),
    "progress": ("aria-valuemax", "aria-valuemin", "aria-valuenow"),
    "select": ("aria-valuenow",),
    "textarea": ("aria-valuenow", "aria-multiline"),
}


def _implicit_attrs(el: El) -> tuple[str, ...]:
    if el.tag == "input":
        kind = el.input_type
        return ("aria-checked",) if kind in ("checkbox", "radio") else ("aria-valuenow",)
    return _IMPLICIT_ATTRS.get(el.tag, ())


@audit(
    "aria-required-attr",
    title="[role]s have all required [aria-*] attributes",
    weights={A11Y: 10},
    fix="Add the attributes a role needs (a checkbox needs aria-checked, a slider aria-valuenow).",
    lighthouse=True,
    axe=True,
)
def aria_required_attr(crawl: Crawl) -> Verdict:
    def select(doc: Doc) -> list[El]:
        return [el for el in doc.elements if "role" in el.attrs]

    def check(doc: Doc, el: El) -> Result:
        role = explicit_role(el)
        spec = ROLES.get(role or "")
        if not role or spec is None or not spec.required:
            return None
        if role == "separator" and not is_focusable(doc, el):
            return None
        if role == "combobox" and aria_value(el, "aria-expanded") == "false":
            return None
        if role == "slider" and aria_value(el, "aria-valuetext"):
            return None
        implicit = _implicit_attrs(el)
        missing = [a for a in spec.required if not aria_value(el, a) and a not in implicit]
        return (FAIL, f"Role {role} needs {', '.join(missing)}.") if missing else None

    return _judge(
        crawl, _Rule("elements with a role", "lack attributes their role requires"), select, check
    )


@audit(
    "aria-roles",
    title="[role] values are valid",
    weights={A11Y: 7},
    fix="Use only real ARIA roles (button, navigation, dialog, ...) in role attributes.",
    lighthouse=True,
    axe=True,
)
def aria_roles(crawl: Crawl) -> Verdict:
    def select(doc: Doc) -> list[El]:
        return [el for el in doc.elements if (el.attrs.get("role") or "").strip()]

    def check(doc: Doc, el: El) -> Result:
        tokens = token_list(el.attrs.get("role"))
        if all(not is_valid_role(t.lower(), allow_abstract=True) for t in tokens):
            return FAIL, f'Not an ARIA role: role="{el.attrs["role"]}".'
        abstract = [t for t in tokens if role_type(t) == "abstract"]
        if abstract:
            return FAIL, f"Abstract roles cannot be used: {', '.join(abstract)}."
        return None

    return _judge(crawl, _Rule("role attributes", "name no valid role"), select, check)


_DPUB_ON_LINKS = frozenset(
    words(
        "doc-backlink doc-biblioentry doc-biblioref doc-cover doc-endnote doc-glossref doc-noteref"
    )
)
_NO_ROLE_INPUTS = frozenset(
    words("color date datetime-local file month number password range reset submit time week")
)


def _allowed_roles(doc: Doc, el: El) -> bool | tuple[str, ...]:
    """The roles the element may be given: any (True), none (False), or these."""
    tag = el.tag
    if tag == "a":
        return SOME_ROLES_ALLOWED["a[href]"] if "href" in el.attrs else True
    if tag == "area":
        return False if "href" in el.attrs else ("button", "link")
    if tag == "figure":
        return ("doc-example",) if any(c.tag == "figcaption" for c in el.elements()) else True
    if tag == "img":
        named = bool(el.attrs.get("alt")) or bool(accessible_name(doc, el))
        return SOME_ROLES_ALLOWED["img[alt]"] if named else ("presentation", "none")
    if tag == "input":
        return _input_allowed_roles(el)
    if tag == "select":
        single = "multiple" not in el.attrs and el.attrs.get("size") in (None, "1")
        return ("menu",) if single else False
    if tag == "summary":
        parent = el.parent
        first = (
            parent is not None
            and parent.tag == "details"
            and next((c for c in parent.elements() if c.tag == "summary"), None) is el
        )
        return not first
    if tag in ANY_ROLE_ALLOWED:
        return True
    return SOME_ROLES_ALLOWED.get(tag, False)


def _input_allowed_roles(el: El) -> bool | tuple[str, ...]:
    kind = el.input_type
    if kind == "button":
        return SOME_ROLES_ALLOWED["input[type=button]"]
    if kind == "checkbox":
        key = "input[type=checkbox][aria-pressed]" if "aria-pressed" in el.attrs else ""
        return SOME_ROLES_ALLOWED[key or "input[type=checkbox]"]
    if kind in _NO_ROLE_INPUTS or kind == "hidden":
        return False
    if kind == "image":
        return SOME_ROLES_ALLOWED["input[type=image]"]
    if kind == "radio":
        return ("menuitemradio",)
    if kind == "text" and "list" in el.attrs:
        return False
    return ("combobox", "searchbox", "spinbutton")


@audit(
    "aria-allowed-role",
    title="Uses ARIA roles only on compatible elements",
    weights={A11Y: 1},
    fix="Remove roles an element cannot take (a <button> cannot be a heading); use a fitting "
    "element instead.",
    lighthouse=True,
    axe=True,
)
def aria_allowed_role(crawl: Crawl) -> Verdict:
    landmarks = {"header": "banner", "footer": "contentinfo"}

    def select(doc: Doc) -> list[El]:
        return [
            el
            for el in doc.elements
            if "role" in el.attrs and explicit_role(el, dpub=True, fallback=True) is not None
        ]

    def check(doc: Doc, el: El) -> Result:
        if not _is_html_element(el):
            return None
        implicit = implicit_role(doc, el)
        implicit_or_landmark = implicit or landmarks.get(el.tag)
        allowed = _allowed_roles(doc, el)
        unallowed = []
        for role in token_list(el.attrs["role"].lower()):
            if not is_valid_role(role) or role == implicit_or_landmark:
                continue
            if role in _DPUB_ON_LINKS and role_type(role) != implicit_or_landmark:
                unallowed.append(role)
            elif isinstance(allowed, tuple):
                if role not in allowed:
                    unallowed.append(role)
            elif role == implicit or not allowed:
                unallowed.append(role)
        if not unallowed:
            return None
        note = f"<{el.tag}> cannot take role {', '.join(unallowed)}."
        return (FAIL if is_visible_to_screen_readers(doc, el) else REVIEW), note

    rule = _Rule("elements with a role", "carry roles their element cannot take")
    return _judge(crawl, rule, select, check, exclude_hidden=False)


@audit(
    "aria-deprecated-role",
    title="Deprecated ARIA roles were not used",
    weights={A11Y: 1},
    fix="Replace deprecated roles (directory, doc-biblioentry, doc-endnote) with current ones.",
    lighthouse=True,
    axe=True,
)
def aria_deprecated_role(crawl: Crawl) -> Verdict:
    def select(doc: Doc) -> list[El]:
        return [el for el in doc.elements if (el.attrs.get("role") or "").strip()]

    def check(doc: Doc, el: El) -> Result:
        role = role_of(doc, el, dpub=True, fallback=True)
        spec = ROLES.get(role or "")
        return (FAIL, f"Role {role} is deprecated.") if spec and spec.deprecated else None

    return _judge(crawl, _Rule("role attributes", "use deprecated roles"), select, check)


_CHROMIUM_ROLES = frozenset(words("audio canvas dl embed iframe label meter object svg video"))


def _closest_role_type(doc: Doc, el: El | None) -> str | None:
    while el is not None:
        role = role_of(doc, el, no_presentational=True)
        if role:
            return role_type(role)
        if el.tag in _CHROMIUM_ROLES:
            return None  # Chromium gives it a role of its own, which is no widget
        el = el.parent
    return None


def _prohibited_attrs(doc: Doc, el: El) -> tuple[str, ...]:
    role = explicit_role(el, fallback=True)
    if role:
        return ROLES[role].prohibited
    if _closest_role_type(doc, el) == "widget" or is_custom_element(el.tag):
        return ()
    prohibited = (
        el.tag not in HTML_ELEMENTS
        or el.tag in NAMING_PROHIBITED
        or (el.tag in ("a", "area") and "href" not in el.attrs)
    )
    return ("aria-label", "aria-labelledby") if prohibited else ()


@audit(
    "aria-prohibited-attr",
    title="Elements use only permitted ARIA attributes",
    weights={A11Y: 7},
    fix="Remove aria-label from elements that cannot be named (a plain <div> or <span>), or "
    "give them a role.",
    lighthouse=True,
    axe=True,
)
def aria_prohibited_attr(crawl: Crawl) -> Verdict:
    def check(doc: Doc, el: El) -> Result:
        present = [
            name
            for name in _prohibited_attrs(doc, el)
            if name in el.attrs and sanitize(el.attrs[name]) != ""
        ]
        if not present:
            return None
        note = f"Not allowed here: {', '.join(present)}."
        if "aria-labelledby" in present and not set(present) - {"aria-label", "aria-labelledby"}:
            refs = [r for r in resolved_refs(doc, el, "aria-labelledby") if r is not None]
            if not refs:
                if "aria-label" not in present:
                    return REVIEW, note
            elif all(is_visible_to_screen_readers(doc, r) for r in refs) and not (
                "aria-label" in present and not sanitize(labelledby_text(doc, el, {}))
            ):
                return REVIEW, note
        if sanitize(subtree_text(doc, el, {"subtreeDescendant": True})):
            return REVIEW, note
        return FAIL, note

    return _judge(
        crawl,
        _Rule("elements with ARIA attributes", "use prohibited ARIA attributes"),
        _has_aria_attrs,
        check,
    )


def _valid_attr_value(doc: Doc, el: El, name: str) -> bool:
    spec = ATTRS[name]
    value = el.attrs[name]
    if spec.allow_empty and not value.strip():
        return True
    kind = spec.type
    if kind == "boolean":
        return value.lower() in ("true", "false")
    if kind == "nmtoken":
        return value.lower() in spec.values
    if kind == "nmtokens":
        return all(token in spec.values for token in token_list(value))
    if kind == "idref":
        return bool(value) and value in doc.by_id
    if kind == "idrefs":
        return any(ref is not None for ref in resolved_refs(doc, el, name))
    if kind == "string":
        return value.strip() != ""
    if kind == "decimal":
        match = re.match(r"^[-+]?([0-9]*)\.?([0-9]*)$", value)
        return bool(match and (match.group(1) or match.group(2)))
    if kind == "int":
        if not re.match(r"^[-+]?[0-9]+$", value):
            return False
        return spec.min_value is None or int(value) >= spec.min_value
    return True


def _attr_value_result(doc: Doc, el: El) -> Result:
    invalid, review = [], ""
    for name in _aria_attr_names(el):
        if name == "aria-errormessage" or name not in ATTRS:
            continue
        valid = _valid_attr_value(doc, el, name)
        value = el.attrs[name]
        counts = True
        if name == "aria-controls":
            popup = aria_value(el, "aria-haspopup") not in ("false", None)
            if popup and not valid:
                review = f'aria-controls="{value}"'
            counts = (
                aria_value(el, "aria-expanded") != "false"
                and aria_value(el, "aria-selected") != "false"
                and not popup
            )
        elif name in ("aria-current", "aria-describedby", "aria-labelledby"):
            if not valid:
                review = f'{name}="{value}"'
            counts = name not in ("aria-current", "aria-describedby", "aria-labelledby")
        elif name == "aria-owns":
            counts = aria_value(el, "aria-expanded") != "false"
        if counts and not valid:
            if value == "" and ATTRS[name].type != "string":
                review = name
            else:
                invalid.append(f'{name}="{value}"')
    if invalid:
        return FAIL, f"Invalid value: {', '.join(invalid)}."
    if review:
        return REVIEW, f"Check: {review}."
    return None


def _errormessage_result(doc: Doc, el: El) -> Result:
    if "aria-invalid" not in el.attrs or aria_value(el, "aria-invalid") == "false":
        return None
    if "aria-errormessage" not in el.attrs:
        return None
    value = el.attrs["aria-errormessage"]
    if not value.strip():
        return None  # allowed empty
    tokens = token_list(value)
    if len(tokens) > 1:
        return FAIL, "aria-errormessage must name one element."
    target = doc.by_id.get(tokens[0])
    if target is None:
        return REVIEW, "aria-errormessage names no element on the page."
    if not is_visible_to_screen_readers(doc, target):
        return FAIL, "The error message aria-errormessage names is hidden."
    described = token_list(aria_value(el, "aria-describedby") or "")
    live = aria_value(target, "aria-live")
    if (
        explicit_role(target) == "alert"
        or live in ("assertive", "polite")
        or tokens[0] in described
    ):
        return None
    return FAIL, "The error message is neither live nor in aria-describedby."


@audit(
    "aria-valid-attr-value",
    title="[aria-*] attributes have valid values",
    weights={A11Y: 10},
    fix='Give aria-* attributes values they accept (aria-expanded="true", not "yes").',
    lighthouse=True,
    axe=True,
)
def aria_valid_attr_value(crawl: Crawl) -> Verdict:
    def check(doc: Doc, el: El) -> Result:
        level = None
        raw = aria_value(el, "aria-level")
        match = re.match(r"\s*[-+]?\d+", raw or "")
        if match and int(match.group()) > 6:
            level = (REVIEW, "aria-level above 6 is not supported everywhere.")
        return _worst(_attr_value_result(doc, el), _errormessage_result(doc, el), level)

    return _judge(
        crawl,
        _Rule("elements with ARIA attributes", "have invalid ARIA values"),
        _has_aria_attrs,
        check,
    )


@audit(
    "aria-hidden-body",
    title='[aria-hidden="true"] is not present on the document <body>',
    weights={A11Y: 10},
    fix='Remove aria-hidden="true" from <body>: it hides the whole page from screen readers.',
    lighthouse=True,
    axe=True,
)
def aria_hidden_body(crawl: Crawl) -> Verdict:
    def select(doc: Doc) -> list[El]:
        return [doc.body] if doc.body is not None else []

    def check(doc: Doc, el: El) -> Result:
        if aria_value(el, "aria-hidden") == "true":
            return FAIL, "The whole page is hidden from screen readers."
        return None

    return _judge(
        crawl,
        _Rule(
            "<body> elements",
            "",
            failed='The whole page is hidden from screen readers (aria-hidden="true" on <body>).',
            passed="The page is not hidden from screen readers.",
        ),
        select,
        check,
        exclude_hidden=False,
    )


def _focusable_widgets(doc: Doc, el: El) -> list[El]:
    found: list[El] = []
    for child in el.elements():
        if role_type(role_of(doc, child)) == "widget" and is_focusable(doc, child):
            found.append(child)
        else:
            found.extend(_focusable_widgets(doc, child))
    return found


def _tabbable(doc: Doc, el: El) -> list[El]:
    """axe's ``tabbableElements``: the element and its descendants a keyboard reaches."""
    found = []
    for node in [el, *el.descendants()]:
        tabindex = parse_tabindex(node.attrs.get("tabindex"))
        if is_focusable(doc, node) and (tabindex is None or tabindex >= 0):
            found.append(node)
    return found


_DISABLEABLE = ("button", "fieldset", "input", "select", "textarea")


@audit(
    "aria-hidden-focus",
    title='[aria-hidden="true"] elements do not contain focusable descendents',
    weights={A11Y: 7},
    fix='Don\'t put links or buttons inside aria-hidden="true" content; hide it fully or not '
    "at all.",
    lighthouse=True,
    axe=True,
)
def aria_hidden_focus(crawl: Crawl) -> Verdict:
    def select(doc: Doc) -> list[El]:
        return [
            el
            for el in doc.elements
            if el.attrs.get("aria-hidden") == "true"
            and not any(aria_value(a, "aria-hidden") == "true" for a in el.ancestors())
        ]

    def check(doc: Doc, el: El) -> Result:
        tabbable = _tabbable(doc, el)
        if not tabbable or _modal_open(doc):
            return None
        # axe leaves to a person the elements that move focus away themselves (onfocus)
        unhandled = [t for t in tabbable if "onfocus" not in t.attrs]
        if not unhandled:
            return REVIEW, "Its focusable elements move focus on focus."
        return FAIL, f"It hides {len(unhandled)} element(s) a keyboard can still reach."

    rule = _Rule('aria-hidden="true" elements', "contain elements a keyboard can reach")
    return _judge(crawl, rule, select, check, exclude_hidden=False)


def _owned_roles(doc: Doc, el: El, required: tuple[str, ...]) -> list[tuple[El | str, str | None]]:
    """axe's ``getOwnedRoles``: the roles an element owns, looking through role-less
    wrappers (and through group/rowgroup when those are required)."""
    queue: list[El | str] = list(owned_nodes(doc, el))
    found: list[tuple[El | str, str | None]] = []
    while queue:
        node = queue.pop(0)
        if isinstance(node, str):
            found.append((node, None))
            continue
        if not is_visible_to_screen_readers(doc, node):
            continue
        role = role_of(doc, node, no_presentational=True)
        marked = has_global_aria(node) or is_focusable(doc, node)
        if (not role and not marked) or (role in ("group", "rowgroup") and role in required):
            queue.extend(node.children)
        elif role or marked:
            found.append((node, role))
    return found


_REVIEW_EMPTY = frozenset(
    words(
        "doc-bibliography doc-endnotes grid list listbox menu menubar table tablist tree "
        "treegrid rowgroup"
    )
)


@audit(
    "aria-required-children",
    title="Elements with an ARIA [role] that require children to contain a specific [role] "
    "have all required children.",
    weights={A11Y: 10},
    fix="Give ARIA containers the children their role needs (a list needs listitems, a "
    "tablist needs tabs).",
    lighthouse=True,
    axe=True,
)
def aria_required_children(crawl: Crawl) -> Verdict:
    def select(doc: Doc) -> list[El]:
        return [
            el
            for el in doc.elements
            if "role" in el.attrs and ROLES.get(explicit_role(el, dpub=True) or "", _NO_ROLE).owned
        ]

    def check(doc: Doc, el: El) -> Result:
        role = explicit_role(el, dpub=True) or ""
        required = ROLES[role].owned
        owned_roles = _owned_roles(doc, el, required)
        unallowed = [
            (node, child_role)
            for node, child_role in owned_roles
            if isinstance(node, El)
            and child_role not in required
            and role not in ROLES.get(child_role or "", _NO_ROLE).context
        ]
        if unallowed:
            names = [f"[role={r}]" if r else f"<{getattr(n, 'tag', '')}>" for n, r in unallowed]
            return FAIL, f"Role {role} cannot own {', '.join(dict.fromkeys(names))}."
        if any(child_role in required for _, child_role in owned_roles if child_role):
            return None
        if aria_value(el, "aria-busy") == "true":
            return None
        content = any(
            (isinstance(node, str) and node.strip())
            or (isinstance(node, El) and _has_content(doc, node))
            for node, _ in owned_roles
        )
        if role in _REVIEW_EMPTY and not content:
            return REVIEW, f"Role {role} is empty."
        return FAIL, f"Role {role} needs a child with role {' or '.join(required)}."

    return _judge(
        crawl, _Rule("ARIA containers", "lack the children their role needs"), select, check
    )


def _has_content(doc: Doc, el: El) -> bool:
    """axe's ``hasContentVirtual`` (without aria labels)."""
    if el.tag not in _HIDDEN_TEXT and any(isinstance(c, str) and c.strip() for c in el.children):
        return True
    if _is_visual_content(el):
        return True
    return any(_has_content(doc, child) for child in el.elements())


_NO_ROLE = Role("structure")  # what a missing or unknown role requires: nothing


def _missing_context(
    doc: Doc, el: El, context: list[str] | None = None, *, include_self: bool = False
) -> list[str] | None:
    role = explicit_role(el)
    if context is None:
        spec = ROLES.get(role or "")
        context = list(spec.context) if spec and spec.context else None
    if not context:
        return None
    allows_group = "group" in context
    node: El | None = el if include_self else el.parent
    while node is not None:
        node_role = role_of(doc, node, no_presentational=True)
        if not node_role:
            node = node.parent
        elif node_role == "group" and allows_group:
            if role in ("listitem", "treeitem"):
                context.append(role)
            context = [r for r in context if r != "group"]
            node = node.parent
        elif node_role in context:
            return None
        else:
            return context
    return context


@audit(
    "aria-required-parent",
    title="[role]s are contained by their required parent element",
    weights={A11Y: 10},
    fix="Put ARIA items inside the container their role needs (a menuitem inside a menu, a tab "
    "inside a tablist).",
    lighthouse=True,
    axe=True,
)
def aria_required_parent(crawl: Crawl) -> Verdict:
    def select(doc: Doc) -> list[El]:
        return [
            el
            for el in doc.elements
            if "role" in el.attrs and ROLES.get(explicit_role(el) or "", _NO_ROLE).context
        ]

    def owners(doc: Doc, el: El) -> list[El]:
        found = []
        for node in [el, *el.ancestors()]:
            node_id = node.attrs.get("id")
            if not node_id:
                continue
            owner = next(
                (o for o in doc.elements if node_id in (o.attrs.get("aria-owns") or "").split()),
                None,
            )
            if owner is not None:
                found.append(owner)
        return found

    def check(doc: Doc, el: El) -> Result:
        missing = _missing_context(doc, el)
        if not missing:
            return None
        for owner in owners(doc, el):
            missing = _missing_context(doc, owner, missing, include_self=True)
            if not missing:
                return None
        return FAIL, f"It needs a parent with role {' or '.join(missing)}."

    return _judge(
        crawl, _Rule("ARIA items", "are outside the container their role needs"), select, check
    )


@audit(
    "aria-conditional-attr",
    title="ARIA attributes are used as specified for the element's role",
    weights={A11Y: 7},
    fix="Remove aria-checked from native checkboxes and radio buttons, and tree attributes from "
    "rows of plain tables.",
    lighthouse=True,
    axe=True,
)
def aria_conditional_attr(crawl: Crawl) -> Verdict:
    row_attrs = ("aria-posinset", "aria-setsize", "aria-expanded", "aria-level")

    def check(doc: Doc, el: El) -> Result:
        role = role_of(doc, el)
        if role in ("checkbox", "radio"):
            raw = (el.attrs.get("aria-checked") or "").lower()
            if el.tag != "input" or el.input_type != role or not raw:
                return None
            allowed = ("mixed", "true") if role == "checkbox" else ("true",)
            declared = raw if raw in allowed else "false"
            actual = "true" if "checked" in el.attrs else "false"
            if declared != actual:
                return FAIL, f'aria-checked="{el.attrs["aria-checked"]}" contradicts the {role}.'
            return None
        if role == "row":
            present = [a for a in row_attrs if a in el.attrs]
            if not present or el.parent is None:
                return None
            owner = next(
                (
                    n
                    for n in [el, *el.ancestors()]
                    if (n.tag == "table" and "role" not in n.attrs)
                    or {"treegrid", "table", "grid"} & set(token_list(n.attrs.get("role")))
                ),
                None,
            )
            owner_role = role_of(doc, owner) if owner is not None else None
            if owner_role and owner_role != "treegrid":
                return FAIL, f"{', '.join(present)} only apply to rows of a treegrid."
        return None

    rule = _Rule("elements with ARIA attributes", "use ARIA attributes their role does not take")
    return _judge(crawl, rule, _has_aria_attrs, check)


@audit(
    "skip-link",
    title="Skip links are focusable.",
    weights={A11Y: 3},
    fix="Make sure the skip link becomes visible when it gets keyboard focus and points at a "
    "visible element.",
    lighthouse=True,
    axe=True,
)
def skip_link(crawl: Crawl) -> Verdict:
    started = _start(crawl)
    if started is None:
        return Verdict.not_applicable("The start page could not be read.")
    _, doc = started
    links = [
        el
        for el in doc.elements
        if el.tag == "a" and re.match(r"^/?#.", el.attrs.get("href", "")) is not None
    ]
    if not links:
        return Verdict.not_applicable("The start page has no links to a place on itself.")
    return Verdict.needs_layout(
        "Which in-page links are skip links depends on whether they start off screen."
    )


@audit(
    "nested-interactive",
    title="Interactive controls are not nested",
    weights={A11Y: 0},
    fix="Don't put links or buttons inside other buttons or links; place them side by side.",
    axe=True,
)
def nested_interactive(crawl: Crawl) -> Verdict:
    def select(doc: Doc) -> list[El]:
        out = []
        for el in doc.elements:
            spec = ROLES.get(role_of(doc, el) or "")
            if spec is not None and spec.presentational_children:
                out.append(el)
        return out

    def check(doc: Doc, el: El) -> Result:
        inner = _focusable_widgets(doc, el)
        return (FAIL, f"It contains {len(inner)} focusable control(s).") if inner else None

    return _judge(crawl, _Rule("controls", "contain other focusable controls"), select, check)


@audit(
    "aria-text",
    title="Elements with the role=text attribute do not have focusable descendents.",
    weights={A11Y: 7},
    fix='Don\'t put links or buttons inside role="text" elements.',
    lighthouse=True,
    axe=True,
)
def aria_text(crawl: Crawl) -> Verdict:
    def check(doc: Doc, el: El) -> Result:
        inner = _focusable_widgets(doc, el)
        return (FAIL, f"It contains {len(inner)} focusable control(s).") if inner else None

    return _judge(
        crawl, _Rule('role="text" elements', "contain focusable controls"), _roles("text"), check
    )


@audit(
    "duplicate-id-aria",
    title="ARIA IDs are unique",
    weights={A11Y: 0},  # Lighthouse: weight 10, scored as informative
    fix="Give every element that a label or aria-* attribute points to an id used only once.",
    lighthouse=True,
    axe=True,
)
def duplicate_id_aria(crawl: Crawl) -> Verdict:
    idref_attrs = [name for name, spec in ATTRS.items() if spec.type in ("idref", "idrefs")]

    def referenced(doc: Doc) -> set[str]:
        refs = set(doc.labels_for)
        for el in _has_aria_attrs(doc):
            for name in idref_attrs:
                value = sanitize(el.attrs.get(name))
                if value:
                    refs.update(token_list(value))
        return refs

    def select(doc: Doc) -> list[El]:
        refs = referenced(doc)
        return [el for el in doc.elements if "id" in el.attrs and el.attrs["id"] in refs]

    def results(doc: Doc, nodes: list[El]) -> list[tuple[El, Result]]:
        seen: set[str] = set()
        out: list[tuple[El, Result]] = []
        for el in nodes:
            element_id = el.attrs["id"].strip()
            if element_id in seen:
                continue
            seen.add(element_id)
            if not element_id:
                out.append((el, None))
                continue
            count = sum(1 for other in doc.ids.get(element_id, []) if other is not el)
            out.append(
                (el, (REVIEW, f'id="{element_id}" is used {count + 1} times.') if count else None)
            )
        return out

    return _judge(
        crawl,
        _Rule("referenced ids", "are not unique", informative=True),
        select,
        lambda doc, el: None,
        exclude_hidden=False,
        results=results,
    )


# --- structure: lists, headings, landmarks ------------------------------------------------


def _invalid_children(
    doc: Doc, el: El, valid_roles: tuple[str, ...], valid_tags: tuple[str, ...], div_groups: bool
) -> list[str]:
    issues: list[str] = []
    queue: list[tuple[El | str, bool]] = [(child, False) for child in el.children]
    while queue:
        child, nested = queue.pop(0)
        prefix = "div > " if nested else ""
        if isinstance(child, str):
            if child.strip():
                issues.append(prefix + "text")
            continue
        if div_groups and not nested and child.tag == "div" and explicit_role(child) is None:
            queue.extend((grandchild, True) for grandchild in child.children)
            continue
        if not is_visible_to_screen_readers(doc, child):
            continue
        explicit = explicit_role(child)
        if explicit:
            if explicit not in valid_roles:
                issues.append(f"{prefix}[role={role_of(doc, child)}]")
        elif child.tag not in valid_tags and role_of(doc, child) not in valid_roles:
            issues.append(prefix + f"<{child.tag}>")
    return list(dict.fromkeys(issues))


@audit(
    "list",
    title="Lists contain only <li> elements and script supporting elements "
    "(<script> and <template>).",
    weights={A11Y: 7},
    fix="Put only <li> items directly inside <ul> and <ol>; wrap other content in an <li>.",
    lighthouse=True,
    axe=True,
)
def list_(crawl: Crawl) -> Verdict:
    def select(doc: Doc) -> list[El]:
        return [el for el in doc.elements if el.tag in ("ul", "ol") and not el.attrs.get("role")]

    def check(doc: Doc, el: El) -> Result:
        issues = _invalid_children(doc, el, ("listitem",), ("li",), False)
        return (FAIL, f"Not allowed directly in a list: {', '.join(issues)}.") if issues else None

    return _judge(crawl, _Rule("lists", "hold something other than <li> items"), select, check)


@audit(
    "listitem",
    title="List items (<li>) are contained within <ul>, <ol> or <menu> parent elements",
    weights={A11Y: 7},
    fix="Put every <li> inside a <ul>, <ol> or <menu>.",
    lighthouse=True,
    axe=True,
)
def listitem(crawl: Crawl) -> Verdict:
    def select(doc: Doc) -> list[El]:
        return [el for el in doc.elements if el.tag == "li" and not el.attrs.get("role")]

    def check(doc: Doc, el: El) -> Result:
        parent = el.parent
        if parent is not None and role_of(doc, parent) in ("presentation", "none", "list"):
            return None
        where = f"<{parent.tag}>" if parent is not None else "nothing"
        return FAIL, f"The item is inside {where}, not a list."

    return _judge(crawl, _Rule("list items", "are not inside a list"), select, check)


def _structured_dlitems(el: El) -> bool:
    """True when the <dl> has <dt>/<dd> children but no <dd> after a <dt>."""
    if not el.children:
        return False
    has_dt = has_dd = False
    for child in el.children:
        tag = "#text" if isinstance(child, str) else child.tag
        if tag == "dt":
            has_dt = True
        if has_dt and tag == "dd":
            return False
        if tag == "dd":
            has_dd = True
    return has_dt or has_dd


@audit(
    "definition-list",
    title="<dl>'s contain only properly-ordered <dt> and <dd> groups, <script>, <template> "
    "or <div> elements.",
    weights={A11Y: 7},
    fix="Inside a <dl>, put only <dt> terms each followed by <dd> descriptions.",
    lighthouse=True,
    axe=True,
)
def definition_list(crawl: Crawl) -> Verdict:
    def select(doc: Doc) -> list[El]:
        return [el for el in doc.elements if el.tag == "dl" and not el.attrs.get("role")]

    def check(doc: Doc, el: El) -> Result:
        if _structured_dlitems(el):
            return FAIL, "A <dd> must follow a <dt>."
        issues = _invalid_children(doc, el, ("definition", "term", "listitem"), ("dt", "dd"), True)
        return (FAIL, f"Not allowed in a <dl>: {', '.join(issues)}.") if issues else None

    return _judge(
        crawl, _Rule("definition lists", "are not built of <dt>/<dd> groups"), select, check
    )


@audit(
    "dlitem",
    title="Definition list items are wrapped in <dl> elements",
    weights={A11Y: 7},
    fix="Put every <dt> and <dd> inside a <dl>.",
    lighthouse=True,
    axe=True,
)
def dlitem(crawl: Crawl) -> Verdict:
    def select(doc: Doc) -> list[El]:
        return [el for el in doc.elements if el.tag in ("dd", "dt") and not el.attrs.get("role")]

    def check(doc: Doc, el: El) -> Result:
        parent = el.parent
        if (
            parent is not None
            and parent.tag == "div"
            and explicit_role(parent) in ("presentation", "none", None)
        ):
            parent = parent.parent
        if parent is not None and parent.tag == "dl":
            role = explicit_role(parent)
            if not role or role in ("presentation", "none", "list"):
                return None
        return FAIL, "The item is not inside a <dl>."

    return _judge(
        crawl, _Rule("definition terms and descriptions", "are not inside a <dl>"), select, check
    )


def _heading_level(doc: Doc, el: El) -> int:
    if role_of(doc, el) != "heading":
        return -1
    raw = aria_value(el, "aria-level")
    match = re.fullmatch(r"h([1-6])", el.tag)
    tag_level = int(match.group(1)) if match else None
    if tag_level is not None and not raw:
        return tag_level
    number = re.match(r"\s*([-+]?\d+)", raw or "")
    level = int(number.group(1)) if number else None
    if level is None or level < 1:
        return tag_level if tag_level is not None else 2
    return level


def _headings(doc: Doc) -> list[El]:
    return [
        el
        for el in doc.elements
        if (re.fullmatch(r"h[1-6]", el.tag) or el.attrs.get("role") == "heading")
        and role_of(doc, el) == "heading"
    ]


@audit(
    "heading-order",
    title="Heading elements appear in a sequentially-descending order",
    weights={A11Y: 3},
    fix="Don't skip heading levels: follow an <h1> with <h2>, an <h2> with <h3>.",
    lighthouse=True,
    axe=True,
)
def heading_order(crawl: Crawl) -> Verdict:
    def results(doc: Doc, nodes: list[El]) -> list[tuple[El, Result]]:
        out: list[tuple[El, Result]] = []
        previous: int | None = None
        for el in nodes:
            level = _heading_level(doc, el)
            if previous is not None and level - previous > 1:
                out.append(
                    (el, (FAIL, f"A level-{level} heading follows a level-{previous} heading."))
                )
            else:
                out.append((el, None))
            previous = level
        return out

    return _judge(
        crawl,
        _Rule("headings", "skip a level"),
        _headings,
        lambda doc, el: None,
        results=results,
    )


def _modal_open(doc: Doc) -> bool:
    """axe's ``isModalOpen``, from markup: a dialog (or aria-modal element) is shown. (axe
    also counts a large fixed overlay covering the viewport, which needs layout.)"""
    for el in doc.elements:
        if (
            el.tag == "dialog"
            or el.attrs.get("role") == "dialog"
            or el.attrs.get("aria-modal") == "true"
        ) and is_visible_on_screen(doc, el):
            return True
    return False


def _page_has(crawl: Crawl, rule: _Rule, wanted: Callable[[Doc, El], bool], note: str) -> Verdict:
    def check(doc: Doc, el: El) -> Result:
        if _modal_open(doc):
            return None
        found = any(
            wanted(doc, d) and is_visible_to_screen_readers(doc, d) for d in el.descendants()
        )
        return None if found else (FAIL, note)

    return _judge(crawl, rule, _root, check)


@audit(
    "page-has-heading-one",
    title="Page contains a level-one heading",
    weights={A11Y: 0},
    fix="Give the page one <h1> that says what it is about.",
    axe=True,
)
def page_has_heading_one(crawl: Crawl) -> Verdict:
    def wanted(doc: Doc, el: El) -> bool:
        heading_tag = bool(re.fullmatch(r"h[1-6]", el.tag))
        if el.tag == "h1" and "role" not in el.attrs and "aria-level" not in el.attrs:
            return True
        if heading_tag and "role" not in el.attrs and el.attrs.get("aria-level") == "1":
            return True
        return el.attrs.get("role") == "heading" and el.attrs.get("aria-level") == "1"

    return _page_has(
        crawl,
        _Rule(
            "pages",
            "",
            failed="The page has no level-one heading.",
            passed="The page has a level-one heading.",
        ),
        wanted,
        "The page has no <h1>.",
    )


@audit(
    "landmark-one-main",
    title="Document has a main landmark.",
    weights={A11Y: 0},  # Lighthouse: weight 0, informative
    fix="Wrap the page's main content in one <main> element.",
    lighthouse=True,
    axe=True,
)
def landmark_one_main(crawl: Crawl) -> Verdict:
    def wanted(doc: Doc, el: El) -> bool:
        return (el.tag == "main" and "role" not in el.attrs) or el.attrs.get("role") == "main"

    rule = _Rule(
        "pages",
        "",
        informative=True,
        failed="The page has no main landmark.",
        passed="The page has a main landmark.",
    )
    return _page_has(crawl, rule, wanted, "The page has no <main> landmark.")


@audit(
    "bypass",
    title="The page contains a heading, skip link, or landmark region",
    weights={A11Y: 0},  # Lighthouse: weight 7, scored as informative
    fix='Add a <main> element, headings, or a "Skip to content" link at the top of the page.',
    lighthouse=True,
    axe=True,
)
def bypass(crawl: Crawl) -> Verdict:
    def select(doc: Doc) -> list[El]:
        has_link = any(el.tag == "a" and "href" in el.attrs for el in doc.elements)
        return _root(doc) if has_link else []

    def check(doc: Doc, el: El) -> Result:
        for d in doc.elements:
            if d.tag == "a" and re.match(r"^#[^/!]", d.attrs.get("href", "")):
                return None
        for d in doc.elements:
            heading = (re.fullmatch(r"h[1-6]", d.tag) and "role" not in d.attrs) or d.attrs.get(
                "role"
            ) == "heading"
            landmark = d.tag == "main" or d.attrs.get("role") == "main"
            if (heading or landmark) and is_visible_to_screen_readers(doc, d):
                return None
        return (
            REVIEW,
            "No heading, landmark or skip link lets keyboard users skip repeated content.",
        )

    rule = _Rule(
        "pages",
        "",
        informative=True,
        failed="Keyboard users cannot skip to the content: no heading, landmark or skip link.",
        passed="Headings, a landmark or a skip link let keyboard users skip to the content.",
    )
    return _judge(crawl, rule, select, check)


# --- tables -------------------------------------------------------------------------------


@audit(
    "td-headers-attr",
    title="Cells in a <table> element that use the [headers] attribute refer to table cells "
    "within the same table.",
    weights={A11Y: 7},
    fix="Make each headers attribute list the ids of header cells in the same table.",
    lighthouse=True,
    axe=True,
)
def td_headers_attr(crawl: Crawl) -> Verdict:
    def select(doc: Doc) -> list[El]:
        return [
            el
            for el in doc.elements
            if el.tag == "table" and role_of(doc, el) in ("treegrid", "grid", "table")
        ]

    def check(doc: Doc, el: El) -> Result:
        cells = [c for row in table_rows(el) for c in row.elements() if c.tag in ("td", "th")]
        role_by_id = {c.attrs["id"]: role_of(doc, c) for c in cells if c.attrs.get("id")}
        bad: dict[str, int] = {"not-in-table": 0, "not-header": 0, "self": 0, "empty": 0}
        for cell in cells:
            if "headers" not in cell.attrs or not is_visible_to_screen_readers(doc, cell):
                continue
            value = cell.attrs["headers"].strip()
            if not value:
                bad["empty"] += 1
                continue
            own = cell.attrs.get("id")
            for header in token_list(value):
                if own and header == own:
                    bad["self"] += 1
                elif header not in role_by_id:
                    bad["not-in-table"] += 1
                elif role_by_id[header] not in ("columnheader", "rowheader"):
                    bad["not-header"] += 1
        notes = {
            "not-in-table": "headers names cells outside this table",
            "not-header": "headers names cells that are not header cells",
            "self": "a cell names itself in headers",
        }
        for key, note in notes.items():
            if bad[key]:
                return FAIL, f"{bad[key]} reference(s): {note}."
        if bad["empty"]:
            return REVIEW, "Some cells have an empty headers attribute."
        return None

    return _judge(
        crawl, _Rule("tables", "have cells whose headers attribute is wrong"), select, check
    )


@audit(
    "table-duplicate-name",
    title="Tables have different content in the summary attribute and <caption>.",
    weights={A11Y: 1},
    fix="Don't repeat a table's <caption> in its summary attribute.",
    lighthouse=True,
    axe=True,
)
def table_duplicate_name(crawl: Crawl) -> Verdict:
    def check(doc: Doc, el: El) -> Result:
        caption = next((c for c in el.elements() if c.tag == "caption"), None)
        caption_text = sanitize(subtree_text(doc, caption, {})) if caption is not None else ""
        summary = el.attrs.get("summary")
        if caption_text and summary and sanitize(summary).lower() == caption_text.lower():
            return FAIL, "The summary repeats the caption."
        return None

    return _judge(
        crawl, _Rule("tables", "repeat the caption in the summary"), _tags("table"), check
    )


# --- media, keyboard, viewport ------------------------------------------------------------


@audit(
    "video-caption",
    title='<video> elements contain a <track> element with [kind="captions"]',
    weights={A11Y: 0},  # Lighthouse: weight 10, scored as informative
    fix='Add captions to every video: <track kind="captions" src="captions.vtt">.',
    lighthouse=True,
    axe=True,
)
def video_caption(crawl: Crawl) -> Verdict:
    def check(doc: Doc, el: El) -> Result:
        tracks = [d for d in el.descendants() if d.tag == "track"]
        if any((t.attrs.get("kind") or "").lower() == "captions" for t in tracks):
            return None
        return REVIEW, "The video has no captions track."

    rule = _Rule("videos", "have no captions", informative=True)
    return _judge(crawl, rule, _tags("video"), check)


@audit(
    "empty-heading",
    title="All heading elements contain content.",
    weights={A11Y: 0},  # Lighthouse: weight 0, informative
    fix="Put text in every heading, or remove empty ones.",
    lighthouse=True,
    axe=True,
)
def empty_heading(crawl: Crawl) -> Verdict:
    def check(doc: Doc, el: El) -> Result:
        return (
            None if _any(doc, el, _has_visible_text, *_NAMED) else (FAIL, "The heading is empty.")
        )

    rule = _Rule("headings", "are empty", informative=True)
    return _judge(crawl, rule, _headings, check)


@audit(
    "accesskeys",
    title="[accesskey] values are unique",
    weights={A11Y: 7},
    fix="Give each accesskey a different letter, or remove the accesskeys.",
    lighthouse=True,
    axe=True,
)
def accesskeys(crawl: Crawl) -> Verdict:
    def select(doc: Doc) -> list[El]:
        return [el for el in doc.elements if "accesskey" in el.attrs]

    def results(doc: Doc, nodes: list[El]) -> list[tuple[El, Result]]:
        first: dict[str, El] = {}
        repeats: dict[str, int] = {}
        for el in nodes:
            if is_hidden_for_everyone(doc, el) or not el.attrs["accesskey"]:
                continue
            key = el.attrs["accesskey"].upper()
            if key in first:
                repeats[key] = repeats.get(key, 0) + 1
            else:
                first[key] = el
        return [
            (el, (FAIL, f'accesskey="{el.attrs["accesskey"]}" is used {repeats[key] + 1} times.'))
            if key in repeats
            else (el, None)
            for key, el in first.items()
        ]

    return _judge(
        crawl,
        _Rule("access keys", "are used more than once"),
        select,
        lambda doc, el: None,
        exclude_hidden=False,
        results=results,
    )


@audit(
    "tabindex",
    title="No element has a [tabindex] value greater than 0",
    weights={A11Y: 7},
    fix='Use tabindex="0" (or none) instead of positive numbers, and order the page in the source.',
    lighthouse=True,
    axe=True,
)
def tabindex(crawl: Crawl) -> Verdict:
    def check(doc: Doc, el: El) -> Result:
        value = parse_tabindex(el.attrs.get("tabindex"))
        if value is not None and value > 0:
            return FAIL, f'tabindex="{el.attrs["tabindex"]}" changes the keyboard order.'
        return None

    select = lambda doc: [el for el in doc.elements if "tabindex" in el.attrs]  # noqa: E731
    return _judge(
        crawl, _Rule("elements with a tabindex", "have a tabindex above 0"), select, check
    )


@audit(
    "meta-viewport",
    title='[user-scalable="no"] is not used in the <meta name="viewport"> element and the '
    "[maximum-scale] attribute is not less than 5.",
    weights={A11Y: 10},
    fix="Let people zoom: remove user-scalable=no and maximum-scale from the viewport meta tag.",
    lighthouse=True,
    axe=True,
)
def meta_viewport(crawl: Crawl) -> Verdict:
    def select(doc: Doc) -> list[El]:
        return [
            el for el in doc.elements if el.tag == "meta" and el.attrs.get("name") == "viewport"
        ]

    def check(doc: Doc, el: El) -> Result:
        content = el.attrs.get("content") or ""
        for item in re.split(r"[;,]", content.lower()):
            key, _, value = (part.strip() for part in item.partition("="))
            if not key or not value:
                continue
            number = _parse_float(value)
            if key == "user-scalable":
                bad_word = number is None and value not in ("yes", "device-width", "device-height")
                if bad_word or (number is not None and -1 < number < 1):
                    return FAIL, f"user-scalable={value} stops people zooming."
            if key == "maximum-scale":
                if number is not None and number < 0:
                    continue
                bad_word = number is None and value not in ("device-width", "device-height")
                if bad_word or (number is not None and number < 2):
                    return FAIL, f"maximum-scale={value} limits zooming."
        return None

    return _judge(
        crawl, _Rule("viewport tags", "stop people zooming"), select, check, exclude_hidden=False
    )


def _parse_float(value: str) -> float | None:
    """JavaScript's parseFloat: the longest leading number, or None (NaN)."""
    match = re.match(r"\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)", value)
    if not match:
        return None
    if re.match(r"\s*[-+]?infinity", value, re.IGNORECASE):
        return None
    return float(match.group(1))


@audit(
    "meta-refresh",
    title='The document does not use <meta http-equiv="refresh">',
    weights={A11Y: 10},
    fix="Don't reload or redirect with a timed <meta http-equiv=refresh>; redirect on the server.",
    lighthouse=True,
    axe=True,
)
def meta_refresh(crawl: Crawl) -> Verdict:
    def select(doc: Doc) -> list[El]:
        return [
            el
            for el in doc.elements
            if el.tag == "meta"
            and el.attrs.get("http-equiv") == "refresh"
            and "content" in el.attrs
        ]

    def check(doc: Doc, el: El) -> Result:
        content = el.attrs["content"].strip()
        first = re.split(r"[;,\s]", content)[0]
        if not re.fullmatch(r"[0-9.]+", first):
            return None
        delay = _parse_float(first) or 0.0
        if delay <= 0 or delay > 72000:
            return None
        return FAIL, f"The page refreshes itself after {delay:g} seconds."

    return _judge(
        crawl,
        _Rule("refresh tags", "reload the page on a timer"),
        select,
        check,
        exclude_hidden=False,
    )


# --- what only a layout engine can judge --------------------------------------------------


@audit(
    "link-in-text-block",
    title="Links are distinguishable without relying on color.",
    weights={A11Y: 7},
    fix="Underline links inside text, or make them differ from the text by more than colour.",
    lighthouse=True,
    axe=True,
)
def link_in_text_block(crawl: Crawl) -> Verdict:
    return Verdict.needs_layout(
        "Whether a link stands out from the text around it depends on rendered colours and styles."
    )


@audit(
    "target-size",
    title="Touch targets have sufficient size and spacing.",
    weights={A11Y: 7},
    fix="Make buttons and links at least 24 by 24 pixels, or space them apart.",
    lighthouse=True,
    axe=True,
)
def target_size(crawl: Crawl) -> Verdict:
    return Verdict.needs_layout(
        "The size of touch targets is only known once the page is laid out."
    )
