"""``flask setup`` / ``flask demo load``: demo data that looks like Đức Phổ, loaded only into an empty database."""

from traceapp.clock import local_today
from traceapp.extensions import db
from traceapp.models import (
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
)


def test_demo_load_prints_logins_and_builds_a_ward(app, runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "demo1234" in result.output and "0900000001" in result.output
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
