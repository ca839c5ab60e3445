"""Fuzz the source reader (issue 13): hostile ``.md`` sources and damaged workbooks go through the library
paths of ``render``, ``annex`` and ``report``. Every example runs in a child process under a hang guard
(a timeout) and a memory guard (RLIMIT_AS); the only acceptable outcomes are a document or a Vietnamese
refusal (:class:`vbhc.errors.VbhcError`) naming the file — never another exception, a hang or a crash.

The examples are derandomised, so CI sees the same ones every run; to hunt for new failures, run with
``VBHC_FUZZ_SEED=<n>`` (and more examples with ``VBHC_FUZZ_EXAMPLES=<n>``).
"""

from __future__ import annotations

import io
import os
import zipfile
from datetime import date
from pathlib import Path

import pytest
from conftest import ke_hoach_source
from guard import Raised, guarded
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from xlsx_factory import GROUP_I, TASK_1, TASK_2, make_tasks_xlsx

EXAMPLES = int(os.environ.get("VBHC_FUZZ_EXAMPLES", "30"))
SEED = os.environ.get("VBHC_FUZZ_SEED")
FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, derandomize=SEED is None, database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _seeded(test):
    return seed(int(SEED))(test) if SEED is not None else test


ANNEX = "phu_luc:\n  - tieu_de: Danh mục nhiệm vụ\n    bang: nhiem_vu.xlsx\n"
BASE = ke_hoach_source().replace("luu: [VT, VHXH]\n", "luu: [VT, VHXH]\n" + ANNEX)

#: Front matter lines a fuzzing run found hostile, and their kin.
YAML_LINES = [
    "phu_luc: true", "phu_luc: {bang: nhiem_vu.xlsx}", "phu_luc: [{tieu_de: X, bang: /etc/passwd}]",
    "phu_luc: [{tieu_de: X, bang: ../../nhiem_vu.xlsx}]",
    "phu_luc: [{tieu_de: X, bang: nhiem_vu.xlsx, sheet: Khác}]",
    "phu_luc: [{tieu_de: X, bang: nguon.md}]", "phu_luc: [{tieu_de: X, bang: [1, 2]}]",
    "co_quan: &a [*a]", "nguoi_ky: !!python/object/apply:os.system ['true']", "so: 1e400", "so: -3",
    "so: 99999999999999999999999", "ngay: 31/02/2026", "ngay: 2026-13-45", "ngay: [1]", "nam: .inf",
    "loai: {a: b}", "loai: quyet_dinh", "loai: cong_van", "do_khan: RẤT KHẨN", "ky_hieu: a b/c",
    "noi_nhan: [[[[[]]]]]", "luu: ~", "can_cu: 'x'", "kinh_gui: {}", "<<: {dia_danh: X}",
    "dia_danh: &x Hà Nội", "dia_danh: *khong_co", "? [a, b]\n: c", "nguon: /etc/passwd",
    "noi_dung: [{kieu: van}]", "nguoi_ky_2: {chuc_vu: THƯ KÝ, ho_ten: A}", "co_quan: {ten: '', viet_tat: ''}",
    "a" * 3000 + ": b", "dia_danh: '" + "x" * 3000 + "'", "x: '\\ud800'", "---", "...",
]
#: Body snippets: deep or ragged structure, slots, raw HTML, control characters, legacy text, Jinja.
BODY_SNIPPETS = [
    "####### Quá sâu", "# " + "Tiêu đề rất dài " * 500, "| a | b |\n|---|---|\n| 1 | 2 | 3 |\n| 4 |",
    "|" * 500, "- a\n  - b\n    - c\n      - d\n        - e", "> " * 200 + "trích dẫn", "[[khong_co]]",
    "[[bang_tong_hop]]", "<script>alert(1)</script>", "\x00\x0b\x1f\ufffe", "Céng hßa x· héi chñ nghÜa",
    "Coäng hoøa xaõ hoäi", "*" * 2000, "[" * 5000, "`" * 3000, "\\" * 1000, "&amp;&#0;&#x110000;",
    "### " + "a" * 40 + "\n" * 30, "\n".join("### Điểm" for _ in range(40)), "{{ so_hoan_thanh }}",
    "{{ khong_co }}", "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "{{ 'a' * 10**9 }}", "{{ 'a'|center(1.5e9) }}", "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
    "{% include 'x' %}", "{{ ''.__class__ }}", "{{ 1/0 }}", "{%", "{{", "}}{%}",
]


