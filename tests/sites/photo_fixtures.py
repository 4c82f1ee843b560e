"""Photos for the generator's tests and the Lighthouse benchmark, made the way the contract
says (``code24.ai.schemas.Photo``): a picture encoded with Pillow into AVIF and WebP at a
few widths, each variant a site file named by its content hash, stored with
``files_save`` when asked (then the variant's ``name`` is its storage name).

``photo_like`` draws something with a photo's statistics (gradients, sharp and soft edges,
texture, grain), so encoders and byte counts behave roughly as they do on a real photo
(from 2000x1500, AVIF at quality 55: about 12 KB at 480 wide, 48 KB at 960, 110 KB at
1600).
"""

from __future__ import annotations

import hashlib
import io
import random
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFilter

from code24.ai.schemas import Photo, PhotoVariant

PHOTO_TYPES = {"avif": "image/avif", "webp": "image/webp", "png": "image/png", "jpg": "image/jpeg"}


@dataclass(frozen=True)
class MadePhoto:
    photo: Photo
    files: dict[str, bytes]  # path -> bytes: what the develop step adds to the version

    def spec(self) -> dict[str, object]:
        return self.photo.model_dump(mode="json")


def photo_like(width: int, height: int, *, seed: int = 0) -> Image.Image:
    """Loaves on a wooden table against a wall with soft lights: gradients, hard and soft
    edges, texture at two scales and grain (what gives a photo its bytes)."""
    rnd = random.Random(seed)

    def tone(base: tuple[int, int, int], spread: int = 30) -> tuple[int, int, int]:
        r, g, b = (max(0, min(255, c + rnd.randint(-spread, spread))) for c in base)
        return (r, g, b)

    horizon = int(height * rnd.uniform(0.45, 0.62))
    wall = Image.linear_gradient("L").resize((width, horizon))
    image = Image.new("RGB", (width, height))
    top, bottom = tone((120, 96, 80)), tone((236, 220, 196))
    image.paste(
        Image.composite(
            Image.new("RGB", (width, horizon), top),
            Image.new("RGB", (width, horizon), bottom),
            wall,
        ),
        (0, 0),
    )
    table = Image.new("RGB", (width, height - horizon), tone((150, 100, 60), 20))
    draw = ImageDraw.Draw(table)
    for _ in range(height // 3):  # the grain of the wood
        y = rnd.randint(0, height - horizon)
        draw.line(
            [(0, y), (width, y + rnd.randint(-20, 20))],
            fill=tone((130, 85, 50), 35),
            width=rnd.randint(1, 6),
        )
    image.paste(table.filter(ImageFilter.GaussianBlur(1.5)), (0, horizon))
    image = image.filter(ImageFilter.GaussianBlur(2))
    draw = ImageDraw.Draw(image)
    for _ in range(12):  # lights behind, out of focus
        x, y = rnd.randint(0, width), rnd.randint(0, horizon)
        r = rnd.randint(height // 40, height // 12)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tone((250, 230, 190), 10))
    image = image.filter(ImageFilter.GaussianBlur(height // 200 + 1))
    draw = ImageDraw.Draw(image)
    for _ in range(rnd.randint(5, 9)):  # the loaves, shaded, with scored crusts
        cx = rnd.randint(width // 10, width * 9 // 10)
        cy = rnd.randint(horizon, height * 9 // 10)
        rx, ry = rnd.randint(width // 16, width // 7), rnd.randint(height // 18, height // 9)
        crust = tone((176, 112, 52), 25)
        for step in range(12, 0, -1):
            k = step / 12
            shade = tuple(int(v * (0.55 + 0.45 * (1 - k)) + 60 * (1 - k)) for v in crust)
            lift = ry * (1 - k) * 0.4
            draw.ellipse(
                (cx - rx * k, cy - ry * k - lift, cx + rx * k, cy + ry * k - lift),
                fill=(shade[0], shade[1], shade[2]),
            )
        for _ in range(3):
            x0 = cx + rnd.randint(-rx // 2, rx // 3)
            draw.line(
                [(x0, cy - ry // 2), (x0 + rx // 3, cy + ry // 3)],
                fill=tone((235, 200, 140), 15),
                width=max(width // 400, 2),
            )
    image = image.filter(ImageFilter.GaussianBlur(0.8))
    for scale, amount in ((12, 0.12), (3, 0.08)):
        size = (max(width // scale, 1), max(height // scale, 1))
        noise = Image.frombytes("L", size, rnd.randbytes(size[0] * size[1]))
        texture = noise.resize((width, height), Image.Resampling.BICUBIC).convert("RGB")
        image = Image.blend(image, texture, amount)
    grain = Image.frombytes("L", (width, height), rnd.randbytes(width * height)).convert("RGB")
    return Image.blend(image, grain, 0.05)


def logo_like(width: int, height: int, *, seed: int = 0) -> Image.Image:
    """A flat two-colour logo with transparency (a mark, or a wide wordmark-like bar)."""
    rnd = random.Random(seed)
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    ink = (rnd.randint(0, 120), rnd.randint(0, 120), rnd.randint(0, 120), 255)
    side = min(width, height)
    draw.ellipse((0, 0, side - 1, side - 1), fill=ink)
    draw.ellipse((side // 4, side // 4, side * 3 // 4, side * 3 // 4), fill=(255, 255, 255, 255))
    for index in range(max((width - side) // (side // 2), 0)):
        left = side + side // 4 + index * side // 2
        draw.rectangle((left, side // 3, left + side // 3, side * 2 // 3), fill=ink)
    return image


def make_photo(
    photo_id: str,
    *,
    alt: str,
    size: tuple[int, int] = (400, 300),
    widths: tuple[int, ...] = (160, 320),
    formats: tuple[str, ...] = ("avif", "webp"),
    kind: str = "photo",
    focal: tuple[float, float] = (0.5, 0.5),
    seed: int = 0,
    site_id: int | None = None,
    avif_quality: int = 55,
    webp_quality: int = 80,
) -> MadePhoto:
    """A photo (or, with ``kind="logo"``, a logo) and its variants' files. With a
    ``site_id`` the files are stored with ``files_save`` (Django's storage must be set up)
    and each variant names its stored copy; without, the name is where it would be."""
    image = logo_like(*size, seed=seed) if kind == "logo" else photo_like(*size, seed=seed)
    files: dict[str, bytes] = {}
    variants: list[dict[str, object]] = []
    for width in widths:
        height = round(size[1] * width / size[0])
        resized = image.resize((width, height), Image.Resampling.LANCZOS)
        for extension in formats:
            data = _encode(resized, extension, avif_quality, webp_quality)
            digest = hashlib.sha256(data).hexdigest()
            path = f"photos/{photo_id}-{width}-{digest[:10]}.{extension}"
            files[path] = data
            variants.append(
                {
                    "path": path,
                    "width": width,
                    "height": height,
                    "content_type": PHOTO_TYPES[extension],
                    "name": f"site-files/0/{digest[:2]}/{digest}",
                    "sha256": digest,
                    "bytes": len(data),
                }
            )
    if site_id is not None:
        from sites.pipeline.files import files_save

        manifest = files_save(site_id, files)
        for variant in variants:
            variant["name"] = manifest[str(variant["path"])]["name"]
            assert manifest[str(variant["path"])]["content_type"] == variant["content_type"]
    photo = Photo(
        id=photo_id,
        name=f"{photo_id}.jpg",
        alt=alt,
        width=max(widths),
        height=round(size[1] * max(widths) / size[0]),
        focal_x=focal[0],
        focal_y=focal[1],
        kind=kind,  # type: ignore[arg-type]
        variants=[PhotoVariant.model_validate(variant) for variant in variants],
    )
    return MadePhoto(photo=photo, files=files)


def _encode(image: Image.Image, extension: str, avif_quality: int, webp_quality: int) -> bytes:
    """The encoders' settings of ``sites/photos.py`` (AVIF 55 and WebP 80 for photos;
    a logo's WebP lossless)."""
    buffer = io.BytesIO()
    if extension == "avif":
        image.save(buffer, "AVIF", quality=avif_quality, speed=8)
    elif extension == "webp" and image.mode == "RGBA":
        image.save(buffer, "WEBP", lossless=True, quality=100, method=6)
    elif extension == "webp":
        image.save(buffer, "WEBP", quality=webp_quality, method=4)
    elif extension == "png":
        image.save(buffer, "PNG", optimize=True)
    else:
        image.convert("RGB").save(buffer, "JPEG", quality=85, progressive=True)
    return buffer.getvalue()
