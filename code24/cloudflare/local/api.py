"""Cloudflare API v4, as the local Cloudflare speaks it: routes, handlers, envelope, errors.

Only the endpoints Code24's client uses (and a few neighbours that cost nothing) exist;
any other path answers 404 with Cloudflare's 7003 "No route for the URI". Status codes
and error codes are Cloudflare's where Cloudflare documents them (custom hostnames:
the SaaS status-code table; Workers: the schema's ``x-cfLinkErrors``); where it documents
none, the code chosen here is marked "local".

One local-only deviation, off unless ``Config.localhost_hostnames`` is on (``from_settings``
takes it from ``DOMAINS_ALLOW_LOCALHOST``, on without a real CLOUDFLARE_API_TOKEN): custom
hostnames under ``.localhost`` with at least one label before it (``www.bakery.localhost``)
are accepted, so that the whole custom-domain flow can be walked on one machine, where
browsers send every ``*.localhost`` name to loopback. Cloudflare refuses them (1409, a
reserved top-level domain), as the local Cloudflare does when the flag is off; every other
reserved name is refused either way.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import logging
import re
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from typing import Any
from urllib.parse import parse_qs, unquote

from code24.cloudflare.errors import DISPATCH_NAMESPACE_NOT_FOUND, SCRIPT_NOT_FOUND
from code24.cloudflare.local import lifecycle, multipart
from code24.cloudflare.local.state import ACCOUNT_SCRIPTS, State, script_view

log = logging.getLogger("code24.cloudflare.local")

MAX_BODY_BYTES = 100 * 1024 * 1024
MAX_SCRIPT_BYTES = 10 * 1024 * 1024  # Workers' compressed-size limit on paid plans
MAX_KV_VALUE_BYTES = 25 * 1024 * 1024
MAX_KV_KEY_BYTES = 512
MAX_KV_METADATA_BYTES = 1024
MAX_KV_BULK = 10_000
MAX_TAGS = 8
ID_RE = re.compile(r"^[0-9a-f]{32}$")
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
SCRIPT_NAME_RE = re.compile(r"^[a-z0-9_][a-z0-9-_]*$")
LABEL_RE = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
RESERVED_TLDS = {"test", "example", "invalid", "localhost"}
EXAMPLE_DOMAINS = ("example.com", "example.net", "example.org")
SCRIPT_CONTENT_TYPES = {
    "application/javascript+module",
    "text/javascript+module",
    "application/javascript",
    "text/javascript",
    "application/wasm",
    "text/plain",
    "application/octet-stream",
    "application/source-map",
    "application/json",
}


def now_iso() -> str:
    """RFC 3339 with microseconds and Z, as Cloudflare writes timestamps."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def new_id() -> str:
    return uuid.uuid4().hex


