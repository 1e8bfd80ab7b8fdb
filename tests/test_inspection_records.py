"""The printed records (biên bản): Vietnamese text that survives extraction, the item photos, the draft marker."""

from __future__ import annotations

import io
import os
import subprocess
from datetime import UTC, date, datetime

import pytest
from flask_babel import force_locale, gettext
from PIL import Image
from pypdf import PdfReader

from tests import tools
from tests.factories import (
    make_batch,
    make_business,
    make_inspection,
    make_item,
    make_product,
    make_user,
    make_violation,
)
from traceapp.extensions import db
from traceapp.models import (
    CheckResult,
    InspectionMember,
    InspectionPhoto,
    InspectionStatus,
    Measure,
    Role,
    TeamRole,
)

PHOTO_SIZE = (900, 600)
STARTED = datetime(2026, 11, 24, 2, 30, tzinfo=UTC)  # 09:30 in Đức Phổ


def _save_photo(app, item, name: str, *, write: bool = True) -> None:
    folder = os.path.join(app.config["UPLOAD_FOLDER"], "inspections")
    os.makedirs(folder, exist_ok=True)
    if write:
        Image.new("RGB", PHOTO_SIZE, (30, 90, 160)).save(os.path.join(folder, name), "JPEG", quality=80)
    db.session.add(InspectionPhoto(item=item, file_name=name, created_by_id=item.created_by_id))
    db.session.commit()


@pytest.fixture
def record(app):
    business = make_business(name="Hộ kinh doanh Nước mắm Bà Tư Đức Phổ", owner_name="Nguyễn Thị Tư")
    batch = make_batch(product=make_product(business=business, name="Nước mắm cá cơm nhỉ"), lot_code="NM-2611")
    inspector = make_user(role=Role.INSPECTOR, name="Lê Văn Cường")
    inspection = make_inspection(
        business=business, created_by=inspector, decision_number="12/QĐ-UBND", started_at=STARTED, number="KT-2026-0012"
    )
    inspection.members.append(InspectionMember(name="Phạm Thị Dung", role=TeamRole.POLICE, position="Công an phường"))
    failing = make_item(
        inspection=inspection,
        batch=batch,
        checks={"label_name": "pass", "label_expiry": "fail"},
        result=CheckResult.FAIL,
        note="Nhãn thiếu hạn sử dụng",
    )
    make_item(inspection=inspection, description="Muối hạt Sa Huỳnh")
    _save_photo(app, failing, "ab" * 12 + ".jpg")
    violation = make_violation(
        inspection=inspection,
        items=[failing],
        measure=Measure.FINE,
        fine_vnd=1_500_000,
        seized_quantity="24 chai 500 ml",
        remedy_deadline=date(2026, 12, 8),
        description="Nhãn nước mắm không ghi hạn sử dụng",
    )
    inspection.status, inspection.result = InspectionStatus.SUBMITTED, CheckResult.FAIL
    inspection.conclusion = "Cơ sở vi phạm quy định về nhãn hàng hóa."
    db.session.commit()
    return inspector, inspection, violation


def _vi(msgid: str) -> str:
    """A string as the record prints it (the catalogue's Vietnamese)."""
    with force_locale("vi"):
        return gettext(msgid)


