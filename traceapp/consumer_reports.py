"""Consumer reports (phản ánh): submitted without an account, then triaged by the ward's staff.

Each function is one unit of work: it commits once, or raises ``ReportError`` having written nothing (a photo
already written to disk for a report that could not be saved is removed again). The public side and the staff
side share this module because they change the same record and must agree on its states.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from traceapp import codes
from traceapp.clock import utcnow
from traceapp.errors import DomainError
from traceapp.extensions import db
from traceapp.models import Batch, ConsumerReport, Inspection, Product, ReportKind, ReportStatus, Role, User
from traceapp.phones import normalise_phone
from traceapp.uploads import UploadError, delete_image, save_image

PHOTO_FOLDER = "reports"
# Who a report can be handed to, besides the person taking it themselves: the people who go out and check.
ASSIGNABLE_ROLES = (Role.INSPECTOR, Role.POLICE)


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


def submit_report(
    *, kind: ReportKind, message: str, code: str = "", place: str = "", phone: str = "", photo=None
) -> ConsumerReport:
    """Record a consumer's report and give it a fresh tracking code; ``photo`` is an uploaded file or None."""
    product, batch = target_of(code)
    if code and product is None:
        raise ReportError(
            _l(
                "No product or batch has the code %(code)s. Check it; if the code on the label is not "
                "registered, leave this field empty and write the code in your message.",
                code=codes.display(codes.normalise(code)),
            ),
            "code",
        )
    photo_name = _save_photo(photo)
    report = ConsumerReport(
        product=product,
        batch=batch,
        kind=kind,
        message=message.strip(),
        place=(place or "").strip(),
        contact_phone=normalise_phone(phone) if phone else None,
        photo_name=photo_name,
        status=ReportStatus.NEW,
    )
    db.session.add(report)
    try:
        _commit_with_a_fresh_code(report)
    except BaseException:
        db.session.rollback()
        delete_image(PHOTO_FOLDER, photo_name)  # no report, so no orphan photo either
        raise
    return report


def _commit_with_a_fresh_code(report: ConsumerReport) -> None:
    for _attempt in range(5):
        report.tracking_code = codes.new_code()
        try:
            db.session.commit()
            return
        except IntegrityError:
            db.session.rollback()  # the code was taken (about one chance in a trillion): draw another
            db.session.add(report)
    raise ReportError(_l("Your report could not be saved. Please try again."))


def _save_photo(photo) -> str | None:
    if photo is None or not getattr(photo, "filename", ""):
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


def assign(report: ConsumerReport, actor: User, assignee_id: int) -> ConsumerReport:
    """Hand the report to ``actor`` or to an active inspector or police user; a new report becomes "being handled"."""
    _require_open(report)
    assignee = db.session.get(User, assignee_id)
    allowed = (
        assignee is not None and assignee.active and (assignee.id == actor.id or assignee.role in ASSIGNABLE_ROLES)
    )
    if not allowed:
        raise ReportError(_l("Choose an active inspector or police officer."), "assignee")
    report.assigned_to = assignee
    if report.status == ReportStatus.NEW:
        report.status = ReportStatus.TRIAGED
    db.session.commit()
    return report


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
    db.session.commit()
    return inspection


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
    db.session.commit()
    return report
