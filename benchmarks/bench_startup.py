"""Start-up: ``vbhc --version`` wall time, and the modules that cost most at import."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from benchmarks.common import Measure, median_time, not_measured, so

MUC_TIEU = "`vbhc --version` dưới 0,3 s"
LIMIT_S = 0.3


def import_costs(limit: int = 8) -> list[tuple[str, float]]:
    """The top-level imports of ``vbhc.cli`` by cumulative time (ms), from ``python -X importtime``."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", "import vbhc.cli"],
                          capture_output=True, text=True, check=True)
    costs = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _self_us, cumulative_us, name = line.split(":", 1)[1].split("|")
        depth = (len(name) - len(name.lstrip(" ")) - 1) // 2
        if depth <= 1:
            costs.append((name.strip(), int(cumulative_us) / 1000))
    return sorted(costs, key=lambda c: -c[1])[:limit]


def run(work: Path, *, quick: bool) -> list[Measure]:
    ten = "Khởi động `vbhc --version`"
    repeats = 1 if quick else 7
    try:
        beside = Path(sys.executable).parent / "vbhc"
        exe = str(beside) if beside.is_file() else shutil.which("vbhc")
        command = ([exe, "--version"] if exe
                   else [sys.executable, "-c", "from vbhc.cli import main; main()", "--version"])
        took, _ = median_time(lambda: subprocess.run(command, capture_output=True, check=True), repeats)
        bare, _ = median_time(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), repeats)
        costs = import_costs()
    except Exception as error:
        return [not_measured(ten, MUC_TIEU, error)]
    detail = [
        f"Python trống (`python -c pass`): {so(bare * 1000, 0)} ms. "
        "Các import tốn nhất khi nạp `vbhc.cli` (`python -X importtime`, cộng dồn):",
        "",
        *(f"* `{name}`: {so(ms, 1)} ms" for name, ms in costs),
    ]
    own = max(took - bare, 0.0)
    return [Measure(ten, MUC_TIEU,
                    f"{so(took * 1000, 0)} ms (trung vị {repeats} lần); "
                    f"Python trống {so(bare * 1000, 0)} ms, "
                    f"phần của vbhc {so(own * 1000, 0)} ms",
                    LIMIT_S / took, took < LIMIT_S, "tỉ lệ = ngưỡng / thời gian đo", detail)]
