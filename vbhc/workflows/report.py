"""What ``vbhc report`` does: read the task workbook, compute the figures, write the báo cáo.

The workflow loads the báo cáo source itself and hands the model and the slots to the writers
(:mod:`vbhc.writers.bao_cao` for the generated content, :mod:`vbhc.writers.docx` and
:mod:`vbhc.writers.report_xlsx` for the files): a writer never calls a reader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from vbhc.errors import InputError, Vitri, Warnings
from vbhc.model import Bang, VanBan
from vbhc.report import Figures, figures
from vbhc.writers import bao_cao


@dataclass
class BaoCao:
    """The result of :func:`lap_bao_cao`: the figures, the files written, the warnings."""

    figures: Figures
    van_ban: VanBan | None = None
    written: list[Path] = field(default_factory=list)
    warnings: Warnings = field(default_factory=Warnings)


def build(
    source: str | Path,
    result: Figures,
    bang: Bang | None = None,
    *,
    warnings: Warnings | None = None,
    annex_title: str | None = None,
    cho_phep_ngoai_thu_muc: bool = False,
) -> VanBan:
    """The báo cáo as a model: the source filled with the figures and slots, the annex appended.
    ``cho_phep_ngoai_thu_muc`` as in :func:`vbhc.sources.markdown.load`."""
    from vbhc.sources.markdown import load

    van_ban = load(source, context=result.context(), slots=bao_cao.slots(result, warnings), warnings=warnings,
                   cho_phep_ngoai_thu_muc=cho_phep_ngoai_thu_muc)
    if bang is not None and bang.nhom:
        van_ban.phu_luc = [*van_ban.phu_luc, bao_cao.phu_luc(result, bang, tieu_de=annex_title)]
    return van_ban


def render(
    source: str | Path,
    result: Figures,
    out: str | Path,
    bang: Bang | None = None,
    *,
    template: str | Path | None = None,
    warnings: Warnings | None = None,
) -> Path:
    """Write the báo cáo DOCX to ``out`` (atomically, through the DOCX renderer)."""
    from vbhc.writers.docx import render as render_docx

    return render_docx(build(source, result, bang, warnings=warnings), out, template=template)


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


def lap_bao_cao(
    tasks: str | Path,
    as_of: date,
    *,
    source: str | Path | None = None,
    output: str | Path | None = None,
    xlsx_out: str | Path | None = None,
    nam: int | None = None,
    sheet: str | None = None,
    chi_tieu_sheet: str | None = None,
    template: str | Path | None = None,
    xlsx_template: str | Path | None = None,
    pdf: bool = False,
    cho_phep_ngoai_thu_muc: bool = False,
    warnings: Warnings | None = None,
) -> BaoCao:
    """Compute the progress figures of ``tasks`` as of ``as_of`` and write what is asked: the báo cáo
    DOCX ``output`` from ``source`` (and its PDF; ``template``: the office's DOCX template), the XLSX
    summary ``xlsx_out`` (``xlsx_template``: the office's XLSX template).

    Everything is read and computed first: nothing is written when an input is wrong. ``warnings``
    (the caller's, so that it keeps them when a step fails) receives what was found on the way. The DOCX is
    ``result.written[0]`` when ``output`` is given.
    """
    from vbhc.sources import chi_tieu
    from vbhc.sources.xlsx import read_tasks

    tasks = Path(tasks)
    source, output, xlsx_out = (None if p is None else Path(p) for p in (source, output, xlsx_out))
    if output is not None and source is None:
        raise InputError("báo cáo DOCX cần tệp nguồn: thêm --source bao_cao.md", Vitri(tep=str(output)))
    if xlsx_template is not None and xlsx_out is None:
        raise InputError("--mau-xlsx cần bảng tổng hợp: thêm --xlsx TỔNG_HỢP.xlsx")
    if pdf and output is None:
        raise InputError("--pdf cần báo cáo DOCX: thêm -o BÁO_CÁO.docx")
    if not tasks.exists():
        raise InputError("không tìm thấy bảng tính nhiệm vụ", Vitri(tep=str(tasks)))
    inputs = [tasks, *([source] if source else [])]
    _check_output(output, ".docx", "-o", inputs)
    _check_output(xlsx_out, ".xlsx", "--xlsx", inputs)
    if xlsx_template is not None:  # a wrong template stops the command before anything is written
        from vbhc.writers.report_xlsx import load_look

        load_look(xlsx_template)
    warnings = Warnings() if warnings is None else warnings
    bang = read_tasks(tasks, sheet, warnings=warnings, warn_unprinted=False)  # the report reads them
    indicators = chi_tieu.read(tasks, chi_tieu_sheet, warnings=warnings)
    result = BaoCao(figures(bang, as_of, indicators, nam=nam, warnings=warnings), warnings=warnings)
    if output is not None and source is not None:
        result.van_ban = build(source, result.figures, bang, warnings=warnings,
                               cho_phep_ngoai_thu_muc=cho_phep_ngoai_thu_muc)
        from vbhc.writers.docx import render as render_docx

        result.written.append(render_docx(result.van_ban, output, template=template))
        if pdf:
            from vbhc.writers.pdf import to_pdf

            result.written.extend(to_pdf([output]))
    if xlsx_out is not None:
        from vbhc.writers.report_xlsx import write_report_xlsx

        result.written.append(write_report_xlsx(
            result.figures, xlsx_out, inputs=tuple(inputs), template=xlsx_template
        ))
    return result


__all__ = ["BaoCao", "build", "lap_bao_cao", "render"]
