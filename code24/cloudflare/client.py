"""The only code in Code24 that talks to Cloudflare.

Built on the official ``cloudflare`` SDK with its own retries switched off
(``max_retries=0``): the retry policy lives here, where it can be seen and tested.

- Every call goes through ``Client._call``: it logs the operation, the HTTP status and the
  duration (never the token, never KV values), sorts failures once into
  ``CloudflareRetryableError`` (429, 408, 5xx, timeouts, dropped connections) and
  ``CloudflarePermanentError`` (everything else, with Cloudflare's code and a customer
  sentence), and retries the retryable ones with exponential backoff and jitter, a
  bounded number of times. A 429's ``retry-after`` is honoured; one longer than the
  longest wait is handed to the caller (a task can schedule itself for later).
- Calls return typed values (the dataclasses below), parsed from Cloudflare's JSON.
- Creates are idempotent: creating a custom hostname that already exists (1406) adopts it
  when its ``custom_metadata`` names the same account and site, so a process that died
  between "create" and "save the id" does not leave a second hostname behind.

Without ``CLOUDFLARE_API_TOKEN`` the client talks to the local Cloudflare
(``manage.py local_cloudflare``) at ``http://127.0.0.1:<LOCAL_CLOUDFLARE_PORT>/client/v4``,
or at ``CLOUDFLARE_BASE_URL`` when that is set.
"""

from __future__ import annotations

import base64
import email.utils
import json
import logging
import random
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, TypeVar

import cloudflare
import httpx
from cloudflare.types.workers_for_platforms.dispatch.namespaces.scripts import (
    asset_upload_create_params,
)
from django.conf import settings

from code24.cloudflare.errors import (
    DUPLICATE_HOSTNAME,
    HOSTNAME_NOT_FOUND,
    SCRIPT_NOT_FOUND,
    CloudflareError,
    CloudflarePermanentError,
    CloudflareRetryableError,
)
from code24.cloudflare.workers_bundle import asset_hash

__all__ = [
    "AssetsConfig",
    "AssetsUploaded",
    "Client",
    "CloudflareError",
    "CloudflarePermanentError",
    "CloudflareRetryableError",
    "CustomHostname",
    "DispatchNamespace",
    "FallbackOrigin",
    "KVKey",
    "KVKeyPage",
    "KVNamespace",
    "KVPair",
    "Module",
    "RetryPolicy",
    "Script",
    "ValidationRecord",
    "get_client",
]

log = logging.getLogger("code24.cloudflare")

T = TypeVar("T")
SslMethod = Literal["http", "txt"]
KVPurpose = Literal["routes", "metadata", "cache"]
KV_PURPOSES: tuple[KVPurpose, ...] = ("routes", "metadata", "cache")

LOCAL_API_TOKEN = "code24-local-cloudflare"  # noqa: S105 - the local Cloudflare's dummy token
MAX_SCRIPT_TAGS = 8  # Workers for Platforms allows 8 tags per script
KV_BULK_LIMIT = 10_000  # pairs per bulk write
CUSTOM_HOSTNAMES_PER_PAGE = 50  # the largest page Cloudflare gives
KV_NAMESPACES_PER_PAGE = 100


# --- Values --------------------------------------------------------------------------


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


@dataclass(frozen=True)
class ValidationRecord:
    """A record the certificate authority checks (TXT or HTTP) for domain control."""

    txt_name: str = ""
    txt_value: str = ""
    http_url: str = ""
    http_body: str = ""
    status: str = ""

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> ValidationRecord:
        return cls(
            txt_name=_str(data.get("txt_name")),
            txt_value=_str(data.get("txt_value")),
            http_url=_str(data.get("http_url")),
            http_body=_str(data.get("http_body")),
            status=_str(data.get("status")),
        )


@dataclass(frozen=True)
class CustomHostname:
    """A Cloudflare for SaaS custom hostname: a customer's own domain on Code24."""

    id: str
    hostname: str
    status: str  # pending, active, moved, deleted, blocked, ...
    ssl_status: str  # initializing, pending_validation, ..., active
    ssl_method: str
    # Ownership proof: a TXT record, or an HTTP token the customer serves.
    ownership_txt_name: str
    ownership_txt_value: str
    ownership_http_url: str
    ownership_http_body: str
    validation_records: tuple[ValidationRecord, ...]
    verification_errors: tuple[str, ...]
    custom_metadata: Mapping[str, str] = field(default_factory=dict)
    created_at: datetime | None = None
    # The certificate Cloudflare issued (ssl.expires_on and ssl.issuer), once there is one.
    certificate_expires_at: datetime | None = None
    certificate_issuer: str = ""

    @property
    def is_active(self) -> bool:
        """True once both the hostname and its certificate are active."""
        return self.status == "active" and self.ssl_status == "active"

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> CustomHostname:
        ssl = data.get("ssl") or {}
        ownership = data.get("ownership_verification") or {}
        ownership_http = data.get("ownership_verification_http") or {}
        errors = [str(message) for message in data.get("verification_errors") or []]
        errors += [
            str(item.get("message"))
            for item in ssl.get("validation_errors") or []
            if isinstance(item, Mapping) and item.get("message")
        ]
        metadata = data.get("custom_metadata") or {}
        return cls(
            id=str(data["id"]),
            hostname=str(data["hostname"]),
            status=_str(data.get("status")),
            ssl_status=_str(ssl.get("status")),
            ssl_method=_str(ssl.get("method")),
            ownership_txt_name=_str(ownership.get("name")),
            ownership_txt_value=_str(ownership.get("value")),
            ownership_http_url=_str(ownership_http.get("http_url")),
            ownership_http_body=_str(ownership_http.get("http_body")),
            validation_records=tuple(
                ValidationRecord.from_api(record)
                for record in ssl.get("validation_records") or []
                if isinstance(record, Mapping)
            ),
            verification_errors=tuple(errors),
            custom_metadata={str(key): str(value) for key, value in metadata.items()},
            created_at=_parse_time(data.get("created_at")),
            certificate_expires_at=_parse_time(ssl.get("expires_on")),
            certificate_issuer=_str(ssl.get("issuer")),
        )


