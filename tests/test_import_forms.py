"""``vbhc import`` of the sample forms of Phụ lục III (documents vbhc did not make), each cut out of
the decree's own Word file: the source and the list of what is reported are those kept in
tests/import_expected/ (reviewed form by form), the source loads and renders, and no paragraph of
the form is lost without a word."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_forms import forms
from import_helpers import unkept

from vbhc import load, render
from vbhc.importing import import_docx

EXPECTED = Path(__file__).resolve().parent / "import_expected"
FORMS = forms()
#: The forms of mục II of Phụ lục III: 1.x the types of document, 2.x annexes, 3.x copies.
NUMBERS = ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "1.10", "2.1", "2.2", "3.1", "3.2"]


def _import(tmp_path: Path, number: str):
    path = tmp_path / f"mau_{number}.docx"
    path.write_bytes(FORMS[number])
    return path, import_docx(path, nam=2026)


def test_every_form_of_phu_luc_3_is_cut_out():
    assert sorted(FORMS, key=lambda n: [int(x) for x in n.split(".")]) == NUMBERS


@pytest.mark.parametrize("number", NUMBERS)
def test_form_imports_to_the_expected_source_and_report(tmp_path, number):
    _, imported = _import(tmp_path, number)
    assert imported.source_text == (EXPECTED / f"mau_{number}.md").read_text(encoding="utf-8")
    report = (EXPECTED / f"mau_{number}.txt").read_text(encoding="utf-8").splitlines()
    assert [str(a) for a in imported.ambiguities] == report


@pytest.mark.parametrize("number", NUMBERS)
def test_form_source_renders_and_every_paragraph_is_kept_or_reported(tmp_path, number):
    path, imported = _import(tmp_path, number)
    source = tmp_path / f"mau_{number}.md"
    source.write_text(imported.source_text, encoding="utf-8")
    assert unkept(path, imported, render(load(source), tmp_path / "lai.docx")) == []


def test_forms_read_their_components():
    """What the forms say beyond their dotted blanks is read into the right keys."""
    sources = {}
    for number in ("1.2", "1.5", "1.9"):
        text = (EXPECTED / f"mau_{number}.md").read_text(encoding="utf-8")
        sources[number] = load_text(text)
    qd, cv, bb = sources["1.2"], sources["1.5"], sources["1.9"]
    assert qd.loai == "quyet_dinh" and qd.co_quan.chu_quan == "TÊN CQ, TC CHỦ QUẢN1"
    assert qd.tham_quyen_ban_hanh == "THẨM QUYỀN BAN HÀNH6" and len(qd.can_cu) == 3
    assert qd.can_cu[2].startswith("Theo đề nghị của")
    assert [d.kieu for d in qd.noi_dung][:1] == ["dieu"]
    assert cv.loai == "cong_van" and len(cv.kinh_gui) == 2 and cv.noi_nhan == []
    assert (bb.nguoi_ky.chuc_vu, bb.nguoi_ky_2.chuc_vu) == ("CHỦ TỌA", "THƯ KÝ")
    assert bb.luu == ["VT", "Hồ sơ"]


def load_text(text: str):
    from vbhc.sources.markdown import loads

    return loads(text, source="mau.md")
