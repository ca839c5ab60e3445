"""The sổ đăng ký văn bản đến: số đến per body and year from 01, duplicates, corrections, ý kiến,
giải quyết, overdue documents, concurrency; and the migration of a schema-3 register."""

from __future__ import annotations

import sqlite3
import threading
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vbhc.errors import InputError
from vbhc.incoming.fields import ChuKyDoc
from vbhc.register import SCHEMA_VERSION, Register, TrungVanBan, VanBanDenMoi, YKien
from vbhc.register.schema import MIGRATIONS

VN = timezone(timedelta(hours=7))


def moi(**values) -> VanBanDenMoi:
    base = dict(
        ngay_den=date(2026, 1, 15), tac_gia="SỞ NỘI VỤ THÀNH PHỐ HẢI PHÒNG", so_ky_hieu="12/SNV-CCHC",
        ngay_van_ban=date(2026, 1, 12), ten_loai="Công văn",
        trich_yeu="Hướng dẫn báo cáo cải cách hành chính",
    )
    return VanBanDenMoi(**{**base, **values})


def test_so_den_runs_per_year_from_01_and_per_body(tmp_path: Path) -> None:
    with Register(tmp_path / "so.db", user="lan") as reg:
        first = reg.receive(moi())
        second = reg.receive(moi(so_ky_hieu="13/SNV-CCHC"))
        other_body = reg.receive(moi(so_ky_hieu="14/SNV-CCHC", co_quan="HĐND"))
        next_year = reg.receive(moi(so_ky_hieu="1/SNV-CCHC", ngay_den=date(2027, 1, 2)))
        assert [e.so_den_hien_thi for e in (first, second, other_body, next_year)] == ["01", "02", "01", "01"]
        assert (next_year.nam, first.nam) == (2027, 2026)
        assert reg.get_den(2026, 2).so_ky_hieu == "13/SNV-CCHC"
        assert [e.so_den for e in reg.list_den(nam=2026, co_quan="")] == [1, 2]
        with pytest.raises(InputError, match="nhiều cơ quan"):
            reg.get_den(2026, 1)
        assert reg.get_den(2026, 1, co_quan="HĐND").id == other_body.id
        events = [(a.action, a.den_id) for a in reg.audit()]
        assert ("receive", first.id) in events and all(a.actor == "lan" for a in reg.audit())


