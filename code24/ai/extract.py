# ruff: noqa: RUF001, RUF002 - customers write typographic dashes and quotes; so do we here
"""Facts a customer stated in the free description of their business, and only those.

``facts_from_text(description)`` reads opening hours ("Mon–Fri 7am–7pm, Sat 8–13h"),
exceptions ("closed in August"), prices next to items ("pão de ló €12.50"), the founding
year ("since 1962"), promises and differentiators ("no win, no fee", "family-run"), how
people buy ("order ahead", "free quotes"), the area served ("serving Leeds and
Bradford") and lists of things offered ("we bake sourdough, pastéis de nata and pão de
ló"). It is conservative: what it cannot read with confidence it leaves out, it never
raises, and it runs in time linear in the text (every pattern is anchored on a word and
the text is read a sentence at a time).

``merge_facts(given, found)`` adds what was found to what the customer typed, never
replacing anything typed, and says in plain sentences what it added: the dashboard asks
the customer to confirm those; the API adds them by itself.

The words found are kept as the customer wrote them (a differentiator is the customer's
clause, an offer's name their words), only trimmed and with a capital first letter.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import TypeVar, get_args

from pydantic import ValidationError

from code24.ai.claims import DATE, PRICE, PROMISES
from code24.ai.facts import (
    DAYS,
    WAY_LABELS,
    Day,
    Facts,
    HoursException,
    Offer,
    OpeningHours,
    Way,
    day_range,
    exception_line,
)

T = TypeVar("T")

# A description is at most 4,000 characters; anything longer is read up to this much.
MAX_TEXT = 20_000
MAX_SENTENCE = 1_000

# Same-length replacements, so that a match in the normalised text is a slice of the
# original at the same place.
_NORMAL = str.maketrans(
    {
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
        "\u00a0": " ",
        "\u202f": " ",
        "\u2019": "'",
        "\t": " ",
    }
)

# --- Sentences ------------------------------------------------------------------------

_SENTENCE_END = re.compile(
    r"(?<!\best)(?<!\bst)(?<!\bno)(?<!\be\.g)(?<!\bi\.e)(?<!\bapprox)(?<![ap]\.m)"
    r"(?<![.!?])[.!?]++[\"'”’)]*+\s++(?=[A-Z\"“‘(*•-])|\n+",
    re.I,
)
_BULLET = re.compile(r"^[\s*•·>-]+")


def _sentences(text: str) -> list[str]:
    sentences = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        sentences.append(text[start : match.start() + len(match.group().rstrip())])
        start = match.end()
    sentences.append(text[start:])
    cleaned = []
    for sentence in sentences:
        sentence = _BULLET.sub("", sentence).strip()
        if sentence:
            cleaned.append(sentence[:MAX_SENTENCE])
    return cleaned


def _mask(text: str, pattern: re.Pattern[str]) -> str:
    """``text`` with each match of ``pattern`` blanked out (same length)."""
    return pattern.sub(lambda m: " " * len(m.group()), text)


def _capital(text: str) -> str:
    """A capital first letter, unless the word is cased on purpose ("iPhone")."""
    text = " ".join(text.split()).strip(" ,;:-")
    if text and text[0].islower() and not (len(text) > 1 and text[1].isupper()):
        return text[0].upper() + text[1:]
    return text


# --- Opening hours --------------------------------------------------------------------

_DAY_WORD = (
    r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?"
    r"|fri(?:day)?|sat(?:urday)?|sun(?:day)?)"
)
_DAY = rf"\b{_DAY_WORD}s?\b\.?"
_DAY_TO = r"(?:\s*-\s*|\s+(?:to|through|thru|till|until)\s+)"
_DAY_AND = r"(?:\s*,\s*and\s+|\s*[,/&+]\s*|\s+and\s+)"
_DAY_SPAN = rf"{_DAY}(?:{_DAY_TO}{_DAY})?"
_SPECIAL = (
    r"\b(?:every\s*day|daily|(?:7|seven)\s+days(?:\s+a\s+week)?|all\s+week(?:\s+long)?"
    r"|week\s*days|weekends?|mon(?:day)?s?\s+to\s+sun(?:day)?s?)\b"
)
DAYS_TEXT = re.compile(rf"(?:{_SPECIAL}|{_DAY_SPAN}(?:{_DAY_AND}{_DAY_SPAN})*)", re.I)
_ONE_DAY = re.compile(_DAY_WORD, re.I)
_DAY_SPAN_RE = re.compile(rf"({_DAY}){_DAY_TO}({_DAY})|({_DAY})", re.I)


def _time(n: int, prefix: str = "", *, named: bool = True) -> str:
    def group(name: str) -> str:
        return f"?P<{prefix}{name}{n}>" if named else "?:"

    return (
        rf"(?:({group('w')}noon|midday|midnight)"
        rf"|(?<![\d:.,])({group('h')}[01]?\d|2[0-4])(?:[:.h]({group('m')}[0-5]\d))?"
        rf"(?:\s?({group('a')}[ap])\.?\s?m\b\.?|({group('x')}h|hrs?)\b)?)"
    )


_TIME_TO = r"(?:\s*-\s*|\s+(?:to|till|until|til)\s+)"


def _range_pattern(*, named: bool = True) -> str:
    return (
        rf"(?:between\s+{_time(1, 'b', named=named)}\s+and\s+{_time(2, 'b', named=named)}"
        rf"|(?:from\s+)?{_time(1, named=named)}{_TIME_TO}{_time(2, named=named)})"
    )


TIME_RANGE = re.compile(_range_pattern() + r"(?![\d:%])", re.I)
_TIME_RANGE_LOOSE = _range_pattern(named=False)
_GLUE_AFTER_DAYS = re.compile(
    r"\s*(?:[:,]\s*|\s-\s)?(?:(?:we\s+are|we're|we)\s+)?(?:open\s+|opens\s+|from\s+)?", re.I
)
_MORE_RANGE = re.compile(r"\s*(?:,|and|&|/|\+)\s*", re.I)
_CLOSED_AFTER = re.compile(r"\s*[:,-]?\s*(?:(?:we\s+are|we're)\s+)?closed\b", re.I)
_CLOSED_BEFORE = re.compile(r"\bclosed\s+(?:on\s+|every\s+|all\s+day\s+(?:on\s+)?)?$", re.I)
_ALL_DAY = re.compile(
    r"\bopen\s+(?:24/7|24\s+hours(?:\s+a\s+day)?(?:,?\s+(?:7|seven)\s+days\s+a\s+week)?)", re.I
)


def _clock(hour: int, minute: int, half: str | None) -> tuple[int, int] | None:
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half.lower() == "p" else 0)
    if hour > 24 or (hour == 24 and minute):
        return None
    return hour, minute


_GROUPS = [f"{name}{n}" for name in "whmax" for n in (1, 2)]


def _range_times(match: re.Match[str]) -> tuple[str, str] | None:
    """(opens, closes) as HH:MM from a TIME_RANGE match, or None if it can't be read."""
    found = match.groupdict()
    prefix = "b" if found.get("bh1") or found.get("bw1") else ""
    g: dict[str, str] = {name: found.get(prefix + name) or "" for name in _GROUPS}
    words = {"noon": 12, "midday": 12, "midnight": 0}
    hours: list[tuple[int, int] | None] = []
    explicit = []
    for n in (1, 2):
        if g[f"w{n}"]:
            hour = words[g[f"w{n}"].lower()]
            hours.append((24 if n == 2 and hour == 0 else hour, 0))
            explicit.append(True)
            continue
        hour, minute = int(g[f"h{n}"]), int(g[f"m{n}"] or 0)
        half = g[f"a{n}"]
        if not half and n == 1 and g["a2"] and hour <= 12:
            # "9-5pm": the first hour takes the second's half when that makes sense.
            second = _clock(int(g["h2"]), int(g["m2"] or 0), g["a2"])
            pm = _clock(hour, minute, g["a2"])
            half = g["a2"] if pm and second and pm < second else "a"
        hours.append(_clock(hour, minute, half))
        explicit.append(bool(g[f"a{n}"] or g[f"x{n}"] or g[f"m{n}"]))
    opens, closes = hours
    if opens is None or closes is None or opens == (24, 0):
        return None
    second_bare = not (g["a2"] or g["x2"] or g["w2"])
    if closes <= opens and second_bare and closes[0] < 12 and (closes[0] + 12, 0) > opens:
        closes = (closes[0] + 12, closes[1])  # "9 to 5", "Sat 8-1"
    if closes == opens or (closes < opens and not all(explicit)):
        return None
    return f"{opens[0]:02d}:{opens[1]:02d}", f"{closes[0]:02d}:{closes[1]:02d}"


