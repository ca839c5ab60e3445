"""The corpus of broken documents: a good rendered document with one fault each, caught by exactly
the right rule and by no other."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree
from mutate import (
    Docx,
    insert_copy,
    next_paragraph,
    ppr,
    remove,
    render_source,
    replace_text,
    set_all_fonts,
    set_para_prop,
    set_run_prop,
    set_text,
    text_of,
    w,
)

from vbhc.checker import MucDo, check


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    folder = tmp_path_factory.mktemp("good")
    cache: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in cache:
            cache[name] = render_source(name, folder)
        return cache[name]

    return get


# --- the faults ---------------------------------------------------------------------------------


def margin_left_25mm(d: Docx) -> None:
    d.sections()[0].find(w("pgMar")).set(w("left"), "1417")


def arial(d: Docx) -> None:
    set_all_fonts(d, "Arial")


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


def _both(d: Docx, old: str, new: str) -> None:
    """Change the number or date on the Số/date line and in the annexes' Kèm theo lines alike."""
    for paragraph in list(d.paragraphs()):
        if old in text_of(paragraph):
            replace_text(paragraph, old, new)


def month_03(d: Docx) -> None:
    _both(d, "tháng 01 năm 2026", "tháng 03 năm 2026")


def month_1_unpadded(d: Docx) -> None:
    _both(d, "tháng 01 năm 2026", "tháng 1 năm 2026")


def number_unpadded(d: Docx) -> None:
    _both(d, "05/KH-UBND", "5/KH-UBND")


def number_unpadded_on_so_line_only(d: Docx) -> None:
    replace_text(d.starting("Số:"), "05/", "5/")  # the annexes still say «số 05/»: same number


def space_in_symbol(d: Docx) -> None:
    replace_text(d.starting("Số:"), "KH-UBND", "KH- UBND")


def symbol_of_other_type(d: Docx) -> None:
    _both(d, "05/KH-UBND", "05/BC-UBND")


def symbol_with_year(d: Docx) -> None:
    _both(d, "05/KH-UBND", "05/2026/KH-UBND")


def tieu_ngu_underlined(d: Docx) -> None:
    motto = d.starting("Độc lập")
    rule = next_paragraph(motto)
    assert not text_of(rule)
    remove(rule)
    set_run_prop(motto, "u", "single")


def tieu_ngu_en_dash(d: Docx) -> None:
    set_text(d.starting("Độc lập"), "Độc lập – Tự do – Hạnh phúc")


def quoc_hieu_other_tone(d: Docx) -> None:
    replace_text(d.starting("CỘNG HÒA"), "HÒA", "HOÀ")


def quoc_hieu_wrong(d: Docx) -> None:
    replace_text(d.starting("CỘNG HÒA"), "CHỦ NGHĨA ", "")


def agency_not_bold(d: Docx) -> None:
    set_run_prop(d.starting("XÃ HÙNG THẮNG"), "b", "0")


def ten_loai_not_bold(d: Docx) -> None:
    set_run_prop(d.paragraph(lambda t: t == "KẾ HOẠCH"), "b", "0")


def no_rule_under_trich_yeu(d: Docx) -> None:
    remove(next_paragraph(d.starting("Tuyên truyền cải cách")))


def missing_noi_nhan(d: Docx) -> None:
    remove(d.starting("Nơi nhận"))


def item_without_semicolon(d: Docx) -> None:
    replace_text(d.starting("- Sở Nội vụ"), ";", "")


def luu_without_period(d: Docx) -> None:
    replace_text(d.starting("- Lưu"), "VHXH.", "VHXH")


def sections_i_ii_ii_iv(d: Docx) -> None:
    replace_text(d.starting("III."), "III.", "II.")


def khoan_repeated(d: Docx) -> None:
    replace_text(d.starting("2. Đổi mới"), "2.", "1.")


def diem_skipped(d: Docx) -> None:
    replace_text(d.starting("b) Người dân"), "b)", "c)")


