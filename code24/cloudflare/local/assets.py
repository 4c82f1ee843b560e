"""Workers static assets in the local Cloudflare: upload sessions, file uploads, and the
``assets`` part of a script upload, as Cloudflare documents them for Workers for Platforms
(https://developers.cloudflare.com/workers/static-assets/direct-upload/ and
https://developers.cloudflare.com/cloudflare-for-platforms/workers-for-platforms/configuration/static-assets/).

1. ``POST .../scripts/{script}/assets-upload-session`` with ``{"manifest": {"/path":
   {"hash", "size"}}}``: the hashes the namespace lacks, in ``buckets`` (one upload request
   each), and an upload token; when it lacks none, ``buckets`` is empty and the token is
   already the completion token. Assets belong to the dispatch namespace, not to a script:
   a hash uploaded for one site is not asked for again for another in the same namespace.
2. ``POST /accounts/{account}/workers/assets/upload?base64=true``, multipart, one part per
   hash holding the base64 of the file, ``Authorization: Bearer <upload token>`` (not the
   API token): 200 while files are missing, 201 with the completion token once all are in.
   A part's Content-Type is what the file is served with; ``application/null`` means none.
3. The script upload's metadata ``assets: {"jwt": <completion token>, "config": {...}}``
   (or ``keep_assets: true`` for the previous version's) gives the script its manifest.

The bytes go to the content-addressed store (``asset_store.py``), their size and content
type to SQLite, the tokens are ``asset_tokens.py``'s. Limits are Cloudflare's: files up to
25 MiB, 20,000 per manifest. Error codes: 10304 for a path without its leading "/" is what
Cloudflare answers (seen in the wild); Cloudflare documents none of the others, so those
are marked local, as are the bucket size and the check below.

Local-only check: Cloudflare takes a hash as the client's name for its bytes. The local
Cloudflare also checks that the uploaded bytes have the hash Code24 computes for them
(``workers_bundle.asset_hash``) and the size the manifest gave, so a client whose hashes
drift from its files is caught here rather than by a visitor seeing the wrong file.
"""

from __future__ import annotations

import base64
import binascii
import time
import uuid
from collections.abc import Callable
from typing import Any

from code24.cloudflare.local import multipart
from code24.cloudflare.local.asset_store import HASH_RE, AssetStore
from code24.cloudflare.local.asset_tokens import TOKEN_SECONDS, Kind, TokenError, Tokens
from code24.cloudflare.local.protocol import ApiError, Request, Response, envelope
from code24.cloudflare.local.state import State
from code24.cloudflare.workers_bundle import asset_hash

MAX_ASSET_BYTES = 25 * 1024 * 1024
MAX_MANIFEST_FILES = 20_000
BUCKET_BYTES = 40 * 1024 * 1024  # local: base64 bytes per upload request, under the body limit
MANIFEST_PATH_INVALID = 10304  # Cloudflare's answer to a manifest path without its "/"
ASSETS_INVALID = 10021  # local: Cloudflare documents no code for the other refusals
AUTH_ERROR = 10000
NO_CONTENT_TYPE = "application/null"
HTML_HANDLING = ("auto-trailing-slash", "force-trailing-slash", "drop-trailing-slash", "none")
NOT_FOUND_HANDLING = ("none", "404-page", "single-page-application")
CONFIG_DEFAULTS: dict[str, Any] = {
    "html_handling": "auto-trailing-slash",
    "not_found_handling": "none",
    "run_worker_first": False,
}
CONFIG_KEYS = {*CONFIG_DEFAULTS, "serve_directly", "_headers", "_redirects"}


def _invalid(message: str, code: int = ASSETS_INVALID) -> ApiError:
    return ApiError(400, code, message)


def check_manifest(body: object) -> dict[str, dict[str, Any]]:
    """The session request's manifest, ``{path: {"hash", "size"}}``, or Cloudflare's refusal."""
    manifest = body.get("manifest") if isinstance(body, dict) else None
    if not isinstance(manifest, dict):
        raise _invalid('The body must be {"manifest": {"/path": {"hash": ..., "size": ...}}}.')
    if len(manifest) > MAX_MANIFEST_FILES:
        raise _invalid(
            f"Maximum number of assets exceeded: a manifest holds at most "
            f"{MAX_MANIFEST_FILES:,} files, not {len(manifest):,}."
        )
    sizes: dict[str, int] = {}
    checked: dict[str, dict[str, Any]] = {}
    for path, entry in manifest.items():
        if not path.startswith("/"):
            raise _invalid(
                f"Invalid manifest path {path!r}: paths start with '/'.", MANIFEST_PATH_INVALID
            )
        if not isinstance(entry, dict):
            raise _invalid(f"The manifest entry of {path} must be {{'hash': ..., 'size': ...}}.")
        content_hash, size = entry.get("hash"), entry.get("size")
        if not isinstance(content_hash, str) or not HASH_RE.match(content_hash):
            raise _invalid(f"The hash of {path} must be 32 lowercase hexadecimal digits.")
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise _invalid(f"The size of {path} must be a whole number of bytes.")
        if size > MAX_ASSET_BYTES:
            raise _invalid(f"Asset too large: {path} has {size:,} bytes; files are at most 25 MiB.")
        if sizes.setdefault(content_hash, size) != size:
            raise _invalid(f"The hash {content_hash} is listed with two sizes.")
        checked[path] = {"hash": content_hash, "size": size}
    return checked


