"""The báo cáo tình hình giải quyết văn bản đến: the generated tables of its ``.md`` source (slots, as
in the progress báo cáo, :mod:`vbhc.writers.bao_cao`) and its XLSX summary (the progress summary's
template and writer helpers, :mod:`vbhc.writers.report_xlsx`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook

from vbhc.files import write_bytes
from vbhc.model import Doan, Run
from vbhc.report.den import FiguresDen, bang_qua_han, bang_tong_hop
from vbhc.report.tables import BangBaoCao
from vbhc.text import vi
from vbhc.writers.bao_cao import _doan
from vbhc.writers.report_xlsx import SHEET_QUA_HAN, SHEET_TONG_HOP, _Style, _table, _title, load_look
from vbhc.writers.sheet import workbook_bytes

#: The slots a báo cáo văn bản đến source may use, with what they hold.
SLOTS = {
    "bang_van_ban_den": "bảng tình hình giải quyết văn bản đến theo đơn vị (có dòng Tổng cộng)",
    "van_ban_den_qua_han": "bảng các văn bản đến quá hạn, chưa giải quyết (hoặc một câu khi không có)",
}
#: Column widths (characters) of the two sheets of the XLSX summary.
WIDTHS = {SHEET_TONG_HOP: [5, 34, 10, 12, 12, 12, 12, 12], SHEET_QUA_HAN: [10, 60, 26, 14, 12]}


def van_ban_den_qua_han(figures: FiguresDen) -> list[Doan]:
    """The overdue documents as a table, or one sentence when there are none."""
    if not figures.qua_han:
        text = f"Đến ngày {vi.ngay_ngan(figures.as_of)}, không có văn bản đến quá hạn giải quyết."
        return [Doan(runs=[Run(text=text)])]
    return [_doan(bang_qua_han(figures))]


def slots(figures: FiguresDen) -> dict[str, list[Doan]]:
    """Every generated part, by slot name (:data:`SLOTS`)."""
    return {"bang_van_ban_den": [_doan(bang_tong_hop(figures))],
            "van_ban_den_qua_han": van_ban_den_qua_han(figures)}


def _sheet(ws: Any, style: _Style, title: str, figures: FiguresDen, table: BangBaoCao) -> None:
    period = f"(Từ ngày {vi.ngay_ngan(figures.tu_ngay)} " if figures.tu_ngay else "("
    period += f"đến ngày {vi.ngay_ngan(figures.den_ngay)}; tính đến ngày {vi.ngay_ngan(figures.as_of)})"
    lines = [(vi.upper(title), style.title), (period, style.italic)]
    top = _title(ws, style, lines, len(table.cot))
    _table(ws, style, top, table.tieu_de, table.dong, WIDTHS[ws.title], centred=set(table.can_giua),
           bold_rows=table.dong_dam, formats=table.dinh_dang)
    style.setup(ws, top)


def bao_cao_den_workbook(figures: FiguresDen, *, template: str | Path | None = None) -> Workbook:
    """Sheet «Tổng hợp» (counts by đơn vị) and sheet «Quá hạn» (the overdue documents)."""
    look = load_look(template)
    workbook = Workbook()
    look.default_font(workbook, "o_trai")
    style = _Style(look)
    summary = workbook.active
    summary.title = SHEET_TONG_HOP
    _sheet(summary, style, "Tình hình giải quyết văn bản đến", figures, bang_tong_hop(figures))
    late = bang_qua_han(figures)
    if not late.dong:
        late.dong = [["", "Không có văn bản đến quá hạn", "", None, None]]
    _sheet(workbook.create_sheet(SHEET_QUA_HAN), style, "Văn bản đến quá hạn, chưa giải quyết", figures, late)
    return workbook


def write_bao_cao_den_xlsx(
    figures: FiguresDen,
    out: str | Path,
    *,
    inputs: tuple[str | Path, ...] = (),
    template: str | Path | None = None,
) -> Path:
    """Write :func:`bao_cao_den_workbook` to ``out`` atomically (never over one of ``inputs``)."""
    return write_bytes(out, workbook_bytes(bao_cao_den_workbook(figures, template=template)), inputs=inputs)


__all__ = [
    "SLOTS", "WIDTHS", "bao_cao_den_workbook", "slots", "van_ban_den_qua_han", "write_bao_cao_den_xlsx",
]
