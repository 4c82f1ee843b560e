"""The Worker uploads Code24 makes: a site's files into its site Worker, and the dispatcher.

The build pipeline, ``cloudflare_setup`` and the tests all build uploads here, so what
Cloudflare (or the local edge) runs is always the JavaScript in ``workers/`` plus one
generated module. ``WorkerUpload`` carries exactly what the upload API takes: the module
parts and the ``metadata`` part's ``main_module``, ``compatibility_date`` (the setting
CLOUDFLARE_COMPATIBILITY_DATE, read when the upload is built) and ``bindings``.
The site Worker's behaviour (headers, caching, 404, forms) is documented in
``workers/site_worker.js``; the route format in ``workers/dispatcher.js``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

WORKERS_DIR = Path(__file__).resolve().parent / "workers"
MODULE_TYPE = "application/javascript+module"
FILES_MODULE = "site_files.js"

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "htm": "text/html; charset=utf-8",
    "css": "text/css; charset=utf-8",
    "js": "text/javascript; charset=utf-8",
    "mjs": "text/javascript; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "webmanifest": "application/manifest+json; charset=utf-8",
    "xml": "application/xml; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "svg": "image/svg+xml; charset=utf-8",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "avif": "image/avif",
    "ico": "image/x-icon",
    "woff": "font/woff",
    "woff2": "font/woff2",
    "pdf": "application/pdf",
}
_TEXT = ("text/", "application/json", "application/manifest+json", "application/xml", "image/svg")
_FORM_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


@dataclass(frozen=True)
class WorkerUpload:
    main_module: str
    modules: list[dict[str, str]]  # {"name", "content_type", "text"}
    bindings: list[dict[str, Any]] = field(default_factory=list)
    compatibility_date: str = field(default_factory=lambda: settings.CLOUDFLARE_COMPATIBILITY_DATE)

    def metadata(self) -> dict[str, Any]:
        return {
            "main_module": self.main_module,
            "compatibility_date": self.compatibility_date,
            "bindings": self.bindings,
        }

    def script(self) -> dict[str, Any]:
        """The script as the local edge's snapshot holds it."""
        return {**self.metadata(), "modules": self.modules}


def asset_hash(path: str, content: bytes) -> str:
    """The name Cloudflare's static assets know a file by: the first 32 hex digits of
    sha256(base64(content) + extension), the extension being what follows the last "." of
    the file name ("" without one), as Cloudflare's direct-upload guide and wrangler hash
    (wrangler with blake3). The extension is part of it so that the same bytes under two
    types are two assets (each keeps the content type it was uploaded with)."""
    name = path.rsplit("/", 1)[-1]
    extension = name.rpartition(".")[2] if "." in name else ""
    encoded = base64.b64encode(content).decode("ascii")
    return hashlib.sha256((encoded + extension).encode()).hexdigest()[:32]


def content_type_for(path: str) -> str:
    extension = path.rsplit("/", 1)[-1].rpartition(".")[2].lower()
    return CONTENT_TYPES.get(extension, "application/octet-stream")


def normalise_path(path: str) -> str:
    """ "about/index.html" -> "/about/index.html"; refuses paths that are no plain file path."""
    clean = "/" + path.lstrip("/")
    parts = clean.split("/")[1:]
    if (
        not path
        or clean.endswith("/")
        or "\\" in clean
        or any(part in {"", ".", ".."} for part in parts)
        or any(ord(ch) < 32 for ch in clean)
    ):
        raise ValueError(f"{path!r} is not a file path like 'about/index.html'.")
    return clean


def _file_entry(path: str, content: bytes | str) -> dict[str, Any]:
    content_type = content_type_for(path)
    data = content.encode() if isinstance(content, str) else bytes(content)
    entry: dict[str, Any] = {
        "type": content_type,
        "etag": '"' + hashlib.sha256(data).hexdigest()[:20] + '"',
        "size": len(data),
    }
    if content_type.startswith(_TEXT):
        try:
            entry["body"] = data.decode()
            return entry
        except UnicodeDecodeError:
            pass
    entry["base64"] = base64.b64encode(data).decode("ascii")
    return entry


