from django.apps import AppConfig


class DomainsConfig(AppConfig):
    name = "domains"
    verbose_name = "Custom domains"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from domains import receivers  # noqa: F401 - connects the receivers
