"""Reading task tables (danh mục nhiệm vụ) from XLSX spreadsheets into a :class:`vbhc.model.Bang`.

The sheet's values (cached formula values) and merged ranges are read once by
:func:`vbhc.sources.workbook.read_sheet` (python-calamine, normalised to what openpyxl gave). The
header row may sit below title rows; columns are matched by name, tolerant of case, diacritics,
spacing, line breaks and the usual variants (see ``docs/phu-luc.md``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from vbhc import model
from vbhc.errors import InputError, MultipleErrors, VbhcError, Vitri, Warnings
from vbhc.sources.task_columns import (
    AMBIGUOUS_KET_QUA,
    COT_THEO_KHOA,
    match_column,
    normalize_header,
)
from vbhc.sources.workbook import Merge, column_letter, read_sheet
from vbhc.text import vi, xmltext

#: The sheet looked for first (then the first sheet).
SHEET_NAME = "Nhiệm vụ"
#: How many rows from the top are searched for the header row.
HEADER_SEARCH_ROWS = 30
#: Formula error values Excel stores as cached results.
FORMULA_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"}
)
REQUIRED = ("noi_dung", "chu_tri")
#: Cells converted from a legacy encoding that get a warning each; the rest are counted.
MAX_LEGACY_WARNINGS = 10

_ROMAN_LABEL = re.compile(r"^\s*([IVXLCDM]+)\s*[.)]?(?:\s+(.*)|\s*)$", re.DOTALL)
_LETTER_LABEL = re.compile(r"^\s*[A-Z]\s*[.)]?\s*$")
#: Labels of sub-items kept as written and not counted: ``-``, ``+``, ``a)``, ``đ.``, ``1.1``.
_SUB_LABEL = re.compile(r"^\s*(?:[-+–•*]|[a-zđ][.)]|\d+(?:\.\d+)+\.?)\s*$")
_NUMBER_LABEL = re.compile(r"^\s*\(?(\d+)[.)]?\s*$")
_DATE_TEXT = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
#: Excel's limit on the characters of one cell.
EXCEL_CELL_LIMIT = 32_767
_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


@dataclass
class _Layout:
    """Where each column is: model key → column index; extra columns: index → header text;
    ``headers``: every header cell as written, by column index."""

    header_row: int
    columns: dict[str, int]
    extra: dict[int, str]
    headers: dict[int, str]


class _Reader:
    """One pass over one sheet, collecting errors and warnings."""

    def __init__(self, path: Path, sheet: str, warnings: Warnings) -> None:
        self.path = path
        self.file = str(path)
        self.sheet = sheet
        self.warnings = warnings
        self.errors: list[VbhcError] = []
        self._seen: dict[str, tuple[str, str | None, bool]] = {}
        #: Texts seen before whose cleaning gives no warning: raw value → text (None → "").
        self.plain: dict[Any, str] = {None: ""}
        self.legacy_cells = 0

    def where(self, row: int | None = None, col: int | None = None) -> Vitri:
        cell = f"{column_letter(col)}{row}" if row is not None and col is not None else None
        return Vitri(tep=self.file, trang_tinh=self.sheet, o=cell, dong=row if cell is None else None)

    def text(self, value: Any, row: int, col: int) -> str:
        """A cell value as the text a user sees; formula errors are recorded."""
        if value is None:
            return ""
        if isinstance(value, bool):
            return "Có" if value else "Không"
        if isinstance(value, datetime):
            if value.time() == time(0) or value.year > 1900:
                return vi.ngay_ngan(value.date())
            return value.strftime("%H:%M")
        if isinstance(value, date):
            return vi.ngay_ngan(value)
        if isinstance(value, time):
            return value.strftime("%H:%M")
        if isinstance(value, int):
            return str(value)
        if isinstance(value, float):
            return str(int(value)) if value.is_integer() else f"{value:.15g}"
        text = str(value)
        if len(text) >= EXCEL_CELL_LIMIT:  # Excel cuts longer cells at its limit: refuse, never truncate
            self.errors.append(
                InputError(
                    f"ô chạm giới hạn {vi.so_tu_nhien(EXCEL_CELL_LIMIT)} ký tự một ô của Excel; "
                    "nội dung có thể đã bị cắt",
                    self.where(row, col),
                    goi_y="rút gọn nội dung ô hoặc tách thành nhiều nhiệm vụ",
                )
            )
            return ""
        stripped = text.strip()
        if stripped in FORMULA_ERRORS:
            self.errors.append(
                InputError(
                    f"ô chứa lỗi công thức {stripped}",
                    self.where(row, col),
                    goi_y="sửa công thức trong Excel (tham chiếu, phép chia, tên hàm) rồi lưu lại tệp",
                )
            )
            return ""
        return self._clean(text, row, col)

    def _clean(self, text: str, row: int, col: int) -> str:
        cached = self._seen.get(text)
        if cached is None:
            cleaned = text
            if "_x" in cleaned:  # Excel's escapes of control characters: _x000B_ (line break), _x0000_
                cleaned = _EXCEL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), cleaned)
            cleaned = cleaned.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
            cleaned = cleaned.replace("\xa0", " ")
            controls = bool(xmltext.FORBIDDEN.search(cleaned))
            cleaned = xmltext.FORBIDDEN.sub("", cleaned) if controls else cleaned
            encoding = None
            if not cleaned.isascii():
                cleaned, encoding = _fix_text(cleaned)
            lines = [" ".join(line.split()) for line in cleaned.split("\n")]
            cached = self._seen[text] = (vi.nfc("\n".join(lines).strip()), encoding, controls)
            if not encoding and not controls:
                self.plain[text] = cached[0]
        if cached[1]:
            self._legacy(cached[1], row, col)
        if cached[2]:
            self.warnings.add("đã bỏ ký tự điều khiển không in được trong ô", self.where(row, col))
        return cached[0]

    def _legacy(self, encoding: str, row: int, col: int) -> None:
        """Warn about a converted cell; after ``MAX_LEGACY_WARNINGS`` cells, count them instead."""
        self.legacy_cells += 1
        if self.legacy_cells <= MAX_LEGACY_WARNINGS:
            self.warnings.add(f"đã chuyển văn bản mã {encoding} sang Unicode", self.where(row, col))

    def finish(self) -> None:
        """Add the summary warnings of the pass."""
        more = self.legacy_cells - MAX_LEGACY_WARNINGS
        if more > 0:
            self.warnings.add(f"và {more} ô khác gõ mã cũ cũng đã được chuyển sang Unicode", self.where())


def _fix_text(text: str) -> tuple[str, str | None]:
    """Convert legacy Vietnamese encodings (TCVN3, VNI) when the shared converter is available."""
    try:
        from vbhc.text.legacy import fix_text
    except ImportError:  # pragma: no cover - the converter ships with vbhc
        return vi.nfc(text), None
    return fix_text(text)


def _choose_sheet(names: list[str], path: Path, sheet: str | None) -> str:
    if not names:
        raise InputError("bảng tính không có trang tính nào", Vitri(tep=str(path)))
    wanted = sheet or SHEET_NAME
    for name in names:
        if normalize_header(name) == normalize_header(wanted):
            return name
    if sheet is not None:
        raise InputError(
            f"không có trang tính «{sheet}»; các trang tính có: " + ", ".join(f"«{n}»" for n in names),
            Vitri(tep=str(path)),
        )
    return names[0]


def _find_header(rows: list[tuple[int, list[Any]]], reader: _Reader) -> _Layout:
    best: tuple[int, int, dict[str, int], dict[int, str]] | None = None
    expected = ("stt", "noi_dung", "chu_tri", "phoi_hop", "thoi_gian")
    duplicates: list[tuple[str, int, int]] = []
    for row_no, values in rows[:HEADER_SEARCH_ROWS]:
        columns: dict[str, int] = {}
        extra: dict[int, str] = {}
        repeated: list[tuple[str, int, int]] = []
        for col, value in enumerate(values):
            if value is None or not str(value).strip():
                continue
            header = " ".join(vi.nfc(str(value)).split())
            key = match_column(normalize_header(header))
            if key is not None and key in columns:
                repeated.append((header, columns[key], col))
            elif key is None:
                extra[col] = header
            else:
                columns[key] = col
        score = len(columns)
        if score >= 2 and (best is None or score > best[1]):
            best = (row_no, score, columns, extra)
            duplicates = repeated
            if "noi_dung" in columns and "chu_tri" in columns:
                break
    if best is None:
        raise InputError(
            f"không tìm thấy dòng tiêu đề bảng trong {HEADER_SEARCH_ROWS} dòng đầu",
            reader.where(),
            goi_y="cần một dòng tiêu đề có các cột như "
            + ", ".join(f"«{COT_THEO_KHOA[k].tieu_de}»" for k in expected),
        )
    row_no, _, columns, extra = best
    headers = {**extra, **{col: _header_text(rows, row_no, col) for col in columns.values()}}
    if duplicates:
        raise MultipleErrors(
            [
                InputError(
                    f"cột «{header}» lặp lại ở ô {column_letter(first)}{row_no} và "
                    f"{column_letter(col)}{row_no}; vbhc không biết lấy cột nào",
                    reader.where(row_no, col),
                    goi_y="đổi tên hoặc xóa một trong hai cột",
                )
                for header, first, col in duplicates
            ]
        )
    if AMBIGUOUS_KET_QUA in columns:
        col = columns.pop(AMBIGUOUS_KET_QUA)
        progress = {"san_pham", "tien_do", "ngay_hoan_thanh"} & columns.keys()
        target = "ket_qua" if progress else "san_pham"
        if target in columns:
            extra[col] = headers[col]
        else:
            columns[target] = col
    missing = [key for key in REQUIRED if key not in columns]
    if missing:
        raise MultipleErrors(
            [
                InputError(
                    "dòng tiêu đề thiếu cột "
                    + f"«{COT_THEO_KHOA[key].tieu_de}» (đã tìm các tên: "
                    + ", ".join(f"«{name}»" for name in COT_THEO_KHOA[key].ten)
                    + ")",
                    reader.where(row_no),
                )
                for key in missing
            ]
        )
    return _Layout(row_no, columns, dict(sorted(extra.items())), headers)


def _header_text(rows: list[tuple[int, list[Any]]], row_no: int, col: int) -> str:
    values = next(values for number, values in rows if number == row_no)
    return " ".join(vi.nfc(str(values[col])).split())


def _title_lines(rows: list[tuple[int, list[Any]]], header_row: int) -> list[str]:
    """The sheet's own title: each non-empty row above the header, its cells joined."""
    lines = []
    for row_no, values in rows:
        if row_no >= header_row:
            break
        line = " ".join(" ".join(vi.nfc(str(v)).split()) for v in values if v is not None)
        if line.strip():
            lines.append(line.strip())
    return lines


