"""Reading a DOCX into a :class:`~vbhc.checker.document.Document` (sections, paragraphs, tables with
their effective formatting); the document classes are re-exported here for the rules.

Only lxml with entities off touches the XML (see :mod:`vbhc.ooxml.safe`); python-docx is not used.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from vbhc import nd30
from vbhc.checker.document import (
    Block,
    Cell,
    Document,
    Header,
    LineShape,
    Paragraph,
    Run,
    Section,
    Table,
    Where,
)
from vbhc.checker.styles import (
    RunFormat,
    Styles,
    ns_local,
    on,
    ppr_props,
    rpr_props,
    to_int,
    w,
    wattr,
)
from vbhc.errors import Vitri
from vbhc.ooxml.namespaces import (
    A_NS,
    FOOTER_TYPE,
    HEADER_TYPE,
    MC_NS,
    R_NS,
    STYLES_TYPE,
    THEME_TYPE,
    V_NS,
    W_NS,
    WP_NS,
)
from vbhc.ooxml.package import Package, open_package
from vbhc.ooxml.safe import MAX_PARAGRAPH_CHARS, UnreadableDocument
from vbhc.text import vi

#: Containers whose runs belong to the paragraph text.
_INLINE_CONTAINERS = {"hyperlink", "smartTag", "ins", "sdt", "sdtContent", "fldSimple", "customXml", "moveTo"}
_SKIPPED = {
    "del",
    "moveFrom",
    "pPr",
    "rPr",
    "bookmarkStart",
    "bookmarkEnd",
    "proofErr",
    "commentRangeStart",
    "commentRangeEnd",
}
#: Default cell margins (left/right) of a Word table, twips.
CELL_MARGIN = 108


# --- building -------------------------------------------------------------------------------------


def read(path: str | Path) -> Document:
    """Read ``path`` safely into a :class:`Document` (raises UnreadableDocument)."""
    package = open_package(path)
    try:
        return _Builder(package).build()
    finally:
        package.close()


class _Builder:
    def __init__(self, package: Package):
        self.package = package
        rels = package.rels(package.main)
        styles_part = next((t for k, t in rels.values() if k == STYLES_TYPE), None)
        theme_part = next((t for k, t in rels.values() if k == THEME_TYPE), None)
        self.styles = Styles.load(
            package.xml(styles_part) if styles_part else None,
            package.xml(theme_part) if theme_part else None,
        )
        self.rels = rels
        self.parts: dict[tuple[str, str, bool], Header] = {}
        self.doan = 0
        self.bang = 0
        self.background: str | None = None  #: shading behind the paragraph being read (hex), if any

    def build(self) -> Document:
        sections: list[Section] = []
        pending: list[Block] = []
        previous_headers: dict[str, Header] = {}
        previous_footers: dict[str, Header] = {}
        final: etree._Element | None = None  #: the body's own sectPr (the last section's)
        for child in self.package.body(self.package.main):
            if final is None and child.tag == w("sectPr"):
                final = copy.deepcopy(child)  # the child is freed once read
                continue
            for element in _block_elements(child, top=True):
                tag = ns_local(element.tag)[1]
                index = len(sections) + 1
                if tag == "p":
                    self.doan += 1
                    paragraph = self.paragraph(element, Where(phan=index, doan=self.doan), None, None)
                    pending.append(paragraph)
                    sect = element.find(f"{w('pPr')}/{w('sectPr')}")
                    if sect is not None:
                        paragraph.section_break = True
                        section = self.section(sect, index, previous_headers, previous_footers)
                        section.blocks = pending
                        sections.append(section)
                        previous_headers, previous_footers = section.headers, section.footers
                        pending = []
                elif tag == "tbl":
                    self.bang += 1
                    pending.append(self.table(element, index, None))
        section = self.section(final, len(sections) + 1, previous_headers, previous_footers)
        section.blocks = pending
        sections.append(section)
        for section in sections:
            for paragraph in section.paragraphs():
                if paragraph.width_twips is None and section.text_width is not None:
                    paragraph.width_twips = (
                        section.text_width - max(paragraph.fmt.left, 0) - max(paragraph.fmt.right, 0)
                    )
        return Document(path=self.package.path, sections=sections)

    # sections ------------------------------------------------------------------------------------

    def section(
        self,
        sect: etree._Element | None,
        index: int,
        inherited: dict[str, Header],
        inherited_footers: dict[str, Header],
    ) -> Section:
        size = sect.find(w("pgSz")) if sect is not None else None
        margin = sect.find(w("pgMar")) if sect is not None else None
        width, height = to_int(wattr(size, "w")), to_int(wattr(size, "h"))
        landscape = wattr(size, "orient") == "landscape" or (
            width is not None and height is not None and width > height
        )
        margins = {key: to_int(wattr(margin, key)) for key in ("top", "bottom", "left", "right", "header")}
        headers = dict(inherited)
        footers = dict(inherited_footers)
        title_page = False
        start = None
        if sect is not None:
            for ref in sect.findall(w("headerReference")):
                kind = wattr(ref, "type") or "default"
                rel = self.rels.get(ref.get(f"{{{R_NS}}}id", ""))
                if rel is None or rel[0] != HEADER_TYPE:
                    continue
                headers[kind] = self.header(rel[1], kind, index)
            for ref in sect.findall(w("footerReference")):
                kind = wattr(ref, "type") or "default"
                rel = self.rels.get(ref.get(f"{{{R_NS}}}id", ""))
                if rel is not None and rel[0] == FOOTER_TYPE:
                    footers[kind] = self.header(rel[1], kind, index, footer=True)
            title = sect.find(w("titlePg"))
            title_page = title is not None and on(title)
            numbering = sect.find(w("pgNumType"))
            start = to_int(wattr(numbering, "start"))
        return Section(
            index=index,
            width=width,
            height=height,
            landscape=landscape,
            margins=margins,
            title_page=title_page,
            page_start=start,
            headers=headers,
            footers=footers,
        )

    def header(self, part: str, kind: str, section: int, *, footer: bool = False) -> Header:
        """A header (or footer) part: its paragraphs, those in its text boxes and frames included.

        Read once however many sections refer to it (placed in the first of them)."""
        key = (part, kind, footer)
        if key not in self.parts:
            self.parts[key] = self._header(part, kind, section, footer=footer)
        return self.parts[key]

    def _header(self, part: str, kind: str, section: int, *, footer: bool) -> Header:
        root = self.package.xml(part)
        paragraphs: list[Paragraph] = []
        if root is not None:
            for n, element in enumerate(root.iter(w("p")), start=1):
                if _inside_textbox(element, root):
                    continue
                where = (
                    Where(phan=section, doan=n, chan_trang=kind)
                    if footer
                    else Where(phan=section, doan=n, dau_trang=kind)
                )
                paragraph = self.paragraph(element, where, None, None)
                paragraphs.append(paragraph)
                paragraphs.extend(paragraph.textboxes)
        return Header(kind=kind, paragraphs=paragraphs)

    # tables ----------------------------------------------------------------------------------------

    def table(self, element: etree._Element, section: int, parent: Where | None) -> Table:
        number = self.bang
        tblpr = element.find(w("tblPr"))
        style_id = wattr(tblpr.find(w("tblStyle")), "val") if tblpr is not None else None
        borders_el = tblpr.find(w("tblBorders")) if tblpr is not None else None
        if borders_el is not None:
            visible = any(
                (wattr(side, "val") or "none") not in {"none", "nil"}
                for side in borders_el
                if isinstance(side.tag, str)
            )
        else:
            chain = self.styles.chain(style_id, "table")
            visible = next((s.table_borders for s in reversed(chain) if s.table_borders is not None), False)
        grid = [to_int(wattr(col, "w")) or 0 for col in element.findall(f"{w('tblGrid')}/{w('gridCol')}")]
        rows: list[list[Cell]] = []
        for r, tr in enumerate(element.findall(w("tr")), start=1):
            row: list[Cell] = []
            column = 0
            for c, tc in enumerate(_cells(tr), start=1):
                tcpr = tc.find(w("tcPr"))
                span = to_int(wattr(tcpr.find(w("gridSpan")) if tcpr is not None else None, "val")) or 1
                width = sum(grid[column : column + span]) or None
                if width is None and tcpr is not None:
                    tcw = tcpr.find(w("tcW"))
                    if wattr(tcw, "type") in {None, "dxa"}:
                        width = to_int(wattr(tcw, "w"))
                column += span
                cell = Cell(paragraphs=[], width_twips=width)
                p_index = 0
                for child in _block_elements(tc):
                    tag = ns_local(child.tag)[1]
                    if tag == "p":
                        p_index += 1
                        where = Where(phan=section, bang=number, dong=r, o=c, doan_trong_o=p_index)
                        paragraph = self.paragraph(child, where, style_id, width)
                        cell.paragraphs.append(paragraph)
                    elif tag == "tbl":
                        self.bang += 1
                        nested = self.table(child, section, None)
                        cell.tables.append(nested)
                        cell.paragraphs.extend(nested.paragraphs)
                row.append(cell)
            rows.append(row)
        total = sum(grid) or None
        return Table(
            where=Where(phan=section, bang=number),
            rows=rows,
            borders_visible=bool(visible),
            width_twips=total,
        )

    # paragraphs ------------------------------------------------------------------------------------

    def paragraph(
        self, element: etree._Element, where: Where, table_style: str | None, cell_width: int | None
    ) -> Paragraph:
        ppr = element.find(w("pPr"))
        style_id = wattr(ppr.find(w("pStyle")), "val") if ppr is not None else None
        direct = ppr_props(ppr)
        fmt = self.styles.para_format(direct, para_style=style_id, table_style=table_style)
        mark_rpr = ppr.find(w("rPr")) if ppr is not None else None
        mark = self.styles.run_format(
            rpr_props(mark_rpr, self.styles.theme),
            para_style=style_id,
            char_style=None,
            table_style=table_style,
        )
        paragraph = Paragraph(where=where, runs=[], fmt=fmt, mark=mark)
        outer_background = self.background
        self.background = _fill(ppr) or _cell_fill(element) or outer_background
        if cell_width is not None:
            paragraph.width_twips = cell_width - 2 * CELL_MARGIN - max(fmt.left, 0) - max(fmt.right, 0)
        state = _FieldState()
        self._inline(element, paragraph, style_id, table_style, state, where)
        self.background = outer_background
        if (length := sum(len(run.text) for run in paragraph.runs)) > MAX_PARAGRAPH_CHARS:
            raise UnreadableDocument(
                f"{where} có {vi.so_tu_nhien(length)} ký tự, vượt giới hạn "
                f"{vi.so_tu_nhien(MAX_PARAGRAPH_CHARS)} ký tự của một đoạn mà vbhc kiểm tra",
                Vitri(tep=str(self.package.path)),
                goi_y="chia đoạn quá dài thành nhiều đoạn rồi kiểm tra lại",
            )
        return paragraph

    def _inline(self, element, paragraph, style_id, table_style, state, where) -> None:
        for child in element:
            if not isinstance(child.tag, str):
                continue
            namespace, tag = ns_local(child.tag)
            if namespace == MC_NS and tag == "AlternateContent":
                choice = child.find(f"{{{MC_NS}}}Choice")
                target = choice if choice is not None else child.find(f"{{{MC_NS}}}Fallback")
                if target is not None:
                    self._inline(target, paragraph, style_id, table_style, state, where)
                continue
            if namespace != W_NS:
                continue
            if tag in _SKIPPED:
                continue
            if tag == "r":
                self._run(child, paragraph, style_id, table_style, state, where)
            elif tag == "fldSimple":
                instr = (wattr(child, "instr") or "").strip().split()
                inner = Paragraph(where=where, runs=[], fmt=paragraph.fmt, mark=paragraph.mark)
                self._inline(child, inner, style_id, table_style, _FieldState(), where)
                paragraph.runs.extend(inner.runs)
                if instr and instr[0].upper() == "PAGE":
                    paragraph.page_fields.append(inner.runs[0].fmt if inner.runs else paragraph.mark)
            elif tag in _INLINE_CONTAINERS:
                self._inline(child, paragraph, style_id, table_style, state, where)

    def _run(self, run, paragraph, style_id, table_style, state, where) -> None:
        rpr = run.find(w("rPr"))
        char_style = wattr(rpr.find(w("rStyle")), "val") if rpr is not None else None
        fmt = self.styles.run_format(
            rpr_props(rpr, self.styles.theme),
            para_style=style_id,
            char_style=char_style,
            table_style=table_style,
        )
        typed = self._run_text(run, paragraph, state, where)
        hidden = _hidden(rpr, fmt, self.background) if typed.strip() else None
        if hidden is not None:
            paragraph.hidden.append((hidden, vi.nfc(typed)))
        text = "" if hidden in _UNSEEN else _shown(typed, fmt)
        if text and state.stack and state.stack[-1].page and not state.stack[-1].seen:
            paragraph.page_fields.append(fmt)
            state.stack[-1].seen = True
        if text:
            paragraph.runs.append(Run(text=text, fmt=fmt))

    def _run_text(self, run, paragraph, state, where) -> str:
        """The characters of ``run`` as typed (field codes left out); its drawings are read on the way."""
        pieces: list[str] = []
        for child in run:
            if not isinstance(child.tag, str):
                continue
            namespace, tag = ns_local(child.tag)
            if namespace == MC_NS and tag == "AlternateContent":
                self._drawing(child, paragraph, where)
            elif tag == "fldChar":
                state.field_char(wattr(child, "fldCharType"))
            elif tag == "instrText":
                if state.stack:
                    state.stack[-1].instr += child.text or ""
            elif state.stack and not state.stack[-1].result:
                continue  # field code, not shown
            elif tag == "t":
                pieces.append(child.text or "")
            elif tag in _RUN_CHARACTERS:
                pieces.append(_RUN_CHARACTERS[tag])
            elif tag in {"drawing", "pict", "object"}:
                self._drawing(child, paragraph, where)
        return "".join(pieces)

    def _drawing(self, element, paragraph, where) -> None:
        paragraph.has_drawing = True
        for box in element.iter(w("txbxContent")):
            for n, p in enumerate(box.iter(w("p")), start=1):
                inner_where = Where(
                    phan=where.phan,
                    doan=where.doan,
                    bang=where.bang,
                    dong=where.dong,
                    o=where.o,
                    doan_trong_o=n if where.bang is not None else None,
                    khung=True,
                )
                paragraph.textboxes.append(self.paragraph(p, inner_where, None, None))
            break
        paragraph.line_shapes.extend(_line_shapes(element))


#: The preset geometries of Insert → Shapes → Line (and the straight connector).
_LINE_GEOMETRIES = {"line", "straightConnector1"}
#: A line shape is a horizontal rule when it rises less than this share of its length.
_FLAT = 0.1
#: VML lengths in mm per unit (``v:line`` ``from``/``to``).
_VML_UNITS = {"pt": 25.4 / 72, "in": 25.4, "cm": 10.0, "mm": 1.0, "pc": 25.4 / 6}


def _line_shapes(element: etree._Element) -> list[LineShape]:
    """The horizontal line shapes drawn in ``element`` (a ``w:drawing``, ``w:pict`` or the
    ``mc:AlternateContent`` holding both): measured on the DrawingML shape, or on the VML fallback
    when there is no DrawingML."""
    shapes = []
    for frame in element.iter(f"{{{WP_NS}}}anchor", f"{{{WP_NS}}}inline"):
        for geometry in frame.iter(f"{{{A_NS}}}prstGeom"):
            size = _drawingml_size(geometry, frame)
            if geometry.get("prst") in _LINE_GEOMETRIES and size is not None and size[1] <= size[0] * _FLAT:
                solid = all(
                    dash.get("val") == "solid" for dash in geometry.getparent().iter(f"{{{A_NS}}}prstDash")
                )
                shapes.append(LineShape(size[0] / nd30.EMU_PER_MM or None, _above(frame), solid))
    if not shapes:
        for line in element.iter(f"{{{V_NS}}}line"):
            ends = [_vml_point(line.get(end)) for end in ("from", "to")]
            if None in ends:
                shapes.append(LineShape(None, None))  # a line whose ends are not in absolute units
                continue
            (x1, y1), (x2, y2) = ends
            solid = all(s.get("dashstyle", "solid") == "solid" for s in line.iter(f"{{{V_NS}}}stroke"))
            if abs(y2 - y1) <= abs(x2 - x1) * _FLAT:
                shapes.append(LineShape(abs(x2 - x1) or None, None, solid))
    return shapes


def _drawingml_size(geometry: etree._Element, frame: etree._Element) -> tuple[float, float] | None:
    """Width and height (EMU) of the shape whose ``a:prstGeom`` is ``geometry``: its ``a:xfrm``
    (scaled to the page when it is inside a group), or the frame's ``wp:extent``."""
    ext = geometry.getparent().find(f"{{{A_NS}}}xfrm/{{{A_NS}}}ext")
    if ext is None:
        ext = frame.find(f"{{{WP_NS}}}extent")
    if ext is None or to_int(ext.get("cx")) is None:
        return None
    width, height = float(to_int(ext.get("cx"))), float(abs(to_int(ext.get("cy")) or 0))
    ancestor = geometry.getparent()
    while ancestor is not None and ancestor is not frame:
        if ns_local(ancestor.tag)[1] in {"wgp", "grpSp"}:
            props = next((c for c in ancestor if ns_local(c.tag)[1] == "grpSpPr"), None)
            xfrm = props.find(f"{{{A_NS}}}xfrm") if props is not None else None
            outer = xfrm.find(f"{{{A_NS}}}ext") if xfrm is not None else None
            inner = xfrm.find(f"{{{A_NS}}}chExt") if xfrm is not None else None
            if outer is not None and inner is not None and to_int(inner.get("cx")):
                width *= (to_int(outer.get("cx")) or 0) / to_int(inner.get("cx"))
                height *= (to_int(outer.get("cy")) or 0) / (to_int(inner.get("cy")) or 1)
        ancestor = ancestor.getparent()
    return width, height


