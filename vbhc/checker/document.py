"""A DOCX as the checker sees it: sections, paragraphs and tables with their effective formatting.

Built by :mod:`vbhc.checker.reader`; read by the rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from vbhc.checker.styles import ParaFormat, RunFormat
from vbhc.text import vi

#: The kinds of header and footer (``w:type``), as a clerk reads them.
_HEADER_KINDS = {"default": "các trang", "first": "trang đầu", "even": "trang chẵn"}


@dataclass(slots=True)
class Where:
    """A place in the document, independent of pagination."""

    phan: int  #: section, 1-based
    doan: int | None = None  #: body paragraph, 1-based over the whole body
    bang: int | None = None  #: table, 1-based over the whole body
    dong: int | None = None  #: row of that table, 1-based
    o: int | None = None  #: cell of that row, 1-based
    doan_trong_o: int | None = None  #: paragraph inside that cell, 1-based
    dau_trang: str | None = None  #: header part (``default``, ``first``)
    chan_trang: str | None = None  #: footer part (``default``, ``first``)
    khung: bool = False  #: inside a text box

    def __str__(self) -> str:
        parts = [f"phần {self.phan}"]
        if self.dau_trang:
            parts.append(f"đầu trang ({_HEADER_KINDS.get(self.dau_trang, self.dau_trang)})")
        if self.chan_trang:
            parts.append(f"chân trang ({_HEADER_KINDS.get(self.chan_trang, self.chan_trang)})")
        if self.bang is not None:
            parts.append(f"bảng {self.bang}")
            if self.dong is not None:
                parts.append(f"dòng {self.dong}")
            if self.o is not None:
                parts.append(f"ô {self.o}")
            if self.doan_trong_o is not None:
                parts.append(f"đoạn {self.doan_trong_o}")
        elif self.doan is not None:
            parts.append(f"đoạn {self.doan}")
        if self.khung:
            parts.append("trong khung văn bản")
        return ", ".join(parts)


@dataclass(eq=False, slots=True)
class Run:
    text: str
    fmt: RunFormat


@dataclass(frozen=True, slots=True)
class LineShape:
    """A straight horizontal line drawn with Insert → Shapes → Line, anchored in a paragraph."""

    length_mm: float | None  #: None when its length cannot be read
    #: placed above the top of its anchor paragraph (True), at or below it (False), or relative to
    #: the page or margins, where only the laid-out page could tell (None)
    above: bool | None = False
    solid: bool = True  #: drawn with a solid stroke (not dashed or dotted)


@dataclass(eq=False, slots=True)
class Paragraph:
    """One paragraph: display text (NFC, caps applied), runs and formatting."""

    where: Where
    runs: list[Run]
    fmt: ParaFormat
    mark: RunFormat  #: formatting of the paragraph mark (used for empty paragraphs)
    has_drawing: bool = False
    line_shapes: list[LineShape] = field(default_factory=list)  #: the line shapes anchored here
    page_fields: list[RunFormat] = field(default_factory=list)
    textboxes: list[Paragraph] = field(default_factory=list)
    width_twips: int | None = None  #: room for text (cell or page width minus indents)
    section_break: bool = False
    #: text a reader does not see, as (how it is hidden, the text): ``vanish``, ``specVanish``,
    #: ``webHidden``, ``white`` (white on white), ``background`` (the colour of its shading)
    hidden: list[tuple[str, str]] = field(default_factory=list)
    _text: str | None = field(default=None, repr=False)
    _stripped: str | None = field(default=None, repr=False)

    # text and stripped are read by many rules: computed once (runs never change after reading)
    @property
    def text(self) -> str:
        if self._text is None:
            self._text = vi.nfc("".join(run.text for run in self.runs))
        return self._text

    @property
    def stripped(self) -> str:
        if self._stripped is None:
            self._stripped = " ".join(self.text.split())
        return self._stripped

    @property
    def text_runs(self) -> list[Run]:
        """Runs that carry visible characters."""
        return [run for run in self.runs if run.text.strip()]

    def all(self, attribute: str) -> bool:
        runs = self.text_runs
        return bool(runs) and all(getattr(run.fmt, attribute) for run in runs)

    def any(self, attribute: str) -> bool:
        return any(getattr(run.fmt, attribute) for run in self.text_runs)

    @property
    def sizes(self) -> set[float]:
        return {run.fmt.size for run in self.text_runs}

    @property
    def size(self) -> float:
        """The size most of the text is set in (the mark's size for an empty paragraph)."""
        runs = self.text_runs
        if not runs:
            return self.mark.size
        weight: dict[float, int] = {}
        for run in runs:
            weight[run.fmt.size] = weight.get(run.fmt.size, 0) + len(run.text)
        return max(weight, key=lambda k: weight[k])

    @property
    def excerpt(self) -> str:
        text = self.stripped
        return text if len(text) <= 60 else text[:57] + "…"


@dataclass(eq=False)
class Cell:
    paragraphs: list[Paragraph]
    width_twips: int | None
    tables: list[Table] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(p.stripped for p in self.paragraphs if p.stripped)


@dataclass(eq=False)
class Table:
    where: Where
    rows: list[list[Cell]]
    borders_visible: bool
    width_twips: int | None

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [p for row in self.rows for cell in row for p in cell.paragraphs]

    @property
    def columns(self) -> int:
        return max((len(row) for row in self.rows), default=0)


Block = Paragraph | Table


@dataclass(eq=False)
class Header:
    kind: str
    paragraphs: list[Paragraph]

    @property
    def page_paragraphs(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.page_fields]

    @property
    def has_number(self) -> bool:
        """A PAGE field or digits printed in the header."""
        return bool(self.page_paragraphs) or any(ch.isdigit() for p in self.paragraphs for ch in p.text)


@dataclass(eq=False)
class Section:
    index: int  #: 1-based
    width: int | None
    height: int | None
    landscape: bool
    margins: dict[str, int | None]
    title_page: bool
    page_start: int | None
    headers: dict[str, Header]
    footers: dict[str, Header] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)

    @property
    def text_width(self) -> int | None:
        if self.width is None:
            return None
        return self.width - (self.margins.get("left") or 0) - (self.margins.get("right") or 0)

    def paragraphs(self) -> Iterator[Paragraph]:
        """All paragraphs of the section, table cells included, in reading order."""
        for block in self.blocks:
            if isinstance(block, Table):
                yield from block.paragraphs
            else:
                yield block


@dataclass(eq=False)
class Document:
    path: Path
    sections: list[Section]

    @property
    def blocks(self) -> list[Block]:
        return [block for section in self.sections for block in section.blocks]

    def paragraphs(self) -> Iterator[Paragraph]:
        for section in self.sections:
            yield from section.paragraphs()
