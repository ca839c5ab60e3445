"""The README's quick start works as written after ``make demo``: activate the venv, then each line."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pdf_pages import require_soffice

ROOT = Path(__file__).resolve().parents[1]
ACTIVATE = ". .venv/bin/activate"


def quick_start() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Bắt đầu nhanh", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL).group(1)
    return [line.split("  #", 1)[0].strip() for line in block.splitlines() if line.strip()]


def test_make_demo_says_how_to_activate():
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    assert "echo" in recipe and ". $(BIN)/activate" in recipe
    assert "$(VENV)" in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_the_quick_start_runs_as_written(tmp_path):
    lines = quick_start()
    assert lines[0] == ACTIVATE  # activation comes first: vbhc lives only in .venv/bin
    activate = Path(sys.executable).parent / "activate"
    if not activate.is_file():
        pytest.skip("kiểm thử không chạy trong một venv")
    if any("--pdf" in line for line in lines):
        require_soffice()
    script = "set -e\n" + "\n".join([f". {activate}", *lines[1:]])
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    env["PATH"] = "/usr/bin:/bin"  # as a fresh shell: no vbhc until activated
    result = subprocess.run(
        ["bash", "-c", script], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "ke_hoach.docx").is_file()
    assert "Traceback" not in result.stderr
