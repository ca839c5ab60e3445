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

from vbhc import nd30, vi
from vbhc.files import write_bytes
from vbhc.report import NHAN_NGAN, TRANG_THAI, Figures
from vbhc.writers.sheet import print_setup, workbook_bytes

#: Characters of 13 pt Times New Roman per Excel column-width unit (for row heights).
_CHARS_PER_UNIT = 1.05
SHEET_TONG_HOP = "Tổng hợp"
SHEET_QUA_HAN = "Quá hạn"
SHEET_CHI_TIEU = "Chỉ tiêu"
SHEET_CHI_TIET = "Chi tiết"

#: Series colours of the chart, per status (the same as the DOCX chart).
MAU = {
    "hoan_thanh_dung_han": "2E7D32",
    "hoan_thanh_tre_han": "9CCC65",
    "dang_thuc_hien": "1565C0",
    "chua_thuc_hien": "90A4AE",
    "qua_han": "C62828",
    "thuong_xuyen": "F9A825",
}


class _Style:
    """The few styles of the workbook, built once."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, Side

        size = nd30.SIZES["bang"].default
        thin = Side(style="thin", color=nd30.COLOR)
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.body = Font(name=nd30.FONT, size=size, color=nd30.COLOR)
        self.bold = Font(name=nd30.FONT, size=size, bold=True, color=nd30.COLOR)
        self.title = Font(name=nd30.FONT, size=nd30.SIZES["ten_loai"].default, bold=True, color=nd30.COLOR)
        self.italic = Font(name=nd30.FONT, size=size, italic=True, color=nd30.COLOR)
        self.centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.left = Alignment(horizontal="left", vertical="top", wrap_text=True)
        self.top_centre = Alignment(horizontal="center", vertical="top", wrap_text=True)


def _title(ws: Any, style: _Style, lines: list[tuple[str, Any]], width: int) -> int:
    """Title rows merged across ``width`` columns; returns the next free row."""
    row = 1
    for text, font in lines:
        ws.cell(row, 1, text).font = font
        ws.cell(row, 1).alignment = style.centre
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        row += 1
    return row + 1


def _height(values: list[Any], widths: list[float]) -> float:
    """A row height (points) that shows every line of wrapped text: neither LibreOffice nor Excel
    grows rows on opening a file."""
    size = nd30.SIZES["bang"].default
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
            cell = Cell(ws)
            cell.font = style.bold if bold else style.body
            cell.alignment = style.top_centre if centre else style.left
            cell.border = style.border
            if number_format:
                cell.number_format = number_format
            protos[key] = cell._style
        return protos[key]

    for col, (text, width) in enumerate(zip(header, widths, strict=True), start=1):
        cell = ws.cell(top, col, text)
        cell.font, cell.alignment, cell.border = style.bold, style.centre, style.border
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[top].height = _height(header, widths)
    columns = [((col in centred), formats.get(col)) for col in range(len(widths))]
    for offset, values in enumerate(rows, start=1):
        row = top + offset
        ws.row_dimensions[row].height = _height(values, widths)
        bold = (offset - 1) in bold_rows
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row, col, value)
            centre, number_format = columns[col - 1]
            cell._style = copy(proto(bold, centre, number_format))
    return top + len(rows) + 1


def _sheet_tong_hop(ws: Any, figures: Figures, style: _Style, title: str) -> None:
    from openpyxl.chart import BarChart, Reference

    statuses = list(TRANG_THAI)
    header = ["TT", "Cơ quan chủ trì", "Tổng số", *NHAN_NGAN.values(), "Tỷ lệ hoàn thành"]
    width = len(header)
    top = _title(
        ws,
        style,
        [(vi.upper(title), style.title), (f"(Tính đến ngày {vi.ngay_ngan(figures.as_of)})", style.italic)],
        width,
    )
    rows: list[list[Any]] = []
    for index, (name, stats) in enumerate(figures.theo_chu_tri.items(), start=1):
        rows.append(
            [index, name, stats.tong_so, *(stats.so_luong[s] for s in statuses), stats.ty_le_hoan_thanh]
        )
    tong = figures.tong
    rows.append(["", "Tổng cộng", tong.tong_so, *(tong.so_luong[s] for s in statuses), tong.ty_le_hoan_thanh])
    end = _table(
        ws,
        style,
        top,
        header,
        rows,
        [5, 34, 9, *([11] * len(statuses)), 12],
        centred={0, *range(2, width)},
        bold_rows={len(rows) - 1},
        formats={width - 1: "0.0%"},
    )
    print_setup(ws, title_rows=(top, top), landscape=True)
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
    header = ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Tiến độ", "Ghi chú"]
    top = _title(
        ws,
        style,
        [
            ("CÁC NHIỆM VỤ QUÁ HẠN, CHƯA HOÀN THÀNH", style.title),
            (f"(Tính đến ngày {vi.ngay_ngan(figures.as_of)})", style.italic),
        ],
        len(header),
    )
    rows = [
        [k.ma, k.nhiem_vu.noi_dung, k.chu_tri, k.thoi_han.text, k.nhiem_vu.tien_do, k.nhiem_vu.ket_qua]
        for k in figures.qua_han
    ]
    if not rows:
        rows = [["", "Không có nhiệm vụ quá hạn", "", "", "", ""]]
    _table(ws, style, top, header, rows, [7, 55, 26, 16, 16, 30], centred={0, 3})
    print_setup(ws, title_rows=(top, top), landscape=True)


def _sheet_chi_tieu(ws: Any, figures: Figures, style: _Style) -> None:
    header = ["TT", "Chỉ tiêu", "Mục tiêu", "Thực hiện", "Đơn vị tính", "Đánh giá"]
    top = _title(ws, style, [("KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", style.title)], len(header))
    rows: list[list[Any]] = []
    formats: dict[int, str] = {}
    for index, item in enumerate(figures.chi_tieu, start=1):
        c = item.chi_tieu
        value: Any = c.thuc_hien_text if c.thuc_hien is None else c.thuc_hien
        if c.thuc_hien is not None and c.don_vi.strip() == "%":
            value = c.thuc_hien / 100
            formats[3] = "0.0%"
        rows.append([index, c.ten, c.muc_tieu, value, c.don_vi, item.nhan])
    _table(ws, style, top, header, rows, [5, 60, 12, 12, 10, 14], centred={0, 2, 3, 4, 5}, formats=formats)
    print_setup(ws, title_rows=(top, top), landscape=False)


def _sheet_chi_tiet(ws: Any, figures: Figures, style: _Style) -> None:
    header = [
        "TT", "Nội dung công việc", "Cơ quan chủ trì", "Thời gian thực hiện/hoàn thành",
        "Ngày hoàn thành", "Tiến độ (báo cáo)", "Tình trạng", "Kết quả",
    ]  # fmt: skip
    top = _title(
        ws,
        style,
        [
            ("KẾT QUẢ THỰC HIỆN TỪNG NHIỆM VỤ", style.title),
            (f"(Tính đến ngày {vi.ngay_ngan(figures.as_of)})", style.italic),
        ],
        len(header),
    )
    rows = [
        [
            k.ma,
            k.nhiem_vu.noi_dung,
            k.chu_tri,
            k.thoi_han.text,
            k.nhiem_vu.ngay_hoan_thanh,
            k.nhiem_vu.tien_do,
            k.nhan,
            k.nhiem_vu.ket_qua,
        ]
        for k in figures.ket_qua
    ]
    _table(
        ws,
        style,
        top,
        header,
        rows,
        [7, 55, 26, 16, 13, 16, 22, 30],
        centred={0, 3, 4},
        formats={4: "dd/mm/yyyy"},
    )
    print_setup(ws, title_rows=(top, top), landscape=True)


def _default_font(workbook: Any) -> None:
    """Times New Roman for the Normal style too (cells a clerk adds later)."""
    from openpyxl.styles import Font

    default = Font(name=nd30.FONT, size=nd30.SIZES["bang"].default, family=1)
    workbook._fonts[0] = default
    for named in workbook._named_styles:
        if named.name == "Normal":
            named.font = default


def report_xlsx_bytes(figures: Figures, *, title: str = "Kết quả thực hiện nhiệm vụ") -> bytes:
    """The summary workbook as bytes."""
    from openpyxl import Workbook

    workbook = Workbook()
    _default_font(workbook)
    style = _Style()
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
) -> Path:
    """Write the summary workbook to ``out`` atomically (never over one of ``inputs``)."""
    return write_bytes(out, report_xlsx_bytes(figures, title=title), inputs=inputs)
