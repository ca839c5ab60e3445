"""What a document is decides which rules apply (issue 15, points 4 and 5): all of ND30 for the 29
types, the rules of an annex for an annex saved as its own file, Quốc hiệu, Tiêu ngữ, fonts and page
for a đơn or form, what ND30 shares with the rules for văn bản quy phạm pháp luật for the decree
itself, page and fonts only for a paper that is no văn bản hành chính (a company letter)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
import word_corpus as wc
from click.testing import CliRunner
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from lxml import etree
from mutate import Docx, render_source, replace_text, set_para_prop, set_run_prop, set_text, text_of, w

from vbhc import nd30
from vbhc.checker import JSON_SCHEMA_VERSION, RULES, MucDo, Report, check
from vbhc.checker.kinds import (
    DON,
    DON_BIEU_MAU,
    KHONG_PHAI_VBHC,
    PHU_LUC,
    PHU_LUC_RIENG,
    QPPL,
    QUY_PHAM_PHAP_LUAT,
    TOAN_BO,
    TRANG_PHONG,
    VAN_BAN_HANH_CHINH,
    compact,
)
from vbhc.checker.reader import read
from vbhc.cli import cli
from vbhc.text import vi

CORPUS = Path(__file__).parent / "corpus" / "nd30"


def accounted_once(report: Report) -> None:
    """Every rule is in exactly one place: passed, found, cannot be evaluated, not applicable (with a
    reason); the rules out of the kind's set are all not applicable, with the kind's reason."""
    buckets = [set(report.dat), report.rule_ids(), {k.rule for k in report.khong_danh_gia},
               set(report.khong_ap_dung)]
    for rule_id in RULES:
        assert sum(rule_id in bucket for bucket in buckets) == 1, rule_id
    assert set(report.ly_do_khong_ap_dung) == set(report.khong_ap_dung)
    assert all(report.ly_do_khong_ap_dung.values())
    for rule_id in set(RULES) - report.kind.rule_set.rules:
        assert report.ly_do_khong_ap_dung[rule_id] == report.kind.ngoai_bo


def grouped_everywhere(report: Report) -> None:
    """One finding per (rule, severity, thay, can), at most five places each, counted in so_lan."""
    keys = [f.key for f in report.findings]
    assert len(keys) == len(set(keys))
    assert all(len(f.vi_tri) <= 5 and f.so_lan >= max(len(f.vi_tri), 1) for f in report.findings)


def invoke(*args: str):
    return CliRunner().invoke(cli, ["check", *args])


# --- documents typed in Word (python-docx) ----------------------------------------------------------


def _word(paragraphs: list[tuple[str, dict]], *, font: str = nd30.FONT, size: float = 14) -> docx.Document:
    """A document as Word makes it: A4, ND30 margins, every paragraph with direct formatting."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    for text, look in paragraphs:
        paragraph = document.add_paragraph()
        paragraph.alignment = look.get("align", WD_ALIGN_PARAGRAPH.JUSTIFY)
        paragraph.paragraph_format.space_before = Pt(6)
        run = paragraph.add_run(text)
        run.font.name = look.get("font", font)
        run.font.size = Pt(look.get("size", size))
        run.bold = look.get("bold", False)
        run.italic = look.get("italic", False)
    return document


CENTRE = WD_ALIGN_PARAGRAPH.CENTER


def company_letter(folder: Path, paragraphs: int = 300) -> Path:
    """A company's letter in Arial 11, left aligned, no indent: no Quốc hiệu, a number with the year."""
    left = {"align": WD_ALIGN_PARAGRAPH.LEFT}
    lines = [
        ("CÔNG TY TNHH THƯƠNG MẠI AN PHÁT", {**left, "bold": True}),
        ("Số: 15/2026/CV-AP", left),
        ("Hà Nội, ngày 5 tháng 3 năm 2026", {**left, "italic": True}),
        ("V/v báo giá thiết bị văn phòng", left),
        ("Kính gửi: Quý khách hàng", left),
        *((f"Mục {n}: máy in laser, đơn giá {n * 10} nghìn đồng, bảo hành 12 tháng.", left)
          for n in range(1, paragraphs + 1)),
        ("Trân trọng.", left),
        ("GIÁM ĐỐC", {**left, "bold": True}),
        ("Nguyễn Văn Bình", left),
    ]
    path = folder / "cong_ty.docx"
    _word(lines, font="Arial", size=11).save(path)
    return path


