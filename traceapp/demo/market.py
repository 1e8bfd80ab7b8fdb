"""The ward's businesses and what they register: sign-up, the officer's decision, products, certifications,
batches, label sheets, and the consumers' scans of the labels.

First a plan is drawn (:func:`plan_market`): pure data, from one seeded generator, in the same order of draws
as the demo has always used, so the same businesses, owners' phone numbers and products come out on every
machine. Then :func:`schedule` turns the plan into stories, each step made through the service a user's
request calls (``businesses.services``, ``products.services``).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select
from stdnum import ean

from traceapp import scans
from traceapp.businesses.inputs import BusinessProfileInput, OwnerLogin
from traceapp.businesses.services import decide, register_business
from traceapp.clock import VN_TZ, to_local, utcnow
from traceapp.demo.catalogue import (
    BUSINESS_PLANS,
    CATALOGUE,
    GIVEN,
    QUARTERS,
    SECTOR_NAMES,
    STREETS,
    SURNAMES,
)
from traceapp.demo.timeline import Story, Timeline, made
from traceapp.extensions import db
from traceapp.models import (
    Batch,
    Business,
    BusinessKind,
    BusinessStatus,
    CertificationKind,
    LabelPrint,
    Product,
    User,
)
from traceapp.products.inputs import BatchInput, CertificationInput, ProductInput
from traceapp.products.services import add_certification, create_product, save_batch
from traceapp.unit_of_work import unit_of_work

SUSPENSION_REASON = "Đình chỉ tạm thời để kiểm tra điều kiện ATTP"
SUSPENDED_DAYS_AGO = 10


@dataclass
class BatchPlan:
    data: BatchInput
    made_at: datetime  # when the business records it: on its production date, once the product is registered
    scans: dict[date, int] = field(default_factory=dict)  # consumers' scans of its labels, by day
    record: Batch | None = None

    @property
    def batch(self) -> Batch:
        return made(self.record, f"batch {self.data.lot_code}")


@dataclass
class ProductPlan:
    data: ProductInput
    certifications: list[CertificationInput]
    batches: list[BatchPlan]
    added_at: datetime
    label_sheet: int  # labels on the first sheet the business prints
    printed_at: datetime
    record: Product | None = None

    @property
    def product(self) -> Product:
        return made(self.record, f"product {self.data.name}")


@dataclass
class BusinessPlan:
    index: int
    profile: BusinessProfileInput
    decision: BusinessStatus  # where the officer's decisions leave it: verified, still pending, or suspended
    registered_at: datetime
    products: list[ProductPlan]
    owner: User | None = None

    @property
    def owner_user(self) -> User:
        return made(self.owner, f"the owner of {self.profile.name}")

    @property
    def business(self) -> Business:
        business = self.owner_user.business
        if business is None:
            raise RuntimeError(f"{self.profile.name} has no business")
        return business

    @property
    def verified(self) -> bool:
        """Verified now (the suspended one was verified once, and is not now)."""
        return self.decision == BusinessStatus.VERIFIED

    @property
    def verified_at(self) -> datetime:
        """The officer checks the papers on the afternoon of the registration."""
        return self.registered_at + timedelta(hours=8)


# --- the plan ----------------------------------------------------------------------------------------------

Drawn = tuple[ProductInput, list[CertificationInput], list[BatchInput]]  # a product before its dates are drawn


def plan_market(rng: random.Random, today: date) -> list[BusinessPlan]:
    """The businesses and their products first, then their dates: the order the generator has always been read
    in, which the demo logins (owners' phone numbers) depend on."""
    gtin_serial = itertools.count(1000)
    drawn = []
    for index, (kind, name, sector) in enumerate(BUSINESS_PLANS):
        profile = _profile(rng, index, kind, name, sector)
        drawn.append((index, profile, list(_products(rng, profile, sector, gtin_serial, today))))
    return [_dated(rng, index, profile, products, today) for index, profile, products in drawn]


def _profile(rng: random.Random, index: int, kind: BusinessKind, name: str, sector: str) -> BusinessProfileInput:
    return BusinessProfileInput(
        name=name,
        kind=kind,
        registration_number=f"430{index:07d}" if kind != BusinessKind.HOUSEHOLD else f"34F8{index:06d}",
        owner_name=f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}",
        phone=f"09{index + 10:02d}{rng.randrange(100000, 999999)}",
        address=f"{rng.randrange(1, 400)} {rng.choice(STREETS)}, phường Đức Phổ, tỉnh Quảng Ngãi",
        quarter=rng.choice(QUARTERS),
        sector=SECTOR_NAMES[sector],
    )


