"""The site editor: the customer changes the words, the facts, the pages, the brand and the
photos of a live site beside a live preview of the draft, then publishes it.

Every form works without JavaScript (a POST, then back to the page with what happened);
with htmx the form is swapped in place and the preview reloads (``HX-Trigger:
draft-changed``). The work is done by ``sites.drafts``; this module reads forms and shows
results. Members edit the draft; owners and admins publish it, throw it away, and decide
on proposals that would change it.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from code24.accounts.decorators import account_required, role_required
from code24.accounts.http import AccountRequest
from code24.ai.schemas import Photo
from code24.cloudflare.workers_bundle import content_type_for
from sites import drafts, edits, photos
from sites.addresses import FORM_ACTION, site_address
from sites.editor_forms import (
    AddPageForm,
    BrandForm,
    ContactHoursForm,
    ExceptionFormSet,
    LogoForm,
    MemberFormSet,
    OfferFormSet,
    PageWordsForm,
    PhotoDetailsForm,
    PhotoUploadForm,
    TestimonialFormSet,
    hours_initial,
    hours_value,
    rows,
    seen_of,
)
from sites.generator import fonts as site_fonts
from sites.generator import render_spec
from sites.models import Site, SiteEdit
from sites.preview import preview_headers, preview_path, preview_rewrite

PUBLISHERS_ONLY = "Only the workspace's owners and admins can publish or discard a draft."
FACT_LISTS = {
    "team": "your team (Facts → Team)",
    "testimonials": "what customers said (Facts → Testimonials)",
}


def _site(request: AccountRequest, site_id: int) -> Site:
    site = get_object_or_404(
        Site.objects.filter(account=request.account).select_related("current_version"),
        pk=site_id,
    )
    if site.current_version is None:
        raise Http404("This site has no published version yet: edit it once it is live.")
    return site


def _context(request: AccountRequest, site: Site, spec: dict[str, Any], tab: str) -> dict:
    pending = list(drafts.draft_edits(site).order_by("updated_at", "id"))
    return {
        "site": site,
        "tab": tab,
        "spec": spec,
        "changes": [
            {"what": edits.describe(e.path, spec), "by": e.author, "at": e.updated_at}
            for e in pending
        ],
        "proposals": [
            {
                "edit": e,
                "what": edits.describe(e.path, spec),
                "yours": _shown(e.value),
                "proposed": _shown(e.proposed_value),
            }
            for e in drafts.proposals_open(site)
        ],
        "can_publish": request.membership.can_manage_sites,
        "build_running": site.build_running,
        "pages": _pages(spec),
        "address": site_address(site),
    }


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "; ".join(
            str(v.get("title") or v.get("name") or v) if isinstance(v, dict) else str(v)
            for v in value
        )
    return "" if value is None else str(value)


def _pages(spec: dict[str, Any]) -> list[dict[str, Any]]:
    labels = {p["slug"]: p["nav_label"] for p in spec["design"]["pages"]}
    order = [p["slug"] for p in spec["design"]["pages"]]
    order += [p["slug"] for p in spec["content"]["pages"] if p["slug"] not in labels]
    by_slug = {p["slug"]: p for p in spec["content"]["pages"]}
    return [
        {"slug": slug, "label": labels.get(slug) or by_slug[slug]["h1"], "h1": by_slug[slug]["h1"]}
        for slug in order
        if slug in by_slug
    ]


def _done(request: AccountRequest, site: Site, url: str, sentence: str) -> HttpResponse:
    """After a save: back to the page (no JavaScript), or htmx reloads it in place."""
    messages.success(request, sentence)
    if request.htmx:  # type: ignore[attr-defined]
        response = HttpResponse(status=204)
        response["HX-Location"] = url
        response["HX-Trigger"] = "draft-changed"
        return response
    return redirect(url)


def _save(
    request: AccountRequest, site: Site, changes: dict[str, Any], seen: dict[str, str]
) -> tuple[bool, list[drafts.Conflict]]:
    """Save into the draft; a refusal or a conflict becomes a message. True if saved."""
    try:
        result = drafts.edit_save(site=site, user=request.user, changes=changes, seen=seen)
    except drafts.DraftError as exc:
        messages.error(request, str(exc))
        return False, []
    if result.conflicts:
        messages.error(request, drafts.conflict_sentence(result.conflicts))
        return False, result.conflicts
    return True, []


# --- The editor's home: the draft, the pages, proposals -------------------------------


@account_required
def editor_home(request: AccountRequest, site_id: int) -> HttpResponse:
    site = _site(request, site_id)
    spec = drafts.draft_spec(site)
    context = _context(request, site, spec, "pages")
    context["add_form"] = AddPageForm(kinds=_page_kinds(spec))
    context["preview"] = reverse("draft_preview", args=[site.pk, ""])
    return TemplateResponse(request, "sites/editor/home.html", context)


@account_required
@require_POST
def editor_pages(request: AccountRequest, site_id: int) -> HttpResponse:
    """Add a page, take one off, or move one up or down; the menu follows."""
    site = _site(request, site_id)
    spec = drafts.draft_spec(site)
    home = reverse("editor_home", args=[site.pk])
    structure = _structure(site)
    order = [p["slug"] for p in _pages(spec)]
    action, slug = request.POST.get("action", ""), request.POST.get("slug", "")
    if action == "add":
        form = AddPageForm(request.POST, kinds=_page_kinds(spec))
        if not form.is_valid():
            context = _context(request, site, spec, "pages")
            context["add_form"] = form
            return TemplateResponse(request, "sites/editor/home.html", context, status=400)
        made = _new_page(spec, form.cleaned_data)
        if isinstance(made, str):
            form.add_error(None, made)
            context = _context(request, site, spec, "pages")
            context["add_form"] = form
            return TemplateResponse(request, "sites/editor/home.html", context, status=400)
        structure["added"][made["content"]["slug"]] = made
        structure["order"] = [*order, made["content"]["slug"]]
        sentence = f"Added the page “{made['nav_label']}” to the draft."
    elif slug not in order:
        raise Http404("No such page in this site.")
    elif action == "remove":
        if slug == "index":
            messages.error(request, "The home page can't be removed: every site needs one.")
            return redirect(home)
        structure["added"].pop(slug, None)
        if slug not in structure["added"]:
            structure["removed"] = sorted({*structure["removed"], slug})
        structure["order"] = [s for s in order if s != slug]
        sentence = "Removed the page from the draft; its menu link goes too."
    elif action in ("up", "down"):
        index = order.index(slug)
        other = index - 1 if action == "up" else index + 1
        if not 0 <= other < len(order):
            return redirect(home)
        order[index], order[other] = order[other], order[index]
        structure["order"] = order
        sentence = "Moved the page; the menu follows the new order."
    else:
        messages.error(request, "Choose add, remove, up or down.")
        return redirect(home)
    saved, _ = _save(request, site, {"pages": structure}, {})
    if not saved:
        return redirect(home)
    return _done(request, site, home, sentence)


def _structure(site: Site) -> dict[str, Any]:
    edit = (
        drafts.draft_edits(site).filter(path="pages").first()
        or drafts.published_edits(site).filter(path="pages").first()
    )
    value = copy.deepcopy(edit.value if edit else None) or {}
    return {
        "order": list(value.get("order") or []),
        "removed": list(value.get("removed") or []),
        "added": dict(value.get("added") or {}),
    }


def _page_kinds(spec: dict[str, Any]) -> list[tuple[str, str]]:
    kinds = [("about", "Text: a page you write")]
    offers = _offer_kind(spec)
    kinds.append((offers, "What you offer, with prices (from your facts)"))
    kinds += [
        ("team", "Your team (from your facts)"),
        ("testimonials", "What customers said (from your facts)"),
        ("gallery", "Your photos"),
        ("faq", "Questions and answers"),
        ("contact", "Contact details and the form"),
    ]
    return kinds


def _offer_kind(spec: dict[str, Any]) -> str:
    for page in spec["content"]["pages"]:
        for section in page["sections"]:
            if section["kind"] in ("menu", "services", "products", "pricing"):
                return str(section["kind"])
    return "services"


def _new_page(spec: dict[str, Any], data: dict[str, Any]) -> dict[str, Any] | str:
    """A page made from the facts (the lists) and the customer's words; or why not."""
    title, kind, text = data["title"].strip(), data["kind"], data["text"].strip()
    facts = spec["brief"].get("facts") or {}
    name = spec["brand"]["display_name"]
    slug = slugify(title)[:40].strip("-") or "page"
    taken = {p["slug"] for p in spec["content"]["pages"]} | {"thanks", "404", "photos", "fonts"}
    base, n = slug, 2
    while slug in taken:
        slug = f"{base[:36]}-{n}"
        n += 1
    items: list[dict[str, str]] = []
    if kind in ("menu", "services", "products", "pricing"):
        items = [
            {"title": o["name"], "text": o.get("description", ""), "detail": o.get("price", "")}
            for o in facts.get("offers") or []
        ][:12]
        if not items:
            return "Add what you offer in Facts first: this page lists it."
    elif kind == "team":
        items = [
            {"title": m["name"], "text": m.get("bio", ""), "detail": m.get("role", "")}
            for m in facts.get("team") or []
        ][:12]
    elif kind == "testimonials":
        items = [
            {"title": t["author"], "text": t["quote"], "detail": ""}
            for t in facts.get("testimonials") or []
        ][:12]
    elif kind == "gallery":
        items = [
            {"title": p["alt"][:120], "text": "", "detail": "", "photo": p["id"]}
            for p in spec.get("photos") or []
            if p.get("kind", "photo") == "photo"
        ][:12]
        if not items:
            return "Upload photos first (Photos): this page shows them."
    elif kind == "faq":
        items = [
            {"title": f["question"][:120], "text": f["answer"][:600], "detail": ""}
            for f in (spec["content"].get("faq") or [])
        ][:12]
        if not items:
            return "The site has no questions and answers yet: write the page's text instead."
    if kind in FACT_LISTS and not items:
        return f"Add {FACT_LISTS[kind]} first: this page lists them."
    if kind in ("about",) and len(text) < 50:
        return "Write the page's text (at least 50 characters): it is what visitors read."
    description = text or f"{title} at {name}: " + ", ".join(i["title"] for i in items)
    description = " ".join(description.split())
    if len(description) < 50:
        return (
            "Write a sentence or two of text for the page (50 characters or more): search "
            "engines show it under the page's title."
        )
    if len(description) > 160:
        description = description[:157].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    meta_title = f"{title} | {name}"
    if len(meta_title) > 70:
        meta_title = title[:70]
    content = {
        "slug": slug,
        "meta_title": meta_title,
        "meta_description": description,
        "h1": title,
        "sections": [{"kind": kind, "heading": title, "body": text, "items": items}],
    }
    return {"nav_label": title[:40], "content": content}


