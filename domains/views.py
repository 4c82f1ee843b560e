from django.http import HttpResponse
from django.template.response import TemplateResponse

from code24.accounts.decorators import account_required
from code24.accounts.http import AccountRequest


@account_required
def domain_list(request: AccountRequest) -> HttpResponse:
    entitlements = request.account.entitlements
    return TemplateResponse(request, "domains/domain_list.html", {"entitlements": entitlements})
