"""The progress report's tables, built once from the figures; the DOCX and XLSX writers render them.

A table holds typed values (counts as ``int``, shares as ``float`` in a ``0.0%`` column, dates as
``date``): the XLSX writer keeps them as numbers a clerk can calculate with, the DOCX writer writes
them in Vietnamese (:func:`van_ban`). Headers, centred columns, bold rows and number formats live
here, so the two outputs cannot drift apart (the XLSX column widths are its template's).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from vbhc.report.figures import NHAN_NGAN, TRANG_THAI, Figures, ThongKe, dinh_dang_gia_tri
from vbhc.text import vi

#: Colours per status, for the bars of both charts (they print well in grey too).
MAU = {
    "hoan_thanh_dung_han": "2E7D32",
    "hoan_thanh_tre_han": "9CCC65",
    "dang_thuc_hien": "1565C0",
    "chua_thuc_hien": "90A4AE",
    "qua_han": "C62828",
    "thuong_xuyen": "F9A825",
}
#: The progress of an overdue task whose row says nothing.
CHUA_THUC_HIEN = "Chưa thực hiện"
PERCENT = "0.0%"
DATE = "dd/mm/yyyy"


@dataclass(frozen=True)
class CotBang:
    """One column: header, centred or not, number format (XLSX)."""

    tieu_de: str
    can_giua: bool = False
    dinh_dang: str | None = None


@dataclass
class BangBaoCao:
    """One table of the report: columns, rows of typed values, bold rows (by index)."""

    cot: list[CotBang]
    dong: list[list[Any]] = field(default_factory=list)
    dong_dam: set[int] = field(default_factory=set)

    @property
    def tieu_de(self) -> list[str]:
        return [c.tieu_de for c in self.cot]

    @property
    def can_giua(self) -> list[int]:
        return [i for i, c in enumerate(self.cot) if c.can_giua]

    @property
    def dinh_dang(self) -> dict[int, str]:
        return {i: c.dinh_dang for i, c in enumerate(self.cot) if c.dinh_dang}


def van_ban(value: Any, column: CotBang) -> str:
    """A cell as the DOCX writes it: counts and shares in Vietnamese, dates as dd/mm/yyyy."""
    if value is None:
        return ""
    if column.dinh_dang == PERCENT:
        return vi.phan_tram(value)
    if isinstance(value, date):
        return vi.ngay_ngan(value)
    if isinstance(value, int):
        return vi.so_tu_nhien(value)
    return str(value)


def _tong_hop(figures: Figures, cot: list[CotBang], counts: Any) -> BangBaoCao:
    rows = [
        [index, name, *counts(stats)]
        for index, (name, stats) in enumerate(figures.theo_chu_tri.items(), start=1)
    ]
    rows.append(["", "Tổng cộng", *counts(figures.tong)])
    return BangBaoCao(cot, rows, {len(rows) - 1})


def tong_hop(figures: Figures) -> BangBaoCao:
    """The summary by lead body with every status in its own column and a bold «Tổng cộng» row
    (the XLSX, whose chart reads the status columns)."""
    statuses = list(TRANG_THAI)
    cot = [
        CotBang("TT", True), CotBang("Cơ quan chủ trì"), CotBang("Tổng số", True),
        *(CotBang(NHAN_NGAN[s], True) for s in statuses),
        CotBang("Tỷ lệ hoàn thành", True, PERCENT),
    ]  # fmt: skip

    def counts(stats: ThongKe) -> list[Any]:
        return [stats.tong_so, *(stats.so_luong[s] for s in statuses), stats.ty_le_hoan_thanh]

    return _tong_hop(figures, cot, counts)


def tong_hop_gon(figures: Figures) -> BangBaoCao:
    """The same summary fitted to a portrait page (the DOCX): done (with the late ones among them),
    not yet due (in progress or not started), overdue, recurring, share done."""
    cot = [
        CotBang("TT", True), CotBang("Cơ quan chủ trì"),
        *(CotBang(name, True) for name in (
            "Tổng số", "Hoàn thành", "Trong đó chậm hạn", "Chưa đến hạn", "Quá hạn", "Thường xuyên",
        )),
        CotBang("Tỷ lệ hoàn thành", True, PERCENT),
    ]  # fmt: skip

    def counts(stats: ThongKe) -> list[Any]:
        n = stats.so_luong
        return [
            stats.tong_so, stats.so_hoan_thanh, n["hoan_thanh_tre_han"],
            n["dang_thuc_hien"] + n["chua_thuc_hien"], n["qua_han"], n["thuong_xuyen"],
            stats.ty_le_hoan_thanh,
        ]  # fmt: skip

    return _tong_hop(figures, cot, counts)


def qua_han(figures: Figures) -> BangBaoCao:
    """The overdue tasks (no rows when there are none); an empty progress reads «Chưa thực hiện»."""
    cot = [
        CotBang("TT", True), CotBang("Nhiệm vụ"), CotBang("Cơ quan chủ trì"),
        CotBang("Thời hạn", True), CotBang("Tiến độ"), CotBang("Ghi chú"),
    ]  # fmt: skip
    rows = [
        [k.ma, k.nhiem_vu.noi_dung, k.chu_tri, k.thoi_han.text, k.nhiem_vu.tien_do or CHUA_THUC_HIEN,
         k.nhiem_vu.ket_qua]
        for k in figures.qua_han
    ]  # fmt: skip
    return BangBaoCao(cot, rows)


def chi_tieu(figures: Figures) -> BangBaoCao:
    """The indicators: target, actual value as a number (a share in a ``0.0%`` cell), unit, Đạt/Chưa
    đạt (the XLSX)."""
    rows: list[list[Any]] = []
    percent = False
    for index, item in enumerate(figures.chi_tieu, start=1):
        c = item.chi_tieu
        value: Any = c.thuc_hien_text if c.thuc_hien is None else c.thuc_hien
        if c.thuc_hien is not None and c.don_vi.strip() == "%":
            value, percent = c.thuc_hien / 100, True
        rows.append([index, c.ten, c.muc_tieu, value, c.don_vi, item.nhan])
    cot = [
        CotBang("TT", True), CotBang("Chỉ tiêu"), CotBang("Mục tiêu", True),
        CotBang("Thực hiện", True, PERCENT if percent else None), CotBang("Đơn vị tính", True),
        CotBang("Đánh giá", True),
    ]  # fmt: skip
    return BangBaoCao(cot, rows)


def chi_tieu_gon(figures: Figures) -> BangBaoCao:
    """The indicators with the actual value written with its unit (the DOCX)."""
    cot = [
        CotBang("TT", True), CotBang("Chỉ tiêu"), CotBang("Mục tiêu", True),
        CotBang("Thực hiện", True), CotBang("Đánh giá", True),
    ]  # fmt: skip
    rows = [
        [i, c.chi_tieu.ten, c.chi_tieu.muc_tieu, dinh_dang_gia_tri(c.chi_tieu), c.nhan]
        for i, c in enumerate(figures.chi_tieu, start=1)
    ]
    return BangBaoCao(cot, rows)


def chi_tiet(figures: Figures) -> BangBaoCao:
    """Every task with its deadline, completion date, reported progress and status."""
    cot = [
        CotBang("TT", True), CotBang("Nội dung công việc"), CotBang("Cơ quan chủ trì"),
        CotBang("Thời gian thực hiện/hoàn thành", True), CotBang("Ngày hoàn thành", True, DATE),
        CotBang("Tiến độ (báo cáo)"), CotBang("Tình trạng"), CotBang("Kết quả"),
    ]  # fmt: skip
    rows = [
        [k.ma, k.nhiem_vu.noi_dung, k.chu_tri, k.thoi_han.text, k.nhiem_vu.ngay_hoan_thanh,
         k.nhiem_vu.tien_do, k.nhan, k.nhiem_vu.ket_qua]
        for k in figures.ket_qua
    ]  # fmt: skip
    return BangBaoCao(cot, rows)


__all__ = [
    "CHUA_THUC_HIEN", "DATE", "MAU", "PERCENT", "BangBaoCao", "CotBang", "chi_tiet", "chi_tieu",
    "chi_tieu_gon", "qua_han", "tong_hop", "tong_hop_gon", "van_ban",
]
