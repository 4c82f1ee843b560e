"""The only code in Code24 that talks to Stripe (the official ``stripe`` SDK).

- Every call goes through ``_call``: it logs the operation, the outcome and the duration,
  never the secret key, card data or the request's parameters, and sorts failures into
  ``StripeRetryableError`` (rate limits, Stripe's 5xx, timeouts, dropped connections: try
  again later) and ``StripePermanentError`` (everything else); ``PaymentFailed`` is the
  permanent error of a card that was declined, with Stripe's sentence for the customer.
- Every write carries an idempotency key, chosen by the caller from what the write is
  for (``customer:<account>``, ``subscription:<account>:<n>``...), so a task that runs twice
  creates nothing twice. The SDK's own network retries reuse that key.
- Calls return typed values (the dataclasses below), read from Stripe's JSON.

Without ``STRIPE_SECRET_KEY`` it talks to the local Stripe (``manage.py local_stripe``) at
``STRIPE_API_BASE``. Plans are Stripe plans (the local Stripe has no Prices API, and
Stripe takes a plan id wherever it asks for a price id).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any, TypeVar

import httpx
import stripe
from django.conf import settings

log = logging.getLogger("code24.billing.stripe")
T = TypeVar("T")


# --- Errors -----------------------------------------------------------------------------


class StripeError(Exception):
    """A call to Stripe failed; ``message`` is a sentence a customer can read."""

    retryable = False

    def __init__(self, message: str, *, code: str = "", status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status


class StripeRetryableError(StripeError):
    """Stripe was busy or unreachable: the same call may succeed later."""

    retryable = True


class StripePermanentError(StripeError):
    """Stripe refused the call: repeating it unchanged will fail again."""


class PaymentFailed(StripePermanentError):
    """The card was declined (or needs authentication the customer did not give)."""


class NotFound(StripePermanentError):
    """The object is not (or no longer) in Stripe."""


UNAVAILABLE = "Payments are unavailable for a moment. Please try again in a few minutes."


def _sorted_error(exc: stripe.StripeError) -> StripeError:
    status = exc.http_status
    code = getattr(exc, "code", None) or ""
    if isinstance(exc, stripe.CardError):
        return PaymentFailed(
            exc.user_message or "Your card was declined. Try another card.",
            code=code,
            status=status,
        )
    if isinstance(exc, stripe.RateLimitError | stripe.APIConnectionError):
        return StripeRetryableError(UNAVAILABLE, code=code, status=status)
    if status is None or status >= 500 or status in (408, 409, 429):
        return StripeRetryableError(UNAVAILABLE, code=code, status=status)
    if status == 402:  # a declined payment that the SDK did not type as a CardError
        return PaymentFailed(
            exc.user_message or "Your card was declined. Try another card.",
            code=code,
            status=status,
        )
    if status == 404:
        return NotFound("This billing record is no longer at Stripe.", code=code, status=status)
    return StripePermanentError(
        "Stripe refused this request. Please contact support if it happens again.",
        code=code,
        status=status,
    )


# --- Typed results ----------------------------------------------------------------------


def _when(timestamp: Any) -> datetime | None:
    return datetime.fromtimestamp(int(timestamp), tz=UTC) if timestamp else None


def _id(value: Any) -> str:
    """An expandable field: an id, or the object itself."""
    if isinstance(value, Mapping):
        return str(value.get("id") or "")
    return str(value or "")


@dataclass(frozen=True)
class Customer:
    id: str
    email: str
    default_payment_method: str

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Customer:
        settings_ = data.get("invoice_settings") or {}
        return cls(
            id=data["id"],
            email=data.get("email") or "",
            default_payment_method=_id(settings_.get("default_payment_method")),
        )


@dataclass(frozen=True)
class Card:
    id: str
    brand: str
    last4: str
    exp_month: int
    exp_year: int
    customer: str

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Card:
        card = data.get("card") or {}
        return cls(
            id=data["id"],
            brand=str(card.get("brand") or "card"),
            last4=str(card.get("last4") or ""),
            exp_month=int(card.get("exp_month") or 0),
            exp_year=int(card.get("exp_year") or 0),
            customer=_id(data.get("customer")),
        )


@dataclass(frozen=True)
class SetupIntent:
    id: str
    client_secret: str
    status: str
    customer: str
    payment_method: str

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> SetupIntent:
        return cls(
            id=data["id"],
            client_secret=data.get("client_secret") or "",
            status=data.get("status") or "",
            customer=_id(data.get("customer")),
            payment_method=_id(data.get("payment_method")),
        )


@dataclass(frozen=True)
class Subscription:
    id: str
    customer: str
    status: str  # Stripe's: trialing, active, past_due, unpaid, canceled, incomplete...
    plan_id: str
    current_period_start: datetime | None
    current_period_end: datetime | None
    trial_end: datetime | None
    cancel_at_period_end: bool
    latest_invoice: str
    metadata: Mapping[str, str]
    item_id: str  # its one item (the plan), which a plan change replaces

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Subscription:
        items = ((data.get("items") or {}).get("data")) or [{}]
        item = items[0]
        plan = item.get("plan") or item.get("price") or data.get("plan") or {}
        # Since API version 2025-03-31 the period lives on the items; older answers
        # (and the local Stripe) also have it on the subscription.
        start = item.get("current_period_start") or data.get("current_period_start")
        end = item.get("current_period_end") or data.get("current_period_end")
        return cls(
            id=data["id"],
            customer=_id(data.get("customer")),
            status=data.get("status") or "",
            plan_id=_id(plan),
            current_period_start=_when(start),
            current_period_end=_when(end),
            trial_end=_when(data.get("trial_end")),
            cancel_at_period_end=bool(data.get("cancel_at_period_end")),
            latest_invoice=_id(data.get("latest_invoice")),
            metadata=dict(data.get("metadata") or {}),
            item_id=str(item.get("id") or ""),
        )


@dataclass(frozen=True)
class InvoiceLine:
    description: str
    amount: int
    proration: bool

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> InvoiceLine:
        parent = data.get("parent") or {}
        details = parent.get("subscription_item_details") or parent.get("invoice_item_details")
        proration = data.get("proration")
        if proration is None and isinstance(details, Mapping):
            proration = details.get("proration")
        return cls(
            description=str(data.get("description") or ""),
            amount=int(data.get("amount") or 0),
            proration=bool(proration),
        )


@dataclass(frozen=True)
class Invoice:
    id: str
    customer: str
    subscription: str
    status: str  # draft, open, paid, void, uncollectible
    number: str
    currency: str
    amount_due: int  # in the currency's smallest unit (cents)
    amount_paid: int
    created: datetime | None
    period_start: datetime | None
    period_end: datetime | None
    hosted_invoice_url: str
    billing_reason: str
    lines: tuple[InvoiceLine, ...]

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Invoice:
        # Since API version 2025-03-31 an invoice names its subscription under `parent`.
        parent = data.get("parent") or {}
        details = parent.get("subscription_details") or {}
        subscription = _id(details.get("subscription")) or _id(data.get("subscription"))
        lines = ((data.get("lines") or {}).get("data")) or []
        return cls(
            id=data["id"],
            customer=_id(data.get("customer")),
            subscription=subscription,
            status=data.get("status") or "",
            number=str(data.get("number") or ""),
            currency=str(data.get("currency") or "").lower(),
            amount_due=int(data.get("amount_due") or data.get("total") or 0),
            amount_paid=int(data.get("amount_paid") or 0),
            created=_when(data.get("created") or data.get("date")),
            period_start=_when(data.get("period_start")),
            period_end=_when(data.get("period_end")),
            hosted_invoice_url=str(data.get("hosted_invoice_url") or ""),
            billing_reason=str(data.get("billing_reason") or ""),
            lines=tuple(InvoiceLine.of(line) for line in lines),
        )


@dataclass(frozen=True)
class Event:
    id: str
    type: str
    object: Mapping[str, Any]
    created: datetime | None


# --- The client -------------------------------------------------------------------------


@cache
def _client(api_key: str, base: str, timeout: float, retries: int) -> stripe.StripeClient:
    return stripe.StripeClient(
        api_key,
        base_addresses={"api": base},
        max_network_retries=retries,
        http_client=stripe.HTTPXClient(timeout=timeout, allow_sync_methods=True),
    )


def client() -> stripe.StripeClient:
    return _client(
        settings.STRIPE_API_KEY,
        settings.STRIPE_API_BASE,
        settings.STRIPE_TIMEOUT_SECONDS,
        settings.STRIPE_MAX_NETWORK_RETRIES,
    )


def _call(operation: str, fn: Callable[[stripe.StripeClient], Any]) -> dict[str, Any]:
    """Run one call; its answer as a plain dict. Logs the operation, never its data."""
    started = time.monotonic()
    try:
        answer = fn(client())
    except stripe.StripeError as exc:
        error = _sorted_error(exc)
        log.log(
            logging.INFO if isinstance(error, NotFound) else logging.WARNING,
            "stripe %s failed: %s (status %s, code %s) in %.0f ms",
            operation,
            type(error).__name__,
            error.status,
            error.code or "-",
            (time.monotonic() - started) * 1000,
        )
        raise error from None
    log.info("stripe %s ok in %.0f ms", operation, (time.monotonic() - started) * 1000)
    return answer.to_dict() if hasattr(answer, "to_dict") else dict(answer)


def _key(idempotency_key: str) -> stripe.RequestOptions:
    return {"idempotency_key": f"code24:{idempotency_key}"}


# Customers and cards --------------------------------------------------------------------


def customer_create(*, email: str, name: str, account_id: int, idempotency_key: str) -> Customer:
    data = _call(
        "customers.create",
        lambda c: c.v1.customers.create(
            params={"email": email, "name": name, "metadata": {"code24_account": str(account_id)}},
            options=_key(idempotency_key),
        ),
    )
    return Customer.of(data)


def customer_get(customer_id: str) -> Customer:
    return Customer.of(_call("customers.retrieve", lambda c: c.v1.customers.retrieve(customer_id)))


def customer_update(customer_id: str, *, idempotency_key: str, **fields: Any) -> Customer:
    params: Any = {name: value for name, value in fields.items() if value is not None}
    data = _call(
        "customers.update",
        lambda c: c.v1.customers.update(customer_id, params=params, options=_key(idempotency_key)),
    )
    return Customer.of(data)


def tax_ids_replace(customer_id: str, *, kind: str, value: str, idempotency_key: str) -> str:
    """Make `value` the customer's only tax id (empty: none); returns the new id or ""."""
    current = _call("customers.tax_ids.list", lambda c: c.v1.customers.tax_ids.list(customer_id))
    for tax_id in current.get("data") or []:
        if tax_id.get("value") == value and tax_id.get("type") == kind:
            return str(tax_id["id"])
        stale = str(tax_id["id"])
        _call(
            "customers.tax_ids.delete",
            lambda c: c.v1.customers.tax_ids.delete(customer_id, stale),  # noqa: B023
        )
    if not value:
        return ""
    created = _call(
        "customers.tax_ids.create",
        lambda c: c.v1.customers.tax_ids.create(
            customer_id, params={"type": kind, "value": value}, options=_key(idempotency_key)
        ),
    )
    return str(created["id"])