def test_two_clerks_receiving_at_the_same_moment_get_01_and_02(tmp_path: Path) -> None:
    path = tmp_path / "so.db"
    Register(path).close()
    start = threading.Barrier(2)
    got: list[int] = []
    failures: list[BaseException] = []

    def clerk(number: int) -> None:
        try:
            with Register(path, user=f"clerk{number}") as reg:
                start.wait()
                got.append(reg.receive(moi(so_ky_hieu=f"{number}/SNV")).so_den)
        except BaseException as error:  # pragma: no cover - reported below
            failures.append(error)

    threads = [threading.Thread(target=clerk, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sorted(got) == [1, 2]
    with Register(path) as reg:
        assert sorted(e.so_ky_hieu for e in reg.list_den()) == ["1/SNV", "2/SNV"]


def test_a_duplicate_is_refused_naming_the_entry_and_forced_with_a_note(tmp_path: Path) -> None:
    with Register(tmp_path / "so.db") as reg:
        first = reg.receive(moi(ma_dinh_danh="000.00.12.H26"))
        with pytest.raises(TrungVanBan) as caught:
            reg.receive(moi(so_ky_hieu="Số: 012 / snv-cchc", tac_gia="Sở  Nội vụ thành phố Hải Phòng",
                            ngay_den=date(2026, 1, 20)))
        message = str(caught.value)
        assert caught.value.trung.id == first.id
        assert "số 01 năm 2026" in message and "15/01/2026" in message and "--force" in message
        with pytest.raises(TrungVanBan, match="mã định danh"):
            reg.receive(moi(so_ky_hieu="99/ABC", ma_dinh_danh="000.00.12.H26"))
        forced = reg.receive(moi(ngay_den=date(2026, 1, 20)), force=True)
        assert forced.so_den == 2 and "trùng văn bản đến số 01/2026" in forced.ghi_chu
        assert next(a.details.get("trung") for a in reg.audit() if a.action == "receive") == "2026/01"


_AGENCY = st.sampled_from(
    ["Sở Nội vụ", "UBND huyện Thủy Nguyên", "Ủy ban nhân dân xã Hùng Thắng", "Công an xã"]
)
_NOTATION = st.sampled_from(["UBND-VP", "SNV-CCHC", "KH-UBND", "BC-CAX"])


def _vary(text: str, data: st.DataObject) -> str:
    """The same text as another office may type it: case, spaces, decomposed Unicode."""
    import unicodedata

    if data.draw(st.booleans()):
        text = text.upper()
    if data.draw(st.booleans()):
        text = unicodedata.normalize("NFD", text)
    return "  ".join(text.split()) if data.draw(st.booleans()) else f" {text} "


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(data=st.data(), so=st.integers(1, 999), other=st.integers(1, 999), agency=_AGENCY,
       other_agency=_AGENCY, notation=_NOTATION, other_notation=_NOTATION)
def test_duplicates_are_found_whatever_the_typing(tmp_path_factory, data, so, other, agency, other_agency,
                                                   notation, other_notation) -> None:
    if data.draw(st.booleans(), label="the same document"):
        other, other_agency, other_notation = so, agency, notation
    with Register(tmp_path_factory.mktemp("dup") / "so.db") as reg:
        reg.receive(moi(so_ky_hieu=f"{so}/{notation}", tac_gia=agency))
        typed = f"{str(other).zfill(data.draw(st.integers(1, 4)))}/{_vary(other_notation, data)}"
        again = moi(so_ky_hieu=typed, tac_gia=_vary(other_agency, data), ngay_den=date(2026, 2, 1))
        if (other, other_agency, other_notation) == (so, agency, notation):
            with pytest.raises(TrungVanBan):
                reg.receive(again)
            assert reg.receive(again, force=True).so_den == 2
        else:
            assert reg.receive(again).so_den == 2


def test_missing_required_fields_still_register_but_are_marked(tmp_path: Path) -> None:
    with Register(tmp_path / "so.db") as reg:
        entry = reg.receive(moi(tac_gia="", so_ky_hieu="", trich_yeu="", ten_loai="",
                                can_xem_lai=("ngay_van_ban",), de_xuat={"tac_gia": "SỞ NỘI VỤ?"}))
        assert entry.so_den == 1
        assert entry.can_xem_lai == ("ngay_van_ban", "tac_gia", "so_ky_hieu", "trich_yeu")
        assert entry.ghi_chu_day_du.startswith("Cần xem lại: ngày tháng văn bản, tác giả")
        fixed = reg.update_den(2026, 1, tac_gia="Sở Nội vụ", so_ky_hieu="12/SNV", ngay_van_ban="12/01/2026")
        assert fixed.can_xem_lai == ("trich_yeu",) and fixed.de_xuat == {}
        assert fixed.ngay_van_ban == date(2026, 1, 12)
        no_number = reg.receive(moi(so_ky_hieu="", ghi_chu="Giấy mời không số"))
        assert no_number.can_xem_lai == ()
        with pytest.raises(InputError, match="không sửa được trường so_den"):
            reg.update_den(2026, 1, so_den=5)
        with pytest.raises(InputError, match="không hợp lệ"):
            reg.update_den(2026, 1, han_giai_quyet="31/02/2026")
        with pytest.raises(InputError, match="trong năm 2026"):
            reg.update_den(2026, 1, ngay_den=date(2025, 12, 31))


def test_y_kien_giai_quyet_and_overdue(tmp_path: Path) -> None:
    with Register(tmp_path / "so.db") as reg:
        reg.receive(moi(han_giai_quyet=date(2026, 1, 25)))
        reg.receive(moi(so_ky_hieu="13/SNV", han_giai_quyet=date(2026, 1, 20)))
        reg.receive(moi(so_ky_hieu="14/SNV"))
        when = datetime(2026, 1, 16, 9, 15, tzinfo=VN)
        entry = reg.add_y_kien(2026, 1, YKien("Vũ Trọng Thủy", "Giao Văn phòng tham mưu", when, "Văn phòng"))
        assert entry.don_vi_nhan == "Văn phòng" and entry.ngay_chuyen == date(2026, 1, 16)
        assert entry.y_kien[0].thoi_gian == when
        assert [e.so_den for e in reg.qua_han(date(2026, 1, 26))] == [2, 1]
        done = reg.giai_quyet(2026, 2, ngay=date(2026, 1, 22), so_ky_hieu_tra_loi="20/UBND-VP")
        assert done.trang_thai == "da_giai_quyet" and done.so_ky_hieu_tra_loi == "20/UBND-VP"
        assert [e.so_den for e in reg.qua_han(date(2026, 1, 26))] == [1]
        assert [e.so_den for e in reg.qua_han(date(2026, 1, 21))] == [2]  # not yet dealt with that day
        with pytest.raises(InputError, match="trước ngày đến"):
            reg.giai_quyet(2026, 1, ngay=date(2026, 1, 1))
        assert [e.so_den for e in reg.list_den(query="SNV 13")] == [2]
        assert [e.so_den for e in reg.list_den(query="huong dan cai cach")] == [1, 2, 3]


def test_signatures_flags_and_suggestions_are_kept(tmp_path: Path) -> None:
    chu_ky = ChuKyDoc("ChuKyNguoiKy", "Vũ Trọng Thủy", "UBND xã Hùng Thắng", "2026-01-14T09:15:30+07:00",
                      True, True, "Chữ ký hợp lệ")
    with Register(tmp_path / "so.db") as reg:
        entry = reg.receive(moi(chu_ky=(chu_ky,), can_xem_lai=("trich_yeu",), trich_yeu="",
                                de_xuat={"trich_yeu": "Hướng dẫn báo cáo"}, sha256="ab" * 32, tep="cv.pdf"))
    with Register(tmp_path / "so.db") as reg:
        again = reg.get_den(2026, 1)
    assert again.chu_ky == (chu_ky,) and again.de_xuat == {"trich_yeu": "Hướng dẫn báo cáo"}
    assert again.can_xem_lai == ("trich_yeu",) == entry.can_xem_lai and again.sha256 == "ab" * 32


def test_bad_values_are_one_vietnamese_message(tmp_path: Path) -> None:
    with Register(tmp_path / "so.db") as reg:
        with pytest.raises(InputError, match="độ khẩn «GẤP»"):
            reg.receive(moi(do_khan="gấp"))
        with pytest.raises(InputError, match="SHA-256"):
            reg.receive(moi(sha256="xyz"))
        with pytest.raises(InputError, match="Subject"):
            reg.receive(moi(trich_yeu="x" * 501))
        assert reg.list_den() == []


def _version_3(path: Path) -> None:
    conn = sqlite3.connect(path)
    for step in MIGRATIONS[:3]:
        for statement in step:
            conn.execute(statement)
    conn.execute(
        "INSERT INTO van_ban_di (co_quan, series, nam, so, so_ky_hieu, ngay, status, created_at, updated_at) "
        "VALUES ('UBND', 'chung', 2026, 1, '01/KH-UBND', '2026-01-05', 'issued', 'x', 'x')"
    )
    conn.execute("INSERT INTO counter VALUES ('UBND', 'chung', 2026, 1)")
    conn.execute(
        "INSERT INTO audit (at, actor, action, entry_id, details) VALUES ('x', 'lan', 'issue', 1, '{}')"
    )
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()


def test_a_version_3_register_is_migrated_keeping_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "so.db"
    _version_3(path)
    with Register(path) as reg:
        assert reg.entries()[0].so_ky_hieu == "01/KH-UBND"
        assert reg.receive(moi()).so_den == 1
        assert [a.action for a in reg.audit()] == ["receive", "migrate", "issue"]
    assert (tmp_path / "so.db.v3.bak").exists()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
    conn.close()
