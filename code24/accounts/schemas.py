from datetime import datetime
from decimal import Decimal

from ninja import Schema


class PlanOut(Schema):
    slug: str
    name: str
    monthly_price: Decimal
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
    status: str
    current_period_start: datetime
    current_period_end: datetime


class AccountOut(Schema):
    id: int
    name: str
    created_at: datetime
    plan: PlanOut
    subscription: SubscriptionOut
    usage: UsageOut
