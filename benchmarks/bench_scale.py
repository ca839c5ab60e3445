"""Beyond one LibreOffice: 500 giấy mời merged with their PDF, four ways, in one run.

* ``vbhc merge --pdf -j 1`` as before issue 19: the DOCX in one process, then the cold LibreOffice
  batch of :func:`vbhc.writers.pdf.to_pdf`, cut into lots of :data:`COLD_LOT` documents (one batch
  of 500 stops at the 242nd document with LibreOffice 7.4 on the measuring machine);
* ``-j 2`` as before: the DOCX in two processes, then the same batches;
* the converter pool: ``-j 2`` now, the DOCX in two processes and the PDFs by a
  :class:`vbhc.convert.pool.ConverterPool` of 2 warm LibreOffice side by side;
* a Dask ``LocalCluster`` of 2 worker processes (``merge(..., cluster=…)``, one warm LibreOffice per
  worker, outputs returned as bytes and written by the client).

Long (minutes): only ``python -m benchmarks --only scale`` runs it, never the default or quick run,
never CI. It writes its own section of RESULTS.md and leaves the others as they are.
"""

from __future__ import annotations

import os
import shutil
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from benchmarks.bench_merge import make_inputs
from benchmarks.common import Measure, machine, not_measured, so

COUNT = 500
QUICK_COUNT = 12
WORKERS = 2
MUC_TIEU = "báo thông lượng (văn bản/giây) và độ tăng tốc so với -j 1"
#: Documents per cold LibreOffice batch (one batch of 500 dies at the 242nd document here).
COLD_LOT = 200
#: Longest note kept from a failure (a LibreOffice failure lists every file).
NOTE_CHARS = 300
TITLE = "Bốn cách chạy {n} giấy mời có PDF"


def _timed(make: Callable[[Path], int], out: Path, count: int) -> float:
    """Seconds of one run into a new folder; checks that every document has its PDF."""
    start = time.perf_counter()
    made = make(out)
    seconds = time.perf_counter() - start
    pdfs = len(list(out.glob("*.pdf")))
    if made != count or pdfs != count:
        raise AssertionError(f"{made} văn bản, {pdfs} PDF thay vì {count}")
    shutil.rmtree(out)
    return seconds


def _ways(template: Path, data: Path) -> list[tuple[str, Callable[[], Callable[[Path], int]]]]:
    """(name, a factory of the run) for each way; a factory that raises makes a «chưa đo» line."""
    from vbhc.workflows.merge import merge

    def cold(n: int) -> Callable[[], Callable[[Path], int]]:
        from vbhc.writers.pdf import to_pdf

        def go(out: Path) -> int:
            written = merge(template, data, out, jobs=n).written
            return sum(len(to_pdf(written[i:i + COLD_LOT], out)) for i in range(0, len(written), COLD_LOT))
        return lambda: go

    def pooled() -> Callable[[Path], int]:
        return lambda out: len(merge(template, data, out, pdf=True, jobs=WORKERS, pdf_jobs=WORKERS).pdf)

    def cluster() -> Callable[[Path], int]:
        from vbhc.cluster import Cluster

        address = _LOCAL.start()
        return lambda out: len(merge(template, data, out, pdf=True, cluster=Cluster(address)).pdf)

    return [
        (f"`-j 1`, PDF qua LibreOffice chạy theo lô {COLD_LOT} văn bản (như trước issue 19)", cold(1)),
        (f"`-j 2`, PDF qua LibreOffice chạy theo lô {COLD_LOT} văn bản (như trước issue 19)", cold(2)),
        (f"`vbhc merge --pdf -j 2`: PDF qua bộ chuyển đổi chạy sẵn (`ConverterPool({WORKERS})`)", pooled),
        (f"Dask `LocalCluster`, {WORKERS} máy con (`--dask`)", cluster),
    ]


class _LocalCluster:
    """The LocalCluster, started (not timed) before its run and closed at the end."""

    def __init__(self) -> None:
        self.cluster = None
        self.seconds = 0.0

    def start(self) -> str:
        from distributed import LocalCluster

        begin = time.perf_counter()
        self.cluster = LocalCluster(n_workers=WORKERS, threads_per_worker=1, processes=True,
                                    dashboard_address=None)
        self.seconds = time.perf_counter() - begin
        return self.cluster.scheduler_address

    def close(self) -> None:
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None