def don(folder: Path, *, title: str = "ĐƠN ĐỀ NGHỊ CẤP BẢN SAO TRÍCH LỤC KHAI SINH",
        tieu_ngu: str = nd30.TIEU_NGU) -> Path:
    """A citizen's đơn: Quốc hiệu and Tiêu ngữ centred at the top, the rule under the Tiêu ngữ drawn as
    the bottom border of an empty paragraph, the place and date, the title, Kính gửi, form fields."""
    lines = [
        (nd30.QUOC_HIEU, {"align": CENTRE, "bold": True, "size": 13}),
        (tieu_ngu, {"align": CENTRE, "bold": True}),
        ("", {"align": CENTRE}),
        ("Hùng Thắng, ngày 05 tháng 3 năm 2026", {"align": CENTRE, "italic": True}),
        (title, {"align": CENTRE, "bold": True}),
        ("Kính gửi: Ủy ban nhân dân xã Hùng Thắng", {"align": CENTRE}),
        *((f"{label}: ........................................", {})
          for label in ("Họ và tên", "Ngày sinh", "Số định danh cá nhân", "Nơi cư trú")),
        ("Tôi xin cam đoan những nội dung trên là đúng sự thật.", {}),
        ("NGƯỜI LÀM ĐƠN", {"align": CENTRE, "bold": True}),
        ("Trần Thị Hoa", {"align": CENTRE, "bold": True}),
    ]
    document = _word(lines)
    rule = document.paragraphs[2]._p  # the rule under the Tiêu ngữ: a 60 mm bottom border
    ppr = rule.get_or_add_pPr()
    borders = etree.SubElement(ppr, w("pBdr"))
    bottom = etree.SubElement(borders, w("bottom"))
    for key, value in {"val": "single", "sz": "6", "space": "1", "color": "auto"}.items():
        bottom.set(w(key), value)
    indent = etree.SubElement(ppr, w("ind"))
    side = str(round((165 - 60) / 2 * nd30.TWIPS_PER_MM))
    indent.set(w("left"), side)
    indent.set(w("right"), side)
    path = folder / "don.docx"
    document.save(path)
    return path


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("kinds")


@pytest.fixture(scope="module")
def rendered(folder: Path) -> Callable[[str], Path]:
    made: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in made:
            made[name] = render_source(name, folder)
        return made[name]

    return get


# --- văn bản hành chính: all of ND30 ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["ke_hoach", "cong_van", "quyet_dinh", "bien_ban", "giay_gioi_thieu"])
def test_the_29_types_get_all_of_nd30(rendered, name: str) -> None:
    report = check(rendered(name))
    assert report.kind is VAN_BAN_HANH_CHINH and report.kind.rule_set is TOAN_BO
    assert report.findings == []
    assert not set(report.ly_do_khong_ap_dung.values()) & {k.ngoai_bo for k in (DON_BIEU_MAU, PHU_LUC_RIENG)}
    accounted_once(report)


def test_year_in_the_number_of_a_ke_hoach_is_still_h16(rendered, tmp_path: Path) -> None:
    d = Docx.open(rendered("ke_hoach"))
    for paragraph in [p for p in d.paragraphs() if "05/KH-UBND" in text_of(p)]:  # Số and Kèm theo lines
        replace_text(paragraph, "05/KH", "05/2026/KH")
    report = check(d.save(tmp_path / "nam.docx"))
    assert report.kind is VAN_BAN_HANH_CHINH
    assert report.rule_ids() == {"H16"}


