"""``vbhc check --fix``: a copy repaired without touching the words, every change listed.

Documents with planted errors (rendered by vbhc and broken with tests/mutate.py, the Word-like corpus
of tests/word_corpus.py, the decree's own files) are repaired; the tests open the copy and look at
what a reader sees (margins, fonts, sizes, texts), compare every paragraph's text before and after,
and check the copy again.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import sys
import tempfile
import zipfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
import word_corpus
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from mutate import (
    Docx,
    next_paragraph,
    remove,
    render_source,
    replace_text,
    set_all_fonts,
    set_para_prop,
    set_run_prop,
    text_of,
    w,
)

from vbhc import nd30
from vbhc.checker import check
from vbhc.cli import cli
from vbhc.cli.common import run
from vbhc.repair import FIXABLE, REPORT_ONLY, Change, repair, repair_file

CORPUS = Path(__file__).parent / "corpus" / "nd30"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@cache
def good(name: str) -> Path:
    """A clean document vbhc renders (one per kind), made once."""
    return render_source(name, Path(tempfile.mkdtemp(prefix="vbhc-fix-")))


def broken(name: str, *faults: Callable[[Docx], None], folder: Path) -> Path:
    docx = Docx.open(good(name))
    for fault in faults:
        fault(docx)
    return docx.save(folder / f"{name}-{'-'.join(f.__name__ for f in faults)}.docx")


# --- what a reader sees -------------------------------------------------------------------------------


def paragraph_texts(path: Path) -> list[str]:
    """The text of every paragraph of the body (table cells included), in order."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return [text_of(p) for p in root.iter(w("p"))]


def shown_texts(path: Path) -> list[str]:
    """The text a reader sees in every paragraph of the body and its tables, in order (legacy 8-bit
    fonts read as Unicode, hidden text left out); headers hold the page number the repair may add."""
    from vbhc.checker.reader import read

    return [p.text for p in read(path).paragraphs()]


#: What a repair may change in a text: digits (zero-padding), dashes, spaces, list punctuation.
_NOT_WORDS = re.compile(r"[\d\s\-–—.;,:]")
#: The rules whose repair changes characters of a paragraph.
_TEXT_RULES = {"H4", "H13", "H19", "R2", "R3", "R5", "B5"}


def assert_words_kept(before: Path, after: Path, changes: list[Change]) -> None:
    """Every paragraph keeps its text, except those the change list says it changed, and those only
    in digits, dashes, spaces and punctuation; the paragraphs added are empty (drawn rules)."""
    old = [t for t in shown_texts(before) if t.strip()]
    new = [t for t in shown_texts(after) if t.strip()]
    assert len(old) == len(new)
    differ = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    text_changes = [c for c in changes if c.da_sua and c.rule in _TEXT_RULES]
    assert len(differ) <= len(text_changes), differ
    for a, b in differ:
        assert _NOT_WORDS.sub("", a) == _NOT_WORDS.sub("", b), (a, b)
        assert any(" ".join(a.split()).startswith(c.trich_dan.rstrip("…")) for c in text_changes), a


def done(changes: list[Change], rule: str) -> list[Change]:
    return [c for c in changes if c.da_sua and c.rule == rule]


def assert_nothing_fixable_left(path: Path, changes: list[Change]) -> None:
    """``--fix`` of the repaired copy has nothing left to repair, and every finding of ``vbhc check``
    on it is in the change list with the fix to make."""
    again = [c for c in repair(path)[1] if c.da_sua]
    assert again == [], again
    left = {(c.rule, c.truoc.split(" (")[0]) for c in changes if not c.da_sua}
    for finding in check(path).findings:
        assert (finding.rule, finding.thay.split(" (")[0]) in left, finding


