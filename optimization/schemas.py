"""API schemas of scans. `OptimizeIn` is the original design's `POST /optimize` payload."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from ninja import Schema
from pydantic import ConfigDict, Field, WithJsonSchema, field_validator

from code24 import text
from optimization.services import OPTIMIZATION_TYPES, SCAN_URL_MAX_LENGTH
from sites.briefs import BUSINESS_TYPES, GOALS, business_type_from, primary_goal_from

_NULL = {"type": "null"}


def _choice(values: Any) -> dict[str, Any]:
    return {"anyOf": [{"type": "string", "enum": list(values)}, _NULL]}


class OptimizeIn(Schema):
    """What to scan, and what for. Field names follow the original design (`businessType`,
    `primaryGoal`, `optimizationType`); the snake_case names work too."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, str_strip_whitespace=True)

    url: str = Field(
        max_length=SCAN_URL_MAX_LENGTH,
        description="The public website to scan, e.g. https://yoursite.com (http or https; "
        "without a scheme, https is meant). Addresses of private networks are refused.",
    )
    business_type: Annotated[str, WithJsonSchema(_choice(BUSINESS_TYPES))] = Field(
        default="",
        alias="businessType",
        max_length=60,
        description="The kind of business the site is for (optional). Other spellings the "
        'original design used are understood ("ecommerce" means e-commerce).',
    )
    primary_goal: Annotated[str, WithJsonSchema(_choice(GOALS))] = Field(
        default="",
        alias="primaryGoal",
        max_length=60,
        description='What the site should achieve (optional); "conversion_rate" is understood.',
    )
    optimization_type: Annotated[str, WithJsonSchema(_choice(OPTIMIZATION_TYPES))] = Field(
        default="full",
        alias="optimizationType",
        max_length=30,
        description='"full" (every category, the default) or one category, whose '
        "recommendations then come first.",
    )

    @field_validator("business_type", "primary_goal", "optimization_type", mode="before")
    @classmethod
    def _null_is_not_given(cls, value: Any) -> Any:
        return "" if value is None else value

    @field_validator("url", "business_type", "primary_goal", "optimization_type")
    @classmethod
    def _single_line(cls, value: str) -> str:
        problem = text.single_line_problem(value)
        if problem:
            raise ValueError(problem.rstrip("."))
        return value

    @field_validator("url")
    @classmethod
    def _url_given(cls, value: str) -> str:
        if not value:
            raise ValueError("Enter the address of the website to scan, e.g. https://example.com")
        return value

    @field_validator("business_type")
    @classmethod
    def _business_type(cls, value: str) -> str:
        if not value:
            return ""
        found = business_type_from(value)
        if found is None:
            raise ValueError(f"Use one of {', '.join(BUSINESS_TYPES)}")
        return found

    @field_validator("primary_goal")
    @classmethod
    def _primary_goal(cls, value: str, info: Any) -> str:
        if not value:
            return ""
        found = primary_goal_from(value, info.data.get("business_type") or None)
        if found is None:
            raise ValueError(f"Use one of {', '.join(GOALS)}")
        return found

    @field_validator("optimization_type")
    @classmethod
    def _optimization_type(cls, value: str) -> str:
        key = value.lower().replace("_", "-").replace(" ", "-") or "full"
        if key not in OPTIMIZATION_TYPES:
            raise ValueError(f"Use one of {', '.join(OPTIMIZATION_TYPES)}")
        return key

    def options(self) -> dict[str, str]:
        return {
            "business_type": self.business_type,
            "primary_goal": self.primary_goal,
            "optimization_type": self.optimization_type,
        }


class ScanStartedOut(Schema):
    id: int
    url: str = Field(description="The address that will be scanned, as checked.")
    status: str = Field(description="queued, running, done or failed.")
    result_url: str = Field(description="GET this address for the result; poll until done.")
    page_url: str = Field(description="The scan's report in the dashboard.")
    created_at: datetime


class TriggerOptimizeOut(Schema):
    """The original design's answer to `POST /trigger/optimize` (camelCase)."""

    model_config = ConfigDict(populate_by_name=True)

    scan_id: int = Field(alias="scanId")
    url: str
    status: str
    result_url: str = Field(alias="resultUrl")
    page_url: str = Field(alias="pageUrl")
    business_type: str = Field(alias="businessType")
    primary_goal: str = Field(alias="primaryGoal")
    optimization_type: str = Field(alias="optimizationType")
    created_at: datetime = Field(alias="createdAt")


