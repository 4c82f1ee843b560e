from typing import Any

from django.http import HttpRequest

from code24.accounts.models import Membership


def current_account(request: HttpRequest) -> dict[str, Any]:
    """The current membership and the user's other accounts, for the switcher."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    membership = getattr(request, "membership", None)
    return {
        "current_membership": membership if membership else None,
        "current_account": membership.account if membership else None,
        "my_memberships": Membership.objects.filter(user=user).select_related("account"),
    }
