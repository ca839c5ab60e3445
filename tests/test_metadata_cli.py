"""``vbhc metadata`` and ``vbhc edxml`` as a văn thư runs them: issue, export the metadata, write it into
the PDF and the register, send the PDF as edXML, read the message back and extract its attachments."""

from __future__ import annotations

import io
import json
import sys
from datetime import date
from pathlib import Path

import pytest
from lxml import etree

from tests.test_metadata import SOURCE
from vbhc.cli import cli
from vbhc.cli.common import run
from vbhc.metadata import phu_luc_vi as p6
from vbhc.metadata import xmp
from vbhc.register import Register
from vbhc.workflows.issue import issue

pikepdf = pytest.importorskip("pikepdf")

SETTINGS = """\
ma_dinh_danh: 000.00.31.H26
dia_danh: Hùng Thắng
ho_so: {nam: 2026, so_ky_hieu: 01.CCHC, so_thu_tu: 4}
ma_noi_nhan:
  Sở Nội vụ: 000.00.12.H26
"""


def vbhc(monkeypatch, capsys, *args: str | Path) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["vbhc", *map(str, args)])
    code = run(cli)
    out, err = capsys.readouterr()
    return code, out, err


def _pdf(pages: int) -> bytes:
    document = pikepdf.new()
    for _ in range(pages):
        document.add_blank_page()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def office(tmp_path: Path) -> Path:
    """An office folder: a source issued as 01/KH-UBND, its PDF (3 pages), the settings file."""
    (tmp_path / "ke_hoach.md").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "co-quan.yaml").write_text(SETTINGS, encoding="utf-8")
    with Register(tmp_path / "so.db", user="vt") as register:
        issue(tmp_path / "ke_hoach.md", register, out=tmp_path / "ke_hoach.docx", ngay=date(2026, 1, 14))
    (tmp_path / "ke_hoach.pdf").write_bytes(_pdf(3))
    return tmp_path


def test_metadata_as_xml_into_the_pdf_and_the_register(office: Path, monkeypatch, capsys):
    code, out, err = vbhc(
        monkeypatch, capsys, "metadata", office / "ke_hoach.md", "-r", office / "so.db", "--cai-dat",
        office / "co-quan.yaml", "--pdf", office / "ke_hoach.pdf", "--ghi-pdf", office / "ky.pdf", "--ghi-so",
        "--han-tra-loi", "01/02/2026", "-o", office / "ke_hoach.xml",
    )
    assert code == 0, err
    assert "Đã ghi siêu dữ liệu 01/KH-UBND" in out and "Đã lưu siêu dữ liệu vào sổ" in out
    meta = p6.from_xml((office / "ke_hoach.xml").read_bytes())
    assert (meta.CodeNumber, meta.PageAmount, meta.DueDate) == ("01", 3, date(2026, 2, 1))
    assert meta.FileCode.OrganId == "000.00.31.H26" and meta.To[0].OrganId == "000.00.12.H26"
    assert p6.unflatten(xmp.read((office / "ky.pdf").read_bytes())) == meta
    with Register(office / "so.db") as register:
        assert p6.from_json(register.get(1, nam=2026).sieu_du_lieu) == meta


