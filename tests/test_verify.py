"""``vbhc verify``: each signature's signer, time, integrity and trust, in Vietnamese; exit codes
0 valid, 1 invalid, 2 unreadable; tampered and hostile files never give a traceback."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from signing_pki import expired, issue, make_ca, make_kit, sign_p12, vbhc, write_p12, write_pem

pytest.importorskip("pyhanko")


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory):
    return make_kit(tmp_path_factory.mktemp("kiem_tra"))


@pytest.fixture(scope="module")
def signed(kit) -> Path:
    out = kit.folder / "da_ky.pdf"
    code, _out, err = sign_p12(
        kit, kit.pdf, out, "--anh-chu-ky", kit.anh_chu_ky, "--vi-tri", "1,120,200,50,25"
    )
    assert code == 0, err
    return out


def check(path: Path, *trust: Path) -> tuple[int, dict]:
    code, out, err = vbhc("verify", path, *[a for t in trust for a in ("--trust", t)], "--json")
    assert "Traceback" not in out + err
    return code, json.loads(out)


def test_a_valid_signature_is_told_in_vietnamese(kit, signed: Path) -> None:
    code, out, err = vbhc("verify", signed, "--trust", kit.ca_pem)
    assert code == 0, out + err
    assert "Chữ ký 1 (ô «ChuKyNguoiKy»): HỢP LỆ" in out
    assert "Người ký: Vũ Trọng Thủy, Ủy ban nhân dân xã Hùng Thắng" in out
    assert "Thời gian ký (theo người ký): " in out and "+07:00" in out
    assert "Nội dung đã ký: nguyên vẹn" in out
    assert "Sau khi ký: không có gì thay đổi" in out
    assert "Chứng thư: chuỗi về chứng thư gốc tin cậy" in out


def test_the_json_report_has_every_fact(kit, signed: Path) -> None:
    code, report = check(signed, kit.ca_pem)
    assert code == 0 and report["hop_le"] is True and report["tep"] == str(signed)
    (sig,) = report["chu_ky"]
    assert set(sig) >= {
        "field",
        "nguoi_ky",
        "to_chuc",
        "thoi_gian",
        "dau_thoi_gian",
        "nguyen_ven",
        "toan_tep",
        "thay_doi",
        "thay_doi_hop_le",
        "tin_cay",
        "van_de",
        "hop_le",
    }
    assert sig["van_de"] == [] and sig["dau_thoi_gian"] is None


def test_an_expired_certificate_is_invalid(kit, tmp_path: Path) -> None:
    old = expired(kit.ca)
    p12 = write_p12(tmp_path / "cu.p12", old, kit.ca, kit.password.encode())
    out = tmp_path / "het_han.pdf"
    code, _o, err = vbhc("sign", kit.pdf, "-o", out, "--p12", p12, "--password-file", kit.password_file)
    assert code == 0, err
    assert "Cảnh báo: chứng thư của người ký đã hết hạn" in err
    code, report = check(out, kit.ca_pem)
    assert code == 1
    (sig,) = report["chu_ky"]
    assert sig["nguyen_ven"] and not sig["tin_cay"]
    assert any("hết hạn" in problem for problem in sig["van_de"])


def test_a_byte_changed_after_signing_is_detected(kit, signed: Path, tmp_path: Path) -> None:
    data = signed.read_bytes()
    at = data.index(b"Van ban thu nghiem")
    tampered = tmp_path / "sua.pdf"
    tampered.write_bytes(data[:at] + b"W" + data[at + 1 :])
    code, out, _err = vbhc("verify", tampered, "--trust", kit.ca_pem)
    assert code == 1
    assert "KHÔNG HỢP LỆ" in out and "ĐÃ BỊ SỬA" in out and "mã băm không khớp" in out


def test_a_change_added_after_signing_is_detected(kit, signed: Path, tmp_path: Path) -> None:
    """An incremental update that rewrites the page after the signature (the signed bytes intact)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed.read_bytes()))
    page_ref = writer.find_page_for_modification(0)[0]
    page = page_ref.get_object()
    stream = generic.StreamObject(stream_data=b"BT /F1 12 Tf 72 720 Td (Noi dung khac) Tj ET")
    page["/Contents"] = writer.add_object(stream)
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    changed = tmp_path / "them.pdf"
    changed.write_bytes(out.getvalue())
    code, report = check(changed, kit.ca_pem)
    assert code == 1
    (sig,) = report["chu_ky"]
    assert sig["nguyen_ven"] and sig["thay_doi"] == "OTHER" and not sig["thay_doi_hop_le"]
    assert any("thay đổi sau khi ký" in problem for problem in sig["van_de"])


