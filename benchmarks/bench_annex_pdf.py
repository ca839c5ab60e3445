"""PDF of a plan with a long annex: vbhc's split tables (a few hundred rows each, header repeated)
vs the same rows as one table, both converted by LibreOffice in the same run."""

from __future__ import annotations

import warnings
from pathlib import Path

from benchmarks.bench_annex import van_ban
from benchmarks.common import Measure, median_time, not_measured, so

MUC_TIEU = "phụ lục 5.000 dòng sang PDF dưới 60 s (rõ ràng dưới một phút)"


def run(work: Path, *, quick: bool) -> list[Measure]:
    count = 200 if quick else 5000
    ten = f"Phụ lục {count:,} dòng sang PDF".replace(",", ".")
    try:
        from vbhc.writers import docx, layout
        from vbhc.writers.pdf import to_pdf

        document = van_ban(count)
        split = docx.render(document, work / "chia_bang.docx")
        chunk = layout.TABLE_CHUNK_ROWS
        try:
            layout.TABLE_CHUNK_ROWS = count + 10  # the plain way: one table for all rows
            whole = docx.render(document, work / "mot_bang.docx")
        finally:
            layout.TABLE_CHUNK_ROWS = chunk
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fast, _ = median_time(lambda: to_pdf([split], work / "pdf-chia"), 1)
            base, _ = median_time(lambda: to_pdf([whole], work / "pdf-mot"), 1)
    except Exception as error:
        return [not_measured(ten, MUC_TIEU, error)]
    ratio = base / fast
    return [Measure(
        ten, MUC_TIEU,
        f"bảng chia {chunk} dòng {so(fast)} s; một bảng {so(base)} s",
        ratio, fast < 60,
        "1 lần mỗi bên; cùng nội dung, cùng LibreOffice; tỉ lệ = một bảng / bảng chia",
    )]
