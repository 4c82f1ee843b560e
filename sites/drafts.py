"""The customer's draft of a site: edits collect here until Publish, and what is published
stays the customer's through every rebuild and cycle.

- The draft is the live version's spec with the draft edits laid over it (``draft_spec``);
  the editor shows and previews it, and nothing about the live site changes meanwhile.
- Saving an edit checks what the editor showed against what the draft says now
  (``seen``): if someone else changed the same thing meanwhile (another tab, another
  person), the save is refused for that thing with who changed it and to what
  (``Saved.conflicts``); nothing is silently overwritten.
- A change to the business facts is written into the words too: the built-in writer
  writes the site's copy again from the new facts (a price, the hours, the team), and the
  customer's own words are laid over it again.
- Publish makes an "edits" build whose research, brand, design and content steps are the
  draft's spec; develop, QA, deploy and go-live run as for every build, and the new
  version lists what changed. Once it is live the draft's edits become published edits.
- Rebuilds lay the published edits over what the writer wrote; where the writer now says
  something new at a place the customer set, it is proposed (``proposal_accept`` puts it
  in the draft, ``proposal_dismiss`` remembers not to propose it again).
"""

from __future__ import annotations

import copy
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from pydantic import ValidationError

from code24.accounts.entitlements import EntitlementError
from code24.accounts.models import User
from code24.ai import builtin
from code24.ai.contrast import AA_NORMAL_TEXT, contrast_pairs, fix_foreground
from code24.ai.schemas import Brand, Brief, Content, Design, Palette, Photo
from sites import edits, tasks
from sites.models import Build, BuildStep, Site, SiteEdit
from sites.pipeline import runner

# The steps an edits build takes from the draft's spec instead of running them (no AI).
FROM_SPEC = ("market_research", "competitive_analysis", "brand", "design", "content")


class DraftError(Exception):
    """An edit or a publish that can't be made; the message says why and what to do."""


@dataclass
class Conflict:
    path: str
    what: str  # "the headline of the home page"
    theirs: Any  # what the draft says now
    by: str  # who changed it
    at: Any  # when


@dataclass
class Saved:
    saved: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


def conflict_sentence(conflicts: list[Conflict]) -> str:
    named = "; ".join(
        f"{c.what} was changed by {c.by}" + (f" at {c.at:%H:%M}" if c.at else "") for c in conflicts
    )
    return (
        f"Someone else saved a change while you were editing: {named}. Your version was not "
        "saved, so nothing is lost: it is shown below beside theirs. Change it again if "
        "yours should win."
    )


# --- Reading the draft ------------------------------------------------------------------


def live_spec(site: Site) -> dict[str, Any]:
    if site.current_version is None:
        raise DraftError("This site has no published version yet: edit it once it is live.")
    return copy.deepcopy(site.current_version.spec)


def draft_edits(site: Site) -> QuerySet[SiteEdit]:
    return site.edits.filter(draft=True).select_related("author")


def published_edits(site: Site) -> QuerySet[SiteEdit]:
    return site.edits.filter(draft=False)


