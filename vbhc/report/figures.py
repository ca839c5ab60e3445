"""Progress figures of a task table as of a date: pure functions, no I/O.

``figures(bang, as_of)`` classifies every task (:data:`TRANG_THAI`), counts them overall and per lead
body (cơ quan chủ trì), evaluates the indicators of the optional «Chỉ tiêu» sheet, and collects
warnings that name the task's row. ``Figures.to_json()`` is the machine-readable form (schema in
``docs/bao-cao.md``); ``Figures.context()`` the variables a báo cáo source uses in its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Literal

from vbhc.errors import Vitri, Warnings
from vbhc.model import Bang, NhiemVu
from vbhc.report.deadlines import ThoiHan, fold, parse
from vbhc.text import vi

TrangThai = Literal[
    "hoan_thanh_dung_han", "hoan_thanh_tre_han", "dang_thuc_hien", "chua_thuc_hien", "qua_han", "thuong_xuyen"
]

#: Every status, in report order, with the words printed for it.
TRANG_THAI: dict[str, str] = {
    "hoan_thanh_dung_han": "Hoàn thành đúng hạn",
    "hoan_thanh_tre_han": "Hoàn thành chậm so với thời hạn",
    "dang_thuc_hien": "Đang thực hiện, chưa đến hạn",
    "chua_thuc_hien": "Chưa thực hiện, chưa đến hạn",
    "qua_han": "Quá hạn, chưa hoàn thành",
    "thuong_xuyen": "Thực hiện thường xuyên, định kỳ",
}
#: Short labels (table headers, chart legend).
NHAN_NGAN: dict[str, str] = {
    "hoan_thanh_dung_han": "Đúng hạn",
    "hoan_thanh_tre_han": "Chậm hạn",
    "dang_thuc_hien": "Đang thực hiện",
    "chua_thuc_hien": "Chưa thực hiện",
    "qua_han": "Quá hạn",
    "thuong_xuyen": "Thường xuyên",
}

#: Reported progress (folded) → normalised progress. Matched as a prefix, longest first.
_TIEN_DO: dict[str, str] = {
    "hoan thanh": "hoan_thanh",
    "da hoan thanh": "hoan_thanh",
    "hoan thanh dung han": "hoan_thanh",
    "hoan thanh cham": "hoan_thanh",
    "hoan thanh tre": "hoan_thanh",
    "hoan thanh qua han": "hoan_thanh",
    "da xong": "hoan_thanh",
    "xong": "hoan_thanh",
    "da thuc hien": "hoan_thanh",
    "da ban hanh": "hoan_thanh",
    "dat": "hoan_thanh",
    "dang thuc hien": "dang_thuc_hien",
    "dang trien khai": "dang_thuc_hien",
    "dang lam": "dang_thuc_hien",
    "dang xay dung": "dang_thuc_hien",
    "dang hoan thien": "dang_thuc_hien",
    "chua hoan thanh": "dang_thuc_hien",
    "thuong xuyen": "dang_thuc_hien",
    "qua han": "dang_thuc_hien",
    "cham tien do": "dang_thuc_hien",
    "chua thuc hien": "chua_thuc_hien",
    "chua trien khai": "chua_thuc_hien",
    "chua lam": "chua_thuc_hien",
    "chua bat dau": "chua_thuc_hien",
    "khong thuc hien": "khong_thuc_hien",
    "khong hoan thanh": "khong_thuc_hien",
    "dung thuc hien": "khong_thuc_hien",
    "tam dung": "khong_thuc_hien",
    "huy": "khong_thuc_hien",
}
_TIEN_DO_KEYS = sorted(_TIEN_DO, key=len, reverse=True)
_PERCENT = re.compile(r"^(\d{1,3}(?:[.,]\d+)?)\s*%$")

#: The label of tasks without a lead body.
KHONG_CHU_TRI = "(Chưa xác định cơ quan chủ trì)"


@lru_cache(maxsize=1024)
def chuan_tien_do(text: str) -> str | None:
    """Normalise a reported progress cell: ``hoan_thanh``, ``dang_thuc_hien``, ``chua_thuc_hien``,
    ``khong_thuc_hien``; ``""`` for an empty cell; None when the words are not recognised."""
    key = fold(text).strip(" .;:-")
    if not key:
        return ""
    match = _PERCENT.match(key)
    if match:
        value = float(match[1].replace(",", "."))
        return "hoan_thanh" if value >= 100 else ("chua_thuc_hien" if value == 0 else "dang_thuc_hien")
    for known in _TIEN_DO_KEYS:
        if key == known or key.startswith(known + " ") or key.startswith(known + ","):
            return _TIEN_DO[known]
    return None


@dataclass(frozen=True)
class KetQua:
    """One task's status as of the report date."""

    ma: str
    """A stable id: group number and row number, ``II.3`` (``3`` when ungrouped)."""
    nhiem_vu: NhiemVu
    nhom: str
    """The group's title (``Cải cách thủ tục hành chính``), empty when ungrouped."""
    thoi_han: ThoiHan
    trang_thai: str
    """One of :data:`TRANG_THAI`."""
    chu_tri: str
    """The lead body, spaces normalised (the grouping key)."""

    @property
    def hoan_thanh(self) -> bool:
        return self.trang_thai in ("hoan_thanh_dung_han", "hoan_thanh_tre_han")

    @property
    def nhan(self) -> str:
        """The printed status."""
        return TRANG_THAI[self.trang_thai]


