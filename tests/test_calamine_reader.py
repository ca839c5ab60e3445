"""Issue 19, point 3: workbooks are read with python-calamine, and every value, task and message is
what the openpyxl reader (kept as the reference, ``read_sheet_openpyxl``) gave; the package is checked
before calamine sees it (zip bombs, DTDs, sheets spanning billions of cells)."""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from xlsx_factory import (
    DATA,
    GROUP_I,
    HEADER,
    TASK_1,
    TASK_2,
    make_tasks_xlsx,
    put_formulas,
    set_cached_values,
)

from vbhc.errors import InputError, VbhcError, Warnings
from vbhc.sources import workbook


def first(names: list[str]) -> str:
    return names[0]
VIET = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
ALPHABET = VIET + VIET.upper() + "0123456789 .,;:-/()%&<>\"'\n"
#: Error values as Excel stores them in a cell of type ``e``.
ERRORS = ["#DIV/0!", "#REF!", "#N/A", "#VALUE!", "#NAME?", "#NUM!", "#NULL!"]

texts = st.text(ALPHABET, min_size=1, max_size=30).filter(lambda t: not t.startswith(("=", "-", "+")))
plain_values = st.one_of(
    st.none(),
    st.integers(-(10**15), 10**15),
    st.floats(-1e12, 1e12, allow_nan=False).filter(lambda f: not f.is_integer()),
    st.floats(1e16, 1e20).map(float),  # big whole numbers that openpyxl wrote in exponent form
    st.booleans(),
    st.datetimes(datetime(1901, 1, 1), datetime(2100, 12, 31)).map(lambda d: d.replace(microsecond=0)),
    st.dates(date(1901, 1, 1), date(2100, 12, 31)),
    st.times().map(lambda t: t.replace(microsecond=0)),
    texts,
)
#: What the factory patches into the sheet XML afterwards: a formula with its cached value, an error.
specials = st.one_of(
    # not negative: on a date-formatted cell Excel shows #### (openpyxl gave 1899-12-29, calamine 00:00)
    st.tuples(st.just("formula"), st.one_of(st.integers(0, 1000), texts)),
    st.tuples(st.just("error"), st.sampled_from(ERRORS)),
)


def _letter(col: int) -> str:
    return workbook.column_letter(col)


@st.composite
def generated_workbooks(draw, *, task_like: bool) -> tuple[list[list[object]], dict[str, tuple]]:
    """Rows of cells (a task header first when ``task_like``) and the cells given formulas or errors."""
    width = draw(st.integers(3, 8))
    rows = draw(st.lists(st.lists(plain_values, min_size=0, max_size=width), min_size=1, max_size=12))
    if task_like:
        rows = [list(HEADER), *rows]
    first = 2 if task_like else 1
    chosen = draw(st.dictionaries(
        st.tuples(st.integers(first, len(rows)), st.integers(0, width - 1)), specials, max_size=4
    ))
    return rows, {f"{_letter(col)}{row}": special for (row, col), special in chosen.items()}


