from celery import shared_task

from code24.idempotency import services


@shared_task(name="code24.idempotency.tasks.idempotency_keys_expire")
def idempotency_keys_expire() -> int:
    """Hourly: forget idempotency keys older than 24 hours."""
    return services.idempotency_keys_expire()