def test_metadata_of_a_number_as_json_on_screen(office: Path, monkeypatch, capsys):
    code, out, err = vbhc(monkeypatch, capsys, "metadata", "01/KH-UBND", "--year", "2026",
                          "-r", office / "so.db", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["CodeNotation"] == "KH-UBND" and data["SignerInfo"]["FullName"] == "Vũ Trọng Thủy"
    assert data["Priority"] == 2


def test_metadata_errors_are_one_vietnamese_line(office: Path, monkeypatch, capsys):
    db = office / "so.db"
    code, _, err = vbhc(monkeypatch, capsys, "metadata", "02/KH-UBND", "--year", "2026", "-r", db)
    assert code == 1 and err.startswith("Lỗi: ") and "không có số 02" in err
    code, _, err = vbhc(monkeypatch, capsys, "metadata", "01/BC-UBND", "--year", "2026", "-r", db)
    assert code == 1 and "là 01/KH-UBND" in err
    code, _, err = vbhc(monkeypatch, capsys, "metadata", office / "ke_hoach.pdf", "-r", db)
    assert code == 1 and "không có siêu dữ liệu Phụ lục VI" in err
    code, _, err = vbhc(monkeypatch, capsys, "metadata", office / "ke_hoach.md", "--ghi-pdf",
                        office / "x.pdf")
    assert code == 1 and "--ghi-pdf cần bản PDF" in err
    assert "Traceback" not in err


def test_edxml_from_the_pdf_then_read_back_and_extracted(office: Path, monkeypatch, capsys):
    code, _, err = vbhc(monkeypatch, capsys, "metadata", office / "ke_hoach.md", "-r", office / "so.db",
                        "--cai-dat", office / "co-quan.yaml", "--pdf", office / "ke_hoach.pdf",
                        "--ghi-pdf", office / "ky.pdf")
    assert code == 0, err
    annex = office / "phu_luc.pdf"
    annex.write_bytes(_pdf(1))
    code, out, err = vbhc(monkeypatch, capsys, "edxml", office / "ky.pdf", annex, "-r", office / "so.db",
                          "--cai-dat", office / "co-quan.yaml", "-o", office / "thu.edxml")
    assert code == 0, err
    assert "gửi Sở Nội vụ (2 tệp đính kèm)" in out
    header = etree.parse(str(office / "thu.edxml")).getroot()
    assert header.tag == "{http://www.mic.gov.vn/TBT/QCVN_102_2016}edXML"

    code, out, err = vbhc(monkeypatch, capsys, "edxml", "--doc", office / "thu.edxml", "--json")
    assert code == 0, err
    fields = json.loads(out)
    assert fields["so_ky_hieu"] == "01/KH-UBND" and fields["ngay"] == "14/01/2026"
    assert fields["noi_gui"] == "Ủy ban nhân dân xã Hùng Thắng (000.00.31.H26)"
    assert fields["dia_danh"] == "Hùng Thắng" and fields["so_trang"] == 3
    assert [item["ten"] for item in fields["tep"]] == ["ky.pdf", "phu_luc.pdf"]

    folder = office / "nhan"
    folder.mkdir()
    code, out, err = vbhc(monkeypatch, capsys, "edxml", "--doc", office / "thu.edxml", "--extract", folder)
    assert code == 0, err
    assert "Trích yếu: Cải cách hành chính" in out
    assert (folder / "ky.pdf").read_bytes() == (office / "ky.pdf").read_bytes()
    assert (folder / "phu_luc.pdf").read_bytes() == annex.read_bytes()
    code, _, err = vbhc(monkeypatch, capsys, "edxml", "--doc", office / "thu.edxml", "--extract", folder)
    assert code == 1 and "không ghi đè" in err  # a second extraction overwrites nothing


def test_edxml_needs_a_sender_code_and_a_recipient(office: Path, monkeypatch, capsys):
    pdf = office / "ky.pdf"
    with Register(office / "so.db") as register:
        meta = p6.from_entry(register.entries()[0])
    pdf.write_bytes(xmp.embed(_pdf(1), p6.flatten(meta)))
    out = office / "t.edxml"
    code, _, err = vbhc(monkeypatch, capsys, "edxml", pdf, "-r", office / "so.db", "-o", out)
    assert code == 1 and "chưa có mã định danh của nơi gửi" in err
    code, _, err = vbhc(monkeypatch, capsys, "edxml", pdf, "--from", "000.00.31.H26", "-r", office / "so.db",
                        "-o", out)
    assert code == 1 and "chưa có nơi nhận có mã định danh" in err
    code, _, err = vbhc(monkeypatch, capsys, "edxml", pdf, "--to", "Sở Nội vụ", "--from", "000.00.31.H26",
                        "-r", office / "so.db", "-o", out)
    assert code == 1 and "«Sở Nội vụ» không phải nơi nhận" in err
    assert not out.exists()
    code, _, err = vbhc(monkeypatch, capsys, "edxml", pdf, "--to", "000.00.12.H26:Sở Nội vụ", "--from",
                        "000.00.31.H26:UBND xã Hùng Thắng", "-r", office / "khong-co.db", "-o", out)
    assert code == 0, err
    assert not (office / "khong-co.db").exists()  # the metadata came from the PDF, no register needed


def test_the_fields_for_the_signing_preparer_come_from_the_register_row_of_the_docx(office: Path):
    from vbhc.metadata.lookup import metadata_for

    with Register(office / "so.db") as register:
        fields_of = metadata_for(register, p6.load_cai_dat(str(office / "co-quan.yaml")))
        fields = fields_of(office / "ke_hoach.docx", 3)
        assert fields_of(office / "khac.docx", 1) is None
    assert fields["CodeNumber"] == "01" and fields["PageAmount"] == "3"
    assert fields["FileCode/OrganId"] == "000.00.31.H26" and fields["To/1/OrganId"] == "000.00.12.H26"
    assert p6.unflatten(xmp.read(xmp.embed(_pdf(3), fields))).IssuedDate == date(2026, 1, 14)
    assert metadata_for(None)(office / "ke_hoach.docx", 3) is None