# --- The words of a page --------------------------------------------------------------


@account_required
def editor_page(request: AccountRequest, site_id: int, slug: str) -> HttpResponse:
    site = _site(request, site_id)
    spec = drafts.draft_spec(site)
    if not any(p["slug"] == slug for p in spec["content"]["pages"]):
        raise Http404("No such page in this site.")
    url = reverse("editor_page", args=[site.pk, slug])
    library = spec.get("photos") or []
    status = 200
    if request.method == "POST":
        form = PageWordsForm(request.POST, spec=spec, slug=slug, photos=library)
        if form.is_valid():
            changes = form.changes()
            if not changes:
                messages.info(request, "Nothing changed on this page.")
                return redirect(url)
            saved, conflicts = _save(request, site, changes, seen_of(request.POST))
            if saved:
                return _done(request, site, url, "Saved in the draft. The preview shows it.")
            status = 409 if conflicts else 400
            if conflicts:
                spec = drafts.draft_spec(site)
                yours = form.cleaned_data
                form = PageWordsForm(spec=spec, slug=slug, photos=library)
                form.yours = {  # type: ignore[attr-defined]
                    c.what: _shown(changes.get(c.path, yours)) for c in conflicts
                }
        else:
            status = 400
    else:
        form = PageWordsForm(spec=spec, slug=slug, photos=library)
    context = _context(request, site, spec, "pages")
    context.update(
        page_slug=slug,
        form=form,
        preview=reverse("draft_preview", args=[site.pk, "" if slug == "index" else slug]),
        page_label=next(p["label"] for p in _pages(spec) if p["slug"] == slug),
    )
    return TemplateResponse(request, "sites/editor/page.html", context, status=status)


