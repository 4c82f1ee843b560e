"""What the customer can set on a site, named by paths into its spec, and how the values
are laid over a spec (a draft on the live version, or what a rebuild's writer wrote).

One path per thing the customer sets (``SiteEdit.path``):

  brief:<field>                   phone, email, address, location
  facts:<group>                   a group of business facts (offers, hours, team, ...)
  brand:<field>                   display_name, tagline, logo, heading_font, body_font, palette
  design:cta_label                the header's button
  nav:<slug>                      a page's label in the menu
  page:<slug>:<field>             meta_title, meta_description, h1
  page:<slug>:<kind>:<n>:<field>  the n-th section of that kind on the page: heading, body,
                                  cta_label, image_alt, photo, items (the whole list)
  faq                             the site's questions and answers
  pages                           the page set: {"order", "removed", "added"} (see below)
  photos                          the photo library (``Photo`` dicts)

A section is named by its kind and its place among the page's sections of that kind, not
by its index, so a rebuild that adds a section above it still finds the customer's text.

``pages``: ``order`` lists the slugs in the customer's order (pages it does not name keep
their place after them), ``removed`` the slugs the customer took off, ``added`` the pages
the customer made ({slug: {"nav_label", "content": PageContent}}).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Mapping
from typing import Any

FACT_GROUPS = (
    "offers",
    "hours",
    "hours_exceptions",
    "team",
    "testimonials",
    "social",
    "order_url",
    "area_served",
    "differentiators",
    "founded",
    "ways",
)
BRIEF_FIELDS = ("phone", "email", "address", "location")
BRAND_FIELDS = ("display_name", "tagline", "logo", "heading_font", "body_font", "palette")
PAGE_FIELDS = ("meta_title", "meta_description", "h1")
SECTION_FIELDS = ("heading", "body", "cta_label", "image_alt", "photo", "items")
# What the writer never writes: only the customer does, so there is nothing to propose.
CUSTOMER_ONLY = ("brief:", "facts:", "photos", "pages", "brand:logo")

Spec = dict[str, Any]
MISSING = object()


class PathError(ValueError):
    """A path that names nothing the customer can set."""


def check(path: str) -> None:
    """Raise PathError unless ``path`` is one of the paths above."""
    parts = path.split(":")
    head = parts[0]
    ok = (
        (head == "brief" and len(parts) == 2 and parts[1] in BRIEF_FIELDS)
        or (head == "facts" and len(parts) == 2 and parts[1] in FACT_GROUPS)
        or (head == "brand" and len(parts) == 2 and parts[1] in BRAND_FIELDS)
        or path in ("design:cta_label", "faq", "pages", "photos")
        or (head == "nav" and len(parts) == 2 and bool(parts[1]))
        or (head == "page" and len(parts) == 3 and parts[2] in PAGE_FIELDS)
        or (
            head == "page" and len(parts) == 5 and parts[3].isdigit() and parts[4] in SECTION_FIELDS
        )
    )
    if not ok:
        raise PathError(f"{path!r} is not something that can be edited.")


def section_path(spec: Spec, slug: str, index: int) -> str:
    """The path prefix of the page's section at ``index``: ``page:<slug>:<kind>:<n>``."""
    sections = _page(spec, slug)["sections"]
    kind = sections[index]["kind"]
    n = sum(1 for s in sections[:index] if s["kind"] == kind)
    return f"page:{slug}:{kind}:{n}"


def read(spec: Spec, path: str) -> Any:
    """The value at ``path`` in the spec, or MISSING when the spec has no such place."""
    try:
        container, key = _place(spec, path)
    except (KeyError, IndexError, TypeError, StopIteration):
        return MISSING
    if isinstance(container, dict):
        return copy.deepcopy(container.get(key, MISSING))
    return MISSING


def write(spec: Spec, path: str, value: Any) -> bool:
    """Set ``path`` in the spec (in place); False when the spec has no such place."""
    if path == "pages":
        _pages_apply(spec, value or {})
        return True
    try:
        container, key = _place(spec, path)
    except (KeyError, IndexError, TypeError, StopIteration):
        return False
    container[key] = copy.deepcopy(value)
    return True


def lay_over(spec: Spec, edits: Mapping[str, Any]) -> Spec:
    """A copy of the spec with every edit's value in place: the page set first (so text
    edits find the pages the customer added), then everything else."""
    result = copy.deepcopy(spec)
    if "pages" in edits:
        write(result, "pages", edits["pages"])
    for path, value in edits.items():
        if path != "pages":
            write(result, path, value)
    return result


def same(a: Any, b: Any) -> bool:
    return _canon(a) == _canon(b)


def proposals(incoming: Spec, edits: Iterable[Any]) -> list[tuple[Any, Any]]:
    """Where ``incoming`` (what a rebuild's writer wrote) says something else than the
    customer set, and something new: [(edit, the incoming value)]. Not new: what the site
    said before the customer's edit (the writer saying it again), and what the customer
    dismissed before."""
    found = []
    for edit in edits:
        if edit.path.startswith(CUSTOMER_ONLY):
            continue
        value = read(incoming, edit.path)
        if value is MISSING or same(value, edit.value) or same(value, edit.base):
            continue
        if any(same(value, gone) for gone in edit.dismissed or []):
            continue
        found.append((edit, value))
    return found


