"""The client side of a batch on Dask: connect, send chunks, follow the futures, account for every
document exactly once, write (bytes mode) or check (shared folder) the outputs.

:func:`merge_on` is the cluster path of :func:`vbhc.workflows.merge.merge`, :func:`pdf_on` the one
of ``vbhc pdf``. Both are reached through a :class:`vbhc.cluster.Cluster`; neither opens the
register.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import math
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from vbhc.cluster import Cluster
from vbhc.errors import EnvironmentProblem, InputError, Vitri

#: Most documents in one chunk: with PDF a document takes ~0.3 s, so a lost worker costs a few
#: seconds of work; without, a document takes ~2 ms and a chunk must outweigh a task's overhead.
CHUNK_MAX_PDF = 10
CHUNK_MAX = 200
#: Chunks per worker thread the batch is cut into (enough to even out uneven workers).
CHUNKS_PER_THREAD = 4
INSTALL_DASK = "cài Dask cho vbhc: pip install 'vbhc[dask]'"
_WHERE = Vitri(truong="--dask")

Progress = Callable[[int, int], None]


def chunk_size(total: int, threads: int, *, pdf: bool, asked: int | None = None) -> int:
    """Documents per chunk: ``asked``, or enough chunks for every worker thread, capped."""
    if asked is not None:
        if asked < 1:
            raise InputError(f"số văn bản mỗi lô phải từ 1 trở lên (đang là {asked})",
                             Vitri(truong="--dask-chunk"))
        return asked
    cap = CHUNK_MAX_PDF if pdf else CHUNK_MAX
    return max(1, min(cap, math.ceil(total / (max(1, threads) * CHUNKS_PER_THREAD))))


@contextlib.contextmanager
def session(cluster: Cluster, *, converter: bool) -> Iterator[Any]:
    """A client connected to the scheduler, with a worker that runs this vbhc; with ``converter``,
    every worker holds one warm LibreOffice (:class:`vbhc.cluster.worker.ConverterPlugin`)."""
    try:
        from distributed import Client

        from vbhc.cluster import worker
    except ImportError:
        raise EnvironmentProblem("chưa cài Dask (gói distributed) để chạy trên nhiều máy", _WHERE,
                                 goi_y=INSTALL_DASK) from None
    quiet = logging.getLogger("distributed")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # a lost worker is handled here; Dask's English log is noise
    try:
        client = _connect(Client, cluster)
        try:
            _check_workers(client, cluster, worker.vbhc_version)
            if converter and not all(client.run(_has_plugin).values()):
                client.register_plugin(worker.ConverterPlugin())
            yield client
        finally:
            client.close()
    finally:
        quiet.setLevel(level)


def _connect(client_class: Any, cluster: Cluster) -> Any:
    hint = (f"kiểm tra địa chỉ (dạng tcp://máy-chủ:8786) và bộ lập lịch đang chạy trên máy đó "
            f"(lệnh «dask scheduler»); {INSTALL_DASK}")
    try:
        return client_class(cluster.address, timeout=cluster.timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError, TypeError):  # Dask's own message is English
        raise EnvironmentProblem(
            f"không kết nối được bộ lập lịch Dask «{cluster.address}» trong {cluster.timeout:g} giây",
            _WHERE, goi_y=hint,
        ) from None


def _check_workers(client: Any, cluster: Cluster, version: Callable[[], str]) -> None:
    """EnvironmentProblem when the scheduler has no worker, or one runs no vbhc or another version."""
    import vbhc

    try:
        client.wait_for_workers(1, timeout=cluster.timeout)
    except TimeoutError:
        raise EnvironmentProblem(
            f"bộ lập lịch Dask «{cluster.address}» chưa có máy con nào sau {cluster.timeout:g} giây",
            _WHERE, goi_y="chạy «dask worker " + cluster.address + "» trên mỗi máy con",
        ) from None
    try:
        versions = client.run(version)
    except Exception as error:
        raise EnvironmentProblem(
            f"máy con Dask không chạy được vbhc ({type(error).__name__}: {error})", _WHERE,
            goi_y=f"trên mỗi máy con: {INSTALL_DASK}, cùng phiên bản với máy này ({vbhc.__version__})",
        ) from None
    other = {address: v for address, v in versions.items() if v != vbhc.__version__}
    if other:
        address, found = next(iter(other.items()))
        raise EnvironmentProblem(
            f"máy con «{address}» chạy vbhc {found}, máy này chạy vbhc {vbhc.__version__}", _WHERE,
            goi_y="cài cùng một phiên bản vbhc trên mọi máy",
        )


def _has_plugin(dask_worker: Any) -> bool:
    from vbhc.cluster.worker import PLUGIN

    return PLUGIN in dask_worker.plugins


def _shared_folder(client: Any, out: Path) -> None:
    """EnvironmentProblem when a worker does not see ``out`` at the same path (a marker file)."""
    from vbhc.cluster.worker import sees_folder

    marker = out / f".vbhc-dask-{uuid.uuid4().hex}"
    marker.write_bytes(b"")
    try:
        seen = client.run(sees_folder, str(marker.resolve()))
        blind = [address for address, sees in seen.items() if not sees]
    finally:
        marker.unlink()
    if blind:
        raise EnvironmentProblem(
            f"máy con «{blind[0]}» không thấy thư mục chung «{out.resolve()}»"
            + (f" (cùng {len(blind) - 1} máy con khác)" if len(blind) > 1 else ""),
            Vitri(tep=str(out)),
            goi_y="gắn thư mục chung vào cùng một đường dẫn trên mọi máy, hoặc bỏ --dask-shared để máy "
            "này tự ghi các tệp",
        )


def run_chunks(
    client: Any,
    function: Callable[..., list[Any]],
    chunks: Sequence[Sequence[tuple[Any, ...]]],
    names: Callable[[tuple[Any, ...]], str],
    progress: Progress | None,
    *args: Any,
    **kwargs: Any,
) -> Iterator[Any]:
    """Submit one task per chunk; yield what each chunk made as its future completes (Dask reruns
    the chunk of a worker that dies). A chunk that fails otherwise → EnvironmentProblem naming its
    documents."""
    from distributed import as_completed

    total = sum(len(chunk) for chunk in chunks)
    run = uuid.uuid4().hex[:12]
    futures = {
        client.submit(function, *args, list(chunk), key=f"vbhc-{run}-{number}", pure=False, **kwargs): chunk
        for number, chunk in enumerate(chunks)
    }
    done = 0
    try:
        for future in as_completed(futures, loop=client.loop):
            chunk = futures[future]
            yield from _result(future, chunk, names)
            future.release()
            done += len(chunk)
            if progress:
                progress(done, total)
    finally:
        client.cancel([future for future in futures if not future.done()])


def _result(future: Any, chunk: Sequence[tuple[Any, ...]], names: Callable[[tuple[Any, ...]], str]) -> Any:
    from distributed import KilledWorker

    first = f"«{names(chunk[0])}»" + (f" và {len(chunk) - 1} văn bản cùng lô" if len(chunk) > 1 else "")
    try:
        return future.result()
    except KilledWorker:
        raise EnvironmentProblem(
            f"máy con Dask dừng giữa chừng nhiều lần liền khi xử lý {first}; lô này bị bỏ",
            Vitri(tep=names(chunk[0])),
            goi_y="xem nhật ký của các máy con (thiếu bộ nhớ?), mở tệp bằng Word/LibreOffice để kiểm tra",
        ) from None
    except Exception as error:
        raise EnvironmentProblem(
            f"máy con Dask gặp lỗi khi xử lý {first}: {type(error).__name__}: {error}",
            Vitri(tep=names(chunk[0])),
            goi_y=f"kiểm tra máy con: {INSTALL_DASK}, LibreOffice, phông chữ (docs/hieu-nang.md)",
        ) from None


# --------------------------------------------------------------------------- outputs


class Outputs:
    """Every file the workers made, accounted for once: written here (bytes mode) or checked in the
    shared folder at the end (:meth:`check`)."""

    def __init__(self, shared: bool, inputs: Sequence[str]):
        self.shared = shared
        self.inputs = tuple(inputs)
        self.digests: dict[str, str] = {}  #: target → SHA-256 of its content

    def keep(self, target: str, content: bytes | str) -> bytes | None:
        """Write ``content`` (bytes mode) or note its hash (shared); the bytes when known here."""
        if target in self.digests:
            raise EnvironmentProblem(f"tệp «{target}» được trả về hai lần", Vitri(tep=target))
        if isinstance(content, str):
            self.digests[target] = content
            return None
        from vbhc.files import write_bytes

        write_bytes(target, content, inputs=self.inputs)
        self.digests[target] = hashlib.sha256(content).hexdigest()
        return content

    def check(self) -> None:
        """Shared folder: each file is there with the content its worker wrote; temporary files left
        by a worker that died mid-write are removed."""
        if not self.shared:
            return
        folders = {Path(t).parent for t in self.digests}
        names = {Path(t).name for t in self.digests}
        for folder in folders:
            for leftover in folder.glob(".*.tmp"):
                if leftover.name[1:].rsplit(".", 2)[0] in names:
                    with contextlib.suppress(OSError):
                        leftover.unlink()
        for target, digest in self.digests.items():
            path = Path(target)
            found = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
            if found != digest:
                state = "không có" if found is None else "khác với tệp máy con đã ghi"
                raise EnvironmentProblem(
                    f"tệp «{target}» trong thư mục chung {state}", Vitri(tep=target),
                    goi_y="kiểm tra thư mục có thật sự dùng chung (cùng đường dẫn) trên mọi máy",
                )


def _raise_problems(problems: list[Any]) -> None:
    if not problems:
        return
    first = problems[0]
    more = f" (cùng {len(problems) - 1} văn bản khác)" if len(problems) > 1 else ""
    where = Vitri(tep=first.tep) if first.tep else None
    raise EnvironmentProblem(first.message + more, where, goi_y=first.goi_y)


def _warn_fonts(source: Path, target: str, data: bytes | None) -> None:
    """The font check of a single-process PDF, on the bytes the worker made."""
    from vbhc.writers.pdf import _warn_fonts as warn

    warn(source, Path(target), data if data is not None else Path(target).read_bytes())


# --------------------------------------------------------------------------- the two jobs


def merge_on(
    cluster: Cluster,
    template: Path,
    tasks: Sequence[tuple[int, int, dict[str, Any], str]],
    *,
    pdf: bool,
    inputs: Sequence[str],
    progress: Progress | None = None,
) -> tuple[dict[int, str | None], list[Path]]:
    """Make the merge ``tasks`` (index, row, context, DOCX target) on ``cluster``; return each task's
    outcome (None, or the row's reason as in one process) and the PDFs written, in task order."""
    from vbhc.cluster.worker import merge_chunk

    data = template.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    outputs = Outputs(cluster.shared, inputs)
    outcomes: dict[int, str | None] = {}
    problems = []
    with session(cluster, converter=pdf) as client:
        if cluster.shared and tasks:
            _shared_folder(client, Path(tasks[0][3]).parent)
        size = chunk_size(len(tasks), sum(client.nthreads().values()), pdf=pdf, asked=cluster.chunk)
        chunks = [tasks[i:i + size] for i in range(0, len(tasks), size)]
        made = run_chunks(client, merge_chunk, chunks, lambda t: Path(t[3]).name, progress, data, digest,
                          pdf=pdf, shared=cluster.shared, inputs=list(inputs))
        for item in made:
            outcomes[item.index] = item.reason
            for target, content in item.files:
                try:
                    written = outputs.keep(target, content)
                except OSError as error:
                    outcomes[item.index] = f"không ghi được tệp «{target}»: {error.strerror}"
                    continue
                if target.endswith(".pdf"):
                    _warn_fonts(Path(item.files[0][0]), target, written)
            if item.problem is not None:
                problems.append(item.problem)
    _account(outcomes, len(tasks), lambda i: Path(tasks[i][3]).name)
    outputs.check()
    _raise_problems(problems)
    pdfs = [Path(t[3]).with_suffix(".pdf") for t in tasks if outcomes[t[0]] is None] if pdf else []
    return outcomes, pdfs


def pdf_on(
    cluster: Cluster, paths: Sequence[Path], out_dir: Path | None, *, progress: Progress | None = None
) -> list[Path]:
    """``vbhc pdf`` on ``cluster``: the PDF of each of ``paths``, named as :func:`vbhc.writers.pdf.to_pdf`
    names them; raises (after writing the others) when one could not be converted."""
    from vbhc.cluster.worker import pdf_chunk
    from vbhc.writers.pdf import _check_inputs, _targets

    paths = list({Path(p).resolve(): Path(p) for p in paths}.values())  # a file named twice is one PDF
    if not paths:
        return []
    _check_inputs(paths)
    if out_dir is not None and out_dir.exists() and not out_dir.is_dir():
        raise InputError("thư mục ra là một tệp", Vitri(tep=str(out_dir)), goi_y="chọn một thư mục")
    targets = _targets(paths, out_dir)
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
    inputs = [str(p.resolve()) for p in paths]
    tasks = [(i, p.name, p.read_bytes(), str(t)) for i, (p, t) in enumerate(zip(paths, targets, strict=True))]
    outputs = Outputs(cluster.shared, inputs)
    outcomes: dict[int, str | None] = {}
    problems = []
    with session(cluster, converter=True) as client:
        if cluster.shared:
            for folder in dict.fromkeys(t.parent for t in targets):
                _shared_folder(client, folder)
        size = chunk_size(len(tasks), sum(client.nthreads().values()), pdf=True, asked=cluster.chunk)
        chunks = [tasks[i:i + size] for i in range(0, len(tasks), size)]
        made = run_chunks(client, pdf_chunk, chunks, lambda t: t[1], progress, shared=cluster.shared,
                          inputs=inputs)
        for item in made:
            outcomes[item.index] = None
            for target, content in item.files:
                _warn_fonts(paths[item.index], target, outputs.keep(target, content))
            if item.problem is not None:
                problems.append(item.problem)
    _account(outcomes, len(tasks), lambda i: paths[i].name)
    outputs.check()
    _raise_problems(problems)
    return targets


def _account(outcomes: dict[int, str | None], total: int, name: Callable[[int], str]) -> None:
    """EnvironmentProblem unless every document came back exactly once."""
    missing = [i for i in range(total) if i not in outcomes]
    if missing:
        raise EnvironmentProblem(
            f"không nhận được kết quả của «{name(missing[0])}»"
            + (f" và {len(missing) - 1} văn bản khác" if len(missing) > 1 else "") + " từ các máy con",
            Vitri(tep=name(missing[0])),
        )


__all__ = ["CHUNK_MAX", "CHUNK_MAX_PDF", "chunk_size", "merge_on", "pdf_on", "session"]
