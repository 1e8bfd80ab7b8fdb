"""The Word report as a clerk sends it, in the layout of Decree 30/2020/NĐ-CP, Appendix I: read from the DOCX's
XML (the section's header parts and w:titlePg, the issuing body, the sizes of each element, no "V/v" line in a
báo cáo) and from the PDF LibreOffice makes of it (a page number in the top margin of page 2 on, centred between
the margins; nothing there on page 1; the text still starts 20 mm from the top)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from tests import tools
from traceapp.extensions import db
from traceapp.models import PlanReport, Role

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
MM = 72 / 25.4  # PDF points per millimetre
TOP_MARGIN_PT = 20 * MM
TEXT_CENTRE_PT = (30 + (210 - 15)) / 2 * MM  # halfway between the 30 mm left and 15 mm right margins
PROGRESS = "\n".join(
    f"Đợt {n}: Phòng Văn hóa - Xã hội phối hợp Công an phường kiểm tra nhãn hàng hóa, hạn sử dụng và nguồn gốc "
    "hàng hóa tại các chợ Đức Phổ, Sa Huỳnh và Thạch Trụ; nhắc nhở các hộ kinh doanh niêm yết giá, ghi nhãn "
    "đúng quy định."
    for n in range(1, 13)
)


def _plan_report(client, login_as) -> tuple[PlanReport, bytes]:
    """A November report signed by the vice-chairman, long enough to run over three pages or more."""
    login_as(Role.OFFICER)
    response = client.post(
        "/reports/plan/new",
        data={
            "kind": "month",
            "year": "2026",
            "n": "11",
            "from": "",
            "to": "",
            "number": "215/BC-UBND",
            "signer_name": "Nguyễn Văn Hùng",
            "signer_title": "vice_chair",
        },
    )
    assert response.status_code == 302, response.data.decode()[:2000]
    report = db.session.get(PlanReport, int(response.location.rsplit("/", 1)[1]))
    assert report is not None
    client.post(
        f"/reports/plan/{report.id}/inputs/vhxh",
        data={"progress": PROGRESS, "difficulties": "Thiếu cán bộ chuyên trách.", "proposals": "Không."},
    )
    response = client.get(f"/reports/plan/{report.id}/report.docx")
    assert response.status_code == 200 and response.mimetype.endswith("wordprocessingml.document")
    return report, response.data


def _header_reference(section, kind: str):
    for reference in section._sectPr.findall(qn("w:headerReference")):
        if reference.get(qn("w:type")) == kind:
            return reference
    return None


def _size(paragraph) -> float:
    """The size the paragraph's text is shown at: its runs' own size, else the Normal style's."""
    sizes = {
        run.font.size.pt if run.font.size else paragraph.part.document.styles["Normal"].font.size.pt
        for run in paragraph.runs
    }
    assert len(sizes) == 1, (paragraph.text, sizes)
    return sizes.pop()


