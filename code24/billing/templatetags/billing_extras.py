"""Money as customers read it: "$29 USD", "€7.50 EUR"."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.conf import settings

register = template.Library()

SYMBOLS = {"usd": "$", "eur": "€", "gbp": "£", "cad": "$", "aud": "$", "chf": "CHF "}


def money_text(amount: Decimal, currency: str) -> str:
    code = (currency or "usd").lower()
    sign = "-" if amount < 0 else ""
    amount = abs(amount).quantize(Decimal("0.01"))
    number = f"{amount:,.2f}".removesuffix(".00")
    return f"{sign}{SYMBOLS.get(code, '')}{number} {code.upper()}"


@register.filter
def money(amount: Decimal | int | None, currency: str) -> str:
    """A price in the currency's units (Decimal("29.00"), "usd") -> "$29 USD"."""
    return money_text(Decimal(amount or 0), currency)


@register.filter
def cents(amount: int | None, currency: str) -> str:
    """An amount in the currency's smallest unit (Stripe's) -> "$25.81 USD"."""
    return money_text(Decimal(amount or 0) / 100, currency)


@register.simple_tag
def billing_grace_days() -> int:
    return settings.BILLING_GRACE_DAYS
