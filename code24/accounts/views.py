"""Account pages: overview, members and invitations, plan, API keys, switching."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from code24.accounts import services
from code24.accounts.decorators import account_required, role_required
from code24.accounts.forms import (
    AccountNameForm,
    ApiKeyForm,
    InvitationForm,
    PlanForm,
    RoleForm,
    SwitchAccountForm,
)
from code24.accounts.http import AccountRequest
from code24.accounts.middleware import SESSION_KEY
from code24.accounts.models import Account, Invitation, Membership, Plan, Subscription

OWNERS_ONLY = "Only the account's owners can do this."


def _membership(request: AccountRequest) -> Membership:
    return request.membership


# --- Overview, new account, switching, leaving ----------------------------------------


def _overview_page(
    request: AccountRequest, form: AccountNameForm | None = None, status: int = 200
) -> TemplateResponse:
    membership = _membership(request)
    account = membership.account
    return TemplateResponse(
        request,
        "accounts/overview.html",
        {
            "form": form or AccountNameForm(initial={"name": account.name}),
            "usage": account.entitlements.usage(),
            "plan": account.plan,
            "subscription": account.subscription,
            "is_last_owner": membership.is_owner and account.owners().count() <= 1,
        },
        status=status,
    )


@account_required
def overview(request: AccountRequest) -> HttpResponse:
    membership = _membership(request)
    if request.method != "POST":
        return _overview_page(request)
    if not membership.can_manage_sites:
        raise PermissionDenied("Only the workspace's owners and admins can rename it.")
    form = AccountNameForm(request.POST)
    if not form.is_valid():
        return _overview_page(request, form)
    services.account_rename(account=membership.account, name=form.cleaned_data["name"])
    messages.success(request, "Workspace name saved.")
    return redirect("accounts:overview")


@login_required
def account_new(request: AccountRequest) -> HttpResponse:
    form = AccountNameForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        account = services.account_create(owner=request.user, name=form.cleaned_data["name"])
        request.session[SESSION_KEY] = account.pk
        messages.success(request, f"{account.name} is ready. You are its owner.")
        return redirect("dashboard")
    return TemplateResponse(request, "accounts/new.html", {"form": form})


@login_required
@require_POST
def switch(request: AccountRequest) -> HttpResponse:
    form = SwitchAccountForm(request.POST)
    if not form.is_valid():
        return HttpResponse("Choose an account to switch to.", status=400)
    account = get_object_or_404(
        Account.objects.for_user(request.user), pk=form.cleaned_data["account"]
    )
    request.session[SESSION_KEY] = account.pk
    messages.info(request, f"You are now working in {account.name}.")
    return redirect("dashboard")


@account_required
@require_POST
def leave(request: AccountRequest) -> HttpResponse:
    membership = _membership(request)
    try:
        services.member_remove(membership=membership)
    except services.AccountActionError as exc:
        messages.error(request, str(exc))
        return _overview_page(request, status=409)
    request.session.pop(SESSION_KEY, None)
    messages.success(request, f"You left {membership.account.name}.")
    return redirect("dashboard")


# --- Members and invitations ----------------------------------------------------------


def _members_page(
    request: AccountRequest, form: InvitationForm | None = None, status: int = 200
) -> TemplateResponse:
    account = _membership(request).account
    return TemplateResponse(
        request,
        "accounts/members.html",
        {
            "memberships": account.memberships.select_related("user").order_by("created_at"),
            "invitations": account.invitations.filter(accepted_at__isnull=True).select_related(
                "invited_by"
            ),
            "form": form or InvitationForm(),
            "roles": Membership.Role.choices,
        },
        status=status,
    )


@account_required
def members(request: AccountRequest) -> HttpResponse:
    if request.method != "POST":
        return _members_page(request)
    membership = _membership(request)
    if not membership.can_manage_members:
        raise PermissionDenied(OWNERS_ONLY)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invitation_create(
                account=membership.account,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
            )
        except services.AccountActionError as exc:
            form.add_error("email", str(exc))
        else:
            messages.success(request, f"Invitation sent to {invitation.email}.")
            return redirect("accounts:members")
    return _members_page(request, form)


@role_required("can_manage_members", OWNERS_ONLY)
@require_POST
def member_role(request: AccountRequest, membership_id: int) -> HttpResponse:
    account = _membership(request).account
    target = get_object_or_404(account.memberships, pk=membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose owner, admin or member.")
        return _members_page(request, status=400)
    try:
        services.member_change_role(membership=target, role=form.cleaned_data["role"])
    except services.AccountActionError as exc:
        messages.error(request, str(exc))
        return _members_page(request, status=409)
    messages.success(request, f"{target.user.email} is now {target.get_role_display().lower()}.")
    return redirect("accounts:members")


@role_required("can_manage_members", OWNERS_ONLY)
@require_POST
def member_remove(request: AccountRequest, membership_id: int) -> HttpResponse:
    account = _membership(request).account
    target = get_object_or_404(account.memberships.select_related("user"), pk=membership_id)
    try:
        services.member_remove(membership=target)
    except services.AccountActionError as exc:
        messages.error(request, str(exc))
        return _members_page(request, status=409)
    messages.success(request, f"{target.user.email} no longer has access to {account.name}.")
    if target.user_id == request.user.pk:
        return redirect("dashboard")
    return redirect("accounts:members")


@role_required("can_manage_members", OWNERS_ONLY)
@require_POST
def invitation_revoke(request: AccountRequest, invitation_id: int) -> HttpResponse:
    account = _membership(request).account
    invitation = get_object_or_404(account.invitations, pk=invitation_id)
    try:
        services.invitation_revoke(invitation=invitation)
    except services.AccountActionError as exc:
        messages.error(request, str(exc))
        return _members_page(request, status=409)
    messages.success(request, f"Invitation for {invitation.email} revoked.")
    return redirect("accounts:members")


def invitation_accept(request: AccountRequest, token: str) -> HttpResponse:
    """The link in the invitation email. Anonymous visitors sign up or log in first."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("account", "invited_by"), token=token
    )
    context: dict[str, Any] = {"invitation": invitation}
    if not request.user.is_authenticated:
        # Arriving from the email proves the address: a sign-up with it needs no
        # second verification email.
        if invitation.is_pending:
            get_adapter(request).stash_verified_email(request, invitation.email)
        return TemplateResponse(request, "accounts/invitation.html", context)
    if request.method == "POST":
        try:
            services.invitation_accept(invitation=invitation, user=request.user)
        except services.AccountActionError as exc:
            context["error"] = str(exc)
            return TemplateResponse(request, "accounts/invitation.html", context, status=409)
        request.session[SESSION_KEY] = invitation.account_id
        messages.success(request, f"Welcome to {invitation.account.name}.")
        return redirect("dashboard")
    return TemplateResponse(request, "accounts/invitation.html", context)