def days_in(text: str) -> list[Day]:
    """The days a days expression names: "Mon–Fri", "Tuesday to Saturday", "weekends",
    "Mon, Wed and Fri", "every day"."""
    lowered = " ".join(text.lower().split())
    if re.fullmatch(_SPECIAL, lowered):
        if lowered.startswith("week") and "end" not in lowered:
            return list(DAYS[:5])
        if "end" in lowered:
            return ["sat", "sun"]
        return list(DAYS)
    found: list[Day] = []
    for match in _DAY_SPAN_RE.finditer(lowered):
        if match.group(3):
            found.append(_day_of(match.group(3)))
            continue
        first, last = DAYS.index(_day_of(match.group(1))), DAYS.index(_day_of(match.group(2)))
        index = first
        while True:
            found.append(DAYS[index])
            if index == last:
                break
            index = (index + 1) % 7
    return sorted(set(found), key=DAYS.index)


def _day_of(word: str) -> Day:
    match = _ONE_DAY.search(word)
    return DAYS[["mon", "tue", "wed", "thu", "fri", "sat", "sun"].index(match.group()[:3])]  # type: ignore[union-attr]


class _Group:
    def __init__(self, days: list[Day], opens: str, closes: str, *, general: bool) -> None:
        self.days, self.opens, self.closes, self.general = days, opens, closes, general


def _hours_in(sentence: str, groups: list[_Group], closed: set[Day]) -> None:
    """The opening hours one sentence states, added to ``groups`` and ``closed``."""
    used: list[tuple[int, int]] = []  # spans of time ranges already given to some days
    if _ALL_DAY.search(sentence):
        groups.append(_Group(list(DAYS), "00:00", "24:00", general=True))
    for days_match in DAYS_TEXT.finditer(sentence):
        days = days_in(days_match.group())
        if not days:
            continue
        general = bool(re.fullmatch(_SPECIAL, days_match.group(), re.I))
        end = days_match.end()
        if _CLOSED_AFTER.match(sentence, end) or _CLOSED_BEFORE.search(
            sentence[max(0, days_match.start() - 30) : days_match.start()]
        ):
            closed.update(days)
            continue
        glue = _GLUE_AFTER_DAYS.match(sentence, end)
        position = glue.end() if glue else end
        ranges = []
        while (time_match := TIME_RANGE.match(sentence, position)) is not None:
            times = _range_times(time_match)
            if times is None:
                break
            ranges.append(times)
            used.append(time_match.span())
            more = _MORE_RANGE.match(sentence, time_match.end())
            if more is None or len(ranges) == 2:
                break
            position = more.end()
        if not ranges:
            before = _time_range_before(sentence, days_match.start(), used)
            if before is not None:
                ranges.append(before)
        for opens, closes in ranges:
            groups.append(_Group(days, opens, closes, general=general))


_RANGE_BEFORE = re.compile(rf"(?P<range>{_range_pattern()})\s*[,:]?\s*(?:on\s+|every\s+)?$", re.I)


