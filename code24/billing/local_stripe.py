"""The local Stripe: localstripe 1.15.10, patched to behave as Stripe documents.

Without STRIPE_SECRET_KEY, Code24 bills through this server instead of Stripe, the way it
deploys to the local Cloudflare. localstripe (a stateful mock of Stripe's API, an aiohttp
app) differs from Stripe exactly where Code24 depends on Stripe: trials, prorations,
renewals, failed payments and their retries, webhooks. Its code is not copied here: each
patch below wraps or replaces one of its methods (or adds a route) at runtime and says which
Stripe behaviour it follows. ``apply_patches()`` applies them all, once, and must run before
``localstripe.server`` is imported (``serve()`` does both).

Stripe moves subscriptions through time with test clocks; the local Stripe has
``POST /_local/subscriptions/{id}/period_end`` (with the secret key, like the API), which
does what Stripe does when the current period ends. The server's clock cannot move, so the
period ends *now*: the next one starts at the call.

Run it with ``manage.py local_stripe`` (the run command does) or
``python -m code24.billing.local_stripe --port 8420 --state-dir var/stripe``.
"""

from __future__ import annotations

import argparse
import asyncio
import calendar
import contextlib
import hashlib
import hmac
import inspect
import json
import logging
import os
import pickle
import secrets
import socket
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, NoReturn

import aiohttp
from aiohttp import web
from localstripe import resources as ls
from localstripe import webhooks as ls_webhooks
from localstripe.errors import UserError

log = logging.getLogger("code24.billing.local_stripe")

HOST = "127.0.0.1"
STATE_FILE = "localstripe.pickle"
# Events carry the Stripe-Version the request that caused them asked for (the SDK pins
# one); events without a request (none today) carry this one.
API_VERSION = "2025-03-31.basil"
# Stripe retries a failed webhook delivery with exponential backoff (for up to three
# days); the local Stripe tries for about ten minutes.
WEBHOOK_RETRY_DELAYS = (1, 2, 4, 8, 16, 32, 60, 120, 300)
WEBHOOK_TIMEOUT_SECONDS = 10

PAYMENT_BEHAVIORS = ("allow_incomplete", "default_incomplete", "error_if_incomplete")
PRORATION_BEHAVIORS = ("create_prorations", "always_invoice", "none")

_state_path: Path | None = None
_applied: set[str] = set()
_PATCHES: list[Callable[[], None]] = []


def _patch(func: Callable[[], None]) -> Callable[[], None]:
    _PATCHES.append(func)
    return func


def apply_patches() -> None:
    """Apply every patch below (idempotent)."""
    for patch in _PATCHES:
        _apply(patch)


def _apply(patch: Callable[[], None]) -> None:
    if patch.__name__ not in _applied:
        patch()
        _applied.add(patch.__name__)


def _server() -> Any:
    from localstripe import server

    return server


# --- Helpers ------------------------------------------------------------------------------


