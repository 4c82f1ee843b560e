"""The customer's photos in a generated page: ``<picture>`` data for the templates.

A photo is shown at one of a few places (a *slot*), each with the width it takes in the
stylesheet (``site.css``, "photos") at each breakpoint: its ``sizes``, so that the browser
fetches the variant that fills it and no bigger. The numbers follow the stylesheet's
layout: the container is ``min(100% - 2.5rem, 72rem)``, ``.split`` has the columns
``1.1fr 0.9fr`` with a gap of ``clamp(2rem, 1rem + 4vw, 4.5rem)`` from 56rem, a photo in
a split is at most 30rem wide, ``.contact-grid`` has ``1.25fr 0.75fr`` with a gap of
``clamp(2rem, 1rem + 3vw, 4rem)``, and a photo grid (``.photo-grid``) has 1, 2 or 3
columns 1.25rem apart (2 from 36rem, 3 from 56rem; a gallery has 2 on a phone too; one of 1
or 2 columns is at most 34rem or 54rem wide). A change there is a change here.

The files themselves are not the generator's: the develop step adds every variant of the
spec's photos to the version's files under its path; the pages only name them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

from code24.ai.schemas import Photo, PhotoVariant

FULL = "calc(100vw - 2.5rem)"
SLOTS: dict[str, str] = {
    # the photo column of a split (hero, about, a section's head, a call to action)
    "split": f"(min-width: 73rem) 480px, (min-width: 56rem) calc(43.2vw - 25px), "
    f"(min-width: 32.5rem) 480px, {FULL}",
    # the wider column of a split (a story, an about section with its photo first)
    "split-wide": f"(min-width: 60.5rem) 480px, (min-width: 56rem) calc(52.8vw - 31px), "
    f"(min-width: 32.5rem) 480px, {FULL}",
    # a centred hero: the photo under the text, at most 56rem wide
    "banner": f"(min-width: 58.5rem) 896px, {FULL}",
    # the side column of the contact section
    "contact": f"(min-width: 74.5rem) 412px, (min-width: 56rem) calc(36.4vw - 21px), "
    f"(min-width: 32.5rem) 480px, {FULL}",
    # photo grids (gallery, products, team, cards), by their number of columns
    "grid-3": f"(min-width: 74.5rem) 371px, (min-width: 56rem) calc(33.33vw - 27px), "
    f"(min-width: 36rem) calc(50vw - 30px), {FULL}",
    "grid-2": f"(min-width: 56.5rem) 422px, (min-width: 36rem) calc(50vw - 30px), {FULL}",
    "grid-1": f"(min-width: 36.5rem) 544px, {FULL}",
    # a gallery: the same, but two columns on a phone too (thumbnails, not cards)
    "gallery-3": "(min-width: 74.5rem) 371px, (min-width: 56rem) calc(33.33vw - 27px), "
    "calc(50vw - 30px)",
    "gallery-2": "(min-width: 56.5rem) 422px, calc(50vw - 30px)",
}
LOGO_HEIGHT = 40  # px: 2.5rem, the logo's height in the header and the footer
LOGO_MAX_WIDTH = 192  # px: 12rem
WORDMARK_RATIO = 2.5  # a logo this much wider than tall holds the name: shown alone

# Source types in the order the browser should try them; the <img> falls back to the
# first of FALLBACK the photo has.
SOURCE_TYPES = ("image/avif", "image/webp")
FALLBACK = ("image/webp", "image/jpeg", "image/png", "image/avif")

Loading = Literal["high", "eager", "lazy"]


@dataclass(frozen=True)
class Source:
    type: str
    srcset: str


@dataclass(frozen=True)
class Picture:
    id: str
    alt: str
    src: str
    srcset: str
    sizes: str
    width: int
    height: int
    sources: tuple[Source, ...]
    loading: Loading
    css_class: str

    @property
    def eager(self) -> bool:
        return self.loading == "high"

    @property
    def lazy(self) -> bool:
        return self.loading == "lazy"


def grid_slot(count: int, *, gallery: bool = False) -> tuple[str, int]:
    """A photo grid's slot and number of columns on a wide screen for ``count`` items: one
    for one, two for two or four (a square of four), three otherwise."""
    columns = 1 if count == 1 else 2 if count in (2, 4) else 3
    return f"{'gallery' if gallery and columns > 1 else 'grid'}-{columns}", columns


def picture(
    photo: Photo, *, slot: str, loading: Loading = "lazy", css_class: str = "photo"
) -> Picture:
    """The markup data of ``photo`` shown in ``slot`` (see SLOTS)."""
    return _picture(photo, sizes=SLOTS[slot], loading=loading, css_class=css_class)


def logo_picture(photo: Photo, *, name: str, loading: Loading = "eager") -> Picture:
    """The brand's logo, LOGO_HEIGHT tall (narrower if it would be over LOGO_MAX_WIDTH).
    A wordmark stands alone and says the name (its alt text); any other logo has the name
    written beside it, so its alt text is empty (a screen reader would say it twice)."""
    width = min(LOGO_HEIGHT * photo.width / photo.height, LOGO_MAX_WIDTH)
    wordmark = is_wordmark(photo)
    return _picture(
        photo,
        sizes=f"{math.ceil(width)}px",
        loading=loading,
        css_class="logo wordmark" if wordmark else "logo",
        alt=name if wordmark else "",
    )


def is_wordmark(photo: Photo) -> bool:
    """Whether a logo is wide enough to hold the business's name (then the name is not
    written beside it, and the logo's alt text says it)."""
    return photo.width >= WORDMARK_RATIO * photo.height


