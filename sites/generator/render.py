"""render_site: a brief, brand, design and content in; the site's files out.

A pure function of its inputs: the same inputs give the same bytes (no dates, no random).
The copyright year in the footer is an input too (``year``, kept in the version's spec;
``None`` shows no year): rendering never reads the clock.
Every piece of text that came from the customer or the AI team reaches the HTML through
Django's autoescaping templates (``templates/generator/``), the JSON-LD through
``json.dumps`` with ``<``, ``>`` and ``&`` escaped, and the CSS only as validated colours
and sanitised font names. Links are only ever built from known page slugs, a validated
email address or the digits of a phone number: no customer text becomes a URL.

Files written (see the contract in the issue notes):
  index.html, <slug>.html for every other page, thanks.html, 404.html,
  styles.<hash>.css (one stylesheet; the hash in its name lets the site Worker cache it
  for a year, and a new version gets a new name), favicon.svg, sitemap.xml, robots.txt,
  and fonts/<font>-<weight>-<hash>.woff2 for a brand font Code24 hosts (``fonts.py``).

The customer's photos (``photos``, the spec's ``photos``) are only named: their variants
are site files the develop step adds from the spec (``photos/<name>-<width>-<hash>.webp``);
a section's, an item's or the logo's photo id that names no photo (or a photo of the wrong
kind) is ignored, and the generated art is drawn instead. See ``pictures.py``.

The site sends no request anywhere else: no font CDN, no scripts, no trackers.
The contact form posts to ``form_action`` (Code24 uses ``/_forms/contact`` on the site
itself, which the site Worker forwards to Code24; its CSP allows form-action 'self'). Its
browser checks (required, maxlength, pattern) are LeadForm's rules, from
``sites.forms.lead_field_rules``, so the browser refuses what Code24 would refuse.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, get_args
from urllib.parse import quote, urlsplit

from django.template import Engine
from django.utils.safestring import SafeString, mark_safe

from code24.ai.contrast import mix, relative_luminance
from code24.ai.facts import SCHEMA_DAYS, hours_lines, link_name
from code24.ai.known import ORDER_SLUG
from code24.ai.schemas import (
    Brand,
    Brief,
    Content,
    Design,
    PageContent,
    Photo,
    Section,
    SectionKind,
)
from sites.forms import LEAD_EMAIL_HINT, lead_field_rules
from sites.generator import art, pictures
from sites.generator.fonts import LATIN_RANGE, Font, font_for
from sites.generator.pictures import Picture

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
SECTION_KINDS = frozenset(get_args(SectionKind))
LIST_SECTIONS = frozenset(
    {"menu", "services", "products", "features", "pricing", "testimonials", "team", "stats"}
    | {"gallery", "values", "process", "hours", "story", "about"}
)
FOOTER_ONLY = frozenset({"privacy", "terms", "imprint", "legal", "cookies"})
EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})+$")
FONT_NAME = re.compile(r"[^A-Za-z0-9 ._-]")
GENERIC_FONTS = frozenset(
    [
        "serif",
        "sans-serif",
        "monospace",
        "cursive",
        "fantasy",
        "system-ui",
        "ui-serif",
        "ui-sans-serif",
        "ui-monospace",
        "ui-rounded",
        "emoji",
        "math",
        "fangsong",
        "-apple-system",
        "blinkmacsystemfont",
    ]
)
HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
SCHEMA_TYPE = re.compile(r"^[A-Za-z]{2,60}$")

LAYOUTS: dict[str, dict[str, str]] = {
    "classic": {
        "radius": "14px",
        "radius-small": "10px",
        "radius-button": "10px",
        "heading-weight": "700",
        "heading-tracking": "-0.015em",
    },
    "bold": {
        "radius": "6px",
        "radius-small": "4px",
        "radius-button": "4px",
        "heading-weight": "800",
        "heading-tracking": "-0.03em",
    },
    "minimal": {
        "radius": "4px",
        "radius-small": "4px",
        "radius-button": "999px",
        "heading-weight": "600",
        "heading-tracking": "-0.01em",
    },
    "warm": {
        "radius": "24px",
        "radius-small": "16px",
        "radius-button": "999px",
        "heading-weight": "700",
        "heading-tracking": "-0.01em",
    },
}
HERO_TONE = {"classic": "surface", "bold": "primary", "minimal": "bg", "warm": "surface"}


# Section kinds drawn the same way (a grid of cards) share one template.
SHARED_TEMPLATES = {"features": "cards", "services": "cards", "values": "cards"}
# Kinds whose items may show a photo (a card's top, a gallery's tile, a person).
ITEM_PHOTOS = frozenset({"gallery", "products", "team", "services", "features", "values"})
# Kinds with a place of their own for a section photo; the other list sections show it
# beside their heading, and legal pages show none.
SECTION_PHOTO_PLACES = {"about": "split", "story": "split-wide", "contact": "contact"}
OWN_PHOTO_PLACE = frozenset({"hero", "cta", *SECTION_PHOTO_PLACES})
NO_SECTION_PHOTO = frozenset({"legal"})


def render_site(
    *,
    brief: Brief,
    brand: Brand,
    design: Design,
    content: Content,
    site_url: str,
    form_action: str,
    site_id: int,
    year: int | None,
    photos: Sequence[Photo] = (),
) -> dict[str, bytes]:
    """Every file of the site, by path (``index.html``, ``about.html``, ...), but the
    photos' own files (see the module's notes)."""
    if year is not None and not 1990 <= year <= 9999:
        raise ValueError(f"The copyright year must be a year like 2025, not {year!r}.")
    site = _Site.build(
        brief=brief,
        brand=brand,
        design=design,
        content=content,
        site_url=site_url,
        form_action=form_action,
        site_id=site_id,
        photos=photos,
    )
    fonts = brand_fonts(brand)
    files: dict[str, bytes] = {}
    for font in fonts:
        for weight in font.files:
            files[font.site_path(weight)] = font.data(weight)
    css = stylesheet(brand, design.layout, photos=site.photos_shown(), fonts=fonts)
    css_path = f"styles.{hashlib.sha256(css.encode()).hexdigest()[:10]}.css"
    files[css_path] = css.encode()
    common = {**site.common(css_path), "year": year, "preload_fonts": _preloads(brand)}
    for page in site.pages:
        files[page.file] = _html("generator/page.html", {**common, **site.page_context(page)})
    files["thanks.html"] = _html("generator/thanks.html", {**common, **site.thanks_context()})
    files["404.html"] = _html("generator/404.html", {**common, **site.not_found_context()})
    files["favicon.svg"] = art.favicon(
        brand.display_name, primary=brand.palette.primary, on_primary=brand.palette.on_primary
    ).encode()
    files["sitemap.xml"] = _sitemap(site)
    files["robots.txt"] = f"User-agent: *\nAllow: /\n\nSitemap: {site.url}/sitemap.xml\n".encode()
    return dict(sorted(files.items()))


def render_spec(
    spec: dict[str, Any], *, site_url: str, form_action: str, site_id: int
) -> dict[str, bytes]:
    """The files of a version's spec (``brief``, ``brand``, ``design``, ``content``,
    ``year`` and ``photos``, as SiteVersion.spec holds them). Raises KeyError or pydantic's
    ValidationError for a spec that is incomplete or invalid."""
    year = spec.get("year")
    photos = [Photo.model_validate(photo) for photo in spec.get("photos") or []]
    return render_site(
        brief=Brief.model_validate(spec["brief"]),
        brand=Brand.model_validate(spec["brand"]),
        design=Design.model_validate(spec["design"]),
        content=Content.model_validate(spec["content"]),
        site_url=site_url,
        form_action=form_action,
        site_id=site_id,
        year=int(year) if year is not None else None,
        photos=photos,
    )


# --- the site's model for the templates -----------------------------------------------


@dataclass
class _Page:
    slug: str
    file: str
    href: str
    url: str
    nav_label: str
    content: PageContent
    variants: list[str] = field(default_factory=list)


@dataclass
class _Site:
    brief: Brief
    brand: Brand
    design: Design
    content: Content
    url: str
    form_action: str
    site_id: int
    pages: list[_Page]
    photos: dict[str, Photo] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        *,
        brief: Brief,
        brand: Brand,
        design: Design,
        content: Content,
        site_url: str,
        form_action: str,
        site_id: int,
        photos: Sequence[Photo] = (),
    ) -> _Site:
        url = _site_url(site_url)
        if not (form_action.startswith("/") or form_action.startswith("https://")):
            raise ValueError(
                f"The form action must be a path on the site or an https URL, not {form_action!r}."
            )
        planned = {plan.slug: plan for plan in design.pages}
        pages: list[_Page] = []
        seen: set[str] = set()
        # Pages in the design's order first, then content pages the design did not list.
        by_slug = {page.slug: page for page in content.pages}
        order = [plan.slug for plan in design.pages if plan.slug in by_slug]
        order += [page.slug for page in content.pages if page.slug not in planned]
        for slug in order:
            if slug in seen:
                continue
            seen.add(slug)
            page = by_slug[slug]
            plan = planned.get(slug)
            href = "/" if slug == "index" else f"/{slug}"
            pages.append(
                _Page(
                    slug=slug,
                    file="index.html" if slug == "index" else f"{slug}.html",
                    href=href,
                    url=url + href if slug != "index" else url + "/",
                    nav_label=plan.nav_label if plan else page.meta_title,
                    content=page,
                    variants=[section.variant for section in plan.sections] if plan else [],
                )
            )
        if not any(page.slug == "index" for page in pages):
            raise ValueError("The content has no home page (a page with the slug 'index').")
        return cls(
            brief=brief,
            brand=brand,
            design=design,
            content=content,
            url=url,
            form_action=form_action,
            site_id=site_id,
            pages=pages,
            photos={photo.id: photo for photo in reversed(photos)},  # the first of an id wins
        )

    # photos -----------------------------------------------------------------------------

    def photo(self, photo_id: str, kind: str = "photo") -> Photo | None:
        """The photo an id names, if there is one of that kind (else the art is drawn)."""
        found = self.photos.get(photo_id) if photo_id else None
        return found if found is not None and found.kind == kind else None

    @property
    def logo(self) -> Photo | None:
        return self.photo(self.brand.logo, "logo")

    def photos_shown(self) -> list[Photo]:
        """Every photo some page shows (their focal points go into the stylesheet)."""
        shown: dict[str, Photo] = {}
        for page in self.pages:
            for section in page.content.sections:
                for photo in self._photos_of(section):
                    shown[photo.id] = photo
        return list(shown.values())

    def _photos_of(self, section: Section) -> list[Photo]:
        """The photos a section shows: its own, then its items' (where its kind has them)."""
        kind = section.kind if section.kind in SECTION_KINDS else "about"
        ids = [section.photo] if kind not in NO_SECTION_PHOTO else []
        if kind in ITEM_PHOTOS:
            ids += [item.photo for item in section.items]
        return [photo for photo_id in ids if (photo := self.photo(photo_id)) is not None]

    def photo_url(self, photo: Photo) -> str:
        return f"{self.url}/{pictures.largest(photo).path}"

    # links ------------------------------------------------------------------------------

    def href_for(self, slug: str) -> str:
        """The path of a page of this site; unknown slugs fall back to the contact page.
        ``order-online`` is the business's own order page (its facts' ``order_url``)."""
        slug = (slug or "").strip().lower().strip("/")
        if slug == ORDER_SLUG and self.brief.facts.order_url is not None:
            return _web_link(str(self.brief.facts.order_url))
        for page in self.pages:
            if page.slug == slug:
                return page.href
        return self.contact_href

    @property
    def contact_href(self) -> str:
        for page in self.pages:
            if page.slug == "contact":
                return page.href
        for page in self.pages:
            if any(section.kind == "contact" for section in page.content.sections):
                return page.href
        return "/"

    @property
    def phone(self) -> str:
        return self.content.structured_data.telephone or self.brief.phone

    @property
    def email(self) -> str:
        return self.content.structured_data.email or self.brief.email

    @property
    def address(self) -> str:
        return self.content.structured_data.address or self.brief.address

    def contact_points(self) -> list[dict[str, Any]]:
        points: list[dict[str, Any]] = []
        tel = _tel(self.phone)
        if self.phone:
            points.append(
                {"label": "Phone", "value": self.phone, "href": tel, "icon": art.icon("phone")}
            )
        if self.email:
            mail = f"mailto:{quote(self.email, safe='@.+-_')}" if EMAIL.match(self.email) else ""
            points.append(
                {"label": "Email", "value": self.email, "href": mail, "icon": art.icon("mail")}
            )
        if self.address:
            points.append(
                {"label": "Address", "value": self.address, "href": "", "icon": art.icon("pin")}
            )
        elif self.brief.location:
            points.append(
                {
                    "label": "Where",
                    "value": self.brief.location,
                    "href": "",
                    "icon": art.icon("pin"),
                }
            )
        return points

    # template contexts ---------------------------------------------------------------------

    def common(self, css_path: str) -> dict[str, Any]:
        palette = self.brand.palette
        cta_slug = self.design.primary_cta_page
        cta_label = self.design.primary_cta_label
        nav = [
            {"label": page.nav_label, "href": page.href, "slug": page.slug}
            for page in self.pages
            if page.slug != "index"
            and page.slug not in FOOTER_ONLY
            # the header's button already says it
            and not (page.slug == cta_slug and page.nav_label.casefold() == cta_label.casefold())
        ]
        footer_nav = [{"label": page.nav_label, "href": page.href} for page in self.pages]
        logo = self.logo
        name = self.brand.display_name
        return {
            "name": name,
            "tagline": self.brand.tagline,
            "css_path": css_path,
            "theme_color": palette.primary,
            "layout": self.design.layout,
            "mark": art.mark(name),
            "logo": pictures.logo_picture(logo, name=name) if logo else None,
            "footer_logo": pictures.logo_picture(logo, name=name, loading="lazy") if logo else None,
            "logo_alone": bool(logo and pictures.is_wordmark(logo)),
            "nav": nav,
            "footer_nav": footer_nav,
            "primary_cta": {
                "label": cta_label,
                "href": self.href_for(cta_slug),
            },
            "contact_points": self.contact_points(),
            "site_url": self.url,
            "lang": "en",
            "check_icon": art.icon("check"),
            "privacy_href": next((p.href for p in self.pages if p.slug == "privacy"), ""),
            "hours": [
                {"days": days, "times": times} for days, times in hours_lines(self.brief.facts)
            ],
            "map_href": _map_link(self.address),
            "social": [
                {"label": link_name(str(url)), "href": href}
                for url in self.brief.facts.social
                if (href := _web_link(str(url)))
            ],
        }

    def page_context(self, page: _Page) -> dict[str, Any]:
        # A section made of items that has none (no facts behind it) is left out.
        kept = [
            (section, page.variants[index] if index < len(page.variants) else "default")
            for index, section in enumerate(page.content.sections)
            if section.items or section.body or section.kind not in LIST_SECTIONS
        ]
        sections = [section for section, _ in kept]
        first_is_hero = bool(sections) and sections[0].kind == "hero"
        rendered = []
        faq_used: list[dict[str, str]] = []
        tones = self._tones(sections)
        for index, (section, variant) in enumerate(kept):
            context = self._section(
                page,
                section,
                index=index,
                tone=tones[index],
                variant=variant,
                is_h1=first_is_hero and index == 0,
                following=sections[index + 1 :],
            )
            if section.kind == "faq":
                faq_used.extend(context["faq"])
            rendered.append(context)
        json_ld = [self._organisation_ld(page)]
        if faq_used:
            json_ld.append(_faq_ld(faq_used))
        shown = [photo for section in sections for photo in self._photos_of(section)]
        og_image = None
        if shown:
            largest = pictures.largest(shown[0])
            og_image = {
                "url": f"{self.url}/{largest.path}",
                "type": largest.content_type,
                "width": largest.width,
                "height": largest.height,
                "alt": shown[0].alt,
            }
        return {
            "page": {
                "slug": page.slug,
                "title": page.content.meta_title,
                "description": page.content.meta_description,
                "url": page.url,
                "h1": page.content.h1,
                "noindex": False,
            },
            "intro": not first_is_hero,
            "intro_tone": "bg",
            "sections": rendered,
            "json_ld": [_json_ld(block) for block in json_ld],
            "og_type": "website",
            "og_image": og_image,
        }

    def thanks_context(self) -> dict[str, Any]:
        return {
            "page": {
                "slug": "thanks",
                "title": f"Thank you | {self.brand.display_name}",
                "description": f"Your message to {self.brand.display_name} has been sent.",
                "url": f"{self.url}/thanks",
                "h1": "Thank you, your message is on its way",
                "noindex": True,
            },
            "badge_icon": art.icon("check-circle"),
            "json_ld": [],
        }

    def not_found_context(self) -> dict[str, Any]:
        return {
            "page": {
                "slug": "404",
                "title": f"Page not found | {self.brand.display_name}",
                "description": f"This page does not exist on {self.brand.display_name}'s site.",
                "url": f"{self.url}/404",
                "h1": "We couldn't find that page",
                "noindex": True,
            },
            "badge_icon": art.icon("compass"),
            "json_ld": [],
        }

    # sections ------------------------------------------------------------------------------

    def _tones(self, sections: list[Section]) -> list[str]:
        """Alternate background and surface; calls to action stand out on the primary."""
        tones: list[str] = []
        previous = "bg"
        for index, section in enumerate(sections):
            if section.kind == "cta":
                tone = "primary"
            elif section.kind == "hero" and index == 0:
                tone = HERO_TONE[self.design.layout]
            elif section.kind == "legal":
                tone = "bg"
            else:
                tone = "surface" if previous == "bg" else "bg"
                if index == 0:
                    tone = "bg"
            tones.append(tone)
            previous = tone if tone != "primary" else "surface"
        return tones

    def _section(
        self,
        page: _Page,
        section: Section,
        *,
        index: int,
        tone: str,
        variant: str,
        is_h1: bool,
        following: list[Section],
    ) -> dict[str, Any]:
        kind = section.kind if section.kind in SECTION_KINDS else "about"
        business = self.brief.business_type
        items: list[dict[str, Any]] = []
        used: set[str] = set()
        item_photos = [
            self.photo(source.photo) if kind in ITEM_PHOTOS else None for source in section.items
        ]
        has_photos = any(item_photos)
        grid_slot, columns = pictures.grid_slot(len(section.items), gallery=kind == "gallery")
        for number, source in enumerate(section.items):
            icon_name = art.icon_name_for(business, source.title, source.text, number, avoid=used)
            used.add(icon_name)
            item_photo = item_photos[number]
            # In a grid with photos, an item without one gets a tile of the same shape.
            tiled = kind in ("gallery", "products") or (
                has_photos and kind in ("services", "features", "values")
            )
            items.append(
                {
                    "title": source.title,
                    "text": source.text,
                    "detail": source.detail,
                    "paragraphs": _paragraphs(source.text),
                    "bullets": _bullets(source.text),
                    "icon": art.icon(icon_name),
                    "avatar": art.avatar(source.title) if kind == "team" else "",
                    "tile": art.tile_art(icon_name, number + _offset(section.heading))
                    if tiled and item_photo is None
                    else "",
                    "photo": pictures.picture(item_photo, slot=grid_slot) if item_photo else None,
                }
            )
        cta_label = section.cta_label
        cta_href = self.href_for(section.cta_page) if cta_label else ""
        if kind == "cta" and not cta_label:
            cta_label = self.design.primary_cta_label
            cta_href = self.href_for(self.design.primary_cta_page)
        if cta_href == page.href:
            # A button to the page it is on leads on to what follows instead.
            cta_href = f"#{following[0].kind}-{index + 2}" if following else ""
            cta_label = cta_label if cta_href else ""
        context: dict[str, Any] = {
            "kind": kind,
            "template": f"generator/sections/{SHARED_TEMPLATES.get(kind, kind)}.html",
            "id": f"{kind}-{index + 1}",
            "tone": tone,
            "variant": re.sub(r"[^a-z0-9-]", "", variant.lower())[:40] or "default",
            "heading": section.heading,
            "is_h1": is_h1,
            "h1": page.content.h1,
            "paragraphs": _paragraphs(section.body),
            "items": items,
            "cta_label": cta_label,
            "cta_href": cta_href,
            "image_alt": section.image_alt,
            "faq": [],
            "has_photos": has_photos,
            "columns": columns,
        }
        photo = self._section_photo(section, kind, variant, first=is_h1)
        context["photo" if kind in OWN_PHOTO_PLACE else "head_photo"] = photo
        if kind == "hero":
            context["art"] = art.hero_art(business, label=section.image_alt, variant=index)
            context["eyebrow"] = section.heading if section.heading != page.content.h1 else ""
            context["secondary"] = self._hero_secondary(page, cta_href)
        elif kind in ("about", "story"):
            name = art.TYPE_ART.get(business, art.TYPE_ART["other"])[0]
            if kind == "story":
                name = "book" if business != "photographer" else "camera"
            context["art"] = art.feature_art(business, name, label=section.image_alt)
        elif kind == "faq":
            entries = [{"question": i.title, "answer": i.text} for i in section.items if i.text]
            if not entries:
                entries = [
                    {"question": entry.question, "answer": entry.answer}
                    for entry in self.content.faq
                ]
            context["faq"] = entries
            for entry in entries:
                entry["paragraphs"] = _paragraphs(entry["answer"])  # type: ignore[assignment]
        elif kind == "contact":
            context["form_action"] = self.form_action
            context["form_id"] = f"contact-form-{index + 1}"
            context["rules"] = lead_field_rules()
            context["email_hint"] = LEAD_EMAIL_HINT
            context["contact_points"] = self.contact_points()
            context["hours_icon"] = art.icon("clock")
        elif kind == "hours":
            context["address"] = self.address
            context["map_href"] = _map_link(self.address)
        elif kind == "legal":
            context["standard_notice"] = not section.items
            context["rights_contact"] = self._rights_contact()
        elif kind == "pricing":
            featured = len(items) // 2 if len(items) == 3 else -1
            as_lists = any(item["bullets"] for item in items)
            for number, item in enumerate(items):
                item["featured"] = number == featured
                item["quiet"] = featured >= 0 and number != featured
                if as_lists and not item["bullets"]:
                    item["bullets"] = item["paragraphs"]
        return context

    def _section_photo(
        self, section: Section, kind: str, variant: str, *, first: bool
    ) -> Picture | None:
        """A section's own photo where its kind shows one. The hero's at the top of a
        page is the one photo fetched at once (it is above the fold); the others load
        as the visitor scrolls to them."""
        photo = self.photo(section.photo) if kind not in NO_SECTION_PHOTO else None
        if photo is None:
            return None
        if kind == "hero":
            slot = "banner" if variant == "centered" else "split"
            return pictures.picture(photo, slot=slot, loading="high" if first else "lazy")
        if kind == "about" and variant == "reverse":
            return pictures.picture(photo, slot="split-wide")
        return pictures.picture(photo, slot=SECTION_PHOTO_PLACES.get(kind, "split"))

    def _rights_contact(self) -> str:
        ways = [
            f"{point['label'].lower()} ({point['value']})"
            for point in self.contact_points()
            if point["href"]
        ]
        if self.contact_href != "/":
            ways.append("the form on our contact page")
        if not ways:
            return ""
        listed = ways[0] if len(ways) == 1 else ", ".join(ways[:-1]) + " or " + ways[-1]
        return f"To do so, contact us by {listed}."

    def _hero_secondary(self, page: _Page, primary_href: str) -> dict[str, Any] | None:
        tel = _tel(self.phone)
        if tel:
            return {"label": f"Call {self.phone}", "href": tel, "icon": art.icon("phone")}
        for candidate in self.pages:
            if candidate.slug in ("services", "products", "menu") and candidate.href not in (
                primary_href,
                page.href,
            ):
                return {"label": candidate.nav_label, "href": candidate.href, "icon": ""}
        return None

    # structured data ---------------------------------------------------------------------

    def _organisation_ld(self, page: _Page) -> dict[str, Any]:
        data = self.content.structured_data
        schema_type = data.schema_type if SCHEMA_TYPE.match(data.schema_type) else "LocalBusiness"
        block: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": schema_type,
            "@id": f"{self.url}/#organization",
            "name": self.brand.display_name,
            "description": data.description,
            "url": f"{self.url}/",
            "logo": self.photo_url(self.logo) if self.logo else f"{self.url}/favicon.svg",
            "slogan": self.brand.tagline,
        }
        if self.phone:
            block["telephone"] = self.phone
        if self.email and EMAIL.match(self.email):
            block["email"] = self.email
        if self.address:
            block["address"] = self.address
        area = data.area_served or self.brief.location
        if area:
            block["areaServed"] = area
        if data.price_range:
            block["priceRange"] = data.price_range
        facts = self.brief.facts
        if facts.hours:
            block["openingHoursSpecification"] = [
                {
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": [SCHEMA_DAYS[day] for day in entry.days],
                    "opens": entry.opens,
                    "closes": "23:59" if entry.closes == "24:00" else entry.closes,
                }
                for entry in facts.hours
            ]
        if facts.founded:
            block["foundingDate"] = str(facts.founded)
        links = [_web_link(str(url)) for url in facts.social]
        if any(links):
            block["sameAs"] = [link for link in links if link]
        return block


