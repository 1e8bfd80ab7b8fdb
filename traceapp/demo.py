"""Demo data that looks like Đức Phổ: businesses of every kind, their products and batches, staff of each role.

Deterministic (a seeded random generator) so the demo logins and codes are the same on every machine.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from stdnum import ean

from traceapp import codes, gs1
from traceapp.clock import VN_TZ, local_today
from traceapp.extensions import db
from traceapp.models import (
    Agency,
    Batch,
    BatchStatus,
    Business,
    BusinessKind,
    BusinessStatus,
    Certification,
    CertificationKind,
    CheckResult,
    ConsumerReport,
    CooperationEvent,
    EventInvitation,
    EventKind,
    EventTopic,
    Inspection,
    InspectionField,
    InspectionItem,
    InspectionKind,
    InspectionMember,
    InspectionStatus,
    InvitationStatus,
    LabelPrint,
    LinkStatus,
    Measure,
    Product,
    ProductCategory,
    ReportKind,
    ReportStatus,
    Role,
    ScanDay,
    SupplyLink,
    TeamRole,
    TechnologyKind,
    TechnologyUse,
    User,
    Violation,
    ViolationCategory,
    ViolationStatus,
    ViolationStep,
)

DEMO_PASSWORD = "demo1234"

AGENCIES = [
    ("Phòng Văn hoá – Xã hội phường Đức Phổ", "VH-XH"),
    ("Công an phường Đức Phổ", "CA phường"),
    ("Phòng Kinh tế – Hạ tầng và Đô thị phường Đức Phổ", "KT-HT-ĐT"),
    ("Trung tâm Cung ứng dịch vụ công phường Đức Phổ", "TT DVC"),
    ("Ban Thường trực Ủy ban MTTQ Việt Nam phường Đức Phổ", "UBMTTQ"),
    ("Đội Quản lý thị trường số 5, Chi cục QLTT tỉnh Quảng Ngãi", "QLTT"),
]

STAFF = [
    # name, phone, email, role, agency short name
    ("Quản trị hệ thống", "0900000001", "admin@ducpho.example", Role.ADMIN, "VH-XH"),
    ("Nguyễn Thị Thu Hà", "0900000002", "officer@ducpho.example", Role.OFFICER, "VH-XH"),
    ("Trần Văn Minh", "0900000003", "inspector@ducpho.example", Role.INSPECTOR, "VH-XH"),
    ("Lê Quang Huy", "0900000004", "police@ducpho.example", Role.POLICE, "CA phường"),
    ("Phạm Thị Lan", "0900000005", None, Role.INSPECTOR, "QLTT"),
]

QUARTERS = [
    "Khu phố 1",
    "Khu phố 2",
    "Khu phố 3",
    "Khu phố 4",
    "Khu phố 5",
    "Khu phố 6",
    "Tổ dân phố Thạch Thang",
    "Tổ dân phố Sa Huỳnh",
    "Tổ dân phố Phổ Thạnh",
    "Tổ dân phố Châu Me",
]
STREETS = [
    "Quốc lộ 1A",
    "đường Nguyễn Nghiêm",
    "đường Huỳnh Công Thiệu",
    "đường Phạm Văn Đồng",
    "đường Lê Thánh Tôn",
    "đường Nguyễn Trãi",
    "đường Trần Hưng Đạo",
]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Đặng", "Bùi", "Đỗ"]
GIVEN = [
    "Văn An",
    "Thị Bích",
    "Minh Châu",
    "Quốc Dũng",
    "Thị Hoa",
    "Văn Hùng",
    "Thị Mai",
    "Thanh Nam",
    "Thị Ngọc",
    "Đức Phúc",
    "Thị Thu",
    "Văn Tâm",
]

# (product name, category, unit, net quantity, shelf life days, standard, ingredients)
CATALOGUE = {
    "fish_sauce": [
        (
            "Nước mắm cá cơm Sa Huỳnh 40 độ đạm",
            ProductCategory.SEAFOOD,
            "chai",
            "500 ml",
            730,
            "TCVN 5107:2018",
            "Cá cơm, muối biển Sa Huỳnh",
        ),
        (
            "Nước mắm nhĩ Sa Huỳnh 30 độ đạm",
            ProductCategory.SEAFOOD,
            "chai",
            "750 ml",
            730,
            "TCVN 5107:2018",
            "Cá cơm, muối",
        ),
        ("Mắm ruốc Sa Huỳnh", ProductCategory.SEAFOOD, "hũ", "250 g", 365, "TCCS 01:2024", "Ruốc biển, muối"),
    ],
    "salt": [
        ("Muối biển Sa Huỳnh", ProductCategory.FOOD, "gói", "1 kg", 1095, "TCVN 9639:2013", "Muối biển"),
        ("Muối tôm Sa Huỳnh", ProductCategory.FOOD, "hũ", "200 g", 365, "TCCS 02:2024", "Muối, tôm khô, ớt, tỏi"),
    ],
    "seafood": [
        ("Mực khô Sa Huỳnh", ProductCategory.SEAFOOD, "kg", "500 g", 180, "TCVN 10734:2015", "Mực ống"),
        ("Cá cơm sấy khô", ProductCategory.SEAFOOD, "gói", "300 g", 270, "TCCS 03:2024", "Cá cơm"),
        ("Tôm khô Đức Phổ", ProductCategory.SEAFOOD, "gói", "250 g", 270, "TCCS 04:2024", "Tôm biển"),
        ("Cá thu một nắng", ProductCategory.SEAFOOD, "kg", "1 kg", 30, "TCCS 05:2024", "Cá thu, muối"),
    ],
    "agri": [
        ("Tinh bột nghệ Phổ Thạnh", ProductCategory.AGRICULTURE, "hũ", "100 g", 730, "TCVN 12109:2017", "Củ nghệ vàng"),
        ("Bột nghệ vàng nguyên chất", ProductCategory.AGRICULTURE, "gói", "500 g", 540, "TCCS 06:2024", "Củ nghệ"),
        ("Gạo Đức Phổ", ProductCategory.AGRICULTURE, "bao", "5 kg", 365, "TCVN 11888:2017", "Gạo"),
        ("Mạch nha Thi Phổ", ProductCategory.FOOD, "hũ", "500 g", 365, "TCCS 07:2024", "Mầm lúa, gạo nếp"),
    ],
    "other": [
        ("Nón lá Đức Phổ", ProductCategory.CRAFT, "chiếc", "1 chiếc", 0, "", "Lá buông, tre"),
        ("Bánh tráng nướng mè", ProductCategory.FOOD, "xấp", "10 cái", 120, "TCCS 08:2024", "Bột gạo, mè, muối"),
        ("Rượu nếp Phổ Cường", ProductCategory.BEVERAGE, "chai", "500 ml", 730, "TCVN 7043:2013", "Gạo nếp, men"),
    ],
}

BUSINESS_PLANS = (
    [
        (BusinessKind.COMPANY, f"Công ty TNHH {name}", sector)
        for name, sector in [
            ("Nước mắm Sa Huỳnh Xanh", "fish_sauce"),
            ("Thuỷ sản Biển Đức Phổ", "seafood"),
            ("Muối Sa Huỳnh", "salt"),
            ("Thực phẩm Quảng Ngãi Xanh", "agri"),
            ("Hải sản Mỹ Á", "seafood"),
            ("Nước mắm Cô Tư", "fish_sauce"),
            ("Nông sản Phổ Vinh", "agri"),
            ("Thương mại Thạch Thang", "other"),
            ("Thực phẩm Phổ Quang", "other"),
            ("Chế biến thuỷ sản Phổ Châu", "seafood"),
            ("Đặc sản Sa Huỳnh", "salt"),
            ("Nước mắm Lăng Ông", "fish_sauce"),
        ]
    ]
    + [
        (BusinessKind.HOUSEHOLD, f"Hộ kinh doanh {name}", sector)
        for name, sector in [
            ("Bà Năm Nước Mắm", "fish_sauce"),
            ("Cô Ba Khô Mực", "seafood"),
            ("Chú Sáu Muối Tôm", "salt"),
            ("Tạp hoá Hồng Phúc", "other"),
            ("Bánh tráng Bà Tư", "other"),
            ("Hải sản khô Thanh Hà", "seafood"),
            ("Mạch nha Cô Hạnh", "agri"),
            ("Mắm ruốc Út Liên", "fish_sauce"),
            ("Khô cá Bảy Lộc", "seafood"),
            ("Nón lá Chín Thu", "other"),
            ("Gạo sạch Anh Khoa", "agri"),
            ("Rượu nếp Tám Hiền", "other"),
        ]
    ]
    + [
        (BusinessKind.COOPERATIVE, f"Hợp tác xã {name}", sector)
        for name, sector in [
            ("Nông nghiệp Phổ Thạnh", "agri"),
            ("Diêm nghiệp Sa Huỳnh", "salt"),
            ("Thuỷ sản Phổ Quang", "seafood"),
        ]
    ]
    + [
        (BusinessKind.FACILITY, f"Cơ sở sản xuất {name}", sector)
        for name, sector in [
            ("Nước mắm Hai Thành", "fish_sauce"),
            ("Tinh bột nghệ Phổ Thạnh", "agri"),
            ("Khô mực Đức Minh", "seafood"),
        ]
    ]
)


def is_empty() -> bool:
    return not db.session.scalar(select(func.count(User.id)))


def load(today: date | None = None) -> dict:
    """Load the demo set into an empty database; returns the logins to print."""
    today = today or local_today()
    rng = random.Random(20261115)
    agencies = {short: Agency(name=name, short_name=short) for name, short in AGENCIES}
    db.session.add_all(agencies.values())
    logins = []
    for name, phone, email, role, agency in STAFF:
        user = User(name=name, phone=phone, email=email, role=role, agency=agencies[agency])
        user.set_password(DEMO_PASSWORD)
        db.session.add(user)
        logins.append((role.value, phone, email))
    used_codes: set[str] = set()
    gtin_serial = iter(range(1000, 100000))
    for index, (kind, name, sector) in enumerate(BUSINESS_PLANS):
        business = _business(rng, index, kind, name, sector)
        db.session.add(business)
        owner = User(name=business.owner_name, phone=business.phone, role=Role.BUSINESS, business=business)
        owner.set_password(DEMO_PASSWORD)
        db.session.add(owner)
        if index in (0, 12):
            logins.append((f"business ({name})", owner.phone, None))
        for product in _products(rng, business, sector, used_codes, gtin_serial, today):
            db.session.add(product)
    # One recalled batch, for the red banner.
    db.session.flush()
    recalled = db.session.scalars(select(Batch).order_by(Batch.id).limit(1).offset(7)).one()
    recalled.status = BatchStatus.RECALLED
    recalled.status_reason = "Thu hồi tự nguyện: nhãn thiếu hạn sử dụng"
    _inspections(today)
    _chain_and_cooperation(today)
    _history(rng, today)
    db.session.commit()
    return {"password": DEMO_PASSWORD, "logins": logins}


def _inspections(today: date) -> None:
    """A few inspections of plan task 5: one with a label violation, one conforming, one in progress in the
    market, and consumer reports in each state, so every page of the register has something to show."""
    staff = {user.phone: user for user in db.session.scalars(select(User).where(User.phone.like("09000000%")))}
    inspector, police = staff["0900000003"], staff["0900000004"]
    verified = list(
        db.session.scalars(select(Business).where(Business.status == BusinessStatus.VERIFIED).order_by(Business.id))
    )
    fish_sauce, turmeric = verified[0], next(b for b in verified if b.kind == BusinessKind.COOPERATIVE)

    def started(days_ago: int, hour: int) -> datetime:
        return datetime.combine(today - timedelta(days=days_ago), time(hour), VN_TZ).astimezone(UTC)

    failed = Inspection(
        number=f"KT-{today.year}-0001",
        agency=inspector.agency,
        kind=InspectionKind.UNANNOUNCED,
        fields=[InspectionField.LABELLING.value, InspectionField.QUALITY.value],
        business=fish_sauce,
        place_address=fish_sauce.address,
        decision_number=f"15/QĐ-UBND ngày {today - timedelta(days=30):%d/%m/%Y}",
        started_at=started(12, 8),
        created_by=inspector,
        status=InspectionStatus.SUBMITTED,
        result=CheckResult.FAIL,
        conclusion="Cơ sở vi phạm quy định về nhãn hàng hoá; yêu cầu khắc phục trong 15 ngày.",
        submitted_at=started(12, 10),
        submitted_by=inspector,
    )
    failed.members += [
        InspectionMember(
            user=inspector, name=inspector.name, role=TeamRole.LEADER, position="Chuyên viên Phòng Văn hoá – Xã hội"
        ),
        InspectionMember(user=police, name=police.name, role=TeamRole.POLICE, position="Công an phường"),
    ]
    batches = [batch for product in fish_sauce.products for batch in product.batches][:2]
    bad = InspectionItem(
        batch=batches[0],
        product=batches[0].product,
        created_by=inspector,
        result=CheckResult.FAIL,
        checks={"label_name": "pass", "label_expiry": "fail", "label_vietnamese": "pass"},
        note="Nhãn không ghi hạn sử dụng",
    )
    good = InspectionItem(
        batch=batches[-1],
        product=batches[-1].product,
        created_by=inspector,
        checks={"label_name": "pass", "label_expiry": "pass"},
        result=CheckResult.PASS,
    )
    failed.items += [bad, good]
    violation = Violation(
        business=fish_sauce,
        category=ViolationCategory.LABELS,
        measure=Measure.WARNING,
        items=[bad],
        description="Hàng hoá lưu thông có nhãn không ghi hạn sử dụng theo Nghị định 43/2017/NĐ-CP.",
        remedy_deadline=today + timedelta(days=3),
        created_by=inspector,
    )
    violation.steps.append(ViolationStep(action="recorded", status=ViolationStatus.OPEN, user=inspector))
    failed.violations.append(violation)

    conforming = Inspection(
        number=f"KT-{today.year}-0002",
        agency=inspector.agency,
        kind=InspectionKind.PERIODIC,
        fields=[InspectionField.QUALITY.value],
        business=turmeric,
        place_address=turmeric.address,
        started_at=started(45, 9),
        created_by=inspector,
        status=InspectionStatus.SUBMITTED,
        result=CheckResult.PASS,
        conclusion="Cơ sở chấp hành tốt quy định về chất lượng và nhãn hàng hoá.",
        submitted_at=started(45, 11),
        submitted_by=inspector,
    )
    conforming.members.append(InspectionMember(user=inspector, name=inspector.name, role=TeamRole.LEADER))
    turmeric_batch = turmeric.products[0].batches[0]
    conforming.items.append(
        InspectionItem(
            batch=turmeric_batch,
            product=turmeric_batch.product,
            created_by=inspector,
            checks={"label_name": "pass", "conformity": "pass"},
        )
    )

    market = Inspection(
        number=f"KT-{today.year}-0003",
        agency=police.agency,
        kind=InspectionKind.INTERAGENCY,
        fields=[InspectionField.METROLOGY.value, InspectionField.PREPACKAGED.value],
        place_name="Sạp hàng khô chợ Thạch Trụ",
        place_address="Chợ Thạch Trụ, phường Đức Phổ",
        started_at=started(0, 7),
        created_by=police,
        status=InspectionStatus.DRAFT,
    )
    market.members.append(InspectionMember(user=police, name=police.name, role=TeamRole.POLICE))
    db.session.add_all([failed, conforming, market])

    db.session.add_all(
        [
            ConsumerReport(
                tracking_code="KQ7M4R2D",
                product=fish_sauce.products[0],
                kind=ReportKind.WRONG_LABEL,
                message="Chai nước mắm mua ở tạp hoá không thấy ghi hạn sử dụng.",
                status=ReportStatus.NEW,
                created_at=started(2, 19),
            ),
            ConsumerReport(
                tracking_code="PV3X8N6T",
                kind=ReportKind.SHORT_WEIGHT,
                place="Chợ Thạch Trụ",
                message="Mua 1 kg cá cơm khô, cân lại ở nhà chỉ được 850 gam.",
                status=ReportStatus.INSPECTING,
                created_at=started(1, 6),
                inspection=market,
                assigned_to=police,
            ),
            ConsumerReport(
                tracking_code="HB2W9Q5C",
                product=turmeric.products[0],
                kind=ReportKind.POOR_QUALITY,
                message="Tinh bột nghệ bị vón cục.",
                status=ReportStatus.RESOLVED,
                created_at=started(20, 20),
                assigned_to=inspector,
                reply="Đoàn kiểm tra đã lấy mẫu; kết quả đạt chất lượng công bố. Sản phẩm cần bảo quản nơi khô.",
                resolved_at=started(4, 15),
                resolved_by=inspector,
            ),
        ]
    )


def _business(rng, index, kind, name, sector) -> Business:
    status = BusinessStatus.VERIFIED
    if index % 7 == 5:
        status = BusinessStatus.PENDING
    elif index == 20:
        status = BusinessStatus.SUSPENDED
    return Business(
        name=name,
        kind=kind,
        registration_number=f"430{index:07d}" if kind != BusinessKind.HOUSEHOLD else f"34F8{index:06d}",
        owner_name=f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}",
        phone=f"09{index + 10:02d}{rng.randrange(100000, 999999)}",
        address=f"{rng.randrange(1, 400)} {rng.choice(STREETS)}, phường Đức Phổ, tỉnh Quảng Ngãi",
        quarter=rng.choice(QUARTERS),
        sector={
            "fish_sauce": "Sản xuất nước mắm",
            "salt": "Sản xuất muối",
            "seafood": "Chế biến hải sản khô",
            "agri": "Chế biến nông sản",
            "other": "Sản xuất, kinh doanh hàng hoá",
        }[sector],
        status=status,
        status_reason="Đình chỉ tạm thời để kiểm tra điều kiện ATTP" if status == BusinessStatus.SUSPENDED else None,
    )


def _unique_code(used: set[str]) -> str:
    while True:
        code = codes.new_code()
        if code not in used:
            used.add(code)
            return code


def _products(rng, business, sector, used_codes, gtin_serial, today):
    items = rng.sample(CATALOGUE[sector], k=min(len(CATALOGUE[sector]), rng.randrange(2, 4)))
    for name, category, unit, net, shelf_days, standard, ingredients in items:
        gtin = None
        if rng.random() < 0.6:
            body = f"893{rng.randrange(1000, 9999)}{next(gtin_serial):05d}"
            gtin = gs1.normalise_gtin(body + ean.calc_check_digit(body))
        product = Product(
            business=business,
            name=name,
            category=category,
            gtin=gtin,
            public_code=_unique_code(used_codes),
            description=f"{name} của {business.name}, sản xuất tại Đức Phổ.",
            ingredients=ingredients,
            origin="Phường Đức Phổ, tỉnh Quảng Ngãi",
            net_quantity=net,
            shelf_life=f"{shelf_days // 30} tháng kể từ ngày sản xuất" if shelf_days else "",
            standard_applied=standard,
            conformity_declaration=f"Bản tự công bố số {rng.randrange(1, 99):02d}/2025/{business.id or 'CB'}"
            if standard
            else "",
        )
        if "nghệ" in name.lower() and business.kind == BusinessKind.COOPERATIVE:
            product.certifications.append(
                Certification(
                    kind=CertificationKind.OCOP,
                    stars=3,
                    number="OCOP-QNg-2024-117",
                    issuer="UBND tỉnh Quảng Ngãi",
                    issued_on=date(2024, 9, 20),
                    expires_on=date(2027, 9, 20),
                )
            )
        elif rng.random() < 0.25:
            product.certifications.append(
                Certification(
                    kind=rng.choice([CertificationKind.VIETGAP, CertificationKind.HACCP, CertificationKind.ISO22000]),
                    number=f"CN-{rng.randrange(1000, 9999)}",
                    issuer="Tổ chức chứng nhận được chỉ định",
                    issued_on=today - timedelta(days=400),
                    expires_on=today + timedelta(days=rng.randrange(-30, 700)),
                )
            )
        for n in range(rng.randrange(2, 5)):
            produced = today - timedelta(days=rng.randrange(5, 500))
            product.batches.append(
                Batch(
                    lot_code=f"L{produced:%y%m%d}-{n + 1}",
                    production_date=produced,
                    expiry_date=produced + timedelta(days=shelf_days) if shelf_days else None,
                    quantity=Decimal(rng.randrange(20, 2000)),
                    unit=unit,
                    public_code=_unique_code(used_codes),
                )
            )
        yield product


def _chain_and_cooperation(today: date) -> None:
    """Plan task 6: salt into fish sauce (one step back, one step forward), a dialogue with invitations,
    and declared technology, one verified."""
    verified = list(
        db.session.scalars(select(Business).where(Business.status == BusinessStatus.VERIFIED).order_by(Business.id))
    )
    salt_maker = next(b for b in verified if b.sector == "Sản xuất muối")
    sauce_maker = verified[0]
    salt, sauce = salt_maker.products[0].batches[0], sauce_maker.products[0].batches[0]
    owner = next(user for user in sauce_maker.users)
    db.session.add_all(
        [
            SupplyLink(
                upstream_batch=salt,
                downstream_batch=sauce,
                recorded_by_business=sauce_maker,
                created_by=owner,
                shipped_on=today - timedelta(days=40),
                quantity=Decimal(300),
                unit="kg",
                document_ref="HĐ 0000451",
                status=LinkStatus.CONFIRMED,
            ),
            SupplyLink(
                upstream_name="Ghe cá ông Sáu, cảng Sa Huỳnh",
                upstream_address="Cảng cá Sa Huỳnh",
                downstream_batch=sauce,
                recorded_by_business=sauce_maker,
                created_by=owner,
                shipped_on=today - timedelta(days=41),
                quantity=Decimal(1200),
                unit="kg",
                status=LinkStatus.CONFIRMED,
            ),
        ]
    )
    officer = db.session.scalar(select(User).where(User.phone == "0900000002"))
    event = CooperationEvent(
        kind=EventKind.DIALOGUE,
        title="Đối thoại với doanh nghiệp về nhãn hàng hoá và truy xuất nguồn gốc",
        held_on=today + timedelta(days=10),
        starts_at="08:00",
        place="Hội trường UBND phường Đức Phổ",
        agency=officer.agency,
        topics=[EventTopic.LABELS.value, EventTopic.TRACEABILITY.value],
        created_by=officer,
    )
    event.invitations += [EventInvitation(business=b) for b in verified[:6]]
    db.session.add(event)
    db.session.add_all(
        [
            TechnologyUse(
                business=sauce_maker,
                kind=TechnologyKind.E_INVOICE,
                detail="Hoá đơn điện tử VNPT",
                verified_at=datetime.combine(today, time(9), VN_TZ),
                verified_by_id=officer.id,
            ),
            TechnologyUse(
                business=salt_maker,
                kind=TechnologyKind.VIETGAP,
                certificate_number="VG-QNg-2025-031",
                issued_by="Trung tâm Chứng nhận phù hợp",
                expires_on=today + timedelta(days=500),
            ),
        ]
    )


def _history(rng: random.Random, today: date) -> None:
    """Spread the register over the last two years, so the plan report's figures (this reporting year beside
    the last) have something to count: registration dates, label sheets printed, consumers' scans, and a
    dialogue held with attendance. Dates only move backwards from ``today``."""

    def local(day: date, hour: int) -> datetime:
        return datetime.combine(day, time(hour), VN_TZ).astimezone(UTC)

    now = local(today, 7)
    for business in db.session.scalars(select(Business).order_by(Business.id)):
        registered = today - timedelta(days=rng.randrange(20, 720))
        business.created_at = local(registered, 8)
        for product in business.products:
            added = min(registered + timedelta(days=rng.randrange(1, 90)), today - timedelta(days=3))
            product.created_at = local(added, 9)
            db.session.add(
                LabelPrint(
                    product_id=product.id,
                    labels=rng.choice([50, 100, 200]),
                    printed_at=local(min(added + timedelta(days=2), today), 10),
                )
            )
            for batch in product.batches:
                batch.created_at = min(max(product.created_at, local(batch.production_date, 7)), now)
                days = (today - batch.created_at.astimezone(VN_TZ).date()).days
                for day in sorted(rng.sample(range(days + 1), k=min(days + 1, rng.randrange(0, 12)))):
                    db.session.add(
                        ScanDay(
                            public_code=batch.public_code,
                            day=today - timedelta(days=day),
                            product_id=product.id,
                            batch_id=batch.id,
                            count=rng.randrange(1, 25),
                        )
                    )
    verified = list(
        db.session.scalars(select(Business).where(Business.status == BusinessStatus.VERIFIED).order_by(Business.id))
    )
    officer = db.session.scalar(select(User).where(User.phone == "0900000002"))
    held = today - timedelta(days=75)
    training = CooperationEvent(
        kind=EventKind.TRAINING,
        title="Tập huấn ghi nhãn hàng hoá và dán mã QR truy xuất nguồn gốc",
        held_on=held,
        starts_at="14:00",
        place="Nhà văn hoá tổ dân phố Thạch Bi 1",
        agency=officer.agency,
        topics=[EventTopic.LABELS.value, EventTopic.TRACEABILITY.value],
        created_by=officer,
        participants=38,
        conclusions="Các cơ sở thống nhất in mã QR trên nhãn các lô hàng mới trước ngày 30/11.",
    )
    for index, business in enumerate(verified[6:14]):
        came = index < 5
        training.invitations.append(
            EventInvitation(
                business=business,
                status=InvitationStatus.CONFIRMED if came else InvitationStatus.INVITED,
                checked_in_at=local(held, 14) if came else None,
            )
        )
    db.session.add(training)
