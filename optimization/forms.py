"""The "Scan any site" form: the address of a website."""

from __future__ import annotations

from django import forms

from code24.accounts.forms import CleanCharField
from optimization.services import SCAN_URL_MAX_LENGTH


class ScanForm(forms.Form):
    url = CleanCharField(
        label="Website address",
        max_length=SCAN_URL_MAX_LENGTH,
        help_text="Any public website, yours or a competitor's, e.g. https://www.yourbusiness.com",
        error_messages={"required": "Enter the address of the website to scan."},
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["url"].widget.attrs.update(
            {
                "autocomplete": "url",
                "autocapitalize": "none",
                "spellcheck": "false",
                "inputmode": "url",
                "placeholder": "https://www.yourbusiness.com",
            }
        )
