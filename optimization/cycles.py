"""The guarded cycle: scan the live site, choose what to change, build a new version through
the pipeline's develop, QA and deploy steps, scan again, keep it only if no category got
worse (else put the previous version back), and record everything on the cycle's row.

``cycle_run(cycle_id)`` is what the task calls. It claims the cycle first (a conditional
UPDATE: queued → running, or running under a lease that lapsed), so a second run of a
finished cycle does nothing and a concurrent one does not take it. It can be run again
after a crash or a wait: it carries on from what the row records (the scan before, the
build), never repeating a finished phase's side effects.

What a cycle changes on a site Code24 built:
- the generator upgrade: a version made by an older generator (``generator_version`` below
  ``sites.generator.GENERATOR_VERSION``) is rendered again from its own spec by today's
  generator (same content; new markup, styles, headers, structured data);
- the fixers' plan (``optimization.fixers.fixes_plan``): the spec with the fixes for what
  the scan found, and the accepted content proposals.
Nothing to change: the cycle is recorded as unchanged, with its scores (a flat line is
evidence too).
"""

from __future__ import annotations

import difflib
import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from optimization import fixers, proposals, scanner
from optimization.fetchers import site_fetcher
from optimization.models import OptimizationCycle, Scan
from optimization.scanner.base import CATEGORY_TITLES
from optimization.services import next_cycle_at
from sites import drafts, hosting
from sites.addresses import site_address
from sites.generator import GENERATOR_VERSION
from sites.models import Build, BuildStep, Site, SiteVersion
from sites.pipeline import runner
from sites.pipeline.files import files_load

log = logging.getLogger(__name__)

Cycle = OptimizationCycle
MILESTONE_EVERY = 10
# A message for a cycle's next try may arrive a little early (another machine's clock).
EARLY = timedelta(seconds=2)
TEXT_TYPES = ("application/json", "application/javascript", "application/xml", "image/svg+xml")
CRASHED = (
    "Something went wrong in this cycle, so it stopped and your site was left as it was. "
    "We have been told; the next cycle tries again."
)


class CycleFailed(Exception):
    """The cycle stops with this sentence for the customer."""


class LeaseLost(Exception):
    """Another worker took the cycle over (this one held it too long): stop quietly."""


# --- Claiming and holding -------------------------------------------------------------


def _lease() -> timedelta:
    return timedelta(seconds=settings.OPTIMIZATION_CYCLE_LEASE_SECONDS)


def _claim(cycle_id: int) -> Cycle | None:
    now = timezone.now()
    claimable = Q(status=Cycle.Status.QUEUED) | Q(
        Q(lease_until__isnull=True) | Q(lease_until__lte=now + EARLY),
        status=Cycle.Status.RUNNING,
    )
    taken = Cycle.objects.filter(claimable, pk=cycle_id).update(
        status=Cycle.Status.RUNNING,
        started_at=Coalesce("started_at", now),
        lease_until=now + _lease(),
    )
    if not taken:
        return None
    return Cycle.objects.select_related(
        "site__account__subscription__plan", "site__current_version", "version_before", "build"
    ).get(pk=cycle_id)


class Held:
    """The claimed cycle's row, written only while this worker still holds it: every write
    renews the lease and checks that nobody took the cycle over meanwhile (the lease
    value is the claim's token)."""

    def __init__(self, cycle: Cycle) -> None:
        self.cycle = cycle

    def save(self, *, lease: datetime | None = None, **changes: Any) -> None:
        until = lease or timezone.now() + _lease()
        done = Cycle.objects.filter(
            pk=self.cycle.pk, status=Cycle.Status.RUNNING, lease_until=self.cycle.lease_until
        ).update(lease_until=until, **changes)
        if not done:
            raise LeaseLost()
        self.cycle.lease_until = until
        for name, value in changes.items():
            setattr(self.cycle, name, value)

    def phase(self, name: str) -> None:
        self.save(phase=name)


# --- The cycle ------------------------------------------------------------------------


