"""Billing: what customers, webhooks, the clock and staff do to a subscription.

The account's plan follows its Stripe subscription: every change is made in Stripe first
and copied back from Stripe's answer (``subscription_sync``), which is also what webhooks
and the reconciliation do, so the three can never disagree for long.

- A new account has a trial (BILLING_TRIAL_DAYS) with no card; plan changes in the trial
  are free. A card in the trial starts the Stripe subscription, trialing until the same
  day, so the first charge is at the trial's end.
- After the trial a plan needs a card. An upgrade takes effect at once and is invoiced
  prorated (Stripe's ``always_invoice``); a declined card changes nothing. A downgrade is
  scheduled for the end of the period, and refused while the account is over its limits.
- A cancellation keeps the plan until the period ends. Then, as after a trial that ended
  without a card or a past-due payment left unpaid for BILLING_DUNNING_DAYS, the account
  is read-only: every site stays online for BILLING_GRACE_DAYS, then goes offline (kept,
  never deleted) until the account pays again, which puts everything back.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from code24.accounts.entitlements import downgrade_blockers
from code24.accounts.models import Account, Plan, Subscription, User
from code24.accounts.services import AccountActionError
from code24.accounts.signals import plan_changed
from code24.billing import stripe_api
from code24.billing.models import BillingDetails, Invoice, PlanGrant, StripeEvent

log = logging.getLogger("code24.billing")

S = Subscription.Status


class BillingActionError(AccountActionError):
    """A billing request that cannot be carried out; the message says why."""


def _day(when: Any) -> str:
    return date_format(timezone.localtime(when), "j F Y") if when else ""


def _locked(account: Account) -> Subscription:
    return Subscription.objects.select_for_update().select_related("plan").get(account=account)


def _new_key(subscription: Subscription, operation: str) -> str:
    """A fresh idempotency key for one change the customer asked for. It is counted
    (committed) before the call, so a declined card's cached answer is never replayed
    for the next attempt, while Stripe's own retries of this call reuse it."""
    Subscription.objects.filter(pk=subscription.pk).update(writes=F("writes") + 1)
    writes = Subscription.objects.values_list("writes", flat=True).get(pk=subscription.pk)
    return f"{operation}:{subscription.account_id}:{writes}"


def _fail(exc: stripe_api.StripeError) -> BillingActionError:
    if isinstance(exc, stripe_api.PaymentFailed):
        return BillingActionError(f"{exc.message.rstrip('.')}. Nothing was changed.")
    return BillingActionError(exc.message)


# --- The Stripe customer and the card ---------------------------------------------------


def customer_ensure(account: Account) -> str:
    """The account's Stripe customer id, created once (idempotent on the account id)."""
    subscription = Subscription.objects.get(account=account)
    if subscription.stripe_customer_id:
        return subscription.stripe_customer_id
    owner = account.owners().select_related("user").first()
    details = BillingDetails.objects.filter(account=account).first()
    email = (details.email if details and details.email else "") or (
        owner.user.email if owner else ""
    )
    customer = stripe_api.customer_create(
        email=email,
        name=(details.company_name if details and details.company_name else account.name),
        account_id=account.pk,
        idempotency_key=f"customer:{account.pk}",
    )
    Subscription.objects.filter(pk=subscription.pk, stripe_customer_id="").update(
        stripe_customer_id=customer.id
    )
    return Subscription.objects.values_list("stripe_customer_id", flat=True).get(pk=subscription.pk)


def card_setup_start(account: Account) -> stripe_api.SetupIntent:
    """A SetupIntent for the card form: Stripe.js confirms it in the browser, so the
    card's number goes to Stripe and never through Code24."""
    try:
        customer_id = customer_ensure(account)
        key = _new_key(account.subscription, "setup-intent")
        return stripe_api.setup_intent_create(customer_id, idempotency_key=key)
    except stripe_api.StripeError as exc:
        raise _fail(exc) from exc


