"""Deadlines written in Vietnamese (the «Thời gian thực hiện/hoàn thành» cell) as due dates.

``parse("Quý I/2026")`` gives a :class:`ThoiHan` due on 31/03/2026; ``parse("Hằng tháng")`` a
recurrence; text that is not one of the known forms is kept as "no deadline", never guessed.

Forms understood (case, diacritics and spacing do not matter):

* a date: ``15/01/2026``, ``15-01-2026``, ``15.01.2026``, ``ngày 15 tháng 01 năm 2026``, an Excel
  date (``datetime.date``/``datetime``), optionally after ``Trước ngày``, ``Chậm nhất``, ``Hạn`` …;
* a month: ``Tháng 02/2026``, ``Tháng 2 năm 2026`` → the month's last day;
* a quarter: ``Quý I/2026``, ``Quý 2 năm 2026`` → the quarter's last day;
* a part of a year: ``6 tháng đầu năm 2026`` (30/6), ``6 tháng cuối năm 2026`` (31/12),
  ``9 tháng đầu năm 2026`` (30/9);
* a year: ``Năm 2026``, ``Cả năm 2026``, ``Trong năm 2026`` → 31/12;
* a range ``Từ … đến …``: the end of the range;
* a recurrence: ``Hằng tháng``/``Hàng tháng``, ``Hằng quý``/``Hàng quý``, ``Hằng năm``/``Hàng năm``,
  ``Định kỳ …``, ``Thường xuyên``, ``Liên tục``.

Forms without a year (``Trước ngày 10/12``, ``Quý III``) use the plan year when one is given.
Phrases that say there is no fixed deadline (``Theo quy định``, ``Theo kế hoạch``, ``Khi có yêu cầu``,
``Đột xuất``) are understood as no deadline; any other text is "no deadline" and not understood.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Literal

from vbhc.text import vi

#: ``ngay``: a due date; ``lap_lai``: a recurring or continuous task; ``khong_co``: no deadline.
Kind = Literal["ngay", "lap_lai", "khong_co"]
#: Period of a recurring task.
ChuKy = Literal["thang", "quy", "nam", "thuong_xuyen"]


@dataclass(frozen=True)
class ThoiHan:
    """A parsed deadline: its kind, the due date (inclusive), the recurrence and the original text."""

    kind: Kind
    han: date | None = None
    """The last day the task may be finished on (on time when done on or before it)."""
    text: str = ""
    """The cell as written (NFC, spaces collapsed)."""
    chu_ky: ChuKy | None = None
    """The period of a recurring task."""
    ro: bool = True
    """False when the text was not understood (kept, reported as no deadline, never guessed)."""

    @property
    def co_han(self) -> bool:
        """True when there is a due date."""
        return self.kind == "ngay"

    @property
    def lap_lai(self) -> bool:
        """True for a recurring or continuous task."""
        return self.kind == "lap_lai"


def fold(text: str) -> str:
    """Lower case without diacritics (``đ`` → ``d``), spaces collapsed: the key texts are compared by."""
    text = unicodedata.normalize("NFD", vi.nfc(text).lower().replace("đ", "d"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return " ".join(text.split())


_ROMAN_QUARTER = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_YEAR = r"(?:\s*(?:/|-|\.|,)?\s*(?:nam\s*)?(?P<year>\d{4}))?"
_PREFIX = re.compile(
    r"^(?:(?:truoc|cham nhat|han chot|han|hoan thanh|xong|trong|den|toi|vao)\s*(?:ngay\b)?\s*[:,]?\s*)+"
)
_DATE_SLASH = re.compile(
    r"^(?:ngay\s*)?(?P<d>\d{1,2})\s*[/\-.]\s*(?P<m>\d{1,2})(?:\s*[/\-.]\s*(?P<y>\d{2,4}))?$"
)
_DATE_WORDS = re.compile(
    r"^(?:ngay\s*)?(?P<d>\d{1,2})\s*thang\s*(?P<m>\d{1,2})(?:\s*,?\s*nam\s*(?P<y>\d{4}))?$"
)
_MONTH_SLASH = re.compile(r"^(?P<m>\d{1,2})\s*/\s*(?P<year>\d{4})$")
_BEFORE_MONTH = re.compile(r"^truoc\s*thang\s*(?P<m>\d{1,2})" + _YEAR + "$")
_ISO = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$")
_MONTH = re.compile(r"^thang\s*(?P<m>\d{1,2})" + _YEAR + "$")
_QUARTER = re.compile(r"^quy\s*(?P<q>iv|iii|ii|i|[1-4])\b" + _YEAR + "$")
_PART = re.compile(r"^(?P<n>\d{1,2})\s*thang\s*(?P<side>dau|cuoi)\s*(?:nam)?" + _YEAR + "$")
_YEAR_ONLY = re.compile(r"^(?:ca\s*|trong\s*)?nam\s*(?P<year>\d{4})$")
_RANGE = re.compile(r"^(?:tu\s+)?.+?\s+(?:den|toi|-)\s+(?P<end>.+)$")

_RECURRING: tuple[tuple[str, ChuKy], ...] = (
    (r"^(?:dinh ky\s*)?hang\s*thang\b", "thang"),
    (r"^dinh ky\s*thang\b", "thang"),
    (r"^(?:dinh ky\s*)?hang\s*quy\b", "quy"),
    (r"^dinh ky\s*quy\b", "quy"),
    (r"^(?:dinh ky\s*)?hang\s*nam\b", "nam"),
    (r"^dinh ky\s*nam\b", "nam"),
    (r"^(?:thuong xuyen|lien tuc|hang ngay|hang tuan|dinh ky)\b", "thuong_xuyen"),
)


#: Folded phrases that mean "no fixed deadline" (understood, not an error).
_NO_DEADLINE = re.compile(
    r"^(?:theo (?:quy dinh|ke hoach|yeu cau|chi dao|huong dan|lo trinh)|khi co yeu cau|dot xuat"
    r"|khong thoi han)\b"
)


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _year(raw: str | None, default: int | None) -> int | None:
    if raw is None:
        return default
    value = int(raw)
    return value + 2000 if value < 100 else value


def _safe_date(year: int | None, month: int, day: int) -> date | None:
    if year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _due(key: str, nam: int | None) -> date | None:
    """The due date of a folded deadline text, or None when it is not a known form."""
    for pattern in (_DATE_SLASH, _DATE_WORDS):
        match = pattern.match(key)
        if match:
            return _safe_date(_year(match["y"], nam), int(match["m"]), int(match["d"]))
    match = _ISO.match(key)
    if match:
        return _safe_date(int(match["y"]), int(match["m"]), int(match["d"]))
    match = _MONTH.match(key) or _MONTH_SLASH.match(key)
    if match:
        month, year = int(match["m"]), _year(match["year"], nam)
        return _last_day(year, month) if year and 1 <= month <= 12 else None
    match = _QUARTER.match(key)
    if match:
        year = _year(match["year"], nam)
        return _last_day(year, 3 * _ROMAN_QUARTER[match["q"]]) if year else None
    match = _PART.match(key)
    if match:
        months, year = int(match["n"]), _year(match["year"], nam)
        if year is None or not 1 <= months <= 12:
            return None
        return _last_day(year, months if match["side"] == "dau" else 12)
    match = _YEAR_ONLY.match(key)
    if match:
        return date(int(match["year"]), 12, 31)
    return None


def parse(value: object, *, nam: int | None = None) -> ThoiHan:
    """Parse a deadline cell (text, ``date`` or ``datetime``); ``nam`` is used for forms without a year."""
    if isinstance(value, datetime):
        return ThoiHan("ngay", value.date(), vi.ngay_ngan(value.date()))
    if isinstance(value, date):
        return ThoiHan("ngay", value, vi.ngay_ngan(value))
    return _parse_text(" ".join(vi.nfc(str(value or "")).split()), nam)


@lru_cache(maxsize=4096)
def _parse_text(text: str, nam: int | None) -> ThoiHan:
    """Parse a deadline text (NFC, spaces collapsed); cached: a table repeats the same few forms."""
    key = fold(text).strip(" .;:")
    if not key:
        return ThoiHan("khong_co", None, text)
    for pattern, chu_ky in _RECURRING:
        if re.match(pattern, key):
            return ThoiHan("lap_lai", None, text, chu_ky)
    if _NO_DEADLINE.match(key):
        return ThoiHan("khong_co", None, text)
    match = _BEFORE_MONTH.match(key)
    if match and 1 <= int(match["m"]) <= 12 and _year(match["year"], nam):
        # «Trước tháng 3/2026»: finished by the end of the month before
        first = date(_year(match["year"], nam), int(match["m"]), 1)  # type: ignore[arg-type]
        return ThoiHan("ngay", date.fromordinal(first.toordinal() - 1), text)
    candidates = [key, _PREFIX.sub("", key)]
    match = _RANGE.match(candidates[-1])
    if match:
        candidates.append(_PREFIX.sub("", match["end"]))
    for candidate in candidates:
        due = _due(candidate.strip(" .;:"), nam)
        if due is not None:
            return ThoiHan("ngay", due, text)
    return ThoiHan("khong_co", None, text, ro=False)
