"""What runs on a Dask worker: one chunk of a merge or of a PDF batch.

Each worker process holds its warm LibreOffice (:class:`ConverterPlugin`: one per worker thread,
started at the first PDF, closed when the worker closes) and compiles each template once (cached by
SHA-256). A chunk returns one :class:`Made` per document; a problem with one document never leaves
the chunk as an exception.
"""

from __future__ import annotations

import hashlib
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from distributed import WorkerPlugin, get_worker

from vbhc.errors import VbhcError, Vitri

#: The name the converter plugin is registered under on every worker.
PLUGIN = "vbhc-converter"

#: A merge task: (index, sheet row, context, DOCX target path).
MergeTask = tuple[int, int, dict[str, Any], str]
#: A PDF task: (index, source file name, source bytes, PDF target path).
PdfTask = tuple[int, str, bytes, str]


@dataclass(frozen=True)
class Problem:
    """A VbhcError raised on a worker, kept as its parts (exceptions do not travel well)."""

    message: str
    tep: str | None
    goi_y: str | None

    @classmethod
    def of(cls, error: VbhcError) -> Problem:
        return cls(error.message, error.vitri.tep, error.goi_y)


@dataclass(frozen=True)
class Made:
    """One document done on a worker."""

    index: int
    #: (target path, the bytes to write) in bytes mode; (target path, SHA-256 of what was written)
    #: when the worker wrote the file into the shared folder
    files: tuple[tuple[str, bytes | str], ...] = ()
    reason: str | None = None  #: the document could not be made (a merge row's failure, in Vietnamese)
    problem: Problem | None = None  #: its PDF could not be made


class ConverterPlugin(WorkerPlugin):
    """The warm LibreOffice of a worker process (a :class:`~vbhc.convert.pool.ConverterPool` of one
    converter per worker thread), started at the first PDF, closed at teardown."""

    name = PLUGIN

    def __init__(self) -> None:
        self._pool: Any = None
        self._threads = 1

    def setup(self, worker: Any) -> None:
        self._threads = max(1, worker.state.nthreads)
        self._lock = threading.Lock()  # made here: the plugin travels pickled, a lock cannot

    def converter(self) -> Any:
        with self._lock:  # two threads of the worker asking at once get one pool
            if self._pool is None:
                from vbhc.convert.pool import ConverterPool

                self._pool = ConverterPool(self._threads)
            return self._pool

    def teardown(self, worker: Any) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None


def vbhc_version() -> str:
    """The vbhc a worker runs (the client checks it before sending work)."""
    import vbhc

    return vbhc.__version__


def sees_folder(path: str) -> bool:
    """Whether a worker sees the shared folder's marker file."""
    return Path(path).is_file()


def _converter() -> Any:
    return get_worker().plugins[PLUGIN].converter()


_TEMPLATES: dict[str, Any] = {}


def _template(data: bytes, digest: str) -> Any:
    """The template compiled once per worker process (the client sends its bytes with every chunk)."""
    compiled = _TEMPLATES.get(digest)
    if compiled is None:
        from vbhc.workflows.merge import CompiledTemplate

        with tempfile.TemporaryDirectory(prefix="vbhc-dask-") as tmp:
            path = Path(tmp) / "mau.docx"
            path.write_bytes(data)
            compiled = _TEMPLATES[digest] = CompiledTemplate(path)
    return compiled


def _keep(target: str, data: bytes, shared: bool, inputs: Sequence[str]) -> tuple[str, bytes | str]:
    """Bytes mode: the bytes, for the client to write. Shared: written here, atomically; its hash."""
    if not shared:
        return target, data
    from vbhc.files import write_bytes

    write_bytes(target, data, inputs=tuple(inputs))
    return target, hashlib.sha256(data).hexdigest()


def merge_chunk(
    template: bytes, digest: str, tasks: Sequence[MergeTask], *, pdf: bool, shared: bool,
    inputs: Sequence[str],
) -> list[Made]:
    """Render (and with ``pdf`` convert) the documents of one merge chunk."""
    compiled = _template(template, digest)
    return [_merge_one(compiled, task, pdf, shared, inputs) for task in tasks]


def _merge_one(compiled: Any, task: MergeTask, pdf: bool, shared: bool, inputs: Sequence[str]) -> Made:
    """One row, as :func:`vbhc.workflows.merge.merge` makes it in one process, with the same reasons."""
    from vbhc.templating.sandbox import template_error

    index, _dong, context, target = task
    try:
        data = compiled.document_bytes(context)
    except VbhcError as error:
        return Made(index, reason=error.message)
    except Exception as error:
        return Made(index, reason=template_error(error, Vitri()).message)
    try:
        files = [_keep(target, data, shared, inputs)]
    except VbhcError as error:
        return Made(index, reason=error.message)
    except OSError as error:
        return Made(index, reason=f"không ghi được tệp «{target}»: {error.strerror}")
    if not pdf:
        return Made(index, tuple(files))
    converted, problem = _pdf(data, Path(target).name, str(Path(target).with_suffix(".pdf")), shared, inputs)
    return Made(index, (*files, *converted), problem=problem)


def pdf_chunk(tasks: Sequence[PdfTask], *, shared: bool, inputs: Sequence[str]) -> list[Made]:
    """Convert the documents of one PDF chunk."""
    made = []
    for index, name, data, target in tasks:
        files, problem = _pdf(data, name, target, shared, inputs)
        made.append(Made(index, files, problem=problem))
    return made


def _pdf(
    data: bytes, name: str, target: str, shared: bool, inputs: Sequence[str]
) -> tuple[tuple[tuple[str, bytes | str], ...], Problem | None]:
    """The PDF of one document, converted by this worker's warm LibreOffice, or its problem."""
    try:
        return (_keep(target, _converter().to_pdf(data, name=name), shared, inputs),), None
    except VbhcError as error:
        return (), Problem.of(error)
    except OSError as error:
        return (), Problem(f"không ghi được tệp «{target}»: {error.strerror}", target, None)


__all__ = ["PLUGIN", "ConverterPlugin", "Made", "Problem", "merge_chunk", "pdf_chunk"]
