"""``vbhc merge``: one document per spreadsheet row (mail merge)."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import click

from vbhc.cli.cluster import cluster_from, dask_options, refuse_with_dask
from vbhc.cli.common import done, echo_err, warn
from vbhc.errors import InputError, Vitri


@click.command()
@click.argument("template", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("data", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="Thư mục ghi các văn bản (tạo mới nếu chưa có; tệp sẵn có không bị xóa, "
              "tệp trùng tên chỉ bị ghi đè khi có --ghi-de).")
@click.option("--name", default="{stt}-{ho_ten}.docx", show_default=True,
              help="Mẫu tên tệp: tên cột trong ngoặc nhọn, có thể kèm định dạng ngắn (độ rộng tối đa 3 chữ "
              "số), ví dụ «{stt:03d}-{ho_va_ten}.docx».")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Số tiến trình chạy song song.")
@click.option("--pdf", is_flag=True, help="Ghi thêm bản PDF bên cạnh mỗi DOCX (cần LibreOffice).")
@click.option("--sheet", default=None, help="Tên trang tính chứa dữ liệu (mặc định: trang đầu tiên).")
@click.option("--ghi-de", "--overwrite", "ghi_de", is_flag=True,
              help="Ghi đè tệp đã có trong thư mục ra trùng tên với tệp sắp ghi. Không có tùy chọn này, "
              "vbhc từ chối và liệt kê các tên trùng, không ghi tệp nào.")
@dask_options
def merge(
    template: Path, data: Path, out_dir: Path, name: str, jobs: int, pdf: bool, sheet: str | None,
    ghi_de: bool, dask: str | None, dask_chunk: int | None, dask_shared: bool,
) -> None:
    """Trộn thư: tạo một văn bản DOCX cho mỗi dòng của DATA.xlsx theo mẫu TEMPLATE.docx.

    Dòng đầu của trang tính là tên cột; trong mẫu, cột «Họ và tên» là biến {{ ho_va_ten }}
    (viết thường, bỏ dấu, nối bằng _), tên gốc dùng được qua {{ cot["Họ và tên"] }}.

    Ví dụ: vbhc merge giay_moi.docx dai_bieu.xlsx -o giay_moi/ --name "{stt}-{ho_va_ten}.docx" -j 2

    Trên cụm Dask: vbhc merge giay_moi.docx dai_bieu.xlsx -o giay_moi/ --pdf --dask tcp://may-chu:8786
    """
    from vbhc.workflows.merge import merge as run_merge

    cluster = cluster_from(dask, dask_chunk, dask_shared)
    refuse_with_dask(cluster, {"-j": jobs > 1})

    bar = None
    show = sys.stderr.isatty()

    def progress(count: int, total: int) -> None:
        nonlocal bar
        if not show:
            return
        if bar is None:
            bar = click.progressbar(length=total, label="Đang tạo văn bản", file=sys.stderr)
            bar.__enter__()
        bar.update(count - bar.pos)

    try:
        with warnings.catch_warnings(record=True) as caught:  # e.g. the PDF font warnings
            warnings.simplefilter("always")
            result = run_merge(template, data, out_dir, name=name, jobs=jobs, pdf=pdf, sheet=sheet,
                               progress=progress, ghi_de=ghi_de, cluster=cluster)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    for warning in result.warnings:
        warn(str(warning))
    for message in dict.fromkeys(str(w.message) for w in caught):
        warn(message)
    done(f"Đã tạo {len(result.written)} văn bản trong «{out_dir}».")
    if result.pdf:
        done(f"Đã tạo {len(result.pdf)} tệp PDF.")
    if result.failures:
        for failure in result.failures:
            echo_err(f"  - {failure}")
        raise InputError(
            f"{len(result.failures)} dòng không tạo được văn bản (danh sách ở trên); "
            "các dòng khác đã được ghi",
            Vitri(tep=str(data)),
        )