def _above(frame: etree._Element) -> bool | None:
    """Whether an anchored shape sits above the top of its anchor paragraph: None when it is
    positioned relative to the page or the margins (only the laid-out page could tell)."""
    position = frame.find(f"{{{WP_NS}}}positionV")
    if position is None:
        return False  # an inline shape: in a line of the paragraph
    if position.get("relativeFrom") not in {"paragraph", "line"}:
        return None
    offset = position.find(f"{{{WP_NS}}}posOffset")
    return offset is not None and (to_int((offset.text or "").strip()) or 0) < 0


def _vml_point(value: str | None) -> tuple[float, float] | None:
    """A VML point («54pt,17.35pt») in mm; None without units one can measure."""
    parts = (value or "").replace(" ", "").split(",")
    if len(parts) != 2:
        return None
    out = []
    for part in parts:
        match = re.fullmatch(r"(-?\d*\.?\d+)(pt|in|cm|mm|pc)", part)
        if match is None:
            return None
        out.append(float(match.group(1)) * _VML_UNITS[match.group(2)])
    return out[0], out[1]


@dataclass
class _Field:
    instr: str = ""
    result: bool = False
    page: bool = False
    seen: bool = False


@dataclass
class _FieldState:
    stack: list[_Field] = field(default_factory=list)

    def field_char(self, kind: str | None) -> None:
        """A ``w:fldChar``: a field begins, shows its result from here on, or ends."""
        if kind == "begin":
            self.stack.append(_Field())
        elif kind == "separate" and self.stack:
            frame = self.stack[-1]
            frame.result = True
            frame.page = frame.instr.strip().upper().split()[:1] == ["PAGE"]
        elif kind == "end" and self.stack:
            self.stack.pop()