def _products(
    rng: random.Random, business: BusinessProfileInput, sector: str, gtin_serial: Iterator[int], today: date
) -> Iterator[Drawn]:
    items = rng.sample(CATALOGUE[sector], k=min(len(CATALOGUE[sector]), rng.randrange(2, 4)))
    for name, category, unit, net, shelf_days, standard, ingredients in items:
        gtin = ""
        if rng.random() < 0.6:
            body = f"893{rng.randrange(1000, 9999)}{next(gtin_serial):05d}"
            gtin = body + ean.calc_check_digit(body)
        product = ProductInput(
            name=name,
            category=category,
            gtin=gtin,
            description=f"{name} của {business.name}, sản xuất tại Đức Phổ.",
            ingredients=ingredients,
            origin="Phường Đức Phổ, tỉnh Quảng Ngãi",
            net_quantity=net,
            shelf_life=f"{shelf_days // 30} tháng kể từ ngày sản xuất" if shelf_days else "",
            standard_applied=standard,
            conformity_declaration=f"Bản tự công bố số {rng.randrange(1, 99):02d}/2025/CB" if standard else "",
        )
        certifications = []
        if "nghệ" in name.lower() and business.kind == BusinessKind.COOPERATIVE:
            certifications.append(
                CertificationInput(
                    kind=CertificationKind.OCOP,
                    stars=3,
                    number="OCOP-QNg-2024-117",
                    issuer="UBND tỉnh Quảng Ngãi",
                    issued_on=date(2024, 9, 20),
                    expires_on=date(2027, 9, 20),
                )
            )
        elif rng.random() < 0.25:
            certifications.append(
                CertificationInput(
                    kind=rng.choice([CertificationKind.VIETGAP, CertificationKind.HACCP, CertificationKind.ISO22000]),
                    number=f"CN-{rng.randrange(1000, 9999)}",
                    issuer="Tổ chức chứng nhận được chỉ định",
                    issued_on=today - timedelta(days=400),
                    expires_on=today + timedelta(days=rng.randrange(-30, 700)),
                )
            )
        batches = []
        for n in range(rng.randrange(2, 5)):
            produced = today - timedelta(days=rng.randrange(5, 500))
            batches.append(
                BatchInput(
                    lot_code=f"L{produced:%y%m%d}-{n + 1}",
                    production_date=produced,
                    expiry_date=produced + timedelta(days=shelf_days) if shelf_days else None,
                    quantity=Decimal(rng.randrange(20, 2000)),
                    unit=unit,
                )
            )
        yield product, certifications, batches


