"""Fill a throw-away database for the benchmark and write the scan paths wrk rotates through.

The ORM and the demo loader would take minutes for 100,000 batches, so rows go in with SQLAlchemy Core
``executemany`` and explicit ids. The ORM events that fill ``search_key`` do not run for Core inserts:
the value is computed here with the same ``fold``. The schema comes from the migrations, as in production.

    DATABASE_URL=sqlite:////tmp/x.sqlite python -m bench.seed --paths paths.txt --meta meta.json
    DATABASE_URL=sqlite:////tmp/x.sqlite python -m bench.seed --count-scans    # after the run
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import timedelta
from decimal import Decimal
from urllib.parse import quote

from flask_migrate import upgrade
from sqlalchemy import func, insert, select
from stdnum import ean

from traceapp import codes, create_app
from traceapp.clock import local_today
from traceapp.config import Defaults
from traceapp.extensions import db
from traceapp.models import (
    Batch,
    BatchStatus,
    Business,
    BusinessKind,
    BusinessStatus,
    Certification,
    CertificationKind,
    Product,
    ProductCategory,
    ScanDay,
)
from traceapp.text import fold

CHUNK = 10_000
PRODUCT_NAMES = [
    ("Nước mắm cá cơm Sa Huỳnh", ProductCategory.SEAFOOD, "chai", "500 ml", 730),
    ("Muối biển Sa Huỳnh", ProductCategory.FOOD, "gói", "1 kg", 1095),
    ("Mực khô Đức Phổ", ProductCategory.SEAFOOD, "kg", "500 g", 180),
    ("Tinh bột nghệ Phổ Thạnh", ProductCategory.AGRICULTURE, "hũ", "100 g", 730),
    ("Gạo Đức Phổ", ProductCategory.AGRICULTURE, "bao", "5 kg", 365),
    ("Rượu nếp Phổ Cường", ProductCategory.BEVERAGE, "chai", "500 ml", 730),
    ("Nón lá Đức Phổ", ProductCategory.CRAFT, "chiếc", "1 chiếc", 0),
]
KINDS = list(BusinessKind)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--businesses", type=int, default=1_000)
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--batches", type=int, default=100_000)
    parser.add_argument("--paths", help="file to write the scan paths into, one a line")
    parser.add_argument("--path-count", type=int, default=50_000)
    parser.add_argument("--meta", help="JSON file for the data size and settings, read by bench/report.py")
    parser.add_argument(
        "--count-scans",
        action="store_true",
        help="only print the total of the scan counters (to check no scan was lost)",
    )
    args = parser.parse_args(argv)
    if args.count_scans:
        with create_app().app_context():
            print(db.session.scalar(select(func.coalesce(func.sum(ScanDay.count), 0))))
        return 0
    if not (args.paths and args.meta):
        parser.error("--paths and --meta are required to seed")
    if args.batches < args.products or args.products < args.businesses:
        parser.error("need businesses <= products <= batches")

    app = create_app()
    started = time.perf_counter()
    with app.app_context():
        upgrade()
        if db.session.scalar(select(func.count(Product.id))):
            print(f"seed: {db.engine.url} already has products; the benchmark wants a fresh database", file=sys.stderr)
            return 1
        seeded = seed(random.Random(20260101), args.businesses, args.products, args.batches)
        counts = {
            name: db.session.scalar(select(func.count()).select_from(model))
            for name, model in (
                ("businesses", Business),
                ("products", Product),
                ("batches", Batch),
                ("certifications", Certification),
            )
        }
        paths = scan_paths(random.Random(7), seeded, args.path_count)
        # The settings that shape the result, as the app under test resolves them.
        settings = {
            key: app.config[key]
            for key in ("SCAN_FLUSH_SECONDS", "RATELIMIT_STORAGE_URI", "LOGIN_RATE_LIMIT", "SQLALCHEMY_ENGINE_OPTIONS")
        }
        settings["database"] = db.engine.url.get_backend_name()
        settings["secret_key_is_default"] = app.config["SECRET_KEY"] == Defaults.SECRET_KEY
        settings["instance_config"] = os.path.exists(os.path.join(app.instance_path, "config.py"))
    with open(args.paths, "w", encoding="ascii") as out:
        out.write("\n".join(paths) + "\n")
    with open(args.meta, "w", encoding="utf-8") as out:
        json.dump(
            {
                "data": {**counts, "scan_paths": len(paths)},
                "settings": settings,
                "seed_seconds": round(time.perf_counter() - started, 1),
            },
            out,
            default=str,
        )
    print(f"seed: {counts} in {time.perf_counter() - started:.1f} s; {len(paths)} scan paths in {args.paths}")
    return 0


def seed(rng: random.Random, n_businesses: int, n_products: int, n_batches: int) -> dict:
    """Insert the rows; return what the path list needs (codes, GTINs, lots) without reading them back."""
    today = local_today()
    used: set[str] = set()
    businesses = [_business(rng, i) for i in range(1, n_businesses + 1)]
    products, certifications = [], []
    for i in range(1, n_products + 1):
        products.append(_product(rng, i, business_id=(i - 1) % n_businesses + 1, used=used))
        if rng.random() < 0.25:
            certifications.append(_certification(rng, len(certifications) + 1, i, today))
    batches = []
    per_product = [n_batches // n_products + (1 if i < n_batches % n_products else 0) for i in range(n_products)]
    for product, count in zip(products, per_product, strict=True):
        shelf_days = PRODUCT_NAMES[product["id"] % len(PRODUCT_NAMES)][4]
        for n in range(count):
            batches.append(_batch(rng, len(batches) + 1, product, n, shelf_days, today, used))
    for table, rows in (
        (Business.__table__, businesses),
        (Product.__table__, products),
        (Certification.__table__, certifications),
        (Batch.__table__, batches),
    ):
        for start in range(0, len(rows), CHUNK):
            db.session.execute(insert(table), rows[start : start + CHUNK])
    db.session.commit()
    gtin_by_product = {p["id"]: p["gtin"] for p in products}
    return {
        "products": [(p["public_code"], p["gtin"]) for p in products],
        "batches": [(b["public_code"], gtin_by_product[b["product_id"]], b["lot_code"]) for b in batches],
    }


def scan_paths(rng: random.Random, seeded: dict, count: int) -> list[str]:
    """Mostly batch scans, as printed labels are per batch: half short codes, half GS1 Digital Link."""
    paths = []
    batches, products = seeded["batches"], seeded["products"]
    for _ in range(count):
        roll = rng.random()
        if roll < 0.9:
            code, gtin, lot = rng.choice(batches)
            if gtin and roll < 0.45:
                paths.append(f"/01/{gtin}/10/{quote(lot, safe='')}")
            else:
                paths.append(f"/q/{code}")
        else:
            code, gtin = rng.choice(products)
            paths.append(f"/01/{gtin}" if gtin and roll < 0.95 else f"/q/{code}")
    return paths


def _unique_code(rng: random.Random, used: set[str]) -> str:
    while True:
        code = "".join(rng.choices(codes.ALPHABET, k=codes.LENGTH))
        if code not in used:
            used.add(code)
            return code


def _business(rng: random.Random, i: int) -> dict:
    kind = KINDS[i % len(KINDS)]
    status = (
        BusinessStatus.PENDING if i % 10 == 3 else BusinessStatus.SUSPENDED if i % 50 == 7 else BusinessStatus.VERIFIED
    )
    name = f"Cơ sở sản xuất Đức Phổ số {i}"
    owner = f"Nguyễn Văn {i}"
    address = f"{rng.randrange(1, 400)} Quốc lộ 1A, phường Đức Phổ, tỉnh Quảng Ngãi"
    return {
        "id": i,
        "name": name,
        "kind": kind,
        "registration_number": f"34F8{i:06d}" if kind == BusinessKind.HOUSEHOLD else f"430{i:07d}",
        "owner_name": owner,
        "phone": f"09{i:08d}",
        "email": None,
        "address": address,
        "quarter": f"Khu phố {i % 6 + 1}",
        "sector": "Sản xuất, kinh doanh hàng hóa",
        "status": status,
        "status_reason": "Đình chỉ để kiểm tra" if status == BusinessStatus.SUSPENDED else None,
        "search_key": fold(f"{name} {owner} {address}"),
    }


def _product(rng: random.Random, i: int, business_id: int, used: set[str]) -> dict:
    base, category, _unit, net, shelf_days = PRODUCT_NAMES[i % len(PRODUCT_NAMES)]
    name = f"{base} loại {i}"
    gtin = None
    if i % 10 < 6:  # about 60% carry a GS1 barcode, as in the demo data
        body = f"893{i:09d}"
        gtin = (body + ean.calc_check_digit(body)).zfill(14)
    return {
        "id": i,
        "business_id": business_id,
        "name": name,
        "category": category,
        "gtin": gtin,
        "public_code": _unique_code(rng, used),
        "description": f"{name}, sản xuất tại phường Đức Phổ.",
        "ingredients": "Nguyên liệu địa phương",
        "origin": "Phường Đức Phổ, tỉnh Quảng Ngãi",
        "net_quantity": net,
        "shelf_life": f"{shelf_days // 30} tháng kể từ ngày sản xuất" if shelf_days else "",
        "standard_applied": "TCCS 01:2025",
        "conformity_declaration": f"Bản tự công bố số {i}/2025",
        "image_name": None,
        "status": "active",
        "status_reason": None,
        "search_key": fold(name),
    }


def _certification(rng: random.Random, i: int, product_id: int, today) -> dict:
    kind = rng.choice([CertificationKind.OCOP, CertificationKind.VIETGAP, CertificationKind.HACCP])
    return {
        "id": i,
        "product_id": product_id,
        "kind": kind,
        "stars": rng.randrange(3, 6) if kind == CertificationKind.OCOP else None,
        "number": f"CN-{i:05d}",
        "issuer": "UBND tỉnh Quảng Ngãi",
        "issued_on": today - timedelta(days=400),
        "expires_on": today + timedelta(days=rng.randrange(-60, 900)),
    }


def _batch(rng: random.Random, i: int, product: dict, n: int, shelf_days: int, today, used: set[str]) -> dict:
    produced = today - timedelta(days=rng.randrange(1, 900))
    recalled = i % 200 == 0
    return {
        "id": i,
        "product_id": product["id"],
        "lot_code": f"L{produced:%y%m%d}-{n + 1}",
        "production_date": produced,
        "expiry_date": produced + timedelta(days=shelf_days) if shelf_days else None,
        "quantity": Decimal(rng.randrange(20, 2000)),
        "unit": "chai",
        "public_code": _unique_code(rng, used),
        "status": BatchStatus.RECALLED if recalled else BatchStatus.ACTIVE,
        "status_reason": "Thu hồi tự nguyện" if recalled else None,
    }


if __name__ == "__main__":
    sys.exit(main())
