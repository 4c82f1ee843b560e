"""Create (once) the demo customer and staff logins for local use and print them."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from code24.accounts import services
from code24.accounts.models import Plan, User

DEMO_EMAIL = "demo@code24.localhost"
STAFF_EMAIL = "staff@code24.localhost"
DEMO_PASSWORD = "code24-demo-password"  # noqa: S105 - local demo only; refused when DEBUG is off


class Command(BaseCommand):
    help = "Create the demo customer and staff logins (local development only) and print them."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("demo_login only runs with DEBUG on: it uses a known password.")
        customer = self._user(DEMO_EMAIL, staff=False)
        if not customer.memberships.exists():
            services.account_create(owner=customer, name="Demo Bakery", plan_slug=Plan.PROFESSIONAL)
        self._user(STAFF_EMAIL, staff=True)
        url = settings.SITE_URL
        self.stdout.write(
            self.style.SUCCESS(
                "\n  Code24 is starting at "
                f"{url}/\n"
                f"  Customer login: {DEMO_EMAIL} / {DEMO_PASSWORD}  ({url}/auth/login/)\n"
                f"  Staff admin:    {STAFF_EMAIL} / {DEMO_PASSWORD}  ({url}/admin/)\n"
            )
        )

    def _user(self, email: str, *, staff: bool) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            if staff:
                user = User.objects.create_superuser(email=email, password=DEMO_PASSWORD)
            else:
                user = User.objects.create_user(email=email, password=DEMO_PASSWORD)
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user
