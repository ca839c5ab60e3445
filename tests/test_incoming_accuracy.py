"""A small version of the accuracy benchmark (benchmarks/bench_incoming.py): documents of known fields,
read from their text PDFs and from their scans, must meet issue 18's floors."""

from __future__ import annotations

import shutil
from concurrent.futures import ProcessPoolExecutor

import pytest

from benchmarks.bench_incoming import MUC_TIEU_PDF, MUC_TIEU_QUET, _scan_and_read, do_chinh_xac, doc
from benchmarks.incoming_corpus import corpus, to_pdfs
from vbhc.incoming.fields import TRUONG

try:
    from pdf_pages import require_soffice
except ImportError:  # tests/ is not a package: pytest put it on sys.path
    from tests.pdf_pages import require_soffice

pytestmark = [pytest.mark.pdf, pytest.mark.slow]


@pytest.fixture(scope="module")
def ban(tmp_path_factory):
    """Ten documents of seven types from the three sources, and their PDFs."""
    require_soffice()
    docs = corpus(6, 3, 1, seed=1818)
    assert len({m.loai for m in docs}) >= 5 and {m.nguon for m in docs} == {"vbhc", "phu_luc_3", "word"}
    folder = tmp_path_factory.mktemp("den")
    return docs, to_pdfs(docs, folder / "docx"), folder


def test_text_pdfs_give_at_least_99_percent_of_the_fields(ban):
    docs, pdfs, folder = ban
    results = []
    for mau in docs:
        path = folder / f"{mau.ten}.pdf"
        path.write_bytes(pdfs[mau.ten])
        results.append(doc(path, mau))
    wrong = [(r.ten, name, r.truong[name][0]) for r in results for name in TRUONG if not r.truong[name][1]]
    assert 1 - len(wrong) / (len(results) * len(TRUONG)) >= MUC_TIEU_PDF, wrong


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract chưa được cài")
def test_scans_meet_the_floors_for_so_ky_hieu_date_and_trich_yeu(ban):
    docs, pdfs, folder = ban
    scans = folder / "scan"
    scans.mkdir()
    jobs = [(mau, pdfs[mau.ten], seed, str(scans)) for seed, mau in enumerate(docs)]
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(_scan_and_read, jobs))
    truth = {mau.ten: mau.truth for mau in docs}
    for name, floor in MUC_TIEU_QUET.items():
        wrong = [(r.ten, r.truong[name][0], truth[r.ten][name]) for r in results if not r.truong[name][1]]
        assert do_chinh_xac(results, name) >= floor, (name, wrong)
