"""PDF through LibreOffice: one headless process for a whole batch, an isolated profile per run.

>>> to_pdf([Path("ke_hoach.docx"), Path("bao_cao.docx")], Path("out"))
[PosixPath('out/ke_hoach.pdf'), PosixPath('out/bao_cao.pdf')]

LibreOffice start-up costs seconds, a converted page a few milliseconds: convert many files in one
call. Each run gets a fresh user profile (``-env:UserInstallation``) in a temporary directory, so two
runs at once never wait on each other's lock. The PDFs are written through :mod:`vbhc.files`
(temporary file + ``os.replace``): a failed or interrupted run never leaves a half-written PDF and
never touches an existing one.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Protocol

from vbhc.errors import EnvironmentProblem, InputError, Vitri
from vbhc.writers.pdf_stable import stable_pdf

#: Install hint shown when LibreOffice is missing.
INSTALL_LIBREOFFICE = "trên Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui fonts-liberation2"
INSTALL_LIBREOFFICE_CALC = "để chuyển bảng tính: sudo apt-get install libreoffice-calc-nogui"
INSTALL_POPPLER = "trên Debian/Ubuntu: sudo apt-get install poppler-utils"

#: Environment variable naming the LibreOffice executable to use (overrides the search).
SOFFICE_ENV = "VBHC_SOFFICE"

#: Where LibreOffice lives when it is not on PATH (globs, tried in order).
SOFFICE_LOCATIONS: tuple[str, ...] = (
    "/usr/bin/soffice",
    "/usr/local/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/usr/lib64/libreoffice/program/soffice",
    "/opt/libreoffice*/program/soffice",
    "/snap/bin/libreoffice",
    "/var/lib/flatpak/exports/bin/org.libreoffice.LibreOffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)

#: Inputs LibreOffice converts: text documents (writer) and spreadsheets (calc).
WRITER_SUFFIXES = frozenset({".docx", ".doc", ".odt", ".rtf"})
CALC_SUFFIXES = frozenset({".xlsx", ".xls", ".ods"})
_ZIP_SUFFIXES = frozenset({".docx", ".xlsx", ".odt", ".ods"})

#: The most documents one cold LibreOffice run converts: LibreOffice 7.4 given 500 documents in one
#: run stopped at the 242nd, every time, on the machine of benchmarks/RESULTS.md.
MAX_BATCH = 200
#: The most file names an error lists.
NAMES_SHOWN = 10
#: Timeout: a fixed start-up allowance plus a share per file and per megabyte of unpacked content
#: (a 5,000-row annex is ~6.5 MB of XML and converts in ~20 s on an idle 2-core machine).
TIMEOUT_BASE_S = 60.0
TIMEOUT_PER_FILE_S = 10.0
TIMEOUT_PER_MB_S = 30.0

#: PDF/A-2b (``SelectPdfVersion`` 2) in LibreOffice's JSON filter options.
PDFA_FILTER_DATA = '{"SelectPdfVersion":{"type":"long","value":"2"}}'
#: What a PDF/A's XMP says of its part (LibreOffice writes the packet uncompressed).
_PDFA_PART = re.compile(rb"pdfaid:part(?:>|=\s*[\"'])\s*2")

#: A font name in a PDF.
_BASEFONT = re.compile(rb"/BaseFont\s*/([A-Za-z0-9+#\-,_.]+)")


class Converter(Protocol):
    """What converts documents held in memory: a :class:`vbhc.convert.pool.ConverterPool`."""

    def map_pdf(
        self, items: Iterable[tuple[str, bytes]], *, pdfa: bool = False
    ) -> Iterator[tuple[str, bytes]]:
        """``(name, pdf)`` for each ``(name, document)``, in order."""
        ...


class FontWarning(UserWarning):
    """The PDF was (or will be) set in another font than Times New Roman or a metric twin."""


def find_soffice() -> Path | None:
    """The LibreOffice executable: ``$VBHC_SOFFICE``, then ``soffice``/``libreoffice`` on PATH,
    then the usual install locations; None when there is none."""
    override = os.environ.get(SOFFICE_ENV)
    if override:
        return Path(override) if Path(override).is_file() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    for pattern in SOFFICE_LOCATIONS:
        for candidate in sorted(glob.glob(pattern), reverse=True):
            if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
                return Path(candidate)
    return None


def require_soffice() -> Path:
    """The LibreOffice executable, or an EnvironmentProblem that says how to install it."""
    found = find_soffice()
    if found is None:
        where = f" (biến {SOFFICE_ENV}={os.environ[SOFFICE_ENV]})" if os.environ.get(SOFFICE_ENV) else ""
        raise EnvironmentProblem(
            f"không tìm thấy LibreOffice (soffice){where}: cần LibreOffice để xuất PDF",
            goi_y=INSTALL_LIBREOFFICE,
        )
    return found


def _content_size(path: Path) -> int:
    """Bytes LibreOffice has to lay out: the unpacked size of a DOCX/XLSX, else the file size."""
    try:
        with zipfile.ZipFile(path) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (OSError, zipfile.BadZipFile):
        return path.stat().st_size if path.exists() else 0


def default_timeout(paths: Sequence[Path]) -> float:
    """Seconds allowed for one batch: start-up, plus a share per file and per megabyte of content.

    Generous on purpose (a shared, loaded machine is several times slower): the timeout is there to
    stop a LibreOffice that hangs, not to hurry one that works."""
    size_mb = sum(_content_size(p) for p in paths) / 1_000_000
    return TIMEOUT_BASE_S + TIMEOUT_PER_FILE_S * len(paths) + TIMEOUT_PER_MB_S * size_mb


def _check_inputs(paths: Sequence[Path]) -> None:
    for path in paths:
        where = Vitri(tep=str(path))
        if not path.exists():
            raise InputError("không tìm thấy tệp", where)
        if path.is_dir():
            raise InputError("là một thư mục, cần tệp DOCX hoặc XLSX", where)
        suffix = path.suffix.lower()
        if suffix not in WRITER_SUFFIXES | CALC_SUFFIXES:
            known = ", ".join(sorted(WRITER_SUFFIXES | CALC_SUFFIXES))
            raise InputError(
                f"không chuyển được tệp «{suffix or 'không đuôi'}» sang PDF",
                where,
                goi_y=f"chỉ nhận các tệp {known}",
            )
        if suffix in _ZIP_SUFFIXES and not zipfile.is_zipfile(path):
            raise InputError(f"không phải tệp {suffix[1:].upper()} hợp lệ (tệp hỏng hoặc sai đuôi)", where)


def _targets(paths: Sequence[Path], out_dir: Path | None) -> list[Path]:
    targets = [(out_dir if out_dir is not None else p.parent) / f"{p.stem}.pdf" for p in paths]
    seen: dict[Path, Path] = {}
    for source, target in zip(paths, targets, strict=True):
        key = target.resolve()
        if key in seen and seen[key].resolve() != source.resolve():
            raise InputError(
                f"hai tệp vào cùng cho ra «{target}»: «{seen[key]}» và «{source}»",
                Vitri(tep=str(source)),
                goi_y="đổi tên một tệp hoặc chuyển từng tệp vào thư mục ra khác nhau",
            )
        seen[key] = source
    return targets


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Stop LibreOffice and every child it started (soffice is a wrapper around soffice.bin)."""
    with contextlib.suppress(ProcessLookupError, PermissionError, OSError):
        if sys.platform == "win32":
            process.kill()
        else:
            os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)


