"""The Worker uploads Code24 makes: a site's Worker with its files, and the dispatcher.

The build pipeline, ``cloudflare_setup`` and the tests all build uploads here, so what
Cloudflare (or the local edge) runs is always the JavaScript in ``workers/`` plus one
generated module. ``WorkerUpload`` carries exactly what the upload API takes: the module
parts and the ``metadata`` part's ``main_module``, ``compatibility_date`` (the setting
CLOUDFLARE_COMPATIBILITY_DATE, read when the upload is built) and ``bindings``; and, for a
site, its files as Workers static assets (``assets``: uploaded first, through
``Client.assets_upload``, then attached to the script upload with the completion token).
The script itself stays small: the generated module lists each file's path, content type,
ETag and size (and an HTML page's form actions), never the bytes, which the Worker reads
through its ``ASSETS`` binding. The site Worker's behaviour (headers, caching, 404, forms)
is documented in ``workers/site_worker.js``; the route format in ``workers/dispatcher.js``.
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
ASSETS_BINDING = {"type": "assets", "name": "ASSETS"}
# The site Worker runs for every request and resolves pretty URLs itself; the binding
# answers exact paths only (Cloudflare's routing options for static assets).
SITE_ASSETS_CONFIG: dict[str, Any] = {
    "html_handling": "none",
    "not_found_handling": "none",
    "run_worker_first": True,
}

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
_FORM_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
# The form actions of a page, as the site Worker looks for the page that holds a form.
_FORM_ACTION = re.compile(r"""<form\b[^>]*?\baction\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class Asset:
    """One static asset: its bytes, the Content-Type it is served with, its hash."""

    content: bytes
    content_type: str
    hash: str


@dataclass(frozen=True)
class WorkerUpload:
    main_module: str
    modules: list[dict[str, str]]  # {"name", "content_type", "text"}
    bindings: list[dict[str, Any]] = field(default_factory=list)
    compatibility_date: str = field(default_factory=lambda: settings.CLOUDFLARE_COMPATIBILITY_DATE)
    assets: dict[str, Asset] = field(default_factory=dict)  # "/about.html" -> its asset
    assets_config: dict[str, Any] = field(default_factory=dict)

    def metadata(self) -> dict[str, Any]:
        return {
            "main_module": self.main_module,
            "compatibility_date": self.compatibility_date,
            "bindings": self.bindings,
        }

    def asset_files(self) -> dict[str, tuple[bytes, str]]:
        """The assets as ``Client.assets_upload`` takes them: path -> (bytes, content type)."""
        return {path: (asset.content, asset.content_type) for path, asset in self.assets.items()}

    def script(self, assets_directory: Path | None = None) -> dict[str, Any]:
        """The script as the local edge takes it. A Worker with assets needs a directory
        for them: their bytes are written there, content-addressed (the edge reads them
        from it), and the script carries its ``assets`` (directory, manifest, config)."""
        script = {**self.metadata(), "modules": self.modules}
        if not self.assets:
            return script
        if assets_directory is None:
            raise ValueError("This Worker has static assets: give a directory to store them in.")
        # Imported here: the local Cloudflare's package imports this module.
        from code24.cloudflare.local.asset_store import AssetStore

        store = AssetStore(assets_directory)
        for asset in self.assets.values():
            store.put(asset.hash, asset.content)
        script["assets"] = {
            "directory": str(store.directory),
            "manifest": {
                path: {
                    "hash": asset.hash,
                    "content_type": asset.content_type,
                    "size": len(asset.content),
                }
                for path, asset in self.assets.items()
            },
            "config": dict(self.assets_config),
        }
        return script


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


def _file_entry(asset: Asset) -> dict[str, Any]:
    """What the site Worker knows of a file without its bytes (ETag: the asset's hash)."""
    entry: dict[str, Any] = {
        "type": asset.content_type,
        "etag": f'"{asset.hash}"',
        "size": len(asset.content),
    }
    if asset.content_type.startswith("text/html"):
        actions = _FORM_ACTION.findall(asset.content.decode("utf-8", errors="replace"))
        if actions:
            entry["forms"] = actions
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
    """The site Worker for a site's files (path -> content), ready for the upload API: the
    files are its static assets (``assets``, with the ``ASSETS`` binding), the generated
    module lists them.

    ``forms`` maps extra POST paths to form names (``/_forms/<name>`` always works);
    ``thank_you`` is the path visitors are sent to after a form; ``forms_endpoint`` is
    Code24's URL the Worker forwards submissions to (with ``forms_token`` as a bearer token).
    """
    assets: dict[str, Asset] = {}
    for path, content in files.items():
        clean = normalise_path(path)
        data = content.encode() if isinstance(content, str) else bytes(content)
        assets[clean] = Asset(data, content_type_for(clean), asset_hash(clean, data))
    entries = {path: _file_entry(asset) for path, asset in assets.items()}
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
        "// Generated by code24.cloudflare.workers_bundle: the site's files (their bytes are\n"
        "// the Worker's static assets) and settings.\n"
        f"export const files = {json.dumps(entries, ensure_ascii=False, sort_keys=True)};\n"
        f"export const config = {json.dumps(config, sort_keys=True)};\n"
    )
    bindings: list[dict[str, Any]] = [dict(ASSETS_BINDING)]
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
        assets=assets,
        assets_config=dict(SITE_ASSETS_CONFIG),
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
