"""The instrument's QR sticker: printed from the label sheets code, its code scans (zxing-cpp on a 300 dpi render
of the PDF, as a printer would print it) and leads to the instrument's public page."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PIL import Image

from tests import tools
from tests.factories import make_business, make_user
from traceapp.instruments.inputs import InstrumentInput
from traceapp.instruments.services import declare_instrument
from traceapp.models import InstrumentKind, Role

SYMBOL_BASE = "HTTPS://TRUYXUAT.DUCPHO.EXAMPLE"  # PUBLIC_BASE_URL of tests/conftest.py, as the QR holds it


@pytest.fixture
def sticker(app, login_as):
    business = make_business(name="Hộ kinh doanh Thịt Heo Cô Lan")
    owner = make_user(role=Role.BUSINESS, business=business)
    instrument = declare_instrument(
        owner,
        business.id,
        InstrumentInput(kind=InstrumentKind.SPRING_DIAL_SCALE, max_capacity=5, scale_interval=0.02, stall="B4"),
    )
    login_as(owner)
    return instrument


def _decode_pdf(pdf: bytes, tmp_path: Path) -> list[list[str]]:
    tools.require(*tools.PDFTOPPM)
    source = tmp_path / "stickers.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "300", "-png", str(source), str(tmp_path / "page")], check=True)
    return [[r.text for r in tools.read_qr_codes(Image.open(p))] for p in sorted(tmp_path.glob("page*.png"))]


def test_every_printed_sticker_scans_to_the_instruments_page(client, sticker, tmp_path):
    response = client.get(f"/instruments/{sticker.id}/labels.pdf?size=20&count=6&margin=10&gap=2&cut_lines=y")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    (page,) = _decode_pdf(response.data, tmp_path)
    assert page == [f"{SYMBOL_BASE}/M/{sticker.public_code}"] * 6
    # The decoded address opens the page (scheme and host are case-insensitive; the path is served as held).
    client.post("/logout")
    assert client.get(urlsplit(page[0]).path).status_code == 200


def test_the_qr_image_is_as_small_as_a_products(client, sticker):
    """Every character of the sticker's address is in QR's alphanumeric set: 25 × 25 modules, like a product's."""
    png = client.get(f"/instruments/{sticker.id}/qr.png")
    (result,) = tools.read_qr_codes(Image.open(io.BytesIO(png.data)))
    assert result.text == f"{SYMBOL_BASE}/M/{sticker.public_code}"
    side = Image.open(io.BytesIO(png.data)).size[0] // 10 - 8  # 10 px a module, 4 modules of quiet zone a side
    assert side == 25


def test_the_sticker_page_and_a_wrong_sheet(client, sticker):
    page = client.get(f"/instruments/{sticker.id}/labels").get_data(as_text=True)
    assert f"/M/{sticker.public_code}" in page
    assert client.get(f"/instruments/{sticker.id}/labels.pdf?size=20&count=0&margin=10").status_code == 400
