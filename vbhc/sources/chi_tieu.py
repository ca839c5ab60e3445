"""Reading the plan's indicators (sheet «Chỉ tiêu»: indicator, target, actual, unit) with calamine.

The header row is found in the first rows of the sheet; columns are matched by name with tolerance for
case and diacritics. An actual value may be a number, an Excel percentage (``0.987`` shown ``98,7%``)
or text such as ``98,7%``; anything else is an error naming the cell.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from vbhc.errors import InputError, MultipleErrors, Vitri, Warnings
from vbhc.report import ChiTieu
from vbhc.report.deadlines import fold
from vbhc.sources.workbook import NotAWorkbook, Sheet, column_letter
from vbhc.sources.workbook import read_sheet as read_values

#: The sheet name looked for (compared folded).
SHEET = "Chỉ tiêu"

_COLUMNS: dict[str, tuple[str, ...]] = {
    "ten": ("chi tieu", "ten chi tieu", "noi dung", "noi dung chi tieu"),
    "muc_tieu": (
        "muc tieu",
        "chi tieu ke hoach",
        "ke hoach",
        "chi tieu dat",
        "chi tieu giao",
        "muc tieu dat",
    ),
    "thuc_hien": ("thuc hien", "ket qua", "thuc te", "ket qua thuc hien", "ket qua dat duoc", "da dat"),
    "don_vi": ("don vi", "don vi tinh", "dvt"),
}
_HEADER_ROWS = 15
_NUMBER = re.compile(r"^([+-]?\d{1,3}(?:\.\d{3})+|[+-]?\d+)(?:,(\d+))?\s*(%?)$|^([+-]?\d+(?:\.\d+)?)\s*(%?)$")


def _fix(text: str, where: Vitri, warnings: Warnings | None) -> str:
    try:
        from vbhc.text.legacy import fix_text
    except ImportError:
        return text
    fixed, encoding = fix_text(text)
    if encoding and warnings is not None:
        warnings.add(f"đã chuyển văn bản mã {encoding} sang Unicode", where)
    return fixed


def parse_number(text: str) -> tuple[float, bool] | None:
    """``"98,7%"`` → ``(98.7, True)``; ``"1.250"`` → ``(1250.0, False)``; None when not a number."""
    text = " ".join(text.split())
    match = _NUMBER.match(text)
    if not match:
        return None
    if match[1] is not None:
        value = float(match[1].replace(".", "") + ("." + match[2] if match[2] else ""))
        return value, bool(match[3])
    return float(match[4]), bool(match[5])


def _header(rows: list[tuple[int, list[Any]]]) -> tuple[int, dict[str, int]] | None:
    for row_no, values in rows[:_HEADER_ROWS]:
        found: dict[str, int] = {}
        for col, value in enumerate(values):
            if not isinstance(value, str):
                continue
            key = fold(value).strip(" :.*")
            for field_name, names in _COLUMNS.items():
                if key in names and field_name not in found:
                    found[field_name] = col
        if {"ten", "muc_tieu", "thuc_hien"} <= found.keys():
            return row_no, found
    return None


def read_sheet(sheet: Sheet, source: str | None = None, *, warnings: Warnings | None = None) -> list[ChiTieu]:
    """The indicators of a sheet read by :func:`vbhc.sources.workbook.read_sheet` (with its
    percentage cells); InputError naming the cells when a value is wrong."""
    found = _header(sheet.rows)
    if found is None:
        raise InputError(
            "không tìm thấy dòng tiêu đề của bảng chỉ tiêu; cần các cột «Chỉ tiêu», «Mục tiêu», "
            "«Thực hiện» (và «Đơn vị tính» nếu có)",
            Vitri(tep=source, trang_tinh=sheet.name),
        )
    header_row, columns = found
    errors: list[InputError] = []
    out: list[ChiTieu] = []

    def where(row_no: int, name: str) -> Vitri:
        return Vitri(tep=source, trang_tinh=sheet.name, o=f"{column_letter(columns[name])}{row_no}")

    for row_no, values in sheet.rows[header_row:]:

        def cell(name: str, values: list[Any] = values) -> Any:
            index = columns.get(name)
            return values[index] if index is not None and index < len(values) else None

        name_value = cell("ten")
        if name_value is None or not str(name_value).strip():
            continue
        here = where(row_no, "ten")
        name = _fix(" ".join(str(name_value).split()), here, warnings)
        target = cell("muc_tieu")
        if isinstance(target, int | float) and not isinstance(target, bool):
            percent = (row_no, columns["muc_tieu"]) in sheet.percent
            target = f"{target * 100:g}%" if percent else f"{target:g}"
        target_text = " ".join(str(target or "").split())
        if target_text:
            target_text = _fix(target_text, where(row_no, "muc_tieu"), warnings)
        unit_value = cell("don_vi")
        unit = " ".join(str(unit_value).split()) if unit_value else ""
        value, text = _actual(sheet, row_no, columns.get("thuc_hien"), source, errors)
        if value is not None and text.endswith("%") and not unit:
            unit = "%"
        if not target_text:
            message = f"chỉ tiêu «{name}» chưa có mục tiêu (ví dụ: ≥ 98%)"
            errors.append(InputError(message, where(row_no, "muc_tieu")))
            continue
        if unit == "" and "%" in target_text:
            unit = "%"
        out.append(ChiTieu(name, target_text, value, unit, here, text))
    if errors:
        raise MultipleErrors(list(errors))
    return out


def _actual(
    sheet: Sheet, row_no: int, col: int | None, source: str | None, errors: list[InputError]
) -> tuple[float | None, str]:
    """The actual value of an indicator cell: (number or None, the text shown)."""
    values = sheet.rows[row_no - 1][1]
    value = values[col] if col is not None and col < len(values) else None
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, ""
    if isinstance(value, bool):
        value = None
    if isinstance(value, int | float):
        if (row_no, col) in sheet.percent:
            return float(value) * 100, f"{float(value) * 100:g}%"
        return float(value), f"{value:g}"
    text = " ".join(str(value).split())
    parsed = parse_number(text)
    if parsed is None:
        errors.append(
            InputError(
                f"giá trị thực hiện «{text}» không phải là số "
                "(ví dụ hợp lệ: 98,7%, 0,987 định dạng %, 1.250)",
                Vitri(tep=source, trang_tinh=sheet.name, o=f"{column_letter(col or 0)}{row_no}"),
            )
        )
        return None, text
    number, percent = parsed
    return number, text if not percent else f"{number:g}%"


class _Absent(Exception):
    """The workbook has no indicator sheet (and none was asked for by name)."""


def read(
    path: str | Path, sheet: str | None = None, *, warnings: Warnings | None = None
) -> list[ChiTieu] | None:
    """The indicators in ``path`` (sheet ``sheet`` or «Chỉ tiêu»); None when there is no such sheet."""
    wanted = fold(sheet or SHEET)

    def choose(names: list[str]) -> str:
        found = next((name for name in names if fold(name) == wanted), None)
        if found is not None:
            return found
        if sheet is not None:
            raise InputError(
                f"không có trang tính «{sheet}»; các trang tính: " + ", ".join(f"«{n}»" for n in names),
                Vitri(tep=str(path)),
            )
        raise _Absent

    try:
        found = read_values(Path(path), choose, percent=True)
    except _Absent:
        return None
    except NotAWorkbook as error:  # worded as before: what openpyxl could not open
        opened = error.kind in ("OSError", "ValueError", "KeyError", "InvalidFileException")
        raise InputError(
            f"không mở được tệp Excel: {error.detail}" if opened
            else f"không đọc được tệp Excel (.xlsx): {error.kind}",
            Vitri(tep=str(path)),
        ) from None
    return read_sheet(found, str(path), warnings=warnings)
