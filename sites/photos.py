"""A customer's uploaded image becomes a safe ``Photo`` of a site: checked, cleaned, re-encoded.

Accepted: JPEG, PNG, WebP, AVIF, and HEIC/HEIF when pillow-heif imports. The format is told
from the bytes: only those formats' decoders ever read an upload, never because of its
name or its content type.

Refused, each with a sentence that says what to do instead (``PhotoRefused``):
- anything over ``PHOTO_MAX_BYTES`` (looked at before anything else);
- what is not one of those formats: SVG by name (it can carry scripts), other image formats
  (GIF, BMP, TIFF, ...), PDFs, archives, web pages, text;
- images whose header declares more than ``PHOTO_MAX_PIXELS`` pixels (or than Pillow's
  decompression-bomb limit, whichever is lower), before their pixels are decoded: a small
  file can declare a huge image, and decoding it would take the worker's memory;
- damaged or cut-off files, animations, images too small to look sharp (a photo under 200
  pixels on its short side, a logo under 32) and strips longer than 10 times their width.

What is kept is the picture only: turned upright by its EXIF orientation, converted to sRGB
from its ICC profile, then every piece of metadata (EXIF with GPS, XMP, IPTC, ICC profile,
comments) is dropped before the re-encoding, so none reaches the site. A photo comes out in
RGB (transparency flattened on white) as AVIF and WebP at the widths of ``PHOTO_WIDTHS``; a
logo keeps its transparency, as WebP and PNG at ``LOGO_WIDTHS``. Each variant is stored as a
site file (``files_save``) at ``photos/<name>-<width>-<hash>.<ext>``: the content hash last,
so the site Worker lets browsers cache it for a year.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import math
import re
import struct
from typing import Literal

from anyascii import anyascii
from django.conf import settings
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from code24.ai.schemas import Photo, PhotoVariant
from sites.pipeline.files import files_save

try:
    import pillow_heif
except ImportError:  # HEIC is then refused with a sentence saying so
    HEIF_READABLE = False
else:
    pillow_heif.register_heif_opener()
    HEIF_READABLE = True

Kind = Literal["photo", "logo"]

PHOTO_WIDTHS = (480, 960, 1600)
LOGO_WIDTHS = (160, 320)
MIN_SHORT_SIDE = {"photo": 200, "logo": 32}
MAX_RATIO = 10  # longest side / shortest side
MAX_VARIANT_HEIGHT = 3200  # a very tall image gets narrower variants
ALT_MAX = 160
# The encoders' settings. A 12-megapixel photo's largest WebP is about 240 KB and its AVIF
# about 200 KB; the whole photo takes about 1.3 s on two busy cores (scripts/bench_photos.py).
# AVIF speed 8 rather than libavif's 6: 5% more bytes, 2.5 times faster.
ENCODINGS: dict[Kind, tuple[tuple[str, str, dict[str, object]], ...]] = {
    "photo": (
        ("avif", "AVIF", {"quality": 55, "speed": 8}),
        ("webp", "WEBP", {"quality": 80, "method": 4}),
    ),
    "logo": (
        ("webp", "WEBP", {"lossless": True, "quality": 100, "method": 6}),
        ("png", "PNG", {"optimize": True}),
    ),
}
READABLE = ("JPEG", "PNG", "WEBP", "AVIF") + (("HEIF",) if HEIF_READABLE else ())
ACCEPTED = "a JPEG, PNG, WebP or HEIC file"

EXIF_ERRORS = (OSError, SyntaxError, ValueError, struct.error, KeyError, TypeError, IndexError)
DAMAGED = (
    "The image is damaged or incomplete (the upload may have been cut off): upload the "
    "file again, or export it again from your photo app."
)
# What an unreadable upload is, from its first bytes, to say so.
HEIF_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1")
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF (or camera RAW)"),
    (b"MM\x00*", "TIFF (or camera RAW)"),
    (b"\x00\x00\x01\x00", "ICO"),
    (b"8BPS", "Photoshop (PSD)"),
    (b"\x00\x00\x00\x0cjP  ", "JPEG 2000"),
    (b"\xff\x4f\xff\x51", "JPEG 2000"),
    (b"%PDF", "pdf"),
    (b"%!PS", "PostScript (EPS)"),
    (b"PK\x03\x04", "zip"),
    (b"\x1f\x8b", "zip"),
)


class PhotoRefused(Exception):
    """An upload that is not taken; the message is a sentence for the customer."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def photo_process(
    data: bytes,
    filename: str,
    *,
    site_id: int,
    kind: Kind = "photo",
    alt: str = "",
    business_name: str = "",
    context: str = "",
) -> Photo:
    """The upload, checked and re-encoded, its variants stored as the site's files."""
    alt = _alt_checked(alt) or alt_suggest(
        filename, business_name=business_name, context=context, kind=kind
    )
    picture = _picture(_opened(data, kind), kind)
    slug = _slug(filename)
    width, height = picture.size
    files: dict[str, bytes] = {}
    sizes: dict[str, tuple[int, int]] = {}
    for variant_width in sorted(_widths(width, height, kind), reverse=True):
        size = (variant_width, max(1, round(height * variant_width / width)))
        if picture.size != size:  # each from the previous, larger one: faster, as sharp
            picture = picture.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        for extension, encoder, options in ENCODINGS[kind]:
            buffer = io.BytesIO()
            picture.save(buffer, encoder, **options)
            body = buffer.getvalue()
            digest = hashlib.sha256(body).hexdigest()
            path = f"photos/{slug}-{variant_width}-{digest[:10]}.{extension}"
            files[path] = body
            sizes[path] = size
    manifest = files_save(site_id, files)
    variants = sorted(
        (
            PhotoVariant(path=path, width=w, height=h, **manifest[path])
            for path, (w, h) in sizes.items()
        ),
        key=lambda variant: (variant.width, variant.path.rsplit(".", 1)[1]),
    )
    return Photo(
        id=f"{slug}-{hashlib.sha256(data).hexdigest()[:8]}",
        name=_name(filename),
        alt=alt,
        width=variants[-1].width,
        height=variants[-1].height,
        kind=kind,
        variants=variants,
    )


