"""Texts that can be put right without changing a word: the Tiêu ngữ's dashes and spaces, the
zero-padding of the number and of the day and month."""

from __future__ import annotations

import re

from vbhc import nd30
from vbhc.checker.checks import value_of
from vbhc.checker.document import Paragraph
from vbhc.repair import xml
from vbhc.repair.job import Job
from vbhc.text import vi

_DASHES = str.maketrans({"–": "-", "—": "-", "‒": "-", "−": "-"})


def tieu_ngu(job: Job) -> None:
    """H4: «Độc lập - Tự do - Hạnh phúc» when only the dashes or the spaces around them differ."""
    tn = job.c.tieu_ngu
    if not job.findings("H4") or tn is None or job.ambiguous(tn) or (element := job.element(tn)) is None:
        return
    raw = xml.text(element)
    words = re.sub(r"\s*-\s*", " - ", " ".join(vi.nfc(raw).translate(_DASHES).split()))
    if words != nd30.TIEU_NGU:
        return  # other words: the clerk's to correct
    xml.replace_span(element, 0, len(raw), nd30.TIEU_NGU)
    job.change("H4", tn, f"«{tn.stripped}»", f"«{nd30.TIEU_NGU}»")


def _replace_number(job: Job, rule_id: str, paragraph: Paragraph, pattern: str, fix) -> None:
    """Each number group of ``pattern`` in ``paragraph`` written as ``fix(value)`` (None: left)."""
    element = job.element(paragraph)
    if element is None:
        return
    raw = xml.text(element)
    match = re.search(pattern, raw)
    if match is None:
        return
    for group in sorted(range(1, len(match.groups()) + 1), reverse=True):  # from the end: spans hold
        digits = match.group(group)
        if not digits:
            continue
        want = fix(group, value_of(digits))
        if want is None or want == digits:
            continue
        xml.replace_span(element, match.start(group), match.end(group), want)
        job.change(rule_id, paragraph, f"«{digits}»", f"«{want}»")


def so_padding(job: Job) -> None:
    """H13: a number from 1 to 9 written with its 0 (Số: 5/… → 05/…)."""
    so = job.c.so
    if not job.findings("H13") or so is None:
        return
    _replace_number(job, "H13", so, r"Số\s*[:.]\s*(\d+)\s*/", lambda _, n: vi.so(n) if n >= 1 else None)


def date_padding(job: Job) -> None:
    """H19: day 01–09, month 01 and 02 padded; months 3 to 12 without a 0."""
    date = job.c.date
    if not job.findings("H19") or date is None:
        return

    def fix(group: int, n: int) -> str | None:
        if group == 1:
            return vi.ngay(n) if 1 <= n <= 31 else None
        return vi.thang(n) if 1 <= n <= 12 else None

    _replace_number(job, "H19", date, r"ngày\s*(\d+)\s*tháng\s*(\d+)", fix)