def test_a_second_signature_on_top_keeps_both_valid(kit, signed: Path, tmp_path: Path) -> None:
    agency = issue(kit.ca, "Văn thư UBND xã", "Ủy ban nhân dân xã Hùng Thắng")
    p12 = write_p12(tmp_path / "co_quan.p12", agency, kit.ca, kit.password.encode())
    out = tmp_path / "ky2.pdf"
    code, _o, err = vbhc(
        "sign",
        signed,
        "-o",
        out,
        "--p12",
        p12,
        "--password-file",
        kit.password_file,
        "--anh-dau",
        kit.anh_dau,
        "--vi-tri",
        "1,110,195",
    )
    assert code == 0, err
    code, report = check(out, kit.ca_pem)
    assert code == 0
    first, second = report["chu_ky"]
    assert first["nguoi_ky"] == "Vũ Trọng Thủy" and first["thay_doi"] == "FORM_FILLING" and first["hop_le"]
    assert second["nguoi_ky"] == "Văn thư UBND xã" and second["toan_tep"] and second["hop_le"]


def test_a_certificate_from_another_ca_is_not_trusted(kit, tmp_path: Path) -> None:
    other = make_ca("Another CA", "Nơi khác")
    stranger = issue(other, "Người lạ")
    p12 = write_p12(tmp_path / "la.p12", stranger, other, kit.password.encode())
    out = tmp_path / "la.pdf"
    assert vbhc("sign", kit.pdf, "-o", out, "--p12", p12, "--password-file", kit.password_file)[0] == 0
    code, report = check(out, kit.ca_pem)
    assert code == 1
    (sig,) = report["chu_ky"]
    assert sig["nguyen_ven"] and not sig["tin_cay"]
    assert any("không chuỗi về chứng thư gốc tin cậy" in problem for problem in sig["van_de"])
    # trusting that other CA makes it valid
    assert check(out, write_pem(tmp_path / "other.pem", other))[0] == 0


def test_without_trust_roots_nothing_is_trusted(signed: Path) -> None:
    code, out, err = vbhc("verify", signed)
    assert code == 1 and "không có --trust" in err and "KHÔNG tin cậy" in out


def test_a_pdf_without_signatures_is_invalid(kit) -> None:
    code, out, _err = vbhc("verify", kit.pdf, "--trust", kit.ca_pem)
    assert code == 1 and "không có chữ ký số nào" in out


