"""Category scores, health and recommendations, computed by hand the way Lighthouse 12.2.3
does (core/scoring.js): sum(weight * score) / sum(weight), rounded to 2 decimals, times 100,
rounded, JavaScript's rounding (halves up) both times."""

from __future__ import annotations

from typing import Any

import pytest

from optimization.scanner.scoring import (
    arithmetic_mean,
    category_scores,
    health,
    js_round,
    recommendations,
)

W = 93 / 23  # is-crawlable's weight in Search


def finding(
    audit_id: str, outcome: str, categories: dict[str, float], score: float | None = None
) -> dict[str, Any]:
    if score is None and outcome in ("pass", "fail"):
        score = 1.0 if outcome == "pass" else 0.0
    return {
        "id": audit_id,
        "title": audit_id.replace("-", " "),
        "categories": categories,
        "outcome": outcome,
        "score": score,
        "explanation": "",
        "fix": f"fix {audit_id}",
        "offenders": [],
        "value": None,
    }


def seo(failing: set[str], not_applicable: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    weights = {"is-crawlable": W} | {
        name: 1.0
        for name in (
            "document-title",
            "meta-description",
            "http-status-code",
            "link-text",
            "crawlable-anchors",
            "robots-txt",
            "image-alt",
            "hreflang",
            "canonical",
        )
    }
    return [
        finding(
            name,
            "not-applicable" if name in not_applicable else "fail" if name in failing else "pass",
            {"seo": weight},
        )
        for name, weight in weights.items()
    ]


def test_js_round_rounds_halves_up() -> None:
    assert [js_round(x) for x in (62.5, 63.5, -0.5, 0.49, 28.999999999999996)] == [63, 64, 0, 0, 29]


def test_a_page_without_meta_description_scores_92_in_search() -> None:
    # canonical not applicable (no canonical link): weights 93/23 + 8 = 12.0435,
    # scored 93/23 + 7 = 11.0435; 11.0435 / 12.0435 = 0.91697 -> 0.92 -> 92.
    scores = category_scores(seo({"meta-description"}, frozenset({"canonical"})))
    assert scores == {"seo": 92}


def test_a_noindex_page_scores_69_in_search() -> None:
    # all ten apply: 9 / (93/23 + 9) = 9 / 13.0435 = 0.69000 -> 0.69 -> 69.
    assert category_scores(seo({"is-crawlable"})) == {"seo": 69}
    # canonical not applicable: 8 / 12.0435 = 0.66426 -> 0.66 -> 66.
    assert category_scores(seo({"is-crawlable"}, frozenset({"canonical"}))) == {"seo": 66}


def test_everything_passing_is_100_and_everything_failing_is_0() -> None:
    assert category_scores(seo(set())) == {"seo": 100}
    everything = {f["id"] for f in seo(set())}
    assert category_scores(seo(everything)) == {"seo": 0}


def test_the_mean_is_rounded_to_two_decimals_with_halves_up() -> None:
    # 5 of 8 equal weights: 0.625 -> Math.round(62.5) / 100 = 0.63 -> 63 (Python's round: 62).
    items = [(1.0, 1.0)] * 5 + [(0.0, 1.0)] * 3
    assert arithmetic_mean(items) == 0.63
    findings = [
        finding(f"a{n}", "pass" if n < 5 else "fail", {"accessibility": 1}) for n in range(8)
    ]
    assert category_scores(findings) == {"accessibility": 63}


def test_weights_are_those_of_the_category() -> None:
    # image-alt fails: it weighs 10 in accessibility and 1 in Search.
    findings = [
        finding("image-alt", "fail", {"seo": 1, "accessibility": 10}),
        finding("html-has-lang", "pass", {"accessibility": 7}),
        finding("heading-order", "pass", {"accessibility": 3}),
        finding("document-title", "pass", {"seo": 1, "accessibility": 7}),
        finding("meta-description", "pass", {"seo": 1}),
    ]
    # accessibility: (7 + 3 + 7) / 27 = 0.62963 -> 0.63 -> 63; seo: 2 / 3 = 0.667 -> 0.67 -> 67.
    assert category_scores(findings) == {"accessibility": 63, "seo": 67}


def test_fractional_scores_count_by_their_value() -> None:
    # (0.5 * 3 + 1 * 1) / 4 = 0.625 -> 0.63 -> 63
    findings = [
        finding("total-byte-weight", "fail", {"performance": 3}, score=0.5),
        finding("dom-size", "pass", {"performance": 1}),
    ]
    assert category_scores(findings) == {"performance": 63}


def test_not_applicable_needs_layout_and_zero_weights_are_left_out() -> None:
    base = [finding("a", "pass", {"accessibility": 7}), finding("b", "fail", {"accessibility": 3})]
    extra = [
        finding("c", "not-applicable", {"accessibility": 10}),
        finding("color-contrast", "needs-layout", {"accessibility": 7}),
        finding("d", "fail", {"accessibility": 0}),
    ]
    assert category_scores(base) == {"accessibility": 70}
    assert category_scores(base + extra) == {"accessibility": 70}


def test_a_category_with_nothing_scored_is_left_out() -> None:
    findings = [
        finding("a", "not-applicable", {"performance": 1}),
        finding("b", "pass", {"seo": 1}),
    ]
    assert category_scores(findings) == {"seo": 100}


def test_security_is_the_observatory_score_clamped() -> None:
    assert category_scores([], security=135) == {"security": 100}
    assert category_scores([], security=-15) == {"security": 0}
    assert category_scores([], security=70) == {"security": 70}
    assert category_scores([]) == {}


def test_the_order_of_categories_is_the_reports() -> None:
    findings = [
        finding("a", "pass", {"seo": 1}),
        finding("b", "pass", {"performance": 1}),
        finding("c", "pass", {"best-practices": 1}),
        finding("d", "pass", {"accessibility": 1}),
    ]
    assert list(category_scores(findings, security=50)) == [
        "performance",
        "accessibility",
        "best-practices",
        "seo",
        "security",
    ]


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ({"seo": 92, "accessibility": 65, "security": 100}, 86),  # 257 / 3 = 85.67
        ({"seo": 90, "accessibility": 91}, 91),  # 90.5, halves up
        ({"seo": 50}, 50),
        ({}, None),
    ],
)
def test_health_is_the_mean_of_the_categories(scores: dict[str, int], expected: int | None) -> None:
    assert health(scores) == expected