def _convert_to(inputs: Sequence[Path], pdfa: bool) -> str:
    """The ``--convert-to`` argument: plain ``pdf``, or the export filter of the batch's kind of
    document with PDF/A-2b asked in the JSON filter options (LibreOffice ≥ 7.4 reads them; the old
    ``:SelectPdfVersion=2`` form is ignored by ``--convert-to``)."""
    if not pdfa:
        return "pdf"
    calc = inputs[0].suffix.lower() in CALC_SUFFIXES
    return f"pdf:{'calc' if calc else 'writer'}_pdf_Export:{PDFA_FILTER_DATA}"


def _run_soffice(
    soffice: Path, inputs: Sequence[Path], work: Path, timeout: float, pdfa: bool = False
) -> str:
    """Run one LibreOffice for the batch; return its combined output (for error messages)."""
    profile = work / "profile"
    outdir = work / "out"
    outdir.mkdir(exist_ok=True)
    command = [
        str(soffice),
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--invisible",
        "--nologo",
        "--nodefault",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        _convert_to(inputs, pdfa),
        "--outdir",
        str(outdir),
        *(str(p) for p in inputs),
    ]
    try:
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=work,
            start_new_session=sys.platform != "win32",
        )
    except OSError as problem:
        raise EnvironmentProblem(
            f"không chạy được LibreOffice «{soffice}»: {problem.strerror or problem}",
            goi_y=INSTALL_LIBREOFFICE,
        ) from problem
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        names = ", ".join(f"«{p.name}»" for p in inputs)
        raise EnvironmentProblem(
            f"LibreOffice chạy quá {timeout:.0f} giây khi chuyển {names} sang PDF và đã bị dừng",
            goi_y="tăng thời gian chờ (--timeout) hoặc chia thành nhiều lần chuyển",
        ) from None
    except BaseException:
        _kill_group(process)
        raise
    return output.decode("utf-8", "replace")


