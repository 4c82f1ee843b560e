"""Users, accounts (customer workspaces), memberships, invitations, plans, API keys."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("Users need an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an email address."""

    email = models.EmailField("email address", unique=True)
    name = models.CharField(max_length=150, blank=True)
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name or self.email.split("@")[0]


# --- Plans ----------------------------------------------------------------------------


class Plan(models.Model):
    """A price tier and what it entitles an account to. Created by a data migration."""

    BASIC = "basic"
    PROFESSIONAL = "professional"
    ENTERPRISE = "enterprise"

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=50)
    tagline = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order on the plans page.")
    currency = models.CharField(
        max_length=3, default="usd", help_text="ISO 4217, lower case, as Stripe writes it."
    )
    monthly_price = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal(0))
    yearly_price = models.DecimalField(
        max_digits=9, decimal_places=2, default=Decimal(0), help_text="Billed once a year."
    )
    stripe_plan_monthly = models.CharField(
        max_length=100, blank=True, help_text="Set by manage.py stripe_setup."
    )
    stripe_plan_yearly = models.CharField(
        max_length=100, blank=True, help_text="Set by manage.py stripe_setup."
    )
    max_sites = models.PositiveIntegerField()
    custom_domains_per_site = models.PositiveIntegerField()
    optimization_interval_hours = models.PositiveIntegerField()
    white_label = models.BooleanField(default=False)
    api_access = models.BooleanField(default=False)
    scans_per_hour = models.PositiveIntegerField(
        default=20, help_text="Scans of any site (Scan any site, POST /optimize) an hour."
    )

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name

    @property
    def optimization_interval(self) -> timedelta:
        return timedelta(hours=self.optimization_interval_hours)

    def price(self, interval: str) -> Decimal:
        return self.yearly_price if interval == Subscription.Interval.YEAR else self.monthly_price

    def stripe_plan(self, interval: str) -> str:
        if interval == Subscription.Interval.YEAR:
            return self.stripe_plan_yearly
        return self.stripe_plan_monthly

    def yearly_saving(self) -> Decimal:
        return self.monthly_price * 12 - self.yearly_price


# --- Accounts and members -------------------------------------------------------------


class AccountQuerySet(models.QuerySet["Account"]):
    def for_user(self, user: Any) -> AccountQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(memberships__user=user)


class Account(models.Model):
    """A customer workspace: owns sites, domains, API keys and a plan."""

    name = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)

    objects = AccountQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def plan(self) -> Plan:
        return self.subscription.plan

    @property
    def entitlements(self) -> Entitlements:
        """The one place features ask what this account may do."""
        from code24.accounts.entitlements import Entitlements

        return Entitlements(self)

    def owners(self) -> models.QuerySet[Membership]:
        return self.memberships.filter(role=Membership.Role.OWNER)


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", "Owner"
        ADMIN = "admin", "Admin"
        MEMBER = "member", "Member"

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["account", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["account", "user"], name="one_membership_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.account} ({self.role})"

    @property
    def is_owner(self) -> bool:
        return self.role == self.Role.OWNER

    # What each role may do. Owners run the account; admins run its sites and
    # domains; members see everything and build sites.
    @property
    def can_manage_members(self) -> bool:
        return self.is_owner

    @property
    def can_manage_api_keys(self) -> bool:
        return self.is_owner

    @property
    def can_change_plan(self) -> bool:
        return self.is_owner

    @property
    def can_manage_sites(self) -> bool:
        return self.role in {self.Role.OWNER, self.Role.ADMIN}


def invitation_default_expiry() -> Any:
    return timezone.now() + timedelta(days=settings.INVITATION_DAYS)


def invitation_token() -> str:
    return secrets.token_urlsafe(32)


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An owner's invitation for someone to join an account, accepted through a link."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(
        max_length=10, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    token = models.CharField(max_length=64, unique=True, default=invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=invitation_default_expiry)
    sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the invitation email went out (sent once)."
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "email"],
                condition=models.Q(accepted_at__isnull=True),
                name="one_open_invitation_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} to {self.account}"

    @property
    def is_expired(self) -> bool:
        return self.accepted_at is None and self.expires_at <= timezone.now()

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and not self.is_expired

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        return "expired" if self.is_expired else "pending"


# --- Subscriptions --------------------------------------------------------------------


def period_end_default() -> Any:
    return timezone.now() + timedelta(days=30)


