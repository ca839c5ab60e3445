"""An annex from a user's own spreadsheet loses nothing: header variants, unprinted columns named,
the sheet's own headers and title kept on request, and the XLSX's print details."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from openpyxl import Workbook, load_workbook
from xlsx_factory import make_tasks_xlsx

from vbhc.cli import cli
from vbhc.cli.common import run
from vbhc.errors import Warnings
from vbhc.model import COT_NHIEM_VU, PhuLuc
from vbhc.sources.task_columns import LOAI_COT, normalize_header
from vbhc.sources.xlsx import read_tasks
from vbhc.writers.docx import render_phu_luc
from vbhc.writers.xlsx import annex_xlsx_bytes

ROOT = Path(__file__).resolve().parents[1]
#: The header row of issue 12, as a real office wrote it.
OFFICE_HEADER = (
    "STT",
    "Nhiệm vụ",
    "Đơn vị chủ trì",
    "Đơn vị phối hợp",
    "Thời hạn",
    "Kết quả/sản phẩm",
    "Ghi chú",
)
OFFICE_ROWS = [
    ("I", "Cải cách thủ tục hành chính", None, None, None, None, None),
    (1, "Rà soát thủ tục", "Văn phòng", "Các phòng", "Quý I", "Báo cáo rà soát", "Ưu tiên"),
    (2, "Công khai thủ tục", "Bộ phận một cửa", None, "Thường xuyên", "Trang thông tin", None),
    ("II", "Chính quyền số", None, None, None, None, None),
    (1, "Số hóa hồ sơ", "Văn phòng", None, "Năm 2026", "Kho dữ liệu", "Theo lộ trình của tỉnh"),
]
OFFICE_TITLE = ["DANH MỤC NHIỆM VỤ TRỌNG TÂM NĂM 2026", "(Kèm theo Kế hoạch số 12/KH-UBND của xã)"]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def vbhc(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["vbhc", *map(str, args)])
    code = run(cli)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def xlsx_rows(path_or_bytes) -> list[list[str]]:
    import io

    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    sheet = load_workbook(source).active
    return [[str(v) if v is not None else "" for v in row] for row in sheet.iter_rows(values_only=True)]


def docx_paragraphs(path: Path) -> list[str]:
    import zipfile

    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]


@pytest.fixture
def office(tmp_path):
    return make_tasks_xlsx(tmp_path / "nv.xlsx", OFFICE_ROWS, header=OFFICE_HEADER, title_rows=OFFICE_TITLE)


# --- header variants: one table, documented --------------------------------------------------------


@pytest.mark.parametrize(("key", "name"), [(cot.khoa, name) for cot in LOAI_COT for name in cot.ten])
def test_every_documented_header_name_is_recognised(tmp_path, key, name):
    if key in ("noi_dung", "chu_tri"):
        header = [name, "Chủ trì"] if key == "noi_dung" else ["Nội dung", name]
        row = ["Việc", "Văn phòng"]
    else:
        value = {"stt": "1", "ngay_hoan_thanh": "15/03/2026"}.get(key, "giá trị")
        header, row = ["Nội dung", "Chủ trì", name], ["Việc", "Văn phòng", value]
    task = read_tasks(make_tasks_xlsx(tmp_path / "nv.xlsx", [row], header=header)).nhiem_vu[0]
    assert (task.noi_dung, task.chu_tri) == ("Việc", "Văn phòng")
    if key != "stt" and len(row) == 3:
        assert task.gia_tri(key) == row[2]


def test_docs_list_the_header_table_exactly():
    text = (ROOT / "docs" / "phu-luc.md").read_text(encoding="utf-8")
    for cot in LOAI_COT:
        line = next((ln for ln in text.splitlines() if ln.startswith(f"| `{cot.khoa}` |")), None)
        assert line is not None, cot.khoa
        names = line.split("|")[2]
        assert [n.strip() for n in names.split(",")] == list(cot.ten), cot.khoa


# --- the spreadsheet ------------------------------------------------------------------------


def test_office_headers_keep_products_and_name_the_note_column(monkeypatch, capsys, tmp_path, office):
    out = tmp_path / "pl.xlsx"
    code, _, stderr = vbhc(monkeypatch, capsys, "annex", office, "-o", out)
    assert code == 0, stderr
    cells = {c for row in xlsx_rows(out) for c in row}
    assert {"Báo cáo rà soát", "Trang thông tin", "Kho dữ liệu"} <= cells
    assert "Ưu tiên" not in cells
    (warning,) = [line for line in stderr.splitlines() if "Ghi chú" in line]
    assert "trang tính «Nhiệm vụ»" in warning and "cột G" in warning and "--extra-columns" in warning

    task = read_tasks(office).nhiem_vu[0]
    assert (task.san_pham, task.ghi_chu, task.ket_qua) == ("Báo cáo rà soát", "Ưu tiên", "")


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_extra_columns_prints_the_note_column(monkeypatch, capsys, tmp_path, office, suffix):
    out = tmp_path / f"pl{suffix}"
    code, _, stderr = vbhc(monkeypatch, capsys, "annex", office, "-o", out, "--extra-columns")
    assert code == 0, stderr
    assert "Cảnh báo" not in stderr
    texts = {c for row in xlsx_rows(out) for c in row} if suffix == ".xlsx" else set(docx_paragraphs(out))
    assert {"Ghi chú", "Ưu tiên", "Theo lộ trình của tỉnh"} <= texts


def test_by_default_headers_are_nd30_and_the_sheet_title_is_kept(monkeypatch, capsys, tmp_path, office):
    out = tmp_path / "pl.xlsx"
    assert vbhc(monkeypatch, capsys, "annex", office, "-o", out)[0] == 0
    rows = xlsx_rows(out)
    assert [row[0] for row in rows[:3]] == ["Phụ lục", OFFICE_TITLE[0], OFFICE_TITLE[1]]
    header = next(row for row in rows if row[0] == "TT")
    assert header[:6] == [c.tieu_de for c in COT_NHIEM_VU]
    assert "DANH MỤC NHIỆM VỤ" not in {row[0] for row in rows}


def test_giu_tieu_de_keeps_the_sheets_headers_and_title(monkeypatch, capsys, tmp_path, office):
    out = tmp_path / "pl.xlsx"
    code, _, stderr = vbhc(
        monkeypatch, capsys, "annex", office, "-o", out, "--giu-tieu-de", "--extra-columns"
    )
    assert code == 0, stderr
    rows = xlsx_rows(out)
    assert OFFICE_TITLE[0] in rows[1][0]
    header = next(row for row in rows if row[0] == "STT")
    assert [h for h in header if h] == list(OFFICE_HEADER)
    bang = read_tasks(office, giu_tieu_de=True)
    assert [c.tieu_de for c in bang.cot][:2] == ["STT", "Nhiệm vụ"]
    assert bang.tieu_de_goc == OFFICE_TITLE


def test_group_row_cells_left_out_are_named(tmp_path):
    rows = [("I", "Nhóm một", None, None, None, None, "Ghi chú của nhóm"), OFFICE_ROWS[1]]
    path = make_tasks_xlsx(tmp_path / "nv.xlsx", rows, header=OFFICE_HEADER)
    warnings = Warnings()
    read_tasks(path, warnings=warnings, show_extra=True)
    assert any("Ghi chú của nhóm" in str(w) and "ô G2" in str(w) for w in warnings)


def test_a_group_label_written_whole_in_one_cell_is_printed_not_warned(tmp_path):
    # the flagship's office writes «I. Chỉ đạo …» in the STT cell of the group row: that IS the label
    rows = [("I. Nhóm một", None, None, None, None, None, None), OFFICE_ROWS[1]]
    path = make_tasks_xlsx(tmp_path / "nv.xlsx", rows, header=OFFICE_HEADER)
    warnings = Warnings()
    bang = read_tasks(path, warnings=warnings)
    assert (bang.nhom[0].so, bang.nhom[0].ten) == ("I", "Nhóm một")
    assert not [w for w in warnings if "Nhóm một" in str(w)]


# --- XLSX print details --------------------------------------------------------------------------


def test_xlsx_cell_text_is_indented_and_a_short_rule_sits_under_kem_theo(tmp_path, office):
    bang = read_tasks(office)
    kem_theo = OFFICE_TITLE[1]
    data = annex_xlsx_bytes(PhuLuc(tieu_de=OFFICE_TITLE[0], bang=bang), kem_theo=kem_theo)
    import io

    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows())
    kem_row = next(i for i, row in enumerate(rows) if row[0].value == kem_theo)
    ruled = [c for c in rows[kem_row + 1] if c.border.top.style]
    assert ruled and all(c.value is None for c in rows[kem_row + 1])
    widths = [sheet.column_dimensions[c.column_letter].width for c in rows[kem_row + 2]]
    start = sum(widths[: ruled[0].column - 1])
    end = sum(widths[: ruled[-1].column])
    assert end - start < sum(widths) / 2  # short
    assert abs((start + end) / 2 - sum(widths) / 2) < sum(widths) / 4  # about centred
    body = [c for row in rows[kem_row + 3 :] for c in row if c.value and c.alignment.horizontal == "left"]
    assert body and all(c.alignment.indent >= 1 for c in body)


# --- property: nothing is lost --------------------------------------------------------------------

_WORD = st.text(alphabet="abcdeghiklmnopqrstuvxyăâđêôơưàáảãạệụốớ", min_size=1, max_size=8)
_EXTRA_HEADERS = ("Kinh phí", "Địa bàn", "Người liên hệ", "")  # "" = a column without a header
_OPTIONAL = ("stt", "phoi_hop", "thoi_gian", "san_pham", "tien_do", "ket_qua", "ghi_chu")


@st.composite
def workbooks(draw):
    keys = ["noi_dung", "chu_tri", *draw(st.lists(st.sampled_from(_OPTIONAL), unique=True))]
    by_key = {cot.khoa: cot for cot in LOAI_COT}
    headers = [draw(st.sampled_from(by_key[k].ten)) for k in keys]
    extras = draw(st.lists(st.sampled_from(_EXTRA_HEADERS), unique=True, max_size=2))
    columns = list(zip([*keys, *["+"] * len(extras)], [*headers, *extras], strict=True))
    columns = draw(st.permutations(columns))
    n_rows = draw(st.integers(1, 4))
    rows = []
    for r in range(n_rows):
        row = []
        for c, (key, _) in enumerate(columns):
            if key == "stt":
                row.append(r + 1)
            elif key in ("noi_dung", "chu_tri") or draw(st.booleans()):
                row.append(f"{draw(_WORD)} m{r}k{c}")
            else:
                row.append(None)
        rows.append(row)
    title = draw(st.sampled_from([[], ["DANH MỤC CÔNG VIỆC CỦA XÃ"]]))
    return [h for _, h in columns], rows, title


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(book=workbooks(), show_extra=st.booleans())
def test_every_value_reaches_the_annex_or_a_warning(tmp_path, book, show_extra):
    headers, rows, title = book
    path = tmp_path / "nv.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Nhiệm vụ"
    for line in title:
        sheet.append([line])
    sheet.append([h or None for h in headers])
    for row in rows:
        sheet.append(row)
    workbook.save(path)

    warnings = Warnings()
    bang = read_tasks(path, warnings=warnings, show_extra=show_extra)
    phu_luc = PhuLuc(tieu_de="Danh mục", bang=bang)
    xlsx = {c for row in xlsx_rows(annex_xlsx_bytes(phu_luc)) for c in row}
    docx = set(docx_paragraphs(render_phu_luc(None, phu_luc, tmp_path / "pl.docx")))
    warned = " ".join(str(w) for w in warnings)
    header_row = len(title) + 1
    for number, row in enumerate(rows, start=header_row + 1):
        for c, value in enumerate(row):
            if not isinstance(value, str):
                continue
            letter = chr(ord("A") + c)
            if value in xlsx and value in docx:
                continue
            if f"ô {letter}{number}:" in warned:  # the cell itself is named (a legacy-encoding guess)
                continue
            assert not show_extra, f"{value!r} lost with show_extra"
            assert f"ô {letter}{header_row}: cột {letter} " in warned, value
            assert normalize_header(headers[c] or f"Cột {letter}") in normalize_header(warned)
