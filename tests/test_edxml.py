"""edXML messages (vbhc.metadata.edxml): written and read back field for field and byte for byte, and
hostile messages refused in Vietnamese."""

from __future__ import annotations

import base64
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from vbhc.errors import InputError
from vbhc.metadata import edxml as ed

E = f"{{{ed.NAMESPACE}}}"

MESSAGE = ed.ThongDiep(
    noi_gui=ed.DonVi("000.00.31.H26", "Ủy ban nhân dân xã Hùng Thắng"),
    noi_nhan=(ed.DonVi("000.00.12.H26", "Sở Nội vụ"), ed.DonVi("000.00.13.H26", "Sở Tư pháp")),
    so="05", ky_hieu="KH-UBND", ngay=date(2026, 1, 14), dia_danh="Hùng Thắng", loai="Kế hoạch",
    trich_yeu="Cải cách hành chính năm 2026", noi_dung="Cải cách hành chính năm 2026",
    tham_quyen="TM. ỦY BAN NHÂN DÂN; KT. CHỦ TỊCH", chuc_vu="PHÓ CHỦ TỊCH", ho_ten="Vũ Trọng Thủy",
    han_tra_loi=date(2026, 2, 1), noi_nhan_khac=("Sở Nội vụ", "TTĐU, TTHĐND xã"), do_khan=1,
    pham_vi="", ky_hieu_nguoi_soan="VHXH", so_ban=25, so_trang=7, phu_luc=("Danh mục nhiệm vụ",),
    tep=(ed.TepDinhKem("ke_hoach.pdf", b"%PDF-1.7\n\x00\xff binary"),
         ed.TepDinhKem("phu_luc.xlsx", b"PK\x03\x04 sheet", "application/vnd.ms-excel", "Phụ lục")),
)


def test_the_structure_follows_the_public_implementations():
    root = etree.fromstring(ed.write(MESSAGE, now=datetime(2026, 1, 14, 9, 30)))
    assert root.tag == f"{E}edXML"
    header = root.find(f"{E}edXMLEnvelope/{E}edXMLHeader/{E}MessageHeader")
    assert [etree.QName(child).localname for child in header] == [
        "From", "To", "To", "Code", "PromulgationInfo", "DocumentType", "Subject", "Content", "SignerInfo",
        "DueDate", "ToPlaces", "OtherInfo", "DocumentId",
    ]
    assert header.findtext(f"{E}Code/{E}CodeNumber") == "05"
    assert header.findtext(f"{E}PromulgationInfo/{E}PromulgationDate") == "2026/01/14"
    assert header.findtext(f"{E}OtherInfo/{E}Priority") == "1"
    assert header.findtext(f"{E}DocumentId") == "000.00.31.H26,2026/01/14,05/KH-UBND"
    trace = root.find(f"{E}edXMLEnvelope/{E}edXMLHeader/{E}TraceHeaderList/{E}TraceHeader")
    assert trace.findtext(f"{E}Timestamp") == "2026/01/14 09:30:00"
    references = root.findall(f"{E}edXMLEnvelope/{E}edXMLBody/{E}edXMLManifest/{E}Reference")
    encoded = root.findall(f"{E}AttachmentEncoded/{E}Attachment")
    assert [r.findtext(f"{E}AttachmentName") for r in references] == ["ke_hoach.pdf", "phu_luc.xlsx"]
    for reference, item in zip(references, encoded, strict=True):
        assert reference.findtext(f"{E}ContentId") == "cid:" + item.findtext(f"{E}ContentId")
    assert base64.b64decode(encoded[0].findtext(f"{E}ContentTransferEncoded")) == MESSAGE.tep[0].du_lieu


def test_write_then_read_gives_the_same_fields_and_the_same_bytes():
    back = ed.read(ed.write(MESSAGE))
    assert back == MESSAGE
    assert [item.du_lieu for item in back.tep] == [item.du_lieu for item in MESSAGE.tep]


_words = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30).map(
    lambda s: " ".join(s.split())
)
_names = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9 _\-]{0,20}\.(pdf|docx|xlsx)", fullmatch=True)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(_names, st.binary(max_size=3000)), max_size=4, unique_by=lambda t: t[0].casefold()),
    _words, _words, st.none() | st.dates(date(1990, 1, 1), date(2100, 12, 31)), st.none() | st.integers(0, 4),
)
def test_any_message_round_trips(files, trich_yeu, ho_ten, han, priority):
    import unicodedata

    message = replace(
        MESSAGE, trich_yeu=unicodedata.normalize("NFC", trich_yeu),
        ho_ten=unicodedata.normalize("NFC", ho_ten),
        han_tra_loi=han, do_khan=priority, tep=tuple(ed.TepDinhKem(name, data) for name, data in files),
    )
    assert ed.read(ed.write(message)) == message


