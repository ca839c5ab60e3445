"""The whole văn bản điện tử path on a real document: ``vbhc pdf --ky-so`` prepares the fields (issue
16, part 1), the signer signs ô 7c with the blue image, the văn thư signs ô 8 with the red seal, and
``vbhc verify`` accepts both; an attachment gets the agency's information line in its prepared field.
The test runs once ``vbhc.signing.prepare`` (part 1) is in the tree."""

from __future__ import annotations

import json
from pathlib import Path

import pikepdf
import pytest
from signing_pki import make_kit, make_pdf, make_png, sign_p12, vbhc

pytest.importorskip("pyhanko")
pytest.importorskip("vbhc.signing.prepare", reason="vbhc pdf --ky-so (issue 16, part 1) is not in this tree")
pytestmark = pytest.mark.pdf


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory):
    from conftest import ke_hoach_source
    from pdf_pages import require_soffice

    require_soffice()
    folder = tmp_path_factory.mktemp("ky_that")
    kit = make_kit(folder / "kit")
    source = folder / "ke_hoach.md"
    source.write_text(ke_hoach_source(so="05", ngay="2026-01-14"), encoding="utf-8")
    docx = folder / "ke_hoach.docx"
    assert vbhc("render", source, "-o", docx)[0] == 0
    code, out, err = vbhc("pdf", docx, "--ky-so", "-o", folder / "pdf")
    assert code == 0, out + err
    (pdf,) = (folder / "pdf").glob("*.pdf")
    return kit, pdf


def _rect(path: Path, name: str) -> list[float]:
    with pikepdf.open(path) as pdf:
        (field,) = [f for f in pdf.Root.AcroForm.Fields if str(f.T) == name]
        return [float(v) for v in field.Rect]


def test_the_signer_then_the_agency_sign_the_prepared_fields(prepared, tmp_path: Path) -> None:
    kit, pdf = prepared
    ready = {name: _rect(pdf, name) for name in ("ChuKyNguoiKy", "ChuKyCoQuan")}
    seal = make_png(tmp_path / "dau.png", rgb=(220, 0, 0), size=(425, 425), dpi=300)  # a 36 mm seal
    first, second = tmp_path / "ky1.pdf", tmp_path / "ky2.pdf"
    code, _out, err = sign_p12(kit, pdf, first, "--field", "ChuKyNguoiKy", "--anh-chu-ky", kit.anh_chu_ky)
    assert code == 0, err
    code, _out, err = sign_p12(kit, first, second, "--field", "ChuKyCoQuan", "--anh-dau", seal)
    assert code == 0, err
    assert "Cảnh báo" not in err  # the prepared seal field has the seal's real size
    assert {name: _rect(second, name) for name in ready} == ready  # signed where part 1 put them
    code, out, _err = vbhc("verify", second, "--trust", kit.ca_pem, "--json")
    assert code == 0, out
    nguoi_ky, co_quan = json.loads(out)["chu_ky"]
    assert nguoi_ky["field"] == "ChuKyNguoiKy" and nguoi_ky["thay_doi"] == "FORM_FILLING"
    assert co_quan["field"] == "ChuKyCoQuan" and co_quan["toan_tep"]


def test_an_attachment_gets_the_information_line_in_its_prepared_field(prepared, tmp_path: Path) -> None:
    kit, _pdf = prepared
    attachment = make_pdf(tmp_path / "kem_theo.pdf")  # an attachment in a file of its own
    code, out, err = vbhc("pdf", attachment, "--ky-so", "-o", tmp_path / "ra")
    assert code == 0, out + err
    (ready,) = (tmp_path / "ra").glob("*.pdf")
    box = _rect(ready, "ChuKyCoQuan")
    signed = tmp_path / "kem_theo.ky.pdf"
    code, _out, err = sign_p12(kit, ready, signed, "--field", "ChuKyCoQuan", "--so-ky-hieu", "05/KH-UBND")
    assert code == 0, err
    assert _rect(signed, "ChuKyCoQuan") == box
    assert vbhc("verify", signed, "--trust", kit.ca_pem)[0] == 0
