"""Body rules B1–B14: text paragraphs, căn cứ, structure and numbering."""

from __future__ import annotations

import re
from collections.abc import Iterator

from vbhc import nd30
from vbhc.checker import rules as R
from vbhc.checker.checks import (
    Ctx,
    NotApplicable,
    NotEvaluable,
    canh,
    ending,
    found,
    per_document,
    pt,
    report_style,
    rule,
    size_problem,
    so,
    style_problems,
    value_of,
)
from vbhc.checker.components import drawn_line
from vbhc.checker.findings import Finding
from vbhc.checker.reader import Paragraph, Table
from vbhc.checker.rules import MucDo
from vbhc.text import vi

# --- body -----------------------------------------------------------------------------------------

_MUC = re.compile(r"^(?P<n>[IVXLC]+)\.\s")
_KHOAN = re.compile(r"^(?P<n>\d+)\.\s")
_DIEM = re.compile(r"^(?P<n>[a-zđ])\)\s")
_PHAN = re.compile(r"^(Phần|Chương)\s+(?P<n>[IVXLC]+|thứ\s+\S+)\s*$", re.IGNORECASE)
_MUC_A = re.compile(r"^(Mục|Tiểu mục)\s+(?P<n>\d+)\s*$")
_DIEU = re.compile(r"^Điều\s+(?P<n>\d+)\.")
_SUB = re.compile(r"^\d+(\.\d+)+\.?\s")


@per_document
def body_paragraphs(ctx: Ctx) -> list[Paragraph]:
    """Top-level content paragraphs with text (tables, images, headings excluded)."""
    out = []
    for block in ctx.c.body:
        if isinstance(block, Table) or block.where.khung:
            continue
        if (
            not block.stripped
            or drawn_line(block) is not None
            or (block.section_break and not block.stripped)
        ):
            continue
        out.append(block)
    return out


def _is_heading(paragraph: Paragraph) -> bool:
    """Centred headings (Phần, Chương, QUYẾT ĐỊNH:, captions) that are not justified body text."""
    return paragraph.fmt.jc == "center"


def _text_paragraphs(ctx: Ctx) -> list[Paragraph]:
    return [p for p in body_paragraphs(ctx) if not _is_heading(p)]


def _need_body(ctx: Ctx) -> list[Paragraph]:
    paragraphs = _text_paragraphs(ctx)
    if not paragraphs:
        raise NotEvaluable("không xác định được phần nội dung văn bản")
    return paragraphs


@rule("B1")
def body_paragraph_style(ctx: Ctx) -> Iterator[Finding]:
    for paragraph in _need_body(ctx):
        problems = []
        if problem := size_problem(paragraph, nd30.SIZES["noi_dung"]):
            problems.append(problem)
        numbered = bool(_MUC.match(paragraph.stripped) or _KHOAN.match(paragraph.stripped))
        allowed = {"both", "distribute"} | ({"left", "start"} if numbered else set())
        if (paragraph.fmt.jc or "left") not in allowed:
            problems.append(f"{canh(paragraph.fmt.jc)} thay vì canh đều hai lề")
        if paragraph.all("italic") and not _SUB.match(paragraph.stripped):
            problems.append("cả đoạn in nghiêng")
        if problems:
            yield found("B1", paragraph, "đoạn nội dung: " + ", ".join(problems))


@rule("B2")
def first_line_indent(ctx: Ctx) -> Iterator[Finding]:
    tol = nd30.FIRST_LINE_TOLERANCE
    for paragraph in _need_body(ctx):
        if paragraph.fmt.numbered:
            continue  # the indent of an auto-numbered paragraph comes from numbering.xml
        first = paragraph.fmt.first_line
        if not any(abs(first - want) <= tol for want in R.FIRST_LINE_TWIPS):
            yield found("B2", paragraph, f"lùi đầu dòng {so(nd30.mm(first) / 10, 2)} cm")


@rule("B3")
def paragraph_spacing(ctx: Ctx) -> Iterator[Finding]:
    paragraphs = {id(p) for p in _need_body(ctx)}
    previous = None
    for block in ctx.c.body:
        if not isinstance(block, Paragraph) or id(block) not in paragraphs:
            previous = None
            continue
        if previous is not None:
            after = previous.fmt.after
            before = block.fmt.before
            if block.fmt.contextual and previous.fmt.style_id == block.fmt.style_id:
                after = before = 0
            gap = after + before
            if gap < R.PARA_SPACING_MIN_TWIPS - 2:
                yield found("B3", block, f"khoảng cách với đoạn trước {pt(gap / 20)} pt")
        previous = block


@rule("B4")
def line_spacing(ctx: Ctx) -> Iterator[Finding]:
    low, high = R.LINE_AUTO_RANGE
    for paragraph in _need_body(ctx):
        fmt = paragraph.fmt
        line = fmt.line if fmt.line is not None else 240
        if fmt.line_rule == "auto":
            if not low - 2 <= line <= high + 2:
                yield found("B4", paragraph, f"giãn dòng {so(line / 240, 2)} dòng")
        else:
            points = line / 20
            natural = nd30.LINE_SPACING_BODY * paragraph.size
            if not natural * 0.95 <= points <= natural * 1.5 * 1.05 and not (
                fmt.line_rule == "atLeast" and points <= natural
            ):
                yield found(
                    "B4",
                    paragraph,
                    f"khoảng cách dòng cố định {pt(points)} pt với chữ cỡ {pt(paragraph.size)}",
                )


