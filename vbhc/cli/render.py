"""``vbhc render``, ``vbhc types``, ``vbhc new``: documents from a source file."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import click

from vbhc.cli.common import done
from vbhc.errors import InputError, Vitri

STARTERS = {"ke-hoach": "ke_hoach", "cong-van": "cong_van", "quyet-dinh": "quyet_dinh"}


@click.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Tệp DOCX ra (mặc định: cùng tên với tệp nguồn, trong thư mục hiện tại).",
)
@click.option(
    "--template",
    type=click.Path(path_type=Path),
    help="Mẫu DOCX riêng của cơ quan (docxtpl) thay cho mẫu có sẵn.",
)
@click.option("--pdf", "with_pdf", is_flag=True, help="Ghi thêm bản PDF (cần LibreOffice).")
def render(source: Path, output: Path | None, template: Path | None, with_pdf: bool) -> None:
    """Tạo văn bản DOCX từ tệp nguồn SOURCE (.md có phần khai báo YAML)."""
    from vbhc.errors import Warnings
    from vbhc.sources.markdown import load
    from vbhc.writers.docx import render as render_docx

    warnings = Warnings()
    van_ban = load(source, warnings=warnings, cho_phep_ngoai_thu_muc=True)  # a local command
    for item in warnings:
        click.echo(f"Cảnh báo: {item}", err=True)
    target = output or Path(source.stem + ".docx")
    if target.suffix.lower() != ".docx":
        raise InputError("tệp ra phải có đuôi .docx", Vitri(tep=str(target)))
    render_docx(van_ban, target, template=template)
    state = "dự thảo" if van_ban.la_du_thao else van_ban.so_ky_hieu
    annexes = f", {len(van_ban.phu_luc)} phụ lục" if van_ban.phu_luc else ""
    done(f"Đã ghi {target} ({van_ban.loai_van_ban.ten.lower()}, {state}{annexes}).")
    if with_pdf:
        from vbhc.writers.pdf import to_pdf

        for pdf in to_pdf([target]):
            done(f"Đã ghi {pdf}.")


@click.command()
def types() -> None:
    """Liệt kê 29 loại văn bản hành chính (Điều 7) và chữ viết tắt (Phụ lục III)."""
    from vbhc import nd30

    click.echo(f"{'khóa':<16} {'viết tắt':<9} tên loại")
    for loai in nd30.LOAI_VAN_BAN.values():
        click.echo(f"{loai.khoa:<16} {loai.viet_tat or '—':<9} {loai.ten}")


@click.command()
@click.argument("kind", type=click.Choice(sorted(STARTERS)))
@click.argument("folder", type=click.Path(path_type=Path))
def new(kind: str, folder: Path) -> None:
    """Tạo tệp nguồn mẫu KIND trong thư mục FOLDER để sửa rồi chạy vbhc render."""
    from vbhc.files import write_bytes

    name = STARTERS[kind]
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.md"
    if target.exists():
        raise InputError("tệp đã có, vbhc không ghi đè", Vitri(tep=str(target)))
    text = resources.files("vbhc.starters").joinpath(f"{name}.md").read_bytes()
    write_bytes(target, text)
    done(f"Đã tạo {target}. Sửa tệp rồi chạy: vbhc render {target} -o {folder / (name + '.docx')}")
