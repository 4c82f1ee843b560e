"""Read one competitor's page (through the SSRF-safe fetcher) and extract its positioning.

    page = analyse_competitor("https://rival-plumbing.example/")
    page.ok, page.error, page.title, page.headings, page.calls_to_action, page.offers, ...

Never raises for a bad URL, an unreachable site or an unreadable page: the result says
``ok=False`` and ``error`` is a sentence for the customer.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from code24 import net
from code24.ai.schemas import CompetitorPage

Fetcher = Callable[..., net.FetchResult]

MAX_BYTES = 1_500_000
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
LIMITS = {"headings": 20, "calls_to_action": 12, "offers": 10, "contact_methods": 10}
KEYWORDS = 12
MAX_TEXT = 160

CTA_WORDS = re.compile(
    r"\b(book|booking|call|quote|estimate|buy|order|shop|contact|get started|start|sign ?up|"
    r"register|join|try|trial|demo|schedule|reserve|reservation|appointment|subscribe|donate|"
    r"enquire|enquiry|inquire|inquiry|request|apply|hire|download|talk to|speak to|"
    r"message us|chat|visit us|get in touch|add to (cart|basket)|checkout|claim|save)\b",
    re.IGNORECASE,
)
_CURRENCY = r"(?:[$€£¥₹]|USD|EUR|GBP|CHF|AUD|CAD)"
OFFER_PATTERNS = [
    re.compile(rf"{_CURRENCY}\s?\d[\d,.]*(?:\s?(?:/|per)\s?\w+)?", re.IGNORECASE),
    re.compile(rf"\d[\d,.]*\s?{_CURRENCY}", re.IGNORECASE),
    re.compile(r"\b\d{1,3}\s?%\s?(?:off|discount|cheaper|less|savings?)\b", re.IGNORECASE),
    re.compile(r"\b(?:save|up to)\s\d{1,3}\s?%", re.IGNORECASE),
    re.compile(r"\bfree\s+(?:[a-z-]+\s){0,2}[a-z-]+", re.IGNORECASE),
    re.compile(
        r"\b(?:money[- ]back|satisfaction|price match|lifetime|\d+[- ](?:year|day|month))"
        r"\s+guarantee[ds]?\b",
        re.IGNORECASE,
    ),
    re.compile(r"\bguaranteed?\s+[a-z]+(?:\s[a-z]+)?", re.IGNORECASE),
    re.compile(r"\bno win,? no fee\b", re.IGNORECASE),
    re.compile(r"\b(?:same|next)[- ]day\s+[a-z]+", re.IGNORECASE),
    re.compile(r"\b\d+\s?(?:-|to)?\s?\d*\s?(?:day|month)s?\s+free\b", re.IGNORECASE),
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


PHONE_TEXT = re.compile(r"(?<![\w+])(\+?\d[\d ().-]{7,18}\d)(?!\w)")
STOP_WORDS = _words(
    """
    a about above after again against all also am an and any are aren't as at be because
    been before being below between both but by can can't cannot could couldn't did didn't
    do does doesn't doing don't down during each few for from further get got had hadn't
    has hasn't have haven't having he her here hers herself him himself his how i if in into
    is isn't it it's its itself just let's me more most mustn't my myself no nor not now of
    off on once only or other ought our ours ourselves out over own same shan't she should
    shouldn't so some such than that that's the their theirs them themselves then there
    there's these they this those through to too under until up us very was wasn't we we're
    were weren't what when where which while who whom why will with won't would wouldn't you
    you're your yours yourself yourselves one two new every may many much via per like
    make makes made use used using well way ways within without yes also etc read more
    home page click here menu skip content close open next previous back top copyright
    rights reserved privacy policy terms cookies cookie login log sign account cart search
    com www http https html
    """
)
WORD = re.compile(r"[^\W\d_][\w'\u2019-]*[^\W_]|[^\W\d_]", re.UNICODE)
SKIP_TEXT = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "head"})
BLOCKS = _words(
    "p div li h1 h2 h3 h4 h5 h6 td th dt dd section article header footer nav main aside "
    "blockquote figcaption label button a br tr form option"
)
HEADINGS = frozenset({"h1", "h2", "h3"})
NOT_CTAS = frozenset(
    {"search", "go", "ok", "submit", "menu", "close", "open menu", "toggle navigation"}
    | {
        "\u00d7",
        "x",
        "next",
        "previous",
        "prev",
        "accept",
        "reject",
        "accept all",
        "decline",
        "dismiss",
    }
)


def analyse_competitor(url: str, *, fetch: Fetcher = net.fetch) -> CompetitorPage:
    """What the page at ``url`` says about its business, or why it could not be read."""
    try:
        result = fetch(url, max_bytes=MAX_BYTES, allowed_types=HTML_TYPES)
    except net.FetchError as exc:
        return CompetitorPage(url=url, ok=False, error=exc.message)
    if result.status >= 400:
        return CompetitorPage(
            url=url, ok=False, error=f"{url} answered with error {result.status}."
        )
    try:
        return extract(url, _decode(result))
    except Exception:  # a page we cannot parse is reported, never fatal
        return CompetitorPage(url=url, ok=False, error=f"{url} could not be read as a web page.")


def extract(url: str, html: str) -> CompetitorPage:
    """The positioning found in one HTML document."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    text = " \n".join(reader.blocks)
    page = CompetitorPage(
        url=url,
        ok=True,
        title=_clean(reader.title),
        description=_clean(reader.description, 300),
        headings=_unique(reader.headings, LIMITS["headings"]),
        calls_to_action=_unique(reader.ctas, LIMITS["calls_to_action"]),
        offers=_unique(
            _offers(" \n".join([reader.title, reader.description, text])), LIMITS["offers"]
        ),
        contact_methods=_unique(_same_phones(reader.contacts + _text_phones(text)), 10),
        keywords=_keywords(reader, text),
    )
    if not (page.title or page.headings or text.strip()):
        return CompetitorPage(url=url, ok=False, error=f"{url} has no readable text.")
    return page


