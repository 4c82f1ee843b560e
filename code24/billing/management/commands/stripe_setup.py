"""Create Code24's products and plans at Stripe, idempotently: run it as often as you like.

Each plan gets a Stripe product (``code24-<slug>``) and two Stripe plans, monthly and
yearly, whose ids name the amount and currency (``code24-basic-month-usd-2900``): a plan's
amount cannot change at Stripe, so a new price in the admin makes a new Stripe plan on the
next run and new subscriptions use it. Works against the local Stripe or a real account.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from code24.accounts.models import Plan
from code24.billing import stripe_api


def stripe_plan_id(plan: Plan, interval: str) -> str:
    cents = int((plan.price(interval) * 100).to_integral_value())
    return f"code24-{plan.slug}-{interval}-{plan.currency}-{cents}"


def run_setup(log: Any = print) -> int:
    """Ensure every plan exists at Stripe; returns how many Stripe plans were created."""
    created = 0
    for plan in Plan.objects.all():
        product = f"code24-{plan.slug}"
        stripe_api.product_ensure(product, f"Code24 {plan.name}")
        ids = {}
        for interval in ("month", "year"):
            if plan.price(interval) <= Decimal(0):
                ids[interval] = ""
                continue
            plan_id = stripe_plan_id(plan, interval)
            cents = int((plan.price(interval) * 100).to_integral_value())
            if stripe_api.plan_ensure(
                plan_id=plan_id,
                product_id=product,
                amount=cents,
                currency=plan.currency,
                interval=interval,
            ):
                created += 1
                log(f"created Stripe plan {plan_id}")
            ids[interval] = plan_id
        Plan.objects.filter(pk=plan.pk).update(
            stripe_plan_monthly=ids["month"], stripe_plan_yearly=ids["year"]
        )
    return created


class Command(BaseCommand):
    help = "Create Code24's products and plans at Stripe (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            created = run_setup(self.stdout.write)
        except stripe_api.StripeError as exc:
            raise CommandError(f"Stripe: {exc.message}") from exc
        self.stdout.write(self.style.SUCCESS(f"Stripe is set up ({created} plans created)."))
