"""``vbhc check --fix FILE.docx -o FIXED.docx``: repair a copy, list every change in Vietnamese.

Exit codes: 0 the copy is written and has no error left (warnings allowed unless ``--strict``);
1 the copy is written but findings are left for the clerk to correct; 2 the input cannot be read or
the copy cannot be written (nothing is written then).
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from vbhc.cli.common import EXIT_ENVIRONMENT, EXIT_INPUT

#: Version of the JSON document ``vbhc check --fix --json`` writes (docs/kiem-tra.md).
FIX_JSON_VERSION = 1


def fix_command(
    files: tuple[Path, ...], output: Path | None, *, fix: bool, as_json: bool, strict: bool
) -> int:
    """Check the options, repair ``files[0]`` into ``output``, print the changes; the exit code."""
    if not fix:
        raise click.UsageError("tùy chọn -o/--output chỉ dùng cùng --fix")
    if output is None:
        raise click.UsageError("--fix cần tệp ra: vbhc check --fix TỆP.docx -o TỆP_ĐÃ_SỬA.docx")
    if len(files) != 1:
        raise click.UsageError(f"--fix sửa từng tệp một (đã cho {len(files)} tệp)")
    source = files[0]
    if output.resolve() == source.resolve():
        raise click.UsageError("tệp ra trùng với tệp vào; --fix không ghi đè lên tệp gốc, hãy chọn tên khác")
    from vbhc.checker import UnreadableDocument, check
    from vbhc.repair import repair_file

    try:
        changes = repair_file(source, output)
        report = check(output)
    except UnreadableDocument as problem:
        click.echo(f"{source}: không đọc được — {problem.message}", err=True)
        return EXIT_ENVIRONMENT
    except MemoryError:
        from vbhc.cli.check import OUT_OF_MEMORY

        click.echo(f"{source}: {OUT_OF_MEMORY}", err=True)
        return EXIT_ENVIRONMENT
    failed = bool(report.errors) or (strict and bool(report.warnings))
    code = EXIT_INPUT if failed else 0
    done = [c for c in changes if c.da_sua]
    left = [c for c in changes if not c.da_sua]
    if as_json:
        document = {
            "phien_ban_luoc_do": FIX_JSON_VERSION,
            "tep": str(source),
            "tep_ra": str(output),
            "so_da_sua": len(done),
            "so_can_sua_tay": len(left),
            "thay_doi": [c.to_json() for c in changes],
            "kiem_tra_sau_khi_sua": report.to_json(),
            "ma_thoat": code,
        }
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return code
    click.echo(f"{source} → {output}: đã sửa {len(done)} chỗ, {len(left)} phát hiện cần sửa tay")
    for change in changes:
        click.echo(change.line())
    if not changes:
        click.echo("  Không có gì cần sửa: bản sao giống hệt tệp gốc.")
    elif not left:
        click.echo("  Sau khi sửa, vbhc check không còn phát hiện nào.")
    return code
