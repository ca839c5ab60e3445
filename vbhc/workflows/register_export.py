"""The register exported as a print-ready spreadsheet (Phụ lục IV): the store's rows → the writer.

The sổ đi (:func:`export_register_xlsx`), and the sổ đến and sổ theo dõi giải quyết văn bản đến
(:func:`export_so_den`, XLSX or PDF).
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from vbhc.errors import InputError, Vitri
from vbhc.files import write_bytes
from vbhc.register import Register
from vbhc.writers.register_den_xlsx import write_so_den_xlsx
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


def ten_co_quan(register: Register) -> dict[str, str]:
    """Each body's printed name, from its outgoing rows (the abbreviation when it has none)."""
    return {e.co_quan: e.ten_co_quan for e in register.entries() if e.ten_co_quan}


def export_so_den(
    register: Register,
    out: str | Path,
    *,
    theo_doi: bool = False,
    nam: int | None = None,
    co_quan: str | None = None,
    hom_nay: date | None = None,
    template: str | Path | None = None,
) -> Path:
    """Write the sổ đăng ký văn bản đến (or, ``theo_doi``, the sổ theo dõi giải quyết văn bản đến: the
    documents that have a hạn giải quyết, their tiến độ as of ``hom_nay``) in the Phụ lục IV layout to
    ``out``: an .xlsx, or a .pdf made from it by LibreOffice (nothing is written when that fails)."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".xlsx", ".pdf"):
        raise InputError("tệp xuất sổ đến phải có đuôi .xlsx hoặc .pdf", Vitri(tep=str(out)))
    entries = register.list_den(nam=nam, co_quan=co_quan)
    if theo_doi:
        entries = [e for e in entries if e.han_giai_quyet is not None]
    options = dict(book="theo_doi" if theo_doi else "so_den", nam=nam, hom_nay=hom_nay,
                   ten_co_quan=ten_co_quan(register), template=template)
    if suffix == ".xlsx":
        return write_so_den_xlsx(entries, out, inputs=(register.path,), **options)
    from vbhc.writers.pdf import to_pdf

    with tempfile.TemporaryDirectory(prefix="vbhc-so-den-") as work:
        sheet = write_so_den_xlsx(entries, Path(work) / f"{out.stem}.xlsx", **options)
        pdf = to_pdf([sheet], work)[0]
        return write_bytes(out, pdf.read_bytes(), inputs=(register.path,))


__all__ = ["export_register_xlsx", "export_so_den", "ten_co_quan"]