def document_xml(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


# --- the decree's annex with a 4 mm right margin ----------------------------------------------------


def test_phuluc4_right_margin_takes_the_rule_books_value(tmp_path: Path) -> None:
    source = CORPUS / "Phuluc4.docx"
    assert "P3" in check(source).rule_ids()
    changes = repair_file(source, tmp_path / "p4.docx")
    margin = document_xml(tmp_path / "p4.docx").find(f".//{w('pgMar')}")
    assert int(margin.get(w("right"))) == nd30.twips(nd30.MARGINS_OFFICIAL.right)
    [p3] = done(changes, "P3")
    assert (p3.truoc, p3.sau) == ("lề phải 4,3 mm", "lề phải 20 mm")
    assert "P3" not in check(tmp_path / "p4.docx").rule_ids()
    assert_words_kept(source, tmp_path / "p4.docx", changes)


def test_parts_not_edited_are_copied_byte_for_byte(tmp_path: Path) -> None:
    source = CORPUS / "Phuluc4.docx"
    repair_file(source, tmp_path / "p4.docx")
    with zipfile.ZipFile(source) as a, zipfile.ZipFile(tmp_path / "p4.docx") as b:
        assert a.namelist() == b.namelist()
        for info in a.infolist():
            if info.filename == "word/document.xml":
                continue
            other = b.getinfo(info.filename)
            assert (a.read(info), info.compress_size, info.CRC) == (
                b.read(other),
                other.compress_size,
                other.CRC,
            )


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("*.docx")))
def test_decree_files(name: str, tmp_path: Path) -> None:
    source = CORPUS / name
    changes = repair_file(source, tmp_path / name)
    assert_words_kept(source, tmp_path / name, changes)
    assert_nothing_fixable_left(tmp_path / name, changes)


# --- one planted error of each kind ---------------------------------------------------------------------


def margin_left_25mm(d: Docx) -> None:
    d.sections()[0].find(w("pgMar")).set(w("left"), str(nd30.twips(25)))


def letter_paper(d: Docx) -> None:
    d.sections()[0].find(w("pgSz")).attrib.update({w("w"): "12240", w("h"): "15840"})


def arial_everywhere(d: Docx) -> None:
    set_all_fonts(d, "Arial")
    for latin in d.xml("word/theme/theme1.xml").iter(f"{{{A_NS}}}latin"):
        latin.set("typeface", "Arial")


def theme_font_calibri(d: Docx) -> None:
    """Runs set in the theme's font (``asciiTheme``), the theme's minor font Calibri."""
    for latin in d.xml("word/theme/theme1.xml").iter(f"{{{A_NS}}}latin"):
        latin.set("typeface", "Calibri")
    for name in ["word/styles.xml", "word/document.xml"]:
        for element in d.xml(name).iter(w("rFonts")):
            for key in ("ascii", "hAnsi"):
                element.attrib.pop(w(key), None)
            element.set(w("asciiTheme"), "minorHAnsi")
            element.set(w("hAnsiTheme"), "minorHAnsi")


def typed_in_tcvn3(d: Docx) -> None:
    """The whole document typed with the 8-bit .VnTime font (bảng mã TCVN3)."""
    from vbhc.text.legacy import from_unicode

    set_all_fonts(d, ".VnTime")
    for text in d.document.iter(w("t")):
        text.text = from_unicode(text.text or "", "TCVN3")


def body_12pt(d: Docx) -> None:
    paragraph = d.starting("Văn phòng theo dõi")
    set_run_prop(paragraph, "sz", "24")
    set_run_prop(paragraph, "szCs", "24")


def body_left_aligned(d: Docx) -> None:
    set_para_prop(d.starting("Kinh phí bố trí"), "jc", val="left")


def no_first_line_indent(d: Docx) -> None:
    set_para_prop(d.starting("Kinh phí bố trí"), "ind", firstLine="0")


def no_paragraph_spacing(d: Docx) -> None:
    for paragraph in (d.starting("- Tuyên truyền trên"), d.starting("- Tuyên truyền qua")):
        set_para_prop(paragraph, "spacing", before="0", after="0")


def double_line_spacing(d: Docx) -> None:
    set_para_prop(d.starting("Kinh phí bố trí"), "spacing", before="120", line="480", lineRule="auto")


def number_unpadded(d: Docx) -> None:
    replace_text(d.starting("Số:"), "05/", "5/")


def _everywhere(d: Docx, old: str, new: str) -> None:
    """The date changed on the date line and in the annexes' Kèm theo lines alike."""
    for paragraph in list(d.paragraphs()):
        if old in text_of(paragraph):
            replace_text(paragraph, old, new)


def month_03(d: Docx) -> None:
    _everywhere(d, "tháng 01 năm 2026", "tháng 03 năm 2026")


def day_and_month_unpadded(d: Docx) -> None:
    _everywhere(d, "ngày 14 tháng 01", "ngày 4 tháng 1")


def tieu_ngu_en_dash(d: Docx) -> None:
    replace_text(d.starting("Độc lập"), "Độc lập - Tự do - Hạnh phúc", "Độc lập – Tự do –Hạnh phúc")


def tieu_ngu_underlined(d: Docx) -> None:
    motto = d.starting("Độc lập")
    remove(next_paragraph(motto))
    set_run_prop(motto, "u", "single")


