"""The annex as XLSX: ``vbhc.writers.xlsx.write_annex_xlsx`` vs plain openpyxl (normal mode) writing
the same formatted table (title, header row, borders, wrapped text on every cell)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.common import Measure, median_time, not_measured, so

MUC_TIEU = "dưới 1,5 s cho 20.000 dòng"
LIMIT_S = 1.5


def openpyxl_plain(rows: list[dict[str, str]], out: Path) -> None:
    """What a developer writes with openpyxl alone: append rows, style each cell, save."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    book = Workbook()
    sheet = book.active
    sheet.title = "Phụ lục"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    font = Font(name="Times New Roman", size=12)
    wrap = Alignment(wrap_text=True, vertical="top")
    sheet.append(["DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026"])
    sheet.merge_cells("A1:F1")
    sheet.append(["TT", "Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian", "Sản phẩm"])
    for cell in sheet[2]:
        cell.font = Font(name="Times New Roman", size=12, bold=True)
        cell.border = border
    keys = ["stt", "noi_dung", "chu_tri", "phoi_hop", "thoi_gian", "san_pham"]
    for number, row in enumerate(rows, start=3):
        for column, key in enumerate(keys, start=1):
            cell = sheet.cell(row=number, column=column, value=row[key])
            cell.font, cell.border, cell.alignment = font, border, wrap
    book.save(out)


def run(work: Path, *, quick: bool) -> list[Measure]:
    count = 1000 if quick else 20000
    repeats = 1 if quick else 3
    ten = f"Phụ lục {so(count, 0)} dòng (XLSX)"
    try:
        from benchmarks.bench_annex import tasks, van_ban
        from vbhc.writers.xlsx import write_annex_xlsx

        plan = van_ban(count)
        rows = tasks(count)
        write_annex_xlsx(van_ban(10).phu_luc[0], work / "warm.xlsx", parent=plan)  # imports, not timed
        fast, _ = median_time(lambda: write_annex_xlsx(plan.phu_luc[0], work / "vbhc.xlsx", parent=plan),
                              repeats)
        base, _ = median_time(lambda: openpyxl_plain(rows, work / "openpyxl.xlsx"), 1)
    except Exception as error:
        return [not_measured(ten, MUC_TIEU, error)]
    limit = LIMIT_S * count / 20000
    return [Measure(
        ten, MUC_TIEU,
        f"vbhc {so(fast, 3)} s; openpyxl thường {so(base, 3)} s",
        base / fast, fast < limit,
        f"trung vị {repeats} lần (vbhc), 1 lần (openpyxl)"
        + ("" if count == 20000 else f"; ngưỡng co theo cỡ: {so(limit, 3)} s"),
    )]