def _with(xml: bytes, old: bytes, new: bytes) -> bytes:
    assert old in xml
    return xml.replace(old, new, 1)


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE edXML [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXMLEnvelope/>&x;</edXML>"""
BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">&b;</edXML>"""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (XXE, "DTD hoặc thực thể"),
        (BOMB, "DTD hoặc thực thể"),
        (b"<edXML", "không phải XML"),
        (b"<edXML xmlns='urn:other'/>", "không phải thông điệp edXML"),
        (b"<edXML xmlns='http://www.mic.gov.vn/TBT/QCVN_102_2016'/>", "thiếu edXMLEnvelope"),
    ],
)
def test_hostile_or_foreign_xml_is_refused(data, message):
    with pytest.raises(InputError, match=message) as problem:
        ed.read(data, tep="thu.edxml")
    assert "thu.edxml" in str(problem.value)


def test_bad_values_and_attachments_are_refused():
    xml = ed.write(MESSAGE)
    encoded = base64.b64encode(MESSAGE.tep[0].du_lieu)
    with pytest.raises(InputError, match="không phải base64"):
        ed.read(_with(xml, encoded, b"@@not base64@@"))
    with pytest.raises(InputError, match="PromulgationDate"):
        ed.read(_with(xml, b"2026/01/14<", b"14-01-2026<"))
    with pytest.raises(InputError, match=r"Priority.*số tự nhiên"):
        ed.read(_with(xml, b"<edXML:Priority>1<", b"<edXML:Priority>khan<"))
    content_id = etree.fromstring(xml).find(f"{E}AttachmentEncoded/{E}Attachment").findtext(f"{E}ContentId")
    with pytest.raises(InputError, match="không có nội dung"):
        ed.read(_with(xml, f"<ContentId>{content_id}<".encode(), b"<ContentId>other<"))


def test_a_huge_attachment_is_refused_before_it_is_decoded(monkeypatch):
    xml = ed.write(replace(MESSAGE, tep=(ed.TepDinhKem("lon.pdf", b"x" * 4000),)))
    monkeypatch.setattr(ed, "MAX_ATTACHMENT_BYTES", 1000)
    with pytest.raises(InputError, match=r"«lon\.pdf» quá lớn"):
        ed.read(xml)
    monkeypatch.setattr(ed, "MAX_MESSAGE_BYTES", 1000)
    with pytest.raises(InputError, match="thông điệp edXML quá lớn"):
        ed.read(xml)


@pytest.mark.parametrize(
    "name", ["../../etc/passwd", "/etc/passwd", "..\\..\\boot.ini", "C:evil.pdf", ".bashrc", "..",
             "line\nbreak.pdf", "tab\tname.pdf", ""],
)
def test_an_attachment_name_that_is_a_path_is_never_used(name):
    xml = ed.write(MESSAGE).replace(b"ke_hoach.pdf", name.encode("utf-8"))  # in the manifest and the body
    message = ed.read(xml)  # listing it is fine …
    with pytest.raises(InputError, match="không an toàn"):  # … using it as a file name is not
        ed.safe_names(message)
    with pytest.raises(InputError, match="không an toàn"):  # nor sending it on
        ed.write(message)


def test_the_writer_refuses_control_characters_in_a_name():
    with pytest.raises(InputError, match="không an toàn"):
        ed.write(replace(MESSAGE, tep=(ed.TepDinhKem("a\x00b.pdf", b"%PDF"),)))


def test_two_attachments_with_the_same_name_are_refused():
    one = replace(MESSAGE, tep=(ed.TepDinhKem("a.pdf", b"1"), ed.TepDinhKem("b.pdf", b"2")))
    same = ed.read(ed.write(one).replace(b"b.pdf", b"A.PDF"))
    with pytest.raises(InputError, match="cùng tên"):  # not extracted
        ed.safe_names(same)
    with pytest.raises(InputError, match="cùng tên"):  # nor written
        ed.write(same)


def test_a_draft_metadata_makes_no_message():
    from vbhc.metadata.phu_luc_vi import PhuLucVI

    with pytest.raises(InputError, match="chưa ban hành"):
        ed.from_metadata(PhuLucVI(), noi_gui=MESSAGE.noi_gui, noi_nhan=MESSAGE.noi_nhan, tep=())


def test_a_message_needs_a_recipient():
    with pytest.raises(InputError, match="nơi nhận"):
        ed.write(replace(MESSAGE, noi_nhan=()))


def test_extraction_never_leaves_the_folder(tmp_path: Path, monkeypatch, capsys):
    import sys

    from vbhc.cli import cli
    from vbhc.cli.common import run

    hostile = tmp_path / "thu.edxml"
    hostile.write_bytes(_with(ed.write(MESSAGE), b"phu_luc.xlsx", b"../thoat.xlsx"))
    folder = tmp_path / "nhan"
    folder.mkdir()
    monkeypatch.setattr(sys, "argv", ["vbhc", "edxml", "--doc", str(hostile), "--extract", str(folder)])
    assert run(cli) == 1
    error = capsys.readouterr().err
    assert "«../thoat.xlsx» không an toàn" in error and "không tệp nào được lưu" in error
    assert list(folder.iterdir()) == [] and not (tmp_path / "thoat.xlsx").exists()