def tieu_ngu_12pt(d: Docx) -> None:
    set_run_prop(d.starting("Độc lập"), "sz", "24")


def no_rule_under_trich_yeu(d: Docx) -> None:
    remove(next_paragraph(d.starting("Tuyên truyền cải cách")))


def agency_not_bold(d: Docx) -> None:
    set_run_prop(d.starting("XÃ HÙNG THẮNG"), "b", "0")


def ten_loai_italic(d: Docx) -> None:
    set_run_prop(d.starting("KẾ HOẠCH"), "i")


def date_not_italic(d: Docx) -> None:
    set_run_prop(d.containing("tháng 01 năm 2026"), "i", "0")


def noi_nhan_label_13pt(d: Docx) -> None:
    set_run_prop(d.starting("Nơi nhận"), "sz", "26")


def item_without_semicolon(d: Docx) -> None:
    replace_text(d.starting("- Sở Nội vụ"), "- Sở Nội vụ;", "- Sở Nội vụ,")


def luu_misformed(d: Docx) -> None:
    replace_text(d.starting("- Lưu"), "- Lưu: VT, VHXH.", "-Lưu:VT,VHXH")


def last_can_cu_semicolon(d: Docx) -> None:
    paragraph = d.starting("Theo đề nghị")
    replace_text(paragraph, text_of(paragraph)[-1], ";")


def kinh_gui_last_semicolon(d: Docx) -> None:
    replace_text(d.starting("- Các thôn"), "xã.", "xã;")


def page_number_on_page_one(d: Docx) -> None:
    for sect in d.sections():
        for title in sect.findall(w("titlePg")):
            sect.remove(title)


def header_text_and_number_on_page_one(d: Docx) -> None:
    """A header that carries a line of text besides the number, shown on every page."""
    page_number_on_page_one(d)
    header = d.xml("word/header1.xml")
    line = etree.SubElement(header, w("p"))
    etree.SubElement(etree.SubElement(line, w("r")), w("t")).text = "Bản dự thảo để lấy ý kiến"
    for sect in d.sections():
        for ref in sect.findall(w("headerReference")):
            if ref.get(w("type")) == "first":
                sect.remove(ref)


def _first_header_keeps_the_text(path: Path) -> bool:
    """Page 1's header (type first) shows the text line and no PAGE field."""
    with zipfile.ZipFile(path) as archive:
        rels = etree.fromstring(archive.read("word/_rels/document.xml.rels"))
        sect = next(document_xml(path).iter(w("sectPr")))
        [ref] = [r for r in sect.findall(w("headerReference")) if r.get(w("type")) == "first"]
        target = next(r.get("Target") for r in rels if r.get("Id") == ref.get(f"{{{_R_NS}}}id"))
        root = etree.fromstring(archive.read(f"word/{target}"))
    texts = [t.text for t in root.iter(w("t"))]
    return "Bản dự thảo để lấy ý kiến" in texts and root.find(f".//{w('instrText')}") is None


def no_page_number(d: Docx) -> None:
    for sect in d.sections():
        for ref in sect.findall(w("headerReference")):
            sect.remove(ref)


_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def page_number_in_footer(d: Docx) -> None:
    """The page-number part used as the footer of every page (as many clerks set it)."""
    rels = d.xml("word/_rels/document.xml.rels")
    rel = next(r for r in rels.iter(f"{_PKG}Relationship") if r.get("Target") == "header1.xml")
    rel.set("Type", _REL + "footer")
    d.xml("word/header1.xml").tag = w("ftr")
    for override in d.xml("[Content_Types].xml").iter(f"{_TYPES}Override"):
        if override.get("PartName") == "/word/header1.xml":
            override.set("ContentType", override.get("ContentType").replace("header+xml", "footer+xml"))
    for sect in d.sections():
        for ref in sect.findall(w("headerReference")):
            if ref.get(w("type")) == "default":
                ref.tag = w("footerReference")


def page_number_left_12pt(d: Docx) -> None:
    paragraph = next(d.xml("word/header1.xml").iter(w("p")))
    set_para_prop(paragraph, "jc", val="left")
    set_run_prop(paragraph, "sz", "24")


def annex_numbering_continues(d: Docx) -> None:
    for sect in d.sections()[1:]:
        for numbering in sect.findall(w("pgNumType")):
            sect.remove(numbering)


def motto_size_mismatch(d: Docx) -> None:
    set_run_prop(d.starting("CỘNG HÒA"), "sz", "24")


