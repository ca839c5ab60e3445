"""Page rules P1–P10: paper, orientation, margins, font, colour, page numbers, font size values, hidden
text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from vbhc import nd30
from vbhc.checker.checks import (
    Ctx,
    NotApplicable,
    found,
    pt,
    rule,
    so,
)
from vbhc.checker.components import Components, canon
from vbhc.checker.findings import Finding
from vbhc.checker.reader import Paragraph, Table, Where, legacy_encoding
from vbhc.checker.rules import MucDo

# --- page -----------------------------------------------------------------------------------------


@rule("P1")
def page_size(ctx: Ctx) -> Iterator[Finding]:
    tol = nd30.PAGE_SIZE_TOLERANCE_TWIPS
    a4 = sorted(nd30.A4_TWIPS)
    for section in ctx.doc.sections:
        if section.width is None or section.height is None:
            yield found("P1", Where(phan=section.index), "phần này không khai báo khổ giấy")
            continue
        size = sorted((section.width, section.height))
        if any(abs(x - y) > tol for x, y in zip(size, a4, strict=True)):
            yield found(
                "P1",
                Where(phan=section.index),
                f"khổ giấy {so(nd30.mm(section.width), 0)} × {so(nd30.mm(section.height), 0)} mm",
            )


@rule("P2")
def orientation(ctx: Ctx) -> Iterator[Finding]:
    landscape = [s for s in ctx.doc.sections if s.landscape]
    if not landscape:
        raise NotApplicable
    for section in landscape:
        if not any(
            isinstance(block, Table) and not _is_layout_table(block, ctx.c) for block in section.blocks
        ):
            yield found("P2", Where(phan=section.index), "trang nằm ngang nhưng phần này không có bảng, biểu")


def _is_layout_table(table: Table, c: Components) -> bool:
    return table is c.letterhead or table is c.closing


@rule("P3")
def margins(ctx: Ctx) -> Iterator[Finding]:
    tol = nd30.MARGIN_TOLERANCE_TWIPS
    names = {"top": "lề trên", "bottom": "lề dưới", "left": "lề trái", "right": "lề phải"}
    for section in ctx.doc.sections:
        bad = []
        for side, (low, high) in nd30.MARGIN_RANGES_MM.items():
            value = section.margins.get(side)
            if value is None:
                bad.append(f"{names[side]} không khai báo")
            elif not nd30.twips(low) - tol <= abs(value) <= nd30.twips(high) + tol:
                bad.append(f"{names[side]} {so(nd30.mm(abs(value)))} mm (cần {low}–{high} mm)")
        if bad:
            yield found("P3", Where(phan=section.index), "; ".join(bad))


def _all_paragraphs(ctx: Ctx, *, footers: bool = False) -> Iterator[Paragraph]:
    """Body, text boxes and every header paragraph (and footer paragraph when ``footers``), each once."""
    for paragraph in ctx.doc.paragraphs():
        yield paragraph
        yield from paragraph.textboxes
    seen: set[int] = set()
    for section in ctx.doc.sections:
        parts = [*section.headers.values(), *(section.footers.values() if footers else ())]
        for part in parts:
            if id(part) not in seen:
                seen.add(id(part))
                yield from part.paragraphs


@rule("P4")
def font(ctx: Ctx) -> Iterator[Finding]:
    good: dict[str, bool] = {}
    for paragraph in _all_paragraphs(ctx):
        bad: dict[str, None] = {}  # this paragraph's wrong fonts, in order, each once
        for run in paragraph.text_runs:
            for font in (run.fmt.font, run.fmt.font_hansi):
                if font and font not in good:
                    good[font] = canon(font).lower().startswith(nd30.FONT.lower())
                if font and not good[font]:
                    bad[font] = None
        for font in bad:
            encoding = legacy_encoding(font)
            old = f", bảng mã {encoding} cũ, không phải Unicode TCVN 6909:2001" if encoding else ""
            yield found("P4", paragraph, f"phông «{font}»{old}")


@rule("P5")
def text_colour(ctx: Ctx) -> Iterator[Finding]:
    for paragraph in _all_paragraphs(ctx):
        if _is_urgency(paragraph, ctx.c):
            continue  # the Khẩn mark is red by rule
        colours = {(run.fmt.color or "").upper() for run in paragraph.text_runs if run.fmt.color}
        for colour in sorted(colours - {"", "AUTO", "000000"}):
            yield found("P5", paragraph, f"chữ màu #{colour}")


_INTEGER = re.compile(r"-?[0-9]+")


@rule("P9")
def size_values(ctx: Ctx) -> Iterator[Finding]:
    low, high = nd30.FONT_SIZE_RANGE_PT
    for paragraph in _all_paragraphs(ctx):
        bad = (run.fmt.bad_size for run in paragraph.text_runs if run.fmt.bad_size is not None)
        for raw in dict.fromkeys(bad):
            if not raw:
                yield found("P9", paragraph, "cỡ chữ để trống (w:sz không có giá trị)")
            elif _INTEGER.fullmatch(raw):
                yield found("P9", paragraph, f"cỡ chữ ghi «{raw}» nửa điểm, ngoài khoảng {low}–{high} pt")
            else:
                yield found("P9", paragraph, f"cỡ chữ ghi «{raw}», không phải một con số hợp lệ")


#: What a clerk is told about each way of hiding text (the reader's names, vbhc.checker.reader).
HIDDEN = {
    "vanish": "chữ ẩn (w:vanish): không hiện khi xem, khi in",
    "specVanish": "chữ ẩn (w:specVanish): không hiện khi xem, khi in",
    "webHidden": "chữ ẩn khi xem dạng trang web (w:webHidden)",
    "white": "chữ màu trắng trên nền trắng: không đọc được",
    "background": "chữ cùng màu với nền tô phía sau: không đọc được",
}
#: webHidden text that is a table of contents' tab leaders and page numbers (Word writes them so).
_TOC_NUMBER = re.compile(r"[\s.\d]*")


@rule("P10")
def hidden_text(ctx: Ctx) -> Iterator[Finding]:
    for paragraph in _all_paragraphs(ctx, footers=True):
        for kind, text in _hidden_pieces(paragraph):
            if kind == "webHidden" and _TOC_NUMBER.fullmatch(text):
                continue
            yield found("P10", paragraph, HIDDEN[kind], trich_dan=text)


def _hidden_pieces(paragraph: Paragraph) -> Iterator[tuple[str, str]]:
    """The paragraph's hidden text, runs hidden the same way one after another joined in one piece."""
    kind, pieces = None, []
    for run_kind, text in paragraph.hidden:
        if run_kind != kind and pieces:
            yield kind, "".join(pieces)
            pieces = []
        kind = run_kind
        pieces.append(text)
    if pieces:
        yield kind, "".join(pieces)


