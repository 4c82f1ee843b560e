"""The ARIA role and attribute model the accessibility audits judge markup against.

The roles and states of WAI-ARIA 1.2 (with the DPUB-ARIA and Graphics-ARIA modules), in
the shape axe-core 4.14 encodes them, so that the audits registered under axe's rule ids
reach axe's verdicts: a role's category, its required, allowed and prohibited attributes,
whether it takes its name from its content, and each attribute's value type.
"""

from __future__ import annotations

from typing import NamedTuple


class Role(NamedTuple):
    type: str  # abstract, widget, structure, landmark, window, composite, ...
    required: tuple[str, ...] = ()  # attributes the role must have
    allowed: tuple[str, ...] = ()  # attributes it may have besides the global ones
    prohibited: tuple[str, ...] = ()
    context: tuple[str, ...] = ()  # roles its parent must have
    owned: tuple[str, ...] = ()  # roles it must own
    name_from_content: bool = False
    name_required: bool = False
    presentational_children: bool = False
    deprecated: bool = False


class Attr(NamedTuple):
    type: str  # boolean, nmtoken, nmtokens, idref, idrefs, string, int, decimal
    values: tuple[str, ...] = ()
    is_global: bool = False
    deprecated: bool = False
    allow_empty: bool = False
    case_insensitive: bool = False  # its value is compared lower-cased
    case_sensitive: bool = False  # axe flags upper-case spellings of its tokens
    min_value: int | None = None
    default: str | None = None


