"""``vbhc verify``: check the digital signatures of a PDF."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

#: Exit codes: 0 every signature valid, 1 a signature invalid (or none), 2 the PDF unreadable.
EXIT_INVALID = 1


@click.command("verify")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--trust",
    type=click.Path(path_type=Path, dir_okay=False),
    multiple=True,
    help="Chứng thư gốc tin cậy (CA) dạng .pem hoặc .cer; dùng nhiều lần được.",
)
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
def verify(file: Path, trust: tuple[Path, ...], as_json: bool) -> None:
    """Kiểm tra chữ ký số trong tệp PDF: người ký, thời gian, tệp có bị sửa sau khi ký không,
    chứng thư có chuỗi về chứng thư gốc tin cậy (--trust) không.

    Mã thoát: 0 mọi chữ ký hợp lệ, 1 có chữ ký không hợp lệ (hoặc không có chữ ký),
    2 tệp không đọc được.

    \b
    Ví dụ:
      vbhc verify ke_hoach.ky.pdf --trust ca_goc.pem
      vbhc verify ke_hoach.ky.pdf --trust ca_goc.pem --json
    """
    from vbhc.cli.sign import quiet_libraries
    from vbhc.signing.verify import kiem_tra

    quiet_libraries()
    if not file.is_file():
        raise FileNotFoundError(2, "", str(file))
    if not trust and not as_json:
        click.echo("Cảnh báo: không có --trust: không chứng thư nào được coi là tin cậy", err=True)
    result = kiem_tra(file, trust)
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo("\n".join(result.lines()))
    sys.exit(0 if result.hop_le else EXIT_INVALID)