def _time_range_before(
    sentence: str, start: int, used: list[tuple[int, int]]
) -> tuple[str, str] | None:
    """A time range written just before the days ("7am-7pm Mon-Fri"), if no other days
    took it already."""
    window_start = max(0, start - 60)
    match = _RANGE_BEFORE.search(sentence[window_start:start])
    if match is None:
        return None
    span = (window_start + match.start("range"), window_start + match.end("range"))
    if any(a < span[1] and span[0] < b for a, b in used):
        return None
    times = _range_times(match)
    if times is not None:
        used.append(span)
    return times


def _opening_hours(groups: list[_Group], closed: set[Day]) -> list[OpeningHours]:
    specific = {day for group in groups if not group.general for day in group.days}
    hours: list[OpeningHours] = []
    seen: set[tuple[tuple[Day, ...], str, str]] = set()
    for group in groups:
        days = [
            day
            for day in group.days
            if day not in closed and not (group.general and day in specific)
        ]
        key = (tuple(days), group.opens, group.closes)
        if not days or key in seen or len(hours) == 14:
            continue
        seen.add(key)
        hours.append(OpeningHours(days=days, opens=group.opens, closes=group.closes))
    return hours


def hours_from_line(line: str) -> list[OpeningHours] | None:
    """One line of opening hours as a customer types it in a form: "Mon–Fri 07:00–19:00",
    "Sat 8:00–13:00", "Mon, Wed and Fri 9am–1pm and 2pm–6pm", "Sunday closed" (no
    hours: []). None if the line is not days followed by times."""
    text = line.translate(_NORMAL).strip().rstrip(".")
    days_match = DAYS_TEXT.match(text)
    days = days_in(days_match.group()) if days_match else []
    if days_match is None or not days:
        return None
    rest = text[days_match.end() :]
    if re.fullmatch(r"\s*[:,-]?\s*closed", rest, re.I):
        return []
    glue = _GLUE_AFTER_DAYS.match(text, days_match.end())
    position = glue.end() if glue else days_match.end()
    found = []
    while (time_match := TIME_RANGE.match(text, position)) is not None:
        times = _range_times(time_match)
        if times is None:
            return None
        found.append(OpeningHours(days=days, opens=times[0], closes=times[1]))
        more = _MORE_RANGE.match(text, time_match.end())
        position = more.end() if more else time_match.end()
    if not found or text[position:].strip(" ,;"):
        return None
    return found


def time_range(text: str) -> tuple[str, str] | None:
    """ "09:00–13:00", "9am to 1pm" as (opens, closes) in HH:MM, or None."""
    match = TIME_RANGE.fullmatch(text.translate(_NORMAL).strip().rstrip("."))
    return _range_times(match) if match else None


# --- Exceptions to the hours ----------------------------------------------------------

_MONTHS = [
    *("january", "february", "march", "april", "may", "june", "july", "august"),
    *("september", "october", "november", "december"),
]
_MONTH_FULL = (
    r"(?:january|february|march|april|june|july|august|september|october|november|december)"
)
_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?"
)
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (
    rf"(?:\b{_ORDINAL}(?:\s*(?:-|and|&|to)\s*{_ORDINAL})?\s+(?:of\s+)?{_MONTH}"
    rf"|\b{_MONTH}\s+{_ORDINAL}\b)"
)
_HOLIDAY = (
    r"(?:\bchristmas(?:\s+(?:day|eve|week))?|\bboxing\s+day|\bnew\s+year(?:'s)?(?:\s+(?:day|eve))?"
    r"|\beaster(?:\s+(?:sunday|monday))?|\bgood\s+friday|\b(?:public|bank)\s+holidays?)\b"
)
_PERIOD = rf"(?:{_DATE}|{_HOLIDAY}|\b{_MONTH_FULL}\b)"
_PERIODS = rf"{_PERIOD}(?:\s*(?:,|and|&)\s*(?:on\s+|in\s+)?{_PERIOD})*"
_CLOSED_ON = re.compile(
    rf"\b(?:closed|except)\s+(?:on\s+|in\s+|during\s+|throughout\s+|for\s+|over\s+|from\s+)?"
    rf"(?:(?:{_DAY_SPAN}(?:{_DAY_AND}{_DAY_SPAN})*)\s*(?:,|and|&)\s*)?(?:the\s+)?"
    rf"(?:whole\s+)?(?:month\s+of\s+)?(?P<p>{_PERIODS})",
    re.I,
)
_PERIOD_CLOSED = re.compile(
    rf"(?<![\w-])(?P<p>{_PERIODS})\s*[:,-]?\s*(?:(?:we\s+are|we're|we)\s+)?closed\b", re.I
)
_PERIOD_OPEN = re.compile(
    rf"(?:\b(?:in|during|throughout|on)\s+)(?P<p>{_PERIOD})\s*,?\s*(?:(?:we\s+are|we're|we)\s+)?"
    rf"(?:only\s+)?(?:open\s+|opens\s+)?(?:only\s+)?(?P<r>{_TIME_RANGE_LOOSE})"
    rf"|^(?P<p2>{_PERIOD})\s*:\s*(?P<r2>{_TIME_RANGE_LOOSE})",
    re.I,
)
_ONE_PERIOD = re.compile(_PERIOD, re.I)


def _label(text: str) -> str:
    label = " ".join(text.split()).strip(" ,.:-")
    label = re.sub(
        r"\b(" + "|".join(_MONTHS) + r"|christmas|boxing|easter|good friday)\b",
        lambda m: m.group().title(),
        label,
        flags=re.I,
    )
    label = re.sub(r"\bnew year", "New Year", label, flags=re.I)
    label = re.sub(r"\b(public|bank) holiday", lambda m: m.group().capitalize(), label, flags=re.I)
    return _capital(label)[:80]