def _headerless_columns(rows: list[tuple[int, list[Any]]], layout: _Layout) -> None:
    """Name the data columns that have no header (``Cột H``), so that their cells are kept."""
    used = set(layout.columns.values()) | set(layout.extra)
    data = [values for row_no, values in rows if row_no > layout.header_row]  # rows of one width
    for col in range(len(data[0]) if data else 0):
        if col not in used and any(v[col] is not None and str(v[col]).strip() for v in data):
            layout.extra[col] = layout.headers[col] = f"Cột {column_letter(col)}"
    layout.extra = dict(sorted(layout.extra.items()))


def _is_column_numbers(values: list[str]) -> bool:
    """A row that only numbers the columns: ``(1) (2) (3)`` or ``1 2 3`` under the header."""
    filled = [v for v in values if v]
    if len(filled) < 3:
        return False
    numbers = []
    for value in filled:
        match = _NUMBER_LABEL.match(value)
        if not match:
            return False
        numbers.append(int(match.group(1)))
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _parse_date(value: Any, text: str, reader: _Reader, row: int, col: int) -> date | None:
    if value is None or text == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _DATE_TEXT.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            pass
    reader.errors.append(
        InputError(
            f"ngày hoàn thành «{text}» không hợp lệ",
            reader.where(row, col),
            goi_y="ghi ngày dạng dd/mm/yyyy (ví dụ 15/3/2026) hoặc định dạng ô là Ngày",
        )
    )
    return None


