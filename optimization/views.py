from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from code24.accounts.decorators import account_required


@account_required
def overview(request: HttpRequest) -> HttpResponse:
    entitlements = request.account.entitlements  # type: ignore[attr-defined]
    return TemplateResponse(request, "optimization/overview.html", {"entitlements": entitlements})