#: (document, fault, the rule it breaks, what a reader sees in the repaired copy)
KINDS: list[tuple[str, Callable[[Docx], None], str, Callable[[Path], bool]]] = [
    ("ke_hoach", margin_left_25mm, "P3", lambda p: _section(p, "pgMar", "left") == nd30.twips(35)),
    ("ke_hoach", letter_paper, "P1", lambda p: _section(p, "pgSz", "w") == nd30.A4_TWIPS[0]),
    ("ke_hoach", arial_everywhere, "P4", lambda p: _fonts(p) == {nd30.FONT}),
    ("ke_hoach", typed_in_tcvn3, "P4", lambda p: paragraph_texts(p) == paragraph_texts(good("ke_hoach"))),
    ("ke_hoach", theme_font_calibri, "P4", lambda p: _theme_fonts(p) == {nd30.FONT}),
    ("ke_hoach", body_12pt, "B1", lambda p: _run_values(p, "Văn phòng theo dõi", "sz") == {"28"}),
    ("ke_hoach", body_left_aligned, "B1", lambda p: _para_value(p, "Kinh phí bố trí", "jc", "val") == "both"),
    (
        "ke_hoach",
        no_first_line_indent,
        "B2",
        lambda p: _para_value(p, "Kinh phí", "ind", "firstLine") == "567",
    ),
    (
        "ke_hoach",
        no_paragraph_spacing,
        "B3",
        lambda p: _para_value(p, "- Tuyên truyền qua", "spacing", "before") == "120",
    ),
    ("ke_hoach", double_line_spacing, "B4", lambda p: _para_value(p, "Kinh phí", "spacing", "line") == "276"),
    ("ke_hoach", number_unpadded, "H13", lambda p: "Số: 05/KH-UBND" in paragraph_texts(p)),
    ("ke_hoach", month_03, "H19", lambda p: any("ngày 14 tháng 3 năm" in t for t in paragraph_texts(p))),
    (
        "ke_hoach",
        day_and_month_unpadded,
        "H19",
        lambda p: any("ngày 04 tháng 01 năm" in t for t in paragraph_texts(p)),
    ),
    ("ke_hoach", tieu_ngu_en_dash, "H4", lambda p: nd30.TIEU_NGU in paragraph_texts(p)),
    ("ke_hoach", tieu_ngu_underlined, "H7", lambda p: _run_values(p, "Độc lập", "u") == {"none"}),
    ("ke_hoach", tieu_ngu_12pt, "H5", lambda p: _run_values(p, "Độc lập", "sz") == {"28"}),
    ("ke_hoach", no_rule_under_trich_yeu, "T3", lambda p: _rule_after(p, "Tuyên truyền cải cách")),
    ("ke_hoach", agency_not_bold, "H8", lambda p: _run_values(p, "XÃ HÙNG THẮNG", "b") == {None}),
    ("ke_hoach", ten_loai_italic, "T1", lambda p: _run_values(p, "KẾ HOẠCH", "i") == {"0"}),
    ("ke_hoach", date_not_italic, "H18", lambda p: _run_values(p, "Hùng Thắng, ngày", "i") == {None}),
    ("ke_hoach", noi_nhan_label_13pt, "R1", lambda p: _run_values(p, "Nơi nhận", "sz") == {"24"}),
    ("ke_hoach", item_without_semicolon, "R2", lambda p: "- Sở Nội vụ;" in paragraph_texts(p)),
    ("ke_hoach", luu_misformed, "R3", lambda p: "- Lưu: VT, VHXH." in paragraph_texts(p)),
    (
        "quyet_dinh",
        last_can_cu_semicolon,
        "B5",
        lambda p: any(t.startswith("Theo đề nghị") and t.endswith(".") for t in paragraph_texts(p)),
    ),
    (
        "cong_van",
        kinh_gui_last_semicolon,
        "R5",
        lambda p: "- Các thôn trên địa bàn xã." in paragraph_texts(p),
    ),
    (
        "ke_hoach",
        page_number_on_page_one,
        "P7",
        lambda p: document_xml(p).find(f".//{w('titlePg')}") is not None,
    ),
    ("ke_hoach", header_text_and_number_on_page_one, "P7", _first_header_keeps_the_text),
    ("ke_hoach", no_page_number, "P6", lambda p: _has_page_header(p)),
    ("ke_hoach", page_number_in_footer, "P6", lambda p: _has_page_header(p) and not _has_page_footer(p)),
    ("ke_hoach", page_number_left_12pt, "P6", lambda p: _header_values(p) == ("center", {"28"})),
    ("ke_hoach", annex_numbering_continues, "P8", lambda p: _section(p, "pgNumType", "start", index=1) == 1),
    ("ke_hoach", motto_size_mismatch, "H21", lambda p: _run_values(p, "CỘNG HÒA", "sz") == {"26"}),
]


