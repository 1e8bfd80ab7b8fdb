"""Consumer reports: recorded from the public form, then triaged by the ward's staff.

Each function that writes is one unit of work: it writes everything, or raises ``ReportError`` having written
nothing (a photo already stored for a report that could not be saved is removed again). The public side and
the staff side share this module because they change the same record and must agree on its states.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import FileStorage

from traceapp import codes
from traceapp.clock import utcnow
from traceapp.consumer_reports.inputs import NewReport
from traceapp.errors import DomainError
from traceapp.extensions import db
from traceapp.models import Batch, ConsumerReport, Inspection, Product, ReportStatus, Role, User
from traceapp.phones import normalise_phone
from traceapp.unit_of_work import retrying_on_conflict, transactional
from traceapp.uploads import UploadError, delete_image, save_image

PHOTO_FOLDER = "reports"
# Who a report can be handed to, besides the person taking it themselves: the people who go out and check.
ASSIGNABLE_ROLES = (Role.INSPECTOR, Role.POLICE)
# Tracking codes are drawn at random; a clash is about one chance in a trillion, five draws are plenty.
DRAWS = 5


class ReportError(DomainError):
    """A report cannot be saved or changed; ``field`` names the form field the message belongs next to."""


# --- the consumer's side ----------------------------------------------------------------------------------


def target_of(raw_code: str | None) -> tuple[Product | None, Batch | None]:
    """The product (and batch) a printed code names; ``(None, None)`` when empty, malformed or unknown."""
    code = codes.normalise(raw_code or "")
    if not codes.is_well_formed(code):
        return None, None
    batch = db.session.scalar(select(Batch).where(Batch.public_code == code))
    if batch is not None:
        return batch.product, batch
    return db.session.scalar(select(Product).where(Product.public_code == code)), None


def submit_report(new: NewReport) -> ConsumerReport:
    """Record a consumer's report under a fresh tracking code."""
    product, batch = target_of(new.code)
    if new.code and product is None:
        raise ReportError(
            _l(
                "No product or batch has the code %(code)s. Check it; if the code on the label is not "
                "registered, leave this field empty and write the code in your message.",
                code=codes.display(codes.normalise(new.code)),
            ),
            "code",
        )
    photo_name = _save_photo(new.photo)
    try:
        return _record(new, product, batch, photo_name)
    except IntegrityError:
        delete_image(PHOTO_FOLDER, photo_name)  # no report, so no orphan photo either
        raise ReportError(_l("Your report could not be saved. Please try again.")) from None
    except BaseException:
        delete_image(PHOTO_FOLDER, photo_name)
        raise


@retrying_on_conflict(DRAWS)
def _record(new: NewReport, product: Product | None, batch: Batch | None, photo_name: str | None) -> ConsumerReport:
    """The report under a newly drawn tracking code; a code taken meanwhile makes the commit clash, and the
    unit runs again with another draw."""
    report = ConsumerReport(
        tracking_code=codes.new_code(),
        product=product,
        batch=batch,
        kind=new.kind,
        message=new.message.strip(),
        place=new.place.strip(),
        contact_phone=normalise_phone(new.phone) if new.phone else None,
        photo_name=photo_name,
        status=ReportStatus.NEW,
    )
    db.session.add(report)
    return report


def _save_photo(photo: FileStorage | None) -> str | None:
    if photo is None or not photo.filename:
        return None
    try:
        return save_image(photo.stream, PHOTO_FOLDER)
    except UploadError as exc:
        raise ReportError(str(exc), "photo") from None


def report_by_tracking_code(code: str) -> ConsumerReport | None:
    return db.session.scalar(select(ConsumerReport).where(ConsumerReport.tracking_code == code))


# --- the ward's side --------------------------------------------------------------------------------------


def _require_open(report: ConsumerReport) -> None:
    if not report.is_open:
        raise ReportError(_l("This report has been closed and can no longer be changed."))


@transactional
def assign(report: ConsumerReport, actor: User, assignee_id: int) -> ConsumerReport:
    """Hand the report to ``actor`` or to an active inspector or police user; a new report becomes "being handled"."""
    _require_open(report)
    assignee = db.session.get(User, assignee_id)
    if assignee is None or not assignee.active or (assignee.id != actor.id and assignee.role not in ASSIGNABLE_ROLES):
        raise ReportError(_l("Choose an active inspector or police officer."), "assignee")
    report.assigned_to = assignee
    if report.status == ReportStatus.NEW:
        report.status = ReportStatus.TRIAGED
    return report


@transactional
def link_inspection(report: ConsumerReport, actor: User, number: str) -> Inspection:
    """Link the report to an inspection by its number (``KT-2026-0012``, any case): it is then under inspection."""
    _require_open(report)
    wanted = (number or "").strip().upper()
    inspection = (
        db.session.scalar(select(Inspection).where(func.upper(Inspection.number) == wanted)) if wanted else None
    )
    if inspection is None:
        raise ReportError(_l("No inspection has the number %(number)s.", number=wanted[:30]), "number")
    report.inspection = inspection
    report.status = ReportStatus.INSPECTING
    if report.assigned_to_id is None:
        report.assigned_to = actor
    return inspection


@transactional
def close(report: ConsumerReport, actor: User, status: ReportStatus, reply: str) -> ConsumerReport:
    """Resolve or reject with a reply to the consumer; the reply shows on the public tracking page."""
    if status not in (ReportStatus.RESOLVED, ReportStatus.REJECTED):
        raise ValueError(status)
    _require_open(report)
    reply = (reply or "").strip()
    if not reply:
        raise ReportError(_l("Write a reply to the person who sent the report."), "reply")
    report.status, report.reply = status, reply
    report.resolved_at, report.resolved_by = utcnow(), actor
    return report
