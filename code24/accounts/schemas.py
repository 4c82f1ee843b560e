from datetime import datetime
from decimal import Decimal

from ninja import Field, Schema


class PlanOut(Schema):
    slug: str
    name: str
    currency: str
    monthly_price: Decimal
    yearly_price: Decimal
    max_sites: int
    custom_domains_per_site: int
    optimization_interval_hours: int
    white_label: bool
    api_access: bool


class UsageOut(Schema):
    sites: int
    api_keys: int
    members: int


class SubscriptionOut(Schema):
    status: str = Field(
        description="trialing, active, past_due (a payment failed; Stripe retries), unpaid "
        "or canceled (both read-only: sites stay online for the grace period)."
    )
    interval: str = Field(description="month or year.")
    current_period_start: datetime
    current_period_end: datetime
    trial_ends_at: datetime | None
    cancel_at_period_end: bool


class AccountOut(Schema):
    id: int
    name: str
    created_at: datetime
    plan: PlanOut
    subscription: SubscriptionOut
    usage: UsageOut