def card_saved(account: Account, setup_intent_id: str) -> str:
    """The browser confirmed a SetupIntent: its card becomes the account's card, and what
    waited for a card goes on (a trial's subscription, a failed payment)."""
    subscription = Subscription.objects.get(account=account)
    try:
        intent = stripe_api.setup_intent_get(setup_intent_id)
    except stripe_api.NotFound:
        raise BillingActionError(
            "That card setup is not known. Please add the card again."
        ) from None
    except stripe_api.StripeError as exc:
        raise _fail(exc) from exc
    if not subscription.stripe_customer_id or intent.customer != subscription.stripe_customer_id:
        raise BillingActionError("That card setup is not known. Please add the card again.")
    if intent.status != "succeeded" or not intent.payment_method:
        raise BillingActionError(
            "Stripe has not confirmed this card. Please enter it again, or try another card."
        )
    try:
        card = stripe_api.card_get(intent.payment_method)
        stripe_api.card_make_default(
            subscription.stripe_customer_id,
            card.id,
            idempotency_key=f"default-card:{account.pk}:{card.id}",
        )
    except stripe_api.StripeError as exc:
        raise _fail(exc) from exc
    Subscription.objects.filter(pk=subscription.pk).update(
        card_brand=card.brand[:20],
        card_last4=card.last4[:4],
        card_exp_month=card.exp_month or None,
        card_exp_year=card.exp_year or None,
    )
    said = f"Your {card.brand.title()} card ending in {card.last4} is saved."
    subscription.refresh_from_db()
    if subscription.status in (S.PAST_DUE, S.UNPAID):
        return " ".join([said, open_invoices_pay(account)])
    if subscription.in_trial and not subscription.stripe_subscription_id:
        try:
            _subscribe(account, subscription.plan, subscription.interval)
        except BillingActionError as exc:
            return f"{said} {exc}"
        first = _day(subscription.trial_ends_at)
        return f"{said} Your first payment is on {first}, when the trial ends."
    return said


def open_invoices_pay(account: Account) -> str:
    """Try the account's open invoices again with its card (after it changed)."""
    subscription = Subscription.objects.get(account=account)
    invoices_refresh(account)  # one whose webhook was lost is paid too
    paid, failed = 0, ""
    for invoice in Invoice.objects.filter(account=account, status=Invoice.Status.OPEN):
        try:
            answer = stripe_api.invoice_pay(
                invoice.stripe_id, idempotency_key=_new_key(subscription, "invoice-pay")
            )
        except stripe_api.StripeError as exc:
            failed = exc.message
            continue
        invoice_store(account, answer)
        paid += answer.status == "paid"
    if subscription.stripe_subscription_id:
        subscription_refresh(account)
    if failed:
        return f"The payment failed again: {failed.rstrip('.')}. Try another card."
    if paid:
        return "The payment went through: your plan continues as before."
    return ""


# --- Choosing a plan ---------------------------------------------------------------------


def _is_now(subscription: Subscription, plan: Plan, interval: str) -> bool:
    """Upgrades (a higher plan, or yearly billing) take effect at once; the rest at the
    period's end."""
    current = subscription.plan
    if plan.position != current.position:
        return plan.position > current.position
    return interval == Subscription.Interval.YEAR


def plan_choose(*, account: Account, plan: Plan, interval: str) -> str:
    """Move the account to `plan` billed every `interval`; returns what happened."""
    if interval not in Subscription.Interval.values:
        raise BillingActionError("Choose monthly or yearly billing.")
    subscription = Subscription.objects.select_related("plan", "scheduled_plan").get(
        account=account
    )
    same = plan.pk == subscription.plan_id and interval == subscription.interval
    if same and not subscription.read_only:
        if subscription.scheduled_plan_id:
            _schedule(subscription, None, "")
            return f"You stay on {plan.name}; the change planned for the period's end is off."
        raise BillingActionError(
            f"You are already on the {plan.name} plan, billed "
            f"{subscription.get_interval_display().lower()}."
        )
    reasons = downgrade_blockers(account, plan)
    if reasons:
        raise BillingActionError(f"You can't move to {plan.name} yet: " + " ".join(reasons))
    if subscription.in_trial and not subscription.stripe_subscription_id:
        _plan_set(account, plan, interval)
        if subscription.has_card:
            _subscribe(account, plan, interval)
        ends = _day(subscription.trial_ends_at)
        return f"You are now on {plan.name} for the rest of your trial, which ends on {ends}."
    if not plan.stripe_plan(interval):
        raise BillingActionError(
            f"{plan.name} cannot be bought yet: billing is being set up. Please try again later."
        )
    if not subscription.has_card:
        raise BillingActionError(
            "Add a card first: after the trial, a plan is paid for with a card."
        )
    if subscription.status in (S.PAST_DUE, S.UNPAID):
        raise BillingActionError(
            "Your last payment failed. Update your card first; then you can change plan."
        )
    if not subscription.stripe_subscription_id or subscription.read_only:
        _subscribe(account, plan, interval)
        return f"You are now on {plan.name}. Thank you!"
    if subscription.in_trial or _is_now(subscription, plan, interval):
        _change_now(account, plan, interval)
        if subscription.in_trial:
            first = _day(subscription.trial_ends_at)
            return f"You are now on {plan.name}. Your first payment is on {first}."
        return (
            f"You are now on {plan.name}. The rest of this period is invoiced at the "
            "difference (prorated): see Invoices."
        )
    _schedule(subscription, plan, interval)
    when = _day(subscription.current_period_end)
    if plan.pk == subscription.plan_id:
        billed = Subscription.Interval(interval).label.lower()
        return f"{plan.name} is billed {billed} from {when}, when the current period ends."
    return (
        f"You move to {plan.name} on {when}, when the current period ends. Until then you "
        f"keep {subscription.plan.name}."
    )