def _exceptions_in(sentence: str, found: list[HoursException]) -> None:
    for match in _PERIOD_OPEN.finditer(sentence):
        period = match.group("p") or match.group("p2")
        times_text = match.group("r") or match.group("r2")
        times_match = TIME_RANGE.search(times_text)
        times = _range_times(times_match) if times_match else None
        if times:
            found.append(
                HoursException(label=_label(period), closed=False, opens=times[0], closes=times[1])
            )
    for pattern in (_CLOSED_ON, _PERIOD_CLOSED):
        for match in pattern.finditer(sentence):
            for period in _ONE_PERIOD.finditer(match.group("p")):
                found.append(HoursException(label=_label(period.group()), closed=True))


# --- Prices next to items -------------------------------------------------------------

_PRICE_FROM = re.compile(
    r"(?:\bfrom|\bstarting\s+(?:at|from)|\bstarts?\s+at|\bprices?\s+(?:start\s+)?(?:from|at))\s*$",
    re.I,
)
_PRICE_NOT_AN_OFFER_AFTER = re.compile(
    r"\s*(?:off\b|discount|deposit|minimum|min\b|or\s+more|and\s+(?:over|up|above)|\+)", re.I
)
_PRICE_NOT_AN_OFFER_BEFORE = re.compile(
    r"(?:\bover|\bunder|\babove|\bbelow|\bless\s+than|\bmore\s+than|\bup\s+to|\bsave|\bsaving"
    r"|\bworth|\bminimum|\bmin\.?|\bspend|\bturnover|\braised|\bbudget)\s*$",
    re.I,
)
_PRICE_UNIT = re.compile(
    r"\s*(?:(?:a|an|per|/)\s*(?:month|mo|year|yr|hour|hr|night|person|head|week|day|session"
    r"|class|lesson|user|seat|kg|dozen|slice|piece|visit|room|guest)\b|each\b|pp\b|p/p\b"
    r"|monthly\b|yearly\b|annually\b|an?\s+hour\b)",
    re.I,
)
_NAME_BOUNDARY = re.compile(
    r"[,;:(\[|/]|\s-\s|\.\s|\s(?:and|or|plus|&|but|while|with|including|incl\.?)\s", re.I
)
_NAME_TRAILING = re.compile(
    r"\s*(?:\bis|\bare|\bcosts?|\bpays?|\bpriced\s+at|\bat|\bfor|\bfrom|\bstarting\s+(?:at|from)"
    r"|\bstarts?\s+at|\bonly|\bjust|\bof|\bcharged\s+at|=|-|:|\bfrom\s+just)\s*$",
    re.I,
)
_NAME_LEADING = re.compile(
    r"^(?:(?:a|an|the|our|your|one|each|we\s+(?:sell|offer|charge|do|bake|make)"
    r"|and|or|plus|with|whole|also)\s+)+",
    re.I,
)
_NOT_NAMES = {
    "price", "prices", "cost", "costs", "fee", "fees", "rate", "rates", "it", "they", "this",
    "that", "these", "those", "everything", "anything", "all", "each", "total", "we", "you",
    "i", "only", "just", "which", "what", "order", "orders", "spend", "pay", "charge",
    "charges", "budget", "item", "items", "them", "one", "from", "every", "for", "at", "on",
    "in", "by", "to", "with", "of", "per", "week", "weekly", "fortnight", "month", "monthly",
    "day", "daily", "hour", "hourly", "year", "night", "twice", "once",
}  # fmt: skip


# A word of an item's name: "Pão", "check-ups", "kids'", "10-class", "B&B", "MOT".
_WORD = re.compile(r"(?:\d+(?:[.,]\d+)?-?)?[^\W\d_]+(?:[&'-][^\W\d_]+)*'?|\d+(?:st|nd|rd|th)?|&")


def _offer_name(text: str) -> str | None:
    """An item's name as written, or None when ``text`` does not look like one."""
    name = " ".join(text.split()).strip(" ,;:.-()[]\"“”'")
    for _ in range(3):
        name = _NAME_TRAILING.sub("", name)
        name = _NAME_LEADING.sub("", name).strip(" ,;:.-()[]\"“”'")
    words = name.split()
    if not 1 <= len(words) <= 6 or len(name) > 80 or not name[0].isalnum():
        return None
    if not all(_WORD.fullmatch(word) for word in words) or not re.search(r"[^\W\d_]{2}", name):
        return None
    if name.lower() in _NOT_NAMES or words[0].lower() in _NOT_NAMES:
        return None
    if re.fullmatch(r"[\d\s.,%]+", name) or DAYS_TEXT.search(name) or TIME_RANGE.search(name):
        return None
    if any(PROMISES[key].search(name) for key in ("free", "no win, no fee", "discount")):
        return None
    return _capital(name)


def _price_text(sentence: str, match: re.Match[str]) -> str | None:
    before, after = sentence[: match.start()], sentence[match.end() :]
    if _PRICE_NOT_AN_OFFER_AFTER.match(after) or _PRICE_NOT_AN_OFFER_BEFORE.search(before):
        return None
    price = match.group().strip()
    if _PRICE_FROM.search(before):
        price = "from " + price
    unit = _PRICE_UNIT.match(after)
    if unit:
        price += re.sub(r"\s+", " ", unit.group())  # " a month", "/month"
    return price[:40]


def _prices_in(sentence: str, offers: list[Offer]) -> None:
    for match in PRICE.finditer(sentence):
        price = _price_text(sentence, match)
        if price is None:
            continue
        before = re.sub(r"\s*\(\s*$", "", sentence[: match.start()])  # "broa (€2.50)"
        parts = _NAME_BOUNDARY.split(before[-120:])
        name = _offer_name(parts[-1]) if parts else None
        if name:
            offers.append(Offer(name=name[:100], price=price))


# --- Lists of things offered -----------------------------------------------------------

