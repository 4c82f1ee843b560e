"""`@idempotent`: an API POST that honours the `Idempotency-Key` header.

    @router.post("/builds", ...)
    @idempotent
    def builds_create(request, payload): ...

The key is read after authentication and input validation (so only requests the endpoint
starts work on are remembered), scoped to the request's account; a replay carries the
header `Idempotent-Replayed: true`.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja.operation import Operation
from ninja.utils import contribute_operation_callback

from code24.api_errors import JSON, ApiError
from code24.idempotency import services
from code24.idempotency.models import IdempotencyKey

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
MAX_LENGTH = 255
# Visible ASCII, spaces inside only (a header's ends are trimmed on the way anyway).
PATTERN = r"^[!-~]([ -~]*[!-~])?$"
_KEY = re.compile(PATTERN)

PARAMETER = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "description": (
        "Makes the request safe to retry: send a new random key (a UUID) with each new "
        "request, and the same key and body to retry it. Within 24 hours a retry gets the "
        f"first answer again (with `{REPLAYED}: true`) instead of acting twice; the same "
        "key with another body or endpoint, or while the first request still runs, is "
        "refused with 409. Requests refused as invalid (400, 413, 422) or rate limited "
        "(429) are not remembered, so they can be fixed and sent with the same key. Keys "
        "belong to your account; 1 to 255 visible ASCII characters."
    ),
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_LENGTH, "pattern": PATTERN},
}
REPLAYED_HEADER = {
    "description": "`true` when this is the kept answer of an earlier request with the "
    "same Idempotency-Key.",
    "schema": {"type": "string", "enum": ["true"]},
}

_ROW = "_code24_idempotency_key"
# What a retry hears after the first request failed on our side (Django answered 500).
FAILED = json.dumps(
    {
        "error": {
            "code": "server_error",
            "message": "The first request with this Idempotency-Key failed on our side before "
            "it answered. Check whether it took effect, then use a new key.",
        }
    }
)


def idempotent(func: Callable[..., Any]) -> Callable[..., Any]:
    contribute_operation_callback(func, _install)
    return func


def _install(operation: Operation) -> None:
    # ninja has read the view's signature already; wrap the call, not the signature.
    operation.view_func = _begin(operation.view_func)
    operation.run = _record(operation.run)  # type: ignore[method-assign]
    # A router mounted on an API is cloned: clones re-apply these run decorators.
    decorators = getattr(operation, "_run_decorators", [])
    operation._run_decorators = [*decorators, _record]  # type: ignore[attr-defined]
    extra = copy.deepcopy(operation.openapi_extra or {})
    successes = [status for status in operation.response_models if 200 <= int(status) < 300]
    extra.setdefault("parameters", []).append(PARAMETER)
    responses = extra.setdefault("responses", {})
    for status in successes:
        responses.setdefault(status, {}).setdefault("headers", {})[REPLAYED] = REPLAYED_HEADER
    operation.openapi_extra = extra


def _key(raw: str) -> str:
    key = raw.strip()
    if not key or len(key) > MAX_LENGTH or not _KEY.match(key):
        raise ApiError(
            400,
            "invalid_idempotency_key",
            f"The {HEADER} header must be 1 to {MAX_LENGTH} visible ASCII characters "
            "(a UUID is a good choice).",
        )
    return key


def _body_hash(body: bytes) -> str:
    try:
        canonical = json.dumps(
            json.loads(body), sort_keys=True, separators=(",", ":"), ensure_ascii=False
        ).encode()
    except ValueError:
        canonical = body
    return hashlib.sha256(canonical).hexdigest()


def _replay(row: IdempotencyKey) -> HttpResponse:
    assert row.status_code is not None
    response = HttpResponse(row.response_body, status=row.status_code, content_type=JSON)
    response[REPLAYED] = "true"
    return response


def _begin(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def begin(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        raw = request.headers.get(HEADER)
        if raw is None:
            return view(request, *args, **kwargs)
        try:
            row, started = services.idempotency_begin(
                account=request.account,  # type: ignore[attr-defined]
                key=_key(raw),
                method=request.method or "POST",
                path=request.path,
                body_hash=_body_hash(request.body),
            )
        except services.IdempotencyConflict as exc:
            raise ApiError(409, exc.code, exc.message) from exc
        if not started:
            return _replay(row)
        setattr(request, _ROW, row)
        return view(request, *args, **kwargs)

    return begin


def _record(run: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(run)
    def record(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        try:
            response = run(request, *args, **kwargs)
        except BaseException:
            row = getattr(request, _ROW, None)
            if row is not None:
                services.idempotency_finish(row=row, status_code=500, body=FAILED)
            raise
        row = getattr(request, _ROW, None)
        if row is not None:
            services.idempotency_finish(
                row=row, status_code=response.status_code, body=response.content.decode()
            )
        return response

    return record
