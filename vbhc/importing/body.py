"""The content of a Word document → vbhc's Markdown body, structure B (``I.``, ``1.``, ``a)``, ``-``,
``+``) or A (``Chương``, ``Điều``, khoản, điểm).

The typed numbers are read back to levels only when they are the numbers vbhc would print there, so
that ``vbhc render`` of the result prints the same words; a number out of sequence stays typed text,
reported. A ``1.`` is a khoản when bold (structure B) or, in structure A, unless it follows a line
ending with «:» or another item of the list (the checker's rule B10, B14).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vbhc import nd30
from vbhc.checker.components import canon, drawn_line
from vbhc.checker.reader import Paragraph, Table, Where
from vbhc.importing.inline import normalise, plain, to_markdown_all
from vbhc.importing.notes import Notes
from vbhc.importing.tables import table_markdown
from vbhc.model import Run
from vbhc.text import vi

_DIEU = re.compile(r"^Điều\s+(\d{1,4})\s*\.\s*")
_LABEL_A = re.compile(r"^(Phần|Chương|Mục|Tiểu mục)\s+([IVXLC]+|\d{1,3})\s*$", re.IGNORECASE)
_MUC = re.compile(r"^([IVXLC]+)\.\s+")
_SO = re.compile(r"^(\d{1,9})\.\s+")
_DIEM = re.compile(r"^([a-zđ])\)\s+")
_GACH = re.compile(r"^[-–]\s+")
_CONG = re.compile(r"^\+\s+")
#: Structure A labels, as the source writes them (``# Chương: …``), and the counter each uses.
_LABELS = {"phần": ("Phần", "phan"), "chương": ("Chương", "chuong"), "mục": ("Mục", "muc_a"),
           "tiểu mục": ("Tiểu mục", "tieu_muc")}
_LABEL_RESETS = {"phan": ("muc_a", "tieu_muc"), "chuong": ("muc_a", "tieu_muc"), "muc_a": ("tieu_muc",),
                 "tieu_muc": ()}


#: Levels vbhc prints bold by their style: bold all over, they are read without emphasis.
_BOLD_LEVELS = ("muc", "khoan")


@dataclass
class Item:
    """One block of the content as the importer reads it."""

    kind: str  #: a :data:`vbhc.model.KieuDoan`, or ``nhan`` (a ``Chương``/``Mục`` label and its title)
    runs: list[Run]
    where: Where
    so: str = ""
    label: str = ""  #: ``Chương`` … of a ``nhan`` item
    table: str = ""  #: the Markdown of a ``bang`` item


@dataclass
class _State:
    by_dieu: bool
    counters: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("muc", "dieu", "khoan", "diem", "phan", "chuong", "muc_a", "tieu_muc"), 0))
    list_next: int | None = None  #: the number the open numbered list expects next


def paragraph_runs(paragraph: Paragraph) -> list[Run]:
    """A read paragraph's runs as model runs (text, bold, italic)."""
    return [Run(text=r.text, bold=r.fmt.bold, italic=r.fmt.italic) for r in paragraph.runs]


def cut(runs: list[Run], count: int) -> list[Run]:
    """``runs`` without their first ``count`` characters (a typed number and its blank)."""
    out: list[Run] = []
    for run in runs:
        if count >= len(run.text):
            count -= len(run.text)
            continue
        out.append(run.model_copy(update={"text": run.text[count:]}))
        count = 0
    return out


def _text_blocks(blocks: list, loai: str, notes: Notes, used: set[int]) -> list[Paragraph | Table]:
    """The blocks that carry content: blank lines, drawn rules and the enacting line left out."""
    enacting = nd30.DONG_BAN_HANH.get(loai)
    out: list[Paragraph | Table] = []
    seen_enacting = False
    for block in blocks:
        if isinstance(block, Table):
            out.append(block)
            continue
        used.add(id(block))
        for box in block.textboxes:
            if box.stripped:
                notes.add(box.where, f"chữ trong khung văn bản «{box.excerpt}»: không nhập")
        if not block.stripped and block.has_drawing and not block.line_shapes:
            notes.add(block.where, "hình ảnh trong nội dung: không nhập (tệp nguồn không chứa hình)")
        if not block.stripped or drawn_line(block) is not None:
            continue
        if enacting and not seen_enacting and canon(block.stripped) == enacting:
            seen_enacting = True
            continue  # «QUYẾT ĐỊNH:» is printed by vbhc itself, after the căn cứ
        out.append(block)
    return out


