"""Fill a throw-away database for the plan-report benchmark (bench/report_bench.py).

The issue's size: 10,000 businesses, 100,000 products, 100,000 inspections and 1,000,000 scan-day rows, with what
the figures also read (batches, checked items, violations, consumer reports, recalls, label sheets, events,
technology declarations). Inspections, scan days and the other dated rows fall in the current reporting year, so
the year's report aggregates all of them. Rows go in with SQLAlchemy Core ``executemany`` in chunks, with explicit
ids; ``search_key`` (normally set by ORM events that Core inserts skip) is filled here with the same ``fold``.

    python -m bench.report_seed sqlite:////tmp/report.sqlite
    python -m bench.report_seed postgresql+psycopg://t:t@127.0.0.1:55600/benchdb --scan-days 100000
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask_migrate import upgrade
from sqlalchemy import func, insert, select, text
from stdnum import ean
from werkzeug.security import generate_password_hash

from traceapp import codes, create_app
from traceapp.clock import local_today
from traceapp.extensions import db
from traceapp.models import (
    Agency,
    Batch,
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
    Inspection,
    InspectionField,
    InspectionItem,
    InspectionKind,
    InspectionMember,
    LabelPrint,
    Measure,
    Product,
    ProductCategory,
    Recall,
    ReportKind,
    ReportStatus,
    Role,
    ScanDay,
    TechnologyKind,
    TechnologyUse,
    User,
    Violation,
    ViolationCategory,
    ViolationStatus,
    violation_item,
)
from traceapp.reports.periods import Period, default_period
from traceapp.text import fold

CHUNK = 10_000
OFFICER_PHONE = "0900000002"
PASSWORD = "bench1234"
AGENCIES = [
    ("Phòng Văn hóa – Xã hội", "VH-XH"),
    ("Công an phường Đức Phổ", "CA phường"),
    ("Phòng Kinh tế – Hạ tầng và Đô thị", "KT-HT-ĐT"),
    ("Trung tâm Cung ứng dịch vụ công", "TTDVC"),
    ("Đội Quản lý thị trường số 5", "QLTT"),
]
GOODS = [
    ("Nước mắm cá cơm", ProductCategory.SEAFOOD),
    ("Muối biển", ProductCategory.FOOD),
    ("Mực khô", ProductCategory.SEAFOOD),
    ("Tinh bột nghệ", ProductCategory.AGRICULTURE),
    ("Gạo", ProductCategory.AGRICULTURE),
    ("Rượu nếp", ProductCategory.BEVERAGE),
    ("Nón lá", ProductCategory.CRAFT),
    ("Bánh tráng", ProductCategory.FOOD),
]
CHECK_KEYS = ("label", "origin", "expiry", "conformity", "quantity")


@dataclass(frozen=True)
class Sizes:
    businesses: int = 10_000
    products: int = 100_000
    batches: int = 100_000
    inspections: int = 100_000
    scan_days: int = 1_000_000


def code(n: int) -> str:
    """The n-th public code: n times an odd number modulo 32**8 is a bijection, so codes are unique and scattered."""
    value = (n * 0x9E3779B1 + 0x1234567) % 32**codes.LENGTH
    out = []
    for _ in range(codes.LENGTH):
        value, digit = divmod(value, 32)
        out.append(codes.ALPHABET[digit])
    return "".join(out)


def gtin(n: int) -> str:
    body = f"893{n:09d}"
    return (body + ean.calc_check_digit(body)).zfill(14)


class Clock:
    """Random instants and days inside the reporting year (as UTC), and before it for older registrations."""

    def __init__(self, rng: random.Random, period: Period):
        self.rng, self.period = rng, period
        self.start, self.end = period.bounds()

    def in_period(self) -> datetime:
        return self.start + timedelta(seconds=self.rng.randrange(int((self.end - self.start).total_seconds())))

    def day(self) -> date:
        return self.period.start + timedelta(days=self.rng.randrange(self.period.days))

    def since(self, years: int) -> datetime:
        """Anywhere from ``years`` before the period to its end: most registrations are older than the year."""
        first = self.start - timedelta(days=365 * years)
        return first + timedelta(seconds=self.rng.randrange(int((self.end - first).total_seconds())))


def insert_rows(table, rows: Iterator[dict]) -> int:
    n, chunk = 0, []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            db.session.execute(insert(table), chunk)
            n, chunk = n + len(chunk), []
    if chunk:
        db.session.execute(insert(table), chunk)
        n += len(chunk)
    return n


def people() -> dict[str, list[int]]:
    db.session.execute(
        insert(Agency.__table__),
        [{"id": i, "name": name, "short_name": short} for i, (name, short) in enumerate(AGENCIES, 1)],
    )
    password = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
    users = [
        {"id": 1, "name": "Quản trị", "phone": "0900000001", "role": Role.ADMIN, "agency_id": 1},
        {"id": 2, "name": "Cán bộ VH-XH", "phone": OFFICER_PHONE, "role": Role.OFFICER, "agency_id": 1},
    ]
    users += [
        {
            "id": i,
            "name": f"Kiểm tra viên {i}",
            "phone": f"09001{i:05d}",
            "role": Role.INSPECTOR,
            "agency_id": 1 + i % len(AGENCIES),
        }
        for i in range(3, 23)
    ]
    db.session.execute(insert(User.__table__), [{**u, "password_hash": password, "active": True} for u in users])
    return {"inspectors": [u["id"] for u in users if u["role"] == Role.INSPECTOR]}


def businesses(rng: random.Random, clock: Clock, n: int) -> Iterator[dict]:
    kinds = list(BusinessKind)
    for i in range(1, n + 1):
        name, owner = f"Cơ sở {GOODS[i % len(GOODS)][0]} Đức Phổ số {i}", f"Nguyễn Văn {i}"
        address = f"{rng.randrange(1, 500)} Quốc lộ 1A, tổ dân phố {i % 30 + 1}, phường Đức Phổ"
        status = (
            BusinessStatus.PENDING
            if i % 10 == 3
            else BusinessStatus.SUSPENDED
            if i % 97 == 5
            else BusinessStatus.VERIFIED
        )
        created = clock.since(3)
        yield {
            "id": i,
            "name": name,
            "kind": kinds[i % len(kinds)],
            "registration_number": f"43{i:08d}",
            "owner_name": owner,
            "phone": f"09{i:08d}",
            "email": None,
            "address": address,
            "quarter": f"Tổ dân phố {i % 30 + 1}",
            "sector": "Sản xuất, kinh doanh hàng hóa",
            "status": status,
            "status_reason": None,
            "search_key": fold(f"{name} {owner} {address}"),
            "created_at": created,
            "updated_at": created,
        }


def products(rng: random.Random, clock: Clock, sizes: Sizes) -> Iterator[dict]:
    for i in range(1, sizes.products + 1):
        base, category = GOODS[i % len(GOODS)]
        name = f"{base} loại {i}"
        created = clock.since(2)
        yield {
            "id": i,
            "business_id": (i - 1) % sizes.businesses + 1,
            "name": name,
            "category": category,
            "gtin": gtin(i) if i % 10 < 6 else None,
            "public_code": code(i),
            "description": "",
            "ingredients": "",
            "origin": "Đức Phổ, Quảng Ngãi",
            "net_quantity": "500 ml",
            "shelf_life": "24 tháng",
            "standard_applied": "TCVN 5107:2018",
            "conformity_declaration": "",
            "image_name": None,
            "status": "recalled" if i % 500 == 0 else "active",
            "status_reason": None,
            "search_key": fold(name),
            "created_at": created,
            "updated_at": created,
        }


def certifications(rng: random.Random, sizes: Sizes) -> Iterator[dict]:
    kinds = [kind.value for kind in CertificationKind]
    for n, product_id in enumerate(range(1, sizes.products + 1, 5), 1):
        kind = kinds[n % len(kinds)]
        yield {
            "id": n,
            "product_id": product_id,
            "kind": kind,
            "stars": 3 if kind == "ocop" else None,
            "number": f"CN-{n:06d}",
            "issuer": "UBND tỉnh Quảng Ngãi",
            "issued_on": date(2025, 3, 1),
            "expires_on": date(2028, 3, 1),
            "created_at": datetime(2025, 3, 1, tzinfo=UTC),
            "updated_at": datetime(2025, 3, 1, tzinfo=UTC),
        }


def batches(rng: random.Random, clock: Clock, sizes: Sizes) -> Iterator[dict]:
    for i in range(1, sizes.batches + 1):
        product_id = (i - 1) % sizes.products + 1
        produced = clock.day() - timedelta(days=rng.randrange(0, 120))
        created = clock.since(1)
        yield {
            "id": i,
            "product_id": product_id,
            "lot_code": f"L{i:07d}",
            "production_date": produced,
            "expiry_date": produced + timedelta(days=730),
            "quantity": rng.randrange(20, 2000),
            "unit": "chai",
            "public_code": code(sizes.products + i),
            "status": "recalled" if i % 700 == 0 else "active",
            "status_reason": None,
            "created_at": created,
            "updated_at": created,
        }


def inspections(rng: random.Random, clock: Clock, sizes: Sizes, inspectors: list[int], out: dict) -> Iterator[dict]:
    """Inspections spread over the year; their items, members and violations are collected into ``out``."""
    kinds, fields = list(InspectionKind), [f.value for f in InspectionField]
    categories, measures = list(ViolationCategory), list(Measure)
    for i in range(1, sizes.inspections + 1):
        started = clock.in_period()
        submitted = i % 20 != 0
        user = inspectors[i % len(inspectors)]
        business_id = rng.randrange(1, sizes.businesses + 1) if i % 7 else None
        failed = False
        for _ in range(1 + i % 3):
            item_id = len(out["items"]) + 1
            product_id = rng.randrange(1, sizes.products + 1)
            result = CheckResult.FAIL if rng.random() < 0.08 else CheckResult.PASS
            failed = failed or result == CheckResult.FAIL
            out["items"].append(
                {
                    "id": item_id,
                    "inspection_id": i,
                    "product_id": product_id,
                    "batch_id": product_id if product_id <= sizes.batches else None,
                    "description": "",
                    "checks": {key: "pass" for key in CHECK_KEYS},
                    "result": result,
                    "note": "",
                    "created_by_id": user,
                    "created_at": started,
                    "updated_at": started,
                }
            )
        out["members"].append(
            {
                "id": i,
                "inspection_id": i,
                "user_id": user,
                "name": f"Kiểm tra viên {user}",
                "role": "leader",
                "position": "Công chức VH-XH",
            }
        )
        if failed or i % 10 == 0:
            violation_id = len(out["violations"]) + 1
            measure = measures[violation_id % len(measures)]
            out["violations"].append(
                {
                    "id": violation_id,
                    "inspection_id": i,
                    "business_id": business_id,
                    "category": categories[violation_id % len(categories)],
                    "description": "Nhãn hàng hóa thiếu nội dung",
                    "measure": measure,
                    "fine_vnd": 1_500_000 * (1 + violation_id % 5) if measure == Measure.FINE else None,
                    "seized_quantity": "",
                    "seized_value_vnd": 800_000 if measure == Measure.CONFISCATION else None,
                    "remedy_deadline": None,
                    "status": ViolationStatus.OPEN if violation_id % 3 else ViolationStatus.CLOSED,
                    "remedy_note": None,
                    "remedy_reported_at": None,
                    "created_by_id": user,
                    "created_at": started,
                    "updated_at": started,
                }
            )
            out["links"].append({"violation_id": violation_id, "item_id": len(out["items"])})
        yield {
            "id": i,
            "number": f"KT-{started.year}-{i:06d}",
            "agency_id": 1 + i % len(AGENCIES),
            "kind": kinds[i % len(kinds)],
            "fields": fields[: 1 + i % len(fields)],
            "business_id": business_id,
            "place_name": "" if business_id else f"Sạp hàng số {i % 300} chợ Thạch Trụ",
            "place_address": "Chợ Thạch Trụ, phường Đức Phổ",
            "decision_number": f"{i}/QĐ-UBND",
            "started_at": started,
            "ended_at": started + timedelta(hours=2),
            "latitude": None,
            "longitude": None,
            "status": "submitted" if submitted else "draft",
            "result": (CheckResult.FAIL if failed else CheckResult.PASS) if submitted else None,
            "conclusion": "",
            "created_by_id": user,
            "submitted_at": started + timedelta(hours=3) if submitted else None,
            "submitted_by_id": user if submitted else None,
            "created_at": started,
            "updated_at": started,
        }


def scan_days(rng: random.Random, clock: Clock, sizes: Sizes) -> Iterator[dict]:
    """Distinct (code, day) pairs over every product and batch code and every day of the year."""
    codes_total, seen, n = sizes.products + sizes.batches, set(), 0
    while n < sizes.scan_days:
        index, day = rng.randrange(codes_total), rng.randrange(clock.period.days)
        if (key := index * 1000 + day) in seen:
            continue
        seen.add(key)
        n += 1
        is_product = index < sizes.products
        batch_id = None if is_product else index - sizes.products + 1
        product_id = index + 1 if is_product else (batch_id - 1) % sizes.products + 1
        yield {
            "id": n,
            "public_code": code(index + 1),
            "day": clock.period.start + timedelta(days=day),
            "product_id": product_id,
            "batch_id": batch_id,
            "count": rng.randrange(1, 40),
        }


def smaller_records(rng: random.Random, clock: Clock, sizes: Sizes, inspectors: list[int]) -> list[tuple]:
    """Consumer reports, recalls, label sheets, events with invitations and technology declarations."""
    statuses, report_kinds = list(ReportStatus), list(ReportKind)
    reports = []
    for i in range(1, 3_001):
        made = clock.in_period()
        status = statuses[i % len(statuses)]
        reports.append(
            {
                "id": i,
                "tracking_code": code(10_000_000 + i),
                "product_id": rng.randrange(1, sizes.products),
                "batch_id": None,
                "kind": report_kinds[i % len(report_kinds)],
                "message": "Hàng có dấu hiệu lạ",
                "place": "",
                "photo_name": None,
                "contact_phone": None,
                "status": status,
                "assigned_to_id": None,
                "inspection_id": None,
                "reply": "",
                "resolved_at": made + timedelta(days=1 + i % 20) if status == ReportStatus.RESOLVED else None,
                "resolved_by_id": None,
                "created_at": made,
                "updated_at": made,
            }
        )
    recalls = [
        {
            "id": i,
            "scope": "product",
            "product_id": i * 37 % sizes.products + 1,
            "batch_id": None,
            "reason": "Không đạt chất lượng",
            "recalled_on": clock.day(),
            "inspection_id": None,
            "user_id": inspectors[0],
            "created_at": clock.in_period(),
        }
        for i in range(1, 301)
    ]
    prints = [
        {
            "id": i,
            "product_id": rng.randrange(1, sizes.products),
            "batch_id": None,
            "labels": 40,
            "printed_at": clock.in_period(),
            "user_id": None,
        }
        for i in range(1, 20_001)
    ]
    kinds = list(EventKind)
    events, invitations = [], []
    for i in range(1, 61):
        held = clock.day()
        events.append(
            {
                "id": i,
                "kind": kinds[i % len(kinds)],
                "title": f"Đối thoại doanh nghiệp số {i}",
                "held_on": held,
                "starts_at": "08:00",
                "place": "Hội trường UBND phường",
                "agency_id": 1,
                "topics": ["traceability"],
                "participants": 40 + i,
                "conclusions": "",
                "created_by_id": 2,
                "created_at": clock.start,
                "updated_at": clock.start,
            }
        )
        for k in range(20):
            invitations.append(
                {
                    "id": len(invitations) + 1,
                    "event_id": i,
                    "business_id": (i * 20 + k) % sizes.businesses + 1,
                    "status": "confirmed",
                    "answered_at": None,
                    "checked_in_at": clock.start if k % 2 else None,
                    "attendees": 1,
                }
            )
    technology = list(TechnologyKind)
    uses = [
        {
            "id": i,
            "business_id": i * 3 % sizes.businesses + 1,
            "kind": technology[i % len(technology)],
            "detail": "",
            "certificate_number": "",
            "issued_by": "",
            "expires_on": None,
            "verified_at": clock.start,
            "verified_by_id": 2,
            "rejection_note": "",
            "created_at": clock.start,
            "updated_at": clock.start,
        }
        for i in range(1, 3_001)
    ]
    return [
        (ConsumerReport, reports),
        (Recall, recalls),
        (LabelPrint, prints),
        (CooperationEvent, events),
        (EventInvitation, invitations),
        (TechnologyUse, uses),
    ]


def seed(sizes: Sizes, period: Period, log: Callable[[str], None] = print) -> dict[str, int]:
    """Insert everything (in the app context of the target database) and return the row counts."""
    rng = random.Random(20261115)
    clock = Clock(rng, period)
    staff = people()
    counts: dict[str, int] = {}

    def load(model, rows) -> None:
        started = time.perf_counter()
        table = getattr(model, "__table__", model)
        counts[table.name] = insert_rows(table, rows)
        db.session.commit()
        log(f"report-seed: {counts[table.name]:>9,} {table.name} in {time.perf_counter() - started:.1f} s")

    load(Business, businesses(rng, clock, sizes.businesses))
    load(Product, products(rng, clock, sizes))
    load(Certification, certifications(rng, sizes))
    load(Batch, batches(rng, clock, sizes))
    related = {"items": [], "members": [], "violations": [], "links": []}
    load(Inspection, inspections(rng, clock, sizes, staff["inspectors"], related))
    load(InspectionMember, iter(related["members"]))
    load(InspectionItem, iter(related["items"]))
    load(Violation, iter(related["violations"]))
    load(violation_item, iter(related["links"]))
    load(ScanDay, scan_days(rng, clock, sizes))
    for model, rows in smaller_records(rng, clock, sizes, staff["inspectors"]):
        load(model, iter(rows))
    return counts


def reset_sequences() -> None:
    """PostgreSQL: explicit ids leave the id sequences at 1; move them past the rows (the app inserts later)."""
    for table in db.metadata.sorted_tables:
        if "id" in table.c and table.c.id.primary_key:
            db.session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table.name}), false)"
                )
            )
    db.session.commit()


def prepare(url: str, sizes: Sizes, *, reseed: bool = False, log: Callable[[str], None] = print) -> dict:
    """Migrate ``url`` and seed it, unless it already holds this many rows (reused between runs)."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "SCAN_FLUSH_SECONDS": 0})
    period = default_period(local_today())
    with app.app_context():
        if reseed:
            drop_everything()
        upgrade()
        have = db.session.scalar(select(func.count()).select_from(ScanDay)) or 0
        if have == sizes.scan_days and db.session.scalar(select(func.count()).select_from(Product)) == sizes.products:
            log(f"report-seed: {db.engine.url.get_backend_name()} already seeded, reused")
            return {"reused": True, "seed_seconds": None}
        if have or db.session.scalar(select(func.count()).select_from(Product)):
            raise SystemExit(f"report-seed: {db.engine.url!r} holds other data; use --reseed or a fresh database")
        started = time.perf_counter()
        seed(sizes, period, log)
        if db.engine.dialect.name == "postgresql":
            reset_sequences()
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))  # what autovacuum does after a bulk load, done now
        seconds = time.perf_counter() - started
        log(f"report-seed: seeded in {seconds:.0f} s")
        return {"reused": False, "seed_seconds": round(seconds)}


def drop_everything() -> None:
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    else:
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="SQLAlchemy database URL (sqlite:///... or postgresql+psycopg://...)")
    defaults = Sizes()
    for name in ("businesses", "products", "batches", "inspections", "scan_days"):
        parser.add_argument(f"--{name.replace('_', '-')}", type=int, default=getattr(defaults, name))
    parser.add_argument("--reseed", action="store_true", help="drop every table first")
    args = parser.parse_args(argv)
    sizes = Sizes(args.businesses, args.products, args.batches, args.inspections, args.scan_days)
    prepare(args.url, sizes, reseed=args.reseed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
