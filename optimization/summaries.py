"""What the optimization pages say about a cycle and a site: the cycle's outcome in one
word with its badge, the scores a site kept after a cycle, the site's next cycle (or why
there is none), the score chart, and the per-site summary the overview reads in one query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import (
    Case,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce

from optimization import charts
from optimization.models import OptimizationCycle
from sites.models import Site

CATEGORIES: list[tuple[str, str]] = [
    ("performance", "Performance"),
    ("accessibility", "Accessibility"),
    ("best-practices", "Best practices"),
    ("seo", "SEO"),
    ("security", "Security"),
]
CATEGORY_HELP = {
    "performance": "How quickly pages arrive and show: sizes, compression, caching.",
    "accessibility": "Whether everyone can use the site, with a screen reader or a keyboard.",
    "best-practices": "HTTPS, a proper page setup and modern, safe defaults.",
    "seo": "What search engines need to find and list your pages.",
    "security": "The protective headers browsers use, graded A+ to F.",
}
ACTIVE = [OptimizationCycle.Status.QUEUED, OptimizationCycle.Status.RUNNING]
CHART_CYCLES = 30  # the chart shows the latest this many finished cycles

# (word, badge class) for each state a customer sees; one word per state everywhere.
BADGES = {
    "queued": ("Waiting to start", "badge--neutral"),
    "running": ("Running", "badge--info"),
    "failed": ("Failed", "badge--danger"),
    "improved": ("Improved", "badge--success"),
    "unchanged": ("Nothing to change", "badge--neutral"),
    "rolled_back": ("Rolled back", "badge--warning"),
}
PHASES = {
    "": "Waiting for a free worker",
    "scanning": "Scanning the live site",
    "scan": "Scanning the live site",
    "fixing": "Choosing and applying fixes",
    "fix": "Choosing and applying fixes",
    "building": "Building the new version",
    "build": "Building the new version",
    "deploying": "Publishing the new version",
    "deploy": "Publishing the new version",
    "rescanning": "Scanning the new version",
    "rescan": "Scanning the new version",
    "verifying": "Comparing the scores",
    "finishing": "Comparing the scores and recording the cycle",
    "rolling_back": "Putting the previous version back",
    "rollback": "Putting the previous version back",
}


def state_of(status: str, outcome: str) -> str:
    """The one word key of a cycle's state: queued, running, failed or its outcome."""
    if status in ("queued", "running", "failed"):
        return status
    return outcome or "unchanged"


def badge(status: str, outcome: str) -> tuple[str, str]:
    return BADGES[state_of(status, outcome)]


def phase_words(phase: str) -> str:
    return PHASES.get(phase, phase.replace("_", " ").capitalize())


def kept_health(cycle: OptimizationCycle) -> int | None:
    """The health score the site has after the cycle: the new version's if it was kept,
    the previous one's if it was rolled back or nothing changed."""
    if cycle.rolled_back or cycle.health_after is None:
        return cycle.health_before
    return cycle.health_after


def kept_scores(cycle: OptimizationCycle) -> dict[str, int]:
    if cycle.rolled_back or not cycle.scores_after:
        return dict(cycle.scores_before or {})
    return dict(cycle.scores_after)


def kept_grade(cycle: OptimizationCycle) -> str:
    if cycle.rolled_back or not cycle.grade_after:
        return cycle.grade_before
    return cycle.grade_after


def kept_health_expression() -> Case:
    """`kept_health` in SQL, for annotations."""
    return Case(
        When(rolled_back=True, then=F("health_before")),
        default=Coalesce(F("health_after"), F("health_before")),
        output_field=IntegerField(),
    )


# --- The next cycle ------------------------------------------------------------------


@dataclass(frozen=True)
class NextCycle:
    when: datetime | None
    why_not: str  # "" when a cycle is scheduled


