"""The register exported as a print-ready spreadsheet (Phụ lục IV): the store's rows → the writer."""

from __future__ import annotations

from pathlib import Path

from vbhc.register import Register
from vbhc.writers.register_xlsx import write_register_xlsx


def export_register_xlsx(
    register: Register,
    out: str | Path,
    *,
    nam: int | None = None,
    co_quan: str | None = None,
    series: str | None = None,
    template: str | Path | None = None,
) -> Path:
    """Write the register in the Phụ lục IV layout (one sheet per body and series) to ``out``;
    ``template``: an office's XLSX template instead of templates/so_van_ban_di.xlsx."""
    entries = register.entries(nam=nam, co_quan=co_quan, series=series)
    names = {(e.co_quan, e.series): register.ten_series(e.co_quan, e.series) for e in entries}
    return write_register_xlsx(
        entries, out, nam=nam, ten_so=names, inputs=(register.path,), template=template
    )


__all__ = ["export_register_xlsx"]
