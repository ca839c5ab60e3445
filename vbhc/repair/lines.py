"""The rules drawn under the Tiêu ngữ (as long as its line), the agency name and the trích yếu
(0.4 of their line): drawn when missing, the length of a border or a line shape set when wrong."""

from __future__ import annotations

from lxml import etree

from vbhc import nd30
from vbhc.checker.check_head import _issuing_and_superior
from vbhc.checker.checks import so
from vbhc.checker.components import DrawnLine
from vbhc.checker.document import Paragraph
from vbhc.checker.reader import _LINE_GEOMETRIES
from vbhc.ooxml.namespaces import A_NS, V_NS, W_NS, WP_NS
from vbhc.repair import xml
from vbhc.repair.job import Job
from vbhc.text.metrics import text_width_mm

#: The rule vbhc's templates draw: the bottom border of an empty paragraph one twip-line high
#: (``tools/build_templates.py``, RULE_PPR).
_RULE = (
    '<w:p xmlns:w="{ns}"><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/>'
    '</w:pBdr><w:spacing w:before="60" w:after="0" w:line="20" w:lineRule="exact"/>'
    '<w:ind w:left="{side}" w:right="{side}"/><w:jc w:val="center"/>'
    '<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>'
)


#: A rule within this of the length wanted is left as it is (mm).
_CLOSE_MM = 0.5


def _size(paragraph: Paragraph, component: str) -> float:
    """The size ``paragraph`` has once its look is repaired (the rule book's when out of range)."""
    size = nd30.SIZES[component]
    return paragraph.size if paragraph.size in size else size.default


def _text_width(paragraphs: list[Paragraph], component: str) -> float:
    """The longest line of ``paragraphs`` in mm, in bold (both components are bold)."""
    widths = [
        text_width_mm(piece.strip(), _size(p, component), bold=True)
        for p in paragraphs
        for piece in p.text.split("\n")
        if piece.strip()
    ]
    return max(widths, default=0.0)


def _room(paragraph: Paragraph) -> int | None:
    """The width a paragraph beside ``paragraph`` has without indents (twips)."""
    if paragraph.width_twips is None:
        return None
    return paragraph.width_twips + max(paragraph.fmt.left, 0) + max(paragraph.fmt.right, 0)


def _draw(
    job: Job, rule_id: str, line: DrawnLine | None, above: list[Paragraph], length_mm: float, name: str
) -> None:
    """Draw the rule under ``above`` (or set the length of ``line``) to ``length_mm``."""
    if not length_mm or any(job.ambiguous(p) for p in above) or (line and job.ambiguous(line.paragraph)):
        return  # one rule read as two components' or a text read as two: left for the clerk
    length = nd30.twips(length_mm)
    if line is None:
        last = above[-1]
        element, room = job.element(last), _room(last)
        if element is None or room is None:
            return
        side = max(0, (room - length) // 2)
        element.addnext(etree.fromstring(_RULE.format(ns=W_NS, side=side)))
        job.change(
            rule_id, last, f"không có đường kẻ dưới {name}", f"đường kẻ dài {so(nd30.mm(room - 2 * side))} mm"
        )
        return
    element, room = job.element(line.paragraph), _room(line.paragraph)
    if element is None:
        return
    if line.kind == "hinh" and not line.solid:
        _solid(element)
        job.change(rule_id, line.paragraph, "đường kẻ nét đứt", "đường kẻ nét liền")
    if line.length_mm is not None and abs(line.length_mm - length_mm) < _CLOSE_MM:
        return
    before = f"đường kẻ dài {so(line.length_mm or 0)} mm"
    if line.kind == "vien" and room is not None:
        side = max(0, (room - length) // 2)
        xml.set_attrs(xml.child(xml.ppr(element), "ind", xml.PPR_ORDER), left=str(side), right=str(side))
        job.change(rule_id, line.paragraph, before, f"đường kẻ dài {so(nd30.mm(room - 2 * side))} mm")
    elif line.kind == "hinh":
        emu = str(round(length_mm * nd30.EMU_PER_MM))
        for drawing in _line_drawings(element):
            for extent in drawing.iter(f"{{{WP_NS}}}extent", f"{{{A_NS}}}ext"):
                extent.set("cx", emu)
        job.change(rule_id, line.paragraph, before, f"đường kẻ dài {so(length_mm)} mm")


def _solid(paragraph: etree._Element) -> None:
    """The line shapes of ``paragraph`` drawn with a solid stroke (DrawingML and its VML fallback)."""
    for drawing in _line_drawings(paragraph):
        for dash in drawing.iter(f"{{{A_NS}}}prstDash"):
            dash.set("val", "solid")
    for stroke in paragraph.iter(f"{{{V_NS}}}stroke"):
        stroke.attrib.pop("dashstyle", None)


def _line_drawings(paragraph: etree._Element) -> list[etree._Element]:
    """The ``w:drawing`` elements of ``paragraph`` that hold a line shape."""
    return [
        drawing
        for drawing in paragraph.iter(f"{{{W_NS}}}drawing")
        if any(g.get("prst") in _LINE_GEOMETRIES for g in drawing.iter(f"{{{A_NS}}}prstGeom"))
    ]


def tieu_ngu_rule(job: Job) -> None:
    """H7: a rule as long as the Tiêu ngữ line (an underline instead of it taken off)."""
    tn = job.c.tieu_ngu
    if not job.findings("H7") or tn is None:
        return
    if job.c.tieu_ngu_line is None and tn.any("underline") and (element := job.element(tn)) is not None:
        for run in xml.text_runs(element):
            xml.set_attrs(xml.child(xml.rpr(run), "u", xml.RPR_ORDER), val="none")
        job.change("H7", tn, "Tiêu ngữ gạch chân", "không gạch chân, đường kẻ bên dưới")
    width = text_width_mm(tn.stripped, _size(tn, "tieu_ngu"), bold=True)
    _draw(job, "H7", job.c.tieu_ngu_line, [tn], width, "Tiêu ngữ")


def agency_rule(job: Job) -> None:
    """H10: a rule 0.4 of the agency name's line."""
    if not job.findings("H10") or not job.c.agency:
        return
    issuing, _ = _issuing_and_superior(job.c)
    width = _text_width(issuing, "co_quan_ban_hanh")
    width = min(width, nd30.mm(_room(issuing[-1]) or 0) or width)
    _draw(job, "H10", job.c.agency_line, issuing, width * nd30.RULE_RATIO_DEFAULT, "tên cơ quan")


def trich_yeu_rule(job: Job) -> None:
    """T3: a rule 0.4 of the trích yếu's line."""
    c = job.c
    if not job.findings("T3") or c.ten_loai is None:
        return
    texts = c.trich_yeu or [c.ten_loai]
    width = _text_width(texts, "trich_yeu")
    width = min(width, nd30.mm(_room(texts[-1]) or 0) or width)
    _draw(job, "T3", c.trich_yeu_line, texts, width * nd30.RULE_RATIO_DEFAULT, "trích yếu")
