"""Technology a business declares and an officer verifies. Only what was checked is counted in the plan report,
so any change by the business sends the entry back to the officer.

Each function is one unit of work: everything lands, or it raises ``CooperationError`` having written nothing.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from flask_babel import lazy_gettext as _l

from traceapp.clock import utcnow
from traceapp.cooperation.inputs import TechnologyInput
from traceapp.cooperation.services import CooperationError
from traceapp.extensions import db
from traceapp.models import TechnologyKind, TechnologyUse, User
from traceapp.unit_of_work import transactional

NEEDS_DETAIL = {
    TechnologyKind.SOFTWARE: _l("Give the name of the software."),
    TechnologyKind.OTHER: _l("Say which technology."),
}


@transactional
def save(use: TechnologyUse | None, business_id: int, data: TechnologyInput, today: date) -> TechnologyUse:
    """Declare a technology or change a declaration; either way it waits for an officer again."""
    data = replace(
        data,
        detail=data.detail.strip(),
        certificate_number=data.certificate_number.strip(),
        issued_by=data.issued_by.strip(),
    )
    if data.kind in NEEDS_DETAIL and not data.detail:
        raise CooperationError(NEEDS_DETAIL[data.kind], "detail")
    if data.kind.is_certified_system:
        _check_certificate(data, today)
    use = use or TechnologyUse(business_id=business_id)
    use.kind = data.kind
    use.detail, use.certificate_number, use.issued_by = data.detail, data.certificate_number, data.issued_by
    use.expires_on = data.expires_on
    use.verified_at, use.verified_by_id, use.rejection_note = None, None, ""
    db.session.add(use)
    return use


def _check_certificate(data: TechnologyInput, today: date) -> None:
    if not data.certificate_number:
        raise CooperationError(_l("Give the certificate number of a certified system."), "certificate_number")
    if not data.issued_by:
        raise CooperationError(_l("Give the body that issued the certificate."), "issued_by")
    if data.expires_on is None:
        raise CooperationError(_l("Give the date until which the certificate is valid."), "expires_on")
    if data.expires_on < today:
        raise CooperationError(_l("This certificate has expired; declare the renewed one."), "expires_on")


@transactional
def delete(use: TechnologyUse) -> None:
    db.session.delete(use)


@transactional
def review(use: TechnologyUse, user: User, accept: bool, note: str, today: date) -> TechnologyUse:
    """An officer accepts the entry (it is counted from now on) or sends it back with the reason."""
    note = (note or "").strip()
    if not accept and not note:
        raise CooperationError(_l("Say why it is not accepted."), "note")
    if accept and use.is_expired(today):
        raise CooperationError(_l("The certificate has expired: reject it and ask for the renewed one."), "note")
    use.verified_at = utcnow() if accept else None
    use.verified_by_id = user.id if accept else None
    use.rejection_note = "" if accept else note
    return use
