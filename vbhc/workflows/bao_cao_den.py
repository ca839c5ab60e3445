"""What ``vbhc register bao-cao-den`` does: the figures of the sổ đến as of a day, written as a báo cáo
tình hình giải quyết văn bản đến (DOCX, its PDF) and an XLSX summary.

The same machinery as the progress báo cáo (:mod:`vbhc.workflows.report`): an ordinary ``.md`` source
(by default vbhc/starters/bao_cao_van_ban_den.md) whose body uses the figures (``{{ so_qua_han }}``)
and receives the generated tables in its ``[[…]]`` slots, rendered by the DOCX writer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path

from vbhc.errors import InputError, Warnings
from vbhc.model import VanBan
from vbhc.register import Register
from vbhc.report.den import FiguresDen, figures_den
from vbhc.workflows.report import _check_output

#: The source used when the clerk gives none.
NGUON_MAC_DINH = "bao_cao_van_ban_den.md"


@dataclass
class BaoCaoDen:
    """The result of :func:`lap_bao_cao_den`: the figures, the model, the files written, the warnings."""

    figures: FiguresDen
    van_ban: VanBan | None = None
    written: list[Path] = field(default_factory=list)
    warnings: Warnings = field(default_factory=Warnings)


def nguon_mac_dinh() -> Path:
    """The shipped source of the báo cáo."""
    return Path(str(resources.files("vbhc.starters").joinpath(NGUON_MAC_DINH)))


def lap_bao_cao_den(
    register: Register,
    as_of: date,
    *,
    tu_ngay: date | None = None,
    den_ngay: date | None = None,
    nam: int | None = None,
    source: str | Path | None = None,
    output: str | Path | None = None,
    xlsx_out: str | Path | None = None,
    template: str | Path | None = None,
    xlsx_template: str | Path | None = None,
    pdf: bool = False,
    cho_phep_ngoai_thu_muc: bool = False,
) -> BaoCaoDen:
    """Compute the figures of the documents received from ``tu_ngay`` to ``den_ngay`` (of year ``nam``)
    as of ``as_of``, and write what is asked: the báo cáo DOCX ``output`` from ``source`` (and its PDF),
    the XLSX summary ``xlsx_out``. Everything is checked and computed before anything is written."""
    output, xlsx_out = (None if p is None else Path(p) for p in (output, xlsx_out))
    if pdf and output is None:
        raise InputError("--pdf cần báo cáo DOCX: thêm -o BÁO_CÁO.docx")
    if tu_ngay and den_ngay and tu_ngay > den_ngay:
        raise InputError(f"--tu-ngay {tu_ngay:%d/%m/%Y} sau --den-ngay {den_ngay:%d/%m/%Y}")
    default = source is None
    source = nguon_mac_dinh() if source is None else Path(source)
    inputs = [register.path, source]
    _check_output(output, ".docx", "-o", inputs)
    _check_output(xlsx_out, ".xlsx", "--xlsx", inputs)
    if xlsx_template is not None:
        from vbhc.writers.report_xlsx import load_look

        load_look(xlsx_template)
    result = BaoCaoDen(figures_den(register.list_den(nam=nam), as_of, tu_ngay=tu_ngay, den_ngay=den_ngay))
    if output is not None:
        from vbhc.sources.markdown import load, loads
        from vbhc.writers import bao_cao_den
        from vbhc.writers.docx import render

        generated = {"context": result.figures.context(), "slots": bao_cao_den.slots(result.figures),
                     "warnings": result.warnings, "cho_phep_ngoai_thu_muc": cho_phep_ngoai_thu_muc}
        if default:  # the shipped source is dated by the report's year
            text = source.read_text(encoding="utf-8").replace("\nnam: null", f"\nnam: {as_of.year}", 1)
            result.van_ban = loads(text, str(source), **generated)
        else:
            result.van_ban = load(source, **generated)
        result.written.append(render(result.van_ban, output, template=template))
        if pdf:
            from vbhc.writers.pdf import to_pdf

            result.written.extend(to_pdf([output]))
    if xlsx_out is not None:
        from vbhc.writers.bao_cao_den import write_bao_cao_den_xlsx

        result.written.append(write_bao_cao_den_xlsx(result.figures, xlsx_out, inputs=tuple(inputs),
                                                     template=xlsx_template))
    return result


__all__ = ["NGUON_MAC_DINH", "BaoCaoDen", "lap_bao_cao_den", "nguon_mac_dinh"]
