"""The báo cáo end to end: spreadsheet → figures → DOCX (text, tables, chart, annex), XLSX, CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from xlsx_factory import make_tasks_xlsx

from vbhc.errors import Warnings
from vbhc.report import figures
from vbhc.sources import chi_tieu
from vbhc.sources.xlsx import read_tasks

AS_OF = date(2026, 6, 30)
VHXH = "Phòng Văn hóa - Xã hội"
TTHCC = "Trung tâm Phục vụ hành chính công"
HEADER = (
    "TT", "Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện/hoàn thành",
    "Sản phẩm", "Tiến độ", "Ngày hoàn thành", "Kết quả",
)  # fmt: skip
ROWS = [
    ("I", "Chỉ đạo điều hành", None, None, None, None, None, None, None),
    (1, "Ban hành Kế hoạch CCHC năm 2026", VHXH, "Các cơ quan", "Trước ngày 15/01/2026", "Kế hoạch",
     "Hoàn thành", date(2026, 1, 15), "Kế hoạch số 05/KH-UBND"),
    (2, "Ban hành Kế hoạch tuyên truyền", VHXH, "Các cơ quan", "Tháng 02/2026", "Kế hoạch",
     "Đã hoàn thành", date(2026, 3, 5), ""),
    (3, "Kiểm tra công tác CCHC", VHXH, "Văn phòng", "Tháng 5/2026", "Báo cáo", "Đang thực hiện", None,
     "Chờ lịch kiểm tra"),
    ("II", "Cải cách thủ tục hành chính", None, None, None, None, None, None, None),
    (1, "Công khai thủ tục hành chính", TTHCC, "Các cơ quan", "Hằng tháng", "TTHC công khai",
     "Đang thực hiện", None, ""),
    (2, "Rà soát, đơn giản hóa thủ tục hành chính", TTHCC, "Các cơ quan", "Quý III/2026", "Báo cáo",
     "Chưa thực hiện", None, ""),
    (3, "Số hóa hồ sơ thủ tục hành chính", TTHCC, "Văn phòng", "Quý I/2026", "Hồ sơ số",
     "Hoàn thành", date(2026, 3, 31), ""),
    (4, "Dịch vụ công trực tuyến toàn trình", TTHCC, "Văn phòng", "30/06/2026", "Báo cáo",
     "Đang thực hiện", None, ""),
]  # fmt: skip

SOURCE = """---
loai: bao_cao
co_quan: {ten: "ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG", viet_tat: UBND}
dia_danh: Hùng Thắng
nam: 2026
trich_yeu: Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2026
kinh_gui: Sở Nội vụ
nguoi_ky: {tham_quyen: [TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH], chuc_vu: PHÓ CHỦ TỊCH, ho_ten: Vũ Trọng Thủy}
noi_nhan: [CT, các PCT UBND xã]
luu: [VT, VHXH]
---

# Kết quả thực hiện

Đã hoàn thành {{ so_hoan_thanh }}/{{ tong_so }} nhiệm vụ ({{ ty_le_hoan_thanh }}); \
{{ so_qua_han }} nhiệm vụ quá hạn; đạt {{ so_chi_tieu_dat }}/{{ so_chi_tieu }} chỉ tiêu.

[[bang_tong_hop]]

[[bieu_do]]

## Nhiệm vụ quá hạn

[[nhiem_vu_qua_han]]

## Chỉ tiêu

