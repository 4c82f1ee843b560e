"""Content proposals: visitors' questions become FAQ entries once the customer answers them,
and a stale copyright year is refreshed with the customer's approval (or automatically)."""

from __future__ import annotations

from typing import Any

import pytest

from optimization.fixers import fixes_plan
from optimization.models import OptimizationCycle, Proposal
from optimization.proposals import (
    ProposalError,
    lead_questions,
    proposal_accept,
    proposal_dismiss,
    proposals_gather,
    proposals_published,
)
from sites.models import Lead, Site
from tests.factories import make_user
from tests.optimization.helpers import THIS_YEAR, files_of, live_site, live_spec
from tests.sites import fixtures

pytestmark = pytest.mark.django_db

QUESTION = (
    "Hi, I'm Jane Roe (jane.roe@example.com, 07700 900123). Do you see children on "
    "Saturdays? Thanks, Jane"
)


def cycle_of(site: Site, number: int = 1, **fields: Any) -> OptimizationCycle:
    return OptimizationCycle.objects.create(site=site, number=number, **fields)


def lead(site: Site, message: str, name: str = "Jane Roe") -> Lead:
    return Lead.objects.create(
        site=site, name=name, email="jane.roe@example.com", phone="07700 900123", message=message
    )


def owner_of(site: Site) -> Any:
    return site.account.memberships.get(role="owner").user


def plan(site: Site) -> Any:
    version = site.current_version
    assert version is not None
    return fixes_plan(site=site, version=version, findings=[])


def test_a_question_in_a_lead_becomes_an_open_faq_proposal_without_personal_data() -> None:
    site = live_site(fixtures.dental())
    question_lead = lead(site, QUESTION)
    lead(site, "Please call me back about a filling.")  # no question: nothing to propose

    [proposal] = proposals_gather(site=site, cycle=cycle_of(site))

    assert proposal.kind == Proposal.Kind.FAQ and proposal.status == Proposal.Status.OPEN
    assert proposal.title == "Do you see children on Saturdays?"
    assert proposal.body == "" and proposal.lead == question_lead
    for personal in ("Jane", "Roe", "example.com", "07700", "900123"):
        assert personal not in proposal.title


def test_personal_details_inside_a_question_are_taken_out_or_the_question_left_out() -> None:
    message = (
        "Can Bob Smith book for 07700 900123 instead? "
        "Could you email me at bob@example.com? "
        "What do you charge for whitening?"
    )
    questions = lead_questions(Lead(name="Bob Smith", message=message))
    assert "What do you charge for whitening?" in questions
    assert all("@" not in q and "07700" not in q and "Bob" not in q for q in questions)


def test_the_same_question_twice_gives_one_proposal() -> None:
    site = live_site(fixtures.dental())
    lead(site, "Do you see children on Saturdays?")
    lead(site, "do you see CHILDREN on saturdays ??", name="Sam Poe")
    proposals_gather(site=site, cycle=cycle_of(site))
    # Asked again after the first gather: still one proposal (dismissed ones count too).
    Proposal.objects.update(status=Proposal.Status.DISMISSED)
    lead(site, "Do you see children on Saturdays?", name="Ann Lee")
    proposals_gather(site=site, cycle=cycle_of(site, 2))
    assert Proposal.objects.filter(site=site, kind=Proposal.Kind.FAQ).count() == 1


def test_a_question_the_sites_faq_answers_already_is_not_proposed() -> None:
    sample = fixtures.dental()
    site = live_site(sample)
    lead(site, sample.content.faq[0].question)
    assert proposals_gather(site=site, cycle=cycle_of(site)) == []


def test_accepted_answer_goes_into_the_faq_escaped_and_is_published_when_kept() -> None:
    site = live_site(fixtures.dental())
    lead(site, QUESTION)
    [proposal] = proposals_gather(site=site, cycle=cycle_of(site))
    hostile = 'Yes, every Saturday. <script>alert("x")</script>'

    proposal_accept(proposal=proposal, answer=hostile, user=owner_of(site))
    result = plan(site)

    [fix] = [f for f in result.fixes if f["fixer"] == "faq"]
    assert fix["proposal"] == proposal.pk
    html = files_of(site, result.spec)["index.html"].decode()
    assert "<summary>Do you see children on Saturdays?</summary>" in html
    assert "Yes, every Saturday. &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    assert "\\u003cscript\\u003e" in html  # in the FAQPage JSON-LD, escaped too

    cycle = cycle_of(site, 2, fixes=result.fixes, version_after=site.current_version)
    assert proposals_published(site=site, cycle=cycle) == 1
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PUBLISHED and proposal.cycle == cycle


def test_a_site_without_an_faq_section_gets_one_on_the_right_page() -> None:
    sample = fixtures.dental()
    index = sample.content.pages[0]
    at = [s.kind for s in index.sections].index("faq")
    del index.sections[at]
    del sample.design.pages[0].sections[at]
    site = live_site(sample)
    assert "<summary>" not in files_of(site, live_spec(site))["contact.html"].decode()
    lead(site, "Is there parking near the clinic?")
    [proposal] = proposals_gather(site=site, cycle=cycle_of(site))
    proposal_accept(proposal=proposal, answer="Yes, behind the building.", user=owner_of(site))

    result = plan(site)

    contact = files_of(site, result.spec)["contact.html"].decode()
    assert "<summary>Is there parking near the clinic?</summary>" in contact
    assert "Yes, behind the building." in contact
    assert '"@type":"FAQPage"' in contact
    kinds = [s["kind"] for s in result.spec["content"]["pages"][3]["sections"]]
    assert kinds == ["faq", "contact"]  # before the form


