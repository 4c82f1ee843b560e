"""The fixers: what a cycle changes in a site's spec, and what fixes achieved before.

A site Code24 built is rendered from its spec (brief, brand, design, content, year; see
``sites/pipeline/deploy.py``), so every fixer changes the SPEC: the next version is
rendered from it, and a later re-render keeps the fix. Every text a fixer writes comes
from the site's own words (a page's heading, its text, its navigation labels, an answer
the customer gave); nothing is invented.

One flat list of fixers, one per fixable audit (``FIXERS``):

- ``document-title``: a blank title gets the page's heading; a title longer than a search
  result shows (60 characters) is cut at a separator or a word boundary.
- ``meta-description``: a blank description is written from the page's own text, cut at a
  sentence or word boundary within what a search result shows (160 characters; the schema
  keeps every description within that, so none is ever too long).
- ``link-text``: a generic link text ("Learn more") becomes the title of the page it leads to.
- ``image-alt`` (audit ``svg-img-alt``: the generator draws its pictures as ``<svg role=img>``):
  a picture labelled with nothing visible gets the heading of its section (the page's for a hero).
- ``copyright-year``: the footer's year, when it is older than this year (or missing).
- ``faq``: questions visitors asked that the customer answered (``optimization.proposals``).

Audits the spec cannot cause (heading order, canonical, structured data, sitemap, ...) come
from the generator; a failing one is planned as a ``generator`` fix only when rendering the
spec with the current generator and running the audit on the result shows it passing.
Audits about headers, the network or timings cannot be judged on rendered files and are
never claimed.

The learning rule (``FixStat``, per audit and business type of the site's brief):
an audit fixer that was tried at least ``MIN_TRIES`` times on sites of this business type
and rolled back in more than half of them (``rolled_back * 2 > tried``) is skipped, and the
plan records it in ``skipped`` with why. The others are applied in the order of their record:
the share of tries kept (with one kept and one rolled back assumed before any try, so an
untried fix ranks between good and bad ones), then the mean health points gained per try.
Fixes the customer asked for (answered questions, an approved year) are not subject to it.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from pydantic import ValidationError

from code24.ai.schemas import (
    Brief,
    Content,
    Design,
    FaqEntry,
    Item,
    PageContent,
    Section,
    SectionPlan,
)
from optimization.models import FixStat, Proposal
from optimization.scanner.base import AUDITS, Crawl, Fetched, Page
from sites import drafts, edits
from sites.addresses import FORM_ACTION, site_address
from sites.generator import render_spec
from sites.models import Site, SiteEdit, SiteVersion
from sites.pipeline.files import photo_files

TITLE_MAX = 60  # what a search result shows of a title
DESCRIPTION_MAX = 160  # ... and of a description (PageContent's bound, what Code24 writes)
DESCRIPTION_MIN = 50  # PageContent's lower bound
LINK_TEXT_MAX = 40  # the schema's bound on link labels
ANSWER_MAX = 600  # an FAQ answer must fit a section item (Item.text)
QUESTION_MAX = 120  # ... and its question the item's title
FAQ_MAX = 12  # entries in an FAQ (the schema's bound)
MIN_TRIES = 5  # the learning rule judges a fix after this many tries on a business type
COPYRIGHT_TITLE = "The copyright year in the footer"
SEPARATOR = re.compile("\\s+[|\u2013\u2014-]\\s+")  # "Title | Name", "Title - Name"
# Lighthouse's link-text blocklist (English), plus what the scan's offenders name.
GENERIC_LINK_TEXTS = frozenset(
    {"click here", "click this", "go", "here", "information", "learn more", "more"}
    | {"more info", "more information", "right here", "read more", "see more", "start"}
    | {"this", "continue", "details", "link"}
)
# Audits whose verdict depends on headers, the network or timings: rendered files can't tell.
NOT_FROM_FILES = frozenset({"is-on-https", "redirects-http", "http-status-code"})


@dataclass
class FixPlan:
    """The spec the next version is rendered from, and what changed in it.

    ``fixes``: [{"fixer", "audit", "summary", "proposal"?: id}]; ``skipped``: [{"fixer",
    "audit", "why"}], fixes that were possible but not made."""

    spec: dict[str, Any]
    fixes: list[dict[str, Any]]
    skipped: list[dict[str, Any]] = field(default_factory=list)
    # Fixes of what the customer set themselves, proposed to them instead: (edit, value, summary)
    suggestions: list[tuple[SiteEdit, Any, str]] = field(default_factory=list)


@dataclass
class Work:
    """A spec being fixed: the parsed models (fixers change them in place) and the scan."""

    site: Site
    spec: dict[str, Any]
    brief: Brief
    design: Design
    content: Content
    year: int | None
    findings: dict[str, dict[str, Any]]  # the failing ones, by audit id
    this_year: int
    proposals: list[Proposal] = field(default_factory=list)  # accepted, oldest first
    owned: dict[str, SiteEdit] = field(default_factory=dict)  # what the customer set
    suggestions: list[tuple[SiteEdit, Any, str]] = field(default_factory=list)

    def keeps(self, path: str, new: Any, summary: str) -> Skip | None:
        """When the customer set ``path`` themselves, the fix is not made: it is proposed
        to them (in the editor) instead, and the skip says so."""
        edit = self.owned.get(path)
        if edit is None:
            return None
        self.suggestions.append((edit, new, summary))
        return {
            "why": f"You set {edits.describe(path, self.spec)} yourself, so this change is "
            "proposed to you in the editor instead of made."
        }

    def section_path(self, page: PageContent, section: Section) -> str:
        index = next(i for i, s in enumerate(page.sections) if s is section)
        n = sum(1 for s in page.sections[:index] if s.kind == section.kind)
        return f"page:{page.slug}:{section.kind}:{n}"

    def page_name(self, page: PageContent) -> str:
        if page.slug == "index":
            return "the home page"
        label = next((p.nav_label for p in self.design.pages if p.slug == page.slug), "")
        return f"the {label or page.h1} page"

    def page(self, slug: str) -> PageContent | None:
        return next((page for page in self.content.pages if page.slug == slug), None)

    def failing_slugs(self, audit: str) -> set[str]:
        finding = self.findings.get(audit)
        if not finding:
            return set()
        return {_slug_of(o.get("page", "")) for o in finding.get("offenders") or []}

    def offender_texts(self, audit: str) -> set[str]:
        finding = self.findings.get(audit) or {}
        texts = set()
        for offender in finding.get("offenders") or []:
            texts.add(_norm(re.sub(r"<[^>]*>", " ", offender.get("snippet", ""))))
        return texts - {""}

    def as_spec(self) -> dict[str, Any]:
        spec = {
            **self.spec,
            "design": self.design.model_dump(mode="json"),
            "content": self.content.model_dump(mode="json"),
        }
        if self.year is not None:
            spec["year"] = self.year
        return spec


Change = dict[str, Any]  # {"summary", "proposal"?}
Skip = dict[str, Any]  # {"why"}


@dataclass(frozen=True)
class Fixer:
    id: str
    audit: str
    apply: Callable[[Work], list[Change | Skip]]
    learns: bool = True  # subject to the learning rule (not the customer's own requests)


# --- the fixers ----------------------------------------------------------------------------


def fix_document_title(work: Work) -> list[Change | Skip]:
    changes: list[Change | Skip] = []
    name = work.site.name
    for page in work.content.pages:
        title = page.meta_title
        if not _visible(title):
            new = _cut(page.h1, TITLE_MAX)
            if _visible(name) and len(f"{new} | {name}") <= TITLE_MAX and name not in new:
                new = f"{new} | {name}"
            if not _visible(new):
                changes.append({"why": f"{_cap(work.page_name(page))} has no heading to use."})
                continue
            summary = f"Gave {work.page_name(page)} a title from its heading, “{new}”."
        elif len(title) > TITLE_MAX:
            new = _short_title(title)
            summary = (
                f"Shortened the title of {work.page_name(page)} to {len(new)} characters "
                "so search results show it whole."
            )
        else:
            continue
        if kept := work.keeps(f"page:{page.slug}:meta_title", new, summary):
            changes.append(kept)
            continue
        page.meta_title = new
        changes.append({"summary": summary})
    return changes


def fix_meta_description(work: Work) -> list[Change | Skip]:
    """A blank description is written from the page's own text. (The schema keeps every
    description within 160 characters, what a search result shows, so a valid spec never
    holds one too long to show whole.)"""
    changes: list[Change | Skip] = []
    for page in work.content.pages:
        if _visible(page.meta_description):
            continue
        new = _describe(page)
        if len(new) < DESCRIPTION_MIN:
            changes.append(
                {"why": f"{_cap(work.page_name(page))} has too little text for a description."}
            )
            continue
        name = work.page_name(page)
        summary = f"Wrote the missing description of {name} from its own text."
        if kept := work.keeps(f"page:{page.slug}:meta_description", new, summary):
            changes.append(kept)
            continue
        page.meta_description = new
        changes.append({"summary": summary})
    return changes


def fix_link_text(work: Work) -> list[Change | Skip]:
    generic = GENERIC_LINK_TEXTS | work.offender_texts("link-text")
    changes: list[Change | Skip] = []

    def better(label: str, target: PageContent | None, where: str, path: str) -> str | None:
        if _norm(label) not in generic:
            return None
        new = _page_title(work, target, generic) if target else None
        if not new:
            changes.append({"why": f"The link “{label}” {where} leads to no page with a title."})
            return None
        summary = f"Changed the link text “{label}” {where} to “{new}”, so it says where it leads."
        if kept := work.keeps(path, new, summary):
            changes.append(kept)
            return None
        changes.append({"summary": summary})
        return new

    for plan in work.design.pages:
        new = better(plan.nav_label, work.page(plan.slug), "in the menu", f"nav:{plan.slug}")
        if new:
            plan.nav_label = new
    new = better(
        work.design.primary_cta_label,
        _target(work, work.design.primary_cta_page),
        "in the header",
        "design:cta_label",
    )
    if new:
        work.design.primary_cta_label = new
    for page in work.content.pages:
        for section in page.sections:
            if section.cta_label:
                target = _target(work, section.cta_page)
                if target is page:  # the button leads on to the next section instead
                    continue
                where = f"on {work.page_name(page)}"
                path = f"{work.section_path(page, section)}:cta_label"
                new = better(section.cta_label, target, where, path)
                if new:
                    section.cta_label = new
    return changes


def fix_image_alt(work: Work) -> list[Change | Skip]:
    """Pictures are labelled from ``Section.image_alt``; an empty one is decorative (hidden
    from screen readers), one with nothing visible in it is a picture without a name."""
    changes: list[Change | Skip] = []
    for page in work.content.pages:
        for section in page.sections:
            if section.image_alt and not _visible(section.image_alt):
                source = page.h1 if section.kind == "hero" else section.heading
                new = _cut(" ".join(source.split()), 160)
                summary = (
                    f"Named the picture of “{section.heading}” on {work.page_name(page)} "
                    "after its heading, for screen readers."
                )
                path = f"{work.section_path(page, section)}:image_alt"
                if kept := work.keeps(path, new, summary):
                    changes.append(kept)
                    continue
                section.image_alt = new
                changes.append({"summary": summary})
    return changes


def fix_copyright_year(work: Work) -> list[Change | Skip]:
    if work.year is not None and work.year >= work.this_year:
        return []
    if work.year is None:  # made before the footer had a year: the generator's new markup
        work.year = work.this_year
        return [{"summary": f"Added the copyright year {work.this_year} to the footer."}]
    approved = next(
        (
            p
            for p in work.proposals
            if p.kind == Proposal.Kind.STALE_FACT and p.title.startswith(COPYRIGHT_TITLE)
        ),
        None,
    )
    if not (work.site.proposals_auto_publish or approved):
        return [{"why": "The footer's copyright year waits for your approval (see Proposals)."}]
    old, work.year = work.year, work.this_year
    change: Change = {
        "summary": f"Updated the copyright year in the footer from {old} to {work.this_year}."
    }
    if approved:
        change["proposal"] = approved.pk
    return [change]


def fix_faq(work: Work) -> list[Change | Skip]:
    changes: list[Change | Skip] = []
    for proposal in work.proposals:
        if proposal.kind != Proposal.Kind.FAQ or not _visible(proposal.body):
            continue  # an unanswered question is never published
        question = _cut(" ".join(proposal.title.split()), QUESTION_MAX)
        answer = proposal.body.strip()[:ANSWER_MAX]
        if _norm(question) in faq_questions(work.content):
            changes.append({"why": f"“{question}” is already in the FAQ."})
            continue
        where = _faq_add(work, question, answer)
        if where is None:
            changes.append({"why": f"The FAQ is full, so “{question}” could not be added."})
            continue
        changes.append(
            {
                "summary": f"Added the question “{question}” and your answer to the FAQ on "
                f"{where}.",
                "proposal": proposal.pk,
            }
        )
    return changes


FIXERS: list[Fixer] = [
    Fixer("document-title", "document-title", fix_document_title),
    Fixer("meta-description", "meta-description", fix_meta_description),
    Fixer("link-text", "link-text", fix_link_text),
    Fixer("image-alt", "svg-img-alt", fix_image_alt),  # the generator draws pictures as <svg>
    Fixer("copyright-year", "copyright-year", fix_copyright_year, learns=False),
    Fixer("faq", "faq", fix_faq, learns=False),
]


# --- the plan ------------------------------------------------------------------------------


def fixes_plan(*, site: Site, version: SiteVersion, findings: list[dict[str, Any]]) -> FixPlan:
    """The spec of the next version with every worthwhile fix applied; the live spec and no
    fixes when nothing is worth doing.

    The learning rule: an audit's fixer that was tried ``MIN_TRIES`` times or more on sites
    of the brief's business type and rolled back in more than half of those cycles is
    skipped (listed in ``skipped`` with why); the others run best record first (share of
    tries kept, one kept and one rolled back assumed before any try; then the mean health
    gain). A fixer's change is undone when it would not make a valid spec, or when the
    audit it answers still fails on the re-rendered site with as many offenders."""
    spec = version.spec or {}
    try:
        content = Content.model_validate(spec["content"])
        design = Design.model_validate(spec["design"])
        brief = Brief.model_validate(spec["brief"])
        render_spec(spec, site_url=site_address(site), form_action=FORM_ACTION, site_id=site.pk)
    except (KeyError, TypeError, ValueError, ValidationError):
        return FixPlan(spec, [], [{"fixer": "", "audit": "", "why": "The spec is incomplete."}])
    failing = {f["id"]: f for f in findings if f.get("outcome") == "fail" and f.get("id")}
    accepted = list(
        Proposal.objects.filter(site=site, status=Proposal.Status.ACCEPTED).order_by(
            "decided_at", "id"
        )
    )
    work = Work(
        site=site,
        spec=spec,
        brief=brief,
        design=design,
        content=content,
        year=spec.get("year"),
        findings=failing,
        this_year=timezone.localdate().year,
        proposals=accepted,
        owned=drafts.owned_paths(site),
    )
    business = brief.business_type
    stats = {s.audit: s for s in FixStat.objects.filter(business_type=business)}
    fixes: list[dict[str, Any]] = []
    skipped: list[dict[str, Any]] = []
    for fixer in sorted(
        FIXERS, key=lambda f: _rank(stats.get(f.audit)) if f.learns else (-2.0, 0.0)
    ):
        stat = stats.get(fixer.audit)
        if fixer.learns and stat and stat.tried >= MIN_TRIES and stat.rolled_back * 2 > stat.tried:
            before = copy.deepcopy((work.design, work.content, work.year))
            if any("summary" in r for r in fixer.apply(work)):  # say why it isn't done
                skipped.append(
                    {
                        "fixer": fixer.id,
                        "audit": fixer.audit,
                        "why": f"Rolled back in {stat.rolled_back} of {stat.tried} cycles on "
                        f"{business.replace('-', ' ')} sites, so not tried again.",
                    }
                )
            work.design, work.content, work.year = before
            continue
        fixes_of, skips_of = _apply(work, fixer)
        fixes += fixes_of
        skipped += skips_of
    new_spec = work.as_spec() if fixes else spec
    fixes += _generator_fixes(work, new_spec, {fix["audit"] for fix in fixes}, stats, skipped)
    return FixPlan(new_spec if fixes else spec, fixes, skipped, work.suggestions)


def _apply(work: Work, fixer: Fixer) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Apply one fixer; undo it when the result is not a valid spec, or when the audit it
    fixes still fails on the re-rendered site with as many offenders as before."""
    before = copy.deepcopy((work.design, work.content, work.year))
    results = fixer.apply(work)
    named = {"fixer": fixer.id, "audit": fixer.audit}
    skips = [{**named, "why": r["why"]} for r in results if "why" in r]
    fixes = [{**named, **r} for r in results if "summary" in r]
    if not fixes:
        work.design, work.content, work.year = before
        return [], skips
    why = ""
    try:
        Content.model_validate(work.content.model_dump())
        Design.model_validate(work.design.model_dump())
        finding = work.findings.get(fixer.audit)
        if finding and fixer.audit in AUDITS:
            verdict = AUDITS[fixer.audit].check(_crawl_of(work.site, work.as_spec()))
            if verdict.outcome != "pass" and len(verdict.offenders) >= len(
                finding.get("offenders") or []
            ):
                why = "The change would not make the audit pass, so it is not made."
    except (ValidationError, ValueError) as exc:
        why = f"The change would not make a valid site ({str(exc).splitlines()[0]})."
    if why:
        work.design, work.content, work.year = before
        return [], [*skips, {**named, "why": why}]
    return fixes, skips


