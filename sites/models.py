"""Customer sites. The build pipeline extends this with builds, versions and leads."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from code24.accounts.models import Account


class SiteQuerySet(models.QuerySet["Site"]):
    def for_user(self, user: Any) -> SiteQuerySet:
        return self.filter(account__in=Account.objects.for_user(user))


class Site(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        BUILDING = "building", "Building"
        LIVE = "live", "Live"
        FAILED = "failed", "Failed"
        PAUSED = "paused", "Paused"

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=63, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(default=timezone.now)

    objects = SiteQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def hostname(self) -> str:
        return f"{self.slug}.{settings.PLATFORM_DOMAIN}"
