"""Forms for accounts. Every text field refuses control characters."""

from __future__ import annotations

import unicodedata
from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.core.exceptions import ValidationError

from code24.accounts.models import Membership, Plan


def reject_control_characters(value: str) -> None:
    """Refuse invisible control characters (tabs and newlines are fine in long text)."""
    if any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in value):
        raise ValidationError(
            "Remove the invisible control characters from this field.", code="control"
        )


class CleanCharField(forms.CharField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.validators.append(reject_control_characters)


class SignupForm(AllauthSignupForm):
    workspace = CleanCharField(
        label="Business or workspace name",
        max_length=100,
        required=False,
        help_text="You can change it later. Leave empty to use your name.",
    )


class AccountNameForm(forms.Form):
    name = CleanCharField(label="Workspace name", max_length=100)


class InvitationForm(forms.Form):
    email = forms.EmailField(label="Email address", max_length=254)
    role = forms.ChoiceField(choices=Membership.Role.choices, initial=Membership.Role.MEMBER)

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"]
        reject_control_characters(email)
        return email.lower()


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Membership.Role.choices)


class PlanForm(forms.Form):
    plan = forms.ModelChoiceField(
        queryset=Plan.objects.all(),
        to_field_name="slug",
        error_messages={"invalid_choice": "Choose one of the plans shown."},
    )


class ApiKeyForm(forms.Form):
    name = CleanCharField(
        label="Key name",
        max_length=100,
        help_text="What will use this key, for example “Zapier” or “Reporting script”.",
    )


class SwitchAccountForm(forms.Form):
    account = forms.IntegerField(min_value=1)
