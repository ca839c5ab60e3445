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


TOKEN_SCRIPT = r"""
import io, re, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from tests.test_desk_compose import open_desk
from tests.test_desk_signing import _verify
from vbhc.desk import app as desk_app

real = desk_app.create_app
desk_app.create_app = lambda **kw: real(pkcs11_lib=sys.argv[3], **kw)  # as `vbhc serve --pkcs11-lib`
import tests.test_desk_compose as compose_tests
compose_tests.create_app = desk_app.create_app
app, client, csrf = open_desk(Path(sys.argv[2]))
page = client.get("/ky-so/").get_data(as_text=True)
assert 'id="form-ky-token"' in page and 'type="password" id="f-pin"' in page, page
def sign(pin):
    pdf = (io.BytesIO(Path(sys.argv[6]).read_bytes()), "vb.pdf")
    data = {"csrf": csrf, "cach_ky": "token", "field": "ChuKyNguoiKy", "token_label": sys.argv[4],
            "key_label": sys.argv[5], "pin": pin, "pdf": pdf}
    return client.post("/ky-so/ky", data=data, content_type="multipart/form-data")
wrong = sign("000000")
print("WRONG", wrong.status_code, re.sub(r"<[^>]+>", " ", wrong.get_data(as_text=True)).count("PIN"))
html = sign(sys.argv[7]).get_data(as_text=True)
key = re.search(r'href="/tai/([^"]+)" id="tai-ban-ky"', html).group(1)
signed = client.get(f"/tai/{key}").data
report = _verify(client, csrf, signed, Path(sys.argv[8]).read_bytes()).get_data(as_text=True)
print("VALID", "Chữ ký 1 (ô «ChuKyNguoiKy»): HỢP LỆ" in report)
work = app.extensions["vbhc_desk"].work
print("PIN_ON_DISK", any(sys.argv[7].encode() in p.read_bytes() for p in work.rglob("*") if p.is_file()))
app.extensions["vbhc_desk"].close()
"""


def test_a_desk_started_with_a_token_library_signs_with_the_token(tmp_path, kit):
    # `vbhc serve --pkcs11-lib LIB`: the Ký số page signs with the token (SoftHSM2 here), the PIN only in
    # the request; a wrong PIN is told in Vietnamese. Its own process: SoftHSM reads SOFTHSM2_CONF once.
    import subprocess
    import sys

    from tests.signing_pki import HAS_SOFTHSM, softhsm_token

    if not HAS_SOFTHSM:
        pytest.skip("softhsm2 and opensc (pkcs11-tool) are needed")
    token = softhsm_token(tmp_path / "hsm", kit.signer, label="TOKEN XA", key_label="nguoi-ky")
    root = Path(__file__).resolve().parent.parent
    answer = subprocess.run(
        [sys.executable, "-c", TOKEN_SCRIPT, str(root), str(tmp_path / "desk"), token.lib, token.label,
         token.key_label, str(kit.folder / "co_o.pdf"), token.pin, str(kit.ca_pem)],
        env=token.env, capture_output=True, text=True, timeout=300, cwd=root,
    )
    assert answer.returncode == 0, answer.stderr[-3000:]
    lines = dict(line.split(" ", 1) for line in answer.stdout.splitlines() if line.split(" ", 1)[0].isupper())
    assert lines["WRONG"].startswith("422 ") and int(lines["WRONG"].split()[1]) >= 1
    assert lines["VALID"] == "True" and lines["PIN_ON_DISK"] == "False"


def test_token_signing_without_a_library_says_how_to_start_the_desk(tmp_path, kit):
    _, client, csrf = open_desk(tmp_path)
    assert 'id="form-ky-token"' not in client.get("/ky-so/").get_data(as_text=True)
    data = {"csrf": csrf, "cach_ky": "token", "field": "ChuKyNguoiKy", "token_label": "T", "key_label": "K",
            "pin": "1", "pdf": (io.BytesIO((kit.folder / "co_o.pdf").read_bytes()), "vb.pdf")}
    answer = client.post("/ky-so/ky", data=data, content_type="multipart/form-data")
    assert answer.status_code == 422 and "vbhc serve --pkcs11-lib" in answer.get_data(as_text=True)
