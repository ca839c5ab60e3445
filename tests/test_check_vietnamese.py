"""Everything the checker says is Vietnamese: rule texts, findings, places, reasons a rule was not
evaluated, over the example documents, the decree's own files and the corpus of broken documents."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from mutate import SOURCES, Docx, render_source
from test_check_mutations import CORPUS

from vbhc.checker import RULES, Report, check
from vbhc.checker.checks import NOT_AUTOMATED

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = Path(__file__).parent / "corpus" / "nd30"

#: English words shaped like a Vietnamese syllable written without marks (the rest are caught by shape).
ENGLISH = {"run", "the", "and", "not", "is", "of", "for", "on", "at", "or", "section", "default"}
#: Units and XML names a message may use as they are.
ALLOWED = {"pt", "mm", "cm"}
#: An ASCII-only Vietnamese syllable: onset, vowels, coda.
_SYLLABLE = re.compile(
    r"(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(ch|ng|nh|[cmnpt])?"
)


def english_words(text: str) -> list[str]:
    """Lower-case ASCII words of ``text`` that are no Vietnamese syllable (proper names, acronyms and
    XML names such as ``w:sz`` are left alone)."""
    text = re.sub(r"\bw:\w+", "", text)
    words = re.findall(r"(?<![\w.])[a-z][a-zA-Z]+\b", text)
    return [
        word
        for word in words
        if word not in ALLOWED and (word in ENGLISH or not _SYLLABLE.fullmatch(word))
    ]


def texts(report: Report) -> Iterator[str]:
    for finding in report.findings:
        yield finding.thay
        yield finding.can
        yield from (str(where) for where in finding.vi_tri)
    yield from (item.ly_do for item in report.khong_danh_gia)
    if report.loai:
        yield report.loai


def test_the_scan_catches_the_english_the_issue_saw() -> None:
    assert english_words("phần (section) 1, đoạn 3") == ["section"]
    assert english_words("canh «left» thay vì canh đều") == ["left"]
    assert english_words("đầu trang (default)") == ["default"]
    assert english_words("cỡ chữ 12 pt, phông «Times New Roman», w:titlePg, canh trái, in đậm") == []


def test_rule_texts_are_vietnamese() -> None:
    for rule in RULES.values():
        for text in (rule.ten, rule.yeu_cau, rule.dieu_khoan):
            assert english_words(text) == [], (rule.id, text)
    for rule_id, reason in NOT_AUTOMATED.items():
        assert english_words(reason) == [], rule_id


def _documents(tmp_path: Path) -> Iterator[Path]:
    for name in SOURCES:
        yield render_source(name, tmp_path)
    from vbhc.sources.markdown import load
    from vbhc.writers.docx import render

    folder = tmp_path / "ke_hoach_cchc_2026"  # the flagship example (the báo cáo needs `vbhc report`)
    shutil.copytree(ROOT / "examples" / folder.name, folder)
    yield render(load(folder / "ke_hoach.md"), folder / "ke_hoach.docx")
    if REFERENCE.exists():
        yield from sorted(REFERENCE.glob("*.docx"))


def test_findings_and_places_are_vietnamese_on_the_examples(tmp_path: Path) -> None:
    seen = 0
    for path in _documents(tmp_path):
        for text in texts(check(path)):
            assert english_words(text) == [], (path.name, text)
            seen += 1
    assert seen > 50  # the decree's files and the examples do have findings and places to read


@pytest.mark.parametrize(("base", "fault", "rule", "severity"), CORPUS, ids=[f[1].__name__ for f in CORPUS])
def test_findings_and_places_are_vietnamese_on_the_mutation_corpus(
    tmp_path: Path, base: str, fault, rule: str, severity
) -> None:
    docx = Docx.open(render_source(base, tmp_path))
    fault(docx)
    report = check(docx.save(tmp_path / f"{fault.__name__}.docx"))
    assert report.findings
    for text in texts(report):
        assert english_words(text) == [], text
