"""The billing details form (the card itself is entered in Stripe's own fields)."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError

from code24.accounts.forms import CleanCharField
from code24.billing.models import BillingDetails

# EU VAT numbers: the country's two letters, then 2 to 13 letters and digits (Stripe's
# eu_vat tax id; it checks the number itself with VIES).
VAT_RE = re.compile(r"[A-Z]{2}[0-9A-Z+*]{2,13}")


class BillingDetailsForm(forms.ModelForm):
    company_name = CleanCharField(label="Company name", max_length=150, required=False)
    line1 = CleanCharField(label="Address", max_length=200, required=False)
    line2 = CleanCharField(label="Address line 2", max_length=200, required=False)
    city = CleanCharField(max_length=100, required=False)
    postal_code = CleanCharField(label="Postal code", max_length=20, required=False)
    state = CleanCharField(label="State or region", max_length=100, required=False)
    country = CleanCharField(
        max_length=2, required=False, help_text="Two letters, e.g. DE, FR, GB or US."
    )
    vat_number = CleanCharField(
        label="VAT number",
        max_length=20,
        required=False,
        help_text="EU businesses: with the country's letters, e.g. DE123456789.",
    )

    class Meta:
        model = BillingDetails
        fields = [
            "company_name",
            "email",
            "line1",
            "line2",
            "city",
            "postal_code",
            "state",
            "country",
            "vat_number",
        ]
        labels = {"email": "Billing email"}

    def clean_country(self) -> str:
        country = self.cleaned_data["country"].strip().upper()
        if country and not re.fullmatch(r"[A-Z]{2}", country):
            raise ValidationError("Write the country as two letters, e.g. DE or US.")
        return country

    def clean_vat_number(self) -> str:
        vat = re.sub(r"[\s.\-]", "", self.cleaned_data["vat_number"]).upper()
        if vat and not VAT_RE.fullmatch(vat):
            raise ValidationError(
                "A VAT number starts with the country's two letters, then digits, e.g. DE123456789."
            )
        return vat


class CardSavedForm(forms.Form):
    setup_intent = forms.RegexField(
        regex=r"^seti_[A-Za-z0-9]{1,80}$",
        error_messages={"invalid": "That card setup is not known. Please add the card again."},
    )
