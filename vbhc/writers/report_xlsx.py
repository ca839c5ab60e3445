"""The progress summary as a print-ready XLSX: the báo cáo's tables and a native Excel bar chart.

Sheets: «Tổng hợp» (counts per lead body with a total row, and a stacked bar chart drawn by Excel
from those cells), «Quá hạn» (overdue tasks), «Chỉ tiêu» (indicators, when there are any) and
«Chi tiết» (every task with its status). Counts are stored as numbers and shares as percentages so
a clerk can keep calculating; Times New Roman, thin borders, A4 fitted to the page width.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from vbhc import nd30
from vbhc.files import write_bytes
from vbhc.report import TRANG_THAI, Figures, tables
from vbhc.report.tables import MAU, BangBaoCao
from vbhc.text import vi
from vbhc.writers.sheet import XlsxTemplate, load_template, template_path, workbook_bytes

#: Characters of 13 pt Times New Roman per Excel column-width unit (for row heights).
_CHARS_PER_UNIT = 1.05
SHEET_TONG_HOP = "Tổng hợp"
SHEET_QUA_HAN = "Quá hạn"
SHEET_CHI_TIEU = "Chỉ tiêu"
SHEET_CHI_TIET = "Chi tiết"


#: Column widths of each sheet (characters) in the shipped template (an office's template may differ).
WIDTHS = {
    SHEET_TONG_HOP: [5, 34, 9, *([11] * len(TRANG_THAI)), 12],
    SHEET_QUA_HAN: [7, 55, 26, 16, 16, 30],
    SHEET_CHI_TIEU: [5, 60, 12, 12, 10, 14],
    SHEET_CHI_TIET: [7, 55, 26, 16, 13, 16, 22, 30],
}
#: The styles the summary template's «Kiểu» sheet must hold.
STYLES = ("tieu_de", "ngay", "tieu_de_cot", "o_trai", "o_giua", "tong_trai", "tong_giua")


class _Style:
    """The styles of the workbook, from the template."""

    def __init__(self, template: XlsxTemplate) -> None:
        self.template = template
        kieu = template.styles
        self.title = kieu["tieu_de"]
        self.italic = kieu["ngay"]
        self.header = kieu["tieu_de_cot"]
        self.cells = {
            (False, False): kieu["o_trai"], (False, True): kieu["o_giua"],
            (True, False): kieu["tong_trai"], (True, True): kieu["tong_giua"],
        }  # fmt: skip

    def widths(self, sheet: str) -> list[float]:
        return self.template.widths(sheet, len(WIDTHS[sheet]))

    def setup(self, ws: Any, top: int) -> None:
        self.template.setup(ws, ws.title, title_rows=(top, top), widths=False)


def _title(ws: Any, style: _Style, lines: list[tuple[str, Any]], width: int) -> int:
    """Title rows merged across ``width`` columns; returns the next free row."""
    row = 1
    for text, kieu in lines:
        kieu.apply(ws.cell(row, 1, text))
        if kieu.height:
            ws.row_dimensions[row].height = kieu.height
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        row += 1
    return row + 1


def _height(values: list[Any], widths: list[float], size: float) -> float:
    """A row height (points) that shows every line of wrapped text: neither LibreOffice nor Excel
    grows rows on opening a file."""
    lines = 1
    for value, width in zip(values, widths, strict=False):
        text = value if isinstance(value, str) else ""
        per_line = max(1.0, width * _CHARS_PER_UNIT)
        lines = max(lines, sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n")))
    return round(lines * size * 1.3 + 4, 1)


def _table(
    ws: Any,
    style: _Style,
    top: int,
    header: list[str],
    rows: list[list[Any]],
    widths: list[float],
    *,
    centred: set[int] = frozenset(),  # type: ignore[assignment]
    bold_rows: set[int] = frozenset(),  # type: ignore[assignment]
    formats: dict[int, str] | None = None,
) -> int:
    """Write a bordered table at row ``top``; returns the row after it.

    Each combination of styles is registered once and its style array copied to the cells, so the
    cost stays linear (setting font, alignment and border per cell is several times slower).
    """
    from copy import copy

    from openpyxl.cell import Cell
    from openpyxl.utils import get_column_letter

    formats = formats or {}
    protos: dict[tuple[bool, bool, str | None], Any] = {}

    def proto(bold: bool, centre: bool, number_format: str | None) -> Any:
        key = (bold, centre, number_format)
        if key not in protos:
            cell = style.cells[bold, centre].apply(Cell(ws))
            if number_format:
                cell.number_format = number_format
            protos[key] = cell._style
        return protos[key]

    size = style.cells[False, False].font.sz
    for col, (text, width) in enumerate(zip(header, widths, strict=True), start=1):
        style.header.apply(ws.cell(top, col, text))
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[top].height = _height(header, widths, size)
    columns = [((col in centred), formats.get(col)) for col in range(len(widths))]
    for offset, values in enumerate(rows, start=1):
        row = top + offset
        ws.row_dimensions[row].height = _height(values, widths, size)
        bold = (offset - 1) in bold_rows
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row, col, value)
            centre, number_format = columns[col - 1]
            cell._style = copy(proto(bold, centre, number_format))
    return top + len(rows) + 1


def _bang(ws: Any, style: _Style, top: int, table: BangBaoCao, sheet: str) -> int:
    """Write a report table (:mod:`vbhc.report.tables`) at row ``top``; returns the row after it."""
    return _table(ws, style, top, table.tieu_de, table.dong, style.widths(sheet), centred=set(table.can_giua),
                  bold_rows=table.dong_dam, formats=table.dinh_dang)  # fmt: skip


def _sheet_tong_hop(ws: Any, figures: Figures, style: _Style, title: str) -> None:
    from openpyxl.chart import BarChart, Reference

    statuses = list(TRANG_THAI)
    table = tables.tong_hop(figures)
    width = len(table.cot)
    top = _title(
        ws,
        style,
        [(vi.upper(title), style.title), (f"(Tính đến ngày {vi.ngay_ngan(figures.as_of)})", style.italic)],
        width,
    )
    tong = figures.tong
    end = _bang(ws, style, top, table, SHEET_TONG_HOP)
    style.setup(ws, top)
    bodies = len(figures.theo_chu_tri)
    if bodies == 0:
        return
    chart = BarChart()
    _chart_fonts(chart, "Kết quả thực hiện nhiệm vụ theo cơ quan chủ trì", "Số nhiệm vụ")
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.gapWidth = 60
    chart.y_axis.majorUnit = 1 if tong.tong_so <= 20 else None
    chart.x_axis.scaling.orientation = "maxMin"  # first body on top, as in the table
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend.position = "b"
    data = Reference(ws, min_col=4, max_col=3 + len(statuses), min_row=top, max_row=top + bodies)
    categories = Reference(ws, min_col=2, min_row=top + 1, max_row=top + bodies)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(categories)
    for series, status in zip(chart.series, statuses, strict=True):
        series.graphicalProperties.solidFill = MAU[status]
        series.graphicalProperties.line.solidFill = MAU[status]
    chart.width = 24
    chart.height = max(8.0, 2.5 + 1.3 * bodies)
    ws.add_chart(chart, f"B{end + 1}")


def _chart_fonts(chart: Any, title: str, value_axis: str) -> None:
    """Title, axis titles, tick labels and legend of ``chart`` in Times New Roman."""
    from openpyxl.chart.text import RichText, Text
    from openpyxl.chart.title import Title
    from openpyxl.drawing.text import (
        CharacterProperties,
        Font,
        Paragraph,
        ParagraphProperties,
        RegularTextRun,
    )

    def props(size: int, bold: bool = False) -> CharacterProperties:
        return CharacterProperties(latin=Font(typeface=nd30.FONT), cs=Font(typeface=nd30.FONT), sz=size * 100,
                                   b=bold)  # fmt: skip

    def rich(size: int) -> RichText:
        return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=props(size)), endParaRPr=props(size))])

    def title_of(text: str, size: int, bold: bool) -> Title:
        paragraph = Paragraph(
            pPr=ParagraphProperties(defRPr=props(size, bold)),
            r=[RegularTextRun(rPr=props(size, bold), t=text)],
        )
        return Title(tx=Text(rich=RichText(p=[paragraph])), overlay=False)

    chart.title = title_of(title, 13, True)
    chart.y_axis.title = title_of(value_axis, 11, False)
    chart.x_axis.txPr = rich(11)
    chart.y_axis.txPr = rich(11)
    chart.legend.txPr = rich(11)


def _sheet_qua_han(ws: Any, figures: Figures, style: _Style) -> None:
    table = tables.qua_han(figures)
    top = _title(
        ws,
        style,
        [
            ("CÁC NHIỆM VỤ QUÁ HẠN, CHƯA HOÀN THÀNH", style.title),
            (f"(Tính đến ngày {vi.ngay_ngan(figures.as_of)})", style.italic),
        ],
        len(table.cot),
    )
    if not table.dong:
        table.dong = [["", "Không có nhiệm vụ quá hạn", "", "", "", ""]]
    _bang(ws, style, top, table, SHEET_QUA_HAN)
    style.setup(ws, top)


def _sheet_chi_tieu(ws: Any, figures: Figures, style: _Style) -> None:
    table = tables.chi_tieu(figures)
    top = _title(ws, style, [("KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", style.title)], len(table.cot))
    _bang(ws, style, top, table, SHEET_CHI_TIEU)
    style.setup(ws, top)


def _sheet_chi_tiet(ws: Any, figures: Figures, style: _Style) -> None:
    table = tables.chi_tiet(figures)
    top = _title(
        ws,
        style,
        [
            ("KẾT QUẢ THỰC HIỆN TỪNG NHIỆM VỤ", style.title),
            (f"(Tính đến ngày {vi.ngay_ngan(figures.as_of)})", style.italic),
        ],
        len(table.cot),
    )
    _bang(ws, style, top, table, SHEET_CHI_TIET)
    style.setup(ws, top)


def load_look(template: str | Path | None = None) -> XlsxTemplate:
    """The summary's XLSX template (default: templates/bao_cao_tong_hop.xlsx), checked: a template
    without a needed sheet or style raises a message naming it."""
    return load_template(template or template_path("bao_cao_tong_hop"), styles=STYLES, sheets=tuple(WIDTHS))


def report_xlsx_bytes(
    figures: Figures, *, title: str = "Kết quả thực hiện nhiệm vụ", template: str | Path | None = None
) -> bytes:
    """The summary workbook as bytes; ``template``: an office's XLSX template (default:
    templates/bao_cao_tong_hop.xlsx) giving fonts, borders, fills, column widths, print setup."""
    from openpyxl import Workbook

    look = load_look(template)
    workbook = Workbook()
    look.default_font(workbook, "o_trai")
    style = _Style(look)
    summary = workbook.active
    summary.title = SHEET_TONG_HOP
    _sheet_tong_hop(summary, figures, style, title)
    _sheet_qua_han(workbook.create_sheet(SHEET_QUA_HAN), figures, style)
    if figures.chi_tieu:
        _sheet_chi_tieu(workbook.create_sheet(SHEET_CHI_TIEU), figures, style)
    _sheet_chi_tiet(workbook.create_sheet(SHEET_CHI_TIET), figures, style)
    return workbook_bytes(workbook)


def write_report_xlsx(
    figures: Figures,
    out: str | Path,
    *,
    title: str = "Kết quả thực hiện nhiệm vụ",
    inputs: tuple[str | Path, ...] = (),
    template: str | Path | None = None,
) -> Path:
    """Write the summary workbook to ``out`` atomically (never over one of ``inputs``)."""
    return write_bytes(out, report_xlsx_bytes(figures, title=title, template=template), inputs=inputs)
