"""The consumer's side: the scan page a QR opens, typing a code, helpful 400/404 pages, scan counts."""

from datetime import date, timedelta

from tests.factories import make_batch, make_business, make_product, valid_gtin
from traceapp import scans
from traceapp.clock import local_today
from traceapp.extensions import db
from traceapp.models import BatchStatus, BusinessStatus, ProductStatus, Role, ScanDay
from traceapp.public import page_cache


def test_batch_page_shows_product_business_batch_and_dates(client, english):
    business = make_business(name="Hợp tác xã Diêm nghiệp Sa Huỳnh")
    product = make_product(business=business, name="Muối biển Sa Huỳnh", origin="Sa Huỳnh, Đức Phổ")
    batch = make_batch(
        product=product, lot_code="L261001-2", production_date=date(2026, 10, 1), expiry_date=date(2029, 10, 1)
    )
    page = client.get(f"/q/{batch.public_code}").data.decode()
    for text in (
        "Muối biển Sa Huỳnh",
        "Hợp tác xã Diêm nghiệp Sa Huỳnh",
        "L261001-2",
        "01/10/2026",
        "01/10/2029",
        "Verified by the ward",
        "Sa Huỳnh, Đức Phổ",
    ):
        assert text in page, text
    assert "Nothing known against this product" in page
    assert "Past its expiry date" not in page and "has been recalled" not in page


def test_unverified_business_is_marked_on_the_public_page(client, english):
    product = make_product(business=make_business(status=BusinessStatus.PENDING))
    page = client.get(f"/q/{product.public_code}").data.decode()
    assert "Not verified" in page and "Verified by the ward" not in page


def test_expired_batch_and_recalled_or_withdrawn_products_warn_clearly(client, english):
    expired = make_batch(expiry_date=local_today() - timedelta(days=1))
    page = client.get(f"/q/{expired.public_code}").data.decode()
    assert "Past its expiry date" in page and "Do not eat or use it" in page and "In circulation" not in page
    last_day = make_batch(expiry_date=local_today())
    assert b"Past its expiry date" not in client.get(f"/q/{last_day.public_code}").data
    recalled = make_batch(status=BatchStatus.RECALLED, status_reason="Nhãn thiếu hạn sử dụng")
    page = client.get(f"/q/{recalled.public_code}").data.decode()
    assert "This product has been recalled" in page and "Nhãn thiếu hạn sử dụng" in page
    assert "return it to the seller or report it to the ward" in page
    withdrawn = make_product(status=ProductStatus.WITHDRAWN)
    assert b"withdrawn this product from sale" in client.get(f"/q/{withdrawn.public_code}").data


def test_a_suspended_producer_is_not_called_unverified(client, english):
    product = make_product(business=make_business(status=BusinessStatus.SUSPENDED))
    page = client.get(f"/q/{product.public_code}").data.decode()
    assert "Producer suspended by the ward" in page and "Suspended by the ward" in page
    assert "Not verified" not in page and "has not confirmed this business's registration" not in page


def test_gs1_digital_link_resolves_to_the_product_and_the_batch(client):
    gtin13 = valid_gtin(555)
    product = make_product(name="Nước mắm nhĩ", gtin=gtin13)
    batch = make_batch(product=product, lot_code="A/7-B")
    assert "Nước mắm nhĩ" in client.get(f"/01/{gtin13}").data.decode()  # 13 digits accepted
    page = client.get(f"/01/0{gtin13}/10/A%2F7-B")
    assert page.status_code == 200 and "A/7-B" in page.data.decode()
    # A serial names one item, which the register does not hold: 404, on the page of the batch it belongs to.
    serial = client.get(f"/01/0{gtin13}/10/A%2F7-B/21/SER1")
    assert serial.status_code == 404 and "A/7-B" in serial.data.decode()
    assert batch.public_code in page.data.decode().replace("-", "")


