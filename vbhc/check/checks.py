"""The rule checks: one function per rule id, each yielding findings for a located document.

A check raises :class:`NotEvaluable` when the document does not let it decide (never a silent
pass) and :class:`NotApplicable` when the rule does not concern this document.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from vbhc import nd30, vi
from vbhc.check import rules as R
from vbhc.check.components import Components, DrawnLine, canon, drawn_line, is_blank
from vbhc.check.findings import Finding
from vbhc.check.reader import Document, Paragraph, Table, Where
from vbhc.check.rules import RULES, MucDo
from vbhc.metrics import text_width_mm


class NotEvaluable(Exception):
    """The rule cannot be decided on this document; the message says why (Vietnamese)."""


class NotApplicable(Exception):
    """The rule does not concern this document."""


@dataclass
class Ctx:
    doc: Document
    c: Components


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
) -> Finding:
    """A finding of ``rule_id`` at ``at``."""
    if isinstance(at, Paragraph):
        where, excerpt = at.where, at.excerpt
    elif isinstance(at, Table):
        where, excerpt = at.where, ""
    else:
        where, excerpt = at, ""
    spec = RULES[rule_id]
    return Finding(
        rule=rule_id,
        muc_do=muc_do or spec.muc_do,
        vi_tri=where,
        trich_dan=excerpt,
        thay=thay,
        can=can or spec.yeu_cau,
    )


def need(value, what: str):
    if value is None or value == []:
        raise NotEvaluable(f"không xác định được {what} trong văn bản")
    return value


def pt(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def sizes_text(paragraph: Paragraph) -> str:
    return ", ".join(pt(s) for s in sorted(paragraph.sizes)) or pt(paragraph.size)


def size_problem(paragraph: Paragraph, size: nd30.Size) -> str | None:
    bad = sorted(s for s in paragraph.sizes if s not in size)
    if bad:
        return f"cỡ chữ {', '.join(pt(s) for s in bad)}"
    return None


def style_problems(
    paragraph: Paragraph,
    *,
    size: nd30.Size | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
    center: bool | None = None,
    caps: bool | None = None,
    underline: bool | None = None,
) -> list[str]:
    """What in ``paragraph`` departs from the wanted look, in Vietnamese."""
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
    if center is True and paragraph.fmt.jc != "center":
        out.append(f"không canh giữa (canh «{paragraph.fmt.jc or 'trái'}»)")
    if caps is True and paragraph.stripped != vi.upper(paragraph.stripped):
        out.append("không viết in hoa")
    if (
        caps is False
        and paragraph.stripped == vi.upper(paragraph.stripped)
        and any(ch.isalpha() for ch in paragraph.stripped)
    ):
        out.append("viết in hoa toàn bộ")
    return out


def report_style(rule_id: str, paragraph: Paragraph, name: str, **wanted) -> Iterator[Finding]:
    problems = style_problems(paragraph, **wanted)
    if problems:
        yield found(rule_id, paragraph, f"{name}: {', '.join(problems)}")


def _ending(text: str, want: str) -> str:
    """``không kết thúc bằng «;»`` (naming the wrong mark when there is one)."""
    last = text[-1:]
    if last and not last.isalnum():
        return f"kết thúc bằng «{last}» thay vì «{want}»"
    return f"không kết thúc bằng «{want}»"


# --- page -----------------------------------------------------------------------------------------


@rule("P1")
def _p1(ctx: Ctx) -> Iterator[Finding]:
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
                f"khổ giấy {nd30.mm(section.width):.0f} × {nd30.mm(section.height):.0f} mm",
            )


@rule("P2")
def _p2(ctx: Ctx) -> Iterator[Finding]:
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
def _p3(ctx: Ctx) -> Iterator[Finding]:
    tol = nd30.MARGIN_TOLERANCE_TWIPS
    names = {"top": "lề trên", "bottom": "lề dưới", "left": "lề trái", "right": "lề phải"}
    for section in ctx.doc.sections:
        bad = []
        for side, (low, high) in nd30.MARGIN_RANGES_MM.items():
            value = section.margins.get(side)
            if value is None:
                bad.append(f"{names[side]} không khai báo")
            elif not nd30.twips(low) - tol <= abs(value) <= nd30.twips(high) + tol:
                bad.append(f"{names[side]} {nd30.mm(abs(value)):.1f} mm (cần {low}–{high} mm)")
        if bad:
            yield found("P3", Where(phan=section.index), "; ".join(bad))


def _all_paragraphs(ctx: Ctx) -> Iterator[Paragraph]:
    """Body, text boxes and every header paragraph, each once."""
    for paragraph in ctx.doc.paragraphs():
        yield paragraph
        yield from paragraph.textboxes
    seen: set[int] = set()
    for section in ctx.doc.sections:
        for header in section.headers.values():
            if id(header) not in seen:
                seen.add(id(header))
                yield from header.paragraphs


@rule("P4")
def _p4(ctx: Ctx) -> Iterator[Finding]:
    fonts: dict[str, tuple[Paragraph, int]] = {}
    good: dict[str, bool] = {}
    for paragraph in _all_paragraphs(ctx):
        for run in paragraph.text_runs:
            for font in (run.fmt.font, run.fmt.font_hansi):
                if not font:
                    continue
                if font not in good:
                    good[font] = canon(font).lower().startswith(nd30.FONT.lower())
                if not good[font]:
                    first, count = fonts.get(font, (paragraph, 0))
                    fonts[font] = (first, count + 1)
    for font, (first, count) in fonts.items():
        yield found("P4", first, f"phông «{font}» ({count} đoạn chữ, đầu tiên ở đây)")


@rule("P5")
def _p5(ctx: Ctx) -> Iterator[Finding]:
    colours: dict[str, tuple[Paragraph, int]] = {}
    for paragraph in _all_paragraphs(ctx):
        if _is_urgency(paragraph, ctx.c):
            continue  # the Khẩn mark is red by rule
        for run in paragraph.text_runs:
            colour = (run.fmt.color or "auto").upper() if run.fmt.color else None
            if colour not in {None, "AUTO", "000000"}:
                first, count = colours.get(colour, (paragraph, 0))
                colours[colour] = (first, count + 1)
    for colour, (first, count) in colours.items():
        yield found("P5", first, f"chữ màu #{colour} ({count} đoạn chữ, đầu tiên ở đây)")


def _is_urgency(paragraph: Paragraph, c: Components) -> bool:
    return paragraph is c.do_khan


@rule("P6")
def _p6(ctx: Ctx) -> Iterator[Finding]:
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
        pages_likely = sum(1 for _ in ctx.doc.paragraphs()) > 40
        yield found(
            "P6",
            Where(phan=1),
            "văn bản không có số trang (không có trường PAGE ở đầu trang)",
            muc_do=MucDo.LOI if pages_likely else MucDo.CANH_BAO,
        )


@rule("P7")
def _p7(ctx: Ctx) -> Iterator[Finding]:
    first = ctx.doc.sections[0]
    default = first.headers.get("default")
    if not first.title_page:
        if default is not None and default.has_number:
            yield found(
                "P7",
                Where(phan=1, dau_trang="default"),
                "trang thứ nhất hiện số trang (phần 1 không bật «trang đầu khác» — w:titlePg)",
            )
        return
    header = first.headers.get("first")
    if header is not None and header.has_number:
        yield found("P7", Where(phan=1, dau_trang="first"), "đầu trang của trang thứ nhất có số trang")


@rule("P8")
def _p8(ctx: Ctx) -> Iterator[Finding]:
    if not ctx.c.annexes:
        raise NotApplicable
    for annex in ctx.c.annexes:
        section = annex.section
        starts_section = section.blocks and any(block is annex.heading for block in section.blocks[:3])
        if not starts_section:
            yield found(
                "P8",
                annex.heading,
                "phụ lục không bắt đầu một phần (section) mới nên không đánh số trang riêng",
            )
        elif section.page_start != 1:
            yield found(
                "P8",
                annex.heading,
                "số trang của phụ lục không bắt đầu lại từ 1"
                + (f" (bắt đầu từ {section.page_start})" if section.page_start else " (nối tiếp văn bản)"),
            )


# --- letterhead -----------------------------------------------------------------------------------


@rule("H1")
def _h1(ctx: Ctx) -> Iterator[Finding]:
    c = ctx.c
    if c.letterhead is None:
        need(c.quoc_hieu, "Quốc hiệu")
        yield found(
            "H1", c.quoc_hieu, "phần đầu không trình bày dạng bảng 2 cột (đoạn văn hoặc khung văn bản)"
        )
        return
    if c.letterhead.columns < 2:
        yield found("H1", c.letterhead, "bảng phần đầu chỉ có 1 cột")
    if c.letterhead.borders_visible:
        yield found("H1", c.letterhead, "bảng phần đầu có đường viền hiện khi in")


@rule("H2")
def _h2(ctx: Ctx) -> Iterator[Finding]:
    qh = ctx.c.quoc_hieu
    if qh is None:
        yield found("H2", Where(phan=1), "không tìm thấy Quốc hiệu ở đầu văn bản")
        return
    if canon(qh.stripped) != canon(nd30.QUOC_HIEU):
        yield found("H2", qh, f"Quốc hiệu ghi «{qh.stripped}»")


@rule("H3")
def _h3(ctx: Ctx) -> Iterator[Finding]:
    qh = need(ctx.c.quoc_hieu, "Quốc hiệu")
    yield from report_style("H3", qh, "Quốc hiệu", size=nd30.SIZES["quoc_hieu"], bold=True, italic=False)
    if ctx.c.letterhead is not None and qh in ctx.c.left:
        yield found("H3", qh, "Quốc hiệu nằm ở cột trái")


@rule("H4")
def _h4(ctx: Ctx) -> Iterator[Finding]:
    tn = need(ctx.c.tieu_ngu, "Tiêu ngữ")
    text = " ".join(vi.nfc(tn.text).split())
    if text == nd30.TIEU_NGU:
        return
    if text.replace("–", "-").replace("—", "-") == nd30.TIEU_NGU:
        yield found("H4", tn, "Tiêu ngữ dùng dấu gạch dài «–» thay cho gạch nối «-»", muc_do=MucDo.CANH_BAO)
    else:
        yield found("H4", tn, f"Tiêu ngữ ghi «{tn.stripped}»")


@rule("H5")
def _h5(ctx: Ctx) -> Iterator[Finding]:
    tn = need(ctx.c.tieu_ngu, "Tiêu ngữ")
    problems = style_problems(tn, size=nd30.SIZES["tieu_ngu"], bold=True, italic=False, center=True)
    if tn.any("underline") and ctx.c.tieu_ngu_line is not None:
        problems.append("có gạch chân")
    if problems:
        yield found("H5", tn, "Tiêu ngữ: " + ", ".join(problems))


@rule("H6")
def _h6(ctx: Ctx) -> Iterator[Finding]:
    c = ctx.c
    qh, tn = need(c.quoc_hieu, "Quốc hiệu"), need(c.tieu_ngu, "Tiêu ngữ")
    if c.between_qh_tn:
        yield found("H6", tn, f"có {len(c.between_qh_tn)} dòng trống giữa Quốc hiệu và Tiêu ngữ")
    for paragraph in (qh, tn):
        if paragraph.fmt.line_rule == "auto" and (paragraph.fmt.line or 240) > 276:
            yield found(
                "H6", paragraph, f"giãn dòng {paragraph.fmt.line / 240:.2f} dòng, không phải dòng đơn"
            )


@rule("H7")
def _h7(ctx: Ctx) -> Iterator[Finding]:
    tn = need(ctx.c.tieu_ngu, "Tiêu ngữ")
    line = ctx.c.tieu_ngu_line
    if line is None:
        if tn.any("underline"):
            yield found("H7", tn, "Tiêu ngữ được gạch chân thay cho đường kẻ ngang bên dưới")
        else:
            yield found("H7", tn, "không có đường kẻ dưới Tiêu ngữ")
        return
    if line.length_mm is None:
        raise NotEvaluable("không đo được độ dài đường kẻ dưới Tiêu ngữ")
    width = text_width_mm(tn.stripped, tn.size, bold=True)
    tol = R.TIEU_NGU_RULE_TOLERANCE
    if not width * (1 - tol) <= line.length_mm <= width * (1 + tol):
        yield found(
            "H7",
            line.paragraph,
            f"đường kẻ dài {line.length_mm:.1f} mm, dòng chữ Tiêu ngữ dài {width:.1f} mm",
            muc_do=MucDo.CANH_BAO,
        )


def _issuing_and_superior(c: Components) -> tuple[list[Paragraph], list[Paragraph]]:
    """Split the agency lines into chủ quản (regular, above) and issuing (bold) lines."""
    lines = c.agency
    first_bold = next((i for i, p in enumerate(lines) if p.all("bold")), None)
    if first_bold is None:
        return lines[-1:], lines[:-1]
    return lines[first_bold:], lines[:first_bold]


@rule("H8")
def _h8(ctx: Ctx) -> Iterator[Finding]:
    need(ctx.c.agency, "tên cơ quan ban hành")
    issuing, _ = _issuing_and_superior(ctx.c)
    for paragraph in issuing:
        yield from report_style(
            "H8",
            paragraph,
            "tên cơ quan ban hành",
            size=nd30.SIZES["co_quan_ban_hanh"],
            bold=True,
            italic=False,
            center=True,
            caps=True,
        )


@rule("H9")
def _h9(ctx: Ctx) -> Iterator[Finding]:
    need(ctx.c.agency, "tên cơ quan ban hành")
    _, superior = _issuing_and_superior(ctx.c)
    if not superior:
        raise NotApplicable
    for paragraph in superior:
        yield from report_style(
            "H9",
            paragraph,
            "tên cơ quan chủ quản",
            size=nd30.SIZES["co_quan_chu_quan"],
            bold=False,
            italic=False,
            center=True,
            caps=True,
        )


def _ratio_check(
    rule_id: str, line: DrawnLine | None, texts: list[Paragraph], name: str
) -> Iterator[Finding]:
    if line is None:
        yield found(rule_id, texts[-1], f"không có đường kẻ dưới {name}")
        return
    if line.length_mm is None:
        raise NotEvaluable(f"không đo được độ dài đường kẻ dưới {name}")
    widths = []
    for paragraph in texts:
        for piece in paragraph.text.split("\n"):
            if piece.strip():
                width = text_width_mm(piece.strip(), paragraph.size, bold=paragraph.all("bold"))
                if paragraph.width_twips:
                    width = min(width, nd30.mm(paragraph.width_twips))
                widths.append(width)
    text_width = max(widths, default=0)
    if not text_width:
        raise NotEvaluable(f"không đo được độ dài dòng chữ {name}")
    low, high = nd30.RULE_RATIO
    ratio = line.length_mm / text_width
    tol = R.RATIO_TOLERANCE
    if not low * (1 - tol) <= ratio <= high * (1 + tol):
        yield found(
            rule_id,
            line.paragraph,
            f"đường kẻ dưới {name} dài {line.length_mm:.1f} mm = {ratio:.2f} dòng chữ ({text_width:.1f} mm)",
            muc_do=MucDo.CANH_BAO,
        )


@rule("H10")
def _h10(ctx: Ctx) -> Iterator[Finding]:
    need(ctx.c.agency, "tên cơ quan ban hành")
    issuing, _ = _issuing_and_superior(ctx.c)
    yield from _ratio_check("H10", ctx.c.agency_line, issuing, "tên cơ quan")


_SO_LINE = re.compile(r"^Số\s*:\s*(?P<so>\d*)\s*/\s*(?P<kh>\S.*)$")


@rule("H11")
def _h11(ctx: Ctx) -> Iterator[Finding]:
    so = ctx.c.so
    if so is None:
        if ctx.c.letterhead is None and ctx.c.quoc_hieu is None:
            raise NotEvaluable("không tìm thấy phần đầu văn bản")
        yield found("H11", ctx.c.letterhead or Where(phan=1), "không tìm thấy dòng «Số: …»")
        return
    text = " ".join(so.stripped.split())
    if not _SO_LINE.match(text):
        yield found("H11", so, f"dòng số, ký hiệu ghi «{text}»")
    elif "-" not in text.split("/", 1)[1]:
        yield found("H11", so, f"ký hiệu «{text.split('/', 1)[1].strip()}» thiếu nhóm chữ nối bằng «-»")


@rule("H12")
def _h12(ctx: Ctx) -> Iterator[Finding]:
    so = need(ctx.c.so, "dòng «Số:»")
    yield from report_style(
        "H12", so, "dòng số, ký hiệu", size=nd30.SIZES["so_ky_hieu"], bold=False, italic=False, center=True
    )


def _number(c: Components) -> str | None:
    if c.so is None:
        return None
    match = _SO_LINE.match(" ".join(c.so.stripped.split()))
    return match.group("so") if match else None


@rule("H13")
def _h13(ctx: Ctx) -> Iterator[Finding]:
    number = _number(ctx.c)
    if number is None:
        raise NotEvaluable("không đọc được số văn bản")
    if not number:
        raise NotApplicable  # draft: blank number
    value = int(number)
    if value == 0 or vi.so(value) != number:
        yield found("H13", ctx.c.so, f"số văn bản ghi «{number}», cần «{vi.so(max(value, 1))}»")


@rule("H14")
def _h14(ctx: Ctx) -> Iterator[Finding]:
    so = need(ctx.c.so, "dòng «Số:»")
    text = so.text.strip()
    if "/" not in text:
        raise NotEvaluable("dòng số, ký hiệu không có «/»")
    number, symbol = text.split("/", 1)
    number = re.sub(r"^Số\s*:", "", number)
    problems = []
    if number.strip() and number != number.rstrip():
        problems.append("dấu cách trước «/»")
    if symbol != symbol.lstrip():
        problems.append("dấu cách sau «/»")
    if re.search(r"\s", symbol.strip()):
        problems.append("dấu cách bên trong ký hiệu")
    if problems:
        yield found("H14", so, f"ký hiệu «{text}» có {', '.join(problems)}")


@rule("H15")
def _h15(ctx: Ctx) -> Iterator[Finding]:
    c = ctx.c
    symbol = c.symbol
    if symbol is None:
        raise NotEvaluable("không đọc được ký hiệu văn bản")
    groups = [g for g in symbol.split("/")[-1].split("-") if g]
    if not groups:
        raise NotEvaluable("ký hiệu văn bản trống")
    first = groups[0]
    abbreviations = {loai.viet_tat: loai for loai in nd30.LOAI_VAN_BAN.values() if loai.viet_tat}
    if c.cong_van:
        if first in abbreviations:
            yield found(
                "H15",
                c.so,
                f"công văn có ký hiệu bắt đầu bằng «{first}» là chữ viết tắt của "
                f"tên loại {abbreviations[first].ten.lower()}",
            )
        return
    if c.loai is None:
        if c.ten_loai is None:
            raise NotEvaluable("không xác định được tên loại văn bản")
        raise NotEvaluable(f"tên loại «{c.ten_loai.stripped}» không có trong Phụ lục III")
    expected = c.loai.viet_tat
    if first != expected:
        old = R_OLD.get(first)
        hint = f" (chữ viết tắt cũ theo Thông tư 01/2011, nay là «{old}»)" if old else ""
        yield found(
            "H15",
            c.so,
            f"ký hiệu bắt đầu bằng «{first}»{hint} nhưng tên loại là «{c.loai.ten_in_hoa}» "
            f"(viết tắt «{expected}»)",
        )


R_OLD = nd30.VIET_TAT_CU


@rule("H16")
def _h16(ctx: Ctx) -> Iterator[Finding]:
    so = need(ctx.c.so, "dòng «Số:»")
    if re.search(r"/\s*(19|20)\d{2}\s*/", so.stripped):
        yield found(
            "H16", so, f"số, ký hiệu «{so.stripped}» có năm ban hành (kiểu văn bản quy phạm pháp luật)"
        )


_DATE_LINE = re.compile(
    r"^(?P<place>[^,]+),\s*ngày\s*(?P<d>\d*)\s*tháng\s*(?P<m>\d*)\s*năm\s*(?P<y>\d{4})\s*$"
)


@rule("H17")
def _h17(ctx: Ctx) -> Iterator[Finding]:
    date = ctx.c.date
    if date is None:
        if ctx.c.quoc_hieu is None:
            raise NotEvaluable("không tìm thấy phần đầu văn bản")
        if ctx.c.loai is not None and ctx.c.loai.khoa == "bien_ban":
            raise NotApplicable  # Mẫu 1.9: the header of a biên bản has no place and date
        yield found("H17", ctx.c.quoc_hieu, "không tìm thấy dòng địa danh, ngày tháng năm")
        return
    text = " ".join(date.stripped.split())
    match = _DATE_LINE.match(text)
    if not match:
        yield found("H17", date, f"dòng địa danh, ngày tháng ghi «{text}»")
        return
    day, month = match.group("d"), match.group("m")
    if (day and not 1 <= int(day) <= 31) or (month and not 1 <= int(month) <= 12):
        yield found("H17", date, f"ngày {day} tháng {month} không có thật")


def _need_date(ctx: Ctx) -> Paragraph:
    if ctx.c.date is None and ctx.c.loai is not None and ctx.c.loai.khoa == "bien_ban":
        raise NotApplicable  # Mẫu 1.9: the header of a biên bản has no place and date
    return need(ctx.c.date, "dòng địa danh, ngày tháng")


@rule("H18")
def _h18(ctx: Ctx) -> Iterator[Finding]:
    date = _need_date(ctx)
    yield from report_style(
        "H18",
        date,
        "dòng địa danh, ngày tháng",
        size=nd30.SIZES["dia_danh_ngay"],
        italic=True,
        bold=False,
        center=True,
    )
    if ctx.c.letterhead is not None and date in ctx.c.left:
        yield found("H18", date, "dòng địa danh, ngày tháng nằm ở cột trái")


@rule("H19")
def _h19(ctx: Ctx) -> Iterator[Finding]:
    date = _need_date(ctx)
    match = _DATE_LINE.match(" ".join(date.stripped.split()))
    if not match:
        raise NotEvaluable("dòng ngày tháng không đúng dạng nên không xét cách ghi ngày, tháng")
    day, month = match.group("d"), match.group("m")
    if not day and not month:
        raise NotApplicable  # draft
    if day and 1 <= int(day) <= 31 and day != vi.ngay(int(day)):
        yield found("H19", date, f"ngày ghi «{day}», cần «{vi.ngay(int(day))}»")
    if month and 1 <= int(month) <= 12 and month != vi.thang(int(month)):
        number = int(month)
        severity = MucDo.LOI if number <= 2 else MucDo.CANH_BAO
        yield found("H19", date, f"tháng ghi «{month}», cần «{vi.thang(number)}»", muc_do=severity)


@rule("H20")
def _h20(ctx: Ctx) -> Iterator[Finding]:
    date = _need_date(ctx)
    match = _DATE_LINE.match(" ".join(date.stripped.split()))
    if not match:
        raise NotEvaluable("dòng ngày tháng không đúng dạng nên không tách được địa danh")
    place = match.group("place").strip()
    bad = [
        word
        for word in place.split()
        if word[:1].isalpha() and not word[:1].isupper() and word not in R.DIA_DANH_LOWER
    ]
    if bad:
        yield found("H20", date, f"địa danh «{place}» có tiếng không viết hoa: {', '.join(bad)}")


@rule("H21")
def _h21(ctx: Ctx) -> Iterator[Finding]:
    qh, tn = need(ctx.c.quoc_hieu, "Quốc hiệu"), need(ctx.c.tieu_ngu, "Tiêu ngữ")
    date = ctx.c.date
    problems = []
    if tn.size - qh.size != 1:
        problems.append(f"Quốc hiệu cỡ {pt(qh.size)}, Tiêu ngữ cỡ {pt(tn.size)}")
    if date is not None and date.size != tn.size:
        problems.append(f"ngày tháng cỡ {pt(date.size)} khác Tiêu ngữ cỡ {pt(tn.size)}")
    if problems:
        yield found("H21", tn, "; ".join(problems))


# --- title block ----------------------------------------------------------------------------------


@rule("T1")
def _t1(ctx: Ctx) -> Iterator[Finding]:
    c = ctx.c
    if c.cong_van:
        raise NotApplicable
    if c.ten_loai is None:
        if c.quoc_hieu is None:
            raise NotEvaluable("không tìm thấy phần đầu văn bản")
        yield found("T1", c.so or Where(phan=1), "không tìm thấy tên loại văn bản (và không phải công văn)")
        return
    if c.loai is None:
        yield found(
            "T1", c.ten_loai, f"tên loại «{c.ten_loai.stripped}» không phải văn bản hành chính theo Điều 7"
        )
    yield from report_style(
        "T1",
        c.ten_loai,
        "tên loại",
        size=nd30.SIZES["ten_loai"],
        bold=True,
        italic=False,
        center=True,
        caps=True,
    )


@rule("T2")
def _t2(ctx: Ctx) -> Iterator[Finding]:
    c = ctx.c
    if c.cong_van or c.ten_loai is None:
        raise NotApplicable
    if c.loai is not None and not c.loai.trich_yeu:
        raise NotApplicable
    if not c.trich_yeu:
        yield found("T2", c.ten_loai, "không có trích yếu ngay dưới tên loại")
        return
    for paragraph in c.trich_yeu:
        yield from report_style(
            "T2",
            paragraph,
            "trích yếu",
            size=nd30.SIZES["trich_yeu"],
            bold=True,
            italic=False,
            center=True,
            caps=False,
        )


@rule("T3")
def _t3(ctx: Ctx) -> Iterator[Finding]:
    c = ctx.c
    if c.cong_van or c.ten_loai is None:
        raise NotApplicable
    texts = c.trich_yeu or [c.ten_loai]
    yield from _ratio_check("T3", c.trich_yeu_line, texts, "trích yếu" if c.trich_yeu else "tên loại")


@rule("T4")
def _t4(ctx: Ctx) -> Iterator[Finding]:
    c = ctx.c
    if c.ten_loai is not None and canon(c.ten_loai.stripped) == canon(vi.upper("Công văn")):
        yield found("T4", c.ten_loai, "công văn có ghi tên loại «CÔNG VĂN»")
        return
    if not c.cong_van:
        raise NotApplicable
    if not c.vv:
        yield found("T4", c.so or Where(phan=1), "công văn không có dòng trích yếu «V/v …» dưới số, ký hiệu")
        return
    for paragraph in c.vv:
        yield from report_style(
            "T4",
            paragraph,
            "trích yếu công văn",
            size=nd30.SIZES["trich_yeu_cong_van"],
            bold=False,
            italic=False,
            center=True,
        )


@rule("T5")
def _t5(ctx: Ctx) -> Iterator[Finding]:
    c = ctx.c
    if c.loai is None or c.loai.trich_yeu:
        raise NotApplicable
    return []


# --- body -----------------------------------------------------------------------------------------

_MUC = re.compile(r"^(?P<n>[IVXLC]+)\.\s")
_KHOAN = re.compile(r"^(?P<n>\d+)\.\s")
_DIEM = re.compile(r"^(?P<n>[a-zđ])\)\s")
_PHAN = re.compile(r"^(Phần|Chương)\s+(?P<n>[IVXLC]+|thứ\s+\S+)\s*$", re.IGNORECASE)
_MUC_A = re.compile(r"^(Mục|Tiểu mục)\s+(?P<n>\d+)\s*$")
_DIEU = re.compile(r"^Điều\s+(?P<n>\d+)\.")
_SUB = re.compile(r"^\d+(\.\d+)+\.?\s")


def _body_paragraphs(ctx: Ctx) -> list[Paragraph]:
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
    return [p for p in _body_paragraphs(ctx) if not _is_heading(p)]


def _need_body(ctx: Ctx) -> list[Paragraph]:
    paragraphs = _text_paragraphs(ctx)
    if not paragraphs:
        raise NotEvaluable("không xác định được phần nội dung văn bản")
    return paragraphs


@rule("B1")
def _b1(ctx: Ctx) -> Iterator[Finding]:
    for paragraph in _need_body(ctx):
        problems = []
        if problem := size_problem(paragraph, nd30.SIZES["noi_dung"]):
            problems.append(problem)
        numbered = bool(_MUC.match(paragraph.stripped) or _KHOAN.match(paragraph.stripped))
        allowed = {"both", "distribute"} | ({"left", "start"} if numbered else set())
        if (paragraph.fmt.jc or "left") not in allowed:
            problems.append(f"canh «{paragraph.fmt.jc or 'left'}» thay vì canh đều hai lề")
        if paragraph.all("italic") and not _SUB.match(paragraph.stripped):
            problems.append("cả đoạn in nghiêng")
        if problems:
            yield found("B1", paragraph, "đoạn nội dung: " + ", ".join(problems))


@rule("B2")
def _b2(ctx: Ctx) -> Iterator[Finding]:
    tol = R.FIRST_LINE_TOLERANCE
    for paragraph in _need_body(ctx):
        first = paragraph.fmt.first_line
        if not any(abs(first - want) <= tol for want in R.FIRST_LINE_TWIPS):
            yield found("B2", paragraph, f"lùi đầu dòng {nd30.mm(first) / 10:.2f} cm".replace(".", ","))


@rule("B3")
def _b3(ctx: Ctx) -> Iterator[Finding]:
    paragraphs = _need_body(ctx)
    previous = None
    for block in ctx.c.body:
        if not isinstance(block, Paragraph) or block not in paragraphs:
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
def _b4(ctx: Ctx) -> Iterator[Finding]:
    low, high = R.LINE_AUTO_RANGE
    for paragraph in _need_body(ctx):
        fmt = paragraph.fmt
        line = fmt.line if fmt.line is not None else 240
        if fmt.line_rule == "auto":
            if not low - 2 <= line <= high + 2:
                yield found("B4", paragraph, f"giãn dòng {line / 240:.2f} dòng".replace(".", ","))
        else:
            points = line / 20
            natural = R.NATURAL_LINE_EM * paragraph.size
            if not natural * 0.95 <= points <= natural * 1.5 * 1.05 and not (
                fmt.line_rule == "atLeast" and points <= natural
            ):
                yield found(
                    "B4",
                    paragraph,
                    f"khoảng cách dòng cố định {pt(points)} pt với chữ cỡ {pt(paragraph.size)}",
                )


@rule("B5")
def _b5(ctx: Ctx) -> Iterator[Finding]:
    items = ctx.c.can_cu
    if not items:
        raise NotApplicable
    for n, paragraph in enumerate(items):
        yield from report_style("B5", paragraph, "căn cứ", size=nd30.SIZES["can_cu"], italic=True)
        text = paragraph.stripped
        want = "." if n == len(items) - 1 else ";"
        if not text.endswith(want):
            position = "căn cứ cuối cùng" if want == "." else "căn cứ"
            yield found("B5", paragraph, f"{position} {_ending(text, want)}")


def _label_checks(ctx: Ctx, rule_id: str, pattern: re.Pattern) -> Iterator[Finding]:
    paragraphs = _body_paragraphs(ctx)
    labels = [i for i, p in enumerate(paragraphs) if pattern.match(p.stripped)]
    if not labels:
        raise NotApplicable
    for i in labels:
        label = paragraphs[i]
        yield from report_style(
            rule_id, label, "dòng tiêu đề", size=nd30.SIZES["noi_dung"], bold=True, center=True
        )
        title = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
        if title is None or pattern.match(title.stripped):
            yield found(rule_id, label, f"«{label.stripped}» không có tên ở dòng dưới")
        else:
            yield from report_style(rule_id, title, "tên", bold=True, center=True, caps=True)


@rule("B6")
def _b6(ctx: Ctx) -> Iterator[Finding]:
    yield from _label_checks(ctx, "B6", _PHAN)


@rule("B7")
def _b7(ctx: Ctx) -> Iterator[Finding]:
    yield from _label_checks(ctx, "B7", _MUC_A)


@rule("B8")
def _b8(ctx: Ctx) -> Iterator[Finding]:
    articles = [p for p in _body_paragraphs(ctx) if _DIEU.match(p.stripped)]
    if not articles:
        raise NotApplicable
    expected = 1
    for paragraph in articles:
        head = paragraph.runs[0] if paragraph.runs else None
        if head is not None and not head.fmt.bold:
            yield found("B8", paragraph, "«Điều …» không in đậm")
        number = int(_DIEU.match(paragraph.stripped).group("n"))
        if number != expected:
            yield found("B8", paragraph, f"điều số {number} đứng sau điều {expected - 1}", muc_do=MucDo.LOI)
        expected = number + 1
        title = paragraph.stripped.split(".", 1)[1].strip()
        if not title:
            yield found("B8", paragraph, "điều không có tên")


@rule("B9")
def _b9(ctx: Ctx) -> Iterator[Finding]:
    items = [
        p
        for p in _body_paragraphs(ctx)
        if _MUC.match(p.stripped) and vi.from_roman(_MUC.match(p.stripped).group("n")) is not None
    ]
    if not items:
        raise NotApplicable
    for paragraph in items:
        title = _MUC.sub("", paragraph.stripped)
        problems = style_problems(paragraph, bold=True)
        if title != vi.upper(title):
            problems.append("tên mục không viết in hoa")
        if problems:
            yield found("B9", paragraph, "mục: " + ", ".join(problems))


@rule("B10")
def _b10(ctx: Ctx) -> Iterator[Finding]:
    items = [p for p in _body_paragraphs(ctx) if _KHOAN.match(p.stripped)]
    if not items:
        raise NotApplicable
    for paragraph in items:
        text = _KHOAN.sub("", paragraph.stripped)
        long_text = len(text) > 160 or bool(re.search(r"[.;:]\s+\S", text))
        if paragraph.all("bold") and long_text:
            yield found("B10", paragraph, "khoản có nội dung dài (không phải tiêu đề) nhưng in đậm cả đoạn")


def _structure(ctx: Ctx) -> list[tuple[str, str, Paragraph]]:
    """The numbered items of the body in order: (kind, number, paragraph), kind in phan/muc/khoan/diem."""
    out = []
    for paragraph in _body_paragraphs(ctx):
        text = paragraph.stripped
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


@rule("B11")
def _b11(ctx: Ctx) -> Iterator[Finding]:
    structure = _structure(ctx)
    if not any(kind == "diem" for kind, _, _ in structure):
        raise NotApplicable
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
def _b12(ctx: Ctx) -> Iterator[Finding]:
    paragraphs = [p for p in _body_paragraphs(ctx)]
    if not paragraphs:
        raise NotEvaluable("không xác định được phần nội dung văn bản")
    last = paragraphs[-1]
    if not last.stripped.endswith(nd30.CLOSING_MARK):
        yield found("B12", last, "đoạn nội dung cuối không kết thúc bằng «./.»")


@rule("B13")
def _b13(ctx: Ctx) -> Iterator[Finding]:
    structure = _structure(ctx)
    if not any(kind == "muc" for kind, _, _ in structure):
        raise NotApplicable
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
                    f"mục «{number}.» {what}: sau mục {vi.roman(expected - 1) if expected > 1 else '(đầu)'} "
                    f"cần mục «{vi.roman(expected)}.»",
                )
            expected = value + 1


@rule("B14")
def _b14(ctx: Ctx) -> Iterator[Finding]:
    structure = _structure(ctx)
    if not any(kind == "khoan" for kind, _, _ in structure):
        raise NotApplicable
    expected = 1
    for kind, number, paragraph in structure:
        if kind in {"phan", "muc", "dieu"}:
            expected = 1
        elif kind == "khoan":
            value = int(number)
            if value != expected:
                what = "lặp lại" if value < expected else "nhảy số"
                yield found("B14", paragraph, f"khoản «{number}.» {what}: cần khoản «{expected}.»")
            expected = value + 1


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
def _s1(ctx: Ctx) -> Iterator[Finding]:
    for block in _signatures(ctx):
        yield from _s1_block(block)


def _s1_block(block: list[Paragraph]) -> Iterator[Finding]:
    lines = block[:-1]
    if not lines:
        yield found("S1", block[-1], "không có dòng quyền hạn, chức vụ người ký")
    for paragraph in lines:
        yield from report_style(
            "S1",
            paragraph,
            "chức vụ người ký",
            size=nd30.SIZES["chuc_vu"],
            bold=True,
            italic=False,
            center=True,
            caps=True,
        )


@rule("S2")
def _s2(ctx: Ctx) -> Iterator[Finding]:
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
def _s3(ctx: Ctx) -> Iterator[Finding]:
    for block in _signatures(ctx):
        yield from _s3_name(block[-1])


def _s3_name(name: Paragraph) -> Iterator[Finding]:
    yield from report_style(
        "S3",
        name,
        "họ tên người ký",
        size=nd30.SIZES["ho_ten"],
        bold=True,
        italic=False,
        center=True,
        caps=False,
    )


@rule("S4")
def _s4(ctx: Ctx) -> Iterator[Finding]:
    for block in _signatures(ctx):
        name = block[-1]
        text = name.stripped
        title = next((t for t in nd30.HOC_HAM_HOC_VI if text.lower().startswith(t.lower())), None)
        if title is not None:
            yield found("S4", name, f"họ tên người ký bắt đầu bằng «{title.strip()}»")


@rule("R1")
def _r1(ctx: Ctx) -> Iterator[Finding]:
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
    yield from report_style(
        "R1", label, "«Nơi nhận:»", size=nd30.SIZES["noi_nhan_label"], bold=True, italic=True, underline=False
    )
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
def _r2(ctx: Ctx) -> Iterator[Finding]:
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
        yield from report_style(
            "R2", paragraph, "dòng nơi nhận", size=nd30.SIZES["noi_nhan_item"], bold=False, italic=False
        )
    for entry in entries[:-1]:
        end = entry[-1].stripped
        if not end.endswith(";"):
            yield found("R2", entry[-1], f"dòng nơi nhận {_ending(end, ';')}")


_LUU = re.compile(r"^-\s*Lưu\s*:\s*VT(,\s*.+)?\.(\s*[A-ZĐ]+[A-ZĐ.]*\.\(\d+\))?$")


@rule("R3")
def _r3(ctx: Ctx) -> Iterator[Finding]:
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
def _r4(ctx: Ctx) -> Iterator[Finding]:
    c = ctx.c
    khoa = c.loai.khoa if c.loai else None
    if khoa not in nd30.LOAI_CO_KINH_GUI and c.kinh_gui is None:
        raise NotApplicable
    if c.kinh_gui is None:
        if khoa == "cong_van":
            yield found("R4", c.so or Where(phan=1), "công văn không có «Kính gửi:»")
            return
        raise NotApplicable  # tờ trình, báo cáo not sent to a superior
    yield from report_style(
        "R4", c.kinh_gui, "«Kính gửi»", size=nd30.SIZES["kinh_gui"], bold=False, italic=False
    )
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
def _r5(ctx: Ctx) -> Iterator[Finding]:
    items = ctx.c.kinh_gui_items
    if ctx.c.kinh_gui is None or len(items) < 2:
        raise NotApplicable
    for n, paragraph in enumerate(items):
        want = "." if n == len(items) - 1 else ";"
        if not paragraph.stripped.endswith(want):
            yield found("R5", paragraph, f"dòng kính gửi {_ending(paragraph.stripped, want)}")
        if not paragraph.stripped.startswith("-"):
            yield found("R5", paragraph, "dòng kính gửi không bắt đầu bằng «-»")


@rule("R6")
def _r6(ctx: Ctx) -> Iterator[Finding]:
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


# --- optional components --------------------------------------------------------------------------


@rule("O1")
def _o1(ctx: Ctx) -> Iterator[Finding]:
    mark = ctx.c.do_khan
    if mark is None:
        raise NotApplicable
    yield from report_style("O1", mark, "dấu mức độ khẩn", size=nd30.SIZES["do_khan"], bold=True, caps=True)


@rule("O3")
def _o3(ctx: Ctx) -> Iterator[Finding]:
    drafter = ctx.c.drafter
    if drafter is None:
        raise NotApplicable
    yield from report_style(
        "O3", drafter, "ký hiệu người soạn thảo", size=nd30.SIZES["ky_hieu_nguoi_soan"], italic=False
    )


@rule("O5")
def _o5(ctx: Ctx) -> Iterator[Finding]:
    if not ctx.c.annexes:
        raise NotApplicable
    for annex in ctx.c.annexes:
        yield from report_style(
            "O5",
            annex.heading,
            "tiêu đề «Phụ lục»",
            size=nd30.SIZES["phu_luc_heading"],
            bold=True,
            italic=False,
            center=True,
        )
        for title in annex.title:
            yield from report_style(
                "O5",
                title,
                "tên phụ lục",
                size=nd30.SIZES["phu_luc_title"],
                bold=True,
                center=True,
                caps=True,
            )
        kem = annex.kem_theo
        if kem is None:
            yield found("O5", annex.heading, "phụ lục không có dòng «(Kèm theo …)»")
            continue
        yield from report_style("O5", kem, "dòng «Kèm theo»", size=nd30.SIZES["kem_theo"], italic=True)
        if not (kem.stripped.startswith("(Kèm theo") and kem.stripped.endswith(")")):
            yield found("O5", kem, "dòng «Kèm theo» không đặt trong ngoặc «(Kèm theo …)»")


@rule("O6")
def _o6(ctx: Ctx) -> Iterator[Finding]:
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
    body = canon(" ".join(p.stripped for p in _body_paragraphs(ctx)))
    if not ctx.c.annex_only and "phụ lục" not in body.lower():
        yield found(
            "O6", annexes[0].heading, "nội dung văn bản không dẫn chiếu đến phụ lục", muc_do=MucDo.CANH_BAO
        )


_KEM_SO = re.compile(r"số\s*(?P<so>\d*)\s*/\s*(?P<kh>[^\s,)]+(?:\s*-\s*[^\s,)]+)*)")
_KEM_NGAY = re.compile(r"ngày\s*(?P<d>\d*)\s*tháng\s*(?P<m>\d*)\s*năm\s*(?P<y>\d{4})")


@rule("O10")
def _o10(ctx: Ctx) -> Iterator[Finding]:
    c = ctx.c
    annexes = [a for a in c.annexes if a.kem_theo is not None]
    if not annexes:
        raise NotApplicable
    if c.annex_only:
        raise NotEvaluable("phụ lục tách riêng: không có văn bản chính trong tệp để đối chiếu")
    so_match = _SO_LINE.match(" ".join(c.so.stripped.split())) if c.so else None
    date_match = _DATE_LINE.match(" ".join(c.date.stripped.split())) if c.date else None
    if so_match is None or date_match is None:
        raise NotEvaluable("không đọc được số, ký hiệu hoặc ngày của văn bản để đối chiếu")
    number = so_match.group("so")
    symbol = re.sub(r"\s+", "", so_match.group("kh"))
    day, month, year = date_match.group("d"), date_match.group("m"), date_match.group("y")
    for annex in annexes:
        text = " ".join(annex.kem_theo.stripped.split())
        problems = []
        m = _KEM_SO.search(text)
        if m is None:
            problems.append("không ghi số, ký hiệu của văn bản")
        else:
            if m.group("so") != number:
                problems.append(f"số «{m.group('so') or '(trống)'}» khác số văn bản «{number or '(trống)'}»")
            if re.sub(r"\s+", "", m.group("kh")) != symbol:
                problems.append(f"ký hiệu «{m.group('kh')}» khác «{symbol}»")
        d = _KEM_NGAY.search(text)
        if d is None:
            problems.append("không ghi ngày tháng năm của văn bản")
        elif (d.group("d"), d.group("m"), d.group("y")) != (day, month, year):
            problems.append(
                f"ngày «{d.group('d') or '…'}/{d.group('m') or '…'}/{d.group('y')}» khác ngày văn bản "
                f"«{day or '…'}/{month or '…'}/{year}»"
            )
        if c.loai is not None and c.loai.khoa != "cong_van" and c.loai.ten.lower() not in canon(text).lower():
            problems.append(f"không ghi tên loại «{c.loai.ten}»")
        if problems:
            yield found("O10", annex.kem_theo, "dòng «Kèm theo»: " + "; ".join(problems))


#: Rules with no automatic check yet: why, for the report.
NOT_AUTOMATED = {
    "O2": "chưa tự động nhận diện chỉ dẫn phạm vi lưu hành",
    "O4": "chưa tự động nhận diện khối địa chỉ cơ quan",
    "O7": "chưa tự động nhận diện bản sao",
    "O8": "chưa tự động nhận diện thông tin chữ ký số",
    "O9": "hình ảnh chữ ký, con dấu không đo được trong tệp DOCX",
}

_ = is_blank
