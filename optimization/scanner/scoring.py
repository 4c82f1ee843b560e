"""Scores from findings, as Lighthouse 12.2.3 scores a category (core/scoring.js), and what
fixing each failing audit would be worth.

- A category's score is ``ReportScoring.arithmeticMean`` over the audits that count in it:
  audits with weight 0, not applicable or needing a layout engine are left out; the weighted
  mean is rounded to 2 decimals (``clampTo2Decimals``) and shown as ``Math.round(score *
  100)``, both with JavaScript's rounding (halves up). A category in which no audit was
  scored is left out of the scores (Lighthouse would show 0 for it).
- "security" is the Mozilla Observatory score of the start page, clamped to 0..100.
- health is the mean of the category scores present, rounded the same way.
- A recommendation's ``gain`` is how many health points passing that audit would add:
  in each category it counts in, passing raises the weighted sum by ``(1 - score) *
  weight``, so the category by that over its total weight (x100); the health by the mean of
  those over the categories present. For an audit that counts in "security"
  (``observatory-<test>``), the Observatory test's negative ``modifier`` is what passing
  would give back, within 0..100 (the Observatory's rule that drops bonuses below 90
  points is not replayed).
Findings are the dicts stored in ``Scan.findings`` (see optimization/models.py), so scores
can be recomputed from a stored scan.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .base import CATEGORIES

SCORED = ("pass", "fail")
MAX_RECOMMENDATIONS = 15


def js_round(value: float) -> int:
    """JavaScript's ``Math.round``: the nearest integer, halves rounded up."""
    floor = math.floor(value)
    return floor + 1 if value - floor >= 0.5 else floor


def arithmetic_mean(items: Iterable[tuple[float | None, float]]) -> float | None:
    """Lighthouse's ``ReportScoring.arithmeticMean`` over (score, weight) pairs."""
    weighted = [(score, weight) for score, weight in items if weight > 0]
    if any(score is None for score, _ in weighted):
        return None
    total_weight = sum(weight for _, weight in weighted)
    total = sum(score * weight for score, weight in weighted if score is not None)
    mean = total / total_weight if total_weight else 0.0
    return js_round(mean * 100) / 100


def _counted(findings: Sequence[Mapping[str, Any]], category: str) -> list[tuple[float, float]]:
    return [
        (float(finding["score"]), float(finding["categories"][category]))
        for finding in findings
        if finding["outcome"] in SCORED
        and finding.get("score") is not None
        and float(finding.get("categories", {}).get(category, 0)) > 0
    ]


def category_scores(
    findings: Sequence[Mapping[str, Any]], *, security: int | None = None
) -> dict[str, int]:
    """category -> 0..100 for every category with a scored audit, and "security" from the
    Observatory score when there is one."""
    scores: dict[str, int] = {}
    for category in CATEGORIES:
        if category == "security":
            if security is not None:
                scores[category] = max(0, min(100, security))
            continue
        items = _counted(findings, category)
        mean = arithmetic_mean(items) if items else None
        if mean is not None:
            scores[category] = js_round(mean * 100)
    return scores


def health(scores: Mapping[str, int]) -> int | None:
    """The mean of the category scores present, rounded; None without any."""
    if not scores:
        return None
    return js_round(sum(scores.values()) / len(scores))


def _security_modifiers(tests: Sequence[Mapping[str, Any]]) -> dict[str, float]:
    """audit id -> the Observatory modifier of its test (``observatory-<test name>``)."""
    modifiers: dict[str, float] = {}
    for test in tests:
        name = str(test.get("name") or test.get("id") or "")
        modifier = float(test.get("modifier", test.get("score_modifier")) or 0)
        modifiers[name] = modifiers[f"observatory-{name}"] = modifier
    return modifiers


def recommendations(
    findings: Sequence[Mapping[str, Any]],
    scores: Mapping[str, int],
    *,
    security_tests: Sequence[Mapping[str, Any]] = (),
    security_raw: int | None = None,
    limit: int = MAX_RECOMMENDATIONS,
) -> list[dict[str, Any]]:
    """The failing audits, most health points gained by fixing first (see the module
    docstring), at most ``limit``: [{"id", "title", "fix", "gain", "category"}]."""
    if not scores:
        return []
    totals = {
        category: sum(weight for _, weight in _counted(findings, category))
        for category in scores
        if category != "security"
    }
    modifiers = _security_modifiers(security_tests)
    ranked: list[tuple[float, int, dict[str, Any]]] = []
    for order, finding in enumerate(findings):
        if finding["outcome"] != "fail":
            continue
        missing = 1.0 - float(finding.get("score") or 0.0)
        gains: dict[str, float] = {}
        for category, weight in finding.get("categories", {}).items():
            if category == "security":
                cost = -modifiers.get(finding["id"], 0.0)
                if category in scores and security_raw is not None and cost > 0:
                    after = max(0.0, min(100.0, security_raw + cost))
                    gains[category] = after - scores[category]
            elif totals.get(category):
                gains[category] = missing * float(weight) / totals[category] * 100
        gain = sum(gains.values()) / len(scores)
        category = max(gains, key=lambda name: gains[name]) if gains else ""
        if not category:
            category = next(iter(finding.get("categories", {})), "")
        ranked.append(
            (
                gain,
                order,
                {
                    "id": finding["id"],
                    "title": finding["title"],
                    "fix": finding["fix"],
                    "gain": round(gain, 1),
                    "category": category,
                },
            )
        )
    ranked.sort(key=lambda entry: (-entry[0], entry[1]))
    return [entry[2] for entry in ranked[:limit]]
