"""``vbhc render``, ``vbhc types``, ``vbhc new``: documents from a source file."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from string import Template

import click

from vbhc import nd30
from vbhc.cli.common import done
from vbhc.errors import InputError, Vitri

#: The starter written for a type without a worked one of its own (``string.Template`` fields).
GENERIC_STARTER = "_chung.md"


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
    """Tạo văn bản DOCX từ tệp nguồn TỆP_NGUỒN (.md có phần khai báo YAML)."""
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


def _worked(khoa: str) -> bytes | None:
    """The worked starter of type ``khoa`` shipped in vbhc/starters, or None."""
    starter = resources.files("vbhc.starters").joinpath(f"{khoa}.md")
    return starter.read_bytes() if starter.is_file() else None


def starter_text(khoa: str) -> bytes:
    """The starter source of type ``khoa``: its worked example when vbhc ships one, else the
    generic starter filled in for that type."""
    worked = _worked(khoa)
    if worked is not None:
        return worked
    loai = nd30.LOAI_VAN_BAN[khoa]
    ky_hieu = loai.viet_tat and f"{loai.viet_tat}-UBND"
    template = Template(resources.files("vbhc.starters").joinpath(GENERIC_STARTER).read_text("utf-8"))
    text = template.substitute(
        khoa=khoa,
        ten_thuong=loai.ten.lower(),
        mau=f"Mẫu {loai.mau}, Phụ lục III" if loai.mau else "Nghị định 30",
        ky_hieu=ky_hieu or "UBND-VP",
        ky_hieu_dong=(
            f"# ky_hieu: tự suy ra {ky_hieu}"
            if ky_hieu
            else "ky_hieu: UBND-VP       # <cơ quan>-<đơn vị soạn thảo>"
        ),
        trich_yeu_dong=(
            f"trich_yeu: Nội dung chính của {loai.ten.lower()}"
            if loai.trich_yeu
            else f"# {loai.ten.lower()} không có trích yếu"
        ),
    )
    return text.encode("utf-8")


class KindType(click.ParamType):
    """A document type key, written ``ke_hoach`` or ``ke-hoach``."""

    name = "loại"

    def convert(self, value: str, param: click.Parameter | None, ctx: click.Context | None) -> str:
        key = value.strip().lower().replace("-", "_")
        if key not in nd30.LOAI_VAN_BAN:
            self.fail(
                f"«{value}» không phải loại văn bản; dùng một trong: "
                + ", ".join(k.replace("_", "-") for k in nd30.LOAI_VAN_BAN),
                param,
                ctx,
            )
        return key


def _new_help() -> str:
    lines = [
        "Tạo tệp nguồn mẫu LOẠI trong thư mục THƯ_MỤC để sửa rồi chạy vbhc render.",
        "",
        "\b",
        "LOẠI là một trong 29 loại văn bản (viết ke-hoach hay ke_hoach đều được);",
        "«có ví dụ»: mẫu có nội dung ví dụ, các loại khác: mẫu chung theo Nghị định 30.",
    ]
    for loai in nd30.LOAI_VAN_BAN.values():
        example = "  (có ví dụ)" if _worked(loai.khoa) is not None else ""
        lines.append(f"  {loai.khoa.replace('_', '-'):<17}{loai.ten}{example}")
    lines += ["", "\b", "Ví dụ:", "  vbhc new ke-hoach ke_hoach_moi", "  vbhc new to_trinh to_trinh_moi"]
    return "\n".join(lines)


@click.command(help=_new_help())
@click.argument("kind", metavar="LOẠI", type=KindType())
@click.argument("folder", metavar="THƯ_MỤC", type=click.Path(path_type=Path))
def new(kind: str, folder: Path) -> None:
    from vbhc.files import write_bytes

    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{kind}.md"
    if target.exists():
        raise InputError("tệp đã có, vbhc không ghi đè", Vitri(tep=str(target)))
    write_bytes(target, starter_text(kind))
    done(f"Đã tạo {target}. Sửa tệp rồi chạy: vbhc render {target} -o {folder / (kind + '.docx')}")
