"""``python -m benchmarks [--quick] [--only merge,annex,xlsx,pdf,startup,check,warm,pool] [--results PATH]``.

The full run writes benchmarks/RESULTS.md; ``--quick`` (small sizes, seconds) writes nothing unless
``--results`` is given. No timing is ever asserted: the table says which targets are met.
The long benchmarks of :data:`OWN_SECTION` run only when named (``--only scale``); each writes its
own section of the file, which every other run keeps as it is.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import Measure, machine, so

#: name → module (each has ``run(work: Path, *, quick: bool) -> list[Measure]``)
BENCHMARKS = {
    "merge": "benchmarks.bench_merge",
    "annex": "benchmarks.bench_annex",
    "xlsx": "benchmarks.bench_xlsx",
    "pdf": "benchmarks.bench_pdf",
    "annex_pdf": "benchmarks.bench_annex_pdf",
    "startup": "benchmarks.bench_startup",
    "check": "benchmarks.bench_check",
    "warm": "benchmarks.bench_warm",
    "pool": "benchmarks.bench_pool",
    "incoming": "benchmarks.bench_incoming",
    "read": "benchmarks.bench_read",
    "scale": "benchmarks.bench_scale",
}
#: Run only when named in --only; each module has ``section(measures, quick=…)``, its part of the file.
OWN_SECTION = ("scale",)
_SECTION = re.compile(r"\n*<!-- phần (\w+) -->\n(.*?)<!-- hết phần \1 -->\n?", re.DOTALL)
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def verdict(measure: Measure, *, quick: bool = False) -> str:
    if quick and measure.dat is not None:
        return "không xét (cỡ nhỏ)"
    return {True: "đạt", False: "KHÔNG đạt", None: "chưa đo"}[measure.dat]


def markdown(measures: list[Measure], *, quick: bool, seconds: float) -> str:
    lines = [
        "# Kết quả đo hiệu năng vbhc",
        "",
        "Mỗi phép đo so vbhc với thư viện thuần làm cùng việc, trong cùng một lần chạy "
        f"(`python -m benchmarks{' --quick' if quick else ''}`, {so(seconds, 0)} s). "
        "Tỉ lệ = thời gian của thư viện thuần / thời gian của vbhc (lớn hơn là nhanh hơn).",
        "",
        "## Máy đo",
        "",
        *machine(with_soffice=any(m.ten.startswith("PDF") for m in measures)),
        "",
        "## Mục tiêu và kết quả",
        "",
        "| Phép đo | Mục tiêu | Đo được | Tỉ lệ | Kết quả |",
        "|---|---|---|---:|---|",
    ]
    for m in measures:
        ratio = f"{so(m.ti_le, 1)}×" if m.ti_le is not None else "—"
        lines.append(f"| {m.ten} | {m.muc_tieu} | {m.do_duoc} | {ratio} | {verdict(m, quick=quick)} |")
    notes = [m for m in measures if m.ghi_chu or m.chi_tiet]
    if notes:
        lines += ["", "## Chi tiết"]
        for m in notes:
            lines += ["", f"### {m.ten}", ""]
            if m.ghi_chu:
                lines += [m.ghi_chu.replace("\n", " "), ""]
            lines += m.chi_tiet
    if quick:
        lines += ["", "_Chạy nhanh (--quick): cỡ nhỏ, chỉ để kiểm tra các phép đo còn chạy được; "
                      "các con số không dùng để đánh giá mục tiêu._"]
    return "\n".join(lines).rstrip() + "\n"


def results_text(old: str, runs: dict[str, list[Measure]], *, quick: bool, seconds: float) -> str:
    """The new results file: the main table of this run (or the old one when only own-section
    benchmarks ran), then every own section, this run's replacing the old one."""
    kept = {match.group(1): match.group(2) for match in _SECTION.finditer(old)}
    for name in OWN_SECTION:
        if name in runs:
            kept[name] = importlib.import_module(BENCHMARKS[name]).section(runs[name], quick=quick)
    main = [m for name, measures in runs.items() if name not in OWN_SECTION for m in measures]
    head = markdown(main, quick=quick, seconds=seconds) if main else _SECTION.sub("", old)
    parts = [head.rstrip() or "# Kết quả đo hiệu năng vbhc"]
    for name in (n for n in OWN_SECTION if n in kept):
        parts.append(f"<!-- phần {name} -->\n{kept[name].rstrip()}\n<!-- hết phần {name} -->")
    return "\n\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description="Đo hiệu năng vbhc.")
    parser.add_argument("--quick", action="store_true", help="cỡ nhỏ, vài giây (kiểm tra trong CI)")
    parser.add_argument("--only", default=",".join(n for n in BENCHMARKS if n not in OWN_SECTION),
                        help="các phép đo, cách nhau bằng dấu phẩy: " + ", ".join(BENCHMARKS)
                        + " (" + ", ".join(OWN_SECTION) + " chỉ chạy khi được nêu tên)")
    parser.add_argument("--results", type=Path, default=None,
                        help="tệp Markdown ghi kết quả (mặc định benchmarks/RESULTS.md khi chạy đầy đủ)")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        parser.error("không có phép đo: " + ", ".join(unknown))
    started = time.perf_counter()
    runs: dict[str, list[Measure]] = {}
    for name in names:
        module = importlib.import_module(BENCHMARKS[name])
        with tempfile.TemporaryDirectory(prefix=f"vbhc-bench-{name}-") as work:
            print(f"… {name}", file=sys.stderr, flush=True)
            for measure in module.run(Path(work), quick=args.quick):
                runs.setdefault(name, []).append(measure)
                ratio = f"{so(measure.ti_le, 1)}×" if measure.ti_le is not None else "—"
                judged = verdict(measure, quick=args.quick)
                print(f"{measure.ten}: {measure.do_duoc} | tỉ lệ {ratio} | {judged}"
                      + (f" ({measure.ghi_chu})" if measure.ghi_chu else ""), flush=True)
    target = args.results if args.results is not None else (None if args.quick else RESULTS)
    if target is not None:
        from vbhc.files import write_bytes

        old = target.read_text(encoding="utf-8") if target.is_file() else ""
        text = results_text(old, runs, quick=args.quick, seconds=time.perf_counter() - started)
        write_bytes(target, text.encode("utf-8"))
        print(f"Đã ghi {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
