"""The rendered DOCX, component by component, as a reader of the printed page sees it (ND30 §1–§3)."""

from __future__ import annotations

import zipfile
from datetime import date

import pytest
from docx.oxml.ns import qn
from docx.shared import Twips

from tests.conftest import ke_hoach_source
from tests.docx_view import all_paragraphs, find, look, open_docx
from vbhc import nd30
from vbhc.model import Bang, CoQuan, NguoiKy, NhiemVu, NhomNhiemVu, PhuLuc, VanBan
from vbhc.sources.markdown import load
from vbhc.text.metrics import text_width_mm
from vbhc.writers import layout
from vbhc.writers.docx import render

TNR = ("Times New Roman",) * 4


@pytest.fixture
def plan(tmp_path, write_source):
    source = write_source(ke_hoach_source())
    out = render(load(source), tmp_path / "ke_hoach.docx")
    return open_docx(out), out


def _rule_length_mm(paragraph, container_twips: int) -> float:
    ind = paragraph._p.pPr.find(qn("w:ind"))
    left, right = int(ind.get(qn("w:left"))), int(ind.get(qn("w:right")))
    return nd30.mm(container_twips - left - right)


def _has_bottom_border(document, element) -> bool:
    """A drawn rule: a bottom border on the paragraph or on its style."""
    border = qn("w:pPr") + "/" + qn("w:pBdr") + "/" + qn("w:bottom")
    if element.find(border) is not None:
        return True
    style_id = element.find(qn("w:pPr") + "/" + qn("w:pStyle")).get(qn("w:val"))
    style = next(s for s in document.styles if s.style_id == style_id)
    bottom = style.element.find(border)
    return bottom is not None and bottom.get(qn("w:val")) == "single"


def test_page_is_a4_portrait_with_margins_in_range(plan):
    document, _ = plan
    section = document.sections[0]
    assert (section.page_width, section.page_height) == (Twips(11906), Twips(16838))
    for side, (low, high) in nd30.MARGIN_RANGES_MM.items():
        value = nd30.mm(getattr(section, f"{side}_margin").twips)
        assert low - 0.1 <= value <= high + 0.1, side


def test_times_new_roman_everywhere(plan):
    document, path = plan
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rfonts = defaults.find(qn("w:rFonts"))
    assert tuple(rfonts.get(qn(f"w:{s}")) for s in ("ascii", "hAnsi", "eastAsia", "cs")) == TNR
    styles_xml = zipfile.ZipFile(path).read("word/styles.xml").decode()
    assert "Theme=" not in styles_xml  # a theme font would override the named font
    for paragraph in all_paragraphs(document):
        if paragraph.text.strip():
            assert look(document, paragraph).fonts == TNR, paragraph.text


def test_letterhead_is_a_fixed_borderless_two_column_table(plan):
    document, _ = plan
    table = document.tables[0]
    assert document.element.body[0].tag == qn("w:tbl")
    tbl_pr = table._tbl.tblPr
    assert tbl_pr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert len(grid) == 2 and tuple(grid) == layout.LETTERHEAD_COLUMNS
    # it reaches into the margins as the decree's own table does, but stays well inside the paper
    indent = int(tbl_pr.find(qn("w:tblInd")).get(qn("w:w")))
    assert indent == layout.LETTERHEAD_INDENT
    assert nd30.mm(indent) > -nd30.MARGINS_OFFICIAL.left / 2
    margins = nd30.MARGINS_OFFICIAL
    assert nd30.mm(indent + sum(grid)) < nd30.A4_MM[0] - margins.left - margins.right / 2
    # the right column is wide enough for the 13-pt Quốc hiệu on one line
    assert nd30.mm(grid[1]) > nd30.QUOC_HIEU_WIDTH_MM[13]
    borders = tbl_pr.find(qn("w:tblBorders"))
    assert all(b.get(qn("w:val")) in ("nil", "none") for b in borders)