def photo_crop_position(photo: Photo) -> str:
    """The CSS ``object-position`` that keeps the photo's focal point when it is cropped."""
    return f"{round(photo.focal_x * 100, 1):g}% {round(photo.focal_y * 100, 1):g}%"


# --- Alt text ------------------------------------------------------------------------------

# Words of file names that cameras, phones and apps make up, which say nothing of the photo.
# fmt: off
CAMERA_WORDS = frozenset({
    "img", "image", "images", "imag", "dsc", "dscn", "dscf", "dcim", "pxl", "mvimg", "gopr",
    "dji", "sam", "sdc", "photo", "photos", "pic", "pict", "picture", "pictures", "screenshot",
    "screen", "shot", "scan", "scanned", "whatsapp", "wa", "signal", "telegram", "copy",
    "final", "edit", "edited", "export", "exported", "resized", "scaled", "small", "large",
    "untitled", "unnamed", "download", "downloaded", "file", "new", "hdr", "burst", "pano",
    "jpg", "jpeg", "png", "webp", "heic", "heif"
})
STOP_WORDS = frozenset({
    "at", "of", "the", "and", "on", "in", "with", "from", "to", "by", "for", "a", "an", "de",
    "da", "do", "das", "dos", "e"
})
# fmt: on
UUID = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.I)


def alt_suggest(
    filename: str, *, business_name: str, context: str = "", kind: Kind = "photo"
) -> str:
    """The alt text to suggest from the file's name and where the photo goes, inventing
    nothing about what it shows: "sourdough-loaves_2.jpg" at Padaria Lisboa gives
    "Sourdough loaves at Padaria Lisboa"; "IMG_2034.JPG" in "Our bakery" gives
    "Our bakery, Padaria Lisboa"."""
    business_name, context = _words(business_name), _words(context)
    stem = _stem(_name(filename))
    if stem.isupper():
        stem = stem.lower()
    words = [
        word
        for word in re.split(r"[\W_]+", UUID.sub(" ", stem))
        if word.isalpha() and len(word) > 1 and word.lower() not in CAMERA_WORDS
    ]
    if all(word.lower() in STOP_WORDS for word in words):
        words = []
    said = " ".join(words)
    said = said[:1].upper() + said[1:]
    if kind == "logo":
        alt = f"{business_name} logo" if business_name else (said or "Logo")
    elif said:
        named = business_name and business_name.lower() not in said.lower()
        alt = f"{said} at {business_name}" if named else said
    elif context:
        named = business_name and business_name.lower() not in context.lower()
        alt = f"{context}, {business_name}" if named else context
    else:
        alt = business_name or "Photo"
    if len(alt) > ALT_MAX:
        alt = alt[: alt.rfind(" ", 0, ALT_MAX + 1)].rstrip(" ,;:-") or alt[:ALT_MAX]
    return alt