def read_items(blocks: list, loai: str, notes: Notes, used: set[int]) -> list[Item]:
    """The content blocks as items of structure A or B."""
    state = _State(by_dieu=loai in nd30.LOAI_BO_CUC_DIEU)
    items: list[Item] = []
    pending: Item | None = None  #: a Chương/Mục label waiting for its title line
    for block in _text_blocks(blocks, loai, notes, used):
        if isinstance(block, Table):
            used.update(id(p) for p in block.paragraphs)
            items.append(Item("bang", [], block.where, table=table_markdown(block, notes)))
            state.list_next = None
            continue
        runs = paragraph_runs(block)
        if block.fmt.numbered:
            notes.add(block.where, "đoạn dùng đánh số tự động của Word: số Word in ra (nếu có) không nằm "
                      "trong chữ nên không nhập; gõ lại số, hoặc dùng #, ##, ### trong tệp nguồn")
        if pending is not None:
            if block.fmt.jc == "center":
                pending.runs = [r.model_copy(update={"bold": False}) for r in runs]
                items.append(pending)
                pending = None
                continue
            items.append(_lone_label(pending, notes))
            pending = None
        item = _classify(block, runs, state, items[-1] if items else None, notes)
        if any("\t" in r.text for r in item.runs):  # a tab after a typed number is its separator
            notes.add(block.where, "dấu tab trong đoạn được thay bằng dấu cách")
            item.runs = [r.model_copy(update={"text": r.text.replace("\t", " ")}) for r in item.runs]
        if item.kind in _BOLD_LEVELS and all(r.bold for r in item.runs if r.text.strip()):
            item.runs = [r.model_copy(update={"bold": False}) for r in item.runs]
        if item.kind == "nhan":
            pending = item
            continue
        items.append(item)
    if pending is not None:
        items.append(_lone_label(pending, notes))
    _closing_mark(items, notes)
    return items


def _lone_label(label: Item, notes: Notes) -> Item:
    """A ``Chương I`` line with no title line after it: kept as text."""
    notes.add(label.where, f"dòng «{label.so}» không có tên ở dòng sau: nhập thành đoạn thường")
    return Item("van", [Run(text=label.so)], label.where)


def _count(state: _State, name: str, *resets: str) -> int:
    state.counters[name] += 1
    state.counters.update(dict.fromkeys(resets, 0))
    return state.counters[name]


def _classify(block: Paragraph, runs: list[Run], state: _State, previous: Item | None, notes: Notes) -> Item:
    """The level of one paragraph, from its typed number, checked against the numbering vbhc prints."""
    text = plain(runs).lstrip()
    lead = len(plain(runs)) - len(text)
    where = block.where
    counters = state.counters
    if state.by_dieu and (label := _LABEL_A.match(text)) and block.fmt.jc == "center":
        name, counter = _LABELS[label.group(1).lower()]
        number = vi.from_roman(label.group(2)) if counter in ("phan", "chuong") else int(label.group(2))
        if number == counters[counter] + 1:
            _count(state, counter, *_LABEL_RESETS[counter])
            state.list_next = None
            return Item("nhan", [], where, so=text.strip(), label=name)
        notes.add(where, f"«{text}» không liền số trước: nhập thành đoạn thường")
    elif state.by_dieu and (dieu := _DIEU.match(text)):
        state.list_next = None
        if int(dieu.group(1)) == counters["dieu"] + 1:
            _count(state, "dieu", "khoan", "diem")
            return Item("dieu", cut(runs, lead + dieu.end()), where, so=f"Điều {dieu.group(1)}.")
        counters.update(dieu=int(dieu.group(1)), khoan=0, diem=0)  # as the source reads «Điều 3.» typed
        notes.add(where, f"«Điều {dieu.group(1)}.» không liền số điều trước: giữ số gõ tay")
    elif not state.by_dieu and (muc := _MUC.match(text)) and vi.from_roman(muc.group(1)):
        state.list_next = None
        if vi.from_roman(muc.group(1)) == counters["muc"] + 1:
            _count(state, "muc", "khoan", "diem")
            return Item("muc", cut(runs, lead + muc.end()), where, so=f"{muc.group(1)}.")
        notes.add(where, f"mục «{muc.group(1)}.» không liền số mục trước: nhập thành đoạn thường")
    elif number := _SO.match(text):
        item = _numbered(block, runs, lead, number, state, previous, notes)
        if item is not None:
            return item
    elif diem := _DIEM.match(text):
        state.list_next = None
        if counters["diem"] < len(nd30.DIEM_LETTERS) and diem.group(1) == vi.diem(counters["diem"] + 1):
            _count(state, "diem")
            return Item("diem", cut(runs, lead + diem.end()), where, so=f"{diem.group(1)})")
        notes.add(where, f"điểm «{diem.group(1)})» không liền chữ điểm trước: nhập thành đoạn thường")
    elif gach := _GACH.match(text):
        state.list_next = None
        return Item("gach", cut(runs, lead + gach.end()), where, so="-")
    elif cong := _CONG.match(text):
        state.list_next = None
        if previous is not None and previous.kind in ("gach", "cong"):
            return Item("cong", cut(runs, lead + cong.end()), where, so="+")
        notes.add(where, "dòng «+» không đứng sau dòng «-»: nhập thành đoạn thường")
    else:
        state.list_next = None
        if block.fmt.jc == "center":
            notes.add(where, f"đoạn căn giữa «{block.excerpt}»: nhập thành đoạn thường (căn đều)")
    return Item("van", runs, where)


