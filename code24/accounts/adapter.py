from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

from code24.accounts import services


class AccountAdapter(DefaultAccountAdapter):
    """Every new user gets their own account (workspace) on the Basic plan."""

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            name = (form.cleaned_data.get("workspace") or "").strip()
            services.account_create(owner=user, name=name or services.default_account_name(user))
        return user
