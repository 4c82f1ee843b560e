"""Forms of the sites pages: the brief, a site's address, deleting a site, and a visitor's
lead."""

from __future__ import annotations

import unicodedata
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from pydantic import ValidationError as PydanticValidationError

from code24.accounts.forms import CleanCharField, reject_control_characters
from code24.ai.schemas import Brief
from sites import addresses
from sites.briefs import (
    BUSINESS_TYPES,
    GOALS,
    SERVICE_MAX_LENGTH,
    URL_MAX_LENGTH,
    lines,
    phone_problem,
)

MAX_SERVICES = 12
MAX_COMPETITORS = 5


class BriefForm(forms.Form):
    """What the customer tells us about the business. Valid means `Brief` accepts it too."""

    name = CleanCharField(
        label="Business name",
        max_length=100,
        help_text="As it should appear on the site, e.g. “Harbour Dental”.",
    )
    subdomain = forms.CharField(
        label="Web address",
        max_length=200,
        required=False,
        help_text="Your site's address on the web. Leave it empty and we suggest one from "
        "the name. You can change it later on the site's page.",
    )
    business_type = forms.ChoiceField(
        label="Kind of business",
        choices=[("", "Choose the closest match"), *BUSINESS_TYPES.items()],
        error_messages={
            "required": "Choose the kind of business closest to yours.",
            "invalid_choice": "Choose one of the kinds of business in the list.",
        },
        help_text="It picks the sections, words and trust signals that work for businesses "
        "like yours. “Something else” works too.",
    )
    primary_goal = forms.ChoiceField(
        label="What should the site achieve first?",
        choices=[(value, label) for value, (label, _) in GOALS.items()],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what the site should achieve first.",
            "invalid_choice": "Choose one of the goals shown.",
        },
    )
    description = CleanCharField(
        label="Describe your business",
        multiline=True,
        min_length=20,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text="What you offer, for whom, where, and what makes you different. "
        "A few sentences are plenty.",
        error_messages={
            "required": "Describe your business in a few sentences.",
            "min_length": "Tell us a little more: at least %(limit_value)d characters "
            "(it has %(show_value)d).",
        },
    )
    audience = CleanCharField(
        label="Who are your customers?",
        max_length=500,
        required=False,
        help_text="e.g. “Families and working parents in Portsmouth”.",
    )
    tone = CleanCharField(
        label="Tone of voice",
        max_length=200,
        required=False,
        help_text="e.g. “Warm and reassuring” or “Straight-talking and expert”.",
    )
    location = CleanCharField(
        label="Where you work",
        max_length=200,
        required=False,
        help_text="A town, a region, or “online”.",
    )
    services = CleanCharField(
        label="Services or products",
        multiline=True,
        max_length=MAX_SERVICES * (SERVICE_MAX_LENGTH + 2),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"One per line, up to {MAX_SERVICES}.",
    )
    phone = CleanCharField(label="Phone", max_length=40, required=False)
    email = forms.EmailField(
        label="Email for enquiries",
        max_length=254,
        required=False,
        validators=[reject_control_characters],
    )
    address = CleanCharField(
        label="Address",
        multiline=True,
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Shown on the contact page and to search engines. Leave empty if you "
        "work from home or only online.",
    )
    competitor_urls = CleanCharField(
        label="Competitors' websites",
        multiline=True,
        max_length=MAX_COMPETITORS * (URL_MAX_LENGTH + 2),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"One address per line, up to {MAX_COMPETITORS}, starting with https://. "
        "The AI team reads them and makes your site stand out against them.",
    )

    field_order = [
        "name",
        "subdomain",
        "business_type",
        "primary_goal",
        "description",
        "audience",
        "location",
        "services",
        "tone",
        "phone",
        "email",
        "address",
        "competitor_urls",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.attrs.update({"type": "tel", "autocomplete": "tel"})
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "organization"
        self.fields["address"].widget.attrs["autocomplete"] = "street-address"
        self.fields["subdomain"].widget.attrs.update(
            {"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        )

    @property
    def goal_options(self) -> list[tuple[Any, str, str]]:
        """Each goal's radio with its title and what it means, for the template."""
        radios = list(self["primary_goal"])
        return [
            (radio, GOALS[radio.data["value"]][0], GOALS[radio.data["value"]][1])
            for radio in radios
        ]

    @property
    def optional_filled(self) -> bool:
        return any(
            self[name].value() for name in ("audience", "tone", "location", "services")
        ) or any(self[name].errors for name in ("audience", "tone", "location", "services"))

    def clean_subdomain(self) -> str:
        subdomain = addresses.subdomain_clean(self.cleaned_data["subdomain"])
        if subdomain and (problem := addresses.subdomain_problem(subdomain)):
            raise ValidationError(problem, code="subdomain")
        return subdomain

    def clean_phone(self) -> str:
        phone: str = self.cleaned_data["phone"]
        if phone and (problem := phone_problem(phone)):
            raise ValidationError(problem, code="phone")
        return phone

    def clean_services(self) -> list[str]:
        services = lines(self.cleaned_data["services"])
        if len(services) > MAX_SERVICES:
            raise ValidationError(
                f"List at most {MAX_SERVICES} services (there are {len(services)}). "
                "Keep the ones that matter most.",
                code="too_many",
            )
        too_long = [s for s in services if len(s) > SERVICE_MAX_LENGTH]
        if too_long:
            raise ValidationError(
                f"Keep each service under {SERVICE_MAX_LENGTH} characters; "
                f"“{too_long[0][:40]}…” is longer.",
                code="too_long",
            )
        return services

    def clean_competitor_urls(self) -> list[str]:
        urls = lines(self.cleaned_data["competitor_urls"])
        if len(urls) > MAX_COMPETITORS:
            raise ValidationError(
                f"List at most {MAX_COMPETITORS} competitors' websites (there are {len(urls)}).",
                code="too_many",
            )
        check = URLValidator(schemes=["http", "https"])
        for url in urls:
            try:
                if len(url) > URL_MAX_LENGTH:
                    raise ValidationError("too long")
                check(url)
            except ValidationError:
                raise ValidationError(
                    f"“{url[:80]}” is not a website address. Use full addresses that start "
                    "with http:// or https://, one per line.",
                    code="url",
                ) from None
        return urls

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.errors:
            return data
        try:
            self.brief = Brief.model_validate(
                {name: data[name] for name in Brief.model_fields if name in data}
            )
        except PydanticValidationError as exc:
            for error in exc.errors():
                field = str(error["loc"][0]) if error["loc"] else None
                message = error["msg"].removeprefix("Value error, ")
                self.add_error(
                    field if field in self.fields else None,
                    f"{message[:1].upper()}{message[1:]}.",
                )
        return data


class SiteAddressForm(forms.Form):
    """A new address for a live site (its subdomain of the platform domain)."""

    subdomain = forms.CharField(
        label="New address",
        max_length=200,
        help_text="Letters a to z, digits and hyphens, 3 to 63 of them.",
        error_messages={"required": "Type the new address."},
    )

    def __init__(self, *args: Any, site: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.site = site
        self.fields["subdomain"].widget.attrs.update(
            {"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        )

    def clean_subdomain(self) -> str:
        subdomain = addresses.subdomain_clean(self.cleaned_data["subdomain"])
        if subdomain == self.site.slug:
            raise ValidationError(
                f"{self.site.hostname} already is this site's address.", code="same"
            )
        if problem := addresses.subdomain_problem(subdomain, site=self.site):
            raise ValidationError(problem, code="subdomain")
        return subdomain


def same_text(typed: str, expected: str) -> bool:
    """Whether two texts read the same: Unicode-normalised (NFC), case folded, trimmed."""

    def folded(text: str) -> str:
        return unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())

    return folded(typed.strip()) == folded(expected.strip())


class SiteDeleteForm(forms.Form):
    """Deleting a site asks for its name, typed, so nobody deletes the wrong one."""

    confirm_name = forms.CharField(label="Type the site's name to confirm", max_length=200)

    def __init__(self, *args: Any, site_name: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.site_name = site_name
        self.fields["confirm_name"].widget.attrs["autocomplete"] = "off"

    def clean_confirm_name(self) -> str:
        typed: str = self.cleaned_data["confirm_name"].strip()
        if not same_text(typed, self.site_name):
            raise ValidationError(
                f"Type the site's name as shown (“{self.site_name}”) to delete it.",
                code="mismatch",
            )
        return typed


# The contact form's one rule set. The generator writes these rules into the form's HTML
# (required, maxlength, pattern: see lead_field_rules), so the browser refuses exactly what
# LeadForm refuses and most mistakes never leave the visitor's page.
#
# An email address: the HTML standard's "valid email address" (what type=email checks)
# with at least one dot after the @, so "ana@gmail" is refused on both sides. Written so
# that it means the same to Python's re (fullmatch) and to a browser's pattern attribute
# (compiled as ^(?:...)$ with the v flag, where "/{|}-" must be escaped in a class).
LEAD_EMAIL_PATTERN = (
    r"[A-Za-z0-9.!#$%&'*+\/=?^_`\{\|\}~\-]+"
    r"@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)+"
)
LEAD_EMAIL_HINT = "An email address like name@example.com"


class MessageField(CleanCharField):
    """Long text whose line breaks count once: browsers send a textarea's line breaks as
    CRLF but count them as one character for maxlength."""

    def to_python(self, value: Any) -> str:
        text = super().to_python(value) or ""
        return text.replace("\r\n", "\n").replace("\r", "\n")


class LeadForm(forms.Form):
    """A visitor's contact-form submission, forwarded by the site's Worker."""

    name = CleanCharField(
        label="Name", max_length=200, error_messages={"required": "Enter your name."}
    )
    email = CleanCharField(
        label="Email",
        max_length=254,
        validators=[
            RegexValidator(
                rf"\A(?:{LEAD_EMAIL_PATTERN})\Z",
                message="Enter a complete email address, like name@example.com.",
                code="invalid",
            )
        ],
        widget=forms.EmailInput(attrs={"pattern": LEAD_EMAIL_PATTERN}),
        error_messages={"required": "Enter your email address, so that we can reply."},
    )
    phone = CleanCharField(label="Phone", max_length=40, required=False)
    message = MessageField(
        label="Message",
        multiline=True,
        max_length=5000,
        error_messages={"required": "Write your message."},
    )

    def error_sentence(self) -> str:
        """All the problems, as sentences a visitor reads on the site's page."""
        messages = [str(message) for errors in self.errors.values() for message in errors]
        return " ".join(messages) or "The form was not accepted."

    def field_errors(self) -> dict[str, str]:
        """Each refused field's first problem, to show beside that field."""
        return {name: str(errors[0]) for name, errors in self.errors.items() if errors}


def lead_field_rules() -> dict[str, dict[str, Any]]:
    """What the browser checks on the generated contact form, read from LeadForm itself:
    {field: {"required": bool, "maxlength": int, "pattern": str}} ("" for no pattern)."""
    return {
        name: {
            "required": field.required,
            "maxlength": field.max_length,
            "pattern": field.widget.attrs.get("pattern", ""),
        }
        for name, field in LeadForm.base_fields.items()
        if isinstance(field, forms.CharField)
    }