@dataclass
class ThongKe:
    """Counts per status of a set of tasks."""

    so_luong: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TRANG_THAI, 0))

    @property
    def tong_so(self) -> int:
        return sum(self.so_luong.values())

    @property
    def so_hoan_thanh(self) -> int:
        return self.so_luong["hoan_thanh_dung_han"] + self.so_luong["hoan_thanh_tre_han"]

    def ty_le(self, count: int) -> float:
        """``count`` as a share of all tasks (0 when there are none)."""
        return count / self.tong_so if self.tong_so else 0.0

    @property
    def ty_le_hoan_thanh(self) -> float:
        return self.ty_le(self.so_hoan_thanh)

    def add(self, trang_thai: str) -> None:
        self.so_luong[trang_thai] += 1


@dataclass(frozen=True)
class ChiTieu:
    """An indicator of the plan as read from the «Chỉ tiêu» sheet."""

    ten: str
    muc_tieu: str
    """The target as written: ``≥ 98%``, ``100%``, ``Tối thiểu 90%``."""
    thuc_hien: float | None
    """The actual value (a percentage as 98.7, not 0.987), None when not reported yet."""
    don_vi: str = ""
    vitri: Vitri | None = None
    thuc_hien_text: str = ""
    """The actual value as written, when it was text."""


@dataclass(frozen=True)
class KetQuaChiTieu:
    """An indicator evaluated: ``dat`` True (met), False (not met) or None (cannot be evaluated)."""

    chi_tieu: ChiTieu
    phep_so_sanh: str | None
    """``>=``, ``>``, ``<=``, ``<`` or ``=``."""
    nguong: float | None
    dat: bool | None

    @property
    def nhan(self) -> str:
        return {True: "Đạt", False: "Chưa đạt", None: "Chưa đánh giá"}[self.dat]


_TARGET = re.compile(
    r"^(?P<op>>=|=>|≥|>|<=|=<|≤|<|=|tu|toi thieu|it nhat|khong duoi|khong thap hon|dat tu|dat toi thieu|dat|"
    r"toi da|khong qua|khong vuot qua|duoi|tren)?\s*(?P<num>\d+(?:[.,]\d+)?)\s*(?P<unit>%|[^\d\s].*)?$"
)
_OPS = {
    ">=": ">=", "=>": ">=", "≥": ">=", "tu": ">=", "toi thieu": ">=", "it nhat": ">=", "khong duoi": ">=",
    "khong thap hon": ">=", "dat tu": ">=", "dat toi thieu": ">=", ">": ">", "tren": ">",
    "<=": "<=", "=<": "<=", "≤": "<=", "toi da": "<=", "khong qua": "<=", "khong vuot qua": "<=",
    "<": "<", "duoi": "<", "=": "=", "dat": ">=",
}  # fmt: skip


