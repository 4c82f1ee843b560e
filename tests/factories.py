"""Small factories for test data: people, their accounts, keys, sites, builds, versions."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from code24.accounts import services
from code24.accounts.models import Account, ApiKey, Membership, Plan, User
from sites.models import Build, BuildStep, Site, SiteVersion
from sites.pipeline import runner
from sites.pipeline.files import content_hash, files_save

PASSWORD = "correct-horse-battery-staple"
_counter = itertools.count(1)


def make_user(email: str | None = None, *, verified: bool = True) -> User:
    email = email or f"user{next(_counter)}@example.com"
    user = User.objects.create_user(email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    return user


def make_account(
    owner: User | None = None, *, name: str = "Acme Bakery", plan: str = Plan.BASIC
) -> Account:
    return services.account_create(owner=owner or make_user(), name=name, plan_slug=plan)


def add_member(account: Account, user: User | None = None, role: str = "member") -> Membership:
    return Membership.objects.create(account=account, user=user or make_user(), role=role)


def make_api_key(account: Account, name: str = "Script") -> tuple[ApiKey, str]:
    prefix, raw = ApiKey.generate()
    key = ApiKey.objects.create(
        account=account, name=name, prefix=prefix, key_hash=ApiKey.hash(raw)
    )
    return key, raw


# --- Sites ----------------------------------------------------------------------------

BRIEF = {
    "name": "Harbour Dental",
    "description": (
        "A family dental clinic in Portsmouth offering check-ups, hygiene visits, "
        "whitening and emergency appointments, with evening hours for working parents."
    ),
    "business_type": "dental-clinic",
    "primary_goal": "bookings",
}
# The build payload of the original design's example (`POST /trigger/build`).
ORIGINAL_EXAMPLE = {
    "description": "AI-powered SaaS platform",
    "businessType": "saas",
    "primaryGoal": "lead_generation",
    "name": "YourCompany",
}


def make_site(
    account: Account,
    *,
    name: str = "Harbour Dental",
    status: str = "building",
    brief: dict[str, Any] | None = None,
) -> Site:
    slug = f"{slugify(name)[:40] or 'site'}-{next(_counter)}"
    return Site.objects.create(
        account=account,
        name=name,
        slug=slug,
        status=status,
        brief={**BRIEF, "name": name, **(brief or {})},
    )


def make_build(
    site: Site,
    *,
    status: str = "running",
    kind: str = "initial",
    error: str = "",
    steps: dict[str, tuple[str, Any]] | None = None,
) -> Build:
    """A build with its nine steps; `steps` sets some: {"brand": ("succeeded", output)}."""
    now = timezone.now()
    build = Build.objects.create(
        site=site,
        kind=kind,
        status=status,
        error=error,
        started_at=None if status == "queued" else now - timedelta(seconds=30),
        finished_at=now if status in {"succeeded", "failed"} else None,
    )
    runner.steps_create(build)
    for name, (step_status, output) in (steps or {}).items():
        BuildStep.objects.filter(build=build, name=name).update(
            status=step_status,
            output=output,
            attempts=0 if step_status == "pending" else 1,
            error=error if step_status == "failed" else "",
            started_at=None if step_status == "pending" else now - timedelta(seconds=3),
            finished_at=now if step_status in {"succeeded", "failed"} else None,
        )
    return build


def make_version(
    site: Site,
    *,
    files: dict[str, bytes] | None = None,
    deployed: bool = True,
    current: bool = True,
    made_by: str = "First build",
) -> SiteVersion:
    """A version whose files are really stored (Django's default storage)."""
    files = files or {
        "index.html": b"<!doctype html><title>Home</title><a href='about'>About</a>",
        "about.html": b"<!doctype html><title>About</title>",
        "styles.css": b"body{color:#111}",
    }
    manifest = files_save(site.pk, files)
    number = (site.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = SiteVersion.objects.create(
        site=site,
        number=number,
        spec={"brief": site.brief},
        manifest=manifest,
        content_hash=content_hash(manifest),
        script_name=site.script_name,
        made_by=made_by,
        deployed_at=timezone.now() if deployed else None,
    )
    if current:
        Site.objects.filter(pk=site.pk).update(current_version=version)
        site.current_version = version
    return version


# --- Optimization -----------------------------------------------------------------------

CATEGORY_KEYS = ("performance", "accessibility", "best-practices", "seo", "security")


def scores_of(health: int | None, **overrides: int) -> dict[str, int]:
    """Five category scores whose mean is about `health` (all equal unless overridden)."""
    if health is None:
        return {}
    return {key: overrides.get(key.replace("-", "_"), health) for key in CATEGORY_KEYS}


def make_scan(
    account: Account,
    *,
    site: Site | None = None,
    url: str = "https://example.com/",
    status: str = "done",
    health: int | None = 90,
    grade: str = "B",
    findings: list[dict[str, Any]] | None = None,
    error: str = "",
    via: str = "dashboard",
) -> Any:
    from optimization.models import Scan

    now = timezone.now()
    done = status in {"done", "failed"}
    return Scan.objects.create(
        account=account,
        site=site,
        url=url,
        status=status,
        requested_via=via,
        scores=scores_of(health) if status == "done" else {},
        health=health if status == "done" else None,
        grade=grade if status == "done" else "",
        findings=findings or [],
        error=error,
        started_at=None if status == "queued" else now - timedelta(seconds=5),
        finished_at=now if done else None,
    )


def make_cycle(
    site: Site,
    *,
    number: int | None = None,
    status: str = "done",
    outcome: str | None = None,
    health_before: int | None = 80,
    health_after: int | None = 90,
    scores_before: dict[str, int] | None = None,
    scores_after: dict[str, int] | None = None,
    grade_before: str = "B",
    grade_after: str = "A",
    findings: list[dict[str, Any]] | None = None,
    fixes: list[dict[str, Any]] | None = None,
    diff: str = "",
    rolled_back: bool = False,
    rollback_reason: str = "",
    error: str = "",
    phase: str = "",
    at: Any = None,
    via: str = "schedule",
    milestone: bool | None = None,
) -> Any:
    """A cycle of `site` (the next number unless given). `outcome` defaults from the
    status and rollback: improved, rolled_back, or "" while unfinished or failed."""
    from optimization.models import OptimizationCycle

    if number is None:
        number = (site.cycles.aggregate(n=Max("number"))["n"] or 0) + 1
    if outcome is None:
        outcome = ("rolled_back" if rolled_back else "improved") if status == "done" else ""
    finished = status in {"done", "failed"}
    at = at or timezone.now()
    measured_after = status == "done" and outcome != "unchanged"
    return OptimizationCycle.objects.create(
        site=site,
        number=number,
        status=status,
        outcome=outcome,
        phase=phase,
        requested_via=via,
        created_at=at - timedelta(minutes=2),
        started_at=None if status == "queued" else at - timedelta(minutes=2),
        finished_at=at if finished else None,
        scores_before=scores_before if scores_before is not None else scores_of(health_before),
        scores_after=scores_after
        if scores_after is not None
        else (scores_of(health_after) if measured_after else {}),
        health_before=health_before,
        health_after=health_after if measured_after else None,
        grade_before=grade_before,
        grade_after=grade_after if measured_after else "",
        findings=findings or [],
        fixes=fixes or [],
        diff=diff,
        rolled_back=rolled_back,
        rollback_reason=rollback_reason,
        milestone=number % 10 == 0 if milestone is None else milestone,
        error=error,
    )
