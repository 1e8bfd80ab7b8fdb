"""A business on a phone records what its batch was made from by typing another business's code; consumers
then see the chain, and a warning once the upstream batch is recalled."""

from __future__ import annotations

from tests.e2e.conftest import PHONE_VIEWPORT
from tests.e2e.phone import assert_fits, login
from tests.factories import make_batch, make_business, make_product, make_user
from traceapp.extensions import db
from traceapp.models import BatchStatus, Role


def test_business_records_an_input_and_consumers_see_chain_and_recall(page, live_server, screenshot):
    salt = make_batch(
        product=make_product(business=make_business(name="Hợp tác xã Muối Sa Huỳnh"), name="Muối hạt Sa Huỳnh"),
        lot_code="MU-11",
    )
    maker = make_business(name="Cơ sở Nước mắm Bà Năm")
    sauce = make_batch(product=make_product(business=maker, name="Nước mắm cá cơm 40 độ đạm"), lot_code="NM-11")
    owner = make_user(role=Role.BUSINESS, business=maker)

    login(page, live_server, owner, until="**/business")
    page.goto(live_server.url(f"/batches/{sauce.id}/chain"))
    page.locator("summary", has_text="Ghi nhận nguyên liệu đầu vào").click()
    page.fill("input[name=code]", salt.public_code[:4] + "-" + salt.public_code[4:])
    page.fill("input[name=quantity]", "120")
    page.fill("input[name=unit]", "kg")
    assert_fits(page, PHONE_VIEWPORT["width"])
    screenshot(page, "input")
    page.get_by_role("button", name="Ghi nhận", exact=True).first.click()
    page.wait_for_selector(".flash-success")

    page.goto(live_server.url(f"/q/{sauce.public_code}"))
    chain = page.locator("section[aria-labelledby=made-from]")
    assert "Muối hạt Sa Huỳnh" in chain.inner_text() and "Hợp tác xã Muối Sa Huỳnh" in chain.inner_text()
    assert "120" not in chain.inner_text()
    assert_fits(page, PHONE_VIEWPORT["width"])
    screenshot(page, "chain")

    salt.status = BatchStatus.RECALLED
    db.session.commit()
    page.reload()
    warning = page.locator(".alert-danger").first
    assert "Muối hạt Sa Huỳnh" in warning.inner_text() and "thu hồi" in warning.inner_text()
    screenshot(page, "recall-warning")
