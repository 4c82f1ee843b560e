"""Idempotency keys: start a request under a key, keep its answer, forget old keys.

The rules follow Stripe's: a key belongs to one account; the first request's answer is
kept once the endpoint has started work (a request refused as malformed or invalid is not,
so it can be fixed and sent again with the same key); the same key with the same endpoint
and body gets that answer again; with another endpoint or body, or while the first request
still runs, it is refused with 409; a server error is kept too (what it did is unknown, so
a retry must not act again); keys are forgotten after 24 hours.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from code24.accounts.models import Account
from code24.idempotency.models import IdempotencyKey

# Refusals that depend on the request's form, not on what the endpoint did: not kept, so
# the client can correct the request and send it again under the same key.
NOT_KEPT = frozenset({400, 401, 413, 415, 422, 429})


class IdempotencyConflict(Exception):
    """The key can't be used for this request; the message says why and what to do."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def is_kept(status_code: int) -> bool:
    """Whether an answer is kept for replays: whatever the endpoint answered once it started
    work, server errors included (its effect is unknown, so a retry must not act again)."""
    return status_code not in NOT_KEPT


def idempotency_begin(
    *, account: Account, key: str, method: str, path: str, body_hash: str
) -> tuple[IdempotencyKey, bool]:
    """`(row, True)`: this request now runs under the key. `(row, False)`: the first
    request's kept answer, to send again. Raises IdempotencyConflict otherwise.

    Two requests at once with one key: the unique constraint lets exactly one insert.
    """
    for _ in range(3):
        try:
            with transaction.atomic():
                row = IdempotencyKey.objects.create(
                    account=account, key=key, method=method, path=path, body_hash=body_hash
                )
            return row, True
        except IntegrityError:
            pass
        first = IdempotencyKey.objects.filter(account=account, key=key).first()
        if first is None:
            continue  # forgotten meanwhile: try again
        if first.is_expired:
            IdempotencyKey.objects.filter(pk=first.pk, created_at=first.created_at).delete()
            continue
        if (first.method, first.path) != (method, path):
            raise IdempotencyConflict(
                "idempotency_key_reused",
                f"This Idempotency-Key was first used for {first.method} {first.path}. "
                "Use a new key for each request.",
            )
        if first.body_hash != body_hash:
            raise IdempotencyConflict(
                "idempotency_key_reused",
                "This Idempotency-Key was first sent with a different body. Send the same "
                "body to get the first answer again, or use a new key for a new request.",
            )
        if first.was_interrupted:
            raise IdempotencyConflict(
                "idempotency_key_in_use",
                "The first request with this Idempotency-Key was interrupted before it "
                "answered. Check whether it took effect, then use a new key.",
            )
        if first.is_running:
            raise IdempotencyConflict(
                "idempotency_key_in_use",
                "A request with this Idempotency-Key is still running. Retry in a few seconds.",
            )
        return first, False
    raise IdempotencyConflict(
        "idempotency_key_in_use",
        "This Idempotency-Key is being used by another request. Retry in a few seconds.",
    )


def idempotency_finish(*, row: IdempotencyKey, status_code: int, body: str) -> None:
    """Keep the answer of the request that ran under `row`, or free the key for a retry."""
    if is_kept(status_code):
        IdempotencyKey.objects.filter(pk=row.pk).update(
            status_code=status_code, response_body=body, finished_at=timezone.now()
        )
    else:
        IdempotencyKey.objects.filter(pk=row.pk, status_code__isnull=True).delete()


def idempotency_keys_expire() -> int:
    """Forget every key older than 24 hours; the number forgotten."""
    deleted, _ = IdempotencyKey.objects.expired().delete()
    return deleted