# --- Plan -----------------------------------------------------------------------------


@account_required
def plan(request: AccountRequest) -> HttpResponse:
    from code24.billing import services as billing

    membership = _membership(request)
    account = membership.account
    status = 200
    if request.method == "POST":
        if not membership.can_change_plan:
            raise PermissionDenied(OWNERS_ONLY)
        form = PlanForm(request.POST)
        if form.is_valid():
            chosen = form.cleaned_data["plan"]
            notices = services.plan_notices(account=account, plan=chosen)
            try:
                said = billing.plan_choose(
                    account=account, plan=chosen, interval=form.cleaned_data["interval"]
                )
            except services.AccountActionError as exc:
                messages.error(request, str(exc))
                status = 409
            else:
                messages.success(request, " ".join([said, *notices]))
                return redirect("accounts:plan")
        else:
            messages.error(
                request,
                "Choose one of the plans shown."
                if "plan" in form.errors
                else "Choose monthly or yearly billing.",
            )
            status = 400
    subscription = Subscription.objects.select_related("plan", "scheduled_plan").get(
        account=account
    )
    account.subscription = subscription
    interval = request.GET.get("interval") or subscription.interval
    if interval not in Subscription.Interval.values:
        interval = Subscription.Interval.MONTH
    plans = list(Plan.objects.all())
    for each in plans:
        each.is_current = each.pk == subscription.plan_id  # type: ignore[attr-defined]
        each.notices = (  # type: ignore[attr-defined]
            services.plan_notices(account=account, plan=each)
            if each.pk != subscription.plan_id
            else []
        )
    return TemplateResponse(
        request,
        "accounts/plan.html",
        {
            "plans": plans,
            "current": subscription.plan,
            "subscription": subscription,
            "interval": interval,
            "usage": account.entitlements.usage(),
        },
        status=status,
    )


# --- API keys -------------------------------------------------------------------------


@role_required("can_manage_api_keys", OWNERS_ONLY)
def api_keys(request: AccountRequest) -> HttpResponse:
    account = _membership(request).account
    form = ApiKeyForm(request.POST or None)
    new_key = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            _key, new_key = services.api_key_create(
                account=account,
                name=form.cleaned_data["name"],
                created_by=request.user,
            )
        except services.AccountActionError as exc:
            # The plan has no API access: refused, whatever the form said.
            form.add_error(None, str(exc))
            status = 403
        else:
            status = 201
            form = ApiKeyForm()
    return TemplateResponse(
        request,
        "accounts/api_keys.html",
        {
            "form": form,
            "new_key": new_key,
            "keys": account.api_keys.select_related("created_by"),
            "api_access": account.entitlements.api_access,
        },
        status=status,
    )


@role_required("can_manage_api_keys", OWNERS_ONLY)
@require_POST
def api_key_revoke(request: AccountRequest, key_id: int) -> HttpResponse:
    key = get_object_or_404(_membership(request).account.api_keys, pk=key_id)
    services.api_key_revoke(key=key)
    messages.success(request, f"Key “{key.name}” revoked. Requests using it now get 401.")
    return redirect("accounts:api_keys")
