"""Signature and recipients rules S1–S4, R1–R6 (ô 7, 9)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from vbhc import nd30
from vbhc.checker.checks import (
    Ctx,
    NotApplicable,
    NotEvaluable,
    ending,
    found,
    report_style,
    rule,
)
from vbhc.checker.components import canon
from vbhc.checker.findings import Finding
from vbhc.checker.reader import Paragraph, Where
from vbhc.checker.rules import MucDo
from vbhc.text import vi

# --- signature and recipients ---------------------------------------------------------------------


def _need_signature(ctx: Ctx) -> list[Paragraph]:
    if ctx.c.closing is None:
        raise NotEvaluable("không tìm thấy bảng phần ký (nơi nhận bên trái, chữ ký bên phải)")
    if not ctx.c.signature:
        raise NotEvaluable("không tìm thấy chức vụ, họ tên người ký")
    return ctx.c.signature


def _signatures(ctx: Ctx) -> list[list[Paragraph]]:
    """Every signature block: the signer's, and the thư ký's of a biên bản."""
    first = _need_signature(ctx)
    return [first, ctx.c.signature_2] if ctx.c.signature_2 else [first]


@rule("S1")
def chuc_vu(ctx: Ctx) -> Iterator[Finding]:
    for block in _signatures(ctx):
        yield from _chuc_vu_lines(block)


def _chuc_vu_lines(block: list[Paragraph]) -> Iterator[Finding]:
    lines = block[:-1]
    if not lines:
        yield found("S1", block[-1], "không có dòng quyền hạn, chức vụ người ký")
    yield from report_style("S1", lines, "chuc_vu", "chức vụ người ký")


@rule("S2")
def signing_prefix(ctx: Ctx) -> Iterator[Finding]:
    lines = _need_signature(ctx)[:-1]
    allowed = set(nd30.TIEN_TO_KY)
    for paragraph in lines:
        token = paragraph.stripped.split(" ", 1)[0]
        if token.endswith(".") and token.upper() not in allowed:
            yield found("S2", paragraph, f"ghi quyền hạn «{token}»")
        elif any(
            paragraph.stripped.startswith(p.rstrip(".") + ".") and not paragraph.stripped.startswith(p + " ")
            for p in allowed
            if paragraph.stripped.startswith(p)
        ):
            yield found("S2", paragraph, "thiếu dấu cách sau chữ viết tắt quyền hạn")


@rule("S3")
def ho_ten(ctx: Ctx) -> Iterator[Finding]:
    for block in _signatures(ctx):
        yield from report_style("S3", block[-1], "ho_ten", "họ tên người ký")


@rule("S4")
def no_academic_title(ctx: Ctx) -> Iterator[Finding]:
    for block in _signatures(ctx):
        name = block[-1]
        text = name.stripped
        title = next((t for t in nd30.HOC_HAM_HOC_VI if text.lower().startswith(t.lower())), None)
        if title is not None:
            yield found("S4", name, f"họ tên người ký bắt đầu bằng «{title.strip()}»")


@rule("R1")
def noi_nhan_label(ctx: Ctx) -> Iterator[Finding]:
    c = ctx.c
    if c.noi_nhan_label is None:
        if c.closing is None and not c.noi_nhan_items:
            raise NotEvaluable("không tìm thấy phần nơi nhận")
        yield found(
            "R1", c.closing or (c.noi_nhan_items[0] if c.noi_nhan_items else None), "không có chữ «Nơi nhận:»"
        )
        return
    label = c.noi_nhan_label
    if vi.nfc(label.stripped) != nd30.NOI_NHAN_LABEL:
        yield found("R1", label, f"ghi «{label.stripped}» thay vì «{nd30.NOI_NHAN_LABEL}»")
    yield from report_style("R1", label, "noi_nhan_label", "«Nơi nhận:»")
    if c.closing is not None and not any(row and label in row[0].paragraphs for row in c.closing.rows):
        yield found("R1", label, "«Nơi nhận:» không ở cột trái phần ký")


def _need_items(ctx: Ctx) -> list[Paragraph]:
    items = ctx.c.noi_nhan_items
    if not items:
        if ctx.c.closing is None and ctx.c.noi_nhan_label is None:
            raise NotEvaluable("không tìm thấy phần nơi nhận")
        raise NotEvaluable("phần nơi nhận không có dòng nào")
    return items


@rule("R2")
def noi_nhan_items(ctx: Ctx) -> Iterator[Finding]:
    items = _need_items(ctx)
    entries: list[list[Paragraph]] = []
    for paragraph in items:
        text = paragraph.stripped
        if not text.startswith(("-", "–")) and entries and not entries[-1][-1].stripped.endswith((";", ".")):
            entries[-1].append(paragraph)  # a wrapped item continued on the next paragraph
        else:
            entries.append([paragraph])
            if not text.startswith("-"):
                yield found("R2", paragraph, "dòng nơi nhận không bắt đầu bằng «-»")
        yield from report_style("R2", paragraph, "noi_nhan_item", "dòng nơi nhận")
    for entry in entries[:-1]:
        end = entry[-1].stripped
        if not end.endswith(";"):
            yield found("R2", entry[-1], f"dòng nơi nhận {ending(end, ';')}")


_LUU = re.compile(r"^-\s*Lưu\s*:\s*VT(,\s*.+)?\.(\s*[A-ZĐ]+[A-ZĐ.]*\.\(\d+\))?$")


@rule("R3")
def luu_line(ctx: Ctx) -> Iterator[Finding]:
    last = _need_items(ctx)[-1]
    text = " ".join(last.stripped.split())
    if not re.match(r"^-\s*Lưu\b", text):
        yield found("R3", last, "dòng cuối của nơi nhận không phải dòng «- Lưu: VT, …»")
    elif not _LUU.match(text):
        detail = (
            "không kết thúc bằng «.»"
            if not text.rstrip(")").endswith(".") and not text.endswith(".")
            else "không đúng dạng «- Lưu: VT, <đơn vị>.»"
        )
        yield found("R3", last, f"dòng lưu «{text}» {detail}")


@rule("R4")
def kinh_gui(ctx: Ctx) -> Iterator[Finding]:
    c = ctx.c
    khoa = c.loai.khoa if c.loai else None
    if khoa not in nd30.LOAI_CO_KINH_GUI and c.kinh_gui is None:
        raise NotApplicable
    if c.kinh_gui is None:
        if khoa == "cong_van":
            yield found("R4", c.so or Where(phan=1), "công văn không có «Kính gửi:»")
            return
        raise NotApplicable  # tờ trình, báo cáo not sent to a superior
    yield from report_style("R4", c.kinh_gui, "kinh_gui", "«Kính gửi»")
    items = c.noi_nhan_items
    if (
        items
        and not canon(items[0].stripped).startswith("- " + nd30.NHU_TREN)
        and not canon(items[0].stripped).startswith("-" + nd30.NHU_TREN)
    ):
        severity = MucDo.LOI if khoa == "cong_van" else MucDo.CANH_BAO
        yield found(
            "R4",
            items[0],
            f"nơi nhận bắt đầu bằng «{items[0].stripped}» thay vì «- Như trên;»",
            muc_do=severity,
        )


@rule("R5")
def kinh_gui_items(ctx: Ctx) -> Iterator[Finding]:
    items = ctx.c.kinh_gui_items
    if ctx.c.kinh_gui is None or len(items) < 2:
        raise NotApplicable
    for n, paragraph in enumerate(items):
        want = "." if n == len(items) - 1 else ";"
        if not paragraph.stripped.endswith(want):
            yield found("R5", paragraph, f"dòng kính gửi {ending(paragraph.stripped, want)}")
        if not paragraph.stripped.startswith("-"):
            yield found("R5", paragraph, "dòng kính gửi không bắt đầu bằng «-»")


@rule("R6")
def kinh_gui_single_recipient(ctx: Ctx) -> Iterator[Finding]:
    c = ctx.c
    if c.kinh_gui is None:
        raise NotApplicable
    if len(c.kinh_gui_items) == 1:
        yield found("R6", c.kinh_gui, "chỉ một nơi nhận nhưng ghi xuống dòng dưới «Kính gửi:»")
    elif (
        ":" in c.kinh_gui.stripped
        and not c.kinh_gui.stripped.split(":", 1)[1].strip()
        and not c.kinh_gui_items
    ):
        yield found("R6", c.kinh_gui, "«Kính gửi:» không có tên nơi nhận")
