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

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from vbhc import nd30
from vbhc.errors import InputError, Vitri
from vbhc.files import write_bytes
from vbhc.register.entry import SO_CHUNG, Entry
from vbhc.text import vi
from vbhc.writers.sheet import Kieu, XlsxTemplate, load_template, template_path, workbook_bytes

TIEU_DE = nd30.SO_DI_TIEU_DE
#: The ten columns of Phụ lục IV, I.2 (header text from the rule book, width in characters).
COT_SO_DI = tuple(zip(nd30.SO_DI_COT, (14, 12, 42, 18, 30, 16, 8, 12, 12, 22), strict=True))
#: Row of the column headers; the numbers row (1)…(10) follows; data starts after it.
HEADER_ROW = 10
DATE_FORMAT = "DD/MM/YYYY"
_INVALID_SHEET_CHARS = str.maketrans({c: " " for c in "[]:*?/\\"})

#: The page sheet of the template: print setup and column widths of every sheet of the register.
PAGE_SHEET = "Sổ đi"
#: The styles the register template's «Kiểu» sheet must hold.
STYLES = (
    "co_quan_chu_quan", "co_quan", "tieu_de", "ten_so", "dong", "tieu_de_cot", "so_cot",
    "o_trai", "o_giua", "huy_trai", "huy_giua",
)  # fmt: skip
#: Columns centred (numbers and dates, 1-based).
_CENTRED = frozenset({1, 2, 7, 8})


def _sheet_title(co_quan: str, ten_so: str | None, nam: int, used: set[str]) -> str:
    base = f"{co_quan} {ten_so} {nam}" if ten_so else f"{co_quan} {nam}"
    base = base.translate(_INVALID_SHEET_CHARS).strip()[:31]
    title, n = base, 2
    while title in used:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title)
    return title


def _merged_line(ws: Worksheet, row: int, first: int, last: int, text: str, kieu: Kieu) -> None:
    ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    kieu.apply(ws.cell(row=row, column=first, value=text))
    if kieu.height:
        ws.row_dimensions[row].height = kieu.height


def _title_block(
    ws: Worksheet, entries: Sequence[Entry], nam: int, ten_so: str | None, look: XlsxTemplate
) -> None:
    last = len(COT_SO_DI)
    kieu = look.styles
    chu_quan = next((e.co_quan_chu_quan for e in entries if e.co_quan_chu_quan), "")
    if chu_quan:
        _merged_line(ws, 1, 1, 3, chu_quan, kieu["co_quan_chu_quan"])
    name = next((e.ten_co_quan for e in entries if e.ten_co_quan), entries[0].co_quan if entries else "")
    if name:
        _merged_line(ws, 2, 1, 3, name, kieu["co_quan"])
    _merged_line(ws, 4, 1, last, TIEU_DE, kieu["tieu_de"])
    plain = kieu["dong"]
    if ten_so:
        _merged_line(ws, 5, 1, last, f"({ten_so})", kieu["ten_so"])
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


def _row_height(values: Sequence[object], widths: Sequence[float], size: float) -> float:
    """A height that shows every wrapped line (Excel does not grow rows of generated files)."""
    lines = max(_lines(v, width) for v, width in zip(values, widths, strict=True))
    return round(lines * size * 1.3 + 3, 1)


def _table(ws: Worksheet, entries: Sequence[Entry], look: XlsxTemplate) -> None:
    kieu = look.styles
    widths = look.widths(PAGE_SHEET, len(COT_SO_DI))
    size = kieu["o_trai"].font.sz
    for col, (title, _) in enumerate(COT_SO_DI, start=1):
        kieu["tieu_de_cot"].apply(ws.cell(row=HEADER_ROW, column=col, value=title))
        kieu["so_cot"].apply(ws.cell(row=HEADER_ROW + 1, column=col, value=f"({col})"))
    ws.row_dimensions[HEADER_ROW].height = _row_height([t for t, _ in COT_SO_DI], widths, size)
    for offset, entry in enumerate(entries):
        row = HEADER_ROW + 2 + offset
        values = (
            entry.so_hien_thi, entry.ngay, entry.ten_loai_trich_yeu, entry.nguoi_ky, entry.noi_nhan,
            entry.luu, entry.so_luong_ban, entry.ngay_chuyen, entry.ky_nhan, entry.ghi_chu_day_du,
        )
        left, centre = (kieu["o_trai"], kieu["o_giua"]) if entry.status == "issued" else (
            kieu["huy_trai"], kieu["huy_giua"])  # fmt: skip
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col, value=value if value != "" else None)
            (centre if col in _CENTRED else left).apply(cell)
            if col in (2, 8):
                cell.number_format = DATE_FORMAT
        ws.row_dimensions[row].height = _row_height(values, widths, size)


def register_workbook(
    entries: Sequence[Entry],
    *,
    nam: int | None = None,
    ten_so: Mapping[tuple[str, str], str] | None = None,
    template: str | Path | None = None,
) -> Workbook:
    """The workbook: one sheet per (body, series, year), in register order; ``template``: an
    office's XLSX template (default: templates/so_van_ban_di.xlsx) giving the look."""
    look = load_template(template or template_path("so_van_ban_di"), styles=STYLES, sheets=(PAGE_SHEET,))
    workbook = Workbook()
    look.default_font(workbook, "o_trai")
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
        _title_block(ws, rows, year, name, look)
        _table(ws, rows, look)
        look.setup(ws, PAGE_SHEET, title_rows=(HEADER_ROW, HEADER_ROW + 1))
    return workbook


def write_register_xlsx(
    entries: Sequence[Entry],
    out: str | Path,
    *,
    nam: int | None = None,
    ten_so: Mapping[tuple[str, str], str] | None = None,
    inputs: tuple[str | Path, ...] = (),
    template: str | Path | None = None,
) -> Path:
    """Write the register to ``out`` (.xlsx) atomically; ``inputs`` are never overwritten."""
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise InputError("tệp xuất sổ phải có đuôi .xlsx", Vitri(tep=str(out)))
    data = workbook_bytes(register_workbook(entries, nam=nam, ten_so=ten_so, template=template))
    return write_bytes(out, data, inputs=inputs)


__all__ = ["COT_SO_DI", "TIEU_DE", "register_workbook", "write_register_xlsx"]
