"""The metrology checks of an inspection on a phone: choose the instrument an item checks, enter the test loads,
enter a prepackaged lot's sample, and record a violation from a failed check in one step (issue 14, items 4, 5).

Every page is the team's (``team_rules``): loaded through ``team_inspection`` (404, then 403), and the services
refuse again.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from traceapp.inspections import bp, checklist
from traceapp.inspections.forms import ViolationForm
from traceapp.inspections.metrology_forms import InstrumentItemForm, LotForm, WeighingForm
from traceapp.inspections.prepackaged import RuleLine, lot_check_of, record_lot, required_sample, rule_lines
from traceapp.inspections.quantities import format_quantity
from traceapp.inspections.queries import team_inspection
from traceapp.inspections.team_rules import TEAM_ROLES
from traceapp.inspections.violation_views import violation_form_page
from traceapp.inspections.weighing import (
    CertificateState,
    add_instrument_item,
    certificate_state,
    instrument_title,
    instruments_for,
    preview,
    record_weighing,
    tests_of,
    verdict_of,
)
from traceapp.instruments.kinds import weighs
from traceapp.metrology.rules import WeighingVerdict
from traceapp.models import (
    CheckResult,
    Inspection,
    InspectionItem,
    MeasuringInstrument,
    PrepackagedLotCheck,
    ViolationCategory,
)
from traceapp.web.access import roles_required
from traceapp.web.forms import choices
from traceapp.web.outcomes import shows_refusal


@dataclass(frozen=True)
class MetrologySummary:
    """What the item page and the inspection page show of an item's metrology checks."""

    instrument: MeasuringInstrument | None
    certificate: CertificateState | None
    weighing: WeighingVerdict | None
    lot: PrepackagedLotCheck | None
    lot_rules: list[RuleLine]
    failed: bool

    @property
    def shown(self) -> bool:
        return self.instrument is not None or self.lot is not None


def metrology_summary(inspection: Inspection, item: InspectionItem) -> MetrologySummary:
    instrument = item.instrument
    lot = lot_check_of(item) if item.id is not None else None
    return MetrologySummary(
        instrument=instrument,
        certificate=certificate_state(inspection, instrument) if instrument is not None else None,
        weighing=verdict_of(item) if instrument is not None else None,
        lot=lot,
        lot_rules=rule_lines(lot) if lot is not None else [],
        failed=item.result == CheckResult.FAIL,
    )


@bp.app_context_processor
def _metrology_helpers() -> dict:
    return {
        "metrology_summary": metrology_summary,
        "format_quantity": format_quantity,
        "weighs": weighs,
        "checks_instruments": lambda inspection: checklist.asks(inspection.fields, checklist.WEIGHING_KEY),
        "checks_lots": lambda inspection: checklist.asks(inspection.fields, checklist.LOT_KEY),
    }


def _item_or_404(inspection: Inspection, item_id: int) -> InspectionItem:
    item = next((item for item in inspection.items if item.id == item_id), None)
    if item is None:
        abort(404)
    return item


def _refuse_if_submitted(inspection: Inspection):
    if inspection.is_draft:
        return None
    flash(_("This inspection has been submitted and can no longer be changed; add an amendment."), "error")
    return redirect(url_for("inspections.show", inspection_id=inspection.id))


@bp.route("/inspections/<int:inspection_id>/instruments/check", methods=["GET", "POST"])
@roles_required(*TEAM_ROLES)
def check_instrument(inspection_id: int):
    """Start an item that checks one of the inspected business's instruments."""
    inspection = team_inspection(current_user, inspection_id)
    if refused := _refuse_if_submitted(inspection):
        return refused
    instruments = instruments_for(inspection)
    form = InstrumentItemForm()
    form.instrument_id.choices = choices((instrument.id, instrument_title(instrument)) for instrument in instruments)
    if request.method == "GET" and request.args.get("instrument"):
        form.instrument_id.data = request.args.get("instrument", type=int)
    if form.validate_on_submit():
        with shows_refusal(form):
            item = add_instrument_item(inspection, current_user, form.instrument_id.data)
            flash(_("Instrument added to the inspection."), "success")
            if item.instrument is not None and weighs(item.instrument.kind):
                return redirect(url_for("inspections.weighing", inspection_id=inspection.id, item_id=item.id))
            return redirect(url_for("inspections.edit_item", inspection_id=inspection.id, item_id=item.id))
    return render_template(
        "inspections/check_instrument.html", form=form, inspection=inspection, instruments=instruments
    )


