"""The annex (phụ lục) as a print-ready, signed-ready XLSX: title block, then the task table.

Written in openpyxl's write-only mode: one styled cell per column is prepared once and reused for
every row (write-only rows are serialised as soon as they are appended), so the cost is linear and
20,000 rows take about a second. Sizes, margins and the font come from :mod:`vbhc.nd30`.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from vbhc import nd30
from vbhc.files import atomic_output
from vbhc.model import Bang, PhuLuc, VanBan
from vbhc.text import vi, xmltext
from vbhc.writers.sheet import XlsxTemplate, load_template, template_path, workbook_bytes

#: Total width of the table in Excel character units (scaled to the page by fitToWidth).
TABLE_WIDTH_CHARS = 150
#: Characters of text per Excel character unit of column width, and line height per point of
#: font size: used to size rows, since LibreOffice keeps the stored height of every row.
_CHARS_PER_UNIT = 1.1
_LINE = 1.2
#: The sheet of the annex, and the page sheet of the template that gives its print setup.
SHEET_TITLE = "Phụ lục"
#: The styles the annex template's «Kiểu» sheet must hold.
STYLES = (
    "co_quan", "tieu_de_phu_luc", "tieu_de", "kem_theo", "gach", "tieu_de_cot", "nhom", "o_trai", "o_giua",
)  # fmt: skip
_SHEET_PART = "xl/worksheets/sheet1.xml"
#: Columns centred (short labels and dates); others are left-aligned.
_CENTRED = frozenset({"stt", "thoi_gian", "ngay_hoan_thanh", "tien_do"})
#: Space between the last title line and the short rule drawn under it, in points.
_RULE_GAP_PT = 6


class _Styles:
    """Shared style cells of one workbook, from the template: each is a cell whose style array is
    copied (its style is registered in the workbook once)."""

    def __init__(self, worksheet: Any, template: XlsxTemplate) -> None:
        from openpyxl.cell import WriteOnlyCell

        def make(name: str) -> Any:
            return template.styles[name].apply(WriteOnlyCell(worksheet))

        self.co_quan = make("co_quan")
        self.heading = make("tieu_de_phu_luc")
        # the last title line sits at the top of its row, the short rule under it at the row's foot
        self.title = make("tieu_de")
        self.kem_theo = make("kem_theo")
        self.header = make("tieu_de_cot")
        self.group = make("nhom")
        self.left = make("o_trai")
        self.rule = make("gach")
        self.centre = make("o_giua")
        #: the smallest height of each title line's row, set in the template (None: fit the text)
        self.heights = {id(getattr(self, key)): template.styles[name].height for key, name in (
            ("co_quan", "co_quan"), ("heading", "tieu_de_phu_luc"), ("title", "tieu_de"),
            ("kem_theo", "kem_theo"))}  # fmt: skip

    @staticmethod
    def fill(template: Any, worksheet: Any, value: str | None) -> Any:
        """A new cell with ``template``'s style and ``value`` always stored as text."""
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(worksheet)
        cell._style = template._style  # shared, read-only during the write
        if value:
            cell.value = xmltext.strip_forbidden(value)
            cell.data_type = "s"  # never a formula or an error code, whatever the text starts with
        return cell


def _column_widths(bang: Bang) -> list[float]:
    total = sum(cot.do_rong for cot in bang.cot) or 1.0
    return [max(5.0, round(TABLE_WIDTH_CHARS * cot.do_rong / total, 1)) for cot in bang.cot]


def _lines(text: str, width_chars: float) -> int:
    """Printed lines of ``text`` in a column ``width_chars`` wide (an estimate: word wrapping leaves
    about a tenth of each line empty)."""
    capacity = max(1.0, width_chars * _CHARS_PER_UNIT - 1)
    if len(text) <= capacity and "\n" not in text:
        return 1
    return sum(
        1 if len(line) <= capacity else math.ceil(len(line) / (capacity * 0.9)) for line in text.split("\n")
    )


def _row_height(texts: list[str], widths: list[float], size: float) -> float:
    """Row height in points for wrapped ``texts``: LibreOffice does not fit row heights on opening."""
    lines = max((_lines(t, w) for t, w in zip(texts, widths, strict=True) if t), default=1)
    return round(lines * size * _LINE + 4, 1)


