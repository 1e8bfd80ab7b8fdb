"""The inspection form's "Add my GPS position" on a phone: the position fills in when the phone allows it, and a
refusal is explained in Vietnamese with what to do (not the browser's English error text)."""

from __future__ import annotations

from tests.e2e.phone import login
from tests.factories import make_user
from traceapp.models import Role

MARKET = {"latitude": 14.8134, "longitude": 108.9571}  # Đức Phổ market


def test_a_refused_position_is_explained_in_vietnamese(page, live_server, screenshot):
    login(page, live_server, make_user(role=Role.INSPECTOR))
    page.goto(live_server.url("/inspections/new"))
    page.get_by_role("button", name="Thêm vị trí GPS của tôi").click()
    status = page.locator("#geo-status")
    status.filter(has_text="cài đặt trình duyệt").wait_for()
    assert "chưa cho phép lấy vị trí" in status.inner_text()
    assert page.locator("#latitude").input_value() == ""
    screenshot(page, "denied")


def test_an_allowed_position_fills_the_form(page, live_server):
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation(MARKET)
    login(page, live_server, make_user(role=Role.INSPECTOR))
    page.goto(live_server.url("/inspections/new"))
    page.get_by_role("button", name="Thêm vị trí GPS của tôi").click()
    page.locator("#geo-status").filter(has_text="14.813400").wait_for()
    assert page.locator("#latitude").input_value() == "14.813400"
    assert page.locator("#longitude").input_value() == "108.957100"
