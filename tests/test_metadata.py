"""The Phụ lục VI metadata of a văn bản đi: the decree's own table, built from a document and its
register row, checked against the decree's types and lengths, and its XML, JSON and XMP forms."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.conftest import ROOT
from vbhc import nd30
from vbhc.errors import InputError, MultipleErrors
from vbhc.metadata import phu_luc_vi as p6
from vbhc.register import Register
from vbhc.sources.markdown import loads
from vbhc.workflows.issue import issue

DECREE = ROOT / "tests" / "corpus" / "nd30" / "Phuluc6.docx"

SOURCE = """\
---
loai: ke_hoach
co_quan: {ten: "ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG", viet_tat: UBND}
dia_danh: Hùng Thắng
nam: 2026
trich_yeu: "Cải cách hành chính nhà nước năm 2026\\ntrên địa bàn xã Hùng Thắng"
nguoi_ky: {tham_quyen: [TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH], chuc_vu: PHÓ CHỦ TỊCH, ho_ten: Vũ Trọng Thủy}
noi_nhan: [Sở Nội vụ, "TTĐU, TTHĐND xã", "CT, các PCT UBND xã"]
luu: [VT, VHXH]
do_khan: THƯỢNG KHẨN
ky_hieu_nguoi_soan: VHXH.(25)
---

Nội dung.
"""

CAI_DAT = p6.CaiDat(
    ma_dinh_danh="000.00.31.H26",
    ho_so=p6.HoSo(nam=2026, so_ky_hieu="01.CCHC", so_thu_tu=4),
    ma_noi_nhan={"Sở Nội vụ": "000.00.12.H26"},
)


def _decree_rows() -> list[list[str]]:
    """The rows of the decree's table of văn bản đi fields (the first table of Phụ lục VI)."""
    table = docx.Document(str(DECREE)).tables[0]
    return [[" ".join(cell.text.split()) for cell in row.cells] for row in table.rows[1:]]


def test_the_rule_book_has_the_decrees_table_field_by_field():
    rows = _decree_rows()
    ours = [
        [t.stt, t.ten, t.tag_nghi_dinh or t.tag, t.kieu or "", str(t.do_dai or "")]
        for t in nd30.PHU_LUC_VI_VAN_BAN_DI
    ]
    assert ours == rows


def test_the_decrees_typing_slips_exist_and_vbhc_writes_the_right_tags():
    tags = {row[0]: row[2] for row in _decree_rows()}
    assert tags["1.1"] == "Organld" and tags["12"] == "Signerlnfo"  # a lower-case L for the capital I
    assert tags["13.1"] == "OrganId"  # the same tag, spelt right, a few rows below
    assert "FileCode/OrganId" in p6.TRUONG and "SignerInfo" in p6.TRUONG
    meta = replace(_built(), FileCode=p6.FileCode(OrganId="000.00.31.H26"))
    xml = p6.to_xml(meta).decode()
    assert "<OrganId>000.00.31.H26</OrganId>" in xml and "<SignerInfo>" in xml
    assert "Organld" not in xml and "Signerlnfo" not in xml


def _built(**kwargs) -> p6.PhuLucVI:
    van_ban = loads(SOURCE).sua(so=5, ngay=date(2026, 1, 14))
    return p6.build(van_ban, cai_dat=CAI_DAT, **kwargs)


def test_built_from_a_document_and_the_office_settings():
    meta = _built(so_trang=7, han_tra_loi=date(2026, 2, 1))
    assert meta.FileCode == p6.FileCode(OrganId="000.00.31.H26", FileCatalog=2026, FileNotation="01.CCHC")
    assert meta.DocOrdinal == 4
    assert (meta.TypeName, meta.CodeNumber, meta.CodeNotation) == ("Kế hoạch", "05", "KH-UBND")
    assert meta.IssuedDate == date(2026, 1, 14)
    assert meta.OrganName == "Ủy ban nhân dân xã Hùng Thắng"
    assert meta.Subject == "Cải cách hành chính nhà nước năm 2026 trên địa bàn xã Hùng Thắng"
    assert meta.Language == "Tiếng Việt"
    assert (meta.PageAmount, meta.DueDate) == (7, date(2026, 2, 1))
    assert meta.SignerInfo == p6.SignerInfo(Position="PHÓ CHỦ TỊCH", FullName="Vũ Trọng Thủy")
    assert meta.To == (
        p6.To(OrganId="000.00.12.H26", OrganName="Sở Nội vụ"),
        p6.To(OrganName="TTĐU, TTHĐND xã"),
        p6.To(OrganName="CT, các PCT UBND xã"),
    )
    assert meta.Priority == 2  # THƯỢNG KHẨN
    assert meta.IssuedAmount == 25  # from ô 12, VHXH.(25)


