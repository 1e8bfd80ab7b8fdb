"""GS1 rules checked against GS1's own published examples (General Specifications, Digital Link standard)."""

from __future__ import annotations

import pytest

from traceapp import gs1


@pytest.fixture(autouse=True)
def _context(bare_app):
    """Messages are translated, so they need a request context (English here, to name them); no database."""
    with bare_app.test_request_context("/?lang=en"):
        yield


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("09520123456788", "09520123456788"),  # GS1's GTIN-13 example written as 14 digits
        ("9520123456788", "09520123456788"),  # the same GTIN-13: normalised to 14 digits
        ("952 0123 45678 8", "09520123456788"),  # as read off a barcode, with spaces
        ("614141000036", "00614141000036"),  # GTIN-12 (UPC-A) example of GS1 US
        ("96385074", "00000096385074"),  # GTIN-8 example
    ],
)
def test_valid_gtins_are_normalised_to_14_digits(raw, expected):
    assert gs1.normalise_gtin(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("09520123456789", "check digit"),  # the published example with a wrong check digit
        ("9520123456780", "check digit"),
        ("952012345678", "check digit"),  # 12 digits, not a valid UPC
        ("95201234567", "this one has 11"),
        ("95201234X6788", "digits only"),
    ],
)
def test_invalid_gtins_are_refused_with_the_reason(raw, reason):
    with pytest.raises(gs1.GtinError, match=reason):
        gs1.normalise_gtin(raw)


def test_digital_link_paths_follow_the_standard_examples():
    assert gs1.build_path("09520123456788") == "/01/09520123456788"
    assert gs1.build_path("09520123456788", "ABC/123") == "/01/09520123456788/10/ABC%2F123"
    link = gs1.parse_path("/01/09520123456788/22/2A/10/ABC%2F123/21/12345")
    assert link == gs1.DigitalLink(gtin="09520123456788", lot="ABC/123", serial="12345", variant="2A")
    # A 13-digit GTIN in the path is read as the same item.
    assert gs1.parse_path("/01/9520123456788/10/L1").gtin == "09520123456788"
    # The third-party-controlled serial (AI 235) qualifies the GTIN on its own; it names one item, as 21 does.
    tpx = gs1.parse_path("/01/09520123456788/235/TPX%2F9")
    assert tpx == gs1.DigitalLink(gtin="09520123456788", tpx="TPX/9") and tpx.item_level
    assert not gs1.parse_path("/01/09520123456788/10/L1").item_level
    # One slash at the end changes nothing (the URI syntax standard lists /01/…/10/ABC123/ as valid); two do.
    assert gs1.parse_path("/01/09520123456788/10/L1/").lot == "L1"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/01/09520123456788/21/12345/10/ABC", "order /22/, /10/, /21/"),  # serial before lot
        ("/01/09520123456788/10/ABC/22/2A", "order /22/, /10/, /21/"),  # variant after lot
        ("/01/09520123456788/10/A/10/B", "each at most once"),
        ("/01/09520123456788/17/261231", "/17/ is not allowed"),  # a data attribute, not a key qualifier
        ("/01/09520123456789", "check digit"),
        ("/01/09520123456788/10/" + "A" * 21, "1 to 20 characters"),
        ("/00/09520123456788", "starts with /01/"),
        ("/01/09520123456788/10", "needs a value"),
        ("/01/09520123456788/10/A/235/T", "/235/ stands alone"),
        ("/01//09520123456788", "empty part"),
        ("/01/09520123456788/10/L1//", "empty part"),
        ("/01/09520123456788/10/A%G1", "percent sign"),
    ],
)
def test_malformed_digital_links_say_what_is_wrong(path, reason):
    with pytest.raises(gs1.DigitalLinkError, match=reason):
        gs1.parse_path(path)