def _section(path: Path, tag: str, attribute: str, index: int = 0) -> int | None:
    sect = list(document_xml(path).iter(w("sectPr")))[index]
    element = sect.find(w(tag))
    return int(element.get(w(attribute))) if element is not None else None


def _xml_parts(path: Path, prefix: str) -> list[etree._Element]:
    with zipfile.ZipFile(path) as archive:
        return [etree.fromstring(archive.read(n)) for n in archive.namelist() if n.startswith(prefix)]


def _fonts(path: Path) -> set[str]:
    roots = _xml_parts(path, "word/document.xml") + _xml_parts(path, "word/styles.xml")
    return {
        e.get(w(k))
        for root in roots
        for e in root.iter(w("rFonts"))
        for k in ("ascii", "hAnsi")
        if e.get(w(k))
    }


def _theme_fonts(path: Path) -> set[str]:
    return {
        e.get("typeface") for root in _xml_parts(path, "word/theme/") for e in root.iter(f"{{{A_NS}}}latin")
    }


def _paragraph(path: Path, start: str) -> etree._Element:
    return next(p for p in document_xml(path).iter(w("p")) if text_of(p).startswith(start))


def _run_values(path: Path, start: str, tag: str) -> set[str | None]:
    """The ``w:val`` of ``tag`` on each text run of the paragraph starting with ``start``."""
    paragraph = _paragraph(path, start)
    runs = [r for r in paragraph.iter(w("r")) if "".join(t.text or "" for t in r.iter(w("t"))).strip()]
    return {
        (r.find(f"{w('rPr')}/{w(tag)}").get(w("val")) if r.find(f"{w('rPr')}/{w(tag)}") is not None else "∅")
        for r in runs
    }


def _para_value(path: Path, start: str, tag: str, attribute: str) -> str | None:
    element = _paragraph(path, start).find(f"{w('pPr')}/{w(tag)}")
    return element.get(w(attribute)) if element is not None else None


def _rule_after(path: Path, start: str) -> bool:
    following = next_paragraph(_paragraph(path, start))
    return not text_of(following) and following.find(f"{w('pPr')}/{w('pBdr')}/{w('bottom')}") is not None


def _has_page_field(path: Path, tag: str) -> bool:
    """A header (``hdr``) or footer (``ftr``) part of ``path`` holds a PAGE field."""
    return any(
        "PAGE" in "".join(t.text or "" for t in root.iter(w("instrText")))
        for root in _xml_parts(path, "word/")
        if root.tag == w(tag)
    )


def _has_page_header(path: Path) -> bool:
    return _has_page_field(path, "hdr")


def _has_page_footer(path: Path) -> bool:
    return _has_page_field(path, "ftr")


def _header_values(path: Path) -> tuple[str | None, set[str | None]]:
    """Alignment of header1's paragraph and the sizes of its runs."""
    paragraph = next(_xml_parts(path, "word/header1.xml")[0].iter(w("p")))
    jc = paragraph.find(f"{w('pPr')}/{w('jc')}")
    sizes = {r.find(f"{w('rPr')}/{w('sz')}").get(w("val")) for r in paragraph.iter(w("r"))}
    return (jc.get(w("val")) if jc is not None else None), sizes


@pytest.mark.parametrize(("name", "fault", "rule", "seen"), KINDS, ids=[k[1].__name__ for k in KINDS])
def test_each_repair_kind(name: str, fault, rule: str, seen, tmp_path: Path) -> None:
    source = broken(name, fault, folder=tmp_path)
    assert rule in check(source).rule_ids()
    fixed = tmp_path / "sua.docx"
    changes = repair_file(source, fixed)
    assert done(changes, rule), changes
    assert seen(fixed)
    assert check(fixed).rule_ids() == check(good(name)).rule_ids()
    assert_words_kept(source, fixed, changes)
    assert_nothing_fixable_left(fixed, changes)
    assert all(c.truoc != c.sau for c in done(changes, rule))
    assert {c.rule for c in changes if c.da_sua} <= set(FIXABLE)  # what is repaired is data


def test_a_clean_document_is_left_as_it_is(tmp_path: Path) -> None:
    data, changes = repair(good("ke_hoach"))
    assert changes == []
    assert data == good("ke_hoach").read_bytes()