@bp.route("/inspections/<int:inspection_id>/items/<int:item_id>/weighing", methods=["GET", "POST"])
@roles_required(*TEAM_ROLES)
def weighing(inspection_id: int, item_id: int):
    """The test with reference weights: the loads and readings, the error and MPE per load, and the verdict."""
    inspection = team_inspection(current_user, inspection_id)
    item = _item_or_404(inspection, item_id)
    if refused := _refuse_if_submitted(inspection):
        return refused
    if item.instrument is None:
        abort(404)
    if request.method == "GET":
        tests = tests_of(item)
        form = WeighingForm(
            data={
                "loads": [format_quantity(test.load) for test in tests],
                "readings": [format_quantity(test.reading) for test in tests],
            }
        )
        while len(form.loads) < max(len(tests) + 1, 5):
            form.loads.append_entry()
            form.readings.append_entry()
    else:
        form = WeighingForm()
    shown: WeighingVerdict | None = verdict_of(item)
    if form.validate_on_submit():
        with shows_refusal(form):
            if request.form.get("work_out"):
                shown = preview(item, form.to_input())
            else:
                shown = record_weighing(inspection, current_user, item.id, form.to_input())
                flash(_("Test saved: %(verdict)s.", verdict=_verdict_word(shown.passed)), "success")
                return redirect(url_for("inspections.weighing", inspection_id=inspection.id, item_id=item.id))
    return render_template(
        "inspections/weighing.html",
        form=form,
        inspection=inspection,
        item=item,
        instrument=item.instrument,
        certificate=certificate_state(inspection, item.instrument),
        verdict=shown,
        saved=item.checks.get(checklist.WEIGHING_KEY),
    )


def _verdict_word(passed: bool) -> str:
    return str(CheckResult.PASS.label if passed else CheckResult.FAIL.label)


@bp.route("/inspections/<int:inspection_id>/items/<int:item_id>/lot", methods=["GET", "POST"])
@roles_required(*TEAM_ROLES)
def lot_check(inspection_id: int, item_id: int):
    """A prepackaged lot's quantity check: nominal quantity, lot size, the sample, and each rule's result."""
    inspection = team_inspection(current_user, inspection_id)
    item = _item_or_404(inspection, item_id)
    if refused := _refuse_if_submitted(inspection):
        return refused
    stored = lot_check_of(item)
    if request.method == "GET" and stored is not None:
        form = LotForm(
            data={
                "nominal": format_quantity(stored.nominal),
                "unit": stored.unit,
                "lot_size": str(stored.lot_size),
                "samples": "\n".join(_sample_text(sample) for sample in stored.samples),
            }
        )
    else:
        form = LotForm()
    lot_size = form.lot_size_value()
    if request.method == "POST" and not request.form.get("sample_size") and form.validate_on_submit():
        with shows_refusal(form):
            record_lot(inspection, current_user, item.id, form.to_input())
            flash(_("Lot check saved."), "success")
            return redirect(url_for("inspections.lot_check", inspection_id=inspection.id, item_id=item.id))
    return render_template(
        "inspections/lot_check.html",
        form=form,
        inspection=inspection,
        item=item,
        lot=stored,
        rules=rule_lines(stored) if stored is not None else [],
        sample_size=required_sample(lot_size) if lot_size else None,
    )


def _sample_text(sample) -> str:
    if sample.gross is not None and sample.tare is not None:
        return f"{format_quantity(sample.gross)} - {format_quantity(sample.tare)}"
    return format_quantity(sample.net)


def _violation_draft(inspection: Inspection, item: InspectionItem) -> tuple[ViolationCategory, str]:
    """The category and the description, with the figures, of a violation found by an item's failed check."""
    summary = metrology_summary(inspection, item)
    parts = []
    if failed := checklist.failed(item.checks):
        parts.append(_("Failed: %(lines)s.", lines="; ".join(failed)))
    if summary.lot is not None:
        lot = summary.lot
        parts.append(
            _(
                "Lot of %(lot)d packages, nominal quantity %(nominal)s %(unit)s; sample of %(n)d packages.",
                lot=lot.lot_size,
                nominal=format_quantity(lot.nominal),
                unit=lot.unit,
                n=lot.sample_size,
            )
        )
        parts += [rule.text + "." for rule in summary.lot_rules if not rule.passed]
        return ViolationCategory.PREPACKAGED_QUANTITY, f"{item.title}: " + " ".join(parts)
    if summary.weighing is not None and summary.instrument is not None:
        unit = summary.instrument.unit
        for load in summary.weighing.loads:
            if not load.passed:
                parts.append(
                    _(
                        "Load %(load)s %(unit)s: read %(reading)s %(unit)s, error %(error)s %(unit)s, beyond the "
                        "maximum permissible error in service of ±%(mpe)s %(unit)s.",
                        load=format_quantity(load.load),
                        reading=format_quantity(load.reading),
                        error=("+" if load.error > 0 else "") + format_quantity(load.error),
                        mpe=format_quantity(load.mpe),
                        unit=unit,
                    )
                )
    return ViolationCategory.MEASUREMENT, f"{item.title}: " + " ".join(parts)


@bp.route("/inspections/<int:inspection_id>/items/<int:item_id>/violation", methods=["GET", "POST"])
@roles_required(*TEAM_ROLES)
def check_violation(inspection_id: int, item_id: int):
    """The violation form filled in from a failed check: its category, the figures, the item; the team chooses
    the measure and records it."""
    inspection = team_inspection(current_user, inspection_id)
    item = _item_or_404(inspection, item_id)

    def from_the_check(form: ViolationForm) -> None:
        category, description = _violation_draft(inspection, item)
        form.category.data, form.description.data, form.item_ids.data = category.value, description, [item.id]

    return violation_form_page(inspection, from_the_check, prefilled_from=item)