# --- reading --------------------------------------------------------------------------


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.description = ""
        self.og_description = ""
        self.headings: list[str] = []
        self.ctas: list[str] = []
        self.contacts: list[str] = []
        self.blocks: list[str] = []
        self._current: list[str] = []
        self._skip: list[str] = []
        self._in_title = False
        self._heading: list[str] | None = None
        self._link: tuple[str, str, list[str]] | None = None  # href, class, text
        self._button: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in BLOCKS:
            self._flush()
        if tag == "title" and not self.title:
            self._in_title = True
        if tag == "meta":
            self._meta(values)
        if tag in SKIP_TEXT and tag != "head":
            self._skip.append(tag)
        if tag in HEADINGS:
            self._heading = []
        if tag == "a":
            self._link = (values.get("href", ""), values.get("class", ""), [])
            self._contact_link(values.get("href", ""))
        if tag == "button":
            self._button = []
        if tag == "input" and values.get("type", "").lower() in ("submit", "button"):
            self._add_cta(values.get("value", ""))
        if tag == "form":
            self._form(values)

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS:
            self._flush()
        if tag == "title":
            self._in_title = False
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()
        if tag in HEADINGS and self._heading is not None:
            self.headings.append(_clean("".join(self._heading)))
            self._heading = None
        if tag == "a" and self._link is not None:
            _, css_class, words = self._link
            label = _clean("".join(words))
            looks_like_button = re.search(r"btn|button|cta", css_class, re.IGNORECASE)
            if label and (looks_like_button or CTA_WORDS.search(label)) and len(label) <= 60:
                self._add_cta(label)
            self._link = None
        if tag == "button" and self._button is not None:
            self._add_cta("".join(self._button))
            self._button = None

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
            return
        if self._skip:
            return
        self._current.append(data)
        for collector in (self._heading, self._button):
            if collector is not None:
                collector.append(data)
        if self._link is not None:
            self._link[2].append(data)

    def close(self) -> None:
        super().close()
        self._flush()
        if not self.description:
            self.description = self.og_description

    def _flush(self) -> None:
        text = _clean("".join(self._current), 10_000)
        if text:
            self.blocks.append(text)
        self._current = []

    def _meta(self, values: dict[str, str]) -> None:
        name = (values.get("name") or values.get("property") or "").lower()
        if name == "description" and not self.description:
            self.description = values.get("content", "")
        elif name == "og:description" and not self.og_description:
            self.og_description = values.get("content", "")

    def _add_cta(self, label: str) -> None:
        label = _clean(label, 60)
        if label and not label.isdigit() and label.casefold() not in NOT_CTAS:
            self.ctas.append(label)

    def _contact_link(self, href: str) -> None:
        href = href.strip()
        lower = href.lower()
        if lower.startswith("tel:"):
            self.contacts.append("Phone: " + _clean(unquote(href[4:]), 40))
        elif lower.startswith("mailto:"):
            address = unquote(href[7:]).split("?")[0]
            self.contacts.append("Email: " + _clean(address, 80))
        elif lower.startswith("sms:"):
            self.contacts.append("Text message: " + _clean(unquote(href[4:]), 40))
        elif lower.startswith(("http://", "https://", "//")):
            host = (
                urlsplit(href if not href.startswith("//") else "https:" + href).hostname or ""
            ).lower()
            if host in ("wa.me", "api.whatsapp.com", "web.whatsapp.com", "chat.whatsapp.com"):
                self.contacts.append("WhatsApp")
            elif host in ("m.me", "messenger.com", "www.messenger.com"):
                self.contacts.append("Facebook Messenger")
            elif host in ("calendly.com", "cal.com") or host.endswith(".calendly.com"):
                self.contacts.append("Online booking (" + host + ")")
        elif lower.startswith("whatsapp:"):
            self.contacts.append("WhatsApp")

    def _form(self, values: dict[str, str]) -> None:
        purpose = " ".join(
            values.get(key, "") for key in ("action", "id", "class", "name", "role", "aria-label")
        ).lower()
        if "search" in purpose or values.get("role") == "search":
            return
        if re.search(r"newsletter|subscribe", purpose):
            self.contacts.append("Newsletter sign-up form")
        elif re.search(r"book|reserv|appoint", purpose):
            self.contacts.append("Booking form")
        elif re.search(r"quote|estimate", purpose):
            self.contacts.append("Quote request form")
        else:
            self.contacts.append("Contact form")


