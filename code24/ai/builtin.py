"""The built-in provider: the AI team's work done from Code24's knowledge of business
types (``kinds/``) and the business's own facts and brief, without a language model.

No network, no randomness in the words: the same brief always gives the same result,
and two businesses of one type read differently because their facts differ. The look
(palette, type pairing) is picked from a hash of the brief. Every claim the site makes
comes from the facts, the brief, or research (``writer.py`` writes the words).

The results are plain data. Nothing here builds HTML: customer text is passed through
as written, and escaping it is the site generator's job.
"""

from __future__ import annotations

import colorsys
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from code24.ai import writer
from code24.ai.contrast import ensure_contrast, hex_to_rgb, rgb_to_hex
from code24.ai.known import Known
from code24.ai.looks import LOOKS, MOOD_LAYOUTS, TONE_MOODS, Mood, PaletteSeed
from code24.ai.schemas import (
    AudienceSegment,
    Brand,
    Brief,
    CompetitiveInsights,
    CompetitorPage,
    Content,
    Design,
    MarketResearch,
    PagePlan,
    Palette,
    SectionKind,
    SectionPlan,
)
from code24.ai.wording import STOP_WORDS, article, cap_first, clip, dedupe, join_words, lower_first

MODEL = "code24-writer-2"


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


def keywords(known: Known) -> list[str]:
    kind, city = known.kind, known.city.lower()
    stems = kind["keyword_stems"]
    names = [offer.name.lower() for offer in known.offers[:5]]
    found = list(names)
    if city and kind["local"]:
        found += [f"{stem} {city}" for stem in stems[:2]]
        found += [f"{name} {city}" for name in names[:2]]
    found += stems
    found += _description_keywords(known.brief, 4)
    return [clip(word, 60) for word in dedupe(found)][:20]


def search_intents(known: Known) -> list[str]:
    intents = []
    offers = [offer.name.lower() for offer in known.offers[:2]]
    for template in known.kind["search_intents"]:
        if "{city}" in template and not known.city:
            continue
        for offer in offers if "{offer}" in template else [""]:
            intents.append(template.format(city=known.city, offer=offer))
    return [clip(intent, 100) for intent in dedupe(intents) if intent.strip()][:12]


def market_research(brief: Brief, context: dict[str, Any]) -> MarketResearch:
    known = Known(brief, context)
    kind = known.kind
    segments = []
    if brief.audience:
        segments.append(
            AudienceSegment(
                name=clip(cap_first(brief.audience.split(".")[0]), 80),
                needs=list(kind["audience_segments"][0][1]),
            )
        )
    for name, needs in kind["audience_segments"]:
        segments.append(AudienceSegment(name=clip(name, 80), needs=list(needs)))
    intents = search_intents(known) or [f"{known.label} near me"]
    signals = [text for text, _ in kind["trust_signals"]]
    have = [text for text, key in kind["trust_signals"] if known.present(key)]
    missing = [text for text, key in kind["trust_signals"] if not known.present(key)]
    offering = f" offering {known.offer_names()}" if known.offers else ""
    summary = [
        f"{brief.name} is {article(known.label)}{known.in_city}{offering}.",
        f"People looking for {article(known.label)} search for things like "
        f"\u201c{intents[0]}\u201d and choose the site that answers their questions and "
        "makes the next step easy.",
    ]
    if have:
        summary.append(f"From the facts given, the site can show: {lower_first(join_words(have))}.")
    if missing:
        summary.append(
            f"Visitors also look for {lower_first(join_words(missing))}: add those facts "
            "and the site shows them."
        )
    summary.append(f"The next step on every page: \u201c{known.cta_label}\u201d.")
    return MarketResearch(
        summary=clip(" ".join(summary), 1200),
        audience_segments=dedupe_segments(segments)[:5],
        search_intents=intents,
        keywords=(found := keywords(known)) + [known.label] * max(0, 3 - len(found)),
        converting_sections=_converting(kind["home"]),
        trust_signals=signals[:10] or [f"How to reach {brief.name}"],
    )


