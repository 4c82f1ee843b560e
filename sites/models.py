"""Sites, their builds and build steps, deployed versions, and visitors' leads."""

from __future__ import annotations

from datetime import datetime, timedelta
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
    brief = models.JSONField(default=dict, blank=True, help_text="The customer's brief.")
    current_version = models.ForeignKey(
        "SiteVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published = models.BooleanField(
        default=False, help_text="Its address serves the current version (a route exists)."
    )
    next_optimization_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = SiteQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def hostname(self) -> str:
        return f"{self.slug}.{settings.PLATFORM_DOMAIN}"

    @property
    def script_name(self) -> str:
        """The site's Worker script in the dispatch namespace (one per site)."""
        return f"site-{self.pk}"

    @property
    def is_live(self) -> bool:
        return self.status == self.Status.LIVE


class Build(models.Model):
    class Kind(models.TextChoices):
        INITIAL = "initial", "First build"
        REBUILD = "rebuild", "Rebuild"
        OPTIMIZATION = "optimization", "Optimization"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="builds")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.INITIAL)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_via = models.CharField(max_length=20, default="dashboard")
    error = models.TextField(blank=True, help_text="Why the build failed, for the customer.")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    resumed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the sweep handed the build to a worker again (until one takes it).",
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.site} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}

    @property
    def duration(self) -> float | None:
        if self.started_at is None:
            return None
        end = self.finished_at or timezone.now()
        return (end - self.started_at).total_seconds()

    def step_output(self, name: str) -> dict[str, Any]:
        """What the step called `name` produced ({} until it has succeeded)."""
        output = self.steps.get(name=name).output
        return output if isinstance(output, dict) else {}


class BuildStep(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Done"
        FAILED = "failed", "Failed"

    build = models.ForeignKey(Build, on_delete=models.CASCADE, related_name="steps")
    name = models.CharField(max_length=40)
    order = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    output = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(
        null=True, blank=True, help_text="The worker running the step holds it until then."
    )
    waiting_since = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Since when the step has been failing for passing reasons (Cloudflare busy).",
    )
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text="When the waiting step is tried again."
    )

    class Meta:
        ordering = ["build", "order"]
        constraints = [
            models.UniqueConstraint(fields=["build", "name"], name="one_step_per_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.status})"

    @property
    def duration(self) -> float | None:
        if self.started_at is None:
            return None
        end = self.finished_at or timezone.now()
        return (end - self.started_at).total_seconds()

    @property
    def is_waiting(self) -> bool:
        """A passing failure (Cloudflare busy or unreachable): it is tried again by itself."""
        return self.status == self.Status.PENDING and self.next_attempt_at is not None

    @property
    def retry_until(self) -> datetime | None:
        """While it keeps failing for passing reasons, it is tried until then (then it fails)."""
        if self.waiting_since is None:
            return None
        return self.waiting_since + timedelta(seconds=settings.BUILD_RETRY_WINDOW_SECONDS)


class SiteVersion(models.Model):
    """An immutable deployed (or deployable) state of a site: its spec and files."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    build = models.ForeignKey(
        Build, null=True, blank=True, on_delete=models.SET_NULL, related_name="versions"
    )
    spec = models.JSONField(help_text="Brief, brand, design and content the files came from.")
    manifest = models.JSONField(help_text="path → {storage name, sha256, bytes, content type}")
    content_hash = models.CharField(max_length=64)
    script_name = models.CharField(max_length=100, blank=True)
    cloudflare_response = models.JSONField(null=True, blank=True)
    made_by = models.CharField(max_length=100, help_text="Who or what made this version.")
    created_at = models.DateTimeField(default=timezone.now)
    deployed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="version_numbers_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.site} v{self.number}"

    @property
    def total_bytes(self) -> int:
        return sum(int(entry["bytes"]) for entry in self.manifest.values())


class Lead(models.Model):
    """A visitor's form submission on a customer's site."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="leads")
    form = models.CharField(max_length=40, default="contact")
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    message = models.TextField(blank=True, max_length=5000)
    page = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name or self.email or 'Visitor'} on {self.site}"