@rule("B5")
def can_cu(ctx: Ctx) -> Iterator[Finding]:
    items = ctx.c.can_cu
    if not items:
        raise NotApplicable
    for n, paragraph in enumerate(items):
        yield from report_style("B5", paragraph, "can_cu", "căn cứ")
        text = paragraph.stripped
        want = "." if n == len(items) - 1 else ";"
        if not text.endswith(want):
            position = "căn cứ cuối cùng" if want == "." else "căn cứ"
            yield found("B5", paragraph, f"{position} {ending(text, want)}")


def _label_checks(ctx: Ctx, rule_id: str, pattern: re.Pattern) -> Iterator[Finding]:
    paragraphs = body_paragraphs(ctx)
    labels = [i for i, p in enumerate(paragraphs) if pattern.match(p.stripped)]
    if not labels:
        raise NotApplicable
    for i in labels:
        label = paragraphs[i]
        yield from report_style(rule_id, label, "phan_chuong", "dòng tiêu đề")
        title = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
        if title is None or pattern.match(title.stripped):
            yield found(rule_id, label, "dòng tiêu đề không có tên ở dòng dưới")  # the label is the excerpt
        else:
            # the size is judged on the label line
            yield from report_style(rule_id, title, "ten_phan_chuong", "tên", skip={"size"})


@rule("B6")
def phan_chuong_headings(ctx: Ctx) -> Iterator[Finding]:
    yield from _label_checks(ctx, "B6", _PHAN)


@rule("B7")
def muc_headings(ctx: Ctx) -> Iterator[Finding]:
    yield from _label_checks(ctx, "B7", _MUC_A)


@rule("B8")
def dieu(ctx: Ctx) -> Iterator[Finding]:
    articles = [p for p in body_paragraphs(ctx) if _DIEU.match(p.stripped)]
    if not articles:
        raise NotApplicable
    expected = 1
    for paragraph in articles:
        head = paragraph.runs[0] if paragraph.runs else None
        if head is not None and not head.fmt.bold:
            yield found("B8", paragraph, "«Điều …» không in đậm")
        number = value_of(_DIEU.match(paragraph.stripped).group("n"))
        if number != expected:
            yield found("B8", paragraph, f"điều số {number} đứng sau điều {expected - 1}", muc_do=MucDo.LOI)
        expected = number + 1
        title = paragraph.stripped.split(".", 1)[1].strip()
        if not title:
            yield found("B8", paragraph, "điều không có tên")


@rule("B9")
def roman_muc(ctx: Ctx) -> Iterator[Finding]:
    items = [
        p
        for p in body_paragraphs(ctx)
        if _MUC.match(p.stripped) and vi.from_roman(_MUC.match(p.stripped).group("n")) is not None
    ]
    if not items:
        raise _none_found(ctx)
    for paragraph in items:
        title = _MUC.sub("", paragraph.stripped)
        # B1 judges the size; the capitals are of the name after the number
        problems = style_problems(paragraph, "muc", skip={"size", "caps"})
        if title != vi.upper(title):
            problems.append("tên mục không viết in hoa")
        if problems:
            yield found("B9", paragraph, "mục: " + ", ".join(problems))


def _list_items(paragraphs: list[Paragraph]) -> set[int]:
    """Ids of the paragraphs that are items of a numbered list, not khoản: a run ``1.``, ``2.`` … that
    starts after a paragraph ending with «:» where the next khoản would not be number 1 (the members
    named in a khoản, say). Where the next khoản would be 1, the two read alike and agree."""
    # (a list of members ends its last item with «.»: a khoản numbered on after it is a khoản)
    items: set[int] = set()
    expected = 1  # the next khoản number
    following: int | None = None  # the next item number of an open list
    previous = ""
    for paragraph in paragraphs:
        text = paragraph.stripped
        number = value_of(m.group("n")) if (m := _KHOAN.match(text)) else None
        # a list goes on while its items end with «;» or «,», or while the number could not be a khoản
        if following is not None and number == following and (number != expected or previous[-1:] in ";,"):
            items.add(id(paragraph))
            following += 1
        elif number == 1 and expected != 1 and previous.endswith(":"):
            items.add(id(paragraph))
            following = 2
        else:
            following = None
            if _PHAN.match(text) or _DIEU.match(text) or (
                (m := _MUC.match(text)) and vi.from_roman(m.group("n")) is not None
            ):
                expected = 1
            elif number is not None:
                expected = number + 1
        previous = text
    return items


def _khoan_paragraphs(ctx: Ctx) -> list[Paragraph]:
    paragraphs = body_paragraphs(ctx)
    listed = _list_items(paragraphs)
    return [p for p in paragraphs if _KHOAN.match(p.stripped) and id(p) not in listed]


