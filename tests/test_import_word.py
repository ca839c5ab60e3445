"""``vbhc import`` of the documents typed the way a clerk types in Word (tests/word_corpus.py: line
shapes, plain-paragraph letterheads, a letterhead after a table, an annex in its own file, a đơn, a
company letter, the decree, typed numbers with tabs and manual line breaks): the source and the
report kept in tests/import_expected/, what the corpus says was typed read into the right keys, and
no paragraph lost without a word."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from import_helpers import unkept
from word_corpus import CORPUS, TRUTH, VAN_BAN_HANH_CHINH, write

from vbhc import load, nd30, render
from vbhc.importing import import_docx

EXPECTED = Path(__file__).resolve().parent / "import_expected"


def _import(tmp_path: Path, name: str):
    path = write(name, tmp_path)
    return path, import_docx(path, nam=2026)


@pytest.mark.parametrize("name", list(CORPUS))
def test_corpus_document_imports_to_the_expected_source_and_report(tmp_path, name):
    _, imported = _import(tmp_path, name)
    assert imported.source_text == (EXPECTED / f"word_{name}.md").read_text(encoding="utf-8")
    report = (EXPECTED / f"word_{name}.txt").read_text(encoding="utf-8").splitlines()
    assert [str(a) for a in imported.ambiguities] == report


@pytest.mark.parametrize("name", list(CORPUS))
def test_corpus_source_renders_and_nothing_is_lost_in_silence(tmp_path, name):
    path, imported = _import(tmp_path, name)
    source = tmp_path / f"{name}.md"
    source.write_text(imported.source_text, encoding="utf-8")
    assert unkept(path, imported, render(load(source), tmp_path / "lai.docx")) == []


VBHC = [name for name, truth in TRUTH.items() if truth.kind == VAN_BAN_HANH_CHINH]


def _sentence(text: str) -> str:
    return " ".join(text.split()).lower()


@pytest.mark.parametrize("name", VBHC)
def test_what_was_typed_is_read_into_its_keys(tmp_path, name):
    facts = TRUTH[name].facts
    _, imported = _import(tmp_path, name)
    source = tmp_path / f"{name}.md"
    source.write_text(imported.source_text, encoding="utf-8")
    van_ban = load(source)
    number, symbol = facts["so"].split("/")
    assert van_ban.loai == facts["loai"]
    assert " ".join(van_ban.co_quan.dong_ten) == facts["co_quan"]
    assert (van_ban.so, van_ban.ky_hieu_day_du) == (int(number), symbol)
    assert (van_ban.ngay, van_ban.dia_danh) == (date.fromisoformat(facts["ngay"]), facts["dia_danh"])
    assert _sentence(van_ban.trich_yeu) == _sentence(facts["trich_yeu"])
    assert tuple(van_ban.kinh_gui) == facts["kinh_gui"]
    signer = facts["nguoi_ky"]
    assert (tuple(van_ban.nguoi_ky.tham_quyen), van_ban.nguoi_ky.chuc_vu, van_ban.nguoi_ky.ho_ten) == (
        signer["tham_quyen"], signer["chuc_vu"], signer["ho_ten"]
    )
    written = [n for n in facts["noi_nhan"] if not (facts["kinh_gui"] and n == nd30.NHU_TREN)]
    assert tuple(van_ban.noi_nhan) == tuple(written)
    assert (tuple(van_ban.luu), van_ban.do_khan) == (facts["luu"], facts["do_khan"])


def test_typed_numbers_become_the_structure(tmp_path):
    """«I.\\t», «1.\\t» bold, «a)\\t», «-\\t» and a manual line break: mục, khoản, điểm, gạch; the list
    «1.» not bold stays a numbered list; the tab after a number is no tab in the text."""
    _, imported = _import(tmp_path, "typed_numbers")
    source = tmp_path / "kh.md"
    source.write_text(imported.source_text, encoding="utf-8")
    kinds = [(d.kieu, d.text) for d in load(source).noi_dung]
    assert kinds[1:6] == [
        ("muc", "I. MỤC ĐÍCH, YÊU CẦU"),
        ("khoan", "1. Mục đích"),
        ("diem", "a) Cán bộ, công chức hiểu rõ nhiệm vụ cải cách hành chính;"),
        ("diem", "b) Người dân, doanh nghiệp biết và giám sát việc thực hiện."),
        ("khoan", "2. Yêu cầu"),
    ]
    assert kinds[6] == ("gach", "- Tuyên truyền thường xuyên, đúng trọng tâm;\nbảo đảm tiết kiệm, hiệu quả.")
    assert [k for k, _ in kinds[8:11]] == ["muc", "liet_ke", "liet_ke"]
    assert not any("\t" in text for _, text in kinds)


@pytest.mark.parametrize("name", VBHC)
def test_the_imported_source_renders_in_nd30_form(tmp_path, name):
    """The words typed in Word, rendered from the imported source, pass the checker without error."""
    from vbhc.checker import check

    _, imported = _import(tmp_path, name)
    source = tmp_path / f"{name}.md"
    source.write_text(imported.source_text, encoding="utf-8")
    report = check(render(load(source), tmp_path / "lai.docx"))
    assert not report.errors, "\n".join(str(f) for f in report.errors)
