"""Optional components and annexes: O1, O3, O5, O6, O10."""

from __future__ import annotations

import re
from collections.abc import Iterator

from vbhc import nd30
from vbhc.checker.check_body import body_paragraphs
from vbhc.checker.checks import (
    Ctx,
    NotApplicable,
    NotEvaluable,
    found,
    present,
    report_style,
    rule,
    value_of,
)
from vbhc.checker.components import DATE_LINE, SO_LINE, canon
from vbhc.checker.findings import Finding
from vbhc.checker.reader import Paragraph, Table
from vbhc.checker.rules import MucDo
from vbhc.text import vi

# --- optional components --------------------------------------------------------------------------


@rule("O1")
def do_khan(ctx: Ctx) -> Iterator[Finding]:
    mark = present(ctx.c.do_khan)
    yield from report_style("O1", mark, "do_khan", "dấu mức độ khẩn", skip={"align"})
    if not _in_box(mark, ctx):
        yield found("O1", mark, "dấu mức độ khẩn không đặt trong khung viền")


def _in_box(paragraph: Paragraph, ctx: Ctx) -> bool:
    """A border on four sides, a text box, or a one-cell table with visible borders."""
    if paragraph.fmt.boxed or paragraph.where.khung:
        return True
    for block in ctx.doc.blocks:
        if (
            isinstance(block, Table)
            and block.borders_visible
            and block.columns == 1
            and paragraph in block.paragraphs
        ):
            return True
    return False


@rule("O2")
def pham_vi_luu_hanh(ctx: Ctx) -> Iterator[Finding]:
    mark = present(ctx.c.pham_vi)
    yield from report_style("O2", mark, "pham_vi_luu_hanh", "chỉ dẫn phạm vi lưu hành")
    if not _in_box(mark, ctx):
        yield found("O2", mark, "chỉ dẫn phạm vi lưu hành không đặt trong khung viền")


@rule("O4")
def dia_chi(ctx: Ctx) -> Iterator[Finding]:
    lines = present(ctx.c.dia_chi)
    yield from report_style("O4", lines, "dia_chi", "địa chỉ cơ quan")
    first = lines[0]
    if first.where.phan != 1:
        yield found("O4", first, "địa chỉ cơ quan không nằm ở trang đầu")


@rule("O7")
def ban_sao(ctx: Ctx) -> Iterator[Finding]:
    yield from report_style("O7", present(ctx.c.sao), "ban_sao", "hình thức sao")


@rule("O3")
def ky_hieu_nguoi_soan(ctx: Ctx) -> Iterator[Finding]:
    yield from report_style("O3", present(ctx.c.drafter), "ky_hieu_nguoi_soan", "ký hiệu người soạn thảo")


@rule("O5")
def annex_headings(ctx: Ctx) -> Iterator[Finding]:
    if not ctx.c.annexes:
        raise NotApplicable
    for annex in ctx.c.annexes:
        yield from report_style("O5", annex.heading, "phu_luc_heading", "tiêu đề «Phụ lục»")
        yield from report_style("O5", annex.title, "phu_luc_title", "tên phụ lục")
        kem = annex.kem_theo
        if kem is None:
            yield found("O5", annex.heading, "phụ lục không có dòng «(Kèm theo …)»")
            continue
        kem_theo = (kem, *annex.kem_theo_more)
        yield from report_style("O5", kem_theo, "kem_theo", "dòng «Kèm theo»", skip={"align"})
        whole = annex.kem_theo_text
        if not (whole.startswith("(Kèm theo") and whole.endswith(")")):
            yield found("O5", kem, "dòng «Kèm theo» không đặt trong ngoặc «(Kèm theo …)»")


