"""The outgoing register: allocation under concurrency, series, reservations, cancellations, migration,
the Phụ lục IV export and the ``vbhc register`` commands."""

from __future__ import annotations

import multiprocessing
import re
import sqlite3
import sys
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from vbhc.errors import EnvironmentProblem, InputError
from vbhc.register import CANCELLED, ISSUED, RESERVED, SCHEMA_VERSION, Register
from vbhc.workflows.register_export import export_register_xlsx

#: The ten columns of Phụ lục IV, I.2 (mẫu sổ đăng ký văn bản đi), as printed in the decree.
PHU_LUC_IV_COLUMNS = [
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
]
REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference" / "nd30" / "Phuluc4.docx"


def _reserve_many(path: str, count: int, queue) -> None:
    try:
        with Register(path, user="worker") as register:
            queue.put([register.reserve("UBND", nam=2026).so for _ in range(count)])
    except Exception as error:  # reported to the parent, which fails the test with it
        queue.put(f"{type(error).__name__}: {error}")


def test_concurrent_processes_get_unique_consecutive_numbers(tmp_path: Path) -> None:
    path = tmp_path / "so-van-ban.db"
    Register(path).close()  # created before the workers start
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    queue = context.Queue()
    workers = [context.Process(target=_reserve_many, args=(str(path), 50, queue)) for _ in range(8)]
    for worker in workers:
        worker.start()
    got = [queue.get(timeout=300) for _ in workers]
    assert [batch for batch in got if isinstance(batch, str)] == []
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    numbers = [n for batch in got for n in batch]
    assert sorted(numbers) == list(range(1, 401))
    for batch in got:  # each process saw its own numbers increase
        assert batch == sorted(batch)
    with Register(path) as register:
        rows = register.entries(nam=2026)
    assert [e.so for e in rows] == list(range(1, 401))
    assert {e.status for e in rows} == {RESERVED}


