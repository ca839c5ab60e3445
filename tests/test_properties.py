"""Property-based tests (hypothesis): the ND30 date and số forms for every date and number, Roman
numerals, any task text surviving XLSX → DOCX, and ``vbhc check`` on damaged files."""

from __future__ import annotations

import contextlib
import io
import re
import sys
import unicodedata
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from vbhc.text import vi

try:
    from openpyxl.cell.cell import ERROR_CODES
except ImportError:  # pragma: no cover
    ERROR_CODES = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A")

#: spec §9.2 H11 and H17, verbatim
H11 = re.compile(r"^Số: ?(0[1-9]|[1-9]\d+)?\s*/[^\s/]+(-[^\s/-]+)+$")
H17 = re.compile(r"^[^,]+, ngày (0[1-9]|[12]\d|3[01]) tháng (0[12]|[3-9]|1[0-2]) năm \d{4}$")

DATES = st.dates(min_value=date(1945, 1, 1), max_value=date(2100, 12, 31))
PLACES = st.sampled_from(["Hùng Thắng", "Hà Nội", "Thành phố Hồ Chí Minh", "Hải Phòng", "Đắk Lắk"])
SYMBOLS = st.sampled_from(["KH-UBND", "QĐ-UBND", "BC-UBND", "UBND-VP", "TTr-UBND", "GM-VP", "KH-BCĐ"])


@settings(max_examples=50)
@given(when=DATES, place=PLACES)
def test_date_line_matches_h17_and_reads_back(when: date, place: str) -> None:
    line = vi.dia_danh_ngay(place, when)
    match = H17.match(line)
    assert match, line
    day, month = match.group(1), match.group(2)
    assert len(day) == 2  # day always two digits: 05, 14
    assert month.startswith("0") == (when.month <= 2)  # only January and February padded
    assert date(int(line[-4:]), int(month), int(day)) == when
    assert line.startswith(f"{place}, ")


@settings(max_examples=30)
@given(year=st.integers(min_value=1945, max_value=2100), place=PLACES)
def test_draft_date_line_leaves_day_and_month_blank(year: int, place: str) -> None:
    line = vi.dia_danh_ngay(place, None, year)
    assert line == f"{place}, ngày{vi.NGAY_TRONG}tháng{vi.NGAY_TRONG}năm {year}"


@settings(max_examples=50)
@given(number=st.integers(min_value=1, max_value=99999), symbol=SYMBOLS)
def test_so_line_matches_h11_and_reads_back(number: int, symbol: str) -> None:
    line = vi.so_ky_hieu(number, symbol)
    assert H11.match(line), line
    written = line.removeprefix("Số: ").split("/")[0]
    assert int(written) == number
    assert len(written) == max(2, len(str(number)))  # 01–09 padded, no other padding
    assert line.endswith(f"/{symbol}")


@settings(max_examples=10)
@given(symbol=SYMBOLS)
def test_draft_so_line_matches_h11(symbol: str) -> None:
    assert H11.match(vi.so_ky_hieu(None, symbol))


@given(number=st.integers(min_value=-1000, max_value=0))
@settings(max_examples=10)
def test_so_refuses_zero_and_negative(number: int) -> None:
    with pytest.raises(ValueError):
        vi.so(number)


@settings(max_examples=50)
@given(number=st.integers(min_value=1, max_value=3999))
def test_roman_round_trip(number: int) -> None:
    text = vi.roman(number)
    assert set(text) <= set("IVXLCDM")
    assert vi.from_roman(text) == number
    assert vi.from_roman(text.lower()) == number


@settings(max_examples=50)
@given(text=st.text(alphabet="IVXLCDMivxlcdm", min_size=1, max_size=8))
def test_from_roman_accepts_only_canonical_numerals(text: str) -> None:
    value = vi.from_roman(text)
    if value is not None:
        assert vi.roman(value) == text.upper()


# --- any task text survives XLSX → DOCX → read back -----------------------------------------------

#: What a cell may hold: any Unicode except surrogates, controls and line/paragraph separators
#: (control characters are the bad-input corpus' business), no edge whitespace, not a formula nor
#: an error code (openpyxl would store those as formula/error cells).
CELL_TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Co"), blacklist_characters="\ufffe\uffff"
    ),
    min_size=1,
    max_size=40,
).map(lambda s: " ".join(s.split()))
CELL_TEXT = CELL_TEXT.filter(lambda s: s and not s.startswith(("=", "+", "-", "@")) and s not in ERROR_CODES)