def test_recommendations_come_in_order_of_health_points_gained() -> None:
    findings = [
        finding("is-crawlable", "fail", {"seo": W}),
        finding("document-title", "pass", {"seo": 1, "accessibility": 7}),
        finding("meta-description", "fail", {"seo": 1}),
        finding("image-alt", "fail", {"seo": 1, "accessibility": 10}),
        finding("canonical", "not-applicable", {"seo": 1}),
    ]
    scores = category_scores(findings)
    # seo: 1 / (93/23 + 3) = 1 / 7.0435 = 0.142 -> 14; accessibility: 7 / 17 = 0.41 -> 41.
    assert scores == {"accessibility": 41, "seo": 14}
    assert health(scores) == 28  # 27.5, halves up
    # Gains over the 2 categories:
    #   image-alt:        (1 / 7.0435 * 100 + 10 / 17 * 100) / 2 = (14.20 + 58.82) / 2 = 36.5
    #   is-crawlable:     (93/23) / 7.0435 * 100 / 2 = 57.41 / 2 = 28.7
    #   meta-description: 1 / 7.0435 * 100 / 2 = 7.1
    assert recommendations(findings, scores) == [
        {
            "id": "image-alt",
            "title": "image alt",
            "fix": "fix image-alt",
            "gain": 36.5,
            "category": "accessibility",
        },
        {
            "id": "is-crawlable",
            "title": "is crawlable",
            "fix": "fix is-crawlable",
            "gain": 28.7,
            "category": "seo",
        },
        {
            "id": "meta-description",
            "title": "meta description",
            "fix": "fix meta-description",
            "gain": 7.1,
            "category": "seo",
        },
    ]


def test_security_recommendations_use_the_observatory_modifier() -> None:
    findings = [
        finding("observatory-content-security-policy", "fail", {"security": 1}),
        finding("observatory-x-content-type-options", "fail", {"security": 1}),
        finding("meta-description", "fail", {"seo": 1}),
        finding("document-title", "pass", {"seo": 1}),
    ]
    tests = [  # as observatory.grade() gives them
        {"name": "content-security-policy", "result": "csp-not-implemented", "modifier": -25},
        {
            "name": "x-content-type-options",
            "result": "x-content-type-options-not-implemented",
            "modifier": -5,
        },
    ]
    scores = category_scores(findings, security=70)
    assert scores == {"seo": 50, "security": 70}
    ranked = recommendations(findings, scores, security_tests=tests, security_raw=70)
    # CSP: +25 security points over 2 categories = 12.5; meta-description: +50 seo / 2 = 25;
    # X-Content-Type-Options: +5 / 2 = 2.5.
    assert [(r["id"], r["gain"], r["category"]) for r in ranked] == [
        ("meta-description", 25.0, "seo"),
        ("observatory-content-security-policy", 12.5, "security"),
        ("observatory-x-content-type-options", 2.5, "security"),
    ]


def test_recommendations_are_at_most_15() -> None:
    findings = [finding(f"audit-{n:02}", "fail", {"accessibility": n + 1}) for n in range(20)]
    ranked = recommendations(findings, category_scores(findings))
    assert len(ranked) == 15
    assert ranked[0]["id"] == "audit-19" and ranked[-1]["id"] == "audit-05"
    assert recommendations([], {}) == []