def _plan_set(account: Account, plan: Plan, interval: str) -> None:
    """The trial's plan, changed locally (there is nothing to pay in a trial)."""
    with transaction.atomic():
        subscription = _locked(account)
        previous = subscription.plan
        subscription.plan, subscription.interval = plan, interval
        subscription.save(update_fields=["plan", "interval", "updated_at"])
    if previous.pk != plan.pk:
        account.subscription = subscription
        plan_changed.send(sender=Account, account=account, previous=previous)


def _subscribe(account: Account, plan: Plan, interval: str) -> None:
    """A new Stripe subscription (during a trial: trialing until it ends; after: paid now)."""
    subscription = Subscription.objects.get(account=account)
    if not plan.stripe_plan(interval):
        raise BillingActionError(
            f"{plan.name} cannot be bought yet: billing is being set up. Please try again later."
        )
    trial_end = subscription.trial_ends_at if subscription.in_trial else None
    try:
        created = stripe_api.subscription_create(
            customer_id=customer_ensure(account),
            plan_id=plan.stripe_plan(interval),
            trial_end=trial_end,
            account_id=account.pk,
            idempotency_key=_new_key(subscription, "subscribe"),
        )
    except stripe_api.StripeError as exc:
        raise _fail(exc) from exc
    Subscription.objects.filter(pk=subscription.pk).update(stripe_subscription_id=created.id)
    subscription_sync(account, created)
    invoices_refresh(account)


def _change_now(account: Account, plan: Plan, interval: str) -> None:
    subscription = Subscription.objects.get(account=account)
    try:
        current = stripe_api.subscription_get(subscription.stripe_subscription_id)
        changed = stripe_api.subscription_change_plan(
            current,
            plan_id=plan.stripe_plan(interval),
            proration="none" if subscription.in_trial else "always_invoice",
            idempotency_key=_new_key(subscription, "plan-change"),
        )
    except stripe_api.StripeError as exc:
        raise _fail(exc) from exc
    _schedule(subscription, None, "")
    subscription_sync(account, changed)
    invoices_refresh(account)


def _schedule(subscription: Subscription, plan: Plan | None, interval: str) -> None:
    Subscription.objects.filter(pk=subscription.pk).update(
        scheduled_plan=plan, scheduled_interval=interval
    )
    subscription.scheduled_plan, subscription.scheduled_interval = plan, interval


def _cancel_set(account: Account, subscription: Subscription, cancel: bool) -> None:
    """Cancel at the period's end, or undo that: at Stripe, or (a trial with nothing at
    Stripe yet) here."""
    if not subscription.stripe_subscription_id:
        Subscription.objects.filter(pk=subscription.pk).update(cancel_at_period_end=cancel)
        return
    try:
        answer = stripe_api.subscription_set_cancel_at_period_end(
            subscription.stripe_subscription_id,
            cancel,
            idempotency_key=_new_key(subscription, "cancel" if cancel else "resume"),
        )
    except stripe_api.StripeError as exc:
        raise _fail(exc) from exc
    subscription_sync(account, answer)