def read_tasks(
    path: str | Path,
    sheet: str | None = None,
    *,
    warnings: Warnings | None = None,
    columns: Sequence[str] | None = None,
    show_extra: bool = False,
    giu_tieu_de: bool = False,
    warn_unprinted: bool = True,
) -> model.Bang:
    """Read a task table from ``path`` (sheet ``sheet``, else «Nhiệm vụ», else the first sheet).

    ``columns`` chooses the printed columns by model key (``stt``, ``noi_dung`` … ``ghi_chu``) or by
    the header text of an extra column; by default the columns of ``model.COT_NHIEM_VU``, followed by
    every other column of the sheet when ``show_extra``. Printed headers are the ND30 ones, or the
    sheet's own when ``giu_tieu_de``. The sheet's title rows above the header are kept in
    ``Bang.tieu_de_goc``. Each non-empty column left unprinted is named in ``warnings`` (unless
    ``warn_unprinted`` is False, for a caller that reads the columns itself). Raises
    InputError/MultipleErrors naming file, sheet and cell; non-fatal findings go to ``warnings``.
    """
    path = Path(path)
    warnings = warnings if warnings is not None else Warnings()
    read = read_sheet(path, lambda names: _choose_sheet(names, path, sheet))
    rows, merges, reader = read.rows, read.merges, _Reader(path, read.name, warnings)
    width = max((len(values) for _, values in rows), default=0)
    for _, values in rows:
        values.extend([None] * (width - len(values)))
    layout = _find_header(rows, reader)
    _headerless_columns(rows, layout)
    groups = _read_rows(rows, layout, merges, reader)
    reader.finish()
    if reader.errors:
        raise reader.errors[0] if len(reader.errors) == 1 else MultipleErrors(reader.errors)
    if not any(group.nhiem_vu for group in groups):
        raise InputError("bảng không có nhiệm vụ nào dưới dòng tiêu đề", reader.where(layout.header_row))
    printed = _printed_columns(layout, columns, show_extra, giu_tieu_de, reader)
    bang = model.Bang(
        cot=printed, nhom=groups, nguon=str(path), tieu_de_goc=_title_lines(rows, layout.header_row)
    )
    if warn_unprinted:
        _warn_unprinted(bang, layout, reader)
    return bang