def _staged_inputs(paths: Sequence[Path], work: Path) -> list[Path]:
    """The inputs as LibreOffice should see them: linked under unique names when two share a stem
    (LibreOffice names each PDF after its input and would overwrite one with the other)."""
    stems = [p.stem for p in paths]
    if len(set(stems)) == len(stems):
        return [p.resolve() for p in paths]
    staged_dir = work / "in"
    staged_dir.mkdir()
    staged = []
    for index, path in enumerate(paths):
        link = staged_dir / f"{index:05d}_{path.name}"
        try:
            link.symlink_to(path.resolve())
        except OSError:
            shutil.copyfile(path, link)
        staged.append(link)
    return staged


def pdf_fonts(data: bytes) -> set[str]:
    """Names of the fonts a PDF uses, without subset prefixes (``LiberationSerif-Bold``)."""
    names = set()
    for match in _BASEFONT.finditer(data):
        name = match.group(1).decode("latin-1")
        names.add(name.split("+", 1)[1] if re.match(r"^[A-Z]{6}\+", name) else name)
    return names


#: Fonts with the same advance widths as a font a document asks for (casefolded family → twins),
#: as the PDF names them once spaces are removed.
_METRIC_TWINS = {
    "times new roman": ("TimesNewRomanPS", "LiberationSerif", "Tinos"),
    "arial": ("ArialMT", "LiberationSans", "Arimo"),
    "courier new": ("CourierNewPS", "LiberationMono", "Cousine"),
    "calibri": ("Carlito",),
    "cambria": ("Caladea",),
}
#: Font names in a DOCX (run fonts, ``w:ascii``/``w:hAnsi``) and in an XLSX (``<name val=…>``).
_DOCX_FONT = re.compile(rb'w:(?:ascii|hAnsi)="([^"]+)"')
_XLSX_FONT = re.compile(rb'<(?:\w+:)?name\s+val="([^"]+)"')
#: The XML parts read for requested fonts, and the most bytes read from each.
_FONT_PARTS = re.compile(r"^(?:word/(?:document|styles|header\d*|footer\d*|numbering)|xl/styles)\.xml$")
_FONT_PART_LIMIT = 50_000_000


def requested_fonts(path: Path) -> set[str]:
    """The font families a DOCX or XLSX asks for (empty when the file cannot be read)."""
    found: set[str] = set()
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if not _FONT_PARTS.match(info.filename):
                    continue
                with archive.open(info) as part:
                    data = part.read(_FONT_PART_LIMIT)
                pattern = _XLSX_FONT if info.filename.startswith("xl/") else _DOCX_FONT
                found.update(m.group(1).decode("utf-8", "replace") for m in pattern.finditer(data))
    except (OSError, zipfile.BadZipFile, KeyError):
        return set()
    return found


def foreign_fonts(names: Iterable[str], requested: Iterable[str] = ()) -> set[str]:
    """The fonts among ``names`` that are neither a ``requested`` family (Times New Roman when none
    is given) nor one of its metric-compatible twins."""
    from vbhc import nd30

    families = [f.casefold() for f in requested] or [nd30.FONT.casefold()]
    allowed = []
    for family in families:
        allowed.append(family.replace(" ", ""))
        allowed += [twin.casefold() for twin in _METRIC_TWINS.get(family, ())]
    return {n for n in names if not any(n.replace(" ", "").casefold().startswith(a) for a in allowed)}


def _warn_fonts(source: Path, pdf: Path, data: bytes) -> None:
    """Warn when ``pdf`` has text in a font that ``source`` did not ask for (nor a metric twin)."""
    from vbhc import nd30
    from vbhc.writers.fonts import INSTALL_FONTS

    requested = requested_fonts(source)
    other = foreign_fonts(pdf_fonts(data), requested)
    if not other:
        return
    used = ", ".join(sorted(other))
    if requested:
        asked = ", ".join(sorted(requested))
        message = f"«{pdf}»: {source.name} dùng phông {asked}, PDF lại có chữ in bằng {used}"
    else:
        message = f"«{pdf}» có chữ in bằng phông {used}"
    message += ": ngắt dòng, ngắt trang có thể khác bản in từ Word"
    if nd30.FONT in requested:
        message += f"; cài phông cùng số đo, đủ chữ tiếng Việt: {INSTALL_FONTS}"
    warnings.warn(FontWarning(message), stacklevel=3)