def check_config(raw: object) -> dict[str, Any]:
    """``assets.config`` with Cloudflare's defaults filled in, or the refusal."""
    if raw is None:
        return dict(CONFIG_DEFAULTS)
    if not isinstance(raw, dict):
        raise _invalid("assets.config must be an object.")
    unknown = sorted(set(raw) - CONFIG_KEYS)
    if unknown:
        raise _invalid(f"assets.config does not take {', '.join(unknown)}.")
    if raw.get("html_handling", "none") not in HTML_HANDLING:
        raise _invalid(f"assets.config.html_handling must be one of {', '.join(HTML_HANDLING)}.")
    if raw.get("not_found_handling", "none") not in NOT_FOUND_HANDLING:
        raise _invalid(
            f"assets.config.not_found_handling must be one of {', '.join(NOT_FOUND_HANDLING)}."
        )
    first = raw.get("run_worker_first", False)
    rules_ok = isinstance(first, list) and all(
        isinstance(rule, str) and rule.startswith(("/", "!/")) for rule in first
    )
    if not isinstance(first, bool) and not rules_ok:
        raise _invalid(
            "assets.config.run_worker_first must be true, false or a list of rules "
            "starting with '/' or '!/'."
        )
    for key in ("_headers", "_redirects"):
        if key in raw and not isinstance(raw[key], str):
            raise _invalid(f"assets.config.{key} must be the text of a {key} file.")
    return {**CONFIG_DEFAULTS, **raw}