def _warn_unprinted(bang: model.Bang, layout: _Layout, reader: _Reader) -> None:
    """Name every column that has data but is not printed: nothing is dropped without a word."""
    printed = {cot.khoa for cot in bang.cot}
    keys = {col: key for key, col in layout.columns.items()} | {col: h for col, h in layout.extra.items()}
    tasks = bang.nhiem_vu
    for col, key in sorted(keys.items()):
        if key in printed or key == "stt" or not any(task.gia_tri(key) for task in tasks):
            continue
        reader.warnings.add(
            f"cột {column_letter(col)} «{layout.headers[col]}» có dữ liệu nhưng phụ lục không in cột này; "
            "dùng --extra-columns để in mọi cột (thư viện: show_extra=True)",
            reader.where(layout.header_row, col),
        )


def _fill_merges(rows: list[tuple[int, list[Any]]], merges: list[Merge], first_row: int) -> set[int]:
    """Copy the value of vertically merged data cells down; return the rows merged across columns."""
    by_row = {row_no: values for row_no, values in rows}
    wide: set[int] = set()
    for merge in merges:
        if merge.max_row < first_row:
            continue
        if merge.max_col > merge.min_col:
            wide.update(range(merge.min_row, merge.max_row + 1))
        if merge.max_row == merge.min_row:
            continue
        top = by_row.get(merge.min_row)
        value = top[merge.min_col] if top and merge.min_col < len(top) else None
        for row_no in range(merge.min_row + 1, merge.max_row + 1):
            values = by_row.get(row_no)
            if values is not None and merge.min_col < len(values):
                values[merge.min_col] = value
    return wide


