"""The optimization scanner: fetch a site, audit its pages, score them.

    report = scan("https://bakery.example/")    # never raises for a bad or unreachable URL
    report.scores      # {"performance": 91, "accessibility": 100, …, "security": 70}
    report.health      # 88: the mean of the category scores
    report.findings    # one dict per audit (see Scan.findings)
    Scan.objects.filter(pk=scan.pk).update(**report.as_fields())

crawl.py fetches (through code24.net, SSRF-safe), the audit modules judge (each audit is
registered in base.AUDITS when its module is imported, below), scoring.py scores, and the
Observatory grades the start page's security headers.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from typing import Any

from code24 import net

from . import accessibility, observatory, performance, practices, seo  # noqa: F401 - register
from .base import AUDITS, Audit, Crawl, Verdict
from .crawl import Fetcher, crawl
from .scoring import category_scores, health, recommendations

__all__ = ["Fetcher", "Report", "scan"]

logger = logging.getLogger(__name__)


@dataclass
class Report:
    url: str
    scores: dict[str, int]  # category -> 0..100
    health: int | None  # the mean of the category scores
    grade: str  # the Observatory security grade "A+" … "F" ("" when no response)
    findings: list[dict[str, Any]]  # one per audit run, shaped as Scan.findings says
    recommendations: list[dict[str, Any]]  # failing audits, most health points first
    pages: list[dict[str, Any]] = field(default_factory=list)  # [{"url", "status", "error"}]
    error: str = ""  # why the start page gave nothing (then scores={}, health=None)

    def as_fields(self) -> dict[str, Any]:
        """The Scan model's fields this report fills."""
        return {
            "scores": self.scores,
            "health": self.health,
            "grade": self.grade,
            "findings": self.findings,
            "recommendations": self.recommendations,
            "pages": self.pages,
            "error": self.error,
        }


def scan(url: str, *, max_pages: int | None = None, fetch: Fetcher = net.fetch) -> Report:
    """Crawl ``url``, run every audit, score the categories (see scoring.py)."""
    site = crawl(url, max_pages=max_pages, fetch=fetch)
    pages = [
        {"url": response.url, "status": response.status, "error": response.error}
        for response in site.responses
    ]
    if site.error:
        return Report(url, {}, None, "", [], [], pages, site.error)
    findings = [_finding(entry, _run(entry, site)) for entry in AUDITS.values()]
    security = observatory.grade(site)
    scores = category_scores(findings, security=security.score if security.grade else None)
    return Report(
        url=url,
        scores=scores,
        health=health(scores),
        grade=security.grade,
        findings=findings,
        recommendations=recommendations(
            findings, scores, security_tests=security.tests, security_raw=security.score
        ),
        pages=pages,
    )


def _run(entry: Audit, site: Crawl) -> Verdict:
    try:
        return entry.check(site)
    except Exception:  # one broken audit must not cost the customer the whole scan
        logger.exception("Audit %s failed on %s", entry.id, site.start_url)
        return Verdict.not_applicable(
            "This check could not be run on this site, so it is left out of the scores."
        )


def _finding(entry: Audit, verdict: Verdict) -> dict[str, Any]:
    return {
        "id": entry.id,
        "title": entry.title,
        "categories": dict(entry.weights),
        "outcome": verdict.outcome,
        "score": verdict.score,
        "explanation": verdict.explanation,
        "fix": entry.fix,
        "offenders": [asdict(offender) for offender in verdict.offenders],
        "value": verdict.value,
    }
