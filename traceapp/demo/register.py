"""The inspection register of plan task 5, as the ward's staff and its consumers fill it in.

A label inspection a year ago whose violation was remedied and closed; one twelve days ago that found a label
without an expiry date (the violation still open, its deadline three days away); a conforming one; one in
progress at the market, started from a consumer's report; consumer reports in each state; a recalled batch.
Results come from the services' own rules (an item fails when a check fails, an inspection when an item or a
violation does), never set by hand; every line of each item's checklist is answered, as submitting requires.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from traceapp.clock import local_today, to_local
from traceapp.consumer_reports import services as reports
from traceapp.consumer_reports.inputs import NewReport
from traceapp.demo.market import BatchPlan, BusinessPlan, ProductPlan
from traceapp.demo.staff import Staff, agency_id
from traceapp.demo.timeline import Story, Timeline
from traceapp.inspections import checklist, violations
from traceapp.inspections.inputs import InspectionInput, MemberInput, ViolationInput
from traceapp.inspections.recalls import recall
from traceapp.inspections.services import add_item, add_member, create_inspection, submit
from traceapp.models import (
    BusinessKind,
    Inspection,
    InspectionField,
    InspectionKind,
    Measure,
    ReportKind,
    ReportStatus,
    TeamRole,
    User,
    ViolationCategory,
    ViolationStepAction,
)
from traceapp.reports.periods import REPORT_DAY

RECALLED_BATCH = 7  # the eighth batch of the plan, for the red banner on its public page


def schedule(timeline: Timeline, plans: list[BusinessPlan], staff: Staff) -> None:
    verified = [plan for plan in plans if plan.verified]
    fish_sauce = verified[0]
    turmeric = next(plan for plan in verified if plan.profile.kind == BusinessKind.COOPERATIVE)
    last_year = timeline.local(_a_year_ago(timeline.today), 8, 30)
    checked = next(plan for plan in verified[1:] if _batches_by(plan, last_year))
    timeline.add(_remedied_last_year(last_year, checked, staff))
    timeline.add(_label_violation(timeline, fish_sauce, staff))
    timeline.add(_conforming(timeline, turmeric, staff))
    timeline.add(_wrong_label_report(timeline, fish_sauce))
    timeline.add(_short_weight_report_and_market_check(timeline, staff))
    timeline.add(_resolved_report(timeline, turmeric, staff))
    product, batch = [(p, b) for business in plans for p in business.products for b in p.batches][RECALLED_BATCH]
    timeline.add(_recall(timeline, product, batch, staff))


def _answers(inspection: Inspection, **answers: str) -> dict[str, str]:
    """The inspector's answer to every line of the inspection's checklist: "pass" unless said otherwise."""
    return {line.key: answers.get(line.key, "pass") for line in checklist.lines_for(inspection.fields)}


def _batches_by(business: BusinessPlan, moment: datetime) -> list[tuple[ProductPlan, BatchPlan]]:
    """The business's batches registered before ``moment``: what an inspection then can find on the shelf."""
    return [(product, batch) for product in business.products for batch in product.batches if batch.made_at < moment]


def _a_year_ago(today: date) -> date:
    """About a year ago, and inside last year's reporting period (16 November to 15 November): the plan report
    then has an inspection to set beside this year's, whatever the day the demo is loaded."""
    return min(date(today.year - 1, today.month, min(today.day, 28)), date(today.year - 1, *REPORT_DAY))


def _inspect(
    inspector: User,
    business: BusinessPlan,
    started: datetime,
    kind: InspectionKind,
    fields: tuple[InspectionField, ...],
    decision_number: str = "",
) -> Inspection:
    """An inspection of a registered business at its address, started by ``inspector``."""
    return create_inspection(
        inspector,
        InspectionInput(
            agency_id=agency_id(inspector),
            kind=kind,
            fields=fields,
            started_at=started,
            business_id=business.business.id,
            place_address=business.profile.address,
            decision_number=decision_number,
        ),
    )


def _remedied_last_year(started: datetime, business: BusinessPlan, staff: Staff) -> Story:
    """Last year: labels without the origin; the business reprinted them, the inspector confirmed and closed."""
    inspector = staff.market_inspector
    (product, batch), *_ = _batches_by(business, started)
    yield started
    inspection = _inspect(inspector, business, started, InspectionKind.PERIODIC, (InspectionField.LABELLING,))
    yield started + timedelta(minutes=20)  # the team opens the record, then checks the goods
    item = add_item(
        inspection,
        inspector,
        product=product.product,
        batch=batch.batch,
        checks=_answers(inspection, label_origin="fail"),
        note="Nhãn không ghi xuất xứ hàng hóa",
    )
    yield started + timedelta(hours=1)
    violation = violations.record_violation(
        inspection,
        inspector,
        ViolationInput(
            category=ViolationCategory.LABELS,
            description="Nhãn hàng hóa không ghi xuất xứ theo Nghị định 43/2017/NĐ-CP.",
            measure=Measure.REMINDER,
            item_ids=(item.id,),
            remedy_deadline=to_local(started).date() + timedelta(days=15),
        ),
    )
    yield started + timedelta(hours=2)
    submit(inspection, inspector, "Nhắc nhở cơ sở ghi đủ xuất xứ trên nhãn; khắc phục trong 15 ngày.")
    yield started + timedelta(days=9, hours=2)
    violations.report_remedy(violation, business.owner_user, "Đã in lại nhãn có ghi xuất xứ cho các lô đang bán.")
    yield started + timedelta(days=12)
    violations.take_step(violation, inspector, ViolationStepAction.REMEDY_CONFIRMED, "Đã kiểm tra lại tại cơ sở.")
    yield started + timedelta(days=20)
    violations.take_step(violation, inspector, ViolationStepAction.CLOSED)


