"""Build templates/*.xlsx, the XLSX templates vbhc fills. Run: ``make templates``.

Every font, size and margin comes from vbhc/nd30.py. Each template holds a «Kiểu» sheet with one
sample cell per style (the style's name in column A, the styled sample in column B, what it is for
in column C) and one page sheet per sheet vbhc writes (print setup, page numbers, column widths). An
office may restyle them in Excel (a font, a fill, a column width, a logo on the page sheet) and
give its copy with ``--template``; the structure (rows, merges, titles' texts) comes from vbhc.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from vbhc import nd30
from vbhc.writers import register_xlsx, report_xlsx, xlsx
from vbhc.writers.sheet import STYLE_SHEET, print_setup, workbook_bytes

OUT = Path(__file__).resolve().parents[1] / "templates"
THIN = Side(style="thin", color=nd30.COLOR)
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
TOP_CENTRE = Alignment(horizontal="center", vertical="top", wrap_text=True)
TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
#: Indent of left-aligned annex cells (Excel's unit, about one character): text never touches the border.
ANNEX_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True, indent=1)
LINE = Alignment(horizontal="center", vertical="center")


def font(size: float, *, bold: bool = False, italic: bool = False) -> Font:
    return Font(name=nd30.FONT, size=size, bold=bold, italic=italic, color=nd30.COLOR)


def default(component: str) -> float:
    return nd30.SIZES[component].default


@dataclass(frozen=True)
class Style:
    """One sample cell of the «Kiểu» sheet."""

    name: str
    purpose: str
    font: Font
    alignment: Alignment
    border: Border = field(default_factory=Border)


@dataclass(frozen=True)
class Page:
    """One page sheet: its name, orientation, page numbers on top (annexes), column widths."""

    name: str
    landscape: bool = True
    number_on_top: bool = False
    widths: tuple[float, ...] = ()


@dataclass(frozen=True)
class Template:
    styles: tuple[Style, ...]
    pages: tuple[Page, ...]


TABLE = default("bang")
ANNEX = Template(
    styles=(
        Style("co_quan", "Tên cơ quan ban hành", font(default("co_quan_ban_hanh"), bold=True), CENTRE),
        Style("tieu_de_phu_luc", "Chữ «Phụ lục»", font(default("phu_luc_heading"), bold=True), CENTRE),
        Style("tieu_de", "Tên phụ lục (chữ in hoa)", font(default("phu_luc_title"), bold=True), TOP_CENTRE),
        Style("kem_theo", "Dòng «Kèm theo …»", font(default("kem_theo"), italic=True), TOP_CENTRE),
        Style("gach", "Đường kẻ ngắn dưới tên (viền trên)", font(TABLE), CENTRE, Border(top=THIN)),
        Style("tieu_de_cot", "Hàng tiêu đề cột", font(TABLE, bold=True), CENTRE, BOX),
        Style("nhom", "Dòng nhóm (I, II …)", font(TABLE, bold=True), ANNEX_LEFT, BOX),
        Style("o_trai", "Ô nội dung, căn trái", font(TABLE), ANNEX_LEFT, BOX),
        Style("o_giua", "Ô nội dung, căn giữa (TT, thời gian)", font(TABLE), TOP_CENTRE, BOX),
    ),
    pages=(Page(xlsx.SHEET_TITLE, number_on_top=True),),
)
REPORT = Template(
    styles=(
        Style("tieu_de", "Tên bảng (chữ in hoa)", font(default("ten_loai"), bold=True), CENTRE),
        Style("ngay", "Dòng «(Tính đến ngày …)»", font(TABLE, italic=True), CENTRE),
        Style("tieu_de_cot", "Hàng tiêu đề cột", font(TABLE, bold=True), CENTRE, BOX),
        Style("o_trai", "Ô nội dung, căn trái", font(TABLE), TOP_LEFT, BOX),
        Style("o_giua", "Ô nội dung, căn giữa (số, ngày)", font(TABLE), TOP_CENTRE, BOX),
        Style("tong_trai", "Dòng tổng cộng, căn trái", font(TABLE, bold=True), TOP_LEFT, BOX),
        Style("tong_giua", "Dòng tổng cộng, căn giữa", font(TABLE, bold=True), TOP_CENTRE, BOX),
    ),
    pages=tuple(
        Page(name, landscape=name != report_xlsx.SHEET_CHI_TIEU, widths=tuple(widths))
        for name, widths in report_xlsx.WIDTHS.items()
    ),
)
SO_PT = nd30.SIZES["bang"].low
REGISTER = Template(
    styles=(
        Style("co_quan_chu_quan", "Tên cơ quan chủ quản", font(nd30.SIZES["co_quan_chu_quan"].low), LINE),
        Style("co_quan", "Tên cơ quan", font(nd30.SIZES["co_quan_ban_hanh"].low, bold=True), LINE),
        Style("tieu_de", "«SỔ ĐĂNG KÝ VĂN BẢN ĐI»", font(default("ten_loai"), bold=True), LINE),
        Style("ten_so", "Tên sổ riêng, trong ngoặc", font(nd30.SIZES["noi_dung"].low, bold=True), LINE),
        Style("dong", "Các dòng Năm, Từ ngày, Từ số", font(nd30.SIZES["noi_dung"].low), LINE),
        Style("tieu_de_cot", "Hàng tiêu đề cột", font(SO_PT, bold=True), CENTRE, BOX),
        Style("so_cot", "Hàng số cột (1) … (10)", font(SO_PT), CENTRE, BOX),
        Style("o_trai", "Ô của số đã cấp, căn trái", font(SO_PT), TOP_LEFT, BOX),
        Style("o_giua", "Ô của số đã cấp, căn giữa (số, ngày)", font(SO_PT), TOP_CENTRE, BOX),
        Style("huy_trai", "Ô của số giữ chỗ, đã hủy, căn trái", font(SO_PT, italic=True), TOP_LEFT, BOX),
        Style("huy_giua", "Ô của số giữ chỗ, đã hủy, căn giữa", font(SO_PT, italic=True), TOP_CENTRE, BOX),
    ),
    pages=(Page(register_xlsx.PAGE_SHEET, widths=tuple(width for _, width in register_xlsx.COT_SO_DI)),),
)
TEMPLATES = {"phu_luc": ANNEX, "bao_cao_tong_hop": REPORT, "so_van_ban_di": REGISTER}


def _normal_font(workbook: Any) -> None:
    """Times New Roman for the Normal style of the template itself."""
    normal = Font(name=nd30.FONT, size=TABLE, family=1)
    workbook._fonts[0] = normal
    for named in workbook._named_styles:
        if named.name == "Normal":
            named.font = normal


def build(template: Template) -> bytes:
    """The template workbook as reproducible bytes."""
    workbook = Workbook()
    _normal_font(workbook)
    styles = workbook.active
    styles.title = STYLE_SHEET
    styles.append(["Tên kiểu", "Mẫu (đổi định dạng ô này)", "Dùng cho"])
    for cell in styles[1]:
        cell.font = font(TABLE, bold=True)
    for row, style in enumerate(template.styles, start=2):
        styles.cell(row, 1, style.name)
        sample = styles.cell(row, 2, "Mẫu chữ Tiếng Việt")
        sample.font, sample.alignment, sample.border = style.font, style.alignment, style.border
        styles.cell(row, 3, style.purpose)
    for letter, width in zip("ABC", (18, 40, 50), strict=True):
        styles.column_dimensions[letter].width = width
    for page in template.pages:
        ws = workbook.create_sheet(page.name)
        print_setup(ws, title_rows=(1, 1), landscape=page.landscape, number_on_top=page.number_on_top)
        ws.print_title_rows = None
        ws.freeze_panes = None
        for index, width in enumerate(page.widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
    return workbook_bytes(workbook)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, template in TEMPLATES.items():
        (OUT / f"{name}.xlsx").write_bytes(build(template))
        print(f"templates/{name}.xlsx")


if __name__ == "__main__":
    main()