# --- Facts ----------------------------------------------------------------------------


@account_required
def editor_facts(request: AccountRequest, site_id: int) -> HttpResponse:
    site = _site(request, site_id)
    spec = drafts.draft_spec(site)
    brief, facts = spec["brief"], spec["brief"].get("facts") or {}
    url = reverse("editor_facts", args=[site.pk])
    shown = {
        "brief:phone": brief.get("phone", ""),
        "brief:email": brief.get("email", ""),
        "brief:address": brief.get("address", ""),
        "facts:social": facts.get("social") or [],
        "facts:founded": facts.get("founded"),
        "facts:hours": facts.get("hours") or [],
        "facts:offers": facts.get("offers") or [],
        "facts:hours_exceptions": facts.get("hours_exceptions") or [],
        "facts:team": facts.get("team") or [],
        "facts:testimonials": facts.get("testimonials") or [],
    }
    data = request.POST if request.method == "POST" else None
    contact = ContactHoursForm(
        data,
        initial={
            "phone": shown["brief:phone"],
            "email": shown["brief:email"],
            "address": shown["brief:address"],
            "social": "\n".join(shown["facts:social"]),
            "founded": shown["facts:founded"],
            **hours_initial(facts),
        },
    )
    offers = OfferFormSet(data, prefix="offers", initial=shown["facts:offers"])
    exceptions = ExceptionFormSet(
        data, prefix="exceptions", initial=shown["facts:hours_exceptions"]
    )
    team = MemberFormSet(data, prefix="team", initial=shown["facts:team"])
    testimonials = TestimonialFormSet(
        data, prefix="testimonials", initial=shown["facts:testimonials"]
    )
    forms_: list[Any] = [contact, offers, exceptions, team, testimonials]
    status = 200
    if data is not None:
        if all(f.is_valid() for f in forms_):
            c = contact.cleaned_data
            wanted = {
                "brief:phone": c["phone"],
                "brief:email": c["email"],
                "brief:address": c["address"],
                "facts:social": c["social_links"],
                "facts:founded": c["founded"],
                "facts:hours": hours_value(c),
                "facts:offers": rows(offers, ("name", "description", "price"), needs="name"),
                "facts:hours_exceptions": rows(
                    exceptions, ("label", "closed", "opens", "closes"), needs="label"
                ),
                "facts:team": rows(team, ("name", "role", "bio"), needs="name"),
                "facts:testimonials": rows(testimonials, ("quote", "author"), needs="quote"),
            }
            for entry in wanted["facts:hours_exceptions"]:
                if entry["closed"]:
                    entry["opens"] = entry["closes"] = ""
            changes = {p: v for p, v in wanted.items() if not edits.same(v, shown[p])}
            if not changes:
                messages.info(request, "Nothing changed in the facts.")
                return redirect(url)
            saved, conflicts = _save(request, site, changes, seen_of(request.POST))
            if saved:
                return _done(
                    request,
                    site,
                    url,
                    "Saved in the draft. The site's words follow the new facts; the preview "
                    "shows them.",
                )
            status = 409 if conflicts else 400
        else:
            status = 400
    context = _context(request, site, spec, "facts")
    context.update(
        contact=contact,
        offers=offers,
        exceptions=exceptions,
        team=team,
        testimonials=testimonials,
        seen=_seen_value(shown),
        preview=reverse("draft_preview", args=[site.pk, ""]),
    )
    return TemplateResponse(request, "sites/editor/facts.html", context, status=status)


