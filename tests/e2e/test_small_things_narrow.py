"""Small things a real user hits on a 360-px phone (issue 11, item 8): tap targets of at least 44 × 44 px, a main
menu that folds instead of taking half the screen, and "Find the business" beside the field it searches with."""

from __future__ import annotations

from tests.e2e.phone import NARROW, assert_fits, login
from tests.factories import make_business, make_inspection, make_user
from traceapp.models import InspectionField, Role

TAP = 44


def _small(page, selector: str) -> list[str]:
    """The visible elements matching ``selector`` smaller than a fingertip, described; empty when all are big enough."""
    boxes = [page.locator(selector).nth(i).bounding_box() for i in range(page.locator(selector).count())]
    assert boxes, f"nothing matches {selector}"
    return [
        f"{selector} #{i}: {b['width']:.0f}×{b['height']:.0f}"
        for i, b in enumerate(boxes)
        if b is None or min(b["width"], b["height"]) < TAP - 0.5
    ]


def test_language_switch_and_radio_buttons_are_big_enough_to_tap(page, live_server, screenshot):
    page.set_viewport_size(NARROW)
    page.goto(live_server.url("/report"))
    # The consumer report's "what is wrong" radios: the label beside each radio is a 44-px row.
    assert _small(page, ".lang a") == []
    assert _small(page, "fieldset.checks label") == []
    assert_fits(page, NARROW["width"])
    screenshot(page, "report-form")

    inspector = make_user(role=Role.INSPECTOR)
    inspection = make_inspection(created_by=inspector, fields=[InspectionField.LABELLING.value])
    login(page, live_server, inspector)
    page.goto(live_server.url(f"/inspections/{inspection.id}/items/new"))
    # Đạt / Không đạt / Không áp dụng: each label wraps its radio, so the whole box is the target.
    assert page.locator(".segmented label input[type=radio]").count() >= 3
    assert _small(page, ".segmented label") == []
    assert _small(page, ".lang a") == []
    assert_fits(page, NARROW["width"])
    screenshot(page, "item-form")

    page.goto(live_server.url("/inspections/new"))
    assert _small(page, ".field.checks li label") == [], "the inspection's field checkboxes"


def test_the_longest_menu_folds_on_a_phone_and_opens_to_big_rows(page, live_server, screenshot):
    admin = make_user(role=Role.ADMIN, name="Nguyễn Văn Quản Trị")
    page.set_viewport_size(NARROW)
    login(page, live_server, admin)
    nav = page.locator("nav.mainnav")
    height = nav.bounding_box()["height"]
    assert height <= TAP + 8, f"the folded menu is one line, not {height:.0f} px, at 360 px"
    links = nav.locator(".menu-items a")
    assert links.count() >= 8 and all(not links.nth(i).is_visible() for i in range(links.count())), "folded"
    assert _small(page, "nav.mainnav summary") == []
    assert _small(page, "nav.mainnav > a") == [] and _small(page, "nav.mainnav button.link") == []
    screenshot(page, "menu-folded")

    nav.locator("summary").click()
    assert all(links.nth(i).is_visible() for i in range(links.count()))
    assert _small(page, "nav.mainnav .menu-items a") == []
    assert nav.bounding_box()["height"] == height, "the open list drops over the page, the bar stays as it was"
    assert_fits(page, NARROW["width"])
    screenshot(page, "menu-open")
    nav.get_by_role("link", name="Đơn vị").click()
    page.wait_for_url("**/admin/agencies")

    # On a computer the menu is a row again (wrapping), nothing to open.
    page.set_viewport_size({"width": 1024, "height": 768})
    assert all(links.nth(i).is_visible() for i in range(links.count()))
    assert not nav.locator("summary").is_visible()
    assert links.nth(0).bounding_box()["y"] == links.nth(1).bounding_box()["y"], "side by side"
    screenshot(page, "menu-wide")


def test_find_the_business_sits_beside_the_business_field(page, live_server, screenshot):
    make_business(name="Hộ kinh doanh Nước mắm Bà Năm Sa Huỳnh")
    inspector = make_user(role=Role.INSPECTOR)
    page.set_viewport_size(NARROW)
    login(page, live_server, inspector)
    page.goto(live_server.url("/inspections/new"))
    field = page.locator("input[name=business_query]").bounding_box()
    button = page.get_by_role("button", name="Tìm cơ sở").bounding_box()
    assert abs(field["y"] - button["y"]) <= 4, (field, button)
    assert button["x"] >= field["x"] + field["width"], "the button is to the right of the field, same line"
    assert field["width"] >= 150, "the field keeps room to type"
    assert_fits(page, NARROW["width"])
    screenshot(page, "find-business")

    page.fill("input[name=business_query]", "Bà Năm")
    page.get_by_role("button", name="Tìm cơ sở").click()
    page.wait_for_selector("fieldset.matches")
    assert "Hộ kinh doanh Nước mắm Bà Năm Sa Huỳnh" in page.locator("fieldset.matches").inner_text()
    assert _small(page, "fieldset.matches label") == []
    screenshot(page, "find-business-matches")