_LOCAL = _LocalCluster()


def run(work: Path, *, quick: bool) -> list[Measure]:
    count = QUICK_COUNT if quick else COUNT
    template, data = make_inputs(work, count)
    measures: list[Measure] = []
    base: float | None = None
    try:
        for number, (name, factory) in enumerate(_ways(template, data)):
            try:
                with warnings.catch_warnings():  # the template's fonts are not the point here
                    warnings.simplefilter("ignore")
                    seconds = _timed(factory(), work / f"out-{number}", count)
            except Exception as error:
                failed = not_measured(name, MUC_TIEU, error)
                if len(failed.ghi_chu) > NOTE_CHARS:
                    failed.ghi_chu = failed.ghi_chu[:NOTE_CHARS] + "…"
                measures.append(failed)
                continue
            base = seconds if number == 0 else base  # the speed-up is against -j 1 only
            figures = f"{so(seconds, 1)} s, {so(count / seconds)} văn bản/giây"
            measures.append(Measure(name, MUC_TIEU, figures, base / seconds if base else None, True))
    finally:
        _LOCAL.close()
    if _LOCAL.seconds and measures[-1].dat:
        measures[-1].ghi_chu = f"khởi động cụm {so(_LOCAL.seconds, 1)} s (không tính)"
    return measures


def section(measures: list[Measure], *, quick: bool) -> str:
    """This benchmark's section of RESULTS.md: its own table and notes."""
    count = QUICK_COUNT if quick else COUNT
    lines = [
        f"## {TITLE.format(n=so(count, 0))}",
        "",
        f"`python -m benchmarks --only scale{' --quick' if quick else ''}` (không chạy trong lần đo mặc "
        "định, không chạy trong CI). Mỗi cách tạo cùng các giấy mời DOCX và PDF của chúng từ một bảng "
        f"{so(count, 0)} dòng, một lần đo mỗi cách; độ tăng tốc = thời gian của `-j 1` / thời gian của "
        "cách đó.",
        "",
        *machine(with_soffice=True),
        f"* Tải của máy khi ghi kết quả (load average 1 phút, 2 lõi): {so(os.getloadavg()[0], 1)}",
        "",
        "| Cách chạy | Đo được | Tăng tốc | Ghi chú |",
        "|---|---|---:|---|",
    ]
    for m in measures:
        ratio = f"{so(m.ti_le, 2)}×" if m.ti_le is not None else "—"
        lines.append(f"| {m.ten} | {m.do_duoc} | {ratio} | {m.ghi_chu} |")
    lines += [
        "",
        "Hai dòng đầu là cách chạy trước issue 19: `-j` chỉ chia phần tạo DOCX, mọi PDF đi qua "
        f"`soffice --convert-to pdf`, một tiến trình LibreOffice cho mỗi lô {COLD_LOT} văn bản: một lô "
        "500 văn bản (`merge(..., pdf_jobs=1)`) không chạy xong trên máy đo, LibreOffice 7.4 dừng ở văn "
        "bản thứ 242 và không PDF nào được ghi. Dòng thứ ba là `vbhc merge --pdf -j 2` bây giờ: bộ "
        f"chuyển đổi chạy sẵn giữ {WORKERS} LibreOffice chạy song song trên máy này (thời gian gồm cả lúc "
        "chúng khởi động). Với Dask, mỗi máy con "
        "(ở đây là tiến trình trên cùng máy) tạo DOCX và PDF của các lô nó nhận bằng một LibreOffice chạy "
        "sẵn của riêng nó, rồi gửi tệp về; thời gian gồm cả lúc các LibreOffice đó khởi động. Máy đo có "
        "2 lõi dùng chung với các tiến trình khác: trên nhiều máy thật, thông lượng của Dask tăng theo số "
        "máy con, còn `-j N` dừng ở số lõi của một máy.",
    ]
    if quick:
        lines += ["", "_Chạy nhanh (--quick): cỡ nhỏ, các con số không dùng để so sánh._"]
    return "\n".join(lines) + "\n"
