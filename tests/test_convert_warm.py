"""The warm LibreOffice converter: same PDF as the cold path, page previews, a killed soffice is
restarted without losing the document, nothing left running after close, Vietnamese errors."""

from __future__ import annotations

import os
import signal
import sys
import time
import warnings
from pathlib import Path

import pytest

try:
    from tests.pdf_pages import read_pdf, require_pdftoppm, require_soffice
except ImportError:  # pytest run from inside tests/
    from pdf_pages import read_pdf, require_pdftoppm, require_soffice

from vbhc.convert.warm import WarmConverter, group_pids
from vbhc.errors import EnvironmentProblem

pytestmark = pytest.mark.pdf

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "quyet_dinh_to_cong_tac" / "quyet_dinh.md"


def _require_uno() -> None:
    if not Path("/usr/bin/python3").is_file() or os.system("/usr/bin/python3 -c 'import uno' 2>/dev/null"):
        message = "python3-uno chưa được cài (sudo apt-get install python3-uno)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A quyết định rendered by vbhc, and its cold-path PDF beside it."""
    require_soffice()
    _require_uno()
    from vbhc.sources.markdown import load
    from vbhc.writers.docx import render
    from vbhc.writers.pdf import to_pdf

    folder = tmp_path_factory.mktemp("warm")
    docx = render(load(EXAMPLE), folder / "quyet_dinh.docx")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        to_pdf([docx], folder / "cold")
    return docx


@pytest.fixture(scope="module")
def converter():
    _require_uno()
    with WarmConverter() as warm:
        yield warm


def _words(path: Path) -> list[list[str]]:
    return [[w.text for w in page.words] for page in read_pdf(path)]


def test_pdf_has_the_same_pages_and_words_as_the_cold_path(document, converter, tmp_path):
    warm = tmp_path / "warm.pdf"
    warm.write_bytes(converter.to_pdf(document.read_bytes(), name=document.name))
    cold = document.parent / "cold" / "quyet_dinh.pdf"
    assert _words(warm) == _words(cold)
    assert b"/FontFile2" in warm.read_bytes()  # fonts embedded, as in the cold PDF
    assert b"/FontFile2" in cold.read_bytes()


def test_png_previews_have_one_image_per_page(document, converter):
    require_pdftoppm()
    cold_pages = len(read_pdf(document.parent / "cold" / "quyet_dinh.pdf"))
    images = converter.to_png(document.read_bytes(), dpi=50)
    assert len(images) == cold_pages
    assert all(image.startswith(b"\x89PNG\r\n\x1a\n") for image in images)
    assert len(converter.to_png(document.read_bytes(), dpi=50, pages=1)) == 1


def test_pdftoppm_fallback_draws_the_same_pages(document, converter):
    require_pdftoppm()
    from vbhc.convert.warm import pdfium_png, pdftoppm_png

    pdf = converter.to_pdf(document.read_bytes(), name=document.name)
    assert len(pdftoppm_png(pdf, dpi=40)) == len(pdfium_png(pdf, dpi=40))


def test_a_killed_soffice_is_restarted_and_the_document_converted(document, tmp_path):
    data = document.read_bytes()
    with WarmConverter() as warm:
        first = warm.to_pdf(data, name=document.name)
        group = warm._process.pid  # the converter process leads the group of everything it started
        soffice = [pid for pid in group_pids(group) if pid != group]
        assert soffice, "soffice is running in the converter's process group"
        for pid in soffice:
            os.kill(pid, signal.SIGKILL)
        time.sleep(0.5)
        second = warm.to_pdf(data, name=document.name)
        assert warm.restarts == 1
    (tmp_path / "a.pdf").write_bytes(first)
    (tmp_path / "b.pdf").write_bytes(second)
    assert _words(tmp_path / "a.pdf") == _words(tmp_path / "b.pdf")


def test_soffice_is_replaced_after_max_documents(document):
    with WarmConverter(max_documents=1) as warm:
        first_pid = warm.soffice_pid
        warm.to_pdf(document.read_bytes(), name=document.name)
        warm.to_pdf(document.read_bytes(), name=document.name)
        assert warm.restarts == 1
        assert warm.soffice_pid != first_pid


def test_nothing_of_ours_runs_after_close(document):
    warm = WarmConverter()
    warm.to_pdf(document.read_bytes(), name=document.name)
    group = warm._process.pid
    work = warm._work
    assert len(group_pids(group)) >= 2
    warm.close()
    assert group_pids(group) == []
    assert work is not None and not work.exists()


def test_a_python_without_uno_is_told_in_vietnamese(document):
    with pytest.raises(EnvironmentProblem) as raised:
        WarmConverter(python=sys.executable).to_pdf(document.read_bytes(), name=document.name)
    text = str(raised.value)
    assert "không có mô-đun uno" in text
    assert "python3-uno" in text and "libreoffice-writer-nogui" in text


def test_a_missing_interpreter_is_told_in_vietnamese(document, tmp_path):
    with pytest.raises(EnvironmentProblem) as raised:
        WarmConverter(python=tmp_path / "python3").to_pdf(document.read_bytes(), name=document.name)
    assert "không chạy được trình Python" in str(raised.value)
    assert "python3-uno" in str(raised.value)


def test_a_document_over_its_timeout_is_stopped_and_the_next_one_converts(document):
    with WarmConverter() as warm:
        warm.timeout = 0.001
        with pytest.raises(EnvironmentProblem, match=r"chạy quá 0 giây khi chuyển «quyet_dinh\.docx»"):
            warm.to_pdf(document.read_bytes(), name=document.name)
        warm.timeout = None
        assert warm.to_pdf(document.read_bytes(), name=document.name).startswith(b"%PDF")
        assert warm.restarts == 1


def test_a_file_that_is_not_a_document_is_refused_before_libreoffice(converter):
    from vbhc.errors import InputError

    with pytest.raises(InputError, match="không phải tệp DOCX hợp lệ"):
        converter.to_pdf(b"not a zip", name="hong.docx")
    with pytest.raises(InputError, match="chỉ nhận các tệp"):
        converter.to_pdf(b"%PDF-1.7", name="a.pdf")


def test_a_workbook_is_converted_with_the_calc_export(converter, tmp_path):
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "Phụ lục nhiệm vụ cải cách hành chính"
    buffer = io.BytesIO()
    book.save(buffer)
    out = tmp_path / "phu_luc.pdf"
    out.write_bytes(converter.to_pdf(buffer.getvalue(), name="phu_luc.xlsx"))
    assert "Phụ lục nhiệm vụ cải cách hành chính" in read_pdf(out)[0].text


def test_two_converters_run_side_by_side_with_their_own_soffice(document):
    from concurrent.futures import ThreadPoolExecutor

    with WarmConverter() as one, WarmConverter() as two:
        assert one.soffice_pid != two.soffice_pid
        with ThreadPoolExecutor(2) as pool:
            pdfs = list(pool.map(lambda c: c.to_pdf(document.read_bytes(), name=document.name), (one, two)))
    assert all(pdf.startswith(b"%PDF") for pdf in pdfs)
