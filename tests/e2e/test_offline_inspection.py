"""An inspector in a market with no signal (issue 13, items 2 and 5): the field home opens from the service worker,
a whole inspection is recorded on the phone (business, items by typed code, checklist, a photo, a violation,
submit), survives a closed tab and reloads, and reaches the server exactly once when the signal returns — also
after a refusal by the server (4xx), an answer lost on the way back, and a double tap on "Gửi ngay"."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import func, select

from tests import images
from tests.e2e.conftest import PHONE_VIEWPORT
from tests.e2e.phone import assert_fits, login
from tests.factories import make_batch, make_business, make_product, make_user
from traceapp.extensions import db
from traceapp.inspections import checklist
from traceapp.models import Inspection, InspectionItem, InspectionPhoto, InspectionStatus, Role, Violation

LABEL_LINES = [check.key for check in checklist.lines_for(["labelling"])]


def counts() -> tuple[int, int, int, int]:
    db.session.expire_all()
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Inspection, InspectionItem, Violation, InspectionPhoto)
    )


def open_field_home(page, live_server, user):
    """Signed in online, the field home opened once and controlled by the service worker (its files kept)."""
    login(page, live_server, user, until="**/work")
    page.goto(live_server.url("/field"))
    page.wait_for_selector("#field[data-ready]")
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_selector("#field[data-ready]")
    assert page.evaluate("() => navigator.serviceWorker.controller !== null")


def pending(page) -> str:
    return page.locator("#field-pending-count").inner_text()


def start_inspection(page, business) -> str:
    page.click("#field-new")
    page.wait_for_selector("#view-new:not([hidden])")
    page.fill("#h-business-filter", business.name[:8])
    page.select_option("#h-business", str(business.id))
    page.check("#h-fields input[value=labelling]")
    page.click("#form-header button[type=submit]")
    page.wait_for_selector("#view-inspection:not([hidden])")
    return page.evaluate("() => location.hash").split("/")[2]


def answer(page, answers: dict[str, str]) -> None:
    for key, value in answers.items():
        page.locator(f'input[name="check:{key}"][value={value}]').check(force=True)


def add_item(page, *, code: str = "", description: str = "", answers: dict[str, str], photo=None, note: str = ""):
    page.click("#i-add-item")
    page.wait_for_selector("#view-item:not([hidden])")
    if code:
        page.fill("#field-code", code)
    if description:
        page.fill("#it-description", description)
    answer(page, answers)
    if note:
        page.fill("#it-note", note)
    if photo is not None:
        photos = photo if isinstance(photo, list) else [photo]
        page.set_input_files("#it-photos", [str(p) for p in photos])
        expect(page.locator("#it-photo-count")).to_have_text(re.compile(rf"{len(photos)}$"))
    page.click("#form-item button[type=submit]")
    page.wait_for_selector("#view-inspection:not([hidden])")


def test_a_whole_inspection_offline_reaches_the_server_once(page, live_server, screenshot, tmp_path):
    business = make_business(name="Tạp hóa Minh Châu")
    batch = make_batch(product=make_product(business=business, name="Nước mắm Sa Huỳnh"), lot_code="SH-07")
    inspector = make_user(role=Role.INSPECTOR, name="Trần Thị Bình")
    photo, back = tmp_path / "nhan.jpg", tmp_path / "mat-sau.jpg"
    photo.write_bytes(images.jpeg_with_gps((3000, 2000)))
    back.write_bytes(images.jpeg_with_gps((1200, 1600)))
    open_field_home(page, live_server, inspector)

    page.context.set_offline(True)
    page.reload()  # from the service worker: no network
    page.wait_for_selector("#field[data-ready]")
    assert page.locator("#field-net").inner_text() == page.locator("#field-net").get_attribute("data-offline")
    page.goto(live_server.url("/inspections"))  # a page not kept: the field home instead of the browser's error
    page.wait_for_selector("#field[data-ready]")
    page.goto(live_server.url("/field"))
    page.wait_for_selector("#field[data-ready]")

    cid = start_inspection(page, business)
    add_item(
        page,
        code=batch.public_code.lower(),
        answers={key: ("fail" if key == "label_expiry" else "pass") for key in LABEL_LINES},
        photo=[photo, back],
        note="Không ghi hạn sử dụng",
    )
    add_item(page, code="ZZZZ-9999", description="Bánh tráng", answers=dict.fromkeys(LABEL_LINES, "pass"))
    assert "Nước mắm Sa Huỳnh" in page.locator("#i-items").inner_text()  # the code was known offline
    assert_fits(page, PHONE_VIEWPORT["width"])

    page.click("#i-add-violation")
    page.wait_for_selector("#view-violation:not([hidden])")
    page.select_option("#v-category", "expired")
    page.fill("#v-description", "Bán nước mắm không ghi hạn sử dụng")
    page.locator("#v-items input").first.check()
    page.select_option("#v-measure", "warning")
    page.click("#form-violation button[type=submit]")
    page.wait_for_selector("#view-inspection:not([hidden])")

    # Typing that is not saved yet survives a closed tab.
    page.click("#i-add-item")
    page.wait_for_selector("#view-item:not([hidden])")
    assert_fits(page, PHONE_VIEWPORT["width"])
    screenshot(page, "item-form")
    page.fill("#it-description", "Kẹo dừa Bến Tre")
    page.wait_for_timeout(200)
    context = page.context
    page.close()
    page = context.new_page()
    page.goto(live_server.url(f"/field#/i/{cid}/item"))
    page.wait_for_selector("#field[data-ready]")
    assert page.input_value("#it-description") == "Kẹo dừa Bến Tre"
    page.goto(live_server.url(f"/field#/i/{cid}"))
    page.wait_for_selector("#view-inspection:not([hidden])")

    page.fill("#s-conclusion", "Cơ sở bán hàng không ghi hạn sử dụng.")
    page.click("#s-submit")
    page.wait_for_selector("#i-submitted:not([hidden])")
    page.reload()
    page.wait_for_selector("#field[data-ready]")
    assert pending(page) == "1"
    screenshot(page, "offline-waiting")
    assert counts() == (0, 0, 0, 0), "nothing reached the server while offline"
    # The photos were made smaller on the phone before being kept: JPEG, longest side 1600 px.
    kept = page.evaluate(
        """() => TraceField.db.photos.toArray().then(rows => Promise.all(rows.map(row =>
            createImageBitmap(row.blob).then(b => [row.blob.type, Math.max(b.width, b.height)]))))"""
    )
    assert sorted(kept) == [["image/jpeg", 1600], ["image/jpeg", 1600]]

    # One photo per request (as if each were near the server's size limit): the record goes in three requests, the
    # submission with the last, so no photo arrives after the record is closed.
    page.evaluate("() => { TraceField.sender.batchBytes = 1; }")
    syncs = []
    page.on("request", lambda request: syncs.append(request.url) if request.url.endswith("/field/sync") else None)
    context.set_offline(False)  # the "online" event sends by itself
    expect(page.locator("#field-pending-count")).to_have_text("0", timeout=20_000)
    page.click("#field-send")
    page.click("#field-send")
    expect(page.locator("#field-sync-message")).to_have_text(re.compile(r"\S{3}"))
    page.wait_for_timeout(500)

    assert counts() == (1, 2, 1, 2)
    assert len(syncs) >= 2
    inspection = db.session.scalar(select(Inspection))
    assert inspection.client_id == cid and inspection.status == InspectionStatus.SUBMITTED
    assert inspection.business_id == business.id and inspection.conclusion == "Cơ sở bán hàng không ghi hạn sử dụng."
    known, unknown = inspection.items
    assert known.batch_id == batch.id and known.checks["label_expiry"] == "fail" and len(known.photos) == 2
    assert "ZZZZ" in unknown.description and unknown.product_id is None  # kept, and looked up on sync
    assert inspection.violations[0].items == [known]
    page.goto(live_server.url(f"/field#/i/{cid}"))
    page.wait_for_selector("#i-server:not([hidden])")
    assert inspection.number in page.locator("#i-server").inner_text()
    screenshot(page, "sent")


def test_a_refusal_a_lost_answer_and_a_double_tap_keep_one_copy(page, live_server, screenshot):
    business = make_business(name="Cửa hàng Hai Lúa")
    inspector = make_user(role=Role.INSPECTOR, name="Phạm Văn An")
    open_field_home(page, live_server, inspector)

    page.context.set_offline(True)
    cid = start_inspection(page, business)
    add_item(page, description="Nước tương không nhãn", answers=dict.fromkeys(LABEL_LINES[1:], "pass"))
    page.fill("#s-conclusion", "Đạt")
    page.click("#s-submit")
    page.wait_for_selector("#i-submitted:not([hidden])")

    # Back online: the server refuses to submit with a line unanswered (422); its message is shown and kept.
    page.context.set_offline(False)
    page.wait_for_selector("#i-error:not([hidden])", timeout=20_000)
    refusal = page.locator("#i-error").inner_text()
    assert "Nước tương không nhãn" in refusal  # the services' message names the item with the open line
    page.reload()
    page.wait_for_selector("#i-error:not([hidden])")
    assert page.locator("#i-error").inner_text() == refusal and pending(page) == "1"
    assert counts() == (0, 0, 0, 0)
    screenshot(page, "refused")

    # The answer to the next send is lost on the way back: the server has the record, the phone does not know.
    lost = []

    def lose_answer(route):
        route.fetch()  # reaches the server, which commits
        lost.append(route.request.url)
        route.abort()

    page.route("**/field/sync", lose_answer)
    page.click("#i-items a")
    page.wait_for_selector("#view-item:not([hidden])")
    answer(page, {LABEL_LINES[0]: "pass"})
    page.click("#form-item button[type=submit]")
    expect(page.locator("#field-sync-message")).to_have_text(re.compile(r"\S{3}"))
    page.wait_for_timeout(300)
    assert lost and pending(page) == "1"
    assert counts() == (1, 1, 0, 0)
    page.unroute("**/field/sync")

    page.dblclick("#field-send")
    page.click("#field-send")
    expect(page.locator("#field-pending-count")).to_have_text("0", timeout=20_000)
    page.wait_for_timeout(500)
    assert counts() == (1, 1, 0, 0)
    inspection = db.session.scalar(select(Inspection))
    assert inspection.client_id == cid and inspection.status == InspectionStatus.SUBMITTED
    assert page.locator("#i-error").is_hidden()


def test_a_draft_started_online_is_carried_on_offline_and_a_teammates_change_wins(page, live_server, screenshot):
    from tests.factories import join_team, make_inspection, make_item
    from traceapp.inspections.services import update_item

    business = make_business(name="Đại lý Thanh Bình")
    inspector = make_user(role=Role.INSPECTOR, name="Võ Thị Mai")
    inspection = make_inspection(created_by=inspector, business=business, fields=["labelling"])
    item = make_item(inspection=inspection, description="Dầu ăn Tường An", rest=None)
    open_field_home(page, live_server, inspector)
    assert "Đại lý Thanh Bình" in page.locator("#field-inspections").inner_text()

    page.context.set_offline(True)
    page.click("#field-inspections a")
    page.wait_for_selector("#view-inspection:not([hidden])")
    page.click("#i-items a")
    page.wait_for_selector("#view-item:not([hidden])")
    answer(page, dict.fromkeys(LABEL_LINES, "pass"))
    page.click("#form-item button[type=submit]")
    page.wait_for_selector("#view-inspection:not([hidden])")
    add_item(page, description="Nước mắm Nam Ngư", answers=dict.fromkeys(LABEL_LINES, "na"))
    assert pending(page) == "1"

    # Meanwhile a teammate, online, finds the label's origin missing.
    teammate = make_user(role=Role.INSPECTOR, agency=inspector.agency, name="Lê Văn Tư")
    join_team(inspection, teammate)
    update_item(inspection, teammate, item.id, checks={"label_origin": "fail"}, note="")

    page.context.set_offline(False)
    expect(page.locator("#field-pending-count")).to_have_text("0", timeout=20_000)
    expect(page.locator("#field-not-applied")).to_be_visible()
    assert inspection.number in page.locator("#field-not-applied-list").inner_text()
    screenshot(page, "not-applied")
    db.session.expire_all()
    kept = db.session.get(InspectionItem, item.id)
    assert kept.checks["label_origin"] == "fail"  # the teammate's finding stands
    assert kept.checks["label_name"] == "pass"  # lines nobody else answered take the phone's answer
    assert counts() == (1, 2, 0, 0)
