"""Billing pages (owners only; everyone else gets 404) and Stripe's webhook endpoint."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from code24.accounts.decorators import account_required
from code24.accounts.http import AccountRequest
from code24.billing import services, stripe_api, tasks
from code24.billing.forms import BillingDetailsForm, CardSavedForm
from code24.billing.models import BillingDetails, StripeEvent
from code24.middleware import CONTENT_SECURITY_POLICY

log = logging.getLogger("code24.billing")

View = Callable[..., HttpResponse]


def owners_only(view: View) -> View:
    """Billing is the owners' business: to anyone else these pages do not exist (404)."""

    @account_required
    @wraps(view)
    def wrapper(request: AccountRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.membership.can_change_plan:
            raise Http404("No such page.")
        return view(request, *args, **kwargs)

    return wrapper


# --- The billing page ----------------------------------------------------------------------


@owners_only
def billing(request: AccountRequest) -> HttpResponse:
    account = request.membership.account
    subscription = account.subscription
    return TemplateResponse(
        request,
        "billing/billing.html",
        {
            "subscription": subscription,
            "plan": subscription.plan,
            "invoices": account.invoices.all()[:24],
            "details": BillingDetails.objects.filter(account=account).first(),
            "grace_days": settings.BILLING_GRACE_DAYS,
        },
    )


@owners_only
@require_POST
def cancel(request: AccountRequest) -> HttpResponse:
    return _act(request, lambda: services.cancel(account=request.membership.account))


@owners_only
@require_POST
def resume(request: AccountRequest) -> HttpResponse:
    return _act(request, lambda: services.resume(account=request.membership.account))


@owners_only
@require_POST
def retry_payment(request: AccountRequest) -> HttpResponse:
    return _act(
        request,
        lambda: (
            services.open_invoices_pay(request.membership.account) or "There is nothing to pay."
        ),
    )


def _act(request: AccountRequest, action: Callable[[], str]) -> HttpResponse:
    try:
        said = action()
    except services.BillingActionError as exc:
        messages.error(request, str(exc))
        response = billing(request)
        response.status_code = 409
        return response
    messages.success(request, said)
    return redirect("billing:billing")


# --- The card -------------------------------------------------------------------------------


def card_policy() -> str:
    """The card page's Content-Security-Policy: the dashboard's, plus Stripe.js from Stripe's
    host (Stripe requires it from there, so card numbers never reach Code24), its frames
    and its API (the local Stripe's address when running locally)."""
    stripe_js = urlsplit(stripe_api.js_url())
    js_origin = f"{stripe_js.scheme}://{stripe_js.netloc}"
    api = urlsplit(settings.STRIPE_API_BASE)
    api_origin = f"{api.scheme}://{api.netloc}"
    extra = {
        "script-src": [js_origin],
        "frame-src": [js_origin, "https://hooks.stripe.com"]
        if js_origin.startswith("https://js.stripe.com")
        else [js_origin],
        "connect-src": [api_origin],
        "img-src": ["https://*.stripe.com"] if api_origin.startswith("https://") else [],
    }
    parts = []
    for directive in CONTENT_SECURITY_POLICY.split("; "):
        name = directive.split(" ", 1)[0]
        parts.append(" ".join([directive, *extra.get(name, [])]))
    return "; ".join(parts)


@owners_only
def card(request: AccountRequest) -> HttpResponse:
    """GET: the card form (Stripe Elements, confirming a SetupIntent in the browser).
    POST: the SetupIntent the browser confirmed; its card becomes the account's."""
    account = request.membership.account
    if request.method != "POST":
        return _card_page(request)
    form = CardSavedForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That card setup is not known. Please add the card again.")
        return _card_page(request, status=400)
    try:
        said = services.card_saved(account, form.cleaned_data["setup_intent"])
    except services.BillingActionError as exc:
        messages.error(request, str(exc))
        return _card_page(request, status=409)
    messages.success(request, said)
    back = "accounts:plan" if request.POST.get("next") == "plan" else "billing:billing"
    return redirect(back)


def _card_page(request: AccountRequest, status: int = 200) -> HttpResponse:
    account = request.membership.account
    try:
        intent = services.card_setup_start(account)
    except services.BillingActionError as exc:
        return TemplateResponse(request, "billing/card.html", {"unavailable": str(exc)}, status=503)
    wants = request.POST.get("next") or request.GET.get("next")
    response = TemplateResponse(
        request,
        "billing/card.html",
        {
            "subscription": account.subscription,
            "client_secret": intent.client_secret,
            "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
            "stripe_js_url": stripe_api.js_url(),
            "next": "plan" if wants == "plan" else "",
        },
        status=status,
    )
    response.headers["Content-Security-Policy"] = card_policy()
    response.headers["Cache-Control"] = "no-store"
    return response


# --- Billing details ------------------------------------------------------------------------


@owners_only
def details(request: AccountRequest) -> HttpResponse:
    account = request.membership.account
    instance = BillingDetails.objects.filter(account=account).first() or BillingDetails(
        account=account
    )
    form = BillingDetailsForm(request.POST or None, instance=instance)
    status = 200
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.details_save(account=account, values=values)
        except services.BillingActionError as exc:
            form.add_error("vat_number" if "VAT" in str(exc) else None, str(exc))
            status = 400
        else:
            messages.success(request, "Billing details saved. New invoices show them.")
            return redirect("billing:billing")
    return TemplateResponse(request, "billing/details.html", {"form": form}, status=status)


# --- Stripe's webhook -----------------------------------------------------------------------


@csrf_exempt
@require_POST
def webhook(request: HttpRequest) -> HttpResponse:
    """Stripe's events: checked against Stripe-Signature, stored by id (a replay changes
    nothing), answered at once; a task applies them."""
    try:
        event = stripe_api.webhook_event(request.body, request.headers.get("Stripe-Signature", ""))
    except stripe_api.SignatureError as exc:
        log.warning("billing: webhook refused: %s", exc)
        return JsonResponse(
            {"error": "The Stripe-Signature header does not match this request."}, status=400
        )
    try:
        with transaction.atomic():
            stored = StripeEvent.objects.create(
                stripe_id=event.id, type=event.type, payload=dict(event.object)
            )
    except IntegrityError:
        stored = StripeEvent.objects.get(stripe_id=event.id)
        if stored.handled_at is not None:
            return JsonResponse({"received": True, "replay": True})
    tasks.event_handle.delay_on_commit(stored.pk)
    return JsonResponse({"received": True})