def _seen_value(shown: dict[str, Any]) -> str:
    return json.dumps({p: drafts.fingerprint(v) for p, v in shown.items()})


# --- Brand ----------------------------------------------------------------------------


def _font_choices(brand: dict[str, Any]) -> list[tuple[str, str]]:
    choices = [(value, label) for value, label in site_fonts.font_choices()]
    for current in (brand.get("heading_font", ""), brand.get("body_font", "")):
        if current and current not in {c for c, _ in choices}:
            first = current.split(",")[0].strip().strip('"')
            choices.insert(0, (current, f"{first} (on your device, as now)"))
    return choices


@account_required
def editor_brand(request: AccountRequest, site_id: int) -> HttpResponse:
    site = _site(request, site_id)
    spec = drafts.draft_spec(site)
    brand = spec["brand"]
    url = reverse("editor_brand", args=[site.pk])
    shown = {
        "brand:display_name": brand["display_name"],
        "brand:tagline": brand["tagline"],
        "brand:heading_font": brand["heading_font"],
        "brand:body_font": brand["body_font"],
        "brand:palette": brand["palette"],
    }
    initial = {
        "display_name": brand["display_name"],
        "tagline": brand["tagline"],
        "heading_font": brand["heading_font"],
        "body_font": brand["body_font"],
        **brand["palette"],
    }
    form = BrandForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        fonts=_font_choices(brand),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            palette = form.palette()
            refused = drafts.palette_problems(palette)
            if refused:
                for sentence in refused:
                    form.add_error(None, sentence)
                status = 400
            else:
                wanted = {
                    "brand:display_name": form.cleaned_data["display_name"],
                    "brand:tagline": form.cleaned_data["tagline"],
                    "brand:heading_font": form.cleaned_data["heading_font"],
                    "brand:body_font": form.cleaned_data["body_font"],
                    "brand:palette": palette,
                }
                changes = {p: v for p, v in wanted.items() if not edits.same(v, shown[p])}
                if not changes:
                    messages.info(request, "Nothing changed in the brand.")
                    return redirect(url)
                saved, conflicts = _save(request, site, changes, seen_of(request.POST))
                if saved:
                    return _done(request, site, url, "Saved in the draft. The preview shows it.")
                status = 409 if conflicts else 400
        else:
            status = 400
    context = _context(request, site, spec, "brand")
    logo = _photo(spec, brand.get("logo", ""))
    context.update(
        form=form,
        logo_form=LogoForm(),
        logo=logo,
        logo_src=_variant_src(site, logo),
        seen=_seen_value(shown),
        preview=reverse("draft_preview", args=[site.pk, ""]),
    )
    return TemplateResponse(request, "sites/editor/brand.html", context, status=status)


