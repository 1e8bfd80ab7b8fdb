"""Business sign-up, the officers' verification queue and decisions, and profile changes."""

import pytest

from tests.factories import make_business, make_product
from traceapp.extensions import db
from traceapp.models import Business, BusinessStatus, Role, User

SIGNUP = {
    "name": "Hộ kinh doanh Nước mắm Bà Năm",
    "kind": "household",
    "registration_number": "34f8001234",
    "owner_name": "Huỳnh Thị Năm",
    "phone": "0905 111 222",
    "address": "15 Tổ dân phố Sa Huỳnh, phường Đức Phổ",
    "quarter": "Tổ dân phố Sa Huỳnh",
    "sector": "Sản xuất nước mắm",
    "login_phone": "0905111222",
    "password": "namsahuynh1",
    "confirm": "namsahuynh1",
}


def test_signup_creates_a_pending_business_and_logs_the_owner_in(client, english):
    response = client.post("/register", data=SIGNUP)
    assert response.status_code == 302 and response.location == "/business"
    business = db.session.scalar(db.select(Business))
    assert business.status == BusinessStatus.PENDING
    assert business.registration_number == "34F8001234" and business.phone == "0905111222"
    owner = db.session.scalar(db.select(User).where(User.business_id == business.id))
    assert owner.role == Role.BUSINESS
    page = client.get("/business")
    assert "Hộ kinh doanh Nước mắm Bà Năm".encode() in page.data
    assert b"waiting for verification" in page.data
    # It can work at once: add a product while pending.
    assert client.post("/products/new", data={"name": "Nước mắm nhĩ", "category": "seafood"}).status_code == 302


def test_signup_errors_are_shown_next_to_the_fields_and_nothing_is_saved(client, english):
    bad = dict(SIGNUP, phone="12345", confirm="different1", registration_number="", kind="spaceship")
    response = client.post("/register", data=bad)
    assert response.status_code == 200
    for message in (
        b"Enter a Vietnamese phone number",
        b"The two passwords do not match.",
        b"Enter the registration or tax number.",
        b"Not a valid choice",
    ):
        assert message in response.data
    assert db.session.scalar(db.select(db.func.count(Business.id))) == 0
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0


def test_signup_refuses_a_registration_number_or_phone_already_used(client, english):
    make_business(registration_number="34F8001234")
    response = client.post("/register", data=SIGNUP)
    assert b"already registered" in response.data
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0


def test_officer_queue_lists_pending_businesses_only(client, login_as):
    make_business(name="Cơ sở Chờ Duyệt", status=BusinessStatus.PENDING)
    make_business(name="Công ty Đã Duyệt", status=BusinessStatus.VERIFIED)
    login_as(Role.OFFICER)
    page = client.get("/businesses/queue").data.decode()
    assert "Cơ sở Chờ Duyệt" in page and "Công ty Đã Duyệt" not in page


def test_officer_verifies_then_suspends_then_reinstates(client, login_as):
    business = make_business(status=BusinessStatus.PENDING)
    officer = login_as(Role.OFFICER)
    assert client.post(f"/businesses/{business.id}/verify").status_code == 302
    db.session.refresh(business)
    assert business.status == BusinessStatus.VERIFIED and business.status_changed_by_id == officer.id
    client.post(f"/businesses/{business.id}/suspend", data={"reason": "Vi phạm nhãn hàng hóa"})
    db.session.refresh(business)
    assert business.status == BusinessStatus.SUSPENDED and business.status_reason == "Vi phạm nhãn hàng hóa"
    client.post(f"/businesses/{business.id}/reinstate")
    db.session.refresh(business)
    assert business.status == BusinessStatus.VERIFIED


