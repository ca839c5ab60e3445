"""Register schema 2 → 3: an older register opens, migrates and loses nothing; signatures and metadata
are recorded on the rows of issued documents."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from vbhc.errors import InputError
from vbhc.register import CO_QUAN, ISSUED, NGUOI_KY, SCHEMA_VERSION, Register
from vbhc.register.schema import MIGRATIONS

VN = timezone(timedelta(hours=7))
NOW = "2026-01-14T02:00:00+00:00"


def _version_2(path: Path) -> None:
    """A register as vbhc wrote it with schema 2: issued, reserved and cancelled rows, a series."""
    conn = sqlite3.connect(path)
    for step in MIGRATIONS[:2]:
        for statement in step:
            conn.execute(statement)
    columns = ("co_quan, series, nam, so, so_ky_hieu, ngay, loai, ten_loai_trich_yeu, nguoi_ky, noi_nhan, "
               "luu, so_luong_ban, ghi_chu, status, ly_do_huy, ten_co_quan, nguon, nguon_sha256, tep, "
               "sha256, "
               "nguoi_thuc_hien, created_at, updated_at")
    rows = [
        ("UBND", "chung", 2026, 1, "01/KH-UBND", "2026-01-05", "ke_hoach", "Kế hoạch Cải cách hành chính",
         "Vũ Trọng Thủy", "Sở Nội vụ", "VT, VHXH", 30, "", "issued", "", "ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG",
         "/x/ke_hoach.md", "ab" * 32, "/x/ke_hoach.docx", "cd" * 32, "lan", NOW, NOW),
        ("UBND", "chung", 2026, 2, "", None, None, "", "", "", "", None, "Tờ trình", "reserved", "", "", None,
         None, None, None, "lan", NOW, NOW),
        ("UBND", "chung", 2026, 3, "03/BC-UBND", "2026-01-09", "bao_cao", "Báo cáo Tháng 1", "Vũ Trọng Thủy",
         "", "VT", None, "", "cancelled", "Không ban hành", "", None, None, None, None, "lan", NOW, NOW),
    ]
    conn.executemany(f"INSERT INTO van_ban_di ({columns}) VALUES ({', '.join('?' * 23)})", rows)
    conn.execute("INSERT INTO series VALUES ('UBND', 'quyet_dinh', 'Quyết định', '[\"quyet_dinh\"]', ?)",
                 (NOW,))
    conn.execute("INSERT INTO counter VALUES ('UBND', 'chung', 2026, 3)")
    conn.execute("INSERT INTO audit (at, actor, action, entry_id, details) "
                 "VALUES (?, 'lan', 'issue', 1, '{}')", (NOW,))
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()


def _dump(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in ("van_ban_di", "series", "counter", "audit")
        }
    finally:
        conn.close()


def test_a_version_2_register_migrates_and_keeps_every_row(tmp_path: Path) -> None:
    path = tmp_path / "so-van-ban.db"
    _version_2(path)
    before = _dump(path)

    with Register(path, user="vt") as register:
        entries = register.entries()
        assert [(e.so, e.status, e.sieu_du_lieu) for e in entries] == [
            (1, "issued", None), (2, "reserved", None), (3, "cancelled", None)
        ]
        assert entries[0].sha256 == "cd" * 32 and entries[0].so_luong_ban == 30
        assert register.signatures() == []
        assert register.series_list()[0].khoa == "quyet_dinh"
        assert register.reserve("UBND", nam=2026).so == 4  # the counter went on, no number reused
        assert register.audit()[1].action == "migrate"
        assert register.audit()[1].details == {"tu": 2, "den": SCHEMA_VERSION}

    after = _dump(path)
    assert [row[:-1] for row in after["van_ban_di"][:3]] == before["van_ban_di"]  # + the new, empty column
    assert after["series"] == before["series"]
    assert [row[:-1] for row in after["audit"][: len(before["audit"])]] == before["audit"]  # + den_id (v4)
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
    assert _dump(tmp_path / "so-van-ban.db.v2.bak") == before


def _issued(tmp_path: Path) -> tuple[Register, Path]:
    path = tmp_path / "so.db"
    _version_2(path)
    signed = tmp_path / "ke_hoach.pdf"
    signed.write_bytes(b"%PDF-1.7 signed bytes")
    return Register(path, user="vt"), signed


def test_signatures_are_recorded_with_the_file_hash_and_time(tmp_path: Path) -> None:
    register, signed = _issued(tmp_path)
    with register:
        first = register.record_signature(
            1, nam=2026, tep=signed, thoi_gian_ky=datetime(2026, 1, 14, 9, 15, 30, tzinfo=VN),
            nguoi_ky="Vũ Trọng Thủy", vai_tro=NGUOI_KY,
        )
        second = register.record_signature(
            1, nam=2026, tep=signed, sha256="ef" * 32, vai_tro=CO_QUAN,
            thoi_gian_ky=datetime(2026, 1, 14, 10, 0, 0, tzinfo=VN), nguoi_ky="UBND xã Hùng Thắng",
        )
        assert first.sha256 == hashlib.sha256(signed.read_bytes()).hexdigest()
        assert first.thoi_gian_ky == "2026-01-14T09:15:30+07:00"
        assert first.tep == str(signed.resolve())
        assert [s.vai_tro for s in register.signatures(1)] == [NGUOI_KY, CO_QUAN]
        assert register.find_signed("ef" * 32).so == 1
        assert register.find_signed(second.sha256).status == ISSUED
        assert register.find_signed("00" * 32) is None
        assert register.audit()[0].action == "sign"


@pytest.mark.parametrize(
    ("so", "changes", "message"),
    [
        (2, {}, "lấy số trước"),
        (3, {}, "đã hủy số"),
        (1, {"thoi_gian_ky": datetime(2026, 1, 14, 9, 0)}, "múi giờ"),
        (1, {"vai_tro": "van_thu"}, "vai trò"),
        (1, {"sha256": "XYZ"}, "SHA-256"),
    ],
)
def test_a_signature_is_refused_on_a_row_that_is_not_an_issued_document_or_with_bad_values(
    tmp_path: Path, so: int, changes: dict, message: str
) -> None:
    register, signed = _issued(tmp_path)
    values = {"tep": signed, "thoi_gian_ky": datetime(2026, 1, 14, 9, 0, tzinfo=VN), **changes}
    with register, pytest.raises(InputError, match=message):
        register.record_signature(so, nam=2026, **values)
    with Register(tmp_path / "so.db") as again:
        assert again.signatures() == []


def test_a_missing_signed_file_is_named(tmp_path: Path) -> None:
    register, _ = _issued(tmp_path)
    with register, pytest.raises(InputError, match="không đọc được tệp đã ký") as problem:
        register.record_signature(1, nam=2026, tep=tmp_path / "mat.pdf", thoi_gian_ky=datetime.now(VN))
    assert "mat.pdf" in str(problem.value)


def test_metadata_is_stored_in_the_row(tmp_path: Path) -> None:
    register, _ = _issued(tmp_path)
    with register:
        entry = register.record_metadata(1, nam=2026, sieu_du_lieu='{"CodeNumber": "01"}')
        assert entry.sieu_du_lieu == '{"CodeNumber": "01"}'
        assert register.get(1, nam=2026).sieu_du_lieu == '{"CodeNumber": "01"}'
        assert entry.ngay == date(2026, 1, 5)
        with pytest.raises(InputError, match="lấy số trước"):
            register.record_metadata(2, nam=2026, sieu_du_lieu="{}")