#: Run children that stand for one character.
_RUN_CHARACTERS = {"tab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-", "sym": "?"}


#: How text can be hidden that takes it off the page (``webHidden`` text is printed: it hides only in
#: Word's web layout).
_UNSEEN = frozenset({"vanish", "specVanish", "white", "background"})
#: Highlight colours (``w:highlight``) a text colour can vanish into, as hex.
_HIGHLIGHT = {"white": "FFFFFF", "black": "000000", "yellow": "FFFF00", "green": "00FF00", "cyan": "00FFFF"}
_WHITE = "FFFFFF"


def _hidden(rpr: etree._Element | None, fmt: RunFormat, background: str | None) -> str | None:
    """How a run is hidden from its reader, if it is: ``vanish``, ``specVanish``, ``white`` (white on
    the white page), ``background`` (the colour of the shading behind it), ``webHidden``."""
    if fmt.hidden:
        return "vanish"
    special = rpr.find(w("specVanish")) if rpr is not None else None
    if special is not None and on(special):
        return "specVanish"
    colour = (fmt.color or "").upper()
    if colour not in {"", "AUTO"}:
        highlight = wattr(rpr.find(w("highlight")), "val") if rpr is not None else None
        behind = _fill(rpr) or _HIGHLIGHT.get(highlight or "") or background or _WHITE
        if colour == behind:
            return "white" if colour == _WHITE else "background"
    web = rpr.find(w("webHidden")) if rpr is not None else None
    return "webHidden" if web is not None and on(web) else None


