"""Write a :class:`VanBan` as DOCX through a docxtpl template.

The template (templates/*.docx) carries the look: page setup, named styles, letterhead and closing
tables, page-number header. docxtpl fills its tags in the sandboxed Jinja environment. The content and
the annexes are generated here as OOXML strings, row by row, and put in place of the ``{{p noi_dung}}``
and ``{{p phu_luc}}`` slots after docxtpl has run: big tables never go through Jinja or python-docx,
so the cost stays linear (20,000 rows in well under a second).
"""

from __future__ import annotations

import copy
import io
import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from lxml import etree

from vbhc import nd30
from vbhc.errors import InputError, Vitri
from vbhc.files import write_bytes
from vbhc.model import Doan, PhuLuc, Run, VanBan
from vbhc.ooxml import drawing
from vbhc.ooxml.namespaces import W_NS
from vbhc.ooxml.write import fragment, package_bytes, read_parts, splice_paragraphs
from vbhc.text import vi
from vbhc.writers import layout, wordml
from vbhc.writers.layout import STYLE_IDS

W = f"{{{W_NS}}}"
_DOCUMENT = "word/document.xml"
_SLOT_MARK = "@@VBHC-SLOT:{}@@"

#: Which template renders which document type (others: van_ban.docx).
TEMPLATE_BY_TYPE = {
    "ke_hoach": "ke_hoach",
    "bao_cao": "bao_cao",
    "cong_van": "cong_van",
    "bien_ban": "bien_ban",
}


# --- public API -----------------------------------------------------------------------------------


def render(van_ban: VanBan, out: str | Path, *, template: str | Path | None = None) -> Path:
    """Write ``van_ban`` to ``out`` (atomically) and return the path."""
    inputs = tuple(p for p in (van_ban.nguon, template) if p)
    return write_bytes(out, render_bytes(van_ban, template=template), inputs=inputs)


def render_bytes(van_ban: VanBan, *, template: str | Path | None = None) -> bytes:
    """The DOCX of ``van_ban`` as bytes."""
    shell = _fill_template(_template_path(van_ban, template), _context(van_ban), van_ban)
    body = _content_xml(van_ban, shell.media)
    annexes, final_sect = _annexes_xml(van_ban, shell.sect_pr, shell.media)
    return shell.finish({"noi_dung": [body], "phu_luc": annexes}, final_sect)


def render_phu_luc(parent: VanBan | None, phu_luc: PhuLuc, out: str | Path, *, index: int = 0) -> Path:
    """Write one annex alone (Mẫu 2.1: no letterhead), with the Kèm theo line of ``parent``."""
    shell = _fill_template(_builtin("phu_luc"), {"phu_luc": _slot("phu_luc")}, parent)
    heading = parent.tieu_de_phu_luc(index) if parent else nd30.PHU_LUC_LABEL
    kem_theo = parent.kem_theo() if parent else nd30.KEM_THEO_TRONG
    xml = _annex_xml(phu_luc, heading, kem_theo, shell.media)
    inputs = (parent.nguon,) if parent and parent.nguon else ()
    return write_bytes(out, shell.finish({"phu_luc": xml}, None), inputs=inputs)


def template_for(loai: str) -> Path:
    """The built-in template that renders documents of type ``loai``."""
    return _builtin(TEMPLATE_BY_TYPE.get(loai, "van_ban"))


# --- template filling -----------------------------------------------------------------------------


def _builtin(name: str) -> Path:
    return Path(str(resources.files("vbhc.templates").joinpath(f"{name}.docx")))


def _template_path(van_ban: VanBan, template: str | Path | None) -> Path:
    if template is None:
        return template_for(van_ban.loai)
    path = Path(template)
    if not path.is_file():
        raise InputError("không tìm thấy tệp mẫu", Vitri(tep=str(path)))
    return path


def _slot(name: str):
    from markupsafe import Markup

    return Markup(f"<w:p><w:r><w:t>{_SLOT_MARK.format(name)}</w:t></w:r></w:p>")


