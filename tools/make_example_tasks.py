"""Write examples/ke_hoach_cchc_2026/nhiem_vu.xlsx: the annex of the flagship plan, as the office typed it.

The rows are the Danh mục nhiệm vụ of the Hùng Thắng plan (examples/ke_hoach_cchc_2026/ban_goc/),
cell by cell: every text in the column the office put it in (the first task of group II has «Đường
link, hình ảnh công khai» under Thời gian), empty cells left empty, the office's headers and title.
Only changes: the typing slip in ``SLIPS``, and the empty row the original's table left where it
broke across pages, which is not a task and is not written.

Run: ``python tools/make_example_tasks.py`` (the output is byte-for-byte reproducible).
"""

from __future__ import annotations

import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from vbhc import nd30
from vbhc.files import write_bytes
from vbhc.writers.sheet import workbook_bytes

OUT = Path(__file__).resolve().parent.parent / "examples" / "ke_hoach_cchc_2026" / "nhiem_vu.xlsx"

TITLE = "DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026"
KEM_THEO = "(Ban hành kèm theo Kế hoạch số /KH-UBND ngày 14/01/2026 của UBND xã Hùng Thắng)"
HEADER = (
    "TT",
    "Nội dung công việc",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời gian thực hiện/ hoàn thành",
    "Sản phẩm",
)
WIDTHS = (6, 52, 24, 24, 18, 40)

TTHCC = "Trung tâm Phục vụ hành chính công"
LQ = "Các cơ quan, đơn vị liên quan"

#: The office's rows: a group is one text (written across the row), a task its six cells.
ROWS: tuple[str | tuple[str, ...], ...] = (
    "I. Chỉ đạo điều hành, kiểm tra và tuyên truyền",
    ("1", "Ban hành Kế hoạch cải cách hành chính năm 2026", "Phòng Văn hóa - Xã hội",
     "Các cơ quan chuyên môn", "Trước ngày 15/01/2026", "Kế hoạch"),
    ("2", "Ban hành Kế hoạch tuyên truyền về cải cách hành chính năm 2026", "Phòng Văn hóa - Xã hội",
     "Các cơ quan chuyên môn", "Tháng 02/2026", "Kế hoạch"),
    "II. Cải cách thủ tục hành chính",
    ("1", "Cập nhật công khai thủ tục hành chính trên Cơ sở dữ liệu quốc gia về thủ tục hành chính các "
     "trang thông tin của cơ quan, đơn vị, địa phương (đạt tỷ lệ 100%).", TTHCC, LQ,
     "Đường link, hình ảnh công khai",
     "TTHC công khai trên CSDLQG về TTHC và trang thông tin điện tử của các sở, ban ngành, UBND cấp xã"),
    ("2", "Tổ chức rà soát, đơn giản hóa thủ tục hành chính liên quan đến người dân, doanh nghiệp; rà "
     "soát, đơn giản hóa thủ tục hành chính nội bộ giữa các cơ quan hành chính nhà nước", TTHCC, LQ, "",
     "Báo kết quả rà soát, văn bản thẩm định chất lượng, Quyết định thông qua phương án đơn giản hóa "
     "thủ tục hành chính"),
    ("3", "Tiếp tục thực hiện thủ tục hành chính không phụ thuộc vào địa giới hành chính trên địa bàn "
     "thành phố Hải Phòng", TTHCC, LQ, "",
     "Báo cáo công tác cải cách TTHC hàng tháng, kiểm soát thủ tục hành chính và thực hiện cơ chế một "
     "cửa, một cửa liên thông quý, năm"),
)  # fmt: skip

#: Typing slips corrected (original → corrected), each listed in README.md.
SLIPS = {"Báo kết quả rà soát": "Báo cáo kết quả rà soát"}


def rows() -> list[str | tuple[str, ...]]:
    """``ROWS`` with the slips corrected."""

    def fix(text: str) -> str:
        for slip, right in SLIPS.items():
            text = text.replace(slip, right)
        return text

    return [fix(row) if isinstance(row, str) else tuple(fix(cell) for cell in row) for row in ROWS]


def build() -> bytes:
    """The workbook as bytes (fixed timestamps, so the file only changes when the rows do)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Nhiệm vụ"
    ncol = len(HEADER)
    last = get_column_letter(ncol)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    size = nd30.SIZES["bang"].default
    body = Font(name=nd30.FONT, size=size)
    bold = Font(name=nd30.FONT, size=size, bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(wrap_text=True, vertical="center", horizontal="center")

    sheet.append([TITLE])
    sheet.append([KEM_THEO])
    sheet.append([])
    for row, font in (
        (1, Font(name=nd30.FONT, size=14, bold=True)),
        (2, Font(name=nd30.FONT, size=14, italic=True)),
    ):
        sheet.merge_cells(f"A{row}:{last}{row}")
        sheet.cell(row, 1).font = font
        sheet.cell(row, 1).alignment = centre
    sheet.append(list(HEADER))
    header_row = sheet.max_row
    for col in range(1, ncol + 1):
        cell = sheet.cell(header_row, col)
        cell.font, cell.alignment, cell.border = bold, centre, border
    for values in rows():
        group = isinstance(values, str)
        sheet.append([values] if group else [int(values[0]), *(value or None for value in values[1:])])
        row = sheet.max_row
        if group:
            sheet.merge_cells(f"A{row}:{last}{row}")
        for col in range(1, ncol + 1):
            cell = sheet.cell(row, col)
            cell.font, cell.alignment, cell.border = (bold if group else body), wrap, border
    for col, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = 9
    workbook.properties.creator = "vbhc"
    return workbook_bytes(workbook)


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else OUT
    write_bytes(out, build())
    groups = sum(isinstance(row, str) for row in ROWS)
    print(f"Đã ghi {out} ({len(ROWS) - groups} nhiệm vụ trong {groups} nhóm).")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
