"""Reproducible PDFs: LibreOffice writes the time into each PDF (document information, trailer
identifiers, PDF/A's XMP and ICC profile); vbhc fixes them, so two conversions of one DOCX give the
same bytes, and the PDF stays valid."""

from __future__ import annotations

import re
import shutil
import warnings
from pathlib import Path

import pytest

try:
    from tests.pdf_pages import read_pdf, require_soffice
except ImportError:  # pytest run from inside tests/
    from pdf_pages import read_pdf, require_soffice

from vbhc.ooxml.write import FIXED_TIME
from vbhc.writers.pdf import to_pdf
from vbhc.writers.pdf_stable import stable_pdf

pytestmark = pytest.mark.pdf

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "quyet_dinh_to_cong_tac" / "quyet_dinh.md"


@pytest.fixture(scope="module")
def docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_soffice()
    from vbhc.sources.markdown import load
    from vbhc.writers.docx import render

    return render(load(EXAMPLE), tmp_path_factory.mktemp("stable") / "quyet_dinh.docx")


def _convert(docx: Path, out: Path, *, pdfa: bool = False) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (pdf,) = to_pdf([docx], out, pdfa=pdfa)
    return pdf.read_bytes()


@pytest.mark.parametrize("pdfa", [False, True], ids=["pdf", "pdfa"])
def test_two_conversions_of_one_docx_give_the_same_bytes(docx, tmp_path, pdfa):
    first = _convert(docx, tmp_path / "a", pdfa=pdfa)
    shutil.copy(docx, tmp_path / "copy.docx")  # another path, another run, another second
    second = _convert(tmp_path / "copy.docx", tmp_path / "b", pdfa=pdfa)
    assert first == second
    assert stable_pdf(first) == first  # already stable: the pool and the cold path agree
    stamp = b"D:%04d%02d%02d%02d%02d%02d" % FIXED_TIME
    assert re.search(rb"/CreationDate\s*\(" + re.escape(stamp), first)
    ids = re.search(rb"/ID\s*\[\s*<([0-9A-F]{32})>\s*<([0-9A-F]{32})>", first)
    assert ids and ids.group(1) == ids.group(2) != b"0" * 32
    if pdfa:
        assert b"<xmp:CreateDate>%04d-%02d-%02dT" % FIXED_TIME[:3] in first


def test_a_stable_pdf_reads_as_the_original(docx, tmp_path):
    from vbhc.writers.pdf import _convert_batch
    from vbhc.writers.pdf import require_soffice as soffice

    (pdf,) = _convert_batch(soffice(), [docx], True, 300)
    (tmp_path / "stable.pdf").write_bytes(pdf)
    words = [[w.text for w in page.words] for page in read_pdf(tmp_path / "stable.pdf")]
    assert words and any("QUYẾT" in " ".join(page) for page in words)
    pikepdf = pytest.importorskip("pikepdf")
    with pikepdf.open(tmp_path / "stable.pdf") as pdf:  # the xref offsets still point at the objects
        assert pdf.check_pdf_syntax() == []
        profile = pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes()
    assert profile[24:36] == b"".join(n.to_bytes(2, "big") for n in FIXED_TIME)


def test_every_cross_reference_points_at_its_object_after_the_icc_profile_is_recompressed(docx, tmp_path):
    data = _convert(docx, tmp_path / "a", pdfa=True)
    assert b"/N 3/Length" in data  # the PDF/A output intent's ICC profile is there to be fixed
    table = re.search(rb"\nxref\r?\n(.*?)trailer", data, re.DOTALL).group(1)
    number, wrong, used = 0, [], 0
    for line in table.splitlines():
        if (section := re.fullmatch(rb"(\d+) \d+\s*", line)) is not None:
            number = int(section.group(1))
            continue
        if (entry := re.match(rb"(\d{10}) \d{5} ([nf])", line)) is not None:
            if entry.group(2) == b"n":
                used += 1
                if not data[int(entry.group(1)):].startswith(b"%d 0 obj" % number):
                    wrong.append(number)
            number += 1
    start = int(re.search(rb"startxref\s+(\d+)", data).group(1))
    assert used > 10 and wrong == [] and data[start:start + 4] == b"xref"
