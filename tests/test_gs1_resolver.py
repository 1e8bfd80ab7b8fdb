"""The ``/01/…`` resolver against rules of the GS1 Digital Link URI syntax and the GS1-Conformant resolver standard.

The vectors are ours, written from the standards' rules (not copied from GS1's test suites): a GTIN may be followed by
CPV 22, lot 10 and serial 21 in that order, or by the third-party serial 235 alone; data attributes go in the query,
identifiers never; an answer points to its RFC 9264 linkset; ``linkType`` picks one link.
"""

from __future__ import annotations

import json

import pytest

from tests.factories import make_batch, make_product, valid_gtin
from traceapp.extensions import db
from traceapp.models import BatchStatus, Certification, CertificationKind
from traceapp.public import page_cache

GS1 = "https://gs1.org/voc/"


@pytest.fixture
def known(app):
    """A product with a GTIN and one registered batch whose lot needs percent-encoding."""
    page_cache.clear()
    product = make_product(name="Nước mắm Sa Huỳnh", gtin=valid_gtin(4242))
    batch = make_batch(product=product, lot_code="NM/26-1")
    return product, batch


def _lot_path(product) -> str:
    return f"/01/{product.gtin}/10/NM%2F26-1"


# --- key qualifiers in the path ---------------------------------------------------------------------------------


def test_every_qualifier_combination_the_standard_allows_is_answered(client, english, known):
    product, batch = known
    gtin = product.gtin
    lot = "/10/NM%2F26-1"
    found = {
        f"/01/{gtin}": 200,  # the product
        f"/01/{gtin[1:]}": 200,  # a GTIN-13 written as 13 digits
        f"/01/{gtin}{lot}": 200,  # the batch
        f"/01/{gtin}{lot}/": 200,  # one slash at the end, as in the standard's own list of valid paths
        f"/01/{gtin}{lot}/21/SN123": 404,  # serial: the register holds batches, not items
        f"/01/{gtin}/22/V1{lot}": 404,  # CPV before the lot
        f"/01/{gtin}/22/V1{lot}/21/SN123": 404,  # all three, in order
        f"/01/{gtin}/22/V1": 404,  # CPV alone
        f"/01/{gtin}/21/SN123": 404,  # serial without a lot
        f"/01/{gtin}/235/TPX-9": 404,  # the third-party serial, alone
    }
    for path, status in found.items():
        response = client.get(path)
        assert response.status_code == status, path
        assert response.headers["Link"].endswith('; rel="linkset"; type="application/linkset+json"'), path


def test_an_unknown_serial_of_a_known_batch_is_a_404_that_names_the_batch(client, english, known):
    product, batch = known
    response = client.get(_lot_path(product) + "/21/SN123")
    page = response.data.decode()
    assert response.status_code == 404
    assert "The serial number SN123 is not registered" in page
    assert f"This is batch NM/26-1 of {product.name}" in page
    assert "NM/26-1" in page and "Nothing known against this product" in page  # the batch's page under the note
    # The Link header points to the batch it walked up to.
    assert f"/01/{product.gtin}/10/NM%2F26-1?linkType=all>" in response.headers["Link"]
    answer = client.get(_lot_path(product) + "/21/SN123", headers={"Accept": "application/json"})
    assert answer.status_code == 404 and "SN123 is not registered" in answer.json["error"]
    assert answer.json["batch"]["lot"] == "NM/26-1"
    tpx = client.get(f"/01/{product.gtin}/235/ZX81")
    assert tpx.status_code == 404 and b"The serial number ZX81 is not registered" in tpx.data
    variant = client.get(f"/01/{product.gtin}/22/BLUE")
    assert variant.status_code == 404 and b"The variant BLUE is not registered" in variant.data
    # Asking for links of the item does not hide that it is unknown.
    linkset = client.get(_lot_path(product) + "/21/SN123?linkType=all")
    assert linkset.status_code == 404 and "SN123 is not registered" in linkset.json["error"]
    assert 'rel="linkset"' in linkset.headers["Link"]
    redirect = client.get(_lot_path(product) + "/21/SN123?linkType=gs1:pip")
    assert redirect.status_code == 404 and "Location" not in redirect.headers


@pytest.mark.parametrize(
    ("suffix", "reason"),
    [
        ("/21/S1/10/L1", "order /22/, /10/, /21/"),  # serial before lot
        ("/10/L1/22/V1", "order /22/, /10/, /21/"),  # CPV after lot
        ("/21/S1/21/S2", "each at most once"),
        ("/10/L1/235/T1", "/235/ stands alone"),  # TPX replaces the other qualifiers
        ("/235/T1/21/S1", "/235/ stands alone"),
        ("/17/261231", "/17/ is not allowed"),  # a data attribute is not a key qualifier
        ("/254/X", "/254/ is not allowed"),  # a qualifier of another key (GLN extension)
        ("/10/" + "L" * 21, "1 to 20 characters"),  # AI 10 is X..20
        ("/235/" + "T" * 29, "not allow"),  # AI 235 is X..28
        ("/10/L%20 1", "1 to 20 characters"),  # a space is not in GS1's character set 82
    ],
)
def test_key_qualifiers_out_of_the_standard_are_refused_with_the_reason(client, english, known, suffix, reason):
    product, _batch = known
    response = client.get(f"/01/{product.gtin}{suffix}")
    assert response.status_code == 400
    assert reason in response.data.decode()
    assert "Link" not in response.headers  # nothing was identified, so there is no linkset to point to


