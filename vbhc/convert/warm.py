"""A warm LibreOffice: one soffice kept running and driven over the UNO bridge, for previews that
must feel live and for converter pools.

>>> with WarmConverter() as converter:
...     pdf = converter.to_pdf(Path("ke_hoach.docx").read_bytes(), name="ke_hoach.docx")
...     pages = converter.to_png(Path("ke_hoach.docx").read_bytes(), dpi=100)

The UNO bridge (Debian's ``python3-uno``) is importable by the system Python only, so a small
converter process (:mod:`vbhc.convert.uno_worker`) runs under ``/usr/bin/python3`` (or
``$VBHC_UNO_PYTHON``), starts soffice with its own profile in a temporary folder, and exchanges
framed messages with this process over its stdin/stdout. The PDF is LibreOffice's own PDF export
with its default options (or PDF/A-2b), as ``soffice --convert-to pdf`` (the cold path,
:mod:`vbhc.writers.pdf`) makes it, made reproducible by :func:`vbhc.writers.pdf_stable.stable_pdf`:
the same bytes as the cold path.

A soffice that dies is restarted and the document retried once on the fresh one (nothing is lost;
``retries=0`` raises :class:`ConverterDied` instead, for a pool to retry elsewhere); soffice is also
restarted after ``max_documents`` documents (LibreOffice's memory grows), and
stopped after ``timeout`` seconds on one document. ``close()`` (or leaving the ``with``) stops the
converter process and every process it started.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

from vbhc.errors import EnvironmentProblem, InputError, Vitri
from vbhc.writers.pdf import (
    _ZIP_SUFFIXES,
    CALC_SUFFIXES,
    INSTALL_POPPLER,
    PDFA_FILTER_DATA,
    TIMEOUT_PER_FILE_S,
    TIMEOUT_PER_MB_S,
    WRITER_SUFFIXES,
    find_pdftoppm,
    require_soffice,
)
from vbhc.writers.pdf_stable import stable_pdf

#: Environment variable naming the Python that can ``import uno``.
PYTHON_ENV = "VBHC_UNO_PYTHON"
DEFAULT_PYTHON = "/usr/bin/python3"
INSTALL_UNO = "trên Debian/Ubuntu: sudo apt-get install python3-uno libreoffice-writer-nogui"
WORKER = Path(__file__).with_name("uno_worker.py")

#: LibreOffice's PDF export per kind of input: what ``--convert-to pdf`` picks, with its defaults.
PDF_FILTERS = {
    **dict.fromkeys(WRITER_SUFFIXES, "writer_pdf_Export"),
    **dict.fromkeys(CALC_SUFFIXES, "calc_pdf_Export"),
}
#: Seconds a fresh soffice may take to start (a new profile, a loaded machine).
START_TIMEOUT_S = 180.0
#: Documents one soffice converts before it is replaced by a fresh one.
MAX_DOCUMENTS = 200
#: Most bytes of a document the converter accepts.
MAX_BYTES = 200_000_000


class ConverterDied(EnvironmentProblem):
    """LibreOffice died while converting a document (and was not retried here)."""


class _Dead(Exception):
    """The converter process or its soffice died during a call."""


class _Late(Exception):
    """The converter process did not answer in time (not TimeoutError: that is an OSError)."""


def document_timeout(data: bytes) -> float:
    """Seconds allowed for one document: a share per file and per megabyte of unpacked content."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        size = len(data)
    return 3 * TIMEOUT_PER_FILE_S + TIMEOUT_PER_MB_S * size / 1_000_000


