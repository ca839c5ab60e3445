"""Rule P10: text a reader does not see (hidden, white on white, the colour of its shading) is reported
as a warning, with its place and the hidden words, instead of being dropped in silence."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import word_corpus as wc
from lxml import etree
from mutate import Docx, render_source, set_text, text_of, w

from vbhc.checker import MucDo, check
from vbhc.checker.check_page import HIDDEN
from vbhc.checker.reader import read

SECRET = "Nội dung này không ai nhìn thấy khi in"
DECREE = Path(__file__).parent / "corpus" / "nd30" / "30_2020_ND_CP.docx"


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_source("ke_hoach", tmp_path_factory.mktemp("hidden"))


def _prop(tag: str, **attributes: str) -> etree._Element:
    element = etree.Element(w(tag))
    for key, value in attributes.items():
        element.set(w(key), value)
    return element


def add_run(paragraph: etree._Element, text: str, *props: etree._Element) -> None:
    """A run holding ``text`` with the run properties ``props``, after the paragraph's last run."""
    run = etree.SubElement(paragraph, w("r"))
    rpr = etree.SubElement(run, w("rPr"))
    rpr.extend(props)
    t = etree.SubElement(run, w("t"))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def planted(good: Path, tmp_path: Path, *props: etree._Element, text: str = SECRET) -> Path:
    docx = Docx.open(good)
    add_run(docx.containing("Kinh phí bố trí"), f" {text}", *props)
    return docx.save(tmp_path / "an.docx")


def _only_p10(path: Path):
    report = check(path)
    assert report.rule_ids() == {"P10"}, [(f.rule, f.thay) for f in report.findings]
    (finding,) = report.findings
    assert finding.muc_do is MucDo.CANH_BAO and finding.so_lan == 1
    return report, finding


def test_a_rendered_document_has_no_hidden_text(good: Path) -> None:
    assert "P10" in check(good).dat


@pytest.mark.parametrize(
    ("props", "kind"),
    [
        ((lambda: [_prop("vanish")]), "vanish"),
        ((lambda: [_prop("specVanish")]), "specVanish"),
        ((lambda: [_prop("color", val="FFFFFF")]), "white"),
        ((lambda: [_prop("color", val="ffffff"), _prop("highlight", val="white")]), "white"),
        ((lambda: [_prop("color", val="1F3864"), _prop("shd", val="clear", color="auto", fill="1F3864")]),
         "background"),
        ((lambda: [_prop("color", val="FFFF00"), _prop("highlight", val="yellow")]), "background"),
    ],
    ids=["vanish", "specVanish", "white", "white-on-white-highlight", "same-as-shading", "same-as-highlight"],
)
def test_text_off_the_page_is_a_warning_with_place_and_words(good: Path, tmp_path: Path, props, kind) -> None:
    path = planted(good, tmp_path, *props())
    _, finding = _only_p10(path)
    assert finding.thay == HIDDEN[kind]
    assert finding.trich_dan == SECRET
    (where,) = finding.vi_tri
    paragraph = next(p for p in read(path).paragraphs() if p.where.doan == where.doan)
    # the reader still leaves the hidden words out of the text the other rules judge
    assert paragraph.stripped == "Kinh phí bố trí trong dự toán ngân sách xã năm 2026."


def test_web_hidden_text_is_printed_and_reported(good: Path, tmp_path: Path) -> None:
    path = planted(good, tmp_path, _prop("webHidden"))
    _, finding = _only_p10(path)
    assert finding.thay == HIDDEN["webHidden"] and finding.trich_dan == SECRET
    texts = [p.stripped for p in read(path).paragraphs()]
    assert f"Kinh phí bố trí trong dự toán ngân sách xã năm 2026. {SECRET}" in texts


def test_table_of_contents_page_numbers_are_not_hidden_text(good: Path, tmp_path: Path) -> None:
    # Word writes the tab leader and page number of each TOC entry with w:webHidden
    assert "P10" in check(planted(good, tmp_path, _prop("webHidden"), text="\u00a0........ 12")).dat


