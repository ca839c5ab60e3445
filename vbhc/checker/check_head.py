"""Letterhead and title block rules H1–H21, T1–T5 (ô 1–5 of ND30)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from vbhc import nd30
from vbhc.checker import rules as R
from vbhc.checker.checks import (
    MAX_DIGITS,
    Ctx,
    NotApplicable,
    NotEvaluable,
    found,
    need,
    pt,
    report_style,
    rule,
    so,
    style_problems,
    value_of,
)
from vbhc.checker.components import DATE_LINE, SO_LINE, Components, DrawnLine, canon
from vbhc.checker.findings import Finding
from vbhc.checker.reader import Paragraph, Where
from vbhc.checker.rules import MucDo
from vbhc.text import vi
from vbhc.text.metrics import text_width_mm

# --- letterhead -----------------------------------------------------------------------------------


@rule("H1")
def letterhead_table(ctx: Ctx) -> Iterator[Finding]:
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
def quoc_hieu_text(ctx: Ctx) -> Iterator[Finding]:
    qh = ctx.c.quoc_hieu
    if qh is None:
        yield found("H2", Where(phan=1), "không tìm thấy Quốc hiệu ở đầu văn bản")
        return
    if canon(qh.stripped) != canon(nd30.QUOC_HIEU):
        yield found("H2", qh, f"Quốc hiệu ghi «{qh.stripped}»")


@rule("H3")
def quoc_hieu_style(ctx: Ctx) -> Iterator[Finding]:
    qh = need(ctx.c.quoc_hieu, "Quốc hiệu")
    yield from report_style("H3", qh, "quoc_hieu", "Quốc hiệu", skip={"align"})  # H3 judges the column
    if ctx.c.letterhead is not None and qh in ctx.c.left:
        yield found("H3", qh, "Quốc hiệu nằm ở cột trái")


@rule("H4")
def tieu_ngu_text(ctx: Ctx) -> Iterator[Finding]:
    tn = need(ctx.c.tieu_ngu, "Tiêu ngữ")
    text = " ".join(vi.nfc(tn.text).split())
    if text == nd30.TIEU_NGU:
        return
    if text.replace("–", "-").replace("—", "-") == nd30.TIEU_NGU:
        yield found("H4", tn, "Tiêu ngữ dùng dấu gạch dài «–» thay cho gạch nối «-»", muc_do=MucDo.CANH_BAO)
    else:
        yield found("H4", tn, f"Tiêu ngữ ghi «{tn.stripped}»")


@rule("H5")
def tieu_ngu_style(ctx: Ctx) -> Iterator[Finding]:
    tn = need(ctx.c.tieu_ngu, "Tiêu ngữ")
    problems = style_problems(tn, "tieu_ngu", skip={"underline"})
    # an underline instead of the rule is H7's finding
    if tn.any("underline") and ctx.c.tieu_ngu_line is not None:
        problems.append("có gạch chân")
    if problems:
        yield found("H5", tn, "Tiêu ngữ: " + ", ".join(problems))


@rule("H6")
def quoc_hieu_tieu_ngu_single_spaced(ctx: Ctx) -> Iterator[Finding]:
    c = ctx.c
    qh, tn = need(c.quoc_hieu, "Quốc hiệu"), need(c.tieu_ngu, "Tiêu ngữ")
    if c.between_qh_tn:
        yield found("H6", tn, f"có {len(c.between_qh_tn)} dòng trống giữa Quốc hiệu và Tiêu ngữ")
    for paragraph in (qh, tn):
        if paragraph.fmt.line_rule == "auto" and (paragraph.fmt.line or 240) > R.LINE_AUTO_SINGLE_MAX:
            yield found(
                "H6", paragraph, f"giãn dòng {so(paragraph.fmt.line / 240, 2)} dòng, không phải dòng đơn"
            )


@rule("H7")
def tieu_ngu_rule(ctx: Ctx) -> Iterator[Finding]:
    tn = need(ctx.c.tieu_ngu, "Tiêu ngữ")
    line = ctx.c.tieu_ngu_line
    if line is None:
        if tn.any("underline"):
            yield found("H7", tn, "Tiêu ngữ được gạch chân thay cho đường kẻ ngang bên dưới")
        else:
            yield found("H7", tn, "không có đường kẻ dưới Tiêu ngữ")
        return
    if not line.solid:
        yield found("H7", line.paragraph, "đường kẻ dưới Tiêu ngữ là nét đứt, không phải nét liền")
    if line.length_mm is None:
        raise NotEvaluable("không đo được độ dài đường kẻ dưới Tiêu ngữ")
    width = text_width_mm(tn.stripped, tn.size, bold=bool(nd30.THANH_PHAN["tieu_ngu"].bold))
    tol = nd30.TIEU_NGU_RULE_TOLERANCE
    if not width * (1 - tol) <= line.length_mm <= width * (1 + tol):
        yield found(
            "H7",
            line.paragraph,
            f"đường kẻ dài {so(line.length_mm)} mm, dòng chữ Tiêu ngữ dài {so(width)} mm",
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
def co_quan_ban_hanh_style(ctx: Ctx) -> Iterator[Finding]:
    need(ctx.c.agency, "tên cơ quan ban hành")
    issuing, _ = _issuing_and_superior(ctx.c)
    yield from report_style("H8", issuing, "co_quan_ban_hanh", "tên cơ quan ban hành")


@rule("H9")
def co_quan_chu_quan_style(ctx: Ctx) -> Iterator[Finding]:
    need(ctx.c.agency, "tên cơ quan ban hành")
    _, superior = _issuing_and_superior(ctx.c)
    if not superior:
        raise NotApplicable
    yield from report_style("H9", superior, "co_quan_chu_quan", "tên cơ quan chủ quản")


def _ratio_check(
    rule_id: str, line: DrawnLine | None, texts: list[Paragraph], name: str
) -> Iterator[Finding]:
    if line is None:
        yield found(rule_id, texts[-1], f"không có đường kẻ dưới {name}")
        return
    if not line.solid:
        yield found(rule_id, line.paragraph, f"đường kẻ dưới {name} là nét đứt, không phải nét liền")
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
    tol = nd30.RATIO_TOLERANCE
    if not low * (1 - tol) <= ratio <= high * (1 + tol):
        yield found(
            rule_id,
            line.paragraph,
            f"đường kẻ dưới {name} dài {so(line.length_mm)} mm = {so(ratio, 2)} dòng chữ "
            f"({so(text_width)} mm)",
            muc_do=MucDo.CANH_BAO,
        )


@rule("H10")
def co_quan_rule(ctx: Ctx) -> Iterator[Finding]:
    need(ctx.c.agency, "tên cơ quan ban hành")
    issuing, _ = _issuing_and_superior(ctx.c)
    yield from _ratio_check("H10", ctx.c.agency_line, issuing, "tên cơ quan")


@rule("H11")
def so_ky_hieu_form(ctx: Ctx) -> Iterator[Finding]:
    so = ctx.c.so
    if so is None:
        if ctx.c.letterhead is None and ctx.c.quoc_hieu is None:
            raise NotEvaluable("không tìm thấy phần đầu văn bản")
        yield found("H11", ctx.c.letterhead or Where(phan=1), "không tìm thấy dòng «Số: …»")
        return
    text = " ".join(so.stripped.split())
    if not SO_LINE.match(text):
        yield found("H11", so, f"dòng số, ký hiệu ghi «{text}»")
    elif "-" not in text.split("/", 1)[1]:
        yield found("H11", so, f"ký hiệu «{text.split('/', 1)[1].strip()}» thiếu nhóm chữ nối bằng «-»")


@rule("H12")
def so_ky_hieu_style(ctx: Ctx) -> Iterator[Finding]:
    so = need(ctx.c.so, "dòng «Số:»")
    yield from report_style("H12", so, "so_ky_hieu", "dòng số, ký hiệu")


def _number(c: Components) -> str | None:
    if c.so is None:
        return None
    match = SO_LINE.match(" ".join(c.so.stripped.split()))
    return match.group("so") if match else None


@rule("H13")
def so_padded(ctx: Ctx) -> Iterator[Finding]:
    number = _number(ctx.c)
    if number is None:
        raise NotEvaluable("không đọc được số văn bản")
    if not number:
        raise NotApplicable  # draft: blank number
    value = value_of(number)
    if value == 0 or (len(number) <= MAX_DIGITS and vi.so(value) != number):
        yield found("H13", ctx.c.so, f"số văn bản ghi «{number}», cần «{vi.so(max(value, 1))}»")


@rule("H14")
def ky_hieu_without_spaces(ctx: Ctx) -> Iterator[Finding]:
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
def ky_hieu_matches_ten_loai(ctx: Ctx) -> Iterator[Finding]:
    c = ctx.c
    symbol = c.symbol
    if symbol is None:
        raise NotEvaluable("không đọc được ký hiệu văn bản")
    groups = [g for g in symbol.split("/")[-1].split("-") if g]
    if not groups:
        raise NotEvaluable("ký hiệu văn bản trống")
    first = groups[0]
    abbreviations = {loai.viet_tat: loai for loai in nd30.LOAI_VAN_BAN.values() if loai.viet_tat}
    if c.cong_van or (c.loai is not None and c.loai.viet_tat is None):  # no abbreviation: thư công
        if first in abbreviations:
            kind = "công văn" if c.cong_van else c.loai.ten.lower()
            yield found(
                "H15",
                c.so,
                f"{kind} có ký hiệu bắt đầu bằng «{first}» là chữ viết tắt của "
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
            f"ký hiệu bắt đầu bằng «{first}»{hint} nhưng tên loại là «{vi.upper(c.loai.ten)}» "
            f"(viết tắt «{expected}»)",
        )


R_OLD = nd30.VIET_TAT_CU


@rule("H16")
def no_year_in_so_ky_hieu(ctx: Ctx) -> Iterator[Finding]:
    so = need(ctx.c.so, "dòng «Số:»")
    if re.search(r"/\s*(19|20)\d{2}\s*/", so.stripped):
        yield found(
            "H16", so, f"số, ký hiệu «{so.stripped}» có năm ban hành (kiểu văn bản quy phạm pháp luật)"
        )


@rule("H17")
def dia_danh_ngay_form(ctx: Ctx) -> Iterator[Finding]:
    date = ctx.c.date
    if date is None:
        if ctx.c.quoc_hieu is None:
            raise NotEvaluable("không tìm thấy phần đầu văn bản")
        if ctx.c.loai is not None and ctx.c.loai.khoa == "bien_ban":
            raise NotApplicable  # Mẫu 1.9: the header of a biên bản has no place and date
        yield found("H17", ctx.c.quoc_hieu, "không tìm thấy dòng địa danh, ngày tháng năm")
        return
    text = " ".join(date.stripped.split())
    match = DATE_LINE.match(text)
    if not match:
        yield found("H17", date, f"dòng địa danh, ngày tháng ghi «{text}»")
        return
    day, month = match.group("d"), match.group("m")
    if (day and not 1 <= value_of(day) <= 31) or (month and not 1 <= value_of(month) <= 12):
        yield found("H17", date, f"ngày {day} tháng {month} không có thật")


def _need_date(ctx: Ctx) -> Paragraph:
    if ctx.c.date is None and ctx.c.loai is not None and ctx.c.loai.khoa == "bien_ban":
        raise NotApplicable  # Mẫu 1.9: the header of a biên bản has no place and date
    return need(ctx.c.date, "dòng địa danh, ngày tháng")


@rule("H18")
def dia_danh_ngay_style(ctx: Ctx) -> Iterator[Finding]:
    date = _need_date(ctx)
    yield from report_style("H18", date, "dia_danh_ngay", "dòng địa danh, ngày tháng")
    if ctx.c.letterhead is not None and date in ctx.c.left:
        yield found("H18", date, "dòng địa danh, ngày tháng nằm ở cột trái")


@rule("H19")
def day_month_padded(ctx: Ctx) -> Iterator[Finding]:
    date = _need_date(ctx)
    match = DATE_LINE.match(" ".join(date.stripped.split()))
    if not match:
        raise NotEvaluable("dòng ngày tháng không đúng dạng nên không xét cách ghi ngày, tháng")
    day, month = match.group("d"), match.group("m")
    if not day and not month:
        raise NotApplicable  # draft
    if day and 1 <= value_of(day) <= 31 and day != vi.ngay(value_of(day)):
        yield found("H19", date, f"ngày ghi «{day}», cần «{vi.ngay(value_of(day))}»")
    if month and 1 <= value_of(month) <= 12 and month != vi.thang(value_of(month)):
        number = value_of(month)
        severity = MucDo.LOI if number <= 2 else MucDo.CANH_BAO
        yield found("H19", date, f"tháng ghi «{month}», cần «{vi.thang(number)}»", muc_do=severity)


@rule("H20")
def dia_danh_capitals(ctx: Ctx) -> Iterator[Finding]:
    date = _need_date(ctx)
    match = DATE_LINE.match(" ".join(date.stripped.split()))
    if not match:
        raise NotEvaluable("dòng ngày tháng không đúng dạng nên không tách được địa danh")
    place = match.group("place").strip()
    bad = [
        word
        for word in place.split()
        if word[:1].isalpha() and not word[:1].isupper() and word not in nd30.DIA_DANH_LOWER
    ]
    if bad:
        yield found("H20", date, f"địa danh «{place}» có tiếng không viết hoa: {', '.join(bad)}")


@rule("H21")
def letterhead_sizes_agree(ctx: Ctx) -> Iterator[Finding]:
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
def ten_loai(ctx: Ctx) -> Iterator[Finding]:
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
    yield from report_style("T1", c.ten_loai, "ten_loai", "tên loại")


@rule("T2")
def trich_yeu(ctx: Ctx) -> Iterator[Finding]:
    c = ctx.c
    if c.cong_van or c.ten_loai is None:
        raise NotApplicable
    if c.loai is not None and not c.loai.trich_yeu:
        raise NotApplicable
    if not c.trich_yeu:
        yield found("T2", c.ten_loai, "không có trích yếu ngay dưới tên loại")
        return
    yield from report_style("T2", c.trich_yeu, "trich_yeu", "trích yếu")


@rule("T3")
def trich_yeu_rule(ctx: Ctx) -> Iterator[Finding]:
    c = ctx.c
    if c.cong_van or c.ten_loai is None:
        raise NotApplicable
    texts = c.trich_yeu or [c.ten_loai]
    yield from _ratio_check("T3", c.trich_yeu_line, texts, "trích yếu" if c.trich_yeu else "tên loại")


@rule("T4")
def trich_yeu_cong_van(ctx: Ctx) -> Iterator[Finding]:
    c = ctx.c
    if c.ten_loai is not None and canon(c.ten_loai.stripped) == canon(vi.upper("Công văn")):
        yield found("T4", c.ten_loai, "công văn có ghi tên loại «CÔNG VĂN»")
        return
    if not c.cong_van:
        raise NotApplicable
    if not c.vv:
        yield found("T4", c.so or Where(phan=1), "công văn không có dòng trích yếu «V/v …» dưới số, ký hiệu")
        return
    yield from report_style("T4", c.vv, "trich_yeu_cong_van", "trích yếu công văn")


@rule("T5")
def no_trich_yeu_needed(ctx: Ctx) -> Iterator[Finding]:
    c = ctx.c
    if c.loai is None or c.loai.trich_yeu:
        raise NotApplicable
    return []
