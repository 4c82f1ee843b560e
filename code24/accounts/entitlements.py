"""What an account may do under its plan: the one place features ask."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from code24.accounts.models import Account, Plan


class EntitlementError(Exception):
    """An action the account's plan does not allow; the message tells the customer why."""


@dataclass(frozen=True)
class Usage:
    sites: int
    api_keys: int
    members: int


class Entitlements:
    def __init__(self, account: Account) -> None:
        self.account = account
        self.plan: Plan = account.plan

    # Plan limits ---------------------------------------------------------------------

    @property
    def max_sites(self) -> int:
        return self.plan.max_sites

    @property
    def custom_domains_per_site(self) -> int:
        return self.plan.custom_domains_per_site

    @property
    def optimization_interval(self) -> timedelta:
        return self.plan.optimization_interval

    @property
    def white_label(self) -> bool:
        return self.plan.white_label

    @property
    def api_access(self) -> bool:
        return self.plan.api_access

    @property
    def scans_per_hour(self) -> int:
        return self.plan.scans_per_hour

    # Usage and checks ----------------------------------------------------------------

    def usage(self) -> Usage:
        return Usage(
            sites=self.account.sites.count(),
            api_keys=self.account.api_keys.filter(revoked_at__isnull=True).count(),
            members=self.account.memberships.count(),
        )

    def require_writable(self) -> None:
        """Refuse changes while the subscription has ended or is unpaid (read-only)."""
        subscription = self.account.subscription
        if not subscription.read_only:
            return
        why = (
            "Your payment is overdue"
            if subscription.status == subscription.Status.UNPAID
            else "Your subscription has ended"
        )
        raise EntitlementError(
            f"{why}, so {self.account.name} is read-only: your sites stay as they are. "
            "Choose a plan (or update your card) on the Plan page to make changes again."
        )

    def require_site_slot(self) -> None:
        self.require_writable()
        used = self.account.sites.count()
        if used >= self.max_sites:
            raise EntitlementError(
                f"Your {self.plan.name} plan includes {_count(self.max_sites, 'site')} and you "
                f"have {used}. Upgrade your plan to add another."
            )

    def require_api_access(self) -> None:
        if not self.api_access:
            raise EntitlementError(
                f"The {self.plan.name} plan does not include API access. "
                "Upgrade to Professional or Enterprise to use the API."
            )

    def require_custom_domains(self) -> None:
        if self.custom_domains_per_site == 0:
            raise EntitlementError(
                f"The {self.plan.name} plan does not include custom domains. "
                "Upgrade to Professional or Enterprise to connect your own domain."
            )

    def require_white_label(self) -> None:
        if not self.white_label:
            raise EntitlementError(
                f"The {self.plan.name} plan does not include white-label. "
                "Upgrade to Enterprise to resell Code24 under your own brand."
            )


def downgrade_blockers(account: Account, plan: Plan) -> list[str]:
    """Why the account cannot move to `plan` now, one sentence per broken limit."""
    usage = account.entitlements.usage()
    reasons = []
    if usage.sites > plan.max_sites:
        reasons.append(
            f"{plan.name} includes {_count(plan.max_sites, 'site')} and you have "
            f"{usage.sites}. Delete {usage.sites - plan.max_sites} first."
        )
    if usage.api_keys and not plan.api_access:
        reasons.append(
            f"{plan.name} does not include API access and you have "
            f"{_count(usage.api_keys, 'active API key')}. Revoke them first."
        )
    return reasons


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
