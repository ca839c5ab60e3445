"""Ký số on the desk: sign an uploaded PDF with a PKCS#12 held in memory for one request, download
the signed copy, check it with an uploaded trust root; the token's command line is shown."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from tests.signing_pki import add_empty_field, make_kit
from tests.test_desk_compose import open_desk


@pytest.fixture()
def kit(tmp_path):
    made = make_kit(tmp_path / "pki")
    add_empty_field(made.pdf, made.folder / "co_o.pdf", "ChuKyNguoiKy")
    return made


def _sign(client, csrf, kit, *, password: str | None = None, image: bool = True):
    data = {
        "csrf": csrf, "field": "ChuKyNguoiKy", "mat_khau": kit.password if password is None else password,
        "pdf": (io.BytesIO((kit.folder / "co_o.pdf").read_bytes()), "ke_hoach.pdf"),
        "p12": (io.BytesIO(kit.p12.read_bytes()), "nguoi_ky.p12"),
    }
    if image:
        data["anh"] = (io.BytesIO(kit.anh_chu_ky.read_bytes()), "chu_ky.png")
    return client.post("/ky-so/ky", data=data, content_type="multipart/form-data")


def _verify(client, csrf, pdf: bytes, root: bytes | None):
    data = {"csrf": csrf, "pdf": (io.BytesIO(pdf), "ke_hoach.ky.pdf")}
    if root is not None:
        data["goc"] = (io.BytesIO(root), "ca.pem")
    return client.post("/ky-so/kiem-tra", data=data, content_type="multipart/form-data")


def test_sign_then_verify_is_valid_and_the_p12_never_reaches_the_work_folder(tmp_path, kit):
    app, client, csrf = open_desk(tmp_path)
    page = client.get("/ky-so/").get_data(as_text=True)
    assert 'id="nav-ky-so"' in page and "vbhc sign" in page and "--pkcs11-lib" in page
    assert 'type="password" id="f-mat_khau"' in page
    answer = _sign(client, csrf, kit)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200, html
    assert "Đã ký vào ô «ChuKyNguoiKy»" in html
    key = re.search(r'href="/tai/([^"]+)" id="tai-ban-ky"', html).group(1)
    signed = client.get(f"/tai/{key}").data
    assert signed.startswith(b"%PDF")
    report = _verify(client, csrf, signed, kit.ca.cert_pem).get_data(as_text=True)
    assert "Chữ ký hợp lệ." in report and "Chữ ký 1 (ô «ChuKyNguoiKy»): HỢP LỆ" in report
    assert "Vũ Trọng Thủy" in report and "ke_hoach.ky.pdf: 1 chữ ký số" in report
    work = app.extensions["vbhc_desk"].work
    p12 = kit.p12.read_bytes()
    for path in work.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert p12 not in content and kit.password.encode() not in content, path
    assert {path.suffix for path in work.rglob("*") if path.is_file()} <= {".pdf", ""}  # only downloads


def test_without_a_trust_root_the_signature_is_not_trusted(tmp_path, kit):
    _, client, csrf = open_desk(tmp_path)
    html = _sign(client, csrf, kit, image=False).get_data(as_text=True)
    key = re.search(r'href="/tai/([^"]+)" id="tai-ban-ky"', html).group(1)
    report = _verify(client, csrf, client.get(f"/tai/{key}").data, None).get_data(as_text=True)
    assert "KHÔNG hợp lệ" in report and "KHÔNG tin cậy" in report


def test_a_wrong_password_is_told_in_vietnamese(tmp_path, kit):
    app, client, csrf = open_desk(tmp_path)
    answer = _sign(client, csrf, kit, password="mk-sai-9137")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "mk-sai-9137" not in html
    assert "nguoi_ky.p12" in html and "sai mật khẩu hoặc tệp hỏng" in html
    assert not [path for path in app.extensions["vbhc_desk"].work.rglob("*") if path.is_file()]


def test_an_unsigned_file_is_reported_without_signatures(tmp_path, kit):
    _, client, csrf = open_desk(tmp_path)
    report = _verify(client, csrf, kit.pdf.read_bytes(), kit.ca.cert_pem).get_data(as_text=True)
    assert "ke_hoach.ky.pdf: không có chữ ký số nào" in report


@pytest.mark.pdf
def test_a_pdf_issued_on_the_desk_is_ready_for_the_signing_page(tmp_path, kit):
    # Issued on the Soạn page, the PDF has the empty fields of Phụ lục I and the register's metadata:
    # the Ký số page signs it as it is, and the signature verifies.
    import pikepdf

    from tests.test_desk_issue_folder import _entries, _issue

    app, client, csrf = open_desk(tmp_path)
    _issue(client, csrf)
    (entry,) = _entries(tmp_path)
    issued = Path(entry.tep).with_suffix(".pdf")
    with pikepdf.open(io.BytesIO(issued.read_bytes())) as pdf:
        names = {str(f.get("/T")) for f in pdf.Root.AcroForm.Fields}
        xmp = str(pdf.open_metadata())
    assert {"ChuKyNguoiKy", "ChuKyCoQuan"} <= names
    assert entry.so_ky_hieu.split("/")[1] in xmp  # CodeNotation from the register row
    (kit.folder / "co_o.pdf").write_bytes(issued.read_bytes())
    html = _sign(client, csrf, kit).get_data(as_text=True)
    assert "Đã ký vào ô «ChuKyNguoiKy»" in html
    key = re.search(r'href="/tai/([^"]+)" id="tai-ban-ky"', html).group(1)
    report = _verify(client, csrf, client.get(f"/tai/{key}").data, kit.ca.cert_pem).get_data(as_text=True)
    assert "Chữ ký 1 (ô «ChuKyNguoiKy»): HỢP LỆ" in report
    app.extensions["vbhc_desk"].close()
