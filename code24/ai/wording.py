"""Small text helpers of the built-in writer: cutting, joining and casing words."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from code24.ai.kinds import KINDS

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


# Ordinary words (from the business types' own words): a one-word service spelled with a capital
# that is one of these ("Yoga", "Weddings") is lower-cased mid-sentence; others
# ("Invisalign") are names and keep their capital.
VOCABULARY = frozenset(_vocabulary(KINDS)) | STOP_WORDS


COMMON_ENDINGS = ("ing", "ion", "ions", "ment", "ments", "ness", "ery", "ies", "ics", "s")


def lower_first(text: str, *, context: str = "") -> str:
    """``text`` as it reads mid-sentence: "Teeth whitening" becomes "teeth whitening",
    while names ("Invisalign", "Google Ads setup") and acronyms ("HIIT") stay as written.

    A single word is taken for an ordinary one when the business types' words use it, ``context``
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


def article(noun: str) -> str:
    """ "a bakery", "an accountant", "an online shop", "a university"."""
    vowel = noun[:1].lower() in "aeio" or (
        noun[:1].lower() == "u" and not noun.lower().startswith(("uni", "use", "usu"))
    )
    return f"{'an' if vowel else 'a'} {noun}"
