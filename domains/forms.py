"""The Domains pages' form: a hostname to connect, and how to validate its certificate."""

from __future__ import annotations

from django import forms

from code24.accounts.forms import CleanCharField


class DomainAddForm(forms.Form):
    hostname = CleanCharField(
        label="Your domain",
        max_length=300,
        help_text="The address you own, as visitors will type it, e.g. www.yourbusiness.com "
        "(without https:// or a path). We recommend the www form.",
    )
    with_pair = forms.BooleanField(
        label="Also connect the address with or without www, and send its visitors here",
        help_text="For www.yourbusiness.com that is yourbusiness.com, and the other way "
        "round; other names, such as shop.yourbusiness.com, are connected alone.",
        required=False,
        initial=True,
    )
    ssl_method = forms.ChoiceField(
        label="How the certificate is validated",
        choices=[
            ("http", "Automatically, once your CNAME is in place (recommended)"),
            ("txt", "With a DNS TXT record (before you switch your domain over)"),
        ],
        initial="http",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["hostname"].widget.attrs.update(
            {
                "autocomplete": "off",
                "autocapitalize": "none",
                "spellcheck": "false",
                "inputmode": "url",
                "placeholder": "www.yourbusiness.com",
            }
        )