def phan_tich_muc_tieu(text: str) -> tuple[str, float] | None:
    """``"≥ 98%"`` → ``(">=", 98.0)``; a bare ``"100%"`` means at least 100. None when not understood."""
    key = re.sub(r"\btro len\b", "", fold(text)).strip()
    match = _TARGET.match(key)
    if not match:
        return None
    op = _OPS.get(match["op"] or "", ">=")
    return op, float(match["num"].replace(",", "."))


def danh_gia_chi_tieu(chi_tieu: ChiTieu) -> KetQuaChiTieu:
    """Compare an indicator's actual value with its target."""
    parsed = phan_tich_muc_tieu(chi_tieu.muc_tieu)
    if parsed is None or chi_tieu.thuc_hien is None:
        return KetQuaChiTieu(chi_tieu, parsed[0] if parsed else None, parsed[1] if parsed else None, None)
    op, threshold = parsed
    value = chi_tieu.thuc_hien
    met = {
        ">=": value >= threshold - 1e-9,
        ">": value > threshold,
        "<=": value <= threshold + 1e-9,
        "<": value < threshold,
        "=": abs(value - threshold) < 1e-9,
    }[op]
    return KetQuaChiTieu(chi_tieu, op, threshold, met)


def _vitri(task: NhiemVu, cot: str) -> Vitri:
    return Vitri(tep=task.vitri, truong=cot)


def trang_thai(
    task: NhiemVu, thoi_han: ThoiHan, as_of: date, *, nam: int, warnings: Warnings | None = None
) -> str:
    """The status of one task as of ``as_of`` (see :data:`TRANG_THAI`).

    A task counts as done when its progress says so (or only a completion date is given) and the
    completion date is not after ``as_of``; done on time when finished on or before the due date
    (a task without a due date is never late nor overdue). Recurring tasks are ``thuong_xuyen``.
    """
    warnings = warnings if warnings is not None else Warnings()
    tien_do = chuan_tien_do(task.tien_do)
    if tien_do is None:
        warnings.add(
            f"không nhận ra tiến độ «{task.tien_do}» của nhiệm vụ «{_ngan(task.noi_dung)}»; coi là chưa hoàn "
            "thành (dùng: Hoàn thành, Đang thực hiện, Chưa thực hiện, Không thực hiện)",
            _vitri(task, "Tiến độ"),
        )
    done_on = task.ngay_hoan_thanh
    if done_on is not None:
        if done_on.year < nam:
            warnings.add(
                f"ngày hoàn thành {vi.ngay_ngan(done_on)} trước năm kế hoạch {nam}; kiểm tra lại ngày",
                _vitri(task, "Ngày hoàn thành"),
            )
        if done_on > as_of:
            warnings.add(
                f"ngày hoàn thành {vi.ngay_ngan(done_on)} sau ngày báo cáo {vi.ngay_ngan(as_of)}; "
                "nhiệm vụ được tính là chưa hoàn thành tại ngày báo cáo",
                _vitri(task, "Ngày hoàn thành"),
            )
        if tien_do in ("chua_thuc_hien", "khong_thuc_hien", "dang_thuc_hien"):
            warnings.add(
                f"có ngày hoàn thành {vi.ngay_ngan(done_on)} nhưng tiến độ ghi «{task.tien_do}»; "
                "tính theo tiến độ",
                _vitri(task, "Tiến độ"),
            )
    done = (tien_do == "hoan_thanh" or (tien_do == "" and done_on is not None)) and (
        done_on is None or done_on <= as_of
    )
    if thoi_han.lap_lai:
        return "thuong_xuyen"
    due = thoi_han.han
    if done:
        if due is not None and done_on is not None and done_on > due:
            return "hoan_thanh_tre_han"
        return "hoan_thanh_dung_han"
    if due is not None and due < as_of:
        return "qua_han"
    if tien_do == "dang_thuc_hien" or (tien_do == "hoan_thanh" and done_on is not None):
        return "dang_thuc_hien"
    return "chua_thuc_hien"


