"""Content proposals: what real signals suggest the site should say.

Questions visitors asked through the contact form become proposed FAQ entries; a fact that
went stale (the footer's copyright year) is proposed for refreshing. A proposal that changes
what the site says waits for the customer's approval, unless the customer switched on
automatic publishing (``site.proposals_auto_publish``); an FAQ proposal always needs the
customer's answer first, so an unanswered question is never published. Nothing a proposal
publishes is invented: the question is the visitor's own words (without their name, email
address, phone number or links), the answer is the customer's.

Life of a proposal: ``proposals_gather`` opens it (each cycle), ``proposal_accept`` (with the
answer) or ``proposal_dismiss`` decides it, the next cycle's ``fixes_plan`` puts accepted ones
into the spec (optimization.fixers), and ``proposals_published`` marks them published once
the cycle kept the version.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

from django.db import transaction
from django.utils import timezone
from pydantic import ValidationError

from code24.accounts.models import Account
from code24.ai.schemas import Content
from optimization.fixers import ANSWER_MAX, COPYRIGHT_TITLE, QUESTION_MAX, faq_questions
from optimization.models import OptimizationCycle, Proposal
from sites.models import Lead, Site

EMAIL = re.compile(r"[\w.%+'-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
PHONE = re.compile(r"\+?\d[\d\s().-]{5,}\d")
QUESTION_WORDS = (
    "how|what|when|where|why|who|whom|whose|which|do|does|did|can|could|is|are|was|were"
    "|will|would|should|shall|may|might|have|has|am"
)
CLAUSE_START = re.compile(rf"(?:^|[,;:\-\u2013\u2014]\s*)((?:{QUESTION_WORDS})\b.*)$", re.I)


class ProposalError(Exception):
    """A decision that can't be made, with a sentence for the customer."""


def proposals_gather(*, site: Site, cycle: OptimizationCycle) -> list[Proposal]:
    """Open the proposals the signals since the last gather suggest; returns the new ones.

    The last gather is the site's latest finished cycle before ``cycle``: leads since it
    started are read (again, harmlessly: every question is deduplicated against every
    proposal the site ever had, dismissed ones included, and against the site's FAQ)."""
    created: list[Proposal] = []
    spec = site.current_version.spec if site.current_version else {}
    previous = (
        OptimizationCycle.objects.filter(
            site=site, number__lt=cycle.number, status=OptimizationCycle.Status.DONE
        )
        .order_by("-number")
        .values_list("started_at", flat=True)
        .first()
    )
    leads = Lead.objects.filter(site=site).order_by("created_at", "id")
    if previous is not None:
        leads = leads.filter(created_at__gte=previous)
    known = _known_questions(site, spec)
    for lead in leads:
        for question in lead_questions(lead):
            key = _key(question)
            if key in known:
                continue
            known.add(key)
            created.append(
                Proposal.objects.create(
                    site=site, kind=Proposal.Kind.FAQ, title=question, lead=lead, cycle=cycle
                )
            )
    year, this_year = spec.get("year"), timezone.localdate().year
    if isinstance(year, int) and year < this_year and not site.proposals_auto_publish:
        title = f"{COPYRIGHT_TITLE} says {year}"
        pending = Proposal.objects.filter(
            site=site,
            kind=Proposal.Kind.STALE_FACT,
            title__startswith=COPYRIGHT_TITLE,
            status__in=[Proposal.Status.OPEN, Proposal.Status.ACCEPTED],
        )
        if not pending.exists():
            created.append(
                Proposal.objects.create(
                    site=site,
                    kind=Proposal.Kind.STALE_FACT,
                    title=title,
                    body=f"Show © {this_year} {site.name}, the year it is now.",
                    cycle=cycle,
                )
            )
    return created


def lead_questions(lead: Lead) -> list[str]:
    """The questions in a visitor's message, each one sentence in the visitor's words, with
    their name, email addresses, phone numbers and links taken out."""
    text = URL.sub(" ", EMAIL.sub(" ", lead.message or ""))
    text = PHONE.sub(" ", text)
    for word in sorted(set(re.findall(r"\w{2,}", lead.name or "")), key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(word)}\b", " ", text, flags=re.I)
    questions: list[str] = []
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
        sentence = " ".join(sentence.split())
        if not sentence.endswith("?"):
            continue
        clause = CLAUSE_START.search(sentence)
        if clause is None:
            continue
        question = re.sub(r"\s+([?,.!])", r"\1", clause.group(1)).rstrip("?!. ") + "?"
        question = question[:1].upper() + question[1:]
        if len(question.split()) < 3 or len(question) > QUESTION_MAX:
            continue
        if re.search(r"\d{5,}|@", question):
            continue  # something personal survived: leave it out
        questions.append(question)
    return questions


@transaction.atomic
def proposal_accept(*, proposal: Proposal, answer: str, user: Any) -> Proposal:
    """Approve a proposal; an FAQ entry needs the customer's answer (the next cycle
    publishes it). Another account's proposal raises Proposal.DoesNotExist."""
    proposal = _for_user(proposal, user)
    if proposal.status not in (Proposal.Status.OPEN, Proposal.Status.ACCEPTED):
        raise ProposalError(f"This proposal is {proposal.get_status_display().lower()} already.")
    if proposal.kind == Proposal.Kind.FAQ:
        answer = "\n".join(line.strip() for line in (answer or "").strip().splitlines())
        if not re.search(r"\w", answer):
            raise ProposalError("Write the answer visitors should read before accepting.")
        if len(answer) > ANSWER_MAX:
            raise ProposalError(
                f"Keep the answer to {ANSWER_MAX} characters; it has {len(answer)}."
            )
        proposal.body = answer
    proposal.status = Proposal.Status.ACCEPTED
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["body", "status", "decided_at"])
    return proposal


@transaction.atomic
def proposal_dismiss(*, proposal: Proposal, user: Any) -> Proposal:
    proposal = _for_user(proposal, user)
    if proposal.status == Proposal.Status.PUBLISHED:
        raise ProposalError("This proposal is on the site already; edit the site instead.")
    proposal.status = Proposal.Status.DISMISSED
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_at"])
    return proposal


def proposals_published(*, site: Site, cycle: OptimizationCycle) -> int:
    """Mark the accepted proposals the cycle's fixes put on the site as published, once the
    cycle kept its version; returns how many."""
    if cycle.rolled_back or cycle.version_after_id is None:
        return 0
    ids = [fix["proposal"] for fix in cycle.fixes or [] if isinstance(fix.get("proposal"), int)]
    return Proposal.objects.filter(site=site, pk__in=ids, status=Proposal.Status.ACCEPTED).update(
        status=Proposal.Status.PUBLISHED, cycle=cycle
    )


def _for_user(proposal: Proposal, user: Any) -> Proposal:
    return Proposal.objects.select_for_update().get(
        pk=proposal.pk, site__account__in=Account.objects.for_user(user)
    )


def _key(question: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", question.casefold()).split())


def _known_questions(site: Site, spec: dict[str, Any]) -> set[str]:
    known = {
        _key(title)
        for title in Proposal.objects.filter(site=site, kind=Proposal.Kind.FAQ).values_list(
            "title", flat=True
        )
    }
    with contextlib.suppress(ValidationError):
        known |= faq_questions(Content.model_validate(spec.get("content")))
    return known
