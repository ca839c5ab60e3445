"""Shared fixtures: sources written to a temporary folder."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

KE_HOACH = """\
---
loai: ke_hoach
co_quan: {{ten: "ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG", viet_tat: UBND}}
dia_danh: Hùng Thắng
so: {so}
ngay: {ngay}
nam: 2026
trich_yeu: {trich_yeu}
nguoi_ky: {{tham_quyen: [TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH], chuc_vu: PHÓ CHỦ TỊCH, ho_ten: Vũ Trọng Thủy}}
noi_nhan: [Sở Nội vụ, "TTĐU, TTHĐND xã", "CT, các PCT UBND xã", "Các cơ quan, đơn vị"]
luu: [VT, VHXH]
---

Mở đầu kế hoạch.

# Mục đích, yêu cầu

## Mục đích

- Ý thứ nhất.
- Ý thứ hai.
  - Ý con.

## Yêu cầu

### Điểm thứ nhất.

### Điểm thứ hai có **chữ đậm** và *chữ nghiêng*.

# Tổ chức thực hiện

Trên đây là Kế hoạch của Ủy ban nhân dân xã.
"""


def ke_hoach_source(
    so: str = "null", ngay: str = "null", trich_yeu: str = "Cải cách hành chính nhà nước năm 2026"
) -> str:
    return KE_HOACH.format(so=so, ngay=ngay, trich_yeu=trich_yeu)


@pytest.fixture
def write_source(tmp_path: Path):
    """Write source text to tmp_path/name and return its path."""

    def write(text: str, name: str = "van_ban.md") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture(autouse=True)
def _stop_desk_previewers():
    """No warm LibreOffice started by a desk test outlives it (a desk keeps one for its lifetime)."""
    yield
    from vbhc.desk.preview import close_all

    close_all()