def _title_height(text: str, width_chars: float, size: float) -> float:
    return round(_lines(text, width_chars) * size * _LINE + 4, 1)


def _group_label(so: str, ten: str) -> str:
    return f"{so}. {ten}" if so and ten else (so or ten)


def write_annex_xlsx(
    phu_luc: PhuLuc,
    out: str | Path,
    *,
    parent: VanBan | None = None,
    tieu_de_phu_luc: str = nd30.PHU_LUC_LABEL,
    kem_theo: str | None = None,
    inputs: tuple[str | Path, ...] = (),
    template: str | Path | None = None,
) -> Path:
    """Write ``phu_luc`` (its task table) to ``out`` as an XLSX ready to print, sign and stamp.

    The title block holds the parent's agency (capitals, bold), ``tieu_de_phu_luc``, the annex
    title (capitals, bold) and the parent's italic Kèm theo line (``kem_theo`` without a parent,
    e.g. the sheet's own), then a short rule; without either, only the heading and the title.
    ``inputs`` are files ``out`` must never overwrite. ``template``: an office's XLSX template
    (default: templates/phu_luc.xlsx) giving fonts, borders, fills, alignment and the print setup.
    """
    data = annex_xlsx_bytes(
        phu_luc, parent=parent, tieu_de_phu_luc=tieu_de_phu_luc, kem_theo=kem_theo, template=template
    )
    with atomic_output(out, inputs=inputs) as handle:
        handle.write(data)
    return Path(out)


def annex_xlsx_bytes(
    phu_luc: PhuLuc,
    *,
    parent: VanBan | None = None,
    tieu_de_phu_luc: str = nd30.PHU_LUC_LABEL,
    kem_theo: str | None = None,
    template: str | Path | None = None,
) -> bytes:
    """The XLSX file of :func:`write_annex_xlsx`, as bytes.

    openpyxl (write-only) writes the styles, the title block, the header row, the merges and the
    print settings; the task rows, which are most of the file, are then spliced into the sheet XML
    as text built once per row: openpyxl's per-cell writer takes ~100 µs a cell, ten times too slow
    for a 20,000-row annex.
    """
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.cell_range import CellRange

    bang = phu_luc.bang or Bang()
    columns = bang.cot
    ncol = len(columns)
    look = load_template(template or template_path("phu_luc"), styles=STYLES, sheets=(SHEET_TITLE,))
    workbook = Workbook(write_only=True)
    look.default_font(workbook, "o_trai")
    worksheet = workbook.create_sheet(SHEET_TITLE)
    styles = _Styles(worksheet, look)
    widths = _column_widths(bang)
    for index, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = width

    titles: list[tuple[Any, str]] = []
    if parent is not None:
        titles.append((styles.co_quan, " ".join(parent.co_quan.dong_ten)))
    titles.append((styles.heading, tieu_de_phu_luc))
    titles.append((styles.title, vi.upper(phu_luc.tieu_de)))
    kem_theo = parent.kem_theo() if parent is not None else kem_theo
    if kem_theo:
        titles.append((styles.kem_theo, kem_theo))
    header_row = len(titles) + 2  # the short rule's row between the title block and the table
    look.setup(worksheet, SHEET_TITLE, title_rows=(header_row, header_row), widths=False)
    total_width = sum(widths)
    for row, (style, text) in enumerate(titles, start=1):
        gap = _RULE_GAP_PT if row == len(titles) else 0
        fitted = _title_height(text, total_width, style.font.sz or 14) + gap
        worksheet.row_dimensions[row].height = max(fitted, styles.heights[id(style)] or 0)
    letters = [get_column_letter(i) for i in range(1, ncol + 1)]

    def merge(row: int) -> None:
        if ncol > 1:
            worksheet.merged_cells.add(CellRange(f"A{row}:{letters[-1]}{row}"))

    for row, (style, text) in enumerate(titles, start=1):
        worksheet.append([styles.fill(style, worksheet, text)])
        merge(row)
    size = styles.header.font.sz
    worksheet.row_dimensions[header_row].height = _row_height([c.tieu_de for c in columns], widths, size)
    rule = _rule_columns(widths, titles[-1][1], titles[-1][0].font)
    worksheet.append(
        [styles.fill(styles.rule, worksheet, None) if i in rule else None for i in range(rule.stop)]
    )
    worksheet.append([styles.fill(styles.header, worksheet, cot.tieu_de) for cot in columns])
    rows_xml = _rows_xml(bang, letters, styles, header_row + 1, merge, widths).encode("utf-8")
    return workbook_bytes(workbook, {_SHEET_PART: lambda data: _splice(data, rows_xml)})