@pytest.mark.parametrize(
    ("do_khan", "priority"), [(None, 0), ("KHẨN", 1), ("THƯỢNG KHẨN", 2), ("HỎA TỐC", 3)]
)
def test_priority_follows_the_urgency_mark(do_khan, priority):
    van_ban = loads(SOURCE).sua(so=5, ngay=date(2026, 1, 14), do_khan=do_khan)
    assert p6.build(van_ban).Priority == priority


def test_a_draft_has_no_metadata():
    with pytest.raises(InputError, match="dự thảo"):
        p6.build(loads(SOURCE, source="ke_hoach.md"))


@pytest.mark.parametrize(
    ("changes", "path", "message"),
    [
        ({"Subject": "x" * 501}, "Subject", "dài 501 ký tự, Phụ lục VI cho tối đa 500"),
        ({"CodeNumber": "1" * 12}, "CodeNumber", "tối đa 11"),
        ({"PageAmount": 1000}, "PageAmount", "tối đa 3 chữ số"),
        ({"Priority": -1}, "Priority", "số tự nhiên"),
        ({"SignerInfo": p6.SignerInfo(FullName="A" * 51)}, "SignerInfo/FullName", "tối đa 50"),
        ({"To": (p6.To(OrganId="0" * 14),)}, "To/1/OrganId", "tối đa 13"),
        ({"FileCode": p6.FileCode(FileCatalog=20260)}, "FileCode/FileCatalog", "tối đa 4 chữ số"),
    ],
)
def test_types_and_lengths_are_the_decrees(changes, path, message):
    with pytest.raises(MultipleErrors) as problem:
        p6.validate(replace(_built(), **changes))
    assert [error.vitri.truong for error in problem.value.errors] == [path]
    assert message in str(problem.value)


def test_a_subject_too_long_for_the_decree_is_an_error_not_cut():
    long = "Cải cách hành chính " * 30
    van_ban = loads(SOURCE, source="ke_hoach.md").sua(so=5, ngay=date(2026, 1, 14), trich_yeu=long)
    with pytest.raises(MultipleErrors, match="Subject") as problem:
        p6.build(van_ban)
    assert "ke_hoach.md" in str(problem.value)


_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40).map(
    lambda s: " ".join(s.split())
)
_metas = st.builds(
    p6.PhuLucVI,
    FileCode=st.builds(p6.FileCode, OrganId=_text.map(lambda s: s[:13]),
                       FileCatalog=st.none() | st.integers(0, 9999)),
    DocOrdinal=st.none() | st.integers(0, 999),
    TypeName=_text, CodeNumber=_text.map(lambda s: s[:11]), Subject=_text, Description=_text,
    IssuedDate=st.none() | st.dates(), DueDate=st.none() | st.dates(),
    SignerInfo=st.builds(p6.SignerInfo, Position=_text, FullName=_text),
    To=st.lists(st.builds(p6.To, OrganName=_text.filter(bool)), max_size=3).map(tuple),
    Priority=st.none() | st.integers(0, 4), PageAmount=st.none() | st.integers(0, 999),
)


@settings(max_examples=60, deadline=None)
@given(_metas)
def test_every_form_reads_back_to_the_same_metadata(meta):
    import unicodedata

    meta = p6.unflatten({k: unicodedata.normalize("NFC", v) for k, v in p6.flatten(meta).items()})
    assert p6.from_xml(p6.to_xml(meta)) == meta
    assert p6.from_json(p6.to_json(meta)) == meta
    assert p6.unflatten(p6.flatten(meta)) == meta


def test_json_has_the_official_tags_in_the_decrees_order():
    data = json.loads(p6.to_json(_built()))
    assert list(data) == [t.tag for t in nd30.PHU_LUC_VI_VAN_BAN_DI if "." not in t.stt]
    assert list(data["FileCode"]) == ["OrganId", "FileCatalog", "FileNotation"]
    assert data["IssuedDate"] == "2026-01-14" and data["Priority"] == 2 and data["DueDate"] is None


def test_xml_follows_the_decrees_order_and_leaves_unknown_fields_out():
    root = etree.fromstring(p6.to_xml(_built()))
    names = [etree.QName(child).localname for child in root]
    order = [t.tag for t in nd30.PHU_LUC_VI_VAN_BAN_DI if "." not in t.stt]
    assert names == sorted(names, key=order.index)
    assert "DueDate" not in names and "PageAmount" not in names
    assert names.count("To") == 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
         b'<VanBanDi xmlns="urn:vbhc:nd30:phu-luc-vi/"><Subject>&e;</Subject></VanBanDi>', "DTD"),
        (b'<VanBanDi xmlns="urn:vbhc:nd30:phu-luc-vi/"><Secret>1</Secret></VanBanDi>', "Secret"),
        (b'<VanBanDi xmlns="urn:vbhc:nd30:phu-luc-vi/"><PageAmount>ba</PageAmount></VanBanDi>', "Number"),
        (b'<VanBanDi xmlns="urn:vbhc:nd30:phu-luc-vi/"><IssuedDate>14/01/2026</IssuedDate></VanBanDi>',
         "Date"),
        (b"<other/>", "VanBanDi"),
        (b"<VanBanDi", "không phải XML"),
        (b"<a>" + b"x" * (p6.MAX_BYTES + 1) + b"</a>", "quá lớn"),
    ],
)
def test_hostile_or_wrong_xml_is_refused_in_vietnamese(data, message):
    with pytest.raises(InputError, match=message):
        p6.from_xml(data)