# --- reported with the fix to make, not changed ----------------------------------------------------------


def sections_i_ii_ii(d: Docx) -> None:
    replace_text(d.starting("III."), "III.", "II.")


def symbol_of_other_type(d: Docx) -> None:
    replace_text(d.starting("Số:"), "/KH-", "/BC-")


def signer_name_caps(d: Docx) -> None:
    replace_text(d.starting("Vũ Trọng Thủy"), "Vũ Trọng Thủy", "VŨ TRỌNG THỦY")


def agency_lower_case(d: Docx) -> None:
    replace_text(d.starting("XÃ HÙNG THẮNG"), "XÃ HÙNG THẮNG", "Xã Hùng Thắng")


@pytest.mark.parametrize(
    ("fault", "rule", "fix"),
    [
        (sections_i_ii_ii, "B13", REPORT_ONLY["B13"]),
        (symbol_of_other_type, "H15", REPORT_ONLY["H15"]),
        (signer_name_caps, "S3", "Phụ lục II"),
        (agency_lower_case, "H8", "viết «XÃ HÙNG THẮNG»; viết lại chữ in hoa"),
    ],
    ids=["muc_I_II_II", "ky_hieu_BC", "ho_ten_in_hoa", "co_quan_chu_thuong"],
)
def test_reported_with_the_fix_not_changed(fault, rule: str, fix: str, tmp_path: Path) -> None:
    source = broken("ke_hoach", fault, folder=tmp_path)
    changes = repair_file(source, tmp_path / "sua.docx")
    left = [c for c in changes if c.rule == rule]
    assert left and all(not c.da_sua and fix in c.sau for c in left)
    assert paragraph_texts(tmp_path / "sua.docx") == paragraph_texts(source)


# --- generated combinations ------------------------------------------------------------------------------

#: Faults of the kế hoạch that touch different paragraphs (so any combination of them is one of each).
COMBINABLE = {
    f.__name__: f
    for f in (
        margin_left_25mm,
        letter_paper,
        arial_everywhere,
        body_12pt,
        no_paragraph_spacing,
        number_unpadded,
        month_03,
        tieu_ngu_en_dash,
        no_rule_under_trich_yeu,
        agency_not_bold,
        ten_loai_italic,
        noi_nhan_label_13pt,
        item_without_semicolon,
        luu_misformed,
        page_number_on_page_one,
        annex_numbering_continues,
    )
}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(faults=st.sets(st.sampled_from(sorted(COMBINABLE)), min_size=2, max_size=6))
def test_combinations_of_planted_errors_are_all_repaired(faults: set[str], tmp_path: Path) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    source = broken("ke_hoach", *(COMBINABLE[f] for f in sorted(faults)), folder=folder)
    changes = repair_file(source, folder / "sua.docx")
    assert check(folder / "sua.docx").rule_ids() == check(good("ke_hoach")).rule_ids()
    assert_words_kept(source, folder / "sua.docx", changes)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    side=st.sampled_from(["top", "bottom", "left", "right"]),
    margin_mm=st.floats(min_value=0, max_value=60),
    half_points=st.integers(min_value=16, max_value=40),
    font=st.sampled_from(["Arial", "Calibri", "Cambria", "Tahoma", "Times New Roman"]),
)
def test_generated_margins_sizes_fonts_take_the_rule_books_values(
    side: str, margin_mm: float, half_points: int, font: str, tmp_path: Path
) -> None:
    def plant(d: Docx) -> None:
        d.sections()[0].find(w("pgMar")).set(w(side), str(nd30.twips(margin_mm)))
        for paragraph in (d.starting("Văn phòng theo dõi"), d.starting("Kinh phí bố trí")):
            set_run_prop(paragraph, "sz", str(half_points))
        set_all_fonts(d, font)

    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    source = broken("ke_hoach", plant, folder=folder)
    changes = repair_file(source, folder / "sua.docx")
    assert check(folder / "sua.docx").rule_ids() == check(good("ke_hoach")).rule_ids()
    low, high = nd30.MARGIN_RANGES_MM[side]
    assert nd30.twips(low) - 2 <= _section(folder / "sua.docx", "pgMar", side) <= nd30.twips(high) + 2
    assert _run_values(folder / "sua.docx", "Kinh phí bố trí", "sz") <= {str(n) for n in (26, 27, 28)}
    assert _fonts(folder / "sua.docx") == {nd30.FONT}
    assert_words_kept(source, folder / "sua.docx", changes)