def annex_other_number(d: Docx) -> None:
    replace_text(d.starting("(Kèm theo", 1), "số 05/", "số 06/")


def annexes_numbered_arabic(d: Docx) -> None:
    replace_text(d.paragraph(lambda t: t == "Phụ lục II"), "II", "2")


def page_number_on_page_one(d: Docx) -> None:
    first = d.sections()[0]
    remove(first.find(w("titlePg")))


def annex_numbering_continues(d: Docx) -> None:
    remove(d.sections()[1].find(w("pgNumType")))


def landscape_without_table(d: Docx) -> None:
    """The first annex (a landscape section) loses its table: a landscape page of plain text."""
    body = d.document.find(w("body"))
    section = 0
    for child in list(body):
        if child.tag == w("tbl") and section == 1:
            body.remove(child)
        if child.find(f"{w('pPr')}/{w('sectPr')}") is not None:
            section += 1


def letter_paper(d: Docx) -> None:
    size = d.sections()[0].find(w("pgSz"))
    size.set(w("w"), "12240")
    size.set(w("h"), "15840")


def no_first_line_indent(d: Docx) -> None:
    set_para_prop(d.starting("Văn phòng theo dõi"), "ind", firstLine="0")


def no_paragraph_spacing(d: Docx) -> None:
    set_para_prop(d.starting("Văn phòng theo dõi"), "spacing", before="0", after="0", line="276",
                  lineRule="auto")


def double_line_spacing(d: Docx) -> None:
    set_para_prop(d.starting("Văn phòng theo dõi"), "spacing", before="120", after="0", line="480",
                  lineRule="auto")


def body_left_aligned(d: Docx) -> None:
    set_para_prop(d.starting("Văn phòng theo dõi"), "jc", val="left")


def red_text(d: Docx) -> None:
    set_run_prop(d.starting("Văn phòng theo dõi"), "color", "FF0000")


def academic_title(d: Docx) -> None:
    replace_text(d.starting("Vũ Trọng Thủy"), "Vũ", "TS. Vũ")


def signer_name_caps(d: Docx) -> None:
    set_text(d.starting("Vũ Trọng Thủy"), "VŨ TRỌNG THỦY")


def wrong_signing_prefix(d: Docx) -> None:
    replace_text(d.starting("KT. CHỦ TỊCH"), "KT.", "K/T.")


def no_closing_mark(d: Docx) -> None:
    replace_text(d.starting("Văn phòng theo dõi"), "./.", ".")


def noi_nhan_label_not_italic(d: Docx) -> None:
    set_run_prop(d.starting("Nơi nhận"), "i", "0")


def date_not_italic(d: Docx) -> None:
    set_run_prop(d.starting("Hùng Thắng, ngày"), "i", "0")


def motto_size_mismatch(d: Docx) -> None:
    set_run_prop(d.starting("Hùng Thắng, ngày"), "sz", "26")


def last_can_cu_semicolon(d: Docx) -> None:
    replace_text(d.starting("Theo đề nghị"), "xã.", "xã;")


def cong_van_without_vv(d: Docx) -> None:
    remove(d.starting("V/v"))


def kinh_gui_last_semicolon(d: Docx) -> None:
    replace_text(d.starting("- Các thôn"), "xã.", "xã;")


def khan_without_box(d: Docx) -> None:
    paragraph = d.paragraph(lambda t: t == "KHẨN")
    set_para_prop(paragraph, "pBdr")
    borders = ppr(paragraph).find(w("pBdr"))
    for side in ("top", "left", "bottom", "right"):
        etree.SubElement(borders, w(side)).set(w("val"), "nil")


def pham_vi_plain(d: Docx) -> None:
    """«LƯU HÀNH NỘI BỘ» typed as a plain line (not bold, no box) under the Số line."""
    so = d.starting("Số:")
    insert_copy(so, d.paragraph(lambda t: t == "KHẨN"), "LƯU HÀNH NỘI BỘ")


