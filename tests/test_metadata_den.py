"""The Phụ lục VI metadata of a văn bản đến, field by field against the decree's table
(nd30.PHU_LUC_VI_VAN_BAN_DEN): tags, order, types, lengths, and its JSON and XML forms."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from vbhc import nd30
from vbhc.errors import InputError, MultipleErrors
from vbhc.metadata import phu_luc_vi_den as den
from vbhc.metadata.phu_luc_vi import CaiDat, HoSo
from vbhc.register import Register, VanBanDenMoi, YKien

VN = timezone(timedelta(hours=7))


@pytest.fixture
def entry(tmp_path: Path):
    with Register(tmp_path / "so.db") as reg:
        reg.receive(VanBanDenMoi(
            ngay_den=date(2026, 1, 15), tac_gia="SỞ NỘI VỤ THÀNH PHỐ HẢI PHÒNG", so_ky_hieu="12/SNV-CCHC",
            ngay_van_ban=date(2026, 1, 12), ten_loai="Công văn", trich_yeu="Hướng dẫn báo cáo CCHC",
            don_vi_nhan="Văn phòng", han_giai_quyet=date(2026, 1, 30), ghi_chu="Bản gốc", do_khan="KHẨN",
            nguoi_ky="Trần Văn Bình", chuc_vu="KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC", so_trang=3,
        ))
        reg.add_y_kien(2026, 1, YKien("Vũ Trọng Thủy", "Giao Văn phòng tham mưu",
                                      datetime(2026, 1, 16, 9, 15, tzinfo=VN)))
        yield reg.giai_quyet(2026, 1, ngay=date(2026, 1, 28), so_ky_hieu_tra_loi="20/UBND-VP")


def test_every_field_of_the_decree_in_its_order(entry) -> None:
    cai_dat = CaiDat(ma_dinh_danh="000.00.00.H41", ho_so=HoSo(nam=2026, so_ky_hieu="01.VP"))
    meta = den.from_den(entry, cai_dat=cai_dat)
    data = den.to_dict(meta)
    top = [t.tag for t in nd30.PHU_LUC_VI_VAN_BAN_DEN if "." not in t.stt]
    assert list(data) == top
    for truong in nd30.PHU_LUC_VI_VAN_BAN_DEN:
        parent, _, _ = truong.stt.rpartition(".")
        if parent:
            group = next(t.tag for t in nd30.PHU_LUC_VI_VAN_BAN_DEN if t.stt == parent)
            assert truong.tag in data[group]
    expected = {
        "TypeName": "Công văn", "CodeNumber": "12", "CodeNotation": "SNV-CCHC", "IssuedDate": "2026-01-12",
        "OrganName": "SỞ NỘI VỤ THÀNH PHỐ HẢI PHÒNG", "Subject": "Hướng dẫn báo cáo CCHC",
        "Language": nd30.NGON_NGU, "PageAmount": 3, "Description": "Bản gốc", "ArrivalDate": "2026-01-15",
        "ArrivalNumber": 1, "Priority": nd30.PRIORITY["KHẨN"], "ToPlaces": "Văn phòng",
        "DueDate": "2026-01-30",
    }
    assert {key: data[key] for key in expected} == expected
    assert data["SignerInfo"] == {"Position": "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC", "FullName": "Trần Văn Bình"}
    assert data["FileCode"] == {"OrganId": "000.00.00.H41", "FileCatalog": 2026, "FileNotation": "01.VP"}
    assert data["TraceHeaderList"].splitlines() == [
        "16/01/2026 09:15 Vũ Trọng Thủy: Giao Văn phòng tham mưu",
        "Đã giải quyết ngày 28/01/2026 (văn bản trả lời số 20/UBND-VP)",
    ]


def test_the_register_stores_it_with_the_entry(entry) -> None:
    assert json.loads(entry.sieu_du_lieu) == den.to_dict(den.from_den(entry))


def test_json_and_xml_forms_read_back(entry) -> None:
    meta = den.from_den(entry)
    assert den.from_json(den.to_json(meta)) == meta
    xml = den.to_xml(meta)
    root = etree.fromstring(xml)
    assert etree.QName(root).localname == den.ROOT == "VanBanDen"
    tags = [etree.QName(child).localname for child in root]
    decree = [t.tag for t in nd30.PHU_LUC_VI_VAN_BAN_DEN if "." not in t.stt]
    assert tags == [tag for tag in decree if tag in tags] and "ArrivalNumber" in tags
    assert den.from_xml(xml) == meta
    with pytest.raises(InputError, match="DTD"):
        den.from_xml(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>')
    with pytest.raises(InputError, match="Phụ lục VI"):
        den.from_dict({"Nope": 1})


_LIMITED = [t for t in nd30.PHU_LUC_VI_VAN_BAN_DEN if t.kieu in ("String", "Number")]


def _path(truong: nd30.TruongSieuDuLieu) -> str:
    return next(path for path, t in den.TRUONG.items() if t is truong)


@pytest.mark.parametrize("truong", _LIMITED, ids=lambda t: f"{t.stt}-{t.tag}")
def test_every_length_limit_of_the_decree(entry, truong) -> None:
    meta = den.from_den(entry)
    path = _path(truong)
    ok = "x" * truong.do_dai if truong.kieu == "String" else int("9" * truong.do_dai)
    too_long = "x" * (truong.do_dai + 1) if truong.kieu == "String" else int("9" * (truong.do_dai + 1))
    den.validate(_with(meta, path, ok))
    with pytest.raises(MultipleErrors) as caught:
        den.validate(_with(meta, path, too_long))
    assert truong.tag in str(caught.value) and str(truong.do_dai) in str(caught.value)


def _with(meta: den.PhuLucVIDen, path: str, value) -> den.PhuLucVIDen:
    group, _, key = path.rpartition("/")
    if group:
        return replace(meta, **{group: replace(getattr(meta, group), **{key: value})})
    return replace(meta, **{key: value})


@given(st.text(min_size=1, max_size=3000).filter(lambda s: s.strip()))
def test_trace_header_list_is_long_text_without_a_limit(text) -> None:
    meta = den.PhuLucVIDen(TraceHeaderList=text)
    den.validate(meta)
    assert den.flatten(meta)["TraceHeaderList"] == text
