"""Each cause of a 500 that the outside tester found (issue 10, item 1), one test per cause: the request a client
sent, and what they get instead — a form error or a 400/404 page in their language, and nothing written.
tests/test_fuzz_routes.py keeps looking for new ones."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from tests.factories import (
    PASSWORD,
    make_agency,
    make_batch,
    make_business,
    make_event,
    make_inspection,
    make_link,
    make_product,
    make_user,
    make_violation,
)
from traceapp.extensions import db
from traceapp.models import (
    AuditEntry,
    Batch,
    ConsumerReport,
    EventInvitation,
    InspectionMember,
    InspectionStatus,
    LinkStatus,
    Product,
    Role,
    SupplyLink,
)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def audit_length() -> int:
    return count(AuditEntry)


def flashed_errors(client) -> list[str]:
    with client.session_transaction() as session:
        return [str(message) for category, message in session.get("_flashes", []) if category == "error"]


# --- WTForms' plural messages through Flask-Babel's ngettext (KeyError: 'max', 'value') ---------------------------


def test_plural_message_an_over_long_login_identifier_is_a_form_error_in_both_languages(client):
    page = client.post("/login", data={"identifier": "0" * 300, "password": "x"})
    assert page.status_code == 200
    assert "Không được dài quá 254 ký tự." in page.get_data(as_text=True)
    client.get("/?lang=en")
    page = client.post("/login", data={"identifier": "0" * 300, "password": "x"})
    assert page.status_code == 200
    assert "Field cannot be longer than 254 characters." in page.get_data(as_text=True)


def test_plural_message_an_over_long_public_report_is_a_form_error_and_nothing_is_stored(client):
    before = count(ConsumerReport)
    page = client.post(
        "/report?lang=en", data={"kind": "expired", "message": "Hàng hết hạn sử dụng", "place": "x" * 301}
    )
    assert page.status_code in (200, 400)
    assert "Field cannot be longer than 300 characters." in page.get_data(as_text=True)
    assert count(ConsumerReport) == before


def test_plural_message_an_invalid_multi_select_choice_is_a_form_error(client, login_as):
    login_as(Role.INSPECTOR)
    client.get("/?lang=en")
    page = client.post(
        "/inspections/new",
        data={"kind": "unannounced", "fields": ["labelling", "nope", "nada"], "started_at": "2026-11-15T08:30"},
    )
    assert page.status_code in (200, 400)
    text = page.get_data(as_text=True)
    assert "are not valid choices for this field." in text and "&#39;nope&#39;" in text and "&#39;nada&#39;" in text


# --- error messages joined with " ".join on lazy strings -------------------------------------------------------


@pytest.fixture
def draft_inspection(login_as):
    inspector = make_user(role=Role.INSPECTOR)
    inspection = make_inspection(business=make_business(), created_by=inspector)
    login_as(inspector)
    return inspection


def test_lazy_join_adding_a_member_without_a_name_flashes_the_error(client, draft_inspection):
    before = count(InspectionMember)
    response = client.post(f"/inspections/{draft_inspection.id}/members", data={"name": "", "role": "nope"})
    assert response.status_code == 302
    assert flashed_errors(client)
    assert count(InspectionMember) == before


def test_lazy_join_submitting_with_an_over_long_conclusion_flashes_the_error(client, draft_inspection):
    before = audit_length()
    response = client.post(f"/inspections/{draft_inspection.id}/submit", data={"conclusion": "x" * 20_000})
    assert response.status_code == 302
    assert flashed_errors(client)
    assert audit_length() == before


def test_lazy_join_a_remedy_without_a_note_flashes_the_error(client, login_as):
    business = make_business()
    violation = make_violation(inspection=make_inspection(business=business, status=InspectionStatus.SUBMITTED))
    login_as(make_user(role=Role.BUSINESS, business=business))
    before = audit_length()
    response = client.post(f"/violations/{violation.id}/remedy", data={"note": ""})
    assert response.status_code == 302
    assert flashed_errors(client)
    assert audit_length() == before


def test_lazy_join_an_invitation_search_too_long_flashes_the_error(client, login_as):
    officer = login_as(Role.OFFICER)
    event = make_event(created_by=officer)
    make_business(sector="x")
    response = client.post(f"/events/{event.id}/invite", data={"scope": "all", "sector": "x" * 500})
    assert response.status_code == 302
    assert flashed_errors(client)
    assert count(EventInvitation) == 0


def test_lazy_join_an_invitation_answer_out_of_range_flashes_the_error(client, login_as):
    business = make_business()
    event = make_event()
    invitation = EventInvitation(event=event, business=business)
    db.session.add(invitation)
    db.session.commit()
    login_as(make_user(role=Role.BUSINESS, business=business))
    response = client.post(f"/invitations/{invitation.id}/accept", data={"attendees": "-5"})
    assert response.status_code == 302
    assert flashed_errors(client)
    assert db.session.get(EventInvitation, invitation.id).answered_at is None


# --- integers past 64 bits in a path or in ?page= --------------------------------------------------------------


@pytest.mark.parametrize("number", [2**31, 2**63, 2**64, 10**40])
def test_an_id_past_what_an_id_column_holds_in_the_path_is_not_found(client, login_as, number):
    """Past 64 bits SQLite overflowed; past 32 PostgreSQL did (ids are INTEGER, bound as ``::INTEGER``)."""
    login_as(Role.OFFICER)
    for path in (f"/products/{number}", f"/batches/{number}/chain", f"/inspections/{number}/record.pdf"):
        assert client.get(path).status_code == 404, path
    assert client.get(f"/products/{2**31 - 1}").status_code == 404  # the largest id there can be: not there
    assert client.get(f"/api/v1/plan-reports/{number}").status_code in (401, 404)


@pytest.mark.parametrize("page", ["0", "-1", "x", "9223372036854775808", "9" * 40, "9" * 5000, "²"])
def test_a_page_number_that_is_not_a_page_shows_a_list(client, login_as, page):
    login_as(Role.OFFICER)
    make_product(name="Nước mắm Sa Huỳnh")
    response = client.get(f"/products?page={page}")
    assert response.status_code == 200
    if page in ("0", "-1", "x", "²"):
        assert "Nước mắm Sa Huỳnh" in response.get_data(as_text=True)  # the first page


# --- dates out of range in a query string ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["to=9999-12-31", "from=0001-01-01", "from=0001-01-01&to=9999-12-31", "to=2026-02-30", "from=%00"]
)
@pytest.mark.parametrize("path", ["/consumer-reports", "/inspections", "/violations"])
def test_a_date_out_of_range_in_a_list_filter_is_ignored(client, login_as, path, query):
    login_as(Role.OFFICER)
    response = client.get(f"{path}?{query}")
    assert response.status_code == (400 if "%00" in query else 200)


def test_a_date_out_of_range_in_a_form_is_a_form_error_and_nothing_is_stored(client, login_as):
    owner = make_user(role=Role.BUSINESS)
    product = make_product(business=owner.business)
    login_as(owner)
    client.get("/?lang=en")
    before = count(Batch)
    page = client.post(
        f"/products/{product.id}/batches/new",
        data={"lot_code": "L1", "production_date": "2026-01-01", "expiry_date": "9999-12-31", "quantity": "1"},
    )
    assert page.status_code in (200, 400)
    assert "Enter a date from 01/01/1900 to 31/12/2999." in page.get_data(as_text=True)
    assert count(Batch) == before


@pytest.mark.parametrize("quantity", ["NaN", "sNaN", "Infinity", "1e30"])
def test_a_number_the_database_cannot_hold_is_a_form_error(client, login_as, quantity):
    owner = make_user(role=Role.BUSINESS)
    product = make_product(business=owner.business)
    login_as(owner)
    before = count(Batch)
    page = client.post(
        f"/products/{product.id}/batches/new?lang=en", data={"lot_code": "L1", "quantity": quantity, "unit": "kg"}
    )
    assert page.status_code in (200, 400)
    text = page.get_data(as_text=True)
    assert "This number is too large." in text or "Enter a number written in digits." in text
    assert count(Batch) == before


# --- int() on raw form values -------------------------------------------------------------------------------


@pytest.mark.parametrize("business_id", ["x", "²", "١٢", "9" * 30, "-1"])
def test_form_integer_a_business_id_that_is_not_an_id_on_a_batch_output_is_no_business(client, login_as, business_id):
    owner = make_user(role=Role.BUSINESS)
    batch = make_batch(product=make_product(business=owner.business))
    login_as(owner)
    response = client.post(
        f"/batches/{batch.id}/chain/outputs",
        data={"business_id": business_id, "buyer_name": "Chợ Đức Phổ", "quantity": "3", "unit": "kg"},
    )
    assert response.status_code == 302  # recorded as a delivery to an outside buyer
    link = db.session.scalars(select(SupplyLink)).one()
    assert link.downstream_business_id is None and link.downstream_name == "Chợ Đức Phổ"


def test_form_integer_an_odd_batch_id_when_confirming_a_delivery_is_no_batch(client, login_as):
    buyer = make_business()
    seller_batch = make_batch()
    link = make_link(upstream=seller_batch, status=LinkStatus.PENDING, downstream_business=buyer)
    login_as(make_user(role=Role.BUSINESS, business=buyer))
    for odd in ("²", "9" * 30):
        response = client.post(f"/supply/links/{link.id}/confirm", data={f"l{link.id}-batch_id": odd})
        assert response.status_code == 302
    assert db.session.get(SupplyLink, link.id).status == LinkStatus.CONFIRMED


@pytest.mark.parametrize("value", ["²", "9" * 30])
def test_form_integer_an_odd_business_in_the_query_of_a_new_inspection_is_ignored(client, login_as, value):
    login_as(Role.INSPECTOR)
    assert client.get(f"/inspections/new?business={value}").status_code == 200
    assert client.get(f"/inspections?business={value}&agency={value}").status_code == 200


def test_form_integer_a_gtin_of_unicode_digits_is_refused_not_a_crash(client, login_as):
    assert client.get("/lookup?code=" + "²" * 8).status_code == 400
    assert client.get("/01/" + "²" * 13).status_code == 400
    owner = login_as(Role.BUSINESS)
    before = count(Product)
    page = client.post("/products/new?lang=en", data={"name": "Nước mắm", "category": "seafood", "gtin": "²" * 13})
    assert page.status_code in (200, 400)
    assert "A GTIN contains digits only." in page.get_data(as_text=True)
    assert count(Product) == before and owner.business.products == []


# --- text no person types: NUL and bytes that are not UTF-8 ---------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/lookup?code=%00", "/lookup?code=%ff%fe", "/q/AB%00CD", "/report/track?code=%C0%AF", "/?q%00=1"]
)
def test_nul_or_invalid_utf8_in_a_path_or_query_is_a_400_page_in_vietnamese(client, path):
    response = client.get(path)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'lang="vi"' in page and "Yêu cầu chưa đúng" in page and "Một phần nội dung gửi lên không đọc được" in page
    assert "Traceback" not in page and "UnicodeDecodeError" not in page


def test_a_path_that_is_not_utf8_is_a_400(client):
    response = client.get("/", environ_overrides={"PATH_INFO": "/q/\xff\xfe"})
    assert response.status_code == 400


def test_nul_in_a_public_report_is_a_400_and_nothing_is_stored(client):
    before = count(ConsumerReport)
    response = client.post("/report", data={"kind": "expired", "message": "Hàng giả\x00 bán ở chợ Đức Phổ"})
    assert response.status_code == 400
    assert count(ConsumerReport) == before


def test_invalid_utf8_in_a_form_body_is_a_400_and_nothing_is_stored(client):
    before = count(ConsumerReport)
    response = client.post(
        "/report",
        data=b"kind=expired&message=H%E0ng+gi%E1%BA%A3+b%C3%A1n+%FF%FE+%E1%BB%9F+ch%E1%BB%A3",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert count(ConsumerReport) == before


def test_an_upload_with_a_nul_in_its_name_is_a_400_and_nothing_is_stored(client):
    before = count(ConsumerReport)
    response = client.post(
        "/report",
        data={
            "kind": "expired",
            "message": "Hàng hết hạn bán ở chợ Đức Phổ",
            "photo": (io.BytesIO(b"\xff\xd8\xff\xe0"), "a\x00.jpg", "image/jpeg"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert count(ConsumerReport) == before


def test_an_upload_that_is_not_an_image_is_a_form_error(client):
    before = count(ConsumerReport)
    response = client.post(
        "/report",
        data={
            "kind": "expired",
            "message": "Hàng hết hạn bán ở chợ Đức Phổ",
            "photo": (io.BytesIO(b"GIF89a" + b"\xff" * 64), "x.gif", "image/gif"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code in (200, 400)
    assert "has-error" in response.get_data(as_text=True)
    assert count(ConsumerReport) == before


# --- the 400 page: in the user's language, naming nothing the client sent --------------------------------------


def test_the_400_page_is_vietnamese_by_default_and_shows_nothing_of_the_request(client):
    response = client.get("/lookup?code=%3Cscript%3E%00")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'lang="vi"' in page and "Mã lỗi" in page
    assert "<script>" not in page and "&lt;script&gt;" not in page
    assert "Bad Request" not in page


def test_an_error_code_without_a_message_of_its_own_keeps_its_status(client, login_as):
    login_as(Role.OFFICER)
    response = client.put("/products")
    assert response.status_code == 405
    assert "Method Not Allowed" not in response.get_data(as_text=True)


def test_a_logged_in_user_sees_the_400_page_too(client, login_as):
    login_as(make_user(role=Role.INSPECTOR, agency=make_agency(), password=PASSWORD))
    assert client.get("/inspections?q=%00").status_code == 400


def test_a_multipart_body_that_does_not_parse_is_refused_and_nothing_is_stored(client):
    before = count(ConsumerReport)
    response = client.post(
        "/report",
        data=b'--x\r\nContent-Disposition: form-data; name="message"\r\n\r\nH\xe0ng gi\xe1 \x00 --',
        content_type="multipart/form-data; boundary=x",
    )
    assert response.status_code == 400 or "has-error" in response.get_data(as_text=True)  # the form, to correct
    assert count(ConsumerReport) == before


# --- the API's page: a number of thousands of digits, which int() itself refuses ------------------------------


def test_an_api_page_of_thousands_of_digits_is_a_400_naming_the_parameter(client):
    from traceapp.api import tokens
    from traceapp.clock import local_today

    secret = tokens.issue("Sở KH&CN", None, make_user(role=Role.ADMIN), local_today())[1]
    response = client.get("/api/v1/products?page=" + "9" * 5000, headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 400
    assert "'page' can be at most" in response.get_json()["error"]
