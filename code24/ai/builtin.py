"""The built-in provider: the AI team's work done from playbooks and the brief's own words.

No network, no randomness: the same brief always gives the same result, and choices
that have no better reason (palette, type pairing, tagline) are made from a hash of the
brief, so two different briefs give visibly different sites. Everything specific in the
copy (name, services, audience, location, contact details, description) comes from the
brief; everything general comes from the business type's playbook (``playbooks.py``).

The results are plain data. Nothing here builds HTML: customer text is passed through
as written, and escaping it is the site generator's job.
"""

from __future__ import annotations

import colorsys
import hashlib
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from code24.ai.contrast import ensure_contrast, hex_to_rgb, rgb_to_hex
from code24.ai.playbooks import (
    COMMON_FAQ,
    MOOD_LAYOUTS,
    PLAYBOOKS,
    PRIVACY_SECTIONS,
    TONE_MOODS,
    Mood,
    PageKey,
    PaletteSeed,
    Playbook,
)
from code24.ai.schemas import (
    AudienceSegment,
    Brand,
    Brief,
    CompetitiveInsights,
    CompetitorPage,
    Content,
    Design,
    FaqEntry,
    Item,
    MarketResearch,
    PageContent,
    PagePlan,
    Palette,
    Section,
    SectionKind,
    SectionPlan,
    StructuredData,
)

MODEL = "code24-playbooks-1"
T = TypeVar("T")

STOP_WORDS = frozenset(
    """a about above after again all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each every few
    for from further get gets got had has have having he her here hers him his how i if in
    into is it its just like make makes many me more most much my need needs new no nor not
    now of off offer offers offering on once only or other our ours out over own people
    provide provides providing same she should since so some such than that the their them
    then there these they this those through to too under until up us very want was we well
    were what when where which while who whom why will with would you your yours years year
    help helps based local small business company team service services serving made
    using including work works working run runs""".split()  # noqa: SIM905
)


# --- Small text helpers ---------------------------------------------------------------