def _read_rows(
    rows: list[tuple[int, list[Any]]], layout: _Layout, merges: list[Merge], reader: _Reader
) -> list[model.NhomNhiemVu]:
    cols = layout.columns
    first = layout.header_row + 1
    wide_rows = _fill_merges(rows, merges, first)
    groups: list[model.NhomNhiemVu] = [model.NhomNhiemVu()]
    numbering_warned = False
    group_numbers: list[int] = []
    numbered = 0  # numbered tasks of the current group (sub-items keep their own label)
    plain = reader.plain
    for row_no, values in rows:
        if row_no < first:
            continue
        texts = [plain[v] if v in plain else reader.text(v, row_no, c) for c, v in enumerate(values)]
        if not any(texts):
            continue
        if row_no == first and _is_column_numbers(texts):
            continue
        stt = texts[cols["stt"]] if "stt" in cols else ""
        roman = _ROMAN_LABEL.match(stt) if stt else None
        if roman and vi.from_roman(roman.group(1)) is None:
            roman = None
        alone = texts.count("") == len(texts) - 1
        only_title = alone and not _NUMBER_LABEL.match(next(t for t in texts if t))
        lettered = bool(stt) and bool(_LETTER_LABEL.match(stt)) and not texts[cols["chu_tri"]]
        if roman or lettered or only_title or (row_no in wide_rows and not texts[cols["chu_tri"]]):
            groups.append(_group(texts, cols, roman, row_no, reader, group_numbers))
            _warn_group_cells(texts, groups[-1], row_no, reader)
            numbered = 0
            continue
        group = groups[-1]
        sub_item = bool(stt) and _SUB_LABEL.match(stt) is not None
        task_no = stt if sub_item else str(numbered + 1)
        task = _task(values, texts, layout, row_no, reader, task_no)
        if task is None:
            continue
        if not sub_item:
            numbered += 1
        if stt and not sub_item and stt.rstrip(".") != task_no and not numbering_warned:
            numbering_warned = True
            reader.warnings.add(
                f"số thứ tự «{stt}» khác số tự đánh {task_no}; vbhc đánh số lại từ 1 trong mỗi nhóm",
                reader.where(row_no, cols["stt"]),
            )
        group.nhiem_vu.append(task)
    if not groups[0].nhiem_vu:
        groups.pop(0)
    return groups


def _group(
    texts: list[str],
    cols: dict[str, int],
    roman: re.Match[str] | None,
    row_no: int,
    reader: _Reader,
    numbers: list[int],
) -> model.NhomNhiemVu:
    so = ""
    title = texts[cols["noi_dung"]]
    if roman:
        so = roman.group(1).upper()
        inline = (roman.group(2) or "").strip()
        title = title or inline
        value = vi.from_roman(so) or 0
        expected = numbers[-1] + 1 if numbers else 1
        if value != expected:
            reader.warnings.add(
                f"nhóm «{so}» không theo thứ tự số La Mã liên tiếp", reader.where(row_no, cols["stt"])
            )
        numbers.append(value)
    elif _LETTER_LABEL.match(texts[cols["stt"]] if "stt" in cols else ""):
        so = texts[cols["stt"]].strip().rstrip(".)").strip()
    if not title:
        title = next((t for t in texts if t), "")
        label = _ROMAN_LABEL.match(title)
        if label and vi.from_roman(label.group(1)) and label.group(2):
            so, title = label.group(1), label.group(2).strip()
    return model.NhomNhiemVu(so=so, ten=title)


