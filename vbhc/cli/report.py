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
    from vbhc.vi import parse_date

    return parse_date(text, Vitri(truong="--as-of"))


def _check_output(path: Path | None, suffix: str, option: str, inputs: list[Path]) -> None:
    if path is None:
        return
    if path.suffix.lower() != suffix:
        raise InputError(f"tệp ra của {option} phải có đuôi {suffix}", Vitri(tep=str(path)))
    for source in inputs:
        if path.resolve() == source.resolve():
            raise InputError(
                "tệp ra trùng với tệp vào; vbhc không ghi đè lên dữ liệu nguồn", Vitri(tep=str(path))
            )


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
    from vbhc.report import figures as compute
    from vbhc.sources import chi_tieu
    from vbhc.sources.xlsx import read_tasks

    if output is None and xlsx_out is None and not as_json:
        raise InputError("cần ít nhất một đầu ra: -o BÁO_CÁO.docx, --xlsx TỔNG_HỢP.xlsx hoặc --json")
    if output is not None and source is None:
        raise InputError("báo cáo DOCX cần tệp nguồn: thêm --source bao_cao.md", Vitri(tep=str(output)))
    if xlsx_template is not None and xlsx_out is None:
        raise InputError("--mau-xlsx cần bảng tổng hợp: thêm --xlsx TỔNG_HỢP.xlsx")
    if with_pdf and output is None:
        raise InputError("--pdf cần báo cáo DOCX: thêm -o BÁO_CÁO.docx")
    if not tasks.exists():
        raise InputError("không tìm thấy bảng tính nhiệm vụ", Vitri(tep=str(tasks)))
    inputs = [tasks, *([source] if source else [])]
    _check_output(output, ".docx", "-o", inputs)
    _check_output(xlsx_out, ".xlsx", "--xlsx", inputs)
    when = _as_of(as_of)
    if xlsx_template is not None:  # a wrong template stops the command before anything is written
        from vbhc.writers.report_xlsx import load_look

        load_look(xlsx_template)

    # read and compute everything first: nothing is written when an input is wrong
    warnings = Warnings()
    bang = read_tasks(tasks, sheet, warnings=warnings, warn_unprinted=False)  # the report reads them
    indicators = chi_tieu.read(tasks, chi_tieu_sheet, warnings=warnings)
    result = compute(bang, when, indicators, nam=nam, warnings=warnings)
    van_ban = None
    if output is not None and source is not None:
        from vbhc.writers.bao_cao import build

        van_ban = build(source, result, bang, warnings=warnings, cho_phep_ngoai_thu_muc=True)
    for item in warnings:
        click.echo(f"Cảnh báo: {item}", err=True)

    say = (lambda message: click.echo(message, err=True)) if as_json else click.echo
    if van_ban is not None and output is not None:
        from vbhc.writers.docx import render as render_docx

        render_docx(van_ban, output, template=template)
        say(f"Đã ghi {output} (báo cáo, {len(van_ban.phu_luc)} phụ lục).")
        if with_pdf:
            from vbhc.writers.pdf import to_pdf

            for pdf in to_pdf([output]):
                say(f"Đã ghi {pdf}.")
    if xlsx_out is not None:
        from vbhc.writers.report_xlsx import write_report_xlsx

        write_report_xlsx(result, xlsx_out, inputs=tuple(inputs), template=xlsx_template)
        say(f"Đã ghi {xlsx_out}.")
    ctx = result.context()
    say(
        f"Đến ngày {ctx['ngay_bao_cao']}: hoàn thành {ctx['so_hoan_thanh']}/{ctx['tong_so']} nhiệm vụ "
        f"({ctx['ty_le_hoan_thanh']}), quá hạn {ctx['so_qua_han']}, thường xuyên {ctx['so_thuong_xuyen']}."
    )
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