def test_white_text_on_a_dark_cell_is_read_and_not_reported(good: Path, tmp_path: Path) -> None:
    docx = Docx.open(good)
    cell = next(docx.document.iter(w("tc")))  # the letterhead's agency cell
    tcpr = cell.find(w("tcPr"))
    tcpr.append(_prop("shd", val="clear", color="auto", fill="1F3864"))
    add_run(cell.find(w("p")), " TRẮNG TRÊN NỀN XANH", _prop("color", val="FFFFFF"))
    path = docx.save(tmp_path / "nen_toi.docx")
    report = check(path)
    assert "P10" in report.dat
    first = read(path).sections[0].blocks[0].rows[0][0].paragraphs[0]
    assert first.stripped.endswith("TRẮNG TRÊN NỀN XANH")


def test_text_the_colour_of_its_paragraph_shading(good: Path, tmp_path: Path) -> None:
    docx = Docx.open(good)
    paragraph = docx.containing("Kinh phí bố trí")
    paragraph.find(w("pPr")).append(_prop("shd", val="clear", color="auto", fill="C0C0C0"))
    add_run(paragraph, f" {SECRET}", _prop("color", val="c0c0c0"))
    _, finding = _only_p10(docx.save(tmp_path / "nen_doan.docx"))
    assert finding.thay == HIDDEN["background"]


def test_hidden_text_in_the_header_names_the_header(good: Path, tmp_path: Path) -> None:
    docx = Docx.open(good)
    header = next(name for name in docx.headers() if docx.xml(name).find(f".//{w('p')}") is not None)
    add_run(docx.xml(header).find(f".//{w('p')}"), SECRET, _prop("vanish"))
    _, finding = _only_p10(docx.save(tmp_path / "dau_trang.docx"))
    assert finding.vi_tri[0].dau_trang is not None
    assert "đầu trang" in str(finding.vi_tri[0])


def test_hidden_text_in_hundreds_of_paragraphs_is_one_group(good: Path, tmp_path: Path) -> None:
    docx = Docx.open(good)
    model = docx.containing("Kinh phí bố trí")
    for i in range(300):
        paragraph = copy.deepcopy(model)
        set_text(paragraph, f"Đoạn {i} của kinh phí.")
        add_run(paragraph, f" {SECRET} {i}", _prop("vanish"))
        model.addnext(paragraph)
    report = check(docx.save(tmp_path / "nhieu.docx"))
    (finding,) = [f for f in report.findings if f.rule == "P10"]
    assert finding.so_lan == 300 and len(finding.vi_tri) == 5
    assert finding.trich_dan == f"{SECRET} 299"  # the first in reading order (each copy goes after the model)


def test_runs_hidden_alike_are_one_excerpt(good: Path, tmp_path: Path) -> None:
    docx = Docx.open(good)
    paragraph = docx.containing("Kinh phí bố trí")
    add_run(paragraph, " Phần một,", _prop("vanish"))
    add_run(paragraph, " phần hai", _prop("vanish"), _prop("b"))
    _, finding = _only_p10(docx.save(tmp_path / "hai_run.docx"))
    assert finding.trich_dan == "Phần một, phần hai"


def test_the_decree_has_a_white_bracket_in_its_signature_block() -> None:
    report = check(DECREE)
    (finding,) = [f for f in report.findings if f.rule == "P10"]
    assert finding.thay == HIDDEN["white"] and finding.trich_dan == "["
    assert str(finding.vi_tri[0]) == "phần 1, bảng 2, dòng 1, ô 2, đoạn 6"


#: A document of each kind in the Word corpus: đơn, not a văn bản hành chính, annex, kế hoạch, công văn.
ONE_OF_EACH = (
    "don_plain_letterhead",
    "company_letter",
    "annex_own_file",
    "typed_numbers",
    "cong_van_line_page",
)


@pytest.mark.parametrize("name", ONE_OF_EACH)
def test_hidden_text_is_reported_whatever_the_kind(tmp_path: Path, name: str) -> None:
    clean = check(wc.write(name, tmp_path))
    docx = Docx(wc.CORPUS[name]())
    last = [p for p in docx.paragraphs() if text_of(p).strip()][-1]
    add_run(last, f" {SECRET}", _prop("color", val="FFFFFF"))
    report = check(docx.save(tmp_path / f"{name}_an.docx"))
    assert report.kind is clean.kind
    assert report.rule_ids() == clean.rule_ids() | {"P10"}
    (finding,) = [f for f in report.findings if f.rule == "P10"]
    assert finding.thay == HIDDEN["white"] and finding.trich_dan == SECRET
