"""A scan's report as the "Scan any site" page shows it: plain words beside every number.

report = scan_report(scan)   # categories, recommendations, findings by category
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from optimization.models import Scan
from optimization.scanner.base import CATEGORIES, CATEGORY_TITLES

# What each category means to someone who runs a bakery, not a web server.
CATEGORY_HELP = {
    "performance": "How quickly your pages arrive and appear on a visitor's phone.",
    "accessibility": "Whether everyone can use your site, including people who use a "
    "screen reader or a keyboard.",
    "best-practices": "Whether the site follows the web's current standards, so browsers "
    "show it as intended.",
    "seo": "Whether search engines such as Google can find, read and list your pages.",
    "security": "How well the site's settings protect your visitors from attacks.",
}
# Mozilla's HTTP Observatory grades, in words.
GRADE_WORDS = {
    "A": ("Strong protection", "success"),
    "B": ("Good protection", "success"),
    "C": ("Some protection", "warning"),
    "D": ("Weak protection", "danger"),
    "F": ("Little or no protection", "danger"),
}
OFFENDERS_SHOWN = 10  # per finding; the rest are counted


def score_word(score: int | None) -> tuple[str, str]:
    """Lighthouse's bands: 90-100 good, 50-89 needs work, 0-49 poor; (word, badge)."""
    if score is None:
        return "Not measured", "neutral"
    if score >= 90:
        return "Good", "success"
    if score >= 50:
        return "Needs work", "warning"
    return "Poor", "danger"


@dataclass
class Category:
    key: str
    title: str
    help: str
    score: int | None
    word: str
    badge: str


@dataclass
class FindingGroup:
    category: Category
    failed: list[dict[str, Any]] = field(default_factory=list)
    passed: list[dict[str, Any]] = field(default_factory=list)
    unchecked: list[dict[str, Any]] = field(default_factory=list)  # not applicable, layout


@dataclass
class Report:
    health: int | None
    health_word: str
    health_badge: str
    grade: str
    grade_word: str
    grade_badge: str
    categories: list[Category]
    recommendations: list[dict[str, Any]]
    groups: list[FindingGroup]
    pages: list[dict[str, Any]]
    failed_count: int


def _finding(raw: dict[str, Any]) -> dict[str, Any]:
    offenders = [o for o in raw.get("offenders") or [] if isinstance(o, dict)]
    return {
        **raw,
        "offenders_shown": offenders[:OFFENDERS_SHOWN],
        "offenders_more": max(0, len(offenders) - OFFENDERS_SHOWN),
    }


def scan_report(scan: Scan, *, top: int = 5) -> Report:
    """The report of a finished scan (or an empty one for a scan without results)."""
    scores = scan.scores or {}
    categories = []
    for key in CATEGORIES:
        if key not in scores:
            continue
        word, badge = score_word(scores[key])
        categories.append(
            Category(key, CATEGORY_TITLES[key], CATEGORY_HELP[key], scores[key], word, badge)
        )
    by_key = {category.key: FindingGroup(category) for category in categories}
    findings = [_finding(raw) for raw in scan.findings or [] if isinstance(raw, dict)]
    for finding in findings:
        for key in finding.get("categories") or {}:
            group = by_key.get(key)
            if group is None:
                continue
            outcome = finding.get("outcome")
            if outcome == "fail":
                group.failed.append(finding)
            elif outcome == "pass":
                group.passed.append(finding)
            else:
                group.unchecked.append(finding)
    explained = {finding.get("id"): finding for finding in findings}
    recommendations = [
        {
            **recommendation,
            "explanation": explained.get(recommendation.get("id"), {}).get("explanation", ""),
            "category_title": CATEGORY_TITLES.get(recommendation.get("category"), ""),
        }
        for recommendation in (scan.recommendations or [])[:top]
    ]
    health_word, health_badge = score_word(scan.health)
    grade_word, grade_badge = GRADE_WORDS.get(scan.grade[:1], ("Not graded", "neutral"))
    return Report(
        health=scan.health,
        health_word=health_word,
        health_badge=health_badge,
        grade=scan.grade,
        grade_word=grade_word,
        grade_badge=grade_badge,
        categories=categories,
        recommendations=recommendations,
        groups=list(by_key.values()),
        pages=scan.pages or [],
        failed_count=sum(1 for f in findings if f.get("outcome") == "fail"),
    )
