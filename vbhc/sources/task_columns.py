"""The columns a task table may have (the header-variant table) and how headers are matched.

Data: ``LOAI_COT`` is the one list of column keys, ND30 header texts and recognised header names
(``docs/phu-luc.md`` is built from it and a test compares them).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from vbhc.text import vi


@dataclass(frozen=True)
class LoaiCot:
    """A column a task table may have: its key, its ND30 header, the header names recognised.

    A sheet's header is this column when, reduced by :func:`normalize_header`, it equals one of
    ``ten``, or begins with one of them followed by more words (unless ``chinh_xac``), or contains
    one of ``chua`` anywhere.
    """

    khoa: str
    tieu_de: str
    ten: tuple[str, ...]
    chua: tuple[str, ...] = ()
    chinh_xac: bool = False
    do_rong: float = 1.5
    """Relative width when printed as an extra column."""


#: Every column vbhc recognises, in the order of the documentation (docs/phu-luc.md is built from it).
LOAI_COT: tuple[LoaiCot, ...] = (
    LoaiCot("stt", "TT", ("TT", "STT", "Số TT", "Số thứ tự", "Thứ tự"), chinh_xac=True),
    LoaiCot(
        "noi_dung",
        "Nội dung công việc",
        ("Nội dung công việc", "Nội dung", "Nhiệm vụ", "Tên nhiệm vụ", "Công việc"),
    ),
    LoaiCot(
        "chu_tri",
        "Cơ quan chủ trì",
        (
            "Cơ quan chủ trì",
            "Chủ trì",
            "Đơn vị chủ trì",
            "Bộ phận chủ trì",
            "Đơn vị thực hiện",
            "Cơ quan thực hiện",
            "Bộ phận thực hiện",
        ),
        chua=("chủ trì",),
    ),
    LoaiCot(
        "phoi_hop",
        "Cơ quan phối hợp",
        ("Cơ quan phối hợp", "Phối hợp", "Đơn vị phối hợp"),
        chua=("phối hợp",),
    ),
    LoaiCot(
        "thoi_gian",
        "Thời gian thực hiện/hoàn thành",
        ("Thời gian thực hiện/hoàn thành", "Thời gian", "Thời hạn", "Thời hạn hoàn thành"),
    ),
    LoaiCot(
        "san_pham",
        "Sản phẩm",
        (
            "Sản phẩm",
            "Kết quả/sản phẩm",
            "Sản phẩm/kết quả",
            "Kết quả dự kiến",
            "Kết quả đầu ra",
            "Hình thức văn bản",
            "Hình thức sản phẩm",
        ),
    ),
    LoaiCot("tien_do", "Tiến độ", ("Tiến độ", "Trạng thái", "Tình trạng")),
    LoaiCot("ngay_hoan_thanh", "Ngày hoàn thành", ("Ngày hoàn thành",)),
    LoaiCot("ket_qua", "Kết quả thực hiện", ("Kết quả thực hiện", "Kết quả đạt được")),
    LoaiCot("ghi_chu", "Ghi chú", ("Ghi chú",)),
)
COT_THEO_KHOA = {cot.khoa: cot for cot in LOAI_COT}
#: A bare «Kết quả» header: the result of the work or its product, decided by the other columns.
AMBIGUOUS_KET_QUA = "ket qua"


def normalize_header(text: str) -> str:
    """Header text reduced for matching: no diacritics, lower case, words separated by one space."""
    text = vi.nfc(text).replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


@lru_cache(maxsize=1)
def matchers() -> tuple[dict[str, str], tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """``LOAI_COT`` reduced for matching: whole names, words contained, prefixes (longest first)."""
    whole = {normalize_header(name): cot.khoa for cot in LOAI_COT for name in cot.ten}
    contained = tuple((normalize_header(word), cot.khoa) for cot in LOAI_COT for word in cot.chua)
    prefixes = sorted(
        ((normalize_header(name), cot.khoa) for cot in LOAI_COT if not cot.chinh_xac for name in cot.ten),
        key=lambda item: -len(item[0]),
    )
    return whole, contained, tuple(prefixes)


def match_column(norm: str) -> str | None:
    """The model key for a normalized header, ``"ket qua"`` when ambiguous, or None."""
    whole, contained, prefixes = matchers()
    if norm in whole:
        return whole[norm]
    if norm == AMBIGUOUS_KET_QUA:
        return AMBIGUOUS_KET_QUA
    padded = f" {norm} "
    for word, key in contained:
        if f" {word} " in padded:
            return key
    for prefix, key in prefixes:
        if norm.startswith(prefix + " "):
            return key
    return None
