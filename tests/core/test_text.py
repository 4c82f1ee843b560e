"""The shared check of what customers may type (code24/text.py); the form and API paths
are tested in tests/accounts/test_bad_input.py and tests/sites/test_api.py."""

from __future__ import annotations

import re
import sys
import unicodedata

from code24 import text


def test_the_format_character_list_covers_this_pythons_unicode() -> None:
    listed = {n for a, b in text.FORMAT_RANGES for n in range(a, b + 1)}
    actual = {n for n in range(sys.maxunicode + 1) if unicodedata.category(chr(n)) == "Cf"}

    assert actual <= listed, sorted(hex(n) for n in actual - listed)


def test_the_schema_pattern_refuses_what_the_check_refuses() -> None:
    one_line = re.compile(f"^[^{text.SINGLE_LINE_REFUSED}]*$")
    long_text = re.compile(f"^[^{text.MULTILINE_REFUSED}]*$")

    for value in ["\u202e\u200bevil", "a\tb", "a\nb", "\ufeffx", "x\U000e0067", "\x00"]:
        assert text.single_line_problem(value) and not one_line.match(value), repr(value)
    for value in ["Chef 👩 cook", "José", "東京", "Ünïcödé"]:
        assert text.single_line_problem(value) is None and one_line.match(value), repr(value)
    assert long_text.match("Two\nlines\tand a tab") and not long_text.match("esc\x1b")
    assert text.multiline_problem("Two\nlines\tand a tab") is None
