"""The rows of the sổ đăng ký văn bản đến (Phụ lục IV, mục VI) as a clerk reads them.

:class:`VanBanDenMoi` is what a clerk (or :mod:`vbhc.workflows.receive`) hands the register;
:class:`VanBanDen` is the row it keeps, with its số đến, ý kiến and giải quyết. Duplicates (Phụ lục VI,
Phần I, III.h) are found by :func:`khoa_trung`: the same số, ký hiệu and tác giả once normalised.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

from vbhc import nd30
from vbhc.errors import InputError, Vitri
from vbhc.incoming.fields import ChuKyDoc
from vbhc.text import vi

#: Status of giải quyết (:attr:`VanBanDen.trang_thai`) and what a clerk reads.
DANG_GIAI_QUYET, DA_GIAI_QUYET = "dang_giai_quyet", "da_giai_quyet"
TRANG_THAI_DEN = MappingProxyType({DANG_GIAI_QUYET: "đang giải quyết", DA_GIAI_QUYET: "đã giải quyết"})
#: The mark of an entry whose required fields the clerk has not confirmed.
CAN_XEM_LAI = "cần xem lại"
#: Fields an entry must have (Phụ lục IV, mục VI.2: columns 3, 4 and 6): tác giả, số ký hiệu (or a
#: note why there is none), and trích yếu or tên loại.
BAT_BUOC = ("tac_gia", "so_ky_hieu", "trich_yeu", "ten_loai")

_SPACES = re.compile(r"\s+")


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _datetime(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _one_line(text: str) -> str:
    return vi.nfc(" ".join(text.split()))


@dataclass(frozen=True)
class YKien:
    """One ý kiến phân phối or chỉ đạo (TraceHeaderList): who, when, what, and to whom it sends the
    document (``chuyen_cho``), if anyone."""

    nguoi: str
    noi_dung: str
    thoi_gian: datetime | None = None  #: filled with the time of recording when None
    chuyen_cho: str = ""

    def to_dict(self) -> dict[str, Any]:
        stamp = self.thoi_gian.isoformat(timespec="seconds") if self.thoi_gian else None
        return {"nguoi": self.nguoi, "noi_dung": self.noi_dung, "thoi_gian": stamp,
                "chuyen_cho": self.chuyen_cho}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> YKien:
        stamp = _datetime(data.get("thoi_gian"))
        return cls(data["nguoi"], data["noi_dung"], stamp, data.get("chuyen_cho", ""))

    @property
    def dong(self) -> str:
        """One line: ``14/01/2026 09:15 Vũ Trọng Thủy: Giao Văn phòng chủ trì (chuyển: Văn phòng)``."""
        stamp = f"{self.thoi_gian:%d/%m/%Y %H:%M} " if self.thoi_gian else ""
        to = f" (chuyển: {self.chuyen_cho})" if self.chuyen_cho else ""
        return f"{stamp}{self.nguoi}: {self.noi_dung}{to}"


def chu_ky_dict(chu_ky: ChuKyDoc) -> dict[str, Any]:
    return {name: getattr(chu_ky, name) for name in ChuKyDoc.__dataclass_fields__}


@dataclass(frozen=True)
class VanBanDenMoi:
    """An incoming document to register: the columns of the sổ đến and what reading it gave.

    ``can_xem_lai``: the fields the clerk has not confirmed (their columns stay empty); ``de_xuat``:
    the unsure values read, shown to the clerk, never put in the columns.
    """

    ngay_den: date
    tac_gia: str
    so_ky_hieu: str
    ngay_van_ban: date | None
    ten_loai: str
    trich_yeu: str
    don_vi_nhan: str = ""
    han_giai_quyet: date | None = None
    ngay_chuyen: date | None = None
    ky_nhan: str = ""
    ghi_chu: str = ""
    ma_dinh_danh: str | None = None
    do_khan: str | None = None
    nguoi_ky: str = ""
    chuc_vu: str = ""
    so_trang: int | None = None
    tep: str | None = None
    sha256: str | None = None
    cach_doc: str | None = None
    can_xem_lai: tuple[str, ...] = ()
    de_xuat: Mapping[str, str] = field(default_factory=dict)
    chu_ky: tuple[ChuKyDoc, ...] = ()
    co_quan: str = ""  #: the receiving body (chữ viết tắt): số đến runs per body and year


#: The text columns of an entry (normalised to one NFC line on the way in).
COT_CHU = ("tac_gia", "so_ky_hieu", "ten_loai", "trich_yeu", "don_vi_nhan", "ky_nhan", "nguoi_ky", "chuc_vu",
           "co_quan")


@dataclass(frozen=True)
class VanBanDen:
    """One row of the sổ đến: its số đến in the year, the columns, the ý kiến, the giải quyết."""

    id: int
    nam: int
    so_den: int
    ngay_den: date
    tac_gia: str
    so_ky_hieu: str
    ngay_van_ban: date | None
    ten_loai: str
    trich_yeu: str
    don_vi_nhan: str
    han_giai_quyet: date | None
    ngay_chuyen: date | None
    ky_nhan: str
    ghi_chu: str
    ma_dinh_danh: str | None
    do_khan: str | None
    nguoi_ky: str
    chuc_vu: str
    so_trang: int | None
    tep: str | None
    sha256: str | None
    cach_doc: str | None
    can_xem_lai: tuple[str, ...]
    de_xuat: Mapping[str, str]
    chu_ky: tuple[ChuKyDoc, ...]
    co_quan: str
    trang_thai: str
    ngay_giai_quyet: date | None
    so_ky_hieu_tra_loi: str
    y_kien: tuple[YKien, ...]
    sieu_du_lieu: str | None
    nguoi_thuc_hien: str
    created_at: str
    updated_at: str

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> VanBanDen:
        data = dict(row)
        data.pop("khoa_trung")
        for name in ("ngay_den", "ngay_van_ban", "han_giai_quyet", "ngay_chuyen", "ngay_giai_quyet"):
            data[name] = _date(data[name])
        data["can_xem_lai"] = tuple(json.loads(data["can_xem_lai"]))
        data["de_xuat"] = MappingProxyType(json.loads(data["de_xuat"]))
        data["chu_ky"] = tuple(ChuKyDoc(**item) for item in json.loads(data["chu_ky"]))
        data["y_kien"] = tuple(YKien.from_dict(item) for item in json.loads(data["y_kien"]))
        return cls(**data)

    def to_dict(self) -> dict[str, Any]:
        """The entry as JSON values (dates ISO 8601; ý kiến and chữ ký as objects), with ``ma`` and
        ``so_den_hien_thi``; without the stored metadata (its own export)."""
        out: dict[str, Any] = {"ma": self.ma, "so_den_hien_thi": self.so_den_hien_thi}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if name == "sieu_du_lieu":
                continue
            if name == "y_kien":
                value = [item.to_dict() for item in value]
            elif name == "chu_ky":
                value = [chu_ky_dict(item) for item in value]
            elif name == "de_xuat":
                value = dict(value)
            elif isinstance(value, date):
                value = value.isoformat()
            out[name] = list(value) if isinstance(value, tuple) else value
        return out

    @property
    def so_den_hien_thi(self) -> str:
        """The số đến as written in the register: ``01``."""
        return vi.so(self.so_den)

    @property
    def ma(self) -> str:
        """How a command names the entry: ``2026/01``."""
        return f"{self.nam}/{self.so_den_hien_thi}"

    @property
    def da_giai_quyet(self) -> bool:
        return self.trang_thai == DA_GIAI_QUYET

    def qua_han(self, hom_nay: date) -> bool:
        """Whether the hạn giải quyết has passed on ``hom_nay`` with the document not yet dealt with."""
        if self.han_giai_quyet is None or self.han_giai_quyet >= hom_nay:
            return False
        return not self.giai_quyet_truoc(hom_nay)

    def giai_quyet_truoc(self, hom_nay: date) -> bool:
        """Whether the document was dealt with on or before ``hom_nay``."""
        return self.da_giai_quyet and self.ngay_giai_quyet is not None and self.ngay_giai_quyet <= hom_nay

    @property
    def ten_loai_trich_yeu(self) -> str:
        """Column (6): ``Công văn V/v …``, ``Kế hoạch Cải cách hành chính năm 2026``."""
        if self.ten_loai == nd30.LOAI_VAN_BAN["cong_van"].ten and self.trich_yeu:
            return f"{self.ten_loai} {nd30.CONG_VAN_PREFIX}{self.trich_yeu}"
        return " ".join(part for part in (self.ten_loai, self.trich_yeu) if part)

    @property
    def ten_van_ban(self) -> str:
        """The document in one phrase (sổ theo dõi, column 2): ``Công văn số 12/SNV-CCHC ngày 12/01/2026
        của Sở Nội vụ``."""
        parts = [self.ten_loai or "Văn bản"]
        if self.so_ky_hieu:
            parts.append(f"số {self.so_ky_hieu}")
        if self.ngay_van_ban:
            parts.append(f"ngày {vi.ngay_ngan(self.ngay_van_ban)}")
        if self.tac_gia:
            parts.append(f"của {self.tac_gia}")
        return " ".join(parts)

    @property
    def ghi_chu_day_du(self) -> str:
        """Column (10) as printed: the clerk's note, then the fields still to confirm."""
        parts = [self.ghi_chu] if self.ghi_chu else []
        if self.can_xem_lai:
            from vbhc.incoming.fields import TEN_TRUONG

            names = ", ".join(TEN_TRUONG.get(name, name).lower() for name in self.can_xem_lai)
            parts.append(f"{vi.upper(CAN_XEM_LAI[0])}{CAN_XEM_LAI[1:]}: {names}")
        return "; ".join(parts)

    @property
    def trang_thai_hien_thi(self) -> str:
        return TRANG_THAI_DEN[self.trang_thai]