# --- văn bản quy phạm pháp luật ---------------------------------------------------------------------


def test_a_decision_numbered_with_the_year_is_a_legal_normative_document(rendered, tmp_path: Path) -> None:
    d = Docx.open(rendered("quyet_dinh"))
    replace_text(d.starting("Số: 12/QĐ-UBND"), "12/QĐ", "12/2026/QĐ")
    report = check(d.save(tmp_path / "qd_qppl.docx"))
    assert report.kind is QUY_PHAM_PHAP_LUAT and report.kind.rule_set is QPPL
    assert report.dau_hieu == "tên loại «QUYẾT ĐỊNH», số «12/2026/QĐ-UBND» có năm ban hành"
    assert report.findings == [] and "H16" in report.khong_ap_dung
    accounted_once(report)


def test_thong_tu_is_a_legal_normative_document_by_its_name(rendered, tmp_path: Path) -> None:
    d = Docx.open(rendered("ke_hoach"))
    replace_text(d.starting("KẾ HOẠCH"), "KẾ HOẠCH", "THÔNG TƯ")
    report = check(d.save(tmp_path / "thong_tu.docx"))
    assert report.kind is QUY_PHAM_PHAP_LUAT and report.loai == "THÔNG TƯ"
    # T1 («THÔNG TƯ» is not one of the 29) and H15 (KH is not its abbreviation) are not ND30's to judge
    assert report.findings == [] and {"T1", "H15"} <= set(report.khong_ap_dung)


# --- annex in its own file --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Phuluc2.docx", "Phuluc5.docx"])
def test_an_annex_in_its_own_file_numbers_its_pages_from_1(name: str) -> None:
    report = check(CORPUS / name)
    assert report.kind is PHU_LUC_RIENG and report.kind.rule_set is PHU_LUC
    assert "P8" in report.dat
    assert report.findings == []  # was: P8 «không bắt đầu lại từ 1 (nối tiếp văn bản)»
    accounted_once(report)


def test_an_annex_in_its_own_file_set_to_start_at_3_is_p8(tmp_path: Path) -> None:
    d = Docx.open(CORPUS / "Phuluc2.docx")
    (sect,) = d.sections()
    numbering = sect.find(w("pgNumType"))
    if numbering is None:
        numbering = etree.SubElement(sect, w("pgNumType"))
    numbering.set(w("start"), "3")
    report = check(d.save(tmp_path / "pl_3.docx"))
    assert report.rule_ids() == {"P8"}
    assert "(bắt đầu từ 3)" in report.findings[0].thay


def test_an_annex_inside_the_document_still_restarts_its_numbering(rendered, tmp_path: Path) -> None:
    d = Docx.open(rendered("ke_hoach"))
    for numbering in d.document.iter(w("pgNumType")):
        numbering.getparent().remove(numbering)
    report = check(d.save(tmp_path / "pl_noi_tiep.docx"))
    assert report.kind is VAN_BAN_HANH_CHINH
    assert report.rule_ids() == {"P8"}
    assert next(f for f in report.findings if f.rule == "P8").so_lan == 2  # both annexes


# --- đơn, tờ khai, forms ------------------------------------------------------------------------------


def test_a_don_gets_quoc_hieu_tieu_ngu_fonts_and_page(folder: Path) -> None:
    report = check(don(folder))
    assert report.kind is DON_BIEU_MAU and report.kind.rule_set is DON
    assert report.loai == "ĐƠN ĐỀ NGHỊ CẤP BẢN SAO TRÍCH LỤC KHAI SINH"
    assert report.findings == []
    assert {"H2", "H3", "H4", "H5", "H7", "P1", "P3", "P4"} <= set(report.dat)
    assert {"H8", "H11", "T1", "B1", "S1", "R1"} <= set(report.khong_ap_dung)
    accounted_once(report)


