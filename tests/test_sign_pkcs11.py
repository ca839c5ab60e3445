"""``vbhc sign`` with a PKCS#11 token, for real: a SoftHSM2 token initialised in a temporary
SOFTHSM2_CONF, holding a key and certificate from the test CA. The command runs in its own process
(``python -m vbhc``), as a clerk runs it, so the token library sees only that configuration."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from signing_pki import HAS_SOFTHSM, issue, make_kit, softhsm_token, vbhc

pytest.importorskip("pyhanko")
pytestmark = pytest.mark.skipif(not HAS_SOFTHSM, reason="softhsm2 and opensc (pkcs11-tool) are needed")


@pytest.fixture(scope="module")
def token_kit(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("token")
    kit = make_kit(folder / "kit")
    agency = issue(kit.ca, "Ủy ban nhân dân xã Hùng Thắng", "Ủy ban nhân dân xã Hùng Thắng")
    token = softhsm_token(folder / "hsm", agency, label="UBND XA HUNG THANG", key_label="co-quan")
    pin_file = folder / "pin.txt"
    pin_file.write_text(token.pin + "\n", encoding="utf-8")
    return kit, token, pin_file


def run_vbhc(token, *args: str | Path, input: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "vbhc", *map(str, args)],
        env=token.env,
        input=input,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def token_args(token, pin_file: Path) -> list[str | Path]:
    return [
        "--pkcs11-lib",
        token.lib,
        "--token-label",
        token.label,
        "--key-label",
        token.key_label,
        "--pin-file",
        pin_file,
    ]


def test_a_token_signs_and_the_signature_verifies(token_kit, tmp_path: Path) -> None:
    kit, token, pin_file = token_kit
    out = tmp_path / "token.pdf"
    done = run_vbhc(
        token,
        "sign",
        kit.pdf,
        "-o",
        out,
        *token_args(token, pin_file),
        "--anh-dau",
        kit.anh_dau,
        "--vi-tri",
        "1,110,195",
    )
    assert done.returncode == 0, done.stderr
    assert "Ủy ban nhân dân xã Hùng Thắng" in done.stdout
    code, stdout, _err = vbhc("verify", out, "--trust", kit.ca_pem, "--json")
    assert code == 0, stdout
    (sig,) = json.loads(stdout)["chu_ky"]
    assert sig["nguoi_ky"] == "Ủy ban nhân dân xã Hùng Thắng" and sig["tin_cay"] and sig["nguyen_ven"]


def test_the_agency_signs_on_top_of_the_signer_with_its_token(token_kit, tmp_path: Path) -> None:
    kit, token, pin_file = token_kit
    first, second = tmp_path / "ky1.pdf", tmp_path / "ky2.pdf"
    done = run_vbhc(
        token,
        "sign",
        kit.pdf,
        "-o",
        first,
        "--p12",
        kit.p12,
        "--password-file",
        kit.password_file,
        "--anh-chu-ky",
        kit.anh_chu_ky,
        "--vi-tri",
        "1,120,200,50,25",
    )
    assert done.returncode == 0, done.stderr
    done = run_vbhc(
        token,
        "sign",
        first,
        "-o",
        second,
        *token_args(token, pin_file),
        "--anh-dau",
        kit.anh_dau,
        "--vi-tri",
        "1,110,195",
    )
    assert done.returncode == 0, done.stderr
    code, stdout, _err = vbhc("verify", second, "--trust", kit.ca_pem, "--json")
    assert code == 0
    assert [s["nguoi_ky"] for s in json.loads(stdout)["chu_ky"]] == [
        "Vũ Trọng Thủy",
        "Ủy ban nhân dân xã Hùng Thắng",
    ]


def test_the_pin_is_asked_at_a_prompt(token_kit, tmp_path: Path) -> None:
    kit, token, _pin_file = token_kit
    out = tmp_path / "hoi_pin.pdf"
    done = run_vbhc(
        token,
        "sign",
        kit.pdf,
        "-o",
        out,
        "--pkcs11-lib",
        token.lib,
        "--token-label",
        token.label,
        "--key-label",
        token.key_label,
        input=token.pin + "\n",
    )
    assert done.returncode == 0, done.stderr
    assert "Mã PIN" in done.stderr and token.pin not in done.stdout + done.stderr


def test_a_wrong_pin_is_one_vietnamese_line(token_kit, tmp_path: Path) -> None:
    kit, token, _pin_file = token_kit
    wrong = tmp_path / "sai.txt"
    wrong.write_text("000000\n", encoding="utf-8")
    out = tmp_path / "x.pdf"
    done = run_vbhc(
        token,
        "sign",
        kit.pdf,
        "-o",
        out,
        "--pkcs11-lib",
        token.lib,
        "--token-label",
        token.label,
        "--key-label",
        token.key_label,
        "--pin-file",
        wrong,
    )
    assert done.returncode == 1
    assert done.stderr.startswith("Lỗi: ") and "sai mã PIN" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--token-label", "KHONG CO", "không mở được token «KHONG CO»"),
        ("--key-label", "khong-co", "không có khóa và chứng thư «khong-co»"),
    ],
)
def test_an_unknown_token_or_key_is_named(
    token_kit, tmp_path: Path, option: str, value: str, message: str
) -> None:
    kit, token, pin_file = token_kit
    args = {"--token-label": token.label, "--key-label": token.key_label, option: value}
    done = run_vbhc(
        token,
        "sign",
        kit.pdf,
        "-o",
        tmp_path / "x.pdf",
        "--pkcs11-lib",
        token.lib,
        "--token-label",
        args["--token-label"],
        "--key-label",
        args["--key-label"],
        "--pin-file",
        pin_file,
    )
    assert done.returncode == 1 and message in done.stderr and "Traceback" not in done.stderr


def test_a_certificate_labelled_unlike_its_key_is_found_by_the_key_id(token_kit, tmp_path: Path) -> None:
    kit, _token, _pin_file = token_kit
    who = issue(kit.ca, "Người ký token khác nhãn")
    token = softhsm_token(tmp_path / "hsm", who, label="TOKEN 2", key_label="khoa", cert_label="chung-thu")
    pin_file = tmp_path / "pin.txt"
    pin_file.write_text(token.pin, encoding="utf-8")
    out = tmp_path / "ky.pdf"
    done = run_vbhc(token, "sign", kit.pdf, "-o", out, *token_args(token, pin_file))
    assert done.returncode == 0, done.stderr
    code, stdout, _err = vbhc("verify", out, "--trust", kit.ca_pem, "--json")
    assert code == 0 and json.loads(stdout)["chu_ky"][0]["nguoi_ky"] == "Người ký token khác nhãn"