def setup_intent_create(customer_id: str, *, idempotency_key: str) -> SetupIntent:
    data = _call(
        "setup_intents.create",
        lambda c: c.v1.setup_intents.create(
            params={"customer": customer_id, "usage": "off_session"},
            options=_key(idempotency_key),
        ),
    )
    return SetupIntent.of(data)


def setup_intent_get(setup_intent_id: str) -> SetupIntent:
    return SetupIntent.of(
        _call("setup_intents.retrieve", lambda c: c.v1.setup_intents.retrieve(setup_intent_id))
    )


def card_get(payment_method_id: str) -> Card:
    return Card.of(
        _call(
            "payment_methods.retrieve",
            lambda c: c.v1.payment_methods.retrieve(payment_method_id),
        )
    )


def card_attach(payment_method_id: str, customer_id: str, *, idempotency_key: str) -> Card:
    data = _call(
        "payment_methods.attach",
        lambda c: c.v1.payment_methods.attach(
            payment_method_id, params={"customer": customer_id}, options=_key(idempotency_key)
        ),
    )
    return Card.of(data)


def card_make_default(customer_id: str, payment_method_id: str, *, idempotency_key: str) -> None:
    customer_update(
        customer_id,
        invoice_settings={"default_payment_method": payment_method_id},
        idempotency_key=idempotency_key,
    )


