"""The body of a source: Markdown → numbered paragraphs of ND30 structure B (or A for decisions).

Numbering is computed, never typed. Structure B: ``#`` → ``I.`` (capitals, bold), ``##`` → ``1.``
(bold), ``###`` → ``a)``. Structure A (decisions, resolutions, the rules they issue): ``#`` →
``Điều 1.``, ``# Chương: Tên`` → ``Chương I`` over the name in capitals (also Phần, Mục, Tiểu mục),
``##`` → khoản ``1.``, ``###`` → ``a)``. List items → ``-`` (nested → ``+``), numbered list items →
``1.`` as body text, paragraphs → body text, tables → tables (bold and italic kept). A paragraph that
is exactly ``[[name]]`` is a slot filled by the caller (reports). Parsed with markdown-it-py
(CommonMark).
"""

from __future__ import annotations

import re

from vbhc import nd30
from vbhc.errors import InputError, MultipleErrors, Vitri
from vbhc.model import BangDon, Doan, OBang, Run
from vbhc.text import vi, xmltext

_SLOT = re.compile(r"^\[\[\s*([A-Za-z_][A-Za-z0-9_]*)\s*\]\]$")


def _markdown():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


#: Structure A labels written as ``# Chương: Tiêu đề``: label → (counter, counters it resets, numeral).
_NHAN_A = {
    "Phần": ("phan", ("muc_a", "tieu_muc"), vi.roman),
    "Chương": ("chuong", ("muc_a", "tieu_muc"), vi.roman),
    "Mục": ("muc_a", ("tieu_muc",), str),
    "Tiểu mục": ("tieu_muc", (), str),
}
_NHAN_A_RE = re.compile(r"^(Phần|Chương|Mục|Tiểu mục)\s*:\s*(\S.*)$", re.IGNORECASE)
_DIEU_GO = re.compile(r"^Điều\s+(\d+)\.")


def parse_body(
    text: str,
    *,
    source: str | None = None,
    line_offset: int = 0,
    slots: dict[str, list[Doan]] | None = None,
    loai: str | None = None,
) -> list[Doan]:
    """Markdown → numbered paragraphs: structure B (``#`` → ``I.``), or structure A (``#`` → ``Điều
    1.``, ``# Chương: …`` → ``Chương I``) for the types of :data:`vbhc.nd30.LOAI_BO_CUC_DIEU`."""
    key = str(loai or "").strip().lower().replace("-", "_").replace(" ", "_")
    return _Body(source, line_offset, slots or {}, key in nd30.LOAI_BO_CUC_DIEU).parse(text)