# --- the Word-like corpus ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(word_corpus.CORPUS))
def test_word_corpus_documents(name: str, tmp_path: Path) -> None:
    """Each document typed as in Word: changed only where the checker finds something (a clean one
    not at all), its words kept, nothing left that --fix repairs."""
    source = word_corpus.write(name, tmp_path)
    found = check(source).rule_ids()
    data, changes = repair(source)
    if not found:
        assert (changes, data) == ([], source.read_bytes())
    fixed = tmp_path / "sua.docx"
    fixed.write_bytes(data)
    assert {c.rule for c in changes if c.da_sua} <= found | {"P7"}  # P7: with the page number added
    assert_words_kept(source, fixed, changes)
    assert_nothing_fixable_left(fixed, changes)


@pytest.mark.parametrize("name", sorted(word_corpus.PLANTED))
def test_word_corpus_planted_errors_are_repaired(name: str, tmp_path: Path) -> None:
    source = word_corpus.plant(name, tmp_path)
    plant = word_corpus.PLANTED[name]
    if plant.rule not in check(source).rule_ids():
        pytest.skip(f"the checker does not catch {name} yet (tests/word_corpus.py)")
    changes = repair_file(source, tmp_path / "sua.docx")
    assert_words_kept(source, tmp_path / "sua.docx", changes)
    assert_nothing_fixable_left(tmp_path / "sua.docx", changes)
    if plant.rule in REPORT_ONLY:  # a misspelt Quốc hiệu: words, the clerk's to correct
        assert not done(changes, plant.rule) and plant.rule in check(tmp_path / "sua.docx").rule_ids()
    else:
        assert done(changes, plant.rule)
        assert (
            check(tmp_path / "sua.docx").rule_ids()
            == check(word_corpus.write(plant.base, tmp_path)).rule_ids()
        )


def test_word_line_shape_is_resized_in_its_drawing(tmp_path: Path) -> None:
    source = word_corpus.plant("tieu_ngu_line_too_short", tmp_path)
    repair_file(source, tmp_path / "sua.docx")
    motto = _paragraph(tmp_path / "sua.docx", "Độc lập")
    extents = {int(e.get("cx")) for e in motto.iter(f"{{{WP_NS}}}extent")}
    width = 60.2  # the Tiêu ngữ in 14 pt bold, mm (tests/word_corpus.py)
    assert all(abs(cx / nd30.EMU_PER_MM - width) < 0.5 for cx in extents) and extents


# --- the command ------------------------------------------------------------------------------------------


def vbhc(*args: str | Path) -> tuple[int, str, str]:
    """Run the ``vbhc`` entry point in this process, as the console script does: (code, out, err)."""
    out, err = io.StringIO(), io.StringIO()
    argv = sys.argv
    sys.argv = ["vbhc", *map(str, args)]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = run(cli)
            except SystemExit as exit_:
                code = exit_.code if isinstance(exit_.code, int) else 1
    finally:
        sys.argv = argv
    return code, out.getvalue(), err.getvalue()


def test_cli_lists_the_changes_in_vietnamese(tmp_path: Path) -> None:
    out = tmp_path / "p4.docx"
    code, stdout, _ = vbhc("check", "--fix", CORPUS / "Phuluc4.docx", "-o", out)
    assert code == 0, stdout
    assert "đã sửa 1 chỗ, 0 phát hiện cần sửa tay" in stdout
    assert "[đã sửa] P3 Lề trang — phần 1: lề phải 4,3 mm → lề phải 20 mm" in stdout
    assert out.is_file()


def test_cli_json(tmp_path: Path) -> None:
    source = broken("ke_hoach", number_unpadded, sections_i_ii_ii, folder=tmp_path)
    code, stdout, _ = vbhc("check", "--fix", "--json", source, "-o", tmp_path / "sua.docx")
    document = json.loads(stdout)
    assert code == document["ma_thoat"] == 1  # B13 is left: an error for the clerk
    [h13] = [c for c in document["thay_doi"] if c["quy_tac"] == "H13"]
    assert (h13["da_sua"], h13["truoc"], h13["sau"], h13["vi_tri"]["bang"]) == (True, "«5»", "«05»", 1)
    b13 = next(c for c in document["thay_doi"] if c["quy_tac"] == "B13")
    assert b13["da_sua"] is False and b13["sau"] == REPORT_ONLY["B13"]
    assert document["kiem_tra_sau_khi_sua"]["so_loi"] >= 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--fix", "{src}"], "--fix cần tệp ra"),
        (["--fix", "{src}", "-o", "{src}"], "không ghi đè lên tệp gốc"),
        (["{src}", "-o", "{out}"], "chỉ dùng cùng --fix"),
        (["--fix", "{src}", "{src}", "-o", "{out}"], "từng tệp một"),
        (["--fix", "{src}", "-o", "{missing}"], "không tồn tại"),
    ],
)
def test_cli_refuses_wrong_use(args: list[str], message: str, tmp_path: Path) -> None:
    source = tmp_path / "p4.docx"
    source.write_bytes((CORPUS / "Phuluc4.docx").read_bytes())
    out = tmp_path / "ra.docx"
    missing = tmp_path / "khong_co" / "ra.docx"
    code, _, err = vbhc("check", *(a.format(src=source, out=out, missing=missing) for a in args))
    assert code == 2
    assert err.startswith("Lỗi: ") and message in err, err
    assert not out.exists() and not missing.parent.exists()
    assert source.read_bytes() == (CORPUS / "Phuluc4.docx").read_bytes()