class StripeError(UserError):
    """An error answered in Stripe's shape: ``{"error": {"type", "message", "code", ...}}``."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type: str = "invalid_request_error",
        retry: bool | None = None,
        **fields: Any,
    ) -> None:
        super().__init__(status, message, {k: v for k, v in fields.items() if v is not None})
        self.body["error"]["type"] = type
        self.retry = retry

    def to_response(self) -> web.Response:
        response: web.Response = super().to_response()
        if self.retry is not None:
            response.headers["Stripe-Should-Retry"] = "true" if self.retry else "false"
        return response


def _card_declined(charge: Any, **fields: Any) -> StripeError:
    return StripeError(
        402,
        (charge.failure_message if charge else None) or "Your card was declined.",
        type="card_error",
        code="card_declined",
        decline_code="generic_decline",
        charge=charge.id if charge else None,
        **fields,
    )


def _now() -> int:
    return int(time.time())


def _integer(value: Any, param: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise StripeError(400, f"Invalid integer: {value}", param=param) from None


def _boolean(value: Any, param: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    if str(value).lower() in ("true", "false"):
        return str(value).lower() == "true"
    raise StripeError(400, f"Invalid boolean: {value}", param=param)


def _choice(value: Any, choices: tuple[str, ...], param: str) -> str:
    if value not in choices:
        raise StripeError(400, f"Invalid {param}: must be one of {', '.join(choices)}", param=param)
    return str(value)


def _emit(type: str, obj: Any, previous: dict[str, Any] | None = None) -> None:
    event = ls.Event(type, obj)
    if previous:
        event.data["previous_attributes"] = previous
    ls.schedule_webhook(event)


def _refresh_event(type: str, obj: Any) -> None:
    """Retake the snapshot of ``obj`` in the event of ``type`` it just emitted.

    localstripe snapshots an object when it creates the event, sometimes before the patches
    have finished setting it up; the event is still unsent (deliveries start after the
    request)."""
    for key in reversed(ls.store):
        if key.startswith("event:"):
            event = ls.store[key]
            if event.type == type and event.data["object"].get("id") == obj.id:
                event.data["object"] = obj._export()
                return


@contextlib.contextmanager
def _all_or_nothing(*, undo: bool = False) -> Iterator[None]:
    """Stripe applies a request entirely or not at all: on an error, put the state back
    (always with ``undo``: a preview). Events made in between go with the rest, so their
    webhooks are never sent."""
    saved = pickle.dumps(dict(ls.store), protocol=pickle.HIGHEST_PROTOCOL)

    def put_back() -> None:
        ls.store.clear()
        ls.store.update(pickle.loads(saved))  # noqa: S301 - our own state

    try:
        yield
    except UserError:
        put_back()
        raise
    if undo:
        put_back()


def _objects(kind: str) -> list[Any]:
    prefix = kind + ":"
    return [value for key, value in ls.store.items() if key.startswith(prefix)]


def _subscription_of(invoice: Any) -> Any:
    return ls.store.get("subscription:" + invoice.subscription) if invoice.subscription else None


def _add_interval(timestamp: int, plan: Any) -> int:
    """``timestamp`` plus the plan's interval; a month later than the 31st is the month's
    last day, as Stripe bills."""
    moment = datetime.fromtimestamp(timestamp, UTC)
    count = plan.interval_count
    if plan.interval in ("day", "week"):
        days = count * (7 if plan.interval == "week" else 1)
        return int((moment + timedelta(days=days)).timestamp())
    year, month = divmod(moment.month - 1 + count * (12 if plan.interval == "year" else 1), 12)
    year, month = moment.year + year, month + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return int(moment.replace(year=year, month=month, day=day).timestamp())


def _period(sub: Any) -> tuple[int, int]:
    """The subscription's current period; until the patches move it, localstripe's (the
    first period: start_date plus one interval)."""
    stored = getattr(sub, "_ls_period", None)
    if stored:
        return stored
    return sub.start_date, _add_interval(sub.start_date, sub.plan)


def _price_of(plan: Any) -> dict[str, Any]:
    """A plan as Stripe shows it through the Prices API (a plan is a price there)."""
    return {
        "id": plan.id,
        "object": "price",
        "active": plan.active,
        "billing_scheme": plan.billing_scheme,
        "created": plan.created,
        "currency": plan.currency,
        "livemode": False,
        "lookup_key": None,
        "metadata": dict(plan.metadata or {}),
        "nickname": plan.nickname,
        "product": plan.product,
        "recurring": {
            "interval": plan.interval,
            "interval_count": plan.interval_count,
            "trial_period_days": plan.trial_period_days,
            "usage_type": plan.usage_type,
        },
        "tax_behavior": "unspecified",
        "tiers_mode": plan.tiers_mode,
        "type": "recurring",
        "unit_amount": plan.amount,
        "unit_amount_decimal": None if plan.amount is None else str(plan.amount),
    }


def _plans_from_prices(items: Any) -> None:
    """``items[n][price]`` names a plan (Stripe accepts a plan's id wherever a price's is)."""
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and "price" in item:
            price = item.pop("price")
            if item.get("plan") not in (None, price):
                raise StripeError(400, "Give items[].price or items[].plan, not both.")
            item["plan"] = price


def _attached_payment_method(pm_id: Any, customer_id: Any, param: str) -> Any:
    pm = ls.store.get(f"payment_method:{pm_id}")
    if pm is None:
        raise StripeError(
            404, f"No such PaymentMethod: '{pm_id}'", code="resource_missing", param=param
        )
    if pm.customer != customer_id:
        raise StripeError(
            400,
            f"The customer does not have a payment method with the ID {pm_id}. The payment "
            "method must be attached to the customer.",
            code="resource_missing",
            param=param,
        )
    return pm


def _merge_metadata(obj: Any, metadata: Any) -> None:
    """Stripe merges metadata; a key set to "" is removed, and metadata="" removes all."""
    if metadata is None:
        return
    if metadata == "":
        obj.metadata = {}
        return
    if not isinstance(metadata, dict):
        raise StripeError(400, "Invalid metadata: send key-value pairs.", param="metadata")
    merged = {**(obj.metadata or {}), **metadata}
    obj.metadata = {key: value for key, value in merged.items() if value != ""}


# --- Invoices: making, finalizing and collecting them as Stripe does ----------------------


def _new_invoice(sub: Any, reason: str, *, plan_lines: bool = True, trial: bool = False) -> Any:
    """A draft invoice for the subscription: its plan for the current period (unless
    ``plan_lines`` is false) and, as Stripe does, the customer's pending invoice items
    (prorations among them)."""
    items = list(sub.items._list) if plan_lines else []
    invoice = ls.Invoice(
        customer=sub.customer,
        subscription=sub.id,
        items=items,
        tax_percent=sub.tax_percent,
        default_tax_rates=[tr.id for tr in sub.default_tax_rates]
        if sub.default_tax_rates
        else None,
        date=_now(),
    )
    for item in items:
        vars(item).pop("invoice", None)  # localstripe marks the subscription's item with it
    invoice.billing_reason = reason
    invoice.attempt_count = 0
    invoice.attempted = False
    if trial:
        for line in invoice.lines._list:
            if line.type == "subscription":
                line.amount = 0
                line.description = f"Trial period for {line.plan.name}"
    _refresh_event("invoice.created", invoice)
    return invoice


def _finalize(invoice: Any) -> None:
    if invoice.status == "draft":
        invoice._finalize()


def _payment_method_for(invoice: Any) -> Any:
    """Stripe charges the subscription's default payment method, else the customer's."""
    sub = _subscription_of(invoice)
    if sub is not None and getattr(sub, "default_payment_method", None):
        return ls.PaymentMethod._api_retrieve(sub.default_payment_method)
    return ls.Customer._api_retrieve(invoice.customer)._get_default_payment_method_or_source()


def _collect(invoice: Any, payment_method: Any = None) -> bool:
    """Finalize the invoice and charge it (Stripe's automatic collection); True if paid.

    A failed charge leaves the invoice open, sends invoice.payment_failed and makes the
    subscription past_due (an incomplete one stays incomplete)."""
    _finalize(invoice)
    invoice.attempted = True
    invoice.attempt_count = (invoice.attempt_count or 0) + 1
    if invoice.total <= 0:
        invoice._on_payment_success()
        return True
    pm = payment_method or _payment_method_for(invoice)
    if pm is None:
        _payment_failed(invoice)
        return False
    intent = _payment_intent(invoice, pm)
    intent._confirm(on_failure_now=lambda: None)
    if intent.status == "succeeded":  # the charge paid the invoice (PaymentIntent._on_success)
        return True
    if intent.status == "requires_action":
        _emit("invoice.payment_action_required", invoice)
    else:
        _emit("payment_intent.payment_failed", intent)
    _payment_failed(invoice)
    return False


def _payment_intent(invoice: Any, pm: Any) -> Any:
    intent = ls.PaymentIntent(
        amount=invoice.total,
        currency=invoice.currency,
        customer=invoice.customer,
        payment_method=pm.id if pm is not None else None,
    )
    intent.invoice = invoice.id
    invoice.payment_intent = intent.id
    return intent


def _await_payment(invoice: Any) -> None:
    """payment_behavior=default_incomplete: Stripe finalizes the invoice and leaves its
    PaymentIntent for the customer to confirm; nothing is charged."""
    _finalize(invoice)
    if invoice.total > 0:
        _payment_intent(invoice, _payment_method_for(invoice))


def _payment_failed(invoice: Any) -> None:
    _emit("invoice.payment_failed", invoice)
    sub = _subscription_of(invoice)
    if sub is not None and sub.status in ("active", "trialing"):
        sub.status = "past_due"


def _failed_charge_error(invoice: Any) -> StripeError:
    """The error Stripe answers when an invoice could not be paid."""
    intent = (
        ls.PaymentIntent._api_retrieve(invoice.payment_intent) if invoice.payment_intent else None
    )
    if intent is None:
        return StripeError(
            400,
            "This customer has no attached payment source or default payment method. Please "
            "consider adding a default payment method.",
            code="resource_missing",
        )
    if intent.latest_charge is None:  # the card asks for authentication (3D Secure)
        return StripeError(
            402,
            "This payment requires additional user action before it can be completed.",
            type="card_error",
            code="authentication_required",
            payment_intent=intent._export(),
        )
    return _card_declined(intent.latest_charge)


# --- Subscriptions: trials, plan changes, period ends -------------------------------------


def _start_trial(sub: Any, trial_end: int) -> None:
    now = _now()
    sub.status = "trialing"
    sub.trial_start = now
    sub.trial_end = trial_end
    sub._ls_period = (now, trial_end)
    sub.billing_cycle_anchor = trial_end
    _collect(_new_invoice(sub, "subscription_create", trial=True))  # $0: paid at once


def _end_trial(sub: Any, reason: str) -> None:
    now = _now()
    sub.trial_end = now
    sub._ls_period = (now, _add_interval(now, sub.plan))
    sub.billing_cycle_anchor = now
    sub.status = "active"
    _collect(_new_invoice(sub, reason))


def _renew(sub: Any) -> None:
    now = _now()
    sub._ls_period = (now, _add_interval(now, sub.plan))
    sub.billing_cycle_anchor = now
    _collect(_new_invoice(sub, "subscription_cycle"))


def _trial_end_param(data: dict[str, Any]) -> int | None:
    """The end of the trial asked for on create (trial_end or trial_period_days), or None."""
    trial_end = data.pop("trial_end", None)
    days = data.pop("trial_period_days", None)
    if trial_end is not None and days is not None:
        raise StripeError(400, "Give trial_end or trial_period_days, not both.")
    if trial_end == "now" or (trial_end is None and days is None):
        return None
    if trial_end is not None:
        end = _integer(trial_end, "trial_end")
        if end <= _now():
            raise StripeError(400, 'trial_end must be in the future, or "now".', param="trial_end")
        return end
    days = _integer(days, "trial_period_days")
    if days < 0:
        raise StripeError(400, "trial_period_days cannot be negative.", param="trial_period_days")
    return _now() + days * 86400 if days else None


def _change_trial(sub: Any, value: Any) -> None:
    if value == "now":
        if sub.status == "trialing":
            _end_trial(sub, "subscription_update")
        return
    end = _integer(value, "trial_end")
    if sub.status != "trialing":
        raise StripeError(
            400,
            "The local Stripe can only move the end of a running trial.",
            param="trial_end",
        )
    if end <= _now():
        raise StripeError(
            400, 'trial_end must be in the future, or "now" to end the trial.', param="trial_end"
        )
    sub.trial_end = end
    sub._ls_period = (_period(sub)[0], end)
    sub.billing_cycle_anchor = end


def _amount(plan: Any, quantity: int) -> int:
    if plan.billing_scheme != "per_unit":
        raise StripeError(400, "The local Stripe prorates per-unit prices only.")
    return int(plan.amount) * quantity


def _proration(sub: Any, plan: Any, quantity: int, fraction: float, label: str, when: int) -> None:
    """One proration invoice item: ``fraction`` (negative for a credit) of the plan's price."""
    value = Decimal(_amount(plan, quantity)) * Decimal(abs(fraction))
    amount = int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    what = f"{quantity} × {plan.name}" if quantity > 1 else plan.name  # noqa: RUF001 (Stripe's)
    day = datetime.fromtimestamp(when, UTC)
    ls.InvoiceItem(
        amount=amount if fraction >= 0 else -amount,
        currency=plan.currency,
        customer=sub.customer,
        subscription=sub.id,
        plan=plan.id,
        proration=True,
        description=f"{label} {what} after {day.day} {day:%b %Y}",
        period_start=when,
        period_end=_period(sub)[1],
        tax_rates=[tr.id for tr in sub.items._list[0].tax_rates],
    )


def _change_plan(sub: Any, items: Any, proration: str, when: int, payment_behavior: str) -> None:
    """Change the subscription's plan or quantity (keeping its item) as Stripe does.

    Prorations: the unused time of the current period on the old plan is credited and the
    remaining time on the new one charged, each as a fraction of the period (seconds left /
    period length), as pending invoice items for the next invoice; always_invoice invoices
    them at once; none makes none (the new plan is billed from the next renewal). A trial is
    not prorated (nothing was paid). A new interval restarts the period and invoices now."""
    if not isinstance(items, list) or len(items) != 1 or not isinstance(items[0], dict):
        raise StripeError(400, "The local Stripe supports subscriptions with one item.")
    params, item = items[0], sub.items._list[0]
    unexpected = sorted(set(params) - {"id", "plan", "quantity", "metadata", "deleted"})
    if unexpected:
        raise StripeError(400, "Unexpected items[0][" + "], items[0][".join(unexpected) + "]")
    if params.get("id") not in (None, item.id):
        raise StripeError(404, f"No such subscription item: '{params['id']}'", param="items")
    if _boolean(params.get("deleted"), "items[0][deleted]"):
        raise StripeError(400, "The local Stripe cannot delete a subscription's only item.")
    plan = ls.Plan._api_retrieve(params.get("plan") or item.plan.id)
    quantity = _integer(params.get("quantity") or item.quantity, "items[0][quantity]")
    if quantity < 1:
        raise StripeError(400, "The quantity must be at least 1.", param="items[0][quantity]")
    _merge_metadata(item, params.get("metadata"))
    old_plan, old_quantity = item.plan, item.quantity
    if plan.id == old_plan.id and quantity == old_quantity:
        return
    item.plan, item.quantity, sub.quantity = plan, quantity, quantity
    if sub.status == "trialing":
        return
    new_interval = (plan.interval, plan.interval_count) != (
        old_plan.interval,
        old_plan.interval_count,
    )
    start, end = _period(sub)
    if proration != "none" and end > start:
        fraction = max(0, end - when) / (end - start)
        _proration(sub, old_plan, old_quantity, -fraction, "Unused time on", when)
        if not new_interval:
            _proration(sub, plan, quantity, fraction, "Remaining time on", when)
    if new_interval:
        now = _now()
        sub._ls_period = (now, _add_interval(now, plan))
        sub.billing_cycle_anchor = now
        _invoice_update(sub, payment_behavior, plan_lines=True)
    elif proration == "always_invoice":
        _invoice_update(sub, payment_behavior, plan_lines=False)


def _invoice_update(sub: Any, payment_behavior: str, *, plan_lines: bool) -> None:
    pending = [
        ii for ii in _objects("invoiceitem") if ii.invoice is None and ii.subscription == sub.id
    ]
    if not plan_lines and not pending:
        return
    invoice = _new_invoice(sub, "subscription_update", plan_lines=plan_lines)
    if payment_behavior == "default_incomplete":
        _await_payment(invoice)
        if invoice.status == "open":
            sub.status = "past_due"
    elif not _collect(invoice) and payment_behavior == "error_if_incomplete":
        raise _failed_charge_error(invoice)


# --- The patches ---------------------------------------------------------------------------


@_patch
def state_file() -> None:
    """localstripe keeps its state in /tmp/localstripe.pickle, shared by every instance on
    the machine, rewritten in place on every assignment. Each server here has its own file,
    ``<state dir>/localstripe.pickle`` (serve() loads it at start, so customers survive a
    restart), written once per request (localstripe's save_store_middleware) to a temporary
    file that then replaces it."""

    def try_load_from_disk(store: Any) -> None:
        if _state_path is not None and _state_path.exists():
            with _state_path.open("rb") as file:
                saved = pickle.load(file)  # noqa: S301 - our own state file
            store.clear()
            store.update(saved)

    def dump_to_disk(store: Any) -> None:
        if _state_path is None:
            return
        fd, tmp = tempfile.mkstemp(dir=_state_path.parent, prefix=".localstripe-")
        try:
            with os.fdopen(fd, "wb") as file:
                pickle.dump(dict(store), file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, _state_path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    ls.Store.try_load_from_disk = try_load_from_disk
    ls.Store.dump_to_disk = dump_to_disk
    ls.Store.__setitem__ = dict.__setitem__
    ls.Store.__delitem__ = dict.__delitem__


@_patch
def routes_bound_late() -> None:
    """Not a Stripe behaviour: localstripe's server registers its extra routes (pay, attach,
    confirm...) with the methods as they are when it is imported; binding them by name
    lets the patches below replace those methods."""
    if "localstripe.server" in sys.modules:
        raise RuntimeError("apply_patches() must run before localstripe.server is imported.")

    def late(func: Any) -> Callable[..., Any]:
        owner, name = func.__self__, func.__name__
        return lambda **data: getattr(owner, name)(**data)

    ls.extra_apis[:] = [(method, url, late(func)) for method, url, func in ls.extra_apis]


@dataclass(frozen=True)
class _Request:
    id: str
    idempotency_key: str | None
    stripe_version: str | None


_request: ContextVar[_Request | None] = ContextVar("local_stripe_request", default=None)


@_patch
def event_fields() -> None:
    """Stripe's events carry id, object, type, created, livemode, api_version (the version
    the request asked for), pending_webhooks, request {id, idempotency_key} and data.object;
    localstripe's carry api_version 2017-08-15, no pending_webhooks and no request. Stripe
    also answers every request with a Request-Id header, which events refer to."""
    original = ls.Event.__init__

    def __init__(self: Any, type: str, data: Any) -> None:
        original(self, type, data)
        request = _request.get()
        self.api_version = (request and request.stripe_version) or API_VERSION
        self.pending_webhooks = sum(
            1
            for hook in ls_webhooks._webhooks.values()
            if hook.events is None or type in hook.events
        )
        self.request = {
            "id": request.id if request else None,
            "idempotency_key": request.idempotency_key if request else None,
        }

    @web.middleware
    async def request_context(request: web.Request, handler: Any) -> web.StreamResponse:
        context = _Request(
            id="req_" + secrets.token_hex(7),
            idempotency_key=request.headers.get("Idempotency-Key"),
            stripe_version=request.headers.get("Stripe-Version"),
        )
        token = _request.set(context)
        try:
            response: web.StreamResponse = await handler(request)
        finally:
            _request.reset(token)
        response.headers["Request-Id"] = context.id
        return response

    ls.Event.__init__ = __init__
    _server().app.middlewares.insert(0, request_context)


_outbox: asyncio.Queue[Any] | None = None


@_patch
def webhook_delivery() -> None:
    """Stripe signs each delivery attempt when it sends it (t= in Stripe-Signature) and
    retries failed deliveries with exponential backoff; localstripe signs with the event's
    creation time, tries once, and sends each event from its own task, so they can arrive
    out of order. Here events leave one after the other in the order they happened, and an
    event undone by a failed request or emptied by DELETE /_config/data is not sent."""

    def schedule_webhook(event: Any) -> None:
        if _outbox is not None:
            _outbox.put_nowait(event)

    async def start(app: web.Application) -> None:
        global _outbox
        _outbox = asyncio.Queue()
        session = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=WEBHOOK_TIMEOUT_SECONDS)
        )
        app["local_stripe_webhooks"] = (session, asyncio.ensure_future(_deliver(_outbox, session)))

    async def stop(app: web.Application) -> None:
        session, task = app["local_stripe_webhooks"]
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await session.close()

    ls.schedule_webhook = schedule_webhook
    ls_webhooks.schedule_webhook = schedule_webhook
    _server().app.on_startup.append(start)
    _server().app.on_cleanup.append(stop)


