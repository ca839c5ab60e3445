"""A table of the content → a Markdown table (``| a | b |``), bold and italic kept in the cells."""

from __future__ import annotations

from vbhc.checker.reader import Cell, Table
from vbhc.importing.inline import normalise, plain, to_markdown_all
from vbhc.importing.notes import Notes
from vbhc.model import Run


def _cell_runs(cell: Cell, notes: Notes, where) -> list[Run]:
    """The runs of a cell, its paragraphs joined by a space (a Markdown cell holds one line)."""
    paragraphs = [p for p in cell.paragraphs if p.stripped]
    if cell.tables:
        notes.add(where, "bảng lồng trong ô: nhập chữ của bảng lồng vào ô, không giữ dạng bảng")
    if len(paragraphs) > 1:
        notes.add(where, f"ô có {len(paragraphs)} đoạn: nối thành một dòng (ô bảng Markdown chỉ có một dòng)")
    runs: list[Run] = []
    for index, paragraph in enumerate(paragraphs):
        if index:
            runs.append(Run(text=" "))
        for run in paragraph.runs:
            text = " ".join(run.text.replace("\n", " ").replace("\t", " ").split(" "))
            runs.append(Run(text=text, bold=run.fmt.bold, italic=run.fmt.italic))
    return normalise(runs)


def table_markdown(table: Table, notes: Notes) -> str:
    """The Markdown of ``table``: its first row is the header (vbhc prints header cells bold, so a
    header row bold all over is read as plain)."""
    rows = [[_cell_runs(cell, notes, cell.paragraphs[0].where if cell.paragraphs else table.where)
             for cell in row] for row in table.rows]
    rows = [row for row in rows if row]
    if not rows:
        notes.add(table.where, "bảng không có ô nào: bỏ qua")
        return ""
    width = max(len(row) for row in rows)
    if any(len(row) != width for row in rows):
        notes.add(table.where, "bảng có ô gộp hoặc hàng thiếu ô: thêm ô trống cho đủ cột")
    header = rows[0]
    if all(run.bold for cell in header for run in cell if run.text.strip()):
        header = [[Run(text=plain(cell))] if cell else [] for cell in header]
    grid = [[*row, *([[]] * (width - len(row)))] for row in [header, *rows[1:]]]
    inlines = to_markdown_all([cell for row in grid for cell in row], cell=True)
    lost = any(inline.emphasis_lost for inline in inlines)
    lines = []
    for number in range(len(grid)):
        cells = [inline.markdown for inline in inlines[number * width : (number + 1) * width]]
        lines.append("| " + " | ".join(cells) + " |")
        if number == 0:
            lines.append("|" + "|".join(["---"] * width) + "|")
    if lost:
        notes.add(table.where, "không giữ được chữ đậm, nghiêng ở một số ô (đặt sát dấu câu)")
    return "\n".join(lines)