def test_cli_unreadable_input_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "hong.docx"
    source.write_bytes(b"PK\x03\x04 not a zip")
    code, _, err = vbhc("check", "--fix", source, "-o", tmp_path / "ra.docx")
    assert code == 2
    assert "không đọc được" in err and "Traceback" not in err
    assert not (tmp_path / "ra.docx").exists()


# --- on the printed page ------------------------------------------------------------------------------


def test_repaired_copy_prints_like_the_rendered_document(tmp_path: Path) -> None:
    """Paper, margins, fonts and the page-number header planted wrong, repaired: LibreOffice prints
    the copy as vbhc printed the document (page sizes, page numbers from page 2, restart in the
    annexes, where the body text starts)."""
    from pdf_pages import page_number_words, read_pdf, require_soffice

    from vbhc.writers.pdf import to_pdf

    require_soffice()
    faults = (letter_paper, margin_left_25mm, arial_everywhere, no_page_number, annex_numbering_continues)
    source = broken("ke_hoach", *faults, folder=tmp_path)
    fixed = tmp_path / "sua.docx"
    repair_file(source, fixed)
    reference = tmp_path / "goc.docx"
    reference.write_bytes(good("ke_hoach").read_bytes())
    printed, wanted = (read_pdf(pdf) for pdf in to_pdf([fixed, reference], tmp_path / "pdf"))
    band = nd30.MARGINS_LANDSCAPE.top * 72 / 25.4
    assert [(round(p.width), round(p.height)) for p in printed] == [
        (round(p.width), round(p.height)) for p in wanted
    ]
    assert [[x.text for x in page_number_words(p, band)] for p in printed] == [
        [x.text for x in page_number_words(p, band)] for p in wanted
    ]
    assert [x.text for x in page_number_words(printed[0], band)] == []
    [line] = printed[0].find("Kinh phí bố trí") or printed[1].find("Kinh phí bố trí")
    [want] = wanted[0].find("Kinh phí bố trí") or wanted[1].find("Kinh phí bố trí")
    assert abs(line.x0 - want.x0) < 1
    assert {w.font for p in printed for w in p.words} == {w.font for p in wanted for w in p.words}


# --- the checker's places are the repair's paragraphs -----------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        lambda folder: good("ke_hoach"),
        lambda folder: good("cong_van"),
        lambda folder: CORPUS / "Phuluc3.docx",
        lambda folder: word_corpus.write("cong_van_line_next_paragraph", folder),
        lambda folder: word_corpus.write("don_plain_letterhead", folder),
    ],
    ids=["ke_hoach", "cong_van", "Phuluc3", "cong_van_word", "don_word"],
)
def test_every_place_the_checker_reads_is_the_paragraph_edited(make, tmp_path: Path) -> None:
    """The repair walks the XML as the checker's reader does: at each place the checker names, the
    XML paragraph holds the text the checker read there (capitals and spacing aside)."""
    from vbhc.checker.reader import read
    from vbhc.repair.locate import locate_xml
    from vbhc.repair.package import Editable
    from vbhc.repair.xml import text

    path = make(tmp_path)
    doc = read(path)
    edit = Editable.open(path)
    try:
        located = locate_xml(edit, doc)
        places = list(located.checked.items())
        assert len(places) > 10
        for key, paragraph in places:
            element = located.paragraphs[key]
            # (line breaks and tabs are not w:t: the texts are compared without spaces)
            assert "".join(text(element).split()).upper() == "".join(paragraph.text.split()).upper(), key
    finally:
        edit.close()
