"""``vbhc issue … --pdf --sign``: number, render, convert, sign and record in one step, for real (the
test CA's PKCS#12 file, a SoftHSM2 token, a local TSA); a failure at any step issues nothing."""

from __future__ import annotations

import errno
import hashlib
import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from signing_pki import HAS_SOFTHSM, make_kit, softhsm_token, tsa_server, vbhc

try:
    from tests.pdf_pages import require_soffice
except ImportError:  # tests/ is not a package: pytest put it on sys.path
    from pdf_pages import require_soffice
from vbhc.cli.render import starter_text
from vbhc.metadata.phu_luc_vi import from_json
from vbhc.metadata.xmp import read
from vbhc.register import NGUOI_KY, Register

pytest.importorskip("pyhanko")
pytestmark = pytest.mark.pdf


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory):
    require_soffice()
    return make_kit(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "quyet_dinh.md"
    path.write_bytes(starter_text("quyet_dinh"))
    return path


def _issue(source: Path, *extra: str | Path, input: str | None = None) -> tuple[int, str, str]:
    db = source.parent / "so.db"
    return vbhc("issue", source, "-r", db, "--date", "2026-01-14", "--pdf", *extra, input=input)


def _p12(kit) -> list[str | Path]:
    return ["--sign", "--p12", kit.p12, "--password-file", kit.password_file]


def _verified(kit, pdf: Path) -> dict:
    code, stdout, err = vbhc("verify", pdf, "--trust", kit.ca_pem, "--json")
    assert code == 0, stdout + err
    return json.loads(stdout)


def _nothing_issued(source: Path) -> None:
    """No DOCX, no PDF beside the source, and the next issue still gets number 01."""
    assert not source.with_suffix(".docx").exists() and not source.with_suffix(".pdf").exists()
    code, out, err = vbhc("issue", source, "-r", source.parent / "so.db", "--date", "2026-01-14")
    assert code == 0, err
    assert "Số 01/QĐ-" in out


def test_issue_signs_the_pdf_and_records_its_hash_time_and_metadata(kit, source, tmp_path) -> None:
    with tsa_server(kit.ca, tmp_path / "tsa") as url:
        code, out, err = _issue(source, *_p12(kit), "--anh-chu-ky", kit.anh_chu_ky, "--tsa", url)
    assert code == 0, err
    pdf = source.with_suffix(".pdf")
    assert "Đã ký số" in out and str(pdf) in out
    with Register(tmp_path / "so.db") as register:
        (entry,) = register.entries()
        (signature,) = register.signatures(entry.id)
    assert signature.sha256 == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert signature.tep == str(pdf.resolve()) and signature.vai_tro == NGUOI_KY
    assert signature.nguoi_ky == "Vũ Trọng Thủy"  # the CN make_kit gives the signer
    signed_at = datetime.fromisoformat(signature.thoi_gian_ky)
    assert signed_at.utcoffset() is not None
    result = _verified(kit, pdf)
    (sig,) = result["chu_ky"]
    assert result["hop_le"] and sig["field"] == "ChuKyNguoiKy" and sig["tin_cay"] and sig["nguyen_ven"]
    assert datetime.fromisoformat(sig["thoi_gian"]) == signed_at
    assert sig["dau_thoi_gian"] and sig["dau_thoi_gian"]["hop_le"]
    assert result["o_trong"] == ["ChuKyCoQuan"]  # the văn thư signs the agency's field next
    assert entry.so_ky_hieu.startswith("01/")
    meta = from_json(entry.sieu_du_lieu)
    xmp = read(pdf.read_bytes())
    assert xmp["CodeNumber"] == "01" and xmp["PageAmount"] == str(meta.PageAmount)
    assert [e.action for e in Register(tmp_path / "so.db").audit()][:3] == ["sign", "metadata", "issue"]


def test_a_wrong_password_issues_nothing(kit, source, tmp_path) -> None:
    wrong = tmp_path / "sai.txt"
    wrong.write_text("không phải mật khẩu\n", encoding="utf-8")
    code, _out, err = _issue(source, "--sign", "--p12", kit.p12, "--password-file", wrong)
    assert code != 0 and "sai mật khẩu" in err and "Traceback" not in err
    assert "không phải mật khẩu" not in err
    _nothing_issued(source)


def test_the_password_is_asked_at_a_hidden_prompt_not_echoed(kit, source) -> None:
    code, out, err = _issue(source, "--sign", "--p12", kit.p12, input="sai-nữa\n")
    assert code != 0 and "Mật khẩu tệp .p12" in err and "sai mật khẩu" in err
    assert "sai-nữa" not in out + err
    _nothing_issued(source)


def test_a_tsa_failure_after_rendering_issues_nothing(kit, source) -> None:
    code, _out, err = _issue(source, *_p12(kit), "--tsa", "http://127.0.0.1:9/tsa")
    assert code != 0 and "dấu thời gian" in err and "chưa ban hành, không dùng số nào" in err
    _nothing_issued(source)


@pytest.mark.parametrize("step", ["writing the PDF", "recording the signature"])
def test_the_library_removes_both_files_when_the_disk_is_full(kit, source, tmp_path, monkeypatch, step):
    import vbhc
    from vbhc.register import Transaction
    from vbhc.signing import sign
    from vbhc.signing.sign import signer_p12
    from vbhc.workflows.issue import KySo

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    if step == "writing the PDF":
        monkeypatch.setattr(sign, "write_bytes", full)
    else:  # the signed PDF is written, the register cannot take its row
        monkeypatch.setattr(Transaction, "record_signature", full)
    ky = KySo(signer=signer_p12(kit.p12, kit.password.encode("utf-8")))
    with pytest.raises(OSError):
        vbhc.issue(source, tmp_path / "so.db", out=source.with_suffix(".docx"), ky=ky)
    monkeypatch.undo()
    _nothing_issued(source)


def test_signing_options_need_sign_and_pdf(kit, source) -> None:
    db = source.parent / "so.db"
    code, _out, err = vbhc("issue", source, "-r", db, "--p12", kit.p12)
    assert code != 0 and "--p12 chỉ dùng cùng --sign" in err
    code, _out, err = vbhc("issue", source, "-r", db, "--sign", "--p12", kit.p12)
    assert code != 0 and "--sign ký bản PDF" in err
    _nothing_issued(source)


@pytest.mark.skipif(not HAS_SOFTHSM, reason="softhsm2 and opensc (pkcs11-tool) are needed")
def test_a_token_signs_at_issue_time(kit, source, tmp_path) -> None:
    token = softhsm_token(tmp_path / "hsm", kit.signer, label="NGUOI KY", key_label="nguoi-ky")
    pin_file = tmp_path / "pin.txt"
    pin_file.write_text(token.pin + "\n", encoding="utf-8")
    args = ["--pkcs11-lib", token.lib, "--token-label", token.label, "--key-label", token.key_label]
    done = subprocess.run(
        [sys.executable, "-m", "vbhc", "issue", str(source), "-r", str(tmp_path / "so.db"), "--date",
         "2026-01-14", "--pdf", "--sign", *args, "--pin-file", str(pin_file)],
        env=token.env, capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stderr
    pdf = source.with_suffix(".pdf")
    (sig,) = _verified(kit, pdf)["chu_ky"]
    assert sig["field"] == "ChuKyNguoiKy" and sig["tin_cay"]
    with Register(tmp_path / "so.db") as register:
        (signature,) = register.signatures()
    assert signature.sha256 == hashlib.sha256(pdf.read_bytes()).hexdigest()


def test_a_wrong_pin_issues_nothing(kit, source, tmp_path) -> None:
    if not HAS_SOFTHSM:
        pytest.skip("softhsm2 and opensc (pkcs11-tool) are needed")
    token = softhsm_token(tmp_path / "hsm", kit.signer)
    done = subprocess.run(
        [sys.executable, "-m", "vbhc", "issue", str(source), "-r", str(tmp_path / "so.db"), "--pdf", "--sign",
         "--pkcs11-lib", token.lib, "--token-label", token.label, "--key-label", token.key_label],
        env=token.env, input="000000\n", capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode != 0 and "sai mã PIN" in done.stderr and "000000" not in done.stderr + done.stdout
    _nothing_issued(source)