class WarmConverter:
    """One persistent headless LibreOffice; thread-safe (calls are served one at a time)."""

    def __init__(
        self,
        *,
        python: str | os.PathLike[str] | None = None,
        max_documents: int = MAX_DOCUMENTS,
        timeout: float | None = None,
        start_timeout: float = START_TIMEOUT_S,
        retries: int = 1,
    ) -> None:
        self.python = str(python or os.environ.get(PYTHON_ENV) or DEFAULT_PYTHON)
        self.max_documents = max_documents
        self.timeout = timeout
        self.start_timeout = start_timeout
        self.retries = retries  #: times a document is retried on a fresh soffice after one died
        self.restarts = 0  #: how many times soffice was replaced (died, or max_documents reached)
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._work: Path | None = None
        self._buffer = bytearray()
        self._count = 0
        self.soffice_pid: int | None = None

    def __enter__(self) -> WarmConverter:
        with self._lock:
            self._ensure()
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- public API -------------------------------------------------------------------------------

    def to_pdf(self, data: bytes, *, name: str, pdfa: bool = False) -> bytes:
        """The PDF (PDF/A-2b with ``pdfa``) of a DOCX/XLSX given as bytes; ``name`` (its file name)
        picks the filter and names the document in messages."""
        filter_name = self._check(data, name)
        limit = self.timeout if self.timeout is not None else document_timeout(data)
        with self._lock:
            for _ in range(self.retries + 1):  # a soffice that dies is replaced, the document retried
                self._ensure()
                try:
                    pdf = self._call(data, name, filter_name, limit, pdfa)
                except _Dead:
                    self._stop()
                    self.restarts += 1
                    continue
                self._count += 1
                return stable_pdf(pdf)
        times = "" if self.retries == 0 else f" {self.retries + 1} lần"
        raise ConverterDied(
            f"LibreOffice dừng giữa chừng{times} khi chuyển «{name}» sang PDF",
            Vitri(tep=name),
            goi_y="mở tệp bằng Word/LibreOffice để kiểm tra tệp có hỏng không",
        )

    def to_png(
        self, docx: bytes, *, dpi: int = 100, pages: int | None = None, name: str = "xem_truoc.docx"
    ) -> list[bytes]:
        """PNG images of the pages of a DOCX (all pages, or the first ``pages``) at ``dpi``.

        Drawn with pypdfium2 when it is installed (in-process, ~4× faster than pdftoppm for a
        2-page document: see ``python -m benchmarks --only warm``), else with poppler's pdftoppm."""
        if not 10 <= dpi <= 600:
            raise InputError(f"độ phân giải {dpi} dpi nằm ngoài khoảng 10–600", Vitri(truong="dpi"))
        if pages is not None and pages < 1:
            raise InputError(f"số trang {pages} không hợp lệ", Vitri(truong="pages"), goi_y="dùng 1 trở lên")
        pdf = self.to_pdf(docx, name=name)
        try:
            return pdfium_png(pdf, dpi=dpi, pages=pages)
        except ImportError:
            return pdftoppm_png(pdf, dpi=dpi, pages=pages, name=name)

    def close(self) -> None:
        """Stop soffice and the converter process; remove the profile."""
        with self._lock:
            self._stop()

    # -- the converter process --------------------------------------------------------------------

    def _check(self, data: bytes, name: str) -> str:
        suffix = Path(name).suffix.lower()
        where = Vitri(tep=name)
        if suffix not in PDF_FILTERS:
            known = ", ".join(sorted(PDF_FILTERS))
            message = f"không chuyển được tệp «{suffix or 'không đuôi'}» sang PDF"
            raise InputError(message, where, goi_y=f"chỉ nhận các tệp {known}")
        if len(data) > MAX_BYTES:
            raise InputError(f"tệp lớn quá {MAX_BYTES // 1_000_000} MB", where)
        if suffix in _ZIP_SUFFIXES and not zipfile.is_zipfile(io.BytesIO(data)):
            raise InputError(f"không phải tệp {suffix[1:].upper()} hợp lệ (tệp hỏng hoặc sai đuôi)", where)
        return PDF_FILTERS[suffix]

    def _ensure(self) -> None:
        """A running converter process with a ready soffice (started or replaced as needed)."""
        process = self._process
        if process is not None and (process.poll() is not None or self._count >= self.max_documents):
            self._stop()
            self.restarts += 1
        if self._process is None:
            self._start()

    def _start(self) -> None:
        soffice = require_soffice()
        self._work = Path(tempfile.mkdtemp(prefix="vbhc-warm-"))
        self._buffer = bytearray()
        self._count = 0
        try:
            self._process = subprocess.Popen(
                [self.python, "-I", str(WORKER), str(soffice), str(self._work)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                start_new_session=sys.platform != "win32",
            )
        except OSError as problem:
            shutil.rmtree(self._work, ignore_errors=True)
            self._work = None
            raise EnvironmentProblem(
                f"không chạy được trình Python «{self.python}» để điều khiển LibreOffice: "
                f"{problem.strerror or problem}",
                goi_y=f"{INSTALL_UNO}; hoặc đặt biến {PYTHON_ENV} trỏ tới một Python có mô-đun uno",
            ) from problem
        try:
            header, _ = self._read(time.monotonic() + self.start_timeout)
        except (_Dead, _Late):
            self._stop()
            raise EnvironmentProblem(
                f"LibreOffice chạy sẵn không khởi động được trong {self.start_timeout:.0f} giây",
                goi_y=f"kiểm tra LibreOffice và python3-uno: {INSTALL_UNO}",
            ) from None
        if not header.get("ok"):
            self._stop()
            if header.get("kind") == "no_uno":
                raise EnvironmentProblem(
                    f"trình Python «{self.python}» không có mô-đun uno (cầu nối UNO của LibreOffice)",
                    goi_y=f"{INSTALL_UNO}; hoặc đặt biến {PYTHON_ENV} trỏ tới một Python có mô-đun uno",
                )
            raise EnvironmentProblem(
                f"LibreOffice chạy sẵn không khởi động được: {header.get('message', '')}",
                goi_y=f"kiểm tra LibreOffice: {INSTALL_UNO}",
            )
        self.soffice_pid = int(header["pid"])

    def _call(self, data: bytes, name: str, filter_name: str, limit: float, pdfa: bool = False) -> bytes:
        process = self._process
        assert process is not None and process.stdin is not None
        header = {"op": "convert", "name": Path(name).name, "filter": filter_name, "size": len(data)}
        if pdfa:
            header["filter_data"] = PDFA_FILTER_DATA
        try:
            process.stdin.write(json.dumps(header).encode("utf-8") + b"\n" + data)
            process.stdin.flush()
            reply, payload = self._read(time.monotonic() + limit)
        except (BrokenPipeError, OSError):
            raise _Dead from None
        except _Late:
            self._stop(graceful=False)  # a busy converter would not read "quit"
            self.restarts += 1
            raise EnvironmentProblem(
                f"LibreOffice chạy quá {limit:.0f} giây khi chuyển «{name}» sang PDF và đã bị dừng",
                Vitri(tep=name),
                goi_y="mở tệp bằng Word/LibreOffice để kiểm tra, hoặc tăng thời gian chờ",
            ) from None
        if reply.get("ok") and payload.startswith(b"%PDF"):
            return payload
        if reply.get("kind") == "crash":
            raise _Dead
        raise EnvironmentProblem(
            f"LibreOffice không chuyển được «{name}» sang PDF",
            Vitri(tep=name),
            goi_y="mở tệp bằng Word/LibreOffice để kiểm tra tệp có hỏng không"
            + (f" (LibreOffice: {reply['message'][-300:]})" if reply.get("message") else ""),
        )

    def _read(self, deadline: float) -> tuple[dict, bytes]:
        """One frame from the converter process: a JSON header line, then its payload."""
        while b"\n" not in self._buffer:
            self._fill(deadline)
        end = self._buffer.index(b"\n")
        header = json.loads(self._buffer[:end])
        del self._buffer[: end + 1]
        size = int(header.get("size", 0))
        while len(self._buffer) < size:
            self._fill(deadline)
        payload = bytes(self._buffer[:size])
        del self._buffer[:size]
        return header, payload

    def _fill(self, deadline: float) -> None:
        process = self._process
        assert process is not None and process.stdout is not None
        fd = process.stdout.fileno()
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            raise _Late
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            raise _Dead
        self._buffer += chunk

    def _stop(self, *, graceful: bool = True) -> None:
        """Ask the converter process to quit (it terminates soffice), then kill what is left."""
        process, self._process = self._process, None
        if process is not None:
            if graceful:
                with contextlib.suppress(OSError):
                    assert process.stdin is not None
                    process.stdin.write(b'{"op": "quit"}\n')
                    process.stdin.flush()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=30)
            _kill_group(process.pid)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=10)
            for stream in (process.stdin, process.stdout):
                with contextlib.suppress(OSError):
                    if stream is not None:
                        stream.close()
        if self._work is not None:
            shutil.rmtree(self._work, ignore_errors=True)
            self._work = None
        self.soffice_pid = None

    def pids(self) -> list[int]:
        """The processes of this converter now running: the converter process and what it started
        (Linux: read from /proc; empty after :meth:`close`)."""
        process = self._process
        return [] if process is None else group_pids(process.pid)


