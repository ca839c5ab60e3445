"""The figures of a báo cáo tình hình giải quyết văn bản đến, from the sổ đến as of a day.

Each document received in the period (ngày đến from ``tu_ngay`` to ``den_ngay``, and not after
``as_of``) is counted once for its đơn vị (the unit or person it went to), in one of four states as of
``as_of``: dealt with on time (by its hạn giải quyết, or it had none), dealt with late, in progress
(not yet due), overdue. The tables (:func:`bang_tong_hop`, :func:`bang_qua_han`) are the progress
report's :class:`~vbhc.report.tables.BangBaoCao`, so that the DOCX and XLSX writers show the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from vbhc.report.figures import So
from vbhc.report.tables import DATE, PERCENT, BangBaoCao, CotBang
from vbhc.text import vi

if TYPE_CHECKING:  # pragma: no cover
    from vbhc.register.entry_den import VanBanDen

#: The four states, in the order of the table, with their column headers.
TINH_TRANG_DEN = {
    "dung_han": "Đã giải quyết đúng hạn",
    "tre_han": "Đã giải quyết trễ hạn",
    "dang_giai_quyet": "Đang giải quyết (trong hạn)",
    "qua_han": "Quá hạn, chưa giải quyết",
}
#: The đơn vị of a document not yet given to anyone.
CHUA_GIAO = "Chưa giao đơn vị"


def tinh_trang(entry: VanBanDen, as_of: date) -> str:
    """The state of ``entry`` on ``as_of`` (a key of :data:`TINH_TRANG_DEN`)."""
    if entry.giai_quyet_truoc(as_of):
        assert entry.ngay_giai_quyet is not None
        han = entry.han_giai_quyet
        return "tre_han" if han is not None and entry.ngay_giai_quyet > han else "dung_han"
    return "qua_han" if entry.qua_han(as_of) else "dang_giai_quyet"


@dataclass
class ThongKeDen:
    """The counts of one đơn vị (or of all)."""

    so_luong: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TINH_TRANG_DEN, 0))

    @property
    def tong_so(self) -> int:
        return sum(self.so_luong.values())

    @property
    def da_giai_quyet(self) -> int:
        return self.so_luong["dung_han"] + self.so_luong["tre_han"]

    @property
    def ty_le_dung_han(self) -> float:
        """Share of the documents dealt with that were on time (0 when none was dealt with)."""
        return self.so_luong["dung_han"] / self.da_giai_quyet if self.da_giai_quyet else 0.0


@dataclass
class FiguresDen:
    """The figures of the báo cáo: per đơn vị, in total, and the overdue documents."""

    as_of: date
    tu_ngay: date | None
    den_ngay: date
    theo_don_vi: dict[str, ThongKeDen]
    tong: ThongKeDen
    qua_han: list[VanBanDen]

    def context(self) -> dict[str, Any]:
        """Template variables of the báo cáo source (documented in docs/van-ban-den.md)."""
        tong = self.tong
        ctx: dict[str, Any] = {
            "ngay_bao_cao": vi.ngay_ngan(self.as_of),
            "ngay_bao_cao_day_du": vi.ngay_thang_nam(self.as_of),
            "tu_ngay": vi.ngay_ngan(self.tu_ngay) if self.tu_ngay else "",
            "den_ngay": vi.ngay_ngan(self.den_ngay),
            "tong_so": So(tong.tong_so),
            "so_da_giai_quyet": So(tong.da_giai_quyet),
            "ty_le_dung_han": vi.phan_tram(tong.ty_le_dung_han),
            "so_don_vi": So(len([name for name in self.theo_don_vi if name != CHUA_GIAO])),
        }
        for key in TINH_TRANG_DEN:
            ctx[f"so_{key}"] = So(tong.so_luong[key])
        ctx["theo_don_vi"] = [
            {"ten": name, "tong_so": So(stats.tong_so), **{key: So(n) for key, n in stats.so_luong.items()}}
            for name, stats in self.theo_don_vi.items()
        ]
        return ctx


def figures_den(
    entries: Iterable[VanBanDen], as_of: date, *, tu_ngay: date | None = None, den_ngay: date | None = None
) -> FiguresDen:
    """The figures of the documents received from ``tu_ngay`` to ``den_ngay`` (default: ``as_of``),
    in their state on ``as_of``; đơn vị in the order of their first document."""
    den_ngay = min(den_ngay or as_of, as_of)
    by_unit: dict[str, ThongKeDen] = {}
    tong = ThongKeDen()
    late: list[VanBanDen] = []
    for entry in sorted(entries, key=lambda e: (e.ngay_den, e.nam, e.so_den)):
        if entry.ngay_den > den_ngay or (tu_ngay is not None and entry.ngay_den < tu_ngay):
            continue
        state = tinh_trang(entry, as_of)
        by_unit.setdefault(entry.don_vi_nhan or CHUA_GIAO, ThongKeDen()).so_luong[state] += 1
        tong.so_luong[state] += 1
        if state == "qua_han":
            late.append(entry)
    late.sort(key=lambda e: (e.han_giai_quyet, e.nam, e.so_den))
    return FiguresDen(as_of, tu_ngay, den_ngay, by_unit, tong, late)


def bang_tong_hop(figures: FiguresDen) -> BangBaoCao:
    """TT, đơn vị, received, the four states, on-time share; a bold «Tổng cộng» row last."""
    cot = [
        CotBang("TT", can_giua=True), CotBang("Đơn vị"), CotBang("Tổng số văn bản đến", can_giua=True),
        *(CotBang(header, can_giua=True) for header in TINH_TRANG_DEN.values()),
        CotBang("Tỷ lệ giải quyết đúng hạn", can_giua=True, dinh_dang=PERCENT),
    ]

    def counts(stats: ThongKeDen) -> list[Any]:
        return [stats.tong_so, *stats.so_luong.values(), stats.ty_le_dung_han]

    units = enumerate(figures.theo_don_vi.items(), start=1)
    rows = [[index, name, *counts(stats)] for index, (name, stats) in units]
    rows.append(["", "Tổng cộng", *counts(figures.tong)])
    return BangBaoCao(cot, rows, {len(rows) - 1})


def bang_qua_han(figures: FiguresDen) -> BangBaoCao:
    """The overdue documents: số đến, the document, đơn vị, hạn, days overdue."""
    cot = [CotBang("Số đến", can_giua=True), CotBang("Văn bản"), CotBang("Đơn vị"),
           CotBang("Hạn giải quyết", can_giua=True, dinh_dang=DATE),
           CotBang("Số ngày quá hạn", can_giua=True)]
    rows = [
        [e.ma, e.ten_van_ban, e.don_vi_nhan or CHUA_GIAO, e.han_giai_quyet,
         (figures.as_of - e.han_giai_quyet).days if e.han_giai_quyet else None]
        for e in figures.qua_han
    ]
    return BangBaoCao(cot, rows)


__all__ = [
    "CHUA_GIAO", "TINH_TRANG_DEN", "FiguresDen", "ThongKeDen", "bang_qua_han", "bang_tong_hop", "figures_den",
    "tinh_trang",
]