def test_a_wrong_check_digit_is_a_400_not_a_404(client, english):
    gtin = valid_gtin(77)
    wrong = gtin[:-1] + str((int(gtin[-1]) + 1) % 10)
    response = client.get(f"/01/{wrong}/10/L1")
    assert response.status_code == 400 and b"check digit" in response.data


# --- attributes in the query ------------------------------------------------------------------------------------


def test_valid_data_attributes_and_other_parameters_are_accepted(client, english, known):
    product, _batch = known
    for query, status in (
        ("17=261231", 200),  # expiry, YYMMDD
        ("15=261200", 200),  # best before: day 00 means the end of the month
        ("17=261231&3103=000500", 200),  # and a net weight in kg with three decimals
        ("11=260101&linkType=gs1:pip&lang=en&context=retail", 307),
        ("utm_source=label&utm_medium=qr", 200),
        ("17=261231&", 200),  # a trailing "&" is harmless
    ):
        response = client.get(_lot_path(product) + "?" + query)
        assert response.status_code == status, query


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("17=261332", "attribute 17"),  # month 13
        ("17=260230", "attribute 17"),  # 30 February
        ("17=2612", "expected N6"),  # too short
        ("17=261231X", "expected N6"),  # too long
        ("15=ABCDEF", "attribute 15"),
        ("3103=5", "attribute 3103"),  # a fixed six-digit weight
        ("10=L2", "belongs in the path"),  # the lot is a key qualifier
        ("21=SN1", "belongs in the path"),
        ("01=09520123456788", "belongs in the path"),  # a primary key
        ("17=261231&17=261230", "appears twice"),
        ("999=1", "999 is not a GS1 Application Identifier"),  # unknown AI, though (99) is a prefix of it
        ("5=1", "5 is not a GS1 Application Identifier"),
        ("17=%ZZ", "percent sign"),
        ("%ZZ=1", "percent sign"),
    ],
)
def test_wrong_query_attributes_are_a_400_with_the_reason(client, english, known, query, reason):
    product, _batch = known
    for accept in ("text/html", "application/json"):
        response = client.get(_lot_path(product) + "?" + query, headers={"Accept": accept})
        assert response.status_code == 400, (query, accept)
        text = response.json["error"] if accept == "application/json" else response.data.decode()
        assert reason in text, (query, accept)


def test_a_bad_attribute_is_refused_even_when_the_page_is_cached(app, client, english, known):
    app.config["SCAN_PAGE_CACHE_SECONDS"] = 30
    product, _batch = known
    assert client.get(_lot_path(product)).status_code == 200
    assert client.get(_lot_path(product) + "?17=999999").status_code == 400
    page_cache.clear()


# --- malformed paths --------------------------------------------------------------------------------------------


def test_empty_segments_and_broken_escapes_are_400_never_a_redirect(client, english, known):
    product, _batch = known
    for path in (
        f"/01//{product.gtin}",
        "/01//",
        "/01/",
        f"/01/{product.gtin}//10/NM%2F26-1",
        f"/01/{product.gtin}/10//21/S",
        f"/01/{product.gtin}/10/NM%2F26-1//",
        f"/01/{product.gtin}/10/NM%ZZ",
        f"/01/{product.gtin}/10/NM%2",
        f"/01/{product.gtin}/10/%FF",
        f"/01/{product.gtin}?lang=%E0%A4",  # not UTF-8 (refused at the door, traceapp/web/request_guard.py)
    ):
        response = client.get(path)
        assert response.status_code == 400, path
        assert "Location" not in response.headers, path


# --- linkset and linkType ---------------------------------------------------------------------------------------


