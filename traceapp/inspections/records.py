"""The printed records of an inspection (biên bản kiểm tra) and of a violation (biên bản vi phạm hành chính).

Always in Vietnamese whatever the reader's language: the record is the legal document the team and the
business sign on the spot. The msgids are English like the rest of the app, and ``force_locale("vi")``
picks the catalogue's administrative wording.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer

from traceapp.clock import to_local
from traceapp.documents import place_and_date, place_of_writing
from traceapp.inspections import checklist
from traceapp.inspections.legal import LEGAL_BASIS
from traceapp.inspections.record_layout import (
    build,
    clock,
    esc,
    grid,
    header,
    line,
    para,
    photo_grid,
    photo_path,
    register_fonts,
    signature_image,
    signatures,
    vnd,
)
from traceapp.inspections.record_metrology import metrology_results
from traceapp.inspections.signatures import sheet as signature_sheet
from traceapp.models import (
    CheckResult,
    Inspection,
    InspectionField,
    InspectionItem,
    InspectionMember,
    RecordSignature,
    TeamRole,
    Violation,
)
from traceapp.web.formatting import format_date

COPIES = "02"  # one for the team, one for the business
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _top(inspection: Inspection, number: str, title: str, subtitle: str) -> list:
    issuer = _("PEOPLE'S COMMITTEE OF %(ward)s", ward=current_app.config["WARD_NAME"].upper())
    return [
        header(
            issuer,
            inspection.agency.name.upper(),
            _("Number: %(number)s", number=number),
            place_and_date(place_of_writing(), inspection.started_at),
        ),
        para(esc(title), "title"),
        para(esc(subtitle), "subtitle") if subtitle else Spacer(1, 8),
    ]


def _numbered(sections: list[tuple[str, list]]) -> list:
    story = []
    for numeral, (title, flowables) in zip(_ROMAN, (s for s in sections if s[1]), strict=False):
        story += [para(f"{numeral}. {esc(title.upper())}", "section"), *flowables]
    return story


def _where(inspection: Inspection) -> str:
    business = inspection.business
    name = inspection.place_name or (business.name if business else "")
    address = inspection.place_address or (business.address if business else "")
    return ", ".join(part for part in (name, address) if part)


def _opening(inspection: Inspection) -> list:
    return [
        para(
            esc(
                _(
                    "Today, at %(time)s, at %(place)s, we, the undersigned:",
                    time=clock(inspection.started_at),
                    place=_where(inspection),
                )
            )
        )
    ]


def _team(inspection: Inspection) -> list:
    rows = [[str(n), m.name, m.position, str(m.role.label)] for n, m in enumerate(inspection.members, start=1)]
    return [grid([_("No."), _("Full name"), _("Position and unit"), _("Role in the team")], rows, [12, 55, 58, 40])]


def _party(inspection: Inspection, violation: Violation | None = None) -> list:
    business = (violation.business if violation else None) or inspection.business
    if business is None:
        return [
            line(_("Name of the place"), inspection.place_name),
            line(_("Address"), inspection.place_address),
            para(esc(_("The place has no business registration."))),
        ]
    return [
        line(_("Name of the business"), business.name),
        line(_("Type"), business.kind.label),
        line(_("Business registration or tax number"), business.registration_number),
        line(_("Owner or legal representative"), business.owner_name),
        line(_("Address"), business.address),
        line(_("Phone"), business.phone),
    ]


def _field_labels(inspection: Inspection) -> list[str]:
    known = {field.value: field for field in InspectionField}
    return [str(known[value].label) for value in inspection.fields if value in known]


def _scope(inspection: Inspection) -> list:
    time = clock(inspection.started_at)
    if inspection.ended_at:
        time = _("from %(start)s to %(end)s", start=time, end=clock(inspection.ended_at))
    return [
        line(_("Kind of inspection"), inspection.kind.label),
        line(_("Fields inspected"), "; ".join(_field_labels(inspection))),
        line(_("Time"), time),
    ]


def _item_name(item: InspectionItem) -> str:
    return item.product.name if item.product else item.description


def _result(item: InspectionItem) -> str:
    if item.result is None:
        return _("No result yet: a line is not answered")
    result = str(item.result.label)
    if item.result == CheckResult.FAIL and (failed := checklist.failed(item.checks)):
        result += ": " + "; ".join(failed)
    return result


def _items(items: list[InspectionItem], fields: list[str], *, final: bool) -> list:
    if not items:
        return [para(esc(_("No item was checked.")))]
    rows = []
    for n, item in enumerate(items, start=1):
        lot = ""
        if item.batch:
            lot = item.batch.lot_code
            if item.batch.expiry_date:
                lot += "\n" + _("Expiry %(date)s", date=format_date(item.batch.expiry_date))
        rows.append([str(n), _item_name(item), lot, _result(item), item.note])
    return [
        grid([_("No."), _("Goods"), _("Lot"), _("Result"), _("Note")], rows, [12, 52, 27, 44, 30]),
        *_answers(items, fields, final=final),
    ]


def _answers(items: list[InspectionItem], fields: list[str], *, final: bool) -> list:
    """Each item's checklist, line by line, with the answer given; a line nobody answered says so (on a draft:
    a submitted record shows the lines it was submitted with, ``checklist.answers``)."""
    lines = checklist.lines_for(fields)
    rows = []
    for n, item in enumerate(items, start=1):
        for index, answer in enumerate(checklist.answers(item.checks, lines, final=final)):
            said = str(answer.result.label) if answer.result else _("Not answered")
            rows.append([str(n) if index == 0 else "", answer.label, said])
    if not rows:
        return []
    return [
        para(esc(_("Checklist answers, item by item:"))),
        grid([_("Item No."), _("Line checked"), _("Answer")], rows, [12, 118, 35]),
    ]


def _seized(violation: Violation) -> str:
    if violation.seized_quantity and violation.seized_value_vnd is not None:
        return _(
            "%(quantity)s, worth %(value)s", quantity=violation.seized_quantity, value=vnd(violation.seized_value_vnd)
        )
    return violation.seized_quantity or vnd(violation.seized_value_vnd)


def _measures(violation: Violation) -> list:
    out = [line(_("Measure"), violation.measure.label)]
    if violation.fine_vnd is not None:
        out.append(line(_("Amount of the fine"), vnd(violation.fine_vnd)))
    if seized := _seized(violation):
        out.append(line(_("Goods seized"), seized))
    if violation.remedy_deadline:
        out.append(line(_("Deadline to remedy"), format_date(violation.remedy_deadline)))
    return out


def _legal_basis(violation: Violation) -> list:
    basis = str(LEGAL_BASIS.get(violation.category, ""))
    return [line(_("Provided for in"), basis)] if basis else []


def _violations_found(inspection: Inspection) -> list:
    if not inspection.violations:
        return [para(esc(_("No violation was found.")))]
    out = []
    for n, violation in enumerate(inspection.violations, start=1):
        block = [
            para(f"<b>{n}. {esc(violation.category.label)}</b>"),
            *_legal_basis(violation),
            line(_("What was found"), violation.description),
        ]
        if violation.items:
            block.append(line(_("Items concerned"), "; ".join(_item_name(item) for item in violation.items)))
        out.append(KeepTogether(block + _measures(violation)))
    return out


def _photos(items: list[InspectionItem]) -> list:
    folder = current_app.config["UPLOAD_FOLDER"]
    photos = [
        (photo_path(folder, photo.file_name), f"{n}. {_item_name(item)}")
        for n, item in enumerate(items, start=1)
        for photo in item.photos
    ]
    return [photo_grid(photos)] if photos else []


def _leader(inspection: Inspection) -> str:
    leaders = [m for m in inspection.members if m.role == TeamRole.LEADER] or inspection.members
    return leaders[0].name if leaders else ""


def _lead_member(inspection: Inspection) -> InspectionMember | None:
    leaders = [m for m in inspection.members if m.role == TeamRole.LEADER] or inspection.members
    return leaders[0] if leaders else None


def _mark(signature: RecordSignature | None) -> list | None:
    """What stands in a block: the drawn signature, or "refused to sign" with the reason and the witness."""
    if signature is None:
        return None
    if signature.refused:
        mark = [
            para(f"<b>{esc(_('REFUSED TO SIGN'))}</b>", "sign_hint"),
            para(esc(_("Reason: %(reason)s", reason=signature.refusal_reason)), "sign_hint"),
            para(esc(_("Witness: %(name)s", name=signature.witness_name)), "sign_hint"),
        ]
        if signature.witness_image:
            mark.append(signature_image(signature.witness_image, height=14 * mm))
        return mark
    return [signature_image(signature.image)] if signature.image else None


def _signed(inspection: Inspection, violation: Violation | None, left: list[str], right: list[str]) -> KeepTogether:
    """The signature blocks, with the signatures taken on the screen (voided ones are not printed): the party on
    the left, the team leader on the right, the other members below; a block nobody signed stays blank."""
    party, *members = signature_sheet(inspection, violation)
    lead = _lead_member(inspection)
    leader = next((line for line in members if line.member is lead), None)
    refused = party.signature is not None and party.signature.refused
    return signatures(
        _closing(inspection),
        left,
        right,
        _leader(inspection),
        left_name=party.name if party.signature else "",
        marks=(_mark(party.signature), _mark(leader.signature) if leader else None),
        refusal=party.signature.refusal_reason if party.signature and refused else "",
        more=[
            ([_("MEMBER OF THE INSPECTION TEAM")], line.name, _mark(line.signature))
            for line in members
            if line is not leader
        ],
    )


def _closing(inspection: Inspection) -> str:
    sentences = []
    if inspection.ended_at:
        sentences.append(_("The inspection ended at %(time)s.", time=clock(inspection.ended_at)))
    sentences.append(
        _(
            "This record is made in %(copies)s copies of equal validity, one kept by each party; it was "
            "read aloud to the persons named above, who heard it and signed to confirm it.",
            copies=COPIES,
        )
    )
    return " ".join(sentences)


def inspection_record(inspection: Inspection) -> bytes:
    """The PDF of the inspection record: team, party, scope, items, violations, conclusion, photos, signatures."""
    with force_locale("vi"):
        register_fonts()
        number = f"{inspection.number}/BB-KT"
        fields = ", ".join(_lower_first(label) for label in _field_labels(inspection))
        story = _top(
            inspection,
            number,
            _("INSPECTION RECORD"),
            _("On the inspection of %(fields)s", fields=fields) if fields else "",
        )
        if inspection.decision_number:
            story.append(
                para(esc(_("Pursuant to inspection decision No. %(number)s;", number=inspection.decision_number)))
            )
        story += _opening(inspection)
        story += _numbered(
            [
                (_("The inspection team"), _team(inspection)),
                (_("The inspected party"), _party(inspection)),
                (_("Scope of the inspection"), _scope(inspection)),
                (
                    _("Results of the inspection"),
                    [
                        *_items(inspection.items, inspection.fields, final=not inspection.is_draft),
                        *metrology_results(inspection),
                        *([line(_("Overall result"), inspection.result.label)] if inspection.result else []),
                    ],
                ),
                (_("Violations found"), _violations_found(inspection)),
                (_("Conclusion"), [para(esc(inspection.conclusion or "." * 200))]),
                (_("Photos"), _photos(inspection.items)),
            ]
        )
        story.append(
            _signed(
                inspection,
                None,
                [_("REPRESENTATIVE OF THE INSPECTED BUSINESS")],
                [_("FOR THE INSPECTION TEAM"), _("TEAM LEADER")],
            )
        )
        return build(
            story,
            title=f"{_('INSPECTION RECORD')} {inspection.number}",
            author=inspection.agency.name,
            footer=_("Record No. %(number)s", number=number),
            draft=inspection.is_draft,
        )


def violation_number(violation: Violation) -> str:
    """The inspection's number and the violation's place in it, e.g. KT-2026-0012-01."""
    position = next(n for n, v in enumerate(violation.inspection.violations, start=1) if v.id == violation.id)
    return f"{violation.inspection.number}-{position:02d}"


def violation_record(violation: Violation) -> bytes:
    """The PDF of one violation's record; the header, team and place come from its inspection."""
    inspection = violation.inspection
    with force_locale("vi"):
        register_fonts()
        number = f"{violation_number(violation)}/BB-VPHC"
        story = _top(
            inspection,
            number,
            _("RECORD OF ADMINISTRATIVE VIOLATION"),
            _("On %(category)s", category=_lower_first(str(violation.category.label))),
        )
        story.append(para(esc(_("Pursuant to the Law on Handling Administrative Violations 2012 (amended in 2020);"))))
        story.append(
            para(
                esc(
                    _(
                        "Pursuant to inspection record No. %(number)s of %(date)s;",
                        number=f"{inspection.number}/BB-KT",
                        date=to_local(inspection.started_at).strftime("%d/%m/%Y"),
                    )
                )
            )
        )
        if inspection.decision_number:
            story.append(
                para(esc(_("Pursuant to inspection decision No. %(number)s;", number=inspection.decision_number)))
            )
        story += _opening(inspection)
        story += _numbered(
            [
                (_("The inspection team"), _team(inspection)),
                (_("The party in violation"), _party(inspection, violation)),
                (
                    _("The violation"),
                    [
                        line(_("Category of violation"), violation.category.label),
                        line(_("What was found"), violation.description),
                        *_legal_basis(violation),
                        *(
                            [
                                para(esc(_("Goods concerned:"))),
                                *_items(violation.items, inspection.fields, final=not inspection.is_draft),
                            ]
                            if violation.items
                            else []
                        ),
                    ],
                ),
                (_("Measures"), _measures(violation)),
                (_("Photos"), _photos(violation.items)),
            ]
        )
        story.append(
            _signed(
                inspection,
                violation,
                [_("REPRESENTATIVE OF THE PARTY IN VIOLATION")],
                [_("FOR THE INSPECTION TEAM"), _("MAKER OF THE RECORD")],
            )
        )
        return build(
            story,
            title=f"{_('RECORD OF ADMINISTRATIVE VIOLATION')} {number}",
            author=inspection.agency.name,
            footer=_("Record No. %(number)s", number=number),
            draft=inspection.is_draft,
        )
