"""What every benchmark shares: timing, the result record, the machine, number formatting."""

from __future__ import annotations

import gc
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata


@dataclass
class Measure:
    """One benchmark line: its target, what was measured, the ratio and whether the target is met."""

    ten: str  #: what was measured (Vietnamese)
    muc_tieu: str  #: the target (Vietnamese)
    do_duoc: str  #: the measured figures (Vietnamese)
    ti_le: float | None = None  #: baseline time / vbhc time
    dat: bool | None = None  #: None when it could not be measured
    ghi_chu: str = ""
    chi_tiet: list[str] = field(default_factory=list)  #: extra Markdown lines for RESULTS.md


def median_time(fn: Callable[[], object], repeats: int) -> tuple[float, list[float]]:
    """The median wall time of ``fn`` over ``repeats`` runs, and every run's time (seconds)."""
    times = []
    for _ in range(max(1, repeats)):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def so(value: float, digits: int = 2) -> str:
    """A number written the Vietnamese way: ``1.234,56``."""
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def cpu_name() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def soffice_version() -> str:
    try:
        from vbhc.writers.pdf import find_soffice

        soffice = find_soffice()
        if soffice is None:
            return "không có"
        out = subprocess.run([str(soffice), "--version"], capture_output=True, text=True, timeout=60)
        return out.stdout.strip() or "?"
    except Exception as error:  # the machine record must never stop a benchmark run
        return f"? ({type(error).__name__})"


def machine(*, with_soffice: bool) -> list[str]:
    """Markdown lines describing the machine and the library versions."""
    versions = []
    for package in ("docxtpl", "python-docx", "openpyxl", "lxml", "Jinja2", "pydantic"):
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} (không có)")
    lines = [
        f"* Thời điểm đo: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"* CPU: {cpu_name()}, {os.cpu_count()} lõi (dùng chung với các tiến trình khác trên máy)",
        f"* Hệ điều hành: {platform.platform()}",
        f"* Python {platform.python_version()} ({sys.implementation.name})",
        "* Thư viện: " + ", ".join(versions),
    ]
    if with_soffice:
        lines.append(f"* LibreOffice: {soffice_version()}")
    return lines


def not_measured(ten: str, muc_tieu: str, error: BaseException) -> Measure:
    """The line for a benchmark that could not run (a missing module, no LibreOffice …)."""
    return Measure(ten, muc_tieu, "—", None, None, f"chưa đo được: {type(error).__name__}: {error}")