@rule("O6")
def annex_numbers(ctx: Ctx) -> Iterator[Finding]:
    annexes = ctx.c.annexes
    if not annexes:
        raise NotApplicable
    if len(annexes) >= 2:
        for n, annex in enumerate(annexes, start=1):
            if annex.number != vi.roman(n):
                yield found(
                    "O6",
                    annex.heading,
                    f"phụ lục thứ {n} ghi «{annex.heading.stripped}», cần «Phụ lục {vi.roman(n)}»",
                )
    # paragraph by paragraph: joining a body of 100,000 paragraphs costs a copy of it all, twice
    cited = any(_mentions_annex(canon(p.stripped), ctx.c.loai) for p in body_paragraphs(ctx))
    if not ctx.c.annex_only and not cited:
        yield found(
            "O6", annexes[0].heading, "nội dung văn bản không dẫn chiếu đến phụ lục", muc_do=MucDo.CANH_BAO
        )


def _mentions_annex(text: str, loai: nd30.LoaiVanBan | None) -> bool:
    """The text names «phụ lục», or what comes «kèm theo <tên loại> này» («Danh mục nhiệm vụ kèm
    theo Kế hoạch này», «ban hành kèm theo Quyết định này»)."""
    text = text.lower()
    names = {"văn bản", *([loai.ten.lower()] if loai else [])}
    return "phụ lục" in text or any(f"kèm theo {name} này" in text for name in names)


_KEM_SO = re.compile(r"số\s*(?P<so>\d*)\s*/\s*(?P<kh>[^\s,)]+(?:\s*-\s*[^\s,)]+)*)")
_KEM_NGAY = re.compile(r"ngày\s*(?P<d>\d*)\s*tháng\s*(?P<m>\d*)\s*năm\s*(?P<y>\d{4})")


@rule("O10")
def kem_theo_matches_document(ctx: Ctx) -> Iterator[Finding]:
    c = ctx.c
    annexes = [a for a in c.annexes if a.kem_theo is not None]
    if not annexes:
        raise NotApplicable
    if c.annex_only:
        raise NotEvaluable("phụ lục tách riêng: không có văn bản chính trong tệp để đối chiếu")
    so_match = SO_LINE.match(" ".join(c.so.stripped.split())) if c.so else None
    date_match = DATE_LINE.match(" ".join(c.date.stripped.split())) if c.date else None
    if so_match is None or date_match is None:
        raise NotEvaluable("không đọc được số, ký hiệu hoặc ngày của văn bản để đối chiếu")
    number = so_match.group("so")
    symbol = re.sub(r"\s+", "", so_match.group("kh"))
    day, month, year = date_match.group("d"), date_match.group("m"), date_match.group("y")
    for annex in annexes:
        text = " ".join(annex.kem_theo_text.split())
        problems = []
        m = _KEM_SO.search(text)
        if m is None:
            problems.append("không ghi số, ký hiệu của văn bản")
        else:
            if _value(m.group("so")) != _value(number):
                problems.append(f"số «{m.group('so') or '(trống)'}» khác số văn bản «{number or '(trống)'}»")
            if re.sub(r"\s+", "", m.group("kh")) != symbol:
                problems.append(f"ký hiệu «{m.group('kh')}» khác «{symbol}»")
        d = _KEM_NGAY.search(text)
        if d is None:
            problems.append("không ghi ngày tháng năm của văn bản")
        elif tuple(map(_value, d.groups())) != tuple(map(_value, (day, month, year))):
            problems.append(
                f"ngày «{d.group('d') or '…'}/{d.group('m') or '…'}/{d.group('y')}» khác ngày văn bản "
                f"«{day or '…'}/{month or '…'}/{year}»"
            )
        if c.loai is not None and c.loai.khoa != "cong_van" and c.loai.ten.lower() not in canon(text).lower():
            problems.append(f"không ghi tên loại «{c.loai.ten}»")
        if problems:
            yield found("O10", annex.kem_theo, "dòng «Kèm theo»: " + "; ".join(problems))


def _value(digits: str | None) -> int | None:
    """A number as its value (padding is judged by H13/H19, not here); None when blank."""
    return value_of(digits) if digits else None
