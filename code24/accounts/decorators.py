"""View decorators: a signed-in user acting for an account, with a role that allows it."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

View = Callable[..., HttpResponse]


def account_required(view: View) -> View:
    """Signed in and a member of some account (else: create a workspace first)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.membership:  # type: ignore[attr-defined]
            return redirect("accounts:new")
        return view(request, *args, **kwargs)

    return wrapper


def role_required(permission: str, message: str) -> Callable[[View], View]:
    """Refuse with 403 unless the current membership has `permission` (a Membership property)."""

    def decorator(view: View) -> View:
        @account_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not getattr(request.membership, permission):  # type: ignore[attr-defined]
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
