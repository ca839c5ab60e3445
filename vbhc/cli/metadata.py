"""``vbhc metadata``: the Phụ lục VI metadata of an issued document as XML or JSON, written into its
PDF (XMP) and stored in its register row."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from vbhc.cli.common import done, warn
from vbhc.errors import InputError, Vitri

_REGISTER_HELP = "Tệp sổ văn bản đi (SQLite); mặc định so-van-ban.db hoặc biến môi trường VBHC_REGISTER."


def register_option(func):
    return click.option(
        "--register", "-r", "register_path", default="so-van-ban.db", envvar="VBHC_REGISTER",
        show_default=True, type=click.Path(path_type=Path), help=_REGISTER_HELP,
    )(func)


def settings_option(func):
    return click.option(
        "--cai-dat", "cai_dat_path", type=click.Path(path_type=Path), envvar="VBHC_CAI_DAT",
        help="Tệp YAML cài đặt của cơ quan: mã định danh, hồ sơ, mã định danh nơi nhận, địa danh "
        "(docs/ky-so.md, mục 4); hoặc biến môi trường VBHC_CAI_DAT.",
    )(func)


def load_settings(path: Path | None):
    from vbhc.metadata.phu_luc_vi import CaiDat, load_cai_dat

    return load_cai_dat(str(path)) if path is not None else CaiDat()


def open_register(path: Path, *, required: bool):
    """The register at ``path``; None when it does not exist and is not ``required``."""
    from vbhc.register import Register

    if not required and not path.exists():
        return None
    return Register(path, create=False)


def find(source: str, register, *, year: int, co_quan: str | None, series: str, cai_dat, pdf: Path | None,
         han_tra_loi: date | None):
    """The metadata of ``source`` (a .md, a .pdf, or a number of the register) — see vbhc.metadata.lookup."""
    from vbhc.metadata import lookup
    from vbhc.metadata.xmp import page_count

    extra: dict = {"han_tra_loi": han_tra_loi}
    path = Path(source)
    pdf_path = pdf if pdf is not None else (path if path.suffix.lower() == ".pdf" else None)
    pdf_bytes = pdf_path.read_bytes() if pdf_path is not None else None
    if pdf_bytes is not None:
        extra["so_trang"] = page_count(pdf_bytes, tep=str(pdf_path))
    if path.suffix.lower() == ".pdf":
        return lookup.of_pdf(pdf_bytes, str(path), register, cai_dat, **extra), pdf_path, pdf_bytes
    if path.suffix.lower() == ".md":
        if not path.is_file():
            raise InputError("không tìm thấy tệp nguồn", Vitri(tep=source))
        return lookup.of_source(path, register, cai_dat, **extra), pdf_path, pdf_bytes
    if register is None:
        raise InputError("không tìm thấy sổ văn bản đi để tìm số này", Vitri(truong="--register"))
    found = lookup.of_number(
        source, register, nam=year, co_quan=co_quan, series=series, cai_dat=cai_dat, **extra
    )
    return found, pdf_path, pdf_bytes


@click.command("metadata")
@click.argument("source", metavar="NGUỒN")
@register_option
@settings_option
@click.option("--year", type=int, default=date.today().year, show_default="năm nay",
              help="Năm của số văn bản khi NGUỒN là một số.")
@click.option("--co-quan", help="Cơ quan (chữ viết tắt) khi sổ có nhiều cơ quan.")
@click.option("--series", default="chung", show_default=True, help="Sổ (khóa sổ) của số văn bản.")
@click.option("--pdf", "pdf", type=click.Path(path_type=Path),
              help="Bản PDF của văn bản: cho số trang (PageAmount) và là tệp để --ghi-pdf ghi "
              "siêu dữ liệu vào.")
@click.option("--han-tra-loi", metavar="NGÀY", help="Hạn trả lời văn bản (DueDate), dạng 2026-02-01.")
@click.option("--json", "as_json", is_flag=True, help="Xuất JSON thay cho XML.")
@click.option("-o", "--output", "out", type=click.Path(path_type=Path),
              help="Tệp ra (.xml hoặc .json); không có thì in ra màn hình.")
@click.option("--ghi-pdf", "into_pdf", type=click.Path(path_type=Path),
              help="Ghi siêu dữ liệu vào XMP của bản PDF (--pdf) thành tệp này; có thể là chính tệp --pdf.")
@click.option("--ghi-so", "into_register", is_flag=True, help="Lưu siêu dữ liệu vào dòng sổ của văn bản.")
def metadata(
    source: str, register_path: Path, cai_dat_path: Path | None, year: int, co_quan: str | None, series: str,
    pdf: Path | None, han_tra_loi: str | None, as_json: bool, out: Path | None, into_pdf: Path | None,
    into_register: bool,
) -> None:
    """Siêu dữ liệu văn bản đi theo Phụ lục VI Nghị định 30 (tên trường chính thức), dạng XML hoặc JSON.

    NGUỒN là tệp nguồn .md đã ban hành, bản PDF đã có siêu dữ liệu, hoặc số văn bản trong sổ (5,
    05/KH-UBND). Điều vbhc không quản lý (mã định danh, hồ sơ) lấy từ tệp cài đặt --cai-dat.

    \b
    Ví dụ:
      vbhc metadata ke_hoach.md -r so-van-ban.db -o ke_hoach.xml
      vbhc metadata 05/KH-UBND --year 2026 --json -o ke_hoach.json
      vbhc metadata 5 --pdf ke_hoach.pdf --ghi-pdf ke_hoach.pdf --ghi-so --cai-dat co-quan.yaml
    """
    from vbhc.files import write_bytes
    from vbhc.metadata import phu_luc_vi as p6
    from vbhc.metadata.xmp import embed
    from vbhc.text.vi import parse_date

    due = parse_date(han_tra_loi, Vitri(truong="--han-tra-loi")) if han_tra_loi else None
    if into_pdf is not None and pdf is None and Path(source).suffix.lower() != ".pdf":
        raise InputError("--ghi-pdf cần bản PDF của văn bản (--pdf TỆP.pdf)", Vitri(truong="--ghi-pdf"))
    cai_dat = load_settings(cai_dat_path)
    by_number = not source.lower().endswith((".md", ".pdf"))
    register = open_register(register_path, required=into_register or by_number)
    try:
        found, pdf_path, pdf_bytes = find(source, register, year=year, co_quan=co_quan, series=series,
                                          cai_dat=cai_dat, pdf=pdf, han_tra_loi=due)
        for message in found.warnings:
            warn(message)
        meta = found.meta
        json_out = as_json or (out is not None and out.suffix.lower() == ".json")
        data = p6.to_json(meta).encode() if json_out else p6.to_xml(meta)
        if into_register:
            if found.entry is None:
                raise InputError("văn bản này không có dòng trong sổ để lưu siêu dữ liệu", Vitri(tep=source))
            register.record_metadata(found.entry.so, nam=found.entry.nam, co_quan=found.entry.co_quan,
                                     series=found.entry.series, sieu_du_lieu=p6.to_json(meta))
            done(f"Đã lưu siêu dữ liệu vào sổ «{register_path}», số {found.entry.so_hien_thi}")
    finally:
        if register is not None:
            register.close()
    if into_pdf is not None:
        write_bytes(into_pdf, embed(pdf_bytes, p6.flatten(meta), tep=str(pdf_path)))
        done(f"Đã ghi siêu dữ liệu vào XMP của {into_pdf}")
    if out is None:
        click.echo(data.decode(), nl=False)
    else:
        write_bytes(out, data)
        done(f"Đã ghi siêu dữ liệu {meta.CodeNumber}/{meta.CodeNotation} → {out}")
