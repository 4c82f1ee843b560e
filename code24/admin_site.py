"""The staff admin (Django admin) with a limit on wrong passwords at its login.

After ADMIN_LOGIN_RATE_LIMIT wrong passwords for one email address (or
ADMIN_LOGIN_RATE_LIMIT_PER_ADDRESS from one client address), the login is refused with a
429 page and Retry-After until the period ends, even with the right password.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

FAILED_EMAIL = "admin-login-email"
FAILED_ADDRESS = "admin-login-address"


class AdminConfig(DjangoAdminConfig):
    default_site = "code24.admin_site.Code24AdminSite"


class Code24AdminSite(admin.AdminSite):
    site_header = "Code24 staff"
    site_title = "Code24 staff"

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        if request.method != "POST":
            return super().login(request, extra_context)
        from code24 import ratelimits

        email = str(request.POST.get("username", "")).strip().lower()
        address = ratelimits.client_address(request)
        per_email = ratelimits.Rate.parse(settings.ADMIN_LOGIN_RATE_LIMIT)
        per_address = ratelimits.Rate.parse(settings.ADMIN_LOGIN_RATE_LIMIT_PER_ADDRESS)
        waits = [
            ratelimits.used_up(FAILED_EMAIL, email, per_email),
            ratelimits.used_up(FAILED_ADDRESS, address, per_address),
        ]
        wait = max((w for w in waits if w is not None), default=None)
        if wait is not None:
            return self._locked(request, wait)
        response = super().login(request, extra_context)
        if response.status_code == 302 and request.user.is_authenticated:
            ratelimits.clear(FAILED_EMAIL, email)
        else:
            ratelimits.hit(FAILED_EMAIL, email, per_email)
            ratelimits.hit(FAILED_ADDRESS, address, per_address)
        return response

    def _locked(self, request: HttpRequest, wait: float) -> HttpResponse:
        from code24.ratelimits import in_words

        context = {
            **self.each_context(request),
            "title": "Too many failed logins",
            "wait": in_words(wait),
        }
        response = TemplateResponse(request, "admin/login_locked.html", context, status=429)
        response["Retry-After"] = str(int(wait))
        return response