def test_processes_creating_the_register_at_the_same_time(tmp_path: Path) -> None:
    path = tmp_path / "moi.db"  # does not exist yet: every worker races to create and migrate it
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    queue = context.Queue()
    workers = [context.Process(target=_reserve_many, args=(str(path), 10, queue)) for _ in range(6)]
    for worker in workers:
        worker.start()
    got = [queue.get(timeout=300) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    assert [batch for batch in got if isinstance(batch, str)] == []
    assert sorted(n for batch in got for n in batch) == list(range(1, 61))
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_year_rollover_restarts_at_01(tmp_path: Path) -> None:
    with Register(tmp_path / "s.db") as register:
        assert [register.reserve("UBND", nam=2026).so for _ in range(3)] == [1, 2, 3]
        first_2027 = register.reserve("UBND", nam=2027, loai="ke_hoach")
        assert first_2027.so == 1
        assert first_2027.so_ky_hieu == "01/KH-UBND"
        assert register.reserve("UBND", nam=2026).so == 4


def test_separate_series_and_bodies_count_on_their_own(tmp_path: Path) -> None:
    with Register(tmp_path / "s.db") as register:
        register.add_series("UBND", "quyet_dinh", "Quyết định", ["quyet_dinh"])
        register.add_series("UBND", "hdtv", "Hội đồng tư vấn")
        assert register.reserve("UBND", nam=2026, loai="ke_hoach").so == 1
        decision = register.reserve("UBND", nam=2026, loai="quyet_dinh")
        assert (decision.series, decision.so, decision.so_ky_hieu) == ("quyet_dinh", 1, "01/QĐ-UBND")
        assert register.reserve("UBND", nam=2026, loai="bao_cao").so == 2
        assert register.reserve("UBND", nam=2026, series="hdtv").so == 1
        assert register.reserve("UBND", nam=2026, loai="quyet_dinh").so == 2
        assert register.reserve("HĐND", nam=2026).so == 1
        with pytest.raises(InputError, match="chưa có sổ «khong_co»"):
            register.reserve("UBND", nam=2026, series="khong_co")
        with pytest.raises(InputError, match="đã thuộc sổ «quyet_dinh»"):
            register.add_series("UBND", "qd2", "Quyết định 2", ["quyet_dinh"])
        with pytest.raises(InputError, match="khóa sổ"):
            register.add_series("UBND", "Quyết Định", "x")
        names = {(s.khoa, s.loai) for s in register.series_list("UBND")}
    assert names == {("quyet_dinh", ("quyet_dinh",)), ("hdtv", ())}


def test_reserved_and_cancelled_numbers_are_kept_and_never_reused(tmp_path: Path) -> None:
    with Register(tmp_path / "s.db", user="lan") as register:
        reserved = register.reserve("UBND", nam=2026, ghi_chu="Tờ trình gửi huyện")
        register.reserve("UBND", nam=2026)
        cancelled = register.cancel(2, nam=2026, ly_do="Văn bản không ban hành")
        assert register.reserve("UBND", nam=2026).so == 3
        assert cancelled.status == CANCELLED
        assert cancelled.ghi_chu_day_du == "Đã hủy số: Văn bản không ban hành"
        assert reserved.status == RESERVED
        with pytest.raises(InputError, match="đã bị hủy"):
            register.cancel(2, nam=2026, ly_do="lần nữa")
        with pytest.raises(InputError, match="cần ghi lý do"):
            register.cancel(1, nam=2026, ly_do=" ")
        with pytest.raises(InputError, match="không có số 09"):
            register.cancel(9, nam=2026, ly_do="x")
        # cancelling the last number does not give it back
        register.cancel(3, nam=2026, ly_do="Trùng")
        assert register.reserve("UBND", nam=2026).so == 4
        actions = [(e.actor, e.action, e.details.get("so")) for e in reversed(register.audit())]
    assert actions == [
        ("lan", "reserve", 1), ("lan", "reserve", 2), ("lan", "cancel", 2), ("lan", "reserve", 3),
        ("lan", "cancel", 3), ("lan", "reserve", 4),
    ]


def test_set_next_continues_a_paper_register_and_never_goes_back(tmp_path: Path) -> None:
    with Register(tmp_path / "s.db") as register:
        register.set_next("UBND", 37, nam=2026)
        assert register.reserve("UBND", nam=2026).so == 37
        with pytest.raises(InputError, match="phải lớn hơn 37"):
            register.set_next("UBND", 20, nam=2026)


def test_update_fills_the_hand_kept_columns(tmp_path: Path) -> None:
    with Register(tmp_path / "s.db") as register:
        register.reserve("UBND", nam=2026)
        entry = register.update(1, nam=2026, ngay_chuyen=date(2026, 1, 15), ky_nhan="Lan", so_luong_ban=12)
        assert (entry.ngay_chuyen, entry.ky_nhan, entry.so_luong_ban) == (date(2026, 1, 15), "Lan", 12)
        with pytest.raises(InputError, match="không sửa được cột status"):
            register.update(1, nam=2026, status="issued")


# --- the file itself ------------------------------------------------------------------------------

V1_SCHEMA = """CREATE TABLE van_ban_di (
    id INTEGER PRIMARY KEY,
    co_quan TEXT NOT NULL,
    nam INTEGER NOT NULL,
    so INTEGER NOT NULL,
    so_ky_hieu TEXT NOT NULL,
    ngay TEXT,
    ten_loai_trich_yeu TEXT NOT NULL DEFAULT '',
    nguoi_ky TEXT NOT NULL DEFAULT '',
    noi_nhan TEXT NOT NULL DEFAULT '',
    luu TEXT NOT NULL DEFAULT '',
    so_luong_ban INTEGER,
    ngay_chuyen TEXT,
    ky_nhan TEXT NOT NULL DEFAULT '',
    ghi_chu TEXT NOT NULL DEFAULT '',
    nguon TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (co_quan, nam, so)
)"""


def test_a_version_1_register_is_migrated_not_rejected(tmp_path: Path) -> None:
    path = tmp_path / "so-van-ban.db"
    conn = sqlite3.connect(path)
    conn.execute(V1_SCHEMA)
    conn.executemany(
        "INSERT INTO van_ban_di (co_quan, nam, so, so_ky_hieu, ngay, ten_loai_trich_yeu, nguoi_ky, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            ("UBND", 2026, 1, "01/KH-UBND", "2026-01-05", "Kế hoạch Tuyên truyền", "Vũ Trọng Thủy",
             "2026-01-05"),
            ("UBND", 2026, 2, "02/BC-UBND", "2026-01-09", "Báo cáo Tháng 1", "Vũ Trọng Thủy",
             "2026-01-09"),
        ],
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()

    with Register(path, user="vt") as register:
        rows = register.entries()
        assert [(e.so_ky_hieu, e.ngay, e.status, e.series) for e in rows] == [
            ("01/KH-UBND", date(2026, 1, 5), ISSUED, "chung"),
            ("02/BC-UBND", date(2026, 1, 9), ISSUED, "chung"),
        ]
        assert register.reserve("UBND", nam=2026).so == 3
        assert register.audit()[-1].action == "migrate"
    version = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0]
    assert version == SCHEMA_VERSION
    backup = sqlite3.connect(tmp_path / "so-van-ban.db.v1.bak")
    assert backup.execute("SELECT COUNT(*) FROM van_ban_di").fetchone()[0] == 2