@rule("B10")
def khoan_headings(ctx: Ctx) -> Iterator[Finding]:
    items = _khoan_paragraphs(ctx)
    if not items:
        raise _none_found(ctx)
    for paragraph in items:
        text = _KHOAN.sub("", paragraph.stripped)
        long_text = len(text) > 160 or bool(re.search(r"[.;:]\s+\S", text))
        if paragraph.all("bold") and long_text:
            yield found("B10", paragraph, "khoản có nội dung dài (không phải tiêu đề) nhưng in đậm cả đoạn")


AUTO_NUMBERING = "văn bản dùng đánh số tự động của Word nên số mục, khoản, điểm không nằm trong chữ"


def _none_found(ctx: Ctx) -> NotApplicable | NotEvaluable:
    """No numbered item found: not applicable, unless Word's automatic numbering hides them."""
    if any(paragraph.fmt.numbered for paragraph in body_paragraphs(ctx)):
        return NotEvaluable(AUTO_NUMBERING)
    return NotApplicable()


def _structure(ctx: Ctx) -> list[tuple[str, str, Paragraph]]:
    """The numbered items of the body in order: (kind, number, paragraph), kind in phan/muc/khoan/diem.

    Raises NotEvaluable when Word's automatic numbering is used (the numbers are not in the text)."""
    out = []
    paragraphs = body_paragraphs(ctx)
    if any(paragraph.fmt.numbered for paragraph in paragraphs):
        raise NotEvaluable(AUTO_NUMBERING)
    listed = _list_items(paragraphs)
    for paragraph in paragraphs:
        text = paragraph.stripped
        if id(paragraph) in listed:
            continue
        if _PHAN.match(text):
            out.append(("phan", _PHAN.match(text).group("n"), paragraph))
        elif (m := _MUC.match(text)) and vi.from_roman(m.group("n")) is not None:
            out.append(("muc", m.group("n"), paragraph))
        elif m := _KHOAN.match(text):
            out.append(("khoan", m.group("n"), paragraph))
        elif m := _DIEU.match(text):
            out.append(("dieu", m.group("n"), paragraph))
        elif m := _DIEM.match(text):
            out.append(("diem", m.group("n"), paragraph))
    return out


def _structure_with(ctx: Ctx, kind: str) -> list[tuple[str, str, Paragraph]]:
    """The numbered items of the body (:func:`_structure`); the rule does not apply when none is a
    ``kind``."""
    structure = _structure(ctx)
    if not any(item_kind == kind for item_kind, _, _ in structure):
        raise NotApplicable
    return structure


@rule("B11")
def diem_letters(ctx: Ctx) -> Iterator[Finding]:
    structure = _structure_with(ctx, "diem")
    expected = 0
    for kind, number, paragraph in structure:
        if kind != "diem":
            expected = 0
            continue
        letters = nd30.DIEM_LETTERS
        want = letters[expected] if expected < len(letters) else None
        if number != want:
            hint = " (không dùng chữ f, j, w, z, ă, â, ê, ô, ơ, ư)" if number not in letters else ""
            yield found("B11", paragraph, f"điểm «{number})» đứng ở vị trí của «{want})»{hint}")
        expected = letters.index(number) + 1 if number in letters else expected + 1


@rule("B12")
def closing_mark(ctx: Ctx) -> Iterator[Finding]:
    paragraphs = [p for p in body_paragraphs(ctx)]
    if not paragraphs:
        raise NotEvaluable("không xác định được phần nội dung văn bản")
    last = paragraphs[-1]
    if not last.stripped.endswith(nd30.CLOSING_MARK):
        yield found("B12", last, "đoạn nội dung cuối không kết thúc bằng «./.»")


@rule("B13")
def muc_order(ctx: Ctx) -> Iterator[Finding]:
    structure = _structure_with(ctx, "muc")
    expected = 1
    for kind, number, paragraph in structure:
        if kind == "phan":
            expected = 1
        elif kind == "muc":
            value = vi.from_roman(number) or 0
            if value != expected:
                what = "lặp lại" if value < expected else "nhảy số"
                yield found(
                    "B13",
                    paragraph,
                    f"mục «{number}.» {what}: sau mục {_roman(expected - 1) if expected > 1 else '(đầu)'} "
                    f"cần mục «{_roman(expected)}.»",
                )
            expected = value + 1


def _roman(value: int) -> str:
    """A mục number as written (after «MMMCMXCIX.» comes 4000, which has no Roman form)."""
    return vi.roman(value) if value < 4000 else str(value)


@rule("B14")
def khoan_order(ctx: Ctx) -> Iterator[Finding]:
    structure = _structure_with(ctx, "khoan")
    expected = 1
    for kind, number, paragraph in structure:
        if kind in {"phan", "muc", "dieu"}:
            expected = 1
        elif kind == "khoan":
            value = value_of(number)
            if value != expected:
                what = "lặp lại" if value < expected else "nhảy số"
                yield found("B14", paragraph, f"khoản «{number}.» {what}: cần khoản «{expected}.»")
            expected = value + 1