def test_quoc_hieu_tieu_ngu_and_the_rule_under_it(plan):
    document, _ = plan
    qh = look(document, find(document, nd30.QUOC_HIEU))
    assert (qh.size, qh.bold, qh.italic, qh.align) == (13, True, False, "center")
    tn_paragraph = find(document, "Độc lập - Tự do - Hạnh phúc")
    tn = look(document, tn_paragraph)
    assert (tn.size, tn.bold, tn.italic, tn.underline, tn.align) == (14, True, False, False, "center")
    rule = tn_paragraph._p.getnext()
    assert _has_bottom_border(document, rule)
    from docx.text.paragraph import Paragraph

    length = _rule_length_mm(Paragraph(rule, None), layout.LETTERHEAD_COLUMNS[1])
    assert length == pytest.approx(text_width_mm(nd30.TIEU_NGU, 14, bold=True), rel=0.05)


def test_agency_lines_rule_and_number(plan):
    document, _ = plan
    first = look(document, find(document, "ỦY BAN NHÂN DÂN"))
    second_p = find(document, "XÃ HÙNG THẮNG")
    second = look(document, second_p)
    for line in (first, second):
        assert (line.size, line.bold, line.align) == (13, True, "center")
    from docx.text.paragraph import Paragraph

    rule = Paragraph(second_p._p.getnext(), None)
    assert _has_bottom_border(document, rule._p)
    length = _rule_length_mm(rule, layout.LETTERHEAD_COLUMNS[0])
    widest = max(text_width_mm(t, 13, bold=True) for t in ("ỦY BAN NHÂN DÂN", "XÃ HÙNG THẮNG"))
    assert widest / 3 <= length <= widest / 2
    so = look(document, find(document, "Số:       /KH-UBND"))
    assert (so.size, so.bold, so.italic, so.align) == (13, False, False, "center")
    when = look(document, find(document, "Hùng Thắng, ngày      tháng      năm 2026"))
    assert (when.size, when.italic, when.bold) == (14, True, False)


def test_title_block_and_rule_under_the_trich_yeu(plan):
    document, _ = plan
    title = look(document, find(document, "KẾ HOẠCH"))
    assert (title.size, title.bold, title.align) == (14, True, "center")
    summary_p = find(document, "Cải cách hành chính nhà nước năm 2026")
    summary = look(document, summary_p)
    assert (summary.size, summary.bold, summary.italic, summary.align) == (14, True, False, "center")
    from docx.text.paragraph import Paragraph

    rule = Paragraph(summary_p._p.getnext(), None)
    assert _has_bottom_border(document, rule._p)
    length = _rule_length_mm(rule, layout.PORTRAIT_TEXT_WIDTH)
    width = text_width_mm("Cải cách hành chính nhà nước năm 2026", 14, bold=True)
    assert width / 3 <= length <= width / 2


def test_body_is_numbered_justified_indented_and_spaced(plan):
    document, _ = plan
    muc = find(document, "I. MỤC ĐÍCH, YÊU CẦU")
    assert look(document, muc).bold
    assert find(document, "II. TỔ CHỨC THỰC HIỆN")
    assert look(document, find(document, "1. Mục đích")).bold
    assert look(document, find(document, "2. Yêu cầu")).bold
    diem = find(document, "a) Điểm thứ nhất.")
    assert not look(document, diem).bold
    assert find(document, "b) Điểm thứ hai có chữ đậm và chữ nghiêng.")
    item = find(document, "- Ý thứ nhất.")
    assert find(document, "+ Ý con.")
    body = look(document, item)
    assert (body.size, body.align, body.bold, body.italic) == (14, "both", False, False)
    fmt = item.style.paragraph_format
    assert fmt.first_line_indent.twips in (567, 720)
    spacing = sum(value.pt for value in (fmt.space_before, fmt.space_after) if value is not None)
    assert spacing >= nd30.PARAGRAPH_SPACING_MIN_PT
    assert 1.0 <= fmt.line_spacing <= 1.5
    emphasis = find(document, "b) Điểm thứ hai có chữ đậm và chữ nghiêng.")
    runs = {r.text: (r.bold, r.italic) for r in emphasis.runs}
    assert runs["chữ đậm"] == (True, None) and runs["chữ nghiêng"] == (None, True)
    assert find(document, "Trên đây là Kế hoạch của Ủy ban nhân dân xã./.")