def to_pdf(
    docx_paths: Sequence[str | Path],
    out_dir: str | Path | None = None,
    *,
    timeout: float | None = None,
    pdfa: bool = False,
    finish: Callable[[Path, bytes], bytes] | None = None,
    converter: Converter | None = None,
) -> list[Path]:
    """Convert DOCX (and XLSX) files to PDF with one LibreOffice process (or by ``converter``, a
    pool of warm LibreOffice processes); return the PDF paths.

    Each PDF is named after its input and written into ``out_dir`` (created if missing), or beside
    its input when ``out_dir`` is None. ``timeout`` (seconds) defaults to a value scaled to the
    batch (:func:`default_timeout`). ``pdfa`` asks LibreOffice for PDF/A-2b (one process for the
    text documents, one for the spreadsheets: their export filters differ). ``finish(source, pdf)``
    returns the bytes to write for each PDF (signature fields, metadata). Nothing is written unless
    every file converted and finished. The PDFs are reproducible (:func:`stable_pdf`): the same
    bytes whether converted in a batch or by ``converter``.
    Emits :class:`FontWarning` when the machine has neither Times New Roman nor a metric-compatible
    font, or when a PDF came out in another font.

    Raises InputError for a missing, unsupported or corrupt input and EnvironmentProblem when
    LibreOffice is missing, times out or fails on a file (named in the message).
    """
    paths = [Path(p) for p in docx_paths]
    if not paths:
        return []
    _check_inputs(paths)
    out = Path(out_dir) if out_dir is not None else None
    if out is not None and out.exists() and not out.is_dir():
        raise InputError("thư mục ra là một tệp", Vitri(tep=str(out)), goi_y="chọn một thư mục")
    targets = _targets(paths, out)
    soffice = require_soffice()

    from vbhc.writers.fonts import font_warning

    message = font_warning()
    if message:
        warnings.warn(FontWarning(message), stacklevel=2)

    if converter is None:
        results = _convert_batch(soffice, paths, pdfa, default_timeout(paths) if timeout is None else timeout)
    else:
        results = [pdf for _, pdf in converter.map_pdf(((str(p), p.read_bytes()) for p in paths), pdfa=pdfa)]
    if pdfa:
        _check_pdfa(paths, results)
    if finish is not None:
        results = [finish(source, data) for source, data in zip(paths, results, strict=True)]

    from vbhc.files import write_bytes

    if out is not None:
        out.mkdir(parents=True, exist_ok=True)  # only now: a failed run leaves no empty folder
    for source, target, data in zip(paths, targets, results, strict=True):
        write_bytes(target, data, inputs=tuple(paths))
        _warn_fonts(source, target, data)
    return targets


def _convert_batch(soffice: Path, paths: Sequence[Path], pdfa: bool, timeout: float) -> list[bytes]:
    """The reproducible PDF of each of ``paths``, by LibreOffice runs of at most :data:`MAX_BATCH`
    documents (text documents and spreadsheets apart with ``pdfa``); the documents a run left
    without a PDF are tried once more in a fresh run before any is reported."""
    with tempfile.TemporaryDirectory(prefix="vbhc-pdf-") as tmp:
        work = Path(tmp)
        staged = _staged_inputs(paths, work)
        log = _run_batches(soffice, staged, work, float(timeout), pdfa)
        missing = [link for link in staged if not _produced(work, link).startswith(b"%PDF")]
        if missing:
            log += _run_batches(soffice, missing, work, float(timeout), pdfa)
        results = [_produced(work, link) for link in staged]
        failed = [source for source, data in zip(paths, results, strict=True) if not data.startswith(b"%PDF")]
        if failed:
            _raise_failed(failed, log, paths)
    return [stable_pdf(data) for data in results]


def _run_batches(soffice: Path, staged: Sequence[Path], work: Path, timeout: float, pdfa: bool) -> str:
    return "".join(_run_soffice(soffice, batch, work, timeout, pdfa) for batch in _batches(staged, pdfa))


def _produced(work: Path, link: Path) -> bytes:
    produced = work / "out" / f"{link.stem}.pdf"
    return produced.read_bytes() if produced.is_file() else b""


def _batches(staged: Sequence[Path], pdfa: bool) -> list[list[Path]]:
    """LibreOffice runs of at most :data:`MAX_BATCH` documents; with PDF/A, text documents and
    spreadsheets in runs of their own (their export filters differ)."""
    groups = [list(staged)]
    if pdfa:
        calc = [p for p in staged if p.suffix.lower() in CALC_SUFFIXES]
        groups = [[p for p in staged if p.suffix.lower() not in CALC_SUFFIXES], calc]
    return [group[i:i + MAX_BATCH] for group in groups if group for i in range(0, len(group), MAX_BATCH)]


