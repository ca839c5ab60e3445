"""The signatures of an incoming PDF, verified on receipt (:mod:`vbhc.signing.verify`)."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from vbhc.errors import VbhcError
from vbhc.incoming.fields import ChuKyDoc

#: Bytes every signed PDF holds (the signature dictionary's byte range); without them, no signature.
_DAU_HIEU_KY = b"/ByteRange"


def chu_ky_pdf(
    data: bytes, *, name: str, trust: Sequence[Path] = ()
) -> tuple[tuple[ChuKyDoc, ...], tuple[str, ...]]:
    """Each signature of the PDF ``data``, checked against the extra trust roots ``trust``; and the
    warnings (an invalid signature, a validator that cannot run)."""
    if _DAU_HIEU_KY not in data:
        return (), ()
    from vbhc.signing.verify import kiem_tra

    with tempfile.TemporaryDirectory(prefix="vbhc-den-") as folder:
        path = Path(folder) / "van_ban.pdf"
        path.write_bytes(data)
        try:
            result = kiem_tra(path, trust)
        except VbhcError as e:
            return (), (f"{name}: không kiểm tra được chữ ký số: {e.message}",)
    signatures = tuple(
        ChuKyDoc(
            ten_truong=c.field,
            nguoi_ky=c.nguoi_ky,
            to_chuc=c.to_chuc or "",
            thoi_gian=c.thoi_gian.isoformat() if c.thoi_gian else None,
            hop_le=c.hop_le,
            nguyen_ven=c.nguyen_ven,
            ghi_chu="hợp lệ" if c.hop_le else "; ".join(c.van_de),
        )
        for c in result.chu_ky
    )
    warnings = tuple(
        f"{name}: chữ ký số ô «{c.ten_truong}» ({c.nguoi_ky}) KHÔNG HỢP LỆ: {c.ghi_chu}"
        for c in signatures
        if not c.hop_le
    )
    return signatures, warnings