def _generator_fixes(
    work: Work,
    spec: dict[str, Any],
    handled: set[str],
    stats: dict[str, FixStat],
    skipped: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """Failing audits that rendering the spec with the current generator makes pass."""
    candidates = [
        audit_id
        for audit_id in work.findings
        if audit_id in AUDITS
        and audit_id not in handled
        and audit_id not in NOT_FROM_FILES
        and not set(AUDITS[audit_id].weights) & {"performance", "security"}
    ]
    if not candidates:
        return []
    crawl = _crawl_of(work.site, spec)
    fixes = []
    for audit_id in candidates:
        if AUDITS[audit_id].check(crawl).outcome != "pass":
            continue
        stat = stats.get(audit_id)
        if stat and stat.tried >= MIN_TRIES and stat.rolled_back * 2 > stat.tried:
            skipped.append(
                {
                    "fixer": "generator",
                    "audit": audit_id,
                    "why": f"Rolled back in {stat.rolled_back} of {stat.tried} cycles on similar "
                    "sites, so not tried again.",
                }
            )
            continue
        fixes.append(
            {
                "fixer": "generator",
                "audit": audit_id,
                "summary": "Rendered the site again with Code24's current site generator, "
                f"which passes “{AUDITS[audit_id].title}”.",
            }
        )
    return fixes


def _rank(stat: FixStat | None) -> tuple[float, float]:
    if stat is None or stat.tried == 0:
        return (-0.5, 0.0)
    return (-(stat.kept + 1) / (stat.tried + 2), -stat.health_gain / stat.tried)


# --- what fixes achieved -------------------------------------------------------------------


def fix_outcomes_record(
    *, site: Site, fixes: list[dict[str, Any]], kept: bool, health_gain: float
) -> None:
    """Count one try per audit the cycle's fixes addressed, kept or rolled back, for the
    site's business type; the cycle's health gain is shared equally between them."""
    audits = sorted({str(fix["audit"]) for fix in fixes if fix.get("audit")})
    if not audits:
        return
    business = str((site.brief or {}).get("business_type") or "other")[:40]
    share = health_gain / len(audits)
    with transaction.atomic():
        for audit_id in audits:
            FixStat.objects.get_or_create(audit=audit_id[:60], business_type=business)
            FixStat.objects.filter(audit=audit_id[:60], business_type=business).update(
                tried=F("tried") + 1,
                kept=F("kept") + int(kept),
                rolled_back=F("rolled_back") + int(not kept),
                health_gain=F("health_gain") + share,
            )


# --- rendered files as a crawl -------------------------------------------------------------


def files_crawl(files: dict[str, bytes], site_url: str) -> Crawl:
    """A scan's view of rendered files: every page (the sitemap's first), robots.txt, the
    sitemap and the site's resources, as a server without extra headers would serve them."""
    base = site_url.rstrip("/")

    def fetched(path: str, content_type: str) -> Fetched:
        url = f"{base}{path}"
        body = files[_file_of(path)]
        return Fetched(
            url=url,
            final_url=url,
            status=200,
            headers={"content-type": content_type, "content-length": str(len(body))},
            body=body,
            wire_bytes=len(body),
        )

    paths = ["/"] + [
        "/" + name.removesuffix(".html")
        for name in sorted(files)
        if name.endswith(".html") and name not in ("index.html", "404.html", "thanks.html")
    ]
    responses = [fetched(path, "text/html") for path in paths]  # the charset: the page says
    resources = {
        f"{base}/{name}": fetched(f"/{name}", _TYPES.get(name.rsplit(".", 1)[-1], "text/plain"))
        for name in files
        if not name.endswith((".html", ".txt", ".xml"))
    }
    return Crawl(
        start_url=f"{base}/",
        pages=[Page(response) for response in responses],
        responses=responses,
        robots=fetched("/robots.txt", "text/plain") if "robots.txt" in files else None,
        sitemap=fetched("/sitemap.xml", "application/xml") if "sitemap.xml" in files else None,
        resources=resources,
    )


_TYPES = {
    "css": "text/css",
    "svg": "image/svg+xml",
    "js": "text/javascript",
    "webp": "image/webp",
    "avif": "image/avif",
    "png": "image/png",
    "jpg": "image/jpeg",
    "woff2": "font/woff2",
}


def _file_of(path: str) -> str:
    name = path.strip("/")
    if not name:
        return "index.html"
    return name if "." in name else f"{name}.html"


def _crawl_of(site: Site, spec: dict[str, Any]) -> Crawl:
    url = site_address(site)
    files = render_spec(spec, site_url=url, form_action=FORM_ACTION, site_id=site.pk)
    return files_crawl({**files, **photo_files(spec)}, url)


# --- the FAQ -------------------------------------------------------------------------------


def faq_questions(content: Content) -> set[str]:
    """The questions a site's FAQ answers, normalised (for deduplication)."""
    questions = {_norm(entry.question) for entry in content.faq}
    for page in content.pages:
        for section in page.sections:
            if section.kind == "faq":
                questions |= {_norm(item.title) for item in section.items}
    return questions


def _faq_add(work: Work, question: str, answer: str) -> str | None:
    """Add an entry where the site shows its FAQ (creating the FAQ section on the FAQ,
    contact or home page when it has none); the page's name, or None when it is full."""
    for page in work.content.pages:
        for section in page.sections:
            if section.kind != "faq":
                continue
            if any(item.text for item in section.items):  # the section lists its own
                if len(section.items) >= FAQ_MAX:
                    return None
                section.items.append(Item(title=question, text=answer))
            else:  # the section shows the site's FAQ
                if len(work.content.faq) >= FAQ_MAX:
                    return None
                work.content.faq.append(FaqEntry(question=question, answer=answer))
            return work.page_name(page)
    home = work.page("faq") or work.page("contact") or work.page("index")
    if home is None or len(home.sections) >= 12:
        return None
    kinds = [section.kind for section in home.sections]
    at = next((i for i, kind in enumerate(kinds) if kind in ("contact", "cta")), len(kinds))
    heading = "Frequently asked questions"
    home.sections.insert(at, Section(kind="faq", heading=heading, items=[]))
    work.content.faq.append(FaqEntry(question=question, answer=answer))
    plan = next((p for p in work.design.pages if p.slug == home.slug), None)
    if plan is not None and at <= len(plan.sections) and len(plan.sections) < 12:
        plan.sections.insert(at, SectionPlan(kind="faq"))
    return work.page_name(home)


# --- text ----------------------------------------------------------------------------------


def _visible(text: str) -> bool:
    """Whether a text shows anything (format characters and spaces show nothing)."""
    return any(not ch.isspace() and unicodedata.category(ch)[0] not in "CZ" for ch in text)


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _slug_of(path: str) -> str:
    name = path.split("?")[0].strip("/").removesuffix(".html")
    return name or "index"


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if s]


