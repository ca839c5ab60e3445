"""A pool of warm LibreOffice converters: N soffice processes, each with its own profile and pipe,
converting documents side by side.

>>> with ConverterPool(2) as pool:
...     pdf = pool.to_pdf(Path("ke_hoach.docx").read_bytes(), name="ke_hoach.docx")
...     for name, pdf in pool.map_pdf((p.name, p.read_bytes()) for p in Path("out").glob("*.docx")):
...         Path("pdf", name).with_suffix(".pdf").write_bytes(pdf)

Each converter is a :class:`~vbhc.convert.warm.WarmConverter`: restarted after ``restart_after``
documents (LibreOffice's memory grows) or when its soffice dies. The document a dying soffice was
converting is retried on another converter (at most ``retries`` times), then refused with a
Vietnamese error naming it: a batch loses no document and converts none twice into its output.
The PDFs are reproducible (:func:`vbhc.writers.pdf_stable.stable_pdf`): the same bytes as the cold
batch of :func:`vbhc.writers.pdf.to_pdf` and as one warm converter.

``close()`` (or leaving the ``with``, an exception included) stops every soffice; a process killed
by SIGTERM leaves none either (each converter process stops its soffice when its pipe closes).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

from vbhc.convert.warm import MAX_DOCUMENTS, ConverterDied, WarmConverter
from vbhc.errors import EnvironmentProblem, InputError, Vitri

#: Converters in a pool when no size is given: one per core, at most this many.
MAX_DEFAULT_SIZE = 4
#: Times a document is retried on another converter after the soffice converting it died.
RETRIES = 2
#: Fewest documents for which a batch uses a pool by itself: below, starting N soffice costs more
#: than it saves (measured on 2 cores: a pool of 2 starts in ~6 s, then converts ~2× faster than
#: one LibreOffice batch, which starts in ~4 s; see docs/hieu-nang.md).
POOL_MIN_DOCUMENTS = 10


def default_size() -> int:
    """One converter per core this process may use, between 1 and :data:`MAX_DEFAULT_SIZE`."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_DEFAULT_SIZE))


@contextlib.contextmanager
def batch_converter(
    count: int, jobs: int | None = None, *, timeout: float | None = None
) -> Iterator[ConverterPool | None]:
    """The converter for a batch of ``count`` documents: a started pool of ``jobs`` converters
    (``jobs`` ≥ 2), the cold batch of :func:`vbhc.writers.pdf.to_pdf` (None: ``jobs`` = 1), or,
    when ``jobs`` is None, a pool of :func:`default_size` converters for a batch of at least
    :data:`POOL_MIN_DOCUMENTS` on a machine with two cores or more, else the cold batch. An
    automatic pool that cannot start (no ``python3-uno``) gives way to the cold batch; a pool asked
    for with ``jobs`` raises its EnvironmentProblem. ``timeout``: seconds for each document in a pool."""
    if jobs is not None and jobs < 1:
        raise InputError(f"số tiến trình phải từ 1 trở lên (đang là {jobs})", Vitri(truong="--jobs"))
    size = jobs if jobs is not None else default_size() if count >= POOL_MIN_DOCUMENTS else 1
    if min(size, count) < 2:
        yield None
        return
    pool = ConverterPool(min(size, count), timeout=timeout)
    try:
        pool.start()
    except EnvironmentProblem:
        if jobs is not None:
            raise
        yield None
        return
    with pool:
        yield pool