async def _deliver(outbox: asyncio.Queue[Any], session: aiohttp.ClientSession) -> None:
    retries: set[asyncio.Task[None]] = set()
    while True:
        event = await outbox.get()
        if "event:" + event.id not in ls.store:
            continue
        payload = json.dumps(event._export(), indent=2, sort_keys=True).encode()
        for hook in list(ls_webhooks._webhooks.values()):
            if hook.events is not None and event.type not in hook.events:
                continue
            if not await _post_webhook(session, hook, event.type, payload):
                task = asyncio.ensure_future(_retry_webhook(session, hook, event.type, payload))
                retries.add(task)
                task.add_done_callback(retries.discard)


async def _retry_webhook(
    session: aiohttp.ClientSession, hook: Any, event_type: str, payload: bytes
) -> None:
    for delay in WEBHOOK_RETRY_DELAYS:
        await asyncio.sleep(delay)
        if await _post_webhook(session, hook, event_type, payload):
            return
    attempts = len(WEBHOOK_RETRY_DELAYS) + 1
    log.warning("Webhook %s to %s: gave up after %d attempts", event_type, hook.url, attempts)


async def _post_webhook(
    session: aiohttp.ClientSession, hook: Any, event_type: str, payload: bytes
) -> bool:
    timestamp = int(time.time())
    signed = f"{timestamp}.".encode() + payload
    signature = hmac.new(hook.secret.encode(), signed, hashlib.sha256).hexdigest()
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "Stripe-Signature": f"t={timestamp},v1={signature}",
        "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
    }
    try:
        async with session.post(hook.url, data=payload, headers=headers) as response:
            delivered = 200 <= response.status < 300
            log.info("Webhook %s to %s: %d", event_type, hook.url, response.status)
            return delivered
    except (aiohttp.ClientError, TimeoutError) as exc:
        log.info("Webhook %s to %s failed: %s", event_type, hook.url, exc or type(exc).__name__)
        return False


