"""Forms of the sites pages: the brief, a site's address, deleting a site, and a visitor's
lead."""

from __future__ import annotations

import hashlib
import unicodedata
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.http import QueryDict
from pydantic import ValidationError as PydanticValidationError

from code24.accounts.forms import CleanCharField, reject_control_characters
from code24.ai.facts import WAY_LABELS, Facts
from code24.ai.schemas import Brief
from sites import addresses, brief_facts
from sites.briefs import (
    BUSINESS_TYPES,
    GOALS,
    URL_MAX_LENGTH,
    lines,
    phone_problem,
)

MAX_SERVICES = 12
MAX_COMPETITORS = 5
FACT_FIELDS = (
    "offers",
    "area_served",
    "hours",
    "hours_exceptions",
    "ways",
    "order_url",
    "differentiators",
    "founded",
    "team",
    "testimonials",
    "social",
)
# The brief form's optional facts, a few at a time: (heading, what it is for, fields).
FACT_GROUPS = (
    (
        "What you offer",
        "Your products or services, with prices if you like.",
        ("offers", "area_served"),
    ),
    (
        "When you're open",
        "Your usual hours, and the days they differ.",
        ("hours", "hours_exceptions"),
    ),
    ("How people buy from you", "Tick only the ways that are true for you.", ("ways", "order_url")),
    ("What makes you different", "In your own words.", ("differentiators", "founded")),
    ("People and reviews", "Who works there, and what customers said.", ("team", "testimonials")),
    ("Links", "Your pages elsewhere.", ("social",)),
)


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def description_marker(description: str) -> str:
    """What the form's hidden `facts_checked` holds once the customer has seen the facts
    found in this description: the second submit of the same description builds."""
    return hashlib.sha256(" ".join(description.split()).encode()).hexdigest()[:16]


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
    # --- Facts (all optional) ---
    offers = CleanCharField(
        label="What you offer",
        multiline=True,
        max_length=20_000,
        required=False,
        widget=_textarea(5),
        help_text="One per line: name — description — price, e.g. “Pão de ló — Portuguese "
        "sponge cake — €12.50”. The description and the price are optional; “Haircut: £25” "
        "works too. Up to 30.",
    )
    area_served = CleanCharField(
        label="Area you serve",
        max_length=200,
        required=False,
        help_text="e.g. “Leeds and Bradford” or “North London”.",
    )
    hours = CleanCharField(
        label="Opening hours",
        multiline=True,
        max_length=2_000,
        required=False,
        widget=_textarea(3),
        help_text="One line per group of days, e.g. “Mon\u2013Fri 07:00\u201319:00” and “Sat "
        "8:00\u201313:00”. Days you leave out show as closed.",
    )
    hours_exceptions = CleanCharField(
        label="Exceptions to your hours",
        multiline=True,
        max_length=4_000,
        required=False,
        widget=_textarea(2),
        help_text="One per line, e.g. “25 December: closed” or “August: 09:00\u201313:00”.",
    )
    ways = forms.MultipleChoiceField(
        label="How people buy from you",
        choices=list(WAY_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose among the ways shown."},
        help_text="The site's calls to action come from these: a site offers “Book a "
        "table” only when you tick it.",
    )
    order_url = CleanCharField(
        label="Where people order, book or sign up online",
        max_length=URL_MAX_LENGTH,
        required=False,
        help_text="The address of your shop, booking or sign-up page, starting with "
        "https://. Leave empty if people get in touch through the site.",
    )
    differentiators = CleanCharField(
        label="What makes you different",
        multiline=True,
        max_length=4_000,
        required=False,
        widget=_textarea(3),
        help_text="One per line, in your words, e.g. “No win, no fee” or “Free 30-minute "
        "consultation”. Up to 10.",
    )
    founded = forms.IntegerField(
        label="Year founded",
        required=False,
        min_value=1000,
        max_value=date.today().year,
        error_messages={
            "invalid": "Write the year the business started, like 1962.",
            "min_value": "Write the year the business started, like 1962.",
            "max_value": "The year the business started can't be in the future.",
        },
    )
    team = CleanCharField(
        label="Team",
        multiline=True,
        max_length=10_000,
        required=False,
        widget=_textarea(3),
        help_text="One person per line: name — role, e.g. “Rosa Almeida — head baker”.",
    )
    testimonials = CleanCharField(
        label="What customers said",
        multiline=True,
        max_length=10_000,
        required=False,
        widget=_textarea(3),
        help_text="One per line, with who said it: “The best pão de ló in Porto” — Maria S. "
        "Only words your customers gave you to use.",
    )
    social = CleanCharField(
        label="Links",
        multiline=True,
        max_length=8 * (URL_MAX_LENGTH + 2),
        required=False,
        widget=_textarea(2),
        help_text="Your Instagram, Facebook or other pages, one address per line, starting "
        "with https://.",
    )
    facts_checked = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
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
        "tone",
        *FACT_FIELDS,
        "phone",
        "email",
        "address",
        "competitor_urls",
        "facts_checked",
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
        self.fields["order_url"].widget.attrs.update({"type": "url", "inputmode": "url"})
        self.fields["founded"].widget.attrs.update({"inputmode": "numeric"})

    @property
    def goal_options(self) -> list[tuple[Any, str, str]]:
        """Each goal's radio with its title and what it means, for the template."""
        radios = list(self["primary_goal"])
        return [
            (radio, GOALS[radio.data["value"]][0], GOALS[radio.data["value"]][1])
            for radio in radios
        ]

    @property
    def fact_groups(self) -> list[dict[str, Any]]:
        """The facts' sections for the template, each open when it holds something."""
        groups = []
        for title, intro, names in FACT_GROUPS:
            fields = [self[name] for name in names]
            filled = any(f.value() not in (None, "", []) or f.errors for f in fields)
            groups.append({"title": title, "intro": intro, "fields": fields, "open": filled})
        return groups

    @property
    def facts_confirmed(self) -> bool:
        """Whether the customer has seen the facts found in this description."""
        data = self.cleaned_data
        return data.get("facts_checked") == description_marker(data.get("description", ""))

    def confirming(self, facts: Facts) -> BriefForm:
        """This form again, with ``facts`` written into its fields and the marker that
        lets the next submit build."""
        values = {
            "offers": brief_facts.offers_lines(facts.offers),
            "area_served": facts.area_served,
            "hours": brief_facts.hours_text(facts.hours),
            "hours_exceptions": brief_facts.exceptions_lines(facts.hours_exceptions),
            "order_url": str(facts.order_url or ""),
            "differentiators": "\n".join(facts.differentiators),
            "founded": str(facts.founded or ""),
            "team": brief_facts.team_lines(facts.team),
            "testimonials": brief_facts.testimonials_lines(facts.testimonials),
            "social": "\n".join(str(url) for url in facts.social),
            "facts_checked": description_marker(self.cleaned_data["description"]),
        }
        data = QueryDict(mutable=True)
        for name in self.data:
            sent = self.data.getlist(name) if isinstance(self.data, QueryDict) else None
            data.setlist(name, list(sent) if sent is not None else [self.data[name]])
        for name, value in values.items():
            data.setlist(name, [value])
        data.setlist("ways", list(facts.ways))
        return BriefForm(data)

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

    def _lines_of(self, name: str, read: Any) -> Any:
        try:
            return read(self.cleaned_data[name])
        except ValueError as exc:
            raise ValidationError(str(exc), code="lines") from None

    def clean_offers(self) -> Any:
        return self._lines_of("offers", brief_facts.offers_from_lines)

    def clean_hours(self) -> Any:
        return self._lines_of("hours", brief_facts.hours_from_lines)

    def clean_hours_exceptions(self) -> Any:
        return self._lines_of("hours_exceptions", brief_facts.exceptions_from_lines)

    def clean_differentiators(self) -> Any:
        return self._lines_of("differentiators", brief_facts.differentiators_from_lines)

    def clean_team(self) -> Any:
        return self._lines_of("team", brief_facts.team_from_lines)

    def clean_testimonials(self) -> Any:
        return self._lines_of("testimonials", brief_facts.testimonials_from_lines)

    def clean_social(self) -> Any:
        return self._lines_of("social", brief_facts.links_from_lines)

    def clean_order_url(self) -> str | None:
        url: str = self.cleaned_data["order_url"].strip()
        if url and (problem := brief_facts.url_problem(url)):
            raise ValidationError(problem, code="url")
        return url or None

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
        offers = data["offers"]
        try:
            self.brief = Brief.model_validate(
                {
                    **{name: data[name] for name in Brief.model_fields if name in data},
                    # Older readers of the brief read its services: the offers' names.
                    "services": [offer.name for offer in offers[:MAX_SERVICES]],
                    "facts": {name: data[name] for name in FACT_FIELDS},
                }
            )
        except PydanticValidationError as exc:
            for error in exc.errors():
                location = [str(part) for part in error["loc"]]
                if location[:1] == ["facts"]:
                    location = location[1:]
                field = location[0] if location else None
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
