"""Plan task 6, as the businesses and the officer do it: salt into fish sauce (one step back, one step forward,
confirmed by the supplier), declared technology (one entry verified), a training held with attendance and a
dialogue coming up with its invitations.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

from traceapp.clock import local_today
from traceapp.cooperation import services as cooperation
from traceapp.cooperation import technology
from traceapp.cooperation.inputs import EventInput, TechnologyInput
from traceapp.demo.market import BusinessPlan
from traceapp.demo.staff import Staff, agency_id
from traceapp.demo.timeline import Story, Timeline
from traceapp.models import EventKind, EventTopic, TechnologyKind, User
from traceapp.supply import services as supply
from traceapp.supply.inputs import InputDetails

SALT_SECTOR = "Sản xuất muối"
TRAINING_DAYS_AGO = 75
TRAINED = 5  # of the eight businesses invited to the training, the ones that came
TOPICS = (EventTopic.LABELS.value, EventTopic.TRACEABILITY.value)


def schedule(timeline: Timeline, plans: list[BusinessPlan], staff: Staff) -> None:
    verified = [plan for plan in plans if plan.verified]
    sauce_maker = verified[0]
    salt_maker = next(plan for plan in verified if plan.profile.sector == SALT_SECTOR)
    timeline.add(_salt_into_fish_sauce(timeline, salt_maker, sauce_maker))
    timeline.add(_technology(timeline, sauce_maker, salt_maker, staff.officer))
    invited = timeline.days_ago(TRAINING_DAYS_AGO + 20, 9)
    verified_then = [plan for plan in verified if plan.verified_at < invited]
    timeline.add(_training(timeline, verified_then[6:14], staff.officer))
    timeline.add(_dialogue(timeline, verified[:6], staff.officer))


def _salt_into_fish_sauce(timeline: Timeline, salt_maker: BusinessPlan, sauce_maker: BusinessPlan) -> Story:
    """The fish sauce maker records what a batch was made from: the salt maker's batch (by the code on its
    sack), which the salt maker then confirms, and the fish from an outside supplier."""
    salt, sauce = salt_maker.products[0].batches[0], sauce_maker.products[0].batches[0]
    shipped = timeline.today - timedelta(days=40)
    recorded = max(salt.made_at, sauce.made_at, timeline.local(shipped, 16))  # once both batches are registered
    yield recorded
    owner = sauce_maker.owner_user
    link = supply.add_input(
        sauce.batch,
        owner,
        InputDetails(
            code=salt.batch.public_code,
            shipped_on=shipped,
            quantity=Decimal(300),
            unit="kg",
            document_ref="HĐ 0000451",
        ),
    )
    supply.add_input(
        sauce.batch,
        owner,
        InputDetails(
            supplier_name="Ghe cá ông Sáu, cảng Sa Huỳnh",
            supplier_address="Cảng cá Sa Huỳnh",
            shipped_on=shipped - timedelta(days=1),
            quantity=Decimal(1200),
            unit="kg",
        ),
    )
    yield recorded + timedelta(hours=18)
    supply.decide(link, salt_maker.owner_user, confirm=True)


def _technology(timeline: Timeline, sauce_maker: BusinessPlan, salt_maker: BusinessPlan, officer: User) -> Story:
    """Two declarations: the fish sauce maker's e-invoices (verified by the officer this morning) and the salt
    maker's VietGAP certificate, still waiting for the officer."""
    yield max(sauce_maker.verified_at, timeline.days_ago(30, 10))
    e_invoice = technology.save(
        None,
        sauce_maker.business.id,
        TechnologyInput(kind=TechnologyKind.E_INVOICE, detail="Hóa đơn điện tử VNPT"),
        local_today(),
    )
    yield max(salt_maker.verified_at, timeline.days_ago(8, 10))
    technology.save(
        None,
        salt_maker.business.id,
        TechnologyInput(
            kind=TechnologyKind.VIETGAP,
            certificate_number="VG-QNg-2025-031",
            issued_by="Trung tâm Chứng nhận phù hợp",
            expires_on=timeline.today + timedelta(days=500),
        ),
        local_today(),
    )
    yield timeline.days_ago(0, 9)
    technology.review(e_invoice, officer, accept=True, note="", today=local_today())


def _training(timeline: Timeline, invited: list[BusinessPlan], officer: User) -> Story:
    """Planned three weeks ahead with eight businesses invited; five said they would come and came; the officer
    then wrote down how many were there and what was agreed."""
    held = timeline.today - timedelta(days=TRAINING_DAYS_AGO)
    planned = EventInput(
        kind=EventKind.TRAINING,
        title="Tập huấn ghi nhãn hàng hóa và dán mã QR truy xuất nguồn gốc",
        held_on=held,
        starts_at="14:00",
        place="Nhà văn hóa tổ dân phố Thạch Bi 1",
        agency_id=agency_id(officer),
        topics=TOPICS,
    )
    yield timeline.days_ago(TRAINING_DAYS_AGO + 20, 9)
    event = cooperation.save_event(None, officer, planned)
    cooperation.invite_chosen(event, [plan.business.id for plan in invited])
    coming = [plan.business.id for plan in invited[:TRAINED]]
    yield timeline.days_ago(TRAINING_DAYS_AGO + 7, 10)
    for invitation in event.invitations:
        if invitation.business_id in coming:
            cooperation.answer(invitation, will_attend=True, attendees=2, today=local_today())
    yield timeline.local(held, 13, 45)
    for business_id in coming:
        cooperation.check_in(event, business_id=business_id)
    yield timeline.local(held, 17)
    cooperation.save_event(
        event,
        officer,
        replace(
            planned,
            participants=38,
            conclusions="Các cơ sở thống nhất in mã QR trên nhãn các lô hàng mới trước ngày 30/11.",
        ),
    )


def _dialogue(timeline: Timeline, invited: list[BusinessPlan], officer: User) -> Story:
    """Ten days from now; the invitations went out this week and no one has answered yet."""
    yield timeline.days_ago(5, 9)
    event = cooperation.save_event(
        None,
        officer,
        EventInput(
            kind=EventKind.DIALOGUE,
            title="Đối thoại với doanh nghiệp về nhãn hàng hóa và truy xuất nguồn gốc",
            held_on=timeline.today + timedelta(days=10),
            starts_at="08:00",
            place="Hội trường UBND phường Đức Phổ",
            agency_id=agency_id(officer),
            topics=TOPICS,
        ),
    )
    cooperation.invite_chosen(event, [plan.business.id for plan in invited])