@account_required
@require_POST
def editor_logo(request: AccountRequest, site_id: int) -> HttpResponse:
    """Upload a logo (or take it off: ``remove``)."""
    site = _site(request, site_id)
    spec = drafts.draft_spec(site)
    url = reverse("editor_brand", args=[site.pk])
    if request.POST.get("remove"):
        saved, _ = _save(request, site, {"brand:logo": ""}, {})
        return _done(request, site, url, "Logo removed in the draft.") if saved else redirect(url)
    form = LogoForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Choose the logo's file first.")
        return redirect(url)
    upload = form.cleaned_data["logo"]
    try:
        photo = photos.photo_process(
            upload_bytes(upload),
            upload.name,
            site_id=site.pk,
            kind="logo",
            business_name=spec["brand"]["display_name"],
        )
    except photos.PhotoRefused as exc:
        messages.error(request, str(exc))
        return redirect(url)
    library = _library_with(spec, photo)
    saved, _ = _save(request, site, {"photos": library, "brand:logo": photo.id}, {})
    if not saved:
        return redirect(url)
    return _done(request, site, url, "Logo added to the draft. The preview shows it.")


# --- Photos ---------------------------------------------------------------------------


def upload_bytes(upload: Any) -> bytes:
    """An upload's bytes, refused before reading when it is over the limit."""
    limit = settings.PHOTO_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise photos.PhotoRefused(
            f"The file is {upload.size / 1_000_000:.1f} MB; photos can be up to "
            f"{limit / 1_000_000:.0f} MB. Export a smaller copy and upload that."
        )
    return bytes(upload.read())


def _photo(spec: dict[str, Any], photo_id: str) -> dict[str, Any] | None:
    return next((p for p in spec.get("photos") or [] if p["id"] == photo_id), None)


def _variant_src(site: Site, photo: dict[str, Any] | None) -> str:
    if not photo:
        return ""
    webp = [v for v in photo["variants"] if v["content_type"] in ("image/webp", "image/png")]
    chosen = min(webp or photo["variants"], key=lambda v: v["width"])
    return reverse("draft_preview", args=[site.pk, chosen["path"]])


def _library_with(spec: dict[str, Any], photo: Photo) -> list[dict[str, Any]]:
    library = [p for p in spec.get("photos") or [] if p["id"] != photo.id]
    return [*library, photo.model_dump(mode="json")]


def _places(spec: dict[str, Any]) -> list[tuple[str, str]]:
    """Where a photo can go: sections that show one (hero, about, story), and galleries."""
    places = []
    for page in _pages(spec):
        content = next(p for p in spec["content"]["pages"] if p["slug"] == page["slug"])
        for index, section in enumerate(content["sections"]):
            if section["kind"] in ("hero", "about", "story", "gallery"):
                path = edits.section_path(spec, page["slug"], index)
                label = f"{page['label']}: {section['heading']}"
                if section["kind"] == "gallery":
                    label += " (add to the gallery)"
                places.append((path, label[:120]))
    return places