class TrungVanBan(InputError):
    """The document is already in the sổ đến (Phụ lục VI, Phần I, III.h); ``trung`` is that entry."""

    def __init__(self, trung: VanBanDen, ly_do: str, vitri: Vitri | None = None) -> None:
        self.trung = trung
        super().__init__(
            f"văn bản đã đăng ký: trùng {ly_do} với văn bản đến số {trung.so_den_hien_thi} năm {trung.nam}, "
            f"ngày đến {vi.ngay_ngan(trung.ngay_den)} ({trung.so_ky_hieu or 'không số'}, {trung.tac_gia})",
            vitri,
            goi_y="nếu đúng là văn bản khác (hoặc cần đăng ký lại), chạy lại với --force; "
            "vbhc ghi chú việc trùng",
        )


def tach_so_ky_hieu(so_ky_hieu: str) -> tuple[str, str]:
    """``05/KH-UBND`` → (``05``, ``KH-UBND``): CodeNumber and CodeNotation; (``""``, text) without a
    number before the first ``/``."""
    text = _SPACES.sub("", vi.nfc(so_ky_hieu)).removeprefix("Số:").removeprefix("số:")
    so, slash, ky_hieu = text.partition("/")
    if slash and so.isdigit():
        return so, ky_hieu
    return ("", text) if not text.isdigit() else (text, "")


def khoa_trung(so_ky_hieu: str, tac_gia: str) -> str:
    """The key two entries of the same document share: số (without leading zeros), ký hiệu and tác
    giả, in NFC, one case, one tone placement, without the spaces; empty when there is no số."""
    so, ky_hieu = tach_so_ky_hieu(so_ky_hieu)
    if not so:
        return ""
    agency = _SPACES.sub(" ", vi.canonical_tones(tac_gia)).strip()
    return "|".join((str(int(so)), vi.lower(vi.canonical_tones(ky_hieu)), vi.lower(agency)))


__all__ = [
    "BAT_BUOC", "CAN_XEM_LAI", "COT_CHU", "DANG_GIAI_QUYET", "DA_GIAI_QUYET", "TRANG_THAI_DEN", "TrungVanBan",
    "VanBanDen", "VanBanDenMoi", "YKien", "chu_ky_dict", "khoa_trung", "tach_so_ky_hieu",
]