# --- helpers -------------------------------------------------------------------------------


@cache
def _engine() -> Engine:
    return Engine(dirs=[str(TEMPLATES)], autoescape=True, string_if_invalid="")


def _html(template: str, context: dict[str, Any]) -> bytes:
    html = _engine().get_template(template).render(_context(context))
    lines = (line.strip() for line in html.splitlines())
    return ("\n".join(line for line in lines if line) + "\n").encode()


def _context(values: dict[str, Any]) -> Any:
    from django.template import Context

    return Context(values, autoescape=True)


def _site_url(site_url: str) -> str:
    parts = urlsplit(site_url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username:
        raise ValueError(f"The site address must be an http(s) URL, not {site_url!r}.")
    if any(ch in site_url for ch in "<>\"' \\"):
        raise ValueError(f"The site address {site_url!r} contains characters URLs cannot hold.")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def _web_link(url: str) -> str:
    """A validated http(s) address as a link, or "" (a fact's URL is checked by its schema;
    this refuses anything else that might reach here)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ""
    return parts.geturl()


def _map_link(address: str) -> str:
    """The address on OpenStreetMap: the address only ever becomes a quoted query."""
    if not address.strip():
        return ""
    return "https://www.openstreetmap.org/search?query=" + quote(" ".join(address.split()))


def _tel(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    if not 5 <= len(digits) <= 15:
        return ""
    return ("tel:+" if phone.strip().startswith("+") else "tel:") + digits


def _offset(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:4], 16)


def _paragraphs(text: str) -> list[str]:
    return [" ".join(part.split()) for part in re.split(r"\n\s*\n|\n", text) if part.strip()]


def _bullets(text: str) -> list[str]:
    """A plan's text as a list of features when it reads like one ("a; b; c" or lines)."""
    parts = [part.strip(" -•*") for part in re.split(r"\n|;|•", text)]
    parts = [part for part in parts if part]
    return parts if len(parts) > 1 else []


def _json_ld(data: dict[str, Any]) -> SafeString:
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return mark_safe(text)  # noqa: S308 - JSON with every markup character escaped


def _faq_ld(entries: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": entry["question"],
                "acceptedAnswer": {"@type": "Answer", "text": entry["answer"]},
            }
            for entry in entries
        ],
    }


