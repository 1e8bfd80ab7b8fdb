"""Smoke test for the browser set-up: the home page loads in Chromium at phone width."""

from __future__ import annotations

from tests.e2e.conftest import PHONE_VIEWPORT


def test_home_page_fits_a_phone_screen(page, live_server, screenshot):
    response = page.goto(live_server.url("/"))

    assert response is not None and response.status == 200
    assert page.title().strip(), "the home page has no <title>"
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    screenshot(page, "home")
    assert scroll_width <= PHONE_VIEWPORT["width"], f"the page scrolls sideways at 390 px ({scroll_width} px wide)"
