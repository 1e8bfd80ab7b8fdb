"""Every page of the inspection register fits a 360-px phone: no sideways scrolling for any role."""

from __future__ import annotations

from datetime import date

import pytest

from tests.e2e.phone import NARROW, login, overflow, wide_pages
from tests.factories import (
    make_agency,
    make_batch,
    make_business,
    make_inspection,
    make_item,
    make_product,
    make_user,
    make_violation,
)
from traceapp.inspections import checklist, services
from traceapp.models import CheckResult, Role


@pytest.fixture
def register():
    """A long-named business with a submitted inspection (failed item, violation) and a draft."""
    business = make_business(name="Công ty TNHH Chế biến Thủy hải sản và Nước mắm truyền thống Sa Huỳnh Đức Phổ")
    batch = make_batch(
        product=make_product(business=business, name="Nước mắm cá cơm nguyên chất 40 độ đạm " * 2),
        lot_code="SH-2026/10-DAC-BIET",
    )
    inspector = make_user(role=Role.INSPECTOR, agency=make_agency(name="Phòng Văn hóa – Xã hội phường Đức Phổ"))
    submitted = make_inspection(business=business, created_by=inspector, decision_number="123/QĐ-UBND-VHXH-2026")
    item = make_item(
        inspection=submitted,
        batch=batch,
        checks={"label_expiry": "fail"},
        result=CheckResult.FAIL,
        note="Nhãn phụ tiếng Việt không ghi hạn sử dụng, không ghi tên tổ chức chịu trách nhiệm " * 2,
    )
    violation = make_violation(
        inspection=submitted, items=[item], fine_vnd=7_500_000, remedy_deadline=date(2026, 12, 15)
    )
    services.submit(submitted, inspector, "Cơ sở vi phạm quy định về nhãn hàng hóa theo Nghị định 43/2017/NĐ-CP.")
    draft = make_inspection(created_by=inspector, place_name="Sạp hàng khô cô Ba, chợ Thạch Trụ, phường Đức Phổ")
    open_item = make_item(
        inspection=draft, description="Cá cơm khô túi 500 g " * 3, checks={"label_expiry": "fail"}, rest=None
    )
    scales = make_inspection(
        created_by=inspector, fields=["metrology", "prepackaged"], place_name="Sạp cân chợ Thạch Trụ"
    )
    owner = make_user(role=Role.BUSINESS, business=business)
    officer = make_user(role=Role.OFFICER)
    return {
        "inspector": inspector,
        "owner": owner,
        "officer": officer,
        "submitted": submitted,
        "draft": draft,
        "open_item": open_item,
        "scales": scales,
        "violation": violation,
        "batch": batch,
    }


def test_inspection_pages_fit_a_360_px_phone(page, live_server, screenshot, register):
    page.set_viewport_size(NARROW)
    submitted, draft, violation, batch = (register[k] for k in ("submitted", "draft", "violation", "batch"))
    visits = {
        "inspector": [
            "/work",
            "/inspections",
            f"/inspections/{submitted.id}",
            f"/inspections/{draft.id}",
            f"/inspections/{draft.id}/edit",
            f"/inspections/{draft.id}/items/new?code={batch.public_code}",
            f"/inspections/{draft.id}/items/{register['open_item'].id}/edit",
            f"/inspections/{register['scales'].id}/items/new",
            f"/inspections/{draft.id}/violations/new",
            f"/inspections/{submitted.id}/amend",
            "/violations",
            f"/violations/{violation.id}",
            "/inspections/new",
            f"/inspections/scan?code={batch.public_code}&choose=1",
        ],
        "owner": ["/business", "/inspections", f"/inspections/{submitted.id}", f"/violations/{violation.id}"],
        "officer": [f"/batches/{batch.id}/recall", f"/q/{batch.public_code}"],
    }
    too_wide = []
    for role, paths in visits.items():
        login(page, live_server, register[role], fresh=True)
        too_wide += wide_pages(page, live_server, screenshot, paths, NARROW["width"], label=role)
    assert too_wide == []


def test_the_item_forms_at_360_px_start_with_no_line_answered(page, live_server, screenshot, register):
    page.set_viewport_size(NARROW)
    draft, scales, batch = register["draft"], register["scales"], register["batch"]
    login(page, live_server, register["inspector"], fresh=True)

    page.goto(live_server.url(f"/inspections/{draft.id}/items/new?code={batch.public_code}"))
    assert page.locator("fieldset.checklist input[type=radio]").count() > 0
    assert page.locator("fieldset.checklist input[type=radio]:checked").count() == 0
    assert overflow(page, NARROW["width"]) is None
    screenshot(page, "item-form-360")

    page.goto(live_server.url(f"/inspections/{draft.id}/items/{register['open_item'].id}/edit"))
    assert page.locator("fieldset.checklist input[type=radio]:checked").count() == 1
    screenshot(page, "item-open-lines-360")

    page.goto(live_server.url(f"/inspections/{draft.id}"))
    screenshot(page, "draft-with-open-lines-360")

    # A metrology inspection asks its own lines (stamp, certificate, seal...), none answered to begin with.
    page.goto(live_server.url(f"/inspections/{scales.id}/items/new"))
    hand_lines = checklist.lines_for(scales.fields)
    assert hand_lines and page.locator("fieldset.checklist input[type=radio]").count() == 3 * len(hand_lines)
    assert page.locator("fieldset.checklist input[type=radio]:checked").count() == 0
    assert page.locator("#no-checklist").count() == 0
    assert overflow(page, NARROW["width"]) is None
    screenshot(page, "item-metrology-360")
