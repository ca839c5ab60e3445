"""``vbhc check`` on big documents: repeated findings grouped, cost linear in the paragraphs (counted,
not timed), JSON written file by file, and documents over the stated limits refused with exit 2."""

from __future__ import annotations

import copy
import json
import signal
import sys
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from mutate import Docx, render_source, set_para_prop, set_run_prop, set_text, text_of

from vbhc.checker import MucDo, check
from vbhc.checker.reader import Paragraph, Table
from vbhc.cli import cli
from vbhc.ooxml import safe as safe_module


@contextmanager
def hang_guard(seconds: int) -> Iterator[None]:
    """Fail (instead of hanging the suite) when the block runs longer than ``seconds``."""

    def stop(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Callable[[int, bool], Path]:
    """A kế hoạch with ``n`` more body paragraphs (each its own text), set wrong (12 pt, left, no
    indent, no spacing) when ``bad``."""
    folder = tmp_path_factory.mktemp("big")
    good = render_source("ke_hoach", folder)
    made: dict[tuple[int, bool], Path] = {}

    def make(n: int, bad: bool = True) -> Path:
        if (n, bad) not in made:
            docx = Docx.open(good)
            model = docx.containing("Kinh phí bố trí")
            if bad:
                set_para_prop(model, "jc", val="left")
                set_para_prop(model, "ind", firstLine="0")
                set_para_prop(model, "spacing", before="0", after="0")
                set_run_prop(model, "sz", "24")
            for i in range(n):
                paragraph = copy.deepcopy(model)
                set_text(paragraph, f"{i * 7919 % 100_003} {text_of(model)}")
                model.addnext(paragraph)
            made[(n, bad)] = docx.save(folder / f"big_{n}_{bad}.docx")
        return made[(n, bad)]

    return make


def invoke(*args: str):
    return CliRunner().invoke(cli, ["check", *args])


def test_repeated_findings_are_one_group_with_count_and_first_five_places(big) -> None:
    report = check(big(200))
    b1 = [f for f in report.findings if f.rule == "B1"]
    assert len(b1) == 1  # 201 paragraphs in 12 pt, left aligned: one finding, not 201
    (finding,) = b1
    assert finding.so_lan == 201 and finding.muc_do is MucDo.LOI
    assert len(finding.vi_tri) == 5
    first = finding.vi_tri[0].doan
    assert [where.doan for where in finding.vi_tri] == list(range(first, first + 5))  # reading order
    assert finding.trich_dan == "Kinh phí bố trí trong dự toán ngân sách xã năm 2026."
    assert len(report.errors) == 3 and report.so_cho(MucDo.LOI) == 3 * 201  # B1, B2, B3

    data = json.loads(invoke("--json", str(big(200))).stdout)
    (b1_json,) = [f for f in data["ket_qua"][0]["phat_hien"] if f["quy_tac"] == "B1"]
    assert b1_json["so_lan"] == 201
    assert [where["doan"] for where in b1_json["vi_tri"]] == list(range(first, first + 5))
    assert b1_json["vi_tri"][0]["mo_ta"] == f"phần 1, đoạn {first}"
    assert data["ket_qua"][0]["so_loi"] == 3

    human = invoke(str(big(200))).output
    assert "3 lỗi (603 chỗ)" in human
    (line,) = [line for line in human.splitlines() if "] B1 " in line]  # one line for the group
    assert f"— 201 chỗ: phần 1, đoạn {first} «Kinh phí" in line and line.count("phần 1, đoạn") == 5


def _operations(path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """Python calls made while checking ``path``, plus every comparison of two paragraphs or tables
    (what ``x in some_list`` costs): a count of work that does not depend on the machine's speed."""
    compared = [0]

    def counting_eq(self, other):
        compared[0] += 1
        return self is other

    monkeypatch.setattr(Paragraph, "__eq__", counting_eq)
    monkeypatch.setattr(Table, "__eq__", counting_eq)
    calls = [0]

    def count(frame, event, arg):
        if event in ("call", "c_call"):
            calls[0] += 1

    sys.setprofile(count)
    try:
        check(path)
    finally:
        sys.setprofile(None)
    return calls[0] + compared[0]


def test_cost_grows_linearly_with_the_paragraphs(big, monkeypatch: pytest.MonkeyPatch) -> None:
    small, large = big(1000), big(4000)
    with hang_guard(300):
        ratio = _operations(large, monkeypatch) / _operations(small, monkeypatch)
    # 4× the paragraphs: linear work is at most 4× (a fixed part makes it less); quadratic is ~16×
    assert ratio < 4.5, ratio


def _stored_docx(path: Path, body: str) -> Path:
    """A minimal DOCX whose body is ``body``, stored uncompressed (no ratio guard is involved)."""
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        document = f'<?xml version="1.0"?><w:document {ns}><w:body>{body}</w:body></w:document>'
        archive.writestr("word/document.xml", document)
    return path


def test_million_empty_paragraphs_are_refused_quickly_with_exit_2(tmp_path: Path) -> None:
    # the stored DOCX of 1.5 million empty paragraphs, under the 64 MB part limit
    path = _stored_docx(tmp_path / "rong.docx", "<w:p></w:p>" * 1_500_000)
    with hang_guard(120):
        result = invoke(str(path))
    assert result.exit_code == 2
    assert "vượt giới hạn 150.000 đoạn" in result.output and "Traceback" not in result.output
    assert "tách văn bản thành nhiều tệp" in result.output


@pytest.mark.parametrize(
    ("limit", "value", "body", "words"),
    [
        ("MAX_PARAGRAPHS", 50, "<w:p/>" * 51, "51 đoạn"),
        ("MAX_RUNS", 20, "<w:p>" + "<w:r><w:t>a</w:t></w:r>" * 21 + "</w:p>", "21 đoạn chữ"),
        ("MAX_ELEMENTS", 40, "<w:p><w:r/></w:p>" * 21, "phần tử XML"),
        ("MAX_ELEMENTS", 40, "<w:p/>" * 81, "thẻ XML"),  # refused before the tree is built
        ("MAX_PARAGRAPH_CHARS", 100, "<w:p><w:r><w:t>" + "ngày " * 21 + "</w:t></w:r></w:p>", "105 ký tự"),
    ],
)
def test_each_limit_gives_a_vietnamese_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: str, value: int, body: str, words: str
) -> None:
    monkeypatch.setattr(safe_module, limit, value)
    if limit == "MAX_PARAGRAPH_CHARS":
        monkeypatch.setattr("vbhc.checker.reader.MAX_PARAGRAPH_CHARS", value)
    path = _stored_docx(tmp_path / "lon.docx", body)
    result = invoke("--json", str(path))
    assert result.exit_code == 2
    (entry,) = json.loads(result.stdout)["ket_qua"]
    assert entry["doc_duoc"] is False and words in entry["loi_doc"] and "vượt giới hạn" in entry["loi_doc"]


def test_limits_let_a_document_at_the_limit_through(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safe_module, "MAX_PARAGRAPHS", 50)
    assert invoke(str(_stored_docx(tmp_path / "vua.docx", "<w:p/>" * 50))).exit_code in (0, 1)


def test_memory_error_is_a_vietnamese_exit_2_and_the_json_stays_whole(
    big, monkeypatch: pytest.MonkeyPatch
) -> None:
    import vbhc.checker

    real = vbhc.checker.check
    fail_on = str(big(10))

    def check_or_run_out(path):
        if str(path) == fail_on:
            raise MemoryError
        return real(path)

    monkeypatch.setattr(vbhc.checker, "check", check_or_run_out)
    ok = str(big(10, bad=False))
    result = invoke("--json", ok, fail_on, ok)
    assert result.exit_code == 2 and "Traceback" not in result.output
    data = json.loads(result.stdout)  # written file by file, still one valid document
    assert data["ma_thoat"] == 2 and [r["doc_duoc"] for r in data["ket_qua"]] == [True, False, True]
    assert "không đủ bộ nhớ" in data["ket_qua"][1]["loi_doc"]
    human = invoke(fail_on)
    assert human.exit_code == 2 and "không đủ bộ nhớ" in human.output and "Traceback" not in human.output