def _text(pdf: bytes) -> str:
    """All pages' text with whitespace folded, so a name wrapped in a table cell still matches."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def _fetch(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    return response.data


def test_inspection_record_prints_the_administrative_layout_in_vietnamese(client, login_as, record):
    inspector, inspection, _ = record
    login_as(inspector)
    response = client.get(f"/inspections/{inspection.id}/record.pdf")
    assert response.headers["Content-Disposition"] == 'inline; filename="bien-ban-kiem-tra-KT-2026-0012.pdf"'
    text = _text(response.data)
    for expected in (
        "ỦY BAN NHÂN DÂN PHƯỜNG ĐỨC PHỔ",  # written in full (Decree 30, Appendix I)
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: KT-2026-0012/BB-KT",
        "Đức Phổ, ngày 24 tháng 11 năm 2026",
        "BIÊN BẢN KIỂM TRA",
        "09 giờ 30 phút",
        "Căn cứ Quyết định kiểm tra số 12/QĐ-UBND",
        "Hộ kinh doanh Nước mắm Bà Tư Đức Phổ",
        "Nguyễn Thị Tư",
        "Lê Văn Cường",
        "Phạm Thị Dung",
        "Nước mắm cá cơm nhỉ",
        "NM-2611",
        "Muối hạt Sa Huỳnh",
        "Không đạt: Hạn sử dụng",
        "Nhãn thiếu hạn sử dụng",
        "Nghị định 43/2017/NĐ-CP",
        "1.500.000 đồng",
        "24 chai 500 ml",
        "08/12/2026",
        "Cơ sở vi phạm quy định về nhãn hàng hóa.",
        "ĐẠI DIỆN CƠ SỞ ĐƯỢC KIỂM TRA",
        "ĐẠI DIỆN ĐOÀN KIỂM TRA",
        "(Ký, ghi rõ họ tên)",
        "Lý do không ký (nếu có)",
        "đã đọc lại cho những người có tên trên cùng nghe",
        "Trang 1/",
    ):
        assert expected in text, expected
    assert "BẢN NHÁP" not in text


def test_the_record_stays_vietnamese_for_a_reader_using_english(client, login_as, english, record):
    inspector, inspection, _ = record
    login_as(inspector)
    text = _text(_fetch(client, f"/inspections/{inspection.id}/record.pdf"))
    assert "BIÊN BẢN KIỂM TRA" in text and "INSPECTION RECORD" not in text


def _images(pdf: bytes) -> list:
    return [image for page in PdfReader(io.BytesIO(pdf)).pages for image in page.images]


def test_the_records_carry_the_item_photos(client, login_as, record):
    inspector, inspection, violation = record
    login_as(inspector)
    for url in (f"/inspections/{inspection.id}/record.pdf", f"/violations/{violation.id}/record.pdf"):
        images = _images(_fetch(client, url))
        assert len(images) == 1, url
        width, height = images[0].image.size
        assert width / height == pytest.approx(PHOTO_SIZE[0] / PHOTO_SIZE[1], rel=0.01)


def test_a_draft_record_is_marked_as_a_draft(client, login_as, record):
    inspector, inspection, _ = record
    draft = make_inspection(business=inspection.business, created_by=inspector)
    login_as(inspector)
    text = _text(_fetch(client, f"/inspections/{draft.id}/record.pdf"))
    assert "BẢN NHÁP" in text and "BIÊN BẢN KIỂM TRA" in text
    assert "Không phát hiện vi phạm." in text


def test_violation_record_names_the_violation_the_fine_and_its_legal_basis(client, login_as, record):
    inspector, inspection, violation = record
    login_as(inspector)
    response = client.get(f"/violations/{violation.id}/record.pdf")
    assert response.headers["Content-Disposition"] == 'inline; filename="bien-ban-vi-pham-KT-2026-0012-01.pdf"'
    text = _text(response.data)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "BIÊN BẢN VI PHẠM HÀNH CHÍNH",
        "Số: KT-2026-0012-01/BB-VPHC",
        "Căn cứ Biên bản kiểm tra số KT-2026-0012/BB-KT ngày 24/11/2026",
        "Nhãn nước mắm không ghi hạn sử dụng",
        "Nghị định 43/2017/NĐ-CP",
        "Hộ kinh doanh Nước mắm Bà Tư Đức Phổ",
        "Nước mắm cá cơm nhỉ",
        "Phạt tiền",
        "1.500.000 đồng",
        "24 chai 500 ml",
        "08/12/2026",
        "ĐẠI DIỆN ĐOÀN KIỂM TRA",
        "Lý do không ký (nếu có)",
    ):
        assert expected in text, expected
    assert "Muối hạt Sa Huỳnh" not in text  # only the items the violation concerns


def test_unregistered_place_prints_its_name_and_a_missing_photo_does_not_break_the_record(app, client, login_as):
    inspection = make_inspection(place_name="Sạp hàng khô chợ Thạch Trụ")
    item = make_item(inspection=inspection, description="Mực khô không nhãn")
    _save_photo(app, item, "cd" * 12 + ".jpg", write=False)
    login_as(inspection.created_by)
    text = _text(_fetch(client, f"/inspections/{inspection.id}/record.pdf"))
    assert "Sạp hàng khô chợ Thạch Trụ" in text and "Mực khô không nhãn" in text
    assert "chưa đăng ký kinh doanh" in text


def test_the_record_renders_with_poppler(client, login_as, record, tmp_path):
    tools.require(*tools.PDFTOPPM)
    inspector, inspection, _ = record
    login_as(inspector)
    source = tmp_path / "record.pdf"
    source.write_bytes(_fetch(client, f"/inspections/{inspection.id}/record.pdf"))
    subprocess.run(
        ["pdftoppm", "-r", "100", "-f", "1", "-l", "1", "-png", str(source), str(tmp_path / "page")],
        check=True,
        capture_output=True,
    )
    (page,) = tmp_path.glob("page*.png")
    assert Image.open(page).size == pytest.approx((827, 1170), abs=2)  # A4 at 100 dpi


def test_the_record_prints_every_line_with_its_answer(client, login_as, record):
    inspector, inspection, _ = record
    login_as(inspector)
    text = _text(_fetch(client, f"/inspections/{inspection.id}/record.pdf"))
    assert _vi("Checklist answers, item by item:") in text
    assert "Hạn sử dụng Không đạt" in text and "Ngày sản xuất Đạt" in text
    assert _vi("Conformity declaration made (công bố hợp quy / hợp chuẩn)") + " Đạt" in text, (
        "the quality lines of a labels-and-quality inspection are there too"
    )


def test_an_unanswered_line_never_prints_as_passed(client, login_as):
    inspector = make_user(role=Role.INSPECTOR)
    inspection = make_inspection(created_by=inspector, fields=["labelling"])
    make_item(inspection=inspection, description="Bánh tráng", checks={"label_ingredients": "pass"}, rest=None)
    login_as(inspector)
    text = _text(_fetch(client, f"/inspections/{inspection.id}/record.pdf"))
    assert "Thành phần Đạt" in text
    for line in ("Hạn sử dụng", "Ngày sản xuất", "Định lượng", "Ghi bằng tiếng Việt", "Thông tin cảnh báo"):
        assert f"{line} {_vi('Not answered')}" in text and f"{line} Đạt" not in text, line
    assert _vi("No result yet: a line is not answered") in text


def test_an_old_record_prints_the_answers_it_was_submitted_with(client, login_as):
    """Saved by the old form on a metrology inspection: its label answers and retired lines print as stored."""
    inspector = make_user(role=Role.INSPECTOR)
    inspection = make_inspection(
        created_by=inspector, fields=["metrology"], status=InspectionStatus.SUBMITTED, result=CheckResult.FAIL
    )
    old = {"label_production_date": "pass", "label_expiry": "fail", "label_quantity": "pass", "measurement": "na"}
    make_item(inspection=inspection, description="Nước mắm", checks=old, result=CheckResult.FAIL)
    login_as(inspector)
    text = _text(_fetch(client, f"/inspections/{inspection.id}/record.pdf"))
    for expected in (
        "Không đạt: Hạn sử dụng",
        "Ngày sản xuất Đạt",
        "Hạn sử dụng Không đạt",
        "Định lượng Đạt",
        "Định lượng, đo lường đúng (đã cân, đo kiểm tra) Không áp dụng",
        "Kết quả chung: Không đạt",
    ):
        assert expected in text, expected
    assert _vi("Not answered") not in text
