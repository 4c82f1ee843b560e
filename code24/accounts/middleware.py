"""Sets request.account and request.membership: the account the user is acting for."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from code24.accounts.models import Account, Membership

SESSION_KEY = "current_account_id"


def current_membership(request: HttpRequest) -> Membership | None:
    """The user's membership in the account chosen in the session, else their first one."""
    user = request.user
    if not user.is_authenticated:
        return None
    memberships = Membership.objects.filter(user=user).select_related("account__subscription__plan")
    chosen = request.session.get(SESSION_KEY)
    membership = None
    if chosen is not None:
        membership = memberships.filter(account_id=chosen).first()
    if membership is None:
        membership = memberships.order_by("created_at").first()
        if membership is not None:
            request.session[SESSION_KEY] = membership.account_id
    return membership


class CurrentAccountMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        cache: dict[str, Membership | None] = {}

        def membership() -> Membership | None:
            if "m" not in cache:
                cache["m"] = current_membership(request)
            return cache["m"]

        request.membership = SimpleLazyObject(membership)  # type: ignore[attr-defined]

        def account() -> Account | None:
            current = membership()
            return current.account if current else None

        request.account = SimpleLazyObject(account)  # type: ignore[attr-defined]
        return self.get_response(request)
