"""Pages of a DOCX as PNG images, and its PDF, for the desk.

:func:`preview_pages` is the one place the desk asks for a preview: it is to be pointed at the warm
converter (vbhc.convert) once that lands; until then it goes through vbhc's PDF path (LibreOffice,
one process per call) and poppler's ``pdftoppm``.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from vbhc.errors import EnvironmentProblem

#: Pages shown in a preview (a longer document shows its first pages).
MAX_PAGES = 12
#: Resolution of the preview images.
DPI = 60


def to_pdf_bytes(docx: bytes) -> bytes:
    """The PDF of a DOCX (LibreOffice)."""
    from vbhc.writers.pdf import to_pdf

    with tempfile.TemporaryDirectory(prefix="vbhc-desk-pdf-") as tmp:
        source = Path(tmp) / "van_ban.docx"
        source.write_bytes(docx)
        (pdf,) = to_pdf([source], Path(tmp) / "out")
        return pdf.read_bytes()


def preview_pages(docx: bytes) -> list[bytes]:
    """The first :data:`MAX_PAGES` pages of a DOCX as PNG images."""
    from vbhc.writers.pdf import INSTALL_POPPLER, find_pdftoppm

    pdftoppm = find_pdftoppm()
    if pdftoppm is None:
        raise EnvironmentProblem("không tìm thấy pdftoppm (poppler-utils) để vẽ trang", goi_y=INSTALL_POPPLER)
    pdf = to_pdf_bytes(docx)
    with tempfile.TemporaryDirectory(prefix="vbhc-desk-png-") as tmp:
        work = Path(tmp)
        (work / "van_ban.pdf").write_bytes(pdf)
        result = subprocess.run(
            [str(pdftoppm), "-png", "-r", str(DPI), "-f", "1", "-l", str(MAX_PAGES),
             str(work / "van_ban.pdf"), str(work / "trang")],
            capture_output=True, timeout=120, check=False,
        )
        if result.returncode != 0:
            raise EnvironmentProblem("pdftoppm không vẽ được các trang của văn bản")
        return [page.read_bytes() for page in sorted(work.glob("trang*.png"))]