@_patch
def config_webhooks_removal() -> None:
    """Not a Stripe behaviour: localstripe can register webhook endpoints
    (POST /_config/webhooks/{id}) but not remove them; DELETE /_config/webhooks removes
    them all and DELETE /_config/webhooks/{id} one (the tests start from none)."""

    async def remove(request: web.Request) -> web.Response:
        if "id" in request.match_info:
            ls_webhooks._webhooks.pop(request.match_info["id"], None)
        else:
            ls_webhooks._webhooks.clear()
        return web.Response()

    _server().app.router.add_delete("/_config/webhooks", remove)
    _server().app.router.add_delete("/_config/webhooks/{id}", remove)


@_patch
def lists_newest_first() -> None:
    """Stripe lists objects newest first; localstripe lists most of them (customers,
    events, subscriptions, payment methods...) oldest first."""
    original = ls.StripeObject._api_list_all

    def _api_list_all(
        cls: Any, url: Any, limit: Any = None, starting_after: Any = None, **kw: Any
    ) -> Any:
        result = original.__func__(cls, url, limit=limit, starting_after=starting_after, **kw)
        result._list.reverse()
        return result

    ls.StripeObject._api_list_all = classmethod(_api_list_all)


@_patch
def metadata_unset() -> None:
    """Stripe removes a metadata key updated to "" (and every key for metadata=""); localstripe
    keeps the empty string."""
    original = ls.StripeObject._update

    def _update(self: Any, **data: Any) -> None:
        metadata = data.pop("metadata", None)
        if data:
            original(self, **data)
        _merge_metadata(self, metadata)

    ls.StripeObject._update = _update