ROLES: dict[str, Role] = {
    "alert": Role("structure", allowed=("aria-expanded",)),
    "alertdialog": Role("window", allowed=("aria-expanded", "aria-modal"), name_required=True),
    "application": Role(
        "landmark", allowed=("aria-activedescendant", "aria-expanded"), name_required=True
    ),
    "article": Role("structure", allowed=("aria-posinset", "aria-setsize", "aria-expanded")),
    "banner": Role("landmark", allowed=("aria-expanded",)),
    "blockquote": Role("structure"),
    "button": Role(
        "widget",
        allowed=("aria-expanded", "aria-pressed"),
        name_from_content=True,
        name_required=True,
        presentational_children=True,
    ),
    "caption": Role(
        "structure",
        prohibited=("aria-actions", "aria-label", "aria-labelledby"),
        context=("figure", "table", "grid", "treegrid"),
    ),
    "cell": Role(
        "structure",
        allowed=("aria-colindex", "aria-colspan", "aria-rowindex", "aria-rowspan", "aria-expanded"),
        context=("row",),
        name_from_content=True,
    ),
    "checkbox": Role(
        "widget",
        required=("aria-checked",),
        allowed=("aria-readonly", "aria-expanded", "aria-required"),
        name_from_content=True,
        name_required=True,
        presentational_children=True,
    ),
    "code": Role("structure", prohibited=("aria-actions", "aria-label", "aria-labelledby")),
    "columnheader": Role(
        "structure",
        allowed=(
            "aria-sort",
            "aria-colindex",
            "aria-colspan",
            "aria-expanded",
            "aria-readonly",
            "aria-required",
            "aria-rowindex",
            "aria-rowspan",
            "aria-selected",
        ),
        context=("row",),
        name_from_content=True,
    ),
    "combobox": Role(
        "widget",
        required=("aria-expanded", "aria-controls"),
        allowed=(
            "aria-owns",
            "aria-autocomplete",
            "aria-readonly",
            "aria-required",
            "aria-activedescendant",
            "aria-orientation",
        ),
        name_required=True,
    ),
    "command": Role("abstract"),
    "complementary": Role("landmark", allowed=("aria-expanded",)),
    "composite": Role("abstract"),
    "contentinfo": Role("landmark", allowed=("aria-expanded",)),
    "comment": Role("structure", allowed=("aria-level", "aria-posinset", "aria-setsize")),
    "definition": Role("structure", allowed=("aria-expanded",)),
    "deletion": Role("structure", prohibited=("aria-actions", "aria-label", "aria-labelledby")),
    "dialog": Role("window", allowed=("aria-expanded", "aria-modal"), name_required=True),
    "directory": Role(
        "structure", allowed=("aria-expanded",), name_from_content=True, deprecated=True
    ),
    "document": Role("structure", allowed=("aria-expanded",)),
    "emphasis": Role("structure", prohibited=("aria-actions", "aria-label", "aria-labelledby")),
    "feed": Role("structure", allowed=("aria-expanded",), owned=("article",)),
    "figure": Role("structure", allowed=("aria-expanded",), name_from_content=True),
    "form": Role("landmark", allowed=("aria-expanded",)),
    "grid": Role(
        "composite",
        allowed=(
            "aria-level",
            "aria-multiselectable",
            "aria-readonly",
            "aria-activedescendant",
            "aria-colcount",
            "aria-expanded",
            "aria-rowcount",
        ),
        owned=("rowgroup", "row"),
    ),
    "gridcell": Role(
        "widget",
        allowed=(
            "aria-readonly",
            "aria-required",
            "aria-selected",
            "aria-colindex",
            "aria-colspan",
            "aria-expanded",
            "aria-rowindex",
            "aria-rowspan",
        ),
        context=("row",),
        name_from_content=True,
    ),
    "group": Role("structure", allowed=("aria-activedescendant", "aria-expanded")),
    "heading": Role(
        "structure", required=("aria-level",), allowed=("aria-expanded",), name_from_content=True
    ),
    "image": Role(
        "structure", allowed=("aria-expanded",), name_required=True, presentational_children=True
    ),
    "img": Role(
        "structure", allowed=("aria-expanded",), name_required=True, presentational_children=True
    ),
    "input": Role("abstract"),
    "insertion": Role("structure", prohibited=("aria-actions", "aria-label", "aria-labelledby")),
    "landmark": Role("abstract"),
    "link": Role("widget", allowed=("aria-expanded",), name_from_content=True, name_required=True),
    "list": Role("structure", allowed=("aria-expanded",), owned=("listitem",)),
    "listbox": Role(
        "widget",
        allowed=(
            "aria-multiselectable",
            "aria-readonly",
            "aria-required",
            "aria-activedescendant",
            "aria-expanded",
            "aria-orientation",
        ),
        owned=("group", "option"),
        name_required=True,
    ),
    "listitem": Role(
        "structure",
        allowed=("aria-level", "aria-posinset", "aria-setsize", "aria-expanded"),
        context=("list",),
        name_from_content=True,
    ),
    "log": Role("structure", allowed=("aria-expanded",)),
    "main": Role("landmark", allowed=("aria-expanded",)),
    "marquee": Role("structure", allowed=("aria-expanded",)),
    "math": Role("structure", allowed=("aria-expanded",), presentational_children=True),
    "menu": Role(
        "composite",
        allowed=("aria-activedescendant", "aria-expanded", "aria-orientation"),
        owned=("group", "menuitemradio", "menuitem", "menuitemcheckbox", "menu", "separator"),
    ),
    "menubar": Role(
        "composite",
        allowed=("aria-activedescendant", "aria-expanded", "aria-orientation"),
        owned=("group", "menuitemradio", "menuitem", "menuitemcheckbox", "menu", "separator"),
    ),
    "menuitem": Role(
        "widget",
        allowed=("aria-posinset", "aria-setsize", "aria-expanded"),
        context=("menu", "menubar", "group"),
        name_from_content=True,
        name_required=True,
    ),
    "menuitemcheckbox": Role(
        "widget",
        required=("aria-checked",),
        allowed=("aria-expanded", "aria-posinset", "aria-readonly", "aria-setsize"),
        context=("menu", "menubar", "group"),
        name_from_content=True,
        name_required=True,
        presentational_children=True,
    ),
    "menuitemradio": Role(
        "widget",
        required=("aria-checked",),
        allowed=("aria-expanded", "aria-posinset", "aria-readonly", "aria-setsize"),
        context=("menu", "menubar", "group"),
        name_from_content=True,
        name_required=True,
        presentational_children=True,
    ),
    "meter": Role(
        "structure",
        required=("aria-valuenow",),
        allowed=("aria-valuemax", "aria-valuemin", "aria-valuetext"),
        name_required=True,
        presentational_children=True,
    ),
    "mark": Role("structure", prohibited=("aria-actions", "aria-label", "aria-labelledby")),
    "navigation": Role("landmark", allowed=("aria-expanded",)),
    "none": Role("structure", prohibited=("aria-label", "aria-labelledby")),
    "note": Role("structure", allowed=("aria-expanded",)),
    "option": Role(
        "widget",
        allowed=("aria-selected", "aria-checked", "aria-posinset", "aria-setsize"),
        context=("group", "listbox"),
        name_from_content=True,
        name_required=True,
        presentational_children=True,
    ),
    "paragraph": Role("structure", prohibited=("aria-actions", "aria-label", "aria-labelledby")),
    "presentation": Role("structure", prohibited=("aria-label", "aria-labelledby")),
    "progressbar": Role(
        "widget",
        allowed=(
            "aria-expanded",
            "aria-valuemax",
            "aria-valuemin",
            "aria-valuenow",
            "aria-valuetext",
        ),
        name_required=True,
        presentational_children=True,
    ),
    "radio": Role(
        "widget",
        required=("aria-checked",),
        allowed=("aria-posinset", "aria-setsize", "aria-required"),
        name_from_content=True,
        name_required=True,
        presentational_children=True,
    ),
    "radiogroup": Role(
        "composite",
        allowed=(
            "aria-readonly",
            "aria-required",
            "aria-activedescendant",
            "aria-expanded",
            "aria-orientation",
        ),
    ),
    "range": Role("abstract"),
    "region": Role("landmark", allowed=("aria-expanded",)),
    "roletype": Role("abstract"),
    "row": Role(
        "structure",
        allowed=(
            "aria-colindex",
            "aria-level",
            "aria-rowindex",
            "aria-selected",
            "aria-activedescendant",
            "aria-expanded",
            "aria-posinset",
            "aria-setsize",
        ),
        context=("grid", "rowgroup", "table", "treegrid"),
        owned=("cell", "columnheader", "gridcell", "rowheader"),
        name_from_content=True,
    ),
    "rowgroup": Role(
        "structure", context=("grid", "table", "treegrid"), owned=("row",), name_from_content=True
    ),
    "rowheader": Role(
        "structure",
        allowed=(
            "aria-sort",
            "aria-colindex",
            "aria-colspan",
            "aria-expanded",
            "aria-readonly",
            "aria-required",
            "aria-rowindex",
            "aria-rowspan",
            "aria-selected",
        ),
        context=("row",),
        name_from_content=True,
    ),
    "scrollbar": Role(
        "widget",
        required=("aria-valuenow",),
        allowed=(
            "aria-controls",
            "aria-orientation",
            "aria-valuemax",
            "aria-valuemin",
            "aria-valuetext",
        ),
        presentational_children=True,
    ),
    "search": Role("landmark", allowed=("aria-expanded",)),
    "searchbox": Role(
        "widget",
        allowed=(
            "aria-activedescendant",
            "aria-autocomplete",
            "aria-multiline",
            "aria-placeholder",
            "aria-readonly",
            "aria-required",
        ),
        name_required=True,
    ),
    "section": Role("abstract", name_from_content=True),
    "sectionfooter": Role("structure"),
    "sectionhead": Role("abstract", name_from_content=True),
    "sectionheader": Role("structure"),
    "select": Role("abstract"),
    "separator": Role(
        "structure",
        required=("aria-valuenow",),
        allowed=("aria-valuemax", "aria-valuemin", "aria-orientation", "aria-valuetext"),
        presentational_children=True,
    ),
    "slider": Role(
        "widget",
        required=("aria-valuenow",),
        allowed=(
            "aria-valuemax",
            "aria-valuemin",
            "aria-orientation",
            "aria-readonly",
            "aria-required",
            "aria-valuetext",
        ),
        name_required=True,
        presentational_children=True,
    ),
    "spinbutton": Role(
        "widget",
        allowed=(
            "aria-valuemax",
            "aria-valuemin",
            "aria-readonly",
            "aria-required",
            "aria-activedescendant",
            "aria-valuetext",
            "aria-valuenow",
        ),
        name_required=True,
    ),
    "status": Role("structure", allowed=("aria-expanded",)),
    "strong": Role("structure", prohibited=("aria-actions", "aria-label", "aria-labelledby")),
    "structure": Role("abstract"),
    "subscript": Role("structure", prohibited=("aria-actions", "aria-label", "aria-labelledby")),
    "superscript": Role("structure", prohibited=("aria-actions", "aria-label", "aria-labelledby")),
    "switch": Role(
        "widget",
        required=("aria-checked",),
        allowed=("aria-expanded", "aria-readonly", "aria-required"),
        name_from_content=True,
        name_required=True,
        presentational_children=True,
    ),
    "suggestion": Role(
        "structure",
        prohibited=("aria-actions", "aria-label", "aria-labelledby"),
        owned=("insertion", "deletion"),
    ),
    "tab": Role(
        "widget",
        allowed=("aria-posinset", "aria-selected", "aria-setsize", "aria-expanded"),
        context=("tablist",),
        name_from_content=True,
        presentational_children=True,
    ),
    "table": Role(
        "structure",
        allowed=("aria-colcount", "aria-rowcount", "aria-expanded"),
        owned=("rowgroup", "row"),
        name_from_content=True,
    ),
    "tablist": Role(
        "composite",
        allowed=(
            "aria-level",
            "aria-multiselectable",
            "aria-orientation",
            "aria-activedescendant",
            "aria-expanded",
        ),
        owned=("tab",),
    ),
    "tabpanel": Role("structure", allowed=("aria-expanded",)),
    "term": Role("structure", allowed=("aria-expanded",), name_from_content=True),
    "text": Role("structure", name_from_content=True),
    "textbox": Role(
        "widget",
        allowed=(
            "aria-activedescendant",
            "aria-autocomplete",
            "aria-multiline",
            "aria-placeholder",
            "aria-readonly",
            "aria-required",
        ),
        name_required=True,
    ),
    "time": Role("structure"),
    "timer": Role("structure", allowed=("aria-expanded",)),
    "toolbar": Role(
        "structure",
        allowed=("aria-orientation", "aria-activedescendant", "aria-expanded"),
        name_required=True,
    ),
    "tooltip": Role("structure", allowed=("aria-expanded",), name_from_content=True),
    "tree": Role(
        "composite",
        allowed=(
            "aria-multiselectable",
            "aria-required",
            "aria-activedescendant",
            "aria-expanded",
            "aria-orientation",
        ),
        owned=("group", "treeitem"),
    ),
    "treegrid": Role(
        "composite",
        allowed=(
            "aria-activedescendant",
            "aria-colcount",
            "aria-expanded",
            "aria-level",
            "aria-multiselectable",
            "aria-orientation",
            "aria-readonly",
            "aria-required",
            "aria-rowcount",
        ),
        owned=("rowgroup", "row"),
    ),
    "treeitem": Role(
        "widget",
        allowed=(
            "aria-checked",
            "aria-expanded",
            "aria-level",
            "aria-posinset",
            "aria-selected",
            "aria-setsize",
        ),
        context=("group", "tree"),
        name_from_content=True,
        name_required=True,
    ),
    "widget": Role("abstract"),
    "window": Role("abstract"),
    "doc-abstract": Role("section", allowed=("aria-expanded",)),
    "doc-acknowledgments": Role("landmark", allowed=("aria-expanded",)),
    "doc-afterword": Role("landmark", allowed=("aria-expanded",)),
    "doc-appendix": Role("landmark", allowed=("aria-expanded",)),
    "doc-backlink": Role("link", allowed=("aria-expanded",), name_from_content=True),
    "doc-biblioentry": Role(
        "listitem",
        allowed=("aria-expanded", "aria-level", "aria-posinset", "aria-setsize"),
        deprecated=True,
    ),
    "doc-bibliography": Role("landmark", allowed=("aria-expanded",)),
    "doc-biblioref": Role("link", allowed=("aria-expanded",), name_from_content=True),
    "doc-chapter": Role("landmark", allowed=("aria-expanded",)),
    "doc-colophon": Role("section", allowed=("aria-expanded",)),
    "doc-conclusion": Role("landmark", allowed=("aria-expanded",)),
    "doc-cover": Role("img", allowed=("aria-expanded",)),
    "doc-credit": Role("section", allowed=("aria-expanded",)),
    "doc-credits": Role("landmark", allowed=("aria-expanded",)),
    "doc-dedication": Role("section", allowed=("aria-expanded",)),
    "doc-endnote": Role(
        "listitem",
        allowed=("aria-expanded", "aria-level", "aria-posinset", "aria-setsize"),
        deprecated=True,
    ),
    "doc-endnotes": Role("landmark", allowed=("aria-expanded",)),
    "doc-epigraph": Role("section", allowed=("aria-expanded",)),
    "doc-epilogue": Role("landmark", allowed=("aria-expanded",)),
    "doc-errata": Role("landmark", allowed=("aria-expanded",)),
    "doc-example": Role("section", allowed=("aria-expanded",)),
    "doc-footnote": Role("section", allowed=("aria-expanded",)),
    "doc-foreword": Role("landmark", allowed=("aria-expanded",)),
    "doc-glossary": Role("landmark", allowed=("aria-expanded",)),
    "doc-glossref": Role("link", allowed=("aria-expanded",), name_from_content=True),
    "doc-index": Role("navigation", allowed=("aria-expanded",)),
    "doc-introduction": Role("landmark", allowed=("aria-expanded",)),
    "doc-noteref": Role("link", allowed=("aria-expanded",), name_from_content=True),
    "doc-notice": Role("note", allowed=("aria-expanded",)),
    "doc-pagebreak": Role(
        "separator", allowed=("aria-expanded", "aria-orientation"), presentational_children=True
    ),
    "doc-pagelist": Role("navigation", allowed=("aria-expanded",)),
    "doc-part": Role("landmark", allowed=("aria-expanded",)),
    "doc-preface": Role("landmark", allowed=("aria-expanded",)),
    "doc-prologue": Role("landmark", allowed=("aria-expanded",)),
    "doc-pullquote": Role("none"),
    "doc-qna": Role("section", allowed=("aria-expanded",)),
    "doc-subtitle": Role("sectionhead", allowed=("aria-expanded",)),
    "doc-tip": Role("note", allowed=("aria-expanded",)),
    "doc-toc": Role("navigation", allowed=("aria-expanded",)),
    "graphics-document": Role("structure", name_required=True),
    "graphics-object": Role("structure", name_from_content=True),
    "graphics-symbol": Role("structure", name_required=True, presentational_children=True),
}
ATTRS: dict[str, Attr] = {
    "aria-actions": Attr("idrefs", is_global=True, allow_empty=True),
    "aria-activedescendant": Attr("idref", allow_empty=True),
    "aria-atomic": Attr("boolean", is_global=True, case_insensitive=True),
    "aria-autocomplete": Attr(
        "nmtoken", values=("inline", "list", "both", "none"), case_insensitive=True
    ),
    "aria-braillelabel": Attr("string", is_global=True, allow_empty=True),
    "aria-brailleroledescription": Attr("string", is_global=True, allow_empty=True),
    "aria-busy": Attr("boolean", is_global=True, case_sensitive=True, default="false"),
    "aria-checked": Attr(
        "nmtoken",
        values=("false", "mixed", "true", "undefined"),
        case_sensitive=True,
        default="undefined",
    ),
    "aria-colcount": Attr("int", min_value=-1),
    "aria-colindex": Attr("int", min_value=1),
    "aria-colspan": Attr("int", min_value=1),
    "aria-controls": Attr("idrefs", is_global=True, allow_empty=True),
    "aria-current": Attr(
        "nmtoken",
        values=("page", "step", "location", "date", "time", "true", "false"),
        is_global=True,
        allow_empty=True,
        case_sensitive=True,
        default="false",
    ),
    "aria-describedby": Attr("idrefs", is_global=True, allow_empty=True),
    "aria-description": Attr("string", is_global=True, allow_empty=True),
    "aria-details": Attr("idrefs", is_global=True, allow_empty=True),
    "aria-disabled": Attr("boolean", is_global=True, case_insensitive=True),
    "aria-dropeffect": Attr(
        "nmtokens",
        values=("copy", "execute", "link", "move", "none", "popup"),
        is_global=True,
        deprecated=True,
        case_insensitive=True,
    ),
    "aria-errormessage": Attr("idrefs", is_global=True, allow_empty=True),
    "aria-expanded": Attr("nmtoken", values=("true", "false", "undefined"), case_insensitive=True),
    "aria-flowto": Attr("idrefs", is_global=True, allow_empty=True),
    "aria-grabbed": Attr(
        "nmtoken",
        values=("true", "false", "undefined"),
        is_global=True,
        deprecated=True,
        case_insensitive=True,
    ),
    "aria-haspopup": Attr(
        "nmtoken",
        values=("true", "false", "menu", "listbox", "tree", "grid", "dialog"),
        is_global=True,
        allow_empty=True,
        case_insensitive=True,
    ),
    "aria-hidden": Attr(
        "nmtoken", values=("true", "false", "undefined"), is_global=True, case_insensitive=True
    ),
    "aria-invalid": Attr(
        "nmtoken",
        values=("grammar", "false", "spelling", "true"),
        is_global=True,
        case_insensitive=True,
    ),
    "aria-keyshortcuts": Attr("string", is_global=True, allow_empty=True),
    "aria-label": Attr("string", is_global=True, allow_empty=True),
    "aria-labelledby": Attr("idrefs", is_global=True, allow_empty=True),
    "aria-level": Attr("int", min_value=1),
    "aria-live": Attr(
        "nmtoken", values=("assertive", "off", "polite"), is_global=True, case_insensitive=True
    ),
    "aria-modal": Attr("boolean", case_insensitive=True),
    "aria-multiline": Attr("boolean", case_sensitive=True, default="false"),
    "aria-multiselectable": Attr("boolean", case_insensitive=True),
    "aria-orientation": Attr(
        "nmtoken", values=("horizontal", "undefined", "vertical"), case_insensitive=True
    ),
    "aria-owns": Attr("idrefs", is_global=True, allow_empty=True),
    "aria-placeholder": Attr("string", allow_empty=True),
    "aria-posinset": Attr("int", min_value=1),
    "aria-pressed": Attr(
        "nmtoken",
        values=("false", "mixed", "true", "undefined"),
        case_sensitive=True,
        default="undefined",
    ),
    "aria-readonly": Attr("boolean", case_sensitive=True, default="false"),
    "aria-relevant": Attr(
        "nmtokens",
        values=("additions", "all", "removals", "text"),
        is_global=True,
        case_sensitive=True,
        default="additions text",
    ),
    "aria-required": Attr("boolean", case_sensitive=True, default="false"),
    "aria-roledescription": Attr("string", is_global=True, allow_empty=True),
    "aria-rowcount": Attr("int", min_value=-1),
    "aria-rowindex": Attr("int", min_value=1),
    "aria-rowspan": Attr("int", min_value=0),
    "aria-selected": Attr("nmtoken", values=("false", "true", "undefined"), case_insensitive=True),
    "aria-setsize": Attr("int", min_value=-1),
    "aria-sort": Attr(
        "nmtoken",
        values=("ascending", "descending", "none", "other"),
        case_sensitive=True,
        default="none",
    ),
    "aria-valuemax": Attr("decimal"),
    "aria-valuemin": Attr("decimal"),
    "aria-valuenow": Attr("decimal"),
    "aria-valuetext": Attr("string", allow_empty=True),
}


