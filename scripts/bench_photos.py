#!/usr/bin/env python
"""Benchmark: a customer's 12-megapixel photo through ``sites.photos.photo_process``.

    .venv/bin/python scripts/bench_photos.py [--runs 5] [--size 4000x3000]
        [--avif-speed N] [--no-draft]

Makes a photo-like JPEG (gradients, noise at several scales, shapes with sharp edges, so
the encoders do real work; quality 90, with EXIF and GPS), then, in a fresh process (so
the peak memory is the processing's, not the making's), runs ``photo_process`` on it
``--runs`` times against a throwaway MEDIA_ROOT and prints the median and longest time,
the input's bytes, each variant's format, size and bytes, the total written, and the peak
memory (the process's peak RSS, above what it held before the first run, and Python's own
allocations by tracemalloc; Pillow's pixel buffers are outside the latter).

``--avif-speed`` and ``--no-draft`` run it as it was before tuning (AVIF speed 6, JPEGs
decoded at full size) to compare.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def photo_like(width: int, height: int, seed: int = 1) -> Any:
    from PIL import Image, ImageChops, ImageDraw, ImageFilter

    rnd = random.Random(seed)  # noqa: S311 - draws a picture, not secrets
    channels = []
    for _ in range(3):
        turn = rnd.choice((0, 90, 180, 270))
        layer = Image.linear_gradient("L").rotate(turn).resize((width, height))
        for octave, weight in ((64, 0.5), (16, 0.35), (4, 0.25), (1, 0.12)):
            noise = Image.effect_noise((max(1, width // octave), max(1, height // octave)), 60)
            layer = ImageChops.blend(
                layer, noise.resize((width, height), Image.Resampling.BICUBIC), weight
            )
        channels.append(layer)
    base = Image.merge("RGB", channels)
    shapes = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(shapes)
    for _ in range(40):
        x, y, size = (
            rnd.randrange(width),
            rnd.randrange(height),
            rnd.randrange(width // 30, width // 5),
        )
        draw.ellipse(
            (x, y, x + size, y + size * rnd.uniform(0.5, 1.5)), fill=rnd.randrange(80, 256)
        )
    for _ in range(60):
        ends = [(rnd.randrange(width), rnd.randrange(height)) for _ in range(2)]
        draw.line(ends, fill=255, width=rnd.randrange(2, 12))
    tint = Image.new("RGB", (width, height), tuple(rnd.randrange(256) for _ in range(3)))
    return Image.composite(tint, base, shapes.filter(ImageFilter.GaussianBlur(1.5)))


def make_jpeg(width: int, height: int) -> bytes:
    from PIL import Image

    exif = Image.Exif()
    exif[0x010F] = "Bench Cameras"  # Make
    exif[0x0110] = "Bench X100"  # Model
    exif[0x0132] = "2026:01:01 12:00:00"  # DateTime
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (38.0, 42.0, 25.5), 3: "W", 4: (9.0, 8.0, 22.1)})
    buffer = io.BytesIO()
    photo_like(width, height).save(buffer, "JPEG", quality=90, exif=exif.tobytes())
    return buffer.getvalue()


def peak_rss(reset: bool = False) -> int:
    """The process's peak resident memory in bytes; ``reset`` starts it again from now
    (Linux; elsewhere it is the peak since the start, which exec may carry over from
    the parent)."""
    try:
        if reset:
            Path("/proc/self/clear_refs").write_text("5")
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def measure(path: Path, runs: int, avif_speed: int | None, draft: bool) -> dict[str, Any]:
    """In this (fresh) process: set up Django on a throwaway MEDIA_ROOT, run photo_process."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="code24.settings",
        CODE24_VAR_DIR=str(path.parent),
        MEDIA_ROOT=str(path.parent / "media"),
        LOG_LEVEL="WARNING",
    )
    import django

    django.setup()
    from PIL import JpegImagePlugin

    from sites import photos

    if avif_speed is not None:
        avif = dict(photos.ENCODINGS["photo"][0][2], speed=avif_speed)
        photos.ENCODINGS["photo"] = (("avif", "AVIF", avif), photos.ENCODINGS["photo"][1])
    if not draft:
        JpegImagePlugin.JpegImageFile.draft = lambda self, mode, size: None  # type: ignore[method-assign]
    data = path.read_bytes()
    before = peak_rss(reset=True)
    tracemalloc.start()
    times = []
    for run in range(runs):
        started = time.perf_counter()
        photo = photos.photo_process(data, "IMG_2034.JPG", site_id=run + 1, context="Our bakery")
        times.append(time.perf_counter() - started)
    python_peak = tracemalloc.get_traced_memory()[1]
    peak = peak_rss()
    return {
        "times": times,
        "rss_before": before,
        "rss_peak": peak,
        "python_peak": python_peak,
        "encodings": photos.ENCODINGS,
        "photo": photo.model_dump(mode="json"),
    }


def kib(count: float) -> str:
    return f"{count / 1024:,.0f} KiB"


def mib(count: float) -> str:
    return f"{count / 1024 / 1024:,.0f} MiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", default="4000x3000")
    parser.add_argument("--avif-speed", type=int, default=None)
    parser.add_argument("--no-draft", action="store_true")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        result = measure(args.measure, args.runs, args.avif_speed, not args.no_draft)
        print(json.dumps(result))
        return

    width, height = (int(n) for n in args.size.lower().split("x"))
    with tempfile.TemporaryDirectory(prefix="code24-bench-photos-") as work:
        path = Path(work) / "IMG_2034.JPG"
        started = time.perf_counter()
        path.write_bytes(make_jpeg(width, height))
        made = time.perf_counter() - started
        command = [sys.executable, __file__, "--measure", str(path), "--runs", str(args.runs)]
        if args.avif_speed is not None:
            command += ["--avif-speed", str(args.avif_speed)]
        if args.no_draft:
            command.append("--no-draft")
        child = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
        if child.returncode:
            sys.exit(f"The measuring process failed:\n{child.stderr}")
        result = json.loads(child.stdout.strip().splitlines()[-1])
        size = path.stat().st_size

    times = result["times"]
    peak, before = result["rss_peak"], result["rss_before"]
    photo = result["photo"]
    print(
        f"input: {width}x{height} JPEG, quality 90, EXIF+GPS, {size:,} bytes ({kib(size)}), "
        f"made in {made:.1f} s"
    )
    print(
        f"encoders: {result['encodings']['photo']}"
        + ("  (JPEG decoded at full size)" if args.no_draft else "")
    )
    print(
        f"photo_process x{len(times)}: median {statistics.median(times):.2f} s, "
        f"max {max(times):.2f} s (runs: {', '.join(f'{t:.2f}' for t in times)})"
    )
    print(f"photo: id {photo['id']}, {photo['width']}x{photo['height']}, alt {photo['alt']!r}")
    total = 0
    for variant in photo["variants"]:
        total += variant["bytes"]
        print(
            f"  {variant['content_type']:<11} {variant['width']:>5}x{variant['height']:<5} "
            f"{variant['bytes']:>9,} bytes ({kib(variant['bytes'])})  {variant['path']}"
        )
    print(f"total out: {total:,} bytes ({kib(total)}), {total / size:.1%} of the input")
    print(f"load average at the end (1, 5, 15 min; {os.cpu_count()} CPUs): {os.getloadavg()}")
    print(
        f"peak memory: RSS {mib(peak)} ({mib(peak - before)} above the {mib(before)} before "
        "the first run); Python allocations "
        f"(tracemalloc) {mib(result['python_peak'])}"
    )


if __name__ == "__main__":
    main()
