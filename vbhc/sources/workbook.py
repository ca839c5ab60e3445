"""Opening a task workbook safely: what is not an XLSX gets a message, merged ranges are read from
the sheet XML (openpyxl's read-only mode does not parse them), cell letters."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vbhc.errors import InputError, Vitri

_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s+ref=\"([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?\"")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def column_letter(index: int) -> str:
    """The letter of a 0-based column index: 0 → ``A``."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def column_index(letters: bytes) -> int:
    """The 0-based index of a column's letters: ``b"A"`` → 0."""
    from openpyxl.utils import column_index_from_string

    return column_index_from_string(letters.decode()) - 1


@dataclass(frozen=True)
class Merge:
    """A merged range, 0-based columns and 1-based rows, inclusive."""

    min_row: int
    min_col: int
    max_row: int
    max_col: int


def _open_error(path: Path) -> InputError | None:
    """A message when ``path`` is not an XLSX workbook openpyxl can read, else None."""
    where = Vitri(tep=str(path))
    with path.open("rb") as handle:
        head = handle.read(8)
        if head == _OLE_MAGIC:
            data = head + handle.read()
            if "EncryptedPackage".encode("utf-16-le") in data:
                return InputError(
                    "tệp Excel được đặt mật khẩu (mã hóa), vbhc không đọc được",
                    where,
                    goi_y="mở tệp trong Excel, bỏ mật khẩu (Tệp → Thông tin → Bảo vệ sổ làm việc), lưu lại",
                )
            return InputError(
                "tệp là bảng tính Excel 97–2003 (.xls), vbhc chỉ đọc .xlsx",
                where,
                goi_y="mở tệp trong Excel hoặc LibreOffice và lưu lại dạng .xlsx",
            )
    if head[:4] != b"PK\x03\x04":
        return InputError(
            "tệp không phải bảng tính Excel .xlsx (có thể là CSV hoặc văn bản đổi đuôi)",
            where,
            goi_y="mở tệp trong Excel hoặc LibreOffice và lưu lại dạng .xlsx",
        )
    return None


def load_workbook(path: Path) -> tuple[Any, Any]:
    """The read-only workbook and the open file it reads (a file object, so that openpyxl does
    not judge the file by its extension); close both when done."""
    from openpyxl import load_workbook as open_workbook

    if not path.exists():
        raise InputError("không tìm thấy tệp bảng tính", Vitri(tep=str(path)))
    if path.is_dir():
        raise InputError("đường dẫn là một thư mục, cần một tệp .xlsx", Vitri(tep=str(path)))
    problem = _open_error(path)
    if problem:
        raise problem
    handle = path.open("rb")
    try:
        return open_workbook(handle, read_only=True, data_only=True), handle
    except Exception as error:  # openpyxl raises its own InvalidFileException and others
        handle.close()
        broken = isinstance(error, (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError))
        raise InputError(
            f"tệp không phải bảng tính Excel .xlsx hợp lệ ({type(error).__name__})"
            if broken
            else f"không đọc được bảng tính: {error}",
            Vitri(tep=str(path)),
            goi_y="mở tệp trong Excel hoặc LibreOffice và lưu lại dạng .xlsx",
        ) from None


def merged_ranges(workbook: Any, worksheet: Any) -> list[Merge]:
    """Merged ranges of a read-only sheet, read from its XML (read-only mode does not parse them)."""
    with workbook._archive.open(worksheet._worksheet_path) as source:
        data = source.read()
    start = data.rfind(b"</sheetData>")
    found = []
    for match in _MERGE.finditer(data, max(start, 0)):
        c1, r1, c2, r2 = match.groups()
        c2, r2 = c2 or c1, r2 or r1
        found.append(Merge(int(r1), column_index(c1), int(r2), column_index(c2)))
    return found
