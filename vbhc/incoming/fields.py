"""What reading an incoming document found: each field with how sure the reader is.

A reader (DOCX, PDF with text, scan) returns a :class:`KetQuaDoc`. A field whose confidence is
below :data:`NGUONG_TIN_CAY`, or that was not found, is *flagged* (:attr:`Truong.can_xem_lai`): the
register never takes its value without the clerk confirming it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

#: The fields a reader looks for, in the order of the sổ đến, with the form of each value:
#:
#: * ``tac_gia``: the issuing agency (cơ quan ban hành, without its chủ quản) as printed, its lines
#:   joined by one space: ``ỦY BAN NHÂN DÂN XÃ HƯNG THẮNG``;
#: * ``so_ky_hieu``: ``05/KH-UBND`` (without «Số:»);
#: * ``ngay_van_ban``: ISO date ``2026-01-15``;
#: * ``ten_loai``: the type's name as in :data:`vbhc.nd30.LOAI_VAN_BAN` (``Kế hoạch``; ``Công văn``
#:   for a «V/v» document);
#: * ``trich_yeu``: the subject on one line, single spaces, without «V/v»;
#: * ``nguoi_ky``: the signer's full name as printed;
#: * ``chuc_vu``: the signer's title block as printed, lines joined by one space
#:   (``KT. CHỦ TỊCH PHÓ CHỦ TỊCH``);
#: * ``do_khan``: ``KHẨN``, ``THƯỢNG KHẨN``, ``HỎA TỐC`` (a key of :data:`vbhc.nd30.DO_KHAN`).
TRUONG = ("tac_gia", "so_ky_hieu", "ngay_van_ban", "ten_loai", "trich_yeu", "nguoi_ky", "chuc_vu", "do_khan")
#: What the clerk reads for each field.
TEN_TRUONG = MappingProxyType({
    "tac_gia": "Tác giả (cơ quan ban hành)",
    "so_ky_hieu": "Số, ký hiệu văn bản",
    "ngay_van_ban": "Ngày tháng văn bản",
    "ten_loai": "Tên loại văn bản",
    "trich_yeu": "Trích yếu nội dung",
    "nguoi_ky": "Người ký",
    "chuc_vu": "Chức vụ người ký",
    "do_khan": "Độ khẩn",
})
#: Below this confidence a field is flagged for the clerk (vbhc's policy, not the decree's).
NGUONG_TIN_CAY = 0.80

CachDoc = Literal["docx", "pdf", "ocr"]


@dataclass(frozen=True)
class Dong:
    """One printed line of a page, as a PDF's text layer or OCR gives it (points, from the page's
    top left). The layout reader (:mod:`vbhc.incoming.layout`) finds the fields from these alone."""

    text: str  #: NFC, single spaces
    page: int  #: 0-based
    x0: float
    x1: float
    top: float
    bottom: float
    page_width: float
    page_height: float
    size: float | None = None  #: font size in points (None from OCR: use the line's height)
    bold: bool | None = None  #: None when unknown (OCR)
    italic: bool | None = None
    conf: float = 1.0  #: 1.0 from a text layer; the mean word confidence (0–1) from OCR


@dataclass(frozen=True)
class Truong:
    """One field as read: its value, a confidence in 0–1, and why.

    ``gia_tri`` is None when the reader did not find the field, and ``""`` when it is sure the
    document has none (no độ khẩn; a giấy giới thiệu has no trích yếu).
    """

    gia_tri: str | None
    do_tin_cay: float
    ghi_chu: str = ""  #: what the clerk should know (Vietnamese): where it was found, why unsure

    @property
    def can_xem_lai(self) -> bool:
        """Whether the clerk must confirm or type this field."""
        return self.gia_tri is None or self.do_tin_cay < NGUONG_TIN_CAY


@dataclass(frozen=True)
class ChuKyDoc:
    """One signature of a signed PDF, as verified on receipt (:mod:`vbhc.signing.verify`)."""

    ten_truong: str  #: the signature field's name
    nguoi_ky: str  #: the certificate's subject (CN)
    to_chuc: str  #: the certificate's organisation (O)
    thoi_gian: str | None  #: the signing time, ISO 8601
    hop_le: bool  #: the signature is valid and its chain trusted
    nguyen_ven: bool  #: the signed bytes are intact
    ghi_chu: str = ""  #: the validator's summary in Vietnamese


@dataclass(frozen=True)
class KetQuaDoc:
    """Everything reading one incoming file gave."""

    tep: str  #: the file's name as given
    sha256: str  #: of the file's bytes
    cach_doc: CachDoc
    truong: Mapping[str, Truong]  #: one entry per name of :data:`TRUONG`
    so_trang: int | None = None
    chu_ky: tuple[ChuKyDoc, ...] = ()
    canh_bao: tuple[str, ...] = field(default=())  #: warnings in Vietnamese (nothing dropped silently)

    def gia_tri(self, ten: str) -> str | None:
        """The value of a field the reader is sure of; None for a flagged one."""
        truong = self.truong.get(ten)
        return None if truong is None or truong.can_xem_lai else truong.gia_tri

    @property
    def can_xem_lai(self) -> tuple[str, ...]:
        """The names of the flagged fields, in :data:`TRUONG` order."""
        return tuple(ten for ten in TRUONG if ten in self.truong and self.truong[ten].can_xem_lai)