def _rule_columns(widths: list[float], text: str, font: Any) -> range:
    """The columns whose top border draws the short rule under the last title line: centred, as
    long as ``nd30.RULE_RATIO_DEFAULT`` of that line (the table is scaled to the page width)."""
    from vbhc.text.metrics import text_width_mm

    page = nd30.A4_MM[1] - nd30.MARGINS_LANDSCAPE.left - nd30.MARGINS_LANDSCAPE.right
    line = min(page, text_width_mm(text, font.sz or 14, bold=bool(font.b), italic=bool(font.i)))
    total = sum(widths)
    target = total * nd30.RULE_RATIO_DEFAULT * line / page
    edges = [sum(widths[:i]) for i in range(len(widths) + 1)]

    def cost(span: tuple[int, int]) -> float:
        start, end = edges[span[0]], edges[span[1]]
        return abs((start + end) / 2 - total / 2) + abs(end - start - target)

    pairs = [(i, j) for i in range(len(widths)) for j in range(i + 1, len(widths) + 1)]
    best = min(pairs, key=cost)
    return range(*best)


def _rows_xml(
    bang: Bang, letters: list[str], styles: _Styles, row: int, merge: Any, widths: list[float]
) -> str:
    """The task rows as SpreadsheetML text (inline strings, shared style indexes)."""
    keys = [cot.khoa for cot in bang.cot]
    ids = [(styles.centre if key in _CENTRED else styles.left).style_id for key in keys]
    group_id = styles.group.style_id
    size = styles.left.font.sz
    # per column: the opening of a filled cell and an empty cell, with "{row}" left to fill
    filled = [
        f'<c r="{letter}{{0}}" s="{sid}" t="inlineStr"><is><t xml:space="preserve">'
        for letter, sid in zip(letters, ids, strict=True)
    ]
    empty = [f'<c r="{letter}{{0}}" s="{sid}"/>' for letter, sid in zip(letters, ids, strict=True)]
    group_rest = "".join(f'<c r="{letter}{{0}}" s="{group_id}"/>' for letter in letters[1:])
    columns = list(zip(keys, filled, empty, strict=True))
    line_height = size * _LINE
    # (column index, characters that fit on one line, width): a cell longer than that is measured
    measures = [(index, max(1.0, width * _CHARS_PER_UNIT - 1), width) for index, width in enumerate(widths)]
    parts: list[str] = []
    add = parts.append
    for group in bang.nhom:
        label = _group_label(group.so, group.ten)
        if label:
            height = _row_height([label], [sum(widths)], size)
            add(f'<row r="{row}" ht="{height}" customHeight="1">')
            add(f'<c r="A{row}" s="{group_id}" t="inlineStr"><is><t xml:space="preserve">')
            add(xmltext.escape(label))
            add(f"</t></is></c>{group_rest.format(row)}</row>")
            merge(row)
            row += 1
        for task in group.nhiem_vu:
            fields = task.__dict__
            values = [
                value if isinstance(value := fields.get(key), str) else task.gia_tri(key) for key in keys
            ]
            lines = 1
            for index, capacity, width in measures:
                text = values[index]
                if len(text) > capacity or "\n" in text:
                    lines = max(lines, _lines(text, width))
            cells = "".join(
                f"{open_cell}{xmltext.escape(value)}</t></is></c>" if value else empty_cell
                for value, (_, open_cell, empty_cell) in zip(values, columns, strict=True)
            )
            add(f'<row r="{row}" ht="{round(lines * line_height + 4, 1)}" customHeight="1">')
            add(cells.replace("{0}", str(row)))
            add("</row>")
            row += 1
    return "".join(parts)


def _splice(sheet_xml: bytes, rows_xml: bytes) -> bytes:
    """``rows_xml`` inserted at the end of the sheet data."""
    end = sheet_xml.rindex(b"</sheetData>")
    return sheet_xml[:end] + rows_xml + sheet_xml[end:]