def _workbook(folder: Path) -> bytes:
    path = make_tasks_xlsx(folder / "mau.xlsx", [GROUP_I, TASK_1, TASK_2])
    return path.read_bytes()


def _refusal(error: Exception, *names: str) -> str:
    """``refused`` when the message names one of the files, else the message (which fails the test)."""
    message = str(error)
    return "refused" if any(name in message for name in names) else f"the file is not named: {message}"


def read_source(folder: str, data: bytes, templated: bool) -> str:
    """The render and annex paths for one source: load, DOCX bytes, the annex's XLSX."""
    from vbhc.errors import VbhcError
    from vbhc.sources.markdown import load
    from vbhc.writers.docx import render_bytes
    from vbhc.writers.xlsx import write_annex_xlsx

    path = Path(folder) / "nguon.md"
    path.write_bytes(data)
    try:
        van_ban = load(path, context={"so_hoan_thanh": 3, "tong_so": 4} if templated else None)
        render_bytes(van_ban)
        for index, annex in enumerate(van_ban.phu_luc):
            if annex.bang is not None:
                write_annex_xlsx(annex, Path(folder) / f"pl{index}.xlsx", parent=van_ban)
    except VbhcError as error:
        return _refusal(error, "nguon.md")
    return "ok"


def read_workbook(folder: str, data: bytes) -> str:
    """The annex and report paths for one workbook: tasks, indicators, figures, annex XLSX, báo cáo."""
    from vbhc.errors import VbhcError, Warnings
    from vbhc.model import PhuLuc
    from vbhc.report import figures
    from vbhc.sources import chi_tieu
    from vbhc.sources.xlsx import read_tasks
    from vbhc.workflows.report import build
    from vbhc.writers.docx import render_bytes
    from vbhc.writers.xlsx import write_annex_xlsx

    path = Path(folder) / "hong.xlsx"
    path.write_bytes(data)
    warnings = Warnings()
    try:
        bang = read_tasks(path, warnings=warnings)
        write_annex_xlsx(PhuLuc(tieu_de="Danh mục nhiệm vụ", bang=bang), Path(folder) / "pl.xlsx")
        result = figures(bang, date(2026, 6, 30), chi_tieu.read(path, warnings=warnings), warnings=warnings)
        source = Path(folder) / "bao_cao.md"
        source.write_text(ke_hoach_source().replace("loai: ke_hoach", "loai: bao_cao")
                          + "\n{{ so_hoan_thanh }}/{{ tong_so }}\n\n[[bang_tong_hop]]\n", encoding="utf-8")
        render_bytes(build(source, result, bang, warnings=warnings))
    except VbhcError as error:
        return _refusal(error, "hong.xlsx", "bao_cao.md")
    return "ok"


def _assert_clean(outcome: object) -> None:
    if isinstance(outcome, Raised):
        pytest.fail(f"{outcome.name}: {outcome.message}\n{outcome.trace}")
    assert outcome in ("ok", "refused"), outcome