_LIST_VERBS = (
    r"bake|make|sell|offer|serve|do|provide|fix|repair|install|teach|stock|cook|brew|roast|grow"
    r"|design|build|create|run|handle|supply|rent|host|cater\s+for|specialise\s+in|specialize\s+in"
)
_LIST_TRIGGER = re.compile(
    rf"\b(?:we|i)\s+(?:also\s+|mainly\s+|mostly\s+|only\s+)?(?:{_LIST_VERBS})\b(?!\s+(?:not|n't))"
    r"|\b(?:offering|selling|baking|serving|providing|specialising\s+in|specializing\s+in)\b"
    r"|(?P<label>\b(?:our\s+)?(?:features|services|products|treatments|specialities|specialties"
    r"|courses|classes|menu)\s*(?:include|includes|including|:|-)\s)",
    re.I,
)
_ITEM_CUT = re.compile(
    r"\s+(?:every|each|daily|since|for|to|from|in|at|on|with|by|using|across|throughout|near"
    r"|around|until|till|that|which|who|made|baked|served|as|so|because|while|within|when"
    r"|all\s+year)\b.*$",
    re.I | re.S,
)
_ITEM_LEADING = re.compile(
    r"^(?:(?:a|an|the|our|your|some|also|plus|(?:a\s+)?(?:wide\s+)?(?:range|selection|variety|choice)"
    r"\s+of|all\s+kinds\s+of|kinds\s+of|lots\s+of|plenty\s+of)\s+)+",
    re.I,
)
_NOT_ITEMS = {
    "sure", "it", "them", "this", "that", "everything", "anything", "all", "more", "you",
    "your", "things", "life", "sense", "so", "much", "lots", "our", "what", "whatever",
    "well", "best", "good", "great", "people", "customers", "clients", "business", "twice",
    "once", "every", "each", "daily", "weekly",
}  # fmt: skip
_AND = re.compile(r"\s+(?:and|&|or)\s+|\s*,\s*(?:and|&|or)\s+", re.I)


def _list_items(rest: str) -> list[str]:
    """The items of "sourdough, pastéis de nata and pão de ló every morning"."""
    rest = re.sub(r"\s*\([^()]{0,80}\)", "", rest)  # "pastéis de nata (€1.20), broa"
    rest = re.split(r"[;()\[\]]|\s-\s", rest, maxsplit=1)[0]
    items: list[str] = []
    for segment in rest.split(","):
        whole = segment.strip()
        segment = _ITEM_CUT.sub("", whole)
        last = segment != whole  # "pão de ló every morning": the list ends there
        pieces = [segment]
        if re.match(r"(?:and|&|or)\s+", segment, re.I):
            pieces, last = [re.sub(r"^(?:and|&|or)\s+", "", segment, flags=re.I)], True
        elif _AND.search(segment):
            pieces, last = _AND.split(segment, maxsplit=1), True
        for piece in pieces:
            item = _ITEM_LEADING.sub("", piece.strip()).strip(" .!?:")
            first = item.split()[0].lower() if item else ""
            if not first or first in _NOT_ITEMS or first in _VERBS:
                return items  # "we roast twice a week and ship within two days": no list
            items.append(item)
        if last:
            break
    return items


def _lists_in(sentence: str, offers: list[Offer]) -> None:
    for match in _LIST_TRIGGER.finditer(sentence):
        rest = sentence[match.end() :]
        if match.group().lower().startswith(("serving", "we serve", "i serve")) and re.match(
            r"\s*(?:the\s+)?[A-Z]", rest
        ):
            continue  # "serving Leeds and Bradford": a place, not a dish
        items = _list_items(rest)
        if len(items) < (1 if match.group("label") else 2):
            continue
        named: list[Offer] = []
        for item in items:
            price_match = PRICE.search(item)
            price = _price_text(item, price_match) if price_match else None
            name = _offer_name(item[: price_match.start()] if price_match else item)
            if name is None:
                break
            named.append(Offer(name=name[:100], price=price or ""))
        if len(named) >= (1 if match.group("label") else 2):
            offers.extend(named)


# --- Founding year ---------------------------------------------------------------------

_FOUNDED = re.compile(
    r"\b(?:since|founded(?:\s+in)?|established(?:\s+in)?|est\.?|opened(?:\s+(?:our\s+doors\s+)?in)?"
    r"|started(?:\s+in)?|trading\s+since|in\s+business\s+since|dating\s+(?:back\s+)?(?:from|to))"
    r"\s+(?:in\s+)?(?P<year>1\d{3}|20\d{2})\b",
    re.I,
)


def _founded(text: str) -> int | None:
    years = [int(m.group("year")) for m in _FOUNDED.finditer(text)]
    years = [year for year in years if 1000 <= year <= date.today().year]
    return min(years) if years else None


# --- Differentiators -------------------------------------------------------------------