def words(text: str) -> list[str]:
    """The words of a space-separated list (keeps long lists of names readable)."""
    return text.split()


GLOBAL_ATTRS: tuple[str, ...] = tuple(name for name, attr in ATTRS.items() if attr.is_global)

# Roles a value from the form control stands in for (axe's controlValueRoles).
CONTROL_VALUE_ROLES = frozenset(
    ("textbox", "progressbar", "scrollbar", "slider", "spinbutton", "combobox", "listbox")
)
RANGE_ROLES = frozenset(("progressbar", "scrollbar", "slider", "spinbutton"))

# HTML elements that are phrasing content (axe adds no space around their text in a name).
PHRASING = frozenset(
    words(
        "#text a abbr area audio b bdi bdo br button canvas cite code data datalist del dfn "
        "em embed i iframe ins kbd label link map math mark meter noscript object output "
        "picture progress q ruby s samp script select slot small span strong svg sub sup "
        "template textarea time u var video wbr"
    )
)
SECTIONING = frozenset(("article", "aside", "nav", "section"))
# Embedded content: its own text never becomes part of a name.
EMBEDDED = frozenset(("audio", "canvas", "embed", "iframe", "math", "object", "svg", "video"))
# Elements whose aria-label / aria-labelledby is prohibited when they have no role.
NAMING_PROHIBITED = frozenset(
    words(
        "abbr b bdi bdo body caption cite code data dd del div em figcaption i ins kbd label "
        "legend mark p pre q rp rt s samp small span strong sub sup time u var"
    )
)
# Elements that take no global ARIA attribute (or only aria-hidden) without a role.
ALLOWED_ARIA_ATTRS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        words(
            "base col colgroup datalist head html link map meta noscript param script slot "
            "source style template title track"
        ),
        (),
    ),
    "br": ("aria-hidden",),
    "picture": ("aria-hidden",),
    "wbr": ("aria-hidden",),
}
# Every element the HTML standard defines (a custom or unknown element is not one of these).
HTML_ELEMENTS = frozenset(
    words(
        "a abbr address area article aside audio b base bdi bdo blockquote body br button "
        "canvas caption cite code col colgroup data datalist dd del details dfn dialog div dl "
        "dt em embed fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header "
        "hgroup hr html i iframe img input ins kbd label legend li link main map math mark "
        "menu meta meter nav noscript object ol optgroup option output p param picture pre "
        "progress q rp rt ruby s samp script search section select slot small source span "
        "strong style sub summary sup svg table tbody td template textarea tfoot th thead "
        "time title tr track u ul var video wbr"
    )
)
INPUT_TYPES = frozenset(
    words(
        "hidden text search tel url email password date month week time datetime-local number "
        "range color checkbox radio file submit image reset button"
    )
)