def _alt_checked(alt: str) -> str:
    alt = _words(alt)
    if alt and not any(character.isalpha() for character in alt):
        raise PhotoRefused(
            "The photo's description (its alt text) needs words: say in a few words what "
            "the photo shows."
        )
    if len(alt) > ALT_MAX:
        raise PhotoRefused(
            f"Keep the photo's description (its alt text) to {ALT_MAX} characters; it has "
            f"{len(alt)}."
        )
    return alt


# --- Reading the upload --------------------------------------------------------------------


def _opened(data: bytes, kind: Kind) -> Image.Image:
    """The image, its header read and checked, its pixels not yet decoded."""
    if len(data) > settings.PHOTO_MAX_BYTES:
        raise PhotoRefused(
            f"The file is {_megabytes(len(data))}; the largest accepted is "
            f"{_megabytes(settings.PHOTO_MAX_BYTES)}: export a smaller copy (about 3,000 "
            "pixels across is plenty for a website) and upload that."
        )
    if not data:
        raise PhotoRefused(f"The file is empty: upload {ACCEPTED}.")
    most = min(settings.PHOTO_MAX_PIXELS, Image.MAX_IMAGE_PIXELS or math.inf)
    too_many = (
        f"the most accepted is {most / 1e6:.3g} megapixels: export a smaller copy (about 3,000 "
        "pixels across is plenty for a website) and upload that."
    )
    try:
        image = Image.open(io.BytesIO(data), formats=READABLE)
    except Image.DecompressionBombError:
        raise PhotoRefused(
            f"The image declares far more pixels than accepted: {too_many}"
        ) from None
    except UnidentifiedImageError:
        raise PhotoRefused(_unreadable(data)) from None
    except (OSError, SyntaxError, ValueError, EOFError, struct.error):
        raise PhotoRefused(DAMAGED) from None
    width, height = image.size
    if width * height > most:
        raise PhotoRefused(
            f"The image is {width} x {height} pixels ({width * height / 1e6:.1f} megapixels); "
            + too_many
        )
    if getattr(image, "is_animated", False) and image.format != "HEIF":
        raise PhotoRefused(f"Animated images are not accepted: upload a still image, {ACCEPTED}.")
    least = MIN_SHORT_SIDE[kind]
    if min(width, height) < least:
        raise PhotoRefused(
            f"The image is {width} x {height} pixels; a {kind} needs at least {least} pixels "
            "on its shorter side to look sharp: upload a larger copy."
        )
    if max(width, height) > MAX_RATIO * min(width, height):
        raise PhotoRefused(
            f"The image is {width} x {height} pixels, more than {MAX_RATIO} times as long as "
            "it is wide: crop it to a usual shape and upload that."
        )
    return image


def _unreadable(data: bytes) -> str:
    """Why an upload no accepted decoder could read is refused, from its first bytes."""
    head = data[:1024]
    text = head.decode("latin-1").lstrip("\xef\xbb\xbf \t\r\n").lower()  # BOM, spaces
    if "<svg" in text or (text.startswith("<?xml") and "svg" in text):
        return "SVG is not accepted: it can carry scripts; upload a PNG or JPEG."
    if text.startswith(("<!doctype html", "<html", "<head", "<body")):
        return f"This is a web page, not an image: save the image itself and upload {ACCEPTED}."
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS and not HEIF_READABLE:
        return (
            "HEIC photos cannot be read here at the moment: export the photo as JPEG (on an "
            "iPhone: Settings > Camera > Formats > Most Compatible) and upload that."
        )
    if head[4:8] == b"ftyp" and head[8:12] in (*HEIF_BRANDS, b"avif", b"avis"):
        return DAMAGED
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return DAMAGED
    for magic, name in MAGIC:
        if head.startswith(magic):
            if name in READABLE:
                return DAMAGED
            if name == "pdf":
                return (
                    "This is a PDF, not an image: export the page as a PNG or JPEG and upload that."
                )
            if name == "zip":
                return (
                    "This is a compressed archive (or an Office document), not an image: "
                    f"upload the image itself, {ACCEPTED}."
                )
            return f"{name} images are not accepted: upload {ACCEPTED} instead."
    return f"This file is not an image that can be read: upload {ACCEPTED}."