# Said as a phrase: the phrase is the differentiator ("Family-run since 1962").
_PHRASES = [
    re.compile(
        r"\bfamily[- ](?:run|owned)\b(?:\s+(?:since\s+\d{4}|for\s+(?:over\s+|more\s+than\s+)?"
        r"(?:\d+|two|three|four|five)\s+(?:years|generations)))?",
        re.I,
    ),
    re.compile(
        r"\b(?:gluten|dairy|sugar|nut|lactose|wheat)[- ]free(?:\s+(?:and\s+vegan\s+)?"
        r"(?:options?|menu|range|choices|bread|cakes?|baking|alternatives|dishes))?\b"
        r"|\bvegan(?:\s+and\s+vegetarian)?\s+(?:options?|menu|range|choices|dishes)\b"
        r"|\bvegetarian\s+(?:options?|menu|choices|dishes)\b",
        re.I,
    ),
    re.compile(r"\b\d{1,3}\+?\s+years['’]?\s+(?:of\s+)?experience\b", re.I),
]
# Said in a clause: the clause is the differentiator ("We only represent employees").
_CLAUSES = [
    *PROMISES.values(),
    re.compile(
        r"\b(?:we|i)\s+(?:only|exclusively)\s+\w+|\bonly\s+(?:ever\s+)?(?:represent|act\s+for"
        r"|work\s+(?:for|with)|use|serve|sell|bake\s+with|take\s+on)\b|\b(?:we|i)\s+(?:represent"
        r"|act\s+for)\b|\bnever\s+(?:act\s+for|represent|charge|use)\b",
        re.I,
    ),
    re.compile(
        r"\bfree\s+(?:valuations?|surveys?|inspections?|installation|fitting|measuring"
        r"|collection|wi-?fi|parking|refills?)\b",
        re.I,
    ),
    re.compile(
        r"\bno\s+(?:call[- ]out|hidden|upfront|up-front|joining|cancellation)\s+"
        r"(?:fees?|charges?|costs?)\b",
        re.I,
    ),
    re.compile(
        r"\b(?:locally|ethically|sustainably|responsibly)\s+(?:sourced|grown|made|produced)\b"
        r"|\b(?:hand-?made|home-?made|made\s+(?:from\s+scratch|by\s+hand|in-house)|freshly\s+baked"
        r"|baked\s+(?:fresh\s+)?(?:every|each)\s+(?:day|morning))\b",
        re.I,
    ),
    re.compile(
        r"\b(?:dog|child|family|kid|pet)[- ]friendly\b|\bwheelchair[- ]accessible\b"
        r"|\bstep[- ]free\b",
        re.I,
    ),
]
_VERBS = set(
    re.findall(
        r"\w+",
        "work works act acts charge answer respond reply come arrive cover deliver represent "
        "use bake make take give guarantee fix repair install specialise specialize handle "
        "speak return call visit treat open serve never always only are is have has do will "
        "can get keep send ship sell promise pride aim roast run find prepare plan post shoot "
        "look help pick bring check write support lend mix teach",
    )
)
_IMPERATIVES = set(
    re.findall(
        r"\w+",
        "start try call book get order visit contact sign join come ask email message find "
        "see pop claim grab enjoy download",
    )
)
_PRONOUNS = {"we", "i", "you", "our", "they", "it", "all", "every", "each"}
_CLAUSE_LEFT = re.compile(r"[,;:(]\s*|\s-\s|\s+(?:and|but|so|while|which|plus|whereas)\s+", re.I)
_CLAUSE_RIGHT = re.compile(r"[,;:)]|\s-\s|\s+(?:but|so|while|which|plus|whereas)\s+", re.I)
_NAMES_GO_ON = re.compile(r"\s*(?:and\s+)?(?!(?:We|I|Our|You)\b)[A-Z]")
_QUALIFIER = re.compile(r"\s*(?:never|not|only|always|except|including|excluding)\b", re.I)
_CLAUSE_AND = re.compile(r"\s+and\s+(\w+)", re.I)
_CLAUSE_LEADING = re.compile(
    r"^(?:(?:and|but|plus|also|so|then|with|including|offering|providing|"
    r"(?:we|i)\s+(?:also\s+)?(?:offer|provide|give)|offers?|provides?|gives?)\s+)+",
    re.I,
)
_NEGATED = re.compile(r"\b(?:not|no\s+longer|don't|doesn't|didn't|won't|can't|cannot)\b", re.I)


def _first_word(text: str) -> str:
    match = re.match(r"\W*(\w+)", text)
    return match.group(1).lower() if match else ""


def _clause(sentence: str, start: int, end: int) -> tuple[int, int]:
    """Where the clause around sentence[start:end] begins and ends."""
    left, after_comma = 0, False
    for boundary in _CLAUSE_LEFT.finditer(sentence, 0, start):
        word = boundary.group().strip().lower()
        if word == "and":
            after = _first_word(sentence[boundary.end() :])
            list_item = after_comma and len(sentence[left : boundary.start()].split()) <= 3
            if after not in _VERBS | _PRONOUNS and not list_item:
                continue  # "unfair dismissal and discrimination cases": one clause
        left, after_comma = boundary.end(), word == ","
    right = len(sentence)
    for boundary in _CLAUSE_RIGHT.finditer(sentence, end):
        if boundary.group() == "," and (
            _NAMES_GO_ON.match(sentence, boundary.end())
            or _QUALIFIER.match(sentence, boundary.end())
        ):
            continue  # "covering Bristol, Bath and North Somerset", "employees, never employers"
        right = boundary.start()
        break
    for joint in _CLAUSE_AND.finditer(sentence, end, right):
        if joint.group(1).lower() in _VERBS | _PRONOUNS:
            right = joint.start()
            break
    return left, right


def _differentiators_in(sentence: str, found: list[str]) -> None:
    taken: list[tuple[int, int]] = []
    hits: list[tuple[int, str]] = []
    subject = sentence.split()[0] if sentence.split() else ""
    for pattern in _PHRASES:
        for match in pattern.finditer(sentence):
            taken.append(match.span())
            hits.append((match.start(), _capital(match.group())))
    for pattern in _CLAUSES:
        for match in pattern.finditer(sentence):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            left, right = _clause(sentence, match.start(), match.end())
            if _NEGATED.search(sentence[left : match.start()]):
                continue
            taken.append((left, right))
            clause = " ".join(sentence[left:right].split()).strip(" .!?")
            stripped = _CLAUSE_LEADING.sub("", clause)
            if stripped != clause:
                stripped = re.sub(r"^(?:an?)\s+", "", stripped, flags=re.I)
            elif (
                left > 0
                and subject.lower() in {"we", "i"}
                and _first_word(stripped) in _VERBS
                and _first_word(stripped) != subject.lower()
            ):
                stripped = f"{subject} {stripped}"
            if len(stripped) > 150 or _first_word(stripped) in _IMPERATIVES:
                stripped = match.group()  # "Start your free trial today": the promise only
            hits.append((left, _capital(stripped)))
    for _, text in sorted(hits):
        if text and len(text) <= 200:
            found.append(text)


