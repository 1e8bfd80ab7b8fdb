"""Products, certifications and batches as a business manages them; the image upload rules."""

import io
import os
from datetime import date

from PIL import Image

from tests import images
from tests.factories import make_batch, make_business, make_product, valid_gtin
from traceapp.extensions import db
from traceapp.models import Batch, Certification, Product, ProductStatus, Role
from traceapp.products import services

PRODUCT = {
    "name": "Nước mắm cá cơm Sa Huỳnh 40 độ đạm",
    "category": "seafood",
    "gtin": "",
    "origin": "Sa Huỳnh, phường Đức Phổ",
    "net_quantity": "500 ml",
    "standard_applied": "TCVN 5107:2018",
}


def _upload(data: bytes, name="anh.jpg"):
    return (io.BytesIO(data), name)


def test_business_adds_a_product_with_a_13_digit_gtin_stored_as_14(client, login_as):
    owner = login_as(Role.BUSINESS)
    gtin13 = valid_gtin(4242)
    response = client.post("/products/new", data=dict(PRODUCT, gtin=gtin13))
    assert response.status_code == 302
    product = db.session.scalar(db.select(Product))
    assert product.business_id == owner.business_id
    assert product.gtin == "0" + gtin13 and len(product.public_code) == 8
    page = client.get(response.location).data.decode()
    assert "Nước mắm cá cơm Sa Huỳnh 40 độ đạm" in page
    assert product.public_code[:4] + "-" + product.public_code[4:] in page


def test_wrong_gtin_check_digit_is_explained(client, login_as, english):
    login_as(Role.BUSINESS)
    response = client.post("/products/new", data=dict(PRODUCT, gtin="8930000000001"))
    assert response.status_code == 200
    assert b"The check digit of this GTIN is wrong" in response.data
    assert db.session.scalar(db.select(db.func.count(Product.id))) == 0


def test_a_gtin_already_registered_is_refused(client, login_as, english):
    gtin = valid_gtin(77)
    make_product(gtin=gtin)
    login_as(Role.BUSINESS)
    response = client.post("/products/new", data=dict(PRODUCT, gtin=gtin))
    assert b"Another product is already registered with this GTIN." in response.data


def test_edit_keeps_the_code_and_withdraw_asks_for_confirmation(client, login_as, english):
    business = make_business()
    product = make_product(business=business, name="Muối tôm")
    login_as(Role.BUSINESS, business=business)
    code = product.public_code
    client.post(f"/products/{product.id}/edit", data=dict(PRODUCT, name="Muối tôm Sa Huỳnh"))
    db.session.refresh(product)
    assert product.name == "Muối tôm Sa Huỳnh" and product.public_code == code
    page = client.get(f"/products/{product.id}").data.decode()
    assert "data-question=" in page
    client.post(f"/products/{product.id}/withdraw", data={"reason": "Ngừng sản xuất"})
    db.session.refresh(product)
    assert product.status == ProductStatus.WITHDRAWN and product.status_reason == "Ngừng sản xuất"
    client.post(f"/products/{product.id}/reactivate")
    db.session.refresh(product)
    assert product.status == ProductStatus.ACTIVE


def test_ocop_certification_needs_stars_and_shows_with_expiry(client, login_as, english):
    business = make_business()
    product = make_product(business=business, name="Tinh bột nghệ Phổ Thạnh")
    login_as(Role.BUSINESS, business=business)
    missing = client.post(f"/products/{product.id}/certifications", data={"kind": "ocop"})
    assert missing.status_code == 400 and b"Give the number of OCOP stars" in missing.data
    client.post(
        f"/products/{product.id}/certifications",
        data={"kind": "ocop", "stars": "3", "number": "OCOP-117", "expires_on": "2027-09-20"},
    )
    cert = db.session.scalar(db.select(Certification))
    assert (cert.stars, cert.expires_on) == (3, date(2027, 9, 20))
    public = client.get(f"/q/{product.public_code}").data.decode()
    assert "★★★" in public and "20/09/2027" in public
    client.post(f"/products/{product.id}/certifications/{cert.id}/delete")
    assert db.session.scalar(db.select(db.func.count(Certification.id))) == 0


