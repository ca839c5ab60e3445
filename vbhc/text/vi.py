"""Vietnamese text in the forms ND30 prescribes: dates, số và ký hiệu, numbering, case, numbers.

babel's own Vietnamese date formats are not the ND30 form, so the date line is built here; babel
serves the number and percentage forms (``1.234.567``, ``98,5%``).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from vbhc import nd30
from vbhc.errors import InputError, Vitri

#: What a draft shows where the văn thư later writes the number (7 spaces) or the day/month (6).
SO_TRONG = " " * 7
NGAY_TRONG = " " * 6
_DATE_VN = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")

_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def nfc(text: str) -> str:
    """Unicode NFC, the form TCVN 6909:2001 text is compared and stored in."""
    return unicodedata.normalize("NFC", text)


def upper(text: str) -> str:
    """Vietnamese-aware capitals (ư→Ư, đ→Đ, ỳ→Ỳ), in NFC."""
    return nfc(nfc(text).upper())


def lower(text: str) -> str:
    """Vietnamese-aware lower case, in NFC."""
    return nfc(nfc(text).lower())


def canonical_tones(text: str) -> str:
    """Map the alternative tone placements (HOÀ, UỶ, THOẢ …) to one form, for comparisons."""
    text = nfc(text)
    for variant, canonical in nd30.TONE_VARIANTS.items():
        text = text.replace(variant, canonical)
    return text


def so(number: int) -> str:
    """The number of a document: 01–09 padded, 10 and above plain (§3.3)."""
    if number < 1:
        raise ValueError(f"số văn bản phải từ 1 trở lên, nhận được {number}")
    return f"{number:02d}"


def so_ky_hieu(number: int | None, ky_hieu: str) -> str:
    """The Số line: ``Số: 05/KH-UBND``; a draft (``number`` None) leaves the number blank."""
    if number is None:
        return f"Số:{SO_TRONG}/{ky_hieu}"
    return f"Số: {so(number)}/{ky_hieu}"


def ngay(day: int) -> str:
    """Day of the month: below 10 padded (``05``)."""
    return f"{day:02d}"


def thang(month: int) -> str:
    """Month: only January and February padded (``01``, ``02``, ``3`` … ``12``)."""
    return f"{month:02d}" if month <= 2 else str(month)


def ngay_thang_nam(when: date | None, nam: int | None = None) -> str:
    """``ngày 05 tháng 3 năm 2026``; a draft (``when`` None) leaves day and month blank."""
    if when is None:
        if nam is None:
            raise ValueError("văn bản dự thảo cần năm ban hành")
        return f"ngày{NGAY_TRONG}tháng{NGAY_TRONG}năm {nam}"
    return f"ngày {ngay(when.day)} tháng {thang(when.month)} năm {when.year}"


def dia_danh_ngay(dia_danh: str, when: date | None, nam: int | None = None) -> str:
    """The place-and-date line: ``Hùng Thắng, ngày 05 tháng 3 năm 2026`` (§3.4)."""
    return f"{nfc(dia_danh)}, {ngay_thang_nam(when, nam)}"


def parse_date(text: str, where: Vitri) -> date:
    """``14/01/2026`` or ``2026-01-14`` → a date; an impossible date is an error, never guessed."""
    text = text.strip()
    match = _DATE_VN.match(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day)
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(
            f"ngày «{text[:40]}» không hợp lệ hoặc không tồn tại",
            where,
            goi_y="viết dạng 2026-01-14 hoặc 14/01/2026",
        ) from None


def ngay_ngan(when: date) -> str:
    """Short date as written in tables: ``14/01/2026``."""
    return when.strftime("%d/%m/%Y")


def roman(number: int) -> str:
    """Roman numeral (Mục ``I.``, Phụ lục ``II``)."""
    if not 0 < number < 4000:
        raise ValueError(f"không viết được số La Mã cho {number}")
    out = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def from_roman(text: str) -> int | None:
    """The value of a Roman numeral, or None when ``text`` is not one (strict, canonical form)."""
    text = text.strip().upper()
    if not text or any(ch not in "IVXLCDM" for ch in text):
        return None
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for current, following in zip(text, [*text[1:], ""], strict=True):
        value = values[current]
        total += -value if following and values[following] > value else value
    return total if 0 < total < 4000 and roman(total) == text else None


def diem(index: int) -> str:
    """The điểm letter for position ``index`` (1-based): a b c d đ e g h i k …"""
    letters = nd30.DIEM_LETTERS
    if not 0 < index <= len(letters):
        raise ValueError(f"chỉ có {len(letters)} chữ cái đánh số điểm, cần điểm thứ {index}")
    return letters[index - 1]


def so_tu_nhien(value: float, digits: int = 0) -> str:
    """A number in Vietnamese form: ``1.234.567``, ``12,5``."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(value, format=pattern, locale="vi_VN")


def phan_tram(ratio: float, digits: int = 1) -> str:
    """A share as a Vietnamese percentage: 0.985 → ``98,5%``, 1 → ``100%``."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(ratio * 100, format=pattern, locale="vi_VN") + "%"


def ten_goi(ten_in_hoa: str) -> str:
    """An agency name in running text: ``ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG`` → ``Ủy ban nhân dân xã Hùng Thắng``.

    Generic words go to lower case; the proper name after an administrative unit keeps capitals on
    each word. Names this cannot know (``Phòng Văn hóa - Xã hội``) are set in the source instead.
    """
    words = " ".join(ten_in_hoa.split()).split(" ")
    out: list[str] = []
    proper = False
    i = 0
    while i < len(words):
        matched = next(
            (unit for unit in nd30.DON_VI_HANH_CHINH if words[i : i + len(unit.split())] == unit.split()),
            None,
        )
        if matched and not proper:
            size = len(matched.split())
            out.extend(lower(w) for w in words[i : i + size])
            i += size
            proper = True
            continue
        word = words[i]
        out.append(upper(word[:1]) + lower(word[1:]) if proper else lower(word))
        i += 1
    text = " ".join(out)
    return upper(text[:1]) + text[1:]


def to_unicode(text: str, encoding: str | None = None) -> str:
    """Text typed in a legacy Vietnamese encoding (TCVN3/ABC, VNI) as Unicode NFC; see vbhc.text.legacy."""
    from vbhc.text.legacy import to_unicode as convert

    return convert(text, encoding)