def _sitemap(site: _Site) -> bytes:
    from django.utils.html import escape

    urls = "".join(f"  <url><loc>{escape(page.url)}</loc></url>\n" for page in site.pages)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{urls}</urlset>\n"
    ).encode()


# --- the stylesheet ------------------------------------------------------------------------


def font_stack(value: str, fallback: str) -> str:
    """A CSS font-family list from a brand's font text, with nothing but font names in it."""
    families: list[str] = []
    for raw in value.split(","):
        name = FONT_NAME.sub("", raw.replace('"', "").replace("'", "")).strip()
        name = " ".join(name.split())[:60]
        if not name or name.lower() in {f.lower() for f in families}:
            continue
        if name.lower() in GENERIC_FONTS:
            families.append(name.lower() if name.lower() != "blinkmacsystemfont" else name)
        else:
            families.append(f'"{name}"')
        if len(families) == 12:
            break
    if not families or families[-1].strip('"').lower() not in GENERIC_FONTS:
        families.append(fallback)
    return ", ".join(families)


def _hex(colour: str) -> str:
    if not HEX.match(colour):
        raise ValueError(f"{colour!r} is not a colour like #1a2b3c.")
    return colour.lower()


def brand_fonts(brand: Brand) -> list[Font]:
    """The self-hosted fonts the brand's heading and body fonts start with (body first)."""
    found: list[Font] = []
    for value in (brand.body_font, brand.heading_font):
        font = font_for(value)
        if font is not None and font not in found:
            found.append(font)
    return found