def next_cycle(site: Site) -> NextCycle:
    """When the site's next cycle runs, or why none is scheduled, in a sentence."""
    if site.status == Site.Status.OFFLINE:
        return NextCycle(None, "The site is offline; cycles start again once it is back online.")
    if site.status == Site.Status.BUILDING:
        return NextCycle(None, "Cycles start once the site's first build has put it online.")
    if site.status == Site.Status.FAILED:
        return NextCycle(
            None, "The site's first build stopped, so there is nothing to improve yet."
        )
    if site.account.subscription.read_only:
        return NextCycle(
            None,
            "Your subscription has ended or is unpaid: Code24 doesn't improve the site until "
            "the account has a plan again.",
        )
    if site.improvements_paused:
        return NextCycle(None, "Improvements are paused: Code24 doesn't change the site by itself.")
    if site.next_optimization_at is None:
        return NextCycle(None, "No cycle is scheduled yet; one is planned within a minute or two.")
    return NextCycle(site.next_optimization_at, "")


# --- The chart -------------------------------------------------------------------------


def score_chart(
    cycles: Sequence[OptimizationCycle], *, title: str, narrow: bool = False
) -> charts.Chart:
    """The health score and the five categories after each of `cycles` (oldest first)."""
    measured = [c for c in cycles if kept_health(c) is not None]
    moments = [c.finished_at or c.created_at for c in measured]
    scores = [kept_scores(c) for c in measured]
    series = [charts.Series("health", "Health", [kept_health(c) for c in measured])]
    for key, label in CATEGORIES:
        series.append(charts.Series(key, label, [s.get(key) for s in scores]))
    size = {"width": 340, "height": 260, "max_x_ticks": 3} if narrow else {}
    return charts.line_chart(
        moments,
        series,
        title=title,
        row_labels=[f"Cycle {c.number}" for c in measured],
        **size,  # type: ignore[arg-type]
    )


def score_charts(cycles: Sequence[OptimizationCycle], *, title: str) -> list[charts.Chart]:
    """The chart twice: wide for larger screens, narrow (fewer dates) for phones."""
    return [
        score_chart(cycles, title=title),
        score_chart(cycles, title=title, narrow=True),
    ]


CHART_FIELDS = (
    "id",
    "site_id",
    "number",
    "created_at",
    "finished_at",
    "scores_before",
    "scores_after",
    "health_before",
    "health_after",
    "grade_before",
    "grade_after",
    "rolled_back",
)


def chart_cycles(site: Site) -> list[OptimizationCycle]:
    """The finished cycles the chart shows, oldest first (one query, light columns)."""
    rows = (
        site.cycles.filter(status=OptimizationCycle.Status.DONE)
        .only(*CHART_FIELDS)
        .order_by("-number")[:CHART_CYCLES]
    )
    return list(rows)[::-1]


# --- Per-site summary, for the overview and the site page -----------------------------


def sites_with_health(queryset: QuerySet[Site]) -> QuerySet[Site]:
    """Sites annotated with their optimization summary in the same query: the latest and
    the previous finished cycle's kept health, the latest cycle's number, status, outcome
    and finish, and whether one is queued or running."""
    finished = (
        OptimizationCycle.objects.filter(site=OuterRef("pk"))
        .exclude(status__in=ACTIVE)
        .order_by("-number")
    )
    measured = (
        OptimizationCycle.objects.filter(site=OuterRef("pk"), status="done")
        .annotate(kept=kept_health_expression())
        .filter(kept__isnull=False)
        .order_by("-number")
        .values("kept")
    )
    # The account's subscription says whether cycles run at all (a read-only account's
    # sites are not improved): joined here, so the list's queries don't grow with it.
    return queryset.select_related("account__subscription").annotate(
        health_now=Subquery(measured[:1], output_field=IntegerField()),
        health_before=Subquery(measured[1:2], output_field=IntegerField()),
        last_number=Subquery(finished.values("number")[:1]),
        last_status=Subquery(finished.values("status")[:1]),
        last_outcome=Subquery(finished.values("outcome")[:1]),
        last_finished_at=Subquery(finished.values("finished_at")[:1]),
        # Only the newest cycle can be queued or running (one at a time per site).
        latest_status=Subquery(
            OptimizationCycle.objects.filter(site=OuterRef("pk"))
            .order_by("-number")
            .values("status")[:1]
        ),
    )


@dataclass(frozen=True)
class SiteHealth:
    site: Site
    health: int | None
    trend: int | None
    last_number: int | None
    last_finished_at: datetime | None
    last_badge: tuple[str, str] | None
    active: bool
    next: NextCycle


