"""Build data/: the sample inputs that tests, benchmarks and the documentation share. Run:
``python tools/make_data.py`` (the output is byte-for-byte reproducible).

* ``data/nhiem_vu.xlsx``: a small task table (a title row, the reference plan's header, two groups,
  three tasks), the input of ``vbhc annex`` in the tests and the docs;
* ``data/tien_do.xlsx``: a progress workbook (tasks with «Tiến độ», «Ngày hoàn thành», «Kết quả», and
  a «Chỉ tiêu» sheet), the input of ``vbhc report``: the illustrative table of the report example;
* ``data/dai_bieu.xlsx``: a merge list (one guest a row), the input of ``vbhc merge``.

The generators give the benchmarks the same data at any size: :func:`tasks` (task rows) and
:func:`guests_xlsx` (a merge list of ``count`` rows). The flagship's own table
(examples/ke_hoach_cchc_2026/nhiem_vu.xlsx, tools/make_example_tasks.py) is the office's and stays there.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tools")]

OUT = ROOT / "data"
#: The sheet of the task tables.
SHEET = "Nhiệm vụ"
TITLE = "DANH MỤC NHIỆM VỤ"
#: The header of the reference plan's annex.
HEADER = (
    "TT",
    "Nội dung công việc",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời gian thực hiện/hoàn thành",
    "Sản phẩm",
)
GROUP_I = ("I", "Chỉ đạo điều hành", None, None, None, None)
TASK_1 = (
    1,
    "Ban hành Kế hoạch",
    "Phòng Văn hóa - Xã hội",
    "Các cơ quan chuyên môn",
    "Tháng 01/2026",
    "Kế hoạch",
)
TASK_2 = (2, "Kiểm tra cải cách hành chính", "Văn phòng", "Các phòng", "Quý III", "Báo cáo")
GROUP_II = ("II", "Cải cách thủ tục hành chính", None, None, None, None)
TASK_3 = (1, "Công khai thủ tục hành chính", "Trung tâm Phục vụ hành chính công", None, "Thường xuyên", None)
#: The rows of data/nhiem_vu.xlsx under its header.
ROWS = (GROUP_I, TASK_1, TASK_2, GROUP_II, TASK_3)
#: The header of the merge list, and how many guests data/dai_bieu.xlsx lists.
GUEST_HEADER = ("Họ và tên", "Chức vụ", "Đơn vị", "Ngày họp", "Ghi chú")
GUESTS = 20
#: Tasks per group (I., II., …) in the generated big tables.
GROUP = 1000


def tasks(count: int) -> list[dict[str, str]]:
    """``count`` task rows (model keys → text), with XML-special characters, for the benchmarks."""
    return [
        {
            "stt": str(i % GROUP + 1),
            "noi_dung": f"Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực {i % 17} & cập nhật "
                        f"lên Cổng dịch vụ công <đợt {i % 4 + 1}>",
            "chu_tri": f"Phòng Văn hóa - Xã hội {i % 9}",
            "phoi_hop": "Các thôn, tổ dân phố",
            "thoi_gian": f"Quý {i % 4 + 1}/2026",
            "san_pham": "Báo cáo kết quả",
        }
        for i in range(count)
    ]  # fmt: skip


def _workbook_bytes(sheet: str, rows: Sequence[Sequence[Any]]) -> bytes:
    from openpyxl import Workbook

    from vbhc.writers.sheet import workbook_bytes

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append(list(row))
    return workbook_bytes(workbook)


def tasks_xlsx() -> bytes:
    """data/nhiem_vu.xlsx: the title row, the header, two groups and three tasks."""
    return _workbook_bytes(SHEET, [(TITLE,), HEADER, *ROWS])


def progress_xlsx() -> bytes:
    """data/tien_do.xlsx: the report example's illustrative progress table with its indicators."""
    import make_report_example

    from vbhc.writers.sheet import workbook_bytes

    return workbook_bytes(make_report_example.build())


def guests_xlsx(count: int = GUESTS) -> bytes:
    """A merge list of ``count`` guests, with XML-special characters in a column."""
    rows = [
        (f"Nguyễn Văn Đại Biểu {i}", "Ông", f"Thôn {i % 12} & Tổ dân phố <{i % 5}>", "15/12/2026",
         "Đề nghị đến đúng giờ")
        for i in range(count)
    ]  # fmt: skip
    return _workbook_bytes("Đại biểu", [GUEST_HEADER, *rows])


#: Every file of data/ and what makes it.
FILES = {"nhiem_vu.xlsx": tasks_xlsx, "tien_do.xlsx": progress_xlsx, "dai_bieu.xlsx": guests_xlsx}


def main() -> None:
    from vbhc.files import write_bytes

    OUT.mkdir(exist_ok=True)
    for name, make in FILES.items():
        write_bytes(OUT / name, make())
        print(f"data/{name}")


if __name__ == "__main__":
    main()
