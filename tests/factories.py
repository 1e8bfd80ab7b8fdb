"""Plain keyword-only factories: each builds one valid record, committed, with overridable fields."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from stdnum import ean

from traceapp import codes
from traceapp.extensions import db
from traceapp.inspections import checklist
from traceapp.models import (
    Agency,
    Batch,
    Business,
    BusinessKind,
    BusinessStatus,
    CheckResult,
    ConsumerReport,
    CooperationEvent,
    EventKind,
    EventTopic,
    Inspection,
    InspectionField,
    InspectionItem,
    InspectionKind,
    InspectionMember,
    InspectionStatus,
    InstrumentKind,
    LinkStatus,
    Measure,
    MeasuringInstrument,
    Product,
    ProductCategory,
    ReportKind,
    ReportStatus,
    Role,
    SupplyLink,
    TeamRole,
    TechnologyKind,
    TechnologyUse,
    User,
    Violation,
    ViolationCategory,
    ViolationStatus,
)

PASSWORD = "secret123"
_seq = itertools.count(1)


def make_agency(*, name: str | None = None, short_name: str = "VH-XH") -> Agency:
    n = next(_seq)
    agency = Agency(name=name or f"Phòng Văn hóa – Xã hội {n}", short_name=short_name)
    db.session.add(agency)
    db.session.commit()
    return agency


def make_business(
    *,
    name: str | None = None,
    status: BusinessStatus = BusinessStatus.VERIFIED,
    kind: BusinessKind = BusinessKind.HOUSEHOLD,
    **fields,
) -> Business:
    n = next(_seq)
    business = Business(
        name=name or f"Hộ kinh doanh Nước mắm Số {n}",
        kind=kind,
        registration_number=fields.pop("registration_number", f"43{n:08d}"),
        owner_name=fields.pop("owner_name", "Nguyễn Văn An"),
        phone=fields.pop("phone", f"0912{n:06d}"),
        address=fields.pop("address", "12 Quốc lộ 1A, phường Đức Phổ"),
        status=status,
        **fields,
    )
    db.session.add(business)
    db.session.commit()
    return business


def make_user(
    *,
    role: Role = Role.INSPECTOR,
    business: Business | None = None,
    agency: Agency | None = None,
    phone: str | None = None,
    email: str | None = None,
    name: str = "Trần Thị Bình",
    password: str = PASSWORD,
    active: bool = True,
) -> User:
    n = next(_seq)
    if role == Role.BUSINESS and business is None:
        business = make_business()
    if role != Role.BUSINESS and agency is None:
        agency = make_agency()
    user = User(
        name=name,
        phone=phone or f"0987{n:06d}",
        email=email,
        role=role,
        business=business,
        agency=agency,
        active=active,
    )
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def valid_gtin(n: int | None = None) -> str:
    """A 13-digit Vietnamese (893) GTIN with a correct check digit."""
    body = f"893{(n or next(_seq)):09d}"
    return body + ean.calc_check_digit(body)


def make_product(
    *,
    business: Business | None = None,
    name: str | None = None,
    gtin: str | None = None,
    category: ProductCategory = ProductCategory.SEAFOOD,
    **fields,
) -> Product:
    product = Product(
        business=business or make_business(),
        name=name or f"Nước mắm cá cơm Sa Huỳnh {next(_seq)}",
        category=category,
        gtin=gtin.zfill(14) if gtin else None,
        public_code=fields.pop("public_code", codes.new_code()),
        **fields,
    )
    db.session.add(product)
    db.session.commit()
    return product


def make_batch(
    *,
    product: Product | None = None,
    lot_code: str | None = None,
    production_date: date | None = date(2026, 10, 1),
    expiry_date: date | None = date(2028, 10, 1),
    **fields,
) -> Batch:
    batch = Batch(
        product=product or make_product(),
        lot_code=lot_code or f"L{next(_seq):05d}",
        production_date=production_date,
        expiry_date=expiry_date,
        quantity=fields.pop("quantity", Decimal("100")),
        unit=fields.pop("unit", "chai"),
        public_code=fields.pop("public_code", codes.new_code()),
        **fields,
    )
    db.session.add(batch)
    db.session.commit()
    return batch


def make_inspection(
    *,
    business: Business | None = None,
    agency: Agency | None = None,
    created_by: User | None = None,
    kind: InspectionKind = InspectionKind.UNANNOUNCED,
    fields: list[str] | None = None,
    status: InspectionStatus = InspectionStatus.DRAFT,
    **extra,
) -> Inspection:
    creator = created_by or make_user(role=Role.INSPECTOR)
    inspection = Inspection(
        number=extra.pop("number", f"KT-2026-{next(_seq):04d}"),
        agency=agency or creator.agency or make_agency(),
        kind=kind,
        fields=fields if fields is not None else [InspectionField.LABELLING.value, InspectionField.QUALITY.value],
        business=business,
        place_name=extra.pop("place_name", "" if business else "Sạp hàng khô chợ Thạch Trụ"),
        place_address=extra.pop("place_address", "Chợ Thạch Trụ, phường Đức Phổ"),
        created_by=creator,
        status=status,
        **extra,
    )
    inspection.members.append(InspectionMember(user=creator, name=creator.name, role=TeamRole.LEADER))
    db.session.add(inspection)
    db.session.commit()
    return inspection


def join_team(inspection: Inspection, user: User, role: TeamRole = TeamRole.OFFICER) -> InspectionMember:
    """Put ``user``'s account on the inspection's team, so the team rule lets them work on it."""
    member = InspectionMember(inspection=inspection, user=user, name=user.name, role=role)
    db.session.add(member)
    db.session.commit()
    return member


def make_item(
    *,
    inspection: Inspection,
    batch: Batch | None = None,
    product: Product | None = None,
    checks: dict[str, str] | None = None,
    result: CheckResult | None = None,
    description: str = "",
    note: str = "",
    rest: CheckResult | None = CheckResult.PASS,
) -> InspectionItem:
    """An item of ``inspection``: the lines ``checks`` names answered so, every other line of the inspection's
    checklist answered ``rest`` (None: left unanswered); its result from those answers unless given."""
    lines = checklist.lines_for(inspection.fields)
    answers = {line.key: rest.value for line in lines} if rest is not None else {}
    answers.update(checks or {})
    item = InspectionItem(
        inspection=inspection,
        batch=batch,
        product=product or (batch.product if batch else None),
        description=description,
        checks=answers,
        result=result if result is not None else checklist.result_of(answers, lines),
        note=note,
        created_by=inspection.created_by,
    )
    db.session.add(item)
    db.session.commit()
    return item


def make_violation(
    *,
    inspection: Inspection,
    category: ViolationCategory = ViolationCategory.LABELS,
    measure: Measure = Measure.WARNING,
    items: list[InspectionItem] | None = None,
    status: ViolationStatus = ViolationStatus.OPEN,
    **extra,
) -> Violation:
    violation = Violation(
        inspection=inspection,
        business=inspection.business,
        category=category,
        measure=measure,
        description=extra.pop("description", "Nhãn hàng hóa không ghi hạn sử dụng"),
        items=items or [],
        status=status,
        created_by=inspection.created_by,
        **extra,
    )
    db.session.add(violation)
    db.session.commit()
    return violation


def make_report(
    *,
    product: Product | None = None,
    batch: Batch | None = None,
    kind: ReportKind = ReportKind.EXPIRED,
    status: ReportStatus = ReportStatus.NEW,
    **extra,
) -> ConsumerReport:
    report = ConsumerReport(
        tracking_code=extra.pop("tracking_code", codes.new_code()),
        product=product or (batch.product if batch else None),
        batch=batch,
        kind=kind,
        message=extra.pop("message", "Mua ở chợ Đức Phổ, hàng đã quá hạn sử dụng."),
        status=status,
        **extra,
    )
    db.session.add(report)
    db.session.commit()
    return report


def make_link(
    *,
    upstream: Batch | None = None,
    downstream: Batch | None = None,
    recorded_by: Business | None = None,
    status: LinkStatus = LinkStatus.CONFIRMED,
    created_by: User | None = None,
    **extra,
) -> SupplyLink:
    """A supply-chain edge; by default recorded by the downstream batch's business and already confirmed."""
    owner = recorded_by or (downstream.product.business if downstream else upstream.product.business)
    link = SupplyLink(
        upstream_batch=upstream,
        downstream_batch=downstream,
        recorded_by_business=owner,
        status=status,
        created_by=created_by or make_user(role=Role.BUSINESS, business=owner),
        shipped_on=extra.pop("shipped_on", date(2026, 10, 5)),
        quantity=extra.pop("quantity", Decimal("50")),
        unit=extra.pop("unit", "kg"),
        **extra,
    )
    db.session.add(link)
    db.session.commit()
    return link


