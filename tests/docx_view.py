"""Read a produced DOCX as a user sees it: effective fonts, sizes, emphasis and alignment.

Formatting is resolved run → paragraph style (and its basedOn chain) → document defaults, the way
Word does, so that tests assert on what is printed rather than on where it was set.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn


@dataclass(frozen=True)
class Look:
    text: str
    size: float | None
    bold: bool
    italic: bool
    underline: bool
    align: str | None
    fonts: tuple[str | None, ...]


def _chain(style):
    while style is not None:
        yield style
        style = style.base_style


def _defaults(document) -> dict:
    rpr = document.styles.element.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
    out = {"size": None, "fonts": (None,) * 4}
    if rpr is not None:
        sz = rpr.find(qn("w:sz"))
        if sz is not None:
            out["size"] = int(sz.get(qn("w:val"))) / 2
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is not None:
            out["fonts"] = tuple(rfonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs"))
    return out


def look(document, paragraph, run=None) -> Look:
    """The effective look of ``run`` (or of the paragraph's first run) in ``paragraph``."""
    run = run if run is not None else (paragraph.runs[0] if paragraph.runs else None)
    defaults = _defaults(document)

    def resolve(attr):
        if run is not None:
            value = getattr(run.font, attr)
            if value is not None:
                return value
        for style in _chain(paragraph.style):
            value = getattr(style.font, attr)
            if value is not None:
                return value
        return None

    size = resolve("size")
    align = paragraph.paragraph_format.alignment
    if align is None:
        for style in _chain(paragraph.style):
            if style.paragraph_format.alignment is not None:
                align = style.paragraph_format.alignment
                break
    names = {
        WD_ALIGN_PARAGRAPH.CENTER: "center",
        WD_ALIGN_PARAGRAPH.JUSTIFY: "both",
        WD_ALIGN_PARAGRAPH.LEFT: "left",
        WD_ALIGN_PARAGRAPH.RIGHT: "right",
    }
    fonts = defaults["fonts"]
    for style in reversed(list(_chain(paragraph.style))):
        rfonts = style.element.find(qn("w:rPr") + "/" + qn("w:rFonts"))
        if rfonts is not None:
            slots = ("ascii", "hAnsi", "eastAsia", "cs")
            fonts = tuple(rfonts.get(qn(f"w:{s}")) or f for s, f in zip(slots, fonts, strict=True))
    return Look(
        text=paragraph.text,
        size=size.pt if size is not None else defaults["size"],
        bold=bool(resolve("bold")),
        italic=bool(resolve("italic")),
        underline=bool(resolve("underline")),
        align=names.get(align),
        fonts=fonts,
    )


def all_paragraphs(document):
    """Every paragraph of the body, in order, including those inside tables (row by row)."""
    body = document.element.body
    for element in body.iter(qn("w:p")):
        yield docx.text.paragraph.Paragraph(element, document._body)


def find(document, text: str, *, exact: bool = True):
    """The first paragraph whose text is (or contains) ``text``."""
    for paragraph in all_paragraphs(document):
        if (paragraph.text == text) if exact else (text in paragraph.text):
            return paragraph
    raise AssertionError(f"no paragraph with text {text!r}")


def open_docx(path: str | Path):
    return docx.Document(str(path))
