"""Reading a model's answer: the JSON in it, checked against the task's schema, the
contract the pipeline and the site generator rely on (the page set, matching slugs), and
the business's facts (a price, an hour, a phone number or a promise the business did not
state is rejected, naming it, so the retry can be told)."""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from code24.ai.claims import unsupported
from code24.ai.schemas import (
    Brand,
    Brief,
    CompetitiveInsights,
    Content,
    Design,
    FaqEntry,
    MarketResearch,
    PageContent,
    Strict,
    StructuredData,
)


class ContentExtras(Strict):
    """The part of the copy that is not a page: the FAQ and the structured data."""

    faq: list[FaqEntry] = Field(default_factory=list, max_length=12)
    structured_data: StructuredData


SCHEMAS: dict[str, type[BaseModel]] = {
    "market_research": MarketResearch,
    "competitive_insights": CompetitiveInsights,
    "brand": Brand,
    "design": Design,
    "content": Content,
}
# The copy is asked for in parts (``code24/ai/content_parts.py``): one page at a time, then
# the FAQ and structured data. These are the parts' schemas.
PART_SCHEMAS: dict[str, type[BaseModel]] = {
    "content_page": PageContent,
    "content_extras": ContentExtras,
}
# The answers whose words go on the site: checked against the business's facts.
SITE_WORDS = ("brand", "content", "content_page", "content_extras")
REQUIRED_PAGES = ("index", "about", "contact", "privacy")
OFFER_PAGES = ("services", "products", "menu")

FENCE = re.compile(r"```(?:json|JSON)?\s*(.*?)```", re.DOTALL)


class InvalidAnswer(Exception):
    """The model answered, but not with what was asked for."""


def extract_json(text: str) -> Any:
    """The JSON value in a model's answer: bare, in a ```json fence, or wrapped in a
    sentence ("Here is the plan: {...}")."""
    text = text.strip()
    candidates = [text]
    fenced = FENCE.search(text)
    if fenced:
        candidates.insert(0, fenced.group(1).strip())
    start, end = text.find("{"), text.rfind("}")
    if 0 <= start < end:
        candidates.append(text[start : end + 1])
    for candidate in candidates:
        try:
            return json.loads(candidate)
        except ValueError:
            continue
    raise InvalidAnswer(f"The answer is not JSON: {_excerpt(text)}")


def _excerpt(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "\u2026")


def _errors(error: ValidationError, limit: int = 3) -> str:
    problems = [
        f"{'.'.join(str(part) for part in item['loc']) or 'the answer'}: {item['msg']}"
        for item in error.errors()
    ]
    more = f" (and {len(problems) - limit} more)" if len(problems) > limit else ""
    return "; ".join(problems[:limit]) + more


def check_design(design: Design) -> list[str]:
    """What is wrong with a design for the generator (nothing: an empty list)."""
    slugs = [page.slug for page in design.pages]
    problems = []
    if len(set(slugs)) != len(slugs):
        problems.append("page slugs repeat")
    missing = [slug for slug in REQUIRED_PAGES if slug not in slugs]
    if missing:
        problems.append(f"pages missing: {', '.join(missing)}")
    if not any(slug in slugs for slug in OFFER_PAGES):
        problems.append("no services, products or menu page")
    if design.primary_cta_page not in slugs:
        problems.append(
            f"the call to action leads to a page that is not planned: {design.primary_cta_page!r}"
        )
    return problems


def check_content(content: Content, design: Design | None) -> list[str]:
    """What is wrong with the copy for the design it was written for."""
    slugs = [page.slug for page in content.pages]
    problems = []
    if len(set(slugs)) != len(slugs):
        problems.append("page slugs repeat")
    if design is not None:
        planned = [page.slug for page in design.pages]
        missing = [slug for slug in planned if slug not in slugs]
        extra = [slug for slug in slugs if slug not in planned]
        if missing:
            problems.append(f"pages of the design without copy: {', '.join(missing)}")
        if extra:
            problems.append(f"pages the design does not have: {', '.join(extra)}")
    else:
        missing = [slug for slug in REQUIRED_PAGES if slug not in slugs]
        if missing:
            problems.append(f"pages missing: {', '.join(missing)}")
    return problems


def design_of(context: dict[str, Any]) -> Design | None:
    try:
        return Design.model_validate(context.get("design"))
    except ValidationError:
        return None


def check_page(page: PageContent, context: dict[str, Any]) -> list[str]:
    """What is wrong with one page's copy for the page planned (``context["page"]``)."""
    problems = []
    planned: dict[str, Any] = context.get("page") or {}
    if not isinstance(planned, dict):
        planned = {}
    if planned.get("slug") and page.slug != planned["slug"]:
        problems.append(f"the page's slug is {page.slug!r}, not {planned['slug']!r}")
    design = design_of(context)
    if design is not None:
        slugs = {plan.slug for plan in design.pages}
        wrong = sorted(
            {s.cta_page for s in page.sections if s.cta_page and s.cta_page not in slugs}
        )
        if wrong:
            problems.append(f"calls to action lead to pages the site does not have: {wrong}")
    return problems


def check(task: str, value: BaseModel, context: dict[str, Any]) -> list[str]:
    """The contract checks beyond the schema, for any provider's answer."""
    if isinstance(value, Design):
        return check_design(value)
    if isinstance(value, Content):
        return check_content(value, design_of(context))
    if isinstance(value, PageContent):
        return check_page(value, context)
    return []


def words_of(value: Any) -> str:
    """Every text in an answer, one per line (what the claims check reads)."""
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json")
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "\n".join(words_of(item) for item in value.values())
    if isinstance(value, list):
        return "\n".join(words_of(item) for item in value)
    return ""


def check_facts(value: BaseModel, brief: Brief) -> list[str]:
    """The claims in an answer's words that the business's facts and brief do not make."""
    return unsupported(words_of(value), brief)


def parse_answer(
    task: str, text: str, context: dict[str, Any], *, brief: Brief | None = None
) -> BaseModel:
    """The task's schema instance from a model's answer, or ``InvalidAnswer`` saying why.

    With the ``brief``, an answer whose words go on the site is also checked against the
    business's facts."""
    data = extract_json(text)
    if not isinstance(data, dict):
        raise InvalidAnswer(f"The answer is JSON but not an object: {_excerpt(text)}")
    try:
        value = {**SCHEMAS, **PART_SCHEMAS}[task].model_validate(data)
    except ValidationError as error:
        raise InvalidAnswer(f"The answer does not match the schema: {_errors(error)}") from None
    problems = check(task, value, context)
    if problems:
        raise InvalidAnswer(f"The answer breaks the site's rules: {'; '.join(problems)}")
    if brief is not None and task in SITE_WORDS:
        claims = check_facts(value, brief)
        if claims:
            raise InvalidAnswer(f"The answer states what the facts do not: {'; '.join(claims)}")
    return value
