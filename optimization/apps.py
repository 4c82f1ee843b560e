from django.apps import AppConfig


class OptimizationConfig(AppConfig):
    name = "optimization"
    verbose_name = "Optimization"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from optimization import receivers  # noqa: F401 - connects the receivers
