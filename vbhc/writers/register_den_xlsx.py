"""The sổ đăng ký văn bản đến and the sổ theo dõi giải quyết văn bản đến as print-ready spreadsheets
(Phụ lục IV, mục VI and VIII).

One sheet per receiving body and year: the title block (tên cơ quan, the book's title, năm, từ ngày …
đến ngày …, từ số … đến số …), then the decree's columns with their numbers row (1) … (n), repeated on
every printed page; A4 landscape, fit to the width. The look (fonts, borders, print setup) is the
outgoing register's template (templates/so_van_ban_di.xlsx, or the office's own).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from itertools import groupby
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from vbhc import nd30
from vbhc.errors import InputError, Vitri
from vbhc.files import write_bytes
from vbhc.register.entry_den import VanBanDen
from vbhc.text import vi
from vbhc.writers.register_xlsx import (
    DATE_FORMAT,
    PAGE_SHEET,
    STYLES,
    _merged_line,
    _row_height,
    _sheet_title,
)
from vbhc.writers.sheet import XlsxTemplate, load_template, template_path, workbook_bytes

#: Widths (characters) of the ten columns of the sổ đến (Phụ lục IV, VI.2).
COT_SO_DEN = tuple(zip(nd30.SO_DEN_COT, (11, 7, 26, 16, 11, 44, 20, 11, 12, 24), strict=True))
#: Widths of the seven columns of the sổ theo dõi giải quyết (Phụ lục IV, VIII.2).
COT_SO_THEO_DOI = tuple(zip(nd30.SO_THEO_DOI_COT, (8, 56, 22, 12, 28, 18, 22), strict=True))
HEADER_ROW = 10


def tien_do(entry: VanBanDen, hom_nay: date) -> str:
    """Column (5) of the sổ theo dõi as of ``hom_nay``."""
    if entry.giai_quyet_truoc(hom_nay):
        assert entry.ngay_giai_quyet is not None
        late = entry.han_giai_quyet is not None and entry.ngay_giai_quyet > entry.han_giai_quyet
        return f"Đã giải quyết ngày {vi.ngay_ngan(entry.ngay_giai_quyet)}" + (" (trễ hạn)" if late else "")
    if entry.qua_han(hom_nay):
        assert entry.han_giai_quyet is not None
        return f"Quá hạn {(hom_nay - entry.han_giai_quyet).days} ngày"
    return "Đang giải quyết"


def _so_den_row(entry: VanBanDen, _hom_nay: date) -> tuple[Any, ...]:
    return (entry.ngay_den, entry.so_den_hien_thi, entry.tac_gia, entry.so_ky_hieu, entry.ngay_van_ban,
            entry.ten_loai_trich_yeu, entry.don_vi_nhan, entry.ngay_chuyen, entry.ky_nhan,
            entry.ghi_chu_day_du)


def _theo_doi_row(entry: VanBanDen, hom_nay: date) -> tuple[Any, ...]:
    return (entry.so_den_hien_thi, entry.ten_van_ban, entry.don_vi_nhan, entry.han_giai_quyet,
            tien_do(entry, hom_nay), entry.so_ky_hieu_tra_loi, entry.ghi_chu_day_du)


#: What each book prints: its title, columns, row builder, centred and date columns (1-based).
SO = {
    "so_den": (nd30.SO_DEN_TIEU_DE, COT_SO_DEN, _so_den_row, frozenset({1, 2, 5, 8}), frozenset({1, 5, 8})),
    "theo_doi": (nd30.SO_THEO_DOI_TIEU_DE, COT_SO_THEO_DOI, _theo_doi_row, frozenset({1, 4}), frozenset({4})),
}


def _title_block(ws: Worksheet, title: str, columns: int, entries: Sequence[VanBanDen], nam: int,
                 ten_co_quan: str, look: XlsxTemplate) -> None:
    kieu = look.styles
    if ten_co_quan:
        _merged_line(ws, 2, 1, 3, ten_co_quan, kieu["co_quan"])
    _merged_line(ws, 4, 1, columns, title, kieu["tieu_de"])
    plain = kieu["dong"]
    _merged_line(ws, 6, 1, columns, f"Năm: {nam}", plain)
    dates = [e.ngay_den for e in entries]
    numbers = [e.so_den for e in entries]
    tu_ngay, den_ngay = (vi.ngay_ngan(min(dates)), vi.ngay_ngan(max(dates))) if dates else ("……", "……")
    _merged_line(ws, 7, 1, columns, f"Từ ngày {tu_ngay} đến ngày {den_ngay}", plain)
    tu_so, den_so = (vi.so(min(numbers)), vi.so(max(numbers))) if numbers else ("……", "……")
    _merged_line(ws, 8, 1, columns, f"Từ số {tu_so} đến số {den_so}", plain)


def _table(ws: Worksheet, entries: Sequence[VanBanDen], book: str, hom_nay: date, look: XlsxTemplate) -> None:
    _, cot, row_of, centred, dates = SO[book]
    kieu = look.styles
    widths = [width for _, width in cot]
    size = kieu["o_trai"].font.sz
    for col, (title, width) in enumerate(cot, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
        kieu["tieu_de_cot"].apply(ws.cell(row=HEADER_ROW, column=col, value=title))
        kieu["so_cot"].apply(ws.cell(row=HEADER_ROW + 1, column=col, value=f"({col})"))
    ws.row_dimensions[HEADER_ROW].height = _row_height([t for t, _ in cot], widths, size)
    for offset, entry in enumerate(entries):
        row = HEADER_ROW + 2 + offset
        values = row_of(entry, hom_nay)
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col, value=value if value != "" else None)
            (kieu["o_giua"] if col in centred else kieu["o_trai"]).apply(cell)
            if col in dates:
                cell.number_format = DATE_FORMAT
        ws.row_dimensions[row].height = _row_height(values, widths, size)


def so_den_workbook(
    entries: Sequence[VanBanDen],
    *,
    book: str = "so_den",
    nam: int | None = None,
    hom_nay: date | None = None,
    ten_co_quan: Mapping[str, str] | None = None,
    template: str | Path | None = None,
) -> Workbook:
    """The workbook of ``book`` (``so_den`` or ``theo_doi``): one sheet per (body, year), in register
    order; ``hom_nay`` dates the tiến độ of the sổ theo dõi; ``ten_co_quan`` names each body."""
    title, cot, _, _, _ = SO[book]
    hom_nay = hom_nay or date.today()
    look = load_template(template or template_path("so_van_ban_di"), styles=STYLES, sheets=(PAGE_SHEET,))
    workbook = Workbook()
    look.default_font(workbook, "o_trai")
    workbook.remove(workbook.active)
    ordered = sorted(entries, key=lambda e: (e.co_quan, e.nam, e.so_den))
    groups = [(key, list(rows)) for key, rows in groupby(ordered, key=lambda e: (e.co_quan, e.nam))]
    if not groups:
        groups = [(("", nam or hom_nay.year), [])]
    used: set[str] = set()
    for (co_quan, year), rows in groups:
        ws = workbook.create_sheet(_sheet_title(co_quan or "Sổ đến", None, year, used))
        _title_block(ws, title, len(cot), rows, year, (ten_co_quan or {}).get(co_quan, co_quan), look)
        _table(ws, rows, book, hom_nay, look)
        look.setup(ws, PAGE_SHEET, title_rows=(HEADER_ROW, HEADER_ROW + 1), widths=False)
    return workbook


def write_so_den_xlsx(
    entries: Sequence[VanBanDen],
    out: str | Path,
    *,
    inputs: tuple[str | Path, ...] = (),
    **options: Any,
) -> Path:
    """Write :func:`so_den_workbook` to ``out`` (.xlsx) atomically; ``inputs`` are never overwritten."""
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise InputError("tệp xuất sổ phải có đuôi .xlsx", Vitri(tep=str(out)))
    return write_bytes(out, workbook_bytes(so_den_workbook(entries, **options)), inputs=inputs)


__all__ = [
    "COT_SO_DEN", "COT_SO_THEO_DOI", "SO", "so_den_workbook", "tien_do", "write_so_den_xlsx",
]