def _check_pdfa(paths: Sequence[Path], results: Sequence[bytes]) -> None:
    """EnvironmentProblem when LibreOffice wrote a plain PDF where PDF/A-2b was asked (before 7.4)."""
    plain = [p for p, data in zip(paths, results, strict=True) if not _PDFA_PART.search(data)]
    if plain:
        names = ", ".join(f"«{p}»" for p in plain)
        raise EnvironmentProblem(
            f"LibreOffice không xuất {names} thành PDF/A-2b (không ghi tệp PDF nào)",
            goi_y="cần LibreOffice 7.4 trở lên: nâng cấp LibreOffice, hoặc bỏ --pdfa",
        )


def _raise_failed(failed: list[Path], log: str, paths: Sequence[Path]) -> None:
    names = ", ".join(f"«{p}»" for p in failed[:NAMES_SHOWN])
    if len(failed) > NAMES_SHOWN:
        names += f" và {len(failed) - NAMES_SHOWN} tệp khác"
    detail = " ".join(log.split())[-300:]
    hint = "mở tệp bằng Word/LibreOffice để kiểm tra tệp có hỏng không"
    if any(p.suffix.lower() in CALC_SUFFIXES for p in failed):
        hint += f"; {INSTALL_LIBREOFFICE_CALC}"
    if detail:
        hint += f" (LibreOffice: {detail})"
    raise EnvironmentProblem(
        f"LibreOffice không chuyển được {names} sang PDF"
        + (f" ({len(failed)}/{len(paths)} tệp; không ghi tệp PDF nào)" if len(paths) > 1 else ""),
        Vitri(tep=str(failed[0])) if len(failed) == 1 else None,
        goi_y=hint,
    )


def find_pdftoppm() -> Path | None:
    """The ``pdftoppm`` executable of poppler-utils, or None."""
    found = shutil.which("pdftoppm")
    return Path(found) if found else None


def first_page_png(
    source: str | Path, out: str | Path, *, dpi: int = 100, timeout: float | None = None
) -> Path:
    """Write the first page of ``source`` (DOCX, XLSX or PDF) as a PNG image to ``out``."""
    source = Path(source)
    out = Path(out)
    if not 10 <= dpi <= 600:
        raise InputError(f"độ phân giải {dpi} dpi nằm ngoài khoảng 10–600", Vitri(truong="--dpi"))
    if source.suffix.lower() != ".pdf":
        _check_inputs([source])
    elif not source.is_file():
        raise InputError("không tìm thấy tệp", Vitri(tep=str(source)))
    pdftoppm = find_pdftoppm()
    if pdftoppm is None:
        raise EnvironmentProblem(
            "không tìm thấy pdftoppm (poppler-utils): cần nó để vẽ trang thành ảnh PNG",
            goi_y=INSTALL_POPPLER,
        )
    with tempfile.TemporaryDirectory(prefix="vbhc-preview-") as tmp:
        work = Path(tmp)
        if source.suffix.lower() == ".pdf":
            pdf = source
        else:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", FontWarning)
                (pdf,) = to_pdf([source], work / "pdf", timeout=timeout)
            for item in caught:  # name the user's file, not the temporary PDF
                text = str(item.message).replace(f"«{pdf}»", f"«{source}»")
                warnings.warn(item.category(text), stacklevel=2)
        stem = work / "page"
        result = subprocess.run(
            [str(pdftoppm), "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)],
            capture_output=True,
            timeout=120,
            check=False,
        )
        png = stem.with_suffix(".png")
        if result.returncode != 0 or not png.is_file():
            detail = result.stderr.decode("utf-8", "replace").strip()
            raise EnvironmentProblem(
                f"pdftoppm không vẽ được trang 1 của «{source}»" + (f": {detail}" if detail else ""),
                Vitri(tep=str(source)),
            )
        from vbhc.files import write_bytes

        return write_bytes(out, png.read_bytes(), inputs=(source,))


__all__ = [
    "INSTALL_LIBREOFFICE",
    "INSTALL_POPPLER",
    "PDFA_FILTER_DATA",
    "Converter",
    "FontWarning",
    "default_timeout",
    "find_pdftoppm",
    "find_soffice",
    "first_page_png",
    "foreign_fonts",
    "pdf_fonts",
    "requested_fonts",
    "require_soffice",
    "to_pdf",
]