def test_json_with_an_unknown_tag_or_a_wrong_type_is_refused():
    with pytest.raises(InputError, match="«Secret» không có trong Phụ lục VI"):
        p6.from_dict({"Secret": "x"})
    with pytest.raises(InputError, match="PageAmount"):
        p6.from_dict({"PageAmount": "ba"})
    with pytest.raises(InputError, match="JSON"):
        p6.from_json("{")


def test_the_office_settings_file(tmp_path: Path):
    good = tmp_path / "co-quan.yaml"
    good.write_text("ma_dinh_danh: 000.00.31.H26\nho_so: {nam: 2026, so_ky_hieu: 01.CCHC, so_thu_tu: 4}\n"
                    "ma_noi_nhan: {Sở Nội vụ: 000.00.12.H26}\n", encoding="utf-8")
    assert p6.load_cai_dat(str(good)) == CAI_DAT
    import unicodedata

    decomposed = tmp_path / "nfd.yaml"  # an editor that saves NFD still finds the recipient
    decomposed.write_text(unicodedata.normalize("NFD", good.read_text(encoding="utf-8")), encoding="utf-8")
    assert p6.load_cai_dat(str(decomposed)).ma_noi_nhan == {"Sở Nội vụ": "000.00.12.H26"}
    bad = tmp_path / "sai.yaml"
    bad.write_text("ma_dinh_danh: 1\nho_sơ: {}\n", encoding="utf-8")
    with pytest.raises(InputError, match="ho_sơ") as problem:
        p6.load_cai_dat(str(bad))
    assert "sai.yaml" in str(problem.value)


def _issue(tmp_path: Path) -> Register:
    source = tmp_path / "ke_hoach.md"
    source.write_text(SOURCE, encoding="utf-8")
    register = Register(tmp_path / "so.db", user="vt")
    issue(source, register, out=tmp_path / "ke_hoach.docx", ngay=date(2026, 1, 14), ghi_chu="Gửi qua trục")
    return register


def test_from_a_register_row_the_source_then_the_stored_metadata(tmp_path: Path):
    with _issue(tmp_path) as register:
        entry = register.entries()[0]
        meta = p6.from_entry(entry, cai_dat=CAI_DAT)
        assert (meta.CodeNumber, meta.IssuedDate) == ("01", date(2026, 1, 14))
        assert meta.Description == "Gửi qua trục"
        assert meta.SignerInfo.Position == "PHÓ CHỦ TỊCH"
        stored = register.record_metadata(1, nam=2026, sieu_du_lieu=p6.to_json(replace(meta, DocOrdinal=9)))
        assert p6.from_entry(stored).DocOrdinal == 9
        assert p6.from_entry(stored, so_trang=3).PageAmount == 3


def test_from_a_register_row_whose_source_is_gone_with_a_warning(tmp_path: Path):
    with _issue(tmp_path) as register:
        (tmp_path / "ke_hoach.md").unlink()
        warnings: list[str] = []
        meta = p6.from_entry(register.entries()[0], warnings=warnings)
    assert (meta.TypeName, meta.CodeNumber, meta.CodeNotation) == ("Kế hoạch", "01", "KH-UBND")
    assert meta.Subject == "Cải cách hành chính nhà nước năm 2026 trên địa bàn xã Hùng Thắng"
    assert meta.OrganName == "Ủy ban nhân dân xã Hùng Thắng"
    assert meta.SignerInfo == p6.SignerInfo(FullName="Vũ Trọng Thủy")
    assert "không còn tệp nguồn" in warnings[0] and "SignerInfo/Position" in warnings[0]


def test_a_source_changed_after_issuing_is_said(tmp_path: Path):
    with _issue(tmp_path) as register:
        source = tmp_path / "ke_hoach.md"
        source.write_text(SOURCE.replace("Nội dung.", "Nội dung đã sửa."), encoding="utf-8")
        warnings: list[str] = []
        meta = p6.from_entry(register.entries()[0], warnings=warnings)
    assert meta.CodeNumber == "01"
    assert any("đã sửa sau khi ban hành số 01/KH-UBND" in item for item in warnings)