def _after_closing(d: Docx, text: str) -> None:
    body = d.document.find(w("body"))
    closing = [child for child in body if child.tag == w("tbl")][-1]
    insert_copy(d.starting("Đề nghị các cơ quan"), closing, text)


def copy_block_not_bold(d: Docx) -> None:
    _after_closing(d, "SAO Y")


def address_in_body_size(d: Docx) -> None:
    _after_closing(d, "Địa chỉ: Thôn Đông, xã Hùng Thắng, thành phố Hải Phòng.")


def nhu_tren_missing(d: Docx) -> None:
    remove(d.starting("- Như trên"))


CORPUS = [
    ("ke_hoach", margin_left_25mm, "P3", MucDo.LOI),
    ("ke_hoach", arial, "P4", MucDo.LOI),
    ("ke_hoach", typed_in_tcvn3, "P4", MucDo.LOI),
    ("ke_hoach", body_12pt, "B1", MucDo.LOI),
    ("ke_hoach", month_03, "H19", MucDo.CANH_BAO),
    ("ke_hoach", month_1_unpadded, "H19", MucDo.LOI),
    ("ke_hoach", number_unpadded, "H13", MucDo.LOI),
    ("ke_hoach", number_unpadded_on_so_line_only, "H13", MucDo.LOI),
    ("ke_hoach", space_in_symbol, "H14", MucDo.LOI),
    ("ke_hoach", symbol_of_other_type, "H15", MucDo.LOI),
    ("ke_hoach", symbol_with_year, "H16", MucDo.CANH_BAO),
    ("ke_hoach", tieu_ngu_underlined, "H7", MucDo.LOI),
    ("ke_hoach", tieu_ngu_en_dash, "H4", MucDo.CANH_BAO),
    ("ke_hoach", quoc_hieu_wrong, "H2", MucDo.LOI),
    ("ke_hoach", agency_not_bold, "H8", MucDo.LOI),
    ("ke_hoach", ten_loai_not_bold, "T1", MucDo.LOI),
    ("ke_hoach", no_rule_under_trich_yeu, "T3", MucDo.LOI),
    ("ke_hoach", missing_noi_nhan, "R1", MucDo.LOI),
    ("ke_hoach", item_without_semicolon, "R2", MucDo.LOI),
    ("ke_hoach", luu_without_period, "R3", MucDo.LOI),
    ("ke_hoach", sections_i_ii_ii_iv, "B13", MucDo.LOI),
    ("ke_hoach", khoan_repeated, "B14", MucDo.LOI),
    ("ke_hoach", diem_skipped, "B11", MucDo.CANH_BAO),
    ("ke_hoach", annex_other_number, "O10", MucDo.LOI),
    ("ke_hoach", annexes_numbered_arabic, "O6", MucDo.LOI),
    ("ke_hoach", page_number_on_page_one, "P7", MucDo.LOI),
    ("ke_hoach", annex_numbering_continues, "P8", MucDo.LOI),
    ("ke_hoach", landscape_without_table, "P2", MucDo.CANH_BAO),
    ("ke_hoach", letter_paper, "P1", MucDo.LOI),
    ("ke_hoach", no_first_line_indent, "B2", MucDo.LOI),
    ("ke_hoach", no_paragraph_spacing, "B3", MucDo.LOI),
    ("ke_hoach", double_line_spacing, "B4", MucDo.LOI),
    ("ke_hoach", body_left_aligned, "B1", MucDo.LOI),
    ("ke_hoach", red_text, "P5", MucDo.LOI),
    ("ke_hoach", academic_title, "S4", MucDo.LOI),
    ("ke_hoach", signer_name_caps, "S3", MucDo.LOI),
    ("ke_hoach", wrong_signing_prefix, "S2", MucDo.LOI),
    ("ke_hoach", no_closing_mark, "B12", MucDo.CANH_BAO),
    ("ke_hoach", noi_nhan_label_not_italic, "R1", MucDo.LOI),
    ("ke_hoach", date_not_italic, "H18", MucDo.LOI),
    ("ke_hoach", motto_size_mismatch, "H21", MucDo.CANH_BAO),
    ("quyet_dinh", last_can_cu_semicolon, "B5", MucDo.LOI),
    ("cong_van", cong_van_without_vv, "T4", MucDo.LOI),
    ("cong_van", kinh_gui_last_semicolon, "R5", MucDo.LOI),
    ("cong_van", nhu_tren_missing, "R4", MucDo.LOI),
    ("cong_van", khan_without_box, "O1", MucDo.LOI),
    ("cong_van", pham_vi_plain, "O2", MucDo.LOI),
    ("cong_van", copy_block_not_bold, "O7", MucDo.LOI),
    ("cong_van", address_in_body_size, "O4", MucDo.LOI),
]