def test_the_linkset_is_served_for_both_triggers_in_rfc_9264_shape(client, english, known):
    product, batch = known
    db.session.add(Certification(product=product, kind=CertificationKind.OCOP, stars=4, number="OCOP-1"))
    db.session.commit()
    by_query = client.get(_lot_path(product) + "?linkType=all")
    by_accept = client.get(_lot_path(product), headers={"Accept": "application/linkset+json"})
    for response in (by_query, by_accept):
        assert response.status_code == 200
        assert response.mimetype == "application/linkset+json"
        assert json.loads(response.data) == json.loads(by_query.data)
    body = json.loads(by_query.data)
    assert list(body) == ["linkset"] and len(body["linkset"]) == 1
    context = body["linkset"][0]
    assert context["anchor"] == f"http://localhost/01/{product.gtin}/10/NM%2F26-1"
    page = f"http://localhost/q/{batch.public_code}"
    assert context[GS1 + "pip"][0]["href"] == page
    assert context[GS1 + "defaultLink"][0]["href"] == page
    assert context[GS1 + "recallStatus"][0]["href"] == page + "#verdict"
    assert context[GS1 + "certificationInfo"][0]["href"] == page + "#certs"
    assert context[GS1 + "traceability"][0]["href"] == page + "#lot"
    for relation, targets in context.items():
        if relation == "anchor":
            continue
        assert isinstance(targets, list) and targets, relation
        for target in targets:  # RFC 9264 §4.2.4: target attributes; hreflang is an array
            assert target["href"].startswith("http") and target["title"] and target["type"]
            assert target["hreflang"] == ["vi", "en"]
    assert by_query.headers["Link"] == (
        f'<{context["anchor"]}?linkType=all>; rel="linkset"; type="application/linkset+json"'
    )


def test_a_product_without_certifications_or_batch_serves_fewer_link_types(client, known):
    product, _batch = known
    context = json.loads(client.get(f"/01/{product.gtin}?linkType=linkset").data)["linkset"][0]
    assert context["anchor"] == f"http://localhost/01/{product.gtin}"
    assert GS1 + "certificationInfo" not in context and GS1 + "traceability" not in context
    assert context[GS1 + "pip"][0]["href"] == f"http://localhost/q/{product.public_code}"


def test_link_type_redirects_to_that_link_and_falls_back_to_the_scan_page(client, known):
    product, batch = known
    page = f"/q/{batch.public_code}"
    expected = {
        "gs1:recallStatus": page + "#verdict",
        "https://gs1.org/voc/recallStatus": page + "#verdict",
        "gs1:pip": page,
        "gs1:traceability": page + "#lot",
        "gs1:certificationInfo": page,  # no certification: the scan page
        "gs1:nutritionalInfo": page,  # a link type we do not serve
    }
    for link_type, target in expected.items():
        response = client.get(_lot_path(product) + "?linkType=" + link_type)
        assert response.status_code == 307, link_type
        assert response.location.endswith(target), link_type
        assert 'rel="linkset"' in response.headers["Link"]


def test_a_recalled_batch_says_so_where_the_recall_link_leads(client, english, known):
    product, batch = known
    batch.status = BatchStatus.RECALLED
    db.session.commit()
    target = client.get(_lot_path(product) + "?linkType=gs1:recallStatus").location
    assert b"This product has been recalled" in client.get(target).data


def test_unknown_lot_is_a_404_pointing_to_the_product_linkset(client, english, known):
    product, _batch = known
    response = client.get(f"/01/{product.gtin}/10/NOPE")
    assert response.status_code == 404 and b"its lot NOPE is not" in response.data
    assert response.headers["Link"].startswith(f"<http://localhost/01/{product.gtin}?linkType=all>")
    unknown = client.get(f"/01/{valid_gtin(99991)}", headers={"Accept": "application/linkset+json"})
    assert unknown.status_code == 404 and "No product with the GTIN" in unknown.json["error"]


def test_a_cached_page_still_carries_its_link_header(app, client, known):
    app.config["SCAN_PAGE_CACHE_SECONDS"] = 30
    product, _batch = known
    first, second = client.get(_lot_path(product)), client.get(_lot_path(product))
    assert first.headers["Link"] == second.headers["Link"] and 'rel="linkset"' in second.headers["Link"]
    page_cache.clear()


# --- language ---------------------------------------------------------------------------------------------------


def test_accept_language_or_lang_chooses_vietnamese_or_english(app, known):
    product, _batch = known
    path = _lot_path(product)
    english_words, vietnamese_words = "Nothing known against this product", "Chưa ghi nhận"
    with app.test_client() as fresh:
        assert vietnamese_words in fresh.get(path).data.decode()  # nothing asked: the ward's language
    with app.test_client() as fresh:
        answer = fresh.get(path, headers={"Accept-Language": "en-GB,en;q=0.9"})
        assert english_words in answer.data.decode() and "Accept-Language" in answer.vary
        assert vietnamese_words in fresh.get(path, headers={"Accept-Language": "vi-VN,vi;q=0.9"}).data.decode()
    with app.test_client() as fresh:
        assert english_words in fresh.get(path + "?lang=en").data.decode()
        assert english_words in fresh.get(path + "?lang=en-US").data.decode()
    with app.test_client() as fresh:
        page = fresh.get(path + "?lang=vi", headers={"Accept-Language": "en"}).data.decode()
        assert vietnamese_words in page, "?lang= wins over the browser's preference"
    with app.test_client() as fresh:
        refusal = fresh.get(path + "?17=1", headers={"Accept-Language": "en"}).data.decode()
        assert "This link is not valid" in refusal
