"""``vbhc new``: a starter source for each of the 29 types that renders and passes the checker."""

from __future__ import annotations

import sys

import pytest

from vbhc import load, nd30, render
from vbhc.checker import check
from vbhc.cli import cli
from vbhc.cli.common import run
from vbhc.cli.render import starter_text

#: The types with a worked example (more than the generic starter).
WORKED = ("ke_hoach", "bao_cao", "cong_van", "quyet_dinh", "to_trinh", "thong_bao", "giay_moi", "bien_ban")


def vbhc(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["vbhc", *map(str, args)])
    code = run(cli)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("khoa", list(nd30.LOAI_VAN_BAN))
def test_every_type_has_a_starter_that_renders_and_passes_the_checker(monkeypatch, capsys, tmp_path, khoa):
    written = 0 if khoa.count("_") % 2 else 1  # both spellings: ke_hoach and ke-hoach
    kind = khoa if written else khoa.replace("_", "-")
    code, stdout, stderr = vbhc(monkeypatch, capsys, "new", kind, tmp_path / "moi")
    assert code == 0, stderr
    source = tmp_path / "moi" / f"{khoa}.md"
    assert stdout.startswith(f"Đã tạo {source}")
    van_ban = load(source)
    assert van_ban.loai == khoa
    out = render(van_ban, tmp_path / f"{khoa}.docx")
    report = check(out)
    assert not report.errors, "\n".join(str(f) for f in report.errors)


@pytest.mark.parametrize("khoa", WORKED)
def test_worked_examples_are_more_than_the_generic_starter(khoa):
    text = starter_text(khoa).decode("utf-8")
    assert f"loai: {khoa}" in text
    assert "Nêu căn cứ, mục đích ban hành" not in text


def test_help_lists_every_type_and_a_wrong_type_says_what_exists(monkeypatch, capsys, tmp_path):
    code, stdout, _ = vbhc(monkeypatch, capsys, "new", "--help")
    assert code == 0
    for loai in nd30.LOAI_VAN_BAN.values():
        assert f"{loai.khoa.replace('_', '-')} " in stdout and loai.ten in stdout
    code, _, stderr = vbhc(monkeypatch, capsys, "new", "ke-hoach-moi", tmp_path)
    assert code != 0
    assert "«ke-hoach-moi» không phải loại văn bản" in stderr and "to-trinh" in stderr


def test_readme_lists_every_starter():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = text.split("`vbhc new LOẠI THƯ_MỤC`", 1)[1].split("\n\n", 1)[0]
    for khoa in nd30.LOAI_VAN_BAN:
        assert f"`{khoa.replace('_', '-')}`" in section, khoa