def cycle_run(cycle_id: int) -> float | None:
    """Run the cycle (or carry it on). Returns None when it has finished (or is not this
    worker's to run), or the seconds after which to call again (its build is waiting out
    a passing failure, such as Cloudflare being busy)."""
    cycle = _claim(cycle_id)
    if cycle is None:
        log.info("cycle %s: finished already, or another worker holds it", cycle_id)
        return None
    held = Held(cycle)
    try:
        return _work(held)
    except LeaseLost:
        log.warning("cycle %s: another worker took it over", cycle_id)
        return None
    except CycleFailed as exc:
        _fail(held, str(exc))
        return None
    except Exception:
        log.exception("cycle %s of site %s crashed", cycle.number, cycle.site_id)
        try:
            _put_back(held)
        except Exception:
            log.exception("cycle %s: the previous version was not put back", cycle.pk)
        _fail(held, CRASHED)
        return None


def _work(held: Held) -> float | None:
    cycle = held.cycle
    site = cycle.site
    if cycle.scan_before_id is None:
        if not site.is_live or site.current_version is None:
            raise CycleFailed(
                "The site was not live when the cycle was due to start, so nothing was "
                "scanned or changed."
            )
        held.phase("scanning")
        _scan_before(held)
    if cycle.build_id is None and cycle.outcome == "":
        held.phase("fixing")
        if not _plan(held):
            _finish(held, outcome=Cycle.Outcome.UNCHANGED)
            return None
    assert cycle.build is not None
    held.phase("building")
    wait = runner.run(cycle.build.pk)
    if wait is not None:
        # Held until the build's next try; the retry (or, should its message be lost, the
        # dispatcher once that lapses) claims the cycle again.
        held.save(lease=timezone.now() + timedelta(seconds=wait))
        return wait
    build = Build.objects.get(pk=cycle.build.pk)
    if build.status != Build.Status.SUCCEEDED:
        _build_failed(held, build)
    version = SiteVersion.objects.get(build=build)
    if cycle.version_after_id != version.pk:
        held.save(version_after=version, diff=_diff(cycle.version_before, version))
        _files_of_fixes(held)
    held.phase("rescanning")
    _scan_after(held)
    held.phase("finishing")
    _finish(held, outcome=_keep_or_roll_back(held))
    return None


def _scan_before(held: Held) -> None:
    cycle, site = held.cycle, held.cycle.site
    scan, report = _scan(site)
    if report.error:
        raise CycleFailed(
            f"We could not read the site at {scan.url}: {report.error} Nothing was changed."
        )
    held.save(
        scan_before=scan,
        version_before=site.current_version,
        scores_before=report.scores,
        health_before=report.health,
        grade_before=report.grade,
        findings=[f for f in report.findings if f.get("outcome") == "fail"],
    )
    cycle.version_before = site.current_version


def _plan(held: Held) -> bool:
    """Decide what to change; with something to change, create the build. False when
    there is nothing to change."""
    cycle, site = held.cycle, held.cycle.site
    version = cycle.version_before
    assert version is not None
    fixes: list[dict[str, Any]] = []
    if version.generator_version < GENERATOR_VERSION:
        fixes.append(
            {
                "fixer": "generator-upgrade",
                "audit": "",
                "summary": (
                    f"Brought the site forward from generator version "
                    f"{version.generator_version} to {GENERATOR_VERSION}: the same content, "
                    "with today's markup, styles, headers and structured data."
                ),
            }
        )
    plan = fixers.fixes_plan(site=site, version=version, findings=cycle.findings)
    for edit, value, summary in plan.suggestions:
        drafts.propose(edit, value, by=f"Optimization cycle {cycle.number}: {summary}")
    fixes += [dict(fix) for fix in plan.fixes]
    if not fixes and plan.spec == version.spec:
        return False
    if site.build_running:
        raise CycleFailed(
            "A build of this site was running, so this cycle changed nothing; the next "
            "cycle tries again."
        )
    with transaction.atomic():
        build = _build_create(site, plan.spec, version)
        held.save(fixes=fixes, build=build)
    return True


def _build_create(site: Site, spec: dict[str, Any], version: SiteVersion) -> Build:
    """An optimization build whose research, brand, design and content steps are done
    already: their outputs are the spec's (``sites.drafts.spec_steps_fill``); develop, QA,
    deploy and go-live run."""
    build = Build.objects.create(
        site=site, kind=Build.Kind.OPTIMIZATION, requested_via="optimization"
    )
    runner.steps_create(build)
    # develop renders the footer's copyright year from the spec (a stale one changes only
    # when the fixers' plan changed it), with the spec's brief and photos
    drafts.spec_steps_fill(build, spec, made_from=f"version {version.number}")
    return build


