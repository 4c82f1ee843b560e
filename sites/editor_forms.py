"""The editor's forms: each turns what the customer typed into edits ({path: value}) of the
site's spec (``sites.edits`` names the paths), with the spec's own limits as form rules so
a mistake is a sentence beside its field."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory

from code24.ai.facts import DAY_NAMES, DAYS, TIME
from sites import edits
from sites.drafts import fingerprint

LIST_SECTIONS_WITH_ITEMS = ("services", "products", "menu", "pricing", "features", "values")


def seen_field(form: forms.Form, shown: dict[str, Any]) -> None:
    """A hidden field with what the form showed ({path: fingerprint}), for the conflict
    check when it is saved."""
    form.fields["seen"] = forms.CharField(widget=forms.HiddenInput, required=False)
    form.initial["seen"] = json.dumps({p: fingerprint(v) for p, v in shown.items()})


def seen_of(data: Any) -> dict[str, str]:
    try:
        seen = json.loads(data.get("seen") or "{}")
    except (TypeError, ValueError):
        return {}
    return {str(k): str(v) for k, v in seen.items()} if isinstance(seen, dict) else {}


# --- The words of one page --------------------------------------------------------------


class PageWordsForm(forms.Form):
    """Every text of one page: its title and description, its headline, and each
    section's heading, text, button, picture description, photo and list items."""

    def __init__(
        self, *args: Any, spec: dict[str, Any], slug: str, photos: list[Any], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.spec, self.slug = spec, slug
        page = next(p for p in spec["content"]["pages"] if p["slug"] == slug)
        self.page = page
        self.paths: dict[str, str] = {}  # field name → path
        shown: dict[str, Any] = {}
        photo_choices = [("", "No photo (Code24's illustration)")] + [
            (p["id"], p["alt"]) for p in photos if p.get("kind", "photo") == "photo"
        ]

        def add(name: str, path: str, field: forms.Field, value: Any) -> None:
            self.fields[name] = field
            self.initial[name] = value
            self.paths[name] = path
            shown[path] = value

        add(
            "meta_title",
            f"page:{slug}:meta_title",
            forms.CharField(
                label="Title in search results and the browser tab",
                max_length=70,
                help_text="Up to 60 characters show whole in search results.",
            ),
            page["meta_title"],
        )
        add(
            "meta_description",
            f"page:{slug}:meta_description",
            forms.CharField(
                label="Description in search results",
                min_length=50,
                max_length=160,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="50 to 160 characters.",
            ),
            page["meta_description"],
        )
        add(
            "h1",
            f"page:{slug}:h1",
            forms.CharField(label="Headline", max_length=120),
            page["h1"],
        )
        self.sections: list[dict[str, Any]] = []
        for index, section in enumerate(page["sections"]):
            prefix = edits.section_path(spec, slug, index)
            names: dict[str, Any] = {"kind": section["kind"], "index": index, "fields": []}
            name = f"s{index}_heading"
            add(
                name,
                f"{prefix}:heading",
                forms.CharField(label="Heading", max_length=140),
                section["heading"],
            )
            names["fields"].append(name)
            name = f"s{index}_body"
            add(
                name,
                f"{prefix}:body",
                forms.CharField(
                    label="Text",
                    required=False,
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 4}),
                    help_text="A blank line starts a new paragraph.",
                ),
                section.get("body", ""),
            )
            names["fields"].append(name)
            if section.get("cta_label"):
                name = f"s{index}_cta_label"
                add(
                    name,
                    f"{prefix}:cta_label",
                    forms.CharField(label="Button", max_length=40),
                    section["cta_label"],
                )
                names["fields"].append(name)
            if section["kind"] in ("hero", "about", "story") or section.get("photo"):
                name = f"s{index}_photo"
                add(
                    name,
                    f"{prefix}:photo",
                    forms.ChoiceField(label="Photo", choices=photo_choices, required=False),
                    section.get("photo", ""),
                )
                names["fields"].append(name)
            items = section.get("items") or []
            names["items"] = []
            for number, item in enumerate(items):
                row = []
                for key, label, limit in (
                    ("title", "Name", 120),
                    ("detail", "Price or detail", 80),
                    ("text", "Text", 600),
                ):
                    name = f"s{index}_i{number}_{key}"
                    self.fields[name] = forms.CharField(
                        label=label,
                        max_length=limit,
                        required=key == "title",
                        widget=forms.Textarea(attrs={"rows": 2})
                        if key == "text"
                        else forms.TextInput,
                    )
                    self.initial[name] = item.get(key, "")
                    row.append(name)
                names["items"].append(row)
            if items:
                shown[f"{prefix}:items"] = items
            self.sections.append(names)
        seen_field(self, shown)
        self.shown = shown

    def changes(self) -> dict[str, Any]:
        """The edits this form asks for: every path whose value differs from what it showed."""
        data = self.cleaned_data
        out: dict[str, Any] = {}
        for name, path in self.paths.items():
            value = data.get(name, "")
            if not edits.same(value, self.shown[path]):
                out[path] = value
        for section in self.sections:
            index = section["index"]
            if not section["items"]:
                continue
            prefix = edits.section_path(self.spec, self.slug, index)
            old = self.page["sections"][index]["items"]
            new = [
                {
                    **old[number],
                    "title": data[f"s{index}_i{number}_title"],
                    "detail": data[f"s{index}_i{number}_detail"],
                    "text": data[f"s{index}_i{number}_text"],
                }
                for number in range(len(section["items"]))
            ]
            if not edits.same(new, old):
                out[f"{prefix}:items"] = new
        return out

    def section_groups(self) -> list[dict[str, Any]]:
        """For the template: each section with its bound fields and item rows."""
        return [
            {
                "kind": section["kind"],
                "heading": self.page["sections"][section["index"]]["heading"],
                "fields": [self[name] for name in section["fields"]],
                "items": [[self[name] for name in row] for row in section["items"]],
            }
            for section in self.sections
        ]