def _numbered(block, runs, lead, match, state: _State, previous: Item | None, notes: Notes) -> Item | None:
    """A paragraph typed ``1. …``: a khoản, an item of a numbered list, or (out of sequence) text."""
    number = int(match.group(1))
    rest = cut(runs, lead + match.end())
    bold = bool(runs) and next((r.bold for r in runs if r.text.strip()), False)
    after_colon = previous is not None and previous.kind in ("van", "dieu") and (
        plain(previous.runs).rstrip().endswith(":")
    )
    in_list = previous is not None and previous.kind == "liet_ke" and number == state.list_next
    khoan = number == state.counters["khoan"] + 1
    is_khoan = bold or (state.by_dieu and khoan and not (after_colon or in_list))
    if state.by_dieu and not bold and khoan and in_list:
        notes.add(block.where, f"«{number}.» liền sau danh sách đánh số: có thể là khoản {number} hoặc "
                  "mục tiếp theo của danh sách; nhập là danh sách")
    if is_khoan:
        state.list_next = None
        if khoan:
            _count(state, "khoan", "diem")
            return Item("khoan", rest, block.where, so=f"{number}.")
        notes.add(block.where, f"khoản «{number}.» không liền số khoản trước: nhập thành đoạn thường")
        return None
    if previous is not None and previous.kind == "liet_ke" and not in_list:
        state.list_next = None
        notes.add(block.where, f"«{number}.» không liền số trước trong danh sách: nhập thành đoạn thường")
        return None
    state.list_next = number + 1
    return Item("liet_ke", rest, block.where, so=f"{number}.")


def _closing_mark(items: list[Item], notes: Notes) -> None:
    """The ``./.`` vbhc prints after the last paragraph: taken off (``.`` stays), or reported missing."""
    last = next((item for item in reversed(items) if item.kind != "bang" and plain(item.runs).strip()), None)
    if last is None:
        return
    runs = normalise(last.runs)
    if plain(runs).endswith(nd30.CLOSING_MARK):
        tail = runs[-1]
        runs[-1] = tail.model_copy(update={"text": tail.text[: -len(nd30.CLOSING_MARK)] + "."})
        last.runs = [r for r in runs if r.text]
    else:
        notes.add(last.where, f"nội dung không kết thúc bằng «{nd30.CLOSING_MARK}»: vbhc thêm khi xuất")


def body_markdown(items: list[Item], notes: Notes) -> str:
    """The items as Markdown blocks, a blank line between them."""
    chunks: list[str] = []
    previous: Item | None = None
    inlines = iter(to_markdown_all([item.runs for item in items if item.kind != "bang"]))
    for item in items:
        if item.kind == "bang":
            if item.table:
                chunks.append(item.table)
            previous = item
            continue
        inline = next(inlines)
        if inline.emphasis_lost:
            notes.add(item.where, "không giữ được chữ đậm, nghiêng (đặt sát dấu câu): nhập chữ thường")
        text = inline.markdown
        if item.kind == "van":
            chunks.append(text)
        elif item.kind == "nhan":
            chunks.append(f"# {item.label}: {text}")
        elif item.kind in ("muc", "dieu"):
            chunks.append(f"# {text}")
        elif item.kind == "khoan":
            chunks.append(f"## {text}")
        elif item.kind == "diem":
            chunks.append(f"### {text}")
        elif item.kind == "gach":
            chunks.append(f"- {text}")
        elif item.kind == "cong":
            chunks.append(f"  - {text}")
        else:  # liet_ke
            chunks.append(f"{item.so} {text}")
        if previous is not None and _same_list(previous, item):
            chunks[-2:] = ["\n".join(chunks[-2:])]
        previous = item
    return "\n\n".join(chunks) + "\n"


def _same_list(previous: Item, item: Item) -> bool:
    """Whether ``item`` continues the Markdown list ``previous`` is in (written without a blank line)."""
    bullets = ("gach", "cong")
    return (previous.kind in bullets and item.kind in bullets) or previous.kind == item.kind == "liet_ke"
