"""Benchmark of one inspection item's photos (issue 10, item 7): how long saving the most photos an item keeps
takes, with JPEGs decoded at the reduced scale (traceapp/uploads.py) against a full decode (the reference, as
photos were read before), both in this run.

The photos are camera-sized JPEGs (4000 x 3000 and 6000 x 4000, quality 88, with some noise so they compress like
photos), MAX_PHOTOS_PER_ITEM of them, each saved through ``uploads.save_image`` as the item form does. Target:
the whole item well inside gunicorn's 30-second timeout, here under a third of it on this machine.

    python -m bench.photos [--runs 3]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from bench.sections import markers, write_section
from traceapp import create_app, uploads
from traceapp.clock import utcnow

START, END = markers("photos-bench", "bench/photos.py")
TIMEOUT_S = 30.0


def _camera_jpeg(size: tuple[int, int], seed: int) -> bytes:
    noise = Image.effect_noise(size, 40).convert("RGB")
    tint = Image.new("RGB", size, (120 + seed * 10, 140, 90))
    buffer = io.BytesIO()
    Image.blend(noise, tint, 0.8).save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def _full_decode_save(data: bytes, folder: str) -> None:
    """The reference: decoded at full size, then shrunk (what save_image did before)."""
    image = uploads.normalise(uploads.read_image(io.BytesIO(data)), 1600)
    image.save(os.path.join(folder, "reference.jpg"), "JPEG", quality=85, optimize=True, progressive=True)


def _median_seconds(run: Callable[[], None], runs: int) -> float:
    run()  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", 3)))
    parser.add_argument("--out", default=os.environ.get("BENCH_OUT", "docs/benchmarks.md"))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/b.sqlite", "UPLOAD_FOLDER": tmp}
        )
        count = app.config["MAX_PHOTOS_PER_ITEM"]
        rows = []
        for size in ((4000, 3000), (6000, 4000)):
            photos = [_camera_jpeg(size, n) for n in range(count)]
            with app.test_request_context():
                now = _median_seconds(
                    lambda photos=photos: [uploads.save_image(io.BytesIO(p), "bench") for p in photos], args.runs
                )
                before = _median_seconds(lambda photos=photos: [_full_decode_save(p, tmp) for p in photos], args.runs)
            rows.append((size, before, now))
            print(f"bench.photos: {size}: full decode {before:.2f} s, reduced {now:.2f} s", file=sys.stderr)
    worst = max(now for _, _, now in rows)
    verdict = "PASS" if worst < TIMEOUT_S / 3 else "FAIL"
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "unknown"
    lines = [
        START,
        "## Inspection item photos: the most an item keeps, saved in one request",
        "",
        f"Measured {utcnow():%Y-%m-%d %H:%M} UTC, load average {load}, median of {args.runs} runs after a warm-up.",
        f"{count} camera JPEGs per item (MAX_PHOTOS_PER_ITEM), each checked, decoded, turned upright, shrunk to "
        "1,600 px and re-encoded by `uploads.save_image`; the reference decodes each at full size first.",
        "",
        "| photo size | full decode (reference) | reduced-scale decode (now) | now ÷ reference |",
        "|---|---|---|---|",
        *(f"| {w} × {h} | {before:.2f} s | {now:.2f} s | {now / before:.2f} |" for (w, h), before, now in rows),
        "",
        f"Target: the whole item under a third of gunicorn's {TIMEOUT_S:.0f}-second timeout — **{verdict}** "
        f"(slowest {worst:.2f} s).",
        END,
    ]
    write_section(Path(args.out), "\n".join(lines), START, END)
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