# --- Ways people buy or book ----------------------------------------------------------

_WAYS: dict[Way, re.Pattern[str]] = {
    "walk_in": re.compile(
        r"\bwalk[- ]?ins?\b(?!\s+(?:shower|wardrobe|closet|fridge|freezer|bath|cupboard|pantry))"
        r"|\bdrop[- ]ins?\s+(?:welcome|any\s*time)\b|\b(?:pop|drop)\s+(?:in|by)\b(?!\s+class)"
        r"|\bno\s+(?:appointment|booking)s?\s+(?:needed|necessary|required)\b",
        re.I,
    ),
    "order_ahead": re.compile(
        r"\border\s+(?:ahead|in\s+advance)\b|\bpre-?orders?\b|\bclick\s+(?:and|&)\s+collect\b"
        r"|\border\s+(?:by\s+(?:phone|email|whatsapp)|for\s+collection)\b",
        re.I,
    ),
    "book_table": re.compile(
        r"\b(?:book|reserve)\s+(?:a|your)\s+table\b|\btable\s+(?:bookings?|reservations?)\b"
        r"|\breservations?\s+(?:are\s+)?(?:recommended|advised|essential|required|welcome)\b",
        re.I,
    ),
    "book_appointment": re.compile(
        r"\bbook\s+(?:an?|your)\s+(?:free\s+|first\s+|initial\s+)?(?:appointment|consultation"
        r"|session|check-?up|visit|viewing|treatment|haircut|massage)s?\b|\bby\s+appointment\b"
        r"|\bbook\s+appointments\b|\bappointments\s+(?:can\s+be\s+booked|available|online)\b",
        re.I,
    ),
    "book_class": re.compile(
        r"\bbook\s+(?:a|your)\s+(?:place\s+(?:in|on)\s+a\s+)?(?:class|lesson|course)\b"
        r"|\bbook\s+(?:classes|lessons)\b|\bclass\s+bookings?\b",
        re.I,
    ),
    "book_stay": re.compile(
        r"\b(?:book|reserve)\s+(?:a|your)\s+(?:room|stay|night)\b|\bbook\s+direct\b"
        r"|\broom\s+(?:bookings?|reservations?)\b",
        re.I,
    ),
    "request_quote": re.compile(
        r"\b(?:free|no[- ]obligation)\s+(?:written\s+)?(?:quotes?|estimates?|quotations?)\b"
        r"|\b(?:ask|request|get|call)\s+(?:us\s+)?(?:for\s+)?(?:a|your)\s+(?:free\s+)?"
        r"(?:quote|estimate|quotation)\b|\bquotes?\s+on\s+request\b",
        re.I,
    ),
    "buy_online": re.compile(
        r"\bonline\s+(?:shop|store)\b|\b(?:order|buy|shop)\s+online\b|\bweb\s?shop\b", re.I
    ),
    "sign_up": re.compile(
        r"\bsign[- ]?up\b|\bfree\s+trial\b|\bstart\s+(?:your|a)\s+(?:free\s+)?trial\b"
        r"|\bcreate\s+(?:an|your)\s+account\b",
        re.I,
    ),
    "donate": re.compile(r"\bdonat(?:e|ions?|ing)\b|\bgive\s+monthly\b", re.I),
    "enquire": re.compile(
        r"\bget\s+in\s+touch\b|\bcontact\s+us\b|\b(?:call|phone|email|message|whatsapp)\s+us\b",
        re.I,
    ),
}
_WAY_NEGATED = re.compile(
    r"\b(?:no|not|don't|do\s+not|doesn't|never|can't|cannot|without|sorry)\b(?:\s+\w+){0,2}\s*$",
    re.I,
)


def _ways_in(sentence: str, ways: set[Way]) -> None:
    for way, pattern in _WAYS.items():
        for match in pattern.finditer(sentence):
            if match.group().lower().startswith("no ") or not _WAY_NEGATED.search(
                sentence[max(0, match.start() - 30) : match.start()]
            ):
                ways.add(way)
                break


# --- Area served ----------------------------------------------------------------------

_AREA_TRIGGER = re.compile(
    r"(?i:\b(?:serving|serves?|covering|covers?|across|throughout|all\s+over|in\s+and\s+around"
    r"|deliver(?:ing|s)?\s+(?:to|across|throughout)|within\s+\d+\s*(?:miles?|km|kilometres?"
    r"|kilometers?)\s+of))\s+"
)
_AREA_TOKEN = re.compile(r"\s*(,|[^\s,.;:!?()]+)")
_AREA_JOINERS = {
    "and",
    "&",
    "or",
    "of",
    "upon",
    "on",
    "de",
    "da",
    "do",
    "du",
    "la",
    "le",
    "the",
    ",",
}
_NOT_PLACES = {"We", "I", "Our", "You", "Your", "The", "A", "An", "All", "Every", "Each"}


def _area_in(sentence: str) -> str | None:
    for match in _AREA_TRIGGER.finditer(sentence):
        position = match.end()
        start: int | None = None
        end = last = position
        pending = False
        for token in _AREA_TOKEN.finditer(sentence, position):
            word = token.group(1)
            if token.start() > last + 2:
                break
            last = token.end()
            if word[0].isupper() and word not in _NOT_PLACES and not _is_calendar(word):
                start = token.start(1) if start is None else start
                end, pending = token.end(1), False
            elif word.lower() == "the" and start is None:
                start, pending = token.start(1), True
            elif word.lower() in _AREA_JOINERS and start is not None and not pending:
                pending = True
            else:
                break
            if token.end() - position > 200:
                break
        if start is None:
            continue
        place = re.sub(r"['’]s$", "", sentence[start:end]).strip(" ,")
        if re.search(r"[A-Z]", place) and not re.fullmatch(r"the", place, re.I):
            prefix = match.group()
            if prefix.lower().startswith("within"):
                place = prefix.strip() + " " + place
            return place[:200]
    return None