def draft_spec(site: Site, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The spec the draft would publish: the live version with the draft edits (and
    ``extra``, edits not saved yet) laid over it."""
    changes = {e.path: e.value for e in draft_edits(site)}
    changes.update(extra or {})
    return compose(site, live_spec(site), changes)


def compose(site: Site, base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """``base`` with ``changes`` laid over it. When the facts change, the copy is written
    again from them and every edit of the customer's (published or draft) laid over it."""
    facts_paths = {p: v for p, v in changes.items() if p.startswith(("brief:", "facts:"))}
    spec = edits.lay_over(base, facts_paths)
    if facts_paths and not edits.same(spec["brief"], base["brief"]):
        try:
            spec["content"] = _rewritten(site, spec)
        except ValidationError:
            return edits.lay_over(spec, changes)  # not a brief: ``problems`` says why
        every = {e.path: e.value for e in published_edits(site)}
        every.update(changes)
        return edits.lay_over(spec, every)
    return edits.lay_over(spec, changes)


def _rewritten(site: Site, spec: dict[str, Any]) -> dict[str, Any]:
    """The copy the built-in writer writes from the spec's facts, for the spec's design
    (without the pages the customer made: their words are the customer's)."""
    added = set((_published_value(site, "pages") or {}).get("added") or {})
    design = copy.deepcopy(spec["design"])
    design["pages"] = [p for p in design["pages"] if p["slug"] not in added]
    content = builtin.content(
        Brief.model_validate(spec["brief"]),
        {
            **_research(site),
            "design": design,
            "brand": spec["brand"],
        },
    )
    return content.model_dump(mode="json")


def _research(site: Site) -> dict[str, Any]:
    """The latest research the writer had for this site (keywords for the titles)."""
    build = (
        site.builds.filter(
            kind__in=[Build.Kind.INITIAL, Build.Kind.REBUILD], status=Build.Status.SUCCEEDED
        )
        .order_by("-created_at")
        .first()
    )
    if build is None:
        return {}
    found = {}
    for step in build.steps.filter(name__in=["market_research", "competitive_analysis"]):
        if isinstance(step.output, dict) and isinstance(step.output.get("value"), dict):
            found[step.name] = step.output["value"]
    return found


def _published_value(site: Site, path: str) -> Any:
    edit = published_edits(site).filter(path=path).first()
    return edit.value if edit else None


def fingerprint(value: Any) -> str:
    """What the editor showed of a value, for the conflict check (``seen``)."""
    return hashlib.sha256(edits._canon(value).encode()).hexdigest()[:16]


def problems(spec: dict[str, Any]) -> list[str]:
    """Why the spec would not make a site (sentences), or []."""
    found = []
    for name, model in (("brief", Brief), ("brand", Brand), ("design", Design)):
        try:
            model.model_validate(spec.get(name))
        except ValidationError as exc:
            found.append(_sentence(name, exc, spec))
    try:
        content = Content.model_validate(spec.get("content"))
        if not any(p.slug == "index" for p in content.pages):
            found.append("The site needs its home page.")
    except ValidationError as exc:
        found.append(_sentence("content", exc, spec))
    for raw in spec.get("photos") or []:
        try:
            Photo.model_validate(raw)
        except ValidationError as exc:
            found.append(_sentence("photo", exc))
    palette = (spec.get("brand") or {}).get("palette")
    if palette:
        found += palette_problems(palette)
    return found


def palette_problems(palette: dict[str, Any]) -> list[str]:
    """Each text/background pair that fails WCAG AA, with its ratio and a colour that
    would pass."""
    try:
        checked = Palette.model_validate(palette)
    except ValidationError:
        return ["Each colour must be written like #1a2b3c."]
    found = []
    for pair in contrast_pairs(checked):
        if pair.passes_aa:
            continue
        better = fix_foreground(pair.foreground, [pair.background], AA_NORMAL_TEXT)
        found.append(
            f"{pair.usage[:1].upper()}{pair.usage[1:]}: {pair.foreground} on "
            f"{pair.background} has a contrast of {pair.ratio:.2f}:1, and WCAG AA needs "
            f"{AA_NORMAL_TEXT}:1 for text to be readable. Try {better} instead."
        )
    return found


def _sentence(name: str, exc: ValidationError, spec: dict[str, Any] | None = None) -> str:
    """The first error in a customer's words: what it is, and what it needs."""
    error = exc.errors()[0]
    loc = [str(part) for part in error.get("loc", ())]
    what = _what(name, loc, spec or {}) or f"the {name}'s {'.'.join(loc) or 'value'}"
    message = str(error.get("msg", "is not valid"))
    message = re.sub(
        r"^String should have at least (\d+) characters?", r"needs at least \1 characters", message
    )
    message = re.sub(
        r"^String should have at most (\d+) characters?", r"can have at most \1 characters", message
    )
    message = message.removeprefix("Value error, ")
    message = message.replace("needs at least 1 characters", "can't be empty")
    if message.startswith("String should match pattern"):
        times = loc and loc[-1] in ("opens", "closes")
        message = "needs a 24-hour time like 07:30" if times else "is not written the right way"
    return f"{what[:1].upper()}{what[1:]} {message[:1].lower()}{message[1:]}."


def _what(name: str, loc: list[str], spec: dict[str, Any]) -> str:
    """The customer's words for a place in the spec that pydantic named by its location."""
    try:
        if name == "content" and len(loc) >= 3 and loc[0] == "pages":
            page = spec["content"]["pages"][int(loc[1])]
            if loc[2] in edits.PAGE_FIELDS:
                return edits.describe(f"page:{page['slug']}:{loc[2]}", spec)
            if loc[2] == "sections" and len(loc) >= 5:
                prefix = edits.section_path(spec, page["slug"], int(loc[3]))
                field = loc[4] if loc[4] in edits.SECTION_FIELDS else "items"
                return edits.describe(f"{prefix}:{field}", spec)
        if name == "brief" and loc and loc[0] == "facts" and len(loc) >= 2:
            return edits.describe(f"facts:{loc[1]}", spec)
        if name == "brief" and loc and loc[0] in edits.BRIEF_FIELDS:
            return edits.describe(f"brief:{loc[0]}", spec)
        if name == "brand" and loc and loc[0] in edits.BRAND_FIELDS:
            return edits.describe(f"brand:{loc[0]}", spec)
    except (KeyError, IndexError, ValueError, TypeError):
        return ""
    return ""


# --- Saving, discarding ------------------------------------------------------------------


@transaction.atomic
def edit_save(
    *, site: Site, user: User | None, changes: dict[str, Any], seen: dict[str, str]
) -> Saved:
    """Save ``changes`` ({path: value}) into the draft. A path whose value in the draft is
    not what the editor showed (``seen``: {path: fingerprint}) was changed by someone
    else meanwhile: it is not saved, and ``Saved.conflicts`` says who changed it. Raises
    DraftError when the draft with the changes would not make a valid site."""
    site = _locked(site)
    _writable(site)
    for path in changes:
        try:
            edits.check(path)
        except edits.PathError as exc:
            raise DraftError(str(exc)) from None
    live = live_spec(site)
    draft = draft_spec(site)
    pending = {e.path: e for e in draft_edits(site)}
    result = Saved()
    wanted: dict[str, Any] = {}
    for path, value in changes.items():
        now = edits.read(draft, path)
        current = None if now is edits.MISSING else now
        if edits.same(current, value):
            continue
        if path in seen and seen[path] != fingerprint(current):
            other = pending.get(path)
            result.conflicts.append(
                Conflict(
                    path=path,
                    what=edits.describe(path, draft),
                    theirs=current,
                    by=(str(other.author) if other and other.author else "someone else"),
                    at=other.updated_at if other else None,
                )
            )
            continue
        wanted[path] = value
    if wanted:
        candidate = draft_spec(site, wanted)
        found = problems(candidate)
        if found:
            raise DraftError(" ".join(found[:3]))
    published = {e.path: e for e in published_edits(site)}
    for path, value in wanted.items():
        live_value = edits.read(live, path)
        # Back to what is published: nothing left to publish there.
        published_value = published[path].value if path in published else live_value
        if edits.same(published_value, value):
            SiteEdit.objects.filter(site=site, path=path, draft=True).delete()
        else:
            base = published[path].base if path in published else _or_none(live_value)
            SiteEdit.objects.update_or_create(
                site=site,
                path=path,
                draft=True,
                defaults={
                    "value": value,
                    "base": base,
                    "author": user,
                    "updated_at": timezone.now(),
                },
            )
        result.saved.append(path)
    return result


def _writable(site: Site) -> None:
    """A read-only account (its subscription ended or is unpaid) changes nothing."""
    try:
        site.account.entitlements.require_writable()
    except EntitlementError as exc:
        raise DraftError(str(exc)) from exc


def _locked(site: Site) -> Site:
    """The site's row, locked (only its own: PostgreSQL locks no nullable join)."""
    return (
        Site.objects.select_for_update(of=("self",))
        .select_related("current_version")
        .get(pk=site.pk)
    )


def _or_none(value: Any) -> Any:
    return None if value is edits.MISSING else value


def draft_discard(*, site: Site) -> int:
    """Throw the draft away: the live site is unchanged. Returns how many edits went."""
    count, _ = SiteEdit.objects.filter(site=site, draft=True).delete()
    return count


def draft_changes(site: Site) -> list[str]:
    """What the draft changes, one sentence each, in the order they were made."""
    draft = draft_spec(site)
    return [
        f"Changed {edits.describe(e.path, draft)}"
        for e in draft_edits(site).order_by("updated_at", "id")
    ]


# --- Publishing ---------------------------------------------------------------------------


@transaction.atomic
def draft_publish(*, site: Site, user: User | None, via: str = "dashboard") -> Build:
    """Put the draft live: an edits build (develop, QA, deploy, go-live) of the draft's
    spec, queued after commit. The draft's edits become published once it is live."""
    site = _locked(site)
    _writable(site)
    refusal = site.refusal("restore")
    if refusal:
        raise DraftError(refusal.replace("then try again", "then publish"))
    pending = list(draft_edits(site))
    if not pending:
        raise DraftError("The draft has no changes to publish.")
    spec = draft_spec(site)
    found = problems(spec)
    if found:
        raise DraftError(" ".join(found[:3]))
    changes = draft_changes(site)
    build = Build.objects.create(
        site=site, kind=Build.Kind.EDIT, requested_by=user, requested_via=via
    )
    runner.steps_create(build)
    number = site.current_version.number if site.current_version else 0
    spec_steps_fill(
        build,
        spec,
        made_from=f"draft of version {number}",
        extra={"edits": {e.path: e.value for e in pending}, "changes": changes},
    )
    tasks.build_run.delay_on_commit(build.pk)
    return build


def spec_steps_fill(
    build: Build, spec: dict[str, Any], *, made_from: str, extra: dict[str, Any] | None = None
) -> None:
    """Mark the build's research, brand, design and content steps done with the spec's
    values, so only develop, QA, deploy and go-live run (no AI). The content step carries
    the rest of the spec: the brief, the photos and the footer's year."""
    now = timezone.now()
    for name in FROM_SPEC:
        output: dict[str, Any] = {
            "value": spec.get(name, {}),
            "provider": "spec",
            "model": made_from,
            "attempts": 0,
            "fallback_reason": "",
        }
        if name == "content":
            output.update(
                brief=spec.get("brief"), photos=spec.get("photos", []), year=spec.get("year")
            )
            output.update(extra or {})
        BuildStep.objects.filter(build=build, name=name).update(
            status=BuildStep.Status.SUCCEEDED, output=output, started_at=now, finished_at=now
        )


def edits_published(build: Build) -> None:
    """After an edits build went live: its draft edits are the customer's published edits
    (an edit changed again since Publish stays in the draft), and the site's brief is the
    published facts, so a rebuild writes from them."""
    content = build.step_output("content")
    included: dict[str, Any] = content.get("edits") or {}
    site = build.site
    with transaction.atomic():
        for path, value in included.items():
            draft = SiteEdit.objects.filter(site=site, path=path, draft=True).first()
            if draft is None or not edits.same(draft.value, value):
                continue
            SiteEdit.objects.update_or_create(
                site=site,
                path=path,
                draft=False,
                defaults={
                    "value": value,
                    "base": draft.base,
                    "author": draft.author,
                    "updated_at": draft.updated_at,
                    "proposed_value": None,
                    "proposed_by": "",
                    "proposed_at": None,
                },
            )
            draft.delete()
        if isinstance(content.get("brief"), dict):
            Site.objects.filter(pk=site.pk).update(brief=content["brief"])


# --- What a rebuild or a cycle would change -----------------------------------------------


def keep_edits(site: Site, incoming: dict[str, Any], *, by: str) -> dict[str, Any]:
    """``incoming`` (what a rebuild wrote) with the customer's published edits laid over
    it; where it said something new at a place the customer set, that is proposed."""
    mine = list(published_edits(site))
    for edit, value in edits.proposals(incoming, mine):
        propose(edit, value, by=by)
    return edits.lay_over(incoming, {e.path: e.value for e in mine})


def propose(edit: SiteEdit, value: Any, *, by: str) -> None:
    """File a proposal to change what the customer set (once per value)."""
    if edit.has_proposal and edits.same(edit.proposed_value, value):
        return
    SiteEdit.objects.filter(pk=edit.pk).update(
        proposed_value=value, proposed_by=by[:200], proposed_at=timezone.now()
    )


def edits_restored(*, site: Site, spec: dict[str, Any]) -> int:
    """A version was restored: the published edits it does not say are dropped (the
    draft's stay). Returns how many went."""
    gone = [
        e.pk for e in published_edits(site) if not edits.same(edits.read(spec, e.path), e.value)
    ]
    SiteEdit.objects.filter(pk__in=gone).delete()
    return len(gone)


def _says(spec: dict[str, Any], edit: SiteEdit) -> bool:
    """Whether the spec says what the edit set."""
    if edit.path != "pages":
        return edits.same(edits.read(spec, edit.path), edit.value)
    slugs = {p["slug"] for p in spec.get("content", {}).get("pages", [])}
    value = edit.value or {}
    return set(value.get("added") or {}) <= slugs and not set(value.get("removed") or []) & slugs


def owned_paths(site: Site) -> dict[str, SiteEdit]:
    return {e.path: e for e in published_edits(site)}


def proposals_open(site: Site) -> QuerySet[SiteEdit]:
    return published_edits(site).filter(proposed_at__isnull=False).order_by("-proposed_at")


@transaction.atomic
def proposal_accept(*, edit: SiteEdit, user: User | None) -> SiteEdit:
    """Put the proposed value into the draft (Publish puts it live)."""
    edit = SiteEdit.objects.select_for_update().get(pk=edit.pk)
    if not edit.has_proposal:
        raise DraftError("There is no proposal here any more.")
    value = edit.proposed_value
    SiteEdit.objects.filter(pk=edit.pk).update(
        proposed_value=None, proposed_by="", proposed_at=None
    )
    edit_save(site=edit.site, user=user, changes={edit.path: value}, seen={})
    return edit


@transaction.atomic
def proposal_dismiss(*, edit: SiteEdit) -> SiteEdit:
    """Keep what the customer set; the same proposal is not made again."""
    edit = SiteEdit.objects.select_for_update().get(pk=edit.pk)
    if not edit.has_proposal:
        raise DraftError("There is no proposal here any more.")
    edit.dismissed = [*(edit.dismissed or []), edit.proposed_value]
    edit.proposed_value, edit.proposed_by, edit.proposed_at = None, "", None
    edit.save(update_fields=["dismissed", "proposed_value", "proposed_by", "proposed_at"])
    return edit