# Subscriptions --------------------------------------------------------------------------


def subscription_create(
    *,
    customer_id: str,
    plan_id: str,
    trial_end: datetime | None,
    account_id: int,
    idempotency_key: str,
) -> Subscription:
    """A subscription; with no trial the first invoice is paid now or the call fails with
    PaymentFailed and no subscription remains (error_if_incomplete)."""
    params: Any = {
        "customer": customer_id,
        "items": [{"price": plan_id}],
        "payment_behavior": "error_if_incomplete",
        "metadata": {"code24_account": str(account_id)},
    }
    if trial_end is not None:
        params["trial_end"] = int(trial_end.timestamp())
    data = _call(
        "subscriptions.create",
        lambda c: c.v1.subscriptions.create(params=params, options=_key(idempotency_key)),
    )
    return Subscription.of(data)


def subscription_get(subscription_id: str) -> Subscription:
    return Subscription.of(
        _call("subscriptions.retrieve", lambda c: c.v1.subscriptions.retrieve(subscription_id))
    )


def subscription_change_plan(
    subscription: Subscription, *, plan_id: str, proration: str, idempotency_key: str
) -> Subscription:
    """Move to `plan_id`. ``always_invoice`` invoices the prorations at once and, with
    error_if_incomplete, fails with PaymentFailed (plan unchanged) if the card does;
    ``none`` changes the plan from the next renewal."""
    item: dict[str, Any] = {"price": plan_id}
    if subscription.item_id:
        item["id"] = subscription.item_id
    params: Any = {
        "items": [item],
        "proration_behavior": proration,
        "cancel_at_period_end": False,
    }
    if proration == "always_invoice":
        params["payment_behavior"] = "error_if_incomplete"
    data = _call(
        "subscriptions.update",
        lambda c: c.v1.subscriptions.update(
            subscription.id, params=params, options=_key(idempotency_key)
        ),
    )
    return Subscription.of(data)