def site_health(site: Any) -> SiteHealth:
    """The summary of a site annotated by `sites_with_health`."""
    number = getattr(site, "last_number", None)
    return SiteHealth(
        site=site,
        health=site.health_now,
        trend=charts.trend(site.health_now, site.health_before),
        last_number=number,
        last_finished_at=site.last_finished_at,
        last_badge=badge(site.last_status, site.last_outcome or "") if number else None,
        active=site.latest_status in ACTIVE,
        next=next_cycle(site),
    )


def trend_words(change: int | None) -> str:
    if change is None:
        return ""
    if change > 0:
        return f"up {change} since the previous cycle"
    if change < 0:
        return f"down {-change} since the previous cycle"
    return "the same as the previous cycle"


# --- The diff ----------------------------------------------------------------------------

DIFF_MAX_LINES = 3000


@dataclass(frozen=True)
class DiffLine:
    kind: str  # file, hunk, add, del, context
    text: str
    old: int | None = None
    new: int | None = None

    @property
    def sign(self) -> str:
        return {"add": "+", "del": "-"}.get(self.kind, " ")


def diff_lines(diff: str) -> tuple[list[DiffLine], int]:
    """A unified diff as typed lines with their old and new line numbers, and how many
    lines were left out past DIFF_MAX_LINES."""
    lines: list[DiffLine] = []
    old = new = 0
    raw = diff.splitlines()
    for text in raw[:DIFF_MAX_LINES]:
        if text.startswith(("--- ", "+++ ", "diff ", "index ")):
            lines.append(DiffLine("file", text))
        elif text.startswith("@@"):
            old, new = _hunk_start(text)
            lines.append(DiffLine("hunk", text))
        elif text.startswith("+"):
            lines.append(DiffLine("add", text[1:], None, new))
            new += 1
        elif text.startswith("-"):
            lines.append(DiffLine("del", text[1:], old, None))
            old += 1
        elif text.startswith("\\"):
            lines.append(DiffLine("file", text))
        else:
            lines.append(DiffLine("context", text[1:] if text.startswith(" ") else text, old, new))
            old += 1
            new += 1
    return lines, max(0, len(raw) - DIFF_MAX_LINES)


def _hunk_start(header: str) -> tuple[int, int]:
    """The first old and new line numbers of a hunk header: @@ -12,7 +12,8 @@."""
    try:
        ranges = header.split("@@")[1].split()
        old = int(ranges[0].lstrip("-").split(",")[0])
        new = int(ranges[1].lstrip("+").split(",")[0])
    except (IndexError, ValueError):
        return 0, 0
    return old, new


# --- Findings and fixes as the pages show them ---------------------------------------------


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def finding_views(findings: Any) -> list[dict[str, Any]]:
    """A cycle's (or scan's) findings with every key a page reads, whatever was stored."""
    views = []
    for finding in findings if isinstance(findings, list) else []:
        if not isinstance(finding, dict):
            continue
        offenders = finding.get("offenders")
        views.append(
            {
                "id": _text(finding.get("id")),
                "title": _text(finding.get("title") or finding.get("id")),
                "explanation": _text(finding.get("explanation")),
                "fix": _text(finding.get("fix")),
                "offenders": [
                    {
                        key: _text(offender.get(key))
                        for key in ("page", "selector", "snippet", "note")
                    }
                    for offender in (offenders if isinstance(offenders, list) else [])
                    if isinstance(offender, dict)
                ],
            }
        )
    return views


def fix_views(fixes: Any, *, cycle: int | None = None) -> list[dict[str, Any]]:
    views = []
    for fix in fixes if isinstance(fixes, list) else []:
        if not isinstance(fix, dict):
            continue
        files = fix.get("files")
        views.append(
            {
                "summary": _text(fix.get("summary") or fix.get("fixer") or fix.get("audit")),
                "fixer": _text(fix.get("fixer")),
                "audit": _text(fix.get("audit")),
                "files": [_text(path) for path in files] if isinstance(files, list) else [],
                "cycle": fix.get("cycle", cycle),
            }
        )
    return views
