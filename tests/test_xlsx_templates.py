"""XLSX templates: the shipped ones are what the builder makes; an office's restyled copy shows in
the annex, the report summary and the register export; a template lacking a part is named."""

from __future__ import annotations

import importlib
import io
import sys
from datetime import date

import pytest
from conftest import EXAMPLES, ROOT
from openpyxl import load_workbook
from openpyxl.drawing.image import Image
from openpyxl.styles import Font, PatternFill

from vbhc.cli import cli
from vbhc.cli.common import run
from vbhc.register import Register

sys.path.insert(0, str(ROOT / "tools"))
builder = importlib.import_module("build_xlsx_templates")

TASKS_KH = EXAMPLES / "ke_hoach_cchc_2026" / "nhiem_vu.xlsx"
TASKS = ROOT / "data" / "tien_do.xlsx"  # the progress workbook
YELLOW = "FFFFFF00"
TITLE_HEIGHT = 60


def vbhc(monkeypatch, capsys, *args: object) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["vbhc", *map(str, args)])
    code = run(cli)
    return code, capsys.readouterr().err


@pytest.mark.parametrize("name", sorted(builder.TEMPLATES))
def test_template_is_reproducible_from_the_builder(name):
    rebuilt = builder.build(builder.TEMPLATES[name])  # fixed time stamps: the whole file compares
    assert (ROOT / "templates" / f"{name}.xlsx").read_bytes() == rebuilt, f"{name}.xlsx: run make templates"


def restyled(tmp_path, name: str, *, font: str, fill: str, page: str | None = None, width=None, logo=False):
    """An office's copy of a shipped template: ``font`` (name) on the body style, ``fill`` on the
    header style, a column width on ``page`` (column B), a logo on ``page``."""
    workbook = load_workbook(ROOT / "templates" / f"{name}.xlsx")
    styles = workbook["Kiểu"]
    for key, sample in styles.iter_rows(min_col=1, max_col=2):
        if key.value in ("o_trai", "o_giua", "huy_trai", "huy_giua"):
            sample.font = Font(name=font, size=sample.font.sz)
        if key.value == "tieu_de_cot":
            sample.fill = PatternFill("solid", fgColor=fill)
        if key.value == "tieu_de":  # the title line's row: taller
            styles.row_dimensions[key.row].height = TITLE_HEIGHT
    if width is not None:
        workbook[page].column_dimensions["B"].width = width
    if logo:
        from PIL import Image as Picture

        picture = io.BytesIO()
        Picture.new("RGB", (40, 40), "red").save(picture, "PNG")
        workbook[page].add_image(Image(picture), "A1")
    path = tmp_path / f"mau_{name}.xlsx"
    workbook.save(path)
    return path


def header_and_body(ws, header_text: str):
    header = next(c for row in ws.iter_rows() for c in row if c.value == header_text)
    numbers_row = ws.cell(header.row + 1, 1).value == "(1)"  # the register's (1) … (10) row
    body = ws.cell(header.row + (2 if numbers_row else 1), 2)
    return header, body


def test_annex_takes_an_offices_template(tmp_path, monkeypatch, capsys):
    template = restyled(tmp_path, "phu_luc", font="Arial", fill=YELLOW, page="Phụ lục", logo=True)
    for run_ in range(2):  # the second run reads the template from the cache: the same look
        out = tmp_path / f"pl{run_}.xlsx"
        code, err = vbhc(monkeypatch, capsys, "annex", TASKS_KH, "-o", out, "--template", template)
        assert code == 0, err
        ws = load_workbook(out)["Phụ lục"]
        header, body = header_and_body(ws, "Nội dung công việc")
        assert header.fill.fgColor.rgb == YELLOW
        assert header.font.name == "Times New Roman" and header.font.b
        assert body.font.name == "Arial"
        assert len(ws._images) == 1
        assert ws.row_dimensions[2].height == TITLE_HEIGHT  # Phụ lục, then the title (no parent)
        assert ws.page_setup.orientation == "landscape" and ws.print_title_rows


