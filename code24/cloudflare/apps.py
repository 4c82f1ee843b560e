from django.apps import AppConfig


class CloudflareConfig(AppConfig):
    """No models: the app is here for its commands (local_cloudflare, cloudflare_setup)."""

    name = "code24.cloudflare"
    label = "cloudflare"
    verbose_name = "Cloudflare"
