"""Write examples/ke_hoach_cchc_2026/nhiem_vu.xlsx: the task list of the flagship plan, as an office keeps it.

Groups I and II are the real annex rows of the Hùng Thắng plan (shared/reference); groups III–VII are
drawn from the plan body (sections 2, 4–7 of Nhiệm vụ, giải pháp). The progress columns (Tiến độ,
Ngày hoàn thành, Kết quả) are left empty: the report example keeps its own filled copy.

Run: ``python tools/make_example_tasks.py`` (the output is byte-for-byte reproducible).
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from vbhc import nd30
from vbhc.files import write_bytes

OUT = Path(__file__).resolve().parent.parent / "examples" / "ke_hoach_cchc_2026" / "nhiem_vu.xlsx"
FIXED_TIME = datetime(2026, 1, 5, 8, 0, 0)

HEADER = (
    "TT",
    "Nội dung công việc",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời gian thực hiện/\nhoàn thành",
    "Sản phẩm",
    "Tiến độ",
    "Ngày hoàn thành",
    "Kết quả",
)
WIDTHS = (6, 52, 24, 24, 18, 36, 14, 14, 24)

#: Bodies, by the short names used in ROWS.
BODIES = {
    "VH": "Phòng Văn hóa - Xã hội",
    "VP": "Văn phòng HĐND và UBND xã",
    "KT": "Phòng Kinh tế",
    "TT": "Trung tâm Phục vụ hành chính công",
    "DV": "Trung tâm Dịch vụ sự nghiệp công",
    "CQ": "Các cơ quan chuyên môn",
    "LQ": "Các cơ quan, đơn vị liên quan",
    "DVi": "Các cơ quan, đơn vị",
    "VH+VP": "Phòng Văn hóa - Xã hội; Văn phòng HĐND và UBND xã",
}

#: One line a row: a group ``numeral | title``, or a task
#: ``content | lead | partners | deadline | product`` (a trailing ``\`` continues the line).
ROWS = """
I | Chỉ đạo điều hành, kiểm tra và tuyên truyền
Ban hành Kế hoạch cải cách hành chính năm 2026 | VH | CQ | Trước ngày 15/01/2026 | Kế hoạch
Ban hành Kế hoạch tuyên truyền về cải cách hành chính năm 2026 | VH | CQ | Tháng 02/2026 | Kế hoạch
II | Cải cách thủ tục hành chính
Cập nhật công khai thủ tục hành chính trên Cơ sở dữ liệu quốc gia về thủ tục hành chính các trang \
thông tin của cơ quan, đơn vị, địa phương (đạt tỷ lệ 100%). | TT | LQ | Thường xuyên | TTHC công \
khai trên CSDLQG về TTHC và trang thông tin điện tử của các sở, ban ngành, UBND cấp xã; đường link, \
hình ảnh công khai
Tổ chức rà soát, đơn giản hóa thủ tục hành chính liên quan đến người dân, doanh nghiệp; rà soát, \
đơn giản hóa thủ tục hành chính nội bộ giữa các cơ quan hành chính nhà nước | TT | LQ | Năm 2026 | \
Báo cáo kết quả rà soát, văn bản thẩm định chất lượng, Quyết định thông qua phương án đơn giản \
hóa thủ tục hành chính
Tiếp tục thực hiện thủ tục hành chính không phụ thuộc vào địa giới hành chính trên địa bàn thành \
phố Hải Phòng | TT | LQ | Hằng tháng | Báo cáo công tác cải cách TTHC hàng tháng, kiểm soát thủ tục \
hành chính và thực hiện cơ chế một cửa, một cửa liên thông quý, năm
III | Cải cách thể chế
Tổ chức triển khai kịp thời, đầy đủ các văn bản quy phạm pháp luật của Trung ương, thành phố liên \
quan đến cấp xã | VP | CQ | Thường xuyên | Văn bản triển khai
Rà soát, kiến nghị sửa đổi, bổ sung hoặc bãi bỏ các văn bản không còn phù hợp với thực tiễn địa \
phương | VP | CQ | Quý IV/2026 | Báo cáo kết quả rà soát
Tuyên truyền, phổ biến, giáo dục pháp luật cho Nhân dân | VH | DV | Năm 2026 | Tin, bài, hội nghị \
tuyên truyền
IV | Cải cách tổ chức bộ máy hành chính nhà nước
Sắp xếp, phân công nhiệm vụ cho cán bộ, công chức xã bảo đảm tinh gọn, hiệu quả, đúng vị trí việc \
làm | VH | CQ | Quý I/2026 | Quyết định phân công nhiệm vụ
Duy trì, cải tiến Hệ thống quản lý chất lượng theo tiêu chuẩn quốc gia TCVN ISO 9001:2015 trong \
hoạt động của các cơ quan chuyên môn xã | VH | CQ | Năm 2026 | Báo cáo kết quả duy trì, cải tiến
V | Cải cách chế độ công vụ
Đánh giá, xếp loại cán bộ, công chức xã gắn với kết quả thực hiện nhiệm vụ | VH | CQ | Tháng 12/2026 \
| Kết quả đánh giá, xếp loại
Kiểm tra việc chấp hành kỷ luật, kỷ cương hành chính trong thi hành công vụ | VP | CQ | Thường xuyên \
| Thông báo kết quả kiểm tra
Cử cán bộ, công chức tham gia các lớp đào tạo, bồi dưỡng nâng cao năng lực chuyên môn | VH | CQ | \
Năm 2026 | Danh sách cán bộ, công chức được cử đi đào tạo, bồi dưỡng
VI | Cải cách tài chính công
Quản lý, sử dụng ngân sách xã đúng quy định, tiết kiệm, hiệu quả | KT | DVi | Thường xuyên | Báo cáo \
tình hình thực hiện ngân sách
Công khai dự toán, quyết toán ngân sách xã theo quy định của pháp luật | KT | VP | Theo quy định | \
Văn bản công khai ngân sách
Thẩm định dự trù kinh phí thực hiện nhiệm vụ cải cách hành chính năm 2026, trình UBND xã phê \
duyệt | KT | VH+VP | Quý I/2026 | Quyết định phê duyệt kinh phí
VII | Xây dựng chính quyền điện tử, chính quyền số
Ứng dụng công nghệ thông tin trong chỉ đạo, điều hành; xử lý văn bản trên Hệ thống quản lý văn bản \
và điều hành | VH | CQ | Thường xuyên | Văn bản điện tử có chữ ký số
Tiếp nhận, giải quyết hồ sơ thủ tục hành chính trên môi trường điện tử; tăng tỷ lệ hồ sơ nộp trực \
tuyến | TT | LQ | Hằng tháng | Báo cáo tỷ lệ hồ sơ trực tuyến
Đổi mới chuyên mục cải cách hành chính trên Trang thông tin điện tử của xã | DV | VH | Hằng quý | \
Tin, bài trên chuyên mục cải cách hành chính
"""


def parse_rows(text: str = ROWS) -> list[tuple[str, str, list[list[str]]]]:
    """ROWS as groups: (numeral, title, [[content, lead, partners, deadline, product], …])."""
    groups: list[tuple[str, str, list[list[str]]]] = []
    for line in text.replace("\\\n", "").strip().splitlines():
        cells = [" ".join(cell.split()) for cell in line.split("|")]
        if len(cells) == 2:
            groups.append((cells[0], cells[1], []))
        else:
            content, lead, partners, deadline, product = cells
            groups[-1][2].append([content, BODIES[lead], BODIES[partners], deadline, product])
    return groups


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

    sheet.append(["DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026"])
    sheet.append(
        [
            "(Kèm theo Kế hoạch số      /KH-UBND ngày      tháng      năm 2026 "
            "của Ủy ban nhân dân xã Hùng Thắng)"
        ]
    )
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
    for numeral, title, tasks in parse_rows():
        sheet.append([numeral, title])
        row = sheet.max_row
        sheet.merge_cells(f"B{row}:{last}{row}")
        for col in range(1, ncol + 1):
            cell = sheet.cell(row, col)
            cell.font, cell.alignment, cell.border = bold, wrap, border
        for number, task in enumerate(tasks, start=1):
            sheet.append([number, *task])
            row = sheet.max_row
            for col in range(1, ncol + 1):
                cell = sheet.cell(row, col)
                cell.font, cell.alignment, cell.border = body, wrap, border
    for col, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = 9
    workbook.properties.creator = "vbhc"
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed entry times and modification time in docProps."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, content)
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, content)
    return out.getvalue()


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else OUT
    write_bytes(out, build())
    groups = parse_rows()
    print(f"Đã ghi {out} ({sum(len(t) for _, _, t in groups)} nhiệm vụ trong {len(groups)} nhóm).")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
