"""A simulated phone photo of one printed label, and whether zxing-cpp decodes it (issue 12, item 3).

The label is rendered from its PDF at 600 dpi (the "master"), then photographed: laid on a package of some
colour, blurred as a phone's lens, demosaicing and a little defocus at close range blur it, tilted and seen in
perspective, sampled by the sensor so that the symbol (without its quiet zone, as ISO/IEC 18004 counts it) is
``symbol_px`` pixels wide, lit unevenly (the phone's own shadow at 2 cm), given sensor noise and saved as a
JPEG. Every random choice comes from a seeded :class:`random.Random`, so a run is repeatable. Pillow does it
all; no numpy.

The ranges below were set once, against the one observation the issue gives of the old labels ("stops
decoding reliably once the symbol is under about 90 pixels wide"), and then left alone while the symbols were
changed: tests/test_label_scanning.py and bench/labels.py use them as they are.
"""

from __future__ import annotations

import io
import math
import random
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageEnhance, ImageFilter
from reportlab.pdfgen.canvas import Canvas

from traceapp.labels import sheets, symbols

DPI = 600
# The photo's distortions: each photo draws every one of them uniformly from its range.
BLUR_PX = (0.55, 1.05)  # standard deviation of the optical blur, in photo pixels
ROTATION_DEG = (-12.0, 12.0)
KEYSTONE = 0.07  # each corner of the scene moves up to this share of the symbol's width: tilt and perspective
SUPERSAMPLE = 3  # sensor pixels integrate light over their area: drawn at 3x, then averaged down
CONTRAST = (0.5, 0.9)
BRIGHTNESS = (0.75, 1.1)
SHADOW = (0.6, 1.0)  # the darker edge of a linear light fall-off, as a share of the lit edge
NOISE = (3.0, 8.0)  # standard deviation of the sensor noise, in grey levels
JPEG_QUALITY = (55, 65)
BACKGROUND = (40, 200)  # grey level of the package around the label
SURROUND = 0.3  # package visible around the label, as a share of the label's height


@dataclass(frozen=True)
class Master:
    """A high-resolution picture of what is printed and where the symbol is in it (quiet zone excluded)."""

    image: Image.Image
    symbol_left: float
    symbol_top: float
    symbol_side: float


def label_pdf(label: sheets.LabelText, size_mm: float, modules: symbols.Matrix) -> bytes:
    """One label on a page of its own size, drawn by the sheets' own code, with ``modules`` as its symbol."""
    layout = sheets.Layout(size_mm=size_mm, count=1, margin_mm=0, gap_mm=0)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(layout.label_w, layout.label_h))
    sheets.draw_label(canvas, label, modules, layout, 0, 0)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def rasterise(pdf: bytes, *, dpi: int = DPI, crop_mm: tuple[float, float, float, float] | None = None) -> Image.Image:
    """The first page of ``pdf`` in grey at ``dpi`` (pdftoppm, Debian's poppler-utils), cropped to
    ``(left, top, width, height)`` in mm from the page's top-left corner when given."""
    if shutil.which("pdftoppm") is None:
        raise RuntimeError("pdftoppm is missing: install the Debian package poppler-utils")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "label.pdf"
        source.write_bytes(pdf)
        command = ["pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile", "-f", "1", "-l", "1"]
        if crop_mm is not None:
            x, y, w, h = (round(v / 25.4 * dpi) for v in crop_mm)
            command += ["-x", str(x), "-y", str(y), "-W", str(w), "-H", str(h)]
        subprocess.run([*command, str(source), str(Path(folder) / "page")], check=True)
        with Image.open(Path(folder) / "page.png") as image:
            return image.convert("L")


def label_master(image: Image.Image, size_mm: float, modules_with_quiet_zone: int, *, dpi: int = DPI) -> Master:
    """A label rendered at ``dpi``, its top-left corner at the image's: the QR square, quiet zone included, is
    ``size_mm`` high at its left."""
    unit = size_mm / 25.4 * dpi / modules_with_quiet_zone
    quiet = symbols.QUIET_ZONE * unit
    return Master(image, quiet, quiet, (modules_with_quiet_zone - 2 * symbols.QUIET_ZONE) * unit)


def symbol_master(png: bytes, modules_with_quiet_zone: int) -> Master:
    """The downloadable PNG alone (quiet zone included), as printed by someone who places it themselves."""
    with Image.open(io.BytesIO(png)) as opened:
        image = opened.convert("L")
    unit = image.width / modules_with_quiet_zone
    quiet = symbols.QUIET_ZONE * unit
    return Master(image, quiet, quiet, image.width - 2 * quiet)


