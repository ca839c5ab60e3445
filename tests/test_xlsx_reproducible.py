"""Every XLSX vbhc writes is reproducible: the same input gives the same bytes, run after run."""

from __future__ import annotations

import sys
import time
import zipfile
from datetime import date

from conftest import EXAMPLES, ROOT

from vbhc.cli import cli
from vbhc.cli.common import run
from vbhc.register import Register

KE_HOACH = EXAMPLES / "ke_hoach_cchc_2026"


def _vbhc(monkeypatch, *args: object) -> None:
    monkeypatch.setattr(sys, "argv", ["vbhc", *map(str, args)])
    assert run(cli) == 0


def _write_all(monkeypatch, folder, register) -> dict[str, bytes]:
    """The annex XLSX, the report summary XLSX and the register export, written by the CLI."""
    folder.mkdir()
    annex, summary, export = folder / "phu_luc.xlsx", folder / "tong_hop.xlsx", folder / "so.xlsx"
    _vbhc(monkeypatch, "annex", KE_HOACH / "nhiem_vu.xlsx", "--source", KE_HOACH / "ke_hoach.md", "-o", annex)
    tasks = ROOT / "data" / "tien_do.xlsx"
    _vbhc(monkeypatch, "report", tasks, "--as-of", "2026-11-30", "--xlsx", summary)
    _vbhc(monkeypatch, "register", "export", export, "--register", register)
    return {path.name: path.read_bytes() for path in (annex, summary, export)}


def test_two_runs_give_the_same_bytes(tmp_path, monkeypatch) -> None:
    register = tmp_path / "so.db"
    with Register(register) as store:
        store.reserve("UBND", nam=2026, loai="ke_hoach", ten_co_quan="ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG")
        store.update(1, nam=2026, ngay_chuyen=date(2026, 1, 15), noi_nhan="Sở Nội vụ")
    first = _write_all(monkeypatch, tmp_path / "a", register)
    time.sleep(1.1)  # the clock moves on: time stamps in docProps or the ZIP would differ now
    second = _write_all(monkeypatch, tmp_path / "b", register)
    for name, data in first.items():
        assert data == second[name], name
        with zipfile.ZipFile(tmp_path / "a" / name) as package:
            assert b"<dcterms:modified" in package.read("docProps/core.xml")
