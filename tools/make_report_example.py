"""Build examples/bao_cao_cchc_2026/nhiem_vu.xlsx: the CCHC 2026 tasks of xã Hùng Thắng with their
progress as of late November 2026, and the plan's indicators in a «Chỉ tiêu» sheet.

Run: ``python tools/make_report_example.py [OUT.xlsx]``. The output is reproducible (fixed content;
openpyxl's timestamps are pinned).
"""

from __future__ import annotations

import io
import sys
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from vbhc.files import write_bytes

OUT = Path(__file__).resolve().parent.parent / "examples" / "bao_cao_cchc_2026" / "nhiem_vu.xlsx"

VHXH = "Phòng Văn hóa - Xã hội"
VP = "Văn phòng HĐND và UBND xã"
KT = "Phòng Kinh tế"
TTHCC = "Trung tâm Phục vụ hành chính công"
TTDV = "Trung tâm Dịch vụ sự nghiệp công"
CQ = "Các cơ quan chuyên môn"
LQ = "Các cơ quan, đơn vị liên quan"

HEADER = (
    "TT", "Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện/hoàn thành",
    "Sản phẩm", "Tiến độ", "Ngày hoàn thành", "Kết quả",
)  # fmt: skip

# (TT, content, lead, partners, deadline, product, progress, completion date, result)
ROWS: list[tuple] = [
    ("I", "Chỉ đạo điều hành, kiểm tra và tuyên truyền"),
    (1, "Ban hành Kế hoạch cải cách hành chính năm 2026", VHXH, CQ, "Trước ngày 15/01/2026", "Kế hoạch",
     "Hoàn thành", date(2026, 1, 14), "Kế hoạch số 05/KH-UBND ngày 14/01/2026"),
    (2, "Ban hành Kế hoạch tuyên truyền về cải cách hành chính năm 2026", VHXH, CQ, "Tháng 02/2026",
     "Kế hoạch", "Hoàn thành", date(2026, 3, 6), "Kế hoạch số 21/KH-UBND ngày 06/3/2026"),
    (3, "Kiểm tra công tác cải cách hành chính tại các cơ quan chuyên môn", VHXH, VP, "Quý III/2026",
     "Báo cáo kết quả kiểm tra", "Hoàn thành", date(2026, 9, 25), "Kiểm tra 06/06 cơ quan, đơn vị"),
    (4, "Báo cáo công tác cải cách hành chính định kỳ quý, 6 tháng, năm", VHXH, CQ, "Hằng quý",
     "Báo cáo", "Đang thực hiện", None, "Đã gửi báo cáo quý I, II, III đúng hạn"),
    (5, "Tiếp nhận, xử lý phản ánh, kiến nghị của người dân về hành chính công", VP, LQ, "Thường xuyên",
     "Sổ theo dõi", "Đang thực hiện", None, "Tiếp nhận 37 phản ánh, đã xử lý 37"),
    ("II", "Cải cách thể chế"),
    (1, "Rà soát văn bản quy phạm pháp luật do HĐND, UBND xã ban hành", VP, CQ, "Quý II/2026",
     "Báo cáo kết quả rà soát", "Hoàn thành", date(2026, 6, 26), "Rà soát 42 văn bản, kiến nghị bãi bỏ 3"),
    (2, "Tự kiểm tra, xử lý văn bản theo thẩm quyền", VP, CQ, "6 tháng cuối năm 2026",
     "Báo cáo", "Đang thực hiện", None, ""),
    (3, "Tuyên truyền, phổ biến, giáo dục pháp luật cho Nhân dân", VP, VHXH, "Năm 2026",
     "Hội nghị, tài liệu tuyên truyền", "Đang thực hiện", None, "Tổ chức 8 hội nghị"),
    ("III", "Cải cách thủ tục hành chính"),
    (1, "Cập nhật công khai thủ tục hành chính trên Cơ sở dữ liệu quốc gia về thủ tục hành chính các "
     "trang thông tin của cơ quan, đơn vị, địa phương (đạt tỷ lệ 100%).", TTHCC, LQ, "Thường xuyên",
     "TTHC công khai trên CSDLQG về TTHC và trang thông tin điện tử", "Đang thực hiện", None,
     "Công khai 100% TTHC"),
    (2, "Tổ chức rà soát, đơn giản hóa thủ tục hành chính liên quan đến người dân, doanh nghiệp; rà soát, "
     "đơn giản hóa thủ tục hành chính nội bộ giữa các cơ quan hành chính nhà nước", TTHCC, LQ,
     "Quý III/2026", "Báo cáo kết quả rà soát, phương án đơn giản hóa", "Hoàn thành", date(2026, 10, 12),
     "Phương án đơn giản hóa 5 TTHC"),
    (3, "Tiếp tục thực hiện thủ tục hành chính không phụ thuộc vào địa giới hành chính trên địa bàn thành "
     "phố Hải Phòng", TTHCC, LQ, "Hằng tháng", "Báo cáo công tác cải cách TTHC hàng tháng",
     "Đang thực hiện", None, ""),
    (4, "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", TTHCC, VHXH, "Quý II/2026",
     "Hồ sơ số hóa trên Hệ thống", "Đang thực hiện", None, "Đạt 85% hồ sơ; thiếu thiết bị quét"),
    (5, "Khảo sát mức độ hài lòng của người dân, tổ chức đối với việc giải quyết thủ tục hành chính",
     TTHCC, VHXH, "Tháng 11/2026", "Báo cáo kết quả khảo sát", "Hoàn thành", date(2026, 11, 20),
     "Mức độ hài lòng 92,4%"),
    ("IV", "Cải cách tổ chức bộ máy"),
    (1, "Rà soát, sắp xếp, phân công nhiệm vụ cho cán bộ, công chức xã theo vị trí việc làm", VHXH, CQ,
     "Quý I/2026", "Quyết định phân công nhiệm vụ", "Hoàn thành", date(2026, 3, 25),
     "Quyết định số 112/QĐ-UBND"),
    (2, "Xây dựng Đề án vị trí việc làm của các cơ quan chuyên môn thuộc UBND xã", VHXH, CQ,
     "Quý III/2026", "Đề án", "Chưa thực hiện", None, "Chờ hướng dẫn của Sở Nội vụ"),
    ("V", "Cải cách chế độ công vụ"),
    (1, "Đánh giá, xếp loại chất lượng cán bộ, công chức năm 2026", VHXH, CQ, "Tháng 12/2026",
     "Quyết định công nhận kết quả", "Chưa thực hiện", None, ""),
    (2, "Cử cán bộ, công chức tham gia các lớp đào tạo, bồi dưỡng", VHXH, CQ, "Năm 2026",
     "Kế hoạch, danh sách học viên", "Đang thực hiện", None, "Đã cử 14 lượt công chức"),
    (3, "Kiểm tra việc chấp hành kỷ luật, kỷ cương hành chính", VP, VHXH, "Quý IV/2026",
     "Thông báo kết quả kiểm tra", "Đang thực hiện", None, ""),
    ("VI", "Cải cách tài chính công"),
    (1, "Lập, giao dự toán ngân sách xã năm 2026", KT, CQ, "Trước ngày 31/01/2026", "Quyết định giao dự toán",
     "Hoàn thành", date(2026, 1, 20), "Quyết định số 18/QĐ-UBND"),
    (2, "Công khai dự toán, quyết toán ngân sách theo quy định", KT, VP, "Quý I/2026", "Thông báo công khai",
     "Hoàn thành", date(2026, 3, 30), ""),
    (3, "Thẩm định, trình phê duyệt kinh phí thực hiện nhiệm vụ cải cách hành chính năm 2026", KT,
     f"{VHXH}, {VP}", "Tháng 3/2026", "Quyết định phê duyệt kinh phí", "Hoàn thành", date(2026, 4, 15),
     "Quyết định số 145/QĐ-UBND"),
    (4, "Theo dõi, đề xuất giải pháp cải thiện Chỉ số năng lực cạnh tranh cấp xã (DDCI)", KT, LQ,
     "Năm 2026", "Báo cáo", "Đang thực hiện", None, ""),
    ("VII", "Xây dựng chính quyền điện tử, chính quyền số"),
    (1, "Duy trì, cải tiến Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015", VHXH, CQ,
     "6 tháng đầu năm 2026", "Báo cáo đánh giá nội bộ", "Hoàn thành", date(2026, 6, 26), ""),
    (2, "Gửi, nhận văn bản điện tử có ký số trên Hệ thống quản lý văn bản và điều hành", VP, CQ,
     "Thường xuyên", "Văn bản điện tử", "Đang thực hiện", None, "98% văn bản đi được ký số"),
    (3, "Nâng cấp chuyên mục cải cách hành chính trên Trang thông tin điện tử của xã", TTDV, VHXH,
     "Quý III/2026", "Chuyên mục CCHC", "Hoàn thành", date(2026, 9, 30), ""),
    (4, "Nâng tỷ lệ hồ sơ thủ tục hành chính nộp trực tuyến", TTHCC, LQ, "Quý IV/2026",
     "Báo cáo", "Đang thực hiện", None, "Đạt 71% đến tháng 10"),
]  # fmt: skip

