from dataclasses import asdict
from typing import Any

from ninja import Router

from code24.accounts.http import AccountRequest
from code24.accounts.schemas import AccountOut
from code24.api_errors import AUTH_ERRORS, documented_headers, errors

router = Router(tags=["account"])


@router.get(
    "/account",
    response={200: AccountOut, **errors(*AUTH_ERRORS)},
    summary="The account, its plan and usage",
    openapi_extra=documented_headers(),
)
def account_detail(request: AccountRequest) -> dict[str, Any]:
    account = request.account
    return {
        "id": account.pk,
        "name": account.name,
        "created_at": account.created_at,
        "plan": account.plan,
        "subscription": account.subscription,
        "usage": asdict(account.entitlements.usage()),
    }
