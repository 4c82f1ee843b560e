"""The fonts a site may use besides the system's: a small set of open-licence (SIL OFL 1.1)
families, served from the site itself (no font CDN: the sites load nothing from elsewhere).

Each is the Latin subset (Basic Latin, Latin-1 with the accented letters of western European
languages, the euro sign and the common punctuation) of the family's woff2 from the npm
package ``@fontsource-variable/<name>`` (one variable file covering every weight) or, where
the variable file is too heavy, ``@fontsource/<name>`` (a regular and a bold file). The
files and each family's licence are in ``fonts/``; see ``fonts/README.md``.

A brand uses one when the first family of its ``heading_font`` or ``body_font`` is the
family's name (``'"Inter", system-ui, sans-serif'``): the generator then ships the file(s)
with the site and writes the ``@font-face``. ``font_choices()`` is the editor's list.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

FONT_DIR = Path(__file__).resolve().parent / "fonts"

SANS_FALLBACK = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
SERIF_FALLBACK = "Georgia, 'Times New Roman', serif"

# The characters the Latin subset holds (fontsource's "latin" range): the browser uses the
# fallback stack for anything else on the page, letter by letter.
LATIN_RANGE = (
    "U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,"
    "U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD"
)


@dataclass(frozen=True)
class Font:
    key: str  # "inter": the editor's value and the start of the file names
    family: str  # "Inter": the CSS family name, matched against a brand's first family
    category: Literal["serif", "sans-serif"]
    files: dict[str, str]  # weight ("400", "700", or a variable range "100 900") -> file name
    fallback: str  # the stack used until the font has loaded, and for missing letters
    licence: str  # the licence file beside the fonts

    @property
    def stack(self) -> str:
        """The CSS font-family value a brand stores to use this font."""
        return f'"{self.family}", {self.fallback}'

    @property
    def label(self) -> str:
        return f"{self.family} ({'serif' if self.category == 'serif' else 'sans serif'})"

    def weight_for(self, wanted: int) -> str:
        """The key of the file that draws ``wanted`` (400 for text, 700 for headings): the
        variable file whose range holds it, else the static weight nearest to it."""

        def distance(weight: str) -> int:
            low, _, high = weight.partition(" ")
            return max(int(low) - wanted, wanted - int(high or low), 0)

        return min(self.files, key=distance)

    def data(self, weight: str) -> bytes:
        return _read(self.files[weight])

    def site_path(self, weight: str) -> str:
        """Where the site serves a file: ``fonts/inter-100-900-<hash10>.woff2``. The hash
        comes last, so the site Worker caches it for a year; new bytes get a new name."""
        digest = hashlib.sha256(self.data(weight)).hexdigest()[:10]
        return f"fonts/{self.key}-{weight.replace(' ', '-')}-{digest}.woff2"


def _font(
    key: str, family: str, category: Literal["serif", "sans-serif"], files: dict[str, str]
) -> Font:
    fallback = SERIF_FALLBACK if category == "serif" else SANS_FALLBACK
    return Font(key, family, category, files, fallback, f"{key}-OFL.txt")


FONTS: dict[str, Font] = {
    font.key: font
    for font in [
        _font("inter", "Inter", "sans-serif", {"100 900": "inter-latin-wght-normal.woff2"}),
        _font(
            "source-sans-3",
            "Source Sans 3",
            "sans-serif",
            {"200 900": "source-sans-3-latin-wght-normal.woff2"},
        ),
        _font(
            "work-sans", "Work Sans", "sans-serif", {"100 900": "work-sans-latin-wght-normal.woff2"}
        ),
        _font("dm-sans", "DM Sans", "sans-serif", {"100 1000": "dm-sans-latin-wght-normal.woff2"}),
        _font("lora", "Lora", "serif", {"400 700": "lora-latin-wght-normal.woff2"}),
        _font(
            "playfair-display",
            "Playfair Display",
            "serif",
            {"400 900": "playfair-display-latin-wght-normal.woff2"},
        ),
        _font(
            "merriweather",
            "Merriweather",
            "serif",
            {
                "400": "merriweather-latin-400-normal.woff2",
                "700": "merriweather-latin-700-normal.woff2",
            },
        ),
    ]
}
_BY_FAMILY = {font.family.casefold(): font for font in FONTS.values()}


def font_choices() -> list[tuple[str, str]]:
    """(value, label) for the editor's font select, sans serifs first. The value is what a
    brand stores as its ``heading_font`` or ``body_font``: the font's CSS stack
    (``'"Inter", system-ui, ...'``), its family first, then the fallback."""
    ordered = sorted(FONTS.values(), key=lambda font: (font.category != "sans-serif", font.family))
    return [(font.stack, font.label) for font in ordered]


def font_for(value: str) -> Font | None:
    """The self-hosted font a CSS font-family value starts with (or a font's key, as
    ``"inter"``), or None (a system stack, or a family Code24 does not ship)."""
    first = value.split(",", 1)[0]
    name = " ".join(re.sub(r"[\"']", "", first).split())
    return _BY_FAMILY.get(name.casefold()) or FONTS.get(name.casefold())


@cache
def _read(name: str) -> bytes:
    return (FONT_DIR / name).read_bytes()
