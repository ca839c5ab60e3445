"""Build templates/*.docx, the docxtpl templates vbhc renders with. Run: ``make templates``.

Every size, margin and fixed text comes from vbhc/nd30.py. The templates carry the look: page setup,
named styles (``VB …``), the letterhead and closing tables, the page-number header. An office may
restyle them in Word (change a style, a column width) and keep them in its own folder; the structure
(numbering, tables, annexes) comes from vbhc.

Jinja tags inside the templates (docxtpl syntax):
  {{ so_ky_hieu }} {{ dia_danh_ngay }} {{ ten_loai }} {{ trich_yeu }} {{ trich_yeu_cong_van }}
  {%p for dong in co_quan %}  {%p if chu_quan %}  {%p for dong in nguoi_ky %}  {{ ho_ten }}
  {%p for dong in noi_nhan %}  {{ ky_hieu_nguoi_soan }}  {{ do_khan }}
  {{p noi_dung }} (the content, generated)  {{p phu_luc }} (the annexes, generated)
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.oxml import parse_xml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from vbhc import nd30
from vbhc.ooxml.namespaces import W_NS
from vbhc.ooxml.normalise import normalise
from vbhc.writers.layout import (
    CLOSING_COLUMNS,
    DO_KHAN_RULE_EIGHTHS,
    DO_KHAN_RULE_TWIPS,
    LETTERHEAD_COLUMNS,
    LETTERHEAD_INDENT,
    SIGNATURE_BLANK_LINES,
    STYLE_IDS,
    do_khan_inner_width,
)

OUT = Path(__file__).resolve().parents[1] / "templates"
NS = f'xmlns:w="{W_NS}"'
HALF = 2  # w:sz is in half-points


def sz(component: str) -> int:
    return int(nd30.SIZES[component].default * HALF)


# --- styles: each paragraph style is the look of one component in the rule book ------------------------

FONT = nd30.FONT
RFONTS = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
INDENT = nd30.twips(nd30.FIRST_LINE_INDENT_MM[0])
KEEP = "<w:keepNext/>"


def _style(name: str, *, ppr: str = "", rpr: str = "", based_on: str = "Normal", next_: str = "") -> str:
    sid = STYLE_IDS[name]
    nxt = f'<w:next w:val="{STYLE_IDS[next_]}"/>' if next_ else ""
    return (
        f'<w:style {NS} w:type="paragraph" w:customStyle="1" w:styleId="{sid}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="{based_on}"/>{nxt}<w:qFormat/>'
        f"<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )


def _rpr(component: str) -> str:
    """Bold, italic and size of ``component`` (what ND30 leaves open is set regular)."""
    look = nd30.THANH_PHAN[component]
    size = sz(component)
    return (
        ("<w:b/><w:bCs/>" if look.bold else '<w:b w:val="0"/><w:bCs w:val="0"/>')
        + ("<w:i/><w:iCs/>" if look.italic else '<w:i w:val="0"/><w:iCs w:val="0"/>')
        + f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
    )


def _spacing(look: nd30.ThanhPhan, *, line: str = "") -> str:
    line = line or f'w:line="{round(look.line * 240)}" w:lineRule="auto"'
    return f'<w:spacing w:before="{round(look.before * 20)}" w:after="{round(look.after * 20)}" {line}/>'


def _ppr(component: str) -> str:
    """Keeping, spacing, first-line indent and alignment of ``component``."""
    look = nd30.THANH_PHAN[component]
    indent = f'<w:ind w:firstLine="{INDENT}"/>' if look.first_line else ""
    return f'{KEEP if look.keep_next else ""}{_spacing(look)}{indent}<w:jc w:val="{look.align}"/>'


def _component_style(name: str, component: str, next_: str = "") -> str:
    return _style(name, ppr=_ppr(component), rpr=_rpr(component), next_=next_)


RULE_PPR = (
    '<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>'
    '<w:spacing w:before="60" w:after="0" w:line="20" w:lineRule="exact"/><w:jc w:val="center"/>'
)
RULE_RPR = '<w:sz w:val="2"/><w:szCs w:val="2"/>'

#: The độ khẩn mark's single-line rectangle (§3.10): a paragraph border on four sides, drawn at the
#: text's edges; its height is the exact line height plus the two rules.
DO_KHAN_BORDER = "".join(
    f'<w:{side} w:val="single" w:sz="{DO_KHAN_RULE_EIGHTHS}" w:space="0" w:color="{nd30.DO_KHAN_COLOR}"/>'
    for side in ("top", "left", "bottom", "right")
)
DO_KHAN_LINE = nd30.twips(nd30.DO_KHAN["KHẨN"][1]) - 2 * DO_KHAN_RULE_TWIPS
DO_KHAN_SIDE = (LETTERHEAD_COLUMNS[0] - do_khan_inner_width("KHẨN")) // 2
DO_KHAN = nd30.THANH_PHAN["do_khan"]

#: Paragraph style → the component whose look it carries (and the style of the next paragraph).
COMPONENT_STYLES = {
    "VB Chủ quản": "co_quan_chu_quan",
    "VB Cơ quan": "co_quan_ban_hanh",
    "VB Số": "so_ky_hieu",
    "VB V/v": "trich_yeu_cong_van",
    "VB Quốc hiệu": "quoc_hieu",
    "VB Tiêu ngữ": "tieu_ngu",
    "VB Địa danh ngày": "dia_danh_ngay",
    "VB Tên loại": "ten_loai",
    "VB Trích yếu": "trich_yeu",
    "VB Kính gửi": "kinh_gui",
    "VB Nội dung": "noi_dung",
    "VB Căn cứ": "can_cu",
    "VB Mục": "muc",
    "VB Khoản": "khoan",
    "VB Điểm": "diem",
    "VB Căn giữa": "phan_chuong",
    "VB Nơi nhận": "noi_nhan_label",
    "VB Nơi nhận mục": "noi_nhan_item",
    "VB Ký hiệu người soạn": "ky_hieu_nguoi_soan",
    "VB Chức vụ": "chuc_vu",
    "VB Chữ ký": "chu_ky",
    "VB Họ tên": "ho_ten",
    "VB Phụ lục": "phu_luc_heading",
    "VB Tiêu đề phụ lục": "phu_luc_title",
    "VB Kèm theo": "kem_theo",
    "VB Bảng": "bang",
    "VB Bảng giữa": "bang_giua",
    "VB Bảng tiêu đề": "bang_tieu_de",
    "VB Bảng nhóm": "bang_nhom",
    "VB Hình": "hinh",
    "VB Số trang": "so_trang",
}
#: headings are kept with what they open by vbhc, paragraph by paragraph (only the short ones)
NEXT_STYLE = {
    "VB Căn cứ": "VB Căn cứ",
    "VB Mục": "VB Nội dung",
    "VB Khoản": "VB Nội dung",
    "VB Điểm": "VB Nội dung",
}
#: The styles that are not a component's look: drawn rules, the độ khẩn frame, the table break.
OTHER_STYLES = {
    "VB Đường kẻ cơ quan": _style("VB Đường kẻ cơ quan", ppr=RULE_PPR, rpr=RULE_RPR),
    "VB Đường kẻ tiêu ngữ": _style("VB Đường kẻ tiêu ngữ", ppr=RULE_PPR, rpr=RULE_RPR),
    "VB Đường kẻ trích yếu": _style("VB Đường kẻ trích yếu", ppr=RULE_PPR, rpr=RULE_RPR),
    "VB Đường kẻ phụ lục": _style("VB Đường kẻ phụ lục", ppr=RULE_PPR + KEEP, rpr=RULE_RPR),
    "VB Độ khẩn": _style(
        "VB Độ khẩn",
        ppr=f"<w:pBdr>{DO_KHAN_BORDER}</w:pBdr>"
        + _spacing(DO_KHAN, line=f'w:line="{DO_KHAN_LINE}" w:lineRule="exact"')
        # the width of the frame is set per mark by vbhc (indents); this one is the KHẨN frame's
        + f'<w:ind w:left="{DO_KHAN_SIDE}" w:right="{DO_KHAN_SIDE}"/><w:jc w:val="{DO_KHAN.align}"/>',
        rpr=_rpr("do_khan") + f'<w:color w:val="{nd30.DO_KHAN_COLOR}"/>',
    ),
    "VB Ngắt bảng": _style(
        "VB Ngắt bảng",
        ppr='<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>',
        rpr=RULE_RPR,
    ),
}
#: The order the styles are written in styles.xml.
STYLE_ORDER = (
    "VB Chủ quản",
    "VB Cơ quan",
    "VB Đường kẻ cơ quan",
    "VB Số",
    "VB V/v",
    "VB Độ khẩn",
    "VB Quốc hiệu",
    "VB Tiêu ngữ",
    "VB Đường kẻ tiêu ngữ",
    "VB Địa danh ngày",
    "VB Tên loại",
    "VB Trích yếu",
    "VB Đường kẻ trích yếu",
    "VB Kính gửi",
    "VB Nội dung",
    "VB Căn cứ",
    "VB Mục",
    "VB Khoản",
    "VB Điểm",
    "VB Căn giữa",
    "VB Nơi nhận",
    "VB Nơi nhận mục",
    "VB Ký hiệu người soạn",
    "VB Chức vụ",
    "VB Chữ ký",
    "VB Họ tên",
    "VB Phụ lục",
    "VB Tiêu đề phụ lục",
    "VB Kèm theo",
    "VB Đường kẻ phụ lục",
    "VB Bảng",
    "VB Bảng giữa",
    "VB Bảng tiêu đề",
    "VB Bảng nhóm",
    "VB Ngắt bảng",
    "VB Hình",
    "VB Số trang",
)
STYLES = [
    OTHER_STYLES[name]
    if name in OTHER_STYLES
    else _component_style(name, COMPONENT_STYLES[name], NEXT_STYLE.get(name, ""))
    for name in STYLE_ORDER
]

DOC_DEFAULTS = (
    f'<w:docDefaults {NS}><w:rPrDefault><w:rPr>{RFONTS}<w:color w:val="{nd30.COLOR}"/>'
    f'<w:sz w:val="{sz("noi_dung")}"/><w:szCs w:val="{sz("noi_dung")}"/>'
    '<w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
    '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
    "</w:docDefaults>"
)


def _setup_styles(document: docx.document.Document) -> None:
    styles = document.styles.element
    old = styles.find(f"{{{W_NS}}}docDefaults")
    old.addprevious(parse_xml(DOC_DEFAULTS))
    styles.remove(old)
    for rfonts in styles.iter(f"{{{W_NS}}}rFonts"):
        for attr in list(rfonts.attrib):
            if attr.endswith("Theme"):
                del rfonts.attrib[attr]
        for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
            rfonts.set(f"{{{W_NS}}}{slot}", FONT)
    for style in STYLES:
        styles.append(parse_xml(style))


# --- body pieces ------------------------------------------------------------------------------------


def p(style: str, text: str = "", *, raw: bool = False) -> str:
    content = text if raw else escape(text)
    run = f'<w:r><w:t xml:space="preserve">{content}</w:t></w:r>' if text else ""
    return f'<w:p {NS}><w:pPr><w:pStyle w:val="{STYLE_IDS[style]}"/></w:pPr>{run}</w:p>'


def tag(text: str) -> str:
    """A paragraph holding only a docxtpl paragraph tag ({%p …%})."""
    return f'<w:p {NS}><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def _table(
    widths: tuple[int, ...], rows: list[list[str]], *, cant_split: bool = False, indent: int = 0
) -> str:
    total = sum(widths)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    no_border = "".join(
        f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    body = ""
    for cells in rows:
        tr_pr = "<w:trPr><w:cantSplit/></w:trPr>" if cant_split else ""
        tcs = "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>{content}</w:tc>'
            for w, content in zip(widths, cells, strict=True)
        )
        body += f"<w:tr>{tr_pr}{tcs}</w:tr>"
    return (
        f'<w:tbl {NS}><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/><w:tblInd w:w="{indent}" w:type="dxa"/>'
        f'<w:tblBorders>{no_border}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>"
    )


def letterhead(kind: str) -> str:
    left = (
        tag("{%p if chu_quan %}")
        + p("VB Chủ quản", "{{ chu_quan }}", raw=True)
        + tag("{%p endif %}")
        + tag("{%p for dong in co_quan %}")
        + p("VB Cơ quan", "{{ dong }}", raw=True)
        + tag("{%p endfor %}")
        + p("VB Đường kẻ cơ quan")
        + p("VB Số", "{{ so_ky_hieu }}", raw=True)
    )
    if kind == "cong_van":
        left += p("VB V/v", "{{ trich_yeu_cong_van }}", raw=True)
    left += tag("{%p if do_khan %}") + p("VB Độ khẩn", "{{ do_khan }}", raw=True) + tag("{%p endif %}")
    right = p("VB Quốc hiệu", nd30.QUOC_HIEU) + p("VB Tiêu ngữ", nd30.TIEU_NGU) + p("VB Đường kẻ tiêu ngữ")
    if kind != "bien_ban":
        right += p("VB Địa danh ngày", "{{ dia_danh_ngay }}", raw=True)
    return _table(LETTERHEAD_COLUMNS, [[left, right]], indent=LETTERHEAD_INDENT)


def title_block() -> str:
    return (
        p("VB Tên loại", "{{ ten_loai }}", raw=True)
        + tag("{%p if trich_yeu %}")
        + p("VB Trích yếu", "{{ trich_yeu }}", raw=True)
        + tag("{%p endif %}")
        + p("VB Đường kẻ trích yếu")
    )


def _signature(lines: str = "nguoi_ky", name: str = "ho_ten") -> str:
    blank = "".join(p("VB Chữ ký") for _ in range(SIGNATURE_BLANK_LINES))
    return (
        tag(f"{{%p for dong in {lines} %}}")
        + p("VB Chức vụ", "{{ dong }}", raw=True)
        + tag("{%p endfor %}")
        + blank
        + p("VB Họ tên", f"{{{{ {name} }}}}", raw=True)
    )


def _recipients() -> str:
    return (
        p("VB Nơi nhận", nd30.NOI_NHAN_LABEL)
        + tag("{%p for dong in noi_nhan %}")
        + p("VB Nơi nhận mục", "{{ dong }}", raw=True)
        + tag("{%p endfor %}")
        + tag("{%p if ky_hieu_nguoi_soan %}")
        + p("VB Ký hiệu người soạn", "{{ ky_hieu_nguoi_soan }}", raw=True)
        + tag("{%p endif %}")
    )


def closing(kind: str) -> str:
    if kind == "bien_ban":
        signatures = [_signature("nguoi_ky_2", "ho_ten_2"), _signature()]
        return _table(CLOSING_COLUMNS, [signatures, [_recipients(), p("VB Chữ ký")]], cant_split=True)
    return _table(CLOSING_COLUMNS, [[_recipients(), _signature()]], cant_split=True)


def slot(name: str) -> str:
    return tag(f"{{{{p {name} }}}}")


# --- sections and headers ---------------------------------------------------------------------------


def _page_setup(document: docx.document.Document, *, landscape: bool) -> None:
    section = document.sections[0]
    margins = nd30.MARGINS_LANDSCAPE if landscape else nd30.MARGINS_OFFICIAL
    width, height = nd30.A4_TWIPS
    sect = section._sectPr
    for child in list(sect):
        if child.tag.rsplit("}", 1)[1] in ("pgSz", "pgMar", "cols", "docGrid", "titlePg", "pgNumType"):
            sect.remove(child)
    orient = ' w:orient="landscape"' if landscape else ""
    w, h = (height, width) if landscape else (width, height)
    m = {k: nd30.twips(getattr(margins, k)) for k in ("top", "bottom", "left", "right")}
    header = nd30.twips(nd30.HEADER_DISTANCE_MM)
    for xml in (
        f'<w:pgSz {NS} w:w="{w}" w:h="{h}"{orient}/>',
        f'<w:pgMar {NS} w:top="{m["top"]}" w:right="{m["right"]}" w:bottom="{m["bottom"]}" '
        f'w:left="{m["left"]}" w:header="{header}" w:footer="{header}" w:gutter="0"/>',
        f'<w:pgNumType {NS} w:start="1"/>' if landscape else "",
        f'<w:cols {NS} w:space="720"/>',
        f"<w:titlePg {NS}/>",
    ):
        if xml:
            sect.append(parse_xml(xml))
    page = (
        f'<w:p {NS}><w:pPr><w:pStyle w:val="{STYLE_IDS["VB Số trang"]}"/></w:pPr>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    section.different_first_page_header_footer = True
    header_el = section.header._element
    for child in list(header_el):
        header_el.remove(child)
    header_el.append(parse_xml(page))
    first = section.first_page_header._element
    for child in list(first):
        first.remove(child)
    first.append(parse_xml(f'<w:p {NS}><w:pPr><w:pStyle w:val="{STYLE_IDS["VB Số trang"]}"/></w:pPr></w:p>'))
    # Order the sectPr children as the schema wants: header refs first, then the rest.
    refs = [c for c in sect if c.tag.endswith(("headerReference", "footerReference"))]
    for ref in refs:
        sect.remove(ref)
    for ref in reversed(refs):
        sect.insert(0, ref)
    order = ["pgSz", "pgMar", "pgNumType", "cols", "titlePg", "docGrid"]
    rest = sorted(
        (c for c in sect if not c.tag.endswith(("headerReference", "footerReference"))),
        key=lambda c: order.index(c.tag.rsplit("}", 1)[1]) if c.tag.rsplit("}", 1)[1] in order else 99,
    )
    for child in rest:
        sect.remove(child)
        sect.append(child)


def build(kind: str) -> bytes:
    document = docx.Document()
    _setup_styles(document)
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("sectPr"):
            body.remove(child)
    if kind == "phu_luc":
        pieces = [slot("phu_luc")]
    else:
        pieces = [letterhead(kind)]
        if kind != "cong_van":
            pieces.append(title_block())
        pieces += [slot("noi_dung"), closing(kind), slot("phu_luc")]
    sect = body[-1]
    for xml in pieces:
        for element in parse_xml(f"<w:body {NS}>{xml}</w:body>"):
            sect.addprevious(element)
    _page_setup(document, landscape=kind == "phu_luc")
    props = document.core_properties
    props.title, props.author, props.comments = (
        f"vbhc: mẫu {kind}",
        "vbhc",
        "Mẫu văn bản theo Nghị định 30/2020/NĐ-CP",
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return normalise(buffer.getvalue(), font=FONT)


TEMPLATES = {
    "ke_hoach": "typed",
    "bao_cao": "typed",
    "van_ban": "typed",
    "cong_van": "cong_van",
    "bien_ban": "bien_ban",
    "phu_luc": "phu_luc",
}


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, kind in TEMPLATES.items():
        (OUT / f"{name}.docx").write_bytes(build(kind))
        print(f"templates/{name}.docx")
    import build_xlsx_templates  # tools/ is this script's folder, so on sys.path

    build_xlsx_templates.main()


if __name__ == "__main__":
    main()