class ConverterPool:
    """``size`` warm converters shared by threads: :meth:`to_pdf` waits for a free one."""

    def __init__(
        self,
        size: int | None = None,
        *,
        restart_after: int = MAX_DOCUMENTS,
        timeout: float | None = None,
        retries: int = RETRIES,
        python: str | os.PathLike[str] | None = None,
    ) -> None:
        size = default_size() if size is None else size
        if size < 1:
            raise InputError(f"số bộ chuyển đổi phải từ 1 trở lên (đang là {size})", Vitri(truong="size"))
        self.size = size
        self.retries = retries
        self.converters = [
            WarmConverter(python=python, max_documents=restart_after, timeout=timeout, retries=0)
            for _ in range(size)
        ]
        self._free = list(self.converters)
        self._ready = threading.Condition()

    def __enter__(self) -> ConverterPool:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @property
    def restarts(self) -> int:
        """How many times a soffice of the pool was replaced (died, or ``restart_after`` reached)."""
        return sum(c.restarts for c in self.converters)

    def start(self) -> None:
        """Start every converter's soffice now, side by side (else each starts at its first document)."""
        with ThreadPoolExecutor(self.size) as starting:
            failures = [f.exception() for f in [starting.submit(c.__enter__) for c in self.converters]]
        problem = next((f for f in failures if f is not None), None)
        if problem is not None:
            self.close()
            raise problem

    def to_pdf(self, data: bytes, *, name: str, pdfa: bool = False) -> bytes:
        """The PDF (PDF/A-2b with ``pdfa``) of one DOCX/XLSX given as bytes, by a free converter.

        When the soffice converting it dies, the document goes to another converter (the dead one
        is restarted at its next document), up to :attr:`retries` times."""
        tried: set[int] = set()
        for _ in range(self.retries + 1):
            converter = self._take(tried)
            tried.add(id(converter))
            try:
                return converter.to_pdf(data, name=name, pdfa=pdfa)
            except ConverterDied:
                continue
            finally:
                self._give(converter)
        raise EnvironmentProblem(
            f"LibreOffice dừng giữa chừng {self.retries + 1} lần (trên {len(tried)} bộ chuyển đổi) "
            f"khi chuyển «{name}» sang PDF",
            Vitri(tep=name),
            goi_y="mở tệp bằng Word/LibreOffice để kiểm tra tệp có hỏng không, sửa rồi chuyển lại",
        )

    def map_pdf(
        self, items: Iterable[tuple[str, bytes]], *, pdfa: bool = False
    ) -> Iterator[tuple[str, bytes]]:
        """``(name, pdf)`` for each ``(name, document)`` of ``items``, in their order, converted by
        every converter of the pool at once (a few documents ahead are read, no more). The first
        document that fails raises its error; the documents still waiting are not converted."""
        ahead = 2 * self.size
        with ThreadPoolExecutor(self.size, thread_name_prefix="vbhc-pool") as threads:
            waiting: deque[tuple[str, Future[bytes]]] = deque()
            try:
                for name, data in items:
                    waiting.append((name, threads.submit(self.to_pdf, data, name=name, pdfa=pdfa)))
                    if len(waiting) >= ahead:
                        done, future = waiting.popleft()
                        yield done, future.result()
                while waiting:
                    done, future = waiting.popleft()
                    yield done, future.result()
            finally:
                for _, future in waiting:
                    future.cancel()

    def pids(self) -> list[int]:
        """Every process the pool now runs (converter processes and their soffice)."""
        return [pid for converter in self.converters for pid in converter.pids()]

    def close(self) -> None:
        """Stop every converter and its soffice."""
        for converter in self.converters:
            converter.close()

    # -- free converters --------------------------------------------------------------------------

    def _take(self, tried: set[int]) -> WarmConverter:
        """A free converter, one not in ``tried`` while there is such a converter."""
        with self._ready:
            while True:
                fresh = [c for c in self._free if id(c) not in tried]
                untried_exist = any(id(c) not in tried for c in self.converters)
                pick = fresh[0] if fresh else (self._free[0] if self._free and not untried_exist else None)
                if pick is not None:
                    self._free.remove(pick)
                    return pick
                self._ready.wait()

    def _give(self, converter: WarmConverter) -> None:
        with self._ready:
            self._free.append(converter)
            self._ready.notify_all()


__all__ = ["POOL_MIN_DOCUMENTS", "ConverterPool", "batch_converter", "default_size"]
