"""Reading a DOCX as it looks: effective formatting through styles, theme fonts, fields, sections,
text boxes — on small packages written here part by part."""

from __future__ import annotations

import zipfile
from pathlib import Path

from vbhc.checker import check
from vbhc.checker.kinds import VAN_BAN_HANH_CHINH
from vbhc.checker.reader import Table, read

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"

STYLES = f"""<?xml version="1.0" encoding="UTF-8"?>
<w:styles xmlns:w="{W}">
  <w:docDefaults>
    <w:rPrDefault><w:rPr><w:rFonts w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi"/>
      <w:sz w:val="22"/></w:rPr></w:rPrDefault>
    <w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="259" w:lineRule="auto"/></w:pPr></w:pPrDefault>
  </w:docDefaults>
  <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="Goc"><w:name w:val="Gốc"/><w:basedOn w:val="Normal"/>
    <w:pPr><w:jc w:val="both"/><w:ind w:firstLine="567"/></w:pPr>
    <w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:sz w:val="28"/></w:rPr></w:style>
  <w:style w:type="paragraph" w:styleId="Con"><w:name w:val="Con"/><w:basedOn w:val="Goc"/>
    <w:rPr><w:b/></w:rPr></w:style>
  <w:style w:type="paragraph" w:styleId="Vong1"><w:name w:val="Vòng 1"/><w:basedOn w:val="Vong2"/></w:style>
  <w:style w:type="paragraph" w:styleId="Vong2"><w:name w:val="Vòng 2"/><w:basedOn w:val="Vong1"/></w:style>
  <w:style w:type="character" w:styleId="Nghieng"><w:name w:val="Nghiêng"/><w:rPr><w:i/></w:rPr></w:style>
  <w:style w:type="table" w:styleId="BangNho"><w:name w:val="Bảng nhỏ"/>
    <w:rPr><w:sz w:val="24"/></w:rPr>
    <w:tblPr><w:tblBorders><w:top w:val="single"/></w:tblBorders></w:tblPr></w:style>
</w:styles>"""

THEME = """<?xml version="1.0" encoding="UTF-8"?>
<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:themeElements><a:fontScheme>
<a:majorFont><a:latin typeface="Cambria"/></a:majorFont>
<a:minorFont><a:latin typeface="Calibri"/></a:minorFont>
</a:fontScheme></a:themeElements></a:theme>"""

HEADER = f"""<?xml version="1.0" encoding="UTF-8"?>
<w:hdr xmlns:w="{W}"><w:p><w:pPr><w:jc w:val="center"/></w:pPr>
<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>
<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:rPr><w:sz w:val="28"/><w:i/></w:rPr><w:t>2</w:t></w:r>
<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>"""


def _package(tmp_path: Path, body: str, *, sect: str | None = None) -> Path:
    sect = sect or (
        '<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/>'
        '<w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1134" w:bottom="1134" w:left="1701" w:right="850" w:header="567"/></w:sectPr>'
    )
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}" xmlns:r="{R}" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f"<w:body>{body}{sect}</w:body></w:document>"
    )
    rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
        f'<Relationship Id="rIdS" Type="{REL}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rIdT" Type="{REL}/theme" Target="theme/theme1.xml"/>'
        f'<Relationship Id="rIdH" Type="{REL}/header" Target="header1.xml"/>'
        f'<Relationship Id="rIdF" Type="{REL}/footer" Target="footer1.xml"/></Relationships>'
    )
    root_rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    path = tmp_path / "tay.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("_rels/.rels", root_rels)
        archive.writestr("word/document.xml", document)
        archive.writestr("word/_rels/document.xml.rels", rels)
        archive.writestr("word/styles.xml", STYLES)
        archive.writestr("word/theme/theme1.xml", THEME)
        archive.writestr("word/header1.xml", HEADER)
        archive.writestr("word/footer1.xml", HEADER.replace("w:hdr", "w:ftr"))
    return path


def _p(text: str, style: str | None = None, rpr: str = "", ppr: str = "") -> str:
    pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
    return f"<w:p><w:pPr>{pstyle}{ppr}</w:pPr><w:r><w:rPr>{rpr}</w:rPr><w:t>{text}</w:t></w:r></w:p>"


def test_style_chain_docdefaults_and_theme_fonts(tmp_path: Path) -> None:
    doc = read(_package(tmp_path, _p("mặc định") + _p("gốc", "Goc") + _p("con", "Con")
                        + _p("kiểu ký tự", "Goc", '<w:rStyle w:val="Nghieng"/>')
                        + _p("trực tiếp", "Con", '<w:b w:val="0"/><w:sz w:val="26"/>')))
    plain, base, child, char, direct = list(doc.paragraphs())
    # docDefaults: theme minor font (Calibri) and 11 pt; Normal adds nothing
    assert (plain.runs[0].fmt.font, plain.size, plain.fmt.after) == ("Calibri", 11.0, 160)
    # paragraph style
    assert (base.runs[0].fmt.font, base.size) == ("Times New Roman", 14)
    assert (base.fmt.jc, base.fmt.first_line) == ("both", 567)
    # basedOn chain: Con inherits Goc and adds bold
    assert child.all("bold") and child.size == 14 and child.fmt.first_line == 567
    # character style on top of the paragraph style
    assert char.all("italic") and not char.any("bold")
    # direct formatting wins
    assert not direct.any("bold") and direct.size == 13


def test_style_cycle_does_not_hang(tmp_path: Path) -> None:
    (paragraph,) = read(_package(tmp_path, _p("vòng", "Vong1"))).paragraphs()
    assert paragraph.text == "vòng"