def test_signature_and_recipients_in_a_table_that_does_not_split(plan):
    document, _ = plan
    closing = document.tables[-1]
    row = closing.rows[0]._tr
    assert row.trPr.find(qn("w:cantSplit")) is not None
    left, right = (cell for cell in closing.rows[0].cells)
    label = look(document, left.paragraphs[0])
    assert label.text == "Nơi nhận:" and (label.size, label.bold, label.italic) == (12, True, True)
    items = [p for p in left.paragraphs[1:] if p.text]
    assert [p.text for p in items] == [
        "- Sở Nội vụ;",
        "- TTĐU, TTHĐND xã;",
        "- CT, các PCT UBND xã;",
        "- Các cơ quan, đơn vị;",
        "- Lưu: VT, VHXH.",
    ]
    for p in items:
        item = look(document, p)
        assert (item.size, item.bold, item.italic) == (11, False, False)
    lines = [p for p in right.paragraphs if p.text]
    assert [p.text for p in lines] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Vũ Trọng Thủy"]
    for p in lines:
        signer = look(document, p)
        assert (signer.size, signer.bold, signer.align) == (14, True, "center")


def test_page_numbers_from_page_two_in_the_top_centre(plan):
    document, _ = plan
    section = document.sections[0]
    assert section.different_first_page_header_footer
    header = section.header
    xml = header._element.xml
    assert "PAGE" in xml and "fldChar" in xml
    number = look(document, header.paragraphs[0])
    assert number.align == "center" and number.size in nd30.SIZES["so_trang"]
    assert "PAGE" not in section.first_page_header._element.xml


def test_issued_document_shows_number_and_date(tmp_path, write_source):
    source = write_source(ke_hoach_source(so="5", ngay="2026-01-14"))
    document = open_docx(render(load(source), tmp_path / "kh.docx"))
    assert find(document, "Số: 05/KH-UBND")
    assert find(document, "Hùng Thắng, ngày 14 tháng 01 năm 2026")


def test_text_is_xml_escaped(tmp_path, write_source):
    source = write_source(ke_hoach_source(trich_yeu='"Tôm & cá <loại 1> \\"ngon\\" 🐟"'))
    document = open_docx(render(load(source), tmp_path / "kh.docx"))
    assert find(document, 'Tôm & cá <loại 1> "ngon" 🐟')


CONG_VAN = """\
---
loai: cong_van
co_quan: {ten: "ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG", viet_tat: UBND}
ky_hieu: UBND-VP
dia_danh: Hùng Thắng
so: 7
ngay: 2026-03-05
trich_yeu: Báo cáo tình hình thực hiện nhiệm vụ quý I
kinh_gui: [Sở Nội vụ, Sở Tài chính]
nguoi_ky: {tham_quyen: [TM. ỦY BAN NHÂN DÂN], chuc_vu: CHỦ TỊCH, ho_ten: Nguyễn Văn A}
noi_nhan: [CT, các PCT UBND xã]
luu: [VT, VP]
---

Nội dung công văn.
"""


def test_cong_van_has_v_v_under_the_number_and_kinh_gui(tmp_path, write_source):
    document = open_docx(render(load(write_source(CONG_VAN)), tmp_path / "cv.docx"))
    assert find(document, "Số: 07/UBND-VP")
    assert find(document, "Hùng Thắng, ngày 05 tháng 3 năm 2026")
    # the V/v line may be broken where its lines come out even: compare the words
    vv_text = "V/v Báo cáo tình hình thực hiện nhiệm vụ quý I"
    vv = next(p for p in all_paragraphs(document) if " ".join(p.text.split()) == vv_text)
    look_vv = look(document, vv)
    assert (look_vv.size, look_vv.bold) == (12, False)
    left_cell_texts = [" ".join(p.text.split()) for p in document.tables[0].rows[0].cells[0].paragraphs]
    assert vv_text in left_cell_texts
    texts = [p.text for p in all_paragraphs(document)]
    assert "CÔNG VĂN" not in texts
    at = texts.index("Kính gửi:")
    assert texts[at + 1 : at + 3] == ["- Sở Nội vụ;", "- Sở Tài chính."]
    closing = [p.text for p in document.tables[-1].rows[0].cells[0].paragraphs if p.text]
    assert closing[:2] == ["Nơi nhận:", "- Như trên;"] and closing[-1] == "- Lưu: VT, VP."


