"""Pages of a DOCX as PNG images, and its PDF, for the desk.

The desk keeps one :class:`Previewer` for its lifetime: it starts a pool of warm LibreOffice
converters (:class:`vbhc.convert.pool.ConverterPool`, one converter by default; a soffice that dies
is restarted and the preview retried) at the first preview, shares it between the desk's threads,
and is closed when the desk stops. Without the UNO bridge (``python3-uno``) it falls back to the
cold path — one LibreOffice start per preview, then poppler's ``pdftoppm`` — and says so in
:attr:`Previewer.note`.
"""

from __future__ import annotations

import atexit
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from vbhc.errors import EnvironmentProblem

if TYPE_CHECKING:  # pragma: no cover
    from vbhc.convert.pool import ConverterPool
    from vbhc.convert.warm import WarmConverter

#: Pages shown in a preview (a longer document shows its first pages).
MAX_PAGES = 12
#: Resolution of the preview images.
DPI = 60
#: Shown above the preview when the warm converter cannot run.
COLD_NOTE = (
    "Xem trước đang chạy chậm (mỗi lần xem phải khởi động lại LibreOffice) vì không chạy được "
    "LibreOffice chạy sẵn: {why}. Cài xong thì dừng rồi mở lại vbhc serve."
)


def cold_pdf(docx: bytes) -> bytes:
    """The PDF of a DOCX (LibreOffice, one process per call)."""
    from vbhc.writers.pdf import to_pdf

    with tempfile.TemporaryDirectory(prefix="vbhc-desk-pdf-") as tmp:
        source = Path(tmp) / "van_ban.docx"
        source.write_bytes(docx)
        (pdf,) = to_pdf([source], Path(tmp) / "out")
        return pdf.read_bytes()


def cold_pages(docx: bytes) -> list[bytes]:
    """The first :data:`MAX_PAGES` pages of a DOCX as PNG images, LibreOffice started for this call."""
    from vbhc.writers.pdf import INSTALL_POPPLER, find_pdftoppm

    pdftoppm = find_pdftoppm()
    if pdftoppm is None:
        raise EnvironmentProblem("không tìm thấy pdftoppm (poppler-utils) để vẽ trang", goi_y=INSTALL_POPPLER)
    pdf = cold_pdf(docx)
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


class Previewer:
    """The desk's previews: a pool of ``size`` warm LibreOffice converters, started lazily."""

    def __init__(self, size: int = 1, **converter_options: object) -> None:
        self.size = size
        self._options = converter_options  #: for ConverterPool: restart_after, timeout, python
        self._lock = threading.Lock()  # one start at a time; the pool serves the threads itself
        self._pool: ConverterPool | None = None
        self.note = ""  #: why previews are slow (the cold path), or empty

    @property
    def _converter(self) -> WarmConverter | None:
        """The pool's first converter (None before the first preview or on the cold path)."""
        return self._pool.converters[0] if self._pool is not None else None

    @property
    def soffice_pid(self) -> int | None:
        """The first warm soffice's process id (None before the first preview or on the cold path)."""
        converter = self._converter
        return converter.soffice_pid if converter is not None else None

    def pages(self, docx: bytes) -> list[bytes]:
        """The first :data:`MAX_PAGES` pages of a DOCX as PNG images."""
        from vbhc.convert.warm import pdfium_png, pdftoppm_png

        pool = self._warm()
        if pool is None:
            return cold_pages(docx)
        pdf = pool.to_pdf(docx, name="van_ban.docx")
        try:
            return pdfium_png(pdf, dpi=DPI, pages=MAX_PAGES)
        except ImportError:
            return pdftoppm_png(pdf, dpi=DPI, pages=MAX_PAGES, name="van_ban.docx")

    def pdf(self, docx: bytes) -> bytes:
        """The PDF of a DOCX (the same bytes as the cold path)."""
        pool = self._warm()
        return cold_pdf(docx) if pool is None else pool.to_pdf(docx, name="van_ban.docx")

    def _warm(self) -> ConverterPool | None:
        """The running pool, started at the first call; None on the cold path."""
        with self._lock:
            if self._pool is None and not self.note:
                self._start()
            return self._pool

    def _start(self) -> None:
        from vbhc.convert.pool import ConverterPool

        pool = ConverterPool(self.size, **self._options)  # type: ignore[arg-type]
        try:
            pool.start()
        except EnvironmentProblem as problem:
            self.note = COLD_NOTE.format(why=str(problem).rstrip("."))
            return
        self._pool = pool
        _RUNNING.add(self)

    def close(self) -> None:
        """Stop the warm LibreOffice processes (if they were started)."""
        with self._lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None
                _RUNNING.discard(self)


#: Previewers whose LibreOffice is running: stopped when this process exits, however it stops.
_RUNNING: set[Previewer] = set()


@atexit.register
def close_all() -> None:
    """Stop every running previewer's LibreOffice (at exit; between tests)."""
    for previewer in list(_RUNNING):
        previewer.close()


def to_pdf_bytes(docx: bytes) -> bytes:
    """The PDF of a DOCX, by the running desk's warm LibreOffice converters (Tải PDF)."""
    from vbhc.desk.app import desk

    return desk().previewer.pdf(docx)


def preview_pages(docx: bytes) -> list[bytes]:
    """The first :data:`MAX_PAGES` pages of a DOCX as PNG images, by the running desk's previewer."""
    from vbhc.desk.app import desk

    return desk().previewer.pages(docx)
