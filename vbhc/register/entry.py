"""The rows of the register as a clerk reads them (Phụ lục IV), and its register columns of a document."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vbhc import nd30
from vbhc.text import vi

if TYPE_CHECKING:  # pragma: no cover
    from vbhc.model import VanBan

#: The default series of a body: all its administrative documents.
SO_CHUNG = "chung"
TEN_SO_CHUNG = "Văn bản hành chính"

ISSUED, RESERVED, CANCELLED = "issued", "reserved", "cancelled"
#: Status as a clerk reads it.
TRANG_THAI = {ISSUED: "đã ban hành", RESERVED: "lấy số trước", CANCELLED: "đã hủy số"}
#: What can be wrong with the file of an issued row (:attr:`Entry.tinh_trang_tep`).
MAT_TEP, TEP_DA_DOI, KHONG_DOC_DUOC_TEP = "mất tệp", "tệp đã đổi", "không đọc được tệp"

_COPIES = re.compile(r"\((\d+)\)")


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


@dataclass(frozen=True)
class Entry:
    """One row of the register: a number given out, with the ten columns of Phụ lục IV."""

    id: int
    co_quan: str
    series: str
    nam: int
    so: int
    so_ky_hieu: str  #: (1) ``05/KH-UBND``; empty for a number taken in advance without a type
    ngay: date | None  #: (2)
    loai: str | None
    ten_loai_trich_yeu: str  #: (3)
    nguoi_ky: str  #: (4)
    noi_nhan: str  #: (5)
    luu: str  #: (6) đơn vị, người nhận bản lưu
    so_luong_ban: int | None  #: (7)
    ngay_chuyen: date | None  #: (8)
    ky_nhan: str  #: (9)
    ghi_chu: str  #: (10)
    status: str
    ly_do_huy: str
    ten_co_quan: str
    co_quan_chu_quan: str
    nguon: str | None
    nguon_sha256: str | None
    tep: str | None
    sha256: str | None
    nguoi_thuc_hien: str
    created_at: str
    updated_at: str
    sieu_du_lieu: str | None = None  #: the Phụ lục VI metadata (JSON, :mod:`vbhc.metadata.phu_luc_vi`)

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Entry:
        data = dict(row)
        data["ngay"] = _date(data["ngay"])
        data["ngay_chuyen"] = _date(data["ngay_chuyen"])
        return cls(**data)

    @property
    def so_hien_thi(self) -> str:
        """The number as written in the register: ``05/KH-UBND``, or ``05`` for a bare reservation."""
        return self.so_ky_hieu or vi.so(self.so)

    @property
    def trang_thai(self) -> str:
        return TRANG_THAI[self.status]

    @property
    def ghi_chu_day_du(self) -> str:
        """Column (10) as printed: the clerk's note plus what the status implies."""
        parts = []
        if self.status == CANCELLED:
            parts.append(f"Đã hủy số: {self.ly_do_huy}" if self.ly_do_huy else "Đã hủy số")
        elif self.status == RESERVED:
            parts.append("Lấy số trước, chưa ban hành")
        if self.ghi_chu:
            parts.append(self.ghi_chu)
        return "; ".join(parts)

    @property
    def tinh_trang_tep(self) -> str | None:
        """For an issued row: ``MAT_TEP`` when its file is gone, ``TEP_DA_DOI`` when the file is not the
        one issued (its SHA-256 differs); None when it is intact or the row has no file."""
        if self.status != ISSUED or not self.tep or not self.sha256:
            return None
        path = Path(self.tep)
        try:
            with path.open("rb") as handle:
                digest = hashlib.file_digest(handle, "sha256").hexdigest()
        except FileNotFoundError:
            return MAT_TEP
        except OSError:
            return KHONG_DOC_DUOC_TEP
        return None if digest == self.sha256 else TEP_DA_DOI


#: Who signs a file (Phụ lục I): the competent person, then the agency (its văn thư).
NGUOI_KY, CO_QUAN = "nguoi_ky", "co_quan"
VAI_TRO = {NGUOI_KY: "người có thẩm quyền", CO_QUAN: "cơ quan, tổ chức"}


@dataclass(frozen=True)
class ChuKy:
    """A digital signature of an issued document's file: which file (path and SHA-256 of the signed
    bytes), when it was signed, by whom and in which role."""

    id: int
    entry_id: int
    tep: str
    sha256: str
    thoi_gian_ky: str  #: ISO 8601 with the offset, ``2026-01-14T09:15:30+07:00``
    nguoi_ky: str  #: the signer as the certificate names them
    vai_tro: str  #: ``nguoi_ky`` or ``co_quan``, or empty
    nguoi_thuc_hien: str
    created_at: str

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> ChuKy:
        return cls(**dict(row))


@dataclass(frozen=True)
class Series:
    """A numbering series of one body: ``chung`` or a configured one (quyết định, a council)."""

    co_quan: str
    khoa: str
    ten: str
    loai: tuple[str, ...] = ()
    """Document types that go to this series automatically."""


@dataclass(frozen=True)
class AuditEvent:
    """Who did what to the register, when."""

    id: int
    at: str
    actor: str
    action: str
    entry_id: int | None
    details: dict[str, Any]
    den_id: int | None = None  #: the row of the sổ đến the event is about


def ten_loai_trich_yeu(van_ban: VanBan) -> str:
    """Column (3): ``Kế hoạch Cải cách hành chính năm 2026``, ``Công văn V/v …``."""
    loai = van_ban.loai_van_ban
    if not van_ban.trich_yeu:
        return loai.ten
    trich_yeu = " ".join(van_ban.trich_yeu.split())  # forced line breaks of the title are layout only
    if loai.khoa == "cong_van":
        return f"{loai.ten} {nd30.CONG_VAN_PREFIX}{trich_yeu}"
    return f"{loai.ten} {trich_yeu}"


def noi_nhan(van_ban: VanBan) -> str:
    """Column (5): the recipients, Kính gửi first, without ``Như trên`` and the archive line."""
    items = [*van_ban.kinh_gui, *van_ban.noi_nhan]
    cleaned = [item.rstrip(";.,: ").lstrip("-–+ ").strip() for item in items]
    out: list[str] = []
    for item in cleaned:
        if item and item != nd30.NHU_TREN and item not in out:
            out.append(item)
    return "; ".join(out)


def so_luong_ban(van_ban: VanBan) -> int | None:
    """Column (7) from the drafter's mark (ô 12), ``PL.(300)`` → 300, when it is there."""
    found = _COPIES.search(van_ban.ky_hieu_nguoi_soan or "")
    return int(found.group(1)) if found else None


__all__ = [
    "CANCELLED", "CO_QUAN", "ISSUED", "KHONG_DOC_DUOC_TEP", "MAT_TEP", "NGUOI_KY", "RESERVED", "SO_CHUNG",
    "TEN_SO_CHUNG", "TEP_DA_DOI", "TRANG_THAI", "VAI_TRO", "AuditEvent", "ChuKy", "Entry", "Series",
    "noi_nhan", "so_luong_ban", "ten_loai_trich_yeu",
]
