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