@_patch
def duplicate_ids() -> None:
    """Creating an object with an id that is taken fails with Stripe's error code
    resource_already_exists; localstripe answers a bare 409 "Conflict". The status stays 409,
    with Stripe-Should-Retry: false, as the SDK retries other 409s."""
    original = ls.StripeObject.__init__

    def __init__(self: Any, id: Any = None) -> None:
        try:
            original(self, id)
        except UserError as error:
            if error.code != 409:
                raise
            raise StripeError(
                409,
                f"A {self.object} with the id {id} already exists.",
                code="resource_already_exists",
                retry=False,
            ) from None

    ls.StripeObject.__init__ = __init__


@_patch
def subscription_periods() -> None:
    """Stripe moves a subscription's current period at each renewal, and a trial's period
    ends at trial_end; localstripe computes it as start_date + one interval, forever. The
    period is kept on the subscription (see _period) and its items follow it."""
    ls.Subscription.current_period_start = property(lambda self: _period(self)[0])
    ls.Subscription.current_period_end = property(lambda self: _period(self)[1])
    original = ls.SubscriptionItem._current_period

    def _current_period(self: Any) -> dict[str, int]:
        sub = ls.store.get(f"subscription:{self._subscription}")
        if sub is None:
            return original(self)
        start, end = _period(sub)
        return {"start": start, "end": end}

    ls.SubscriptionItem._current_period = _current_period


@_patch
def item_fields() -> None:
    """Stripe's API (since 2025-03-31) reports current_period_start/end on each subscription
    item, and subscription items, invoice items and invoice lines carry their ``price`` and
    items their ``subscription``; localstripe's have only ``plan`` (the subscription keeps
    its own current_period_* too)."""
    item = ls.SubscriptionItem
    item.current_period_start = property(lambda self: self._current_period()["start"])
    item.current_period_end = property(lambda self: self._current_period()["end"])
    item.subscription = property(lambda self: self._subscription)
    for cls in (ls.SubscriptionItem, ls.InvoiceItem, ls.InvoiceLineItem):
        cls.price = property(lambda self: _price_of(self.plan) if self.plan else None)


@_patch
def subscription_create() -> None:
    """Stripe's subscription create, where localstripe differs:

    - items[n][price] takes a plan id (localstripe: 400 Bad request);
    - payment_behavior default_incomplete (the first invoice is finalized and its
      PaymentIntent left for the customer to confirm), allow_incomplete (a failed first
      payment leaves the subscription incomplete) and error_if_incomplete (it answers 402
      card_declined and leaves no subscription; localstripe leaves an incomplete one);
      off_session (every local charge is off session), collection_method=
      charge_automatically and default_payment_method (charged before the customer's);
    - a trial (trial_end or trial_period_days) makes the subscription ``trialing`` from now
      to trial_end, its current period the trial, and a paid $0 invoice (billing_reason
      subscription_create); localstripe leaves it ``incomplete`` with no invoice.
    """
    original_init = ls.Subscription.__init__
    original_create = ls.Subscription._api_create

    def __init__(self: Any, **data: Any) -> None:
        _plans_from_prices(data.get("items"))
        self._ls_first_payment = _choice(
            data.pop("payment_behavior", "allow_incomplete"), PAYMENT_BEHAVIORS, "payment_behavior"
        )
        _boolean(data.pop("off_session", None), "off_session")
        if data.pop("collection_method", "charge_automatically") != "charge_automatically":
            raise StripeError(
                400,
                "The local Stripe charges subscriptions automatically: collection_method "
                "send_invoice is not supported.",
                param="collection_method",
            )
        self.collection_method = "charge_automatically"
        pm_id = data.pop("default_payment_method", None) or None
        if pm_id is not None:
            _attached_payment_method(pm_id, data.get("customer"), "default_payment_method")
        self.default_payment_method = pm_id
        trial_end = _trial_end_param(data)
        if trial_end is not None:
            data["trial_end"] = trial_end  # localstripe then makes no invoice
        original_init(self, **data)
        self.billing_cycle_anchor = self.start_date
        if trial_end is not None:
            _start_trial(self, trial_end)
        _refresh_event("customer.subscription.created", self)

    def _create_invoice(self: Any) -> None:
        # The first invoice, called by localstripe's __init__ when there is no trial.
        invoice = _new_invoice(self, "subscription_create")
        if self._ls_first_payment == "default_incomplete":
            _await_payment(invoice)
            if invoice.status == "paid":
                invoice._on_payment_success()
        elif not _collect(invoice) and self._ls_first_payment == "error_if_incomplete":
            raise _failed_charge_error(invoice)

    def _api_create(cls: Any, **data: Any) -> Any:
        with _all_or_nothing():
            return original_create(**data)

    ls.Subscription.__init__ = __init__
    ls.Subscription._create_invoice = _create_invoice
    ls.Subscription._api_create = classmethod(_api_create)


@_patch
def subscription_update() -> None:
    """Stripe's subscription update, where localstripe differs:

    - items[n][price] takes a plan id; the item keeps its id when its plan changes;
    - proration_behavior (create_prorations, always_invoice, none), payment_behavior,
      off_session, default_payment_method and proration_date are accepted (localstripe:
      500), metadata is merged (localstripe ignores it);
    - prorations follow Stripe's docs (see _change_plan), not localstripe's credit of every
      earlier invoice in full;
    - trial_end="now" ends a trial: the plan is invoiced and charged at once, paid → active,
      failed → past_due with the invoice open; a later trial_end moves the trial's end;
    - cancel_at_period_end=true sets cancel_at (the period's end) and canceled_at;
    - with payment_behavior=error_if_incomplete a failed payment answers 402 and the update
      is not applied; a canceled subscription only takes metadata.
    """
    original = ls.Subscription._update
    accepted = set(inspect.signature(original).parameters) - {"self", "prorate", "proration_date"}

    def _update(self: Any, **data: Any) -> None:
        if self.status in ("canceled", "incomplete_expired") and set(data) - {"metadata"}:
            raise StripeError(400, "A canceled subscription can only update its metadata.")
        if data.get("plan") is not None and data.get("items") is None:
            data["items"] = [{"plan": data.pop("plan"), "quantity": data.pop("quantity", None)}]
        _plans_from_prices(data.get("items"))
        proration = _choice(
            data.pop("proration_behavior", "create_prorations"),
            PRORATION_BEHAVIORS,
            "proration_behavior",
        )
        if _boolean(data.pop("prorate", None), "prorate") is False:  # before 2019-03-14
            proration = "none"
        behavior = _choice(
            data.pop("payment_behavior", "allow_incomplete"), PAYMENT_BEHAVIORS, "payment_behavior"
        )
        _boolean(data.pop("off_session", None), "off_session")
        when = data.pop("proration_date", None)
        when = _now() if when is None else _integer(when, "proration_date")
        items = data.pop("items", None)
        trial_end = data.pop("trial_end", None)
        metadata = data.pop("metadata", None)
        pm_id = data.pop("default_payment_method", None)
        unexpected = set(data) - accepted
        if unexpected:
            raise StripeError(400, "Unexpected " + ", ".join(sorted(unexpected)))
        if data:
            original(self, **data)
        _merge_metadata(self, metadata)
        if pm_id is not None:
            if pm_id:
                _attached_payment_method(pm_id, self.customer, "default_payment_method")
            self.default_payment_method = pm_id or None
        if "cancel_at_period_end" in data:
            ending = bool(self.cancel_at_period_end)
            self.cancel_at = _period(self)[1] if ending else None
            self.canceled_at = _now() if ending else None
        if items is not None:  # first: a plan changed with trial_end="now" is the one charged
            _change_plan(self, items, proration, when, behavior)
        if trial_end is not None:
            _change_trial(self, trial_end)

    def _api_update(cls: Any, id: str, **data: Any) -> Any:
        with _all_or_nothing():
            return super(ls.Subscription, cls)._api_update(id, **data)

    ls.Subscription._update = _update
    ls.Subscription._api_update = classmethod(_api_update)


