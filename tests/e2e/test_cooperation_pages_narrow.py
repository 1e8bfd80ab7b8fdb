"""Cooperation pages on a 360-px phone, with CSRF on as a browser meets them: no sideways scrolling for any role,
and the forms of the event page, the business home and the review queue go through."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.e2e.phone import NARROW, login, wide_pages
from tests.factories import make_business, make_event, make_product, make_technology, make_user
from traceapp.clock import local_today
from traceapp.extensions import db
from traceapp.models import (
    CommitmentStatus,
    EventCommitment,
    EventInvitation,
    InvitationStatus,
    Role,
    TechnologyKind,
    TechnologyUse,
)

LONG = "Công ty TNHH Chế biến Thủy hải sản và Nước mắm truyền thống Sa Huỳnh Đức Phổ"


@pytest.fixture
def world():
    business = make_business(
        name=LONG,
        sector="Chế biến nước mắm",
        quarter="Tổ dân phố Thạch Bi 2",
        address="Số 123/45 đường Nguyễn Nghiêm, tổ dân phố Thạch Bi 2, phường Đức Phổ, Quảng Ngãi",
    )
    make_product(business=business)
    event = make_event(
        held_on=local_today() + timedelta(days=7),
        starts_at="07:30",
        title="Hội nghị đối thoại với doanh nghiệp về tiêu chuẩn chất lượng và bảo vệ quyền lợi "
        "người tiêu dùng năm 2026",
    )
    invitation = EventInvitation(event=event, business=business)
    commitment = EventCommitment(event=event, business=business, text="Dán tem truy xuất nguồn gốc " * 6)
    db.session.add_all([invitation, commitment])
    db.session.commit()
    use = make_technology(
        business=business,
        kind=TechnologyKind.HACCP,
        certificate_number="HACCP-2026-000123456",
        issued_by="Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng 3 (QUATEST 3)",
        expires_on=local_today() + timedelta(days=400),
    )
    return {
        "owner": make_user(role=Role.BUSINESS, business=business),
        "officer": make_user(role=Role.OFFICER),
        "admin": make_user(role=Role.ADMIN),
        "event": event,
        "invitation": invitation,
        "commitment": commitment,
        "use": use,
    }


def test_cooperation_pages_fit_a_360_px_phone_and_their_forms_work(page, live_server, screenshot, world):
    page.set_viewport_size(NARROW)
    event = world["event"]
    visits = {
        "owner": ["/business", "/business/technology", f"/business/technology/{world['use'].id}"],
        "officer": [
            "/events",
            "/events?when=past",
            "/events/new",
            f"/events/{event.id}/edit",
            f"/events/{event.id}?find=1&sector=nước mắm",
            f"/events/{event.id}/print",
            "/technology/review",
        ],
        "admin": ["/events", f"/events/{event.id}"],
    }
    too_wide = []
    for role, paths in visits.items():
        login(page, live_server, world[role], fresh=True)
        too_wide += wide_pages(page, live_server, screenshot, paths, NARROW["width"], label=role)
    assert too_wide == []

    login(page, live_server, world["owner"], fresh=True)
    page.goto(live_server.url("/business"))
    page.fill("#invitations ~ ul input[name=attendees]", "3")
    page.click("text=Chúng tôi sẽ tham dự")
    page.wait_for_load_state()
    db.session.expire_all()
    invitation = db.session.get(EventInvitation, world["invitation"].id)
    assert invitation.status == InvitationStatus.CONFIRMED and invitation.attendees == 3

    login(page, live_server, world["officer"], fresh=True)
    page.goto(live_server.url(f"/events/{event.id}"))
    page.once("dialog", lambda dialog: dialog.dismiss())  # "remove from the list?" answered no: nothing happens
    page.click("text=Xóa khỏi danh sách")
    page.click("#invited ~ ul button:has-text('Điểm danh')")
    page.wait_for_load_state()
    page.click("#commitments ~ ul summary")
    page.select_option("#commitments ~ ul select", "done")
    page.fill("#commitments ~ ul textarea", "Đã kiểm tra tại cơ sở")
    page.click("#commitments ~ ul button[type=submit]")
    page.wait_for_load_state()
    page.goto(live_server.url("/technology/review"))
    page.click("button:has-text('Xác minh')")
    page.wait_for_load_state()

    db.session.expire_all()
    invitation = db.session.get(EventInvitation, world["invitation"].id)
    assert invitation is not None and invitation.checked_in_at is not None
    assert db.session.get(EventCommitment, world["commitment"].id).status == CommitmentStatus.DONE
    assert db.session.get(TechnologyUse, world["use"].id).verified_at is not None