@pytest.mark.parametrize(
    "content",
    [b"", b"not a pdf at all", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", b"\x00" * 2048, b"%PDF-1.4\n%%EOF\n"],
)
def test_an_unreadable_file_exits_2_in_vietnamese(tmp_path: Path, kit, content: bytes) -> None:
    path = tmp_path / "hong.pdf"
    path.write_bytes(content)
    code, out, err = vbhc("verify", path, "--trust", kit.ca_pem)
    assert code == 2, out + err
    assert err.startswith("Lỗi: ") and "không đọc được PDF" in err and "Traceback" not in out + err


def test_a_truncated_signed_pdf_is_unreadable_or_invalid(kit, signed: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(signed.read_bytes()[: len(signed.read_bytes()) * 2 // 3])
    code, out, err = vbhc("verify", cut, "--trust", kit.ca_pem)
    assert code in (1, 2) and "Traceback" not in out + err


def test_a_bad_trust_file_is_named(kit, signed: Path, tmp_path: Path) -> None:
    bad = tmp_path / "ca.pem"
    bad.write_text("không phải chứng thư", encoding="utf-8")
    code, _out, err = vbhc("verify", signed, "--trust", bad)
    assert code == 1 and "không đọc được chứng thư gốc" in err and str(bad) in err


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_byte_changed_in_the_signed_range_is_never_valid(kit, signed: Path, tmp_path: Path, data) -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader

    original = signed.read_bytes()
    start_a, len_a, start_b, len_b = PdfFileReader(io.BytesIO(original)).embedded_signatures[0].byte_range
    covered = list(range(start_a, start_a + len_a)) + list(range(start_b, start_b + len_b))
    at = data.draw(st.sampled_from(covered))
    value = data.draw(st.integers(0, 255).filter(lambda v: v != original[at]))
    mutated = tmp_path / "dot_bien.pdf"
    mutated.write_bytes(original[:at] + bytes([value]) + original[at + 1 :])
    code, out, err = vbhc("verify", mutated, "--trust", kit.ca_pem)
    assert code in (1, 2), (at, value, out)
    assert "Traceback" not in out + err


@pytest.mark.pdf
def test_a_signature_on_a_document_rendered_by_vbhc(kit, tmp_path: Path, write_source) -> None:
    """A real document (LibreOffice PDF with Vietnamese text) signed twice and verified."""
    from conftest import ke_hoach_source
    from pdf_pages import require_soffice

    require_soffice()
    source = write_source(ke_hoach_source(so="05", ngay="2026-01-14"), "ke_hoach.md")
    code, _out, err = vbhc("render", source, "-o", tmp_path / "ke_hoach.docx", "--pdf")
    assert code == 0, err
    pdf = tmp_path / "ke_hoach.pdf"
    first, second = tmp_path / "ky1.pdf", tmp_path / "ky2.pdf"
    assert sign_p12(kit, pdf, first, "--anh-chu-ky", kit.anh_chu_ky, "--vi-tri", "1,120,200,50,25")[0] == 0
    assert sign_p12(kit, first, second, "--so-ky-hieu", "05/KH-UBND")[0] == 0
    code, report = check(second, kit.ca_pem)
    assert code == 0 and len(report["chu_ky"]) == 2


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_byte_changed_anywhere_never_gives_a_traceback(kit, signed: Path, tmp_path: Path, data) -> None:
    """The signature's own bytes included (a malformed CMS blob is an invalid signature, not a crash)."""
    original = signed.read_bytes()
    at = data.draw(st.integers(0, len(original) - 1))
    value = data.draw(st.integers(0, 255).filter(lambda v: v != original[at]))
    mutated = tmp_path / "dot_bien.pdf"
    mutated.write_bytes(original[:at] + bytes([value]) + original[at + 1 :])
    code, out, err = vbhc("verify", mutated, "--trust", kit.ca_pem)
    assert code in (0, 1, 2) and "Traceback" not in out + err
    assert (code == 2) == err.startswith("Lỗi: ")


def test_the_fields_not_signed_yet_are_named(kit, tmp_path: Path) -> None:
    from signing_pki import add_empty_field

    two = add_empty_field(kit.pdf, tmp_path / "hai_o.pdf", "ChuKyNguoiKy", box=(340, 500, 500, 580))
    two = add_empty_field(two, tmp_path / "hai_o_2.pdf", "ChuKyCoQuan", box=(300, 500, 400, 600))
    signed = tmp_path / "ky1.pdf"
    assert sign_p12(kit, two, signed, "--field", "ChuKyNguoiKy", "--anh-chu-ky", kit.anh_chu_ky)[0] == 0
    code, out, _err = vbhc("verify", signed, "--trust", kit.ca_pem)
    assert code == 0 and "Ô chữ ký chưa ký: ChuKyCoQuan" in out
    assert check(signed, kit.ca_pem)[1]["o_trong"] == ["ChuKyCoQuan"]
    code, out, _err = vbhc("verify", two, "--trust", kit.ca_pem)
    assert code == 1 and "Ô chữ ký chưa ký: ChuKyNguoiKy, ChuKyCoQuan" in out
