"""The pool of warm LibreOffice converters: the exact set of PDFs, each byte-identical to the
single-process (cold batch) conversion, with a soffice killed in the middle of a batch, with
restarts after K documents; a document that crashes every converter is named in Vietnamese; no
soffice is left running after close, after an exception, after SIGTERM."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

try:
    from tests.pdf_pages import require_soffice
    from tests.test_convert_warm import _require_uno
except ImportError:  # pytest run from inside tests/
    from pdf_pages import require_soffice
    from test_convert_warm import _require_uno

from vbhc.convert.pool import ConverterPool
from vbhc.errors import EnvironmentProblem

pytestmark = pytest.mark.pdf

ROOT = Path(__file__).resolve().parent.parent
#: Documents in a batch (small: two cores shared by several people).
COUNT = 10


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], dict[str, str]]:
    """``COUNT`` merged giấy mời, and the hash of each one's PDF by one cold LibreOffice batch."""
    require_soffice()
    _require_uno()
    from benchmarks.bench_merge import make_inputs
    from vbhc.workflows.merge import merge
    from vbhc.writers.pdf import to_pdf

    work = tmp_path_factory.mktemp("pool")
    template, data = make_inputs(work, COUNT)
    docs = merge(template, data, work / "docx", name="{stt:02d}.docx").written
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pdfs = to_pdf(docs, work / "cold")
    return docs, {pdf.name: _sha(pdf.read_bytes()) for pdf in pdfs}


@pytest.fixture(scope="module")
def pool():
    _require_uno()
    with ConverterPool(2) as shared:
        yield shared


def _items(docs: list[Path]):
    return ((doc.name, doc.read_bytes()) for doc in docs)


def _hashes(results) -> dict[str, str]:
    """name.pdf → hash; fails when a document came back twice."""
    hashes: dict[str, str] = {}
    for name, pdf in results:
        target = f"{Path(name).stem}.pdf"
        assert target not in hashes, f"«{name}» came back twice"
        hashes[target] = _sha(pdf)
    return hashes


def _alive(pids: list[int]) -> list[int]:
    """The processes among ``pids`` still running (zombies waiting for their parent do not count)."""
    running = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            running.append(pid)
    return running


def _kill_soffice(converter) -> list[int]:
    """SIGKILL to a converter's LibreOffice (oosplash and soffice.bin), not to its converter process."""
    killed = [pid for pid in converter.pids() if pid != converter._process.pid]
    for pid in killed:
        os.kill(pid, signal.SIGKILL)
    return killed


def test_a_batch_gives_the_exact_set_of_pdfs_each_identical_to_the_cold_batch(batch, pool):
    docs, cold = batch
    results = list(pool.map_pdf(_items(docs)))
    assert [name for name, _ in results] == [doc.name for doc in docs]  # in input order
    assert _hashes(results) == cold


def test_to_pdf_by_the_pool_writes_the_same_files_as_the_cold_batch(batch, pool, tmp_path):
    from vbhc.writers.pdf import to_pdf

    docs, cold = batch
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        written = to_pdf(docs, tmp_path, converter=pool)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(cold)
    assert {p.name: _sha(p.read_bytes()) for p in written} == cold


def test_pdfa_by_the_pool_is_identical_to_the_cold_pdfa(batch, pool, tmp_path):
    from vbhc.writers.pdf import to_pdf

    docs, _ = batch
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cold = to_pdf(docs[:2], tmp_path / "cold", pdfa=True)
    results = list(pool.map_pdf(_items(docs[:2]), pdfa=True))
    assert all(b"pdfaid:part" in pdf for _, pdf in results)
    assert _hashes(results) == {p.name: _sha(p.read_bytes()) for p in cold}


def test_a_soffice_killed_in_the_middle_of_a_batch_loses_and_duplicates_nothing(batch):
    docs, cold = batch
    results = []
    with ConverterPool(2) as pool:
        victim = pool.converters[0]
        for name, pdf in pool.map_pdf(_items(docs)):
            results.append((name, pdf))
            if len(results) == 2:
                killed = _kill_soffice(victim)
        assert victim.restarts == 1
    assert killed
    assert [name for name, _ in results] == [doc.name for doc in docs]
    assert _hashes(results) == cold


def test_each_soffice_is_replaced_after_k_documents(batch):
    docs, cold = batch
    seen = set()
    with ConverterPool(1, restart_after=2) as pool:
        results = []
        for name, pdf in pool.map_pdf(_items(docs[:5])):
            results.append((name, pdf))
            seen.add(pool.converters[0].soffice_pid)
        assert pool.restarts == 2  # documents 1–2, 3–4, 5: three soffice processes
    assert len(seen) >= 2
    assert _hashes(results) == {f"{d.stem}.pdf": cold[f"{d.stem}.pdf"] for d in docs[:5]}


@pytest.fixture
def crashing_python(tmp_path: Path) -> Path:
    """A "python" for the converters whose LibreOffice dies on every document named «…hong…»."""
    wrapper = tmp_path / "python3"
    helper = ROOT / "tests" / "uno_crash_worker.py"
    # called as: python3 -I <uno_worker.py> SOFFICE WORK_DIR
    wrapper.write_text(f'#!/bin/sh\nexec /usr/bin/python3 -I {helper} "$(dirname "$2")" "$3" "$4"\n')
    wrapper.chmod(0o755)
    return wrapper