def _cut(text: str, limit: int, *, sentences: bool = False) -> str:
    """The text within ``limit`` characters: whole sentences when they give at least a
    description's minimum, else cut at a word boundary with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    if sentences:
        kept = ""
        for sentence in _sentences(text):
            joined = f"{kept} {sentence}".strip()
            if len(joined) > limit:
                break
            kept = joined
        if len(kept) >= DESCRIPTION_MIN:
            return kept
    words = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return words.rstrip(" ,;:-\u2013\u2014|") + "…"


def _short_title(title: str) -> str:
    parts = re.split(SEPARATOR, title)
    while len(parts) > 1 and len(" | ".join(parts)) > TITLE_MAX:
        parts.pop()
    joined = " | ".join(parts)
    return joined if len(joined) <= TITLE_MAX else _cut(joined, TITLE_MAX)


def _describe(page: PageContent) -> str:
    """A description from the page's own text: its sections' text, in order."""
    texts: list[str] = []
    for section in page.sections:
        texts += [section.body] + [item.text for item in section.items]
    text = " ".join(t for t in texts if _visible(t))
    return _cut(text, DESCRIPTION_MAX, sentences=True)


def _target(work: Work, slug: str) -> PageContent | None:
    """The page a link to ``slug`` leads to (the generator's ``href_for``)."""
    slug = (slug or "").strip().lower().strip("/")
    found = work.page(slug) or work.page("contact")
    if found:
        return found
    for page in work.content.pages:
        if any(section.kind == "contact" for section in page.sections):
            return page
    return work.page("index")


def _page_title(work: Work, page: PageContent, generic: frozenset[str] | set[str]) -> str | None:
    """The page's own name, short enough for a link: its menu label, its title (without the
    site's name), or its heading."""
    label = next((p.nav_label for p in work.design.pages if p.slug == page.slug), "")
    title = re.split(SEPARATOR, page.meta_title)[0]
    for candidate in (label, title, page.h1):
        candidate = " ".join(candidate.split())
        if _visible(candidate) and _norm(candidate) not in generic and len(candidate) <= 40:
            return candidate
    cut = _cut(page.h1, LINK_TEXT_MAX)
    return cut if _visible(cut) and _norm(cut) not in generic else None
