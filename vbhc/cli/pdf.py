"""``vbhc pdf`` (DOCX/XLSX → PDF, one LibreOffice for the batch) and ``vbhc preview`` (page 1 as PNG)."""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from vbhc.cli.cluster import cluster_from, dask_options, refuse_with_dask
from vbhc.cli.common import done, warn
from vbhc.errors import InputError, Vitri

if TYPE_CHECKING:  # pragma: no cover
    from vbhc.signing.prepare import MetadataFor, Preparer

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
        "--dau-mm", "dau_mm", type=float, default=nd30.DAU_DUONG_KINH_MM, show_default=True,
        help="Với --ky-so: đường kính con dấu thật của cơ quan (mm, 10–80), cỡ ô dấu.",
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


def check_ky_so(ky_so: bool, ban_sao: bool, dau_mm: float) -> None:
    """InputError when ``--ban-sao`` or ``--dau-mm`` is given without ``--ky-so``, or a seal size is
    out of range."""
    from vbhc import nd30

    for given, option in ((ban_sao, "--ban-sao"), (dau_mm != nd30.DAU_DUONG_KINH_MM, "--dau-mm")):
        if given and not ky_so:
            raise InputError(f"{option} chỉ dùng cùng --ky-so", Vitri(truong=option), goi_y="thêm --ky-so")
    low, high = nd30.DAU_DUONG_KINH_MM_RANGE
    if not low <= dau_mm <= high:
        raise InputError(
            f"đường kính dấu {dau_mm:g} mm không hợp lệ", Vitri(truong="--dau-mm"),
            goi_y=f"dùng đường kính thật của con dấu, từ {low:g} đến {high:g} mm",
        )


def ky_so_flags(ky_so: bool, pdfa: bool, ban_sao: bool, dau_mm: float) -> str:
    """The options as typed (`` --ky-so --pdfa``), to repeat them in a hint."""
    from vbhc import nd30

    given = [flag for flag, on in (("--ky-so", ky_so), ("--pdfa", pdfa), ("--ban-sao", ban_sao)) if on]
    if dau_mm != nd30.DAU_DUONG_KINH_MM:
        given.append(f"--dau-mm {dau_mm:g}")
    return "".join(f" {flag}" for flag in given)


def preparer(
    ky_so: bool, ban_sao: bool, dau_mm: float, metadata_for: MetadataFor | None = None
) -> Preparer | None:
    """The ``finish`` step of :func:`vbhc.writers.pdf.to_pdf` for ``--ky-so`` (None without it)."""
    if not ky_so:
        return None
    from vbhc.signing.fields import BAN_SAO
    from vbhc.signing.prepare import Preparer

    return Preparer(kieu=BAN_SAO if ban_sao else None, seal_mm=dau_mm, metadata_for=metadata_for)