@dataclass(frozen=True)
class FallbackOrigin:
    """Where Cloudflare sends custom hostnames' traffic (Code24's platform origin)."""

    origin: str
    status: str  # initializing, pending_deployment, active, pending_deletion, ...
    errors: tuple[str, ...] = ()
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> FallbackOrigin:
        return cls(
            origin=_str(data.get("origin")),
            status=_str(data.get("status")),
            errors=tuple(str(error) for error in data.get("errors") or []),
            created_at=_parse_time(data.get("created_at")),
            updated_at=_parse_time(data.get("updated_at")),
        )


@dataclass(frozen=True)
class DispatchNamespace:
    """A Workers for Platforms dispatch namespace: one Worker script per site."""

    id: str
    name: str
    script_count: int = 0
    created_on: datetime | None = None

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> DispatchNamespace:
        return cls(
            id=_str(data.get("namespace_id")),
            name=_str(data.get("namespace_name")),
            script_count=int(data.get("script_count") or 0),
            created_on=_parse_time(data.get("created_on")),
        )


@dataclass(frozen=True)
class Module:
    """One module of a Worker upload (an ES module unless told otherwise)."""

    name: str
    content: str | bytes
    content_type: str = "application/javascript+module"

    def as_file(self) -> tuple[str, bytes, str]:
        body = self.content.encode() if isinstance(self.content, str) else self.content
        return (self.name, body, self.content_type)


@dataclass(frozen=True)
class Script:
    """A Worker script as Cloudflare describes it after an upload or a get."""

    name: str
    etag: str = ""
    created_on: datetime | None = None
    modified_on: datetime | None = None

    @classmethod
    def from_api(cls, data: Mapping[str, Any], *, name: str) -> Script:
        return cls(
            name=_str(data.get("id")) or name,
            etag=_str(data.get("etag")),
            created_on=_parse_time(data.get("created_on")),
            modified_on=_parse_time(data.get("modified_on")),
        )


@dataclass(frozen=True)
class AssetsConfig:
    """The ``assets`` part of a script upload: the completion token of an assets upload
    session (``Client.assets_upload``) and how the files are served (Cloudflare's routing
    options: html_handling, not_found_handling, run_worker_first, ...)."""

    jwt: str
    config: Mapping[str, Any] = field(default_factory=dict)

    def metadata(self) -> dict[str, Any]:
        part: dict[str, Any] = {"jwt": self.jwt}
        if self.config:
            part["config"] = dict(self.config)
        return part


@dataclass(frozen=True)
class AssetsUploaded:
    """What an assets upload did: the completion token a script upload redeems, and how
    many of the version's files (and bytes, before base64) Cloudflare lacked and got."""

    completion_token: str
    files: int
    uploaded_files: int = 0
    uploaded_bytes: int = 0


@dataclass(frozen=True)
class KVNamespace:
    id: str
    title: str


@dataclass(frozen=True)
class KVKey:
    name: str
    expiration: int | None = None
    metadata: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class KVKeyPage:
    """One page of a key listing; ``cursor`` is None on the last page."""

    keys: tuple[KVKey, ...]
    cursor: str | None


@dataclass(frozen=True)
class KVPair:
    """One pair of a bulk write. ``value`` is text (KV's bulk API carries UTF-8 strings)."""

    key: str
    value: str
    metadata: Mapping[str, Any] | None = None
    expiration_ttl: int | None = None


# --- Retries -------------------------------------------------------------------------


@dataclass(frozen=True)
class RetryPolicy:
    """At most ``attempts`` tries; between them, exponential backoff with jitter.

    After the n-th failed attempt the wait is drawn from [cap/2, cap] with
    cap = min(max_delay, base_delay * 2**(n-1)) ("equal jitter": it grows, and clients
    that failed together do not retry together). A 429's retry-after is waited out
    (plus up to base_delay of jitter); a retry-after beyond max_delay ends the retries.
    """

    attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 20.0

    def wait(self, attempt: int, retry_after: float | None, rng: random.Random) -> float | None:
        """Seconds to wait before attempt ``attempt + 1``, or None to give up."""
        if attempt >= self.attempts:
            return None
        if retry_after is not None:
            if retry_after > self.max_delay:
                return None
            return retry_after + rng.uniform(0, self.base_delay)
        cap = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
        return rng.uniform(cap / 2, cap)


def _parse_retry_after(value: str | None) -> float | None:
    """Retry-After is seconds or an HTTP date."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _first_error(body: object) -> tuple[int | None, str]:
    """Cloudflare's first (code, message) from an error envelope."""
    if isinstance(body, Mapping):
        for error in body.get("errors") or []:
            if isinstance(error, Mapping):
                code = error.get("code")
                return (code if isinstance(code, int) else None, _str(error.get("message")))
    return None, ""


