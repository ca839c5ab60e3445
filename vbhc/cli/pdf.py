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


def ky_so_options(func: Callable[..., T]) -> Callable[..., T]:
    """``--ky-so``, ``--pdfa``, ``--ban-sao``, ``--dau-mm``: shared by ``vbhc pdf`` and ``vbhc issue``."""
    from vbhc import nd30

    func = click.option(
        "--dau-mm", "dau_mm", type=click.FloatRange(min=10, max=80), default=nd30.DAU_DUONG_KINH_MM,
        show_default=True, help="Với --ky-so: đường kính con dấu của cơ quan (mm), cỡ ô dấu.",
    )(func)
    func = click.option(
        "--ban-sao", "ban_sao", is_flag=True,
        help="Với --ky-so: bản sao điện tử, ô ký của cơ quan ở góc trên bên phải trang đầu (ô 14).",
    )(func)
    func = click.option("--pdfa", is_flag=True, help="Xuất PDF/A-2b (lưu trữ lâu dài) qua LibreOffice.")(func)
    return click.option(
        "--ky-so", "ky_so", is_flag=True,
        help="PDF sẵn sàng ký số: thêm ô chữ ký trống (người ký, dấu cơ quan) đúng chỗ Phụ lục I.",
    )(func)


def check_ky_so(ky_so: bool, ban_sao: bool) -> None:
    """InputError when ``--ban-sao`` is given without ``--ky-so``."""
    if ban_sao and not ky_so:
        raise InputError("--ban-sao chỉ dùng cùng --ky-so", Vitri(truong="--ban-sao"), goi_y="thêm --ky-so")


def preparer(ky_so: bool, ban_sao: bool, dau_mm: float, metadata_for=None):
    """The ``finish`` step of :func:`vbhc.writers.pdf.to_pdf` for ``--ky-so`` (None without it)."""
    if not ky_so:
        return None
    from vbhc.signing.fields import BAN_SAO
    from vbhc.signing.prepare import Preparer

    return Preparer(kieu=BAN_SAO if ban_sao else None, seal_mm=dau_mm, metadata_for=metadata_for)


def written_line(path: Path, source: Path, pdfa: bool, finish) -> str:
    """``Đã ghi a.pdf (PDF/A-2b; sẵn sàng ký số, ô ký: …)``."""
    notes = ["PDF/A-2b"] if pdfa else []
    if finish is not None:
        notes.append(f"sẵn sàng ký số, {finish.done[source].describe()}")
    return f"Đã ghi {path}" + (f" ({'; '.join(notes)})" if notes else "")


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
@ky_so_options
def pdf(
    files: tuple[Path, ...], out_dir: Path | None, timeout: float | None, ky_so: bool, pdfa: bool,
    ban_sao: bool, dau_mm: float,
) -> None:
    """Chuyển tệp DOCX (hoặc XLSX) sang PDF bằng LibreOffice, một lần chạy cho cả loạt tệp.

    \b
    Ví dụ:
      vbhc pdf ke_hoach.docx
      vbhc pdf out/*.docx -o out/pdf
      vbhc pdf quyet_dinh.docx --ky-so --pdfa
    """
    from vbhc.writers.pdf import to_pdf

    if timeout is not None and timeout <= 0:
        raise InputError(
            f"thời gian chờ {timeout:g} giây không hợp lệ",
            Vitri(truong="--timeout"),
            goi_y="dùng một số giây dương, ví dụ --timeout 300",
        )
    check_ky_so(ky_so, ban_sao)
    finish = preparer(ky_so, ban_sao, dau_mm)
    written = with_font_warnings(
        lambda: to_pdf(list(files), out_dir, timeout=timeout, pdfa=pdfa, finish=finish)
    )
    for source, path in zip(files, written, strict=True):
        done(written_line(path, source, pdfa, finish))


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