def written_line(
    path: Path, source: Path, pdfa: bool, finish: Preparer | None, lead: str = "Đã ghi"
) -> str:
    """``Đã ghi a.pdf (PDF/A-2b; sẵn sàng ký số, ô ký: …)``."""
    notes = ["PDF/A-2b"] if pdfa else []
    if finish is not None:
        notes.append(f"sẵn sàng ký số, {finish.done[source].describe()}")
    return f"{lead} {path}" + (f" ({'; '.join(notes)})" if notes else "")


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
    help="Thời gian chờ tối đa (giây; với -j N: cho mỗi tệp); mặc định tính theo số tệp và dung lượng.",
)
@click.option(
    "-j", "--jobs", type=int, default=None,
    help="Số LibreOffice chạy song song (1: một LibreOffice cho cả loạt); mặc định tự chọn: "
    "từ 10 tệp trở lên, một LibreOffice chạy sẵn cho mỗi lõi (tối đa 4).",
)
@ky_so_options
@click.option(
    "-r", "--register", "register_path", type=click.Path(path_type=Path),
    help="Với --ky-so: sổ văn bản đi; PDF của văn bản đã ban hành trong sổ có siêu dữ liệu Phụ lục VI (XMP).",
)
@dask_options
def pdf(
    files: tuple[Path, ...], out_dir: Path | None, timeout: float | None, jobs: int | None, ky_so: bool,
    pdfa: bool, ban_sao: bool, dau_mm: float, register_path: Path | None, dask: str | None,
    dask_chunk: int | None, dask_shared: bool,
) -> None:
    """Chuyển tệp DOCX (hoặc XLSX) sang PDF bằng LibreOffice: một lần chạy cho cả loạt tệp, hoặc
    nhiều LibreOffice chạy sẵn song song khi loạt tệp lớn (-j); PDF giống nhau từng byte mọi cách.

    Với --ky-so, một tệp PDF có sẵn (bản quét để làm bản sao điện tử, văn bản kèm theo) cũng nhận
    được ô ký số của cơ quan; PDF ghi vào -o hoặc cạnh tệp vào, tên TÊN-ky-so.pdf.

    \b
    Ví dụ:
      vbhc pdf ke_hoach.docx
      vbhc pdf out/*.docx -o out/pdf
      vbhc pdf out/*.docx -o out/pdf -j 2
      vbhc pdf quyet_dinh.docx --ky-so --pdfa
      vbhc pdf ban_quet.pdf --ky-so --ban-sao
      vbhc pdf out/*.docx -o out/pdf --dask tcp://may-chu:8786
    """
    from vbhc.convert.pool import batch_converter
    from vbhc.writers.pdf import to_pdf

    cluster = cluster_from(dask, dask_chunk, dask_shared)
    if cluster is not None:
        from vbhc.cluster.batch import pdf_on

        refuse_with_dask(cluster, {"-j": jobs is not None, "--timeout": timeout is not None, "--ky-so": ky_so,
                                   "--pdfa": pdfa, "--register": register_path is not None})
        for path in with_font_warnings(lambda: pdf_on(cluster, files, out_dir)):
            done(f"Đã ghi {path}")
        return

    if timeout is not None and timeout <= 0:
        raise InputError(
            f"thời gian chờ {timeout:g} giây không hợp lệ",
            Vitri(truong="--timeout"),
            goi_y="dùng một số giây dương, ví dụ --timeout 300",
        )
    check_ky_so(ky_so, ban_sao, dau_mm)
    if register_path is not None and not ky_so:
        raise InputError("--register chỉ dùng cùng --ky-so", Vitri(truong="--register"), goi_y="thêm --ky-so")
    existing = _existing_pdfs(files, ky_so, pdfa, ban_sao, dau_mm)
    converted = [f for f in files if f not in existing]
    _check_clash(existing, converted, out_dir)
    with contextlib.ExitStack() as stack:
        metadata_for = None
        if register_path is not None:
            from vbhc.metadata.lookup import metadata_for as lookup
            from vbhc.register import Register

            metadata_for = lookup(stack.enter_context(Register(register_path, create=False)))
        finish = preparer(ky_so, ban_sao, dau_mm, metadata_for)
        converter = stack.enter_context(batch_converter(len(converted), jobs, timeout=timeout))
        written = with_font_warnings(
            lambda: to_pdf(converted, out_dir, timeout=timeout, pdfa=pdfa, finish=finish, converter=converter)
        )
    pairs = zip(converted, written, strict=True)
    lines = {source: written_line(path, source, pdfa, finish) for source, path in pairs}
    lines.update(_write_existing(existing, out_dir))
    for source in files:
        done(lines[source])
        if register_path is not None and source in converted and not finish.done[source].metadata:
            warn(f"«{source}» không có trong sổ «{register_path}» (chưa ban hành bằng vbhc issue): "
                 "PDF không có siêu dữ liệu Phụ lục VI")


def _existing_pdfs(files: tuple[Path, ...], ky_so: bool, pdfa: bool, ban_sao: bool, dau_mm: float):
    """The PDFs among ``files``, prepared for ký số in memory (a scan for a bản sao điện tử)."""
    pdfs = [f for f in dict.fromkeys(files) if f.suffix.lower() == ".pdf"]
    if not pdfs:
        return {}
    where = Vitri(tep=str(pdfs[0]))
    if not ky_so:
        raise InputError("tệp đã là PDF", where, goi_y="dùng --ky-so để thêm ô ký số vào một PDF có sẵn")
    if pdfa:
        raise InputError("--pdfa chỉ dùng khi LibreOffice xuất PDF từ DOCX, XLSX", where, goi_y="bỏ --pdfa")
    from vbhc.signing.fields import BAN_SAO, KEM_THEO
    from vbhc.signing.prepare import prepare_existing

    kieu = BAN_SAO if ban_sao else KEM_THEO
    return {f: prepare_existing(f, kieu=kieu, seal_mm=dau_mm) for f in pdfs}


def _existing_target(source: Path, out_dir: Path | None) -> Path:
    """Where a prepared existing PDF goes: into ``out_dir``, or beside it as ``TÊN-ky-so.pdf``."""
    return out_dir / source.name if out_dir is not None else source.with_name(f"{source.stem}-ky-so.pdf")


def _check_clash(existing, converted: list[Path], out_dir: Path | None) -> None:
    """InputError when a prepared PDF and a converted one would be written to the same file."""
    made = {((out_dir or f.parent) / f"{f.stem}.pdf").resolve(): f for f in converted}
    for source in existing:
        other = made.get(_existing_target(source, out_dir).resolve())
        if other is not None:
            raise InputError(
                f"hai tệp vào cùng cho ra «{_existing_target(source, out_dir)}»: «{source}» và «{other}»",
                Vitri(tep=str(source)),
                goi_y="đổi tên một tệp hoặc ghi vào thư mục ra khác",
            )


def _write_existing(prepared, out_dir: Path | None) -> dict[Path, str]:
    """Write each prepared existing PDF (:func:`_existing_target`); return its line for the user."""
    from vbhc.files import write_bytes

    if out_dir is not None and prepared:
        out_dir.mkdir(parents=True, exist_ok=True)
    lines = {}
    for source, result in prepared.items():
        target = _existing_target(source, out_dir)
        write_bytes(target, result.pdf, inputs=(source,))
        lines[source] = f"Đã ghi {target} (sẵn sàng ký số, {result.describe()})"
    return lines


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
