"""The annex as a print-ready XLSX: title block, table look, print settings, every task once."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from openpyxl import load_workbook

from vbhc import nd30
from vbhc.errors import EnvironmentProblem
from vbhc.model import Bang, CoQuan, Cot, NguoiKy, NhiemVu, NhomNhiemVu, PhuLuc, VanBan
from vbhc.writers.xlsx import annex_xlsx_bytes, write_annex_xlsx

KEM_THEO_ISSUED = (
    "(Kèm theo Kế hoạch số 05/KH-UBND ngày 14 tháng 01 năm 2026 của Ủy ban nhân dân xã Hùng Thắng)"
)
KEM_THEO_DRAFT = (
    "(Kèm theo Kế hoạch số       /KH-UBND ngày      tháng      năm 2026 của Ủy ban nhân dân xã Hùng Thắng)"
)


def _parent(so: int | None = 5, ngay: date | None = date(2026, 1, 14)) -> VanBan:
    return VanBan(
        loai="ke_hoach",
        co_quan=CoQuan(ten="ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG", viet_tat="UBND"),
        dia_danh="Hùng Thắng",
        so=so,
        ngay=ngay,
        nam=2026,
        trich_yeu="Cải cách hành chính năm 2026",
        nguoi_ky=NguoiKy(tham_quyen=["TM. ỦY BAN NHÂN DÂN"], chuc_vu="CHỦ TỊCH", ho_ten="Vũ Trọng Thủy"),
    )


def _task(text: str, stt: int = 1, **kwargs: str) -> NhiemVu:
    return NhiemVu(stt=str(stt), noi_dung=text, chu_tri=kwargs.pop("chu_tri", "Văn phòng"), **kwargs)


def _phu_luc() -> PhuLuc:
    groups = [
        NhomNhiemVu(
            so="I",
            ten="Chỉ đạo điều hành",
            nhiem_vu=[
                _task(
                    "Ban hành Kế hoạch",
                    1,
                    phoi_hop="Các phòng",
                    thoi_gian="Tháng 01/2026",
                    san_pham="Kế hoạch",
                ),
                _task("Kiểm tra\nđôn đốc", 2, thoi_gian="Thường xuyên"),
            ],
        ),
        NhomNhiemVu(so="II", ten="Cải cách thủ tục hành chính", nhiem_vu=[_task("Công khai thủ tục", 1)]),
    ]
    return PhuLuc(tieu_de="Danh mục nhiệm vụ cải cách hành chính năm 2026", bang=Bang(nhom=groups))


@pytest.fixture
def annex(tmp_path):
    path = write_annex_xlsx(_phu_luc(), tmp_path / "phu_luc.xlsx", parent=_parent())
    return path, load_workbook(path).active


def _table_rows(path, first: int):
    """Rows from ``first`` on, with cells as stored (read-only mode does not rewrite merged cells)."""
    sheet = load_workbook(path, read_only=True).active
    return [list(row) for row in sheet.iter_rows(min_row=first)]


def test_title_block_with_an_issued_parent(annex):
    _, sheet = annex
    assert [sheet.cell(r, 1).value for r in range(1, 6)] == [
        "ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG",
        "Phụ lục",
        "DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026",
        KEM_THEO_ISSUED,
        None,
    ]
    fonts = [sheet.cell(r, 1).font for r in range(1, 5)]
    assert [(f.b, f.i) for f in fonts] == [(True, False), (True, False), (True, False), (False, True)]
    assert fonts[1].sz == nd30.SIZES["phu_luc_heading"].default
    assert fonts[3].sz in nd30.SIZES["kem_theo"]
    assert all(sheet.cell(r, 1).alignment.horizontal == "center" for r in range(1, 5))
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A1:F1", "A2:F2", "A3:F3", "A4:F4"} <= merged


def test_kem_theo_of_a_draft_leaves_blanks(tmp_path):
    path = write_annex_xlsx(_phu_luc(), tmp_path / "p.xlsx", parent=_parent(None, None))
    assert load_workbook(path).active["A4"].value == KEM_THEO_DRAFT


def test_without_parent_only_heading_and_title(tmp_path):
    path = write_annex_xlsx(_phu_luc(), tmp_path / "p.xlsx", tieu_de_phu_luc="Phụ lục II")
    sheet = load_workbook(path).active
    assert [sheet.cell(r, 1).value for r in range(1, 5)] == [
        "Phụ lục II",
        "DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026",
        None,
        "TT",
    ]
    assert sheet.print_title_rows == "$4:$4" and sheet.freeze_panes == "A5"


def test_print_settings(annex):
    _, sheet = annex
    setup = sheet.page_setup
    assert (setup.orientation, int(setup.paperSize), int(setup.fitToWidth), int(setup.fitToHeight)) == (
        "landscape",
        9,
        1,
        0,
    )
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    margins = nd30.MARGINS_LANDSCAPE
    got = sheet.page_margins
    for side in ("left", "right", "top", "bottom"):
        assert getattr(got, side) * 25.4 == pytest.approx(getattr(margins, side), abs=0.01)
    assert sheet.print_title_rows == "$6:$6"
    assert sheet.freeze_panes == "A7"
    assert "&P" in sheet.oddHeader.center.text
    assert sheet.HeaderFooter.differentFirst  # no page number on the first page


def test_header_row_and_fonts(annex):
    path, sheet = annex
    header = [sheet.cell(6, c) for c in range(1, 7)]
    assert [c.value for c in header] == [cot.tieu_de for cot in Bang().cot]
    assert all(c.font.b and c.alignment.horizontal == "center" for c in header)
    read_only = load_workbook(path, read_only=True).active
    fonts = {cell.font.name for row in read_only.iter_rows() for cell in row if cell.value}
    assert fonts == {nd30.FONT}
    body = [cell for row in _table_rows(path, 7) for cell in row if cell.value]
    assert {cell.font.sz for cell in body} == {nd30.SIZES["bang"].default}
    assert all(cell.alignment.wrap_text and cell.alignment.vertical == "top" for cell in body)


def test_group_rows_merged_bold_and_bordered_in_every_cell(annex):
    path, sheet = annex
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A7:F7", "A10:F10"} <= merged
    assert sheet["A7"].value == "I. Chỉ đạo điều hành" and sheet["A7"].font.b
    assert sheet["A10"].value == "II. Cải cách thủ tục hành chính"
    assert not sheet["B8"].font.b
    for row in _table_rows(path, 6):
        assert len(row) == 6
        for cell in row:
            sides = (cell.border.left, cell.border.right, cell.border.top, cell.border.bottom)
            assert all(side.style == "thin" for side in sides), cell.coordinate


def test_every_task_text_exactly_once_in_order(tmp_path):
    tasks = [_task(f'Nhiệm vụ số {i} <&> "ngoặc"', i) for i in range(1, 41)]
    groups = [NhomNhiemVu(so="I", ten="Một", nhiem_vu=tasks[:25]), NhomNhiemVu(ten="", nhiem_vu=tasks[25:])]
    path = write_annex_xlsx(PhuLuc(tieu_de="Danh mục", bang=Bang(nhom=groups)), tmp_path / "p.xlsx")
    texts = [cell.value for row in _table_rows(path, 5) for cell in row if cell.value]
    found = [t for t in texts if t.startswith("Nhiệm vụ số")]
    assert found == [t.noi_dung for t in tasks]
    assert texts.count("I. Một") == 1
    assert len(_table_rows(path, 5)) == 1 + 40  # an unnamed group has no group row


def test_cells_that_look_like_formulas_stay_text(tmp_path):
    task = _task("=SUM(A1:A3)", san_pham="#N/A", phoi_hop="Dòng 1\nDòng 2")
    bang = Bang(nhom=[NhomNhiemVu(nhiem_vu=[task])])
    sheet = load_workbook(write_annex_xlsx(PhuLuc(tieu_de="X", bang=bang), tmp_path / "p.xlsx")).active
    row = [sheet.cell(5, c) for c in range(1, 7)]
    assert [c.value for c in row] == ["1", "=SUM(A1:A3)", "Văn phòng", "Dòng 1\nDòng 2", None, "#N/A"]
    assert {c.data_type for c in row if c.value} == {"s"}


def test_columns_follow_the_table_and_widths_the_relative_sizes(tmp_path):
    cot = [
        Cot(khoa="stt", tieu_de="TT", do_rong=0.5),
        Cot(khoa="noi_dung", tieu_de="Nội dung", do_rong=4),
        Cot(khoa="Kinh phí", tieu_de="Kinh phí", do_rong=1),
    ]
    task = NhiemVu(stt="1", noi_dung="Việc", chu_tri="VP", them={"Kinh phí": "5 triệu"})
    bang = Bang(cot=cot, nhom=[NhomNhiemVu(nhiem_vu=[task])])
    sheet = load_workbook(write_annex_xlsx(PhuLuc(tieu_de="X", bang=bang), tmp_path / "p.xlsx")).active
    assert [sheet.cell(4, c).value for c in range(1, 4)] == ["TT", "Nội dung", "Kinh phí"]
    assert [sheet.cell(5, c).value for c in range(1, 4)] == ["1", "Việc", "5 triệu"]
    widths = [sheet.column_dimensions[c].width for c in "ABC"]
    assert widths[1] == pytest.approx(4 * widths[2], rel=0.05) and widths[0] < widths[2]


def test_long_rows_are_taller(annex):
    path, _ = annex
    long = PhuLuc(
        tieu_de="X", bang=Bang(nhom=[NhomNhiemVu(nhiem_vu=[_task("ngắn"), _task("rất dài " * 60)])])
    )
    sheet = load_workbook(write_annex_xlsx(long, path.parent / "long.xlsx")).active
    short_height, long_height = sheet.row_dimensions[5].height, sheet.row_dimensions[6].height
    assert short_height and long_height > 3 * short_height


def test_big_table_is_complete(tmp_path):
    tasks = [_task(f"Việc {i}", i) for i in range(1, 5001)]
    data = annex_xlsx_bytes(
        PhuLuc(tieu_de="X", bang=Bang(nhom=[NhomNhiemVu(so="I", ten="A", nhiem_vu=tasks)]))
    )
    path = tmp_path / "big.xlsx"
    path.write_bytes(data)
    rows = _table_rows(path, 5)
    assert len(rows) == 5001 and rows[-1][1].value == "Việc 5000"


def test_missing_folder_writes_nothing(tmp_path):
    with pytest.raises(EnvironmentProblem):
        write_annex_xlsx(_phu_luc(), tmp_path / "khong_co" / "p.xlsx")
    assert not (tmp_path / "khong_co").exists()
    assert list(tmp_path.iterdir()) == []


def test_never_overwrites_an_input(tmp_path):
    source = tmp_path / "nhiem_vu.xlsx"
    source.write_bytes(b"data")
    with pytest.raises(EnvironmentProblem, match="trùng với tệp vào"):
        write_annex_xlsx(_phu_luc(), source, inputs=(source,))
    assert source.read_bytes() == b"data"


@pytest.mark.pdf
@pytest.mark.skipif(shutil.which("soffice") is None, reason="cần LibreOffice")
def test_prints_on_landscape_pages_one_page_wide(annex, tmp_path):
    pdfplumber = pytest.importorskip("pdfplumber")
    from vbhc.writers.pdf import to_pdf

    path, _ = annex
    [pdf] = to_pdf([path], tmp_path / "pdf")
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        assert page.width > page.height
        text = page.extract_text()
    assert "DANH MỤC NHIỆM VỤ" in text and "Công khai thủ tục" in text


def test_title_block_text_is_not_escaped_twice(tmp_path):
    """An «&» in the agency or the title reads as «&» in Excel, not «&amp;»."""
    import openpyxl

    parent = VanBan(
        loai="ke_hoach", co_quan=CoQuan(ten="BAN A & B", viet_tat="BAB"), dia_danh="Hùng Thắng", nam=2026,
        trich_yeu="X", nguoi_ky=NguoiKy(chuc_vu="TRƯỞNG BAN", ho_ten="Nguyễn Văn A"),
    )
    tasks = [NhomNhiemVu(nhiem_vu=[NhiemVu(stt="1", noi_dung="Việc & <một>", chu_tri="Tổ <1>")])]
    annex = PhuLuc(tieu_de="Danh mục <1> & 2", bang=Bang(nhom=tasks))
    write_annex_xlsx(annex, tmp_path / "pl.xlsx", parent=parent)
    values = [v for row in openpyxl.load_workbook(tmp_path / "pl.xlsx").active.iter_rows(values_only=True)
              for v in row if v]
    assert "BAN A & B" in values and "DANH MỤC <1> & 2" in values
    assert "Việc & <một>" in values and "Tổ <1>" in values
    assert not any("&amp;" in str(v) or "&lt;" in str(v) for v in values)