@account_required
def editor_photos(request: AccountRequest, site_id: int) -> HttpResponse:
    site = _site(request, site_id)
    spec = drafts.draft_spec(site)
    url = reverse("editor_photos", args=[site.pk])
    places = _places(spec)
    form = PhotoUploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        places=places,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["photo"]
            place = form.cleaned_data["place"]
            heading = dict(places).get(place, "").split(": ", 1)[-1]
            try:
                photo = photos.photo_process(
                    upload_bytes(upload),
                    upload.name,
                    site_id=site.pk,
                    business_name=spec["brand"]["display_name"],
                    context=heading.replace(" (add to the gallery)", ""),
                )
            except photos.PhotoRefused as exc:
                form.add_error("photo", str(exc))
                status = 400
            else:
                changes: dict[str, Any] = {"photos": _library_with(spec, photo)}
                if place:
                    changes.update(_placed(spec, place, photo))
                saved, _ = _save(request, site, changes, {})
                if saved:
                    return _done(
                        request,
                        site,
                        url,
                        f"Added “{photo.alt}” to the draft. Check its description below: "
                        "it is what people who can't see the photo hear.",
                    )
                status = 400
        else:
            status = 400
    context = _context(request, site, spec, "photos")
    used = _uses(spec)
    context.update(
        form=form,
        library=[
            {
                "photo": p,
                "src": _variant_src(site, p),
                "form": PhotoDetailsForm(
                    initial={
                        "alt": p["alt"],
                        "focal_x": round(p.get("focal_x", 0.5) * 100),
                        "focal_y": round(p.get("focal_y", 0.5) * 100),
                    },
                    prefix=p["id"],
                ),
                "used": used.get(p["id"], []),
            }
            for p in spec.get("photos") or []
            if p.get("kind", "photo") == "photo"
        ],
        preview=reverse("draft_preview", args=[site.pk, ""]),
    )
    return TemplateResponse(request, "sites/editor/photos.html", context, status=status)


def _placed(spec: dict[str, Any], place: str, photo: Photo) -> dict[str, Any]:
    """The edit that shows the photo at ``place`` (a section path)."""
    try:
        edits.check(f"{place}:photo")
    except edits.PathError:
        return {}
    if ":gallery:" in place:
        items = edits.read(spec, f"{place}:items")
        items = [] if items is edits.MISSING else list(items)
        if len(items) >= 12:
            return {}
        return {f"{place}:items": [*items, {"title": photo.alt[:120], "photo": photo.id}]}
    return {f"{place}:photo": photo.id}


def _uses(spec: dict[str, Any]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for page in _pages(spec):
        content = next(p for p in spec["content"]["pages"] if p["slug"] == page["slug"])
        for section in content["sections"]:
            ids = [section.get("photo")] + [i.get("photo") for i in section.get("items") or []]
            for photo_id in filter(None, ids):
                found.setdefault(photo_id, []).append(f"{page['label']}: {section['heading']}")
    return found


@account_required
@require_POST
def editor_photo(request: AccountRequest, site_id: int, photo_id: str) -> HttpResponse:
    """Change a photo's description and focal point, or take it off the site."""
    site = _site(request, site_id)
    spec = drafts.draft_spec(site)
    url = reverse("editor_photos", args=[site.pk])
    photo = _photo(spec, photo_id)
    if photo is None:
        raise Http404("No such photo in this site.")
    library = [p for p in spec.get("photos") or [] if p["id"] != photo_id]
    if request.POST.get("remove"):
        changes: dict[str, Any] = {"photos": library}
        changes.update(_unplaced(spec, photo_id))
        saved, _ = _save(request, site, changes, {})
        sentence = "Removed the photo from the draft, and from the places that showed it."
        return _done(request, site, url, sentence) if saved else redirect(url)
    form = PhotoDetailsForm(request.POST, prefix=photo_id)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(error) for error in errors))
        return redirect(url)
    changed = {
        **photo,
        "alt": form.cleaned_data["alt"],
        "focal_x": form.cleaned_data["focal_x"] / 100,
        "focal_y": form.cleaned_data["focal_y"] / 100,
    }
    index = (spec.get("photos") or []).index(photo)
    library.insert(index, changed)
    saved, _ = _save(request, site, {"photos": library}, {})
    return _done(request, site, url, "Saved the photo in the draft.") if saved else redirect(url)


