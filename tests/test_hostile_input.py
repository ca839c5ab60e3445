"""Issue 13: hostile input held without a traceback, a hang or a change to a file that is not vbhc's."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest
from conftest import ke_hoach_source


def vbhc(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    """Run the real command line in-process: exit code, stdout, stderr."""
    from vbhc.cli import cli
    from vbhc.cli.common import run

    monkeypatch.setattr(sys, "argv", ["vbhc", *args])
    code = run(cli)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- point 4: a foreign SQLite file is refused and left byte for byte as it was --------------------


@pytest.mark.parametrize("journal", ["delete", "wal"])
@pytest.mark.parametrize("version", [0, 1, 2, 9])
def test_a_foreign_sqlite_file_is_left_untouched(
    tmp_path: Path, monkeypatch, capsys, journal: str, version: int
) -> None:
    other = tmp_path / "khach-hang.db"
    conn = sqlite3.connect(other)
    conn.execute(f"PRAGMA journal_mode = {journal}")
    table = "van_ban_di" if version == 9 else "khach_hang"  # 9: a newer version's name, not its shape
    conn.execute(f"CREATE TABLE {table} (ten TEXT)")
    conn.execute(f"INSERT INTO {table} VALUES ('A')")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.close()
    before = other.read_bytes()
    source = tmp_path / "ke_hoach.md"
    source.write_text(ke_hoach_source(), encoding="utf-8")
    attempts = [
        ("register", "list", "-r", str(other)),
        ("register", "export", str(tmp_path / "so.xlsx"), "-r", str(other)),
        ("register", "log", "-r", str(other)),
        ("register", "reserve", "--co-quan", "UBND", "-r", str(other)),
        ("issue", str(source), "-r", str(other), "--date", "2026-01-14"),
    ]
    for args in attempts:
        code, _, err = vbhc(monkeypatch, capsys, *args)
        assert code != 0 and "Traceback" not in err, args
        assert str(other) in err, args
        assert other.read_bytes() == before, args
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ke_hoach.md", "khach-hang.db"]


def test_a_foreign_wal_file_in_use_is_left_untouched(tmp_path: Path, monkeypatch, capsys) -> None:
    other = tmp_path / "ung-dung-khac.db"
    owner = sqlite3.connect(other)  # another program has it open, with its -wal and -shm files
    owner.execute("PRAGMA journal_mode = wal")
    owner.execute("CREATE TABLE khach_hang (ten TEXT)")
    owner.execute("INSERT INTO khach_hang VALUES ('A')")
    try:
        before = other.read_bytes()
        code, _, err = vbhc(monkeypatch, capsys, "register", "list", "-r", str(other))
        assert code == 1 and "không phải là sổ văn bản của vbhc" in err
        assert other.read_bytes() == before
        assert owner.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert owner.execute("SELECT ten FROM khach_hang").fetchall() == [("A",)]
    finally:
        owner.close()


# --- points 6 and 7: merge never overwrites silently; file name patterns stay short ---------------


def _merge_files(tmp_path: Path) -> tuple[Path, Path]:
    from test_merge import make_data, make_template

    return make_template(tmp_path / "giay_moi.docx"), make_data(tmp_path / "dai_bieu.xlsx")


def test_merge_refuses_to_overwrite_and_names_the_clashes(tmp_path: Path, monkeypatch, capsys) -> None:
    template, data = _merge_files(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    kept = out / "1-Nguyễn Văn An.docx"
    kept.write_bytes(b"the clerk's own file")
    (out / "3-LÊ ĐỨC CƯỜNG.DOCX").write_bytes(b"another")  # clashes on a case-insensitive disk
    args = ("merge", str(template), str(data), "-o", str(out))
    code, _, err = vbhc(monkeypatch, capsys, *args)
    assert code == 1 and "Traceback" not in err
    assert "2 tệp trùng tên" in err and "«1-Nguyễn Văn An.docx»" in err and "«3-Lê Đức Cường.docx»" in err
    assert "--ghi-de" in err
    assert kept.read_bytes() == b"the clerk's own file"
    assert sorted(p.name for p in out.iterdir()) == ["1-Nguyễn Văn An.docx", "3-LÊ ĐỨC CƯỜNG.DOCX"]
    for flag in ("--ghi-de", "--overwrite"):
        code, out_text, err = vbhc(monkeypatch, capsys, *args, flag)
        assert code == 0, err
        assert "Đã tạo 3 văn bản" in out_text
        assert kept.read_bytes()[:2] == b"PK"
        kept.write_bytes(b"again")
    code, help_text, _ = vbhc(monkeypatch, capsys, "merge", "--help")
    assert "--ghi-de, --overwrite" in help_text and "Ghi đè" in help_text


def _merge_named(template: Path, data: Path, out: Path, name: str) -> list[str]:
    from vbhc.workflows.merge import merge

    return [p.name for p in merge(template, data, out, name=name).written]


@pytest.mark.parametrize(
    "name", ["{stt:999999999}.docx", "{ho_va_ten:>100000000}.docx", "{stt:0100000000d}", "{stt:.999999f}"]
)
def test_merge_refuses_long_format_specs_without_hanging(tmp_path: Path, name: str) -> None:
    from guard import Raised, guarded

    template, data = _merge_files(tmp_path)
    outcome = guarded(_merge_named, template, data, tmp_path / "out", name, timeout=30)
    assert isinstance(outcome, Raised) and outcome.name == "InputError", outcome
    assert "không được hỗ trợ" in outcome.message and "tối đa 3 chữ số" in outcome.message
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("name", "first"),
    [("{stt:03d}-{ho_va_ten}.docx", "001-Nguyễn Văn An.docx"), ("{stt:>3}.docx", "1.docx"),
     ("{ho_va_ten:.6}.docx", "Nguyễn.docx"), ("{stt:_<4}.docx", "1___.docx")],
)
def test_short_format_specs_still_work(tmp_path: Path, name: str, first: str) -> None:
    template, data = _merge_files(tmp_path)
    assert _merge_named(template, data, tmp_path / "out", name)[0] == first


# --- point 8: register list shows an issued row whose file is missing or changed -------------------


def test_register_list_marks_issued_files_that_are_missing_or_changed(tmp_path: Path, monkeypatch,
                                                                      capsys) -> None:
    from vbhc import Register, issue

    db = tmp_path / "so.db"
    outputs = []
    with Register(db, user="lan") as register:
        for index in range(3):
            source = tmp_path / f"ke_hoach_{index}.md"
            text = ke_hoach_source(trich_yeu=f"Cải cách hành chính đợt {index + 1}")
            source.write_text(text, encoding="utf-8")
            outputs.append(issue(source, register, ngay=None, out=tmp_path / f"ke_hoach_{index}.docx").path)
    code, out, err = vbhc(monkeypatch, capsys, "register", "list", "-r", str(db))
    assert code == 0 and "⚠" not in out and "Cảnh báo" not in err
    outputs[0].unlink()
    outputs[2].write_bytes(outputs[2].read_bytes() + b"\0")
    code, out, err = vbhc(monkeypatch, capsys, "register", "list", "-r", str(db))
    assert code == 0
    rows = {line.split()[0]: line for line in out.splitlines() if "/KH-UBND" in line}
    assert "⚠ mất tệp" in rows["01/KH-UBND"]
    assert "⚠" not in rows["02/KH-UBND"]
    assert "⚠ tệp đã đổi" in rows["03/KH-UBND"]
    assert "Cảnh báo: 2 văn bản đã ban hành không còn đúng tệp đã ghi sổ" in err
    assert f"số 01/KH-UBND: mất tệp «{outputs[0].resolve()}»" in err and "docs/so-van-ban.md" in err
