"""The pages a consumer opens, no login: an instrument's page (its QR sticker leads there), the report form
about it, and the market's reference scales (cân đối chứng) where anyone may re-weigh what they bought."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from traceapp import codes
from traceapp.clock import local_today
from traceapp.consumer_reports.forms import ReportForm
from traceapp.inspections.queries import failure_stands, violations_naming
from traceapp.instruments import bp, stickers
from traceapp.instruments.queries import instrument_by_code, latest_check, reference_scales
from traceapp.instruments.verdict import decide
from traceapp.models import InstrumentStatus, MeasuringInstrument, ReportKind
from traceapp.web.errors import abort_with


def _well_formed(code: str) -> str:
    """The code as printed (case, dashes, I/L/O forgiven, as product codes are read); 400 for what is no code."""
    normalised = codes.normalise(code)
    if not codes.is_well_formed(normalised):
        abort_with(
            400,
            _("“%(code)s” is not a code we print. A code has 8 letters and digits, like ABCD-2345.", code=code[:40]),
        )
    return normalised


def _found(code: str) -> MeasuringInstrument:
    instrument = instrument_by_code(code)
    if instrument is None:
        abort_with(
            404,
            _(
                "No measuring instrument has the code %(code)s. Check the code, or report it to the ward.",
                code=codes.display(code),
            ),
        )
    return instrument


# Decorators apply bottom-up: /m/ is registered first, so url_for builds the lowercase address for links.
@bp.route("/M/<code>")  # what the sticker's QR holds: capitals keep the symbol small (stickers.py)
@bp.route("/m/<code>")
def public_page(code: str):
    normalised = _well_formed(code)
    if normalised != code:
        return redirect(url_for("instruments.public_page", code=normalised), 301)
    instrument = _found(code)
    check = latest_check(instrument)
    violations = violations_naming(check) if check is not None else []
    verdict = decide(
        retired=instrument.status == InstrumentStatus.RETIRED,
        failure_stands=failure_stands(check),
        due_on=instrument.due_on,
        today=local_today(),
    )
    return render_template(
        "instruments/public.html",
        instrument=instrument,
        business=instrument.business,
        verdict=verdict,
        title=stickers.title(instrument),
        place=stickers.place(instrument),
        check=check,
        violations=violations,
        retired=instrument.status == InstrumentStatus.RETIRED,
        declared=instrument.status == InstrumentStatus.DECLARED,
        staff=current_user.is_authenticated and current_user.is_staff,
    )


@bp.route("/m/<code>/report")
def report(code: str):
    """The consumer report form (traceapp/consumer_reports), filled in about this instrument. A report names a
    product or batch by its code, not an instrument, so the instrument is named in the message, which the
    consumer completes; the form sends to the usual report address and the usual flow takes over."""
    normalised = _well_formed(code)
    if normalised != code:
        return redirect(url_for("instruments.report", code=normalised), 301)
    instrument = _found(code)
    where = stickers.place(instrument) or instrument.address
    message = _(
        "About the measuring instrument %(code)s (%(title)s) of %(business)s%(where)s: ",
        code=codes.display(instrument.public_code),
        title=stickers.title(instrument),
        business=instrument.business.name,
        where=f", {where}" if where else "",
    )
    form = ReportForm(formdata=None, kind=ReportKind.SHORT_WEIGHT.value, place=where, message=message)
    return render_template(
        "consumer_reports/form.html",
        form=form,
        product=None,
        batch=None,
    )


@bp.route("/reference-scales")
def reference_scales_page():
    today = local_today()
    scales = reference_scales()
    return render_template(
        "instruments/reference_scales.html",
        scales=[
            (
                scale,
                stickers.place(scale),
                decide(retired=False, failure_stands=False, due_on=scale.due_on, today=today),
            )
            for scale in scales
        ],
    )