def _label_violation(timeline: Timeline, business: BusinessPlan, staff: Staff) -> Story:
    """Twelve days ago, unannounced, with the police: one bottle's label has no expiry date, the other is fine."""
    inspector, police = staff.inspector, staff.police
    started = timeline.days_ago(12, 8)
    (bad_product, bad), (good_product, good), *_ = _batches_by(business, started)
    yield started
    inspection = _inspect(
        inspector,
        business,
        started,
        InspectionKind.UNANNOUNCED,
        (InspectionField.LABELLING, InspectionField.QUALITY),
        decision_number=f"15/QĐ-UBND ngày {timeline.today - timedelta(days=30):%d/%m/%Y}",
    )
    yield started + timedelta(minutes=20)  # the team opens the record, then checks the goods
    add_member(
        inspection,
        inspector,
        MemberInput(name=police.name, role=TeamRole.POLICE, position="Công an phường", user_id=police.id),
    )
    failed = add_item(
        inspection,
        inspector,
        product=bad_product.product,
        batch=bad.batch,
        checks=_answers(inspection, label_expiry="fail", quality_cr_mark="na"),
        note="Nhãn không ghi hạn sử dụng",
    )
    add_item(
        inspection,
        inspector,
        product=good_product.product,
        batch=good.batch,
        checks=_answers(inspection, quality_cr_mark="na"),
    )
    yield started + timedelta(hours=1, minutes=30)
    violations.record_violation(
        inspection,
        inspector,
        ViolationInput(
            category=ViolationCategory.LABELS,
            description="Hàng hóa lưu thông có nhãn không ghi hạn sử dụng theo Nghị định 43/2017/NĐ-CP.",
            measure=Measure.WARNING,
            item_ids=(failed.id,),
            remedy_deadline=timeline.today + timedelta(days=3),
        ),
    )
    yield started + timedelta(hours=2)
    submit(inspection, inspector, "Cơ sở vi phạm quy định về nhãn hàng hóa; yêu cầu khắc phục trong 15 ngày.")


def _conforming(timeline: Timeline, business: BusinessPlan, staff: Staff) -> Story:
    inspector = staff.inspector
    started = timeline.days_ago(45, 9)
    (product, batch), *_ = _batches_by(business, started)
    yield started
    inspection = _inspect(inspector, business, started, InspectionKind.PERIODIC, (InspectionField.QUALITY,))
    yield started + timedelta(minutes=20)  # the team opens the record, then checks the goods
    add_item(
        inspection,
        inspector,
        product=product.product,
        batch=batch.batch,
        checks=_answers(inspection, quality_cr_mark="na", quality_certificates="na"),
    )
    yield started + timedelta(hours=2)
    submit(inspection, inspector, "Cơ sở chấp hành tốt quy định về chất lượng và nhãn hàng hóa.")


def _wrong_label_report(timeline: Timeline, business: BusinessPlan) -> Story:
    """Two evenings ago, from the code on a bottle; no one has looked at it yet."""
    yield timeline.days_ago(2, 19)
    reports.submit_report(
        NewReport(
            kind=ReportKind.WRONG_LABEL,
            message="Chai nước mắm mua ở tạp hóa không thấy ghi hạn sử dụng.",
            code=business.products[0].product.public_code,
        )
    )


def _short_weight_report_and_market_check(timeline: Timeline, staff: Staff) -> Story:
    """Yesterday at dawn, short weight at the market; the police take it and go to check this morning."""
    police = staff.police
    yield timeline.days_ago(1, 6)
    report = reports.submit_report(
        NewReport(
            kind=ReportKind.SHORT_WEIGHT,
            message="Mua 1 kg cá cơm khô, cân lại ở nhà chỉ được 850 gam.",
            place="Chợ Thạch Trụ",
        )
    )
    yield timeline.days_ago(1, 8)
    reports.assign(report, police, police.id)
    started = timeline.days_ago(0, 7)
    yield started
    create_inspection(
        police,
        InspectionInput(
            agency_id=agency_id(police),
            kind=InspectionKind.INTERAGENCY,
            fields=(InspectionField.METROLOGY, InspectionField.PREPACKAGED),
            started_at=min(started, timeline.now),
            place_name="Sạp hàng khô chợ Thạch Trụ",
            place_address="Chợ Thạch Trụ, phường Đức Phổ",
            report_id=report.id,
        ),
    )


def _resolved_report(timeline: Timeline, business: BusinessPlan, staff: Staff) -> Story:
    """Received twenty days ago, handed to the inspector, answered four days ago."""
    yield timeline.days_ago(20, 20)
    report = reports.submit_report(
        NewReport(
            kind=ReportKind.POOR_QUALITY,
            message="Tinh bột nghệ bị vón cục.",
            code=business.products[0].product.public_code,
        )
    )
    yield timeline.days_ago(19, 8)
    reports.assign(report, staff.officer, staff.inspector.id)
    yield timeline.days_ago(4, 15)
    reports.close(
        report,
        staff.inspector,
        ReportStatus.RESOLVED,
        "Đoàn kiểm tra đã lấy mẫu; kết quả đạt chất lượng công bố. Sản phẩm cần bảo quản nơi khô.",
    )


def _recall(timeline: Timeline, product: ProductPlan, batch: BatchPlan, staff: Staff) -> Story:
    yield max(batch.made_at + timedelta(days=2), timeline.days_ago(9, 9))
    recall(staff.officer, product.product, batch.batch, "Thu hồi tự nguyện: nhãn thiếu hạn sử dụng", local_today())