def sort_error(operation: str, exc: Exception, *, attempts: int = 1) -> CloudflareError:
    """Sort one SDK failure into retryable or permanent (the only place this is decided)."""
    if isinstance(exc, cloudflare.APITimeoutError):
        return CloudflareRetryableError(
            "Cloudflare did not answer in time.", operation=operation, attempts=attempts
        )
    if isinstance(exc, cloudflare.APIConnectionError):
        return CloudflareRetryableError(
            f"Could not reach Cloudflare ({exc.message}).", operation=operation, attempts=attempts
        )
    if isinstance(exc, cloudflare.APIStatusError):
        status = exc.status_code
        code, message = _first_error(exc.body)
        message = message or f"Cloudflare answered HTTP {status}."
        if status in (408, 429) or status >= 500:
            return CloudflareRetryableError(
                message,
                operation=operation,
                status=status,
                code=code,
                retry_after=_parse_retry_after(exc.response.headers.get("retry-after")),
                attempts=attempts,
            )
        return CloudflarePermanentError(message, operation=operation, status=status, code=code)
    return CloudflarePermanentError(
        f"Cloudflare's answer could not be read: {exc}", operation=operation
    )


# --- The client ----------------------------------------------------------------------


class Client:
    """Typed calls to Cloudflare for one account, zone and dispatch namespace."""

    def __init__(
        self,
        *,
        api_token: str,
        base_url: str | None,
        account_id: str,
        zone_id: str,
        dispatch_namespace: str,
        kv_namespaces: Mapping[str, str] | None = None,
        kv_title_prefix: str = "",
        fallback_origin: str = "",
        dispatcher_name: str = "code24-dispatcher",
        compatibility_date: str | None = None,  # None: CLOUDFLARE_COMPATIBILITY_DATE
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        is_local: bool = False,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        self.account_id = account_id
        self.zone_id = zone_id
        self.dispatch_namespace = dispatch_namespace
        self.fallback_origin = fallback_origin
        self.dispatcher_name = dispatcher_name
        self.compatibility_date = compatibility_date or settings.CLOUDFLARE_COMPATIBILITY_DATE
        self.kv_title_prefix = kv_title_prefix or dispatch_namespace
        self.retry = retry or RetryPolicy()
        self.is_local = is_local
        self._kv_ids: dict[str, str] = {k: v for k, v in (kv_namespaces or {}).items() if v}
        self._kv_lock = threading.Lock()
        self._sleep = sleep
        self._rng = rng or random.Random()  # noqa: S311 - jitter, not security
        self.sdk = cloudflare.Cloudflare(
            api_token=api_token,
            base_url=base_url,
            max_retries=0,
            timeout=timeout,
            http_client=http_client,
        )

    @classmethod
    def from_settings(cls, **overrides: Any) -> Client:
        token = settings.CLOUDFLARE_API_TOKEN
        is_local = not token
        base_url = settings.CLOUDFLARE_BASE_URL or (
            f"http://127.0.0.1:{settings.LOCAL_CLOUDFLARE_PORT}/client/v4" if is_local else None
        )
        options: dict[str, Any] = {
            "api_token": token or LOCAL_API_TOKEN,
            "base_url": base_url,
            "account_id": settings.CLOUDFLARE_ACCOUNT_ID,
            "zone_id": settings.CLOUDFLARE_ZONE_ID,
            "dispatch_namespace": settings.CLOUDFLARE_DISPATCH_NAMESPACE,
            "kv_namespaces": {
                "routes": settings.CLOUDFLARE_KV_ROUTES,
                "metadata": settings.CLOUDFLARE_KV_METADATA,
                "cache": settings.CLOUDFLARE_KV_CACHE,
            },
            "fallback_origin": settings.CLOUDFLARE_FALLBACK_ORIGIN,
            "dispatcher_name": settings.CLOUDFLARE_DISPATCHER_NAME,
            "timeout": float(settings.CLOUDFLARE_TIMEOUT_SECONDS),
            "retry": RetryPolicy(
                attempts=max(1, settings.CLOUDFLARE_RETRY_ATTEMPTS),
                base_delay=settings.CLOUDFLARE_RETRY_BASE_MS / 1000,
                max_delay=settings.CLOUDFLARE_RETRY_MAX_MS / 1000,
            ),
            "is_local": is_local,
        }
        options.update(overrides)
        return cls(**options)

    def close(self) -> None:
        self.sdk.close()

    # --- The one place calls are made, timed, logged, sorted and retried ---------------

    def _call(self, operation: str, send: Callable[[], T], *, target: str = "") -> T:
        attempt = 0
        while True:
            attempt += 1
            started = time.monotonic()
            try:
                response = send()
            except cloudflare.APIError as exc:
                elapsed_ms = round((time.monotonic() - started) * 1000)
                error = sort_error(operation, exc, attempts=attempt)
                # Retryable failures and refusals are warnings; "not found" and "already
                # exists" are answers the callers expect and handle.
                expected = error.status in (404, 409) and not isinstance(
                    error, CloudflareRetryableError
                )
                log.log(
                    logging.INFO if expected else logging.WARNING,
                    "cloudflare %s %s status=%s code=%s duration_ms=%d attempt=%d error=%r",
                    operation,
                    target,
                    error.status if error.status is not None else "-",
                    error.code if error.code is not None else "-",
                    elapsed_ms,
                    attempt,
                    error.message,
                )
                if isinstance(error, CloudflareRetryableError):
                    wait = self.retry.wait(attempt, error.retry_after, self._rng)
                    if wait is not None:
                        log.info("cloudflare %s %s retrying in %.2fs", operation, target, wait)
                        self._sleep(wait)
                        continue
                raise error from exc
            log.info(
                "cloudflare %s %s status=%s duration_ms=%d attempt=%d",
                operation,
                target,
                getattr(response, "status_code", "-"),
                round((time.monotonic() - started) * 1000),
                attempt,
            )
            return response

    def _json(self, operation: str, send: Callable[[Any], Any], *, target: str = "") -> Any:
        """Call with the SDK's raw response and return the envelope's JSON."""
        raw = self._call(operation, lambda: send(self.sdk), target=target)
        try:
            return raw.http_response.json()
        except ValueError as exc:
            raise CloudflarePermanentError(
                "Cloudflare's answer was not JSON.", operation=operation
            ) from exc

    def _result(self, operation: str, send: Callable[[Any], Any], *, target: str = "") -> Any:
        return (self._json(operation, send, target=target) or {}).get("result")

    # --- Custom hostnames (Cloudflare for SaaS) ----------------------------------------

    def custom_hostname_create(
        self,
        *,
        hostname: str,
        account_id: int | str,
        site_id: int | str,
        ssl_method: SslMethod = "http",
    ) -> CustomHostname:
        """Create the hostname with a DV certificate; adopt it if it is already ours.

        ``custom_metadata`` records the account and site. When Cloudflare says the
        hostname exists (1406), the existing one is returned if its metadata names the
        same account and site (an earlier attempt created it); otherwise the 1406 stands.
        """
        metadata = {"account": str(account_id), "site": str(site_id)}
        try:
            result = self._result(
                "custom_hostnames.create",
                lambda sdk: sdk.custom_hostnames.with_raw_response.create(
                    zone_id=self.zone_id,
                    hostname=hostname,
                    ssl={"method": ssl_method, "type": "dv"},
                    custom_metadata=metadata,
                ),
                target=hostname,
            )
        except CloudflarePermanentError as error:
            if error.code != DUPLICATE_HOSTNAME:
                raise
            existing = self.custom_hostname_find(hostname)
            if existing is not None and all(
                existing.custom_metadata.get(key) == value for key, value in metadata.items()
            ):
                log.info(
                    "cloudflare custom_hostnames.create %s adopted id=%s", hostname, existing.id
                )
                return existing
            raise
        return CustomHostname.from_api(result)

    def custom_hostname_get(self, custom_hostname_id: str) -> CustomHostname:
        """The hostname's current state; a missing one is a permanent 1436 error."""
        result = self._result(
            "custom_hostnames.get",
            lambda sdk: sdk.custom_hostnames.with_raw_response.get(
                custom_hostname_id, zone_id=self.zone_id
            ),
            target=custom_hostname_id,
        )
        return CustomHostname.from_api(result)

    def custom_hostname_edit(
        self,
        custom_hostname_id: str,
        *,
        ssl_method: SslMethod,
        custom_metadata: Mapping[str, str] | None = None,
    ) -> CustomHostname:
        """Send the ssl settings again: with the same method this re-triggers validation."""
        options: dict[str, Any] = {"ssl": {"method": ssl_method, "type": "dv"}}
        if custom_metadata is not None:
            options["custom_metadata"] = dict(custom_metadata)
        result = self._result(
            "custom_hostnames.edit",
            lambda sdk: sdk.custom_hostnames.with_raw_response.edit(
                custom_hostname_id, zone_id=self.zone_id, **options
            ),
            target=custom_hostname_id,
        )
        return CustomHostname.from_api(result)

    def custom_hostname_delete(self, custom_hostname_id: str) -> None:
        """Delete it (and its certificate). One that is already gone counts as deleted."""
        try:
            self._json(
                "custom_hostnames.delete",
                lambda sdk: sdk.custom_hostnames.with_raw_response.delete(
                    custom_hostname_id, zone_id=self.zone_id
                ),
                target=custom_hostname_id,
            )
        except CloudflarePermanentError as error:
            if error.code != HOSTNAME_NOT_FOUND:
                raise
            log.info("cloudflare custom_hostnames.delete %s: already gone", custom_hostname_id)

    def custom_hostnames(self, *, hostname: str | None = None) -> Iterator[CustomHostname]:
        """Every custom hostname of the zone (or the one named), page by page."""
        page = 1
        query = {"hostname": hostname} if hostname else None
        while True:
            envelope = self._hostnames_page(page, query)
            items = envelope.get("result") or []
            for item in items:
                yield CustomHostname.from_api(item)
            info = envelope.get("result_info") or {}
            per_page = int(info.get("per_page") or CUSTOM_HOSTNAMES_PER_PAGE)
            total = info.get("total_count")
            if not items or len(items) < per_page:
                return
            if total is not None and page * per_page >= int(total):
                return
            page += 1

    def _hostnames_page(self, page: int, query: dict[str, str] | None) -> Any:
        return self._json(
            "custom_hostnames.list",
            lambda sdk: sdk.custom_hostnames.with_raw_response.list(
                zone_id=self.zone_id,
                page=page,
                per_page=CUSTOM_HOSTNAMES_PER_PAGE,
                extra_query=query,
            ),
            target=f"page={page}",
        )

    def custom_hostname_find(self, hostname: str) -> CustomHostname | None:
        wanted = hostname.lower().rstrip(".")
        for item in self.custom_hostnames(hostname=wanted):
            if item.hostname.lower() == wanted:
                return item
        return None

    def fallback_origin_get(self) -> FallbackOrigin | None:
        try:
            result = self._result(
                "fallback_origin.get",
                lambda sdk: sdk.custom_hostnames.fallback_origin.with_raw_response.get(
                    zone_id=self.zone_id
                ),
            )
        except CloudflarePermanentError as error:
            if error.status == 404:
                return None
            raise
        return FallbackOrigin.from_api(result or {})

    def fallback_origin_update(self, origin: str | None = None) -> FallbackOrigin:
        origin = origin or self.fallback_origin
        result = self._result(
            "fallback_origin.update",
            lambda sdk: sdk.custom_hostnames.fallback_origin.with_raw_response.update(
                zone_id=self.zone_id, origin=origin
            ),
            target=origin,
        )
        return FallbackOrigin.from_api(result or {})

    def fallback_origin_delete(self) -> None:
        try:
            self._json(
                "fallback_origin.delete",
                lambda sdk: sdk.custom_hostnames.fallback_origin.with_raw_response.delete(
                    zone_id=self.zone_id
                ),
            )
        except CloudflarePermanentError as error:
            if error.status != 404:
                raise

    # --- Workers for Platforms ---------------------------------------------------------

    def dispatch_namespace_get(self, name: str | None = None) -> DispatchNamespace | None:
        name = name or self.dispatch_namespace
        try:
            result = self._result(
                "dispatch_namespaces.get",
                lambda sdk: sdk.workers_for_platforms.dispatch.namespaces.with_raw_response.get(
                    name, account_id=self.account_id
                ),
                target=name,
            )
        except CloudflarePermanentError as error:
            if error.status == 404:
                return None
            raise
        return DispatchNamespace.from_api(result or {})

    def dispatch_namespace_create(self, name: str | None = None) -> DispatchNamespace:
        """Create the namespace; if it already exists, return it (idempotent)."""
        name = name or self.dispatch_namespace
        existing = self.dispatch_namespace_get(name)
        if existing is not None:
            return existing
        try:
            result = self._result(
                "dispatch_namespaces.create",
                lambda sdk: sdk.workers_for_platforms.dispatch.namespaces.with_raw_response.create(
                    account_id=self.account_id, name=name
                ),
                target=name,
            )
        except CloudflarePermanentError:
            # Created meanwhile (by a concurrent setup, or a lost answer): adopt it.
            existing = self.dispatch_namespace_get(name)
            if existing is None:
                raise
            return existing
        return DispatchNamespace.from_api(result or {})

    @staticmethod
    def site_script_tags(
        *, account_id: int | str, plan: str, extra: Sequence[str] = ()
    ) -> list[str]:
        """The tags of a site's script: its account and plan (so scripts can be found by
        either), then ``extra``; at most 8."""
        tags = [f"account-{account_id}", f"plan-{plan}", *extra]
        _check_tags(tags)
        return tags

    def script_upload(
        self,
        name: str,
        *,
        modules: Sequence[Module],
        main_module: str | None = None,
        bindings: Sequence[Mapping[str, Any]] = (),
        tags: Sequence[str] = (),
        compatibility_date: str | None = None,
        compatibility_flags: Sequence[str] = (),
        assets: AssetsConfig | None = None,
        keep_assets: bool = False,
    ) -> Script:
        """Upload (create or replace) a site's Worker in the dispatch namespace.

        ``assets`` attaches the files of an assets upload session (``assets_upload``);
        ``keep_assets`` keeps the previous version's files instead (an explicit ``assets``
        wins, as Cloudflare has it)."""
        metadata = self._script_metadata(
            modules, main_module, bindings, tags, compatibility_date, compatibility_flags
        )
        if assets is not None:
            metadata["assets"] = assets.metadata()
        elif keep_assets:
            metadata["keep_assets"] = True
        result = self._result(
            "scripts.upload",
            lambda sdk: (
                sdk.workers_for_platforms.dispatch.namespaces.scripts.with_raw_response.update(
                    name,
                    account_id=self.account_id,
                    dispatch_namespace=self.dispatch_namespace,
                    metadata=metadata,
                    files=[module.as_file() for module in modules],
                )
            ),
            target=name,
        )
        return Script.from_api(result or {}, name=name)

    def script_get(self, name: str) -> Script | None:
        """The script's details, or None when the namespace has no such script (a missing
        namespace is not a missing script: it raises, so the setup gets fixed)."""
        try:
            result = self._result(
                "scripts.get",
                lambda sdk: (
                    sdk.workers_for_platforms.dispatch.namespaces.scripts.with_raw_response.get(
                        name, account_id=self.account_id, dispatch_namespace=self.dispatch_namespace
                    )
                ),
                target=name,
            )
        except CloudflarePermanentError as error:
            if _script_missing(error):
                return None
            raise
        result = result or {}
        details = dict(result.get("script") or {})
        details.setdefault("created_on", result.get("created_on"))
        details.setdefault("modified_on", result.get("modified_on"))
        return Script.from_api(details, name=name)

    def script_delete(self, name: str) -> None:
        """Delete a site's script; one that is already gone counts as deleted (but not
        when the whole namespace is missing: the script may live in the right one)."""
        try:
            self._json(
                "scripts.delete",
                lambda sdk: (
                    sdk.workers_for_platforms.dispatch.namespaces.scripts.with_raw_response.delete(
                        name,
                        account_id=self.account_id,
                        dispatch_namespace=self.dispatch_namespace,
                    )
                ),
                target=name,
            )
        except CloudflarePermanentError as error:
            if not _script_missing(error):
                raise
            log.info("cloudflare scripts.delete %s: already gone", name)

    def script_tags(self, name: str) -> list[str]:
        result = self._result(
            "scripts.tags.get",
            lambda sdk: (
                sdk.workers_for_platforms.dispatch.namespaces.scripts.tags.with_raw_response.list(
                    name, account_id=self.account_id, dispatch_namespace=self.dispatch_namespace
                )
            ),
            target=name,
        )
        return [str(tag) for tag in result or []]

    def script_tags_set(self, name: str, tags: Sequence[str]) -> list[str]:
        _check_tags(tags)
        result = self._result(
            "scripts.tags.set",
            lambda sdk: (
                sdk.workers_for_platforms.dispatch.namespaces.scripts.tags.with_raw_response.update(
                    name,
                    account_id=self.account_id,
                    dispatch_namespace=self.dispatch_namespace,
                    body=list(tags),
                )
            ),
            target=name,
        )
        return [str(tag) for tag in result or []]

    def worker_upload(
        self,
        name: str,
        *,
        modules: Sequence[Module],
        main_module: str | None = None,
        bindings: Sequence[Mapping[str, Any]] = (),
        compatibility_date: str | None = None,
        compatibility_flags: Sequence[str] = (),
    ) -> Script:
        """Upload an account-level Worker (the dispatcher lives outside the namespace)."""
        metadata = self._script_metadata(
            modules, main_module, bindings, (), compatibility_date, compatibility_flags
        )
        result = self._result(
            "workers.upload",
            lambda sdk: sdk.workers.scripts.with_raw_response.update(
                name,
                account_id=self.account_id,
                metadata=metadata,
                files=[module.as_file() for module in modules],
            ),
            target=name,
        )
        return Script.from_api(result or {}, name=name)

    def assets_upload(
        self, script_name: str, files: Mapping[str, tuple[bytes, str]]
    ) -> AssetsUploaded:
        """Give Cloudflare a version's static assets (path -> (bytes, content type)) for the
        site script ``script_name``; the answer's completion token goes to ``script_upload``.

        As Cloudflare's direct upload has it: the manifest (path -> hash, size) opens an
        upload session, Cloudflare answers with the hashes it lacks in buckets, each bucket
        is one upload request authorised by the session's JWT, and the last answers with
        the completion token. Files Cloudflare has (in this namespace) are not sent again.
        Every request goes through ``_call`` (retries, sorting); a session that ends without
        a completion token (Cloudflare lost an upload) is opened once more, which asks only
        for what is still missing.
        """
        manifest: dict[str, asset_upload_create_params.Manifest] = {}
        contents: dict[str, tuple[bytes, str]] = {}
        for path, (content, content_type) in files.items():
            if not path.startswith("/"):
                raise ValueError(f"Asset paths start with '/': {path!r}.")
            content_hash = asset_hash(path, content)
            manifest[path] = {"hash": content_hash, "size": len(content)}
            contents[content_hash] = (content, content_type)
        uploaded_files = uploaded_bytes = 0
        for _session in range(2):
            token, buckets = self._assets_session(script_name, manifest)
            if not buckets:
                return AssetsUploaded(token, len(manifest), uploaded_files, uploaded_bytes)
            completion = ""
            for bucket in buckets:
                unknown = [content_hash for content_hash in bucket if content_hash not in contents]
                if unknown:
                    raise CloudflarePermanentError(
                        f"Cloudflare asked for files that are not in the manifest: {unknown}.",
                        operation="assets.upload",
                    )
                completion = self._assets_bucket(token, bucket, contents) or completion
                uploaded_files += len(bucket)
                uploaded_bytes += sum(len(contents[content_hash][0]) for content_hash in bucket)
            if completion:
                return AssetsUploaded(completion, len(manifest), uploaded_files, uploaded_bytes)
            log.warning("cloudflare assets.upload %s: no completion token, once more", script_name)
        raise CloudflarePermanentError(
            "Cloudflare did not confirm that every asset arrived.", operation="assets.upload"
        )

    def _assets_session(
        self, script_name: str, manifest: dict[str, asset_upload_create_params.Manifest]
    ) -> tuple[str, list[list[str]]]:
        """Open an upload session: its token, and the buckets of hashes Cloudflare lacks."""
        scripts = self.sdk.workers_for_platforms.dispatch.namespaces.scripts
        result = self._result(
            "assets.session",
            lambda sdk: scripts.asset_upload.with_raw_response.create(
                script_name,
                account_id=self.account_id,
                dispatch_namespace=self.dispatch_namespace,
                manifest=manifest,
            ),
            target=f"{script_name} ({len(manifest)} files)",
        )
        result = result or {}
        token = _str(result.get("jwt"))
        if not token:
            raise CloudflarePermanentError(
                "Cloudflare's assets upload session gave no token.", operation="assets.session"
            )
        return token, [list(bucket) for bucket in result.get("buckets") or [] if bucket]

    def _assets_bucket(
        self, token: str, bucket: Sequence[str], contents: Mapping[str, tuple[bytes, str]]
    ) -> str:
        """Upload one bucket; the completion token when it was the last one, else "".

        Sent with the SDK's ``post`` rather than ``workers.assets.upload.create``: that
        method takes ``body={hash: base64}`` and sends each file as a plain form field,
        without a Content-Type, and Cloudflare serves a file with the Content-Type of its
        part. ``files`` gives each part its type; the path, the ``base64=true`` query and
        the JWT as Bearer (instead of the API token) are the typed method's."""
        parts = [
            (
                content_hash,
                (
                    content_hash,
                    base64.b64encode(contents[content_hash][0]),
                    contents[content_hash][1] or "application/null",
                ),
            )
            for content_hash in bucket
        ]
        response = self._call(
            "assets.upload",
            lambda: self.sdk.post(
                f"/accounts/{self.account_id}/workers/assets/upload",
                cast_to=httpx.Response,
                files=parts,
                options={
                    "headers": {
                        "Authorization": f"Bearer {token}",
                        "Content-Type": "multipart/form-data",
                    },
                    "params": {"base64": "true"},
                },
            ),
            target=f"{len(bucket)} files",
        )
        try:
            result = (response.json() or {}).get("result") or {}
        except (ValueError, AttributeError) as exc:
            raise CloudflarePermanentError(
                "Cloudflare's answer was not JSON.", operation="assets.upload"
            ) from exc
        return _str(result.get("jwt"))

    def _script_metadata(
        self,
        modules: Sequence[Module],
        main_module: str | None,
        bindings: Sequence[Mapping[str, Any]],
        tags: Sequence[str],
        compatibility_date: str | None,
        compatibility_flags: Sequence[str],
    ) -> dict[str, Any]:
        if not modules:
            raise ValueError("A Worker upload needs at least one module.")
        main = main_module or modules[0].name
        if main not in {module.name for module in modules}:
            raise ValueError(f"The main module {main!r} is not among the uploaded modules.")
        _check_tags(tags)
        metadata: dict[str, Any] = {
            "main_module": main,
            "compatibility_date": compatibility_date or self.compatibility_date,
            "bindings": [dict(binding) for binding in bindings],
        }
        if tags:
            metadata["tags"] = list(tags)
        if compatibility_flags:
            metadata["compatibility_flags"] = list(compatibility_flags)
        return metadata

    # --- Workers KV ----------------------------------------------------------------------

    def kv_title(self, purpose: KVPurpose) -> str:
        """The title Code24 gives its KV namespace for ``purpose``."""
        return f"{self.kv_title_prefix}-{purpose}"

    def kv_namespaces(self) -> Iterator[KVNamespace]:
        page = 1
        while True:
            envelope = self._kv_namespaces_page(page)
            items = envelope.get("result") or []
            for item in items:
                yield KVNamespace(id=str(item["id"]), title=_str(item.get("title")))
            info = envelope.get("result_info") or {}
            total = info.get("total_count")
            if len(items) < KV_NAMESPACES_PER_PAGE or (
                total is not None and page * KV_NAMESPACES_PER_PAGE >= int(total)
            ):
                return
            page += 1

    def _kv_namespaces_page(self, page: int) -> Any:
        return self._json(
            "kv.namespaces.list",
            lambda sdk: sdk.kv.namespaces.with_raw_response.list(
                account_id=self.account_id, page=page, per_page=KV_NAMESPACES_PER_PAGE
            ),
            target=f"page={page}",
        )

    def kv_namespace_create(self, title: str) -> KVNamespace:
        """Create a KV namespace; one with this title already is returned (idempotent)."""
        for namespace in self.kv_namespaces():
            if namespace.title == title:
                return namespace
        try:
            result = self._result(
                "kv.namespaces.create",
                lambda sdk: sdk.kv.namespaces.with_raw_response.create(
                    account_id=self.account_id, title=title
                ),
                target=title,
            )
        except CloudflarePermanentError:
            for namespace in self.kv_namespaces():
                if namespace.title == title:
                    return namespace
            raise
        return KVNamespace(id=str(result["id"]), title=_str(result.get("title")) or title)

    def kv_namespace_id(self, purpose: KVPurpose) -> str:
        """The id of Code24's KV namespace for ``purpose``.

        From the CLOUDFLARE_KV_<PURPOSE> setting; when that is empty (the local Cloudflare,
        or before the settings are filled in), looked up once by its title.
        """
        with self._kv_lock:
            if purpose in self._kv_ids:
                return self._kv_ids[purpose]
        title = self.kv_title(purpose)
        for namespace in self.kv_namespaces():
            if namespace.title == title:
                with self._kv_lock:
                    self._kv_ids[purpose] = namespace.id
                return namespace.id
        raise CloudflarePermanentError(
            f"There is no KV namespace titled {title!r}: run `manage.py cloudflare_setup`.",
            operation="kv.namespaces.lookup",
        )

    def kv_put(
        self,
        namespace_id: str,
        key: str,
        value: str | bytes,
        *,
        metadata: Mapping[str, Any] | None = None,
        expiration_ttl: int | None = None,
    ) -> None:
        body = value.encode() if isinstance(value, str) else value
        options: dict[str, Any] = {}
        if metadata is not None:
            options["metadata"] = dict(metadata)
        if expiration_ttl is not None:
            options["expiration_ttl"] = expiration_ttl
        self._json(
            "kv.put",
            lambda sdk: sdk.kv.namespaces.values.with_raw_response.update(
                key,
                account_id=self.account_id,
                namespace_id=namespace_id,
                value=("value", body, "application/octet-stream"),
                **options,
            ),
            target=key,
        )

    def kv_get(self, namespace_id: str, key: str) -> bytes | None:
        """The value under ``key``, or None when there is none."""
        try:
            raw = self._call(
                "kv.get",
                lambda: self.sdk.kv.namespaces.values.with_raw_response.get(
                    key, account_id=self.account_id, namespace_id=namespace_id
                ),
                target=key,
            )
        except CloudflarePermanentError as error:
            if error.status == 404:
                return None
            raise
        return raw.http_response.content

    def kv_delete(self, namespace_id: str, key: str) -> None:
        self._json(
            "kv.delete",
            lambda sdk: sdk.kv.namespaces.values.with_raw_response.delete(
                key, account_id=self.account_id, namespace_id=namespace_id
            ),
            target=key,
        )

    def kv_bulk_put(self, namespace_id: str, pairs: Sequence[KVPair]) -> None:
        """Write many pairs, 10,000 to a request."""
        for start in range(0, len(pairs), KV_BULK_LIMIT):
            chunk = pairs[start : start + KV_BULK_LIMIT]
            body: list[dict[str, Any]] = []
            for pair in chunk:
                item: dict[str, Any] = {"key": pair.key, "value": pair.value}
                if pair.metadata is not None:
                    item["metadata"] = dict(pair.metadata)
                if pair.expiration_ttl is not None:
                    item["expiration_ttl"] = pair.expiration_ttl
                body.append(item)
            self._kv_bulk_write(namespace_id, body)

    def _kv_bulk_write(self, namespace_id: str, body: list[dict[str, Any]]) -> None:
        self._json(
            "kv.bulk_put",
            lambda sdk: sdk.kv.namespaces.with_raw_response.bulk_update(
                namespace_id, account_id=self.account_id, body=body
            ),
            target=f"{len(body)} pairs",
        )

    def kv_list_keys(
        self,
        namespace_id: str,
        *,
        prefix: str | None = None,
        cursor: str | None = None,
        limit: int = 1000,
    ) -> KVKeyPage:
        """One page of keys (with their metadata); pass the page's cursor for the next."""
        options: dict[str, Any] = {"limit": limit}
        if prefix:
            options["prefix"] = prefix
        if cursor:
            options["cursor"] = cursor
        envelope = self._json(
            "kv.keys.list",
            lambda sdk: sdk.kv.namespaces.keys.with_raw_response.list(
                namespace_id, account_id=self.account_id, **options
            ),
            target=prefix or "",
        )
        keys = tuple(
            KVKey(
                name=str(item["name"]),
                expiration=int(item["expiration"]) if item.get("expiration") else None,
                metadata=item.get("metadata"),
            )
            for item in envelope.get("result") or []
        )
        next_cursor = (envelope.get("result_info") or {}).get("cursor") or None
        return KVKeyPage(keys=keys, cursor=next_cursor)

    def kv_keys(self, namespace_id: str, *, prefix: str | None = None) -> Iterator[KVKey]:
        cursor: str | None = None
        while True:
            page = self.kv_list_keys(namespace_id, prefix=prefix, cursor=cursor)
            yield from page.keys
            if page.cursor is None:
                return
            cursor = page.cursor

    # --- Workers AI ----------------------------------------------------------------------

    def ai_run(
        self,
        model: str,
        messages: Sequence[Mapping[str, str]],
        *,
        response_format: Mapping[str, Any] | None = None,
        max_tokens: int | None = None,
        timeout: float | None = None,
    ) -> str:
        """A Workers AI text model's reply to a chat (JSON mode's object comes back as JSON).

        Posted to ``/accounts/{account}/ai/run/{model}`` through the SDK's generic ``post``:
        its ``ai.run`` percent-encodes the slashes of "@cf/meta/...", which Cloudflare
        answers with 7000 "No route for that URI" (cloudflare-python issue 2718).
        """
        body: dict[str, Any] = {"messages": [dict(message) for message in messages]}
        if response_format is not None:
            body["response_format"] = dict(response_format)
        if max_tokens is not None:
            body["max_tokens"] = max_tokens
        response = self._call(
            "ai.run",
            lambda: self.sdk.post(
                f"/accounts/{self.account_id}/ai/run/{model}",
                cast_to=httpx.Response,
                body=body,
                options={"timeout": timeout if timeout is not None else self.sdk.timeout},
            ),
            target=model,
        )
        try:
            answer = ((response.json() or {}).get("result") or {}).get("response")
        except (ValueError, AttributeError) as exc:
            raise CloudflarePermanentError(
                "Workers AI's answer could not be read.", operation="ai.run"
            ) from exc
        if isinstance(answer, (dict, list)):
            return json.dumps(answer)
        if not isinstance(answer, str):
            raise CloudflarePermanentError(
                "Workers AI's answer had no response.", operation="ai.run"
            )
        return answer


def _script_missing(error: CloudflarePermanentError) -> bool:
    """A 404 for the script itself (10007), not for its namespace or anything else."""
    return error.status == 404 and error.code == SCRIPT_NOT_FOUND


def _check_tags(tags: Sequence[str]) -> None:
    if len(tags) > MAX_SCRIPT_TAGS:
        raise ValueError(f"A Worker script takes at most {MAX_SCRIPT_TAGS} tags, not {len(tags)}.")
    for tag in tags:
        if not tag or "," in tag:
            raise ValueError(f"Script tags must be non-empty and without commas: {tag!r}.")


# --- The shared client ---------------------------------------------------------------

_clients: dict[tuple[object, ...], Client] = {}
_clients_lock = threading.Lock()


def _settings_key() -> tuple[object, ...]:
    names = (
        "CLOUDFLARE_API_TOKEN",
        "CLOUDFLARE_BASE_URL",
        "CLOUDFLARE_ACCOUNT_ID",
        "CLOUDFLARE_ZONE_ID",
        "CLOUDFLARE_DISPATCH_NAMESPACE",
        "CLOUDFLARE_KV_ROUTES",
        "CLOUDFLARE_KV_METADATA",
        "CLOUDFLARE_KV_CACHE",
        "CLOUDFLARE_FALLBACK_ORIGIN",
        "CLOUDFLARE_DISPATCHER_NAME",
        "CLOUDFLARE_COMPATIBILITY_DATE",
        "CLOUDFLARE_TIMEOUT_SECONDS",
        "CLOUDFLARE_RETRY_ATTEMPTS",
        "CLOUDFLARE_RETRY_BASE_MS",
        "CLOUDFLARE_RETRY_MAX_MS",
        "LOCAL_CLOUDFLARE_PORT",
    )
    return tuple(getattr(settings, name) for name in names)


def get_client() -> Client:
    """The process's client for the current settings (built once, then shared)."""
    key = _settings_key()
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            client = _clients[key] = Client.from_settings()
        return client
