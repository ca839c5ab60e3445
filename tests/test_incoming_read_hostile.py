"""Incoming files from outside: a signed PDF's signatures verified on receipt (a modified copy is not
intact), and hostile or wrong files refused with one Vietnamese InputError naming the file."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from pdf_pages import require_soffice
from signing_pki import make_kit, make_pdf, sign_p12
from test_incoming_read import expected, read_values

from vbhc import render
from vbhc.cli.render import starter_text
from vbhc.errors import EnvironmentProblem, InputError
from vbhc.incoming import doc_van_ban
from vbhc.sources.markdown import loads

VAN_BAN = loads(starter_text("cong_van").decode("utf-8"), source="cong_van.md")
VAN_BAN = VAN_BAN.sua(so=12, ngay=date(2026, 2, 3))


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> Path:
    require_soffice()
    from vbhc.writers.pdf import to_pdf

    folder = tmp_path_factory.mktemp("den_ky")
    return to_pdf([render(VAN_BAN, folder / "cong_van.docx")])[0]


@pytest.fixture(scope="module")
def signed(pdf, tmp_path_factory):
    pytest.importorskip("pyhanko")
    kit = make_kit(tmp_path_factory.mktemp("pki"))
    out = kit.folder / "da_ky.pdf"
    code, _out, err = sign_p12(kit, pdf, out, "--anh-chu-ky", kit.anh_chu_ky, "--vi-tri", "1,120,200,50,25")
    assert code == 0, err
    return kit, out


def test_a_signed_pdf_records_a_valid_signature_and_its_fields(signed):
    kit, path = signed
    result = doc_van_ban(path, trust=[kit.ca_pem])
    (signature,) = result.chu_ky
    assert signature.hop_le and signature.nguyen_ven
    assert (signature.nguoi_ky, signature.to_chuc) == ("Vũ Trọng Thủy", "Ủy ban nhân dân xã Hùng Thắng")
    assert signature.thoi_gian and signature.ten_truong and signature.ghi_chu == "hợp lệ"
    assert read_values(path) == expected(VAN_BAN)
    assert not any("chữ ký" in line for line in result.canh_bao)


def test_without_the_trust_root_the_signature_is_intact_but_not_valid(signed):
    _kit, path = signed
    (signature,) = doc_van_ban(path).chu_ky
    assert signature.nguyen_ven and not signature.hop_le
    assert "chứng thư" in signature.ghi_chu


def test_a_modified_signed_pdf_is_not_intact_and_warned(signed, tmp_path):
    kit, path = signed
    data = path.read_bytes()
    at = data.index(b"LibreOffice")  # the Producer, inside the signed range
    tampered = tmp_path / "da_sua.pdf"
    tampered.write_bytes(data[:at] + b"W" + data[at + 1 :])
    result = doc_van_ban(tampered, trust=[kit.ca_pem])
    (signature,) = result.chu_ky
    assert not signature.nguyen_ven and not signature.hop_le
    assert "mã băm không khớp" in signature.ghi_chu
    assert any("KHÔNG HỢP LỆ" in line and str(tampered) in line for line in result.canh_bao)


def test_an_unsigned_pdf_has_no_signatures(pdf):
    assert doc_van_ban(pdf).chu_ky == ()


def _refused(path: Path, data: bytes | None = None) -> str:
    with pytest.raises(InputError) as caught:
        doc_van_ban(path, data=data)
    message = str(caught.value)
    assert message.startswith(str(path)) and "Traceback" not in message
    return message


def test_a_truncated_pdf_is_refused(pdf, tmp_path):
    data = pdf.read_bytes()
    message = _refused(tmp_path / "cut.pdf", data[: len(data) // 3])
    assert "PDF" in message


def test_a_zip_that_is_not_a_docx_is_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    message = _refused(tmp_path / "thu.docx", buffer.getvalue())
    assert "word/document.xml" in message


def test_a_broken_zip_is_refused(tmp_path):
    assert "ZIP" in _refused(tmp_path / "hong.docx", b"PK\x03\x04" + b"\0" * 200)


def test_too_many_pages_are_refused(tmp_path):
    pytest.importorskip("pikepdf")
    from vbhc.incoming.pdf import MAX_PDF_PAGES

    path = make_pdf(tmp_path / "dai.pdf", pages=MAX_PDF_PAGES + 1)
    assert f"{MAX_PDF_PAGES + 1} trang" in _refused(path)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    from vbhc.incoming import pdf as pdf_module
    from vbhc.incoming import read

    path = tmp_path / "lon.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"0" * 4096)
    monkeypatch.setattr(pdf_module, "MAX_BYTES", 1024)
    monkeypatch.setattr(read, "MAX_BYTES", 1024)
    assert "tối đa" in _refused(path)


@pytest.mark.parametrize(
    "data",
    [b"", b"GIF89a" + b"\0" * 64, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, b"Xin chao, van ban"],
    ids=["empty", "gif", "doc", "text"],
)
def test_an_unsupported_kind_named_pdf_lists_the_accepted_kinds(tmp_path, data):
    message = _refused(tmp_path / "anh.pdf", data)
    assert "DOCX, PDF, JPEG hay PNG" in message


def test_a_png_named_pdf_is_read_as_an_image_not_by_its_suffix(tmp_path, monkeypatch):
    """Chosen by content: a PNG called .pdf goes to OCR (which names Tesseract when it is missing)."""
    from signing_pki import make_png

    png = make_png(tmp_path / "anh.png", transparent=False).read_bytes()
    calls = []

    def fake_ocr(data, name, canh_bao):
        calls.append(name)
        raise EnvironmentProblem("không có OCR", goi_y="apt-get install tesseract-ocr tesseract-ocr-vie")

    from vbhc.incoming import read

    monkeypatch.setattr(read, "_ocr", fake_ocr)
    with pytest.raises(EnvironmentProblem):
        doc_van_ban(tmp_path / "anh.pdf", data=png)
    assert calls == [str(tmp_path / "anh.pdf")]


def test_a_missing_file_is_an_input_error(tmp_path):
    assert "không mở được tệp" in _refused(tmp_path / "khong_co.pdf")


def test_without_pdfplumber_the_message_says_what_to_install(pdf, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "pdfplumber", None)  # import pdfplumber raises ImportError
    with pytest.raises(EnvironmentProblem) as caught:
        doc_van_ban(pdf)
    assert "pdfplumber" in str(caught.value) and "vbhc[incoming]" in str(caught.value)
