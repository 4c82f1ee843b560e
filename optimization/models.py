"""Scans, optimization cycles, what fixes achieved, and proposals for the customer."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from code24.accounts.models import Account
from sites.models import Build, Lead, Site, SiteVersion


class ScanQuerySet(models.QuerySet["Scan"]):
    def for_user(self, user: object) -> ScanQuerySet:
        return self.filter(account__in=Account.objects.for_user(user))


class Scan(models.Model):
    """One scan of a URL: a site's live address in a cycle, or any public URL asked for.

    ``findings`` holds one entry per audit that ran::

        {"id", "title", "categories": {category: weight}, "outcome", "score",
         "explanation", "fix", "offenders": [{"page", "selector", "snippet", "note"}],
         "value"}

    ``recommendations`` the failing audits worth fixing first::

        {"id", "title", "fix", "gain": points the health score would gain, "category"}
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Scanning"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="scans")
    site = models.ForeignKey(
        Site, null=True, blank=True, on_delete=models.CASCADE, related_name="scans"
    )
    # Room for what scan_url_clean adds to an address of SCAN_URL_MAX_LENGTH characters
    # (the scheme when left out, "/" for an empty path).
    url = models.URLField(max_length=2100)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_via = models.CharField(max_length=20, default="dashboard")  # api, trigger, cycle
    options = models.JSONField(
        default=dict, blank=True, help_text="businessType, primaryGoal, optimizationType."
    )
    scores = models.JSONField(default=dict, blank=True, help_text="category → 0..100")
    health = models.PositiveSmallIntegerField(null=True, blank=True)
    grade = models.CharField(max_length=2, blank=True, help_text="Security grade, A+ … F.")
    findings = models.JSONField(default=list, blank=True)
    recommendations = models.JSONField(default=list, blank=True)
    pages = models.JSONField(default=list, blank=True, help_text="[{url, status, error}]")
    error = models.TextField(blank=True, help_text="Why the scan gave no result, a sentence.")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ScanQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["account", "-created_at"], name="scans_by_account")]

    def __str__(self) -> str:
        return f"Scan of {self.url} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}


class CycleQuerySet(models.QuerySet["OptimizationCycle"]):
    def for_user(self, user: object) -> CycleQuerySet:
        return self.filter(site__account__in=Account.objects.for_user(user))


class OptimizationCycle(models.Model):
    """One cycle of one site: scan, fix, build, scan again, keep or roll back, record."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    class Outcome(models.TextChoices):
        NONE = "", "—"
        IMPROVED = "improved", "Improved"  # a new version was published and kept
        UNCHANGED = "unchanged", "Nothing to change"  # a flat line is evidence too
        ROLLED_BACK = "rolled_back", "Rolled back"  # the new version scored lower somewhere

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="cycles")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True, default="")
    phase = models.CharField(
        max_length=20, blank=True, help_text="What the running cycle is doing now (scanning, …)."
    )
    requested_via = models.CharField(max_length=20, default="schedule")  # dashboard, api
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(
        null=True, blank=True, help_text="The worker running the cycle holds it until then."
    )
    scan_before = models.ForeignKey(
        Scan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    scan_after = models.ForeignKey(
        Scan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    scores_before = models.JSONField(default=dict, blank=True, help_text="category → 0..100")
    scores_after = models.JSONField(default=dict, blank=True)
    health_before = models.PositiveSmallIntegerField(null=True, blank=True)
    health_after = models.PositiveSmallIntegerField(null=True, blank=True)
    grade_before = models.CharField(max_length=2, blank=True)
    grade_after = models.CharField(max_length=2, blank=True)
    findings = models.JSONField(
        default=list, blank=True, help_text="The failing audits before: [{id, title, …}]"
    )
    fixes = models.JSONField(
        default=list, blank=True, help_text="[{fixer, audit, summary, files: [path]}]"
    )
    diff = models.TextField(blank=True, help_text="Unified diff of the files the fixes changed.")
    version_before = models.ForeignKey(
        SiteVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version_after = models.ForeignKey(
        SiteVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    build = models.ForeignKey(
        Build, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rolled_back = models.BooleanField(default=False)
    rollback_reason = models.TextField(blank=True)
    milestone = models.BooleanField(default=False, help_text="Every 10th cycle: a report.")
    report_sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True, help_text="Why the cycle failed, for the customer.")

    objects = CycleQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="cycle_numbers_unique"),
        ]
        indexes = [
            # The dispatcher looks for lost cycles every minute among the unfinished ones.
            models.Index(
                fields=["status", "lease_until"],
                name="cycles_unfinished",
                condition=models.Q(status__in=["queued", "running"]),
            ),
        ]

    def __str__(self) -> str:
        return f"Cycle {self.number} of {self.site}"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def duration(self) -> float | None:
        if self.started_at is None:
            return None
        end = self.finished_at or timezone.now()
        return (end - self.started_at).total_seconds()


class FixStat(models.Model):
    """What a fixer achieved on sites of one business type: the cycle's "learning".

    A cycle prefers the fixes with the best record on similar sites (same business type);
    every kept or rolled-back fix updates the counts."""

    audit = models.CharField(max_length=60)
    business_type = models.CharField(max_length=40)
    tried = models.PositiveIntegerField(default=0)
    kept = models.PositiveIntegerField(default=0)
    rolled_back = models.PositiveIntegerField(default=0)
    health_gain = models.FloatField(default=0.0, help_text="Sum of health points gained.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["audit", "business_type"], name="one_stat_per_fix"),
        ]

    def __str__(self) -> str:
        return f"{self.audit} on {self.business_type}: {self.kept}/{self.tried} kept"


class Proposal(models.Model):
    """A change to what the site says, shown for the customer's approval (a question
    visitors asked, to answer in the FAQ; a fact that went stale)."""

    class Kind(models.TextChoices):
        FAQ = "faq", "FAQ entry"
        STALE_FACT = "stale_fact", "Out-of-date fact"

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for you"
        ACCEPTED = "accepted", "Accepted"  # published by the next cycle
        PUBLISHED = "published", "Published"
        DISMISSED = "dismissed", "Dismissed"

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    title = models.CharField(max_length=300, help_text="The question, or the fact.")
    body = models.TextField(blank=True, help_text="The answer, or the new wording.")
    lead = models.ForeignKey(Lead, null=True, blank=True, on_delete=models.SET_NULL)
    cycle = models.ForeignKey(
        OptimizationCycle, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title[:60]}"