@st.composite
def hostile_sources(draw) -> bytes:
    """A valid source, then a few edits: front matter lines, body snippets, insertions, cuts, bytes."""
    text = BASE
    for _ in range(draw(st.integers(1, 4))):
        edit = draw(st.sampled_from(["yaml", "body", "insert", "cut"]))
        if edit == "yaml":
            lines = text.split("\n")
            end = lines.index("---", 1) if "---" in lines[1:] else len(lines) - 1  # an earlier cut took it
            at = draw(st.integers(1, end))
            line = draw(st.sampled_from(YAML_LINES))
            lines[at:at + draw(st.integers(0, 1))] = [line]
            text = "\n".join(lines)
        elif edit == "body":
            text += "\n\n" + draw(st.sampled_from(BODY_SNIPPETS)) + "\n"
        elif edit == "insert":
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(st.text(max_size=20)) + text[at:]
        else:
            start = draw(st.integers(0, len(text)))
            text = text[:start] + text[start + draw(st.integers(1, 40)):]
    data = text.encode("utf-8", "surrogatepass")
    if draw(st.booleans()) and draw(st.booleans()):  # now and then, broken bytes
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    return data


@_seeded
@FUZZ
@given(data=hostile_sources(), templated=st.booleans())
def test_hostile_sources_never_crash_or_hang(tmp_path_factory, data: bytes, templated: bool) -> None:
    folder = tmp_path_factory.mktemp("nguon")
    (folder / "nhiem_vu.xlsx").write_bytes(_workbook(folder))
    _assert_clean(guarded(read_source, str(folder), data, templated))


#: XML fragments dropped into a sheet or the shared strings.
XML_JUNK = [
    '<c r="A1" t="s"><v>99999</v></c>', '<c r="XFE1048577"><v>1</v></c>', '<c r="B2" t="e"><v>#REF!</v></c>',
    '<c r="B2"><f>1/0</f><v>#DIV/0!</v></c>', '<c r="G5" s="9999"><v>1e308</v></c>',
    '<c r="G5" t="d"><v>2026-02-31</v></c>', '<dimension ref="A1:XFD1048576"/>',
    '<mergeCell ref="A1:Z99999"/>',
    '<row r="0">', "</sheetData>", "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>", "&e;",
    "<si><t>" + "x" * 5000 + "</t></si>", "\x00", "<", "]]>",
]


@st.composite
def damaged_workbooks(draw, valid: bytes) -> bytes:
    """The valid workbook with one damage: cut short, bytes flipped, a member removed or its XML mangled."""
    damage = draw(st.sampled_from(["cut", "flip", "drop", "mangle", "mangle", "mangle"]))
    if damage == "cut":
        return valid[: draw(st.integers(0, len(valid) - 1))]
    if damage == "flip":
        data = bytearray(valid)
        for _ in range(draw(st.integers(1, 8))):
            data[draw(st.integers(0, len(data) - 1))] ^= draw(st.integers(1, 255))
        return bytes(data)
    with zipfile.ZipFile(io.BytesIO(valid)) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    name = draw(st.sampled_from(sorted(members)))
    if damage == "drop":
        del members[name]
    else:
        xml = members[name].decode("utf-8", "replace")
        at = draw(st.integers(0, len(xml)))
        cut = draw(st.integers(0, 30))
        members[name] = (xml[:at] + draw(st.sampled_from(XML_JUNK)) + xml[at + cut:]).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member, content in members.items():
            target.writestr(member, content)
    return out.getvalue()


@pytest.fixture(scope="module")
def valid_workbook(tmp_path_factory) -> bytes:
    return _workbook(tmp_path_factory.mktemp("mau"))


@_seeded
@FUZZ
@given(data=st.data())
def test_damaged_workbooks_never_crash_or_hang(tmp_path_factory, valid_workbook: bytes, data) -> None:
    damaged = data.draw(damaged_workbooks(valid_workbook))
    folder = tmp_path_factory.mktemp("bang")
    _assert_clean(guarded(read_workbook, str(folder), damaged))


def test_the_fuzz_targets_accept_good_input(tmp_path: Path, valid_workbook: bytes) -> None:
    (tmp_path / "nhiem_vu.xlsx").write_bytes(valid_workbook)
    assert guarded(read_source, str(tmp_path), BASE.encode(), False) == "ok"
    assert guarded(read_workbook, str(tmp_path), valid_workbook) == "ok"