# Roles an element may take (axe's allowedRoles): any, none, or these; elements whose
# answer depends on their attributes are in accessibility._allowed_roles.
ANY_ROLE_ALLOWED = frozenset(  # any role
    words(
        "abbr address b bdi bdo blockquote canvas cite code data del dfn div em hgroup i ins "
        "kbd mark output p pre q rp rt ruby s samp small span strong svg sub sup table tbody "
        "tfoot thead time td th tr u var"
    )
)
NO_ROLE_ALLOWED = frozenset(  # no role
    words(
        "base body caption col colgroup datalist dd details head html label legend link main "
        "map math meta meter noscript optgroup option param picture progress script slot "
        "source style template textarea title track"
    )
)
SOME_ROLES_ALLOWED: dict[str, tuple[str, ...]] = {
    "article": tuple(words("feed presentation none document application main region")),
    "aside": tuple(
        words(
            "feed note presentation none region search doc-dedication doc-example doc-footnote "
            "doc-glossary doc-pullquote doc-tip"
        )
    ),
    "audio": tuple(words("application")),
    "br": tuple(words("presentation none")),
    "button": tuple(
        words(
            "checkbox combobox gridcell link menuitem menuitemcheckbox menuitemradio option radio "
            "separator slider switch tab treeitem"
        )
    ),
    "dialog": tuple(words("alertdialog")),
    "dl": tuple(words("group list presentation none")),
    "dt": tuple(words("listitem")),
    "embed": tuple(words("application document img image presentation none")),
    "fieldset": tuple(words("none presentation radiogroup")),
    "figcaption": tuple(words("group none presentation")),
    "footer": tuple(words("group none presentation doc-footnote")),
    "form": tuple(words("form search none presentation")),
    "h1": tuple(words("none presentation tab doc-subtitle")),
    "h2": tuple(words("none presentation tab doc-subtitle")),
    "h3": tuple(words("none presentation tab doc-subtitle")),
    "h4": tuple(words("none presentation tab doc-subtitle")),
    "h5": tuple(words("none presentation tab doc-subtitle")),
    "h6": tuple(words("none presentation tab doc-subtitle")),
    "header": tuple(words("group none presentation doc-footnote")),
    "hr": tuple(words("none presentation doc-pagebreak")),
    "iframe": tuple(words("application document img image none presentation")),
    "li": tuple(
        words(
            "menuitem menuitemcheckbox menuitemradio option none presentation radio separator tab "
            "treeitem doc-biblioentry doc-endnote"
        )
    ),
    "menu": tuple(
        words(
            "directory group listbox menu menubar none presentation radiogroup tablist toolbar tree"
        )
    ),
    "nav": tuple(words("doc-index doc-pagelist doc-toc menu menubar none presentation tablist")),
    "object": tuple(words("application document img image")),
    "ol": tuple(
        words(
            "directory group listbox menu menubar none presentation radiogroup tablist toolbar tree"
        )
    ),
    "search": tuple(words("form group none presentation region search")),
    "section": tuple(
        words(
            "alert alertdialog application banner complementary contentinfo dialog document feed "
            "group log main marquee navigation none note presentation search status tabpanel doc- "
            "abstract doc-acknowledgments doc-afterword doc-appendix doc-bibliography doc-chapter "
            "doc-colophon doc-conclusion doc-credit doc-credits doc-dedication doc-endnotes doc- "
            "epigraph doc-epilogue doc-errata doc-example doc-foreword doc-glossary doc-index "
            "doc-introduction doc-notice doc-pagelist doc-part doc-preface doc-prologue doc- "
            "pullquote doc-qna doc-toc"
        )
    ),
    "ul": tuple(
        words(
            "directory group listbox menu menubar none presentation radiogroup tablist toolbar tree"
        )
    ),
    "video": tuple(words("application")),
    "wbr": tuple(words("presentation none")),
    # the elements whose roles depend on their attributes (axe's variants)
    "a[href]": tuple(
        words(
            "button checkbox menuitem menuitemcheckbox menuitemradio option radio switch tab "
            "treeitem doc-backlink doc-biblioref doc-glossref doc-noteref"
        )
    ),
    "img[alt]": tuple(
        words(
            "button checkbox link math menuitem menuitemcheckbox menuitemradio meter option "
            "progressbar radio scrollbar separator slider switch tab treeitem doc-cover"
        )
    ),
    "input[type=button]": tuple(
        words(
            "checkbox combobox link menuitem menuitemcheckbox menuitemradio option radio switch tab"
        )
    ),
    "input[type=checkbox]": tuple(words("menuitemcheckbox option switch")),
    "input[type=checkbox][aria-pressed]": tuple(words("button menuitemcheckbox option switch")),
    "input[type=image]": tuple(words("link menuitem menuitemcheckbox menuitemradio radio switch")),
}
