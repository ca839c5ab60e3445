"""Issuing a draft: number and date from the register, the final DOCX, the row written only with it."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import sys
from datetime import date
from pathlib import Path

import docx
import pytest
from openpyxl import Workbook

from vbhc.errors import EnvironmentProblem, InputError
from vbhc.register import ISSUED, Register
from vbhc.workflows.issue import issue

FORK = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")


def write_tasks(path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Nhiệm vụ"
    sheet.append(["TT", "Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp",
                  "Thời gian thực hiện/hoàn thành", "Sản phẩm"])
    sheet.append(["I", "Chỉ đạo điều hành", None, None, None, None])
    sheet.append([1, "Ban hành Kế hoạch cải cách hành chính", "Văn phòng", "Các phòng", "Tháng 01/2026",
                  "Kế hoạch"])
    sheet.append([2, "Kiểm tra cải cách hành chính", "Văn phòng", "Các phòng", "Quý III", "Báo cáo"])
    workbook.save(path)
    return path


def write_source(
    folder: Path,
    name: str = "ke_hoach.md",
    *,
    trich_yeu: str = "Cải cách hành chính năm 2026",
    nam: int = 2026,
    annex: bool = True,
    loai: str = "ke_hoach",
    extra: str = "",
) -> Path:
    """A draft (no number, no date) in the form a chuyên viên writes it."""
    annex_yaml = ""
    if annex:
        write_tasks(folder / "nhiem_vu.xlsx")
        annex_yaml = "phu_luc:\n  - tieu_de: Danh mục nhiệm vụ cải cách hành chính\n    bang: nhiem_vu.xlsx\n"
    text = (
        "---\n"
        f"loai: {loai}\n"
        "co_quan:\n  ten: ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG\n  viet_tat: UBND\n"
        "dia_danh: Hùng Thắng\n"
        f"nam: {nam}\n"
        f"trich_yeu: {trich_yeu}\n"
        "nguoi_ky:\n  tham_quyen: [TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH]\n  chuc_vu: PHÓ CHỦ TỊCH\n"
        "  ho_ten: Vũ Trọng Thủy\n"
        "noi_nhan:\n  - Sở Nội vụ\n  - Các cơ quan, đơn vị\n"
        "luu: [VT, VHXH]\n"
        "ky_hieu_nguoi_soan: PL.(30)\n"
        f"{extra}{annex_yaml}"
        "---\n\n# Mục đích, yêu cầu\n\nTriển khai đồng bộ các nhiệm vụ cải cách hành chính.\n"
    )
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def docx_texts(path: Path) -> list[str]:
    """Every paragraph a reader sees: body, tables (letterhead, signature), in order."""
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                texts.extend(p.text for p in cell.paragraphs)
    return texts


def test_issued_docx_shows_the_number_the_date_and_the_annex_kem_theo(tmp_path: Path) -> None:
    source = write_source(tmp_path)
    before = source.read_bytes()
    with Register(tmp_path / "so-van-ban.db") as register:
        register.set_next("UBND", 5, nam=2026)
        result = issue(source, register, ngay=date(2026, 1, 14), out=tmp_path / "ke_hoach.docx")
        rows = register.entries(nam=2026)
    texts = docx_texts(tmp_path / "ke_hoach.docx")
    assert "Số: 05/KH-UBND" in texts
    assert "Hùng Thắng, ngày 14 tháng 01 năm 2026" in texts
    assert (
        "(Kèm theo Kế hoạch số 05/KH-UBND ngày 14 tháng 01 năm 2026 của Ủy ban nhân dân xã Hùng Thắng)"
        in texts
    )
    assert not any("Số:" in t and "/KH-UBND" in t and "05" not in t for t in texts)  # no blank number left
    assert source.read_bytes() == before
    assert len(rows) == 1
    row = rows[0]
    assert result.entry == row
    assert (row.so, row.so_ky_hieu, row.ngay, row.status) == (5, "05/KH-UBND", date(2026, 1, 14), ISSUED)
    assert row.ten_loai_trich_yeu == "Kế hoạch Cải cách hành chính năm 2026"
    assert row.nguoi_ky == "Vũ Trọng Thủy"
    assert row.noi_nhan == "Sở Nội vụ; Các cơ quan, đơn vị"
    assert row.luu == "VT, VHXH"
    assert row.so_luong_ban == 30
    assert row.nguon == str(source.resolve())
    assert row.sha256 == hashlib.sha256((tmp_path / "ke_hoach.docx").read_bytes()).hexdigest()
    assert row.nguon_sha256 == hashlib.sha256(before).hexdigest()
    assert result.van_ban.so == 5 and result.van_ban.ngay == date(2026, 1, 14)


def test_consecutive_documents_get_consecutive_numbers(tmp_path: Path) -> None:
    one = write_source(tmp_path, "a.md", annex=False, trich_yeu="Tuyên truyền cải cách hành chính")
    two = write_source(tmp_path, "b.md", annex=False, trich_yeu="Kiểm tra cải cách hành chính")
    with Register(tmp_path / "s.db") as register:
        first = issue(one, register, ngay=date(2026, 2, 2), out=tmp_path / "a.docx")
        second = issue(two, register, ngay=date(2026, 2, 3), out=tmp_path / "b.docx")
    assert (first.so_ky_hieu, second.so_ky_hieu) == ("01/KH-UBND", "02/KH-UBND")
    assert "Số: 02/KH-UBND" in docx_texts(tmp_path / "b.docx")
    assert "Hùng Thắng, ngày 03 tháng 02 năm 2026" in docx_texts(tmp_path / "b.docx")


def test_issuing_the_same_source_twice_is_refused_unless_reissue(tmp_path: Path) -> None:
    source = write_source(tmp_path, annex=False)
    out = tmp_path / "kh.docx"
    with Register(tmp_path / "s.db") as register:
        issue(source, register, ngay=date(2026, 1, 14), out=out)
        issued = out.read_bytes()
        with pytest.raises(InputError, match=r"đã được ban hành: số 01/KH-UBND ngày 14/01/2026") as error:
            issue(source, register, ngay=date(2026, 1, 15), out=out)
        assert "--reissue" in str(error.value)
        copy = tmp_path / "ban_sao.md"  # the same content under another name
        shutil.copy(source, copy)
        with pytest.raises(InputError, match="đã được ban hành"):
            issue(copy, register, ngay=date(2026, 1, 15), out=tmp_path / "copy.docx")
        assert out.read_bytes() == issued
        assert not (tmp_path / "copy.docx").exists()
        assert [e.so for e in register.entries()] == [1]
        again = issue(source, register, ngay=date(2026, 1, 20), out=tmp_path / "lai.docx", reissue=True)
        assert again.so_ky_hieu == "02/KH-UBND"
        assert again.entry.ghi_chu == "Ban hành lại văn bản số 01/KH-UBND"
        assert "Số: 02/KH-UBND" in docx_texts(tmp_path / "lai.docx")


def test_a_source_whose_number_was_cancelled_can_be_issued_again(tmp_path: Path) -> None:
    source = write_source(tmp_path, annex=False)
    with Register(tmp_path / "s.db") as register:
        issue(source, register, ngay=date(2026, 1, 14), out=tmp_path / "kh.docx")
        register.cancel(1, nam=2026, ly_do="Sai thể thức, thu hồi")
        again = issue(source, register, ngay=date(2026, 1, 16), out=tmp_path / "kh.docx")
        assert again.so_ky_hieu == "02/KH-UBND"
        assert [(e.so, e.status) for e in register.entries()] == [(1, "cancelled"), (2, "issued")]


def test_a_failed_render_consumes_no_number(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = write_source(tmp_path, annex=False)
    out = tmp_path / "kh.docx"

    def broken(van_ban, template):
        raise InputError("mẫu DOCX bị hỏng")

    with Register(tmp_path / "s.db") as register:
        monkeypatch.setattr("vbhc.workflows.issue._render_bytes", broken)
        with pytest.raises(InputError, match="mẫu DOCX bị hỏng"):
            issue(source, register, ngay=date(2026, 1, 14), out=out)
        assert register.entries() == []
        assert not out.exists()
        monkeypatch.undo()
        assert issue(source, register, ngay=date(2026, 1, 14), out=out).so_ky_hieu == "01/KH-UBND"
        assert [a.action for a in register.audit()] == ["issue"]


def test_a_failed_write_consumes_no_number(tmp_path: Path) -> None:
    source = write_source(tmp_path, annex=False)
    with Register(tmp_path / "s.db") as register:
        with pytest.raises(EnvironmentProblem, match="không tồn tại"):
            issue(source, register, ngay=date(2026, 1, 14), out=tmp_path / "chua-tao" / "kh.docx")
        with pytest.raises(InputError, match=r"phải có đuôi \.docx"):
            issue(source, register, ngay=date(2026, 1, 14), out=source)  # never over the source
        assert source.read_text(encoding="utf-8").startswith("---")
        assert register.entries() == []
        assert register.reserve("UBND", nam=2026).so == 1


def _crash_while_rendering(source: str, db: str, out: str) -> None:
    import vbhc.workflows.issue

    def die(van_ban, template):
        os._exit(3)  # the process is killed in the middle of the transaction

    vbhc.workflows.issue._render_bytes = die
    issue(source, db, ngay=date(2026, 1, 14), out=out)


def test_a_crash_mid_issue_leaves_the_register_as_it_was(tmp_path: Path) -> None:
    source = write_source(tmp_path, annex=False)
    db = tmp_path / "s.db"
    with Register(db) as register:
        register.reserve("UBND", nam=2026)
    args = (str(source), str(db), str(tmp_path / "kh.docx"))
    child = FORK.Process(target=_crash_while_rendering, args=args)
    child.start()
    child.join(timeout=120)
    assert child.exitcode == 3
    with Register(db) as register:
        assert [e.so for e in register.entries()] == [1]
        assert issue(source, register, ngay=date(2026, 1, 14), out=tmp_path / "kh.docx").entry.so == 2
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_date_in_another_year_than_the_source_is_refused(tmp_path: Path) -> None:
    source = write_source(tmp_path, annex=False, nam=2026)
    with Register(tmp_path / "s.db") as register:
        with pytest.raises(InputError) as error:
            issue(source, register, ngay=date(2027, 1, 2), out=tmp_path / "kh.docx")
        assert register.entries() == []
    message = str(error.value)
    assert str(source) in message and "«nam»" in message
    assert "năm 2026" in message and "02/01/2027" in message
    assert not (tmp_path / "kh.docx").exists()


def test_the_date_defaults_to_today(tmp_path: Path) -> None:
    today = date.today()
    source = write_source(tmp_path, annex=False, nam=today.year)
    result = issue(source, tmp_path / "s.db", out=tmp_path / "kh.docx")
    assert result.entry.ngay == today
    assert f"ngày {today.day:02d} tháng" in " ".join(docx_texts(tmp_path / "kh.docx"))


def test_a_source_that_already_has_a_number_is_refused(tmp_path: Path) -> None:
    source = write_source(tmp_path, annex=False, extra="so: 7\n")
    with pytest.raises(InputError, match=r"đã có số \(07\)") as error:
        issue(source, tmp_path / "s.db", ngay=date(2026, 1, 14), out=tmp_path / "kh.docx")
    assert "«so»" in str(error.value)


def test_issuing_under_a_number_taken_in_advance(tmp_path: Path) -> None:
    source = write_source(tmp_path, annex=False)
    with Register(tmp_path / "s.db") as register:
        register.reserve("UBND", nam=2026, loai="ke_hoach", ghi_chu="Giữ cho kế hoạch CCHC")
        register.reserve("UBND", nam=2026)
        result = issue(source, register, ngay=date(2026, 1, 14), out=tmp_path / "kh.docx", so=1)
        assert result.entry.so == 1 and result.entry.status == ISSUED
        assert result.entry.ghi_chu == "Giữ cho kế hoạch CCHC"
        assert [(e.so, e.status) for e in register.entries()] == [(1, "issued"), (2, "reserved")]
        other = write_source(tmp_path, "khac.md", annex=False, trich_yeu="Tuyên truyền")
        with pytest.raises(InputError, match="đã ban hành, không dùng lại được"):
            issue(other, register, ngay=date(2026, 1, 14), out=tmp_path / "khac.docx", so=1)
        with pytest.raises(InputError, match="chưa được lấy trước"):
            issue(other, register, ngay=date(2026, 1, 14), out=tmp_path / "khac.docx", so=9)
        register.reserve("UBND", nam=2026, loai="bao_cao")
        with pytest.raises(InputError, match="lấy trước cho loại «Báo cáo»"):
            issue(other, register, ngay=date(2026, 1, 14), out=tmp_path / "khac.docx", so=3)
    assert "Số: 01/KH-UBND" in docx_texts(tmp_path / "kh.docx")


def test_a_type_with_its_own_series_counts_apart(tmp_path: Path) -> None:
    plan = write_source(tmp_path, "kh.md", annex=False)
    decision = write_source(
        tmp_path, "qd.md", annex=False, loai="quyet_dinh", trich_yeu="Ban hành Quy chế làm việc"
    )
    with Register(tmp_path / "s.db") as register:
        register.add_series("UBND", "quyet_dinh", "Quyết định", ["quyet_dinh"])
        register.set_next("UBND", 12, nam=2026)
        plan_issued = issue(plan, register, ngay=date(2026, 3, 2), out=tmp_path / "kh.docx")
        assert plan_issued.so_ky_hieu == "12/KH-UBND"
        result = issue(decision, register, ngay=date(2026, 3, 2), out=tmp_path / "qd.docx")
    assert (result.entry.series, result.so_ky_hieu) == ("quyet_dinh", "01/QĐ-UBND")
    assert "Số: 01/QĐ-UBND" in docx_texts(tmp_path / "qd.docx")


def _issue_several(folder: str, db: str, names: list[str], queue) -> None:
    try:
        got = []
        for name in names:
            result = issue(Path(folder) / f"{name}.md", db, ngay=date(2026, 4, 1),
                           out=Path(folder) / f"{name}.docx")
            got.append((name, result.entry.so))
        queue.put(got)
    except Exception as error:
        queue.put(f"{type(error).__name__}: {error}")


def test_clerks_issuing_at_the_same_time_never_share_a_number(tmp_path: Path) -> None:
    names = [[f"p{p}_{i}" for i in range(3)] for p in range(3)]
    for batch in names:
        for name in batch:
            write_source(tmp_path, f"{name}.md", annex=False, trich_yeu=f"Nhiệm vụ {name}")
    db = tmp_path / "s.db"
    Register(db).close()
    queue = FORK.Queue()
    workers = [FORK.Process(target=_issue_several, args=(str(tmp_path), str(db), b, queue)) for b in names]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=300) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    assert [r for r in results if isinstance(r, str)] == []
    issued = dict(pair for batch in results for pair in batch)
    assert sorted(issued.values()) == list(range(1, 10))
    for name, number in issued.items():  # each file carries the number its row records
        assert f"Số: {number:02d}/KH-UBND" in docx_texts(tmp_path / f"{name}.docx")


def test_the_python_api_accepts_a_van_ban(tmp_path: Path) -> None:
    from vbhc.sources.markdown import load

    draft = load(write_source(tmp_path, annex=False))
    result = issue(draft, tmp_path / "s.db", ngay=date(2026, 5, 4), out=tmp_path / "kh.docx")
    assert result.so_ky_hieu == "01/KH-UBND"
    with pytest.raises(InputError, match="đã được ban hành"):
        issue(draft, tmp_path / "s.db", ngay=date(2026, 5, 4), out=tmp_path / "kh2.docx")
    assert draft.so is None  # the caller's draft is not changed


# --- the command ---------------------------------------------------------------------------------


def vbhc(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    from vbhc.cli import cli
    from vbhc.cli.common import run

    monkeypatch.setattr(sys, "argv", ["vbhc", *args])
    code = run(cli)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_issue(tmp_path: Path, monkeypatch, capsys) -> None:
    source = write_source(tmp_path)
    db, out = str(tmp_path / "so-van-ban.db"), str(tmp_path / "ke_hoach.docx")
    code, stdout, err = vbhc(monkeypatch, capsys, "issue", str(source), "--register", db,
                             "--date", "2026-01-14", "-o", out, "--user", "lan")
    assert (code, err) == (0, "")
    assert f"Đã ban hành: Số 01/KH-UBND, ngày 14/01/2026 → {out}" in stdout
    assert "Hùng Thắng, ngày 14 tháng 01 năm 2026" in docx_texts(Path(out))
    code, _, err = vbhc(monkeypatch, capsys, "issue", str(source), "-r", db, "--date", "2026-01-14",
                        "-o", out)
    assert code == 1
    assert err.startswith(f"Lỗi: {source}: văn bản này đã được ban hành: số 01/KH-UBND")
    assert "Traceback" not in err
    code, stdout, _ = vbhc(monkeypatch, capsys, "issue", str(source), "-r", db, "--date", "14/01/2026",
                           "-o", str(tmp_path / "lai.docx"), "--reissue")
    assert code == 0 and "Số 02/KH-UBND" in stdout
    code, _, err = vbhc(monkeypatch, capsys, "issue", str(source), "-r", db, "--date", "2026-13-01")
    assert code == 1 and "ngày «2026-13-01» không hợp lệ" in err
    code, _, err = vbhc(monkeypatch, capsys, "issue", str(tmp_path / "khong.md"), "-r", db)
    assert code == 1 and "không tìm thấy tệp nguồn" in err
    with Register(db) as register:
        entries = register.entries()
    assert [e.so for e in entries] == [1, 2]
    assert entries[0].nguoi_thuc_hien == "lan"


@pytest.mark.pdf
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_cli_issue_pdf(tmp_path: Path, monkeypatch, capsys) -> None:
    import pdfplumber

    source = write_source(tmp_path, annex=False)
    code, stdout, err = vbhc(monkeypatch, capsys, "issue", str(source), "-r", str(tmp_path / "s.db"),
                             "--date", "2026-01-14", "-o", str(tmp_path / "kh.docx"), "--pdf")
    assert code == 0, err
    pdf = tmp_path / "kh.pdf"
    assert f"PDF: {pdf}" in stdout
    with pdfplumber.open(pdf) as document:
        text = document.pages[0].extract_text()
    assert "Số: 01/KH-UBND" in text
