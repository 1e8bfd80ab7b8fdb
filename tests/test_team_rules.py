"""Field staff act within their team (issue 10, item 2): the services refuse whoever is not on an inspection's
team, whatever the view did; the agency a record belongs to is chosen by its own people (or the officer); a
correction needs a reason and lands in the audit trail; lists show each department its own records."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest

from tests import drawings
from tests.factories import (
    join_team,
    make_agency,
    make_batch,
    make_business,
    make_inspection,
    make_item,
    make_user,
    make_violation,
)
from traceapp.clock import local_today, utcnow
from traceapp.extensions import db
from traceapp.inspections import recalls, services, signatures, team_rules, violations
from traceapp.inspections.errors import InspectionError, NotOnTheTeam
from traceapp.inspections.inputs import AmendmentInput, InspectionInput, MemberInput, ViolationInput
from traceapp.inspections.signatures import RefusalInput, SignatureInput
from traceapp.models import (
    Agency,
    AuditEntry,
    Batch,
    BatchStatus,
    CheckResult,
    Inspection,
    InspectionAmendment,
    InspectionField,
    InspectionItem,
    InspectionKind,
    InspectionMember,
    InspectionStatus,
    Measure,
    Role,
    TeamRole,
    User,
    Violation,
    ViolationCategory,
    ViolationStatus,
    ViolationStep,
    ViolationStepAction,
)


@dataclass
class Ward:
    culture: Agency  # Phòng Văn hóa – Xã hội
    police_agency: Agency  # Công an phường
    inspector: User  # of the culture office; leads both inspections
    colleague: User  # of the culture office, on no team
    police: User  # of the police, on no team
    officer: User  # the ward officer, on no team
    draft: Inspection
    submitted: Inspection
    violation: Violation  # on the submitted inspection, open, remedy reported


@pytest.fixture
def ward(app) -> Ward:
    culture = make_agency(name="Phòng Văn hóa – Xã hội phường Đức Phổ")
    police_agency = make_agency(name="Công an phường Đức Phổ", short_name="CA")
    inspector = make_user(role=Role.INSPECTOR, agency=culture, name="Lê Văn Cường")
    business = make_business(name="Cơ sở Nước mắm Bà Tư")
    draft = make_inspection(business=business, created_by=inspector, fields=["labelling"])
    make_item(inspection=draft, description="Nước mắm chai 500 ml")
    submitted = make_inspection(business=business, created_by=inspector, fields=["labelling"])
    make_item(inspection=submitted, description="Muối hạt")
    violation = make_violation(inspection=submitted, remedy_note="Đã dán nhãn phụ", remedy_reported_at=utcnow())
    services.submit(submitted, inspector, "Vi phạm về nhãn")
    return Ward(
        culture=culture,
        police_agency=police_agency,
        inspector=inspector,
        colleague=make_user(role=Role.INSPECTOR, agency=culture, name="Đỗ Thị Hoa"),
        police=make_user(role=Role.POLICE, agency=police_agency, name="Phạm Văn Hùng"),
        officer=make_user(role=Role.OFFICER, agency=culture, name="Nguyễn Thị Mai"),
        draft=draft,
        submitted=submitted,
        violation=violation,
    )


def _header(inspection: Inspection, **changes) -> InspectionInput:
    values = {
        "agency_id": inspection.agency_id,
        "kind": InspectionKind.PERIODIC,
        "fields": (InspectionField.LABELLING,),
        "started_at": inspection.started_at,
        "business_id": inspection.business_id,
        "decision_number": "20/QĐ",
    }
    return InspectionInput(**{**values, **changes})


def _count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def _snapshot(ward: Ward) -> tuple:
    """What a refused service must leave as it was."""
    db.session.expire_all()
    draft, submitted = db.session.get(Inspection, ward.draft.id), db.session.get(Inspection, ward.submitted.id)
    return (
        draft.decision_number,
        draft.kind,
        draft.agency_id,
        draft.status,
        submitted.decision_number,
        submitted.conclusion,
        _count(InspectionMember),
        _count(InspectionItem),
        _count(Violation),
        _count(ViolationStep),
        _count(InspectionAmendment),
        _count(AuditEntry),
    )


# Every service that changes an inspection or its violations, as ``call(ward, user)``.
CHANGES: dict[str, Callable[[Ward, User], object]] = {
    "update_header": lambda w, u: services.update_header(w.draft, u, _header(w.draft)),
    "add_member": lambda w, u: services.add_member(w.draft, u, MemberInput(name="Võ Văn Tài", role=TeamRole.OTHER)),
    "remove_member": lambda w, u: services.remove_member(w.draft, u, w.draft.members[0].id),
    "add_item": lambda w, u: services.add_item(w.draft, u, description="Bột ngọt", checks={}),
    "update_item": lambda w, u: services.update_item(w.draft, u, w.draft.items[0].id, checks={}, note="x"),
    "delete_item": lambda w, u: services.delete_item(w.draft, u, w.draft.items[0].id),
    "submit": lambda w, u: services.submit(w.draft, u, "Đạt"),
    "amend": lambda w, u: services.amend(
        w.submitted, u, AmendmentInput("15/QĐ", CheckResult.FAIL, "Vi phạm về nhãn", "Thiếu số quyết định")
    ),
    "record_violation": lambda w, u: violations.record_violation(
        w.draft, u, ViolationInput(ViolationCategory.LABELS, "Nhãn thiếu hạn dùng", Measure.WARNING)
    ),
    "take_step": lambda w, u: violations.take_step(w.violation, u, ViolationStepAction.REMEDY_CONFIRMED),
    "sign": lambda w, u: signatures.sign(w.submitted, w.violation, u, None, SignatureInput(drawings.signature(), "Tư")),
    "refuse": lambda w, u: signatures.refuse(w.submitted, None, u, RefusalInput("Bà Tư", "Không đồng ý", "Ông Bảy")),
}


@pytest.mark.parametrize("who", ["colleague", "police", "officer"])
@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_service_refuses_whoever_is_not_on_the_team_and_writes_nothing(in_english, ward, change, who):
    before = _snapshot(ward)
    with pytest.raises(NotOnTheTeam, match="Only a member of the inspection team"):
        CHANGES[change](ward, getattr(ward, who))
    db.session.rollback()
    assert _snapshot(ward) == before


@pytest.mark.parametrize("who", ["police", "officer"])
@pytest.mark.parametrize("change", sorted(CHANGES))
def test_once_on_the_team_the_same_service_goes_through(ward, change, who):
    user = getattr(ward, who)
    join_team(ward.draft, user)
    join_team(ward.submitted, user)
    before = _count(AuditEntry)
    CHANGES[change](ward, user)
    assert _count(AuditEntry) > before


def test_the_one_who_starts_an_inspection_is_on_its_team(ward):
    started = services.create_inspection(
        ward.police,
        InspectionInput(
            agency_id=ward.police_agency.id,
            kind=InspectionKind.UNANNOUNCED,
            fields=(InspectionField.QUALITY,),
            started_at=utcnow(),
            place_name="Sạp hàng khô chợ Thạch Trụ",
        ),
    )
    assert [(m.user, m.role) for m in started.members] == [(ward.police, TeamRole.POLICE)]
    assert team_rules.may_work_on(ward.police, started)
    assert not team_rules.may_work_on(ward.inspector, started) and not team_rules.may_view(ward.inspector, started)


# --- the agency a record belongs to ----------------------------------------------------------------------------


def test_an_inspection_is_started_under_ones_own_agency_only(in_english, ward):
    header = InspectionInput(
        agency_id=ward.culture.id,
        kind=InspectionKind.UNANNOUNCED,
        fields=(InspectionField.QUALITY,),
        started_at=utcnow(),
        place_name="Sạp rau",
    )
    before = _count(Inspection)
    with pytest.raises(InspectionError, match="under your own agency") as refused:
        services.create_inspection(ward.police, header)
    assert refused.value.field == "agency_id" and _count(Inspection) == before


def test_a_draft_moves_to_another_agency_only_by_someone_of_that_agency_or_the_officer(in_english, ward):
    third = make_agency(name="Đội Quản lý thị trường số 5", short_name="QLTT")
    join_team(ward.draft, ward.police)
    with pytest.raises(InspectionError, match="under your own agency"):
        services.update_header(ward.draft, ward.inspector, _header(ward.draft, agency_id=third.id))
    with pytest.raises(InspectionError, match="under your own agency"):
        services.update_header(ward.draft, ward.police, _header(ward.draft, agency_id=third.id))
    db.session.rollback()
    assert db.session.get(Inspection, ward.draft.id).agency_id == ward.culture.id

    services.update_header(ward.draft, ward.police, _header(ward.draft, agency_id=ward.police_agency.id))
    assert ward.draft.agency_id == ward.police_agency.id, "a member moves it to their own agency"
    services.update_header(ward.draft, ward.police, _header(ward.draft, decision_number="21/QĐ"))
    assert ward.draft.decision_number == "21/QĐ", "a header change that keeps the agency needs no agency right"
    join_team(ward.draft, ward.officer)
    services.update_header(ward.draft, ward.officer, _header(ward.draft, agency_id=third.id))
    assert ward.draft.agency_id == third.id, "the officer on the team may put it under any agency"


def test_the_edit_form_offers_only_the_agencies_the_member_may_choose(client, login_as, english, ward):
    third = make_agency(name="Đội Quản lý thị trường số 5", short_name="QLTT")
    join_team(ward.draft, ward.police)
    login_as(ward.police)
    page = client.get(f"/inspections/{ward.draft.id}/edit").data.decode()
    assert ward.culture.name in page and ward.police_agency.name in page and third.name not in page
    response = client.post(
        f"/inspections/{ward.draft.id}/edit",
        data={
            "agency_id": third.id,
            "kind": "periodic",
            "fields": ["labelling"],
            "business_id": ward.draft.business_id,
            "started_at": "2026-11-24T08:30",
        },
    )
    assert response.status_code == 200 and b"Not a valid choice" in response.data
    db.session.expire_all()
    assert db.session.get(Inspection, ward.draft.id).agency_id == ward.culture.id


# --- the team -------------------------------------------------------------------------------------------------


def test_a_member_puts_a_colleague_s_account_on_the_team_who_may_then_work_on_it(client, login_as, english, ward):
    login_as(ward.inspector)
    page = client.get(f"/inspections/{ward.draft.id}").data.decode()
    assert "Phạm Văn Hùng · CA" in page, "staff accounts are offered"
    response = client.post(
        f"/inspections/{ward.draft.id}/members", data={"user_id": ward.police.id, "name": "", "role": "police"}
    )
    assert response.status_code == 302
    member = db.session.scalar(db.select(InspectionMember).where(InspectionMember.user_id == ward.police.id))
    assert (member.name, member.position) == ("Phạm Văn Hùng", "Công an phường Đức Phổ")

    login_as(ward.police)
    page = client.get(f"/inspections/{ward.draft.id}").data.decode()
    assert "Check an item" in page and "You are not on this inspection" not in page
    response = client.post(f"/inspections/{ward.draft.id}/items/new", data={"description": "Cá cơm khô"})
    assert response.status_code == 302
    assert db.session.scalar(db.select(InspectionItem.created_by_id).order_by(InspectionItem.id.desc())) == (
        ward.police.id
    )


def test_a_colleague_of_the_agency_reads_but_does_not_change(client, login_as, english, ward):
    login_as(ward.colleague)
    page = client.get(f"/inspections/{ward.draft.id}").data.decode()
    assert "You are not on this inspection" in page
    assert "Check an item" not in page and "Submit the inspection" not in page and "Add a team member" not in page
    page = client.get(f"/inspections/{ward.submitted.id}").data.decode()
    assert "Correct (amendment)" not in page
    page = client.get(f"/violations/{ward.violation.id}").data.decode()
    assert "Next step" not in page
    assert client.get(f"/inspections/{ward.draft.id}/edit").status_code == 403


@pytest.mark.parametrize(
    ("account", "message"),
    [
        ("business", "Choose an inspector, a police officer or the ward officer"),
        ("admin", "Choose an inspector, a police officer or the ward officer"),
        ("inactive", "Choose an inspector, a police officer or the ward officer"),
        ("inspector", "is already on the team"),
    ],
)
def test_only_active_field_staff_and_the_officer_join_a_team_and_only_once(in_english, ward, account, message):
    candidates = {
        "business": lambda: make_user(role=Role.BUSINESS),
        "admin": lambda: make_user(role=Role.ADMIN),
        "inactive": lambda: make_user(role=Role.POLICE, active=False),
        "inspector": lambda: ward.inspector,
    }
    user = candidates[account]()
    members = _count(InspectionMember)
    with pytest.raises(InspectionError, match=message):
        services.add_member(ward.draft, ward.inspector, MemberInput(name="", role=TeamRole.OTHER, user_id=user.id))
    assert _count(InspectionMember) == members


def test_the_last_member_with_an_account_stays_on_the_team(in_english, ward):
    named = services.add_member(ward.draft, ward.inspector, MemberInput(name="Võ Văn Tài", role=TeamRole.OTHER))
    leader = ward.draft.members[0]
    with pytest.raises(InspectionError, match="at least one member with an account"):
        services.remove_member(ward.draft, ward.inspector, leader.id)
    services.remove_member(ward.draft, ward.inspector, named.id)
    join_team(ward.draft, ward.police)
    services.remove_member(ward.draft, ward.police, leader.id)
    assert not team_rules.may_work_on(ward.inspector, ward.draft), "off the team, the inspector only reads it"
    assert team_rules.may_view(ward.inspector, ward.draft)


# --- amendments -----------------------------------------------------------------------------------------------


def test_an_amendment_needs_a_reason_even_without_the_form(in_english, ward):
    with pytest.raises(InspectionError, match="Give the reason") as refused:
        services.amend(ward.submitted, ward.inspector, AmendmentInput("15/QĐ", CheckResult.FAIL, "Vi phạm", "  "))
    assert refused.value.field == "reason"
    db.session.rollback()
    assert _count(InspectionAmendment) == 0 and db.session.get(Inspection, ward.submitted.id).decision_number == ""


def test_the_officer_amends_only_when_on_the_team_and_the_audit_trail_keeps_who_and_why(
    client, login_as, english, ward
):
    data = {"decision_number": "15/QĐ-UBND", "result": "fail", "conclusion": "Vi phạm về nhãn", "reason": ""}
    login_as(ward.officer)
    assert client.get(f"/inspections/{ward.submitted.id}").status_code == 200, "the officer sees everything"
    assert client.get(f"/inspections/{ward.submitted.id}/amend").status_code == 403
    assert client.post(f"/inspections/{ward.submitted.id}/amend", data=data).status_code == 403

    join_team(ward.submitted, ward.officer)
    assert b"Correct (amendment)" in client.get(f"/inspections/{ward.submitted.id}").data
    assert b"Give the reason" in client.post(f"/inspections/{ward.submitted.id}/amend", data=data).data
    assert _count(InspectionAmendment) == 0
    reason = "Bổ sung số quyết định kiểm tra còn thiếu"
    response = client.post(f"/inspections/{ward.submitted.id}/amend", data={**data, "reason": reason})
    assert response.status_code == 302

    entries = db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(2)).all()
    by_entity = {entry.entity: entry for entry in entries}
    amendment = by_entity["inspection_amendment"]
    assert amendment.action == "create" and amendment.after["reason"] == reason
    assert amendment.after["changes"] == {"decision_number": ["", "15/QĐ-UBND"]}
    assert (amendment.user_id, amendment.user_name) == (ward.officer.id, "Nguyễn Thị Mai")
    changed = by_entity["inspection"]
    assert changed.action == "update" and changed.entity_id == ward.submitted.id
    assert changed.before["decision_number"] == "" and changed.after["decision_number"] == "15/QĐ-UBND"
    assert changed.user_id == ward.officer.id


# --- violations, remedies, recalls ----------------------------------------------------------------------------


def test_only_the_team_handles_a_violation_and_only_the_business_concerned_reports_its_remedy(in_english, ward):
    other_owner = make_user(role=Role.BUSINESS)
    with pytest.raises(InspectionError, match="Only the business concerned"):
        violations.report_remedy(ward.violation, other_owner, "Đã khắc phục")
    with pytest.raises(InspectionError, match="Only the business concerned"):
        violations.report_remedy(ward.violation, ward.inspector, "Đã khắc phục")
    owner = make_user(role=Role.BUSINESS, business=ward.submitted.business)
    violations.report_remedy(ward.violation, owner, "Đã dán nhãn phụ có hạn sử dụng")
    violations.take_step(ward.violation, ward.inspector, ViolationStepAction.REMEDY_CONFIRMED)
    assert ward.violation.status == ViolationStatus.REMEDIED


def test_a_recall_is_the_officer_s_alone(in_english, ward):
    batch = make_batch()
    with pytest.raises(InspectionError, match="Only the ward officer"):
        recalls.recall(ward.inspector, batch.product, batch, "Nhiễm khuẩn", local_today())
    db.session.rollback()
    assert db.session.get(Batch, batch.id).status == BatchStatus.ACTIVE
    recalls.recall(ward.officer, batch.product, batch, "Nhiễm khuẩn", local_today())
    assert batch.status == BatchStatus.RECALLED


# --- what each one sees ---------------------------------------------------------------------------------------


def test_lists_and_my_work_show_each_department_its_own_and_its_teams(client, login_as, english, ward):
    police_draft = make_inspection(created_by=ward.police, place_name="Sạp cân chợ Thạch Trụ")
    police_violation = make_violation(
        inspection=make_inspection(created_by=ward.police, place_name="Quầy tạp hóa Cô Ba"),
        remedy_deadline=local_today() + timedelta(days=3),
    )
    interagency = make_inspection(created_by=ward.police, place_name="Kho hàng liên ngành")
    join_team(interagency, ward.inspector)
    ward.violation.remedy_deadline = local_today() + timedelta(days=2)
    db.session.commit()

    login_as(ward.colleague)  # the culture office, on no team
    listing = client.get("/inspections").data.decode()
    assert ward.draft.number in listing and ward.submitted.number in listing
    assert police_draft.number not in listing and interagency.number not in listing
    violations_page = client.get("/violations").data.decode()
    assert f"/violations/{ward.violation.id}" in violations_page
    assert f"/violations/{police_violation.id}" not in violations_page
    home = client.get("/work").data.decode()
    assert f"/violations/{ward.violation.id}" in home, "the agency's deadline is shown"
    assert f"/violations/{police_violation.id}" not in home, "another agency's is not"
    assert "Remedies to confirm" not in home, "not on the team: not theirs to confirm"
    assert ward.draft.number not in home, "not on the team: not among my open inspections"

    login_as(ward.inspector)  # the culture office, on the teams of its two and of the interagency one
    listing = client.get("/inspections").data.decode()
    assert interagency.number in listing and police_draft.number not in listing
    home = client.get("/work").data.decode()
    assert "Remedies to confirm" in home and ward.draft.number in home and interagency.number in home

    login_as(ward.officer)
    listing = client.get("/inspections").data.decode()
    assert all(i.number in listing for i in (ward.draft, police_draft, interagency))
    assert f"/violations/{police_violation.id}" in client.get("/violations").data.decode()


def test_the_list_rule_and_the_record_rule_agree(ward):
    """``visible_clause`` and ``team_clause`` (lists) say of every inspection what ``may_view`` and
    ``may_work_on`` (records) say, for every kind of user."""
    make_inspection(created_by=ward.police, place_name="Sạp cân")
    joined = make_inspection(created_by=ward.police, place_name="Kho liên ngành")
    join_team(joined, ward.colleague)
    owner = make_user(role=Role.BUSINESS, business=ward.submitted.business)
    admin = make_user(role=Role.ADMIN)
    inactive = make_user(role=Role.INSPECTOR, agency=ward.culture, active=False)
    join_team(ward.draft, inactive)
    users = [ward.inspector, ward.colleague, ward.police, ward.officer, owner, admin, inactive]
    inspections = db.session.scalars(db.select(Inspection)).all()
    assert {i.status for i in inspections} == {InspectionStatus.DRAFT, InspectionStatus.SUBMITTED}
    for user in users:
        listed = set(db.session.scalars(db.select(Inspection.id).where(team_rules.visible_clause(user))))
        assert listed == {i.id for i in inspections if team_rules.may_view(user, i)}, user.role
        on_team = set(db.session.scalars(db.select(Inspection.id).where(team_rules.team_clause(user))))
        assert on_team == {i.id for i in inspections if team_rules.may_work_on(user, i)}, user.role
    assert any(team_rules.may_view(ward.colleague, i) for i in inspections if i.agency_id != ward.culture.id)