def clip(text: str, limit: int, *, ellipsis: bool = False) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = limit - 1 if ellipsis else limit
    cut = text[: room + 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    cut = cut[:room].rstrip(" ,;:-\u2013\u2014|/&")
    return cut + "\u2026" if ellipsis else cut


def _vocabulary(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield from re.findall(r"[a-z][a-z'-]*", value.lower())
    elif isinstance(value, dict):
        for item in value.values():
            yield from _vocabulary(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _vocabulary(item)


# Ordinary words (from the playbooks' own text): a one-word service spelled with a capital
# that is one of these ("Yoga", "Weddings") is lower-cased mid-sentence; others
# ("Invisalign") are names and keep their capital.
VOCABULARY = frozenset(_vocabulary(PLAYBOOKS)) | STOP_WORDS


COMMON_ENDINGS = ("ing", "ion", "ions", "ment", "ments", "ness", "ery", "ies", "ics", "s")


def lower_first(text: str, *, context: str = "") -> str:
    """``text`` as it reads mid-sentence: "Teeth whitening" becomes "teeth whitening",
    while names ("Invisalign", "Google Ads setup") and acronyms ("HIIT") stay as written.

    A single word is taken for an ordinary one when the playbooks use it, ``context``
    (the brief's description) has it in lower case, or it ends like one ("Invoicing").
    """
    words = text.split()
    if not words or not words[0][0].isupper():
        return text
    first = words[0]
    if len(first) == 1:
        return text[0].lower() + text[1:] if first == "A" and len(words) > 1 else text
    if any(ch.isupper() for ch in first[1:]):
        return text  # an acronym or a name like "iPhone"
    if len(words) > 1 and words[1][:1].isupper():
        return text  # a name of several words ("Google Ads", "New York bagels")
    if len(words) == 1:
        word = first.lower()
        ordinary = (
            word in VOCABULARY
            or re.search(rf"\b{re.escape(word)}\b", context) is not None
            or word.endswith(COMMON_ENDINGS)
        )
        if not ordinary or re.search(rf"(?<![.!?]) {re.escape(first)}\b", context):
            return text
    return text[0].lower() + text[1:]


def cap_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def join_words(items: Sequence[str]) -> str:
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def as_sentence(text: str) -> str:
    text = text.strip()
    return text if text[-1:] in (".", "!", "?", "\u2026") else f"{text}."


def sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])\s+", " ".join(text.split()))
    return [part for part in parts if part]


def dedupe(items: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for item in items:
        key = item.strip().lower()
        if key and key not in seen:
            seen[key] = item.strip()
    return list(seen.values())


def describe(parts: Sequence[str], fallbacks: Sequence[str]) -> str:
    """A meta description of 50 to 160 characters, made of whole sentences."""
    text = ""
    for sentence in [piece for part in [*parts, *fallbacks] for piece in sentences(part)]:
        candidate = f"{text} {sentence}".strip()
        if len(candidate) <= 160:
            text = candidate
        elif not text:
            text = clip(sentence, 160, ellipsis=True)
        if len(text) >= 110:
            break
    return text


# --- What is known about one brief ---------------------------------------------------


@dataclass(frozen=True)
class Facts:
    brief: Brief
    playbook: Playbook
    digest: bytes
    city: str
    services: list[str]  # titles: the brief's, or the playbook's examples
    service_items: list[tuple[str, str]]  # (title, one-line description)
    values: dict[str, str]  # the template placeholders

    def pick(self, options: Sequence[T], salt: str) -> T:
        """One of ``options``, chosen by the brief's hash (stable for a given brief)."""
        number = int.from_bytes(hashlib.sha256(self.digest + salt.encode()).digest()[:8], "big")
        return options[number % len(options)]

    def fill(self, template: str) -> str:
        return template.format_map(self.values)

    def usable(self, templates: Iterable[T]) -> list[T]:
        """The templates that can be filled for this brief (no town → none naming it)."""
        return [t for t in templates if self.city or "{city}" not in str(t)]


def _city(location: str) -> str:
    first = re.split(r"[,;(\n]", location, maxsplit=1)[0].strip()
    return clip(first, 40)


def _audience(brief: Brief, default: str) -> str:
    clause = re.split(r"[.;:\n(]", brief.audience, maxsplit=1)[0].strip()
    if clause and len(clause) <= 60:
        return lower_first(clause)
    return default


def contact_line(brief: Brief, *, form: str = "use the form on our contact page") -> str:
    """How to reach the business, e.g. "call us on ..., email ... or use the form ..."."""
    ways = []
    if brief.phone:
        ways.append(f"call us on {brief.phone}")
    if brief.email:
        ways.append(f"email {brief.email}")
    ways.append(form)
    return ", ".join(ways[:-1]) + (" or " if len(ways) > 1 else "") + ways[-1]


def _mentioned(brief: Brief, playbook: Playbook) -> list[str]:
    """The playbook's example services the description talks about (never one it does
    not: a site must not offer what the business doesn't), else the type's core service."""
    text = brief.description.lower()
    found = []
    for title, _ in playbook["services"]:
        words = [word for word in re.findall(r"[a-z]+", title.lower()) if len(word) > 3]
        if words and words[0][:5] in text:
            found.append(title)
    return found or [playbook["core_service"][0]]


def facts_for(brief: Brief) -> Facts:
    playbook = PLAYBOOKS[brief.business_type]
    digest = hashlib.sha256(brief.model_dump_json().encode()).digest()
    city = _city(brief.location)
    examples = dict(playbook["services"])
    services = dedupe(clip(service, 80) for service in brief.services) or _mentioned(
        brief, playbook
    )
    audience = _audience(brief, playbook["audience"])
    lowered = [lower_first(service, context=brief.description) for service in services]
    values = {
        "name": brief.name,
        "label": playbook["label"],
        "noun": playbook["noun"],
        "offer": playbook["offer_label"].lower(),
        "city": city,
        "in_city": f" in {city}" if city else "",
        "service": lowered[0],
        "service_cap": cap_first(services[0]),
        "services": join_words(lowered[:3]),
        "services_cap": cap_first(join_words(lowered[:3])),
        "audience": audience,
        "audience_cap": cap_first(audience),
        "contact": contact_line(brief),
        "contact_cap": cap_first(contact_line(brief)),
    }
    examples[playbook["core_service"][0]] = playbook["core_service"][1]
    items = []
    for index, title in enumerate(services):
        text = next(
            (
                description
                for example, description in examples.items()
                if example.lower() in title.lower() or title.lower() in example.lower()
            ),
            None,
        )
        if text is None:
            template = playbook["service_lines"][index % len(playbook["service_lines"])]
            text = template.format_map(
                {**values, "title": cap_first(title), "title_lower": lowered[index]}
            )
        else:
            text = text.format_map(values)
        items.append((cap_first(title), text))
    return Facts(
        brief=brief,
        playbook=playbook,
        digest=digest,
        city=city,
        services=services,
        service_items=items,
        values=values,
    )


# --- Market research ------------------------------------------------------------------


def _description_keywords(brief: Brief, limit: int) -> list[str]:
    """The phrases the brief's description repeats or leads with: two-word phrases of
    meaningful words first ("nervous patients"), then single words."""
    skip = set(re.findall(r"[a-z]+", f"{brief.name} {brief.location}".lower())) | STOP_WORDS
    phrases: list[str] = []
    words: list[str] = []
    for sentence in re.split(r"[.!?;:,()\n]", brief.description.lower()):
        tokens = re.findall(r"[a-z][a-z'-]+", sentence)
        for first, second in itertools.pairwise(tokens):
            if first not in skip and second not in skip and len(first) > 2 and len(second) > 3:
                phrases.append(f"{first} {second}")
        words += [token for token in tokens if len(token) >= 5 and token not in skip]
    ranked = []
    for found in (phrases, words):
        counts = Counter(found)
        ranked += sorted(counts, key=lambda item: (-counts[item], found.index(item)))
    return ranked[:limit]


def keywords(facts: Facts) -> list[str]:
    playbook, city = facts.playbook, facts.city.lower()
    stems = playbook["keyword_stems"]
    found = [service.lower() for service in facts.services[:5]]
    if city and playbook["local"]:
        found += [f"{stem} {city}" for stem in stems[:2]]
        found += [f"{service.lower()} {city}" for service in facts.services[:2]]
    found += stems
    found += _description_keywords(facts.brief, 4)
    return [clip(word, 60) for word in dedupe(found)][:20]


def search_intents(facts: Facts) -> list[str]:
    intents = []
    for template in facts.usable(facts.playbook["search_intents"]):
        if "{service}" in template:
            for service in facts.services[:2]:
                intents.append(template.format_map({**facts.values, "service": service.lower()}))
        else:
            intents.append(facts.fill(template))
    return [clip(intent, 100) for intent in dedupe(intents)][:12]


def market_research(brief: Brief, context: dict[str, Any]) -> MarketResearch:
    facts = facts_for(brief)
    playbook = facts.playbook
    segments = []
    if brief.audience:
        segments.append(
            AudienceSegment(
                name=clip(cap_first(facts.values["audience"]), 80),
                needs=list(playbook["audience_segments"][0][1]),
            )
        )
    for name, needs in playbook["audience_segments"]:
        segments.append(AudienceSegment(name=clip(facts.fill(name), 80), needs=list(needs)))
    intents = search_intents(facts)
    cta_label = playbook["ctas"][brief.primary_goal][0]
    summary = " ".join(
        [
            f"{brief.name} is a {playbook['label']}{facts.values['in_city']} offering "
            f"{facts.values['services']}, for {facts.values['audience']}.",
            f"{cap_first(playbook['noun'])} looking for a {playbook['label']} search for "
            f"things like \u201c{intents[0]}\u201d, compare a few sites, and choose the one "
            "that answers their questions and makes the next step easy.",
            f"The site should lead with what {brief.name} does and "
            f"{'where' if playbook['local'] else 'for whom'}, show "
            f"{lower_first(playbook['trust_signals'][0])}, and make \u201c{cta_label}\u201d "
            "the obvious next step on every page.",
        ]
    )
    return MarketResearch(
        summary=clip(summary, 1200),
        audience_segments=dedupe_segments(segments)[:5],
        search_intents=intents,
        keywords=keywords(facts),
        converting_sections=list(playbook["converting_sections"]),
        trust_signals=list(playbook["trust_signals"]),
    )


def dedupe_segments(segments: list[AudienceSegment]) -> list[AudienceSegment]:
    seen: dict[str, AudienceSegment] = {}
    for segment in segments:
        seen.setdefault(segment.name.lower(), segment)
    return list(seen.values())


# --- Competitive insights -------------------------------------------------------------


def _competitors(context: dict[str, Any]) -> list[CompetitorPage]:
    pages = []
    for raw in context.get("competitors") or []:
        try:
            pages.append(CompetitorPage.model_validate(raw))
        except ValidationError:
            continue
    return pages


def competitive_insights(brief: Brief, context: dict[str, Any]) -> CompetitiveInsights:
    facts = facts_for(brief)
    playbook = facts.playbook
    pages = _competitors(context)
    read = [page for page in pages if page.ok]
    failed = [page for page in pages if not page.ok]
    cta_label = playbook["ctas"][brief.primary_goal][0]
    found: list[str] = []
    if read:
        total = len(read)
        no_phone = sum(
            1
            for page in read
            if not any(
                "phone" in way.lower() or "tel" in way.lower() for way in page.contact_methods
            )
        )
        if no_phone and brief.phone:
            found.append(
                f"Show your phone number on every page: {no_phone} of {total} competitor "
                "sites we read show none."
            )
        if facts.city:
            unlocated = sum(
                1
                for page in read
                if facts.city.lower() not in f"{page.title} {page.description}".lower()
            )
            if unlocated:
                found.append(
                    f"Name {facts.city} in page titles and descriptions: {unlocated} of "
                    f"{total} competitors don't, which makes them harder to find locally."
                )
        no_cta = sum(1 for page in read if not page.calls_to_action)
        if no_cta:
            found.append(
                f"Give every page one clear next step (\u201c{cta_label}\u201d): {no_cta} of "
                f"{total} competitor pages had no call to action we could find."
            )
        ours = {word.lower() for word in keywords(facts)}
        theirs = Counter(
            word.lower() for page in read for word in page.keywords if word.lower() not in ours
        )
        common = [word for word, _ in theirs.most_common(3)]
        if common:
            quoted = join_words([f"\u201c{clip(word, 40)}\u201d" for word in common])
            found.append(
                f"Competitors target {quoted}: cover the ones that fit "
                f"{brief.name} on your {facts.values['offer']} page."
            )
        offers = [offer for page in read for offer in page.offers]
        if offers:
            found.append(
                f"Competitors lead with offers such as \u201c{clip(offers[0], 80)}\u201d. "
                f"Answer with what makes {brief.name} different rather than copying them."
            )
    opportunities = dedupe(
        [*found, *(facts.fill(text) for text in facts.usable(playbook["opportunities"]))]
    )[:8]
    if read:
        names = join_words([clip(page.title or page.url, 60) for page in read[:5]])
        opening = f"We read {len(read)} competitor site{'s' if len(read) > 1 else ''}: {names}."
    elif pages or brief.competitor_urls:
        opening = "None of the competitor sites could be read, so this is based on the market."
    else:
        opening = (
            f"No competitor sites were given, so this is based on what {playbook['noun']} "
            f"of a {playbook['label']} usually look for."
        )
    if failed:
        # Each reason whole, or none: a reason cut to fit read as a broken sentence
        # ("...network address; only"). Every page's whole reason is also its `error`.
        named = [clip(page.url, 80, ellipsis=True) for page in failed]
        reasons = "; ".join(
            f"{url} ({(page.error or 'it did not answer').strip().rstrip('.')})"
            for url, page in zip(named, failed, strict=True)
        )
        told = reasons if len(reasons) <= 500 else join_words(named)
        opening += f" {len(failed)} could not be read: {told}."
    summary = f"{opening} The biggest opportunity: {lower_first(opportunities[0])}"
    return CompetitiveInsights(opportunities=opportunities, summary=clip(summary, 1200))


# --- Brand ----------------------------------------------------------------------------


def tone_words(brief: Brief) -> list[str]:
    words = re.split(r",|;|/|\band\b|\n", brief.tone.lower())
    return [clip(word.strip(" .!"), 30) for word in words if word.strip(" .!")]


def mood_of(brief: Brief) -> Mood | None:
    for word in re.findall(r"[a-z]+", brief.tone.lower()):
        if word in TONE_MOODS:
            return TONE_MOODS[word]
    return None


def _shift_hue(colour: str, degrees: float) -> str:
    r, g, b = (channel / 255 for channel in hex_to_rgb(colour))
    hue, lightness, saturation = colorsys.rgb_to_hls(r, g, b)
    if saturation < 0.08:  # greys and near-blacks have no hue to shift
        return colour
    r, g, b = colorsys.hls_to_rgb((hue + degrees / 360) % 1, lightness, saturation)
    return rgb_to_hex((r * 255, g * 255, b * 255))


HUE_TURNS = (-24, -12, 0, 12, 24)  # degrees


def palette_for(facts: Facts) -> Palette:
    seeds: list[PaletteSeed] = facts.playbook["palettes"]
    mood = mood_of(facts.brief)
    matching = [seed for seed in seeds if seed["mood"] == mood]
    seed = facts.pick(matching or seeds, "palette")
    # Every brief gets its own shade of the seed: the hue turns in steps large enough to see
    # (two briefs on the same seed either look the same or clearly different, never 2° apart).
    turn = facts.pick(HUE_TURNS, "hue")
    return Palette(
        primary=_shift_hue(seed["primary"], turn),
        on_primary=seed["on_primary"],
        accent=_shift_hue(seed["accent"], turn),
        background=seed["background"],
        surface=seed["surface"],
        text=seed["text"],
        muted_text=seed["muted_text"],
    )


def brand(brief: Brief, context: dict[str, Any]) -> Brand:
    facts = facts_for(brief)
    playbook = facts.playbook
    tagline = facts.fill(facts.pick(facts.usable(playbook["taglines"]), "tagline"))
    heading_font, body_font = facts.pick(playbook["fonts"], "fonts")
    palette, pairs = ensure_contrast(palette_for(facts))
    return Brand(
        display_name=clip(brief.name, 100),
        tagline=clip(tagline, 140),
        voice=dedupe([*tone_words(brief)[:3], *playbook["voice"]])[:6],
        palette=palette,
        contrast=pairs,
        heading_font=heading_font,
        body_font=body_font,
    )


# --- Design ---------------------------------------------------------------------------

HERO_VARIANTS = {"bold": "split", "warm": "split", "classic": "centered", "minimal": "centered"}
SECTION_VARIANTS: dict[str, str] = {
    "services": "grid",
    "products": "grid",
    "menu": "list",
    "features": "grid",
    "process": "steps",
    "faq": "accordion",
    "cta": "band",
    "gallery": "grid",
    "values": "grid",
}


def _plan(kinds: Iterable[SectionKind], layout: str) -> list[SectionPlan]:
    plans = []
    for kind in kinds:
        variant = HERO_VARIANTS[layout] if kind == "hero" else SECTION_VARIANTS.get(kind, "default")
        plans.append(SectionPlan(kind=kind, variant=variant))
    return plans


def page_slug(playbook: Playbook, key: PageKey) -> str:
    return playbook["offer_slug"] if key == "offer" else key


def design(brief: Brief, context: dict[str, Any]) -> Design:
    facts = facts_for(brief)
    playbook = facts.playbook
    goal = brief.primary_goal
    mood = mood_of(brief)
    layout = MOOD_LAYOUTS[mood] if mood else facts.pick(playbook["layouts"], "layout")
    offer_kind: SectionKind = playbook["offer_slug"]
    extra = playbook["extra_page"]
    offer_sections: list[SectionKind] = ["hero", offer_kind]
    if goal == "sales":
        offer_sections.append("pricing")
    if goal in ("lead_generation", "bookings") and not (extra and "process" in extra["sections"]):
        offer_sections.append("process")
    offer_sections.append("cta")
    pages = [
        PagePlan(slug="index", nav_label="Home", sections=_plan(playbook["home"][goal], layout)),
        PagePlan(
            slug=playbook["offer_slug"],
            nav_label=playbook["offer_label"],
            sections=_plan(offer_sections, layout),
        ),
    ]
    extra_plan = (
        PagePlan(
            slug=extra["slug"],
            nav_label=extra["nav_label"],
            sections=_plan(extra["sections"], layout),
        )
        if extra
        else None
    )
    if extra_plan and extra_plan.slug != "faq":
        pages.append(extra_plan)
    pages.append(
        PagePlan(
            slug="about",
            nav_label="About",
            sections=_plan(["hero", "story", "values", "cta"], layout),
        )
    )
    if extra_plan and extra_plan.slug == "faq":
        pages.append(extra_plan)
    pages.append(
        PagePlan(slug="contact", nav_label="Contact", sections=_plan(["hero", "contact"], layout))
    )
    pages.append(
        PagePlan(slug="privacy", nav_label="Privacy", sections=_plan(["hero", "legal"], layout))
    )
    label, key = playbook["ctas"][goal]
    return Design(
        pages=pages,
        primary_cta_label=label,
        primary_cta_page=page_slug(playbook, key),
        layout=layout,
    )


# --- Content --------------------------------------------------------------------------


def faq_entries(facts: Facts) -> list[FaqEntry]:
    filled = [
        (facts.fill(question), facts.fill(answer))
        for question, answer in facts.usable([*facts.playbook["faq"], *COMMON_FAQ])
    ]
    if facts.brief.services:
        # Built from the brief's words, so never used as a template.
        title, text = facts.service_items[0]
        filled.insert(
            len(facts.playbook["faq"]),
            (
                f"Do you offer {lower_first(title, context=facts.brief.description)}?",
                f"Yes. {as_sentence(text)} To ask about it, {facts.values['contact']}.",
            ),
        )
    entries: dict[str, FaqEntry] = {}
    for question, answer in filled:
        entry = FaqEntry(question=clip(question, 200), answer=clip(answer, 600))
        entries.setdefault(entry.question.lower(), entry)
    return list(entries.values())[:8]


@dataclass(frozen=True)
class PageText:
    h1: str
    intro: str
    title: str  # what the meta title says about the page


class Writer:
    """Writes every page of a design for one brief."""

    def __init__(self, facts: Facts, design: Design, brand: Brand) -> None:
        self.facts = facts
        self.playbook = facts.playbook
        self.design = design
        self.brand = brand
        self.slugs = {page.slug for page in design.pages}
        self.faq = faq_entries(facts)
        self.cta_label = design.primary_cta_label
        self.cta_page = design.primary_cta_page

    # The page's headline, introduction and title.
    def page_text(self, page: PagePlan) -> PageText:
        facts, playbook, name = self.facts, self.playbook, self.facts.brief.name
        extra = playbook["extra_page"]
        if page.slug == "index":
            h1 = facts.fill(facts.pick(facts.usable(playbook["headlines"]), "headline"))
            return PageText(h1=h1, intro=facts.fill(playbook["intro"]), title="")
        if page.slug == playbook["offer_slug"]:
            h1 = facts.fill(playbook["offer_heading"])
            return PageText(h1=h1, intro=facts.fill(playbook["offer_intro"]), title=h1)
        if extra and page.slug == extra["slug"]:
            h1 = facts.fill(extra["h1"])
            return PageText(h1=h1, intro=facts.fill(extra["intro"]), title=h1)
        if page.slug == "about":
            return PageText(
                h1=f"About {name}",
                intro=f"{as_sentence(self.brand.tagline)} {facts.fill(playbook['about'])}",
                title=f"About {name}",
            )
        if page.slug == "contact":
            return PageText(
                h1=f"Contact {name}",
                intro=cap_first(contact_line(facts.brief, form="use the form below"))
                + ". We'll get back to you as soon as we can.",
                title="Contact",
            )
        if page.slug == "privacy":
            return PageText(
                h1="Privacy policy",
                intro=f"How {name} looks after the details you send us.",
                title="Privacy policy",
            )
        if page.slug == "faq":
            return PageText(
                h1="Frequently asked questions",
                intro=f"Answers to the questions people ask {name} most.",
                title="FAQ",
            )
        return PageText(
            h1=page.nav_label,
            intro=f"{page.nav_label} at {name}{facts.values['in_city']}.",
            title=page.nav_label,
        )

    def meta_title(self, page: PagePlan, text: PageText) -> str:
        name = self.facts.brief.name
        if page.slug == "index":
            for candidate in (
                f"{name} | {cap_first(self.playbook['label'])}{self.facts.values['in_city']}",
                f"{name} | {cap_first(self.playbook['label'])}",
                name,
            ):
                if len(candidate) <= 70:
                    return candidate
            return clip(name, 70)
        suffix = f" | {name}"
        if len(suffix) > 40 or name.lower() in text.title.lower():
            suffix = ""
        return clip(text.title, 70 - len(suffix)) + suffix

    def meta_description(self, page: PagePlan, text: PageText) -> str:
        facts = self.facts
        fallbacks = [
            f"{facts.brief.name}: {facts.values['services']}{facts.values['in_city']}.",
            f"Get in touch with {facts.brief.name} to ask a question or find out more.",
            "Contact us to ask a question or find out more.",
        ]
        if page.slug == "index":
            parts = [as_sentence(self.brand.tagline), text.intro]
        elif page.slug == "about":
            parts = [*sentences(facts.brief.description)[:2], facts.fill(self.playbook["about"])]
        elif page.slug == "privacy":
            parts = [
                f"How {facts.brief.name} uses the details you send through this website, and "
                "your rights over them."
            ]
        else:
            parts = [text.intro]
        return describe(parts, fallbacks)

    def content(self) -> Content:
        pages = []
        for page in self.design.pages:
            text = self.page_text(page)
            sections = [self.section(plan.kind, page, text) for plan in page.sections]
            pages.append(
                PageContent(
                    slug=page.slug,
                    meta_title=self.meta_title(page, text),
                    meta_description=self.meta_description(page, text),
                    h1=clip(text.h1, 120),
                    sections=sections,
                )
            )
        brief = self.facts.brief
        description = " ".join(sentences(brief.description)[:2]) or self.facts.fill(
            self.playbook["about"]
        )
        return Content(
            pages=pages,
            faq=self.faq,
            structured_data=StructuredData(
                schema_type=self.playbook["schema_type"],
                description=clip(description, 300, ellipsis=True),
                telephone=brief.phone,
                email=brief.email,
                address=brief.address,
                area_served=brief.location,
            ),
        )

    # One section of a page.
    def section(self, kind: SectionKind, page: PagePlan, text: PageText) -> Section:
        writer = getattr(self, f"_{kind}", None) or self._generic
        fields: dict[str, Any] = writer(page, text)
        fields.setdefault("heading", text.h1)
        fields["heading"] = clip(fields["heading"], 140)
        fields["body"] = clip(fields.get("body", ""), 2000)
        if fields.get("cta_page") and fields["cta_page"] not in self.slugs:
            fields["cta_page"], fields["cta_label"] = "", ""
        if fields.get("cta_page") == page.slug:
            fields["cta_page"], fields["cta_label"] = "", ""
        fields["items"] = [
            Item(title=clip(title, 120), text=clip(body, 600), detail=clip(detail, 80))
            for title, body, detail in fields.get("items", [])
        ][:12]
        return Section(kind=kind, **fields)

    def _primary(self) -> dict[str, str]:
        return {"cta_label": self.cta_label, "cta_page": self.cta_page}

    def _hero(self, page: PagePlan, text: PageText) -> dict[str, Any]:
        facts = self.facts
        fields: dict[str, Any] = {
            "heading": text.h1,
            "body": text.intro,
            "image_alt": clip(
                f"Illustration for {facts.brief.name}: {facts.values['services']}", 160
            ),
        }
        if page.slug not in ("contact", "privacy"):
            fields.update(self._primary())
        return fields

    def _offer(self, page: PagePlan, text: PageText) -> dict[str, Any]:
        on_offer_page = page.slug == self.playbook["offer_slug"]
        fields: dict[str, Any] = {
            "heading": self.facts.fill(
                self.playbook["offer_list" if on_offer_page else "offer_teaser"]
            ),
            "body": "" if on_offer_page else self.facts.fill(self.playbook["offer_intro"]),
            "items": [(title, body, "") for title, body in self.facts.service_items],
        }
        if not on_offer_page and self.playbook["offer_slug"] in self.slugs:
            fields["cta_label"] = self.playbook["offer_more"]
            fields["cta_page"] = self.playbook["offer_slug"]
        return fields

    _services = _offer
    _products = _offer
    _menu = _offer

    def _features(self, page: PagePlan, text: PageText) -> dict[str, Any]:
        extra = self.playbook["extra_page"]
        if extra and page.slug == extra["slug"] and extra["items"]:
            return {
                "heading": "Ways to help"
                if self.facts.brief.business_type == "nonprofit"
                else page.nav_label,
                "items": [(title, self.facts.fill(body), "") for title, body in extra["items"]],
                **self._primary(),
            }
        return {
            "heading": f"Why {self.facts.brief.name}",
            "items": [
                (self.facts.fill(title), self.facts.fill(body), "")
                for title, body in self.facts.usable(self.playbook["values"])
            ],
        }

    def _values(self, page: PagePlan, text: PageText) -> dict[str, Any]:
        nonprofit = self.facts.brief.business_type == "nonprofit"
        return {
            "heading": "What we stand for" if nonprofit else "How we work",
            "items": [
                (self.facts.fill(title), self.facts.fill(body), "")
                for title, body in self.facts.usable(self.playbook["values"])
            ],
        }

    def _process(self, page: PagePlan, text: PageText) -> dict[str, Any]:
        steps = self.playbook["process"]
        return {
            "heading": "How it works",
            "body": "What happens from the moment you get in touch.",
            "items": [
                (self.facts.fill(title), self.facts.fill(body), f"Step {number}")
                for number, (title, body) in enumerate(steps, start=1)
            ],
        }

    def _pricing(self, page: PagePlan, text: PageText) -> dict[str, Any]:
        return {
            "heading": "Pricing",
            "body": self.facts.fill(self.playbook["pricing_note"]),
            "items": [(title, "", "Price on request") for title, _ in self.facts.service_items],
            "cta_label": "Ask for a price",
            "cta_page": "contact",
        }

    def _testimonials(self, page: PagePlan, text: PageText) -> dict[str, Any]:
        noun, name = self.playbook["noun"], self.facts.brief.name
        return {
            "heading": f"What our {noun} say",
            "body": f"Reviews from our {noun} will appear here. If you've worked with "
            f"{name}, we'd love to hear about your experience.",
            "cta_label": "Share your experience",
            "cta_page": "contact",
        }

    def _stats(self, page: PagePlan, text: PageText) -> dict[str, Any]:
        facts = self.facts
        brief = facts.brief
        items = [(self.playbook["offer_label"], "", str(len(facts.services)))]
        if facts.city:
            items.append(("Based in", "", facts.city))
        items.append(("Get in touch", "", brief.phone or "Use our contact form"))
        return {"heading": f"{brief.name} at a glance", "items": items}

    def _team(self, page: PagePlan, text: PageText) -> dict[str, Any]:
        name = self.facts.brief.name
        return {
            "heading": f"The people behind {name}",
            "body": f"{self.facts.fill(self.playbook['about'])} When you get in touch, you "
            f"talk to the people who run {name}.",
        }

    def _gallery(self, page: PagePlan, text: PageText) -> dict[str, Any]:
        name = self.facts.brief.name
        return {
            "heading": "Portfolio"
            if self.facts.brief.business_type == "photographer"
            else f"A look at {name}",
            "items": [(title, "", "") for title, _ in self.facts.service_items],
            "image_alt": clip(f"Illustrations of {self.facts.values['services']}", 160),
        }

    def _faq(self, page: PagePlan, text: PageText) -> dict[str, Any]:
        return {
            "heading": "Frequently asked questions",
            "items": [(entry.question, entry.answer, "") for entry in self.faq],
        }

    def _cta(self, page: PagePlan, text: PageText) -> dict[str, Any]:
        heading, lead = {
            "lead_generation": ("Tell us what you need", "Tell us a little about it"),
            "sales": ("Found what you're looking for?", "Ask us anything before you decide"),
            "bookings": ("Ready to book?", "Choose a time that suits you"),
            "awareness": ("Want to know more?", "We'd be glad to tell you more"),
        }[self.facts.brief.primary_goal]
        return {
            "heading": heading,
            "body": f"{lead}: {self.facts.values['contact']}.",
            **self._primary(),
        }

    def _contact(self, page: PagePlan, text: PageText) -> dict[str, Any]:
        brief = self.facts.brief
        items = []
        if brief.phone:
            items.append(("Phone", brief.phone, ""))
        if brief.email:
            items.append(("Email", brief.email, ""))
        if brief.address:
            items.append(("Address", brief.address, ""))
        elif brief.location:
            items.append(("Where we are", brief.location, ""))
        return {
            "heading": "Send us a message",
            "body": "Fill in the form and we'll reply as soon as we can. We only use your "
            "details to answer you.",
            "items": items,
        }

    def _about(self, page: PagePlan, text: PageText) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "heading": f"About {self.facts.brief.name}",
            "body": self.facts.brief.description,
        }
        if "about" in self.slugs and page.slug != "about":
            fields.update(cta_label="More about us", cta_page="about")
        return fields

    def _story(self, page: PagePlan, text: PageText) -> dict[str, Any]:
        return {"heading": "Our story", "body": self.facts.brief.description}

    def _legal(self, page: PagePlan, text: PageText) -> dict[str, Any]:
        brief = self.facts.brief
        who = f"{brief.name}{', ' + brief.address if brief.address else ''}"
        items = [("Who we are", f"This website is run by {who}.", "")]
        items += [(title, self.facts.fill(body), "") for title, body in PRIVACY_SECTIONS]
        return {
            "heading": "How we handle your details",
            "body": f"This policy explains what {brief.name} does with the details you send "
            "through this website.",
            "items": items,
        }

    def _generic(self, page: PagePlan, text: PageText) -> dict[str, Any]:
        return {"heading": page.nav_label, "body": text.intro}


def _valid(model: type[BaseModel], raw: object) -> Any:
    if raw is None:
        return None
    try:
        return model.model_validate(raw)
    except ValidationError:
        return None


def content(brief: Brief, context: dict[str, Any]) -> Content:
    """The copy for the design in ``context`` (any provider's), or for our own design."""
    facts = facts_for(brief)
    plan = _valid(Design, context.get("design")) or design(brief, context)
    look = _valid(Brand, context.get("brand")) or brand(brief, context)
    return Writer(facts, plan, look).content()


TASKS: dict[str, Callable[[Brief, dict[str, Any]], BaseModel]] = {
    "market_research": market_research,
    "competitive_insights": competitive_insights,
    "brand": brand,
    "design": design,
    "content": content,
}


def generate(task: str, brief: Brief, context: dict[str, Any]) -> BaseModel:
    """The built-in provider's answer for ``task``."""
    return TASKS[task](brief, context)