def test_a_don_with_an_en_dash_tieu_ngu_is_h4_only(folder: Path, tmp_path: Path) -> None:
    report = check(don(tmp_path, tieu_ngu="Độc lập – Tự do – Hạnh phúc"))
    assert report.kind is DON_BIEU_MAU
    assert report.rule_ids() == {"H4"}
    assert report.findings[0].muc_do is MucDo.CANH_BAO


@pytest.mark.parametrize("title", ["TỜ KHAI ĐĂNG KÝ THƯỜNG TRÚ", "PHIẾU ĐĂNG KÝ DỰ TUYỂN", "GIẤY ĐỀ NGHỊ"])
def test_forms_are_recognised_by_their_title(tmp_path: Path, title: str) -> None:
    report = check(don(tmp_path, title=title))
    assert report.kind is DON_BIEU_MAU and report.loai == title and report.findings == []


@pytest.mark.parametrize("title", ["PHIẾU GỬI", "GIẤY MỜI", "ĐƠN VỊ TỔ CHỨC"])
def test_a_title_of_the_29_types_is_no_form(tmp_path: Path, title: str) -> None:
    assert check(don(tmp_path, title=title)).kind is not DON_BIEU_MAU


# --- not a văn bản hành chính -------------------------------------------------------------------------


def test_a_company_letter_gets_page_and_fonts_only(folder: Path) -> None:
    report = check(company_letter(folder))
    assert report.kind is KHONG_PHAI_VBHC and report.kind.rule_set is TRANG_PHONG
    # one finding for the 308 paragraphs in Arial
    assert report.rule_ids() == {"P4"}
    (p4,) = report.findings
    assert p4.so_lan == 308 and len(p4.vi_tri) == 5 and p4.thay == "phông «Arial»"
    assert {"H2", "B1", "B2", "R1", "H16"} <= set(report.khong_ap_dung)
    accounted_once(report)
    grouped_everywhere(report)


def test_a_company_letter_in_times_new_roman_has_no_finding(tmp_path: Path) -> None:
    path = company_letter(tmp_path, paragraphs=50)
    d = Docx.open(path)
    for fonts in d.document.iter(w("rFonts")):
        for key in ("ascii", "hAnsi", "cs"):
            fonts.set(w(key), nd30.FONT)
    report = check(d.save(tmp_path / "cong_ty_tnr.docx"))
    assert report.kind is KHONG_PHAI_VBHC and report.findings == []


def test_an_empty_document_is_judged_as_a_van_ban_hanh_chinh(rendered, tmp_path: Path) -> None:
    # nothing to tell what it is: the missing Quốc hiệu is a finding, not a reason to skip ND30
    d = Docx.open(rendered("cong_van"))
    body = d.document.find(w("body"))
    for child in list(body)[:-1]:
        body.remove(child)
    report = check(d.save(tmp_path / "rong.docx"))
    assert report.kind is VAN_BAN_HANH_CHINH and "H2" in report.rule_ids()


# --- what the clerk reads -----------------------------------------------------------------------------


def test_first_line_says_what_the_document_is_and_the_rules_applied(folder: Path, rendered) -> None:
    out = invoke(str(company_letter(folder)), str(don(folder)), str(rendered("ke_hoach")),
                 str(CORPUS / "Phuluc2.docx")).output.splitlines()
    heads = [line for line in out if line.endswith(")") and " — " in line and not line.startswith(" ")]
    assert [h.split(" — ", 2)[2] for h in heads] == [
        "chỉ áp dụng trang và phông chữ (P1–P4, P9, P10)",  # the kind is the name: said once
        "đơn, tờ khai, biểu mẫu: chỉ áp dụng Quốc hiệu, Tiêu ngữ, phông chữ và trang (P1–P5, P9, P10, H2–H7)",
        f"văn bản hành chính: áp dụng toàn bộ quy tắc Nghị định 30 ({len(RULES)} quy tắc)",
        "phụ lục tách thành tệp riêng: chỉ áp dụng trang, phông chữ và các quy tắc của phụ lục "
        "(P1–P10, O1–O10)",
    ]
    why = [line for line in out if line.startswith("  Dấu hiệu nhận biết: ")]
    assert why[0].startswith(
        "  Dấu hiệu nhận biết: không có Quốc hiệu, không có tên loại văn bản hành chính. "
    )
    assert why[0].endswith(f"; {len(RULES) - 6} quy tắc khác không áp dụng.")
    assert len(why) == 3  # none for the văn bản hành chính
    # the company letter: its first line, the why line, and the one P4 group (two lines)
    letter = out[: out.index(heads[1])]
    assert len(letter) == 4 and "308 chỗ" in letter[2]
    assert letter[0].split(" — ")[1] == "không phải văn bản hành chính: 1 lỗi (308 chỗ), 0 cảnh báo, 0 gợi ý"


