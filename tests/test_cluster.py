"""Batches on Dask (``vbhc merge/pdf --dask``): a LocalCluster of 2 worker processes on this machine
gives exactly the files of a single-process run, byte for byte, even when a worker is killed."""

from __future__ import annotations

import hashlib
import os
import signal
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

distributed = pytest.importorskip("distributed")

from pdf_pages import read_pdf, require_soffice  # noqa: E402
from test_merge import make_data, make_template  # noqa: E402

from vbhc.cluster import Cluster  # noqa: E402
from vbhc.cluster.batch import CHUNK_MAX, CHUNK_MAX_PDF, chunk_size, run_chunks, session  # noqa: E402
from vbhc.errors import EnvironmentProblem, InputError  # noqa: E402
from vbhc.workflows.merge import merge  # noqa: E402
from vbhc.writers.pdf import to_pdf  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::vbhc.writers.pdf.FontWarning")]

ROWS = [[f"Người số {i}", f"Đơn vị {i % 3}", "Đại biểu"] for i in range(12)]


@pytest.fixture(scope="module")
def scheduler():
    """The address of a LocalCluster: 2 worker processes, 1 thread each, no dashboard."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@pytest.fixture
def inputs(tmp_path: Path) -> tuple[Path, Path]:
    return make_template(tmp_path / "giay_moi.docx"), make_data(tmp_path / "dai_bieu.xlsx", rows=ROWS)


def digests(folder: Path) -> dict[str, str]:
    """Every file in ``folder`` (nothing hidden left over) → its SHA-256."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def page_texts(path: Path) -> list[str]:
    """What a reader sees of a PDF: each page's text."""
    return [page.text for page in read_pdf(path)]


@pytest.mark.parametrize("shared", [False, True], ids=["bytes", "shared"])
def test_merge_on_cluster_writes_the_files_of_one_process(scheduler, inputs, tmp_path, shared):
    template, data = inputs
    merge(template, data, tmp_path / "one")
    seen: list[tuple[int, int]] = []
    result = merge(template, data, tmp_path / "dask", cluster=Cluster(scheduler, chunk=5, shared=shared),
                   progress=lambda done, total: seen.append((done, total)))
    assert result.ok and len(result.written) == len(ROWS)
    assert digests(tmp_path / "dask") == digests(tmp_path / "one")
    assert len(digests(tmp_path / "one")) == len(ROWS)
    assert len(seen) == 3 and seen[-1] == (12, 12)  # one step per chunk of 5, 5 and 2 documents
    assert [d for d, _ in seen] == sorted({d for d, _ in seen})


@pytest.mark.parametrize("shared", [False, True], ids=["bytes", "shared"])
def test_pdf_on_cluster_gives_the_pdfs_of_one_process(scheduler, inputs, tmp_path, shared):
    require_soffice()
    template, data = inputs
    make_data(data, rows=ROWS[:6])
    docs = merge(template, data, tmp_path / "docx").written
    to_pdf(docs, tmp_path / "one")
    from vbhc.cluster.batch import pdf_on

    written = pdf_on(Cluster(scheduler, shared=shared), docs, tmp_path / "dask")
    assert written == [tmp_path / "dask" / f"{p.stem}.pdf" for p in docs]
    assert digests(tmp_path / "dask") == digests(tmp_path / "one")  # reproducible PDFs: same bytes
    assert len(digests(tmp_path / "one")) == 6
    assert "Trân trọng kính mời: Người số 5" in page_texts(written[5])[0]


def test_cli_merge_pdf_on_cluster(scheduler, inputs, tmp_path):
    require_soffice()
    from vbhc.cli import cli

    template, data = inputs
    make_data(data, rows=ROWS[:4])
    merge(template, data, tmp_path / "one", pdf=True)
    result = CliRunner().invoke(cli, ["merge", str(template), str(data), "-o", str(tmp_path / "dask"),
                                      "--pdf", "--dask", scheduler, "--dask-shared"])
    assert result.exit_code == 0, result.output
    assert "Đã tạo 4 văn bản" in result.output and "Đã tạo 4 tệp PDF" in result.output
    assert digests(tmp_path / "dask") == digests(tmp_path / "one") and len(digests(tmp_path / "one")) == 8


def test_a_bad_row_gets_the_message_of_one_process(scheduler, tmp_path):
    template = make_template(tmp_path / "t.docx", body=["Mỗi người: {{ 1000 // so_nguoi }} đồng"],
                             cell="{{ ho_ten }}")
    data = make_data(tmp_path / "d.xlsx", headers=["Họ tên", "Đơn vị", "Số người"],
                     rows=[["An", "A", 4], ["Bình", "B", 0], ["Cường", "C", 5], ["Dũng", "D", 0]])
    one = merge(template, data, tmp_path / "one")
    dask = merge(template, data, tmp_path / "dask", cluster=Cluster(scheduler, chunk=1))
    assert [f.dong for f in dask.failures] == [3, 5]
    assert dask.failures == one.failures and dask.written == [tmp_path / "dask" / p.name for p in one.written]
    assert digests(tmp_path / "dask") == digests(tmp_path / "one")


