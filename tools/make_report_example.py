"""Build examples/bao_cao_cchc_2026/nhiem_vu_minh_hoa.xlsx: an ILLUSTRATIVE task table for the progress
report example, modelled on the CCHC 2026 plan of xã Hùng Thắng (the flagship's five real tasks, plus
invented groups III–VII and invented progress so that every status occurs), as of late November 2026,
with indicators in a «Chỉ tiêu» sheet. It is not the office's table: the flagship
(examples/ke_hoach_cchc_2026/nhiem_vu.xlsx) is.

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

OUT = Path(__file__).resolve().parent.parent / "examples" / "bao_cao_cchc_2026" / "nhiem_vu_minh_hoa.xlsx"

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

# Illustrative tasks (not the office's table), with their progress:
# (TT, content, lead, partners, deadline, product, progress, completion date, result)
ROWS: list[tuple] = [
    ("I", "Chỉ đạo điều hành, kiểm tra và tuyên truyền"),
    (1, "Ban hành Kế hoạch cải cách hành chính năm 2026", VHXH, CQ, "Trước ngày 15/01/2026", "Kế hoạch",
     "Hoàn thành", date(2026, 1, 14), "Kế hoạch số 05/KH-UBND ngày 14/01/2026"),
    (2, "Ban hành Kế hoạch tuyên truyền về cải cách hành chính năm 2026", VHXH, CQ, "Tháng 02/2026",
     "Kế hoạch", "Hoàn thành", date(2026, 3, 6), "Kế hoạch số 21/KH-UBND ngày 06/3/2026"),
    ("II", "Cải cách thủ tục hành chính"),
    (1, "Cập nhật công khai thủ tục hành chính trên Cơ sở dữ liệu quốc gia về thủ tục hành chính các "
     "trang thông tin của cơ quan, đơn vị, địa phương (đạt tỷ lệ 100%).", TTHCC, LQ, "Thường xuyên",
     "TTHC công khai trên CSDLQG về TTHC và trang thông tin điện tử của các sở, ban ngành, UBND cấp xã; "
     "đường link, hình ảnh công khai", "Đang thực hiện", None, "Công khai 100% TTHC (186 thủ tục)"),
    (2, "Tổ chức rà soát, đơn giản hóa thủ tục hành chính liên quan đến người dân, doanh nghiệp; rà soát, "
     "đơn giản hóa thủ tục hành chính nội bộ giữa các cơ quan hành chính nhà nước", TTHCC, LQ, "Năm 2026",
     "Báo cáo kết quả rà soát, văn bản thẩm định chất lượng, Quyết định thông qua phương án đơn giản hóa "
     "thủ tục hành chính", "Hoàn thành", date(2026, 11, 27), "Phương án đơn giản hóa 5 TTHC"),
    (3, "Tiếp tục thực hiện thủ tục hành chính không phụ thuộc vào địa giới hành chính trên địa bàn thành "
     "phố Hải Phòng", TTHCC, LQ, "Hằng tháng", "Báo cáo công tác cải cách TTHC hàng tháng, kiểm soát thủ "
     "tục hành chính và thực hiện cơ chế một cửa, một cửa liên thông quý, năm", "Đang thực hiện", None,
     "Báo cáo tháng gửi đúng hạn"),
    ("III", "Cải cách thể chế"),
    (1, "Tổ chức triển khai kịp thời, đầy đủ các văn bản quy phạm pháp luật của Trung ương, thành phố liên "
     "quan đến cấp xã", VP, CQ, "Thường xuyên", "Văn bản triển khai", "Đang thực hiện", None,
     "Ban hành 23 văn bản triển khai"),
    (2, "Rà soát, kiến nghị sửa đổi, bổ sung hoặc bãi bỏ các văn bản không còn phù hợp với thực tiễn địa "
     "phương", VP, CQ, "Quý IV/2026", "Báo cáo kết quả rà soát", "Hoàn thành", date(2026, 11, 20),
     "Rà soát 42 văn bản, kiến nghị bãi bỏ 3"),
    (3, "Tuyên truyền, phổ biến, giáo dục pháp luật cho Nhân dân", VHXH, TTDV, "Năm 2026",
     "Tin, bài, hội nghị tuyên truyền", "Đang thực hiện", None, "8 hội nghị, 46 tin, bài"),
    ("IV", "Cải cách tổ chức bộ máy hành chính nhà nước"),
    (1, "Sắp xếp, phân công nhiệm vụ cho cán bộ, công chức xã bảo đảm tinh gọn, hiệu quả, đúng vị trí việc "
     "làm", VHXH, CQ, "Quý I/2026", "Quyết định phân công nhiệm vụ", "Đang thực hiện", None,
     "Chờ hướng dẫn vị trí việc làm sau sắp xếp"),
    (2, "Duy trì, cải tiến Hệ thống quản lý chất lượng theo tiêu chuẩn quốc gia TCVN ISO 9001:2015 trong "
     "hoạt động của các cơ quan chuyên môn xã", VHXH, CQ, "Năm 2026", "Báo cáo kết quả duy trì, cải tiến",
     "Hoàn thành", date(2026, 11, 18), "Đánh giá nội bộ, công bố lại Hệ thống"),
    ("V", "Cải cách chế độ công vụ"),
    (1, "Đánh giá, xếp loại cán bộ, công chức xã gắn với kết quả thực hiện nhiệm vụ", VHXH, CQ,
     "Tháng 12/2026", "Kết quả đánh giá, xếp loại", "Chưa thực hiện", None, ""),
    (2, "Kiểm tra việc chấp hành kỷ luật, kỷ cương hành chính trong thi hành công vụ", VP, CQ,
     "Thường xuyên", "Thông báo kết quả kiểm tra", "Đang thực hiện", None, "Kiểm tra đột xuất 4 lượt"),
    (3, "Cử cán bộ, công chức tham gia các lớp đào tạo, bồi dưỡng nâng cao năng lực chuyên môn", VHXH, CQ,
     "Năm 2026", "Danh sách cán bộ, công chức được cử đi đào tạo, bồi dưỡng", "Hoàn thành",
     date(2026, 10, 15), "Cử 14 lượt công chức"),
    ("VI", "Cải cách tài chính công"),
    (1, "Quản lý, sử dụng ngân sách xã đúng quy định, tiết kiệm, hiệu quả", KT, "Các cơ quan, đơn vị",
     "Thường xuyên", "Báo cáo tình hình thực hiện ngân sách", "Đang thực hiện", None, ""),
    (2, "Công khai dự toán, quyết toán ngân sách xã theo quy định của pháp luật", KT, VP, "Theo quy định",
     "Văn bản công khai ngân sách", "Hoàn thành", date(2026, 3, 30), "Dự toán 2026, quyết toán 2025"),
    (3, "Thẩm định dự trù kinh phí thực hiện nhiệm vụ cải cách hành chính năm 2026, trình UBND xã phê duyệt",
     KT, f"{VHXH}; {VP}", "Quý I/2026", "Quyết định phê duyệt kinh phí", "Hoàn thành", date(2026, 4, 15),
     "Quyết định số 145/QĐ-UBND ngày 15/4/2026"),
    ("VII", "Xây dựng chính quyền điện tử, chính quyền số"),
    (1, "Ứng dụng công nghệ thông tin trong chỉ đạo, điều hành; xử lý văn bản trên Hệ thống quản lý văn bản "
     "và điều hành", VHXH, CQ, "Thường xuyên", "Văn bản điện tử có chữ ký số", "Đang thực hiện", None,
     "98% văn bản đi được ký số"),
    (2, "Tiếp nhận, giải quyết hồ sơ thủ tục hành chính trên môi trường điện tử; tăng tỷ lệ hồ sơ nộp trực "
     "tuyến", TTHCC, LQ, "Hằng tháng", "Báo cáo tỷ lệ hồ sơ trực tuyến", "Đang thực hiện", None,
     "Tỷ lệ nộp trực tuyến 71%"),
    (3, "Đổi mới chuyên mục cải cách hành chính trên Trang thông tin điện tử của xã", TTDV, VHXH, "Hằng quý",
     "Tin, bài trên chuyên mục cải cách hành chính", "Đang thực hiện", None, "32 tin, bài"),
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