def test_unknown_codes_get_a_helpful_404_and_malformed_ones_a_400(client, english):
    product = make_product(gtin=valid_gtin(9))
    cases = [
        ("/q/ABCD2345", 404, b"No product or batch has the code ABCD-2345"),
        ("/q/not-a-code!", 400, b"is not a code we print"),
        (f"/01/{valid_gtin(12345)}", 404, b"No product with the GTIN"),
        (f"/01/{product.gtin}/10/NOLOT", 404, b"its lot NOLOT is not"),
        ("/01/09520123456789", 400, b"check digit"),
        (f"/01/{product.gtin}/21/S/10/L", 400, b"order /22/, /10/, /21/"),
        (f"/01/{product.gtin}/99/X", 400, b"/99/ is not allowed"),
        (f"/01/{product.gtin}/10/{'A' * 21}", 400, b"1 to 20 characters"),
        ("/01/12ab", 400, b"8, 12, 13 or 14 digits"),
        ("/01/09520123456788/10", 400, b"needs a value"),
    ]
    for url, status, message in cases:
        response = client.get(url)
        assert response.status_code == status, url
        assert message in response.data, url


def test_typed_codes_are_forgiving_about_case_dashes_and_look_alike_letters(client, english):
    product = make_product(public_code="AB1C0DEF")
    response = client.get("/lookup?code=ab1c-odef")
    assert response.status_code == 302 and response.location == "/q/AB1C0DEF"
    assert client.get("/q/ab1c-odef").status_code == 301
    gtin_product = make_product(gtin=valid_gtin(31))
    typed = client.get(f"/lookup?code={gtin_product.gtin[1:]}")
    assert typed.location == f"/01/{gtin_product.gtin}"
    wrong = client.get("/lookup?code=12")
    assert wrong.status_code == 400 and b"Type the 8-character code" in wrong.data
    assert product.public_code == "AB1C0DEF"


def test_scans_are_counted_per_code_per_day_without_personal_data(app, client):
    batch = make_batch()
    for _ in range(3):
        client.get(f"/q/{batch.public_code}", headers={"User-Agent": "Zalo", "X-Forwarded-For": "1.2.3.4"})
    client.get(f"/q/{batch.product.public_code}")
    client.get("/q/ABCD2345")  # unknown: not counted
    scans.flush()
    rows = {row.public_code: row for row in db.session.scalars(db.select(ScanDay))}
    assert rows[batch.public_code].count == 3 and rows[batch.public_code].batch_id == batch.id
    assert rows[batch.public_code].day == local_today()
    assert rows[batch.product.public_code].count == 1 and rows[batch.product.public_code].batch_id is None
    assert set(ScanDay.__table__.columns.keys()) == {"id", "public_code", "day", "product_id", "batch_id", "count"}


def test_buffered_scan_counts_are_written_on_flush(app, client):
    app.config["SCAN_FLUSH_SECONDS"] = 3600
    batch = make_batch()
    scans.flush()
    for _ in range(4):
        client.get(f"/q/{batch.public_code}")
    assert db.session.scalar(db.select(db.func.count(ScanDay.id))) == 0
    scans.flush()
    assert db.session.scalar(db.select(ScanDay.count)) == 4


def test_anonymous_scan_pages_are_cached_briefly_but_every_scan_counts(app, client, login_as):
    app.config["SCAN_PAGE_CACHE_SECONDS"] = 30
    page_cache.clear()
    batch = make_batch(product=make_product(name="Muối hạt Sa Huỳnh", gtin=valid_gtin(606)), lot_code="M-1")
    paths = (f"/q/{batch.public_code}", f"/01/{batch.product.gtin}/10/M-1")
    for path in paths:
        assert "Muối hạt Sa Huỳnh" in client.get(path).data.decode()
    batch.product.name = "Muối tinh Sa Huỳnh"
    db.session.commit()
    for path in paths:
        assert "Muối hạt Sa Huỳnh" in client.get(path).data.decode(), "served from the cache"
    scans.flush()
    assert db.session.scalar(db.select(ScanDay.count)) == 4, "cached pages are still counted"
    login_as(Role.INSPECTOR)
    assert "Muối tinh Sa Huỳnh" in client.get(paths[0]).data.decode(), "logged-in users get a fresh page"
    page_cache.clear()


def test_home_page_offers_code_entry(client):
    page = client.get("/")
    assert page.status_code == 200
    assert b'action="/lookup"' in page.data and b'name="code"' in page.data


def test_pages_forbid_framing_and_foreign_scripts(client):
    response = client.get("/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "script-src 'self';" in response.headers["Content-Security-Policy"]
    assert b'<script src="/static/js/app.js"' in response.data
