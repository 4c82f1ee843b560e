from django.apps import AppConfig


class IdempotencyConfig(AppConfig):
    name = "code24.idempotency"
    label = "idempotency"
    verbose_name = "API idempotency keys"
    default_auto_field = "django.db.models.BigAutoField"
