from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from code24.billing import services, stripe_api
from code24.billing.models import StripeEvent


@shared_task(
    name="code24.billing.tasks.event_handle",
    autoretry_for=(stripe_api.StripeRetryableError, OSError),
    retry_backoff=10,
    retry_jitter=True,
    max_retries=10,
)
def event_handle(event_id: int) -> bool:
    """Apply a received Stripe webhook event (once: the row records it)."""
    return services.event_handle(event_id)


@shared_task(name="code24.billing.tasks.subscriptions_reconcile")
def subscriptions_reconcile() -> dict[str, int]:
    """Periodic: read every subscription and its invoices from Stripe."""
    return services.reconcile_all()


@shared_task(name="code24.billing.tasks.billing_clock")
def billing_clock() -> dict[str, int]:
    """Every few minutes: trials, dunning and grace periods that ended; downgrades due."""
    return services.clock()


@shared_task(name="code24.billing.tasks.events_unhandled")
def events_unhandled() -> int:
    """Periodic: hand events whose task was lost to a worker again."""
    stale = StripeEvent.objects.filter(
        handled_at__isnull=True, received_at__lte=timezone.now() - timedelta(minutes=5)
    ).values_list("pk", flat=True)[:500]
    for pk in stale:
        event_handle.delay(pk)
    return len(stale)
