"""One verdict for the consumer (traceapp/public/verdict.py): the rule alone, then the scan page, its JSON answer
and the business's and staff's pages, for every level and every pair of conditions.

Most serious first: recalled (batch, product or an input) → failed and not remedied → expired → producer
suspended → producer not yet verified → nothing known against it."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.factories import (
    make_batch,
    make_business,
    make_inspection,
    make_item,
    make_link,
    make_product,
    make_violation,
)
from traceapp import scans
from traceapp.clock import local_today, utcnow
from traceapp.extensions import db
from traceapp.models import (
    BatchStatus,
    BusinessStatus,
    CheckResult,
    InspectionStatus,
    ProductStatus,
    Role,
    ScanDay,
    ViolationCategory,
    ViolationStatus,
    ViolationStep,
    ViolationStepAction,
)
from traceapp.public import page_cache
from traceapp.public.verdict import (
    Facts,
    FailedCheck,
    InputFacts,
    ReasonKind,
    VerdictLevel,
    decide,
)

TODAY = date(2026, 11, 20)
LEVEL = VerdictLevel
KIND = ReasonKind

# --- the rule, with no app --------------------------------------------------------------------------------------

# Each condition: the facts it changes, the reason it gives, and the level it belongs to.
CONDITIONS: dict[str, tuple[dict, ReasonKind, VerdictLevel]] = {
    "batch_recalled": (
        {"batch_recalled": True, "batch_recall_reason": "Nhãn sai"},
        KIND.BATCH_RECALLED,
        LEVEL.RECALLED,
    ),
    "product_recalled": ({"product_recalled": True}, KIND.PRODUCT_RECALLED, LEVEL.RECALLED),
    "input_recalled": (
        {"inputs": (InputFacts("Cá cơm", "CC-1", "CACO2345", recalled=True),)},
        KIND.INPUT_RECALLED,
        LEVEL.RECALLED,
    ),
    "failed": (
        {"failed_check": FailedCheck(on=TODAY, points=("short weight or wrong measure",))},
        KIND.FAILED_CHECK,
        LEVEL.FAILED,
    ),
    "input_failed": (
        {"inputs": (InputFacts("Muối", "M-1", "MUOI2345", failed=True),)},
        KIND.INPUT_FAILED,
        LEVEL.FAILED,
    ),
    "expired": ({"expiry_date": TODAY - timedelta(days=1)}, KIND.EXPIRED, LEVEL.EXPIRED),
    "suspended": ({"producer_status": BusinessStatus.SUSPENDED}, KIND.PRODUCER_SUSPENDED, LEVEL.PRODUCER_SUSPENDED),
    "unverified": ({"producer_status": BusinessStatus.PENDING}, KIND.PRODUCER_UNVERIFIED, LEVEL.PRODUCER_UNVERIFIED),
    "rejected": ({"producer_status": BusinessStatus.REJECTED}, KIND.PRODUCER_REJECTED, LEVEL.PRODUCER_UNVERIFIED),
}
PRODUCER = {"suspended", "unverified", "rejected"}  # one status each: never two at once
INPUTS = {"input_recalled", "input_failed"}


def _facts(*names: str) -> Facts:
    fields: dict = {"today": TODAY, "producer": "Hộ kinh doanh Bà Năm", "expiry_date": TODAY + timedelta(days=30)}
    inputs: tuple = ()
    for name in names:
        changes = dict(CONDITIONS[name][0])
        inputs += changes.pop("inputs", ())
        fields.update(changes)
    return Facts(**fields, inputs=inputs)


def test_nothing_known_is_the_clear_verdict():
    verdict = decide(_facts())
    assert verdict.level is VerdictLevel.CLEAR and verdict.reasons == ()
    assert verdict.action and verdict.level.tone == "ok" and not verdict.level.stops_sale


@pytest.mark.parametrize("name", list(CONDITIONS))
def test_each_condition_alone_gives_its_level_and_reason(name):
    _, kind, level = CONDITIONS[name]
    verdict = decide(_facts(name))
    assert verdict.level is level
    assert verdict.kinds == (kind,)
    assert verdict.reasons[0].text


PAIRS = [
    pair for pair in itertools.combinations(CONDITIONS, 2) if not set(pair) <= PRODUCER and not set(pair) <= INPUTS
]


@pytest.mark.parametrize("first,second", PAIRS)
def test_every_pair_gives_the_more_serious_level_and_both_reasons_in_order(first, second):
    verdict = decide(_facts(first, second))
    expected = sorted((CONDITIONS[first], CONDITIONS[second]), key=lambda c: c[2].rank)
    assert verdict.level is expected[0][2]
    assert verdict.kinds == (expected[0][1], expected[1][1])


def test_the_levels_are_in_the_order_of_the_rule():
    assert [level.rank for level in VerdictLevel] == list(range(6))
    assert list(VerdictLevel)[0] is VerdictLevel.RECALLED and list(VerdictLevel)[-1] is VerdictLevel.CLEAR


def test_recalled_and_expired_is_recalled_with_both_reasons():
    verdict = decide(_facts("batch_recalled", "expired"))
    assert verdict.level is VerdictLevel.RECALLED
    assert verdict.kinds == (KIND.BATCH_RECALLED, KIND.EXPIRED)
    assert "Nhãn sai" in verdict.reasons[0].text


def test_failed_and_suspended_is_failed():
    assert decide(_facts("failed", "suspended")).level is VerdictLevel.FAILED


def test_a_producer_has_one_status_so_suspended_and_unverified_never_both_hold():
    for status in BusinessStatus:
        verdict = decide(Facts(today=TODAY, producer="Cơ sở A", producer_status=status))
        producer_reasons = [r for r in verdict.reasons if r.kind.level.rank >= VerdictLevel.PRODUCER_SUSPENDED.rank]
        assert len(producer_reasons) == (0 if status == BusinessStatus.VERIFIED else 1), status


def test_a_remedied_failure_is_not_held_against_the_product():
    remedied = FailedCheck(on=TODAY, points=("wrong or missing label",), remedied=True)
    assert decide(Facts(today=TODAY, producer="A", failed_check=remedied)).level is VerdictLevel.CLEAR


def test_the_last_day_is_not_expired_and_the_day_after_is():
    assert decide(Facts(today=TODAY, producer="A", expiry_date=TODAY)).level is VerdictLevel.CLEAR
    assert decide(Facts(today=TODAY, producer="A", expiry_date=TODAY - timedelta(days=1))).level is LEVEL.EXPIRED
    assert decide(Facts(today=TODAY, producer="A", expiry_date=None)).level is VerdictLevel.CLEAR


def test_all_recall_reasons_are_listed_not_only_the_first():
    verdict = decide(_facts("batch_recalled", "product_recalled", "input_recalled", "failed", "expired", "suspended"))
    assert verdict.kinds == (
        KIND.BATCH_RECALLED,
        KIND.PRODUCT_RECALLED,
        KIND.INPUT_RECALLED,
        KIND.FAILED_CHECK,
        KIND.EXPIRED,
        KIND.PRODUCER_SUSPENDED,
    )
    assert verdict.reasons[2].code == "CACO2345"


def test_the_failed_check_names_the_point_that_failed():
    verdict = decide(_facts("failed"))
    assert "short weight or wrong measure" in verdict.reasons[0].text


# --- the same conditions in the database: the page, the JSON and the staff's pages -----------------------------


def _make(*names: str):
    """A batch with the named conditions, built through the factories."""
    status = BusinessStatus.VERIFIED
    for name, business_status in (
        ("suspended", BusinessStatus.SUSPENDED),
        ("unverified", BusinessStatus.PENDING),
        ("rejected", BusinessStatus.REJECTED),
    ):
        if name in names:
            status = business_status
    business = make_business(name="Hộ kinh doanh Nước mắm Bà Năm", status=status)
    product = make_product(
        business=business,
        name="Nước mắm cá cơm",
        status=ProductStatus.RECALLED if "product_recalled" in names else ProductStatus.ACTIVE,
        status_reason="Thiếu công bố" if "product_recalled" in names else None,
    )
    batch = make_batch(
        product=product,
        lot_code="NM-1",
        expiry_date=local_today() - timedelta(days=1) if "expired" in names else local_today() + timedelta(days=90),
        status=BatchStatus.RECALLED if "batch_recalled" in names else BatchStatus.ACTIVE,
        status_reason="Nhãn sai" if "batch_recalled" in names else None,
    )
    if "failed" in names:
        _failed_check(batch, {"measurement": CheckResult.FAIL.value})
    for name, input_status in (("input_recalled", BatchStatus.RECALLED), ("input_failed", BatchStatus.ACTIVE)):
        if name in names:
            source = make_batch(
                product=make_product(name=f"Cá cơm tươi {name}"), lot_code=f"CC-{name[6]}", status=input_status
            )
            make_link(upstream=source, downstream=batch)
            if name == "input_failed":
                _failed_check(source, {"label_vietnamese": CheckResult.FAIL.value})
    return batch


def _failed_check(batch, checks, **submitted):
    inspection = make_inspection(
        business=batch.product.business,
        status=InspectionStatus.SUBMITTED,
        result=CheckResult.FAIL,
        submitted_at=submitted.get("at", utcnow()),
    )
    return make_item(inspection=inspection, batch=batch, checks=checks, result=CheckResult.FAIL)


STOPS_SALE = {"batch_recalled", "product_recalled", "input_recalled", "failed", "input_failed", "expired"}
PAGE_CASES = [(name,) for name in CONDITIONS] + PAIRS + [()]


def _json(client, url):
    response = client.get(url, headers={"Accept": "application/json"})
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.get_json()


@pytest.mark.parametrize("names", PAGE_CASES, ids=lambda names: "+".join(names) or "clear")
def test_the_page_and_the_json_say_the_verdict_first_and_nothing_contradicts_it(client, english, names):
    batch = _make(*names)
    expected = decide(_facts(*names))
    html = client.get(f"/q/{batch.public_code}").data.decode()
    main = html[html.index("<main") :]
    label = str(expected.level.label)
    assert label in main and main.index(label) < main.index("<h1"), "the verdict comes first"
    assert str(expected.level.action) in main
    if set(names) & STOPS_SALE:
        assert "In circulation" not in main and "On sale" not in main
    if "suspended" in names:
        assert "Not verified" not in main and "not yet verified" not in main
    if "failed" in names:
        assert "short weight or wrong measure" in main
    if "input_failed" in names:
        assert "the label is not in Vietnamese" not in main  # the input's own point is on the input's page
        assert "which was found not conforming." in main

    answer = _json(client, f"/q/{batch.public_code}")
    assert answer["verdict"]["level"] == expected.level.value
    assert answer["verdict"]["label"] == label
    assert [reason["kind"] for reason in answer["reasons"]] == [kind.value for kind in expected.kinds]


def test_the_json_answer_has_what_the_page_shows_and_nothing_private(client, english):
    batch = _make("batch_recalled", "expired", "input_recalled")
    answer = _json(client, f"/q/{batch.public_code}")
    assert answer["verdict"] == {
        "level": "recalled",
        "label": "This product has been recalled",
        "action": "Do not use it: return it to the seller or report it to the ward.",
    }
    assert [r["kind"] for r in answer["reasons"]] == ["batch_recalled", "input_recalled", "expired"]
    source_reason = answer["reasons"][1]
    assert source_reason["code"] and source_reason["url"].endswith(f"/q/{source_reason['code']}")
    assert answer["product"]["name"] == "Nước mắm cá cơm" and answer["batch"]["lot"] == "NM-1"
    assert answer["batch"]["expired"] is True and answer["batch"]["status"] == "recalled"
    assert answer["producer"]["name"] == "Hộ kinh doanh Nước mắm Bà Năm" and answer["producer"]["verified"]
    assert answer["links"]["page"] == f"http://localhost/q/{batch.public_code}"
    assert answer["links"]["report"] == f"http://localhost/report?code={batch.public_code}"
    assert [source["lot"] for source in answer["batch"]["made_from"]] == ["CC-r"]
    text = json.dumps(answer, ensure_ascii=False)
    for private in ("Nguyễn Văn An", "registration_number", "owner", "email", "document", "shipped"):
        assert private not in text, private
    assert "quantity" not in answer["batch"] and "unit" not in answer["batch"], "how much was made is the business's"


def test_json_on_the_digital_link_and_json_errors(client, english):
    from tests.factories import valid_gtin

    product = make_product(name="Muối Sa Huỳnh", gtin=valid_gtin(7070))
    batch = make_batch(product=product, lot_code="S/1", expiry_date=local_today() - timedelta(days=1))
    answer = _json(client, f"/01/{product.gtin}/10/S%2F1")
    assert answer["verdict"]["level"] == "expired" and answer["code"] == batch.public_code
    assert _json(client, f"/01/{product.gtin}")["batch"] is None
    missing = client.get("/q/ABCD2345", headers={"Accept": "application/json"})
    assert missing.status_code == 404 and "ABCD-2345" in missing.get_json()["error"]
    bad = client.get(f"/01/{product.gtin}/99/X", headers={"Accept": "application/json"})
    assert bad.status_code == 400 and "error" in bad.get_json()
    browser = client.get(f"/q/{batch.public_code}", headers={"Accept": "text/html,*/*;q=0.8"})
    assert browser.mimetype == "text/html"


def test_both_answers_vary_on_accept_and_the_cache_never_mixes_them(app, client):
    app.config["SCAN_PAGE_CACHE_SECONDS"] = 30
    page_cache.clear()
    batch = make_batch()
    url = f"/q/{batch.public_code}"
    try:
        for _ in range(2):
            page = client.get(url)
            answer = client.get(url, headers={"Accept": "application/json"})
            assert page.mimetype == "text/html" and "<main" in page.data.decode()
            assert answer.mimetype == "application/json" and answer.get_json()["code"] == batch.public_code
            assert "Accept" in page.headers["Vary"] and "Accept" in answer.headers["Vary"]
        scans.flush()
        assert db.session.scalar(db.select(ScanDay.count)) == 4, "a JSON answer is a scan like the page"
    finally:
        page_cache.clear()


def test_a_failure_remedied_as_the_ward_confirmed_is_not_held_against_it(client, english, login_as):
    batch = _make()
    item = _failed_check(batch, {"label_expiry": CheckResult.FAIL.value})
    violation = make_violation(inspection=item.inspection, items=[item], category=ViolationCategory.LABELS)
    page = client.get(f"/q/{batch.public_code}").data.decode()
    assert "Found not conforming at inspection" in page and "the label lacks or misstates: expiry date" in page
    assert "wrong or missing label" in page  # the violation's category, in a consumer's words

    violation.status = ViolationStatus.REFERRED
    db.session.commit()
    assert _json(client, f"/q/{batch.public_code}")["verdict"]["level"] == "failed", "referred is not remedied"

    violation.status = ViolationStatus.REMEDIED
    db.session.commit()
    page = client.get(f"/q/{batch.public_code}").data.decode()
    assert "Nothing known against this product" in page
    assert "the ward has confirmed the business remedied it" in page

    violation.status = ViolationStatus.CLOSED  # closed after a referral: never remedied
    db.session.commit()
    assert _json(client, f"/q/{batch.public_code}")["verdict"]["level"] == "failed"
    db.session.add(
        ViolationStep(
            violation=violation,
            action=ViolationStepAction.REMEDIED,
            status=ViolationStatus.REMEDIED,
            user=item.inspection.created_by,
        )
    )
    db.session.commit()
    assert _json(client, f"/q/{batch.public_code}")["verdict"]["level"] == "clear", "closed after the remedy"


def test_only_the_latest_inspection_counts(client, english):
    batch = _make()
    _failed_check(batch, {"measurement": CheckResult.FAIL.value}, at=utcnow() - timedelta(days=30))
    later = make_inspection(
        business=batch.product.business,
        status=InspectionStatus.SUBMITTED,
        result=CheckResult.PASS,
        submitted_at=utcnow(),
    )
    make_item(inspection=later, batch=batch, checks={"measurement": CheckResult.PASS.value}, result=CheckResult.PASS)
    assert _json(client, f"/q/{batch.public_code}")["verdict"]["level"] == "clear"


@pytest.mark.parametrize(
    "instant,level",
    [
        (datetime(2027, 3, 10, 16, 59, tzinfo=UTC), "clear"),  # 23:59 on the 10th in the ward: the last day
        (datetime(2027, 3, 10, 17, 1, tzinfo=UTC), "expired"),  # 00:01 on the 11th in the ward
    ],
)
def test_expiry_turns_at_midnight_in_the_ward(client, english, clock_at, instant, level):
    clock_at(instant)
    batch = make_batch(expiry_date=date(2027, 3, 10))
    assert _json(client, f"/q/{batch.public_code}")["verdict"]["level"] == level
    page = client.get(f"/q/{batch.public_code}").data.decode()
    assert ("Past its expiry date" in page) is (level == "expired")


@pytest.mark.parametrize("role", [Role.OFFICER, Role.INSPECTOR, Role.BUSINESS])
def test_the_business_and_staff_see_the_same_verdict(client, english, login_as, role):
    batch = _make("failed", "expired")
    if role == Role.BUSINESS:
        from tests.factories import make_user

        login_as(make_user(role=Role.BUSINESS, business=batch.product.business))
    else:
        login_as(role)
    page = client.get(f"/batches/{batch.id}").data.decode()
    assert "Found not conforming at inspection" in page and "short weight or wrong measure" in page
    assert "In circulation" not in page
    product_page = client.get(f"/products/{batch.product.id}").data.decode()
    assert "Found not conforming at inspection" in product_page and "On sale" not in product_page.split("<h2")[0]
