from django.http import HttpResponse
from django.template.response import TemplateResponse

from code24.accounts.decorators import account_required
from code24.accounts.http import AccountRequest
from sites.models import Site


@account_required
def dashboard(request: AccountRequest) -> HttpResponse:
    """Overview: every site of the current account with its state."""
    account = request.account
    sites = Site.objects.filter(account=account)
    return TemplateResponse(
        request,
        "sites/dashboard.html",
        {"sites": sites, "usage": account.entitlements.usage(), "plan": account.plan},
    )


@account_required
def site_list(request: AccountRequest) -> HttpResponse:
    sites = Site.objects.filter(account=request.account)
    return TemplateResponse(request, "sites/site_list.html", {"sites": sites})
