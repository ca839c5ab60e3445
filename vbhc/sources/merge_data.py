"""The data of a mail merge: one row of an XLSX sheet per document, its headers as variable names.

Column headers become ASCII snake_case variables (``Họ và tên`` → ``ho_va_ten``); the original headers
stay reachable as ``cot["Họ và tên"]``; ``stt`` numbers the rows when the sheet has none and ``dong``
is the sheet row. Text typed in a legacy encoding (TCVN3, VNI) is converted, with a warning.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vbhc.errors import InputError, VbhcError, Vitri

#: Names a column cannot take because the context already uses them.
TEN_DANH_RIENG = frozenset({"cot"})


@dataclass(frozen=True)
class Row:
    """One data row: its sheet row number and the variables the template sees."""

    dong: int
    context: dict[str, Any]


def ten_bien(header: str) -> str:
    """A column header as an ASCII snake_case variable name: ``Họ và tên`` → ``ho_va_ten``."""
    text = unicodedata.normalize("NFD", header.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"[^a-z0-9]+", "_", text).strip("_")
    if text and text[0].isdigit():
        text = f"cot_{text}"
    return text


def _cell_value(value: Any) -> Any:
    """A cell as the template sees it: text, whole numbers as int, dates as ``dd/mm/yyyy``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return value


def _fix_legacy(text: str) -> tuple[str, str | None]:
    """``text`` converted from TCVN3/VNI, and the warning to give when it was converted."""
    try:
        from vbhc.text.legacy import canh_bao, fix_text
    except ImportError:  # the legacy-encoding reader is optional
        return text, None
    fixed, encoding = fix_text(text)
    return fixed, (canh_bao(encoding) if encoding else None)


def _column_names(headers: Sequence[Any], columns: Sequence[int]) -> list[str]:
    from vbhc.sources.workbook import column_letter

    names: list[str] = []
    seen: set[str] = set()
    for index in columns:
        header = headers[index]
        base = ten_bien(str(header)) if header not in (None, "") else ""
        if not base:
            base = f"cot_{column_letter(index).lower()}"
        if base in TEN_DANH_RIENG:
            base = f"{base}_2"
        name, n = base, 2
        while name in seen:
            name, n = f"{base}_{n}", n + 1
        seen.add(name)
        names.append(name)
    return names


def read_rows(
    data_xlsx: str | Path, *, sheet: str | None = None, warnings: list[VbhcError] | None = None
) -> tuple[list[str], list[Row]]:
    """Read the data sheet: the first non-empty row holds the headers, each later row one document.

    Returns the variable names and the rows. Fully empty rows are skipped. Each row's context has
    one variable per column, ``cot`` (original header → value), ``dong`` (sheet row) and ``stt``
    (1, 2, … when the sheet has no such column).
    """
    from vbhc.sources.workbook import NotAWorkbook, column_letter, read_sheet

    path = Path(data_xlsx)
    tep = str(path)
    if not path.is_file():
        raise InputError("không tìm thấy tệp dữ liệu", Vitri(tep=tep))

    def choose(names: list[str]) -> str:
        if sheet is None or sheet in names:
            return names[0] if sheet is None else sheet
        raise InputError(
            f"không có trang tính «{sheet}»",
            Vitri(tep=tep),
            goi_y="các trang tính có: " + ", ".join(f"«{s}»" for s in names),
        )

    try:
        read = read_sheet(path, choose)
    except NotAWorkbook as error:
        raise InputError(
            f"không đọc được tệp Excel ({error.kind})",
            Vitri(tep=tep),
            goi_y="dữ liệu trộn thư phải là tệp .xlsx (Excel 2007 trở lên)",
        ) from None
    title = read.name
    headers: list[Any] | None = None
    header_row = 0
    rows: list[Row] = []
    names: list[str] = []
    columns: list[int] = []
    originals: list[str] = []
    for number, values in read.rows:
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        if headers is None:
            headers, header_row = values, number
            columns = [i for i in range(len(headers)) if headers[i] not in (None, "")]
            names = _column_names(headers, columns)
            originals = [unicodedata.normalize("NFC", str(headers[i])).strip() for i in columns]
            continue
        context: dict[str, Any] = {}
        cot: dict[str, Any] = {}
        for index, name, original in zip(columns, names, originals, strict=True):
            value = _cell_value(values[index] if index < len(values) else None)
            if isinstance(value, str) and value:
                value, notice = _fix_legacy(value)
                if notice and warnings is not None:
                    where = Vitri(tep=tep, trang_tinh=title, o=f"{column_letter(index)}{number}")
                    warnings.append(VbhcError(notice, where))
            context[name] = value
            cot[original] = value
        context["cot"] = cot
        context.setdefault("dong", number)
        context.setdefault("stt", len(rows) + 1)
        rows.append(Row(number, context))
    if headers is None or not columns:
        raise InputError(
            "trang tính không có dòng tiêu đề cột",
            Vitri(tep=tep, trang_tinh=title),
            goi_y="dòng đầu tiên ghi tên cột (ví dụ: Họ và tên, Đơn vị), mỗi dòng sau là một văn bản",
        )
    if not rows:
        raise InputError(
            "không có dòng dữ liệu nào dưới dòng tiêu đề",
            Vitri(tep=tep, trang_tinh=title, dong=header_row),
        )
    extra = [n for n in ("dong", "stt") if n not in names]
    return [*names, "cot", *extra], rows
