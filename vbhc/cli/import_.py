"""``vbhc import``: a Word document read back into a source file (.md) that ``vbhc render`` prints."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from vbhc import nd30
from vbhc.cli.common import done, warn
from vbhc.errors import InputError, Vitri


@click.command("import")
@click.argument("document", metavar="VĂN_BẢN.docx", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    metavar="TỆP.md",
    help="Tệp nguồn .md ra, «-» để in ra màn hình (mặc định: cùng tên với văn bản, đuôi .md, "
    "trong thư mục hiện tại).",
)
@click.option("--force", is_flag=True, help="Ghi đè tệp ra nếu đã có.")
@click.option(
    "--nam",
    type=click.IntRange(1945, 2100),
    help="Năm ghi vào tệp nguồn khi văn bản không có dòng ngày tháng (mặc định: năm nay).",
)
def import_(document: Path, output: str | None, force: bool, nam: int | None) -> None:
    """Nhập văn bản Word VĂN_BẢN.docx thành tệp nguồn .md của vbhc (phần khai báo và nội dung).

    Những chỗ không chắc chắn (đoạn không thuộc thành phần nào, số gõ tay không liền mạch, phụ lục …)
    được in thành cảnh báo, từng đoạn một; xem docs/nhap-van-ban.md.
    """
    from vbhc.files import write_bytes
    from vbhc.importing import import_docx

    if not document.is_file():
        raise InputError("không tìm thấy văn bản Word", Vitri(tep=str(document)))
    target = None if output == "-" else Path(output) if output else Path(document.stem + ".md")
    if target is not None:
        if target.suffix.lower() != ".md":
            raise InputError("tệp nguồn ra phải có đuôi .md", Vitri(tep=str(target)))
        if target.exists() and not force:
            raise InputError(
                "tệp ra đã có; vbhc không ghi đè", Vitri(tep=str(target)), goi_y="thêm --force để ghi đè"
            )
    imported = import_docx(document, nam=nam)
    for ambiguity in imported.ambiguities:
        warn(f"{document}, {ambiguity}")
    if target is None:
        sys.stdout.write(imported.source_text)
        return
    write_bytes(target, imported.source_text.encode("utf-8"), inputs=(document,))
    count = len(imported.ambiguities)
    review = f", {count} chỗ cần xem lại" if count else ""
    done(f"Đã ghi {target} ({nd30.LOAI_VAN_BAN[imported.loai].ten.lower()}{review}).")