def describe(path: str, spec: Spec) -> str:
    """What the path is, in a customer's words: "the headline of the home page"."""
    parts = path.split(":")
    head = parts[0]
    if head == "facts":
        return {
            "offers": "what you offer and your prices",
            "hours": "the opening hours",
            "hours_exceptions": "the exceptions to the opening hours",
            "team": "the team",
            "testimonials": "what customers said",
            "social": "the links to your profiles",
            "order_url": "where people order or book",
            "area_served": "the area you serve",
            "differentiators": "what makes you different",
            "founded": "the year you started",
            "ways": "how people buy from you",
        }.get(parts[1], parts[1])
    if head == "brief":
        return {"phone": "the phone number", "email": "the email address"}.get(
            parts[1], f"the {parts[1]}"
        )
    if head == "brand":
        return {
            "display_name": "the name shown on the site",
            "tagline": "the tagline",
            "logo": "the logo",
            "heading_font": "the headings' font",
            "body_font": "the text's font",
            "palette": "the colours",
        }[parts[1]]
    if path == "design:cta_label":
        return "the header's button"
    if path == "faq":
        return "the questions and answers"
    if path == "pages":
        return "the pages and their order"
    if path == "photos":
        return "the photos"
    if head == "nav":
        return f"the menu label of {page_name(spec, parts[1])}"
    where = page_name(spec, parts[1])
    if len(parts) == 3:
        names = {"meta_title": "title", "meta_description": "description", "h1": "headline"}
        return f"the {names[parts[2]]} of {where}"
    kind, n, field = parts[2], int(parts[3]), parts[4]
    section = _section_or_none(spec, parts[1], kind, n)
    label = f"“{section['heading']}”" if section else f"a {kind} section"
    what = {
        "heading": "heading",
        "body": "text",
        "cta_label": "button",
        "image_alt": "picture's description",
        "photo": "photo",
        "items": "list",
    }[field]
    if field == "heading" and section:
        return f"the heading {label} on {where}"
    return f"the {what} of {label} on {where}"


def page_name(spec: Spec, slug: str) -> str:
    if slug == "index":
        return "the home page"
    for plan in spec.get("design", {}).get("pages", []):
        if plan.get("slug") == slug:
            return f"the {plan.get('nav_label') or slug} page"
    return f"the {slug} page"


# --- places in a spec -------------------------------------------------------------------


def _canon(value: Any) -> str:
    return json.dumps(None if value is MISSING else value, sort_keys=True, ensure_ascii=False)


def _page(spec: Spec, slug: str) -> dict[str, Any]:
    return next(p for p in spec["content"]["pages"] if p["slug"] == slug)


def _section_or_none(spec: Spec, slug: str, kind: str, n: int) -> dict[str, Any] | None:
    try:
        return _section(spec, slug, kind, n)
    except (KeyError, IndexError, StopIteration):
        return None


def _section(spec: Spec, slug: str, kind: str, n: int) -> dict[str, Any]:
    of_kind = [s for s in _page(spec, slug)["sections"] if s["kind"] == kind]
    return of_kind[n]


def _place(spec: Spec, path: str) -> tuple[Any, str]:
    parts = path.split(":")
    head = parts[0]
    if head == "brief":
        return spec["brief"], parts[1]
    if head == "facts":
        return spec["brief"].setdefault("facts", {}), parts[1]
    if head == "brand":
        return spec["brand"], parts[1]
    if path == "design:cta_label":
        return spec["design"], "primary_cta_label"
    if path == "faq":
        return spec["content"], "faq"
    if path == "photos":
        return spec, "photos"
    if head == "nav":
        return next(p for p in spec["design"]["pages"] if p["slug"] == parts[1]), "nav_label"
    if head == "page" and len(parts) == 3:
        return _page(spec, parts[1]), parts[2]
    if head == "page" and len(parts) == 5:
        return _section(spec, parts[1], parts[2], int(parts[3])), parts[4]
    raise KeyError(path)


def _pages_apply(spec: Spec, value: Mapping[str, Any]) -> None:
    design, content = spec["design"], spec["content"]
    for slug, page in (value.get("added") or {}).items():
        if any(p["slug"] == slug for p in content["pages"]):
            continue
        content["pages"].append(copy.deepcopy(page["content"]))
        design["pages"].append(
            {
                "slug": slug,
                "nav_label": page["nav_label"],
                "sections": [
                    {"kind": s["kind"], "variant": "default"} for s in page["content"]["sections"]
                ],
            }
        )
    removed = set(value.get("removed") or []) - {"index"}
    content["pages"] = [p for p in content["pages"] if p["slug"] not in removed]
    design["pages"] = [p for p in design["pages"] if p["slug"] not in removed]
    order = [slug for slug in value.get("order") or [] if slug not in removed]
    rank = {slug: i for i, slug in enumerate(order)}

    def key(entry: tuple[int, dict[str, Any]]) -> tuple[int, int]:
        index, page = entry
        return (rank.get(page["slug"], len(rank)), index)

    design["pages"] = [p for _, p in sorted(enumerate(design["pages"]), key=key)]
    content["pages"] = [p for _, p in sorted(enumerate(content["pages"]), key=key)]
