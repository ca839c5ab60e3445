"""Read rendered PDF pages as a reader sees them: words with positions and fonts, lines, page size.

Units are PDF points (1/72 inch) measured from the top-left corner of the page, as pdfplumber gives.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PT_PER_MM = 72 / 25.4
_SUBSET = re.compile(r"^[A-Z]{6}\+")


def mm_to_pt(mm: float) -> float:
    return mm * PT_PER_MM


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def require_soffice() -> None:
    """Skip (locally) or fail (when ``CI=true``) if LibreOffice is missing."""
    from vbhc.writers.pdf import INSTALL_LIBREOFFICE, find_soffice

    if find_soffice() is None:
        message = f"LibreOffice (soffice) chưa được cài, không kiểm tra được trang PDF; {INSTALL_LIBREOFFICE}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)


def require_pdftoppm() -> None:
    from vbhc.writers.pdf import INSTALL_POPPLER, find_pdftoppm

    if find_pdftoppm() is None:
        message = f"pdftoppm chưa được cài; {INSTALL_POPPLER}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)


@dataclass(frozen=True)
class Word:
    """One word on a page."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    font: str  #: font name without subset prefix, e.g. ``LiberationSerif-Bold``
    size: float

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Line:
    """Words sharing a baseline, left to right."""

    words: list[Word] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)


@dataclass
class Page:
    """A page: its number in the file (1-based), size and words."""

    index: int
    width: float
    height: float
    words: list[Word]
    text: str  #: the page's extracted text (NFC)

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    def lines(self, tolerance: float = 2.0) -> list[Line]:
        """Words grouped by their bottom edge (same baseline within ``tolerance`` pt)."""
        lines: list[Line] = []
        for word in sorted(self.words, key=lambda w: (round(w.bottom, 1), w.x0)):
            if lines and abs(lines[-1].bottom - word.bottom) <= tolerance:
                lines[-1].words.append(word)
            else:
                lines.append(Line([word]))
        for line in lines:
            line.words.sort(key=lambda w: w.x0)
        return lines

    def words_above(self, y: float) -> list[Word]:
        return [w for w in self.words if w.bottom <= y]

    def words_below(self, y: float) -> list[Word]:
        return [w for w in self.words if w.top >= y]

    def find(self, text: str) -> list[Line]:
        """Lines whose text contains ``text`` (NFC, spaces normalised)."""
        wanted = " ".join(nfc(text).split())
        return [line for line in self.lines() if wanted in line.text]


def read_pdf(path: str | Path) -> list[Page]:
    """All pages of a PDF with their words, fonts and sizes."""
    import pdfplumber

    pages = []
    with pdfplumber.open(str(path)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            raw = page.extract_words(x_tolerance=1.5, extra_attrs=["fontname", "size"], use_text_flow=False)
            words = [
                Word(
                    text=nfc(w["text"]),
                    x0=float(w["x0"]),
                    x1=float(w["x1"]),
                    top=float(w["top"]),
                    bottom=float(w["bottom"]),
                    font=_SUBSET.sub("", w["fontname"]),
                    size=float(w["size"]),
                )
                for w in raw
            ]
            pages.append(
                Page(number, float(page.width), float(page.height), words, nfc(page.extract_text() or ""))
            )
    return pages


def fonts(pages: list[Page]) -> dict[str, str]:
    """Font name → one word set in it (to say where an unexpected font is used)."""
    out: dict[str, str] = {}
    for page in pages:
        for word in page.words:
            out.setdefault(word.font, f"trang {page.index}: «{word.text}»")
    return out


def docx_paragraph_texts(path: str | Path) -> list[str]:
    """The NFC text of every paragraph in the DOCX body, tables included (nested too), in order."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(path))
    texts = []
    for paragraph in document.element.body.iter(qn("w:p")):
        parts = []
        for node in paragraph.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
            parts.append((node.text or "") if node.tag == qn("w:t") else " ")
        text = nfc("".join(parts)).strip()
        if text:
            texts.append(text)
    return texts


def docx_sections(path: str | Path) -> list[dict[str, float]]:
    """Each section's page size and margins in points, in document order."""
    import docx

    document = docx.Document(str(path))
    return [
        {
            "width": s.page_width.pt,
            "height": s.page_height.pt,
            "top": s.top_margin.pt,
            "bottom": s.bottom_margin.pt,
            "left": s.left_margin.pt,
            "right": s.right_margin.pt,
            "header": s.header_distance.pt,
        }
        for s in document.sections
    ]


def page_number_words(page: Page, top_margin_pt: float) -> list[Word]:
    """Words in the top margin band that are page numbers (Arabic digits only)."""
    return [w for w in page.words_above(top_margin_pt) if w.text.isdigit()]
