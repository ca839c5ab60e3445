"""Receiving an incoming file: read, fill the sổ đến entry, register. Flagged fields never reach the
columns; the clerk's values win; required fields still flagged mark the entry «cần xem lại»."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

import vbhc.incoming
from vbhc import render
from vbhc.cli.render import starter_text
from vbhc.errors import InputError
from vbhc.incoming import TRUONG, ChuKyDoc, KetQuaDoc, Truong
from vbhc.register import Register, TrungVanBan
from vbhc.sources.markdown import loads
from vbhc.workflows.receive import receive


@pytest.fixture
def cong_van(tmp_path: Path):
    vb = loads(starter_text("cong_van").decode("utf-8"), source="cong_van.md")
    vb = vb.sua(so=12, ngay=date(2026, 1, 12))
    return vb, render(vb, tmp_path / "cong_van.docx")


def test_a_docx_is_registered_with_every_field_read(cong_van, tmp_path: Path) -> None:
    vb, path = cong_van
    with Register(tmp_path / "so.db") as reg:
        result = receive(path, reg, ngay_den=date(2026, 1, 15), don_vi_nhan="Văn phòng",
                         han_giai_quyet=date(2026, 1, 30))
        entry = result.entry
        assert entry.so_den_hien_thi == "01" and entry.ngay_den == date(2026, 1, 15)
        assert entry.tac_gia == " ".join(vb.co_quan.ten.split())
        assert entry.so_ky_hieu == vb.so_ky_hieu.removeprefix("Số:").strip()
        assert entry.ngay_van_ban == date(2026, 1, 12) and entry.ten_loai == "Công văn"
        assert entry.trich_yeu == " ".join(vb.trich_yeu.split()) and entry.nguoi_ky == vb.nguoi_ky.ho_ten
        assert entry.can_xem_lai == () and entry.de_xuat == {}
        assert entry.sha256 == hashlib.sha256(path.read_bytes()).hexdigest() and entry.cach_doc == "docx"
        assert entry.don_vi_nhan == "Văn phòng" and entry.han_giai_quyet == date(2026, 1, 30)
        with pytest.raises(TrungVanBan, match="số 01 năm 2026"):
            receive(path, reg, ngay_den=date(2026, 1, 16))
        again = receive(path, reg, ngay_den=date(2026, 1, 16), force=True)
        assert again.entry.so_den == 2 and "trùng" in again.entry.ghi_chu


def _doc(**truong: Truong) -> KetQuaDoc:
    sure = {
        "tac_gia": Truong("SỞ NỘI VỤ THÀNH PHỐ HẢI PHÒNG", 0.99), "so_ky_hieu": Truong("12/SNV-CCHC", 0.97),
        "ngay_van_ban": Truong("2026-01-12", 0.95), "ten_loai": Truong("Công văn", 0.95),
        "trich_yeu": Truong("Hướng dẫn báo cáo", 0.9), "nguoi_ky": Truong("Trần Văn Bình", 0.9),
        "chuc_vu": Truong("GIÁM ĐỐC", 0.9), "do_khan": Truong("", 0.99),
    }
    sure.update(truong)
    assert set(sure) == set(TRUONG)
    return KetQuaDoc(tep="scan.jpg", sha256="cd" * 32, cach_doc="ocr", truong=sure, so_trang=1,
                     canh_bao=("scan.jpg: đọc bằng OCR",))


@pytest.fixture
def read_as(monkeypatch):
    def use(doc: KetQuaDoc) -> None:
        monkeypatch.setattr(vbhc.incoming, "doc_van_ban", lambda path, *, trust=(): doc)

    return use


def test_flagged_fields_go_to_suggestions_and_mark_the_entry(read_as, tmp_path: Path) -> None:
    read_as(_doc(so_ky_hieu=Truong("12/SNV-CCHC", 0.4, "chữ mờ"), trich_yeu=Truong(None, 0.0),
                 nguoi_ky=Truong("Trần Văn Bỉnh", 0.6)))
    with Register(tmp_path / "so.db") as reg:
        result = receive(tmp_path / "scan.jpg", reg, ngay_den=date(2026, 1, 15))
    entry = result.entry
    assert entry.so_ky_hieu == "" and entry.trich_yeu == "" and entry.nguoi_ky == ""
    assert entry.can_xem_lai == ("so_ky_hieu", "trich_yeu", "nguoi_ky")
    assert dict(entry.de_xuat) == {"so_ky_hieu": "12/SNV-CCHC", "nguoi_ky": "Trần Văn Bỉnh"}
    assert entry.tac_gia == "SỞ NỘI VỤ THÀNH PHỐ HẢI PHÒNG" and entry.so_den == 1
    advice = result.canh_bao[-1]
    assert "số đến 01/2026 được ghi «cần xem lại»" in advice and "đọc được «12/SNV-CCHC», chưa chắc" in advice
    assert "vbhc register sua-den 2026/01 --truong so_ky_hieu=" in advice
    assert result.canh_bao[0] == "scan.jpg: đọc bằng OCR"


def test_the_clerks_values_win_and_count_as_confirmed(read_as, tmp_path: Path) -> None:
    read_as(_doc(so_ky_hieu=Truong("12/SNV-CCHC", 0.4), ngay_van_ban=Truong(None, 0.0)))
    with Register(tmp_path / "so.db") as reg:
        result = receive(tmp_path / "scan.jpg", reg, ngay_den=date(2026, 1, 15),
                         sua={"so_ky_hieu": "13/SNV-CCHC", "ngay_van_ban": "12/01/2026",
                              "tac_gia": "Sở  Nội vụ"})
    entry = result.entry
    assert entry.so_ky_hieu == "13/SNV-CCHC" and entry.ngay_van_ban == date(2026, 1, 12)
    assert entry.tac_gia == "Sở Nội vụ"
    assert entry.can_xem_lai == () and entry.de_xuat == {}
    assert not any("cần xem lại" in warning for warning in result.canh_bao)


def test_signatures_read_are_recorded_and_a_bad_one_is_said(read_as, tmp_path: Path) -> None:
    good = ChuKyDoc("ChuKyNguoiKy", "Trần Văn Bình", "Sở Nội vụ", "2026-01-12T09:00:00+07:00", True, True,
                    "hợp lệ")
    bad = ChuKyDoc("ChuKyCoQuan", "Sở Nội vụ", "Sở Nội vụ", None, False, False, "tệp đã bị sửa sau khi ký")
    doc = _doc()
    read_as(KetQuaDoc(doc.tep, doc.sha256, "pdf", doc.truong, 1, (good, bad)))
    with Register(tmp_path / "so.db") as reg:
        result = receive(tmp_path / "cv.pdf", reg, ngay_den=date(2026, 1, 15))
        assert reg.get_den(2026, 1).chu_ky == (good, bad)
    assert result.canh_bao == ("chữ ký số «ChuKyCoQuan» (Sở Nội vụ) không hợp lệ: tệp đã bị sửa sau khi ký",)


def test_bad_corrections_are_refused_before_the_file_is_read(tmp_path: Path) -> None:
    with Register(tmp_path / "so.db") as reg:
        with pytest.raises(InputError, match="không có trường «so»"):
            receive(tmp_path / "missing.pdf", reg, sua={"so": "12"})
        with pytest.raises(InputError, match="không hợp lệ"):
            receive(tmp_path / "missing.pdf", reg, sua={"ngay_van_ban": "31/02/2026"})
        assert reg.list_den() == []


def test_a_reading_of_the_same_bytes_is_used_and_another_is_not(monkeypatch, tmp_path: Path) -> None:
    scan = tmp_path / "scan.jpg"
    scan.write_bytes(b"the scanned bytes")
    calls: list[Path] = []
    fresh = _doc(trich_yeu=Truong("Đọc lại", 0.99))
    monkeypatch.setattr(vbhc.incoming, "doc_van_ban", lambda path, *, trust=(): calls.append(path) or fresh)
    same = _doc()
    same = KetQuaDoc(**{**same.__dict__, "sha256": hashlib.sha256(scan.read_bytes()).hexdigest()})
    with Register(tmp_path / "so.db") as reg:
        assert receive(scan, reg, doc=same).entry.trich_yeu == "Hướng dẫn báo cáo" and calls == []
        other = receive(scan, reg, doc=_doc(so_ky_hieu=Truong("13/SNV-CCHC", 0.97)), force=True)
        assert other.entry.trich_yeu == "Đọc lại" and calls == [scan]