def _build_failed(held: Held, build: Build) -> None:
    failed = build.steps.filter(status=BuildStep.Status.FAILED).first()
    if failed is not None and failed.name in ("deploy", "activate"):
        _put_back(held)  # the new script may have been uploaded before the step failed
    reason = (build.error or "The new version could not be built.").rstrip(".")
    raise CycleFailed(f"{reason}. The live version was kept as it was.")


def _scan_after(held: Held) -> None:
    scan, report = _scan(held.cycle.site)
    held.save(
        scan_after=scan,
        scores_after=report.scores,
        health_after=report.health,
        grade_after=report.grade,
    )
    held.cycle.scan_after = scan


def _keep_or_roll_back(held: Held) -> str:
    """Keep the new version unless a category scored lower than before (or the new version
    could not be read at all): then the previous version is put back."""
    cycle = held.cycle
    assert cycle.scan_after is not None
    if cycle.scan_after.error:
        reason = (
            f"The new version could not be read ({cycle.scan_after.error}), so the previous "
            f"version {cycle.version_before.number if cycle.version_before else ''} was put "
            "back."
        )
        return _roll_back(held, reason)
    worse = [
        (category, before, cycle.scores_after.get(category, 0))
        for category, before in cycle.scores_before.items()
        if cycle.scores_after.get(category, 0) < before
    ]
    if worse:
        named = ", ".join(
            f"{CATEGORY_TITLES.get(category, category)} ({category}) from {before} to {after}"
            for category, before, after in worse
        )
        number = cycle.version_before.number if cycle.version_before else ""
        reason = f"The new version scored lower in {named}, so version {number} was put back."
        return _roll_back(held, reason)
    _fixes_learned(held, kept=True)
    return Cycle.Outcome.IMPROVED


def _roll_back(held: Held, reason: str) -> str:
    _put_back(held)
    held.save(rolled_back=True, rollback_reason=reason)
    _fixes_learned(held, kept=False)
    return Cycle.Outcome.ROLLED_BACK


def _put_back(held: Held) -> None:
    """Publish the version the cycle started from again, if another one is live now."""
    cycle = held.cycle
    before = cycle.version_before
    if before is None:
        return
    site = Site.objects.select_related("account__subscription__plan").get(pk=cycle.site_id)
    if site.current_version_id == before.pk or not site.is_live:
        return
    log.info("cycle %s of site %s: version %s put back", cycle.number, site.pk, before.number)
    hosting.publish(site, before, files_load(before.manifest))


def _fixes_learned(held: Held, *, kept: bool) -> None:
    cycle = held.cycle
    gain = float((cycle.health_after or 0) - (cycle.health_before or 0))
    fixers.fix_outcomes_record(site=cycle.site, fixes=cycle.fixes, kept=kept, health_gain=gain)


def _finish(held: Held, *, outcome: str) -> None:
    cycle = held.cycle
    site = cycle.site
    proposals.proposals_gather(site=site, cycle=cycle)
    if outcome == Cycle.Outcome.IMPROVED:
        proposals.proposals_published(site=site, cycle=cycle)
    changes: dict[str, Any] = {}
    if outcome == Cycle.Outcome.UNCHANGED:
        # Nothing was changed: the scores after are the scores before.
        changes.update(
            scores_after=cycle.scores_before,
            health_after=cycle.health_before,
            grade_after=cycle.grade_before,
        )
    held.save(
        status=Cycle.Status.DONE,
        outcome=outcome,
        phase="",
        finished_at=timezone.now(),
        lease=None,
        milestone=cycle.number % MILESTONE_EVERY == 0,
        error="",
        **changes,
    )
    Cycle.objects.filter(pk=cycle.pk).update(lease_until=None)
    _after(cycle)
    log.info("cycle %s of site %s: %s", cycle.number, site.pk, outcome)