def cancel(*, account: Account) -> str:
    """Cancel at the end of the period: the plan stays until then."""
    subscription = Subscription.objects.get(account=account)
    if subscription.read_only:
        raise BillingActionError("Your subscription has already ended.")
    if subscription.cancel_at_period_end:
        raise BillingActionError("Your subscription is already cancelled.")
    _cancel_set(account, subscription, True)
    subscription.refresh_from_db()
    _schedule(subscription, None, "")
    ends = subscription.trial_ends_at if subscription.in_trial else subscription.current_period_end
    return (
        f"Your subscription is cancelled. You keep {subscription.plan.name} until "
        f"{_day(ends)}; then your sites stay online for {settings.BILLING_GRACE_DAYS} more "
        "days while you can't change them."
    )


def resume(*, account: Account) -> str:
    """Undo a cancellation before the period ends."""
    subscription = Subscription.objects.get(account=account)
    if not subscription.cancel_at_period_end or subscription.read_only:
        raise BillingActionError("Your subscription is not cancelled.")
    _cancel_set(account, subscription, False)
    return f"Your subscription continues: {subscription.plan.name} renews as before."


# --- Copying Stripe's state --------------------------------------------------------------


STRIPE_STATUS = {
    "trialing": S.TRIALING,
    "active": S.ACTIVE,
    "past_due": S.PAST_DUE,
    "unpaid": S.UNPAID,
    "canceled": S.CANCELED,
    "incomplete_expired": S.CANCELED,
}


def _plan_of(stripe_plan_id: str) -> tuple[Plan, str] | None:
    for plan in Plan.objects.all():
        if stripe_plan_id and stripe_plan_id == plan.stripe_plan_monthly:
            return plan, Subscription.Interval.MONTH
        if stripe_plan_id and stripe_plan_id == plan.stripe_plan_yearly:
            return plan, Subscription.Interval.YEAR
    return None


def subscription_sync(account: Account, remote: stripe_api.Subscription) -> Subscription:
    """Make the account's subscription what Stripe says (webhooks, reconciliation, and
    every change Code24 makes). Answers about another (older) subscription are ignored."""
    now = timezone.now()
    with transaction.atomic():
        subscription = _locked(account)
        if remote.id != subscription.stripe_subscription_id:
            return subscription
        was_read_only, previous = subscription.read_only, subscription.plan
        status = STRIPE_STATUS.get(remote.status)
        if status == S.PAST_DUE and subscription.status == S.UNPAID:
            status = S.UNPAID  # our dunning period is over; only a payment ends it
        if status is not None:
            subscription.status = status
        matched = _plan_of(remote.plan_id)
        if matched:
            subscription.plan, subscription.interval = matched
        if remote.current_period_start:
            subscription.current_period_start = remote.current_period_start
        if remote.current_period_end:
            subscription.current_period_end = remote.current_period_end
        if remote.status == "trialing" and remote.trial_end:
            subscription.trial_ends_at = remote.trial_end
        subscription.cancel_at_period_end = remote.cancel_at_period_end
        if subscription.status == S.PAST_DUE:
            subscription.past_due_since = subscription.past_due_since or now
        elif subscription.status in (S.ACTIVE, S.TRIALING):
            subscription.past_due_since = None
        if subscription.status == S.CANCELED:
            subscription.stripe_subscription_id = ""
            subscription.cancel_at_period_end = False
        if subscription.read_only and not was_read_only:
            _end_fields(subscription, now)
        subscription.save()
        restore = was_read_only and not subscription.read_only
    if restore:
        _restore(account)
    if previous.pk != subscription.plan_id:
        account.subscription = subscription
        plan_changed.send(sender=Account, account=account, previous=previous)
    return subscription


def subscription_refresh(account: Account) -> Subscription:
    subscription = Subscription.objects.get(account=account)
    if not subscription.stripe_subscription_id:
        return subscription
    return subscription_sync(
        account, stripe_api.subscription_get(subscription.stripe_subscription_id)
    )


