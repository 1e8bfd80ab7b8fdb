"""What the browser tests share about phones: the people traceapp serves (consumers scanning a bottle, inspectors in
the market, household businesses, ward staff) mostly use cheap phones about 360 px wide, so every page must read
there without scrolling sideways. One narrow viewport, one way to sign in through the form, and one width check
with a message that names the page, instead of a copy in each test file.

- ``NARROW``: the 360-px phone viewport (the ``page`` fixture itself opens at 390 px: conftest ``PHONE_VIEWPORT``).
- ``login(page, live_server, user)``: signs in through /login with ``tests.factories.PASSWORD``.
- ``page_width(page)``, ``overflow(page, width)``, ``assert_fits(page, width)``: the sideways-scroll check.
- ``wide_pages(page, live_server, screenshot, paths, width)``: open pages in turn and list those too wide.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from tests.factories import PASSWORD

NARROW = {"width": 360, "height": 780}


def login(page, live_server, user, *, fresh: bool = False, until: str | None = None) -> None:
    """Sign ``user`` in through the login form (identifier = phone number), as a person would, CSRF and all.

    ``fresh`` clears the browser's cookies first, to switch from one signed-in user to another; ``until`` waits for
    the page the login lands on (a glob such as ``"**/work"``) rather than only for the next page to load.
    """
    if fresh:
        page.context.clear_cookies()
    page.goto(live_server.url("/login"))
    page.fill("input[name=identifier]", user.phone)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    if until is None:
        page.wait_for_load_state()
    else:
        page.wait_for_url(until)


def page_width(page) -> int:
    """How wide the page's content is, in CSS px: wider than the viewport means it scrolls sideways."""
    return page.evaluate("document.documentElement.scrollWidth")


def overflow(page, width: int) -> str | None:
    """Why the page does not fit ``width`` px, naming its URL; None when it fits."""
    actual = page_width(page)
    return None if actual <= width else f"{page.url} scrolls sideways at {width} px ({actual} px wide)"


def assert_fits(page, width: int) -> None:
    """Fail the test when the page scrolls sideways at ``width`` px."""
    problem = overflow(page, width)
    assert problem is None, problem


def wide_pages(page, live_server, screenshot: Callable, paths: Iterable[str], width: int, label: str = "") -> list[str]:
    """Open each path in turn (each must answer 200) and list those that scroll sideways at ``width`` px, saving a
    screenshot ``<label>-too-wide`` of each; ``label`` (e.g. the role signed in) also starts each line."""
    prefix = f"{label} " if label else ""
    too_wide = []
    for path in paths:
        response = page.goto(live_server.url(path))
        assert response is not None and response.status == 200, prefix + path
        problem = overflow(page, width)
        if problem:
            screenshot(page, f"{label}-too-wide" if label else "too-wide")
            too_wide.append(prefix + problem)
    return too_wide
