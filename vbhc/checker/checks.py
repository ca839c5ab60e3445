"""The rule checks: one function per rule id, each yielding findings for a located document.

A check raises :class:`NotEvaluable` when the document does not let it decide (never a silent
pass) and :class:`NotApplicable` when the rule does not concern this document.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from vbhc import nd30
from vbhc.checker.components import Components
from vbhc.checker.findings import Finding
from vbhc.checker.reader import Document, Paragraph, Table, Where
from vbhc.checker.rules import RULES, MucDo
from vbhc.text import vi


class NotEvaluable(Exception):
    """The rule cannot be decided on this document; the message says why (Vietnamese)."""


class NotApplicable(Exception):
    """The rule does not concern this document."""


@dataclass
class Ctx:
    doc: Document
    c: Components
    memo: dict[Callable, Any] = field(default_factory=dict)  #: results of :func:`per_document` helpers


T = TypeVar("T")


def per_document(fn: Callable[[Ctx], T]) -> Callable[[Ctx], T]:
    """Compute ``fn(ctx)`` once per document (a helper many rules call); the result is shared, never
    to be changed by a caller."""

    @functools.wraps(fn)
    def once(ctx: Ctx) -> T:
        if fn not in ctx.memo:
            ctx.memo[fn] = fn(ctx)
        return ctx.memo[fn]

    return once


Check = Callable[[Ctx], Iterable[Finding]]
CHECKS: dict[str, Check] = {}


def rule(rule_id: str) -> Callable[[Check], Check]:
    def register(fn: Check) -> Check:
        CHECKS[rule_id] = fn
        return fn

    return register


def found(
    rule_id: str,
    at: Paragraph | Table | Where | None,
    thay: str,
    can: str | None = None,
    muc_do: MucDo | None = None,
    *,
    trich_dan: str | None = None,
) -> Finding:
    """A finding of ``rule_id`` at ``at``; the excerpt is the text there, or ``trich_dan`` (shortened
    as a paragraph's excerpt is)."""
    if isinstance(at, Paragraph):
        where, excerpt = at.where, at.excerpt
    elif isinstance(at, Table):
        where, excerpt = at.where, ""
    else:
        where, excerpt = at, ""
    if trich_dan is not None:
        excerpt = shortened(trich_dan)
    spec = RULES[rule_id]
    return Finding(
        rule=rule_id,
        muc_do=muc_do or spec.muc_do,
        vi_tri=() if where is None else (where,),
        trich_dan=excerpt,
        thay=thay,
        can=can or spec.yeu_cau,
    )


#: Characters of an excerpt (as :attr:`Paragraph.excerpt` cuts one).
EXCERPT_CHARS = 60


def shortened(text: str) -> str:
    """``text`` on one line, cut to the length of an excerpt."""
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 3] + "…"


#: Digits read from a document beyond this many are one huge number (Python refuses to convert a
#: string of thousands of digits, and no number in a văn bản has more than a few).
MAX_DIGITS = 15


def value_of(digits: str) -> int:
    """The value of ``digits`` typed in the document (a number too long to matter is capped)."""
    return int(digits) if len(digits) <= MAX_DIGITS else 10**MAX_DIGITS


def need(value, what: str):
    if value is None or value == []:
        raise NotEvaluable(f"không xác định được {what} trong văn bản")
    return value


def present(value: T) -> T:
    """``value``, an optional component found in the document; the rule does not apply without it."""
    if value is None or value == []:
        raise NotApplicable
    return value


def so(value: float, digits: int = 1) -> str:
    """A measured number the Vietnamese way: ``15,0``, ``1,33``."""
    return f"{value:.{digits}f}".replace(".", ",")


def pt(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def size_problem(paragraph: Paragraph, size: nd30.Size) -> str | None:
    bad = sorted(s for s in paragraph.sizes if s not in size)
    if bad:
        return f"cỡ chữ {', '.join(pt(s) for s in bad)}"
    return None


#: Word's alignments (``w:jc``) as a clerk names them; Word reads an absent one as left.
CANH = {
    None: "trái",
    "left": "trái",
    "start": "trái",
    "center": "giữa",
    "right": "phải",
    "end": "phải",
    "both": "đều",
    "distribute": "đều",
    "thaiDistribute": "đều",
    "lowKashida": "đều",
    "mediumKashida": "đều",
    "highKashida": "đều",
}


def canh(jc: str | None) -> str:
    """``canh trái``, ``canh giữa`` … (a value Word does not know is quoted as found)."""
    name = CANH.get(jc)
    return f"canh {name}" if name else f"giá trị canh lề không hợp lệ «{jc}»"


#: The aspects of a component's look a rule can leave to another rule (``skip``).
ASPECTS = frozenset({"size", "bold", "italic", "align", "caps", "underline"})


def style_problems(paragraph: Paragraph, component: str, *, skip: Collection[str] = ()) -> list[str]:
    """What in ``paragraph`` departs from the look the rule book gives ``component``, in Vietnamese.

    Of the alignment only centring is judged (body text and labels have rules of their own); ``skip``
    names aspects the calling rule does not judge."""
    assert ASPECTS.issuperset(skip), skip
    look = nd30.THANH_PHAN[component]
    size, bold, italic, caps, underline = (
        None if aspect in skip else getattr(look, aspect)
        for aspect in ("size", "bold", "italic", "caps", "underline")
    )
    center = "align" not in skip and look.align == "center"
    out = []
    if size is not None and (problem := size_problem(paragraph, size)):
        out.append(problem)
    if bold is True and not paragraph.all("bold"):
        out.append("không in đậm")
    if bold is False and paragraph.any("bold"):
        out.append("in đậm")
    if italic is True and not paragraph.all("italic"):
        out.append("không in nghiêng")
    if italic is False and paragraph.any("italic"):
        out.append("in nghiêng")
    if underline is False and paragraph.any("underline"):
        out.append("có gạch chân")
    if center and paragraph.fmt.jc != "center":
        out.append(f"không canh giữa ({canh(paragraph.fmt.jc)})")
    if caps is True and paragraph.stripped != vi.upper(paragraph.stripped):
        out.append("không viết in hoa")
    if (
        caps is False
        and paragraph.stripped == vi.upper(paragraph.stripped)
        and any(ch.isalpha() for ch in paragraph.stripped)
    ):
        out.append("viết in hoa toàn bộ")
    return out


def report_style(
    rule_id: str,
    paragraphs: Paragraph | Iterable[Paragraph],
    component: str,
    name: str,
    *,
    skip: Collection[str] = (),
) -> Iterator[Finding]:
    """The style rule: one finding of ``rule_id`` for each of ``paragraphs`` (the ``name`` a clerk
    reads) that does not look as the rule book says ``component`` looks."""
    for paragraph in [paragraphs] if isinstance(paragraphs, Paragraph) else paragraphs:
        problems = style_problems(paragraph, component, skip=skip)
        if problems:
            yield found(rule_id, paragraph, f"{name}: {', '.join(problems)}")


def ending(text: str, want: str) -> str:
    """``không kết thúc bằng «;»`` (naming the wrong mark when there is one)."""
    last = text[-1:]
    if last and not last.isalnum():
        return f"kết thúc bằng «{last}» thay vì «{want}»"
    return f"không kết thúc bằng «{want}»"


#: Rules with no automatic check yet: why, for the report.
NOT_AUTOMATED = {
    "O8": "chưa tự động nhận diện thông tin chữ ký số",
    "O9": "hình ảnh chữ ký, con dấu không đo được trong tệp DOCX",
}
