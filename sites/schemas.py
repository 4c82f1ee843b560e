"""API schemas of sites and builds. `BuildIn` is the original design's build payload."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator, validate_email
from ninja import Schema
from pydantic import ConfigDict, Field, ValidationInfo, WithJsonSchema, field_validator
from pydantic import ValidationError as PydanticValidationError

from code24 import text
from code24.ai.extract import facts_from_text, merge_facts
from code24.ai.facts import DAYS, WAY_LABELS, Facts, Offer
from code24.ai.schemas import Brief
from sites.addresses import (
    RESERVED,
    SUBDOMAIN_MAX,
    subdomain_format_problem,
)
from sites.briefs import (
    BUSINESS_TYPES,
    GOALS,
    SERVICE_MAX_LENGTH,
    URL_MAX_LENGTH,
    business_type_from,
    lines,
    phone_problem,
    primary_goal_from,
)

_SINGLE_LINE = ("name", "business_type", "primary_goal", "audience", "tone", "location", "phone")
_OPTIONAL_TEXT = ("audience", "tone", "location", "phone", "email", "address")
_TEXT_LIMITS = {
    "name": 100,
    "description": 4000,
    "business_type": 60,
    "primary_goal": 60,
    "audience": 500,
    "tone": 200,
    "location": 200,
    "phone": 40,
    "email": 254,
    "address": 300,
}
_ITEM_LIMITS = {"services": SERVICE_MAX_LENGTH, "competitor_urls": URL_MAX_LENGTH}


# --- What the OpenAPI schema says about each field ------------------------------------
# As exact as JSON Schema allows, so that every request valid by the schema is accepted
# and (nearly) every other refused: lengths count the characters sent; leading and
# trailing whitespace is trimmed before anything else is checked; a single line refuses
# control and invisible format characters (code24/text.py; the schema also refuses the
# joiners the server keeps inside emoji), long text refuses control characters but tabs
# and line breaks; empty and null optional fields mean "not given".

_LINE = f"[^{text.SINGLE_LINE_REFUSED}]"
_LONG = f"[^{text.MULTILINE_REFUSED}]"
_LONG_CHAR = f"[^\\s{text.MULTILINE_REFUSED}]"
_NULL = {"type": "null"}
_PHONE_SEPARATORS = "[ ().\\-/]*"
PHONE_PATTERN = f"^\\s*(\\+?{_PHONE_SEPARATORS}([0-9]{_PHONE_SEPARATORS}){{5,20}})?\\s*$"
# http(s) addresses that both Django's URLValidator and pydantic's HttpUrl accept: ASCII
# host names of two or three labels, a port up to 65535, a path, query and fragment of
# URL characters.
_LABEL = "[a-z0-9]{1,20}(-[a-z0-9]{1,20}){0,2}"
_PORT = "([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])"
_URL_CHARS = "[A-Za-z0-9._~!$&'()*+,;=:@/-]"
URL_PATTERN = (
    f"^\\s*(https?://({_LABEL}\\.){{1,2}}[a-z]{{2,20}}(:{_PORT})?"
    f"(/{_URL_CHARS}*)?(\\?{_URL_CHARS}*)?(#{_URL_CHARS}*)?)?\\s*$"
)


def _trimmed(inner: str, refused: str, *, required: bool) -> str:
    """A pattern: text of `inner` characters, not starting or ending with whitespace, with
    any whitespace around it (the server trims that before it checks anything else)."""
    core = f"[^\\s{refused}]({inner}*[^\\s{refused}])?"
    return f"^\\s*{core}\\s*$" if required else f"^\\s*({core})?\\s*$"


def _one_line(max_length: int, *, required: bool = False) -> dict[str, Any]:
    pattern = _trimmed(_LINE, text.SINGLE_LINE_REFUSED, required=required)
    line = {"type": "string", "maxLength": max_length, "pattern": pattern}
    if required:
        return {**line, "minLength": 1}
    return {"anyOf": [line, _NULL]}


def _list_of(item: dict[str, Any], max_items: int) -> dict[str, Any]:
    return {"anyOf": [{"type": "array", "maxItems": max_items, "items": item}, _NULL]}


NAME_SCHEMA = _one_line(100, required=True)
DESCRIPTION_SCHEMA = {
    "type": "string",
    "minLength": 20,
    "maxLength": 4000,
    # At least 20 characters from the first to the last that is not whitespace.
    "pattern": f"^\\s*{_LONG_CHAR}{_LONG}{{18,}}{_LONG_CHAR}\\s*$",
}
ADDRESS_SCHEMA = {
    "anyOf": [
        {
            "type": "string",
            "maxLength": 300,
            "pattern": _trimmed(_LONG, text.MULTILINE_REFUSED, required=False),
        },
        _NULL,
    ]
}
PHONE_SCHEMA = {"anyOf": [{"type": "string", "maxLength": 40, "pattern": PHONE_PATTERN}, _NULL]}
EMAIL_SCHEMA = {
    "anyOf": [
        {"type": "string", "format": "email", "maxLength": 254},
        {"type": "string", "pattern": "^\\s*$"},
        _NULL,
    ]
}
SERVICES_SCHEMA = _list_of(_one_line(SERVICE_MAX_LENGTH)["anyOf"][0], 12)
# A subdomain the server takes as it is: 3-63 of a-z 0-9 and hyphens, no hyphen at either
# end, not "xn--..." and not a reserved word; or empty (one is suggested from the name).
SUBDOMAIN_SCHEMA = {
    "anyOf": [
        {
            "type": "string",
            "maxLength": SUBDOMAIN_MAX,
            "pattern": "^$|^(?!xn--)(?!(?:"
            + "|".join(sorted(RESERVED))
            + ")$)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$",
        },
        _NULL,
    ]
}
URLS_SCHEMA = _list_of({"type": "string", "maxLength": URL_MAX_LENGTH, "pattern": URL_PATTERN}, 5)


# The business facts (code24/ai/facts.py): every text a single line, trimmed, its length
# counted as sent; times HH:MM on a 24-hour clock; empty addresses mean none.
_TIME = "(?:[01][0-9]|2[0-3]):[0-5][0-9]|24:00"
# (path of a text in the facts, its limit, whether it must have a character)
_FACT_TEXTS: dict[tuple[str, ...], tuple[int, bool]] = {
    ("offers", "name"): (100, True),
    ("offers", "description"): (300, False),
    ("offers", "price"): (40, False),
    ("hours_exceptions", "label"): (80, True),
    ("area_served",): (200, False),
    ("differentiators",): (200, False),
    ("team", "name"): (80, True),
    ("team", "role"): (80, False),
    ("team", "bio"): (300, False),
    ("testimonials", "quote"): (500, True),
    ("testimonials", "author"): (80, True),
}


def _fact_text(path: tuple[str, ...]) -> dict[str, Any]:
    limit, required = _FACT_TEXTS[path]
    pattern = _trimmed(_LINE, text.SINGLE_LINE_REFUSED, required=required)
    return {"type": "string", "maxLength": limit, "pattern": pattern} | (
        {"minLength": 1} if required else {}
    )


def _object(properties: dict[str, Any], required: list[str], max_items: int) -> dict[str, Any]:
    return {
        "type": "array",
        "maxItems": max_items,
        "items": {
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        },
    }


_URL_ITEM = {"type": "string", "maxLength": URL_MAX_LENGTH, "pattern": URL_PATTERN}
FACTS_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {
            "type": "object",
            "additionalProperties": False,
            "description": "What is true about the business; the site states nothing "
            "specific that is not here or in the brief. Facts stated in `description` "
            '(opening hours, prices, "since 1962", "no win, no fee") are added to '
            "these by themselves; nothing sent here is replaced.",
            "properties": {
                "offers": _object(
                    {
                        "name": _fact_text(("offers", "name")),
                        "description": _fact_text(("offers", "description")),
                        "price": _fact_text(("offers", "price")),
                    },
                    ["name"],
                    30,
                ),
                "hours": _object(
                    {
                        "days": {
                            "type": "array",
                            "minItems": 1,
                            "maxItems": 7,
                            "items": {"type": "string", "enum": list(DAYS)},
                        },
                        "opens": {"type": "string", "pattern": f"^\\s*(?:{_TIME})\\s*$"},
                        "closes": {"type": "string", "pattern": f"^\\s*(?:{_TIME})\\s*$"},
                    },
                    ["days", "opens", "closes"],
                    14,
                ),
                "hours_exceptions": _object(
                    {
                        "label": _fact_text(("hours_exceptions", "label")),
                        "closed": {"type": "boolean"},
                        "opens": {"type": "string", "pattern": f"^\\s*(?:{_TIME})?\\s*$"},
                        "closes": {"type": "string", "pattern": f"^\\s*(?:{_TIME})?\\s*$"},
                    },
                    ["label"],
                    20,
                ),
                "area_served": _fact_text(("area_served",)),
                "ways": {
                    "type": "array",
                    "maxItems": len(WAY_LABELS),
                    "items": {"type": "string", "enum": list(WAY_LABELS)},
                },
                "order_url": {"anyOf": [_URL_ITEM, _NULL]},
                "differentiators": {
                    "type": "array",
                    "maxItems": 10,
                    "items": _fact_text(("differentiators",)),
                },
                "founded": {
                    "anyOf": [{"type": "integer", "minimum": 1000, "maximum": 2100}, _NULL]
                },
                "team": _object(
                    {
                        "name": _fact_text(("team", "name")),
                        "role": _fact_text(("team", "role")),
                        "bio": _fact_text(("team", "bio")),
                    },
                    ["name"],
                    20,
                ),
                "testimonials": _object(
                    {
                        "quote": _fact_text(("testimonials", "quote")),
                        "author": _fact_text(("testimonials", "author")),
                    },
                    ["quote", "author"],
                    12,
                ),
                "social": {"type": "array", "maxItems": 8, "items": _URL_ITEM},
            },
        },
        _NULL,
    ]
}


def _facts_texts_checked(raw: dict[str, Any]) -> dict[str, Any]:
    """``raw`` with every text trimmed, after checking its length as sent and its
    characters; an empty address means none. Shapes are left to the Facts model."""

    def text_of(value: Any, path: tuple[str, ...], where: str) -> Any:
        if not isinstance(value, str):
            return value
        limit = _FACT_TEXTS[path][0] if path in _FACT_TEXTS else URL_MAX_LENGTH
        if len(value) > limit:
            raise ValueError(f"{where}: keep it under {limit} characters")
        if problem := text.single_line_problem(value.strip()):
            raise ValueError(f"{where}: {problem.rstrip('.')}")
        return value.strip()

    checked = dict(raw)
    for name, value in raw.items():
        if name in ("area_served", "order_url") or (name,) in _FACT_TEXTS:
            checked[name] = text_of(value, (name,), name)
        if isinstance(value, list) and name in ("differentiators", "social"):
            checked[name] = [text_of(v, (name,), f"{name}.{i}") for i, v in enumerate(value)]
            if name == "social":  # counted as sent; an empty address is none
                if len(value) > 8:
                    raise ValueError("social: list at most 8")
                checked[name] = [v for v in checked[name] if v != ""]
        elif isinstance(value, list):
            checked[name] = [
                {
                    key: text_of(v, (name, key), f"{name}.{i}.{key}")
                    if (name, key) in _FACT_TEXTS
                    else v
                    for key, v in item.items()
                }
                if isinstance(item, dict)
                else item
                for i, item in enumerate(value)
            ]
    if checked.get("order_url") == "":
        checked["order_url"] = None
    founded = checked.get("founded")
    if isinstance(founded, float) and founded.is_integer():
        checked["founded"] = int(founded)  # 1962.0 is an integer in JSON
    return checked


_FACT_PROBLEMS = {
    "missing": "is missing",
    "string_too_short": "must not be empty",
    "string_type": "must be text",
    "list_type": "must be a list",
    "dict_type": "must be an object",
    "model_type": "must be an object",
    "bool_type": "must be true or false",
    "int_type": "must be a whole number",
    "extra_forbidden": "is not one of the facts' fields",
    "string_pattern_mismatch": "write a time as HH:MM on a 24-hour clock, like 07:30",
    "url_parsing": "is not a web address; use one that starts with https://",
    "url_scheme": "is not a web address; use one that starts with https:// or http://",
    "url_type": "is not a web address; use one that starts with https://",
    "greater_than_equal": "must be a year between 1000 and 2100",
    "less_than_equal": "must be a year between 1000 and 2100",
}


def facts_problem(exc: PydanticValidationError) -> str:
    """The first problem with sent facts, as a sentence that says what to fix."""
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"]) or "facts"
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "too_long":
        what = f"list at most {ctx.get('max_length')}"
    elif kind == "too_short":
        what = "list at least one"
    elif kind == "literal_error":
        what = f"use one of {ctx.get('expected', '')}"
    elif kind == "string_too_long":
        what = f"keep it under {ctx.get('max_length')} characters"
    else:
        what = _FACT_PROBLEMS.get(kind, str(error["msg"]).removeprefix("Value error, "))
    return f"{where}: {what}"


def _refuse_control_characters(value: str, *, multiline: bool) -> str:
    """The shared check of code24/text.py (the dashboard's forms use it too)."""
    problem = text.multiline_problem(value) if multiline else text.single_line_problem(value)
    if problem:
        raise ValueError(problem.rstrip("."))
    return value


class BuildIn(Schema):
    """A brief: what the business is and what its site should achieve.

    Field names follow the original design (`businessType`, `primaryGoal`,
    `competitorUrls`); the snake_case names (`business_type`, ...) work too.
    """

    model_config = ConfigDict(extra="forbid", populate_by_name=True, str_strip_whitespace=True)

    name: Annotated[str, WithJsonSchema(NAME_SCHEMA)] = Field(
        min_length=1, max_length=100, description="The business name, as the site shows it."
    )
    description: Annotated[str, WithJsonSchema(DESCRIPTION_SCHEMA)] = Field(
        min_length=20,
        max_length=4000,
        description="What the business offers, for whom, where, and what makes it different.",
    )
    business_type: Annotated[
        str, WithJsonSchema({"type": "string", "enum": list(BUSINESS_TYPES)})
    ] = Field(
        alias="businessType",
        max_length=60,
        description='The kind of business; "other" when none fits. Clients written for the '
        "original design may keep sending other spellings: case, spaces and underscores "
        'don\'t matter, and common ones are understood ("ecommerce" means e-commerce, '
        '"law firm" law-firm, "dentist" dental-clinic).',
    )
    primary_goal: Annotated[str, WithJsonSchema({"type": "string", "enum": list(GOALS)})] = Field(
        alias="primaryGoal",
        max_length=60,
        description="What the site should achieve first. The original design's "
        '"conversion_rate" is still understood: sales for e-commerce and saas, '
        "lead_generation for every other business type.",
    )
    audience: Annotated[str, WithJsonSchema(_one_line(500))] = Field(
        default="", max_length=500, description="Who the customers are."
    )
    tone: Annotated[str, WithJsonSchema(_one_line(200))] = Field(
        default="", max_length=200, description='e.g. "warm and reassuring".'
    )
    location: Annotated[str, WithJsonSchema(_one_line(200))] = Field(
        default="", max_length=200, description="A town, a region, online."
    )
    services: Annotated[list[str], WithJsonSchema(SERVICES_SCHEMA)] = Field(
        default_factory=list,
        max_length=12,
        description=f"Up to 12 services or products, each up to {SERVICE_MAX_LENGTH} characters.",
    )
    phone: Annotated[str, WithJsonSchema(PHONE_SCHEMA)] = Field(
        default="",
        max_length=40,
        description="Digits, spaces and + ( ) - . / only, with 5 to 20 digits.",
    )
    email: Annotated[str, WithJsonSchema(EMAIL_SCHEMA)] = Field(default="", max_length=254)
    address: Annotated[str, WithJsonSchema(ADDRESS_SCHEMA)] = Field(default="", max_length=300)
    competitor_urls: Annotated[list[str], WithJsonSchema(URLS_SCHEMA)] = Field(
        default_factory=list,
        alias="competitorUrls",
        max_length=5,
        description="Up to 5 competitors' websites (http or https) for the competitive analysis.",
    )
    facts: Annotated[Facts, WithJsonSchema(FACTS_SCHEMA)] = Field(
        default_factory=Facts,
        description="What is true about the business: offers and prices, opening hours, "
        "how people buy, what makes it different, team, testimonials, links. Optional; "
        "facts the description states are added to them (never replacing what is sent), "
        "and the site's brief shows the result.",
    )
    subdomain: Annotated[str, WithJsonSchema(SUBDOMAIN_SCHEMA)] = Field(
        default="",
        max_length=200,
        description="The site's address: `<subdomain>.<platform domain>`, 3 to 63 letters "
        "a-z, digits and hyphens. Empty or left out: one is suggested from the name. An "
        'address another site has (or held until lately) answers 409 "conflict".',
    )

    @field_validator(*_TEXT_LIMITS, mode="before")
    @classmethod
    def _sent_length(cls, value: Any, info: ValidationInfo) -> Any:
        """Lengths count what was sent, surrounding whitespace included (as the OpenAPI
        schema's maxLength says); pydantic counts after trimming."""
        limit = _TEXT_LIMITS[str(info.field_name)]
        if isinstance(value, str) and len(value) > limit:
            raise ValueError(f"String should have at most {limit} characters")
        return value

    @field_validator(*_ITEM_LIMITS, mode="before")
    @classmethod
    def _sent_item_length(cls, value: Any, info: ValidationInfo) -> Any:
        limit = _ITEM_LIMITS[str(info.field_name)]
        if isinstance(value, list) and any(isinstance(v, str) and len(v) > limit for v in value):
            raise ValueError(f"Keep each item under {limit} characters")
        return value

    @field_validator(*_OPTIONAL_TEXT, mode="before")
    @classmethod
    def _null_is_empty(cls, value: Any) -> Any:
        return "" if value is None else value

    @field_validator("facts", mode="before")
    @classmethod
    def _facts(cls, value: Any) -> Facts:
        if value is None:
            return Facts()
        if not isinstance(value, dict):
            raise ValueError('Send the facts as an object, like {"offers": [{"name": "..."}]}')
        try:
            return Facts.model_validate_json(json.dumps(_facts_texts_checked(value)), strict=True)
        except PydanticValidationError as exc:
            raise ValueError(facts_problem(exc)) from None

    @field_validator("subdomain", mode="before")
    @classmethod
    def _no_subdomain(cls, value: Any) -> Any:
        return "" if value is None else value

    @field_validator("subdomain")
    @classmethod
    def _subdomain(cls, value: str) -> str:
        # Taken as sent (the dashboard's form also understands "Bakery" or a whole
        # hostname): what the schema's pattern allows, and nothing else.
        if value and (problem := subdomain_format_problem(value)):
            raise ValueError(problem.rstrip("."))
        return value

    @field_validator("services", "competitor_urls", mode="before")
    @classmethod
    def _null_is_no_items(cls, value: Any) -> Any:
        return [] if value is None else value

    @field_validator(*_SINGLE_LINE)
    @classmethod
    def _single_line(cls, value: str) -> str:
        return _refuse_control_characters(value, multiline=False)

    @field_validator("description", "address")
    @classmethod
    def _multiline(cls, value: str) -> str:
        return _refuse_control_characters(value, multiline=True)

    @field_validator("business_type")
    @classmethod
    def _business_type(cls, value: str) -> str:
        found = business_type_from(value)
        if found is None:
            raise ValueError(f"Use one of {', '.join(BUSINESS_TYPES)}")
        return found

    @field_validator("primary_goal")
    @classmethod
    def _primary_goal(cls, value: str, info: ValidationInfo) -> str:
        found = primary_goal_from(value, info.data.get("business_type"))
        if found is None:
            raise ValueError(f"Use one of {', '.join(GOALS)}")
        return found

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        if value and (problem := phone_problem(value)):
            raise ValueError(problem.rstrip("."))
        return value

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        if value:
            try:
                validate_email(value)
            except DjangoValidationError:
                raise ValueError("Enter a valid email address") from None
        return value

    @field_validator("services")
    @classmethod
    def _services(cls, value: list[str]) -> list[str]:
        items = lines("\n".join(_refuse_control_characters(v, multiline=False) for v in value))
        if any(len(item) > SERVICE_MAX_LENGTH for item in items):
            raise ValueError(f"Keep each service under {SERVICE_MAX_LENGTH} characters")
        return items

    @field_validator("competitor_urls")
    @classmethod
    def _competitor_urls(cls, value: list[str]) -> list[str]:
        check = URLValidator(schemes=["http", "https"])
        urls = [url.strip() for url in value if url.strip()]
        for url in urls:
            try:
                if len(url) > URL_MAX_LENGTH:
                    raise DjangoValidationError("too long")
                check(url)
            except DjangoValidationError:
                raise ValueError(
                    f"{url[:80]!r} is not a website address; use http:// or https:// addresses"
                ) from None
        return urls

    def to_brief(self) -> Brief:
        """The brief the pipeline reads (raises pydantic's ValidationError if it disagrees)."""
        return self.brief_and_found()[0]

    def brief_and_found(self) -> tuple[Brief, list[str]]:
        """The brief, and a sentence for each fact found in the description and added to
        the facts sent (an API client can't be asked to confirm them). Services sent are
        offers too; offers sent name the services when none are sent."""
        facts = self.facts
        named = {offer.name.casefold() for offer in facts.offers}
        more = [Offer(name=name) for name in self.services if name.casefold() not in named]
        if more:
            facts = facts.model_copy(update={"offers": [*facts.offers, *more][:30]})
        merged, found = merge_facts(facts, facts_from_text(self.description))
        data = self.model_dump(by_alias=False, exclude={"subdomain", "facts"})
        data["services"] = self.services or [offer.name for offer in merged.offers[:12]]
        data["facts"] = merged.model_dump(mode="json")
        return Brief.model_validate(data), found


class StepPartOut(Schema):
    """Who wrote one part of an AI step's result (the copy is written page by page)."""

    part: str = Field(description="A page's slug, or 'faq and structured data'.")
    provider: str = Field(description="builtin, workers-ai or openai.")
    model: str
    attempts: int = Field(description="How many times the model was asked for this part.")
    fallback_reason: str = Field(
        description="Why Code24's built-in writer wrote this part instead (empty: it did not)."
    )


class StepOut(Schema):
    name: str
    title: str
    status: str = Field(description="pending, running, succeeded or failed.")
    attempts: int = Field(description="How many times the step was run.")
    started_at: datetime | None
    finished_at: datetime | None
    duration_seconds: float | None
    error: str = Field(description="Why the step failed (or why its last attempt failed).")
    provider: str | None = Field(
        description=(
            "Which AI provider produced an AI step's result: builtin (Code24's built-in "
            "writer, from its knowledge of business types and the customer's facts, without "
            "a language model), workers-ai or openai."
        )
    )
    model: str | None = Field(description="The model that produced an AI step's result.")
    model_attempts: int | None = Field(
        description="How many times the model was asked for an AI step's result (all parts)."
    )
    fallback_reason: str = Field(
        description=(
            "Why the configured model's answer was not used (or not for every part), and "
            "Code24's built-in writer's was; empty when it was used."
        )
    )
    parts: list[StepPartOut] = Field(
        description="For a result written in parts (the copy, page by page): who wrote each."
    )
    waiting: bool = Field(
        description=(
            "The step failed for a passing reason (Cloudflare busy or unreachable) and waits "
            "to be tried again by itself; `error` says why, `next_attempt_at` when."
        )
    )
    waiting_since: datetime | None = Field(
        description="Since when the step has been failing for passing reasons."
    )
    next_attempt_at: datetime | None = Field(description="When the waiting step is tried again.")
    retry_until: datetime | None = Field(
        description="The step is tried again until then; after that, the build fails."
    )


class BuildOut(Schema):
    id: int
    site_id: int
    kind: str = Field(description="initial, rebuild or optimization.")
    status: str = Field(description="queued, running, succeeded or failed.")
    error: str = Field(description="Why the build failed, in a sentence for the customer.")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    steps: list[StepOut]
    status_url: str = Field(description="Poll this address for the build's progress.")
    page_url: str = Field(description="The build's page in the dashboard.")
    site_url: str = Field(
        description="The site's public address; it answers once the build has published it."
    )
    facts_found: list[str] = Field(
        default_factory=list,
        description="In the answer to POST /builds: the facts Code24 found in the "
        "description and added to the site's facts (opening hours, prices, the year it "
        "started...), one sentence each. Check them on the site's brief.",
    )


class TriggerBuildOut(Schema):
    """The original design's answer to `POST /trigger/build` (camelCase)."""

    model_config = ConfigDict(populate_by_name=True)

    build_id: int = Field(alias="buildId")
    status: str
    status_url: str = Field(alias="statusUrl")
    site_id: int = Field(alias="siteId")
    site_url: str = Field(alias="siteUrl")


class VersionOut(Schema):
    id: int
    number: int
    made_by: str
    created_at: datetime
    deployed_at: datetime | None
    total_bytes: int
    content_hash: str
    is_current: bool


class SiteOut(Schema):
    id: int
    name: str
    hostname: str
    status: str = Field(
        description="building (its first build runs), live (its address serves it), "
        "offline (taken offline; its versions are kept) or failed (its first build stopped)."
    )
    improvements: str = Field(
        description="on or paused: whether Code24 may change the site by itself in its "
        "scheduled improvement cycles."
    )
    url: str | None = Field(description="The site's public address while it is live.")
    current_version: int | None = Field(
        description="The number of the version online (for an offline site: the version "
        "that comes back when it is put back online)."
    )
    created_at: datetime
    next_optimization_at: datetime | None = Field(
        description="When the next improvement cycle is due; null while none is "
        "scheduled (the site is not live, its improvements are paused, or it was just "
        "published)."
    )


class SiteDetailOut(SiteOut):
    brief: dict[str, Any]
    versions: list[VersionOut]
    latest_build: BuildOut | None


class RestoreIn(Schema):
    model_config = ConfigDict(extra="forbid")

    version_id: int = Field(description="The id of one of the site's earlier versions.")


class RestoreOut(Schema):
    site_id: int
    version_id: int
    version: int
    message: str
