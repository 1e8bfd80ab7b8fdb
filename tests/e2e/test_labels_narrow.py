"""The label page on a 360-px phone says in words where the QR code leads, above the preview; in production an
address no phone can open stops the page with what to set, and the admin's home page warns until it is set."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import e2e_config
from tests.e2e.phone import NARROW, assert_fits, login
from tests.factories import make_batch, make_business, make_product, make_user, valid_gtin
from traceapp.models import Role

PUBLIC = "https://truyxuat.ducpho.example"


@pytest.fixture
def app_config(tmp_path):
    return e2e_config(tmp_path, TESTING=False, DEBUG=False)  # production, as gunicorn would run it


@pytest.fixture
def batch():
    business = make_business(name="Hợp tác xã Nghệ Phổ Phong")
    product = make_product(business=business, name="Tinh bột nghệ Đức Phổ", gtin=valid_gtin(777))
    return make_batch(product=product, lot_code="NG-2026/11")


def test_the_label_page_says_where_the_code_leads(page, live_server, screenshot, batch):
    live_server.app.config["PUBLIC_BASE_URL"] = PUBLIC
    page.set_viewport_size(NARROW)
    login(page, live_server, make_user(role=Role.BUSINESS, business=batch.product.business))
    page.goto(live_server.url(f"/batches/{batch.id}/labels"))
    target = page.locator("#qr-target")
    expected = f"{PUBLIC}/01/{batch.product.gtin}/10/NG-2026%2F11"
    assert target.locator("a").inner_text() == expected
    assert "Mã QR dẫn tới:" in target.inner_text() or "The QR code leads to:" in target.inner_text()
    above = page.evaluate(
        "document.querySelector('#qr-target').getBoundingClientRect().bottom"
        " <= document.querySelector('.label-preview').getBoundingClientRect().top"
    )
    assert above, "the address is read before the preview"
    assert page.evaluate("document.querySelector('.label-preview img').naturalWidth") > 0
    screenshot(page, "address")
    assert_fits(page, NARROW["width"])


def test_an_address_no_phone_opens_stops_printing_and_the_admin_is_told(page, live_server, screenshot, batch):
    # live_server names itself (http://127.0.0.1:<port>): in production that is no address for a label.
    page.set_viewport_size(NARROW)
    login(page, live_server, make_user(role=Role.BUSINESS, business=batch.product.business))
    response = page.goto(live_server.url(f"/batches/{batch.id}/labels"))
    assert response is not None and response.status == 503
    assert "TRACEAPP_PUBLIC_BASE_URL=https://" in page.content()
    screenshot(page, "refused")
    assert_fits(page, NARROW["width"])

    login(page, live_server, make_user(role=Role.ADMIN), fresh=True)
    page.goto(live_server.url("/admin/users"))
    assert page.locator("#public-address-warning").is_visible()
    screenshot(page, "admin-warned")
    assert_fits(page, NARROW["width"])

    live_server.app.config["PUBLIC_BASE_URL"] = PUBLIC
    page.reload()
    assert page.locator("#public-address-warning").count() == 0


def test_make_run_prints_its_own_address_and_says_phones_cannot_open_it(page, live_server, screenshot, batch):
    live_server.app.config["DEBUG"] = True  # as `make run` serves it, on the address it was given (its own)
    page.set_viewport_size(NARROW)
    login(page, live_server, make_user(role=Role.BUSINESS, business=batch.product.business))
    response = page.goto(live_server.url(f"/batches/{batch.id}/labels"))
    assert response is not None and response.status == 200
    assert page.locator("#qr-target a").inner_text().startswith(live_server.base_url + "/01/")
    assert "make run HOST=0.0.0.0" in page.locator(".alert-warning").inner_text()
    screenshot(page, "debug")
    assert_fits(page, NARROW["width"])