@pytest.mark.parametrize(("base", "fault", "rule", "severity"), CORPUS, ids=[f[1].__name__ for f in CORPUS])
def test_one_fault_one_rule(
    good: Callable[[str], Path], tmp_path: Path, base: str, fault, rule: str, severity: MucDo
) -> None:
    assert check(good(base)).findings == []
    docx = Docx.open(good(base))
    fault(docx)
    report = check(docx.save(tmp_path / f"{fault.__name__}.docx"))
    found = sorted({f.rule for f in report.findings})
    assert found == [rule], [f"{f.rule}: {f.thay}" for f in report.findings]
    assert {f.muc_do for f in report.findings} == {severity}
    for finding in report.findings:
        assert finding.vi_tri and len(finding.vi_tri) == min(finding.so_lan, 5)
        assert finding.thay and finding.can


def test_tone_variants_are_accepted(good: Callable[[str], Path], tmp_path: Path) -> None:
    docx = Docx.open(good("ke_hoach"))
    quoc_hieu_other_tone(docx)
    report = check(docx.save(tmp_path / "hoa.docx"))
    assert report.findings == []
    assert "H2" in report.dat


def test_finding_says_where_and_what(good: Callable[[str], Path], tmp_path: Path) -> None:
    docx = Docx.open(good("ke_hoach"))
    number_unpadded(docx)
    (finding,) = check(docx.save(tmp_path / "so.docx")).findings
    assert finding.trich_dan == "Số: 5/KH-UBND"
    (where,) = finding.vi_tri
    assert (where.bang, where.dong, where.o) == (1, 1, 1) and finding.so_lan == 1
    assert "«5»" in finding.thay and "«05»" in finding.thay
    assert "Phụ lục I" in finding.dieu_khoan


def test_legacy_font_is_read_through_and_named(good: Callable[[str], Path], tmp_path: Path) -> None:
    docx = Docx.open(good("ke_hoach"))
    typed_in_tcvn3(docx)
    assert "CỘNG" not in text_of(docx.starting("C"))  # Word without the .VnTime font shows «C¤éNG»
    report = check(docx.save(tmp_path / "tcvn3.docx"))
    (p4,) = report.findings
    assert "«.VnTime», bảng mã TCVN3" in p4.thay
    assert report.loai == "KẾ HOẠCH" and "H2" in report.dat


def test_draft_is_recognised_not_flagged(good: Callable[[str], Path], tmp_path: Path) -> None:
    docx = Docx.open(good("ke_hoach"))
    _both(docx, "Số: 05/KH-UBND", "Số:       /KH-UBND")
    _both(docx, "số 05/KH-UBND", "số       /KH-UBND")
    _both(docx, "ngày 14 tháng 01 năm 2026", "ngày      tháng      năm 2026")
    report = check(docx.save(tmp_path / "du_thao.docx"))
    assert report.du_thao
    assert report.findings == []
    assert {"H13", "H19"} <= set(report.khong_ap_dung)
