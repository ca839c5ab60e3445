"""Body paragraphs: size, justification and upright text (B1), first-line indent (B2), spacing
between paragraphs (B3), line spacing (B4)."""

from __future__ import annotations

from vbhc import nd30
from vbhc.checker.checks import canh, pt, so
from vbhc.repair import xml
from vbhc.repair.job import Job
from vbhc.repair.styles import set_jc, set_size, set_toggle

_INDENT = nd30.twips(nd30.FIRST_LINE_INDENT_MM[0])
_SPACING = nd30.PARAGRAPH_SPACING_MIN_PT * 20
_LINE = round(nd30.LINE_SPACING_BODY * 240)
_JUSTIFIED = {"both", "distribute"}


def text_look(job: Job) -> None:
    """B1: the paragraphs found in another size, alignment or wholly italic take the body's look."""
    size = nd30.SIZES["noi_dung"]
    for finding in job.findings("B1"):
        paragraph = job.paragraph(finding)
        element = job.element(paragraph) if paragraph is not None else None
        if element is None:
            continue
        runs = xml.text_runs(element)
        bad = sorted(s for s in paragraph.sizes if s not in size)
        if bad:
            set_size(runs, size.default)
            job.change(
                "B1", paragraph, f"cỡ chữ {', '.join(pt(s) for s in bad)}", f"cỡ chữ {pt(size.default)}"
            )
        if (paragraph.fmt.jc or "left") not in _JUSTIFIED and canh(paragraph.fmt.jc) in finding.thay:
            set_jc(element, "both")
            job.change("B1", paragraph, canh(paragraph.fmt.jc), canh("both"))
        if "in nghiêng" in finding.thay and paragraph.all("italic"):
            set_toggle(runs, "i", False)
            job.change("B1", paragraph, "cả đoạn in nghiêng", "chữ đứng")


def indent(job: Job) -> None:
    """B2: a first-line indent of 1 cm (the left indent kept)."""
    for finding in job.findings("B2"):
        paragraph = job.paragraph(finding)
        element = job.element(paragraph) if paragraph is not None else None
        if element is None:
            continue
        ind = xml.child(xml.ppr(element), "ind", xml.PPR_ORDER)
        xml.set_attrs(ind, firstLine=str(_INDENT), hanging=None, firstLineChars=None, hangingChars=None)
        before = f"lùi đầu dòng {so(nd30.mm(paragraph.fmt.first_line) / 10, 2)} cm"
        job.change("B2", paragraph, before, f"lùi đầu dòng {so(nd30.FIRST_LINE_INDENT_MM[0] / 10, 0)} cm")


def spacing(job: Job) -> None:
    """B3: 6 pt before a paragraph set too close to the one above it."""
    for finding in job.findings("B3"):
        paragraph = job.paragraph(finding)
        element = job.element(paragraph) if paragraph is not None else None
        if element is None:
            continue
        props = xml.ppr(element)
        xml.set_attrs(
            xml.child(props, "spacing", xml.PPR_ORDER),
            before=str(_SPACING),
            beforeLines=None,
            beforeAutospacing=None,
        )
        if paragraph.fmt.contextual:
            xml.set_attrs(xml.child(props, "contextualSpacing", xml.PPR_ORDER), val="0")
        job.change(
            "B3",
            paragraph,
            f"cách đoạn trước {pt(paragraph.fmt.before / 20)} pt",
            f"cách đoạn trước {pt(nd30.PARAGRAPH_SPACING_MIN_PT)} pt",
        )


def line_spacing(job: Job) -> None:
    """B4: line spacing of 1.15 lines (the rule book's body spacing)."""
    for finding in job.findings("B4"):
        paragraph = job.paragraph(finding)
        element = job.element(paragraph) if paragraph is not None else None
        if element is None:
            continue
        xml.set_attrs(xml.child(xml.ppr(element), "spacing", xml.PPR_ORDER), line=str(_LINE), lineRule="auto")
        job.change("B4", paragraph, finding.thay, f"giãn dòng {so(nd30.LINE_SPACING_BODY, 2)} dòng")
