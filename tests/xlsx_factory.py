"""Helpers that build task spreadsheets for tests (openpyxl), shared by every test module.

>>> path = make_tasks_xlsx(tmp_path / "nv.xlsx", [GROUP_I, TASK_1, TASK_2])
>>> put_formulas(path, {"C5": ("=C4", "Phòng Kinh tế")})  # a formula and the value Excel stores

Rows are lists of cell values in the column order of ``header``; ``None`` leaves a cell empty.
"""

from __future__ import annotations

import importlib
import sys
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from lxml import etree
from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[1]
#: data/, the sample inputs tests, benchmarks and docs share (built by tools/make_data.py).
DATA = ROOT / "data"
sys.path.insert(0, str(ROOT))
make_data = importlib.import_module("tools.make_data")
#: The header of the reference plan's annex, its groups and tasks: the rows of data/nhiem_vu.xlsx.
HEADER, GROUP_I, TASK_1, TASK_2 = make_data.HEADER, make_data.GROUP_I, make_data.TASK_1, make_data.TASK_2

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def make_tasks_xlsx(
    path: Path,
    rows: Iterable[Sequence[Any]],
    *,
    header: Sequence[str] | None = HEADER,
    title_rows: Sequence[str] = (),
    sheet: str = "Nhiệm vụ",
    merges: Sequence[str] = (),
    before_sheets: Sequence[str] = (),
) -> Path:
    """Write a workbook: optional sheets ``before_sheets`` first (empty), then ``sheet`` with
    ``title_rows`` (one text each, in column A), ``header`` and ``rows``; ``merges`` like ``"A3:F3"``.
    """
    workbook = Workbook()
    first = workbook.active
    for name in before_sheets:
        workbook.create_sheet(name)
    worksheet = workbook.create_sheet(sheet)
    workbook.remove(first)
    for text in title_rows:
        worksheet.append([text])
    if header is not None:
        worksheet.append(list(header))
    for row in rows:
        worksheet.append(list(row))
    for ref in merges:
        worksheet.merge_cells(ref)
    workbook.save(path)
    return path


def set_cached_values(path: Path, values: dict[str, Any], sheet_index: int = 0) -> Path:
    """Store ``values`` as the cached results of cells (formula or not) of sheet ``sheet_index``.

    openpyxl cannot compute formulas: it writes ``<f>`` with an empty ``<v>``. Excel and LibreOffice
    store the computed value in ``<v>``; this patches the sheet XML in place to do the same, so that a
    reader opening the file with ``data_only=True`` sees what a user sees. Strings starting with ``#``
    are stored as error values (``#REF!``).
    """
    with zipfile.ZipFile(path) as archive:
        items = [(info, archive.read(info.filename)) for info in archive.infolist()]
    name = f"xl/worksheets/sheet{sheet_index + 1}.xml"
    out = []
    for info, data in items:
        if info.filename == name:
            data = _patch(data, values)
        out.append((info, data))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in out:
            archive.writestr(info, data)
    return path


def _patch(data: bytes, values: dict[str, Any]) -> bytes:
    root = etree.fromstring(data)
    cells = {c.get("r"): c for c in root.iter(f"{{{_NS}}}c")}
    for ref, value in values.items():
        cell = cells[ref] if ref in cells else _new_cell(root, ref)
        v = cell.find(f"{{{_NS}}}v")
        if v is None:
            v = etree.SubElement(cell, f"{{{_NS}}}v")
        if isinstance(value, str):
            cell.set("t", "e" if value.startswith("#") else "str")
        elif "t" in cell.attrib:
            del cell.attrib["t"]
        v.text = str(value)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def put_formulas(path: Path, formulas: dict[str, tuple[str, Any]]) -> Path:
    """Set cells of the first sheet to formulas with cached results: ``{"B3": ("=C2", "Văn phòng")}``.

    All at once: re-saving with openpyxl drops every cached value stored before.
    """
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    for cell, (formula, _) in formulas.items():
        workbook.worksheets[0][cell] = formula
    workbook.save(path)
    return set_cached_values(path, {cell: cached for cell, (_, cached) in formulas.items()})


def _new_cell(root: etree._Element, ref: str) -> etree._Element:
    """Create the empty cell ``ref`` in its row (rows and cells kept in sheet order)."""
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    letters, row_no = coordinate_from_string(ref)
    data = root.find(f"{{{_NS}}}sheetData")
    row = next((r for r in data if int(r.get("r")) == row_no), None)
    if row is None:
        row = etree.Element(f"{{{_NS}}}row", r=str(row_no))
        later = [r for r in data if int(r.get("r")) > row_no]
        (later[0].addprevious(row) if later else data.append(row))
    cell = etree.Element(f"{{{_NS}}}c", r=ref)
    column = column_index_from_string(letters)
    after = [c for c in row if column_index_from_string(coordinate_from_string(c.get("r"))[0]) > column]
    (after[0].addprevious(cell) if after else row.append(cell))
    return cell