def _fill(props: etree._Element | None) -> str | None:
    """The shading colour a ``w:rPr``, ``w:pPr`` or ``w:tcPr`` sets (hex, upper case), if any."""
    shading = props.find(w("shd")) if props is not None else None
    fill = (wattr(shading, "fill") or "").upper()
    return fill if fill and fill != "AUTO" else None


def _cell_fill(paragraph: etree._Element) -> str | None:
    """The shading of the table cell ``paragraph`` is in, if any."""
    parent = paragraph.getparent()
    while parent is not None and parent.tag != w("tc"):
        if parent.tag in {w("body"), w("txbxContent")}:
            return None
        parent = parent.getparent()
    return _fill(parent.find(w("tcPr"))) if parent is not None else None


def _shown(text: str, fmt: RunFormat) -> str:
    """What a reader sees of a run's visible ``text`` on paper: Unicode for a legacy font, capitals when
    the run is set in capitals."""
    encoding = legacy_encoding(fmt.font_hansi or fmt.font)
    if encoding and text and not text.isascii():
        text = _from_legacy(text, encoding, fmt.font_hansi or fmt.font or "")
    if fmt.caps:
        text = vi.upper(text)
    return text


def legacy_encoding(font: str | None) -> str | None:
    """The 8-bit Vietnamese encoding a font name implies (``.VnTime`` → TCVN3, ``VNI-Times`` → VNI)."""
    name = (font or "").strip().lower()
    if name.startswith(".vn"):
        return "TCVN3"
    if name.startswith("vni"):
        return "VNI"
    return None


