"""WCAG 2.x contrast: relative luminance, contrast ratio, and a palette made to pass AA.

The brand step runs ``ensure_contrast`` on whatever palette a provider proposed: text
colours are moved toward black or white in small steps until every text/background pair
the site generator uses reaches 4.5:1. Backgrounds are never changed.
"""

from __future__ import annotations

from collections.abc import Sequence

from code24.ai.schemas import ContrastPair, Palette

AA_NORMAL_TEXT = 4.5
BLACK = "#000000"
WHITE = "#ffffff"
STEPS = 20  # each step moves a colour 5% of the way to black or white

RGB = tuple[float, float, float]


def hex_to_rgb(colour: str) -> RGB:
    """``#rrggbb`` as three channels in 0..255."""
    value = colour.strip().lstrip("#")
    if len(value) != 6:
        raise ValueError(f"Expected a colour like #1a2b3c, not {colour!r}.")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def rgb_to_hex(rgb: RGB) -> str:
    return "#" + "".join(f"{max(0, min(255, round(channel))):02x}" for channel in rgb)


def _linear(channel: float) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of an sRGB colour (0 for black, 1 for white)."""
    r, g, b = hex_to_rgb(colour)
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2.x contrast ratio, from 1 (none) to 21 (black on white)."""
    first = relative_luminance(foreground)
    second = relative_luminance(background)
    lighter, darker = max(first, second), min(first, second)
    return (lighter + 0.05) / (darker + 0.05)


def mix(colour: str, target: str, amount: float) -> str:
    """``colour`` moved ``amount`` (0..1) of the way toward ``target`` in sRGB."""
    start, end = hex_to_rgb(colour), hex_to_rgb(target)
    return rgb_to_hex(
        (
            start[0] + (end[0] - start[0]) * amount,
            start[1] + (end[1] - start[1]) * amount,
            start[2] + (end[2] - start[2]) * amount,
        )
    )


def fix_foreground(foreground: str, backgrounds: Sequence[str], minimum: float) -> str:
    """``foreground`` itself if it reaches ``minimum`` on every background; otherwise the
    first colour on the way to black or white (whichever contrasts more with the
    backgrounds) that does, or the end of the way when nothing does."""

    def worst(colour: str) -> float:
        return min(contrast_ratio(colour, background) for background in backgrounds)

    if worst(foreground) >= minimum:
        return foreground
    target = BLACK if worst(BLACK) >= worst(WHITE) else WHITE
    candidate = foreground
    for step in range(1, STEPS + 1):
        candidate = mix(foreground, target, step / STEPS)
        if worst(candidate) >= minimum:
            return candidate
    return candidate


# The pairs the site generator draws: (foreground, background, usage).
PAIRS: tuple[tuple[str, str, str], ...] = (
    ("text", "background", "body text on the page background"),
    ("muted_text", "background", "secondary text on the page background"),
    ("text", "surface", "body text on cards and bands"),
    ("muted_text", "surface", "secondary text on cards and bands"),
    ("on_primary", "primary", "button and banner text on the primary colour"),
    ("primary", "background", "links on the page background"),
)


def contrast_pairs(palette: Palette) -> list[ContrastPair]:
    """Every text/background pair the generator uses, with its computed ratio."""
    pairs = []
    for foreground, background, usage in PAIRS:
        fg, bg = getattr(palette, foreground), getattr(palette, background)
        ratio = contrast_ratio(fg, bg)
        pairs.append(
            ContrastPair(
                foreground=fg,
                background=bg,
                ratio=round(ratio, 2),
                passes_aa=ratio >= AA_NORMAL_TEXT,
                usage=usage,
            )
        )
    return pairs


def ensure_contrast(palette: Palette) -> tuple[Palette, list[ContrastPair]]:
    """The palette with its text colours adjusted until every pair meets WCAG AA.

    ``background`` and ``surface`` are never changed. ``primary`` is a link colour on the
    background, so it is adjusted first; ``on_primary`` is then fitted to the (possibly
    adjusted) primary. ``accent`` is decoration only and is left alone. A pair that cannot
    reach 4.5:1 even at black or white (a mid-grey background) is returned with
    ``passes_aa`` False, so QA can say so.
    """
    surfaces = (palette.background, palette.surface)
    primary = fix_foreground(palette.primary, [palette.background], AA_NORMAL_TEXT)
    fixed = palette.model_copy(
        update={
            "text": fix_foreground(palette.text, surfaces, AA_NORMAL_TEXT),
            "muted_text": fix_foreground(palette.muted_text, surfaces, AA_NORMAL_TEXT),
            "primary": primary,
            "on_primary": fix_foreground(palette.on_primary, [primary], AA_NORMAL_TEXT),
        }
    )
    return fixed, contrast_pairs(fixed)
