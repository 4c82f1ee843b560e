"""sites/photos.py: uploads become safe photos (formats, refusals, metadata, variants, alt)."""

from __future__ import annotations

import hashlib
import io
import random
import re
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
from PIL import (
    AvifImagePlugin,
    Image,
    ImageCms,
    ImageDraw,
    ImageFile,
    PngImagePlugin,
    WebPImagePlugin,
)

from code24.ai.schemas import Photo
from sites import photos
from sites.photos import PhotoRefused, alt_suggest, photo_crop_position, photo_process

pytestmark = pytest.mark.usefixtures("site_files")

HASHED_NAME = re.compile(r"[.-][0-9a-f]{8,}\.[a-z0-9]+$")  # site_worker.js's cacheable names
CAMERA_MODEL = "Code24TestCam X100"
GPS_DATUM = "CODE24-GPS-DATUM"
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-'
    b'rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" '
    b'dc:creator="Code24 XMP creator"/></rdf:RDF></x:xmpmeta>'
)
SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400">'
    b"<script>alert(1)</script><rect width='400' height='400'/></svg>"
)


def picture(width: int, height: int, mode: str = "RGB", seed: int = 1) -> Image.Image:
    """Photo-like enough for the encoders: a gradient, shapes with edges, noise."""
    rnd = random.Random(seed)
    image = Image.linear_gradient("L").resize((width, height)).convert(mode)
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rnd.randrange(width), rnd.randrange(height)
        size = rnd.randrange(max(2, width // 10), max(3, width // 3))
        fill = tuple(rnd.randrange(256) for _ in range(len(mode)))
        draw.ellipse((x, y, x + size, y + size), fill=fill)
    return image


def encoded(image: Image.Image, format: str, **options: Any) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format, **options)
    return buffer.getvalue()


def stored(photo: Photo) -> dict[str, bytes]:
    from django.core.files.storage import default_storage

    bodies = {}
    for variant in photo.variants:
        with default_storage.open(variant.name, "rb") as handle:
            bodies[variant.path] = handle.read()
    return bodies


def png_declaring(width: int, height: int, idat: bytes = b"") -> bytes:
    """A PNG whose header declares width x height (8-bit grey), with these pixel data."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", idat or zlib.compress(b"\x00" * (width + 1) * 4))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def no_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any decoding of pixels fails the test: the refusal must come from the header."""

    def load(self: ImageFile.ImageFile) -> None:
        raise AssertionError("the pixels were decoded")

    decoders: list[type] = [
        ImageFile.ImageFile,
        WebPImagePlugin.WebPImageFile,
        AvifImagePlugin.AvifImageFile,
    ]
    if photos.HEIF_READABLE:
        from pillow_heif.as_plugin import HeifImageFile

        decoders.append(HeifImageFile)
    for decoder in decoders:
        monkeypatch.setattr(decoder, "load", load)


def heif_bytes(image: Image.Image, **options: Any) -> bytes:
    if not photos.HEIF_READABLE:
        pytest.skip("pillow-heif does not import here, so HEIC is refused (tested below)")
    try:
        return encoded(image, "HEIF", **options)
    except (KeyError, OSError, ValueError) as error:
        pytest.skip(f"pillow-heif reads HEIC here but cannot write one to test with: {error}")


# --- Accepted formats ----------------------------------------------------------------------


@pytest.mark.parametrize("format", ["JPEG", "PNG", "WEBP", "AVIF", "HEIF"])
def test_each_accepted_format_gives_avif_and_webp_at_each_width(format: str) -> None:
    image = picture(1800, 1200)
    data = heif_bytes(image) if format == "HEIF" else encoded(image, format)

    photo = photo_process(data, "Sourdough Loaves_2.jpg", site_id=7)

    assert [(v.width, v.height, v.content_type) for v in photo.variants] == [
        (480, 320, "image/avif"),
        (480, 320, "image/webp"),
        (960, 640, "image/avif"),
        (960, 640, "image/webp"),
        (1600, 1067, "image/avif"),
        (1600, 1067, "image/webp"),
    ]
    assert (photo.width, photo.height, photo.kind) == (1600, 1067, "photo")
    bodies = stored(photo)
    for variant in photo.variants:
        body = bodies[variant.path]
        assert hashlib.sha256(body).hexdigest() == variant.sha256
        assert variant.bytes == len(body)
        assert variant.name.startswith("site-files/7/")
        extension = variant.path.rsplit(".", 1)[1]
        assert (
            variant.path
            == f"photos/sourdough-loaves-2-{variant.width}-{variant.sha256[:10]}.{extension}"
        )
        assert HASHED_NAME.search(variant.path)
        with Image.open(io.BytesIO(body)) as reopened:
            reopened.load()
            assert reopened.format == {"avif": "AVIF", "webp": "WEBP"}[extension]
            assert reopened.size == (variant.width, variant.height)
            assert reopened.mode == "RGB"


@pytest.mark.parametrize(
    ("size", "widths"),
    [
        ((300, 240), [300]),  # narrower than the smallest rung: its own width only
        ((1200, 900), [480, 960, 1200]),  # between rungs: up to its own width
        ((1000, 800), [480, 1000]),  # 960 would be hardly smaller than 1000
        ((600, 4000), [480]),  # very tall: narrow enough to stay 3,200 pixels high
    ],
)
def test_the_widths_never_exceed_the_original(size: tuple[int, int], widths: list[int]) -> None:
    photo = photo_process(encoded(picture(*size), "JPEG"), "a.jpg", site_id=1)

    assert sorted({v.width for v in photo.variants}) == widths
    assert photo.width == widths[-1]
    assert len(photo.variants) == 2 * len(widths)


def test_a_twelve_megapixel_jpeg_passes_the_default_limits() -> None:
    photo = photo_process(encoded(picture(4000, 3000), "JPEG", quality=90), "big.jpg", site_id=1)

    assert (photo.width, photo.height) == (1600, 1200)
    webp = [v for v in photo.variants if v.content_type == "image/webp"]
    assert max(v.bytes for v in webp) < 400_000


def test_a_logo_keeps_its_transparency_as_webp_and_png() -> None:
    logo = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    ImageDraw.Draw(logo).rectangle((100, 50, 500, 150), fill=(200, 30, 30, 255))

    photo = photo_process(encoded(logo, "PNG"), "padaria-logo.png", site_id=1, kind="logo")

    assert [(v.width, v.height, v.content_type) for v in photo.variants] == [
        (160, 53, "image/png"),
        (160, 53, "image/webp"),
        (320, 107, "image/png"),
        (320, 107, "image/webp"),
    ]
    for body in stored(photo).values():
        with Image.open(io.BytesIO(body)) as reopened:
            rgba = reopened.convert("RGBA")
            assert rgba.getpixel((2, 2)) == (0, 0, 0, 0)
            assert rgba.getpixel((rgba.width // 2, rgba.height // 2)) == (200, 30, 30, 255)


def test_a_small_palette_logo_becomes_rgba_at_its_own_width() -> None:
    logo = Image.new("P", (100, 40), 0)
    logo.putpalette([255, 255, 255, 10, 80, 160] + [0] * 762)
    ImageDraw.Draw(logo).rectangle((20, 10, 80, 30), fill=1)
    data = encoded(logo, "PNG", transparency=0)

    photo = photo_process(data, "logo.png", site_id=1, kind="logo")

    assert {v.width for v in photo.variants} == {100}
    for body in stored(photo).values():
        with Image.open(io.BytesIO(body)) as reopened:
            assert reopened.mode == "RGBA"
            assert reopened.getpixel((0, 0))[3] == 0  # type: ignore[index]
            assert reopened.getpixel((50, 20)) == (10, 80, 160, 255)


def test_a_photo_loses_its_transparency_on_white() -> None:
    image = Image.new("RGBA", (400, 300), (0, 0, 0, 0))
    ImageDraw.Draw(image).rectangle((100, 100, 300, 200), fill=(0, 0, 255, 255))

    photo = photo_process(encoded(image, "PNG"), "cut-out.png", site_id=1)

    for body in stored(photo).values():
        with Image.open(io.BytesIO(body)) as reopened:
            assert reopened.mode == "RGB"
            assert min(reopened.getpixel((5, 5))) > 240  # type: ignore[arg-type]


def test_a_cmyk_jpeg_comes_out_rgb() -> None:
    photo = photo_process(encoded(picture(500, 400, "CMYK"), "JPEG"), "print.jpg", site_id=1)

    for body in stored(photo).values():
        with Image.open(io.BytesIO(body)) as reopened:
            assert reopened.mode == "RGB"


def srgb_with_red_and_blue_swapped() -> bytes:
    """sRGB's profile with its red and blue primaries swapped: pixels tagged with it that
    hold (200, 30, 30) are blue."""
    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    entries = {}
    for index in range(struct.unpack(">I", profile[128:132])[0]):
        start = 132 + 12 * index
        entries[bytes(profile[start : start + 4])] = start
    red, blue = entries[b"rXYZ"], entries[b"bXYZ"]
    profile[red + 4 : red + 12], profile[blue + 4 : blue + 12] = (
        profile[blue + 4 : blue + 12],
        profile[red + 4 : red + 12],
    )
    return bytes(profile)


def test_the_colours_are_converted_to_srgb_from_the_embedded_profile() -> None:
    """An image tagged with another profile is converted to sRGB, not just untagged."""
    image = Image.new("RGB", (300, 300), (200, 30, 30))
    data = encoded(image, "PNG", icc_profile=srgb_with_red_and_blue_swapped())

    photo = photo_process(data, "tagged.png", site_id=1, kind="logo")  # PNG: lossless

    png = next(b for p, b in stored(photo).items() if p.endswith(".png"))
    with Image.open(io.BytesIO(png)) as reopened:
        assert "icc_profile" not in reopened.info
        red, green, blue = reopened.getpixel((150, 150))  # type: ignore[misc]
        assert blue > 150 and red < 80 and green < 80


# --- Metadata ------------------------------------------------------------------------------


def exif_with_gps() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Code24 Cameras"  # Make
    exif[0x0110] = CAMERA_MODEL  # Model
    exif[0x0112] = 1  # Orientation
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"  # GPSLatitudeRef
    gps[2] = (38.0, 42.0, 25.5)  # GPSLatitude
    gps[3] = "W"
    gps[4] = (9.0, 8.0, 22.1)
    gps[18] = GPS_DATUM  # GPSMapDatum
    return exif


@pytest.mark.parametrize("format", ["JPEG", "PNG", "WEBP", "HEIF"])
def test_no_metadata_survives_in_any_variant(format: str) -> None:
    image = picture(1000, 700)
    exif = exif_with_gps()
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    options: dict[str, Any] = {"exif": exif.tobytes(), "xmp": XMP, "icc_profile": srgb}
    if format == "JPEG":
        options["comment"] = "Code24 JPEG comment"
    if format == "PNG":  # Pillow writes a PNG's XMP and comments as text chunks
        options["pnginfo"] = PngImagePlugin.PngInfo()
        options["pnginfo"].add_itxt("XML:com.adobe.xmp", XMP.decode())
        options["pnginfo"].add_text("Comment", "Code24 PNG comment")
    data = heif_bytes(image, **options) if format == "HEIF" else encoded(image, format, **options)
    with Image.open(io.BytesIO(data)) as original:  # the test's upload does carry it all
        assert original.getexif()[0x0110] == CAMERA_MODEL
        assert original.getexif().get_ifd(0x8825)[18] == GPS_DATUM
        assert original.info.get("xmp") and original.info.get("icc_profile")

    kinds: tuple[photos.Kind, ...] = ("photo", "logo")
    for kind in kinds:
        photo = photo_process(data, "IMG_0001.jpg", site_id=1, kind=kind)
        for path, body in stored(photo).items():
            traces = (
                CAMERA_MODEL,
                GPS_DATUM,
                "Code24 Cameras",
                "Code24 XMP",
                "xmpmeta",
                "Code24 JPEG",
                "Code24 PNG",
            )
            for trace in traces:
                assert trace.encode() not in body, (path, trace)
            assert b"GPS" not in body and b"Exif\x00\x00" not in body, path
            with Image.open(io.BytesIO(body)) as reopened:
                assert not reopened.getexif(), path
                assert not reopened.getexif().get_ifd(0x8825), path
                for key in ("exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment"):
                    assert key not in reopened.info, (path, key)
                assert not getattr(reopened, "text", {}), path


@pytest.mark.parametrize("format", ["JPEG", "PNG", "WEBP", "AVIF", "HEIF"])
def test_the_exif_orientation_is_applied(format: str) -> None:
    """Stored landscape, left half red and right half blue, with "turn 90° clockwise":
    the photo comes out portrait, red on top."""
    image = Image.new("RGB", (600, 400), (220, 0, 0))
    ImageDraw.Draw(image).rectangle((300, 0, 600, 400), fill=(0, 0, 220))
    exif = Image.Exif()
    exif[0x0112] = 6
    options = {"exif": exif.tobytes()}
    data = heif_bytes(image, **options) if format == "HEIF" else encoded(image, format, **options)

    photo = photo_process(data, "turned.jpg", site_id=1)

    assert (photo.width, photo.height) == (400, 600)
    for body in stored(photo).values():
        with Image.open(io.BytesIO(body)) as reopened:
            rgb = reopened.convert("RGB")
            assert rgb.size == (400, 600)
            top, bottom = rgb.getpixel((200, 50)), rgb.getpixel((200, 550))
            assert top[0] > 150 > top[2] and bottom[2] > 150 > bottom[0]  # type: ignore[index]


def test_a_large_turned_jpeg_is_decoded_reduced_and_comes_out_upright() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6
    data = encoded(picture(4000, 3400), "JPEG", exif=exif.tobytes())

    photo = photo_process(data, "tall.jpg", site_id=1)

    assert (photo.width, photo.height) == (1600, 1882)  # 3400 x 4000 upright, reduced


# --- Refusals ------------------------------------------------------------------------------

ACCEPTED = "a JPEG, PNG, WebP or HEIC file"
SVG_REFUSED = "SVG is not accepted: it can carry scripts; upload a PNG or JPEG."


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.jpg", encoded(picture(300, 300), "JPEG"))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "filename", "sentence"),
    [
        (
            b"Dear Code24, here is my photo.\n",
            "photo.jpg",
            f"This file is not an image that can be read: upload {ACCEPTED}.",
        ),
        (SVG, "logo.svg", SVG_REFUSED),
        (SVG, "logo.jpg", SVG_REFUSED),
        (b"\xef\xbb\xbf  <svg xmlns='http://www.w3.org/2000/svg'/>", "x.png", SVG_REFUSED),
        (
            encoded(picture(300, 300).convert("P"), "GIF"),
            "photo.gif",
            f"GIF images are not accepted: upload {ACCEPTED} instead.",
        ),
        (
            encoded(picture(300, 300), "BMP"),
            "photo.jpg",
            f"BMP images are not accepted: upload {ACCEPTED} instead.",
        ),
        (
            encoded(picture(300, 300), "TIFF"),
            "photo.tif",
            f"TIFF (or camera RAW) images are not accepted: upload {ACCEPTED} instead.",
        ),
        (
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
            "menu.jpg",
            "This is a PDF, not an image: export the page as a PNG or JPEG and upload that.",
        ),
        (
            zip_bytes(),
            "photos.zip",
            "This is a compressed archive (or an Office document), not an image: upload the "
            f"image itself, {ACCEPTED}.",
        ),
        (
            b"<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>",
            "photo.png",
            f"This is a web page, not an image: save the image itself and upload {ACCEPTED}.",
        ),
        (b"", "photo.jpg", f"The file is empty: upload {ACCEPTED}."),
    ],
)
def test_what_is_not_an_accepted_image_is_refused(
    data: bytes, filename: str, sentence: str
) -> None:
    with pytest.raises(PhotoRefused) as refused:
        photo_process(data, filename, site_id=1)
    assert refused.value.message == sentence == str(refused.value)


def test_an_upload_over_the_byte_limit_is_refused_before_it_is_read(
    settings: Any, no_decoding: None
) -> None:
    settings.PHOTO_MAX_BYTES = 50_000
    data = encoded(picture(1200, 900), "JPEG", quality=95)
    assert len(data) > 50_000

    with pytest.raises(
        PhotoRefused,
        match=r"^The file is \d+ KB; the largest accepted is 50 KB: export a smaller copy",
    ):
        photo_process(data, "big.jpg", site_id=1)
    with pytest.raises(PhotoRefused, match="the largest accepted is 50 KB"):  # not even opened
        photo_process(b"\xff\xd8\xff" + b"\x00" * 60_000, "big.jpg", site_id=1)


def test_a_decompression_bomb_is_refused_before_its_pixels_are_decoded(no_decoding: None) -> None:
    """A PNG declaring 30000 x 30000 (900 megapixels) in a few bytes: Pillow's own bomb
    error, turned into a refusal."""
    data = png_declaring(30000, 30000)
    assert len(data) < 200

    with pytest.raises(
        PhotoRefused,
        match=r"^The image declares far more pixels than accepted: the most accepted is 50 ",
    ):
        photo_process(data, "bomb.png", site_id=1)


def test_a_compressed_bomb_is_refused_before_decoding(no_decoding: None) -> None:
    """12000 x 12000 black pixels, 144 MB once decoded, 140 KB on disk."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * 12001
    idat = b"".join(compressor.compress(row) for _ in range(12000)) + compressor.flush()
    data = png_declaring(12000, 12000, idat)
    assert len(data) < 300_000

    with (
        pytest.warns(Image.DecompressionBombWarning),
        pytest.raises(
            PhotoRefused,
            match=r"^The image is 12000 x 12000 pixels \(144.0 megapixels\); the most accepted is",
        ),
    ):
        photo_process(data, "black.png", site_id=1)


def test_more_than_50_megapixels_are_refused_before_decoding(no_decoding: None) -> None:
    with pytest.raises(
        PhotoRefused, match=r"^The image is 8000 x 7000 pixels \(56.0 megapixels\); the most"
    ):
        photo_process(png_declaring(8000, 7000), "huge.png", site_id=1)


@pytest.mark.parametrize("format", ["JPEG", "PNG", "WEBP", "AVIF", "HEIF"])
def test_too_many_pixels_are_refused_before_decoding(
    format: str, settings: Any, no_decoding: None
) -> None:
    image = picture(1200, 1000)
    data = heif_bytes(image) if format == "HEIF" else encoded(image, format)
    settings.PHOTO_MAX_PIXELS = 1_000_000

    with pytest.raises(
        PhotoRefused,
        match=r"^The image is 1200 x 1000 pixels \(1.2 megapixels\); the most accepted is 1 mega",
    ):
        photo_process(data, "big.jpg", site_id=1)


@pytest.mark.parametrize("format", ["JPEG", "PNG", "WEBP"])
@pytest.mark.parametrize("kept", [0.5, 0.02])
def test_a_truncated_file_is_refused(format: str, kept: float) -> None:
    data = encoded(picture(800, 600), format)

    with pytest.raises(PhotoRefused) as refused:
        photo_process(data[: int(len(data) * kept)], "cut.jpg", site_id=1)
    assert refused.value.message == photos.DAMAGED


@pytest.mark.parametrize(
    ("size", "kind", "sentence"),
    [
        (
            (150, 300),
            "photo",
            "The image is 150 x 300 pixels; a photo needs at least 200 pixels on its shorter "
            "side to look sharp: upload a larger copy.",
        ),
        (
            (120, 20),
            "logo",
            "The image is 120 x 20 pixels; a logo needs at least 32 pixels on its shorter side "
            "to look sharp: upload a larger copy.",
        ),
        (
            (3000, 250),
            "photo",
            "The image is 3000 x 250 pixels, more than 10 times as long as it is wide: crop it "
            "to a usual shape and upload that.",
        ),
    ],
)
def test_a_too_small_or_too_thin_image_is_refused(
    size: tuple[int, int], kind: photos.Kind, sentence: str
) -> None:
    with pytest.raises(PhotoRefused) as refused:
        photo_process(encoded(picture(*size), "PNG"), "small.png", site_id=1, kind=kind)
    assert refused.value.message == sentence


def test_a_small_logo_is_accepted() -> None:
    photo = photo_process(encoded(picture(64, 40), "PNG"), "mark.png", site_id=1, kind="logo")

    assert {(v.width, v.height) for v in photo.variants} == {(64, 40)}


def test_an_animation_is_refused() -> None:
    frames = [picture(300, 300, seed=seed) for seed in (1, 2)]
    data = encoded(frames[0], "WEBP", save_all=True, append_images=frames[1:])

    with pytest.raises(PhotoRefused, match=r"^Animated images are not accepted"):
        photo_process(data, "moving.webp", site_id=1)


def test_heic_is_refused_with_a_sentence_when_pillow_heif_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200
    monkeypatch.setattr(photos, "HEIF_READABLE", False)
    monkeypatch.setattr(photos, "READABLE", ("JPEG", "PNG", "WEBP", "AVIF"))

    with pytest.raises(
        PhotoRefused,
        match=r"^HEIC photos cannot be read here at the moment: export the photo as JPEG",
    ):
        photo_process(data, "IMG_0001.HEIC", site_id=1)


# --- Ids, names, storage -------------------------------------------------------------------


def test_the_same_upload_twice_is_the_same_photo_and_stores_nothing_new(site_files: Path) -> None:
    data = encoded(picture(1000, 800), "JPEG")

    first = photo_process(data, "Pão de Queijo (1).jpg", site_id=3)
    files = sorted(site_files.rglob("*"))
    second = photo_process(data, "Pão de Queijo (1).jpg", site_id=3)

    assert first.id == second.id == f"pao-de-queijo-1-{hashlib.sha256(data).hexdigest()[:8]}"
    assert first == second
    assert sorted(site_files.rglob("*")) == files
    assert len([f for f in files if f.is_file()]) == len(first.variants)


@pytest.mark.parametrize(
    ("filename", "slug", "name"),
    [
        ("../../etc/Sourdough Loaves_2.JPG", "sourdough-loaves-2", "Sourdough Loaves_2.JPG"),
        ("C:\\Users\\ana\\Pão.jpeg", "pao", "Pão.jpeg"),
        ("....jpg", "photo", "....jpg"),
        ("", "photo", "photo"),
        ("a" * 80 + "-b.png", "a" * 40, "a" * 80 + "-b.png"),
        ("bolo\x00\x1b[31m.webp", "bolo-31m", "bolo[31m.webp"),
    ],
)
def test_the_file_name_gives_the_id_and_paths(filename: str, slug: str, name: str) -> None:
    data = encoded(picture(300, 300), "PNG")

    photo = photo_process(data, filename, site_id=1)

    assert photo.id == f"{slug}-{hashlib.sha256(data).hexdigest()[:8]}"
    assert photo.name == name
    assert all(v.path.startswith(f"photos/{slug}-300-") for v in photo.variants)


# --- Alt text and focal point --------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "business", "context", "alt"),
    [
        ("sourdough-loaves_2.jpg", "Padaria Lisboa", "", "Sourdough loaves at Padaria Lisboa"),
        (
            "SOURDOUGH_LOAVES.JPG",
            "Padaria Lisboa",
            "Our bakery",
            "Sourdough loaves at Padaria Lisboa",
        ),
        ("pão_de_queijo.webp", "Padaria Lisboa", "", "Pão de queijo at Padaria Lisboa"),
        ("padaria-lisboa-storefront.jpg", "Padaria Lisboa", "", "Padaria lisboa storefront"),
        ("IMG_2034.JPG", "Padaria Lisboa", "Our bakery", "Our bakery, Padaria Lisboa"),
        ("DSC0001.jpg", "Padaria Lisboa", "Our bakery", "Our bakery, Padaria Lisboa"),
        ("DSCN_0042.JPG", "Padaria Lisboa", "Our bakery", "Our bakery, Padaria Lisboa"),
        ("PXL_20240101_123456.jpg", "Padaria Lisboa", "Our bakery", "Our bakery, Padaria Lisboa"),
        ("photo.png", "Padaria Lisboa", "Our bakery", "Our bakery, Padaria Lisboa"),
        (
            "3f2a9c1e-aabb-4ccd-8eef-0123456789ab.jpeg",
            "Padaria Lisboa",
            "Our bakery",
            "Our bakery, Padaria Lisboa",
        ),
        (
            "WhatsApp Image 2024-01-01 at 10.22.33.jpeg",
            "Padaria Lisboa",
            "Our bakery",
            "Our bakery, Padaria Lisboa",
        ),
        (
            "Screenshot 2024-01-01 at 10.22.33.png",
            "Padaria Lisboa",
            "Our bakery",
            "Our bakery, Padaria Lisboa",
        ),
        ("IMG_2034 copy.JPG", "Padaria Lisboa", "  Our   bakery ", "Our bakery, Padaria Lisboa"),
        ("IMG_1.jpg", "Padaria Lisboa", "Welcome to Padaria Lisboa", "Welcome to Padaria Lisboa"),
        ("IMG_1.jpg", "Padaria Lisboa", "", "Padaria Lisboa"),
        ("IMG_1.jpg", "", "", "Photo"),
        ("croissants.jpg", "", "", "Croissants"),
    ],
)
def test_alt_suggestions(filename: str, business: str, context: str, alt: str) -> None:
    assert alt_suggest(filename, business_name=business, context=context) == alt


def test_a_logos_alt_is_the_business_name() -> None:
    assert (
        alt_suggest("logo-final.png", business_name="Padaria Lisboa", kind="logo")
        == "Padaria Lisboa logo"
    )
    assert alt_suggest("logo.png", business_name="", kind="logo") == "Logo"


def test_a_long_alt_suggestion_is_cut_at_a_word() -> None:
    context = " ".join(f"word{n}" for n in range(60))

    alt = alt_suggest("IMG_1.jpg", business_name="Padaria Lisboa", context=context)

    assert 150 < len(alt) <= 160
    assert context.startswith(alt) and context[len(alt)] == " "


def test_photo_process_uses_the_given_alt_or_the_suggestion() -> None:
    data = encoded(picture(300, 300), "JPEG")

    given = photo_process(data, "IMG_1.jpg", site_id=1, alt="  Fresh   loaves on the counter ")
    suggested = photo_process(
        data, "IMG_1.jpg", site_id=1, business_name="Padaria Lisboa", context="Our bakery"
    )

    assert given.alt == "Fresh loaves on the counter"
    assert suggested.alt == "Our bakery, Padaria Lisboa"


@pytest.mark.parametrize(
    ("alt", "sentence"),
    [
        ("1234 !!", "needs words"),
        ("a" * 161, "to 160 characters; it has 161"),
    ],
)
def test_a_given_alt_without_words_or_too_long_is_refused(alt: str, sentence: str) -> None:
    with pytest.raises(PhotoRefused, match=sentence):
        photo_process(encoded(picture(300, 300), "JPEG"), "a.jpg", site_id=1, alt=alt)


def test_the_crop_position_follows_the_focal_point() -> None:
    photo = photo_process(encoded(picture(300, 300), "JPEG"), "a.jpg", site_id=1)

    assert (photo.focal_x, photo.focal_y) == (0.5, 0.5)
    assert photo_crop_position(photo) == "50% 50%"
    assert (
        photo_crop_position(photo.model_copy(update={"focal_x": 0.25, "focal_y": 0.3})) == "25% 30%"
    )
    assert (
        photo_crop_position(photo.model_copy(update={"focal_x": 1 / 3, "focal_y": 1.0}))
        == "33.3% 100%"
    )
