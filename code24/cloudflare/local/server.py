"""The local Cloudflare's HTTP server: the API at /client/v4, the control API at /__local__.

``LocalCloudflare`` owns the state, the HTTP server (standard library, one thread per
connection), the lifecycle checker thread, fault injection, the edge hook and, when it is
given one, the local DNS server (``dns``), whose records it serves at ``/__local__/dns``.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import logging
import re
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from code24.cloudflare.client import LOCAL_API_TOKEN
from code24.cloudflare.local import certificates, lifecycle
from code24.cloudflare.local.api import (
    MAX_BODY_BYTES,
    ApiError,
    CloudflareApi,
    Config,
    Request,
    Response,
    envelope,
)
from code24.cloudflare.local.dns import LocalDNS
from code24.cloudflare.local.dns_provider import DnsProvider
from code24.cloudflare.local.faults import Fault, FaultInjector
from code24.cloudflare.local.state import ACCOUNT_SCRIPTS, State

log = logging.getLogger("code24.cloudflare.local")

API_PREFIX = "/client/v4/"
CONTROL_PREFIX = "/__local__/"
TOKEN_RE = re.compile(r"^[A-Za-z0-9_.~+/=-]{1,256}$")
# Active (and moved) hostnames are re-checked on every WATCH_EVERY-th check only: Cloudflare
# notices a hostname moved away within hours, not seconds.
WATCH_EVERY = 6

OnChange = Callable[[dict[str, Any]], None]

EDGE_ERROR_PAGE = (
    "<!DOCTYPE html><html><head><title>{status} {reason}</title></head>"
    "<body><h1>{status} {reason}</h1><p>cloudflare (local)</p></body></html>"
)


class LocalCloudflare:
    """A stateful double of Cloudflare's API v4 for the endpoints Code24 uses.

    ``start()`` serves in background threads (tests); ``serve_forever()`` in the
    foreground until ``stop()`` (the management command). ``url`` is the API's base URL.
    Requests must carry ``token`` (by default the one Code24's client sends when no
    CLOUDFLARE_API_TOKEN is set) as ``Authorization: Bearer``.

    ``dns`` (a ``LocalDNS``, or None) is the DNS server standing in for customers' DNS
    providers; with one, ``/__local__/dns`` serves its records (always, not only with
    ``control``), and the checker asks it when no other ``resolver`` is given.
    ``localhost_hostnames`` accepts custom hostnames under ``.localhost`` (``api.py``).
    """

    def __init__(
        self,
        *,
        state_dir: Path,
        account_id: str,
        zone_id: str,
        dispatch_namespace: str,
        dispatcher_name: str,
        platform_domain: str,
        host: str = "127.0.0.1",
        port: int = 0,
        token: str = LOCAL_API_TOKEN,
        resolver: str | None = None,
        http_check_port: int = 80,
        check_interval: float = 5.0,
        control: bool = False,
        hostname_quota: int = 100,
        on_change: OnChange | None = None,
        check_script: Callable[[dict[str, Any]], str | None] | None = None,
        dns: LocalDNS | None = None,
        localhost_hostnames: bool = False,
    ) -> None:
        self.dns = dns
        self.dns_provider = DnsProvider(dns) if dns is not None else None
        if resolver is None and dns is not None:
            resolver = dns.address
        self.prober = lifecycle.Prober(resolver, http_port=http_check_port)
        self.state = State(Path(state_dir) / "cloudflare.sqlite3")
        self.config = Config(
            account_id=account_id,
            zone_id=zone_id,
            zone_name=platform_domain.lower(),
            dispatch_namespace=dispatch_namespace,
            dispatcher_name=dispatcher_name,
            hostname_quota=hostname_quota,
            localhost_hostnames=localhost_hostnames,
        )
        self.platform_domain = platform_domain
        self.token = token
        self.control = control
        self.check_interval = check_interval
        self.on_change = on_change
        self._checks = 0
        self.faults = FaultInjector()
        self.requests: deque[dict[str, Any]] = deque(maxlen=5000)
        self._requests_lock = threading.Lock()
        self.api = CloudflareApi(
            self.state,
            self.config,
            changed=self.notify,
            recheck=self.recheck,
            check_script=check_script,
        )
        self._sync_lock = threading.Lock()
        self._check_lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self.httpd = _Server((host, port), _Handler)
        self.httpd.app = self
        address = self.httpd.server_address
        self.host, self.port = str(address[0]), int(address[1])

    @classmethod
    def from_settings(cls, **overrides: Any) -> LocalCloudflare:
        from django.conf import settings

        options: dict[str, Any] = {
            "state_dir": settings.LOCAL_CLOUDFLARE_STATE_DIR,
            "account_id": settings.CLOUDFLARE_ACCOUNT_ID,
            "zone_id": settings.CLOUDFLARE_ZONE_ID,
            "dispatch_namespace": settings.CLOUDFLARE_DISPATCH_NAMESPACE,
            "dispatcher_name": settings.CLOUDFLARE_DISPATCHER_NAME,
            "platform_domain": settings.PLATFORM_DOMAIN,
            "port": settings.LOCAL_CLOUDFLARE_PORT,
            "resolver": settings.LOCAL_CLOUDFLARE_DNS or None,
            "check_interval": float(settings.LOCAL_CLOUDFLARE_CHECK_SECONDS),
            "control": settings.LOCAL_CLOUDFLARE_CONTROL,
            "localhost_hostnames": settings.DOMAINS_ALLOW_LOCALHOST,
        }
        options.update(overrides)
        return cls(**options)

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def url(self) -> str:
        """The API's base URL, for ``Cloudflare(base_url=...)``."""
        return f"{self.origin}/client/v4"

    # --- Running -------------------------------------------------------------------------

    def start(self) -> LocalCloudflare:
        self.notify(everything=True)  # the edge starts from the stored state
        serve = lambda: self.httpd.serve_forever(poll_interval=0.05)  # noqa: E731 - quick stop
        for target, name in ((serve, "http"), (self._check_loop, "checker")):
            thread = threading.Thread(target=target, name=f"local-cloudflare-{name}", daemon=True)
            thread.start()
            self._threads.append(thread)
        log.info("Local Cloudflare API at %s (state in %s)", self.url, self.state.path)
        return self

    def serve_forever(self) -> None:
        self.start()
        self._stopping.wait()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads.clear()
        self.state.close()

    def __enter__(self) -> LocalCloudflare:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # --- The edge hook and the checker ----------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        return self.state.snapshot(
            namespace=self.config.dispatch_namespace,
            dispatcher_name=self.config.dispatcher_name,
            zone_id=self.config.zone_id,
            platform_domain=self.platform_domain,
        )

    def notify(
        self,
        *,
        scripts: Sequence[tuple[str, str]] = (),
        kv: dict[str, list[str] | None] | None = None,
        hostnames: bool = False,
        everything: bool = False,
    ) -> None:
        """Hand the edge what changed (serialised, so the last change always wins): the
        named scripts, KV keys (None: the whole namespace went) and the active hostnames,
        read from the state; ``everything`` sends the whole snapshot (on start)."""
        if self.on_change is None:
            return
        with self._sync_lock:
            delta = (
                self.snapshot() | {"full": True}
                if everything
                else self._delta(scripts, kv or {}, hostnames)
            )
            try:
                self.on_change(delta)
            except Exception:
                log.exception("The edge failed to take the change")

    def _delta(
        self, scripts: Sequence[tuple[str, str]], kv: dict[str, list[str] | None], hostnames: bool
    ) -> dict[str, Any]:
        config = self.config
        delta: dict[str, Any] = {"namespace": config.dispatch_namespace}
        for namespace, name in scripts:
            if namespace == ACCOUNT_SCRIPTS and name == config.dispatcher_name:
                delta["dispatcher"] = self.state.script_view(namespace, name)
            elif namespace == config.dispatch_namespace:
                delta.setdefault("scripts", {})[name] = self.state.script_view(namespace, name)
        for namespace_id, keys in kv.items():
            if keys is None:
                delta.setdefault("kv", {})[namespace_id] = None
                continue
            values = delta.setdefault("kv", {}).setdefault(namespace_id, {})
            for key in keys:
                found = self.state.kv_get(namespace_id, key)
                values[key] = found[0].decode("utf-8", errors="replace") if found else None
        if hostnames:
            delta["active_hostnames"] = self.state.active_hostnames(config.zone_id)
        return delta

    def recheck(self) -> None:
        """Run the checker now instead of at its next interval."""
        self._wake.set()

    def _check_loop(self) -> None:
        while not self._stopping.is_set():
            self._wake.wait(self.check_interval)
            self._wake.clear()
            if self._stopping.is_set():
                return
            try:
                self.check()
            except Exception:
                log.exception("The custom hostname checker failed")

    def check(self, *, watch: bool | None = None) -> None:
        """One step of every fallback origin and custom hostname that is not done yet; on
        every ``WATCH_EVERY``-th check (or with ``watch=True``) active and moved hostnames
        are looked at too (renewals due and expiries are seen on every check)."""
        with self._check_lock:
            self._checks += 1
            if watch is None:
                watch = self._checks % WATCH_EVERY == 0
            zone = self.config.zone_id
            now = datetime.now(UTC)
            fallback = self.state.fallback_get(zone)
            if fallback is not None and lifecycle.advance_fallback(fallback, now):
                self.state.fallback_save(zone, fallback)
            origin = (fallback or {}).get("origin", "")
            proofs = {
                record["id"]: proof
                for record in self.state.hostname_list(zone)
                if (proof := self._proofs(record, now, watch=watch, fallback_origin=origin))
                is not None
            }
            served_changed = False
            for hostname_id, proof in proofs.items():
                with self.state.transaction():
                    record = self.state.hostname_get(hostname_id)
                    if record is None:
                        continue
                    was_active = record.get("status") == "active"
                    if lifecycle.advance_hostname(record, proof, fallback=fallback, now=now):
                        self.state.hostname_save(zone, record)
                    served_changed |= was_active != (record.get("status") == "active")
            if served_changed:
                self.notify(hostnames=True)

    def _proofs(
        self, record: dict[str, Any], now: datetime, *, watch: bool, fallback_origin: str
    ) -> lifecycle.Proofs | None:
        """What the checker needs to know about ``record`` (None: leave it alone); the
        lookups are made only when the next step depends on them."""
        where = {"fallback_origin": fallback_origin, "zone_name": self.config.zone_name}
        if lifecycle.needs_proof(record, now):
            return lifecycle.find_proofs(record, self.prober, **where)
        if watch and lifecycle.is_watched(record):
            return lifecycle.find_routing(record, self.prober, **where)
        if lifecycle.needs_check(record, now):
            return lifecycle.NO_PROOFS
        return None

    def _find_hostname(self, name_or_id: str) -> dict[str, Any] | None:
        return self.state.hostname_get(name_or_id) or self.state.hostname_by_name(
            name_or_id.lower().rstrip(".")
        )

    def mark_dns_configured(self, name_or_id: str) -> dict[str, Any] | None:
        """Control API: treat the hostname's DNS records as in place."""
        with self.state.transaction():
            record = self._find_hostname(name_or_id)
            if record is None:
                return None
            record.setdefault("_local", {})["dns_configured"] = True
            self.state.hostname_save(self.config.zone_id, record)
        self.recheck()
        return record

    def set_certificate(
        self, name_or_id: str, *, expires_on: datetime | None = None, renew: bool | None = None
    ) -> dict[str, Any] | None:
        """Control API: move the active certificate's expiry and turn its renewal on or off
        (False: it is left to expire, as when domain control can no longer be proven).
        None when there is no such hostname; ValueError when it has no certificate yet."""
        with self.state.transaction():
            record = self._find_hostname(name_or_id)
            if record is None:
                return None
            ssl = record.get("ssl") or {}
            if "expires_on" not in ssl:
                raise ValueError(
                    f"{record['hostname']} has no certificate yet (its ssl status is "
                    f"{ssl.get('status')}); wait until it is active."
                )
            if expires_on is not None:
                ssl["expires_on"] = certificates.iso(expires_on)
            if renew is not None:
                record.setdefault("_local", {})["renew"] = renew
            self.state.hostname_save(self.config.zone_id, record)
        self.recheck()
        return record

    # --- Requests ---------------------------------------------------------------------------

    def log_request(self, method: str, path: str, size: int = 0) -> dict[str, Any]:
        """Note a request as it arrives (``size``: its body's bytes); its ``status`` is
        filled in when it is answered."""
        entry: dict[str, Any] = {
            "method": method,
            "path": path,
            "bytes": size,
            "status": None,
            "fault": None,
            "at": time.time(),
        }
        with self._requests_lock:
            self.requests.append(entry)
        return entry

    def request_count(self, method: str | None = None, path_prefix: str = "") -> int:
        """How many requests reached the server (tests count retries with this)."""
        with self._requests_lock:
            return sum(
                1
                for item in self.requests
                if (method is None or item["method"] == method)
                and item["path"].startswith(path_prefix)
            )

    def authenticate(self, headers: Message) -> ApiError | None:
        """Cloudflare's answer to credentials it does not accept, or None.

        The codes and statuses are Cloudflare's, as its API answers them: no credentials
        400 / 9106; a malformed Authorization header 400 / 6003 with 6111 in the chain; an
        API key pair 400 / 9103 (the local Cloudflare has tokens only); a well-formed token
        it does not know 401 / 10000 "Authentication error" (on account and zone
        endpoints; a known token outside its account is 403 / 10000, see ``api.py``).
        """
        authorization = headers.get("Authorization")
        if authorization is None:
            if headers.get("X-Auth-Key") and headers.get("X-Auth-Email"):
                return ApiError(400, 9103, "Unknown X-Auth-Key or X-Auth-Email")
            return ApiError(400, 9106, "Missing X-Auth-Key, X-Auth-Email or Authorization headers")
        scheme, _, token = authorization.partition(" ")
        if scheme != "Bearer" or not TOKEN_RE.match(token):
            return ApiError(
                400,
                6003,
                "Invalid request headers",
                chain=[{"code": 6111, "message": "Invalid format for Authorization header"}],
            )
        if not hmac.compare_digest(token.encode(), self.token.encode()):
            return ApiError(401, 10000, "Authentication error")
        return None

    def local_request(self, request: Request, path: str) -> Response:
        """``/__local__/<path>``: the DNS provider's pages (whenever a DNS server is
        attached), else the control API."""
        if self.dns_provider is not None and self.dns_provider.handles(path):
            return self.dns_provider.handle(request, path)
        return self.control_request(request, path)

    def control_request(self, request: Request, path: str) -> Response:
        if not self.control:
            return _json(
                404,
                {
                    "error": "The local Cloudflare's control API is off. "
                    "Set LOCAL_CLOUDFLARE_CONTROL=true to turn it on."
                },
            )
        parts = [part for part in path.split("/") if part]
        try:
            body = json.loads(request.body or b"{}")
        except ValueError:
            return _json(400, {"error": "The body must be JSON."})
        method = request.method
        if parts == ["faults"] and method == "GET":
            return _json(200, {"faults": self.faults.list()})
        if parts == ["faults"] and method == "POST":
            try:
                fault = self.faults.add(**(body if isinstance(body, dict) else {}))
            except (TypeError, ValueError, re.error) as exc:
                return _json(400, {"error": str(exc)})
            return _json(201, fault.as_dict())
        if parts == ["faults"] and method == "DELETE":
            self.faults.clear()
            return _json(200, {"faults": []})
        if parts == ["requests"] and method == "GET":
            with self._requests_lock:
                return _json(200, {"requests": list(self.requests)})
        if parts == ["check"] and method == "POST":
            watch = body.get("watch") if isinstance(body, dict) else None
            self.check(watch=watch if isinstance(watch, bool) else None)
            return _json(200, {"checked": True})
        if (
            len(parts) == 3
            and parts[0] == "hostnames"
            and parts[2] == "certificate"
            and method == "POST"
        ):
            return self._certificate_request(parts[1], body)
        if len(parts) == 3 and parts[0] == "hostnames" and parts[2] == "dns" and method == "POST":
            record = self.mark_dns_configured(parts[1])
            if record is None:
                return _json(404, {"error": f"No custom hostname {parts[1]!r}."})
            return _json(200, {"id": record["id"], "hostname": record["hostname"]})
        if parts == ["snapshot"] and method == "GET":
            return _json(200, self.snapshot())
        return _json(404, {"error": f"No control endpoint {method} {CONTROL_PREFIX}{path}."})

    def _certificate_request(self, name_or_id: str, body: Any) -> Response:
        if not isinstance(body, dict):
            shape = '{"expires_on": <time>, "renew": <true or false>}'
            return _json(400, {"error": f"The body must be {shape}."})
        expires_on = certificates.parse(body.get("expires_on"))
        if body.get("expires_on") is not None and expires_on is None:
            return _json(400, {"error": "expires_on must be a time such as 2030-01-31T12:00:00Z."})
        renew = body.get("renew")
        if renew is not None and not isinstance(renew, bool):
            return _json(400, {"error": "renew must be true or false."})
        try:
            record = self.set_certificate(name_or_id, expires_on=expires_on, renew=renew)
        except ValueError as exc:
            return _json(409, {"error": str(exc)})
        if record is None:
            return _json(404, {"error": f"No custom hostname {name_or_id!r}."})
        answer = {"id": record["id"], "hostname": record["hostname"], "ssl": record["ssl"]}
        return _json(200, answer)


