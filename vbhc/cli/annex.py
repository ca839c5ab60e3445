"""``vbhc annex``: an annex (phụ lục) alone, from a task spreadsheet, as XLSX or DOCX."""

from __future__ import annotations

import os
import re
from pathlib import Path

import click

from vbhc.cli.common import done, warn
from vbhc.errors import InputError, Vitri

#: The annex title when neither --title nor a source gives one.
DEFAULT_TITLE = "Danh mục nhiệm vụ"
OUTPUT_SUFFIXES = (".xlsx", ".docx")
_HEADING = re.compile(r"^phụ lục(\s+[IVXLCDM\d]+)?\.?$", re.IGNORECASE)
_KEM_THEO = re.compile(r"^\(?\s*kèm theo\b", re.IGNORECASE)


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
@click.option(
    "--title",
    help="Tên phụ lục (mặc định: tên trong tệp nguồn, tên bảng của bảng tính, hoặc «Danh mục nhiệm vụ»).",
)
@click.option("--extra-columns", is_flag=True, help="In thêm mọi cột khác của bảng tính (sau các cột chuẩn).")
@click.option(
    "--giu-tieu-de",
    is_flag=True,
    help="Giữ tên cột và tên bảng (các dòng trên dòng tiêu đề) như trong bảng tính, "
    "thay cho tên cột chuẩn Nghị định 30.",
)
@click.option(
    "--template",
    type=click.Path(path_type=Path),
    help="Mẫu XLSX riêng của cơ quan (sửa từ templates/phu_luc.xlsx) cho tệp ra .xlsx.",
)
@click.option("--pdf", "with_pdf", is_flag=True, help="Ghi thêm bản PDF cạnh tệp ra (cần LibreOffice).")
def annex(
    tasks: Path,
    output: Path,
    sheet: str | None,
    source: Path | None,
    title: str | None,
    extra_columns: bool,
    giu_tieu_de: bool,
    template: Path | None,
    with_pdf: bool,
) -> None:
    """Tạo phụ lục danh mục nhiệm vụ từ bảng tính BẢNG_TÍNH (.xlsx).

    \b
    Ví dụ:
      vbhc annex nhiem_vu.xlsx -o phu_luc.xlsx
      vbhc annex nhiem_vu.xlsx -o phu_luc.docx --source ke_hoach.md
      vbhc annex so_theo_doi.xlsx -o pl.xlsx --giu-tieu-de --extra-columns
      vbhc annex nhiem_vu.xlsx -o phu_luc.xlsx --template mau_phu_luc.xlsx
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
    if template is not None and (suffix != ".xlsx" or template.suffix.lower() != ".xlsx"):
        raise InputError("--template là mẫu .xlsx, dùng khi tệp ra là .xlsx", Vitri(tep=str(template)))
    warnings = Warnings()
    parent = None
    index = 0
    source_title = None
    if source is not None:
        from vbhc.sources.markdown import load

        parent = load(source, warnings=warnings, cho_phep_ngoai_thu_muc=True)  # a local command
        index, source_title = _annex_of(parent, tasks)
    bang = read_tasks(tasks, sheet, warnings=warnings, show_extra=extra_columns, giu_tieu_de=giu_tieu_de)
    for item in warnings:
        warn(str(item))
    sheet_heading, sheet_title, sheet_kem_theo = sheet_title_parts(bang.tieu_de_goc)
    own = sheet_title if giu_tieu_de or parent is None else None  # the sheet's own title, kept
    title = title or own or source_title
    phu_luc = PhuLuc(tieu_de=title or DEFAULT_TITLE, bang=bang)
    inputs = tuple(p for p in (tasks, source) if p is not None)
    if suffix == ".xlsx":
        from vbhc.writers.xlsx import write_annex_xlsx

        heading = parent.tieu_de_phu_luc(index) if parent else sheet_heading
        kwargs = {"tieu_de_phu_luc": heading} if heading else {}
        kem_theo = None if parent else sheet_kem_theo
        write_annex_xlsx(
            phu_luc, output, parent=parent, inputs=inputs, kem_theo=kem_theo, template=template, **kwargs
        )
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


def sheet_title_parts(lines: list[str]) -> tuple[str | None, str | None, str | None]:
    """A sheet's title lines split into its «Phụ lục …» heading, its title and its «(Kèm theo …)» line."""
    heading = next((line for line in lines if _HEADING.match(line)), None)
    kem_theo = next((line for line in lines if _KEM_THEO.match(line)), None)
    title = " ".join(line for line in lines if line not in (heading, kem_theo))
    return heading, title or None, kem_theo