def test_pages_are_numbered_in_the_header_from_page_two(app, client, login_as):
    _, content = _plan_report(client, login_as)
    document = Document(io.BytesIO(content))
    section = document.sections[0]

    title_page = section._sectPr.find(qn("w:titlePg"))
    assert title_page is not None and title_page.get(qn("w:val")) in (None, "1", "true", "on")
    assert _header_reference(section, "first") is not None and _header_reference(section, "default") is not None

    first = section.first_page_header
    assert not first.is_linked_to_previous
    assert "".join(p.text for p in first.paragraphs).strip() == ""
    assert not first._element.findall(".//" + qn("w:fldChar")) and not first._element.findall(".//" + qn("w:fldSimple"))

    header = section.header
    (paragraph,) = [p for p in header.paragraphs if p._p.findall(".//" + qn("w:instrText"))]
    instructions = "".join(t.text for t in paragraph._p.iter(qn("w:instrText"))).split()
    assert instructions == ["PAGE"]
    kinds = [c.get(qn("w:fldCharType")) for c in paragraph._p.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"]
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(not run.bold and not run.italic for run in paragraph.runs)
    assert 13 <= _size(paragraph) <= 14
    assert section.header_distance < section.top_margin  # the number sits in the top margin, above the text


def test_the_issuing_body_is_written_in_full_and_a_report_has_no_v_v_line(app, client, login_as):
    _, content = _plan_report(client, login_as)
    document = Document(io.BytesIO(content))
    left, right = document.tables[0].rows[0].cells
    issuer = [p for p in left.paragraphs if p.text]
    assert [p.text for p in issuer[:3]] == ["ỦY BAN NHÂN DÂN", "PHƯỜNG ĐỨC PHỔ", "Số: 215/BC-UBND"]
    assert len(issuer) == 3  # the number is the last line: no "V/v ..." summary under it
    assert all(run.bold for p in issuer[:2] for run in p.runs)
    assert document.core_properties.author == "ỦY BAN NHÂN DÂN PHƯỜNG ĐỨC PHỔ"

    everything = [p.text for p in document.paragraphs] + [
        p.text for table in document.tables for row in table.rows for cell in row.cells for p in cell.paragraphs
    ]
    assert not any(re.search(r"\bV/v\b", text) for text in everything)
    assert not any(text.startswith("UBND") for text in everything)

    # The summary stands under the title "BÁO CÁO", bold, and says what the report is about and for when.
    body = [p for p in document.paragraphs if p.text]
    title = next(i for i, p in enumerate(body) if p.text == "BÁO CÁO")
    summary = body[title + 1]
    assert summary.text.startswith("Kết quả thực hiện Kế hoạch về tiêu chuẩn, đo lường, chất lượng")
    assert summary.alignment == WD_ALIGN_PARAGRAPH.CENTER and all(run.bold for run in summary.runs)
    assert body[title + 2].text == "(từ 01/11/2026 đến 30/11/2026)"

    # Sizes and styles within Appendix I's ranges, as today.
    national, motto = (p for p in right.paragraphs if p.text and "Đức Phổ" not in p.text)
    date_line = next(p for p in right.paragraphs if p.text.startswith("Đức Phổ, ngày"))
    for paragraph, low, high in [
        (issuer[0], 12, 13),
        (issuer[1], 12, 13),
        (issuer[2], 13, 13),
        (national, 12, 13),
        (motto, 13, 14),
        (date_line, 13, 14),
        (body[title], 13, 14),
        (summary, 13, 14),
    ]:
        assert low <= _size(paragraph) <= high, (paragraph.text, _size(paragraph))
    assert national.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and all(run.bold for run in national.runs)
    assert all(run.italic for run in date_line.runs)


def _text_in_top_margin(pdf: Path, page: int) -> str:
    """What LibreOffice printed in the top 20 mm of ``page``: the header's number and nothing else."""
    result = subprocess.run(
        [
            "pdftotext",
            "-f",
            str(page),
            "-l",
            str(page),
            "-x",
            "0",
            "-y",
            "0",
            "-W",
            "595",
            "-H",
            str(int(TOP_MARGIN_PT)),
            str(pdf),
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout.replace("\f", "").strip()


def _words(pdf: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """(word, xMin, yMin, xMax, yMax) of every word on ``page``, in points from the top left."""
    result = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in re.findall(pattern, result.stdout)]


@pytest.fixture
def pdf(app, client, login_as, tmp_path) -> Path:
    """The report converted by LibreOffice (headless, a profile of its own so parallel runs do not collide); kept
    under test-artifacts/ with page 1 as a PNG. Without LibreOffice the test skips; in CI (CI=true)
    tests/ci_guard.py turns that skip into a failure."""
    office = tools.require(*tools.LIBREOFFICE)
    tools.require(*tools.PDFTOPPM)
    _, content = _plan_report(client, login_as)
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(content)
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [
            office,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "bao-cao.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(pdf, ARTIFACTS / "plan-report.pdf")
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "100",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(ARTIFACTS / "plan-report-page1"),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return pdf


def test_libreoffice_prints_the_number_centred_in_the_top_margin_from_page_two(pdf):
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True, timeout=30).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts", info), info  # A4
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 3

    assert _text_in_top_margin(pdf, 1) == ""
    for page in range(2, pages + 1):
        assert _text_in_top_margin(pdf, page) == str(page), page
        (number,) = [w for w in _words(pdf, page) if w[4] <= TOP_MARGIN_PT]
        centre = (number[1] + number[3]) / 2
        assert abs(centre - TEXT_CENTRE_PT) < 3, (page, centre, TEXT_CENTRE_PT)

    # The header takes nothing from the body: page 1's first line (the issuing body) still starts 20 mm down.
    first_line = min(w[2] for w in _words(pdf, 1))
    assert TOP_MARGIN_PT - 1 <= first_line <= TOP_MARGIN_PT + 12, first_line
    top_of_page_2 = min(w[2] for w in _words(pdf, 2) if w[4] > TOP_MARGIN_PT)
    assert TOP_MARGIN_PT - 1 <= top_of_page_2 <= TOP_MARGIN_PT + 12, top_of_page_2
    assert (ARTIFACTS / "plan-report-page1.png").stat().st_size > 10_000
