"""Custom domains: a customer's own hostname on one of their sites, as Cloudflare for SaaS
holds it (a custom hostname with a DV certificate), with what the domain doctor found."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from code24.accounts.models import Account
from sites.models import Site

# The certificate's states as Cloudflare names them (ssl.status), in plain words.
CERTIFICATE_WORDS = {
    "initializing": "Being requested",
    "pending_validation": "Waiting for validation",
    "pending_issuance": "Being issued",
    "pending_deployment": "Being deployed",
    "active": "Active",
    "pending_expiration": "Expiring",
    "expired": "Expired",
    "deleted": "Deleted",
    "validation_timed_out": "Validation timed out",
    "issuance_timed_out": "Issuance timed out",
    "deployment_timed_out": "Deployment timed out",
}


class CustomDomainQuerySet(models.QuerySet["CustomDomain"]):
    def for_user(self, user: Any) -> CustomDomainQuerySet:
        return self.filter(account__in=Account.objects.for_user(user))

    def connected(self) -> CustomDomainQuerySet:
        """The domains that are not removed (removed ones stay as tombstones)."""
        return self.filter(removed_at__isnull=True)


class CustomDomain(models.Model):
    class State(models.TextChoices):
        # The words the dashboard uses (ui.md): waiting for DNS, checking, live, stalled.
        WAITING = "waiting", "Waiting for DNS"  # the records are not in place yet
        CHECKING = "checking", "Checking"  # DNS is right; Cloudflare validates and issues
        LIVE = "live", "Live"  # serves the site, with its certificate
        STALLED = "stalled", "Stalled"  # DOMAINS_STALLED_DAYS without success
        REMOVED = "removed", "Removed"  # a tombstone: nothing left at Cloudflare

    class Role(models.TextChoices):
        PRIMARY = "primary", "Primary"  # the site's address once live
        REDIRECT = "redirect", "Redirects to the primary domain"

    class SslMethod(models.TextChoices):
        HTTP = "http", "HTTP (automatic once the CNAME is in place)"
        TXT = "txt", "DNS TXT record"

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="custom_domains")
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="custom_domains")
    hostname = models.CharField(max_length=253, help_text="Normalised: lower case, punycode.")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.PRIMARY)
    ssl_method = models.CharField(max_length=4, choices=SslMethod.choices, default=SslMethod.HTTP)
    state = models.CharField(max_length=10, choices=State.choices, default=State.CHECKING)

    # What Cloudflare answered, the last time we asked.
    cloudflare_id = models.CharField(max_length=64, blank=True)
    hostname_status = models.CharField(max_length=32, blank=True)
    ssl_status = models.CharField(max_length=32, blank=True)
    ownership_name = models.CharField(max_length=300, blank=True)
    ownership_value = models.CharField(max_length=300, blank=True)
    validation_records = models.JSONField(default=list, blank=True)
    verification_errors = models.JSONField(default=list, blank=True)
    certificate_expires_at = models.DateTimeField(null=True, blank=True)
    certificate_issuer = models.CharField(max_length=100, blank=True)
    certificate_warned_at = models.DateTimeField(null=True, blank=True)

    # What the domain doctor found, the last time it looked.
    findings = models.JSONField(default=list, blank=True)
    points_here = models.BooleanField(default=False)
    # A sentence for the customer when Cloudflare refused or could not be reached.
    error = models.CharField(max_length=500, blank=True)

    # Checks: the sweep claims a due one (next_check_at) by moving its time on by a lease,
    # so a check whose worker died comes due again. check_attempts counts the checks since
    # checks_since (when it was added, or last retried), the clock for stalling.
    next_check_at = models.DateTimeField(null=True, blank=True)
    check_attempts = models.PositiveIntegerField(default=0)
    checks_since = models.DateTimeField(default=timezone.now)
    checked_at = models.DateTimeField(null=True, blank=True)
    check_requested_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(default=timezone.now)
    activated_at = models.DateTimeField(null=True, blank=True)
    stalled_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_reason = models.CharField(max_length=200, blank=True)

    objects = CustomDomainQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            # A hostname is connected to one site of one account at a time, across Code24.
            models.UniqueConstraint(
                fields=["hostname"],
                condition=Q(removed_at__isnull=True),
                name="domains_hostname_connected_once",
            ),
        ]
        indexes = [
            # The sweep's query: due checks, oldest first (settled rows have none).
            models.Index(
                fields=["next_check_at"],
                condition=Q(next_check_at__isnull=False),
                name="domains_due_checks",
            ),
        ]

    def __str__(self) -> str:
        return self.hostname

    @property
    def is_live(self) -> bool:
        return self.state == self.State.LIVE

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None

    @property
    def is_settled(self) -> bool:
        """Nothing changes on its own soon: live, stalled or removed (the page stops polling)."""
        return self.state in (self.State.LIVE, self.State.STALLED, self.State.REMOVED)

    @property
    def is_primary(self) -> bool:
        return self.role == self.Role.PRIMARY

    @property
    def check_now_wait(self) -> int:
        """Seconds until "Check now" may be used again (0: now)."""
        if self.check_requested_at is None:
            return 0
        ready = self.check_requested_at + timedelta(seconds=settings.DOMAINS_CHECK_NOW_SECONDS)
        return max(0, int((ready - timezone.now()).total_seconds() + 0.999))

    @property
    def certificate_words(self) -> str:
        if not self.ssl_status:
            return "Not requested yet"
        return CERTIFICATE_WORDS.get(
            self.ssl_status, self.ssl_status.replace("_", " ").capitalize()
        )

    @property
    def has_problems(self) -> bool:
        """The doctor found something the customer must fix."""
        return any(finding.get("severity") == "problem" for finding in self.findings)

    @property
    def certificate_expires_soon(self) -> bool:
        if self.certificate_expires_at is None:
            return False
        warning = timedelta(days=settings.DOMAINS_CERTIFICATE_WARNING_DAYS)
        return self.certificate_expires_at - timezone.now() <= warning

    def stalls_at(self) -> datetime:
        return self.checks_since + timedelta(days=settings.DOMAINS_STALLED_DAYS)
