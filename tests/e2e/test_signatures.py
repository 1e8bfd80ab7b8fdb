"""Signing a record on the phone (issue 13, items 4 and 5): the inspector holds the phone out, the shop's owner signs
in the box with a finger (here: the mouse), "Ký xong" saves it, and the printed record carries the signature in the
party's block, where an unsigned record has blank space for signing on paper."""

from __future__ import annotations

import io
import subprocess

from PIL import Image
from pypdf import PdfReader

from tests import tools
from tests.e2e.conftest import PHONE_VIEWPORT
from tests.e2e.phone import assert_fits, login
from tests.factories import make_agency, make_business, make_inspection, make_item, make_user
from traceapp.inspections import services
from traceapp.models import Role

# The stroke drawn, in CSS px from the canvas's top left corner: a wide, low zigzag, about 3.4 : 1.
STROKE = [(30, 120), (70, 70), (110, 130), (150, 70), (190, 130), (230, 70), (270, 120), (300, 90)]


def _render(pdf: bytes, tmp_path, name: str) -> Image.Image:
    """The record's last page (where the signature blocks are) at 100 dpi, as pdftoppm draws it."""
    source = tmp_path / f"{name}.pdf"
    source.write_bytes(pdf)
    last = str(len(PdfReader(io.BytesIO(pdf)).pages))
    command = [
        "pdftoppm",
        "-r",
        "100",
        "-png",
        "-singlefile",
        "-f",
        last,
        "-l",
        last,
        str(source),
        str(tmp_path / name),
    ]
    subprocess.run(command, check=True, capture_output=True)
    return Image.open(tmp_path / f"{name}.png").convert("RGB")


def _blue_ink(image: Image.Image) -> tuple[int, int, int, int] | None:
    """The box around the signature's blue ink (the record's own text is black), or None."""
    pixels = image.load()
    width, height = image.size
    xs, ys = [], []
    for y in range(height):
        for x in range(width):
            red, green, blue = pixels[x, y]
            if blue > 90 and blue - red > 50 and blue - green > 30:
                xs.append(x)
                ys.append(y)
    return (min(xs), min(ys), max(xs) + 1, max(ys) + 1) if xs else None


def _darkest(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    return image.crop(box).convert("L").getextrema()[0]


def test_the_owner_signs_with_a_finger_and_the_record_prints_it_in_the_party_s_block(
    page, live_server, screenshot, tmp_path
):
    tools.require(*tools.PDFTOPPM)
    inspector = make_user(
        role=Role.INSPECTOR, name="Trần Thị Bình", agency=make_agency(name="Phòng Văn hóa – Xã hội phường Đức Phổ")
    )
    business = make_business(name="Hộ kinh doanh Nước mắm Bà Năm", owner_name="Nguyễn Thị Năm")
    inspection = make_inspection(business=business, created_by=inspector, fields=["labelling"])
    make_item(inspection=inspection, description="Nước mắm chai 500 ml")
    services.submit(inspection, inspector, "Đạt")
    pdf_url = live_server.url(f"/inspections/{inspection.id}/record.pdf")

    login(page, live_server, inspector, until="**/work")
    unsigned = page.request.get(pdf_url)
    assert unsigned.ok and unsigned.headers["content-type"] == "application/pdf"

    # From the record's page to the signing page: the party's block comes first, the owner's name typed in.
    page.goto(live_server.url(f"/inspections/{inspection.id}"))
    page.locator("#signatures a.button").click()
    page.wait_for_url("**/sign")
    assert page.locator("input[name=signer_name]").input_value() == "Nguyễn Thị Năm"
    page.fill("input[name=signer_position]", "Chủ hộ kinh doanh")
    canvas = page.locator("#sign-form canvas")
    box = canvas.bounding_box()
    assert box is not None and box["width"] >= PHONE_VIEWPORT["width"] - 60, "the box is as wide as the phone"
    assert_fits(page, PHONE_VIEWPORT["width"])

    # "Ký xong" on an empty box says so and posts nothing.
    page.locator("button.sign-done").click()
    assert page.locator("#sign-form [data-pad-message]").is_visible()

    page.mouse.move(box["x"] + STROKE[0][0], box["y"] + STROKE[0][1])
    page.mouse.down()
    for x, y in STROKE[1:]:
        page.mouse.move(box["x"] + x, box["y"] + y, steps=6)
    page.mouse.up()
    # A stray second stroke, taken back with "Hoàn tác".
    page.mouse.move(box["x"] + 330, box["y"] + 40)
    page.mouse.down()
    page.mouse.move(box["x"] + 350, box["y"] + 200, steps=4)
    page.mouse.up()
    page.locator("#sign-form [data-pad-undo]").click()
    screenshot(page, "signed")
    page.locator("button.sign-done").click()
    page.wait_for_selector(".flash-success")
    assert "Trần Thị Bình" in page.locator(".signers .is-current").inner_text(), "the leader's block is next"

    signed = page.request.get(pdf_url)
    assert signed.ok
    before = _render(unsigned.body(), tmp_path, "unsigned")
    after = _render(signed.body(), tmp_path, "signed")
    assert before.size == after.size

    ink = _blue_ink(after)
    assert ink is not None, "the signature is printed"
    left, top, right, bottom = ink
    width, height = after.size
    # In the party's block: the left half of the page, low on it, where the unsigned record is blank.
    assert right <= width / 2 and top > height / 3, ink
    assert _darkest(before, ink) > 200, "the unsigned record leaves the block blank"
    assert _darkest(after, ink) < 120, "ink where the drawing was"
    # The drawing's shape, scaled with its aspect kept: as wide against its height as the stroke drawn (the stray
    # stroke taken back would have made it much taller).
    drawn = (max(x for x, _ in STROKE) - min(x for x, _ in STROKE)) / (
        max(y for _, y in STROKE) - min(y for _, y in STROKE)
    )
    assert abs((right - left) / (bottom - top) - drawn) < drawn * 0.3
    assert _blue_ink(before) is None
