"""One unit of work: a service's writes land together or not at all, on SQLite and on PostgreSQL (the PostgreSQL
pass of ``.ci/run`` runs this same file against a real server)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from traceapp.errors import DomainError
from traceapp.extensions import db
from traceapp.models import Agency, AuditEntry, Business, BusinessKind
from traceapp.unit_of_work import retrying_on_conflict, transactional, unit_of_work


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _business(registration_number: str) -> Business:
    return Business(
        name="Hộ kinh doanh Muối Sa Huỳnh",
        kind=BusinessKind.HOUSEHOLD,
        registration_number=registration_number,
        owner_name="Lê Thị Hoa",
        phone="0912000001",
        address="Tổ 3, phường Đức Phổ",
    )


@transactional
def _register_then_refuse(registration_number: str) -> None:
    """Writes two rows (flushed, so the database has seen them), then a rule refuses."""
    db.session.add(Agency(name="Công an phường Đức Phổ", short_name="CA"))
    db.session.add(_business(registration_number))
    db.session.flush()
    raise DomainError("Cơ sở này đã đăng ký.")


def test_a_service_refused_half_way_leaves_no_row_and_no_audit_entry(app):
    before = (_count(Agency), _count(Business), _count(AuditEntry))
    with pytest.raises(DomainError):
        _register_then_refuse("4300000001")
    db.session.expire_all()
    assert (_count(Agency), _count(Business), _count(AuditEntry)) == before == (0, 0, 0)


def test_a_nested_unit_commits_only_with_the_outer_one(app):
    with pytest.raises(DomainError), unit_of_work():
        with unit_of_work():  # an inner service that succeeds on its own…
            db.session.add(_business("4300000002"))
        raise DomainError("…inside an outer one that is refused afterwards")
    assert _count(Business) == 0

    with unit_of_work(), unit_of_work():
        db.session.add(_business("4300000003"))
    db.session.remove()  # a new session: only committed rows are visible
    assert db.session.scalar(select(Business.registration_number)) == "4300000003"


def test_a_database_error_half_way_rolls_back_the_rows_before_it(app):
    with unit_of_work():
        db.session.add(_business("4300000004"))
    with pytest.raises(IntegrityError), unit_of_work():
        db.session.add(Agency(name="Phòng Kinh tế", short_name="KT"))
        db.session.flush()
        db.session.add(_business("4300000004"))  # the same registration number: unique key
        db.session.flush()
    assert (_count(Agency), _count(Business)) == (0, 1)


def test_a_clash_on_a_unique_key_is_retried_as_a_whole_unit(app):
    numbers = iter(["4300000005", "4300000005", "4300000006"])
    calls = []

    @retrying_on_conflict(attempts=3)
    def register() -> Business:
        calls.append(1)
        db.session.add(Agency(name=f"Tổ công tác {len(calls)}", short_name="TCT"))
        business = _business(next(numbers))
        db.session.add(business)
        return business

    assert register().registration_number == "4300000005"
    assert register().registration_number == "4300000006", "the clash drew a new number"
    assert len(calls) == 3
    assert (_count(Agency), _count(Business)) == (2, 2), "the clashing attempt's agency was not kept"
