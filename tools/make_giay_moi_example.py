"""Build examples/giay_moi_hoi_nghi_cchc/: the mail-merge example (``vbhc merge``).

* ``giay_moi.docx``: a giấy mời (Mẫu 1.7 of ND30 Phụ lục III) rendered by vbhc itself from ``SOURCE``,
  so its thể thức is vbhc's; docxtpl tags (``{{ danh_xung }}``, ``{{ ho_va_ten }}``, ``{{ chuc_vu }}``,
  ``{{ don_vi }}``) stand where each guest's cells go;
* ``dai_bieu.xlsx``: the guests, one a row, the header row naming the tags.

Run: ``python tools/make_giay_moi_example.py`` (the output is byte-for-byte reproducible).
"""

from __future__ import annotations

import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from vbhc import nd30
from vbhc.files import write_bytes
from vbhc.sources.markdown import loads
from vbhc.writers.docx import render_bytes
from vbhc.writers.sheet import workbook_bytes

OUT = Path(__file__).resolve().parent.parent / "examples" / "giay_moi_hoi_nghi_cchc"

SOURCE = """\
---
loai: giay_moi
co_quan: {ten: "ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG", viet_tat: UBND}
dia_danh: Hùng Thắng
so: 12
ngay: 2026-01-16
trich_yeu: Hội nghị triển khai Kế hoạch cải cách hành chính năm 2026
nguoi_ky: {tham_quyen: [TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH], chuc_vu: PHÓ CHỦ TỊCH, ho_ten: Vũ Trọng Thủy}
noi_nhan: [Như trên]
luu: [VT, VHXH]
---

Ủy ban nhân dân xã Hùng Thắng trân trọng kính mời: {{ danh_xung }} {{ ho_va_ten }}, {{ chuc_vu }}, \
{{ don_vi }}.

Tới dự Hội nghị triển khai Kế hoạch cải cách hành chính nhà nước năm 2026 trên địa bàn xã Hùng Thắng.

Chủ trì: Ông Vũ Trọng Thủy, Phó Chủ tịch Ủy ban nhân dân xã.

Thời gian: 08 giờ 00 phút, thứ Năm, ngày 22 tháng 01 năm 2026.

Địa điểm: Hội trường Ủy ban nhân dân xã Hùng Thắng.

Rất mong {{ danh_xung }} đến dự đúng giờ.
"""

HEADER = ("STT", "Danh xưng", "Họ và tên", "Chức vụ", "Đơn vị")
GUESTS = (
    ("Ông", "Nguyễn Văn Hải", "Trưởng phòng", "Phòng Văn hóa - Xã hội"),
    ("Bà", "Trần Thị Thu Hà", "Chánh Văn phòng", "Văn phòng HĐND và UBND xã"),
    ("Ông", "Lê Minh Tuấn", "Trưởng phòng", "Phòng Kinh tế"),
    ("Bà", "Phạm Thị Lan", "Giám đốc", "Trung tâm Phục vụ hành chính công"),
    ("Ông", "Đỗ Quang Vinh", "Giám đốc", "Trung tâm Dịch vụ sự nghiệp công"),
)
WIDTHS = (6, 12, 24, 20, 40)


def template() -> bytes:
    """The giấy mời template, as vbhc renders ``SOURCE``."""
    return render_bytes(loads(SOURCE))


def guests() -> bytes:
    """The list of guests as an XLSX workbook."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Đại biểu"
    sheet.append(list(HEADER))
    for number, guest in enumerate(GUESTS, start=1):
        sheet.append([number, *guest])
    for cell in sheet[1]:
        cell.font = Font(name=nd30.FONT, bold=True)
    for column, width in zip("ABCDE", WIDTHS, strict=True):
        sheet.column_dimensions[column].width = width
    workbook.properties.creator = "vbhc"
    return workbook_bytes(workbook)


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else OUT
    out.mkdir(parents=True, exist_ok=True)
    write_bytes(out / "giay_moi.docx", template())
    write_bytes(out / "dai_bieu.xlsx", guests())
    print(f"Đã ghi {out}/giay_moi.docx và {out}/dai_bieu.xlsx ({len(GUESTS)} đại biểu).")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
