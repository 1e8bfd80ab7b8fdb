"""``flask setup`` / ``flask demo load``: demo data that looks like Đức Phổ, loaded only into an empty database."""

from datetime import UTC, date, datetime, timedelta

from traceapp import demo
from traceapp.clock import local_today, utcnow
from traceapp.extensions import db
from traceapp.inspections.services import InspectionError
from traceapp.models import (
    AuditEntry,
    Batch,
    BatchStatus,
    Business,
    BusinessKind,
    BusinessStatus,
    Certification,
    CertificationKind,
    ConsumerReport,
    Inspection,
    Product,
    Role,
    User,
    Violation,
    ViolationStatus,
)
from traceapp.reports.figures import compute
from traceapp.reports.periods import reporting_year


def test_demo_load_prints_logins_and_builds_a_ward(app, runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "demo1234" in result.output and "0900000001" in result.output
    # Deterministic: the business logins in the README are the same on every machine.
    assert "0910598801" in result.output and "0922181456" in result.output
    kinds = {
        kind: db.session.scalar(db.select(db.func.count(Business.id)).where(Business.kind == kind))
        for kind in BusinessKind
    }
    assert kinds[BusinessKind.COMPANY] >= 12 and kinds[BusinessKind.HOUSEHOLD] >= 12
    assert kinds[BusinessKind.COOPERATIVE] >= 1
    for role in Role:
        assert db.session.scalar(db.select(User.id).where(User.role == role)), role
    names = " ".join(db.session.scalars(db.select(Product.name)))
    for word in ("Nước mắm", "Muối", "Mực khô", "nghệ"):
        assert word in names
    ocop = db.session.scalar(db.select(Certification).where(Certification.kind == CertificationKind.OCOP))
    assert ocop.stars == 3 and ocop.product.business.kind == BusinessKind.COOPERATIVE
    batches = db.session.scalars(db.select(Batch)).all()
    assert any(b.is_expired(local_today()) for b in batches)
    assert sum(b.status == BatchStatus.RECALLED for b in batches) == 1
    assert db.session.scalar(db.select(Business.id).where(Business.status == BusinessStatus.PENDING))
    # The inspection register has something on every page: a violation, a conforming check, a draft, reports.
    results = db.session.execute(db.select(Inspection.status, Inspection.result)).all()
    assert {("submitted", "fail"), ("submitted", "pass"), ("draft", None)} <= set(results)
    assert db.session.scalar(db.select(db.func.count(Violation.id))) >= 1
    assert {"new", "inspecting", "resolved"} <= set(db.session.scalars(db.select(ConsumerReport.status)))
    # Every demo login works.
    client = app.test_client()
    response = client.post("/login", data={"identifier": "officer@ducpho.example", "password": "demo1234"})
    assert response.status_code == 302


def test_demo_load_refuses_a_database_with_users(app, runner):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    again = runner.invoke(args=["demo", "load"])
    assert again.exit_code != 0 and "only loaded into an empty one" in again.output


def test_the_demo_is_two_years_of_the_ward_made_on_the_days_it_happened(runner, clock_at):
    # The last day of a month, before dawn in the ward: the steps of "this morning" happen now, not later.
    now = datetime(2027, 10, 30, 22, 30, tzinfo=UTC)  # 31 October, 05:30 in Đức Phổ
    clock_at(now)
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    assert utcnow() - now < timedelta(minutes=5) and local_today() == date(2027, 10, 31)  # the clock is back
    latest = [
        db.session.scalar(db.select(db.func.max(column)))
        for column in (Business.created_at, Batch.created_at, Inspection.started_at, AuditEntry.at)
    ]
    assert all(value.replace(tzinfo=UTC) <= utcnow() for value in latest)
    assert min(db.session.scalars(db.select(Business.created_at))).year == 2025

    # The plan report has this reporting year and the last to set side by side.
    this_year, last_year = compute(reporting_year(2027)), compute(reporting_year(2026))
    for figures in (this_year, last_year):
        assert figures.task4.businesses_new and figures.task4.batches_new
        assert figures.task4.qr_labels and figures.task4.scans_total
    assert last_year.task5.inspections_total == 1 and last_year.task5.violations_total == 1
    # The label inspection and the market's; a metrology check at a stall and a prepackaged one of fish sauce.
    assert this_year.task5.inspections_total == 4 and this_year.task5.violations_total == 4
    assert this_year.task5.items_nonconformant == 4  # a label, two scales, one lot of bottles
    metrology = this_year.task5.metrology
    assert metrology is not None and metrology.instruments_registered == 8 and metrology.reference_scales == 1
    assert (metrology.instruments_in_date, metrology.instruments_overdue) == (7, 1)  # as of today, not 15 November
    assert (metrology.instruments_checked, metrology.instruments_failed) == (2, 2)
    assert (metrology.prepackaged_lots_checked, metrology.prepackaged_lots_failed) == (2, 1)
    assert metrology.violations == 3
    assert this_year.task5.reports_received == 3 and this_year.task5.reports_resolved == 1
    assert this_year.task5.median_days_to_resolve and this_year.task5.recalls == 1
    assert this_year.task6.events_by_kind["training"] == 1 and this_year.task6.participants == 38
    assert this_year.task6.businesses_attending == 5

    # Results and states come from the services' rules: last year's violation went through its remedy.
    closed = db.session.scalar(db.select(Violation).where(Violation.status == ViolationStatus.CLOSED))
    assert [step.action.value for step in closed.steps] == [
        "recorded",
        "remedy_reported",
        "remedy_confirmed",
        "closed",
    ]
    assert closed.inspection.result == "fail" and closed.inspection.number == "KT-2026-0001"
    draft = db.session.scalar(db.select(Inspection).where(Inspection.result.is_(None)))
    assert draft.started_at.replace(tzinfo=UTC) <= utcnow()
    linked = db.session.scalars(db.select(ConsumerReport.status).where(ConsumerReport.inspection_id == draft.id))
    assert list(linked) == ["inspecting"]


def test_a_demo_that_fails_half_way_leaves_the_database_empty(runner, clock_at, monkeypatch):
    now = datetime(2027, 3, 1, 2, tzinfo=UTC)
    clock_at(now)

    def refused(*args, **kwargs):
        raise InspectionError("refused")

    monkeypatch.setattr("traceapp.demo.register.submit", refused)
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code != 0 and isinstance(result.exception, InspectionError)
    assert demo.is_empty()
    assert not db.session.scalar(db.select(db.func.count(Business.id)))
    assert not db.session.scalar(db.select(db.func.count(AuditEntry.id)))
    assert utcnow() - now < timedelta(minutes=5)  # the clock is back