class _Body:
    """The state of one pass over the Markdown tokens: counters, open lists, paragraphs, errors."""

    def __init__(self, source: str | None, line_offset: int, slots: dict[str, list[Doan]], by_dieu: bool):
        self.source, self.line_offset, self.slots, self.by_dieu = source, line_offset, slots, by_dieu
        self.counters = dict.fromkeys(("muc", "dieu", "khoan", "diem", *(v[0] for v in _NHAN_A.values())), 0)
        self.lists: list[list] = []  #: open lists, innermost last: [ordered, next number]
        self.item: str | None = None  #: the mark of the list item whose first paragraph comes next
        self.out: list[Doan] = []
        self.errors: list[InputError] = []

    def parse(self, text: str) -> list[Doan]:
        tokens = _markdown().parse(text)
        i = 0
        while i < len(tokens):
            token = tokens[i]
            line = token.map[0] + 1 + self.line_offset if token.map else None
            kind = token.type
            if kind == "heading_open":
                self._heading(int(token.tag[1]), tokens[i + 1], line)
                i += 3
                continue
            if kind in ("bullet_list_open", "ordered_list_open"):
                self.lists.append([kind == "ordered_list_open", int(token.attrGet("start") or 1)])
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
            elif kind == "list_item_open":
                self.item = self._item_mark()
            elif kind == "inline" and tokens[i - 1].type == "paragraph_open":
                self._paragraph(token, line)
            elif kind == "table_open":
                close = next(j for j in range(i, len(tokens)) if tokens[j].type == "table_close")
                self.out.append(_table(tokens[i:close], line))
                i = close
            i += 1
        if self.errors:
            raise MultipleErrors(list(self.errors))
        return self.out

    def _where(self, line: int | None) -> Vitri:
        return Vitri(tep=self.source, dong=line)

    def _count(self, name: str, *resets: str) -> int:
        self.counters[name] += 1
        self.counters.update(dict.fromkeys(resets, 0))
        return self.counters[name]

    def _heading(self, level: int, inline, line: int | None) -> None:
        runs = _runs(inline)
        if level == 1 and self.by_dieu:
            plain = "".join(r.text for r in runs).strip()
            label = _NHAN_A_RE.match(plain)
            if label:
                name = next(n for n in _NHAN_A if n.lower() == label.group(1).lower())
                counter, resets, numeral = _NHAN_A[name]
                number = numeral(self._count(counter, *resets))
                self.out.append(Doan(kieu="phan", runs=[Run(text=f"{name} {number}")], dong_nguon=line))
                title = Run(text=vi.upper(label.group(2).strip()))
                self.out.append(Doan(kieu="phan", runs=[title], dong_nguon=line))
            else:
                number = self._count("dieu", "khoan", "diem")
                self.out.append(Doan(kieu="dieu", so=f"Điều {number}.", runs=runs, dong_nguon=line))
        elif level == 1:
            number = self._count("muc", "khoan", "diem")
            runs = [r.model_copy(update={"text": vi.upper(r.text)}) for r in runs]
            self.out.append(Doan(kieu="muc", so=f"{vi.roman(number)}.", runs=runs, dong_nguon=line))
        elif level == 2:
            number = self._count("khoan", "diem")
            self.out.append(Doan(kieu="khoan", so=f"{number}.", runs=runs, dong_nguon=line))
        elif level == 3:
            try:
                letter = vi.diem(self._count("diem"))
            except ValueError as error:
                self.errors.append(InputError(str(error), self._where(line)))
                letter = "?"
            self.out.append(Doan(kieu="diem", so=f"{letter})", runs=runs, dong_nguon=line))
        else:
            first = "# (điều «Điều 1.»)" if self.by_dieu else "# (mục I.)"
            self.errors.append(
                InputError(
                    f"chỉ dùng ba cấp tiêu đề: {first}, ## (khoản 1.), ### (điểm a)); "
                    "cấp sâu hơn viết bằng gạch đầu dòng «-» hoặc danh sách đánh số «1.»",
                    self._where(line),
                )
            )

    def _item_mark(self) -> str:
        """The mark of a new list item: its number in a numbered list, ``-`` or ``+`` (nested)."""
        innermost = self.lists[-1]
        if innermost[0]:
            innermost[1] += 1
            return f"{innermost[1] - 1}."
        bullets = sum(1 for ordered, _ in self.lists if not ordered)
        return "-" if bullets == 1 else "+"

    def _paragraph(self, inline, line: int | None) -> None:
        runs = _runs(inline)
        plain = "".join(r.text for r in runs).strip()
        slot = _SLOT.match(plain)
        if self.lists:
            mark, self.item = self.item, None
            if mark is None:  # a further paragraph of the same item
                self.out.append(Doan(kieu="van", runs=runs, dong_nguon=line))
            else:
                kieu = {"-": "gach", "+": "cong"}.get(mark, "liet_ke")
                self.out.append(Doan(kieu=kieu, so=mark, runs=runs, dong_nguon=line))
        elif slot:
            name = slot.group(1)
            if name in self.slots:
                self.out.extend(self.slots[name])
            else:
                self.errors.append(
                    InputError(
                        f"chỗ chèn «[[{name}]]» không có dữ liệu; dùng một trong: "
                        + (", ".join(sorted(self.slots)) or "(không có)"),
                        self._where(line),
                    )
                )
        elif plain:
            typed = _DIEU_GO.match(plain) if self.by_dieu else None
            if typed:  # «**Điều 3.** …» typed by hand: later headings number on from it
                self.counters.update(dieu=int(typed.group(1)), khoan=0, diem=0)
            self.out.append(Doan(kieu="van", runs=runs, dong_nguon=line))


def _runs(inline) -> list[Run]:
    """Inline Markdown → runs with bold/italic; soft breaks become spaces, hard breaks new lines."""
    runs: list[Run] = []
    bold = italic = 0
    for child in inline.children or []:
        kind = child.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind in ("text", "code_inline", "html_inline"):
            runs.append(Run(text=xmltext.strip_forbidden(child.content), bold=bold > 0, italic=italic > 0))
        elif kind == "softbreak":
            runs.append(Run(text=" ", bold=bold > 0, italic=italic > 0))
        elif kind == "hardbreak":
            runs.append(Run(text="\n", bold=bold > 0, italic=italic > 0))
    merged: list[Run] = []
    for run in runs:
        if merged and (merged[-1].bold, merged[-1].italic) == (run.bold, run.italic):
            merged[-1] = merged[-1].model_copy(update={"text": merged[-1].text + run.text})
        else:
            merged.append(run)
    return merged


def _cell(runs: list[Run]) -> OBang:
    """A table cell: its text, or its runs when some of it is bold or italic."""
    if all(not (r.bold or r.italic) for r in runs):
        return "".join(r.text for r in runs).strip()
    runs = [r for r in runs if r.text]
    runs[0] = runs[0].model_copy(update={"text": runs[0].text.lstrip()})
    runs[-1] = runs[-1].model_copy(update={"text": runs[-1].text.rstrip()})
    return runs


def _table(tokens, line: int | None) -> Doan:
    rows: list[list[OBang]] = []
    current: list[OBang] | None = None
    for token in tokens:
        if token.type == "tr_open":
            current = []
        elif token.type == "inline" and current is not None:
            current.append(_cell(_runs(token)))
        elif token.type == "tr_close" and current is not None:
            rows.append(current)
    header, body = (rows[0], rows[1:]) if rows else ([], [])
    return Doan(kieu="bang", bang=BangDon(tieu_de=header, dong=body), dong_nguon=line)