def test_quyet_dinh_has_authority_can_cu_and_enacting_line(tmp_path, write_source):
    text = CONG_VAN.replace("loai: cong_van", "loai: quyet_dinh").replace("ky_hieu: UBND-VP\n", "")
    text = text.replace("kinh_gui: [Sở Nội vụ, Sở Tài chính]", "can_cu: [Căn cứ Luật A;, Căn cứ Nghị định B]")
    document = open_docx(render(load(write_source(text)), tmp_path / "qd.docx"))
    texts = [p.text for p in all_paragraphs(document)]
    assert "QUYẾT ĐỊNH" in texts and "Số: 07/QĐ-UBND" in texts
    at = texts.index("ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG")
    assert texts[at + 1 : at + 4] == ["Căn cứ Luật A;", "Căn cứ Nghị định B.", "QUYẾT ĐỊNH:"]
    assert look(document, find(document, "Căn cứ Luật A;")).italic


def _van_ban_with_annex(so=None, ngay=None, rows=700) -> VanBan:
    groups = [
        NhomNhiemVu(
            so="I",
            ten="Chỉ đạo điều hành",
            nhiem_vu=[
                NhiemVu(
                    stt=str(i + 1),
                    noi_dung=f"Nhiệm vụ {i + 1} & <kiểm tra>",
                    chu_tri="Phòng Văn hóa - Xã hội",
                    thoi_gian="Quý I/2026",
                )
                for i in range(rows // 2)
            ],
        ),
        NhomNhiemVu(
            so="II",
            ten="Cải cách thủ tục hành chính",
            nhiem_vu=[
                NhiemVu(stt=str(i + 1), noi_dung=f"Việc {i + 1}", chu_tri="Trung tâm Phục vụ hành chính công")
                for i in range(rows - rows // 2)
            ],
        ),
    ]
    return VanBan(
        loai="ke_hoach",
        co_quan=CoQuan(ten="ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG", viet_tat="UBND"),
        dia_danh="Hùng Thắng",
        so=so,
        ngay=ngay,
        nam=2026,
        trich_yeu="Cải cách hành chính năm 2026",
        nguoi_ky=NguoiKy(tham_quyen=["TM. ỦY BAN NHÂN DÂN"], chuc_vu="CHỦ TỊCH", ho_ten="Nguyễn Văn A"),
        noi_nhan=["Sở Nội vụ"],
        luu=["VT", "VHXH"],
        phu_luc=[PhuLuc(tieu_de="Danh mục nhiệm vụ năm 2026", bang=Bang(nhom=groups))],
    )


def test_annex_is_a_landscape_section_with_restarted_numbers(tmp_path):
    document = open_docx(render(_van_ban_with_annex(), tmp_path / "kh.docx"))
    main, annex = document.sections
    assert (main.page_width, main.page_height) == (Twips(11906), Twips(16838))
    assert (annex.page_width, annex.page_height) == (Twips(16838), Twips(11906))
    assert annex.orientation == 1  # landscape
    number = annex._sectPr.find(qn("w:pgNumType"))
    assert number is not None and number.get(qn("w:start")) == "1"
    assert annex.different_first_page_header_footer
    for side, (low, high) in nd30.MARGIN_RANGES_MM.items():
        assert low - 0.1 <= nd30.mm(getattr(annex, f"{side}_margin").twips) <= high + 0.1
    heading = look(document, find(document, "Phụ lục"))
    assert (heading.size, heading.bold, heading.align) == (14, True, "center")
    assert look(document, find(document, "DANH MỤC NHIỆM VỤ NĂM 2026")).bold
    kem_theo = find(
        document,
        "(Kèm theo Kế hoạch số       /KH-UBND ngày      tháng      năm 2026 "
        "của Ủy ban nhân dân xã Hùng Thắng)",
    )
    assert look(document, kem_theo).italic


def test_annex_table_rows_header_groups_and_every_task_once(tmp_path):
    document = open_docx(render(_van_ban_with_annex(so=5, ngay=date(2026, 1, 14)), tmp_path / "kh.docx"))
    assert find(
        document,
        "(Kèm theo Kế hoạch số 05/KH-UBND ngày 14 tháng 01 năm 2026 của Ủy ban nhân dân xã Hùng Thắng)",
    )
    annex_tables = document.tables[2:]
    assert len(annex_tables) == -(-(700 + 2) // layout.TABLE_CHUNK_ROWS)  # split for LibreOffice
    texts = []
    for table in annex_tables:
        rows = table._tbl.tr_lst
        header = rows[0]
        assert header.trPr.find(qn("w:tblHeader")) is not None
        assert [c.xpath("string(.)") for c in header.tc_lst][:2] == ["TT", "Nội dung công việc"]
        grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert sum(grid) == layout.LANDSCAPE_TEXT_WIDTH
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        for row in rows[1:]:
            assert row.trPr.find(qn("w:cantSplit")) is not None
            cells = row.tc_lst
            if len(cells) == 1:
                span = cells[0].tcPr.find(qn("w:gridSpan"))
                assert int(span.get(qn("w:val"))) == len(grid)
                texts.append(("group", cells[0].xpath("string(.)")))
            else:
                texts.append(("task", cells[1].xpath("string(.)")))
    groups = [t for kind, t in texts if kind == "group"]
    assert groups == ["I. Chỉ đạo điều hành", "II. Cải cách thủ tục hành chính"]
    tasks = [t for kind, t in texts if kind == "task"]
    expected = [f"Nhiệm vụ {i + 1} & <kiểm tra>" for i in range(350)] + [f"Việc {i + 1}" for i in range(350)]
    assert tasks == expected
    group_paragraph = find(document, "I. Chỉ đạo điều hành")
    assert look(document, group_paragraph).bold


def test_output_is_written_atomically(tmp_path, write_source, monkeypatch):
    out = tmp_path / "kh.docx"
    out.write_bytes(b"old good file")
    import vbhc.writers.docx as module

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(module, "_content_xml", broken)
    with pytest.raises(RuntimeError):
        render(load(write_source(ke_hoach_source())), out)
    assert out.read_bytes() == b"old good file"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


BIEN_BAN = """\
---
loai: bien_ban
co_quan: {ten: "ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG", viet_tat: UBND}
dia_danh: Hùng Thắng
nam: 2026
trich_yeu: Họp Ban Chỉ đạo cải cách hành chính quý I năm 2026
nguoi_ky: {chuc_vu: CHỦ TỌA, ho_ten: Nguyễn Văn A}
nguoi_ky_2: {chuc_vu: THƯ KÝ, ho_ten: Trần Thị B}
luu: [VT, Hồ sơ]
---

Cuộc họp kết thúc vào 11 giờ 00 cùng ngày.
"""


def test_bien_ban_has_two_signers_and_no_date_in_the_header(tmp_path, write_source):
    document = open_docx(render(load(write_source(BIEN_BAN)), tmp_path / "bb.docx"))
    header_texts = [p.text for cell in document.tables[0].rows[0].cells for p in cell.paragraphs]
    assert not any(t.startswith("Hùng Thắng, ngày") for t in header_texts)
    signatures = document.tables[-1].rows[0].cells
    assert [p.text for p in signatures[0].paragraphs if p.text] == ["THƯ KÝ", "Trần Thị B"]
    assert [p.text for p in signatures[1].paragraphs if p.text] == ["CHỦ TỌA", "Nguyễn Văn A"]
    assert find(document, "- Lưu: VT, Hồ sơ.")


def test_to_trinh_to_one_superior_keeps_kinh_gui_on_one_line(tmp_path, write_source):
    text = CONG_VAN.replace("loai: cong_van", "loai: to_trinh").replace("ky_hieu: UBND-VP\n", "")
    text = text.replace("kinh_gui: [Sở Nội vụ, Sở Tài chính]", "kinh_gui: Ủy ban nhân dân thành phố")
    document = open_docx(render(load(write_source(text)), tmp_path / "tt.docx"))
    assert find(document, "Số: 07/TTr-UBND")
    assert find(document, "Kính gửi: Ủy ban nhân dân thành phố")
    assert look(document, find(document, "TỜ TRÌNH")).bold
    closing = [p.text for p in document.tables[-1].rows[0].cells[0].paragraphs if p.text]
    assert closing[1] == "- Như trên;"
