"""Where things are on a rendered PDF page: the signer block's lines and the page content (pypdfium2).

Boxes are in PDF points with the origin at the page's bottom-left corner (PDF user space), as
signature fields are placed. The lines are read from the PDF's text: PDFium gives one rectangle per
run of text on a line, so a signer block in the right column of a borderless table stays apart from
the Nơi nhận lines at its left.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from vbhc.errors import EnvironmentProblem, InputError, Vitri

_HINT = "cài phần ký số của vbhc: pip install 'vbhc[sign]'"


@dataclass(frozen=True)
class Box:
    """A rectangle: ``x0 < x1`` left to right, ``y0 < y1`` bottom to top (pt)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def centre_x(self) -> float:
        return (self.x0 + self.x1) / 2

    def union(self, other: Box) -> Box:
        return Box(
            min(self.x0, other.x0), min(self.y0, other.y0), max(self.x1, other.x1), max(self.y1, other.y1)
        )


@dataclass(frozen=True)
class TextLine:
    """One run of text on a line of a page (``page`` from 0)."""

    page: int
    text: str
    box: Box


@dataclass(frozen=True)
class SignerBlock:
    """A signer block found on a page: its title lines (7a, 7b) above, the họ tên (7b) below."""

    page: int
    titles: tuple[TextLine, ...]  #: top to bottom
    ho_ten: TextLine

    @property
    def box(self) -> Box:
        box = self.ho_ten.box
        for line in self.titles:
            box = box.union(line.box)
        return box


@dataclass(frozen=True)
class PageContent:
    """A page's size and the box around everything printed on it."""

    page: int
    width: float
    height: float
    content: Box


def _pdfium() -> Any:
    try:
        import pypdfium2
    except ImportError:
        raise EnvironmentProblem("cần thư viện pypdfium2 để đọc vị trí chữ trong PDF", goi_y=_HINT) from None
    return pypdfium2


def normal(text: str) -> str:
    """NFC, spaces collapsed: how the lines of a DOCX and of a PDF are compared."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def open_pdf(pdf: bytes, where: Vitri | None = None) -> Any:
    """The PDF as a pypdfium2 document; InputError when it cannot be read."""
    pdfium = _pdfium()
    try:
        return pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as error:
        raise InputError(f"không đọc được tệp PDF: {error}", where) from None


def page_lines(document: Any, index: int) -> list[TextLine]:
    """The runs of text on page ``index``: characters on one baseline, not split by a gap wider than
    their size (the columns of a borderless table stay apart). A run's box reaches down to its
    lowest glyph (the dot under «Ị») and up to its baseline plus the font size, or its highest
    glyph when higher: the line a reader sees, as tall as its type."""
    import ctypes

    raw = _pdfium().raw
    textpage = document[index].get_textpage()
    x, y = ctypes.c_double(), ctypes.c_double()
    lines: list[TextLine] = []
    text: list[str] = []
    box: Box | None = None
    baseline = right = 0.0

    def close() -> None:
        if box is not None and normal("".join(text)):
            lines.append(TextLine(index, normal("".join(text)), box))

    for number in range(textpage.count_chars()):
        char = textpage.get_text_range(number, 1)
        if char in "\r\n":
            close()
            text, box = [], None
            continue
        raw.FPDFText_GetCharOrigin(textpage.raw, number, ctypes.byref(x), ctypes.byref(y))
        size = raw.FPDFText_GetFontSize(textpage.raw, number)
        left, bottom, right_edge, top = textpage.get_charbox(number)
        here = Box(left, min(bottom, y.value), right_edge, max(top, y.value + size))
        if box is not None and (abs(y.value - baseline) > 1 or left - right > size):
            close()
            text, box = [], None
        text.append(char)
        box = here if box is None else box.union(here)
        baseline, right = y.value, max(right_edge, left)
    close()
    return lines


def _pages_with(document: Any, text: str) -> Iterator[int]:
    wanted = normal(text)
    for index in range(len(document)):
        if wanted in normal(document[index].get_textpage().get_text_range()):
            yield index


def _block_above(name: TextLine, lines: Sequence[TextLine], titles: Sequence[str]) -> SignerBlock | None:
    """The title lines right above ``name`` in its column, when they read exactly ``titles``."""
    wanted = normal(" ".join(titles))
    centre = name.box.centre_x
    column = sorted(
        (line for line in lines if line.box.y0 >= name.box.y1 and line.box.x0 <= centre <= line.box.x1),
        key=lambda line: line.box.y0,
    )
    found: list[TextLine] = []
    for line in column:  # nearest first, going up
        so_far = normal(" ".join(item.text for item in [line, *reversed(found)]))
        if so_far != wanted and not wanted.endswith(f" {so_far}"):
            return None
        found.append(line)
        if so_far == wanted:
            return SignerBlock(name.page, tuple(reversed(found)), name)
    return None


def find_signer_block(document: Any, titles: Sequence[str], ho_ten: str) -> SignerBlock | None:
    """The first block whose line ``ho_ten`` has, right above it in the same column, the lines
    ``titles`` (quyền hạn, chức vụ: a title wrapped over several lines is found too); None if none."""
    if not titles or not normal(ho_ten):
        return None
    for index in _pages_with(document, ho_ten):
        block = signer_block_in(page_lines(document, index), titles, ho_ten)
        if block is not None:
            return block
    return None


def signer_block_in(lines: Sequence[TextLine], titles: Sequence[str], ho_ten: str) -> SignerBlock | None:
    """The topmost block of one page's ``lines`` whose line ``ho_ten`` has the lines ``titles``
    right above it in the same column; None if none."""
    for line in sorted(lines, key=lambda item: -item.box.y1):
        if line.text == normal(ho_ten):
            block = _block_above(line, lines, titles)
            if block is not None:
                return block
    return None


def page_content(document: Any, index: int) -> PageContent:
    """Page ``index``'s size and the box around its printed objects (text, rules, table borders),
    its lines of text counted as tall as their type (:func:`page_lines`)."""
    page = document[index]
    width, height = page.get_size()
    box: Box | None = None
    boxes = [Box(*item.get_bounds()) for item in page.get_objects()]
    for here in boxes + [line.box for line in page_lines(document, index)]:
        box = here if box is None else box.union(here)
    if box is None:
        box = Box(0, 0, width, height)
    return PageContent(index, width, height, box)


__all__ = ["Box", "PageContent", "SignerBlock", "TextLine", "find_signer_block", "normal", "open_pdf",
           "page_content", "page_lines", "signer_block_in"]
