"""``vbhc pdf`` (DOCX/XLSX → PDF, one LibreOffice for the batch) and ``vbhc preview`` (page 1 as PNG)."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from vbhc.cli.common import done, warn
from vbhc.errors import InputError, Vitri

T = TypeVar("T")


def with_font_warnings(action: Callable[[], T]) -> T:
    """Run ``action``; print each FontWarning it raises as one Vietnamese ``Cảnh báo:`` line."""
    from vbhc.writers.pdf import FontWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", FontWarning)
        result = action()
    seen = set()
    for item in caught:
        if issubclass(item.category, FontWarning):
            text = str(item.message)
            if text not in seen:
                seen.add(text)
                warn(text)
        else:
            warnings.warn_explicit(item.message, item.category, item.filename, item.lineno)
    return result


@click.command("pdf")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--out-dir",
    type=click.Path(path_type=Path),
    help="Thư mục ghi PDF (mặc định: cạnh từng tệp vào).",
)
@click.option(
    "--timeout",
    type=float,
    default=None,
    help="Thời gian chờ tối đa (giây); mặc định tính theo số tệp và dung lượng.",
)
def pdf(files: tuple[Path, ...], out_dir: Path | None, timeout: float | None) -> None:
    """Chuyển tệp DOCX (hoặc XLSX) sang PDF bằng LibreOffice, một lần chạy cho cả loạt tệp.

    \b
    Ví dụ:
      vbhc pdf ke_hoach.docx
      vbhc pdf out/*.docx -o out/pdf
    """
    from vbhc.writers.pdf import to_pdf

    if timeout is not None and timeout <= 0:
        raise InputError(
            f"thời gian chờ {timeout:g} giây không hợp lệ",
            Vitri(truong="--timeout"),
            goi_y="dùng một số giây dương, ví dụ --timeout 300",
        )
    written = with_font_warnings(lambda: to_pdf(list(files), out_dir, timeout=timeout))
    for path in written:
        done(f"Đã ghi {path}")


@click.command("preview")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path),
    help="Tệp PNG ghi ra (mặc định: cùng tên với tệp vào, đuôi .png).",
)
@click.option("--dpi", type=int, default=100, show_default=True, help="Độ phân giải ảnh (10–600).")
def preview(file: Path, out: Path | None, dpi: int) -> None:
    """Vẽ trang đầu của tệp DOCX (hoặc PDF) thành ảnh PNG để xem nhanh, không cần mở Word.

    \b
    Ví dụ:
      vbhc preview ke_hoach.docx
      vbhc preview ke_hoach.docx -o trang1.png --dpi 150
    """
    from vbhc.writers.pdf import first_page_png

    target = out if out is not None else file.with_suffix(".png")
    written = with_font_warnings(lambda: first_page_png(file, target, dpi=dpi))
    done(f"Đã ghi {written}")