@dataclass
class Request:
    method: str
    path: str  # percent-encoded, without the query
    query: dict[str, list[str]]
    headers: Message
    body: bytes

    @classmethod
    def build(cls, method: str, target: str, headers: Message, body: bytes) -> Request:
        path, _, query = target.partition("?")
        return cls(method.upper(), path, parse_qs(query, keep_blank_values=True), headers, body)

    @property
    def content_type(self) -> str:
        return str(self.headers.get("Content-Type", ""))

    def arg(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[-1] if values else None

    def json(self, *, code: int, message: str = "Unable to decode the JSON request body.") -> Any:
        try:
            return json.loads(self.body or b"null")
        except (ValueError, UnicodeDecodeError):
            raise ApiError(400, code, message) from None


@dataclass
class Response:
    status: int
    body: bytes
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: int,
        message: str,
        *,
        chain: list[dict[str, Any]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.chain = chain
        self.headers = dict(headers or {})

    def response(self) -> Response:
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.chain:
            error["error_chain"] = self.chain
        body = {"success": False, "errors": [error], "messages": [], "result": None}
        return Response(self.status, json.dumps(body).encode(), headers=self.headers)


def envelope(
    result: Any, *, status: int = 200, result_info: Mapping[str, Any] | None = None, **extra: Any
) -> Response:
    body: dict[str, Any] = {"success": True, "errors": [], "messages": [], "result": result}
    if result_info is not None:
        body["result_info"] = dict(result_info)
    body.update(extra)
    return Response(status, json.dumps(body).encode())


def public(record: Mapping[str, Any]) -> dict[str, Any]:
    """The record as Cloudflare shows it: without the local Cloudflare's private parts."""
    return {key: value for key, value in record.items() if not key.startswith("_")}


def _int_arg(request: Request, name: str, default: int, low: int, high: int) -> int:
    value = request.arg(name)
    if value is None or value == "":
        return default
    try:
        number = int(float(value))
    except ValueError:
        raise ApiError(400, 1004, f"Invalid {name} parameter: {value!r}.") from None  # local
    return max(low, min(high, number))


# --- Hostname rules (Cloudflare for SaaS status codes 1407-1411) ---------------------------


def check_hostname(raw: object, *, origin: bool = False, localhost: bool = False) -> str:
    """The normalised hostname, or the ApiError Cloudflare gives for it (``localhost``:
    accept names under ``.localhost``, the local-only deviation above)."""
    base = 1415 if origin else 1407
    what = "custom origin hostname" if origin else "custom hostname"
    invalid = ApiError(
        400,
        base,
        f"Invalid {what}. {what.capitalize()}s have to be smaller than 256 characters in "
        "length, cannot be IP addresses, cannot contain any special characters such as "
        "``~`!@#$%^&*()=+{}[]\\|;:'\",<>/? and cannot begin or end with a '-' character. "
        "Check your input and try again.",
    )
    if not isinstance(raw, str) or not raw.strip():
        raise invalid
    hostname = raw.strip().rstrip(".").lower()
    if not hostname.isascii():
        raise ApiError(
            400,
            base + 1,
            f"{what.capitalize()}s with non-ASCII characters are not supported. "
            "Check your input and try again.",
        )
    if len(hostname) > 255:
        raise invalid
    try:
        ipaddress.ip_address(hostname.strip("[]"))
    except ValueError:
        pass
    else:
        raise invalid
    labels = hostname.split(".")
    if labels[0] == "*" and not origin:
        labels = labels[1:]
    if not labels or not all(LABEL_RE.match(label) for label in labels):
        raise invalid
    if len(labels) < 2:
        raise ApiError(
            400,
            base + 3,
            f"Unable to parse {what} - publicsuffix: cannot derive eTLD+1 for domain "
            f"{hostname}. Check your input and try again.",
        )
    if labels[-1] in RESERVED_TLDS and not (localhost and labels[-1] == "localhost"):
        raise ApiError(
            400,
            base + 2,
            f"Reserved top domain {what}s, such as 'test', 'example', 'invalid' or "
            "'localhost', is not supported. Check your input and try again.",
        )
    if any(hostname == domain or hostname.endswith("." + domain) for domain in EXAMPLE_DOMAINS):
        raise ApiError(
            400,
            base + 4,
            f"{what.capitalize()}s ending in example.com, example.net, or example.org are "
            "prohibited. Check your input and try again.",
        )
    return hostname


def check_ssl(raw: object) -> dict[str, Any]:
    if raw is None:
        return {"method": "http", "type": "dv"}
    if not isinstance(raw, dict):
        raise ApiError(
            400,
            1434,
            "The SSL attribute is invalid. Refer to the API documentation, check your input "
            "and try again.",
        )
    method, kind = raw.get("method"), raw.get("type")
    if (method is None) != (kind is None):
        raise ApiError(
            400,
            1440,
            "Both validation type and validation method are required. Check your input and "
            "try again.",
        )
    method = method or "http"
    kind = kind or "dv"
    if method not in ("http", "txt", "email"):
        raise ApiError(
            400,
            1432,
            "The validation method is not supported. Only http, email, or txt are accepted. "
            "Check your input and try again.",
        )
    if kind != "dv":
        raise ApiError(
            400,
            1433,
            "The validation type is not supported. Only 'dv' is accepted. Check your input "
            "and try again.",
        )
    bundle = raw.get("bundle_method", "ubiquitous")
    if bundle not in ("ubiquitous", "optimal", "force"):
        raise ApiError(
            400, 1449, "The request input bundle_method must be one of: ubiquitous, optimal, force."
        )
    return {
        "method": method,
        "type": kind,
        "bundle_method": bundle,
        "wildcard": bool(raw.get("wildcard", False)),
        "settings": raw.get("settings") if isinstance(raw.get("settings"), dict) else {},
        "certificate_authority": raw.get("certificate_authority") or "google",
    }


def check_metadata(raw: object) -> dict[str, Any] | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise ApiError(
            400,
            1401,
            "Unable to encode the Custom Metadata as JSON. Check your input and try again.",
        )
    return raw


# --- The API ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Config:
    account_id: str
    zone_id: str
    zone_name: str  # the SaaS zone's name: CNAMEs into it count as routed to us
    dispatch_namespace: str
    dispatcher_name: str
    hostname_quota: int = 100
    localhost_hostnames: bool = False  # accept custom hostnames under .localhost (local only)


Handler = Callable[..., Response]


class CloudflareApi:
    """The handlers; ``changed(...)`` is called after every change the edge must see,
    naming it (``scripts=[(namespace, name)]``, ``kv={namespace_id: [key] | None}``,
    ``hostnames=True`` or ``everything=True``), ``recheck()`` when a hostname's validation
    should run again now."""

    def __init__(
        self,
        state: State,
        config: Config,
        *,
        changed: Callable[..., None] = lambda **change: None,
        recheck: Callable[[], None] = lambda: None,
        check_script: Callable[[dict[str, Any]], str | None] | None = None,
    ) -> None:
        self.state = state
        self.config = config
        self.changed = changed
        self.recheck = recheck
        self.check_script = check_script
        acct = "accounts/{account_id}"
        dispatch = acct + "/workers/dispatch/namespaces"
        script = dispatch + "/{namespace}/scripts/{script_name}"
        kv = acct + "/storage/kv/namespaces"
        zone = "zones/{zone_id}/custom_hostnames"
        routes: list[tuple[str, str, Handler]] = [
            ("GET", zone + "/fallback_origin", self.fallback_get),
            ("PUT", zone + "/fallback_origin", self.fallback_put),
            ("DELETE", zone + "/fallback_origin", self.fallback_delete),
            ("GET", zone, self.hostname_list),
            ("POST", zone, self.hostname_create),
            ("GET", zone + "/{hostname_id}", self.hostname_get),
            ("PATCH", zone + "/{hostname_id}", self.hostname_edit),
            ("DELETE", zone + "/{hostname_id}", self.hostname_delete),
            ("GET", dispatch, self.namespace_list),
            ("POST", dispatch, self.namespace_create),
            ("GET", dispatch + "/{namespace}", self.namespace_get),
            ("DELETE", dispatch + "/{namespace}", self.namespace_delete),
            ("PUT", script, self.script_put),
            ("GET", script, self.script_get),
            ("DELETE", script, self.script_delete),
            ("GET", script + "/tags", self.tags_get),
            ("PUT", script + "/tags", self.tags_put),
            ("PUT", script + "/tags/{tag}", self.tag_put),
            ("DELETE", script + "/tags/{tag}", self.tag_delete),
            ("PUT", acct + "/workers/scripts/{script_name}", self.worker_put),
            ("GET", kv, self.kv_namespace_list),
            ("POST", kv, self.kv_namespace_create),
            ("GET", kv + "/{namespace_id}", self.kv_namespace_get),
            ("DELETE", kv + "/{namespace_id}", self.kv_namespace_delete),
            ("GET", kv + "/{namespace_id}/keys", self.kv_keys),
            ("PUT", kv + "/{namespace_id}/bulk", self.kv_bulk_put),
            ("POST", kv + "/{namespace_id}/bulk/delete", self.kv_bulk_delete),
            ("GET", kv + "/{namespace_id}/values/{key}", self.kv_get),
            ("PUT", kv + "/{namespace_id}/values/{key}", self.kv_put),
            ("DELETE", kv + "/{namespace_id}/values/{key}", self.kv_delete),
            ("GET", kv + "/{namespace_id}/metadata/{key}", self.kv_metadata),
        ]
        self.routes = [(method, pattern.split("/"), handler) for method, pattern, handler in routes]

    def handle(self, request: Request, relative_path: str) -> Response:
        """Answer a request whose path (after /client/v4/) is ``relative_path``."""
        try:
            return self._dispatch(request, relative_path)
        except ApiError as error:
            return error.response()

    def _dispatch(self, request: Request, relative_path: str) -> Response:
        segments = [unquote(segment) for segment in relative_path.strip("/").split("/")]
        allowed = False
        for method, pattern, handler in self.routes:
            params = _match(pattern, segments)
            if params is None:
                continue
            if method != request.method:
                allowed = True
                continue
            self._check_scope(params, request.path)
            return handler(request, **params)
        if allowed:
            raise ApiError(405, 10000, f"Method {request.method} not allowed for this route.")
        raise ApiError(404, 7003, "No route for the URI")

    def _check_scope(self, params: dict[str, str], path: str) -> None:
        """Ids in the path must be well-formed and ours, as Cloudflare's router insists."""
        for name, mine in (
            ("account_id", self.config.account_id),
            ("zone_id", self.config.zone_id),
        ):
            if name not in params:
                continue
            value = params.pop(name)
            if not ID_RE.match(value):
                raise ApiError(
                    400,
                    7003,
                    f"Could not route to {path}, perhaps your object identifier is invalid?",
                )
            if value != mine:
                raise ApiError(403, 10000, "Authentication error")

    # --- Custom hostnames ------------------------------------------------------------

    def _hostname(self, hostname_id: str) -> dict[str, Any]:
        if not (ID_RE.match(hostname_id) or UUID_RE.match(hostname_id)):
            raise ApiError(
                400, 1435, "The custom hostname ID is invalid. Check your input and try again."
            )
        record = self.state.hostname_get(hostname_id)
        if record is None:
            raise ApiError(404, 1436, "The custom hostname was not found.")
        return record

    def hostname_create(self, request: Request) -> Response:
        body = request.json(code=1400)
        if not isinstance(body, dict):
            raise ApiError(400, 1400, "Unable to decode the JSON request body.")
        hostname = check_hostname(body.get("hostname"), localhost=self.config.localhost_hostnames)
        ssl = check_ssl(body.get("ssl"))
        metadata = check_metadata(body.get("custom_metadata"))
        origin_server = body.get("custom_origin_server")
        if origin_server is not None:
            origin_server = check_hostname(origin_server, origin=True)
        with self.state.transaction():
            if self.state.hostname_by_name(hostname) is not None:
                raise ApiError(409, 1406, "Duplicate custom hostname found.")
            if self.state.hostname_count(self.config.zone_id) >= self.config.hostname_quota:
                raise ApiError(
                    403,
                    1405,
                    "Quota exceeded. If you are already a paid Cloudflare for SaaS customer, "
                    "contact your account team for additional provisioning.",
                )
            hostname_id = new_id()
            record: dict[str, Any] = {
                "id": hostname_id,
                "hostname": hostname,
                "status": "pending",
                "ssl": {
                    "id": str(uuid.uuid4()),
                    "status": "initializing",
                    **ssl,
                },
                "ownership_verification": {
                    "type": "txt",
                    "name": f"_cf-custom-hostname.{hostname}",
                    "value": str(uuid.uuid4()),
                },
                "ownership_verification_http": {
                    "http_url": (
                        f"http://{hostname}/.well-known/cf-custom-hostname-challenge/{hostname_id}"
                    ),
                    "http_body": str(uuid.uuid4()),
                },
                "created_at": now_iso(),
                "_local": {"dcv": lifecycle.dcv_records(hostname, ssl["method"])},
            }
            if metadata is not None:
                record["custom_metadata"] = metadata
            if origin_server is not None:
                record["custom_origin_server"] = origin_server
            if isinstance(body.get("custom_origin_sni"), str):
                record["custom_origin_sni"] = body["custom_origin_sni"]
            self.state.hostname_save(self.config.zone_id, record)
        self.recheck()
        return envelope(public(record), status=201)

    def hostname_get(self, request: Request, hostname_id: str) -> Response:
        return envelope(public(self._hostname(hostname_id)))

    def hostname_edit(self, request: Request, hostname_id: str) -> Response:
        body = request.json(code=1400)
        if not isinstance(body, dict):
            raise ApiError(400, 1400, "Unable to decode the JSON request body.")
        with self.state.transaction():
            record = self._hostname(hostname_id)
            if "custom_metadata" in body:
                metadata = check_metadata(body["custom_metadata"])
                if metadata is None:
                    record.pop("custom_metadata", None)
                else:
                    record["custom_metadata"] = metadata
            if body.get("custom_origin_server") is not None:
                record["custom_origin_server"] = check_hostname(
                    body["custom_origin_server"], origin=True
                )
            if isinstance(body.get("custom_origin_sni"), str):
                record["custom_origin_sni"] = body["custom_origin_sni"]
            if "ssl" in body:
                ssl = check_ssl(body["ssl"])
                current = record["ssl"]
                if ssl["method"] != current.get("method"):
                    # A new validation method: new records, validation starts over.
                    record["_local"]["dcv"] = lifecycle.dcv_records(
                        record["hostname"], ssl["method"]
                    )
                    if current.get("status") != "active":
                        current["status"] = "pending_validation"
                        current["validation_records"] = [
                            dict(item) for item in record["_local"]["dcv"]
                        ]
                current.update(ssl)
            self.state.hostname_save(self.config.zone_id, record)
        self.recheck()  # the same ssl settings again means "validate now"
        return envelope(public(record), status=202)

    def hostname_delete(self, request: Request, hostname_id: str) -> Response:
        record = self._hostname(hostname_id)
        self.state.hostname_delete(hostname_id)
        if record.get("status") == "active":
            self.changed(hostnames=True)
        # The schema and the SDK read the id at the top level; Cloudflare also sends the
        # envelope. Both are given.
        return envelope({"id": hostname_id}, id=hostname_id)

    def hostname_list(self, request: Request) -> Response:
        ident = request.arg("id")
        filters = {
            "hostname": request.arg("hostname") or request.arg("hostname.exact"),
            "hostname.contain": request.arg("hostname.contain"),
            "hostname.startsWith": request.arg("hostname.startsWith"),
        }
        if ident and any(filters.values()):
            raise ApiError(
                400,
                1438,
                "Cannot specify other filter parameters in addition to id. Only one must be "
                "specified. Check your input and try again.",
            )
        page = _int_arg(request, "page", 1, 1, 10**9)
        per_page = _int_arg(request, "per_page", 20, 5, 50)
        records = self.state.hostname_list(self.config.zone_id)
        if ident:
            records = [item for item in records if item["id"] == ident]
        if filters["hostname"]:
            exact = filters["hostname"].strip().rstrip(".").lower()
            records = [item for item in records if item["hostname"] == exact]
        if filters["hostname.contain"]:
            part = filters["hostname.contain"].lower()
            records = [item for item in records if part in item["hostname"]]
        if filters["hostname.startsWith"]:
            start = filters["hostname.startsWith"].lower()
            records = [item for item in records if item["hostname"].startswith(start)]
        for name in ("hostname_status", "ssl_status"):
            wanted = request.arg(name)
            if wanted:
                records = [
                    item
                    for item in records
                    if (
                        item.get("status")
                        if name == "hostname_status"
                        else item["ssl"].get("status")
                    )
                    == wanted
                ]
        if request.arg("order") in ("ssl", "ssl_status"):
            records.sort(key=lambda item: str(item["ssl"].get("status")))
        if request.arg("direction") == "desc":
            records.reverse()
        start_at = (page - 1) * per_page
        chunk = records[start_at : start_at + per_page]
        info = {
            "page": page,
            "per_page": per_page,
            "count": len(chunk),
            "total_count": len(records),
        }
        return envelope([public(item) for item in chunk], result_info=info)

    # --- Fallback origin ---------------------------------------------------------------

    def fallback_get(self, request: Request) -> Response:
        record = self.state.fallback_get(self.config.zone_id)
        if record is None:
            # Cloudflare documents no code for this; 1551 is local.
            raise ApiError(404, 1551, "No fallback origin is set for this zone.")
        return envelope(record)

    def fallback_put(self, request: Request) -> Response:
        body = request.json(code=1400)
        if not isinstance(body, dict) or "origin" not in body:
            raise ApiError(400, 1400, "The request body must be a JSON object with an origin.")
        origin = self._check_fallback(body["origin"])
        with self.state.transaction():
            record = self.state.fallback_get(self.config.zone_id)
            now = now_iso()
            if record is None or record.get("origin") != origin:
                record = {
                    "origin": origin,
                    "status": "initializing",
                    "errors": [],
                    "created_at": (record or {}).get("created_at", now),
                    "updated_at": now,
                }
                self.state.fallback_save(self.config.zone_id, record)
        self.recheck()
        return envelope(record)

    def _check_fallback(self, raw: object) -> str:
        """The fallback origin must be a name in the SaaS zone (a proxied record there)."""
        zone = self.config.zone_name
        origin = raw.strip().rstrip(".").lower() if isinstance(raw, str) else ""
        in_zone = bool(origin and zone) and (origin == zone or origin.endswith("." + zone))
        if in_zone and all(LABEL_RE.match(label) for label in origin.split(".")):
            return origin
        check_hostname(raw, origin=True)
        raise ApiError(
            400,
            1415,
            f"Invalid fallback origin {origin!r}: it must be a hostname in this zone ({zone}).",
        )

    def fallback_delete(self, request: Request) -> Response:
        record = self.state.fallback_get(self.config.zone_id)
        if record is None:
            raise ApiError(404, 1551, "No fallback origin is set for this zone.")
        self.state.fallback_delete(self.config.zone_id)
        record.update(status="pending_deletion", updated_at=now_iso())
        return envelope(record)

    # --- Dispatch namespaces -------------------------------------------------------------

    def _namespace(self, name: str) -> dict[str, Any]:
        record = self.state.namespace_get(name)
        if record is None:
            # local: Cloudflare documents no code for a missing dispatch namespace (not in
            # the schema's x-cfLinkErrors, nor its docs); 10007 is a missing script, and a
            # client must be able to tell the two apart.
            raise ApiError(
                404, DISPATCH_NAMESPACE_NOT_FOUND, f"The dispatch namespace {name!r} was not found."
            )
        return record

    def _namespace_view(self, record: dict[str, Any]) -> dict[str, Any]:
        return {**record, "script_count": self.state.script_count(record["namespace_name"])}

    def namespace_list(self, request: Request) -> Response:
        return envelope([self._namespace_view(item) for item in self.state.namespace_list()])

    def namespace_create(self, request: Request) -> Response:
        body = request.json(code=10021, message="The request body is not valid JSON.")
        name = body.get("name") if isinstance(body, dict) else None
        if not isinstance(name, str) or not SCRIPT_NAME_RE.match(name) or len(name) > 63:
            raise ApiError(
                400,
                10021,  # local
                "A dispatch namespace name needs 1-63 lowercase letters, digits, - or _.",
            )
        with self.state.transaction():
            if self.state.namespace_get(name) is not None:
                # local: Cloudflare documents no code for a duplicate namespace.
                raise ApiError(409, 10026, f"A dispatch namespace named {name!r} already exists.")
            now = now_iso()
            record = {
                "namespace_id": str(uuid.uuid4()),
                "namespace_name": name,
                "created_on": now,
                "created_by": self.config.account_id,
                "modified_on": now,
                "modified_by": self.config.account_id,
            }
            self.state.namespace_save(record)
        return envelope(self._namespace_view(record))

    def namespace_get(self, request: Request, namespace: str) -> Response:
        return envelope(self._namespace_view(self._namespace(namespace)))

    def namespace_delete(self, request: Request, namespace: str) -> Response:
        self._namespace(namespace)
        self.state.namespace_delete(namespace)
        if namespace == self.config.dispatch_namespace:
            self.changed(everything=True)
        return envelope(None)

    # --- Scripts -----------------------------------------------------------------------

    def _upload(self, request: Request, namespace: str, name: str) -> Response:
        if not SCRIPT_NAME_RE.match(name) or len(name) > 63:
            raise ApiError(
                400,
                10016,  # local
                "Invalid Worker name: use 1-63 lowercase letters, digits, - or _.",
            )
        try:
            parts = multipart.parse(request.content_type, request.body)
        except multipart.MultipartError as exc:
            raise ApiError(400, 10001, f"Unsupported or unexpected Content Type: {exc}") from None
        metadata_parts = [part for part in parts if part.name == "metadata"]
        if len(metadata_parts) != 1:
            raise ApiError(400, 10021, "The upload needs exactly one 'metadata' part.")
        try:
            metadata = json.loads(metadata_parts[0].content)
        except ValueError:
            raise ApiError(400, 10021, "The 'metadata' part is not valid JSON.") from None
        if not isinstance(metadata, dict):
            raise ApiError(400, 10021, "The 'metadata' part must be a JSON object.")
        modules: list[tuple[str, str, bytes]] = []  # (name, content type, content)
        for part in parts:
            if part.name == "metadata":
                continue
            module_name = part.filename or part.name
            if part.content_type not in SCRIPT_CONTENT_TYPES:
                raise ApiError(
                    400, 10001, f"Unsupported content type {part.content_type!r} for {module_name}."
                )
            modules.append((module_name, part.content_type, part.content))
        if sum(len(content) for _, _, content in modules) > MAX_SCRIPT_BYTES:
            raise ApiError(413, 10027, "Script body was too large.")
        main = metadata.get("main_module")
        if not isinstance(main, str) or not main:
            if metadata.get("body_part"):
                raise ApiError(
                    400,
                    10021,
                    "The local Cloudflare runs ES module Workers only: set metadata.main_module.",
                )
            raise ApiError(400, 10021, "metadata.main_module names no module.")
        names = [module_name for module_name, _, _ in modules]
        if main not in names:
            raise ApiError(400, 10021, f"No such module {main!r} among the uploaded parts.")
        date = metadata.get("compatibility_date")
        if date is not None and (not isinstance(date, str) or not DATE_RE.match(date)):
            raise ApiError(400, 10021, "compatibility_date must be a date like 2025-09-01.")
        tags = metadata.get("tags") or []
        self._check_tags(tags)
        bindings = metadata.get("bindings") or []
        self._check_bindings(bindings)
        script_metadata = {
            "main_module": main,
            "compatibility_date": date or "",
            "compatibility_flags": metadata.get("compatibility_flags") or [],
            "bindings": bindings,
        }
        if self.check_script is not None:
            # Cloudflare starts the Worker before accepting it; the edge does the same.
            # An edge that cannot answer does not block the API (it is logged).
            try:
                view = script_view(name, script_metadata, modules) | {"namespace": namespace}
                problem = self.check_script(view)
            except Exception:
                log.exception("The edge could not check the Worker %s", name)
                problem = None
            if problem:
                raise ApiError(400, 10021, f"Uncaught error while starting the Worker: {problem}")
        digest = hashlib.sha256()
        for module_name, _, content in modules:
            digest.update(module_name.encode() + b"\0" + content)
        now = now_iso()
        previous = self.state.script_get(namespace, name)
        main_text = next(content for module_name, _, content in modules if module_name == main)
        record = {
            "id": name,
            "etag": digest.hexdigest(),
            "created_on": previous["created_on"] if previous else now,
            "modified_on": now,
            "handlers": [
                handler
                for handler in ("fetch", "scheduled", "queue", "email")
                if re.search(rb"\b" + handler.encode() + rb"\b", main_text)
            ],
            "logpush": False,
            # The schema allows bundled|unbound. A Workers for Platforms script is billed by
            # requests and CPU time, which is the unbound model (also the schema's example);
            # the live API has since added "standard", which the schema does not know.
            "usage_model": "unbound",
            "has_modules": True,
            "startup_time_ms": 1,
            "_local": {"tags": list(tags), "metadata": script_metadata},
        }
        self.state.script_save(namespace, name, record, modules)
        self.changed(scripts=[(namespace, name)])
        return envelope(public(record))

    def _check_tags(self, tags: object) -> None:
        if not isinstance(tags, list) or not all(isinstance(tag, str) and tag for tag in tags):
            raise ApiError(400, 10021, "tags must be a list of non-empty strings.")
        if len(tags) > MAX_TAGS:
            raise ApiError(400, 10021, f"A script takes at most {MAX_TAGS} tags.")
        if any("," in tag for tag in tags):
            raise ApiError(400, 10021, "Tags cannot contain commas.")

    def _check_bindings(self, bindings: object) -> None:
        if not isinstance(bindings, list):
            raise ApiError(400, 10021, "bindings must be a list.")
        seen: set[str] = set()
        for binding in bindings:
            if not isinstance(binding, dict) or not binding.get("name") or not binding.get("type"):
                raise ApiError(400, 10021, "Every binding needs a name and a type.")
            if binding["name"] in seen:
                raise ApiError(400, 10021, f"The binding name {binding['name']!r} is used twice.")
            seen.add(binding["name"])
            kind = binding["type"]
            if kind == "kv_namespace":
                if self.state.kv_namespace_get(str(binding.get("namespace_id"))) is None:
                    raise ApiError(
                        400,
                        10041,  # local
                        f"KV namespace {binding.get('namespace_id')!r} of binding "
                        f"{binding['name']!r} was not found.",
                    )
            elif kind == "dispatch_namespace":
                if self.state.namespace_get(str(binding.get("namespace"))) is None:
                    raise ApiError(
                        400,
                        10021,
                        f"Dispatch namespace {binding.get('namespace')!r} of binding "
                        f"{binding['name']!r} was not found.",
                    )
            elif kind in ("plain_text", "secret_text") and not isinstance(binding.get("text"), str):
                raise ApiError(400, 10021, f"The binding {binding['name']!r} needs a text.")

    def script_put(self, request: Request, namespace: str, script_name: str) -> Response:
        self._namespace(namespace)
        return self._upload(request, namespace, script_name)

    def worker_put(self, request: Request, script_name: str) -> Response:
        return self._upload(request, ACCOUNT_SCRIPTS, script_name)

    def _script(self, namespace: str, name: str) -> dict[str, Any]:
        self._namespace(namespace)
        record = self.state.script_get(namespace, name)
        if record is None:
            raise ApiError(404, SCRIPT_NOT_FOUND, "This Worker does not exist on your account.")
        return record

    def script_get(self, request: Request, namespace: str, script_name: str) -> Response:
        record = self._script(namespace, script_name)
        return envelope(
            {
                "created_on": record["created_on"],
                "modified_on": record["modified_on"],
                "dispatch_namespace": namespace,
                "script": public(record),
            }
        )

    def script_delete(self, request: Request, namespace: str, script_name: str) -> Response:
        self._script(namespace, script_name)
        self.state.script_delete(namespace, script_name)
        self.changed(scripts=[(namespace, script_name)])
        return envelope(None)

    def tags_get(self, request: Request, namespace: str, script_name: str) -> Response:
        return envelope(self._script(namespace, script_name)["_local"]["tags"])

    def _set_tags(self, namespace: str, name: str, tags: list[str]) -> Response:
        self._check_tags(tags)
        with self.state.transaction():
            record = self._script(namespace, name)
            record.pop("_modules", None)
            record["_local"]["tags"] = tags
            self.state.script_update_record(namespace, name, record)
        return envelope(tags)

    def tags_put(self, request: Request, namespace: str, script_name: str) -> Response:
        tags = request.json(code=10021, message="The tags must be a JSON list.")
        return self._set_tags(namespace, script_name, tags)

    def tag_put(self, request: Request, namespace: str, script_name: str, tag: str) -> Response:
        tags = list(self._script(namespace, script_name)["_local"]["tags"])
        if tag not in tags:
            tags.append(tag)
        self._set_tags(namespace, script_name, tags)
        return envelope(None)

    def tag_delete(self, request: Request, namespace: str, script_name: str, tag: str) -> Response:
        tags = [
            item for item in self._script(namespace, script_name)["_local"]["tags"] if item != tag
        ]
        self._set_tags(namespace, script_name, tags)
        return envelope(None)

    # --- Workers KV ----------------------------------------------------------------------

    def _kv_namespace(self, namespace_id: str) -> dict[str, str]:
        record = self.state.kv_namespace_get(namespace_id)
        if record is None:
            raise ApiError(404, 10013, "namespace not found")
        return record

    def kv_namespace_list(self, request: Request) -> Response:
        page = _int_arg(request, "page", 1, 1, 10**9)
        per_page = _int_arg(request, "per_page", 20, 5, 1000)
        items = self.state.kv_namespace_list()
        if request.arg("direction") == "desc":
            items.reverse()
        chunk = items[(page - 1) * per_page : page * per_page]
        result = [{**item, "supports_url_encoding": True} for item in chunk]
        info = {"page": page, "per_page": per_page, "count": len(chunk), "total_count": len(items)}
        return envelope(result, result_info=info)

    def kv_namespace_create(self, request: Request) -> Response:
        body = request.json(code=10026, message="The request body is not valid JSON.")
        title = body.get("title") if isinstance(body, dict) else None
        if not isinstance(title, str) or not title.strip() or len(title) > 512:
            raise ApiError(400, 10019, "A namespace title is required (at most 512 characters).")
        with self.state.transaction():
            if self.state.kv_namespace_by_title(title) is not None:
                raise ApiError(
                    400, 10014, "A namespace with this account ID and title already exists."
                )
            namespace_id = new_id()
            self.state.kv_namespace_create(namespace_id, title, now_iso())
        return envelope({"id": namespace_id, "title": title, "supports_url_encoding": True})

    def kv_namespace_get(self, request: Request, namespace_id: str) -> Response:
        return envelope({**self._kv_namespace(namespace_id), "supports_url_encoding": True})

    def kv_namespace_delete(self, request: Request, namespace_id: str) -> Response:
        self._kv_namespace(namespace_id)
        self.state.kv_namespace_delete(namespace_id)
        self.changed(kv={namespace_id: None})
        return envelope(None)

    @staticmethod
    def _check_key(key: str) -> None:
        if not key or key in (".", ".."):
            raise ApiError(400, 10019, "Invalid key name.")  # local
        if len(key.encode()) > MAX_KV_KEY_BYTES:
            raise ApiError(414, 10033, f"Key names are at most {MAX_KV_KEY_BYTES} bytes.")  # local

    @staticmethod
    def _expiration(expiration: object, ttl: object) -> int | None:
        now = time.time()
        if ttl not in (None, ""):
            try:
                seconds = int(float(str(ttl)))
            except ValueError:
                raise ApiError(400, 10025, "expiration_ttl must be a number.") from None
            if seconds < 60:
                raise ApiError(
                    400, 10025, "Invalid expiration_ttl of 0. Expiration TTL must be at least 60."
                )
            return int(now) + seconds
        if expiration not in (None, ""):
            try:
                when = int(float(str(expiration)))
            except ValueError:
                raise ApiError(400, 10025, "expiration must be a number.") from None
            if when < now + 60:
                raise ApiError(
                    400, 10025, "Invalid expiration: it must be at least 60 seconds in the future."
                )
            return when
        return None

    @staticmethod
    def _check_metadata(metadata: Any) -> Any:
        if metadata is not None and len(json.dumps(metadata).encode()) > MAX_KV_METADATA_BYTES:
            raise ApiError(413, 10012, "Metadata is at most 1024 bytes.")  # local
        return metadata

    def kv_put(self, request: Request, namespace_id: str, key: str) -> Response:
        self._kv_namespace(namespace_id)
        self._check_key(key)
        metadata: Any = None
        if request.content_type.lower().startswith("multipart/form-data"):
            try:
                parts = multipart.parse(request.content_type, request.body)
            except multipart.MultipartError as exc:
                raise ApiError(400, 10001, f"Invalid multipart body: {exc}") from None
            values = [part for part in parts if part.name == "value"]
            if len(values) != 1:
                raise ApiError(400, 10001, "The multipart body needs exactly one 'value' part.")
            value = values[0].content
            for part in parts:
                if part.name == "metadata":
                    try:
                        metadata = json.loads(part.content)
                    except ValueError:
                        raise ApiError(400, 10012, "The metadata part is not valid JSON.") from None
        else:
            value = request.body
        if len(value) > MAX_KV_VALUE_BYTES:
            raise ApiError(413, 10011, "Values are at most 25 MiB.")  # local
        expiration = self._expiration(request.arg("expiration"), request.arg("expiration_ttl"))
        self.state.kv_put_many(
            namespace_id, [(key, value, self._check_metadata(metadata), expiration)]
        )
        self.changed(kv={namespace_id: [key]})
        return envelope({})

    def kv_get(self, request: Request, namespace_id: str, key: str) -> Response:
        self._kv_namespace(namespace_id)
        found = self.state.kv_get(namespace_id, key)
        if found is None:
            raise ApiError(404, 10009, "get: 'key not found'")
        value, _metadata, expiration = found
        headers = {"expiration": str(expiration)} if expiration else {}
        return Response(200, value, content_type="application/octet-stream", headers=headers)

    def kv_metadata(self, request: Request, namespace_id: str, key: str) -> Response:
        self._kv_namespace(namespace_id)
        found = self.state.kv_get(namespace_id, key)
        if found is None:
            raise ApiError(404, 10009, "get: 'key not found'")
        return envelope(found[1])

    def kv_delete(self, request: Request, namespace_id: str, key: str) -> Response:
        self._kv_namespace(namespace_id)
        self.state.kv_delete_many(namespace_id, [key])
        self.changed(kv={namespace_id: [key]})
        return envelope({})

    def kv_bulk_put(self, request: Request, namespace_id: str) -> Response:
        self._kv_namespace(namespace_id)
        body = request.json(code=10001, message="The request body is not a valid JSON list.")
        if not isinstance(body, list):
            raise ApiError(400, 10001, "The request body must be a JSON list of pairs.")
        if len(body) > MAX_KV_BULK:
            raise ApiError(413, 10005, f"A bulk write takes at most {MAX_KV_BULK} pairs.")
        items = []
        for pair in body:
            if not isinstance(pair, dict) or not isinstance(pair.get("key"), str):
                raise ApiError(400, 10001, "Every pair needs a key.")
            if not isinstance(pair.get("value"), str):
                raise ApiError(400, 10001, f"The value of {pair['key']!r} must be a string.")
            self._check_key(pair["key"])
            value = pair["value"].encode()
            if pair.get("base64"):
                try:
                    value = base64.b64decode(pair["value"], validate=True)
                except ValueError:
                    raise ApiError(
                        400, 10001, f"The value of {pair['key']!r} is not base64."
                    ) from None
            expiration = self._expiration(pair.get("expiration"), pair.get("expiration_ttl"))
            items.append(
                (pair["key"], value, self._check_metadata(pair.get("metadata")), expiration)
            )
        self.state.kv_put_many(namespace_id, items)
        self.changed(kv={namespace_id: [item[0] for item in items]})
        return envelope({"successful_key_count": len(items), "unsuccessful_keys": []})

    def kv_bulk_delete(self, request: Request, namespace_id: str) -> Response:
        self._kv_namespace(namespace_id)
        body = request.json(code=10001, message="The request body is not a valid JSON list.")
        if not isinstance(body, list) or not all(isinstance(key, str) for key in body):
            raise ApiError(400, 10001, "The request body must be a JSON list of key names.")
        if len(body) > MAX_KV_BULK:
            raise ApiError(413, 10005, f"A bulk delete takes at most {MAX_KV_BULK} keys.")
        self.state.kv_delete_many(namespace_id, body)
        self.changed(kv={namespace_id: list(body)})
        return envelope({"successful_key_count": len(body), "unsuccessful_keys": []})

    def kv_keys(self, request: Request, namespace_id: str) -> Response:
        self._kv_namespace(namespace_id)
        limit_arg = request.arg("limit")
        limit = 1000
        if limit_arg:
            try:
                limit = int(float(limit_arg))
            except ValueError:
                raise ApiError(400, 10001, "limit must be a number.") from None
            if not 10 <= limit <= 1000:
                raise ApiError(
                    400, 10001, "Invalid key limit: it must be between 10 and 1000."
                )  # local
        after = _decode_cursor(request.arg("cursor"))
        rows = self.state.kv_list(
            namespace_id, prefix=request.arg("prefix") or "", after=after, limit=limit + 1
        )
        more = len(rows) > limit
        rows = rows[:limit]
        result = []
        for name, metadata, expiration in rows:
            item: dict[str, Any] = {"name": name}
            if expiration:
                item["expiration"] = expiration
            if metadata is not None:
                item["metadata"] = metadata
            result.append(item)
        cursor = _encode_cursor(rows[-1][0]) if more and rows else ""
        return envelope(result, result_info={"count": len(result), "cursor": cursor})


def _encode_cursor(key: str) -> str:
    return base64.urlsafe_b64encode(key.encode()).decode().rstrip("=")


def _decode_cursor(cursor: str | None) -> str | None:
    if not cursor:
        return None
    try:
        return base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, 10001, "Invalid cursor.") from None  # local


def _match(pattern: list[str], segments: list[str]) -> dict[str, str] | None:
    if len(pattern) != len(segments):
        return None
    params: dict[str, str] = {}
    for expected, actual in zip(pattern, segments, strict=True):
        if expected.startswith("{") and expected.endswith("}"):
            if not actual:
                return None
            params[expected[1:-1]] = actual
        elif expected != actual:
            return None
    return params