def invoice_store(account: Account, remote: stripe_api.Invoice) -> Invoice:
    values = {
        "account": account,
        "number": remote.number,
        "status": remote.status or Invoice.Status.OPEN,
        "currency": remote.currency or account.plan.currency,
        "amount_due": remote.amount_due,
        "amount_paid": remote.amount_paid,
        "created": remote.created or timezone.now(),
        "period_start": remote.period_start,
        "period_end": remote.period_end,
        "billing_reason": remote.billing_reason,
        "hosted_invoice_url": remote.hosted_invoice_url,
        "lines": [
            {"description": line.description, "amount": line.amount, "proration": line.proration}
            for line in remote.lines
        ],
    }
    try:
        invoice, _ = Invoice.objects.update_or_create(stripe_id=remote.id, defaults=values)
    except IntegrityError:  # stored a moment ago by the webhook's task
        invoice = Invoice.objects.get(stripe_id=remote.id)
    return invoice


def invoices_refresh(account: Account) -> int:
    customer_id = Subscription.objects.values_list("stripe_customer_id", flat=True).get(
        account=account
    )
    if not customer_id:
        return 0
    remote = stripe_api.invoices_list(customer_id)
    for each in remote:
        invoice_store(account, each)
    return len(remote)


# --- The read-only state and coming back -------------------------------------------------


def _end_fields(subscription: Subscription, now: Any) -> None:
    subscription.ended_at = subscription.ended_at or now
    subscription.scheduled_plan, subscription.scheduled_interval = None, ""
    subscription.cancel_at_period_end = False


def _end(account: Account, status: str) -> None:
    with transaction.atomic():
        subscription = _locked(account)
        if subscription.read_only:
            return
        subscription.status = status
        _end_fields(subscription, timezone.now())
        subscription.save()
    log.info("billing: account %s is read-only (%s)", account.pk, status)


def _restore(account: Account) -> None:
    """Paid again: the read-only state ends and the sites billing took offline return."""
    from sites.models import Site
    from sites.services import SiteActionError, site_put_online

    with transaction.atomic():
        subscription = _locked(account)
        site_ids = list(subscription.offline_site_ids)
        subscription.ended_at = None
        subscription.sites_offline_at = None
        subscription.offline_site_ids = []
        subscription.save()
    for site in Site.objects.filter(account=account, pk__in=site_ids, status=Site.Status.OFFLINE):
        try:
            site_put_online(site=site)
        except SiteActionError as exc:
            log.warning("billing: site %s stays offline: %s", site.pk, exc)
    log.info("billing: account %s is paid again", account.pk)


def _sites_offline(account: Account) -> None:
    """The grace period is over: the account's live sites go offline (kept)."""
    from sites.models import Site
    from sites.services import SiteActionError, site_unpublish

    taken = []
    for site in Site.objects.filter(account=account, status=Site.Status.LIVE):
        try:
            site_unpublish(site=site)
        except SiteActionError as exc:
            log.warning("billing: site %s stays online: %s", site.pk, exc)
            continue
        taken.append(site.pk)
    Subscription.objects.filter(account=account).update(
        sites_offline_at=timezone.now(), offline_site_ids=taken
    )


def clock() -> dict[str, int]:
    """What time alone changes (every few minutes, idempotent): trials that ended without
    a card, dunning periods that ran out, downgrades due at a period's end, grace periods
    that ended. Returns how many of each."""
    now = timezone.now()
    done = {"trials_ended": 0, "unpaid": 0, "downgraded": 0, "sites_offline": 0}
    trials = Subscription.objects.filter(
        status=S.TRIALING, stripe_subscription_id="", trial_ends_at__lte=now
    ).select_related("account")
    for subscription in trials:
        _end(subscription.account, S.CANCELED)
        done["trials_ended"] += 1
    overdue = Subscription.objects.filter(
        status=S.PAST_DUE,
        past_due_since__lte=now - timedelta(days=settings.BILLING_DUNNING_DAYS),
    ).select_related("account")
    for subscription in overdue:
        _end(subscription.account, S.UNPAID)
        done["unpaid"] += 1
    due = Subscription.objects.filter(
        scheduled_plan__isnull=False, current_period_end__lte=now + timedelta(hours=1)
    ).select_related("account", "scheduled_plan")
    for subscription in due:
        if scheduled_apply(subscription):
            done["downgraded"] += 1
    graced = Subscription.objects.filter(
        status__in=Subscription.READ_ONLY,
        sites_offline_at__isnull=True,
        ended_at__lte=now - timedelta(days=settings.BILLING_GRACE_DAYS),
    ).select_related("account")
    for subscription in graced:
        _sites_offline(subscription.account)
        done["sites_offline"] += 1
    return done