def test_rejection_needs_a_reason_which_the_business_sees_and_can_answer(client, login_as, english):
    business = make_business(status=BusinessStatus.PENDING)
    login_as(Role.OFFICER)
    response = client.post(f"/businesses/{business.id}/reject", data={"reason": ""}, follow_redirects=True)
    assert b"Give the reason" in response.data
    db.session.refresh(business)
    assert business.status == BusinessStatus.PENDING
    client.post(f"/businesses/{business.id}/reject", data={"reason": "Mã số thuế không khớp"})
    client.post("/logout")
    owner = login_as(Role.BUSINESS, business=business)
    assert "Mã số thuế không khớp" in client.get("/business").data.decode()
    form = {k: getattr(business, k) for k in ("name", "registration_number", "owner_name", "phone", "address")}
    client.post("/business/profile", data=dict(form, kind="household", registration_number="4300000999"))
    db.session.refresh(business)
    assert business.status == BusinessStatus.PENDING and business.registration_number == "4300000999"
    assert owner.business_id == business.id


@pytest.mark.parametrize(
    ("field", "value", "back_to_queue"),
    [
        ("name", "Hộ kinh doanh Nước mắm Sa Huỳnh Mới", True),
        ("registration_number", "4300000777", True),
        ("owner_name", "Trần Thị Mới", True),
        ("phone", "0912000111", False),
        ("address", "Tổ 5, khu phố 2, phường Đức Phổ", False),
    ],
)
def test_a_verified_business_that_changes_who_it_is_goes_back_to_awaiting_verification(
    client, login_as, english, field, value, back_to_queue
):
    business = make_business(status=BusinessStatus.VERIFIED)
    login_as(Role.BUSINESS, business=business)
    form = {k: getattr(business, k) for k in ("name", "registration_number", "owner_name", "phone", "address")}
    form.update({"kind": business.kind.value, field: value})
    page = client.post("/business/profile", data=form, follow_redirects=True).data.decode()
    db.session.refresh(business)
    assert business.status == (BusinessStatus.PENDING if back_to_queue else BusinessStatus.VERIFIED)
    assert ("will verify the business again" in page) is back_to_queue


def test_a_suspended_business_renamed_stays_suspended(client, login_as):
    business = make_business(status=BusinessStatus.SUSPENDED)
    login_as(Role.BUSINESS, business=business)
    form = {k: getattr(business, k) for k in ("name", "registration_number", "owner_name", "phone", "address")}
    client.post("/business/profile", data=dict(form, kind=business.kind.value, name="Tên khác để thoát đình chỉ"))
    db.session.refresh(business)
    assert business.status == BusinessStatus.SUSPENDED


def test_an_impossible_decision_is_explained_not_applied(client, login_as, english):
    business = make_business(status=BusinessStatus.VERIFIED)
    login_as(Role.OFFICER)
    response = client.post(f"/businesses/{business.id}/reject", data={"reason": "x"}, follow_redirects=True)
    assert b"that decision is not possible now" in response.data
    db.session.refresh(business)
    assert business.status == BusinessStatus.VERIFIED


def test_business_list_search_filter_and_pagination(client, login_as):
    for n in range(25):
        make_business(name=f"Hộ kinh doanh Khô Mực {n:02d}")
    make_business(name="Hợp tác xã Nông nghiệp Phổ Thạnh", status=BusinessStatus.PENDING)
    login_as(Role.INSPECTOR)
    page1 = client.get("/businesses?q=Khô Mực").data.decode()
    assert "Page 1 of 2" in page1 or "Trang 1" in page1
    assert "Phổ Thạnh" not in page1
    page2 = client.get("/businesses?q=Khô Mực&page=2").data.decode()
    assert page2.count("Hộ kinh doanh Khô Mực") == 5
    pending = client.get("/businesses?status=pending").data.decode()
    assert "Phổ Thạnh" in pending and "Khô Mực" not in pending
    # Bad query strings never break the page; a NUL byte is refused at the door (web/request_guard.py).
    for query in ("page=abc", "page=-3", "page=99999", "status=bogus", "q=%25_%25"):
        assert client.get(f"/businesses?{query}").status_code == 200, query
    assert client.get("/businesses?kind=%00").status_code == 400


def test_staff_see_a_business_with_its_products(client, login_as):
    business = make_business(name="Công ty TNHH Muối Sa Huỳnh")
    make_product(business=business, name="Muối biển Sa Huỳnh")
    login_as(Role.POLICE)
    page = client.get(f"/businesses/{business.id}").data.decode()
    assert "Công ty TNHH Muối Sa Huỳnh" in page and "Muối biển Sa Huỳnh" in page
    assert "/verify" not in page  # only officers decide