def subscription_set_cancel_at_period_end(
    subscription_id: str, cancel: bool, *, idempotency_key: str
) -> Subscription:
    data = _call(
        "subscriptions.update",
        lambda c: c.v1.subscriptions.update(
            subscription_id,
            params={"cancel_at_period_end": cancel},
            options=_key(idempotency_key),
        ),
    )
    return Subscription.of(data)


def subscription_cancel_now(subscription_id: str) -> Subscription:
    """End it at once, with no refund or proration (a staff grant replaces it)."""
    try:
        data = _call(
            "subscriptions.cancel",
            lambda c: c.v1.subscriptions.cancel(subscription_id),
        )
    except NotFound:
        return subscription_get(subscription_id)
    return Subscription.of(data)


# Invoices -------------------------------------------------------------------------------


def invoices_list(customer_id: str, *, limit: int = 100) -> list[Invoice]:
    data = _call(
        "invoices.list",
        lambda c: c.v1.invoices.list(params={"customer": customer_id, "limit": limit}),
    )
    return [Invoice.of(each) for each in data.get("data") or []]


def invoice_pay(invoice_id: str, *, idempotency_key: str) -> Invoice:
    """Charge an open invoice again with the customer's default card (after a new card)."""
    data = _call(
        "invoices.pay",
        lambda c: c.v1.invoices.pay(invoice_id, options=_key(idempotency_key)),
    )
    return Invoice.of(data)