def scheduled_apply(subscription: Subscription) -> bool:
    """A downgrade whose period ends: Stripe bills the new plan from the renewal on (no
    proration). Still refused if the account went over the new plan's limits since."""
    account, plan = subscription.account, subscription.scheduled_plan
    interval = subscription.scheduled_interval or subscription.interval
    assert plan is not None
    if blockers := downgrade_blockers(account, plan):
        # Over the smaller plan's limits again since it was chosen: the account renews on
        # its plan, and the pages stop announcing the move.
        log.warning("billing: downgrade of account %s dropped: %s", account.pk, blockers)
        _schedule(subscription, None, "")
        return False
    if not subscription.stripe_subscription_id:
        _schedule(subscription, None, "")
        _plan_set(account, plan, interval)
        return True
    period = int(subscription.current_period_end.timestamp())
    try:
        current = stripe_api.subscription_get(subscription.stripe_subscription_id)
        changed = stripe_api.subscription_change_plan(
            current,
            plan_id=plan.stripe_plan(interval),
            proration="none",
            idempotency_key=f"downgrade:{account.pk}:{period}",
        )
    except stripe_api.StripeError as exc:
        log.warning("billing: downgrade of account %s waits: %s", account.pk, exc.message)
        return False
    _schedule(subscription, None, "")
    subscription_sync(account, changed)
    return True


# --- Webhook events ----------------------------------------------------------------------


def _account_of(customer_id: str) -> Account | None:
    if not customer_id:
        return None
    subscription = (
        Subscription.objects.select_related("account")
        .filter(stripe_customer_id=customer_id)
        .first()
    )
    return subscription.account if subscription else None


def event_handle(event_id: int) -> bool:
    """Apply one stored webhook event, once: True when this call applied it."""
    with transaction.atomic():
        event = StripeEvent.objects.select_for_update().filter(pk=event_id).first()
        if event is None or event.handled_at is not None:
            return False
        _apply(event.type, event.payload)
        event.handled_at = timezone.now()
        event.error = ""
        event.save(update_fields=["handled_at", "error"])
    return True


def _apply(kind: str, obj: dict[str, Any]) -> None:
    if kind.startswith("customer.subscription."):
        remote = stripe_api.Subscription.of(obj)
        account = _account_of(remote.customer)
        if account is None:
            return
        # Events can arrive out of order: Stripe's current state decides.
        with contextlib.suppress(stripe_api.NotFound):
            remote = stripe_api.subscription_get(remote.id)
        subscription_sync(account, remote)
    elif kind.startswith("invoice."):
        invoice = stripe_api.Invoice.of(obj)
        account = _account_of(invoice.customer)
        if account is None:
            return
        invoice_store(account, invoice)
        subscription_refresh(account)
        if kind == "invoice.payment_failed":
            _mark_past_due(account)
            account_id, invoice_id = account.pk, invoice.id
            transaction.on_commit(lambda: payment_failed_email(account_id, invoice_id))
    elif kind == "setup_intent.succeeded":
        intent = stripe_api.SetupIntent.of(obj)
        account = _account_of(intent.customer)
        if account is not None and intent.payment_method:
            subscription = Subscription.objects.get(account=account)
            if not subscription.has_card:
                card = stripe_api.card_get(intent.payment_method)
                Subscription.objects.filter(pk=subscription.pk).update(
                    card_brand=card.brand[:20], card_last4=card.last4[:4]
                )


def _mark_past_due(account: Account) -> None:
    with transaction.atomic():
        subscription = _locked(account)
        if subscription.status in (S.ACTIVE, S.TRIALING) and subscription.stripe_subscription_id:
            subscription.status = S.PAST_DUE
        if subscription.status == S.PAST_DUE:
            subscription.past_due_since = subscription.past_due_since or timezone.now()
        subscription.save()