# --- The business facts ------------------------------------------------------------------


class OfferForm(forms.Form):
    name = forms.CharField(label="Name", max_length=100, required=False)
    price = forms.CharField(
        label="Price",
        max_length=40,
        required=False,
        help_text="As you write it: “€4.50”, “from £80”, “Free”.",
    )
    description = forms.CharField(label="Description", max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("name") and (data.get("price") or data.get("description")):
            raise ValidationError("Give this offer a name, or clear its price and description.")
        return data


class MemberForm(forms.Form):
    name = forms.CharField(label="Name", max_length=80, required=False)
    role = forms.CharField(label="Role", max_length=80, required=False)
    bio = forms.CharField(label="About them", max_length=300, required=False)


class TestimonialForm(forms.Form):
    quote = forms.CharField(
        label="What they said",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    author = forms.CharField(label="Who said it", max_length=80, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("quote")) != bool(data.get("author")):
            raise ValidationError("A testimonial needs both the words and who said them.")
        return data


class ExceptionForm(forms.Form):
    label = forms.CharField(
        label="When", max_length=80, required=False, help_text="“25 December”, “August”."
    )
    closed = forms.BooleanField(label="Closed", required=False)
    opens = forms.RegexField(label="Opens", regex=TIME, required=False, help_text="e.g. 10:00")
    closes = forms.RegexField(label="Closes", regex=TIME, required=False, help_text="e.g. 14:00")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("label")
            and not data.get("closed")
            and not (data.get("opens") and data.get("closes"))
        ):
            raise ValidationError("Tick “Closed”, or give the opening and closing times.")
        return data


OfferFormSet = formset_factory(OfferForm, extra=2, max_num=30, validate_max=True)
MemberFormSet = formset_factory(MemberForm, extra=1, max_num=20, validate_max=True)
TestimonialFormSet = formset_factory(TestimonialForm, extra=1, max_num=12, validate_max=True)
ExceptionFormSet = formset_factory(ExceptionForm, extra=1, max_num=20, validate_max=True)


class ContactHoursForm(forms.Form):
    """The phone, email and address, and the opening hours day by day."""

    phone = forms.CharField(label="Phone", max_length=40, required=False)
    email = forms.EmailField(label="Email", max_length=254, required=False)
    address = forms.CharField(label="Address", max_length=300, required=False)
    founded = forms.IntegerField(
        label="The year you started", required=False, min_value=1000, max_value=2100
    )
    social = forms.CharField(
        label="Links to your profiles",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One https:// address per line (Instagram, Facebook, ...).",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for day in DAYS:
            self.fields[f"{day}_opens"] = forms.RegexField(
                label=f"{DAY_NAMES[day]} opens", regex=TIME, required=False
            )
            self.fields[f"{day}_closes"] = forms.RegexField(
                label=f"{DAY_NAMES[day]} closes", regex=TIME, required=False
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for day in DAYS:
            opens, closes = data.get(f"{day}_opens"), data.get(f"{day}_closes")
            if bool(opens) != bool(closes):
                self.add_error(
                    f"{day}_opens",
                    f"Give both times for {DAY_NAMES[day]}, or leave both empty if closed.",
                )
        links = [line.strip() for line in (data.get("social") or "").splitlines() if line.strip()]
        bad = [link for link in links if not link.startswith(("https://", "http://"))]
        if bad:
            self.add_error("social", f"“{bad[0]}” is not a web address starting with https://.")
        if len(links) > 8:
            self.add_error("social", "Give at most 8 links.")
        data["social_links"] = links
        return data

    def days(self) -> list[dict[str, Any]]:
        return [
            {"name": DAY_NAMES[day], "opens": self[f"{day}_opens"], "closes": self[f"{day}_closes"]}
            for day in DAYS
        ]


def hours_initial(facts: dict[str, Any]) -> dict[str, str]:
    initial: dict[str, str] = {}
    for entry in facts.get("hours") or []:
        for day in entry["days"]:
            initial[f"{day}_opens"] = entry["opens"]
            initial[f"{day}_closes"] = entry["closes"]
    return initial


def hours_value(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Days with the same times as one line, in the week's order."""
    groups: dict[tuple[str, str], list[str]] = {}
    for day in DAYS:
        opens, closes = data.get(f"{day}_opens"), data.get(f"{day}_closes")
        if opens and closes:
            groups.setdefault((opens, closes), []).append(day)
    return [{"days": days, "opens": o, "closes": c} for (o, c), days in groups.items()]


def rows(formset: Any, keys: tuple[str, ...], *, needs: str) -> list[dict[str, Any]]:
    """A formset's filled rows as fact dicts (rows without ``needs`` are left out)."""
    found = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if data.get(needs):
            found.append(
                {key: data.get(key) if key == "closed" else (data.get(key) or "") for key in keys}
            )
    return found


# --- Brand -----------------------------------------------------------------------------


PALETTE_FIELDS = (
    ("primary", "Main colour (buttons, links)"),
    ("on_primary", "Text on the main colour"),
    ("accent", "Accent (decoration)"),
    ("background", "Background"),
    ("surface", "Panels"),
    ("text", "Text"),
    ("muted_text", "Quiet text"),
)


class BrandForm(forms.Form):
    display_name = forms.CharField(label="Name shown on the site", max_length=100)
    tagline = forms.CharField(label="Tagline", max_length=140)
    heading_font = forms.ChoiceField(label="Headings' font")
    body_font = forms.ChoiceField(label="Text font")

    def __init__(self, *args: Any, fonts: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("heading_font", "body_font"):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = fonts
        for name, label in PALETTE_FIELDS:
            self.fields[name] = forms.RegexField(
                label=label,
                regex=r"^#[0-9a-fA-F]{6}$",
                error_messages={"invalid": "Write the colour like #1a2b3c."},
                widget=forms.TextInput(attrs={"type": "color"}),
            )

    def palette(self) -> dict[str, str]:
        return {name: self.cleaned_data[name].lower() for name, _ in PALETTE_FIELDS}

    def colour_fields(self) -> list[Any]:
        return [self[name] for name, _ in PALETTE_FIELDS]


class LogoForm(forms.Form):
    logo = forms.FileField(label="Logo", help_text="PNG, JPEG or WebP, up to 20 MB.")


# --- Photos ----------------------------------------------------------------------------


class PhotoUploadForm(forms.Form):
    photo = forms.FileField(
        label="Photo", help_text="JPEG, PNG, WebP or HEIC (from an iPhone), up to 20 MB."
    )
    place = forms.ChoiceField(label="Show it", required=False)

    def __init__(self, *args: Any, places: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["place"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Keep it in the library for now"), *places]


class PhotoDetailsForm(forms.Form):
    alt = forms.CharField(
        label="Describe the photo",
        max_length=160,
        help_text="For people who can't see it and for search engines: what it shows.",
    )
    focal_x = forms.IntegerField(label="Keep in view, across (%)", min_value=0, max_value=100)
    focal_y = forms.IntegerField(label="Keep in view, down (%)", min_value=0, max_value=100)

    def clean_alt(self) -> str:
        alt = " ".join(self.cleaned_data["alt"].split())
        if not any(ch.isalpha() for ch in alt):
            raise ValidationError("Describe what the photo shows in words.")
        return alt


class AddPageForm(forms.Form):
    title = forms.CharField(label="Page name", max_length=40, help_text="In the menu: “Gallery”.")
    kind = forms.ChoiceField(label="What it shows")
    text = forms.CharField(
        label="Its text",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What visitors read on the page. Lists (the team, what you offer) come "
        "from your facts.",
    )

    def __init__(self, *args: Any, kinds: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kind"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = kinds
