"""The milestone report: every 10th cycle, what the last 10 cycles of a site found, changed
and achieved. ``milestone_report`` gives the figures (the email uses them, and the
dashboard's report page); ``milestone_report_send`` emails the account's owners, once."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from code24.accounts.models import Account, Membership
from optimization.models import OptimizationCycle
from optimization.scanner.base import CATEGORIES, CATEGORY_TITLES
from sites.addresses import site_address

log = logging.getLogger(__name__)

Cycle = OptimizationCycle
REPORT_CYCLES = 10
REPORT_FIELDS = (
    "number", "status", "outcome", "finished_at", "scores_before", "scores_after",
    "health_before", "health_after", "grade_before", "grade_after", "fixes",
    "rolled_back", "rollback_reason", "error",
)  # fmt: skip


def _live_scores(cycle: Cycle) -> tuple[dict[str, int], int | None, str]:
    """The scores the site had at the end of the cycle: the new version's when it was
    kept, else the ones it started with (nothing changed, or it was put back)."""
    if cycle.outcome == Cycle.Outcome.IMPROVED and cycle.scores_after:
        return cycle.scores_after, cycle.health_after, cycle.grade_after
    return cycle.scores_before, cycle.health_before, cycle.grade_before


def milestone_report(cycle: Cycle) -> dict[str, Any]:
    """The last REPORT_CYCLES cycles of the site up to `cycle` (oldest first)::

    {"site": {"id", "name", "address"}, "cycle": number, "first", "last",
     "cycles": [{"number", "finished_at", "status", "outcome", "outcome_label",
                 "health", "scores", "grade", "fixes", "rolled_back",
                 "rollback_reason", "error", "columns": scores in the order of
                 "categories"}],
     "categories": [{"id", "title", "scores": [one per cycle, None if unknown],
                     "first", "last", "change"}],
     "health": [one per cycle],
     "changes": [{"cycle", "fixer", "audit", "summary", "kept"}],
     "achieved": {"health_first", "health_last", "health_change", "improved",
                  "unchanged", "rolled_back", "failed", "fixes_kept",
                  "rollbacks": [{"cycle", "reason"}]}}
    """
    site = cycle.site
    cycles = list(
        Cycle.objects.filter(site=site, number__lte=cycle.number)
        .order_by("-number")[:REPORT_CYCLES]
        .only(*REPORT_FIELDS)
    )[::-1]
    rows: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    for each in cycles:
        scores, health, grade = _live_scores(each)
        kept = each.outcome == Cycle.Outcome.IMPROVED
        rows.append(
            {
                "number": each.number,
                "finished_at": each.finished_at,
                "status": each.status,
                "outcome": each.outcome,
                "outcome_label": each.get_outcome_display() if each.outcome else "Failed",
                "health": health,
                "scores": scores,
                "grade": grade,
                "fixes": [fix.get("summary", "") for fix in each.fixes],
                "rolled_back": each.rolled_back,
                "rollback_reason": each.rollback_reason,
                "error": each.error,
            }
        )
        changes += [
            {
                "cycle": each.number,
                "fixer": fix.get("fixer", ""),
                "audit": fix.get("audit", ""),
                "summary": fix.get("summary", ""),
                "kept": kept,
            }
            for fix in each.fixes
        ]
    categories: list[dict[str, Any]] = []
    for category in CATEGORIES:
        series = [row["scores"].get(category) for row in rows]
        known = [score for score in series if score is not None]
        if not known:
            continue
        categories.append(
            {
                "id": category,
                "title": CATEGORY_TITLES[category],
                "scores": series,
                "first": known[0],
                "last": known[-1],
                "change": known[-1] - known[0],
            }
        )
    for row in rows:  # the scores in the categories' order, for a table
        row["columns"] = [row["scores"].get(category["id"]) for category in categories]
    healths: list[int | None] = [row["health"] for row in rows]
    known_health = [h for h in healths if h is not None]
    first = known_health[0] if known_health else None
    last = known_health[-1] if known_health else None
    outcomes = [row["outcome"] for row in rows]
    return {
        "site": {"id": site.pk, "name": site.name, "address": site_address(site)},
        "cycle": cycle.number,
        "first": rows[0]["number"] if rows else cycle.number,
        "last": cycle.number,
        "cycles": rows,
        "categories": categories,
        "health": healths,
        "changes": changes,
        "achieved": {
            "health_first": first,
            "health_last": last,
            "health_change": (last - first) if first is not None and last is not None else None,
            "improved": outcomes.count(Cycle.Outcome.IMPROVED),
            "unchanged": outcomes.count(Cycle.Outcome.UNCHANGED),
            "rolled_back": outcomes.count(Cycle.Outcome.ROLLED_BACK),
            "failed": sum(1 for row in rows if row["status"] == Cycle.Status.FAILED),
            "fixes_kept": sum(1 for change in changes if change["kept"]),
            "rollbacks": [
                {"cycle": row["number"], "reason": row["rollback_reason"]}
                for row in rows
                if row["rolled_back"]
            ],
        },
    }


def brand_name(account: Account) -> str:
    """Whose name the account's emails carry: a white-label account's own (it resells
    Code24 under its brand), else Code24's."""
    return account.name if account.entitlements.white_label else "Code24"


def milestone_report_send(cycle: Cycle) -> bool:
    """Email the milestone report to the account's owners and admins, once per cycle
    (claimed by setting ``report_sent_at``). False when it was sent already, or the
    cycle is not a milestone."""
    if not cycle.milestone:
        return False
    claimed = Cycle.objects.filter(pk=cycle.pk, milestone=True, report_sent_at__isnull=True).update(
        report_sent_at=timezone.now()
    )
    if not claimed:
        return False
    site = cycle.site
    account = site.account
    emails = list(
        account.memberships.filter(
            role__in=[Membership.Role.OWNER, Membership.Role.ADMIN], user__is_active=True
        ).values_list("user__email", flat=True)
    )
    if not emails:
        return True
    report = milestone_report(cycle)
    brand = brand_name(account)
    context = {
        "report": report,
        "site": site,
        "account": account,
        "brand": brand,
        "report_url": settings.SITE_URL + reverse("milestone_report", args=[site.pk, cycle.number]),
    }
    subject = f"[{brand}] {site.name}: what the last {len(report['cycles'])} cycles achieved"
    try:
        send_mail(
            subject=" ".join(subject.split()),
            message=render_to_string("emails/cycle_report.txt", context),
            html_message=render_to_string("emails/cycle_report.html", context),
            from_email=None,
            recipient_list=emails,
        )
    except Exception:
        # Not sent: the claim goes, so a later attempt (a rerun from the admin) sends it.
        Cycle.objects.filter(pk=cycle.pk).update(report_sent_at=None)
        raise
    log.info("cycle %s of site %s: report sent to %s", cycle.number, site.pk, len(emails))
    return True