def _ngan(text: str, size: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def _key(name: str) -> str:
    return fold(name)


@dataclass
class Figures:
    """The figures of a report: every task's status, counts overall and per lead body, indicators."""

    as_of: date
    nam: int
    ket_qua: list[KetQua]
    tong: ThongKe
    theo_chu_tri: dict[str, ThongKe]
    chi_tieu: list[KetQuaChiTieu] = field(default_factory=list)
    warnings: Warnings = field(default_factory=Warnings)

    @property
    def qua_han(self) -> list[KetQua]:
        """Overdue tasks, in table order."""
        return [k for k in self.ket_qua if k.trang_thai == "qua_han"]

    def to_json(self) -> dict[str, Any]:
        """The figures as plain JSON data (schema ``vbhc.bao_cao/1``, documented in docs/bao-cao.md)."""

        def counts(stats: ThongKe) -> dict[str, Any]:
            return {
                "tong_so": stats.tong_so,
                "hoan_thanh": stats.so_hoan_thanh,
                "so_luong": dict(stats.so_luong),
                "ty_le": {
                    "hoan_thanh": round(stats.ty_le_hoan_thanh, 4),
                    **{k: round(stats.ty_le(v), 4) for k, v in stats.so_luong.items()},
                },
            }

        def task(k: KetQua) -> dict[str, Any]:
            return {
                "ma": k.ma,
                "noi_dung": k.nhiem_vu.noi_dung,
                "chu_tri": k.chu_tri,
                "thoi_gian": k.thoi_han.text,
                "han": k.thoi_han.han.isoformat() if k.thoi_han.han else None,
                "ngay_hoan_thanh": (
                    k.nhiem_vu.ngay_hoan_thanh.isoformat() if k.nhiem_vu.ngay_hoan_thanh else None
                ),
                "trang_thai": k.trang_thai,
            }

        return {
            "schema": "vbhc.bao_cao/1",
            "ngay_bao_cao": self.as_of.isoformat(),
            "nam": self.nam,
            **counts(self.tong),
            "theo_chu_tri": [{"chu_tri": name, **counts(stats)} for name, stats in self.theo_chu_tri.items()],
            "qua_han": [k.ma for k in self.qua_han],
            "nhiem_vu": [task(k) for k in self.ket_qua],
            "chi_tieu": [
                {
                    "ten": c.chi_tieu.ten,
                    "muc_tieu": c.chi_tieu.muc_tieu,
                    "thuc_hien": c.chi_tieu.thuc_hien,
                    "don_vi": c.chi_tieu.don_vi,
                    "dat": c.dat,
                }
                for c in self.chi_tieu
            ],
            "canh_bao": [str(w) for w in self.warnings],
        }

    def context(self) -> dict[str, Any]:
        """Template variables (documented in docs/bao-cao.md); numbers print in Vietnamese form."""
        tong = self.tong
        ctx: dict[str, Any] = {
            "ngay_bao_cao": vi.ngay_ngan(self.as_of),
            "ngay_bao_cao_day_du": vi.ngay_thang_nam(self.as_of),
            "nam_ke_hoach": self.nam,
            "tong_so": So(tong.tong_so),
            "so_hoan_thanh": So(tong.so_hoan_thanh),
            "ty_le_hoan_thanh": vi.phan_tram(tong.ty_le_hoan_thanh),
            "so_chua_hoan_thanh": So(tong.tong_so - tong.so_hoan_thanh - tong.so_luong["thuong_xuyen"]),
            "so_co_thoi_han": So(tong.tong_so - tong.so_luong["thuong_xuyen"]),
        }
        with_deadline = tong.tong_so - tong.so_luong["thuong_xuyen"]
        ctx["ty_le_hoan_thanh_co_thoi_han"] = vi.phan_tram(
            tong.so_hoan_thanh / with_deadline if with_deadline else 0.0
        )
        short = {
            "hoan_thanh_dung_han": "dung_han",
            "hoan_thanh_tre_han": "tre_han",
            "dang_thuc_hien": "dang_thuc_hien",
            "chua_thuc_hien": "chua_thuc_hien",
            "qua_han": "qua_han",
            "thuong_xuyen": "thuong_xuyen",
        }
        for status, name in short.items():
            ctx[f"so_{name}"] = So(tong.so_luong[status])
            ctx[f"ty_le_{name}"] = vi.phan_tram(tong.ty_le(tong.so_luong[status]))
        ctx["theo_chu_tri"] = [
            {
                "ten": name,
                "tong_so": So(stats.tong_so),
                "so_hoan_thanh": So(stats.so_hoan_thanh),
                "so_qua_han": So(stats.so_luong["qua_han"]),
                "ty_le_hoan_thanh": vi.phan_tram(stats.ty_le_hoan_thanh),
            }
            for name, stats in self.theo_chu_tri.items()
        ]
        ctx["qua_han"] = [
            {"ma": k.ma, "noi_dung": k.nhiem_vu.noi_dung, "chu_tri": k.chu_tri, "thoi_gian": k.thoi_han.text}
            for k in self.qua_han
        ]
        ctx["chi_tieu"] = [
            {
                "ten": c.chi_tieu.ten,
                "muc_tieu": c.chi_tieu.muc_tieu,
                "thuc_hien": dinh_dang_gia_tri(c.chi_tieu),
                "dat": c.dat,
                "danh_gia": c.nhan,
            }
            for c in self.chi_tieu
        ]
        ctx["so_chi_tieu"] = So(len(self.chi_tieu))
        ctx["so_chi_tieu_dat"] = So(sum(1 for c in self.chi_tieu if c.dat))
        ctx["so_chi_tieu_chua_dat"] = So(sum(1 for c in self.chi_tieu if c.dat is False))
        return ctx


class So(int):
    """An integer that prints in Vietnamese form (``1.234``) yet still compares and adds as a number."""

    def __str__(self) -> str:
        return vi.so_tu_nhien(int(self))

    __repr__ = int.__repr__


def dinh_dang_gia_tri(chi_tieu: ChiTieu) -> str:
    """An indicator's actual value as printed: ``98,7%``, ``1.250 hồ sơ``; its text when not a number."""
    if chi_tieu.thuc_hien is None:
        return chi_tieu.thuc_hien_text
    number = vi.so_tu_nhien(chi_tieu.thuc_hien, 2)
    unit = chi_tieu.don_vi.strip()
    if unit == "%":
        return number + "%"
    return f"{number} {unit}".strip()


def figures(
    bang: Bang,
    as_of: date,
    chi_tieu: list[ChiTieu] | None = None,
    *,
    nam: int | None = None,
    warnings: Warnings | None = None,
) -> Figures:
    """Classify every task of ``bang`` as of ``as_of`` and count; ``nam`` (the plan year, default the
    year of ``as_of``) completes deadlines written without a year."""
    nam = nam or as_of.year
    warnings = warnings if warnings is not None else Warnings()
    tong = ThongKe()
    per_body: dict[str, ThongKe] = {}
    names: dict[str, str] = {}
    results: list[KetQua] = []
    for group_index, group in enumerate(bang.nhom, start=1):
        for row_index, task in enumerate(group.nhiem_vu, start=1):
            thoi_han = parse(task.thoi_gian, nam=nam)
            if not thoi_han.ro:
                warnings.add(
                    f"không hiểu thời hạn «{thoi_han.text}»; nhiệm vụ được coi là không có thời hạn "
                    "(ví dụ hợp lệ: Trước ngày 15/01/2026, Tháng 02/2026, Quý I/2026, Hằng tháng)",
                    _vitri(task, "Thời gian"),
                )
            status = trang_thai(task, thoi_han, as_of, nam=nam, warnings=warnings)
            body = " ".join(task.chu_tri.split()) or KHONG_CHU_TRI
            body = names.setdefault(_key(body), body)
            number = task.stt or str(row_index)
            group_no = group.so.rstrip(".") if group.so else (vi.roman(group_index) if group.ten else "")
            ma = f"{group_no}.{number}" if group_no else number
            results.append(KetQua(ma, task, group.ten, thoi_han, status, body))
            tong.add(status)
            per_body.setdefault(body, ThongKe()).add(status)
    evaluated = [danh_gia_chi_tieu(c) for c in chi_tieu or []]
    for item in evaluated:
        if item.phep_so_sanh is None:
            warnings.add(
                f"không hiểu mục tiêu «{item.chi_tieu.muc_tieu}» của chỉ tiêu «{_ngan(item.chi_tieu.ten)}» "
                "(ví dụ hợp lệ: ≥ 98%, 100%, Tối thiểu 90%)",
                item.chi_tieu.vitri,
            )
    return Figures(as_of, nam, results, tong, per_body, evaluated, warnings)