def test_table_style_sits_between_defaults_and_paragraph_style(tmp_path: Path) -> None:
    table = (
        '<w:tbl><w:tblPr><w:tblStyle w:val="BangNho"/></w:tblPr><w:tblGrid><w:gridCol w:w="4000"/>'
        '<w:gridCol w:w="5000"/></w:tblGrid><w:tr><w:tc>' + _p("ô một") + "</w:tc><w:tc>"
        + _p("ô hai", "Goc") + "</w:tc></w:tr></w:tbl>"
    )
    doc = read(_package(tmp_path, table))
    (block,) = doc.sections[0].blocks
    assert isinstance(block, Table) and block.borders_visible and block.columns == 2
    first, second = block.paragraphs
    assert first.size == 12  # from the table style
    assert second.size == 14  # the paragraph style overrides the table style
    assert (first.where.bang, first.where.dong, first.where.o) == (1, 1, 1)
    assert first.width_twips == 4000 - 2 * 108


def test_caps_hidden_white_and_breaks(tmp_path: Path) -> None:
    body = (
        "<w:p><w:r><w:rPr><w:caps/></w:rPr><w:t>kế hoạch</w:t></w:r>"
        '<w:r><w:rPr><w:vanish/></w:rPr><w:t>ẩn</w:t></w:r>'
        '<w:r><w:rPr><w:color w:val="FFFFFF"/></w:rPr><w:t>[trắng]</w:t></w:r>'
        "<w:r><w:br/><w:t>dòng hai</w:t></w:r></w:p>"
    )
    (paragraph,) = read(_package(tmp_path, body)).paragraphs()
    assert paragraph.text == "KẾ HOẠCH\ndòng hai"


def test_page_field_in_header_and_sections(tmp_path: Path) -> None:
    landscape = (
        '<w:p><w:pPr><w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>'
        '<w:pgMar w:top="1134" w:bottom="1134" w:left="1701" w:right="850"/><w:titlePg/>'
        '<w:pgNumType w:start="1"/></w:sectPr></w:pPr></w:p>'
    )
    doc = read(_package(tmp_path, _p("trang dọc") + landscape + _p("phần hai")))
    first, second = doc.sections
    assert first.landscape and first.title_page and first.page_start == 1
    assert not second.landscape and not second.title_page
    header = second.headers["default"]
    (number,) = header.page_paragraphs
    assert number.fmt.jc == "center" and number.page_fields[0].size == 14 and number.page_fields[0].italic
    # the first section inherits nothing before it; the second has its own header reference
    assert "default" not in first.headers


def test_page_number_italic_is_reported(tmp_path: Path) -> None:
    report = check(_package(tmp_path, _p("Văn bản.", "Goc")), kind=VAN_BAN_HANH_CHINH)
    (p6,) = [f for f in report.findings if f.rule == "P6"]
    assert "in nghiêng" in p6.thay and p6.vi_tri[0].dau_trang == "default"
    # theme font Calibri reaches the runs of a paragraph without a style: P4 sees it through the theme
    report = check(_package(tmp_path, _p("Không kiểu.")))
    assert any(f.rule == "P4" and "Calibri" in f.thay for f in report.findings)


def test_text_box_letterhead_is_read(tmp_path: Path) -> None:
    box = (
        '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx>'
        "<w:txbxContent>" + _p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Con") + "</w:txbxContent>"
        "</wps:txbx></wps:wsp></w:drawing></mc:Choice><mc:Fallback><w:pict/></mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>"
    )
    body = box + _p("Hà Nội, ngày 05 tháng 3 năm 2026", "Goc", "<w:i/>") + _p("Nội dung.", "Goc")
    doc = read(_package(tmp_path, body))
    first = doc.sections[0].blocks[0]
    assert first.text == "" and first.has_drawing
    (inside,) = first.textboxes
    assert inside.where.khung and inside.all("bold")
    report = check(_package(tmp_path, body))
    assert "H2" in report.dat  # the Quốc hiệu inside the text box was found
    assert "H1" in report.rule_ids()  # and the letterhead is not a 2-column table


def test_word_auto_numbering_is_not_evaluated_not_passed(tmp_path: Path) -> None:
    numbered = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr>'
    body = _p("MỤC ĐÍCH, YÊU CẦU", "Con", ppr=numbered) + _p("Nội dung thứ nhất.", "Goc") + _p(
        "NHIỆM VỤ", "Con", ppr=numbered
    )
    doc = read(_package(tmp_path, body))
    assert [p.fmt.numbered for p in doc.paragraphs()] == [True, False, True]
    report = check(_package(tmp_path, body), kind=VAN_BAN_HANH_CHINH)
    reasons = {item.rule: item.ly_do for item in report.khong_danh_gia}
    for rule_id in ("B9", "B13", "B14", "B11"):
        assert "đánh số tự động" in reasons[rule_id]
        assert rule_id not in report.dat


def test_page_number_in_the_footer(tmp_path: Path) -> None:
    sect = (
        '<w:sectPr><w:footerReference w:type="default" r:id="rIdF"/><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1134" w:bottom="1134" w:left="1701" w:right="850"/><w:titlePg/></w:sectPr>'
    )
    doc = read(_package(tmp_path, _p("Văn bản.", "Goc"), sect=sect))
    (section,) = doc.sections
    assert "default" not in section.headers and section.footers["default"].page_paragraphs
    report = check(_package(tmp_path, _p("Văn bản.", "Goc"), sect=sect), kind=VAN_BAN_HANH_CHINH)
    (p6,) = [f for f in report.findings if f.rule == "P6"]
    assert "chân trang" in p6.thay and p6.vi_tri[0].chan_trang == "default"
    assert "P7" in report.dat  # titlePg: the footer of page 1 is empty
