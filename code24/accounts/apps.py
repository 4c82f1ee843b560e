from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "code24.accounts"
    label = "accounts"
    verbose_name = "Accounts and plans"
    default_auto_field = "django.db.models.BigAutoField"