def test_batches_with_dates_and_a_duplicate_lot_refused(client, login_as, english):
    business = make_business()
    product = make_product(business=business)
    login_as(Role.BUSINESS, business=business)
    data = {
        "lot_code": "L261101-1",
        "production_date": "2026-11-01",
        "expiry_date": "2028-11-01",
        "quantity": "1250.5",
        "unit": "chai",
    }
    response = client.post(f"/products/{product.id}/batches/new", data=data)
    assert response.status_code == 302
    batch = db.session.scalar(db.select(Batch))
    assert batch.expiry_date == date(2028, 11, 1) and str(batch.quantity.normalize()) == "1250.5"
    assert "1.250,5 chai" in client.get(f"/batches/{batch.id}").data.decode()
    again = client.post(f"/products/{product.id}/batches/new", data=data)
    assert b"already has a batch with this lot code" in again.data
    backwards = client.post(
        f"/products/{product.id}/batches/new", data=dict(data, lot_code="L2", expiry_date="2026-01-01")
    )
    assert b"The expiry date is before the production date." in backwards.data
    garbage = client.post(
        f"/products/{product.id}/batches/new",
        data=dict(data, lot_code="L3", production_date="31/02/2026", quantity="nhiều"),
    )
    assert garbage.status_code == 200 and b"Not a valid date value." in garbage.data
    too_long = client.post(f"/products/{product.id}/batches/new", data=dict(data, lot_code="L" * 21))
    assert b"at most 20 characters" in too_long.data
    assert db.session.scalar(db.select(db.func.count(Batch.id))) == 1


def test_product_list_search_and_pagination_for_the_business(client, login_as):
    business = make_business()
    for n in range(23):
        make_product(business=business, name=f"Khô cá cơm {n:02d}")
    make_product(business=business, name="Mực một nắng")
    make_product(name="Sản phẩm của người khác")
    login_as(Role.BUSINESS, business=business)
    first = client.get("/products").data.decode()
    assert "Sản phẩm của người khác" not in first
    found = client.get("/products?q=Mực").data.decode()
    assert "Mực một nắng" in found and "Khô cá cơm" not in found
    page2 = client.get("/products?q=cá cơm&page=2").data.decode()
    assert page2.count("Khô cá cơm") == 3


def test_product_image_is_resized_and_stripped_of_gps(app, client, login_as):
    business = make_business()
    login_as(Role.BUSINESS, business=business)
    response = client.post(
        "/products/new", data=dict(PRODUCT, image=_upload(images.jpeg_with_gps())), content_type="multipart/form-data"
    )
    assert response.status_code == 302
    product = db.session.scalar(db.select(Product))
    served = client.get(f"/media/products/{product.image_name}")
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    image = Image.open(io.BytesIO(served.data))
    assert max(image.size) == 1600
    exif = image.getexif()
    assert 0x8825 not in exif and 0x010F not in exif


def test_bad_uploads_are_refused_with_a_reason_and_nothing_saved(app, client, login_as, english):
    login_as(Role.BUSINESS)
    cases = [
        (_upload(b"%PDF-1.4 not an image", "anh.jpg"), b"not an image we can read"),
        (_upload(images.decompression_bomb(), "bomb.png"), b"too many pixels"),
        (_upload(b"", "empty.jpg"), b"The file is empty."),
    ]
    for upload, message in cases:
        response = client.post("/products/new", data=dict(PRODUCT, image=upload), content_type="multipart/form-data")
        assert response.status_code == 200 and message in response.data, message
    assert db.session.scalar(db.select(db.func.count(Product.id))) == 0
    folder = os.path.join(app.config["UPLOAD_FOLDER"], "products")
    assert not os.path.isdir(folder) or os.listdir(folder) == []


def _photos(app) -> list[str]:
    folder = os.path.join(app.config["UPLOAD_FOLDER"], "products")
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def test_a_save_that_clashes_at_the_commit_leaves_no_product_and_no_photo(app, client, login_as, english, monkeypatch):
    """Another request took the drawn code (forced here on every retry): the photo was already written when the
    commit failed; the form explains, and neither the product nor the photo is left behind."""
    taken = make_product().public_code
    monkeypatch.setattr(services, "unique_public_code", lambda: taken)
    login_as(Role.BUSINESS)
    response = client.post(
        "/products/new", data=dict(PRODUCT, image=_upload(images.jpeg_with_gps())), content_type="multipart/form-data"
    )
    assert response.status_code == 200 and b"These details clash with another record" in response.data
    assert db.session.scalar(db.select(db.func.count(Product.id))) == 1
    assert _photos(app) == []


