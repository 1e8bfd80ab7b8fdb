"""Technology a business declares and an officer verifies. Only what was checked is counted in the plan report,
so any change by the business sends the entry back to the officer.

Each function is one unit of work: it commits once, or raises ``CooperationError`` having written nothing.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from traceapp.clock import utcnow
from traceapp.cooperation.services import CooperationError
from traceapp.extensions import db
from traceapp.models import TechnologyKind, TechnologyUse, User

FIELDS = ("kind", "detail", "certificate_number", "issued_by", "expires_on")
NEEDS_DETAIL = {
    TechnologyKind.SOFTWARE: _l("Give the name of the software."),
    TechnologyKind.OTHER: _l("Say which technology."),
}


def save(use: TechnologyUse | None, business_id: int, data: dict, today: date) -> TechnologyUse:
    """Declare a technology or change a declaration; either way it waits for an officer again."""
    values = {key: (data.get(key) or "").strip() if key != "expires_on" else data.get(key) for key in FIELDS}
    kind = TechnologyKind(values["kind"])
    if kind in NEEDS_DETAIL and not values["detail"]:
        raise CooperationError(NEEDS_DETAIL[kind], "detail")
    if kind.is_certified_system:
        _check_certificate(values, today)
    use = use or TechnologyUse(business_id=business_id)
    for key, value in values.items():
        setattr(use, key, value)
    use.kind = kind
    use.verified_at, use.verified_by_id, use.rejection_note = None, None, ""
    db.session.add(use)
    db.session.commit()
    return use


def _check_certificate(values: dict, today: date) -> None:
    if not values["certificate_number"]:
        raise CooperationError(_l("Give the certificate number of a certified system."), "certificate_number")
    if not values["issued_by"]:
        raise CooperationError(_l("Give the body that issued the certificate."), "issued_by")
    if values["expires_on"] is None:
        raise CooperationError(_l("Give the date until which the certificate is valid."), "expires_on")
    if values["expires_on"] < today:
        raise CooperationError(_l("This certificate has expired; declare the renewed one."), "expires_on")


def delete(use: TechnologyUse) -> None:
    db.session.delete(use)
    db.session.commit()


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
    db.session.commit()
    return use