class Subscription(models.Model):
    """Ties an account to its plan, mirroring its Stripe subscription (code24/billing).

    A new account starts a trial (no card needed). After the trial, a cancellation or
    failed payments past the dunning period, the account is *read-only*: its sites stay
    online for a grace period, then go offline (kept, never deleted) until it pays again.
    """

    class Status(models.TextChoices):
        TRIALING = "trialing", "Trial"
        ACTIVE = "active", "Active"
        PAST_DUE = "past_due", "Payment failed"  # Stripe retries the card; full access
        UNPAID = "unpaid", "Unpaid"  # dunning period over: read-only until paid
        CANCELED = "canceled", "Ended"  # ended: read-only until a plan is chosen

    READ_ONLY = (Status.UNPAID, Status.CANCELED)

    class Interval(models.TextChoices):
        MONTH = "month", "Monthly"
        YEAR = "year", "Yearly"

    account = models.OneToOneField(Account, on_delete=models.CASCADE, related_name="subscription")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="subscriptions")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    interval = models.CharField(max_length=5, choices=Interval.choices, default=Interval.MONTH)
    current_period_start = models.DateTimeField(default=timezone.now)
    current_period_end = models.DateTimeField(default=period_end_default)
    trial_ends_at = models.DateTimeField(null=True, blank=True)
    cancel_at_period_end = models.BooleanField(default=False)
    scheduled_plan = models.ForeignKey(
        Plan,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="A downgrade that takes effect at the end of the period.",
    )
    scheduled_interval = models.CharField(max_length=5, choices=Interval.choices, blank=True)
    past_due_since = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(
        null=True, blank=True, help_text="When the account became read-only."
    )
    sites_offline_at = models.DateTimeField(
        null=True, blank=True, help_text="When the grace period ended and the sites went offline."
    )
    offline_site_ids = models.JSONField(
        default=list, blank=True, help_text="The sites billing took offline, to put back."
    )
    stripe_customer_id = models.CharField(max_length=100, blank=True, db_index=True)
    stripe_subscription_id = models.CharField(max_length=100, blank=True, db_index=True)
    card_brand = models.CharField(max_length=20, blank=True)
    card_last4 = models.CharField(max_length=4, blank=True)
    card_exp_month = models.PositiveSmallIntegerField(null=True, blank=True)
    card_exp_year = models.PositiveSmallIntegerField(null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Staff who granted this plan without payment (partners).",
    )
    writes = models.PositiveIntegerField(
        default=0, help_text="Counts changes sent to Stripe (their idempotency keys)."
    )
    reconciled_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.account}: {self.plan} ({self.status})"

    @property
    def read_only(self) -> bool:
        return self.status in self.READ_ONLY

    @property
    def has_card(self) -> bool:
        return bool(self.card_last4)

    @property
    def in_trial(self) -> bool:
        return (
            self.status == self.Status.TRIALING
            and self.trial_ends_at is not None
            and self.trial_ends_at > timezone.now()
        )

    @property
    def grace_ends_at(self) -> Any:
        if self.ended_at is None:
            return None
        return self.ended_at + timedelta(days=settings.BILLING_GRACE_DAYS)

    @property
    def dunning_ends_at(self) -> Any:
        if self.past_due_since is None:
            return None
        return self.past_due_since + timedelta(days=settings.BILLING_DUNNING_DAYS)

    @property
    def price(self) -> Decimal:
        return self.plan.price(self.interval)


# --- API keys -------------------------------------------------------------------------

API_KEY_PREFIX = "c24"
_PREFIX_RE = re.compile(r"[0-9a-f]{8}")


class ApiKeyQuerySet(models.QuerySet["ApiKey"]):
    def active(self) -> ApiKeyQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiKey(models.Model):
    """A secret an integrator sends as `Authorization: Bearer c24_...`. Shown once."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API key"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @staticmethod
    def hash(raw: str) -> str:
        """Keys carry 256 bits of randomness, so a plain SHA-256 is a sound one-way store."""
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def find(cls, raw: str) -> ApiKey | None:
        """The active key for a raw secret, or None. Compared in constant time."""
        parts = raw.split("_", 2)
        # Only a well-formed prefix reaches the database (a NUL byte, for one, makes
        # PostgreSQL raise instead of finding nothing).
        if len(parts) != 3 or parts[0] != API_KEY_PREFIX or not _PREFIX_RE.fullmatch(parts[1]):
            return None
        key = (
            cls.objects.active()
            .select_related("account__subscription__plan")
            .filter(prefix=parts[1])
            .first()
        )
        if key is None or not secrets.compare_digest(key.key_hash, cls.hash(raw)):
            return None
        return key

    def touch(self) -> None:
        """Record use, at most once a minute so busy keys don't write on every call."""
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at > timedelta(minutes=1):
            ApiKey.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now

    @staticmethod
    def generate() -> tuple[str, str]:
        """A new (prefix, raw key) pair; the raw key is shown once and never stored."""
        prefix = secrets.token_hex(4)
        return prefix, f"{API_KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"


if TYPE_CHECKING:
    from code24.accounts.entitlements import Entitlements