def make_event(
    *,
    kind: EventKind = EventKind.DIALOGUE,
    held_on: date = date(2026, 12, 10),
    agency: Agency | None = None,
    created_by: User | None = None,
    **extra,
) -> CooperationEvent:
    creator = created_by or make_user(role=Role.OFFICER)
    event = CooperationEvent(
        kind=kind,
        held_on=held_on,
        title=extra.pop("title", "Đối thoại doanh nghiệp về truy xuất nguồn gốc"),
        place=extra.pop("place", "Hội trường UBND phường Đức Phổ"),
        agency=agency or creator.agency or make_agency(),
        topics=extra.pop("topics", [EventTopic.TRACEABILITY.value]),
        created_by=creator,
        **extra,
    )
    db.session.add(event)
    db.session.commit()
    return event


def make_technology(*, business: Business, kind: TechnologyKind = TechnologyKind.E_INVOICE, **extra) -> TechnologyUse:
    use = TechnologyUse(business=business, kind=kind, **extra)
    db.session.add(use)
    db.session.commit()
    return use


def make_instrument(
    *,
    business: Business | None = None,
    kind: InstrumentKind = InstrumentKind.ELECTRONIC_SCALE,
    due_on: date | None = None,
    **fields,
) -> MeasuringInstrument:
    """A measuring instrument of ``business``: an electronic counter scale of class III, Max 30 kg, e 10 g."""
    instrument = MeasuringInstrument(
        business=business or make_business(),
        kind=kind,
        public_code=fields.pop("public_code", codes.new_code()),
        accuracy_class=fields.pop("accuracy_class", "III"),
        max_capacity=fields.pop("max_capacity", Decimal("30")),
        scale_interval=fields.pop("scale_interval", Decimal("0.01")),
        unit=fields.pop("unit", "kg"),
        place_name=fields.pop("place_name", "Chợ Đức Phổ"),
        stall=fields.pop("stall", f"Sạp {next(_seq)}"),
        due_on=due_on,
        **fields,
    )
    db.session.add(instrument)
    db.session.commit()
    return instrument
