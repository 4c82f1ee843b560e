"""Schemas of the optimization API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema

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
