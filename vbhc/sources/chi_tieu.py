"""Reading the plan's indicators (sheet «Chỉ tiêu»: indicator, target, actual, unit) with openpyxl.

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


def find_sheet(workbook: Any, name: str | None = None) -> Any | None:
    """The indicator sheet of an open workbook (``name`` or «Chỉ tiêu»), None when absent."""
    wanted = fold(name or SHEET)
    for sheet in workbook.worksheets:
        if fold(sheet.title) == wanted:
            return sheet
    return None


def _header(sheet: Any) -> tuple[int, dict[str, int]] | None:
    for row in sheet.iter_rows(min_row=1, max_row=_HEADER_ROWS):
        found: dict[str, int] = {}
        for cell in row:
            if not isinstance(cell.value, str):
                continue
            key = fold(cell.value).strip(" :.*")
            for field_name, names in _COLUMNS.items():
                if key in names and field_name not in found:
                    found[field_name] = cell.column
        if {"ten", "muc_tieu", "thuc_hien"} <= found.keys():
            return row[0].row, found
    return None


def read_sheet(sheet: Any, source: str | None = None, *, warnings: Warnings | None = None) -> list[ChiTieu]:
    """The indicators of an openpyxl worksheet; InputError naming the cells when a value is wrong."""
    found = _header(sheet)
    if found is None:
        raise InputError(
            "không tìm thấy dòng tiêu đề của bảng chỉ tiêu; cần các cột «Chỉ tiêu», «Mục tiêu», "
            "«Thực hiện» (và «Đơn vị tính» nếu có)",
            Vitri(tep=source, trang_tinh=sheet.title),
        )
    header_row, columns = found
    errors: list[InputError] = []
    out: list[ChiTieu] = []
    for row in sheet.iter_rows(min_row=header_row + 1):
        by_col = {cell.column: cell for cell in row if getattr(cell, "column", None)}

        def cell(name: str, by_col: dict = by_col) -> Any:
            index = columns.get(name)
            return by_col.get(index) if index else None

        name_cell = cell("ten")
        if name_cell is None or name_cell.value is None or not str(name_cell.value).strip():
            continue
        here = Vitri(tep=source, trang_tinh=sheet.title, o=name_cell.coordinate)
        name = _fix(" ".join(str(name_cell.value).split()), here, warnings)
        target_cell = cell("muc_tieu")
        target = target_cell.value if target_cell is not None else None
        if isinstance(target, int | float) and not isinstance(target, bool):
            percent = "%" in (target_cell.number_format or "")
            target = f"{target * 100:g}%" if percent else f"{target:g}"
        target_text = " ".join(str(target or "").split())
        if target_text and target_cell is not None:
            target_where = Vitri(tep=source, trang_tinh=sheet.title, o=target_cell.coordinate)
            target_text = _fix(target_text, target_where, warnings)
        unit_cell = cell("don_vi")
        unit = " ".join(str(unit_cell.value).split()) if unit_cell is not None and unit_cell.value else ""
        actual_cell = cell("thuc_hien")
        value, text = _actual(actual_cell, source, sheet.title, errors)
        if value is not None and text.endswith("%") and not unit:
            unit = "%"
        if not target_text:
            errors.append(
                InputError(
                    f"chỉ tiêu «{name}» chưa có mục tiêu (ví dụ: ≥ 98%)",
                    Vitri(tep=source, trang_tinh=sheet.title, o=_coord(row, columns["muc_tieu"])),
                )
            )
            continue
        if unit == "" and "%" in target_text:
            unit = "%"
        out.append(ChiTieu(name, target_text, value, unit, here, text))
    if errors:
        raise MultipleErrors(list(errors))
    return out


def _coord(row: Any, column: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(column)}{row[0].row}"


def _actual(cell: Any, source: str | None, title: str, errors: list[InputError]) -> tuple[float | None, str]:
    """The actual value of an indicator cell: (number or None, the text shown)."""
    if cell is None or cell.value is None or (isinstance(cell.value, str) and not cell.value.strip()):
        return None, ""
    value = cell.value
    if isinstance(value, bool):
        value = None
    if isinstance(value, int | float):
        if "%" in (cell.number_format or ""):
            return float(value) * 100, f"{float(value) * 100:g}%"
        return float(value), f"{value:g}"
    text = " ".join(str(value).split())
    parsed = parse_number(text)
    if parsed is None:
        errors.append(
            InputError(
                f"giá trị thực hiện «{text}» không phải là số "
                "(ví dụ hợp lệ: 98,7%, 0,987 định dạng %, 1.250)",
                Vitri(tep=source, trang_tinh=title, o=cell.coordinate),
            )
        )
        return None, text
    number, percent = parsed
    return number, text if not percent else f"{number:g}%"


def read(
    path: str | Path, sheet: str | None = None, *, warnings: Warnings | None = None
) -> list[ChiTieu] | None:
    """The indicators in ``path`` (sheet ``sheet`` or «Chỉ tiêu»); None when there is no such sheet."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, data_only=True, read_only=False)
    except (OSError, ValueError, KeyError) as error:
        if isinstance(error, FileNotFoundError):
            raise
        raise InputError(f"không mở được tệp Excel: {error}", Vitri(tep=str(path))) from None
    except Exception as error:  # zipfile.BadZipFile and friends
        raise InputError(
            f"không đọc được tệp Excel (.xlsx): {type(error).__name__}", Vitri(tep=str(path))
        ) from None
    found = find_sheet(workbook, sheet)
    if found is None:
        if sheet is not None:
            raise InputError(
                f"không có trang tính «{sheet}»; các trang tính: "
                + ", ".join(f"«{ws.title}»" for ws in workbook.worksheets),
                Vitri(tep=str(path)),
            )
        return None
    return read_sheet(found, str(path), warnings=warnings)