def _context(vb: VanBan) -> dict[str, Any]:
    loai = vb.loai_van_ban
    signer_2 = vb.nguoi_ky_2
    return {
        "chu_quan": vb.co_quan.chu_quan or "",
        "co_quan": vb.co_quan.dong_ten,
        "so_ky_hieu": vb.so_ky_hieu,
        "dia_danh_ngay": vb.dia_danh_ngay,
        "ten_loai": vi.upper(loai.ten),
        "trich_yeu": "\n".join(_trich_yeu_lines(vb)),
        "trich_yeu_cong_van": "\n".join(_trich_yeu_lines(vb, cong_van=True)),
        "do_khan": vb.do_khan or "",
        "nguoi_ky": vb.nguoi_ky.dong,
        "ho_ten": vb.nguoi_ky.ho_ten,
        "nguoi_ky_2": signer_2.dong if signer_2 else [],
        "ho_ten_2": signer_2.ho_ten if signer_2 else "",
        "noi_nhan": vb.dong_noi_nhan,
        "ky_hieu_nguoi_soan": vb.ky_hieu_nguoi_soan or "",
        "noi_dung": _slot("noi_dung"),
        "phu_luc": _slot("phu_luc"),
    }


def _trich_yeu_lines(vb: VanBan, *, cong_van: bool = False) -> list[str]:
    """The lines of the trích yếu: as the author broke them with ``\\n``, else broken where the lines
    come out even (measured), so that no short word group is left alone on the last line. The
    công văn's («V/v …») sits in the left column of the letterhead."""
    if not vb.trich_yeu:
        return []
    text = f"{nd30.CONG_VAN_PREFIX}{vb.trich_yeu}" if cong_van else vb.trich_yeu
    if "\n" in text:
        return text.split("\n")
    if cong_van:
        size, width, bold = nd30.SIZES["trich_yeu_cong_van"].default, layout.LETTERHEAD_COLUMNS[0], False
    else:
        size, width, bold = nd30.SIZES["trich_yeu"].default, layout.PORTRAIT_TEXT_WIDTH, True
    return layout.balanced_lines(text, size, width, bold=bold)


@dataclass
class _Shell:
    """The template after docxtpl: the package parts, with slots still to fill."""

    parts: dict[str, bytes]
    document: str
    sect_pr: etree._Element
    media: list[tuple[str, bytes]]

    def finish(self, slots: dict[str, list[str]], final_sect: str | None) -> bytes:
        """The package with the slots filled. The document part is streamed into the zip piece by
        piece: a 20,000-row annex is never joined into one string."""
        document = self.document
        if final_sect is not None:
            start = document.rindex("<w:sectPr")
            end = document.index("</w:sectPr>", start) + len("</w:sectPr>")
            document = document[:start] + final_sect + document[end:]
        pieces = _fill_slots(document, slots)
        if self.media:
            drawing.add_images(self.parts, self.media, part=_DOCUMENT)
        media = {drawing.media_part(name, _DOCUMENT): data for name, data in self.media}
        return package_bytes({**self.parts, _DOCUMENT: pieces, **media}, stored=media, level=1)


def _fill_template(path: Path, context: dict[str, Any], van_ban: VanBan | None) -> _Shell:
    from docxtpl import DocxTemplate

    from vbhc.templating.sandbox import environment, template_error

    where = Vitri(tep=str(path))
    try:
        template = DocxTemplate(str(path))
        template.render(context, jinja_env=environment(autoescape=True))
    except InputError:
        raise
    except zipfile.BadZipFile:
        raise InputError("tệp mẫu không phải DOCX hợp lệ", where) from None
    except Exception as error:
        raise template_error(error, where) from None
    buffer = io.BytesIO()
    template.save(buffer)
    parts = read_parts(buffer.getvalue())
    root = etree.fromstring(parts[_DOCUMENT])
    _size_rules(root, van_ban)
    body = root.find(f"{W}body")
    sect_pr = body.find(f"{W}sectPr")
    document = etree.tostring(root, encoding="unicode")
    document = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + document
    return _Shell(parts, document, sect_pr, media=[])


def _fill_slots(document: str, slots: dict[str, list[str]]) -> list[str]:
    """The document as pieces, each slot's marker paragraph replaced by the slot's pieces."""
    marks = {_SLOT_MARK.format(name): xml for name, xml in slots.items()}
    pieces, missing = splice_paragraphs(document, marks)
    for name, xml in slots.items():
        if _SLOT_MARK.format(name) in missing and any(xml):
            raise InputError(
                f"mẫu thiếu chỗ chèn {{{{p {name} }}}}; không thể đặt nội dung vào văn bản",
                goi_y="thêm một đoạn chỉ chứa {{p " + name + " }} vào mẫu (xem vbhc template check)",
            )
    return pieces


# --- drawn rules (Tiêu ngữ, issuing name, trích yếu) -----------------------------------------------


