"""API schemas of sites and builds. `BuildIn` is the original design's build payload."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator, validate_email
from ninja import Schema
from pydantic import ConfigDict, Field, ValidationInfo, field_validator

from code24 import text
from code24.ai.schemas import Brief
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

    name: str = Field(
        min_length=1, max_length=100, description="The business name, as the site shows it."
    )
    description: str = Field(
        min_length=20,
        max_length=4000,
        description="What the business offers, for whom, where, and what makes it different.",
    )
    business_type: str = Field(
        alias="businessType",
        max_length=60,
        description="One of: "
        + ", ".join(BUSINESS_TYPES)
        + ". Case, spaces and underscores don't matter, and common spellings are understood "
        '("ecommerce" and "E-Commerce" mean e-commerce, "law firm" means law-firm, '
        '"dentist" means dental-clinic). Use "other" when none fits.',
    )
    primary_goal: str = Field(
        alias="primaryGoal",
        max_length=60,
        description="One of: "
        + ", ".join(GOALS)
        + '. "conversion_rate" (the optimization goal of the original design) means sales '
        "for e-commerce and saas, and lead_generation for every other business type.",
    )
    audience: str = Field(default="", max_length=500, description="Who the customers are.")
    tone: str = Field(default="", max_length=200, description='e.g. "warm and reassuring".')
    location: str = Field(default="", max_length=200, description="A town, a region, online.")
    services: list[str] = Field(
        default_factory=list,
        max_length=12,
        description=f"Up to 12 services or products, each up to {SERVICE_MAX_LENGTH} characters.",
    )
    phone: str = Field(default="", max_length=40)
    email: str = Field(default="", max_length=254)
    address: str = Field(default="", max_length=300)
    competitor_urls: list[str] = Field(
        default_factory=list,
        alias="competitorUrls",
        max_length=5,
        description="Up to 5 competitors' websites (http or https) for the competitive analysis.",
    )

    @field_validator(*_OPTIONAL_TEXT, mode="before")
    @classmethod
    def _null_is_empty(cls, value: Any) -> Any:
        return "" if value is None else value

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
        return Brief.model_validate(self.model_dump(by_alias=False))


class StepOut(Schema):
    name: str
    title: str
    status: str = Field(description="pending, running, succeeded or failed.")
    attempts: int
    started_at: datetime | None
    finished_at: datetime | None
    duration_seconds: float | None
    error: str = Field(description="Why the step failed (or why its last attempt failed).")
    provider: str | None = Field(description="Which AI provider produced an AI step's result.")


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
    status: str = Field(description="draft, building, live, failed or paused.")
    url: str | None = Field(description="The site's public address, once it was published.")
    current_version: int | None = Field(description="The number of the version online.")
    created_at: datetime
    next_optimization_at: datetime | None


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