def test_report_summary_takes_an_offices_template(tmp_path, monkeypatch, capsys):
    template = restyled(tmp_path, "bao_cao_tong_hop", font="Arial", fill=YELLOW, page="Quá hạn", width=70)
    out = tmp_path / "th.xlsx"
    code, err = vbhc(
        monkeypatch, capsys, "report", TASKS, "--as-of", "2026-11-30", "--xlsx", out, "--mau-xlsx", template
    )
    assert code == 0, err
    workbook = load_workbook(out)
    header, body = header_and_body(workbook["Quá hạn"], "Nhiệm vụ")
    assert header.fill.fgColor.rgb == YELLOW
    assert body.font.name == "Arial"
    assert workbook["Quá hạn"].column_dimensions["B"].width == 70
    assert workbook["Chi tiết"].column_dimensions["B"].width == 55  # the template's own widths elsewhere
    assert workbook["Tổng hợp"]._charts
    assert workbook["Quá hạn"].row_dimensions[1].height == TITLE_HEIGHT


def test_register_export_takes_an_offices_template(tmp_path, monkeypatch, capsys):
    register = tmp_path / "so.db"
    with Register(register) as store:
        store.reserve("UBND", nam=2026, loai="ke_hoach", ten_co_quan="ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG")
        store.update(1, nam=2026, ngay_chuyen=date(2026, 1, 15), noi_nhan="Sở Nội vụ")
    template = restyled(tmp_path, "so_van_ban_di", font="Arial", fill=YELLOW, page="Sổ đi", width=30)
    out = tmp_path / "so.xlsx"
    code, err = vbhc(monkeypatch, capsys, "register", "export", out, "--register", register,
                     "--template", template)
    assert code == 0, err
    ws = load_workbook(out).active
    header, body = header_and_body(ws, "Ngày tháng văn bản")
    assert header.fill.fgColor.rgb == YELLOW
    assert body.font.name == "Arial"
    assert ws.column_dimensions["B"].width == 30
    assert ws.row_dimensions[4].height == TITLE_HEIGHT  # SỔ ĐĂNG KÝ VĂN BẢN ĐI


def test_a_template_lacking_a_style_or_sheet_is_named(tmp_path, monkeypatch, capsys):
    workbook = load_workbook(ROOT / "templates" / "phu_luc.xlsx")
    styles = workbook["Kiểu"]
    for key, _ in styles.iter_rows(min_col=1, max_col=2):
        if key.value == "nhom":
            key.value = "nhóm cũ"
    broken = tmp_path / "mau_thieu.xlsx"
    workbook.save(broken)
    out = tmp_path / "pl.xlsx"
    code, err = vbhc(monkeypatch, capsys, "annex", TASKS_KH, "-o", out, "--template", broken)
    assert code != 0 and "mau_thieu.xlsx" in err and "«nhom»" in err and "Kiểu" in err
    assert not out.exists()
    del workbook["Phụ lục"]
    workbook.save(broken)
    code, err = vbhc(monkeypatch, capsys, "annex", TASKS_KH, "-o", out, "--template", broken)
    assert code != 0 and "mau_thieu.xlsx" in err and "thiếu trang tính «Phụ lục»" in err
    assert not out.exists()


def test_a_wrong_summary_template_stops_the_report_before_anything_is_written(tmp_path, monkeypatch, capsys):
    source = tmp_path / "bao_cao.md"
    source.write_bytes((EXAMPLES / "bao_cao_cchc_2026" / "bao_cao.md").read_bytes())
    wrong = tmp_path / "mau.xlsx"
    wrong.write_bytes((ROOT / "templates" / "phu_luc.xlsx").read_bytes())  # the annex's, not the summary's
    docx, xlsx = tmp_path / "bc.docx", tmp_path / "th.xlsx"
    code, err = vbhc(
        monkeypatch, capsys, "report", TASKS, "--source", source, "--as-of", "2026-11-30",
        "-o", docx, "--xlsx", xlsx, "--mau-xlsx", wrong,
    )  # fmt: skip
    assert code != 0 and "mau.xlsx" in err and "«Tổng hợp»" in err
    assert not docx.exists() and not xlsx.exists()