@_patch
def subscription_cancel() -> None:
    """Canceling a subscription (DELETE) sets canceled_at as Stripe does, and canceling one
    that has ended is refused (localstripe cancels it again and sends another event)."""
    original = ls.Subscription._api_delete

    def _api_delete(cls: Any, id: str) -> Any:
        sub = cls._api_retrieve(id)
        if sub.status in ("canceled", "incomplete_expired"):
            raise StripeError(400, f"The subscription {id} has already ended.")
        sub.canceled_at = sub.canceled_at or _now()
        return original(id)

    ls.Subscription._api_delete = classmethod(_api_delete)


@_patch
def invoice_collection() -> None:
    """Paying an invoice as Stripe does (POST /v1/invoices/{id}/pay, optionally with
    payment_method): a failed charge answers 402 card_declined, leaves the invoice open and
    sends invoice.payment_failed (localstripe answers 200 and sends nothing); a paid invoice
    sends invoice.paid as well as invoice.payment_succeeded, and makes an incomplete or
    past_due subscription active again (not a trialing or canceled one: localstripe makes
    any active). Finalizing sends invoice.finalized and sets the invoice's number and the
    customer's name, address and tax ids, and a negative total becomes the customer's
    credit balance, which later invoices use (localstripe drops it)."""
    original_finalize = ls.Invoice._finalize
    original_paid = ls.Invoice._on_payment_success

    def _finalize(self: Any) -> None:
        original_finalize(self)
        customer = ls.Customer._api_retrieve(self.customer)
        numbered = [i for i in _objects("invoice") if i.customer == customer.id and i.number]
        prefix = hashlib.sha1(customer.id.encode()).hexdigest()[:8].upper()  # noqa: S324
        self.number = f"{prefix}-{len(numbered) + 1:04d}"
        self.customer_name = customer.name
        self.customer_address = customer.address
        self.customer_tax_ids = [{"type": t.type, "value": t.value} for t in customer.tax_ids._list]
        customer.account_balance = max(0, customer.account_balance - self.subtotal - self.tax)
        _emit("invoice.finalized", self)

    def _on_payment_success(self: Any) -> None:
        original_paid(self)
        _emit("invoice.paid", self)

    def _on_initial_payment_success(self: Any, invoice: Any) -> None:
        if self.status in ("incomplete", "past_due", "unpaid"):
            self.status = "active"

    def _api_pay_invoice(
        cls: Any, id: str, payment_method: Any = None, off_session: Any = None
    ) -> Any:
        invoice = cls._api_retrieve(id)
        _boolean(off_session, "off_session")
        if invoice.status == "paid":
            raise StripeError(400, "Invoice is already paid.", code="invoice_already_paid")
        if invoice.status not in ("draft", "open"):
            raise StripeError(400, f"You cannot pay an invoice that is {invoice.status}.")
        pm = None
        if payment_method:
            pm = _attached_payment_method(payment_method, invoice.customer, "payment_method")
        if not _collect(invoice, pm):
            raise _failed_charge_error(invoice)
        return invoice

    ls.Invoice.number = None
    ls.Invoice.hosted_invoice_url = None  # Stripe's hosted page; the local Stripe has none
    ls.Invoice.invoice_pdf = None
    ls.Invoice.amount_remaining = property(lambda self: self.amount_due - self.amount_paid)
    ls.Invoice._finalize = _finalize
    ls.Invoice._on_payment_success = _on_payment_success
    ls.Invoice._api_pay_invoice = classmethod(_api_pay_invoice)
    ls.Subscription._on_initial_payment_success = _on_initial_payment_success
    ls.Customer.balance = property(
        lambda self: -self.account_balance,
        lambda self, value: setattr(self, "account_balance", -_integer(value, "balance")),
    )


@_patch
def invoice_list_status() -> None:
    """Stripe lists invoices by status (draft, open, paid, uncollectible, void);
    localstripe answers 500 to the parameter."""
    original = ls.Invoice._api_list_all

    def _api_list_all(cls: Any, url: Any, status: Any = None, **data: Any) -> Any:
        result = original(url, **data)
        if status is not None:
            _choice(status, ("draft", "open", "paid", "uncollectible", "void"), "status")
            result._list = [i for i in result._list if i.status == status]
        return result

    ls.Invoice._api_list_all = classmethod(_api_list_all)


class _Exported:
    """An object already exported (a preview, whose state was put back)."""

    def __init__(self, exported: dict[str, Any]) -> None:
        self.exported = exported

    def _export(self, expand: Any = None) -> dict[str, Any]:
        return self.exported


@_patch
def invoice_preview() -> None:
    """Stripe's POST /v1/invoices/create_preview with a subscription previews the invoice a
    change (subscription_details: items, proration_behavior, proration_date, trial_end,
    cancel_at_period_end) would make, with the prorations Stripe documents: the next
    renewal's invoice, or with always_invoice the one made at once. localstripe credits
    every earlier invoice in full there too. The change is made, the invoice read, and the
    state put back (its events are never sent)."""
    details_keys = (
        "items",
        "proration_behavior",
        "proration_date",
        "trial_end",
        "cancel_at_period_end",
    )

    def preview(cls: Any, customer: Any = None, subscription: Any = None, **data: Any) -> _Exported:
        details = data.pop("subscription_details", None) or {}
        if not isinstance(details, dict):
            raise StripeError(400, "Invalid subscription_details.", param="subscription_details")
        unexpected = sorted({*data, *(set(details) - set(details_keys))})
        if unexpected:
            raise StripeError(400, "Unexpected " + ", ".join(unexpected))
        if subscription is None:
            raise StripeError(
                400,
                "The local Stripe previews subscriptions' invoices: give subscription.",
                param="subscription",
            )
        with _all_or_nothing(undo=True):
            sub = ls.Subscription._api_retrieve(subscription)
            if customer not in (None, sub.customer):
                raise StripeError(400, f"The subscription {subscription} is not {customer}'s.")
            latest = sub.latest_invoice
            if details:
                sub._update(**details)
            if (
                details.get("proration_behavior") == "always_invoice"
                and sub.latest_invoice != latest
            ):
                invoice = ls.Invoice._api_retrieve(sub.latest_invoice)
            else:  # the renewal at the end of the period
                end = _period(sub)[1]
                sub._ls_period = (end, _add_interval(end, sub.plan))
                invoice = _new_invoice(sub, "upcoming")
                invoice.date = end
            exported = invoice._export()
            exported["id"] = "upcoming_" + exported["id"]
        return _Exported(exported)

    ls.Invoice._api_create_preview_invoice = classmethod(preview)