class OffenderOut(Schema):
    page: str = Field(description="The page's path.")
    selector: str = Field(default="", description="A CSS selector of the element, if any.")
    snippet: str = Field(default="", description="The start of the element's HTML, as served.")
    note: str = ""


class FindingOut(Schema):
    id: str = Field(description="The audit's stable id (Lighthouse's or axe's where shared).")
    title: str
    categories: dict[str, float] = Field(description="category → the audit's weight in it.")
    outcome: str = Field(description="pass, fail, not-applicable or needs-layout.")
    score: float | None = Field(description="0..1 where the audit scores.")
    explanation: str
    fix: str
    offenders: list[OffenderOut]
    value: Any = Field(description="What the audit measured, where it measures.")


class RecommendationOut(Schema):
    id: str
    title: str
    fix: str
    gain: float = Field(description="Health points the site would gain with this fixed.")
    category: str


class PageOut(Schema):
    url: str
    status: int = Field(description="The HTTP status; 0 when there was no answer.")
    error: str


class ScanOut(Schema):
    id: int
    url: str
    status: str = Field(description="queued, running, done or failed.")
    error: str = Field(description="Why the scan gave no result (failed), in a sentence.")
    business_type: str
    primary_goal: str
    optimization_type: str
    health: int | None = Field(description="Overall health 0..100, the mean of the scores.")
    scores: dict[str, int] = Field(
        description="performance, accessibility, best-practices, seo, security → 0..100."
    )
    grade: str = Field(description="The security headers grade, A+ … F (Mozilla's scale).")
    recommendations: list[RecommendationOut] = Field(
        description="The failing audits, the ones that cost the most health first."
    )
    findings: list[FindingOut]
    pages: list[PageOut] = Field(description="Every page the scan fetched.")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    page_url: str = Field(description="The scan's report in the dashboard.")


class ScanSummaryOut(Schema):
    id: int
    url: str
    status: str
    health: int | None
    grade: str
    error: str
    created_at: datetime
    finished_at: datetime | None
    result_url: str


class ScanListOut(Schema):
    count: int = Field(description="Scans of the account in all.")
    page: int
    pages: int
    next: str | None = Field(description="The next page's address, if there is one.")
    previous: str | None
    results: list[ScanSummaryOut] = Field(description="Newest first.")


# --- Cycles ----------------------------------------------------------------------------


class CycleOut(Schema):
    number: int = Field(description="The cycle's number for its site: 1, 2, 3 …")
    status: str = Field(description="queued, running, done or failed.")
    outcome: str = Field(
        description="Once done: improved (a new version was kept), unchanged (nothing to "
        'change) or rolled_back (the new version scored lower and was removed); "" before.'
    )
    phase: str = Field(description="What a running cycle is doing now (scanning, …).")
    requested_via: str = Field(description="schedule, dashboard or api.")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    duration_seconds: float | None
    health_before: int | None = Field(description="The health score (0..100) before the cycle.")
    health_after: int | None = Field(description="The new version's health score, if one was made.")
    scores_before: dict[str, int] = Field(description="Category → 0..100 before the cycle.")
    scores_after: dict[str, int] = Field(description="Category → 0..100 of the new version.")
    grade_before: str = Field(description="Security grade A+ … F before the cycle.")
    grade_after: str
    rolled_back: bool
    rollback_reason: str
    milestone: bool = Field(description="Every 10th cycle: it has a report.")
    fixes_count: int
    version_before: int | None = Field(description="The site's version number before.")
    version_after: int | None = Field(description="The version the cycle made, if any.")
    error: str = Field(description="Why a failed cycle stopped, a sentence.")


class CyclePageOut(Schema):
    count: int = Field(description="How many cycles the site has.")
    page: int
    pages: int
    per_page: int
    next: str | None = Field(description="The next (older) page's URL, or null.")
    previous: str | None = Field(description="The previous (newer) page's URL, or null.")
    items: list[CycleOut] = Field(description="The cycles on this page, newest first.")


class CycleFixOut(Schema):
    fixer: str = ""
    audit: str = ""
    summary: str = ""
    files: list[str] = []


class CycleDetailOut(CycleOut):
    findings: list[dict[str, Any]] = Field(
        description="The failing audits before the cycle: {id, title, explanation, fix, "
        "offenders: [{page, selector, snippet, note}], …}."
    )
    fixes: list[CycleFixOut]
    diff: str = Field(description="Unified diff of the files the fixes changed.")