def _is_urgency(paragraph: Paragraph, c: Components) -> bool:
    return paragraph is c.do_khan


@rule("P6")
def page_numbers(ctx: Ctx) -> Iterator[Finding]:
    numbered = False
    seen: set[int] = set()
    for section in ctx.doc.sections:
        header = section.headers.get("default")
        if header is None or id(header) in seen:
            continue
        seen.add(id(header))
        for paragraph in header.page_paragraphs:
            numbered = True
            problems = []
            if paragraph.fmt.jc != "center":
                problems.append("không canh giữa")
            sizes = {fmt.size for fmt in paragraph.page_fields}
            bad = [s for s in sizes if s not in nd30.SIZES["so_trang"]]
            if bad:
                problems.append(f"cỡ chữ {', '.join(pt(s) for s in sorted(bad))}")
            if any(fmt.italic for fmt in paragraph.page_fields):
                problems.append("in nghiêng")
            if problems:
                yield found("P6", paragraph, "số trang " + ", ".join(problems))
    if not numbered:
        in_footer = next(
            (
                p
                for section in ctx.doc.sections
                for footer in section.footers.values()
                for p in footer.page_paragraphs
            ),
            None,
        )
        if in_footer is not None:
            yield found("P6", in_footer, "số trang đặt ở chân trang (lề dưới) thay vì đầu trang (lề trên)")
            return
        pages_likely = sum(1 for _ in ctx.doc.paragraphs()) > 40
        yield found(
            "P6",
            Where(phan=1),
            "văn bản không có số trang (không có trường PAGE ở đầu trang)",
            muc_do=MucDo.LOI if pages_likely else MucDo.CANH_BAO,
        )


@rule("P7")
def no_number_on_first_page(ctx: Ctx) -> Iterator[Finding]:
    first = ctx.doc.sections[0]
    for parts, name in ((first.headers, "dau_trang"), (first.footers, "chan_trang")):
        shown = parts.get("first") if first.title_page else parts.get("default")
        # digits typed in a header count as a number; in a footer only a PAGE field does (addresses)
        if shown is None or not (shown.has_number if name == "dau_trang" else shown.page_paragraphs):
            continue
        where = Where(phan=1, **{name: shown.kind})
        if first.title_page:
            yield found("P7", where, "phần đầu/chân của trang thứ nhất có số trang")
        else:
            yield found(
                "P7", where, "trang thứ nhất hiện số trang (phần 1 không bật «Trang đầu khác»)"
            )


@rule("P8")
def annex_page_numbers(ctx: Ctx) -> Iterator[Finding]:
    if not ctx.c.annexes:
        raise NotApplicable
    for annex in ctx.c.annexes:
        section = annex.section
        if ctx.c.annex_only and section is ctx.doc.sections[0] and section.page_start in (None, 1):
            continue  # an annex saved as its own file: its pages are numbered from 1 anyway
        starts_section = section.blocks and any(block is annex.heading for block in section.blocks[:3])
        if not starts_section:
            yield found(
                "P8",
                annex.heading,
                "phụ lục không bắt đầu một phần mới (ngắt phần) nên không đánh số trang riêng",
            )
        elif section.page_start != 1:
            yield found(
                "P8",
                annex.heading,
                "số trang của phụ lục không bắt đầu lại từ 1"
                + (f" (bắt đầu từ {section.page_start})" if section.page_start else " (nối tiếp văn bản)"),
            )
