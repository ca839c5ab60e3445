"""Reading incoming documents vbhc did not make: the Word corpus of the checker issue (typed as a
clerk types in Word) and the sample forms of Phụ lục III filled in, each as DOCX and as the PDF
LibreOffice prints (one run for all). Every field is read exactly (a form that prints no such line:
the field is flagged, never filled)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
import word_corpus
from incoming_forms import FORMS, filled, truth
from pdf_pages import require_soffice
from test_incoming_read import read_values

from vbhc import nd30

#: The corpus documents whose facts are known (word_corpus.TRUTH), by name.
WORD = {name: t.facts for name, t in word_corpus.TRUTH.items() if t.facts}


def _word_truth(facts) -> dict[str, str | None]:
    loai = nd30.LOAI_VAN_BAN[facts["loai"]]
    signer = facts["nguoi_ky"]
    trich_yeu = facts["trich_yeu"]
    if loai.khoa == "cong_van":  # printed after «V/v » in lower case
        trich_yeu = trich_yeu[0].lower() + trich_yeu[1:]
    return {
        "tac_gia": facts["co_quan"],
        "so_ky_hieu": facts["so"],
        "ngay_van_ban": facts["ngay"],
        "ten_loai": loai.ten,
        "trich_yeu": trich_yeu,
        "nguoi_ky": signer["ho_ten"],
        "chuc_vu": " ".join([*signer["tham_quyen"], signer["chuc_vu"]]),
        "do_khan": facts["do_khan"] or "",
    }


TRUTH = {
    **{name: _word_truth(facts) for name, facts in WORD.items()},
    **{f"mau_{number}": truth(number) for number in FORMS},
}


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict[str, dict[str, Path]]:
    require_soffice()
    from vbhc.writers.pdf import FontWarning, to_pdf

    folder = tmp_path_factory.mktemp("den_ngoai")
    docx = {name: word_corpus.write(name, folder) for name in WORD}
    for number, data in filled().items():
        path = folder / f"mau_{number}.docx"
        path.write_bytes(data)
        docx[f"mau_{number}"] = path
    with warnings.catch_warnings():  # the decree's forms name fonts this machine lacks
        warnings.simplefilter("ignore", FontWarning)
        pdfs = to_pdf(list(docx.values()), folder / "pdf")
    return {name: {"docx": docx[name], "pdf": pdf} for name, pdf in zip(docx, pdfs, strict=True)}


@pytest.mark.parametrize("kind", ["docx", "pdf"])
@pytest.mark.parametrize("name", list(TRUTH))
def test_every_field_is_read_exactly(documents, name, kind):
    assert read_values(documents[name][kind]) == TRUTH[name]


def test_the_corpus_has_every_kind_of_document():
    """At least the five types the benchmark asks for, the công văn with its V/v included."""
    types = {values["ten_loai"] for values in TRUTH.values()}
    assert len(types) >= 5 and nd30.LOAI_VAN_BAN["cong_van"].ten in types