def test_json_has_the_kind_the_rule_set_and_why_each_rule_does_not_apply(folder: Path) -> None:
    data = json.loads(invoke("--json", str(company_letter(folder))).stdout)
    assert data["phien_ban_luoc_do"] == JSON_SCHEMA_VERSION == 3
    (result,) = data["ket_qua"]
    assert result["the_loai"] == {
        "khoa": "khong_phai_van_ban_hanh_chinh",
        "ten": "không phải văn bản hành chính",
        "dau_hieu": "không có Quốc hiệu, không có tên loại văn bản hành chính",
        "ghi_chu": KHONG_PHAI_VBHC.ngoai_bo,
    }
    rules = ["P1", "P2", "P3", "P4", "P9", "P10"]
    assert result["bo_quy_tac"] == {"khoa": "trang_phong_chu", "ten": "trang và phông chữ", "quy_tac": rules}
    assert set(result["ly_do_khong_ap_dung"]) == set(result["khong_ap_dung"]) >= {"H2", "B1", "P5"}
    assert result["ly_do_khong_ap_dung"]["B1"] == KHONG_PHAI_VBHC.ngoai_bo
    assert [f["quy_tac"] for f in result["phat_hien"]] == ["P4"]


def test_rule_ids_are_listed_the_short_way() -> None:
    assert compact(["H7", "P1", "P2", "H2", "H3", "H4", "P9"]) == "P1, P2, P9, H2–H4, H7"
    assert compact([]) == ""


def test_the_rule_sets_are_subsets_of_the_catalogue() -> None:
    for rule_set in (TOAN_BO, PHU_LUC, DON, QPPL, TRANG_PHONG):
        assert rule_set.rules <= set(RULES) and "P10" in rule_set.rules
    assert TRANG_PHONG.rules < DON.rules < TOAN_BO.rules


def test_the_kind_can_be_given_instead_of_recognised(folder: Path) -> None:
    report = check(company_letter(folder), kind=VAN_BAN_HANH_CHINH)
    assert report.kind is VAN_BAN_HANH_CHINH and report.dau_hieu == "chỉ định khi gọi kiểm tra"
    assert {"H2", "B1", "P4"} <= report.rule_ids()  # all of ND30, as before kinds were recognised
    accounted_once(report)


def test_a_finding_names_its_paragraph_in_the_excerpt_so_it_groups(rendered, tmp_path: Path) -> None:
    # twenty «Chương …» lines with no name under them: one B6 finding, the label in the excerpt
    d = Docx.open(rendered("ke_hoach"))
    last = d.containing("Văn phòng theo dõi")
    for n in range(20, 0, -1):
        label = copy.deepcopy(last)
        set_text(label, f"Chương {vi.roman(n)}")
        set_para_prop(label, "jc", val="center")
        set_run_prop(label, "b")
        last.addnext(label)
    report = check(d.save(tmp_path / "chuong.docx"))
    grouped_everywhere(report)
    (b6,) = [f for f in report.findings if f.rule == "B6"]
    assert b6.so_lan == 20 and b6.trich_dan == "Chương I" and len(b6.vi_tri) == 5
    assert report.rule_ids() == {"B6", "B12"}  # B12: the body now ends on «Chương XX», not «./.»


