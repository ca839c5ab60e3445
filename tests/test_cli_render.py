"""The render, types and new commands as a user runs them: one line of Vietnamese, never a traceback."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, ke_hoach_source
from tests.docx_view import find, open_docx
from vbhc import nd30


def vbhc(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from vbhc.cli import main; main()", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_render_writes_the_docx_and_says_so(tmp_path, write_source):
    source = write_source(ke_hoach_source())
    result = vbhc("render", str(source), "-o", str(tmp_path / "kh.docx"))
    assert result.returncode == 0, result.stderr
    assert "Đã ghi" in result.stdout and "dự thảo" in result.stdout
    assert find(open_docx(tmp_path / "kh.docx"), "KẾ HOẠCH")


def test_bad_source_is_one_vietnamese_message_and_nothing_written(tmp_path, write_source):
    source = write_source(ke_hoach_source().replace("loai: ke_hoach", "loai: ke_hoac"))
    out = tmp_path / "kh.docx"
    result = vbhc("render", str(source), "-o", str(out))
    assert result.returncode == 1
    assert result.stderr.startswith("Lỗi: ") and "dòng 2, trường «loai»" in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


def test_missing_source_and_missing_output_folder(tmp_path, write_source):
    result = vbhc("render", str(tmp_path / "khong_co.md"))
    assert result.returncode == 1 and "không tìm thấy" in result.stderr
    source = write_source(ke_hoach_source())
    result = vbhc("render", str(source), "-o", str(tmp_path / "khong_co" / "kh.docx"))
    assert result.returncode == 2 and "không tồn tại" in result.stderr and "Traceback" not in result.stderr


def test_output_over_the_source_is_refused(tmp_path, write_source):
    source = write_source(ke_hoach_source(), name="van_ban.docx")
    before = source.read_bytes()
    result = vbhc("render", str(source), "-o", str(source))
    assert result.returncode != 0 and "trùng với tệp vào" in result.stderr
    assert source.read_bytes() == before


def test_types_lists_the_29_types_with_phu_luc_iii_abbreviations():
    result = vbhc("types")
    assert result.returncode == 0
    lines = result.stdout.splitlines()[1:]
    assert len(lines) == 29
    for key, abbreviation in (("ban_ghi_nho", "BGN"), ("ban_thoa_thuan", "BTT"), ("giay_nghi_phep", "GNP")):
        assert any(line.split()[:2] == [key, abbreviation] for line in lines)


@pytest.mark.parametrize("kind", ["ke-hoach", "cong-van", "quyet-dinh"])
def test_new_writes_a_starter_that_renders(tmp_path, kind):
    folder = tmp_path / "moi"
    result = vbhc("new", kind, str(folder))
    assert result.returncode == 0, result.stderr
    source = next(folder.glob("*.md"))
    result = vbhc("render", str(source), "-o", str(tmp_path / "out.docx"))
    assert result.returncode == 0, result.stderr
    assert find(open_docx(tmp_path / "out.docx"), nd30.QUOC_HIEU)
    again = vbhc("new", kind, str(folder))
    assert again.returncode == 1 and "không ghi đè" in again.stderr


def test_version_and_help():
    result = vbhc("--version")
    assert result.returncode == 0 and result.stdout.startswith("vbhc ")
    assert "render" in vbhc("--help").stdout


def test_rendering_works_from_an_installed_wheel(tmp_path):
    """Templates ship inside the wheel: render from an installed copy, outside the checkout."""
    wheel_dir = tmp_path / "wheel"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheel_dir), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    wheel = next(wheel_dir.glob("vbhc-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert {
        "vbhc/templates/ke_hoach.docx",
        "vbhc/templates/cong_van.docx",
        "vbhc/starters/ke_hoach.md",
    } <= set(names)
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        timeout=300,
    )
    source = tmp_path / "kh.md"
    source.write_text(ke_hoach_source(), encoding="utf-8")
    code = (
        # the checkout's editable install must not lend its modules to the installed copy
        "import sys; sys.meta_path[:] = [f for f in sys.meta_path if '__editable__' not in f.__module__];"
        "sys.path.insert(0, sys.argv[1]); import vbhc;"
        "assert vbhc.__file__.startswith(sys.argv[1]);"
        "vbhc.render(vbhc.load(sys.argv[2]), sys.argv[3])"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(target), str(source), str(tmp_path / "kh.docx")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert find(open_docx(tmp_path / "kh.docx"), "KẾ HOẠCH")


def test_exit_codes_set_by_a_command_reach_the_shell():
    import click

    from vbhc.cli.common import run

    @click.group()
    def group():
        pass

    @group.command()
    @click.pass_context
    def leave(ctx):
        ctx.exit(3)

    import sys as _sys

    argv, _sys.argv = _sys.argv, ["vbhc", "leave"]
    try:
        assert run(group) == 3
    finally:
        _sys.argv = argv
