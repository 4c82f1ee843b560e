"""The editor's API: read and change a site's facts and draft, upload a photo, publish.

The same work as the dashboard's editor (``sites.drafts``): changes are edits by path
(``sites.edits`` lists them), collect in the draft, and go live with Publish. A change
whose path the draft changed since the client read it (``seen``, the fingerprints that
``GET /sites/{id}/draft`` gives) is refused with 409 "edit_conflict", naming who changed it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from code24.accounts.http import AccountRequest
from code24.accounts.models import Membership, User
from code24.api_errors import (
    AUTH_ERRORS,
    BODY_ERRORS,
    ID_ERRORS,
    ApiError,
    documented_headers,
    errors,
)
from code24.idempotency.api import idempotent
from sites import drafts, edits, photos
from sites.api import _status_url
from sites.editor import upload_bytes
from sites.models import Site

router = Router(tags=["editor"])
PUBLISHERS_ONLY = "Only the workspace's owners and admins can publish or discard a draft."


class DraftOut(Schema):
    site_id: int
    based_on_version: int
    changes: list[str] = Field(description="What the draft changes, one sentence each.")
    edits: dict[str, Any] = Field(description="The draft's edits: path → value.")
    seen: dict[str, str] = Field(
        description="Fingerprints of every editable path's value in the draft; send the "
        "ones you read back with a change to be told when someone else changed them."
    )
    spec: dict[str, Any] = Field(description="The whole draft: brief, brand, design, content.")


class DraftChangeIn(Schema):
    changes: dict[str, Any] = Field(description="path → new value (see the editor's paths).")
    seen: dict[str, str] = Field(default_factory=dict)


class FactsOut(Schema):
    site_id: int
    facts: dict[str, Any]
    phone: str
    email: str
    address: str


class FactsIn(Schema):
    facts: dict[str, Any] = Field(default_factory=dict, description="Fact groups to change.")
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    seen: dict[str, str] = Field(default_factory=dict)


class PhotoOut(Schema):
    id: str
    alt: str
    width: int
    height: int
    variants: list[dict[str, Any]]
    placed_at: str


class PublishOut(Schema):
    build_id: int
    status_url: str
    changes: list[str]


def _site(request: AccountRequest, site_id: int) -> Site:
    site = get_object_or_404(
        Site.objects.filter(account=request.account).select_related("current_version"),
        pk=site_id,
    )
    if site.current_version is None:
        raise ApiError(409, "not_live", "This site has no published version yet.")
    return site


def _user(request: HttpRequest) -> User | None:
    user = getattr(request, "user", None)
    return user if isinstance(user, User) else None


def _require_publisher(request: HttpRequest) -> None:
    auth = getattr(request, "auth", None)
    if isinstance(auth, Membership) and not auth.can_manage_sites:
        raise PermissionDenied(PUBLISHERS_ONLY)


def _paths(spec: dict[str, Any]) -> list[str]:
    """Every editable path of the spec (for ``seen``)."""
    paths = [f"brief:{f}" for f in edits.BRIEF_FIELDS]
    paths += [f"facts:{g}" for g in edits.FACT_GROUPS]
    paths += [f"brand:{f}" for f in edits.BRAND_FIELDS]
    paths += ["design:cta_label", "faq", "pages", "photos"]
    paths += [f"nav:{p['slug']}" for p in spec["design"]["pages"]]
    for page in spec["content"]["pages"]:
        paths += [f"page:{page['slug']}:{f}" for f in edits.PAGE_FIELDS]
        for index, section in enumerate(page["sections"]):
            prefix = edits.section_path(spec, page["slug"], index)
            paths += [f"{prefix}:{f}" for f in edits.SECTION_FIELDS if f in section or f == "photo"]
    return paths


def _draft_out(site: Site) -> dict[str, Any]:
    spec = drafts.draft_spec(site)
    seen = {}
    for path in _paths(spec):
        value = edits.read(spec, path)
        seen[path] = drafts.fingerprint(None if value is edits.MISSING else value)
    assert site.current_version is not None
    return {
        "site_id": site.pk,
        "based_on_version": site.current_version.number,
        "changes": drafts.draft_changes(site),
        "edits": {e.path: e.value for e in drafts.draft_edits(site)},
        "seen": seen,
        "spec": spec,
    }


def _change(request: AccountRequest, site: Site, changes: dict[str, Any], seen: dict[str, str]):
    if not changes:
        raise ApiError(400, "invalid", 'Send at least one change: {"changes": {path: value}}.')
    try:
        result = drafts.edit_save(site=site, user=_user(request), changes=changes, seen=seen)
    except drafts.DraftError as exc:
        raise ApiError(400, "invalid", str(exc)) from exc
    if result.conflicts:
        raise ApiError(409, "edit_conflict", drafts.conflict_sentence(result.conflicts))


@router.get(
    "/sites/{site_id}/draft",
    response={200: DraftOut, **errors(*AUTH_ERRORS, *ID_ERRORS, 409)},
    openapi_extra=documented_headers(),
    url_name="draft_detail",
    summary="The site's draft: its edits, what they change, and the whole draft",
)
def draft_detail(request: AccountRequest, site_id: int) -> dict[str, Any]:
    return _draft_out(_site(request, site_id))


@router.patch(
    "/sites/{site_id}/draft",
    response={200: DraftOut, **errors(*AUTH_ERRORS, *ID_ERRORS, *BODY_ERRORS, 409)},
    openapi_extra=documented_headers(),
    url_name="draft_change",
    summary="Change things in the draft",
    description="`changes` maps editable paths (e.g. `page:index:h1`, `facts:hours`, "
    "`brand:palette`) to their new values. A value equal to what is published takes the "
    "path out of the draft. 400 when the draft would not make a valid site (a colour pair "
    'under WCAG AA, a title too long), with the reason; 409 "edit_conflict" when a path in '
    "`seen` was changed by someone else since.",
)
def draft_change(request: AccountRequest, site_id: int, payload: DraftChangeIn) -> dict[str, Any]:
    site = _site(request, site_id)
    _change(request, site, payload.changes, payload.seen)
    return _draft_out(site)


@router.delete(
    "/sites/{site_id}/draft",
    response={204: None, **errors(*AUTH_ERRORS, *ID_ERRORS, 409)},
    openapi_extra=documented_headers(),
    url_name="draft_discard",
    summary="Throw the draft away",
)
def draft_discard(request: AccountRequest, site_id: int) -> Status:
    _require_publisher(request)
    drafts.draft_discard(site=_site(request, site_id))
    return Status(204, None)


@router.get(
    "/sites/{site_id}/facts",
    response={200: FactsOut, **errors(*AUTH_ERRORS, *ID_ERRORS, 409)},
    openapi_extra=documented_headers(),
    url_name="facts_detail",
    summary="The business facts, as the draft has them",
)
def facts_detail(request: AccountRequest, site_id: int) -> dict[str, Any]:
    spec = drafts.draft_spec(_site(request, site_id))
    brief = spec["brief"]
    return {
        "site_id": site_id,
        "facts": brief.get("facts") or {},
        "phone": brief.get("phone", ""),
        "email": brief.get("email", ""),
        "address": brief.get("address", ""),
    }


@router.patch(
    "/sites/{site_id}/facts",
    response={200: FactsOut, **errors(*AUTH_ERRORS, *ID_ERRORS, *BODY_ERRORS, 409)},
    openapi_extra=documented_headers(),
    url_name="facts_change",
    summary="Change business facts in the draft (the words follow them)",
)
def facts_change(request: AccountRequest, site_id: int, payload: FactsIn) -> dict[str, Any]:
    site = _site(request, site_id)
    changes: dict[str, Any] = {f"facts:{group}": v for group, v in payload.facts.items()}
    for name in ("phone", "email", "address"):
        if getattr(payload, name) is not None:
            changes[f"brief:{name}"] = getattr(payload, name)
    for path in changes:
        try:
            edits.check(path)
        except edits.PathError as exc:
            raise ApiError(400, "invalid", str(exc)) from exc
    _change(
        request,
        site,
        changes,
        {f"facts:{k}" if ":" not in k else k: v for k, v in payload.seen.items()},
    )
    return facts_detail(request, site_id)


@router.post(
    "/sites/{site_id}/photos",
    response={201: PhotoOut, **errors(*AUTH_ERRORS, *ID_ERRORS, *BODY_ERRORS, 409)},
    openapi_extra=documented_headers(),
    url_name="photo_upload",
    summary="Upload a photo into the draft's library (and show it somewhere)",
    description="Multipart: `file` (JPEG, PNG, WebP or HEIC), optional `alt` (else Code24 "
    "suggests one from the file's name and the place) and `place` (a section's path, e.g. "
    "`page:index:hero:0`, whose photo it becomes). 400 with the reason for anything that "
    "is not such a photo (SVG, a decompression bomb, too large).",
)
def photo_upload(
    request: AccountRequest,
    site_id: int,
    file: UploadedFile = File(...),  # noqa: B008
    alt: str = Form(""),
    place: str = Form(""),
) -> Status:
    site = _site(request, site_id)
    spec = drafts.draft_spec(site)
    if place:
        try:
            edits.check(f"{place}:photo")
        except edits.PathError as exc:
            raise ApiError(400, "invalid", f"place: {exc}") from exc
        if (
            edits.read(spec, f"{place}:photo") is edits.MISSING
            and edits.read(spec, f"{place}:heading") is edits.MISSING
        ):
            raise ApiError(400, "invalid", f"place: the draft has no section {place!r}.")
    try:
        photo = photos.photo_process(
            upload_bytes(file),
            file.name or "photo",
            site_id=site.pk,
            alt=alt,
            business_name=spec["brand"]["display_name"],
            context=str(edits.read(spec, f"{place}:heading")) if place else "",
        )
    except photos.PhotoRefused as exc:
        raise ApiError(400, "invalid_photo", str(exc)) from exc
    library = [p for p in spec.get("photos") or [] if p["id"] != photo.id]
    changes: dict[str, Any] = {"photos": [*library, photo.model_dump(mode="json")]}
    if place:
        changes[f"{place}:photo"] = photo.id
    _change(request, site, changes, {})
    return Status(
        201,
        {
            "id": photo.id,
            "alt": photo.alt,
            "width": photo.width,
            "height": photo.height,
            "variants": [
                v.model_dump(include={"path", "width", "height", "content_type", "bytes"})
                for v in photo.variants
            ],
            "placed_at": place,
        },
    )


@router.post(
    "/sites/{site_id}/publish",
    response={202: PublishOut, **errors(*AUTH_ERRORS, *ID_ERRORS, *BODY_ERRORS, 409)},
    openapi_extra=documented_headers(),
    url_name="draft_publish",
    summary="Publish the draft: checks, then a new live version",
    description="Answers at once (202) with the build that publishes the draft; poll "
    '`status_url`. 409 "conflict" when there is nothing to publish or a build is running.',
)
@idempotent
def draft_publish(request: AccountRequest, site_id: int) -> Status:
    _require_publisher(request)
    site = _site(request, site_id)
    try:
        changes = drafts.draft_changes(site)
        build = drafts.draft_publish(site=site, user=_user(request), via="api")
    except drafts.DraftError as exc:
        raise ApiError(409, "conflict", str(exc)) from exc
    return Status(
        202,
        {
            "build_id": build.pk,
            "status_url": _status_url(request, build),
            "changes": changes,
        },
    )