def pdfium_png(pdf: bytes, *, dpi: int, pages: int | None = None) -> list[bytes]:
    """The pages of ``pdf`` as PNG, drawn by pypdfium2 (ImportError when it is not installed)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        count = len(document) if pages is None else min(len(document), pages)
        images = []
        for index in range(count):
            buffer = io.BytesIO()
            document[index].render(scale=dpi / 72).to_pil().save(buffer, "PNG")
            images.append(buffer.getvalue())
        return images
    finally:
        document.close()


def pdftoppm_png(pdf: bytes, *, dpi: int, pages: int | None = None, name: str = "") -> list[bytes]:
    """The pages of ``pdf`` as PNG, drawn by poppler's pdftoppm."""
    pdftoppm = find_pdftoppm()
    if pdftoppm is None:
        raise EnvironmentProblem(
            "không tìm thấy pdftoppm (poppler-utils): cần nó để vẽ trang thành ảnh PNG", goi_y=INSTALL_POPPLER
        )
    with tempfile.TemporaryDirectory(prefix="vbhc-png-") as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(pdf)
        command = [str(pdftoppm), "-png", "-r", str(dpi)]
        if pages is not None:
            command += ["-l", str(pages)]
        result = subprocess.run(
            [*command, str(source), str(Path(tmp) / "p")], capture_output=True, timeout=120, check=False
        )
        images = sorted(Path(tmp).glob("p-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        if result.returncode != 0 or not images:
            detail = result.stderr.decode("utf-8", "replace").strip()
            raise EnvironmentProblem(
                f"pdftoppm không vẽ được các trang của «{name}»" + (f": {detail}" if detail else ""),
                Vitri(tep=name),
            )
        return [image.read_bytes() for image in images]


def group_pids(group: int) -> list[int]:
    """The processes in process group ``group`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z" and int(fields[2]) == group:
            found.append(int(entry.name))
    return found


def _kill_group(group: int) -> None:
    """SIGKILL to every process left in the converter's group (soffice, oosplash, soffice.bin)."""
    if sys.platform == "win32":
        return
    with contextlib.suppress(ProcessLookupError, PermissionError, OSError):
        os.killpg(group, signal.SIGKILL)


__all__ = [
    "DEFAULT_PYTHON",
    "INSTALL_UNO",
    "PDF_FILTERS",
    "PYTHON_ENV",
    "ConverterDied",
    "WarmConverter",
    "group_pids",
    "pdfium_png",
    "pdftoppm_png",
]
