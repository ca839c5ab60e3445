"""What ``vbhc receive`` does: read an incoming file, fill the sổ đến entry, register it (Điều 22).

The reader (:func:`vbhc.incoming.doc_van_ban`) gives each field with a confidence. A field it is
sure of goes into its column; a flagged one (:attr:`~vbhc.incoming.Truong.can_xem_lai`) never does:
its value read goes to ``de_xuat`` and its name to ``can_xem_lai``, unless the clerk gives it in
``sua`` (the clerk's values win and count as confirmed). The document is registered on the day it
arrives even when a required field is still flagged: the entry is then «cần xem lại», and the
warnings say which fields and how to correct them. The signatures verified are recorded.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from vbhc.errors import InputError, Vitri
from vbhc.incoming import TRUONG, KetQuaDoc
from vbhc.register import CAN_XEM_LAI, Register, VanBanDen, VanBanDenMoi
from vbhc.register.incoming import TEN_COT
from vbhc.text import vi

#: Columns a clerk may give in ``sua`` beside the fields read: a note (why a document has no số), the
#: mã định danh of the document, ký nhận.
SUA_THEM = ("ghi_chu", "ma_dinh_danh", "ky_nhan")


@dataclass(frozen=True)
class TiepNhan:
    """The result of :func:`receive`: the entry, what reading the file gave, the warnings."""

    entry: VanBanDen
    doc: KetQuaDoc
    canh_bao: tuple[str, ...]


def cot_tu_doc(
    doc: KetQuaDoc, sua: Mapping[str, str]
) -> tuple[dict[str, str], tuple[str, ...], dict[str, str]]:
    """The columns filled from ``doc`` and the clerk's ``sua``, the fields still flagged, and the
    suggestions (the unsure values read, for the clerk; never in the columns)."""
    columns: dict[str, str] = {}
    flagged: list[str] = []
    de_xuat: dict[str, str] = {}
    for ten in TRUONG:
        truong = doc.truong.get(ten)
        if ten in sua:
            columns[ten] = sua[ten]
        elif truong is not None and not truong.can_xem_lai:
            columns[ten] = truong.gia_tri or ""
        else:
            columns[ten] = ""
            flagged.append(ten)
            if truong is not None and truong.gia_tri:
                de_xuat[ten] = truong.gia_tri
    return columns, tuple(flagged), de_xuat


def _check_sua(sua: Mapping[str, str]) -> dict[str, str]:
    known = (*TRUONG, *SUA_THEM)
    unknown = [name for name in sua if name not in known]
    if unknown:
        raise InputError(
            f"không có trường «{unknown[0]}»; sửa được: " + ", ".join(known),
            Vitri(truong="--sua"),
            goi_y="ví dụ: --sua so_ky_hieu=12/SNV-CCHC --sua ngay_van_ban=12/01/2026",
        )
    return {name: vi.nfc(" ".join(str(value).split())) for name, value in sua.items()}


def huong_dan_sua(entry: VanBanDen) -> str:
    """The warning of an entry «cần xem lại»: which fields, what was read, how to correct them."""
    parts = []
    for ten in entry.can_xem_lai:
        read = entry.de_xuat.get(ten)
        what = f" (đọc được «{read}», chưa chắc)" if read else " (chưa đọc được)"
        parts.append(TEN_COT.get(ten, ten) + what)
    example = entry.can_xem_lai[0]
    return (
        f"số đến {entry.so_den_hien_thi}/{entry.nam} được ghi «{CAN_XEM_LAI}»: " + "; ".join(parts)
        + f". Kiểm tra văn bản rồi sửa: vbhc register sua-den {entry.nam}/{entry.so_den_hien_thi} "
        f"--truong {example}=GIÁ_TRỊ"
    )


def receive(
    path: Path,
    register: Register,
    *,
    sua: Mapping[str, str] | None = None,
    ngay_den: date | None = None,
    don_vi_nhan: str = "",
    han_giai_quyet: date | None = None,
    force: bool = False,
    trust: Sequence[Path] = (),
    co_quan: str = "",
    doc: KetQuaDoc | None = None,
) -> TiepNhan:
    """Read ``path`` and register it in the sổ đến of ``register`` on ``ngay_den`` (default today),
    for ``don_vi_nhan``, with ``han_giai_quyet``. ``sua``: the clerk's values by field name (of
    :data:`vbhc.incoming.TRUONG`, or ghi_chu, ma_dinh_danh, ky_nhan). A duplicate raises
    :class:`~vbhc.register.TrungVanBan` unless ``force``. ``co_quan``: the receiving body, when the
    register keeps the sổ đến of several. ``doc``: what reading ``path`` already gave (the desk reads
    the upload once to show it; a scan is not read by OCR twice), used when its SHA-256 is the file's."""
    from vbhc.incoming import doc_van_ban

    sua = _check_sua(sua or {})
    ngay_van_ban = None
    if sua.get("ngay_van_ban"):  # the clerk's date is checked before the file is read
        ngay_van_ban = vi.parse_date(sua["ngay_van_ban"], Vitri(truong="ngay_van_ban"))
    if doc is None or doc.sha256 != hashlib.sha256(Path(path).read_bytes()).hexdigest():
        doc = doc_van_ban(Path(path), trust=trust)
    columns, flagged, de_xuat = cot_tu_doc(doc, sua)
    if columns["ngay_van_ban"] and ngay_van_ban is None:
        ngay_van_ban = date.fromisoformat(columns["ngay_van_ban"])
    moi = VanBanDenMoi(
        ngay_den=ngay_den or date.today(),
        tac_gia=columns["tac_gia"],
        so_ky_hieu=columns["so_ky_hieu"],
        ngay_van_ban=ngay_van_ban,
        ten_loai=columns["ten_loai"],
        trich_yeu=columns["trich_yeu"],
        don_vi_nhan=don_vi_nhan,
        han_giai_quyet=han_giai_quyet,
        ky_nhan=sua.get("ky_nhan", ""),
        ghi_chu=sua.get("ghi_chu", ""),
        ma_dinh_danh=sua.get("ma_dinh_danh") or None,
        do_khan=columns["do_khan"] or None,
        nguoi_ky=columns["nguoi_ky"],
        chuc_vu=columns["chuc_vu"],
        so_trang=doc.so_trang,
        tep=str(Path(path).resolve()),
        sha256=doc.sha256,
        cach_doc=doc.cach_doc,
        can_xem_lai=flagged,
        de_xuat=de_xuat,
        chu_ky=doc.chu_ky,
        co_quan=co_quan,
    )
    entry = register.receive(moi, force=force)
    warnings = list(doc.canh_bao)
    for chu_ky in doc.chu_ky:
        if not (chu_ky.hop_le and chu_ky.nguyen_ven):
            warnings.append(
                f"chữ ký số «{chu_ky.ten_truong}» ({chu_ky.nguoi_ky}) không hợp lệ: {chu_ky.ghi_chu}"
            )
    if entry.can_xem_lai:
        warnings.append(huong_dan_sua(entry))
    return TiepNhan(entry, doc, tuple(warnings))


__all__ = ["SUA_THEM", "TiepNhan", "cot_tu_doc", "huong_dan_sua", "receive"]
