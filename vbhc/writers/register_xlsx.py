"""The register as a print-ready spreadsheet in the layout of Phụ lục IV (mẫu sổ đăng ký văn bản đi).

One sheet per issuing body, series and year: the title block of the register's first page (tên cơ
quan, SỔ ĐĂNG KÝ VĂN BẢN ĐI, năm, từ ngày … đến ngày, từ số … đến số), then the ten columns of
Phụ lục IV with their numbers row, repeated on every printed page; A4 landscape, fit to the width.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from vbhc import nd30, vi
from vbhc.errors import InputError, Vitri
from vbhc.files import write_bytes
from vbhc.writers.sheet import print_setup, workbook_bytes

if TYPE_CHECKING:  # pragma: no cover
    from vbhc.register import Entry

TIEU_DE = nd30.SO_DI_TIEU_DE
#: The ten columns of Phụ lục IV, I.2 (header text from the rule book, width in characters).
COT_SO_DI = tuple(zip(nd30.SO_DI_COT, (14, 12, 42, 18, 30, 16, 8, 12, 12, 22), strict=True))
#: Row of the column headers; the numbers row (1)…(10) follows; data starts after it.
HEADER_ROW = 10
DATE_FORMAT = "DD/MM/YYYY"
_INVALID_SHEET_CHARS = str.maketrans({c: " " for c in "[]:*?/\\"})

_THIN = Side(style="thin", color=nd30.COLOR)
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_TABLE_PT = nd30.SIZES["bang"].low
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
_TOP_CENTRE = Alignment(horizontal="center", vertical="top", wrap_text=True)


def _font(size: float, *, bold: bool = False, italic: bool = False) -> Font:
    return Font(name=nd30.FONT, size=size, bold=bold, italic=italic, color=nd30.COLOR)


def _sheet_title(co_quan: str, ten_so: str | None, nam: int, used: set[str]) -> str:
    base = f"{co_quan} {ten_so} {nam}" if ten_so else f"{co_quan} {nam}"
    base = base.translate(_INVALID_SHEET_CHARS).strip()[:31]
    title, n = base, 2
    while title in used:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title)
    return title


def _merged_line(ws: Worksheet, row: int, first: int, last: int, text: str, font: Font) -> None:
    ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    cell = ws.cell(row=row, column=first, value=text)
    cell.font = font
    cell.alignment = Alignment(horizontal="center", vertical="center")


def _title_block(ws: Worksheet, entries: Sequence[Entry], nam: int, ten_so: str | None) -> None:
    last = len(COT_SO_DI)
    chu_quan = next((e.co_quan_chu_quan for e in entries if e.co_quan_chu_quan), "")
    if chu_quan:
        _merged_line(ws, 1, 1, 3, chu_quan, _font(nd30.SIZES["co_quan_chu_quan"].low))
    name = next((e.ten_co_quan for e in entries if e.ten_co_quan), entries[0].co_quan if entries else "")
    if name:
        _merged_line(ws, 2, 1, 3, name, _font(nd30.SIZES["co_quan_ban_hanh"].low, bold=True))
    _merged_line(ws, 4, 1, last, TIEU_DE, _font(nd30.SIZES["ten_loai"].default, bold=True))
    plain = _font(nd30.SIZES["noi_dung"].low)
    if ten_so:
        _merged_line(ws, 5, 1, last, f"({ten_so})", _font(nd30.SIZES["noi_dung"].low, bold=True))
    dates = [e.ngay for e in entries if e.ngay]
    numbers = [e.so for e in entries]
    _merged_line(ws, 6, 1, last, f"Năm: {nam}", plain)
    tu_ngay = vi.ngay_ngan(min(dates)) if dates else "……"
    den_ngay = vi.ngay_ngan(max(dates)) if dates else "……"
    _merged_line(ws, 7, 1, last, f"Từ ngày {tu_ngay} đến ngày {den_ngay}", plain)
    tu_so = vi.so(min(numbers)) if numbers else "……"
    den_so = vi.so(max(numbers)) if numbers else "……"
    _merged_line(ws, 8, 1, last, f"Từ số {tu_so} đến số {den_so}", plain)


def _lines(text: object, width: float) -> int:
    """Printed lines of ``text`` in a wrapped cell ``width`` characters wide (an estimate)."""
    if text is None or text == "":
        return 1
    usable = max(width - 1.5, 1)
    return sum(max(1, math.ceil(len(part) * 1.1 / usable)) for part in str(text).split("\n"))


def _row_height(values: Sequence[object]) -> float:
    """A height that shows every wrapped line (Excel does not grow rows of generated files)."""
    lines = max(_lines(v, width) for v, (_, width) in zip(values, COT_SO_DI, strict=True))
    return round(lines * _TABLE_PT * 1.3 + 3, 1)


def _table(ws: Worksheet, entries: Sequence[Entry]) -> None:
    bold = _font(_TABLE_PT, bold=True)
    plain = _font(_TABLE_PT)
    for col, (title, width) in enumerate(COT_SO_DI, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
        for row, text in ((HEADER_ROW, title), (HEADER_ROW + 1, f"({col})")):
            cell = ws.cell(row=row, column=col, value=text)
            cell.font = bold if row == HEADER_ROW else plain
            cell.alignment = _CENTRE
            cell.border = _BORDER
    ws.row_dimensions[HEADER_ROW].height = _row_height([t for t, _ in COT_SO_DI])
    for offset, entry in enumerate(entries):
        row = HEADER_ROW + 2 + offset
        values = (
            entry.so_hien_thi, entry.ngay, entry.ten_loai_trich_yeu, entry.nguoi_ky, entry.noi_nhan,
            entry.luu, entry.so_luong_ban, entry.ngay_chuyen, entry.ky_nhan, entry.ghi_chu_day_du,
        )
        font = _font(_TABLE_PT, italic=entry.status != "issued")
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col, value=value if value != "" else None)
            cell.font = font
            cell.border = _BORDER
            centred = col in (1, 2, 7, 8)
            cell.alignment = _TOP_CENTRE if centred else _TOP_LEFT
            if col in (2, 8):
                cell.number_format = DATE_FORMAT
        ws.row_dimensions[row].height = _row_height(values)


def register_workbook(
    entries: Sequence[Entry], *, nam: int | None = None, ten_so: Mapping[tuple[str, str], str] | None = None
) -> Workbook:
    """The workbook: one sheet per (body, series, year), in register order."""
    from vbhc.register import SO_CHUNG

    workbook = Workbook()
    workbook.remove(workbook.active)
    ordered = sorted(entries, key=lambda e: (e.co_quan, e.nam, e.series != SO_CHUNG, e.series, e.so))
    groups = [(key, list(rows)) for key, rows in groupby(ordered, key=lambda e: (e.co_quan, e.series, e.nam))]
    if not groups:
        from datetime import date

        groups = [(("", SO_CHUNG, nam or date.today().year), [])]
    used: set[str] = set()
    for (co_quan, series, year), rows in groups:
        name = None if series == SO_CHUNG else (ten_so or {}).get((co_quan, series), series)
        ws = workbook.create_sheet(_sheet_title(co_quan or "Sổ", name, year, used))
        _title_block(ws, rows, year, name)
        _table(ws, rows)
        print_setup(ws, title_rows=(HEADER_ROW, HEADER_ROW + 1))
    return workbook


def write_register_xlsx(
    entries: Sequence[Entry],
    out: str | Path,
    *,
    nam: int | None = None,
    ten_so: Mapping[tuple[str, str], str] | None = None,
    inputs: tuple[str | Path, ...] = (),
) -> Path:
    """Write the register to ``out`` (.xlsx) atomically; ``inputs`` are never overwritten."""
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise InputError("tệp xuất sổ phải có đuôi .xlsx", Vitri(tep=str(out)))
    data = workbook_bytes(register_workbook(entries, nam=nam, ten_so=ten_so))
    return write_bytes(out, data, inputs=inputs)


__all__ = ["COT_SO_DI", "TIEU_DE", "register_workbook", "write_register_xlsx"]