def test_accepting_needs_an_answer_of_reasonable_length_and_the_owners_account() -> None:
    site = live_site(fixtures.dental())
    lead(site, QUESTION)
    [proposal] = proposals_gather(site=site, cycle=cycle_of(site))
    with pytest.raises(ProposalError, match="Write the answer"):
        proposal_accept(proposal=proposal, answer="  ", user=owner_of(site))
    with pytest.raises(ProposalError, match="600 characters"):
        proposal_accept(proposal=proposal, answer="x" * 601, user=owner_of(site))
    with pytest.raises(Proposal.DoesNotExist):
        proposal_accept(proposal=proposal, answer="Yes.", user=make_user())
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.OPEN and proposal.body == ""


def test_a_dismissed_proposal_is_never_published() -> None:
    site = live_site(fixtures.dental())
    lead(site, QUESTION)
    [proposal] = proposals_gather(site=site, cycle=cycle_of(site))
    proposal_dismiss(proposal=proposal, user=owner_of(site))
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.DISMISSED and proposal.decided_at is not None
    assert plan(site).fixes == []
    with pytest.raises(ProposalError):
        proposal_accept(proposal=proposal, answer="Yes.", user=owner_of(site))


def test_auto_publish_never_publishes_an_unanswered_question() -> None:
    site = live_site(fixtures.dental(), auto=True)
    lead(site, QUESTION)
    proposals_gather(site=site, cycle=cycle_of(site))
    result = plan(site)
    assert result.fixes == [] and result.spec == live_spec(site)
    assert "Saturdays" not in files_of(site, result.spec)["index.html"].decode()


def test_a_stale_year_waits_for_approval_then_is_refreshed() -> None:
    site = live_site(fixtures.dental(), year=THIS_YEAR - 2)
    waiting = plan(site)
    assert waiting.fixes == []
    assert [s["fixer"] for s in waiting.skipped] == ["copyright-year"]

    [proposal] = proposals_gather(site=site, cycle=cycle_of(site))
    assert proposal.kind == Proposal.Kind.STALE_FACT
    assert str(THIS_YEAR - 2) in proposal.title
    assert proposals_gather(site=site, cycle=cycle_of(site, 2)) == []  # asked once
    proposal_accept(proposal=proposal, answer="", user=owner_of(site))

    result = plan(site)

    assert result.spec["year"] == THIS_YEAR
    [fix] = result.fixes
    assert fix["summary"] == (
        f"Updated the copyright year in the footer from {THIS_YEAR - 2} to {THIS_YEAR}."
    )
    footer = f'<p class="footer-bottom">&copy; {THIS_YEAR} Brightside Dental</p>'
    assert footer in files_of(site, result.spec)["index.html"].decode()


def test_a_stale_year_is_refreshed_at_once_with_auto_publish() -> None:
    site = live_site(fixtures.dental(), year=THIS_YEAR - 1, auto=True)
    assert proposals_gather(site=site, cycle=cycle_of(site)) == []
    result = plan(site)
    assert result.spec["year"] == THIS_YEAR and "proposal" not in result.fixes[0]


def test_a_version_from_before_the_footer_had_a_year_gets_this_year() -> None:
    site = live_site(fixtures.dental(), year=None)
    assert "&copy; Brightside Dental" in files_of(site, live_spec(site))["index.html"].decode()
    result = plan(site)
    assert result.spec["year"] == THIS_YEAR
    assert f"&copy; {THIS_YEAR} Brightside" in files_of(site, result.spec)["index.html"].decode()


def test_a_rolled_back_cycle_publishes_nothing() -> None:
    site = live_site(fixtures.dental())
    lead(site, QUESTION)
    [proposal] = proposals_gather(site=site, cycle=cycle_of(site))
    proposal_accept(proposal=proposal, answer="Yes.", user=owner_of(site))
    fixes = plan(site).fixes
    cycle = cycle_of(site, 2, fixes=fixes, rolled_back=True, version_after=site.current_version)
    assert proposals_published(site=site, cycle=cycle) == 0
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED


def test_a_build_from_a_spec_keeps_the_specs_year_and_a_new_build_takes_this_years() -> None:
    from sites.pipeline import develop
    from tests.factories import make_build

    sample = fixtures.dental()
    site = live_site(sample)
    outputs: dict[str, Any] = {
        name: {"value": getattr(sample, name).model_dump(mode="json")}
        for name in ("brand", "design", "content")
    }
    new = develop.run(make_build(site), outputs)
    assert new["year"] == THIS_YEAR
    outputs["content"]["year"] = THIS_YEAR - 3  # an optimization build carries its spec's
    carried = develop.run(make_build(site), outputs)
    assert carried["year"] == THIS_YEAR - 3
    assert carried["content_hash"] != new["content_hash"]