def test_a_register_from_a_newer_vbhc_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Register(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(EnvironmentProblem, match="phiên bản vbhc mới hơn") as error:
        Register(path)
    assert "s.db" in str(error.value)


def test_files_that_are_not_registers_are_refused_and_left_alone(tmp_path: Path) -> None:
    junk = tmp_path / "notes.db"
    junk.write_bytes(b"day khong phai sqlite" * 100)
    with pytest.raises(InputError, match="không phải là sổ văn bản của vbhc") as error:
        Register(junk)
    assert str(junk) in str(error.value)
    assert junk.read_bytes() == b"day khong phai sqlite" * 100
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE khach_hang (ten TEXT)")
    conn.close()
    with pytest.raises(InputError, match="không phải là sổ văn bản của vbhc"):
        Register(other)
    with pytest.raises(InputError, match="không tìm thấy sổ"):
        Register(tmp_path / "missing.db", create=False)
    assert not (tmp_path / "missing.db").exists()


def test_the_register_is_in_wal_mode_with_full_sync(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Register(path) as register:
        register.reserve("UBND", nam=2026)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_failed_transaction_leaves_no_trace(tmp_path: Path) -> None:
    with Register(tmp_path / "s.db") as register:
        with pytest.raises(RuntimeError), register.transaction() as tx:
            tx.next_number("UBND", "chung", 2026)
            raise RuntimeError("mất điện")
        assert register.reserve("UBND", nam=2026).so == 1


# --- export (Phụ lục IV) ------------------------------------------------------------------------


def _filled_register(path: Path) -> None:
    with Register(path) as register:
        register.reserve("UBND", nam=2026, loai="ke_hoach", ten_co_quan="ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG")
        register.reserve("UBND", nam=2026, loai="bao_cao")
        register.cancel(2, nam=2026, ly_do="Không ban hành")
        register.update(1, nam=2026, ngay_chuyen=date(2026, 1, 15), noi_nhan="Sở Nội vụ; Các phòng")
        register.reserve("UBND", nam=2025)


def test_export_has_the_phu_luc_iv_layout(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    _filled_register(path)
    out = tmp_path / "so.xlsx"
    with Register(path) as register:
        export_register_xlsx(register, out, nam=2026)
    workbook = load_workbook(out)
    assert workbook.sheetnames == ["UBND 2026"]
    ws = workbook.active
    texts = [ws.cell(row=r, column=1).value for r in range(1, 10)]
    assert "ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG" in texts
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐI" in texts
    assert "Năm: 2026" in texts
    assert "Từ số 01 đến số 02" in texts
    header_row = next(r for r in range(1, 20) if ws.cell(row=r, column=1).value == PHU_LUC_IV_COLUMNS[0])
    assert [ws.cell(row=header_row, column=c).value for c in range(1, 11)] == PHU_LUC_IV_COLUMNS
    numbers_row = [ws.cell(row=header_row + 1, column=c).value for c in range(1, 11)]
    assert numbers_row == [f"({i})" for i in range(1, 11)]
    first = [ws.cell(row=header_row + 2, column=c).value for c in range(1, 11)]
    assert first[0] == "01/KH-UBND"
    assert first[4] == "Sở Nội vụ; Các phòng"
    assert first[7].date() == date(2026, 1, 15)
    assert ws.cell(row=header_row + 2, column=8).number_format == "DD/MM/YYYY"
    second = [ws.cell(row=header_row + 3, column=c).value for c in range(1, 11)]
    assert second[0] == "02/BC-UBND"
    assert second[9] == "Đã hủy số: Không ban hành"
    assert ws.cell(row=header_row + 4, column=1).value is None
    # print-ready: A4 landscape, fit to width, header rows repeated, page numbers, ND30 fonts
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
    assert ws.print_title_rows == f"${header_row}:${header_row + 1}"
    assert "&P" in ws.oddFooter.center.text
    assert ws.page_margins.left == pytest.approx(30 / 25.4)
    assert ws.page_margins.right == pytest.approx(15 / 25.4)
    for col in range(1, 11):
        cell = ws.cell(row=header_row, column=col)
        assert cell.font.name == "Times New Roman" and cell.font.b
        assert cell.border.left.style == "thin" and cell.border.bottom.style == "thin"
    assert ws.cell(row=header_row + 2, column=3).font.name == "Times New Roman"


@pytest.mark.skipif(not REFERENCE.exists(), reason="reference Phụ lục IV not available")
def test_export_headers_match_the_decree_file(tmp_path: Path) -> None:
    import docx

    table = docx.Document(str(REFERENCE)).tables[0]
    decree = [" ".join(cell.text.split()) for cell in table.rows[0].cells]
    out = tmp_path / "so.xlsx"
    with Register(tmp_path / "s.db") as register:
        register.reserve("UBND", nam=2026)
        export_register_xlsx(register, out)
    ws = load_workbook(out).active
    header_row = next(r for r in range(1, 20) if ws.cell(row=r, column=1).value == decree[0])
    assert [ws.cell(row=header_row, column=c).value for c in range(1, 11)] == decree


def test_export_one_sheet_per_series_and_year_and_is_atomic(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    _filled_register(path)
    with Register(path) as register:
        register.add_series("UBND", "quyet_dinh", "Quyết định", ["quyet_dinh"])
        register.reserve("UBND", nam=2026, loai="quyet_dinh")
        out = tmp_path / "so.xlsx"
        export_register_xlsx(register, out)
        names = load_workbook(out).sheetnames
        assert names == ["UBND 2025", "UBND 2026", "UBND Quyết định 2026"]
        with pytest.raises(InputError, match=r"đuôi \.xlsx"):
            export_register_xlsx(register, tmp_path / "so.csv")
        with pytest.raises(EnvironmentProblem, match="không tồn tại"):
            export_register_xlsx(register, tmp_path / "khong" / "so.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".xlsx", ".csv", ".tmp")) == ["so.xlsx"]


# --- the commands --------------------------------------------------------------------------------


def vbhc(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    """Run the real command line in-process: exit code, stdout, stderr."""
    from vbhc.cli import cli
    from vbhc.cli.common import run

    monkeypatch.setattr(sys, "argv", ["vbhc", *args])
    code = run(cli)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_reserve_cancel_list_export(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = vbhc(monkeypatch, capsys, "register", "reserve", "--co-quan", "UBND", "--year", "2026",
                        "--loai", "to_trinh", "--user", "lan")
    assert code == 0 and "01/TTr-UBND" in out
    code, out, _ = vbhc(monkeypatch, capsys, "register", "reserve", "--year", "2026")
    assert code == 0 and "số 02 " in out
    code, out, _ = vbhc(monkeypatch, capsys, "register", "cancel", "2", "--year", "2026", "--reason", "Nhầm")
    assert code == 0 and "Đã hủy số 02" in out
    code, out, _ = vbhc(monkeypatch, capsys, "register", "list", "--year", "2026")
    assert code == 0
    assert re.search(r"01/TTr-UBND\s+lấy số trước", out)
    assert re.search(r"02\s+đã hủy số\s+Đã hủy số: Nhầm", out)
    assert "Tổng: 2 số (0 đã ban hành, 1 lấy số trước, 1 đã hủy)" in out
    code, out, _ = vbhc(monkeypatch, capsys, "register", "export", "so.xlsx", "--year", "2026")
    assert code == 0 and "2 dòng" in out
    assert load_workbook(tmp_path / "so.xlsx").active.max_row >= 13
    code, out, _ = vbhc(monkeypatch, capsys, "register", "log")
    assert code == 0 and "lan" in out and "hủy số" in out


def test_cli_series_add_and_list(tmp_path: Path, monkeypatch, capsys) -> None:
    db = str(tmp_path / "s.db")
    code, out, _ = vbhc(monkeypatch, capsys, "register", "series", "add", "quyet_dinh", "-r", db,
                        "--co-quan", "UBND", "--ten", "Quyết định", "--loai", "quyet_dinh")
    assert code == 0 and "Đã thêm sổ «quyet_dinh»" in out
    code, out, _ = vbhc(monkeypatch, capsys, "register", "series", "list", "-r", db)
    assert code == 0 and re.search(r"UBND\s+quyet_dinh\s+Quyết định\s+quyet_dinh", out)


def test_cli_errors_are_one_vietnamese_line_naming_the_register(tmp_path: Path, monkeypatch, capsys) -> None:
    missing = str(tmp_path / "khong-co.db")
    code, _, err = vbhc(monkeypatch, capsys, "register", "list", "-r", missing)
    assert code == 1 and err.startswith(f"Lỗi: {missing}: không tìm thấy sổ văn bản")
    assert "Traceback" not in err and not Path(missing).exists()
    db = str(tmp_path / "s.db")
    with Register(db) as register:
        register.reserve("UBND", nam=2026)
    code, _, err = vbhc(monkeypatch, capsys, "register", "cancel", "7", "-r", db, "--year", "2026",
                        "--reason", "x")
    assert code == 1 and f"{db}: sổ không có số 07 năm 2026" in err
    code, _, err = vbhc(monkeypatch, capsys, "register", "update", "1", "-r", db, "--year", "2026",
                        "--ngay-chuyen", "31/02/2026")
    assert code == 1 and "ngày «31/02/2026» không hợp lệ" in err
    junk = tmp_path / "junk.db"
    junk.write_text("không phải sổ")
    code, _, err = vbhc(monkeypatch, capsys, "register", "list", "-r", str(junk))
    assert code == 1 and "không phải là sổ văn bản của vbhc" in err and "Traceback" not in err