def _unplaced(spec: dict[str, Any], photo_id: str) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if spec["brand"].get("logo") == photo_id:
        changes["brand:logo"] = ""
    for page in spec["content"]["pages"]:
        for index, section in enumerate(page["sections"]):
            prefix = edits.section_path(spec, page["slug"], index)
            if section.get("photo") == photo_id:
                changes[f"{prefix}:photo"] = ""
            items = section.get("items") or []
            if any(i.get("photo") == photo_id for i in items):
                kept = [i for i in items if i.get("photo") != photo_id or i.get("text")]
                changes[f"{prefix}:items"] = [
                    {**i, "photo": ""} if i.get("photo") == photo_id else i for i in kept
                ]
    return changes


# --- Publish, discard, proposals --------------------------------------------------------


@role_required("can_manage_sites", PUBLISHERS_ONLY)
@require_POST
def editor_publish(request: AccountRequest, site_id: int) -> HttpResponse:
    site = _site(request, site_id)
    try:
        build = drafts.draft_publish(site=site, user=request.user)
    except drafts.DraftError as exc:
        messages.error(request, str(exc))
        return redirect("editor_home", site.pk)
    messages.success(
        request,
        "Publishing your changes: Code24 checks the new version and puts it live. The "
        "current version stays online until then.",
    )
    return redirect("build_detail", build.pk)


@role_required("can_manage_sites", PUBLISHERS_ONLY)
@require_POST
def editor_discard(request: AccountRequest, site_id: int) -> HttpResponse:
    site = _site(request, site_id)
    count = drafts.draft_discard(site=site)
    if count:
        messages.success(request, "The draft was thrown away. The site is as it was published.")
    else:
        messages.info(request, "There was no draft to throw away.")
    return redirect("editor_home", site.pk)


@account_required
@require_POST
def editor_proposal(request: AccountRequest, site_id: int, edit_id: int) -> HttpResponse:
    site = _site(request, site_id)
    edit = get_object_or_404(SiteEdit, pk=edit_id, site=site, draft=False)
    decision = request.POST.get("decision")
    try:
        if decision == "accept":
            drafts.proposal_accept(edit=edit, user=request.user)
            sentence = "The suggestion is in your draft now; publish it to put it live."
        elif decision == "dismiss":
            drafts.proposal_dismiss(edit=edit)
            sentence = "Kept your own words; this suggestion won't come back."
        else:
            messages.error(request, "Choose accept or dismiss.")
            return redirect("editor_home", site.pk)
    except drafts.DraftError as exc:
        messages.error(request, str(exc))
        return redirect("editor_home", site.pk)
    return _done(request, site, reverse("editor_home", args=[site.pk]), sentence)


# --- The draft's preview ------------------------------------------------------------------


@account_required
@xframe_options_sameorigin
def draft_preview(request: AccountRequest, site_id: int, path: str = "") -> HttpResponse:
    """The draft as the site would serve it (rendered now; photos from storage)."""
    site = _site(request, site_id)
    spec = drafts.draft_spec(site)
    if path.startswith("photos/"):
        entry = _any_photo_entry(spec, path)
        if entry is None:
            raise Http404("No such photo.")
        with default_storage.open(entry["name"], "rb") as handle:
            body = handle.read()
        return _preview_response(body, entry["content_type"], 200)
    files = render_spec(spec, site_url=site_address(site), form_action=FORM_ACTION, site_id=site.pk)
    name = preview_path(files, path)
    status = 200
    if name is None:
        name, status = "404.html", 404
    content_type = content_type_for(name)
    prefix = reverse("draft_preview", args=[site.pk, ""])
    body = preview_rewrite(files[name], content_type, prefix, site_address(site))
    return _preview_response(body, content_type, status)


def _any_photo_entry(spec: dict[str, Any], path: str) -> dict[str, Any] | None:
    """Any variant of a photo in the draft's library (used or not: the editor shows all)."""
    if not re.fullmatch(r"photos/[a-z0-9-]{1,100}\.(webp|avif|png|jpg)", path):
        return None
    for photo in spec.get("photos") or []:
        for variant in photo.get("variants") or []:
            if variant["path"] == path:
                return dict(variant)
    return None


def _preview_response(body: bytes, content_type: str, status: int) -> HttpResponse:
    return preview_headers(HttpResponse(body, content_type=content_type, status=status))
