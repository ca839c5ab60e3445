"""The register: the sổ đăng ký văn bản đi and the sổ đăng ký văn bản đến, a store with a public API.

:mod:`~vbhc.register.store` is the SQLite file (:class:`Register`), :mod:`~vbhc.register.transaction`
its open write transaction, :mod:`~vbhc.register.entry` the rows, :mod:`~vbhc.register.schema` the
schema and its migrations; :mod:`~vbhc.register.incoming` the incoming book and
:mod:`~vbhc.register.entry_den` its rows. Issuing a document on top of it is :mod:`vbhc.workflows.issue`.
"""

from vbhc.register.entry import (
    CANCELLED,
    CO_QUAN,
    ISSUED,
    KHONG_DOC_DUOC_TEP,
    MAT_TEP,
    NGUOI_KY,
    RESERVED,
    SO_CHUNG,
    TEN_SO_CHUNG,
    TEP_DA_DOI,
    TRANG_THAI,
    VAI_TRO,
    AuditEvent,
    ChuKy,
    Entry,
    Series,
    noi_nhan,
    so_luong_ban,
    ten_loai_trich_yeu,
)
from vbhc.register.entry_den import (
    CAN_XEM_LAI,
    DA_GIAI_QUYET,
    DANG_GIAI_QUYET,
    TRANG_THAI_DEN,
    TrungVanBan,
    VanBanDen,
    VanBanDenMoi,
    YKien,
)
from vbhc.register.schema import SCHEMA_VERSION
from vbhc.register.store import DEFAULT_PATH, DEFAULT_TIMEOUT, Register, default_user
from vbhc.register.transaction import Transaction

__all__ = [
    "CANCELLED",
    "CAN_XEM_LAI",
    "CO_QUAN",
    "DANG_GIAI_QUYET",
    "DA_GIAI_QUYET",
    "DEFAULT_PATH",
    "DEFAULT_TIMEOUT",
    "ISSUED",
    "KHONG_DOC_DUOC_TEP",
    "MAT_TEP",
    "NGUOI_KY",
    "RESERVED",
    "SCHEMA_VERSION",
    "SO_CHUNG",
    "TEN_SO_CHUNG",
    "TEP_DA_DOI",
    "TRANG_THAI",
    "TRANG_THAI_DEN",
    "VAI_TRO",
    "AuditEvent",
    "ChuKy",
    "Entry",
    "Register",
    "Series",
    "Transaction",
    "TrungVanBan",
    "VanBanDen",
    "VanBanDenMoi",
    "YKien",
    "default_user",
    "noi_nhan",
    "so_luong_ban",
    "ten_loai_trich_yeu",
]