def payment_failed_email(account_id: int, invoice_stripe_id: str) -> None:
    """Tell the owners a payment failed, with the link to update the card."""
    account = Account.objects.select_related("subscription__plan").get(pk=account_id)
    invoice = Invoice.objects.filter(stripe_id=invoice_stripe_id).first()
    subscription = account.subscription
    recipients = sorted(
        set(account.owners().values_list("user__email", flat=True))
        | set(
            BillingDetails.objects.filter(account=account)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
    context = {
        "account": account,
        "invoice": invoice,
        "subscription": subscription,
        "card_url": settings.SITE_URL + reverse("billing:card"),
        "dunning_ends": subscription.dunning_ends_at,
        "grace_days": settings.BILLING_GRACE_DAYS,
    }
    name = " ".join(account.name.split())
    send_mail(
        subject=f"[Code24] Payment failed for {name}: please update your card",
        message=render_to_string("emails/payment_failed.txt", context),
        from_email=None,
        recipient_list=recipients,
        html_message=render_to_string("emails/payment_failed.html", context),
    )


# --- Reconciliation ----------------------------------------------------------------------


def reconcile(account: Account) -> Subscription:
    """Read the account's subscription and invoices from Stripe and copy them: a webhook
    that never arrived leaves nothing wrong for longer than the reconciliation's period."""
    subscription = subscription_refresh(account)
    invoices_refresh(account)
    Subscription.objects.filter(pk=subscription.pk).update(reconciled_at=timezone.now())
    return subscription


def reconcile_all() -> dict[str, int]:
    done = {"checked": 0, "failed": 0}
    accounts = Account.objects.filter(subscription__stripe_customer_id__gt="").order_by("pk")
    for account in accounts.iterator():
        try:
            reconcile(account)
        except stripe_api.StripeError as exc:
            log.warning("billing: reconciling account %s failed: %s", account.pk, exc.message)
            done["failed"] += 1
            continue
        done["checked"] += 1
    return done


# --- Staff -------------------------------------------------------------------------------


def plan_grant(*, account: Account, plan: Plan, staff: User, note: str = "") -> PlanGrant:
    """Give the account `plan` without payment (partners). A Stripe subscription it had is
    cancelled at once, so it is not charged as well."""
    subscription = Subscription.objects.get(account=account)
    if subscription.stripe_subscription_id:
        try:
            stripe_api.subscription_cancel_now(subscription.stripe_subscription_id)
        except stripe_api.StripeError as exc:
            raise _fail(exc) from exc
    with transaction.atomic():
        subscription = _locked(account)
        previous, was_read_only = subscription.plan, subscription.read_only
        subscription.plan = plan
        subscription.status = S.ACTIVE
        subscription.stripe_subscription_id = ""
        subscription.cancel_at_period_end = False
        subscription.scheduled_plan, subscription.scheduled_interval = None, ""
        subscription.past_due_since = None
        subscription.granted_by = staff
        subscription.save()
        grant = PlanGrant.objects.create(account=account, plan=plan, granted_by=staff, note=note)
    if was_read_only:
        _restore(account)
    log.info("billing: %s granted %s to account %s", staff, plan.slug, account.pk)
    if previous.pk != plan.pk:
        account.subscription = subscription
        plan_changed.send(sender=Account, account=account, previous=previous)
    return grant


# --- Billing details ---------------------------------------------------------------------


def details_save(*, account: Account, values: dict[str, str]) -> BillingDetails:
    """Save the billing details and copy them to the Stripe customer (name, email,
    address, and the VAT number as an eu_vat tax id)."""
    details, _ = BillingDetails.objects.get_or_create(account=account)
    for field, value in values.items():
        setattr(details, field, value)
    subscription = Subscription.objects.get(account=account)
    if subscription.stripe_customer_id:
        try:
            stripe_api.customer_update(
                subscription.stripe_customer_id,
                name=details.company_name or account.name,
                email=details.email or None,
                address={
                    "line1": details.line1,
                    "line2": details.line2,
                    "city": details.city,
                    "postal_code": details.postal_code,
                    "state": details.state,
                    "country": details.country,
                },
                idempotency_key=_new_key(subscription, "details"),
            )
            details.stripe_tax_id = stripe_api.tax_ids_replace(
                subscription.stripe_customer_id,
                kind="eu_vat",
                value=details.vat_number,
                idempotency_key=_new_key(subscription, "tax-id"),
            )
        except stripe_api.StripeError as exc:
            if exc.status == 400 and details.vat_number:
                raise BillingActionError(
                    f"Stripe did not accept the VAT number {details.vat_number}. Check it: it "
                    "starts with the country's two letters, e.g. DE123456789."
                ) from exc
            raise _fail(exc) from exc
    details.save()
    return details