def focal_css(photos: list[Photo]) -> str:
    """Each photo's focal point as a class (the sites' security policy blocks inline
    styles): ``.ph-<id>{object-position:50% 30%}``."""
    rules = []
    for photo in sorted(photos, key=lambda p: p.id):
        if not PHOTO_ID.match(photo.id):  # the schema checked it; CSS gets nothing else
            continue
        rules.append(
            f".ph-{photo.id}{{object-position:{_percent(photo.focal_x)} {_percent(photo.focal_y)}}}"
        )
    return "".join(f"{rule}\n" for rule in rules)


def largest(photo: Photo, types: tuple[str, ...] = FALLBACK) -> PhotoVariant:
    """The biggest variant of the first of ``types`` the photo has (for og:image and the
    structured data's logo)."""
    for content_type in types:
        found = [v for v in photo.variants if v.content_type == content_type]
        if found:
            return max(found, key=lambda v: v.width)
    return max(photo.variants, key=lambda v: v.width)


PHOTO_ID = re.compile(r"^[a-z0-9-]{1,60}$")


def _picture(
    photo: Photo, *, sizes: str, loading: Loading, css_class: str, alt: str | None = None
) -> Picture:
    by_type: dict[str, list[PhotoVariant]] = {}
    for variant in sorted(photo.variants, key=lambda v: v.width):
        widths = {v.width for v in by_type.get(variant.content_type, [])}
        if variant.width not in widths:
            by_type.setdefault(variant.content_type, []).append(variant)
    fallback_type = next(t for t in (*FALLBACK, *by_type) if t in by_type)
    fallback = by_type[fallback_type]
    src = fallback[len(fallback) // 2]  # a middle size for browsers that ignore srcset
    sources = tuple(
        Source(type=content_type, srcset=_srcset(by_type[content_type]))
        for content_type in SOURCE_TYPES
        if content_type in by_type
    )
    classes = css_class if alt is not None else f"{css_class} ph-{photo.id}"
    return Picture(
        id=photo.id,
        alt=photo.alt if alt is None else alt,
        src=f"/{src.path}",
        srcset=_srcset(fallback),
        sizes=sizes,
        width=src.width,
        height=src.height,
        sources=sources,
        loading=loading,
        css_class=classes,
    )


def _srcset(variants: list[PhotoVariant]) -> str:
    return ", ".join(f"/{variant.path} {variant.width}w" for variant in variants)


def _percent(value: float) -> str:
    return f"{round(min(max(value, 0.0), 1.0) * 100, 2):g}%"
