"""ND30 forms of dates, numbers and numbering (spec §3.3, §3.4, §3.6)."""

import re
from datetime import date, timedelta

import pytest

from vbhc import nd30
from vbhc.text import vi

DATE_LINE = re.compile(r"^[^,]+, ngày (0[1-9]|[12]\d|3[01]) tháng (0[12]|[3-9]|1[0-2]) năm \d{4}$")
SO_LINE = re.compile(r"^Số: ?(0[1-9]|[1-9]\d+)?\s*/[^\s/]+(-[^\s/-]+)+$")


def test_every_day_of_a_year_follows_the_padding_rule():
    day = date(2026, 1, 1)
    while day.year == 2026:
        line = vi.dia_danh_ngay("Hùng Thắng", day)
        assert DATE_LINE.match(line), line
        assert f"ngày {day.day:02d} " in line
        month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
        assert f" tháng {month} năm 2026" in line
        day += timedelta(days=1)


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (date(2026, 3, 5), "Hùng Thắng, ngày 05 tháng 3 năm 2026"),
        (date(2026, 1, 14), "Hùng Thắng, ngày 14 tháng 01 năm 2026"),
        (date(2026, 2, 1), "Hùng Thắng, ngày 01 tháng 02 năm 2026"),
        (date(2026, 12, 31), "Hùng Thắng, ngày 31 tháng 12 năm 2026"),
        (date(2026, 10, 9), "Hùng Thắng, ngày 09 tháng 10 năm 2026"),
    ],
)
def test_date_line(when, expected):
    assert vi.dia_danh_ngay("Hùng Thắng", when) == expected


def test_draft_date_leaves_day_and_month_blank():
    assert vi.dia_danh_ngay("Hùng Thắng", None, 2026) == "Hùng Thắng, ngày      tháng      năm 2026"
    with pytest.raises(ValueError):
        vi.ngay_thang_nam(None)


@pytest.mark.parametrize(
    ("number", "symbol", "expected"),
    [
        (5, "KH-UBND", "Số: 05/KH-UBND"),
        (12, "KH-UBND", "Số: 12/KH-UBND"),
        (1, "KH-UBND", "Số: 01/KH-UBND"),
        (100, "QĐ-UBND", "Số: 100/QĐ-UBND"),
        (7, "UBND-VP", "Số: 07/UBND-VP"),
        (None, "KH-UBND", "Số:       /KH-UBND"),
    ],
)
def test_so_ky_hieu(number, symbol, expected):
    line = vi.so_ky_hieu(number, symbol)
    assert line == expected
    assert SO_LINE.match(line)


def test_numbers_below_ten_are_padded_and_others_plain():
    for number in range(1, 1000):
        text = vi.so(number)
        assert text == (f"0{number}" if number < 10 else str(number))
    with pytest.raises(ValueError):
        vi.so(0)


def test_roman_numerals_round_trip():
    assert [vi.roman(n) for n in (1, 2, 4, 9, 14, 40, 90, 400, 1994)] == [
        "I",
        "II",
        "IV",
        "IX",
        "XIV",
        "XL",
        "XC",
        "CD",
        "MCMXCIV",
    ]
    for number in range(1, 400):
        assert vi.from_roman(vi.roman(number)) == number
    assert vi.from_roman("IIII") is None
    assert vi.from_roman("Tổ") is None


def test_diem_letters_follow_the_vietnamese_order():
    assert [vi.diem(i) for i in range(1, 11)] == [*"abcd", "đ", *"eghik"]
    assert "f" not in nd30.DIEM_LETTERS and "w" not in nd30.DIEM_LETTERS
    with pytest.raises(ValueError):
        vi.diem(len(nd30.DIEM_LETTERS) + 1)


def test_vietnamese_case_and_nfc():
    decomposed = "Ho\u0300a"  # NFD
    assert vi.nfc(decomposed) == "Hòa"
    assert vi.upper("ưu tiên đường") == "ƯU TIÊN ĐƯỜNG"
    assert vi.upper(decomposed) == "HÒA"
    assert vi.canonical_tones("CỘNG HOÀ") == "CỘNG HÒA"


def test_numbers_and_percentages_in_vietnamese_form():
    assert vi.so_tu_nhien(1234567) == "1.234.567"
    assert vi.phan_tram(0.985) == "98,5%"
    assert vi.phan_tram(1) == "100%"
    assert vi.so_tu_nhien(12.5, 1) == "12,5"


def test_agency_name_in_running_text():
    assert vi.ten_goi("ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG") == "Ủy ban nhân dân xã Hùng Thắng"
    assert vi.ten_goi("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN") == "Ủy ban nhân dân tỉnh Nghệ An"