@_patch
def period_end_route() -> None:
    """Stripe's test clocks: POST /_local/subscriptions/{id}/period_end does what Stripe does
    when the current period ends (now, as the clock cannot move): with cancel_at_period_end
    the subscription is canceled (customer.subscription.deleted); a trial ends (the plan is
    invoiced and charged: active, or past_due if that fails); otherwise it renews: the next
    period starts, its invoice (billing_reason subscription_cycle, with any pending
    prorations) is charged: active, or past_due with invoice.payment_failed."""

    def period_end(id: str, **data: Any) -> Any:
        if data:
            raise StripeError(400, "Unexpected " + ", ".join(sorted(data)))
        sub = ls.Subscription._api_retrieve(id)
        if sub.status in ("canceled", "incomplete_expired"):
            raise StripeError(400, f"The subscription {id} has ended: it has no period to end.")
        if sub.status == "incomplete":
            raise StripeError(
                400, f"The subscription {id} is incomplete: its first invoice is unpaid."
            )
        if sub.cancel_at_period_end:
            ls.Subscription._api_delete(id)
        elif sub.status == "trialing":
            _end_trial(sub, "subscription_cycle")
        else:
            _renew(sub)
        return sub

    url = "/_local/subscriptions/{id}/period_end"
    _server().app.router.add_post(url, _server().api_extra(period_end, url))


_WATCHED = (
    "status",
    "cancel_at_period_end",
    "cancel_at",
    "canceled_at",
    "current_period_start",
    "current_period_end",
    "trial_start",
    "trial_end",
    "default_payment_method",
    "metadata",
    "quantity",
    "plan",
    "items",
)


def _watched(sub: Any) -> dict[str, Any] | None:
    try:
        values = {key: getattr(sub, key, None) for key in _WATCHED[:-2]}
        values["metadata"] = dict(values["metadata"] or {})
        values["plan"] = sub.plan._export()
        values["items"] = sub.items._export()
    except UserError:  # its plan's product was deleted, say: not this request's business
        return None
    return values


@_patch
def subscription_updated_events() -> None:
    """Stripe sends customer.subscription.updated (with data.previous_attributes) whenever a
    subscription changes: status, plan, quantity, period, trial, cancellation, metadata;
    localstripe never sends it. Each request that changes a subscription (update, payment,
    period end...) sends one; a cancellation sends only customer.subscription.deleted."""

    @web.middleware
    async def subscription_updates(request: web.Request, handler: Any) -> web.StreamResponse:
        if request.method == "GET":
            return await handler(request)
        # The body was read by the auth middleware: nothing below awaits before the
        # handler's work is done, so no other request runs in between.
        before = {sub.id: _watched(sub) for sub in _objects("subscription")}
        try:
            return await handler(request)
        finally:
            for sub in _objects("subscription"):
                old = before.get(sub.id)
                if old is None:  # created by this request: customer.subscription.created
                    continue
                if sub.status == "canceled" and old["status"] != "canceled":
                    continue  # canceled: customer.subscription.deleted
                new = _watched(sub)
                if new is None:
                    continue
                changed = {key: old[key] for key in _WATCHED if new[key] != old[key]}
                if changed:
                    _emit("customer.subscription.updated", sub, changed)

    _server().app.middlewares.append(subscription_updates)


@_patch
def payment_methods() -> None:
    """Stripe's payment methods, where localstripe differs: listing needs no ``type``
    (localstripe: 400) and customers have GET /v1/customers/{id}/payment_methods
    (localstripe: 404); attaching one attached to another customer is refused; attach and
    detach send payment_method.attached / .detached; detaching the customer's (or a
    subscription's) default payment method unsets it; detaching one that is not attached is
    refused; the customer's invoice_settings.default_payment_method must be attached to it."""
    original_attach = ls.PaymentMethod._api_attach
    original_detach = ls.PaymentMethod._api_detach
    original_customer_update = ls.Customer._api_update

    def _api_list_all(
        cls: Any,
        url: Any,
        customer: Any = None,
        type: Any = None,
        limit: Any = None,
        starting_after: Any = None,
        **data: Any,
    ) -> Any:
        if data:
            raise StripeError(400, "Unexpected " + ", ".join(sorted(data)))
        if customer is not None:
            ls.Customer._api_retrieve(customer)
        result = super(ls.PaymentMethod, cls)._api_list_all(
            url, limit=limit, starting_after=starting_after
        )
        result._list = [
            pm
            for pm in result._list
            if (customer is None or pm.customer == customer) and type in (None, pm.type)
        ]
        return result

    def _api_attach(cls: Any, id: str, customer: Any = None, **data: Any) -> Any:
        existing = ls.store.get(f"payment_method:{id}")
        if existing is not None and existing.customer not in (None, customer):
            raise StripeError(
                400, "The payment method you provided has already been attached to a customer."
            )
        pm = original_attach(id, customer=customer, **data)
        _emit("payment_method.attached", pm)
        return pm

    def _api_detach(cls: Any, id: str, **data: Any) -> Any:
        pm = cls._api_retrieve(id)
        if pm.customer is None:
            raise StripeError(
                400,
                "The payment method you provided is not attached to a customer so detachment "
                "is impossible.",
            )
        customer = ls.store.get(f"customer:{pm.customer}")
        original_detach(id, **data)
        if customer is not None and customer.invoice_settings.get("default_payment_method") == id:
            customer.invoice_settings["default_payment_method"] = None
            _emit("customer.updated", customer)
        for sub in _objects("subscription"):
            if getattr(sub, "default_payment_method", None) == id:
                sub.default_payment_method = None
        _emit("payment_method.detached", pm)
        return pm

    def _api_customer_update(cls: Any, id: str, **data: Any) -> Any:
        settings = data.get("invoice_settings")
        if isinstance(settings, dict) and settings.get("default_payment_method"):
            _attached_payment_method(
                settings["default_payment_method"], id, "invoice_settings[default_payment_method]"
            )
        return original_customer_update(id, **data)

    def list_for_customer(id: str, **data: Any) -> Any:
        return ls.PaymentMethod._api_list_all(
            f"/v1/customers/{id}/payment_methods", customer=id, **data
        )

    ls.PaymentMethod._api_list_all = classmethod(_api_list_all)
    ls.PaymentMethod._api_attach = classmethod(_api_attach)
    ls.PaymentMethod._api_detach = classmethod(_api_detach)
    ls.Customer._api_update = classmethod(_api_customer_update)
    url = "/v1/customers/{id}/payment_methods"
    _server().app.router.add_get(url, _server().api_extra(list_for_customer, url))