def buckets(missing: list[tuple[str, int]]) -> list[list[str]]:
    """The missing (hash, size) pairs in upload requests of at most BUCKET_BYTES of base64."""
    result: list[list[str]] = []
    filled = BUCKET_BYTES
    for content_hash, size in missing:
        encoded = 4 * ((size + 2) // 3)
        if filled + encoded > BUCKET_BYTES and (not result or result[-1]):
            result.append([])
            filled = 0
        result[-1].append(content_hash)
        filled += encoded
    return result


class Assets:
    """The asset endpoints of one local Cloudflare account (``clock`` is replaceable)."""

    def __init__(
        self, state: State, *, account_id: str, clock: Callable[[], float] = time.time
    ) -> None:
        self.state = state
        self.account_id = account_id
        self.clock = clock
        self.store = AssetStore(state.assets_dir)
        self.tokens = Tokens.in_directory(state.path.parent)

    def _token(self, kind: Kind, session: dict[str, Any], session_id: str) -> str:
        return self.tokens.issue(
            kind,
            account=self.account_id,
            namespace=session["namespace"],
            script=session["script"],
            session=session_id,
            now=self.clock(),
        )

    def _missing(
        self, namespace: str, manifest: dict[str, dict[str, Any]]
    ) -> list[tuple[str, int]]:
        sizes = {entry["hash"]: entry["size"] for _, entry in sorted(manifest.items())}
        known = self.state.assets_known(namespace, list(sizes))
        return [
            (content_hash, size)
            for content_hash, size in sizes.items()
            if content_hash not in known or not self.store.has(content_hash)
        ]

    # --- 1. The upload session ----------------------------------------------------------

    def session(self, request: Request, namespace: str, script_name: str) -> Response:
        """Open a session for the script (its namespace and name are checked by the caller)."""
        manifest = check_manifest(request.json(code=ASSETS_INVALID))
        now = self.clock()
        self.state.asset_sessions_forget(before=now - 2 * TOKEN_SECONDS)
        session_id = uuid.uuid4().hex
        self.state.asset_session_save(session_id, namespace, script_name, manifest, now)
        session = {"namespace": namespace, "script": script_name}
        missing = self._missing(namespace, manifest)
        kind: Kind = "upload" if missing else "completion"
        return envelope(
            {"jwt": self._token(kind, session, session_id), "buckets": buckets(missing)}
        )

    # --- 2. The file uploads --------------------------------------------------------------

    def _claims(self, token: str, kind: Kind) -> dict[str, Any]:
        try:
            claims = self.tokens.read(token, now=self.clock())
        except TokenError as error:
            sentence = (
                "Expired JWT: start a new upload session."
                if error.expired
                else f"Authentication error: {error.message}"
            )
            raise ApiError(401, AUTH_ERROR, sentence) from None
        if claims.get("account") != self.account_id:
            raise ApiError(403, AUTH_ERROR, "Authentication error")
        if claims.get("kind") != kind:
            raise ApiError(
                401,
                AUTH_ERROR,
                f"Authentication error: this is a {claims.get('kind')} token, not the "
                f"{kind} token this takes.",
            )
        return claims

    def upload(self, request: Request) -> Response:
        scheme, _, token = str(request.headers.get("Authorization") or "").partition(" ")
        if scheme != "Bearer" or not token:
            raise ApiError(
                401, AUTH_ERROR, "Authentication error: send the upload session's JWT as Bearer."
            )
        claims = self._claims(token.strip(), "upload")
        session = self.state.asset_session_get(str(claims.get("session")))
        if session is None:
            raise ApiError(401, AUTH_ERROR, "Expired JWT: start a new upload session.")
        if request.arg("base64") != "true":
            raise _invalid("Send the files base64-encoded, with ?base64=true.")
        try:
            parts = multipart.parse(request.content_type, request.body)
        except multipart.MultipartError as exc:
            raise ApiError(400, 10001, f"Unsupported or unexpected Content Type: {exc}") from None
        manifest: dict[str, dict[str, Any]] = session["manifest"]
        paths: dict[str, list[str]] = {}  # hash -> its paths (their extensions are hashed)
        sizes: dict[str, int] = {}
        for path, entry in manifest.items():
            paths.setdefault(entry["hash"], []).append(path)
            sizes[entry["hash"]] = entry["size"]
        files: list[tuple[str, bytes, str | None]] = []
        for part in parts:
            content_hash = part.name
            if content_hash not in sizes:
                raise _invalid(f"The file {content_hash!r} is not in this upload session.")
            try:
                content = base64.b64decode(part.content, validate=True)
            except (binascii.Error, ValueError):
                raise _invalid(f"The file {content_hash} is not valid base64.") from None
            if len(content) != sizes[content_hash]:
                raise _invalid(
                    f"The file {content_hash} has {len(content):,} bytes; the manifest said "
                    f"{sizes[content_hash]:,}."
                )
            if all(asset_hash(path, content) != content_hash for path in paths[content_hash]):
                raise _invalid(f"The bytes sent as {content_hash} do not have that hash.")
            given = part.content_type_header
            files.append((content_hash, content, None if given == NO_CONTENT_TYPE else given))
        for content_hash, content, _ in files:
            self.store.put(content_hash, content)
        namespace = session["namespace"]
        self.state.assets_save(namespace, [(h, len(c), t) for h, c, t in files])
        if self._missing(namespace, manifest):
            return envelope({})
        return envelope(
            {"jwt": self._token("completion", session, str(claims["session"]))}, status=201
        )

    # --- 3. The script upload's assets ---------------------------------------------------

    def for_script(
        self,
        metadata: dict[str, Any],
        *,
        namespace: str,
        script_name: str,
        previous: dict[str, Any] | None,
    ) -> dict[str, Any] | None:
        """What the script keeps as its assets (``{"manifest", "config"}``), or None."""
        raw = metadata.get("assets")
        keep = metadata.get("keep_assets", False)
        if raw is not None and not isinstance(raw, dict):
            raise _invalid('metadata.assets must be {"jwt": <completion token>, "config": {...}}.')
        if not isinstance(keep, bool):
            raise _invalid("metadata.keep_assets must be true or false.")
        raw = raw or {}
        config = check_config(raw["config"]) if "config" in raw else None
        token = raw.get("jwt")
        if token is not None:
            if not isinstance(token, str):
                raise _invalid("metadata.assets.jwt must be the completion token.")
            return {
                "manifest": self._redeem(token, namespace, script_name),
                "config": config or check_config(None),
            }
        kept = (previous or {}).get("_local", {}).get("assets") if keep else None
        if kept:
            return {"manifest": kept["manifest"], "config": config or kept["config"]}
        if config is not None:
            raise _invalid(
                "metadata.assets.config needs assets: send assets.jwt, or keep_assets: true "
                "for a Worker that has some."
            )
        return None

    def _redeem(self, token: str, namespace: str, script_name: str) -> dict[str, Any]:
        try:
            claims = self._claims(token, "completion")
        except ApiError as error:
            raise _invalid(f"metadata.assets.jwt is refused: {error.message}") from None
        if claims.get("namespace") != namespace or claims.get("script") != script_name:
            raise _invalid(
                "metadata.assets.jwt is the completion token of another Worker's upload "
                "session: start a session for this Worker."
            )
        session = self.state.asset_session_get(str(claims.get("session")))
        if session is None:
            raise _invalid("metadata.assets.jwt is refused: its upload session is over.")
        manifest: dict[str, dict[str, Any]] = session["manifest"]
        known = self.state.assets_known(namespace, [e["hash"] for e in manifest.values()])
        result: dict[str, Any] = {}
        for path, entry in sorted(manifest.items()):
            found = known.get(entry["hash"])
            if found is None or not self.store.has(entry["hash"]):
                raise _invalid(f"The asset {path} ({entry['hash']}) was never uploaded.")
            result[path] = {"hash": entry["hash"], "content_type": found[1], "size": found[0]}
        return result