def _words(text: str) -> str:
    """``text`` reduced to its words: «I. Tên nhóm» and «I Tên nhóm» are the same label."""
    return " ".join(re.sub(r"[.):;,]+(?=\s|$)", " ", text).split())


def _warn_group_cells(texts: list[str], group: model.NhomNhiemVu, row_no: int, reader: _Reader) -> None:
    """Name the cells of a group row that its printed label (number and name) leaves out."""
    label = _words(f"{group.so} {group.ten}")
    seen: set[str] = set()
    for col, text in enumerate(texts):
        if text and _words(text) not in label and text not in seen:
            seen.add(text)
            reader.warnings.add(
                f"dòng nhóm «{group.ten or group.so}» chỉ in số và tên nhóm; ô này không được in: «{text}»",
                reader.where(row_no, col),
            )


def _task(
    values: list[Any], texts: list[str], layout: _Layout, row_no: int, reader: _Reader, stt: str
) -> model.NhiemVu | None:
    """The task of one row (numbered ``stt``), or None after recording its errors."""
    cols = layout.columns
    data: dict[str, Any] = {"stt": stt}
    for key, col in cols.items():
        if key == "ngay_hoan_thanh":
            data[key] = _parse_date(values[col], texts[col], reader, row_no, col)
        elif key != "stt":
            data[key] = texts[col]
    ok = True
    for key in REQUIRED:
        if not data.get(key):
            ok = False
            what = "nội dung công việc" if key == "noi_dung" else "cơ quan chủ trì"
            reader.errors.append(
                InputError(
                    f"nhiệm vụ thiếu {what}",
                    reader.where(row_no, cols[key]),
                    goi_y=f"điền cột «{layout.headers[cols[key]]}» hoặc xóa dòng nếu không dùng",
                )
            )
    if not ok:
        return None
    them = {header: texts[col] for col, header in layout.extra.items() if texts[col]}
    vitri = f"{reader.file}, trang tính «{reader.sheet}», dòng {row_no}"
    return model.NhiemVu(**data, them=them, vitri=vitri)


def _printed_columns(
    layout: _Layout, columns: Sequence[str] | None, show_extra: bool, giu_tieu_de: bool, reader: _Reader
) -> list[model.Cot]:
    """The printed columns: chosen by ``columns``, else the ND30 ones (and every other one when
    ``show_extra``); headed by the ND30 names, or the sheet's own when ``giu_tieu_de``."""
    standard = {cot.khoa: cot for cot in model.COT_NHIEM_VU}

    def of_key(key: str) -> model.Cot:
        cot = standard.get(key) or model.Cot(
            khoa=key, tieu_de=COT_THEO_KHOA[key].tieu_de, do_rong=COT_THEO_KHOA[key].do_rong
        )
        if giu_tieu_de and key in layout.columns:
            return cot.model_copy(update={"tieu_de": layout.headers[layout.columns[key]]})
        return cot

    def of_extra(header: str) -> model.Cot:
        return model.Cot(khoa=header, tieu_de=header, do_rong=1.5)

    if columns is None:
        chosen = [of_key(cot.khoa) for cot in model.COT_NHIEM_VU]
        if show_extra:
            by_column = {col: key for key, col in layout.columns.items() if key not in standard}
            by_column.update(layout.extra)
            for _, key in sorted(by_column.items()):
                chosen.append(of_key(key) if key in COT_THEO_KHOA else of_extra(key))
        return chosen
    extra = {normalize_header(h): h for h in layout.extra.values()}
    out = []
    for name in columns:
        if name in COT_THEO_KHOA:
            out.append(of_key(name))
        elif normalize_header(name) in extra:
            out.append(of_extra(extra[normalize_header(name)]))
        else:
            raise InputError(
                f"không có cột «{name}» để hiển thị; dùng một trong: "
                + ", ".join([*COT_THEO_KHOA, *layout.extra.values()]),
                reader.where(layout.header_row),
            )
    return out