[[bang_chi_tieu]]
"""


def make_workbook(tmp_path: Path, rows: list[tuple] = ROWS, *, indicators: bool = True) -> Path:
    path = make_tasks_xlsx(tmp_path / "nhiem_vu.xlsx", rows, header=HEADER)
    if indicators:
        workbook = load_workbook(path)
        sheet = workbook.create_sheet("Chỉ tiêu")
        sheet.append(["TT", "Chỉ tiêu", "Mục tiêu", "Thực hiện", "Đơn vị tính"])
        sheet.append([1, "Hồ sơ giải quyết đúng hạn", "≥ 98%", 0.976, "%"])
        sheet.append([2, "Mức độ hài lòng", "≥ 90%", 0.924, "%"])
        sheet["D2"].number_format = "0.0%"
        sheet["D3"].number_format = "0.0%"
        workbook.save(path)
    return path


def make_source(tmp_path: Path, text: str = SOURCE) -> Path:
    path = tmp_path / "bao_cao.md"
    path.write_text(text, encoding="utf-8")
    return path


def compute(path: Path, as_of: date = AS_OF):
    warnings = Warnings()
    bang = read_tasks(path, warnings=warnings)
    return bang, figures(bang, as_of, chi_tieu.read(path), warnings=warnings), warnings


def table_texts(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


# --- the DOCX ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    from vbhc.workflows.report import render

    tmp = tmp_path_factory.mktemp("bao_cao")
    path = make_workbook(tmp)
    bang, result, _ = compute(path)
    out = render(make_source(tmp), result, tmp / "bao_cao.docx", bang)
    return out, Document(str(out))


def test_figures_appear_in_the_text(rendered) -> None:
    _, document = rendered
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Đã hoàn thành 3/7 nhiệm vụ (42,9%); 1 nhiệm vụ quá hạn; đạt 1/2 chỉ tiêu." in text
    assert "{{" not in text and "[[" not in text


def find_table(document, first_header: str, second_header: str):
    for table in document.tables:
        header = [cell.text for cell in table.rows[0].cells]
        if len(header) > 1 and header[0] == first_header and header[1] == second_header:
            return table_texts(table)
    raise AssertionError(f"no table with header {first_header}, {second_header}")


def test_summary_table_by_lead_body(rendered) -> None:
    _, document = rendered
    rows = find_table(document, "TT", "Cơ quan chủ trì")
    assert rows[0][2:] == [
        "Tổng số", "Hoàn thành", "Trong đó chậm hạn", "Chưa đến hạn", "Quá hạn", "Thường xuyên",
        "Tỷ lệ hoàn thành",
    ]  # fmt: skip
    by_body = {row[1]: row for row in rows[1:]}
    assert by_body[VHXH][2:] == ["3", "2", "1", "0", "1", "0", "66,7%"]
    assert by_body[TTHCC][2:] == ["4", "1", "0", "2", "0", "1", "25%"]
    assert by_body["Tổng cộng"][2:] == ["7", "3", "1", "2", "1", "1", "42,9%"]
    assert [row[0] for row in rows[1:]] == ["1", "2", ""]


def test_overdue_table(rendered) -> None:
    _, document = rendered
    rows = find_table(document, "TT", "Nhiệm vụ")
    assert rows[1:] == [["I.3", "Kiểm tra công tác CCHC", VHXH, "Tháng 5/2026", "Đang thực hiện",
                         "Chờ lịch kiểm tra"]]  # fmt: skip


def test_indicator_table(rendered) -> None:
    _, document = rendered
    rows = find_table(document, "TT", "Chỉ tiêu")
    assert rows[1][1:] == ["Hồ sơ giải quyết đúng hạn", "≥ 98%", "97,6%", "Chưa đạt"]
    assert rows[2][1:] == ["Mức độ hài lòng", "≥ 90%", "92,4%", "Đạt"]


def test_chart_is_embedded(rendered) -> None:
    _, document = rendered
    assert len(document.inline_shapes) == 1
    images = [p for p in document.part.package.parts if p.partname.endswith(".png")]
    assert images and images[0].blob[:8] == b"\x89PNG\r\n\x1a\n"
    captions = [p.text for p in document.paragraphs if p.text.startswith("Biểu đồ:")]
    assert captions == ["Biểu đồ: Kết quả thực hiện nhiệm vụ theo cơ quan chủ trì (tính đến ngày 30/06/2026)"]


def test_annex_lists_every_task_with_status_in_landscape(rendered) -> None:
    _, document = rendered
    rows = find_table(document, "TT", "Nội dung công việc")
    assert rows[0][-2:] == ["Tình trạng", "Kết quả, sản phẩm"]
    status = {row[1]: row[5] for row in rows[1:]}
    assert status["Ban hành Kế hoạch CCHC năm 2026"] == "Hoàn thành đúng hạn"
    assert status["Ban hành Kế hoạch tuyên truyền"] == "Hoàn thành chậm so với thời hạn"
    assert status["Kiểm tra công tác CCHC"] == "Quá hạn, chưa hoàn thành"
    assert status["Công khai thủ tục hành chính"] == "Thực hiện thường xuyên, định kỳ"
    assert status["Rà soát, đơn giản hóa thủ tục hành chính"] == "Chưa thực hiện, chưa đến hạn"
    assert status["Dịch vụ công trực tuyến toàn trình"] == "Đang thực hiện, chưa đến hạn"
    completion = {row[1]: row[4] for row in rows[1:]}
    assert completion["Số hóa hồ sơ thủ tục hành chính"] == "31/03/2026"
    last = document.sections[-1]
    assert last.page_width > last.page_height
    body_text = "\n".join(p.text for p in document.paragraphs)
    assert "KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ (TÍNH ĐẾN NGÀY 30/06/2026)" in body_text


def test_no_overdue_gives_a_sentence(tmp_path: Path) -> None:
    from vbhc.workflows.report import render

    path = make_workbook(tmp_path)
    bang, result, _ = compute(path, date(2026, 5, 31))
    document = Document(str(render(make_source(tmp_path), result, tmp_path / "b.docx", bang)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Đến ngày 31/05/2026, không có nhiệm vụ quá hạn." in text
    assert "0 nhiệm vụ quá hạn" in text


def test_unknown_variable_in_source_names_the_file(tmp_path: Path) -> None:
    from vbhc.errors import InputError
    from vbhc.workflows.report import build

    path = make_workbook(tmp_path)
    bang, result, _ = compute(path)
    source = make_source(tmp_path, SOURCE.replace("{{ tong_so }}", "{{ tong_so_nhiem_vu }}"))
    with pytest.raises(InputError) as caught:
        build(source, result, bang)
    assert "bao_cao.md" in str(caught.value) and "tong_so_nhiem_vu" in str(caught.value)


# --- the XLSX ----------------------------------------------------------------------------------


def test_xlsx_summary_chart_and_figures(tmp_path: Path) -> None:
    from vbhc.writers.report_xlsx import write_report_xlsx

    _, result, _ = compute(make_workbook(tmp_path))
    out = write_report_xlsx(result, tmp_path / "tong_hop.xlsx")
    workbook = load_workbook(out)
    assert workbook.sheetnames == ["Tổng hợp", "Quá hạn", "Chỉ tiêu", "Chi tiết"]
    sheet = workbook["Tổng hợp"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header_at = next(i for i, r in enumerate(rows) if r[:2] == ["TT", "Cơ quan chủ trì"])
    by_body = {r[1]: r for r in rows[header_at + 1 :] if r[1]}
    assert by_body[VHXH][2:9] == [3, 1, 1, 0, 0, 1, 0]
    assert by_body[VHXH][9] == pytest.approx(2 / 3)
    assert by_body["Tổng cộng"][2:9] == [7, 2, 1, 1, 1, 1, 1]
    assert sheet.cell(header_at + 2, 10).number_format == "0.0%"
    charts = sheet._charts
    assert len(charts) == 1
    chart = charts[0]
    assert chart.tagname == "barChart" and chart.grouping == "stacked"
    assert len(chart.series) == 6
    assert chart.legend.txPr.p[0].pPr.defRPr.latin.typeface == "Times New Roman"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.page_setup.paperSize == 9 and sheet.page_setup.fitToWidth == 1
    assert sheet.cell(header_at + 2, 2).font.name == "Times New Roman"
    assert sheet.cell(header_at + 2, 2).border.left.style == "thin"
    overdue = [r for r in workbook["Quá hạn"].iter_rows(values_only=True) if r[0] == "I.3"]
    assert overdue and overdue[0][1] == "Kiểm tra công tác CCHC"
    detail = {r[1]: r for r in workbook["Chi tiết"].iter_rows(values_only=True) if r[1]}
    assert detail["Kiểm tra công tác CCHC"][6] == "Quá hạn, chưa hoàn thành"
    indicators = [r for r in workbook["Chỉ tiêu"].iter_rows(values_only=True) if r[0] == 1]
    assert indicators[0][3] == pytest.approx(0.976) and indicators[0][5] == "Chưa đạt"


# --- bad cells -----------------------------------------------------------------------------------


def test_unknown_status_and_early_completion_warn_naming_the_row(tmp_path: Path) -> None:
    rows = [*ROWS]
    rows[1] = (1, "Ban hành Kế hoạch CCHC năm 2026", VHXH, "Các cơ quan", "Trước ngày 15/01/2026", "Kế hoạch",
               "Hoàn thành", date(2025, 12, 20), "")  # fmt: skip
    rows[2] = (2, "Ban hành Kế hoạch tuyên truyền", VHXH, "Các cơ quan", "Tháng 02/2026", "Kế hoạch",
               "Chờ phê duyệt", None, "")  # fmt: skip
    _, _, warnings = compute(make_workbook(tmp_path, rows))
    messages = [str(w) for w in warnings]
    # header in row 1: the group row is row 2, the tasks rows 3 and 4
    assert any("dòng 3" in m and "20/12/2025" in m and "trước năm kế hoạch 2026" in m for m in messages)
    assert any("dòng 4" in m and "«Chờ phê duyệt»" in m and "Tiến độ" in m for m in messages)
    assert all("trang tính «Nhiệm vụ»" in m for m in messages)


def test_text_in_date_column_is_an_error_naming_the_cell(tmp_path: Path) -> None:
    from vbhc.errors import InputError

    rows = [*ROWS]
    rows[1] = (1, "Ban hành Kế hoạch CCHC năm 2026", VHXH, "Các cơ quan", "Trước ngày 15/01/2026", "Kế hoạch",
               "Hoàn thành", "hôm qua", "")  # fmt: skip
    with pytest.raises(InputError) as caught:
        read_tasks(make_workbook(tmp_path, rows))
    assert "ô H3" in str(caught.value) and "«hôm qua»" in str(caught.value)


# --- the command ---------------------------------------------------------------------------------

def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "vbhc", "report", *map(str, args)], cwd=cwd, capture_output=True, text=True,
        timeout=120,
    )


def test_cli_writes_docx_xlsx_and_prints_json(tmp_path: Path) -> None:
    tasks, source = make_workbook(tmp_path), make_source(tmp_path)
    done = run(tasks, "--source", source, "--as-of", "2026-06-30", "-o", "bc.docx", "--xlsx", "th.xlsx",
               "--json", cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["schema"] == "vbhc.bao_cao/1"
    assert (data["tong_so"], data["hoan_thanh"], data["qua_han"]) == (7, 3, ["I.3"])
    assert data["so_luong"]["thuong_xuyen"] == 1
    assert [b["chu_tri"] for b in data["theo_chu_tri"]] == [VHXH, TTHCC]
    assert [c["dat"] for c in data["chi_tieu"]] == [False, True]
    assert "Đã ghi bc.docx" in done.stderr
    text = "\n".join(p.text for p in Document(str(tmp_path / "bc.docx")).paragraphs)
    assert "Đã hoàn thành 3/7 nhiệm vụ (42,9%)" in text
    assert load_workbook(tmp_path / "th.xlsx")["Tổng hợp"]._charts


def test_cli_bad_cell_exits_with_one_line_and_writes_nothing(tmp_path: Path) -> None:
    rows = [*ROWS]
    rows[1] = (1, "Ban hành Kế hoạch", VHXH, "Các cơ quan", "Quý I/2026", "Kế hoạch", "Hoàn thành",
               "32/01/2026", "")  # fmt: skip
    tasks, source = make_workbook(tmp_path, rows), make_source(tmp_path)
    done = run(tasks, "--source", source, "--as-of", "2026-06-30", "-o", "bc.docx", "--xlsx", "th.xlsx",
               cwd=tmp_path)  # fmt: skip
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("Lỗi: ") and "ô H3" in done.stderr and "32/01/2026" in done.stderr
    assert not (tmp_path / "bc.docx").exists() and not (tmp_path / "th.xlsx").exists()


def test_cli_warnings_go_to_stderr(tmp_path: Path) -> None:
    rows = [*ROWS]
    rows[2] = (2, "Ban hành Kế hoạch tuyên truyền", VHXH, "Các cơ quan", "Sau khi có hướng dẫn", "Kế hoạch",
               "Chờ phê duyệt", None, "")  # fmt: skip
    done = run(make_workbook(tmp_path, rows), "--as-of", "30/06/2026", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if line.startswith("Cảnh báo:")]
    assert any("«Sau khi có hướng dẫn»" in w and "dòng 4" in w for w in warnings)
    assert any("«Chờ phê duyệt»" in w and "dòng 4" in w for w in warnings)
    assert len(json.loads(done.stdout)["canh_bao"]) == len(warnings)


def test_cli_refuses_missing_output_and_bad_date(tmp_path: Path) -> None:
    tasks = make_workbook(tmp_path)
    done = run(tasks, cwd=tmp_path)
    assert done.returncode == 1 and "cần ít nhất một đầu ra" in done.stderr
    done = run(tasks, "--as-of", "31/02/2026", "--json", cwd=tmp_path)
    assert done.returncode == 1 and "31/02/2026" in done.stderr and "Traceback" not in done.stderr
    done = run(tasks, "-o", "x.docx", cwd=tmp_path)
    assert done.returncode == 1 and "--source" in done.stderr
    assert not (tmp_path / "x.docx").exists()


@pytest.mark.pdf
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_cli_pdf_beside_the_docx(tmp_path: Path) -> None:
    import pdfplumber

    tasks, source = make_workbook(tmp_path), make_source(tmp_path)
    done = run(tasks, "--source", source, "--as-of", "2026-06-30", "-o", "bc.docx", "--pdf", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    with pdfplumber.open(tmp_path / "bc.pdf") as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "Đã hoàn thành 3/7 nhiệm vụ (42,9%)" in " ".join(text.split())


def test_docx_and_xlsx_overdue_tables_say_the_same(tmp_path: Path) -> None:
    """The tables are built once: an overdue task with no progress reads «Chưa thực hiện» in both."""
    import docx

    from vbhc.workflows.report import lap_bao_cao

    rows = [*ROWS]
    rows[3] = (*ROWS[3][:6], None, None, "Chờ lịch kiểm tra")  # I.3: overdue, progress left empty
    tasks = make_workbook(tmp_path, rows)
    done = lap_bao_cao(tasks, AS_OF, source=make_source(tmp_path), output=tmp_path / "bc.docx",
                       xlsx_out=tmp_path / "th.xlsx")  # fmt: skip
    assert done.written == [tmp_path / "bc.docx", tmp_path / "th.xlsx"]
    in_docx = find_table(docx.Document(str(tmp_path / "bc.docx")), "TT", "Nhiệm vụ")
    in_xlsx = [list(r) for r in load_workbook(tmp_path / "th.xlsx")["Quá hạn"].iter_rows(values_only=True)]
    header_at = next(i for i, r in enumerate(in_xlsx) if r[:2] == ["TT", "Nhiệm vụ"])
    assert in_docx[1][4] == "Chưa thực hiện"
    assert [r[:5] for r in in_xlsx[header_at:]] == [r[:5] for r in in_docx]