# --- the Word corpus (tests/word_corpus.py) -----------------------------------------------------------

#: The kind each of the corpus's truths names.
KIND_OF = {
    wc.VAN_BAN_HANH_CHINH: VAN_BAN_HANH_CHINH,
    wc.DON: DON_BIEU_MAU,
    wc.PHU_LUC: PHU_LUC_RIENG,
    wc.VBQPPL: QUY_PHAM_PHAP_LUAT,
    wc.KHAC: KHONG_PHAI_VBHC,
}
#: Warnings the corpus's real files give, and why.
WARNINGS = {
    "nd30": {"P10"},  # the white «[» in the signature block
    "nd30_phuluc1": {"P2"},  # its landscape section holds the size table as a picture, no w:tbl
}


@pytest.fixture(scope="module")
def corpus(folder: Path) -> dict[str, Path]:
    return {name: wc.write(name, folder) for name in wc.TRUTH}


@pytest.mark.parametrize("name", list(wc.TRUTH))
def test_each_corpus_document_is_recognised_and_judged_by_its_rules(corpus, name: str) -> None:
    truth = wc.TRUTH[name]
    report = check(corpus[name])
    assert report.kind is KIND_OF[truth.kind], report.dau_hieu
    accounted_once(report)
    grouped_everywhere(report)
    errors = {"P4"} if name == "company_letter" else truth.errors  # Calibri from the theme
    assert report.rule_ids(MucDo.LOI) == errors
    assert report.rule_ids(MucDo.CANH_BAO) == WARNINGS.get(name, set())
    assert report.rule_ids(MucDo.GOI_Y) == set()


def test_the_corpus_company_letter_is_one_p4_finding_over_every_paragraph(corpus) -> None:
    report = check(corpus["company_letter"])
    (p4,) = report.findings
    doc = read(corpus["company_letter"])
    headers = {id(h): h for s in doc.sections for h in s.headers.values()}.values()
    paragraphs = [*doc.paragraphs(), *(p for h in headers for p in h.paragraphs)]
    typed = [p for p in paragraphs if p.text_runs]
    assert p4.thay == "phông «Calibri»" and p4.so_lan == len(typed) > 30
    # the sentence «… nước Cộng hòa xã hội chủ nghĩa Việt Nam.» is no Quốc hiệu
    assert report.dau_hieu == "không có Quốc hiệu, không có tên loại văn bản hành chính"


@pytest.mark.parametrize("name", ["don_plain_letterhead", "don_date_at_top", "letterhead_after_table"])
def test_the_corpus_don_and_form_pass_their_quoc_hieu_and_tieu_ngu(corpus, name: str) -> None:
    report = check(corpus[name])
    assert report.kind is DON_BIEU_MAU and report.loai.startswith(("ĐƠN", "TỜ KHAI"))
    assert {"H2", "H3", "H4", "H5", "H7"} <= set(report.dat)
    # its date line, Kính gửi and signature are not ND30's to judge
    assert {"H17", "H19", "R4", "S1", "B12"} <= set(report.khong_ap_dung)


@pytest.mark.parametrize("name", [n for n, p in wc.PLANTED.items() if wc.TRUTH[p.base].kind == wc.DON])
def test_an_error_planted_in_a_corpus_don_is_caught_alone(folder: Path, name: str) -> None:
    planted = wc.PLANTED[name]
    report = check(wc.plant(name, folder))
    assert report.kind is DON_BIEU_MAU
    assert {(f.rule, f.muc_do.value) for f in report.findings} == {(planted.rule, planted.muc_do)}


def test_the_corpus_annex_file_numbers_its_pages_from_1(corpus) -> None:
    report = check(corpus["annex_own_file"])
    assert report.kind is PHU_LUC_RIENG and "P8" in report.dat and report.findings == []
