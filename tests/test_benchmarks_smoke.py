"""The benchmark command still runs (small sizes, no timing assertions)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_benchmarks_quick_run_writes_every_line(tmp_path):
    results = tmp_path / "RESULTS.md"
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--results", str(results)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False,
    )
    assert done.returncode == 0, done.stderr
    text = results.read_text(encoding="utf-8")
    assert "## Máy đo" in text and "Python 3." in text and "docxtpl" in text
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| Phép đo")]
    titles = [row.split(" | ")[0] for row in rows if row.count(" | ") == 4]
    for expected in ("Trộn thư", "Kế hoạch có phụ lục", "Phụ lục", "PDF", "Khởi động", "Kiểm tra văn bản"):
        assert any(expected in title for title in titles), (expected, titles)
    for row in rows:
        if row.count(" | ") != 4:
            continue
        if row.startswith("| PDF") and shutil.which("soffice") is None:
            continue  # no LibreOffice on this machine: the PDF line says so
        assert "chưa đo" not in row, done.stdout  # every benchmark ran and measured something
        assert "×" in row  # with its ratio
    assert "vbhc" in done.stdout
    assert not (ROOT / "benchmarks" / "RESULTS.md").exists() or "--quick" not in (
        ROOT / "benchmarks" / "RESULTS.md"
    ).read_text(encoding="utf-8")  # the quick run never replaces the full results


def test_own_sections_survive_the_other_runs():
    """``--only scale`` replaces only its section of RESULTS.md; the default run keeps that section."""
    from benchmarks.__main__ import results_text
    from benchmarks.common import Measure

    def line(ten: str, figures: str) -> Measure:
        return Measure(ten, "mục tiêu", figures, 2.0, True)

    first = results_text("", {"merge": [line("Trộn thư", "2 s")]}, quick=False, seconds=1)
    scaled = results_text(first, {"scale": [line("Cách A", "10 s")]}, quick=False, seconds=1)
    assert scaled.startswith(first.rstrip()) and "| Cách A | 10 s |" in scaled
    again = results_text(scaled, {"merge": [line("Trộn thư", "3 s")]}, quick=False, seconds=1)
    assert "3 s" in again and "| 2 s |" not in again and "| Cách A | 10 s |" in again
    rescaled = results_text(again, {"scale": [line("Cách B", "9 s")]}, quick=False, seconds=1)
    assert "Cách A" not in rescaled and "| Cách B | 9 s |" in rescaled and "3 s" in rescaled
    assert rescaled.count("<!-- phần scale -->") == 1
