"""Opening a workbook safely and reading one sheet's values with python-calamine.

The package is checked first (:func:`_package`): what is not an XLSX gets a message, the archive is
bounded like a DOCX (members, sizes, compression ratio, each member really decompressed under the
limit), DTDs are refused, and the sheet's extent is bounded (calamine builds a dense grid from A1 to the
farthest cell). Only then are the bytes handed to calamine, whose values are normalised in one place
(:func:`_normal`) to what openpyxl gave before: ``1`` for ``1.0``, None for an empty cell, a
``datetime`` for a date, the formula error text of an error cell, Excel's ``_xHHHH_`` escape for a
control character. :func:`read_sheet_openpyxl`, the reader vbhc used before, stays as the reference
of the equivalence test and the benchmark.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from itertools import chain
from pathlib import Path, PurePosixPath
from typing import Any

from vbhc.errors import InputError, Vitri

_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s+ref=\"([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?\"")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: The most cells (rows × columns, from A1 to the farthest cell) a sheet may span: a task table of
#: 100.000 rows and 50 columns; a stray cell at XFD1048576 would otherwise make a grid of 17 billion.
MAX_CELLS = 5_000_000
_SHEET_DATA = re.compile(rb"<(\w+:)?sheetData\b")
_CELL_REF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\sr="([A-Z]{1,3})(\d{1,7})"')
_ROW_REF = re.compile(rb'<(?:\w+:)?row\b[^>]*?\sr="(\d{1,7})"')
_ERROR_CELL = re.compile(rb'<(?:\w+:)?c\s[^>]*?\bt="e"[^>]*>')
_CELL_TAG = re.compile(rb"<(?:\w+:)?c\s[^>]*>")
_STYLE_ATTR = re.compile(rb'\ss="(\d+)"')
_REF_ATTR = re.compile(rb'\sr="([A-Z]{1,3})(\d{1,7})"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
#: The content types of a workbook's main part (workbook, macro-enabled, template), as openpyxl knew them.
_WORKBOOK_TYPES = frozenset(
    f"application/vnd.{kind}.main+xml"
    for kind in (
        "openxmlformats-officedocument.spreadsheetml.sheet",
        "ms-excel.sheet.macroEnabled",
        "openxmlformats-officedocument.spreadsheetml.template",
        "ms-excel.template.macroEnabled",
    )
)
#: Integer-valued floats below this are whole numbers as openpyxl read them (``<v>3</v>`` → ``3``);
#: from here on openpyxl wrote the exponent form (``1e+16``), which it read back as a float.
_WHOLE_LIMIT = 1e16


def column_letter(index: int) -> str:
    """The letter of a 0-based column index: 0 → ``A``."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def column_index(letters: bytes) -> int:
    """The 0-based index of a column's letters: ``b"A"`` → 0."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number - 1


@dataclass(frozen=True)
class Merge:
    """A merged range, 0-based columns and 1-based rows, inclusive."""

    min_row: int
    min_col: int
    max_row: int
    max_col: int


@dataclass
class Sheet:
    """One sheet's values: ``rows`` numbers every row from 1 to the sheet's last (1-based), each a
    list of values as openpyxl gave them; ``merges`` its merged ranges."""

    name: str
    rows: list[tuple[int, list[Any]]]
    merges: list[Merge]
    percent: frozenset[tuple[int, int]] = frozenset()
    """(row, 0-based column) of the cells shown as a percentage (``0%``), when asked for."""


#: Chooses the sheet to read from the workbook's sheet names (raises InputError when none fits).
Chooser = Callable[[list[str]], str]


class NotAWorkbook(InputError):
    """The file is not a workbook vbhc can read; ``kind`` names the fault as openpyxl did
    (``BadZipFile``, ``KeyError`` …), for the callers that word the message their own way."""

    def __init__(self, message: str, vitri: Vitri, *, goi_y: str | None = None, kind: str = "BadZipFile",
                 detail: str = "File is not a zip file"):
        super().__init__(message, vitri, goi_y=goi_y)
        self.kind = kind
        self.detail = detail  #: the fault's own words (``File contains no valid workbook part``)


def _open_error(path: Path) -> InputError | None:
    """A message when ``path`` is not an XLSX workbook vbhc can read, else None."""
    where = Vitri(tep=str(path))
    with path.open("rb") as handle:
        head = handle.read(8)
        if head == _OLE_MAGIC:
            data = head + handle.read()
            if "EncryptedPackage".encode("utf-16-le") in data:
                return NotAWorkbook(
                    "tệp Excel được đặt mật khẩu (mã hóa), vbhc không đọc được",
                    where,
                    goi_y="mở tệp trong Excel, bỏ mật khẩu (Tệp → Thông tin → Bảo vệ sổ làm việc), lưu lại",
                )
            return NotAWorkbook(
                "tệp là bảng tính Excel 97–2003 (.xls), vbhc chỉ đọc .xlsx",
                where,
                goi_y="mở tệp trong Excel hoặc LibreOffice và lưu lại dạng .xlsx",
            )
    if head[:4] != b"PK\x03\x04":
        return NotAWorkbook(
            "tệp không phải bảng tính Excel .xlsx (có thể là CSV hoặc văn bản đổi đuôi)",
            where,
            goi_y="mở tệp trong Excel hoặc LibreOffice và lưu lại dạng .xlsx",
        )
    return None


def _check_path(path: Path) -> None:
    if not path.exists():
        raise InputError("không tìm thấy tệp bảng tính", Vitri(tep=str(path)))
    if path.is_dir():
        raise InputError("đường dẫn là một thư mục, cần một tệp .xlsx", Vitri(tep=str(path)))
    problem = _open_error(path)
    if problem:
        raise problem


def _broken(path: Path, error: BaseException) -> InputError:
    """The message of a package that is not a valid workbook (as openpyxl's path gave it)."""
    broken = isinstance(error, (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, zlib.error))
    return NotAWorkbook(
        f"tệp không phải bảng tính Excel .xlsx hợp lệ ({type(error).__name__})"
        if broken
        else f"không đọc được bảng tính: {error}",
        Vitri(tep=str(path)),
        goi_y="mở tệp trong Excel hoặc LibreOffice và lưu lại dạng .xlsx",
        kind=type(error).__name__,
        detail=str(error),
    )


def load_workbook(path: Path) -> tuple[Any, Any]:
    """The openpyxl read-only workbook and the open file it reads (a file object, so that openpyxl
    does not judge the file by its extension); close both when done. The reference reader."""
    from openpyxl import load_workbook as open_workbook

    _check_path(path)
    handle = path.open("rb")
    try:
        return open_workbook(handle, read_only=True, data_only=True), handle
    except Exception as error:  # openpyxl raises its own InvalidFileException and others
        handle.close()
        raise _broken(path, error) from None


def merged_ranges(workbook: Any, worksheet: Any) -> list[Merge]:
    """Merged ranges of an openpyxl read-only sheet, read from its XML (read-only mode does not
    parse them)."""
    with workbook._archive.open(worksheet._worksheet_path) as source:
        data = source.read()
    start = data.rfind(b"</sheetData>")
    found = []
    for match in _MERGE.finditer(data, max(start, 0)):
        c1, r1, c2, r2 = match.groups()
        c2, r2 = c2 or c1, r2 or r1
        found.append(Merge(int(r1), column_index(c1), int(r2), column_index(c2)))
    return found


def _unreadable(path: Path, sheet: str, error: BaseException) -> InputError:
    return InputError(f"không đọc được trang tính: {error}", Vitri(tep=str(path), trang_tinh=sheet))


def read_sheet_openpyxl(path: Path, choose: Chooser) -> Sheet:
    """The sheet as openpyxl's read-only mode gives it (cached formula values): the reference
    against which the calamine reader is tested and measured."""
    workbook, handle = load_workbook(path)
    try:
        name = choose([ws.title for ws in workbook.worksheets])
        worksheet = workbook[name]
        try:
            worksheet.reset_dimensions()  # some writers store a wrong <dimension>; read every row
            rows = [(n, list(v)) for n, v in enumerate(worksheet.iter_rows(values_only=True), start=1)]
            merges = merged_ranges(workbook, worksheet)
        except Exception as error:
            raise _unreadable(path, name, error) from None
    finally:
        workbook.close()
        handle.close()
    return Sheet(name, rows, merges)


# --- the package check ----------------------------------------------------------------------------


def _refuse(path: Path, message: str, sheet: str | None = None) -> InputError:
    return InputError(
        message, Vitri(tep=str(path), trang_tinh=sheet),
        goi_y="mở tệp trong Excel hoặc LibreOffice và lưu lại dạng .xlsx",
    )


def _member(path: Path, archive: zipfile.ZipFile, name: str) -> bytes:
    """One member, really decompressed under the part limit (a header may lie about the size)."""
    from vbhc.ooxml.safe import MAX_PART_BYTES

    with archive.open(name) as handle:
        data = handle.read(MAX_PART_BYTES + 1)
    if len(data) > MAX_PART_BYTES:
        raise _refuse(path, f"phần «{name}» lớn hơn {MAX_PART_BYTES // 2**20} MB khi giải nén (nghi bom nén)")
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise _refuse(path, f"phần «{name}» chứa khai báo DTD/thực thể; tệp .xlsx hợp lệ không có khai "
                            "báo này (có thể là tệp độc hại), vbhc từ chối đọc")
    return data


def _bound_archive(path: Path, archive: zipfile.ZipFile) -> None:
    """The limits of vbhc.ooxml.safe on the members' count, sizes and compression ratios."""
    from vbhc.ooxml import safe

    infos = archive.infolist()
    if len(infos) > safe.MAX_MEMBERS:
        raise _refuse(path, f"tệp .xlsx có {len(infos)} phần, vượt giới hạn {safe.MAX_MEMBERS} "
                            "(nghi tệp độc hại)")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size // max(info.compress_size, 1)
        if info.file_size > safe.MAX_PART_BYTES or (
            info.file_size >= safe.RATIO_MIN_BYTES and ratio > safe.MAX_RATIO
        ):
            raise _refuse(path, f"phần «{info.filename}» khai báo {info.file_size:,} byte khi giải nén "
                                f"(tỉ lệ nén {ratio}:1), vượt giới hạn (nghi bom nén)")
    if total > safe.MAX_TOTAL_BYTES:
        raise _refuse(path, f"tệp .xlsx giải nén ra {total:,} byte, vượt giới hạn (nghi bom nén)")


def _part(base: str, target: str) -> str:
    """A relationship target as a part name: ``worksheets/sheet1.xml`` from ``xl/workbook.xml``."""
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = []
    for piece in (PurePosixPath(base).parent / target).parts:
        if piece == "..":
            parts = parts[:-1]
        elif piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _rels(path: Path, archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """The relationships of ``part``: id → (type, part name)."""
    from lxml import etree

    from vbhc.ooxml.safe import parser

    folder, _, name = part.rpartition("/")
    rels = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
    root = etree.fromstring(_member(path, archive, rels), parser())
    return {
        rel.get("Id", ""): (rel.get("Type", ""), _part(part, rel.get("Target", "")))
        for rel in root.iter(f"{_REL_NS}Relationship")
    }


def _sheet_parts(path: Path, archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet name → its part, in workbook order (chart sheets left out, as openpyxl did)."""
    from lxml import etree

    from vbhc.ooxml.safe import parser

    types = etree.fromstring(_member(path, archive, "[Content_Types].xml"), parser())  # KeyError: absent
    books = [
        item.get("PartName", "").lstrip("/") for item in types.iter("{*}Override")
        if item.get("ContentType") in _WORKBOOK_TYPES
    ]
    if not books and any(item.get("ContentType") in _WORKBOOK_TYPES for item in types.iter("{*}Default")):
        books = ["xl/workbook.xml"]  # some applications reassign the default type, openpyxl took this part
    if not books:
        raise OSError("File contains no valid workbook part")  # what openpyxl said of a DOCX
    root = etree.fromstring(_member(path, archive, books[0]), parser())
    rels = _rels(path, archive, books[0])
    found = {}
    for sheet in root.iter("{*}sheet"):
        kind, target = rels.get(sheet.get(_R_ID, ""), ("", ""))
        if kind == _WORKSHEET:
            found[sheet.get("name", "")] = target
    return found


def _extent(data: bytes) -> tuple[int, int]:
    """An upper bound of the rows and columns the sheet XML spans from A1 (cells without ``r`` add
    to it as calamine places them one after the other)."""
    found = _SHEET_DATA.search(data)
    tag = b"<" + (found.group(1) or b"" if found else b"")  # ``<`` or a prefixed ``<x:``
    cells = data.count(tag + b"c ") + data.count(tag + b"c>")
    rows = data.count(tag + b"row ") + data.count(tag + b"row>")
    loose_cells, loose_rows = cells - data.count(tag + b'c r="'), rows - data.count(tag + b'row r="')
    if not loose_cells and not loose_rows and not _far(tag).search(data):
        return 99_999, 26
    max_row = max((int(n) for n in _ROW_REF.findall(data)), default=0)
    letters = {letters for letters, _ in _CELL_REF.findall(data)}
    max_col = max((column_index(c) + 1 for c in letters), default=0)
    max_row = max(max_row, max((int(n) for _, n in _CELL_REF.findall(data)), default=0))
    return max_row + loose_rows, max_col + loose_cells


@cache
def _far(tag: bytes) -> re.Pattern[bytes]:
    """Cell references past column Z or row 99.999: when none is present the extent needs no full scan."""
    start = re.escape(tag)
    return re.compile(start + rb'c r="(?:[A-Z]{2}|[A-Z]\d{6})|' + start + rb'row r="\d{6}')


def _errors(data: bytes) -> dict[tuple[int, int], str]:
    """The formula error values of the sheet (calamine gives ``''`` for them): (row, col) → ``#REF!``."""
    if b't="e"' not in data:
        return {}
    found = {}
    for match in _ERROR_CELL.finditer(data):
        ref = _REF_ATTR.search(match.group(0))
        value = _VALUE.match(data, match.end()) or _VALUE.search(data, match.end(), match.end() + 200)
        if ref and value:
            found[int(ref.group(2)), column_index(ref.group(1))] = value.group(1).decode("utf-8", "replace")
    return found


@dataclass
class _Checked:
    """A package that passed the check: its bytes, the chosen sheet's name, the sheet's last row,
    its formula errors, its XML and the workbook's styles."""

    data: bytes
    name: str
    last_row: int
    errors: dict[tuple[int, int], str]
    xml: bytes
    styles: bytes | None


def _package(path: Path, choose: Chooser) -> _Checked:
    """Check the package and the chosen sheet before calamine reads them."""
    _check_path(path)
    data = path.read_bytes()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _bound_archive(path, archive)
            xml = {
                info.filename: _member(path, archive, info.filename)  # really decompressed, bounded, no DTD
                for info in archive.infolist()
                if info.filename.endswith((".xml", ".rels"))  # what calamine reads (not the media)
            }
            parts = _sheet_parts(path, archive)
    except InputError:
        raise
    except Exception as error:  # a damaged archive or part: BadZipFile, KeyError, XMLSyntaxError …
        raise _broken(path, error) from None
    if not parts:
        raise InputError("bảng tính không có trang tính nào", Vitri(tep=str(path)))
    name = choose(list(parts))
    if parts[name] not in xml:
        raise _broken(path, KeyError(f"There is no item named '{parts[name]}' in the archive"))
    sheet = xml[parts[name]]
    rows, cols = _extent(sheet)
    if rows * cols > MAX_CELLS:
        from vbhc.text.vi import so_tu_nhien

        raise InputError(
            f"trang tính trải tới ô {column_letter(cols - 1)}{rows} ({so_tu_nhien(rows * cols)} ô), vượt "
            f"giới hạn {so_tu_nhien(MAX_CELLS)} ô mà vbhc đọc (có ô lạc ở xa bảng, hoặc tệp độc hại)",
            Vitri(tep=str(path), trang_tinh=name),
            goi_y="xóa các dòng, cột thừa ngoài bảng (Ctrl+End trong Excel cho biết ô cuối) rồi lưu lại",
        )
    last = _ROW_REF.match(sheet, max(sheet.rfind(b"<row "), 0))
    styles = next((part for member, part in xml.items() if member.endswith("/styles.xml")), None)
    return _Checked(data, name, int(last.group(1)) if last else 0, _errors(sheet), sheet, styles)


def _normal(value: Any) -> Any:
    """A calamine value as openpyxl gave it (see the module's docstring)."""
    kind = type(value)
    if kind is str:
        if not value:
            return None
        return _CONTROL.sub(lambda m: f"_x{ord(m.group(0)):04X}_", value) if _CONTROL.search(value) else value
    if kind is float:
        return int(value) if value.is_integer() and abs(value) < _WHOLE_LIMIT else value
    if kind is date:
        return datetime(value.year, value.month, value.day)
    return value


def _percent_cells(sheet: bytes, styles: bytes | None) -> frozenset[tuple[int, int]]:
    """The cells whose number format shows a percentage (calamine gives no formats): (row, col)."""
    from lxml import etree

    from vbhc.ooxml.safe import parser

    if styles is None:
        return frozenset()
    root = etree.fromstring(styles, parser())
    codes = {9: "0%", 10: "0.00%"}  # the built-in percentage formats
    codes.update({int(f.get("numFmtId", "-1")): f.get("formatCode", "") for f in root.iter("{*}numFmt")})
    xfs = root.find("{*}cellXfs")
    wanted = {
        str(index).encode() for index, xf in enumerate(xfs if xfs is not None else [])
        if "%" in codes.get(int(xf.get("numFmtId", "0")), "")
    }
    found = set()
    for match in _CELL_TAG.finditer(sheet):
        style, ref = _STYLE_ATTR.search(match.group(0)), _REF_ATTR.search(match.group(0))
        if style and ref and style.group(1) in wanted:
            found.add((int(ref.group(2)), column_index(ref.group(1))))
    return frozenset(found)


def read_sheet(path: Path, choose: Chooser, *, percent: bool = False) -> Sheet:
    """The values of the sheet ``choose`` picks, read by calamine after the package check, every
    row from 1 to the sheet's last as openpyxl's read-only mode gave them; with ``percent``, the
    cells shown as a percentage too."""
    from python_calamine import CalamineWorkbook

    checked = _package(path, choose)
    name = checked.name
    try:
        with CalamineWorkbook.from_object(io.BytesIO(checked.data)) as workbook:
            sheet = workbook.get_sheet_by_name(name)
            grid = sheet.to_python(skip_empty_area=False)
            merged = sheet.merged_cell_ranges or []
    except Exception as error:  # calamine's XmlError, ZipError … on a damaged part
        raise _unreadable(path, name, error) from None
    if any(map(_CONTROL.search, filter(str.__instancecheck__, chain.from_iterable(grid)))):
        rows = [(number, [_normal(v) for v in values]) for number, values in enumerate(grid, start=1)]
    else:  # no text holds a control character: non-empty texts are kept as they are, fast
        rows = [
            (number, [v if v.__class__ is str and v else _normal(v) for v in values])
            for number, values in enumerate(grid, start=1)
        ]
    rows += [(number, []) for number in range(len(rows) + 1, checked.last_row + 1)]
    for (row, col), text in checked.errors.items():
        values = rows[row - 1][1] if row <= len(rows) else None
        if values is not None and col < len(values) and values[col] is None:
            values[col] = text
    merges = [Merge(r1 + 1, c1, r2 + 1, c2) for (r1, c1), (r2, c2) in merged]
    return Sheet(name, rows, merges, _percent_cells(checked.xml, checked.styles) if percent else frozenset())
