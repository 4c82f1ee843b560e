"""What customers may type: the one check of control and invisible characters that the
dashboard's forms (code24/accounts/forms.py) and the API's schemas (sites/schemas.py) share.

Single-line text (names, titles, short answers) refuses every control character (tabs and
line breaks included) and every invisible format character (Unicode category Cf): bidi
overrides and isolates such as U+202E, which make text display differently from what it
says, zero-width spaces (U+200B), word joiners (U+2060), byte order marks (U+FEFF), soft
hyphens. Two joiners stay where writing needs them, following the contexts IDNA allows
them in (RFC 5892, appendix A): the zero-width joiner inside an emoji sequence (👩‍🍳) or
after a virama (क्‍ष), the zero-width non-joiner after a virama or between two letters
of a script without case (Persian "می‌خواهم"); so do the tag characters of a subdivision flag (🏴󠁧󠁢󠁳󠁣󠁴󠁿).

Long text (descriptions, addresses, messages) refuses control characters but keeps tabs
and line breaks.
"""

from __future__ import annotations

import unicodedata

ONE_LINE = "Use a single line without tabs, line breaks or invisible control characters."
NO_CONTROL = "Remove the invisible control characters from this field."

ZWNJ = "\u200c"
ZWJ = "\u200d"
BLACK_FLAG = "\U0001f3f4"
CANCEL_TAG = "\U000e007f"
_VIRAMA = 9  # canonical combining class
_SKIN_TONES = range(0x1F3FB, 0x1F400)


def _is_tag(ch: str) -> bool:
    return 0xE0020 <= ord(ch) <= 0xE007F


def _before(text: str, i: int) -> str:
    """The character before i, skipping combining marks (as RFC 5892's "transparent")."""
    j = i - 1
    while j >= 0 and unicodedata.category(text[j]) in {"Mn", "Me"}:
        j -= 1
    return text[j] if j >= 0 else ""


def _after(text: str, i: int) -> str:
    j = i + 1
    while j < len(text) and unicodedata.category(text[j]) in {"Mn", "Me"}:
        j += 1
    return text[j] if j < len(text) else ""


def _emoji_like(ch: str) -> bool:
    return bool(ch) and (
        unicodedata.category(ch) == "So" or ch == "\ufe0f" or ord(ch) in _SKIN_TONES
    )


def _joiner_allowed(text: str, i: int) -> bool:
    ch = text[i]
    previous = text[i - 1] if i else ""
    if previous and unicodedata.combining(previous) == _VIRAMA:
        return True
    if ch == ZWJ:
        return _emoji_like(previous) and _emoji_like(_after(text, i))
    # Between letters of scripts without case (Arabic, Persian, Indic: category Lo).
    before, after = _before(text, i), _after(text, i)
    return unicodedata.category(before or " ") == "Lo" == unicodedata.category(after or " ")


def _tag_allowed(text: str, i: int) -> bool:
    """Tags spell a subdivision flag: 🏴, then tag letters, then CANCEL TAG."""
    start = i
    while start > 0 and _is_tag(text[start - 1]):
        start -= 1
    if start == 0 or text[start - 1] != BLACK_FLAG:
        return False
    end = i
    while end + 1 < len(text) and _is_tag(text[end + 1]):
        end += 1
    return text[end] == CANCEL_TAG


def _invisible_problem(value: str) -> str | None:
    for i, ch in enumerate(value):
        if unicodedata.category(ch) != "Cf":
            continue
        if ch in (ZWJ, ZWNJ) and _joiner_allowed(value, i):
            continue
        if _is_tag(ch) and _tag_allowed(value, i):
            continue
        name = unicodedata.name(ch, "a format character")
        return (
            f"Remove the invisible character U+{ord(ch):04X} ({name}) from this field: "
            "it can make the text look different from what it says."
        )
    return None


def single_line_problem(value: str) -> str | None:
    """The sentence saying what to fix in a single line of text, or None."""
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        return ONE_LINE
    return _invisible_problem(value)


def multiline_problem(value: str) -> str | None:
    """The sentence saying what to fix in long text (tabs and line breaks are fine)."""
    if any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in value):
        return NO_CONTROL
    return None


# The code points of category Cf (Unicode 15.1; tests/core/test_text.py checks this list
# against the running Python's unicodedata, so a newer Unicode can't slip past).
FORMAT_RANGES = [
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
]


def _char_class(ranges: list[tuple[int, int]]) -> str:
    def char(n: int) -> str:
        return f"\\u{n:04x}" if n <= 0xFFFF else chr(n)

    return "".join(char(a) if a == b else f"{char(a)}-{char(b)}" for a, b in ranges)


# Category Cc is fixed by Unicode: U+0000-U+001F and U+007F-U+009F.
_CONTROL = [(0x00, 0x1F), (0x7F, 0x9F)]
_CONTROL_BUT_TAB_AND_LINE_BREAKS = [(0x00, 0x08), (0x0B, 0x0C), (0x0E, 0x1F), (0x7F, 0x9F)]

# For JSON Schema `pattern`s (sites/schemas.py): the characters each kind of text refuses.
# Stricter than the checks above where a regular expression can't see context: it refuses
# the joiners and tags that the check keeps in emoji and scripts.
SINGLE_LINE_REFUSED = _char_class(_CONTROL + FORMAT_RANGES)
MULTILINE_REFUSED = _char_class(_CONTROL_BUT_TAB_AND_LINE_BREAKS)