@_patch
def setup_intents() -> None:
    """Stripe's SetupIntents, where localstripe differs: on success the payment method is
    attached to the SetupIntent's customer (localstripe leaves it unattached) and
    setup_intent.succeeded is sent; a declined card answers 402 card_declined with the
    SetupIntent back in requires_payment_method and its last_setup_error set, so the
    customer can try another card (localstripe cancels it), and setup_intent.setup_failed
    is sent; automatic_payment_methods (cards, locally) is accepted on create."""
    original_init = ls.SetupIntent.__init__
    original_confirm = ls.SetupIntent._api_confirm

    def __init__(self: Any, automatic_payment_methods: Any = None, **data: Any) -> None:
        if isinstance(automatic_payment_methods, dict) and _boolean(
            automatic_payment_methods.get("enabled"), "automatic_payment_methods[enabled]"
        ):
            data.setdefault("payment_method_types", ["card"])
        original_init(self, **data)
        self.last_setup_error = None
        _emit("setup_intent.created", self)

    def _api_confirm(cls: Any, id: str, **data: Any) -> Any:
        try:
            seti = original_confirm(id, **data)
        except UserError as error:
            seti = ls.store.get(f"setup_intent:{id}")
            if error.code != 402 or seti is None:
                raise
            pm = ls.store.get(f"payment_method:{seti.payment_method}")
            seti.status = "requires_payment_method"
            seti.payment_method = None
            seti.last_setup_error = {
                "code": "card_declined",
                "decline_code": "generic_decline",
                "message": "Your card was declined.",
                "payment_method": pm._export() if pm is not None else None,
                "type": "card_error",
            }
            _emit("setup_intent.setup_failed", seti)
            raise _card_declined(None, setup_intent=seti._export()) from None
        if seti.status == "succeeded":
            pm = ls.PaymentMethod._api_retrieve(seti.payment_method)
            seti.last_setup_error = None
            if seti.customer and pm.customer is None:
                pm.customer = seti.customer
                _emit("payment_method.attached", pm)
            _emit("setup_intent.succeeded", seti)
        return seti

    ls.SetupIntent.__init__ = __init__
    ls.SetupIntent._api_confirm = classmethod(_api_confirm)


class _PriceView:
    """A plan shown as a price (GET /v1/prices)."""

    def __init__(self, plan: Any) -> None:
        self.plan = plan
        self.id = plan.id

    def _export(self, expand: Any = None) -> dict[str, Any]:
        price = _price_of(self.plan)
        if expand and "product" in expand:
            price["product"] = ls.Product._api_retrieve(self.plan.product)._export()
        return price


@_patch
def prices() -> None:
    """Stripe serves plans through the Prices API too (GET /v1/prices/{plan id} and
    GET /v1/prices); localstripe has no /v1/prices (404)."""

    def retrieve(id: str) -> Any:
        return _PriceView(ls.Plan._api_retrieve(id))

    def list_all(product: Any = None, active: Any = None, **data: Any) -> Any:
        plans = ls.Plan._api_list_all("/v1/prices", product=product, active=active, **data)
        plans._list = [_PriceView(plan) for plan in plans._list]
        return plans

    _server().app.router.add_get("/v1/prices/{id}", _server().api_extra(retrieve, "/v1/prices"))
    _server().app.router.add_get("/v1/prices", _server().api_extra(list_all, "/v1/prices"))


# --- Running it ----------------------------------------------------------------------------


class StateFileError(Exception):
    """The state file cannot be read."""


def serve(
    port: int,
    state_dir: Path,
    webhook_url: str | None = None,
    webhook_secret: str | None = None,
    *,
    patched: bool = True,
) -> None:
    """Serve the local Stripe on 127.0.0.1:<port> until SIGTERM or SIGINT (blocking).

    The state lives in ``<state_dir>/localstripe.pickle``, loaded now. With ``webhook_url``
    and ``webhook_secret`` every event is posted there, signed with the secret as Stripe
    signs. ``patched=False`` runs localstripe as it is (only its state file moved), to see
    what the patches change. Raises OSError when the port cannot be bound, StateFileError
    when the state file cannot be read."""
    global _state_path
    if bool(webhook_url) != bool(webhook_secret):
        raise ValueError("A webhook needs both a URL and a secret.")
    if patched:
        apply_patches()
    else:
        _apply(state_file)
    server = _server()
    state_dir.mkdir(parents=True, exist_ok=True)
    _state_path = state_dir / STATE_FILE
    try:
        ls.store.try_load_from_disk()
    except Exception as exc:  # pickle raises many kinds
        raise StateFileError(
            f"The local Stripe cannot read its state file {_state_path} ({exc}): move it "
            "away (or delete it) to start from an empty Stripe."
        ) from exc
    if webhook_url and webhook_secret:
        server.register_webhook("code24", webhook_url, webhook_secret, None)
    sock = socket.create_server((HOST, port))
    log.info(
        "Local Stripe%s on http://%s:%d (state in %s%s)",
        "" if patched else " (unpatched localstripe)",
        HOST,
        port,
        _state_path,
        f", webhooks to {webhook_url}" if webhook_url else "",
    )
    try:
        web.run_app(server.app, sock=sock, print=None, shutdown_timeout=5, handle_signals=True)
    finally:
        ls.store.dump_to_disk()


def main(argv: list[str] | None = None) -> NoReturn:
    parser = argparse.ArgumentParser(
        prog="python -m code24.billing.local_stripe",
        description="Run the local Stripe (localstripe with Stripe's documented behaviour).",
    )
    parser.add_argument("--port", type=int, default=8420)
    parser.add_argument("--state-dir", type=Path, default=Path("var/stripe"))
    parser.add_argument("--webhook-url")
    parser.add_argument("--webhook-secret")
    parser.add_argument(
        "--unpatched", action="store_true", help="Run localstripe as it is, to compare."
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        serve(
            args.port,
            args.state_dir,
            args.webhook_url,
            args.webhook_secret,
            patched=not args.unpatched,
        )
    except OSError as exc:
        parser.exit(
            1,
            f"The local Stripe cannot listen on {HOST}:{args.port} ({exc}): pass "
            "--port with a free port.\n",
        )
    except (ValueError, StateFileError) as exc:
        parser.exit(2, f"{exc}\n")
    sys.exit(0)


if __name__ == "__main__":
    main()