def _preloads(brand: Brand) -> list[str]:
    """The font files fetched at once, beside the stylesheet rather than after it: the
    body font's file for text (400) and the heading font's for headings (700), when Code24
    hosts them. Measured with Lighthouse (scripts/bench_site_lighthouse.py): without a
    preload the text is drawn in the fallback font first and moves when the font arrives
    (a layout shift of 0.32 on a phone); preloading the heading font too brings the first
    paint forward (0.9-1.05 s instead of 1.2 s simulated on a phone)."""
    preloads: list[str] = []
    for value, weight in ((brand.body_font, 400), (brand.heading_font, 700)):
        font = font_for(value)
        if font is not None:
            path = f"/{font.site_path(font.weight_for(weight))}"
            if path not in preloads:
                preloads.append(path)
    return preloads


def font_faces(fonts: list[Font]) -> str:
    """An @font-face per file. ``swap``: the text shows at once in the fallback font."""
    faces = []
    for font in fonts:
        for weight in font.files:
            faces.append(
                "@font-face{"
                f'font-family:"{font.family}";font-style:normal;font-weight:{weight};'
                "font-display:swap;"
                f'src:url(/{font.site_path(weight)}) format("woff2");'
                f"unicode-range:{LATIN_RANGE}"
                "}\n"
            )
    return "".join(faces)