def test_a_document_libreoffice_cannot_read_is_named(scheduler, inputs, tmp_path):
    require_soffice()
    template, data = inputs
    make_data(data, rows=ROWS[:2])
    docs = merge(template, data, tmp_path / "docx").written
    broken = tmp_path / "docx" / "hong.docx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("word/document.xml", "<w:document")
    from vbhc.cluster.batch import pdf_on

    with pytest.raises(EnvironmentProblem) as caught:
        pdf_on(Cluster(scheduler, chunk=1), [*docs, broken], tmp_path / "dask")
    assert "hong.docx" in str(caught.value) and "LibreOffice" in str(caught.value)
    assert sorted(p.name for p in (tmp_path / "dask").iterdir()) == sorted(f"{p.stem}.pdf" for p in docs)


def test_a_chunk_that_fails_names_its_document(scheduler):
    with session(Cluster(scheduler), converter=False) as client:
        chunks = [[(0, "a.docx")], [(1, "b.docx")]]
        made = run_chunks(client, lambda chunk: 1 / 0, chunks, lambda t: t[1], None)
        with pytest.raises(EnvironmentProblem) as caught:
            list(made)
    assert "máy con Dask gặp lỗi khi xử lý «" in str(caught.value)
    assert "a.docx" in str(caught.value) or "b.docx" in str(caught.value)


def test_an_unreachable_scheduler_is_told_in_vietnamese(inputs, tmp_path):
    template, data = inputs
    with pytest.raises(EnvironmentProblem) as caught:
        merge(template, data, tmp_path / "out", cluster=Cluster("tcp://127.0.0.1:9", timeout=1))
    assert "không kết nối được bộ lập lịch Dask «tcp://127.0.0.1:9»" in str(caught.value)
    assert "dask scheduler" in str(caught.value)


def test_dask_options_are_checked(inputs, tmp_path):
    from vbhc.cli import cli

    template, data = inputs
    base = ["merge", str(template), str(data), "-o", str(tmp_path / "o")]
    for extra, message in ((["--dask-shared"], "--dask-shared chỉ dùng cùng --dask"),
                           (["--dask", "tcp://x:8786", "-j", "2"], "-j chưa dùng được cùng --dask")):
        result = CliRunner().invoke(cli, [*base, *extra])
        assert isinstance(result.exception, InputError) and message in str(result.exception)
    assert not (tmp_path / "o").exists()


def test_chunk_size():
    assert chunk_size(500, 2, pdf=True) == CHUNK_MAX_PDF
    assert chunk_size(100_000, 2, pdf=False) == CHUNK_MAX
    assert chunk_size(12, 2, pdf=False) == 2 and chunk_size(1, 8, pdf=True) == 1
    assert chunk_size(500, 2, pdf=True, asked=3) == 3
    with pytest.raises(InputError):
        chunk_size(5, 2, pdf=True, asked=0)


@pytest.mark.parametrize("shared", [False, True], ids=["bytes", "shared"])
def test_a_worker_killed_mid_run_loses_nothing_and_makes_nothing_twice(scheduler, inputs, tmp_path, shared):
    """SIGKILL to a busy worker after the first results: its chunks are rerun elsewhere."""
    require_soffice()
    template, data = inputs
    merge(template, data, tmp_path / "one", pdf=True)
    killed: list[int] = []
    with distributed.Client(scheduler, set_as_default=False) as watcher:
        pids = watcher.run(os.getpid)

        def kill_a_busy_worker(done: int, total: int) -> None:
            if killed:
                return
            busy = [address for address, keys in watcher.processing().items() if keys]
            killed.append(pids[busy[0]])
            os.kill(killed[0], signal.SIGKILL)

        result = merge(template, data, tmp_path / "dask", pdf=True,
                       cluster=Cluster(scheduler, chunk=1, shared=shared), progress=kill_a_busy_worker)
        watcher.wait_for_workers(2, timeout=120)
        assert killed and killed[0] not in watcher.run(os.getpid).values()  # the worker did die
    assert result.ok and len(result.written) == len(result.pdf) == len(ROWS)
    one = digests(tmp_path / "one")
    assert digests(tmp_path / "dask") == one and len(one) == 2 * len(ROWS)  # no temporary file, no copy


def test_the_shared_folder_is_checked_file_by_file(tmp_path):
    """A worker that died mid-write leaves a temporary file: removed. A file missing or not what its
    worker wrote: refused by name."""
    from vbhc.cluster.batch import Outputs

    made = tmp_path / "1-An.docx"
    made.write_bytes(b"van ban")
    (tmp_path / ".1-An.docx.k3j_9x.tmp").write_bytes(b"van")
    (tmp_path / ".cua-nguoi-khac.docx.ab12.tmp").write_bytes(b"?")
    outputs = Outputs(shared=True, inputs=())
    outputs.keep(str(made), hashlib.sha256(b"van ban").hexdigest())
    outputs.check()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cua-nguoi-khac.docx.ab12.tmp", "1-An.docx"]
    made.write_bytes(b"khac")
    with pytest.raises(EnvironmentProblem) as changed:
        outputs.check()
    assert "1-An.docx» trong thư mục chung khác với tệp máy con đã ghi" in str(changed.value)
    made.unlink()
    with pytest.raises(EnvironmentProblem) as missing:
        outputs.check()
    assert "1-An.docx» trong thư mục chung không có" in str(missing.value)
    with pytest.raises(EnvironmentProblem, match="được trả về hai lần"):
        outputs.keep(str(made), "0" * 64)
