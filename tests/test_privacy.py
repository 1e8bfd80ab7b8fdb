"""Personal data in a consumer's free text is masked before it leaves the ward: the pure function at its edges.
What every export does with it is in tests/test_exports.py and tests/test_api.py."""

from __future__ import annotations

import pytest

from traceapp.privacy import CCCD_MASK, CMND_MASK, EMAIL_MASK, PHONE_MASK, mask_personal_data


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Gọi tôi số 0912345678 nhé", f"Gọi tôi số {PHONE_MASK} nhé"),
        ("SĐT: 0912.345.678.", f"SĐT: {PHONE_MASK}."),
        ("liên hệ 0912 345 678 hoặc 035-123-4567", f"liên hệ {PHONE_MASK} hoặc {PHONE_MASK}"),
        ("zalo 09 12 34 56 78", f"zalo {PHONE_MASK}"),
        ("số 0786123456, 0856123456, 0589123456", f"số {PHONE_MASK}, {PHONE_MASK}, {PHONE_MASK}"),
        ("bàn 0255 3812 345 (Quảng Ngãi)", f"bàn {PHONE_MASK} (Quảng Ngãi)"),
        ("cố định 02553812345", f"cố định {PHONE_MASK}"),
        ("gọi +84 912 345 678", f"gọi {PHONE_MASK}"),
        ("gọi (+84) 912-345-678", f"gọi {PHONE_MASK}"),
        ("gọi +84912345678 hoặc 84912345678", f"gọi {PHONE_MASK} hoặc {PHONE_MASK}"),
        ("gọi +84 (0) 912 345 678", f"gọi {PHONE_MASK}"),
        ("mua 0912345678 2 hộp", f"mua {PHONE_MASK} 2 hộp"),  # the quantity after it stays
        ("ngày 15 0912345678", f"ngày 15 {PHONE_MASK}"),
        ("email nguyen.van.an+pa@gmail.com.vn!", f"email {EMAIL_MASK}!"),
        ("thư lê_thị.bình@đứcphổ.vn", f"thư {EMAIL_MASK}"),
        ("CCCD 051203001234 của tôi", f"CCCD {CCCD_MASK} của tôi"),
        ("CCCD 051 203 001 234", f"CCCD {CCCD_MASK}"),
        ("CCCD 0512 0300 1234", f"CCCD {CCCD_MASK}"),
        ("CMND 212345678", f"CMND {CMND_MASK}"),
        ("CMND số 212 345 678.", f"CMND số {CMND_MASK}."),
    ],
)
def test_personal_data_is_masked(text, masked):
    assert mask_personal_data(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "Giá 120.000 đồng, hôm qua 95.000đ",
        "Thiệt hại 120.000.000 và 1.200.000.000",  # amounts in thousands, not ID numbers
        "Mua 3 chai giá 120000000 đồng",
        "Hạn dùng 15/11/2026, sản xuất 15.11.2025, lô 15-11-2026",
        "Lô 20261115, mã lô L2026-123456789, mã SP123456789",
        "Mã vạch 8930000000019 (GTIN-13), thùng 18930000000016 (GTIN-14), 89300004 (GTIN-8)",
        "GTIN-12 123456789012: no province code starts it",
        "Cơ sở ở tổ dân phố 3, số nhà 120, quốc lộ 1A",
        "Mã truy xuất TDC-7F3K9Q, phiếu số 12/2026/QĐ-UBND",
        "",
    ],
)
def test_codes_prices_dates_and_quantities_are_not_masked(text):
    assert mask_personal_data(text) == text


def test_a_gtin12_that_reads_as_a_cccd_is_masked_on_purpose():
    """12 digits starting with a province code (001–096) cannot be told from a CCCD: privacy wins."""
    assert mask_personal_data("mã 036000291452") == f"mã {CCCD_MASK}"
    assert mask_personal_data("mã 099000291452") == "mã 099000291452"  # no province 099


def test_nothing_to_mask():
    assert mask_personal_data(None) is None
    assert mask_personal_data("Hàng đã quá hạn sử dụng.") == "Hàng đã quá hạn sử dụng."


def test_everything_at_once():
    text = "Tôi là Nguyễn Văn An, ĐT 0905 123 456, an.nguyen@gmail.com, CCCD 051203001234, CMND 212345678."
    assert mask_personal_data(text) == (
        f"Tôi là Nguyễn Văn An, ĐT {PHONE_MASK}, {EMAIL_MASK}, CCCD {CCCD_MASK}, CMND {CMND_MASK}."
    )
