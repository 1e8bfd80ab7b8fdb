"""The figures of ``traceapp.reports.figures.compute`` laid out as the plan's tasks: labelled lines beside the
previous period, each linking to the records it counts. One layout serves the page, the plan report and the
Word document, so the three always say the same thing."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from flask import url_for
from flask_babel import gettext as _
from markupsafe import Markup

from traceapp.models import (
    BusinessKind,
    EventKind,
    InspectionField,
    InspectionKind,
    InstrumentKind,
    Measure,
    ReportStatus,
    TechnologyKind,
    ViolationCategory,
)
from traceapp.reports import charts
from traceapp.reports.figures import Figures, Task5
from traceapp.reports.metrology_figures import Metrology

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


Target = tuple[str, dict[str, Any]] | None  # (endpoint, query arguments) of the list a figure links to
Task = TypeVar("Task")


class _Builder(Generic[Task]):
    """Adds the lines of one task of both periods to a section; ``figure`` picks a figure out of the task."""

    def __init__(self, section: Section, now: Task, before: Task, links: bool):
        self.section, self.now, self.before, self.links = section, now, before, links

    def _url(self, target: Target) -> str | None:
        return url_for(target[0], **target[1]) if self.links and target else None

    def add(
        self,
        label: str,
        figure: Callable[[Task], int | float | None],
        unit: str = COUNT,
        *,
        level: int = 0,
        to: Target = None,
    ) -> None:
        self.section.lines.append(Line(label, figure(self.now), figure(self.before), unit, self._url(to), level))

    def breakdown(
        self,
        title: str,
        figure: Callable[[Task], Mapping[str, int]],
        labels: dict[str, str],
        *,
        to: Callable[[str], Target] = lambda value: None,
        chart: bool = True,
    ) -> None:
        """One line per value (every enum value, then any other key found), and a bar chart of them."""
        now, before = figure(self.now), figure(self.before)
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


def _metrology_lines(b5: _Builder, done: dict[str, Any]) -> None:
    """Task 5's metrology: the instruments register at the period's end, the checks and violations in it. A report
    locked before these figures existed has none: its lines show a dash."""

    def m(figure: Callable[[Metrology], int]) -> Callable[[Task5], int | None]:
        return lambda t: figure(t.metrology) if t.metrology is not None else None

    b5.add(
        _("Measuring instruments used in trade, registered"),
        m(lambda x: x.instruments_registered),
        to=("instruments.index", {}),
    )
    b5.add(_("of which verification in date at the end of the period"), m(lambda x: x.instruments_in_date), level=1)
    b5.add(
        _("of which verification overdue"),
        m(lambda x: x.instruments_overdue),
        level=1,
        to=("instruments.index", {"due": "overdue"}),
    )
    b5.add(_("of which without verification details"), m(lambda x: x.instruments_unverified), level=1)
    b5.add(_("Reference scales for consumers"), m(lambda x: x.reference_scales), level=1)
    b5.breakdown(
        _("Measuring instruments by kind"),
        lambda t: t.metrology.instruments_by_kind if t.metrology is not None else {},
        _labels(InstrumentKind),
        to=lambda kind: ("instruments.index", {"kind": kind}),
    )
    b5.add(
        _("Measuring instruments checked"),
        m(lambda x: x.instruments_checked),
        to=("inspections.index", {"field": InspectionField.METROLOGY.value, **done}),
    )
    b5.add(_("of which failing"), m(lambda x: x.instruments_failed), level=1)
    b5.add(
        _("Prepackaged lots checked for quantity"),
        m(lambda x: x.prepackaged_lots_checked),
        to=("inspections.index", {"field": InspectionField.PREPACKAGED.value, **done}),
    )
    b5.add(_("of which failing"), m(lambda x: x.prepackaged_lots_failed), level=1)
    # Two categories (instruments, prepackaged quantity): each links from "Violations by category" above.
    b5.add(_("Violations in measurement and prepackaged quantity"), m(lambda x: x.violations))


def sections(
    now: Figures,
    before: Figures,
    *,
    links: bool = True,
    agency_ids: dict[str, int] | None = None,
    scans_by_month: list[tuple[str, int]] | None = None,
) -> list[Section]:
    """The three tasks' sections for ``now`` beside ``before``.

    Links carry the filters of the list they open; the inspection and violation lists filter on the inspection's
    start, the consumer report list on the day received, like the figures."""
    span = {"from": now.period.start, "to": now.period.end}
    done = {"status": "submitted", **span}
    agency_ids = agency_ids or {}

    task4 = Section("task4", _("Task 4 — data and digitisation: businesses, products, QR codes"))
    b4 = _Builder(task4, now.task4, before.task4, links)
    b4.add(
        _("Businesses registered (at the end of the period)"), lambda t: t.businesses_total, to=("businesses.index", {})
    )
    b4.add(
        _("of which verified by the ward"),
        lambda t: t.businesses_verified,
        level=1,
        to=("businesses.index", {"status": "verified"}),
    )
    b4.add(_("registered in the period"), lambda t: t.businesses_new, level=1)
    b4.breakdown(
        _("Businesses by kind"),
        lambda t: t.businesses_by_kind,
        _labels(BusinessKind),
        to=lambda kind: ("businesses.index", {"kind": kind}),
    )
    b4.add(_("Products registered"), lambda t: t.products_total, to=("products.index", {}))
    b4.add(_("registered in the period"), lambda t: t.products_new, level=1)
    b4.add(_("with a GTIN (GS1 barcode)"), lambda t: t.products_with_gtin, level=1)
    b4.add(_("Batches registered"), lambda t: t.batches_total)
    b4.add(_("registered in the period"), lambda t: t.batches_new, level=1)
    b4.add(_("QR labels printed in the period"), lambda t: t.qr_labels)
    b4.add(_("Scans of QR codes by consumers in the period"), lambda t: t.scans_total)
    b4.add(_("Businesses applying QR traceability"), lambda t: t.businesses_with_traceability)
    if scans_by_month:
        title = _("Scans per day") if len(scans_by_month[0][0]) == 10 else _("Scans per month")
        task4.charts.append(charts.line(title, [(_axis(label), n) for label, n in scans_by_month]))

    task5 = Section("task5", _("Task 5 — inspection and supervision"))
    b5 = _Builder(task5, now.task5, before.task5, links)
    b5.add(_("Inspections carried out"), lambda t: t.inspections_total, to=("inspections.index", done))
    b5.breakdown(
        _("Inspections by kind"),
        lambda t: t.inspections_by_kind,
        _labels(InspectionKind),
        to=lambda kind: ("inspections.index", {"kind": kind, **done}),
    )
    b5.breakdown(
        _("Inspections by field"),
        lambda t: t.inspections_by_field,
        _labels(InspectionField),
        to=lambda value: ("inspections.index", {"field": value, **done}),
    )
    b5.breakdown(
        _("Inspections by agency"),
        lambda t: t.inspections_by_agency,
        {},
        chart=False,
        to=lambda name: ("inspections.index", {"agency": agency_ids[name], **done}) if name in agency_ids else None,
    )
    b5.add(_("Establishments inspected"), lambda t: t.establishments_inspected)
    b5.add(_("Goods checked"), lambda t: t.items_checked)
    b5.add(_("of which not conforming"), lambda t: t.items_nonconformant, level=1)
    b5.add(_("Share not conforming"), lambda t: t.nonconformant_share, SHARE, level=1)
    b5.add(_("Violations found"), lambda t: t.violations_total, to=("inspections.violations", span))
    b5.breakdown(
        _("Violations by category"),
        lambda t: t.violations_by_category,
        _labels(ViolationCategory),
        to=lambda category: ("inspections.violations", {"category": category, **span}),
    )
    b5.breakdown(
        _("Violations by measure"),
        lambda t: t.violations_by_measure,
        _labels(Measure),
        to=lambda measure: ("inspections.violations", {"measure": measure, **span}),
    )
    b5.add(_("Fines decided (VND)"), lambda t: t.fines_vnd, VND)
    b5.add(_("Value of goods seized (VND)"), lambda t: t.seized_value_vnd, VND)
    b5.add(_("Recalls of products or batches"), lambda t: t.recalls)
    b5.add(_("Consumer reports received"), lambda t: t.reports_received, to=("consumer_reports.index", span))
    b5.add(
        _("Consumer reports resolved"),
        lambda t: t.reports_resolved,
        to=("consumer_reports.index", {"status": ReportStatus.RESOLVED.value}),
    )
    b5.add(_("Median days to resolve a report"), lambda t: t.median_days_to_resolve, DAYS)
    _metrology_lines(b5, done)

    task6 = Section("task6", _("Task 6 — cooperation with businesses and technology"))
    b6 = _Builder(task6, now.task6, before.task6, links)
    b6.add(
        _("Dialogues, forums, conferences and trainings held"),
        lambda t: t.events_total,
        to=("cooperation.events", {"when": "past"}),
    )
    b6.breakdown(
        _("Events by kind"),
        lambda t: t.events_by_kind,
        _labels(EventKind),
        to=lambda kind: ("cooperation.events", {"when": "past", "kind": kind}),
    )
    b6.add(_("Participants"), lambda t: t.participants)
    b6.add(_("Businesses attending"), lambda t: t.businesses_attending)
    b6.add(_("Businesses with QR traceability"), lambda t: t.businesses_with_qr)
    b6.breakdown(_("Businesses applying a technology (verified)"), lambda t: t.technology, _labels(TechnologyKind))
    return [task4, task5, task6]