def _dated(
    rng: random.Random, index: int, profile: BusinessProfileInput, products: list[Drawn], today: date
) -> BusinessPlan:
    """Spread the register over the last two years, so the plan report's figures (this reporting year beside the
    last) have something to count: registrations, products and batches, label sheets printed, consumers'
    scans. Dates only move backwards from ``today``."""

    def local(day: date, hour: int) -> datetime:
        return datetime.combine(day, time(hour), VN_TZ).astimezone(UTC)

    morning = local(today, 7)
    registered = today - timedelta(days=rng.randrange(20, 720))
    dated = []
    for product, certifications, batches in products:
        added = min(registered + timedelta(days=rng.randrange(1, 90)), today - timedelta(days=3))
        added_at = local(added, 9)
        sheet = rng.choice([50, 100, 200])
        printed_at = local(min(added + timedelta(days=2), today), 10)
        batch_plans = []
        for batch in batches:
            made_at = min(max(added_at, local(batch.production_date or today, 7)), morning)
            days = (today - to_local(made_at).date()).days
            scanned = {}
            for day in sorted(rng.sample(range(days + 1), k=min(days + 1, rng.randrange(0, 12)))):
                scanned[today - timedelta(days=day)] = rng.randrange(1, 25)
            batch_plans.append(BatchPlan(batch, made_at, scanned))
        dated.append(ProductPlan(product, certifications, batch_plans, added_at, sheet, printed_at))
    decision = BusinessStatus.VERIFIED
    if index % 7 == 5:
        decision = BusinessStatus.PENDING
    elif index == 20:
        decision = BusinessStatus.SUSPENDED
    return BusinessPlan(index, profile, decision, local(registered, 8), dated)


# --- the stories --------------------------------------------------------------------------------------------


def schedule(timeline: Timeline, plans: list[BusinessPlan], officer: User, password: str) -> None:
    for business in plans:
        timeline.add(_registration(timeline, business, officer, password))
        for product in business.products:
            timeline.add(_product(business, product))
            for batch in product.batches:
                timeline.add(_batch(product, batch))


def _registration(timeline: Timeline, plan: BusinessPlan, officer: User, password: str) -> Story:
    """The owner signs up on the website; the officer verifies it (or has not got to it yet), and may suspend it."""
    yield plan.registered_at
    plan.owner = register_business(plan.profile, OwnerLogin(phone=plan.profile.phone, password=password))
    if plan.decision == BusinessStatus.PENDING:
        return
    yield plan.verified_at
    decide(plan.business, "verify", officer)
    if plan.decision == BusinessStatus.SUSPENDED:
        yield timeline.days_ago(SUSPENDED_DAYS_AGO, 9)
        decide(plan.business, "suspend", officer, SUSPENSION_REASON)


def _product(business: BusinessPlan, plan: ProductPlan) -> Story:
    """The owner registers a product with its certificates, and prints its first sheet of QR labels."""
    yield plan.added_at
    plan.record = create_product(business.business.id, plan.data)
    if plan.certifications:
        yield plan.added_at + timedelta(minutes=10)  # then adds its certificates on the product's page
        for certification in plan.certifications:
            add_certification(plan.product, certification)
    yield plan.printed_at
    _count_label_sheet(business.owner_user, plan.product, plan.label_sheet)


def _batch(product: ProductPlan, plan: BatchPlan) -> Story:
    yield plan.made_at
    plan.record = save_batch(product.product, plan.data)


def _count_label_sheet(owner: User, product: Product, labels: int) -> None:
    """The row ``labels.services.print_sheet`` writes for a sheet, without drawing the sheet.

    Written by hand on purpose: the row is all a sheet leaves in the database, but drawing the PDF takes
    reportlab 0.13 s for 50 labels and 0.31 s for 200, and the demo's 72 sheets hold 8,250 labels: some 15
    seconds added to every demo load (``make run``, and each test that loads the demo) for PDFs nobody reads.
    The row is the one the service writes: the owner who printed, the moment on the clock, the label count."""
    with unit_of_work():
        db.session.add(LabelPrint(product_id=product.id, labels=labels, printed_at=utcnow(), user_id=owner.id))


def count_scans(plans: list[BusinessPlan]) -> None:
    """The consumers' scans, day by day, written the way the scan counter writes its pending counts.

    Counters, not records of a user's action: a scan is counted in memory and added to its day's row
    (:mod:`traceapp.scans`); this hands the counter the days at once."""
    db.session.scalars(select(Batch)).all()  # one query for the codes and ids below, not one per batch
    counts: dict[tuple[str, date, int, int | None], int] = {}
    for business in plans:
        for product in business.products:
            for plan in product.batches:
                batch = plan.batch
                for day, count in plan.scans.items():
                    counts[(batch.public_code, day, product.product.id, batch.id)] = count
    scans.write(counts)
