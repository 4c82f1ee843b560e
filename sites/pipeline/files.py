"""A site's files in Django's storage: content-addressed, so a re-run writes nothing new."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from code24.cloudflare.workers_bundle import content_type_for

Manifest = dict[str, dict[str, Any]]


def files_save(site_id: int, files: dict[str, bytes]) -> Manifest:
    manifest: Manifest = {}
    for path, body in sorted(files.items()):
        digest = hashlib.sha256(body).hexdigest()
        name = f"{settings.SITE_FILES_PREFIX}/{site_id}/{digest[:2]}/{digest}"
        if not default_storage.exists(name):
            saved = default_storage.save(name, ContentFile(body))
            if saved != name:  # a concurrent writer got there first: same content
                default_storage.delete(saved)
        manifest[path] = {
            "name": name,
            "sha256": digest,
            "bytes": len(body),
            "content_type": content_type_for(path),
        }
    return manifest


def files_load(manifest: Manifest) -> dict[str, bytes]:
    files = {}
    for path, entry in manifest.items():
        with default_storage.open(entry["name"], "rb") as handle:
            body = handle.read()
        if hashlib.sha256(body).hexdigest() != entry["sha256"]:
            raise ValueError(f"The stored copy of {path} is damaged.")
        files[path] = body
    return files


def content_hash(manifest: Manifest) -> str:
    """One hash for a whole set of files: the same files give the same hash."""
    listing = {path: entry["sha256"] for path, entry in manifest.items()}
    return hashlib.sha256(json.dumps(listing, sort_keys=True).encode()).hexdigest()


def photo_entries(spec: dict[str, Any]) -> Manifest:
    """The stored variants of the photos the spec shows (a section's, an item's, the
    logo), by the path the pages name them at: manifest entries like files_save's."""
    used = photos_used(spec)
    entries: Manifest = {}
    for photo in spec.get("photos") or []:
        if photo.get("id") not in used:
            continue
        for variant in photo.get("variants") or []:
            entries[variant["path"]] = {
                "name": variant["name"],
                "sha256": variant["sha256"],
                "bytes": variant["bytes"],
                "content_type": variant["content_type"],
            }
    return entries


def photos_used(spec: dict[str, Any]) -> set[str]:
    used = {str((spec.get("brand") or {}).get("logo") or "")}
    for page in (spec.get("content") or {}).get("pages") or []:
        for section in page.get("sections") or []:
            used.add(str(section.get("photo") or ""))
            used.update(str(item.get("photo") or "") for item in section.get("items") or [])
    return used - {""}


def photo_files(spec: dict[str, Any]) -> dict[str, bytes]:
    """The bytes of the photos the spec shows, by path (for a crawl of rendered files)."""
    return files_load(photo_entries(spec))
