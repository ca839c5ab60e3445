"""A read document and its located components → source text, and the list of what was not certain.

Nothing is left out in silence: every paragraph with text that no component and no content block
took is reported, and so are the annexes (a source takes an annex's table from a spreadsheet).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from vbhc.checker.components import Components, drawn_line
from vbhc.checker.reader import Document
from vbhc.importing.body import body_markdown, read_items
from vbhc.importing.front_matter import front_matter, signature_at_end
from vbhc.importing.notes import Notes
from vbhc.importing.yaml_text import front_matter_text
from vbhc.sources.markdown import MAX_SOURCE_BYTES

if TYPE_CHECKING:
    from vbhc.importing import Imported


def assemble(document: Document, c: Components, nam: int) -> Imported:
    from vbhc.importing import Imported

    notes = Notes()
    used: set[int] = set()
    if c.annex_only and c.annexes:
        c = _annex_as_document(c, notes, used)
    c = signature_at_end(c)
    meta = front_matter(c, notes, used, nam)
    items = read_items(c.body, meta["loai"], notes, used)
    body = body_markdown(items, notes)
    _annexes(c, notes, used)
    _left_over(document, c, notes, used)
    text = front_matter_text(meta) + "\n" + body
    if len(text.encode("utf-8")) > MAX_SOURCE_BYTES:
        limit = MAX_SOURCE_BYTES // 1024
        notes.add(None, f"tệp nguồn lớn hơn {limit} KB, vbhc render không đọc được: hãy tách văn bản")
    return Imported(text, notes.items, meta["loai"])


def _annex_as_document(c: Components, notes: Notes, used: set[int]) -> Components:
    """A phụ lục saved as its own file: its title is read as the trích yếu, what follows its heading
    lines as the content."""
    annex = c.annexes[0]
    head = [annex.heading, *annex.title, *([annex.kem_theo] if annex.kem_theo else []), *annex.kem_theo_more]
    used.update(id(p) for p in head)
    notes.add(annex.heading.where, f"tệp chỉ có phụ lục (không có phần đầu, chữ ký): nhập tên phụ lục làm "
              f"trích yếu, phần sau làm nội dung; dòng «{annex.heading.excerpt}» không nhập")
    for paragraph in head[1 + len(annex.title) :]:
        notes.add(paragraph.where, f"dòng «{paragraph.excerpt}» không nhập")
    body = [b for b in annex.section.blocks if all(b is not p for p in head)]
    return replace(c, annexes=c.annexes[1:], body=body, trich_yeu=annex.title)


def _annexes(c: Components, notes: Notes, used: set[int]) -> None:
    for annex in c.annexes:
        title = " ".join(p.stripped for p in annex.title) or annex.heading.stripped
        notes.add(
            annex.heading.where,
            f"phụ lục «{title}» không nhập: tệp nguồn lấy bảng phụ lục từ tệp Excel (khóa «phu_luc»)",
        )
        for paragraph in annex.section.paragraphs():
            used.add(id(paragraph))


def _left_over(document: Document, c: Components, notes: Notes, used: set[int]) -> None:
    """Report the text a reader does not see (hidden, white), and every paragraph with text that
    nothing took (the fixed Quốc hiệu and Tiêu ngữ apart)."""
    fixed = {id(p) for p in (c.quoc_hieu, c.tieu_ngu) if p is not None}
    for annex in c.annexes:
        used.update(id(p) for p in annex.section.paragraphs())
    closing = c.closing.paragraphs if c.closing is not None else []
    placeholders = {id(p) for p in closing if p.stripped.startswith("(") and p.stripped.endswith(")")}
    for paragraph in document.paragraphs():
        for how, text in paragraph.hidden:
            if text.strip() and text not in paragraph.text:  # webHidden text is printed, and read
                notes.add(paragraph.where, f"chữ ẩn ({how}) «{' '.join(text.split())[:60]}»: không nhập")
        if id(paragraph) in used or id(paragraph) in fixed or not paragraph.stripped or drawn_line(paragraph):
            continue
        if id(paragraph) in placeholders:
            notes.add(paragraph.where, f"bỏ dòng «{paragraph.excerpt}» ở chỗ ký (vbhc không in dòng này)")
        else:
            notes.add(paragraph.where, f"đoạn «{paragraph.excerpt}» không thuộc thành phần nào: không nhập")