def _fail(held: Held, message: str) -> None:
    cycle = held.cycle
    try:
        held.save(
            status=Cycle.Status.FAILED,
            phase="",
            error=message,
            finished_at=timezone.now(),
            milestone=cycle.number % MILESTONE_EVERY == 0,
        )
    except LeaseLost:
        log.warning("cycle %s: another worker took it over", cycle.pk)
        return
    Cycle.objects.filter(pk=cycle.pk).update(lease_until=None)
    log.info("cycle %s of site %s failed: %s", cycle.number, cycle.site_id, message)
    _after(cycle)


def _after(cycle: Cycle) -> None:
    """Whatever the outcome: the site's next cycle is scheduled, and a milestone's report
    sent (once)."""
    from optimization import reports

    site = cycle.site
    Site.objects.filter(pk=site.pk).update(next_optimization_at=next_cycle_at(site))
    if cycle.milestone:
        try:
            reports.milestone_report_send(cycle)
        except Exception:
            log.exception("cycle %s of site %s: the report was not sent", cycle.number, site.pk)


# --- Scanning -------------------------------------------------------------------------


def _scan(site: Site) -> tuple[Scan, Any]:
    """Scan the site at its primary address (its live custom domain, else its Code24
    address) and store the Scan."""
    site = Site.objects.select_related("account").get(pk=site.pk)
    url = site_address(site) + "/"
    started = timezone.now()
    report = scanner.scan(url, fetch=site_fetcher(site))
    scan = Scan.objects.create(
        account=site.account,
        site=site,
        url=url,
        requested_via="cycle",
        status=Scan.Status.FAILED if report.error else Scan.Status.DONE,
        created_at=started,
        started_at=started,
        finished_at=timezone.now(),
        **report.as_fields(),
    )
    return scan, report


# --- The diff -------------------------------------------------------------------------


def _is_text(entry: dict[str, Any]) -> bool:
    kind = str(entry.get("content_type", "")).split(";")[0].strip()
    return kind.startswith("text/") or kind in TEXT_TYPES


def _diff(before: SiteVersion | None, after: SiteVersion) -> str:
    """A unified diff of the text files that differ between the two versions (binary
    files are named only), cut at OPTIMIZATION_DIFF_MAX_BYTES."""
    old = before.manifest if before else {}
    new = after.manifest
    changed = _changed(old, new)
    limit = settings.OPTIMIZATION_DIFF_MAX_BYTES
    parts: list[str] = []
    size = 0
    for path in changed:
        a, b = old.get(path), new.get(path)
        if not all(_is_text(entry) for entry in (a, b) if entry):
            what = "added" if a is None else "removed" if b is None else "changed"
            piece = f"Binary file {path} {what}\n"
        else:
            a_text = _text(a).splitlines(keepends=True) if a else []
            b_text = _text(b).splitlines(keepends=True) if b else []
            piece = "".join(
                line if line.endswith("\n") else line + "\n"
                for line in difflib.unified_diff(
                    a_text,
                    b_text,
                    fromfile=f"a/{path}" if a else "/dev/null",
                    tofile=f"b/{path}" if b else "/dev/null",
                )
            )
        if size + len(piece.encode()) > limit:
            parts.append(
                f"… the diff is cut here at {limit // 1000} KB; "
                f"{len(changed)} files changed in all.\n"
            )
            break
        parts.append(piece)
        size += len(piece.encode())
    return "".join(parts)


def _changed(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The paths added, removed or changed between two manifests."""
    return sorted(
        path
        for path in set(old) | set(new)
        if (old.get(path) or {}).get("sha256") != (new.get(path) or {}).get("sha256")
    )


def _text(entry: dict[str, Any]) -> str:
    return files_load({"file": entry})["file"].decode("utf-8", errors="replace")


def _files_of_fixes(held: Held) -> None:
    """Name the changed files on a fix that changed the site alone (the generator
    upgrade, or a single fix), where the fixer did not name them itself."""
    cycle = held.cycle
    assert cycle.version_after is not None
    old = cycle.version_before.manifest if cycle.version_before else {}
    changed = _changed(old, cycle.version_after.manifest)
    fixes = [dict(fix) for fix in cycle.fixes]
    for fix in fixes:
        if "files" not in fix:
            fix["files"] = changed if len(fixes) == 1 or fix["fixer"] == "generator-upgrade" else []
    held.save(fixes=fixes)