# Products and plans (the setup command) -------------------------------------------------


def product_ensure(product_id: str, name: str) -> None:
    try:
        _call("products.retrieve", lambda c: c.v1.products.retrieve(product_id))
    except NotFound:
        _call(
            "products.create",
            lambda c: c.v1.products.create(
                params={"id": product_id, "name": name}, options=_key(f"product:{product_id}")
            ),
        )


def plan_ensure(
    *, plan_id: str, product_id: str, amount: int, currency: str, interval: str
) -> bool:
    """Create the Stripe plan unless it exists; True when this call created it. A plan's
    amount cannot change in Stripe, so its id names the amount: a new price, a new plan."""
    try:
        _call("plans.retrieve", lambda c: c.v1.plans.retrieve(plan_id))
        return False
    except NotFound:
        pass
    _call(
        "plans.create",
        lambda c: c.v1.plans.create(
            params={
                "id": plan_id,
                "product": product_id,
                "amount": amount,
                "currency": currency,
                "interval": interval,
            },
            options=_key(f"plan:{plan_id}"),
        ),
    )
    return True


# Webhooks -------------------------------------------------------------------------------


class SignatureError(Exception):
    """The request is not a webhook signed by Stripe with our secret."""


def webhook_event(payload: bytes, signature: str) -> Event:
    """The event in a webhook request, once its Stripe-Signature is checked (5 minutes'
    tolerance against replays of old requests, as Stripe's libraries default to)."""
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        raise SignatureError("STRIPE_WEBHOOK_SECRET is not set.")
    try:
        stripe.WebhookSignature.verify_header(payload.decode("utf-8"), signature, secret, 300)
        data = json.loads(payload)
    except (stripe.SignatureVerificationError, UnicodeDecodeError, ValueError) as exc:
        raise SignatureError(str(exc)) from None
    if not isinstance(data, dict) or not data.get("id") or not data.get("type"):
        raise SignatureError("The payload is not a Stripe event.")
    obj = (data.get("data") or {}).get("object") or {}
    return Event(
        id=str(data["id"]), type=str(data["type"]), object=obj, created=_when(data.get("created"))
    )


def js_url() -> str:
    """Stripe.js: Stripe's own, or the local Stripe's mock of it (Elements included)."""
    return settings.STRIPE_JS_URL or f"{settings.STRIPE_API_BASE}/js.stripe.com/v3/"


def local_period_end(subscription_id: str) -> None:
    """The local Stripe's clock (Stripe has test clocks): end the current period now."""
    if settings.STRIPE_SECRET_KEY:
        raise StripePermanentError("Only the local Stripe has this clock.")
    started = time.monotonic()
    try:
        answer = httpx.post(
            f"{settings.STRIPE_API_BASE}/_local/subscriptions/{subscription_id}/period_end",
            auth=(settings.STRIPE_API_KEY, ""),
            timeout=settings.STRIPE_TIMEOUT_SECONDS,
        )
    except httpx.HTTPError:
        raise StripeRetryableError(UNAVAILABLE) from None
    log.info(
        "local stripe period_end %s in %.0f ms",
        answer.status_code,
        (time.monotonic() - started) * 1000,
    )
    if answer.status_code >= 400:
        raise StripePermanentError(f"The local Stripe answered {answer.status_code}.")