def _is_calendar(word: str) -> bool:
    lowered = word.lower().strip(".")
    return bool(re.fullmatch(_DAY_WORD + "s?", lowered)) or lowered in _MONTHS


# --- The whole description --------------------------------------------------------------


def facts_from_text(text: str) -> Facts:
    """The facts ``text`` states. Nothing it does not say; never raises."""
    try:
        return _facts_from_text(text)
    except (ValidationError, ValueError, IndexError, AttributeError, TypeError):
        return Facts()


def _facts_from_text(text: str) -> Facts:
    if not isinstance(text, str) or not text.strip():
        return Facts()
    original = text[:MAX_TEXT]
    groups: list[_Group] = []
    closed: set[Day] = set()
    exceptions: list[HoursException] = []
    offers: list[Offer] = []
    differentiators: list[str] = []
    ways: set[Way] = set()
    area = ""
    for raw in _sentences(original):
        sentence = raw.translate(_NORMAL)
        for_hours = _mask(_mask(sentence, PRICE), DATE)
        _hours_in(for_hours, groups, closed)
        _exceptions_in(sentence, exceptions)
        _lists_in(sentence, offers)
        _prices_in(sentence, offers)
        _differentiators_in(sentence, differentiators)
        _ways_in(sentence, ways)
        if not area:
            area = _area_in(sentence) or ""
    return Facts(
        offers=_unique_offers(offers)[:30],
        hours=_opening_hours(groups, closed),
        hours_exceptions=_unique(exceptions, key=lambda e: e.label.lower())[:20],
        area_served=area,
        ways=[way for way in get_args(Way) if way in ways],
        differentiators=_unique(differentiators, key=str.lower)[:10],
        founded=_founded(original.translate(_NORMAL)),
    )


def _unique(items: list[T], *, key: Callable[[T], object]) -> list[T]:
    seen: set[object] = set()
    kept = []
    for item in items:
        marker = key(item)
        if marker not in seen:
            seen.add(marker)
            kept.append(item)
    return kept


def name_key(name: str) -> str:
    """What two names of one offer share: "Country loaves" and "country loaf"."""
    words = name.casefold().split()
    if not words:
        return ""
    last = words[-1]
    for plural, singular in (("ves", "f"), ("ies", "y"), ("ches", "ch"), ("shes", "sh")):
        if last.endswith(plural) and len(last) > len(plural) + 1:
            last = last[: -len(plural)] + singular
            break
    else:
        if last.endswith(("xes", "sses")):
            last = last[:-2]
        elif last.endswith("s") and not last.endswith("ss") and len(last) > 3:
            last = last[:-1]
    return " ".join([*words[:-1], last])


def _unique_offers(offers: list[Offer]) -> list[Offer]:
    """One offer per name; a price found anywhere for it is kept."""
    by_name: dict[str, Offer] = {}
    for offer in offers:
        key = name_key(offer.name)
        if key not in by_name:
            by_name[key] = offer
        elif offer.price and not by_name[key].price:
            by_name[key] = by_name[key].model_copy(update={"price": offer.price})
    return list(by_name.values())


# --- Merging with what the customer typed ---------------------------------------------


def merge_facts(given: Facts, found: Facts) -> tuple[Facts, list[str]]:
    """``given`` plus what ``found`` has that ``given`` lacks, and a sentence for each
    addition. Nothing the customer typed is replaced: a found value only fills what is
    empty (opening hours, area served, founding year, order address: as a whole; offers,
    exceptions, ways and differentiators: item by item, a found price filling an offer's
    empty price)."""
    merged = given.model_copy(deep=True)
    added: list[str] = []

    offers = list(merged.offers)
    names = {name_key(offer.name): index for index, offer in enumerate(offers)}
    for offer in found.offers:
        index = names.get(name_key(offer.name))
        if index is None:
            if len(offers) < 30:
                names[name_key(offer.name)] = len(offers)
                offers.append(offer)
                added.append(f"Offer: {offer.name}" + (f" — {offer.price}" if offer.price else ""))
        elif offer.price and not offers[index].price:
            offers[index] = offers[index].model_copy(update={"price": offer.price})
            added.append(f"Price of {offers[index].name}: {offer.price}")
    merged.offers = offers

    if not merged.hours and found.hours:
        merged.hours = list(found.hours)
        added += [
            f"Opening hours: {day_range(entry.days)} {entry.opens}\u2013{entry.closes}"
            for entry in found.hours
        ]
    labels = {exception.label.casefold() for exception in merged.hours_exceptions}
    for exception in found.hours_exceptions:
        if exception.label.casefold() not in labels and len(merged.hours_exceptions) < 20:
            merged.hours_exceptions.append(exception)
            labels.add(exception.label.casefold())
            label, when = exception_line(exception)
            added.append(f"{label}: {when}")

    if not merged.area_served and found.area_served:
        merged.area_served = found.area_served
        added.append(f"Area served: {found.area_served}")
    for way in found.ways:
        if way not in merged.ways:
            merged.ways.append(way)
            added.append(f"How people buy: {WAY_LABELS[way]}")
    if merged.order_url is None and found.order_url is not None:
        merged.order_url = found.order_url
        added.append(f"Order address: {found.order_url}")
    known = {line.casefold() for line in merged.differentiators}
    for line in found.differentiators:
        if line.casefold() not in known and len(merged.differentiators) < 10:
            merged.differentiators.append(line)
            known.add(line.casefold())
            added.append(f"What makes you different: {line}")
    if merged.founded is None and found.founded is not None:
        merged.founded = found.founded
        added.append(f"Since {found.founded}")
    return Facts.model_validate(merged.model_dump()), added
