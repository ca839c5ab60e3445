"""``VanBan.sua``: changing fields of a loaded document is validated like ``load``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from vbhc import load
from vbhc.errors import MultipleErrors

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "ke_hoach_cchc_2026" / "ke_hoach.md"


@pytest.fixture(scope="module")
def van_ban():
    return load(EXAMPLE)


def test_changes_are_applied_to_a_copy(van_ban):
    changed = van_ban.sua(so=5, ngay="14/01/2026")
    assert (changed.so, changed.ngay) == (5, date(2026, 1, 14))
    assert changed.so_ky_hieu == "Số: 05/KH-UBND"
    assert van_ban.so is None and van_ban.ngay is None
    assert changed.phu_luc == van_ban.phu_luc


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ngay": "31/02/2026"}, "ngay", "ngày «31/02/2026» không hợp lệ"),
        ({"ngay": "14/01/2025"}, None, "năm 2026 khác năm của ngày ban hành 2025"),
        ({"so": 0}, "so", "phải lớn hơn hoặc bằng 1"),
        ({"loai": "thu_moi"}, "loai", "không có trong Điều 7"),
        ({"ngya": date(2026, 1, 14)}, "ngya", "trường không được hỗ trợ"),
    ],
)
def test_bad_changes_raise_the_vietnamese_errors_of_load(van_ban, changes, field, message):
    with pytest.raises(MultipleErrors) as raised:
        van_ban.sua(**changes)
    (error,) = raised.value.errors
    assert message in str(error)
    assert error.vitri.tep == str(EXAMPLE) or error.vitri.tep == van_ban.nguon
    if field:
        assert error.vitri.truong == field