def test_a_code_drawn_twice_is_drawn_again_and_the_photo_written_once(app, client, login_as, monkeypatch):
    taken = make_product().public_code
    drawn = iter([taken, "ZZZZ2345"])
    monkeypatch.setattr(services, "unique_public_code", lambda: next(drawn))
    login_as(Role.BUSINESS)
    response = client.post(
        "/products/new", data=dict(PRODUCT, image=_upload(images.jpeg_with_gps())), content_type="multipart/form-data"
    )
    assert response.status_code == 302
    product = db.session.scalar(db.select(Product).where(Product.public_code == "ZZZZ2345"))
    assert product is not None and _photos(app) == [product.image_name]


def test_an_edit_refused_half_way_leaves_the_product_as_stored(app, client, login_as, english):
    business = make_business()
    product = make_product(business=business, name="Muối tôm", gtin=valid_gtin(31))
    taken = make_product(gtin=valid_gtin(32))
    login_as(Role.BUSINESS, business=business)
    for clash in (
        dict(PRODUCT, name="Muối tôm Sa Huỳnh", image=_upload(b"", "empty.jpg")),
        dict(PRODUCT, name="Muối tôm Sa Huỳnh", gtin=taken.gtin, image=_upload(images.jpeg_with_gps())),
    ):
        response = client.post(f"/products/{product.id}/edit", data=clash, content_type="multipart/form-data")
        assert response.status_code == 200
    page = client.get(f"/products/{product.id}").data.decode()
    assert "Muối tôm Sa Huỳnh" not in page and "Muối tôm" in page
    db.session.refresh(product)
    assert (product.name, product.gtin, product.image_name) == ("Muối tôm", valid_gtin(31).zfill(14), None)
    assert _photos(app) == []


def test_an_oversize_upload_gets_a_clear_413(app, client, login_as, english):
    app.config["MAX_CONTENT_LENGTH"] = 200_000
    login_as(Role.BUSINESS)
    response = client.post(
        "/products/new", data=dict(PRODUCT, image=_upload(b"x" * 300_000)), content_type="multipart/form-data"
    )
    assert response.status_code == 413 and b"The file is too large" in response.data


def test_a_business_cannot_see_or_change_another_business_records(client, login_as):
    other = make_business()
    product = make_product(business=other)
    batch = make_batch(product=product)
    login_as(Role.BUSINESS)
    for url in (
        f"/products/{product.id}",
        f"/products/{product.id}/edit",
        f"/batches/{batch.id}",
        f"/batches/{batch.id}/edit",
        f"/products/{product.id}/qr.png",
        f"/batches/{batch.id}/labels",
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        f"/products/{product.id}/edit",
        f"/products/{product.id}/withdraw",
        f"/products/{product.id}/batches/new",
        f"/batches/{batch.id}/edit",
    ):
        assert client.post(url, data=dict(PRODUCT, lot_code="X1")).status_code == 404, url
    db.session.refresh(product)
    assert product.name != PRODUCT["name"] and product.status == ProductStatus.ACTIVE


def test_search_ignores_accents_and_case_as_people_type_on_phones(client, login_as):
    business = make_business(name="Hợp tác xã Nông nghiệp Phổ Thạnh")
    make_product(business=business, name="Tinh bột nghệ Phổ Thạnh")
    make_product(business=business, name="Nước mắm nhĩ Đức Phổ")
    login_as(Role.INSPECTOR)
    for query, expected in (
        ("nuoc mam", "Nước mắm nhĩ"),
        ("DUC PHO", "Nước mắm nhĩ"),
        ("NGHỆ", "Tinh bột nghệ"),
        ("100%", None),
    ):
        page = client.get("/products", query_string={"q": query}).data.decode()
        if expected:
            assert expected in page, query
        else:
            assert "Nước mắm nhĩ" not in page and "Tinh bột nghệ" not in page
    businesses = client.get("/businesses", query_string={"q": "pho thanh"}).data.decode()
    assert "Hợp tác xã Nông nghiệp Phổ Thạnh" in businesses