def _json(status: int, body: Any) -> Response:
    return Response(status, json.dumps(body).encode())


def fault_response(fault: Fault) -> Response:
    status = fault.status or 500
    if status in (502, 503, 504):
        reason = {502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}[status]
        page = EDGE_ERROR_PAGE.format(status=status, reason=reason)
        return Response(status, page.encode(), content_type="text/html")
    headers: dict[str, str] = {}
    if status == 429:
        code = fault.code or 971
        message = fault.message or "Please wait and consider throttling your request speed"
        headers["Retry-After"] = str(fault.retry_after if fault.retry_after is not None else 1)
    elif status >= 500:
        code, message = fault.code or 10002, fault.message or "An internal error occurred."
    else:
        code, message = fault.code or 10000, fault.message or "Injected error"
    return ApiError(status, code, message, headers=headers).response()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    app: LocalCloudflare


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as separate writes
    server_version = "cloudflare"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    def _dispatch(self) -> None:
        app = self.server.app
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            self._send(ApiError(413, 10027, "The request body is too large.").response())
            self.close_connection = True
            return
        body = self.rfile.read(length) if length else b""
        request = Request.build(self.command, self.path, self.headers, body)
        path = request.path
        if path.startswith(CONTROL_PREFIX):
            response = app.local_request(request, path[len(CONTROL_PREFIX) :])
            self._send(response)
            return
        entry = app.log_request(request.method, path, len(body))
        fault = app.faults.take(request.method, path)
        if fault is not None:
            entry["fault"] = fault.id
            if fault.delay and not fault.after:
                time.sleep(fault.delay)
        disrupts = fault is not None and (fault.drop or fault.status is not None)
        if fault is not None and disrupts and not fault.after:
            self._disrupt(fault, entry)
            return
        response = self._answer(request)
        if fault is not None and fault.after and fault.delay:
            time.sleep(fault.delay)  # the change is made; its answer waits
        if fault is not None and disrupts:  # after: the change is made, the answer is lost
            self._disrupt(fault, entry)
            return
        entry["status"] = response.status
        self._send(response)

    def _disrupt(self, fault: Fault, entry: dict[str, Any]) -> None:
        if fault.drop:
            entry["status"] = "dropped"
            self._drop()
        else:
            response = fault_response(fault)
            entry["status"] = response.status
            self._send(response)

    def _answer(self, request: Request) -> Response:
        app = self.server.app
        if not request.path.startswith(API_PREFIX):
            return ApiError(404, 7003, "No route for the URI").response()
        denied = app.authenticate(self.headers)
        if denied is not None:
            return denied.response()
        try:
            return app.api.handle(request, request.path[len(API_PREFIX) :])
        except Exception:
            log.exception("The local Cloudflare failed on %s %s", request.method, request.path)
            return ApiError(500, 10002, "An internal error occurred.").response()

    def _send(self, response: Response) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    def _drop(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _dispatch


__all__ = ["LocalCloudflare", "envelope"]
