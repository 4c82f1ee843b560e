"""Forms for accounts. Every text field refuses control characters (code24/text.py)."""

from __future__ import annotations

import unicodedata
from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.core import validators
from django.core.exceptions import ValidationError

from code24 import text
from code24.accounts.models import Membership, Plan


def reject_control_characters(value: str) -> None:
    """Refuse invisible control characters (tabs and newlines are fine in long text)."""
    if problem := text.multiline_problem(value):
        raise ValidationError(problem, code="control")


def reject_line_breaks_and_control_characters(value: str) -> None:
    """Single-line text (names) refuses every control character, line breaks included,
    and invisible format characters such as bidi overrides (code24/text.py).

    A name ends up in email subjects and headers, where a line break is an error.
    """
    if problem := text.single_line_problem(value):
        raise ValidationError(problem, code="control")


class CleanCharField(forms.CharField):
    """A CharField that refuses control characters.

    Single-line by default; pass ``multiline=True`` for long text, which may hold tabs
    and line breaks.
    """

    def __init__(self, *args: Any, multiline: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.validators.append(
            reject_control_characters if multiline else reject_line_breaks_and_control_characters
        )


# The user model's email column holds 254 characters; Django's form field allows 320.
EMAIL_MAX_LENGTH = 254
# Generous for password managers, and a bound on what the hasher is given.
PASSWORD_MAX_LENGTH = 1024


class SignupForm(AllauthSignupForm):
    workspace = CleanCharField(
        label="Business or workspace name",
        max_length=100,
        required=False,
        help_text="You can change it later. Leave empty to use your name.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limits = {
            "email": EMAIL_MAX_LENGTH,
            "password1": PASSWORD_MAX_LENGTH,
            "password2": PASSWORD_MAX_LENGTH,
        }
        for name, limit in limits.items():
            field = self.fields.get(name)
            if isinstance(field, forms.CharField):
                field.max_length = limit
                field.validators.append(validators.MaxLengthValidator(limit))
                field.widget.attrs["maxlength"] = str(limit)

    def clean_password1(self) -> str:
        password: str = self.cleaned_data["password1"]
        if any(unicodedata.category(ch) == "Cc" for ch in password):
            raise ValidationError(
                "Passwords can't contain invisible control characters. Type it again.",
                code="control",
            )
        return password


class AccountNameForm(forms.Form):
    name = CleanCharField(label="Workspace name", max_length=100)


class InvitationForm(forms.Form):
    email = forms.EmailField(label="Email address", max_length=254)
    role = forms.ChoiceField(
        choices=Membership.Role.choices,
        initial=Membership.Role.MEMBER,
        help_text=(
            "Owners manage members, the plan and API keys. Admins manage sites and domains. "
            "Members see everything and build sites."
        ),
    )

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
    interval = forms.ChoiceField(
        choices=[("month", "Monthly"), ("year", "Yearly")],
        required=False,
        error_messages={"invalid_choice": "Choose monthly or yearly billing."},
    )

    def clean_interval(self) -> str:
        return self.cleaned_data.get("interval") or "month"


class ApiKeyForm(forms.Form):
    name = CleanCharField(
        label="Key name",
        max_length=100,
        help_text="What will use this key, for example “Zapier” or “Reporting script”.",
    )


class SwitchAccountForm(forms.Form):
    account = forms.IntegerField(min_value=1)