def _css_font(value: str) -> str:
    """A brand's font as CSS: a hosted font named by its key alone gets its whole stack."""
    font = font_for(value)
    return font.stack if font is not None and "," not in value else value


def stylesheet(
    brand: Brand, layout: str, *, photos: Sequence[Photo] = (), fonts: Sequence[Font] = ()
) -> str:
    palette = brand.palette
    bg = _hex(palette.background)
    text = _hex(palette.text)
    primary = _hex(palette.primary)
    dark = relative_luminance(bg) < 0.2
    variables = {
        "primary": primary,
        "on-primary": _hex(palette.on_primary),
        "accent": _hex(palette.accent),
        "bg": bg,
        "surface": _hex(palette.surface),
        "text": text,
        "muted": _hex(palette.muted_text),
        "tint": mix(primary, bg, 0.75 if dark else 0.86),
        "line": mix(text, bg, 0.82),
        "shadow": mix(text, bg, 0.9),
        "shadow-strong": mix(text, bg, 0.55),
        "footer-line": mix(bg, text, 0.7),
        "font-body": font_stack(_css_font(brand.body_font), "sans-serif"),
        "font-heading": font_stack(_css_font(brand.heading_font), "sans-serif"),
        **LAYOUTS.get(layout, LAYOUTS["classic"]),
    }
    root = (
        ":root{"
        + f"color-scheme:{'dark' if dark else 'light'};"
        + "".join(f"--{name}:{value};" for name, value in variables.items())
        + "}\n"
    )
    return font_faces(list(fonts)) + root + _base_css() + pictures.focal_css(list(photos))


@cache
def _base_css() -> str:
    css = (HERE / "site.css").read_text()
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"\s*\n\s*", "\n", css)
    css = re.sub(r"\s*([{};])\s*", r"\1", css)
    return css.strip() + "\n"
