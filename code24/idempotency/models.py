"""One row per `Idempotency-Key` an account sent: what it was for, and the first answer."""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.utils import timezone

from code24.accounts.models import Account

# How long a key is remembered (as Stripe does); after that it starts a new request.
KEEP_FOR = timedelta(hours=24)
# A first request that has not answered after this long was interrupted (a worker died).
RUNNING_FOR_AT_MOST = timedelta(minutes=2)


class IdempotencyKeyQuerySet(models.QuerySet["IdempotencyKey"]):
    def expired(self) -> IdempotencyKeyQuerySet:
        return self.filter(created_at__lte=timezone.now() - KEEP_FOR)


class IdempotencyKey(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=10)
    path = models.TextField()
    # SHA-256 of the request's body (its JSON, keys sorted), to tell a retry from a reuse.
    body_hash = models.CharField(max_length=64)
    # Empty while the first request runs.
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = IdempotencyKeyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["account", "key"], name="one_idempotency_key_per_account"
            )
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.key})"

    @property
    def is_expired(self) -> bool:
        return self.created_at <= timezone.now() - KEEP_FOR

    @property
    def is_running(self) -> bool:
        return self.status_code is None

    @property
    def was_interrupted(self) -> bool:
        return self.is_running and self.created_at <= timezone.now() - RUNNING_FOR_AT_MOST
