"""PDF of a batch of merged giấy mời, three ways, start-up included: one LibreOffice for the whole
batch (``to_pdf``, the cold path), one warm converter, a pool of two; and, when the ``unoserver``
package is installed (not a dependency of vbhc), a pool of two unoserver servers on the same
documents (full run only). Every way must give the same PDF bytes."""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks.common import Measure, not_measured, so

MUC_TIEU = "bể 2 bộ chuyển đổi nhanh hơn một LibreOffice cho cả loạt (máy 2 lõi)"
MUC_TIEU_UNO = "chọn theo số đo: bộ chuyển đổi của vbhc không chậm hơn unoserver"


def _timed(action: Callable[[], list[bytes]]) -> tuple[float, list[bytes]]:
    started = time.perf_counter()
    pdfs = action()
    return time.perf_counter() - started, pdfs


def _digest(pdfs: list[bytes]) -> str:
    return hashlib.sha256(b"".join(hashlib.sha256(p).digest() for p in pdfs)).hexdigest()


def run(work: Path, *, quick: bool) -> list[Measure]:
    count = 4 if quick else 100
    ten = f"PDF của {count} giấy mời: bể bộ chuyển đổi LibreOffice chạy sẵn"
    try:
        from benchmarks.bench_merge import make_inputs
        from vbhc.convert.pool import ConverterPool
        from vbhc.workflows.merge import merge
        from vbhc.writers.pdf import to_pdf

        template, data = make_inputs(work, count)
        docs = merge(template, data, work / "docx", name="{stt:03d}.docx").written

        def by(converter: object | None, out: str) -> list[bytes]:
            return [p.read_bytes() for p in to_pdf(docs, work / out, converter=converter)]

        def pool(size: int, out: str) -> list[bytes]:
            with ConverterPool(size) as converters:
                return by(converters, out)

        with warnings.catch_warnings():  # the test documents' font is not the point here
            warnings.simplefilter("ignore")
            cold, reference = _timed(lambda: by(None, "cold"))
            one, warm = _timed(lambda: pool(1, "warm"))
            two, pooled = _timed(lambda: pool(2, "pool"))
            recovery = _killed_mid_batch(docs, reference)
        same = _digest(reference) == _digest(warm) == _digest(pooled)
        assert same, "các cách chuyển cho ra PDF khác nhau"
    except Exception as error:
        return [not_measured(ten, MUC_TIEU, error)]
    details = [
        f"- Một LibreOffice cho cả loạt: {so(cold)} s ({so(count / cold)} văn bản/s).",
        f"- Một bộ chuyển đổi chạy sẵn: {so(one)} s ({so(count / one)} văn bản/s), tỉ lệ {so(cold / one)}×.",
        f"- Bể 2 bộ chuyển đổi: {so(two)} s ({so(count / two)} văn bản/s), tỉ lệ {so(cold / two)}×.",
        f"- Bể 2, một soffice bị giết (SIGKILL) giữa loạt: {recovery}.",
        "- Cả ba cách cho ra PDF giống nhau từng byte (cùng mã băm SHA-256).",
    ]
    measures = [Measure(
        ten, MUC_TIEU,
        f"một LibreOffice {so(cold)} s; một bộ chạy sẵn {so(one)} s; bể 2: {so(two)} s "
        f"({so(count / two)} văn bản/s)",
        cold / two, two < cold,
        "thời gian gồm cả khởi động LibreOffice; máy 2 lõi dùng chung với các kỹ sư khác khi đo",
        details,
    )]
    if not quick and importlib.util.find_spec("unoserver") is not None:  # installed only to compare
        measures.append(_versus_unoserver(docs, reference, two))
    return measures


