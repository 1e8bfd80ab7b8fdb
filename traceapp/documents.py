"""What every official document of the ward shares (biên bản, báo cáo): the issuing body and the place and date
line of Decree 30/2020.

Below the features: the PDF records of inspections and the Word plan report both write these, and neither
should import the other to do so. Callers render inside ``force_locale("vi")`` when the document is a legal one.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import gettext as _

from traceapp.clock import to_local

_WARD_WORDS = ("Phường ", "Xã ", "Thị trấn ")


def place_of_writing() -> str:
    """The place line names the locality without its rank: Đức Phổ, not Phường Đức Phổ."""
    ward: str = current_app.config["WARD_NAME"]
    return next((ward[len(word) :] for word in _WARD_WORDS if ward.startswith(word)), ward)


def issuing_body() -> tuple[str, str]:
    """The issuing body written in full on two lines, "ỦY BAN NHÂN DÂN" over "PHƯỜNG ĐỨC PHỔ" (Decree 30, Appendix I:
    the name is not abbreviated; a ward's People's Committee has no superior body's line above it)."""
    return _("PEOPLE'S COMMITTEE"), current_app.config["WARD_NAME"].upper()


def place_and_date(place: str, value: datetime) -> str:
    """Đức Phổ, ngày 05 tháng 02 năm 2026: days below 10 and months below 3 take a leading zero (Decree 30)."""
    value = to_local(value)
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return _(
        "%(place)s, %(day)s/%(month)s/%(year)s", place=place, day=f"{value.day:02d}", month=month, year=str(value.year)
    )