def _cell_texts(path: Path) -> list[str]:
    """The text of every table cell (each w:tc once, merged cells included once)."""
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return ["".join(t.text or "" for t in tc.iter(f"{w}t")) for tc in root.iter(f"{w}tc")]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(*[CELL_TEXT] * 5), min_size=1, max_size=6))
def test_task_table_text_survives_xlsx_to_docx(tmp_path: Path, rows: list[tuple[str, ...]]) -> None:
    xlsx = pytest.importorskip("vbhc.sources.xlsx")
    docx = pytest.importorskip("vbhc.writers.docx")
    from xlsx_factory import HEADER, make_tasks_xlsx

    from vbhc.model import PhuLuc
    from vbhc.text.legacy import fix_text

    expected = Counter()
    for row in rows:
        for text in row:
            # what vbhc promises to keep: the text in NFC (legacy-encoded text converted)
            expected[fix_text(unicodedata.normalize("NFC", text))[0]] += 1
    assume(not set(expected) & {*HEADER, *(str(i) for i in range(1, 10))})
    source = make_tasks_xlsx(tmp_path / "nv.xlsx", [(i + 1, *row) for i, row in enumerate(rows)])
    bang = xlsx.read_tasks(source)
    out = docx.render_phu_luc(None, PhuLuc(tieu_de="Danh mục nhiệm vụ", bang=bang), tmp_path / "pl.docx")
    found = Counter(_cell_texts(out))
    for text, count in expected.items():
        assert found[text] == count, (text, found[text], count)


# --- vbhc check on damaged files --------------------------------------------------------------


def _run_vbhc(args: list[str]) -> tuple[int, str, str]:
    """Run the ``vbhc`` entry point in this process, as the console script does."""
    from vbhc.cli import cli
    from vbhc.cli.common import run

    out, err = io.StringIO(), io.StringIO()
    argv = sys.argv
    sys.argv = ["vbhc", *args]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = run(cli)
            except SystemExit as done:
                code = done.code if isinstance(done.code, int) else 1
    finally:
        sys.argv = argv
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def good_docx(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    pytest.importorskip("vbhc.checker")
    from vbhc.sources.markdown import loads
    from vbhc.writers.docx import render_bytes

    source = """---
loai: ke_hoach
co_quan: {ten: ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG, viet_tat: UBND}
dia_danh: Hùng Thắng
so: 5
ngay: 2026-03-05
trich_yeu: Cải cách hành chính năm 2026
nguoi_ky: {tham_quyen: [TM. ỦY BAN NHÂN DÂN], chuc_vu: CHỦ TỊCH, ho_ten: Nguyễn Văn An}
noi_nhan: [Sở Nội vụ]
---

# Mục đích

Nội dung kế hoạch.
"""
    return render_bytes(loads(source, "kh.md"))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.floats(min_value=0.0, max_value=0.999))
def test_check_on_truncated_docx_exits_2_with_a_message(tmp_path: Path, good_docx: bytes, cut: float) -> None:
    path = tmp_path / "cut.docx"
    path.write_bytes(good_docx[: int(len(good_docx) * cut)])
    code, out, err = _run_vbhc(["check", str(path)])
    assert code == 2, (out, err)
    assert str(path) in err and "không đọc được" in err
    assert "Traceback" not in out + err


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_check_on_mutated_docx_never_crashes(tmp_path: Path, good_docx: bytes, data: st.DataObject) -> None:
    damaged = bytearray(good_docx)
    for _ in range(data.draw(st.integers(min_value=1, max_value=8), label="changes")):
        where = data.draw(st.integers(min_value=0, max_value=len(damaged) - 1), label="offset")
        damaged[where] = data.draw(st.integers(min_value=0, max_value=255), label="byte")
    path = tmp_path / "hong.docx"
    path.write_bytes(bytes(damaged))
    code, out, err = _run_vbhc(["check", str(path)])
    assert code in (0, 1, 2), (code, out, err)
    assert "Traceback" not in out + err
    if code == 2:
        assert str(path) in err and "không đọc được" in err
    else:
        assert str(path) in out  # a report for the file


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_template_check_on_mutated_docx_never_crashes(
    tmp_path: Path, good_docx: bytes, data: st.DataObject
) -> None:
    damaged = bytearray(good_docx)
    if data.draw(st.booleans(), label="truncate"):
        damaged = damaged[: data.draw(st.integers(min_value=0, max_value=len(damaged) - 1), label="length")]
    else:
        for _ in range(data.draw(st.integers(min_value=1, max_value=8), label="changes")):
            where = data.draw(st.integers(min_value=0, max_value=len(damaged) - 1), label="offset")
            damaged[where] = data.draw(st.integers(min_value=0, max_value=255), label="byte")
    path = tmp_path / "mau.docx"
    path.write_bytes(bytes(damaged))
    code, out, err = _run_vbhc(["template", "check", str(path)])
    assert code in (0, 1, 2), (code, out, err)
    assert "Traceback" not in out + err
    if code == 2:
        assert str(path) in err and "không đọc được" in err


def test_check_on_files_that_are_not_docx(tmp_path: Path) -> None:
    cases = {
        "rong.docx": b"",
        "van_ban.docx": "Cộng hòa xã hội chủ nghĩa Việt Nam".encode(),
        "anh.docx": b"\x89PNG\r\n\x1a\n" + bytes(100),
        "zip.docx": _zip({"a.txt": b"x"}),
        "xml_hong.docx": _zip({"[Content_Types].xml": b"<Types", "word/document.xml": b"<w:document"}),
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        code, out, err = _run_vbhc(["check", str(path)])
        assert code == 2, (name, out, err)
        assert str(path) in err and "Traceback" not in out + err


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()
