"""Reading a big task workbook: ``read_tasks`` with python-calamine vs the openpyxl reader it replaced,
and ``vbhc annex big.xlsx -o big.docx`` as a whole process vs the plain path (openpyxl reading plus
docxtpl rendering of the same table), in the same run."""

from __future__ import annotations

import gc
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import Measure, not_measured, so
from tools.make_data import GROUP, HEADER, SHEET, tasks

MUC_TIEU_DOC = "đọc ≥ 5× nhanh hơn openpyxl (chế độ chỉ đọc)"
MUC_TIEU_LENH = "cả tiến trình ≥ 5× nhanh hơn openpyxl + docxtpl"
ROOT = Path(__file__).resolve().parent.parent

#: The plain path as a developer writes it: openpyxl reads the rows, docxtpl renders the table.
_PLAIN = """
import sys
sys.path.insert(0, {root!r})
from openpyxl import load_workbook
from docxtpl import DocxTemplate

book = load_workbook({tasks!r}, read_only=True, data_only=True)
groups = []
keys = ["stt", "noi_dung", "chu_tri", "phoi_hop", "thoi_gian", "san_pham"]
for number, values in enumerate(book[{sheet!r}].iter_rows(values_only=True), start=1):
    if number <= 2:
        continue
    if len(values) < 3 or values[2] is None:
        groups.append({{"so": values[0], "ten": values[1], "nhiem_vu": []}})
    else:
        groups[-1]["nhiem_vu"].append({{k: "" if v is None else str(v) for k, v in zip(keys, values)}})
book.close()
doc = DocxTemplate({template!r})
doc.render({{"nhom_list": groups}}, autoescape=True)
doc.save({out!r})
"""


def big_workbook(path: Path, count: int) -> Path:
    """A title row, the reference header, then ``count`` tasks in groups of ``GROUP`` (fast writer)."""
    from openpyxl import Workbook

    from vbhc.text.vi import roman

    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET)
    sheet.append(["DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026"])
    sheet.append(list(HEADER))
    for index, row in enumerate(tasks(count)):
        if index % GROUP == 0:
            sheet.append([roman(index // GROUP + 1), f"Nhóm nhiệm vụ {index // GROUP + 1}"])
        sheet.append([int(row["stt"]), *(row[k] for k in ("noi_dung", "chu_tri", "phoi_hop", "thoi_gian",
                                                          "san_pham"))])
    book.save(path)
    return path


def _read(path: Path, reader) -> int:
    from vbhc.sources import xlsx

    kept = xlsx.read_sheet
    xlsx.read_sheet = reader
    try:
        return len(xlsx.read_tasks(path).nhiem_vu)
    finally:
        xlsx.read_sheet = kept


def _run(command: list[str]) -> None:
    subprocess.run(command, check=True, capture_output=True, timeout=900, cwd=ROOT)


def timed(fn, repeats: int) -> tuple[float, float]:
    """The median CPU time (this process and its children: user + system) of ``fn``, and its median
    wall time. The machine is shared: CPU time is what the work costs, whatever else runs."""
    cpu, wall = [], []
    for _ in range(max(1, repeats)):
        gc.collect()
        before, start = os.times(), time.perf_counter()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(sum(os.times()[:4]) - sum(before[:4]))
    return statistics.median(cpu), statistics.median(wall)


def _figures(label: str, cpu: float, wall: float) -> str:
    return f"{label} {so(cpu, 3)} s CPU ({so(wall, 3)} s đồng hồ)"


def run(work: Path, *, quick: bool) -> list[Measure]:
    count = 500 if quick else 20000
    repeats = 1 if quick else 3
    doc_ten = f"Đọc bảng nhiệm vụ {so(count, 0)} dòng"
    lenh_ten = f"`vbhc annex` {so(count, 0)} dòng ra DOCX, cả tiến trình"
    try:
        from benchmarks.bench_annex import docxtpl_template
        from vbhc.sources import workbook

        path = big_workbook(work / "big.xlsx", count)
        assert _read(path, workbook.read_sheet) == _read(path, workbook.read_sheet_openpyxl) == count
        fast = timed(lambda: _read(path, workbook.read_sheet), repeats)
        base = timed(lambda: _read(path, workbook.read_sheet_openpyxl), repeats)
        sheet_fast = timed(lambda: workbook.read_sheet(path, lambda n: n[0]), repeats)
        sheet_base = timed(lambda: workbook.read_sheet_openpyxl(path, lambda n: n[0]), repeats)
    except Exception as error:
        return [not_measured(doc_ten, MUC_TIEU_DOC, error)]
    ratio = sheet_base[0] / sheet_fast[0]
    measures = [Measure(
        doc_ten, MUC_TIEU_DOC,
        f"{_figures('calamine', *sheet_fast)}, {_figures('openpyxl', *sheet_base)}; cả bảng nhiệm vụ "
        f"(read_tasks): {_figures('calamine', *fast)}, {_figures('openpyxl', *base)}, "
        f"{so(base[0] / fast[0], 1)}×",
        ratio, ratio >= 5,
        f"trung vị {repeats} lần mỗi bên, cùng tiến trình; tỉ lệ theo thời gian CPU (máy dùng chung); đọc = "
        "mọi ô của trang tính thành giá trị (calamine gồm cả bước kiểm tra gói: giới hạn kích thước, DTD, "
        "phạm vi trang tính, và chuẩn hóa giá trị); read_tasks thêm việc dựng bảng nhiệm vụ, như nhau ở "
        "hai bên",
    )]
    try:
        template = docxtpl_template(work / "mau_docxtpl.docx")
        vbhc = [sys.executable, "-m", "vbhc", "annex", str(path), "-o", str(work / "big.docx")]
        plain = _PLAIN.format(root=str(ROOT), tasks=str(path), sheet=SHEET, template=str(template),
                              out=str(work / "plain.docx"))
        whole = timed(lambda: _run(vbhc), repeats)
        whole_base = timed(lambda: _run([sys.executable, "-c", plain]), 1)
    except Exception as error:
        return [*measures, not_measured(lenh_ten, MUC_TIEU_LENH, error)]
    ratio = whole_base[0] / whole[0]
    measures.append(Measure(
        lenh_ten, MUC_TIEU_LENH,
        f"{_figures('vbhc', *whole)}; {_figures('openpyxl + docxtpl', *whole_base)}",
        ratio, ratio >= 5,
        f"tiến trình mới mỗi lần (gồm khởi động, nạp thư viện, ghi tệp); trung vị {repeats} lần (vbhc), "
        "1 lần (openpyxl + docxtpl); tỉ lệ theo thời gian CPU của tiến trình con",
    ))
    return measures