def _size_rules(root: etree._Element, van_ban: VanBan | None) -> None:
    """Set the length of each drawn rule by indenting its empty bordered paragraph, and the width of
    the độ khẩn frame by indenting the mark's bordered paragraph."""
    if van_ban is None:
        return
    sizes = nd30.SIZES
    agency = max(
        (
            layout.text_width_twips(line, sizes["co_quan_ban_hanh"].default, bold=True)
            for line in van_ban.co_quan.dong_ten
        ),
        default=0,
    )
    motto = layout.text_width_twips(nd30.TIEU_NGU, sizes["tieu_ngu"].default, bold=True)
    summary_lines = _trich_yeu_lines(van_ban) or [vi.upper(van_ban.loai_van_ban.ten)]
    summary = max(
        layout.text_width_twips(line, sizes["trich_yeu"].default, bold=True) for line in summary_lines
    )
    summary = min(summary, layout.PORTRAIT_TEXT_WIDTH)
    lengths = {
        STYLE_IDS["VB Đường kẻ cơ quan"]: (
            round(agency * nd30.RULE_RATIO_DEFAULT),
            layout.LETTERHEAD_COLUMNS[0],
        ),
        STYLE_IDS["VB Đường kẻ tiêu ngữ"]: (motto, layout.LETTERHEAD_COLUMNS[1]),
        STYLE_IDS["VB Độ khẩn"]: (
            layout.do_khan_inner_width(van_ban.do_khan) if van_ban.do_khan else 0,
            layout.LETTERHEAD_COLUMNS[0],
        ),
        STYLE_IDS["VB Đường kẻ trích yếu"]: (
            round(summary * nd30.RULE_RATIO_DEFAULT),
            layout.PORTRAIT_TEXT_WIDTH,
        ),
    }
    for paragraph in root.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        if style is None or style.get(f"{W}val") not in lengths:
            continue
        length, container = lengths[style.get(f"{W}val")]
        side = max(0, (container - length) // 2)
        ppr = paragraph.find(f"{W}pPr")
        for old in ppr.findall(f"{W}ind"):
            ppr.remove(old)
        ind = etree.SubElement(ppr, f"{W}ind")
        ind.set(f"{W}left", str(side))
        ind.set(f"{W}right", str(side))


# --- content ---------------------------------------------------------------------------------------


_STYLE_OF = {
    "phan": "VB Căn giữa",
    "canh_giua": "VB Căn giữa",
    "muc": "VB Mục",
    "dieu": "VB Nội dung",
    "khoan": "VB Khoản",
    "diem": "VB Điểm",
    "gach": "VB Nội dung",
    "cong": "VB Nội dung",
    "liet_ke": "VB Nội dung",
    "van": "VB Nội dung",
    "can_cu": "VB Căn cứ",
}

#: Depth of the numbered levels; every other paragraph is body text, below them all.
_RANK = {"phan": 0, "muc": 1, "dieu": 2, "khoan": 3, "diem": 4}
_BODY_RANK = len(_RANK)
#: A heading of at most this many lines stays on the page of the content it opens.
_KEEP_LINES = 2


def _lines(doan: Doan) -> float:
    """How many lines ``doan`` takes on a portrait page (measured, first-line indent included)."""
    bold = doan.kieu in ("muc", "khoan")
    width = layout.text_width_twips(doan.text, nd30.SIZES["noi_dung"].default, bold=bold)
    return (width + nd30.twips(nd30.FIRST_LINE_INDENT_MM[0])) / layout.PORTRAIT_TEXT_WIDTH


def _opens(doan: Doan, following: Doan | None) -> bool:
    """``doan`` is a numbered level directly followed by content deeper than itself."""
    return (
        doan.kieu in _RANK
        and following is not None
        and _RANK[doan.kieu] < _RANK.get(following.kieu, _BODY_RANK)
    )


def _doan_xml(
    doan: Doan,
    media: list[tuple[str, bytes]],
    *,
    keep: bool | None = None,
    style: str | None = None,
) -> str:
    """One paragraph (or table, image). ``keep``: keep with the next paragraph (True), never (False),
    or as the style says (None)."""
    if doan.kieu == "bang" and doan.bang is not None:
        return wordml.plain_table_xml(doan.bang)
    if doan.kieu == "hinh" and doan.hinh is not None:
        return _image_xml(doan, media)
    runs = [Run(text=f"{doan.so} ", bold=doan.kieu == "dieu")] if doan.so else []
    runs += doan.runs
    ppr = "" if keep is None else ("<w:keepNext/>" if keep else '<w:keepNext w:val="0"/>')
    return wordml.para(
        style or _STYLE_OF.get(doan.kieu, "VB Nội dung"),
        "".join(wordml.run(r.text, bold=r.bold, italic=r.italic) for r in runs),
        ppr=ppr,
    )


def _body_xml(paragraphs: list[Doan], media: list[tuple[str, bytes]], *, by_dieu: bool) -> list[str]:
    """The content paragraphs. Only short headings stay with what they open, and the last paragraph
    with the signature block: a long Điều never drags the end of its page along. In structure A a
    khoản is bold only when it is a one-line title (§3.6)."""
    parts = []
    for i, doan in enumerate(paragraphs):
        following = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
        # structure A: a khoản is content, a title only when it is one line opening deeper content
        longest = 1 if by_dieu and doan.kieu == "khoan" else _KEEP_LINES
        title = _opens(doan, following) and _lines(doan) <= longest
        keep: bool | None = title if doan.kieu in _RANK and doan.kieu != "phan" else None
        if following is None and doan.kieu not in ("bang", "hinh"):
            keep = True
        style = "VB Nội dung" if by_dieu and doan.kieu == "khoan" and not title else None
        parts.append(_doan_xml(doan, media, keep=keep, style=style))
    return parts


def _with_closing_mark(paragraphs: list[Doan]) -> list[Doan]:
    """End the content with ``./.`` (all sample forms do), unless the author already did."""
    for i in range(len(paragraphs) - 1, -1, -1):
        doan = paragraphs[i]
        if doan.kieu in ("bang", "hinh") or not doan.runs:
            continue
        text = doan.text.rstrip()
        if text.endswith(nd30.CLOSING_MARK):
            return paragraphs
        runs = list(doan.runs)
        while len(runs) > 1 and not runs[-1].text:  # an empty run's emphasis must not reach the mark
            runs.pop()
        last = runs[-1]
        trimmed = last.text.rstrip().rstrip(".")
        runs[-1] = last.model_copy(update={"text": trimmed + nd30.CLOSING_MARK})
        return [*paragraphs[:i], doan.model_copy(update={"runs": runs}), *paragraphs[i + 1 :]]
    return paragraphs


def _can_cu(lines: list[str]) -> list[Doan]:
    """Căn cứ lines: each ends with ``;``, the last with ``.`` (ND30 §3.6)."""
    out = []
    for i, line in enumerate(lines):
        end = "." if i == len(lines) - 1 else ";"
        out.append(Doan(kieu="can_cu", runs=[Run(text=line.rstrip(" ;.,") + end)]))
    return out


def _kinh_gui_xml(recipients: list[str]) -> str:
    size = nd30.SIZES["kinh_gui"].default
    label = nd30.KINH_GUI_LABEL
    indent = nd30.twips(25)
    if len(recipients) == 1:
        text = f"{label} {recipients[0].rstrip(' ;.,')}"
        return wordml.para("VB Kính gửi", wordml.run(text), ppr=f'<w:ind w:left="{indent}"/>')
    dash_at = indent + layout.text_width_twips(label + " ", size)
    lines = [wordml.para("VB Kính gửi", wordml.run(label), ppr=f'<w:ind w:left="{indent}"/><w:keepNext/>')]
    for i, item in enumerate(recipients):
        end = "." if i == len(recipients) - 1 else ";"
        item_run = wordml.run(f"- {item.rstrip(' ;.,')}{end}")
        lines.append(wordml.para("VB Kính gửi", item_run, ppr=f'<w:ind w:left="{dash_at}"/>'))
    return "".join(lines)


def _content_xml(vb: VanBan, media: list[tuple[str, bytes]]) -> str:
    parts: list[str] = []
    if vb.kinh_gui:
        parts.append(_kinh_gui_xml(vb.kinh_gui))
    enacting = nd30.DONG_BAN_HANH.get(vb.loai)
    if enacting:
        authority = vi.upper(vb.tham_quyen_ban_hanh or " ".join(vb.co_quan.dong_ten))
        size = nd30.SIZES["noi_dung"].default
        lines = layout.balanced_lines(authority, size, layout.PORTRAIT_TEXT_WIDTH, bold=True)
        parts.append(wordml.para("VB Căn giữa", wordml.run("\n".join(lines))))
    paragraphs = _can_cu(vb.can_cu)
    if enacting:
        paragraphs.append(Doan(kieu="canh_giua", runs=[Run(text=enacting)]))
    paragraphs += _with_closing_mark(list(vb.noi_dung))
    parts += _body_xml(paragraphs, media, by_dieu=vb.loai in nd30.LOAI_BO_CUC_DIEU)
    return "".join(parts)


# --- images ----------------------------------------------------------------------------------------


def _image_xml(doan: Doan, media: list[tuple[str, bytes]]) -> str:
    data = doan.hinh or b""
    size = drawing.png_size(data)
    if size is None:
        raise InputError("hình chèn vào văn bản phải là ảnh PNG")
    index = len(media)
    media.append((f"vbhc_hinh_{index + 1}.png", data))
    cx = int(doan.rong_mm * nd30.EMU_PER_MM)
    cy = int(cx * size[1] / max(size[0], 1))
    picture = drawing.inline_picture(index, cx, cy)
    return wordml.para("VB Hình", f"<w:r>{picture}</w:r>", ppr='<w:jc w:val="center"/>')


# --- annexes ---------------------------------------------------------------------------------------


def _annex_xml(phu_luc: PhuLuc, heading: str, kem_theo: str, media: list[tuple[str, bytes]]) -> list[str]:
    parts = [
        wordml.para("VB Phụ lục", wordml.run(heading)),
        wordml.para("VB Tiêu đề phụ lục", wordml.run(vi.upper(phu_luc.tieu_de))),
        wordml.para("VB Kèm theo", wordml.run(kem_theo)),
    ]
    rule = nd30.twips(30)
    width = layout.LANDSCAPE_TEXT_WIDTH if phu_luc.ngang else layout.PORTRAIT_TEXT_WIDTH
    side = (width - rule) // 2
    parts.append(wordml.para("VB Đường kẻ phụ lục", "", ppr=f'<w:ind w:left="{side}" w:right="{side}"/>'))
    parts.append(wordml.para("VB Nội dung", "", ppr='<w:spacing w:before="0"/><w:ind w:firstLine="0"/>'))
    if phu_luc.bang is not None:
        parts.extend(wordml.task_table_xml(phu_luc))
    for doan in phu_luc.noi_dung:
        parts.append(_doan_xml(doan, media))
    return parts


def _section_xml(base: etree._Element, *, landscape: bool, restart: bool) -> str:
    """A copy of the template's section properties, portrait or landscape, numbering restarted."""
    sect = copy.deepcopy(base)
    size = sect.find(f"{W}pgSz")
    margins = sect.find(f"{W}pgMar")
    width, height = nd30.A4_TWIPS
    chosen = nd30.MARGINS_LANDSCAPE if landscape else nd30.MARGINS_OFFICIAL
    if size is not None:
        size.set(f"{W}w", str(height if landscape else width))
        size.set(f"{W}h", str(width if landscape else height))
        if landscape:
            size.set(f"{W}orient", "landscape")
        elif f"{W}orient" in size.attrib:
            del size.attrib[f"{W}orient"]
    if margins is not None and landscape:
        for side in ("top", "bottom", "left", "right"):
            margins.set(f"{W}{side}", str(nd30.twips(getattr(chosen, side))))
    number = sect.find(f"{W}pgNumType")
    if restart:
        if number is None:
            number = etree.Element(f"{W}pgNumType")
            anchor = margins if margins is not None else size
            anchor.addnext(number)
        number.set(f"{W}start", "1")
    elif number is not None:
        sect.remove(number)
    if sect.find(f"{W}titlePg") is None:
        etree.SubElement(sect, f"{W}titlePg")
    return fragment(sect)


def _annexes_xml(
    vb: VanBan, base_sect: etree._Element, media: list[tuple[str, bytes]]
) -> tuple[list[str], str | None]:
    """The annexes as sections after the main text (pieces); and the document's last section properties."""
    if not vb.phu_luc:
        return [], None
    kem_theo = vb.kem_theo()
    parts: list[str] = []
    previous = _section_xml(base_sect, landscape=False, restart=False)
    for index, phu_luc in enumerate(vb.phu_luc):
        parts.append(f"<w:p><w:pPr>{previous}</w:pPr></w:p>")
        parts.extend(_annex_xml(phu_luc, vb.tieu_de_phu_luc(index), kem_theo, media))
        previous = _section_xml(base_sect, landscape=phu_luc.ngang, restart=True)
    return parts, previous