def _decode(result: net.FetchResult) -> str:
    charset = ""
    if "charset=" in result.headers.get("content-type", "").lower():
        charset = result.charset
    else:
        found = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", result.body[:2048], re.I)
        if found:
            charset = found.group(1).decode("ascii")
    try:
        return result.body.decode(charset or "utf-8", errors="replace")
    except LookupError:
        return result.body.decode("utf-8", errors="replace")


# --- interpreting ---------------------------------------------------------------------


def _clean(text: str, limit: int = MAX_TEXT) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def _unique(values: list[str], limit: int) -> list[str]:
    seen: set[str] = set()
    kept: list[str] = []
    for value in values:
        key = value.casefold()
        if value and key not in seen:
            seen.add(key)
            kept.append(value)
        if len(kept) == limit:
            break
    return kept


def _offers(text: str) -> list[str]:
    """Short phrases that promise something: prices, discounts, free things, guarantees."""
    found: list[tuple[int, str]] = []
    for number, pattern in enumerate(OFFER_PATTERNS):
        for match in pattern.finditer(text):
            phrase = match.group(0)
            if number < 2:  # a bare price: say what it is the price of
                before = re.split(r"[.!?\n:;|]", text[max(0, match.start() - 60) : match.start()])
                phrase = " ".join([*before[-1].split()[-4:], phrase])
            phrase = _clean(phrase.strip(" .,;:-"), 80)
            if phrase:
                found.append((match.start(), phrase))
    found.sort()
    return [phrase for _, phrase in found]


def _text_phones(text: str) -> list[str]:
    phones = []
    for match in PHONE_TEXT.finditer(text):
        digits = re.sub(r"\D", "", match.group(1))
        if 8 <= len(digits) <= 15 and not re.fullmatch(
            r"(19|20)\d{2}\s?[-\u2013]\s?(19|20)\d{2}", match.group(1)
        ):
            phones.append("Phone: " + _clean(match.group(1), 40))
    return phones[:3]


def _same_phones(methods: list[str]) -> list[str]:
    """Drops a phone number already listed in another format (+44 113 … and 0113 …)."""
    seen: set[str] = set()
    kept = []
    for method in methods:
        if method.startswith("Phone: "):
            tail = re.sub(r"\D", "", method)[-9:]
            if tail in seen:
                continue
            seen.add(tail)
        kept.append(method)
    return kept


def _keywords(reader: _Reader, text: str) -> list[str]:
    """The most frequent meaningful words; the title and headings count three times."""
    counts: Counter[str] = Counter()
    weighted = [
        (text, 1),
        (reader.title, 3),
        (reader.description, 2),
        *((h, 3) for h in reader.headings),
    ]
    for chunk, weight in weighted:
        for word in WORD.findall(chunk.lower()):
            word = word.strip("'\u2019-")
            if len(word) < 3 or word in STOP_WORDS:
                continue
            counts[word] += weight
    return [word for word, count in counts.most_common(KEYWORDS) if count > 1]
