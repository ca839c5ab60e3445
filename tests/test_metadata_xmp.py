"""The Phụ lục VI fields in a PDF's XMP (vbhc.metadata.xmp): written, read back, PDF/A kept intact."""

from __future__ import annotations

import io
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vbhc.errors import EnvironmentProblem, InputError
from vbhc.metadata import xmp

pikepdf = pytest.importorskip("pikepdf")

FIELDS = {
    "CodeNumber": "05",
    "CodeNotation": "KH-UBND",
    "Subject": "Cải cách hành chính nhà nước năm 2026 trên địa bàn xã Hùng Thắng",
    "OrganName": "Ủy ban nhân dân xã Hùng Thắng",
    "SignerInfo/Position": "Phó Chủ tịch",
    "SignerInfo/FullName": "Vũ Trọng Thủy",
}


def _pdf(pdfa: bool = False, signed: bool = False) -> bytes:
    document = pikepdf.new()
    document.add_blank_page()
    if pdfa:
        with document.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["pdfaid:part"] = "2"
            meta["pdfaid:conformance"] = "B"
    if signed:
        field = document.make_indirect(pikepdf.Dictionary(
            FT=pikepdf.Name.Sig, T="Chữ ký", V=pikepdf.Dictionary(Type=pikepdf.Name.Sig),
        ))
        document.Root.AcroForm = pikepdf.Dictionary(Fields=[field])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _meta(pdf: bytes) -> dict[str, object]:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        meta = document.open_metadata()
        return {key: meta[key] for key in meta if "pdfa/ns/extension" not in key}


def test_fields_round_trip_with_dublin_core():
    pdf = xmp.embed(_pdf(), FIELDS)
    assert xmp.read(pdf) == FIELDS
    meta = _meta(pdf)
    assert meta["{http://purl.org/dc/elements/1.1/}title"] == FIELDS["Subject"]
    assert list(meta["{http://purl.org/dc/elements/1.1/}creator"]) == [FIELDS["OrganName"]]
    assert set(meta["{http://purl.org/dc/elements/1.1/}language"]) == {"vi"}
    assert meta["{http://ns.adobe.com/xap/1.0/}CreateDate"]
    with pikepdf.open(io.BytesIO(pdf)) as document:  # the Info dictionary follows the XMP
        assert str(document.docinfo["/Title"]) == FIELDS["Subject"]


def test_embedding_again_replaces_the_fields():
    pdf = xmp.embed(xmp.embed(_pdf(), FIELDS), {"CodeNumber": "06"})
    assert xmp.read(pdf) == {"CodeNumber": "06"}


def test_pdfa_identification_kept_and_vbhc_schema_declared():
    pdf = xmp.embed(xmp.embed(_pdf(pdfa=True), FIELDS), FIELDS)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert document.open_metadata().pdfa_status == "2B"
        packet = document.Root.Metadata.read_bytes().decode()
    assert packet.count(f"<pdfaSchema:namespaceURI>{xmp.NAMESPACE}<") == 1
    for key in FIELDS:
        assert f"<pdfaProperty:name>{key.replace('/', '.')}</pdfaProperty:name>" in packet
    assert xmp.read(pdf) == FIELDS


def test_a_plain_pdf_gets_no_pdfa_extension():
    with pikepdf.open(io.BytesIO(xmp.embed(_pdf(), FIELDS))) as document:
        assert b"pdfaExtension" not in document.Root.Metadata.read_bytes()


@settings(max_examples=25, deadline=None)
@given(st.dictionaries(
    st.sampled_from(["Subject", "OrganName", "Description", "SignerInfo/FullName", "To/OrganName"]),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60).map(str.strip)
    .filter(bool),
    min_size=1,
))
def test_any_text_round_trips(fields):
    import unicodedata

    expected = {key: unicodedata.normalize("NFC", value) for key, value in fields.items()}
    assert xmp.read(xmp.embed(_pdf(), fields)) == expected


def test_a_signed_pdf_is_refused():
    with pytest.raises(InputError, match="đã được ký số"):
        xmp.embed(_pdf(signed=True), FIELDS, tep="ky.pdf")


def test_not_a_pdf_is_refused_in_vietnamese():
    with pytest.raises(InputError, match="không phải PDF") as problem:
        xmp.read(b"PK\x03\x04 not a pdf", tep="van_ban.docx")
    assert "van_ban.docx" in str(problem.value)
    with pytest.raises(InputError, match="không đọc được tệp PDF"):
        xmp.read(b"%PDF-1.7\n garbage")


def test_bad_field_names_and_control_characters_are_refused():
    with pytest.raises(InputError, match="tên trường"):
        xmp.embed(_pdf(), {"Số hiệu": "1"})
    with pytest.raises(InputError, match="ký tự điều khiển"):
        xmp.embed(_pdf(), {"Subject": "a\x01b"})


def test_without_pikepdf_the_hint_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "pikepdf", None)
    with pytest.raises(EnvironmentProblem, match=r"pip install 'vbhc\[sign\]'"):
        xmp.read(b"%PDF-1.7")


@pytest.mark.pdf
@pytest.mark.slow
def test_a_pdfa_from_libreoffice_stays_pdfa_with_the_fields(tmp_path):
    """The packet LibreOffice writes for PDF/A-2b (one rdf:Description per schema) keeps its
    identification, fonts and producer; the fields are added and declared."""
    import subprocess

    from pdf_pages import require_soffice

    from tests.conftest import EXAMPLES
    from vbhc import load, render
    from vbhc.writers.pdf import find_soffice

    require_soffice()
    render(load(EXAMPLES / "quyet_dinh_to_cong_tac" / "quyet_dinh.md"), tmp_path / "qd.docx")
    pdfa = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
    subprocess.run(
        [str(find_soffice()), "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", pdfa, "--outdir", str(tmp_path), str(tmp_path / "qd.docx")],
        check=True, capture_output=True, timeout=240,
    )
    original = (tmp_path / "qd.pdf").read_bytes()
    pdf = xmp.embed(original, FIELDS)
    with pikepdf.open(io.BytesIO(original)) as before, pikepdf.open(io.BytesIO(pdf)) as after:
        assert before.open_metadata().pdfa_status == after.open_metadata().pdfa_status == "2B"
        assert str(after.open_metadata()["pdf:Producer"]) == str(before.open_metadata()["pdf:Producer"])
        assert len(after.pages) == len(before.pages)
        packet = after.Root.Metadata.read_bytes().decode()
    assert f"<pdfaSchema:namespaceURI>{xmp.NAMESPACE}<" in packet
    assert xmp.read(pdf) == FIELDS
