"""Smoke test for the browser set-up: the home page loads in Chromium at phone width."""

from __future__ import annotations

from tests.e2e.conftest import PHONE_VIEWPORT
from tests.e2e.phone import overflow


def test_home_page_fits_a_phone_screen(page, live_server, screenshot):
    response = page.goto(live_server.url("/"))

    assert response is not None and response.status == 200
    assert page.title().strip(), "the home page has no <title>"
    problem = overflow(page, PHONE_VIEWPORT["width"])
    screenshot(page, "home")
    assert problem is None, problem
