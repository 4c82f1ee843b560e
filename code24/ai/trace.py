"""Where a site's words come from: each sentence traced to the facts, the brief, research,
Code24's knowledge of the business type, or the site itself, or to nothing.

Independent of the writer: it reads the generated HTML, not the writer's plan. A
sentence traces to a source when nearly all its meaningful words are words of that
source (or of the few words every site uses to talk about itself: the form, the page,
opening hours). A sentence like "Our dishes are prepared in our own kitchen", which no
fact supports, traces to nothing. Used by the tests and ``scripts/bench_truth.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

from code24.ai.claims import brief_text
from code24.ai.facts import DAY_NAMES, WAY_LABELS, hours_lines, link_name
from code24.ai.kinds import KINDS
from code24.ai.known import WAY_CTA, Known
from code24.ai.schemas import Brief, MarketResearch
from code24.ai.wording import STOP_WORDS

# Words a site uses about itself and about getting in touch: true of every Code24 site
# (it has these pages, this form and these links), so they need no fact behind them.
SITE_WORDS = frozenset(
    """about address all and answer answers any ask asked at available back before book
    call closed come contact contacts cookies copyright correct days delete details
    different email enter everything except exceptions explains faq find form from get
    give given goes going guests handled happens hold home hours how information know
    like links loads makes map message messages more name names nothing number open
    opening order other page pages people phone policy price prices privacy questions
    reach reply rights run runs say says see send sends sent set sets short site skip
    start started suit thank them they this through time touch use used website websites
    what when where which who whose would write your yours menu main content navigation
    footer quote visit dates share since started going long customers clients patients
    guests people team different makes first show shows list listed online sign donate
    give today week weekend monday tuesday wednesday thursday friday saturday sunday
    mon tue wed thu fri sat sun every day each way ways place places also need needs
    found couldn't exist wasn't there return page's receive received field optional
    empty leave notice cost costs""".split()  # noqa: SIM905
)


@dataclass(frozen=True)
class Traced:
    sentence: str
    source: str  # "fact", "brief", "research", "type", "site", or "" (untraced)


def _words(text: str) -> list[str]:
    return [
        word
        for word in re.findall(r"[^\W\d_][\w'\u2019-]*", text.lower())
        if len(word) > 2 and word not in STOP_WORDS
    ]


def _stems(words: Iterable[str]) -> set[str]:
    """Words and their simple stems, so "bakes" matches "baked" and "bakery"."""
    found = set()
    for word in words:
        word = word.strip("'\u2019-")
        found.add(word)
        for ending in ("ies", "es", "s", "ed", "ing", "ery", "y"):
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                found.add(word[: -len(ending)])
    return found


@dataclass(frozen=True)
class Sources:
    vocabularies: Mapping[str, frozenset[str]]

    @classmethod
    def of(cls, brief: Brief, research: MarketResearch | None = None) -> Sources:
        kind = KINDS[brief.business_type]
        facts = brief.facts
        fact_text = [brief_text(brief).replace(brief.description, "")]
        fact_text += [f"{days} {times}" for days, times in hours_lines(facts)]
        fact_text += [link_name(str(url)) for url in facts.social]
        if facts.order_url is not None:
            fact_text.append(link_name(str(facts.order_url)))
        if facts.area_served:
            fact_text.append("areas cover covered serving")
        known = Known(brief, {})
        fact_text += [f"{WAY_LABELS[way]} {WAY_CTA[way][0]}" for way in known.ways]
        brief_words = [brief.description, brief.location, brief.audience]
        brief_words += [kind["label"], kind["title"], kind["noun"], kind["offer_nav"]]
        brief_words += [kind["offer_heading"]]
        offers = " ".join(offer.name.lower() for offer in facts.offers) + " ".join(
            service.lower() for service in brief.services
        )
        type_words = [text for key, text in kind["items"].items() if key in offers]
        research_words = list(research.keywords) if research else []
        # The business's name is in most sentences ("About Padaria"): it covers words but
        # makes no sentence a fact.
        name = _stems(_words(brief.name))
        return cls(
            {
                "name": frozenset(name),
                "fact": frozenset(_stems(_words(" ".join(fact_text))) - name),
                "brief": frozenset(_stems(_words(" ".join(brief_words))) - name),
                "research": frozenset(_stems(_words(" ".join(research_words)))),
                "type": frozenset(_stems(_words(" ".join(type_words)))),
                "site": frozenset(
                    _stems(SITE_WORDS) | _stems(n.lower() for n in DAY_NAMES.values())
                ),
            }
        )

    def trace(self, sentence: str, *, threshold: float = 0.85) -> Traced:
        words = _words(sentence)
        if not words:
            return Traced(sentence, "site")
        known = set().union(*self.vocabularies.values())
        covered = [word for word in words if _stems([word]) & known]
        if len(covered) < threshold * len(words):
            return Traced(sentence, "")
        for source in ("fact", "brief", "research", "type"):
            if any(_stems([word]) & self.vocabularies[source] for word in words):
                return Traced(sentence, source)
        return Traced(sentence, "site")


# --- Reading a site ------------------------------------------------------------------

BLOCKS = "h1, h2, h3, h4, p, li, dt, dd, th, td, figcaption, blockquote, summary, label, a, button"


def page_lines(html: str) -> list[str]:
    """The visible text of a page, one line per block (heading, paragraph, list item),
    without the head, scripts or hidden text."""
    tree = LexborHTMLParser(html)
    for node in tree.css("head, script, style, template, .visually-hidden, [hidden]"):
        node.decompose()
    lines = []
    body = tree.body
    if body is None:
        return []
    for node in body.css(BLOCKS):
        if node.css_first(BLOCKS.replace(", a, button", "")) is not None and node.tag in (
            "li",
            "td",
            "dd",
            "a",
        ):
            continue  # a container of other blocks: its children are read
        text = " ".join(node.text(separator=" ").split())
        if text:
            lines.append(text)
    return lines


def split_sentences(line: str) -> list[str]:
    return [part for part in re.split(r"(?<=[.!?])\s+", line) if part.strip()]


def site_sentences(files: Mapping[str, bytes]) -> list[str]:
    """Every sentence of every page of a site (each repeated block once)."""
    seen: dict[str, None] = {}
    for path, data in sorted(files.items()):
        if not path.endswith(".html") or path in ("404.html", "thanks.html"):
            continue
        for line in page_lines(data.decode()):
            for sentence in split_sentences(line):
                seen.setdefault(sentence, None)
    return list(seen)


def site_lines(files: Mapping[str, bytes]) -> list[str]:
    """Every line (block) of every page, with repeats across pages (the footer on every
    page counts once per page, as a reader meets it)."""
    lines = []
    for path, data in sorted(files.items()):
        if path.endswith(".html") and path not in ("404.html", "thanks.html"):
            lines += page_lines(data.decode())
    return lines


def anonymous(brief: Brief, lines: list[str]) -> list[str]:
    """The lines with the business's name, contact details and town replaced by NAME."""
    names = sorted(
        filter(None, [brief.name, brief.phone, brief.email, brief.address, brief.location]),
        key=len,
        reverse=True,
    )
    city = brief.location.split(",")[0].strip()
    out = []
    for line in lines:
        for name in [*names, city] if city else names:
            line = line.replace(name, "NAME")
        out.append(line)
    return out


def business_lines(brief: Brief, tracer: Sources, lines: list[str]) -> set[str]:
    """The lines that say something about the business: traced to its facts, brief, type
    or research, and with a word of their own once names and contacts are replaced
    ("About NAME" is navigation; "Pão de ló: €12" is about the business)."""
    site_words = tracer.vocabularies["site"]
    found = set()
    for line, plain in zip(lines, anonymous(brief, lines), strict=True):
        if tracer.trace(line).source == "site":
            continue
        words = [w for w in re.findall(r"[^\W\d_]+", plain.lower()) if len(w) > 2]
        if any(w not in site_words and w != "name" for w in words):
            found.add(plain)
    return found