def _solve(matrix: list[list[float]], values: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting, for the 8 unknowns of a perspective map."""
    size = len(values)
    rows = [[*row, value] for row, value in zip(matrix, values, strict=True)]
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(size):
            if r != col:
                factor = rows[r][col] / rows[col][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col], strict=True)]
    return [rows[i][size] / rows[i][i] for i in range(size)]


def _perspective(dst: list[tuple[float, float]], src: list[tuple[float, float]]) -> list[float]:
    """Pillow's 8 coefficients that map each photo point ``dst[i]`` back to the scene point ``src[i]``."""
    matrix: list[list[float]] = []
    values: list[float] = []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        matrix.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        values.append(u)
        matrix.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        values.append(v)
    return _solve(matrix, values)


def _noise(size: tuple[int, int], sigma: float, rng: random.Random) -> Image.Image:
    """Noise centred on 128 with standard deviation ``sigma``, from ``rng`` (Pillow's own noise cannot be
    seeded): the mean of four uniform byte images, near enough to Gaussian (standard deviation 255/√48)."""
    count = size[0] * size[1]
    a, b, c, d = (Image.frombytes("L", size, rng.randbytes(count)) for _ in range(4))
    mean = ImageChops.add(ImageChops.add(a, b, scale=2.0), ImageChops.add(c, d, scale=2.0), scale=2.0)
    spread = sigma / (255 / math.sqrt(48))
    return mean.point(lambda v: round(128 + (v - 127.5) * spread))


def photograph(master: Master, symbol_px: float, rng: random.Random) -> Image.Image:
    """One simulated phone photo in which the symbol is about ``symbol_px`` pixels wide."""
    # The scene: the label on a package.
    surround = round(SURROUND * master.image.height)
    scene = Image.new(
        "L", (master.image.width + 2 * surround, master.image.height + 2 * surround), round(rng.uniform(*BACKGROUND))
    )
    scene.paste(master.image, (surround, surround))
    scale = symbol_px / master.symbol_side
    # The lens blurs the scene; in scene pixels its width is the photo's divided by the scale.
    scene = scene.filter(ImageFilter.GaussianBlur(rng.uniform(*BLUR_PX) / scale))

    # Where the scene's corners land in the photo: scaled, turned about the symbol's centre, then each corner
    # moved a little (the phone is not held parallel to the label).
    fine = scale * SUPERSAMPLE
    centre = (
        surround + master.symbol_left + master.symbol_side / 2,
        surround + master.symbol_top + master.symbol_side / 2,
    )
    angle = math.radians(rng.uniform(*ROTATION_DEG))
    cos, sin = math.cos(angle), math.sin(angle)
    jitter = KEYSTONE * symbol_px * SUPERSAMPLE
    corners = [
        (0.0, 0.0),
        (float(scene.width), 0.0),
        (float(scene.width), float(scene.height)),
        (0.0, float(scene.height)),
    ]
    placed = []
    for x, y in corners:
        dx, dy = (x - centre[0]) * fine, (y - centre[1]) * fine
        placed.append(
            (dx * cos - dy * sin + rng.uniform(-jitter, jitter), dx * sin + dy * cos + rng.uniform(-jitter, jitter))
        )
    left = min(x for x, _ in placed)
    top = min(y for _, y in placed)
    placed = [(x - left, y - top) for x, y in placed]
    width = math.ceil(max(x for x, _ in placed) / SUPERSAMPLE) * SUPERSAMPLE
    height = math.ceil(max(y for _, y in placed) / SUPERSAMPLE) * SUPERSAMPLE
    photo = scene.transform(
        (width, height),
        Image.Transform.PERSPECTIVE,
        _perspective(placed, corners),
        Image.Resampling.BILINEAR,
        fillcolor=round(rng.uniform(*BACKGROUND)),
    ).reduce(SUPERSAMPLE)

    # Light: lower contrast and a brightness off the mark, and a linear fall-off in a random direction.
    photo = ImageEnhance.Contrast(photo).enhance(rng.uniform(*CONTRAST))
    photo = ImageEnhance.Brightness(photo).enhance(rng.uniform(*BRIGHTNESS))
    ramp = Image.linear_gradient("L").rotate(rng.uniform(0, 360), resample=Image.Resampling.BILINEAR, expand=False)
    dark = rng.uniform(*SHADOW)
    ramp = ramp.resize(photo.size).point(lambda v: round(255 * (dark + (1 - dark) * v / 255)))
    photo = ImageChops.multiply(photo, ramp)

    photo = ImageChops.add(photo, _noise(photo.size, rng.uniform(*NOISE), rng), scale=1.0, offset=-128)
    buffer = io.BytesIO()
    photo.save(buffer, format="JPEG", quality=round(rng.uniform(*JPEG_QUALITY)))
    buffer.seek(0)
    with Image.open(buffer) as jpeg:
        return jpeg.convert("L")


def decodes(photo: Image.Image, expected: str) -> bool:
    """Whether zxing-cpp finds a QR code in ``photo`` that reads exactly ``expected``."""
    import zxingcpp  # a test and benchmark tool (requirements-dev.txt), not a dependency of the app

    return any(
        result.text == expected for result in zxingcpp.read_barcodes(photo, formats=zxingcpp.BarcodeFormat.QRCodeModel2)
    )


def decode_rate(
    master: Master,
    expected: str,
    symbol_px: float,
    photos: int,
    seed: int,
    keep: Callable[[int, Image.Image], None] | None = None,
) -> float:
    """The share of ``photos`` seeded photos of ``master`` that decode to ``expected``; ``keep`` sees each one
    that does not (to save it for a look)."""
    rng = random.Random(seed)
    read = 0
    for index in range(photos):
        photo = photograph(master, symbol_px, rng)
        if decodes(photo, expected):
            read += 1
        elif keep is not None:
            keep(index, photo)
    return read / photos
