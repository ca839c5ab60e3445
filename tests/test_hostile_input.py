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
