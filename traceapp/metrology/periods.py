"""How long a verification (kiểm định) of a group-2 measuring instrument holds, by kind, and the date it runs out.

Source: Circular 23/2013/TT-BKHCN on group-2 measuring instruments, Article 4 and its list (Danh mục phương tiện
đo nhóm 2: name, control measures, verification period), as amended by Circular 07/2019/TT-BKHCN and, for the
list, by Article 1 of Circular 03/2024/TT-BKHCN (in force from 15 October 2024). A kind whose period depends on
something the register does not record (a mechanical or an electronic water meter; an induction or an electronic,
single- or three-phase electricity meter) has no period here: its due date is the one its certificate or stamp
states. Rows confirmed and not confirmed: docs/metrology.md.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from traceapp.models.enums import InstrumentKind

_LIST = "TT 23/2013/TT-BKHCN, Điều 4, Danh mục PTĐ nhóm 2 (sửa đổi bởi TT 07/2019/TT-BKHCN, TT 03/2024/TT-BKHCN)"


@dataclass(frozen=True)
class VerificationPeriod:
    months: int
    source: str  # the row of the list, as cited


_COMMON_SCALES = f"{_LIST}, mục 8 “Cân thông dụng”"
_TABLE_SCALES = f"{_COMMON_SCALES}: cân bàn, cân đĩa, cân treo dọc thép – lá đề"

VERIFICATION_PERIODS: Mapping[InstrumentKind, VerificationPeriod | None] = MappingProxyType(
    {
        InstrumentKind.SPRING_DIAL_SCALE: VerificationPeriod(24, f"{_COMMON_SCALES}: cân đồng hồ lò xo"),
        InstrumentKind.COUNTER_SCALE: VerificationPeriod(12, _TABLE_SCALES),
        InstrumentKind.PLATFORM_SCALE: VerificationPeriod(12, _TABLE_SCALES),
        InstrumentKind.HANGING_SCALE: VerificationPeriod(12, _TABLE_SCALES),
        # An electronic scale is listed by what it is (cân kỹ thuật, mục 7; cân bàn or cân đĩa, mục 8): 12
        # months in every row it can fall in.
        InstrumentKind.ELECTRONIC_SCALE: VerificationPeriod(12, f"{_LIST}, mục 7 “Cân kỹ thuật”; mục 8"),
        InstrumentKind.TAXIMETER: VerificationPeriod(18, f"{_LIST}, mục 2 “Taximet”"),
        InstrumentKind.FUEL_DISPENSER: VerificationPeriod(12, f"{_LIST}: cột đo xăng dầu"),
        # 60 months mechanical, 36 with electronic parts: the register does not say which.
        InstrumentKind.WATER_METER: None,
        # By type and phases (induction / electronic, 1-phase / 3-phase): the register does not say which.
        InstrumentKind.ELECTRICITY_METER: None,
        InstrumentKind.OTHER: None,
    }
)


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months; a day the target month lacks becomes its last day (31 January
    plus one month is 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def verification_due(kind: InstrumentKind, verified_on: date | None, stated_until: date | None) -> date | None:
    """The date the verification runs out: the one the certificate states when it states one; else the
    verification date plus the kind's period; else None (nothing known, or no fixed period for the kind)."""
    if stated_until is not None:
        return stated_until
    period = VERIFICATION_PERIODS.get(kind)
    if verified_on is None or period is None:
        return None
    return add_months(verified_on, period.months)