def _picture(image: Image.Image, kind: Kind) -> Image.Image:
    """The decoded pixels, upright, in sRGB, RGB (or RGBA for a logo), without metadata."""
    top = max(_widths(*_upright_size(image), kind))
    if image.format == "JPEG":  # decode at 1/2, 1/4 or 1/8 when the variants are that small
        scale = top / _upright_size(image)[0]
        image.draft("RGB", (math.ceil(image.width * scale), math.ceil(image.height * scale)))
    try:
        image.load()
    except (OSError, SyntaxError, ValueError, EOFError, struct.error):
        raise PhotoRefused(DAMAGED) from None
    # An unreadable EXIF block: the picture as it is stored.
    with contextlib.suppress(*EXIF_ERRORS):
        ImageOps.exif_transpose(image, in_place=True)
    icc = image.info.get("icc_profile")
    if image.mode in ("I", "I;16", "I;16L", "I;16B", "I;16N"):  # 16-bit grey
        image = image.point(lambda value: value / 256).convert("L")
    elif image.mode not in ("L", "RGB", "RGBA", "CMYK"):
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    if icc:
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            output = "RGBA" if image.mode == "RGBA" else "RGB"
            converted = ImageCms.profileToProfile(
                image, profile, ImageCms.createProfile("sRGB"), outputMode=output
            )
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            converted = None  # a broken profile: the colours as they are
        image = converted or image
    if image.mode == "RGBA" and kind == "photo":
        flat = Image.new("RGB", image.size, (255, 255, 255))
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    elif image.mode == "RGBA" and image.getchannel("A").getextrema() == (255, 255):
        image = image.convert("RGB")  # a logo without transparency
    elif image.mode != "RGBA":
        image = image.convert("RGB")
    image.info = {}  # EXIF, XMP, IPTC, ICC profile, comments: none goes further
    return image


def _upright_size(image: Image.Image) -> tuple[int, int]:
    try:
        turned = image.getexif().get(0x0112) in (5, 6, 7, 8)
    except EXIF_ERRORS:
        turned = False
    return (image.height, image.width) if turned else image.size


def _widths(width: int, height: int, kind: Kind) -> list[int]:
    """The variants' widths: the ladder's rungs up to the image's own width (rungs within
    15% of the top are left out), the top capped so that the height stays reasonable."""
    ladder = PHOTO_WIDTHS if kind == "photo" else LOGO_WIDTHS
    top = max(1, min(width, ladder[-1], width * MAX_VARIANT_HEIGHT // height))
    return [rung for rung in ladder if rung <= top * 0.85] + [top]


# --- Names ---------------------------------------------------------------------------------


def _name(filename: str) -> str:
    """The uploaded file's name, without folders or control characters."""
    name = re.split(r"[/\\]", filename)[-1]
    return _words("".join(c for c in name if c.isprintable()))[:120].strip() or "photo"


def _stem(name: str) -> str:
    stem, dot, extension = name.rpartition(".")
    return stem if dot and stem and extension.isalnum() and len(extension) <= 5 else name


def _slug(filename: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", anyascii(_stem(_name(filename))).lower()).strip("-")
    return slug[:40].rstrip("-") or "photo"


def _words(text: str) -> str:
    return " ".join(text.split())


def _megabytes(count: int) -> str:
    if count < 100_000:
        return f"{math.ceil(count / 1000)} KB"
    return f"{count / 1e6:.1f} MB".replace(".0 MB", " MB")