INDICATORS = [
    (
        "Hồ sơ TTHC được tiếp nhận, giải quyết và theo dõi trên Hệ thống thông tin giải quyết TTHC",
        "100%",
        1.0,
    ),
    ("TTHC được cập nhật, công khai trên Cơ sở dữ liệu quốc gia về TTHC", "100%", 1.0),
    ("Hồ sơ TTHC giải quyết đúng và trước hạn", "≥ 98%", 0.976),
    ("Mức độ hài lòng của người dân, tổ chức đối với việc giải quyết TTHC", "≥ 90%", 0.924),
    ("Cán bộ, công chức chấp hành nghiêm kỷ luật, kỷ cương hành chính", "100%", 1.0),
]

_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = Font(name="Times New Roman", size=12)
_BOLD = Font(name="Times New Roman", size=12, bold=True)


def build() -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Nhiệm vụ"
    sheet.append(["DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026 - THEO DÕI TIẾN ĐỘ"])
    sheet["A1"].font = Font(name="Times New Roman", size=13, bold=True)
    sheet.append([])
    sheet.append(list(HEADER))
    for row in ROWS:
        values = list(row) + [None] * (len(HEADER) - len(row))
        sheet.append(values)
        current = sheet.max_row
        if len(row) == 2:
            for cell in sheet[current]:
                cell.font = _BOLD
        completion = sheet.cell(current, 8)
        if isinstance(completion.value, date):
            completion.number_format = "dd/mm/yyyy"
    for row in sheet.iter_rows(min_row=3, max_row=sheet.max_row, max_col=len(HEADER)):
        for cell in row:
            cell.border = _BORDER
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            if cell.row == 3:
                cell.font = _BOLD
            elif cell.font != _BOLD:
                cell.font = _FONT
    for letter, width in zip("ABCDEFGHI", (5, 50, 22, 22, 16, 24, 14, 13, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A4"

    indicators = workbook.create_sheet("Chỉ tiêu")
    indicators.append(["TT", "Chỉ tiêu", "Mục tiêu", "Thực hiện", "Đơn vị tính"])
    for index, (name, target, actual) in enumerate(INDICATORS, start=1):
        indicators.append([index, name, target, actual, "%"])
        indicators.cell(indicators.max_row, 4).number_format = "0.0%"
    for row in indicators.iter_rows():
        for cell in row:
            cell.border = _BORDER
            cell.font = _BOLD if cell.row == 1 else _FONT
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    for letter, width in zip("ABCDE", (5, 60, 12, 12, 10), strict=True):
        indicators.column_dimensions[letter].width = width
    pinned = datetime(2026, 11, 30, 8, 0, 0)
    workbook.properties.created = pinned
    workbook.properties.modified = pinned
    workbook.properties.creator = "vbhc"
    return workbook


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else OUT
    out.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    build().save(buffer)
    write_bytes(out, buffer.getvalue())
    print(f"Đã ghi {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
