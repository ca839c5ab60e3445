"""``vbhc template check``: lint a docxtpl template before using it."""

from __future__ import annotations

from pathlib import Path

import click

from vbhc.cli.common import done, echo_err
from vbhc.errors import InputError, Vitri


@click.group()
def template() -> None:
    """Làm việc với mẫu DOCX (docxtpl)."""


@template.command()
@click.argument("template_docx", metavar="T.docx", type=click.Path(path_type=Path))
@click.option("--data", "data", type=click.Path(path_type=Path), default=None,
              help="Tệp dữ liệu trộn thư (.xlsx): kiểm tra mẫu chỉ dùng các cột có trong tệp.")
@click.option("--source", "source", type=click.Path(path_type=Path), default=None,
              help="Tệp nguồn .md: kiểm tra mẫu chỉ dùng các biến vbhc cung cấp khi kết xuất văn bản này.")
def check(template_docx: Path, data: Path | None, source: Path | None) -> None:
    """Kiểm tra mẫu T.docx: thẻ bị Word tách, khối {%tr %}/{%p %}/{%tc %} không cân, lỗi cú pháp,
    truy cập không an toàn, biến không có trong dữ liệu.

    Mã thoát: 0 mẫu tốt, 1 có vấn đề, 2 không đọc được tệp.

    Ví dụ: vbhc template check giay_moi.docx --data dai_bieu.xlsx
    """
    from vbhc.templating.lint import check_template, template_variables
    from vbhc.workflows.template_check import data_variables, source_context

    if data is not None and source is not None:
        raise InputError("chỉ dùng một trong hai tùy chọn: --data hoặc --source", Vitri(truong="--source"))
    provided = None
    slots: list[str] = []
    required: list[str] = []
    if data is not None:
        provided = data_variables(data)
    elif source is not None:
        provided, slots, required = source_context(source, cho_phep_ngoai_thu_muc=True)  # a local command
    findings = check_template(template_docx, provided=provided, slots=slots, required_slots=required)
    if not findings:
        done(f"Mẫu «{template_docx}» không có vấn đề.")
        if provided is None:
            names = sorted(template_variables(template_docx))
            if names:
                done("Các biến mẫu dùng: " + ", ".join(names))
        return
    for finding in findings:
        click.echo(f"{template_docx}, {finding}" if finding.vitri else f"{template_docx}: {finding}")
    echo_err(f"Mẫu «{template_docx}» có {len(findings)} vấn đề.")
    # SystemExit, not click's Exit: click.main(standalone_mode=False) returns Exit's code instead of raising
    raise SystemExit(1)
