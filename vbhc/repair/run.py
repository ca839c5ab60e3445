"""The repair: read with the checker, fix what its findings point at, step by step, and list the
findings left for the clerk with the fix to make."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from vbhc import files
from vbhc.checker.components import locate
from vbhc.checker.findings import Finding
from vbhc.checker.reader import read
from vbhc.checker.run import check_document
from vbhc.repair import body, closing, legacy, lines, page, styles, texts
from vbhc.repair.job import Job
from vbhc.repair.locate import locate_xml
from vbhc.repair.package import Editable
from vbhc.repair.plan import CAPS_ADVICE, FIXABLE, REPORT_ONLY, Change
from vbhc.text import vi

#: The repairs of one step, in order (rules drawn last: they add paragraphs).
STEPS: tuple[Callable[[Job], None], ...] = (
    page.paper,
    page.margins,
    page.page_numbers,
    page.first_page,
    page.annex_restart,
    legacy.to_unicode,
    styles.fonts,
    styles.components,
    styles.sizes_agree,
    texts.tieu_ngu,
    texts.so_padding,
    texts.date_padding,
    closing.noi_nhan,
    closing.kinh_gui,
    closing.can_cu,
    closing.luu,
    body.text_look,
    body.indent,
    body.spacing,
    body.line_spacing,
    lines.tieu_ngu_rule,
    lines.agency_rule,
    lines.trich_yeu_rule,
)
#: A repair step can reveal what the step before hid (a size fixed, then the rule under it measured
#: again); steps stop when one changes nothing.
MAX_STEPS = 3


def repair(path: str | Path) -> tuple[bytes, list[Change]]:
    """The repaired DOCX ``path`` as bytes, and the list of changes made and of findings left for
    the clerk (``da_sua`` False, with the fix to make). Raises UnreadableDocument."""
    path = Path(path)
    changes: list[Change] = []
    data: bytes | None = None
    with _scratch(path) as scratch:
        current = path
        for _ in range(MAX_STEPS):
            made, repaired = _step(current)
            made = [c for c in made if c not in changes]
            if not made:
                break
            changes.extend(made)
            data = repaired
            current = scratch
            current.write_bytes(data)
        report = check_document(read(current))
    changes.extend(advice(report.findings))
    return (data if data is not None else path.read_bytes()), changes


def repair_file(src: str | Path, dst: str | Path) -> list[Change]:
    """Repair ``src`` into ``dst`` (written atomically, never over ``src``); returns the changes."""
    data, changes = repair(src)
    files.write_bytes(dst, data, inputs=(src,))
    return changes


def _step(path: Path) -> tuple[list[Change], bytes]:
    doc = read(path)
    edit = Editable.open(path)
    try:
        job = Job(edit=edit, doc=doc, c=locate(doc), at=locate_xml(edit, doc))
        for step in STEPS:
            step(job)
        return job.changes, edit.save() if job.changes else b""
    finally:
        edit.close()


def advice(findings: list[Finding]) -> list[Change]:
    """The findings left after the repair, each with the fix a clerk makes."""
    out = []
    for finding in findings:
        if finding.rule in REPORT_ONLY:
            fix = REPORT_ONLY[finding.rule]
        elif "không viết in hoa" in finding.thay and finding.trich_dan:
            fix = f"viết «{vi.upper(finding.trich_dan)}»; {CAPS_ADVICE}"
        elif "in hoa" in finding.thay or "chữ thường" in finding.thay:
            fix = CAPS_ADVICE
        elif finding.rule in FIXABLE:
            fix = f"sửa tay: {finding.can}"
        else:
            fix = finding.can
        count = f" ({finding.so_lan} chỗ)" if finding.so_lan > 1 else ""
        where = finding.vi_tri[0] if finding.vi_tri else None
        out.append(
            Change(finding.rule, where, finding.thay + count, fix, da_sua=False, trich_dan=finding.trich_dan)
        )
    return out


@contextlib.contextmanager
def _scratch(path: Path) -> Iterator[Path]:
    """A temporary file for the document between two steps (removed afterwards)."""
    fd, name = tempfile.mkstemp(prefix=".vbhc-sua-", suffix=".docx")
    os.close(fd)
    try:
        yield Path(name)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)
