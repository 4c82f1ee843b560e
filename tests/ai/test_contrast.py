"""WCAG 2.x contrast maths and a palette made to pass AA."""

from __future__ import annotations

import pytest

from code24.ai.contrast import contrast_ratio, ensure_contrast, relative_luminance
from code24.ai.schemas import Palette


def test_known_contrast_ratios() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.005)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.005)
    assert contrast_ratio("#336699", "#336699") == pytest.approx(1.0)
    # WebAIM's checker: #0000ff on #ffffff is 8.59:1.
    assert contrast_ratio("#0000FF", "#FFFFFF") == pytest.approx(8.59, abs=0.005)


def test_relative_luminance() -> None:
    assert relative_luminance("#ffffff") == pytest.approx(1.0)
    assert relative_luminance("#000000") == pytest.approx(0.0)
    assert relative_luminance("#ff0000") == pytest.approx(0.2126)


def failing_palette() -> Palette:
    return Palette(
        primary="#9ad0f5",  # too light for links on white
        on_primary="#ffffff",  # white on a light blue
        accent="#ffeb3b",
        background="#ffffff",
        surface="#f4f4f4",
        text="#aaaaaa",
        muted_text="#cccccc",
    )


def test_ensure_contrast_fixes_a_failing_palette() -> None:
    palette = failing_palette()
    fixed, pairs = ensure_contrast(palette)

    assert [pair.usage for pair in pairs] == [
        "body text on the page background",
        "secondary text on the page background",
        "body text on cards and bands",
        "secondary text on cards and bands",
        "button and banner text on the primary colour",
        "links on the page background",
    ]
    assert all(pair.passes_aa and pair.ratio >= 4.5 for pair in pairs)
    # Backgrounds are never touched; decoration is left alone.
    assert (fixed.background, fixed.surface, fixed.accent) == (
        palette.background,
        palette.surface,
        palette.accent,
    )
    # Text moved toward black in small steps: darker than before, but not simply black.
    assert fixed.text != palette.text and fixed.text != "#000000"
    assert contrast_ratio(fixed.text, fixed.surface) >= 4.5
    assert contrast_ratio(fixed.primary, fixed.background) >= 4.5
    assert contrast_ratio(fixed.on_primary, fixed.primary) >= 4.5
    # The pairs describe the fixed palette.
    assert pairs[4].foreground == fixed.on_primary and pairs[4].background == fixed.primary


def test_a_passing_palette_is_left_as_it_is() -> None:
    palette = Palette(
        primary="#1d4ed8",
        on_primary="#ffffff",
        accent="#f97316",
        background="#ffffff",
        surface="#eff4ff",
        text="#0f172a",
        muted_text="#475569",
    )
    fixed, pairs = ensure_contrast(palette)
    assert fixed == palette
    assert all(pair.passes_aa for pair in pairs)


def test_light_text_on_a_dark_background_moves_toward_white() -> None:
    palette = Palette(
        primary="#444444",
        on_primary="#555555",
        accent="#ff0000",
        background="#111111",
        surface="#1c1c1c",
        text="#666666",
        muted_text="#555555",
    )
    fixed, pairs = ensure_contrast(palette)
    assert all(pair.passes_aa for pair in pairs)
    assert relative_luminance(fixed.text) > relative_luminance(palette.text)
    assert relative_luminance(fixed.primary) > relative_luminance(palette.primary)


def test_an_impossible_pair_is_reported_not_hidden() -> None:
    # No colour reads well on both black and white backgrounds at once.
    palette = Palette(
        primary="#000000",
        on_primary="#ffffff",
        accent="#ff0000",
        background="#ffffff",
        surface="#000000",
        text="#777777",
        muted_text="#777777",
    )
    _, pairs = ensure_contrast(palette)
    assert any(not pair.passes_aa for pair in pairs)
