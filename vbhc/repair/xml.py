"""Small edits of WordprocessingML in place: a property set in the order the schema wants, the runs
and texts of a paragraph as the checker's reader sees them, a span of text replaced across runs."""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from vbhc.checker.reader import _INLINE_CONTAINERS
from vbhc.checker.styles import ns_local, w
from vbhc.ooxml.namespaces import MC_NS, W_NS

#: Child order of ``w:rPr`` (ECMA-376 CT_RPr), ``w:pPr`` (CT_PPr) and ``w:sectPr`` (CT_SectPr).
RPR_ORDER = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
    "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
    "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath rPrChange"
).split()
PPR_ORDER = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd "
    "tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
    "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
    "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
).split()
SECTPR_ORDER = (
    "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders lnNumType "
    "pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid "
    "printerSettings sectPrChange"
).split()


def child(parent: etree._Element, tag: str, order: list[str]) -> etree._Element:
    """The ``w:tag`` child of ``parent``, created at its place in ``order`` when missing."""
    found = parent.find(w(tag))
    if found is not None:
        return found
    element = etree.Element(w(tag))
    rank = order.index(tag)
    for index, existing in enumerate(parent):
        name = ns_local(existing.tag)[1] if isinstance(existing.tag, str) else ""
        if name in order and order.index(name) > rank:
            parent.insert(index, element)
            return element
    parent.append(element)
    return element


def set_attrs(element: etree._Element, **values: str | None) -> None:
    """Set (or, for None, remove) ``w:`` attributes."""
    for name, value in values.items():
        if value is None:
            element.attrib.pop(w(name), None)
        else:
            element.set(w(name), value)


def ppr(paragraph: etree._Element) -> etree._Element:
    found = paragraph.find(w("pPr"))
    if found is None:
        found = etree.Element(w("pPr"))
        paragraph.insert(0, found)
    return found


def rpr(run: etree._Element) -> etree._Element:
    found = run.find(w("rPr"))
    if found is None:
        found = etree.Element(w("rPr"))
        run.insert(0, found)
    return found


def runs(paragraph: etree._Element) -> Iterator[etree._Element]:
    """The runs whose text the reader shows: in the paragraph and its inline containers (links,
    insertions, content controls, fields), the chosen branch of ``mc:AlternateContent``; not the
    deleted ones, not those of text boxes."""
    for element in paragraph:
        if not isinstance(element.tag, str):
            continue
        namespace, tag = ns_local(element.tag)
        if namespace == MC_NS and tag == "AlternateContent":
            choice = element.find(f"{{{MC_NS}}}Choice")
            target = choice if choice is not None else element.find(f"{{{MC_NS}}}Fallback")
            if target is not None:
                yield from runs(target)
        elif namespace == W_NS and tag == "r":
            yield element
        elif namespace == W_NS and tag in _INLINE_CONTAINERS:
            yield from runs(element)


def text_runs(paragraph: etree._Element) -> list[etree._Element]:
    """The runs that hold visible characters."""
    return [run for run in runs(paragraph) if any((t.text or "").strip() for t in run.findall(w("t")))]


def texts(paragraph: etree._Element) -> list[etree._Element]:
    """The ``w:t`` elements of the paragraph's runs, in order."""
    return [t for run in runs(paragraph) for t in run.findall(w("t"))]


def text(paragraph: etree._Element) -> str:
    return "".join(t.text or "" for t in texts(paragraph))


def replace_span(paragraph: etree._Element, start: int, end: int, new: str) -> None:
    """Replace characters ``start:end`` of :func:`text` by ``new``: the new characters go into the
    ``w:t`` where the span starts (its run keeps its formatting), the rest of the span is removed."""
    position = 0
    placed = False
    for element in texts(paragraph):
        value = element.text or ""
        low, high = position, position + len(value)
        position = high
        if not placed:
            if start < high or start == end == high:
                element.text = value[: start - low] + new + value[min(end - low, len(value)) :]
                placed = True
            else:
                continue
        elif low >= end:
            break
        else:
            element.text = value[min(end - low, len(value)) :]
        element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    if not placed:
        raise ValueError("span outside the paragraph's text")