def site_worker_upload(
    files: Mapping[str, bytes | str],
    *,
    site_id: int,
    forms_endpoint: str = "",
    forms_token: str = "",
    forms: Mapping[str, str] | None = None,
    thank_you: str | None = None,
) -> WorkerUpload:
    """The site Worker for a site's files (path -> content), ready for the upload API.

    ``forms`` maps extra POST paths to form names (``/_forms/<name>`` always works);
    ``thank_you`` is the path visitors are sent to after a form; ``forms_endpoint`` is
    Code24's URL the Worker forwards submissions to (with ``forms_token`` as a bearer token).
    """
    entries = {normalise_path(path): _file_entry(path, content) for path, content in files.items()}
    form_map = {}
    for path, name in (forms or {}).items():
        if not path.startswith("/") or not _FORM_NAME.match(name):
            raise ValueError(f"Form {name!r} at {path!r}: use a path like '/contact' and a-z0-9-_.")
        form_map[path] = name
    if thank_you is not None and (not thank_you.startswith("/") or thank_you.startswith("//")):
        raise ValueError(
            f"The thank-you page {thank_you!r} must be a path on the site, like '/thanks'."
        )
    config = {"site_id": site_id, "forms": form_map, "thank_you": thank_you}
    generated = (
        "// Generated by code24.cloudflare.workers_bundle: the site's files and settings.\n"
        f"export const files = {json.dumps(entries, ensure_ascii=False, sort_keys=True)};\n"
        f"export const config = {json.dumps(config, sort_keys=True)};\n"
    )
    bindings: list[dict[str, Any]] = []
    if forms_endpoint:
        bindings.append({"type": "plain_text", "name": "FORMS_ENDPOINT", "text": forms_endpoint})
    if forms_token:
        bindings.append({"type": "secret_text", "name": "FORMS_TOKEN", "text": forms_token})
    return WorkerUpload(
        main_module="site_worker.js",
        modules=[
            _module("site_worker.js", (WORKERS_DIR / "site_worker.js").read_text()),
            _module(FILES_MODULE, generated),
        ],
        bindings=bindings,
    )


def dispatcher_upload(*, routes_namespace_id: str, dispatch_namespace: str) -> WorkerUpload:
    """The platform dispatcher Worker with its two bindings."""
    return WorkerUpload(
        main_module="dispatcher.js",
        modules=[_module("dispatcher.js", (WORKERS_DIR / "dispatcher.js").read_text())],
        bindings=[
            {"type": "kv_namespace", "name": "ROUTES", "namespace_id": routes_namespace_id},
            {"type": "dispatch_namespace", "name": "DISPATCHER", "namespace": dispatch_namespace},
        ],
    )


def route_value(
    *,
    script: str | None = None,
    site_id: int,
    redirect: str | None = None,
    canonical_host: str | None = None,
) -> str:
    """The routes-KV value for one hostname (format documented in workers/dispatcher.js).

    `redirect="host"` is a site's previous address: every request gets a 301 to the same
    path on `canonical_host`, and no script is needed.
    """
    if redirect not in (None, "www", "apex", "host"):
        raise ValueError(f"redirect must be None, 'www', 'apex' or 'host', not {redirect!r}.")
    if redirect == "host" and not canonical_host:
        raise ValueError('redirect="host" needs the canonical_host to send requests to.')
    if redirect != "host" and not script:
        raise ValueError("A route that serves a site needs its script.")
    route: dict[str, Any] = {"script": script} if script else {}
    route.update(site_id=site_id, redirect=redirect)
    if canonical_host:
        route["canonical_host"] = canonical_host.lower()
    return json.dumps(route)


def _module(name: str, text: str) -> dict[str, str]:
    return {"name": name, "content_type": MODULE_TYPE, "text": text}
