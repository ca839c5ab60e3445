"""``vbhc report``: progress figures from a task spreadsheet, as a báo cáo DOCX, an XLSX summary, JSON."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from vbhc.errors import InputError, Vitri


def _as_of(text: str | None) -> date:
    if text is None:
        return date.today()
    from vbhc.text.vi import parse_date

    return parse_date(text, Vitri(truong="--as-of"))


@click.command()
@click.argument("tasks", type=click.Path(path_type=Path))
@click.option(
    "--source",
    "source",
    type=click.Path(path_type=Path),
    help="Tệp nguồn .md của báo cáo (loai: bao_cao); dùng {{ so_hoan_thanh }} … và [[bang_tong_hop]] ….",
)
@click.option(
    "--as-of",
    "as_of",
    metavar="NGÀY",
    help="Ngày tính số liệu, dạng 2026-06-30 hoặc 30/06/2026 (mặc định: hôm nay).",
)
@click.option(
    "--nam",
    "nam",
    type=int,
    metavar="NĂM",
    help="Năm kế hoạch, cho thời hạn ghi thiếu năm (mặc định: năm của --as-of).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Tệp báo cáo DOCX ra (cần --source).",
)
@click.option(
    "--xlsx",
    "xlsx_out",
    type=click.Path(path_type=Path),
    help="Ghi thêm bảng tổng hợp XLSX (bảng theo cơ quan chủ trì, biểu đồ, chi tiết).",
)
@click.option(
    "--json", "as_json", is_flag=True, help="In số liệu dạng JSON ra màn hình (lược đồ vbhc.bao_cao/1)."
)
@click.option("--sheet", help="Trang tính nhiệm vụ (mặc định: «Nhiệm vụ» hoặc trang đầu tiên).")
@click.option(
    "--chi-tieu",
    "chi_tieu_sheet",
    metavar="TRANG_TÍNH",
    help="Trang tính chỉ tiêu (mặc định: «Chỉ tiêu», bỏ qua nếu không có).",
)
@click.option(
    "--template",
    type=click.Path(path_type=Path),
    help="Mẫu DOCX riêng của cơ quan thay cho mẫu báo cáo có sẵn.",
)
@click.option(
    "--mau-xlsx",
    "xlsx_template",
    type=click.Path(path_type=Path),
    help="Mẫu XLSX riêng của cơ quan cho --xlsx (sửa từ templates/bao_cao_tong_hop.xlsx).",
)
@click.option("--pdf", "with_pdf", is_flag=True, help="Ghi thêm bản PDF của báo cáo (cần LibreOffice).")
def report(
    tasks: Path,
    source: Path | None,
    as_of: str | None,
    nam: int | None,
    output: Path | None,
    xlsx_out: Path | None,
    as_json: bool,
    sheet: str | None,
    chi_tieu_sheet: str | None,
    template: Path | None,
    xlsx_template: Path | None,
    with_pdf: bool,
) -> None:
    """Tính tiến độ thực hiện nhiệm vụ từ bảng tính TASKS và lập báo cáo.

    \b
    Ví dụ:
      vbhc report nhiem_vu.xlsx --source bao_cao.md --as-of 2026-06-30 -o bao_cao.docx
      vbhc report nhiem_vu.xlsx --as-of 30/06/2026 --xlsx tong_hop.xlsx
      vbhc report nhiem_vu.xlsx --as-of 2026-06-30 --json
    """
    from vbhc.errors import Warnings
    from vbhc.workflows.report import lap_bao_cao

    if output is None and xlsx_out is None and not as_json:
        raise InputError("cần ít nhất một đầu ra: -o BÁO_CÁO.docx, --xlsx TỔNG_HỢP.xlsx hoặc --json")
    warnings = Warnings()
    try:
        done = lap_bao_cao(
            tasks, _as_of(as_of), source=source, output=output, xlsx_out=xlsx_out, nam=nam, sheet=sheet,
            chi_tieu_sheet=chi_tieu_sheet, template=template, xlsx_template=xlsx_template, pdf=with_pdf,
            cho_phep_ngoai_thu_muc=True, warnings=warnings,
        )
    finally:
        for item in warnings:
            click.echo(f"Cảnh báo: {item}", err=True)
    say = (lambda message: click.echo(message, err=True)) if as_json else click.echo
    for path in done.written:
        extra = f" (báo cáo, {len(done.van_ban.phu_luc)} phụ lục)" if done.van_ban and path == output else ""
        say(f"Đã ghi {path}{extra}.")
    ctx = done.figures.context()
    say(
        f"Đến ngày {ctx['ngay_bao_cao']}: hoàn thành {ctx['so_hoan_thanh']}/{ctx['tong_so']} nhiệm vụ "
        f"({ctx['ty_le_hoan_thanh']}), quá hạn {ctx['so_qua_han']}, thường xuyên {ctx['so_thuong_xuyen']}."
    )
    if as_json:
        click.echo(json.dumps(done.figures.to_json(), ensure_ascii=False, indent=2))