def _killed_mid_batch(docs: list[Path], reference: list[bytes]) -> str:
    """Convert the batch with a pool of two, killing one soffice after the first quarter."""
    from vbhc.convert.pool import ConverterPool

    started = time.perf_counter()
    pdfs = []
    with ConverterPool(2) as pool:
        victim = pool.converters[0]
        for _, pdf in pool.map_pdf((d.name, d.read_bytes()) for d in docs):
            pdfs.append(pdf)
            if len(pdfs) == max(1, len(docs) // 4):
                for pid in victim.pids():
                    if pid != victim._process.pid:
                        os.kill(pid, signal.SIGKILL)
        restarts = pool.restarts
    elapsed = time.perf_counter() - started
    same = "giống hệt" if pdfs == reference else "KHÁC"
    return (f"{so(elapsed)} s, {restarts} lần khởi động lại, {len(pdfs)}/{len(docs)} PDF, "
            f"{same} bản một LibreOffice")


# -- unoserver, for the comparison -----------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Unoserver:
    """One ``unoserver`` (XML-RPC server + its soffice) run by the system Python, which has ``uno``:
    the package is found through PYTHONPATH (its site-packages folder)."""

    def __init__(self) -> None:
        import unoserver

        self.site = str(Path(unoserver.__file__).resolve().parent.parent)
        self.process: subprocess.Popen[bytes] | None = None
        self.profile = Path(tempfile.mkdtemp(prefix="vbhc-bench-unoserver-"))
        self.lock = threading.Lock()
        self.restarts = 0

    def start(self) -> None:
        from unoserver.client import UnoClient

        self.port, uno_port = _free_port(), _free_port()
        env = {**os.environ, "PYTHONPATH": self.site}
        self.process = subprocess.Popen(
            ["/usr/bin/python3", "-c", "from unoserver.server import main; main()", "--port", str(self.port),
             "--uno-port", str(uno_port), "--user-installation", str(self.profile), "--quiet"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        self.client = UnoClient("127.0.0.1", str(self.port))
        deadline = time.monotonic() + 180
        while True:  # ready when a first conversion answers
            try:
                self.client.server_info()
                return
            except Exception:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("unoserver không khởi động được") from None
                time.sleep(0.2)

    def convert(self, data: bytes) -> bytes:
        from vbhc.writers.pdf_stable import stable_pdf

        with self.lock:
            for _ in range(2):  # unoserver exits when its soffice dies: start it again, retry once
                try:
                    return stable_pdf(self.client.convert(indata=data, convert_to="pdf", update_index=False))
                except Exception:
                    self.stop()
                    self.restarts += 1
                    self.start()
            raise RuntimeError("unoserver không chuyển được văn bản")

    def stop(self) -> None:
        if self.process is not None:
            with contextlib.suppress(OSError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            self.process = None

    def soffice_pids(self) -> list[int]:
        from vbhc.convert.warm import group_pids

        if self.process is None:
            return []
        return [pid for pid in group_pids(self.process.pid) if pid != self.process.pid]


def _unoserver_pool(docs: list[Path], *, kill_at: int | None = None) -> tuple[float, list[bytes], int]:
    servers = [_Unoserver(), _Unoserver()]
    started = time.perf_counter()
    try:
        with ThreadPoolExecutor(2) as threads:
            list(threads.map(lambda s: s.start(), servers))
        free = list(servers)
        lock = threading.Lock()

        def one(index: int) -> bytes:
            with lock:
                server = free.pop()
            try:
                if index == kill_at:
                    for pid in server.soffice_pids():
                        os.kill(pid, signal.SIGKILL)
                return server.convert(docs[index].read_bytes())
            finally:
                with lock:
                    free.append(server)

        with ThreadPoolExecutor(2) as threads:
            pdfs = list(threads.map(one, range(len(docs))))
        return time.perf_counter() - started, pdfs, sum(s.restarts for s in servers)
    finally:
        for server in servers:
            server.stop()
            shutil.rmtree(server.profile, ignore_errors=True)


def _versus_unoserver(docs: list[Path], reference: list[bytes], ours: float) -> Measure:
    ten = f"Bể 2 của vbhc so với bể 2 unoserver ({len(docs)} giấy mời)"
    try:
        theirs, pdfs, _ = _unoserver_pool(docs)
        killed, again, restarts = _unoserver_pool(docs, kill_at=max(1, len(docs) // 4))
    except Exception as error:
        return not_measured(ten, MUC_TIEU_UNO, error)
    same = "giống hệt" if pdfs == reference and again == reference else "KHÁC"
    return Measure(
        ten, MUC_TIEU_UNO,
        f"unoserver {so(theirs)} s ({so(len(docs) / theirs)} văn bản/s); vbhc {so(ours)} s",
        theirs / ours, ours <= theirs * 1.05,
        f"unoserver chạy bằng /usr/bin/python3 (có uno); PDF {same} bản một LibreOffice (sau stable_pdf); "
        f"một soffice bị giết giữa loạt: {so(killed)} s, {restarts} lần khởi động lại — unoserver tự thoát "
        "khi soffice chết, việc khởi động lại và chuyển lại văn bản do trình đo làm",
    )


if __name__ == "__main__":  # python -m benchmarks.bench_pool
    with tempfile.TemporaryDirectory() as tmp:
        for measure in run(Path(tmp), quick="--quick" in sys.argv):
            print(measure)