def write(path: Path, rows: list[list[object]], special: dict[str, tuple]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Nhiệm vụ"
    for row in rows:
        sheet.append(row)
    book.save(path)
    formulas = {ref: (f"=A1+{index}", value) for index, (ref, (kind, value)) in enumerate(special.items())
                if kind == "formula"}
    if formulas:
        put_formulas(path, formulas)
    errors = {ref: value for ref, (kind, value) in special.items() if kind == "error"}
    if errors:
        set_cached_values(path, errors)
    return path


def _grid(sheet: workbook.Sheet) -> list[tuple[int, list[object]]]:
    """Rows padded to one width: openpyxl's rows end at their last cell, calamine's are a rectangle."""
    width = max((len(values) for _, values in sheet.rows), default=0)
    return [(number, [*values, *[None] * (width - len(values))]) for number, values in sheet.rows]


def _same_types(a: list, b: list) -> None:
    for (n, left), (_, right) in zip(a, b, strict=True):
        assert [type(v) for v in left] == [type(v) for v in right], n


PROPERTY = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPERTY
@given(case=generated_workbooks(task_like=False))
def test_calamine_gives_the_values_openpyxl_gave(tmp_path_factory, case) -> None:
    path = write(tmp_path_factory.mktemp("bang") / "bang.xlsx", *case)
    fast = workbook.read_sheet(path, lambda names: names[0])
    reference = workbook.read_sheet_openpyxl(path, lambda names: names[0])
    assert fast.name == reference.name
    assert _grid(fast) == _grid(reference)
    _same_types(_grid(fast), _grid(reference))
    assert fast.merges == reference.merges


def _outcome(monkeypatch, reader, path: Path) -> tuple[object, list[str]]:
    """What ``read_tasks`` gives with ``reader``: the table (or the messages) and the warnings."""
    from vbhc.sources import xlsx

    monkeypatch.setattr(xlsx, "read_sheet", reader)
    warnings = Warnings()
    try:
        result: object = xlsx.read_tasks(path, warnings=warnings, show_extra=True).model_dump()
    except VbhcError as error:
        result = [str(e) for e in getattr(error, "errors", [error])]
    return result, [str(w) for w in warnings]


@PROPERTY
@given(case=generated_workbooks(task_like=True))
def test_read_tasks_gives_the_tasks_and_messages_openpyxl_gave(tmp_path_factory, case) -> None:
    path = write(tmp_path_factory.mktemp("nv") / "nv.xlsx", *case)
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast = _outcome(monkeypatch, workbook.read_sheet, path)
        reference = _outcome(monkeypatch, workbook.read_sheet_openpyxl, path)
    assert fast == reference


@PROPERTY
@given(case=generated_workbooks(task_like=True))
def test_merge_data_is_what_openpyxl_gave(tmp_path_factory, case) -> None:
    from vbhc.sources.merge_data import read_rows

    path = write(tmp_path_factory.mktemp("tron") / "dl.xlsx", *case)

    def outcome() -> object:
        warnings: list[VbhcError] = []
        try:
            names, rows = read_rows(path, warnings=warnings)
        except InputError as error:
            return str(error)
        return names, [(row.dong, row.context) for row in rows], [str(w) for w in warnings]

    fast = outcome()
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(workbook, "read_sheet", workbook.read_sheet_openpyxl)
        reference = outcome()
    assert fast == reference


@pytest.mark.parametrize("name", ["nhiem_vu.xlsx", "tien_do.xlsx"])
def test_the_annex_docx_is_the_same_as_with_openpyxl(tmp_path: Path, monkeypatch, name: str) -> None:
    """``vbhc annex`` of a fixed workbook writes the same document parts as with the openpyxl reader."""
    from click.testing import CliRunner

    from vbhc.cli import cli
    from vbhc.sources import xlsx

    def annex(out: Path) -> dict[str, bytes]:
        done = CliRunner().invoke(cli, ["annex", str(DATA / name), "-o", str(out), "--extra-columns"])
        assert done.exit_code == 0, done.output
        with zipfile.ZipFile(out) as archive:
            return {n: archive.read(n) for n in archive.namelist() if n != "docProps/core.xml"}

    fast = annex(tmp_path / "calamine.docx")
    monkeypatch.setattr(xlsx, "read_sheet", workbook.read_sheet_openpyxl)
    assert annex(tmp_path / "openpyxl.docx") == fast
    assert b"Ban h\xc3\xa0nh" in fast["word/document.xml"] or name != "nhiem_vu.xlsx"


def test_percentage_cells_of_the_indicator_sheet(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Chỉ tiêu"
    sheet.append(["Chỉ tiêu", "Mục tiêu", "Thực hiện"])
    sheet.append(["Hồ sơ đúng hạn", 0.98, 0.987])
    sheet.append(["Hồ sơ tiếp nhận", 1000, 1250])
    sheet["B2"].number_format = "0%"
    sheet["C2"].number_format = "0.0%"
    sheet["C3"].number_format = "#,##0"
    book.save(tmp_path / "ct.xlsx")
    read = workbook.read_sheet(tmp_path / "ct.xlsx", first, percent=True)
    assert read.percent == {(2, 1), (2, 2)}


# --- the package check: calamine never sees what openpyxl's limits would have refused -------------


def _rezip(source: Path, target: Path, change) -> Path:
    with zipfile.ZipFile(source) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    change(members)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return target


def _sheet_xml(members: dict[str, bytes]) -> str:
    return next(name for name in members if name.startswith("xl/worksheets/sheet"))


def _refusal(path: Path) -> str:
    from vbhc.sources.xlsx import read_tasks

    with pytest.raises(InputError) as caught:
        read_tasks(path)
    message = str(caught.value)
    assert str(path) in message
    return message


@pytest.fixture
def tasks(tmp_path: Path) -> Path:
    return make_tasks_xlsx(tmp_path / "nv.xlsx", [GROUP_I, TASK_1, TASK_2])


def test_a_cell_at_the_far_corner_is_refused_before_calamine_builds_the_grid(tmp_path: Path, tasks) -> None:
    def far(members: dict[str, bytes]) -> None:
        name = _sheet_xml(members)
        members[name] = members[name].replace(
            b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
        )

    message = _refusal(_rezip(tasks, tmp_path / "xa.xlsx", far))
    assert "trang tính «Nhiệm vụ»" in message and "XFD1048576" in message and "vượt giới hạn" in message


def test_a_far_cell_of_a_sheet_with_a_namespace_prefix_is_refused(tmp_path: Path, tasks) -> None:
    def prefixed(members: dict[str, bytes]) -> None:
        members[_sheet_xml(members)] = (
            b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
            b'<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>TT</x:t></x:is></x:c></x:row>'
            b'<x:row r="900000"><x:c r="AAA900000"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>'
        )

    message = _refusal(_rezip(tasks, tmp_path / "tien_to.xlsx", prefixed))
    assert "AAA900000" in message and "vượt giới hạn" in message


def test_cells_without_references_count_towards_the_extent(tmp_path: Path, tasks) -> None:
    def loose(members: dict[str, bytes]) -> None:
        name = _sheet_xml(members)
        row = b"<row>" + b"<c><v>1</v></c>" * 3000 + b"</row>"
        members[name] = members[name].replace(b"</sheetData>", row * 2000 + b"</sheetData>")

    assert "vượt giới hạn" in _refusal(_rezip(tasks, tmp_path / "roi.xlsx", loose))


def test_a_dtd_is_refused(tmp_path: Path, tasks) -> None:
    def dtd(members: dict[str, bytes]) -> None:
        name = _sheet_xml(members)
        members[name] = b"<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>" + members[name]

    assert "DTD" in _refusal(_rezip(tasks, tmp_path / "xxe.xlsx", dtd))


def test_a_zip_bomb_is_refused_by_its_real_size(tmp_path: Path, tasks) -> None:
    """A shared-strings part of 80 MB of spaces: refused whatever its header says."""
    def bomb(members: dict[str, bytes]) -> None:
        members["xl/sharedStrings.xml"] = b'<sst xmlns="x"><si><t>' + b" " * (80 * 2**20) + b"</t></si></sst>"

    message = _refusal(_rezip(tasks, tmp_path / "bom.xlsx", bomb))
    assert "nghi bom nén" in message


def _declare(path: Path, member: str, size: int) -> Path:
    """Make the local and central headers of ``member`` claim ``size`` bytes uncompressed."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        local = archive.getinfo(member).header_offset
    data[local + 22:local + 26] = size.to_bytes(4, "little")
    at = data.find(b"PK\x01\x02")
    while at != -1:
        length = int.from_bytes(data[at + 28:at + 30], "little")
        if data[at + 46:at + 46 + length] == member.encode():
            data[at + 24:at + 28] = size.to_bytes(4, "little")
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    return path


def test_a_header_that_lies_about_the_size_does_not_get_through(tmp_path: Path, tasks) -> None:
    """The headers say 1 KB; the member inflates to 70 MB: never handed to calamine."""
    def bomb(members: dict[str, bytes]) -> None:
        members["xl/sharedStrings.xml"] = b"<sst>" + b" " * (70 * 2**20) + b"</sst>"

    lying = _declare(_rezip(tasks, tmp_path / "noi_doi.xlsx", bomb), "xl/sharedStrings.xml", 1024)
    with zipfile.ZipFile(lying) as archive:
        assert archive.getinfo("xl/sharedStrings.xml").file_size == 1024
    assert "không phải bảng tính Excel .xlsx hợp lệ" in _refusal(lying) or "bom nén" in _refusal(lying)


def test_a_docx_named_xlsx_keeps_its_message(tmp_path: Path) -> None:
    from docx import Document

    path = tmp_path / "van_ban.xlsx"
    Document().save(path)
    assert "không phải bảng tính Excel .xlsx hợp lệ (OSError)" in _refusal(path)


def test_values_of_every_kind_from_a_fixed_sheet(tmp_path: Path) -> None:
    """The normalisation, cell by cell, against what the factory wrote."""
    rows = [[1, 2.5, True, "Việt\nNam", datetime(2026, 3, 15), date(2026, 1, 2), time(8, 15), None, 1e20]]
    path = write(tmp_path / "bang.xlsx", rows, {"H1": ("error", "#REF!"), "I2": ("formula", 7)})
    read = workbook.read_sheet(path, first)
    assert read.rows[0][1] == [1, 2.5, True, "Việt\nNam", datetime(2026, 3, 15), datetime(2026, 1, 2),
                               time(8, 15), "#REF!", 1e20]
    assert [type(v) for v in read.rows[0][1][:2]] == [int, float]
    assert read.rows[1][1][8] == 7