def _converting(home: list[SectionKind]) -> list[SectionKind]:
    kinds = dedupe(home)
    return [*kinds, "contact"][:10] if len(kinds) < 2 else kinds[:10]  # type: ignore[return-value]


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
    known = Known(brief, context)
    kind = known.kind
    pages = _competitors(context)
    read = [page for page in pages if page.ok]
    failed = [page for page in pages if not page.ok]
    cta_label = known.cta_label
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
        if known.city:
            unlocated = sum(
                1
                for page in read
                if known.city.lower() not in f"{page.title} {page.description}".lower()
            )
            if unlocated:
                found.append(
                    f"Name {known.city} in page titles and descriptions: {unlocated} of "
                    f"{total} competitors don't, which makes them harder to find locally."
                )
        no_cta = sum(1 for page in read if not page.calls_to_action)
        if no_cta:
            found.append(
                f"Give every page one clear next step (\u201c{cta_label}\u201d): {no_cta} of "
                f"{total} competitor pages had no call to action we could find."
            )
        ours = {word.lower() for word in keywords(known)}
        theirs = Counter(
            word.lower() for page in read for word in page.keywords if word.lower() not in ours
        )
        common = [word for word, _ in theirs.most_common(3)]
        if common:
            quoted = join_words([f"\u201c{clip(word, 40)}\u201d" for word in common])
            found.append(
                f"Competitors target {quoted}: cover the ones that fit "
                f"{brief.name} on your {kind['offer_nav'].lower()} page."
            )
        offers = [offer for page in read for offer in page.offers]
        if offers:
            found.append(
                f"Competitors lead with offers such as \u201c{clip(offers[0], 80)}\u201d. "
                f"Answer with what makes {brief.name} different rather than copying them."
            )
    opportunities = dedupe([*found, *kind["opportunities"]])[:8]
    if read:
        names = join_words([clip(page.title or page.url, 60) for page in read[:5]])
        opening = f"We read {len(read)} competitor site{'s' if len(read) > 1 else ''}: {names}."
    elif pages or brief.competitor_urls:
        opening = "None of the competitor sites could be read, so this is based on the market."
    else:
        opening = (
            f"No competitor sites were given, so this is based on what {kind['noun']} "
            f"of {article(kind['label'])} usually look for."
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


def palette_for(known: Known) -> Palette:
    seeds: list[PaletteSeed] = LOOKS[known.kind["look"]]["palettes"]
    mood = mood_of(known.brief)
    matching = [seed for seed in seeds if seed["mood"] == mood]
    seed = known.pick(matching or seeds, "palette")
    # Every brief gets its own shade of the seed: the hue turns in steps large enough to see
    # (two briefs on the same seed either look the same or clearly different, never 2° apart).
    turn = known.pick(HUE_TURNS, "hue")
    return Palette(
        primary=_shift_hue(seed["primary"], turn),
        on_primary=seed["on_primary"],
        accent=_shift_hue(seed["accent"], turn),
        background=seed["background"],
        surface=seed["surface"],
        text=seed["text"],
        muted_text=seed["muted_text"],
    )


def tagline(known: Known) -> str:
    """The business in one line, from its facts: what makes it different when the
    customer said so in a few words, else what and where it is (and since when)."""
    short = [line for line in known.facts.differentiators if len(line) <= 90]
    if short:
        return clip(cap_first(short[0].rstrip(".")), 140)
    since = f" since {known.facts.founded}" if known.facts.founded else ""
    return clip(f"{cap_first(known.label)}{known.in_city}{since}", 140)


def brand(brief: Brief, context: dict[str, Any]) -> Brand:
    known = Known(brief, context)
    look = LOOKS[known.kind["look"]]
    heading_font, body_font = known.pick(look["fonts"], "fonts")
    palette, pairs = ensure_contrast(palette_for(known))
    return Brand(
        display_name=clip(brief.name, 100),
        tagline=tagline(known),
        voice=dedupe([*tone_words(brief)[:3], *look["voice"]])[:6],
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
    "values": "grid",
    "hours": "table",
}


def _sections(kinds: Iterable[SectionKind], layout: str) -> list[SectionPlan]:
    return [
        SectionPlan(
            kind=kind,
            variant=HERO_VARIANTS[layout]
            if kind == "hero"
            else SECTION_VARIANTS.get(kind, "default"),
        )
        for kind in kinds
    ]


def design(brief: Brief, context: dict[str, Any]) -> Design:
    """The pages the facts can fill, with the sections that suit how the business sells."""
    known = Known(brief, context)
    mood = mood_of(brief)
    layout = (
        MOOD_LAYOUTS[mood] if mood else known.pick(LOOKS[known.kind["look"]]["layouts"], "layout")
    )
    pages = [
        PagePlan(slug=slug, nav_label=label, sections=_sections(sections, layout))
        for slug, label, sections in writer.plan(known)
    ]
    return Design(
        pages=pages,
        primary_cta_label=known.cta_label,
        primary_cta_page=known.cta_page,
        layout=layout,
    )


# --- Content --------------------------------------------------------------------------


def _valid(model: type[BaseModel], raw: object) -> Any:
    if raw is None:
        return None
    try:
        return model.model_validate(raw)
    except ValidationError:
        return None


def content(brief: Brief, context: dict[str, Any]) -> Content:
    """The copy for the design in ``context`` (any provider's), or for our own design."""
    plan = _valid(Design, context.get("design")) or design(brief, context)
    look = _valid(Brand, context.get("brand")) or brand(brief, context)
    return writer.write(Known(brief, context), plan, look)


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