def _from_legacy(text: str, encoding: str, font: str) -> str:
    """What a reader sees in a legacy font: the text in Unicode (capitals for ``.VnTimeH``)."""
    from vbhc.text.legacy import to_unicode

    if encoding == "TCVN3" and font.lower().rstrip().endswith("h"):
        return vi.upper(to_unicode(text, encoding))  # .VnTimeH: the capitals font
    # The font is known not to be the capitals one: a trailing lower-case word stops to_unicode from
    # reading a line without ASCII lower case («Sè: 05/KH-UBND») as typed in capitals.
    return to_unicode(text + " a", encoding)[:-2]


def _block_elements(container: etree._Element, *, top: bool = False) -> Iterator[etree._Element]:
    """``w:p``/``w:tbl``/``w:sectPr`` children, looking through ``w:sdt`` and ``w:customXml``
    (``top``: ``container`` itself is one of the children)."""
    for child in (container,) if top else container:
        if not isinstance(child.tag, str):
            continue
        tag = ns_local(child.tag)[1]
        if tag in {"p", "tbl", "sectPr"}:
            yield child
        elif tag in {"sdt", "sdtContent", "customXml"}:
            yield from _block_elements(child)
        elif tag == "AlternateContent":
            choice = child.find(f"{{{MC_NS}}}Choice")
            if choice is not None:
                yield from _block_elements(choice)


def _cells(tr: etree._Element) -> Iterator[etree._Element]:
    for child in tr:
        if not isinstance(child.tag, str):
            continue
        tag = ns_local(child.tag)[1]
        if tag == "tc":
            yield child
        elif tag in {"sdt", "sdtContent", "customXml"}:
            yield from _cells(child)


def _inside_textbox(element: etree._Element, root: etree._Element) -> bool:
    parent = element.getparent()
    while parent is not None and parent is not root:
        if parent.tag == w("txbxContent"):
            return True
        parent = parent.getparent()
    return False
