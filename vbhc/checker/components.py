"""Locating the components of a văn bản hành chính in a read document (ô 1 … ô 13 of ND30).

Documents rendered by vbhc (letterhead and closing as borderless 2-column tables) are located
exactly; documents written by hand (plain paragraphs, text boxes) as far as their text allows.
What cannot be located stays None and the rules that need it report "cannot be evaluated".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from vbhc import nd30
from vbhc.checker.reader import Document, Paragraph, Section, Table
from vbhc.text import vi

#: Two words of the Quốc hiệu side by side, without diacritics: a line with one of them is the Quốc
#: hiệu, however it is misspelt.
_QH_WORDS = ("CONG HOA XA HOI", "XA HOI CHU NGHIA", "CHU NGHIA VIET NAM")
_TN_WORDS = ("Độc lập", "Tự do", "Hạnh phúc")
_SO = re.compile(r"^Số\s*[:.]")
_DATE = re.compile(r"ngày.*tháng.*năm", re.IGNORECASE)
_DRAFTER = re.compile(r"^[A-ZĐ]+[A-ZĐ.]*\.\(\d+\)\.?$")
#: A place and date line as a plain letterhead has it: the place, a comma, then «ngày … tháng … năm»
#: (a form field «Ngày, tháng, năm sinh:» is not one).
_HEAD_DATE = re.compile(r"^[^,]{1,60},\s*ngày\b.*tháng.*năm", re.IGNORECASE)
_QH_MAX_CHARS = 2 * len(nd30.QUOC_HIEU)  #: longer lines mention the country, they are no Quốc hiệu
_HEAD_BLOCKS = 25  #: the letterhead is looked for among the first blocks
_HEAD_LINES = 8  #: without a Quốc hiệu, a date line among this many first lines closes the letterhead


def _label(component: str) -> str:
    """The fixed words the rule book gives a component («Kính gửi», «Nơi nhận»), without the colon."""
    return nd30.THANH_PHAN[component].label.rstrip(": ")


_KINH_GUI = _label("kinh_gui")
_NOI_NHAN = _label("noi_nhan_label")
_CAN_CU = _label("can_cu")
_VV = _label("trich_yeu_cong_van")
_PHU_LUC = _label("phu_luc_heading")
_KEM_THEO = _label("kem_theo")
_LUU = re.compile(rf"^[-–]\s*{re.escape(nd30.LUU_LABEL.rstrip(':'))}\b")
_ANNEX = re.compile(rf"^{re.escape(_PHU_LUC)}(\s+([IVXLCDM]+|\d+))?\s*$", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"^\(.*\)$")

#: The Số line as ND30 writes it («Số: 05/KH-UBND»), the number and the symbol apart.
SO_LINE = re.compile(r"^Số\s*:\s*(?P<so>\d*)\s*/\s*(?P<kh>\S.*)$")
#: The place and date line as ND30 writes it («Hùng Thắng, ngày 05 tháng 3 năm 2026»).
DATE_LINE = re.compile(
    r"^(?P<place>[^,]+),\s*ngày\s*(?P<d>\d*)\s*tháng\s*(?P<m>\d*)\s*năm\s*(?P<y>\d{4})\s*$"
)


def canon(text: str) -> str:
    """NFC, one tone placement, single spaces: the form texts are compared in."""
    return " ".join(vi.canonical_tones(text).split())


_DO_KHAN = frozenset(canon(mark) for mark in nd30.DO_KHAN)  #: the độ khẩn marks, compared canonical


@dataclass(eq=False)
class DrawnLine:
    """A rule drawn under a component: a paragraph border, an underscore run or a line shape."""

    kind: str  #: ``vien`` (border), ``gach`` (underscores), ``hinh`` (shape)
    length_mm: float | None
    paragraph: Paragraph
    solid: bool = True  #: a solid stroke (a shape may be dashed or dotted)


def drawn_line(paragraph: Paragraph) -> DrawnLine | None:
    """The rule this paragraph draws, if it is one (a paragraph without text)."""
    text = paragraph.stripped
    if paragraph.line_shapes and not text:
        shape = paragraph.line_shapes[0]
        return DrawnLine("hinh", shape.length_mm, paragraph, shape.solid)
    if not text and paragraph.fmt.border_bottom:
        width = paragraph.width_twips
        return DrawnLine("vien", nd30.mm(width) if width else None, paragraph)
    if text and set(text.replace(" ", "")) == {"_"}:
        from vbhc.text.metrics import text_width_mm

        run = paragraph.text_runs[0]
        scale = nd30.SUPERSCRIPT_SCALE if run.fmt.vert_align in {"superscript", "subscript"} else 1.0
        return DrawnLine("gach", text_width_mm(text, run.fmt.size * scale), paragraph)
    return None


def shape_line(paragraph: Paragraph, *, above: bool) -> DrawnLine | None:
    """A line shape anchored in a text paragraph that rules this paragraph (``above`` False: drawn at
    or below its top) or the paragraph before it (``above`` True: drawn above its top, as Word anchors
    a line drawn just over the next paragraph). A shape placed relative to the page or the margins
    counts for both: only the laid-out page could tell."""
    for shape in paragraph.line_shapes:
        if shape.above is None or shape.above is above:
            return DrawnLine("hinh", shape.length_mm, paragraph, shape.solid)
    return None


def rule_under(last: Paragraph, following: Iterable[Paragraph]) -> DrawnLine | None:
    """The rule drawn under ``last``: a line shape in it, or the first of the ``following``
    paragraphs that is not blank — a rule paragraph, or a text paragraph with a line drawn above it."""
    if (line := shape_line(last, above=False)) is not None:
        return line
    for paragraph in following:
        if (line := drawn_line(paragraph)) is not None:
            return line
        if paragraph.stripped:
            return shape_line(paragraph, above=True)
    return None


def is_blank(paragraph: Paragraph) -> bool:
    return not paragraph.stripped and not paragraph.has_drawing and not paragraph.fmt.border_bottom


@dataclass(eq=False)
class Annex:
    heading: Paragraph
    section: Section
    title: list[Paragraph] = field(default_factory=list)
    kem_theo: Paragraph | None = None
    kem_theo_more: list[Paragraph] = field(default_factory=list)  #: the Kèm theo line wrapped on

    @property
    def kem_theo_text(self) -> str:
        """The whole Kèm theo line, joined when it was typed over several paragraphs."""
        parts = [self.kem_theo, *self.kem_theo_more] if self.kem_theo else []
        return " ".join(p.stripped for p in parts)

    @property
    def number(self) -> str:
        match = _ANNEX.match(canon(self.heading.stripped))
        return (match.group(2) or "") if match else ""


@dataclass(eq=False)
class Components:
    """Where each component is; None/empty when not found."""

    letterhead: Table | None = None
    letterhead_plain: bool = False  #: letterhead as plain paragraphs or text boxes
    left: list[Paragraph] = field(default_factory=list)
    right: list[Paragraph] = field(default_factory=list)
    quoc_hieu: Paragraph | None = None
    tieu_ngu: Paragraph | None = None
    tieu_ngu_line: DrawnLine | None = None
    between_qh_tn: list[Paragraph] = field(default_factory=list)
    agency: list[Paragraph] = field(default_factory=list)
    agency_line: DrawnLine | None = None
    so: Paragraph | None = None
    vv: list[Paragraph] = field(default_factory=list)
    do_khan: Paragraph | None = None
    date: Paragraph | None = None
    ten_loai: Paragraph | None = None
    loai: nd30.LoaiVanBan | None = None
    cong_van: bool = False
    trich_yeu: list[Paragraph] = field(default_factory=list)
    trich_yeu_line: DrawnLine | None = None
    authority: list[Paragraph] = field(default_factory=list)
    can_cu: list[Paragraph] = field(default_factory=list)
    kinh_gui: Paragraph | None = None
    kinh_gui_items: list[Paragraph] = field(default_factory=list)
    body: list[Paragraph | Table] = field(default_factory=list)
    closing: Table | None = None
    noi_nhan_label: Paragraph | None = None
    noi_nhan_items: list[Paragraph] = field(default_factory=list)
    drafter: Paragraph | None = None
    signature: list[Paragraph] = field(default_factory=list)
    signature_2: list[Paragraph] = field(default_factory=list)  #: the thư ký of a biên bản
    annexes: list[Annex] = field(default_factory=list)
    main_sections: list[Section] = field(default_factory=list)
    draft: bool = False
    pham_vi: Paragraph | None = None  #: chỉ dẫn phạm vi lưu hành (ô 11)
    sao: Paragraph | None = None  #: SAO Y / SAO LỤC / TRÍCH SAO heading of a copy block
    dia_chi: list[Paragraph] = field(default_factory=list)  #: address block (ô 13)
    annex_only: bool = False  #: a phụ lục in its own file (Mẫu 2.1/2.2): no letterhead, no signature

    @property
    def symbol(self) -> str | None:
        """The symbol after «/» on the Số line (spaces removed), e.g. ``KH-UBND``."""
        if self.so is None or "/" not in self.so.stripped:
            return None
        return re.sub(r"\s+", "", self.so.stripped.split("/", 1)[1])


def locate(doc: Document) -> Components:
    """Find the components of ``doc``."""
    found = Components()
    blocks = doc.blocks
    section_of = {id(block): section for section in doc.sections for block in section.blocks}
    position = 0
    first = next((b for b in blocks if isinstance(b, Table) or b.stripped), None)
    if isinstance(first, Paragraph) and _is_annex_heading(first):
        found.annex_only = True
        _annexes_and_closing(blocks, 0, found, section_of, closing=False)
        found.body = []
        return found
    table = _letterhead_table(blocks)
    if table is not None:
        found.letterhead = table
        for row in table.rows:
            if row:
                found.left.extend(row[0].paragraphs)
            for cell in row[1:]:
                found.right.extend(cell.paragraphs)
        position = blocks.index(table) + 1
        _letterhead_parts(found)
    else:
        position = _plain_letterhead(blocks, found)
    position = _title_block(blocks, position, found)
    _annexes_and_closing(blocks, position, found, section_of)
    found.main_sections = [s for s in doc.sections if not any(a.section is s for a in found.annexes)]
    _optional_parts(doc, found)
    found.draft = _is_draft(found)
    return found


def _looks_like_letterhead(table: Table) -> bool:
    text = canon(" ".join(p.stripped for p in table.paragraphs))
    return any(_is_quoc_hieu(p) for p in table.paragraphs) or bool(re.search(r"\bSố\s*:", text))


def _is_quoc_hieu(paragraph: Paragraph) -> bool:
    """A short line naming the Quốc hiệu, even misspelt (not a sentence that mentions the country)."""
    text = paragraph.stripped
    if len(text) > _QH_MAX_CHARS:
        return False
    bare = "".join(c for c in unicodedata.normalize("NFD", vi.upper(text)) if not unicodedata.combining(c))
    bare = " ".join(bare.replace("Đ", "D").split())
    return any(words in bare for words in _QH_WORDS)


def _quoc_hieu_block(blocks: list) -> int | None:
    """The index of the first of the leading blocks that holds the Quốc hiệu (in its text, a text box
    or a table cell)."""
    for index, block in enumerate(blocks[:_HEAD_BLOCKS]):
        paragraphs = block.paragraphs if isinstance(block, Table) else [block, *block.textboxes]
        if any(_is_quoc_hieu(p) for p in paragraphs):
            return index
    return None


def _letterhead_table(blocks: list) -> Table | None:
    """The letterhead table: the first block when it looks like one, or the table holding the Quốc hiệu
    after a leading box (a form number, a photo frame)."""
    lead = next((b for b in blocks if isinstance(b, Table) or not is_blank(b)), None)
    if isinstance(lead, Table) and _looks_like_letterhead(lead):
        return lead
    index = _quoc_hieu_block(blocks)
    block = blocks[index] if index is not None else None
    return block if isinstance(block, Table) else None


def _plain_letterhead(blocks: list, found: Components) -> int:
    """Letterhead written as paragraphs (maybe in text boxes), bounded (a body never joins it): the
    lines before the Quốc hiệu (agency, Số), the Quốc hiệu, the Tiêu ngữ and its rule, and the Số,
    V/v, date and độ khẩn lines right after them. Without a Quốc hiệu, the first lines up to a date
    line among them. Returns the index of the first block after the letterhead."""
    qh = _quoc_hieu_block(blocks)
    if qh is not None:
        start = max((i + 1 for i, b in enumerate(blocks[:qh]) if isinstance(b, Table)), default=0)
        end = _head_end(blocks, qh)
    else:
        start, end = 0, _early_date_end(blocks)
        if end is None:
            return 0
    pool = [p for b in blocks[start:end] if isinstance(b, Paragraph) for p in (b, *b.textboxes)]
    found.letterhead_plain = True
    _lines_by_text(pool, found)
    qh_at = pool.index(found.quoc_hieu) if found.quoc_hieu is not None else len(pool)
    if found.quoc_hieu is not None:
        _tieu_ngu(pool[qh_at + 1 :], found)
    parts = {id(p) for p in (found.quoc_hieu, found.tieu_ngu, found.date, found.do_khan) if p is not None}
    found.left = [
        p
        for n, p in enumerate(pool)
        if (n < qh_at or p.where.khung) and id(p) not in parts and p.fmt.jc != "right"
    ]
    found.right = [p for p in pool if p not in found.left]
    _agency(found.left, found)
    if found.so is not None:
        _vv(pool[pool.index(found.so) + 1 :], found)
    return end


def _head_end(blocks: list, qh: int) -> int:
    """The index after a plain letterhead whose Quốc hiệu is block ``qh``: the Tiêu ngữ, the rule under
    it and the Số, V/v, date and độ khẩn lines that follow at once are part of it."""
    end = qh + 1
    tieu_ngu = any(_TN_WORDS[0] in canon(p.stripped) for p in blocks[qh].textboxes)
    for index in range(qh + 1, min(len(blocks), qh + _HEAD_BLOCKS)):
        block = blocks[index]
        if isinstance(block, Table):
            break
        if is_blank(block):
            continue
        if not tieu_ngu and any(word in canon(block.stripped) for word in _TN_WORDS):
            tieu_ngu = True
        elif not (tieu_ngu and drawn_line(block) is not None) and not _is_head_line(block):
            break
        end = index + 1
    return end


def _is_head_line(paragraph: Paragraph) -> bool:
    """A Số, V/v, place and date or độ khẩn line, as a plain letterhead has under the Tiêu ngữ."""
    text = canon(paragraph.stripped)
    return bool(
        _SO.match(text) or _HEAD_DATE.match(text) or text.startswith(_VV) or canon(vi.upper(text)) in _DO_KHAN
    )


def _early_date_end(blocks: list) -> int | None:
    """Without a Quốc hiệu: the index after a place and date line among the first lines, if any."""
    lines = 0
    for index, block in enumerate(blocks[:_HEAD_BLOCKS]):
        if isinstance(block, Table):
            return None
        if any(_HEAD_DATE.match(canon(p.stripped)) for p in (block, *block.textboxes)):
            return index + 1
        lines += bool(block.stripped)
        if lines >= _HEAD_LINES:
            return None
    return None


def _letterhead_parts(found: Components) -> None:
    """The parts of a letterhead table among the paragraphs of its two columns."""
    pool = found.left + found.right
    _lines_by_text(pool, found)
    if found.quoc_hieu is not None:
        _tieu_ngu(pool[pool.index(found.quoc_hieu) + 1 :], found)
    _agency(found.left, found)
    if found.so is not None:
        _vv(pool[pool.index(found.so) + 1 :], found)


def _lines_by_text(pool: list[Paragraph], found: Components) -> None:
    """Quốc hiệu, Số, the date and the độ khẩn mark: the first paragraph whose text is each."""
    for paragraph in pool:
        text = canon(paragraph.stripped)
        if found.quoc_hieu is None and _is_quoc_hieu(paragraph):
            found.quoc_hieu = paragraph
        elif found.so is None and _SO.match(text):
            found.so = paragraph
        elif found.date is None and _DATE.search(text) and "," in text:
            found.date = paragraph
        elif found.do_khan is None and canon(vi.upper(text)) in _DO_KHAN:
            found.do_khan = paragraph


def _tieu_ngu(after: list[Paragraph], found: Components) -> None:
    """The Tiêu ngữ among the paragraphs ``after`` the Quốc hiệu (blank lines between are noted), and
    the rule drawn under it."""
    for number, paragraph in enumerate(after):
        if paragraph is found.date:
            return
        if any(word in canon(paragraph.stripped) for word in _TN_WORDS):
            found.tieu_ngu = paragraph
            # ND30 draws no rule under the Quốc hiệu: a line anchored there is the Tiêu ngữ's
            found.tieu_ngu_line = rule_under(paragraph, after[number + 1 :]) or shape_line(
                found.quoc_hieu, above=False
            )
            return
        if paragraph.stripped:
            return
        found.between_qh_tn.append(paragraph)


def _agency(left: list[Paragraph], found: Components) -> None:
    """The agency: the lines of the left column above its first rule (or above Số); the rule is a
    rule paragraph, a line shape in an agency line, or one drawn above the Số line."""
    for paragraph in left:
        if paragraph is found.so or paragraph is found.quoc_hieu or paragraph is found.date:
            if found.agency and found.agency_line is None:
                found.agency_line = shape_line(paragraph, above=True)
            break
        line = drawn_line(paragraph)
        if line is not None:
            found.agency_line = line
            break
        if paragraph.stripped and not _is_jinja(paragraph):
            found.agency.append(paragraph)
            found.agency_line = shape_line(paragraph, above=False) or found.agency_line


def _vv(following: list[Paragraph], found: Components) -> None:
    """The trích yếu of a công văn («V/v …») in the paragraphs following Số."""
    for paragraph in following:
        text = paragraph.stripped
        if text.startswith(_VV):
            found.vv.append(paragraph)
        elif found.vv and text and paragraph in found.left and paragraph is not found.do_khan:
            found.vv.append(paragraph)  # a wrapped V/v written as two paragraphs
        elif text:
            break


def _is_jinja(paragraph: Paragraph) -> bool:
    return paragraph.stripped.startswith(("{%", "{{"))


def _title_block(blocks: list, position: int, found: Components) -> int:
    """Tên loại, trích yếu and the lines before the content (from ``position``); returns the index of
    the first block of the content."""
    index = _ten_loai(blocks, position, found)
    if found.ten_loai is None:
        found.cong_van = bool(found.vv) or _symbol_is_cong_van(found)
        if found.cong_van:
            found.loai = nd30.LOAI_VAN_BAN["cong_van"]
    else:
        index = _trich_yeu(blocks, index, found)
    return _preamble(blocks, index, found)


def _paragraph_at(blocks: list, index: int) -> Paragraph | None:
    block = blocks[index] if index < len(blocks) else None
    return block if isinstance(block, Paragraph) else None


def _ten_loai(blocks: list, index: int, found: Components) -> int:
    """The tên loại: the first paragraph after blank ones, when it names a type of Điều 7 or looks like
    one (a short centred line in capitals); returns the index after it."""
    while (paragraph := _paragraph_at(blocks, index)) is not None and not paragraph.stripped:
        index += 1
    first = _paragraph_at(blocks, index)
    if first is None:
        return index
    names = {canon(vi.upper(loai.ten)): loai for loai in nd30.LOAI_VAN_BAN.values()}
    text = canon(vi.upper(first.stripped))
    caps_title = (
        first.stripped == vi.upper(first.stripped)
        and len(first.stripped) <= 60
        and first.fmt.jc == "center"
        and not re.match(r"^[IVXLC]+\.", first.stripped)
        and not first.stripped.startswith(_PHU_LUC)
    )
    if text in names or caps_title:
        found.ten_loai = first
        found.loai = names.get(text)
        index += 1
    return index


def _trich_yeu(blocks: list, index: int, found: Components) -> int:
    """Up to three centred lines of trích yếu under the tên loại, and the rule under them."""
    wants = found.loai.trich_yeu if found.loai else True
    while wants and (paragraph := _paragraph_at(blocks, index)) is not None:
        if drawn_line(paragraph) is not None or not paragraph.stripped:
            break
        if paragraph.fmt.jc != "center" or paragraph.stripped.startswith((_CAN_CU, _KINH_GUI)):
            break
        found.trich_yeu.append(paragraph)
        index += 1
        if len(found.trich_yeu) == 3 or shape_line(paragraph, above=False) is not None:
            break
    following = []
    for block in blocks[index : index + 2]:
        if isinstance(block, Table):
            break
        following.append(block)
    last = found.trich_yeu[-1] if found.trich_yeu else found.ten_loai
    # ND30 draws no rule under the tên loại: a line anchored there is the trích yếu's
    found.trich_yeu_line = rule_under(last, following) or shape_line(found.ten_loai, above=False)
    line_paragraph = found.trich_yeu_line.paragraph if found.trich_yeu_line else None
    if line_paragraph in following and drawn_line(line_paragraph) is not None:
        return index + following.index(line_paragraph) + 1
    return index


def _preamble(blocks: list, index: int, found: Components) -> int:
    """The authority line of a decision, the căn cứ and Kính gửi; returns the index after them."""
    while (paragraph := _paragraph_at(blocks, index)) is not None:
        text = paragraph.stripped
        if not text:
            index += 1
        elif text.startswith(_KINH_GUI) and found.kinh_gui is None:
            index = _kinh_gui(blocks, index, found)
        elif text.startswith(_CAN_CU) or (found.can_cu and text.startswith(("Theo đề nghị", "Xét"))):
            found.can_cu.append(paragraph)
            index += 1
        elif _is_authority(paragraph, found):
            found.authority.append(paragraph)
            index += 1
        else:
            break
    return index


def _kinh_gui(blocks: list, index: int, found: Components) -> int:
    """The Kính gửi line at ``index``, and the recipients listed under it when none follows the colon."""
    found.kinh_gui = blocks[index]
    text = found.kinh_gui.stripped
    index += 1
    after_colon = text.split(":", 1)[1].strip() if ":" in text else ""
    while not after_colon and (item := _paragraph_at(blocks, index)) is not None:
        if not item.stripped.startswith(("-", "–")):
            break
        found.kinh_gui_items.append(item)
        index += 1
    return index


def _is_authority(paragraph: Paragraph, found: Components) -> bool:
    """A centred line in capitals before the căn cứ (the authority that issues a decision)."""
    text = paragraph.stripped
    return (
        not found.can_cu
        and paragraph.fmt.jc == "center"
        and text == vi.upper(text)
        and not text.endswith(":")
        and not re.match(r"^([IVXLC]+\.|Phần|Chương|PHẦN|CHƯƠNG)", text)
    )


def _symbol_is_cong_van(found: Components) -> bool:
    symbol = found.symbol
    if not symbol:
        return False
    first = symbol.split("-", 1)[0]
    abbreviations = {loai.viet_tat for loai in nd30.LOAI_VAN_BAN.values() if loai.viet_tat}
    return first not in abbreviations and not re.match(r"^\d{4}$", first)


def _annexes_and_closing(
    blocks: list, start: int, found: Components, section_of: dict, *, closing: bool = True
) -> None:
    closing_index = None
    for index in range(start, len(blocks) if closing else 0):
        block = blocks[index]
        if isinstance(block, Table) and block.columns >= 2 and _looks_like_closing(block):
            closing_index = index
            found.closing = block
            _closing_parts(block, found)
            break
    if found.closing is None and closing:
        for index in range(start, len(blocks)):
            block = blocks[index]
            if isinstance(block, Paragraph) and canon(block.stripped).startswith(_NOI_NHAN):
                closing_index = index
                found.noi_nhan_label = block
                for item in blocks[index + 1 :]:
                    if not isinstance(item, Paragraph) or not item.stripped.startswith(("-", "–")):
                        break
                    found.noi_nhan_items.append(item)
                break
    search_from = closing_index + 1 if closing_index is not None else start
    headings = [
        index
        for index in range(search_from, len(blocks))
        if isinstance(blocks[index], Paragraph) and _is_annex_heading(blocks[index])
    ]
    body_end = closing_index if closing_index is not None else (headings[0] if headings else len(blocks))
    found.body = list(blocks[start:body_end])
    for number, index in enumerate(headings):
        end = headings[number + 1] if number + 1 < len(headings) else len(blocks)
        annex = Annex(heading=blocks[index], section=section_of[id(blocks[index])])
        for block in blocks[index + 1 : end]:
            if isinstance(block, Table):
                continue
            text = block.stripped
            if not text or drawn_line(block) is not None:
                continue
            if text.startswith(f"({_KEM_THEO}") or (annex.kem_theo is None and _KEM_THEO in text[:12]):
                if annex.kem_theo is None:
                    annex.kem_theo = block
                continue
            if (
                annex.kem_theo is not None
                and not annex.kem_theo_text.endswith(")")
                and len(annex.kem_theo_more) < 2
            ):
                annex.kem_theo_more.append(block)  # the line typed on over two paragraphs
                continue
            if annex.kem_theo is None and block.fmt.jc == "center" and len(annex.title) < 3:
                annex.title.append(block)
        found.annexes.append(annex)


def _is_annex_heading(paragraph: Paragraph) -> bool:
    return paragraph.fmt.jc == "center" and bool(_ANNEX.match(canon(paragraph.stripped)))


def _closing_row(table: Table) -> int | None:
    """The row whose first cell holds Nơi nhận (label or the Lưu line), if any."""
    for number, row in enumerate(table.rows):
        for paragraph in row[0].paragraphs if row else []:
            text = canon(paragraph.stripped)
            if text.startswith(_NOI_NHAN) or _LUU.match(text):
                return number
    return None


def _looks_like_closing(table: Table) -> bool:
    return _closing_row(table) is not None


def _signature_lines(paragraphs: list[Paragraph]) -> list[Paragraph]:
    out = []
    for paragraph in paragraphs:
        text = paragraph.stripped
        if not text or _is_jinja(paragraph):
            continue
        if _PLACEHOLDER.match(text):
            continue  # "(Chữ ký, dấu)", "(Đã ký)"
        out.append(paragraph)
    return out


def _closing_parts(table: Table, found: Components) -> None:
    number = _closing_row(table) or 0
    row = table.rows[number]
    left = [p for p in row[0].paragraphs if p.stripped and not _is_jinja(p)]
    for paragraph in left:
        if canon(paragraph.stripped).startswith(_NOI_NHAN):
            found.noi_nhan_label = paragraph
            continue
        found.noi_nhan_items.append(paragraph)
    if found.noi_nhan_items and _DRAFTER.match(found.noi_nhan_items[-1].stripped):
        found.drafter = found.noi_nhan_items.pop()
    first = table.rows[0]
    found.signature = _signature_lines([p for cell in first[1:] for p in cell.paragraphs])
    if number > 0:
        # biên bản (Mẫu 1.9): two signatures above, Nơi nhận below
        found.signature_2 = _signature_lines(first[0].paragraphs)


_PHAM_VI = (
    "XEM XONG TRẢ LẠI",
    "LƯU HÀNH NỘI BỘ",
    "TRẢ LẠI SAU KHI HỌP",
    "TÀI LIỆU THU HỒI",
    "KHÔNG PHỔ BIẾN",
)
_SAO = {"SAO Y", "SAO LỤC", "TRÍCH SAO"}
_MARK_CHARS = 100  #: longer paragraphs are text, not a phạm vi lưu hành or copy mark
_DIA_CHI = re.compile(r"^(Địa chỉ|ĐT|Điện thoại|E-?mail|Website|Fax|Số điện thoại)\s*[:.]", re.IGNORECASE)


def _optional_parts(doc: Document, found: Components) -> None:
    """Phạm vi lưu hành, copy block and address block, wherever they are in the main part."""
    sections = {id(s) for s in found.main_sections}
    closing = {id(p) for p in found.closing.paragraphs} if found.closing is not None else set()
    after_closing = False
    marks = tuple(canon(p) for p in _PHAM_VI)
    for section in doc.sections:
        if id(section) not in sections:
            continue
        for paragraph in section.paragraphs():
            for candidate in (paragraph, *paragraph.textboxes):
                if len(candidate.stripped) > _MARK_CHARS:
                    continue
                text = canon(vi.upper(candidate.stripped))
                if found.pham_vi is None and text.startswith(marks):
                    found.pham_vi = candidate
                elif found.sao is None and text in _SAO:
                    found.sao = candidate
            if id(paragraph) in closing:
                after_closing = True
            elif after_closing and _DIA_CHI.match(paragraph.stripped):
                found.dia_chi.append(paragraph)


def _is_draft(found: Components) -> bool:
    if found.so is not None:
        match = re.match(r"^Số\s*[:.]\s*(\d*)\s*/", found.so.stripped)
        if match and not match.group(1):
            return True
    if found.date is not None:
        match = re.search(r"ngày\s*(\d*)\s*tháng\s*(\d*)", found.date.stripped)
        if match and not (match.group(1) and match.group(2)):
            return True
    return False
