"""The mail-merge example: its build.sh (run by examples/demo.sh) writes one giấy mời per guest, each
with the guest's own words and the meeting date, and each passes the ND30 checker."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import docx
from openpyxl import load_workbook

from vbhc import nd30
from vbhc.checker import check
from vbhc.text import vi

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "giay_moi_hoi_nghi_cchc"


def _tool():
    tools = str(ROOT / "tools")
    sys.path.insert(0, tools)  # the tool imports its neighbour make_example_tasks
    try:
        path = f"{tools}/make_giay_moi_example.py"
        spec = importlib.util.spec_from_file_location("make_giay_moi_example", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(tools)
    return module


def _guests() -> list[dict[str, str]]:
    rows = list(load_workbook(EXAMPLE / "dai_bieu.xlsx").active.iter_rows(values_only=True))
    return [dict(zip(rows[0], map(str, row), strict=True)) for row in rows[1:]]


def _texts(path: Path) -> list[str]:
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts += [p.text for cell in row.cells for p in cell.paragraphs]
    return texts


def test_build_sh_merges_one_checked_giay_moi_per_guest(tmp_path: Path) -> None:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(["sh", str(EXAMPLE / "build.sh"), str(tmp_path)], capture_output=True, text=True,
                            env=env, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    guests = _guests()
    written = sorted(tmp_path.glob("*.docx"))  # where examples/demo.sh checks every document
    assert len(written) == len(guests) >= 2
    for path, guest in zip(written, guests, strict=True):
        assert guest["Họ và tên"] in path.name
        report = check(path)
        assert report.loai == vi.upper(nd30.LOAI_VAN_BAN["giay_moi"].ten)
        assert [f.thay for f in report.findings] == [], path.name
        texts = _texts(path)
        invited = (f"trân trọng kính mời: {guest['Danh xưng']} {guest['Họ và tên']}, {guest['Chức vụ']}, "
                   f"{guest['Đơn vị']}.")
        assert any(text.endswith(invited) for text in texts), texts
        assert "Thời gian: 08 giờ 00 phút, thứ Năm, ngày 22 tháng 01 năm 2026." in texts
        assert "Hùng Thắng, ngày 16 tháng 01 năm 2026" in texts
        assert not any("{{" in text or "}}" in text for text in texts)


def test_example_files_are_generated_reproducibly() -> None:
    tool = _tool()
    assert tool.template() == (EXAMPLE / "giay_moi.docx").read_bytes()
    assert tool.guests() == (EXAMPLE / "dai_bieu.xlsx").read_bytes()