def test_a_document_that_crashes_every_converter_is_named_in_vietnamese(batch, crashing_python):
    docs, cold = batch
    data = docs[0].read_bytes()
    with ConverterPool(2, python=crashing_python, retries=2) as pool:
        with pytest.raises(EnvironmentProblem) as raised:
            pool.to_pdf(data, name="giay_moi_hong.docx")
        assert pool.restarts == 3  # three attempts, three dead soffice processes
        others = list(pool.map_pdf(_items(docs[:3])))  # the pool still converts the others
        assert pool.restarts == 3
    text = str(raised.value)
    assert "«giay_moi_hong.docx»" in text
    assert "LibreOffice dừng giữa chừng 3 lần (trên 2 bộ chuyển đổi)" in text
    assert _hashes(others) == {f"{d.stem}.pdf": cold[f"{d.stem}.pdf"] for d in docs[:3]}


def test_a_failing_document_in_a_batch_stops_it_with_its_name(batch, crashing_python):
    docs, _ = batch
    items = [(doc.name, doc.read_bytes()) for doc in docs[:4]]
    items[2] = ("03_hong.docx", items[2][1])
    pool = ConverterPool(2, python=crashing_python, retries=1)
    with pool, pytest.raises(EnvironmentProblem) as raised:
        list(pool.map_pdf(items))
    assert "«03_hong.docx»" in str(raised.value)


def test_nothing_runs_after_close_nor_after_an_exception(batch):
    docs, _ = batch
    pool = ConverterPool(2)
    with pool:
        pool.to_pdf(docs[0].read_bytes(), name=docs[0].name)
        pids = pool.pids()
    assert len(pids) >= 4 and _alive(pids) == []
    with pytest.raises(KeyError), ConverterPool(2) as pool:
        pids = pool.pids()
        raise KeyError("bị ngắt")
    assert len(pids) >= 4 and _alive(pids) == []


SCRIPT = """
import json, sys, time
from vbhc.convert.pool import ConverterPool
pool = ConverterPool(2).__enter__()
print(json.dumps(pool.pids()), flush=True)
time.sleep(600)
"""


def test_nothing_runs_after_the_process_is_stopped_by_sigterm():
    _require_uno()
    process = subprocess.Popen(
        [sys.executable, "-c", SCRIPT], stdout=subprocess.PIPE, cwd=ROOT, text=True
    )
    try:
        pids = json.loads(process.stdout.readline())
        assert len(_alive(pids)) >= 4
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        deadline = time.monotonic() + 60
        while _alive(pids) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _alive(pids) == []
    finally:
        process.kill()
        process.wait()


def test_vbhc_pdf_with_two_jobs_writes_the_cold_batchs_bytes(batch, tmp_path):
    from click.testing import CliRunner

    from vbhc.cli import cli

    docs, cold = batch
    result = CliRunner().invoke(cli, ["pdf", *map(str, docs[:3]), "-o", str(tmp_path), "-j", "2"])
    assert result.exit_code == 0, result.output
    assert {p.name: _sha(p.read_bytes()) for p in tmp_path.iterdir()} == {
        f"{d.stem}.pdf": cold[f"{d.stem}.pdf"] for d in docs[:3]
    }
    assert result.output.count("Đã ghi") == 3


def test_vbhc_pdf_refuses_zero_jobs_in_vietnamese(batch, tmp_path):
    docs, _ = batch
    result = subprocess.run(
        [sys.executable, "-c", "from vbhc.cli import main; main()", "pdf", str(docs[0]), "-o", str(tmp_path),
         "-j", "0"],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Lỗi: ") and "Traceback" not in result.stderr
    assert "--jobs" in result.stderr and "số tiến trình phải từ 1 trở lên (đang là 0)" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_small_batch_or_one_job_starts_no_pool():
    from vbhc.convert.pool import POOL_MIN_DOCUMENTS, batch_converter

    for count, jobs in ((POOL_MIN_DOCUMENTS - 1, None), (50, 1), (1, 4)):
        with batch_converter(count, jobs) as converter:
            assert converter is None


def test_merge_pdf_by_a_pool_gives_the_cold_batchs_bytes(batch, tmp_path):
    from benchmarks.bench_merge import make_inputs
    from vbhc.workflows.merge import merge

    docs, cold = batch
    template, data = make_inputs(tmp_path, 3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = merge(template, data, tmp_path / "out", name="{stt:02d}.docx", pdf=True, pdf_jobs=2)
    assert {p.name: _sha(p.read_bytes()) for p in result.pdf} == {
        f"{d.stem}.pdf": cold[f"{d.stem}.pdf"] for d in docs[:3]
    }


def test_the_ky_so_finish_step_gives_the_same_pdf_through_the_pool(batch, pool, tmp_path):
    pytest.importorskip("pikepdf")
    pytest.importorskip("pyhanko")
    from vbhc.cli.pdf import preparer
    from vbhc.nd30 import DAU_DUONG_KINH_MM
    from vbhc.sources.markdown import load
    from vbhc.writers.docx import render
    from vbhc.writers.pdf import to_pdf

    example = ROOT / "examples" / "quyet_dinh_to_cong_tac" / "quyet_dinh.md"
    docx = render(load(example), tmp_path / "quyet_dinh.docx")
    made, fields = {}, {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for way, converter in (("cold", None), ("pool", pool)):
            finish = preparer(True, False, DAU_DUONG_KINH_MM)
            (pdf,) = to_pdf([docx], tmp_path / way, finish=finish, converter=converter)
            made[way] = pdf.read_bytes()
            fields[way] = finish.done[docx].describe()
    assert "ChuKyNguoiKy" in fields["cold"] and fields["cold"] == fields["pool"]  # same fields, same place
    # the fields are an incremental update (stamped with the time it was made) on LibreOffice's PDF,
    # which is the same, byte for byte, on both paths
    end = made["cold"].index(b"%%EOF") + len(b"%%EOF")
    assert len(made["cold"]) > end + 100
    assert made["cold"][:end] == made["pool"][:end]
