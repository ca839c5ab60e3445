"""``vbhc annex``: an annex (phụ lục) alone, from a task spreadsheet, as XLSX or DOCX."""

from __future__ import annotations

import os
from pathlib import Path

import click

from vbhc.cli.common import done, warn
from vbhc.errors import InputError, Vitri

#: The annex title when neither --title nor a source gives one.
DEFAULT_TITLE = "Danh mục nhiệm vụ"
OUTPUT_SUFFIXES = (".xlsx", ".docx")


@click.command()
@click.argument("tasks", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path),
    help="Tệp phụ lục ra: .xlsx (bảng tính in, ký) hoặc .docx.",
)
@click.option("--sheet", help="Tên trang tính chứa danh mục (mặc định: «Nhiệm vụ» hoặc trang đầu).")
@click.option(
    "--source",
    type=click.Path(path_type=Path),
    help="Tệp nguồn .md của văn bản chính: lấy số, ngày, cơ quan cho dòng «Kèm theo».",
)
@click.option("--title", help="Tên phụ lục (mặc định: tên trong tệp nguồn, hoặc «Danh mục nhiệm vụ»).")
@click.option("--extra-columns", is_flag=True, help="In thêm các cột khác của bảng tính (sau các cột chuẩn).")
@click.option("--pdf", "with_pdf", is_flag=True, help="Ghi thêm bản PDF cạnh tệp ra (cần LibreOffice).")
def annex(
    tasks: Path,
    output: Path,
    sheet: str | None,
    source: Path | None,
    title: str | None,
    extra_columns: bool,
    with_pdf: bool,
) -> None:
    """Tạo phụ lục danh mục nhiệm vụ từ bảng tính TASKS (.xlsx).

    \b
    Ví dụ:
      vbhc annex nhiem_vu.xlsx -o phu_luc.xlsx
      vbhc annex nhiem_vu.xlsx -o phu_luc.docx --source ke_hoach.md
    """
    from vbhc.errors import Warnings
    from vbhc.model import PhuLuc
    from vbhc.sources.xlsx import read_tasks

    suffix = output.suffix.lower()
    if suffix not in OUTPUT_SUFFIXES:
        raise InputError(
            f"tệp ra phải có đuôi .xlsx hoặc .docx, nhận được «{output.suffix or '(không có đuôi)'}»",
            Vitri(tep=str(output)),
        )
    warnings = Warnings()
    parent = None
    index = 0
    if source is not None:
        from vbhc.sources.markdown import load

        parent = load(source, warnings=warnings, cho_phep_ngoai_thu_muc=True)  # a local command
        index, source_title = _annex_of(parent, tasks)
        title = title or source_title
    bang = read_tasks(tasks, sheet, warnings=warnings, show_extra=extra_columns)
    for item in warnings:
        warn(str(item))
    phu_luc = PhuLuc(tieu_de=title or DEFAULT_TITLE, bang=bang)
    inputs = tuple(p for p in (tasks, source) if p is not None)
    if suffix == ".xlsx":
        from vbhc.writers.xlsx import write_annex_xlsx

        heading = parent.tieu_de_phu_luc(index) if parent else None
        kwargs = {"tieu_de_phu_luc": heading} if heading else {}
        write_annex_xlsx(phu_luc, output, parent=parent, inputs=inputs, **kwargs)
    else:
        from vbhc.writers.docx import render_phu_luc

        render_phu_luc(parent, phu_luc, output, index=index)
    groups = sum(1 for group in bang.nhom if group.ten or group.so)
    in_groups = f" trong {groups} nhóm" if groups else ""
    done(f"Đã ghi {output}: {len(bang.nhiem_vu)} nhiệm vụ{in_groups}.")
    if with_pdf:
        from vbhc.cli.pdf import with_font_warnings
        from vbhc.writers.pdf import to_pdf

        for pdf in with_font_warnings(lambda: to_pdf([output])):
            done(f"Đã ghi {pdf}.")


def _annex_of(parent: object, tasks: Path) -> tuple[int, str | None]:
    """The index and title of the source's annex that reads ``tasks`` (else the first annex)."""
    annexes = getattr(parent, "phu_luc", [])
    for index, phu_luc in enumerate(annexes):
        nguon = phu_luc.bang.nguon if phu_luc.bang else None
        if nguon and tasks.exists() and Path(nguon).exists() and os.path.samefile(nguon, tasks):
            return index, phu_luc.tieu_de
    return 0, annexes[0].tieu_de if annexes else None
