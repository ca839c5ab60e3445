"""Punctuation of lists: «;» at the end of each Nơi nhận, Kính gửi and căn cứ line, «.» after the
last; the form of the Lưu line («- Lưu: VT, VHXH.»)."""

from __future__ import annotations

import re

from vbhc import nd30
from vbhc.checker.checks import ending
from vbhc.checker.document import Paragraph
from vbhc.repair import xml
from vbhc.repair.job import Job

#: Marks that end a list line and are replaced by the right one (a closing bracket or quote is kept).
_MARKS = ",.;:"


def _tail(text: str) -> str:
    return text if len(text) <= 30 else "…" + text[-29:]


def end_with(job: Job, rule_id: str, paragraph: Paragraph, want: str) -> None:
    """``paragraph`` ends with ``want``: a wrong list mark replaced, a missing one added."""
    element = job.element(paragraph)
    if element is None:
        return
    raw = xml.text(element)
    end = len(raw.rstrip())
    if end == 0:
        return
    start = end - 1 if raw[end - 1] in _MARKS else end
    xml.replace_span(element, start, end, want)
    after = raw[:start] + want
    job.change(rule_id, paragraph, f"«{_tail(raw[:end].strip())}»", f"«{_tail(after.strip())}»")


def _endings(job: Job, rule_id: str, message: str) -> None:
    """The findings of ``rule_id`` that say a line does not end as wanted (``message`` + the
    checker's ``ending`` text): each line made to end so."""
    for finding in job.findings(rule_id):
        paragraph = job.paragraph(finding)
        if paragraph is None:
            continue
        for want in (";", "."):
            if finding.thay.endswith(f"{message.format(want=want)}{ending(paragraph.stripped, want)}"):
                end_with(job, rule_id, paragraph, want)
                break


def noi_nhan(job: Job) -> None:
    """R2: «;» at the end of each recipient line."""
    _endings(job, "R2", "dòng nơi nhận ")


def kinh_gui(job: Job) -> None:
    """R5: «;» at the end of each Kính gửi line, «.» after the last."""
    _endings(job, "R5", "dòng kính gửi ")


def can_cu(job: Job) -> None:
    """B5: «;» after each căn cứ, «.» after the last."""
    _endings(job, "B5", "căn cứ ")
    _endings(job, "B5", "căn cứ cuối cùng ")


_LUU_LINE = re.compile(r"^\s*[-–]?\s*Lưu\s*:?\s*(?P<rest>.*?)\s*[.;,:]?\s*$")


def luu(job: Job) -> None:
    """R3: the Lưu line as «- Lưu: VT, <đơn vị>.» when its words are already there, VT first."""
    findings = job.findings("R3")
    items = job.c.noi_nhan_items
    if not findings or not items or (element := job.element(items[-1])) is None:
        return
    raw = xml.text(element)
    match = _LUU_LINE.match(raw)
    if match is None:
        return
    units = [u.strip() for u in re.split(r"[,;]", match.group("rest")) if u.strip()]
    if not units or units[0] != nd30.LUU_VAN_THU or any(re.search(r"[.()]", u) for u in units):
        return  # VT missing, or a drafter mark on the line: the clerk's to write
    line = f"- {nd30.LUU_LABEL} {', '.join(units)}."
    if line == raw:
        return
    xml.replace_span(element, 0, len(raw), line)
    job.change("R3", items[-1], f"«{raw.strip()}»", f"«{line}»")
