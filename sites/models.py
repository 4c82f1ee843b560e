"""Sites, their builds and build steps, deployed versions, and visitors' leads."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Literal

from django.conf import settings
from django.db import models
from django.utils import timezone

from code24.accounts.models import Account


class SiteQuerySet(models.QuerySet["Site"]):
    def for_user(self, user: Any) -> SiteQuerySet:
        return self.filter(account__in=Account.objects.for_user(user))


# What the customer can do with a site; `Site.refusal` says why one is not possible now.
SiteAction = Literal[
    "rebuild", "restore", "pause", "resume", "take_offline", "put_online", "change_address"
]


class Site(models.Model):
    """A customer's website. `status` says whether its address serves it; whether Code24
    may improve it by itself is the separate `improvements_paused` preference."""

    class Status(models.TextChoices):
        BUILDING = "building", "Building"  # its first build runs; nothing online yet
        LIVE = "live", "Live"  # its address serves the current version
        OFFLINE = "offline", "Offline"  # taken offline: no route; its versions are kept
        FAILED = "failed", "Failed"  # its first build stopped; nothing online

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(max_length=100)
    slug = models.SlugField(
        max_length=63, unique=True, help_text="The subdomain: <slug>.<PLATFORM_DOMAIN>."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BUILDING)
    improvements_paused = models.BooleanField(
        default=False, help_text="The customer asked Code24 not to change the site by itself."
    )
    brief = models.JSONField(default=dict, blank=True, help_text="The customer's brief.")
    current_version = models.ForeignKey(
        "SiteVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    domain = models.CharField(
        max_length=253,
        blank=True,
        help_text="The customer's own domain the site is at (its primary custom domain, once "
        "live); empty: the site is at its Code24 address.",
    )
    next_optimization_at = models.DateTimeField(
        null=True, blank=True, help_text="When the next optimization cycle is due."
    )
    proposals_auto_publish = models.BooleanField(
        default=False,
        help_text="Publish content proposals (answers the customer already gave, facts that "
        "went stale) without asking first.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = SiteQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            # The optimization dispatcher's question, every minute: which sites are due.
            models.Index(
                fields=["next_optimization_at"],
                name="sites_due_for_a_cycle",
                condition=models.Q(status="live", improvements_paused=False),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def hostname(self) -> str:
        return f"{self.slug}.{settings.PLATFORM_DOMAIN}"

    @property
    def address_hostname(self) -> str:
        """Where the site is: its own domain once one is live, else its Code24 hostname."""
        return self.domain or self.hostname

    @property
    def script_name(self) -> str:
        """The site's Worker script in the dispatch namespace (one per site)."""
        return f"site-{self.pk}"

    @property
    def is_live(self) -> bool:
        return self.status == self.Status.LIVE

    @property
    def is_offline(self) -> bool:
        return self.status == self.Status.OFFLINE

    @property
    def improvements(self) -> str:
        """The improvements preference in one word: "on" or "paused"."""
        return "paused" if self.improvements_paused else "on"

    @property
    def build_running(self) -> bool:
        return self.builds.filter(status__in=[Build.Status.QUEUED, Build.Status.RUNNING]).exists()

    def refusal(self, action: SiteAction, *, build_running: bool | None = None) -> str | None:
        """Why `action` is not possible in the site's state (a sentence), or None."""
        running = self.build_running if build_running is None else build_running
        wait = "A build of this site is running. Wait for it to finish"
        if action == "rebuild":
            if running:
                return "A build of this site is already running. Wait for it to finish."
            if self.is_offline:
                return (
                    "This site is offline. Put it back online first: a rebuild publishes "
                    "its new version at the site's address."
                )
            return None
        if action in ("pause", "resume"):
            if not self.is_live:
                return "Improvements can be paused or resumed only while the site is live."
            if action == "pause" and self.improvements_paused:
                return "Improvements of this site are already paused."
            if action == "resume" and not self.improvements_paused:
                return "Improvements of this site are already on."
            return None
        if action == "put_online":
            if self.is_live:
                return "This site is already live."
            if not self.is_offline:
                return "Only a site that was taken offline can be put back online."
            return None
        # restore, take_offline, change_address: only a live site, and no build meanwhile.
        if self.is_offline:
            return "This site is offline. Put it back online first."
        if not self.is_live:
            return "This site is not live yet."
        if running:
            return f"{wait}, then try again."
        return None


class AddressRedirect(models.Model):
    """A site's previous address: it answers a 301 to the site's address until
    `expires_at`, and nobody else can take it meanwhile."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="redirects")
    slug = models.SlugField(max_length=63, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    routed_at = models.DateTimeField(
        null=True, blank=True, help_text="When its redirect route was written at Cloudflare."
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.hostname} → {self.site}"

    @property
    def hostname(self) -> str:
        return f"{self.slug}.{settings.PLATFORM_DOMAIN}"


class Build(models.Model):
    class Kind(models.TextChoices):
        INITIAL = "initial", "First build"
        REBUILD = "rebuild", "Rebuild"
        OPTIMIZATION = "optimization", "Optimization"
        EDIT = "edit", "Your edits"

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
    generator_version = models.PositiveIntegerField(
        default=1, help_text="The site generator's version that rendered the files."
    )
    changes = models.JSONField(
        default=list, blank=True, help_text="What the customer changed in it: sentences."
    )
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


class SiteEdit(models.Model):
    """Something the customer set on their site: the value at one path of the site's spec
    (``sites.edits`` names the paths). A draft edit waits for Publish; a published one is
    the customer's, kept through every rebuild and optimization cycle. Where the writer or
    a cycle would change it, the change is proposed here instead (accept or dismiss)."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="edits")
    path = models.CharField(max_length=200)
    draft = models.BooleanField(default=True, help_text="Waiting for Publish.")
    value = models.JSONField(null=True)
    base = models.JSONField(
        null=True, blank=True, help_text="What the site said there before the customer's edit."
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    proposed_value = models.JSONField(null=True, blank=True)
    proposed_by = models.CharField(max_length=200, blank=True)
    proposed_at = models.DateTimeField(null=True, blank=True)
    dismissed = models.JSONField(
        default=list, blank=True, help_text="Proposals the customer dismissed (not made again)."
    )

    class Meta:
        ordering = ["site", "path"]
        constraints = [
            models.UniqueConstraint(fields=["site", "path", "draft"], name="one_edit_per_path"),
        ]

    def __str__(self) -> str:
        return f"{self.path} on {self.site}{' (draft)' if self.draft else ''}"

    @property
    def has_proposal(self) -> bool:
        return self.proposed_at is not None


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
