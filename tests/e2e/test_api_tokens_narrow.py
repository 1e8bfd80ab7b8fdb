"""The admin's API token page on a 360-px phone, with CSRF on: issue a token, read the API with it (the browser's
own session opens nothing there), revoke it after the confirmation dialog, and the API refuses it."""

from __future__ import annotations

from tests.e2e.phone import NARROW, assert_fits, login
from tests.factories import make_user
from traceapp.models import Role


def test_a_token_is_issued_used_and_revoked_on_a_phone(page, live_server, screenshot):
    admin = make_user(role=Role.ADMIN)
    page.set_viewport_size(NARROW)
    login(page, live_server, admin)

    page.goto(live_server.url("/admin/api-tokens"))
    page.fill("input[name=name]", "Sở Khoa học và Công nghệ tỉnh Quảng Ngãi – Cơ sở dữ liệu TĐC dùng chung")
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    secret = page.input_value("#new-token")
    screenshot(page, "issued")
    assert secret.startswith("tdc_") and len(secret) == 47
    assert_fits(page, NARROW["width"])

    api = live_server.url("/api/v1/figures")
    assert page.request.get(api).status == 401  # the admin's session cookie is sent, and does not count
    assert page.request.get(api, headers={"Authorization": f"Bearer {secret}"}).status == 200

    page.goto(live_server.url("/admin/api-tokens"))
    assert secret not in page.content()
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("form[data-question] button[type=submit]")
    page.wait_for_load_state()
    screenshot(page, "revoked")
    assert_fits(page, NARROW["width"])
    assert page.locator("form[data-question]").count() == 0
    assert page.request.get(api, headers={"Authorization": f"Bearer {secret}"}).status == 401
