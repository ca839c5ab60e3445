"""The sổ đăng ký văn bản đến and the sổ theo dõi giải quyết văn bản đến exported in the Phụ lục IV
form: XLSX read back with openpyxl, PDF read with pdfplumber."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.pdf_pages import nfc, require_soffice
from vbhc import nd30
from vbhc.errors import InputError
from vbhc.register import Register, VanBanDenMoi
from vbhc.workflows.register_export import export_so_den
from vbhc.writers.register_den_xlsx import HEADER_ROW

DOCS = [
    ("SỞ NỘI VỤ THÀNH PHỐ HẢI PHÒNG", "12/SNV-CCHC", "Công văn", "Hướng dẫn báo cáo cải cách hành chính",
     date(2026, 1, 30)),
    ("ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG", "05/KH-UBND", "Kế hoạch", "Chuyển đổi số năm 2026", None),
    ("CÔNG AN XÃ HÙNG THẮNG", "", "Giấy mời", "Họp giao ban an ninh trật tự", date(2026, 1, 18)),
]


@pytest.fixture
def register(tmp_path: Path):
    with Register(tmp_path / "so.db") as reg:
        for day, (tac_gia, so_ky_hieu, ten_loai, trich_yeu, han) in enumerate(DOCS, start=15):
            reg.receive(VanBanDenMoi(
                ngay_den=date(2026, 1, day), tac_gia=tac_gia, so_ky_hieu=so_ky_hieu,
                ngay_van_ban=date(2026, 1, day - 3), ten_loai=ten_loai, trich_yeu=trich_yeu,
                don_vi_nhan="Văn phòng", han_giai_quyet=han, ghi_chu="" if so_ky_hieu else "Không số",
            ))
        reg.giai_quyet(2026, 1, ngay=date(2026, 1, 28), so_ky_hieu_tra_loi="20/UBND-VP")
        yield reg


def _rows(path: Path) -> tuple[list, list[tuple]]:
    ws = load_workbook(path).worksheets[0]
    cells = [[c.value for c in row] for row in ws.iter_rows()]
    return cells, cells[HEADER_ROW + 1:]


def test_so_den_xlsx_has_the_phu_luc_iv_form(register, tmp_path: Path) -> None:
    out = export_so_den(register, tmp_path / "so_den.xlsx", nam=2026)
    cells, rows = _rows(out)
    titles = [row[0] for row in cells[:HEADER_ROW - 1] if row[0]]
    assert nd30.SO_DEN_TIEU_DE in titles and "Năm: 2026" in titles
    assert "Từ ngày 15/01/2026 đến ngày 17/01/2026" in titles and "Từ số 01 đến số 03" in titles
    assert cells[HEADER_ROW - 1][:10] == list(nd30.SO_DEN_COT)
    assert cells[HEADER_ROW][:10] == [f"({n})" for n in range(1, 11)]
    assert [row[1] for row in rows] == ["01", "02", "03"]
    first = rows[0]
    assert first[0] == datetime(2026, 1, 15) and first[2] == DOCS[0][0] and first[3] == "12/SNV-CCHC"
    assert first[5] == f"Công văn {nd30.CONG_VAN_PREFIX}Hướng dẫn báo cáo cải cách hành chính"
    assert rows[1][5] == "Kế hoạch Chuyển đổi số năm 2026" and rows[2][9] == "Không số"
    ws = load_workbook(out).worksheets[0]
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW + 1}"


def test_so_theo_doi_xlsx_lists_documents_with_a_deadline(register, tmp_path: Path) -> None:
    out = export_so_den(register, tmp_path / "theo_doi.xlsx", theo_doi=True, hom_nay=date(2026, 1, 20))
    cells, rows = _rows(out)
    assert nd30.SO_THEO_DOI_TIEU_DE in [row[0] for row in cells[:HEADER_ROW]]
    assert cells[HEADER_ROW - 1][:7] == list(nd30.SO_THEO_DOI_COT)
    assert [row[0] for row in rows] == ["01", "03"]
    assert rows[0][1] == "Công văn số 12/SNV-CCHC ngày 12/01/2026 của SỞ NỘI VỤ THÀNH PHỐ HẢI PHÒNG"
    assert rows[0][3] == datetime(2026, 1, 30) and rows[0][5] == "20/UBND-VP"
    assert rows[0][4] == "Đang giải quyết"  # dealt with on 28/01, after the day of the book
    assert rows[1][4] == "Quá hạn 2 ngày"


def test_a_wrong_suffix_is_refused(register, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"\.xlsx hoặc \.pdf"):
        export_so_den(register, tmp_path / "so.docx")


def test_so_den_and_so_theo_doi_pdf_read_in_vietnamese(register, tmp_path: Path) -> None:
    require_soffice()
    import pdfplumber

    out = export_so_den(register, tmp_path / "so_den.pdf")
    with pdfplumber.open(out) as pdf:
        text = nfc("\n".join(page.extract_text() or "" for page in pdf.pages))
    flat = " ".join(text.split())
    assert nd30.SO_DEN_TIEU_DE in flat
    for header in ("Ngày đến", "Số đến", "Tác giả", "Ký nhận", "Ghi chú", "(10)"):
        assert header in flat
    words = set(flat.split())
    assert {"SỞ", "NỘI", "VỤ", "12/SNV-CCHC", "05/KH-UBND", "Họp", "giao", "ban", "Chuyển", "đổi"} <= words
    assert "Từ số 01 đến số 03" in flat and "Văn phòng" in flat
    theo_doi = export_so_den(register, tmp_path / "theo_doi.pdf", theo_doi=True, hom_nay=date(2026, 1, 20))
    with pdfplumber.open(theo_doi) as pdf:
        flat = " ".join(nfc(" ".join(page.extract_text() or "" for page in pdf.pages)).split())
    assert nd30.SO_THEO_DOI_TIEU_DE in flat and "Tiến độ giải quyết" in flat and "(7)" in flat
    assert "Quá hạn 2 ngày" in flat and "20/UBND-VP" in flat
