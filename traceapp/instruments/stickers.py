"""The instrument's QR sticker: the address it carries and the text beside it, printed by the label sheets code.

The address is ``<PUBLIC_BASE_URL>/M/<code>``: a capital ``M`` and a code in Crockford capitals keep the whole
path in QR's alphanumeric mode (the symbol module ``labels.symbols`` writes the scheme and host in capitals), so
the sticker's symbol is as small as a product's. ``/m/<code>`` and ``/M/<code>`` answer the same page.
"""

from __future__ import annotations

from flask_babel import gettext as _

from traceapp import codes
from traceapp.instruments.kinds import unit_label
from traceapp.labels.sheets import LabelText
from traceapp.labels.targets import printable_base_url
from traceapp.models import MeasuringInstrument
from traceapp.web.formatting import format_quantity

PATH_PREFIX = "/M/"


def sticker_path(instrument: MeasuringInstrument) -> str:
    return PATH_PREFIX + instrument.public_code


def sticker_url(instrument: MeasuringInstrument) -> str:
    """What the printed QR holds; refuses (``UnprintableAddress``) an address no phone could open."""
    return printable_base_url() + sticker_path(instrument)


def title(instrument: MeasuringInstrument) -> str:
    """The instrument named as people name it: its kind, and Max when it has one (``Cân điện tử 30 kg``)."""
    name = str(instrument.kind.label)
    if instrument.max_capacity is not None:
        name += f" · Max {format_quantity(instrument.max_capacity)} {unit_label(instrument.unit)}"
    return name


def place(instrument: MeasuringInstrument) -> str:
    parts = [instrument.place_name]
    if instrument.stall:
        parts.append(_("stall %(stall)s", stall=instrument.stall))
    return ", ".join(part for part in parts if part)


def label_text(instrument: MeasuringInstrument) -> LabelText:
    details = tuple(line for line in (place(instrument),) if line)
    return LabelText(
        url=sticker_url(instrument),
        product=title(instrument),
        business=instrument.business.name,
        code=codes.display(instrument.public_code),
        call_to_scan=_("Scan to check its verification"),
        details=details,
    )
