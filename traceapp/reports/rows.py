"""The figures of ``traceapp.reports.figures.compute`` laid out as the plan's tasks: labelled lines beside the
previous period, each linking to the records it counts. One layout serves the page, the plan report and the
Word document, so the three always say the same thing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import url_for
from flask_babel import gettext as _
from markupsafe import Markup

from traceapp.models import (
    BusinessKind,
    EventKind,
    InspectionField,
    InspectionKind,
    Measure,
    ReportStatus,
    TechnologyKind,
    ViolationCategory,
)
from traceapp.reports import charts

COUNT, VND, SHARE, DAYS = "count", "vnd", "share", "days"
HEADING = "heading"  # a breakdown's title: no figure of its own


def number(value: int | float | None, unit: str = COUNT) -> str:
    """Vietnamese style: 1.234.567; a share as 12,5%; days with one decimal; nothing known as a dash."""
    if unit == HEADING:
        return ""
    if value is None:
        return "—"
    if unit == SHARE:
        return f"{value * 100:.1f}".replace(".", ",") + "%"
    if unit == DAYS:
        return f"{value:.1f}".replace(".", ",")
    return f"{int(value):,}".replace(",", ".")


def change(now: int | float | None, before: int | float | None, unit: str = COUNT) -> str:
    if now is None or before is None:
        return ""
    delta = now - before
    if not delta:
        return "="
    sign = "+" if delta > 0 else "−"
    if unit == SHARE:
        return sign + _("%(points)s points", points=f"{abs(delta) * 100:.1f}".replace(".", ","))
    return sign + number(abs(delta), unit)


@dataclass(frozen=True)
class Line:
    label: str
    now: int | float | None
    before: int | float | None
    unit: str = COUNT
    link: str | None = None
    level: int = 0  # 0 a figure; 1 a part of the figure above ("of which"), or a breakdown's title; 2 its lines

    @property
    def shown(self) -> str:
        return number(self.now, self.unit)

    @property
    def shown_before(self) -> str:
        return number(self.before, self.unit)

    @property
    def change(self) -> str:
        return change(self.now, self.before, self.unit)


@dataclass
class Section:
    key: str
    title: str
    lines: list[Line] = field(default_factory=list)
    charts: list[Markup] = field(default_factory=list)


Target = tuple[str, dict] | None  # (endpoint, query arguments) of the list a figure links to


class _Builder:
    """Adds the lines of one task of both periods to a section."""

    def __init__(self, section: Section, now: dict, before: dict, links: bool):
        self.section, self.now, self.before, self.links = section, now, before, links

    def _url(self, target: Target) -> str | None:
        return url_for(target[0], **target[1]) if self.links and target else None

    def add(self, label: str, key: str, unit: str = COUNT, *, level: int = 0, to: Target = None) -> None:
        self.section.lines.append(Line(label, self.now.get(key), self.before.get(key), unit, self._url(to), level))

    def breakdown(
        self,
        title: str,
        key: str,
        labels: dict[str, str],
        *,
        to: Callable[[str], Target] = lambda value: None,
        chart: bool = True,
    ) -> None:
        """One line per value (every enum value, then any other key found), and a bar chart of them."""
        now, before = self.now.get(key, {}), self.before.get(key, {})
        keys = list(dict.fromkeys([*labels, *now, *before]))
        self.section.lines.append(Line(title, None, None, HEADING, level=1))
        for value in keys:
            self.section.lines.append(
                Line(labels.get(value, value), now.get(value, 0), before.get(value, 0), COUNT, self._url(to(value)), 2)
            )
        if chart and keys:
            rows = [(labels.get(k, k), now.get(k, 0), before.get(k, 0)) for k in keys]
            self.section.charts.append(charts.bars(title, rows, _("This period"), _("Previous period")))


def _labels(enum_cls) -> dict[str, str]:
    return {member.value: str(member.label) for member in enum_cls}


def _axis(value: str) -> str:
    """``2026-03`` as the axis shows it, 3/26; a day ``2026-03-05`` as 5/3."""
    parts = value.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])}/{int(parts[1])}"
    return f"{int(parts[1])}/{parts[0][2:]}"


def sections(
    now: dict,
    before: dict,
    *,
    links: bool = True,
    agency_ids: dict[str, int] | None = None,
    scans_by_month: list[tuple[str, int]] | None = None,
) -> list[Section]:
    """The three tasks' sections for ``now`` beside ``before`` (both ``compute`` dicts).

    Links carry the filters of the list they open; the inspection and violation lists filter on the inspection's
    start, the consumer report list on the day received, like the figures."""
    span = {"from": now["period"]["start"], "to": now["period"]["end"]}
    done = {"status": "submitted", **span}
    agency_ids = agency_ids or {}

    task4 = Section("task4", _("Task 4 — data and digitisation: businesses, products, QR codes"))
    b = _Builder(task4, now["task4"], before["task4"], links)
    b.add(_("Businesses registered (at the end of the period)"), "businesses_total", to=("businesses.index", {}))
    b.add(
        _("of which verified by the ward"),
        "businesses_verified",
        level=1,
        to=("businesses.index", {"status": "verified"}),
    )
    b.add(_("registered in the period"), "businesses_new", level=1)
    b.breakdown(
        _("Businesses by kind"),
        "businesses_by_kind",
        _labels(BusinessKind),
        to=lambda kind: ("businesses.index", {"kind": kind}),
    )
    b.add(_("Products registered"), "products_total", to=("products.index", {}))
    b.add(_("registered in the period"), "products_new", level=1)
    b.add(_("with a GTIN (GS1 barcode)"), "products_with_gtin", level=1)
    b.add(_("Batches registered"), "batches_total")
    b.add(_("registered in the period"), "batches_new", level=1)
    b.add(_("QR labels printed in the period"), "qr_labels")
    b.add(_("Scans of QR codes by consumers in the period"), "scans_total")
    b.add(_("Businesses applying QR traceability"), "businesses_with_traceability")
    if scans_by_month:
        title = _("Scans per day") if len(scans_by_month[0][0]) == 10 else _("Scans per month")
        task4.charts.append(charts.line(title, [(_axis(label), n) for label, n in scans_by_month]))

    task5 = Section("task5", _("Task 5 — inspection and supervision"))
    b = _Builder(task5, now["task5"], before["task5"], links)
    b.add(_("Inspections carried out"), "inspections_total", to=("inspections.index", done))
    b.breakdown(
        _("Inspections by kind"),
        "inspections_by_kind",
        _labels(InspectionKind),
        to=lambda kind: ("inspections.index", {"kind": kind, **done}),
    )
    b.breakdown(
        _("Inspections by field"),
        "inspections_by_field",
        _labels(InspectionField),
        to=lambda value: ("inspections.index", {"field": value, **done}),
    )
    b.breakdown(
        _("Inspections by agency"),
        "inspections_by_agency",
        {},
        chart=False,
        to=lambda name: ("inspections.index", {"agency": agency_ids[name], **done}) if name in agency_ids else None,
    )
    b.add(_("Establishments inspected"), "establishments_inspected")
    b.add(_("Goods checked"), "items_checked")
    b.add(_("of which not conforming"), "items_nonconformant", level=1)
    b.add(_("Share not conforming"), "nonconformant_share", SHARE, level=1)
    b.add(_("Violations found"), "violations_total", to=("inspections.violations", span))
    b.breakdown(
        _("Violations by category"),
        "violations_by_category",
        _labels(ViolationCategory),
        to=lambda category: ("inspections.violations", {"category": category, **span}),
    )
    b.breakdown(
        _("Violations by measure"),
        "violations_by_measure",
        _labels(Measure),
        to=lambda measure: ("inspections.violations", {"measure": measure, **span}),
    )
    b.add(_("Fines decided (VND)"), "fines_vnd", VND)
    b.add(_("Value of goods seized (VND)"), "seized_value_vnd", VND)
    b.add(_("Recalls of products or batches"), "recalls")
    b.add(_("Consumer reports received"), "reports_received", to=("inspections.reports", span))
    b.add(
        _("Consumer reports resolved"),
        "reports_resolved",
        to=("inspections.reports", {"status": ReportStatus.RESOLVED.value}),
    )
    b.add(_("Median days to resolve a report"), "median_days_to_resolve", DAYS)

    task6 = Section("task6", _("Task 6 — cooperation with businesses and technology"))
    b = _Builder(task6, now["task6"], before["task6"], links)
    b.add(
        _("Dialogues, forums, conferences and trainings held"),
        "events_total",
        to=("cooperation.events", {"when": "past"}),
    )
    b.breakdown(
        _("Events by kind"),
        "events_by_kind",
        _labels(EventKind),
        to=lambda kind: ("cooperation.events", {"when": "past", "kind": kind}),
    )
    b.add(_("Participants"), "participants")
    b.add(_("Businesses attending"), "businesses_attending")
    b.add(_("Businesses with QR traceability"), "businesses_with_qr")
    b.breakdown(_("Businesses applying a technology (verified)"), "technology", _labels(TechnologyKind))
    return [task4, task5, task6]
