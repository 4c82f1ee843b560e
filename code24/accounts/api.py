from dataclasses import asdict
from typing import Any

from django.http import HttpRequest
from ninja import Router

from code24.accounts.schemas import AccountOut

router = Router(tags=["account"])


@router.get("/account", response=AccountOut, summary="The account, its plan and usage")
def account_detail(request: HttpRequest) -> dict[str, Any]:
    account = request.account  # type: ignore[attr-defined]
    return {
        "id": account.pk,
        "name": account.name,
        "created_at": account.created_at,
        "plan": account.plan,
        "subscription": account.subscription,
        "usage": asdict(account.entitlements.usage()),
    }
